"""The region model: how funded actions, events and the economy change the indicators, and what
each role's own decisions leave behind (its ledger, which scoring reads).

Small on purpose, so the debrief can explain every number. Each mechanism names the paper
section it stands on.

* **Absorptive capacity scales effects** (the innovation paradox, III.1(2)): a cluster programme
  pays `effects × f` with f = 0.25 + 0.75 × absorptive/100. A weak region wastes most of it.
* **An absorption ceiling** (III.1(2), the farm-debt example): in one round a region can put to
  use public support (the ministry's and the local government's cluster programmes, buildings
  and designations) worth `ABSORB_PER_POINT × absorptive`. Money beyond it reaches the region
  only in proportion (each of that round's programmes keeps `ceiling / spent` of its effect)
  and breeds dependency: lock-in grows by `DEPENDENCY_LOCK_IN` per unit beyond the ceiling,
  booked to the public roles that spent it.
* **Critical mass** (III.4, IV.2: a cluster cannot be made from nothing): what any programme,
  network, building or designation adds to industry and innovation is in proportion to the
  base it builds on, `mass = (max(industry, 0.7 × innovation) − 25) / 25`, between 0.2 and 1.
  Skills, networks, cohesion and the welfare and macro measures do not depend on it.
* **Knowledge reaches firms only through links** (III.2(2)): the innovation that research and
  buildings (a famous institute, equipment) bring pays in proportion to how embedded they are,
  min(1, network / `EMBEDDED_AT`) — unless the action builds the links itself (applied
  research with firms has a network effect of its own).
* **Hardware without networks becomes idle assets** (III.1(2), III.2(3)): a building or
  equipment adds `cost × 0.5 × (1 − usage)` to idle assets, usage = min(1, network/70) × f.
  Idle assets shrink again only when networks are dense (> 40).
* **Programmes pay off after a delay** (`delay`, `duration` in actions.yaml); cancelling one
  before it has finished stops its effect (III.3(5)); half of its own-budget cost comes back,
  and every other role's trust in the canceller falls by `TRUST_PER_CANCEL`: partners who
  planned around a programme learn not to rely on the next one.
* **Linkages need trust** (II.2(1)): network and external actions are further scaled by
  0.5 + mean trust/100. Trust grows a few points per honoured deal and falls 15 per broken one.
* **Spreading thin** (III.3(1), footnote 5): once more regions are designated than the plan
  allows, the national budget is split among them: every cluster programme, capacity grant,
  building and designation of the ministry pays `limit / designations` of its effect here, and
  each designation past the limit deepens lock-in more.
* **Duplication without coordination** (III.3(4)): when the ministry and the local government
  fund the same kind of programme in one round (`detectors.duplicated_programmes`) with no coordination
  meeting and no deal between them, both lose `DUPLICATE_WASTE` of their effect. Welfare on
  both levels is not duplication: national transfers and local services are the division of
  labour L3 asks for.
* **Subsidies without strings** (III.3(2)): money given to firms with no programme attached
  (a deal's unconditional transfer, a lobbied grant) lets them put off their own effort:
  innovation falls by `SUBSIDY_INNOVATION` and industry by `SUBSIDY_INDUSTRY` per unit, and
  lock-in rises by `SUBSIDY_LOCK_IN` per unit. Money tied to a programme does none of that.
* **The macro climate moves everything** (III.4): employment += 7 × macro, industry += 3.5 ×
  macro; a downturn also erodes cohesion and innovation (2 × macro each) — more than cluster
  policy can offset. A stabilisation measure takes 75% of a downturn's blow away
  (`STABILISED`): that is national policy's job, not the cluster's.
* Lobbying and designations deepen political lock-in (III.3(1)); lock-in fades by 1 a round.
* **Diminishing returns**: raising a good indicator gets harder the higher it is — a gain is
  multiplied by 1.2 − value/100 (0.9 at 30, 0.4 at 80). Losses are not damped.
* **The competitiveness index** is the weighted mean of the eight good indicators (the
  scenario's `index_weights`: a lagging region values jobs and cohesion more, III.4, IV.2)
  minus `IDLE_PENALTY` × idle assets and `LOCK_PENALTY` × lock-in.

The ledger (per role, `LEDGER_KEYS`): **legacy** adds, every round, the index points that the
role's own programmes added to the region (a co-funded programme's split among its payers);
**accountability** adds, every round, `ACCOUNT_IDLE` × the idle assets and `ACCOUNT_LOCK` × the
lock-in that the role's own decisions put in the region and that are still there
(`idle_owned`, `lock_owned`, which fade as the region's stocks fade). An empty building counts
against its builder every round it stands empty: the audit, the upkeep and the next election
(III.1(2), III.3(3)); lobbying and designations every round the lock-in they bred lasts
(III.3(1)). The game's end does not wipe the slate: a final audit charges what is still there
for `FINAL_AUDIT_ROUNDS` more years.
"""
from __future__ import annotations

import math

import numpy as np

from .constants import BAD_INDICATORS, IND, INDEX_INDICATORS, INDICATORS, ROLE_INDEX, ROLES
from .detectors import duplicated_programmes
from .labels import INDICATOR_LABELS, N_, changes_param
from .scenario import Effects
from .state import RNG_MACRO, GameState, evolve, plain

