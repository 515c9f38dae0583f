"""The balance lab: many headless games of one scenario, summarised.

Game i of a run with seed S is played with its own seed from `SeedSequence(S).spawn`, so the
results do not depend on how many processes share the work (`jobs`).
"""
from __future__ import annotations

import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Callable, Mapping

import numpy as np

from game.engine import outcome
from game.engine.constants import FAILURE_IDS, ROLES


def game_seeds(seed: int, games: int) -> list[int]:
    children = np.random.SeedSequence(seed).spawn(games)
    return [int(c.generate_state(1, dtype=np.uint64)[0] >> np.uint64(1)) for c in children]


@dataclass(frozen=True)
class GameSummary:
    seed: int
    collapsed: bool
    winners: tuple[str, ...]
    scores: Mapping[str, float]
    competitiveness: float
    fired: tuple[str, ...]           # failure ids fired at least once
    cards: tuple[str, ...]           # card ids drawn
    decision_ms: Mapping[str, tuple[float, ...]] = None   # AI level -> ms of each decision


def summarise(state, timings: Mapping[str, list[float]] | None = None) -> GameSummary:
    res = outcome(state)
    drawn = tuple(e.data["card"] for e in state.log if e.kind == "card")
    return GameSummary(state.seed, res.collapsed, res.winners, dict(res.scores), res.competitiveness,
                       tuple(sorted({f for _r, f in state.fired})), drawn,
                       {k: tuple(round(x, 3) for x in v) for k, v in (timings or {}).items()})


def _play_timed(scenario, seed: int, levels) -> GameSummary:
    from game.headless import play_game
    timings: dict[str, list[float]] = {}
    return summarise(play_game(scenario, seed, levels, timings=timings), timings)


# --- worker side: one scenario per process, loaded once ----------------------------------------
_worker: dict = {}


def _init_worker(scenario_ref: str, levels: Mapping[str, str]) -> None:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from game.content.loader import load_scenario
    _worker["scenario"] = load_scenario(scenario_ref)
    _worker["levels"] = dict(levels)


def _play_chunk(seeds: list[int]) -> list[GameSummary]:
    return [_play_timed(_worker["scenario"], s, _worker["levels"]) for s in seeds]


def run(scenario, scenario_ref: str, games: int, seed: int = 0, jobs: int = 1,
        levels: Mapping[str, str] | None = None,
        progress: Callable[[int, int], None] | None = None) -> list[GameSummary]:
    """Play `games` games; results in game order whatever `jobs` is."""
    levels = dict(levels or {})
    seeds = game_seeds(seed, games)
    results: list[GameSummary] = []
    if jobs <= 1 or games < 8:
        for s in seeds:
            results.append(_play_timed(scenario, s, levels))
            if progress:
                progress(len(results), games)
        return results
    chunk = max(1, min(25, games // (jobs * 4)))
    chunks = [seeds[i:i + chunk] for i in range(0, games, chunk)]
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker,
                             initargs=(scenario_ref, levels)) as pool:
        done = 0
        for part in pool.map(_play_chunk, chunks):
            results.extend(part)
            done += len(part)
            if progress:
                progress(done, games)
    return results


def report(scenario, results: list[GameSummary], seed: int, elapsed: float) -> dict:
    """The JSON summary of a run (keys documented in the README)."""
    n = len(results)
    wins = {r: sum(r in g.winners for g in results) / n for r in ROLES}
    mean_scores = {r: round(float(np.mean([g.scores[r] for g in results])), 2) for r in ROLES}
    failures = {f: round(sum(f in g.fired for g in results) / n, 4) for f in FAILURE_IDS}
    cards = {c: 0 for c in scenario.deck}
    for g in results:
        for c in set(g.cards):
            cards[c] = cards.get(c, 0) + 1
    return {
        "scenario": scenario.id,
        "games": n,
        "seed": seed,
        "rounds": scenario.rounds,
        "wins": {r: round(v, 4) for r, v in wins.items()},
        "collapse_rate": round(sum(g.collapsed for g in results) / n, 4),
        "mean_scores": mean_scores,
        "mean_competitiveness": round(float(np.mean([g.competitiveness for g in results])), 2),
        "collapse_line": scenario.collapse_line,
        "failures": failures,
        "learning_goals": list(scenario.learning_failures),
        "cards_drawn": {c: round(k / n, 4) for c, k in sorted(cards.items())},
        "decision_ms": decision_ms(results),
        "elapsed_s": round(elapsed, 2),
        "games_per_s": round(n / elapsed, 1) if elapsed > 0 else None,
    }


def decision_ms(results: list[GameSummary]) -> dict:
    """AI level -> {p50, p95} milliseconds per decision, over every game."""
    by_level: dict[str, list[float]] = {}
    for g in results:
        for level, ms in (g.decision_ms or {}).items():
            by_level.setdefault(level, []).extend(ms)
    return {level: {"p50": round(float(np.percentile(ms, 50)), 3),
                    "p95": round(float(np.percentile(ms, 95)), 3)}
            for level, ms in sorted(by_level.items()) if ms}


def simulate(scenario, scenario_ref: str, games: int, seed: int = 0, jobs: int = 1,
             levels: Mapping[str, str] | None = None, progress=None) -> dict:
    start = time.perf_counter()
    results = run(scenario, scenario_ref, games, seed, jobs, levels, progress)
    return report(scenario, results, seed, time.perf_counter() - start)
