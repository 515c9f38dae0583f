"""Hints (issue 12, item 6): when a choice's failure types and lessons are shown — `full` (before
choosing: the tutorial's default), `after` (once chosen, in the resolution: the default of the
other scenarios), `debrief` (only in the debrief). Set by the facilitator in set-up, kept in the
save, restored on Continue, and applied by every screen through presentation.tags_shown."""
from __future__ import annotations

import json

import pygame
import pytest

from game.engine.constants import EVENT, NEGOTIATION
from game.presentation import HINT_MOMENTS, HINTS, default_hints, tags_shown
from tests.ui_driver import ROLES, new_app, press, screen_kind


# --- the rule ----------------------------------------------------------------------------------------

def test_tags_shown_by_hints_and_moment():
    table = {(h, m): tags_shown(h, m) for h in HINTS for m in HINT_MOMENTS}
    assert table == {
        ("full", "choosing"): True, ("full", "resolution"): True, ("full", "debrief"): True,
        ("after", "choosing"): False, ("after", "resolution"): True, ("after", "debrief"): True,
        ("debrief", "choosing"): False, ("debrief", "resolution"): False, ("debrief", "debrief"): True,
    }
    assert tags_shown("nonsense", "choosing") is False and tags_shown(None, "resolution") is True
    with pytest.raises(ValueError):
        tags_shown("full", "lunch")


def test_the_tutorial_shows_tags_before_choosing_and_the_others_after():
    from game.content.loader import list_builtin_scenarios, load_scenario
    ids = list_builtin_scenarios()
    assert "tutorial" in ids and len(ids) >= 5
    for sid in ids:
        expected = "full" if sid == "tutorial" else "after"
        assert default_hints(sid) == expected
        assert default_hints(load_scenario(sid)) == expected


# --- the session and the save ------------------------------------------------------------------------

def _session(sc, hints=None, saver=None):
    from game.session import GameSession, Seat
    return GameSession(sc, sc.id, 4, {"local": Seat("human")}, "en", saver, hints=hints)


def test_the_session_takes_the_facilitators_hints_or_the_scenarios_default(tutorial):
    from game.content.loader import load_scenario
    assert _session(tutorial).hints == "full"
    assert _session(load_scenario("research-hub")).hints == "after"
    assert _session(tutorial, "debrief").hints == "debrief"
    assert _session(tutorial, "everything").hints == "full"     # not a setting: the default


def test_hints_are_kept_in_the_save_and_restored(tutorial, tmp_path):
    from game.persistence.autosave import Autosaver
    from game.persistence.saves import read_save
    from game.session import GameSession
    saver = Autosaver(tmp_path)
    session = _session(tutorial, "debrief", saver)
    session.advance_ai()
    session.autosave(new_slot=True)
    save, problems = saver.latest()
    assert problems == [] and save.hints == "debrief"
    again = GameSession.resume(save, tutorial, saver)
    assert again.hints == "debrief" and again.state.history == session.state.history
    # A save from before the setting (or a damaged value): the scenario's default.
    path = tmp_path / "old.json"
    data = json.loads(session.save_payload())
    data.pop("hints")
    path.write_text(json.dumps(data), encoding="utf-8")
    assert read_save(path).hints is None
    assert GameSession.resume(read_save(path), tutorial).hints == "full"
    data["hints"] = 7
    path.write_text(json.dumps(data), encoding="utf-8")
    assert GameSession.resume(read_save(path), tutorial).hints == "full"


# --- the window --------------------------------------------------------------------------------------

@pytest.fixture
def app(data_dir):
    from game.i18n import set_language
    app = new_app("en")
    yield app
    pygame.quit()
    set_language("en")


def texts_of(recorder, name: str) -> list[str]:
    return [t for n, _p, texts in recorder.screens if n == name for t in texts]


def test_set_up_chooses_the_hints_and_continue_restores_them(app, recorder):
    press(app, pygame.K_n)
    setup = app.screen
    assert screen_kind(app) == "SetupScreen" and setup.selected == "tutorial"
    assert any("Hints: before choosing" in t for t in texts_of(recorder, "setup"))
    press(app, pygame.K_F6)
    press(app, pygame.K_F6)                          # full → after → debrief
    assert setup.hints == "debrief"
    assert any("Hints: in the debrief only" in t for t in texts_of(recorder, "setup"))
    press(app, pygame.K_F5)
    # the game starts with its briefing (before round 1's event)
    assert screen_kind(app) == "BriefingScreen" and app.screen.session.hints == "debrief"
    # Back to the title and Continue: the same setting (nobody has moved: the briefing again).
    from game.ui.screens.menu import TitleScreen
    app.show(TitleScreen(app))
    app.step(0)
    press(app, pygame.K_c)
    assert screen_kind(app) == "BriefingScreen" and app.screen.session.hints == "debrief"


