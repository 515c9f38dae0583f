"""Korean that reads right: particles chosen by the word before them, no "(를)" left anywhere,
no English words in Korean text, one term per concept (the glossary in the catalogue)."""
from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po

from game import i18n
from game.content.loader import BUILTIN_ROOT
from game.i18n.korean import (CONSONANT, LEFTOVER, RIEUL, VOWEL, ParticleTemplate, attach,
                              fill, final_sound, has_particles, particle)

KO_PO = i18n.LOCALE_DIR / "ko" / "LC_MESSAGES" / "messages.po"


# --- the helper -------------------------------------------------------------------------------

@pytest.mark.parametrize("word, marker, expected", [
    # Hangul: a vowel, a consonant and ㄹ at the end
    ("혁신센터", "을(를)", "를"), ("산업단지 조성 사업", "을(를)", "을"), ("공동 연구실", "을(를)", "을"),
    ("혁신센터", "은(는)", "는"), ("산업단지 조성 사업", "은(는)", "은"), ("공동 연구실", "는", "은"),
    ("중앙부처", "이(가)", "가"), ("지방정부", "가", "가"), ("기업", "이(가)", "이"), ("대학", "가(이)", "이"),
    ("중앙부처", "과(와)", "와"), ("기업", "와(과)", "과"), ("공동 연구실", "과", "과"),
    ("혁신센터", "(으)로", "로"), ("산업단지 조성 사업", "(으)로", "으로"), ("공동 연구실", "(으)로", "로"),
    ("예산을 지키는 관료", "(으)로서", "로서"), ("단기 보조금 추구형", "(으)로서", "으로서"),
    ("대학", "으로써", "으로써"), ("물", "로부터", "로부터"),
    ("혁신센터", "(이)라는", "라는"), ("공동 연구실", "(이)라는", "이라는"), ("센터", "(이)었다", "였다"),
    ("사업", "이었다", "이었다"), ("센터", "이다", "다"), ("사업", "(이)나", "이나"),
    # numbers, read in Korean: 1 일, 3 삼, 10 십, 2.5 이 점 오, 100 백, 0 영, 1,000 천, 20,000 이만
    ("1", "을(를)", "을"), ("1", "(으)로", "로"), ("3", "을(를)", "을"), ("3", "(으)로", "으로"),
    ("2", "을(를)", "를"), ("10", "을(를)", "을"), ("10", "(으)로", "으로"), ("2.5", "을(를)", "를"),
    ("2.5", "(으)로", "로"), ("100", "이(가)", "이"), ("0", "은(는)", "은"), ("1,000", "과(와)", "과"),
    ("20,000", "을(를)", "을"), ("7", "(으)로", "로"), ("25", "를", "를"), ("−3.6", "이(가)", "이"),
    ("25%", "을(를)", "를"), ("10^12", "이(가)", "가"), ("1000000000000", "이(가)", "가"),
    # quoted names and brackets: the word inside counts
    ("'혁신센터'", "을(를)", "를"), ("“공동 연구실”", "(으)로", "로"), ("「지역 대학」", "이(가)", "이"),
    ("혁신센터(2곳)", "을(를)", "를"), ("(사업)", "은(는)", "은"), ("'먼저 진단한다'(L3)", "과(와)", "와"),
    # Latin ids and names: by the English name of the last letter, or the word's last sound
    ("C5", "을(를)", "를"), ("A1", "을(를)", "을"), ("L1", "(으)로", "로"), ("III.3(1)", "을(를)", "을"),
    ("IV.2", "을(를)", "를"), ("OECD", "이(가)", "가"), ("AI", "은(는)", "는"), ("L", "(으)로", "로"),
    ("M", "을(를)", "을"), ("Ulsan", "과(와)", "과"), ("Technopolis", "을(를)", "를"),
    ("tool", "(으)로", "로"), ("Daedeok", "이(가)", "이"), ("chart", "을(를)", "를"),
    # a lone consonant letter, and what cannot be read
    ("ㄹ", "(으)로", "로"), ("ㄱ", "(으)로", "으로"), ("", "을(를)", "을"),
])
def test_particle_follows_the_word_before_it(word, marker, expected):
    if word == "10^12":
        word = "1" + "0" * 12                   # 1조: a vowel
    assert particle(word, marker) == expected
    assert attach(word, marker) == word + expected


def test_final_sound_kinds():
    assert final_sound("가") == VOWEL and final_sound("각") == CONSONANT and final_sound("갈") == RIEUL
    assert final_sound("  혁신센터 ”). ") == VOWEL
    with pytest.raises(ValueError):
        particle("사과", "에게")                  # not a particle that changes


