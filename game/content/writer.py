"""Writing edited scenarios back as YAML that stays readable and diff-friendly.

The scenario editor edits a *document*, not the engine's Scenario: the original file is loaded
with ruamel.yaml's round-trip mode (a CommentedMap keeps key order, comments, flow style and
quoting), edits are applied in place, and the text is dumped again. An unchanged document dumps
to the same text it was read from, so a facilitator's diff shows only what they changed.

Nothing is written unless the text validates exactly as `load_scenario` would read it
(`loader.load_scenario_text`), and only into the user's scenarios folder: built-in files are
never overwritten.
"""
from __future__ import annotations

import copy
import io
import re
from pathlib import Path
from typing import Any, Iterable

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from game.i18n import _, ngettext

from . import fields
from .loader import BUILTIN_ROOT, list_builtin_scenarios, load_scenario_text
from .fields import CARD_ID, PERSONALITY_ID, SCENARIO_ID
from .yaml_loader import MAX_FILE_BYTES, Problem, parse_yaml_bytes, read_yaml

Path_ = tuple  # a path into the document: ("region", "indicators", "industry"), ("cards", 0, "title")


class WriterError(Exception):
    """A file cannot be opened for editing or a document cannot be saved; the message is a
    sentence for the facilitator. `problems` holds validation problems, if that was the cause."""

    def __init__(self, message: str, problems: Iterable[Problem] = ()):
        super().__init__(message)
        self.problems = list(problems)


def user_scenarios_dir() -> Path:
    from game.files import user_data_dir
    return user_data_dir() / "scenarios"


def list_user_scenarios() -> list[Path]:
    folder = user_scenarios_dir()
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def scenario_name(path: str | Path, lang: str) -> str | None:
    """A scenario file's name in `lang` (or English), read through the guarded reader — what
    the library lists; None when the file cannot be read or has no name."""
    root = read_yaml(path).root
    name = root.get("name") if root is not None else None
    if name is None:
        return None
    for code in (lang, "en"):
        text = name.get(code)
        if text is not None and text.kind == "scalar" and isinstance(text.value, str) and text.value.strip():
            return text.value.strip()
    return None


def is_builtin(path: str | Path) -> bool:
    try:
        Path(path).resolve().relative_to(BUILTIN_ROOT.resolve())
        return True
    except ValueError:
        return False


