"""What a seat's page (and a watcher's) shows, as plain JSON data in one language.

Built from `observe(state, role)` and nothing more — the same door the private screens use —
plus the session's answers to this seat's own deals. Every text is rendered here, in the seat's
language, so the page only places strings (with textContent: it never parses them as HTML).
"""
from __future__ import annotations

from game.engine import IllegalAction, active_players, check, current_player, legal_actions, observe
from game.engine.actions import Cancel, Commitment, DealTerms, Fund, from_json, to_json
from game.engine.constants import ACTIONS, BAD_INDICATORS, EVENT, GAME_OVER, INDICATORS, NEGOTIATION, ROLES
from game.engine.labels import PHASE_LABELS
from game.i18n import N_, _, format_number, ngettext, pick, translate, using_language
from game.presentation import (describe_terms, entry_text, indicator_name, role_name, score_line,
                               tags_shown)

LOG_TAIL = 40          # log entries a page gets: this round's and the last resolution's

# The page's own words (msgids; sent translated with every view, so a language switch is one view)
STRINGS = {
    "title": N_("Cluster Policy Game"),
    "connecting": N_("Connecting…"),
    "offline": N_("Connection lost — reconnecting…"),
    "waiting_confirm": N_("Another device holds this seat. Wait for the facilitator to confirm on the shared screen."),
    "refused": N_("The facilitator did not give this seat to this device."),
    "moved": N_("This seat is now on another device."),
    "bad_link": N_("This link is not valid (wrong or old). Ask the facilitator for the seat's code."),
    "budget": N_("Budget"),
    "mandate": N_("Mandate"),
    "agenda": N_("Your private agenda"),
    "round": N_("Round {round} of {rounds}"),
    "index": N_("Competitiveness index {index} (collapse line {line})"),
    "event": N_("Event"),
    "you_decide": N_("You decide this event: choose one option."),
    "decides": N_("{role} decides this event."),
    "deals_to_you": N_("Proposals to you"),
    "accept": N_("Accept"),
    "reject": N_("Reject"),
    "counter": N_("Counter-propose"),
    "your_deals": N_("Your proposals"),
    "answers": N_("Answers to your proposals"),
    "propose": N_("Propose a deal"),
    "counter_title": N_("Counter-proposal"),
    "partner": N_("Partner"),
    "money": N_("Money"),
    "you_pay": N_("you pay {partner} {amount}"),
    "they_pay": N_("{partner} pays you {amount}"),
    "no_money": N_("no money changes hands"),
    "condition": N_("Condition"),
    "no_condition": N_("no condition"),
    "cofund": N_("Co-fund"),
    "no_project": N_("no joint project"),
    "your_share": N_("Your share"),
    "promise": N_("Your promise"),
    "no_promise": N_("no promise"),
    "send": N_("Propose"),
    "cancel": N_("Cancel"),
    "end_negotiation": N_("I am done negotiating"),
    "fund_title": N_("Fund an action (cost · pays off · known risks and lessons)"),
    "fund": N_("Fund"),
    "running": N_("Your running programmes"),
    "cancel_programme": N_("Cancel {action} (half the cost back)"),
    "undo": N_("Undo my last choice"),
    "end_turn": N_("Done: end my turn"),
    "sure_nothing": N_("You have not funded anything this round"),
    "yes_end": N_("Yes, end my turn"),
    "no_back": N_("No, back to my budget"),
    "results": N_("What happened"),
    "wait": N_("Nothing to do now — the other seats are playing."),
    "your_turn": N_("Your turn."),
    "over": N_("The game is over."),
    "score": N_("Your score"),
    "watcher": N_("Public board"),
    "join_title": N_("Join your seat"),
    "join_code": N_("Join code"),
    "join": N_("Join"),
    "language": N_("Language"),
    "sent": N_("Sent."),
    "empty_deal": N_("The deal is still empty."),
    "region": N_("The region"),
    "commitments": N_("Your promises this round"),
    "funded": N_("Funded this round: {actions}"),
}


