"""The balance tool: the exchange rate between roles (`score_scale`) under which a seat that
plays by the paper's lessons wins about equally often whichever role it holds, against three
`normal` AIs. Used by the engineers who calibrate a scenario (`best_scales` on `solo_games`, then
`write_scales`); facilitators see its verdict through `lab` and `check`.

Within one role the scale changes nothing (the lesson still beats the trap by the same
factor); it only says how a ministry point compares with a university point, which the
scenario's very different budgets and mandates leave open.
"""
from __future__ import annotations

import math
import re

import numpy as np
from pathlib import Path

from game.engine.constants import ROLES

from .runner import ai_spec, run, seat_spec

TARGET_WIN = 0.40
MAX_WIN = 0.60


def lesson_solo_configs() -> dict:
    out = {}
    for role in ROLES:
        seats = {r: ai_spec("normal") for r in ROLES}
        seats[role] = seat_spec("lesson")
        out[("solo", role, "lesson")] = (seats, None)
    return out


def solo_games(scenario, scenario_ref: str, seeds: int, jobs: int, progress=None) -> dict:
    """Raw solo games (every archetype in every seat against three normal AIs) at scale 1."""
    rep = run(scenario, scenario_ref, seeds, 0, jobs, sections=("solo",), raw=True,
              scales={r: 1.0 for r in ROLES}, progress=progress)
    return rep["games"]


def win_rates(games: dict, scales: dict) -> dict:
    """(role, style) -> win rate of that seat if the roles' scores were scaled by `scales`.
    Exact: the AIs' choices do not depend on the scale, only the comparison of totals does."""
    out = {}
    for (kind, role, style), gs in games.items():
        if kind != "solo":
            continue
        wins = 0
        for g in gs:
            if g["collapsed"]:
                continue
            mine = scales[role] * g["scores"][role]
            if all(mine >= scales[q] * g["scores"][q] for q in ROLES if q != role):
                wins += 1
        out[(role, style)] = wins / max(1, len(gs))
    return out


BAND = (0.30, 0.52)          # where each lesson seat's win rate should land (targets: 0.25-0.60)


def fitness(rates: dict) -> float:
    """How well a set of win rates meets the lab's solo targets (higher is better): every lesson
    seat inside BAND, no other archetype above the lesson or above MAX_WIN."""
    total = 0.0
    for role in ROLES:
        lesson = rates.get((role, "lesson"), 0.0)
        total -= 10.0 * max(0.0, BAND[0] - lesson) + 10.0 * max(0.0, lesson - BAND[1])
        total -= 0.5 * abs(lesson - sum(BAND) / 2)
        for (r, style), w in rates.items():
            if r != role or style == "lesson":
                continue
            total -= 8.0 * max(0.0, w - MAX_WIN) + 3.0 * max(0.0, w - lesson)
    return total


def best_scales(games: dict, samples: int = 4000, seed: int = 0) -> tuple[dict, dict]:
    """The scales (geometric mean 1) that meet the solo targets best, by a seeded random search."""
    rng = np.random.default_rng(seed)
    best = ({r: 1.0 for r in ROLES}, -1e9)
    for k in range(samples):
        logs = rng.uniform(-2.0, 2.0, size=len(ROLES)) if k else np.zeros(len(ROLES))
        logs -= logs.mean()
        scales = {r: float(math.exp(v)) for r, v in zip(ROLES, logs)}
        f = fitness(win_rates(games, scales))
        if f > best[1]:
            best = (scales, f)
    # refine around the best
    scales = best[0]
    for k in range(samples // 2):
        logs = np.array([math.log(scales[r]) for r in ROLES]) + rng.normal(0, 0.15, size=len(ROLES))
        logs -= logs.mean()
        cand = {r: float(math.exp(v)) for r, v in zip(ROLES, logs)}
        f = fitness(win_rates(games, cand))
        if f > best[1]:
            best = (cand, f)
            scales = cand
    # then role by role, on a fine grid
    for _sweep in range(3):
        for r in ROLES:
            for factor in np.exp(np.linspace(-0.6, 0.6, 49)):
                cand = dict(best[0])
                cand[r] = best[0][r] * float(factor)
                f = fitness(win_rates(games, cand))
                if f > best[1] + 1e-9:
                    best = (cand, f)
    mean = float(np.mean([math.log(v) for v in best[0].values()]))
    # within what a scenario file accepts (0.1-10: the validator's range)
    scales = {r: round(min(9.9, max(0.11, math.exp(math.log(v) - mean))), 3) for r, v in best[0].items()}
    return scales, win_rates(games, scales)


def write_scales(path: Path, scales: dict) -> None:
    """Write `score_scale:` under each role of a scenario file (after its objectives line)."""
    lines = Path(path).read_text(encoding="utf-8").split("\n")
    out, role, in_roles = [], None, False
    for line in lines:
        if line.startswith("roles:"):
            in_roles = True
        elif in_roles and re.match(r"^\S", line):
            in_roles = False
        m = re.match(r"^  (ministry|local|firms|university):\s*$", line)
        if in_roles and m:
            role = m.group(1)
        if in_roles and role and re.match(r"^    score_scale:", line):
            continue
        out.append(line)
        if in_roles and role and re.match(r"^    objectives:", line):
            out.append(f"    score_scale: {scales[role]}")
    Path(path).write_text("\n".join(out), encoding="utf-8")
