"""The region model: how funded actions, events and the economy change the indicators.

Small on purpose, so the debrief can explain every number:

* **Absorptive capacity scales effects** (the innovation paradox, paper III.1(2)): an action
  pays `effects × f` with f = 0.25 + 0.75 × absorptive/100. A weak region wastes most of it.
* **Hardware without networks becomes idle assets** (III.1(2), III.2(3)): a building or
  equipment adds `cost × 0.5 × (1 − usage)` to idle assets, usage = min(1, network/70) × f.
  Idle assets shrink again only when networks are dense (> 40).
* **Programmes pay off after a delay** (`delay`, `duration` in actions.yaml); cancelling one
  before it has finished wastes what is left (III.3(5)); half the cost comes back.
* **Linkages need trust** (II.2(1)): network and external actions are further scaled by
  0.5 + mean trust/100. Trust grows a few points per honoured deal and falls 15 per broken one.
* **The macro climate moves everything** (III.4): employment += 5 × macro, industry += 3 × macro,
  and a downturn erodes cohesion; a stabilisation measure halves a downturn's blow.
* Lobbying and designations deepen political lock-in (III.3(1)); lock-in fades by 1 a round.
* **Diminishing returns**: raising a good indicator gets harder the higher it is — a gain is
  multiplied by 1.2 − value/100 (0.9 at 30, 0.4 at 80) — so a long game of sound play does not
  pin every indicator at 100 and late choices still matter. Losses are not damped.
"""
from __future__ import annotations

import numpy as np

from .constants import BAD_INDICATORS, IND, INDICATORS, ROLE_INDEX
from .labels import N_, changes_param
from .scenario import Effects
from .state import RNG_MACRO, GameState

SCALED_KINDS = frozenset({"programme", "research", "capacity", "network", "external",
                          "hardware", "designation"})
TRUST_KINDS = frozenset({"network", "external"})
LOBBY_GRANT = 10          # money a lobbying role receives next round
LOBBY_LOCK_IN = 4.0
DESIGNATION_LOCK_IN = 2.0
OVER_DESIGNATION_LOCK_IN = 4.0
TRUST_PER_DEAL = 3.0
TRUST_PER_KEPT = 2.0
TRUST_PER_BROKEN = -15.0
TRUST_GAIN_CAP_PER_ROUND = 6.0


def absorptive_factor(state: GameState) -> float:
    return 0.25 + 0.75 * state.ind[IND["absorptive"]] / 100.0


def mean_trust(state: GameState) -> float:
    t = state.trust
    n = t.shape[0]
    return float((t.sum() - np.trace(t)) / (n * (n - 1)))


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
        if delta > 0 and name not in BAD_INDICATORS:
            delta *= max(0.0, 1.2 - before / 100.0)
        after = before + delta
        after = 0.0 if after < 0.0 else 100.0 if after > 100.0 else after
        ind[i] = after
        real[name] = after - before
    return real


def change_trust(state: GameState, a: str, b: str, delta: float) -> None:
    i, j = ROLE_INDEX[a], ROLE_INDEX[b]
    value = min(100.0, max(0.0, state.trust[i, j] + delta))
    state.trust[i, j] = state.trust[j, i] = value


def apply_effects(state: GameState, effects: Effects, *, why: str, why_params: dict) -> None:
    """Apply a card option's or trigger's direct effects and log them publicly."""
    real = add(state, dict(effects.region)) if effects.region else {}
    for role, delta in sorted(effects.budgets.items()):
        state.budgets[role] = max(0, state.budgets[role] + int(delta))
    for (a, b), delta in sorted(effects.trust.items()):
        change_trust(state, a, b, delta)
    if effects.macro:
        state.macro = float(min(1.0, max(-1.0, state.macro + effects.macro)))
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
    return {k: float(v) * factor for k, v in effects.items()}


