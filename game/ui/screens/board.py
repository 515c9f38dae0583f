"""The public board: region dashboard, round and phase, event log, and the phase's own panel
(the event card, the negotiation table, whose turn it is to allocate). Nothing private is drawn
here: it is built only from `observe(state, None)`."""
from __future__ import annotations

import html
import time

import pygame

from game.ai.players import HARD_WINDOW_CAP_S
from game.engine import IllegalAction, observe
from game.engine.actions import ChooseOption, EndNegotiation
from game.engine.constants import ACTIONS, EVENT, GAME_OVER, NEGOTIATION, ROLES
from game.i18n import _, pick, section_text, translate
from game.presentation import entry_text, role_name

from .. import theme
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
        changed = self.tick_timer()
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
        if moved:
            self.app.rebuild()
            return True
        if s.save_error:
            self.app.toast(_("Autosave failed: {reason}").format(reason=s.save_error))
            s.save_error = None
        return changed

    # --- the negotiation timer (facilitator) ----------------------------------------------------
    def tick_timer(self) -> bool:
        app = self.app
        if app.timer_end is None:
            return False
        if self.state.phase != NEGOTIATION:
            app.timer_end, app.timer_rang = None, False
            return True
        left = app.timer_end - time.monotonic()
        if left <= 0 and not app.timer_rang:
            app.timer_rang = True
            from ..sound import chime
            chime()
            app.toast(_("Time is up: please close the negotiation."), 8)
        shown = max(0, int(left))
        if shown != getattr(self, "_shown_seconds", None):
            self._shown_seconds = shown
            return True
        return False

    def toggle_timer(self) -> None:
        app = self.app
        if app.timer_end is None:
            app.timer_end, app.timer_rang = time.monotonic() + 60 * app.settings.timer_minutes, False
        else:
            app.timer_end, app.timer_rang = None, False
        app.rebuild()

    def draw_timer(self, surface, area: pygame.Rect) -> None:
        app = self.app
        if app.timer_end is None:
            return
        left = max(0, int(app.timer_end - time.monotonic()))
        text = f"{left // 60}:{left % 60:02d}"
        colour = theme.BAD if left == 0 else (theme.WARN if left < 60 else theme.ACCENT)
        self.text(surface, text, (area.right, area.y + 2), "heading", colour, bold=True, anchor="topright")
        if left == 0 and int(time.monotonic() * 2) % 2 == 0:
            pygame.draw.rect(surface, theme.BAD, area.inflate(8, 8), 3, border_radius=10)

    # --- layout --------------------------------------------------------------------------------
    def regions(self):
        w, h = self.size
        top = 64
        left = pygame.Rect(12, top, max(330, int(w * 0.27)), h - top - 12)
        right = pygame.Rect(w - max(300, int(w * 0.24)) - 12, top, max(300, int(w * 0.24)), h - top - 12)
        center = pygame.Rect(left.right + 12, top, right.x - left.right - 24, h - top - 12)
        return left, center, right

    def build(self) -> None:
        self._heading = None
        self.obs = observe(self.state, None)
        w, h = self.size
        left, center, right = self.regions()
        # facilitator controls, top right
        bw, x = 112, w - 12
        for text, cb, key in ((_("Menu"), self.menu, pygame.K_ESCAPE),
                              (_("Facilitator"), self.facilitator, pygame.K_f),
                              (_("Projector"), self.projector, pygame.K_p),
                              (_("Undo"), self.undo, pygame.K_u)):
            x -= bw + 6
            self.button((x, 12, bw, 40), text, cb, key)
        plain: list[str] = []
        why = {x["seq"]: "↳ " + translate(x["msg"], x["params"]) for x in self.session.explanations if x["public"]}
        self.textbox((right.x, right.y, right.w, right.h), log_html(self.obs["log"], plain, why) or "&nbsp;", plain)
        phase = self.state.phase
        if phase == EVENT:
            self.build_event(center)
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
        self._draw_heading(surface)
        s = self.app.sizes
        w, _h = self.size
        sc = self.session.scenario
        f = self.app.fonts
        f.draw(surface, pick(sc.region_name), (16, 10), s["heading"], theme.TEXT, bold=True)
        f.draw(surface, _("Round {round} of {rounds}").format(round=self.state.round, rounds=sc.rounds),
               (16, 14 + s["heading"]), s["small"], theme.MUTED)
        draw_phase_tracker(surface, f, pygame.Rect(int(w * 0.24), 16, w - 4 * 118 - 24 - int(w * 0.24), 30),
                           self.state.phase, s)
        left, center, _right = self.regions()
        draw_dashboard(surface, f, left, self.obs, s)
        if getattr(self, "busy", False):
            mover = self.session.next_ai_mover()
            if mover:
                self.text(surface, _("{role} (AI) is thinking…").format(role=seat_label(self.session, mover)),
                          (center.x, center.bottom - 24), "small", theme.MUTED)
        if self.state.phase == NEGOTIATION:
            self.draw_timer(surface, center)

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
    def build_event(self, area: pygame.Rect) -> None:
        card = self.obs["card"]
        sc = self.session.scenario
        s = self.app.sizes
        decider = card["deciders"][0]
        y = area.y
        self.heading(area.x, y, area.w, pick(card["title"]))
        y += s["heading"] * 2
        consulted = [seat_label(self.session, r) for r in card["deciders"][1:]]
        who = _("{role} decides").format(role=seat_label(self.session, decider))
        if consulted:
            who += " · " + _("consulted: {roles}").format(roles=", ".join(consulted))
        who += " · " + _("paper {section}").format(section=section_text(card["section"]))
        text = pick(card["text"])
        body = f"<font color='#96a0b4'>{html.escape(who)}</font><br>{html.escape(text)}"
        n = len(card["options"])
        room = area.bottom - y - n * (60 + 10)        # the options must stay on screen
        box = self.textbox((area.x, y, area.w, -1), body, [who, text])
        if box.rect.height > room:                    # too long here: a scrolling box instead
            box.kill()
            box = self.textbox((area.x, y, area.w, max(60, room)), body, [])
        y += box.rect.height + 10
        human = self.session.is_human(decider)
        opt_h = max(60, min(150, (area.bottom - y - 10 * n) // max(1, n)))
        for k, opt in enumerate(card["options"]):
            tags = tag_names(sc, opt["tags"])
            body = f"{html.escape(pick(opt['text']))}<br><font color='#96a0b4'>{html.escape(tags)}</font>"
            self.textbox((area.x, y, area.w - 150, opt_h), body, [pick(opt["text"]), tags])
            self.button((area.right - 140, y, 140, min(opt_h, 52)), _("Choose"),
                        lambda o=opt["id"]: self.choose(decider, o), pygame.K_1 + k, enabled=human)
            y += opt_h + 10

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
        from game.engine.game import _may_negotiate, _pending_for
        s = self.app.sizes
        st = self.state
        y = area.y
        self.heading(area.x, y, area.w - 200, _("Negotiation"))
        running = self.app.timer_end is not None
        self.button((area.right - 190, y + 2, 120, 36),
                    _("Stop timer") if running else _("{minutes} min timer").format(
                        minutes=self.app.settings.timer_minutes), self.toggle_timer, pygame.K_t)
        y += s["heading"] * 2
        intro = _("Talk it over aloud, then enter what you agreed. Each deal is typed in private by "
                  "the role that proposes it; the other side answers in private too.")
        self.textbox((area.x, y, area.w, 84), html.escape(intro), [intro])
        y += 94
        bh = max(40, int(s["body"] * 2.6))
        humans = self.session.human_roles()
        waiting = [(r, d) for r in humans for d in _pending_for(st, r)]
        if waiting:
            role, deal = waiting[0]
            self.button((area.x, y, area.w, bh), _("Deal no. {id}: pass the device to {role} to answer").format(
                id=deal.id, role=seat_label(self.session, role)),
                lambda r=role, d=deal.id: self.answer(r, d), pygame.K_a, style="@primary")
            y += bh + 10
        else:
            if any(_may_negotiate(st, r) for r in humans):
                self.label((area.x, y, area.w, s["body"] * 2), _("Propose a deal as:"), style="@muted")
                y += s["body"] * 2
            for k, role in enumerate(humans):
                if not _may_negotiate(st, role):
                    self.label((area.x, y, area.w, bh), _("{role}: finished negotiating").format(
                        role=seat_label(self.session, role)), style="@muted")
                    y += bh + 6
                    continue
                self.button((area.x, y, int(area.w * 0.62), bh), seat_label(self.session, role),
                            lambda r=role: self.propose(r), pygame.K_1 + k)
                self.button((area.x + int(area.w * 0.64), y, int(area.w * 0.36), bh), _("Done"),
                            lambda r=role: self.do(EndNegotiation(r)))
                y += bh + 6
            if any(_may_negotiate(st, r) for r in humans):
                self.button((area.x, y + 6, area.w, bh), _("End negotiation for everyone"),
                            self.all_done, pygame.K_d, style="@primary")
                y += bh + 16
        concluded = [d for d in self.obs["deals"] if d.get("round") == st.round and d["status"] == "accepted"]
        lines = [_("Deal no. {id} concluded between {parties}.").format(
            id=d["id"], parties=", ".join(role_name(p) for p in d["parties"])) for d in concluded]
        if lines:
            self.textbox((area.x, y + 10, area.w, max(60, area.bottom - y - 10)),
                         "<br>".join(html.escape(t) for t in lines), lines)

    def all_done(self) -> None:
        from game.engine.game import _may_negotiate
        for role in self.session.human_roles():
            if _may_negotiate(self.state, role):
                try:
                    self.session.act(EndNegotiation(role))
                except IllegalAction:
                    pass
        self.app.rebuild()

    def propose(self, role: str) -> None:
        from .private import CurtainScreen, DealComposerScreen
        self.app.show(CurtainScreen(self.app, self.session, role,
                                    lambda: self.app.show(DealComposerScreen(self.app, self.session, role, self))))

    def answer(self, role: str, deal_id: int) -> None:
        from .private import CurtainScreen, DealResponseScreen
        self.app.show(CurtainScreen(self.app, self.session, role,
                                    lambda: self.app.show(DealResponseScreen(self.app, self.session, role, deal_id, self))))

    # --- actions -------------------------------------------------------------------------------
    def build_actions(self, area: pygame.Rect) -> None:
        from game.engine import current_player
        s = self.app.sizes
        role = current_player(self.state)
        y = area.y
        self.heading(area.x, y, area.w, _("Budgets, in private"))
        y += s["heading"] * 2
        intro = _("Each role now decides alone how to spend its budget. The others look away: a curtain "
                  "screen stands between one role's panel and the next.")
        self.textbox((area.x, y, area.w, 84), html.escape(intro), [intro])
        y += 100
        if role and self.session.is_human(role):
            bh = max(48, int(s["body"] * 3))
            self.button((area.x, y, area.w, bh), _("Pass the device to {role}").format(
                role=seat_label(self.session, role)), lambda: self.allocate(role), pygame.K_RETURN,
                style="@primary")
        done = [role_name(r) for r in ROLES if r in self.state.actions_done]
        if done:
            text = _("Finished: {roles}").format(roles=", ".join(done))
            self.label((area.x, y + 70, area.w, s["body"] * 2), text, style="@muted")

    def allocate(self, role: str) -> None:
        from .private import ActionsScreen, CurtainScreen
        self.app.show(CurtainScreen(self.app, self.session, role,
                                    lambda: self.app.show(ActionsScreen(self.app, self.session, role, self))))
