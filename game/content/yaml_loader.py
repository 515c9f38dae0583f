"""Safe, position-keeping YAML reading for scenario files.

Scenario files come from facilitators, so this reader is defensive:

* only the safe loader's scalar constructors are used (never `yaml.load`/`full_load`);
* the tree is built straight from parser events, so every key and value keeps its
  line:column, duplicate keys are caught (PyYAML silently keeps the last one), and anchors /
  aliases are refused the moment the parser sees the first one — nothing is ever expanded,
  which defeats "billion laughs" bombs;
* the file size is capped before anything is parsed, nesting depth is capped while parsing;
* every failure becomes a `Problem` (file:line:column: sentence), never a traceback.
"""
from __future__ import annotations

import math
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import yaml

from game.i18n import _, get_language

# libyaml's parser is much faster; the pure-Python one behaves the same.
_BaseLoader = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Our own subclass so nothing we do leaks into PyYAML's shared loader classes."""


MAX_FILE_BYTES = 2 * 1024 * 1024   # far above any real scenario (a few dozen KB)
MAX_DEPTH = 64                      # real files nest < 8 levels; stops stack-exhaustion tricks

_T = "tag:yaml.org,2002:"
# Scalar tags we construct; everything else (python/object, binary, set, ...) is refused.
_SCALAR_CONSTRUCTORS = {
    _T + "str": "construct_yaml_str",
    _T + "int": "construct_yaml_int",
    _T + "float": "construct_yaml_float",
    _T + "bool": "construct_yaml_bool",
    _T + "null": "construct_yaml_null",
}
_STR = _T + "str"
_TIMESTAMP = _T + "timestamp"   # kept as text: our format has no dates, `2024-01-01` is a label
_MAP_TAGS = (None, "!", _T + "map")
_SEQ_TAGS = (None, "!", _T + "seq")


@dataclass(frozen=True)
class Problem:
    """One finding in one file. line/column are 1-based; 0 means "the whole file"."""
    path: str
    line: int
    column: int
    severity: str   # "error" | "warning"
    message: str
    # The document path of the node it is about (("roles", "local", "objectives", "industry"),
    # ("cards", 0)), when the Checker reported on a node; None for a position only (a YAML
    # syntax error, a duplicate key). Not part of a problem's identity.
    node_path: tuple | None = field(default=None, compare=False, repr=False)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}" if self.line > 0 else self.path
        prefix = _("warning: ") if self.severity == "warning" else ""
        return f"{where}: {prefix}{self.message}"


@dataclass(eq=False, slots=True)
class YNode:
    """A YAML node with its position.

    kind "scalar": `value` is the Python value (str, int, float, bool or None) and `raw` the
    text as written (so `no` can be quoted back to the author).
    kind "map": `value` is a list of (key node, value node) pairs in file order.
    kind "seq": `value` is a list of nodes.
    """
    kind: str
    value: Any
    line: int
    column: int
    raw: str = ""
    quoted: bool = False
    # Position of the key this node is the value of (None at the top level): problems about a
    # whole mapping or list ("missing key", "needs 2 to 3 options") point at its key.
    key_at: tuple[int, int] | None = None
    # Where it is in the document: the keys (as read: `1:` is the number 1) and list indices
    # from the top, () for the top level. A key node has its value's path.
    path: tuple = ()

    @property
    def where(self) -> "At":
        """The position problems about the whole node point at (its key's), with its path."""
        return At(self.key_at or (self.line, self.column), self.path)

    # --- mapping helpers -------------------------------------------------------------------
    def items(self) -> Iterator[tuple["YNode", "YNode"]]:
        return iter(self.value) if self.kind == "map" else iter(())

    def get(self, key: str) -> "YNode | None":
        """The value under a plain-text key (matched on the text as written)."""
        for k, v in self.items():
            if k.kind == "scalar" and k.raw == key:
                return v
        return None

    def has(self, key: str) -> bool:
        return self.get(key) is not None

    def keys(self) -> list[str]:
        return [k.raw for k, _v in self.items() if k.kind == "scalar"]


class At(tuple):
    """A (line, column) position that also knows the document path of the node it stands for."""

    path: tuple

    def __new__(cls, position: tuple[int, int], path: tuple = ()) -> "At":
        self = super().__new__(cls, position)
        self.path = path
        return self


