"""The game window, driven through real pygame events (keyboard, mouse, window resizes): whole
games through the keyboard, a seeded monkey, the hot-seat privacy rule, crash-and-resume from
the autosave, language and text-size switches, and resizing. SDL runs with dummy drivers
(tests/conftest.py); CPG_DATA_DIR points at a temporary folder in every test, so nothing here
touches the real user folder."""
from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pygame
import pytest

from tests.ui_driver import (DIGITS, ROLES, KeyboardPlayer, click, new_app, post_key, press, resize,
                             screen_kind)

ROOT = Path(__file__).resolve().parents[1]
HANGUL = re.compile(r"[\uac00-\ud7a3]")


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cpg-data"
    monkeypatch.setenv("CPG_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def recorder():
    from game.ui.text import RECORDER
    RECORDER.enabled, RECORDER.screens = True, []
    yield RECORDER
    RECORDER.enabled, RECORDER.screens = False, []


@pytest.fixture
def make_app(data_dir):
    """new_app(), and pygame.quit() afterwards whatever happens."""
    from game.i18n import set_language
    apps = []

    def make(lang="en", size=(1280, 720)):
        app = new_app(lang, size)
        apps.append(app)
        return app

    yield make
    pygame.quit()
    set_language("en")


def funded_by_role(state) -> dict[str, list[str]]:
    from game.engine.actions import Fund
    out = {r: [] for r in ROLES}
    for a in state.history:
        if isinstance(a, Fund):
            out[a.role].append(a.action_id)
    return out


def test_whole_game_through_keyboard_from_title_to_end(make_app):
    from game.engine.constants import GAME_OVER
    from game.ui.screens.menu import TitleScreen
    app = make_app()
    player = KeyboardPlayer(app).play()
    assert isinstance(app.screen, TitleScreen), player.trail()
    session = player.session
    st = session.state
    assert all(session.seats[r].human for r in ROLES), session.seats
    assert st.phase == GAME_OVER
    assert len(st.records) == session.scenario.rounds == st.round
    assert any(d.status == "accepted" for d in st.deals), [(d.id, d.status) for d in st.deals]
    assert all(d.proposer == "ministry" and d.terms.recipients == ("local",) for d in st.deals)
    funded = funded_by_role(st)
    assert all(funded[r] for r in ROLES), funded
    for kind in ("SetupScreen", "CurtainScreen", "DealComposerScreen", "DealResponseScreen", "ActionsScreen",
                 "EndScreen", "DebriefScreen"):
        assert kind in player.screens_seen, kind
    # After each round the table sees what changed and why: one resolution screen per round.
    assert player.resolutions == list(range(1, session.scenario.rounds + 1)), (
        "resolution screens shown for rounds %s; screens in order: %s" % (player.resolutions, player.screens_seen))


# --- the monkey -------------------------------------------------------------------------------------

MONKEY_KEYS = ([pygame.K_0 + d for d in range(10)]
               + [getattr(pygame, "K_" + c) for c in "acdlnqsty"]
               + [pygame.K_TAB, pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_ESCAPE, pygame.K_BACKSPACE,
                  pygame.K_SPACE, pygame.K_MINUS, pygame.K_EQUALS, pygame.K_F1, pygame.K_F2, pygame.K_F3,
                  pygame.K_F4, pygame.K_F5, pygame.K_F9, pygame.K_F11, pygame.K_LEFT, pygame.K_RIGHT,
                  pygame.K_UP, pygame.K_DOWN, pygame.K_HOME, pygame.K_END])
HANGUL_BITS = ["한", "국", "어", "ㅎ", "하", "김 과장", "é", "x"]
MONKEY_DEFAULT_SEED = 20261125
MONKEY_EVENTS = int(os.environ.get("MONKEY_EVENTS", "1800"))


def monkey_event(rng: random.Random, app) -> tuple[str, list[pygame.event.Event]]:
    """One random bit of input (a description for the replay message, and its events)."""
    w, h = app.window.get_size()
    roll = rng.random()
    if roll < 0.50:
        key = rng.choice(MONKEY_KEYS)
        if key in (pygame.K_F11, pygame.K_q) and rng.random() < 0.8:
            key = pygame.K_RETURN          # full screen flips and restarts are slow; keep them rare
        mod = pygame.KMOD_SHIFT if rng.random() < 0.1 else 0
        uni = pygame.key.name(key) if len(pygame.key.name(key)) == 1 else ""
        return (f"key {pygame.key.name(key)} mod={mod}",
                [pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode=uni, scancode=0),
                 pygame.event.Event(pygame.KEYUP, key=key, mod=mod, unicode=uni, scancode=0)])
    if roll < 0.75:
        buttons = [b for b, _cb in (app.screen.focusables if app.screen else [])]
        if buttons and rng.random() < 0.6:    # aim at a real button most of the time
            r = rng.choice(buttons).rect
            pos = (r.x + rng.randrange(max(1, r.w)), r.y + rng.randrange(max(1, r.h)))
        else:
            pos = (rng.randrange(w), rng.randrange(h))
        button = 1 if rng.random() < 0.9 else rng.choice((2, 3))
        return (f"click {pos} button={button}",
                [pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)),
                 pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=button),
                 pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=button)])
    if roll < 0.83:
        pos = (rng.randrange(w), rng.randrange(h))
        return f"motion {pos}", [pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(1, 1), buttons=(0, 0, 0))]
    if roll < 0.88:
        y = rng.choice((-3, -1, 1, 3))
        return f"wheel {y}", [pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=y, flipped=False, precise_x=0.0,
                                                 precise_y=float(y), touch=False, which=0)]
    if roll < 0.96:
        text = rng.choice(HANGUL_BITS)
        if rng.random() < 0.5:
            return f"text {text!r}", [pygame.event.Event(pygame.TEXTINPUT, text=text)]
        return f"editing {text!r}", [pygame.event.Event(pygame.TEXTEDITING, text=text, start=0, length=len(text))]
    if roll < 0.98:
        return "wait", []
    size = (rng.randrange(960, 2200), rng.randrange(600, 1300))
    return f"resize {size}", [pygame.event.Event(pygame.VIDEORESIZE, w=size[0], h=size[1], size=size)]


