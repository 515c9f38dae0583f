"""The game state and the records kept in it.

`GameState` is mutated only inside `game.engine.game.apply`, on a fresh copy (`clone`), so
callers may keep old states (undo, search, counterfactual replay). Records stored in it
(programmes, deals, log entries) are frozen, so a clone shares them safely.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Mapping, NamedTuple, TypedDict

import numpy as np

from .actions import Action, DealTerms
from .constants import INDICATORS, ROLES
from .scenario import Scenario

PUBLIC = None  # LogEntry.visible_to for entries everyone may see


class LogEntry(NamedTuple):
    """One thing that happened. `msg` is an English gettext msgid with {named} params, so any
    language can render it later (`game.i18n.translate`). (A NamedTuple: hundreds are made per
    game, and frozen dataclasses are slow to build.)"""
    seq: int
    round: int
    phase: str
    kind: str                       # action | card | trigger | effect | deal | commitment | failure | ...
    msg: str
    params: Mapping[str, Any]
    visible_to: tuple[str, ...] | None = PUBLIC   # None: public; else the roles who may see it
    data: Mapping[str, Any] = {}    # structured facts for the debrief (never mutated)

    def visible(self, role: str | None) -> bool:
        return self.visible_to is None or (role is not None and role in self.visible_to)


@dataclass(frozen=True)
class Programme:
    """Anything funded: a one-off hardware purchase or a programme paying off over rounds."""
    uid: int
    action_id: str
    owner: str
    kind: str
    cost: int
    funded_round: int
    pays_from: int
    pays_until: int
    source: str = "budget"          # budget | card | deal
    payers: tuple[str, ...] = ()
    cancelled_round: int | None = None
    share: float = 1.0              # of its effect that reaches the region (absorption, duplication)

    def running(self, rnd: int) -> bool:
        return self.cancelled_round is None and self.pays_until >= rnd

    def paying(self, rnd: int) -> bool:
        return self.cancelled_round is None and self.pays_from <= rnd <= self.pays_until


def plain(m) -> dict:
    """`dict(m)` for a dict or a read-only view of one (scenario texts are mappingproxies), by its
    copy(): the same keys, order and values, without going through the mapping protocol."""
    if type(m) is dict or type(m) is MappingProxyType:
        c = m.copy()
        if type(c) is dict:
            return c
    return dict(m)


def new_programme(uid: int, action_id: str, owner: str, kind: str, cost: int, funded_round: int,
                  pays_from: int, pays_until: int, source: str = "budget", payers: tuple[str, ...] = (),
                  cancelled_round: int | None = None, share: float = 1.0) -> Programme:
    """`Programme(...)`, built without the frozen dataclass's field-by-field __init__ (the same
    fields in the same order: an equal record)."""
    p = object.__new__(Programme)
    p.__dict__.update(uid=uid, action_id=action_id, owner=owner, kind=kind, cost=cost,
                      funded_round=funded_round, pays_from=pays_from, pays_until=pays_until,
                      source=source, payers=payers, cancelled_round=cancelled_round, share=share)
    return p


def evolve(record, **changes):
    """`dataclasses.replace(record, **changes)` for the frozen records here (Programme, Deal:
    every field is an __init__ argument, no __post_init__), without replace()'s introspection."""
    fields = record.__dataclass_fields__
    for name in changes:
        if name not in fields:
            raise TypeError(f"{type(record).__name__} has no field {name!r}")
    new = object.__new__(type(record))
    d = new.__dict__
    d.update(record.__dict__)
    d.update(changes)
    return new


@dataclass(frozen=True)
class Deal:
    id: int
    round: int
    proposer: str
    terms: DealTerms
    status: str = "pending"         # pending | accepted | rejected | countered | failed
    accepted_by: tuple[str, ...] = ()
    counter_of: int | None = None

    @property
    def parties(self) -> tuple[str, ...]:
        return (self.proposer,) + tuple(self.terms.recipients)


