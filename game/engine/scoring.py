"""Scoring (GAME_DESIGN §7): semi-cooperative.

Each role scores its public objectives (weight × how far the indicator moved since the start,
so a region's starting point does not decide the game) plus its private agenda (metric × weight). If the region's competitiveness index ends below the scenario's collapse line,
everyone loses; otherwise the highest score wins.
"""
from __future__ import annotations

from dataclasses import dataclass

from .constants import IND, ROLES
from .model import competitiveness
from .state import GameState


def agenda_metrics(state: GameState, role: str) -> dict[str, float]:
    m = dict(state.metrics[role])
    m["budget_kept"] = float(state.budgets[role])
    return m


def score_parts(state: GameState, role: str) -> dict[str, float]:
    setup = state.scenario.roles[role]
    start = state.series[0]
    objectives = sum(w * float(state.ind[IND[k]] - start[IND[k]]) for k, w in setup.objectives.items())
    metrics = agenda_metrics(state, role)
    agenda = sum(w * metrics.get(k, 0.0) for k, w in setup.agenda_weights.items())
    return {"objectives": round(objectives, 2), "agenda": round(agenda, 2),
            "total": round(objectives + agenda, 2)}


def scores(state: GameState) -> dict[str, float]:
    return {r: score_parts(state, r)["total"] for r in ROLES}


@dataclass(frozen=True)
class Outcome:
    competitiveness: float
    collapse_line: float
    collapsed: bool
    scores: dict
    winners: tuple[str, ...]      # empty when the region collapsed


def outcome(state: GameState) -> Outcome:
    comp = round(competitiveness(state.ind), 2)
    line = state.scenario.collapse_line
    s = scores(state)
    collapsed = comp < line
    best = max(s.values())
    winners = () if collapsed else tuple(r for r in ROLES if s[r] == best)
    return Outcome(comp, line, collapsed, s, winners)
