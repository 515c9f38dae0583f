"""Checking the four kinds of scenario file (see scenarios/README.md) and building engine objects.

Each `read_*` function walks a YNode tree once: it reports every problem it finds into a
`Checker` (never stopping at the first) and builds the engine object from the parts that are
valid. The caller only uses the result if the checker holds no errors, so a half-built object
never reaches the engine.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Iterable, Mapping

from game.engine.constants import INDICATORS, LANGS, ROLE_INDEX, ROLES
from game.engine.scenario import (
    ActionDef, Card, CardOption, Catalogue, CatalogueEntry, Effects, RoleSetup, Scenario, Text,
    Trigger,
)
from game.i18n import _

from . import fields as F
from .fields import SUPPORTED_FORMATS
from .fields import ACTION_ID, CARD_ID, OPTION_ID, PERSONALITY_ID, SCENARIO_ID  # noqa: F401 (imported from here)
from .fields import STORY_FACTS, STORY_ID, STORY_INDICATOR_FACTS  # noqa: F401 (imported from here)
from .yaml_loader import Problem, YNode

# The kinds, ranges, required keys and defaults of every kind of file (scenario, card,
# personality, action, catalogue and story files) are the field table's
# (game/content/fields.py): the readers below ask it, not literals.

# File kinds.
CATALOGUE, ACTIONS, CARDS, SCENARIO = "catalogue", "actions", "cards", "scenario"
PERSONALITIES = "personalities"
STORY = "story"            # the debrief's table story (story.yaml)


def freeze(mapping: Mapping) -> Mapping:
    """Read-only view, so a Scenario cannot be changed by accident while a game runs."""
    return MappingProxyType(dict(mapping))


def _suggest(word: str, choices: Iterable[str]) -> str | None:
    matches = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


def _quoted_list(items: Iterable[str]) -> str:
    return ", ".join(f"'{i}'" for i in items)


def detect_kind(root: YNode, filename: str = "") -> str | None:
    """Which kind of file this is, from its top-level keys (the file name as a fallback)."""
    keys = set(root.keys())
    if keys & {"rounds", "id", "deck", "region", "budgets"}:
        return SCENARIO
    if keys & {"real_cases", "conditions", "winner_at_cost"}:
        return STORY
    if keys & {"failures", "families", "lessons", "success_conditions"}:
        return CATALOGUE
    if "actions" in keys:
        return ACTIONS
    if "personalities" in keys:
        return PERSONALITIES
    if "cards" in keys:
        return CARDS
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    if name == "catalogue.yaml":
        return CATALOGUE
    if name == "actions.yaml":
        return ACTIONS
    if name == "personalities.yaml":
        return PERSONALITIES
    if name == "story.yaml":
        return STORY
    if "/cards/" in filename.replace("\\", "/"):
        return CARDS
    return None


class Checker:
    """Collects the problems of one file and offers typed, position-aware getters.

    Getters take a node that may be None (a missing key, already reported) and return None
    whenever the value is unusable, after reporting why.
    """

    def __init__(self, path: str):
        self.path = path
        self.problems: list[Problem] = []

    # --- reporting ---------------------------------------------------------------------------
    def error(self, at: YNode | tuple[int, int], message: str) -> None:
        self._add(at, "error", message)

    def warning(self, at: YNode | tuple[int, int], message: str) -> None:
        self._add(at, "warning", message)

    def _add(self, at, severity: str, message: str) -> None:
        # a node (or its `where`) gives the problem the node's document path as well
        line, column = (at.line, at.column) if isinstance(at, YNode) else at
        self.problems.append(Problem(self.path, line, column, severity, message, getattr(at, "path", None)))

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.problems)

    # --- describing what was found -------------------------------------------------------
    @staticmethod
    def found(node: YNode) -> str:
        if node.kind == "map":
            return _("a mapping")
        if node.kind == "seq":
            return _("a list")
        value = node.value
        if value is None:
            return _("empty")
        if isinstance(value, bool):
            return _("the true/false value '{raw}'").format(raw=node.raw)
        if isinstance(value, (int, float)):
            return _("the number {raw}").format(raw=node.raw)
        text = node.raw if len(node.raw) <= 40 else node.raw[:37] + "..."
        return _("the text '{text}'").format(text=text)

    def wrong_type(self, node: YNode, label: str, expected: str) -> None:
        self.error(node, _("{label} should be {expected}, but it is {found}.")
                   .format(label=label, expected=expected, found=self.found(node)))

    # --- structure -----------------------------------------------------------------------
    def fields(self, node: YNode | None, where: str, required: Iterable[str] = (),
               optional: Iterable[str] = ()) -> dict[str, YNode] | None:
        """Check a mapping's keys: unknown ones (with a suggestion) and missing required ones."""
        if node is None:
            return None
        if node.kind != "map":
            self.wrong_type(node, where, _("a mapping of keys"))
            return None
        required, optional = list(required), list(optional)
        allowed = required + optional
        out: dict[str, YNode] = {}
        suggested: set[str] = set()
        for key, value in node.items():
            name = key.raw
            if name in allowed:
                out[name] = value
                continue
            suggestion = _suggest(name, allowed)
            if suggestion is not None and suggestion not in node.keys():
                self.error(key, _("unknown key '{key}' in {where}; did you mean '{suggestion}'?")
                           .format(key=name, where=where, suggestion=suggestion))
                suggested.add(suggestion)   # the typo explains the missing key: say it once
            else:
                self.error(key, _("unknown key '{key}' in {where}; the allowed keys are {allowed}.")
                           .format(key=name, where=where, allowed=_quoted_list(allowed)))
        missing = [name for name in required if name not in out and name not in suggested]
        if len(missing) == 1:
            self.error(node.where, _("{where} is missing the required key '{key}'.")
                       .format(where=where, key=missing[0]))
        elif missing:
            self.error(node.where, _("{where} is missing the required keys {keys}.")
                       .format(where=where, keys=_quoted_list(missing)))
        return out

    def seq(self, node: YNode | None, label: str) -> list[YNode] | None:
        if node is None:
            return None
        if node.kind != "seq":
            self.wrong_type(node, label, _("a list like [a, b]"))
            return None
        return list(node.value)

    # --- scalars -------------------------------------------------------------------------
    def string(self, node: YNode | None, label: str) -> str | None:
        """Non-empty text. Explains YAML 1.1 surprises (`no` read as false, `1.2` as a number)."""
        if node is None:
            return None
        value = node.value
        if node.kind == "scalar" and isinstance(value, bool):
            self.error(node, _("{label} should be text, but YAML reads {raw} as the true/false "
                               "value {value}; write '{raw}' in quotes.")
                       .format(label=label, raw=node.raw, value=str(value).lower()))
            return None
        if node.kind == "scalar" and isinstance(value, (int, float)):
            self.error(node, _("{label} should be text, but YAML reads {raw} as a number; write "
                               "'{raw}' in quotes.").format(label=label, raw=node.raw))
            return None
        if node.kind != "scalar" or value is None:
            self.wrong_type(node, label, _("text"))
            return None
        if not value.strip():
            self.error(node, _("{label} must not be empty.").format(label=label))
            return None
        return value

    def ident(self, node: YNode | None, label: str, pattern: re.Pattern, rule: str) -> str | None:
        value = self.string(node, label)
        if value is None:
            return None
        if not pattern.match(value):
            self.error(node, _("{label} is '{value}', which is not a valid id: {rule}.")
                       .format(label=label, value=value, rule=rule))
            return None
        return value

    def choice(self, node: YNode | None, label: str, choices: Iterable[str]) -> str | None:
        """One value from a fixed list (kinds, themes, roles...)."""
        value = self.string(node, label)
        if value is None:
            return None
        choices = list(choices)
        if value not in choices:
            suggestion = _suggest(value, choices)
            if suggestion is not None:
                self.error(node, _("{label} is '{value}', which is not allowed; did you mean "
                                   "'{suggestion}'?").format(label=label, value=value,
                                                             suggestion=suggestion))
            else:
                self.error(node, _("{label} is '{value}', which is not allowed; it must be one of "
                                   "{choices}.").format(label=label, value=value,
                                                        choices=_quoted_list(choices)))
            return None
        return value

    @staticmethod
    def not_one_of(label: str, value: str, choices: list[str], what: str) -> str:
        """Message for an unknown entry or key in a list or mapping (tags, indicators, roles)."""
        suggestion = _suggest(value, choices)
        if suggestion is not None:
            return (_("'{value}' in {label} is not a known {what}; did you mean '{suggestion}'?")
                    .format(label=label, value=value, what=what, suggestion=suggestion))
        return (_("'{value}' in {label} is not a known {what}; it must be one of {choices}.")
                .format(label=label, value=value, what=what, choices=_quoted_list(choices)))

    def integer(self, node: YNode | None, label: str, low: int, high: int) -> int | None:
        if node is None:
            return None
        value = node.value
        if node.kind != "scalar" or isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float) and not isinstance(value, bool) and node.kind == "scalar":
                self.error(node, _("{label} should be a whole number from {low} to {high}, but "
                                   "it is {raw}.").format(label=label, low=low, high=high,
                                                          raw=node.raw))
            else:
                self.wrong_type(node, label, _("a whole number from {low} to {high}")
                                .format(low=low, high=high))
            return None
        if not low <= value <= high:
            self.error(node, _("{label} must be from {low} to {high}, but it is {value}.")
                       .format(label=label, low=low, high=high, value=value))
            return None
        return value

    def number(self, node: YNode | None, label: str, low: float, high: float) -> float | None:
        if node is None:
            return None
        value = node.value
        if node.kind != "scalar" or isinstance(value, bool) or not isinstance(value, (int, float)):
            self.wrong_type(node, label, _("a number from {low} to {high}").format(low=low, high=high))
            return None
        if not low <= value <= high:
            self.error(node, _("{label} must be from {low} to {high}, but it is {value}.")
                       .format(label=label, low=low, high=high, value=node.raw))
            return None
        return float(value)

    def ranged(self, node: YNode | None, label: str, file: str, path: tuple,
               high: float | None = None) -> Any:
        """A number field, within the range the field table gives it: an int for a whole-number
        field, a float otherwise, None when unusable (`high`: the real upper bound of a field
        bounded by another field, like a trigger's round by `rounds`)."""
        s = F.spec(file, path)
        low, top = s.low, s.high if high is None else high
        if s.whole:
            return self.integer(node, label, int(low), int(top))    # type: ignore[arg-type]
        return self.number(node, label, low, top)                   # type: ignore[arg-type]

    def mapping(self, node: YNode | None, where: str, file: str, path: tuple) -> dict[str, YNode] | None:
        """`fields()` with the required and optional keys the field table gives this mapping."""
        required, optional = F.keys_of(file, path)
        return self.fields(node, where, required, optional)

    def keyed(self, node: YNode | None, label: str, what: str, file: str, path: tuple
              ) -> dict[str, float] | None:
        """`keyed_numbers()` of a mapping keyed by names (its "*" row in the field table: the
        keys, the range, whole or not, all keys required or not)."""
        s = F.spec(file, path + ("*",))
        return self.keyed_numbers(node, label, s.keys, what, s.low, s.high,   # type: ignore[arg-type]
                                  whole=s.whole, require_all=s.required)

    def boolean(self, node: YNode | None, label: str) -> bool | None:
        if node is None:
            return None
        if node.kind != "scalar" or not isinstance(node.value, bool):
            self.wrong_type(node, label, _("true or false"))
            return None
        return node.value

    def text(self, node: YNode | None, label: str) -> Text | None:
        """A {ko, en} mapping of non-empty strings. A missing language is only a warning."""
        if node is None:
            return None
        if node.kind != "map":
            self.wrong_type(node, label, _("a mapping {{ko: ..., en: ...}}").format())
            return None
        out: dict[str, str] = {}
        for key, value in node.items():
            lang = key.raw
            if lang not in LANGS:
                self.error(key, self._unknown_lang(lang, label))
                continue
            text = self.string(value, _("the '{lang}' text of {label}").format(lang=lang, label=label))
            if text is not None:
                out[lang] = text
        present = [k.raw for k, _v in node.items()]
        if not any(lang in present for lang in LANGS):
            self.error(node, _("{label} has no text; give it as {{ko: ..., en: ...}}.")
                       .format(label=label))
            return None
        for lang in LANGS:
            if lang not in present:
                self.warning(node, _("{label} has no '{lang}' text; the game will show the other "
                                     "language instead.").format(label=label, lang=lang))
        return freeze(out) if out else None

    def _unknown_lang(self, lang: str, label: str) -> str:
        suggestion = _suggest(lang, LANGS)
        if suggestion is not None:
            return (_("unknown language '{lang}' in {label}; did you mean '{suggestion}'?")
                    .format(lang=lang, label=label, suggestion=suggestion))
        return (_("unknown language '{lang}' in {label}; the languages are {langs}.")
                .format(lang=lang, label=label, langs=_quoted_list(LANGS)))

    # --- composite helpers -----------------------------------------------------------------
    def keyed_numbers(self, node: YNode | None, label: str, keys: tuple[str, ...], what: str,
                      low: float, high: float, whole: bool = False,
                      require_all: bool = False) -> dict[str, float] | None:
        """A mapping {key: number} whose keys come from `keys` (indicators, roles, metrics)."""
        if node is None:
            return None
        if node.kind != "map":
            self.wrong_type(node, label, _("a mapping like {{{key}: 1}}").format(key=keys[0]))
            return None
        out: dict[str, Any] = {}
        for key, value in node.items():
            name = key.raw
            if name not in keys:
                self.error(key, self.not_one_of(label, name, list(keys), what))
                continue
            item_label = _("'{key}' in {label}").format(key=name, label=label)
            number = (self.integer(value, item_label, int(low), int(high)) if whole
                      else self.number(value, item_label, low, high))
            if number is not None:
                out[name] = number
        if require_all:
            present = set(node.keys())
            missing = [name for name in keys if name not in present]
            if missing:   # one message for all of them: a list of ten lines helps no one
                self.error(node.where, _("{label} is missing {missing}; all {count} must be "
                                         "given.").format(label=label, missing=_quoted_list(missing),
                                                          count=len(keys)))
        return out

    def id_list(self, node: YNode | None, label: str, valid: tuple[str, ...], what: str,
                unique: bool = True) -> list[tuple[str, YNode]] | None:
        items = self.seq(node, label)
        if items is None:
            return None
        out: list[tuple[str, YNode]] = []
        seen: set[str] = set()
        for item in items:
            value = self.string(item, _("an entry of {label}").format(label=label))
            if value is None:
                continue
            if value not in valid:
                self.error(item, self.not_one_of(label, value, list(valid), what))
                continue
            if unique and value in seen:
                self.error(item, _("'{value}' is listed twice in {label}.")
                           .format(value=value, label=label))
                continue
            seen.add(value)
            out.append((value, item))
        return out

    def check_format(self, f: dict[str, YNode]) -> None:
        node = f.get("format")
        if node is None:
            return   # reported as a missing required key
        if node.kind == "scalar" and not isinstance(node.value, bool) and isinstance(node.value, int):
            if node.value not in SUPPORTED_FORMATS:
                self.error(node, _("'format: {found}' is not supported; this version of the game "
                                   "reads format {supported}.")
                           .format(found=node.value,
                                   supported=", ".join(str(v) for v in SUPPORTED_FORMATS)))
            return
        self.wrong_type(node, _("'format'"), _("the number 1"))

    def unique_id(self, seen: dict[str, YNode], value: str | None, node: YNode | None,
                  what: str) -> bool:
        """Remember an id; report it if it was already used. Returns True when it is new."""
        if value is None or node is None:
            return False
        first = seen.get(value)
        if first is not None:
            self.error(node, _("the {what} id '{id}' is used twice (first on line {line}); ids must "
                               "be unique.").format(what=what, id=value, line=first.line))
            return False
        seen[value] = node
        return True