def strings(lang: str) -> dict:
    with using_language(lang):
        return {k: str(_(v)) for k, v in STRINGS.items()}


def _why_not(state, role: str, action_id: str) -> str:
    try:
        check(state, Fund(role, action_id))
    except IllegalAction as exc:
        return translate(exc.msg, exc.params)
    return ""


def _promises(sc, role: str) -> list:
    """The promises the composer offers, as the window's composer offers them."""
    mine = sc.actions_of(role)
    out: list = [None, Commitment(role, "reveal_agenda")]
    out += [Commitment(role, "not_fund", a.id, 1) for a in mine if a.kind in ("lobby", "designation")]
    out += [Commitment(role, "fund", a.id, 1) for a in mine if a.kind not in ("lobby", "designation")][:4]
    return out


def _terms_text(terms_json: dict, proposer: str, sc) -> str:
    try:
        terms = from_json({"type": "ProposeDeal", "role": proposer, "terms": terms_json}).terms
        return describe_terms(terms, sc)
    except (ValueError, KeyError):
        return ""


def _public(session, obs: dict, lang: str) -> dict:
    """The public part: round, phase, the event card, the region's indicators, whose move."""
    state = session.state
    card = obs["card"]
    out = {
        "lang": lang,
        "round": obs["round"], "rounds": obs["rounds"],
        "round_text": _("Round {round} of {rounds}").format(round=obs["round"], rounds=obs["rounds"]),
        "phase": obs["phase"],
        "phase_text": str(_(PHASE_LABELS[obs["phase"]])) if obs["phase"] in PHASE_LABELS else obs["phase"],
        "index_text": _("Competitiveness index {index} (collapse line {line})").format(
            index=format_number(round(obs["competitiveness"], 1)), line=format_number(obs["collapse_line"])),
        "indicators": [{"key": k, "name": indicator_name(k), "value": format_number(round(obs["region"][k], 1)),
                        "bad": k in BAD_INDICATORS} for k in INDICATORS],
        "over": obs["phase"] == GAME_OVER,
        "event": None,
        "turn": "",
    }
    if card is not None:
        chosen = card.get("chosen")
        show_tags = tags_shown(session.hints, "choosing")
        out["event"] = {
            "title": pick(card["title"]), "text": pick(card["text"]),
            "decider": card["deciders"][0], "decider_name": role_name(card["deciders"][0]),
            "chosen": chosen,
            "options": [{"id": o["id"], "text": pick(o["text"]),
                         "tags": ", ".join(o["tags"]) if show_tags else "",
                         "chosen": o["id"] == chosen} for o in card["options"]],
        }
    cp = current_player(state)
    if obs["phase"] == ACTIONS and cp:       # the four allocate at once: who is still at it
        out["turn"] = _("Still choosing: {roles}").format(
            roles=", ".join(role_name(r) for r in active_players(state)))
    elif obs["phase"] == EVENT and cp:
        out["turn"] = _("{role} decides this event.").format(role=role_name(cp))
    if out["over"] and "outcome" in obs:
        res = obs["outcome"]
        out["winners"] = [role_name(r) for r in res["winners"]]
        out["collapsed"] = res["collapsed"]
    return out


_LINES: dict = {}        # (language, entry) -> its sentence: a log entry never changes


def _log_lines(obs: dict) -> list[str]:
    from game.i18n import get_language
    lang = get_language()
    lines = []
    for e in obs["log"][-LOG_TAIL:]:
        key = (lang, e["seq"], e["msg"], repr(e["params"]))
        text = _LINES.get(key)
        if text is None:
            try:
                text = entry_text(e)
            except (KeyError, ValueError, TypeError):
                text = ""
            if len(_LINES) > 20000:
                _LINES.clear()
            _LINES[key] = text
        if text:
            lines.append({"round": e["round"], "kind": e["kind"], "text": text})
    lines.reverse()         # newest first: a phone shows the top
    return lines


