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
    shorter = dataclasses.replace(tutorial, rounds=3)
    with pytest.raises(SaveError, match="has changed"):
        restore(read_save(tmp_path / "g.json"), shorter)


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
