"""Safe input and immediate redraws (issue 12, items 3 and 4), through real pygame events:

- a key acts only when freshly pressed: no key repeat, and the Enter that opened a screen does
  nothing on it while it is held;
- two quick Enters on the curtain do not skip a turn: ending a turn with nothing funded asks
  once, and only Y answers yes;
- the private screen takes its own last funding back (U / Backspace), never anything else, and
  Esc goes back behind the curtain;
- the frame drawn after one input event already shows that input's whole result (a click on a
  drop-down, a typed character, a key press), not one input behind.

SDL runs with dummy drivers (tests/conftest.py); the loop's clock is frozen where frames are
compared, so nothing here depends on the machine's speed or the time of day."""
from __future__ import annotations

import pygame
import pytest

from tests.ui_driver import (ROLES, click, freeze_clock, frame, key_down, key_up, new_app, press, screen_kind,
                             settled_frame)


@pytest.fixture
def make_app(data_dir):
    from game.i18n import set_language
    yield lambda lang="en", size=(1280, 720): new_app(lang, size)
    pygame.quit()
    set_language("en")


def at_actions(app, seed: int = 3, people=ROLES):
    """A tutorial game (the `people` seated, AIs elsewhere) on the board at the start of round
    1's actions phase (the event chosen and negotiation closed by the rules' own moves)."""
    from game.ai import make_ai
    from game.content.loader import load_scenario
    from game.engine import apply, current_player
    from game.engine.actions import EndNegotiation
    from game.session import GameSession, Seat
    from game.ui.screens.board import GameScreen
    sc = load_scenario("tutorial")
    session = GameSession(sc, "tutorial", seed, {r: Seat("human", name=r.title()) if r in people else Seat()
                                                 for r in ROLES}, "en")
    st = session.state
    deciders = {r: make_ai("baseline", r, seed) for r in ROLES}
    while st.phase != "actions":
        role = current_player(st)
        st = apply(st, deciders[role].act(st) if st.phase == "event" else EndNegotiation(role))
    session.state = st
    app.show(GameScreen(app, session))
    app.step(0)
    return session


def fundable_digits(screen) -> list[int]:
    """The digit keys of the actions this role can fund now."""
    from game.engine import legal_actions
    from game.engine.actions import Fund
    from tests.ui_driver import DIGITS
    ids = [a.id for a in screen.session.scenario.actions_of(screen.role)]
    legal = {a.action_id for a in legal_actions(screen.session.state, screen.role) if isinstance(a, Fund)}
    return [DIGITS[i] for i, a in enumerate(ids[:len(DIGITS)]) if a in legal]


# --- no key repeat; the key that opened a screen does not act on it ----------------------------------

def test_the_window_turns_key_repeat_off(make_app):
    make_app()
    assert pygame.key.get_repeat() == (0, 0)


def test_a_held_enter_opens_one_screen_and_never_acts_on_it(make_app):
    from game.engine import current_player
    app = make_app()
    session = at_actions(app)
    role = current_player(session.state)
    history = session.state.history
    key_down(app, pygame.K_RETURN)                    # the board: pass the device to …
    assert screen_kind(app) == "CurtainScreen"
    for _ in range(3):                                # still held: what key repeat would send
        key_down(app, pygame.K_RETURN)
        assert screen_kind(app) == "CurtainScreen"
    key_up(app, pygame.K_RETURN)
    key_down(app, pygame.K_RETURN)                    # a new press: the private screen
    assert screen_kind(app) == "ActionsScreen" and app.screen.role == role
    for _ in range(3):
        key_down(app, pygame.K_RETURN)
    assert screen_kind(app) == "ActionsScreen" and not app.screen.asking
    assert session.state.history == history and current_player(session.state) == role
    key_up(app, pygame.K_RETURN)
    # the same holds for any shortcut: a held digit funds once
    digit = fundable_digits(app.screen)[0]
    key_down(app, digit)
    key_down(app, digit)
    key_up(app, digit)
    assert len(session.state.history) == len(history) + 1


