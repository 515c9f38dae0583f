"""What happened in a finished game, per player and per table (GAME_DESIGN §8). Headless and
pure: everything is rebuilt from the scenario, the seed and the action log, so it works the
same on a live game and on a save.

Every decision in the action log (event options, deal proposals and answers, allocations and
cancellations) becomes a `Decision`, tagged with the failure types it risked (its card option's
or action's failure tags) or triggered (a failure whose detector named this very decision among
its causes — game.engine.detectors.Firing.causes; the debrief never guesses), the lessons and
success conditions it followed, the model's reasons (the log's effect and failure entries) and
the paper section. Passes (end of negotiation, end of turn) are not decisions. Broken
commitments are listed as decisions of the one who broke them.

Texts stay language-neutral: gettext msgids with params, content `{ko, en}` mappings; the report
and the screens render them in the current language.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from game.engine import apply, new_game, outcome
from game.engine.actions import (Action, Cancel, ChooseOption, CounterDeal, DealTerms, EndNegotiation,
                                 EndTurn, Fund, ProposeDeal, RespondDeal)
from game.engine.constants import FAILURE_IDS, INDICATORS, ROLES
from game.engine.labels import N_, ROLE_LABELS
from game.engine.model import competitiveness
from game.engine.scoring import score_parts
from game.engine.state import GameState

from game.engine.detectors import CANCEL_CAUSE, OPTION_CAUSE, deal_cause

PUBLIC_SIDE = ("ministry", "local")


@dataclass
class Decision:
    """One decision of one player. `index` is its place in the action log (None for a broken
    commitment, which is found at resolution, not chosen)."""
    index: int | None
    round: int
    role: str
    kind: str                      # option | propose | counter | accept | reject | fund | cancel | broken
    msg: str                       # what was decided: a msgid with params
    params: dict
    risks: list[str] = field(default_factory=list)       # failure types risked (tags)
    triggered: list[str] = field(default_factory=list)   # failure types it fed that fired
    follows: list[str] = field(default_factory=list)     # lessons and success conditions followed
    section: str = ""
    reasons: list[dict] = field(default_factory=list)    # [{"msg", "params"}]: the model's reasons
    explain: dict = field(default_factory=dict)           # a card option's own explanation {ko, en}
    terms: DealTerms | None = None
    action: Action | None = None


@dataclass
class Firing:
    round: int
    failure: str
    section: str
    reason: dict                   # {"msg", "params"}
    roles: list[str]
    # the decisions that fed it, as the detector declared them: (role, cause id, round)
    causes: list[tuple[str, str, int]] = field(default_factory=list)


@dataclass
class Analysis:
    scenario: Any
    seed: int
    rounds: int
    timelines: dict[str, list[Decision]]
    agendas: dict[str, dict]       # role -> {"text", "weights", "metrics", "parts"}
    series: list[list[float]]      # [round][indicator], round 0 = start
    competitiveness: list[float]
    fired: list[Firing]
    deals: list[dict]
    broken: list[dict]
    scores: dict[str, float]
    parts: dict[str, dict]
    winners: list[str]
    collapsed: bool
    collapse_line: float
    fed: dict[str, list[tuple[int, str]]]      # role -> [(round, failure)] from failure_roles
    lessons: list[str]             # catalogue ids worth discussing, in order
    action_rounds: list[tuple[int, str]]        # (round, phase) of every action in the log


def _tag_split(tags) -> tuple[list[str], list[str]]:
    risks = [t for t in tags if t in FAILURE_IDS]
    follows = [t for t in tags if t not in FAILURE_IDS]
    return risks, follows


def _deal_tags(terms: DealTerms) -> tuple[list[str], list[str]]:
    risks, follows = [], []
    for t in terms.transfers:
        if t.condition is None and t.giver in PUBLIC_SIDE and t.receiver == "firms":
            risks.append("C2")       # money to firms with no conditions (III.3(2))
        elif t.condition is not None:
            follows.append("L5")     # a grant tied to what it must fund: a clear public vision
    if terms.cofund is not None:
        follows.append("S1")         # a joint project: partnership with intended looseness
    return sorted(set(risks)), sorted(set(follows))


def _cause_id(d: Decision) -> str | None:
    """How a detector names this decision among a firing's causes (detectors.Firing.causes)."""
    a = d.action
    if isinstance(a, Fund):
        return a.action_id
    if isinstance(a, ChooseOption):
        return OPTION_CAUSE
    if isinstance(a, Cancel):
        return CANCEL_CAUSE
    if d.kind in ("propose", "counter", "accept"):
        return deal_cause(d.params["deal"])
    return None


