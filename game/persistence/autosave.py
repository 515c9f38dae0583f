"""Autosave: each game's own few rotating save files in the user's data folder.

Every action rewrites the newest slot (atomically), and every new phase starts a new slot, so
a crash loses nothing and a damaged file falls back to the one before it. Each game writes into
its own folder (`autosave/game-…/`), so a second game's rotation never deletes the first one's
slots; the newest `GAMES_KEPT` games keep theirs (finished games also go to the games library).
Continue takes the newest slot that can really be resumed — one that reads but cannot be used
(a scenario changed since, a damaged move) is skipped with a sentence, and the one before it is
tried. Temporary files a killed write left behind are removed when an Autosaver starts.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, TypeVar

from game.files import reports_dir, user_data_dir  # noqa: F401 — callers import them from here too
from game.i18n import _

from .saves import SaveData, SaveError, read_save, write_atomic

SLOTS = 3
GAMES_KEPT = 10
_NAME = re.compile(r"^autosave-(\d{6})\.json$")
_GAME = re.compile(r"^game-\d{8}-\d{6}(-\d+)?$")
_TEMPORARY = re.compile(r"^\..+\.tmp$")        # write_atomic's temporary files
T = TypeVar("T")


def games_dir() -> Path:
    """The games library: one save per finished game, never rotated away by autosaves."""
    return user_data_dir() / "games"


class Autosaver:
    def __init__(self, folder: Path | None = None, slots: int = SLOTS, library: Path | None = None,
                 games_kept: int = GAMES_KEPT):
        self.folder = Path(folder) if folder else user_data_dir() / "autosave"
        # finished games: the games library, or inside a folder given for this run (the demo's)
        self.library = Path(library) if library else (games_dir() if not folder else self.folder / "games")
        self.slots = slots
        self.games_kept = games_kept
        self.game: Path | None = None       # this game's own folder, made at its first save
        self._current: Path | None = None
        self._clean_temporary()

    def _clean_temporary(self) -> None:
        for folder in [self.folder, *self._game_folders()]:
            try:
                leftovers = [p for p in folder.iterdir() if _TEMPORARY.match(p.name) and p.is_file()]
            except OSError:
                continue
            for p in leftovers:
                try:
                    p.unlink()
                except OSError:
                    pass

    def _game_folders(self) -> list[Path]:
        try:
            return [p for p in self.folder.iterdir() if _GAME.match(p.name) and p.is_dir()]
        except OSError:
            return []

    @staticmethod
    def _slots_in(folder: Path) -> list[tuple[int, Path]]:
        try:
            found = [(int(m.group(1)), p) for p in folder.iterdir() if (m := _NAME.match(p.name))]
        except OSError:
            return []
        return sorted(found, reverse=True)

    def _existing(self) -> list[tuple[int, Path]]:
        """This game's slots, newest first."""
        return self._slots_in(self.game) if self.game else []

    def _new_game_folder(self) -> Path:
        stem = "game-" + time.strftime("%Y%m%d-%H%M%S")
        path, n = self.folder / stem, 2
        while path.exists():
            path, n = self.folder / f"{stem}-{n}", n + 1
        return path

    def save(self, payload: bytes, new_slot: bool) -> Path:
        """Write `payload` to the newest slot of this game, or to a fresh slot when `new_slot`."""
        if self.game is None:
            self.game = self._new_game_folder()
        if new_slot or self._current is None:
            existing = self._existing()
            number = existing[0][0] + 1 if existing else 1
            self._current = self.game / f"autosave-{number:06d}.json"
        write_atomic(self._current, payload)
        for _n, old in self._existing()[self.slots:]:
            try:
                old.unlink()
            except OSError:
                pass
        self._forget_old_games()
        return self._current

    def _forget_old_games(self) -> None:
        games = sorted((g for g in self._game_folders() if g != self.game), key=self._newest_write, reverse=True)
        for old in games[max(0, self.games_kept - 1):]:
            for _n, p in self._slots_in(old):
                try:
                    p.unlink()
                except OSError:
                    pass
            try:
                old.rmdir()
            except OSError:
                pass

    def _newest_write(self, folder: Path) -> float:
        slots = self._slots_in(folder)
        try:
            return slots[0][1].stat().st_mtime if slots else 0.0
        except OSError:
            return 0.0

    def _all_slots(self) -> list[Path]:
        """Every game's slots (and those of older versions, directly in the folder), newest
        game first, each game's newest slot first."""
        folders = sorted([*self._game_folders(), self.folder], key=self._newest_write, reverse=True)
        return [p for f in folders for _n, p in self._slots_in(f)]

    def latest(self) -> tuple[SaveData | None, list[str]]:
        """The newest readable autosave, and a message for each damaged one skipped."""
        found, problems = self.resume_newest(lambda save: save)
        return (found[0] if found else None), problems

    def resume_newest(self, resume: Callable[[SaveData], T]) -> tuple[tuple[SaveData, T] | None, list[str]]:
        """The newest autosave that `resume` accepts, as (save, what resume returned); a
        sentence for each slot skipped because it cannot be read or `resume` raised. Saves go on
        into the slot's own game."""
        problems: list[str] = []
        for path in self._all_slots():
            try:
                save = read_save(path)
                result = resume(save)
            except SaveError as exc:
                problems.append(str(exc))
                continue
            except Exception as exc:       # a slot that reads but cannot be used: try the one before
                problems.append(_("{path}: this save cannot be resumed ({reason}).").format(
                    path=path.name, reason=f"{type(exc).__name__}: {exc}"))
                continue
            self.game = path.parent if path.parent != self.folder else None
            self._current = None
            return (save, result), problems
        return None, problems

    def has_any(self) -> bool:
        return bool(self._all_slots())

    def keep_finished(self, payload: bytes, scenario_id: str, seed: int, table: str = "") -> Path:
        """A finished game's own save in the games library (`self.library`), named by
        scenario, date and seed, so that starting a new game never
        erases it and tables can be compared later (`python main.py debrief FILE...`)."""
        import time
        folder = self.library
        slug = _slug(table)
        stem = f"{scenario_id}-{time.strftime('%Y%m%d-%H%M%S')}-{slug + '-' if slug else ''}seed{seed}"
        path = folder / f"{stem}.json"
        n = 2
        while path.exists():
            path = folder / f"{stem}-{n}.json"
            n += 1
        write_atomic(path, payload)
        return path


def _slug(name: str) -> str:
    """A table's name as part of a file name: letters (Hangul too) and digits, '-' between."""
    words = re.findall(r"\w+", name)
    return "-".join(words)[:40]


@dataclass(frozen=True)
class KeptGame:
    """One game of the games library, as its list shows it."""
    path: Path
    scenario_id: str
    seed: int
    moves: int
    written: float          # the file's modification time (seconds since the epoch)
    table: str = ""         # the table's name from set-up


def library_games(folder: Path | None = None, scenario_id: str | None = None) -> list[KeptGame]:
    """The finished games kept in the library (`games_dir()` or `folder`), newest first; only
    those of `scenario_id` if given. A file that cannot be read as a save is left out."""
    folder = Path(folder) if folder else games_dir()
    try:
        paths = [p for p in folder.iterdir() if p.suffix == ".json" and p.is_file()]
    except OSError:
        return []
    out = []
    for p in paths:
        try:
            save = read_save(p)
            written = p.stat().st_mtime
        except (SaveError, OSError):
            continue
        if scenario_id is None or save.scenario_id == scenario_id:
            out.append(KeptGame(p, save.scenario_id, save.seed, len(save.actions), written, save.table))
    return sorted(out, key=lambda g: (g.written, g.path.name), reverse=True)