def test_a_key_released_in_another_window_is_not_held_forever(make_app):
    app = make_app()
    at_actions(app)
    key_down(app, pygame.K_RETURN)
    assert screen_kind(app) == "CurtainScreen"
    pygame.event.post(pygame.event.Event(pygame.WINDOWFOCUSLOST))     # released elsewhere
    app.step(0)
    pygame.event.post(pygame.event.Event(pygame.WINDOWFOCUSGAINED))
    app.step(0)
    key_down(app, pygame.K_RETURN)
    assert screen_kind(app) == "ActionsScreen"


# --- the empty turn ------------------------------------------------------------------------------------

def test_enter_twice_on_the_curtain_asks_before_ending_an_empty_turn(make_app):
    from game.engine import current_player
    from game.engine.actions import EndTurn
    app = make_app()
    session = at_actions(app)
    role = current_player(session.state)
    history = session.state.history
    press(app, pygame.K_RETURN)                       # board → curtain
    press(app, pygame.K_RETURN)                       # curtain → private screen
    press(app, pygame.K_RETURN)                       # the second Enter on the curtain, a little late
    screen = app.screen
    assert screen_kind(app) == "ActionsScreen" and screen.asking
    assert session.state.history == history           # nothing happened yet
    press(app, pygame.K_RETURN)                       # Enter does not answer the question
    press(app, pygame.K_KP_ENTER)
    assert app.screen is screen and screen.asking and session.state.history == history
    press(app, pygame.K_ESCAPE)                       # no: back to the budget
    assert app.screen is screen and not screen.asking and session.state.history == history
    press(app, pygame.K_RETURN)                       # asked again, once
    assert screen.asking
    press(app, pygame.K_n)                            # N is no, too
    assert not screen.asking
    press(app, pygame.K_RETURN)
    press(app, pygame.K_y)                            # yes: the turn ends, nothing funded
    assert screen_kind(app) == "GameScreen"
    assert session.state.history == history + (EndTurn(role),)
    assert current_player(session.state) != role


def test_the_question_is_on_screen_in_both_languages(make_app, recorder):
    from game.i18n import _
    for lang in ("en", "ko"):
        app = make_app(lang)
        at_actions(app)
        for _k in range(3):
            press(app, pygame.K_RETURN)
        assert app.screen.asking
        texts = recorder.screens[-1][2]
        assert _("You have not funded anything this round") in texts, texts
        assert any(t.endswith(_("Yes, end my turn")) for t in texts), texts
        pygame.quit()


def test_a_turn_with_a_funding_ends_without_a_question(make_app):
    from game.engine import current_player
    app = make_app()
    session = at_actions(app)
    role = current_player(session.state)
    press(app, pygame.K_RETURN)
    press(app, pygame.K_RETURN)
    press(app, fundable_digits(app.screen)[0])
    press(app, pygame.K_RETURN)
    assert screen_kind(app) == "GameScreen" and current_player(session.state) != role


# --- undo and Esc on the private screen ------------------------------------------------------------------

def test_undo_takes_back_the_roles_own_last_funding_only(make_app):
    from game.engine import current_player, observe
    from game.engine.actions import Fund
    app = make_app()
    session = at_actions(app)
    first = current_player(session.state)
    press(app, pygame.K_RETURN)
    press(app, pygame.K_RETURN)
    screen = app.screen
    start = session.state
    assert screen.undoable() is None and pygame.K_u not in screen.shortcuts
    press(app, pygame.K_u)                            # nothing of this turn yet: nothing happens
    press(app, pygame.K_BACKSPACE)
    assert session.state is start
    digits = fundable_digits(screen)
    press(app, digits[0])
    one = session.state
    assert isinstance(one.history[-1], Fund)
    assert any(b.text.startswith("[U] ") for b, _cb in app.screen.focusables)     # the undo button shows
    press(app, digits[1] if digits[1] in fundable_digits(app.screen) else digits[0])
    assert len(session.state.history) == len(start.history) + 2
    press(app, pygame.K_BACKSPACE)                    # the second funding is taken back …
    assert session.state.history == one.history
    assert session.state.budgets == one.budgets
    press(app, pygame.K_u)                            # … then the first
    assert session.state.history == start.history
    assert session.state.budgets == start.budgets
    assert observe(session.state, None)["log"] == observe(start, None)["log"]   # no trace on the board
    assert screen_kind(app) == "ActionsScreen" and current_player(session.state) == first
    # the next role's U never takes back the first role's turn
    press(app, digits[0])
    press(app, pygame.K_RETURN)
    assert current_player(session.state) != first
    second = session.state
    press(app, pygame.K_RETURN)
    press(app, pygame.K_RETURN)
    assert screen_kind(app) == "ActionsScreen" and app.screen.role == current_player(second)
    press(app, pygame.K_u)
    press(app, pygame.K_BACKSPACE)
    assert session.state is second


