"""Demo (attract) mode: the real screens, driven through a whole game with an AI deciding for
every seat — curtains, an event, a negotiation, the private budget screens, resolution, the end
and the debrief — with a screenshot of each distinct screen. Facilitators use it to show the game;
we use it to look at every screen."""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import pygame

from game.ai.baseline import BaselineAI
from game.engine.actions import Fund
from game.engine.constants import ROLES

if TYPE_CHECKING:
    from .app import App

MAX_STEPS = 5000


def run_demo(scenario: str = "tutorial", seed: int = 1, lang: str = "en",
             screenshots: str | None = None, delay_ms: int = 0, size=(1280, 720),
             on_screen: Callable[[App, str], None] | None = None) -> int:
    """Drive every screen of a game as people would. `screenshots`: save a PNG of each
    distinct screen there; `on_screen(app, key)`: called once on each (the layout test
    measures every screen this way)."""
    if screenshots and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from game.content.loader import load_scenario
    from game.persistence.autosave import Autosaver
    from game.session import GameSession, Seat

    from .app import App
    from .screens.board import GameScreen
    from .screens.briefing import AgendaScreen, BriefingCurtain, BriefingScreen
    from .screens.menu import SetupScreen, TitleScreen
    from .screens.private import ActionsScreen, CurtainScreen, DealComposerScreen, DealResponseScreen
    from .screens.debrief import DebriefScreen
    from .screens.results import EndScreen, ResolutionScreen

    out = Path(screenshots) if screenshots else None
    if out:
        out.mkdir(parents=True, exist_ok=True)
    app = App(lang, size=size, fullscreen=False)
    app.settings.lang = lang
    from game.i18n import set_language
    set_language(lang)
    shots: list[str] = []

    def shoot(key: str) -> None:
        app.draw()
        if key in shots:
            return
        shots.append(key)
        if on_screen is not None:
            on_screen(app, key)
        if out:
            pygame.image.save(app.window, str(out / f"{len(shots):02d}-{key}.png"))

    app.show(TitleScreen(app))
    shoot("title")
    _visit_editor(app, shoot, scenario)
    setup = SetupScreen(app)
    app.show(setup)
    setup.selected = scenario
    for r in ROLES:
        setup.kinds[r] = "human"
    setup.names.update({"ministry": "Minister Kim" if lang == "en" else "김 과장",
                        "local": "Governor Park" if lang == "en" else "박 지사",
                        "firms": "CEO Lee" if lang == "en" else "이 대표",
                        "university": "Dean Choi" if lang == "en" else "최 학장"})
    app.rebuild()
    shoot("setup")

    sc = load_scenario(scenario)
    saver = Autosaver(Path(screenshots) / ".autosave") if out else None
    seats = {r: Seat("human", "baseline", setup.names[r]) for r in ROLES}
    session = GameSession(sc, scenario, seed, seats, lang, saver)
    session.briefing_pending = True          # as a new game from set-up: the briefing first
    brains = {r: BaselineAI(r, seed) for r in ROLES}
    app.show(GameScreen(app, session))
    briefed_facilitator = False
    negotiated = False
    visited_facilitator = False

    for _step in range(MAX_STEPS):
        app.step(0)
        if delay_ms:
            pygame.time.wait(delay_ms)
        screen = app.screen
        st = session.state
        if isinstance(screen, BriefingScreen):
            # every page of the briefing, the facilitator's page behind its curtain once, then
            # each seat's private agenda behind its curtain
            shoot(f"briefing-{screen.page + 1}-{screen.page_id}")
            if not briefed_facilitator:
                briefed_facilitator = True
                screen.facilitator()
                shoot("briefing-facilitator-curtain")
                app.screen.shortcuts[pygame.K_RETURN]()      # the facilitator confirms
                shoot("briefing-facilitator")
                app.screen.back()
            screen.next()
            continue
        if isinstance(screen, BriefingCurtain):
            shoot("briefing-curtain")
            screen.reveal()
            continue
        if isinstance(screen, AgendaScreen):
            shoot("briefing-agenda")
            screen.done()
            continue
        if isinstance(screen, GameScreen):
            shoot(f"board-{st.phase}")
            if st.phase == "event":
                role = sc.cards[st.card_id].deciders[0]
                screen.choose(role, brains[role].act(st).option_id)
            elif st.phase == "negotiation" and not visited_facilitator:
                # the facilitator's tools: the timer, the projector view, the private overview
                visited_facilitator = True
                screen.toggle_timer()
                shoot("board-negotiation-timer")
                screen.projector()
                shoot("projector")
                app.screen.back()
                screen = app.screen
                screen.facilitator()
                shoot("facilitator-curtain")
                app.screen.shortcuts[pygame.K_RETURN]()      # the facilitator confirms
                shoot("facilitator")
                app.screen.back()
            elif st.phase == "negotiation":
                from game.engine.game import pending_deals
                waiting = [(r, d) for r in ROLES for d in pending_deals(st, r)]
                if waiting:
                    screen.answer(waiting[0][0], waiting[0][1].id)
                elif not negotiated:
                    negotiated = True
                    screen.propose("ministry")
                else:
                    screen.all_done()
            elif st.phase == "actions":
                role = screen.session.next_screen_allocator()
                if role:
                    screen.allocate(role)
        elif isinstance(screen, CurtainScreen):
            shoot("curtain")
            screen.reveal()
        elif isinstance(screen, DealComposerScreen):
            # the ministry offers the local government a grant for training, with a condition
            screen.partner, screen.amount, screen.condition = "local", 10, "local.training_programme"
            app.rebuild()
            shoot("negotiation")
            screen.propose()
        elif isinstance(screen, DealResponseScreen):
            shoot("deal-answer")
            screen.respond(True)
        elif isinstance(screen, ActionsScreen):
            move = brains[screen.role].act(st)
            if isinstance(move, Fund):
                screen.fund(move.action_id)
                shoot("actions")
            else:
                screen.done()
        elif isinstance(screen, ResolutionScreen):
            shoot("resolution")
            screen.next()
        elif isinstance(screen, EndScreen):
            shoot("end")
            screen.debrief()
        elif isinstance(screen, DebriefScreen):
            for page in range(1, screen.page_count):   # every debrief page, then the first again
                screen.goto(page)
                shoot(screen.name)
            screen.goto(0)
            shoot("debrief")
            break
        if not app.running:
            break
    pygame.quit()
    return 0 if shots and shots[-1] == "debrief" or not out else 1


def _visit_editor(app, shoot, scenario: str) -> None:
    """The scenario library, two editor pages (one with a problem shown at its field) and a
    quick check's results; nothing is saved."""
    import time

    from .screens import editor as ed_mod
    from .screens.editor import LibraryScreen

    library = LibraryScreen(app)
    app.show(library)
    shoot("library")
    from game.content.loader import BUILTIN_ROOT
    library.open(BUILTIN_ROOT / f"{scenario}.yaml")
    ed = app.screen
    shoot("editor")
    ed.goto("region")
    field = ed.field("region.indicators.industry")
    field.entry.set_text("120")              # out of range: the message appears under the field
    ed.sync()
    app.step(0)
    shoot("editor-region")
    ed.goto("deck")
    shoot("editor-deck")
    games, ed_mod.CHECK_GAMES = ed_mod.CHECK_GAMES, min(ed_mod.CHECK_GAMES, 40)   # a short check to show
    ed.doc.set(("region", "indicators", "industry"), 50)   # valid again, so the check can run
    ed.run_check()
    deadline = time.perf_counter() + 120
    while ed.check_thread is not None and time.perf_counter() < deadline:
        app.step(10)
    ed_mod.CHECK_GAMES = games
    shoot("check")
