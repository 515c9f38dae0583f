"""Fuzzing what a colleague's file can hold (issue 13): random mutations of a real save, a real
settings file and a real scenario never produce a traceback — every reader turns any problem into
its own error type with a sentence, or into the defaults. Hypothesis with a fixed number of
examples and no deadline (tests never depend on machine speed); each example is small.
"""
from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.content.loader import BUILTIN_ROOT, ContentError, load_scenario, load_scenario_text
from game.engine.constants import ROLES

FUZZ = settings(max_examples=40, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# any JSON value, a little nested: what a mutation puts in place of a node
JSON = st.recursive(st.none() | st.booleans() | st.integers(-10**6, 10**20) | st.floats(allow_nan=False)
                    | st.text(max_size=30),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                                 max_size=4),
                    max_leaves=12)


def _paths(node, prefix=()):
    """Every place in a JSON document: (path to it)."""
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, prefix + (i,))


def _replace(doc, path, value):
    if not path:
        return value
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return doc


@pytest.fixture(scope="module")
def save_text(tmp_path_factory):
    from game.headless import play_game
    from game.persistence.saves import save_game
    reasons: list = []
    state = play_game(load_scenario("tutorial"), 5, {"ministry": "normal"}, reasons=reasons)
    path = tmp_path_factory.mktemp("fuzz") / "g.json"
    seats = {r: {"kind": "ai", "level": "normal", "name": ""} for r in ROLES}
    save_game(path, state, scenario_ref="tutorial", seats=seats, ai_reasons=reasons[:30])
    return path.read_text(encoding="utf-8")


@FUZZ
@given(data=st.data())
def test_a_mutated_save_is_read_restored_and_debriefed_or_refused_with_a_sentence(save_text, tmp_path, data):
    from game.debrief.report import build_table, render_report
    from game.persistence.saves import SaveError, read_save, restore
    from game.session import GameSession
    doc = json.loads(save_text)
    places = list(_paths(doc))
    for _ in range(data.draw(st.integers(1, 3))):
        places = list(_paths(doc))
        path = data.draw(st.sampled_from(places))
        doc = _replace(doc, path, data.draw(JSON))
    file = tmp_path / "mutated.json"
    file.write_text(json.dumps(doc), encoding="utf-8")
    try:
        save = read_save(file)
        state = restore(save, load_scenario("tutorial"))
    except SaveError as exc:
        assert str(exc)                                  # a sentence, never a traceback
        return
    GameSession.resume(save, load_scenario("tutorial"))
    html = render_report([build_table(state, "t", save.seats, counterfactuals=False,
                                      ai_reasons=save.ai_reasons)], "en")
    assert "__class__" not in html and "Traceback" not in html


@FUZZ
@given(value=JSON)
def test_any_settings_file_gives_settings(data_dir, value):
    from game.ui.app import Settings
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "settings.json").write_text(json.dumps(value), encoding="utf-8")
    s = Settings.load("en")
    assert s.lang in ("ko", "en") and isinstance(s.large_text, bool) and s.timer_minutes in Settings.TIMER_CHOICES


SCENARIO_BYTES = (BUILTIN_ROOT / "tutorial.yaml").read_bytes()


@FUZZ
@given(data=st.data())
def test_a_mutated_scenario_file_validates_to_problems_never_a_crash(tmp_path, data):
    """Bytes cut, duplicated, replaced or inserted anywhere in the tutorial's file: loading it
    gives a scenario or a ContentError whose every problem is file:line:column and a sentence."""
    raw = bytearray(SCENARIO_BYTES)
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(raw) - 1))
        kind = data.draw(st.sampled_from(["cut", "dup", "byte", "text"]))
        if kind == "cut":
            del raw[at:at + data.draw(st.integers(1, 200))]
        elif kind == "dup":
            raw[at:at] = raw[at:at + data.draw(st.integers(1, 200))]
        elif kind == "byte":
            raw[at] = data.draw(st.integers(0, 255))
        else:
            raw[at:at] = data.draw(st.sampled_from(
                [b"&a ", b"*a", b"[", b"{", b": ", b"\n  - ", b"!!python/object ", b'"\\e"', b"\t", b"99999999999999999999",
                 b".nan", b"~", b"- ", "한".encode("utf-8")]))
    path = tmp_path / "tutorial.yaml"
    try:
        scenario, problems = load_scenario_text(bytes(raw), path)
    except ContentError as exc:
        problems = exc.problems
        scenario = None
    for p in problems:
        assert p.message and p.path
    assert scenario is not None or any(p.is_error for p in problems)
