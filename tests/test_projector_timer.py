"""The negotiation timer on the projector view (issue 12, item 8): the time left in large type,
and an end no one can miss — a full-screen "Time is up" with the chime, on the projector view and
on the board, until a key dismisses it. The App's clock (`app.now`) is set by hand: nothing here
depends on the wall clock."""
from __future__ import annotations

import pygame
import pytest

from game.engine.constants import NEGOTIATION, ROLES
from tests.ui_driver import new_app, press, screen_kind


@pytest.fixture
def app(data_dir):
    app = new_app("en")
    yield app
    pygame.quit()


@pytest.fixture
def chimes(monkeypatch):
    import game.ui.sound as sound
    rang = []
    monkeypatch.setattr(sound, "chime", lambda: rang.append(1) or True)
    return rang


class Clock:
    def __init__(self, app, now: float = 1000.0):
        self.now = now
        app.now = lambda: self.now


def _negotiating_board(app):
    """A tutorial game in round 1's negotiation, the firms a person, the board showing."""
    from game.content.loader import load_scenario
    from game.session import GameSession, Seat
    from game.ui.screens.board import GameScreen
    seats = {r: Seat("human" if r == "firms" else "ai", "normal") for r in ROLES}
    session = GameSession(load_scenario("tutorial"), "tutorial", 3, seats, "en")
    session.briefing_pending = False
    board = GameScreen(app, session)
    app.show(board)
    for _ in range(40):
        app.step(0)
        if session.event_notice() is not None:
            board.event_seen()
        if session.state.phase == NEGOTIATION and session.event_notice() is None:
            break
    assert session.state.phase == NEGOTIATION
    app.show(board)
    app.step(0)
    return board


def _texts(recorder, name):
    return [t for n, _p, ts in recorder.screens if n == name for t in ts]


def _drawn(app, recorder, name):
    recorder.screens = [(name, None, [])]
    app.dirty = True
    app.draw()
    return recorder.screens[-1][2]


def test_the_projector_shows_the_time_left_in_large_type(app, recorder, chimes):
    clock = Clock(app)
    board = _negotiating_board(app)
    press(app, pygame.K_t)                              # the facilitator starts the timer
    minutes = app.settings.timer_minutes
    assert app.timer_end == pytest.approx(clock.now + 60 * minutes)
    press(app, pygame.K_p)
    assert screen_kind(app) == "ProjectorScreen"
    projector = app.screen
    assert f"{minutes}:00" in _drawn(app, recorder, "projector")
    clock.now += 60 * minutes - 75.5                    # 1 min 15.5 s left
    app.step(0)
    texts = _drawn(app, recorder, "projector")
    assert "1:16" in texts and "Negotiation: time left" in texts
    area = projector.timer_area()
    # large type: the digits are as tall as a fifth of the window, far above the body text
    digits = app.fonts.render("1:16", max(app.sizes["heading"], area.h - int(app.sizes["heading"] * 1.5)),
                              (0, 0, 0), bold=True)
    assert digits.get_height() > 4 * app.sizes["body"]
    assert not chimes and not app.timer_rang


def test_the_end_of_the_timer_fills_the_projector_and_the_board_until_a_key(app, recorder, chimes):
    clock = Clock(app)
    board = _negotiating_board(app)
    press(app, pygame.K_t)
    press(app, pygame.K_p)
    projector = app.screen
    clock.now = app.timer_end + 0.2
    app.step(0)                                         # the projector's own tick rings it
    assert app.timer_rang and chimes == [1]
    texts = _drawn(app, recorder, "projector")
    assert "Time is up" in texts and "Please close the negotiation." in texts
    # full screen: the corners and the middle band are the end's colours, not the board's
    from game.ui import theme
    from game.ui.screens.board import TIME_UP_BG
    w, h = app.window.get_size()
    assert tuple(app.window.get_at((2, 2)))[:3] == TIME_UP_BG
    assert tuple(app.window.get_at((w // 2, int(h * 0.3))))[:3] in (theme.BAD, theme.WARN)
    # only the end's own control is left: P (back) does nothing now, and it rings only once
    press(app, pygame.K_p)
    assert app.screen is projector and app.timer_rang
    clock.now += 5
    app.step(0)
    assert chimes == [1]
    # …and the same on the board
    board.app.show(board)
    app.step(0)
    assert "Time is up" in _drawn(app, recorder, "board")
    assert tuple(app.window.get_at((2, 2)))[:3] == TIME_UP_BG
    press(app, pygame.K_RETURN)                         # a key dismisses it (and stops the timer)
    assert app.timer_end is None and not app.timer_rang
    texts = _drawn(app, recorder, "board")
    assert "Time is up" not in texts
    assert tuple(app.window.get_at((2, 2)))[:3] != TIME_UP_BG
    assert pygame.K_t in app.screen.shortcuts and pygame.K_p in app.screen.shortcuts   # its controls are back


@pytest.mark.parametrize("key", [pygame.K_SPACE, pygame.K_ESCAPE])
def test_space_or_esc_dismiss_it_on_the_projector(app, recorder, chimes, key):
    clock = Clock(app)
    _negotiating_board(app)
    press(app, pygame.K_t)
    press(app, pygame.K_p)
    clock.now = app.timer_end + 1
    app.step(0)
    assert app.timer_rang
    press(app, key)
    assert app.timer_end is None and screen_kind(app) == "ProjectorScreen"
    assert "Time is up" not in _drawn(app, recorder, "projector")


def test_the_end_flashes_on_the_apps_clock(app, chimes):
    clock = Clock(app)
    _negotiating_board(app)
    press(app, pygame.K_t)
    clock.now = app.timer_end + 0.1
    app.step(0)
    w, h = app.window.get_size()
    colours = set()
    for _ in range(2):
        app.dirty = True
        app.draw()
        colours.add(tuple(app.window.get_at((w // 2, int(h * 0.3))))[:3])
        clock.now += 0.5
    assert len(colours) == 2


def test_the_end_goes_when_negotiation_ends(app, recorder, chimes):
    """The timer belongs to negotiation: when the phase moves on (here: by hand) it stops, and
    its end, if it was showing, goes with it."""
    clock = Clock(app)
    board = _negotiating_board(app)
    press(app, pygame.K_t)
    clock.now = app.timer_end + 1
    app.step(0)
    assert app.timer_rang
    moved = board.session.state.clone()
    moved.phase = "actions"
    board.tick_timer()
    assert app.timer_end is not None                     # still negotiating: nothing changes
    board.session.state = moved
    board.tick_timer()
    assert app.timer_end is None and not app.timer_rang
    assert "Time is up" not in _drawn(app, recorder, "board")
