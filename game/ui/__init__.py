"""The game window (pygame-ce + pygame_gui). The only package that imports pygame."""
from __future__ import annotations


def run(lang: str, fullscreen: bool | None = None, lang_chosen: bool = False) -> int:
    from .app import App
    from .screens.menu import TitleScreen

    app = App(lang, fullscreen=fullscreen, lang_chosen=lang_chosen)
    app.show(TitleScreen(app))
    app.run()
    return 0
