"""Loading scenarios (with their catalogue, actions and cards) into engine objects.

The shared content — `catalogue.yaml`, `actions.yaml` and `cards/*.yaml` — lives in the
built-in `scenarios/` folder (or in `content_root`, for tests and tools). A scenario file may
live anywhere (a facilitator's copy); it always uses the shared content, plus the cards of a
`cards/` folder next to it, plus its own inline `cards:`.

Validation and loading share one code path, so `validate_paths` reports exactly what would
stop `load_scenario`.
"""
from __future__ import annotations

import dataclasses
import hashlib
import os
from pathlib import Path
from typing import Iterable

from game.engine.scenario import ActionDef, Card, Catalogue, Scenario
from game.i18n import _, get_language
from game.resources import data_dir

from .schema import (
    ACTIONS, CARDS, CATALOGUE, PERSONALITIES, SCENARIO, STORY, CardSource, Checker, GlossaryTerm,
    Personality, Story, detect_kind, read_actions, read_card_file, read_catalogue, read_glossary,
    read_personalities, read_scenario, read_story,
)
from .yaml_loader import MAX_FILE_BYTES, Problem, ReadResult, parse_yaml_bytes, read_yaml

BUILTIN_ROOT = data_dir("scenarios")
_SHARED_FILES = ("catalogue.yaml", "actions.yaml", "personalities.yaml", "story.yaml")


class ContentError(Exception):
    """Content files have errors. `problems` holds every problem found (warnings included)."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems if p.is_error))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


def _display(path: Path) -> str:
    """Paths in messages: relative to the working folder when that is shorter."""
    try:
        rel = os.path.relpath(path)
    except ValueError:   # another drive on Windows
        return str(path)
    return rel if not rel.startswith("..") else str(path)


def _kind_name(kind: str) -> str:
    return {CATALOGUE: _("a catalogue"), ACTIONS: _("an action list"), CARDS: _("a card file"),
            SCENARIO: _("a scenario"), PERSONALITIES: _("a personality file"),
            STORY: _("a story file")}[kind]


def _check_kind(ck: Checker, read: ReadResult, expected: str, filename: str) -> bool:
    """False (with an error) if the file is clearly another kind of content file."""
    kind = detect_kind(read.root, filename)
    if kind is not None and kind != expected:
        ck.error((1, 1), _("this file looks like {found}, but {expected} was expected here.")
                 .format(found=_kind_name(kind), expected=_kind_name(expected)))
        return False
    return True


def _tidy(problems: Iterable[Problem]) -> list[Problem]:
    """Drop duplicates; keep files in order of first appearance, each sorted by position."""
    order: dict[str, int] = {}
    unique: dict[Problem, None] = {}
    for p in problems:
        order.setdefault(p.path, len(order))
        unique.setdefault(p, None)
    return sorted(unique, key=lambda p: (order[p.path], p.line, p.column))


class _Files:
    """Files read so far: their bytes (for the content hash) and their problems."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}                # hash label -> bytes
        self.problems_by_file: dict[Path, list[Problem]] = {}

    def _open(self, path: Path, label: str) -> tuple[Checker, ReadResult]:
        read = read_yaml(path)
        ck = Checker(_display(path))
        ck.problems.extend(dataclasses.replace(p, path=ck.path) for p in read.problems)
        if read.data is not None:
            self.files[label] = read.data
        self.problems_by_file[path.resolve()] = ck.problems
        return ck, read

    def read_card_folder(self, paths: list[Path], label: str, actions) -> dict[str, CardSource]:
        """Card files of one folder; an id may be defined once across all of them."""
        cards: dict[str, CardSource] = {}
        for path in paths:
            ck, read = self._open(path, f"{label}/{path.name}")
            if read.root is None or not _check_kind(ck, read, CARDS, f"cards/{path.name}"):
                continue
            for cid, src in read_card_file(ck, read.root, actions).items():
                if cid in cards:
                    first = cards[cid]
                    ck.error((src.line, src.column),
                             _("the card id '{id}' is already defined at {where}; card ids must be "
                               "unique across all card files.")
                             .format(id=cid, where=f"{first.path}:{first.line}"))
                    continue
                cards[cid] = src
        return cards

    @property
    def problems(self) -> list[Problem]:
        return [p for ps in self.problems_by_file.values() for p in ps]

    def file_problems(self, path: Path) -> list[Problem] | None:
        return self.problems_by_file.get(path.resolve())


