"""The table's story (issue 11): the debrief's first page, built from the game's facts only.

How the region moved and why (three sentences), the success conditions S1–S4 assessed as met /
partly met / not met with the figures that decided each, the IV.1 points the game shows, the
paper's real cases a decision echoes, and, when the winner's score came from its private
agenda while the region paid, a sentence that says so.

The texts and the rules that pick them are content (`scenarios/story.yaml`, read by
`game.content.loader.load_story`, passed in by the caller); here the game's facts are counted
(`story_facts`) and the content's triggers tested against them. The result is language-neutral:
every sentence is a `Line`, a {ko, en} template with its parameters, rendered by `render` in
any language. No pygame, no files.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from game.content.schema import (STORY_FACTS, STORY_TEXT_PARAMS, Story, StoryNote, StoryTrigger,
                                 StoryVariant)
from game.engine.constants import FAILURE_IDS, INDICATORS, ROLES
from game.engine.detectors import D1_MACRO_BELOW, weak_region
from game.engine.labels import INDICATOR_LABELS, KIND_LABELS, ROLE_LABELS
from game.engine.state import GameState
from game.i18n import format_number, format_signed, gettext, pick, translate
from game.i18n.korean import fill

from .analysis import Analysis

PUBLIC = ("ministry", "local")
NOT_CLUSTER = frozenset({"welfare", "macro", "lobby"})   # public money that is not cluster policy
MOVES_SHOWN = 3            # the biggest indicator moves named in the second sentence
MOVE_AT_LEAST = 1.0        # an indicator "moved" by this much
SOURCE_AT_LEAST = 1.0      # a source names a decision that moved its indicator this much
EPS = 1e-9


@dataclass(frozen=True)
class Line:
    """One sentence: a content template {ko, en} and its parameters (numbers, {ko, en} texts,
    or the tagged values `render` knows: labels, changes, path, sources, failure)."""
    text: Mapping[str, str]
    params: Mapping[str, Any]


@dataclass
class ConditionView:
    id: str
    name: Mapping[str, str]        # the catalogue's name of the condition
    section: str
    status: str                    # met | partly | not_met
    checks: Line
    facts: Line
    verdict: Line


@dataclass
class NoteView:
    id: str
    name: Mapping[str, str]
    section: str
    line: Line


@dataclass
class PointView:
    id: str
    name: Mapping[str, str]
    section: str
    notes: list[NoteView]


@dataclass
class TableStory:
    labels: Mapping[str, Mapping[str, str]]
    summary: list[Line]                        # the three sentences
    winner_at_cost: Line | None
    conditions: list[ConditionView]
    points: list[PointView]                    # only points with an observation shown
    cases: list[NoteView]
    facts: dict[str, float] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)

    def label(self, key: str, lang: str | None = None) -> str:
        return pick(self.labels.get(key), lang)


# --- the facts ----------------------------------------------------------------------------------

def _funded(state: GameState) -> list[tuple]:
    recs = list(state.records)
    if state.phase != "game_over" and state.record not in recs:
        recs.append(state.record)            # an unfinished game: the round under way too
    return [f for rec in recs for f in rec["funded"]], recs


def _effect_source(state: GameState, e) -> tuple[tuple, Any] | None:
    """Which decision an effect entry of the log belongs to: (key, name) or None (the region's
    own dynamics, the national economy, a trigger)."""
    data = e.data
    act = data.get("action")
    if act and act in state.scenario.actions:
        return ("action", act), {k: f"‘{v}’" for k, v in state.scenario.actions[act].name.items()}
    if e.phase == "event" and isinstance(e.params.get("card"), Mapping):
        title = dict(e.params["card"])
        return ("card", title.get("en", "")), {k: f"‘{v}’" for k, v in title.items()}
    if set(e.params) == {"count", "limit", "changes"}:      # the designations of the round
        return ("kind", "designation"), KIND_LABELS["designation"]
    if e.msg.startswith("Lobbying deepened"):
        return ("kind", "lobby"), KIND_LABELS["lobby"]
    return None


def _moves(state: GameState, a: Analysis) -> tuple[list, list, int]:
    """The biggest indicator moves and, for each, the decision that drove it most."""
    first, last = a.series[0], a.series[-1]
    deltas = {k: last[i] - first[i] for i, k in enumerate(INDICATORS)}
    top = sorted((k for k in INDICATORS if abs(deltas[k]) >= MOVE_AT_LEAST),
                 key=lambda k: (-abs(deltas[k]), INDICATORS.index(k)))[:MOVES_SHOWN]
    by_source: dict[tuple, dict[str, float]] = {}
    names: dict[tuple, Any] = {}
    for e in state.log:
        if e.kind != "effect" or not e.data.get("deltas"):
            continue
        src = _effect_source(state, e)
        if src is None:
            continue
        key, name = src
        names.setdefault(key, name)
        acc = by_source.setdefault(key, {})
        for k, v in e.data["deltas"].items():
            acc[k] = acc.get(k, 0.0) + float(v)
    sources: dict[tuple, list] = {}
    order: list[tuple] = []
    sourced = 0
    for k in top:
        d = deltas[k]
        best = max(by_source, key=lambda s: (by_source[s].get(k, 0.0) * (1 if d > 0 else -1)), default=None)
        if best is None:
            continue
        got = by_source[best].get(k, 0.0)
        if got * d <= 0 or abs(got) < SOURCE_AT_LEAST:
            continue
        sourced += 1
        if best not in sources:
            order.append(best)
        sources.setdefault(best, []).append([INDICATOR_LABELS[k], round(got, 1)])
    moves = [[INDICATOR_LABELS[k], round(deltas[k], 1)] for k in top]
    return moves, [{"name": names[s], "changes": sources[s]} for s in order], sourced


def story_facts(state: GameState, a: Analysis) -> tuple[dict[str, float], dict[str, Any], set, set]:
    """Every fact of `STORY_FACTS` (numbers) and `STORY_TEXT_PARAMS` (text parameters) for a
    game, with the failure types that fired and the actions funded (for the list tests)."""
    sc = state.scenario
    acts = sc.actions
    f: dict[str, float] = {}
    comp = a.competitiveness
    f["rounds"] = len(a.series) - 1
    f["index_start"], f["index_end"] = comp[0], comp[-1]
    f["index_change"] = round(comp[-1] - comp[0], 2)
    f["collapse_line"] = a.collapse_line
    f["collapse_margin"] = round(comp[-1] - a.collapse_line, 2)
    f["collapsed"] = 1.0 if a.collapsed else 0.0
    f["weak_region"] = 1.0 if weak_region(state) else 0.0
    for i, k in enumerate(INDICATORS):
        vals = [row[i] for row in a.series]
        f[f"start_{k}"], f[f"end_{k}"] = vals[0], vals[-1]
        f[f"change_{k}"] = round(vals[-1] - vals[0], 2)
        f[f"min_{k}"], f[f"max_{k}"] = min(vals), max(vals)

    funded, recs = _funded(state)
    paid = [x for x in funded if x[4] in ("budget", "deal")]       # events' programmes are free
    kinds = [x[2] for x in funded]
    tags = [set(acts[x[1]].tags) if x[1] in acts else set() for x in funded]
    f["total_money"] = sum(x[3] for x in paid)
    f["public_money"] = sum(x[3] for x in paid if x[0] in PUBLIC)
    cluster = {r: sum(x[3] for x in paid if x[0] == r and x[2] not in NOT_CLUSTER) for r in PUBLIC}
    f["public_cluster_money"] = sum(cluster.values())
    f["hardware_money"] = sum(x[3] for x in paid if x[2] == "hardware")
    f["hardware_pct"] = round(100 * f["hardware_money"] / f["total_money"]) if f["total_money"] else 0
    pcm = f["public_cluster_money"]
    f["local_public_pct"] = round(100 * cluster["local"] / pcm) if pcm else 0
    f["ministry_public_pct"] = round(100 * cluster["ministry"] / pcm) if pcm else 0
    f["designations"] = state.designations
    f["designation_limit"] = sc.designation_limit
    f["designations_over_limit"] = max(0, state.designations - sc.designation_limit)
    f["parks"] = sum(1 for x, t in zip(funded, tags) if x[2] == "hardware" and "B3" in t)
    for fact, kind in (("hardware_actions", "hardware"), ("external_actions", "external"),
                       ("network_actions", "network"), ("diagnoses", "diagnosis"),
                       ("coordination", "coordination"), ("capacity_grants", "capacity"),
                       ("research_actions", "research"), ("macro_measures", "macro"),
                       ("lobbying", "lobby")):
        f[fact] = kinds.count(kind)
    f["welfare_actions"] = sum(1 for x in funded if x[2] == "welfare" and x[0] in PUBLIC)
    f["hightech"] = sum(1 for t in tags if "A3" in t)
    f["uniform_programmes"] = sum(1 for t in tags if "A1" in t)
    f["s1_actions"] = sum(1 for t in tags if "S1" in t)
    f["cancellations"] = sum(len(rec["cancelled"]) for rec in recs)
    over = [float(rec.get("over_ceiling", 0.0)) for rec in recs]
    f["over_ceiling_rounds"] = sum(1 for x in over if x > 0)
    f["over_ceiling_money"] = round(sum(over), 1)
    f["downturn_rounds"] = sum(1 for rec in recs if rec.get("macro", 0.0) <= D1_MACRO_BELOW)

    accepted = [d for d in state.deals if d.status == "accepted"]
    transfers = [t for d in accepted for t in d.terms.transfers]
    f["deals_concluded"] = len(accepted)
    f["cofunded_deals"] = sum(1 for d in accepted if d.terms.cofund is not None)
    f["conditional_grants"] = sum(1 for t in transfers if t.condition)
    f["conditional_money"] = sum(t.amount for t in transfers if t.condition)
    f["unconditional_grants"] = sum(1 for t in transfers if not t.condition)
    f["unconditional_money"] = sum(t.amount for t in transfers if not t.condition)
    f["unconditional_to_firms"] = sum(amount for rec in recs for (giver, receiver, amount, cond) in rec["transfers"]
                                      if giver in PUBLIC and receiver == "firms" and not cond)
    f["lobbied_subsidies"] = sum(amount for rec in recs for (r, amount) in rec.get("grants", ()) if r == "firms")

    def tied(d) -> bool:
        return d.terms.cofund is not None or any(t.condition for t in d.terms.transfers)
    f["partnership_deals"] = sum(1 for d in accepted if tied(d))
    f["ministry_local_partnerships"] = sum(1 for d in accepted if {"ministry", "local"} <= set(d.parties)
                                           and (tied(d) or d.terms.commitments))
    f["broken_commitments"] = len(a.broken)

    fired = {x.failure for x in a.fired}
    f["fired_count"] = len(fired)
    f["firings"] = len(a.fired)
    f["limits_crossed"] = sum((f["designations_over_limit"] > 0, f["over_ceiling_rounds"] > 0,
                               "D1" in fired, "D2" in fired, a.collapsed))

    params: dict[str, Any] = {}
    winner = None
    if a.winners:
        def share(r):
            p = a.parts[r]
            return p["agenda"] / p["total"] if p["total"] > 0 else 0.0
        winner = max(a.winners, key=lambda r: (share(r), -ROLES.index(r)))
    p = a.parts[winner] if winner else {}
    f["winners_count"] = len(a.winners)
    f["winner_total"] = p.get("total", 0.0)
    f["winner_agenda"] = p.get("agenda", 0.0)
    f["winner_agenda_pct"] = round(100 * p["agenda"] / p["total"]) if winner and p["total"] > 0 else 0
    f["winner_objectives"] = p.get("objectives", 0.0)
    f["winner_legacy"] = p.get("legacy", 0.0)
    params["winner"] = {"labels": [ROLE_LABELS[winner]] if winner else []}

    moves, sources, sourced = _moves(state, a)
    f["moved_indicators"] = sum(1 for k in INDICATORS if abs(f[f"change_{k}"]) >= MOVE_AT_LEAST)
    f["sourced_moves"] = sourced
    params["moves"] = {"changes": moves}
    params["sources"] = {"sources": sources}

    ids = [x for x in FAILURE_IDS if x in fired]
    params["failure_ids"] = ", ".join(ids)
    fed: dict[str, int] = {x: 0 for x in ids}
    for r in ROLES:
        for d in a.timelines[r]:
            for x in set(d.triggered):
                fed[x] = fed.get(x, 0) + 1
    first = {x.failure: n for n, x in reversed(list(enumerate(a.fired)))}
    top = min(ids, key=lambda x: (-fed[x], -sum(1 for y in a.fired if y.failure == x), first[x]),
              default=None)
    entry = sc.catalogue.failures.get(top) if top else None
    params["top_failure"] = {"failure": top or "", "name": dict(entry.name) if entry else {}}
    roles = [r for r in ROLES if any(r in y.roles for y in a.fired if y.failure == top)]
    params["top_failure_roles"] = {"labels": [ROLE_LABELS[r] for r in roles]}
    for i, k in enumerate(INDICATORS):
        params[f"path_{k}"] = {"path": [row[i] for row in a.series]}
    missing = (set(STORY_FACTS) - set(f)) | (set(STORY_TEXT_PARAMS) - set(params))
    if missing:
        raise AssertionError(f"story facts not computed: {sorted(missing)}")
    return f, params, fired, {x[1] for x in funded}


# --- the triggers -------------------------------------------------------------------------------

def holds(trigger: StoryTrigger | None, facts: Mapping[str, float], fired: set, funded: set) -> bool:
    """A trigger holds when one of its alternatives does; an alternative when all its tests do."""
    if trigger is None:
        return True

    def test(t) -> bool:
        if t.kind == "at_least":
            return facts[t.fact] >= t.value - EPS
        if t.kind == "at_most":
            return facts[t.fact] <= t.value + EPS
        if t.kind == "fired_any":
            return bool(fired & set(t.ids))
        if t.kind == "fired_none":
            return not fired & set(t.ids)
        if t.kind == "funded_any":
            return bool(funded & set(t.ids))
        if t.kind == "funded_none":
            return not funded & set(t.ids)
        raise ValueError(f"unknown story test {t.kind!r}")
    return any(all(test(t) for t in alt) for alt in trigger)


def _first(variants, ctx) -> StoryVariant | None:
    return next((v for v in variants if holds(v.when, *ctx)), None)


def table_story(state: GameState, a: Analysis, story: Story) -> TableStory:
    """The table's story of a (normally finished) game, from `story` (load_story())."""
    facts, params, fired, funded = story_facts(state, a)
    ctx = (facts, fired, funded)
    values = {**facts, **params}

    def line(text) -> Line:
        return Line(dict(text), values)

    summary = [line(v.text) for key in ("index", "moves", "failures")
               if (v := _first(story.summary.get(key, ()), ctx)) is not None]
    conditions = []
    for c in story.conditions:
        status, verdict = "met", _first(c.met, ctx)
        if verdict is None:
            status, verdict = "partly", _first(c.partly, ctx)
        if verdict is None:
            status, verdict = "not_met", c.not_met
        entry = state.scenario.catalogue.success_conditions.get(c.id)
        conditions.append(ConditionView(c.id, dict(entry.name) if entry else {"en": c.id}, c.section, status,
                                        line(c.checks), line(c.facts), line(verdict.text)))

    def notes(items: tuple[StoryNote, ...]) -> list[NoteView]:
        return [NoteView(n.id, dict(n.name), n.section, line(n.text)) for n in items if holds(n.when, *ctx)]
    points = [PointView(p.id, dict(p.name), p.section, shown) for p in story.points
              if (shown := notes(p.observations))]
    winner = line(story.winner_at_cost.text) if holds(story.winner_at_cost.when, *ctx) else None
    return TableStory(story.labels, summary, winner, conditions, points, notes(story.cases),
                      facts, params)