def _named(id_node: YNode | None) -> bool:
    """Whether an entry has an id worth naming it by in messages (else it is called #n)."""
    return id_node is not None and id_node.kind == "scalar" and bool(id_node.raw.strip())


# ---------------------------------------------------------------------------------------------
# Effects (card options and triggers)
# ---------------------------------------------------------------------------------------------
OPTION_EFFECTS = ("card", ("cards", "#", "options", "#", "effects"))
TRIGGER_EFFECTS = ("scenario", ("triggers", "#", "effects"))   # the table: same as an option's


def read_effects(ck: Checker, node: YNode | None, where: str,
                 action_ids: Mapping[str, Any] | None,
                 at: tuple[str, tuple] = OPTION_EFFECTS) -> Effects | None:
    """`action_ids` None means "actions unknown" (actions.yaml broken): skip the funds check.
    `at`: (file, path pattern) of these effects in the field table."""
    if node is None:
        return Effects()
    file, base = at
    label = _("the effects of {where}").format(where=where)
    f = ck.mapping(node, label, file, base)
    if f is None:
        return None
    region = ck.keyed(f.get("region"), _("'region' in {label}").format(label=label), _("indicator"),
                      file, base + ("region",))
    budgets = ck.keyed(f.get("budgets"), _("'budgets' in {label}").format(label=label), _("role"),
                       file, base + ("budgets",))
    trust = _read_trust_effects(ck, f.get("trust"), _("'trust' in {label}").format(label=label),
                                F.bounds(file, base + ("trust", "*")))
    macro = ck.ranged(f.get("macro"), _("'macro' in {label}").format(label=label), file, base + ("macro",))
    funds = None
    if "funds" in f:
        funds_label = _("'funds' in {label}").format(label=label)
        funds = ck.string(f["funds"], funds_label)
        if funds is not None and action_ids is not None and funds not in action_ids:
            suggestion = _suggest(funds, action_ids)
            hint = (_(" Did you mean '{suggestion}'?").format(suggestion=suggestion)
                    if suggestion else "")
            ck.error(f["funds"], _("{label} names the action '{action}', which is not in "
                                   "actions.yaml.").format(label=funds_label, action=funds)
                     + hint)
            funds = None
    return Effects(
        region=freeze(region or {}),
        budgets=freeze(budgets or {}),
        trust=freeze(trust or {}),
        macro=macro if macro is not None else F.default(file, base + ("macro",)),
        funds=funds,
    )


