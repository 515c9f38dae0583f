"""The briefing before round 1 and the Rules page (title → Rules, or the in-game menu → Rules).

Both show the same public pages: the scenario's introduction for players, the four roles with
their public mandates, objectives and budgets, how a role scores (objectives, private agenda,
the collapse line: everyone loses), the ten indicators in one line each and a round's five
phases. The briefing adds a last page on which each person seated reads their private agenda —
behind a "pass the device" curtain when several people share the device, straight away when one
person is seated, never for an AI seat — and then starts round 1. The facilitator's page (the
facilitator's introduction and the learning goals) is behind its own curtain, from any page (F).

Keys: Enter or → next page, ← previous page, Esc the menu (the Rules: back), F the
facilitator's page, 1–4 on the agendas page: one seat's agenda again.
"""
from __future__ import annotations

import html
import weakref

import pygame
import pygame_gui

from game.engine.constants import INDICATORS, ROLES
from game.i18n import _, format_number, pick
from game.presentation import indicator_line, indicator_name, phase_line, role_name, score_legend

from .. import theme
from ..app import Screen
from ..render import draw_phase_tracker
from .board import seat_label
from .facilitator import FACILITATOR
from .private import CurtainFrame, CurtainScreen

PUBLIC_PAGES = ("intro", "roles", "scoring", "indicators", "phases")
# text heights per UI manager (its theme fixes the fonts): the same page is measured again at
# every rebuild, page turn and new briefing screen
_HEIGHTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
ROUND_PHASES = ("briefing", "event", "negotiation", "actions", "resolution")


def _esc(text: str) -> str:
    return html.escape(text)


