"""Facilitator tools in a live game: the projector view (public, large) and the facilitator's
private overview (every agenda, who is heading into which failure) behind its own curtain."""
from __future__ import annotations

import html

import pygame

from game.engine import observe
from game.engine.constants import FAILURE_IDS, ROLES
from game.i18n import _, format_number, pick
from game.presentation import entry_text

from .. import theme
from ..app import Screen
from ..render import draw_dashboard, draw_phase_tracker
from .board import (build_time_up, draw_time_up, seat_label, tick_timer, time_is_up, timer_colour,
                    timer_left, timer_text)

FACILITATOR = "facilitator"   # the private_to of the overview: no player may see it


class ProjectorScreen(Screen):
    """Public information only, in large type, for the wall: the region, the phase, the event
    and the latest public news. No controls but the way back."""
    name = "projector"

    def __init__(self, app, session, back):
        super().__init__(app)
        self.session, self.back = session, back

    def build(self) -> None:
        self.obs = observe(self.session.state, None)
        if time_is_up(self.app):
            build_time_up(self)          # the end of the timer fills the wall until dismissed
            return
        w, h = self.size
        self.button((w - 170, h - 56, 160, 46), _("Back"), self.back, pygame.K_ESCAPE)
        self.key(pygame.K_p, self.back)

    def tick(self) -> bool:
        return tick_timer(self)          # the timer runs (and rings) while the wall shows

    def timer_area(self) -> pygame.Rect | None:
        """Where the negotiation timer is drawn, in large type (None when no timer runs)."""
        if timer_left(self.app) is None:
            return None
        w, h = self.size
        left = int(w * 0.42) + 12 + 24
        return pygame.Rect(left, 70, w - left - 24, int(h * 0.2))

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
        big = {k: int(v * 1.35) for k, v in self.app.sizes.items()}
        sc = self.session.scenario
        st = self.session.state
        self.text(surface, pick(sc.region_name) + " · " + _("Round {round} of {rounds}").format(
            round=st.round, rounds=sc.rounds), (20, 12), "heading", bold=True)
        draw_phase_tracker(surface, self.app.fonts, pygame.Rect(int(w * 0.45), 14, int(w * 0.53), 40), st.phase, big)
        left = pygame.Rect(12, 70, int(w * 0.42), h - 82)
        draw_dashboard(surface, self.app.fonts, left, self.obs, big)
        x, width = left.right + 24, w - left.right - 40
        y = 80
        timer = self.timer_area()
        if timer is not None:
            y = self.draw_timer(surface, timer) + 16
        card = self.obs.get("card")
        if card:
            y = self.app.fonts.draw(surface, pick(card["title"]), (x, y), big["heading"], theme.TEXT, bold=True,
                                    wrap=width).bottom + 8
            y = self.app.fonts.draw(surface, pick(card["text"]), (x, y), big["body"], theme.TEXT,
                                    wrap=width).bottom + 20
        news = [e for e in self.obs["log"]
                if e["kind"] in ("decision", "failure", "deal", "trigger", "resolution")][-6:]
        for e in reversed(news):
            colour = theme.BAD if e["kind"] == "failure" else theme.MUTED
            rect = self.app.fonts.draw(surface, entry_text(e), (x, y), big["small"], colour, wrap=width)
            y = rect.bottom + 6
            if y > h - 70:
                break


class FacilitatorCurtain(Screen):
    """Nothing private is drawn until the facilitator confirms that players cannot see."""
    name = "curtain"

    def __init__(self, app, session, back):
        super().__init__(app)
        self.session, self.back = session, back

    def build(self) -> None:
        w, h = self.size
        s = self.app.sizes
        self.label((0, h // 3 - s["title"], w, s["title"] * 2), _("Facilitator only"), style="@title")
        self.label((w // 2 - 380, h // 3 + s["title"], 760, s["body"] * 2),
                   _("This view shows every role's private agenda. Turn the screen away from the players."),
                   style="@muted")
        self.button((w // 2 - 200, h // 2 + 40, 400, 56), _("Show the facilitator's overview"),
                    lambda: self.app.show(FacilitatorScreen(self.app, self.session, self.back)),
                    pygame.K_RETURN, style="@primary")
        self.button((w // 2 - 200, h // 2 + 110, 400, 48), _("Back to the table"), self.back, pygame.K_ESCAPE)

    def draw(self, surface) -> None:
        surface.fill(theme.CURTAIN)


def risk_profile(state, role: str) -> tuple[dict, dict]:
    """(risky moves so far by failure id, failures the role's decisions fed by failure id)."""
    risky: dict[str, int] = {}
    for rec in state.records + [state.record]:
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
        self.label((20, 12, w - 40, s["heading"] * 2), _("Facilitator's overview — round {round}").format(
            round=st.round), style="@heading")
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
        self.textbox((20, 20 + s["heading"] * 2, w - 40, h - 100 - s["heading"] * 2), "<br><br>".join(parts), plain)
        self.button((w - 320, h - 64, 300, 52), _("Back to the table"), self.back, pygame.K_ESCAPE)