def parse_role_pair(text: str) -> tuple[str, str] | None:
    """'firms-university' -> ('firms', 'university'); pairs are ordered as in ROLES."""
    parts = text.split("-")
    if len(parts) != 2 or parts[0] == parts[1] or not all(p in ROLE_INDEX for p in parts):
        return None
    a, b = parts
    return (a, b) if ROLE_INDEX[a] < ROLE_INDEX[b] else (b, a)


def _read_trust_effects(ck: Checker, node: YNode | None, label: str,
                        limits: tuple[float, float]) -> dict | None:
    if node is None:
        return None
    if node.kind != "map":
        ck.wrong_type(node, label, _("a mapping like {{firms-university: -5}}").format())
        return None
    out: dict[tuple[str, str], float] = {}
    first_key: dict[tuple[str, str], str] = {}
    for key, value in node.items():
        pair = parse_role_pair(key.raw)
        if pair is None:
            ck.error(key, _("'{key}' in {label} is not a pair of two different roles; write it "
                            "as '<role>-<role>' with roles from {roles}.")
                     .format(key=key.raw, label=label, roles=_quoted_list(ROLES)))
            continue
        number = ck.number(value, _("'{key}' in {label}").format(key=key.raw, label=label), *limits)
        if pair in first_key:
            ck.error(key, _("'{key}' in {label} names the same pair of roles as '{first}'; "
                            "trust is symmetric, give the pair once.")
                     .format(key=key.raw, label=label, first=first_key[pair]))
            continue
        first_key[pair] = key.raw
        if number is not None:
            out[pair] = number
    return out


# ---------------------------------------------------------------------------------------------
# catalogue.yaml
# ---------------------------------------------------------------------------------------------
K = "catalogue"


def read_catalogue(ck: Checker, root: YNode) -> Catalogue | None:
    where = _("the catalogue")
    f = ck.mapping(root, where, K, ())
    if f is None:
        return None
    ck.check_format(f)
    if "glossary" in f:
        read_glossary(ck, f["glossary"])

    families: dict[str, Text] = {}
    seen: dict[str, YNode] = {}
    family_ids = F.spec(K, ("families", "#", "id")).choices
    for i, item in enumerate(ck.seq(f.get("families"), _("'families' in the catalogue")) or [], 1):
        item_where = _("family #{n} of the catalogue").format(n=i)
        g = ck.mapping(item, item_where, K, ("families", "#"))
        if g is None:
            continue
        fid = ck.choice(g.get("id"), _("'id' in {where}").format(where=item_where), family_ids)
        name = ck.text(g.get("name"), _("the name of family '{id}'").format(id=fid or "?"))
        if ck.unique_id(seen, fid, g.get("id"), _("family")) and name is not None:
            families[fid] = name

    def entries(key: str, what: str):
        out: dict[str, CatalogueEntry] = {}
        ids: dict[str, YNode] = {}
        at = (key, "#")
        valid = F.spec(K, at + ("id",)).choices
        required, optional = F.keys_of(K, at)
        with_family = "family" in required + optional
        questions_row = F.spec(K, at + ("questions",))
        list_node = f.get(key)
        for i, item in enumerate(ck.seq(list_node, _("'{key}' in the catalogue").format(key=key))
                                 or [], 1):
            item_where = _("{what} #{n} of the catalogue").format(what=what, n=i)
            g = ck.mapping(item, item_where, K, at)
            if g is None:
                continue
            eid = ck.choice(g.get("id"), _("'id' in {where}").format(where=item_where), valid)
            label_id = eid or "?"
            family = None
            if with_family:
                family = ck.choice(g.get("family"), _("'family' in failure '{id}'")
                                   .format(id=label_id), F.spec(K, at + ("family",)).choices)
                if family is not None and eid is not None and eid[0] != family:
                    ck.error(g["family"], _("failure '{id}' belongs to family '{expected}', not "
                                            "'{family}'.").format(id=eid, expected=eid[0],
                                                                  family=family))
            name = ck.text(g.get("name"), _("the name of {what} '{id}'").format(what=what, id=label_id))
            summary = ck.text(g.get("summary"), _("the summary of {what} '{id}'")
                              .format(what=what, id=label_id))
            section = ck.string(g.get("section"), _("the section of {what} '{id}'")
                                .format(what=what, id=label_id))
            explanation = questions = None
            if "explanation" in g:
                explanation = ck.text(g["explanation"], _("the explanation of {what} '{id}'")
                                      .format(what=what, id=label_id))
            if "questions" in g:
                qlabel = _("the discussion questions of {what} '{id}'").format(what=what, id=label_id)
                items = ck.seq(g["questions"], qlabel)
                low, high = questions_row.min_items or 0, questions_row.max_items
                if items is not None and not low <= len(items) <= (high or len(items)):
                    ck.error(g["questions"], _("{label} must be a list of {low} to {high} texts, but it has {n}.")
                             .format(label=qlabel, low=low, high=high, n=len(items)))
                questions = tuple(q for q in (ck.text(node, qlabel) for node in items or []) if q)
            if not ck.unique_id(ids, eid, g.get("id"), what):
                continue
            if None not in (name, summary, section):
                out[eid] = CatalogueEntry(eid, name, summary, section, family,
                                          explanation or dict(F.default(K, at + ("explanation",))),
                                          questions or F.default(K, at + ("questions",)))
        if list_node is not None and list_node.kind == "seq":
            missing = [vid for vid in valid if vid not in ids]
            if missing:
                ck.error(list_node.where, _("'{key}' in the catalogue has no entry for {ids}; the "
                                            "game needs all {count}.")
                         .format(key=key, ids=_quoted_list(missing), count=len(valid)))
        return out

    failures = entries("failures", _("failure"))
    lessons = entries("lessons", _("lesson"))
    success = entries("success_conditions", _("success condition"))
    fam_node = f.get("families")
    if fam_node is not None and fam_node.kind == "seq":
        missing = [fid for fid in family_ids if fid not in seen]
        if missing:
            ck.error(fam_node.where, _("'families' in the catalogue has no entry for {ids}; the "
                                       "game needs all {count}.")
                     .format(ids=_quoted_list(missing), count=len(family_ids)))
    return Catalogue(freeze(families), freeze(failures), freeze(lessons), freeze(success))


@dataclass(frozen=True)
class GlossaryTerm:
    """One concept's Korean term, from the catalogue's glossary: `ko` is what the panel and
    every Korean sentence say, `avoid` the variants that must not appear in Korean text, `allow`
    phrases that keep a variant because they quote the paper's own words, `msgid` the catalogue
    message that shows the term on the panel (if there is one)."""
    ko: str
    en: str
    msgid: str | None = None
    avoid: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()


