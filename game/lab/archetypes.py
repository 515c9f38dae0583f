"""Scripted players for the strategy lab: each plays one role in one fixed way, deterministic
for a seed, seeing only `observe(state, role)` and the scenario's public content.

* `lesson`  — plays its role by the paper's lessons (what each follows: `LESSONS_FOLLOWED`).
* `trap`    — plays the temptations its private agenda pulls toward (III.1–III.3).
* `extreme` — one single-minded habit per role (`EXTREMES`): designate every region it may,
  build every round, lobby every round, buy equipment every round.
* `idle`    — spends nothing and accepts every deal.
* `mixed`   — a seeded coin each round between `lesson` and `trap`.

They are measuring instruments, not opponents: the lab asks "does the paper's advice pay in
this model?", so a lesson player never peeks at hidden state and never adapts to its score.
"""
from __future__ import annotations

import numpy as np

from game.engine import IllegalAction, check
from game.engine.actions import (Action, Cancel, ChooseOption, Cofund, DealTerms, EndNegotiation, EndTurn,
                                 Fund, ProposeDeal, RespondDeal, Share, Transfer)
from game.engine.constants import ACTIONS, EVENT, FAILURE_IDS, NEGOTIATION, ROLE_INDEX
from game.engine.game import cancellable_programmes, fund_blocker, funded_counts, may_allocate, observe_turn
from game.engine.state import GameState

ARCHETYPES = ("lesson", "trap", "extreme", "idle", "mixed")

# Which of the paper's lessons each role's `lesson` player follows (GAME_DESIGN §2, paper IV).
LESSONS_FOLLOWED = {
    "ministry": [
        ("L1", "IV.2", "diagnoses the region first and funds tailored programmes only on a diagnosis"),
        ("L2", "IV.2", "builds absorptive capacity before it sends more money"),
        ("L3", "III.4, IV.2", "stabilises a downturn nationally; spends what is left on cohesion, not on more sites"),
        ("L4", "III.3(1)", "designates the sites the plan allows, and not one more"),
        ("S3", "III.3(4)", "convenes coordination so central and local programmes do not overlap"),
        ("C2", "III.3(2)", "ties every grant to a programme (conditional, co-funded), never a subsidy without strings"),
    ],
    "local": [
        ("L1", "IV.2", "commissions its own diagnosis"),
        ("L2", "IV.2", "trains people instead of building"),
        ("L5", "footnote 4", "a labour-management-government council: a real partnership (in a production city "
                             "with weak cohesion, the programme it asks the centre to back)"),
        ("S2", "II.2(2)", "cooperates with neighbouring regions for outside links"),
        ("L3", "III.4", "welfare where cohesion is weak"),
        ("B3/C3", "III.2(3), III.3(3)", "builds only where networks are dense enough to use a building"),
        ("C5", "III.3(5)", "keeps running programmes after a change of government"),
    ],
    "firms": [
        ("L2", "III.1(3)", "high-road upgrading of the industry it already has, not a high-tech leap"),
        ("S1", "II.2(1)", "a supplier consortium: networks between firms"),
        ("S2", "III.2(1)", "recruits outside talent and technology"),
        ("L5", "IV.2", "co-funds training and research with the public side instead of lobbying"),
    ],
    "university": [
        ("L5", "III.2(2)", "applied research on local firms' problems, co-funded with firms"),
        ("L2", "IV.2", "training designed with firms"),
        ("S1", "III.2(2)", "a technology-transfer office as a node of the network"),
    ],
}

PRODUCTION_GAP = 25    # industry this far above innovation at the start: a production city
WEAK_COHESION = 45     # below this cohesion is weak: the lesson's local government funds welfare first (L3)

