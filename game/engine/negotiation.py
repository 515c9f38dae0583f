"""Negotiation (GAME_DESIGN §5): checking deal terms, executing accepted deals, and checking
commitments at resolution.

A deal executes only when every recipient has accepted: transfers move money at once, a
co-funded project starts, commitments become contracts and revealed agendas become visible.
Commitments are checked at resolution; a broken one costs trust with every counterparty.
"""
from __future__ import annotations


from .actions import COMMITMENT_KINDS, DealTerms
from .constants import ROLES
from .labels import N_, ROLE_LABELS
from .model import TRUST_GAIN_CAP_PER_ROUND, TRUST_PER_BROKEN, TRUST_PER_DEAL, TRUST_PER_KEPT, change_trust
from .state import ActiveCommitment, Deal, GameState, Programme, evolve, new_funding, new_programme

MAX_PROPOSALS_PER_ROUND = 2   # per role, counters included: keeps negotiation finite
MAX_COMMITMENT_ROUNDS = 3


class IllegalAction(Exception):
    """An action the rules do not allow now. `msg` is an English msgid with {params}."""

    def __init__(self, msg: str, params: dict | None = None):
        self.msg = msg
        self.params = dict(params or {})
        super().__init__(msg.format(**self.params) if self.params else msg)


def check_terms(state: GameState, proposer: str, terms: DealTerms) -> None:
    sc = state.scenario
    recipients = tuple(terms.recipients)
    if not recipients:
        raise IllegalAction(N_("A deal needs at least one other party."))
    if len(set(recipients)) != len(recipients) or any(r not in ROLES for r in recipients):
        raise IllegalAction(N_("The parties of a deal must be different roles."))
    if proposer in recipients:
        raise IllegalAction(N_("You cannot make a deal with yourself."))
    parties = (proposer,) + recipients
    if not (terms.transfers or terms.cofund or terms.commitments):
        raise IllegalAction(N_("A deal must contain a transfer, a co-funded project or a commitment."))
    for t in terms.transfers:
        if t.giver not in parties or t.receiver not in parties or t.giver == t.receiver:
            raise IllegalAction(N_("A transfer must go between two different parties of the deal."))
        if not isinstance(t.amount, int) or t.amount <= 0:
            raise IllegalAction(N_("A transfer must be a positive whole amount."))
        if t.amount > state.budgets[t.giver]:
            raise IllegalAction(N_("{role} cannot pay {amount}: its budget is smaller."),
                                {"role": ROLE_LABELS[t.giver], "amount": t.amount})
        if t.condition is not None:
            act = sc.actions.get(t.condition)
            if act is None or act.role != t.receiver:
                raise IllegalAction(N_("The condition of a grant must be an action of the receiver."))
    if terms.cofund is not None:
        act = sc.actions.get(terms.cofund.action_id)
        if act is None or act.role not in parties:
            raise IllegalAction(N_("A co-funded project must be an action of one of the parties."))
        shares = terms.cofund.shares
        if not shares or any(s.role not in parties or not isinstance(s.amount, int) or s.amount <= 0
                             for s in shares) or len({s.role for s in shares}) != len(shares):
            raise IllegalAction(N_("Each party pays a positive share of a co-funded project, once."))
        if sum(s.amount for s in shares) != act.cost:
            raise IllegalAction(N_("The shares must add up to the project's cost, {cost}."),
                                {"cost": act.cost})
        for s in shares:
            if s.amount > state.budgets[s.role]:
                raise IllegalAction(N_("{role} cannot pay {amount}: its budget is smaller."),
                                    {"role": ROLE_LABELS[s.role], "amount": s.amount})
    for c in terms.commitments:
        if c.role not in parties or c.kind not in COMMITMENT_KINDS:
            raise IllegalAction(N_("A commitment must be made by a party of the deal."))
        if c.kind == "reveal_agenda":
            continue
        act = sc.actions.get(c.target or "")
        if act is None or act.role != c.role:
            raise IllegalAction(N_("A commitment must name one of the committing role's own actions."))
        if not 1 <= c.rounds <= MAX_COMMITMENT_ROUNDS:
            raise IllegalAction(N_("A commitment lasts 1 to 3 rounds."))


def _trust_up(state: GameState, a: str, b: str, amount: float) -> None:
    key = _PAIR_KEYS.get((a, b))
    if key is None:
        key = _PAIR_KEYS[(a, b)] = "-".join(sorted((a, b)))
    gained = state.record.setdefault("trust_gain", {}).get(key, 0.0)
    room = max(0.0, TRUST_GAIN_CAP_PER_ROUND - gained)
    step = min(amount, room)
    if step > 0:
        change_trust(state, a, b, step)
        state.record["trust_gain"][key] = gained + step


_PAIR_KEYS: dict = {}