SCALED_KINDS = frozenset({"programme", "research", "capacity", "network", "external",
                          "hardware", "designation"})
TRUST_KINDS = frozenset({"network", "external"})
# kinds of public money that is support into the cluster (the absorption ceiling counts them)
SUPPORT_KINDS = frozenset({"programme", "research", "network", "external", "hardware", "designation"})
# kinds that need an industrial or research base to build on (critical mass)
MASS_EFFECTS = ("industry", "innovation")    # what critical mass scales
PUBLIC_ROLES = ("ministry", "local")

LOBBY_GRANT = 10          # money a lobbying role receives next round
LOBBY_LOCK_IN = 3.0
DESIGNATION_LOCK_IN = 1.5
OVER_DESIGNATION_LOCK_IN = 4.0
TRUST_PER_DEAL = 3.0
TRUST_PER_KEPT = 2.0
TRUST_PER_BROKEN = -15.0
TRUST_PER_CANCEL = -4.0   # partners' trust in a role that scraps a running programme (III.3(5))
TRUST_GAIN_CAP_PER_ROUND = 6.0
ABSORB_PER_POINT = 2.0    # public support a round the region can use, per point of absorptive
DEPENDENCY_LOCK_IN = 0.03
MASS_FLOOR, MASS_ZERO, MASS_FULL = 0.2, 25.0, 50.0
EMBEDDED_AT = 60.0        # network density at which research and institutes reach local firms in full
DUPLICATE_WASTE = 0.6
SUBSIDY_INNOVATION = 0.1
SUBSIDY_INDUSTRY = 0.05
SUBSIDY_LOCK_IN = 0.1
MACRO_EMPLOYMENT, MACRO_INDUSTRY, MACRO_COHESION, MACRO_INNOVATION = 7.0, 3.5, 2.0, 2.0
STABILISED = 0.25         # of a downturn's blow that remains under a stabilisation measure
IDLE_PENALTY = 0.25
LOCK_PENALTY = 0.1
ACCOUNT_IDLE = 0.3        # accountability a round per point of idle assets a role left behind
ACCOUNT_LOCK = 0.3        # ... and per point of lock-in it caused
FINAL_AUDIT_ROUNDS = 3.0  # the final audit charges what is left for the years it will still last
LOCK_IN_DRAG = 0.2        # of lock-in that innovation's potential loses
LOCK_IN_FADE = 0.05       # of lock-in that fades each round (besides 1 point)
# the region's own dynamics: innovation drifts toward a potential, the mean of its drivers (less a
# drag of lock-in), and employment toward industry, closing these shares of the gap each round
INNOVATION_DRIVERS = ("network", "absorptive", "external", "industry")
INNOVATION_DRIFT = 0.1
EMPLOYMENT_DRIFT = 0.05


# --- the model's small formulas, written once (the AI's estimates read them too) -------------

def absorptive_factor_at(absorptive: float) -> float:
    """How much of a programme's effect a region of this absorptive capacity takes up (III.1(2))."""
    return 0.25 + 0.75 * absorptive / 100.0


def absorptive_factor(state: GameState) -> float:
    return absorptive_factor_at(state.ind[IND["absorptive"]])


def room_to_grow(level: float) -> float:
    """Diminishing returns: a gain to a good indicator at `level` is scaled by this (clipped at 0
    by the caller): easy from a low base, hard near the top."""
    return 1.2 - level / 100.0


def hardware_usage(network: float, factor: float) -> float:
    """The share of a building or equipment the region puts to use: its networks (full at 70)
    times the absorptive factor (III.1(2), III.2(3))."""
    return min(1.0, network / 70.0) * factor


def idle_of(cost: float, usage: float) -> float:
    """Idle assets a building of this cost adds at this usage."""
    return cost * 0.5 * (1.0 - usage)


def trust_factor(trust_mean: float) -> float:
    """Linkage programmes pay in proportion to trust (II.2(1))."""
    return 0.5 + trust_mean / 100.0



def mean_trust(state: GameState) -> float:
    t = state.trust
    key = (t.shape, t.tobytes())       # trust moves rarely: the same matrix, the same mean
    hit = _MEAN_TRUST.get(key)
    if hit is None:
        n = t.shape[0]
        hit = float((t.sum() - np.trace(t)) / (n * (n - 1)))
        if len(_MEAN_TRUST) > 4096:
            _MEAN_TRUST.clear()
        _MEAN_TRUST[key] = hit
    return hit


_MEAN_TRUST: dict = {}


def clip(state: GameState) -> None:
    np.clip(state.ind, 0.0, 100.0, out=state.ind)
    np.clip(state.trust, 0.0, 100.0, out=state.trust)
    state.macro = float(min(1.0, max(-1.0, state.macro)))


def add(state: GameState, deltas: dict[str, float]) -> dict[str, float]:
    """Add indicator deltas, clipped to 0–100; returns the changes that really happened."""
    ind = state.ind
    real = {}
    for name, delta in deltas.items():
        i = IND[name]
        before = float(ind[i])
        # a numpy float64 delta on a plain float: the same IEEE arithmetic; its change is a numpy
        # float64 again unless clipping made it a plain one (0.0 or 100.0 minus before)
        numpy_delta = type(delta) is _f64
        if numpy_delta:
            delta = float(delta)
        if delta > 0 and name not in BAD_INDICATORS:
            room = room_to_grow(before)
            delta *= room if room > 0.0 else 0.0         # max(0.0, room)
        after = before + delta
        if after < 0.0:
            ind[i] = 0.0
            real[name] = 0.0 - before
        elif after > 100.0:
            ind[i] = 100.0
            real[name] = 100.0 - before
        else:
            ind[i] = after
            real[name] = _f64(after - before) if numpy_delta else after - before
    return real