@dataclass(frozen=True)
class ActiveCommitment:
    deal_id: int
    role: str
    kind: str
    target: str | None
    start_round: int
    end_round: int
    counterparties: tuple[str, ...]


class Funding(NamedTuple):
    """One thing funded this round (an entry of `RoundRecord["funded"]`). A NamedTuple, so
    `for (role, action_id, kind, cost, source) in record["funded"]` keeps working."""
    role: str            # the owner
    action_id: str
    kind: str            # the action's kind (hardware, programme, network, ...)
    cost: int
    source: str          # budget | card | deal


def new_funding(role: str, action_id: str, kind: str, cost: int, source: str) -> Funding:
    """`Funding(...)` without the generated __new__'s argument handling (built at every Fund)."""
    return _new_tuple(Funding, (role, action_id, kind, cost, source))


class _RoundRecordKeys(TypedDict):
    funded: list[Funding]
    cancelled: list[tuple[str, str, bool]]              # (role, action_id, paid_off_fully)
    option: tuple[str, str, str, tuple[str, ...]] | None     # (decider, card_id, option_id, tags)
    deals: list[int]                                     # accepted deal ids
    deal_pairs: list[tuple[str, ...]]                    # (role, role) sorted, per pair in an accepted deal
    transfers: list[tuple[str, str, int, str | None]]     # (giver, receiver, amount, condition)
    lobbied: list[str]                                   # roles
    broken: list[tuple[str, int, str]]                   # (role, deal_id, kind)
    grants: list[tuple[str, int]]                        # (role, amount): lobbied money paid at round start


class RoundRecord(_RoundRecordKeys, total=False):
    """What happened in one round, for the detectors, the scores and the debrief: the keys of
    `new_round_record()`, and those set during the round. (A TypedDict rather than a dataclass:
    the record is copied key by key (`GameState.clone`, `_fork`) and read as a dict by the
    detectors, the debrief and the lab; a dataclass would change all of them at once.)"""
    round: int
    macro: float                  # the economic climate the round was played in
    over_ceiling: float           # how far spending went over the absorptive ceiling
    subsidies_no_strings: float   # money to firms without conditions
    trust_gain: dict[str, float]  # "role-role" -> trust gained this round (capped per round)


def new_round_record() -> RoundRecord:
    return {
        "funded": [],          # Funding(role, action_id, kind, cost, source)
        "cancelled": [],       # (role, action_id, paid_off_fully: bool)
        "option": None,        # (decider, card_id, option_id, tags)
        "deals": [],           # accepted deal ids
        "deal_pairs": [],      # (role, role) sorted, for every pair in an accepted deal
        "transfers": [],       # (giver, receiver, amount, condition)
        "lobbied": [],         # roles
        "broken": [],          # (role, deal_id, kind)
        "grants": [],          # (role, amount): lobbied money paid out at this round's start
    }


