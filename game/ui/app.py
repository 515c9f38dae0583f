"""The game window: one pygame window, one pygame_gui manager, one current screen.

The loop blocks on events when idle (a laptop in a workshop should not burn its battery) and
redraws only when something changed. Screens are rebuilt on resize, language switch and
text-size change, which keeps every screen's layout code in one place (its `build`).

Input is safe and shown at once:

- a key acts only when it is freshly pressed: there is no key repeat for shortcuts, and a key
  still held down from the previous screen (the Enter that opened this one) does nothing here
  until it is released and pressed again;
- the frame drawn after an input shows all of its result: the events pygame_gui posts in
  answer (a button's press, a drop-down's change) are handled in the same loop turn, and the
  widgets' deferred redraws (pygame_gui redraws one widget state per update) are run before the
  frame is drawn, so nothing waits for the next mouse movement.
"""
from __future__ import annotations

import html
import json
import os
import time
import warnings
from typing import Callable

import pygame
import pygame_gui

from game.i18n import _, set_language
from game.files import user_data_dir, write_atomic

from . import theme
from .text import RECORDER, Fonts, TextBox

# pygame_gui warns on stderr about fonts and label sizes; the player must never see that.
warnings.filterwarnings("ignore", category=UserWarning, module=r"pygame_gui\..*")

MIN_SIZE = (960, 600)
BASE_SIZE = (1280, 720)

# Events a person makes: after one of them the frame is brought fully up to date.
INPUT_EVENTS = frozenset((pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEWHEEL,
                          pygame.KEYDOWN, pygame.KEYUP, pygame.TEXTINPUT, pygame.TEXTEDITING))
SETTLE_ROUNDS = 12   # at most this many extra GUI updates after an input, within one loop turn


SETTINGS_MAX_BYTES = 64 * 1024


class Settings:
    """Player settings, kept in settings.json in the user data folder."""

    TIMER_CHOICES = (3, 5, 8, 10, 15)

    def __init__(self, lang: str, large_text: bool = False, fullscreen: bool = False,
                 timer_minutes: int = 5):
        self.lang, self.large_text, self.fullscreen = lang, large_text, fullscreen
        self.timer_minutes = timer_minutes

    @classmethod
    def load(cls, default_lang: str) -> "Settings":
        try:
            path = user_data_dir() / "settings.json"
            with open(path, "rb") as fh:
                raw = fh.read(SETTINGS_MAX_BYTES + 1)     # a settings file is a few dozen bytes
            if len(raw) > SETTINGS_MAX_BYTES:
                return cls(default_lang)
            data = json.loads(raw.decode("utf-8"))
            lang = data.get("lang") if data.get("lang") in ("ko", "en") else default_lang
            minutes = data.get("timer_minutes")
            minutes = minutes if type(minutes) is int and minutes in cls.TIMER_CHOICES else 5
            return cls(lang, data.get("large_text") is True, data.get("fullscreen") is True, minutes)
        except (OSError, ValueError, AttributeError, RecursionError, TypeError):
            # a damaged, hostile or deeply nested file: the defaults, and the window still opens
            return cls(default_lang)

    def save(self) -> None:
        data = {"lang": self.lang, "large_text": self.large_text, "fullscreen": self.fullscreen,
                "timer_minutes": self.timer_minutes}
        try:
            write_atomic(user_data_dir() / "settings.json", json.dumps(data).encode("utf-8"))
        except OSError:
            pass   # settings are a convenience; never stop the game for them


_KEY_LABELS = {pygame.K_RETURN: "Enter", pygame.K_ESCAPE: "Esc", pygame.K_MINUS: "−",
               pygame.K_EQUALS: "+", pygame.K_TAB: "Tab", pygame.K_SPACE: "Space",
               pygame.K_LEFT: "←", pygame.K_RIGHT: "→", pygame.K_UP: "↑", pygame.K_DOWN: "↓",
               pygame.K_PAGEUP: "PgUp", pygame.K_PAGEDOWN: "PgDn"}


