"""Facilitator tools in a live game: the projector view (public, large) and the facilitator's
private overview (every agenda, who is heading into which failure) behind its own curtain."""
from __future__ import annotations

import html

import pygame

from game.engine import observe
from game.debrief.analysis import risk_profile
from game.engine.constants import INDICATORS, ROLES
from game.i18n import _, format_number, pick
from game.presentation import entry_text

from .. import theme
from ..app import Screen
from ..render import draw_dashboard, draw_phase_tracker
from .board import (build_time_up, draw_time_up, seat_label, tick_timer, time_is_up, timer_colour,
                    timer_left, timer_text)
from .private import CurtainFrame

FACILITATOR = "facilitator"   # the private_to of the overview: no player may see it


class ProjectorScreen(Screen):
    """Public information only, in large type, for the wall: the region, the phase, the event
    and the latest public news. No controls but the way back."""
    name = "projector"

    def __init__(self, app, session, back):
        super().__init__(app)
        self.session, self.back = session, back

    def frame(self) -> tuple[int, pygame.Rect, pygame.Rect]:
        """(the top of the dashboard and the card, the phase tracker, the way back) for this
        window: the header is as tall as its type, the button as wide as its label."""
        w, h = self.size
        s, fonts = self.app.sizes, self.app.fonts
        chip_h = round(fonts.font(self.big["small"], True).get_linesize() * 1.2)
        head_h = max(fonts.font(s["heading"], True).get_linesize(), chip_h)
        tracker = pygame.Rect(int(w * 0.45), self.u(12) + (head_h - chip_h) // 2, int(w * 0.53), chip_h)
        bw = max(self.u(160), self.fit_w(_("Back"), pygame.K_ESCAPE))
        bh = self.button_h()
        back = pygame.Rect(w - self.u(10) - bw, h - self.u(10) - bh, bw, bh)
        return self.u(12) + head_h + self.u(12), tracker, back

    @property
    def big(self) -> dict[str, int]:
        return {k: int(v * 1.35) for k, v in self.app.sizes.items()}

    def build(self) -> None:
        self.obs = observe(self.session.state, None)
        if time_is_up(self.app):
            build_time_up(self)          # the end of the timer fills the wall until dismissed
            return
        _top, _tracker, back = self.frame()
        self.button(back, _("Back"), self.back, pygame.K_ESCAPE)
        self.key(pygame.K_p, self.back)

    def tick(self) -> bool:
        return tick_timer(self)          # the timer runs (and rings) while the wall shows

    def columns(self) -> tuple[pygame.Rect, pygame.Rect]:
        """The dashboard's rect and the right-hand column's (the timer, the card, the news)."""
        w, h = self.size
        top, _tracker, back = self.frame()
        left = pygame.Rect(12, top, int(w * 0.42), h - top - 12)
        x = left.right + 24
        return left, pygame.Rect(x, top + self.u(8), w - x - 20, back.y - self.u(10) - top - self.u(8))

    def dashboard_sizes(self, rect: pygame.Rect) -> dict[str, int]:
        """The dashboard's type: large, or smaller until its ten rows (a label over its bar,
        as render.draw_dashboard spaces them) fit the panel without running into each other."""
        fonts = self.app.fonts
        for factor in (1.35, 1.2, 1.05, 0.9, 0.8):
            sz = {k: int(v * factor) for k, v in self.app.sizes.items()}
            room = rect.h - 10 - int(sz["heading"] * 1.6) - 4 * sz["body"]
            if room / (len(INDICATORS) + 0.5) >= fonts.font(sz["small"]).get_linesize() + 8:
                break
        return sz

    def timer_area(self) -> pygame.Rect | None:
        """Where the negotiation timer is drawn, in large type (None when no timer runs)."""
        if timer_left(self.app) is None:
            return None
        _left, right = self.columns()
        return pygame.Rect(right.x, right.y, right.w, int(self.size[1] * 0.2))

    def draw_timer(self, surface, area: pygame.Rect) -> int:
        """The time left, as large as the area allows, with its label; returns the bottom."""
        left = timer_left(self.app)
        fonts = self.app.fonts
        label = _("Negotiation: time left")
        small = self.app.sizes["heading"]
        fonts.draw(surface, label, (area.x, area.y), small, theme.MUTED, bold=True)
        digits = timer_text(left)
        top = area.y + int(small * 1.5)
        size = max(small, area.bottom - top)
        rect = fonts.draw(surface, digits, (area.x, top - int(size * 0.12)), size, timer_colour(left), bold=True)
        return max(area.bottom, rect.bottom - int(size * 0.1))

    def draw(self, surface) -> None:
        if time_is_up(self.app):
            draw_time_up(self, surface)
            return
        w, h = self.size
        s, fonts = self.app.sizes, self.app.fonts
        big = self.big
        sc = self.session.scenario
        st = self.session.state
        _top, tracker, _back = self.frame()
        title = pick(sc.region_name) + " · " + _("Round {round} of {rounds}").format(round=st.round, rounds=sc.rounds)
        size = s["heading"]              # smaller until it fits left of the phase tracker
        while size > 12 and fonts.font(size, True).size(title)[0] > tracker.x - 40:
            size -= 1
        fonts.draw(surface, title, (20, self.u(12)), size, theme.TEXT, bold=True)
        draw_phase_tracker(surface, fonts, tracker, st.phase, big)
        left, right = self.columns()
        draw_dashboard(surface, fonts, left, self.obs, self.dashboard_sizes(left))
        x, width, y = right.x, right.w, right.y
        timer = self.timer_area()
        if timer is not None:
            y = self.draw_timer(surface, timer) + self.u(16)
        card = self.obs.get("card")
        if card:
            head, text = pick(card["title"]), pick(card["text"])
            # the card in large type, smaller when it would run past the bottom of the wall
            for factor in (1.35, 1.2, 1.05, 0.9, 0.8, 0.7):
                hs, bs = int(s["heading"] * factor), int(s["body"] * factor)
                tall = (fonts.render(head, hs, theme.TEXT, True, width).get_height() + self.u(8)
                        + fonts.render(text, bs, theme.TEXT, False, width).get_height())
                if y + tall <= right.bottom:
                    break
            y = fonts.draw(surface, head, (x, y), hs, theme.TEXT, bold=True, wrap=width).bottom + self.u(8)
            y = fonts.draw(surface, text, (x, y), bs, theme.TEXT, wrap=width).bottom + self.u(20)
        news = [e for e in self.obs["log"]
                if e["kind"] in ("decision", "failure", "deal", "trigger", "resolution")][-6:]
        for e in reversed(news):         # the latest first, as many as fit whole
            colour = theme.BAD if e["kind"] == "failure" else theme.MUTED
            line = entry_text(e)
            if y + fonts.render(line, big["small"], colour, False, width).get_height() > right.bottom:
                break
            y = fonts.draw(surface, line, (x, y), big["small"], colour, wrap=width).bottom + self.u(6)


class FacilitatorCurtain(CurtainFrame):
    """Nothing private is drawn until the facilitator confirms that players cannot see."""

    def __init__(self, app, session, back):
        super().__init__(app)
        self.session, self.back = session, back

    def build(self) -> None:
        self.curtain(_("Facilitator only"),
                     _("This view shows every role's private agenda. Turn the screen away from the players."),
                     _("Show the facilitator's overview"),
                     lambda: self.app.show(FacilitatorScreen(self.app, self.session, self.back)),
                     _("Back to the table"), self.back)


class FacilitatorScreen(Screen):
    """All agendas and budgets, and for each role the traps it is walking towards."""
    name = "facilitator"
    private_to = FACILITATOR

    def __init__(self, app, session, back):
        super().__init__(app)
        self.session, self.back = session, back

    def build(self) -> None:
        w, h = self.size
        s = self.app.sizes
        st = self.session.state
        sc = self.session.scenario
        head_h = round(self.app.fonts.font(s["heading"], True).get_linesize() * 1.2)
        heading = _("Facilitator's overview — round {round}").format(round=st.round)
        self.label((20, self.u(10), w - 40, head_h), self.shorten(heading, w - 40, size="heading"),
                   style="@heading")
        parts, plain = [], []
        for role in ROLES:
            risky, fed = risk_profile(st, role)
            agenda = pick(sc.roles[role].agenda_text)
            head = _("{role}: budget {budget}").format(role=seat_label(self.session, role),
                                                      budget=format_number(st.budgets[role]))
            risky_text = ", ".join(f"{f}×{n}" for f, n in sorted(risky.items())) or _("none")
            fed_text = ", ".join(f"{f} ({', '.join(map(str, rs))})" for f, rs in sorted(fed.items())) or _("none")
            heading = [f for f in risky if f not in fed]
            heading_text = ", ".join(f"{f} {pick(sc.catalogue.failures[f].name)}" for f in sorted(heading)) or _("none")
            lines = [_("Private agenda: {text}").format(text=agenda),
                     _("Risky moves so far: {moves}").format(moves=risky_text),
                     _("Failures its decisions fed (round): {fed}").format(fed=fed_text),
                     _("Heading towards: {ids}").format(ids=heading_text)]
            plain += [head] + lines
            parts.append(f"<b>{html.escape(head)}</b><br>" + "<br>".join(html.escape(t) for t in lines))
        back = _("Back to the table")
        bw = min(w - 40, max(self.u(300), self.fit_w(back, pygame.K_ESCAPE)))
        bh = self.button_h()
        by = h - self.u(12) - bh
        top = self.u(10) + head_h + self.u(6)
        self.textbox((20, top, w - 40, by - self.u(12) - top), "<br><br>".join(parts), plain)
        self.button((w - 20 - bw, by, bw, bh), self.shorten(back, bw, pygame.K_ESCAPE), self.back, pygame.K_ESCAPE)
