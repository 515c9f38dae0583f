"""How much a state is worth to one role, as its personality sees it.

The score a role will be given is public arithmetic (GAME_DESIGN §7): its objectives (weights
over indicator changes) plus its own private agenda (weights over its metrics). A personality
scales the two. Because a lookahead stops early, the value adds what is already under way: the
programmes that will still pay off before the game ends, and the pull of networks, skills,
outside links and industry on innovation and jobs in the rounds left (the model's dynamics).
"""
from __future__ import annotations

import numpy as np

from game.engine.constants import BAD_INDICATORS, GAME_OVER, IND, INDICATORS
from game.engine.model import (ACCOUNT_IDLE, ACCOUNT_LOCK, EMPLOYMENT_DRIFT, FINAL_AUDIT_ROUNDS,
                               INNOVATION_DRIFT, INNOVATION_DRIVERS, MASS_EFFECTS, SCALED_KINDS,
                               TRUST_KINDS, absorptive_factor, absorptive_factor_at, competitiveness,
                               critical_mass, hardware_usage, idle_of, index_weight_vector, mean_trust,
                               room_to_grow, trust_factor)
from game.engine.scoring import ACCOUNTABILITY_RATE, LEGACY_RATE, OBJECTIVES_RATE, per_budget
from game.engine.scenario import ActionDef, Scenario
from game.engine.state import GameState

COLLAPSE_MARGIN = 3.0       # keep this far above the collapse line...
COLLAPSE_PENALTY = 3.0      # ...or lose this much utility per point below it
AUDIT_DISCOUNT = 0.8        # how much of the audits still to come the AI counts now


