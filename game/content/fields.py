"""The scenario format, field by field: one table that the Checker validates from, the editor
takes its labels and stepper bounds from, the writer builds new entries from, and
scenarios/README.md's format reference is generated from.

A `FieldSpec` names one field of one kind of file by a path pattern: mapping keys as written,
"*" for any key of a mapping whose keys are names (a role, an indicator, a metric), "#" for any
index of a list. So ("roles", "*", "agenda", "weights", "*") is every agenda weight of every
role, ("cards", "#", "options", "#", "text") every option text of every card.

Some parts of one file have the shape of another, and are described once:

* a scenario's `cards:` holds cards as cards/*.yaml does ("cards", "#", ...);
* a scenario's `personalities:` holds personalities as personalities.yaml does;
* a trigger's `effects:` has the keys of a card option's `effects:`;
* the baseline AI's `tempted_funds:` and `tempted_deals:` have the entries of its `funds:` and
  `deals:` (personalities.yaml);
* every `when:` of story.yaml has the tests of the first one, a summary sentence's.

A field of kind "maps" is a mapping or a list of such mappings (a story `when:`, a condition's
`met:`): an entry of the list has the mapping's rows, so ("conditions", 0, "met", 1, "text") is
the row ("conditions", "#", "met", "text").

`spec()` follows these (see `SHARED`), so spec("scenario", ("cards", 0, "title")) is the card
file's row. Regenerate the README's reference with `python -m game.content.fields --write-readme`.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from game.engine.constants import (
    ACTION_KINDS, AGENDA_METRICS, CARD_THEMES, FAILURE_IDS, FAMILIES, INDEX_INDICATORS, INDICATORS,
    LESSON_IDS, ROLES, SUCCESS_IDS, TAG_IDS, TRIGGER_KINDS,
)
from game.i18n import N_

SUPPORTED_FORMATS = (1,)

# Ids, as the Checker matches them (\Z: "$" would let a trailing newline in).
ACTION_ID = re.compile(r"^[a-z0-9_]+\.[a-z0-9_]+\Z")
CARD_ID = re.compile(r"^[a-z0-9][a-z0-9-]*\Z")
OPTION_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*\Z")
SCENARIO_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}\Z")   # it names a file: 64 characters at most
PERSONALITY_ID = re.compile(r"^[a-z0-9][a-z0-9_]*\Z")
STORY_ID = re.compile(r"^[a-z0-9][a-z0-9_]*\Z")      # an IV.1 observation's, a real case's

FILES = ("scenario", "card", "personality", "actions", "catalogue", "story")
KINDS = ("integer", "number", "text", "string", "ident", "choice", "ids", "actions", "boolean", "map",
         "list", "maps")
REQUESTS = ("diagnosis",)   # the only precondition an action may require
DEAL_KINDS = ("grant", "cofund")
DEAL_MOODS = ("sound", "short")      # the deals of a sound round, of a short-term one
# What an AI may say when it proposes a deal: the sentences are game/content/ai_plans.py's
# DEAL_REASONS (msgids), by these ids.
DEAL_REASONS = ("tied_grant", "subsidy_offer", "election_money", "subsidy_ask", "equipment_ask",
                "cofund_trust", "cofund_research", "cofund_training")

# story.yaml: the page's headings, the summary's sentences, the IV.1 points.
STORY_LABELS: tuple[str, ...] = (
    "page_title", "title", "summary", "winner", "conditions", "checks", "facts", "met", "partly",
    "not_met", "points", "cases", "paper",
)
STORY_SENTENCES: tuple[str, ...] = ("index", "moves", "failures")
STORY_POINTS: tuple[str, ...] = ("IV.1(1)", "IV.1(2)", "IV.1(3)")
# The facts a story trigger tests and a story text shows, all numbers, computed from a finished
# game by game.debrief.story (which checks it computes exactly these). `_pct` facts are 0–100.
STORY_INDICATOR_FACTS: tuple[str, ...] = tuple(
    f"{part}_{k}" for k in INDICATORS for part in ("start", "end", "change", "min", "max"))
STORY_FACTS: tuple[str, ...] = (
    # the region
    "rounds", "index_start", "index_end", "index_change", "collapse_line", "collapse_margin",
    "collapsed", "weak_region",
) + STORY_INDICATOR_FACTS + (
    # money and what it bought (money: from budgets and deals; counts: every start, events' too)
    "total_money", "public_money", "public_cluster_money", "hardware_money", "hardware_pct",
    "local_public_pct", "ministry_public_pct",
    "designations", "designation_limit", "designations_over_limit",
    "parks", "hardware_actions", "external_actions", "network_actions", "diagnoses",
    "coordination", "capacity_grants", "research_actions", "welfare_actions", "macro_measures",
    "lobbying", "hightech", "uniform_programmes", "s1_actions", "cancellations",
    "over_ceiling_rounds", "over_ceiling_money", "downturn_rounds",
    # deals
    "deals_concluded", "cofunded_deals", "conditional_grants", "conditional_money",
    "unconditional_grants", "unconditional_money", "unconditional_to_firms", "lobbied_subsidies",
    "partnership_deals", "ministry_local_partnerships", "broken_commitments",
    # failures and limits
    "fired_count", "firings", "limits_crossed",
    # the winner (zero when the region collapsed)
    "winners_count", "winner_total", "winner_agenda", "winner_agenda_pct", "winner_objectives",
    "winner_legacy",
    # the biggest moves and what drove them
    "moved_indicators", "sourced_moves",
)
STORY_BOUNDS = ("_at_least", "_at_most")
# A `when:`'s number tests: a fact followed by a bound (`designations_at_least`).
STORY_TESTS: tuple[str, ...] = tuple(f + b for f in STORY_FACTS for b in STORY_BOUNDS)


class _Required:
    """The `default` of a field that must be given."""

    def __repr__(self) -> str:
        return "REQUIRED"

    def __reduce__(self) -> str:
        return "REQUIRED"


REQUIRED: Any = _Required()

Path_ = tuple  # a path into a document; a pattern may hold "*" (any key) and "#" (any index)


@dataclass(frozen=True)
class FieldSpec:
    """One field of the format.

    `low`/`high` bound a number (or, with `range_of="key"`, a mapping's number keys: the rounds
    of `fixed_cards`); `high_from` names a field whose value is the real upper bound (a trigger's
    round is at most the scenario's `rounds`; `high` is then that field's own maximum). For a "*"
    row, `keys` are the names it may stand for; with `default` REQUIRED every one must be given.
    `choices` are the values a choice or a list of ids takes. `label` and `help` are msgids
    (English; translate with `_()` when shown) — except that catalogue.yaml's and story.yaml's
    rows, which no screen shows, give plain English where the game has no such message. `step`
    is the editor's −/+ step. `only_if` makes a field one of some entries only: ("kind", "grant")
    is a grant's, not a co-funding's (see `keys_when`)."""
    file: str
    path: tuple
    kind: str
    low: float | None = None
    high: float | None = None
    default: Any = REQUIRED
    choices: tuple = ()
    label: str = ""
    help: str = ""
    step: float | None = None
    keys: tuple[str, ...] = ()
    key_name: str = ""            # how the README writes a "*" of this row: <role>, <indicator>
    high_from: tuple = ()
    range_of: str = "value"       # "value" or "key"
    pattern: str = ""             # an ident's regular expression
    min_items: int | None = None  # a list's or a list of ids' length
    max_items: int | None = None
    only_if: tuple = ()           # (key, value): a field only of the entries whose `key` is `value`

    @property
    def required(self) -> bool:
        return self.default is REQUIRED

    @property
    def whole(self) -> bool:
        """Whether the range bounds whole numbers (an integer, or a ranged key: a round)."""
        return self.kind == "integer" or self.range_of == "key"


def _pairs() -> tuple[str, ...]:
    return tuple(f"{a}-{b}" for i, a in enumerate(ROLES) for b in ROLES[i + 1:])


def _effects(file: str, base: tuple) -> list[FieldSpec]:
    """The keys of a card option's `effects:` (a trigger's refer to these)."""
    return [
        FieldSpec(file, base + ("region",), "map", default={}, label=N_("Effects on the region"),
                  help=N_("Indicator changes, applied once.")),
        FieldSpec(file, base + ("region", "*"), "number", -30, 30, 0, keys=INDICATORS, key_name="indicator",
                  label=N_("Indicator change"), step=1),
        FieldSpec(file, base + ("budgets",), "map", default={}, label=N_("Effects on budgets"),
                  help=N_("Money from outside the table, per role.")),
        FieldSpec(file, base + ("budgets", "*"), "integer", -200, 200, 0, keys=ROLES, key_name="role",
                  label=N_("Budget change"), step=10),
        FieldSpec(file, base + ("trust",), "map", default={}, label=N_("Effects on trust"),
                  help=N_("Trust between two roles; the pair is written '<role>-<role>', once.")),
        FieldSpec(file, base + ("trust", "*"), "number", -30, 30, 0, keys=_pairs(), key_name="role-role",
                  label=N_("Trust change"), step=1),
        FieldSpec(file, base + ("macro",), "number", -1, 1, 0.0, label=N_("Macro climate change"), step=0.1),
        FieldSpec(file, base + ("funds",), "string", default=None, label=N_("Funds an action"),
                  help=N_("An action id from actions.yaml, started free of charge for its role.")),
    ]


def _deal(file: str, base: tuple, with_reason: bool) -> list[FieldSpec]:
    """A deal an AI proposes (`base`: the list entry): a grant or a co-funded project. Those of
    `deals:` give the sentence the AI explains itself with; the baseline's do not."""
    grant, cofund = ("kind", "grant"), ("kind", "cofund")
    rows = [
        FieldSpec(file, base, "map", default=None, label=N_("Deal")),
        FieldSpec(file, base + ("kind",), "choice", choices=DEAL_KINDS, label=N_("Kind"),
                  help=N_("'grant': money from one role to another; 'cofund': a project paid by two.")),
    ]
    if with_reason:
        rows.append(FieldSpec(file, base + ("reason",), "choice", choices=DEAL_REASONS, label=N_("Reason"),
                              help=N_("What the AI says when it proposes; a reason naming a project needs a "
                                      "co-funding or a grant with 'tied_to'.")))
    return rows + [
        FieldSpec(file, base + ("from",), "choice", choices=ROLES, only_if=grant, label=N_("Paid by"),
                  help=N_("This role or the one the deal is proposed to.")),
        FieldSpec(file, base + ("to",), "choice", choices=ROLES, only_if=grant, label=N_("Paid to"),
                  help=N_("This role or the one the deal is proposed to.")),
        FieldSpec(file, base + ("amount",), "integer", 1, 200, only_if=grant, label=N_("Amount"), step=1,
                  help=N_("Budget units.")),
        FieldSpec(file, base + ("tied_to",), "string", default=None, only_if=grant, label=N_("Tied to"),
                  help=N_("An action of the receiver, which it promises to fund this round if it accepts.")),
        FieldSpec(file, base + ("action",), "string", only_if=cofund, label=N_("Co-funded action"),
                  help=N_("The project; its owner pays what the payer does not.")),
        FieldSpec(file, base + ("payer",), "choice", choices=ROLES, only_if=cofund, label=N_("Payer"),
                  help=N_("The role that pays half of it (rounded down); not the action's owner.")),
        FieldSpec(file, base + ("budget_at_least",), "integer", 0, 500, None, label=N_("Budget at least"),
                  step=5, help=N_("Proposed only when this role's budget is at least this much.")),
    ]


