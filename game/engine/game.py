"""The engine API (after OpenSpiel and boardgame.io).

    state = new_game(scenario, seed)
    while not is_over(state):
        role = current_player(state)
        state = apply(state, choose(legal_actions(state, role)))
    scores(state)

Several roles may move at once where the rules allow (`active_players`): in negotiation, and in
the actions phase, where the four allocate their budgets in parallel (sealed until the
resolution); `current_player` is the first of them, so the loop above plays them one by one.
`apply` never mutates its input. Briefing and resolution run automatically inside it, so a
state is always waiting for a player (or over). `observe(state, role)` is the only door for
UIs and AIs: it strips other roles' agendas, allocations and deal terms.
"""
from __future__ import annotations

from typing import Iterable, cast

import numpy as np

from . import detectors, model, negotiation
from .actions import (Action, Cancel, ChooseOption, Cofund, Commitment, CounterDeal, DealTerms,
                      EndNegotiation, EndTurn, Fund, ProposeDeal, RespondDeal, Share, Transfer, to_json)
from .constants import (ACTIONS, LEDGER_KEYS, ROLE_METRICS, EVENT, GAME_OVER, INDICATORS, NEGOTIATION,
                        RESOLUTION, BRIEFING, ROLES)
from .labels import N_, ROLE_LABELS
from .negotiation import MAX_PROPOSALS_PER_ROUND, IllegalAction
from .scenario import Card, Scenario
from .scoring import Outcome, outcome, score_parts, scores
from .state import RNG_DECK, Deal, GameState, Programme, evolve, new_round_record, plain

__all__ = ["new_game", "current_player", "active_players", "legal_actions", "apply", "observe", "is_over",
           "scores", "outcome", "replay", "IllegalAction", "Outcome", "check",
           # helpers for AIs, the session and the UI (what `check` and `legal_actions` ask, one by one)
           "pending_deals", "responders", "may_negotiate", "funded_counts", "fund_blocker",
           "cancellable_programmes", "deal_templates", "may_allocate", "apply_in_place", "apply_unchecked",
           "observe_moves", "observe_turn", "observe_for_search"]

MAX_REPEATS = 5   # a repeatable action (designation) at most this often in one round


# --- set-up and round flow --------------------------------------------------------------------

def new_game(scenario: Scenario, seed: int) -> GameState:
    seed = int(seed)
    if not 0 <= seed < 2**63:
        raise ValueError("seed must be a non-negative integer below 2**63")
    ind = np.array([float(scenario.indicators[k]) for k in INDICATORS], dtype=np.float64)
    n = len(ROLES)
    trust = np.full((n, n), float(scenario.trust))
    np.fill_diagonal(trust, 100.0)
    state = GameState(
        scenario=scenario, seed=seed, round=1, phase=BRIEFING, ind=ind, trust=trust,
        macro=float(scenario.macro),
        budgets={r: int(scenario.roles[r].start_budget) for r in ROLES},
        metrics={r: {m: 0.0 for m in ROLE_METRICS} for r in ROLES},
        deck_order=(),
    )
    state.deck_order = tuple(scenario.deck[i] for i in _deck_permutation(state, len(scenario.deck)))
    state.series = [ind.copy()]
    state.log_event("start", N_("A new game of '{scenario}' begins: {rounds} rounds."),
                    {"scenario": dict(scenario.name), "rounds": scenario.rounds},
                    scenario=scenario.id, seed=seed)
    _begin_round(state)
    return state


def _deck_permutation(state: GameState, n: int) -> tuple:
    """`state.rng(RNG_DECK).permutation(n)` (drawn in round 1), remembered per seed and deck size."""
    key = (state.seed, state.round, n)
    order = _DECKS.get(key)
    if order is None:
        order = tuple(state.rng(RNG_DECK).permutation(n).tolist())
        if len(_DECKS) > 100_000:
            _DECKS.clear()
        _DECKS[key] = order
    return order


_DECKS: dict = {}


def _begin_round(state: GameState) -> None:
    sc = state.scenario
    state.phase = BRIEFING
    state.record = new_round_record()
    state.record["round"] = state.round
    quiet = state.quiet      # a thinking copy keeps no log: its sentences are not even built
    if not quiet:
        state.log_event("round", N_("Round {round} of {rounds} begins."),
                        {"round": state.round, "rounds": sc.rounds})
    if state.round > 1:
        for r in ROLES:
            state.budgets[r] += sc.roles[r].income
            if not quiet:
                state.log_event("budget", N_("{role} receives its income of {amount}."),
                                {"role": ROLE_LABELS[r], "amount": sc.roles[r].income},
                                visible_to=(r,), role=r, amount=sc.roles[r].income)
    for r, amount in sorted(state.pending_grants.items()):
        state.budgets[r] += amount
        state.metrics[r]["subsidies"] += amount
        state.record["grants"].append((r, amount))
        if not quiet:
            state.log_event("budget", N_("Lobbying brought {role} an extra {amount}."),
                            {"role": ROLE_LABELS[r], "amount": amount}, visible_to=(r,),
                            role=r, amount=amount)
    state.pending_grants = {}
    opened = False
    for trig in sc.triggers:
        if trig.round == state.round:
            opened = True
            if trig.kind == "change_of_government":
                state.gov_change_round = state.round
            if not quiet:
                state.log_event("trigger", N_("{title}: {text}"),
                                {"title": dict(trig.title), "text": dict(trig.text)}, trigger=trig.kind)
            model.apply_effects(state, trig.effects, why=N_("{title} changed the region: {changes}."),
                                why_params={"title": dict(trig.title)})
    if opened and not quiet:
        _log_opening(state)
    state.card_id = _draw_card(state)
    card = sc.cards[state.card_id]
    state.chosen_option = None
    if not quiet:
        state.log_event("card", N_("Event: {title}"), {"title": plain(card.title)}, card=card.id)
    state.neg_done = frozenset()
    state.proposals = {}
    state.actions_done = frozenset()
    state.phase = EVENT


def _log_opening(state: GameState) -> None:
    """The round's opening events (its triggers) as one entry of their own, after them: the
    indicators as the round opens and what the opening changed since the last resolved row of
    `state.series` (`opening_deltas`: the sum of the effect entries above it, under a name of
    its own so that nothing summing `deltas` counts them twice). The resolution of the round
    before shows them as a step of their own, so its panel keeps the values as resolved
    (logging only: nothing here changes the game)."""
    before = state.series[-1]
    deltas = {k: float(state.ind[i] - before[i]) for i, k in enumerate(INDICATORS)
              if state.ind[i] != before[i]}
    index = model.region_index(state)
    state.log_event("opening", N_("Round {round} opens: competitiveness index {index}."),
                    {"round": state.round, "index": round(index, 1)},
                    opening_deltas=deltas, ind=[float(x) for x in state.ind], index=float(index),
                    macro=float(state.macro))


