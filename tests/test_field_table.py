"""The field table (game/content/fields.py) is the one description of the content format (scenario,
card, personality, action, catalogue and story files): the Checker validates from it, the editor's
bounds and the README's reference come from it, and it covers every key the built-in files use."""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from game.content import fields as F
from game.content.loader import BUILTIN_ROOT, list_builtin_scenarios, load_scenario_text, shared_library
from game.content.schema import (
    Checker, read_actions, read_card_file, read_catalogue, read_personalities, read_personality_map, read_story,
)
from game.content.yaml_loader import YNode, parse_yaml_bytes, read_yaml

SCENARIOS = [BUILTIN_ROOT / f"{sid}.yaml" for sid in list_builtin_scenarios()]
FILES: list[tuple[str, Path]] = (
    [("scenario", p) for p in SCENARIOS]
    + [("card", p) for p in sorted((BUILTIN_ROOT / "cards").glob("*.yaml"))]
    + [("personality", BUILTIN_ROOT / "personalities.yaml"), ("actions", BUILTIN_ROOT / "actions.yaml")]
    + [("catalogue", BUILTIN_ROOT / "catalogue.yaml"), ("story", BUILTIN_ROOT / "story.yaml")]
)
LIBRARY = shared_library()


def walk(file: str, node: YNode, path: tuple = ()):
    """(concrete path, node, row) of every node of a file, down to the table's leaves (a text,
    a number, a list of ids ...); KeyError for a key the table does not have."""
    row = F.spec(file, path) if path else None
    yield path, node, row
    if row is not None and row.kind not in ("map", "list", "maps"):
        return
    if node.kind == "map":
        for key, value in node.items():
            yield from walk(file, value, path + (key.value,))
    elif node.kind == "seq":
        for i, value in enumerate(node.value):
            yield from walk(file, value, path + (i,))


def instances() -> dict[tuple, list[tuple[str, Path, tuple, YNode]]]:
    """(row's file, row's path) -> where it occurs: (file kind, file, concrete path, node)."""
    out: dict[tuple, list] = {}
    for file, p in FILES:
        root = read_yaml(p).root
        assert root is not None, p
        for path, node, row in walk(file, root):
            if row is not None:
                out.setdefault((row.file, row.path), []).append((file, p, path, node))
    return out


INSTANCES = instances()


def check(file: str, path: Path, text: str):
    """The errors of a file kind's text, as its loader reports them."""
    if file == "scenario":
        return [p for p in load_scenario_text(text.encode("utf-8"), path, library=LIBRARY)[1] if p.is_error]
    ck = Checker(str(path))
    root = parse_yaml_bytes(text.encode("utf-8"), str(path)).root
    assert root is not None
    {"card": lambda: read_card_file(ck, root, None), "personality": lambda: read_personalities(ck, root, None),
     "actions": lambda: read_actions(ck, root), "catalogue": lambda: read_catalogue(ck, root),
     "story": lambda: read_story(ck, root, None)}[file]()
    return [p for p in ck.problems if p.is_error]


def replaced(text: str, node: YNode, value: str) -> str:
    """The text with one plain scalar (a number) written as `value`."""
    lines = text.split("\n")
    line, col = lines[node.line - 1], node.column - 1
    assert line[col:col + len(node.raw)] == node.raw
    lines[node.line - 1] = line[:col] + value + line[col + len(node.raw):]
    return "\n".join(lines)


def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else str(v)


# --- (a) every range the Checker enforces is the table's -----------------------------------------
RANGED = [s for s in F.FIELDS if s.low is not None and s.range_of == "value"]


