"""The command line as a user meets it: output, languages, exit codes, no tracebacks."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from game.cli import main

ROOT = Path(__file__).resolve().parents[1]
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def run_cli(*args: str, hashseed: str = "0") -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONHASHSEED": hashseed, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True,
                          env=env, cwd=ROOT, timeout=120)


def test_same_seed_gives_byte_identical_output_across_processes_and_hash_seeds():
    a = run_cli("play", "--headless", "--seed", "11", "--lang", "en", hashseed="1")
    b = run_cli("play", "--headless", "--seed", "11", "--lang", "en", hashseed="987654")
    assert a.returncode == 0, a.stderr.decode()
    assert a.stdout == b.stdout
    c = run_cli("play", "--headless", "--seed", "12", "--lang", "en", hashseed="1")
    assert c.stdout != a.stdout


def test_headless_game_prints_every_part_of_a_round(capsys):
    assert main(["play", "--headless", "--seed", "3", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    for needle in ("Round 1 of 6", "Event:", "Deals:", "Actions:", "Region:", "Failures fired:",
                   "Final scores", "Competitiveness index", "absorptive capacity"):
        assert needle in out
    assert out.count("— Round ") == 6
    assert not HANGUL.search(out)


def test_korean_output_is_korean(capsys):
    assert main(["play", "--headless", "--seed", "3", "--lang", "ko"]) == 0
    out = capsys.readouterr().out
    assert len(HANGUL.findall(out)) > 1000
    for english in ("Round ", "Deals:", "Final scores", "absorptive capacity", "Central ministry"):
        assert english not in out


@pytest.mark.parametrize("seed", ["0", "7", "424242"])
def test_any_seed_finishes(capsys, seed):
    assert main(["play", "--headless", "--seed", seed, "--lang", "en"]) == 0
    assert "Final scores" in capsys.readouterr().out


def test_save_then_replay_prints_the_same_result(capsys, tmp_path):
    save = tmp_path / "g.json"
    assert main(["play", "--headless", "--seed", "5", "--lang", "en", "--save", str(save)]) == 0
    played = capsys.readouterr().out
    assert main(["replay", str(save), "--lang", "en"]) == 0
    replayed = capsys.readouterr().out
    final = played[played.index("Final scores"):played.index("Saved to")]
    assert final.strip() == replayed[replayed.index("Final scores"):].strip()


def test_validate_reports_problems_and_exit_codes(capsys, tmp_path):
    assert main(["validate", "scenarios/tutorial.yaml", "--lang", "en"]) == 0
    assert "Valid" in capsys.readouterr().out
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\nid: bad\nrounds: [\n", encoding="utf-8")
    assert main(["validate", str(bad), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert re.search(re.escape(str(bad)) + r":\d+:\d+: ", out) or re.search(r"bad\.yaml:\d+:\d+: ", out)
    assert "1 error" in out
    assert main(["validate", str(tmp_path / "missing.yaml"), "--lang", "en"]) == 1
    assert "not found" in capsys.readouterr().out


@pytest.mark.parametrize("args, message", [
    (["play", "--headless", "--ai", "local=genius", "--lang", "en"], "not an AI level"),
    (["play", "--headless", "--ai", "mayor=baseline", "--lang", "en"], "roles are"),
    (["play", "--lang", "en"], "--headless"),
    (["play", "--headless", "--seed", "-4", "--lang", "en"], "seed"),
])
def test_bad_arguments_get_a_sentence(capsys, args, message):
    assert main(args) == 2
    assert message in capsys.readouterr().err


def test_unplayable_scenario_is_explained_without_a_traceback(tmp_path):
    bad = tmp_path / "broken.yaml"
    bad.write_text("format: 1\nid: broken\n", encoding="utf-8")
    result = run_cli("play", "--headless", "--scenario", str(bad), "--lang", "en")
    assert result.returncode == 1
    err = result.stderr.decode()
    assert "Traceback" not in err and "broken.yaml" in err and "cannot be played" in err
    result = run_cli("play", "--headless", "--scenario", "no-such-scenario", "--lang", "en")
    assert result.returncode == 1 and "Traceback" not in result.stderr.decode()


def test_help_is_there_in_both_languages(capsys):
    with pytest.raises(SystemExit) as _ignored:
        raise SystemExit(main(["--help", "--lang", "en"]))
    out = capsys.readouterr().out
    assert "play" in out and "validate" in out and "Examples" in out
    main(["--help", "--lang", "ko"])
    assert HANGUL.search(capsys.readouterr().out)


def test_a_save_is_written_even_when_the_reader_of_the_output_stops_early(tmp_path):
    # `play --headless --save g.json | head -1`: the pipe closes after one line
    save = tmp_path / "g.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CPG_DATA_DIR": str(tmp_path / "data")}
    proc = subprocess.run(f'"{sys.executable}" "{ROOT / "main.py"}" --lang en play --headless --save "{save}" | head -1',
                          shell=True, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert proc.returncode == 0
    assert len(proc.stdout.splitlines()) == 1
    assert "Error" not in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    assert save.is_file() and save.stat().st_size > 100


def test_debrief_refuses_to_write_its_report_over_a_save(tmp_path, capsys, data_dir):
    save = tmp_path / "g.json"
    assert main(["--lang", "en", "play", "--headless", "--save", str(save)]) == 0
    before = save.read_bytes()
    capsys.readouterr()
    assert main(["--lang", "en", "debrief", str(save), "--out", str(save)]) == 2
    assert "another file name" in capsys.readouterr().err
    assert save.read_bytes() == before


def test_jobs_are_capped_at_the_machines_cores(monkeypatch, capsys):
    import game.simulate
    seen = {}

    def fake_simulate(scenario, ref, games, seed, jobs, levels, progress):
        seen["jobs"] = jobs
        return {"games": 0}
    monkeypatch.setattr(game.simulate, "simulate", fake_simulate)
    monkeypatch.setattr("game.presentation.simulation_table", lambda result, scenario: [])
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert main(["--lang", "en", "simulate", "--games", "4", "--jobs", "64"]) == 0
    assert seen["jobs"] == 2
    assert "more than this machine's 2 cores" in capsys.readouterr().err
