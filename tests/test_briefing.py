"""The briefing before round 1 and the Rules page: a new game shows the briefing before the first
event, every page is reached by keyboard, the public pages show no private agenda (each role's is
only on its own curtained page), the facilitator's page is behind its own curtain, the Rules are
reached from the title and the in-game menu, Continue after the first move skips the briefing,
and both languages render."""
from __future__ import annotations

import re

import pygame
import pytest

from tests.ui_driver import ROLES, click, new_app, press, screen_kind

HANGUL = re.compile(r"[\uac00-\ud7a3]")


@pytest.fixture
def make_app(data_dir):
    from game.i18n import set_language

    def make(lang="en", size=(1280, 720)):
        return new_app(lang, size)

    yield make
    pygame.quit()
    set_language("en")


def start_game(app, people=ROLES):
    """Title → New game (the tutorial) with `people` seated as persons → Start."""
    press(app, pygame.K_n)
    setup = app.screen
    assert screen_kind(app) == "SetupScreen" and setup.selected == "tutorial"
    for i, role in enumerate(ROLES):
        for _ in range(3):      # a seat's key cycles: this screen → a device → an AI
            if (app.screen.kinds[role] == ("human" if role in people else "ai")):
                break
            press(app, pygame.K_F1 + i)
    press(app, pygame.K_F5)
    return app.screen


def agendas(scenario) -> dict[str, list[str]]:
    return {r: [t for t in dict(scenario.roles[r].agenda_text).values() if t] for r in ROLES}


def test_a_new_game_shows_the_briefing_before_the_first_event(make_app, recorder):
    from game.engine.constants import EVENT
    app = make_app()
    briefing = start_game(app)
    assert screen_kind(app) == "BriefingScreen"
    session = briefing.session
    assert session.state.phase == EVENT and not session.state.history
    # nothing moves behind the briefing: an AI does not decide the event meanwhile
    for _ in range(5):
        app.step(0)
    assert screen_kind(app) == "BriefingScreen" and not session.state.history
    # every page by keyboard: → and Enter go on, ← goes back
    seen = [briefing.page_id]
    press(app, pygame.K_RIGHT)
    press(app, pygame.K_LEFT)
    assert briefing.page == 0
    while not briefing.last:
        press(app, pygame.K_RETURN)
        seen.append(briefing.page_id)
    for pid in ("intro", "roles", "scoring", "indicators", "phases", "agendas"):
        assert pid in seen, seen
    shown = [t for name, _p, texts in recorder.screens if name == "briefing" for t in texts]
    sc = session.scenario
    assert sc.intro_players["en"] in shown
    assert any(sc.roles[r].mandate["en"] in t for r in ROLES for t in shown)
    assert any("everyone loses" in t for t in shown)
    assert any("idle assets" in t and "lower is better" in t for t in shown)
    assert any("industrial base" in t and "higher is better" in t for t in shown)
    assert any(t.startswith("5. Resolution") for t in shown)
    # the last page: each seat's agenda through its curtain, then round 1
    for role in ROLES:
        press(app, pygame.K_RETURN)
        assert screen_kind(app) == "BriefingCurtain" and app.screen.role == role
        press(app, pygame.K_RETURN)
        assert screen_kind(app) == "AgendaScreen" and app.screen.private_to == role
        press(app, pygame.K_RETURN)
        assert screen_kind(app) == "BriefingScreen"
    press(app, pygame.K_RETURN)
    assert screen_kind(app) == "GameScreen" and not session.briefing_pending
    assert session.state.phase == EVENT


def test_private_agendas_only_behind_their_own_curtain(make_app, recorder):
    app = make_app()
    briefing = start_game(app)
    sc = briefing.session.scenario
    while not briefing.last:
        press(app, pygame.K_RETURN)
    for _role in ROLES:
        press(app, pygame.K_RETURN)            # the curtain
        press(app, pygame.K_RETURN)            # the agenda
        press(app, pygame.K_RETURN)            # read: back to the briefing
    press(app, pygame.K_f)                     # the facilitator's page, behind its curtain
    press(app, pygame.K_RETURN)
    assert screen_kind(app) == "FacilitatorBriefingScreen"
    press(app, pygame.K_ESCAPE)
    texts = agendas(sc)
    own_seen = set()
    for name, private_to, strings in recorder.screens:
        for role in ROLES:
            hit = any(a in s for a in texts[role] for s in strings)
            if private_to == role:
                if hit:
                    own_seen.add(role)
            else:      # public pages, curtains, another role's page, the facilitator's page
                assert not hit, f"{name} (private to {private_to}) shows the agenda of {role}"
    assert own_seen == set(ROLES)
    fac = [s for name, _p, strings in recorder.screens if name == "briefing-facilitator" for s in strings]
    assert sc.intro_facilitator["en"] in fac
    assert any(s.startswith(f) for f in sc.learning_failures for s in fac)
    assert sc.intro_facilitator["en"] not in [s for _n, p, strings in recorder.screens if p is None
                                                 for s in strings]


