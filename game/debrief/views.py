"""What the debrief shows of a decision, a lesson and a turning point, in the current language:
one view built here and read by both the debrief screen (game.ui.screens.debrief) and the HTML
report (game.debrief.report), so the two cannot drift apart. Texts are plain (the screen and the
report escape them their own way); the marks' colours are the reader's business.
"""
from __future__ import annotations

from dataclasses import dataclass

from game.engine.constants import FAILURE_IDS
from game.i18n import pick, section_text, translate
from game.presentation import describe_terms

from .analysis import Analysis, Decision, key_lessons


@dataclass(frozen=True)
class TagView:
    id: str
    name: str          # the catalogue's name of the failure type or lesson ("" if unknown)
    kind: str          # fed (a failure type it fed that fired) | risk (one it risked) | follow


@dataclass(frozen=True)
class DecisionView:
    round: int
    kind: str          # as Decision.kind
    what: str          # the decision in a sentence (a deal's terms included)
    tags: tuple[TagView, ...]
    reasons: tuple[str, ...]   # the card option's own explanation first, then the model's reasons
    section: str       # the paper section, as a reader of the language writes it ("" if none)


@dataclass(frozen=True)
class LessonView:
    id: str
    name: str
    section: str
    text: str
    questions: tuple[str, ...]
    status: str        # fired | avoided (failure types) | lesson (lessons and success conditions)
    rounds: tuple[int, ...]    # the rounds it fired in
    key: bool          # one of the lessons that mattered most at this table (analysis.key_lessons)


def _tag(scenario, tag: str, kind: str) -> TagView:
    try:
        name = pick(scenario.catalogue.entry(tag).name)
    except KeyError:
        name = ""
    return TagView(tag, name, kind)


def decision_view(d: Decision, scenario) -> DecisionView:
    tags = ([_tag(scenario, x, "fed") for x in d.triggered]
            + [_tag(scenario, x, "risk") for x in d.risks if x not in d.triggered]
            + [_tag(scenario, x, "follow") for x in d.follows])
    what = translate(d.msg, d.params)
    if d.terms is not None:
        what += " " + describe_terms(d.terms, scenario) + "."
    reasons = [translate(r["msg"], r.get("params")) for r in d.reasons]
    if d.explain:
        reasons.insert(0, pick(d.explain))
    return DecisionView(d.round, d.kind, what, tuple(tags), tuple(reasons),
                        section_text(d.section) if d.section else "")


def decision_views(a: Analysis, role: str) -> list[DecisionView]:
    return [decision_view(d, a.scenario) for d in a.timelines[role]]


def lesson_views(a: Analysis) -> list[LessonView]:
    """The table's key lessons first, then the rest of the catalogue entries this scenario and
    table touched (Analysis.lessons)."""
    sc = a.scenario
    key = key_lessons(a)
    out = []
    for lid in key + [x for x in a.lessons if x not in key]:
        entry = sc.catalogue.entry(lid)
        rounds = tuple(sorted({f.round for f in a.fired if f.failure == lid}))
        status = ("fired" if rounds else "avoided") if lid in FAILURE_IDS else "lesson"
        out.append(LessonView(lid, pick(entry.name), section_text(entry.section),
                              pick(entry.explanation) or pick(entry.summary),
                              tuple(pick(q) for q in entry.questions), status, rounds, lid in key))
    return out


def turning_texts(turning: dict, role: str, scenario) -> list[str]:
    """A player's turning points as sentences (counterfactual.TurningPoint.sentence)."""
    return [translate(*tp.sentence(scenario)) for tp in turning.get(role, [])]
