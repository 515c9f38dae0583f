"""Content loading and validation: every kind of bad file gives a precise, readable problem.

Bad files are written to tmp_path from a small valid content set defined here, so line
numbers are known; only `test_builtin_content_is_valid` looks at the real scenarios/ folder.
"""
from __future__ import annotations

import re
from pathlib import Path
from types import MappingProxyType

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.content import (
    BUILTIN_ROOT, MAX_FILE_BYTES, ContentError, Problem, list_builtin_scenarios, load_actions,
    load_catalogue, load_scenario, load_scenario_with_warnings, validate_paths,
)
from game.content.yaml_loader import parse_yaml_bytes
from game.engine.constants import FAILURE_IDS, INDICATORS, LESSON_IDS, ROLES, SUCCESS_IDS
from game.engine.scenario import Scenario


# --------------------------------------------------------------------------------------------
# A minimal valid content set
# --------------------------------------------------------------------------------------------
def _catalogue_yaml() -> str:
    lines = ["format: 1", "families:"]
    for fam in "ABCD":
        lines += [f"  - id: {fam}", f"    name: {{ko: 가족 {fam}, en: Family {fam}}}"]
    for key, ids in (("failures", FAILURE_IDS), ("lessons", LESSON_IDS),
                     ("success_conditions", SUCCESS_IDS)):
        lines.append(f"{key}:")
        for i in ids:
            lines.append(f"  - id: {i}")
            if key == "failures":
                lines.append(f"    family: {i[0]}")
            lines += [f"    name: {{ko: 이름 {i}, en: Name {i}}}",
                      f"    summary: {{ko: 요약 {i}, en: Summary {i}}}",
                      "    section: III.1(1)"]
    return "\n".join(lines) + "\n"


ACTIONS_YAML = """\
format: 1
actions:
  - id: local.build_centre
    role: local
    name: {ko: 센터 건립, en: Build a centre}
    description: {ko: 건물을 짓는다, en: Build a building}
    kind: hardware
    cost: 30
    delay: 1
    duration: 2
    effects: {industry: 2, idle_assets: 3}
    tags: [A2]
    section: III.1(2)
  - id: ministry.diagnose
    role: ministry
    name: {ko: 진단, en: Diagnose}
    description: {ko: 지역 진단, en: Regional diagnosis}
    kind: diagnosis
    cost: 20
    tags: [L1]
    section: IV.2
  - id: university.equipment_grant
    role: university
    name: {ko: 장비, en: Equipment}
    description: {ko: 장비 지원, en: Equipment grant}
    kind: hardware
    cost: 40
    repeatable: true
    requires: diagnosis
    section: III.1(2)
"""

CARDS_YAML = """\
format: 1
cards:
  - id: c-one
    theme: A2
    title: {ko: 장비, en: Equipment}
    text: {ko: 장비가 온다, en: Equipment arrives}
    deciders: [university, firms]
    section: III.1(2)
    options:
      - id: accept
        text: {ko: 받는다, en: Accept}
        tags: [A2]
        effects:
          region: {idle_assets: 8, innovation: 2}
          budgets: {university: 20}
          trust: {university-firms: -5}
          macro: -0.3
          funds: university.equipment_grant
        explain: {ko: 이유, en: Why}
      - id: refuse
        text: {ko: 거절, en: Refuse}
        tags: [L1]
  - id: c-welcome
    theme: positive
    title: {ko: 환영, en: Welcome}
    text: {ko: 시작, en: Start}
    deciders: [ministry]
    section: IV.2
    options:
      - id: listen
        text: {ko: 듣는다, en: Listen}
        tags: [L2]
      - id: ignore
        text: {ko: 무시, en: Ignore}
        tags: [D2]
"""

_ROLE_BLOCK = """\
  {role}:
    mandate: {{ko: 임무, en: Mandate}}
    agenda:
      text: {{ko: 의제, en: Agenda}}
      weights: {{programme_spend: 0.1}}
    objectives: {{innovation: 0.3, cohesion: 0.2}}
"""