def change_trust(state: GameState, a: str, b: str, delta: float) -> None:
    i, j = ROLE_INDEX[a], ROLE_INDEX[b]
    value = min(100.0, max(0.0, state.trust[i, j] + delta))
    state.trust[i, j] = state.trust[j, i] = value


def apply_effects(state: GameState, effects: Effects, *, why: str, why_params: dict) -> None:
    """Apply a card option's or trigger's direct effects and log them publicly."""
    real = add(state, dict(effects.region)) if effects.region else {}
    for role, amount in sorted(effects.budgets.items()):
        state.budgets[role] = max(0, state.budgets[role] + int(amount))
    for (a, b), delta in sorted(effects.trust.items()):
        change_trust(state, a, b, delta)
    if effects.macro:
        state.macro = float(min(1.0, max(-1.0, state.macro + effects.macro)))
    if state.quiet:          # a thinking copy keeps no log
        return
    if real or effects.macro or effects.trust:
        from .labels import ROLE_LABELS
        # what changed besides indicators: the economy and trust, named so the sentence never
        # says "no change" when the climate or a relationship moved
        changes = changes_param(real)
        if effects.macro:
            changes.append([N_("national economy"), round(float(effects.macro), 2)])
        for (a, b), delta in sorted(effects.trust.items()):
            changes.append([{"msg": N_("trust between {a} and {b}"),
                             "params": {"a": ROLE_LABELS[a], "b": ROLE_LABELS[b]}}, round(float(delta), 1)])
        state.log_event("effect", why, {**why_params, "changes": changes},
                        deltas=real, macro=effects.macro,
                        trust={f"{a}-{b}": v for (a, b), v in effects.trust.items()})
    for role, delta in sorted(effects.budgets.items()):
        state.log_event("budget", N_("{role}'s budget changes by {change}."),
                        {"role": role_label(role), "change": [["", int(delta)]]}, visible_to=(role,),
                        role=role, amount=int(delta))


def role_label(role: str) -> str:
    from .labels import ROLE_LABELS
    return ROLE_LABELS[role]


def _scaled(effects, factor: float) -> dict[str, float]:
    """A programme's effects at `factor`. What it takes away is not softened: a high-tech leap
    costs the core industry in full however little of the leap the region can use (III.1(3))."""
    # float(v) * 1.0 is float(v): the items are (key, float(v), v > 0), read once per mapping
    return {k: fv * factor if up else fv for k, fv, up in _effect_items(effects)}


def _effect_items(effects) -> tuple:
    hit = _EFFECTS.get(id(effects))
    if hit is None or hit[0] is not effects:
        hit = (effects, tuple((k, float(v), v > 0) for k, v in effects.items()))
        if len(_EFFECTS) > 4096:
            _EFFECTS.clear()
        _EFFECTS[id(effects)] = hit
    return hit[1]


_EFFECTS: dict = {}      # id(an action's effects mapping) -> (the mapping, its items); scenarios are immutable


# --- the ledger ---------------------------------------------------------------------------------

def index_gain(state: GameState, real: dict[str, float]) -> float:
    """What indicator changes add to the competitiveness index, in index points."""
    pairs, _at, wsum, _by_keys = _index_weights(state.scenario.index_weights)
    total = sum([wk * real.get(k, 0.0) for k, wk in pairs]) / wsum
    return total - IDLE_PENALTY * real.get("idle_assets", 0.0) - LOCK_PENALTY * real.get("lock_in", 0.0)


def _credit(state: GameState, prog, real: dict[str, float]) -> None:
    """Note a programme's gains, to be booked to its payers when it is evaluated."""
    _pairs, _at, wsum, by_keys = _index_weights(state.scenario.index_weights)
    keys = tuple(real)
    terms = by_keys.get(keys)
    if terms is None:
        # an indicator the change did not touch adds w × 0.0, which leaves the sum as it is
        # (a sum started at 0 is never -0.0): only the touched ones, in the index's order
        terms = by_keys[keys] = tuple((k, wk) for k, wk in _pairs if k in real)
    gain = sum([wk * real[k] for k, wk in terms]) / wsum
    state.pending_credit[prog.uid] = state.pending_credit.get(prog.uid, 0.0) + gain


def book_legacy(state: GameState, uids=None) -> None:
    """Evaluate programmes: book what they added to their payers' legacy (equal parts).
    A programme is evaluated when it has finished or is cancelled, and at the end of the game
    (ex-post evaluation: a programme is judged by its results, not by its launch; IV.2)."""
    pending = state.pending_credit
    if not pending:
        return
    todo = list(pending) if uids is None else [uid for uid in uids if uid in pending]
    if not todo:          # nothing of these still waits for its evaluation
        return
    progs = {p.uid: p for p in state.programmes}
    for uid in todo:
        if uid not in pending:
            continue
        gain = pending.pop(uid)
        prog = progs.get(uid)
        if prog is None:
            continue
        payers = prog.payers or (prog.owner,)
        for r in payers:
            state.metrics[r]["legacy"] += gain / len(payers)