def test_monkey_input_never_crashes(make_app):
    """Random input must never raise. Replay a failure with MONKEY_SEED=<seed> pytest -k monkey."""
    import traceback
    seed = int(os.environ.get("MONKEY_SEED", MONKEY_DEFAULT_SEED))
    rng = random.Random(seed)
    app = make_app()
    recent: list[str] = []
    seen: set[str] = set()
    restarts = 0
    for step in range(MONKEY_EVENTS):
        what, events = monkey_event(rng, app)
        recent = (recent + [f"{step}:{screen_kind(app)}:{what}"])[-15:]
        try:
            if what.startswith("resize") and not app.settings.fullscreen:
                # SDL resizes the real window before it reports VIDEORESIZE; the dummy driver does not.
                pygame.display.set_mode(events[0].size, pygame.RESIZABLE)
            for e in events:
                pygame.event.post(e)
            app.step(0)
            if not app.running:          # Q on the title screen, or quit from the in-game menu
                restarts += 1
                app = make_app()
            seen.add(screen_kind(app))
        except Exception as exc:  # noqa: BLE001 — any crash is the finding
            pytest.fail(f"the UI raised {type(exc).__name__}: {exc} at monkey step {step} with "
                        f"MONKEY_SEED={seed} (replay: MONKEY_SEED={seed} pytest tests/test_ui.py -k monkey)\n"
                        f"last inputs: {recent}\n{traceback.format_exc()}")
    print(f"monkey seed {seed}: {MONKEY_EVENTS} inputs, {restarts} restarts, screens {sorted(seen)}")
    assert "GameScreen" in seen      # the monkey did get into a game
