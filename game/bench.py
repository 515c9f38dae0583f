"""Benchmarks that print figures: `python -m game.bench [--quick] [--format json]`.

Tests never assert on time; this script is where speed is measured. Each figure is the median
of several runs on one core.
"""
from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time


def engine_games_per_s(games: int, runs: int) -> tuple[float, list[float]]:
    """Whole headless tutorial games per second, baseline AI in every seat."""
    from game.content.loader import load_scenario
    from game.headless import play_game

    scenario = load_scenario("tutorial")
    play_game(scenario, 0)  # warm-up: imports and first-call costs
    rates = []
    for run in range(runs):
        # CPU time of this process: "per second on one core", and steady while other
        # programs share the machine.
        start = time.process_time()
        for seed in range(games):
            play_game(scenario, 1000 * run + seed)
        rates.append(games / (time.process_time() - start))
    return statistics.median(rates), rates


def scenario_load_ms(runs: int) -> tuple[float, float]:
    """A scenario's load (every shared file read and checked): the first, and the median of later
    ones, which find the shared library and the parsed files remembered (the editor's case)."""
    from game.content import loader, yaml_loader

    loader._LIBRARIES.clear()
    yaml_loader._PARSED.clear()
    start = time.perf_counter()
    loader.load_scenario("manufacturing-hub")
    first = 1000 * (time.perf_counter() - start)
    times = []
    for _run in range(runs):
        start = time.perf_counter()
        loader.load_scenario("manufacturing-hub")
        times.append(1000 * (time.perf_counter() - start))
    return first, statistics.median(times)


def debrief_ms(runs: int) -> float:
    """Analysis + counterfactual turning points + HTML report of a finished manufacturing-hub game."""
    from game.content.loader import load_scenario
    from game.debrief.report import build_table, render_report
    from game.headless import play_game

    state = play_game(load_scenario("manufacturing-hub"), 1)
    times = []
    for _run in range(runs):
        start = time.perf_counter()
        render_report([build_table(state, "bench.json")], "ko")
        times.append(1000 * (time.perf_counter() - start))
    return statistics.median(times)


def ai_decision_ms_p95(games: int) -> dict[str, float]:
    """95th percentile of one AI decision's milliseconds, per level, on tutorial games with
    that level in every seat (hard: one game)."""
    import numpy as np
    from game.content.loader import load_scenario
    from game.headless import play_game

    scenario = load_scenario("tutorial")
    out = {}
    for level in ("easy", "normal", "hard"):
        timings: dict[str, list[float]] = {}
        for seed in range(1 if level == "hard" else games):
            play_game(scenario, seed, {r: level for r in ("ministry", "local", "firms", "university")},
                      timings=timings)
        out[level] = round(float(np.percentile(timings[level], 95)), 2)
    return out


def simulate_games_per_s(games: int) -> float:
    """Tutorial games per second of `simulate --jobs 2` with normal AIs in every seat."""
    from game.content.loader import load_scenario
    from game.simulate import simulate

    scenario = load_scenario("tutorial")
    levels = {r: "normal" for r in ("ministry", "local", "firms", "university")}
    return simulate(scenario, "tutorial", games, seed=0, jobs=2, levels=levels)["games_per_s"]


def lab_seconds(seeds: int, scenario_id: str = "tutorial") -> float:
    """Wall seconds of the full strategy lab (every section) on one scenario with `--jobs 2`."""
    from game.content.loader import load_scenario
    from game.lab.runner import run

    scenario = load_scenario(scenario_id)
    start = time.perf_counter()
    run(scenario, scenario_id, seeds, 0, 2)
    return time.perf_counter() - start


def check_seconds(scenario_id: str = "tutorial") -> float:
    """Wall seconds of `check` with its defaults (300 games and a quick lab, `--jobs 2`)."""
    from game.check import check
    from game.content.loader import load_scenario

    scenario = load_scenario(scenario_id)
    start = time.perf_counter()
    check(scenario, scenario_id, 300, 0, 2)
    return time.perf_counter() - start