def read_glossary(ck: Checker, node: YNode | None) -> tuple[GlossaryTerm, ...]:
    """The catalogue's `glossary:` list ({term: {ko, en}, msgid?, avoid?: [text], allow?: [text]})."""
    label = _("'{key}' in the catalogue").format(key="glossary")
    at = ("glossary", "#")
    out: list[GlossaryTerm] = []
    for item in ck.seq(node, label) or []:
        where = _("an entry of {label}").format(label=label)
        g = ck.mapping(item, where, K, at)
        if g is None:
            continue
        term = ck.text(g.get("term"), _("'{key}' in {label}").format(key="term", label=where))
        msgid = ck.string(g["msgid"], _("'{key}' in {label}").format(key="msgid", label=where)) \
            if "msgid" in g else F.default(K, at + ("msgid",))
        lists: dict[str, tuple[str, ...]] = {}
        for key in ("avoid", "allow"):
            list_label = _("'{key}' in {label}").format(key=key, label=where)
            if key not in g:
                lists[key] = F.default(K, at + (key,))
                continue
            items = ck.seq(g[key], list_label)
            lists[key] = tuple(v for v in (ck.string(n, list_label) for n in items or []) if v is not None)
        if term is not None and term.get("ko") and term.get("en"):
            out.append(GlossaryTerm(term["ko"], term["en"], msgid, lists["avoid"], lists["allow"]))
    return tuple(out)


# ---------------------------------------------------------------------------------------------
# actions.yaml
# ---------------------------------------------------------------------------------------------
_ACT = ("actions", "#")


def read_actions(ck: Checker, root: YNode) -> dict[str, ActionDef]:
    f = ck.mapping(root, _("the action list"), "actions", ())
    if f is None:
        return {}
    ck.check_format(f)
    out: dict[str, ActionDef] = {}
    ids: dict[str, YNode] = {}
    for i, item in enumerate(ck.seq(f.get("actions"), _("'actions'")) or [], 1):
        id_node = item.get("id") if item.kind == "map" else None
        where = (_("action '{id}'").format(id=id_node.raw) if _named(id_node)
                 else _("action #{n}").format(n=i))
        g = ck.mapping(item, where, "actions", _ACT)
        if g is None:
            continue
        aid = ck.ident(g.get("id"), _("'id' in {where}").format(where=where), F.id_pattern("actions", _ACT + ("id",)),
                       _("write it as '<role>.<name>' in lowercase letters, digits and '_'"))
        role = ck.choice(g.get("role"), _("'role' in {where}").format(where=where),
                         F.spec("actions", _ACT + ("role",)).choices)
        if aid is not None and role is not None and aid.split(".")[0] != role:
            ck.error(g["id"], _("the action id '{id}' must start with its role, '{role}.'.")
                     .format(id=aid, role=role))
        name = ck.text(g.get("name"), _("the name of {where}").format(where=where))
        description = ck.text(g.get("description"), _("the description of {where}").format(where=where))
        kind = ck.choice(g.get("kind"), _("'kind' in {where}").format(where=where),
                         F.spec("actions", _ACT + ("kind",)).choices)
        cost = ck.ranged(g.get("cost"), _("'cost' in {where}").format(where=where), "actions", _ACT + ("cost",))
        delay = ck.ranged(g.get("delay"), _("'delay' in {where}").format(where=where), "actions",
                          _ACT + ("delay",))
        duration = ck.ranged(g.get("duration"), _("'duration' in {where}").format(where=where), "actions",
                             _ACT + ("duration",))
        effects = ck.keyed(g.get("effects"), _("'effects' in {where}").format(where=where), _("indicator"),
                           "actions", _ACT + ("effects",))
        repeatable = ck.boolean(g.get("repeatable"), _("'repeatable' in {where}").format(where=where))
        requires = (ck.choice(g.get("requires"), _("'requires' in {where}").format(where=where),
                              F.spec("actions", _ACT + ("requires",)).choices) if "requires" in g
                    else F.default("actions", _ACT + ("requires",)))
        tags = ck.id_list(g.get("tags"), _("'tags' in {where}").format(where=where),
                          F.spec("actions", _ACT + ("tags",)).choices, _("tag"))
        section = ck.string(g.get("section"), _("the section of {where}").format(where=where))
        if not ck.unique_id(ids, aid, g.get("id"), _("action")):
            continue
        if None in (role, name, description, kind, cost, section):
            continue
        out[aid] = ActionDef(
            id=aid, role=role, name=name, description=description, kind=kind, cost=cost,
            delay=delay if delay is not None else F.default("actions", _ACT + ("delay",)),
            duration=duration if duration is not None else F.default("actions", _ACT + ("duration",)),
            effects=freeze(effects or {}),
            repeatable=repeatable if repeatable is not None else F.default("actions", _ACT + ("repeatable",)),
            requires=requires,
            tags=tuple(t for t, _n in tags or ()),
            section=section,
        )
    return out


# ---------------------------------------------------------------------------------------------
# cards/*.yaml (and a scenario's inline `cards:`)
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CardSource:
    """A card and where it was defined, for duplicate-id and dangling-reference messages.

    `card` is None when the card has errors: its id still counts as defined, so references to
    it do not raise a second, misleading "not defined" error.
    """
    card: Card | None
    path: str
    line: int
    column: int


def read_card_file(ck: Checker, root: YNode, action_ids: Mapping[str, Any] | None
                   ) -> dict[str, CardSource]:
    f = ck.mapping(root, _("the card file"), "card", ())
    if f is None:
        return {}
    ck.check_format(f)
    return read_card_list(ck, f.get("cards"), action_ids)


def read_card_list(ck: Checker, node: YNode | None, action_ids: Mapping[str, Any] | None
                   ) -> dict[str, CardSource]:
    out: dict[str, CardSource] = {}
    ids: dict[str, YNode] = {}
    for i, item in enumerate(ck.seq(node, _("'cards'")) or [], 1):
        card = _read_card(ck, item, i, action_ids)
        id_node = item.get("id") if item.kind == "map" else None
        if id_node is None or id_node.kind != "scalar" or not isinstance(id_node.value, str):
            continue
        if ck.unique_id(ids, id_node.value, id_node, _("card")):
            out[id_node.value] = CardSource(card, ck.path, id_node.line, id_node.column)
    return out


_CARD = ("cards", "#")
_OPTION = ("cards", "#", "options", "#")


def _read_card(ck: Checker, item: YNode, index: int, action_ids) -> Card | None:
    id_node = item.get("id") if item.kind == "map" else None
    where = (_("card '{id}'").format(id=id_node.raw) if _named(id_node)
             else _("card #{n}").format(n=index))
    g = ck.mapping(item, where, "card", _CARD)
    if g is None:
        return None
    cid = ck.ident(g.get("id"), _("'id' in {where}").format(where=where), F.id_pattern("card", _CARD + ("id",)),
                   _("use lowercase letters, digits and '-'"))
    theme = ck.choice(g.get("theme"), _("'theme' in {where}").format(where=where),
                      F.spec("card", _CARD + ("theme",)).choices)
    title = ck.text(g.get("title"), _("the title of {where}").format(where=where))
    text = ck.text(g.get("text"), _("the text of {where}").format(where=where))
    deciders = ck.id_list(g.get("deciders"), _("'deciders' of {where}").format(where=where),
                          F.spec("card", _CARD + ("deciders",)).choices, _("role"))
    if g.get("deciders") is not None and g["deciders"].kind == "seq" and not g["deciders"].value:
        ck.error(g["deciders"].where, _("{where} needs at least one role in 'deciders'.")
                 .format(where=where))
        deciders = None
    section = ck.string(g.get("section"), _("the section of {where}").format(where=where))

    options: list[CardOption] = []
    options_ok = True
    option_nodes = ck.seq(g.get("options"), _("'options' of {where}").format(where=where))
    if option_nodes is None:
        options_ok = False
    elif not (F.spec("card", _CARD + ("options",)).min_items or 0) <= len(option_nodes) <= (
            F.spec("card", _CARD + ("options",)).max_items or len(option_nodes)):
        ck.error(g["options"].where, _("{where} needs {low} to {high} options, but it has {n}.")
                 .format(where=where, low=F.spec("card", _CARD + ("options",)).min_items,
                         high=F.spec("card", _CARD + ("options",)).max_items, n=len(option_nodes)))
        options_ok = False
    option_ids: dict[str, YNode] = {}
    for j, onode in enumerate(option_nodes or [], 1):
        option = _read_option(ck, onode, j, where, action_ids)
        oid_node = onode.get("id") if onode.kind == "map" else None
        if option is None or not ck.unique_id(option_ids, option.id, oid_node, _("option")):
            options_ok = False
            continue
        options.append(option)

    if None in (cid, theme, title, text, deciders, section) or not options_ok:
        return None
    return Card(cid, theme, title, text, tuple(d for d, _n in deciders), section, tuple(options))