def _draw_card(state: GameState) -> str:
    fixed = state.scenario.fixed_cards.get(state.round)
    if fixed:
        return fixed
    if not state.deck_order:
        raise ValueError("the scenario's deck is empty")
    card = state.deck_order[state.deck_pos % len(state.deck_order)]
    state.deck_pos += 1
    return card


def _announce_cancellations(state: GameState) -> None:
    """The round's cancellations, sealed during the actions phase, become public: every other
    role's trust in the canceller falls (III.3(5)) and the board says so."""
    sc = state.scenario
    for prog in state.programmes:
        if prog.cancelled_round != state.round:
            continue
        role = prog.owner
        for other in ROLES:
            if other != role:
                model.change_trust(state, role, other, model.TRUST_PER_CANCEL)
        if not state.quiet:
            act = sc.actions[prog.action_id]
            state.log_event("cancel", N_("{action} was cancelled before it finished: its effect stops, and the "
                                         "other roles trust {role} less ({loss})."),
                            {"action": dict(act.name), "role": ROLE_LABELS[role], "loss": model.TRUST_PER_CANCEL},
                            role=role, action=act.id, uid=prog.uid)


def _role_rank(role: str) -> int:
    return ROLES.index(role)


def _canonical_allocations(state: GameState) -> None:
    """Put the round's sealed allocations in ROLES order before they resolve, as if the roles
    had allocated one after another: the roles allocate at once, in any order (`may_allocate`),
    and the resolution (which takes programmes in list order) must not depend on the order in
    which their moves arrived. This round's budget fundings (only `Fund` makes them, only in the
    actions phase) are the tail of `state.programmes` and of the funded list; their programme
    numbers are given out again in the new order. The cancellations' list is sorted the same
    way. When the moves came in ROLES order (a sequential driver) nothing changes."""
    rnd = state.round
    progs = state.programmes
    first = len(progs)
    while first > 0 and progs[first - 1].source == "budget" and progs[first - 1].funded_round == rnd:
        first -= 1
    tail = progs[first:]
    ordered = sorted(tail, key=lambda p: _role_rank(p.owner))
    if ordered != tail:
        uids = sorted(p.uid for p in tail)
        state.programmes = progs[:first] + [evolve(p, uid=u) for p, u in zip(ordered, uids)]
    record = state.record
    funded = record["funded"]
    cut = len(funded)
    while cut > 0 and funded[cut - 1][4] == "budget":
        cut -= 1
    head, rest = funded[:cut], funded[cut:]
    rest_sorted = sorted(rest, key=lambda f: _role_rank(f[0]))
    if rest_sorted != rest:
        record["funded"] = head + rest_sorted
    cancelled = record["cancelled"]
    cancelled_sorted = sorted(cancelled, key=lambda c: _role_rank(c[0]))
    if cancelled_sorted != cancelled:
        record["cancelled"] = cancelled_sorted


def _resolve(state: GameState) -> None:
    sc = state.scenario
    state.phase = RESOLUTION
    _canonical_allocations(state)
    _announce_cancellations(state)
    state.record["macro"] = state.macro
    model.resolve_programmes(state)
    model.resolve_pressures(state)
    model.resolve_macro_and_dynamics(state)
    negotiation.check_commitments(state)
    # A thinking copy (quiet) values outcomes only: it skips the failure detectors.
    for firing in ([] if state.quiet else detectors.run_detectors(state)):
        entry = sc.catalogue.failures.get(firing.failure)
        section = entry.section if entry else ""
        name = dict(entry.name) if entry else {"en": firing.failure}
        state.fired.append((state.round, firing.failure))
        state.log_event("failure", N_("Failure {id} ({name}, paper {section}): {reason}"),
                        {"id": firing.failure, "name": name, "section": section,
                         "reason": {"msg": firing.msg, "params": firing.params}},
                        failure=firing.failure, section=section)
        state.log_event("failure_roles", N_("Your decisions fed failure {id}."),
                        {"id": firing.failure}, visible_to=firing.roles,
                        failure=firing.failure, roles=list(firing.roles),
                        causes=[list(c) for c in firing.causes])
    state.series.append(state.ind.copy())
    quiet = state.quiet
    if not quiet:
        state.log_event("resolution", N_("Round {round} resolved: competitiveness index {index}."),
                        {"round": state.round, "index": round(model.region_index(state), 1)})
    state.records.append(state.record)
    if state.round >= sc.rounds:
        state.phase = GAME_OVER
        if quiet:
            return
        res = outcome(state)
        state.log_event("end", N_("The game is over. Competitiveness index {index} against a "
                                  "collapse line of {line}."),
                        {"index": res.competitiveness, "line": res.collapse_line},
                        collapsed=res.collapsed, winners=list(res.winners), scores=res.scores)
        return
    state.round += 1
    _begin_round(state)


# --- whose turn, what is legal ----------------------------------------------------------------

def _all_pending(state: GameState) -> tuple:
    """The state's pending deals, in order. Remembered per deals list: the engine never changes
    a state's list in place (it builds a new one, or appends to a fresh copy, which changes its
    length); a state's whole history of deals is otherwise scanned at every move."""
    deals = state.deals
    if not deals:
        return ()
    hit = _PENDING.get(id(deals))
    if hit is not None and hit[0] is deals and hit[1] == len(deals):
        return hit[2]
    return _remember_pending(deals)[2]


def _remember_pending(deals: list) -> tuple:
    pending = tuple(d for d in deals if d.status == "pending")
    # the roles that must answer first: a function of the (frozen) pending deals alone
    waiting = tuple(r for r in ROLES
                    if any(r in d.terms.recipients and r not in d.accepted_by for d in pending))
    if len(_PENDING) > 4096:
        _PENDING.clear()
    hit = _PENDING[id(deals)] = (deals, len(deals), pending, waiting)
    return hit


_PENDING: dict = {}      # id(deals list) -> (the list, its length, its pending deals, the roles they wait for)