def _when(file: str, base: tuple) -> list[FieldSpec]:
    """A condition on what the role observes (`base`: the `when` key); every part given must hold."""
    return [
        FieldSpec(file, base, "map", default={}, label=N_("Condition"),
                  help=N_("Every part given must hold; without it, always.")),
        FieldSpec(file, base + ("indicator",), "choice", default=None, choices=INDICATORS, label=N_("Indicator"),
                  help=N_("With 'below' or 'at_least'.")),
        FieldSpec(file, base + ("below",), "number", 0, 100, None, label=N_("Indicator below"), step=1),
        FieldSpec(file, base + ("at_least",), "number", 0, 100, None, label=N_("Indicator at least"), step=1),
        FieldSpec(file, base + ("macro_below",), "number", -1, 1, None, label=N_("Macro climate below"), step=0.1),
        FieldSpec(file, base + ("no_diagnosis",), "boolean", default=False, label=N_("No diagnosis in force"),
                  help=N_("Only 'true'; leave it out otherwise.")),
        FieldSpec(file, base + ("budget_at_least",), "integer", 0, 500, None, label=N_("Budget at least"),
                  step=5, help=N_("The role's own budget.")),
        FieldSpec(file, base + ("designations_below",), "integer", 0, 20, None, label=N_("Designations below"),
                  step=1, help=N_("Cluster designations made so far.")),
    ]


