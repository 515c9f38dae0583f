"""The public board: region dashboard, round and phase, event log, and the phase's own panel
(the event card, the card an AI has just decided with its public reason, the negotiation table,
who is still choosing an allocation). Nothing private is drawn on the board: it is built only from
`observe(state, None)` and the AIs' public reasons. The one private screen here,
`DealAnswersScreen`, shows a proposer the answers to its deals, behind a curtain when several
people share the device."""
from __future__ import annotations

import html

import pygame

from game.ai.players import HARD_WINDOW_CAP_S
from game.engine import IllegalAction, observe
from game.engine.actions import ChooseOption, EndNegotiation
from game.engine.constants import ACTIONS, EVENT, GAME_OVER, NEGOTIATION, ROLES
from game.i18n import _, pick, section_text, translate
from game.presentation import describe_terms, entry_text, role_name, tags_shown

from .. import devices, theme
from ..app import Screen
from ..render import draw_dashboard, draw_phase_tracker

LOG_ENTRIES = 60


def seat_label(session, role: str) -> str:
    name = session.seats[role].name
    return f"{role_name(role)} ({name})" if name else role_name(role)


def tag_names(scenario, tags) -> str:
    out = []
    for t in tags:
        try:
            out.append(f"{t} {pick(scenario.catalogue.entry(t).name)}")
        except KeyError:
            out.append(t)
    return ", ".join(out)


def log_html(entries: list[dict], plain: list[str], why: dict[int, str] | None = None) -> str:
    """The public log, newest first. `why`: AI explanations to show under the entry before
    log position `seq` (public decisions only)."""
    lines = []
    why = why or {}
    for e in reversed(entries[-LOG_ENTRIES:]):
        reason = why.get(e["seq"] + 1)
        if reason:
            plain.append(reason)
            lines.append(f"<i><font color='#96a0b4'>{html.escape(reason)}</font></i>")
        text = entry_text(e)
        plain.append(text)
        esc = html.escape(text)
        if e["kind"] == "failure":
            esc = f"<font color='#f0605a'><b>{esc}</b></font>"
        elif e["kind"] in ("round", "card", "trigger"):
            esc = f"<b>{esc}</b>"
        lines.append(esc)
    return "<br>".join(lines)


# --- the negotiation timer, on the board and on the projector view ------------------------------
# `app.timer_end` (on the App's own clock, `app.now`, which tests freeze) and `app.timer_rang`.
# When it runs out: the chime, and a full-screen "Time is up" on whichever of the two screens is
# showing, until a key dismisses it (which also stops the timer).

def timer_left(app) -> float | None:
    """Seconds left on the negotiation timer (0 once it has run out), None when none runs."""
    if app.timer_end is None:
        return None
    return max(0.0, app.timer_end - app.now())


def timer_text(left: float) -> str:
    whole = int(left + 0.999)          # 4:59 for 4 min 58.2 s: the minute in progress
    return f"{whole // 60}:{whole % 60:02d}"


def timer_colour(left: float):
    return theme.BAD if left <= 0 else (theme.WARN if left < 60 else theme.ACCENT)


def time_is_up(app) -> bool:
    return app.timer_end is not None and app.timer_rang


def tick_timer(screen) -> bool:
    """The timer's part of a screen's tick: stop it when negotiation is over, ring once when it
    runs out (the chime, and the screen rebuilt to show the end), redraw once a second (twice
    while the end flashes). Returns whether the screen needs a redraw."""
    app = screen.app
    if app.timer_end is None:
        return False
    if screen.session.state.phase != NEGOTIATION:
        rang = app.timer_rang
        app.timer_end, app.timer_rang = None, False
        if rang:
            app.rebuild()
        return True
    left = app.timer_end - app.now()
    if left <= 0 and not app.timer_rang:
        app.timer_rang = True
        from ..sound import chime
        chime()
        app.rebuild()
        return True
    shown = (timer_text(max(0.0, left)), int(app.now() * 2) % 2 if app.timer_rang else 0)
    if shown != getattr(screen, "_timer_shown", None):
        screen._timer_shown = shown
        return True
    return False