def pending_deals(state: GameState, role: str) -> list[Deal]:
    """The pending proposals that wait for `role`'s answer, oldest first."""
    return [d for d in _all_pending(state) if role in d.terms.recipients and role not in d.accepted_by]


def responders(state: GameState) -> list[str]:
    """The roles (in ROLES order) that must answer a pending proposal before anything else
    happens in negotiation."""
    deals = state.deals
    if not deals:
        return []
    hit = _PENDING.get(id(deals))
    if hit is None or hit[0] is not deals or hit[1] != len(deals):
        hit = _remember_pending(deals)
    return list(hit[3])


def _event_card(state: GameState) -> Card:
    """The card on the table: its id is set from the event phase to the round's end."""
    return state.scenario.cards[cast(str, state.card_id)]


def current_player(state: GameState) -> str | None:
    """The role whose move the game waits for (None when it is over). In negotiation and in the
    actions phase any role in `active_players` may act; this is the first of them (so a driver
    that always plays `current_player` plays the roles one after another, in ROLES order)."""
    phase = state.phase
    if phase == EVENT:
        return _event_card(state).deciders[0]
    if phase == NEGOTIATION:
        waiting = responders(state)
        if waiting:
            return waiting[0]
        done = state.neg_done
    elif phase == ACTIONS:
        done = state.actions_done
    else:
        return None
    for r in ROLES:
        if r not in done:
            return r
    return None


def active_players(state: GameState) -> list[str]:
    """Every role that may move now, in ROLES order: the event's decider; in negotiation, the
    roles that must answer a proposal or else those not yet done; in the actions phase every
    role that has not ended its turn (the four allocate at once: allocations are sealed, see
    `may_allocate`). `current_player` is the first of them."""
    phase = state.phase
    if phase == NEGOTIATION:
        return responders(state) or [r for r in ROLES if r not in state.neg_done]
    if phase == ACTIONS:
        return [r for r in ROLES if r not in state.actions_done]
    role = current_player(state)
    return [] if role is None else [role]


def may_allocate(state: GameState, role: str) -> bool:
    """Whether `role` may still Fund, Cancel or end its turn: the actions phase is open and it
    has not ended its turn. The four roles allocate at once, in any order: a role's fundings and
    cancellations are sealed until the resolution (nothing another role sees or may do depends
    on them), and the resolution takes them in ROLES order (`_canonical_allocations`), so the
    round resolves the same whatever the order in which the moves arrived."""
    return state.phase == ACTIONS and role in ROLES and role not in state.actions_done


def may_negotiate(state: GameState, role: str) -> bool:
    """In negotiation any role may act in any order (a workshop talks aloud), except that
    pending proposals are answered before anything else."""
    waiting = responders(state)
    if waiting:
        return role in waiting
    return role not in state.neg_done


def funded_counts(state: GameState, role: str) -> dict[str, int]:
    """How often `role` funded each action from its budget this round."""
    counts: dict[str, int] = {}
    for (r, a, _k, _c, s) in state.record["funded"]:
        if r == role and s == "budget":
            counts[a] = counts.get(a, 0) + 1
    return counts


# --- sealed allocations -------------------------------------------------------------------------
# The information policy (README, "What is public"): the roles allocate their budgets in private
# and at once, as sealed bids. Until the round's resolution a role's fundings and cancellations
# change nothing another role can see or use: another role's diagnosis unlocks tailored
# programmes from the next round, its designations count in what others see at the resolution,
# its cancellation is announced (and costs it trust) at the resolution. A role sees its own moves
# at once. This is the game's rule for simultaneous moves, not a finding of the paper.

def _own_budget_fundings(state: GameState, role: str | None, kind: str):
    if role is None:
        return ()
    return [f for f in state.record["funded"] if f[0] == role and f[2] == kind and f[4] == "budget"]


def seen_designations(state: GameState, role: str | None) -> int:
    """The number of cluster designations `role` (None: the public) knows of now."""
    if state.phase != ACTIONS:
        return state.designations
    return state.sealed_designations + len(_own_budget_fundings(state, role, "designation"))


def seen_diagnosis_until(state: GameState, role: str | None) -> int:
    """The last round of a regional diagnosis in force as `role` (None: the public) knows it now."""
    if state.phase != ACTIONS:
        return state.diagnosis_until
    until = state.sealed_diagnosis_until
    for f in _own_budget_fundings(state, role, "diagnosis"):
        until = max(until, state.round + state.scenario.actions[f[1]].duration - 1)
    return until


def fund_blocker(state: GameState, role: str, action_id: str,
                   counts: dict[str, int] | None = None) -> str | None:
    """Why `role` may not fund `action_id` now (a msgid), or None if it may. `counts`:
    `funded_counts(state, role)`, when checking many actions at once."""
    act = state.scenario.actions.get(action_id)
    if act is None or act.role != role:
        return N_("That is not one of your actions.")
    if act.cost > state.budgets[role]:
        return N_("Not enough budget for this action.")
    if act.requires == "diagnosis" and seen_diagnosis_until(state, role) < state.round:
        return N_("This action needs a regional diagnosis in force.")
    if counts is not None:
        times = counts.get(action_id, 0)
    else:               # funded_counts(state, role).get(action_id, 0), for this action only
        times = 0
        for (r, a, _k, _c, s) in state.record["funded"]:
            if a == action_id and r == role and s == "budget":
                times += 1
    if times >= (MAX_REPEATS if act.repeatable else 1):
        return N_("This action has already been funded this round.")
    return None


def cancellable_programmes(state: GameState, role: str) -> list[Programme]:
    """`role`'s own running programmes funded in an earlier round: what it may Cancel now."""
    return [p for p in state.programmes if p.owner == role and p.kind != "hardware"
            and p.running(state.round) and p.funded_round < state.round]


def deal_templates(state: GameState, role: str) -> list[DealTerms]:
    """A small, representative set of proposals for AIs and random play. Humans compose any
    deal the rules allow (checked by `negotiation.check_terms`)."""
    sc = state.scenario
    out: list[DealTerms] = []
    budget = state.budgets[role]
    for other in ROLES:
        if other == role:
            continue
        if budget >= 10:
            out.append(DealTerms((other,), transfers=(Transfer(role, other, 10),)))
            soft = [a for a in sc.actions_of(other) if a.kind not in ("hardware", "lobby", "designation")]
            if soft:
                out.append(DealTerms((other,), transfers=(Transfer(role, other, 10, soft[0].id),)))
        joint = [a for a in sc.actions_of(other) if a.kind in ("network", "programme", "research")]
        for a in joint[:1]:
            mine = a.cost // 2
            theirs = a.cost - mine
            if 0 < mine <= budget and 0 < theirs <= state.budgets[other]:
                out.append(DealTerms((other,), cofund=Cofund(a.id, (Share(role, mine), Share(other, theirs)))))
        lobby = [a for a in sc.actions_of(role) if a.kind == "lobby"]
        if lobby:
            out.append(DealTerms((other,), commitments=(Commitment(role, "not_fund", lobby[0].id, 1),)))
        out.append(DealTerms((other,), commitments=(Commitment(role, "reveal_agenda"),)))
    return out