def resolve_programmes(state: GameState) -> None:
    """Everything funded that pays off this round."""
    sc = state.scenario
    rnd = state.round
    f = absorptive_factor(state)
    absorptive = round(float(state.ind[IND["absorptive"]]), 1)
    trust_mean = mean_trust(state)        # changes only between rounds
    quiet = state.quiet                   # a thinking copy: skip building log sentences
    for prog in state.programmes:
        if not prog.paying(rnd):
            continue
        act = sc.actions[prog.action_id]
        if act.kind == "hardware":
            network = float(state.ind[IND["network"]])
            usage = min(1.0, network / 70.0) * f
            idle = prog.cost * 0.5 * (1.0 - usage)
            deltas = _scaled(act.effects, f)
            deltas["idle_assets"] = deltas.get("idle_assets", 0.0) + idle
            real = add(state, deltas)
            if quiet:
                continue
            state.log_event(
                "effect",
                N_("{action} was built: {changes}. With absorptive capacity {absorptive} and "
                   "network density {network}, {unused}% of it stands unused."),
                {"action": dict(act.name), "changes": changes_param(real),
                 "absorptive": absorptive, "network": round(network, 1),
                 "unused": round(100 * (1 - usage))},
                action=act.id, uid=prog.uid, deltas=real, idle_added=round(idle, 1))
            continue
        if act.kind in SCALED_KINDS:
            factor = f
            if act.kind == "designation":
                factor = f / max(1, state.designations)
            if act.kind in TRUST_KINDS:
                t = 0.5 + trust_mean / 100.0
                real = add(state, _scaled(act.effects, factor * t))
                if quiet:
                    continue
                state.log_event(
                    "effect",
                    N_("{action} paid off: {changes} ({pct}% of its full effect: absorptive "
                       "capacity {absorptive}, mean trust {trust})."),
                    {"action": dict(act.name), "changes": changes_param(real),
                     "pct": round(100 * factor * t), "absorptive": absorptive,
                     "trust": round(trust_mean, 1)},
                    action=act.id, uid=prog.uid, deltas=real)
            else:
                real = add(state, _scaled(act.effects, factor))
                if quiet:
                    continue
                state.log_event(
                    "effect",
                    N_("{action} paid off: {changes} ({pct}% of its full effect at absorptive "
                       "capacity {absorptive})."),
                    {"action": dict(act.name), "changes": changes_param(real),
                     "pct": round(100 * factor), "absorptive": absorptive},
                    action=act.id, uid=prog.uid, deltas=real)
        else:
            real = add(state, _scaled(act.effects, 1.0))
            if real and not quiet:
                state.log_event("effect", N_("{action} took effect: {changes}."),
                                {"action": dict(act.name), "changes": changes_param(real)},
                                action=act.id, uid=prog.uid, deltas=real)


def resolve_pressures(state: GameState) -> None:
    """Lobbying and designations funded this round."""
    funded = state.record["funded"]
    lobbies = [r for (r, _a, kind, _c, _s) in funded if kind == "lobby"]
    for role in lobbies:
        real = add(state, {"lock_in": LOBBY_LOCK_IN})
        state.pending_grants[role] = state.pending_grants.get(role, 0) + LOBBY_GRANT
        state.record["lobbied"].append(role)
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
        state.log_event(
            "effect",
            N_("{count} cluster regions have been designated so far (the plan allows {limit}); "
               "every designation spreads the money thinner: {changes}."),
            {"count": state.designations, "limit": limit, "changes": changes_param(real)},
            deltas=real)


def resolve_macro_and_dynamics(state: GameState) -> None:
    funded_kinds = {kind for (_r, _a, kind, _c, _s) in state.record["funded"]}
    macro = state.macro
    damp = 0.5 if (macro < 0 and "macro" in funded_kinds) else 1.0
    deltas = {"employment": 5.0 * macro * damp, "industry": 3.0 * macro * damp}
    if macro < 0:
        deltas["cohesion"] = 2.0 * macro * damp
    real = add(state, deltas)
    if not state.quiet and any(abs(v) >= 0.05 for v in real.values()):
        msg = (N_("The national economy (macro climate {macro}) moved the region: {changes}; "
                  "the stabilisation measure halved the blow.") if damp < 1 else
               N_("The national economy (macro climate {macro}) moved the region: {changes}."))
        state.log_event("effect", msg, {"macro": round(macro, 2), "changes": changes_param(real)},
                        deltas=real, macro=macro)

    i = state.ind
    potential = (i[IND["network"]] + i[IND["absorptive"]] + i[IND["external"]]
                 + i[IND["industry"]]) / 4.0
    d = {
        "innovation": 0.1 * (potential - i[IND["innovation"]]),
        "employment": 0.05 * (i[IND["industry"]] - i[IND["employment"]]),
        "idle_assets": -max(0.0, (i[IND["network"]] - 40.0) / 10.0),
        "lock_in": -1.0,
    }
    if i[IND["employment"]] < 40:
        d["cohesion"] = -1.5
    real = add(state, d)
    if not state.quiet:
        state.log_event(
            "effect",
            N_("The region's own dynamics: {changes} (innovation drifts toward what networks, "
               "skills, outside links and industry can sustain; dense networks put idle assets "
               "to use; weak employment erodes cohesion)."),
            {"changes": changes_param(real)}, deltas=real)

    # Next round's climate: persistent, with a seeded random step (a thinking copy assumes
    # the expected climate: it has no business drawing the game's dice).
    step = 0.0 if state.quiet else float(state.rng(RNG_MACRO).normal(0.0, 0.15))
    state.macro = float(min(1.0, max(-1.0, 0.7 * macro + step)))


def competitiveness(ind: np.ndarray) -> float:
    """The region's overall competitiveness index, 0–100 (see scoring)."""
    v = ind.tolist()  # plain floats: numpy's overhead dominates on ten numbers
    value = sum(v[i] for i in _GOOD) / len(_GOOD) - 0.3 * v[IND["idle_assets"]] \
        - 0.2 * v[IND["lock_in"]]
    return max(0.0, min(100.0, value))


# The mean of the eight "good" indicators, minus penalties for idle assets and lock-in.
_GOOD = tuple(IND[k] for k in ("industry", "absorptive", "capability", "network", "external",
                               "innovation", "employment", "cohesion"))


__all__ = ["absorptive_factor", "mean_trust", "add", "change_trust", "apply_effects",
           "resolve_programmes", "resolve_pressures", "resolve_macro_and_dynamics",
           "competitiveness", "clip", "INDICATORS"]