def public_view(session, lang: str) -> dict:
    """A watcher's page: the public board (`observe(state, None)`), nothing private."""
    with using_language(lang):
        state = session.state
        obs = observe(state, None, log_since=max(0, len(state.log) - LOG_TAIL))
        out = _public(session, obs, lang)
        out["watcher"] = True
        out["log"] = _log_lines(obs)
        out["seats"] = [{"role": r, "name": role_name(r)} for r in ROLES]
        return out


def seat_view(session, role: str, lang: str) -> dict:
    """Everything `role`'s private screens show, for its page, in `lang`."""
    with using_language(lang):
        return _seat_view(session, role, lang)


def _seat_view(session, role: str, lang: str) -> dict:
    sc = session.scenario
    state = session.state
    obs = observe(state, role, log_since=max(0, len(state.log) - LOG_TAIL))
    out = _public(session, obs, lang)
    seat = session.seats[role]
    legal = legal_actions(state, role)
    out.update({
        "watcher": False,
        "role": role,
        "role_name": role_name(role),
        "seat_name": seat.name,
        "budget": obs["budgets"].get(role, 0),
        "budget_text": format_number(obs["budgets"].get(role, 0)),
        "mandate": pick(sc.roles[role].mandate),
        "agenda": pick(obs["agendas"][role]["text"]) if role in obs["agendas"] else "",
        "can_act": bool(legal),
        "log": _log_lines(obs),
    })
    if "score" in obs:
        try:
            out["score_text"] = score_line(obs["score"])
        except (KeyError, TypeError, ValueError):
            out["score_text"] = ""
    # --- event ---
    if out["event"] is not None:
        out["event"]["mine"] = obs["phase"] == EVENT and out["event"]["decider"] == role
    # --- negotiation ---
    deals_to_me, my_deals = [], []
    pending = set(obs["pending_for_you"])
    for d in obs["deals"]:
        if "terms" not in d or d.get("round") != obs["round"]:
            continue
        text = _terms_text(d["terms"], d["proposer"], sc)
        if d["id"] in pending:
            deals_to_me.append({"id": d["id"], "from": d["proposer"], "from_name": role_name(d["proposer"]),
                                "title": _("Deal no. {id} from {role}").format(
                                    id=d["id"], role=role_name(d["proposer"])),
                                "text": text, "terms": d["terms"]})
        elif d["proposer"] == role:
            my_deals.append({"id": d["id"], "to": d["recipients"], "status": d["status"],
                             "text": text, "status_text": _status_text(d["status"])})
    out["deals_to_me"] = deals_to_me
    out["my_deals"] = my_deals
    answers = []
    for a in session.deal_answers(role):
        line = {"accepted": _("{role} accepted your deal no. {id}."),
                "rejected": _("{role} rejected your deal no. {id}."),
                "countered": _("{role} answered your deal no. {id} with a counter-proposal.")}[a["answer"]]
        text = line.format(role=role_name(a["responder"]), id=a["deal"])
        if a.get("reason"):
            text += " " + translate(a["reason"]["msg"], a["reason"].get("params"))
        answers.append(text)
    out["answers"] = answers
    negotiating = obs["phase"] == NEGOTIATION and bool(legal)
    out["negotiating"] = negotiating
    out["can_propose"] = negotiating and any(type(a).__name__ in ("ProposeDeal", "CounterDeal") for a in legal)
    out["can_end_negotiation"] = any(type(a).__name__ == "EndNegotiation" for a in legal)
    if obs["phase"] == NEGOTIATION:
        out["composer"] = _composer(sc, role)
    # --- actions ---
    if obs["phase"] == ACTIONS:
        out["actions"] = _actions(session, state, role, legal, obs)
    out["my_turn"] = bool(legal) and obs["phase"] in (EVENT, ACTIONS)
    if out["my_turn"]:
        out["turn"] = _("Your turn.")
    if not legal and not out["over"]:
        out["status"] = _("Nothing to do now — the other seats are playing.")
    return out


