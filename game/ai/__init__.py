"""AI players. They see only `observe(state, role)` and the scenario's public content."""
from __future__ import annotations

from .baseline import BaselineAI

LEVELS = {"baseline": BaselineAI}


def make_ai(level: str, role: str, seed: int = 0):
    try:
        return LEVELS[level](role, seed)
    except KeyError:
        raise ValueError(level) from None