class _Library(_Files):
    """The shared content of one content root, read once, with every file's problems."""

    def __init__(self, root: Path):
        super().__init__()
        self.root = root
        self.catalogue: Catalogue | None = None
        self.actions: dict[str, ActionDef] | None = None
        self.cards: dict[str, CardSource] = {}

        ck, read = self._open(root / "catalogue.yaml", "catalogue.yaml")
        if read.root is not None and _check_kind(ck, read, CATALOGUE, "catalogue.yaml"):
            self.catalogue = read_catalogue(ck, read.root)
        if ck.has_errors:
            self.catalogue = None

        ck, read = self._open(root / "actions.yaml", "actions.yaml")
        if read.root is not None and _check_kind(ck, read, ACTIONS, "actions.yaml"):
            self.actions = read_actions(ck, read.root)
        # With errors in actions.yaml, `funds:` references cannot be checked fairly (a broken
        # action would look missing), so they are skipped until actions.yaml is fixed.
        if ck.has_errors:
            self.actions = None

        self.card_paths = _card_paths(root)
        self.cards = self.read_card_folder(self.card_paths, "cards", self.actions)


# The shared library, remembered by the exact bytes of its files. Every load of a scenario reads
# it (the editor on every edit, the check and the lab once per scenario, the tests thousands of
# times), and checking its 500-odd cards was most of a load once parsing was remembered too
# (yaml_loader._PARSED). What it holds depends only on those bytes, the folder, the working folder
# (problems name files relative to it) and the language problems are written in; a changed,
# added or removed file is another key. A library is never changed once built: `_load` copies
# what it extends.
_LIBRARIES: dict[tuple, _Library] = {}
_LIBRARIES_KEPT = 4


def _card_paths(root: Path) -> list[Path]:
    """The shared card files of a content root, in the order they are read."""
    return sorted((root / "cards").glob("*.yaml"))


def _library_key(root: Path) -> tuple | None:
    """None when a file is missing, too large or unreadable: such a library is read afresh, so
    its problems are always reported as they are now."""
    parts = []
    for path in (root / "catalogue.yaml", root / "actions.yaml", *_card_paths(root)):
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                return None
            parts.append((path.name, path.read_bytes()))
        except OSError:
            return None
    return (str(root.resolve()), os.getcwd(), get_language(), tuple(parts))


def _library(root: Path) -> _Library:
    key = _library_key(root)
    if key is None:
        return _Library(root)
    lib = _LIBRARIES.get(key)
    if lib is None:
        if len(_LIBRARIES) >= _LIBRARIES_KEPT:
            _LIBRARIES.pop(next(iter(_LIBRARIES)))
        lib = _LIBRARIES[key] = _Library(root)
    return lib


