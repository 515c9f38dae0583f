"""The game window (pygame-ce + pygame_gui). The only package that imports pygame."""
from __future__ import annotations


class WindowUnavailable(RuntimeError):
    """The window cannot open or run here (no display, no video driver: SDL's `pygame.error`),
    so that callers outside game/ui need not import pygame to tell."""


def run(lang: str, fullscreen: bool | None = None, lang_chosen: bool = False) -> int:
    """Open the game window at the title screen and run it until it closes. Raises
    WindowUnavailable for an SDL error (pygame.error)."""
    import pygame

    try:
        from .app import App
        from .screens.menu import TitleScreen

        app = App(lang, fullscreen=fullscreen, lang_chosen=lang_chosen)
        app.show(TitleScreen(app))
        app.run()
    except pygame.error as exc:
        raise WindowUnavailable(str(exc)) from exc
    return 0
