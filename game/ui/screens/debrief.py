"""The debrief on screen (GAME_DESIGN §8): first every role's private agenda is revealed, then the
table's story (how the region moved and why, the success conditions S1–S4 with the facts that
decided each, the IV.1 points and the paper's real cases this table echoes: game.debrief.story,
its texts in scenarios/story.yaml), then a page per player (their decisions, tagged with the
failure types they risked or fed and the lessons they followed, and their turning points), the
table's charts (indicators over the rounds, a failure-type timeline) and the lessons with
discussion questions.

←/→ or PageUp/PageDown turn pages, Esc goes back; "Export report" writes the HTML report to
the reports folder (persistence.autosave.reports_dir: "Cluster Policy Game reports" in the
user's documents), says where, and opens it in the system's browser.
"""
from __future__ import annotations

import html
import time

import pygame

from game.debrief.analysis import Analysis, analyse
from game.debrief.report import Table, story_of, write_report
from game.debrief.story import render
from game.debrief.views import decision_views, lesson_views, turning_texts
from game.engine.constants import BAD_INDICATORS, FAILURE_IDS, INDICATORS, ROLES
from game.i18n import _, format_number, format_signed, ngettext, pick, section_text
from game.presentation import (indicator_name, role_name, score_legend, score_line,
                                verdict_text)

from .. import theme
from ..app import Screen
from .board import seat_label

SCREEN_REASONS = 3         # a decision's first reasons on screen; the report prints them all
PAGES = ("agendas", "story", "ministry", "local", "firms", "university", "charts", "lessons", "games")
COMPARE_MAX = 5            # other kept tables a comparison report takes (the newest)
STATUS_COLOURS = {"met": "#60c878", "partly": "#f5be50", "not_met": "#f0605a"}
FAMILY_RGB = {"A": (220, 90, 80), "B": (235, 160, 60), "C": (175, 120, 220), "D": (90, 160, 240)}


def _e(text) -> str:
    return html.escape(str(text))


