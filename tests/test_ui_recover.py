"""A bug on a screen must not put a traceback in front of the room: the window logs it, resets
the screen, says so in one sentence and goes on."""
from __future__ import annotations

import threading

import pygame


def test_a_failing_screen_is_reset_and_logged(tmp_path, monkeypatch):
    monkeypatch.setenv("CPG_DATA_DIR", str(tmp_path))
    from game.ui.app import App
    from game.ui.screens.menu import TitleScreen

    app = App("en", size=(1280, 720), fullscreen=False)
    title = TitleScreen(app)
    app.show(title)

    def boom():
        raise IndexError("a stale selection inside a widget")

    title.shortcuts[pygame.K_x] = boom
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_x, mod=0, unicode="x", scancode=0))
    timer = threading.Timer(1.0, lambda: pygame.event.post(pygame.event.Event(pygame.QUIT)))
    timer.start()
    try:
        app.run()                       # returns normally after QUIT
    finally:
        timer.cancel()
    log = (tmp_path / "crash.log").read_text(encoding="utf-8")
    assert "IndexError: a stale selection inside a widget" in log
    assert isinstance(app.screen, TitleScreen)
