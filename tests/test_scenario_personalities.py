"""A facilitator can add an AI personality in a scenario file and seat it with --ai."""
from __future__ import annotations

import re
from pathlib import Path

from game.cli import main

ROOT = Path(__file__).resolve().parents[1]

PERSONALITY = """
personalities:
  ministry:
    - id: pork_barrel
      name: {ko: "나눠 주기 장관", en: "Pork-barrel minister"}
      description:
        ko: "모든 지역에 조금씩 나눠 준다."
        en: "Gives every region a little."
      weights: {objectives: 0.5, agenda: 2.0}
      risk: 0.5
      temptation: 0.9
      honesty: 0.5
      favours: [%s]
"""


def _scenario(tmp_path, favours: str) -> Path:
    text = (ROOT / "scenarios" / "tutorial.yaml").read_text(encoding="utf-8").replace("id: tutorial", "id: mine", 1)
    path = tmp_path / "mine.yaml"
    path.write_text(text + PERSONALITY % favours, encoding="utf-8")
    return path


import pytest


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_scenario_personality_can_take_a_seat(tmp_path, capsys, lang):
    # in both languages: the command line once told a personality problem from a syntax one by
    # looking for an English word in the translated message, and refused this seat in Korean
    path = _scenario(tmp_path, "ministry.designate_cluster, ministry.uniform_programme")
    assert main(["simulate", "--scenario", str(path), "--games", "3", "--ai", "ministry=easy:pork_barrel",
                 "--format", "json", "--lang", lang]) == 0
    assert '"games": 3' in capsys.readouterr().out
    # ... and a built-in scenario does not know it
    assert main(["simulate", "--games", "3", "--ai", "ministry=easy:pork_barrel", "--lang", "en"]) == 2
    assert "not a personality of ministry" in capsys.readouterr().err


def test_a_bad_scenario_personality_is_reported_at_its_line(tmp_path, capsys):
    path = _scenario(tmp_path, "local.build_centre")
    assert main(["validate", str(path), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert re.search(r"mine\.yaml:\d+:\d+: 'local\.build_centre' in .* is not an action of the role 'ministry'", out)
