"""The baseline AI: a simple, sensible policy for every seat, that now and then gives in to the
temptation its role is known for (paper section III): in a "tempted" round a role follows its
short-term list instead of the sound one — the ministry spreads designations and uniform money,
the local government builds, firms lobby or chase high tech, the university buys equipment.

It sees only `observe(state, role)` and the scenario's public content (cards, action menu).
Its dice come from its own generator, seeded from the game's seed, so a simulation is
reproducible; the moves themselves go into the action log like any player's.
"""
from __future__ import annotations

import numpy as np

from game.engine import IllegalAction, check, legal_actions
from game.engine.actions import (Action, Cancel, ChooseOption, Cofund, DealTerms, EndNegotiation,
                                 EndTurn, Fund, ProposeDeal, RespondDeal, Share, Transfer)
from game.engine.constants import ACTIONS, FAILURE_IDS, ROLE_INDEX
from game.engine.game import cancellable_programmes, fund_blocker, funded_counts, observe_turn
from game.engine.state import GameState

DEFAULT_TEMPTATION = 0.15   # chance, per role and round, of playing the short-term game

# What each role funds first, in order, when the condition holds (obs -> bool).
PRIORITIES: dict[str, list[tuple[str, object]]] = {
    "ministry": [
        ("ministry.macro_measure", lambda o: o["macro"] < -0.3),
        ("ministry.fund_diagnosis", lambda o: not o["diagnosis_in_force"]),
        ("ministry.tailored_programme", lambda o: True),
        ("ministry.capacity_grant", lambda o: o["region"]["absorptive"] < 55),
        ("ministry.cohesion_transfer", lambda o: o["region"]["cohesion"] < 40),
        ("ministry.coordination", lambda o: True),
    ],
    "local": [
        ("local.welfare", lambda o: o["region"]["cohesion"] < 40),
        ("local.training_programme", lambda o: True),
        ("local.labour_council", lambda o: o["region"]["network"] < 50),
        ("local.supra_regional", lambda o: o["region"]["external"] < 45),
        ("local.build_centre", lambda o: o["budgets"]["local"] >= 45),
    ],
    "firms": [
        ("firms.highroad_upgrading", lambda o: True),
        ("firms.supplier_consortium", lambda o: o["region"]["network"] < 60),
        ("firms.recruit_outside", lambda o: o["region"]["external"] < 45),
        ("firms.invest_rd", lambda o: o["budgets"]["firms"] >= 40),
    ],
    "university": [
        ("university.applied_research", lambda o: True),
        ("university.training_with_firms", lambda o: True),
        ("university.tech_transfer_office", lambda o: o["region"]["network"] < 55),
    ],
}

# The short-term game of each role (III.1–III.3): visible, quick, or good for its own budget.
TEMPTED: dict[str, list[tuple[str, object]]] = {
    "ministry": [
        ("ministry.designate_cluster", lambda o: True),
        ("ministry.designate_cluster", lambda o: o["designations"] < 3),
        ("ministry.uniform_programme", lambda o: True),
        ("ministry.hardware_grant", lambda o: True),
    ],
    "local": [
        ("local.build_centre", lambda o: True),
        ("local.science_park", lambda o: True),
        ("local.lobby_ministry", lambda o: True),
        ("local.attract_institute", lambda o: True),
    ],
    "firms": [
        ("firms.lobby_subsidy", lambda o: True),
        ("firms.hightech_diversification", lambda o: True),
    ],
    "university": [
        ("university.equipment_grant", lambda o: True),
        ("university.basic_research", lambda o: True),
    ],
}


def _cofund_half(action_id: str, payer: str, owner: str):
    def build(scenario) -> DealTerms:
        cost = scenario.actions[action_id].cost
        return DealTerms((owner,), cofund=Cofund(action_id, (Share(payer, cost // 2),
                                                             Share(owner, cost - cost // 2))))
    return build


# The one deal each role proposes per round, if it can.
PROPOSALS = {
    # the ministry pays the region for training, on condition it is done (L2)
    "ministry": lambda sc: DealTerms(("local",), transfers=(
        Transfer("ministry", "local", 10, "local.training_programme"),)),
    # firms and university co-fund applied research (S1)
    "firms": _cofund_half("university.applied_research", "firms", "university"),
}
TEMPTED_PROPOSALS = {
    # a subsidy with no strings, because firms asked for it (C2)
    "ministry": lambda sc: DealTerms(("firms",), transfers=(Transfer("ministry", "firms", 15),)),
}


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
            proposal = (TEMPTED_PROPOSALS if tempted else PROPOSALS).get(role)
            if proposal:
                action = ProposeDeal(role, proposal(state.scenario))
                try:
                    check(state, action)
                    return action
                except IllegalAction:
                    pass
        return EndNegotiation(role)

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
        plan = TEMPTED if tempted else PRIORITIES
        for i, (action_id, when) in enumerate(plan.get(self.role, [])):
            # repeatable actions appear twice in a plan: count how often they were funded
            wanted = sum(1 for aid, _w in plan[self.role][:i + 1] if aid == action_id)
            funded = sum(1 for (_r, a, _c) in obs["funded_this_round"] if a == action_id)
            if action_id in fundable and funded < wanted and when(obs):
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
        plan = TEMPTED if tempted else PRIORITIES
        funded: dict[str, int] = {}
        for (_r, a, _c) in obs["funded_this_round"]:
            funded[a] = funded.get(a, 0) + 1
        seen: dict[str, int] = {}       # how often each action appears in the plan so far
        for action_id, when in plan.get(role, []):
            wanted = seen[action_id] = seen.get(action_id, 0) + 1
            if funded.get(action_id, 0) < wanted and fundable(action_id) and when(obs):
                return Fund(role, action_id)
        return EndTurn(role)
