"""A greyed action on the private screen says why it cannot be funded now, in the rules' words."""
from __future__ import annotations

import pygame
import pytest

from game.engine.constants import ROLES
from tests.ui_driver import new_app


@pytest.fixture
def app(data_dir):
    from game.i18n import set_language
    a = new_app("en")
    yield a
    pygame.quit()
    set_language("en")


def _actions_screen(app, lang="en"):
    from game.content.loader import load_scenario
    from game.engine import apply, current_player, legal_actions, new_game
    from game.engine.actions import ChooseOption, EndNegotiation
    from game.session import GameSession, Seat
    from game.ui.screens.board import GameScreen
    from game.ui.screens.private import ActionsScreen
    sc = load_scenario("tutorial")
    state = new_game(sc, 3)
    while not (state.phase == "actions" and current_player(state) == "ministry"):
        role = current_player(state)
        moves = legal_actions(state, role)
        # the event's last option (the first one of round 1 orders a diagnosis)
        move = next((m for m in reversed(moves) if isinstance(m, (ChooseOption, EndNegotiation))), None)
        if move is None:                     # another role's actions: it ends its turn
            move = next(m for m in moves if type(m).__name__ == "EndTurn")
        state = apply(state, move)
    session = GameSession(sc, "tutorial", 3, {r: Seat("human") for r in ROLES}, lang, state=state)
    screen = ActionsScreen(app, session, "ministry", GameScreen(app, session))
    app.show(screen)
    app.step(0)
    return sc, session, screen


def test_an_action_that_needs_a_diagnosis_says_so_and_a_fundable_one_does_not(app):
    sc, session, screen = _actions_screen(app)
    assert session.state.diagnosis_until < session.state.round      # no diagnosis in force yet
    rows = dict(zip([a.id for a in sc.actions_of("ministry")], (row[3] for row in screen.rows)))
    assert rows["ministry.tailored_programme"] == "This action needs a regional diagnosis in force."
    assert "needs" not in rows["ministry.fund_diagnosis"]
