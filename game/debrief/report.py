"""The printable debrief: one self-contained HTML file (inline CSS and SVG, no network) with the
table's story first (how the region moved and why, the success conditions S1–S4, the IV.1
points and the real cases: game.debrief.story), then the table summary, a page per player,
the lessons and discussion questions, and, given several games of the same scenario, a
comparison of the tables.

Scenario text is user input: the template is rendered by jinja2 with autoescape on, and the
SVG charts built here escape every text they contain.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from game.engine.constants import BAD_INDICATORS, FAILURE_IDS, INDICATORS, ROLES
from game.engine.labels import INDICATOR_LABELS, ROLE_LABELS
from game.engine.state import GameState
from game.i18n import _, format_number, format_signed, get_language, pick, section_text, set_language, translate
from game.presentation import (SCORE_PART_NAMES, SCORE_PARTS, SCORE_SIGNS, describe_terms, score_figures,
                               score_legend, score_sum, verdict_text)

from .analysis import Analysis, analyse
from .counterfactual import TurningPoint, turning_points
from .views import decision_views, lesson_views, turning_texts
from .story import TableStory, render, table_story

TEMPLATES = Path(__file__).resolve().parent / "templates"
FAMILY_COLOURS = {"A": "#c0392b", "B": "#d68910", "C": "#7d3c98", "D": "#2471a3"}
ROLE_COLOURS = {"ministry": "#2e86c1", "local": "#28b463", "firms": "#ca6f1e", "university": "#884ea0"}


class DebriefError(Exception):
    """Games that cannot be debriefed together; the message is for the user."""


@dataclass
class Table:
    """One played game in the report: a label (its save file), the state, its analysis."""
    label: str
    state: GameState
    analysis: Analysis
    turning: dict[str, list[TurningPoint]]
    seats: dict | None = None
    story: TableStory | None = None          # built from scenarios/story.yaml when first needed
    story_problems: list[str] | None = None  # why it could not be (the story file's problems)


def story_of(t: Table) -> TableStory | None:
    """The table's story (cached on the table). A story file with errors gives None and its
    problems (file:line:column) in `t.story_problems`, so the rest of the debrief still shows."""
    if t.story is None and t.story_problems is None:
        from game.content.loader import ContentError, load_story
        try:
            t.story = table_story(t.state, t.analysis, load_story())
        except ContentError as exc:
            t.story_problems = [str(p) for p in exc.errors] or [str(exc)]
    return t.story


def build_table(state: GameState, label: str = "", seats: dict | None = None,
                counterfactuals: bool = True, ai_reasons=None) -> Table:
    a = analyse(state, ai_reasons)
    tps = turning_points(state, a) if counterfactuals else {r: [] for r in ROLES}
    t = Table(label, state, a, tps, seats)
    story_of(t)
    return t


def check_same_scenario(tables: list[Table]) -> None:
    ids = sorted({t.state.scenario.id for t in tables})
    if len(ids) > 1:
        raise DebriefError(_("These games were played on different scenarios ({ids}); only games of "
                             "the same scenario can be compared in one report.").format(ids=", ".join(ids)))


# --- SVG charts (hand-made, small; every text escaped) ------------------------------------------

def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _polyline(values, x0, y0, w, h, lo=0.0, hi=100.0) -> str:
    n = max(1, len(values) - 1)
    pts = []
    for i, v in enumerate(values):
        x = x0 + w * i / n
        y = y0 + h - h * (min(hi, max(lo, v)) - lo) / (hi - lo)
        pts.append(f"{x:.1f},{y:.1f}")
    return " ".join(pts)


def svg_indicators(a: Analysis) -> Markup:
    """Small multiples: each indicator over the rounds (0 = start), value at the end."""
    title = _("Indicators over the rounds")
    cols, cw, ch = 5, 176, 96
    rows = (len(INDICATORS) + cols - 1) // cols
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {cols * cw} {rows * ch}" '
           f'class="chart" role="img" aria-label="{_e(title)}">']
    for k, name in enumerate(INDICATORS):
        x0, y0 = (k % cols) * cw + 8, (k // cols) * ch + 4
        vals = [row[k] for row in a.series]
        bad = name in BAD_INDICATORS
        colour = "#c0392b" if bad else "#1f618d"
        delta = vals[-1] - vals[0]
        good = (delta < 0) if bad else (delta > 0)
        out.append(f'<text x="{x0}" y="{y0 + 12}" class="lbl">{_e(_(INDICATOR_LABELS[name]))}</text>')
        out.append(f'<rect x="{x0}" y="{y0 + 18}" width="{cw - 20}" height="52" class="plot"/>')
        out.append(f'<polyline points="{_polyline(vals, x0, y0 + 18, cw - 20, 52)}" fill="none" '
                   f'stroke="{colour}" stroke-width="2"/>')
        out.append(f'<text x="{x0}" y="{y0 + 86}" class="val">{_e(format_number(round(vals[0], 1)))} → '
                   f'<tspan font-weight="bold">{_e(format_number(round(vals[-1], 1)))}</tspan> '
                   f'<tspan fill="{"#1e8449" if good else "#c0392b" if abs(delta) >= 0.1 else "#555"}">'
                   f'({_e(format_signed(round(delta, 1)))})</tspan></text>')
    out.append("</svg>")
    return Markup("".join(out))


def svg_competitiveness(a: Analysis, tables: list[Table] | None = None) -> Markup:
    """The competitiveness index over the rounds against the collapse line (several tables:
    one line each)."""
    w, h, left, top, pw, ph = 640, 200, 40, 12, 580, 150
    title, line_label, x_label = (_("Competitiveness index over the rounds"), _("collapse line"),
                                  _("round (0 = start)"))
    series = [(t.label, t.analysis.competitiveness) for t in tables] if tables else [("", a.competitiveness)]
    hi = max(10.0, max(max(v) for _l, v in series) + 10, a.collapse_line + 10)
    hi = min(100.0, 10 * int(hi / 10 + 0.999))
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" class="chart" role="img" '
           f'aria-label="{_e(title)}">',
           f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" class="plot"/>']
    for g in range(0, int(hi) + 1, 10):
        y = top + ph - ph * g / hi
        out.append(f'<line x1="{left}" x2="{left + pw}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
                   f'<text x="{left - 4}" y="{y + 4:.1f}" class="axis" text-anchor="end">{g}</text>')
    y = top + ph - ph * a.collapse_line / hi
    out.append(f'<line x1="{left}" x2="{left + pw}" y1="{y:.1f}" y2="{y:.1f}" stroke="#c0392b" '
               f'stroke-dasharray="6 4" stroke-width="1.5"/><text x="{left + pw - 4}" y="{y - 4:.1f}" '
               f'class="axis" text-anchor="end" style="fill: #c0392b">{_e(line_label)} '
               f'{_e(format_number(a.collapse_line))}</text>')
    n = len(series[0][1])
    for i in range(n):
        x = left + pw * i / max(1, n - 1)
        out.append(f'<text x="{x:.1f}" y="{top + ph + 16}" class="axis" text-anchor="middle">{i}</text>')
    palette = ["#1f618d", "#ca6f1e", "#28b463", "#884ea0", "#555555", "#d4ac0d"]
    for j, (label, vals) in enumerate(series):
        colour = palette[j % len(palette)]
        out.append(f'<polyline points="{_polyline(vals, left, top, pw, ph, 0, hi)}" fill="none" '
                   f'stroke="{colour}" stroke-width="2.5"><title>{_e(label)}</title></polyline>')
        if len(series) > 1:
            out.append(f'<text x="{left + 8}" y="{top + 16 + 14 * j}" class="axis" style="fill: {colour}">'
                       f'■ {_e(label)}</text>')
    out.append(f'<text x="{left + pw / 2}" y="{h - 2}" class="axis" text-anchor="middle">'
               f'{_e(x_label)}</text></svg>')
    return Markup("".join(out))


def svg_failures(a: Analysis) -> Markup:
    """A failure-type timeline: a row per failure type that fired, a mark in each round it fired,
    with the initials of the roles whose decisions fed it."""
    ids = [f for f in FAILURE_IDS if any(x.failure == f for x in a.fired)]
    if not ids:
        return Markup("")
    title = _("Failure types over the rounds")
    left, top, cw, rh = 230, 22, max(40, 420 // max(1, a.rounds)), 30
    w, h = left + cw * a.rounds + 10, top + rh * len(ids) + 8
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" class="chart" role="img" '
           f'aria-label="{_e(title)}">']
    for r in range(1, a.rounds + 1):
        x = left + cw * (r - 0.5)
        out.append(f'<text x="{x:.1f}" y="{top - 8}" class="axis" text-anchor="middle">{r}</text>')
    cat = a.scenario.catalogue.failures
    for j, fid in enumerate(ids):
        y = top + rh * j
        entry = cat.get(fid)
        name = pick(entry.name) if entry else ""
        fam = entry.family if entry and entry.family else fid[0]
        out.append(f'<rect x="0" y="{y}" width="{w}" height="{rh}" fill="{"#f6f6f6" if j % 2 else "#ffffff"}"/>')
        label = f"{fid} {name}"
        limit = 30 if label.isascii() else 17     # Hangul is about twice as wide
        if len(label) > limit:
            label = label[:limit - 1] + "…"
        out.append(f'<text x="4" y="{y + 19}" class="lbl">{_e(label)}</text>')
        for f in a.fired:
            if f.failure != fid:
                continue
            x = left + cw * (f.round - 0.5)
            who = "".join(_(ROLE_LABELS[r])[:1] for r in f.roles)
            bw = 12 + 8 * len(who)
            out.append(f'<rect x="{x - bw / 2:.1f}" y="{y + rh / 2 - 9:.1f}" width="{bw}" height="18" rx="9" '
                       f'fill="{FAMILY_COLOURS.get(fam, "#555")}">'
                       f'<title>{_e(", ".join(_(ROLE_LABELS[r]) for r in f.roles))}</title></rect>'
                       f'<text x="{x:.1f}" y="{y + rh / 2 + 4:.1f}" class="dot" text-anchor="middle">{_e(who)}</text>')
    out.append("</svg>")
    return Markup("".join(out))


# --- texts --------------------------------------------------------------------------------------

def _msg(m: dict) -> str:
    return translate(m["msg"], m.get("params"))


def _player(t: Table, role: str) -> dict:
    a, sc = t.analysis, t.state.scenario
    decisions = decision_views(a, role)        # the screen shows the same views
    tps = turning_texts(t.turning, role, sc)
    fed = [{"round": r, "id": f, "name": pick(sc.catalogue.failures[f].name) if f in sc.catalogue.failures else ""}
           for r, f in a.fed[role]]
    parts = a.parts[role]
    seat = (t.seats or {}).get(role) or {}
    return {"role": role, "name": _(ROLE_LABELS[role]), "seat": seat.get("name") or "",
            "colour": ROLE_COLOURS[role], "agenda": pick(a.agendas[role]["text"]),
            "mandate": pick(a.agendas[role]["mandate"]),
            "score": format_number(score_figures(parts)["total"]), "score_sum": score_sum(parts),
            "winner": role in a.winners,
            "decisions": decisions, "turning": tps, "fed": fed,
            # distinct failure types and lessons, not tags: six training programmes follow one
            # lesson, not six
            "counts": {"risk": len({x for d in a.timelines[role] for x in d.risks}),
                       "fed": len({x for d in a.timelines[role] for x in d.triggered}),
                       "follow": len({x for d in a.timelines[role] for x in d.follows})}}


def _lessons(t: Table) -> list:
    """The table's key lessons first (`analysis.key_lessons`, marked `key`), then the rest of
    the catalogue entries this scenario and table touched (views.lesson_views, as on screen)."""
    return lesson_views(t.analysis)


def _score_cells(parts: dict) -> list[dict]:
    """A score's four parts as the table shows them: what each adds to the total (accountability
    with its minus sign), rounded so that the cells add up to the total shown."""
    f = score_figures(parts)
    return [{"key": k, "value": format_number(SCORE_SIGNS[k] * f[k])} for k in SCORE_PARTS]


def _table_summary(t: Table) -> dict:
    a, sc = t.analysis, t.state.scenario
    verdict = verdict_text(a.collapsed, a.competitiveness[-1], a.collapse_line,
                           [_(ROLE_LABELS[r]) for r in a.winners])
    scores = [{"role": _(ROLE_LABELS[r]), "seat": ((t.seats or {}).get(r) or {}).get("name") or "",
               "parts": _score_cells(a.parts[r]), "total": format_number(score_figures(a.parts[r])["total"]),
               "winner": r in a.winners}
              for r in sorted(ROLES, key=lambda r: -a.scores[r])]
    fired = [{"round": f.round, "id": f.failure,
              "name": pick(sc.catalogue.failures[f.failure].name) if f.failure in sc.catalogue.failures else "",
              "section": section_text(f.section), "reason": _msg(f.reason),
              "roles": ", ".join(_(ROLE_LABELS[r]) for r in f.roles)} for f in a.fired]
    status = {"accepted": _("concluded"), "rejected": _("rejected"), "countered": _("countered"),
              "failed": _("failed"), "pending": _("unanswered")}
    deals = [{"id": d["id"], "round": d["round"], "parties": ", ".join(_(ROLE_LABELS[p]) for p in d["parties"]),
              "terms": describe_terms(d["terms"], sc), "status": status.get(d["status"], d["status"]),
              "ok": d["status"] == "accepted",
              "broken": ", ".join(_(ROLE_LABELS[b["role"]]) for b in d["broken"])} for d in a.deals]
    agendas = [{"role": _(ROLE_LABELS[r]), "text": pick(a.agendas[r]["text"]), "colour": ROLE_COLOURS[r]}
               for r in ROLES]
    return {"label": t.label, "verdict": verdict, "collapsed": a.collapsed, "scores": scores, "fired": fired,
            "deals": deals, "agendas": agendas, "seed": a.seed,
            "chart_index": svg_competitiveness(a), "chart_indicators": svg_indicators(a),
            "chart_failures": svg_failures(a)}


def _story(t: Table) -> dict:
    """The table's story as the template shows it, in the current language."""
    st = story_of(t)
    if st is None:
        return {"problems": t.story_problems or []}
    conditions = [{"id": c.id, "name": pick(c.name), "status": c.status, "status_label": st.label(c.status),
                   "section": section_text(c.section), "verdict": render(c.verdict), "facts": render(c.facts),
                   "checks": render(c.checks)} for c in st.conditions]
    points = [{"id": p.id, "name": pick(p.name), "section": section_text(p.section),
               "notes": [render(n.line) for n in p.notes]} for p in st.points]
    cases = [{"name": pick(n.name), "section": section_text(n.section), "text": render(n.line)} for n in st.cases]
    return {"problems": [], "labels": {k: st.label(k) for k in st.labels},
            "summary": [render(x) for x in st.summary],
            "winner": render(st.winner_at_cost) if st.winner_at_cost else "",
            "conditions": conditions, "points": points, "cases": cases}