def test_fill_resolves_pairs_after_placeholders_only():
    t = "{role}이(가) '{option}'을(를) 골랐다. {action}(으)로 {amount}을(를) 옮겼다. {name}(이)라는 책(를)"
    out = fill(t, {"role": "중앙부처", "option": "진단부터", "action": "역량 강화", "amount": "25",
                   "name": "공동 연구실"})
    assert out == ("중앙부처가 '진단부터'를 골랐다. 역량 강화로 25를 옮겼다. 공동 연구실이라는 책(를)")
    out = fill(t, {"role": "기업", "option": "현장 조사", "action": "교육 사업", "amount": "10",
                   "name": "센터"})
    assert out.startswith("기업이 '현장 조사'를 골랐다. 교육 사업으로 10을 옮겼다. 센터라는")
    # a pair not right after a placeholder is left alone, and the checker sees it
    assert LEFTOVER.search(out)


def test_fill_is_str_format_for_plain_templates():
    params = {"role": "Local government", "amount": 12, "x": "{y}"}
    for t in ("{role} pays {amount}", "{{literal}} {role}", "{x} is not expanded again", "no fields"):
        assert fill(t, params) == t.format(**params)


@pytest.mark.parametrize("bad", ["{a.__class__}", "{a.__class__.__mro__}", "{a[0]}", "{0}", "{}",
                                 "{a!r}", "{a:>1999999999}", "{a:02x}"])
def test_fill_refuses_anything_but_plain_fields(bad):
    with pytest.raises(ValueError):
        fill(bad, {"a": "x"})
    with pytest.raises(ValueError):
        i18n.translate(bad, {"a": "x"}, "ko")
    with pytest.raises(ValueError):
        i18n.translate(bad, {"a": "x"}, "en")


def test_fill_missing_parameter_is_a_key_error():
    with pytest.raises(KeyError):
        fill("{role}이(가) 간다", {})


def test_translated_templates_resolve_particles_through_format_too():
    msgid = "{role} funds {action} for {cost}."
    t = i18n.gettext(msgid, "ko")
    assert isinstance(t, ParticleTemplate) and has_particles(t)
    assert t.format(role="중앙부처", action="교육 사업", cost=25) == "중앙부처가 교육 사업에 25를 투입했다."
    assert t.format_map({"role": "기업", "action": "교육 사업", "cost": 10}) == "기업이 교육 사업에 10을 투입했다."
    en = i18n.gettext(msgid, "en")
    assert type(en) is str and en == msgid
    assert i18n.translate(msgid, {"role": "Firms", "action": {"ko": "교육", "en": "Training"}, "cost": 3},
                          "en") == "Firms funds Training for 3."
    assert i18n.translate(msgid, {"role": "Firms", "action": {"ko": "교육", "en": "Training"}, "cost": 3},
                          "ko") == "기업이 교육에 3을 투입했다."


# --- every Korean template, rendered ---------------------------------------------------------

def _messages():
    catalog = read_po(open(KO_PO, "rb"), locale="ko")
    out = []
    for m in catalog:
        if not m.id:
            continue
        msgid = m.id if isinstance(m.id, str) else m.id[0]
        text = m.string if isinstance(m.string, str) else m.string[0]
        out.append((msgid, text))
    return out


MESSAGES = _messages()
_FIELDS = string.Formatter()


def _fields(template: str) -> list[tuple[str, str]]:
    return [(f, spec) for _l, f, spec, _c in _FIELDS.parse(template) if f is not None]


# Test words: a Hangul word ending in a vowel, one in a consonant, one in ㄹ, numbers, a quoted
# name, and a nested message (a parameter that is itself a message).
WORD_SETS = {
    "vowel": "혁신센터", "consonant": "기술 지원 사업", "rieul": "공동 연구실",
    "number 3": 3, "number 2.5": 2.5, "number 10": 10, "number 100": 100, "number 1": 1,
    "quoted": "'지역혁신센터'", "nested": {"msg": "Round {round}", "params": {"round": 2}},
    "content": {"ko": "진단부터 한다", "en": "Diagnose first"},
}
# Where a template hard-codes a particle after a placeholder, or resolves one wrongly, the
# word shows it: 혁신센터을, 기술 지원 사업를 …
WRONG = {
    "혁신센터": ("을", "은", "과", "으로", "이라는", "이었"),
    "기술 지원 사업": ("를", "는", "와", "로", "라는", "였"),
    "공동 연구실": ("를", "는", "와", "으로", "라는", "였"),
    "'지역혁신센터'": ("을", "은", "과", "으로"),
}

_BRACE = [(msgid, text) for msgid, text in MESSAGES if _fields(text)]
_PERCENT = [(msgid, text) for msgid, text in MESSAGES if re.search(r"%\(\w+\)[sdr]|%s", text)]


