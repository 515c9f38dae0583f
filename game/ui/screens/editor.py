"""Scenario library and scenario editor, for facilitators.

The library lists the built-in scenarios, the user's scenarios folder, and opens or imports any
file by path (validated first; a bad file is explained, never a crash). The editor edits a
round-trip YAML document (game.content.writer): every change is validated as the loader would
read it, and each problem is shown under the field it is about. Saving writes only into the
user scenarios folder and only a valid scenario; "Check" runs game.check in a background thread;
"Play" starts a game with the scenario selected.
"""
from __future__ import annotations

import html
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import pygame
import pygame_gui

from game.engine.constants import CARD_THEMES, INDICATORS, ROLES, TRIGGER_KINDS
from game.i18n import _, translate
from game.presentation import indicator_name, role_name

from .. import theme
from ..app import Screen

CHECK_GAMES = 200
CHECK_LAB_SEEDS = 8       # the editor's quick strategy lab: a dominant strategy shows at 8 seeds
LANG_NAMES = {"ko": "한국어", "en": "English"}


def _first_line(exc: Exception) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0]


def _problem_lines(problems, limit: int = 12) -> list[str]:
    lines = [str(p) for p in problems][:limit]
    if len(problems) > limit:
        lines.append(_("… and {n} more.").format(n=len(problems) - limit))
    return lines


