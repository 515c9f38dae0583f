"""Scoring (GAME_DESIGN §7): semi-cooperative.

Each role scores four parts:

* **objectives** — its public mandate: weight × how far each indicator moved since the start
  (so a region's starting point does not decide the game). Shared fate: every role's
  objectives move with the region.
* **agenda** — its private agenda: metric × weight (ribbons cut, subsidies won, designations,
  money kept...). Paid at once: the short-term pull of the traps (III.1–III.3). Counted
  things please less the more there are (`counted`: 1, 1.77, 2.41, 2.98 ... for 1, 2, 3, 4).
* **legacy** — what its own programmes added to the region: the index points they produced
  (the model's ledger), per 100 of the budget the role had over the game, × `LEGACY_RATE`.
  A role is judged by what its money achieved, so a small university and a big ministry
  compete on equal terms, and a seat that spends nothing earns none (IV.2: a partnership in
  which each actor does its part).
* **accountability** — the bill for its own traps, counted every round the damage lasts: the
  index points that the idle assets and lock-in its decisions left in the region still cost,
  × `ACCOUNTABILITY_RATE` (damage is damage, whoever's budget it came from). Audits, upkeep and the next election judge
  an empty building every year it stands empty (III.1(2), III.3(1), III.3(3)).

total = objectives + agenda + legacy − accountability, each part × the role's `score_scale`
(the scenario's exchange rate between roles, set by the lab's balance tool). If the region's competitiveness index
ends below the scenario's collapse line, everyone loses; otherwise the highest total wins.
"""
from __future__ import annotations

from dataclasses import dataclass

from .constants import AGENDA_METRICS, IND, ROLES
from .model import region_index
from .state import GameState

OBJECTIVES_RATE = 0.4
LEGACY_RATE = 6.0
ACCOUNTABILITY_RATE = 1.0


# Counted things (ribbons, equipment, designations) please less the more there are: the tenth
# ribbon is not news (III.3(3)), the twentieth designation pleases no politician (III.3(1)).
COUNTED_METRICS = frozenset({"visible_built", "equipment", "designations"})


def counted(n: float) -> float:
    """What n counted things are worth to an agenda: 1, 1.77, 2.41, 2.98, ... (grows like √n)."""
    return 2.0 * ((n + 1.0) ** 0.5 - 1.0) / (2.0 * (2.0 ** 0.5 - 1.0))


def agenda_metrics(state: GameState, role: str) -> dict[str, float]:
    m = {k: float(state.metrics[role].get(k, 0.0)) for k in AGENDA_METRICS}
    for k in COUNTED_METRICS:
        m[k] = counted(m[k])
    m["budget_kept"] = float(state.budgets[role])
    return m


def funds_total(scenario, role: str) -> int:
    """Everything a role has to spend over a game: its start budget and every round's income."""
    setup = scenario.roles[role]
    return max(1, setup.start_budget + setup.income * (scenario.rounds - 1))


def per_budget(scenario, role: str) -> float:
    """The scale that puts a role's ledger in points per 100 of its budget."""
    return 100.0 / funds_total(scenario, role)


def score_parts(state: GameState, role: str) -> dict[str, float]:
    sc = state.scenario
    setup = sc.roles[role]
    start = state.series[0]
    objectives = OBJECTIVES_RATE * sum(w * float(state.ind[IND[k]] - start[IND[k]])
                                       for k, w in setup.objectives.items())
    metrics = agenda_metrics(state, role)
    agenda = sum(w * metrics.get(k, 0.0) for k, w in setup.agenda_weights.items())
    scale = per_budget(sc, role)
    m = state.metrics[role]
    legacy = LEGACY_RATE * scale * m.get("legacy", 0.0)
    accountability = ACCOUNTABILITY_RATE * m.get("accountability", 0.0)
    k = setup.score_scale
    objectives, agenda, legacy, accountability = (k * objectives, k * agenda, k * legacy,
                                                  k * accountability)
    total = objectives + agenda + legacy - accountability
    return {"objectives": round(objectives, 2), "agenda": round(agenda, 2),
            "legacy": round(legacy, 2), "accountability": round(accountability, 2),
            "total": round(total, 2)}


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
    comp = round(region_index(state), 2)
    line = state.scenario.collapse_line
    s = scores(state)
    collapsed = comp < line
    best = max(s.values())
    winners = () if collapsed else tuple(r for r in ROLES if s[r] == best)
    return Outcome(comp, line, collapsed, s, winners)