# What a `lesson` player funds, in order, when the condition on the public observation holds.
_LESSON = {
    "ministry": [
        ("ministry.macro_measure", lambda o: o["macro"] < -0.2),
        ("ministry.fund_diagnosis", lambda o: not o["diagnosis_in_force"]),
        ("ministry.tailored_programme", lambda o: True),
        ("ministry.capacity_grant", lambda o: o["region"]["absorptive"] < 65),
        ("ministry.coordination", lambda o: True),
        ("ministry.designate_cluster", lambda o: o["designations"] < o["designation_limit"]),
        ("ministry.cohesion_transfer", lambda o: True),
    ],
    "local": [
        ("local.welfare", lambda o: o["region"]["cohesion"] < WEAK_COHESION),
        ("local.commission_diagnosis", lambda o: not o["diagnosis_in_force"]),
        ("local.training_programme", lambda o: True),
        ("local.labour_council", lambda o: True),
        ("local.supra_regional", lambda o: True),
        ("local.build_centre", lambda o: o["region"]["network"] >= 55),
    ],
    "firms": [
        ("firms.recruit_outside", lambda o: True),
        ("firms.highroad_upgrading", lambda o: True),
        ("firms.supplier_consortium", lambda o: True),
        ("firms.cofund_training", lambda o: True),
        ("firms.invest_rd", lambda o: True),
    ],
    "university": [
        ("university.tech_transfer_office", lambda o: True),
        ("university.applied_research", lambda o: True),
        ("university.training_with_firms", lambda o: True),
        ("university.spinoff_support", lambda o: True),
        ("university.equipment_grant", lambda o: o["region"]["network"] >= 55),
    ],
}

