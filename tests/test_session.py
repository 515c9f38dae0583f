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
    files = sorted(tmp_path.iterdir())
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
