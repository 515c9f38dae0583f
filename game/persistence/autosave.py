"""Autosave: a few rotating save files in the user's data folder.

Every action rewrites the newest slot (atomically), and every new phase starts a new slot, so
a crash loses nothing and a damaged file falls back to the one before it.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from .saves import SaveData, SaveError, read_save, write_atomic

SLOTS = 3
_NAME = re.compile(r"^autosave-(\d{6})\.json$")


def user_data_dir() -> Path:
    """Where saves, user scenarios and settings live (CPG_DATA_DIR overrides, for tests)."""
    override = os.environ.get("CPG_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir as _dir
    return Path(_dir("cluster-policy-game", appauthor=False))


def reports_dir() -> Path:
    """Where exported debrief reports go: a visible folder in the user's documents, so a
    facilitator finds them later ("Cluster Policy Game reports"); the data folder when there is
    no documents folder or CPG_DATA_DIR is set (tests)."""
    override = os.environ.get("CPG_DATA_DIR")
    if override:
        return Path(override) / "reports"
    from platformdirs import user_documents_dir
    try:
        docs = Path(user_documents_dir())
    except Exception:       # no documents folder on this system
        return user_data_dir() / "reports"
    return docs / "Cluster Policy Game reports"


def games_dir() -> Path:
    """The games library: one save per finished game, never rotated away by autosaves."""
    return user_data_dir() / "games"


class Autosaver:
    def __init__(self, folder: Path | None = None, slots: int = SLOTS, library: Path | None = None):
        self.folder = Path(folder) if folder else user_data_dir() / "autosave"
        # finished games: the games library, or inside a folder given for this run (the demo's)
        self.library = Path(library) if library else (games_dir() if not folder else self.folder / "games")
        self.slots = slots
        self._current: Path | None = None

    def _existing(self) -> list[tuple[int, Path]]:
        if not self.folder.is_dir():
            return []
        found = []
        for p in self.folder.iterdir():
            m = _NAME.match(p.name)
            if m:
                found.append((int(m.group(1)), p))
        return sorted(found, reverse=True)

    def save(self, payload: bytes, new_slot: bool) -> Path:
        """Write `payload` to the newest slot, or to a fresh slot when `new_slot`."""
        if new_slot or self._current is None:
            existing = self._existing()
            number = existing[0][0] + 1 if existing else 1
            self._current = self.folder / f"autosave-{number:06d}.json"
        write_atomic(self._current, payload)
        for _n, old in self._existing()[self.slots:]:
            try:
                old.unlink()
            except OSError:
                pass
        return self._current

    def latest(self) -> tuple[SaveData | None, list[str]]:
        """The newest readable autosave, and a message for each damaged one skipped."""
        problems = []
        for _n, path in self._existing():
            try:
                return read_save(path), problems
            except SaveError as exc:
                problems.append(str(exc))
        return None, problems

    def has_any(self) -> bool:
        return bool(self._existing())

    def keep_finished(self, payload: bytes, scenario_id: str, seed: int) -> Path:
        """A finished game's own save in the games library (`self.library`), named by
        scenario, date and seed, so that starting a new game never
        erases it and tables can be compared later (`python main.py debrief FILE...`)."""
        import time
        folder = self.library
        stem = f"{scenario_id}-{time.strftime('%Y%m%d-%H%M%S')}-seed{seed}"
        path = folder / f"{stem}.json"
        n = 2
        while path.exists():
            path = folder / f"{stem}-{n}.json"
            n += 1
        write_atomic(path, payload)
        return path