class BriefingScreen(Screen):
    """The briefing (`session` given, `rules=False`): the public pages, then the private agendas,
    then round 1. The Rules (`rules=True`): the public pages only, for `scenario` (a session's,
    or the one given), and `back` when done."""
    name = "briefing"

    def __init__(self, app, session=None, scenario=None, rules: bool = False, back=None):
        super().__init__(app)
        self.session = session
        self.scenario = scenario if scenario is not None else session.scenario
        self.rules = rules
        self.back = back
        if rules:
            self.name = "rules"
        self.page = 0
        self.read: set[str] = set()          # seats that have read their private agenda

    # --- pages ---------------------------------------------------------------------------------
    @property
    def humans(self) -> list[str]:
        # the people at this screen: a seat on its own device reads its agenda there
        return self.session.screen_roles() if self.session is not None else []

    def page_title(self, pid: str) -> str:
        return {"intro": _("Introduction"), "roles": _("The four roles"), "scoring": _("How a role scores"),
                "indicators": _("The ten indicators"), "phases": _("A round in five phases"),
                "agendas": _("Private agendas")}[pid]

    def who(self, role: str) -> str:
        if self.session is None:
            return role_name(role)
        kind = (_("Device") if role in self.session.device_roles() else
                _("Person") if self.session.is_human(role) else _("AI"))
        return f"{seat_label(self.session, role)} · {kind}"

    def content(self, pid: str) -> tuple[list[tuple[str, list[str]]], str]:
        """The section's text as blocks of escaped HTML, each with its strings for the recorder,
        and what joins two blocks in one box. A section too long for the window is paged between
        its blocks (`layout`)."""
        sc = self.scenario
        blocks: list[tuple[str, list[str]]] = []

        def para(text: str, bold: bool = False, muted: bool = False) -> None:
            body = _esc(text)
            if bold:
                body = f"<b>{body}</b>"
            if muted:
                body = f"<font color='#96a0b4'>{body}</font>"
            blocks.append((body, [text]))

        if pid == "intro":
            name, intro = pick(sc.name), pick(sc.intro_players) or pick(sc.summary)
            blocks.append((f"<b>{_esc(name)}</b><br><br>{_esc(intro)}", [name, intro]))
            para(_("{rounds} rounds · collapse line {line} · region: {region}").format(
                rounds=sc.rounds, line=format_number(sc.collapse_line), region=pick(sc.region_name)), muted=True)
            return blocks, "<br><br>"
        if pid == "roles":
            for role in ROLES:
                setup = sc.roles[role]
                goals = sorted(setup.objectives.items(), key=lambda kv: -kv[1])
                lines = [self.who(role),
                         _("Mandate: {text}").format(text=pick(setup.mandate)),
                         _("Answers for: {indicators}").format(
                             indicators=", ".join(indicator_name(k) for k, w in goals if w) or _("none")),
                         _("Budget: {start} to begin with, then {income} each round").format(
                             start=format_number(setup.start_budget), income=format_number(setup.income))]
                blocks.append((f"<b>{_esc(lines[0])}</b><br>" + "<br>".join(_esc(t) for t in lines[1:]), lines))
            return blocks, "<br><br>"
        if pid == "scoring":
            legend = score_legend()
            blocks.append((f"<b>{_esc(legend[0])}</b><br>" + "<br>".join("· " + _esc(t) for t in legend[1:]),
                           legend))
            para(_("Each role scores on its own; the highest score wins."))
            para(_("Each role also has a private agenda that only its player sees, on their own private "
                   "screen; everyone's is revealed at the end."))
            para(_("If the region's competitiveness index ends the game below the collapse line ({line}), the "
                   "region has collapsed and everyone loses, whatever their score.").format(
                line=format_number(sc.collapse_line)), bold=True)
            para(_("Budgets: each role receives its income every round and spends it on actions in private; "
                   "deals move money between roles."))
            return blocks, "<br><br>"
        if pid == "indicators":
            para(_("Ten indicators from 0 to 100 describe the region; the competitiveness index is made of "
                   "them."), muted=True)
            for k in INDICATORS:
                line = indicator_line(k)
                blocks.append(("· " + _esc(line), [line]))
            return blocks, "<br>"
        if pid == "phases":
            for k, p in enumerate(ROUND_PHASES):
                line = f"{k + 1}. " + phase_line(p)
                blocks.append((_esc(line), [line]))
            para(_("The game has {rounds} rounds; the facilitator's tools (undo, timer, projector view) are "
                   "on the board.").format(rounds=sc.rounds), muted=True)
            return blocks, "<br>"
        # the agendas page: who still has to read theirs (nothing private on it)
        humans = self.humans
        if len(humans) == 1:
            para(_("Your role has a private agenda that only you see. Read it before round 1; it stays on "
                   "your private budget screen."))
        else:
            para(_("Every role has a private agenda that only its player sees. Each person now reads theirs "
                   "in private: pass the device as the screen says. The AIs know theirs."))
        for role in humans:
            state = _("read") if role in self.read else _("not read yet")
            para(f"{'✓' if role in self.read else '·'} {seat_label(self.session, role)}: {state}")
        return blocks, "<br>"

    # --- layout: each section on one page, or paged between its blocks when too long --------------
    def geometry(self) -> tuple[int, int, int, int]:
        """(top of the text, its height, button height, gap) for the window as it is now."""
        w, h = self.size
        s = self.app.sizes
        top = 16 + s["heading"] * 2 + s["small"] * 2
        bh = max(44, int(s["body"] * 2.8))
        gap = 12
        room = h - top - bh - 36
        return top, room, bh, gap

    def layout(self) -> list[tuple[str, list[int]]]:
        """The pages: (section, the indices of its blocks shown), measured for this window."""
        w, h = self.size
        _top, room, bh, gap = self.geometry()
        key = (w, h, self.app.settings.large_text, self.app.settings.lang, tuple(sorted(self.read)))
        if getattr(self, "_layout_key", None) == key:
            return self._layout
        out: list[tuple[str, list[int]]] = []
        for pid in self.sections:
            blocks, joiner = self.content(pid)
            height = room - (self.seat_rows_h() if pid == "agendas" else 0)
            chunk: list[int] = []
            for i in range(len(blocks)):
                trial = chunk + [i]
                if chunk and self._height(joiner.join(blocks[j][0] for j in trial), w - 40) > height:
                    out.append((pid, chunk))
                    trial = [i]
                chunk = trial
            out.append((pid, chunk))
        self._layout_key, self._layout = key, out
        return out

    def seat_texts(self) -> list[tuple[str, int]]:
        """The agendas page's seat buttons: (label, key) for each person at this screen."""
        one = self.session is not None and not self.session.needs_curtain()
        return [(_("Read your private agenda") if one else seat_label(self.session, role), pygame.K_1 + k)
                for k, role in enumerate(self.humans)]

    def seat_grid(self) -> tuple[int, int]:
        """(buttons a row, button width) of the seat buttons: one row when every label fits
        whole, else two a row (three or four seats in a narrow window or large text)."""
        w, _h = self.size
        _top, _room, _bh, gap = self.geometry()
        texts = self.seat_texts()
        need = max([self.u(300)] + [self.fit_w(t, k) for t, k in texts])
        cols = max(1, len(texts))
        while cols > 1 and (w - 40 - gap * (cols - 1)) // cols < need:
            cols = cols - 1 if cols <= 2 else (cols + 1) // 2
        return cols, min(need, (w - 40 - gap * (cols - 1)) // cols)

    def seat_rows_h(self) -> int:
        _top, _room, bh, gap = self.geometry()
        cols, _bw = self.seat_grid()
        return -(-len(self.humans) // cols) * (bh + gap)

    def _height(self, html_text: str, width: int) -> int:
        """The height of `html_text` laid out `width` wide in this manager's theme, measured once
        per manager (a text box built and killed: most of what the briefing's layout costs)."""
        heights = _HEIGHTS.setdefault(self.manager, {})
        height = heights.get((html_text, width))
        if height is None:
            box = pygame_gui.elements.UITextBox(html_text, pygame.Rect(0, 0, width, -1), self.manager)
            height = heights[(html_text, width)] = box.rect.height
            box.kill()
        return height

    @property
    def sections(self) -> list[str]:
        if self.rules or not self.humans:
            return list(PUBLIC_PAGES)
        return list(PUBLIC_PAGES) + ["agendas"]

    @property
    def pages(self) -> list[str]:
        """The section of each page, in order (a long section has several)."""
        return [pid for pid, _blocks in self.layout()]

    @property
    def page_id(self) -> str:
        return self.pages[min(self.page, len(self.pages) - 1)]

    @property
    def last(self) -> bool:
        return self.page >= len(self.pages) - 1

    # --- building --------------------------------------------------------------------------------
    def build(self) -> None:
        w, h = self.size
        pages = self.layout()
        self.page = min(self.page, len(pages) - 1)
        pid, shown = pages[self.page]
        top, room, bh, gap = self.geometry()
        blocks, joiner = self.content(pid)
        seat_rows = pid == "agendas"
        if seat_rows:
            room -= self.seat_rows_h()
        self.textbox((20, top, w - 40, max(80, room)), joiner.join(blocks[i][0] for i in shown),
                     [t for i in shown for t in blocks[i][1]])
        if seat_rows:
            cols, bw = self.seat_grid()
            for k, (role, (text, key)) in enumerate(zip(self.humans, self.seat_texts())):
                shown = self.shorten(text, bw, key)
                self.button((20 + (k % cols) * (bw + gap), top + room + gap // 2 + (k // cols) * (bh + gap), bw, bh),
                            shown, lambda r=role: self.open_agenda(r), key,
                            tooltip=text if shown != text else None)
        # bottom row: back or menu, the facilitator's page, previous; next takes the rest
        y = h - bh - 20
        first = (_("Back"), self.leave) if self.rules else (_("Menu"), self.menu)
        row = [(first[0], first[1], pygame.K_ESCAPE, True),
               (_("Facilitator's page"), self.facilitator, pygame.K_f, True),
               (_("Previous"), self.prev, pygame.K_LEFT, self.page > 0)]
        x = 20
        for text, cb, key, enabled in row:        # each as wide as its text needs (at least a fifth)
            bw = max(min(self.u(300), (w - 40 - 3 * gap) // 5), self.fit_w(text, key))
            self.button((x, y, bw, bh), text, cb, key, enabled=enabled)
            x += bw + gap
        self.button((x, y, w - 20 - x, bh), self.next_text(), self.next, pygame.K_RETURN, style="@primary")
        self.key(pygame.K_RIGHT, self.next)

    def next_text(self) -> str:
        if not self.last:
            return _("Next")
        if self.rules:
            return _("Done")
        unread = self.unread()
        if unread and self.session.needs_curtain():
            return _("Pass the device to {role}").format(role=role_name(unread[0]))
        if unread:
            return _("Read your private agenda")
        return _("Start round 1")

    def draw(self, surface) -> None:
        w, _h = self.size
        s = self.app.sizes
        f = self.app.fonts
        title = (_("Rules — {scenario}") if self.rules else _("Briefing — {scenario}")).format(
            scenario=pick(self.scenario.name))
        chip_h = round(f.font(s["small"], True).get_linesize() * 1.3)      # the chips as tall as their type
        tracker = pygame.Rect(int(w * 0.52), self.u(14), int(w * 0.48) - 20, chip_h)
        room = (tracker.x - 40) if not self.rules else w - 40
        size = s["heading"]
        font = f.font(size, bold=True)
        while size > 12 and font.size(title)[0] > room:
            size -= 1
            font = f.font(size, bold=True)
        f.draw(surface, title, (20, 12), size, theme.TEXT, bold=True)
        where = _("Page {page} of {pages}: {title}").format(page=self.page + 1, pages=len(self.pages),
                                                           title=self.page_title(self.page_id))
        f.draw(surface, where, (20, 16 + s["heading"] + s["small"] // 2), s["small"], theme.MUTED)
        if not self.rules:
            draw_phase_tracker(surface, f, tracker, "briefing", s)

    # --- moving ------------------------------------------------------------------------------------
    def goto(self, page: int) -> None:
        self.page = max(0, min(page, len(self.pages) - 1))
        self.app.rebuild()

    def prev(self) -> None:
        if self.page > 0:
            self.goto(self.page - 1)

    def next(self) -> None:
        if not self.last:
            self.goto(self.page + 1)
        elif self.rules:
            self.leave()
        elif self.unread():
            self.open_agenda(self.unread()[0])
        else:
            self.start()

    def unread(self) -> list[str]:
        return [r for r in self.humans if r not in self.read]

    def start(self) -> None:
        """The briefing is over: round 1's event."""
        from .board import GameScreen
        self.session.briefing_pending = False
        self.app.show(GameScreen(self.app, self.session))

    def leave(self) -> None:
        if self.back is not None:
            self.back()

    def menu(self) -> None:
        from .menu import MenuScreen
        self.app.show(MenuScreen(self.app, resume=lambda: self.app.show(self), session=self.session))

    def facilitator(self) -> None:
        self.app.show(FacilitatorBriefingCurtain(self.app, self))

    def open_agenda(self, role: str) -> None:
        """A seat's private agenda: behind a curtain when several people share the device."""
        if self.session.needs_curtain():
            self.app.show(BriefingCurtain(self.app, self, role))
        else:
            self.app.show(AgendaScreen(self.app, self, role))


class BriefingCurtain(CurtainScreen):
    """'Pass the device to …' before a seat's private agenda; back goes to the briefing."""

    def __init__(self, app, briefing: BriefingScreen, role: str):
        super().__init__(app, briefing.session, role,
                         lambda: app.show(AgendaScreen(app, briefing, role)))
        self.briefing = briefing

    def back(self) -> None:
        self.app.show(self.briefing)


class AgendaScreen(Screen):
    """Private to one seat: its mandate and its private agenda, before round 1."""
    name = "briefing-agenda"

    def __init__(self, app, briefing: BriefingScreen, role: str):
        super().__init__(app)
        self.briefing, self.role = briefing, role
        self.private_to = role

    def build(self) -> None:
        w, h = self.size
        s = self.app.sizes
        session = self.briefing.session
        setup = session.scenario.roles[self.role]
        self.label((20, 12, w - 40, s["heading"] * 2), _("{role} — private: your agenda").format(
            role=seat_label(session, self.role)), style="@heading")
        mandate, agenda = pick(setup.mandate), pick(setup.agenda_text)
        mandate_h, agenda_h = _("Mandate"), _("Your private agenda")
        note = _("Only you know it; it counts in your score and is revealed at the end. It stays on your "
                 "private budget screen.")
        body = (f"<b>{_esc(mandate_h)}:</b> {_esc(mandate)}<br><br>"
                f"<b>{_esc(agenda_h)}:</b> {_esc(agenda)}<br><br>"
                f"<font color='#96a0b4'>{_esc(note)}</font>")
        bh = max(48, int(s["body"] * 3))
        top = 24 + s["heading"] * 2
        self.textbox((20, top, w - 40, max(80, h - top - bh - 40)), body, [mandate_h, mandate, agenda_h, agenda, note])
        bw = min(w - 40, max(self.u(380), self.fit_w(_("I have read it"), pygame.K_RETURN)))
        self.button((w - 20 - bw, h - bh - 20, bw, bh), self.shorten(_("I have read it"), bw, pygame.K_RETURN),
                    self.done, pygame.K_RETURN, style="@primary")
        self.key(pygame.K_ESCAPE, self.done)

    def done(self) -> None:
        self.briefing.read.add(self.role)
        self.app.show(self.briefing)


class FacilitatorBriefingCurtain(CurtainFrame):
    """Nothing of the facilitator's page is drawn until the facilitator confirms."""

    def __init__(self, app, briefing: BriefingScreen):
        super().__init__(app)
        self.briefing = briefing

    def build(self) -> None:
        self.curtain(_("Facilitator only"),
                     _("The facilitator's notes and the learning goals. Turn the screen away from the players."),
                     _("Show the facilitator's page"),
                     lambda: self.app.show(FacilitatorBriefingScreen(self.app, self.briefing)),
                     _("Back"), self.back)

    def back(self) -> None:
        self.app.show(self.briefing)


class FacilitatorBriefingScreen(Screen):
    """The facilitator's introduction to the scenario and its learning goals (failure types and
    lessons, with the paper's sections)."""
    name = "briefing-facilitator"
    private_to = FACILITATOR

    def __init__(self, app, briefing: BriefingScreen):
        super().__init__(app)
        self.briefing = briefing

    def build(self) -> None:
        w, h = self.size
        s = self.app.sizes
        sc = self.briefing.scenario
        self.label((20, 12, w - 40, s["heading"] * 2), _("Facilitator's page — {scenario}").format(
            scenario=pick(sc.name)), style="@heading")
        intro = pick(sc.intro_facilitator)
        goals_h, lessons_h = _("Failure types it surfaces"), _("Lessons")
        fails = [f"{f} {pick(sc.catalogue.failures[f].name)} ({sc.catalogue.failures[f].section})"
                 for f in sc.learning_failures if f in sc.catalogue.failures]
        lessons = [f"{l} {pick(sc.catalogue.lessons[l].name)} ({sc.catalogue.lessons[l].section})"
                   for l in sc.learning_lessons if l in sc.catalogue.lessons]
        body = (f"{_esc(intro)}<br><br><b>{_esc(goals_h)}</b><br>" + "<br>".join("· " + _esc(t) for t in fails)
                + f"<br><br><b>{_esc(lessons_h)}</b><br>" + "<br>".join("· " + _esc(t) for t in lessons))
        bh = max(48, int(s["body"] * 3))
        top = 24 + s["heading"] * 2
        self.textbox((20, top, w - 40, max(80, h - top - bh - 40)), body,
                     [intro, goals_h, lessons_h] + fails + lessons)
        bw = min(w - 40, max(self.u(380), self.fit_w(_("Back"), pygame.K_ESCAPE)))
        self.button((w - 20 - bw, h - bh - 20, bw, bh), _("Back"), self.back, pygame.K_ESCAPE,
                    style="@primary")
        self.key(pygame.K_RETURN, self.back)

    def back(self) -> None:
        self.app.show(self.briefing)
