"""After each round: what changed and why, and which failures fired. After the last: the end
of the game (scores, every agenda revealed); the debrief itself is in debrief.py."""
from __future__ import annotations

import html

import pygame

from game.engine import observe
from game.engine.constants import INDICATORS, ROLES
from game.engine.model import competitiveness
from game.i18n import _, pick, section_text
from game.presentation import entry_text, score_legend, score_line, tags_shown, verdict_text

from ..app import Screen
from ..render import draw_dashboard
from .board import seat_label, tag_names


def _row(values) -> list[float]:
    """Indicators as the panel shows them (one decimal), so a delta is the difference of two
    shown values: it is never blank for a value that changed, never shown for one that did not."""
    return [round(float(v), 1) for v in values]


def _panel(values, index: float, series: list, macro: float) -> dict:
    rows = [_row(r) for r in series]
    return {"region": dict(zip(INDICATORS, _row(values))), "series": rows,
            "index": round(float(index), 1), "macro": macro,
            "deltas": ({k: round(rows[-1][i] - rows[-2][i], 1) for i, k in enumerate(INDICATORS)}
                       if len(rows) >= 2 else {})}


def opening_entry(state, rnd: int):
    """The engine's "opening" entry of round `rnd` (its triggers moved the region), or None."""
    for e in state.log:
        if e.round == rnd and e.kind == "opening":
            return e
    return None


def round_numbers(state, rnd: int) -> dict:
    """The numbers of round `rnd`'s resolution screen, from the engine's own records (the
    series row appended as the round resolved, and the "opening" log entries), never from the
    live state, which may already include the next round's opening shock or an AI's event
    choice. `resolved`: the indicators as resolved, the index (the one the log's "round …
    resolved" line gives), deltas since the round opened. `opening`: None, or round rnd + 1's
    opening events as their own step: the indicators after them and their deltas."""
    sc = state.scenario
    weights = sc.index_weights
    series = state.series
    own_open = opening_entry(state, rnd)
    start = own_open.data["ind"] if own_open is not None else series[rnd - 1]
    resolved = series[rnd]
    macro = state.records[rnd - 1]["macro"] if len(state.records) >= rnd else state.macro
    history = list(series[:rnd]) + ([start] if own_open is not None else []) + [resolved]
    out = {"round": rnd, "resolved": _panel(resolved, competitiveness(resolved, weights), history, macro),
           "opening": None}
    nxt = opening_entry(state, rnd + 1)
    if nxt is not None:
        view = _panel(nxt.data["ind"], nxt.data["index"], history + [nxt.data["ind"]],
                      nxt.data.get("macro", state.macro))
        view["round"] = rnd + 1
        out["opening"] = view
    return out