def _comparison(tables: list[Table]) -> dict:
    a0 = tables[0].analysis
    head = [t.label for t in tables]
    rows = []
    for r in ROLES:
        rows.append({"label": _("Score: {role}").format(role=_(ROLE_LABELS[r])),
                     "cells": [format_number(t.analysis.scores[r]) + (" ★" if r in t.analysis.winners else "")
                               for t in tables]})
    rows.append({"label": _("Competitiveness index"),
                 "cells": [format_number(t.analysis.competitiveness[-1]) for t in tables]})
    rows.append({"label": _("Region collapsed"),
                 "cells": [_("yes") if t.analysis.collapsed else _("no") for t in tables]})
    rows.append({"label": _("Failures fired"),
                 "cells": [", ".join(f"{f.failure} ({f.round})" for f in t.analysis.fired) or "—" for t in tables]})
    rows.append({"label": _("Deals concluded / broken commitments"),
                 "cells": [f"{sum(1 for d in t.analysis.deals if d['status'] == 'accepted')} / {len(t.analysis.broken)}"
                           for t in tables]})
    for k, name in enumerate(INDICATORS):
        rows.append({"label": _("End: {indicator}").format(indicator=_(INDICATOR_LABELS[name])),
                     "cells": [format_number(round(t.analysis.series[-1][k], 1)) for t in tables]})
    return {"head": head, "rows": rows, "chart": svg_competitiveness(a0, tables)}


