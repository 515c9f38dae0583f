"""Private screens: the curtain between roles, a role's budget allocation, composing a deal and
answering one. Each shows only `observe(state, role)` of its own role."""
from __future__ import annotations

import html
from typing import NamedTuple

import pygame
import pygame_gui

from game.engine import IllegalAction, check, legal_actions, observe
from game.engine.actions import (Cancel, Cofund, Commitment, CounterDeal, DealTerms, EndTurn, Fund,
                                 ProposeDeal, RespondDeal, Share, Transfer, from_json)
from game.engine.constants import FAILURE_IDS, ROLES
from game.i18n import _, format_number, ngettext, pick, translate
from game.presentation import describe_terms, role_name, tags_shown

from .. import theme
from ..app import Screen
from .board import seat_label, tag_names


class ActionRow(NamedTuple):
    """What one row of the allocation screen says beside its button."""
    action_id: str
    info: str          # cost · when it pays off, for how long
    tags: str          # its failure types and lessons as the hints allow, or why it is greyed out
    risky: bool        # the tags name a failure type (drawn in red)


class CurtainFrame(Screen):
    """A curtain: a title, a centred sentence and two buttons on the curtain colour, nothing else.

    The private seat's curtain and the facilitator's two curtains differ only in their words."""
    name = "curtain"

    def curtain(self, title: str, note: str, show: str, on_show, back: str, on_back) -> None:
        w, h = self.size
        s = self.app.sizes
        # the title in title type where it fits the window, else in heading type (a long name)
        big = self.app.fonts.font(s["title"], bold=True).size(title)[0] <= w - 40
        size = "title" if big else "heading"
        title_h = round(self.app.fonts.font(s[size], True).get_linesize() * 1.15)
        self.label((20, h // 3 - title_h, w - 40, title_h), self.shorten(title, w - 40, size=size),
                   style="@title" if big else "@subtitle")
        note_w = min(w - 80, max(self.u(760), w * 2 // 3))
        box = self.textbox(((w - note_w) // 2, h // 3 + self.u(8), note_w, -1), html.escape(note), [note],
                           style="@note_centred")
        bh = self.button_h()
        bw = min(w - 40, max(self.u(400), self.fit_w(show, pygame.K_RETURN), self.fit_w(back, pygame.K_ESCAPE)))
        y = max(h // 2 + self.u(40), box.rect.bottom + self.u(24))
        self.button(((w - bw) // 2, y, bw, bh), self.shorten(show, bw, pygame.K_RETURN), on_show,
                    pygame.K_RETURN, style="@primary")
        self.button(((w - bw) // 2, y + bh + self.u(14), bw, bh), self.shorten(back, bw, pygame.K_ESCAPE),
                    on_back, pygame.K_ESCAPE)

    def draw(self, surface) -> None:
        surface.fill(theme.CURTAIN)


class CurtainScreen(CurtainFrame):
    """'Pass the device to …': nothing of anybody's is shown until the right person confirms."""

    def __init__(self, app, session, role: str, reveal):
        super().__init__(app)
        self.session, self.role, self.reveal = session, role, reveal

    def build(self) -> None:
        note = _("Everyone else, please look away. Press Enter when only {role} can see the screen.").format(
            role=role_name(self.role))
        self.curtain(_("Pass the device to {role}").format(role=seat_label(self.session, self.role)), note,
                     _("Show my private screen"), self.reveal, _("Back to the table"), self.back)

    def back(self) -> None:
        from .board import GameScreen
        self.app.show(GameScreen(self.app, self.session))


class PrivateScreen(Screen):
    """Common frame of a role's private screens: header, budget, agenda."""

    def __init__(self, app, session, role: str, board):
        super().__init__(app)
        self.session, self.role, self.board = session, role, board
        self.private_to = role

    compact = False         # a short window: the mandate and agenda box shows fewer lines (it scrolls)

    def header(self) -> int:
        w, _h = self.size
        s = self.app.sizes
        self.obs = observe(self.session.state, self.role)
        budget = self.obs["budgets"][self.role]
        self.label((20, 12, w - 40, s["heading"] * 2), _("{role} — private · budget {budget}").format(
            role=seat_label(self.session, self.role), budget=format_number(budget)), style="@heading")
        agenda = pick(self.obs["agendas"][self.role]["text"])
        mandate = pick(self.session.scenario.roles[self.role].mandate)
        mandate_h, agenda_h = _("Mandate"), _("Your private agenda")
        self.textbox((20, 16 + s["heading"] * 2, w - 40, self.header_box_h()),
                     f"<b>{html.escape(mandate_h)}:</b> {html.escape(mandate)}<br>"
                     f"<b>{html.escape(agenda_h)}:</b> {html.escape(agenda)}", [mandate, agenda])
        return self.header_bottom()

    def header_box_h(self) -> int:
        """The mandate and agenda box: three lines (the mandate, two of agenda), more scroll; in a
        compact layout one and a half."""
        line = self.app.fonts.font(self.app.sizes["body"]).get_linesize()
        if self.compact:
            return round(line * 1.6) + self.u(8)
        return max(self.u(84), line * 3 + self.u(12))

    def header_bottom(self) -> int:
        return 16 + self.app.sizes["heading"] * 2 + self.header_box_h() + self.u(10)

    def leave(self) -> None:
        from .board import GameScreen
        self.app.show(GameScreen(self.app, self.session))

    def act(self, action) -> bool:
        try:
            self.session.act(action)
            return True
        except IllegalAction as exc:
            self.app.toast(translate(exc.msg, exc.params))
            return False


class ActionsScreen(PrivateScreen):
    """A role's budget allocation. Digits fund, U or Backspace takes the role's own last funding
    (or cancellation) of this turn back, Esc goes back behind the curtain, Enter ends the turn —
    after one question if nothing was funded, answered with Y (Esc: back to the budget)."""
    name = "actions"

    def __init__(self, app, session, role: str, board):
        super().__init__(app, session, role, board)
        self.asking = False        # "you funded nothing: end your turn anyway?" is on screen

    def build(self) -> None:
        self.rows, self.panel = [], None
        if self.asking:
            self.build_question()
            return
        w, h = self.size
        s = self.app.sizes
        y = self.header()
        sc = self.session.scenario
        legal = legal_actions(self.session.state, self.role)
        fundable = {a.action_id for a in legal if isinstance(a, Fund)}
        funded = [a for (_r, a, _c) in self.obs["funded_this_round"]]
        col_w = int(w * 0.64)
        actions = sc.actions_of(self.role)
        self.label((20, y, col_w, s["body"] * 2), _("Fund an action (cost · pays off · known risks and lessons)"),
                   style="@muted")
        y += s["body"] * 2
        bar_h, bar_y = self.u(52), h - self.u(64)      # the bottom row grows with the text
        self.action_list(actions, funded, fundable, pygame.Rect(20, y, col_w, bar_y - 10 - y))
        # right column: running programmes, commitments, what was funded
        x = col_w + 40
        cw = w - x - 20
        ry = self.header_bottom()
        self.label((x, ry, cw, s["body"] * 2), _("Your running programmes"), style="@muted")
        ry += s["body"] * 2
        cancels = [a for a in legal if isinstance(a, Cancel)]
        row_h = max(self.u(40), round(self.app.fonts.font(s["body"]).get_linesize() * 1.4))
        for c in cancels[:5]:
            prog = next(p for p in self.obs["programmes"] if p["uid"] == c.programme_uid)
            text = _("Cancel {action} (half the cost back)").format(action=pick(sc.actions[prog["action"]].name))
            self.button((x, ry, cw, row_h - 4), self.shorten(text, cw), lambda c=c: self.cancel(c),
                        style="@danger", tooltip=text)
            ry += row_h
        owed = [c for c in self.obs["commitments"] if c["role"] == self.role]
        lines = []
        for c in owed:
            target = pick(sc.actions[c["target"]].name) if c.get("target") in sc.actions else ""
            lines.append({"fund": _("You promised to fund {action} this round."),
                          "not_fund": _("You promised not to fund {action} (until round {until})."),
                          "keep": _("You promised to keep {action} running (until round {until}).")}
                         .get(c["kind"], "").format(action=target, until=c["until"]))
        if funded:
            lines.append(_("Funded this round: {actions}").format(
                actions=", ".join(pick(sc.actions[a].name) for a in funded)))
        if lines:
            self.textbox((x, ry + 10, cw, max(self.u(60), bar_y - 20 - ry)), "<br>".join(html.escape(t) for t in lines),
                         lines)
        # bottom row: back behind the curtain, take the last funding back, end the turn
        back_w = max(220, self.app.fonts.font(s["body"]).size("[Esc] " + self.back_text())[0] + 28)
        self.button((20, bar_y, back_w, bar_h), self.back_text(), self.back, pygame.K_ESCAPE)
        last = self.undoable()
        if last is not None:
            room = max(self.u(160), min(self.u(520), col_w - back_w - 10))
            text = self.undo_text(last, room)
            undo_w = min(room, max(self.u(160), self.fit_w(text, pygame.K_u)))
            self.button((30 + back_w, bar_y, undo_w, bar_h), text, self.undo, pygame.K_u,
                        tooltip=_("U or Backspace: take back your last choice of this turn"))
            self.key(pygame.K_BACKSPACE, self.undo)
        done_w = max(280, self.fit_w(_("Done: end my turn"), pygame.K_RETURN))
        self.button((w - 20 - done_w, bar_y, done_w, bar_h), _("Done: end my turn"), self.ask_done,
                    pygame.K_RETURN, style="@primary")

    def action_list(self, actions, funded: list[str], fundable: set[str], area: pygame.Rect) -> None:
        """One row per action: its button (digit key) and, beside it, what it costs and when it
        pays off, then its failure types and lessons (as the hints allow) or why it is greyed
        out. The rows scroll when the window cannot hold them all (large text on a small one)."""
        s = self.app.sizes
        sc = self.session.scenario
        show_tags = tags_shown(self.session.hints, "choosing")
        bar_w = 20                                              # the scroll bar, when there is one
        keys = [(pygame.K_1 + k) if k < 9 else (pygame.K_0 if k == 9 else None) for k in range(len(actions))]
        marks = [f"  ✓×{funded.count(a.id)}" if a.id in funded else "" for a in actions]   # funded this turn
        names = [pick(a.name) for a in actions]
        button_w = min(int(area.w * 0.55),
                       max([self.u(220)] + [self.fit_w(n + m, k) for n, m, k in zip(names, marks, keys)]))
        note_x = button_w + 10
        note_w = area.w - note_x - bar_w
        button_h = max(self.u(34), round(self.app.fonts.font(s["body"]).get_linesize() * 1.25))
        old = getattr(self, "list_box", None)
        keep = old.vert_scroll_bar.start_percentage if old is not None and old.vert_scroll_bar else 0.0
        box = pygame_gui.elements.UIScrollingContainer(area, self.manager, allow_scroll_x=False)
        self.list_box, self.list_buttons = box, []
        y = 0
        for act, name, mark, key in zip(actions, names, marks, keys):
            pays = (_("at once") if act.delay == 0 else
                    ngettext("after {n} round", "after {n} rounds", act.delay).format(n=act.delay))
            info = ngettext("{cost} · {pays}, for {duration} round", "{cost} · {pays}, for {duration} rounds",
                            act.duration).format(cost=format_number(act.cost), pays=pays, duration=act.duration)
            shown = self.shorten(name, button_w - (self.fit_w(mark) if mark else 0), key) + mark
            tip = pick(act.description) if shown == name + mark else f"{name}: {pick(act.description)}"
            self.list_buttons.append(self.button((0, y, button_w, button_h), shown, lambda a=act.id: self.fund(a),
                                                 key, enabled=act.id in fundable, tooltip=tip, container=box))
            # the facilitator's hints decide whether the failure types and lessons show before choosing
            tags = tag_names(sc, act.tags[:1]) + "".join(f", {t}" for t in act.tags[1:]) if show_tags else ""
            colour = theme.BAD if show_tags and set(act.tags) & set(FAILURE_IDS) else theme.MUTED
            if act.id not in fundable:
                # a greyed action says why, in the rules' own sentence (a diagnosis first, the budget…)
                tags, colour = self._why_not(act.id), theme.MUTED
            note = html.escape(info)
            if tags:
                note += f"<br><font color='{theme.hex_colour(colour)}'>{html.escape(tags)}</font>"
            self.rows.append(ActionRow(act.id, info, tags, colour == theme.BAD))
            text = self.textbox((note_x, y, note_w, -1), note, [info, tags] if tags else [info], style="@note",
                                container=box)
            y += max(button_h, text.rect.height) + self.u(8)
        box.set_scrollable_area_dimensions((area.w - bar_w, y))
        self.list_height = y
        if box.vert_scroll_bar:                 # a funding rebuilds the screen: the list stays where it was
            box.vert_scroll_bar.set_scroll_from_start_percentage(keep)

    def move_focus(self, step: int) -> None:
        """Tab moves the focus; a focused action scrolled out of the list is scrolled into it."""
        super().move_focus(step)
        bar = self.list_box.vert_scroll_bar if getattr(self, "list_box", None) else None
        if bar is None or not 0 <= self.focus < len(self.focusables):
            return
        button = self.focusables[self.focus][0]
        if button not in self.list_buttons:
            return
        # a row's gap below the button is scrolled in too: the bar rounds its positions by a few pixels
        top, bottom = button.relative_rect.top, button.relative_rect.bottom + self.u(8)
        view_top, view_h = bar.start_percentage * self.list_height, self.list_box.rect.height
        if top < view_top or bottom > view_top + view_h:
            bar.set_scroll_from_start_percentage(max(0, min(top, bottom - view_h)) / self.list_height)

    # --- ending the turn ---------------------------------------------------------------------------
    def funded_nothing(self) -> bool:
        """Nothing funded from the budget this turn although something could be."""
        st = self.session.state
        if any(r == self.role and src == "budget" for (r, _a, _k, _c, src) in st.record["funded"]):
            return False
        return any(isinstance(a, Fund) for a in legal_actions(st, self.role))

    def ask_done(self) -> None:
        """Enter / the Done button: end the turn, asking first when nothing was funded."""
        if self.funded_nothing():
            self.asking = True
            self.app.rebuild()
        else:
            self.done()

    def build_question(self) -> None:
        w, h = self.size
        s = self.app.sizes
        y = self.header()
        budget = format_number(self.obs["budgets"][self.role])
        box_w = min(w - 80, 860)
        x = (w - box_w) // 2
        top = y = y + max(20, (h - y - 330) // 3)
        y += 20
        self.label((x + 20, y, box_w - 40, s["heading"] * 2), _("You have not funded anything this round"),
                   style="@heading")
        y += s["heading"] * 2 + 6
        text = _("Your budget of {budget} stays unspent this round. End your turn anyway, or go back and "
                 "choose what to fund?").format(budget=budget)
        box = self.textbox((x + 20, y, box_w - 40, -1), html.escape(text), [text])
        y += box.rect.height + 24
        bw = (box_w - 60) // 2
        bh = max(56, int(s["body"] * 3))
        self.button((x + 20, y, bw, bh), _("No, back to my budget"), self.keep_turn, pygame.K_ESCAPE,
                    style="@primary")
        self.button((x + 40 + bw, y, bw, bh), _("Yes, end my turn"), self.done, pygame.K_y)
        self.key(pygame.K_n, self.keep_turn)
        self.panel = pygame.Rect(x, top, box_w, y + bh + 20 - top)

    def keep_turn(self) -> None:
        self.asking = False
        self.app.rebuild()

    # --- taking a choice back ------------------------------------------------------------------------
    def undoable(self):
        """This role's own last move of this turn (a Fund or a Cancel), which U takes back (other
        roles may have moved since: they allocate at the same time)."""
        found = self.session.own_last_allocation(self.role)
        return None if found is None else found[1]

    def move_name(self, move) -> str:
        sc = self.session.scenario
        if isinstance(move, Fund):
            return pick(sc.actions[move.action_id].name)
        prog = next((p for p in self.obs["programmes"] if p["uid"] == move.programme_uid), None)
        return pick(sc.actions[prog["action"]].name) if prog else ""

    def undo_text(self, move, width: int) -> str:
        """"Undo: X" (a funding) / "Undo: cancel X", or "Undo my last choice" when the name does
        not fit a button `width` wide."""
        name = self.move_name(move)
        text = (_("Undo: {action}") if isinstance(move, Fund) else
                _("Undo: cancel {action}")).format(action=name)
        if not name or self.fit_w(text, pygame.K_u) > width:
            text = _("Undo my last choice")
        return self.shorten(text, width, pygame.K_u)

    def undo(self) -> None:
        """U / Backspace: take back this role's own last funding (or cancellation) of this turn.
        The log is replayed without it, so no trace of it is left for anyone."""
        last = self.undoable()
        if last is None:
            self.app.toast(_("There is nothing of this turn to take back."))
            return
        name = self.move_name(last)
        if self.session.undo_own_move(self.role) is None:
            self.app.toast(_("There is nothing of this turn to take back."))
            return
        self.app.toast(_("Taken back: {action}").format(action=name) if name else
                       _("Your last choice was taken back."))
        self.app.rebuild()

    def back_text(self) -> str:
        return _("Back to the curtain") if self.session.needs_curtain() else _("Back to the table")

    def back(self) -> None:
        """Esc: back behind the curtain (Enter there shows this screen again; Esc there goes to
        the table). With only one person seated there is no curtain: back to the table."""
        if not self.session.needs_curtain():
            self.leave()
            return
        session, role, board, app = self.session, self.role, self.board, self.app
        app.show(CurtainScreen(app, session, role, lambda: app.show(ActionsScreen(app, session, role, board))))

    def draw(self, surface) -> None:
        if getattr(self, "panel", None):
            pygame.draw.rect(surface, theme.PANEL, self.panel, border_radius=10)
            pygame.draw.rect(surface, theme.WARN, self.panel, 2, border_radius=10)

    def _why_not(self, action_id: str) -> str:
        try:
            check(self.session.state, Fund(self.role, action_id))
        except IllegalAction as exc:
            return translate(exc.msg, exc.params)
        return ""

    def fund(self, action_id: str) -> None:
        if self.act(Fund(self.role, action_id)):
            self.app.rebuild()

    def cancel(self, action) -> None:
        if self.act(action):
            self.app.rebuild()

    def done(self) -> None:
        if self.act(EndTurn(self.role)):
            self.leave()


class DealComposerScreen(PrivateScreen):
    """Compose a deal with one partner: a transfer (either way, with or without a condition), a
    co-funded project, and one commitment. The summary line shows what will be proposed."""
    name = "negotiation"
    STEP = 5

    def __init__(self, app, session, role, board, partner: str | None = None, counter_of: int | None = None):
        super().__init__(app, session, role, board)
        others = [r for r in ROLES if r != role]
        self.partner = partner or others[0]
        self.counter_of = counter_of
        self.amount = 0            # >0: I pay the partner; <0: the partner pays me
        self.condition: str | None = None
        self.project: str | None = None
        self.my_share = 0
        self.commitment = 0        # index into self.commitment_choices()

    def prefill(self, terms: dict) -> None:
        """Start from a proposal's terms (an observation's deal terms), as far as this composer
        can say them: a counter-proposal changes the offer instead of starting from nothing."""
        me, partner = self.role, self.partner
        for t in terms.get("transfers", ()):
            if t["giver"] == me and t["receiver"] == partner:
                self.amount, self.condition = int(t["amount"]), t.get("condition")
                break
            if t["giver"] == partner and t["receiver"] == me:
                self.amount, self.condition = -int(t["amount"]), None
                break
        cof = terms.get("cofund")
        if cof and cof.get("action_id") in self.session.scenario.actions:
            self.project = cof["action_id"]
            self.my_share = sum(int(x["amount"]) for x in cof.get("shares", ()) if x["role"] == me)
        for c in terms.get("commitments", ()):
            if c["role"] != me:
                continue
            for k, choice in enumerate(self.commitment_choices()):
                if choice is not None and (choice.kind, choice.target) == (c["kind"], c.get("target")):
                    self.commitment = k
                    break

    def commitment_choices(self) -> list[Commitment | None]:
        sc = self.session.scenario
        mine = sc.actions_of(self.role)
        out: list[Commitment | None] = [None, Commitment(self.role, "reveal_agenda")]
        lobby = [a for a in mine if a.kind in ("lobby", "designation")]
        out += [Commitment(self.role, "not_fund", a.id, 1) for a in lobby]
        out += [Commitment(self.role, "fund", a.id, 1) for a in mine if a.kind not in ("lobby", "designation")][:4]
        return out

    def terms(self) -> DealTerms:
        transfers = ()
        if self.amount > 0:
            transfers = (Transfer(self.role, self.partner, self.amount, self.condition),)
        elif self.amount < 0:
            transfers = (Transfer(self.partner, self.role, -self.amount, None),)
        cofund = None
        if self.project:
            cost = self.session.scenario.actions[self.project].cost
            mine = max(0, min(cost, self.my_share))
            shares = tuple(x for x in (Share(self.role, mine), Share(self.partner, cost - mine)) if x.amount > 0)
            cofund = Cofund(self.project, shares)
        c = self.commitment_choices()[self.commitment % len(self.commitment_choices())]
        return DealTerms((self.partner,), transfers, cofund, (c,) if c else ())

    def build(self) -> None:
        w, h = self.size
        s = self.app.sizes
        sc = self.session.scenario
        # six rows of controls, the summary and the bottom row under the header: in a window too
        # short for them (large text at 600 px) the rows are tighter and the header box shorter
        line = self.app.fonts.font(s["body"]).get_linesize()
        self.compact = False
        if self.header_bottom() + s["heading"] * 2 + 7 * (self.button_h() + self.u(10)) + self.u(90) > h:
            self.compact = True
        y = self.header()
        bh, gap = (round(line * 1.2), self.u(5)) if self.compact else (self.button_h(), self.u(10))
        title = _("Counter-proposal") if self.counter_of else _("Propose a deal")
        self.label((20, y, w - 40, round(s["heading"] * (1.5 if self.compact else 2))), title, style="@heading")
        y += round(s["heading"] * (1.5 if self.compact else 2))
        # a column of row names, then each row's controls as wide as their texts need
        names = (_("Partner"), _("Money"), _("Co-fund"), _("Your promise"))
        x0 = 20 + max(self.fit_w(n, size="small") for n in names) + gap
        right = w - 20
        # partner
        self.label((20, y, x0 - 20 - gap, bh), names[0], style="@muted")
        partners = [r for r in ROLES if r != self.role]
        keys = [pygame.K_1 + k for k in range(len(partners))]
        pw = min((right - x0 - 2 * gap) // 3, max(self.fit_w(role_name(r), k) for r, k in zip(partners, keys)))
        for k, (r, key) in enumerate(zip(partners, keys)):
            b = self.button((x0 + k * (pw + gap), y, pw, bh), self.shorten(role_name(r), pw, key),
                            lambda r=r: self.set(partner=r, condition=None, project=None), key,
                            tooltip=role_name(r))
            if r == self.partner:
                b.select()
        y += bh + gap
        # transfer: − amount + and, when paying, the condition
        self.label((20, y, x0 - 20 - gap, bh), names[1], style="@muted")
        step_w = max(self.fit_w("−", pygame.K_MINUS), self.fit_w("+", pygame.K_EQUALS))
        if self.amount > 0:
            money = _("you pay {partner} {amount}").format(partner=role_name(self.partner), amount=self.amount)
        elif self.amount < 0:
            money = _("{partner} pays you {amount}").format(partner=role_name(self.partner), amount=-self.amount)
        else:
            money = _("no money changes hands")
        money_w = max(self.u(300), self.fit_w(money))
        self.button((x0, y, step_w, bh), "−", lambda: self.set(amount=self.amount - self.STEP), pygame.K_MINUS)
        self.label((x0 + step_w + gap, y, money_w, bh), self.shorten(money, money_w))
        self.button((x0 + step_w + money_w + 2 * gap, y, step_w, bh), "+",
                    lambda: self.set(amount=self.amount + self.STEP), pygame.K_EQUALS)
        if self.amount > 0:
            options = [_("no condition")] + [pick(a.name) for a in sc.actions_of(self.partner)]
            ids = [None] + [a.id for a in sc.actions_of(self.partner)]
            current = options[ids.index(self.condition)] if self.condition in ids else options[0]
            self._condition_ids = dict(zip(options, ids))
            need = max(self.fit_w(o) for o in options) + self.u(30)        # the menu's arrow
            cx = x0 + 2 * step_w + money_w + 3 * gap
            if right - cx < need:                                          # no room beside: a row below
                y += bh + gap
                cx = x0
            self.condition_menu = pygame_gui.elements.UIDropDownMenu(
                options, current, pygame.Rect(cx, y, min(need, right - cx), bh), self.manager)
        y += bh + gap
        # co-funding: the project, then my share − x of y +
        self.label((20, y, x0 - 20 - gap, bh), names[2], style="@muted")
        joint = [a for r in (self.role, self.partner) for a in sc.actions_of(r)
                 if a.kind in ("network", "programme", "research", "external", "capacity")]
        options = [_("no joint project")] + [f"{pick(a.name)} ({a.cost})" for a in joint]
        ids = [None] + [a.id for a in joint]
        current = options[ids.index(self.project)] if self.project in ids else options[0]
        self._project_ids = dict(zip(options, ids))
        menu_w = min(right - x0, max(self.fit_w(o) for o in options) + self.u(30))
        self.project_menu = pygame_gui.elements.UIDropDownMenu(options, current, pygame.Rect(x0, y, menu_w, bh),
                                                               self.manager)
        if self.project:
            cost = sc.actions[self.project].cost
            share = _("your share {mine} of {cost}").format(mine=min(self.my_share, cost), cost=cost)
            share_w = self.fit_w(share)
            sx = x0 + menu_w + gap
            if right - sx < 2 * step_w + share_w + 2 * gap:                 # no room beside: a row below
                y += bh + gap
                sx = x0
            self.button((sx, y, step_w, bh), "−", lambda: self.set(my_share=max(0, self.my_share - self.STEP)))
            self.label((sx + step_w + gap, y, share_w, bh), share)
            self.button((sx + step_w + share_w + 2 * gap, y, step_w, bh), "+",
                        lambda: self.set(my_share=min(cost, self.my_share + self.STEP)))
        y += bh + gap
        # commitment
        self.label((20, y, x0 - 20 - gap, bh), names[3], style="@muted")
        choice = self.commitment_choices()[self.commitment % len(self.commitment_choices())]
        promise = self.commitment_text(choice)
        promise_w = min(right - x0, max(self.u(520), self.fit_w(promise, pygame.K_c)))
        self.button((x0, y, promise_w, bh), self.shorten(promise, promise_w, pygame.K_c),
                    lambda: self.set(commitment=self.commitment + 1), pygame.K_c, tooltip=promise)
        y += bh + 2 * gap
        # summary and actions
        terms = self.terms()
        summary = describe_terms(terms, sc) if (terms.transfers or terms.cofund or terms.commitments) else \
            _("The deal is still empty.")
        bar_y = h - bh - self.u(12)
        self.textbox((20, y, w - 40, max(round(line * 1.6), bar_y - 10 - y)), html.escape(summary), [summary])
        propose_w = max(self.u(270), self.fit_w(_("Propose"), pygame.K_RETURN))
        cancel_w = max(self.u(260), self.fit_w(_("Cancel"), pygame.K_ESCAPE))
        self.button((w - 20 - propose_w - gap - cancel_w, bar_y, cancel_w, bh), _("Cancel"), self.cancel,
                    pygame.K_ESCAPE)
        self.button((w - 20 - propose_w, bar_y, propose_w, bh), _("Propose"), self.propose, pygame.K_RETURN,
                    style="@primary")

    def commitment_text(self, c: Commitment | None) -> str:
        if c is None:
            return _("no promise")
        return describe_terms(DealTerms((self.partner,), commitments=(c,)), self.session.scenario)

    def on_gui_event(self, event) -> None:
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED:
            text = event.text
            if getattr(self, "project_menu", None) is event.ui_element:
                project = self._project_ids.get(text)
                cost = self.session.scenario.actions[project].cost if project else 0
                self.set(project=project, my_share=cost // 2)
            elif getattr(self, "condition_menu", None) is event.ui_element:
                self.set(condition=self._condition_ids.get(text))

    def set(self, **changes) -> None:
        for k, v in changes.items():
            setattr(self, k, v)
        self.app.rebuild()

    def propose(self) -> None:
        terms = self.terms()
        action = CounterDeal(self.role, self.counter_of, terms) if self.counter_of else ProposeDeal(self.role, terms)
        if self.act(action):
            self.leave()

    def cancel(self) -> None:
        self.leave()


class DealResponseScreen(PrivateScreen):
    name = "deal-answer"

    def __init__(self, app, session, role, deal_id: int, board):
        super().__init__(app, session, role, board)
        self.deal_id = deal_id

    def build(self) -> None:
        w, h = self.size
        s = self.app.sizes
        y = self.header()
        deal = next((d for d in self.obs["deals"] if d["id"] == self.deal_id), None)
        if deal is None or "terms" not in deal:
            self.leave()
            return
        terms = from_json({"type": "ProposeDeal", "role": deal["proposer"], "terms": deal["terms"]}).terms
        text = describe_terms(terms, self.session.scenario)
        self.label((20, y, w - 40, s["heading"] * 2), _("Deal no. {id} from {role}").format(
            id=self.deal_id, role=seat_label(self.session, deal["proposer"])), style="@heading")
        y += s["heading"] * 2
        bh = self.button_h()
        box_h = max(self.u(140), h - y - 3 * bh - self.u(60))
        self.textbox((20, y, w - 40, box_h), html.escape(text), [text])
        y += box_h + self.u(20)
        bw = (w - 80) // 3
        self.button((20, y, bw, bh), _("Accept"), lambda: self.respond(True), pygame.K_y, style="@primary")
        self.button((40 + bw, y, bw, bh), _("Reject"), lambda: self.respond(False), pygame.K_n)
        self.button((60 + 2 * bw, y, bw, bh), _("Counter-propose"), self.counter, pygame.K_c)
        if self.session.needs_curtain():
            back = _("Back to the curtain")
            back_w = max(self.u(260), self.fit_w(back, pygame.K_ESCAPE))
            self.button((20, h - bh - self.u(12), back_w, bh), back, self.back, pygame.K_ESCAPE)

    def back(self) -> None:
        """Esc: back behind the curtain, unanswered (Enter there shows the deal again)."""
        session, role, deal_id, board, app = self.session, self.role, self.deal_id, self.board, self.app
        app.show(CurtainScreen(app, session, role,
                               lambda: app.show(DealResponseScreen(app, session, role, deal_id, board))))

    def respond(self, accept: bool) -> None:
        if self.act(RespondDeal(self.role, self.deal_id, accept)):
            self.leave()

    def counter(self) -> None:
        deal = next(d for d in self.obs["deals"] if d["id"] == self.deal_id)
        composer = DealComposerScreen(self.app, self.session, self.role, self.board,
                                      partner=deal["proposer"], counter_of=self.deal_id)
        composer.prefill(deal["terms"])
        self.app.show(composer)