class DebriefScreen(Screen):
    """All debrief pages in one screen; `name` follows the page ("debrief" on the first)."""
    name = "debrief"

    def __init__(self, app, session, page: int = 0):
        super().__init__(app)
        self.session = session
        self.page = max(0, min(len(PAGES) - 1, page))
        self.name = "debrief" if self.page == 0 else f"debrief-{PAGES[self.page]}"
        self.analysis: Analysis = analyse(session.state, getattr(session, "explanations", None))
        self._turning = None
        self._table: Table | None = None

    # --- data -----------------------------------------------------------------------------------
    @property
    def turning(self):
        if self._turning is None:
            from game.debrief.counterfactual import turning_points
            self._turning = turning_points(self.session.state, self.analysis)
        return self._turning

    @property
    def table(self) -> Table:
        """This game as the report sees it (its story is built once, when first shown)."""
        if self._table is None:
            seats = {r: {"name": self.session.seats[r].name} for r in ROLES}
            self._table = Table(getattr(self.session, "table", "") or _("this table"), self.session.state,
                                self.analysis, None, seats)
        return self._table

    @property
    def page_count(self) -> int:
        return len(PAGES)

    def goto(self, page: int) -> None:
        self.page = max(0, min(len(PAGES) - 1, page))
        self.name = "debrief" if self.page == 0 else f"debrief-{PAGES[self.page]}"
        self.app.rebuild()

    # --- layout ---------------------------------------------------------------------------------
    def footer_h(self) -> int:
        return max(48, round(self.app.sizes["body"] * 2))

    def body_top(self) -> int:
        return 20 + self.app.sizes["heading"] * 2

    def build(self) -> None:
        w, h = self.size
        s = self.app.sizes
        kind = PAGES[self.page]
        titles = {"agendas": _("Debrief: every private agenda, revealed"),
                  "charts": _("Debrief: the region over the rounds"),
                  "lessons": _("Debrief: lessons and discussion questions"),
                  "games": _("Debrief: compare with other tables")}
        if kind == "story":
            story = story_of(self.table)
            titles["story"] = story.label("page_title") if story else _("Debrief")
        title = titles.get(kind) or _("Debrief: {player}").format(player=seat_label(self.session, kind))
        where = _("page {page} of {pages}").format(page=self.page + 1, pages=len(PAGES))
        pw = self.fit_w(where, size="small")          # the page number as wide as it is
        room = w - pw - 50
        shown = self.shorten(title, room, size="heading")   # "…" only when even the whole row cannot hold it
        self.label((24, 10, room, s["heading"] * 2), shown, style="@heading")
        self.label((w - pw - 20, 14, pw, s["body"] * 2), where, style="@muted")
        top, bottom = self.body_top(), h - 28 - self.footer_h()
        body = pygame.Rect(24, top, w - 48, bottom - top)
        if kind == "agendas":
            self._agendas(body)
        elif kind == "story":
            self._story(body)
        elif kind in ROLES:
            self._player(body, kind)
        elif kind == "lessons":
            self._lessons(body)
        elif kind == "games":
            self._games(body)
        # charts are drawn in draw()
        bh = self.footer_h()
        y = h - 14 - bh

        def bw(text, key):            # each as wide as its label needs, at least 200 px at 720 (a quarter of a row)
            return max(min(self.u(200), (w - 120) // 4), self.fit_w(text, key))
        x = 24
        for text, cb, key, enabled in ((_("Previous"), self.prev, pygame.K_LEFT, self.page > 0),
                                       (_("Next"), self.next, pygame.K_RIGHT, self.page < len(PAGES) - 1)):
            self.button((x, y, bw(text, key), bh), text, cb, key, enabled=enabled,
                        style="@primary" if key == pygame.K_RIGHT else None)
            x += bw(text, key) + 12
        x = w - 24
        for text, cb, key in ((_("Back"), self.back, pygame.K_ESCAPE), (_("Export report"), self.export, pygame.K_e)):
            x -= bw(text, key)
            self.button((x, y, bw(text, key), bh), text, cb, key)
            x -= 12
        self.key(pygame.K_PAGEUP, self.prev)
        self.key(pygame.K_PAGEDOWN, self.next)

    def _agendas(self, rect: pygame.Rect) -> None:
        a = self.analysis
        parts, plain = [], []
        verdict = verdict_text(a.collapsed, a.competitiveness[-1], a.collapse_line,
                               [seat_label(self.session, r) for r in a.winners])
        parts.append(f"<b>{_e(verdict)}</b>")
        plain.append(verdict)
        for r in sorted(ROLES, key=lambda r: -a.scores[r]):
            head = score_line(a.parts[r], seat_label(self.session, r))
            agenda = pick(a.agendas[r]["text"])
            fed = sorted({f for _r, f in a.fed[r]})
            fed_text = _("Failure types its decisions fed: {ids}").format(ids=", ".join(fed)) if fed else \
                _("Its decisions fed no failure type.")
            plain += [head, _("Private agenda"), agenda, fed_text]
            agenda_h = _("Private agenda")
            parts.append(f"<b>{_e(head)}</b><br><font color='#f5be50'><i>{_e(agenda_h)}:</i></font> "
                         f"{_e(agenda)}<br><font color='#96a0b4'>{_e(fed_text)}</font>")
        legend = score_legend()
        plain += legend
        parts.append(f"<font color='#96a0b4'><b>{_e(legend[0])}</b><br>"
                     + "<br>".join(_e(ln) for ln in legend[1:]) + "</font>")
        self.textbox(rect, "<br><br>".join(parts), plain)

    def _story(self, rect: pygame.Rect) -> None:
        """Two columns: S1–S4 at a glance, the winner who won at the region's cost (if one did),
        the region's three sentences and S1–S4 in full on the left; the IV.1 points and the real
        cases on the right (one column below 1100 pixels). Texts: scenarios/story.yaml."""
        st = story_of(self.table)
        if st is None:
            problems = self.table.story_problems or []
            self.textbox(rect, "<br>".join(f"<font color='#f0605a'>{_e(p)}</font>" for p in problems), problems)
            return
        paper = st.label("paper")

        def block(blocks: list, plain: list, head_key: str | None, html_parts: list, texts: list) -> None:
            """A paragraph; a section heading (`head_key`) goes on its first line."""
            if head_key:
                head = st.label(head_key)
                html_parts = [f"<font color='#5caaff'><b>{_e(head)}</b></font>"] + html_parts
                texts = [head] + texts
            blocks.append("<br>".join(html_parts))
            plain += texts

        left, lplain = [], []
        glance = [(f"{c.id} {st.label(c.status)}", STATUS_COLOURS[c.status]) for c in st.conditions]
        block(left, lplain, None, [" · ".join(f"<font color='{col}'><b>{_e(t)}</b></font>" for t, col in glance)],
              [t for t, _c in glance])
        if st.winner_at_cost:            # first: it must not hide below the fold
            head, text = st.label("winner"), render(st.winner_at_cost)
            block(left, lplain, None, [f"<font color='#f0605a'><b>{_e(head)}:</b></font> {_e(text)}"], [head, text])
        sentences = [render(line) for line in st.summary]
        block(left, lplain, "summary", [_e(t) for t in sentences], sentences)
        for i, c in enumerate(st.conditions):
            head = f"{c.id} {pick(c.name)}"
            status = st.label(c.status)
            verdict, facts = render(c.verdict), render(c.facts)
            section = f"({paper} {section_text(c.section)})"
            block(left, lplain, "conditions" if i == 0 else None,
                  [f"<b>{_e(head)}</b> <font color='{STATUS_COLOURS[c.status]}'><b>{_e(status)}</b></font> "
                   f"<font color='#96a0b4'>{_e(section)}</font>", _e(verdict),
                   f"<font color='#96a0b4'>{_e(st.label('facts'))}: {_e(facts)}</font>"],
                  [head, status, section, verdict, st.label("facts"), facts])
        right, rplain = [], []
        for i, p in enumerate(st.points):
            head = f"{p.id} {pick(p.name)}"
            texts = [render(n.line) for n in p.notes]
            block(right, rplain, "points" if i == 0 else None, [f"<b>{_e(head)}</b>"] + [_e(t) for t in texts],
                  [head] + texts)
        for i, n in enumerate(st.cases):
            head, text = pick(n.name), render(n.line)
            section = f"({paper} {section_text(n.section)})"
            block(right, rplain, "cases" if i == 0 else None,
                  [f"<b>{_e(head)}</b> <font color='#96a0b4'>{_e(section)}</font>", _e(text)], [head, section, text])
        if right and rect.w >= 1100:
            gap = 16
            lw = (rect.w - gap) * 11 // 20
            self.textbox((rect.x, rect.y, lw, rect.h), "<br><br>".join(left), lplain)
            self.textbox((rect.x + lw + gap, rect.y, rect.w - lw - gap, rect.h), "<br><br>".join(right), rplain)
        else:
            self.textbox(rect, "<br><br>".join(left + right), lplain + rplain)

    def _player(self, rect: pygame.Rect, role: str) -> None:
        a, sc = self.analysis, self.session.scenario
        parts, plain = [], []
        head = score_line(a.parts[role])
        parts.append(f"<b>{_e(head)}</b>")
        plain.append(head)
        notes = score_legend()[1:]        # what each part means, addressed to this player
        parts.append("<font color='#96a0b4'>" + "<br>".join(_e(ln) for ln in notes) + "</font><br>")
        plain += notes
        heading = _("Turning points")
        parts.append(f"<font color='#5caaff'><b>{_e(heading)}</b></font>")
        plain.append(heading)
        tps = turning_texts(self.turning, role, sc)
        if not tps:
            none = _("No single decision of yours changed the outcome much when replayed with the AI's alternative.")
            parts.append(f"<i>{_e(none)}</i>")
            plain.append(none)
        for text in tps:
            parts.append("• " + _e(text))
            plain.append(text)
        heading = _("Your decisions")
        parts.append(f"<br><font color='#5caaff'><b>{_e(heading)}</b></font>")
        plain.append(heading)
        marks = {"fed": (_("fed {id}"), "#f0605a", True), "risk": (_("risked {id}"), "#f5be50", False),
                 "follow": (_("followed {id}"), "#60c878", False)}
        for d in decision_views(a, role):      # the report shows the same view (game.debrief.views)
            chips = []
            for t in d.tags:
                label, colour, bold = marks[t.kind]
                text = _e(label.format(id=t.id))
                chips.append(f"<font color='{colour}'>{'<b>' + text + '</b>' if bold else text}</font>")
            line = _("Round {round}").format(round=d.round)
            paper = _("paper {section}").format(section=d.section)
            section = f" <font color='#96a0b4'>({_e(paper)})</font>" if d.section else ""
            reasons = list(d.reasons[:SCREEN_REASONS])
            parts.append(f"<b>{_e(line)}</b> · {_e(d.what)} " + " ".join(chips) + section
                         + "".join(f"<br>&nbsp;&nbsp;<font color='#96a0b4'>– {_e(r)}</font>" for r in reasons))
            plain += [line, d.what] + reasons
        if not a.timelines[role]:
            parts.append(_e(_("No decisions.")))
        self.textbox(rect, "<br>".join(parts), plain)

    def _lessons(self, rect: pygame.Rect) -> None:
        parts, plain = [], []
        views = lesson_views(self.analysis)    # the report's lessons page reads the same views
        if views and views[0].key:
            heading = _("The lessons that mattered most at this table")
            parts.append(f"<font color='#5caaff'><b>{_e(heading)}</b></font>")
            plain.append(heading)
        first_rest = next((v.id for v in views if not v.key), None)
        for v in views:
            if v.id == first_rest:
                heading = _("The rest of the catalogue this game touched")
                parts.append(f"<font color='#5caaff'><b>{_e(heading)}</b></font>")
                plain.append(heading)
            paper = _("paper {section}").format(section=v.section)
            head = f"{v.id} {v.name} ({paper})"
            if v.status == "fired":
                status = ngettext("fired in round {rounds}", "fired in rounds {rounds}", len(v.rounds)).format(
                    rounds=", ".join(map(str, v.rounds)))
                colour = "#f0605a"
            elif v.status == "avoided":
                status, colour = _("avoided"), "#60c878"
            else:
                status, colour = _("lesson / condition for success"), "#5caaff"
            if not v.key:       # the rest: one line each, the full text is in the report
                plain += [head, status]
                parts.append(f"<b>{_e(head)}</b> <font color='{colour}'>{_e(status)}</font>")
                continue
            plain += [head, status, v.text] + list(v.questions)
            parts.append(f"<b>{_e(head)}</b> <font color='{colour}'>{_e(status)}</font><br>{_e(v.text)}"
                         + "".join(f"<br>• <i>{_e(q)}</i>" for q in v.questions))
        self.textbox(rect, "<br><br>".join(parts), plain)

    # --- charts (drawn with pygame) -------------------------------------------------------------
    def draw(self, surface) -> None:
        if PAGES[self.page] != "charts":
            return
        w, h = self.size
        top = self.body_top()
        area = pygame.Rect(24, top, w - 48, h - 28 - self.footer_h() - top)
        # the failure timeline as tall as its rows need (at most half): the rest is the charts'
        split = area.h - min(self.failures_height(area.w) + 8, int(area.h * 0.48))
        self._draw_indicators(surface, pygame.Rect(area.x, area.y, area.w, split - 8))
        self._draw_failures(surface, pygame.Rect(area.x, area.y + split, area.w, area.h - split))

    def _draw_indicators(self, surface, rect: pygame.Rect) -> None:
        a = self.analysis
        pygame.draw.rect(surface, theme.PANEL, rect, border_radius=8)
        fonts, s = self.app.fonts, self.app.sizes
        line = fonts.font(s["small"]).get_linesize()        # the steps follow the type, not pixels
        head = self.text(surface, _("Indicators over the rounds"), (rect.x + 12, rect.y + self.u(6)), "body", bold=True)
        cols = 5
        y0 = head.bottom + self.u(4)
        cw, ch = (rect.w - 24) // cols, (rect.bottom - y0 - self.u(6)) // 2
        for k, name in enumerate(INDICATORS):
            cell = pygame.Rect(rect.x + 12 + (k % cols) * cw, y0 + (k // cols) * ch, cw - 12, ch - 6)
            vals = [row[k] for row in a.series]
            bad = name in BAD_INDICATORS
            delta = vals[-1] - vals[0]
            good = (delta < 0) if bad else (delta > 0)
            self.text(surface, indicator_name(name), cell.topleft, "small", color=theme.MUTED)
            plot = pygame.Rect(cell.x, cell.y + line, cell.w, max(4, cell.h - 2 * line - self.u(4)))
            pygame.draw.rect(surface, theme.PANEL_LIGHT, plot, 1)
            n = max(1, len(vals) - 1)
            pts = [(plot.x + plot.w * i / n, plot.bottom - plot.h * max(0.0, min(100.0, v)) / 100.0)
                   for i, v in enumerate(vals)]
            if len(pts) > 1:
                pygame.draw.lines(surface, theme.BAD if bad else theme.ACCENT, False, pts, max(2, self.u(1.5)))
            self.text(surface, f"{format_number(round(vals[0], 1))} → {format_number(round(vals[-1], 1))} "
                               f"({format_signed(round(delta, 1))})", (cell.x, plot.bottom + self.u(2)), "small",
                      color=(theme.GOOD if good else theme.BAD) if abs(delta) >= 0.1 else theme.MUTED)

    def fired_ids(self) -> list[str]:
        return [f for f in FAILURE_IDS if any(x.failure == f for x in self.analysis.fired)]

    def legend_text(self) -> str:
        """What the letters in a round's mark stand for: the roles whose decisions fed it."""
        return _("In a mark: whose decisions fed it — {roles}").format(
            roles=", ".join(f"{role_name(r)[:1]} {role_name(r)}" for r in ROLES))

    def failures_height(self, width: int) -> int:
        """The height the failure timeline needs, its rows a line and a bit apart."""
        fonts, s = self.app.fonts, self.app.sizes
        line = fonts.font(s["small"]).get_linesize()
        head = fonts.font(s["body"], True).get_linesize()
        ids = self.fired_ids()
        if not ids:
            return self.u(6) + head + self.u(4) + fonts.font(s["body"]).get_linesize() + self.u(6)
        legend = fonts.render(self.legend_text(), s["small"], theme.MUTED, False, width - 24).get_height()
        return (self.u(6) + head + self.u(4) + legend + self.u(4) + line + self.u(2)
                + len(ids) * round(line * 1.3) + self.u(6))

    def _draw_failures(self, surface, rect: pygame.Rect) -> None:
        a = self.analysis
        sc = self.session.scenario
        pygame.draw.rect(surface, theme.PANEL, rect, border_radius=8)
        fonts, s = self.app.fonts, self.app.sizes
        line = fonts.font(s["small"]).get_linesize()        # the steps follow the type, not pixels
        head = self.text(surface, _("Failure types over the rounds"), (rect.x + 12, rect.y + self.u(6)), "body",
                         bold=True)
        legend = self.legend_text()
        ids = self.fired_ids()
        y = head.bottom + self.u(4)
        if ids:
            drawn = self.text(surface, legend, (rect.x + 12, y), "small", color=theme.MUTED, wrap=rect.w - 24)
            y = drawn.bottom + self.u(4)
        if not ids:
            self.text(surface, _("No failure type fired: this table avoided every trap."), (rect.x + 12, y),
                      color=theme.GOOD)
            return
        label_w = int(rect.w * 0.34)
        cw = (rect.w - label_w - 24) / max(1, a.rounds)
        small = s["small"]
        for r in range(1, a.rounds + 1):
            self.text(surface, str(r), (rect.x + label_w + cw * (r - 0.5), y), "small", color=theme.MUTED,
                      anchor="midtop")
        y += line + self.u(2)
        # a row a line and a bit tall, closer when many failure types have to share the panel
        rh = max(round(line * 0.75), min(round(line * 1.3), (rect.bottom - y - self.u(4)) // len(ids)))
        for j, fid in enumerate(ids):
            entry = sc.catalogue.failures.get(fid)
            name = f"{fid} {pick(entry.name) if entry else ''}"
            row = pygame.Rect(rect.x + 8, y + j * rh, rect.w - 16, rh)
            if j % 2:
                pygame.draw.rect(surface, theme.PANEL_LIGHT, row)
            self.text(surface, name, (rect.x + 14, row.centery), "small", anchor="midleft")
            fam = (entry.family if entry and entry.family else fid[0])
            for f in a.fired:
                if f.failure != fid:
                    continue
                who = "".join(role_name(r)[:1] for r in f.roles)
                cx = rect.x + label_w + cw * (f.round - 0.5)
                pill = pygame.Rect(0, 0, 14 + small * len(who), rh - 6)
                pill.center = (int(cx), row.centery)
                pygame.draw.rect(surface, FAMILY_RGB.get(fam, theme.MUTED), pill, border_radius=pill.h // 2)
                self.text(surface, who, pill.center, "small", color=(255, 255, 255), bold=True, anchor="center")

    # --- actions --------------------------------------------------------------------------------
    def prev(self) -> None:
        if self.page > 0:
            self.goto(self.page - 1)

    def next(self) -> None:
        if self.page < len(PAGES) - 1:
            self.goto(self.page + 1)

    def back(self) -> None:
        if self.page > 0:
            self.goto(0)
            return
        from .results import EndScreen
        self.app.show(EndScreen(self.app, self.session))

    # --- the games library: other tables of this scenario ----------------------------------------
    @property
    def kept_games(self) -> list:
        """The finished games of this scenario in the games library, newest first, this one left
        out (persistence.autosave.library_games)."""
        from game.persistence.autosave import library_games
        saver = getattr(self.session, "autosaver", None)
        games = library_games(saver.library if saver is not None else None, self.session.scenario.id)
        mine = getattr(self.session, "kept", None)
        return [g for g in games if mine is None or g.path != mine]

    def _games(self, rect: pygame.Rect) -> None:
        from game.persistence.autosave import games_dir
        saver = getattr(self.session, "autosaver", None)
        folder = saver.library if saver is not None else games_dir()
        games = self.kept_games
        lines = [_("Every finished game is kept in {folder}. Compare this table with the newest {n} "
                   "kept games of this scenario in one report (C).").format(folder=folder, n=COMPARE_MAX)]
        if not games:
            lines.append(_("No other finished game of this scenario is kept yet."))
        for g in games[:12]:
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(g.written))
            lines.append(_("{when} · seed {seed} · {moves} moves · {file}").format(
                when=when, seed=g.seed, moves=g.moves, file=g.path.name)
                if not g.table else _("{table} · {when} · seed {seed} · {moves} moves · {file}").format(
                table=g.table, when=when, seed=g.seed, moves=g.moves, file=g.path.name))
        bh = self.footer_h()
        text = _("Compare in a report")
        bw = min(rect.w, max(self.u(360), self.fit_w(text, pygame.K_c)))
        self.textbox((rect.x, rect.y, rect.w, rect.h - bh - self.u(12)), "<br>".join(_e(x) for x in lines), lines)
        self.button((rect.x, rect.bottom - bh, bw, bh), self.shorten(text, bw, pygame.K_c), self.compare,
                    pygame.K_c, enabled=bool(games))

    def compare(self) -> None:
        """This table and the newest kept tables of the scenario in one report."""
        from game.debrief.report import build_table
        from game.persistence.saves import SaveError, read_save, restore
        tables = [self.table]
        self.table.turning = self.turning
        skipped = 0
        for g in self.kept_games[:COMPARE_MAX]:
            try:
                save = read_save(g.path)
                state = restore(save, self.session.scenario)
            except (SaveError, ValueError):
                skipped += 1
                continue
            tables.append(build_table(state, save.table or g.path.name, save.seats, counterfactuals=False,
                                      ai_reasons=save.ai_reasons))
        if len(tables) == 1:
            self.app.toast(_("No other finished game of this scenario is kept yet."))
            return
        self._write(tables, "compare")
        if skipped:
            self.app.toast(ngettext("{n} kept game could not be replayed on this scenario and was left out.",
                                    "{n} kept games could not be replayed on this scenario and were left out.",
                                    skipped).format(
                n=skipped), seconds=8.0)

    def export(self) -> None:
        table = self.table
        table.turning = self.turning
        self._write([table], "debrief")

    def _write(self, tables: list, kind: str) -> None:
        from game.persistence.autosave import reports_dir
        st = self.session.state
        path = reports_dir() / f"{kind}-{st.scenario.id}-{time.strftime('%Y%m%d-%H%M%S')}.html"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_report(path, tables)
        except OSError as exc:
            self.app.toast(_("The report cannot be written: {reason}").format(reason=exc.strerror or exc))
            return
        self.last_export = path
        opened = open_in_viewer(path)
        msg = (_("Report written to {path} and opened in your browser") if opened
               else _("Report written to {path}"))
        self.app.toast(msg.format(path=path), seconds=8.0)


def open_in_viewer(path) -> bool:
    """Open a written report with the system's browser, without waiting for it; not in a
    headless run (the dummy video driver: tests, the demo's screenshots)."""
    import os
    if os.environ.get("SDL_VIDEODRIVER") == "dummy":
        return False
    import threading
    import webbrowser
    threading.Thread(target=webbrowser.open, args=(path.resolve().as_uri(),), daemon=True).start()
    return True
