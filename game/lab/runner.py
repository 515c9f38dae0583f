"""Running the strategy lab: many games of one scenario with scripted and AI seats, summarised
with standard errors (GAME_DESIGN §9; issue 10).

Sections of a report:
  solo       each archetype in one seat against three `normal` AIs
  deviation  each archetype in one seat against three `lesson` seats (score after round 2 and
             at the end: the trap should pay now and the lesson later)
  tables     all-lesson, all-trap, all-mixed
  claims     the paper's claims as paired comparisons on the same seeds (game.lab.claims)
  events     how often each role decides the round's event

Every game is seeded from `SeedSequence(seed).spawn`, the same seeds for every configuration,
so comparisons are paired and the results do not depend on `jobs`.
"""
from __future__ import annotations

import gc
import math
import os
import time
from concurrent.futures import ProcessPoolExecutor
from typing import Callable

import numpy as np

from game.ai import make_ai
from game.engine import apply, current_player, is_over, new_game, outcome
from game.engine.constants import IND, INDICATORS, ROLES
from game.engine.scoring import score_parts, scores
from game.simulate import game_seeds

from .archetypes import ARCHETYPES, Archetype
from .claims import claim_configs, judge_claims

SECTIONS = ("solo", "deviation", "tables", "claims")
SOLO_OPPONENT = "normal"
WORKER_GC_THRESHOLD = (50_000, 50, 100)   # a pool worker's gc thresholds (gen 0 allocations, ...)
DEVIATION_ROUND = 2          # "the trap pays now": scores compared after this round


def seat_spec(style: str, **change) -> tuple:
    """A hashable description of one seat: ('arch', style, change...) or ('ai', level)."""
    return ("arch", style, tuple(sorted((k, tuple(v) if isinstance(v, (list, tuple)) else v)
                                        for k, v in change.items())))


def ai_spec(level: str) -> tuple:
    return ("ai", level, ())


def _make_seat(spec: tuple, role: str, seed: int, scenario):
    kind, name, change = spec
    if kind == "ai":
        return make_ai(name, role, seed, scenario=scenario)
    kw = dict(change)
    if "deal" in kw:
        from .claims import DEALS
        kw["deal"] = DEALS[kw["deal"]]
    return Archetype(role, name, seed, **kw)


def play(scenario, seed: int, seats: dict, macro: float | None = None) -> dict:
    """One game. `seats`: role -> seat spec. `macro`: the national economy held at this value
    all game (the lab's controlled climate for the D1 claim), or None for the scenario's own."""
    players = {r: _make_seat(seats[r], r, seed, scenario) for r in ROLES}
    state = new_game(scenario, seed)
    if macro is not None:
        state.macro = float(macro)
    early = None
    while not is_over(state):
        rnd = state.round
        state = apply(state, players[current_player(state)].act(state))
        if macro is not None and state.round != rnd:
            state.macro = float(macro)
        if early is None and (state.round > DEVIATION_ROUND or is_over(state)):
            early = scores(state)
            early_parts = {r: score_parts(state, r) for r in ROLES}
    res = outcome(state)
    decided = {r: 0 for r in ROLES}
    for rec in state.records:
        if rec.get("option"):
            decided[rec["option"][0]] += 1
    return {"index": res.competitiveness, "collapsed": res.collapsed, "winners": res.winners,
            "scores": dict(res.scores), "early": early, "early_parts": early_parts,
            "parts": {r: score_parts(state, r) for r in ROLES}, "ind": state.ind.tolist(),
            "decided": decided, "rounds": len(state.records),
            "fired": sorted({f for _r, f in state.fired})}


# --- configurations ---------------------------------------------------------------------------

def solo_configs() -> dict:
    out = {}
    for role in ROLES:
        for style in ARCHETYPES:
            seats = {r: ai_spec(SOLO_OPPONENT) for r in ROLES}
            seats[role] = seat_spec(style)
            out[("solo", role, style)] = (seats, None)
    return out


def deviation_configs() -> dict:
    out = {}
    for role in ROLES:
        for style in ARCHETYPES:
            seats = {r: seat_spec("lesson") for r in ROLES}
            seats[role] = seat_spec(style)
            out[("deviation", role, style)] = (seats, None)
    return out


def table_configs() -> dict:
    return {("table", style): ({r: seat_spec(style) for r in ROLES}, None)
            for style in ("lesson", "trap", "mixed")}


def all_configs(scenario, sections=("solo", "deviation", "tables", "claims")) -> dict:
    out = {}
    if "solo" in sections:
        out.update(solo_configs())
    if "deviation" in sections:
        out.update(deviation_configs())
    if "tables" in sections:
        out.update(table_configs())
    if "claims" in sections:
        out.update(claim_configs(scenario))
    return out