def test_the_catalogue_has_templates_to_render():
    assert len(_BRACE) > 300 and _PERCENT
    assert sum(has_particles(t) for _m, t in _BRACE) >= 40   # templates that use the pairs


def _render(msgid: str, text: str, value) -> str:
    fields = _fields(text)
    if any(spec for _f, spec in fields):
        # a template with a format spec ({byte:02x}) is filled by its caller with numbers
        return text.format(**{f: 171 for f, _s in fields})
    return i18n.translate(msgid, {f: value for f, _s in fields}, "ko")


@pytest.mark.parametrize("kind", list(WORD_SETS))
def test_every_korean_template_reads_right(kind):
    value = WORD_SETS[kind]
    problems = []
    for msgid, text in _BRACE:
        out = _render(msgid, text, value)
        if LEFTOVER.search(out):
            problems.append(f"a particle pair left: {out!r}")
        if isinstance(value, str) and value in WRONG:
            for form in WRONG[value]:
                if re.search(re.escape(value) + form + r"(?![가-힣])" if len(form) == 1 else
                             re.escape(value) + form, out):
                    problems.append(f"{value}{form}: {out!r}")
        bad = latin_words(out)
        if bad:
            problems.append(f"English words {bad}: {out!r}")
    assert not problems, "\n".join(problems[:20])


def test_argparse_templates_read_right():
    for msgid, text in _PERCENT:
        params = {k: "공동 연구실" for k in re.findall(r"%\((\w+)\)", text)}
        out = text % params if params else text.replace("%s", "공동 연구실")
        assert not LEFTOVER.search(out), out
        assert not latin_words(out), out


def test_templates_without_placeholders_read_right():
    for msgid, text in MESSAGES:
        if not _fields(text) and "%" not in text:
            assert not LEFTOVER.search(text), text
            assert not latin_words(text), (msgid, text)


def test_the_checks_can_fail():
    """The checks above find what they look for: a planted fallback, a hard-coded particle, an
    English word."""
    planted = fill("{role}을(를) 골랐다. 사과(를) 먹었다", {"role": "기업"})
    assert planted.startswith("기업을") and LEFTOVER.search(planted)
    hard = fill("{role}을 골랐다", {"role": "혁신센터"})
    assert re.search("혁신센터" + "을", hard)
    assert latin_words("'mapping' 키-값 목록(mapping)") == ["mapping"]
    assert latin_words("지역의 innovation 역량") == ["innovation"]
    assert latin_words("python main.py play --headless, 'fixed_cards', A1, L5, III.3(1), AI") == []


# --- no English words in Korean text ---------------------------------------------------------

# Latin script a Korean reader meets on purpose: acronyms used as words in Korean (AI, OECD, IT,
# BT, R&D, CIS, HTML, JSON, PNG, YAML, UTF-8, ID) and the keys of a keyboard; cited authors.
ALLOWED_WORDS = {"AI", "OECD", "IT", "BT", "R&D", "CIS", "HTML", "JSON", "PNG", "YAML", "UTF", "ID",
                 "id", "Enter", "Esc", "Tab", "Ctrl", "PgUp", "PgDn", "Schmitz"}
_QUOTED = re.compile(r"'[^'\n]*'|‘[^’\n]*’|<[^<>\n]*>")          # quoted ids, keys, values
_NOT_WORDS = [
    re.compile(r"\{\w+\}"),                                     # a content template's placeholders
    re.compile(r"python [^\n가-힣]*"),                           # a command to type
    re.compile(r"%\(\w+\)[sdr]|%s"),                            # argparse's own placeholders
    re.compile(r"--[a-z][\w-]*"),                               # command-line options
    re.compile(r"\([a-d]\)"),                                   # the lab's sections (a)–(d)
    re.compile(r"(?<![A-Za-z])[IV]+(?:\.\d+(?:\(\d+\))?)?(?![A-Za-z])"),  # sections: III.3(1), IV.2
    re.compile(r"(?<![A-Za-z])(?:[A-D][1-5]|[LS][1-5])(?![\dA-Za-z])"),  # failure, lesson, condition ids
]
_CODE = re.compile(r"[^\s,;()·]*[\d=:/.+_*\-\[\]]\S*")         # code-like tokens: file.yaml, F11, a=b
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z&]*")


def latin_words(text: str, code: bool = True) -> list[str]:
    """English (Latin-script) words in a Korean text that are neither ids, names nor code.
    Quoted words and code-like tokens count as ids in messages (YAML keys, values and commands
    to type), not in content texts (`code=False`)."""
    for pattern in ([_QUOTED] if code else []) + _NOT_WORDS + ([_CODE] if code else []):
        text = pattern.sub(" ", text)
    return [w for w in _LATIN_WORD.findall(text) if w not in ALLOWED_WORDS]


