"""Korean particles chosen by the word before them, and the safe template filler that uses them.

Korean particles change with the last sound of the word they follow: 을/를, 은/는, 이/가, 과/와,
으로/로 (a word ending in ㄹ takes 로), and the copula-like endings 이다/다, 이라는/라는, 이나/나 ….
A message template cannot know in advance which word a placeholder becomes, so a Korean
template writes the particle **in the usual paired notation right after the placeholder**:

    {role}이(가) {option}을(를) 골랐다.          → 지방정부가 진단부터 한다를 … / 기업이 …
    '{card}'에서 “{option}”을(를) 골랐다.         a closing quote or bracket may stand between
    {action}(으)로 {amount}을(를) 옮겼다.          → 역량 강화로 25를 … / 교육 사업으로 …
    {name}(이)라는 카드                             → 연구실이라는 / 센터라는

The pairs understood are 을(를) 은(는) 이(가) 과(와) 아(야) (either order, e.g. 를(을)), (으)로…
(으로서, 으로써, 으로부터 … too) and (이)… (이다, 이라는, 이나, 이며, 이고, 이었 → 였 …).
`fill` (used by `game.i18n.translate`) and the `.format()` of a translated template (see
`ParticleTemplate`) replace each pair with the form that fits the text the placeholder became;
a pair that does not follow a placeholder is left alone. English templates contain no pairs
and are filled exactly as `str.format` would fill their plain `{name}` fields.

How the last sound is found (`final_sound`):
- trailing spaces, closing quotes, brackets and punctuation are skipped (’'”"」』》〉)]}.,!?…),
  and a trailing "(…)" gloss after a Hangul word (quoted or not) is skipped too, as Korean
  writes it: "혁신센터(2곳)" reads 터, "'먼저 진단한다'(L1)" reads 다; after a digit or a letter
  the brackets belong to the id: "III.3(1)" reads 1;
- a Hangul syllable: its final consonant, (code − 0xAC00) % 28 (0: none, 8: ㄹ);
- a number is read in Korean: its last digit (1 일, 2 이, 3 삼, 4 사, 5 오, 6 육, 7 칠, 8 팔, 9 구),
  or for round numbers the last unit read (10 십, 100 백, 1,000 천, 10,000 만, 10⁸ 억, 10¹² 조),
  0 영; thousands separators are ignored and a decimal uses its last digit (2.5 → 오);
  "%" reads 퍼센트;
- Latin letters: an acronym or id (all capitals, or one or two letters: "AI", "C3", "OECD") by
  the English name of its last letter — L (엘) ends in ㄹ, M (엠) and N (엔) in a consonant,
  every other letter name in a vowel; a word in small letters by its last letters — l is ㄹ;
  m, n (and ng) a consonant; b, c, g, k, p, t after a vowel a consonant (bag 백, cat 캣) but
  after a consonant a vowel (desk 데스크, chart 차트); anything else a vowel (paper 페이퍼);
- a lone Hangul consonant letter (ㄱ 기역 …) ends in a consonant (ㄹ 리을 in ㄹ);
- anything else (an empty value, other scripts, symbols) is read as ending in a consonant.

The filler is deliberately narrow, because templates can reach it from a saved file: only plain
`{name}` fields (and `{{`/`}}` escapes) are allowed — no attribute access or indexing, no
positional fields, no conversions, no format specs (widths, precision). Anything else raises
ValueError before a value is touched; a missing parameter raises KeyError as `str.format` does.
"""
from __future__ import annotations

import re
import string
from functools import lru_cache
from typing import Mapping

VOWEL, CONSONANT, RIEUL = "vowel", "consonant", "rieul"

_CLOSERS = "’'”\"」』》〉)]}>.,!?…:; \t\n·"
_PAIRS = {  # marker → (after a consonant, after a vowel); ㄹ counts as a consonant here
    "을(를)": ("을", "를"), "를(을)": ("을", "를"),
    "은(는)": ("은", "는"), "는(은)": ("은", "는"),
    "이(가)": ("이", "가"), "가(이)": ("이", "가"),
    "과(와)": ("과", "와"), "와(과)": ("과", "와"),
    "아(야)": ("아", "야"), "야(아)": ("아", "야"),
}
_SINGLE = {"을": "을(를)", "를": "을(를)", "은": "은(는)", "는": "은(는)", "이": "이(가)",
           "가": "이(가)", "과": "과(와)", "와": "과(와)", "아": "아(야)", "야": "아(야)"}

