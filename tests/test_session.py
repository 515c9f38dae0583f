"""A hot-seat session without a window: AI seats move, humans are waited for, autosave resumes."""
from __future__ import annotations

import json

from game.engine import legal_actions
from game.engine.actions import EndNegotiation, EndTurn
from game.persistence.autosave import Autosaver
from game.session import GameSession, Seat


def _human_move(session):
    """A simple human: first legal move, but end negotiation/turn instead of proposing."""
    s = session.state
    for role in session.human_roles():
        legal = legal_actions(s, role)
        if not legal:
            continue
        for a in legal:
            if isinstance(a, (EndNegotiation, EndTurn)):
                return a
        return legal[0]
    raise AssertionError("no human can move, yet the AIs stopped")


def test_ai_seats_play_until_a_human_must_act(tutorial, tmp_path):
    seats = {"local": Seat("human", name="Mina")}
    session = GameSession(tutorial, "tutorial", 3, seats, autosaver=Autosaver(tmp_path))
    moves = 0
    while session.state.phase != "game_over":
        session.advance_ai()
        if session.state.phase == "game_over":
            break
        assert session.next_ai_mover() is None
        session.act(_human_move(session))
        moves += 1
    assert moves > 6
    assert all(e.kind != "decision" or e.data["role"] in ("local", "ministry", "firms", "university")
               for e in session.state.log)


def test_autosave_resumes_exactly_and_survives_a_damaged_slot(tutorial, tmp_path):
    saver = Autosaver(tmp_path, slots=3)
    session = GameSession(tutorial, "tutorial", 5, {"firms": Seat("human")}, autosaver=saver)
    for _ in range(12):
        session.advance_ai()
        session.act(_human_move(session))
    (game,) = tmp_path.iterdir()                 # this game's own folder
    files = sorted(game.iterdir())
    assert 1 <= len(files) <= 3
    save, problems = saver.latest()
    assert problems == []
    again = GameSession.resume(save, tutorial, saver)
    assert again.state.history == session.state.history
    assert again.seats["firms"].human and not again.seats["local"].human
    newest = files[-1]
    newest.write_text('{"format_version": 1, "game": "cluster-', encoding="utf-8")   # torn write
    save, problems = Autosaver(tmp_path).latest()
    assert len(problems) == 1 and "damaged" in problems[0]
    assert save is not None and len(save.actions) < len(session.state.history)


def test_a_full_disk_does_not_stop_the_game(tutorial, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    session = GameSession(tutorial, "tutorial", 5, {"firms": Seat("human")},
                          autosaver=Autosaver(blocker / "cannot-be-a-folder"))
    session.advance_ai()
    assert session.save_error
    assert json.loads(session.save_payload())["seed"] == 5


def test_undo_returns_exactly_the_state_before_the_last_human_move(tutorial, tmp_path):
    import numpy as np
    from game.engine import observe

    session = GameSession(tutorial, "tutorial", 9, {"local": Seat("human"), "firms": Seat("human")},
                          autosaver=Autosaver(tmp_path))
    assert session.undo() is False or session.state.history == ()
    for _ in range(9):
        session.advance_ai()
        session.act(_human_move(session))
    i = session.last_human_move()
    assert i is not None
    before = session.state.history[:i]
    from game.engine import replay
    expected = replay(tutorial, 9, before)
    assert session.undo() is True
    assert session.state.history == before
    assert np.array_equal(session.state.ind, expected.ind)
    assert observe(session.state, "local") == observe(expected, "local")
    save, _problems = Autosaver(tmp_path).latest()
    assert save.actions == before           # the undo is autosaved too


def _play_some(tutorial, saver, seed, moves=6):
    session = GameSession(tutorial, "tutorial", seed, {"firms": Seat("human")}, autosaver=saver)
    for _ in range(moves):
        session.advance_ai()
        session.act(_human_move(session))
    return session


def test_a_second_game_never_rotates_away_the_first_ones_autosaves(tutorial, tmp_path):
    first = _play_some(tutorial, Autosaver(tmp_path, slots=2), 5)
    kept = sorted(first.autosaver.game.iterdir())
    second = _play_some(tutorial, Autosaver(tmp_path, slots=2), 6, moves=12)
    assert second.autosaver.game != first.autosaver.game
    assert all(p.exists() for p in kept)
    save, problems = Autosaver(tmp_path).latest()        # Continue: the game played last
    assert problems == [] and save.seed == 6


def test_only_the_newest_games_keep_autosaves(tutorial, tmp_path):
    for seed in range(4):
        _play_some(tutorial, Autosaver(tmp_path, slots=1, games_kept=2), seed, moves=2)
    assert len([p for p in tmp_path.iterdir() if p.is_dir()]) == 2


def test_continue_falls_back_past_a_slot_that_reads_but_cannot_be_resumed(tutorial, tmp_path):
    """A newest autosave that parses but whose moves no longer fit (a changed option id) is
    skipped with a sentence, and the slot before it resumes."""
    saver = Autosaver(tmp_path, slots=3)
    session = _play_some(tutorial, saver, 5, moves=12)
    newest = sorted(saver.game.iterdir())[-1]
    data = json.loads(newest.read_text(encoding="utf-8"))
    for move in data["actions"]:
        if "option_id" in move:
            move["option_id"] = "no-such-option"
    newest.write_text(json.dumps(data), encoding="utf-8")
    found, problems = Autosaver(tmp_path).resume_newest(lambda save: GameSession.resume(save, tutorial))
    assert found is not None and len(problems) == 1
    assert newest.name in problems[0] or "damaged" in problems[0] or "changed" in problems[0]
    _save, again = found
    assert len(again.state.history) < len(session.state.history)


def test_temporary_files_a_killed_write_left_are_removed_on_start(tmp_path):
    game = tmp_path / "game-20260101-120000"
    game.mkdir()
    orphan = game / ".autosave-000001.json.abcd.tmp"
    orphan.write_bytes(b"half a save")
    keep = game / "autosave-000001.json"
    keep.write_bytes(b"{}")
    Autosaver(tmp_path)
    assert not orphan.exists() and keep.exists()