class ResolutionScreen(Screen):
    """Public: the round's effects with their reasons, and failure cards; then, when the next
    round opens with events of its own (a trigger's shock), those as a second step with their
    own deltas, before the board goes on. The panel shows the numbers of `round_numbers`."""
    name = "resolution"

    def __init__(self, app, session, finished_round: int):
        super().__init__(app)
        self.session, self.round = session, finished_round
        self.step = 1

    def panel_obs(self) -> dict:
        """The dashboard's data for this step: `observe`'s public view with the step's numbers."""
        nums = round_numbers(self.session.state, self.round)
        view = nums["opening"] if self.step == 2 and nums["opening"] else nums["resolved"]
        obs = dict(self.obs)
        obs.update(region=view["region"], series=view["series"], competitiveness=view["index"],
                   macro=view["macro"])
        return obs

    def build(self) -> None:
        st = self.session.state
        self.obs = observe(st, None)
        self.numbers = round_numbers(st, self.round)
        self.panel = self.panel_obs()
        if self.step == 2 and self.numbers["opening"]:
            self.build_opening()
            return
        w, h = self.size
        s = self.app.sizes
        left = pygame.Rect(12, 64, max(330, int(w * 0.27)), h - 76)
        x = left.right + 16
        cw = w - x - 16
        self.label((x, 12, cw, s["heading"] * 2), _("Round {round}: what changed and why").format(round=self.round),
                   style="@heading")
        # Public entries only, also after the game is over (when observe reveals everything).
        entries = [e._asdict() for e in st.log if e.round == self.round and e.visible(None)]
        lines, effects = self.choices_and_effects(entries)
        failures = [e for e in entries if e["kind"] == "failure"]
        y = 64
        fail_h = 0
        if failures:
            fail_h = min(int(h * 0.42), 40 + 78 * len(failures))
        eff_h = h - y - fail_h - 90
        self.textbox((x, y, cw, eff_h), "<br>".join(lines) or "&nbsp;", effects)
        y += eff_h + 10
        if failures:
            sc = self.session.scenario
            parts, plain = [], []
            for e in failures:
                fid = e["params"]["id"]
                entry = sc.catalogue.failures.get(fid)
                name = pick(entry.name) if entry else fid
                reason = entry_text({"msg": e["params"]["reason"]["msg"], "params": e["params"]["reason"]["params"]})
                head = _("Failure {id}: {name} (paper {section})").format(
                    id=fid, name=name, section=section_text(e["params"]["section"]))
                plain += [head, reason]
                parts.append(f"<font color='#f0605a'><b>{html.escape(head)}</b></font><br>{html.escape(reason)}")
            self.textbox((x, y, cw, fail_h), "<br><br>".join(parts), plain)
        else:
            self.label((x, y, cw, 30), _("No failure type fired this round."), style="@muted")
        if self.last_round():
            text = _("See the results")
        elif self.numbers["opening"]:
            text = _("Round {round} opens").format(round=self.round + 1)
        else:
            text = _("Next round")
        bw, bh = max(self.u(300), self.fit_w(text, pygame.K_RETURN)), max(52, round(self.app.sizes["body"] * 2.2))
        self.button((w - 20 - bw, h - 12 - bh, bw, bh), text, self.next, pygame.K_RETURN, style="@primary")
        self.key(pygame.K_ESCAPE, self.menu)

    def menu(self) -> None:
        """Esc: the in-game menu (save, settings, rules, quit), back to this same step."""
        from .menu import MenuScreen
        self.app.show(MenuScreen(self.app, resume=lambda: self.app.show(self)))

    def last_round(self) -> bool:
        return self.round >= self.session.scenario.rounds

    def opening_lines(self) -> tuple[list[str], list[str]]:
        """The next round's public opening events (its triggers and what they changed)."""
        st = self.session.state
        lines, plain = [], []
        for e in st.log:
            if e.round != self.round + 1 or e.phase != "briefing" or not e.visible(None):
                continue
            if e.kind not in ("trigger", "effect", "opening"):
                continue
            text = entry_text(e)
            plain.append(text)
            lines.append(f"<b>{html.escape(text)}</b>" if e.kind != "effect" else "• " + html.escape(text))
        return lines, plain

    def build_opening(self) -> None:
        w, h = self.size
        s = self.app.sizes
        left = pygame.Rect(12, 64, max(330, int(w * 0.27)), h - 76)
        x = left.right + 16
        cw = w - x - 16
        self.label((x, 12, cw, s["heading"] * 2), _("Round {round} opens").format(round=self.round + 1),
                   style="@heading")
        lines, plain = self.opening_lines()
        intro = _("Before the next event: what changed as the round opened.")
        self.textbox((x, 64, cw, h - 64 - 90), html.escape(intro) + "<br><br>" + "<br>".join(lines),
                     [intro] + plain)
        bw = max(self.u(300), self.fit_w(_("Next round"), pygame.K_RETURN))
        bh = max(52, round(self.app.sizes["body"] * 2.2))
        self.button((w - 20 - bw, h - 12 - bh, bw, bh), _("Next round"), self.next, pygame.K_RETURN, style="@primary")
        self.key(pygame.K_ESCAPE, self.menu)

    def choices_and_effects(self, entries: list[dict]) -> tuple[list[str], list[str]]:
        """The round's event decision and what changed, as HTML lines and plain strings. Once
        chosen, a choice's failure types and lessons are shown here if the table's hints allow
        (`tags_shown(hints, "resolution")`): the event option's, with its explanation, and a
        programme's the first time it takes effect."""
        sc, st = self.session.scenario, self.session.state
        show = tags_shown(self.session.hints, "resolution")
        muted = "<font color='#96a0b4'>{}</font>"
        lines, plain = [], []
        for e in entries:
            if e["kind"] == "card":                   # the round's event, then what was decided
                lines.append(f"<b>{html.escape(entry_text(e))}</b>")
                plain.append(entry_text(e))
            if e["kind"] != "decision":
                continue
            text = entry_text(e)
            lines.append(html.escape(text))
            plain.append(text)
            card = sc.cards.get(e["data"].get("card"))
            if not show or card is None:
                continue
            tags = tag_names(sc, e["data"].get("tags", ()))
            if tags:
                lines.append(muted.format(html.escape(tags)))
                plain.append(tags)
            try:
                why = pick(card.option(e["data"].get("option")).explain)
            except (KeyError, StopIteration, ValueError):
                why = ""
            if why:
                lines.append(f"<i>{html.escape(why)}</i>")
                plain.append(why)
        if lines:
            lines.append("")
        earlier = {e.data.get("uid") for e in st.log if e.kind == "effect" and e.round < self.round}
        for e in entries:
            # What changed this round: the resolution and the actions, and anything else of the
            # round that moved an indicator (the event's decision); the round's own opening
            # events were the step before, on the previous round's resolution.
            listed = e["kind"] in ("effect", "cancel", "deal", "trigger") and e["phase"] in ("resolution", "actions")
            if not listed and not (e["phase"] != "briefing" and e["kind"] == "effect" and e["data"].get("deltas")):
                continue
            text = entry_text(e)
            line = "• " + html.escape(text)
            plain.append(text)
            act = sc.actions.get(e["data"].get("action")) if e["kind"] == "effect" else None
            uid = e["data"].get("uid")
            if show and act is not None and act.tags and uid not in earlier:
                earlier.add(uid)              # its tags once, the first round it takes effect
                tags = tag_names(sc, act.tags)
                line += " " + muted.format(html.escape("(" + tags + ")"))
                plain.append(tags)
            lines.append(line)
        return lines, plain

    def draw(self, surface) -> None:
        w, h = self.size
        left = pygame.Rect(12, 64, max(330, int(w * 0.27)), h - 76)
        draw_dashboard(surface, self.app.fonts, left, self.panel, self.app.sizes)

    def next(self) -> None:
        if self.step == 1 and self.numbers["opening"] and not self.last_round():
            self.step = 2                       # the next round's opening events: their own step
            self.app.rebuild()
            return
        if self.session.state.phase == "game_over":
            self.app.show(EndScreen(self.app, self.session))
        else:
            from .board import GameScreen
            self.app.show(GameScreen(self.app, self.session))


