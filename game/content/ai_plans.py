"""The AI's plans as data: the deals an AI seat proposes and the baseline AI's whole plan, from
personalities.yaml's `deals:` and `baseline:` keys (see that file's header for the fields).
Their keys, ranges and choices are rows of the field table (game/content/fields.py), as the
rest of the format's; the readers below ask it, not literals.

`read_ai_plans` checks them into the same `Checker` as the rest of the file (file:line:column
messages, suggestions for unknown action ids); `read_personalities` calls it, so a broken plan
stops loading like any other content error. `load_ai_plans` gives the AI layer the result.
The AI evaluates it with small typed functions (game/ai/plans.py), never eval().
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from game.engine.labels import N_
from game.i18n import _

from . import fields as F
from .schema import Checker, freeze
from .yaml_loader import YNode

P = "personality"                      # the field table's rows of personalities.yaml
DEALS = ("deals", "*", "*", "#")       # a deal of `deals:` (role, mood, entry)
BASELINE_DEALS = ("baseline", "*", "deals", "#")           # and of the baseline (tempted_deals too)
FUND_STEP = ("baseline", "*", "funds", "#")                # an entry of funds (tempted_funds too)
WHEN = FUND_STEP + ("when",)

# What an AI says when it proposes a deal (`reason:`): a fixed vocabulary, because the sentences
# are translated (msgids); `{party}` is the other side, `{action}` the project (a co-funded one,
# or the action a grant is tied to). The ids are the field table's choices of a deal's `reason`
# (fields.DEAL_REASONS; a test checks they agree).
DEAL_REASONS: Mapping[str, str] = freeze({
    "tied_grant": N_("We offer {party} a grant tied to a training programme: the region must learn "
                     "to absorb support before it gets more."),
    "subsidy_offer": N_("We offer {party} a subsidy without strings: it keeps industry happy and "
                        "shows we deliver."),
    "election_money": N_("We ask {party} for money with no conditions: the election is coming and "
                         "we need something to show."),
    "subsidy_ask": N_("We ask {party} for a subsidy without strings: our own money stays in the "
                      "company."),
    "equipment_ask": N_("We ask {party} for money toward new equipment: it is what our researchers "
                        "and our rankings want."),
    "cofund_trust": N_("We ask {party} to share the cost of {action}: firms gain from the trust it "
                       "builds."),
    "cofund_research": N_("We offer {party} to pay half of {action}: research close to our "
                          "products, at half the price."),
    "cofund_training": N_("We ask {party} to share the cost of {action}: their workers learn, our "
                          "students meet employers."),
})


@dataclass(frozen=True)
class When:
    """A condition on what the role observes; every given part must hold (none: always)."""
    indicator: str | None = None          # with below / at_least: the region's indicator
    below: float | None = None
    at_least: float | None = None
    macro_below: float | None = None      # the national economy, -1 .. 1
    no_diagnosis: bool = False            # no diagnosis of the region in force
    budget_at_least: int | None = None    # the role's own budget
    designations_below: int | None = None  # cluster designations made so far


ALWAYS = When()


@dataclass(frozen=True)
class FundStep:
    action: str
    when: When = ALWAYS


@dataclass(frozen=True)
class DealPlan:
    """One deal a role proposes. grant: `amount` from `giver` to `receiver`, tied to the action
    `tied_to` of the receiver if given. cofund: `action` paid half (rounded down) by `payer`, the
    rest by its owner. The other party of the two is the one the deal goes to."""
    kind: str
    giver: str | None = None
    receiver: str | None = None
    amount: int = 0
    tied_to: str | None = None
    action: str | None = None
    payer: str | None = None
    budget_at_least: int | None = None    # proposed only when the proposer has this much
    reason: str | None = None             # a DEAL_REASONS id (easy/normal/hard explain with it)


@dataclass(frozen=True)
class BaselinePlan:
    funds: tuple[FundStep, ...] = ()
    tempted_funds: tuple[FundStep, ...] = ()
    deals: tuple[DealPlan, ...] = ()
    tempted_deals: tuple[DealPlan, ...] = ()


@dataclass(frozen=True)
class AiPlans:
    deals: Mapping[str, Mapping[str, tuple[DealPlan, ...]]]    # role -> sound/short -> deals
    baseline: Mapping[str, BaselinePlan]                      # role -> plan


# --- reading -------------------------------------------------------------------------------------
def _errors(ck: Checker) -> int:
    return sum(1 for p in ck.problems if p.is_error)


def _in(key: str, label: str) -> str:
    return _("'{key}' in {label}").format(key=key, label=label)


def _role_map(ck: Checker, node: YNode | None, label: str, section: str) -> list[tuple[str, YNode]]:
    if node is None:
        return []
    if node.kind != "map":
        ck.wrong_type(node, label, _("a mapping of roles"))
        return []
    roles = F.spec(P, (section, "*")).keys
    out = []
    for key, value in node.items():
        if key.raw not in roles:
            ck.error(key, ck.not_one_of(label, key.raw, list(roles), _("role")))
            continue
        out.append((key.raw, value))
    return out


def _action_ref(ck: Checker, node: YNode | None, label: str, role: str | None,
                action_ids: Mapping[str, Any] | None) -> str | None:
    """One action id (of `role`, when given), checked like an entry of a personality's lists."""
    value = ck.string(node, label)
    if value is None:
        return None
    if action_ids is not None and value not in action_ids:
        ck.error(node, ck.not_one_of(label, value, sorted(action_ids), _("action")))
        return None
    if role is not None and not value.startswith(role + "."):
        ck.error(node, _("'{value}' in {label} is not an action of the role '{role}'.")
                 .format(value=value, label=label, role=role))
        return None
    return value


