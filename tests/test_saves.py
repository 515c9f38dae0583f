"""Save files: save → load → replay gives the same state; bad saves give clear messages."""
from __future__ import annotations

import json

import numpy as np
import pytest

from game.engine import apply, current_player, legal_actions, new_game, scores
from game.headless import play_game
from game.persistence.saves import SaveError, read_save, restore, save_game


def test_save_load_replay_gives_the_same_finished_game(tutorial, tmp_path):
    state = play_game(tutorial, 21)
    path = tmp_path / "game.json"
    save_game(path, state, lang="en")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format_version"] == 1 and data["seed"] == 21
    assert data["scenario"] == {"id": "tutorial", "ref": "tutorial", "content_hash": tutorial.content_hash}
    again = restore(read_save(path), tutorial)
    assert np.array_equal(again.ind, state.ind)
    assert again.budgets == state.budgets
    assert scores(again) == scores(state)
    assert [e.msg for e in again.log] == [e.msg for e in state.log]
    assert [p.name for p in tmp_path.iterdir()] == ["game.json"]   # no temporary file left


def test_a_game_saved_mid_round_resumes_where_it_stopped(tutorial, tmp_path):
    state = new_game(tutorial, 8)
    for _ in range(7):
        state = apply(state, legal_actions(state, current_player(state))[0])
    save_game(tmp_path / "mid.json", state)
    again = restore(read_save(tmp_path / "mid.json"), tutorial)
    assert (again.round, again.phase, current_player(again)) == (state.round, state.phase, current_player(state))
    assert again.history == state.history


@pytest.mark.parametrize("content, expected", [
    (b'{"format_version": 1, "game": "cluster-policy-game", "scen', "damaged or incomplete"),
    (b"\xff\xfe\x00garbage", "damaged or incomplete"),
    (b'[1, 2, 3]', "not a save"),
    (b'{"format_version": 99, "game": "cluster-policy-game"}', "format 99 is not supported"),
    (b'{"format_version": 1, "game": "cluster-policy-game", "seed": 1}', "missing or malformed"),
    (b'{"format_version": 1, "game": "cluster-policy-game", "seed": 1, "scenario": {"id": "tutorial"},'
     b' "actions": [{"type": "Explode"}]}', "missing or malformed"),
])
def test_bad_saves_are_refused_with_a_sentence(tmp_path, content, expected):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(SaveError) as exc:
        read_save(path)
    assert expected in str(exc.value)
    assert str(path) in str(exc.value)


def test_missing_save_and_wrong_scenario(tutorial, tmp_path):
    with pytest.raises(SaveError, match="no such save file"):
        read_save(tmp_path / "nope.json")
    state = play_game(tutorial, 2)
    save_game(tmp_path / "g.json", state)
    save = read_save(tmp_path / "g.json")
    import dataclasses
    other = dataclasses.replace(tutorial, id="other")
    with pytest.raises(SaveError, match="belongs to scenario 'tutorial'"):
        restore(save, other)


def test_a_save_that_no_longer_fits_its_scenario_is_refused(tutorial, tmp_path):
    state = play_game(tutorial, 2)
    save_game(tmp_path / "g.json", state)
    import dataclasses
    shorter = dataclasses.replace(tutorial, rounds=3, content_hash="edited since")
    with pytest.raises(SaveError, match=r"has changed since this game was saved: move \d+ \(.+\) is no longer allowed"):
        restore(read_save(tmp_path / "g.json"), shorter)


