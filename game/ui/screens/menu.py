"""Title, game set-up, settings and the in-game menu."""
from __future__ import annotations

import html

import pygame
import pygame_gui

from game.engine.constants import ROLES
from game.i18n import N_, _, pick
from game.presentation import HINT_NAMES, HINTS, default_hints, role_name

from .. import theme
from ..app import Screen


def _error_text(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


class TitleScreen(Screen):
    name = "title"

    def __init__(self, app):
        super().__init__(app)
        # back at the title the game is left: its seat pages' server stops with it (Continue
        # starts it again, with new links and codes)
        from .. import devices
        devices.stop()

    def build(self) -> None:
        from game.persistence.autosave import Autosaver
        w, h = self.size
        s = self.app.sizes
        self.label((0, h // 5, w, s["title"] * 2), _("Cluster Policy Game"), style="@title")
        self.label((40, h // 5 + s["title"] * 2, w - 80, s["body"] * 2),
                   _("Four roles, one region, the traps of cluster policy"), style="@caption")
        bh = max(44, s["body"] * 3)
        y = h // 5 + s["title"] * 2 + s["body"] * 3
        can_continue = Autosaver().has_any()
        items = [
            (_("New game"), self.new_game, pygame.K_n, True),
            (_("Continue"), self.continue_game, pygame.K_c, can_continue),
            (_("Scenario editor"), self.editor, pygame.K_e, True),
            (_("Rules"), self.rules, pygame.K_r, True),
            (_("Settings"), self.settings, pygame.K_s, True),
            (_("Quit"), self.quit, pygame.K_q, True),
        ]
        bw = min(w - 80, max(self.u(360), *(self.fit_w(t, k) for t, _cb, k, _e in items)))
        x = (w - bw) // 2
        gap = 12
        room = h - 48 - y                    # above the caption line: large text on a small window
        if len(items) * (bh + gap) > room:
            gap = 6
            bh = max(32, room // len(items) - gap)
        for text, cb, key, enabled in items:
            self.button((x, y, bw, bh), text, cb, key, enabled=enabled,
                        style="@primary" if key == pygame.K_n else None)
            y += bh + gap
        self.label((0, h - 10 - s["small"] * 2, w, s["small"] * 2),
                   _("Tab/Enter or the letter in brackets · F11 full screen"),
                   style="@caption")

    def new_game(self) -> None:
        self.app.show(SetupScreen(self.app))

    def continue_game(self) -> None:
        from game.content.loader import ContentError, load_scenario
        from game.persistence.autosave import Autosaver
        from game.persistence.saves import SaveError, scenario_ref_for
        from game.session import GameSession
        from .board import GameScreen

        saver = Autosaver()

        def resume(save):
            try:
                scenario = load_scenario(scenario_ref_for(save))
            except ContentError as exc:
                raise SaveError(_("The saved game's scenario cannot be loaded: {reason}").format(
                    reason=_error_text(exc))) from None
            return GameSession.resume(save, scenario, saver)

        # the newest slot that really resumes: one that reads but cannot be used is skipped
        found, problems = saver.resume_newest(resume)
        for p in problems:
            self.app.toast(_("A damaged autosave was skipped: {reason}").format(reason=p), 6)
        if found is None:
            self.app.toast(_("There is no saved game to continue.") if not problems else
                           _("No autosave can be resumed; a new game starts from the title screen."), 8)
            return
        _save, session = found
        if session.lang != self.app.settings.lang:
            session.lang = self.app.settings.lang
        # the briefing again only if nobody has moved yet; once the game has begun, never
        session.briefing_pending = not session.state.history
        from .. import devices
        devices.start(session)                 # device seats rejoin with new links and codes
        self.app.show(GameScreen(self.app, session))

    def rules(self) -> None:
        """The Rules (the briefing's public pages) of the tutorial, the first scenario a table
        plays; in a game the in-game menu shows its own scenario's."""
        from game.content.loader import ContentError, load_scenario
        from .briefing import BriefingScreen
        try:
            sc = load_scenario("tutorial")
        except ContentError as exc:
            self.app.toast(_error_text(exc), 6)
            return
        self.app.show(BriefingScreen(self.app, scenario=sc, rules=True,
                                     back=lambda: self.app.show(TitleScreen(self.app))))

    def editor(self) -> None:
        from .editor import LibraryScreen
        self.app.show(LibraryScreen(self.app))

    def settings(self) -> None:
        self.app.show(SettingsScreen(self.app, back=lambda: self.app.show(TitleScreen(self.app))))

    def quit(self) -> None:
        self.app.running = False


class SettingsScreen(Screen):
    name = "settings"

    def __init__(self, app, back):
        super().__init__(app)
        self.back = back

    def build(self) -> None:
        w, h = self.size
        s = self.app.sizes
        self.label((80, 60, w - 160, s["heading"] * 2), _("Settings"), style="@heading")
        y, bw, bh = 140, 520, max(44, s["body"] * 3)
        lang_name = {"ko": "한국어", "en": "English"}
        other = "en" if self.app.settings.lang == "ko" else "ko"
        self.button((80, y, bw, bh), _("Language: {current} → switch to {other}").format(
            current=lang_name[self.app.settings.lang], other=lang_name[other]),
            lambda: self.app.set_language(other), pygame.K_l)
        y += bh + 12
        large = self.app.settings.large_text
        self.button((80, y, bw, bh), _("Larger text for projectors: {state}").format(
            state=_("on") if large else _("off")), lambda: self.app.set_large_text(not large), pygame.K_t)
        y += bh + 12
        self.button((80, y, bw, bh), _("Full screen: {state}").format(
            state=_("on") if self.app.settings.fullscreen else _("off")), self.app.toggle_fullscreen,
            pygame.K_F11)
        y += bh + 12
        choices = self.app.settings.TIMER_CHOICES
        minutes = self.app.settings.timer_minutes
        self.button((80, y, bw, bh), _("Negotiation timer: {minutes} minutes").format(minutes=minutes),
                    lambda: self.set_timer(choices[(choices.index(minutes) + 1) % len(choices)]), pygame.K_m)
        y += bh + 24
        self.button((80, y, 240, bh), _("Back"), self.back, pygame.K_ESCAPE)

    def set_timer(self, minutes: int) -> None:
        self.app.settings.timer_minutes = minutes
        self.app.settings.save()
        self.app.rebuild()


_LOADED: dict[str, tuple] = {}   # scenario ref -> (file stamp, Scenario or ContentError)


class SetupScreen(Screen):
    """Pick a scenario, seat people and AIs, name the players."""
    name = "setup"

    def __init__(self, app, selected: str | None = None):
        super().__init__(app)
        from game.content.loader import list_builtin_scenarios
        from game.content.writer import list_user_scenarios
        # built-in ids, then the user's own scenarios by path (the editor saves them there)
        # the tutorial first (where a first table starts), then the others by id, then the user's
        builtin = sorted(list_builtin_scenarios(), key=lambda sid: (sid != "tutorial", sid))
        self.scenario_ids = builtin + [str(p) for p in list_user_scenarios()]
        first = "tutorial" if "tutorial" in self.scenario_ids else (self.scenario_ids or [None])[0]
        if selected is not None and selected not in self.scenario_ids:
            self.scenario_ids.append(selected)
        self.selected = selected if selected is not None else first
        self.kinds = {r: ("human" if r == "local" else "ai") for r in ROLES}
        self.levels = {r: "normal" for r in ROLES}          # AI level per seat
        self.personas: dict[str, str | None] = {r: None for r in ROLES}   # None: the role's default
        self.names = {r: "" for r in ROLES}
        self.table = ""                    # the table's name: in the save, the library and the report
        self.table_entry = None
        self.hints: str | None = None      # None: the scenario's default (presentation.default_hints)
        self.entries: dict = {}
        self._scenarios: dict = {}

    def scenario(self, sid):
        """The loaded scenario (or the ContentError explaining why not), cached across set-up
        screens until its file changes: loading all of them took a second or two."""
        from game.content.loader import ContentError, load_scenario, scenario_path
        try:
            stamp = scenario_path(sid).stat().st_mtime_ns
        except OSError:
            stamp = None
        cached = _LOADED.get(sid)
        if cached is None or cached[0] != stamp:
            try:
                cached = (stamp, load_scenario(sid))
            except ContentError as exc:
                cached = (stamp, exc)
            _LOADED[sid] = cached
        return cached[1]

    def build(self) -> None:
        """Laid out from the window and the text size: the bottom row of buttons (two rows when
        one cannot hold them), the four seats above it, the scenario list on the left as wide as
        its names need (up to a third of the window), its description filling what is left."""
        w, h = self.size
        s = self.app.sizes
        bh = max(self.u(38), round(self.app.fonts.font(s["body"]).get_linesize() * 1.4))
        gap = self.u(6)
        self.label((40, 20, w - 80, s["heading"] * 2), _("New game"), style="@heading")
        # --- bottom row: back, language, hints, start -------------------------------------------
        sc = self.scenario(self.selected) if self.selected else None
        lang_name = {"ko": "English", "en": "한국어"}[self.app.settings.lang]
        hints_text = _("Hints: {when}").format(when=_(HINT_NAMES[self.current_hints(sc)]))
        back_w, lang_w = self.fit_w(_("Back"), pygame.K_ESCAPE), self.fit_w(lang_name, pygame.K_F9)
        hints_w, start_w = self.fit_w(hints_text, pygame.K_F6), self.fit_w(_("Start the game"), pygame.K_F5)
        y = h - bh - self.u(24)
        self.button((40, y, back_w, bh), _("Back"), lambda: self.app.show(TitleScreen(self.app)), pygame.K_ESCAPE)
        self.button((60 + back_w, y, lang_w, bh), lang_name, self.switch_language, pygame.K_F9)
        self.button((w - 40 - start_w, y, start_w, bh), _("Start the game"), self.start, pygame.K_F5,
                    style="@primary", enabled=not isinstance(sc, Exception) and sc is not None)
        hints_x = 80 + back_w + lang_w
        if hints_x + hints_w + 20 > w - 40 - start_w:        # no room between them: a row of its own
            y -= bh + gap
            hints_x = 40
        self.button((hints_x, y, min(hints_w, w - 80), bh), self.shorten(hints_text, w - 80, pygame.K_F6),
                    self.cycle_hints, pygame.K_F6,
                    tooltip=_("When the players see the failure types and lessons of each option: before "
                              "choosing (the tutorial's default), in the round's resolution once chosen (the "
                              "default of the other scenarios), or only in the debrief."))
        self.key(pygame.K_RETURN, self.start)
        bottom = y - self.u(12)
        # --- scenario list ------------------------------------------------------------------------
        top = 20 + s["heading"] * 2 + self.u(12)
        self.label((40, top, int(w * 0.3), s["body"] * 2), _("Scenario"), style="@muted")
        y = top + s["body"] * 2
        shown = self.scenario_ids[:max(1, min(9, (bottom - y) // (bh + gap)))]
        if self.selected in self.scenario_ids and self.selected not in shown:
            shown = shown[:-1] + [self.selected]
        titles = []
        for sid in shown:
            sc_i = self.scenario(sid)
            title = pick(sc_i.name) if not isinstance(sc_i, Exception) else sid
            if "/" in sid or "\\" in sid:
                title = _("{name} (yours)").format(name=title)
            titles.append(title)
        keys = [pygame.K_1 + i for i in range(len(shown))]
        list_w = min(int(w * 0.34), max([self.u(200)] + [self.fit_w(t, k) for t, k in zip(titles, keys)]))
        for sid, title, key in zip(shown, titles, keys):
            # a long name keeps what comes before its colon ("Research hub"), whole in the tooltip
            short = title if self.fit_w(title, key) <= list_w else title.split(":")[0].strip()
            b = self.button((40, y, list_w, bh), self.shorten(short, list_w, key), lambda sid=sid: self.pick(sid),
                            key, tooltip=title if short != title else None)
            if sid == self.selected:
                b.select()
            y += bh + gap
        # --- seats, above the bottom row ------------------------------------------------------------
        desc_x = 60 + list_w
        desc_w = w - 40 - desc_x
        role_w = max(self.fit_w(role_name(r)) for r in ROLES)
        kind_w = max(self.fit_w(t, pygame.K_F1) for t in (_("Person"), _("Device"), _("AI")))
        level_w = max(self.fit_w(_(n)) for n in self.LEVEL_NAMES.values())
        # a seat's name beside its controls where the row holds a personality's name too, else above them
        stacked = role_w + kind_w + level_w + self.u(200) + 3 * gap > desc_w
        caption_h = self.app.fonts.font(s["small"]).get_linesize() if stacked else 0
        seats_top = bottom - 4 * (bh + gap + caption_h) - s["body"] * 2
        name_w = min(self.u(320), desc_w // 3)
        self.label((desc_x, seats_top, desc_w - name_w - 10, s["body"] * 2),
                   self.shorten(_("Seats: a person at the keyboard or an AI"), desc_w - name_w - 10, size="small"),
                   style="@muted")
        self.table_entry = pygame_gui.elements.UITextEntryLine(
            pygame.Rect(desc_x + desc_w - name_w, seats_top - 6, name_w, s["body"] * 2 + 4), self.manager,
            placeholder_text=_("table name (e.g. Table A)"))
        self.table_entry.set_text(self.table)
        self.table_entry.set_text_length_limit(40)
        y = seats_top + s["body"] * 2
        kind_x = desc_x if stacked else desc_x + role_w + gap
        rest_x = kind_x + kind_w + gap
        rest_w = desc_x + desc_w - rest_x
        for i, role in enumerate(ROLES):
            if stacked:
                self.label((desc_x, y, desc_w, caption_h), role_name(role), style="@muted")
                y += caption_h
            else:
                self.label((desc_x, y, role_w, bh), role_name(role))
            kind = self.kinds[role]
            self.button((kind_x, y, kind_w, bh), {"human": _("Person"), "device": _("Device")}.get(kind, _("AI")),
                        lambda r=role: self.toggle(r), pygame.K_F1 + i,
                        tooltip=_("Person: plays at this screen · Device: on their own phone or laptop · AI"))
            if kind in ("human", "device"):
                entry = pygame_gui.elements.UITextEntryLine(pygame.Rect(rest_x, y, min(self.u(300), rest_w), bh),
                                                            self.manager, placeholder_text=_("player name"))
                entry.set_text(self.names[role])
                entry.set_text_length_limit(24)
                self.entries[role] = entry
            else:
                self.ai_controls(role, rest_x, y, rest_w, bh)
            y += bh + gap
        # --- the scenario's description: the room left above the seats -------------------------------
        desc_h = seats_top - self.u(12) - top
        if desc_h < s["body"] * 3:
            return              # no room for two lines (large text in a small window): its name says it
        if isinstance(sc, Exception):
            self.textbox((desc_x, top, desc_w, desc_h), html.escape(_error_text(sc)))
        elif sc is not None:
            goals = ", ".join(f"{f} {pick(sc.catalogue.failures[f].name)}" for f in sc.learning_failures
                              if f in sc.catalogue.failures)
            lessons = ", ".join(f"{l} {pick(sc.catalogue.lessons[l].name)}" for l in sc.learning_lessons
                                if l in sc.catalogue.lessons)
            plain = [pick(sc.name), pick(sc.summary), goals, lessons]
            rounds_h, goals_h, lessons_h = _("Rounds"), _("Failure types it surfaces"), _("Lessons")
            body = (f"<b>{html.escape(pick(sc.name))}</b><br>{html.escape(pick(sc.summary))}<br><br>"
                    f"<b>{html.escape(rounds_h)}:</b> {sc.rounds}<br>"
                    f"<b>{html.escape(goals_h)}:</b> {html.escape(goals)}<br>"
                    f"<b>{html.escape(lessons_h)}:</b> {html.escape(lessons)}")
            self.textbox((desc_x, top, desc_w, desc_h), body, plain)

    LEVEL_NAMES = {"easy": N_("easy"), "normal": N_("normal"), "hard": N_("hard")}

    def ai_controls(self, role: str, x: int, y: int, w: int, h: int) -> None:
        """Level and personality of an AI seat: each button cycles through the choices."""
        from game.ai.personalities import personalities_of
        level = self.levels[role]
        half = min(w // 2, max(self.fit_w(_(n)) for n in self.LEVEL_NAMES.values()))
        self.button((x, y, half, h), _(self.LEVEL_NAMES[level]), lambda r=role: self.cycle_level(r),
                    tooltip=_("AI level: easy, normal or hard"))
        table = personalities_of(role)
        ids = list(table)
        current = self.personas[role] or (ids[0] if ids else None)
        name = pick(table[current].name) if current in table else "—"
        tip = pick(table[current].description) if current in table else None
        rest = w - half - self.u(6)
        shown = self.shorten(name, rest)
        self.button((x + half + self.u(6), y, rest, h), shown, lambda r=role, ids=ids: self.cycle_persona(r, ids),
                    tooltip=tip if shown == name or tip is None else f"{name}: {tip}")

    def current_hints(self, sc=None) -> str:
        """The hints the game will start with: the facilitator's choice, else the scenario's default."""
        if self.hints is not None:
            return self.hints
        sid = sc.id if sc is not None and not isinstance(sc, Exception) else (self.selected or "")
        return default_hints(sid)

    def cycle_hints(self) -> None:
        self._keep_names()
        current = self.current_hints(self.scenario(self.selected) if self.selected else None)
        self.hints = HINTS[(HINTS.index(current) + 1) % len(HINTS)]
        self.app.rebuild()

    def cycle_level(self, role: str) -> None:
        order = list(self.LEVEL_NAMES)
        self._keep_names()
        self.levels[role] = order[(order.index(self.levels[role]) + 1) % len(order)]
        self.app.rebuild()

    def cycle_persona(self, role: str, ids: list[str]) -> None:
        if not ids:
            return
        self._keep_names()
        current = self.personas[role] or ids[0]
        self.personas[role] = ids[(ids.index(current) + 1) % len(ids)]
        self.app.rebuild()

    def _keep_names(self) -> None:
        for role, entry in self.entries.items():
            self.names[role] = entry.get_text().strip()
        self.entries = {}
        if self.table_entry is not None:
            self.table = self.table_entry.get_text().strip()
            self.table_entry = None

    def pick(self, sid: str) -> None:
        self._keep_names()
        self.selected = sid
        self.app.rebuild()

    def toggle(self, role: str) -> None:
        self._keep_names()
        # this screen (hot-seat) → a device of their own → an AI → this screen
        self.kinds[role] = {"human": "device", "device": "ai"}.get(self.kinds[role], "human")
        self.app.rebuild()

    def switch_language(self) -> None:
        self._keep_names()
        self.app.set_language("en" if self.app.settings.lang == "ko" else "ko")

    def start(self) -> None:
        from game.persistence.autosave import Autosaver
        from game.session import GameSession, Seat

        self._keep_names()
        sc = self.scenario(self.selected)
        if isinstance(sc, Exception) or sc is None:
            return
        seed = int.from_bytes(__import__("os").urandom(4), "little")
        seats = {r: Seat("human" if self.kinds[r] == "device" else self.kinds[r], self.levels[r], self.names[r],
                         self.personas[r], device=self.kinds[r] == "device") for r in ROLES}
        session = GameSession(sc, self.selected, seed, seats, self.app.settings.lang, Autosaver(),
                              hints=self.current_hints(sc), table=self.table)
        session.autosave(new_slot=True)
        session.briefing_pending = True        # the briefing first, then round 1's event
        from .. import devices
        devices.start(session)                 # with a seat on a device: its pages' server
        from .briefing import BriefingScreen
        self.app.show(BriefingScreen(self.app, session))


class MenuScreen(Screen):
    """The in-game menu (Esc): the board is hidden behind it."""
    name = "menu"

    def __init__(self, app, resume, session=None):
        super().__init__(app)
        self.resume = resume
        # the game being paused (for its Rules): given, or the screen the menu was opened from
        self.session = session if session is not None else getattr(app.screen, "session", None)

    def build(self) -> None:
        w, h = self.size
        s = self.app.sizes
        bw, bh = 420, max(44, s["body"] * 3)
        x, y = w // 2 - bw // 2, h // 4
        self.label((0, y - s["title"] * 3, w, s["title"] * 2), _("Game paused"), style="@title")
        for text, cb, key in (
            (_("Resume"), self.resume, pygame.K_ESCAPE),
            (_("Rules"), self.rules, pygame.K_r),
            (_("Settings"), lambda: self.app.show(SettingsScreen(self.app, back=lambda: self.app.show(self))),
             pygame.K_s),
            (_("Save and return to the title screen"), lambda: self.app.show(TitleScreen(self.app)), pygame.K_t),
            (_("Quit (the game is saved)"), self.quit, pygame.K_q),
        ):
            self.button((x, y, bw, bh), text, cb, key)
            y += bh + 12

    def rules(self) -> None:
        """The Rules of the game being played (public pages only), then back to this menu."""
        from .briefing import BriefingScreen
        if self.session is None:
            return
        self.app.show(BriefingScreen(self.app, self.session, rules=True, back=lambda: self.app.show(self)))

    def quit(self) -> None:
        self.app.running = False

    def draw(self, surface) -> None:
        surface.fill(theme.CURTAIN)