def large_scenario_yaml(limit_bytes: int) -> str:
    """A valid scenario just under `limit_bytes` of YAML: the tutorial with copies of its own
    cards under new ids, all in its deck (the largest file the loader accepts is 2 MB)."""
    import copy

    import yaml

    from game.resources import data_dir
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    data = yaml.safe_load((data_dir("scenarios") / "tutorial.yaml").read_text(encoding="utf-8"))
    data["id"] = "large"
    base = list(data["cards"])

    def dump(copies: int) -> str:
        cards = [dict(copy.deepcopy(base[i % len(base)]), id=f"copy-{i:05d}") for i in range(copies)]   # no anchors
        doc = dict(data, cards=base + cards, deck=list(data["deck"]) + [c["id"] for c in cards])
        return yaml.dump(doc, Dumper=dumper, allow_unicode=True, sort_keys=False, width=200)

    small, sample = len(dump(0).encode("utf-8")), len(dump(100).encode("utf-8"))
    copies = int((limit_bytes - small) / ((sample - small) / 100))
    text = dump(copies)
    while len(text.encode("utf-8")) > limit_bytes:        # the estimate overshot: a few cards less
        copies -= 10
        text = dump(copies)
    return text


def validate_large_seconds(runs: int) -> tuple[float, int]:
    """Median wall seconds to validate a scenario file of nearly 2 MB (the size cap), and its size."""
    import tempfile
    from pathlib import Path

    from game.content.loader import validate_paths
    from game.content.yaml_loader import MAX_FILE_BYTES
    text = large_scenario_yaml(MAX_FILE_BYTES - 64 * 1024)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "large.yaml"
        path.write_text(text, encoding="utf-8")
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            problems = validate_paths([path])
            times.append(time.perf_counter() - start)
        errors = [p for p in problems if p.is_error]
        if errors:
            raise RuntimeError(f"the large scenario does not validate: {errors[0]}")
        return statistics.median(times), path.stat().st_size


def device_move_to_update_ms_p95(rounds: int) -> float | None:
    """The load test's room (4 device seats and 16 watchers on the loopback address, the real
    server): p95 of the time from a seat sending a move to each of the 20 clients having the
    update it caused."""
    from game.net import loadtest
    return loadtest.run(rounds=rounds, watchers=16)["p95_ms"]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m game.bench", description="Print performance figures.")
    p.add_argument("--quick", action="store_true", help="fewer games and runs (a smoke check)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    args = p.parse_args(argv)
    quick = args.quick
    games, runs = (10, 3) if quick else (50, 5)
    from game.ui import bench as ui_bench
    figures: dict = {}

    def figure(key: str, value) -> None:
        """Printed as soon as it is measured: the whole run takes minutes."""
        figures[key] = value
        if args.format == "text":
            print(f"{key:28} {value}", flush=True)

    median, rates = engine_games_per_s(games, runs)
    figure("engine_games_per_s", round(median, 1))
    figure("engine_games_per_s_runs", [round(r, 1) for r in rates])
    figure("games_per_run", games)
    first, again = scenario_load_ms(3 if quick else 10)
    figure("scenario_load_ms_first", round(first, 1))
    figure("scenario_load_ms_again", round(again, 1))
    figure("ui_frame_ms_p50", round(ui_bench.frame_ms(20 if quick else 60), 2))
    figure("ui_board_rebuild_ms_p50", round(ui_bench.rebuild_ms(5 if quick else 20), 1))
    figure("ui_startup_ms", round(ui_bench.startup_ms(1 if quick else 3)))
    figure("ui_idle_cpu_percent", round(ui_bench.idle_cpu_percent(2.0 if quick else 4.0), 2))
    figure("debrief_ms", round(debrief_ms(2 if quick else 5)))
    figure("ai_decision_ms_p95", ai_decision_ms_p95(3 if quick else 10))
    figure("simulate_games_per_s", simulate_games_per_s(100 if quick else 1000))
    figure("lab_seconds", round(lab_seconds(20 if quick else 200), 1))
    figure("lab_seeds", 20 if quick else 200)
    figure("check_seconds", round(check_seconds(), 1))
    figure("validate_2mb_seconds", round(validate_large_seconds(1 if quick else 3)[0], 2))
    figure("device_move_to_update_ms_p95", round(device_move_to_update_ms_p95(2 if quick else 4), 1))
    figure("python", platform.python_version())
    figure("machine", platform.machine())
    if args.format == "json":
        json.dump(figures, sys.stdout, indent=1)
        sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