@dataclass
class GameState:
    scenario: Scenario
    seed: int
    round: int
    phase: str
    ind: np.ndarray                       # indicators, float64, 0–100, order INDICATORS
    trust: np.ndarray                     # 4×4 trust between roles, 0–100, symmetric
    macro: float
    budgets: dict[str, int]
    metrics: dict[str, dict[str, float]]  # role -> agenda metric or ledger key -> value
    deck_order: tuple[str, ...]
    deck_pos: int = 0
    card_id: str | None = None
    chosen_option: str | None = None
    programmes: list[Programme] = field(default_factory=list)
    deals: list[Deal] = field(default_factory=list)
    commitments: list[ActiveCommitment] = field(default_factory=list)
    neg_done: frozenset = frozenset()
    proposals: dict[str, int] = field(default_factory=dict)
    actions_done: frozenset = frozenset()
    pending_grants: dict[str, int] = field(default_factory=dict)   # lobbied money due next round
    diagnosis_until: int = 0
    designations: int = 0
    # The public values when the actions phase opened: allocations are sealed until the round's
    # resolution, so during the phase each role sees these plus its own moves (see
    # game.engine.game.seen_designations / seen_diagnosis_until).
    sealed_diagnosis_until: int = 0
    sealed_designations: int = 0
    gov_change_round: int | None = None
    revealed: frozenset = frozenset()     # (owner, viewer) pairs: owner's agenda shown to viewer
    record: RoundRecord = field(default_factory=new_round_record)
    records: list[RoundRecord] = field(default_factory=list)   # finished rounds' records
    series: list[np.ndarray] = field(default_factory=list)  # indicators at start + after each round
    fired: list[tuple[int, str]] = field(default_factory=list)  # (round, failure id)
    log: tuple[LogEntry, ...] = ()
    history: tuple[Action, ...] = ()
    next_uid: int = 1               # programme numbers
    next_deal: int = 1              # deal numbers, as players read them ("deal no. 3")
    pending_credit: dict[int, float] = field(default_factory=dict)  # programme uid -> gains not yet evaluated
    quiet: bool = False             # no log: for AI lookahead copies, where only outcomes matter

    # While `apply` plays a move, its log entries gather here (a list on the instance) and join
    # `log` in one concatenation when the move is done, instead of one growing copy per entry.
    if TYPE_CHECKING:    # an instance attribute while `apply` runs, not a dataclass field
        _log_buffer: list[LogEntry] | None = None
    else:
        _log_buffer = None

    def clone(self) -> "GameState":
        """A copy that can be mutated without touching this one. Frozen records are shared.
        (Hand-written rather than dataclasses.replace: it is the hottest path of search AIs.)"""
        new = object.__new__(GameState)
        d = new.__dict__
        d.update(self.__dict__)
        d["ind"] = self.ind.copy()
        d["trust"] = self.trust.copy()
        d["budgets"] = dict(self.budgets)
        d["metrics"] = {r: dict(m) for r, m in self.metrics.items()}
        d["programmes"] = list(self.programmes)
        d["deals"] = list(self.deals)
        d["commitments"] = list(self.commitments)
        d["proposals"] = dict(self.proposals)
        d["pending_grants"] = dict(self.pending_grants)
        d["pending_credit"] = dict(self.pending_credit)
        # the round record's lists and its dict (trust gained per pair) are the copy's own:
        # sharing trust_gain let `apply` change the state it was given
        d["record"] = {k: (list(v) if isinstance(v, list) else dict(v) if isinstance(v, dict) else v)
                       for k, v in self.record.items()}
        d["records"] = list(self.records)
        d["series"] = list(self.series)
        d["fired"] = list(self.fired)
        return new

    # --- small helpers used by the rules ---
    def indicator(self, name: str) -> float:
        return float(self.ind[INDICATORS.index(name)])

    def log_event(self, kind: str, msg: str, params: Mapping[str, Any] | None = None, *,
                  visible_to: tuple[str, ...] | None = PUBLIC, **data: Any) -> None:
        if self.quiet:
            return
        buffer = self._log_buffer
        if buffer is None:
            entry = _new_entry(LogEntry, (len(self.log), self.round, self.phase, kind, msg,
                                          dict(params or {}), visible_to, data))
            self.log = self.log + (entry,)
        else:       # inside apply: entries join the log tuple once, when the move is done
            buffer.append(_new_entry(LogEntry, (len(self.log) + len(buffer), self.round, self.phase,
                                                kind, msg, dict(params or {}), visible_to, data)))

    def take_uid(self) -> int:
        uid = self.next_uid
        self.next_uid += 1
        return uid

    def rng(self, purpose: int, *extra: int) -> np.random.Generator:
        """The game's seeded generator for one draw. Seeding by (seed, round, purpose) keeps
        every draw reproducible from the log without carrying generator state around."""
        return np.random.default_rng([self.seed, self.round, purpose, *extra])


_new_entry = _new_tuple = tuple.__new__   # LogEntry(...) without the generated __new__'s argument handling

RNG_DECK, RNG_MACRO, RNG_EVENT = 1, 2, 3

ROLE_COUNT = len(ROLES)
