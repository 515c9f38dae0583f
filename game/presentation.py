"""Turning engine facts into sentences in the current language: log entries, deal terms,
round reports and final results. Shared by the command line and the UI."""
from __future__ import annotations

from game.engine.actions import DealTerms
from game.engine.constants import INDICATORS, ROLES
from game.engine.labels import AGENDA_METRIC_LABELS, INDICATOR_LABELS, ROLE_LABELS, TRIGGER_KIND_LABELS
from game.engine.scenario import Scenario
from game.engine.scoring import Outcome
from game.i18n import N_, _, display_width, format_number, format_signed, ngettext, pad, pick, translate

# --- a score and its four parts ---------------------------------------------------------------

SCORE_PARTS = ("objectives", "agenda", "legacy", "accountability")
SCORE_SIGNS = {"objectives": 1, "agenda": 1, "legacy": 1, "accountability": -1}
SCORE_PART_NAMES = {
    "objectives": N_("Objectives"),
    "agenda": N_("Agenda"),
    "legacy": N_("Legacy"),
    "accountability": N_("Accountability"),
}
SCORE_PART_NOTES = {
    "objectives": N_("your mandate: how far the region moved on what you answer for"),
    "agenda": N_("your private agenda: what you were after for yourself"),
    "legacy": N_("what your own programmes added to the region (booked when each is evaluated)"),
    "accountability": N_("the audit's bill for the idle assets and lock-in your decisions left behind, "
                         "every round they last (subtracted)"),
}


# --- hints: when a choice's failure types and lessons are shown ------------------------------------
#
# Set by the facilitator in set-up and kept in the save (GameSession.hints). Every screen that
# shows a choice's tags asks `tags_shown(hints, moment)`; the moments are
#   "choosing"   — before anyone has chosen: the event options, the private action menu, and the
#                  card an AI just decided (the round is still being played);
#   "resolution" — the round's resolution, once the choices are made;
#   "debrief"    — the debrief after the game.
HINTS = ("full", "after", "debrief")
HINT_MOMENTS = ("choosing", "resolution", "debrief")
_HINTS_SHOW = {"full": frozenset(HINT_MOMENTS), "after": frozenset(("resolution", "debrief")),
               "debrief": frozenset(("debrief",))}
HINT_NAMES = {
    "full": N_("before choosing"),
    "after": N_("in the resolution"),
    "debrief": N_("in the debrief only"),
}


def default_hints(scenario) -> str:
    """The hints a game starts with unless the facilitator chooses: `full` for the tutorial
    (first-time players learn the tags with the choices), `after` for every other scenario (the
    dilemma is not given away). The one place this default is computed. `scenario`: a Scenario
    or its id."""
    sid = scenario if isinstance(scenario, str) else getattr(scenario, "id", "")
    return "full" if sid == "tutorial" else "after"


def tags_shown(hints: str | None, moment: str) -> bool:
    """Whether a choice's failure types and lessons are shown at `moment` (one of HINT_MOMENTS)
    under the table's `hints` (one of HINTS; anything else reads as `after`)."""
    if moment not in HINT_MOMENTS:
        raise ValueError(f"unknown moment {moment!r}; the moments are {HINT_MOMENTS}")
    return moment in _HINTS_SHOW.get(hints, _HINTS_SHOW["after"])


def role_name(role: str) -> str:
    return _(ROLE_LABELS[role])


def indicator_name(key: str) -> str:
    return _(INDICATOR_LABELS[key])


def agenda_metric_name(key: str) -> str:
    return _(AGENDA_METRIC_LABELS[key])


def trigger_kind_name(key: str) -> str:
    """A trigger's kind in words; a kind the file misspells as written (the Checker says so)."""
    return _(TRIGGER_KIND_LABELS[key]) if key in TRIGGER_KIND_LABELS else str(key)


def entry_text(entry) -> str:
    """One log entry (a LogEntry or its observed dict) as a sentence."""
    msg = entry["msg"] if isinstance(entry, dict) else entry.msg
    params = entry["params"] if isinstance(entry, dict) else entry.params
    return translate(msg, params)