SCENARIO_YAML = """\
format: 1
id: mini
name: {ko: 미니, en: Mini}
summary: {ko: 요약, en: Summary}
intro:
  facilitator: {ko: 진행, en: Facilitate}
  players: {ko: 참가자, en: Players}
rounds: 4
collapse_line: 30
designation_limit: 2
learning_goals:
  failures: [A1, A2]
  lessons: [L1]
region:
  name: {ko: 지역, en: Region}
  indicators: {industry: 45, absorptive: 30, capability: 25, network: 20, external: 15, innovation: 30, employment: 50, cohesion: 55, idle_assets: 10, lock_in: 20}
  macro: 0.0
  trust: 40
budgets:
  ministry: {start: 120, income: 80}
  local: {start: 30, income: 20}
  firms: {start: 60, income: 30}
  university: {start: 20, income: 15}
roles:
""" + "".join(_ROLE_BLOCK.format(role=r) for r in ROLES) + """\
deck: [c-one, c-two]
cards:
  - id: c-two
    theme: neutral
    title: {ko: 둘, en: Two}
    text: {ko: 둘째, en: Second}
    deciders: [local]
    section: IV.2
    options:
      - id: go
        text: {ko: 간다, en: Go}
        tags: [C3]
        effects: {region: {network: 3}, funds: local.build_centre}
      - id: stay
        text: {ko: 머문다, en: Stay}
        tags: [L3]
fixed_cards: {1: c-welcome}
triggers:
  - round: 3
    kind: macro_shock
    title: {ko: 충격, en: Shock}
    text: {ko: 경기 충격, en: A shock}
    effects: {region: {lock_in: 5}, macro: -0.5}
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A content root holding a valid catalogue, actions and one card file."""
    content = tmp_path / "content"
    (content / "cards").mkdir(parents=True)
    (content / "catalogue.yaml").write_text(_catalogue_yaml(), encoding="utf-8")
    (content / "actions.yaml").write_text(ACTIONS_YAML, encoding="utf-8")
    (content / "cards" / "shared.yaml").write_text(CARDS_YAML, encoding="utf-8")
    (content / "mini.yaml").write_text(SCENARIO_YAML, encoding="utf-8")
    return content


def line_of(text: str, fragment: str | tuple[str, int], nth: int = 1) -> int:
    """1-based line of the nth line containing `fragment` (or a (fragment, nth) pair)."""
    if isinstance(fragment, tuple):
        fragment, nth = fragment
    hits = [i for i, line in enumerate(text.splitlines(), 1) if fragment in line]
    return hits[nth - 1]


def col_of(text: str, fragment: str) -> int:
    line = text.splitlines()[line_of(text, fragment) - 1]
    return line.index(fragment) + 1


def write_scenario(root: Path, text: str, name: str = "mini.yaml") -> Path:
    path = root / name
    path.write_text(text, encoding="utf-8")
    return path


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.is_error]


def check(root: Path, text: str) -> list[Problem]:
    return validate_paths([write_scenario(root, text)], content_root=root)


def is_sentence(message: str) -> bool:
    return bool(re.match(r"^[a-zA-Z'(]", message)) and message.rstrip().endswith((".", "?"))


def only_error(problems: list[Problem]) -> Problem:
    errs = errors(problems)
    assert len(errs) == 1, "\n".join(map(str, problems))
    assert is_sentence(errs[0].message), errs[0].message
    return errs[0]


