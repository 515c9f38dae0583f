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

from game.content import fields
from game.engine.constants import (AGENDA_METRICS, CARD_THEMES, FAILURE_IDS, INDICATORS, LESSON_IDS, ROLES,
                                   TAG_IDS, TRIGGER_KINDS)
from game.i18n import _, translate
from game.presentation import agenda_metric_name, indicator_name, role_name, trigger_kind_name

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


BAR_W = 20                # a scrolling container's bar, when it has one


class _Measured:
    """Lengths measured from the text they hold (the fonts follow the window and text size)."""

    def ls(self, size: str = "body", bold: bool = False) -> int:
        """A line's height in the font of `size`."""
        return self.app.fonts.font(self.app.sizes[size], bold).get_linesize()

    def fit(self, text: str, size: str = "body", bold: bool = False) -> int:
        """The width a label needs for `text`: the text and the element's padding."""
        return self.fit_w(text, None, size, bold)

    def cut(self, text: str, width: int, size: str = "body", bold: bool = False) -> str:
        """`text`, ended with "…" only when a label `width` wide cannot hold it whole."""
        return self.shorten(text, width, None, size, bold)

    def cut_label(self, rect, text: str, style: str | None = None, container=None):
        """A one-line label, its text cut to its width when it must be."""
        size, bold = {"@muted": ("small", False), "@heading": ("heading", True)}.get(style, ("body", False))
        return self.label(rect, self.cut(text, pygame.Rect(rect).w, size, bold), style=style, container=container)

    def note(self, x: int, y: int, width: int, text: str, container=None, colour=theme.MUTED):
        """A small muted text wrapped to `width`, as tall as it needs (its `rect.height`)."""
        return self.textbox((x, y, width, -1), f"<font color='{theme.hex_colour(colour)}'>{html.escape(text)}</font>",
                            [text], style="@note", container=container)

    def button_h(self) -> int:
        return max(self.u(34), round(self.ls() * 1.4))


