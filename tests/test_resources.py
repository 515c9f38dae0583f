"""The game finds its content, catalogs and fonts from a checkout and from a normal install
(game.resources), never through the working folder."""
from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from game import resources

ROOT = Path(__file__).resolve().parents[1]


def test_a_checkout_reads_the_top_level_folders():
    for name in resources.DATA_FOLDERS:
        assert resources.data_dir(name) == ROOT / name
    with pytest.raises(ValueError):
        resources.data_dir("tests")


def test_an_installed_package_reads_its_own_copy_wherever_it_is_started(tmp_path, monkeypatch):
    # the layout a wheel installs: site-packages/game/resources.py and game/_data/<name>, with
    # a `scenarios` folder in the working directory that must not be picked up
    site = tmp_path / "site-packages"
    (site / "game" / "_data" / "scenarios").mkdir(parents=True)
    shutil.copy(ROOT / "game" / "resources.py", site / "game" / "resources.py")
    (tmp_path / "cwd" / "scenarios").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "cwd")
    spec = importlib.util.spec_from_file_location("installed_resources", site / "game" / "resources.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert mod.data_dir("scenarios") == (site / "game" / "_data" / "scenarios").resolve()


def test_the_build_copies_exactly_the_folders_the_game_reads():
    # setup.py reads the folder names from game/resources.py: one list, used by both
    text = (ROOT / "setup.py").read_text(encoding="utf-8")
    assert "_resources.DATA_FOLDERS" in text and '"scenarios"' not in text
    manifest = (ROOT / "MANIFEST.in").read_text(encoding="utf-8")
    for name in resources.DATA_FOLDERS:
        assert f"graft {name}" in manifest