def labels() -> dict:
    """Every fixed text of the template, in the current language."""
    return {
        "title": _("Debrief"), "table": _("The table"), "scores": _("Final scores"),
        "role": _("Role"), "player": _("Player"), "objectives": _("Objectives"), "agenda": _("Private agenda"),
        "parts": [_(SCORE_PART_NAMES[k]) for k in SCORE_PARTS], "score_legend": score_legend(),
        "total": _("Total"), "winner": _("winner"), "index_chart": _("Competitiveness index over the rounds"),
        "indicators": _("Indicators over the rounds"), "failures": _("Failure types that fired"),
        "failures_none": _("No failure type fired: this table avoided every trap."),
        "round": _("Round"), "failure": _("Failure type"), "section": _("Paper"), "why": _("Why"),
        "fed_by": _("Whose decisions fed it"), "deals": _("Deals"), "deals_none": _("No deal was proposed."),
        "parties": _("Parties"), "terms": _("Terms"), "status": _("Status"), "broken": _("Broken by"),
        "agendas": _("Every private agenda, revealed"), "timeline": _("Your decisions"),
        "decision": _("Decision"), "tags": _("Failure types and lessons"),
        "turning": _("Turning points"), "turning_none": _("No single decision of yours changed the outcome much "
                                                          "when replayed with the AI's alternative."),
        "turning_note": _("Each game was replayed with one of your decisions changed to what the AI would "
                          "have chosen; these changes moved the outcome most."),
        "fed": _("Failure types your decisions (or inaction) fed"), "fed_none": _("None."),
        "lessons": _("Lessons and discussion questions"), "questions": _("For discussion"),
        "key_lessons": _("The lessons that mattered most at this table"),
        "more_lessons": _("The rest of the catalogue this game touched"),
        "fired": _("fired in round(s)"), "avoided": _("avoided"), "lesson": _("lesson / condition for success"),
        "comparison": _("Comparison of the tables"), "table_col": _("Table"),
        "legend_fed": _("fed (fired)"), "legend_risk": _("risked"), "legend_follow": _("followed"),
        "legend": _("Marks: red — a failure type this decision fed and that fired; orange — a failure type it "
                    "risked; green — a lesson or condition for success it followed."),
        "seed": _("seed"), "mandate": _("Mandate"), "score": _("Score"),
        "counts": _("{fed} failures fed, {risk} risked, {follow} lessons followed"),
        "no_decisions": _("No decisions."),
    }


