"""Korean typed through an IME: the syllable being composed is drawn before it is committed."""
from __future__ import annotations

import pygame
import pytest


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("CPG_DATA_DIR", str(tmp_path))
    from game.ui.app import App
    application = App("ko", size=(1280, 720), fullscreen=False)
    yield application
    pygame.quit()


def test_composition_is_drawn_next_to_the_committed_text(app):
    from game.ui.screens.menu import SetupScreen
    from game.ui.text import RECORDER

    screen = SetupScreen(app)
    app.show(screen)
    app.step(0)
    entry = screen.entries["local"]
    app.manager.set_focus_set(entry)
    pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text="김"))
    pygame.event.post(pygame.event.Event(pygame.TEXTEDITING, text="미", start=0, length=1))
    RECORDER.enabled = True
    RECORDER.begin("setup", None)
    try:
        app.step(0)
        assert entry.get_text() == "김"              # committed text went into the field
        assert app.composition and app.composition[1] == "미"
        assert "미" in RECORDER.screens[-1][2]       # ... and the composition reached the screen
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text="민"))
        app.step(0)
        assert entry.get_text() == "김민" and app.composition is None
    finally:
        RECORDER.enabled = False
        RECORDER.screens.clear()


def test_typing_a_name_does_not_trigger_shortcuts(app):
    from game.ui.screens.menu import SetupScreen

    screen = SetupScreen(app)
    app.show(screen)
    app.step(0)
    app.manager.set_focus_set(screen.entries["local"])
    # "1" would pick the first scenario if it were taken as a shortcut
    before = screen.selected
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_1, mod=0, unicode="1", scancode=0))
    pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text="1"))
    app.step(0)
    assert screen.selected == before
    assert app.screen is screen