def _book_finished(state: GameState) -> None:
    """`book_legacy(state, [p.uid for p in state.programmes if p.pays_until <= state.round])` in
    one pass (the same programmes in the same order; programme numbers are unique)."""
    pending = state.pending_credit
    if not pending:
        return
    rnd = state.round
    metrics = state.metrics
    for p in state.programmes:
        if p.pays_until <= rnd and p.uid in pending:
            gain = pending.pop(p.uid)
            payers = p.payers or (p.owner,)
            for r in payers:
                metrics[r]["legacy"] += gain / len(payers)


def _own(state: GameState, roles, key: str, amount: float) -> None:
    """Book `amount` of idle assets or lock-in to the roles whose decisions put it there."""
    roles = tuple(roles)
    if amount <= 0 or not roles:
        return
    for r in roles:
        state.metrics[r][key] += amount / len(roles)


def _fade_owned(state: GameState, key: str, indicator: str, before: float) -> None:
    """Owned stocks fade in proportion as the region's stock fades (never above it)."""
    after = float(state.ind[IND[indicator]])
    ratio = 1.0 if before <= 0 else min(1.0, after / before)
    total = 0.0
    for r in ROLES:
        state.metrics[r][key] *= ratio
        total += state.metrics[r][key]
    if total > after > 0:
        for r in ROLES:
            state.metrics[r][key] *= after / total


# --- settling this round's new programmes ------------------------------------------------------------

def settle_new_programmes(state: GameState) -> None:
    """The absorption ceiling and duplication, applied to what was funded this round."""
    rnd = state.round
    new = [p for p in state.programmes if p.funded_round == rnd and p.cancelled_round is None]
    if not new:
        return
    support = [p for p in new if p.owner in PUBLIC_ROLES and p.kind in SUPPORT_KINDS]
    spent = float(sum(p.cost for p in support))
    ceiling = ABSORB_PER_POINT * float(state.ind[IND["absorptive"]])
    shares: dict[int, float] = {}
    if spent > ceiling > 0 or (spent > 0 and ceiling <= 0):
        part = max(0.0, ceiling) / spent
        for p in support:
            shares[p.uid] = part
        excess = spent - max(0.0, ceiling)
        real = add(state, {"lock_in": DEPENDENCY_LOCK_IN * excess})
        by_role: dict[str, float] = {}
        for p in support:
            by_role[p.owner] = by_role.get(p.owner, 0.0) + p.cost
        for r, money in by_role.items():
            _own(state, (r,), "lock_owned", real.get("lock_in", 0.0) * money / spent)
        state.record["over_ceiling"] = round(excess, 1)
        if not state.quiet:
            state.log_event(
                "effect",
                N_("The region could put to use about {ceiling} of public support this round (its "
                   "absorptive capacity is {absorptive}); what went beyond it reached the region only "
                   "in part ({pct}%) and bred dependency: {changes}."),
                {"ceiling": round(ceiling), "absorptive": round(float(state.ind[IND["absorptive"]]), 1),
                 "pct": round(100 * part), "changes": changes_param(real)}, deltas=real)
    dups = duplicated_programmes(state)   # the one definition of C4's duplication (detectors)
    if dups:
        wasted = {a for pair in dups for a in pair}
        for p in new:
            if p.action_id in wasted and p.owner in PUBLIC_ROLES:
                shares[p.uid] = shares.get(p.uid, 1.0) * (1.0 - DUPLICATE_WASTE)
        if not state.quiet:
            state.log_event(
                "effect",
                N_("The ministry and the local government funded the same kind of programme without "
                   "coordinating; both lose {pct}% of their effect."),
                {"pct": round(100 * DUPLICATE_WASTE)}, pairs=[list(p) for p in dups])
    if shares:
        state.programmes = [evolve(p, share=p.share * shares[p.uid]) if p.uid in shares else p
                            for p in state.programmes]


def _mass(deltas: dict, mass: float) -> None:
    for k in MASS_EFFECTS:
        if deltas.get(k, 0.0) > 0:
            deltas[k] *= mass


def critical_mass(state: GameState) -> float:
    base = max(float(state.ind[IND["industry"]]), 0.7 * float(state.ind[IND["innovation"]]))
    return min(1.0, max(MASS_FLOOR, (base - MASS_ZERO) / (MASS_FULL - MASS_ZERO)))


def embedded(state: GameState) -> float:
    return min(1.0, float(state.ind[IND["network"]]) / EMBEDDED_AT)


def spread_thin(state: GameState) -> float:
    limit = state.scenario.designation_limit
    return 1.0 if state.designations <= max(1, limit) else max(1, limit) / state.designations


def _round(v, ndigits: int):
    """`round(v, ndigits)`; a numpy float64 rounded the way numpy rounds it (v × 10ⁿ to the
    nearest even whole number, ÷ 10ⁿ, the sign of a zero kept; the same bits, checked on
    millions of values), without numpy's slow scalar round."""
    if type(v) is _f64:
        f = _TENS[ndigits]
        y = float(v) * f
        if -4.5e15 < y < 4.5e15:
            r = float(round(y))
            if r == 0.0:
                r = math.copysign(0.0, y)
            return _f64(r / f)
    return round(v, ndigits)