@dataclass
class ReadResult:
    root: YNode | None
    data: bytes | None            # the raw bytes (for the content hash), None if unreadable
    problems: list[Problem] = field(default_factory=list)


class _Refuse(Exception):
    """Abort parsing: the file is refused at (line, column) with a message."""

    def __init__(self, line: int, column: int, message: str):
        super().__init__(message)
        self.line, self.column, self.message = line, column, message


def _pos(mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)


def _format_size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n} bytes"


def read_yaml(path: str | Path, max_bytes: int = MAX_FILE_BYTES) -> ReadResult:
    """Read one YAML file into a YNode tree. Problems are returned, never raised."""
    path = Path(path)
    name = str(path)

    def fail(message: str, line: int = 0, column: int = 0, data: bytes | None = None) -> ReadResult:
        return ReadResult(None, data, [Problem(name, line, column, "error", message)])

    # Size first, so a huge file is never read into memory.
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return fail(_("file not found."))
    except OSError as exc:
        return fail(_("the file cannot be read ({reason}).").format(reason=exc.strerror or exc))
    if path.is_dir():
        return fail(_("this is a folder, not a YAML file."))
    if size > max_bytes:
        return fail(_("the file is {size}, which is too large; scenario files may be at most {limit}.")
                    .format(size=_format_size(size), limit=_format_size(max_bytes)))
    try:
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)   # re-check: the file may have grown since stat()
    except OSError as exc:
        return fail(_("the file cannot be read ({reason}).").format(reason=exc.strerror or exc))
    if len(data) > max_bytes:
        return fail(_("the file is larger than {limit}; scenario files may be at most {limit}.")
                    .format(limit=_format_size(max_bytes)))
    return parse_yaml_bytes(data, name)


# Parsed files, remembered by their exact bytes. Loading a scenario reads the whole shared library
# (catalogue, actions, every card file) again, and building the position-keeping tree was nearly
# all of a load's 120 ms: the editor revalidates on every edit, the check and the lab load each
# scenario, and the tests load thousands of times. A file's tree depends only on its bytes, its
# name (in the problems), the parser and the language the problems are written in, so those are
# the key; a changed file is a new key, whatever its time stamp says. Trees are never changed
# after they are built (only the builder below sets a node's fields), so one can be shared.
# A file over _PARSED_FILE_BYTES (far above any built-in one, whose largest is 90 KB) is parsed
# every time: its tree would hold tens of megabytes for a file read once.
_PARSED: OrderedDict = OrderedDict()
_PARSED_BYTES = 2 * 1024 * 1024          # of source held (trees take about 9× their source); built-in: 410 KB
_PARSED_FILE_BYTES = 512 * 1024
_parsed_held = 0


def parse_yaml_bytes(data: bytes, name: str = "<string>", loader_class: type = _Loader
                     ) -> ReadResult:
    """Parse bytes already in memory (the size cap is `read_yaml`'s job).

    `loader_class` exists so tests can run the pure-Python parser as well as libyaml's.
    """
    global _parsed_held
    if len(data) > _PARSED_FILE_BYTES:
        return _parse(data, name, loader_class)
    key = (data, name, loader_class, get_language())
    hit = _PARSED.get(key)
    if hit is None:
        hit = _PARSED[key] = _parse(data, name, loader_class)
        _parsed_held += len(data)
        while _parsed_held > _PARSED_BYTES and len(_PARSED) > 1:
            old, _result = _PARSED.popitem(last=False)
            _parsed_held -= len(old[0])
    else:
        _PARSED.move_to_end(key)
    return ReadResult(hit.root, hit.data, list(hit.problems))