def places(row: F.FieldSpec) -> list[tuple[str, Path, str, tuple, YNode]]:
    """(file kind, file, text, concrete path, node): the row's field in each kind of file that has
    it. An optional field no built-in file gives is added beside a sibling number, in the first
    mapping where its lowest value is then accepted (an `at_least` of a condition that names an
    indicator), on the next line or, in a {flow: mapping}, after the sibling."""
    out: dict[str, tuple] = {}
    for file, path, concrete, node in INSTANCES.get((row.file, row.path), []):
        out.setdefault(file, (file, path, path.read_text(encoding="utf-8"), concrete, node))
    if out:
        return list(out.values())
    for file, path, where, parent in INSTANCES[(row.file, row.path[:-1])]:
        sibling = next((v for _k, v in parent.items() if isinstance(v.value, (int, float))), None)
        if sibling is None:
            continue
        lines = path.read_text(encoding="utf-8").split("\n")
        if lines[parent.line - 1][parent.column - 1] == "{":
            line, end = lines[sibling.line - 1], sibling.column - 1 + len(sibling.raw)
            lines[sibling.line - 1] = line[:end] + f", {row.path[-1]}: {_num(row.low)}" + line[end:]
        else:
            lines.insert(sibling.line, " " * (sibling.key_at[1] - 1) + f"{row.path[-1]}: {row.low}")
        text = "\n".join(lines)
        concrete = where + (row.path[-1],)
        node = next(n for c, n, _r in walk(file, parse_yaml_bytes(text.encode("utf-8")).root) if c == concrete)
        if not [p for p in check(file, path, text) if (p.line, p.column) == (node.line, node.column)]:
            return [(file, path, text, concrete, node)]
    raise AssertionError(f"no place for {row.path}")


def _errors_at(file, path, text, node, value, low, high) -> tuple[list, list]:
    """(every error at the node, those stating the range low..high) with `value` written there."""
    errors = [p for p in check(file, path, replaced(text, node, _num(value)))
              if (p.line, p.column) == (node.line, node.column)]
    return errors, [p for p in errors if f"from {low} to {high}" in p.message]


@pytest.mark.parametrize("row", RANGED, ids=lambda s: f"{s.file}:{'.'.join(map(str, s.path))}")
def test_the_checker_enforces_each_rows_range(row, monkeypatch):
    """In every kind of file that has the field (a card file and a scenario's own cards, say):
    the row's ends are accepted and just outside them is an error at the value stating the range;
    and once the row's range is narrowed in the table, the old ends are refused with the new
    range. So the Checker's range is the table's, not a literal of its own."""
    found = places(row)
    assert found
    for file, path, text, concrete, node in found:
        high = row.high
        if row.high_from:           # a trigger's round: at most this scenario's `rounds`
            high = parse_yaml_bytes(text.encode("utf-8")).root.get(row.high_from[0]).value
        for value in (row.low, high):
            assert _errors_at(file, path, text, node, value, row.low, high)[0] == [], (concrete, value)
        for value in (row.low - 1, high + 1):
            errors, hits = _errors_at(file, path, text, node, value, row.low, high)
            assert hits, (file, path.name, concrete, value, [str(p) for p in errors])

    quarter = 1 if row.whole else (row.high - row.low) / 4
    narrow_low, narrow_high = row.low + quarter, row.high - quarter
    _patched(monkeypatch, row.file, row.path, low=narrow_low, high=narrow_high)
    assert F.bounds(row.file, row.path) == (narrow_low, narrow_high)
    for file, path, text, concrete, node in found:
        high = narrow_high
        if row.high_from:
            high = parse_yaml_bytes(text.encode("utf-8")).root.get(row.high_from[0]).value
        assert _errors_at(file, path, text, node, narrow_low, narrow_low, high)[0] == [], concrete
        for value in (row.low, high + 1 if row.high_from else row.high):
            errors, hits = _errors_at(file, path, text, node, value, narrow_low, high)
            assert hits, (file, path.name, concrete, value, [str(p) for p in errors])


CHOSEN = [s for s in F.FIELDS if s.kind in ("choice", "ids") and s.path != ("format",)]   # format: SUPPORTED_FORMATS


