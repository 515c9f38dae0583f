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
    rows = dict(zip([a.id for a in sc.actions_of("ministry")], (row.tags for row in screen.rows)))
    assert rows["ministry.tailored_programme"] == "This action needs a regional diagnosis in force."
    assert "needs" not in rows["ministry.fund_diagnosis"]


def test_a_counter_proposal_starts_from_the_terms_it_answers(app):
    """The composer opened to counter a proposal holds its money, its joint project with our
    share and our promise; a counter-proposal changes the offer, it does not start empty."""
    from game.engine.actions import Cofund, Commitment, DealTerms, Share, Transfer, to_json
    from game.ui.screens.private import DealComposerScreen
    sc, session, _screen = _actions_screen(app)
    joint = next(a for a in sc.actions_of("local") if a.kind in ("network", "programme"))
    offer = DealTerms(("local",), transfers=(Transfer("ministry", "local", 10),),
                      cofund=Cofund(joint.id, (Share("ministry", joint.cost - 5), Share("local", 5))),
                      commitments=(Commitment("local", "reveal_agenda"),))
    composer = DealComposerScreen(app, session, "local", None, partner="ministry", counter_of=1)
    composer.prefill(to_json(offer))
    counter = composer.terms()
    assert counter.recipients == ("ministry",)
    assert counter.transfers == (Transfer("ministry", "local", 10),)
    assert counter.cofund.action_id == joint.id
    assert set(counter.cofund.shares) == set(offer.cofund.shares)
    assert counter.commitments == offer.commitments


@pytest.mark.parametrize("large", [False, True])
def test_a_drop_down_row_is_as_tall_as_a_line_of_its_text(app, large):
    # pygame_gui's default row of 20 px cut the bottoms of letters at our text sizes
    from game.ui import theme
    size = theme.sizes(large)["body"]
    rows = int(theme.gui_theme(large)["selection_list"]["misc"]["list_item_height"])
    assert rows >= app.fonts.font(size).get_linesize()