def legal_actions(state: GameState, role: str) -> list[Action]:
    """Every action `role` may take now (a representative set of deal proposals; see
    `deal_templates`)."""
    phase = state.phase
    if phase == EVENT:
        card = _event_card(state)
        if role != card.deciders[0]:
            return []
        return [ChooseOption(role, o.id) for o in card.options]
    if phase == NEGOTIATION:
        if not may_negotiate(state, role):
            return []
        pending = pending_deals(state, role)
        can_propose = state.proposals.get(role, 0) < MAX_PROPOSALS_PER_ROUND
        if pending:
            out: list[Action] = []
            for d in pending:
                out += [RespondDeal(role, d.id, True), RespondDeal(role, d.id, False)]
                if can_propose:
                    out += [CounterDeal(role, d.id, t) for t in deal_templates(state, role)
                            if d.proposer in t.recipients and _terms_ok(state, role, t)][:3]
            return out
        out = []
        if can_propose:
            out = [ProposeDeal(role, t) for t in deal_templates(state, role) if _terms_ok(state, role, t)]
        return out + [EndNegotiation(role)]
    if phase == ACTIONS:
        if role in state.actions_done:
            return []
        counts = funded_counts(state, role)
        out = [Fund(role, a.id) for a in state.scenario.actions_of(role)
               if fund_blocker(state, role, a.id, counts) is None]
        out += [Cancel(role, p.uid) for p in cancellable_programmes(state, role)]
        return out + [EndTurn(role)]
    return []


def _terms_ok(state: GameState, role: str, terms: DealTerms) -> bool:
    try:
        negotiation.check_terms(state, role, terms)
        return True
    except IllegalAction:
        return False


def check(state: GameState, action: Action) -> None:
    """Raise IllegalAction (with a message for the player) unless `action` is legal now."""
    role = getattr(action, "role", None)
    if role not in ROLES:
        raise IllegalAction(N_("Unknown role."))
    phase = state.phase
    if phase == GAME_OVER:
        raise IllegalAction(N_("The game is over."))
    if isinstance(action, ChooseOption):
        if phase != EVENT:
            raise IllegalAction(N_("There is no event to decide now."))
        card = _event_card(state)
        if role != card.deciders[0]:
            raise IllegalAction(N_("{role} decides this event."), {"role": ROLE_LABELS[card.deciders[0]]})
        if action.option_id not in {o.id for o in card.options}:
            raise IllegalAction(N_("That option is not on this card."))
        return
    if isinstance(action, (ProposeDeal, RespondDeal, CounterDeal, EndNegotiation)):
        if phase != NEGOTIATION:
            raise IllegalAction(N_("This is not the negotiation phase."))
        if not may_negotiate(state, role):
            raise IllegalAction(N_("Proposals waiting for an answer come first."))
        pending = pending_deals(state, role)
        if isinstance(action, (RespondDeal, CounterDeal)):
            if action.deal_id not in {d.id for d in pending}:
                raise IllegalAction(N_("There is no proposal to you with that number."))
        elif pending:
            raise IllegalAction(N_("Answer the proposals made to you first."))
        if isinstance(action, (ProposeDeal, CounterDeal)):
            if state.proposals.get(role, 0) >= MAX_PROPOSALS_PER_ROUND:
                raise IllegalAction(N_("You have made as many proposals as a round allows."))
            negotiation.check_terms(state, role, action.terms)
            if isinstance(action, CounterDeal):
                original = next(d for d in state.deals if d.id == action.deal_id)
                if original.proposer not in action.terms.recipients:
                    raise IllegalAction(N_("A counter-proposal goes back to the one who proposed."))
        return
    if isinstance(action, (Fund, Cancel, EndTurn)):
        if phase != ACTIONS:
            raise IllegalAction(N_("This is not the actions phase."))
        if role in state.actions_done:
            raise IllegalAction(N_("{role} has already finished with this round's budget."),
                                {"role": ROLE_LABELS[role]})
        if isinstance(action, Fund):
            why = fund_blocker(state, role, action.action_id)
            if why:
                raise IllegalAction(why)
        if isinstance(action, Cancel):
            if action.programme_uid not in {p.uid for p in cancellable_programmes(state, role)}:
                raise IllegalAction(N_("Only your own running programmes can be cancelled."))
        return
    raise IllegalAction(N_("Unknown action."))


# --- applying actions ---------------------------------------------------------------------------

def apply(state: GameState, action: Action) -> GameState:
    """The next state after `action`. Raises IllegalAction and leaves `state` untouched if the
    action is not legal now."""
    check(state, action)
    return apply_unchecked(_fork(state, action), action)


def apply_in_place(s: GameState, action: Action) -> GameState:
    """`apply` that changes `s` itself: for a private copy from `s.clone()` that nobody else
    holds (an AI's thinking copy playing several moves on), saving a copy per move. Checked
    like `apply`; returns `s`."""
    check(s, action)
    return apply_unchecked(s, action)


def apply_unchecked(s: GameState, action: Action) -> GameState:
    """Carry out `action`, already checked (`check`) on the state `s` was copied from, on `s`
    itself (a private copy); returns `s`. An illegal action here corrupts `s`."""
    if s.quiet:
        return _play_move(s, action)
    buffer: list = []
    s._log_buffer = buffer
    try:
        _play_move(s, action)
    finally:
        del s._log_buffer
        if buffer:
            s.log = s.log + tuple(buffer)
    return s