@pytest.mark.parametrize("row", CHOSEN, ids=lambda s: f"{s.file}:{'.'.join(map(str, s.path))}")
def test_the_checker_takes_each_rows_choices_from_the_table(row, monkeypatch):
    """A value a built-in file uses, once taken out of the row's choices, is refused there."""
    found = {}
    for file, path, concrete, node in INSTANCES.get((row.file, row.path), []):
        item = node if row.kind == "choice" else next(iter(node.value), None)
        if item is not None and file not in found:
            found[file] = (file, path, concrete, item)
    assert found, "no built-in file gives a value"
    for file, path, _concrete, item in found.values():
        assert not [p for p in check(file, path, path.read_text(encoding="utf-8"))
                    if (p.line, p.column) == (item.line, item.column)]
    for file, path, concrete, item in found.values():
        _patched(monkeypatch, row.file, row.path, choices=tuple(c for c in row.choices if c != item.value))
        errors = [p for p in check(file, path, path.read_text(encoding="utf-8"))
                  if (p.line, p.column) == (item.line, item.column)]
        assert errors and item.raw in errors[0].message, (file, path.name, concrete, item.raw)
        monkeypatch.undo()


NAMED = [s for s in F.FIELDS if s.path[-1] not in ("*", "#")]


@pytest.mark.parametrize("row", NAMED, ids=lambda s: f"{s.file}:{'.'.join(map(str, s.path))}")
def test_the_checker_allows_the_keys_the_table_gives(row, monkeypatch):
    """Every mapping's allowed keys are keys_of()'s, the rows under it (test (c) checks those
    against the files): a key a built-in file uses, once keys_of() leaves it out, is an unknown
    key there; and keys_of() lists it, required or optional as the row says."""
    found = {}
    for file, path, concrete, node in INSTANCES.get((row.file, row.path), []):
        found.setdefault(file, (file, path, concrete, node))
    if not found:
        assert not row.required
        return
    key = row.path[-1]
    keys_of = F.keys_of
    assert key in keys_of(row.file, row.path[:-1])[0 if row.required else 1]

    def without(file, path):
        required, optional = keys_of(file, path)
        if row in F.children(file, path):
            return tuple(k for k in required if k != key), tuple(k for k in optional if k != key)
        return required, optional

    monkeypatch.setattr(F, "keys_of", without)
    # a story `when:` names its tests in a sentence of its own
    tests = len(row.path) > len(F.WHEN) and row.path[:len(F.WHEN)] == F.WHEN
    unknown = (f"'{key}' in", "is not a known trigger") if tests else (f"unknown key '{key}'",)
    for file, path, concrete, node in found.values():
        errors = [p for p in check(file, path, path.read_text(encoding="utf-8")) if (p.line, p.column) == node.key_at]
        assert any(all(w in p.message for w in unknown) for p in errors), (file, path.name, concrete)


def test_fixed_cards_rounds_are_the_tables_and_at_most_rounds():
    path = BUILTIN_ROOT / "tutorial.yaml"
    text = path.read_text(encoding="utf-8")
    root = read_yaml(path).root
    rounds = root.get("rounds").value
    key = next(iter(root.get("fixed_cards").items()))[0]
    errors = check("scenario", path, replaced(text, key, str(rounds + 1)))
    assert any(p.line == key.line and f"from 1 to {rounds}" in p.message for p in errors), errors


def _patched(monkeypatch, file: str, path: tuple, **changes) -> F.FieldSpec:
    row = F.spec(file, path)
    new = dataclasses.replace(row, **changes)
    monkeypatch.setattr(F, "FIELDS", tuple(new if s is row else s for s in F.FIELDS))
    return new


PERSONALITY = """\
format: 1
personalities:
  local:
    - id: tester
      name: {ko: "시험", en: "Tester"}
      description: {ko: "시험", en: "Tester"}
      weights: {objectives: 1.0, agenda: 4}
      risk: 0.3
      temptation: 0.4
      honesty: 0.9
      favours: [local.training_programme]
"""


def _personalities(text: str):
    ck = Checker("p.yaml")
    root = parse_yaml_bytes(text.encode("utf-8")).root
    out = read_personality_map(ck, root.get("personalities"), "'personalities'", None)
    return out, [p for p in ck.problems if p.is_error]


