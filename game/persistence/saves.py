"""Save files: the scenario, the seed and the action log (after Wesnoth's replays), written
atomically. A save replays to exactly the state it was made from.

JSON: {"format_version": 1, "game": "cluster-policy-game", "scenario": {"id", "ref",
"content_hash"}, "seed", "lang", "actions": [...], "summary": {...}}; the window adds "seats",
"ai_reasons" and "hints" (when the tags of a choice are shown: full | after | debrief).
"""
from __future__ import annotations

import json
import string
from dataclasses import dataclass
from pathlib import Path

from game.engine import GameState
from game.engine.actions import Action, from_json, to_json
from game.engine.scenario import Scenario
from game.files import write_atomic
from game.engine.constants import LANGS
from game.i18n import _, gettext, is_msgid, pick, translate

FORMAT_VERSION = 1
MAX_SAVE_BYTES = 20 * 1024 * 1024


class SaveError(Exception):
    """A save file that cannot be used; the message is for the player."""


@dataclass(frozen=True)
class SaveData:
    scenario_id: str
    scenario_ref: str
    content_hash: str
    seed: int
    actions: tuple[Action, ...]
    lang: str | None = None
    seats: dict | None = None        # who sat where: {role: {"kind", "level", "name"}}
    ai_reasons: tuple = ()           # why each AI move was made: [{"index", "role", "msg", "params", ...}]
    hints: str | None = None         # full | after | debrief, set in the window's set-up (None: not saved)
    table: str = ""                  # the table's name, set in set-up ("Table A"; "" if none)


TABLE_NAME_MAX = 40


def clean_table_name(name: str) -> str:
    """A table's name as the game keeps it: one line of printable text, at most TABLE_NAME_MAX
    characters (it names files and heads the report)."""
    text = "".join(ch for ch in name if ch.isprintable()).strip()
    return " ".join(text.split())[:TABLE_NAME_MAX]


def save_dict(state: GameState, scenario_ref: str | None = None, lang: str | None = None,
              seats: dict | None = None, ai_reasons: list | None = None, hints: str | None = None,
              table: str = "") -> dict:
    sc = state.scenario
    return {
        "table": table,
        "seats": seats,
        "ai_reasons": list(ai_reasons or []),
        "hints": hints,
        "format_version": FORMAT_VERSION,
        "game": "cluster-policy-game",
        "scenario": {"id": sc.id, "ref": scenario_ref or sc.id, "content_hash": sc.content_hash},
        "seed": state.seed,
        "lang": lang,
        "round": state.round,
        "phase": state.phase,
        "actions": [to_json(a) for a in state.history],
    }


def save_game(path: str | Path, state: GameState, scenario_ref: str | None = None,
              lang: str | None = None, seats: dict | None = None, ai_reasons: list | None = None,
              hints: str | None = None) -> None:
    payload = json.dumps(save_dict(state, scenario_ref, lang, seats, ai_reasons, hints), ensure_ascii=False,
                         indent=1)
    write_atomic(path, payload.encode("utf-8"))


SEAT_KEYS = {"kind", "level", "name", "personality"}
_MAX_PARAM_TEXT = 2000


def _safe_param(value, depth: int = 0) -> bool:
    """A message parameter from a file: plain values, a {ko, en} text, a nested {msg, params}
    message of the game's own, or a short list of these — never anything else."""
    if depth > 4:
        return False
    if isinstance(value, bool) or isinstance(value, int):
        return abs(value) < 10**15
    if isinstance(value, float):
        return value == value and abs(value) < 1e15
    if isinstance(value, str):
        return len(value) <= _MAX_PARAM_TEXT
    if isinstance(value, list):
        return len(value) <= 50 and all(_safe_param(v, depth + 1) for v in value)
    if isinstance(value, dict):
        if "msg" in value:
            return _safe_message(value, depth + 1)
        return set(value) <= {"ko", "en"} and all(isinstance(v, str) and len(v) <= _MAX_PARAM_TEXT
                                                 for v in value.values())
    return False


def _safe_message(m, depth: int = 0) -> bool:
    params = m.get("params", {})
    return (is_msgid(m.get("msg")) and isinstance(params, dict) and len(params) <= 20
            and all(isinstance(k, str) and _safe_param(v, depth) for k, v in params.items())
            and _fields(m["msg"]) <= set(params))


def _fields(msgid: str) -> set[str]:
    """The {names} a message fills, in the source and in each catalog (a save's message whose
    parameters lack one would fail to render)."""
    names: set[str] = set()
    for lang in LANGS:
        try:
            names |= {f for _lit, f, _spec, _conv in string.Formatter().parse(gettext(msgid, lang)) if f}
        except ValueError:          # not a format string: nothing is filled
            pass
    return names


def _reasons(raw) -> tuple:
    """AI reasons kept from a save: data, not text to format — each a known message id with
    parameters of known types, at a move of the game; anything else is left out."""
    if not isinstance(raw, list):
        return ()
    return tuple(r for r in raw if isinstance(r, dict) and type(r.get("index")) is int and r["index"] >= 0
                 and _safe_message(r))


def _seats(raw) -> dict | None:
    """Who sat where: for each role, its known keys with text (or no) values."""
    if not isinstance(raw, dict):
        return None
    from game.engine.constants import ROLES
    out = {}
    for role, seat in raw.items():
        if role in ROLES and isinstance(seat, dict):
            out[role] = {k: v for k, v in seat.items() if k in SEAT_KEYS and (v is None or isinstance(v, str))}
    return out