def _play_move(s: GameState, action: Action) -> GameState:
    s.history = s.history + (action,)
    role = action.role
    label = ROLE_LABELS[role]
    sc = s.scenario

    if isinstance(action, ChooseOption):
        card = _event_card(s)
        opt = card.option(action.option_id)
        s.chosen_option = opt.id
        s.record["option"] = (role, card.id, opt.id, tuple(opt.tags))
        if not s.quiet:
            s.log_event("decision", N_("{role} chose: {option}"), {"role": label, "option": plain(opt.text)},
                        role=role, card=card.id, option=opt.id, tags=list(opt.tags))
        model.apply_effects(s, opt.effects, why=N_("The decision on '{card}' changed the region: {changes}."),
                            why_params={"card": plain(card.title)})
        if "C2" in opt.tags and opt.effects.budgets.get("firms", 0) > 0:
            # money handed to firms without strings by an event's choice: a subsidy like any other
            s.record["grants"].append(("firms", int(opt.effects.budgets["firms"])))
        if opt.effects.funds:
            owner = sc.actions[opt.effects.funds].role
            negotiation.start_programme(s, opt.effects.funds, owner=owner, source="card")
        s.phase = NEGOTIATION

    elif isinstance(action, (ProposeDeal, CounterDeal)):
        if isinstance(action, CounterDeal):
            _close_deal(s, action.deal_id, "countered")
        deal = Deal(id=s.next_deal, round=s.round, proposer=role, terms=action.terms,
                    counter_of=getattr(action, "deal_id", None))
        s.deals.append(deal)
        s.next_deal += 1
        s.proposals[role] = s.proposals.get(role, 0) + 1
        s.log_event("proposal", N_("{role} proposes a deal (no. {deal}) to {parties}."),
                    {"role": label, "deal": deal.id,
                     "parties": [ROLE_LABELS[p] for p in action.terms.recipients]},
                    visible_to=deal.parties, deal=deal.id, role=role)

    elif isinstance(action, RespondDeal):
        deal = next(d for d in s.deals if d.id == action.deal_id)
        if not action.accept:
            _close_deal(s, deal.id, "rejected")
            s.log_event("response", N_("{role} rejects deal no. {deal}."), {"role": label, "deal": deal.id},
                        visible_to=deal.parties, deal=deal.id, role=role, accept=False)
        else:
            deal = evolve(deal, accepted_by=deal.accepted_by + (role,))
            s.log_event("response", N_("{role} accepts deal no. {deal}."), {"role": label, "deal": deal.id},
                        visible_to=deal.parties, deal=deal.id, role=role, accept=True)
            if set(deal.accepted_by) >= set(deal.terms.recipients):
                deal = negotiation.execute(s, deal)
            _store_deal(s, deal)

    elif isinstance(action, EndNegotiation):
        s.neg_done = s.neg_done | {role}
        if not s.quiet:
            s.log_event("pass", N_("{role}: done negotiating."), {"role": label}, role=role)
        if not responders(s) and len(s.neg_done) == len(ROLES):
            s.phase = ACTIONS
            s.sealed_diagnosis_until, s.sealed_designations = s.diagnosis_until, s.designations
            s.log_event("phase", N_("Negotiation is over; each role now allocates its budget in private."), {})

    elif isinstance(action, Fund):
        act = sc.actions[action.action_id]
        s.budgets[role] -= act.cost
        s.metrics[role]["programme_spend"] += act.cost
        # money granted on condition of this action makes the grantor a payer too (its legacy)
        grantors = tuple(sorted({g for c in s.commitments if c.role == role and c.kind == "fund"
                                 and c.target == act.id and c.start_round == s.round
                                 for g in c.counterparties})) if s.commitments else ()
        negotiation.start_programme(s, act.id, owner=role, source="budget", payers=(role,) + grantors)
        if not s.quiet:
            s.log_event("fund", N_("{role} funds {action} for {cost}."),
                        {"role": label, "action": plain(act.name), "cost": act.cost},
                        visible_to=(role,), role=role, action=act.id, cost=act.cost)

    elif isinstance(action, Cancel):
        prog = next(p for p in s.programmes if p.uid == action.programme_uid)
        act = sc.actions[prog.action_id]
        refund = prog.cost // 2 if prog.source == "budget" else 0
        s.budgets[role] += refund
        s.programmes = [evolve(p, cancelled_round=s.round) if p.uid == prog.uid else p for p in s.programmes]
        model.book_legacy(s, [prog.uid])
        s.record["cancelled"].append((role, prog.action_id, False))
        # sealed until the resolution: the others lose trust in the canceller, and hear of it, there
        s.log_event("refund", N_("Cancelling {action} returns {amount} of its {cost}."),
                    {"action": dict(act.name), "amount": refund, "cost": prog.cost},
                    visible_to=(role,), role=role)

    elif isinstance(action, EndTurn):
        s.actions_done = s.actions_done | {role}
        if not s.quiet:
            s.log_event("pass", N_("{role}: done with this round's budget."), {"role": label}, role=role)
        if len(s.actions_done) == len(ROLES):
            _resolve(s)
    return s


def _fork(state: GameState, action: Action) -> GameState:
    """`state.clone()` for `apply`, copying only the containers that applying `action` changes
    (the rest is shared, and no later `apply` mutates a shared container: it forks first). A
    move that resolves the round, an event decision, an accepted deal or a cancellation copies
    everything."""
    t = type(action)
    if t is EndNegotiation or (t is RespondDeal and not cast(RespondDeal, action).accept) or (
            t is EndTurn and len(state.actions_done | {action.role}) < len(ROLES)):
        s = object.__new__(GameState)          # these only reassign attributes (and the log)
        s.__dict__.update(state.__dict__)
        return s
    if t is ProposeDeal or t is CounterDeal:
        s = object.__new__(GameState)
        d = s.__dict__
        d.update(state.__dict__)
        d["deals"] = list(state.deals)
        d["proposals"] = dict(state.proposals)
        return s
    if t is Fund:        # the funder's budget and metrics, the programmes, this round's funded list
        s = object.__new__(GameState)
        d = s.__dict__
        d.update(state.__dict__)
        role = action.role
        d["budgets"] = dict(state.budgets)
        metrics = d["metrics"] = dict(state.metrics)
        metrics[role] = dict(metrics[role])
        d["programmes"] = list(state.programmes)
        record = d["record"] = dict(state.record)
        record["funded"] = list(record["funded"])
        return s
    return state.clone()


def _close_deal(s: GameState, deal_id: int, status: str) -> None:
    s.deals = [evolve(d, status=status) if d.id == deal_id else d for d in s.deals]


def _store_deal(s: GameState, deal: Deal) -> None:
    s.deals = [deal if d.id == deal.id else d for d in s.deals]


def is_over(state: GameState) -> bool:
    return state.phase == GAME_OVER