def _read_option(ck: Checker, node: YNode, index: int, card_where: str, action_ids
                 ) -> CardOption | None:
    id_node = node.get("id") if node.kind == "map" else None
    where = (_("option '{option}' of {card}").format(option=id_node.raw, card=card_where)
             if _named(id_node) else _("option #{n} of {card}").format(n=index, card=card_where))
    g = ck.mapping(node, where, "card", _OPTION)
    if g is None:
        return None
    oid = ck.ident(g.get("id"), _("'id' in {where}").format(where=where), F.id_pattern("card", _OPTION + ("id",)),
                   _("use lowercase letters, digits, '_' and '-'"))
    text = ck.text(g.get("text"), _("the text of {where}").format(where=where))
    tags = ck.id_list(g.get("tags"), _("'tags' of {where}").format(where=where),
                      F.spec("card", _OPTION + ("tags",)).choices, _("tag"))
    if g.get("tags") is not None and g["tags"].kind == "seq" and not g["tags"].value:
        ck.error(g["tags"].where, _("{where} needs at least one tag.").format(where=where))
        tags = None
    effects = read_effects(ck, g.get("effects"), where, action_ids)
    explain = ck.text(g.get("explain"), _("the explanation of {where}").format(where=where)) \
        if "explain" in g else freeze(F.default("card", _OPTION + ("explain",)))
    if None in (oid, text, tags, effects, explain):
        return None
    return CardOption(oid, text, tuple(t for t, _n in tags), effects, explain)


# ---------------------------------------------------------------------------------------------
# <id>.yaml — a scenario
# ---------------------------------------------------------------------------------------------
S = "scenario"


def read_scenario(ck: Checker, root: YNode, stem: str, library: Mapping[str, CardSource],
                  actions: Mapping[str, ActionDef] | None, catalogue: Catalogue | None
                  ) -> Scenario | None:
    """`library` holds the shared cards; `actions`/`catalogue` None means they failed to load."""
    where = _("the scenario")
    f = ck.mapping(root, where, S, ())
    if f is None:
        return None
    ck.check_format(f)

    sid = ck.ident(f.get("id"), _("'id' in the scenario"), F.id_pattern(S, ("id",)),
                   _("use lowercase letters, digits, '_' and '-'"))
    if sid is not None and sid != stem:
        ck.error(f["id"], _("the scenario id '{id}' must equal the file name '{stem}' (without "
                            "'.yaml'); rename the file or change the id.").format(id=sid, stem=stem))
    name = ck.text(f.get("name"), _("the name of the scenario"))
    summary = ck.text(f.get("summary"), _("the summary of the scenario"))
    intro = ck.mapping(f.get("intro"), _("'intro'"), S, ("intro",)) or {}
    intro_fac = ck.text(intro.get("facilitator"), _("'facilitator' in 'intro'"))
    intro_pl = ck.text(intro.get("players"), _("'players' in 'intro'"))
    rounds = ck.ranged(f.get("rounds"), _("'rounds'"), S, ("rounds",))
    collapse = ck.ranged(f.get("collapse_line"), _("'collapse_line'"), S, ("collapse_line",))
    designation_limit = ck.ranged(f.get("designation_limit"), _("'designation_limit'"), S,
                                  ("designation_limit",))

    goals = ck.mapping(f.get("learning_goals"), _("'learning_goals'"), S, ("learning_goals",))
    goal_failures = goal_lessons = None
    if goals is not None:
        goal_failures = ck.id_list(goals.get("failures"), _("'failures' in 'learning_goals'"),
                                   F.spec(S, ("learning_goals", "failures")).choices, _("failure id"))
        goal_lessons = ck.id_list(goals.get("lessons"), _("'lessons' in 'learning_goals'"),
                                  F.spec(S, ("learning_goals", "lessons")).choices, _("lesson id"))

    region = ck.mapping(f.get("region"), _("'region'"), S, ("region",)) or {}
    region_name = ck.text(region.get("name"), _("the name of the region"))
    indicators = ck.keyed(region.get("indicators"), _("'indicators' in 'region'"), _("indicator"), S,
                          ("region", "indicators"))
    macro = ck.ranged(region.get("macro"), _("'macro' in 'region'"), S, ("region", "macro"))
    trust = ck.ranged(region.get("trust"), _("'trust' in 'region'"), S, ("region", "trust"))
    index_weights = ck.keyed(region.get("index_weights"), _("'index_weights' in 'region'"), _("indicator"),
                             S, ("region", "index_weights")) \
        if "index_weights" in region else F.default(S, ("region", "index_weights"))

    budgets = ck.mapping(f.get("budgets"), _("'budgets'"), S, ("budgets",)) or {}
    money: dict[str, tuple[Any, Any]] = {}    # whole numbers (the table's kind) or None
    for role in ROLES:
        b = ck.mapping(budgets.get(role), _("the budget of '{role}'").format(role=role), S,
                       ("budgets", role))
        if b is not None:
            money[role] = (
                ck.ranged(b.get("start"), _("'start' in the budget of '{role}'").format(role=role), S,
                          ("budgets", role, "start")),
                ck.ranged(b.get("income"), _("'income' in the budget of '{role}'").format(role=role), S,
                          ("budgets", role, "income")))

    roles_node = ck.mapping(f.get("roles"), _("'roles'"), S, ("roles",)) or {}
    roles: dict[str, RoleSetup] = {}
    for role in ROLES:
        rwhere = _("the role '{role}'").format(role=role)
        r = ck.mapping(roles_node.get(role), rwhere, S, ("roles", role))
        if r is None:
            continue
        mandate = ck.text(r.get("mandate"), _("the mandate of '{role}'").format(role=role))
        agenda = ck.mapping(r.get("agenda"), _("the agenda of '{role}'").format(role=role), S,
                            ("roles", role, "agenda")) or {}
        agenda_text = ck.text(agenda.get("text"), _("the agenda text of '{role}'").format(role=role))
        weights = ck.keyed(agenda.get("weights"), _("the agenda weights of '{role}'").format(role=role),
                           _("agenda metric"), S, ("roles", role, "agenda", "weights"))
        objectives = ck.keyed(r.get("objectives"), _("the objectives of '{role}'").format(role=role),
                              _("indicator"), S, ("roles", role, "objectives"))
        start, income = money.get(role, (None, None))
        scale = ck.ranged(r.get("score_scale"), _("'score_scale' of '{role}'").format(role=role), S,
                          ("roles", role, "score_scale")) \
            if "score_scale" in r else F.default(S, ("roles", role, "score_scale"))
        if None not in (mandate, agenda_text, weights, objectives, start, income, scale):
            roles[role] = RoleSetup(mandate, agenda_text, freeze(weights), freeze(objectives),
                                    start, income, float(scale))

    # Cards: shared library + this scenario's own `cards:`; an inline id may not shadow a shared one.
    inline = read_card_list(ck, f["cards"], actions) if "cards" in f else {}
    available: dict[str, CardSource] = dict(library)
    for cid, src in inline.items():
        if cid in library:
            other = library[cid]
            ck.error((src.line, src.column),
                     _("the card id '{id}' is already used by a shared card ({where}); give this "
                       "card a different id.").format(id=cid, where=f"{other.path}:{other.line}"))
        else:
            available[cid] = src

    def card_ref(node: YNode, label: str) -> str | None:
        cid = ck.string(node, label)
        if cid is None:
            return None
        if cid not in available:
            suggestion = _suggest(cid, available)
            hint = _(" Did you mean '{suggestion}'?").format(suggestion=suggestion) if suggestion else ""
            ck.error(node, _("{label} names the card '{id}', which is not defined in cards/*.yaml "
                             "or in this scenario's 'cards:'.").format(label=label, id=cid)
                     + hint)
            return None
        return cid

    deck: list[str] = []
    deck_nodes = ck.seq(f.get("deck"), _("'deck'"))
    deck_seen: dict[str, int] = {}
    for node in deck_nodes or []:
        cid = card_ref(node, _("an entry of 'deck'"))
        if cid is None:
            continue
        if cid in deck_seen:
            ck.warning(node, _("the card '{id}' is in the deck twice (first on line {line}).")
                       .format(id=cid, line=deck_seen[cid]))
        deck_seen.setdefault(cid, node.line)
        deck.append(cid)

    max_round = rounds if rounds is not None else F.spec(S, ("rounds",)).high
    fixed: dict[int, str] = {}
    fixed_node = f.get("fixed_cards")
    if fixed_node is not None:
        if fixed_node.kind != "map":
            ck.wrong_type(fixed_node, _("'fixed_cards'"), _("a mapping like {{1: card-id}}").format())
        else:
            for key, value in fixed_node.items():
                rnd = ck.ranged(key, _("the round '{key}' in 'fixed_cards'").format(key=key.raw), S,
                                ("fixed_cards", "*"), max_round)
                cid = card_ref(value, _("round {key} of 'fixed_cards'").format(key=key.raw))
                if rnd is not None and cid is not None:
                    fixed[rnd] = cid
    if deck_nodes is not None and not deck_nodes:
        uncovered = [r for r in range(1, max_round + 1) if r not in fixed]
        if not fixed:
            ck.error(f["deck"].where, _("the deck is empty; list the card ids this scenario draws from."))
        elif uncovered:
            # every round without a fixed card draws from the deck: an empty one ends the game there
            ck.error(f["deck"].where, _("the deck is empty, and rounds {rounds} have no fixed card to "
                                        "play; list the card ids this scenario draws from.").format(
                rounds=", ".join(map(str, uncovered))))

    triggers: list[Trigger] = []
    for i, node in enumerate(ck.seq(f.get("triggers"), _("'triggers'")) or [], 1):
        twhere = _("trigger #{n}").format(n=i)
        t = ck.mapping(node, twhere, S, ("triggers", "#"))
        if t is None:
            continue
        rnd = ck.ranged(t.get("round"), _("'round' in {where}").format(where=twhere), S,
                        ("triggers", "#", "round"), max_round)
        kind = ck.choice(t.get("kind"), _("'kind' in {where}").format(where=twhere),
                         F.spec(S, ("triggers", "#", "kind")).choices)
        title = ck.text(t.get("title"), _("the title of {where}").format(where=twhere))
        text = ck.text(t.get("text"), _("the text of {where}").format(where=twhere))
        effects = read_effects(ck, t.get("effects"), twhere, actions, TRIGGER_EFFECTS)
        if None not in (rnd, kind, title, text, effects):
            triggers.append(Trigger(rnd, kind, title, text, effects))

    # A scenario's own AI personalities (same shape as personalities.yaml), added to the
    # built-in ones for its roles.
    personalities = read_personality_map(ck, f.get("personalities"), _("'personalities'"), actions, S) \
        if "personalities" in f else {}

    used = dict.fromkeys(deck + list(fixed.values()) + list(inline))
    if ck.has_errors or actions is None or catalogue is None or any(
            available[cid].card is None for cid in used):
        return None
    return Scenario(
        id=sid, name=name, summary=summary,
        intro_facilitator=intro_fac, intro_players=intro_pl,
        rounds=rounds, collapse_line=collapse, designation_limit=designation_limit,
        learning_failures=tuple(x for x, _n in goal_failures or ()),
        learning_lessons=tuple(x for x, _n in goal_lessons or ()),
        region_name=region_name, indicators=freeze({k: indicators[k] for k in INDICATORS}),
        macro=macro, trust=trust,
        roles=freeze(roles),
        deck=tuple(deck),
        cards=freeze({cid: available[cid].card for cid in used}),
        fixed_cards=freeze(dict(sorted(fixed.items()))),
        triggers=tuple(sorted(triggers, key=lambda t: t.round)),
        actions=actions,
        catalogue=catalogue,
        personalities=freeze(personalities),
        index_weights=freeze(dict(index_weights or {})),
    )