def key_label(key: int) -> str:
    """How a shortcut is written on its button: [Enter], [Esc], [F5], [N], [1]."""
    return _KEY_LABELS.get(key) or pygame.key.name(key).upper()


class Screen:
    """A screen builds its widgets in `build`, draws what pygame_gui does not in `draw`, and
    reacts in `on_key` / its buttons' callbacks. `private_to` names the role whose private
    information it shows (None: a public screen)."""

    name = "screen"
    private_to: str | None = None

    def __init__(self, app: "App"):
        self.app = app
        self.focusables: list[tuple[pygame_gui.elements.UIButton, Callable]] = []
        self.shortcuts: dict[int, Callable] = {}
        self.focus = -1
        self._callbacks: dict[pygame_gui.core.UIElement, Callable] = {}

    # --- building blocks (every string shown goes through these, so it is recorded) ---------
    @property
    def manager(self) -> pygame_gui.UIManager:
        return self.app.manager

    @property
    def size(self) -> tuple[int, int]:
        return self.app.window.get_size()

    def u(self, px: float) -> int:
        """`px` pixels of the 1280×720 normal-text layout, at this window's and text's scale: a
        length that grows with the text (fixed widths cut the text of larger windows)."""
        return round(px * self.app.sizes["body"] / theme.BASE_SIZE)

    def fit_w(self, text: str, key: int | None = None, size: str = "body", bold: bool = False) -> int:
        """The width a button needs for `text` (with its key's bracket): text, padding, border.
        `bold`: in the bold font (a heading label's)."""
        label = f"[{key_label(key)}] {text}" if key else text
        return self.app.fonts.font(self.app.sizes[size], bold).size(label)[0] + 2 * theme.BUTTON_PAD + 8

    def button_h(self) -> int:
        """The height of a button (or a row of one) at this window's and text's size."""
        return max(self.u(38), round(self.app.fonts.font(self.app.sizes["body"]).get_linesize() * 1.4))

    def shorten(self, text: str, width: int, key: int | None = None, size: str = "body",
                bold: bool = False) -> str:
        """`text`, cut at a word or letter and ended with "…" only when a button `width` wide
        cannot hold it whole (callers put the whole text in the button's tooltip). With `bold`
        and no `key` it measures a label's text the same way (the editor's `cut`)."""
        if self.fit_w(text, key, size, bold) <= width:
            return text
        lo, hi = 0, len(text)
        while lo < hi:                          # the longest start that fits with its "…"
            mid = (lo + hi + 1) // 2
            if self.fit_w(text[:mid].rstrip() + "…", key, size, bold) <= width:
                lo = mid
            else:
                hi = mid - 1
        return text[:lo].rstrip() + "…"

    def button(self, rect, text: str, callback: Callable, key: int | None = None,
               style: str | None = None, enabled: bool = True, tooltip: str | None = None,
               container=None):
        label = f"[{key_label(key)}] {text}" if key else text
        RECORDER.record(label)
        b = pygame_gui.elements.UIButton(pygame.Rect(rect), label, self.manager, container=container,
                                         object_id=pygame_gui.core.ObjectID(object_id=style) if style else None,
                                         tool_tip_text=html.escape(tooltip) if tooltip else None)
        if tooltip:
            RECORDER.record(tooltip)
        if not enabled:
            b.disable()
        else:
            self._callbacks[b] = callback
            self.focusables.append((b, callback))
            if key:
                self.shortcuts[key] = callback
        return b

    def label(self, rect, text: str, style: str | None = None, container=None):
        RECORDER.record(text)
        return pygame_gui.elements.UILabel(pygame.Rect(rect), text, self.manager, container=container,
                                           object_id=pygame_gui.core.ObjectID(object_id=style) if style else None)

    def textbox(self, rect, html_text: str, plain: list[str] | None = None, style: str | None = None,
                container=None):
        """A scrolling text box. `html_text` must already be escaped; `plain` lists the strings
        it shows, for the recorder. A height of -1 makes the box as tall as its text."""
        for s in plain or [html_text]:
            RECORDER.record(s)
        return TextBox(html_text, pygame.Rect(rect), self.manager, container=container,
                       object_id=pygame_gui.core.ObjectID(object_id=style) if style else None)

    def text(self, surface, text: str, pos, size: str = "body", color=None, bold: bool = False,
             wrap: int = 0, anchor: str = "topleft"):
        """Draw text directly (in `draw`), cached and recorded."""
        return self.app.fonts.draw(surface, text, pos, self.app.sizes[size], color or theme.TEXT,
                                   bold=bold, wrap=wrap, anchor=anchor)

    def key(self, key: int, callback: Callable) -> None:
        self.shortcuts[key] = callback

    # --- lifecycle -----------------------------------------------------------------------------
    def build(self) -> None:
        pass

    def draw(self, surface: pygame.Surface) -> None:
        pass

    def on_key(self, event: pygame.event.Event) -> bool:
        return False

    def tick(self) -> bool:
        """Called every loop turn; return True if something changed and needs a redraw."""
        return False

    def press(self, element) -> None:
        callback = self._callbacks.get(element)
        if callback:
            callback()

    def move_focus(self, step: int) -> None:
        if not self.focusables:
            return
        if 0 <= self.focus < len(self.focusables):
            self.focusables[self.focus][0].unselect()
        self.focus = (self.focus + step) % len(self.focusables)
        self.focusables[self.focus][0].select()

    def activate_focus(self) -> bool:
        if 0 <= self.focus < len(self.focusables):
            self.focusables[self.focus][1]()
            return True
        return False