def read_save(path: str | Path) -> SaveData:
    path = Path(path)
    try:
        if not path.is_file():          # a folder or a device (/dev/zero never ends)
            if not path.exists():
                raise FileNotFoundError(path)
            raise SaveError(_("{path}: this is not a save file.").format(path=path))
        size = path.stat().st_size
        if size > MAX_SAVE_BYTES:
            raise SaveError(_("{path}: the file is too large to be a save ({size} bytes).").format(
                path=path, size=size))
        with open(path, "rb") as fh:
            raw = fh.read(MAX_SAVE_BYTES + 1)       # it may have grown since stat()
        if len(raw) > MAX_SAVE_BYTES:
            raise SaveError(_("{path}: the file is too large to be a save ({size} bytes).").format(
                path=path, size=len(raw)))
    except FileNotFoundError:
        raise SaveError(_("{path}: no such save file.").format(path=path)) from None
    except OSError as exc:
        raise SaveError(_("{path}: the save cannot be read ({reason}).").format(
            path=path, reason=exc.strerror or exc)) from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):   # ValueError: also a 5000-digit number
        raise SaveError(_("{path}: the save is damaged or incomplete (it is not valid JSON).").format(
            path=path)) from None
    if not isinstance(data, dict) or data.get("game") != "cluster-policy-game":
        raise SaveError(_("{path}: this is not a save of the Cluster Policy Game.").format(path=path))
    version = data.get("format_version")
    if version != FORMAT_VERSION or type(version) is not int:
        raise SaveError(_("{path}: save format {version} is not supported (this version reads format {supported}).")
                        .format(path=path, version=json.dumps(version)[:40], supported=FORMAT_VERSION))
    try:
        sc = data["scenario"]
        seed = data["seed"]
        if type(seed) is not int or not 0 <= seed < 2**63:
            raise ValueError("seed")
        actions = tuple(from_json(a) for a in data["actions"])
        seats = _seats(data.get("seats"))
        reasons = _reasons(data.get("ai_reasons"))
        hints = data.get("hints")
        table = data.get("table")
        return SaveData(str(sc["id"]), str(sc.get("ref") or sc["id"]), str(sc.get("content_hash", "")),
                        seed, actions, data.get("lang") if data.get("lang") in ("ko", "en") else None, seats, reasons,
                        hints if isinstance(hints, str) else None,
                        clean_table_name(table) if isinstance(table, str) else "")
    except (KeyError, TypeError, ValueError, AttributeError, RecursionError):
        raise SaveError(_("{path}: the save is damaged (missing or malformed fields).").format(
            path=path)) from None


def scenario_ref_for(save: SaveData, save_path: str | Path | None = None) -> str:
    """The scenario a save names, read only where a save may point: a built-in id, a file in the
    user's scenarios folder, or a file beside the save (a save someone emailed must not make the
    game read, and quote, any file on this machine). Raises SaveError otherwise."""
    from game.content.loader import list_builtin_scenarios
    from game.files import user_data_dir
    ref = save.scenario_ref
    builtin = list_builtin_scenarios()
    if ref in builtin:
        return ref
    folders = [user_data_dir() / "scenarios"] + ([Path(save_path).resolve().parent] if save_path else [])
    wanted = Path(ref)
    if wanted.suffix in (".yaml", ".yml"):
        try:
            resolved = wanted.resolve()
        except (OSError, RuntimeError):
            resolved = None
        for folder in folders:
            folder = folder.resolve()
            if resolved is not None and resolved.parent == folder and resolved.is_file():
                return str(resolved)
        for folder in folders:                      # the same file name, where saves may point
            candidate = folder / wanted.name
            if candidate.is_file():
                return str(candidate)
    if save.scenario_id in builtin and not wanted.suffix:
        return save.scenario_id
    raise SaveError(_("This save's scenario '{id}' is not a built-in one and is not in your scenarios "
                      "folder or beside the save; put the scenario file there.").format(id=save.scenario_id))


def _move_text(action, scenario) -> str:
    """A move in a few words, for a message about it: who, what kind, which action."""
    from game.engine.labels import ROLE_LABELS
    who = _(ROLE_LABELS.get(action.role, "?")) if isinstance(getattr(action, "role", None), str) else "?"
    what = type(action).__name__
    aid = getattr(action, "action_id", None)
    if aid in scenario.actions:
        what += " " + pick(scenario.actions[aid].name)
    return f"{who}: {what}"


def restore(save: SaveData, scenario: Scenario) -> GameState:
    """Replay a save on its scenario. Refuses a different scenario; a changed scenario file is
    replayed anyway when every action is still legal (the caller may warn)."""
    from game.engine import IllegalAction

    if scenario.id != save.scenario_id:
        raise SaveError(_("This save belongs to scenario '{saved}', not '{given}'.").format(
            saved=save.scenario_id, given=scenario.id))
    from game.engine import apply, new_game
    state = new_game(scenario, save.seed)
    for i, action in enumerate(save.actions):
        try:
            state = apply(state, action)
        except IllegalAction as exc:
            reason = translate(exc.msg, exc.params)
            if save.content_hash and save.content_hash != scenario.content_hash:
                raise SaveError(_("The scenario '{id}' has changed since this game was saved: move {n} "
                                  "({move}) is no longer allowed ({reason}).").format(
                    id=scenario.id, n=i + 1, move=_move_text(action, scenario), reason=reason)) from None
            raise SaveError(_("Move {n} of this save ({move}) is not allowed: {reason} The save was "
                              "changed or damaged after it was written.").format(
                n=i + 1, move=_move_text(action, scenario), reason=reason)) from None
    return state