# ---------------------------------------------------------------------------------------------
# personalities.yaml (AI characters; see the file's header for the fields)
# ---------------------------------------------------------------------------------------------
_PERS = ("personalities", "*", "#")


@dataclass(frozen=True)
class Personality:
    """How an AI seat plays its role: data, so a facilitator can add one."""
    id: str
    role: str
    name: Text
    description: Text
    weights: Mapping[str, float]          # objectives / agenda multipliers
    risk: float                           # 0 cautious .. 1 gambler
    temptation: float                     # chance per round of the short-term game
    honesty: float                        # chance of keeping a commitment
    favours: tuple[str, ...]              # action ids, in order
    tempted_by: tuple[str, ...] = ()
    prone_to: tuple[str, ...] = ()        # failure ids
    noise: float = F.default("personality", _PERS + ("noise",))


def _action_refs(ck: Checker, node: YNode | None, label: str, role: str,
                 action_ids: Mapping[str, Any] | None) -> tuple[str, ...]:
    """A list of the role's own action ids (repeats allowed: repeatable actions)."""
    out: list[str] = []
    for item in ck.seq(node, label) or []:
        value = ck.string(item, _("an entry of {label}").format(label=label))
        if value is None:
            continue
        if action_ids is not None and value not in action_ids:
            ck.error(item, ck.not_one_of(label, value, sorted(action_ids), _("action")))
            continue
        if not value.startswith(role + "."):
            ck.error(item, _("'{value}' in {label} is not an action of the role '{role}'.")
                     .format(value=value, label=label, role=role))
            continue
        out.append(value)
    return tuple(out)


def read_personality_map(ck: Checker, node: YNode | None, where: str,
                         action_ids: Mapping[str, Any] | None, file: str = "personality"
                         ) -> dict[str, dict[str, Personality]]:
    """{role: [personality, ...]} -> {role: {id: Personality}} in file order. `file`: the kind
    of file the map is in (personalities.yaml, or a scenario's `personalities:`)."""
    out: dict[str, dict[str, Personality]] = {}
    if node is None:
        return out
    if node.kind != "map":
        ck.wrong_type(node, where, _("a mapping of roles to lists of personalities"))
        return out
    for key, value in node.items():
        role = key.raw
        role_keys = F.spec(file, ("personalities", "*")).keys
        if role not in role_keys:
            ck.error(key, ck.not_one_of(where, role, list(role_keys), _("role")))
            continue
        ids: dict[str, YNode] = {}
        mine = out.setdefault(role, {})
        for i, item in enumerate(ck.seq(value, _("the personalities of '{role}'").format(role=role))
                                 or [], 1):
            id_node = item.get("id") if item.kind == "map" else None
            pwhere = (_("personality '{id}'").format(id=id_node.raw) if _named(id_node)
                      else _("personality #{n} of '{role}'").format(n=i, role=role))
            at = ("personalities", role, i - 1)
            g = ck.mapping(item, pwhere, file, at)
            if g is None:
                continue
            pid = ck.ident(g.get("id"), _("'id' in {where}").format(where=pwhere), F.id_pattern(file, at + ("id",)),
                           _("use lowercase letters, digits and '_'"))
            name = ck.text(g.get("name"), _("the name of {where}").format(where=pwhere))
            description = ck.text(g.get("description"),
                                  _("the description of {where}").format(where=pwhere))
            weight_keys = F.spec(file, at + ("weights", "*")).keys
            weights = ck.keyed(g.get("weights"), _("'weights' in {where}").format(where=pwhere), _("weight"),
                               file, at + ("weights",))
            risk = ck.ranged(g.get("risk"), _("'risk' in {where}").format(where=pwhere), file, at + ("risk",))
            temptation = ck.ranged(g.get("temptation"), _("'temptation' in {where}").format(where=pwhere),
                                   file, at + ("temptation",))
            honesty = ck.ranged(g.get("honesty"), _("'honesty' in {where}").format(where=pwhere), file,
                                at + ("honesty",))
            noise = (ck.ranged(g.get("noise"), _("'noise' in {where}").format(where=pwhere), file,
                               at + ("noise",))
                     if "noise" in g else F.default(file, at + ("noise",)))
            favours = _action_refs(ck, g.get("favours"), _("'favours' in {where}").format(where=pwhere),
                                   role, action_ids)
            tempted = _action_refs(ck, g.get("tempted_by"),
                                   _("'tempted_by' in {where}").format(where=pwhere), role, action_ids)
            prone = ck.id_list(g.get("prone_to"), _("'prone_to' in {where}").format(where=pwhere),
                               F.spec(file, at + ("prone_to",)).choices, _("failure type"))
            if "favours" in g and not favours and not ck.has_errors:
                ck.error(g["favours"], _("'favours' in {where} must name at least one action.")
                         .format(where=pwhere))
            if not ck.unique_id(ids, pid, g.get("id"), _("personality")):
                continue
            if None in (name, description, weights, risk, temptation, honesty, noise):
                continue
            if weights is None or len(weights) != len(weight_keys):
                continue
            mine[pid] = Personality(
                id=pid, role=role, name=name, description=description, weights=freeze(weights),
                risk=risk, temptation=temptation, honesty=honesty, favours=favours,
                tempted_by=tempted, prone_to=tuple(t for t, _n in prone or ()), noise=noise)
    return out