def _section(scenario, tags, default: str = "") -> str:
    for t in tags:
        try:
            return scenario.catalogue.entry(t).section
        except KeyError:
            continue
    return default


def analyse(state: GameState, ai_reasons=None) -> Analysis:
    """The debrief's facts for a (normally finished) game. `ai_reasons`: the AIs' own
    explanations, [{"index": action index, "msg", "params"}], put first among a decision's reasons."""
    why = {r["index"]: {"msg": r["msg"], "params": r.get("params", {})} for r in (ai_reasons or ())}
    sc = state.scenario
    history = state.history
    timelines: dict[str, list[Decision]] = {r: [] for r in ROLES}
    by_uid: dict[int, Decision] = {}
    deal_decisions: dict[int, list[Decision]] = {}
    action_rounds: list[tuple[int, str]] = []

    # Replay once, noting which log entries and programmes each action made.
    s = new_game(sc, state.seed)
    for i, a in enumerate(history):
        rnd, phase = s.round, s.phase
        action_rounds.append((rnd, phase))
        log_before, uid_before = len(s.log), s.next_uid
        s = apply(s, a)
        made = s.log[log_before:]
        role = a.role
        d: Decision | None = None
        if isinstance(a, ChooseOption):
            card = sc.cards[next(e.data["card"] for e in made if e.kind == "decision")]
            opt = card.option(a.option_id)
            risks, follows = _tag_split(opt.tags)
            d = Decision(i, rnd, role, "option", N_("On the event '{card}' you chose: {option}"),
                         {"card": dict(card.title), "option": dict(opt.text)}, risks, [], follows,
                         card.section, explain=dict(opt.explain), action=a)
            d.reasons = [{"msg": e.msg, "params": e.params} for e in made if e.kind == "effect"]
        elif isinstance(a, (ProposeDeal, CounterDeal)):
            deal_id = next(e.data["deal"] for e in made if e.kind == "proposal")
            risks, follows = _tag_split([])
            risks, follows = _deal_tags(a.terms)
            d = Decision(i, rnd, role, "counter" if isinstance(a, CounterDeal) else "propose",
                         N_("You proposed deal no. {deal} to {parties}."),
                         {"deal": deal_id, "parties": [ROLE_LABELS[p] for p in a.terms.recipients]},
                         risks, [], follows, _section(sc, risks + follows), terms=a.terms, action=a)
            deal_decisions.setdefault(deal_id, []).append(d)
        elif isinstance(a, RespondDeal):
            deal = next(x for x in s.deals if x.id == a.deal_id)
            risks, follows = _deal_tags(deal.terms) if a.accept else ([], [])
            d = Decision(i, rnd, role, "accept" if a.accept else "reject",
                         N_("You accepted deal no. {deal} from {proposer}.") if a.accept else
                         N_("You rejected deal no. {deal} from {proposer}."),
                         {"deal": a.deal_id, "proposer": ROLE_LABELS[deal.proposer]},
                         risks, [], follows, _section(sc, risks + follows), terms=deal.terms, action=a)
            d.reasons = [{"msg": e.msg, "params": e.params} for e in made if e.kind == "deal"]
            deal_decisions.setdefault(a.deal_id, []).append(d)
        elif isinstance(a, Fund):
            act = sc.actions[a.action_id]
            risks, follows = _tag_split(act.tags)
            d = Decision(i, rnd, role, "fund", N_("You funded {action} for {cost}."),
                         {"action": dict(act.name), "cost": act.cost}, risks, [], follows,
                         act.section or _section(sc, act.tags), action=a)
            for uid in range(uid_before, s.next_uid):
                by_uid[uid] = d
        elif isinstance(a, Cancel):
            prog = next(p for p in s.programmes if p.uid == a.programme_uid)
            act = sc.actions[prog.action_id]
            d = Decision(i, rnd, role, "cancel", N_("You cancelled {action} before it finished."),
                         {"action": dict(act.name)}, ["C5"], [], [], _section(sc, ["C5"]), action=a)
            d.reasons = [{"msg": e.msg, "params": e.params} for e in made if e.kind == "cancel"]
        elif isinstance(a, (EndNegotiation, EndTurn)):
            pass
        if d is not None:
            if i in why:                      # an AI's own reason comes first
                d.reasons.insert(0, why[i])
            timelines[role].append(d)
    if s.log != state.log:
        raise ValueError("the game does not replay to the same log")

    # What the model said later: programmes' effects, deals' commitments, failures.
    fired: list[Firing] = []
    fed: dict[str, list[tuple[int, str]]] = {r: [] for r in ROLES}
    failure_entries: dict[tuple[int, str], Any] = {}
    broken: list[dict] = []
    for e in state.log:
        if e.kind == "effect" and e.data.get("uid") in by_uid:
            d = by_uid[e.data["uid"]]
            if len(d.reasons) < 3:
                d.reasons.append({"msg": e.msg, "params": e.params})
        elif e.kind == "failure":
            failure_entries[(e.round, e.data["failure"])] = e
        elif e.kind == "failure_roles":
            fid = e.data["failure"]
            main = failure_entries.get((e.round, fid))
            roles = list(e.data.get("roles", ()))
            fired.append(Firing(e.round, fid, main.data.get("section", "") if main else "",
                                main.params["reason"] if main else {"msg": e.msg, "params": e.params}, roles,
                                [tuple(c) for c in e.data.get("causes", ())]))
            for r in roles:
                fed[r].append((e.round, fid))
        elif e.kind == "commitment" and e.data.get("kept") is False:
            role = e.data["role"]
            target = e.data.get("target")
            what = dict(sc.actions[target].name) if target in sc.actions else ""
            d = Decision(None, e.round, role, "broken", N_("You broke a commitment of deal no. {deal}."),
                         {"deal": e.data["deal"]}, [], [], [], "", reasons=[{"msg": e.msg, "params": e.params}])
            d.params["target"] = what
            timelines[role].append(d)
            broken.append({"round": e.round, "role": role, "deal": e.data["deal"],
                           "kind": e.data.get("commitment"), "target": target})
        elif e.kind == "commitment" and e.data.get("kept"):
            for d in deal_decisions.get(e.data.get("deal"), ()):
                if d.role == e.data.get("role") and len(d.reasons) < 3:
                    d.reasons.append({"msg": e.msg, "params": e.params})

    # Which decisions fed which failures: exactly the decisions the detector named (`causes`:
    # role, cause id, round). A cause of what a role left undone names no decision; the role
    # still sees the failure among those it fed (`fed`).
    for f in fired:
        causes = set(f.causes)
        for r in {c[0] for c in causes}:
            for d in timelines[r]:
                if (r, _cause_id(d), d.round) in causes and f.failure not in d.triggered:
                    d.triggered.append(f.failure)
                    if len(d.reasons) < 4:
                        d.reasons.append(f.reason)
                    if not d.section:
                        d.section = f.section
    for r in ROLES:
        timelines[r].sort(key=lambda d: (d.round, d.index if d.index is not None else 10**9))

    res = outcome(state) if state.phase == "game_over" else None
    parts = {r: score_parts(state, r) for r in ROLES}
    scores = res.scores if res else {r: parts[r]["total"] for r in ROLES}
    agendas = {r: {"text": dict(sc.roles[r].agenda_text), "weights": dict(sc.roles[r].agenda_weights),
                   "metrics": dict(state.metrics[r]), "mandate": dict(sc.roles[r].mandate),
                   "objectives": dict(sc.roles[r].objectives)} for r in ROLES}
    deals = [{"id": d.id, "round": d.round, "proposer": d.proposer, "parties": list(d.parties),
              "status": d.status, "terms": d.terms,
              "broken": [b for b in broken if b["deal"] == d.id]} for d in state.deals]

    lessons: list[str] = []
    for fid in [f.failure for f in fired] + list(sc.learning_failures):
        if fid not in lessons and fid in sc.catalogue.failures:
            lessons.append(fid)
    followed = [t for r in ROLES for d in timelines[r] for t in d.follows]
    for lid in list(sc.learning_lessons) + followed:
        if lid not in lessons and (lid in sc.catalogue.lessons or lid in sc.catalogue.success_conditions):
            lessons.append(lid)

    return Analysis(
        scenario=sc, seed=state.seed, rounds=sc.rounds, timelines=timelines, agendas=agendas,
        series=[[round(float(x), 2) for x in row] for row in state.series],
        competitiveness=[round(competitiveness(row, state.scenario.index_weights), 2) for row in state.series],
        fired=fired, deals=deals, broken=broken, scores=scores, parts=parts,
        winners=list(res.winners) if res else [], collapsed=bool(res and res.collapsed),
        collapse_line=float(sc.collapse_line), fed=fed, lessons=lessons, action_rounds=action_rounds)