def _parse(data: bytes, name: str, loader_class: type) -> ReadResult:
    issues: list[Problem] = []   # non-fatal findings so far (duplicate keys)

    def fail(message: str, line: int = 0, column: int = 0) -> ReadResult:
        found = [Problem(name, p.line, p.column, p.severity, p.message) for p in issues]
        return ReadResult(None, data, found + [Problem(name, line, column, "error", message)])

    try:
        text = data.decode("utf-8-sig")   # tolerate the BOM some Windows editors add
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return fail(_("the file is not UTF-8 text (byte 0x{byte:02x} cannot be read); "
                      "save it with UTF-8 encoding.").format(byte=data[exc.start]), line, column)

    if not text.strip():
        return fail(_("the file is empty; a scenario file needs at least 'format: 1'."))

    loader = loader_class(text)
    try:
        root = _build(loader, issues)
    except _Refuse as exc:
        return fail(exc.message, exc.line, exc.column)
    except yaml.MarkedYAMLError as exc:
        line, column = _pos(exc.problem_mark or exc.context_mark)
        detail = exc.problem or exc.context or ""
        if exc.context and exc.problem:
            detail = f"{exc.problem} ({exc.context})"
        return fail(_("the YAML syntax is broken here: {detail}; check the indentation, colons "
                      "and quotes.").format(detail=detail), line, column)
    except yaml.YAMLError as exc:
        # e.g. ReaderError (control characters): carries a character index, not a mark.
        position = getattr(exc, "position", None)
        line = column = 0
        if isinstance(position, int):
            line = text.count("\n", 0, position) + 1
            column = position - (text.rfind("\n", 0, position) + 1) + 1
        return fail(_("the file cannot be read as YAML: {detail}.").format(detail=str(exc).strip()),
                    line, column)
    finally:
        loader.dispose()

    if root is None:
        return fail(_("the file is empty; a scenario file needs at least 'format: 1'."))
    if root.kind != "map":
        found = _("a list") if root.kind == "seq" else _("a single value")
        return fail(_("the top level of the file must be a mapping of keys (like 'format: 1'), "
                      "but it is {found}.").format(found=found), root.line, root.column)
    return ReadResult(root, data, [Problem(name, p.line, p.column, p.severity, p.message)
                                   for p in issues])


def _refuse_anchor(event) -> None:
    line, column = _pos(event.start_mark)
    if isinstance(event, yaml.AliasEvent):
        raise _Refuse(line, column, _("aliases ('*{name}') are not allowed in scenario files; "
                                      "write the value out in full.").format(name=event.anchor))
    raise _Refuse(line, column, _("anchors ('&{name}') are not allowed in scenario files; "
                                  "write the value out in full.").format(name=event.anchor))


def _build(loader, issues: list[Problem]) -> YNode | None:
    """Turn the event stream into YNodes. Returns None for a stream without documents.

    Fatal findings raise `_Refuse`; others (duplicate keys) are appended to `issues` with an
    empty path, filled in by the caller.
    """
    loader.get_event()   # StreamStart
    if loader.check_event(yaml.StreamEndEvent):
        return None
    loader.get_event()   # DocumentStart
    root = _node(loader, 0, issues, ())
    loader.get_event()   # DocumentEnd
    if not loader.check_event(yaml.StreamEndEvent):
        event = loader.get_event()
        line, column = _pos(event.start_mark)
        raise _Refuse(line, column, _("the file holds more than one YAML document ('---'); "
                                      "keep one document per file."))
    return root


_ScalarEvent, _AliasEvent = yaml.ScalarEvent, yaml.AliasEvent
_SeqStart, _SeqEnd = yaml.SequenceStartEvent, yaml.SequenceEndEvent
_MapStart, _MapEnd = yaml.MappingStartEvent, yaml.MappingEndEvent