def read_personalities(ck: Checker, root: YNode, action_ids: Mapping[str, Any] | None
                       ) -> dict[str, dict[str, Personality]]:
    f = ck.mapping(root, _("the personality file"), "personality", ())
    if f is None:
        return {}
    ck.check_format(f)
    out = read_personality_map(ck, f.get("personalities"), _("'personalities'"), action_ids)
    from .ai_plans import read_ai_plans     # `deals:` and `baseline:`, the AI's plans as data
    read_ai_plans(ck, f, action_ids)
    if not ck.has_errors:
        missing = [r for r in ROLES if not out.get(r)]
        if missing:
            ck.error(f["personalities"].where, _("'personalities' has none for {roles}; every role "
                                                 "needs at least one.")
                     .format(roles=_quoted_list(missing)))
    return out


# ---------------------------------------------------------------------------------------------
# story.yaml — the table's story in the debrief (see the file's header for the format)
# ---------------------------------------------------------------------------------------------
# The facts a story trigger tests and a story text shows (STORY_FACTS) and the keys, choices
# and ranges of story.yaml are the field table's (game/content/fields.py).
# Text placeholders a story text may use besides the facts.
STORY_TEXT_PARAMS: tuple[str, ...] = (
    "winner", "moves", "sources", "failure_ids", "top_failure", "top_failure_roles",
) + tuple(f"path_{k}" for k in INDICATORS)
STORY_STATUSES: tuple[str, ...] = ("met", "partly", "not_met")
T = "story"


@dataclass(frozen=True)
class StoryTest:
    """One test of a trigger: `fact` compared with `bound` ('at_least' / 'at_most'), or a list
    test ('fired_any', ...) over `ids`."""
    kind: str
    fact: str = ""
    value: float = 0.0
    ids: tuple[str, ...] = ()


# A trigger holds when any of its alternatives holds; an alternative when all its tests hold.
StoryTrigger = tuple[tuple[StoryTest, ...], ...]


@dataclass(frozen=True)
class StoryVariant:
    text: Text
    when: StoryTrigger | None = None         # None: always


@dataclass(frozen=True)
class StoryCondition:
    id: str                                  # S1..S4 (its name is the catalogue's)
    section: str
    checks: Text                             # what the game checks
    facts: Text                              # the figures that decide it
    met: tuple[StoryVariant, ...]            # the first whose `when` holds decides
    partly: tuple[StoryVariant, ...]
    not_met: StoryVariant


@dataclass(frozen=True)
class StoryNote:
    """An IV.1 observation or a real case: shown when its trigger holds."""
    id: str
    name: Text
    section: str
    when: StoryTrigger
    text: Text


@dataclass(frozen=True)
class StoryPoint:
    id: str                                  # IV.1(2) ...
    name: Text
    section: str
    observations: tuple[StoryNote, ...]


@dataclass(frozen=True)
class Story:
    labels: Mapping[str, Text]
    summary: Mapping[str, tuple[StoryVariant, ...]]   # index / moves / failures
    conditions: tuple[StoryCondition, ...]            # S1..S4, in order
    points: tuple[StoryPoint, ...]
    cases: tuple[StoryNote, ...]
    winner_at_cost: StoryVariant


def _story_where(key: str, label: str) -> str:
    return _("'{key}' in {label}").format(key=key, label=label)


def _story_text(ck: Checker, node: YNode | None, label: str) -> Text | None:
    """A {ko, en} text whose {placeholders} are story facts or text parameters."""
    text = ck.text(node, label)
    if text is None or node is None:
        return text
    import string
    known = set(STORY_FACTS) | set(STORY_TEXT_PARAMS)
    for lang_key, value in node.items():
        if lang_key.raw not in text:
            continue
        where = _("the '{lang}' text of {label}").format(lang=lang_key.raw, label=label)
        try:
            # plain {name} fields only, as the filler takes them (no conversion, no format spec)
            names = [name + (f"!{conv}" if conv else "") + (f":{spec}" if spec else "")
                     for _lit, name, spec, conv in string.Formatter().parse(text[lang_key.raw])
                     if name is not None]
        except ValueError:
            ck.error(value, _("{label} has an unmatched '{{' or '}}'; write a placeholder as "
                              "{{name}}.").format(label=where))
            continue
        for name in names:
            if name not in known:
                suggestion = _suggest(name, sorted(known))
                hint = _(" Did you mean '{suggestion}'?").format(suggestion=suggestion) if suggestion else ""
                ck.error(value, _("{label} uses the placeholder '{{{name}}}', which is not one of "
                                  "the story's facts.").format(label=where, name=name) + hint)
    return text


def _story_alternative(ck: Checker, node: YNode, label: str,
                       action_ids: Mapping[str, Any] | None, at: tuple) -> tuple[StoryTest, ...] | None:
    """One mapping of tests; `at`: the `when:`'s path in the field table."""
    if node.kind != "map":
        ck.wrong_type(node, label, _("a mapping of keys"))
        return None
    allowed = [k for keys in F.keys_of(T, at) for k in keys]
    numbers = F.spec(T, at + ("*",)).keys                   # <fact>_at_least, <fact>_at_most
    lists = [k for k in allowed if k not in numbers]        # fired_any ... funded_none
    tests: list[StoryTest] = []
    ok = True
    for key, value in node.items():
        name = key.raw
        tlabel = _story_where(name, label)
        if name in lists:
            row = F.spec(T, at + (name,))     # failure ids (a list of ids), or action ids (a list)
            what = _("failure id") if row.kind == "ids" else _("action")
            valid = row.choices if row.kind == "ids" else (
                tuple(action_ids) if action_ids is not None else None)
            if valid is None:      # actions.yaml is broken: check the shape only
                items = ck.seq(value, tlabel)
                ids = [ck.string(i, _("an entry of {label}").format(label=tlabel)) for i in items or []]
                got = [i for i in ids if i]
                ok = ok and items is not None and len(got) == len(items)
            else:
                pairs = ck.id_list(value, tlabel, valid, what)
                got = [i for i, _n in pairs or []]
                ok = ok and pairs is not None and len(got) == len(value.value or [])
            if not got:
                ok = False
                if value.kind == "seq" and not value.value:
                    ck.error(value.where, _("{label} must not be empty.").format(label=tlabel))
            tests.append(StoryTest(name, ids=tuple(got)))
            continue
        bound = next((b for b in F.STORY_BOUNDS if name.endswith(b)), None)
        if bound is None or name not in numbers or name not in allowed:
            suggestion = _suggest(name, allowed)
            if suggestion is not None:
                ck.error(key, ck.not_one_of(label, name, [suggestion], _("trigger")))
            else:
                ck.error(key, _("'{value}' in {label} is not a known trigger; write a fact followed "
                                "by '_at_least' or '_at_most' (the facts are listed in story.yaml's "
                                "header), or one of {lists}.")
                         .format(value=name, label=label, lists=_quoted_list(lists)))
            ok = False
            continue
        number = ck.ranged(value, tlabel, T, at + (name,))
        if number is None:
            ok = False
            continue
        tests.append(StoryTest(bound[1:], fact=name[:-len(bound)], value=number))
    if not tests and ok:
        ck.error(node.where, _("{label} must not be empty.").format(label=label))
        return None
    return tuple(tests) if ok else None