_TENS = (1.0, 10.0, 100.0, 1000.0)


def _changes(deltas: dict) -> list[list]:
    """`changes_param(deltas)` with the test on plain floats (|v| >= 0.05 is v >= 0.05 or
    v <= -0.05): the same list."""
    out = []
    for k, v in deltas.items():
        fv = float(v)
        if fv >= 0.05 or fv <= -0.05:
            out.append([INDICATOR_LABELS[k], round(fv, 1)])
    return out


def _pay_scaled(state: GameState, prog, act, factor, mass: float, numpy_factor: bool) -> dict[str, float]:
    """What a programme of a scaled kind pays: `deltas = _scaled(act.effects, factor)`, a
    research action's innovation times `embedded(state)` (unless it builds links itself),
    `_mass(deltas, mass)`, `real = add(state, deltas)` and `_credit(state, prog, real)` — the
    same operations on each indicator in the same order, without the intermediate dicts."""
    weights = state.scenario.index_weights
    plan = _PAY_PLANS.get(id(act))
    if plan is None or plan[0] is not act or plan[1] is not weights:
        effects = act.effects
        embeds = act.kind == "research" and "innovation" in effects and "network" not in effects
        pairs, _at, wsum, _by_keys = _index_weights(weights)
        plan = (act, weights,
                tuple((k, IND[k], fv, up, embeds and k == "innovation", k in MASS_EFFECTS,
                       k not in BAD_INDICATORS) for k, fv, up in _effect_items(effects)),
                tuple((k, wk) for k, wk in pairs if k in effects), wsum, embeds)
        if len(_PAY_PLANS) > 4096:
            _PAY_PLANS.clear()
        _PAY_PLANS[id(act)] = plan
    _act, _w, items, terms, wsum, embeds = plan
    emb = embedded(state) if embeds else 1.0
    ind = state.ind
    real = {}
    # On plain floats (numpy's float64 is the same IEEE arithmetic); a change is a numpy float64
    # exactly where the numpy version's is: a scaled effect (fv × a numpy factor) not clipped.
    # `numpy_factor`: the factor was a numpy float64 there (it is, absorptive_factor's).
    ff = float(factor)
    for k, i, fv, up, embedded_k, massed, good in items:
        delta = fv * ff if up else fv
        if embedded_k:
            delta *= emb
        if massed and delta > 0:
            delta *= mass
        before = float(ind[i])
        if delta > 0 and good:
            room = room_to_grow(before)
            delta *= room if room > 0.0 else 0.0         # max(0.0, room)
        after = before + delta
        if after < 0.0:
            ind[i] = 0.0
            real[k] = 0.0 - before
        elif after > 100.0:
            ind[i] = 100.0
            real[k] = 100.0 - before
        else:
            ind[i] = after
            real[k] = _f64(after - before) if (up and numpy_factor) else after - before
    gain = sum([wk * real[k] for k, wk in terms]) / wsum
    pending = state.pending_credit
    pending[prog.uid] = pending.get(prog.uid, 0.0) + gain
    return real


_PAY_PLANS: dict = {}    # id(action) -> (action, index weights, what _pay_scaled needs of them)
_f64 = np.float64


def resolve_programmes(state: GameState) -> None:
    """Everything funded that pays off this round."""
    settle_accountability(state)     # for what earlier rounds left behind
    settle_new_programmes(state)
    sc = state.scenario
    rnd = state.round
    f = absorptive_factor(state)
    mass = critical_mass(state)
    thin = spread_thin(state)
    quiet = state.quiet                   # a thinking copy: skip building log sentences
    absorptive = 0.0 if quiet else round(float(state.ind[IND["absorptive"]]), 1)   # for the log
    trust_mean = mean_trust(state)        # changes only between rounds
    f_plain, f_numpy = float(f), type(f) is np.float64
    progs = state.programmes
    start, store_at, memo = 0, -1, None
    if quiet:
        start, memo = _replay_earlier(state, progs, rnd, f, mass, thin, trust_mean)
        if memo is not None:
            store_at = memo[0]
    for n, prog in enumerate(progs[start:] if start else progs, start):
        if n == store_at:
            _remember_earlier(state, progs, memo)
        if prog.cancelled_round is not None or not prog.pays_from <= rnd <= prog.pays_until:  # paying
            continue
        act = sc.actions[prog.action_id]
        kind = act.kind
        factor = prog.share
        if prog.owner == "ministry":
            factor *= thin
        if kind == "hardware":
            network = float(state.ind[IND["network"]])
            usage = hardware_usage(network, f)
            idle = idle_of(prog.cost, usage)
            deltas = _scaled(act.effects, f * factor)
            if "innovation" in deltas and "network" not in act.effects:
                deltas["innovation"] *= embedded(state)
            _mass(deltas, mass)
            deltas["idle_assets"] = deltas.get("idle_assets", 0.0) + idle
            real = add(state, deltas)
            _credit(state, prog, real)
            _own(state, prog.payers or (prog.owner,), "idle_owned", real.get("idle_assets", 0.0))
            if quiet:
                continue
            state.log_event(
                "effect",
                N_("{action} was built: {changes}. With absorptive capacity {absorptive} and "
                   "network density {network}, {unused}% of it stands unused."),
                {"action": plain(act.name), "changes": _changes(real),
                 "absorptive": absorptive, "network": round(network, 1),
                 "unused": round(float(100 * (1 - usage)))},
                action=act.id, uid=prog.uid, deltas=real, idle_added=_round(idle, 1))
            continue
        if kind in SCALED_KINDS:
            factor *= f_plain            # as factor *= f on numpy's float64: the same number
            if kind in TRUST_KINDS:
                factor *= trust_factor(trust_mean)
            real = _pay_scaled(state, prog, act, factor, mass, f_numpy)
            if quiet:
                continue
            if kind in TRUST_KINDS:
                state.log_event(
                    "effect",
                    N_("{action} paid off: {changes} ({pct}% of its full effect: absorptive "
                       "capacity {absorptive}, mean trust {trust})."),
                    {"action": plain(act.name), "changes": _changes(real),
                     "pct": round(float(100 * factor)), "absorptive": absorptive,
                     "trust": round(trust_mean, 1)},
                    action=act.id, uid=prog.uid, deltas=real)
            else:
                state.log_event(
                    "effect",
                    N_("{action} paid off: {changes} ({pct}% of its full effect at absorptive "
                       "capacity {absorptive})."),
                    {"action": plain(act.name), "changes": _changes(real),
                     "pct": round(float(100 * factor)), "absorptive": absorptive},
                    action=act.id, uid=prog.uid, deltas=real)
        else:
            real = add(state, _scaled(act.effects, prog.share))
            _credit(state, prog, real)
            if real and not quiet:
                state.log_event("effect", N_("{action} took effect: {changes}."),
                                {"action": plain(act.name), "changes": _changes(real)},
                                action=act.id, uid=prog.uid, deltas=real)
    if store_at == len(progs):
        _remember_earlier(state, progs, memo)


