"""What an AI may know, turned into something it can search: a *determinised* game state built
only from `observe(state, role)` and the scenario's public content.

Hidden parts are sampled or assumed, never read: other roles' budgets (from the public size of
their resources), their private agendas (unknown unless revealed to us), what they funded this
round, deal terms we are not party to, the order of the deck and the economy's dice. The
result is an ordinary `GameState`, so the engine's own `apply` plays it forward.
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np

from game.engine.constants import ACTIONS, ROLE_METRICS, INDICATORS, ROLES
from game.engine.game import observe_for_search
from game.engine.scenario import Scenario
from game.engine.state import ActiveCommitment, Funding, GameState, Programme, new_round_record

_PUBLIC_CACHE: dict = {}
_PROGRAMMES: dict = {}      # the fields of a programme as observed -> its (frozen) Programme


def public_scenario(scenario: Scenario, role: str, revealed: dict) -> Scenario:
    """The scenario as `role` knows it: other roles' private agenda weights are unknown (empty)
    unless revealed to it in a deal (`revealed`: role -> weights from the observation)."""
    key = (id(scenario), role, tuple(sorted((r, tuple(sorted(w.items()))) for r, w in revealed.items())))
    hit = _PUBLIC_CACHE.get(key)
    if hit is not None and hit[0] is scenario:
        return hit[1]
    roles = {}
    for r in ROLES:
        setup = scenario.roles[r]
        if r != role:
            setup = replace(setup, agenda_weights=dict(revealed.get(r, {})))
        roles[r] = setup
    pub = replace(scenario, roles=roles)
    if len(_PUBLIC_CACHE) > 64:
        _PUBLIC_CACHE.clear()
    _PUBLIC_CACHE[key] = (scenario, pub)
    return pub


def observation(state: GameState, role: str) -> dict:
    """The full observation without the log (the AI does not need old log entries): what
    `determinise` reads of `observe(state, role, log_since=1 << 40)`, built without the parts
    it does not read (texts, indicator series, the score)."""
    return observe_for_search(state, role)


def determinise(obs: dict, scenario: Scenario, role: str, rng: np.random.Generator,
                others_done: bool = False) -> GameState:
    """A playable state consistent with `obs`. `others_done`: in the actions phase, pretend
    every other role has finished (a one-round lookahead of our own allocation only)."""
    revealed = {r: a["weights"] for r, a in obs["agendas"].items() if r != role}
    sc = public_scenario(scenario, role, revealed)
    rnd = obs["round"]
    ind = np.array([float(obs["region"][k]) for k in INDICATORS], dtype=np.float64)
    trust = np.array(obs["trust"], dtype=np.float64) if obs["trust"] else \
        np.full((len(ROLES), len(ROLES)), float(sc.trust))
    budgets = {}
    for r in ROLES:
        if r == role:
            budgets[r] = int(obs["budgets"][role])
        else:   # unknown: about one round's income, give or take
            budgets[r] = int(sc.roles[r].income * rng.uniform(0.6, 1.6))
    deck = list(sc.deck)
    order = rng.permutation(len(deck)) if deck else []
    phase = obs["phase"]
    actions_done: frozenset = frozenset()
    if phase == ACTIONS:
        if others_done:
            actions_done = frozenset(r for r in ROLES if r != role)
        else:       # the four allocate at once: who has ended its turn is public
            still = obs.get("active_players")
            if still is None:
                cur = obs["current_player"]
                still = ROLES[ROLES.index(cur):] if cur in ROLES else ROLES
            actions_done = frozenset(r for r in ROLES if r not in still)
    card = obs["card"]
    s = GameState(
        scenario=sc, seed=int(rng.integers(0, 2**62)), round=rnd, phase=phase, ind=ind,
        trust=trust, macro=float(obs["macro"]), budgets=budgets,
        metrics={r: {m: 0.0 for m in ROLE_METRICS} for r in ROLES},
        deck_order=tuple(deck[i] for i in order),
        card_id=card["id"] if card else None,
        chosen_option=card["chosen"] if card else None,
    )
    for k in ("idle_owned", "lock_owned"):     # what our own past decisions left in the region
        s.metrics[role][k] = float(obs.get("ledger", {}).get(role, {}).get(k, 0.0))
    s.actions_done = actions_done
    s.neg_done = frozenset(r for r in ROLES if r != role) if phase != ACTIONS else frozenset()
    s.diagnosis_until = rnd if obs["diagnosis_in_force"] else 0
    s.designations = int(obs["designations"])
    s.gov_change_round = obs["government_changed_round"]
    s.fired = [(int(r), f) for r, f in obs["fired"]]
    s.series = [ind.copy()]
    rec = new_round_record()
    rec["round"] = rnd
    for r, a, c in obs["funded_this_round"]:
        rec["funded"].append(Funding(r, a, sc.actions[a].kind, c, "budget"))
    s.record = rec
    # what the observation counts is what was public when the actions phase opened plus our own
    # moves since (sealed allocations, game.engine.game.seen_designations)
    s.sealed_diagnosis_until = s.diagnosis_until
    s.sealed_designations = s.designations - sum(1 for f in rec["funded"] if f[2] == "designation")
    progs = []
    uid = 1
    cache = _PROGRAMMES
    for p in obs.get("programmes", []):
        act = sc.actions[p["action"]]
        key = (p["uid"], p["action"], p["owner"], act.kind, p["cost"], p["funded_round"],
               p["pays_from"], p["pays_until"], p["source"], p["cancelled_round"])
        prog = cache.get(key)
        if prog is None:      # frozen: the same programme seen again is the same record
            if len(cache) > 50_000:
                cache.clear()
            prog = cache[key] = Programme(*key[:9], (), key[9])
        progs.append(prog)
        uid = max(uid, p["uid"] + 1)
    s.programmes = progs
    s.next_uid = uid + 1000
    s.commitments = [ActiveCommitment(c["deal"], c["role"], c["kind"], c["target"], rnd, c["until"],
                                      tuple(r for r in ROLES if r != c["role"]))
                     for c in obs["commitments"] if c["role"] == role]
    s.next_deal = 10_000
    s.quiet = True     # a thinking copy: its log would be thrown away unread
    return s