def _story_trigger(ck: Checker, node: YNode | None, label: str,
                   action_ids: Mapping[str, Any] | None, at: tuple) -> StoryTrigger | None:
    """`when:` (`at`: its path in the field table) — a mapping of tests (all must hold) or a
    list of such mappings (any)."""
    if node is None:
        return None
    if node.kind == "seq":
        alts = [_story_alternative(ck, item, _("an entry of {label}").format(label=label), action_ids, at)
                for item in node.value]
        if not alts:
            ck.error(node.where, _("{label} must not be empty.").format(label=label))
            return None
        return None if any(a is None for a in alts) else tuple(alts)
    alt = _story_alternative(ck, node, label, action_ids, at)
    return None if alt is None else (alt,)


def _story_variant(ck: Checker, node: YNode | None, label: str, action_ids,
                   at: tuple) -> StoryVariant | None:
    """A variant {when, text}; `at`: its path in the field table, which says whether `when`
    is required."""
    g = ck.mapping(node, label, T, at)
    if g is None:
        return None
    when = _story_trigger(ck, g.get("when"), _story_where("when", label), action_ids, at + ("when",))
    text = _story_text(ck, g.get("text"), _story_where("text", label))
    if text is None or ("when" in g and when is None):
        return None
    return StoryVariant(text, when)


def _story_variants(ck: Checker, node: YNode | None, label: str, action_ids, at: tuple
                    ) -> tuple[StoryVariant, ...] | None:
    """One variant {when, text}, or a list of them (the first whose `when` holds is shown)."""
    if node is None or node.kind != "seq":
        one = _story_variant(ck, node, label, action_ids, at)
        return None if one is None else (one,)
    if not node.value:
        ck.error(node.where, _("{label} must not be empty.").format(label=label))
        return None
    out = [_story_variant(ck, item, _("an entry of {label}").format(label=label), action_ids, at)
           for item in node.value]
    return None if None in out else tuple(out)


def _story_note(ck: Checker, item: YNode, n: int, list_label: str, action_ids,
                seen: dict[str, YNode], what: str, at: tuple) -> StoryNote | None:
    """An IV.1 observation or a real case (`at`: its path in the field table)."""
    id_node = item.get("id") if item.kind == "map" else None
    where = _story_where(id_node.raw if _named(id_node) else f"#{n}", list_label)
    g = ck.mapping(item, where, T, at)
    if g is None:
        return None
    nid = ck.ident(g.get("id"), _story_where("id", where), F.id_pattern(T, at + ("id",)),
                   _("use lowercase letters, digits and '_'"))
    required = F.keys_of(T, at)[0]
    name = ck.text(g.get("name"), _story_where("name", where)) if "name" in required else freeze({})
    section = ck.string(g.get("section"), _story_where("section", where)) \
        if "section" in g or "section" in required else F.default(T, at + ("section",))
    when = _story_trigger(ck, g.get("when"), _story_where("when", where), action_ids, at + ("when",))
    text = _story_text(ck, g.get("text"), _story_where("text", where))
    if not ck.unique_id(seen, nid, g.get("id"), what):
        return None
    if None in (nid, name, section, when, text):
        return None
    return StoryNote(nid, name, section, when, text)


def read_story(ck: Checker, root: YNode, action_ids: Mapping[str, Any] | None) -> Story | None:
    where = _("the story file")
    f = ck.mapping(root, where, T, ())
    if f is None:
        return None
    ck.check_format(f)

    labels: dict[str, Text] = {}
    lf = ck.mapping(f.get("labels"), "'labels'", T, ("labels",)) or {}
    for key, node in lf.items():
        text = _story_text(ck, node, _story_where(key, "'labels'"))
        if text is not None:
            labels[key] = text

    summary: dict[str, tuple[StoryVariant, ...]] = {}
    sf = ck.mapping(f.get("summary"), "'summary'", T, ("summary",)) or {}
    for key, node in sf.items():
        slabel = _story_where(key, "'summary'")
        items = ck.seq(node, slabel)
        if items is not None and not items:
            ck.error(node.where, _("{label} must not be empty.").format(label=slabel))
        variants = [_story_variant(ck, item, _("an entry of {label}").format(label=slabel), action_ids,
                                   ("summary", "*", "#")) for item in items or []]
        if items and None not in variants:
            summary[key] = tuple(variants)

    conditions: list[StoryCondition] = []
    seen: dict[str, YNode] = {}
    cond_node = f.get("conditions")
    cat = ("conditions", "#")
    condition_ids = F.spec(T, cat + ("id",)).choices
    for i, item in enumerate(ck.seq(cond_node, "'conditions'") or [], 1):
        id_node = item.get("id") if item.kind == "map" else None
        cwhere = _story_where(id_node.raw if _named(id_node) else f"#{i}", "'conditions'")
        g = ck.mapping(item, cwhere, T, cat)
        if g is None:
            continue
        cid = ck.choice(g.get("id"), _story_where("id", cwhere), condition_ids)
        section = ck.string(g.get("section"), _story_where("section", cwhere))
        checks = _story_text(ck, g.get("checks"), _story_where("checks", cwhere))
        facts = _story_text(ck, g.get("facts"), _story_where("facts", cwhere))
        met = _story_variants(ck, g.get("met"), _story_where("met", cwhere), action_ids, cat + ("met",))
        partly = _story_variants(ck, g.get("partly"), _story_where("partly", cwhere), action_ids,
                                 cat + ("partly",))
        not_met = _story_variant(ck, g.get("not_met"), _story_where("not_met", cwhere), action_ids,
                                 cat + ("not_met",))
        if not ck.unique_id(seen, cid, g.get("id"), _("success condition")):
            continue
        if None not in (cid, section, checks, facts, met, partly, not_met):
            conditions.append(StoryCondition(cid, section, checks, facts, met, partly, not_met))
    if cond_node is not None and cond_node.kind == "seq":
        missing = [s for s in condition_ids if s not in seen]
        if missing:
            ck.error(cond_node.where, _("{label} has no entry for {ids}; the game needs all {count}.")
                     .format(label="'conditions'", ids=_quoted_list(missing), count=len(condition_ids)))
    order = {s: i for i, s in enumerate(condition_ids)}
    conditions.sort(key=lambda c: order[c.id])

    points: list[StoryPoint] = []
    seen_points: dict[str, YNode] = {}
    seen_obs: dict[str, YNode] = {}
    for i, item in enumerate(ck.seq(f.get("points"), "'points'") or [], 1):
        id_node = item.get("id") if item.kind == "map" else None
        pwhere = _story_where(id_node.raw if _named(id_node) else f"#{i}", "'points'")
        g = ck.mapping(item, pwhere, T, ("points", "#"))
        if g is None:
            continue
        pid = ck.choice(g.get("id"), _story_where("id", pwhere), F.spec(T, ("points", "#", "id")).choices)
        name = ck.text(g.get("name"), _story_where("name", pwhere))
        section = ck.string(g.get("section"), _story_where("section", pwhere))
        olabel = _story_where("observations", pwhere)
        obs = [_story_note(ck, o, n, olabel, action_ids, seen_obs, "'observations'",
                           ("points", "#", "observations", "#"))
               for n, o in enumerate(ck.seq(g.get("observations"), olabel) or [], 1)]
        if not ck.unique_id(seen_points, pid, g.get("id"), "'points'"):
            continue
        if None not in (pid, name, section) and None not in obs:
            points.append(StoryPoint(pid, name, section, tuple(obs)))

    cases: list[StoryNote] = []
    seen_cases: dict[str, YNode] = {}
    for i, item in enumerate(ck.seq(f.get("real_cases"), "'real_cases'") or [], 1):
        note = _story_note(ck, item, i, "'real_cases'", action_ids, seen_cases, "'real_cases'",
                           ("real_cases", "#"))
        if note is not None:
            cases.append(note)

    winner = _story_variant(ck, f.get("winner_at_cost"), "'winner_at_cost'", action_ids, ("winner_at_cost",))
    if ck.has_errors or winner is None:
        return None
    return Story(freeze(labels), freeze(summary), tuple(conditions), tuple(points), tuple(cases), winner)