# catalogue.yaml and story.yaml: no screen shows these rows, so a label or help the game has no
# message for is plain English (the README's), not an N_() msgid.
def _catalogue_entries(key: str, ids: tuple[str, ...], title: str, one: str,
                       with_family: bool) -> list[FieldSpec]:
    """A list of the catalogue (failure types, lessons, success conditions): each id once."""
    K, base = "catalogue", (key, "#")
    rows = [
        FieldSpec(K, (key,), "list", label=title, help="Every id once, in any order."),
        FieldSpec(K, base, "map", default=None, label=one),
        FieldSpec(K, base + ("id",), "choice", choices=ids, label=N_("Id")),
    ]
    if with_family:
        rows.append(FieldSpec(K, base + ("family",), "choice", choices=FAMILIES, label="Family",
                              help="The first letter of the id."))
    return rows + [
        FieldSpec(K, base + ("name",), "text", label=N_("Name")),
        FieldSpec(K, base + ("summary",), "text", label=N_("Summary"), help="One or two sentences."),
        FieldSpec(K, base + ("section",), "string", label=N_("Section of the paper")),
        FieldSpec(K, base + ("explanation",), "text", default={}, label=N_("Explanation"),
                  help="A few sentences for the debrief."),
        FieldSpec(K, base + ("questions",), "list", default=(), min_items=1, max_items=4,
                  label="Discussion questions", help="Questions a facilitator can ask in the debrief."),
        FieldSpec(K, base + ("questions", "#"), "text", default=None, label="Discussion question"),
    ]


WHEN = ("summary", "*", "#", "when")      # story.yaml's first `when:`; every other has its tests


def _story_tests() -> list[FieldSpec]:
    """The tests of a story `when:` (the rows of WHEN; the other `when:`s share them)."""
    T = "story"
    rows = [FieldSpec(T, WHEN + ("*",), "number", -10000, 10000, None, keys=STORY_TESTS, key_name="test",
                      label="A number test",
                      help="A fact of story.yaml's header followed by '_at_least' or '_at_most': the "
                           "fact is at least, or at most, this number.")]
    for key, label, help_ in (("fired_any", "Any fired", "At least one of these failure types fired."),
                              ("fired_none", "None fired", "None of these failure types fired.")):
        rows.append(FieldSpec(T, WHEN + (key,), "ids", default=(), choices=FAILURE_IDS, min_items=1,
                              label=label, help=help_))
    for key, label, help_ in (("funded_any", "Any funded", "Someone funded at least one of these actions, "
                                                           "in any round."),
                              ("funded_none", "None funded", "No one funded any of these actions.")):
        rows += [FieldSpec(T, WHEN + (key,), "list", default=(), min_items=1, label=label, help=help_),
                 FieldSpec(T, WHEN + (key, "#"), "string", default=None, label=N_("Action id"),
                           help="An action id from actions.yaml.")]
    return rows


def _story_variant(base: tuple, kind: str, when: bool, label: str, help: str) -> list[FieldSpec]:
    """A sentence shown when its `when:` holds (`when`: whether it must have one): a mapping
    {when, text}, or (`kind` "maps") a list of them, the first that holds shown."""
    T = "story"
    return [
        FieldSpec(T, base, kind, default=None if base[-1] == "#" else REQUIRED, label=label, help=help),
        FieldSpec(T, base + ("when",), "maps", default=REQUIRED if when else None, label="When",
                  help="Tests on the game's facts: a mapping of tests that must all hold, or a list "
                       "of such mappings of which one must hold."
                       + ("" if when else " Without it, always.")),
        *(_story_tests() if base + ("when",) == WHEN else ()),
        FieldSpec(T, base + ("text",), "text", label=N_("Text"),
                  help="Its {placeholders} are the facts and text parameters of story.yaml's header."),
    ]