# --------------------------------------------------------------------------------------------
# A valid scenario loads into the right engine objects
# --------------------------------------------------------------------------------------------
def test_valid_minimal_scenario_loads(root: Path) -> None:
    assert validate_paths([root / "mini.yaml", root / "catalogue.yaml", root / "actions.yaml",
                           root / "cards" / "shared.yaml"], content_root=root) == []
    sc = load_scenario(str(root / "mini.yaml"), content_root=root)
    assert isinstance(sc, Scenario)
    assert sc.id == "mini" and sc.rounds == 4 and sc.collapse_line == 30.0
    assert sc.designation_limit == 2
    assert dict(sc.name) == {"ko": "미니", "en": "Mini"}
    assert sc.intro_players["en"] == "Players"
    assert sc.learning_failures == ("A1", "A2") and sc.learning_lessons == ("L1",)
    assert tuple(sc.indicators) == INDICATORS and sc.indicators["industry"] == 45
    assert sc.macro == 0.0 and sc.trust == 40
    assert set(sc.roles) == set(ROLES)
    assert sc.roles["ministry"].start_budget == 120 and sc.roles["ministry"].income == 80
    assert sc.roles["firms"].agenda_weights == {"programme_spend": 0.1}
    assert sc.roles["local"].objectives["cohesion"] == 0.2
    assert sc.deck == ("c-one", "c-two")
    assert set(sc.cards) == {"c-one", "c-two", "c-welcome"}
    assert sc.fixed_cards == {1: "c-welcome"}
    card = sc.cards["c-one"]
    assert card.deciders == ("university", "firms") and len(card.options) == 2
    effects = card.option("accept").effects
    assert effects.region == {"idle_assets": 8, "innovation": 2}
    assert effects.budgets == {"university": 20}
    assert effects.trust == {("firms", "university"): -5}   # pair ordered as in ROLES
    assert effects.macro == -0.3 and effects.funds == "university.equipment_grant"
    assert sc.cards["c-two"].option("go").effects.funds == "local.build_centre"
    assert [(t.round, t.kind, t.effects.macro) for t in sc.triggers] == [(3, "macro_shock", -0.5)]
    assert list(sc.actions) == ["local.build_centre", "ministry.diagnose",
                                "university.equipment_grant"]
    act = sc.actions["local.build_centre"]
    assert (act.cost, act.delay, act.duration, act.tags) == (30, 1, 2, ("A2",))
    assert sc.actions["ministry.diagnose"].duration == 1          # default
    assert sc.actions["university.equipment_grant"].requires == "diagnosis"
    assert sc.actions["university.equipment_grant"].repeatable is True
    assert sc.catalogue.entry("B2").family == "B"
    assert isinstance(sc.indicators, MappingProxyType)
    assert re.fullmatch(r"[0-9a-f]{64}", sc.content_hash)


def test_builtin_id_and_listing(root: Path) -> None:
    (root / "notes.yaml").write_text("format: 1\ncards: []\n", encoding="utf-8")  # not a scenario
    assert list_builtin_scenarios(content_root=root) == ["mini"]
    assert load_scenario("mini", content_root=root).id == "mini"
    with pytest.raises(ContentError) as info:
        load_scenario("nope", content_root=root)
    assert "no scenario 'nope'" in str(info.value) and "mini" in str(info.value)


def test_content_hash_covers_card_files(root: Path) -> None:
    first = load_scenario("mini", content_root=root).content_hash
    assert load_scenario("mini", content_root=root).content_hash == first
    card_file = root / "cards" / "shared.yaml"
    card_file.write_text(CARDS_YAML.replace("Equipment arrives", "Equipment comes"), "utf-8")
    assert load_scenario("mini", content_root=root).content_hash != first


def test_load_catalogue_and_actions(root: Path) -> None:
    assert set(load_catalogue(root).failures) == set(FAILURE_IDS)
    assert list(load_actions(root))[0] == "local.build_centre"


def test_scenario_elsewhere_uses_shared_content_plus_its_own_cards(root: Path, tmp_path: Path
                                                                   ) -> None:
    other = tmp_path / "facilitator"
    (other / "cards").mkdir(parents=True)
    (other / "cards" / "mine.yaml").write_text(
        CARDS_YAML.replace("c-one", "c-mine").replace("c-welcome", "c-hello"), "utf-8")
    text = SCENARIO_YAML.replace("id: mini", "id: region").replace("[c-one, c-two]",
                                                                 "[c-one, c-two, c-mine]")
    path = other / "region.yaml"
    path.write_text(text, "utf-8")
    sc, warnings = load_scenario_with_warnings(str(path), content_root=root)
    assert {"c-one", "c-mine", "c-two"} <= set(sc.cards) and warnings == []
    # A copied built-in card is fine; a changed one replaces the built-in card, with a warning.
    (other / "cards" / "copy.yaml").write_text(CARDS_YAML.replace("Equipment arrives", "Other"),
                                               "utf-8")
    sc, warnings = load_scenario_with_warnings(str(path), content_root=root)
    assert sc.cards["c-one"].text["en"] == "Other"
    assert [w.message for w in warnings] == [
        "the card 'c-one' replaces the built-in card with the same id."]


# --------------------------------------------------------------------------------------------
# Each kind of bad file
# --------------------------------------------------------------------------------------------
def test_yaml_syntax_error(root: Path) -> None:
    text = SCENARIO_YAML.replace("rounds: 4", "rounds: [4")
    p = only_error(check(root, text))
    assert "YAML syntax" in p.message
    # libyaml notices the unclosed '[' when the next key arrives.
    assert p.line == line_of(text, "collapse_line") and p.column == 14


