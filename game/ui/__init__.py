"""The game window (pygame-ce + pygame_gui). The only package that imports pygame."""
from __future__ import annotations


def run(lang: str, fullscreen: bool | None = None) -> int:
    from .app import App
    from .screens.menu import TitleScreen

    app = App(lang, fullscreen=fullscreen)
    app.show(TitleScreen(app))
    app.run()
    return 0