def dismiss_time_up(app) -> None:
    app.timer_end, app.timer_rang = None, False
    app.rebuild()


def build_time_up(screen) -> None:
    """The end of the timer's only control: a key (Enter, Space or Esc) or its button closes it."""
    w, h = screen.size
    bw, bh = max(320, int(w * 0.3)), max(52, int(h * 0.08))
    screen.button(((w - bw) // 2, h - bh - int(h * 0.08), bw, bh), _("Close"),
                  lambda: dismiss_time_up(screen.app), pygame.K_RETURN, style="@primary")
    for key in (pygame.K_SPACE, pygame.K_ESCAPE):
        screen.key(key, lambda: dismiss_time_up(screen.app))


TIME_UP_BG = (70, 8, 12)


def _fitted(fonts, text: str, size: int, width: int, bold: bool = True) -> int:
    while size > 12 and fonts.font(size, bold).size(text)[0] > width:
        size = int(size * 0.92)
    return size


def draw_time_up(screen, surface) -> None:
    """Full screen: a dark red field, a band flashing red and amber across the middle with
    "Time is up" in the largest type the window allows, and what to do now under it."""
    app = screen.app
    w, h = screen.size
    fonts = app.fonts
    surface.fill(TIME_UP_BG)
    flash = int(app.now() * 2) % 2
    band = pygame.Rect(0, int(h * 0.26), w, int(h * 0.34))
    pygame.draw.rect(surface, theme.WARN if flash else theme.BAD, band)
    pygame.draw.rect(surface, theme.TEXT, band, max(4, h // 120))
    title = _("Time is up")
    size = _fitted(fonts, title, int(band.h * 0.62), int(w * 0.9))
    fonts.draw(surface, title, band.center, size, (20, 10, 12), bold=True, anchor="center")
    note = _("Please close the negotiation.")
    size = _fitted(fonts, note, max(app.sizes["heading"], int(h * 0.055)), int(w * 0.9), bold=False)
    fonts.draw(surface, note, (w // 2, band.bottom + int(h * 0.06)), size, theme.TEXT, anchor="midtop")


class GameScreen(Screen):
    name = "board"

    def __init__(self, app, session):
        super().__init__(app)
        self.session = session
        if getattr(session, "shown_round", None) is None:
            # The last round whose results the table has seen; kept on the session because
            # board screens come and go (curtains, private screens) within a round.
            session.shown_round = session.state.round
        self.error = ""

    @property
    def state(self):
        return self.session.state

    def tick(self) -> bool:
        s = self.session
        if s.briefing_pending:
            # A new game: the briefing comes before round 1's event (and before any AI moves).
            from .briefing import BriefingScreen
            self.app.show(BriefingScreen(self.app, s))
            return True
        changed = self.tick_timer()
        changed = devices.board_tick(self) or changed      # a device moved or connected
        # AIs move between frames, a slice of time at a time, so the window never freezes
        # while a hard AI thinks; `busy` keeps the loop turning until they are done. The slice
        # is checked between moves, so one hard decision can outlast it: only here is its
        # search capped in time (HARD_WINDOW_CAP_S), so a busy machine blocks a frame for
        # about that long at most, never for seconds.
        moved = s.advance_ai(time_budget=0.05, ai_time_cap=HARD_WINDOW_CAP_S)
        self.busy = s.next_ai_mover() is not None
        shown = s.shown_round
        if shown is not None and (s.state.round > shown or s.state.phase == GAME_OVER):
            from .results import ResolutionScreen
            s.shown_round = None if s.state.phase == GAME_OVER else s.state.round
            self.app.show(ResolutionScreen(self.app, s, shown))
            return True
        solo = s.screen_roles()
        if s.state.phase == NEGOTIATION and len(solo) == 1 and s.deal_answers(solo[0], unread=True):
            # One person against AIs: the answer to their proposal is shown to them at once
            # (their private screen: nobody else shares the device).
            self.app.show(DealAnswersScreen(self.app, s, solo[0]))
            return True
        if moved:
            self.app.rebuild()
            return True
        if s.save_error:
            self.app.toast(_("Autosave failed: {reason}").format(reason=s.save_error))
            s.save_error = None
        return changed

    # --- the negotiation timer (facilitator) ----------------------------------------------------
    def tick_timer(self) -> bool:
        return tick_timer(self)

    def toggle_timer(self) -> None:
        app = self.app
        if app.timer_end is None:
            app.timer_end, app.timer_rang = app.now() + 60 * app.settings.timer_minutes, False
        else:
            app.timer_end, app.timer_rang = None, False
        app.rebuild()

    def draw_timer(self, surface, area: pygame.Rect) -> None:
        left = timer_left(self.app)
        if left is None:
            return
        self.text(surface, timer_text(left), (area.right, getattr(self, "timer_y", area.y + 2)), "heading",
                  timer_colour(left), bold=True, anchor="topright")

    # --- layout --------------------------------------------------------------------------------
    def subtitle_y(self) -> int:
        """Where the round line starts, under the region's name."""
        return 14 + self.app.sizes["heading"]

    def regions(self):
        w, h = self.size
        # below the facilitator's buttons and below the round line under the region's name (with
        # large text, or from 1920×1080 up, that line reached into the panels, which hid it)
        below_round = self.subtitle_y() + self.app.fonts.font(self.app.sizes["small"]).get_linesize() + 8
        top = max(24 + self.header_h(), below_round)
        left = pygame.Rect(12, top, max(330, int(w * 0.27)), h - top - 12)
        right = pygame.Rect(w - max(300, int(w * 0.24)) - 12, top, max(300, int(w * 0.24)), h - top - 12)
        center = pygame.Rect(left.right + 12, top, right.x - left.right - 24, h - top - 12)
        return left, center, right

    def header_h(self) -> int:
        """The height of the facilitator controls (top right): the text's line and its border."""
        return max(40, round(self.app.sizes["body"] * 1.75))

    def build(self) -> None:
        self._heading = None
        self.obs = observe(self.state, None)
        if time_is_up(self.app):
            build_time_up(self)          # the end of the timer fills the screen until dismissed
            return
        w, h = self.size
        left, center, right = self.regions()
        # facilitator controls, top right
        x, bh = w - 12, self.header_h()
        for text, cb, key in ((_("Menu"), self.menu, pygame.K_ESCAPE),
                              (_("Facilitator"), self.facilitator, pygame.K_f),
                              (_("Projector"), self.projector, pygame.K_p),
                              (_("Undo"), self.undo, pygame.K_u)):
            bw = max(self.u(112), self.fit_w(text, key))      # each as wide as its label needs
            x -= bw + 6
            self.button((x, 12, bw, bh), text, cb, key)
        self._controls_x = x
        devices.board_keys(self)
        plain: list[str] = []
        why = {x["seq"]: "↳ " + translate(x["msg"], x["params"]) for x in self.session.explanations if x["public"]}
        self.textbox((right.x, right.y, right.w, right.h), log_html(self.obs["log"], plain, why) or "&nbsp;", plain)
        phase = self.state.phase
        if phase == EVENT:
            self.build_event(center)
        elif phase == NEGOTIATION and self.session.event_notice() is not None:
            self.build_event(center, self.session.event_notice())
        elif phase == NEGOTIATION:
            self.build_negotiation(center)
        elif phase == ACTIONS:
            self.build_actions(center)

    def heading(self, x: int, y: int, width: int, text: str) -> None:
        """A panel heading, drawn (not a label) so that a long title shrinks to fit instead of
        being cut off in a narrow window."""
        self._heading = (x, y, width, text)

    def _draw_heading(self, surface) -> None:
        if not getattr(self, "_heading", None):
            return
        x, y, width, text = self._heading
        size = self.app.sizes["heading"]
        font = self.app.fonts.font(size, bold=True)
        while size > 12 and font.size(text)[0] > width:
            size -= 1
            font = self.app.fonts.font(size, bold=True)
        self.app.fonts.draw(surface, text, (x, y + 6), size, theme.TEXT, bold=True)

    def draw(self, surface) -> None:
        if time_is_up(self.app):
            draw_time_up(self, surface)
            return
        self._draw_heading(surface)
        s = self.app.sizes
        w, _h = self.size
        sc = self.session.scenario
        f = self.app.fonts
        f.draw(surface, pick(sc.region_name), (16, 10), s["heading"], theme.TEXT, bold=True)
        f.draw(surface, _("Round {round} of {rounds}").format(round=self.state.round, rounds=sc.rounds),
               (16, self.subtitle_y()), s["small"], theme.MUTED)
        name_w = f.font(s["heading"], True).size(pick(sc.region_name))[0]
        tx = max(int(w * 0.24), 16 + name_w + 16)          # after the region's name
        controls = getattr(self, "_controls_x", w - 4 * 118)
        draw_phase_tracker(surface, f, pygame.Rect(tx, 12, controls - 12 - tx, self.header_h()),
                           "briefing" if self.session.briefing_pending else self.state.phase, s)
        left, center, _right = self.regions()
        draw_dashboard(surface, f, left, self.obs, s)
        if getattr(self, "busy", False):
            mover = self.session.next_ai_mover()
            if mover:
                self.text(surface, _("{role} (AI) is thinking…").format(role=seat_label(self.session, mover)),
                          (center.x, center.bottom - 24), "small", theme.MUTED)
        if self.state.phase == NEGOTIATION:
            self.draw_timer(surface, center)
        devices.draw_board_strip(self, surface, left)      # who is connected, under the region

    def menu(self) -> None:
        from .menu import MenuScreen
        self.app.show(MenuScreen(self.app, resume=lambda: self.app.show(self)))

    def undo(self) -> None:
        """Take back the last decision a person made (the log is replayed without it)."""
        if self.session.undo():
            self.session.shown_round = self.state.round
            self.app.toast(_("The last decision was taken back."))
        else:
            self.app.toast(_("There is no decision to take back."))
        self.app.rebuild()

    def projector(self) -> None:
        from .facilitator import ProjectorScreen
        self.app.show(ProjectorScreen(self.app, self.session, back=lambda: self.app.show(self)))

    def facilitator(self) -> None:
        from .facilitator import FacilitatorCurtain
        self.app.show(FacilitatorCurtain(self.app, self.session, back=lambda: self.app.show(self)))

    # --- event ---------------------------------------------------------------------------------
    def build_event(self, area: pygame.Rect, notice: dict | None = None) -> None:
        """The event card: its options to choose from, or (`notice`, from
        `GameSession.event_notice`) the option an AI has just chosen, with its public reason,
        before negotiation starts. The options' failure types and lessons only as the table's
        hints allow (`tags_shown(hints, "choosing")`: the round is still being played)."""
        card = self.obs["card"]
        sc = self.session.scenario
        s = self.app.sizes
        decider = card["deciders"][0]
        show_tags = tags_shown(self.session.hints, "choosing")
        y = area.y
        self.heading(area.x, y, area.w, pick(card["title"]))
        y += s["heading"] * 2
        consulted = [seat_label(self.session, r) for r in card["deciders"][1:]]
        if notice is not None:
            who = _("{role} (AI) has decided").format(role=seat_label(self.session, decider))
        else:
            who = _("{role} decides").format(role=seat_label(self.session, decider))
        if consulted:
            who += " · " + _("consulted: {roles}").format(roles=", ".join(consulted))
        who += " · " + _("paper {section}").format(section=section_text(card["section"]))
        text = pick(card["text"])
        body = f"<font color='#96a0b4'>{html.escape(who)}</font><br>{html.escape(text)}"
        n = len(card["options"])
        bh = max(44, int(s["body"] * 2.8))
        # the options stay on screen (a decided card: half the room for its options and reason)
        below = (bh + 10 + (area.bottom - y - bh) // 2) if notice is not None else n * (60 + 10)
        room = area.bottom - y - below
        box = self.textbox((area.x, y, area.w, -1), body, [who, text])
        if box.rect.height > room:                    # too long here: a scrolling box instead
            box.kill()
            box = self.textbox((area.x, y, area.w, max(60, room)), body, [])
        y += box.rect.height + 10
        if notice is not None:
            self.build_event_notice(area, y, card, notice, show_tags, bh)
            return
        human = decider in self.session.screen_roles()     # a device seat decides on its device
        opt_h = max(60, min(150, (area.bottom - y - 10 * n) // max(1, n)))
        for k, opt in enumerate(card["options"]):
            plain = [pick(opt["text"])]
            body = html.escape(pick(opt["text"]))
            if show_tags:
                tags = tag_names(sc, opt["tags"])
                plain.append(tags)
                body += f"<br><font color='#96a0b4'>{html.escape(tags)}</font>"
            cw = max(140, self.fit_w(_("Choose"), pygame.K_1 + k))
            self.textbox((area.x, y, area.w - cw - 10, opt_h), body, plain)
            self.button((area.right - cw, y, cw, min(opt_h, max(52, self.header_h()))), _("Choose"),
                        lambda o=opt["id"]: self.choose(decider, o), pygame.K_1 + k, enabled=human)
            y += opt_h + 10

    def build_event_notice(self, area: pygame.Rect, y: int, card: dict, notice: dict, show_tags: bool,
                           bh: int) -> None:
        """The options of a card an AI decided, the chosen one marked, with the AI's reason
        (public: the choice is), and the table's way on to the negotiation."""
        sc = self.session.scenario
        parts, plain = [], []
        who = seat_label(self.session, notice["role"])
        chosen_first = sorted(card["options"], key=lambda o: o["id"] != notice["option"])
        for opt in chosen_first:
            text = pick(opt["text"])
            tags = tag_names(sc, opt["tags"]) if show_tags else ""
            if opt["id"] == notice["option"]:
                head = _("✓ {role} chose: {option}").format(role=who, option=text)
                part = f"<b>{html.escape(head)}</b>"
                plain.append(head)
                if notice["reason"]:
                    why = _("Their reason: {reason}").format(
                        reason=translate(notice["reason"]["msg"], notice["reason"].get("params", {})))
                    part += f"<br><i>{html.escape(why)}</i>"
                    plain.append(why)
            else:
                part = f"<font color='#96a0b4'>{html.escape(text)}</font>"
                plain.append(text)
            if tags:
                part += f"<br><font color='#96a0b4'>{html.escape(tags)}</font>"
                plain.append(tags)
            parts.append(part)
        button_y = area.bottom - bh
        self.textbox((area.x, y, area.w, max(60, button_y - y - 10)), "<br><br>".join(parts), plain)
        self.button((area.x, button_y, area.w, bh), _("On to the negotiation"), self.event_seen,
                    pygame.K_RETURN, style="@primary")

    def event_seen(self) -> None:
        self.session.acknowledge_event()
        self.app.rebuild()

    def choose(self, role: str, option_id: str) -> None:
        self.do(ChooseOption(role, option_id))

    def do(self, action) -> None:
        try:
            self.session.act(action)
        except IllegalAction as exc:
            self.app.toast(translate(exc.msg, exc.params))
        self.app.rebuild()

    # --- negotiation ---------------------------------------------------------------------------
    def build_negotiation(self, area: pygame.Rect) -> None:
        from game.engine.game import may_negotiate, pending_deals
        s = self.app.sizes
        st = self.state
        y = area.y
        running = self.app.timer_end is not None
        timer = _("Stop timer") if running else _("{minutes} min timer").format(
            minutes=self.app.settings.timer_minutes)
        tw = max(120, self.fit_w(timer, pygame.K_t))       # the time left is drawn to its right
        tx = area.right - self.u(70) - tw
        th = max(36, round(s["body"] * 1.75))
        title = _("Negotiation")
        if self.app.fonts.font(s["body"], bold=True).size(title)[0] > tx - area.x - 10:
            # a narrow panel: the heading on its line, the timer on the next
            self.heading(area.x, y, area.w, title)
            y += s["heading"] * 2
            tx = area.x
        else:
            self.heading(area.x, y, tx - area.x - 10, title)
        self.button((tx, y + 2, tw, th), timer, self.toggle_timer, pygame.K_t)
        self.timer_y = y + 2                    # the time left is drawn on the timer button's line
        y += max(s["heading"] * 2, th + 8) if tx != area.x else th + 8
        solo = not self.session.needs_curtain()
        if solo:
            intro = _("Propose deals to the AIs as you like: each answers at once, and its answer and "
                      "its reason are shown to you alone.")
        else:
            intro = _("Talk it over aloud, then enter what you agreed. Each deal is typed in private by "
                      "the role that proposes it; the other side answers in private too.")
        bh = max(self.u(38), round(self.app.fonts.font(s["body"]).get_linesize() * 1.4))
        humans = self.session.screen_roles()      # device seats negotiate on their own devices
        # The introduction scrolls, so it gives up height when the rows below would not fit (a
        # 960×600 window with large text): the label, a row a seat and "End negotiation".
        rows = s["body"] * 2 + len(humans) * (bh + 6) + bh + 16
        line = self.app.fonts.font(s["body"]).get_linesize()
        # two lines when there is room, one with its scroll bar when there is not
        intro_h = max(line + 16, min(max(84, 2 * line + 28), area.bottom - y - 10 - rows))
        self.textbox((area.x, y, area.w, intro_h), html.escape(intro), [intro])
        y += intro_h + 10
        # Answers to people's proposals: the public board says only that there is one; what it
        # says (and an AI's reason) is on the proposer's private screen.
        answers = [a for a in self.session.deal_answers(unread=True) if a["proposer"] in humans]
        if answers:
            a = answers[0]
            who, by = seat_label(self.session, a["proposer"]), seat_label(self.session, a["responder"])
            text = (_("Deal no. {id}: read the answer of {responder}").format(id=a["deal"], responder=by) if solo else
                    _("Deal no. {id} has an answer: pass the device to {role} to read it").format(
                        id=a["deal"], role=who))
            self.button((area.x, y, area.w, bh), self.shorten(text, area.w, pygame.K_r),
                        lambda r=a["proposer"]: self.read_answers(r), pygame.K_r, style="@primary", tooltip=text)
            y += bh + 10
        waiting = [(r, d) for r in humans for d in pending_deals(st, r)]
        if waiting:
            role, deal = waiting[0]
            text = (_("Deal no. {id} from {proposer}: answer it").format(
                        id=deal.id, proposer=seat_label(self.session, deal.proposer)) if solo else
                    _("Deal no. {id}: pass the device to {role} to answer").format(
                        id=deal.id, role=seat_label(self.session, role)))
            self.button((area.x, y, area.w, bh), self.shorten(text, area.w, pygame.K_a),
                        lambda r=role, d=deal.id: self.answer(r, d), pygame.K_a,
                        style=None if answers else "@primary", tooltip=text)
            y += bh + 10
        else:
            if any(may_negotiate(st, r) for r in humans):
                self.label((area.x, y, area.w, s["body"] * 2), _("Propose a deal as:"), style="@muted")
                y += s["body"] * 2
            for k, role in enumerate(humans):
                if not may_negotiate(st, role):
                    done = _("{role}: finished negotiating").format(role=seat_label(self.session, role))
                    self.label((area.x, y, area.w, bh), self.shorten(done, area.w, size="small"), style="@muted")
                    y += bh + 6
                    continue
                done_w = min(area.w // 3, self.fit_w(_("Done")))
                name_w = area.w - done_w - self.u(6)
                who = seat_label(self.session, role)
                self.button((area.x, y, name_w, bh), self.shorten(who, name_w, pygame.K_1 + k),
                            lambda r=role: self.propose(r), pygame.K_1 + k, tooltip=who)
                self.button((area.right - done_w, y, done_w, bh), self.shorten(_("Done"), done_w),
                            lambda r=role: self.do(EndNegotiation(r)))
                y += bh + 6
            if any(may_negotiate(st, r) for r in humans):
                everyone = _("End negotiation for everyone")
                self.button((area.x, y + 6, area.w, bh), self.shorten(everyone, area.w, pygame.K_d),
                            self.all_done, pygame.K_d, style=None if answers else "@primary", tooltip=everyone)
                y += bh + 16
        concluded = [d for d in self.obs["deals"] if d.get("round") == st.round and d["status"] == "accepted"]
        lines = [_("Deal no. {id} concluded between {parties}.").format(
            id=d["id"], parties=", ".join(role_name(p) for p in d["parties"])) for d in concluded]
        if lines:
            self.textbox((area.x, y + 10, area.w, max(60, area.bottom - y - 10)),
                         "<br>".join(html.escape(t) for t in lines), lines)

    def all_done(self) -> None:
        from game.engine.game import may_negotiate
        for role in self.session.human_roles():
            if may_negotiate(self.state, role):
                try:
                    self.session.act(EndNegotiation(role))
                except IllegalAction:
                    pass
        self.app.rebuild()

    def open_private(self, role: str, make) -> None:
        """Show `make()`, a private screen of `role`: behind a "pass the device" curtain when
        several people share the device, at once when only one person is seated."""
        if self.session.needs_curtain():
            from .private import CurtainScreen
            self.app.show(CurtainScreen(self.app, self.session, role, lambda: self.app.show(make())))
        else:
            self.app.show(make())

    def propose(self, role: str) -> None:
        from .private import DealComposerScreen
        self.open_private(role, lambda: DealComposerScreen(self.app, self.session, role, self))

    def answer(self, role: str, deal_id: int) -> None:
        from .private import DealResponseScreen
        self.open_private(role, lambda: DealResponseScreen(self.app, self.session, role, deal_id, self))

    def read_answers(self, role: str) -> None:
        self.open_private(role, lambda: DealAnswersScreen(self.app, self.session, role))

    # --- actions -------------------------------------------------------------------------------
    def build_actions(self, area: pygame.Rect) -> None:
        """The four allocate at once: the next person at this screen (in ROLES order) gets the
        button to their private screen, whoever else is still choosing (on a device, or an AI)."""
        s = self.app.sizes
        role = self.session.next_screen_allocator()
        away = [r for r in self.session.allocating_roles() if r in self.session.device_roles()]
        y = area.y
        self.heading(area.x, y, area.w, _("Budgets, in private"))
        y += s["heading"] * 2
        solo = not self.session.needs_curtain()
        if solo:
            intro = _("Each role now decides alone how to spend its budget; the AIs keep their choices "
                      "to themselves.")
        else:
            intro = _("Each role now decides alone how to spend its budget. The others look away: a curtain "
                      "screen stands between one role's panel and the next.")
        box = self.textbox((area.x, y, area.w, self.u(84)), html.escape(intro), [intro])
        y = box.rect.bottom + self.u(16)
        bh = self.button_h()
        if role:
            text = (_("Plan the budget of {role}") if solo else _("Pass the device to {role}")).format(
                role=seat_label(self.session, role))
            if self.fit_w(text, pygame.K_RETURN) > area.w:
                # a narrow panel: the sentence wraps above a short button
                said = self.textbox((area.x, y, area.w, -1), html.escape(text), [text], style="@note")
                y = said.rect.bottom + self.u(6)
                text = _("Open")
            self.button((area.x, y, area.w, bh), text, lambda: self.allocate(role), pygame.K_RETURN,
                        style="@primary")
            y += bh + self.u(10)
        if away:
            text = (_("{role} is choosing on their own device.").format(role=seat_label(self.session, away[0]))
                    if len(away) == 1 else _("Choosing on their own devices: {roles}").format(
                        roles=", ".join(seat_label(self.session, r) for r in away)))
            self.label((area.x, y, area.w, s["body"] * 2), self.shorten(text, area.w, size="small"), style="@muted")
            y += s["body"] * 2
        done = [role_name(r) for r in ROLES if r in self.state.actions_done]
        if done:
            text = _("Finished: {roles}").format(roles=", ".join(done))
            self.textbox((area.x, y, area.w, -1), html.escape(text), [text], style="@note")

    def allocate(self, role: str) -> None:
        from .private import ActionsScreen
        self.open_private(role, lambda: ActionsScreen(self.app, self.session, role, self))


class DealAnswersScreen(Screen):
    """Private to a proposer: the answers to its deals this negotiation — accepted, rejected or
    countered — each AI's with its reason (an AI's reason for answering a deal is for the deal's
    parties only, never the board). Shown behind a curtain when several people share the device,
    at once to a solo player."""
    name = "deal-answers"

    def __init__(self, app, session, role: str):
        super().__init__(app)
        self.session, self.role = session, role
        self.private_to = role
        self.answers = session.deal_answers(role, unread=True) or session.deal_answers(role)[-1:]
        session.mark_read(self.answers)

    def build(self) -> None:
        from game.engine.game import pending_deals
        w, h = self.size
        s = self.app.sizes
        sc, st = self.session.scenario, self.session.state
        self.label((20, 12, w - 40, s["heading"] * 2), _("{role} — private: answers to your proposals").format(
            role=seat_label(self.session, self.role)), style="@heading")
        deals = {d.id: d for d in st.deals}
        parts, plain = [], []
        for a in self.answers:
            by = seat_label(self.session, a["responder"])
            head = {"accepted": _("{responder} accepted your deal no. {id}."),
                    "rejected": _("{responder} rejected your deal no. {id}."),
                    "countered": _("{responder} answered your deal no. {id} with a counter-proposal, no. {counter}."),
                    }[a["answer"]].format(responder=by, id=a["deal"], counter=a["counter"])
            lines = [head]
            if a["deal"] in deals:
                lines.append(_("Your proposal: {terms}").format(terms=describe_terms(deals[a["deal"]].terms, sc)))
            if a["counter"] in deals:
                lines.append(_("Their counter-proposal: {terms}").format(
                    terms=describe_terms(deals[a["counter"]].terms, sc)))
            if a["reason"]:
                lines.append(_("Their reason: {reason}").format(
                    reason=translate(a["reason"]["msg"], a["reason"]["params"])))
            plain += lines
            colour = {"accepted": "#60c878", "rejected": "#f0605a"}.get(a["answer"], "#f5be50")
            parts.append(f"<font color='{colour}'><b>{html.escape(lines[0])}</b></font><br>"
                         + "<br>".join(html.escape(t) for t in lines[1:]))
        if not parts:
            parts, plain = [html.escape(_("No answers to read."))], [_("No answers to read.")]
        bh = max(48, int(s["body"] * 3))
        top = 24 + s["heading"] * 2
        room = max(80, h - top - bh - 40)
        box = self.textbox((20, top, w - 40, -1), "<br><br>".join(parts), plain)
        if box.rect.height > room:                    # many answers: a scrolling box instead
            box.kill()
            self.textbox((20, top, w - 40, room), "<br><br>".join(parts), [])
        pending = [d.id for d in pending_deals(st, self.role)] if st.phase == NEGOTIATION else []
        if pending:
            self.button((w - 20 - 420, h - bh - 20, 420, bh), _("Answer deal no. {id}").format(id=pending[0]),
                        lambda d=pending[0]: self.answer(d), pygame.K_RETURN, style="@primary")
            self.button((20, h - bh - 20, 320, bh), _("Back to the table"), self.leave, pygame.K_ESCAPE)
        else:
            self.button((w - 20 - 320, h - bh - 20, 320, bh), _("Back to the table"), self.leave,
                        pygame.K_RETURN, style="@primary")
            self.key(pygame.K_ESCAPE, self.leave)

    def answer(self, deal_id: int) -> None:
        from .private import DealResponseScreen
        board = GameScreen(self.app, self.session)
        self.app.show(DealResponseScreen(self.app, self.session, self.role, deal_id, board))

    def leave(self) -> None:
        self.app.show(GameScreen(self.app, self.session))