class Valuer:
    def __init__(self, scenario: Scenario, role: str, personality):
        setup = scenario.roles[role]
        self.role = role
        self.scenario = scenario
        self.rounds = scenario.rounds
        wo = personality.weights.get("objectives", 1.0)
        wa = personality.weights.get("agenda", 1.0)
        self.obj = np.zeros(len(INDICATORS))
        for k, w in setup.objectives.items():
            self.obj[IND[k]] = wo * OBJECTIVES_RATE * w
        self.agenda = {m: wa * w for m, w in setup.agenda_weights.items()}
        self.favours = set(personality.favours)
        # the score's legacy: index points our programmes add, per 100 of our budget
        self.legacy_rate = wo * LEGACY_RATE * per_budget(scenario, role)
        w = index_weight_vector(scenario.index_weights)
        self.index_w = np.array([w.get(k, 0.0) / w["_sum"] for k in INDICATORS])
        self._iv: dict[int, tuple] = {}          # rounds left -> indicator_values and what follows from them
        self._acts: dict[str, tuple] = {}        # action id -> what pipeline() reads of it
        self._own: dict[int, tuple] = {}         # id(an iv array of _iv) -> (it, its own values)

    # --- values of indicators and metrics ----------------------------------------------------
    def indicator_values(self, rounds_left: int) -> np.ndarray:
        """Value of one point of each indicator now, counting its pull on innovation and jobs
        over the rounds left (the model's dynamics: each driver is a share of innovation's
        potential, and employment follows industry)."""
        v = self.obj.copy()
        n = max(0, rounds_left)
        pull = INNOVATION_DRIFT / len(INNOVATION_DRIVERS) * n * v[IND["innovation"]]
        for k in INNOVATION_DRIVERS:
            v[IND[k]] += pull
        v[IND["industry"]] += EMPLOYMENT_DRIFT * n * v[IND["employment"]]
        return v

    def _values_left(self, rounds_left: int) -> tuple:
        """indicator_values(rounds_left), `iv - obj`, and `iv + legacy_rate × index_w` as floats
        (the same arrays every time: computed once per number of rounds left)."""
        hit = self._iv.get(rounds_left)
        if hit is None:
            iv = self.indicator_values(rounds_left)
            hit = self._iv[rounds_left] = (iv, iv - self.obj, (iv + self.legacy_rate * self.index_w).tolist(),
                                           iv.tolist())
            self._own[id(iv)] = (iv, hit[2])
        return hit

    def money(self) -> float:
        """A unit of budget kept, to our agenda."""
        return self.agenda.get("budget_kept", 0.0)

    def value(self, s: GameState, base: np.ndarray) -> float:
        """Utility of `s` relative to a starting point `base` (indicators)."""
        role = self.role
        over = s.phase == GAME_OVER
        rnd = s.round
        left = 0 if over else self.rounds - rnd + 1
        ind = s.ind
        delta = ind - base
        total = float(self.obj @ delta)
        m = s.metrics[role]
        for k, w in self.agenda.items():
            total += w * (s.budgets[role] if k == "budget_kept" else m.get(k, 0.0))
        # the ledger: legacy booked or still to be evaluated, accountability charged so far
        if s.pending_credit:
            mine = {p.uid for p in s.programmes if (role in p.payers if p.payers else p.owner == role)}
            pending = sum(v for uid, v in s.pending_credit.items() if uid in mine)
        else:
            pending = 0           # what the sum of nothing is
        total += self.legacy_rate * (m["legacy"] + pending)
        total -= ACCOUNTABILITY_RATE * m["accountability"]
        if not over:
            iv, pull, _own, _ivl = self._values_left(left)
            total += float(pull @ delta)          # the pull of what changed
            total += self.pipeline(s, iv)
            # what our idle assets and lock-in will still cost us in the rounds left and in the
            # final audit, and the idle assets of buildings of ours not yet built
            audits = ACCOUNTABILITY_RATE * (left - 1 + FINAL_AUDIT_ROUNDS) * AUDIT_DISCOUNT
            total -= audits * (ACCOUNT_IDLE * (m["idle_owned"] + self._idle_to_come(s))
                               + ACCOUNT_LOCK * m["lock_owned"])
        comp = competitiveness(ind, self.scenario.index_weights)
        line = self.scenario.collapse_line + COLLAPSE_MARGIN
        if comp < line:
            total -= COLLAPSE_PENALTY * (line - comp)
        return total

    def _idle_to_come(self, s: GameState) -> float:
        """Idle assets our hardware funded this round will add when it is built (model.py's
        formula: cost × 0.5 × (1 − usage))."""
        role, rnd = self.role, s.round
        todo = [p for p in s.programmes if p.kind == "hardware" and p.cancelled_round is None
                and p.pays_from >= rnd and role in (p.payers or (p.owner,))]
        if not todo:
            return 0.0
        usage = hardware_usage(float(s.ind[IND["network"]]), float(absorptive_factor(s)))
        return sum(idle_of(p.cost, usage) / len(p.payers or (p.owner,)) for p in todo)

    def pipeline(self, s: GameState, iv: np.ndarray) -> float:
        """What programmes already funded will still pay before the game ends.

        Our own programmes count their legacy too (iv + legacy_rate × index_w). Summed on plain
        floats: the same products in the same order as on numpy's float64 (the same IEEE
        arithmetic), returned as a numpy float64 once any term is added, as that sum would be."""
        own = self._own_values(iv)
        f = float(absorptive_factor(s))
        mass = critical_mass(s)
        trust_f = trust_factor(mean_trust(s))
        total = 0.0
        added = False
        acts = self._acts
        ind = s.ind.tolist()
        rnd, rounds = s.round, self.rounds
        for p in s.programmes:
            if p.cancelled_round is not None or p.kind == "hardware":
                continue
            first = p.pays_from if p.pays_from > rnd else rnd           # max(pays_from, round)
            last = p.pays_until if p.pays_until < rounds else rounds    # min(pays_until, rounds)
            n = last - first + 1
            if n <= 0:
                continue
            a = acts.get(p.action_id)
            if a is None:   # what this loop reads of an action: trust-scaled? and per effect...
                act = self.scenario.actions[p.action_id]
                scaled = act.kind in SCALED_KINDS
                a = acts[p.action_id] = (act.kind in TRUST_KINDS, tuple(
                    (IND[k], e,
                     scaled and e > 0 and k in MASS_EFFECTS,                # critical mass scales it
                     e > 0 and k not in BAD_INDICATORS)                     # diminishing returns
                    for k, e in act.effects.items()))
            trusting, items = a
            k_f = f * p.share * (trust_f if trusting else 1.0)
            for i, e, massed, damped in items:
                m = mass if massed else 1.0
                if damped:
                    damp = room_to_grow(ind[i])
                    if not damp > 0.0:       # max(0.0, damp)
                        damp = 0.0
                else:
                    damp = 1.0
                total += n * e * k_f * m * damp * own[i]
                added = True
        return np.float64(total) if added else total

    def _own_values(self, iv: np.ndarray) -> list:
        """(iv + legacy_rate × index_w).tolist(), remembered for the arrays _values_left hands out."""
        hit = self._own.get(id(iv))
        if hit is not None and hit[0] is iv:
            return hit[1]
        return (iv + self.legacy_rate * self.index_w).tolist()

    def action_value(self, act: ActionDef, s_round: int, absorptive: float, network: float) -> float:
        """A rough value of funding `act` now (for deals and quick heuristics)."""
        f = absorptive_factor_at(absorptive)
        left = self.rounds - s_round + 1
        # indicator_values(left) and (iv + legacy_rate × index_w) as plain floats: the same numbers
        _iva, _pull, own, iv = self._values_left(left)
        first = s_round + act.delay
        n = max(0, min(act.duration, self.rounds - first + 1))
        total = sum(n * e * f * own[IND[k]] for k, e in act.effects.items())
        if act.kind == "hardware":
            idle = idle_of(act.cost, hardware_usage(network, f))
            total += idle * iv[IND["idle_assets"]]
            total -= idle * ACCOUNT_IDLE * ACCOUNTABILITY_RATE * max(0, left - 1) * AUDIT_DISCOUNT
        return float(total)
