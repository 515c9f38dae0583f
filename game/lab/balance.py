"""The balance tool: the exchange rate between roles (`score_scale`) under which a seat that
plays by the paper's lessons wins about equally often whichever role it holds, against three
`normal` AIs. Used by the engineers who calibrate a scenario (`best_scales` on `solo_games`, then
`write_scales`); facilitators see its verdict through `lab` and `check`.

Within one role the scale changes nothing (the lesson still beats the trap by the same
factor); it only says how a ministry point compares with a university point, which the
scenario's very different budgets and mandates leave open.
"""
from __future__ import annotations

import re

import numpy as np
from pathlib import Path

from game.engine.constants import ROLES

from .runner import ai_spec, run, seat_spec

MIN_WIN = 0.25
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


BAND = (0.32, 0.52)          # where the lesson seats' win rates are best centred (targets: 0.25-0.60)


def _tables(games: dict) -> list[tuple[str, str, np.ndarray, np.ndarray]]:
    """(role, style, scores n x 4 in ROLES order, collapsed n) per solo configuration."""
    out = []
    for (kind, role, style), gs in games.items():
        if kind == "solo":
            scores = np.array([[g["scores"][r] for r in ROLES] for g in gs], dtype=float)
            out.append((role, style, scores, np.array([bool(g["collapsed"]) for g in gs])))
    return out


def _rates(tables, logs: np.ndarray) -> dict:
    """Win rates for K candidate scale vectors at once (`logs`: K x 4 natural logs): the same
    comparison as `win_rates`, vectorised so that the search can try many thousands."""
    factors = np.exp(logs)[:, None, :]                       # K x 1 x 4
    out = {}
    for role, style, scores, collapsed in tables:
        i = ROLE_AXIS[role]
        scaled = scores[None, :, :] * factors                 # K x n x 4
        mine = scaled[:, :, i]
        others = np.delete(scaled, i, axis=2).max(axis=2)
        out[(role, style)] = ((mine >= others) & ~collapsed[None, :]).mean(axis=1)
    return out


ROLE_AXIS = {r: k for k, r in enumerate(ROLES)}


def fitness(rates: dict) -> np.ndarray | float:
    """How well win rates meet the lab's solo targets (higher is better): the smallest margin,
    over the roles, by which the lesson seat stays inside MIN_WIN..MAX_WIN and ahead of every
    other archetype (which stays below MAX_WIN), then how close the lessons are to the middle
    of BAND. Works on the scalar rates of `win_rates` and on the candidate vectors of `_rates`."""
    margin = None
    spread = 0.0
    for role in ROLES:
        lesson = rates.get((role, "lesson"), 0.0)
        m = np.minimum(lesson - MIN_WIN, MAX_WIN - lesson)
        for (r, style), w in rates.items():
            if r == role and style != "lesson":
                m = np.minimum(m, np.minimum(lesson - w, MAX_WIN - w))
        margin = m if margin is None else np.minimum(margin, m)
        spread = spread + np.abs(lesson - sum(BAND) / 2)
    return margin - 0.02 * spread


def best_scales(games: dict, samples: int = 40000, seed: int = 0) -> tuple[dict, dict]:
    """The scales (geometric mean 1) that meet the solo targets best: a seeded random search over
    log-scales, then shrinking searches around the best. Win rates are step functions of the
    scales (scripted seats play nearly the same game each time), so the search samples widely
    instead of following a gradient."""
    tables = _tables(games)
    rng = np.random.default_rng(seed)
    chunk = 2000

    def best_of(cands):
        cands = cands - cands.mean(axis=1, keepdims=True)
        f = fitness(_rates(tables, cands))
        k = int(np.argmax(f))
        return cands[k], float(f[k])

    best, best_f = best_of(np.zeros((1, len(ROLES))))
    for _ in range(max(1, samples // chunk)):
        cand, f = best_of(rng.uniform(-2.0, 2.0, size=(chunk, len(ROLES))))
        if f > best_f:
            best, best_f = cand, f
    for sigma in (0.3, 0.15, 0.08, 0.04, 0.02, 0.01):
        for _ in range(3):
            cand, f = best_of(best + rng.normal(0.0, sigma, size=(chunk, len(ROLES))))
            if f > best_f:
                best, best_f = cand, f
    # within what a scenario file accepts (0.1-10: the validator's range)
    scales = {r: round(min(9.9, max(0.11, float(np.exp(v)))), 3) for r, v in zip(ROLES, best)}
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
