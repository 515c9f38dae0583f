"""The debrief's last page lists the other finished tables of the scenario from the games library
and writes them with this one into a comparison report."""
from __future__ import annotations

import pygame
import pytest

from game.engine.constants import ROLES
from tests.ui_driver import new_app, press, through_briefing


@pytest.fixture
def app(data_dir):
    from game.i18n import set_language
    a = new_app("en")
    yield a
    pygame.quit()
    set_language("en")


def _finished_session(sc, seed, saver):
    from game.engine import is_over
    from game.session import GameSession, Seat
    session = GameSession(sc, "tutorial", seed, {r: Seat(kind="ai", level="baseline") for r in ROLES},
                          autosaver=saver)
    while not is_over(session.state):
        session.advance_ai()
    session.autosave()
    assert session.kept is not None
    return session


def test_other_kept_tables_are_listed_and_compared_in_one_report(app, data_dir, tmp_path):
    from game.content.loader import load_scenario
    from game.persistence.autosave import Autosaver, reports_dir
    from game.ui.screens.debrief import PAGES, DebriefScreen
    from game.ui.text import RECORDER
    sc = load_scenario("tutorial")
    saver = Autosaver(tmp_path / "autosave")
    first = _finished_session(sc, 1, saver)
    second = _finished_session(sc, 2, Autosaver(tmp_path / "autosave"))
    RECORDER.enabled, RECORDER.screens = True, []
    try:
        screen = DebriefScreen(app, second, page=PAGES.index("games"))
        app.show(screen)
        app.step(0)
        texts = [t for name, _w, ts in RECORDER.screens if name == screen.name for t in ts]
    finally:
        RECORDER.enabled, RECORDER.screens = False, []
    assert any(first.kept.name in t for t in texts), texts           # the other table, by its file
    assert not any(second.kept.name in t for t in texts)            # not this one
    press(app, pygame.K_c)
    path = screen.last_export
    assert path is not None and path.parent == reports_dir() and path.name.startswith("compare-")
    html = path.read_text(encoding="utf-8")
    assert first.kept.name in html                                  # both tables in the report


def test_with_no_other_table_the_page_says_so_and_compare_is_off(app, data_dir, tmp_path):
    from game.content.loader import load_scenario
    from game.persistence.autosave import Autosaver
    from game.ui.screens.debrief import PAGES, DebriefScreen
    only = _finished_session(load_scenario("tutorial"), 4, Autosaver(tmp_path / "autosave"))
    screen = DebriefScreen(app, only, page=PAGES.index("games"))
    app.show(screen)
    app.step(0)
    assert screen.kept_games == []
    press(app, pygame.K_c)
    assert getattr(screen, "last_export", None) is None


def test_the_table_name_typed_in_set_up_names_the_game(app, data_dir):
    from game.ui.screens.board import GameScreen
    from game.ui.screens.menu import SetupScreen
    setup = SetupScreen(app)
    app.show(setup)
    app.step(0)
    setup.table_entry.set_text("Table B")
    press(app, pygame.K_F5)                          # Start the game
    through_briefing(app)                            # a new game opens with its briefing
    assert isinstance(app.screen, GameScreen)
    assert app.screen.session.table == "Table B"
