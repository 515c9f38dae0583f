"""Immutable scenario objects the engine plays. Built by `game.content` from YAML files.

Texts are `Text` mappings {lang: str}; the engine never picks a language itself.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

Text = Mapping[str, str]  # {"ko": ..., "en": ...}

@dataclass(frozen=True)
class Effects:
    """What an event option or trigger does, applied at once."""
    region: Mapping[str, float] = field(default_factory=dict)          # indicator -> delta
    budgets: Mapping[str, int] = field(default_factory=dict)           # role -> delta (money from outside the table)
    trust: Mapping[tuple[str, str], float] = field(default_factory=dict)  # (role, role) pair -> delta, symmetric
    macro: float = 0.0
    funds: str | None = None                      # action id started free of charge


@dataclass(frozen=True)
class ActionDef:
    id: str
    role: str
    name: Text
    description: Text
    kind: str
    cost: int
    delay: int = 0
    duration: int = 1
    effects: Mapping[str, float] = field(default_factory=dict)
    repeatable: bool = False
    requires: str | None = None
    tags: tuple[str, ...] = ()
    section: str = ""


@dataclass(frozen=True)
class CardOption:
    id: str
    text: Text
    tags: tuple[str, ...]
    effects: Effects = field(default_factory=Effects)
    explain: Text = field(default_factory=dict)


@dataclass(frozen=True)
class Card:
    id: str
    theme: str
    title: Text
    text: Text
    deciders: tuple[str, ...]
    section: str
    options: tuple[CardOption, ...]

    def option(self, option_id: str) -> CardOption:
        for o in self.options:
            if o.id == option_id:
                return o
        raise KeyError(option_id)


@dataclass(frozen=True)
class Trigger:
    round: int
    kind: str
    title: Text
    text: Text
    effects: Effects = field(default_factory=Effects)


@dataclass(frozen=True)
class CatalogueEntry:
    id: str
    name: Text
    summary: Text
    section: str
    family: str | None = None
    explanation: Text = field(default_factory=dict)       # 3–5 sentences for the debrief
    questions: tuple[Text, ...] = ()                      # discussion questions for the facilitator


@dataclass(frozen=True)
class Catalogue:
    families: Mapping[str, Text]
    failures: Mapping[str, CatalogueEntry]
    lessons: Mapping[str, CatalogueEntry]
    success_conditions: Mapping[str, CatalogueEntry]

    def entry(self, tag: str) -> CatalogueEntry:
        for table in (self.failures, self.lessons, self.success_conditions):
            if tag in table:
                return table[tag]
        raise KeyError(tag)


@dataclass(frozen=True)
class RoleSetup:
    mandate: Text
    agenda_text: Text
    agenda_weights: Mapping[str, float]
    objectives: Mapping[str, float]
    start_budget: int
    income: int
    # How a point of this role's score counts against the other roles' (the exchange rate
    # between very different mandates; set by the strategy lab's balance tool).
    score_scale: float = 1.0


@dataclass(frozen=True)
class Scenario:
    id: str
    name: Text
    summary: Text
    intro_facilitator: Text
    intro_players: Text
    rounds: int
    collapse_line: float
    designation_limit: int
    learning_failures: tuple[str, ...]
    learning_lessons: tuple[str, ...]
    region_name: Text
    indicators: Mapping[str, float]
    macro: float
    trust: float
    roles: Mapping[str, RoleSetup]
    deck: tuple[str, ...]                 # card ids, in file order
    cards: Mapping[str, Card]             # every card the deck refers to
    fixed_cards: Mapping[int, str]
    triggers: tuple[Trigger, ...]
    actions: Mapping[str, ActionDef]      # every action of every role
    catalogue: Catalogue
    content_hash: str = ""                # sha256 of the files it was built from
    personalities: Mapping = field(default_factory=dict)   # {role: {id: Personality}}: the scenario's own AIs
    # What the competitiveness index values in this region: weight per "good" indicator
    # (missing ones weigh 1). A lagging region's index values jobs and cohesion more (III.4).
    index_weights: Mapping[str, float] = field(default_factory=dict)

    def actions_of(self, role: str) -> tuple[ActionDef, ...]:
        by_role = self.__dict__.get("_by_role")
        if by_role is None:  # computed once; the scenario is immutable
            by_role = {}
            for a in self.actions.values():
                by_role.setdefault(a.role, []).append(a)
            by_role = {r: tuple(v) for r, v in by_role.items()}
            object.__setattr__(self, "_by_role", by_role)
        return by_role.get(role, ())