def _require_display() -> None:
    """With no display SDL falls back to a window nobody can see (its offscreen driver) and the
    game would wait there forever: stop with a sentence instead. A driver asked for by name
    (SDL_VIDEODRIVER=dummy in tests and screenshots) is the caller's choice."""
    if pygame.display.get_driver() in ("offscreen", "dummy") and not os.environ.get("SDL_VIDEODRIVER"):
        raise pygame.error(_("no display was found"))


class App:
    def __init__(self, lang: str, size=BASE_SIZE, fullscreen: bool | None = None,
                 lang_chosen: bool = False):
        """`lang_chosen`: the language was asked for on the command line (--lang), so it wins
        over the saved setting for this run; otherwise the saved setting wins over `lang`."""
        pygame.init()
        _require_display()
        pygame.key.set_repeat(0)   # no key repeat (a text field turns it on while it has the keyboard)
        self.settings = Settings.load(lang)
        if lang_chosen:
            self.settings.lang = lang
        if fullscreen is not None:
            self.settings.fullscreen = fullscreen
        set_language(self.settings.lang)
        pygame.display.set_caption(_("Cluster Policy Game"))
        self.windowed_size = size
        self.window = self._open_window()
        self.fonts = Fonts()
        self.manager = self._new_manager()
        self.screen: Screen | None = None
        self.running = True
        self.dirty = True
        self.now: Callable[[], float] = time.perf_counter   # the loop's clock; tests freeze it
        self.clock = self.now()
        # Keys pressed and not yet released: a key down again before its release is a repeat
        # (or the key that opened this screen, still held) and never acts.
        self.keys_down: set[int] = set()
        self.message: tuple[str, float] | None = None     # a toast: (text, until)
        # A Hangul syllable being composed by the IME: pygame_gui's entries only see committed
        # text (TEXTINPUT), so we draw the composition (TEXTEDITING) ourselves.
        self.composition: tuple[object, str] | None = None
        self.timer_end: float | None = None        # the negotiation timer: when it rings
        self.timer_rang = False
        self.on_screen_change: Callable[[Screen], None] | None = None   # demo screenshots

    # --- window --------------------------------------------------------------------------------
    def _open_window(self) -> pygame.Surface:
        if self.settings.fullscreen:
            return pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
        return pygame.display.set_mode(self.windowed_size, pygame.RESIZABLE)

    MANAGERS_KEPT = 6    # window sizes' managers kept (a resize back and forth reuses its fonts)

    def _themed_manager(self, fresh: bool = False) -> pygame_gui.UIManager:
        """A manager themed for this window's text sizes: one made before for the same sizes,
        emptied, or a new one. Making one loads the Korean font at every size (most of what a
        resize to another size class costs)."""
        key = tuple(sorted(self.sizes.items()))
        cache = self.__dict__.setdefault("_managers", {})
        manager = None if fresh else cache.pop(key, None)
        if manager is None:
            manager = self._new_manager()
        else:
            self._manager_sizes = dict(self.sizes)
            manager.set_window_resolution(self.window.get_size())
            manager.clear_and_reset()
        cache[key] = manager                     # the newest last: the oldest goes first
        while len(cache) > self.MANAGERS_KEPT:
            cache.pop(next(iter(cache)))
        return manager

    def _new_manager(self) -> pygame_gui.UIManager:
        manager = pygame_gui.UIManager(self.window.get_size(),
                                       theme.gui_theme(self.settings.large_text, self.window.get_height()),
                                       starting_language="en", enable_live_theme_updates=False)
        # Bold text inside text boxes (<b>) needs its font loaded up front.
        s = self.sizes
        self._manager_sizes = dict(s)
        themed = {(s["body"], "regular"), (s["small"], "regular"), (s["heading"], "bold"), (s["title"], "bold")}
        manager.preload_fonts([{"name": "noto_sans_kr", "point_size": size, "style": style}
                               for size in sorted(set(s.values())) for style in ("bold", "italic", "regular")
                               if (size, style) not in themed])
        return manager

    def toggle_fullscreen(self) -> None:
        self.settings.fullscreen = not self.settings.fullscreen
        self.settings.save()
        self.window = self._open_window()
        self.rebuild(new_manager=True)

    def set_language(self, lang: str) -> None:
        self.settings.lang = lang
        self.settings.save()
        set_language(lang)
        pygame.display.set_caption(_("Cluster Policy Game"))
        self.rebuild()

    def set_large_text(self, large: bool) -> None:
        self.settings.large_text = large
        self.settings.save()
        self.rebuild(new_manager=True)

    @property
    def sizes(self) -> dict[str, int]:
        return theme.sizes(self.settings.large_text, self.window.get_height())

    # --- screens -------------------------------------------------------------------------------
    def show(self, screen: Screen) -> None:
        self.screen = screen
        self.rebuild()
        if self.focused_entry() is None:
            pygame.key.set_repeat(0)    # a text field that had the keyboard may have left it on
        if self.on_screen_change:
            self.on_screen_change(screen)

    def rebuild(self, new_manager: bool = False) -> None:
        # the theme's font sizes follow the window's height: a resize to another size class
        # needs a manager themed for it
        if new_manager or self.sizes != self._manager_sizes:
            self.manager = self._themed_manager(fresh=new_manager)
        else:
            self.manager.set_window_resolution(self.window.get_size())
            self.manager.clear_and_reset()
        if self.screen:
            s = self.screen
            s.focusables, s.shortcuts, s.focus, s._callbacks = [], {}, -1, {}
            RECORDER.begin(s.name, s.private_to)
            s.build()
        self.manager.update(0.0)   # new elements build their images on their first update
        self.dirty = True

    def toast(self, text: str, seconds: float = 4.0) -> None:
        self.message = (text, self.now() + seconds)
        self.dirty = True

    # --- loop ----------------------------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.QUIT:
            self.running = False
            return
        if event.type == pygame.VIDEORESIZE and not self.settings.fullscreen:
            w, h = max(MIN_SIZE[0], event.w), max(MIN_SIZE[1], event.h)
            self.windowed_size = (w, h)
            if (w, h) != (event.w, event.h):
                self.window = pygame.display.set_mode((w, h), pygame.RESIZABLE)
            self.rebuild()
            return
        if event.type in (pygame.WINDOWEXPOSED, pygame.WINDOWRESTORED, pygame.WINDOWFOCUSGAINED):
            self.dirty = True
        if event.type in (pygame.WINDOWFOCUSLOST, pygame.WINDOWFOCUSGAINED):
            self.keys_down.clear()      # a release made in another window never reaches us
        fresh = True
        if event.type == pygame.KEYDOWN:
            fresh = event.key not in self.keys_down
            self.keys_down.add(event.key)
        elif event.type == pygame.KEYUP:
            self.keys_down.discard(event.key)
        if event.type == pygame.TEXTEDITING:
            entry = self.focused_entry()
            self.composition = (entry, event.text) if entry is not None and event.text else None
            self.dirty = True
        elif event.type == pygame.TEXTINPUT:
            self.composition = None
        consumed = self.manager.process_events(event)
        entry = self.focused_entry()
        if entry is not None and event.type in (pygame.MOUSEBUTTONDOWN, pygame.KEYDOWN):
            pygame.key.set_text_input_rect(entry.rect)   # the OS candidate window sits by the field
        if event.type in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP,
                          pygame.KEYDOWN, pygame.TEXTINPUT, pygame.TEXTEDITING, pygame.MOUSEWHEEL):
            self.dirty = True
        if event.type == pygame_gui.UI_BUTTON_PRESSED and self.screen:
            self.screen.press(event.ui_element)
            return
        if self.screen and event.type >= pygame.USEREVENT and hasattr(self.screen, "on_gui_event"):
            self.screen.on_gui_event(event)
        if event.type == pygame.KEYDOWN and not consumed and fresh:
            self._key(event)

    def focused_entry(self):
        """The text field that has the keyboard, if any."""
        for element in self.manager.get_focus_set() or ():
            if isinstance(element, (pygame_gui.elements.UITextEntryLine, pygame_gui.elements.UITextEntryBox)):
                return element
        return None

    def _key(self, event: pygame.event.Event) -> None:
        screen = self.screen
        if event.key == pygame.K_F11:
            self.toggle_fullscreen()
            return
        if screen is None:
            return
        focused_entry = self.focused_entry() is not None
        if screen.on_key(event):
            return
        if event.key == pygame.K_TAB:
            screen.move_focus(-1 if event.mod & pygame.KMOD_SHIFT else 1)
            self.dirty = True
            return
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER) and screen.activate_focus():
            return
        if focused_entry:
            return    # letters typed into a field are not shortcuts
        callback = screen.shortcuts.get(event.key)
        if callback:
            callback()

    def step(self, timeout_ms: int = 0) -> None:
        """One turn of the loop: wait for events (up to `timeout_ms`), handle them, redraw. The
        frame drawn shows the whole result of the input handled in this turn."""
        first = pygame.event.wait(timeout_ms) if timeout_ms else None
        events = ([first] if first is not None and first.type != pygame.NOEVENT else []) + pygame.event.get()
        inputs = False
        for event in events:
            self.handle(event)
            if not self.running:
                return
            inputs = inputs or event.type in INPUT_EVENTS
        now = self.now()
        dt, self.clock = now - self.clock, now
        self.manager.update(dt)
        if inputs and not self._settle():
            return
        if self.screen and self.screen.tick():
            self.dirty = True
        if self._gui_pending():        # a tick rebuilt the screen: its widgets finish drawing first
            self._settle()
        if self.message and now > self.message[1]:
            self.message = None
            self.dirty = True
        if self.focused_entry() is not None:
            self.dirty = True          # the text cursor blinks
        if self.dirty:
            self.draw()

    def _settle(self) -> bool:
        """After an input: handle what pygame_gui posted in answer (a button's press, a
        drop-down's change) and let the widgets finish their deferred redraws, so that this
        turn's frame shows it all. Returns False when the app stopped."""
        for _round in range(SETTLE_ROUNDS):
            follow = pygame.event.get()
            for event in follow:
                self.handle(event)
                if not self.running:
                    return False
            if not follow and not self._gui_pending():
                break
            self.manager.update(0.0)
            self.dirty = True
        return True

    def _gui_pending(self) -> bool:
        """Whether a widget still has drawing to do that its next update will show: the state
        it shows queued for redrawing (pygame_gui redraws one state per update, the others can
        wait), a fresh image not yet taken up, a drop-down between its closed and open states."""
        for element in self.manager.get_sprite_group().sprites():
            shape = getattr(element, "drawable_shape", None)
            active = getattr(shape, "active_state", None)
            if active is not None:
                if getattr(active, "has_fresh_surface", False):
                    return True
                queue = getattr(shape, "states_to_redraw_queue", None)
                if queue and getattr(active, "state_id", None) in queue:
                    return True
            state = getattr(element, "current_state", None)
            if state is not None and getattr(state, "should_transition", False):
                return True
        return False

    def draw(self) -> None:
        self.window.fill(theme.BG)
        if self.screen:
            self.screen.draw(self.window)
        self.manager.draw_ui(self.window)
        self._draw_composition()
        if self.message:
            w, h = self.window.get_size()
            surf = self.fonts.render(self.message[0], self.sizes["body"], theme.TEXT, wrap=w - 200)
            box = surf.get_rect(midbottom=(w // 2, h - 24)).inflate(24, 16)
            pygame.draw.rect(self.window, theme.PANEL_LIGHT, box, border_radius=8)
            pygame.draw.rect(self.window, theme.WARN, box, 2, border_radius=8)
            self.window.blit(surf, surf.get_rect(center=box.center))
        pygame.display.flip()
        self.dirty = False

    def _draw_composition(self) -> None:
        if not self.composition:
            return
        entry, text = self.composition
        if not entry.alive() or entry is not self.focused_entry():
            self.composition = None
            return
        size = self.sizes["body"]
        committed = self.fonts.font(size).size(entry.get_text())[0]
        surf = self.fonts.render(text, size, theme.FOCUS)
        x = min(entry.rect.x + 10 + committed, entry.rect.right - surf.get_width() - 6)
        box = surf.get_rect(midleft=(x, entry.rect.centery))
        pygame.draw.rect(self.window, theme.PANEL, box.inflate(4, 2))
        self.window.blit(surf, box)
        pygame.draw.line(self.window, theme.FOCUS, box.bottomleft, box.bottomright, 2)

    def needs_ticks(self) -> bool:
        """Whether the loop must wake up on its own (a blinking cursor, a toast, a busy screen)."""
        return (bool(self.message) or bool(self.manager.get_focus_set()) or self.timer_end is not None
                or getattr(self.screen, "busy", False))

    def run(self) -> None:
        failures = 0
        while self.running:
            busy = getattr(self.screen, "busy", False)
            try:
                self.step(timeout_ms=1 if busy else 100 if self.needs_ticks() else 1000)
                failures = 0
            except Exception:   # noqa: BLE001 — the room must not see a traceback
                failures += 1
                if failures > 3:
                    raise
                self._recover()
        pygame.quit()

    def _recover(self) -> None:
        """A bug hit: note it for us, tell the room in one sentence, rebuild the screen. The
        game itself is safe in the autosave."""
        import traceback
        try:
            log = user_data_dir() / "crash.log"
            log.parent.mkdir(parents=True, exist_ok=True)
            with open(log, "a", encoding="utf-8") as fh:
                fh.write(time.strftime("%Y-%m-%d %H:%M:%S\n") + traceback.format_exc() + "\n")
        except OSError:
            pass
        self.manager = self._new_manager()
        self.rebuild()
        self.toast(_("Something went wrong on this screen; it was reset. The game is saved."), 6)