def _canonical(configs: dict) -> tuple[list, dict]:
    """Configurations that play the same seats in the same climate are played once."""
    unique: list = []
    index: dict = {}
    alias: dict = {}
    for key, (seats, macro) in configs.items():
        ident = (tuple(seats[r] for r in ROLES), macro)
        if ident not in index:
            index[ident] = len(unique)
            unique.append((seats, macro))
        alias[key] = index[ident]
    return unique, alias


# --- workers ----------------------------------------------------------------------------------
_worker: dict = {}


def with_scales(scenario, scales: dict | None):
    """The scenario with other roles' `score_scale` (the balance tool tries them in memory)."""
    if not scales:
        return scenario
    from dataclasses import replace
    roles = {r: replace(scenario.roles[r], score_scale=float(scales.get(r, scenario.roles[r].score_scale)))
             for r in ROLES}
    return replace(scenario, roles=roles)


def _init_worker(scenario_ref: str, scales: dict | None = None) -> None:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from game.content.loader import load_scenario
    _worker["scenario"] = with_scales(load_scenario(scenario_ref), scales)
    # A worker only plays games: its modules and scenario are permanent, and games make few
    # reference cycles, so the cyclic collector runs rarely (about 5% of a game's work
    # otherwise; results do not depend on it).
    gc.freeze()
    gc.set_threshold(*WORKER_GC_THRESHOLD)


def _play_task(task) -> tuple[int, list[dict]]:
    i, seats, macro, seeds = task
    sc = _worker["scenario"]
    return i, [play(sc, s, seats, macro) for s in seeds]