def test_narrowing_the_personality_weights_narrows_the_checker_the_reference_and_the_editor(monkeypatch):
    path = ("personalities", "local", 0, "weights", "agenda")
    out, errors = _personalities(PERSONALITY)
    assert errors == [] and out["local"]["tester"].weights["agenda"] == 4
    assert F.bounds("scenario", path) == (0, 5) == F.bounds("personality", path)   # not the editor's old 0–3
    assert "| `personalities.<role>[].weights.<weight>` | number, 0 to 5;" in F.format_reference()

    _patched(monkeypatch, "personality", path, high=3)
    out, errors = _personalities(PERSONALITY)
    assert [e.message for e in errors] == ["'agenda' in 'weights' in personality 'tester' must be from 0 to 3, "
                                           "but it is 4."]
    assert "tester" not in out.get("local", {})
    assert F.bounds("personality", path) == (0, 3)
    assert F.bounds("scenario", path) == (0, 3)            # a scenario's own personalities too
    assert "| `personalities.<role>[].weights.<weight>` | number, 0 to 3;" in F.format_reference()


def test_narrowing_rounds_narrows_the_checker_the_reference_and_the_editor(monkeypatch):
    path = BUILTIN_ROOT / "tutorial.yaml"
    root = read_yaml(path).root
    text = replaced(path.read_text(encoding="utf-8"), root.get("rounds"), "10")
    assert check("scenario", path, text) == []
    assert F.bounds("scenario", ("rounds",)) == (3, 12)

    _patched(monkeypatch, "scenario", ("rounds",), high=8)
    errors = check("scenario", path, text)
    assert [p.message for p in errors] == ["'rounds' must be from 3 to 8, but it is 10."]
    assert errors[0].line == root.get("rounds").line
    assert F.bounds("scenario", ("rounds",)) == (3, 8)
    assert "| `rounds` | whole number, 3 to 8 |" in F.format_reference()


def test_defaults_and_required_keys_are_the_tables(monkeypatch):
    path = ("personalities", "*", "#", "noise")
    out, errors = _personalities(PERSONALITY)
    assert not errors and out["local"]["tester"].noise == 0.15 == F.default("personality", path)
    _patched(monkeypatch, "personality", path, default=0.25)
    out, errors = _personalities(PERSONALITY)
    assert not errors and out["local"]["tester"].noise == 0.25
    _patched(monkeypatch, "personality", path, default=F.REQUIRED)
    out, errors = _personalities(PERSONALITY)
    assert [e.message for e in errors] == ["personality 'tester' is missing the required key 'noise'."]


def test_a_scenarios_optional_defaults_are_the_tables():
    scenario = load_scenario_text((BUILTIN_ROOT / "tutorial.yaml").read_bytes(), BUILTIN_ROOT / "tutorial.yaml",
                                  library=LIBRARY)[0]
    raw = read_yaml(BUILTIN_ROOT / "tutorial.yaml").root
    for role, setup in scenario.roles.items():
        if raw.get("roles").get(role).get("score_scale") is None:
            assert setup.score_scale == F.default("scenario", ("roles", role, "score_scale")) == 1.0


# --- (b) the README's reference is the table's ----------------------------------------------------
def test_the_readme_reference_is_current():
    text = F.README.read_text(encoding="utf-8")
    assert F.readme_section(text) == F.format_reference(), (
        "scenarios/README.md is out of date: run python -m game.content.fields --write-readme")


def test_the_readme_examples_state_no_range_of_their_own():
    """Ranges are stated once, in the generated part; the examples' comments explain meaning."""
    text = F.README.read_text(encoding="utf-8").split(F.BEGIN)[0]
    for phrase in ("3–12", "0–1000", "-30…30", "-200…200", "-10…10", "-5…5", "0.1–10", "0–10000", "0–20", "1–4"):
        assert phrase not in text, phrase


# --- (c) the table covers the built-in files, and the built-in files the table ----------------------
def test_every_key_of_the_built_in_files_has_a_row():
    missing = []
    for file, p in FILES:
        root = read_yaml(p).root
        try:
            for _path, _node, _row in walk(file, root):
                pass
        except KeyError as exc:
            missing.append((p.name, str(exc)))
    assert missing == []


def test_every_required_row_occurs_in_a_built_in_file():
    absent = [(s.file, s.path) for s in F.FIELDS if s.required and (s.file, s.path) not in INSTANCES]
    assert absent == []