def replay(scenario: Scenario, seed: int, actions: Iterable[Action]) -> GameState:
    state = new_game(scenario, seed)
    for a in actions:
        state = apply(state, a)
    return state


# --- observation --------------------------------------------------------------------------------

def _text(t) -> dict:
    return dict(t)


def _seat_deals(state: GameState, role: str) -> tuple[list, list]:
    """The pending deals `role` is party to, as its observation lists them, and the ids of those
    waiting for its answer (one definition for the seat's observation and observe_turn)."""
    deals, pending_ids = [], []
    for d in _all_pending(state):
        terms = d.terms
        if role == d.proposer or role in terms.recipients:
            deals.append({"id": d.id, "round": d.round, "proposer": d.proposer,
                          "recipients": list(terms.recipients), "status": d.status,
                          "accepted_by": list(d.accepted_by), "terms": _terms_json(terms)})
            if role in terms.recipients and role not in d.accepted_by:
                pending_ids.append(d.id)
    return deals, pending_ids


def _terms_json(t) -> dict:
    """`to_json(t)` for deal terms, built directly (observations build it for every deal)."""
    cof = t.cofund
    if (type(t) is not DealTerms or type(t.recipients) is not tuple or type(t.transfers) is not tuple
            or type(t.commitments) is not tuple
            or any(type(x) is not Transfer for x in t.transfers)
            or any(type(c) is not Commitment for c in t.commitments)
            or (cof is not None and (type(cof) is not Cofund or type(cof.shares) is not tuple
                                     or any(type(x) is not Share for x in cof.shares)))):
        return to_json(t)
    return {"recipients": list(t.recipients),
            "transfers": [{"giver": x.giver, "receiver": x.receiver, "amount": x.amount,
                           "condition": x.condition} for x in t.transfers],
            "cofund": None if cof is None else {
                "action_id": cof.action_id,
                "shares": [{"role": x.role, "amount": x.amount} for x in cof.shares]},
            "commitments": [{"role": c.role, "kind": c.kind, "target": c.target, "rounds": c.rounds}
                            for c in t.commitments]}


def _observe_brief(state: GameState, role: str | None) -> dict:
    """observe(state, role, brief=True), built with less work (what AIs ask for every move)."""
    if role is not None and state.phase != GAME_OVER:
        return _observe_brief_seat(state, role)
    sc = state.scenario
    over = state.phase == GAME_OVER
    card = sc.cards[state.card_id] if state.card_id else None
    v = state.ind.tolist()
    rnd = state.round
    obs: dict = {
        "you": role,
        "scenario": sc.id,
        "round": rnd,
        "rounds": sc.rounds,
        "phase": state.phase,
        "current_player": current_player(state), "active_players": active_players(state),
        "region": dict(zip(INDICATORS, v)),
        "series": [],
        "trust": [],
        "macro": round(state.macro, 3),
        "competitiveness": model._competitiveness_of(v, sc.index_weights),
        "collapse_line": sc.collapse_line,
        "diagnosis_in_force": seen_diagnosis_until(state, role) >= rnd,
        "designations": seen_designations(state, role),
        "government_changed_round": state.gov_change_round,
        "mandates": {},
        "objectives": {},
        "fired": [[r, f] for r, f in state.fired],
        "card": None if card is None else {
            "id": card.id, "title": {}, "text": {},
            "deciders": list(card.deciders), "section": card.section,
            "options": [{"id": o.id, "tags": list(o.tags)} for o in card.options],
            "chosen": state.chosen_option,
        },
    }
    own = ROLES if over else (() if role is None else (role,))
    roles = sc.roles
    budgets, metrics = state.budgets, state.metrics
    obs["budgets"] = {r: budgets[r] for r in own}
    obs["income"] = {r: roles[r].income for r in own}
    obs["ledger"] = {r: {k: metrics[r][k] for k in LEDGER_KEYS} for r in own}
    revealed = state.revealed
    obs["agendas"] = {r: {"text": dict(roles[r].agenda_text), "weights": dict(roles[r].agenda_weights)}
                      for r in ROLES if r in own or (r, role) in revealed}
    obs["programmes"] = []
    obs["funded_this_round"] = [[r, a, c] for (r, a, _k, c, _s) in state.record["funded"] if r in own]
    deals = []
    for d in state.deals:
        if d.status != "pending":
            continue
        if over or role in d.parties:
            deals.append({"id": d.id, "round": d.round, "proposer": d.proposer,
                          "recipients": list(d.terms.recipients), "status": d.status,
                          "accepted_by": list(d.accepted_by), "terms": _terms_json(d.terms)})
    obs["deals"] = deals
    obs["pending_for_you"] = [d.id for d in pending_deals(state, role)] if role else []
    obs["proposed_this_round"] = state.proposals.get(role, 0) if role else 0
    obs["commitments"] = [{"deal": c.deal_id, "role": c.role, "kind": c.kind, "target": c.target,
                           "until": c.end_round} for c in state.commitments
                          if over or role == c.role or role in c.counterparties]
    obs["log"] = []
    if over:
        res = outcome(state)
        obs["outcome"] = {"competitiveness": res.competitiveness, "collapsed": res.collapsed,
                          "scores": res.scores, "winners": list(res.winners),
                          "parts": {r: score_parts(state, r) for r in ROLES}}
    return obs


def _region_of(state: GameState) -> tuple[dict, float]:
    """`dict(zip(INDICATORS, state.ind.tolist()))` (a fresh dict) and the region's index, looked
    up by the indicators' bytes: they change only when a round resolves or an event hits."""
    ind = state.ind
    key = (ind.tobytes(), id(state.scenario.index_weights))
    hit = _REGIONS.get(key)
    if hit is None or hit[2] is not state.scenario.index_weights:
        v = ind.tolist()
        if len(_REGIONS) > 4096:
            _REGIONS.clear()
        hit = _REGIONS[key] = (dict(zip(INDICATORS, v)),
                               model._competitiveness_of(v, state.scenario.index_weights),
                               state.scenario.index_weights)
    return hit[0].copy(), hit[1]


_REGIONS: dict = {}


def _round3(x: float) -> float:
    """round(x, 3), remembered (the economy moves once a round); zeros keep their sign."""
    if not x or type(x) is not float:
        return round(x, 3)
    hit = _ROUND3.get(x)
    if hit is None:
        if len(_ROUND3) > 4096:
            _ROUND3.clear()
        hit = _ROUND3[x] = round(x, 3)
    return hit