# --- a thinking copy's earlier programmes, paid once per position --------------------------------
#
# The normal AI's greedy plays a handful of one-more-Fund lookaheads from the same position: each
# resolves the round on a quiet copy, and the programmes funded in earlier rounds (the head of the
# list, before the first one funded this round) pay exactly the same in each unless the candidate
# moved what they read. All they read is in the key (the indicators byte for byte, the absorption
# factor, critical mass, the designations' spread, mean trust, the round, the scenario and the
# programme records themselves, kept alive by the entry so their ids stay theirs) or checked by
# identity (the pending credit of those programmes and every role's idle assets owned: clones
# share these float objects, so the same object is the same number). All they write is the
# indicators, those programmes' pending credit and the idle assets owned. A hit sets the three to
# what the payments left: the same state, bit for bit, and the same dict order (the head's new
# pending entries are added in the same order, before any other). Quiet copies only: a real round
# logs each payment.

_EARLIER: dict = {}


def _replay_earlier(state, progs, rnd, f, mass, thin, trust_mean) -> tuple:
    """(how many programmes a remembered payment replayed, None) on a hit; (0, what to record)
    on a miss; (0, None) with no earlier programmes."""
    k = 0
    for p in progs:
        if p.funded_round >= rnd:
            break
        k += 1
    if k == 0:
        return 0, None
    head = progs[:k]
    key = (id(state.scenario), rnd, f, mass, thin, trust_mean, state.ind.tobytes(), tuple(map(id, head)))
    pending, metrics = state.pending_credit, state.metrics
    pend_before = tuple([pending.get(p.uid) for p in head])
    owned_before = tuple([metrics[r]["idle_owned"] for r in ROLES])
    hit = _EARLIER.get(key)
    if hit is not None:
        _keep, pb, ob, ind_after, pend_after, owned_after = hit
        if all(a is b for a, b in zip(pb, pend_before)) and all(a is b for a, b in zip(ob, owned_before)):
            state.ind[:] = ind_after
            for p, v in zip(head, pend_after):
                if v is not None:
                    pending[p.uid] = v
            for r, v in zip(ROLES, owned_after):
                metrics[r]["idle_owned"] = v
            return k, None
    return 0, (k, key, head, pend_before, owned_before)


def _remember_earlier(state, progs, memo) -> None:
    """The head has been paid: remember what it left."""
    k, key, head, pend_before, owned_before = memo
    pending, metrics = state.pending_credit, state.metrics
    if len(_EARLIER) > 20000:
        _EARLIER.clear()
    _EARLIER[key] = ((head, state.scenario), pend_before, owned_before, state.ind.copy(),
                     tuple([pending.get(p.uid) for p in head]), tuple([metrics[r]["idle_owned"] for r in ROLES]))