def test_an_illegal_move_in_a_save_is_named_by_its_number_and_reason(tutorial, tmp_path):
    import json
    state = play_game(tutorial, 2)
    save_game(tmp_path / "g.json", state)
    data = json.loads((tmp_path / "g.json").read_text(encoding="utf-8"))
    first_fund = next(i for i, a in enumerate(data["actions"]) if a["type"] == "Fund")
    data["actions"][first_fund]["role"] = "university" if data["actions"][first_fund]["role"] != "university" else "firms"
    (tmp_path / "g.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(SaveError, match=rf"Move {first_fund + 1} of this save \(.+\) is not allowed: "):
        restore(read_save(tmp_path / "g.json"), tutorial)


def test_a_finished_game_is_kept_in_the_games_library(tmp_path):
    # The autosave slots rotate; a finished game also gets its own file in the games library,
    # which later games never delete, and which the debrief command reads.
    from game.content.loader import load_scenario
    from game.engine import is_over
    from game.persistence.autosave import Autosaver
    from game.engine.constants import ROLES
    from game.persistence.saves import read_save
    from game.session import GameSession, Seat
    sc = load_scenario("tutorial")
    kept = []
    for seed in (1, 2):
        saver = Autosaver(tmp_path / "autosave", slots=1)
        session = GameSession(sc, "tutorial", seed, {r: Seat(kind="ai", level="baseline") for r in ROLES},
                              autosaver=saver)
        while not is_over(session.state):
            session.advance_ai()
        session.autosave()
        assert session.kept is not None and session.kept.parent == saver.library == tmp_path / "autosave" / "games"
        kept.append(session.kept)
    assert kept[0] != kept[1] and all(p.exists() for p in kept)
    assert read_save(kept[0]).seed == 1 and read_save(kept[1]).seed == 2


def test_the_games_library_lists_its_games_by_scenario_newest_first(tmp_path):
    import os
    from game.content.loader import load_scenario
    from game.headless import play_game
    from game.persistence.autosave import library_games
    from game.persistence.saves import save_game
    folder = tmp_path / "games"
    for i, (sid, seed) in enumerate([("tutorial", 1), ("lagging-rural", 2), ("tutorial", 3)]):
        path = folder / f"{sid}-{seed}.json"
        save_game(path, play_game(load_scenario(sid), seed), scenario_ref=sid)
        os.utime(path, (1_000_000 + i, 1_000_000 + i))
    (folder / "not-a-save.json").write_text("{", encoding="utf-8")
    games = library_games(folder, "tutorial")
    assert [(g.scenario_id, g.seed) for g in games] == [("tutorial", 3), ("tutorial", 1)]
    assert all(g.moves > 50 for g in games)
    assert len(library_games(folder)) == 3
    assert library_games(tmp_path / "missing") == []


def test_a_tables_name_travels_through_the_save_into_the_library_file_name(tmp_path):
    from game.content.loader import load_scenario
    from game.engine import is_over
    from game.engine.constants import ROLES
    from game.persistence.autosave import Autosaver, library_games
    from game.persistence.saves import clean_table_name, read_save
    from game.session import GameSession, Seat
    sc = load_scenario("tutorial")
    saver = Autosaver(tmp_path / "autosave")
    session = GameSession(sc, "tutorial", 5, {r: Seat(kind="ai", level="baseline") for r in ROLES},
                          autosaver=saver, table=" 1조 (Table\\nA) \x1b[31m ")
    assert session.table == "1조 (Table\\nA) [31m"
    while not is_over(session.state):
        session.advance_ai()
    session.autosave()
    assert "-1조-Table-nA-31m-seed5" in session.kept.name
    assert read_save(session.kept).table == session.table
    (game,) = library_games(saver.library)
    assert game.table == session.table
    assert clean_table_name("x" * 100) == "x" * 40


def _hostile_copy(tmp_path, change):
    import json
    from game.content.loader import load_scenario
    from game.headless import play_game
    from game.persistence.saves import save_game
    path = tmp_path / "g.json"
    reasons: list = []
    from game.headless import play_game as pg
    state = pg(load_scenario("tutorial"), 3, {"ministry": "normal"}, reasons=reasons)
    save_game(path, state, scenario_ref="tutorial", ai_reasons=reasons)
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8")
    return path, len(reasons)


def test_a_saves_ai_reasons_are_data_never_a_format_string(tmp_path):
    """A reason whose message is not one of the game's own, or whose parameters are not plain
    data, is left out; the known ones are kept (issue 13: '{a.__class__.__mro__}' was evaluated,
    '{a:>1999999999}' exhausted memory)."""
    from game.persistence.saves import read_save

    def poison(data):
        good = data["ai_reasons"][0]
        data["ai_reasons"] += [
            {**good, "msg": "{a.__class__.__mro__}", "params": {"a": 1}},
            {**good, "msg": "{a:>1999999999}", "params": {"a": 1}},
            {**good, "params": {"x": {"__class__": "evil"}}},
            {**good, "index": -1},
            "not a reason",
        ]
    path, n = _hostile_copy(tmp_path, poison)
    save = read_save(path)
    assert n > 0 and len(save.ai_reasons) == n


@pytest.mark.parametrize("change", [
    lambda d: d.update(seed=-1), lambda d: d.update(seed=2**70), lambda d: d.update(seed="7"),
    lambda d: d.update(format_version="1"),
    lambda d: d["actions"].__setitem__(0, {"type": ["Fund"], "role": {"x": 1}}),
], ids=["negative-seed", "huge-seed", "seed-as-text", "format-as-text", "malformed-move"])
def test_malformed_fields_are_a_sentence_not_a_crash(tmp_path, change):
    from game.persistence.saves import SaveError, read_save
    path, _n = _hostile_copy(tmp_path, change)
    with pytest.raises(SaveError) as exc:
        read_save(path)
    assert str(path) in str(exc.value)


@pytest.mark.parametrize("text", ['{"game": "cluster-policy-game", "format_version": 1, "seed": '
                                  + "9" * 5000 + "}",
                                  "[" * 100000 + "]" * 100000], ids=["5000-digits", "deep"])
def test_hostile_json_is_a_damaged_save(tmp_path, text):
    from game.persistence.saves import SaveError, read_save
    path = tmp_path / "x.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SaveError):
        read_save(path)


def test_seats_keep_only_known_keys_and_text(tmp_path):
    from game.persistence.saves import read_save

    def seats(data):
        data["seats"] = {"ministry": {"kind": "human", "name": "Kim", "extra": 1, "level": 5},
                         "nobody": {"kind": "ai"}, "firms": "a string"}
    path, _n = _hostile_copy(tmp_path, seats)
    assert read_save(path).seats == {"ministry": {"kind": "human", "name": "Kim"}}


def test_a_saves_scenario_reference_points_only_where_a_save_may(tmp_path, data_dir, capsys):
    """ref: ../../etc/passwd is refused with a sentence that quotes nothing of that file; a
    built-in id, a file in the user's scenarios folder and one beside the save are found."""
    import json
    import shutil
    from game.cli import main
    from game.content.loader import BUILTIN_ROOT
    from game.persistence.saves import SaveError, read_save, scenario_ref_for
    secret = tmp_path / "secret.yaml"
    secret.write_text("password: hunter2\n  broken: [\n", encoding="utf-8")

    def point(ref):
        def change(data):
            data["scenario"]["ref"] = ref
        return change
    path, _n = _hostile_copy(tmp_path, point(str(secret)))
    with pytest.raises(SaveError):
        scenario_ref_for(read_save(path.rename(tmp_path / "elsewhere.json")), tmp_path / "sub" / "x.json")
    bad, _n = _hostile_copy(tmp_path, point("../../../../../.." + str(secret)))
    (tmp_path / "saves").mkdir()
    moved = bad.rename(tmp_path / "saves" / "bad.json")
    assert main(["--lang", "en", "replay", str(moved)]) != 0
    err = capsys.readouterr().err
    assert "hunter2" not in err and "password" not in err and "scenarios folder" in err
    # beside the save, and in the user's folder, by the file's name
    mine = tmp_path / "saves" / "my-region.yaml"
    shutil.copy(BUILTIN_ROOT / "tutorial.yaml", mine)
    ok, _n = _hostile_copy(tmp_path / "saves", point("/somewhere/else/my-region.yaml"))
    assert scenario_ref_for(read_save(ok), ok) == str(mine)
    tut, _n = _hostile_copy(tmp_path, point("tutorial"))
    assert scenario_ref_for(read_save(tut), tut) == "tutorial"


def test_a_device_is_never_read_as_a_save_nor_replaced_by_one(tmp_path):
    import os
    from game.persistence.saves import SaveError, read_save, write_atomic
    with pytest.raises(SaveError):
        read_save("/dev/zero")                      # would read forever
    with pytest.raises(SaveError):
        read_save(tmp_path)                         # a folder
    with pytest.raises(OSError):
        write_atomic("/dev/null", b"{}")            # renaming over it would replace the device
    assert os.path.exists("/dev/null") and not os.path.isfile("/dev/null")


@pytest.mark.parametrize("move", [
    {"type": "Cancel", "role": "local", "programme_uid": []},
    {"type": "Fund", "role": ["local"], "action_id": "local.build_centre"},
    {"type": "RespondDeal", "role": "firms", "deal_id": "1", "accept": True},
    {"type": "RespondDeal", "role": "firms", "deal_id": 1, "accept": 1},
    {"type": "Fund", "role": "local", "action_id": "x" * 5000},
], ids=["list-uid", "list-role", "text-number", "int-bool", "huge-id"])
def test_a_move_with_a_field_of_the_wrong_type_is_a_damaged_save(tmp_path, move):
    from game.persistence.saves import SaveError, read_save
    path, _n = _hostile_copy(tmp_path, lambda d: d["actions"].__setitem__(3, move))
    with pytest.raises(SaveError):
        read_save(path)
