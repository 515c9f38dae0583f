"""The baseline AI: a simple, sensible policy for every seat, that now and then gives in to the
temptation its role is known for (paper section III): in a "tempted" round a role follows its
short-term list instead of the sound one — the ministry spreads designations and uniform money,
the local government builds, firms lobby or chase high tech, the university buys equipment.

It sees only `observe(state, role)` and the scenario's public content (cards, action menu).
What it funds, on which condition, and the deal it proposes are data: personalities.yaml's
`baseline:` section.
Its dice come from its own generator, seeded from the game's seed, so a simulation is
reproducible; the moves themselves go into the action log like any player's.
"""
from __future__ import annotations

import numpy as np

from game.engine import IllegalAction, check, legal_actions
from game.engine.actions import Action, Cancel, ChooseOption, EndNegotiation, EndTurn, Fund, ProposeDeal, RespondDeal
from game.engine.constants import ACTIONS, FAILURE_IDS, ROLE_INDEX
from game.engine.game import cancellable_programmes, fund_blocker, funded_counts, observe_turn
from game.engine.state import GameState

from . import plans as _plans

DEFAULT_TEMPTATION = 0.15   # chance, per role and round, of playing the short-term game

# What each role funds first (`funds`), in a tempted round (`tempted_funds`), and the one deal it
# proposes per round if it can (`deals`, `tempted_deals`): data, personalities.yaml's `baseline:`
# (game/ai/plans.py evaluates it).


def _option_rank(option: dict) -> int:
    lessons = sum(1 for t in option["tags"] if t not in FAILURE_IDS)
    risks = sum(1 for t in option["tags"] if t in FAILURE_IDS)
    return risks - lessons


def _deal_value(obs: dict, role: str, terms: dict, actions) -> float:
    """Money in minus money out for `role`; a co-funded project of its own is worth what the
    others pay for it, someone else's project half of what it costs us."""
    value = 0.0
    for t in terms["transfers"]:
        if t["receiver"] == role:
            value += t["amount"]
        if t["giver"] == role:
            value -= t["amount"]
    if terms["cofund"]:
        act = actions[terms["cofund"]["action_id"]]
        for s in terms["cofund"]["shares"]:
            if act.role == role and s["role"] != role:
                value += s["amount"]
            if act.role != role and s["role"] == role:
                value -= s["amount"] * 0.5
    return value


class BaselineAI:
    def __init__(self, role: str, seed: int = 0, temptation: float = DEFAULT_TEMPTATION):
        self.role = role
        self.temptation = temptation
        self._rng = np.random.default_rng([int(seed), ROLE_INDEX[role], 7])
        self._mood: tuple[int, bool] | None = None   # (round, tempted)

    def _tempted(self, rnd: int) -> bool:
        if self._mood is None or self._mood[0] != rnd:
            self._mood = (rnd, bool(self._rng.random() < self.temptation))
        return self._mood[1]

    def act(self, state: GameState) -> Action:
        role = self.role
        # observe(state, role, brief=True) cut to what this phase's move reads (observe_turn)
        obs = observe_turn(state, role)
        tempted = self._tempted(obs["round"])
        if obs["phase"] == "negotiation":
            # Negotiation moves are built directly: enumerating every template is wasted work.
            if obs["pending_for_you"]:
                deals = {d["id"]: d for d in obs["deals"]}
                deal_id = obs["pending_for_you"][0]
                ok = _deal_value(obs, role, deals[deal_id]["terms"], state.scenario.actions) >= 0
                return RespondDeal(role, deal_id, ok)
            return self._propose(state, obs, tempted)
        if obs["phase"] == ACTIONS and role in obs["active_players"]:
            return self._allocate_now(state, obs, tempted)
        legal = legal_actions(state, role)
        if not legal:
            raise ValueError(f"{role} has nothing to do now")
        if isinstance(legal[0], ChooseOption):
            opts = {o["id"]: o for o in obs["card"]["options"]}
            sign = -1 if tempted else 1          # tempted: the riskiest option
            return min(legal, key=lambda a: sign * _option_rank(opts[a.option_id]))
        return self._allocate(obs, legal, tempted)

    def _propose(self, state: GameState, obs: dict, tempted: bool) -> Action:
        role = self.role
        if not obs["proposed_this_round"]:
            plan = self._plan()
            for deal in plan.tempted_deals if tempted else plan.deals:
                made = _plans.deal_terms(deal, role, state.scenario)
                if made is None:
                    continue
                action = ProposeDeal(role, made[0])
                try:
                    check(state, action)
                    return action
                except IllegalAction:
                    pass
        return EndNegotiation(role)

    def _plan(self):
        return _plans.builtin_plans().baseline.get(self.role, _plans.NO_PLAN)

    def _allocate(self, obs: dict, legal: list[Action], tempted: bool) -> Action:
        fundable: dict[str, Action] = {}
        for a in legal:
            if isinstance(a, Fund):
                fundable.setdefault(a.action_id, a)
        owed = [c["target"] for c in obs["commitments"] if c["role"] == self.role and c["kind"] == "fund"]
        already = {a for (_r, a, _c) in obs["funded_this_round"]}
        for target in owed:
            if target in fundable and target not in already:
                return fundable[target]
        if tempted:
            # A new administration's instinct: stop what the last one started (C5).
            gov = obs["government_changed_round"]
            if gov is not None and obs["round"] == gov:
                for a in legal:
                    if isinstance(a, Cancel):
                        return a
        plan = self._plan()
        steps = plan.tempted_funds if tempted else plan.funds
        for i, step in enumerate(steps):
            action_id = step.action
            # repeatable actions appear twice in a plan: count how often they were funded
            wanted = sum(1 for st in steps[:i + 1] if st.action == action_id)
            funded = sum(1 for (_r, a, _c) in obs["funded_this_round"] if a == action_id)
            if action_id in fundable and funded < wanted and _plans.holds(step.when, obs, self.role):
                return fundable[action_id]
        return next(a for a in legal if isinstance(a, EndTurn))

    def _allocate_now(self, state: GameState, obs: dict, tempted: bool) -> Action:
        """`_allocate(obs, legal_actions(state, role), tempted)` without listing every legal
        move: the same rules (`fund_blocker`), asked only of the actions the plan names."""
        role = self.role
        counts = funded_counts(state, role)
        known: dict[str, bool] = {}

        def fundable(action_id: str) -> bool:
            ok = known.get(action_id)
            if ok is None:
                ok = known[action_id] = fund_blocker(state, role, action_id, counts) is None
            return ok

        owed = [c["target"] for c in obs["commitments"] if c["role"] == role and c["kind"] == "fund"]
        already = {a for (_r, a, _c) in obs["funded_this_round"]}
        for target in owed:
            if target not in already and fundable(target):
                return Fund(role, target)
        if tempted:
            gov = obs["government_changed_round"]
            if gov is not None and obs["round"] == gov:
                for p in cancellable_programmes(state, role):
                    return Cancel(role, p.uid)
        plan = self._plan()
        funded: dict[str, int] = {}
        for (_r, a, _c) in obs["funded_this_round"]:
            funded[a] = funded.get(a, 0) + 1
        seen: dict[str, int] = {}       # how often each action appears in the plan so far
        for step in plan.tempted_funds if tempted else plan.funds:
            action_id = step.action
            wanted = seen[action_id] = seen.get(action_id, 0) + 1
            if funded.get(action_id, 0) < wanted and fundable(action_id) and _plans.holds(step.when, obs, role):
                return Fund(role, action_id)
        return EndTurn(role)