# A pair written right after a placeholder (closing quotes or brackets may stand between).
_MARKER = re.compile(r"([’'”\"」』》〉)\]]*)(" + "|".join(re.escape(m) for m in _PAIRS)
                     + r"|\(으\)|\(이\))")
_HAS_MARKER = re.compile(r"\}[’'”\"」』》〉)\]]*(?:" + "|".join(re.escape(m) for m in _PAIRS)
                         + r"|\(으\)|\(이\))")
# What tests and reviewers look for in finished Korean text: a pair left unresolved.
LEFTOVER = re.compile(r"\((?:을|를|은|는|이|가|와|과|으|로|야|아)\)")

_DIGIT_SOUND = {"0": CONSONANT, "1": RIEUL, "2": VOWEL, "3": CONSONANT, "4": VOWEL, "5": VOWEL,
                "6": CONSONANT, "7": RIEUL, "8": RIEUL, "9": VOWEL}
_NUMBER = re.compile(r"(\d[\d,]*)(?:\.(\d+))?$")
_LATIN = re.compile(r"[A-Za-z]+$")
_HANGUL_GLOSS = re.compile(r"[\uac00-\ud7a3][’'”\"」』》〉]*\s*\([^()]*\)$")


def final_sound(word: object) -> str:
    """VOWEL, CONSONANT or RIEUL: how the text `word` ends when read aloud in Korean."""
    text = str(word)
    while text and text[-1] in _CLOSERS:
        if text[-1] == ")" and _HANGUL_GLOSS.search(text):
            text = text[:text.rindex("(")]            # "혁신센터(2곳)" reads as 혁신센터
        else:
            text = text[:-1]
    if not text:
        return CONSONANT
    ch = text[-1]
    code = ord(ch)
    if 0xAC00 <= code <= 0xD7A3:
        final = (code - 0xAC00) % 28
        return VOWEL if final == 0 else RIEUL if final == 8 else CONSONANT
    if 0x3131 <= code <= 0x314E:                      # a consonant letter: 기역, 니은, 리을 …
        return RIEUL if ch == "ㄹ" else CONSONANT
    if 0x314F <= code <= 0x3163:                      # a vowel letter: 아, 야 …
        return VOWEL
    if ch == "%":
        return VOWEL                                  # 퍼센트
    if ch.isascii() and ch.isdigit():
        return _number_sound(text)
    if ch.isascii() and ch.isalpha():
        return _latin_sound(_LATIN.search(text).group(0))
    return CONSONANT


def _number_sound(text: str) -> str:
    m = _NUMBER.search(text)
    whole, fraction = m.group(1).replace(",", ""), m.group(2)
    if fraction:
        return _DIGIT_SOUND[fraction[-1]]
    if whole.strip("0") == "":
        return CONSONANT                              # 영
    zeros = len(whole) - len(whole.rstrip("0"))
    if zeros == 0:
        return _DIGIT_SOUND[whole[-1]]
    if zeros % 4:
        return CONSONANT                              # 십, 백, 천
    return VOWEL if zeros // 4 == 3 else CONSONANT    # 만, 억, 조 (vowel), 경


def _latin_sound(word: str) -> str:
    if word.isupper() or len(word) <= 2:
        last = word[-1].upper()
        return RIEUL if last == "L" else CONSONANT if last in "MN" else VOWEL
    low = word.lower()
    last, before = low[-1], low[-2]
    if last == "l":
        return RIEUL
    if last in "mn" or low.endswith("ng"):
        return CONSONANT
    if last in "bcgkpt":
        return CONSONANT if before in "aeiouy" else VOWEL
    return VOWEL


def particle(word: object, marker: str) -> str:
    """The form of `marker` that follows `word`: particle("사과", "을") == "를".

    `marker` is a pair ("을(를)", "이(가)", "(으)로", "(이)라는" …) or one of its forms ("을" or
    "를", "은", "이" or "가" for the subject particle, "과", "으로" or "로", "으로서" …, "이다",
    "이라는", "이나" … for the copula family)."""
    sound = final_sound(word)
    marker = _normalise(marker)
    if marker in _PAIRS:
        after_consonant, after_vowel = _PAIRS[marker]
        return after_vowel if sound == VOWEL else after_consonant
    if marker.startswith("(으)"):
        rest = marker[3:]
        return rest if sound in (VOWEL, RIEUL) else "으" + rest
    if marker.startswith("(이)"):
        rest = marker[3:]
        if sound != VOWEL:
            return "이" + rest
        return "였" + rest[1:] if rest.startswith("었") else rest
    raise ValueError(f"not a Korean particle: {marker!r}")