def test_undo_own_move_refuses_anything_but_the_roles_own_turn(tutorial):
    from game.engine import current_player, legal_actions
    from game.engine.actions import EndTurn, Fund
    from game.session import GameSession, Seat
    session = GameSession(tutorial, "tutorial", 5, {r: Seat("human") for r in ROLES})
    assert session.undo_own_move("ministry") is None          # the event phase: nothing to take back
    session.advance_ai()
    while session.state.phase != "actions":
        role = current_player(session.state)
        session.act(legal_actions(session.state, role)[0])
    role = current_player(session.state)
    fund = next(a for a in legal_actions(session.state, role) if isinstance(a, Fund))
    before = session.state
    session.act(fund)
    other = next(r for r in ROLES if r != role)
    assert session.undo_own_move(other) is None and session.state.history[-1] == fund
    assert session.undo_own_move(role) == fund
    assert session.state.history == before.history and session.state.budgets == before.budgets
    session.act(EndTurn(role))
    assert session.undo_own_move(role) is None                # an ended turn stays ended
    nxt = current_player(session.state)
    assert session.undo_own_move(nxt) is None                 # nor does it reach back into it


def test_esc_goes_back_to_the_curtain_and_keeps_the_turn(make_app):
    from game.engine import current_player
    app = make_app()
    session = at_actions(app)
    role = current_player(session.state)
    press(app, pygame.K_RETURN)
    press(app, pygame.K_RETURN)
    press(app, fundable_digits(app.screen)[0])
    funded = session.state.history
    press(app, pygame.K_ESCAPE)
    assert screen_kind(app) == "CurtainScreen" and app.screen.role == role
    press(app, pygame.K_RETURN)                       # the same role's screen again, its funding kept
    assert screen_kind(app) == "ActionsScreen" and app.screen.role == role
    assert session.state.history == funded
    assert app.screen.undoable() is not None         # and still its own to take back
    press(app, pygame.K_ESCAPE)
    press(app, pygame.K_ESCAPE)                       # the curtain's Esc: back to the table
    assert screen_kind(app) == "GameScreen"
    assert session.state.history == funded and current_player(session.state) == role


def test_alone_at_the_table_esc_goes_back_to_the_board_and_undo_works(make_app):
    from game.engine import current_player
    app = make_app()
    session = at_actions(app, people=("firms",))
    for _k in range(20):                              # the AIs before the firms take their turns
        if current_player(session.state) == "firms":
            break
        app.step(0)
    assert current_player(session.state) == "firms"
    press(app, pygame.K_RETURN)                       # no curtain for one person: the screen at once
    assert screen_kind(app) == "ActionsScreen" and app.screen.role == "firms"
    assert any(b.text == "[Esc] Back to the table" for b, _cb in app.screen.focusables)
    start = session.state
    press(app, fundable_digits(app.screen)[0])
    press(app, pygame.K_u)
    assert session.state.history == start.history
    press(app, pygame.K_RETURN)                       # nothing funded: asked, even alone
    assert app.screen.asking
    press(app, pygame.K_ESCAPE)
    press(app, pygame.K_ESCAPE)
    assert screen_kind(app) == "GameScreen" and current_player(session.state) == "firms"


def test_esc_on_the_question_goes_back_to_the_budget_not_the_curtain(make_app):
    app = make_app()
    at_actions(app)
    for _k in range(3):
        press(app, pygame.K_RETURN)
    assert app.screen.asking
    press(app, pygame.K_ESCAPE)
    assert screen_kind(app) == "ActionsScreen" and not app.screen.asking


