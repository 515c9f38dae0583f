"""UI figures for `python -m game.bench`: frame and rebuild time, start-up time, idle CPU (dummy driver)."""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _env(data_dir: str) -> dict:
    env = dict(os.environ)
    env.update({"SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy", "CPG_DATA_DIR": data_dir,
                "PYGAME_HIDE_SUPPORT_PROMPT": "1", "PYTHONPATH": str(ROOT)})
    return env


def _board_app(data_dir: str):
    os.environ.update({k: v for k, v in _env(data_dir).items() if k.startswith(("SDL", "CPG", "PYGAME"))})
    from game.content.loader import load_scenario
    from game.session import GameSession, Seat
    from game.ui.app import App
    from game.ui.screens.board import GameScreen

    app = App("en", size=(1280, 720), fullscreen=False)
    session = GameSession(load_scenario("tutorial"), "tutorial", 1, {"local": Seat("human")})
    app.show(GameScreen(app, session))
    app.step(0)
    return app


def _board_ms(step, samples: int) -> float:
    """Median milliseconds of `step(app)` on the tutorial's board at 1280×720."""
    with tempfile.TemporaryDirectory() as tmp:
        app = _board_app(tmp)
        times = []
        for _ in range(samples):
            start = time.perf_counter()
            step(app)
            times.append((time.perf_counter() - start) * 1000)
        import pygame
        pygame.quit()
    return statistics.median(times)


def frame_ms(samples: int = 60) -> float:
    """Median time to draw a full board frame at 1280×720."""
    return _board_ms(lambda app: app.draw(), samples)


def rebuild_ms(samples: int = 20) -> float:
    """Median time to rebuild the board (every widget made again, as after each move) at 1280×720."""
    return _board_ms(lambda app: app.rebuild(), samples)


_STARTUP = """
import time, sys
t0 = float(sys.argv[1])
from game.ui.app import App
from game.ui.screens.menu import TitleScreen
app = App("en", size=(1280, 720), fullscreen=False)
app.show(TitleScreen(app))
app.draw()
print((time.time() - t0) * 1000)
"""


def startup_ms(runs: int = 3) -> float:
    """Process start to the first drawn title screen (median of a few runs)."""
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(runs):
            out = subprocess.run([sys.executable, "-c", _STARTUP, repr(time.time())], env=_env(tmp),
                                 capture_output=True, text=True, cwd=ROOT, timeout=120)
            times.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(times)


_IDLE = """
import time, resource, threading
import pygame
from game.ui.bench import _board_app
app = _board_app(__import__("os").environ["CPG_DATA_DIR"])
for _ in range(20):
    app.step(0)
cpu0, wall0 = time.process_time(), time.perf_counter()
def stop():
    pygame.event.post(pygame.event.Event(pygame.QUIT))
threading.Timer(float(__import__("sys").argv[1]), stop).start()
app.run()
print(100 * (time.process_time() - cpu0) / (time.perf_counter() - wall0))
"""


def idle_cpu_percent(seconds: float = 3.0) -> float:
    """CPU used by the game sitting on the board with nobody touching anything."""
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run([sys.executable, "-c", _IDLE, str(seconds)], env=_env(tmp), capture_output=True,
                             text=True, cwd=ROOT, timeout=120)
        return float(out.stdout.strip().splitlines()[-1])