def test_one_person_seated_reads_the_agenda_without_a_curtain_and_ais_are_skipped(make_app):
    app = make_app()
    briefing = start_game(app, people=("local",))
    while not briefing.last:
        press(app, pygame.K_RETURN)
    press(app, pygame.K_RETURN)
    assert screen_kind(app) == "AgendaScreen" and app.screen.role == "local"
    press(app, pygame.K_RETURN)
    assert briefing.unread() == []
    press(app, pygame.K_RETURN)
    assert screen_kind(app) == "GameScreen"


def test_the_briefing_by_mouse(make_app):
    app = make_app()
    briefing = start_game(app)
    nxt = next(b for b, _cb in briefing.focusables if "[Enter]" in b.text)
    click(app, nxt.rect.center)
    assert briefing.page == 1
    prev = next(b for b, _cb in app.screen.focusables if "[←]" in b.text)
    click(app, prev.rect.center)
    assert briefing.page == 0


def test_esc_opens_the_menu_and_resume_returns_to_the_same_page(make_app):
    app = make_app()
    briefing = start_game(app)
    press(app, pygame.K_RIGHT)
    press(app, pygame.K_ESCAPE)
    assert screen_kind(app) == "MenuScreen"
    press(app, pygame.K_ESCAPE)
    assert app.screen is briefing and briefing.page == 1


def test_rules_from_the_title_and_the_in_game_menu(make_app, recorder):
    app = make_app()
    press(app, pygame.K_r)
    rules = app.screen
    assert screen_kind(app) == "BriefingScreen" and rules.rules and rules.name == "rules"
    assert "agendas" not in rules.pages
    while not rules.last:
        press(app, pygame.K_RIGHT)
    press(app, pygame.K_RETURN)                # done: back to the title
    assert screen_kind(app) == "TitleScreen"
    # in a game: Esc, Rules, Esc back to the menu, Esc back to the board
    briefing = start_game(app, people=("local",))
    while not briefing.last:
        press(app, pygame.K_RETURN)
    press(app, pygame.K_RETURN)
    press(app, pygame.K_RETURN)
    press(app, pygame.K_RETURN)
    board = app.screen
    assert screen_kind(app) == "GameScreen"
    press(app, pygame.K_ESCAPE)
    press(app, pygame.K_r)
    assert screen_kind(app) == "BriefingScreen" and app.screen.rules
    assert app.screen.scenario is board.session.scenario
    press(app, pygame.K_ESCAPE)
    assert screen_kind(app) == "MenuScreen"
    press(app, pygame.K_ESCAPE)
    assert app.screen is board
    sc = board.session.scenario
    texts = [a for r in ROLES for a in agendas(sc)[r]]
    for name, private_to, strings in recorder.screens:
        if name == "rules":
            assert private_to is None
            assert not any(a in s for a in texts for s in strings)


def test_continue_after_the_first_move_skips_the_briefing(make_app):
    from game.ui.screens.menu import TitleScreen
    app = make_app()
    briefing = start_game(app, people=("local",))
    # resumed before anyone moved: the briefing again
    app.show(TitleScreen(app))
    press(app, pygame.K_c)
    assert screen_kind(app) == "BriefingScreen"
    briefing = app.screen
    while not briefing.last:
        press(app, pygame.K_RETURN)
    press(app, pygame.K_RETURN)
    press(app, pygame.K_RETURN)
    press(app, pygame.K_RETURN)
    assert screen_kind(app) == "GameScreen"
    press(app, pygame.K_1)                     # the local government decides round 1's event
    assert app.screen.session.state.history
    app.show(TitleScreen(app))
    press(app, pygame.K_c)
    assert screen_kind(app) == "GameScreen"
    for _ in range(3):
        app.step(0)
    assert screen_kind(app) != "BriefingScreen"


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_both_languages_render(make_app, recorder, lang):
    app = make_app(lang)
    briefing = start_game(app)
    while not briefing.last:
        press(app, pygame.K_RETURN)
    shown = [t for name, _p, texts in recorder.screens if name == "briefing" for t in texts]
    sc = briefing.session.scenario
    assert sc.intro_players[lang] in shown
    if lang == "ko":
        assert sum(1 for t in shown if HANGUL.search(t)) > 0.9 * len(shown), [t for t in shown
                                                                                  if not HANGUL.search(t)]
    else:
        assert not any(HANGUL.search(t) for t in shown)


@pytest.mark.parametrize("size", [(960, 600), (1920, 1080)])
def test_every_page_renders_large_text_at_small_and_big_windows(make_app, size):
    app = make_app("en", size)
    app.set_large_text(True)
    briefing = start_game(app)
    pages = len(briefing.pages)
    while not briefing.last:
        press(app, pygame.K_RETURN)
    assert briefing.page == pages - 1
    assert len(set(briefing.pages)) == 6
