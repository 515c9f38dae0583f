"""AI players. They see only `observe(state, role)` and the scenario's public content."""
from __future__ import annotations

from .baseline import BaselineAI

LEVELS = {"baseline": BaselineAI}


def make_ai(level: str, role: str):
    try:
        return LEVELS[level](role)
    except KeyError:
        raise ValueError(level) from None