def _ko_texts():
    """Every Korean text field in the built-in content: (file, path, text)."""
    out = []

    def walk(node, path, name):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "ko" and isinstance(value, str):
                    out.append((name, path, value))
                else:
                    walk(value, f"{path}.{key}", name)
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{path}[{i}]", name)

    for path in sorted(Path(BUILTIN_ROOT).glob("*.yaml")) + sorted(Path(BUILTIN_ROOT).glob("cards/*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")), "", path.name)
    return out


KO_TEXTS = _ko_texts()


def test_content_texts_have_no_english_words_and_no_fallbacks():
    assert len(KO_TEXTS) > 500
    problems = [f"{name}{path}: {latin_words(text, code=False)}" for name, path, text in KO_TEXTS
                if latin_words(text, code=False)]
    problems += [f"{name}{path}: a particle pair left" for name, path, text in KO_TEXTS if LEFTOVER.search(text)]
    assert not problems, "\n".join(problems[:20])


# --- one term per concept --------------------------------------------------------------------

def _glossary():
    from game.content.loader import load_glossary
    return load_glossary()


def test_the_glossary_covers_the_panel_terms():
    glossary = _glossary()
    assert len(glossary) >= 30
    by_msgid = {t.msgid: t for t in glossary if t.msgid}
    from game.engine.labels import INDICATOR_LABELS, ROLE_LABELS
    for msgid in list(INDICATOR_LABELS.values()) + list(ROLE_LABELS.values()) + [
            "Competitiveness index", "collapse line"]:
        assert msgid in by_msgid, f"the glossary has no term for {msgid!r}"
    for msgid, term in by_msgid.items():
        # the panel shows the glossary's term
        assert i18n.gettext(msgid, "ko") == term.ko, msgid


def test_the_glossary_is_checked_with_the_catalogue(tmp_path):
    from game.content.loader import validate_paths
    text = (Path(BUILTIN_ROOT) / "catalogue.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "catalogue.yaml"
    bad.write_text(text + '  - term: {ko: "용어", en: "term"}\n    avod: ["변형"]\n', encoding="utf-8")
    problems = [p for p in validate_paths([bad]) if p.is_error]
    assert problems and "avod" in problems[0].message
    bad.write_text(text + "  - term: {ko: \"용어\", en: \"term\"}\n    avoid: 변형\n", encoding="utf-8")
    assert [p for p in validate_paths([bad]) if p.is_error]


def _violations(text: str, glossary) -> list[str]:
    preferred = sorted({t.ko for t in glossary} | {a for t in glossary for a in t.allow},
                       key=len, reverse=True)
    for term in preferred:
        text = text.replace(term, "\0")
    return [f"{v} (say {t.ko})" for t in glossary for v in t.avoid if v in text]


def test_no_variant_the_glossary_rules_out_appears():
    glossary = _glossary()
    problems = [f"msgstr {msgid!r}: {v}" for msgid, text in MESSAGES for v in _violations(text, glossary)]
    problems += [f"{name}{path}: {v}" for name, path, text in KO_TEXTS for v in _violations(text, glossary)]
    assert not problems, "\n".join(problems[:20])


def test_the_variant_check_can_fail():
    glossary = _glossary()
    assert _violations("수용능력이 낮은 지역", glossary)
    assert not _violations("정책수용능력이 낮은 지역", glossary)


def test_failure_family_names_are_the_glossarys():
    from game.content.loader import load_catalogue
    glossary = {t.en: t.ko for t in _glossary()}
    catalogue = load_catalogue()
    for fid, name in catalogue.families.items():
        assert glossary.get(name["en"]) == name["ko"], fid


def test_failure_and_lesson_names_are_quoted_as_the_catalogue_names_them():
    """A text that quotes a failure type or a lesson by name and id ('먼저 진단한다'(L1)) uses
    the catalogue's own name for it."""
    from game.content.loader import load_catalogue
    catalogue = load_catalogue()
    names = {i: e.name["ko"] for i, e in list(catalogue.failures.items()) + list(catalogue.lessons.items())}
    quoted = re.compile(r"'([^']+)'\(([A-D][1-5]|L[1-5])\)")
    problems = []
    for where, text in [(f"{n}{p}", t) for n, p, t in KO_TEXTS] + [(m, t) for m, t in MESSAGES]:
        for name, fid in quoted.findall(text):
            if name != names[fid]:
                problems.append(f"{where}: '{name}'({fid}), the catalogue says '{names[fid]}'")
    assert not problems, "\n".join(problems)
    assert len([1 for _n, _p, t in KO_TEXTS if quoted.search(t)]) >= 5