def describe_terms(terms: DealTerms, scenario: Scenario) -> str:
    """Deal terms in one line, e.g. "Central ministry pays Local government 10 (on condition
    that it funds Training and skills programme)"."""
    parts = []
    for t in terms.transfers:
        if t.condition:
            parts.append(_("{giver} pays {receiver} {amount} on condition that it funds {action}").format(
                giver=role_name(t.giver), receiver=role_name(t.receiver),
                amount=format_number(t.amount), action=pick(scenario.actions[t.condition].name)))
        else:
            parts.append(_("{giver} pays {receiver} {amount}").format(
                giver=role_name(t.giver), receiver=role_name(t.receiver), amount=format_number(t.amount)))
    if terms.cofund:
        shares = ", ".join(f"{role_name(s.role)} {format_number(s.amount)}" for s in terms.cofund.shares)
        parts.append(_("co-fund {action} ({shares})").format(
            action=pick(scenario.actions[terms.cofund.action_id].name), shares=shares))
    for c in terms.commitments:
        who = role_name(c.role)
        if c.kind == "reveal_agenda":
            parts.append(_("{role} reveals its private agenda").format(role=who))
            continue
        action = pick(scenario.actions[c.target].name) if c.target in scenario.actions else c.target
        text = {
            "fund": _("{role} will fund {action}"),
            "not_fund": ngettext("{role} will not fund {action} for {rounds} round",
                                 "{role} will not fund {action} for {rounds} rounds", c.rounds),
            "keep": ngettext("{role} will keep {action} running for {rounds} round",
                             "{role} will keep {action} running for {rounds} rounds", c.rounds),
        }[c.kind]
        parts.append(text.format(role=who, action=action, rounds=c.rounds))
    return "; ".join(parts)


def indicator_changes(before, after) -> list[str]:
    """Lines like "industrial base  50 → 53.2 (+3.2)" for every indicator."""
    width = max(display_width(indicator_name(k)) for k in INDICATORS)
    lines = []
    for i, key in enumerate(INDICATORS):
        a, b = float(before[i]), float(after[i])
        lines.append(f"{pad(indicator_name(key), width)}  {format_number(a):>5} → {format_number(b):>5}"
                     f"  ({format_signed(round(b - a, 1))})")
    return lines


def score_figures(parts: dict, digits: int = 1) -> dict[str, float]:
    """A score's four parts and total rounded for display (`digits` decimals) so that
    objectives + agenda + legacy − accountability is exactly the total shown: each part and the
    total are rounded on their own, and where the rounded parts miss the rounded total by a unit
    the part closest to the next rounding takes it (largest remainder)."""
    q = 10 ** digits
    target = round(round(float(parts["total"]), digits) * q)      # as format_number rounds it
    raw = {k: float(parts.get(k, 0.0)) * q for k in SCORE_PARTS}
    units = {k: round(round(float(parts.get(k, 0.0)), digits) * q) for k in SCORE_PARTS}
    diff = target - sum(SCORE_SIGNS[k] * units[k] for k in SCORE_PARTS)
    for _step in range(4 * len(SCORE_PARTS)):      # the parts are rounded to 0.01: a unit or two
        if diff == 0:
            break
        step = 1 if diff > 0 else -1
        k = max(SCORE_PARTS, key=lambda k: SCORE_SIGNS[k] * step * (raw[k] - units[k]))
        units[k] += SCORE_SIGNS[k] * step
        diff -= step
    if diff:                                       # a total that is not the sum of its parts
        target -= diff
    out = {k: units[k] / q for k in SCORE_PARTS}
    out["total"] = target / q
    return out


def score_sum(parts: dict) -> str:
    """The parts as a sum that adds up to the total shown beside it, e.g.
    "objectives 3.5 + agenda 7.3 + legacy 30.2 − accountability 2.4"."""
    f = score_figures(parts)
    return _("objectives {objectives} + agenda {agenda} + legacy {legacy} − accountability {accountability}").format(
        **{k: format_number(f[k]) for k in SCORE_PARTS})


def score_line(parts: dict, who: str | None = None) -> str:
    """"Local government: 38.6 = objectives 3.5 + agenda 7.3 + legacy 30.2 − accountability 2.4"
    (without `who`: "Score 38.6 = …")."""
    total = format_number(score_figures(parts)["total"])
    if who is None:
        return _("Score {total} = {parts}").format(total=total, parts=score_sum(parts))
    return _("{role}: {total} = {parts}").format(role=who, total=total, parts=score_sum(parts))


def score_legend() -> list[str]:
    """What each part of a score means, one plain line each, under a heading line."""
    return [_("Score = objectives + agenda + legacy − accountability")] + [
        _("{part} — {meaning}").format(part=_(SCORE_PART_NAMES[k]), meaning=_(SCORE_PART_NOTES[k]))
        for k in SCORE_PARTS]