def test_duplicate_key(root: Path) -> None:
    text = SCENARIO_YAML.replace("rounds: 4\n", "rounds: 4\nrounds: 5\n")
    p = only_error(check(root, text))
    assert (p.line, p.column) == (line_of(text, "rounds: 5"), 1)
    assert "duplicate key 'rounds'" in p.message
    assert f"line {line_of(text, 'rounds: 4')}" in p.message


def test_unknown_key_suggests_the_closest(root: Path) -> None:
    text = SCENARIO_YAML.replace("collapse_line: 30", "colapse_line: 30")
    p = only_error(check(root, text))    # and no second "missing collapse_line" error
    assert (p.line, p.column) == (line_of(text, "colapse_line"), 1)
    assert "unknown key 'colapse_line'" in p.message
    assert "did you mean 'collapse_line'?" in p.message


def test_wrong_type(root: Path) -> None:
    text = SCENARIO_YAML.replace("rounds: 4", "rounds: four")
    p = only_error(check(root, text))
    assert (p.line, p.column) == (line_of(text, "rounds: four"), 9)
    assert p.message == "'rounds' should be a whole number from 3 to 12, but it is the text 'four'."


def test_out_of_range_number(root: Path) -> None:
    text = SCENARIO_YAML.replace("rounds: 4", "rounds: 20")
    p = only_error(check(root, text))
    assert (p.line, p.column) == (line_of(text, "rounds: 20"), 9)
    assert p.message == "'rounds' must be from 3 to 12, but it is 20."


def test_dangling_card_reference(root: Path) -> None:
    text = SCENARIO_YAML.replace("deck: [c-one, c-two]", "deck: [c-one, c-twoo]")
    p = only_error(check(root, text))
    assert (p.line, p.column) == (line_of(text, "deck:"), col_of(text, "c-twoo"))
    assert "'c-twoo'" in p.message and "Did you mean 'c-two'?" in p.message


def test_missing_translation_is_a_warning_and_still_loads(root: Path) -> None:
    text = SCENARIO_YAML.replace("name: {ko: 미니, en: Mini}", "name: {ko: 미니}")
    write_scenario(root, text)
    sc, warnings = load_scenario_with_warnings("mini", content_root=root)
    assert dict(sc.name) == {"ko": "미니"}
    assert len(warnings) == 1
    w = warnings[0]
    assert w.severity == "warning" and w.line == line_of(text, "name: {ko: 미니}")
    assert "'en'" in w.message and "name of the scenario" in w.message
    assert str(w).startswith(f"{w.path}:{w.line}:{w.column}: warning: ")


def test_unknown_language_is_an_error(root: Path) -> None:
    text = SCENARIO_YAML.replace("name: {ko: 미니, en: Mini}", "name: {ko: 미니, eng: Mini}")
    problems = check(root, text)
    p = only_error(problems)
    assert "unknown language 'eng'" in p.message and "did you mean 'en'?" in p.message
    assert p.column == col_of(text, "eng:")


@pytest.mark.parametrize("content", ["", "\n\n", "# only a comment\n"])
def test_empty_file(root: Path, content: str) -> None:
    p = only_error(check(root, content))
    assert "empty" in p.message


def test_top_level_list(root: Path) -> None:
    p = only_error(check(root, "- format: 1\n- id: mini\n"))
    assert (p.line, p.column) == (1, 1)
    assert "top level" in p.message and "a list" in p.message


def test_alias_bomb_is_refused_without_expanding(root: Path) -> None:
    # Nine levels of ten: expanding it would build 10**9 strings. The reader must stop at the
    # very first anchor, so it never even parses the rest of the file.
    lines = ['a0: &a0 "lol"']
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    lines.append("bomb: *a9")
    p = only_error(check(root, "\n".join(lines) + "\n"))
    assert (p.line, p.column) == (1, 5)
    assert "anchors ('&a0') are not allowed" in p.message


def test_alias_without_anchor_is_refused(root: Path) -> None:
    text = SCENARIO_YAML.replace("deck: [c-one, c-two]", "deck: *cards")
    p = only_error(check(root, text))
    assert (p.line, p.column) == (line_of(text, "deck: *cards"), 7)
    assert "aliases ('*cards') are not allowed" in p.message


def test_oversized_file_is_refused_before_parsing(root: Path) -> None:
    path = root / "mini.yaml"
    with open(path, "wb") as fh:
        fh.write(b"# " + b"x" * MAX_FILE_BYTES + b"\n")
    [p] = validate_paths([path], content_root=root)
    assert p.line == 0 and "too large" in p.message and "2.0 MB" in p.message
    assert str(p) == f"{p.path}: {p.message}"