def _table() -> tuple[FieldSpec, ...]:
    S, C, P, A = "scenario", "card", "personality", "actions"
    K, T = "catalogue", "story"
    rows: list[FieldSpec] = [
        # --- <id>.yaml — a scenario ---------------------------------------------------------
        FieldSpec(S, ("format",), "choice", choices=SUPPORTED_FORMATS, label=N_("Format"),
                  help=N_("The version of the file format.")),
        FieldSpec(S, ("id",), "ident", pattern=SCENARIO_ID.pattern, label=N_("Scenario id"),
                  help=N_("Must equal the file name without '.yaml'.")),
        FieldSpec(S, ("name",), "text", label=N_("Name")),
        FieldSpec(S, ("summary",), "text", label=N_("Summary")),
        FieldSpec(S, ("intro",), "map", label=N_("Introduction")),
        FieldSpec(S, ("intro", "facilitator"), "text", label=N_("Intro: facilitator")),
        FieldSpec(S, ("intro", "players"), "text", label=N_("Intro: players")),
        FieldSpec(S, ("rounds",), "integer", 3, 12, label=N_("Rounds"), step=1),
        FieldSpec(S, ("collapse_line",), "number", 0, 100, label=N_("Collapse line"), step=1,
                  help=N_("A competitiveness index below this at the end means everyone loses.")),
        FieldSpec(S, ("designation_limit",), "integer", 0, 20, label=N_("Designation limit"), step=1,
                  help=N_("Ministry designations beyond this fire C1 and spread the ministry's cluster "
                          "money thin.")),
        FieldSpec(S, ("learning_goals",), "map", label=N_("Learning goals")),
        FieldSpec(S, ("learning_goals", "failures"), "ids", default=(), choices=FAILURE_IDS,
                  label=N_("Failure types to learn from")),
        FieldSpec(S, ("learning_goals", "lessons"), "ids", default=(), choices=LESSON_IDS,
                  label=N_("Lessons to learn")),
        FieldSpec(S, ("region",), "map", label=N_("Region")),
        FieldSpec(S, ("region", "name"), "text", label=N_("Name of the region")),
        FieldSpec(S, ("region", "indicators"), "map", label=N_("Starting indicators")),
        FieldSpec(S, ("region", "indicators", "*"), "number", 0, 100, keys=INDICATORS, key_name="indicator",
                  label=N_("Starting indicator"), step=1, help=N_("Every indicator must be given.")),
        FieldSpec(S, ("region", "macro"), "number", -1, 1, label=N_("Macro climate"), step=0.1,
                  help=N_("The national macro climate at the start.")),
        FieldSpec(S, ("region", "trust"), "number", 0, 100, label=N_("Starting trust between roles"), step=1,
                  help=N_("The starting trust between every pair of roles.")),
        FieldSpec(S, ("region", "index_weights"), "map", default={}, label=N_("Index weights"),
                  help=N_("The weight of a good indicator in the competitiveness index.")),
        FieldSpec(S, ("region", "index_weights", "*"), "number", 0, 5, 1, keys=INDEX_INDICATORS,
                  key_name="indicator", label=N_("Index weight"), step=0.5,
                  help=N_("Only the eight good indicators; those not listed weigh 1.")),
        FieldSpec(S, ("budgets",), "map", label=N_("Budgets")),
        FieldSpec(S, ("budgets", "*"), "map", keys=ROLES, key_name="role", label=N_("Budget of a role"),
                  help=N_("Every role must be given.")),
        FieldSpec(S, ("budgets", "*", "start"), "integer", 0, 10000, label=N_("Start budget"), step=10),
        FieldSpec(S, ("budgets", "*", "income"), "integer", 0, 10000, label=N_("Income per round"), step=10),
        FieldSpec(S, ("roles",), "map", label=N_("Roles")),
        FieldSpec(S, ("roles", "*"), "map", keys=ROLES, key_name="role", label=N_("Role"),
                  help=N_("Every role must be given.")),
        FieldSpec(S, ("roles", "*", "mandate"), "text", label=N_("Mandate"), help=N_("Public.")),
        FieldSpec(S, ("roles", "*", "agenda"), "map", label=N_("Agenda"), help=N_("Private.")),
        FieldSpec(S, ("roles", "*", "agenda", "text"), "text", label=N_("Agenda text")),
        FieldSpec(S, ("roles", "*", "agenda", "weights"), "map", label=N_("Agenda weights")),
        FieldSpec(S, ("roles", "*", "agenda", "weights", "*"), "number", -10, 10, 0, keys=AGENDA_METRICS,
                  key_name="metric", label=N_("Agenda weight"), step=0.1,
                  help=N_("Points per unit of the metric.")),
        FieldSpec(S, ("roles", "*", "objectives"), "map", label=N_("Objectives")),
        FieldSpec(S, ("roles", "*", "objectives", "*"), "number", -5, 5, 0, keys=INDICATORS,
                  key_name="indicator", label=N_("Objective weight"), step=0.1,
                  help=N_("The role earns 0.4 × weight points per point the indicator moved.")),
        FieldSpec(S, ("roles", "*", "score_scale"), "number", 0.1, 10, 1.0, label=N_("Score scale"), step=0.1,
                  help=N_("How a point of this role's score counts against the other roles'.")),
        FieldSpec(S, ("deck",), "list", label=N_("Deck"),
                  help=N_("Card ids from cards/*.yaml or from 'cards:'.")),
        FieldSpec(S, ("deck", "#"), "string", default=None, label=N_("Card id")),
        FieldSpec(S, ("cards",), "list", default=(), label=N_("Cards of this scenario"),
                  help=N_("Cards only this scenario uses, as in cards/*.yaml.")),
        FieldSpec(S, ("fixed_cards",), "map", default={}, label=N_("Fixed cards"),
                  help=N_("Round -> the card id drawn that round.")),
        FieldSpec(S, ("fixed_cards", "*"), "string", 1, 12, None, key_name="round", high_from=("rounds",),
                  range_of="key", label=N_("Fixed card"), help=N_("The round is from 1 to 'rounds'.")),
        FieldSpec(S, ("triggers",), "list", default=(), label=N_("Triggers")),
        FieldSpec(S, ("triggers", "#"), "map", default=None, label=N_("Trigger")),
        FieldSpec(S, ("triggers", "#", "round"), "integer", 1, 12, high_from=("rounds",), label=N_("Round"),
                  step=1, help=N_("From 1 to 'rounds'.")),
        FieldSpec(S, ("triggers", "#", "kind"), "choice", choices=TRIGGER_KINDS, label=N_("Kind")),
        FieldSpec(S, ("triggers", "#", "title"), "text", label=N_("Title")),
        FieldSpec(S, ("triggers", "#", "text"), "text", label=N_("Text")),
        FieldSpec(S, ("triggers", "#", "effects"), "map", default={}, label=N_("Effects"),
                  help=N_("The keys of a card option's effects.")),
        FieldSpec(S, ("personalities",), "map", default={}, label=N_("AI personalities of this scenario"),
                  help=N_("As in personalities.yaml.")),

        # --- cards/*.yaml (and a scenario's `cards:`) ---------------------------------------
        FieldSpec(C, ("format",), "choice", choices=SUPPORTED_FORMATS, label=N_("Format"),
                  help=N_("The version of the file format.")),
        FieldSpec(C, ("cards",), "list", label=N_("Cards")),
        FieldSpec(C, ("cards", "#"), "map", default=None, label=N_("Card")),
        FieldSpec(C, ("cards", "#", "id"), "ident", pattern=CARD_ID.pattern, label=N_("Card id"),
                  help=N_("Unique across all card files.")),
        FieldSpec(C, ("cards", "#", "theme"), "choice", choices=CARD_THEMES, label=N_("Theme"),
                  help=N_("The failure type it draws on, or 'positive' / 'neutral'.")),
        FieldSpec(C, ("cards", "#", "title"), "text", label=N_("Title")),
        FieldSpec(C, ("cards", "#", "text"), "text", label=N_("Text"), help=N_("The situation, 2–4 sentences.")),
        FieldSpec(C, ("cards", "#", "deciders"), "ids", choices=ROLES, min_items=1, label=N_("Deciders"),
                  help=N_("The first role listed chooses; the others are consulted.")),
        FieldSpec(C, ("cards", "#", "section"), "string", label=N_("Section of the paper")),
        FieldSpec(C, ("cards", "#", "options"), "list", min_items=2, max_items=3, label=N_("Options")),
        FieldSpec(C, ("cards", "#", "options", "#"), "map", default=None, label=N_("Option")),
        FieldSpec(C, ("cards", "#", "options", "#", "id"), "ident", pattern=OPTION_ID.pattern,
                  label=N_("Option id"), help=N_("Unique within the card.")),
        FieldSpec(C, ("cards", "#", "options", "#", "text"), "text", label=N_("Option text")),
        FieldSpec(C, ("cards", "#", "options", "#", "tags"), "ids", choices=TAG_IDS, min_items=1,
                  label=N_("Tags"), help=N_("Failure ids risked, lessons or success conditions followed.")),
        FieldSpec(C, ("cards", "#", "options", "#", "effects"), "map", default={}, label=N_("Effects")),
        *_effects(C, ("cards", "#", "options", "#", "effects")),
        FieldSpec(C, ("cards", "#", "options", "#", "explain"), "text", default={},
                  label=N_("Why this option"), help=N_("One sentence: why it risks or follows its tag.")),

        # --- personalities.yaml (and a scenario's `personalities:`) --------------------------
        FieldSpec(P, ("format",), "choice", choices=SUPPORTED_FORMATS, label=N_("Format"),
                  help=N_("The version of the file format.")),
        FieldSpec(P, ("personalities",), "map", label=N_("AI personalities")),
        FieldSpec(P, ("personalities", "*"), "list", default=(), keys=ROLES, key_name="role",
                  label=N_("Personalities of a role")),
        FieldSpec(P, ("personalities", "*", "#"), "map", default=None, label=N_("Personality")),
        FieldSpec(P, ("personalities", "*", "#", "id"), "ident", pattern=PERSONALITY_ID.pattern,
                  label=N_("Personality id"), help=N_("Unique within its role.")),
        FieldSpec(P, ("personalities", "*", "#", "name"), "text", label=N_("Name")),
        FieldSpec(P, ("personalities", "*", "#", "description"), "text", label=N_("Description")),
        FieldSpec(P, ("personalities", "*", "#", "weights"), "map", label=N_("Weights"),
                  help=N_("Multipliers over the scenario's objectives and agenda weights.")),
        FieldSpec(P, ("personalities", "*", "#", "weights", "*"), "number", 0, 5, keys=("objectives", "agenda"),
                  key_name="weight", label=N_("Weight"), step=0.1,
                  help=N_("1 = as the score counts them; both must be given.")),
        FieldSpec(P, ("personalities", "*", "#", "risk"), "number", 0, 1, label=N_("Risk"), step=0.05,
                  help=N_("0 cautious to 1 gambler.")),
        FieldSpec(P, ("personalities", "*", "#", "temptation"), "number", 0, 1, label=N_("Temptation"),
                  step=0.05, help=N_("Chance per round of playing its short-term game.")),
        FieldSpec(P, ("personalities", "*", "#", "honesty"), "number", 0, 1, label=N_("Honesty"), step=0.05,
                  help=N_("Chance of keeping a commitment.")),
        FieldSpec(P, ("personalities", "*", "#", "favours"), "actions", label=N_("Favoured actions"),
                  min_items=1, help=N_("The role's own actions it funds first, in order.")),
        FieldSpec(P, ("personalities", "*", "#", "tempted_by"), "actions", default=(),
                  label=N_("Tempting actions"), help=N_("The actions it funds in a tempted round.")),
        FieldSpec(P, ("personalities", "*", "#", "prone_to"), "ids", default=(), choices=FAILURE_IDS,
                  label=N_("Prone to"), help=N_("Failure types it typically walks into.")),
        FieldSpec(P, ("personalities", "*", "#", "noise"), "number", 0, 1, 0.15, label=N_("Noise"), step=0.05,
                  help=N_("Chance that the easy level takes a random legal move.")),
        # the AI's plans (read by game/content/ai_plans.py)
        FieldSpec(P, ("deals",), "map", default={}, label=N_("Deals the AI proposes"),
                  help=N_("Per role, the deals an AI seat proposes.")),
        FieldSpec(P, ("deals", "*"), "map", default={}, keys=ROLES, key_name="role", label=N_("Deals of a role")),
        FieldSpec(P, ("deals", "*", "*"), "list", default=(), keys=DEAL_MOODS, key_name="mood",
                  label=N_("Deals of a kind of round"),
                  help=N_("'sound': a round played for the region; 'short': a tempted round, and every "
                          "round of a personality that weighs its agenda above its objectives. Best first.")),
        *_deal(P, ("deals", "*", "*", "#"), with_reason=True),
        FieldSpec(P, ("baseline",), "map", default={}, label=N_("The baseline AI's plan"),
                  help=N_("Per role, the whole plan of the baseline AI.")),
        FieldSpec(P, ("baseline", "*"), "map", default={}, keys=ROLES, key_name="role",
                  label=N_("Baseline plan of a role")),
        FieldSpec(P, ("baseline", "*", "funds"), "list", default=(), label=N_("Funded actions"),
                  help=N_("In order: each entry whose condition holds and that the role can afford.")),
        FieldSpec(P, ("baseline", "*", "funds", "#"), "map", default=None, label=N_("Funded action")),
        FieldSpec(P, ("baseline", "*", "funds", "#", "action"), "string", label=N_("Action"),
                  help=N_("An action id of the role.")),
        *_when(P, ("baseline", "*", "funds", "#", "when")),
        FieldSpec(P, ("baseline", "*", "tempted_funds"), "list", default=(), label=N_("Funded actions when tempted"),
                  help=N_("The same, in a tempted round.")),
        FieldSpec(P, ("baseline", "*", "deals"), "list", default=(), label=N_("Deals it proposes"),
                  help=N_("The deal it proposes per round: the first the rules allow.")),
        *_deal(P, ("baseline", "*", "deals", "#"), with_reason=False),
        FieldSpec(P, ("baseline", "*", "tempted_deals"), "list", default=(), label=N_("Deals when tempted"),
                  help=N_("The same, in a tempted round.")),

        # --- actions.yaml --------------------------------------------------------------------
        FieldSpec(A, ("format",), "choice", choices=SUPPORTED_FORMATS, label=N_("Format"),
                  help=N_("The version of the file format.")),
        FieldSpec(A, ("actions",), "list", label=N_("Actions")),
        FieldSpec(A, ("actions", "#"), "map", default=None, label=N_("Action")),
        FieldSpec(A, ("actions", "#", "id"), "ident", pattern=ACTION_ID.pattern, label=N_("Action id"),
                  help=N_("'<role>.<name>'; unique.")),
        FieldSpec(A, ("actions", "#", "role"), "choice", choices=ROLES, label=N_("Role")),
        FieldSpec(A, ("actions", "#", "name"), "text", label=N_("Name")),
        FieldSpec(A, ("actions", "#", "description"), "text", label=N_("Description")),
        FieldSpec(A, ("actions", "#", "kind"), "choice", choices=ACTION_KINDS, label=N_("Kind")),
        FieldSpec(A, ("actions", "#", "cost"), "integer", 0, 1000, label=N_("Cost"), step=5,
                  help=N_("Budget units.")),
        FieldSpec(A, ("actions", "#", "delay"), "integer", 0, 5, 0, label=N_("Delay"), step=1,
                  help=N_("Rounds before it pays off.")),
        FieldSpec(A, ("actions", "#", "duration"), "integer", 1, 10, 1, label=N_("Duration"), step=1,
                  help=N_("Rounds it pays off for.")),
        FieldSpec(A, ("actions", "#", "effects"), "map", default={}, label=N_("Effects"),
                  help=N_("Per paying round at full strength.")),
        FieldSpec(A, ("actions", "#", "effects", "*"), "number", -30, 30, 0, keys=INDICATORS,
                  key_name="indicator", label=N_("Indicator change"), step=1),
        FieldSpec(A, ("actions", "#", "repeatable"), "boolean", default=False, label=N_("Repeatable"),
                  help=N_("May be funded more than once in a round.")),
        FieldSpec(A, ("actions", "#", "requires"), "choice", default=None, choices=REQUESTS,
                  label=N_("Requires"), help=N_("Only when a regional diagnosis is in force.")),
        FieldSpec(A, ("actions", "#", "tags"), "ids", default=(), choices=TAG_IDS, label=N_("Tags")),
        FieldSpec(A, ("actions", "#", "section"), "string", label=N_("Section of the paper")),

        # --- catalogue.yaml ------------------------------------------------------------------
        FieldSpec(K, ("format",), "choice", choices=SUPPORTED_FORMATS, label=N_("Format"),
                  help=N_("The version of the file format.")),
        FieldSpec(K, ("families",), "list", label="Families", help="Every family once, in any order."),
        FieldSpec(K, ("families", "#"), "map", default=None, label="Family"),
        FieldSpec(K, ("families", "#", "id"), "choice", choices=FAMILIES, label=N_("Id")),
        FieldSpec(K, ("families", "#", "name"), "text", label=N_("Name")),
        *_catalogue_entries("failures", FAILURE_IDS, "Failure types", N_("Failure type"), with_family=True),
        *_catalogue_entries("lessons", LESSON_IDS, N_("Lessons"), "Lesson", with_family=False),
        *_catalogue_entries("success_conditions", SUCCESS_IDS, "Conditions for success", "Condition for success",
                            with_family=False),
        FieldSpec(K, ("glossary",), "list", default=(), label="Glossary",
                  help="One Korean term per concept, used everywhere in the game (checked by "
                       "tests/test_korean.py)."),
        FieldSpec(K, ("glossary", "#"), "map", default=None, label="Term of the glossary"),
        FieldSpec(K, ("glossary", "#", "term"), "text", label="Term",
                  help="The Korean term and its English; an entry without both is left out."),
        FieldSpec(K, ("glossary", "#", "msgid"), "string", default=None, label="Panel message",
                  help="The game's message (msgid) that shows the term on the panel."),
        FieldSpec(K, ("glossary", "#", "avoid"), "list", default=(), label="Variants to avoid",
                  help="They must not appear in Korean text (a variant inside a listed term is not counted)."),
        FieldSpec(K, ("glossary", "#", "avoid", "#"), "string", default=None, label="Variant"),
        FieldSpec(K, ("glossary", "#", "allow"), "list", default=(), label="Allowed phrases",
                  help="Phrases that keep a variant because they quote the paper's own words."),
        FieldSpec(K, ("glossary", "#", "allow", "#"), "string", default=None, label="Phrase"),

        # --- story.yaml (the debrief's table story) -------------------------------------------
        FieldSpec(T, ("format",), "choice", choices=SUPPORTED_FORMATS, label=N_("Format"),
                  help=N_("The version of the file format.")),
        FieldSpec(T, ("labels",), "map", label="Headings", help="The headings of the page."),
        FieldSpec(T, ("labels", "*"), "text", keys=STORY_LABELS, key_name="heading", label="Heading",
                  help="Every heading must be given."),
        FieldSpec(T, ("summary",), "map", label=N_("Summary"), help="The three sentences on how the region moved."),
        FieldSpec(T, ("summary", "*"), "list", keys=STORY_SENTENCES, key_name="sentence", min_items=1,
                  label="Sentence", help="Every sentence must be given: a list of variants, the first "
                                         "whose 'when' holds shown."),
        *_story_variant(("summary", "*", "#"), "map", False, "Variant", ""),
        FieldSpec(T, ("conditions",), "list", label="Conditions for success",
                  help="S1 … S4, each once, as the game assesses them."),
        FieldSpec(T, ("conditions", "#"), "map", default=None, label="Condition for success"),
        FieldSpec(T, ("conditions", "#", "id"), "choice", choices=SUCCESS_IDS, label=N_("Id"),
                  help="Its name is the catalogue's."),
        FieldSpec(T, ("conditions", "#", "section"), "string", label=N_("Section of the paper")),
        FieldSpec(T, ("conditions", "#", "checks"), "text", label="What the game checks"),
        FieldSpec(T, ("conditions", "#", "facts"), "text", label="The figures that decide it"),
        *_story_variant(("conditions", "#", "met"), "maps", True, "Met",
                        "A variant, or a list of them: the first whose 'when' holds decides."),
        *_story_variant(("conditions", "#", "partly"), "maps", True, "Partly met",
                        "The same, when 'met' does not hold."),
        *_story_variant(("conditions", "#", "not_met"), "map", False, "Not met",
                        "When neither 'met' nor 'partly' holds."),
        FieldSpec(T, ("points",), "list", label="IV.1 points", help="What else the paper warns about."),
        FieldSpec(T, ("points", "#"), "map", default=None, label="Point"),
        FieldSpec(T, ("points", "#", "id"), "choice", choices=STORY_POINTS, label=N_("Id")),
        FieldSpec(T, ("points", "#", "name"), "text", label=N_("Name")),
        FieldSpec(T, ("points", "#", "section"), "string", label=N_("Section of the paper")),
        FieldSpec(T, ("points", "#", "observations"), "list", label="Observations",
                  help="Each shown when its 'when' holds."),
        FieldSpec(T, ("points", "#", "observations", "#"), "map", default=None, label="Observation"),
        FieldSpec(T, ("points", "#", "observations", "#", "id"), "ident", pattern=STORY_ID.pattern,
                  label=N_("Id"), help="Unique across all points."),
        FieldSpec(T, ("points", "#", "observations", "#", "when"), "maps", label="When",
                  help="As a summary sentence's."),
        FieldSpec(T, ("points", "#", "observations", "#", "text"), "text", label=N_("Text")),
        FieldSpec(T, ("points", "#", "observations", "#", "section"), "string", default="",
                  label=N_("Section of the paper")),
        FieldSpec(T, ("real_cases",), "list", label="Real cases",
                  help="The paper's real cases this table echoes, each shown when its 'when' holds."),
        FieldSpec(T, ("real_cases", "#"), "map", default=None, label="Real case"),
        FieldSpec(T, ("real_cases", "#", "id"), "ident", pattern=STORY_ID.pattern, label=N_("Id"),
                  help="Unique."),
        FieldSpec(T, ("real_cases", "#", "name"), "text", label=N_("Name")),
        FieldSpec(T, ("real_cases", "#", "section"), "string", label=N_("Section of the paper"),
                  help="Say only what the paper says, and cite it."),
        FieldSpec(T, ("real_cases", "#", "when"), "maps", label="When", help="As a summary sentence's."),
        FieldSpec(T, ("real_cases", "#", "text"), "text", label=N_("Text")),
        *_story_variant(("winner_at_cost",), "map", True, "The winner at the region's cost",
                        "The sentence for a winner whose score came from its private agenda while the "
                        "region paid."),
    ]
    return tuple(rows)