def _node(loader, depth: int, issues: list[Problem], path: tuple) -> YNode:
    # The hot loop of validation (a 2 MB file has some 200 000 nodes): exact type tests and
    # the mark read once.
    event = loader.get_event()
    kind = type(event)
    if kind is _AliasEvent or event.anchor is not None:
        _refuse_anchor(event)
    mark = event.start_mark
    line, column = mark.line + 1, mark.column + 1
    if depth > MAX_DEPTH:
        raise _Refuse(line, column, _("the file is nested more than {depth} levels deep.")
                      .format(depth=MAX_DEPTH))

    if kind is _ScalarEvent:
        node = _scalar(loader, event, line, column)
        node.path = path
        return node

    if kind is _SeqStart:
        if event.tag not in _SEQ_TAGS:
            raise _Refuse(line, column, _("the YAML tag '{tag}' is not allowed in scenario files.")
                          .format(tag=event.tag))
        items: list[YNode] = []
        while not loader.check_event(_SeqEnd):
            items.append(_node(loader, depth + 1, issues, path + (len(items),)))
        loader.get_event()
        return YNode("seq", items, line, column, path=path)

    if kind is _MapStart:
        if event.tag not in _MAP_TAGS:
            raise _Refuse(line, column, _("the YAML tag '{tag}' is not allowed in scenario files.")
                          .format(tag=event.tag))
        pairs: list[tuple[YNode, YNode]] = []
        by_raw: dict[str, YNode] = {}
        by_value: dict[tuple[type, Any], YNode] = {}
        while not loader.check_event(_MapEnd):
            key = _node(loader, depth + 1, issues, path)
            key.path = path + (key.value,) if key.kind == "scalar" else path
            value = _node(loader, depth + 1, issues, key.path)
            if key.kind != "scalar":
                raise _Refuse(key.line, key.column, _("keys must be plain words, not lists or "
                                                      "mappings."))
            # Same text as written, or same value (`yes`/`true`): PyYAML would overwrite either way.
            ident = (type(key.value), key.value)
            first = by_raw.get(key.raw) or by_value.get(ident)
            if first is not None:
                # Not fatal: keep the first value and go on, so other problems are reported too.
                issues.append(Problem("", key.line, key.column, "error",
                                      _("duplicate key '{key}' (already given on line {first}); "
                                        "YAML would silently keep only the last one, so remove or "
                                        "rename one of them.").format(key=key.raw, first=first.line)))
                continue
            by_raw[key.raw] = key
            by_value[ident] = key
            value.key_at = (key.line, key.column)
            pairs.append((key, value))
        loader.get_event()
        return YNode("map", pairs, line, column, path=path)

    raise _Refuse(line, column, _("unexpected YAML content."))   # pragma: no cover


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")   # C0 but line break and tab; DEL; C1


def control_character(text: str) -> str | None:
    """The first control character in `text` other than a line break or a tab, or None: a text
    that reaches a terminal must not clear the screen or retitle it."""
    found = _CONTROL.search(text)
    return found.group() if found else None


_PLAIN_TAGS: dict[tuple[type, str], str] = {}


def _plain_tag(loader, value: str) -> str:
    """The tag the resolver gives a short plain scalar, remembered per loader class (its
    patterns depend only on the text)."""
    key = (type(loader), value)
    tag = _PLAIN_TAGS.get(key)
    if tag is None:
        tag = loader.resolve(yaml.ScalarNode, value, (True, False))
        if len(_PLAIN_TAGS) < 20_000:
            _PLAIN_TAGS[key] = tag
    return tag


def _scalar(loader, event, line: int, column: int) -> YNode:
    # Written literally, a control character stops the reader; written as an escape ("\e[31m",
    # "\a", "\0", "\r") it would arrive in the value: refused the same way.
    bad = control_character(event.value)
    if bad is not None:
        raise _Refuse(line, column, _("this text holds a control character (U+{code}), which "
                                      "scenario files may not contain; remove it.").format(code=f"{ord(bad):04X}"))
    tag = event.tag
    quoted = bool(event.style) and event.style in ("'", '"', "|", ">")
    if tag is None or tag == "!":
        implicit = event.implicit
        # quoted and block texts are strings without asking the resolver's patterns
        if not implicit[0] and implicit[1]:
            tag = _STR
        elif implicit == (True, False) and len(event.value) <= 48:
            tag = _plain_tag(loader, event.value)       # keys and short values repeat thousands of times
        else:
            tag = loader.resolve(yaml.ScalarNode, event.value, implicit)
    if tag == _TIMESTAMP:
        return YNode("scalar", event.value, line, column, event.value, quoted)
    if tag == _STR:
        return YNode("scalar", event.value, line, column, event.value, quoted)   # the text as written
    method = _SCALAR_CONSTRUCTORS.get(tag)
    if method is None:
        raise _Refuse(line, column, _("the YAML tag '{tag}' is not allowed in scenario files.")
                      .format(tag=event.tag))
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    try:
        value = getattr(loader, method)(node)
    except (ValueError, TypeError, yaml.YAMLError):
        raise _Refuse(line, column, _("'{text}' cannot be read as {tag}.")
                      .format(text=event.value, tag=tag.rsplit(":", 1)[-1])) from None
    if isinstance(value, float) and not math.isfinite(value):
        # .nan / .inf would slip through every range check.
        raise _Refuse(line, column, _("'{text}' is not a usable number.").format(text=event.value))
    return YNode("scalar", value, line, column, event.value, quoted)