# --- rendering ----------------------------------------------------------------------------------

def _number(v: float, lang: str) -> str:
    return format_number(round(float(v), 1), lang)


def _value(v: Any, lang: str) -> str:
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, (int, float)):
        return _number(v, lang)
    if isinstance(v, str):
        return v
    if isinstance(v, Mapping):
        if "labels" in v:
            return ", ".join(gettext(x, lang) for x in v["labels"])
        if "changes" in v:
            return ", ".join(f"{gettext(k, lang)} {format_signed(round(d, 1), lang)}" for k, d in v["changes"])
        if "path" in v:
            return " → ".join(format_number(round(float(x)), lang) for x in v["path"])
        if "sources" in v:
            return ", ".join(f"{_name(s['name'], lang)} ({_value({'changes': s['changes']}, lang)})"
                             for s in v["sources"])
        if "failure" in v:
            return f"{v['failure']} {pick(v['name'], lang)}".strip()
        if "msg" in v:
            return translate(v["msg"], v.get("params"), lang)
        return pick(v, lang)
    return str(v)


def _name(name: Any, lang: str) -> str:
    return gettext(name, lang) if isinstance(name, str) else pick(name, lang)


def render(line: Line, lang: str | None = None) -> str:
    """A story sentence in `lang` (default: the current language)."""
    from game.i18n import get_language
    lang = lang or get_language()
    template = pick(line.text, lang)
    shown = {k: _value(v, lang) for k, v in line.params.items()}
    return fill(template, shown)      # plain {name} fields; Korean particle pairs resolved
