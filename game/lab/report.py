"""The strategy lab's report as text tables (the JSON form is `runner.run`'s dict itself), and the
plain-sentence warnings `check` prints about dominant strategies."""
from __future__ import annotations

from game.engine.constants import ROLES
from game.engine.labels import N_, ROLE_LABELS
from game.i18n import _, format_number, translate

from .archetypes import ARCHETYPES, EXTREMES

# What each archetype does, for tables and warnings (msgids).
STYLE_LABELS = {
    "lesson": N_("lesson"), "trap": N_("trap"), "extreme": N_("extreme"), "idle": N_("idle"),
    "mixed": N_("mixed"),
}
# The habit behind each role's non-lesson styles, and what it fails to teach (for warnings).
HABITS = {
    ("ministry", "trap"): (N_("spreading uniform money and designations"), "A1/C1"),
    ("ministry", "extreme"): (N_("designating every region it may"), "C1/L4"),
    ("local", "trap"): (N_("building centres and parks and lobbying"), "C3/B3"),
    ("local", "extreme"): (N_("building every round"), "C3/A2"),
    ("firms", "trap"): (N_("lobbying for subsidies and a high-tech leap"), "C2/A3"),
    ("firms", "extreme"): (N_("lobbying every round"), "C2"),
    ("university", "trap"): (N_("equipment and research for prestige"), "B2/A2"),
    ("university", "extreme"): (N_("buying equipment every round"), "A2/B2"),
}
DOMINANT_WIN = 0.5


def _pct(x: float) -> str:
    return format_number(round(100 * x)) + "%"


def _num(x: float) -> str:
    return format_number(round(x, 1))


def _pm(cell: dict) -> str:
    return f"{_num(cell['mean'])}±{_num(cell['se'])}"


def _role(r: str) -> str:
    return translate(ROLE_LABELS[r])


def text_lines(report: dict) -> list[str]:
    out = [_("Strategy lab: {scenario}, {seeds} seeds a configuration, {games} games in {seconds} s").format(
        scenario=report["scenario"], seeds=report["seeds"], games=format_number(report.get("games_played", 0)),
        seconds=_num(report.get("elapsed_s", 0)))]
    styles = [s for s in ARCHETYPES if any(s in report[part].get(r, {}) for r in ROLES
                                           for part in ("solo", "deviation"))]
    w = max(len(_role(r)) for r in ROLES) + 2      # the role column: the longest name in full
    if report["solo"]:
        out += ["", _("(a) Solo: one archetype against three normal AIs — win rate (score)")]
        out.append(" " * w + "".join(f"{_(STYLE_LABELS[s]):>17}" for s in styles))
        for r in ROLES:
            row = report["solo"][r]
            out.append(f"{_role(r):{w}}" + "".join(
                f"{_pct(row[s]['win']['mean']) + ' (' + _num(row[s]['score']['mean']) + ')':>17}" for s in styles))
    if report["deviation"]:
        out += ["", _("(b) Deviation: one archetype against three lesson seats — own score after round 2 / at the end")]
        out.append(" " * w + "".join(f"{_(STYLE_LABELS[s]):>17}" for s in styles))
        for r in ROLES:
            row = report["deviation"][r]
            out.append(f"{_role(r):{w}}" + "".join(
                f"{_num(row[s]['early']['mean']) + ' / ' + _num(row[s]['final']['mean']):>17}" for s in styles))
    if report["tables"]:
        out += ["", _("(c) Tables: every seat the same archetype")]
        out.append(" " * 12 + f"{_('index'):>14}{_('collapse'):>10}{_('industry'):>10}"
                   f"{_('innovation'):>11}{_('employment'):>11}")
        for s, t in report["tables"].items():
            ind = t["indicators"]
            out.append(f"{_(STYLE_LABELS[s]):12}{_pm(t['index']):>14}{_pct(t['collapse']['mean']):>10}"
                       f"{_num(ind['industry']['mean']):>10}{_num(ind['innovation']['mean']):>11}"
                       f"{_num(ind['employment']['mean']):>11}")
    if report["claims"]:
        out += ["", _("(d) The paper's claims (lesson table, one change, same seeds)")]
        for c in report["claims"]:
            verdict = _("holds") if c["ok"] else _("FAILS")
            out.append(f"  {c['id']:3} ({c['section']}) {verdict:6} {c['claim']}: {c['measured']}")
    ev = report.get("events") or {}
    if ev:
        out += ["", _("Events: share of the cards each role decides (games where it decides at least one)")]
        out.append("  " + "   ".join(f"{_role(r)} {_pct(ev[r]['share'])} ({_pct(ev[r]['at_least_one'])})"
                                     for r in ROLES))
    targets = report.get("targets") or []
    if targets:
        met = sum(t["ok"] for t in targets)
        out += ["", _("Targets met: {met} of {total}").format(met=met, total=len(targets))]
        out += ["  ✗ " + t["target"] + f": {t['measured']}" for t in targets if not t["ok"]]
    return out


def dominance_warnings(report: dict) -> list[dict]:
    """Warnings (msgid + params) about strategies that beat the lessons in solo play."""
    out = []
    for r in ROLES:
        row = report["solo"].get(r) or {}
        lesson = row.get("lesson", {}).get("win", {}).get("mean", 0.0)
        for s in ("trap", "extreme", "idle", "mixed"):
            if s not in row:
                continue
            w = row[s]["win"]["mean"]
            if w >= DOMINANT_WIN or (w > lesson + 0.1 and w >= 0.25):
                habit, tags = HABITS.get((r, s), (N_("spending nothing at all") if s == "idle" else
                                                  N_("switching between lessons and traps"), ""))
                out.append({"msg": N_("In this scenario {role} wins {pct}% of games against normal AIs by "
                                      "{habit} (the lesson wins {lesson}%): {tags} is not rewarded."),
                            "params": {"role": ROLE_LABELS[r], "pct": round(100 * w),
                                       "habit": habit, "lesson": round(100 * lesson),
                                       "tags": tags or s}})
        if row and lesson < 0.1:
            out.append({"msg": N_("{role} playing by the paper's lessons wins only {pct}% of games: "
                                  "the scores do not reward the lessons in this role."),
                        "params": {"role": ROLE_LABELS[r], "pct": round(100 * lesson)}})
    dev = report.get("deviation") or {}
    for r in ROLES:
        if r in dev and dev[r]["trap"]["final"]["mean"] > dev[r]["lesson"]["final"]["mean"]:
            out.append({"msg": N_("Among lesson players, {role} ends ahead by walking into its traps: the "
                                  "traps pay in the long run too."), "params": {"role": ROLE_LABELS[r]}})
    return out


__all__ = ["text_lines", "dominance_warnings", "EXTREMES"]
