"""The 13 failure detectors (paper Table 1, section III). Each is a rule over the state and the
round records; it fires with a one-sentence reason (an English msgid with parameters, rendered
in any language by game.i18n) and the failure type's paper section from the catalogue.

Detectors run at resolution, after the model has updated the region. A type fires at most once
a round; those watching a lasting condition (B1, C1 lock-in, D2) wait 3 rounds before firing
again, so one bad state does not flood the log. Choosing an event option tagged with a failure
type walks into that trap and fires it too.

The rules, one line each (thresholds are the module constants below, so the balance lab and
the tests can see them):

* A1 (III.1(1)) — a uniform national programme is funded while no diagnosis is in force, or
  while one is in force and a programme tailored to it was within reach (the role could have
  paid for it instead): the diagnosis was ignored.
* A2 (III.1(2)) — hardware worth `A2_HARDWARE_SPEND` or more into a region below
  `A2_ABSORPTIVE_BELOW` absorptive capacity, or idle assets jumping `A2_IDLE_JUMP` in a round;
  or, where absorptive capacity is below `A2_SUPPORT_ABSORPTIVE_BELOW`, public support in one
  round (programmes, research, hardware, designations, money handed to firms and the
  university) beyond `A2_SUPPORT_PER_ABSORPTIVE` × absorptive capacity plus what the same round
  put into building that capacity (the farm-debt example, IV.2).
* A3 (III.1(3)) — a high-tech leap (an action tagged A3) funded where the local base cannot
  carry it: absorptive capacity below `A3_ABSORPTIVE_BELOW` or an industrial base below
  `A3_INDUSTRY_BELOW` (research without production does not make a high-tech industry).
* B1 (III.2(1)) — from round `B1_FROM_ROUND`, nobody funded an outside link for `B1_WINDOW`
  rounds while external linkage is below `B1_EXTERNAL_BELOW`, or below `B1_EXTERNAL_OK` and
  falling, or below `B1_EXTERNAL_OK` while the region's links grow only inward (network
  programmes funded, or network density above external linkage).
* B2 (III.2(2)) — research facilities bought while firm–university trust is low and the two
  made no deal.
* B3 (III.2(3)) — every park or complex (hardware tagged B3) is judged `B3_WINDOW` rounds after
  it was built (or at the end of the game): network programmes funded in that window must be
  worth `B3_NETWORK_PER_COST` of the parks built that round.
* C1 (III.3(1)) — designations past the plan's limit, or lock-in reaching `C1_LOCK_IN`.
* C2 (III.3(2)) — the public side hands firms money with no strings: unconditional deal
  transfers (or conditional ones whose condition was broken) worth `C2_UNCONDITIONAL` in a
  round, or firms lobbying for a subsidy. Conditional grants and co-funding are not C2.
* C3 (III.3(3)) — the local government builds while buildings are `C3_HARDWARE_SHARE` or more
  of its innovation money over two rounds: a small programme beside a big building does not
  clear it.
* C4 (III.3(4)) — `duplicated_programmes`: the ministry and the local government fund the same
  kind of programme in one round with no coordination meeting and no deal between them.
  Welfare on both levels is the division of labour L3 asks for, not duplication.
* C5 (III.3(5)) — a sound running programme (one whose action carries no failure tag) is
  cancelled before it paid off, or buildings outweigh programmes right after a change of
  government. Dropping a high-tech bet (A3) or a uniform programme (A1) is not C5.
* D1 (III.4) — a downturn nobody acted on.
* D2 (III.4) — in a weak region (mean of industrial base and absorptive capacity below
  `D2_WEAK_BELOW` at the start) with cohesion below `D2_COHESION_BELOW`, the public side
  puts `D2_CLUSTER_SPEND` or more into cluster policy in a round while welfare got less than
  `D2_WELFARE_SHARE` of the cluster money over the last `D2_WINDOW` rounds.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

from .constants import FAILURE_IDS, IND
from .labels import KIND_LABELS, N_
from .state import GameState, RoundRecord

PUBLIC = ("ministry", "local")

A2_HARDWARE_SPEND = 30        # hardware money in a round ...
A2_ABSORPTIVE_BELOW = 40      # ... while absorptive capacity is below this
A2_IDLE_JUMP = 10             # or idle assets rising this much in one round
A2_SUPPORT_ABSORPTIVE_BELOW = 30   # or, in a region this weak, public support in a round ...
A2_SUPPORT_PER_ABSORPTIVE = 1.2    # ... beyond this many units per point of absorptive capacity
A2_SUPPORT_KINDS = frozenset({"programme", "research", "hardware", "designation"})
A3_ABSORPTIVE_BELOW = 50
A3_INDUSTRY_BELOW = 50
B1_EXTERNAL_BELOW = 30        # a region this closed needs outside links, whatever it does inside
B1_EXTERNAL_OK = 50           # above this, external linkage is no worry
B1_FROM_ROUND = 3
B1_WINDOW = 3                 # rounds without any outside link
B1_INWARD_PROGRAMMES = 2      # network programmes in the window that make the links "inward only"
B1_FALL = 2                   # external linkage falling this much over the window
B2_TRUST_BELOW = 45
B3_WINDOW = 2                 # rounds a park may wait for its network programmes
B3_NETWORK_PER_COST = 0.4     # network money needed per unit of park money
C1_LOCK_IN = 60
C2_UNCONDITIONAL = 10
C3_HARDWARE_SHARE = 0.7
C3_MIN_SPEND = 20
C3_SOFT_KINDS = frozenset({"programme", "capacity", "diagnosis", "network", "external", "research"})
C5_AFTER_CHANGE = 2
D1_MACRO_BELOW = -0.4
D2_WEAK_BELOW = 40            # mean of industrial base and absorptive capacity
D2_COHESION_BELOW = 40
D2_CLUSTER_SPEND = 20
D2_WELFARE_SHARE = 0.25
D2_WINDOW = 3                 # rounds over which cluster and welfare money are compared
D2_CLUSTER_KINDS = frozenset({"programme", "research", "hardware", "designation", "network",
                              "external"})
COOLDOWN = 3

# What counts as "the same kind of programme" on two levels of government (C4). Capacity grants
# and training are both programmes of people; welfare is deliberately absent (L3).
DUPLICATE_GROUPS = {"diagnosis": "diagnosis", "programme": "programme", "capacity": "programme",
                    "hardware": "hardware"}


@dataclass(frozen=True)
class Firing:
    failure: str
    roles: tuple[str, ...]
    msg: str
    params: dict
    # The decisions that fed it, declared by each rule (the debrief reads them, never the rule):
    # (role, action id) for a funding from the role's budget, (role, OPTION_CAUSE) for the
    # event choice (also for a programme the choice started), (role, deal_cause(id)) for
    # proposing or accepting a deal (also for a programme the deal co-funds), (role,
    # CANCEL_CAUSE) for a cancellation, and (role, NO_DECISION) where what fed it is what the
    # role left undone (no outside link for three rounds, no answer to a downturn) or a state
    # the table built up over the game rather than one decision of this round.
    # Each cause also names the round it was decided in: (role, cause id, round).
    causes: tuple[tuple[str, str, int], ...] = ()


OPTION_CAUSE = "@option"      # the cause id of an event choice
CANCEL_CAUSE = "@cancel"      # the cause id of a cancellation
NO_DECISION = "@none"         # fed by what was left undone, not by a decision
DEAL_CAUSE = "@deal:"         # + the deal's number: proposing or accepting that deal


def deal_cause(deal_id: int) -> str:
    return f"{DEAL_CAUSE}{deal_id}"


def _decisions_of_funding(state: GameState, rec: RoundRecord, role: str, action_id: str, source: str) -> set:
    """The decisions behind one entry of a round's funded list: the role's own funding, the
    event choice that started it, or the deal that co-funds it (every party decided it)."""
    rnd = rec["round"]
    if source == "budget":
        return {(role, action_id, rnd)}
    if source == "card":
        chosen = rec.get("option")
        return {(chosen[0], OPTION_CAUSE, rnd)} if chosen else set()
    ids = set(rec["deals"])
    return _deal_causes(state, [d for d in state.deals if d.id in ids and d.terms.cofund is not None
                                and d.terms.cofund.action_id == action_id])


def _funding_causes(state: GameState, entries, rec: RoundRecord | None = None) -> tuple:
    """Causes (see Firing.causes) of these (role, action id, kind, cost, source) entries of
    `rec` (this round's record by default)."""
    rec = rec or state.record
    out: set = set()
    for (r, a, _k, _c, s) in entries:
        out |= _decisions_of_funding(state, rec, r, a, s)
    return tuple(sorted(out))


def _deal_causes(state: GameState, deals) -> set:
    """Every party of these deals decided them (the proposer and those who accepted)."""
    return {(p, deal_cause(d.id), d.round) for d in deals for p in d.parties}


def _left_undone(state: GameState, roles) -> tuple:
    return tuple(sorted((r, NO_DECISION, state.round) for r in roles))


def _funded(state: GameState, rec: RoundRecord | None = None):
    return (rec or state.record)["funded"]


def _recent_records(state: GameState, n: int) -> list[RoundRecord]:
    """This round's record and the n-1 before it."""
    return (state.records[-(n - 1):] if n > 1 else []) + [state.record]


def _tagged(state: GameState, action_id: str, tag: str) -> bool:
    return tag in state.scenario.actions[action_id].tags


def _builds_capacity(state: GameState, action_id: str) -> bool:
    """Capacity building (L2): what raises the region's ability to absorb support."""
    act = state.scenario.actions[action_id]
    return act.kind == "capacity" or "L2" in act.tags


def _cooling(state: GameState, fid: str) -> bool:
    return any(f == fid and state.round - r < COOLDOWN for r, f in state.fired)


def _ind(state: GameState, name: str) -> float:
    return round(float(state.ind[IND[name]]), 1)


def _at_start_of_round(state: GameState, name: str) -> float:
    """The indicator as the round began (before this round's programmes paid off)."""
    row = state.series[-1] if state.series else state.ind
    return float(row[IND[name]])


def _deals_this_round(state: GameState) -> list:
    ids = set(state.record["deals"])
    return [d for d in state.deals if d.id in ids]


def _tailored_alternative(state: GameState, role: str, instead_of: int) -> bool:
    """Could `role` have funded a programme tailored to the diagnosis instead (an action of its
    own that requires a diagnosis and carries no A1 tag), with the money it spent on the uniform
    one and what it has left?"""
    money = state.budgets[role] + instead_of
    return any(a.requires == "diagnosis" and "A1" not in a.tags and a.cost <= money
               for a in state.scenario.actions_of(role))


def a1(state: GameState) -> list[Firing]:
    entries = [e for e in _funded(state) if _tagged(state, e[1], "A1") and e[2] != "hardware"]
    hits = [(r, a, c if s == "budget" else 0) for (r, a, kind, c, s) in entries]
    if not hits:
        return []
    roles = tuple(sorted({r for r, _a, _c in hits}))
    if state.diagnosis_until < state.round:
        return [Firing("A1", roles, N_(
            "A one-size-fits-all national programme went to the region while no diagnosis of "
            "its needs was in force (public capability {capability})."),
            {"capability": _ind(state, "capability")}, causes=_funding_causes(state, entries))]
    ignored = tuple(sorted({r for r, _a, c in hits if _tailored_alternative(state, r, c)}))
    if ignored:
        return [Firing("A1", ignored, N_(
            "A one-size-fits-all national programme went to the region although a diagnosis was "
            "in force and a programme tailored to it was within reach: the diagnosis was ignored "
            "(public capability {capability})."),
            {"capability": _ind(state, "capability")},
            causes=_funding_causes(state, [e for e in entries if e[0] in ignored]))]
    return []


def _public_support(state: GameState) -> tuple[float, float, set, set]:
    """This round's public support into the cluster, and the part of it that builds absorptive
    capacity: what the ministry and the local government funded (from their budgets, or their
    shares of co-funded projects) and what they handed to firms and the university (deal
    transfers); with the roles and the decisions (causes) behind the support."""
    support = capacity = 0.0
    roles: set = set()
    causes: set = set()
    for (r, a, kind, c, s) in _funded(state):
        if r in PUBLIC and s == "budget":
            if _builds_capacity(state, a):
                capacity += c
            elif kind in A2_SUPPORT_KINDS:
                support += c
                roles.add(r)
                causes |= _decisions_of_funding(state, state.record, r, a, s)
    for deal in _deals_this_round(state):
        cof = deal.terms.cofund
        if cof is not None:
            act = state.scenario.actions[cof.action_id]
            for share in cof.shares:
                if share.role in PUBLIC:
                    if _builds_capacity(state, act.id):
                        capacity += share.amount
                    elif act.kind in A2_SUPPORT_KINDS:
                        support += share.amount
                        roles.add(share.role)
                        causes |= _deal_causes(state, [deal])
        for t in deal.terms.transfers:      # the round's transfers are its deals' transfers
            if t.giver in PUBLIC and t.receiver not in PUBLIC:
                if t.condition and _builds_capacity(state, t.condition):
                    capacity += t.amount
                else:
                    support += t.amount
                    roles.update((t.giver, t.receiver))
                    causes |= _deal_causes(state, [deal])
    return support, capacity, roles, causes


def a2(state: GameState) -> list[Firing]:
    absorptive = _at_start_of_round(state, "absorptive")
    hw = [(r, c) for (r, _a, kind, c, _s) in _funded(state) if kind == "hardware"]
    built = _funding_causes(state, [e for e in _funded(state) if e[2] == "hardware"])
    spend = sum(c for _, c in hw)
    before = state.series[-1][IND["idle_assets"]] if state.series else 0.0
    jump = float(state.ind[IND["idle_assets"]] - before)
    if hw and ((spend >= A2_HARDWARE_SPEND and absorptive < A2_ABSORPTIVE_BELOW)
               or jump >= A2_IDLE_JUMP):
        roles = tuple(sorted({r for r, _ in hw}))
        return [Firing("A2", roles, N_(
            "Hardware worth {spend} was poured into a region with absorptive capacity {absorptive} "
            "and network density {network}: idle assets rose by {jump}."),
            {"spend": spend, "absorptive": round(absorptive, 1), "jump": round(jump, 1),
             "network": _ind(state, "network")}, causes=built)]
    if absorptive < A2_SUPPORT_ABSORPTIVE_BELOW:
        support, capacity, supporters, causes = _public_support(state)
        limit = A2_SUPPORT_PER_ABSORPTIVE * absorptive + capacity
        if support > limit:
            return [Firing("A2", tuple(sorted(supporters)), N_(
                "Support worth {support} went in one round into a region with absorptive capacity "
                "{absorptive}, more than the {limit} it can put to use, while only {capacity} went "
                "into building that capacity: like farm aid that ended in farm debt."),
                {"support": round(support), "absorptive": round(absorptive, 1),
                 "limit": round(limit), "capacity": round(capacity)}, causes=tuple(sorted(causes)))]
    return []


def a3(state: GameState) -> list[Firing]:
    entries = [e for e in _funded(state) if _tagged(state, e[1], "A3")]
    if not entries:
        return []
    roles = tuple(sorted({e[0] for e in entries}))
    causes = _funding_causes(state, entries)
    absorptive = float(state.ind[IND["absorptive"]])
    industry = float(state.ind[IND["industry"]])
    params = {"absorptive": round(absorptive, 1), "industry": round(industry, 1)}
    if absorptive < A3_ABSORPTIVE_BELOW:
        return [Firing("A3", roles, N_(
            "Money went into a fashionable high-tech field the region cannot absorb (absorptive "
            "capacity {absorptive}) instead of upgrading the industry it has (industrial base "
            "{industry})."), params, causes=causes)]
    if industry < A3_INDUSTRY_BELOW:
        return [Firing("A3", roles, N_(
            "Money went into a fashionable high-tech field that the region's thin industrial base "
            "({industry}) cannot carry: skills and research (absorptive capacity {absorptive}) do "
            "not make an industry without the firms and production to build on."), params, causes=causes)]
    return []


def b1(state: GameState) -> list[Firing]:
    if state.round < B1_FROM_ROUND or _cooling(state, "B1"):
        return []
    recent = _recent_records(state, B1_WINDOW)
    if any(kind == "external" for rec in recent for (_r, _a, kind, _c, _s) in rec["funded"]):
        return []
    external = float(state.ind[IND["external"]])
    network = float(state.ind[IND["network"]])
    if external < B1_EXTERNAL_BELOW:
        return [Firing("B1", ("firms", "local"), N_(
            "For three rounds nobody brought in outside talent, technology or partners, and "
            "external linkage stays at {external}: the region is talking only to itself."),
            {"external": round(external, 1)}, causes=_left_undone(state, ("firms", "local")))]
    if external >= B1_EXTERNAL_OK:
        return []
    row = len(state.series) - B1_WINDOW      # the indicators before the window began
    before = float(state.series[max(0, row)][IND["external"]]) if state.series else external
    if before - external >= B1_FALL:
        return [Firing("B1", ("firms", "local"), N_(
            "External linkage fell from {before} to {external} in three rounds and nobody brought "
            "in outside talent, technology or partners: the region is closing in on itself."),
            {"before": round(before, 1), "external": round(external, 1)},
            causes=_left_undone(state, ("firms", "local")))]
    inward = [r for rec in recent for (r, _a, kind, _c, _s) in rec["funded"] if kind == "network"]
    if len(inward) >= B1_INWARD_PROGRAMMES or network > external:
        roles = tuple(sorted(set(inward) | {"firms", "local"}))
        # the inward programmes of the window, and the outside link the two never funded
        causes = set(_left_undone(state, ("firms", "local")))
        for rec in recent:
            causes.update(_funding_causes(state, [e for e in rec["funded"] if e[2] == "network"], rec))
        return [Firing("B1", roles, N_(
            "For three rounds nobody built a link to the outside while the region's links turn "
            "inward ({count} new network programmes, network density {network}) and external "
            "linkage stays at {external}: the region is talking mostly to itself."),
            {"count": len(inward), "network": round(network, 1), "external": round(external, 1)},
            causes=tuple(sorted(causes)))]
    return []


def b2(state: GameState) -> list[Firing]:
    entries = [e for e in _funded(state) if _tagged(state, e[1], "B2")]
    if not entries:
        return []
    hits = [e[0] for e in entries]
    trust = float(state.trust[2, 3])  # firms–university
    partnered = any(tuple(sorted(p)) == ("firms", "university")
                    for rec in _recent_records(state, 2) for p in rec["deal_pairs"])
    if trust < B2_TRUST_BELOW and not partnered:
        return [Firing("B2", tuple(sorted(set(hits))), N_(
            "Research facilities were bought in the hope that firms would use them, yet trust "
            "between firms and the university is only {trust} and they made no deal together."),
            {"trust": round(trust, 1)}, causes=_funding_causes(state, entries))]
    return []


def b3(state: GameState) -> list[Firing]:
    """Parks are judged by the round they were built in: B3_WINDOW rounds later, or at the end
    of the game for those whose window the game cut short."""
    rnd = state.round
    records = state.records + [state.record]
    last = rnd >= state.scenario.rounds
    due = [rec for rec in records
           if rec.get("round", 0) == rnd - B3_WINDOW or (last and rec.get("round", 0) > rnd - B3_WINDOW)]
    for rec in due:
        built = rec.get("round", 0)
        parks = [(r, c) for (r, a, kind, c, _s) in rec["funded"]
                 if kind == "hardware" and _tagged(state, a, "B3")]
        park_causes = _funding_causes(state, [e for e in rec["funded"]
                                              if e[2] == "hardware" and _tagged(state, e[1], "B3")], rec)
        if not parks:
            continue
        cost = sum(c for _r, c in parks)
        window = [x for x in records if built <= x.get("round", 0) <= built + B3_WINDOW]
        spent = sum(c for x in window for (_r, _a, kind, c, _s) in x["funded"] if kind == "network")
        needed = B3_NETWORK_PER_COST * cost
        if spent < needed:
            return [Firing("B3", tuple(sorted({r for r, _ in parks})), N_(
                "A park or complex worth {cost} built in round {round} was followed by network "
                "programmes worth only {spent}, short of the {needed} it needed: its tenants sit "
                "side by side without working together (network density {network})."),
                {"cost": cost, "round": built, "spent": spent, "needed": round(needed),
                 "network": _ind(state, "network")}, causes=park_causes)]
    return []


def c1(state: GameState) -> list[Firing]:
    limit = state.scenario.designation_limit
    entries = [e for e in _funded(state) if e[2] == "designation"]
    if entries and state.designations > limit:
        return [Firing("C1", ("ministry",), N_(
            "{count} regions are now designated as clusters where the plan called for {limit}: "
            "the budget is being spread for political reasons."),
            {"count": state.designations, "limit": limit}, causes=_funding_causes(state, entries))]
    lock = float(state.ind[IND["lock_in"]])
    if lock >= C1_LOCK_IN and not _cooling(state, "C1"):
        roles = tuple(sorted(set(state.record["lobbied"]))) or ("ministry",)
        # this round's lobbying and designations; else the lock-in the game built up
        pressure = [e for e in _funded(state) if e[2] in ("lobby", "designation")]
        return [Firing("C1", roles, N_(
            "Political lock-in has reached {lock}: money follows lobbying and incumbents rather "
            "than the region's prospects."), {"lock": round(lock, 1)},
            causes=_funding_causes(state, pressure) or _left_undone(state, roles))]
    return []


def c2(state: GameState) -> list[Firing]:
    """Money to firms without strings. Summed over the round, so splitting a subsidy into small
    payments does not hide it; a condition the firms then broke was no condition. The reason is
    public, so it names no amount: deal terms are private to their parties."""
    rec = state.record
    broke = {deal_id for (role, deal_id, kind) in rec["broken"] if role == "firms" and kind == "fund"}
    # (giver, condition) of conditional grants whose condition the firms did not keep
    unkept = {(t.giver, t.condition) for d in _deals_this_round(state) if d.id in broke
              for t in d.terms.transfers if t.receiver == "firms" and t.condition}
    gifts: dict[str, int] = {}
    gift_deals = []
    for d in _deals_this_round(state):     # the round's transfers are its deals' transfers
        for t in d.terms.transfers:
            if t.giver not in PUBLIC or t.receiver != "firms":
                continue
            if t.condition is not None and (t.giver, t.condition) not in unkept:
                continue
            gifts[t.giver] = gifts.get(t.giver, 0) + t.amount
            gift_deals.append(d)
    lobbies = [e for e in _funded(state) if e[0] == "firms" and e[2] == "lobby"]
    lobbied = "firms" in rec["lobbied"] or bool(lobbies)
    dealt = sum(gifts.values()) >= C2_UNCONDITIONAL
    roles = tuple(sorted(set(gifts) | {"firms"})) if dealt else ("firms",)
    causes = tuple(sorted(set(_funding_causes(state, lobbies))
                          | (_deal_causes(state, gift_deals) if dealt else set())))
    if dealt and lobbied:
        return [Firing("C2", roles, N_(
            "Firms got public money with no conditions attached, both in a deal that tied it to "
            "no programme and by lobbying for a subsidy: a partnership that simply obeys firms' "
            "short-term demands."), {}, causes=causes)]
    if dealt:
        return [Firing("C2", roles, N_(
            "Firms got public money in a deal that tied it to no programme: a partnership that "
            "simply obeys firms' short-term demands."), {}, causes=causes)]
    if lobbied:
        return [Firing("C2", roles, N_(
            "Firms lobbied for a subsidy and will get it with no conditions attached: a "
            "partnership that simply obeys firms' short-term demands."), {}, causes=causes)]
    return []


def c3(state: GameState) -> list[Firing]:
    """Judged by the share of the local government's innovation money (its own budget and
    co-funded projects it runs) that went into buildings over two rounds."""
    recs = _recent_records(state, 2)
    local = [(kind, c) for rec in recs for (r, _a, kind, c, s) in rec["funded"]
             if r == "local" and s in ("budget", "deal")]
    hw = sum(c for kind, c in local if kind == "hardware")
    soft = sum(c for kind, c in local if kind in C3_SOFT_KINDS)
    built_now = any(r == "local" and kind == "hardware" for (r, _a, kind, _c, _s) in _funded(state))
    if built_now and hw >= C3_MIN_SPEND and hw / (hw + soft) >= C3_HARDWARE_SHARE:
        built = _funding_causes(state, [e for e in _funded(state) if e[0] == "local" and e[2] == "hardware"])
        return [Firing("C3", ("local",), N_(
            "The local government's 'innovation policy' was {share}% buildings and equipment over "
            "two rounds: too little went into the programmes that would put them to use."),
            {"share": round(100 * hw / (hw + soft))}, causes=built)]
    return []


def coordinated(state: GameState) -> bool:
    """The ministry convened coordination this round, or it and the local government made a
    deal together this round that is more than money without strings: a co-funded programme,
    money tied to a programme, or commitments (they talked about what each will do)."""
    rec = state.record
    if any(r == "ministry" and kind == "coordination" for (r, _a, kind, _c, _s) in rec["funded"]):
        return True
    if ("local", "ministry") not in rec["deal_pairs"]:
        return False
    for d in state.deals:
        if d.status != "accepted" or d.round != state.round or not {"ministry", "local"} <= set(d.parties):
            continue
        t = d.terms
        if t.cofund is not None or t.commitments or any(x.condition for x in t.transfers):
            return True
    return False


def duplicated_programmes(state: GameState) -> list[tuple[str, str]]:
    """(ministry action id, local action id) for every pair of the same kind of programme
    (`DUPLICATE_GROUPS`: both a diagnosis, both a programme or capacity grant, both hardware)
    funded this round by the two levels of government without coordination (`coordinated`).
    The one definition of C4's duplication; the region model uses it too (III.3(4))."""
    funded = state.record["funded"]
    mine = [(a, DUPLICATE_GROUPS[k]) for (r, a, k, _c, _s) in funded
            if r == "ministry" and k in DUPLICATE_GROUPS]
    if not mine:
        return []
    theirs = [(a, DUPLICATE_GROUPS[k]) for (r, a, k, _c, _s) in funded
              if r == "local" and k in DUPLICATE_GROUPS]
    if not theirs or coordinated(state):
        return []
    return [(a, b) for a, ga in mine for b, gb in theirs if ga == gb]


def c4(state: GameState) -> list[Firing]:
    pairs = duplicated_programmes(state)
    if not pairs:
        return []
    kinds = state.scenario.actions
    groups = sorted({DUPLICATE_GROUPS[kinds[a].kind] for a, _b in pairs})
    named = {("ministry", a) for a, _b in pairs} | {("local", b) for _a, b in pairs}
    causes = _funding_causes(state, [e for e in state.record["funded"] if (e[0], e[1]) in named])
    return [Firing("C4", ("local", "ministry"), N_(
        "The ministry and the local government funded the same kind of measure ({kinds}) in "
        "the same round without talking to each other."), {"kinds": [KIND_LABELS[k] for k in groups]},
        causes=causes)]


def _sound(state: GameState, action_id: str) -> bool:
    """A programme worth keeping: its action walks into no failure type."""
    return not set(state.scenario.actions[action_id].tags) & set(FAILURE_IDS)


def c5(state: GameState) -> list[Firing]:
    cut = [(r, a) for (r, a, full) in state.record["cancelled"] if not full and _sound(state, a)]
    if cut:
        return [Firing("C5", tuple(sorted({r for r, _ in cut})), N_(
            "A programme was cancelled before it could pay off: the rest of its effect is lost, and "
            "partners learn not to rely on the next one."), {},
            causes=tuple(sorted({(r, CANCEL_CAUSE, state.round) for r, _ in cut})))]
    g = state.gov_change_round
    if g is not None and 0 <= state.round - g < C5_AFTER_CHANGE:
        hw = sum(c for (_r, _a, kind, c, _s) in _funded(state) if kind == "hardware")
        soft = sum(c for (_r, _a, kind, c, _s) in _funded(state)
                   if kind in ("programme", "capacity", "network", "research"))
        if hw > soft:
            roles = tuple(sorted({r for (r, _a, kind, _c, _s) in _funded(state) if kind == "hardware"}))
            return [Firing("C5", roles, N_(
                "Right after the change of government, new buildings ({hardware}) got more money "
                "than long-term programmes ({programmes})."), {"hardware": hw, "programmes": soft},
                causes=_funding_causes(state, [e for e in _funded(state) if e[2] == "hardware"]))]
    return []


def d1(state: GameState) -> list[Firing]:
    shock = state.record.get("macro", state.macro)  # the climate this round was played in
    acted = any(kind == "macro" for (_r, _a, kind, _c, _s) in _funded(state))
    if shock <= D1_MACRO_BELOW and not acted:
        return [Firing("D1", ("ministry",), N_(
            "The national economy is in a downturn (macro climate {macro}) and nobody acted on it: "
            "no cluster programme can offset a national shock."), {"macro": round(shock, 2)},
            causes=_left_undone(state, ("ministry",)))]
    return []


def weak_region(state: GameState) -> bool:
    """A lagging region, where equity policy may serve better than cluster policy (III.4): its
    industrial base and absorptive capacity averaged below D2_WEAK_BELOW at the start of the
    game (a structural condition, not a bad year: a strong region run down by traps shows its
    damage in other failures)."""
    row = state.series[0] if state.series else state.ind
    return (row[IND["industry"]] + row[IND["absorptive"]]) / 2 < D2_WEAK_BELOW


def _cluster_and_welfare(state: GameState, rec: RoundRecord) -> tuple[float, float, set]:
    cluster = welfare = 0.0
    spenders: set = set()
    for (r, a, kind, c, _s) in rec["funded"]:
        if r not in PUBLIC:
            continue
        if kind == "welfare":
            welfare += c
        elif kind in D2_CLUSTER_KINDS and not _builds_capacity(state, a):
            cluster += c
            spenders.add(r)
    return cluster, welfare, spenders


def d2(state: GameState) -> list[Firing]:
    if _cooling(state, "D2") or not weak_region(state):
        return []
    cohesion = float(state.ind[IND["cohesion"]])
    if cohesion >= D2_COHESION_BELOW:
        return []
    now, _w, spenders = _cluster_and_welfare(state, state.record)
    if now < D2_CLUSTER_SPEND:
        return []
    cluster = welfare = 0.0
    window = _recent_records(state, D2_WINDOW)
    for rec in window:
        c, w, _s = _cluster_and_welfare(state, rec)
        cluster += c
        welfare += w
    if welfare < D2_WELFARE_SHARE * cluster:
        return [Firing("D2", tuple(sorted(spenders)), N_(
            "In a region this weak (industrial base {industry}, absorptive capacity {absorptive}) "
            "the public side has put {cluster} into cluster policy since round {since} and only "
            "{welfare} into welfare, while social cohesion is {cohesion}: here equity policy would "
            "serve better than more cluster policy."),
            {"industry": _ind(state, "industry"), "absorptive": _ind(state, "absorptive"),
             "cluster": round(cluster), "welfare": round(welfare), "cohesion": round(cohesion, 1),
             "since": window[0].get("round", state.round)},
            causes=_funding_causes(state, [e for e in state.record["funded"]
                                           if e[0] in PUBLIC and e[2] in D2_CLUSTER_KINDS
                                           and not _builds_capacity(state, e[1])]))]
    return []


DETECTORS: dict[str, Callable[[GameState], list[Firing]]] = {
    "A1": a1, "A2": a2, "A3": a3, "B1": b1, "B2": b2, "B3": b3, "C1": c1, "C2": c2, "C3": c3,
    "C4": c4, "C5": c5, "D1": d1, "D2": d2,
}


def option_firings(state: GameState) -> list[Firing]:
    """A chosen event option tagged with a failure type walks straight into it."""
    chosen = state.record["option"]
    if not chosen:
        return []
    decider, card_id, option_id, tags = chosen
    card = state.scenario.cards[card_id]
    out = []
    for tag in tags:
        if tag in DETECTORS:
            # charged to the role that chose, not to every role that could have (GAME_DESIGN §7)
            out.append(Firing(tag, (decider,), N_(
                "On the event '{card}', the option chosen walks into this trap: {option}"),
                {"card": dict(card.title), "option": dict(card.option(option_id).text)},
                causes=((decider, OPTION_CAUSE, state.round),)))
    return out


def run_detectors(state: GameState) -> list[Firing]:
    firings: dict[str, Firing] = {}
    for f in option_firings(state):
        firings.setdefault(f.failure, f)
    for fid, rule in DETECTORS.items():
        if fid in firings:
            continue
        for f in rule(state):
            firings.setdefault(f.failure, f)
    # whoever made a decision the rule names fed the failure too (an event choice that started
    # a building, a deal that co-funded it)
    return [replace(f, roles=tuple(sorted(set(f.roles) | {c[0] for c in f.causes})))
            for f in (firings[k] for k in sorted(firings))]
