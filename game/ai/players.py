"""The AI levels: `easy` (a personality's heuristic with noise), `normal` (utility-maximising with
a one-round lookahead over the engine) and `hard` (flat Monte Carlo search over the engine with
determinised hidden information, a fixed number of samples; only the window may cap it in time).

Every AI is built `(role, seed, personality=None)` and answers `act(state) -> Action`. It reads
the state only through `observe(state, role)` and the scenario's public content; to look ahead
it builds its own determinised copy (game.ai.view). Every decision leaves a reason in
`last_explanation` = {"msg": English msgid, "params": {...}} (render with game.i18n.translate).

An allocation is planned as a whole when a role's actions turn begins (what to fund, in which
order); the moves of the plan are then played one by one, each with its own explanation.
"""
from __future__ import annotations

import time

import numpy as np

from game.engine import IllegalAction, apply, check, current_player, is_over, may_allocate
from game.engine.actions import (Action, Cancel, ChooseOption, CounterDeal, DealTerms,
                                 EndNegotiation, EndTurn, Fund, ProposeDeal, RespondDeal, Transfer)
from game.engine.constants import ACTIONS, EVENT, FAILURE_IDS, IND, NEGOTIATION, ROLE_INDEX
from game.engine.game import (apply_in_place, apply_unchecked, cancellable_programmes, fund_blocker,
                              funded_counts, observe_moves)
from game.engine.labels import N_, ROLE_LABELS
from game.engine.state import GameState

from game.content.ai_plans import DEAL_REASONS

from . import plans as _plans
from .personalities import personality_for
from .utility import Valuer
from .view import determinise, observation

LEVEL_CODES = {"easy": 1, "normal": 2, "hard": 3}
HARD_SAMPLES = 8            # determinisations per candidate: every hard search uses exactly these
HARD_WINDOW_CAP_S = 0.35    # the window's optional time cap on one hard search (nowhere else)
HARD_HORIZON = 2            # rounds simulated after the current one
HARD_SWITCH_MARGIN = 2.0    # hard: how much better a rollout must find another plan than normal's
TEMPTED_BIAS = 10.0         # normal/hard: how much better a lure looks in a tempted round
GREEDY_SHORTLIST = 5        # normal: candidates per greedy step, preselected by a quick estimate


def _option_rank(tags) -> int:
    lessons = sum(1 for t in tags if t not in FAILURE_IDS)
    risks = sum(1 for t in tags if t in FAILURE_IDS)
    return risks - lessons


def explanation(msg: str, **params) -> dict:
    return {"msg": msg, "params": params}


