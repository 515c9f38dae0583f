"""Shared fixtures. Content is loaded once per session: scenarios are immutable."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# No test ever needs a real screen or sound card.
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")


def pytest_collection_modifyitems(items):
    """The heavy tests first: started last, one of them kept a worker busy for most of a minute
    while the other had nothing left to do; started first, the light ones fill in around them."""
    items.sort(key=lambda item: item.get_closest_marker("heavy") is None)     # a stable sort


@pytest.fixture(scope="session")
def tutorial():
    from game.content.loader import load_scenario
    return load_scenario("tutorial")


@pytest.fixture(autouse=True)
def _english_between_tests():
    """Commands under test switch the process language (--lang ko); never let it leak."""
    from game.i18n import get_language, set_language
    before = get_language()
    yield
    set_language(before if before in ("ko", "en") else "en")


@pytest.fixture(scope="session", autouse=True)
def _session_data_dir(tmp_path_factory):
    """No test, and no module-scoped fixture, writes the user's own folder: the whole session
    (each xdist worker its own) keeps saves, settings and user scenarios in a temporary one.
    Tests that need to know the folder take `data_dir`."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CPG_DATA_DIR", str(tmp_path_factory.mktemp("cpg-session-data")))
        yield


@pytest.fixture(autouse=True)
def _own_data_dir(tmp_path_factory, monkeypatch):
    """And every test a folder of its own, so none reads what another wrote (in whatever order or
    worker they run)."""
    monkeypatch.setenv("CPG_DATA_DIR", str(tmp_path_factory.mktemp("cpg-data")))


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """Saves, settings and user scenarios go to a fresh folder, never the user's own."""
    folder = tmp_path / "cpg-data"
    monkeypatch.setenv("CPG_DATA_DIR", str(folder))
    return folder


class SlowClock:
    """A stand-in for the `time` module whose clocks jump `step` seconds on every call: a
    machine so busy that any decision reading the clock would be cut short."""

    def __init__(self, step: float = 5.0):
        self.step, self.now, self.calls = step, 1000.0, 0

    def _tick(self) -> float:
        self.calls += 1
        self.now += self.step
        return self.now

    perf_counter = monotonic = time = process_time = lambda self: self._tick()

    def sleep(self, _seconds: float) -> None:
        self._tick()


@pytest.fixture
def slow_clock(monkeypatch):
    """The AIs' clock (game.ai.players.time) made very slow; returns the fake clock."""
    import game.ai.players as players
    clock = SlowClock()
    monkeypatch.setattr(players, "time", clock)
    return clock


@pytest.fixture
def recorder():
    """Every string the window shows, per screen (game.ui.text.RECORDER), for this test only."""
    from game.ui.text import RECORDER
    RECORDER.enabled, RECORDER.screens = True, []
    yield RECORDER
    RECORDER.enabled, RECORDER.screens = False, []