def test_non_utf8_file(root: Path) -> None:
    text = SCENARIO_YAML.replace("미니, en: Mini", "MINI, en: Mini")
    data = text.encode("utf-8").replace(b"MINI", "미니".encode("euc-kr"))
    path = root / "mini.yaml"
    path.write_bytes(data)
    p = only_error(validate_paths([path], content_root=root))
    assert "not UTF-8" in p.message
    assert (p.line, p.column) == (line_of(text, "MINI"), col_of(text, "MINI"))


def test_yaml_no_read_as_boolean_where_text_expected(root: Path) -> None:
    text = SCENARIO_YAML.replace("- id: stay", "- id: no")
    p = only_error(check(root, text))
    assert (p.line, p.column) == (line_of(text, "- id: no"), 13)
    assert p.message == ("'id' in option 'no' of card 'c-two' should be text, but YAML reads no "
                         "as the true/false value false; write 'no' in quotes.")
    # Quoted, it is a fine option id.
    assert errors(check(root, SCENARIO_YAML.replace("- id: stay", "- id: 'no'"))) == []


def test_all_problems_are_reported_at_once(root: Path) -> None:
    text = (SCENARIO_YAML.replace("rounds: 4", "rounds: 40")
            .replace("collapse_line: 30", "colapse_line: 30")
            .replace("deck: [c-one, c-two]", "deck: [c-one, c-nine]"))
    errs = errors(check(root, text))
    assert [p.line for p in errs] == [line_of(text, "rounds"), line_of(text, "colapse_line"),
                                      line_of(text, "deck:")]
    with pytest.raises(ContentError) as info:
        load_scenario("mini", content_root=root)
    assert len(str(info.value).splitlines()) == 3
    assert len(info.value.errors) == 3


def test_format_version(root: Path) -> None:
    p = only_error(check(root, SCENARIO_YAML.replace("format: 1\n", "")))
    assert "missing the required key 'format'" in p.message
    p = only_error(check(root, SCENARIO_YAML.replace("format: 1", "format: 2")))
    assert (p.line, p.column) == (1, 9) and "format 1" in p.message


def test_missing_file() -> None:
    [p] = validate_paths(["/no/such/file.yaml"])
    assert str(p) == "/no/such/file.yaml: file not found."


# A table of smaller checks: (replace this, with this, fragment on the reported line, message).
CASES = [
    ("id: mini", "id: other", "id: other", "must equal the file name 'mini'"),
    ("kind: macro_shock", "kind: macro_shok", "macro_shok", "did you mean 'macro_shock'?"),
    ("  - round: 3", "  - round: 5", "round: 5", "'round' in trigger #1 must be from 1 to 4"),
    ("{1: c-welcome}", "{7: c-welcome}", "fixed_cards", "must be from 1 to 4, but it is 7"),
    ("  lessons: [L1]", "  lessons: [L9]", "lessons: [L9]", "'L9' in 'lessons' in 'learning_goals' is not a known lesson id"),
    ("deciders: [local]", "deciders: [locals]", "deciders: [locals]", "did you mean 'local'?"),
    ("tags: [C3]", "tags: [C33]", "tags: [C33]", "is not a known tag; did you mean 'C3'?"),
    ("tags: [C3]", "tags: []", "tags: []", "needs at least one tag"),
    ("funds: local.build_centre", "funds: local.build_center", "funds:", "not in actions.yaml"),
    ("{network: 3}", "{network: 31}", "network: 31", "must be from -30 to 30, but it is 31"),
    ("{network: 3}", "{networks: 3}", "networks", "did you mean 'network'?"),
    ("section: IV.2\n    options:\n      - id: go", "section: 4\n    options:\n      - id: go",
     "section: 4", "write '4' in quotes"),
    ("  trust: 40", "  trust: 140", "trust: 140", "must be from 0 to 100"),
    ("  macro: 0.0", "  macro: yes", "macro: yes", "should be a number from -1 to 1"),
    ("  firms: {start: 60, income: 30}\n", "", "budgets:", "missing the required key 'firms'"),
    (", lock_in: 20}", "}", "indicators", "missing 'lock_in'"),
    ("      - id: stay\n        text: {ko: 머문다, en: Stay}\n        tags: [L3]\n", "",
     "options:", "card 'c-two' needs 2 to 3 options, but it has 1."),
    ("      - id: stay", "      - id: go", ("- id: go", 2), "option id 'go' is used twice"),
    ("lock_in: 5}, macro", "lock_in: 5}, trust: {firms-firms: 3}, macro", "firms-firms",
     "not a pair of two different roles"),
    ("{programme_spend: 0.1}", "{programme_spent: 0.1}", "programme_spent",
     "did you mean 'programme_spend'?"),
]