FIELDS: tuple[FieldSpec, ...] = _table()

# Parts of a file that have another file's shape: (file, prefix, other file, other prefix): the
# file has its own row for `prefix` (optional, say); what is under it is described by the other
# file's rows under `other prefix`.
SHARED: tuple[tuple[str, tuple, str, tuple], ...] = (
    ("scenario", ("cards",), "card", ("cards",)),
    ("scenario", ("personalities",), "personality", ("personalities",)),
    ("scenario", ("triggers", "#", "effects"), "card", ("cards", "#", "options", "#", "effects")),
    ("personality", ("baseline", "*", "tempted_funds"), "personality", ("baseline", "*", "funds")),
    ("personality", ("baseline", "*", "tempted_deals"), "personality", ("baseline", "*", "deals")),
) + tuple(("story", base + ("when",), "story", WHEN) for base in (
    ("conditions", "#", "met"), ("conditions", "#", "partly"), ("conditions", "#", "not_met"),
    ("points", "#", "observations", "#"), ("real_cases", "#"), ("winner_at_cost",)))


# --- lookup -------------------------------------------------------------------------------------
_index: dict[tuple[str, tuple], FieldSpec] = {}
_children: dict[tuple[str, tuple], list[FieldSpec]] = {}
_cache: dict[tuple[str, tuple], FieldSpec | None] = {}
_prefixes: set[tuple[str, tuple]] = set()
_keys: dict[tuple[str, tuple], tuple[tuple[str, ...], tuple[str, ...]]] = {}
_built_from: list[Any] = [None]