KEY_LESSONS = 3


def key_lessons(a: Analysis, n: int = KEY_LESSONS) -> list[str]:
    """The catalogue entries that mattered most at this table: up to two failure types that
    fired, by how many decisions fed them, then the lessons and success conditions followed by
    the most decisions (filled up with more of either when the other is short). Each decision
    counts once per entry, not per tag."""
    fed: dict[str, int] = {}
    followed: dict[str, int] = {}
    for r in ROLES:
        for d in a.timelines[r]:
            for fid in set(d.triggered):
                fed[fid] = fed.get(fid, 0) + 1
            for lid in set(d.follows):
                followed[lid] = followed.get(lid, 0) + 1
    for f in a.fired:                  # a failure no single decision fed still fired
        fed.setdefault(f.failure, 0)

    def ranked(counts):
        return sorted((x for x in a.lessons if x in counts), key=lambda x: (-counts[x], a.lessons.index(x)))
    traps, lessons = ranked(fed), ranked(followed)
    take = min(len(traps), max(n - len(lessons), min(2, n)))
    return (traps[:take] + lessons)[:n] if lessons else traps[:n]


def indicator_series(a: Analysis, name: str) -> list[float]:
    i = INDICATORS.index(name)
    return [row[i] for row in a.series]


def risk_profile(state, role: str) -> tuple[dict, dict]:
    """What the facilitator's overview shows of `role` in a running game: its risky moves so
    far by failure id (fundings and event choices tagged with a failure type), and the failure
    types its decisions fed, with the rounds they fired in."""
    risky: dict[str, int] = {}
    # the round under way, unless it is the one just resolved (at the end it is in `records` too)
    current = [] if state.records and state.record is state.records[-1] else [state.record]
    for rec in state.records + current:
        for (r, action_id, _k, _c, _s) in rec["funded"]:
            if r == role:
                for tag in state.scenario.actions[action_id].tags:
                    if tag in FAILURE_IDS:
                        risky[tag] = risky.get(tag, 0) + 1
        opt = rec.get("option")
        if opt and opt[0] == role:
            for tag in opt[3]:
                if tag in FAILURE_IDS:
                    risky[tag] = risky.get(tag, 0) + 1
    fed: dict[str, list[int]] = {}
    for e in state.log:
        if e.kind == "failure_roles" and role in e.data.get("roles", ()):
            fed.setdefault(e.data["failure"], []).append(e.round)
    return risky, fed