@pytest.mark.parametrize("old, new, where, fragment", CASES)
def test_scenario_checks(root: Path, old: str, new: str, where: str, fragment: str) -> None:
    assert old in SCENARIO_YAML
    text = SCENARIO_YAML.replace(old, new, 1)
    p = only_error(check(root, text))
    assert fragment in p.message, p.message
    assert p.line == line_of(text, where), str(p)


ACTION_CASES = [
    ("cost: 30", "cost: 3000", "cost: 3000", "'cost' in action 'local.build_centre' must be "
                                             "from 0 to 1000, but it is 3000."),
    ("cost: 30", "cost: 2.5", "cost: 2.5", "should be a whole number from 0 to 1000"),
    ("kind: hardware", "kind: hardwear", "hardwear", "did you mean 'hardware'?"),
    ("- id: ministry.diagnose", "- id: local.diagnose", "local.diagnose", "must start with its role"),
    ("- id: university.equipment_grant\n    role: university",
     "- id: local.build_centre\n    role: local", ("- id: local.build_centre", 2), "used twice"),
    ("requires: diagnosis", "requires: diagnosys", "diagnosys", "did you mean 'diagnosis'?"),
    ("repeatable: true", "repeatable: 1", "repeatable: 1", "should be true or false"),
    ("delay: 1", "delay: 9", "delay: 9", "must be from 0 to 5"),
    ("    effects: {industry: 2, idle_assets: 3}\n", "    efects: {industry: 2}\n", "efects",
     "did you mean 'effects'?"),
]


@pytest.mark.parametrize("old, new, where, fragment", ACTION_CASES)
def test_action_checks(root: Path, old: str, new: str, where: str, fragment: str) -> None:
    text = ACTIONS_YAML.replace(old, new, 1)
    (root / "actions.yaml").write_text(text, "utf-8")
    problems = errors(validate_paths([root / "actions.yaml"], content_root=root))
    assert len(problems) == 1, "\n".join(map(str, problems))
    assert fragment in problems[0].message and problems[0].line == line_of(text, where)


def test_inline_card_may_not_shadow_a_shared_one(root: Path) -> None:
    text = SCENARIO_YAML.replace("  - id: c-two", "  - id: c-one").replace("c-one, c-two]", "c-one]")
    p = only_error(check(root, text))
    assert "already used by a shared card" in p.message and "shared.yaml:3" in p.message
    assert (p.line, p.column) == (line_of(text, "  - id: c-one"), 9)


def test_duplicate_card_ids_across_files(root: Path) -> None:
    (root / "cards" / "zz-more.yaml").write_text(CARDS_YAML, "utf-8")
    problems = errors(validate_paths([root / "cards"], content_root=root))
    assert {p.path.endswith("zz-more.yaml") for p in problems} == {True}
    assert len(problems) == 2 and all("unique across all card files" in p.message for p in problems)


def test_catalogue_must_be_complete(root: Path) -> None:
    text = _catalogue_yaml().replace("  - id: B2\n    family: B\n", "  - id: B2\n    family: C\n")
    (root / "catalogue.yaml").write_text(text, "utf-8")
    p = only_error(validate_paths([root / "catalogue.yaml"], content_root=root))
    assert "belongs to family 'B'" in p.message


def test_broken_shared_file_blocks_loading(root: Path) -> None:
    (root / "actions.yaml").write_text(ACTIONS_YAML.replace("cost: 30", "cost: -1"), "utf-8")
    with pytest.raises(ContentError) as info:
        load_scenario("mini", content_root=root)
    assert "actions.yaml" in str(info.value) and "cost" in str(info.value)