_ROUND3: dict = {}


def _observe_brief_seat(state: GameState, role: str, moves_only: bool = False) -> dict:
    """`_observe_brief` for a role while the game runs (its own private facts only), as one
    dict display in the same key order. `moves_only`: without the lists and tables a player
    choosing its move from the region, the card, its budget, deals and commitments does not
    read (series, trust, texts, failures, income, ledger, agendas, programmes, log); the rest
    is the same."""
    sc = state.scenario
    rnd = state.round
    region, competitiveness = _region_of(state)
    card, deals, pending_ids, funded, commitments = _seat_parts(state, role)
    if moves_only:
        return {
            "you": role,
            "scenario": sc.id,
            "round": rnd,
            "rounds": sc.rounds,
            "phase": state.phase,
            "current_player": current_player(state), "active_players": active_players(state),
            "region": region,
            "macro": _round3(state.macro),
            "competitiveness": competitiveness,
            "collapse_line": sc.collapse_line,
            "diagnosis_in_force": seen_diagnosis_until(state, role) >= rnd,
            "designations": seen_designations(state, role),
            "government_changed_round": state.gov_change_round,
            "card": card,
            "budgets": {role: state.budgets[role]},
            "funded_this_round": funded,
            "deals": deals,
            "pending_for_you": pending_ids,
            "proposed_this_round": state.proposals.get(role, 0),
            "commitments": commitments,
        }
    setup = sc.roles[role]
    m = state.metrics[role]
    revealed = state.revealed
    if revealed:
        agendas = {r: {"text": dict(sc.roles[r].agenda_text), "weights": dict(sc.roles[r].agenda_weights)}
                   for r in ROLES if r == role or (r, role) in revealed}
    else:
        agendas = {role: {"text": plain(setup.agenda_text), "weights": plain(setup.agenda_weights)}}
    return {
        "you": role,
        "scenario": sc.id,
        "round": rnd,
        "rounds": sc.rounds,
        "phase": state.phase,
        "current_player": current_player(state), "active_players": active_players(state),
        "region": region,
        "series": [],
        "trust": [],
        "macro": _round3(state.macro),
        "competitiveness": competitiveness,
        "collapse_line": sc.collapse_line,
        "diagnosis_in_force": seen_diagnosis_until(state, role) >= rnd,
        "designations": seen_designations(state, role),
        "government_changed_round": state.gov_change_round,
        "mandates": {},
        "objectives": {},
        "fired": [[r, f] for r, f in state.fired],
        "card": card,
        "budgets": {role: state.budgets[role]},
        "income": {role: setup.income},
        "ledger": {role: {k: m[k] for k in LEDGER_KEYS}},
        "agendas": agendas,
        "programmes": [],
        "funded_this_round": funded,
        "deals": deals,
        "pending_for_you": pending_ids,
        "proposed_this_round": state.proposals.get(role, 0),
        "commitments": commitments,
        "log": [],
    }


def _seat_parts(state: GameState, role: str) -> tuple:
    """A seat's brief card, deals it is party to, deals waiting for its answer, what it funded
    this round and its commitments, as the observation lists them (fresh containers)."""
    c = state.scenario.cards[state.card_id] if state.card_id else None
    card: dict | None = None if c is None else {
        "id": c.id, "title": {}, "text": {},
        "deciders": list(c.deciders), "section": c.section,
        "options": [{"id": o.id, "tags": list(o.tags)} for o in c.options],
        "chosen": state.chosen_option,
    }
    deals, pending_ids = _seat_deals(state, role)
    funded = [[r, a, c] for (r, a, _k, c, _s) in state.record["funded"] if r == role]
    commitments = [{"deal": x.deal_id, "role": x.role, "kind": x.kind, "target": x.target,
                    "until": x.end_round} for x in state.commitments
                   if role == x.role or role in x.counterparties]
    return card, deals, pending_ids, funded, commitments


def observe_moves(state: GameState, role: str) -> dict:
    """`observe(state, role, brief=True)` for a seated role choosing its move, without the
    lists and tables such a player does not read (see `_observe_brief_seat`'s `moves_only`):
    the same facts, the same values. What the baseline AI reads each move."""
    if role is None or state.phase == GAME_OVER:
        return observe(state, role, brief=True)
    return _observe_brief_seat(state, role, moves_only=True)


def observe_turn(state: GameState, role: str) -> dict:
    """`observe_moves(state, role)` cut to the keys a seat reads to make a move of the current
    phase (each with the same value as there): who, when and whose turn always; the card at an
    event; deals, proposals and its budget in negotiation; the region, the economy, the
    diagnosis, designations, the change of government, its budget, what it funded and its
    commitments in the actions phase. What the baseline AI reads each move: an observation is
    built for every move of a game, and most of the full one is for other phases."""
    phase = state.phase
    if role is None or phase not in (EVENT, NEGOTIATION, ACTIONS):
        return observe_moves(state, role)
    sc = state.scenario
    obs = {"you": role, "scenario": sc.id, "round": state.round, "rounds": sc.rounds,
           "phase": phase, "current_player": current_player(state),
           "active_players": active_players(state)}
    if phase == EVENT:
        c = _event_card(state)
        obs["card"] = {"id": c.id, "title": {}, "text": {}, "deciders": list(c.deciders),
                       "section": c.section,
                       "options": [{"id": o.id, "tags": list(o.tags)} for o in c.options],
                       "chosen": state.chosen_option}
    elif phase == NEGOTIATION:
        deals, pending_ids = _seat_deals(state, role)
        obs["budgets"] = {role: state.budgets[role]}
        obs["deals"] = deals
        obs["pending_for_you"] = pending_ids
        obs["proposed_this_round"] = state.proposals.get(role, 0)
    else:
        obs["region"], obs["competitiveness"] = _region_of(state)
        obs["macro"] = _round3(state.macro)
        obs["diagnosis_in_force"] = seen_diagnosis_until(state, role) >= state.round
        obs["designations"] = seen_designations(state, role)
        obs["government_changed_round"] = state.gov_change_round
        obs["budgets"] = {role: state.budgets[role]}
        obs["funded_this_round"] = [[r, a, c] for (r, a, _k, c, _s) in state.record["funded"] if r == role]
        obs["commitments"] = [{"deal": x.deal_id, "role": x.role, "kind": x.kind, "target": x.target,
                               "until": x.end_round} for x in state.commitments
                              if role == x.role or role in x.counterparties]
    return obs