def _ensure() -> None:
    """(Re)build the indexes when FIELDS is a new tuple (tests replace it)."""
    if _built_from[0] is FIELDS:
        return
    _index.clear()
    _children.clear()
    _cache.clear()
    _keys.clear()
    _prefixes.clear()
    for s in FIELDS:
        _index[(s.file, s.path)] = s
        _prefixes.update((s.file, s.path[:i]) for i in range(1, len(s.path) + 1))
        _children.setdefault((s.file, s.path[:-1]), []).append(s)
    _built_from[0] = FIELDS


def _match(file: str, path: tuple) -> FieldSpec | None:
    # A named key is tried before "*" (a story `when:` has both: `fired_any`, and any number
    # test), so the first candidate that leads somewhere is the one.
    pattern: tuple = ()
    for i, key in enumerate(path):
        index = isinstance(key, int) and not isinstance(key, bool)
        if index and getattr(_index.get((file, pattern)), "kind", None) == "maps":
            continue                             # an entry of a list of such mappings: the same rows
        candidates: tuple = ("#", "*") if index else (key, "*")   # a list index, or a number key (fixed_cards)
        step = next((c for c in candidates if (file, pattern + (c,)) in _prefixes), None)
        if step is None:
            return None
        pattern += (step,)
        if i + 1 < len(path):
            for f, prefix, other, oprefix in SHARED:
                if f == file and pattern == prefix:
                    return _match(other, oprefix + tuple(path[i + 1:]))
    return _index.get((file, pattern))


