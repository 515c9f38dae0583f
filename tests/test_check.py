"""`check`: a facilitator's scenario check flags what would make a scenario teach badly."""
from __future__ import annotations

import json
import re
from pathlib import Path

from game.cli import main

ROOT = Path(__file__).resolve().parents[1]


def _copy_tutorial(tmp_path, transform) -> Path:
    text = (ROOT / "scenarios" / "tutorial.yaml").read_text(encoding="utf-8")
    text = text.replace("id: tutorial", "id: broken", 1)
    path = tmp_path / "broken.yaml"
    path.write_text(transform(text), encoding="utf-8")
    return path


def test_a_learning_goal_no_card_can_trigger_is_flagged(tmp_path, capsys):
    # no card of the tutorial's deck brings up D1 (a macro shock)
    path = _copy_tutorial(tmp_path, lambda t: t.replace("failures: [A1, A2, B3, C5, D2]", "failures: [A1, A2, D1, C5, D2]"))
    assert main(["check", str(path), "--games", "24", "--jobs", "1", "--lab-seeds", "0", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Learning goal D1 has no card in the deck" in out


def _warnings(path, capsys) -> list[str]:
    assert main(["check", str(path), "--games", "24", "--jobs", "1", "--lab-seeds", "0", "--format", "json",
                 "--lang", "en"]) == 0
    return [w["msg"] for w in json.loads(capsys.readouterr().out)["warnings"]]


def test_a_collapsing_region_is_flagged(tmp_path, capsys):
    path = _copy_tutorial(tmp_path, lambda t: re.sub(r"collapse_line: [0-9.]+", "collapse_line: 95", t))
    assert any("collapses in" in m for m in _warnings(path, capsys))


def test_a_dominant_role_is_flagged(tmp_path, capsys):
    # the ministry paid a fortune for every unit it spends: whatever it does, it wins
    path = _copy_tutorial(tmp_path, lambda t: re.sub(r"weights: \{programme_spend: [0-9.]+",
                                                     "weights: {programme_spend: 5", t, count=1))
    assert main(["check", str(path), "--games", "12", "--jobs", "1", "--lab-seeds", "3", "--format", "json",
                 "--lang", "en"]) == 0
    warnings = json.loads(capsys.readouterr().out)["warnings"]
    assert any(w["msg"].startswith("In this scenario {role} wins") and w["params"]["role"] == "Central ministry"
               for w in warnings), warnings


def test_invalid_scenario_is_an_error_with_its_position(tmp_path, capsys):
    path = _copy_tutorial(tmp_path, lambda t: t.replace("rounds: 6", "rounds: 60"))
    assert main(["check", str(path), "--games", "5", "--lang", "en"]) == 1
    assert re.search(r"broken\.yaml:\d+:\d+: 'rounds' must be", capsys.readouterr().err)


def test_the_built_in_tutorial_passes_the_structural_and_simulation_checks(capsys):
    # (the strategy lab's verdicts on the built-in scenarios are the README's lab tables)
    assert main(["check", "tutorial", "--games", "60", "--jobs", "1", "--lab-seeds", "0", "--lang", "en"]) == 0
    assert "No warnings" in capsys.readouterr().out