def test_keys_of_follows_the_shared_shapes():
    """A scenario's inline cards and trigger effects are a card file's rows; its personalities,
    personalities.yaml's."""
    assert F.spec("scenario", ("cards", 3, "options", 1, "effects", "trust", "firms-local")) is \
        F.spec("card", ("cards", "#", "options", "#", "effects", "trust", "*"))
    effects = ((), ("region", "budgets", "trust", "macro", "funds"))
    assert F.keys_of("scenario", ("triggers", 0, "effects")) == effects
    assert F.keys_of("card", ("cards", 0, "options", 0, "effects")) == effects
    assert F.spec("scenario", ("personalities", "ministry", 2, "honesty")).file == "personality"
    with pytest.raises(KeyError):
        F.spec("scenario", ("region", "indicators", "industry", "extra"))
    with pytest.raises(KeyError):
        F.spec("scenario", ("no_such_key",))


# --- problems carry the path of the node they are about --------------------------------------------
def test_every_node_knows_its_document_path():
    """The reader's paths are the ones the writer's position index gives each key and list item."""
    from game.content.writer import line_paths
    for _file, p in FILES:
        text = p.read_text(encoding="utf-8")
        root = parse_yaml_bytes(text.encode("utf-8")).root
        by_position: dict[tuple, list] = {}     # a list item's mapping starts where its first key does
        for line, col, path in line_paths(text):
            by_position.setdefault((line, col), []).append(path)
        stack = [root]
        while stack:
            node = stack.pop()
            pairs = node.value if node.kind == "map" else [(None, v) for v in node.value] if node.kind == "seq" else []
            for key, value in pairs:
                at = (key.line, key.column) if key is not None else (value.line, value.column)
                assert value.path in by_position[at], (p.name, at)
                if key is not None:
                    assert key.path == value.path
                stack.append(value)


def test_problems_are_placed_by_their_nodes_path_and_by_position_without_one():
    from game.content.writer import problem_paths
    path = BUILTIN_ROOT / "tutorial.yaml"
    root = read_yaml(path).root
    text = path.read_text(encoding="utf-8")
    objective = next(iter(root.get("roles").get("local").get("objectives").items()))
    text = replaced(text, objective[1], "9")
    lines = text.split("\n")
    rounds = root.get("rounds")
    lines.insert(rounds.line, "rounds: 7")            # a duplicate key: a position only
    text = "\n".join(lines)
    problems = load_scenario_text(text.encode("utf-8"), path, library=LIBRARY)[1]
    placed = {p.message.split(" must ")[0].split(" (")[0]: where for where, p in problem_paths(problems, text)}
    assert placed[f"'{objective[0].value}' in the objectives of 'local'"] == \
        ("roles", "local", "objectives", objective[0].value)
    duplicate = next(p for p in problems if "duplicate key" in p.message)
    assert duplicate.node_path is None
    assert dict((id(p), where) for where, p in problem_paths(problems, text))[id(duplicate)] == ("rounds",)


IDENTS = [s for s in F.FIELDS if s.kind == "ident"]


@pytest.mark.parametrize("row", IDENTS, ids=lambda s: f"{s.file}:{'.'.join(map(str, s.path))}")
def test_the_checker_matches_ids_with_the_tables_pattern(row, monkeypatch):
    file, path, concrete, node = INSTANCES[(row.file, row.path)][0]
    text = path.read_text(encoding="utf-8")
    assert not [p for p in check(file, path, text) if (p.line, p.column) == (node.line, node.column)]
    _patched(monkeypatch, row.file, row.path, pattern=r"^[A-Z]+\Z")      # no built-in id is upper case
    errors = [p for p in check(file, path, text) if (p.line, p.column) == (node.line, node.column)]
    assert errors and "is not a valid id" in errors[0].message, (path.name, concrete)


def test_a_bound_that_follows_another_field():
    assert F.high("scenario", ("triggers", 0, "round"), {("rounds",): 6}) == 6
    assert F.high("scenario", ("triggers", 0, "round")) == F.bounds("scenario", ("rounds",))[1] == 12
    assert F.high("scenario", ("rounds",), {("rounds",): 6}) == 12