def spec(file: str, path: tuple) -> FieldSpec:
    """The row of a field: `path` is concrete (("roles", "ministry", "objectives", "industry"),
    ("cards", 0, "title")) or a pattern; KeyError when the format has no such field."""
    _ensure()
    key = (file, tuple(path))
    found = _cache.get(key, False)
    if found is False:
        found = _match(file, tuple(path))
        if len(_cache) < 50_000:        # concrete paths of a huge file must not grow it forever
            _cache[key] = found
    if found is None:
        raise KeyError(f"{file}: no field {'.'.join(map(str, path)) or '(top)'}")
    return found  # type: ignore[return-value]


def bounds(file: str, path: tuple) -> tuple[float, float]:
    """(low, high) of a number field (the editor's stepper bounds, the Checker's range)."""
    s = spec(file, path)
    if s.low is None or s.high is None:
        raise KeyError(f"{file}: {'.'.join(map(str, path))} has no range")
    return s.low, s.high


def id_pattern(file: str, path: tuple) -> re.Pattern:
    """The compiled regular expression of an id field (re's own cache keeps it compiled)."""
    return re.compile(spec(file, path).pattern)


def default(file: str, path: tuple) -> Any:
    """The value a missing optional field stands for (REQUIRED for a required one)."""
    return spec(file, path).default


def children(file: str, path: tuple) -> list[FieldSpec]:
    """The rows directly under a mapping or list, in table order (following SHARED)."""
    _ensure()
    if path:
        parent = spec(file, path)
        file, path = parent.file, parent.path
        for f, prefix, other, oprefix in SHARED:
            if f == file and path == prefix:
                file, path = other, oprefix
    return list(_children.get((file, tuple(path)), []))