@pytest.mark.parametrize("loader", [yaml.SafeLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader)])
def test_pure_python_and_libyaml_readers_agree(loader) -> None:
    cases = {
        b"a: 1\nb: no\na: 2\n": (3, 1, "duplicate key 'a'"),
        b"a: &x [1]\nb: *x\n": (1, 4, "anchors ('&x') are not allowed"),
        b"- 1\n": (1, 1, "top level"),
        b"a: !!python/object:os.system x\n": (1, 4, "tag"),
        b"a: .inf\n": (1, 4, "not a usable number"),
        b"a: 1\n---\nb: 2\n": (2, 1, "more than one YAML document"),
        b"a: " + b"[" * 100 + b"]" * 100 + b"\n": (1, 68, "nested more than 64 levels"),
    }
    for data, (line, column, fragment) in cases.items():
        [p] = parse_yaml_bytes(data, "x.yaml", loader_class=loader).problems
        assert (p.line, p.column) == (line, column) and fragment in p.message, str(p)
    root = parse_yaml_bytes("k: 'no'\nn: 3\n".encode(), "x.yaml", loader_class=loader).root
    assert [(k.raw, v.value, v.line, v.column) for k, v in root.items()] == [
        ("k", "no", 1, 4), ("n", 3, 2, 4)]


def test_problem_format() -> None:
    assert str(Problem("a.yaml", 3, 7, "error", "bad.")) == "a.yaml:3:7: bad."
    assert str(Problem("a.yaml", 3, 7, "warning", "hm.")) == "a.yaml:3:7: warning: hm."


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300)
       | st.text(alphabet="ab:-[]{}&*!'\" \n\t#|>,?~0yesno%@`", max_size=200).map(str.encode))
def test_reader_never_raises(data: bytes) -> None:
    result = parse_yaml_bytes(data, "x.yaml")
    # Either a mapping tree or problems (or a mapping with duplicate-key problems).
    assert (result.root is not None and result.root.kind == "map") or result.problems
    if result.root is not None:   # the checkers must not raise on arbitrary mappings either
        from game.content.schema import Checker, read_actions, read_scenario
        ck = Checker("x.yaml")
        read_actions(ck, result.root)
        read_scenario(ck, result.root, "x", {}, None, None)


# --------------------------------------------------------------------------------------------
# The real content (written by others; expected to fail until it is complete)
# --------------------------------------------------------------------------------------------
def test_builtin_content_is_valid() -> None:
    # Name the shared files and the tutorial explicitly, so a missing one is reported too.
    paths = [BUILTIN_ROOT / "catalogue.yaml", BUILTIN_ROOT / "actions.yaml",
             BUILTIN_ROOT / "tutorial.yaml", BUILTIN_ROOT]
    problems = validate_paths(paths)
    errs = errors(problems)
    assert not errs, "\n".join(map(str, errs))


@pytest.mark.parametrize("escape", [r"\e[31m", r"\a", r"\0", r"\r", r"\x9b"])
def test_control_characters_written_as_escapes_are_refused_with_their_place(escape):
    from game.content.yaml_loader import parse_yaml_bytes
    text = f'format: 1\nname: {{ko: "이름", en: "red{escape}text"}}\n'
    result = parse_yaml_bytes(text.encode("utf-8"), "s.yaml")
    assert result.root is None
    (p,) = [p for p in result.problems if p.is_error]
    assert p.line == 2 and "control character" in p.message


def test_terminal_output_drops_control_characters(capsys):
    from game.cli import _err, _out
    _out("name \x1b]0;owned\x07 end\ttab")
    _err("x\x1b[2Jy")
    out, err = capsys.readouterr()
    assert out == "name ]0;owned end\ttab\n" and err == "x[2Jy\n"


def test_an_empty_deck_needs_a_fixed_card_for_every_round(root: Path) -> None:
    # deck: [] with fixed cards for rounds 1 and 2 of 4 used to validate, then the game died in
    # round 3 ("the scenario's deck is empty")
    text = SCENARIO_YAML.replace("deck: [c-one, c-two]", "deck: []").replace(
        "fixed_cards: {1: c-welcome}", "fixed_cards: {1: c-welcome, 2: c-two}")
    p = only_error(check(root, text))
    assert p.line == line_of(text, "deck:") and "rounds 3, 4 have no fixed card" in p.message
    every = SCENARIO_YAML.replace("deck: [c-one, c-two]", "deck: []").replace(
        "fixed_cards: {1: c-welcome}", "fixed_cards: {1: c-welcome, 2: c-two, 3: c-one, 4: c-two}")
    assert errors(check(root, every)) == []