def outcome_lines(res: Outcome, scenario: Scenario, parts: dict | None = None) -> list[str]:
    lines = [_("Competitiveness index {index} (collapse line {line}).").format(
        index=format_number(res.competitiveness), line=format_number(res.collapse_line))]
    if res.collapsed:
        lines.append(_("The region collapsed: everyone loses."))
    width = max(display_width(role_name(r)) for r in ROLES)
    for r in sorted(ROLES, key=lambda r: -res.scores[r]):
        if parts:
            total = format_number(score_figures(parts[r])["total"])
            lines.append(f"  {pad(role_name(r) + ':', width + 1)} {total:>6} = {score_sum(parts[r])}")
        else:
            lines.append(f"  {role_name(r)}: {format_number(res.scores[r])}")
    if res.winners:
        lines.append(_("Winner: {roles}").format(roles=", ".join(role_name(r) for r in res.winners)))
    if parts:
        legend = score_legend()
        lines += [legend[0]] + ["  " + ln for ln in legend[1:]]
    return lines


def simulation_table(result: dict, scenario: Scenario) -> list[str]:
    """A `simulate` result as a readable table."""
    from game.engine.constants import FAILURE_IDS

    pct = lambda x: f"{100 * x:5.1f}%"  # noqa: E731
    lines = [_("{scenario}: {games} games, seed {seed} ({rate} games/s)").format(
        scenario=pick(scenario.name), games=result["games"], seed=result["seed"],
        rate=format_number(result["games_per_s"] or 0))]
    lines.append(_("Region collapsed in {rate} of games (mean competitiveness {mean}, collapse line {line}).")
                 .format(rate=pct(result["collapse_rate"]).strip(), mean=format_number(result["mean_competitiveness"]),
                         line=format_number(result["collapse_line"])))
    width = max(display_width(role_name(r)) for r in ROLES)
    lines += ["", pad(_("role"), width) + "  " + _("wins") + "   " + _("mean score")]
    for r in ROLES:
        lines.append(f"{pad(role_name(r), width)}  {pct(result['wins'][r])}  "
                     f"{format_number(result['mean_scores'][r]):>8}")
    lines += ["", _("failure type (fraction of games in which it fired; * = learning goal)")]
    for f in FAILURE_IDS:
        entry = scenario.catalogue.failures.get(f)
        goal = "*" if f in result["learning_goals"] else " "
        lines.append(f"{goal} {f}  {pct(result['failures'][f])}  {pick(entry.name) if entry else ''}")
    never = [c for c, x in result["cards_drawn"].items() if x == 0]
    if never:
        lines += ["", _("Cards never drawn: {cards}").format(cards=", ".join(never))]
    return lines


def verdict_text(collapsed: bool, index: float, line: float, winners: list[str]) -> str:
    """The end of a game in one sentence; `winners` are names already written for the reader."""
    if collapsed:
        return _("The region fell below the collapse line ({index} < {line}): everyone loses.").format(
            index=format_number(index), line=format_number(line))
    return _("Competitiveness index {index} (collapse line {line}). Winner: {roles}.").format(
        index=format_number(index), line=format_number(line), roles=", ".join(winners))


# --- the briefing and the rules: the ten indicators and a round's phases in one line each -------

INDICATOR_NOTES = {
    "industry": N_("the size and strength of the region's firms and production"),
    "absorptive": N_("how well the region can take up and use support, money and new knowledge"),
    "capability": N_("how well the region's public bodies can plan, diagnose and run policy"),
    "network": N_("how closely firms, the university and the government work together inside the region"),
    "external": N_("ties to other regions and abroad: outside talent, technology and markets"),
    "innovation": N_("new products, processes, patents and spin-offs"),
    "employment": N_("jobs in the region"),
    "cohesion": N_("how well the region holds together: fair shares, no area left behind"),
    "idle_assets": N_("buildings and equipment that stand unused: money wasted"),
    "lock_in": N_("money steered by political favour and by incumbents who resist change"),
}

PHASE_NOTES = {
    "briefing": N_("before round 1, this briefing; every round opens with the region's dashboard and a "
                   "new event card"),
    "event": N_("the role the card names chooses one of its options; the roles it consults give their view"),
    "negotiation": N_("talk aloud; a role proposes a deal in private (money, a co-funded project, a "
                      "promise) and its partner accepts, rejects or counters"),
    "actions": N_("each role spends its budget on actions, alone and in private"),
    "resolution": N_("the region changes; each change and every failure that fired is shown with its reason"),
}


def indicator_line(key: str) -> str:
    """One indicator in one line: its name, what it measures and which way is good."""
    from game.engine.constants import BAD_INDICATORS
    better = _("lower is better") if key in BAD_INDICATORS else _("higher is better")
    return _("{name} — {meaning} ({better})").format(name=indicator_name(key), meaning=_(INDICATOR_NOTES[key]),
                                                    better=better)


def phase_line(phase: str) -> str:
    """A round's phase in one line: its name and what happens in it."""
    from game.engine.labels import PHASE_LABELS
    return _("{phase} — {what}").format(phase=_(PHASE_LABELS[phase]), what=_(PHASE_NOTES[phase]))
