"""Player actions: small frozen dataclasses that serialise to plain JSON.

A game is scenario + seed + the list of these, applied in order (see `game.engine.game`).
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Union

# --- deal terms -------------------------------------------------------------------------------

COMMITMENT_KINDS = ("fund", "not_fund", "keep", "reveal_agenda")


@dataclass(frozen=True)
class Transfer:
    """`giver` pays `receiver` when the deal is accepted. With a condition, the receiver
    commits to fund that action in this round's actions phase."""
    giver: str
    receiver: str
    amount: int
    condition: str | None = None


@dataclass(frozen=True)
class Share:
    role: str
    amount: int


@dataclass(frozen=True)
class Cofund:
    """A joint project: the action (owned by `action.role`) paid for by the shares."""
    action_id: str
    shares: tuple[Share, ...]


@dataclass(frozen=True)
class Commitment:
    """fund: fund `target` this round · not_fund: do not fund `target` for `rounds` rounds ·
    keep: do not cancel `target` programmes for `rounds` rounds · reveal_agenda: show one's
    private agenda to the other parties."""
    role: str
    kind: str
    target: str | None = None
    rounds: int = 1


@dataclass(frozen=True)
class DealTerms:
    recipients: tuple[str, ...]
    transfers: tuple[Transfer, ...] = ()
    cofund: Cofund | None = None
    commitments: tuple[Commitment, ...] = ()


# --- actions ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class ChooseOption:
    role: str
    option_id: str


@dataclass(frozen=True)
class ProposeDeal:
    role: str
    terms: DealTerms


@dataclass(frozen=True)
class RespondDeal:
    role: str
    deal_id: int
    accept: bool


@dataclass(frozen=True)
class CounterDeal:
    """Reject deal `deal_id` and propose `terms` instead (to the original proposer)."""
    role: str
    deal_id: int
    terms: DealTerms


@dataclass(frozen=True)
class EndNegotiation:
    role: str


@dataclass(frozen=True)
class Fund:
    role: str
    action_id: str


@dataclass(frozen=True)
class Cancel:
    role: str
    programme_uid: int


@dataclass(frozen=True)
class EndTurn:
    role: str


Action = Union[ChooseOption, ProposeDeal, RespondDeal, CounterDeal, EndNegotiation, Fund,
               Cancel, EndTurn]
ACTION_TYPES = {cls.__name__: cls for cls in (ChooseOption, ProposeDeal, RespondDeal, CounterDeal,
                                              EndNegotiation, Fund, Cancel, EndTurn)}


# --- JSON -------------------------------------------------------------------------------------

def to_json(obj: Any) -> Any:
    """Plain JSON data for an action (or deal terms), with a `type` key on actions."""
    if hasattr(obj, "__dataclass_fields__"):
        data = {f.name: to_json(getattr(obj, f.name)) for f in fields(obj)}
        if type(obj).__name__ in ACTION_TYPES:
            data = {"type": type(obj).__name__, **data}
        return data
    if isinstance(obj, tuple):
        return [to_json(x) for x in obj]
    return obj


def _terms_from_json(d: dict) -> DealTerms:
    cof = d.get("cofund")
    return DealTerms(
        recipients=tuple(d["recipients"]),
        transfers=tuple(Transfer(**t) for t in d.get("transfers", ())),
        cofund=None if cof is None else Cofund(cof["action_id"],
                                               tuple(Share(**s) for s in cof["shares"])),
        commitments=tuple(Commitment(**c) for c in d.get("commitments", ())),
    )


# The type of every plain field of an action or its terms: a move read from a file is checked
# against it, so a list where a number belongs is refused as malformed, not met deep in the rules.
_FIELD_TYPES = {"role": str, "option_id": str, "action_id": str, "giver": str, "receiver": str,
                "kind": str, "target": (str, type(None)), "condition": (str, type(None)),
                "deal_id": int, "programme_uid": int, "amount": int, "rounds": int, "accept": bool}
_MAX_TEXT = 200


def _well_typed(obj) -> bool:
    if isinstance(obj, tuple):
        return len(obj) <= 50 and all(_well_typed(x) for x in obj)
    if not hasattr(obj, "__dataclass_fields__"):
        return True
    for name in obj.__dataclass_fields__:
        value = getattr(obj, name)
        want = _FIELD_TYPES.get(name)
        if want is not None:
            wants = want if isinstance(want, tuple) else (want,)
            if type(value) not in wants:          # exact: True is no amount, 3 is no role
                return False
            if type(value) is int and not -10**9 <= value <= 10**9:
                return False
            if type(value) is str and len(value) > _MAX_TEXT:
                return False
        elif name == "recipients":
            if not isinstance(value, tuple) or not all(type(r) is str for r in value):
                return False
        elif not _well_typed(value):
            return False
    return True


def from_json(data: dict) -> Action:
    """Rebuild an action from `to_json` output. Raises ValueError on malformed data (a missing
    or unknown field, a field of the wrong type)."""
    try:
        kind = data["type"]
        cls = ACTION_TYPES[kind]
        kwargs = {k: v for k, v in data.items() if k != "type"}
        if "terms" in kwargs:
            kwargs["terms"] = _terms_from_json(kwargs["terms"])
        action = cls(**kwargs)
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"not a valid action: {str(data)[:200]} ({exc})") from None
    if not _well_typed(action):
        raise ValueError(f"not a valid action: {str(data)[:200]} (a field of the wrong type)")
    return action