def _content_hash(files: dict[str, bytes]) -> str:
    digest = hashlib.sha256()
    for label in sorted(files):
        data = files[label]
        digest.update(f"{label}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def _root(content_root: str | Path | None) -> Path:
    return Path(content_root) if content_root is not None else BUILTIN_ROOT


def scenario_path(ref: str | Path, content_root: str | Path | None = None) -> Path:
    """A built-in id (`tutorial`) -> its file; anything that looks like a path -> that path."""
    text = str(ref)
    if isinstance(ref, Path) or text.endswith((".yaml", ".yml")) or "/" in text or os.sep in text:
        return Path(ref)
    return _root(content_root) / f"{text}.yaml"


def _load(ref: str | Path, content_root, library: _Library | None = None, data: bytes | None = None
          ) -> tuple[Scenario | None, list[Problem]]:
    root = _root(content_root)
    path = scenario_path(ref, content_root)
    if data is None and not path.is_file() and path.parent == root and not str(ref).endswith((".yaml", ".yml")):
        known = list_builtin_scenarios(content_root)
        return None, [Problem(str(ref), 0, 0, "error",
                              _("there is no scenario '{ref}'; the built-in scenarios are {known}.")
                              .format(ref=ref, known=", ".join(known) or _("(none)")))]

    lib = library or _library(root)
    problems = list(lib.problems)
    files = dict(lib.files)
    cards = dict(lib.cards)

    # Cards in a `cards/` folder next to a scenario kept outside the built-in folder.
    local_dir = path.parent / "cards"
    if local_dir.is_dir() and local_dir.resolve() != (root / "cards").resolve():
        local = _Files()
        local_cards = local.read_card_folder(sorted(local_dir.glob("*.yaml")), "local-cards",
                                             lib.actions)
        for cid, src in local_cards.items():
            shared = cards.get(cid)
            if shared is not None and shared.card != src.card:
                local.problems_by_file.setdefault(Path(src.path), []).append(Problem(
                    src.path, src.line, src.column, "warning",
                    _("the card '{id}' replaces the built-in card with the same id.").format(id=cid)))
            cards[cid] = src
        problems += local.problems
        files.update(local.files)

    ck = Checker(_display(path))
    read = read_yaml(path) if data is None else parse_yaml_bytes(data, str(path))
    ck.problems.extend(dataclasses.replace(p, path=ck.path) for p in read.problems)
    scenario = None
    if read.root is not None and _check_kind(ck, read, SCENARIO, path.name):
        scenario = read_scenario(ck, read.root, path.stem, cards, lib.actions, lib.catalogue)
    problems += ck.problems
    problems = _tidy(problems)
    if scenario is None or any(p.is_error for p in problems):
        return None, problems
    files[f"scenario/{path.name}"] = read.data
    return dataclasses.replace(scenario, content_hash=_content_hash(files)), problems


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------
def load_scenario_with_warnings(ref: str | Path, content_root: str | Path | None = None
                                ) -> tuple[Scenario, list[Problem]]:
    """Load a scenario by built-in id or path. Raises ContentError if any file has errors."""
    scenario, problems = _load(ref, content_root)
    if scenario is None:
        raise ContentError(problems)
    return scenario, problems


def load_scenario(ref: str | Path, content_root: str | Path | None = None) -> Scenario:
    return load_scenario_with_warnings(ref, content_root)[0]


def load_scenario_text(data: bytes, path: str | Path, content_root: str | Path | None = None,
                       library: "_Library | None" = None) -> tuple[Scenario | None, list[Problem]]:
    """Validate and load scenario text not yet on disk (the editor's unsaved edits), exactly as
    `load_scenario` would if `data` were the file at `path` (its stem is the id it must carry,
    its folder is where a `cards/` folder would be looked for). Returns (None, problems) on
    errors. `library` (from `shared_library`) saves re-reading the shared files every time."""
    return _load(Path(path), content_root, library, data)


def shared_library(content_root: str | Path | None = None) -> _Library:
    """The shared content (catalogue, actions, cards), read once, for `load_scenario_text`."""
    return _library(_root(content_root))


def load_catalogue(content_root: str | Path | None = None) -> Catalogue:
    lib = _library(_root(content_root))
    problems = lib.file_problems(_root(content_root) / "catalogue.yaml") or []
    if lib.catalogue is None:
        raise ContentError(problems)
    return lib.catalogue


def load_glossary(content_root: str | Path | None = None) -> tuple[GlossaryTerm, ...]:
    """The catalogue's glossary: one Korean term per concept and the variants to avoid (checked
    with the rest of catalogue.yaml; raises ContentError if that file has errors)."""
    lib = _library(_root(content_root))
    problems = lib.file_problems(_root(content_root) / "catalogue.yaml") or []
    if lib.catalogue is None:
        raise ContentError(problems)
    path = _root(content_root) / "catalogue.yaml"
    read = read_yaml(path)
    node = read.root.get("glossary") if read.root is not None else None
    return read_glossary(Checker(_display(path)), node) if node is not None else ()


def load_actions(content_root: str | Path | None = None) -> dict[str, ActionDef]:
    """Every action of actions.yaml, keyed by id, in file order."""
    lib = _library(_root(content_root))
    problems = lib.file_problems(_root(content_root) / "actions.yaml") or []
    if lib.actions is None:
        raise ContentError(problems)
    return lib.actions


def load_cards(content_root: str | Path | None = None) -> dict[str, Card]:
    """Every shared card of cards/*.yaml, keyed by id."""
    lib = _library(_root(content_root))
    problems = [p for path in lib.card_paths for p in lib.file_problems(path) or []]
    if any(p.is_error for p in problems):
        raise ContentError(problems)
    return {cid: src.card for cid, src in lib.cards.items() if src.card is not None}


def load_personalities(path: str | Path | None = None, content_root: str | Path | None = None
                       ) -> dict[str, dict[str, Personality]]:
    """The AI personalities, {role: {id: Personality}} in file order (the first of a role is
    its default). Raises ContentError with file:line:column problems."""
    root = _root(content_root)
    path = Path(path) if path is not None else root / "personalities.yaml"
    actions = load_actions(content_root)
    read = read_yaml(path)
    ck = Checker(_display(path))
    ck.problems.extend(dataclasses.replace(p, path=ck.path) for p in read.problems)
    out: dict[str, dict[str, Personality]] = {}
    if read.root is not None and _check_kind(ck, read, PERSONALITIES, path.name):
        out = read_personalities(ck, read.root, actions)
    if read.root is None or ck.has_errors:
        raise ContentError(_tidy(ck.problems))
    return out


_STORIES: dict[tuple[str, int, int], Story] = {}


def load_story(path: str | Path | None = None, content_root: str | Path | None = None) -> Story:
    """The debrief's table story (`story.yaml` in the content folder, or `path`): the success
    conditions, the IV.1 points, the real cases and the region's summary sentences. Checked
    like every content file; raises ContentError with file:line:column problems. A file is
    read once until it changes."""
    root = _root(content_root)
    path = Path(path) if path is not None else root / "story.yaml"
    try:
        st = path.stat()
        key = (str(path.resolve()), st.st_mtime_ns, st.st_size)
    except OSError:
        key = None
    if key is not None and key in _STORIES:
        return _STORIES[key]
    try:
        actions = load_actions(content_root)
    except ContentError:
        actions = None           # checked on its own; story.yaml's action names are not then
    read = read_yaml(path)
    ck = Checker(_display(path))
    ck.problems.extend(dataclasses.replace(p, path=ck.path) for p in read.problems)
    story = None
    if read.root is not None and _check_kind(ck, read, STORY, path.name):
        story = read_story(ck, read.root, actions)
    if story is None or ck.has_errors:
        raise ContentError(_tidy(ck.problems))
    if key is not None:
        _STORIES[key] = story
    return story


def list_builtin_scenarios(content_root: str | Path | None = None) -> list[str]:
    """Ids of the scenario files in the content folder (broken ones included, so they show up)."""
    out = []
    for path in sorted(_root(content_root).glob("*.yaml")):
        if path.name in _SHARED_FILES:
            continue
        read = read_yaml(path)
        if read.root is None or detect_kind(read.root, path.name) in (SCENARIO, None):
            out.append(path.stem)
    return out


def validate_paths(paths: Iterable[str | Path], content_root: str | Path | None = None
                   ) -> list[Problem]:
    """Check any content files (kind detected per file); folders are checked file by file.

    For a scenario the answer is exactly what `load_scenario` would report, including problems
    in the shared files it depends on.
    """
    root = _root(content_root)
    lib: _Library | None = None
    problems: list[Problem] = []
    for given in _expand(paths):
        path = Path(given)
        if not path.exists():
            problems.append(Problem(str(given), 0, 0, "error", _("file not found.")))
            continue
        lib = lib or _library(root)
        own = lib.file_problems(path)
        if own is not None:        # a shared file: already checked with its neighbours
            problems += own
            continue
        read = read_yaml(path)
        ck = Checker(_display(path))
        ck.problems.extend(dataclasses.replace(p, path=ck.path) for p in read.problems)
        if read.root is None:
            problems += ck.problems
            continue
        kind = detect_kind(read.root, str(path))
        if kind == SCENARIO:
            problems += _load(path, content_root, lib)[1]
            continue
        if kind == CATALOGUE:
            read_catalogue(ck, read.root)
        elif kind == ACTIONS:
            read_actions(ck, read.root)
        elif kind == CARDS:
            read_card_file(ck, read.root, lib.actions)
        elif kind == PERSONALITIES:
            read_personalities(ck, read.root, lib.actions)
        elif kind == STORY:
            read_story(ck, read.root, lib.actions)
        else:
            ck.error((1, 1), _("cannot tell which kind of file this is; a content file has "
                               "'failures' (catalogue), 'actions', 'cards' or 'rounds' "
                               "(scenario) at the top level."))
        problems += ck.problems
    return _tidy(problems)


def _expand(paths: Iterable[str | Path]) -> list[str | Path]:
    out: list[str | Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            out += sorted(path.glob("*.yaml")) + sorted((path / "cards").glob("*.yaml"))
        else:
            out.append(given)
    return out