# --- one input, one frame ------------------------------------------------------------------------------

def test_a_click_on_a_drop_down_shows_it_open_in_the_next_frame(make_app):
    app = make_app()
    freeze_clock(app)
    at_actions(app)
    # the deal composer has drop-downs: through negotiation's screens to it
    from game.ui.screens.private import CurtainScreen, DealComposerScreen
    board = app.screen
    app.show(CurtainScreen(app, board.session, "ministry",
                           lambda: app.show(DealComposerScreen(app, board.session, "ministry", board))))
    press(app, pygame.K_RETURN)
    assert screen_kind(app) == "DealComposerScreen"
    menu = app.screen.project_menu
    pos = menu.rect.center
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
    app.step(0)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    app.step(0)
    before = settled_frame(app)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))   # one event
    app.step(0)                                                                      # one frame
    after = frame(app)
    assert after != before, "the click did not change the next frame"
    assert menu.current_state is menu.menu_states["expanded"]
    assert settled_frame(app) == after, "the next frame did not yet show the open drop-down"
    # choosing an option: one button-up, one frame
    items = menu.current_state.options_selection_list.item_list
    option = next(i["button_element"] for i in items if i["button_element"] is not None and "(" in i["text"])
    pos = option.rect.center
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
    app.step(0)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    app.step(0)
    before = settled_frame(app)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
    app.step(0)
    after = frame(app)
    assert app.screen.project is not None            # the choice reached the screen …
    assert after != before and settled_frame(app) == after    # … and the frame right away


def test_a_typed_character_shows_in_the_next_frame(make_app):
    app = make_app()
    freeze_clock(app)
    press(app, pygame.K_n)
    assert screen_kind(app) == "SetupScreen"
    role = next(r for r in ROLES if app.screen.kinds[r] == "human")
    entry = app.screen.entries[role]
    click(app, entry.rect.center)
    assert app.focused_entry() is entry
    before = settled_frame(app)
    pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text="K"))        # one event
    app.step(0)                                                             # one frame
    after = frame(app)
    assert entry.get_text().endswith("K")
    assert after != before, "the typed character is not in the next frame"
    assert settled_frame(app) == after, "the next frame was one character behind"


def test_a_key_and_a_click_show_their_result_in_the_next_frame(make_app):
    app = make_app()
    freeze_clock(app)
    session = at_actions(app)
    press(app, pygame.K_RETURN)
    press(app, pygame.K_RETURN)
    before = settled_frame(app)
    digit = fundable_digits(app.screen)[0]
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=digit, mod=0, unicode="", scancode=0))
    app.step(0)
    after = frame(app)
    assert len(session.state.history) > 0 and after != before
    assert settled_frame(app) == after
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=digit, mod=0, unicode="", scancode=0))
    app.step(0)
    # a click on the undo button: the button-up is the one event
    undo = next(b for b, _cb in app.screen.focusables if b.text.startswith("[U] "))
    pos = undo.rect.center
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
    app.step(0)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    app.step(0)
    before = settled_frame(app)
    funded = session.state.history
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
    app.step(0)
    after = frame(app)
    assert len(session.state.history) == len(funded) - 1
    assert after != before and settled_frame(app) == after


def test_undo_own_move_takes_back_a_cancellation(tutorial):
    from game.ai import make_ai
    from game.engine import current_player, legal_actions
    from game.engine.actions import Cancel
    from game.session import GameSession, Seat
    session = GameSession(tutorial, "tutorial", 5, {r: Seat("human") for r in ROLES})
    players = {r: make_ai("baseline", r, 5) for r in ROLES}
    for _move in range(2000):
        st = session.state
        role = current_player(st)
        cancels = [a for a in legal_actions(st, role) if isinstance(a, Cancel)] if st.phase == "actions" else []
        if cancels:
            break
        session.act(players[role].act(st))
    else:
        pytest.fail("no programme to cancel came up")
    before = session.state
    session.act(cancels[0])
    assert session.undo_own_move(role) == cancels[0]
    assert session.state.history == before.history and session.state.budgets == before.budgets
    assert [p.uid for p in session.state.programmes] == [p.uid for p in before.programmes]