def test_set_up_follows_the_scenario_default_until_the_facilitator_chooses(app):
    press(app, pygame.K_n)
    setup = app.screen
    assert setup.current_hints(setup.scenario("tutorial")) == "full"
    other = next(i for i, sid in enumerate(setup.scenario_ids) if sid == "research-hub")
    press(app, pygame.K_1 + other)
    assert setup.selected == "research-hub" and setup.current_hints(setup.scenario("research-hub")) == "after"
    press(app, pygame.K_F5)
    assert app.screen.session.hints == "after"


def _board(app, hints, human="local", seed=3):
    """A tutorial game at round 1's event, which the local government decides."""
    from game.content.loader import load_scenario
    from game.session import GameSession, Seat
    from game.ui.screens.board import GameScreen
    seats = {r: Seat("human" if r == human else "ai", "normal") for r in ROLES}
    session = GameSession(load_scenario("tutorial"), "tutorial", seed, seats, "en", hints=hints)
    app.show(GameScreen(app, session))
    for _ in range(20):
        app.step(0)
    return session


def _option_tags(session):
    from game.ui.screens.board import tag_names
    card = session.scenario.cards[session.state.card_id]
    return [tag_names(session.scenario, o.tags) for o in card.options if o.tags]


@pytest.mark.parametrize("hints, shown", [("full", True), ("after", False), ("debrief", False)])
def test_event_options_show_their_tags_only_with_full_hints(app, recorder, hints, shown):
    session = _board(app, hints)
    assert session.state.phase == EVENT
    tags = _option_tags(session)
    assert tags
    board = texts_of(recorder, "board")
    assert all(any(t in s for s in board) for t in tags) is shown
    assert any(t in s for t in tags for s in board) is shown


@pytest.mark.parametrize("hints, shown", [("full", True), ("after", False)])
def test_the_card_an_ai_decided_shows_tags_only_with_full_hints(app, recorder, hints, shown):
    session = _board(app, hints, human="firms")
    assert session.state.phase == NEGOTIATION and session.event_notice() is not None
    tags = _option_tags(session)
    assert any(t in s for t in tags for s in texts_of(recorder, "board")) is shown


@pytest.mark.parametrize("hints, shown", [("full", True), ("after", True), ("debrief", False)])
def test_the_resolution_shows_the_chosen_options_tags_unless_debrief_only(app, recorder, hints, shown):
    from game.ui.screens.board import tag_names
    from game.ui.screens.results import ResolutionScreen
    session = _board(app, hints)
    press(app, pygame.K_1)                            # local chooses the first option
    chosen = session.state.record["option"]
    option = session.scenario.cards[chosen[1]].option(chosen[2])
    # Let the AIs and the person finish the round without the window.
    from game.engine.actions import EndNegotiation, EndTurn
    while session.state.round == 1:
        session.advance_ai()
        if session.state.round != 1:
            break
        st = session.state
        session.act(EndNegotiation("local") if st.phase == NEGOTIATION else EndTurn("local"))
    recorder.screens = []
    app.show(ResolutionScreen(app, session, 1))
    app.step(0)
    texts = texts_of(recorder, "resolution")
    assert any(option.text["en"] in t for t in texts)            # the decision itself, always
    tags = tag_names(session.scenario, option.tags)
    assert any(tags in t for t in texts) is shown
    assert any(option.explain["en"] in t for t in texts) is shown


@pytest.mark.parametrize("hints, shown", [("full", True), ("after", False), ("debrief", False)])
def test_the_private_action_menu_shows_tags_only_with_full_hints(app, hints, shown):
    from game.content.loader import load_scenario
    from game.engine import apply, current_player, legal_actions, new_game
    from game.engine.actions import ChooseOption, EndNegotiation
    from game.session import GameSession, Seat
    from game.ui.screens.board import GameScreen
    from game.ui.screens.private import ActionsScreen
    sc = load_scenario("tutorial")
    state = new_game(sc, 3)
    while state.phase != "actions":
        role = current_player(state)
        moves = legal_actions(state, role)
        move = next((m for m in moves if isinstance(m, (ChooseOption, EndNegotiation))), moves[0])
        state = apply(state, move)
    role = current_player(state)
    session = GameSession(sc, "tutorial", 3, {r: Seat("human") for r in ROLES}, "en", state=state, hints=hints)
    board = GameScreen(app, session)
    screen = ActionsScreen(app, session, role, board)
    app.show(screen)
    app.step(0)
    tagged = [row for row, act in zip(screen.rows, sc.actions_of(role)) if act.tags]
    assert tagged
    assert all(bool(row.tags) is shown for row in tagged)