def read_when(ck: Checker, node: YNode | None, label: str) -> When | None:
    """A `when:` mapping (none: always); None when it is broken (reported)."""
    if node is None:
        return ALWAYS
    before = _errors(ck)
    f = ck.mapping(node, label, P, WHEN)
    if f is None or _errors(ck) != before:      # a typo in a key: its consequences go unsaid
        return None
    indicator = ck.choice(f.get("indicator"), _in("indicator", label), F.spec(P, WHEN + ("indicator",)).choices)
    if "indicator" in f and "below" not in f and "at_least" not in f:
        ck.error(f["indicator"], _("{label} names an indicator but no bound; add 'below' or "
                                   "'at_least'.").format(label=label))
    for key in ("below", "at_least"):
        if key in f and "indicator" not in f:
            ck.error(f[key], _("'{key}' in {label} needs an 'indicator'.").format(key=key, label=label))
    no_diagnosis = ck.boolean(f.get("no_diagnosis"), _in("no_diagnosis", label))
    if no_diagnosis is False:
        ck.error(f["no_diagnosis"], _("{label} can only be 'true'; leave it out otherwise.")
                 .format(label=_in("no_diagnosis", label)))
    def ranged(key: str) -> Any:
        return ck.ranged(f.get(key), _in(key, label), P, WHEN + (key,))

    when = When(indicator=indicator, below=ranged("below"), at_least=ranged("at_least"),
                macro_below=ranged("macro_below"), no_diagnosis=bool(no_diagnosis),
                budget_at_least=ranged("budget_at_least"), designations_below=ranged("designations_below"))
    return when if _errors(ck) == before else None


def read_fund_steps(ck: Checker, node: YNode | None, label: str, role: str,
                    action_ids: Mapping[str, Any] | None) -> tuple[FundStep, ...]:
    """[{action, when}, ...]: what the role funds, in order, when the condition holds."""
    out = []
    for i, item in enumerate(ck.seq(node, label) or [], 1):
        where = _("entry #{n} of {label}").format(n=i, label=label)
        f = ck.mapping(item, where, P, FUND_STEP)
        if f is None:
            continue
        action = _action_ref(ck, f.get("action"), _in("action", where), role, action_ids)
        when = read_when(ck, f.get("when"), _in("when", where))
        if action is not None and when is not None:
            out.append(FundStep(action, when))
    return tuple(out)