def keys_of(file: str, path: tuple) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(required keys, optional keys) of a mapping, in table order: what the Checker allows.
    A mapping keyed by names ("*" row) allows the row's `keys`, all required when the row is
    (beside its named rows, if it has any: a story `when:`)."""
    _ensure()
    found = _keys.get((file, path))
    if found is None:
        found = _keys_of(file, path)
        if len(_keys) < 50_000:
            _keys[(file, path)] = found
    return found


def keys_when(file: str, path: tuple, key: str, value: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """keys_of() of an entry whose `key` is `value`: without the keys of other entries (a grant
    has no `payer`, a co-funding no `amount`: see FieldSpec.only_if)."""
    required, optional = keys_of(file, path)

    def fits(k: str) -> bool:
        only = spec(file, tuple(path) + (k,)).only_if
        return not only or only == (key, value)
    return tuple(filter(fits, required)), tuple(filter(fits, optional))


def _keys_of(file: str, path: tuple) -> tuple[tuple[str, ...], tuple[str, ...]]:
    required: list[str] = []
    optional: list[str] = []
    for s in children(file, path):
        if s.path[-1] != "#":
            (required if s.required else optional).extend(s.keys if s.path[-1] == "*" else (s.path[-1],))
    return tuple(required), tuple(optional)


def high(file: str, path: tuple, values: dict[tuple, Any] | None = None) -> float:
    """A field's upper bound; with `high_from`, that field's value when `values` ({path: value},
    e.g. {("rounds",): 6}) has it as a number (a trigger's round: at most the scenario's rounds)."""
    s = spec(file, path)
    if s.high_from and values and isinstance(values.get(s.high_from), (int, float)):
        return values[s.high_from]
    return s.high  # type: ignore[return-value]


# --- the README's reference ---------------------------------------------------------------------
FILE_TITLES = {
    "scenario": "`<id>.yaml` — a scenario",
    "card": "`cards/*.yaml` — cards (and a scenario's `cards:`)",
    "personality": "`personalities.yaml` — AI personalities (and a scenario's `personalities:`)",
    "actions": "`actions.yaml` — actions",
    "catalogue": "`catalogue.yaml` — the paper's failure types, lessons, success conditions, glossary",
    "story": "`story.yaml` — the debrief's table story",
}
KIND_NAMES = {
    "integer": "whole number", "number": "number", "text": "text `{ko, en}`", "string": "text",
    "ident": "id", "choice": "one of", "ids": "list of", "actions": "list of the role's action ids",
    "boolean": "true / false", "map": "mapping", "list": "list", "maps": "mapping, or a list of mappings",
}


def _shown(path: tuple, rows: dict[tuple, FieldSpec]) -> str:
    out = ""
    for i, key in enumerate(path):
        if key == "#":
            out += "[]"
            continue
        if key == "*":
            row = rows.get(path[:i + 1])
            key = f"<{row.key_name or 'key'}>" if row else "<key>"
        out += ("." if out else "") + str(key)
    return f"`{out}`"


def _number(v: Any) -> str:
    return str(v)


def _list(items: Iterable, limit: int = 12) -> str:
    items = [str(i) for i in items]
    if len(items) > limit:
        return f"`{items[0]}` … `{items[-1]}` ({len(items)})"
    return ", ".join(f"`{i}`" for i in items)


def _value(s: FieldSpec) -> str:
    kind = KIND_NAMES[s.kind]
    if s.kind in ("choice", "ids") and s.choices:
        kind += " " + _list(s.choices)
    if s.kind == "ident" and s.pattern:
        kind += f" `{s.pattern.removesuffix(chr(92) + 'Z')}`"     # without the "\\Z" end anchor
    if s.low is not None and s.high is not None:
        rng = f"{_number(s.low)} to {_number(s.high)}"
        if s.high_from:
            rng += f" (at most `{'.'.join(s.high_from)}`)"
        kind += (f"; the key: {rng}" if s.range_of == "key" else f", {rng}")
    if s.min_items is not None or s.max_items is not None:
        if s.max_items is None:
            kind += f", at least {s.min_items}"
        else:
            kind += f", {s.min_items} to {s.max_items} items"
    if s.path[-1] == "*" and s.keys:
        kind += "; keys: " + _list(s.keys)
    return kind


def _default(s: FieldSpec) -> str:
    shown = _default_of(s)
    if s.only_if:
        shown += f" (`{s.only_if[0]}: {s.only_if[1]}` only)"
    return shown


def _default_of(s: FieldSpec) -> str:
    if s.required:
        return "**required**" + (" (every key)" if s.path[-1] == "*" else "")
    if s.path[-1] == "#":
        return ""
    d = s.default
    if d is None:
        return "optional"
    if isinstance(d, bool):
        return f"`{str(d).lower()}`"
    if isinstance(d, (dict, tuple, str)) and not d:
        return "optional"
    return f"`{d}`"


def format_reference() -> str:
    """Every field of the format as Markdown tables (English), one per file kind."""
    _ensure()
    parts: list[str] = []
    for file in FILES:
        rows = {s.path: s for s in FIELDS if s.file == file}
        parts.append(f"### {FILE_TITLES[file]}\n")
        shared: dict[tuple[str, tuple], list[tuple]] = {}     # the prefixes of one other part, together
        for f, prefix, other, oprefix in SHARED:
            if f == file:
                shared.setdefault((other, oprefix), []).append(prefix)
        for (other, oprefix), prefixes in shared.items():
            theirs = {s.path: s for s in FIELDS if s.file == other}
            under = ", ".join(_shown(prefix, rows) for prefix in prefixes)
            parts.append(f"Under {under}: the fields of {FILE_TITLES[other].split(' — ')[0]} "
                         f"under {_shown(oprefix, theirs)}.\n")
        parts.append("| field | value | default | meaning |")
        parts.append("|---|---|---|---|")
        for s in FIELDS:
            if s.file != file:
                continue
            meaning = s.label + (f": {s.help}" if s.help else "")
            parts.append(f"| {_shown(s.path, rows)} | {_value(s)} | {_default(s)} | {meaning} |")
        parts.append("")
    return "\n".join(parts).rstrip() + "\n"


README = Path(__file__).resolve().parents[2] / "scenarios" / "README.md"
BEGIN, END = "<!-- fields:begin -->", "<!-- fields:end -->"


def readme_section(text: str) -> str | None:
    """The generated part of the README's text (between the markers), or None."""
    if BEGIN not in text or END not in text:
        return None
    return text.split(BEGIN, 1)[1].split(END, 1)[0].strip("\n") + "\n"


def write_readme(path: Path = README) -> bool:
    """Put format_reference() between the README's markers. Returns True if it changed."""
    text = path.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        raise SystemExit(f"{path}: the markers {BEGIN} and {END} are missing")
    head, rest = text.split(BEGIN, 1)
    _old, tail = rest.split(END, 1)
    new = f"{head}{BEGIN}\n{format_reference()}{END}{tail}"
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


def main(argv: list[str]) -> int:
    if "--write-readme" in argv:
        print("scenarios/README.md " + ("updated" if write_readme() else "is up to date"))
        return 0
    sys.stdout.write(format_reference())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
