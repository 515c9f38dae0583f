"""Playing strength, measured honestly: `python -m game.ai.strength [--games N] [--scenario ID]`.

For each role, the seat is played at each level against the same opponents (baseline AIs in the
other seats) on the same seeds; the role's mean final score is reported per level.
"""
from __future__ import annotations

import argparse
import json
import sys

import numpy as np

from game.engine import scores
from game.engine.constants import ROLES

DEFAULT_LEVELS = ("easy", "normal", "hard")


def role_scores(scenario, role: str, level: str, seeds, opponents: str = "baseline") -> list[float]:
    from game.headless import play_game
    out = []
    for seed in seeds:
        levels = {r: opponents for r in ROLES}
        levels[role] = level
        out.append(scores(play_game(scenario, seed, levels))[role])
    return out


def strength_table(scenario, games: int, seed: int = 0, levels=DEFAULT_LEVELS,
                   roles=ROLES, opponents: str = "baseline") -> dict:
    seeds = [seed * 1000 + i for i in range(games)]
    table = {}
    for role in roles:
        table[role] = {}
        for level in levels:
            s = role_scores(scenario, role, level, seeds, opponents)
            table[role][level] = {"mean": round(float(np.mean(s)), 2),
                                  "sem": round(float(np.std(s) / max(1, len(s) - 1) ** 0.5), 2)}
    return table


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m game.ai.strength")
    p.add_argument("--scenario", default="tutorial")
    p.add_argument("--games", type=int, default=20)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--levels", default=",".join(DEFAULT_LEVELS))
    p.add_argument("--roles", default=",".join(ROLES))
    args = p.parse_args(argv)
    from game.content.loader import load_scenario
    sc = load_scenario(args.scenario)
    table = strength_table(sc, args.games, args.seed, args.levels.split(","), args.roles.split(","))
    json.dump({"scenario": args.scenario, "games": args.games, "scores": table}, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