def read_deals(ck: Checker, node: YNode | None, label: str, role: str,
               action_ids: Mapping[str, Any] | None, with_reason: bool) -> tuple[DealPlan, ...]:
    """[{kind: grant|cofund, ...}, ...]: the deals `role` proposes, best first (`with_reason`:
    the deals of `deals:`, which say why; the baseline's do not)."""
    at = DEALS if with_reason else BASELINE_DEALS
    out = []
    for i, item in enumerate(ck.seq(node, label) or [], 1):
        where = _("deal #{n} of {label}").format(n=i, label=label)
        before = _errors(ck)
        kind = None
        if item.kind == "map":
            if "kind" not in item.keys():
                ck.error(item.where, _("{where} is missing the required key '{key}'.")
                         .format(where=where, key="kind"))
                continue
            kind = ck.choice(item.get("kind"), _in("kind", where), F.spec(P, at + ("kind",)).choices)
            if kind is None:
                continue
        # a grant's keys, or (a co-funding, or not a mapping: reported below) a co-funding's
        required, optional = F.keys_when(P, at, "kind", "grant" if kind == "grant" else "cofund")
        f = ck.fields(item, where, required, optional)
        if f is None:
            continue

        def choices(key: str) -> tuple:
            return F.spec(P, at + (key,)).choices

        budget = ck.ranged(f.get("budget_at_least"), _in("budget_at_least", where), P, at + ("budget_at_least",))
        reason = ck.choice(f["reason"], _in("reason", where), choices("reason")) if "reason" in f else None
        if kind == "grant":
            giver = ck.choice(f.get("from"), _in("from", where), choices("from"))
            receiver = ck.choice(f.get("to"), _in("to", where), choices("to"))
            amount = ck.ranged(f.get("amount"), _in("amount", where), P, at + ("amount",))
            tied = None
            if "tied_to" in f and receiver is not None:
                # the engine's rule: a grant's condition is an action of the receiver
                tied = _action_ref(ck, f["tied_to"], _in("tied_to", where), receiver, action_ids)
            if giver is not None and giver == receiver:
                ck.error(f["to"], _("{where} gives money from '{role}' to itself.")
                         .format(where=where, role=giver))
            elif giver is not None and receiver is not None and role not in (giver, receiver):
                ck.error(item, _("{where} is a deal of '{role}', so '{role}' must be its 'from' or "
                                 "its 'to'.").format(where=where, role=role))
            plan = DealPlan("grant", giver=giver, receiver=receiver, amount=amount or 0,
                            tied_to=tied, budget_at_least=budget, reason=reason)
        else:
            action = _action_ref(ck, f.get("action"), _in("action", where), None, action_ids)
            payer = ck.choice(f.get("payer"), _in("payer", where), choices("payer"))
            owner = action.split(".", 1)[0] if action else None
            if action is not None and payer is not None:
                if payer == owner:
                    ck.error(f["payer"], _("{where}: '{role}' owns {action}, so the other half must "
                                           "be paid by another role.")
                             .format(where=where, role=payer, action=action))
                elif role not in (payer, owner):
                    ck.error(item, _("{where} is a deal of '{role}', so '{role}' must be its 'payer' "
                                     "or own its action.").format(where=where, role=role))
            plan = DealPlan("cofund", action=action, payer=payer, budget_at_least=budget,
                            reason=reason)
        if reason is not None and "{action}" in DEAL_REASONS[reason] and plan.kind == "grant" \
                and "tied_to" not in f:
            ck.error(f["reason"], _("the reason '{reason}' in {where} names a project; use it for a "
                                    "co-funded project or a grant with 'tied_to'.")
                     .format(reason=reason, where=where))
        if _errors(ck) == before:
            out.append(plan)
    return tuple(out)


def read_ai_plans(ck: Checker, f: Mapping[str, YNode] | None,
                  action_ids: Mapping[str, Any] | None) -> AiPlans:
    """personalities.yaml's `deals:` and `baseline:` (`f`: the file's top-level keys)."""
    f = f or {}
    deals: dict[str, Mapping[str, tuple[DealPlan, ...]]] = {}
    for role, node in _role_map(ck, f.get("deals"), _("'deals'"), "deals"):
        label = _("the deals of '{role}'").format(role=role)
        g = ck.mapping(node, label, P, ("deals", role))
        if g is None:
            continue
        moods = F.spec(P, ("deals", role, "*")).keys       # sound, short
        deals[role] = freeze({mood: read_deals(ck, g.get(mood), _in(mood, label), role, action_ids, True)
                              for mood in moods})
    baseline: dict[str, BaselinePlan] = {}
    for role, node in _role_map(ck, f.get("baseline"), _("'baseline'"), "baseline"):
        label = _("the baseline plan of '{role}'").format(role=role)
        g = ck.mapping(node, label, P, ("baseline", role))
        if g is None:
            continue
        baseline[role] = BaselinePlan(
            funds=read_fund_steps(ck, g.get("funds"), _in("funds", label), role, action_ids),
            tempted_funds=read_fund_steps(ck, g.get("tempted_funds"), _in("tempted_funds", label), role,
                                          action_ids),
            deals=read_deals(ck, g.get("deals"), _in("deals", label), role, action_ids, False),
            tempted_deals=read_deals(ck, g.get("tempted_deals"), _in("tempted_deals", label), role,
                                     action_ids, False))
    return AiPlans(deals=freeze(deals), baseline=freeze(baseline))


def load_ai_plans(path: str | Path | None = None, content_root: str | Path | None = None) -> AiPlans:
    """The plans of personalities.yaml (the content folder's, or `path`). The whole file is
    checked first (`load_personalities`): raises ContentError with file:line:column problems."""
    from .loader import _display, _root, load_actions, load_personalities, read_yaml

    path = Path(path) if path is not None else _root(content_root) / "personalities.yaml"
    load_personalities(path, content_root)
    read = read_yaml(path)
    ck = Checker(_display(path))
    required, optional = F.keys_of(P, ())          # the whole file was checked just above
    f = ck.fields(read.root, _("the personality file"), optional=required + optional)
    return read_ai_plans(ck, f, load_actions(content_root))