def _status_text(status: str) -> str:
    return {"pending": _("waiting for an answer"), "accepted": _("accepted"),
            "rejected": _("rejected")}.get(status, status)


_COMPOSERS: dict = {}


def _composer(sc, role: str) -> dict:
    """What the deal composer offers `role` (fixed for a scenario, in this thread's language)."""
    from game.i18n import get_language
    key = (id(sc), sc.id, role, get_language())
    if key not in _COMPOSERS:
        if len(_COMPOSERS) > 200:
            _COMPOSERS.clear()
        _COMPOSERS[key] = _build_composer(sc, role)
    return _COMPOSERS[key]


def _build_composer(sc, role: str) -> dict:
    partners = []
    for r in ROLES:
        if r == role:
            continue
        joint = [a for who in (role, r) for a in sc.actions_of(who)
                 if a.kind in ("network", "programme", "research", "external", "capacity")]
        partners.append({
            "role": r, "name": role_name(r),
            "conditions": [{"id": a.id, "name": pick(a.name)} for a in sc.actions_of(r)],
            "projects": [{"id": a.id, "name": f"{pick(a.name)} ({format_number(a.cost)})", "cost": a.cost}
                         for a in joint],
        })
    promises = []
    for c in _promises(sc, role):
        if c is None:
            promises.append({"text": _("no promise"), "commitment": None})
        else:
            promises.append({"text": describe_terms(DealTerms(("x",), commitments=(c,)), sc),
                             "commitment": to_json(c)})
    return {"partners": partners, "promises": promises, "step": 5}


def _actions(session, state, role: str, legal, obs) -> dict:
    sc = session.scenario
    fundable = {a.action_id for a in legal if isinstance(a, Fund)}
    funded = [a for (_r, a, _c) in obs["funded_this_round"]]
    show_tags = tags_shown(session.hints, "choosing")
    rows = []
    for act in sc.actions_of(role):
        pays = (_("at once") if act.delay == 0 else
                ngettext("after {n} round", "after {n} rounds", act.delay).format(n=act.delay))
        info = ngettext("{cost} · {pays}, for {duration} round", "{cost} · {pays}, for {duration} rounds",
                        act.duration).format(cost=format_number(act.cost), pays=pays, duration=act.duration)
        ok = act.id in fundable
        rows.append({"id": act.id, "name": pick(act.name), "info": info, "description": pick(act.description),
                     "times": funded.count(act.id), "fundable": ok,
                     "why": "" if ok or not legal else _why_not(state, role, act.id),
                     "tags": ", ".join(act.tags) if show_tags else ""})
    cancels = []
    for c in legal:
        if isinstance(c, Cancel):
            prog = next((p for p in obs["programmes"] if p["uid"] == c.programme_uid), None)
            if prog:
                cancels.append({"uid": c.programme_uid, "text": _("Cancel {action} (half the cost back)").format(
                    action=pick(sc.actions[prog["action"]].name))})
    running = [pick(sc.actions[p["action"]].name) for p in obs["programmes"]
               if p["owner"] == role and p["cancelled_round"] is None and p["pays_until"] >= obs["round"]
               and p["action"] in sc.actions]
    promises = []
    for c in obs["commitments"]:
        if c["role"] != role:
            continue
        target = pick(sc.actions[c["target"]].name) if c.get("target") in sc.actions else ""
        text = {"fund": _("You promised to fund {action} this round."),
                "not_fund": _("You promised not to fund {action} (until round {until})."),
                "keep": _("You promised to keep {action} running (until round {until}).")}.get(c["kind"])
        if text:
            promises.append(text.format(action=target, until=c["until"]))
    undo = None
    if legal and session.own_last_allocation(role) is not None:     # others may have moved since
        undo = _("Undo my last choice")
    return {"rows": rows, "cancels": cancels, "running": running, "promises": promises,
            "funded": [pick(sc.actions[a].name) for a in funded if a in sc.actions],
            "undo": undo, "can_end": any(type(a).__name__ == "EndTurn" for a in legal),
            "ask_first": bool(fundable) and not funded}