def attach(word: object, marker: str) -> str:
    """`word` followed by the form of `marker` that fits it: attach("혁신센터", "을") == "혁신센터를"."""
    return f"{word}{particle(word, marker)}"


def _normalise(marker: str) -> str:
    if marker in _PAIRS or marker.startswith(("(으)", "(이)")):
        return marker
    if marker in _SINGLE:
        return _SINGLE[marker]
    if marker.startswith("으로"):
        return "(으)" + marker[1:]
    if marker.startswith("로"):
        return "(으)" + marker
    if marker.startswith("이") and len(marker) > 1:
        return "(이)" + marker[1:]
    raise ValueError(f"not a Korean particle: {marker!r}")


def has_particles(template: str) -> bool:
    """Whether a template writes a particle pair after one of its placeholders."""
    return bool(_HAS_MARKER.search(template))


_FORMATTER = string.Formatter()
_FIELD = re.compile(r"[^\W\d]\w*\Z")


def fill(template: str, params: Mapping[str, object]) -> str:
    """`template` with its plain `{name}` fields filled from `params` (values shown with
    `format(value, "")`, as `str.format` shows them) and each particle pair after a field
    resolved by the text before it. Raises ValueError for any other kind of field."""
    out: list[str] = []
    after_field = False
    for literal, field, _spec, _conversion in _parse(template):
        if literal:
            if after_field:
                literal = _resolve(out, literal)
            out.append(literal)
        after_field = False
        if field is None:
            continue
        value = params[field]
        out.append(value if isinstance(value, str) else format(value, ""))
        after_field = True
    return "".join(out)


_CACHE_LIMIT = 2000   # longer templates (none in the catalogue) are parsed each time, not kept


def _parse(template: str) -> tuple[tuple[str, str | None, str, str | None], ...]:
    return _parse_cached(template) if len(template) <= _CACHE_LIMIT else _parse_now(template)


def _parse_now(template: str) -> tuple[tuple[str, str | None, str, str | None], ...]:
    parts = []
    for literal, field, spec, conversion in _FORMATTER.parse(template):
        if field is not None and (not _FIELD.match(field) or spec or conversion):
            raise ValueError("a message template may only use plain {name} fields")
        parts.append((literal, field, spec, conversion))
    return tuple(parts)


_parse_cached = lru_cache(maxsize=4096)(_parse_now)


def _resolve(out: list[str], literal: str) -> str:
    m = _MARKER.match(literal)
    if m is None:
        return literal
    closers, marker = m.group(1), m.group(2)
    before = "".join(out[-2:]) + closers              # the field's text (and what came before it)
    rest = literal[m.end():]
    if marker in ("(으)", "(이)"):
        # the pair runs on into the literal: (으)로서, (이)라는 …
        word_end = re.match(r"[\uac00-\ud7a3]*", rest).group(0)
        if marker == "(으)" and not word_end.startswith("로"):
            return literal                            # (으)면 … is not a noun's particle
        form = particle(before, marker + word_end)
        return closers + form + rest[len(word_end):]
    return closers + particle(before, marker) + rest


class ParticleTemplate(str):
    """A translated template that writes particle pairs. Its `.format()` (and `.format_map()`)
    fill it with `fill`, so code that formats a translated string itself gets the particles
    right too; everything else behaves as the plain string."""

    __slots__ = ()

    def format(self, *args, **kwargs) -> str:  # noqa: A003 - str's own method name
        return fill(str(self), kwargs)            # positional fields are refused by fill

    def format_map(self, mapping) -> str:
        return fill(str(self), mapping)


def template(text: str) -> str:
    """`text` as a ParticleTemplate if it writes particle pairs after placeholders, else as is."""
    if "}" not in text:
        return text
    if len(text) > _CACHE_LIMIT:
        return ParticleTemplate(text) if has_particles(text) else text
    return _template_cached(text)


@lru_cache(maxsize=4096)
def _template_cached(text: str) -> str:
    return ParticleTemplate(text) if has_particles(text) else text
