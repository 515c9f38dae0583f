"""Playing a whole game with AI in every seat, without a window: used by `play --headless`,
the benchmark and the tests."""
from __future__ import annotations

from typing import Callable, Mapping

from game.ai import make_ai
from game.engine import GameState, apply, current_player, is_over, new_game
from game.engine.constants import ROLES
from game.engine.scenario import Scenario


def play_game(scenario: Scenario, seed: int, levels: Mapping[str, str] | None = None,
              on_step: Callable[[GameState], None] | None = None) -> GameState:
    levels = dict(levels or {})
    seats = {r: make_ai(levels.get(r, "baseline"), r, seed) for r in ROLES}
    state = new_game(scenario, seed)
    while not is_over(state):
        role = current_player(state)
        state = apply(state, seats[role].act(state))
        if on_step:
            on_step(state)
    return state
