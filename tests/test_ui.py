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