def test_new_entries_are_built_from_the_table():
    from game.content.writer import new_entry
    trigger = new_entry("scenario", ("triggers", "#"), {"text": {}, "kind": "custom", "round": 2, "title": {}},
                        include=("effects",))
    assert list(trigger) == ["round", "kind", "title", "text", "effects"]      # the table's order
    assert trigger["effects"] == F.default("scenario", ("triggers", 0, "effects")) == {}
    option = new_entry("card", ("cards", "#", "options", "#"), {"id": "a", "text": {}, "tags": ["A1"]})
    assert list(option) == ["id", "text", "tags"]
    with pytest.raises(KeyError):
        new_entry("scenario", ("triggers", "#"), {"round": 2, "kind": "custom", "title": {}})   # no text
    with pytest.raises(KeyError):
        new_entry("card", ("cards", "#", "options", "#"), {"id": "a", "text": {}, "tags": [], "colour": 1})


# --- the AI's plans (personalities.yaml's deals: and baseline:) are rows like the others ------------
PLANS = """\
deals:
  ministry:
    sound:
      - {kind: grant, from: ministry, to: local, amount: 200, reason: tied_grant}
"""


def _plans_errors(text: str):
    from game.content.ai_plans import read_ai_plans
    ck = Checker("p.yaml")
    read_ai_plans(ck, dict((k.raw, v) for k, v in parse_yaml_bytes(text.encode("utf-8")).root.items()), None)
    return [p for p in ck.problems if p.is_error]


def test_narrowing_a_deals_amount_narrows_the_checker_and_the_reference(monkeypatch):
    text = PLANS
    path = ("deals", "ministry", "sound", 0, "amount")
    assert _plans_errors(text) == []
    assert F.bounds("personality", path) == (1, 200)
    _patched(monkeypatch, "personality", path, high=150)
    assert [p.message for p in _plans_errors(text)] == [
        "'amount' in deal #1 of 'sound' in the deals of 'ministry' must be from 1 to 150, but it is 200."]
    assert "| `deals.<role>.<mood>[].amount` | whole number, 1 to 150 |" in F.format_reference()
    assert F.bounds("personality", ("baseline", "local", "deals", 0, "amount")) == (1, 200)   # its own row


def test_the_plans_keys_are_the_tables():
    P = "personality"
    assert F.keys_of(P, ()) == (("format", "personalities"), ("deals", "baseline"))
    assert F.keys_of(P, ("deals", "firms")) == ((), ("sound", "short"))
    assert F.keys_of(P, ("baseline", "firms")) == ((), ("funds", "tempted_funds", "deals", "tempted_deals"))
    when = ((), ("indicator", "below", "at_least", "macro_below", "no_diagnosis", "budget_at_least",
                 "designations_below"))
    assert F.keys_of(P, ("baseline", "local", "funds", 3, "when")) == when
    assert F.keys_of(P, ("baseline", "local", "tempted_funds", 0, "when")) == when      # the same rows
    deal = ("deals", "ministry", "short", 0)
    assert F.keys_when(P, deal, "kind", "grant") == (("kind", "reason", "from", "to", "amount"),
                                                      ("tied_to", "budget_at_least"))
    assert F.keys_when(P, deal, "kind", "cofund") == (("kind", "reason", "action", "payer"), ("budget_at_least",))
    assert F.keys_when(P, ("baseline", "firms", "tempted_deals", 0), "kind", "cofund") == \
        (("kind", "action", "payer"), ("budget_at_least",))           # the baseline's deals give no reason


def test_the_deal_reasons_are_the_tables_choices():
    from game.content.ai_plans import DEAL_REASONS
    assert tuple(DEAL_REASONS) == F.spec("personality", ("deals", "*", "*", "#", "reason")).choices


def test_a_new_deal_has_the_keys_of_its_kind():
    from game.content.writer import new_entry
    at = ("deals", "*", "*", "#")
    grant = new_entry("personality", at, {"kind": "grant", "from": "ministry", "to": "local", "amount": 5,
                                          "reason": "tied_grant"})
    assert list(grant) == ["kind", "reason", "from", "to", "amount"]
    cofund = new_entry("personality", at, {"kind": "cofund", "reason": "cofund_trust", "payer": "firms",
                                           "action": "local.labour_council"})
    assert list(cofund) == ["kind", "reason", "action", "payer"]
    with pytest.raises(KeyError):
        new_entry("personality", at, {"kind": "grant", "reason": "tied_grant", "payer": "firms",
                                      "action": "local.labour_council"})