# The short-term game of each role, pulled by its private agenda (III.1–III.3).
_TRAP = {
    "ministry": [
        ("ministry.designate_cluster", lambda o: True),
        ("ministry.designate_cluster", lambda o: True),
        ("ministry.uniform_programme", lambda o: True),
        ("ministry.hardware_grant", lambda o: True),
        ("ministry.designate_cluster", lambda o: True),
    ],
    "local": [
        ("local.build_centre", lambda o: True),
        ("local.lobby_ministry", lambda o: True),
        ("local.science_park", lambda o: True),
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

# One habit, every round, as often as the rules allow.
EXTREMES = {
    "ministry": ("ministry.designate_cluster", "designates every region it may"),
    "local": ("local.build_centre", "builds every round"),
    "firms": ("firms.lobby_subsidy", "lobbies every round"),
    "university": ("university.equipment_grant", "buys equipment every round"),
}
_EXTREME = {role: [(aid, lambda o: True)] * 5 for role, (aid, _why) in EXTREMES.items()}
_EXTREME["local"] = [("local.build_centre", lambda o: True), ("local.science_park", lambda o: True),
                     ("local.attract_institute", lambda o: True)]


def _grant(giver, receiver, amount, condition=None, asked=False):
    """Money from `giver` to `receiver`: offered by the giver, or `asked` for by the receiver."""
    return DealTerms((giver if asked else receiver,), transfers=(Transfer(giver, receiver, amount, condition),))


def cofund_terms(scenario, action_id, payer, proposer=None):
    """Half of `action_id` paid by `payer`, half by the action's owner; proposed by `proposer`
    (default: the payer) to the other one."""
    act = scenario.actions[action_id]
    half = act.cost // 2
    other = act.role if (proposer or payer) == payer else payer
    return DealTerms((other,), cofund=Cofund(action_id, (Share(payer, half),
                                                         Share(act.role, act.cost - half))))


# The deals each style proposes (one per round, if legal).
_LESSON_DEALS = {
    # the centre co-funds the region's training: capacity first (L2), money tied to it (C2)
    "ministry": lambda sc: cofund_terms(sc, "local.training_programme", "ministry"),
    "firms": lambda sc: cofund_terms(sc, "university.applied_research", "firms"),
    # training designed with firms, who pay their share
    "university": (lambda sc: cofund_terms(sc, "university.training_with_firms", "firms", proposer="university"),),
    # the region asks the centre to back its training (and so to coordinate with it, III.3(4));
    # a production city with weak cohesion asks for its labour-management-government council,
    # the partnership footnote 4 credits
    "local": lambda sc: _grant("ministry", "local", 10, "local.labour_council" if _labour_conflict(sc)
                               else "local.training_programme", asked=True),
}


def _production_city(scenario) -> bool:
    """A region whose industry far outweighs its innovation (public: the starting indicators)."""
    ind = scenario.indicators
    return ind["industry"] - ind["innovation"] >= PRODUCTION_GAP


def _labour_conflict(scenario) -> bool:
    """A production city with weak cohesion: where labour relations decide (footnote 4)."""
    return _production_city(scenario) and scenario.indicators["cohesion"] < WEAK_COHESION


_TRAP_DEALS = {
    "ministry": lambda sc: _grant("ministry", "firms", 15),
    "firms": lambda sc: _grant("ministry", "firms", 10, asked=True),
    "local": lambda sc: _grant("ministry", "local", 10, asked=True),
    "university": lambda sc: _grant("ministry", "university", 10, "university.equipment_grant", asked=True),
}


def _option_rank(tags) -> int:
    return sum(1 for t in tags if t in FAILURE_IDS) - sum(1 for t in tags if t not in FAILURE_IDS)


class _Fundable:
    """The Fund moves of `legal_actions(state, role)` as {action id: Fund}, each asked only when
    the plan names it (the same rule, `fund_blocker`), and its Cancel moves."""

    __slots__ = ("state", "role", "now", "counts", "known")

    def __init__(self, state, role):
        self.state, self.role = state, role
        self.now = may_allocate(state, role)
        self.counts = funded_counts(state, role) if self.now else {}
        self.known: dict[str, bool] = {}

    def __contains__(self, action_id) -> bool:
        if not self.now:
            return False
        ok = self.known.get(action_id)
        if ok is None:
            ok = self.known[action_id] = fund_blocker(self.state, self.role, action_id, self.counts) is None
        return ok

    def __getitem__(self, action_id) -> Fund:
        if action_id not in self:
            raise KeyError(action_id)
        return Fund(self.role, action_id)

    def cancels(self) -> list[Cancel]:
        return [Cancel(self.role, p.uid) for p in cancellable_programmes(self.state, self.role)] if self.now else []


def _legal(state, action) -> bool:
    try:
        check(state, action)
        return True
    except IllegalAction:
        return False


class Archetype:
    """One scripted style for one role. `style` is one of ARCHETYPES."""

    level = "archetype"

    def __init__(self, role: str, style: str, seed: int = 0, ban=(), first=(), deal=None,
                 cancel_at=None, save=False, designate_upto=None):
        """The lab's "one change" to a style: `ban` (actions never funded), `first` (actions
        funded before the style's own plan, every round), `deal` (scenario -> DealTerms proposed
        instead of the style's own), `cancel_at` (a round in which every cancellable programme
        is stopped: a new administration scrapping its predecessor's work), `save` (when the
        first of `first` is not affordable yet, keep the money for it instead of spending it),
        `designate_upto` (designate regions, first thing each round, until this many are)."""
        if style not in ARCHETYPES:
            raise ValueError(style)
        self.role = role
        self.style = style
        self.seed = int(seed)
        self.ban = frozenset(ban)
        self.first = tuple(first)
        self.deal = deal
        self.cancel_at = cancel_at
        self.save = bool(save)
        self.designate_upto = designate_upto
        self._coin = np.random.default_rng([self.seed, ROLE_INDEX[role], 4242])
        self._round_style: tuple[int, str] | None = None
        self.last_explanation = None

    def style_in(self, rnd: int) -> str:
        """The style played this round (`mixed` flips its seeded coin once a round)."""
        if self.style != "mixed":
            return self.style
        if self._round_style is None or self._round_style[0] != rnd:
            self._round_style = (rnd, "lesson" if self._coin.random() < 0.5 else "trap")
        return self._round_style[1]

    def act(self, state: GameState) -> Action:
        role = self.role
        # observe(state, role, brief=True) cut to what this phase's move reads (observe_turn):
        # a lab plays tens of thousands of games, and an observation is built for every move
        obs = observe_turn(state, role)
        obs["designation_limit"] = state.scenario.designation_limit     # public: the plan
        style = self.style_in(obs["round"])
        phase = obs["phase"]
        if phase == EVENT:
            opts = obs["card"]["options"]
            if style == "idle":
                pick = opts[0]
            else:
                sign = 1 if style == "lesson" else -1      # extreme and trap take the riskiest
                pick = min(opts, key=lambda o: sign * _option_rank(o["tags"]))
            return ChooseOption(role, pick["id"])
        if phase == NEGOTIATION:
            return self._negotiate(state, obs, style)
        if phase == ACTIONS:
            return self._allocate(state, obs, style)
        raise ValueError(f"{role} has nothing to do now")

    def _negotiate(self, state, obs, style) -> Action:
        role, sc = self.role, state.scenario
        if obs["pending_for_you"]:
            deals = {d["id"]: d for d in obs["deals"]}
            deal = deals[obs["pending_for_you"][0]]
            return RespondDeal(role, deal["id"], self._accepts(deal["terms"], style, sc))
        if style in ("lesson", "trap"):
            if self.deal is not None:
                offers = [self.deal]
            else:
                offers = (_LESSON_DEALS if style == "lesson" else _TRAP_DEALS).get(role, ())
                offers = offers if isinstance(offers, tuple) else (offers,)
            # the offers this region calls for (a builder may return None: not here)
            offers = [t for t in (build(sc) for build in offers) if t is not None]
            made = obs["proposed_this_round"]
            terms = offers[made] if made < len(offers) else None
            if terms is not None:
                action = ProposeDeal(role, terms)
                if _legal(state, action):
                    return action
        return EndNegotiation(role)

    def _accepts(self, terms: dict, style: str, sc) -> bool:
        if style == "idle":
            return True
        role = self.role
        pays = sum(t["amount"] for t in terms["transfers"] if t["giver"] == role)
        if terms["cofund"]:
            pays += sum(s["amount"] for s in terms["cofund"]["shares"] if s["role"] == role)
        unconditional_out = any(t["giver"] == role and not t["condition"] for t in terms["transfers"])
        if style == "lesson":
            # a lesson player pays only for sound programmes: money tied to one, or a share of a
            # co-funded one (III.3(2)); never for buildings, lobbying or designations
            hard = ("hardware", "lobby", "designation")
            for t in terms["transfers"]:
                if t["giver"] == role and (not t["condition"] or sc.actions[t["condition"]].kind in hard):
                    return False
            if terms["cofund"] and pays and sc.actions[terms["cofund"]["action_id"]].kind in hard:
                return False
            return pays <= 15
        # a trap player takes money, and gives it only without strings to friends of its agenda
        return pays == 0 or (unconditional_out and pays <= 15)

    def _allocate(self, state, obs, style) -> Action:
        role = self.role
        if style == "idle":
            return EndTurn(role)
        if style == "trap" and obs["government_changed_round"] == obs["round"] and self.cancel_at is None:
            self.cancel_at = obs["round"]      # the new administration drops the old programmes (C5)
        fundable = _Fundable(state, role)      # legal_actions' moves, asked one at a time
        owed = [c["target"] for c in obs["commitments"] if c["role"] == role and c["kind"] == "fund"]
        already = [a for (_r, a, _c) in obs["funded_this_round"]]
        for target in owed:
            if target in fundable and target not in already:
                return fundable[target]
        if self.cancel_at is not None and obs["round"] == self.cancel_at:
            for a in fundable.cancels():
                return a
        if self.save and self.first and self.first[0] not in fundable and self.first[0] not in already:
            return EndTurn(role)       # saving up for the one thing it wants
        first = [(aid, lambda o: True) for aid in self.first]
        if self.designate_upto is not None:
            n = self.designate_upto
            first = [("ministry.designate_cluster", lambda o: o["designations"] < n)] * n + first
        plan = first + [(aid, when) for aid, when in
                        {"lesson": _LESSON, "trap": _TRAP, "extreme": _EXTREME}[style][role]
                        if aid not in self.ban]
        seen: dict[str, int] = {}        # how often each action appears in the plan so far
        for action_id, when in plan:
            wanted = seen[action_id] = seen.get(action_id, 0) + 1
            if already.count(action_id) < wanted and action_id in fundable and when(obs):
                return fundable[action_id]
        return EndTurn(role)