def _rounded_region_trust(state: GameState) -> tuple[dict, list]:
    """The full observation's rounded region and trust (fresh containers), looked up by the
    arrays' bytes: they rarely change between an AI's decisions."""
    key = (state.ind.tobytes(), state.trust.tobytes(), state.trust.shape)
    hit = _ROUNDED.get(key)
    if hit is None:
        if len(_ROUNDED) > 4096:
            _ROUNDED.clear()
        hit = _ROUNDED[key] = ({k: round(v, 2) for k, v in zip(INDICATORS, state.ind.tolist())},
                               tuple(tuple(round(float(x), 1) for x in row) for row in state.trust))
    return hit[0].copy(), [list(row) for row in hit[1]]


_ROUNDED: dict = {}


def observe_for_search(state: GameState, role: str) -> dict:
    """What an AI's determinisation (game.ai.view.determinise) reads of `observe(state, role,
    log_since=<past the end>)`, with the same values: the brief observation, plus the region
    and trust rounded as the full one rounds them and the programmes it lists."""
    obs = _observe_brief(state, role)
    obs["region"], obs["trust"] = _rounded_region_trust(state)
    own = ROLES if state.phase == GAME_OVER else (role,)
    obs["programmes"] = [
        {"uid": p.uid, "action": p.action_id, "owner": p.owner, "cost": p.cost,
         "funded_round": p.funded_round, "pays_from": p.pays_from, "pays_until": p.pays_until,
         "source": p.source, "cancelled_round": p.cancelled_round}
        for p in state.programmes
        if p.owner in own or (role is not None and role in p.payers)]
    return obs


def observe(state: GameState, role: str | None, log_since: int = 0, brief: bool = False) -> dict:
    """What `role` may know, as plain JSON data. `role=None` is the public (projector) view.
    After the game is over everything is revealed, for the debrief. Only log entries numbered
    `log_since` or later are included (a UI asks for what is new). `brief` leaves out the
    history a fast AI does not need (indicator series, texts, past deals, log)."""
    if brief:
        return _observe_brief(state, role)
    sc = state.scenario
    over = state.phase == GAME_OVER
    card = sc.cards[state.card_id] if state.card_id else None
    obs: dict = {
        "you": role,
        "scenario": sc.id,
        "round": state.round,
        "rounds": sc.rounds,
        "phase": state.phase,
        "current_player": current_player(state), "active_players": active_players(state),
        "region": (dict(zip(INDICATORS, state.ind.tolist())) if brief else
                   {k: round(v, 2) for k, v in zip(INDICATORS, state.ind.tolist())}),
        "series": [] if brief else [[round(float(x), 2) for x in row] for row in state.series],
        "trust": [] if brief else [[round(float(x), 1) for x in row] for row in state.trust],
        "macro": round(state.macro, 3),
        "competitiveness": (model.region_index(state) if brief else
                            round(model.region_index(state), 2)),
        "collapse_line": sc.collapse_line,
        "diagnosis_in_force": seen_diagnosis_until(state, role) >= state.round,
        "designations": seen_designations(state, role),
        "government_changed_round": state.gov_change_round,
        "mandates": {} if brief else {r: _text(sc.roles[r].mandate) for r in ROLES},
        "objectives": {} if brief else {r: dict(sc.roles[r].objectives) for r in ROLES},
        "fired": [[r, f] for r, f in state.fired],
        "card": None if card is None else {
            "id": card.id, "title": {} if brief else _text(card.title),
            "text": {} if brief else _text(card.text),
            "deciders": list(card.deciders), "section": card.section,
            "options": [{"id": o.id, "tags": list(o.tags)} if brief else
                        {"id": o.id, "text": _text(o.text), "tags": list(o.tags),
                         "explain": _text(o.explain)} for o in card.options],
            "chosen": state.chosen_option,
        },
    }
    see_all = over
    own = ROLES if see_all else (() if role is None else (role,))   # whose private facts we show
    obs["budgets"] = {r: state.budgets[r] for r in own}
    obs["income"] = {r: sc.roles[r].income for r in own}
    obs["ledger"] = {r: {k: state.metrics[r][k] for k in LEDGER_KEYS} for r in own}
    obs["agendas"] = {r: {"text": _text(sc.roles[r].agenda_text), "weights": dict(sc.roles[r].agenda_weights)}
                      for r in ROLES if r in own or (r, role) in state.revealed}
    obs["programmes"] = [
        {"uid": p.uid, "action": p.action_id, "owner": p.owner, "cost": p.cost,
         "funded_round": p.funded_round, "pays_from": p.pays_from, "pays_until": p.pays_until,
         "source": p.source, "cancelled_round": p.cancelled_round}
        for p in ([] if brief else state.programmes)
        if p.owner in own or (role is not None and role in p.payers)]
    obs["funded_this_round"] = [[r, a, c] for (r, a, _k, c, _s) in state.record["funded"] if r in own]
    deals = []
    for d in state.deals:
        if brief and d.status != "pending":
            continue
        if see_all or role in d.parties:
            deals.append({"id": d.id, "round": d.round, "proposer": d.proposer,
                          "recipients": list(d.terms.recipients), "status": d.status,
                          "accepted_by": list(d.accepted_by), "terms": _terms_json(d.terms)})
        elif d.status == "accepted":
            deals.append({"id": d.id, "round": d.round, "parties": list(d.parties), "status": d.status})
    obs["deals"] = deals
    obs["pending_for_you"] = [d.id for d in pending_deals(state, role)] if role else []
    obs["proposed_this_round"] = state.proposals.get(role, 0) if role else 0
    obs["commitments"] = [{"deal": c.deal_id, "role": c.role, "kind": c.kind, "target": c.target,
                           "until": c.end_round} for c in state.commitments
                          if see_all or role == c.role or role in c.counterparties]
    obs["log"] = [{"seq": e.seq, "round": e.round, "phase": e.phase, "kind": e.kind,
                   "msg": e.msg, "params": e.params}
                  for e in ([] if brief else state.log[log_since:]) if see_all or e.visible(role)]
    if role is not None and not brief:
        obs["score"] = score_parts(state, role)
    if over:
        res = outcome(state)
        obs["outcome"] = {"competitiveness": res.competitiveness, "collapsed": res.collapsed,
                          "scores": res.scores, "winners": list(res.winners),
                          "parts": {r: score_parts(state, r) for r in ROLES}}
    return obs