def run(scenario, scenario_ref: str, seeds: int = 200, seed: int = 0, jobs: int = 1,
        sections=("solo", "deviation", "tables", "claims"),
        progress: Callable[[int, int], None] | None = None, scales: dict | None = None,
        configs: dict | None = None, raw: bool = False) -> dict:
    """Play every configuration on the same `seeds` game seeds; returns the report.
    `scales`: role -> score_scale to try instead of the scenario's; `configs`: only these."""
    start = time.perf_counter()
    scenario = with_scales(scenario, scales)
    configs = configs if configs is not None else all_configs(scenario, sections)
    unique, alias = _canonical(configs)
    game_seed_list = game_seeds(seed, seeds)
    chunk = max(1, min(50, seeds // 2))
    tasks = [(i, seats, macro, game_seed_list[k:k + chunk])
             for i, (seats, macro) in enumerate(unique) for k in range(0, seeds, chunk)]
    # the slow configurations (AI seats) first, so the pool's last tasks are short
    tasks.sort(key=lambda t: -sum(1 for r in ROLES if t[1][r][0] == "ai"))
    results: dict[int, list] = {i: [] for i in range(len(unique))}
    parts: dict[int, dict] = {i: {} for i in range(len(unique))}
    total, done = sum(len(t[3]) for t in tasks), 0
    if jobs <= 1:
        _worker["scenario"] = scenario
        for t in tasks:
            i, games = _play_task(t)
            parts[i][t[3][0]] = games
            done += len(games)
            if progress:
                progress(done, total)
    else:
        with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker,
                                 initargs=(scenario_ref, scales)) as pool:
            futures = {}
            for t in tasks:
                futures[pool.submit(_play_task, t)] = t
            from concurrent.futures import as_completed
            for fut in as_completed(futures):
                t = futures[fut]
                i, games = fut.result()
                parts[i][t[3][0]] = games
                done += len(games)
                if progress:
                    progress(done, total)
    for i in parts:     # game order, whatever order the chunks finished in
        order = {s: k for k, s in enumerate(game_seed_list)}
        results[i] = [g for first in sorted(parts[i], key=order.get) for g in parts[i][first]]
    games = {key: results[alias[key]] for key in configs}
    report = summarise(scenario, games, seeds, seed)
    if raw:
        report["games"] = games
    report["elapsed_s"] = round(time.perf_counter() - start, 2)
    report["games_played"] = seeds * len(unique)
    return report


# --- statistics -------------------------------------------------------------------------------

def mean_se(xs) -> tuple[float, float]:
    a = np.asarray(xs, dtype=float)
    if a.size == 0:
        return 0.0, 0.0
    se = float(a.std(ddof=1) / math.sqrt(a.size)) if a.size > 1 else 0.0
    return float(a.mean()), se


def _ms(xs, nd=2) -> dict:
    m, se = mean_se(xs)
    return {"mean": round(m, nd), "se": round(se, nd)}


def _rate(flags) -> dict:
    a = np.asarray(flags, dtype=float)
    p = float(a.mean()) if a.size else 0.0
    se = math.sqrt(p * (1 - p) / a.size) if a.size else 0.0
    return {"mean": round(p, 4), "se": round(se, 4)}


def summarise(scenario, games: dict, seeds: int, seed: int) -> dict:
    report = {"scenario": scenario.id, "seeds": seeds, "seed": seed, "rounds": scenario.rounds,
              "collapse_line": scenario.collapse_line, "solo": {}, "deviation": {}, "tables": {},
              "claims": [], "events": {}}
    for key, gs in games.items():
        if key[0] == "solo":
            _, role, style = key
            report["solo"].setdefault(role, {})[style] = {
                "win": _rate([role in g["winners"] for g in gs]),
                "score": _ms([g["scores"][role] for g in gs]),
                "index": _ms([g["index"] for g in gs]),
                "collapse": _rate([g["collapsed"] for g in gs]),
            }
        elif key[0] == "deviation":
            _, role, style = key
            report["deviation"].setdefault(role, {})[style] = {
                "early": _ms([g["early"][role] for g in gs]),
                "final": _ms([g["scores"][role] for g in gs]),
                "index": _ms([g["index"] for g in gs]),
                "win": _rate([role in g["winners"] for g in gs]),
            }
        elif key[0] == "table":
            _, style = key
            report["tables"][style] = {
                "index": _ms([g["index"] for g in gs]),
                "collapse": _rate([g["collapsed"] for g in gs]),
                "indicators": {k: _ms([g["ind"][IND[k]] for g in gs], 1) for k in INDICATORS},
            }
    solo_games = [g for key, gs in games.items() if key[0] == "solo" for g in gs]
    event_games = solo_games or next(iter(games.values()))
    for r in ROLES:
        report["events"][r] = {
            "share": round(float(np.mean([g["decided"][r] / max(1, g["rounds"]) for g in event_games])), 4),
            "at_least_one": round(float(np.mean([g["decided"][r] >= 1 for g in event_games])), 4),
        }
    report["claims"] = judge_claims(scenario, games)
    report["targets"] = targets(report)
    return report


# --- the targets, as verdicts ----------------------------------------------------------

def targets(report: dict) -> list[dict]:
    """Each target of the lab for one scenario: what was asked, what was measured, ok?"""
    out = []

    def add(name, ok, measured):
        out.append({"target": name, "ok": bool(ok), "measured": measured})

    solo = report["solo"]
    if solo:
        for role in [r for r in ROLES if r in solo]:
            cell = solo[role]
            lw = cell["lesson"]["win"]["mean"]
            add(f"solo {role}: lesson wins >= 25%", lw >= 0.25, lw)
            best_other = max([cell[s]["win"]["mean"] for s in cell if s != "lesson"] or [0.0])
            add(f"solo {role}: lesson wins at least as often as every other archetype",
                lw >= best_other, {"lesson": lw, "best other": best_other})
            top = max(cell[s]["win"]["mean"] for s in cell)
            add(f"solo {role}: no archetype wins more than 60%", top <= 0.60, top)
            if "idle" in cell:
                add(f"solo {role}: idle wins <= 5%", cell["idle"]["win"]["mean"] <= 0.05,
                    cell["idle"]["win"]["mean"])
    dev = report["deviation"]
    if dev:
        for role in [r for r in ROLES if r in dev and "trap" in dev[r] and "lesson" in dev[r]]:
            t, l = dev[role]["trap"], dev[role]["lesson"]
            add(f"deviation {role}: trap ahead after round {DEVIATION_ROUND}",
                t["early"]["mean"] > l["early"]["mean"], {"trap": t["early"]["mean"], "lesson": l["early"]["mean"]})
            add(f"deviation {role}: trap behind at the end",
                t["final"]["mean"] < l["final"]["mean"], {"trap": t["final"]["mean"], "lesson": l["final"]["mean"]})
    tab = report["tables"]
    if len(tab) == 3:
        li, ti = tab["lesson"]["index"]["mean"], tab["trap"]["index"]["mean"]
        add("tables: all-lesson index >= all-trap index + 20", li >= ti + 20, {"lesson": li, "trap": ti})
        add("tables: all-lesson collapses <= 5%", tab["lesson"]["collapse"]["mean"] <= 0.05,
            tab["lesson"]["collapse"]["mean"])
        add("tables: all-trap collapses >= 80%", tab["trap"]["collapse"]["mean"] >= 0.80,
            tab["trap"]["collapse"]["mean"])
        m = tab["mixed"]["collapse"]["mean"]
        add("tables: all-mixed collapses 20-60%", 0.20 <= m <= 0.60, m)
        for k in ("industry", "innovation", "employment"):
            a, b = tab["trap"]["indicators"][k]["mean"], tab["lesson"]["indicators"][k]["mean"]
            add(f"tables: all-trap {k} below all-lesson", a < b, {"trap": a, "lesson": b})
    for c in report["claims"]:
        add(f"claim {c['id']}: {c['claim']}", c["ok"], c["measured"])
    ev = report["events"]
    for r in ROLES:
        add(f"events: {r} decides at least one card in >= 95% of games", ev[r]["at_least_one"] >= 0.95,
            ev[r]["at_least_one"])
        add(f"events: {r} decides 15-35% of cards", 0.15 <= ev[r]["share"] <= 0.35, ev[r]["share"])
    return out