def resolve_pressures(state: GameState) -> None:
    """Lobbying, designations and subsidies without strings of this round."""
    rec = state.record
    funded = rec["funded"]
    lobbies = [r for (r, _a, kind, _c, _s) in funded if kind == "lobby"]
    quiet = state.quiet
    for role in lobbies:
        real = add(state, {"lock_in": LOBBY_LOCK_IN})
        _own(state, (role,), "lock_owned", real.get("lock_in", 0.0))
        state.pending_grants[role] = state.pending_grants.get(role, 0) + LOBBY_GRANT
        rec["lobbied"].append(role)
        if quiet:
            continue
        state.log_event("effect", N_("Lobbying deepened political lock-in: {changes}."),
                        {"changes": changes_param(real)}, deltas=real)
        state.log_event("effect", N_("Your lobbying will bring {amount} extra next round."),
                        {"amount": LOBBY_GRANT}, visible_to=(role,), role=role)
    n_new = sum(1 for (_r, _a, kind, _c, _s) in funded if kind == "designation")
    if n_new:
        limit = state.scenario.designation_limit
        extra = sum(OVER_DESIGNATION_LOCK_IN
                    for k in range(state.designations - n_new + 1, state.designations + 1)
                    if k > limit)
        real = add(state, {"lock_in": DESIGNATION_LOCK_IN * n_new + extra})
        _own(state, ("ministry",), "lock_owned", real.get("lock_in", 0.0))
        if not quiet:
            if state.designations > limit:
                msg = N_("Cluster regions designated so far: {count}, where the plan allows "
                         "{limit}; past the limit the money is split among them and every site "
                         "gets less: {changes}.")
            else:
                msg = N_("Cluster regions designated so far: {count}, where the plan allows "
                         "{limit}; each designation deepens lock-in: {changes}.")
            state.log_event("effect", msg,
                            {"count": state.designations, "limit": limit, "changes": changes_param(real)},
                            deltas=real)
    # subsidies to firms without strings: deal transfers with no condition, lobbied grants
    givers: dict[str, float] = {}
    for (giver, receiver, amount, condition) in rec["transfers"]:
        if receiver == "firms" and not condition:
            givers[giver] = givers.get(giver, 0.0) + amount
    lobbied = sum(a for (r, a) in rec.get("grants", ()) if r == "firms")
    total = sum(givers.values()) + lobbied
    if total > 0:
        real = add(state, {"innovation": -SUBSIDY_INNOVATION * total,
                           "industry": -SUBSIDY_INDUSTRY * total,
                           "lock_in": SUBSIDY_LOCK_IN * total})
        lock = real.get("lock_in", 0.0)
        # half to the firms that took the money, half to whoever handed it out (or lobbied for it)
        _own(state, ("firms",), "lock_owned", lock / 2)
        for giver, given in givers.items():
            _own(state, (giver,), "lock_owned", lock / 2 * given / total)
        _own(state, ("firms",), "lock_owned", lock / 2 * lobbied / total)
        rec["subsidies_no_strings"] = total
        if not state.quiet:
            state.log_event(
                "effect",
                N_("Subsidies without strings let firms put off their own effort: {changes}."),
                {"changes": changes_param(real)}, deltas=real)


def resolve_macro_and_dynamics(state: GameState) -> None:
    funded_kinds = {kind for (_r, _a, kind, _c, _s) in state.record["funded"]}
    macro = state.macro
    damp = STABILISED if (macro < 0 and "macro" in funded_kinds) else 1.0
    deltas = {"employment": MACRO_EMPLOYMENT * macro * damp, "industry": MACRO_INDUSTRY * macro * damp}
    if macro < 0:
        deltas["cohesion"] = MACRO_COHESION * macro * damp
        deltas["innovation"] = MACRO_INNOVATION * macro * damp
    real = add(state, deltas)
    if not state.quiet and any(abs(v) >= 0.05 for v in real.values()):
        msg = (N_("The national economy (macro climate {macro}) moved the region: {changes}; "
                  "the stabilisation measure took most of the blow away.") if damp < 1 else
               N_("The national economy (macro climate {macro}) moved the region: {changes}."))
        state.log_event("effect", msg, {"macro": round(macro, 2), "changes": changes_param(real)},
                        deltas=real, macro=macro)

    # The same arithmetic on plain floats, each delta a numpy float64 where the numpy version's is
    # (every one but a -0.0 for idle assets when networks are thin, and the cohesion constant).
    i = state.ind.tolist()
    idle_before, lock_before = i[_IDLE], i[_LOCK]
    # the mean of INNOVATION_DRIVERS, less the drag of lock-in
    potential = (i[_NETWORK] + i[_ABSORPTIVE] + i[_EXTERNAL] + i[_INDUSTRY]) / 4.0 - LOCK_IN_DRAG * i[_LOCK]
    dense = (i[_NETWORK] - 40.0) / 10.0
    d = {
        "innovation": _f64(INNOVATION_DRIFT * (potential - i[_INNOVATION])),
        "employment": _f64(EMPLOYMENT_DRIFT * (i[_INDUSTRY] - i[_EMPLOYMENT])),
        "idle_assets": _f64(-dense) if dense > 0.0 else -0.0,
        "lock_in": _f64(-1.0 - LOCK_IN_FADE * i[_LOCK]),
    }
    if i[_EMPLOYMENT] < 40:
        d["cohesion"] = -1.5
    real = add(state, d)
    _fade_owned(state, "idle_owned", "idle_assets", idle_before)
    _fade_owned(state, "lock_owned", "lock_in", lock_before)
    final = state.round >= state.scenario.rounds
    if final:
        book_legacy(state, None)
    else:
        _book_finished(state)
    if final:   # the final audit: what is left will cost the region for years after the game
        settle_accountability(state, rounds=FINAL_AUDIT_ROUNDS)
    if not state.quiet:
        state.log_event(
            "effect",
            N_("The region's own dynamics: {changes} (innovation drifts toward what networks, "
               "skills, outside links and industry can sustain; dense networks put idle assets "
               "to use; weak employment erodes cohesion)."),
            {"changes": changes_param(real)}, deltas=real)

    # Next round's climate: persistent, with a seeded random step (a thinking copy assumes
    # the expected climate: it has no business drawing the game's dice).
    step = 0.0 if state.quiet else _macro_step(state)
    state.macro = float(min(1.0, max(-1.0, 0.7 * macro + step)))