class PersonalityAI:
    """`easy`: follows its personality's list of favoured actions (its short-term list in a
    tempted round), answers deals by a rough, noisy value, and now and then acts on a whim."""

    level = "easy"

    def __init__(self, role: str, seed: int = 0, personality=None, scenario=None):
        self.role = role
        self.seed = int(seed)
        self._personality_arg = personality
        self.personality = None
        self._scenario = None
        self._rng = np.random.default_rng([self.seed, ROLE_INDEX[role], LEVEL_CODES.get(self.level, 0)])
        self._mood: tuple[int, bool] | None = None
        self._plan: list[tuple[Action, dict]] = []
        self._plan_key = None
        self._promises: dict[int, bool] = {}     # deal id -> keep?
        self._valuer: Valuer | None = None
        self.last_explanation: dict | None = None
        self.explanations: list[dict] = []       # every decision, in order, with round/phase
        self.decision_ms: list[float] = []
        self._steps = 0
        if scenario is not None:
            self._setup(scenario)

    def fork(self) -> "PersonalityAI":
        """An independent copy in the same frame of mind (for tests and what-if analysis)."""
        import copy
        twin = copy.copy(self)
        twin._rng = copy.deepcopy(self._rng)
        twin._plan = list(self._plan)
        twin._promises = dict(self._promises)
        twin.explanations = list(self.explanations)
        twin.decision_ms = list(self.decision_ms)
        return twin

    # --- set-up ----------------------------------------------------------------------------
    def _setup(self, scenario) -> None:
        if self._scenario is scenario:
            return
        self._scenario = scenario
        self.personality = personality_for(self.role, self._personality_arg, scenario)
        self._valuer = Valuer(scenario, self.role, self.personality)

    def _tempted(self, rnd: int) -> bool:
        if self._mood is None or self._mood[0] != rnd:
            self._mood = (rnd, bool(self._rng.random() < self.personality.temptation))
        return self._mood[1]

    def _decision_rng(self, obs: dict) -> np.random.Generator:
        """Dice for one decision: from our seed and what we can see, never the hidden state."""
        self._steps += 1
        return np.random.default_rng([self.seed, ROLE_INDEX[self.role], obs["round"],
                                      self._steps, LEVEL_CODES.get(self.level, 0)])

    # --- the API ---------------------------------------------------------------------------
    def act(self, state: GameState) -> Action:
        start = time.perf_counter()
        self._setup(state.scenario)
        obs = observe_moves(state, self.role)     # observe(brief=True) without what it never reads
        action, why = self._decide(state, obs)
        why = dict(why)
        self.last_explanation = why
        self.explanations.append({"round": obs["round"], "phase": obs["phase"], **why})
        self.decision_ms.append((time.perf_counter() - start) * 1000.0)
        return action

    def _decide(self, state: GameState, obs: dict) -> tuple[Action, dict]:
        phase = obs["phase"]
        if phase == EVENT:
            return self._choose_option(state, obs)
        if phase == NEGOTIATION:
            return self._negotiate(state, obs)
        if phase == ACTIONS:
            return self._allocate_step(state, obs)
        raise ValueError(f"{self.role} has nothing to do now")

    # --- events ----------------------------------------------------------------------------
    def _choose_option(self, state, obs) -> tuple[Action, dict]:
        card = state.scenario.cards[obs["card"]["id"]]
        tempted = self._tempted(obs["round"])
        sign = -1 if tempted else 1
        opts = list(card.options)
        if self._rng.random() < self.personality.noise:
            opt = opts[int(self._rng.integers(len(opts)))]
            return ChooseOption(self.role, opt.id), explanation(
                N_("On '{card}' we went with our instinct rather than a calculation."),
                card=dict(card.title))
        opt = min(opts, key=lambda o: sign * _option_rank(o.tags))
        if tempted:
            return ChooseOption(self.role, opt.id), explanation(
                N_("On '{card}' the quick, visible option tempted us this time."),
                card=dict(card.title))
        return ChooseOption(self.role, opt.id), explanation(
            N_("On '{card}' we chose the option that follows the paper's lessons most and risks "
               "the fewest traps."), card=dict(card.title))

    # --- negotiation -------------------------------------------------------------------------
    def _money(self) -> float:
        return max(self._valuer.money(), 0.12)

    def deal_value(self, obs: dict, terms: dict) -> float:
        """What a deal is worth to us, in our utility (rough and quick)."""
        role, v = self.role, self._valuer
        sc = self._scenario
        absorptive, network = obs["region"]["absorptive"], obs["region"]["network"]
        mv = self._money()
        subs = v.agenda.get("subsidies", 0.0)
        value = 0.5                                   # a deal builds trust
        for t in terms["transfers"]:
            if t["receiver"] == role:
                value += t["amount"] * (mv + subs)
                if t["condition"]:
                    act = sc.actions[t["condition"]]
                    value += v.action_value(act, obs["round"], absorptive, network) - act.cost * mv
                    if act.id in v.favours:
                        value += 1.0
            if t["giver"] == role:
                value -= t["amount"] * mv
                if t["condition"]:       # money tied to a programme the region needs
                    act = sc.actions[t["condition"]]
                    value += 0.8 * v.action_value(act, obs["round"], absorptive, network)
        if terms["cofund"]:
            act = sc.actions[terms["cofund"]["action_id"]]
            mine = sum(s["amount"] for s in terms["cofund"]["shares"] if s["role"] == role)
            if mine:
                value += v.action_value(act, obs["round"], absorptive, network) - mine * mv
                value += v.agenda.get("programme_spend", 0.0) * mine
                if act.id in v.favours:
                    value += 1.0
        for c in terms["commitments"]:
            if c["role"] == role:
                if c["kind"] == "reveal_agenda":
                    value -= 1.0
                elif c["kind"] == "not_fund":
                    value -= 4.0 if c["target"] in v.favours else 0.3
                else:
                    value -= 0.5
            elif c["kind"] == "not_fund":
                value += 1.0
            elif c["kind"] == "reveal_agenda":
                value += 0.5
        return value

    def _value_noise(self) -> float:
        return float(self._rng.normal(0.0, 2.0))

    def _negotiate(self, state, obs) -> tuple[Action, dict]:
        role = self.role
        if obs["pending_for_you"]:
            deals = {d["id"]: d for d in obs["deals"]}
            deal = deals[obs["pending_for_you"][0]]
            value = self.deal_value(obs, deal["terms"]) + self._value_noise()
            if value >= 0:
                return RespondDeal(role, deal["id"], True), explanation(
                    N_("Deal no. {deal} is worth about {value} to us, so we accept it."),
                    deal=deal["id"], value=round(value, 1))
            counter = self._counter(state, obs, deal)
            if counter is not None:
                return counter, explanation(
                    N_("Deal no. {deal} would cost us about {value}; we answer with terms that "
                       "serve us better."), deal=deal["id"], value=round(-value, 1))
            return RespondDeal(role, deal["id"], False), explanation(
                N_("Deal no. {deal} would cost us about {value}, so we reject it."),
                deal=deal["id"], value=round(-value, 1))
        if not obs["proposed_this_round"]:
            for terms, why in self._proposals(obs):
                action = ProposeDeal(role, terms)
                if self.deal_value(obs, _terms_json(terms)) < 0:
                    continue
                if _legal(state, action):
                    return action, why
        return EndNegotiation(role), explanation(N_("No deal is worth proposing to us now."))

    def _counter(self, state, obs, deal) -> Action | None:
        if obs["proposed_this_round"]:
            return None
        for terms, _why in self._proposals(obs):
            if deal["proposer"] in terms.recipients:
                action = CounterDeal(self.role, deal["id"], terms)
                if self.deal_value(obs, _terms_json(terms)) >= 0 and _legal(state, action):
                    return action
        # ask for half of what they asked of us
        t = deal["terms"]
        asks = [x for x in t["transfers"] if x["giver"] == self.role and x["amount"] >= 2]
        if asks and len(t["transfers"]) == 1 and not t["cofund"] and not t["commitments"]:
            x = asks[0]
            terms = DealTerms((deal["proposer"],), transfers=(
                Transfer(self.role, x["receiver"], x["amount"] // 2, x["condition"]),))
            action = CounterDeal(self.role, deal["id"], terms)
            if _legal(state, action):
                return action
        return None

    def _proposals(self, obs) -> list[tuple[DealTerms, dict]]:
        """The deals this personality would like, best first: its role's `deals:` in
        personalities.yaml, the `short` ones in a tempted round or when it weighs its agenda
        above the objectives, else the `sound` ones (game/ai/plans.py)."""
        role, p = self.role, self.personality
        sc = self._scenario
        tempted = self._tempted(obs["round"])
        short = tempted or p.weights.get("agenda", 1) > p.weights.get("objectives", 1)
        out: list[tuple[DealTerms, dict]] = []
        budget = obs["budgets"][role]
        for deal in _plans.builtin_plans().deals.get(role, {}).get("short" if short else "sound", ()):
            if deal.budget_at_least is not None and budget < deal.budget_at_least:
                continue
            made = _plans.deal_terms(deal, role, sc)
            if made is None:
                continue
            terms, other, act = made
            msg = DEAL_REASONS[deal.reason]
            params = {"action": dict(act.name)} if act is not None and "{action}" in msg else {}
            params["party"] = ROLE_LABELS[other]
            out.append((terms, explanation(msg, **params)))
        return out

    # --- commitments ------------------------------------------------------------------------
    def _keeps(self, deal_id: int) -> bool:
        if deal_id not in self._promises:
            rng = np.random.default_rng([self.seed, ROLE_INDEX[self.role], int(deal_id), 99])
            self._promises[deal_id] = bool(rng.random() < self.personality.honesty)
        return self._promises[deal_id]

    def _duties(self, obs) -> tuple[list[tuple[str, int]], set[str]]:
        """Actions we promised to fund (that we mean to keep), and those we must not fund."""
        owed, banned = [], set()
        for c in obs["commitments"]:
            if c["role"] != self.role:
                continue
            if c["kind"] == "fund":
                if self._keeps(c["deal"]):
                    owed.append((c["target"], c["deal"]))
                else:                    # pocket the money: fund anything but the promise
                    banned.add(c["target"])
            if c["kind"] == "not_fund" and self._keeps(c["deal"]):
                banned.add(c["target"])
        return owed, banned

    # --- actions phase ----------------------------------------------------------------------
    def _allocate_step(self, state, obs) -> tuple[Action, dict]:
        if self._plan_key != obs["round"]:
            plan = self._make_plan(state, obs)
            spent = sum(self._scenario.actions[a.action_id].cost for a, _w in plan if isinstance(a, Fund))
            left = obs["budgets"][self.role] - spent
            if not any(isinstance(a, Fund) for a, _w in plan):
                end = explanation(N_("Nothing is worth its cost to us this round; we keep {budget}."),
                                  budget=left)
            else:
                end = explanation(N_("We have funded what we meant to; {budget} stays in our budget."),
                                  budget=left)
            if not plan or not isinstance(plan[-1][0], EndTurn):
                plan.append((EndTurn(self.role), end))
            self._plan = plan
            self._plan_key = obs["round"]
        while self._plan:
            action, why = self._plan.pop(0)
            if _legal(state, action):
                return action, why
        return EndTurn(self.role), explanation(N_("Nothing is worth its cost to us this round; we "
                                                  "keep {budget}."), budget=obs["budgets"][self.role])

    def _fundable(self, state, obs, banned: set[str]) -> list[str]:
        role = self.role
        return [a.id for a in self._scenario.actions_of(role)
                if a.id not in banned and fund_blocker(state, role, a.id) is None]

    def _promised_moves(self, state, obs, budget: int) -> tuple[list, int, set[str]]:
        owed, banned = self._duties(obs)
        moves = []
        already = {a for (_r, a, _c) in obs["funded_this_round"]}
        for target, deal in owed:
            act = self._scenario.actions.get(target)
            if act and target not in already and act.cost <= budget:
                moves.append((Fund(self.role, target), explanation(
                    N_("We keep our word: we promised {action} in deal no. {deal}."),
                    action=dict(act.name), deal=deal)))
                budget -= act.cost
        for c in obs["commitments"]:
            if c["role"] == self.role and c["kind"] == "fund" and not self._keeps(c["deal"]):
                act = self._scenario.actions.get(c["target"])
                self.explanations.append({"round": obs["round"], "phase": obs["phase"],
                                          **explanation(N_("We break the promise of deal no. {deal}: "
                                                           "{action} is not worth it to us."),
                                                        deal=c["deal"],
                                                        action=dict(act.name) if act else c["target"])})
        return moves, budget, banned

    def _make_plan(self, state, obs) -> list[tuple[Action, dict]]:
        role, p = self.role, self.personality
        budget = obs["budgets"][role]
        moves, budget, banned = self._promised_moves(state, obs, budget)
        tempted = self._tempted(obs["round"])
        if tempted:
            gov = obs["government_changed_round"]
            if gov is not None and obs["round"] == gov and p.weights.get("agenda", 1) > 1:
                for a in _cancellable(state, role):
                    moves.append((a, explanation(N_("A new administration wants its own projects, "
                                                    "so we stop one its predecessor started."))))
                    break
        names = p.tempted_by if tempted else p.favours
        planned = [m[0].action_id for m in moves if isinstance(m[0], Fund)]
        counts: dict[str, int] = {}
        fundable = set(self._fundable(state, obs, banned))
        for aid in names:
            counts[aid] = counts.get(aid, 0) + 1
            act = self._scenario.actions[aid]
            if self._rng.random() < p.noise and fundable:
                aid = sorted(fundable)[int(self._rng.integers(len(fundable)))]
                act = self._scenario.actions[aid]
                why = explanation(N_("{action}: a hunch rather than a calculation."), action=dict(act.name))
            elif tempted:
                why = explanation(N_("{action}: quick and visible, and this round the short-term game "
                                     "won."), action=dict(act.name))
            else:
                why = explanation(N_("{action}: as a {personality}, this is what we fund first."),
                                  action=dict(act.name), personality=dict(p.name))
            if aid not in fundable or act.cost > budget:
                continue
            if planned.count(aid) >= (5 if act.repeatable else 1):
                continue
            planned.append(aid)
            moves.append((Fund(role, aid), why))
            budget -= act.cost
        return moves


class NormalAI(PersonalityAI):
    """`normal`: weighs every move by its utility after a one-round lookahead on a determinised
    copy of what it can see (the engine plays the round to its resolution)."""

    level = "normal"

    def _value_noise(self) -> float:
        return 0.0

    def _choose_option(self, state, obs) -> tuple[Action, dict]:
        full = observation(state, self.role)
        rng = self._decision_rng(obs)
        det = determinise(full, self._scenario, self.role, rng)
        card = self._scenario.cards[obs["card"]["id"]]
        base = det.ind.copy()
        best = None
        for o in card.options:
            s = apply(det, ChooseOption(self.role, o.id))
            v = self._valuer.value(s, base) + self._bias_option(o)
            if best is None or v > best[0]:
                best = (v, o)
        v, o = best
        return ChooseOption(self.role, o.id), explanation(
            N_("On '{card}' we chose '{option}': by our estimate it is worth {value} to us, more "
               "than the alternatives."), card=dict(card.title), option=dict(o.text), value=round(v, 1))

    def _bias_option(self, option) -> float:
        """Personality: a foil is drawn to the traps, a reformer to the lessons."""
        p = self.personality
        lean = p.weights.get("agenda", 1) - p.weights.get("objectives", 1)
        return 0.8 * lean * _option_rank(option.tags)

    def _lookahead(self, det: GameState, base, funds: list[str], eligible: bool = False) -> float:
        """`eligible`: the caller found the one action in `funds` eligible on `det` itself
        (`fund_blocker`, what `check` asks of a Fund), so on our turn of the actions phase
        neither it nor the EndTurn after it can be illegal: they are played unchecked (the
        greedy's candidates, about 2% of a normal-AI game)."""
        s = det.clone()          # one private copy plays the moves on (what apply would give)
        role = self.role
        if eligible and len(funds) <= 1 and may_allocate(s, role):
            for aid in funds:
                apply_unchecked(s, Fund(role, aid))
            apply_unchecked(s, EndTurn(role))
        else:
            for aid in funds:
                apply_in_place(s, Fund(role, aid))
            apply_in_place(s, EndTurn(role))
        return self._valuer.value(s, base) + self._bias(funds)

    def _bias(self, funds) -> float:
        """Habit and temptation: a favoured action looks a little better than the estimate; in
        a tempted round (the personality's `temptation`, once a round) its short-term pulls
        look much better — the real actors' mistakes (paper III.1–III.3)."""
        fav = self._valuer.favours
        lure = self._lure
        habit = tempted = 0           # as sum() adds them: from the integer 0
        for a in funds:
            if a in fav:
                habit += 0.6
        if lure:
            # the pull is toward making the visible move, once: a second designation is no more
            # tempting than the first
            tempted = TEMPTED_BIAS * len(lure.intersection(funds))
        return habit + tempted

    @property
    def _lure(self) -> frozenset:
        return getattr(self, "_lure_now", frozenset())

    def _thinking_copy(self, state, obs):
        """The promised moves, the budget left after them, the banned actions, and a
        determinised copy of the game with the promises already played (other roles done), plus
        its indicators as the baseline."""
        moves, budget, banned = self._promised_moves(state, obs, obs["budgets"][self.role])
        det = determinise(observation(state, self.role), self._scenario, self.role,
                          self._decision_rng(obs), others_done=True)
        for m, _w in moves:
            det = apply(det, m)
        return moves, budget, banned, det, det.ind.copy()

    def _make_plan(self, state, obs) -> list[tuple[Action, dict]]:
        role = self.role
        self._lure_now = frozenset(self.personality.tempted_by) if self._tempted(obs["round"]) else frozenset()
        moves, _budget, banned, det, base = self._thinking_copy(state, obs)
        plan = self._greedy(det, base, banned)
        chosen, values = plan
        for aid in chosen:
            act = self._scenario.actions[aid]
            moves.append((Fund(role, aid), explanation(
                N_("{action}: a one-round lookahead says it adds about {value} to our score, the "
                   "best use of {cost} of our budget."), action=dict(act.name),
                value=round(values[aid], 1), cost=act.cost)))
        return moves

    def _greedy(self, det, base, banned) -> tuple[list[str], dict[str, float]]:
        """Fund, one at a time, the action that adds most to the lookahead value, while any adds."""
        chosen: list[str] = []
        values: dict[str, float] = {}
        current = self._lookahead(det, base, [], eligible=True)
        s = det
        estimates: dict = {}      # the quick estimate of an action (the same inputs, the same number)
        for _ in range(6):
            counts = funded_counts(s, self.role)
            options = [a for a in self._scenario.actions_of(self.role)
                       if a.id not in banned and fund_blocker(s, self.role, a.id, counts) is None]
            if len(options) > GREEDY_SHORTLIST:
                # the engine lookahead is the judge; a quick estimate picks who may be judged
                absorptive, network = float(s.ind[IND["absorptive"]]), float(s.ind[IND["network"]])
                money = self._valuer.money()

                def estimate(a, s=s, absorptive=absorptive, network=network, money=money):
                    key = (a.id, s.round, absorptive, network, money)
                    e = estimates.get(key)
                    if e is None:
                        e = estimates[key] = -(self._valuer.action_value(a, s.round, absorptive, network)
                                               - money * a.cost + self._bias([a.id]))
                    return e
                options.sort(key=estimate)
                options = options[:GREEDY_SHORTLIST]
            options = [a.id for a in options]
            best = None
            habit = self._bias(chosen)
            for aid in options:
                # `s` already holds the chosen funds: only the candidate is applied anew
                v = self._lookahead(s, base, [aid], eligible=True) + habit
                if best is None or v > best[0]:
                    best = (v, aid)
            if best is None or best[0] <= current + 0.05:
                break
            values[best[1]] = best[0] - current
            current = best[0]
            chosen.append(best[1])
            s = apply(s, Fund(self.role, best[1]))
        return chosen, values


class SearchAI(NormalAI):
    """`hard`: flat Monte Carlo over candidate allocations. Each candidate is played forward by
    the engine on several determinisations (others' budgets, the deck and the economy sampled;
    the same samples for every candidate) for this round and `HARD_HORIZON` more, everyone else
    following their usual habits; the best average utility wins.

    Every search uses exactly `samples` determinisations and never reads the clock, so a seed
    gives the same game on a quiet or a busy machine (headless play, simulate, the lab, check,
    tests). `time_cap_s` (None by default) is for the window only: set between frames by
    `GameSession.advance_ai(ai_time_cap=...)`, it stops a search when one more sample (at the
    average pace so far) would cross the cap; at least one sample always runs. A capped search may
    choose differently; the save records the moves made, so the game still replays exactly."""

    level = "hard"

    def __init__(self, role: str, seed: int = 0, personality=None, scenario=None,
                 samples: int = HARD_SAMPLES, time_cap_s: float | None = None):
        super().__init__(role, seed, personality, scenario)
        self.samples = samples
        self.time_cap_s = time_cap_s
        self._habits: dict[str, object] = {}

    def _habit(self, role: str):
        """The opponent model: another role's default personality (its public reputation)."""
        if role not in self._habits:
            self._habits[role] = personality_for(role, None, self._scenario)
        return self._habits[role]

    def _policy(self, s: GameState, role: str) -> Action:
        """A fast rollout policy for any role on a determinised state."""
        phase = s.phase
        if phase == EVENT:
            card = s.scenario.cards[s.card_id]
            return ChooseOption(role, min(card.options, key=lambda o: _option_rank(o.tags)).id)
        if phase == NEGOTIATION:
            return EndNegotiation(role)
        p = self.personality if role == self.role else self._habit(role)
        done = {a for (r, a, _k, _c, _s) in s.record["funded"] if r == role}
        for aid in p.favours:
            if aid not in done and fund_blocker(s, role, aid) is None:
                return Fund(role, aid)
        return EndTurn(role)

    def _rollout(self, det: GameState, first: list[Action], base) -> float:
        s = det.clone()          # one private copy plays the moves on (what apply would give)
        for a in first:
            if _legal(s, a):      # a candidate may depend on a move it left out
                apply_unchecked(s, a)
        stop = det.round + HARD_HORIZON
        while not is_over(s) and s.round < stop:
            apply_in_place(s, self._policy(s, current_player(s)))
        return self._valuer.value(s, base)

    def _search(self, state, obs, candidates: list[list[Action]], others_done: bool, prefer_first: float = 0.0
                ) -> tuple[int, float, int]:
        """Index of the best candidate, its mean value, and the samples used."""
        full = observation(state, self.role)
        rng = self._decision_rng(obs)
        cap = self.time_cap_s
        start = time.perf_counter() if cap is not None else 0.0   # no cap: the clock is never read
        totals = [[] for _ in candidates]
        used = 0
        for _k in range(self.samples):
            det = determinise(full, self._scenario, self.role, rng, others_done=others_done)
            base = det.ind.copy()
            for i, c in enumerate(candidates):
                totals[i].append(self._rollout(det, c, base))
            used += 1
            if cap is not None and used < self.samples:
                spent = time.perf_counter() - start
                if spent * (used + 1) / used > cap:    # one more sample would cross the cap
                    break
        risk = self.personality.risk
        scores = [float(np.mean(t)) + (risk - 0.5) * 0.5 * float(np.std(t)) for t in totals]
        scores[0] += prefer_first       # the plan the lookahead chose keeps its place unless clearly beaten
        best = int(np.argmax(scores))
        return best, float(np.mean(totals[best])), used

    def _choose_option(self, state, obs) -> tuple[Action, dict]:
        card = self._scenario.cards[obs["card"]["id"]]
        cands = [[ChooseOption(self.role, o.id)] for o in card.options]
        i, v, n = self._search(state, obs, cands, others_done=False)
        o = card.options[i]
        return ChooseOption(self.role, o.id), explanation(
            N_("On '{card}' we chose '{option}': across {samples} simulated futures it gave us "
               "the best average score ({value})."),
            card=dict(card.title), option=dict(o.text), samples=n, value=round(v, 1))

    def _make_plan(self, state, obs) -> list[tuple[Action, dict]]:
        role = self.role
        # the candidates: normal's greedy plan and its neighbours, the personality's habit
        moves, budget, banned, det, base = self._thinking_copy(state, obs)
        greedy, _values = self._greedy(det, base, banned)
        fundable = [a for a in self._fundable(det, obs, banned)]
        singles = sorted(fundable, key=lambda a: -self._lookahead(det, base, [a]))[:4]
        cands: list[tuple[str, ...]] = [tuple(greedy), ()]
        for i in range(len(greedy)):
            cands.append(tuple(greedy[:i] + greedy[i + 1:]))
        for a in singles:
            if a not in greedy:
                cands.append(tuple(greedy + [a]))
        habit = []
        spend = 0
        for a in self.personality.favours:
            act = self._scenario.actions[a]
            if a in fundable and a not in habit and spend + act.cost <= budget:
                habit.append(a)
                spend += act.cost
        cands.append(tuple(habit))
        seen, uniq = set(), []
        for c in cands:
            if c not in seen and _affordable(self._scenario, c, budget):
                seen.add(c)
                uniq.append(c)
        pre = [m for m, _w in moves]
        seqs = [pre + [Fund(role, a) for a in c] + [EndTurn(role)] for c in uniq]
        i, v, n = self._search(state, obs, seqs, others_done=False,
                               prefer_first=HARD_SWITCH_MARGIN if uniq and uniq[0] == tuple(greedy) else 0.0)
        chosen = uniq[i]
        for aid in chosen:
            act = self._scenario.actions[aid]
            moves.append((Fund(role, aid), explanation(
                N_("{action}: of {count} allocations tried over {samples} simulated futures, the "
                   "one with it scored best for us (about {value})."),
                action=dict(act.name), count=len(uniq), samples=n, value=round(v, 1))))
        if not chosen:
            moves.append((EndTurn(role), explanation(
                N_("Over {samples} simulated futures, keeping our money scored best for us."),
                samples=n)))
        return moves


def _affordable(scenario, funds, budget) -> bool:
    return sum(scenario.actions[a].cost for a in funds) <= budget


def _cancellable(state, role) -> list[Action]:
    return [Cancel(role, p.uid) for p in cancellable_programmes(state, role)]


def _legal(state, action) -> bool:
    try:
        check(state, action)
        return True
    except IllegalAction:
        return False


def _terms_json(terms: DealTerms) -> dict:
    from game.engine.actions import to_json
    return to_json(terms)