def test_the_personality_files_header_states_no_range_of_its_own():
    """Ranges and defaults are stated once, in the README's generated reference; the header's
    list of reasons is the table's."""
    text = (BUILTIN_ROOT / "personalities.yaml").read_text(encoding="utf-8")
    comments = "\n".join(line.split("#", 1)[1] for line in text.split("\n") if line.lstrip().startswith("#"))
    assert re.findall(r"-?\d+(?:\.\d+)?\s*(?:to|–|…|-)\s*-?\d", comments) == []
    assert re.findall(r"default \d", comments) == []
    listed = comments.split("one of:", 1)[1].split("(the sentences", 1)[0]
    assert tuple(w.strip(" ,#\n") for w in listed.split(",")) == \
        F.spec("personality", ("deals", "*", "*", "#", "reason")).choices


# --- catalogue.yaml and story.yaml are rows like the others ------------------------------------------
def test_the_catalogue_and_the_story_are_in_the_table_and_the_reference():
    """Both files are walked by the tests above (every key has a row, every row's range, choices
    and keys are the Checker's), and the README's reference lists their fields."""
    assert {"catalogue", "story"} <= set(F.FILES) and {"catalogue", "story"} <= {f for f, _p in FILES}
    reference = F.format_reference()
    assert "### `catalogue.yaml`" in reference and "### `story.yaml`" in reference
    assert "| `failures[].questions` | list, 1 to 4 items | optional |" in reference
    with pytest.raises(KeyError):
        F.spec("story", ("points", 0, "observations", 1, "colour"))
    with pytest.raises(KeyError):
        F.spec("catalogue", ("glossary", 0, "avoid", 0, "x"))


def test_the_catalogue_and_story_keys_are_the_tables():
    """The readers' key sets, as they were written in schema.py before the table had them."""
    K, T = "catalogue", "story"
    assert F.keys_of(K, ()) == (("format", "families", "failures", "lessons", "success_conditions"), ("glossary",))
    assert F.keys_of(K, ("failures", 3)) == (("id", "family", "name", "summary", "section"),
                                            ("explanation", "questions"))
    assert F.keys_of(K, ("lessons", 0)) == F.keys_of(K, ("success_conditions", 1)) == (
        ("id", "name", "summary", "section"), ("explanation", "questions"))
    assert F.keys_of(K, ("glossary", 2)) == (("term",), ("msgid", "avoid", "allow"))
    assert F.keys_of(T, ()) == (("format", "labels", "summary", "conditions", "points", "real_cases",
                                 "winner_at_cost"), ())
    assert F.keys_of(T, ("labels",)) == (F.STORY_LABELS, ())
    assert F.keys_of(T, ("summary",)) == (("index", "moves", "failures"), ())
    assert F.keys_of(T, ("conditions", 0)) == (("id", "section", "checks", "facts", "met", "partly", "not_met"), ())
    assert F.keys_of(T, ("conditions", 0, "met")) == F.keys_of(T, ("conditions", 0, "partly", 2)) == \
        F.keys_of(T, ("winner_at_cost",)) == (("when", "text"), ())
    assert F.keys_of(T, ("summary", "index", 0)) == F.keys_of(T, ("conditions", 1, "not_met")) == \
        (("text",), ("when",))
    assert F.keys_of(T, ("points", 0, "observations", 0)) == (("id", "when", "text"), ("section",))
    assert F.keys_of(T, ("real_cases", 4)) == (("id", "name", "section", "when", "text"), ())
    tests = F.keys_of(T, ("real_cases", 0, "when", 1))[1]
    assert set(tests) == set(F.STORY_TESTS) | {"fired_any", "fired_none", "funded_any", "funded_none"}