class EndScreen(Screen):
    """The end: the outcome, every role's score and, now that the game is over, every agenda."""
    name = "end"

    def __init__(self, app, session):
        super().__init__(app)
        self.session = session

    def build(self) -> None:
        w, h = self.size
        s = self.app.sizes
        fonts = self.app.fonts
        obs = observe(self.session.state, ROLES[0])   # game over: everything is revealed
        out = obs["outcome"]
        margin = min(self.u(40), w // 24)
        title_h = round(fonts.font(s["title"], bold=True).get_linesize() * 1.15)
        self.label((0, self.u(12), w, title_h), _("The game is over"), style="@title")
        verdict = verdict_text(out["collapsed"], out["competitiveness"], obs["collapse_line"],
                               [seat_label(self.session, r) for r in out["winners"]])
        y = self.u(12) + title_h + self.u(4)
        # the verdict wraps (a long list of winners, large text in a small window)
        box = self.textbox((margin, y, w - 2 * margin, -1), html.escape(verdict), [verdict], style="@bare")
        y = box.rect.bottom + self.u(10)
        rows, plain = [], []
        for r in sorted(ROLES, key=lambda r: -out["scores"][r]):
            parts = out["parts"][r]
            agenda = pick(obs["agendas"][r]["text"])
            line = score_line(parts, seat_label(self.session, r))
            plain += [line, agenda]
            agenda_h = _("Private agenda")
            rows.append(f"<b>{html.escape(line)}</b><br><i>{html.escape(agenda_h)}:</i> {html.escape(agenda)}")
        # What the four parts mean, one line each, under the scores (each score line already
        # reads as the sum, so the legend's own heading is left out: at 1280×720 it all fits).
        notes = score_legend()[1:]
        plain += notes
        legend = "<font color='#96a0b4'>" + "<br>".join(html.escape(ln) for ln in notes) + "</font>"
        bh = self.button_h()
        by = h - self.u(12) - bh
        self.textbox((margin, y, w - 2 * margin, max(self.u(60), by - self.u(12) - y)),
                     "<br>".join(rows) + "<br><br>" + legend, plain)
        # each button as wide as its label needs (at least 300 px at 720), both on one row
        room = (w - 2 * margin - self.u(16)) // 2
        labels = ((_("Debrief"), pygame.K_d), (_("Back to the title screen"), pygame.K_RETURN))
        bw = min(room, max([self.u(300)] + [self.fit_w(t, k) for t, k in labels]))
        debrief, title = (self.shorten(t, bw, k) for t, k in labels)
        self.button((margin, by, bw, bh), debrief, self.debrief, pygame.K_d, style="@primary",
                    tooltip=labels[0][0] if debrief != labels[0][0] else None)
        self.button((w - margin - bw, by, bw, bh), title, self.title, pygame.K_RETURN,
                    tooltip=labels[1][0] if title != labels[1][0] else None)

    def debrief(self) -> None:
        from .debrief import DebriefScreen as FullDebrief   # the full debrief (game/ui/screens/debrief.py)
        self.app.show(FullDebrief(self.app, self.session))

    def title(self) -> None:
        from .menu import TitleScreen
        self.app.show(TitleScreen(self.app))