def execute(state: GameState, deal: Deal) -> Deal:
    """Carry out an accepted deal. Returns the deal with its final status."""
    sc = state.scenario
    terms = deal.terms
    parties = deal.parties
    owed: dict[str, int] = {}
    for t in terms.transfers:
        owed[t.giver] = owed.get(t.giver, 0) + t.amount
    if terms.cofund:
        for s in terms.cofund.shares:
            owed[s.role] = owed.get(s.role, 0) + s.amount
    short = sorted(r for r, amt in owed.items() if amt > state.budgets[r])
    if short:
        state.log_event("deal", N_("The deal could not be carried out: {role} no longer has the money."),
                        {"role": ROLE_LABELS[short[0]]}, visible_to=parties, deal=deal.id)
        return evolve(deal, status="failed")

    for t in terms.transfers:
        state.budgets[t.giver] -= t.amount
        state.budgets[t.receiver] += t.amount
        state.metrics[t.receiver]["subsidies"] += t.amount
        state.record["transfers"].append((t.giver, t.receiver, t.amount, t.condition))
        if t.condition:
            state.commitments.append(ActiveCommitment(
                deal.id, t.receiver, "fund", t.condition, state.round, state.round,
                tuple(p for p in parties if p != t.receiver)))
    if terms.cofund:
        act = sc.actions[terms.cofund.action_id]
        payers = tuple(s.role for s in terms.cofund.shares)
        for s in terms.cofund.shares:
            state.budgets[s.role] -= s.amount
            state.metrics[s.role]["programme_spend"] += s.amount
        start_programme(state, act.id, owner=act.role, source="deal", payers=payers)
        for i, a in enumerate(payers):
            for b in payers[i + 1:]:
                _trust_up(state, a, b, TRUST_PER_DEAL)
    for c in terms.commitments:
        others = tuple(p for p in parties if p != c.role)
        if c.kind == "reveal_agenda":
            state.revealed = state.revealed | {(c.role, o) for o in others}
            continue
        state.commitments.append(ActiveCommitment(
            deal.id, c.role, c.kind, c.target, state.round, state.round + c.rounds - 1, others))
    for i, a in enumerate(parties):
        for b in parties[i + 1:]:
            _trust_up(state, a, b, TRUST_PER_DEAL)
            state.record["deal_pairs"].append(tuple(sorted((a, b))))
    state.record["deals"].append(deal.id)
    state.log_event("deal", N_("A deal was concluded between {parties}."),
                    {"parties": [ROLE_LABELS[p] for p in parties]}, deal=deal.id,
                    parties=list(parties))
    return evolve(deal, status="accepted")


def start_programme(state: GameState, action_id: str, *, owner: str, source: str,
                    payers: tuple[str, ...] = ()) -> Programme:
    """Anything funded starts here: from a budget, a card option or a co-funding deal."""
    act = state.scenario.actions[action_id]
    rnd = state.round
    prog = new_programme(state.take_uid(), act.id, owner, act.kind, act.cost, rnd,
                         rnd + act.delay, rnd + act.delay + act.duration - 1, source, payers)
    state.programmes.append(prog)
    state.record["funded"].append(new_funding(owner, act.id, act.kind, act.cost, source))
    m = state.metrics[owner]
    if act.kind == "hardware":
        m["visible_built"] += 1
        m["equipment"] += 1
    if act.kind == "designation":
        state.designations += 1
        m["designations"] += 1
    if act.kind == "diagnosis":
        state.diagnosis_until = max(state.diagnosis_until, rnd + act.duration - 1)
    return prog


def check_commitments(state: GameState) -> None:
    rnd = state.round
    funded = {(r, a) for (r, a, _k, _c, _s) in state.record["funded"]}
    cancelled = {(r, a) for (r, a, _f) in state.record["cancelled"]}
    keep: list[ActiveCommitment] = []
    for c in state.commitments:
        if c.start_round > rnd:
            keep.append(c)
            continue
        broken = False
        if c.kind == "fund":
            broken = rnd >= c.end_round and not _funded_during(state, c)
        elif c.kind == "not_fund":
            broken = (c.role, c.target) in funded
        elif c.kind == "keep":
            broken = (c.role, c.target) in cancelled
        parties = (c.role,) + c.counterparties
        if broken:
            for other in c.counterparties:
                change_trust(state, c.role, other, TRUST_PER_BROKEN)
            state.record["broken"].append((c.role, c.deal_id, c.kind))
            if not state.quiet:
                state.log_event("commitment",
                                N_("{role} broke a commitment made in a deal; trust in it falls by {loss}."),
                                {"role": ROLE_LABELS[c.role], "loss": -TRUST_PER_BROKEN},
                                visible_to=parties, deal=c.deal_id, role=c.role, kept=False,
                                commitment=c.kind, target=c.target)
        elif rnd >= c.end_round:
            state.metrics[c.role]["deals_kept"] += 1
            for other in c.counterparties:
                _trust_up(state, c.role, other, TRUST_PER_KEPT)
            if not state.quiet:
                state.log_event("commitment", N_("{role} kept its commitment."),
                                {"role": ROLE_LABELS[c.role]}, visible_to=parties, deal=c.deal_id,
                                role=c.role, kept=True, commitment=c.kind, target=c.target)
        else:
            keep.append(c)
    state.commitments = keep


def _funded_during(state: GameState, c: ActiveCommitment) -> bool:
    recs = [r for r in state.records if r.get("round", 0) >= c.start_round] + [state.record]
    return any((r, a) == (c.role, c.target) for rec in recs for (r, a, _k, _c, _s) in rec["funded"])