def test_every_when_of_the_story_has_the_same_tests():
    """A `when:` is a mapping of tests or a list of them, and so are `met:` and `partly:` of
    variants: a list's entries are the mapping's rows; every `when:` shares the first one's."""
    first = F.spec("story", F.WHEN + ("fired_any",))
    for path in (("summary", "moves", 0, "when", "fired_any"),
                 ("conditions", 2, "met", "when", 1, "fired_any"),
                 ("conditions", 0, "partly", 1, "when", 0, "fired_any"),
                 ("conditions", 3, "not_met", "when", "fired_any"),
                 ("points", 1, "observations", 2, "when", "fired_any"),
                 ("real_cases", 0, "when", 1, "fired_any"),
                 ("winner_at_cost", "when", 0, "fired_any")):
        assert F.spec("story", path) is first, path
    assert F.spec("story", ("conditions", 0, "partly", 1, "text")) is \
        F.spec("story", ("conditions", "#", "partly", "text"))
    assert F.spec("story", ("winner_at_cost", "when", 1, "index_change_at_most")).range_of == "value"
    assert F.bounds("story", ("real_cases", 0, "when", "designations_at_least")) == (-10000, 10000)


def _catalogue_errors(text: str):
    ck = Checker("catalogue.yaml")
    catalogue = read_catalogue(ck, parse_yaml_bytes(text.encode("utf-8")).root)
    return catalogue, [p for p in ck.problems if p.is_error]


def _with_questions(n: int) -> tuple[str, YNode]:
    """catalogue.yaml with failure A1's questions n long, and that list's node."""
    path = BUILTIN_ROOT / "catalogue.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    node = read_yaml(path).root.get("failures").value[0].get("questions")
    assert len(node.value) == 2
    first = node.value[0].line - 1                      # `- ko: ...` / `  en: ...`, two lines each
    entries = lines[first:first + 4]
    lines[first:first + 4] = (entries * 3)[:2 * n]
    if n == 0:
        lines[first - 1] += " []"                       # `questions: []`
    text = "\n".join(lines)
    return text, parse_yaml_bytes(text.encode("utf-8")).root.get("failures").value[0].get("questions")


def test_narrowing_the_number_of_discussion_questions_narrows_the_checker_and_the_reference(monkeypatch):
    path = ("failures", 0, "questions")
    for n in (1, 4):                            # the table's ends are accepted
        catalogue, errors = _catalogue_errors(_with_questions(n)[0])
        assert errors == [] and len(catalogue.failures["A1"].questions) == n
    for n in (0, 5):                            # and just outside them refused
        text, node = _with_questions(n)
        errors = _catalogue_errors(text)[1]
        assert [(p.line, p.column) for p in errors] == [(node.line, node.column)], n
        assert errors[0].message == (f"the discussion questions of failure 'A1' must be a list of 1 to 4 texts, "
                                     f"but it has {n}.")

    _patched(monkeypatch, "catalogue", path, min_items=2, max_items=3)
    for n in (1, 4):                            # the old ends are refused
        text, node = _with_questions(n)
        errors = _catalogue_errors(text)[1]
        assert [(p.line, p.column) for p in errors] == [(node.line, node.column)], n
        assert errors[0].message == (f"the discussion questions of failure 'A1' must be a list of 2 to 3 texts, "
                                     f"but it has {n}.")           # the sentence names the table's ends
    assert _catalogue_errors(_with_questions(3)[0])[1] == []
    assert "| `failures[].questions` | list, 2 to 3 items | optional |" in F.format_reference()
    assert F.spec("catalogue", ("lessons", 0, "questions")).max_items == 4      # a row of its own


def test_the_story_takes_its_required_keys_and_defaults_from_the_table(monkeypatch):
    path = BUILTIN_ROOT / "story.yaml"
    text = path.read_text(encoding="utf-8")
    assert check("story", path, text) == []
    _patched(monkeypatch, "story", ("summary", "*", "#", "when"), default=F.REQUIRED)
    errors = check("story", path, text)
    # each summary sentence's last variant has no `when`: it always holds
    assert [p.message for p in errors] == [f"an entry of '{s}' in 'summary' is missing the required key 'when'."
                                           for s in ("index", "moves", "failures")]
    monkeypatch.undo()
    _patched(monkeypatch, "story", ("points", "#", "observations", "#", "section"), default="IV.1")
    ck = Checker("story.yaml")
    story = read_story(ck, read_yaml(path).root, None)
    assert [o.section for p in story.points for o in p.observations] == ["IV.1"] * 7