_ENV: Environment | None = None


def _environment() -> Environment:
    """One jinja2 environment (it caches the compiled template). Autoescape is ON: every
    scenario text, save name and player name reaches the page as text."""
    global _ENV
    if _ENV is None:
        _ENV = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True,
                           trim_blocks=True, lstrip_blocks=True)
    return _ENV


def render_report(tables: list[Table], lang: str | None = None) -> str:
    """The whole report as an HTML string, in `lang` (default: the current language)."""
    if not tables:
        raise DebriefError(_("No game to debrief."))
    previous = get_language()
    if lang:
        set_language(lang)
    try:
        check_same_scenario(tables)
        sc = tables[0].state.scenario
        tpl = _environment().get_template("report.html.j2")
        main = tables[0]
        return tpl.render(
            lang=get_language(), t=labels(), scenario=pick(sc.name), region=pick(sc.region_name),
            summary=pick(sc.summary), tables=[_table_summary(x) for x in tables], story=_story(main),
            players=[_player(main, r) for r in ROLES], lessons=_lessons(main),
            comparison=_comparison(tables) if len(tables) > 1 else None,
            main_label="" if len(tables) > 1 else main.label, several=len(tables) > 1)
    finally:
        set_language(previous)


def write_report(path: str | Path, tables: list[Table], lang: str | None = None) -> Path:
    from game.files import write_atomic
    path = Path(path)
    write_atomic(path, render_report(tables, lang).encode("utf-8"))
    return path
