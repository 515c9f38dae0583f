"""Playing a whole game with AI in every seat, without a window: used by `play --headless`,
the benchmark and the tests."""
from __future__ import annotations

import time
from typing import Callable, Mapping

from game.ai import make_ai
from game.engine import GameState, apply, current_player, is_over, new_game
from game.engine.constants import ROLES
from game.engine.scenario import Scenario


def play_game(scenario: Scenario, seed: int, levels: Mapping[str, str] | None = None,
              on_step: Callable[[GameState], None] | None = None,
              timings: dict[str, list[float]] | None = None,
              reasons: list[dict] | None = None) -> GameState:
    """`levels`: role -> 'LEVEL' or 'LEVEL:PERSONALITY' (default baseline). With `timings`,
    each AI decision's milliseconds are appended under its level; with `reasons`, each AI
    decision's explanation (for the save and the debrief)."""
    levels = dict(levels or {})
    specs = {r: levels.get(r, "baseline") for r in ROLES}
    seats = {r: make_ai(specs[r], r, seed, scenario=scenario) for r in ROLES}
    state = new_game(scenario, seed)
    while not is_over(state):
        role = current_player(state)
        if timings is None:
            action = seats[role].act(state)
        else:
            start = time.perf_counter()
            action = seats[role].act(state)
            timings.setdefault(specs[role].partition(":")[0], []).append(
                (time.perf_counter() - start) * 1000.0)
        if reasons is not None and getattr(seats[role], "last_explanation", None):
            why = seats[role].last_explanation
            reasons.append({"index": len(state.history), "round": state.round, "role": role,
                            "msg": why["msg"], "params": why.get("params", {})})
        state = apply(state, action)
        if on_step:
            on_step(state)
    return state