def _macro_step(state: GameState) -> float:
    """`float(state.rng(RNG_MACRO).normal(0.0, 0.15))`: a pure function of the game's seed and
    the round, remembered (the lab plays the same seeds in every configuration)."""
    key = (state.seed, state.round)
    step = _MACRO_STEPS.get(key)
    if step is None:
        step = float(state.rng(RNG_MACRO).normal(0.0, 0.15))
        if len(_MACRO_STEPS) > 100_000:
            _MACRO_STEPS.clear()
        _MACRO_STEPS[key] = step
    return step


_MACRO_STEPS: dict = {}


def settle_accountability(state: GameState, rounds: float = 1.0) -> None:
    """Every round, what a role's idle assets and lock-in from earlier rounds still cost the
    region counts against it (charged at the start of each resolution: the year's audit)."""
    for r in ROLES:
        m = state.metrics[r]
        cost = rounds * (ACCOUNT_IDLE * m["idle_owned"] + ACCOUNT_LOCK * m["lock_owned"])
        m["accountability"] += cost
        if cost >= 0.05 and not state.quiet:
            state.log_event(
                "ledger",
                N_("The idle assets ({idle}) and lock-in ({lock}) your decisions left in the region "
                   "were found by this round's audit: {cost} accountability points against your score."),
                {"idle": _round(m["idle_owned"], 1), "lock": _round(m["lock_owned"], 1),
                 "cost": _round(cost, 2)}, visible_to=(r,), role=r, cost=_round(cost, 3))


def index_weight_vector(weights) -> dict:
    """The index's weight per good indicator (1 unless the scenario says otherwise), and their sum."""
    key = tuple(sorted(weights.items())) if weights else ()
    hit = _WEIGHTS.get(key)
    if hit is None:
        hit = {k: float(weights.get(k, 1.0)) if weights else 1.0 for k in INDEX_INDICATORS}
        hit["_sum"] = sum(hit[k] for k in INDEX_INDICATORS) or 1.0
        _WEIGHTS[key] = hit
    return hit


_WEIGHTS: dict = {}


def _index_weights(weights) -> tuple:
    """index_weight_vector(weights) as ((indicator, weight), ...), ((weight, position), ...) in
    INDEX_INDICATORS order, the sum, and a cache for `_credit`; looked up by the mapping's identity (a scenario's
    weights never change), so the hot paths skip building the sorted key."""
    hit = _WEIGHTS_BY_ID.get(id(weights))
    if hit is None or hit[0] is not weights:
        w = index_weight_vector(weights)
        hit = (weights, (tuple((k, w[k]) for k in INDEX_INDICATORS),
                         tuple((w[k], IND[k]) for k in INDEX_INDICATORS), w["_sum"], {}))
        if len(_WEIGHTS_BY_ID) > 256:
            _WEIGHTS_BY_ID.clear()
        _WEIGHTS_BY_ID[id(weights)] = hit
    return hit[1]


_WEIGHTS_BY_ID: dict = {}
_IDLE, _LOCK = IND["idle_assets"], IND["lock_in"]
_NETWORK, _ABSORPTIVE, _EXTERNAL, _INDUSTRY = IND["network"], IND["absorptive"], IND["external"], IND["industry"]
_INNOVATION, _EMPLOYMENT = IND["innovation"], IND["employment"]


def competitiveness(ind: np.ndarray, weights=None) -> float:
    """The region's overall competitiveness index, 0–100: the weighted mean of the good
    indicators (`weights`: a scenario's `index_weights`) minus the idle-asset and lock-in
    penalties."""
    return _competitiveness_of(ind.tolist(), weights)  # plain floats: numpy's overhead dominates


def _competitiveness_of(v: list, weights) -> float:
    """competitiveness() of the indicators as a list of floats."""
    hit = _UNIT_WEIGHTS.get(id(weights))
    if hit is None or hit[0] is not weights:
        _pairs, at, wsum, _by_keys = _index_weights(weights)
        # every weight 1.0 on the first indicators in order: 1.0 * x is x, so the sum is v's own
        unit = len(at) if (all(wk == 1.0 for wk, _i in at)
                           and tuple(i for _wk, i in at) == tuple(range(len(at)))) else 0
        hit = _UNIT_WEIGHTS[id(weights)] = (weights, at, wsum, unit)
    _weights, at, wsum, unit = hit
    total = sum(v[:unit]) if unit else sum([wk * v[i] for wk, i in at])
    value = total / wsum - IDLE_PENALTY * v[_IDLE] - LOCK_PENALTY * v[_LOCK]
    return max(0.0, min(100.0, value))


_UNIT_WEIGHTS: dict = {}


def region_index(state: GameState) -> float:
    """The competitiveness index of the state's region, as its scenario weighs it."""
    return competitiveness(state.ind, state.scenario.index_weights)


__all__ = ["absorptive_factor", "mean_trust", "add", "change_trust", "apply_effects",
           "resolve_programmes", "resolve_pressures", "resolve_macro_and_dynamics",
           "competitiveness", "region_index", "clip", "INDICATORS"]
