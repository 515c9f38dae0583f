"""AI players. They see only `observe(state, role)` and the scenario's public content.

Levels: `baseline` (the original sensible-with-temptation policy), `easy` (a personality's
heuristic with noise), `normal` (utility with a one-round lookahead), `hard` (Monte Carlo search
over the engine with determinised hidden information and a fixed number of samples).
What they favour, the deals they propose and the baseline's whole plan are data, in
scenarios/personalities.yaml (read by game.content; game/ai/plans.py evaluates the plans).
"""
from __future__ import annotations

from .baseline import BaselineAI
from .players import NormalAI, PersonalityAI, SearchAI

LEVELS = {"baseline": BaselineAI, "easy": PersonalityAI, "normal": NormalAI, "hard": SearchAI}


def split_spec(spec: str) -> tuple[str, str | None]:
    """'hard:budget_bureaucrat' -> ('hard', 'budget_bureaucrat'); 'normal' -> ('normal', None)."""
    level, _sep, personality = spec.partition(":")
    return level, (personality or None)


def make_ai(level: str, role: str, seed: int = 0, personality=None, scenario=None):
    """An AI for `role`. `level` may carry a personality as 'LEVEL:PERSONALITY'; a scenario's
    own personalities count when `scenario` is given."""
    if personality is None and ":" in level:
        level, personality = split_spec(level)
    try:
        cls = LEVELS[level]
    except KeyError:
        raise ValueError(level) from None
    if cls is BaselineAI:
        if personality is not None:
            raise ValueError(f"the baseline AI has no personalities ({personality})")
        return cls(role, seed)
    if personality is not None:
        from .personalities import personalities_of
        if personality not in personalities_of(role, scenario):
            raise ValueError(f"unknown personality '{personality}' for {role}")
    return cls(role, seed, personality, scenario) if scenario is not None else cls(role, seed, personality)