def _yaml() -> YAML:
    y = YAML()                       # round-trip: comments, key order, flow style, quotes
    y.preserve_quotes = True
    y.allow_unicode = True
    y.width = 100_000                # never fold long texts: one text, one line, clean diffs
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def _parse(text: str, name: str) -> Any:
    try:
        return _yaml().load(text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
        raise WriterError(_("{where}: this is not readable YAML ({reason}).").format(
            where=where, reason=getattr(exc, "problem", None) or exc)) from None


def text_value(old: Any, new: str) -> Any:
    """Keep the quoting style of the text it replaces (the built-in files quote their texts)."""
    if isinstance(old, DoubleQuotedScalarString) or old is None:
        return DoubleQuotedScalarString(new)
    return new


def number_or_text(raw: str) -> Any:
    """What a field's text becomes in the document: an int, a float, or (for the validator to
    explain) the text as typed."""
    raw = raw.strip()
    try:
        return int(raw)
    except ValueError:
        pass
    try:
        return float(raw)
    except ValueError:
        return raw


def _document_value(value: Any) -> Any:
    """A table default as a document value: empty mappings and lists as ruamel's (lists in flow
    style, `tags: []`)."""
    if isinstance(value, dict):
        return CommentedMap(value)
    if isinstance(value, (tuple, list)):
        return _flow(list(value))
    return value


def new_entry(file: str, path: Path_, values: dict[str, Any], include: Iterable[str] = ()) -> CommentedMap:
    """A new mapping of the format (a card, an option, a trigger) built from the field table
    (game/content/fields.py): its keys in the table's order, the values given, and the optional
    keys named in `include` with the table's default. A required key without a value, or a key
    the table does not have there, is a programming error (KeyError). A row of some entries only
    (`only_if`: a grant's amount) is left out unless `values` gives its key that value."""
    out = CommentedMap()
    include = set(include)
    rows = [row for row in fields.children(file, path)
            if not row.only_if or values.get(row.only_if[0]) == row.only_if[1]]
    for row in rows:
        key = row.path[-1]
        if key in values:
            out[key] = values[key]
        elif row.required:
            raise KeyError(f"{file}: {'.'.join(map(str, path + (key,)))} is required")
        elif key in include and row.default is not None:
            out[key] = _document_value(row.default)
    unknown = set(values) - {row.path[-1] for row in rows}
    if unknown:
        raise KeyError(f"{file}: no field {sorted(unknown)} under {'.'.join(map(str, path))}")
    return out


class ScenarioDoc:
    """One scenario file being edited."""

    def __init__(self, data: CommentedMap, source: Path | None, shared_cards: dict[str, CommentedMap]):
        self.data = data
        self.source = source                     # the file it was opened from
        self.shared_cards = shared_cards         # id -> the shared card's own map (never edited)
        self.renamed: dict[str, str] = {}        # shared card id -> the scenario's edited copy
        self.shared_personalities = shared_personality_maps()   # role -> id -> built-in map (never edited)

    # --- opening -------------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path) -> "ScenarioDoc":
        """The file through the guarded reader first (size capped, aliases refused, nesting
        capped — what validation reads), and only then round-trip parsed: ruamel keeps and
        walks aliases, so a 500-byte alias bomb would otherwise grow past any memory."""
        path = Path(path)
        try:
            if path.is_dir() or path.stat().st_size > MAX_FILE_BYTES:
                raise WriterError(_("{path}: the file is too large to be a scenario.").format(path=path)
                                  if not path.is_dir() else
                                  _("{path}: this is a folder, not a YAML file.").format(path=path))
            with open(path, "rb") as fh:
                raw = fh.read(MAX_FILE_BYTES + 1)      # it may have grown since stat()
        except FileNotFoundError:
            raise WriterError(_("{path}: file not found.").format(path=path)) from None
        except OSError as exc:
            raise WriterError(_("{path}: the file cannot be read ({reason}).").format(
                path=path, reason=exc.strerror or exc)) from None
        if len(raw) > MAX_FILE_BYTES:
            raise WriterError(_("{path}: the file is too large to be a scenario.").format(path=path))
        guarded = parse_yaml_bytes(raw, str(path))
        if guarded.root is None:
            first = next(p for p in guarded.problems if p.is_error)
            where = f"{first.path}:{first.line}:{first.column}" if first.line else first.path
            raise WriterError(f"{where}: {first.message}", guarded.problems)
        text = raw.decode("utf-8-sig")
        data = _parse(text, str(path))
        if not isinstance(data, CommentedMap) or "rounds" not in data:
            raise WriterError(_("{path}: this is not a scenario file (it has no 'rounds').").format(path=path))
        return cls(data, path, shared_card_maps())

    # --- reading and writing values ------------------------------------------------------------
    def get(self, path: Path_, default: Any = None) -> Any:
        node: Any = self.data
        for key in path:
            try:
                node = node[key]
            except (KeyError, IndexError, TypeError):
                return default
        return node

    def set(self, path: Path_, value: Any) -> None:
        """Set a value, creating missing mappings on the way (new keys go last)."""
        node: Any = self.data
        for key in path[:-1]:
            nxt = node.get(key) if isinstance(node, dict) else node[key]
            if nxt is None:
                nxt = CommentedMap()
                node[key] = nxt
            node = nxt
        last = path[-1]
        old = node.get(last) if isinstance(node, dict) else node[last]
        node[last] = text_value(old, value) if isinstance(value, str) and isinstance(old, str) else value

    def set_text(self, path: Path_, lang: str, text: str) -> None:
        """A bilingual text: `path` points at its {ko: ..., en: ...} mapping."""
        node = self.get(path)
        if not isinstance(node, dict):
            node = CommentedMap([("ko", DoubleQuotedScalarString("")), ("en", DoubleQuotedScalarString(""))])
            self.set(path, node)
        node[lang] = text_value(node.get(lang), text)

    def text(self, path: Path_, lang: str) -> str:
        node = self.get(path)
        value = node.get(lang) if isinstance(node, dict) else None
        return "" if value is None else str(value)

    @property
    def id(self) -> str:
        return str(self.data.get("id", ""))

    # --- deck ----------------------------------------------------------------------------------
    def deck(self) -> list[str]:
        deck = self.data.get("deck")
        return [str(c) for c in deck] if isinstance(deck, list) else []

    def inline_cards(self) -> list[CommentedMap]:
        cards = self.data.get("cards")
        return [c for c in cards if isinstance(c, dict)] if isinstance(cards, list) else []

    def inline_card(self, cid: str) -> CommentedMap | None:
        return next((c for c in self.inline_cards() if str(c.get("id")) == cid), None)

    def fixed_cards(self) -> dict[int, str]:
        fixed = self.data.get("fixed_cards")
        return {k: str(v) for k, v in fixed.items()} if isinstance(fixed, dict) else {}

    def available_cards(self) -> list[str]:
        """Every card the deck may name: the scenario's own, then the shared ones."""
        own = [str(c.get("id")) for c in self.inline_cards()]
        return own + [c for c in self.shared_cards if c not in own and c not in self.renamed]

    def set_included(self, cid: str, included: bool) -> None:
        deck = self.data.get("deck")
        if not isinstance(deck, list):
            deck = CommentedSeq()
            self.data["deck"] = deck
        if included and cid not in [str(c) for c in deck]:
            deck.append(cid)
        elif not included:
            for i in reversed(range(len(deck))):
                if str(deck[i]) == cid:
                    del deck[i]

    def editable_card(self, cid: str) -> tuple[str, CommentedMap]:
        """The card to edit. A shared card (cards/*.yaml) is never changed: the scenario gets its
        own copy under a new id (`<id>-edited`), and its deck and fixed rounds point at the copy."""
        cid = self.renamed.get(cid, cid)
        own = self.inline_card(cid)
        if own is not None:
            return cid, own
        if cid not in self.shared_cards:
            raise WriterError(_("there is no card '{id}'.").format(id=cid))
        taken = set(self.available_cards()) | set(self.shared_cards)
        new_id, n = f"{cid}-edited", 2
        while new_id in taken:
            new_id, n = f"{cid}-edited-{n}", n + 1
        card = copy.deepcopy(self.shared_cards[cid])
        card["id"] = new_id
        self._cards_list().append(card)
        self._repoint(cid, new_id)
        self.renamed[cid] = new_id
        return new_id, card

    def _repoint(self, old: str, new: str) -> None:
        """The deck's entries and the fixed rounds that name card `old` name `new`."""
        deck = self.data.get("deck")
        if isinstance(deck, list):
            for i, c in enumerate(deck):
                if str(c) == old:
                    deck[i] = new
        fixed = self.data.get("fixed_cards")
        if isinstance(fixed, dict):
            for k, v in list(fixed.items()):
                if str(v) == old:
                    fixed[k] = new

    def rename_card(self, old: str, new: str) -> str:
        """Give this scenario's own card `old` the id `new`; its deck entry and fixed rounds
        follow. A shared card is renamed by editing it (its copy gets `<id>-edited`); an id
        another card has is refused, a malformed one is left for the Checker to show at the
        field."""
        card = self.inline_card(old)
        if card is None:
            raise WriterError(_("only this scenario's own cards can be renamed; edit the card first."))
        new = new.strip()
        if new == old:
            return old
        if new in self.available_cards() or new in self.shared_cards:
            raise WriterError(_("the card id '{id}' is already used; choose another.").format(id=new))
        card["id"] = new
        self._repoint(old, new)
        for shared, copy_id in list(self.renamed.items()):
            if copy_id == old:
                self.renamed[shared] = new
        return new

    def card_path(self, cid: str) -> Path_ | None:
        """The document path of an inline card (for validation messages)."""
        cards = self.data.get("cards")
        if isinstance(cards, list):
            for i, c in enumerate(cards):
                if isinstance(c, dict) and str(c.get("id")) == cid:
                    return ("cards", i)
        return None

    def _cards_list(self) -> CommentedSeq:
        cards = self.data.get("cards")
        if not isinstance(cards, list):
            cards = CommentedSeq()
            if "deck" in self.data:
                keys = list(self.data.keys())
                self.data.insert(keys.index("deck") + 1, "cards", cards)
            else:
                self.data["cards"] = cards
        return cards

    def add_card(self, cid: str, theme: str, deciders: list[str], section: str,
                 title: dict[str, str], text: dict[str, str],
                 options: list[tuple[dict[str, str], str]], include: bool = True) -> CommentedMap:
        """A new card of this scenario; options are (text {ko, en}, tag)."""
        def bi(t: dict[str, str]) -> CommentedMap:
            return CommentedMap([(lang, DoubleQuotedScalarString(t.get(lang, ""))) for lang in ("ko", "en")])

        opts = CommentedSeq()
        for i, (otext, tag) in enumerate(options, 1):
            opts.append(new_entry("card", ("cards", "#", "options", "#"),
                                  {"id": f"option-{i}", "text": bi(otext), "tags": _flow([tag])},
                                  include=("effects",)))
        card = new_entry("card", ("cards", "#"), {
            "id": cid, "theme": theme, "title": bi(title), "text": bi(text), "deciders": _flow(deciders),
            "section": DoubleQuotedScalarString(section), "options": opts})
        self._cards_list().append(card)
        if include:
            self.set_included(cid, True)
        return card

    # --- triggers ------------------------------------------------------------------------------
    def triggers(self) -> list[CommentedMap]:
        t = self.data.get("triggers")
        return list(t) if isinstance(t, list) else []

    def add_trigger(self, rnd: int, kind: str, title: dict[str, str] | None = None,
                    text: dict[str, str] | None = None) -> None:
        triggers = self.data.get("triggers")
        if not isinstance(triggers, list):
            triggers = CommentedSeq()
            self.data["triggers"] = triggers
        title = title or {"ko": "새 사건", "en": "A new event"}
        text = text or {"ko": "무슨 일이 일어났는지 적어 주세요.", "en": "Describe what happened."}
        bi = lambda t: CommentedMap([(k, DoubleQuotedScalarString(t[k])) for k in ("ko", "en")])  # noqa: E731
        trigger = new_entry("scenario", ("triggers", "#"),
                            {"round": rnd, "kind": kind, "title": bi(title), "text": bi(text)},
                            include=("effects",))
        if kind == "macro_shock":        # a shock is usually a fall of the macro climate (README)
            trigger["effects"]["macro"] = MACRO_SHOCK
        triggers.append(trigger)

    def remove_trigger(self, index: int) -> None:
        triggers = self.data.get("triggers")
        if isinstance(triggers, list) and 0 <= index < len(triggers):
            del triggers[index]

    # --- AI personalities -----------------------------------------------------------------------
    def personalities(self, role: str) -> list[CommentedMap]:
        """The scenario's own personalities of `role` (its `personalities:` key), in file order."""
        table = self.data.get("personalities")
        items = table.get(role) if isinstance(table, dict) else None
        return [p for p in items if isinstance(p, dict)] if isinstance(items, list) else []

    def personality_path(self, role: str, pid: str) -> Path_ | None:
        table = self.data.get("personalities")
        items = table.get(role) if isinstance(table, dict) else None
        if isinstance(items, list):
            for i, p in enumerate(items):
                if isinstance(p, dict) and str(p.get("id")) == pid:
                    return ("personalities", role, i)
        return None

    def copy_personality(self, role: str, pid: str) -> str:
        """A built-in personality (personalities.yaml) copied as the scenario's own, under a new id
        (`<id>_<scenario id>`), with all its fields (the shape of personalities.yaml). The
        built-in file is never changed. Returns the new id."""
        source = self.shared_personalities.get(role, {}).get(pid)
        if source is None:
            raise WriterError(_("there is no built-in personality '{id}' for {role}.").format(id=pid, role=role))
        base = f"{pid}_{re.sub(r'[^a-z0-9_]', '_', self.id.lower()).strip('_') or 'scenario'}"
        taken = {str(p.get("id")) for p in self.personalities(role)} | set(self.shared_personalities.get(role, {}))
        new_id, n = base, 2
        while new_id in taken:
            new_id, n = f"{base}_{n}", n + 1
        item = copy.deepcopy(source)
        item["id"] = new_id
        self._personality_list(role).append(item)
        return new_id

    def remove_personality(self, role: str, pid: str) -> None:
        """Remove one of the scenario's own personalities (and the key, once empty)."""
        path = self.personality_path(role, pid)
        if path is None:
            return
        table = self.data["personalities"]
        del table[role][path[2]]
        if not table[role]:
            del table[role]
        if not table:
            del self.data["personalities"]

    def _personality_list(self, role: str) -> CommentedSeq:
        table = self.data.get("personalities")
        if not isinstance(table, dict):
            table = CommentedMap()
            if "triggers" in self.data:            # where the README's example puts it
                self.data.insert(list(self.data.keys()).index("triggers"), "personalities", table)
            else:
                self.data["personalities"] = table
        items = table.get(role)
        if not isinstance(items, list):
            items = CommentedSeq()
            table[role] = items
        return items

    # --- text ----------------------------------------------------------------------------------
    def dump(self) -> str:
        buf = io.StringIO()
        _yaml().dump(self.data, buf)
        return buf.getvalue()

    # --- lists, optional keys and effects (the editor's pages) --------------------------------
    def delete(self, path: Path_) -> None:
        """Remove a key or a list item (nothing when it is not there)."""
        parent = self.get(path[:-1])
        last = path[-1]
        if isinstance(parent, dict) and last in parent:
            del parent[last]
        elif isinstance(parent, list) and isinstance(last, int) and 0 <= last < len(parent):
            del parent[last]

    def set_optional(self, path: Path_, raw: str) -> None:
        """An optional number (an objective, an agenda weight): blank text leaves the key out."""
        if raw.strip():
            self.set(path, number_or_text(raw))
        else:
            self.delete(path)

    def _seq(self, path: Path_) -> CommentedSeq:
        seq = self.get(path)
        if not isinstance(seq, list):
            seq = _flow([])
            self.set(path, seq)
        return seq

    def toggle_id(self, path: Path_, value: str, order: Iterable[str] = ()) -> bool:
        """An id list (learning goals, tags, deciders, prone_to): `value` in or out; a new one
        goes where `order` puts it among the others. Returns whether it is in now."""
        seq = self._seq(path)
        have = [str(v) for v in seq]
        if value in have:
            del seq[have.index(value)]
            return False
        rank = {v: i for i, v in enumerate(order)}
        pos = len(seq)
        if value in rank:
            pos = next((i for i, v in enumerate(have) if rank.get(v, len(rank)) > rank[value]), len(seq))
        seq.insert(pos, value)
        return True

    def list_append(self, path: Path_, value: Any) -> None:
        self._seq(path).append(value)

    def list_move(self, path: Path_, index: int, step: int) -> None:
        """Move a list item by `step` places (an ordered action list: favours, tempted_by)."""
        seq = self.get(path)
        if isinstance(seq, list) and 0 <= index < len(seq) and 0 <= index + step < len(seq):
            seq[index], seq[index + step] = seq[index + step], seq[index]

    def effect_keys(self, path: Path_) -> list[tuple]:
        """The effects at `path` as keys: ("region", indicator), ("budgets", role),
        ("trust", "a-b"), ("macro",), ("funds",), in file order."""
        return effect_keys_of(self.get(path))

    def set_effect(self, path: Path_, key: tuple, value: Any) -> None:
        """One effect (see effect_keys) set, its group created in flow style ({industry: 2})."""
        node = self.get(path)
        if not isinstance(node, dict):
            node = CommentedMap()
            self.set(path, node)
        if len(key) == 1:
            node[key[0]] = value
            return
        group = node.get(key[0])
        if not isinstance(group, dict):
            group = CommentedMap()
            group.fa.set_flow_style()
            node[key[0]] = group
        group[key[1]] = value

    def remove_effect(self, path: Path_, key: tuple) -> None:
        """One effect out, and its group once it is empty."""
        self.delete(path + key)
        if len(key) == 2 and self.get(path + key[:1]) == {}:
            self.delete(path + key[:1])

    def replace_effect(self, path: Path_, old: tuple, new: tuple, value: Any) -> None:
        """An effect under another key; in the same group it keeps its place."""
        group = self.get(path + old[:1]) if len(old) == 2 else None
        if len(old) == 2 and len(new) == 2 and old[0] == new[0] and isinstance(group, dict) and old[1] in group:
            keys = list(group.keys())
            group.insert(keys.index(old[1]), new[1], value)
            del group[old[1]]
            return
        self.remove_effect(path, old)
        self.set_effect(path, new, value)

    def add_option(self, path: Path_) -> None:
        """A new option at the end of a card's `options` (its tags chosen after, in the editor)."""
        options = self._seq(path)
        taken = {str(o.get("id")) for o in options if isinstance(o, dict)}
        n = len(options) + 1
        while f"option-{n}" in taken:
            n += 1
        bi = CommentedMap([("ko", DoubleQuotedScalarString("새 선택지")),
                           ("en", DoubleQuotedScalarString("A new option"))])
        options.append(new_entry("card", ("cards", "#", "options", "#"),
                                 {"id": f"option-{n}", "text": bi, "tags": _flow([])}, include=("effects",)))

    def set_fixed(self, cid: str, rnd: int | None) -> None:
        """The round a card always opens (None: drawn from the deck like the others). Another
        card fixed at that round gives its place up; the rounds stay in order."""
        fixed = self.data.get("fixed_cards")
        if not isinstance(fixed, dict):
            if rnd is None:
                return
            fixed = CommentedMap()
            fixed.fa.set_flow_style()
            keys = list(self.data.keys())
            self.data.insert(keys.index("deck") + 1 if "deck" in keys else len(keys), "fixed_cards", fixed)
        for k in [k for k, v in fixed.items() if str(v) == cid or (rnd is not None and str(k) == str(rnd))]:
            del fixed[k]
        if rnd is not None:
            pos = sum(1 for k in fixed if str(k).isdigit() and int(k) < rnd)
            fixed.insert(pos, rnd, cid)
        if not fixed:
            del self.data["fixed_cards"]


def effect_keys_of(node: Any) -> list[tuple]:
    """An effects mapping's keys: ("region", indicator), ("budgets", role), ("trust", "a-b"),
    ("macro",), ("funds",), in file order (a shared card's too, which is not in the document)."""
    out: list[tuple] = []
    if isinstance(node, dict):
        for group, value in node.items():
            if group in ("region", "budgets", "trust") and isinstance(value, dict):
                out += [(str(group), str(k)) for k in value]
            elif group in ("macro", "funds"):
                out.append((str(group),))
    return out


def _flow(items: list) -> CommentedSeq:
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


# A new macro_shock trigger's suggested effect; within the table's range of an effect's macro.
MACRO_SHOCK = -0.5

_SHARED: dict[Path, dict[str, CommentedMap]] = {}


def shared_card_maps(root: Path = BUILTIN_ROOT) -> dict[str, CommentedMap]:
    """The shared cards (cards/*.yaml) as round-trip maps, id -> map, read once."""
    if root not in _SHARED:
        out: dict[str, CommentedMap] = {}
        for path in sorted((root / "cards").glob("*.yaml")):
            try:
                data = _parse(path.read_text(encoding="utf-8"), str(path))
            except (OSError, UnicodeDecodeError, WriterError):
                continue
            for card in (data or {}).get("cards") or []:
                if isinstance(card, dict) and "id" in card:
                    out.setdefault(str(card["id"]), card)
        _SHARED[root] = out
    return _SHARED[root]


_SHARED_PERSONALITIES: dict[Path, dict[str, dict[str, CommentedMap]]] = {}


def shared_personality_maps(root: Path = BUILTIN_ROOT) -> dict[str, dict[str, CommentedMap]]:
    """The built-in AI personalities (personalities.yaml) as round-trip maps, role -> id -> map,
    read once."""
    if root not in _SHARED_PERSONALITIES:
        out: dict[str, dict[str, CommentedMap]] = {}
        try:
            data = _parse((root / "personalities.yaml").read_text(encoding="utf-8"), "personalities.yaml")
        except (OSError, UnicodeDecodeError, WriterError):
            data = None
        table = data.get("personalities") if isinstance(data, dict) else None
        for role, items in (table.items() if isinstance(table, dict) else ()):
            for item in items if isinstance(items, list) else ():
                if isinstance(item, dict) and PERSONALITY_ID.match(str(item.get("id", ""))):
                    out.setdefault(str(role), {}).setdefault(str(item["id"]), item)
        _SHARED_PERSONALITIES[root] = out
    return _SHARED_PERSONALITIES[root]


def line_paths(text: str) -> list[tuple[int, int, Path_]]:
    """(line, column, path) of every key and list item of a dumped document, 1-based, in order,
    so a validator Problem at line:column can be traced back to the field it is about. Read with
    the guarded loader's position-keeping tree (libyaml: a few milliseconds), not by a second
    round-trip parse."""
    root = parse_yaml_bytes(text.encode("utf-8"), "<document>").root
    out: list[tuple[int, int, Path_]] = []
    stack = [(root, ())] if root is not None else []
    while stack:
        node, path = stack.pop()
        if node.kind == "map":
            for k, v in node.value:
                if k.kind != "scalar":
                    continue
                out.append((k.line, k.column, path + (k.value,)))
                stack.append((v, path + (k.value,)))
        elif node.kind == "seq":
            for i, v in enumerate(node.value):
                out.append((v.line, v.column, path + (i,)))
                stack.append((v, path + (i,)))
    out.sort(key=lambda t: (t[0], t[1]))
    return out


def problem_paths(problems: Iterable[Problem], text: str) -> list[tuple[Path_, Problem]]:
    """Each problem with the document path it points at (() for the whole file): the path of
    the node the Checker reported on, or, for a problem with a position only (broken YAML, a
    duplicate key), the key or list item at or before its line:column in `text`."""
    index: list[tuple[int, int, Path_]] | None = None
    out = []
    for p in problems:
        if p.node_path is not None:
            out.append((p.node_path, p))
            continue
        if index is None:                # only read again when some problem needs it
            index = line_paths(text)
        best: Path_ = ()
        for line, col, path in index:
            if (line, col) <= (p.line, p.column):
                best = path
            else:
                break
        out.append((best, p))
    return out


def validate(doc: ScenarioDoc, scenario_id: str | None = None, library=None):
    """(scenario or None, problems, text): the document as `load_scenario` would read it from
    the user folder under the id it carries (or `scenario_id`)."""
    sid = scenario_id or doc.id or "scenario"
    text = doc.dump()
    target = user_scenarios_dir() / f"{sid}.yaml"
    scenario, problems = load_scenario_text(text.encode("utf-8"), target, library=library)
    return scenario, problems, text


def check_new_id(new_id: str, current: Path | None = None) -> str | None:
    """Why `new_id` cannot name a saved scenario, or None."""
    if not isinstance(new_id, str) or not SCENARIO_ID.match(new_id):
        return _("Use lowercase letters, digits, '-' and '_' only, starting with a letter or digit, "
                 "at most 64 characters (e.g. my-region).")
    if new_id in list_builtin_scenarios():
        return _("'{id}' is a built-in scenario; choose another name for your copy.").format(id=new_id)
    return None


def save(doc: ScenarioDoc, new_id: str, overwrite: bool = False, library=None) -> Path:
    """Write the document as `<user folder>/scenarios/<new_id>.yaml` (its `id:` set to match),
    only if it validates. Raises WriterError with a sentence (and the problems)."""
    reason = check_new_id(new_id)
    if reason:
        raise WriterError(reason)
    target = user_scenarios_dir() / f"{new_id}.yaml"
    if is_builtin(target):       # CPG_DATA_DIR pointed into the game's own folder
        raise WriterError(_("Built-in scenarios are never overwritten."))
    if target.exists() and not overwrite and (doc.source is None or doc.source.resolve() != target.resolve()):
        raise WriterError(_("A scenario named '{id}' already exists in your folder.").format(id=new_id))
    old_id = doc.data.get("id")
    doc.set(("id",), new_id)
    scenario, problems, text = validate(doc, new_id, library)
    if scenario is None:
        doc.data["id"] = old_id
        errors = [p for p in problems if p.is_error]
        raise WriterError(ngettext("Not saved: {n} problem to fix first.", "Not saved: {n} problems to fix first.",
                                   len(errors)).format(n=len(errors)), problems)
    from game.files import write_atomic
    write_atomic(target, text.encode("utf-8"))
    doc.source = target
    return target


def import_file(path: str | Path) -> tuple[Path, list[Problem]]:
    """Copy a scenario a colleague sent into the user folder, after validating it. A name that
    is taken gets a new id (`<id>-2`). Raises WriterError explaining what is wrong."""
    from .loader import validate_paths
    path = Path(path).expanduser()
    if not path.is_file():
        raise WriterError(_("{path}: file not found.").format(path=path))
    problems = validate_paths([path])
    errors = [p for p in problems if p.is_error]
    if errors:
        raise WriterError(ngettext("{path} has {n} problem; it was not imported.",
                                   "{path} has {n} problems; it was not imported.", len(errors)).format(
                              path=path, n=len(errors)),
                          problems)
    doc = ScenarioDoc.open(path)
    doc.source = None
    base = re.sub(r"[^a-z0-9_-]", "-", path.stem.lower()).strip("-") or "imported"
    taken = set(list_builtin_scenarios()) | {p.stem for p in list_user_scenarios()}
    new_id, n = base, 2
    while new_id in taken:
        new_id, n = f"{base}-{n}", n + 1
    return save(doc, new_id), problems


__all__ = ["ScenarioDoc", "WriterError", "check_new_id", "import_file", "is_builtin", "line_paths",
           "list_user_scenarios", "new_entry", "number_or_text", "problem_paths", "save", "shared_card_maps",
           "shared_personality_maps", "user_scenarios_dir", "validate", "CARD_ID"]