# ---------------------------------------------------------------------------------------------
# Library
# ---------------------------------------------------------------------------------------------
class LibraryScreen(_Measured, Screen):
    """Built-in scenarios, the user's folder, and any file by path."""
    name = "library"

    def __init__(self, app, message: list[str] | None = None):
        super().__init__(app)
        from game.content.loader import list_builtin_scenarios
        from game.content.writer import list_user_scenarios
        self.builtin = sorted(list_builtin_scenarios(), key=lambda sid: (sid != "tutorial", sid))   # as in set-up
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

    def _column(self, area: pygame.Rect, rows) -> None:
        """One list of scenario buttons (text, callback, key), scrolling when the window is short."""
        bh, gap = self.button_h(), self.u(6)
        height = len(rows) * (bh + gap)
        box = None
        if height > area.h:
            box = pygame_gui.elements.UIScrollingContainer(area, self.manager, allow_scroll_x=False)
            box.set_scrollable_area_dimensions((area.w - BAR_W, height))
        x0, y = (0, 0) if box else area.topleft
        bw = area.w - BAR_W if box else area.w
        for text, callback, key in rows:
            shown = self.shorten(text, bw, key)
            self.button((x0, y, bw, bh), shown, callback, key, tooltip=text if shown != text else None,
                        container=box)
            y += bh + gap

    def build(self) -> None:
        from game.content.loader import BUILTIN_ROOT
        w, h = self.size
        m, gap = self.u(40), self.u(10)
        bh = self.button_h()
        small_h, head_h = self.ls("small"), self.ls("heading", True)
        y = self.u(14)
        self.cut_label((m, y, w - 2 * m, head_h), _("Scenario library"), style="@heading")
        top = y + head_h + self.u(10)
        # from the bottom up: Back, the message, the path row and its label
        back_y = h - bh - self.u(16)
        self.button((m, back_y, max(self.u(200), self.fit_w(_("Back"), pygame.K_ESCAPE)), bh), _("Back"),
                    self.back, pygame.K_ESCAPE)
        y = back_y - gap
        if self.message:
            html_text = "<br>".join(html.escape(msg) for msg in self.message)
            # as tall as the message, up to a few lines (then it scrolls)
            lines = max(2, min(5, (back_y - top) // (3 * self.ls())))
            box = self.textbox((m, 0, w - 2 * m, -1), html_text, self.message)
            cap = round(lines * self.ls() * 1.25) + 16
            if box.rect.height > cap:
                box.kill()
                box = self.textbox((m, 0, w - 2 * m, cap), html_text, self.message)
            y -= box.rect.height
            box.set_relative_position((m, y))
            y -= gap
        buttons = ((_("Browse…"), pygame.K_F4), (_("Import"), pygame.K_F2), (_("Open"), pygame.K_F3))
        bw = max(self.fit_w(t, k) for t, k in buttons)
        y -= bh
        path_y = y
        self.path_entry = pygame_gui.elements.UITextEntryLine(pygame.Rect(m, y, w - 2 * m - 3 * (bw + gap), bh),
                                                              self.manager,
                                                              placeholder_text=_("/path/to/scenario.yaml"))
        self.path_entry.set_text(self.path_text)
        x = w - m - 3 * bw - 2 * gap
        for (text, key), callback, tip in zip(buttons, (self.browse, self.import_path, self.open_path),
                                              (_("Choose the file in a window instead of typing its path"), None, None)):
            self.button((x, y, bw, bh), text, callback, key, tooltip=tip)
            x += bw + gap
        # the hint above the path: wrapped, so measured from the bottom of its text
        hint = self.note(m, 0, w - 2 * m,
                         _("A file a colleague sent: type its full path, then Import (a copy into your folder) or Open"))
        hint.set_relative_position((m, path_y - hint.rect.height - self.u(4)))
        lists_bottom = hint.rect.y - gap
        # the two lists, side by side
        col = (w - 2 * m - 2 * gap) // 2
        x2 = m + col + 2 * gap
        self.cut_label((m, top, col, small_h), _("Built-in scenarios (edit a copy)"), style="@muted")
        self.cut_label((x2, top, col, small_h), _("Your scenarios"), style="@muted")
        y = top + small_h + self.u(4)
        area_h = max(bh, lists_bottom - y)
        self._column(pygame.Rect(m, y, col, area_h),
                     [(self._name(BUILTIN_ROOT / f"{sid}.yaml"), lambda p=BUILTIN_ROOT / f"{sid}.yaml": self.open(p),
                       pygame.K_1 + i) for i, sid in enumerate(self.builtin[:9])])
        if not self.user:
            self.note(x2, y, col, _("None yet: open a built-in one and save a copy."))
        keys = "abcdfghijkl"
        self._column(pygame.Rect(x2, y, col, area_h),
                     [(f"{self._name(path)} ({path.stem})", lambda p=path: self.open(p),
                       getattr(pygame, f"K_{keys[i]}") if i < len(keys) else None)
                      for i, path in enumerate(self.user[:10])])

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
    msg_w: int = 0                   # the width its message may take under it
    msg_dx: int = 0                  # where that message starts, from the entry's left edge


@dataclass
class Spot:
    """Buttons that edit one document path (an id list's toggles, an action list's row): its
    problems are drawn under them as a field's are. `exact`: only problems at the path itself
    (a list's own, not its items', which their rows show)."""
    elements: list
    path: tuple
    msg_w: int
    exact: bool = False

    def alive(self) -> bool:
        return bool(self.elements) and all(e.alive() for e in self.elements)

    @property
    def rect(self) -> pygame.Rect:
        return self.elements[0].rect.unionall([e.rect for e in self.elements[1:]])


def _bounds(path: tuple, values: dict | None = None) -> tuple | None:
    """(low, high) a stepper keeps to: the field table's (game.content.fields), which the
    validator reads too; a bound that follows another field (a trigger's round: at most
    'rounds') from `values`. None when the table has no range for the path."""
    try:
        low, _high = fields.bounds("scenario", tuple(path))
        return low, fields.high("scenario", tuple(path), values)
    except KeyError:     # no range for this path: the validator still says
        return None


def _step(path: tuple, fallback: float) -> float:
    """A stepper's step from the field table (a budget's effect steps by 10), else `fallback`."""
    try:
        return fields.spec("scenario", tuple(path)).step or fallback
    except KeyError:
        return fallback


def _num_text(value) -> str:
    text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    return text.replace("-", "−")


def _range_label(label: str, bounds: tuple | None) -> str:
    """'Risk (0–1)', 'macro (−1 to 1)': the label with the range its stepper keeps to."""
    if not bounds:
        return label
    low, high = (_num_text(b) for b in bounds)
    return (_("{label} ({low} to {high})").format(label=label, low=low, high=high) if bounds[0] < 0
            else f"{label} ({low}–{high})")


def _low_high(path: tuple) -> dict:
    """The field table's range of `path`, as the {low} and {high} of a sentence."""
    return dict(zip(("low", "high"), (_num_text(b) for b in _bounds(path))))


def _pairs() -> list[str]:
    return [f"{a}-{b}" for i, a in enumerate(ROLES) for b in ROLES[i + 1:]]


# every effect an option or a trigger may have (game.content.schema.read_effects)
EFFECT_KEYS: tuple = tuple([("region", k) for k in INDICATORS] + [("budgets", r) for r in ROLES]
                           + [("trust", p) for p in _pairs()] + [("macro",), ("funds",)])


def _effect_name(key: tuple) -> str:
    if key[0] == "region":
        return _("Indicator: {name}").format(name=indicator_name(key[1]))
    if key[0] == "budgets":
        return _("Budget: {role}").format(role=role_name(key[1]))
    if key[0] == "trust":
        a, _sep, b = key[1].partition("-")
        return _("Trust: {pair}").format(pair=f"{role_name(a)} – {role_name(b)}")
    if key[0] == "macro":
        return _("Macro climate")
    return _("Funds an action")


PAGES = ("general", "region", "budgets", "triggers", "deck", "card", "new_card", "ai", "check")


def _page_title(page: str) -> str:
    return {"general": _("General"), "region": _("Region"), "budgets": _("Budgets"),
            "triggers": _("Triggers"), "deck": _("Deck"), "card": _("Card"), "new_card": _("New card"),
            "ai": _("AI"), "check": _("Check")}[page]


def _page_of(path: tuple) -> str:
    head = path[0] if path else ""
    return {"region": "region", "budgets": "budgets", "roles": "budgets", "triggers": "triggers",
            "deck": "deck", "fixed_cards": "deck", "cards": "card", "personalities": "ai"}.get(head, "general")


class EditorScreen(_Measured, Screen):
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
        self.spots: list[Spot] = []
        self.picks: dict[str, int] = {}   # an action list's candidate to add, by the list's key
        self._refocus: int | None = None  # the button Enter pressed, focused again after the rebuild
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

    def problems_at(self, path: tuple, exact: bool = False) -> list:
        n = len(path)
        return [p for ppath, p in self.problems if (ppath == path if exact else ppath[:n] == path)]

    def field(self, key: str) -> Field:
        return next(f for f in self.fields if f.key == key)

    # --- building ------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self.check_thread is not None or self._pending is not None

    def build(self) -> None:
        self.fields = []
        self.spots: list[Spot] = []
        w, h = self.size
        self.m = m = self.u(20)
        self.gap = gap = self.u(8)
        self.bh = bh = self.button_h()
        y = self.u(8)
        head_h = self.ls("heading", True)
        title = self.doc.text(("name",), self.app.settings.lang) or self.doc.id
        where = _("built-in, edit a copy") if self.builtin_source else (
            _("your folder") if self.doc.source else _("not saved yet"))
        self.cut_label((m, y, w - 2 * m, head_h), _("Scenario editor: {name}").format(name=title)
                       + f"  ({self.doc.id} · {where})", style="@heading")
        y += head_h + self.u(4)
        y = self._tabs(y, w - 2 * m) + gap
        self.top = y
        # the bottom bar, and the status line above it
        bar_y = h - bh - self.u(12)
        self.status_y = bar_y - self.ls("small") - self.u(4)
        self.bottom = self.status_y - self.u(4)
        self._bottom_bar(bar_y)
        # the page: a scrolling container when the window cannot hold it (its position is kept
        # across the page's own rebuilds)
        area = pygame.Rect(m, self.top, w - 2 * m, max(bh, self.bottom - self.top))
        old = getattr(self, "body", None)
        keep = 0.0
        if old is not None and old.vert_scroll_bar and getattr(self, "_body_page", None) == self.page:
            keep = old.vert_scroll_bar.start_percentage
        self.body = pygame_gui.elements.UIScrollingContainer(area, self.manager, allow_scroll_x=False)
        self._body_page = self.page
        self.cw = area.w - BAR_W
        self.run_button = None
        self.hint = ""
        height = getattr(self, f"_build_{self.page}")()
        self.body.set_scrollable_area_dimensions((self.cw, max(1, height)))
        if self.body.vert_scroll_bar:
            self.body.vert_scroll_bar.set_scroll_from_start_percentage(keep)
        if self.page != "deck":                      # the deck's PgUp/PgDn turn its pages
            self.key(pygame.K_PAGEDOWN, lambda: self.scroll_body(1))
            self.key(pygame.K_PAGEUP, lambda: self.scroll_body(-1))
        if self._refocus is not None and self.focusables:
            # a toggle or a list's button pressed with Enter: the keyboard stays where it was
            self.focus = min(self._refocus, len(self.focusables) - 1)
            b = self.focusables[self.focus][0]
            b.select()
            self._refocus = None
            if b.ui_container is self.body.scrollable_container:
                self.reveal(b)

    def move_focus(self, step: int) -> None:
        """Tab / Shift+Tab, and the page scrolls to the button that has the keyboard."""
        super().move_focus(step)
        if 0 <= self.focus < len(self.focusables):
            b = self.focusables[self.focus][0]
            if b.ui_container is not None and b.ui_container is self.body.scrollable_container:
                self.reveal(b)

    def activate_focus(self) -> bool:
        self._refocus = self.focus if 0 <= self.focus < len(self.focusables) else None
        try:
            return super().activate_focus()          # a rebuild on the way takes _refocus up
        finally:
            self._refocus = None

    def _tabs(self, y: int, avail: int) -> int:
        """The page tabs (F1…F9), in as few rows as hold their labels whole. Returns the next y."""
        gap, bh = self.u(6), self.bh
        texts = []
        for page in PAGES:
            n = sum(1 for path, _p in self.errors if _page_of(path) == page)
            texts.append(_page_title(page) + (f" ({n}!)" if n else ""))
        fits = [self.fit_w(t, pygame.K_F1 + i) for i, t in enumerate(texts)]
        for rows in (1, 2, 3):
            per = -(-len(PAGES) // rows)
            chunks = [list(range(i, min(i + per, len(PAGES)))) for i in range(0, len(PAGES), per)]
            if all(sum(fits[j] for j in c) + gap * (len(c) - 1) <= avail for c in chunks):
                break
        for c in chunks:
            cell = (avail - gap * (len(c) - 1)) // len(c)
            total = sum(fits[j] for j in c) + gap * (len(c) - 1)
            if max(fits[j] for j in c) <= cell:
                widths = [cell] * len(c)
            elif total <= avail:
                extra = (avail - total) // len(c)
                widths = [fits[j] + extra for j in c]
            else:
                widths = [cell] * len(c)
            x = self.m
            for j, bw in zip(c, widths):
                page = PAGES[j]
                shown = self.shorten(texts[j], bw, pygame.K_F1 + j)
                b = self.button((x, y, bw, bh), shown, lambda p=page: self.goto(p), pygame.K_F1 + j,
                                tooltip=texts[j] if shown != texts[j] else None)
                if page == self.page:
                    b.select()
                x += bw + gap
            y += bh + self.u(4)
        return y

    def _bottom_bar(self, y: int) -> None:
        w = self.size[0]
        gap, bh = self.u(10), self.bh
        back = (_("Back"), self.back, pygame.K_ESCAPE, None)
        right = [(_("Save as…"), self.save_as, pygame.K_F12, None),
                 (_("Check"), lambda: self.goto("check", run=True), pygame.K_F9, None),
                 (_("Play"), self.play, pygame.K_F10, "@primary")]
        if not self.builtin_source and self.doc.source:
            right.insert(0, (_("[Ctrl+S] Save"), self.save, None, None))
        # Back at the left, the rest at the right; narrower (and at last cut) when they do not fit
        avail = w - 2 * self.m - 2 * gap - gap * (len(right) - 1)
        fits = [self.fit_w(text, key) for text, _cb, key, _s in [back] + right]
        widths = [max(self.u(150), f) for f in fits]
        if sum(widths) > avail:
            widths = fits if sum(fits) <= avail else [avail // len(fits)] * len(fits)
        for (text, callback, key, style), bw, i in zip([back] + right, widths, range(len(widths))):
            x = self.m if i == 0 else w - self.m - sum(widths[i:]) - gap * (len(widths) - 1 - i)
            shown = self.shorten(text, bw, key)
            self.button((x, y, bw, bh), shown, callback, key, style=style, tooltip=text if shown != text else None)

    def scroll_body(self, step: int) -> None:
        """PgUp/PgDn: the page's container by most of its height."""
        bar = self.body.vert_scroll_bar if getattr(self, "body", None) else None
        if bar is None:
            return
        total = self.body.scrolling_height if hasattr(self.body, "scrolling_height") else 0
        view = self.body.rect.height
        page = 0.8 * view / max(total, view, 1)
        bar.set_scroll_from_start_percentage(min(max(0.0, bar.start_percentage + step * page),
                                                 max(0.0, 1.0 - bar.visible_percentage)))
        self.app.dirty = True

    def reveal(self, element) -> None:
        """Scroll the page so `element` (a field's entry, a button in the page) is in view."""
        bar = self.body.vert_scroll_bar if getattr(self, "body", None) else None
        if bar is None or self.body.rect.contains(element.rect):
            return
        total = max(1, getattr(self.body, "scrolling_height", 0) or 1)
        start = (element.relative_rect.y - self.u(8)) / total
        bar.set_scroll_from_start_percentage(min(max(0.0, start), max(0.0, 1.0 - bar.visible_percentage)))
        self.manager.update(0.0)
        self.app.dirty = True

    # --- fields (all inside the page's container; x and y are the container's) ---------------
    def _entry(self, rect, key: str, get, put, path: tuple, multiline: bool = False, limit: int = 0):
        cls = pygame_gui.elements.UITextEntryBox if multiline else pygame_gui.elements.UITextEntryLine
        entry = cls(relative_rect=pygame.Rect(rect), manager=self.manager, container=self.body)
        value = get()
        entry.set_text(value)
        if multiline:
            # set_text leaves the cursor at the end, and the box scrolls there: open at the top
            entry.edit_position = 0
            entry.cursor_has_moved_recently = True
        if limit and not multiline:
            entry.set_text_length_limit(limit)
        f = Field(key, entry, get, put, path, value, msg_w=pygame.Rect(rect).w)
        self.fields.append(f)
        return f

    def _btn(self, rect, text: str, callback, key=None, style=None, enabled=True, tooltip=None):
        """A button in the page, its label cut (whole in its tooltip) when it must be."""
        shown = self.shorten(text, pygame.Rect(rect).w, key)
        tip = (text + (f" — {tooltip}" if tooltip else "")) if shown != text else tooltip
        return self.button(rect, shown, callback, key, style=style, enabled=enabled, tooltip=tip,
                           container=self.body)

    def _lbl(self, rect, text: str, style: str | None = None):
        return self.cut_label(rect, text, style, container=self.body)

    @property
    def entry_w(self) -> int:
        """A number field's width: a few digits, a sign and decimals."""
        return self.fit_w("-0000.00")

    def num_w(self, step) -> int:
        """A number field's width with its −/+ steppers, if it has them."""
        return self.entry_w + (2 * (self.bh + 4) if step else 0)

    def _number(self, rect, key: str, path: tuple, step: float | None = None, bounds: tuple | None = None,
                optional: bool = False, get=None, put=None):
        """A number field bound to a document path, with −/+ steppers when `step` is given (kept
        within `bounds`, if given). `optional`: blank text leaves the key out of the file.
        `get`/`put`: instead of the path's value (a shared card's, copied on the first change)."""
        from game.content.writer import number_or_text
        x, y, w, h = rect
        if get is None:
            get = lambda: "" if self.doc.get(path) is None else str(self.doc.get(path))  # noqa: E731
        if put is None:
            put = ((lambda t: self.doc.set_optional(path, t)) if optional  # noqa: E731
                   else (lambda t: self.doc.set(path, number_or_text(t))))
        if step:
            self.button((x, y, h, h), "−", lambda: self.nudge(key, -step), None, container=self.body)
            f = self._entry((x + h + 4, y, w - 2 * h - 8, h), key, get, put, path, limit=12)
            self.button((x + w - h, y, h, h), "+", lambda: self.nudge(key, step), None, container=self.body)
        else:
            f = self._entry(rect, key, get, put, path, limit=12)
        f.bounds = bounds
        return f

    def _number_rows(self, x: int, y: int, width: int, items) -> int:
        """Number fields, each after its label, in as many columns as `width` holds; each
        field's message goes under its label and field. items: (label, key, path, step, bounds).
        Returns the next y."""
        gap = 2 * self.gap
        lw = max(self.fit(item[0]) for item in items)
        nw = max(self.num_w(item[3]) for item in items)
        cols = max(1, min(len(items), (width + gap) // (lw + self.gap + nw + gap)))
        colw = (width - gap * (cols - 1)) // cols
        lw = min(lw, colw - nw - self.gap)
        for i, (label, key, path, step, bounds, *opt) in enumerate(items):
            cx, cy = x + (i % cols) * (colw + gap), y + (i // cols) * (self.bh + self.msg_gap)
            self._lbl((cx, cy, lw, self.bh), label)
            f = self._number((cx + lw + self.gap, cy, self.num_w(step), self.bh), key, path, step, bounds,
                             bool(opt and opt[0]))
            f.msg_dx, f.msg_w = cx - f.entry.relative_rect.x, colw
        return y + -(-len(items) // cols) * (self.bh + self.msg_gap)

    def _number_cells(self, x: int, y: int, width: int, items) -> int:
        """Number fields each under a small label, as many in a row as `width` holds. Returns the
        next y."""
        small_h = self.ls("small")
        cell = max([self.num_w(item[3]) for item in items] + [self.fit(item[0], "small") for item in items])
        cols = max(1, min(len(items), (width + self.gap) // (cell + self.gap)))
        cell = max(cell, (width - self.gap * (cols - 1)) // cols) if cols == len(items) else cell
        cell = min(cell, width)
        row_h = small_h + self.bh + self.msg_gap
        for i, (label, key, path, step, bounds, *opt) in enumerate(items):
            cx, cy = x + (i % cols) * (cell + self.gap), y + (i // cols) * row_h
            self._lbl((cx, cy, cell, small_h), label, style="@muted")
            f = self._number((cx, cy + small_h, min(cell, max(self.num_w(step), cell * 2 // 3)), self.bh),
                             key, path, step, bounds, bool(opt and opt[0]))
            f.msg_dx, f.msg_w = cx - f.entry.relative_rect.x, cell
        return y + -(-len(items) // cols) * row_h

    def _bilingual(self, x, y, label_w, width, label: str, key: str, path: tuple, height=None,
                   multiline=False, getter=None, putter=None) -> int:
        """A label, then Korean and English side by side. Returns the next y."""
        height = height or self.bh
        self._lbl((x, y, label_w, self.bh), label)
        col = (width - label_w - 2 * self.gap) // 2
        for i, lang in enumerate(("ko", "en")):
            get = (lambda lang=lang: getter(lang)) if getter else (lambda lang=lang: self.doc.text(path, lang))
            put = (lambda t, lang=lang: putter(lang, t)) if putter else (lambda t, lang=lang: self.doc.set_text(path, lang, t))
            self._entry((x + label_w + self.gap + i * (col + self.gap), y, col, height), f"{key}.{lang}", get, put,
                        path + (lang,), multiline=multiline)
        return y + height + self.msg_gap

    @property
    def msg_gap(self) -> int:
        """Room under a field for its one-line message."""
        return self.ls("small") + self.u(4)

    def lines_h(self, n: int) -> int:
        """A multi-line field's height for `n` whole lines of text (pygame_gui spaces its lines
        1.25 lines apart, inside a padding of 5 and a border)."""
        return round(n * self.ls() * 1.25) + 16 + self.u(4)

    def _langs_header(self, x, y, label_w, width) -> int:
        col = (width - label_w - 2 * self.gap) // 2
        for i, lang in enumerate(("ko", "en")):
            self._lbl((x + label_w + self.gap + i * (col + self.gap), y, col, self.ls("small")), LANG_NAMES[lang],
                      style="@muted")
        return y + self.ls("small")

    # --- lists: id toggles, ordered action lists, effects ----------------------------------------
    def _ids(self, node) -> list[str]:
        return [str(v) for v in node] if isinstance(node, list) else []

    def _toggles(self, x: int, y: int, width: int, label: str, have: list[str], ids, toggle, path: tuple,
                 names: dict | None = None, tips: dict | None = None) -> int:
        """A labelled block of toggle buttons, one per valid id ("✓ A1" when it is in the list),
        in as many rows as `width` needs; ids in the file that are not valid show too (a press
        takes them out). `toggle(id)` flips one. Returns the next y."""
        small_h = self.ls("small")
        self._lbl((x, y, width, small_h), label, style="@muted")
        y += small_h + self.u(2)
        shown = list(ids) + [v for v in have if v not in ids]
        names = names or {}
        bw = min(width, max(self.fit_w("✓ " + names.get(v, v)) for v in shown))
        step = self.u(4)
        per = max(1, (width + step) // (bw + step))
        buttons = []
        for i, v in enumerate(shown):
            on = v in have
            bx, by = x + (i % per) * (bw + step), y + (i // per) * (self.bh + step)
            b = self._btn((bx, by, bw, self.bh), ("✓ " if on else "") + names.get(v, v), None,
                          style="@primary" if on else None, tooltip=(tips or {}).get(v))
            self._callbacks[b] = lambda b=b, v=v: self._flip(b, v, toggle, names.get(v, v))
            self.focusables[-1] = (b, self._callbacks[b])
            buttons.append(b)
        self.spots.append(Spot(buttons, path, width))
        return y + -(-len(shown) // per) * (self.bh + step) - step + self.msg_gap

    def _flip(self, b, value: str, toggle, name: str) -> None:
        """A toggle pressed: the id in or out, the button changed where it is — no rebuild, so
        the keyboard and the page's scroll stay (a rebuild when the change made a shared card
        this scenario's own or changed the error count the tabs show)."""
        before = (self.card_id, len(self.errors))
        on = toggle(value)
        if on is None or (self.card_id, len(self.errors)) != before:
            self.app.rebuild()
            return
        b.set_text(("✓ " if on else "") + name)
        b.change_object_id(pygame_gui.core.ObjectID(object_id="@primary" if on else None))
        self.app.dirty = True

    def _tag_tips(self) -> dict[str, str]:
        """A failure type's, lesson's or success condition's name, for its toggle's tooltip."""
        cat = getattr(self.library, "catalogue", None)
        lang = self.app.settings.lang
        tips = {}
        for tag in TAG_IDS:
            try:
                name = cat.entry(tag).name
                tips[tag] = name.get(lang) or name.get("en") or tag
            except Exception:
                pass
        return tips

    def _role_actions(self, role: str) -> list[str]:
        return sorted(a for a in (getattr(self.library, "actions", None) or {}) if a.startswith(role + "."))

    def _action_name(self, aid: str) -> str:
        action = (getattr(self.library, "actions", None) or {}).get(aid)
        if action is None:
            return aid
        lang = self.app.settings.lang
        return f"{action.name.get(lang) or action.name.get('en') or aid} ({aid})"

    def _action_list(self, x: int, y: int, width: int, label: str, path: tuple, role: str, key: str) -> int:
        """An ordered list of the role's action ids (repeats allowed): each row with ↑ (move up)
        and Remove; under them ‹ Add: <action> › adds the chosen one at the end. Returns the
        next y."""
        small_h, gap, bh = self.ls("small"), self.gap, self.bh
        self._lbl((x, y, width, small_h), label, style="@muted")
        y += small_h + self.u(2)
        items = self._ids(self.doc.get(path))
        rm_w = self.fit_w(_("Remove"))
        up_w = max(bh, self.fit_w("↑"))
        for i, aid in enumerate(items):
            lab = self._lbl((x, y, width - up_w - rm_w - 2 * gap, bh), f"{i + 1}. {self._action_name(aid)}")
            up = self._btn((x + width - rm_w - up_w - gap, y, up_w, bh), "↑", lambda i=i: self.move_item(path, i),
                           enabled=i > 0, tooltip=_("Move up"))
            rm = self._btn((x + width - rm_w, y, rm_w, bh), _("Remove"), lambda i=i: self.remove_item(path, i))
            self.spots.append(Spot([lab, up, rm], path + (i,), width))
            y += bh + self.msg_gap
        actions = self._role_actions(role)
        if not actions:
            return y
        pick = self.picks.get(key, 0) % len(actions)
        arrow_w = max(bh, self.fit_w("›"))
        add_w = min(width - 2 * arrow_w - 2 * self.u(4),
                    max(self.fit_w(_("Add: {action}").format(action=self._action_name(a))) for a in actions))
        add = self._btn((x + arrow_w + self.u(4), y, add_w, bh),
                        _("Add: {action}").format(action=self._action_name(actions[pick])),
                        lambda: self.add_item(path, actions[self.picks.get(key, 0) % len(actions)]))
        prev = self._btn((x, y, arrow_w, bh), "‹", lambda: self.pick(key, -1, add, actions),
                         tooltip=_("Another action"))
        nxt = self._btn((x + arrow_w + add_w + 2 * self.u(4), y, arrow_w, bh), "›",
                        lambda: self.pick(key, 1, add, actions), tooltip=_("Another action"))
        self.spots.append(Spot([prev, add, nxt], path, width, exact=True))
        return y + bh + self.msg_gap

    def _effects(self, x: int, y: int, width: int, key: str, node, base, known: tuple | None) -> int:
        """The effects of an option or a trigger, one row each: ‹ what › (another kind of
        effect), its number with −/+ (or the action it funds), Remove; then Add an effect.
        `node`: the effects as they are (None: none); `base()`: their document path for a change
        (a shared card is copied first); `known`: their path now, for the problems (None: not
        in the file yet). Returns the next y."""
        from game.content.writer import effect_keys_of, number_or_text
        gap, bh = self.gap, self.bh
        small_h = self.ls("small")
        self._lbl((x, y, width, small_h), _("Effects"), style="@muted")
        y += small_h + self.u(2)
        keys = effect_keys_of(node)
        rm_w = self.fit_w(_("Remove"))
        num_w = self.num_w(1)
        name_w = max(self.fit_w(_effect_name(k)) for k in EFFECT_KEYS)
        aw = max(bh, self.fit_w("›"))               # the ‹ › buttons
        name_w = max(self.u(80), min(name_w, width - 2 * aw - num_w - rm_w - 4 * gap))
        stand_in = known or ("cards", 0, "options", 0, "effects")
        for n, ek in enumerate(keys):
            value = node.get(ek[0]) if len(ek) == 1 else (node.get(ek[0]) or {}).get(ek[1])
            fkey = f"{key}.{n}"
            path = (known or ("cards", -1)) + ek
            prev = self._btn((x, y, aw, bh), "‹", lambda ek=ek: self.change_effect(base, ek, -1),
                             tooltip=_("Another kind of effect"))
            what = self._btn((x + aw + 2, y, name_w, bh), _effect_name(ek), lambda ek=ek: self.change_effect(base, ek, 1))
            nxt = self._btn((x + aw + name_w + 4, y, aw, bh), "›", lambda ek=ek: self.change_effect(base, ek, 1),
                            tooltip=_("Another kind of effect"))
            vx = x + 2 * aw + name_w + 4 + gap
            if ek == ("funds",):
                fw = width - (vx - x) - rm_w - gap
                self._btn((vx, y, fw, bh), self._action_name(str(value)), lambda: self.cycle_funds(base, node))
                self.spots.append(Spot([prev, what, nxt], path, width))
            else:
                step = _step(stand_in + ek, 0.1 if ek == ("macro",) else 1)
                f = self._number((vx, y, num_w, bh), fkey, path, step, _bounds(stand_in + ek),
                                 get=lambda v=value: "" if v is None else str(v),
                                 put=lambda t, ek=ek: self.doc.set_effect(base(), ek, number_or_text(t)))
                f.msg_dx, f.msg_w = x - f.entry.relative_rect.x, width
            self._btn((x + width - rm_w, y, rm_w, bh), _("Remove"), lambda ek=ek: self.remove_effect(base, ek))
            y += bh + self.msg_gap
        unused = [k for k in EFFECT_KEYS if k not in keys]
        add_w = min(width, self.fit_w(_("Add an effect")))
        self._btn((x, y, add_w, bh), _("Add an effect"), lambda: self.add_effect(base, unused[0]),
                  enabled=bool(unused))
        return y + bh + gap

    def _build_general(self) -> int:
        cw = self.cw
        labels = (_("Name"), _("Summary"), _("Intro: facilitator"), _("Intro: players"))
        lw = min(max(self.fit(t) for t in labels), cw // 4)
        y = self._langs_header(0, 0, lw, cw)
        y = self._bilingual(0, y, lw, cw, labels[0], "name", ("name",))
        for label, key, path in ((labels[1], "summary", ("summary",)),
                                 (labels[2], "intro.facilitator", ("intro", "facilitator")),
                                 (labels[3], "intro.players", ("intro", "players"))):
            y = self._bilingual(0, y, lw, cw, label, key, path, self.lines_h(3), True)
        y = self._number_rows(0, y, cw, [(_range_label(label, _bounds((key,))), key, (key,), 1, _bounds((key,)))
                                         for key, label in (("rounds", _("Rounds")),
                                                            ("collapse_line", _("Collapse line")),
                                                            ("designation_limit", _("Designation limit")))])
        self.hint = _("The collapse line: a competitiveness index below it at the end means everyone loses.")
        y += self.note(0, y, cw, self.hint, container=self.body).rect.height + self.gap
        # the learning goals: which failure types and lessons the debrief is about
        tips = self._tag_tips()
        for sub, label, ids in (("failures", _("Learning goals: failure types"), FAILURE_IDS),
                                ("lessons", _("Learning goals: lessons"), LESSON_IDS)):
            path = ("learning_goals", sub)
            y = self._toggles(0, y, cw, label, self._ids(self.doc.get(path)), ids,
                              lambda v, path=path, ids=ids: self.toggle_item(path, v, ids), path, tips=tips)
        return y

    def _build_region(self) -> int:
        cw, gap = self.cw, 3 * self.gap
        lw = min(self.fit(_("Region name")), cw // 4)
        y0 = self._langs_header(0, 0, lw, cw)
        y0 = self._bilingual(0, y0, lw, cw, _("Region name"), "region.name", ("region", "name"))
        left = [(indicator_name(key) + (" ↓" if key in ("idle_assets", "lock_in") else ""),
                 f"region.indicators.{key}", ("region", "indicators", key), 1, _bounds(("region", "indicators", key)))
                for key in INDICATORS]
        right = [(_range_label(_("Macro climate"), _bounds(("region", "macro"))), "region.macro", ("region", "macro"),
                  _step(("region", "macro"), 0.1), _bounds(("region", "macro"))),
                 (_range_label(_("Starting trust between roles"), _bounds(("region", "trust"))), "region.trust",
                  ("region", "trust"), _step(("region", "trust"), 1), _bounds(("region", "trust")))]
        need = lambda items: max(self.fit(i[0]) for i in items) + self.gap + self.num_w(1)  # noqa: E731
        small_h = self.ls("small")
        self._lbl((0, y0, min(cw, max(need(left), cw // 2)), small_h), _("Starting indicators (each {low}–{high})").format(
                      **_low_high(("region", "indicators", INDICATORS[0]))),
                  style="@muted")
        self.hint = _("↓ lower is better. −/+ change a value by one step; or type a number.")
        if max(need(left), need(right)) <= (cw - gap) // 2:
            col = (cw - gap) // 2
            y1 = self._number_rows(0, y0 + small_h, col, left)
            y2 = self._number_rows(col + gap, y0 + small_h, cw - col - gap, right)
            y2 += self.note(col + gap, y2, cw - col - gap, self.hint, container=self.body).rect.height
            y = max(y1, y2) + self.gap
        else:
            y = self._number_rows(0, y0 + small_h, cw, left + right)
            y += self.note(0, y, cw, self.hint, container=self.body).rect.height + self.gap
        # the competitiveness index's weights: optional, blank leaves the indicator at its usual weight
        from game.engine.constants import INDEX_INDICATORS
        y += self.note(0, y, cw, _("Weights of the competitiveness index (optional; a blank field keeps the "
                                   "usual weight)"), container=self.body).rect.height + self.u(2)
        path = ("region", "index_weights")
        y = self._number_cells(0, y, cw, [
            (_range_label(indicator_name(k), _bounds(path + (k,))), f"region.index_weights.{k}", path + (k,),
             _step(path + (k,), 0.1),
             _bounds(path + (k,)), True) for k in INDEX_INDICATORS])
        return y + self.gap

    def _build_budgets(self) -> int:
        """The budgets of the four roles in a table, then each role's mandate, agenda (its text
        and weights), objectives and score scale."""
        cw, gap = self.cw, self.gap
        small_h = self.ls("small")
        role_w = max(self.fit(role_name(r)) for r in ROLES)
        heads = (_("Start budget"), _("Income per round"))
        col_w = [max(self.fit(t, "small"), self.entry_w) for t in heads]
        self._lbl((0, 0, role_w, small_h), _("Role"), style="@muted")
        x = role_w + gap
        for t, cwid in zip(heads, col_w):
            self._lbl((x, 0, cwid, small_h), t, style="@muted")
            x += cwid + gap
        y = small_h + self.u(4)
        for role in ROLES:
            self._lbl((0, y, role_w, self.bh), role_name(role))
            x = role_w + gap
            for part, cwid in zip(("start", "income"), col_w):
                f = self._number((x, y, self.entry_w, self.bh), f"budgets.{role}.{part}", ("budgets", role, part),
                                 bounds=_bounds(("budgets", role, part)))
                f.msg_w = cwid
                x += cwid + gap
            y += self.bh + self.msg_gap
        y += self.note(0, y, cw, _("Budgets are whole budget units ({low}–{high}). Objectives decide what each "
                                   "role scores for.").format(**_low_high(("budgets", ROLES[0], "start"))),
                       container=self.body).rect.height + 2 * gap
        self.hint = _("A blank agenda weight or objective is left out of the file (it counts as 0).")
        y += self.note(0, y, cw, self.hint, container=self.body).rect.height + gap
        head_h = self.ls("heading", True)
        labels = (_("Mandate"), _("Agenda"))
        lw = min(max(self.fit(t) for t in labels), cw // 4)
        for role in ROLES:
            r = ("roles", role)
            self._lbl((0, y, cw, head_h), role_name(role), style="@heading")
            y += head_h + self.u(2)
            y = self._langs_header(0, y, lw, cw)
            y = self._bilingual(0, y, lw, cw, labels[0], f"roles.{role}.mandate", r + ("mandate",),
                                self.lines_h(2), True)
            y = self._bilingual(0, y, lw, cw, labels[1], f"roles.{role}.agenda.text", r + ("agenda", "text"),
                                self.lines_h(2), True)
            self._lbl((0, y, cw, small_h), _("Agenda weights: points per unit of each agenda measure"), style="@muted")
            y += small_h
            wpath = r + ("agenda", "weights")
            y = self._number_cells(0, y, cw, [
                (_range_label(agenda_metric_name(k), _bounds(wpath + (k,))), f"roles.{role}.agenda.weights.{k}",
                 wpath + (k,), _step(wpath + (k,), 0.1),
                 _bounds(wpath + (k,)), True) for k in AGENDA_METRICS])
            self._lbl((0, y, cw, small_h), _("Objectives: points per indicator point"), style="@muted")
            y += small_h
            opath = r + ("objectives",)
            y = self._number_cells(0, y, cw, [
                (_range_label(indicator_name(k), _bounds(opath + (k,))), f"roles.{role}.objectives.{k}",
                 opath + (k,), 0.1, _bounds(opath + (k,)), True) for k in INDICATORS])
            spath = r + ("score_scale",)
            y = self._number_rows(0, y, cw, [(_range_label(_("Score scale"), _bounds(spath)),
                                              f"roles.{role}.score_scale", spath, 0.1, _bounds(spath), True)])
            y += gap
        return y

    def _build_triggers(self) -> int:
        """Every trigger (the page scrolls): its round, kind, texts and effects."""
        cw, gap = self.cw, self.gap
        triggers = self.doc.triggers()
        lw = min(max(self.fit(t) for t in (_("Title"), _("Text"))), cw // 4)
        round_w = self.fit(_("Round"))
        kind_w = max(self.fit_w(_("Kind: {kind}").format(kind=trigger_kind_name(k))) for k in TRIGGER_KINDS)
        remove_w = self.fit_w(_("Remove"))
        add_w = min(cw, max(self.u(260), self.fit_w(_("Add a trigger"), pygame.K_INSERT)))
        self._btn((0, 0, add_w, self.bh), _("Add a trigger"), self.add_trigger, pygame.K_INSERT)
        y = self.bh + 2 * gap
        head_h = self.ls("heading", True)
        for i, t in enumerate(triggers):
            path = ("triggers", i)
            self._lbl((0, y, cw, head_h), _("Trigger {n}").format(n=i + 1), style="@heading")
            y += head_h + self.u(2)
            self._lbl((0, y, round_w, self.bh), _("Round"))
            self._number((round_w + gap, y, self.num_w(1), self.bh), f"triggers.{i}.round", path + ("round",), 1,
                         _bounds(path + ("round",), {("rounds",): self.doc.get(("rounds",))}))
            kind = str(t.get("kind", "custom"))
            kx = round_w + self.num_w(1) + 2 * gap
            self._btn((kx, y, max(self.u(60), min(kind_w, cw - kx - remove_w - gap)), self.bh),
                      _("Kind: {kind}").format(kind=trigger_kind_name(kind)), lambda i=i: self.cycle_kind(i))
            self._btn((cw - remove_w, y, remove_w, self.bh), _("Remove"), lambda i=i: self.remove_trigger(i))
            y += self.bh + self.msg_gap
            y = self._bilingual(0, y, lw, cw, _("Title"), f"triggers.{i}.title", path + ("title",))
            y = self._bilingual(0, y, lw, cw, _("Text"), f"triggers.{i}.text", path + ("text",),
                                self.lines_h(2), True)
            y = self._effects(lw + gap, y, cw - lw - gap, f"triggers.{i}.effects", t.get("effects"),
                              lambda path=path: path + ("effects",), path + ("effects",)) + 2 * gap
        if not triggers:
            y += self.note(0, y, cw, _("No triggers: nothing happens on a fixed round."),
                           container=self.body).rect.height + gap
        return y

    def _card_map(self, cid: str):
        own = self.doc.inline_card(cid)
        return own if own is not None else self.doc.shared_cards.get(cid)

    def _build_deck(self) -> int:
        cw, gap = self.cw, self.gap
        deck = set(self.doc.deck())
        fixed = set(self.doc.fixed_cards().values())
        cards = self.doc.available_cards()
        head_h = self.ls("small") + self.u(6)
        per_page = max(1, (self.body.rect.height - head_h) // (self.bh + self.u(4)))
        self.deck_offset = min(self.deck_offset, max(0, len(cards) - per_page))
        self._lbl((0, 0, cw, self.ls("small")), _("{n} cards in the deck · PgUp/PgDn: more cards ({a}–{b} of {total})")
                  .format(n=len(deck), a=self.deck_offset + 1, b=min(len(cards), self.deck_offset + per_page),
                          total=len(cards)), style="@muted")
        y = head_h
        lang = self.app.settings.lang
        inc_w = max(self.fit_w(_("✓ in the deck")), self.fit_w(_("— not in it")))
        edit_w = self.fit_w(_("Edit the card"))
        rounds = self.doc.get(("rounds",))
        rounds = rounds if isinstance(rounds, int) and 0 < rounds <= 12 else 12
        fix_w = max(self.fit_w(_("Any round")), self.fit_w(_("Fixed: round {n}").format(n=12)))
        first_round = {}
        for rnd, c in sorted(self.doc.fixed_cards().items(), key=lambda kv: str(kv[0]).zfill(3)):
            first_round.setdefault(c, rnd)
        for cid in cards[self.deck_offset:self.deck_offset + per_page]:
            card = self._card_map(cid) or {}
            inc = cid in deck
            self._btn((0, y, inc_w, self.bh), _("✓ in the deck") if inc else _("— not in it"),
                      lambda c=cid, inc=inc: self.include(c, not inc), style="@primary" if inc else None)
            title = card.get("title") or {}
            own = "" if self.doc.inline_card(cid) is None else " · " + _("this scenario's own")
            self._lbl((inc_w + gap, y, cw - inc_w - fix_w - edit_w - 3 * gap, self.bh),
                      f"{cid} [{card.get('theme', '?')}] {title.get(lang) or title.get('en') or ''}{own}")
            rnd = first_round.get(cid)
            self._btn((cw - edit_w - gap - fix_w, y, fix_w, self.bh),
                      _("Fixed: round {n}").format(n=rnd) if cid in fixed else _("Any round"),
                      lambda c=cid, r=rnd: self.cycle_fixed(c, r, rounds), style="@primary" if cid in fixed else None,
                      tooltip=_("The round this card always opens (or any round, drawn from the deck)"))
            self._btn((cw - edit_w, y, edit_w, self.bh), _("Edit the card"), lambda c=cid: self.edit_card(c))
            y += self.bh + self.u(4)
        self.key(pygame.K_PAGEDOWN, lambda: self.scroll_deck(per_page))
        self.key(pygame.K_PAGEUP, lambda: self.scroll_deck(-per_page))
        return y

    def _build_card(self) -> int:
        cw, gap = self.cw, self.gap
        cid = self.card_id
        if cid is None or self._card_map(cid) is None:
            return self.note(0, 0, cw, _("Choose a card on the Deck page (Edit the card)."),
                             container=self.body).rect.height
        shared = self.doc.inline_card(cid) is None
        note = (_("A shared card: your first change makes this scenario's own copy ({id}-edited); the shared "
                  "file is never changed.").format(id=cid) if shared else _("This scenario's own card."))
        y = self.note(0, 0, cw, f"{cid} · {note}", container=self.body).rect.height + gap
        card = self._card_map(cid) or {}
        options = card.get("options") or []
        labels = [_("Title"), _("Text"), _("Explanation")]
        lw = min(max(self.fit(t) for t in labels), cw // 4)

        def node_at(sub):
            node = self._card_map(self.card_id) or {}
            for k in sub:
                ok = isinstance(node, list) and isinstance(k, int) and k < len(node) or isinstance(node, dict) and k in node
                node = node[k] if ok else None
                if node is None:
                    return None
            return node

        def getter(sub):
            def get(lang):
                node = node_at(sub)
                return str(node.get(lang, "")) if isinstance(node, dict) else ""
            return get

        def putter(sub):
            def put(lang, text):
                self.doc.set_text(self._card_base(sub), lang, text)
            return put

        def plain(rect, key, sub):
            return self._entry(rect, key, lambda: "" if node_at(sub) is None else str(node_at(sub)),
                               lambda t: self.doc.set(self._card_base(sub), t), path_of(sub))

        def path_of(sub):
            p = self.doc.card_path(self.card_id)
            return (p + tuple(sub)) if p else ("cards", -1)

        if not shared:      # a shared card's id is its file's; its copy's id is this scenario's to choose
            id_lw = self.fit(_("Card id"))
            self._lbl((0, y, id_lw, self.bh), _("Card id"))
            self._entry((id_lw + gap, y, min(cw - id_lw - gap, self.u(420)), self.bh), "card.id",
                        lambda: self.card_id or "", self.rename_card, path_of(("id",)), limit=64)
            y += self.bh + self.msg_gap
        # theme and section, then who decides
        theme_w = min(cw, max(self.fit_w(_("Theme: {theme}").format(theme=t)) for t in CARD_THEMES))
        self._btn((0, y, theme_w, self.bh), _("Theme: {theme}").format(theme=card.get("theme", "?")),
                  self.cycle_card_theme)
        sec_lw = self.fit(_("Section"))
        sx = theme_w + 2 * gap
        if cw - sx < sec_lw + self.u(100):
            sx, y = 0, y + self.bh + self.msg_gap
        self._lbl((sx, y, sec_lw, self.bh), _("Section"))
        plain((sx + sec_lw + gap, y, min(self.u(160), cw - sx - sec_lw - gap), self.bh), "card.section", ["section"])
        y += self.bh + self.msg_gap
        y = self._toggles(0, y, cw, _("Decided by"), self._ids(card.get("deciders")), ROLES,
                          lambda v: self.card_toggle(["deciders"], v, ROLES), path_of(["deciders"]),
                          names={r: role_name(r) for r in ROLES})
        y = self._langs_header(0, y, lw, cw)
        y = self._bilingual(0, y, lw, cw, labels[0], "card.title", path_of(["title"]),
                            getter=getter(["title"]), putter=putter(["title"]))
        y = self._bilingual(0, y, lw, cw, labels[1], "card.text", path_of(["text"]), self.lines_h(4), True,
                            getter=getter(["text"]), putter=putter(["text"])) + gap
        tips = self._tag_tips()
        head_h = self.ls("heading", True)
        id_lw = self.fit(_("Option id"))
        rm_w = self.fit_w(_("Remove the option"))
        for i, opt in enumerate(options):
            o = ["options", i]
            self._lbl((0, y, cw - rm_w - gap, head_h), _("Option {n}").format(n=i + 1), style="@heading")
            self._btn((cw - rm_w, y, rm_w, self.bh), _("Remove the option"), lambda i=i: self.remove_option(i),
                      enabled=len(options) > 2)
            y += max(head_h, self.bh) + self.u(2)
            self._lbl((0, y, id_lw, self.bh), _("Option id"))
            plain((id_lw + gap, y, min(self.u(240), cw - id_lw - gap), self.bh), f"card.option{i + 1}.id", o + ["id"])
            y += self.bh + self.msg_gap
            y = self._bilingual(0, y, lw, cw, labels[1], f"card.option{i + 1}", path_of(o + ["text"]),
                                getter=getter(o + ["text"]), putter=putter(o + ["text"]))
            y = self._bilingual(0, y, lw, cw, labels[2], f"card.option{i + 1}.explain", path_of(o + ["explain"]),
                                self.lines_h(2), True, getter=getter(o + ["explain"]),
                                putter=putter(o + ["explain"]))
            y = self._toggles(lw + gap, y, cw - lw - gap, _("Tags: failure types, lessons, success conditions"),
                              self._ids(opt.get("tags")), TAG_IDS,
                              lambda v, o=o: self.card_toggle(o + ["tags"], v, TAG_IDS), path_of(o + ["tags"]),
                              tips=tips)
            y = self._effects(lw + gap, y, cw - lw - gap, f"card.option{i + 1}.effects", opt.get("effects"),
                              lambda o=o: self._card_base(o + ["effects"]),
                              path_of(o + ["effects"]) if not shared else None) + gap
        if len(options) < 3:
            add_w = min(cw, self.fit_w(_("Add an option")))
            self._btn((0, y, add_w, self.bh), _("Add an option"), self.add_option)
            y += self.bh + gap
        return y

    def _build_new_card(self) -> int:
        cw, gap = self.cw, self.gap
        nc = self.new_card

        def plain(rect, key):
            return self._entry(rect, f"new.{key}", lambda: nc[key], lambda t: nc.__setitem__(key, t), ("new", key))

        # the first row's parts, each whole, wrapping onto another row when the page is narrow
        theme_w = max(self.fit_w(_("Theme: {theme}").format(theme=t)) for t in CARD_THEMES)
        role_w = max(self.fit_w(_("Decides: {role}").format(role=role_name(r))) for r in ROLES)
        parts = [(self.fit(_("Card id")) + gap + self.u(240), "id"), (theme_w, "theme"), (role_w, "decider"),
                 (self.fit(_("Section")) + gap + self.u(100), "section")]
        x, y = 0, 0
        for pw, part in parts:
            pw = min(pw, cw)
            if x and x + pw > cw:
                x, y = 0, y + self.bh + self.msg_gap
            if part == "id":
                lw = self.fit(_("Card id"))
                self._lbl((x, y, lw, self.bh), _("Card id"))
                plain((x + lw + gap, y, pw - lw - gap, self.bh), "id")
            elif part == "theme":
                self._btn((x, y, pw, self.bh), _("Theme: {theme}").format(theme=nc["theme"]),
                          lambda: self.cycle_new("theme", CARD_THEMES))
            elif part == "decider":
                self._btn((x, y, pw, self.bh), _("Decides: {role}").format(role=role_name(nc["decider"])),
                          lambda: self.cycle_new("decider", ROLES))
            else:
                lw = self.fit(_("Section"))
                self._lbl((x, y, lw, self.bh), _("Section"))
                plain((x + lw + gap, y, max(self.u(80), cw - x - lw - gap), self.bh), "section")
            x += pw + 2 * gap
        y += self.bh + self.msg_gap
        labels = [_("Title"), _("Text")] + [_("Option {n}").format(n=i) for i in (1, 2, 3)]
        lw = min(max(self.fit(t) for t in labels), cw // 4)
        y = self._langs_header(0, y, lw, cw)
        for part, label, height in (("title", labels[0], self.bh), ("text", labels[1], self.lines_h(2))):
            y = self._bilingual(0, y, lw, cw, label, f"new.{part}", ("new", part), height, height > self.bh,
                                getter=lambda lang, p=part: nc[f"{p}.{lang}"],
                                putter=lambda lang, t, p=part: nc.__setitem__(f"{p}.{lang}", t))
        tag_w = max(self.u(90), self.fit_w("A1, L2"))
        for i in (1, 2, 3):
            plain((cw - tag_w, y, tag_w, self.bh), f"option{i}.tag")
            y = self._bilingual(0, y, lw, cw - tag_w - gap, labels[1 + i], f"new.option{i}", ("new", f"option{i}"),
                                getter=lambda lang, i=i: nc[f"option{i}.{lang}"],
                                putter=lambda lang, t, i=i: nc.__setitem__(f"option{i}.{lang}", t))
        add_w = min(cw, self.fit_w(_("Add the card to the deck")))
        self._btn((0, y, add_w, self.bh), _("Add the card to the deck"), self.add_new_card, style="@primary")
        self.hint = _("Tags: a failure (A1…D2) the option risks, or a lesson (L1…L5) / success condition (S1…S4) it "
                      "follows. Two or three options.")
        if cw - add_w - 2 * gap >= self.u(240):
            hint_h = self.note(add_w + 2 * gap, y, cw - add_w - 2 * gap, self.hint, container=self.body).rect.height
            return y + max(self.bh, hint_h) + gap
        y += self.bh + gap
        return y + self.note(0, y, cw, self.hint, container=self.body).rect.height + gap

    def _build_ai(self) -> int:
        from game.ai.personalities import builtin_personalities
        cw, gap = self.cw, self.gap
        small_h = self.ls("small")
        lang = self.app.settings.lang
        role = self.ai_role
        role_w = min(cw, max(self.fit_w(_("Role: {role}").format(role=role_name(r))) for r in ROLES))
        self._btn((0, 0, role_w, self.bh), _("Role: {role}").format(role=role_name(role)), self.cycle_ai_role)
        text = _("An AI seat plays one of these personalities; seat your own with --ai {role}=normal:<id>.").format(
            role=role)
        if cw - role_w - 2 * gap >= self.u(240):
            y = max(self.bh, self.note(role_w + 2 * gap, 0, cw - role_w - 2 * gap, text,
                                       container=self.body).rect.height) + gap
        else:
            y = self.bh + gap
            y += self.note(0, y, cw, text, container=self.body).rect.height + gap
        self._lbl((0, y, cw, small_h), _("Built-in (edit a copy)"), style="@muted")
        y += small_h + self.u(4)
        copy_w = min(cw // 2, self.fit_w(_("Copy as this scenario's own")))
        for pid, p in builtin_personalities().get(role, {}).items():
            self._lbl((0, y, cw - copy_w - gap, self.bh), f"{p.name.get(lang) or p.name.get('en')} ({pid})")
            self._btn((cw - copy_w, y, copy_w, self.bh), _("Copy as this scenario's own"),
                      lambda pid=pid: self.copy_personality(pid))
            y += self.bh + self.u(4)
        y += gap
        own = self.doc.personalities(role)
        self._lbl((0, y, cw, small_h),
                  _("This scenario's own") if own else _("This scenario has none of its own for this role yet."),
                  style="@muted")
        y += small_h + self.u(4)
        numbers = (("temptation", _("Temptation"), 0.05), ("honesty", _("Honesty"), 0.05), ("risk", _("Risk"), 0.05),
                   ("noise", _("Noise"), 0.05), ("weights.objectives", _("Weight: objectives"), 0.1),
                   ("weights.agenda", _("Weight: agenda"), 0.1))
        remove_w = self.fit_w(_("Remove"))
        lw = min(max(self.fit(t) for t in (_("Name"), _("Description"))), cw // 4)
        tips = self._tag_tips()
        for i, item in enumerate(own):
            pid = str(item.get("id"))
            path = ("personalities", role, i)
            id_lw = self.fit(_("Id"))
            self._lbl((0, y, id_lw, self.bh), _("Id"))
            self._entry((id_lw + gap, y, min(cw - id_lw - remove_w - 3 * gap, self.u(420)), self.bh), f"ai.{pid}.id",
                        lambda item=item: str(item.get("id", "")),
                        lambda t, path=path: self.doc.set(path + ("id",), t.strip()), path + ("id",), limit=64)
            self._btn((cw - remove_w, y, remove_w, self.bh), _("Remove"),
                      lambda i=i: self.remove_personality(str(self.doc.personalities(role)[i].get("id"))))
            y += self.bh + self.msg_gap
            y = self._bilingual(0, y, lw, cw, _("Name"), f"ai.{pid}.name", path + ("name",))
            y = self._bilingual(0, y, lw, cw, _("Description"), f"ai.{pid}.description", path + ("description",),
                                self.lines_h(2), True)
            items = []
            for key, label, step in numbers:
                kpath = path + tuple(key.split("."))
                b = _bounds(kpath)
                items.append((_range_label(label, b), f"ai.{pid}.{key}", kpath, step, b, key == "noise"))
            y = self._number_cells(0, y, cw, items) + gap
            y = self._action_list(0, y, cw, _("Favoured actions, in order (the first is tried first)"),
                                  path + ("favours",), role, f"ai.{pid}.favours")
            y = self._action_list(0, y, cw, _("Tempting actions (its short-term game)"), path + ("tempted_by",),
                                  role, f"ai.{pid}.tempted_by")
            y = self._toggles(0, y, cw, _("Prone to (failure types)"), self._ids(item.get("prone_to")), FAILURE_IDS,
                              lambda v, path=path: self.toggle_item(path + ("prone_to",), v, FAILURE_IDS),
                              path + ("prone_to",), tips=tips) + 2 * gap
        return y

    def _build_check(self) -> int:
        cw = self.cw
        running = self.check_thread is not None
        labels = (_("Run the check again"), _("Run the check"))
        bw = min(cw // 2, max(self.u(300), max(self.fit_w(t, pygame.K_r) for t in labels)))
        self.run_button = self._btn((0, 0, bw, self.bh), labels[0] if self.check_result else labels[1],
                                    self.run_check, pygame.K_r, enabled=not running)
        y = self.bh + 2 * self.gap
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
            # the results scroll in their own box, which fills the page
            box = self.textbox((0, y, cw, max(self.bh, self.body.rect.height - y)),
                               "<br>".join(html.escape(line) for line in lines), lines, container=self.body)
            y += box.rect.height
        return y

    # --- drawing -------------------------------------------------------------------------------
    def draw(self, surface) -> None:
        small = self.app.sizes["small"]
        font = self.app.fonts.font(small)
        view = self.body.rect if getattr(self, "body", None) is not None else surface.get_rect()
        cut_here = None                      # this page's first message, when it had to be cut
        for f in self.fields + self.spots:
            spot = isinstance(f, Spot)
            if not (f.alive() if spot else f.entry.alive()):
                continue
            probs = self.problems_at(f.path, getattr(f, "exact", False))
            if not probs:
                continue
            rect = f.rect if spot else f.entry.rect
            if not view.contains(rect):
                continue                     # scrolled out of the page's view
            bad = any(p.is_error for p in probs)
            colour = theme.BAD if bad else theme.WARN
            pygame.draw.rect(surface, colour, rect.inflate(4, 4), 2, border_radius=4)
            message = self.cut(probs[0].message, f.msg_w, "small")
            if message != probs[0].message and cut_here is None:
                cut_here = probs[0]
            pos = (rect.x + (0 if spot else f.msg_dx), rect.bottom + 3)
            if pos[1] + font.get_linesize() <= view.bottom:
                self.text(surface, message, pos, "small", colour)
        # the status line: problems not on this page, or all is well
        w, h = self.size
        x, y, width = self.m, self.status_y, w - 2 * self.m
        errors = self.errors
        shown = {id(p) for f in self.fields + self.spots for p in self.problems_at(f.path, getattr(f, "exact", False))}
        elsewhere = [(path, p) for path, p in errors if id(p) not in shown]
        if elsewhere or (cut_here is not None and cut_here.is_error):
            path, p = elsewhere[0] if elsewhere else next((pp, q) for pp, q in errors if q is cut_here)
            text = _("{n} error(s) · {page}: {message}").format(n=len(errors), page=_page_title(_page_of(path)),
                                                                 message=p.message)
            self.text(surface, self.cut(text, width, "small"), (x, y), "small", theme.BAD)
        elif errors:
            self.text(surface, self.cut(_("{n} error(s): fix the marked fields; an invalid scenario cannot be saved.")
                                        .format(n=len(errors)), width, "small"), (x, y), "small", theme.BAD)
        else:
            state = _("unsaved changes") if self.changed else _("saved")
            self.text(surface, self.cut(_("Valid scenario · {state}").format(state=state), width, "small"),
                      (x, y), "small", theme.GOOD)
        if self.check_thread is not None and self.run_button is not None and self.run_button.alive():
            done, total = self.check_progress
            run = self.run_button.rect
            bar = pygame.Rect(run.right + 2 * self.gap, run.y + 4, view.right - run.right - 2 * self.gap - BAR_W,
                              run.h - 8)
            pygame.draw.rect(surface, theme.PANEL_LIGHT, bar, border_radius=4)
            if total:
                fill = bar.copy()
                fill.width = int(bar.width * done / total)
                pygame.draw.rect(surface, theme.ACCENT, fill, border_radius=4)
            self.text(surface, self.cut(_("Checking… {done}/{total} games").format(done=done, total=total or "?"),
                                        bar.w, "small"), bar.center, "small", anchor="center")

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

    def rename_card(self, new: str) -> None:
        """The Card page's id field: the card, its deck entry and fixed rounds take the new id."""
        if self.card_id is not None:
            self.card_id = self.doc.rename_card(self.card_id, new)

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

    # --- the list and effect buttons: typed text first, then the change, validated, rebuilt ---
    def _edit(self, change, rebuild: bool = True):
        """Returns what `change` did (None when it failed: a toast says why)."""
        from game.content.writer import WriterError
        self.sync()
        try:
            done = change()
        except WriterError as exc:
            self.app.toast(str(exc), 6)
            return None
        self.changed = True
        self.leave_armed = False
        self.revalidate()
        if rebuild:
            self.app.rebuild()
        return done

    def _card_base(self, sub) -> tuple:
        """The document path of `sub` in the card being edited; a shared card is copied first."""
        new_id, _card = self.doc.editable_card(self.card_id)
        self.card_id = new_id
        return self.doc.card_path(new_id) + tuple(sub)

    def cycle_fixed(self, cid: str, rnd, rounds: int) -> None:
        """Any round → the next round no other card is fixed to → … → any round: the round the
        card always opens (a round another card holds is skipped: set that one to any round
        first)."""
        cur = int(rnd) if str(rnd).isdigit() else 0
        taken = {int(k) for k, v in self.doc.fixed_cards().items() if str(k).isdigit() and v != cid}
        nxt = next((r for r in range(cur + 1, rounds + 1) if r not in taken), None)
        self._edit(lambda: self.doc.set_fixed(cid, nxt))

    def toggle_item(self, path: tuple, value: str, order=()) -> bool | None:
        """An id in or out of the list at `path`; whether it is in now (the caller redraws)."""
        return self._edit(lambda: self.doc.toggle_id(path, value, order), rebuild=False)

    def card_toggle(self, sub, value: str, order=()) -> bool | None:
        return self._edit(lambda: self.doc.toggle_id(self._card_base(sub), value, order), rebuild=False)

    def cycle_card_theme(self) -> None:
        def change():
            path = self._card_base(["theme"])
            cur = str(self.doc.get(path))
            self.doc.set(path, CARD_THEMES[(CARD_THEMES.index(cur) + 1) % len(CARD_THEMES)]
                         if cur in CARD_THEMES else CARD_THEMES[0])
        self._edit(change)

    def add_option(self) -> None:
        self._edit(lambda: self.doc.add_option(self._card_base(["options"])))

    def remove_option(self, i: int) -> None:
        self._edit(lambda: self.doc.delete(self._card_base(["options", i])))

    def add_item(self, path: tuple, value: str) -> None:
        self._edit(lambda: self.doc.list_append(path, value))

    def remove_item(self, path: tuple, i: int) -> None:
        self._edit(lambda: self.doc.delete(path + (i,)))

    def move_item(self, path: tuple, i: int) -> None:
        self._edit(lambda: self.doc.list_move(path, i, -1))

    def pick(self, key: str, step: int, add=None, actions=()) -> None:
        """‹ / › by an action list's Add: the next or previous action to add, shown on the Add
        button where it is (no rebuild)."""
        self.picks[key] = self.picks.get(key, 0) + step
        if add is None or not add.alive() or not actions:
            self.sync()
            self.app.rebuild()
            return
        text = _("Add: {action}").format(action=self._action_name(actions[self.picks[key] % len(actions)]))
        shown = self.shorten(text, add.rect.w)
        add.set_text(shown)
        add.set_tooltip(html.escape(text) if shown != text else None)
        self.app.dirty = True

    def _effect_default(self, key: tuple):
        if key == ("funds",):
            actions = sorted(getattr(self.library, "actions", None) or {})
            return actions[0] if actions else ""
        return -0.1 if key == ("macro",) else 1

    def add_effect(self, base, key: tuple) -> None:
        self._edit(lambda: self.doc.set_effect(base(), key, self._effect_default(key)))

    def remove_effect(self, base, key: tuple) -> None:
        self._edit(lambda: self.doc.remove_effect(base(), key))

    def change_effect(self, base, key: tuple, step: int) -> None:
        """‹ / › by an effect: the next or previous kind of effect it does not have yet."""
        def change():
            path = base()
            have = self.doc.effect_keys(path)
            free = [k for k in EFFECT_KEYS if k == key or k not in have]
            new = free[(free.index(key) + step) % len(free)]
            if new == key:
                return
            value = self.doc.get(path + key)
            if ("funds",) in (key, new) or (new == ("macro",) and not -1 <= value <= 1):
                value = self._effect_default(new)
            if new[0] == "budgets" and isinstance(value, float):
                value = round(value) or 1           # a budget's change is whole units
            self.doc.replace_effect(path, key, new, value)
        self._edit(change)

    def cycle_funds(self, base, _node=None) -> None:
        def change():
            path = base()
            actions = sorted(getattr(self.library, "actions", None) or {})
            cur = str(self.doc.get(path + ("funds",)))
            if actions:
                self.doc.set_effect(path, ("funds",), actions[(actions.index(cur) + 1) % len(actions)]
                                    if cur in actions else actions[0])
        self._edit(change)

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


class SaveAsScreen(_Measured, Screen):
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
        m, gap = self.u(80), self.u(10)
        bh = max(self.button_h(), self.u(40))
        y = self.u(60)
        head_h = self.ls("heading", True)
        self.cut_label((m, y, w - 2 * m, head_h), _("Save as…"), style="@heading")
        y += head_h + 2 * gap
        y += self.note(m, y, w - 2 * m, _("A short name for the file (lowercase letters, digits, '-'); it is also "
                                          "the scenario's id.")).rect.height + gap
        self.entry = pygame_gui.elements.UITextEntryLine(pygame.Rect(m, y, min(w - 2 * m, self.u(480)), bh),
                                                         self.manager)
        self.entry.set_text(self.text_value)
        self.manager.set_focus_set(self.entry)
        y += bh + gap
        y += self.note(m, y, w - 2 * m, _("Folder: {path}").format(path=user_scenarios_dir())).rect.height + gap
        bar_y = h - bh - self.u(40)
        if self.error:
            self.textbox((m, y, w - 2 * m, max(bh, min(self.u(200), bar_y - gap - y))), html.escape(self.error),
                         [self.error])
        cancel_w = max(self.u(200), self.fit_w(_("Cancel"), pygame.K_ESCAPE))
        save_w = max(self.u(240), self.fit_w(_("Save"), pygame.K_RETURN))
        self.button((m, bar_y, cancel_w, bh), _("Cancel"), self.cancel, pygame.K_ESCAPE)
        self.button((w - m - save_w, bar_y, save_w, bh), _("Save"), self.save, pygame.K_RETURN, style="@primary")

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