# ---------------------------------------------------------------------------------------------
# Library
# ---------------------------------------------------------------------------------------------
class LibraryScreen(Screen):
    """Built-in scenarios, the user's folder, and any file by path."""
    name = "library"

    def __init__(self, app, message: list[str] | None = None):
        super().__init__(app)
        from game.content.loader import list_builtin_scenarios
        from game.content.writer import list_user_scenarios
        self.builtin = list_builtin_scenarios()
        self.user = list_user_scenarios()
        self.message = message or []
        self.path_text = ""
        self.path_entry = None
        self._names: dict[str, str] = {}

    def _name(self, path: Path) -> str:
        key = str(path)
        if key not in self._names:
            from game.content.writer import scenario_name
            # a hostile file in the folder costs a bounded read and lists under its file name
            self._names[key] = scenario_name(path, self.app.settings.lang) or path.stem
        return self._names[key]

    def build(self) -> None:
        from game.content.loader import BUILTIN_ROOT
        w, h = self.size
        s = self.app.sizes
        bh = max(36, int(s["body"] * 2.3))
        self.label((40, 16, w - 80, s["heading"] * 2), _("Scenario library"), style="@heading")
        col = (w - 120) // 2
        y = 70
        self.label((40, y, col, s["body"] * 2), _("Built-in scenarios (edit a copy)"), style="@muted")
        y += s["body"] * 2
        for i, sid in enumerate(self.builtin[:9]):
            self.button((40, y, col, bh), self._name(BUILTIN_ROOT / f"{sid}.yaml"),
                        lambda p=BUILTIN_ROOT / f"{sid}.yaml": self.open(p), pygame.K_1 + i)
            y += bh + 6
        x2 = 80 + col
        y = 70
        self.label((x2, y, col, s["body"] * 2), _("Your scenarios"), style="@muted")
        y += s["body"] * 2
        if not self.user:
            self.label((x2, y, col, bh), _("None yet: open a built-in one and save a copy."), style="@muted")
        keys = "abcdfghijkl"
        for i, path in enumerate(self.user[:10]):
            key = getattr(pygame, f"K_{keys[i]}") if i < len(keys) else None
            self.button((x2, y, col, bh), f"{self._name(path)} ({path.stem})", lambda p=path: self.open(p), key)
            y += bh + 6
        # any file by path
        y = max(y, 70 + s["body"] * 2 + 6 * (bh + 6)) + 16
        self.label((40, y, w - 80, s["body"] * 2),
                   _("A file a colleague sent: type its full path, then Import (a copy into your folder) or Open"),
                   style="@muted")
        y += s["body"] * 2
        bw = max(self.fit_w(t, k) for t, k in ((_("Browse…"), pygame.K_F4), (_("Import"), pygame.K_F2),
                                                 (_("Open"), pygame.K_F3)))
        self.path_entry = pygame_gui.elements.UITextEntryLine(pygame.Rect(40, y, w - 80 - 3 * (bw + 10), bh),
                                                              self.manager,
                                                              placeholder_text=_("/path/to/scenario.yaml"))
        self.path_entry.set_text(self.path_text)
        self.button((w - 40 - 3 * bw - 20, y, bw, bh), _("Browse…"), self.browse, pygame.K_F4,
                    tooltip=_("Choose the file in a window instead of typing its path"))
        self.button((w - 40 - 2 * bw - 10, y, bw, bh), _("Import"), self.import_path, pygame.K_F2)
        self.button((w - 40 - bw, y, bw, bh), _("Open"), self.open_path, pygame.K_F3)
        y += bh + 10
        if self.message:
            self.textbox((40, y, w - 80, max(60, h - y - bh - 40)),
                         "<br>".join(html.escape(m) for m in self.message), self.message)
        self.button((40, h - bh - 20, 200, bh), _("Back"), self.back, pygame.K_ESCAPE)

    # --- the file picker -----------------------------------------------------------------------
    def browse(self) -> None:
        """F4 / Browse…: pygame_gui's file dialog, starting where the typed path points (else the
        home folder), showing folders and YAML files. The picked file's path fills the field;
        Import or Open then treat it as a typed one (the same checks)."""
        typed = Path(self._typed_path()).expanduser() if self._typed_path() else Path.home()
        start = typed if typed.is_dir() else typed.parent
        if not start.is_dir():
            start = Path.home()
        w, h = self.size
        rect = pygame.Rect(w // 10, h // 10, w * 8 // 10, h * 8 // 10)
        dialog = pygame_gui.windows.UIFileDialog(rect, self.manager, window_title=_("Choose a scenario file"),
                                                 initial_file_path=str(start), allow_existing_files_only=True,
                                                 allowed_suffixes={".yaml", ".yml"})
        # Our words in both languages (the widgets' own catalog is kept in English, see App), and
        # no delete button: a picker never removes a file.
        dialog.ok_button.set_text(_("Choose"))
        dialog.cancel_button.set_text(_("Cancel"))
        dialog.delete_button.hide()
        self.dialog = dialog

    def on_gui_event(self, event) -> None:
        dialog = getattr(self, "dialog", None)
        if dialog is None or getattr(event, "ui_element", None) is not dialog:
            return
        if event.type == pygame_gui.UI_FILE_DIALOG_PATH_PICKED:
            self.path_text, self.dialog = str(event.text), None
            self.message = [_("Chosen: {path}. Import makes a copy in your folder; Open edits it where it is.").format(
                path=self.path_text)]
            self.app.rebuild()
        elif event.type == pygame_gui.UI_WINDOW_CLOSE:
            self.dialog = None

    def on_key(self, event) -> bool:
        """Esc with the picker open closes the picker, not the library."""
        dialog = getattr(self, "dialog", None)
        if dialog is not None and event.key == pygame.K_ESCAPE:
            dialog.kill()
            self.dialog = None
            self.app.dirty = True
            return True
        return False

    def _typed_path(self) -> str:
        if self.path_entry is not None:
            self.path_text = self.path_entry.get_text().strip()
        return self.path_text

    def open(self, path) -> None:
        from game.content.writer import ScenarioDoc, WriterError
        try:
            doc = ScenarioDoc.open(path)
        except WriterError as exc:
            self.message = [_("This file cannot be opened:"), str(exc)]
            self.app.rebuild()
            return
        self.app.show(EditorScreen(self.app, doc))

    def open_path(self) -> None:
        path = self._typed_path()
        if not path:
            self.app.toast(_("Type the path of a scenario file first."))
            return
        self.open(Path(path).expanduser())

    def import_path(self) -> None:
        from game.content.writer import WriterError, import_file, list_user_scenarios
        path = self._typed_path()
        if not path:
            self.app.toast(_("Type the path of a scenario file first."))
            return
        try:
            target, problems = import_file(path)
        except WriterError as exc:
            self.message = [str(exc)] + _problem_lines([p for p in exc.problems if p.is_error])
            self.app.rebuild()
            return
        except Exception as exc:   # a file from outside must never crash the window
            self.message = [_("This file cannot be imported: {reason}").format(reason=_first_line(exc))]
            self.app.rebuild()
            return
        self.user = list_user_scenarios()
        self.message = [_("Imported as {path}.").format(path=target)] + _problem_lines(problems)
        self.path_text = ""
        self.app.rebuild()

    def back(self) -> None:
        from .menu import TitleScreen
        self.app.show(TitleScreen(self.app))


# ---------------------------------------------------------------------------------------------
# Editor
# ---------------------------------------------------------------------------------------------
@dataclass
class Field:
    key: str                         # a stable name, e.g. "region.indicators.industry", "name.ko"
    entry: Any                       # the pygame_gui entry
    get: Callable[[], str]           # the value in the document, as text
    put: Callable[[str], None]       # write the typed text into the document
    path: tuple                      # the document path its problems are reported at
    last: str = ""
    bounds: tuple | None = None      # (low, high) the −/+ steppers keep to


PAGES = ("general", "region", "budgets", "triggers", "deck", "card", "new_card", "ai", "check")


def _page_title(page: str) -> str:
    return {"general": _("General"), "region": _("Region"), "budgets": _("Budgets"),
            "triggers": _("Triggers"), "deck": _("Deck"), "card": _("Card"), "new_card": _("New card"),
            "ai": _("AI"), "check": _("Check")}[page]


def _page_of(path: tuple) -> str:
    head = path[0] if path else ""
    return {"region": "region", "budgets": "budgets", "roles": "budgets", "triggers": "triggers",
            "deck": "deck", "fixed_cards": "deck", "cards": "card", "personalities": "ai"}.get(head, "general")


class EditorScreen(Screen):
    name = "editor"

    def __init__(self, app, doc):
        super().__init__(app)
        from game.content.loader import shared_library
        from game.content.writer import is_builtin
        self.doc = doc
        self.builtin_source = doc.source is not None and is_builtin(doc.source)
        self.library = shared_library()
        self.page = "general"
        self.fields: list[Field] = []
        self.problems: list[tuple[tuple, Any]] = []
        self.scenario = None
        self.changed = False              # unsaved edits
        self._pending: float | None = None
        self.deck_offset = 0
        self.card_id: str | None = None
        self.ai_role = ROLES[0]           # the role shown on the AI page
        self.new_card = {"id": "", "theme": "neutral", "decider": "local", "section": "",
                         "title.ko": "", "title.en": "", "text.ko": "", "text.en": "",
                         **{f"option{i}.{k}": "" for i in (1, 2, 3) for k in ("ko", "en", "tag")}}
        self.check_thread: threading.Thread | None = None
        self.check_progress = (0, 0)
        self.check_result: dict | None = None
        self.check_error: str | None = None
        self.leave_armed = False
        self.revalidate()

    # --- validation ----------------------------------------------------------------------------
    def revalidate(self) -> None:
        from game.content.writer import problem_paths, validate
        self._pending = None
        try:
            self.scenario, problems, text = validate(self.doc, library=self.library)
            self.problems = problem_paths(problems, text)
        except Exception as exc:   # never let an odd edit take the window down
            self.scenario, self.problems = None, [((), _SimpleProblem(_first_line(exc)))]
        self.app.dirty = True

    @property
    def errors(self) -> list[tuple[tuple, Any]]:
        return [(path, p) for path, p in self.problems if p.is_error]

    def problems_at(self, path: tuple) -> list:
        n = len(path)
        return [p for ppath, p in self.problems if ppath[:n] == path]

    def field(self, key: str) -> Field:
        return next(f for f in self.fields if f.key == key)

    # --- building ------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self.check_thread is not None or self._pending is not None

    def build(self) -> None:
        self.fields = []
        w, h = self.size
        s = self.app.sizes
        self.bh = bh = max(32, int(s["body"] * 2.1))
        title = self.doc.text(("name",), self.app.settings.lang) or self.doc.id
        where = _("built-in, edit a copy") if self.builtin_source else (
            _("your folder") if self.doc.source else _("not saved yet"))
        self.label((20, 8, w - 40, s["heading"] * 2), _("Scenario editor: {name}").format(name=title)
                   + f"  ({self.doc.id} · {where})", style="@heading")
        # page tabs
        tw = (w - 40) // len(PAGES)
        for i, page in enumerate(PAGES):
            n = sum(1 for path, _p in self.errors if _page_of(path) == page)
            text = _page_title(page) + (f" ({n}!)" if n else "")
            b = self.button((20 + i * tw, 8 + s["heading"] * 2, tw - 6, bh), text,
                            lambda p=page: self.goto(p), pygame.K_F1 + i)
            if page == self.page:
                b.select()
        self.top = 8 + s["heading"] * 2 + bh + 12
        self.bottom = h - bh - 16
        getattr(self, f"_build_{self.page}")()
        # bottom bar
        y = self.bottom + 6
        self.button((20, y, 170, bh), _("Back"), self.back, pygame.K_ESCAPE)
        if not self.builtin_source and self.doc.source:
            self.button((w - 760, y, 170, bh), _("[Ctrl+S] Save"), self.save, None)
        self.button((w - 580, y, 190, bh), _("Save as…"), self.save_as, pygame.K_F12)
        self.button((w - 380, y, 180, bh), _("Check"), lambda: self.goto("check", run=True), pygame.K_F9)
        self.button((w - 190, y, 170, bh), _("Play"), self.play, pygame.K_F10, style="@primary")

    def _entry(self, rect, key: str, get, put, path: tuple, multiline: bool = False, limit: int = 0):
        cls = pygame_gui.elements.UITextEntryBox if multiline else pygame_gui.elements.UITextEntryLine
        entry = cls(relative_rect=pygame.Rect(rect), manager=self.manager)
        value = get()
        entry.set_text(value)
        if multiline:
            # set_text leaves the cursor at the end, and the box scrolls there: open at the top
            entry.edit_position = 0
            entry.cursor_has_moved_recently = True
        if limit and not multiline:
            entry.set_text_length_limit(limit)
        f = Field(key, entry, get, put, path, value)
        self.fields.append(f)
        return f

    def _number(self, rect, key: str, path: tuple, step: float | None = None, bounds: tuple | None = None):
        """A number field bound to a document path, with −/+ steppers when `step` is given (kept
        within `bounds`, if given)."""
        from game.content.writer import number_or_text
        x, y, w, h = rect
        get = lambda: "" if self.doc.get(path) is None else str(self.doc.get(path))  # noqa: E731
        put = lambda t: self.doc.set(path, number_or_text(t))  # noqa: E731
        if step:
            self.button((x, y, h, h), "−", lambda: self.nudge(key, -step), None)
            f = self._entry((x + h + 4, y, w - 2 * h - 8, h), key, get, put, path, limit=12)
            self.button((x + w - h, y, h, h), "+", lambda: self.nudge(key, step), None)
        else:
            f = self._entry(rect, key, get, put, path, limit=12)
        f.bounds = bounds
        return f

    def _bilingual(self, x, y, label_w, width, label: str, key: str, path: tuple, height=None,
                   multiline=False, getter=None, putter=None) -> int:
        """A label, then Korean and English side by side. Returns the next y."""
        height = height or self.bh
        self.label((x, y, label_w, self.bh), label)
        col = (width - label_w - 16) // 2
        for i, lang in enumerate(("ko", "en")):
            get = (lambda lang=lang: getter(lang)) if getter else (lambda lang=lang: self.doc.text(path, lang))
            put = (lambda t, lang=lang: putter(lang, t)) if putter else (lambda t, lang=lang: self.doc.set_text(path, lang, t))
            self._entry((x + label_w + 8 + i * (col + 8), y, col, height), f"{key}.{lang}", get, put,
                        path + (lang,), multiline=multiline)
        return y + height + self.msg_gap

    @property
    def msg_gap(self) -> int:
        return self.app.sizes["small"] + 8

    def _langs_header(self, x, y, label_w, width) -> int:
        col = (width - label_w - 16) // 2
        for i, lang in enumerate(("ko", "en")):
            self.label((x + label_w + 8 + i * (col + 8), y, col, self.app.sizes["small"] * 2), LANG_NAMES[lang],
                       style="@muted")
        return y + self.app.sizes["small"] * 2

    def _build_general(self) -> None:
        w = self.size[0]
        x, y, lw, width = 20, self.top, 230, w - 40
        y = self._langs_header(x, y, lw, width)
        y = self._bilingual(x, y, lw, width, _("Name"), "name", ("name",))
        y = self._bilingual(x, y, lw, width, _("Summary"), "summary", ("summary",), int(self.bh * 2.6), True)
        y = self._bilingual(x, y, lw, width, _("Intro: facilitator"), "intro.facilitator",
                            ("intro", "facilitator"), int(self.bh * 2.6), True)
        y = self._bilingual(x, y, lw, width, _("Intro: players"), "intro.players",
                            ("intro", "players"), int(self.bh * 2.6), True)
        for i, (key, label, rng) in enumerate((("rounds", _("Rounds"), "3–12"),
                                                ("collapse_line", _("Collapse line"), "0–100"),
                                                ("designation_limit", _("Designation limit"), "0–20"))):
            cx = x + i * (width // 3)
            self.label((cx, y, 220, self.bh), f"{label} ({rng})")
            self._number((cx + 225, y, 160, self.bh), key, (key,), 1)
        self.hint = _("The collapse line: a competitiveness index below it at the end means everyone loses.")

    def _build_region(self) -> None:
        w = self.size[0]
        x, y = 20, self.top
        self.label((x, y, 520, self.app.sizes["small"] * 2), _("Starting indicators (each 0–100)"), style="@muted")
        y += self.app.sizes["small"] * 2
        for key in INDICATORS:
            self.label((x, y, 300, self.bh), indicator_name(key) + (" ↓" if key in ("idle_assets", "lock_in") else ""))
            self._number((x + 305, y, 200, self.bh), f"region.indicators.{key}", ("region", "indicators", key), 1)
            y += self.bh + self.msg_gap - 4
        x2, y = w // 2 + 40, self.top + self.app.sizes["small"] * 2
        self.label((x2, y, 340, self.bh), _("Macro climate (−1 to 1)"))
        self._number((x2 + 345, y, 200, self.bh), "region.macro", ("region", "macro"), 0.1)
        y += self.bh + self.msg_gap
        self.label((x2, y, 340, self.bh), _("Starting trust between roles (0–100)"))
        self._number((x2 + 345, y, 200, self.bh), "region.trust", ("region", "trust"), 1)
        y += self.bh + self.msg_gap + 10
        self.hint = _("↓ lower is better. −/+ change a value by one step; or type a number.")
        self.textbox((x2, y, w - x2 - 20, 140), html.escape(self.hint), [self.hint])

    def _build_budgets(self) -> None:
        w = self.size[0]
        x, y = 20, self.top
        self.label((x, y, 260, self.bh), _("Role"), style="@muted")
        self.label((x + 260, y, 150, self.bh), _("Start budget"), style="@muted")
        self.label((x + 420, y, 150, self.bh), _("Income per round"), style="@muted")
        self.label((x + 590, y, w - x - 610, self.bh), _("Objectives: points per indicator point (−5 to 5)"),
                   style="@muted")
        y += self.bh
        for role in ROLES:
            self.label((x, y, 250, self.bh), role_name(role))
            for i, part in enumerate(("start", "income")):
                self._number((x + 260 + i * 160, y, 150, self.bh), f"budgets.{role}.{part}",
                             ("budgets", role, part))
            objectives = self.doc.get(("roles", role, "objectives")) or {}
            ox = x + 590
            for key in list(objectives)[:5]:
                self.label((ox, y, 110, self.bh), indicator_name(str(key)), style="@muted")
                self._number((ox, y + self.bh - 4, 100, self.bh), f"roles.{role}.objectives.{key}",
                             ("roles", role, "objectives", key))
                ox += 116
            y += 2 * self.bh + self.msg_gap + 4
        self.hint = _("Budgets are whole budget units (0–10000). Objectives decide what each role scores for.")
        self.label((x, y, w - 40, self.bh), self.hint, style="@muted")

    def _build_triggers(self) -> None:
        w = self.size[0]
        x, y = 20, self.top
        triggers = self.doc.triggers()
        lw = 120
        for i, t in enumerate(triggers[:4]):
            path = ("triggers", i)
            self.label((x, y, 70, self.bh), _("Round"))
            self._number((x + 70, y, 90, self.bh), f"triggers.{i}.round", path + ("round",))
            kind = str(t.get("kind", "custom"))
            self.button((x + 170, y, 260, self.bh), _("Kind: {kind}").format(kind=kind),
                        lambda i=i: self.cycle_kind(i), None)
            self.button((w - 180, y, 160, self.bh), _("Remove"), lambda i=i: self.remove_trigger(i), None)
            y += self.bh + 4
            y = self._bilingual(x, y, lw, w - 40, _("Title"), f"triggers.{i}.title", path + ("title",))
            y = self._bilingual(x, y, lw, w - 40, _("Text"), f"triggers.{i}.text", path + ("text",)) + 4
        if len(triggers) > 4:
            self.label((x, y, w - 40, self.bh), _("{n} more triggers are kept as they are (edit them in the file).")
                       .format(n=len(triggers) - 4), style="@muted")
            y += self.bh
        if len(triggers) < 4:
            self.button((x, y, 260, self.bh), _("Add a trigger"), self.add_trigger, pygame.K_INSERT)
        self.hint = ""

    def _card_map(self, cid: str):
        own = self.doc.inline_card(cid)
        return own if own is not None else self.doc.shared_cards.get(cid)

    def _build_deck(self) -> None:
        w, h = self.size
        x, y = 20, self.top
        deck = set(self.doc.deck())
        fixed = set(self.doc.fixed_cards().values())
        cards = self.doc.available_cards()
        per_page = max(4, (self.bottom - y - self.bh) // (self.bh + 4))
        self.deck_offset = min(self.deck_offset, max(0, len(cards) - per_page))
        self.label((x, y, w - 40, self.bh), _("{n} cards in the deck · PgUp/PgDn: more cards ({a}–{b} of {total})")
                   .format(n=len(deck), a=self.deck_offset + 1, b=min(len(cards), self.deck_offset + per_page),
                           total=len(cards)), style="@muted")
        y += self.bh
        lang = self.app.settings.lang
        for cid in cards[self.deck_offset:self.deck_offset + per_page]:
            card = self._card_map(cid) or {}
            inc = cid in deck
            self.button((x, y, 170, self.bh), _("✓ in the deck") if inc else _("— not in it"),
                        lambda c=cid, inc=inc: self.include(c, not inc), None, style="@primary" if inc else None)
            title = card.get("title") or {}
            own = "" if self.doc.inline_card(cid) is None else " · " + _("this scenario's own")
            pinned = " · " + _("fixed round") if cid in fixed else ""
            self.label((x + 180, y, w - 400, self.bh),
                       f"{cid} [{card.get('theme', '?')}] {title.get(lang) or title.get('en') or ''}{own}{pinned}")
            self.button((w - 200, y, 180, self.bh), _("Edit texts"), lambda c=cid: self.edit_card(c), None)
            y += self.bh + 4
        self.key(pygame.K_PAGEDOWN, lambda: self.scroll_deck(per_page))
        self.key(pygame.K_PAGEUP, lambda: self.scroll_deck(-per_page))
        self.hint = ""

    def _build_card(self) -> None:
        w = self.size[0]
        x, y = 20, self.top
        cid = self.card_id
        if cid is None or self._card_map(cid) is None:
            self.label((x, y, w - 40, self.bh), _("Choose a card on the Deck page (Edit texts)."), style="@muted")
            self.hint = ""
            return
        shared = self.doc.inline_card(cid) is None
        note = (_("A shared card: your first change makes this scenario's own copy ({id}-edited); the shared "
                  "file is never changed.").format(id=cid) if shared else _("This scenario's own card."))
        self.label((x, y, w - 40, self.bh), f"{cid} · {note}", style="@muted")
        y += self.bh
        y = self._langs_header(x, y, 160, w - 40)

        def getter(sub):
            def get(lang):
                node = self._card_map(self.card_id) or {}
                for k in sub:
                    node = node[k] if isinstance(node, (dict, list)) and (isinstance(k, int) or k in node) else {}
                return str(node.get(lang, "")) if isinstance(node, dict) else ""
            return get

        def putter(sub):
            def put(lang, text):
                new_id, card = self.doc.editable_card(self.card_id)
                self.card_id = new_id
                node = card
                for k in sub[:-1]:
                    node = node[k]
                from game.content.writer import text_value
                bi = node[sub[-1]]
                bi[lang] = text_value(bi.get(lang), text)
            return put

        def path_of(sub):
            p = self.doc.card_path(self.card_id)
            return (p + tuple(sub)) if p else ("cards", -1)

        y = self._bilingual(x, y, 160, w - 40, _("Title"), "card.title", path_of(["title"]),
                            getter=getter(["title"]), putter=putter(["title"]))
        y = self._bilingual(x, y, 160, w - 40, _("Text"), "card.text", path_of(["text"]), int(self.bh * 4), True,
                            getter=getter(["text"]), putter=putter(["text"]))
        for i, opt in enumerate((self._card_map(cid) or {}).get("options") or []):
            tags = ", ".join(str(t) for t in opt.get("tags") or [])
            y = self._bilingual(x, y, 160, w - 40, _("Option {n} [{tags}]").format(n=i + 1, tags=tags),
                                f"card.option{i + 1}", path_of(["options", i, "text"]),
                                getter=getter(["options", i, "text"]), putter=putter(["options", i, "text"]))
        self.hint = ""

    def _build_new_card(self) -> None:
        w = self.size[0]
        x, y = 20, self.top
        nc = self.new_card

        def plain(rect, key):
            self._entry(rect, f"new.{key}", lambda: nc[key], lambda t: nc.__setitem__(key, t), ("new", key))

        self.label((x, y, 120, self.bh), _("Card id"))
        plain((x + 125, y, 260, self.bh), "id")
        self.button((x + 400, y, 220, self.bh), _("Theme: {theme}").format(theme=nc["theme"]),
                    lambda: self.cycle_new("theme", CARD_THEMES), None)
        self.button((x + 630, y, 300, self.bh), _("Decides: {role}").format(role=role_name(nc["decider"])),
                    lambda: self.cycle_new("decider", ROLES), None)
        self.label((x + 940, y, 100, self.bh), _("Section"))
        plain((x + 1040, y, max(80, w - x - 1060), self.bh), "section")
        y += self.bh + self.msg_gap
        y = self._langs_header(x, y, 160, w - 40)
        for part, label, height in (("title", _("Title"), self.bh), ("text", _("Text"), self.bh * 2)):
            y = self._bilingual(x, y, 160, w - 40, label, f"new.{part}", ("new", part), height, height > self.bh,
                                getter=lambda lang, p=part: nc[f"{p}.{lang}"],
                                putter=lambda lang, t, p=part: nc.__setitem__(f"{p}.{lang}", t))
        tag_w = 110
        for i in (1, 2, 3):
            y = self._bilingual(x, y, 160, w - 60 - tag_w, _("Option {n}").format(n=i), f"new.option{i}", ("new", f"option{i}"),
                                getter=lambda lang, i=i: nc[f"option{i}.{lang}"],
                                putter=lambda lang, t, i=i: nc.__setitem__(f"option{i}.{lang}", t))
            plain((w - 20 - tag_w, y - self.bh - self.msg_gap, tag_w, self.bh), f"option{i}.tag")
        self.button((x, y, 320, self.bh), _("Add the card to the deck"), self.add_new_card, None, style="@primary")
        self.hint = _("Tags: a failure (A1…D2) the option risks, or a lesson (L1…L5) / success condition (S1…S4) it "
                      "follows. Two or three options.")
        self.label((x + 330, y, w - x - 350, self.bh), self.hint, style="@muted")

    def _build_ai(self) -> None:
        from game.ai.personalities import builtin_personalities
        w = self.size[0]
        x, y = 20, self.top
        lang = self.app.settings.lang
        role = self.ai_role
        self.button((x, y, 300, self.bh), _("Role: {role}").format(role=role_name(role)), self.cycle_ai_role, None)
        self.label((x + 310, y, w - x - 330, self.bh),
                   _("An AI seat plays one of these personalities; seat your own with --ai {role}=normal:<id>.")
                   .format(role=role), style="@muted")
        y += self.bh + 8
        self.label((x, y, w - 40, self.app.sizes["small"] * 2), _("Built-in (edit a copy)"), style="@muted")
        y += self.app.sizes["small"] * 2
        for pid, p in builtin_personalities().get(role, {}).items():
            self.label((x, y, w - 380, self.bh), f"{p.name.get(lang) or p.name.get('en')} ({pid})")
            self.button((w - 360, y, 340, self.bh), _("Copy as this scenario's own"),
                        lambda pid=pid: self.copy_personality(pid), None)
            y += self.bh + 4
        y += 8
        own = self.doc.personalities(role)
        self.label((x, y, w - 40, self.app.sizes["small"] * 2),
                   _("This scenario's own") if own else _("This scenario has none of its own for this role yet."),
                   style="@muted")
        y += self.app.sizes["small"] * 2
        numbers = (("temptation", _("Temptation (0–1)"), 0.05, (0, 1)), ("honesty", _("Honesty (0–1)"), 0.05, (0, 1)),
                   ("risk", _("Risk (0–1)"), 0.05, (0, 1)),
                   ("weights.objectives", _("Weight: objectives (0–3)"), 0.1, (0, 3)),
                   ("weights.agenda", _("Weight: agenda (0–3)"), 0.1, (0, 3)))
        col = (w - 40) // len(numbers)
        for i, item in enumerate(own[:3]):
            pid = str(item.get("id"))
            path = ("personalities", role, i)
            self.label((x, y, w - 240, self.bh), pid, style="@muted")
            self.button((w - 180, y, 160, self.bh), _("Remove"), lambda pid=pid: self.remove_personality(pid), None)
            y += self.bh + 4
            y = self._bilingual(x, y, 160, w - 40, _("Name"), f"ai.{pid}.name", path + ("name",))
            for j, (key, label, step, bounds) in enumerate(numbers):
                self.label((x + j * col, y, col - 10, self.app.sizes["small"] * 2), label, style="@muted")
                self._number((x + j * col, y + self.app.sizes["small"] * 2, col - 16, self.bh), f"ai.{pid}.{key}",
                             path + tuple(key.split(".")), step, bounds)
            y += self.app.sizes["small"] * 2 + self.bh + self.msg_gap + 4
        if len(own) > 3:
            self.label((x, y, w - 40, self.bh), _("{n} more personalities are kept as they are (edit them in the file).")
                       .format(n=len(own) - 3), style="@muted")
        self.hint = ""

    def _build_check(self) -> None:
        w = self.size[0]
        x, y = 20, self.top
        running = self.check_thread is not None
        self.button((x, y, 300, self.bh), _("Run the check again") if self.check_result else _("Run the check"),
                    self.run_check, pygame.K_r, enabled=not running)
        y += self.bh + 40
        lines: list[str] = []
        if self.check_error:
            lines = [self.check_error]
        elif self.check_result:
            res = self.check_result
            sim = res["simulation"]
            lines.append(_("{games} games with AI players in every seat:").format(games=sim["games"]))
            lines.append(_("Wins: {wins}").format(wins=", ".join(
                f"{role_name(r)} {round(100 * sim['wins'][r])}%" for r in ROLES)))
            lines.append(_("The region collapses in {pct}% of games.").format(pct=round(100 * sim["collapse_rate"])))
            fired = ", ".join(f"{f} {round(100 * r)}%" for f, r in sorted(sim["failures"].items()) if r > 0)
            lines.append(_("Failure types fired: {list}").format(list=fired or "—"))
            lines.append("")
            if res["warnings"]:
                lines.append(_("Warnings:"))
                lines += ["• " + translate(wn["msg"], wn["params"]) for wn in res["warnings"]]
            else:
                lines.append(_("No warnings: the scenario looks ready for a workshop."))
        elif not running:
            lines = [_("The check plays a few hundred quick games with AI players and warns about learning "
                       "goals that never or always fire, a dominant role, collapse, cards never drawn and "
                       "the workshop length.")]
        if lines:
            self.textbox((x, y, w - 40, self.bottom - y - self.app.sizes["small"] - 16), "<br>".join(html.escape(l) for l in lines), lines)
        self.hint = ""

    # --- drawing -------------------------------------------------------------------------------
    def draw(self, surface) -> None:
        small = self.app.sizes["small"]
        for f in self.fields:
            probs = self.problems_at(f.path)
            if not probs:
                continue
            bad = any(p.is_error for p in probs)
            rect = f.entry.rect
            pygame.draw.rect(surface, theme.BAD if bad else theme.WARN, rect.inflate(4, 4), 2, border_radius=4)
            self.text(surface, probs[0].message, (rect.x, rect.bottom + 2), "small",
                      theme.BAD if bad else theme.WARN, wrap=max(rect.width, 420))
        # the status line: problems not on this page, or all is well
        w, h = self.size
        y = self.bottom - small - 8
        errors = self.errors
        shown = {id(p) for f in self.fields for p in self.problems_at(f.path)}
        elsewhere = [(path, p) for path, p in errors if id(p) not in shown]
        if elsewhere:
            path, p = elsewhere[0]
            text = _("{n} error(s) · {page}: {message}").format(n=len(errors), page=_page_title(_page_of(path)),
                                                                 message=p.message)
            self.text(surface, text, (20, y), "small", theme.BAD, wrap=w - 40)
        elif errors:
            self.text(surface, _("{n} error(s): fix the marked fields; an invalid scenario cannot be saved.")
                      .format(n=len(errors)), (20, y), "small", theme.BAD)
        else:
            state = _("unsaved changes") if self.changed else _("saved")
            self.text(surface, _("Valid scenario · {state}").format(state=state), (20, y), "small", theme.GOOD)
        if self.check_thread is not None:
            done, total = self.check_progress
            bar = pygame.Rect(340, self.top + 4, w - 360, self.bh - 8)
            pygame.draw.rect(surface, theme.PANEL_LIGHT, bar, border_radius=4)
            if total:
                fill = bar.copy()
                fill.width = int(bar.width * done / total)
                pygame.draw.rect(surface, theme.ACCENT, fill, border_radius=4)
            self.text(surface, _("Checking… {done}/{total} games").format(done=done, total=total or "?"),
                      bar.center, "small", anchor="center")

    # --- events --------------------------------------------------------------------------------
    def tick(self) -> bool:
        changed = False
        for f in self.fields:
            if not f.entry.alive():
                continue
            text = f.entry.get_text()
            if text != f.last:
                f.last = text
                self.apply(f, text)
                changed = True
        if self._pending is not None and time.perf_counter() >= self._pending:
            self.revalidate()
            changed = True
        if self.check_thread is not None:
            changed = True
            if not self.check_thread.is_alive():
                self.check_thread = None
                if self.page == "check":
                    self.app.rebuild()
        return changed

    def apply(self, f: Field, text: str) -> None:
        try:
            f.put(text)
        except Exception as exc:
            self.app.toast(_first_line(exc))
            return
        if not f.key.startswith("new."):
            self.changed = True
            self.leave_armed = False
            self._pending = time.perf_counter() + 0.25

    def sync(self) -> None:
        """Apply what is typed in every field now and validate (before saving, paging, tests) —
        unless nothing changed since the last validation: turning pages costs no revalidation."""
        changed = False
        for f in self.fields:
            if f.entry.alive() and f.entry.get_text() != f.last:
                f.last = f.entry.get_text()
                self.apply(f, f.last)
                changed = True
        if changed or self._pending is not None:
            self.revalidate()

    def on_key(self, event) -> bool:
        ctrl = event.mod & pygame.KMOD_CTRL
        if ctrl and event.key == pygame.K_s:
            self.save()
            return True
        if pygame.K_F1 <= event.key < pygame.K_F1 + len(PAGES):
            page = PAGES[event.key - pygame.K_F1]
            self.goto(page, run=page == "check")      # the Check page's key is the Check button's
            return True
        if event.key == pygame.K_ESCAPE:
            self.back()
            return True
        if event.key in (pygame.K_F9, pygame.K_F10, pygame.K_F12, pygame.K_PAGEUP, pygame.K_PAGEDOWN) \
                and event.key in self.shortcuts:     # work while typing in a field, too
            self.shortcuts[event.key]()
            return True
        return False

    def goto(self, page: str, run: bool = False) -> None:
        self.sync()
        self.page = page
        self.app.rebuild()
        if run and self.check_thread is None:
            self.run_check()

    def nudge(self, key: str, step: float) -> None:
        from game.content.writer import number_or_text
        f = self.field(key)
        value = number_or_text(f.entry.get_text())
        if not isinstance(value, (int, float)):
            value = 0
        new = round(value + step, 2)
        if f.bounds:
            new = min(max(new, f.bounds[0]), f.bounds[1])
        if isinstance(value, int) and float(step).is_integer():
            new = int(new)
        f.entry.set_text(str(new))
        f.last = str(new)
        self.apply(f, f.last)
        self.revalidate()

    def include(self, cid: str, included: bool) -> None:
        self.doc.set_included(cid, included)
        self.changed = True
        self.sync()
        self.app.rebuild()

    def scroll_deck(self, step: int) -> None:
        self.deck_offset = max(0, self.deck_offset + step)
        self.app.rebuild()

    def edit_card(self, cid: str) -> None:
        self.card_id = cid
        self.goto("card")

    def cycle_kind(self, i: int) -> None:
        t = self.doc.triggers()[i]
        kind = str(t.get("kind", "custom"))
        t["kind"] = TRIGGER_KINDS[(TRIGGER_KINDS.index(kind) + 1) % len(TRIGGER_KINDS)] if kind in TRIGGER_KINDS else "custom"
        self.changed = True
        self.sync()
        self.app.rebuild()

    def add_trigger(self) -> None:
        self.sync()
        rounds = self.doc.get(("rounds",))
        self.doc.add_trigger(max(1, rounds // 2) if isinstance(rounds, int) else 2, "custom")
        self.changed = True
        self.revalidate()
        self.app.rebuild()

    def remove_trigger(self, i: int) -> None:
        self.sync()
        self.doc.remove_trigger(i)
        self.changed = True
        self.revalidate()
        self.app.rebuild()

    def cycle_ai_role(self) -> None:
        self.sync()
        self.ai_role = ROLES[(ROLES.index(self.ai_role) + 1) % len(ROLES)]
        self.app.rebuild()

    def copy_personality(self, pid: str) -> str | None:
        from game.content.writer import WriterError
        self.sync()
        try:
            new_id = self.doc.copy_personality(self.ai_role, pid)
        except WriterError as exc:
            self.app.toast(str(exc), 6)
            return
        self.changed = True
        self.revalidate()
        self.app.toast(_("'{id}' is this scenario's own personality now; edit it below.").format(id=new_id))
        self.app.rebuild()
        return new_id

    def remove_personality(self, pid: str) -> None:
        self.sync()
        self.doc.remove_personality(self.ai_role, pid)
        self.changed = True
        self.revalidate()
        self.app.rebuild()

    def cycle_new(self, key: str, choices) -> None:
        self.sync()
        cur = self.new_card[key]
        self.new_card[key] = choices[(list(choices).index(cur) + 1) % len(choices)] if cur in choices else choices[0]
        self.app.rebuild()

    def add_new_card(self) -> None:
        from game.content.schema import CARD_ID
        self.sync()
        nc = self.new_card
        cid = nc["id"].strip()
        if not CARD_ID.match(cid):
            self.app.toast(_("A card id uses lowercase letters, digits and '-' (e.g. my-local-card)."), 6)
            return
        if cid in self.doc.available_cards() or cid in self.doc.shared_cards:
            self.app.toast(_("The card id '{id}' is already used; choose another.").format(id=cid), 6)
            return
        options = [({"ko": nc[f"option{i}.ko"], "en": nc[f"option{i}.en"]}, nc[f"option{i}.tag"].strip().upper())
                   for i in (1, 2, 3) if nc[f"option{i}.ko"] or nc[f"option{i}.en"] or nc[f"option{i}.tag"]]
        if len(options) < 2:
            self.app.toast(_("A card needs two or three options, each with a text and a tag."), 6)
            return
        self.doc.add_card(cid, nc["theme"], [nc["decider"]], nc["section"].strip() or "IV.2",
                          {k: nc[f"title.{k}"] for k in ("ko", "en")}, {k: nc[f"text.{k}"] for k in ("ko", "en")},
                          options)
        self.changed = True
        self.revalidate()
        self.card_id = cid
        for k in nc:
            if k not in ("theme", "decider"):
                nc[k] = ""
        self.app.toast(_("The card '{id}' is in the deck; its texts are on the Card page.").format(id=cid))
        self.page = "card"
        self.app.rebuild()

    # --- save, check, play ---------------------------------------------------------------------
    def save(self) -> bool:
        from game.content.writer import WriterError, save
        self.sync()
        if self.builtin_source or self.doc.source is None:
            self.save_as()
            return False
        try:
            path = save(self.doc, self.doc.id, overwrite=True, library=self.library)
        except WriterError as exc:
            self.app.toast(str(exc), 6)
            return False
        self.changed = False
        self.app.toast(_("Saved: {path}").format(path=path))
        self.app.rebuild()
        return True

    def save_as(self, then_play: bool = False) -> None:
        self.sync()
        if self.errors:
            self.app.toast(_("{n} error(s): fix the marked fields; an invalid scenario cannot be saved.")
                           .format(n=len(self.errors)), 6)
            return
        self.app.show(SaveAsScreen(self.app, self, then_play))

    def run_check(self) -> None:
        from game.check import check
        self.sync()
        scenario = self.scenario
        if scenario is None:
            self.check_error = _("Fix the errors first: the check needs a valid scenario.")
            self.check_result = None
            self.app.rebuild()
            return
        self.check_result, self.check_error = None, None
        self.check_progress = (0, CHECK_GAMES)
        ref = str(self.doc.source) if self.doc.source else self.doc.id

        def progress(done, total):
            self.check_progress = (done, total)

        def work():
            try:
                self.check_result = check(scenario, ref, CHECK_GAMES, 0, 1, progress, CHECK_LAB_SEEDS)
            except Exception as exc:     # shown on the page, never a crash
                self.check_error = _("The check failed: {reason}").format(reason=_first_line(exc))

        self.check_thread = threading.Thread(target=work, name="scenario-check", daemon=True)
        self.check_thread.start()
        if self.page != "check":
            self.page = "check"
        self.app.rebuild()

    def play(self) -> None:
        from .menu import SetupScreen
        self.sync()
        if self.errors:
            self.app.toast(_("{n} error(s): fix the marked fields; an invalid scenario cannot be saved.")
                           .format(n=len(self.errors)), 6)
            return
        if self.builtin_source and not self.changed:
            self.app.show(SetupScreen(self.app, selected=self.doc.source.stem))
            return
        if self.builtin_source or self.doc.source is None:
            self.save_as(then_play=True)
            return
        if self.changed and not self.save():
            return
        self.app.show(SetupScreen(self.app, selected=str(self.doc.source)))

    def back(self) -> None:
        if self.changed and not self.leave_armed:
            self.leave_armed = True
            self.app.toast(_("Unsaved changes: press Esc again to leave without saving."), 5)
            return
        self.app.show(LibraryScreen(self.app))


class _SimpleProblem:
    def __init__(self, message: str):
        self.message, self.is_error, self.line, self.column = message, True, 0, 0

    def __str__(self) -> str:
        return self.message


class SaveAsScreen(Screen):
    """Name the copy: the new id is also its file name in the user scenarios folder."""
    name = "save-as"

    def __init__(self, app, editor: EditorScreen, then_play: bool = False):
        super().__init__(app)
        self.editor, self.then_play = editor, then_play
        current = editor.doc.id
        self.text_value = f"my-{current}" if editor.builtin_source else current
        self.error = ""
        self.confirm: str | None = None

    def build(self) -> None:
        from game.content.writer import user_scenarios_dir
        w, h = self.size
        s = self.app.sizes
        bh = max(40, int(s["body"] * 2.6))
        self.label((80, 60, w - 160, s["heading"] * 2), _("Save as…"), style="@heading")
        self.label((80, 130, w - 160, s["body"] * 2),
                   _("A short name for the file (lowercase letters, digits, '-'); it is also the scenario's id."),
                   style="@muted")
        self.entry = pygame_gui.elements.UITextEntryLine(pygame.Rect(80, 180, 480, bh), self.manager)
        self.entry.set_text(self.text_value)
        self.manager.set_focus_set(self.entry)
        self.label((80, 180 + bh + 8, w - 160, s["body"] * 2),
                   _("Folder: {path}").format(path=user_scenarios_dir()), style="@muted")
        if self.error:
            self.textbox((80, 180 + bh + 50, w - 160, 200), html.escape(self.error), [self.error])
        self.button((80, h - bh - 40, 200, bh), _("Cancel"), self.cancel, pygame.K_ESCAPE)
        self.button((w - 320, h - bh - 40, 240, bh), _("Save"), self.save, pygame.K_RETURN, style="@primary")

    def on_key(self, event) -> bool:
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.save()
            return True
        if event.key == pygame.K_ESCAPE:
            self.cancel()
            return True
        return False

    def on_gui_event(self, event) -> None:
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and event.ui_element is self.entry:
            self.save()          # Enter in the name field

    def cancel(self) -> None:
        self.app.show(self.editor)

    def save(self) -> None:
        from game.content.writer import WriterError, list_user_scenarios, save
        self.text_value = self.entry.get_text().strip()
        try:
            path = save(self.editor.doc, self.text_value, overwrite=self.confirm == self.text_value,
                        library=self.editor.library)
        except WriterError as exc:
            lines = [str(exc)] + _problem_lines([p for p in exc.problems if p.is_error])
            if self.text_value in [q.stem for q in list_user_scenarios()] and not exc.problems:
                self.confirm = self.text_value
                lines.append(_("Press Save again to replace it."))
            self.error = "\n".join(lines)
            self.app.rebuild()
            return
        ed = self.editor
        ed.builtin_source, ed.changed = False, False
        ed.revalidate()
        self.app.toast(_("Saved: {path}").format(path=path))
        if self.then_play:
            from .menu import SetupScreen
            self.app.show(SetupScreen(self.app, selected=str(path)))
        else:
            self.app.show(ed)
