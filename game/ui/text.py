"""Text drawn outside pygame_gui (dashboard, charts), with a cache of rendered surfaces, and the
recorder of every string that reaches the screen — which lets a test prove that no role's
private text is ever drawn on a public screen."""
from __future__ import annotations

from collections import OrderedDict

import pygame
import pygame_gui

from .theme import FONT_BOLD, FONT_REGULAR


class TextRecorder:
    """Every string shown, per screen (by screen name and the role it is private to)."""

    def __init__(self) -> None:
        self.enabled = False
        self.screens: list[tuple[str, str | None, list[str]]] = []
        # where each text drawn outside pygame_gui went (text, rect): the layout test's boxes
        self.drawn: list[tuple[str, pygame.Rect]] = []

    def begin(self, screen_name: str, private_to: str | None) -> None:
        if self.enabled:
            self.screens.append((screen_name, private_to, []))
            self.drawn = []

    def record(self, text: str) -> None:
        if self.enabled and self.screens and text:
            self.screens[-1][2].append(text)


RECORDER = TextRecorder()


class Fonts:
    """Fonts by (size, bold), and rendered text surfaces, least recently used dropped first."""

    def __init__(self, cache_size: int = 2000):
        self._fonts: dict[tuple[int, bool], pygame.font.Font] = {}
        self._cache: OrderedDict = OrderedDict()
        self._cache_size = cache_size

    def font(self, size: int, bold: bool = False) -> pygame.font.Font:
        key = (size, bold)
        if key not in self._fonts:
            self._fonts[key] = pygame.font.Font(str(FONT_BOLD if bold else FONT_REGULAR), size)
        return self._fonts[key]

    def render(self, text: str, size: int, color, bold: bool = False, wrap: int = 0) -> pygame.Surface:
        RECORDER.record(text)
        key = (text, size, tuple(color), bold, wrap)
        surf = self._cache.get(key)
        if surf is None:
            f = self.font(size, bold)
            surf = f.render(text, True, color, wraplength=wrap) if wrap else f.render(text, True, color)
            self._cache[key] = surf
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        return surf

    def draw(self, surface: pygame.Surface, text: str, pos, size: int, color, bold: bool = False,
             wrap: int = 0, anchor: str = "topleft") -> pygame.Rect:
        surf = self.render(text, size, color, bold, wrap)
        rect = surf.get_rect(**{anchor: pos})
        surface.blit(surf, rect)
        if RECORDER.enabled and text:
            RECORDER.drawn.append((text, rect.copy()))
        return rect


# --- pygame_gui's text measuring, remembered ----------------------------------------------------
# pygame_gui measures every run of text by rendering it (GUIFontPygame.get_rect: "the only way to
# get accurate layout data with kerning"), and a text box measures each word it wraps: rebuilding
# the board re-rendered its log some 2,000 times, most of a rebuild's time. The size of a text in
# one font and style never changes, so we remember it (the same Rect, copied, as the original
# gives); everything else in pygame_gui is untouched. A miss is measured with Font.size, which
# SDL_ttf computes with the very layout (kerning included) that rendering uses, without drawing:
# the same size, about 6× faster (checked over every catalogue string and random word runs, in both
# fonts, five sizes and every style; tests/test_text_cache.py). A text with a line break, or of no
# width (which rendering refuses with an error), still goes the original way, as before.
_RECTS_PER_FONT = 8192


def _remember_text_rects() -> None:
    from pygame_gui.core.gui_font_pygame import GUIFontPygame
    measure = GUIFontPygame.get_rect
    if getattr(measure, "_cpg_remembered", False):
        return

    def get_rect(self, text: str) -> pygame.Rect:
        font = self._GUIFontPygame__internal_font
        key = (text, self.antialiased, font.bold, font.italic, font.underline, font.strikethrough)
        cache = self.__dict__.get("_cpg_rects")
        if cache is None:
            cache = self.__dict__["_cpg_rects"] = {}
        rect = cache.get(key)
        if rect is None:
            if len(cache) >= _RECTS_PER_FONT:
                cache.clear()
            size = font.size(text) if text and "\n" not in text else (0, 0)
            if size[0] > 0:
                rect = pygame.Rect((0, font.get_ascent()), size)
            else:
                rect = measure(self, text)
            cache[key] = rect
        return rect.copy()

    get_rect._cpg_remembered = True            # type: ignore[attr-defined]
    GUIFontPygame.get_rect = get_rect           # type: ignore[method-assign]


_remember_text_rects()


# A text box draws each run of its text with GUIFontPygame.render_premul_to, and a rebuild draws
# the same runs again (the board after every move, a private screen after every funding): the
# font's rasterising was a third of a rebuild. The drawn run depends only on the font, its style,
# the text, the colour and the surface it is drawn into, so the last ones drawn are remembered
# and a copy handed out (the caller tints the surface it gets in place). Bounded by pixels, not
# entries: a run at 3840×2160 is a large surface.
_RUN_PIXELS = 8_000_000          # about 32 MB of 32-bit surfaces


def _remember_text_runs() -> None:
    from pygame_gui.core.gui_font_pygame import GUIFontPygame
    draw = GUIFontPygame.render_premul_to
    if getattr(draw, "_cpg_remembered", False):
        return
    runs: OrderedDict = OrderedDict()
    held = [0]

    def render_premul_to(self, text, text_colour, surf_size, surf_position):
        font = self._GUIFontPygame__internal_font
        try:
            key = (id(font), text, tuple(text_colour), tuple(surf_size), tuple(surf_position), self.antialiased,
                   font.bold, font.italic, font.underline, font.strikethrough)
        except TypeError:                       # a colour that is not a plain RGBA: draw as pygame_gui does
            return draw(self, text, text_colour, surf_size, surf_position)
        hit = runs.get(key)
        if hit is not None and hit[0] is font:
            runs.move_to_end(key)
            return hit[1].copy()
        surf = draw(self, text, text_colour, surf_size, surf_position)
        pixels = surf.get_width() * surf.get_height()
        if pixels <= _RUN_PIXELS // 16:
            runs[key] = (font, surf.copy())     # the font held: its id cannot be reused while remembered
            held[0] += pixels
            while held[0] > _RUN_PIXELS:
                _k, (_f, old) = runs.popitem(last=False)
                held[0] -= old.get_width() * old.get_height()
        return surf

    render_premul_to._cpg_remembered = True     # type: ignore[attr-defined]
    GUIFontPygame.render_premul_to = render_premul_to   # type: ignore[method-assign]


_remember_text_runs()


# --- pygame_gui's translating, remembered --------------------------------------------------------
# pygame_gui treats every text it shows as a key for its own translations (python-i18n) and, for a
# key it does not know, searches its translation folders on disk: every sentence of ours with a
# full stop in it cost a walk of the folders, on every rebuild. Worse, each new UIManager appends
# its folder to i18n's search path again, so the walk grew with every manager made (a change of
# window size class, of text size, of language). Our texts are translated already: a key found
# nowhere is remembered as missing (for that language and search path), and the path is kept
# free of repeats. pygame_gui's own keys ("pygame-gui.…") are found and translated as before.
_MISSES_KEPT = 50_000


def _remember_translation_misses() -> None:
    import i18n
    from i18n import config, translations
    lookup = i18n.t
    if getattr(lookup, "_cpg_remembered", False):
        return
    missing: set = set()

    def t(key, **kwargs):
        paths = i18n.load_path
        if len(paths) != len(set(paths)):
            paths[:] = list(dict.fromkeys(paths))
        locale, fallback = kwargs.get("locale", config.get("locale")), config.get("fallback")
        mark = (key, locale, fallback, tuple(paths))
        if mark in missing and "default" not in kwargs:
            return key
        found = lookup(key, **kwargs)
        if (isinstance(key, str) and not translations.has(key, locale) and not translations.has(key, fallback)
                and not config.get("error_on_missing_translation")):
            if len(missing) >= _MISSES_KEPT:
                missing.clear()
            missing.add(mark)
        return found

    t._cpg_remembered = True                   # type: ignore[attr-defined]
    i18n.t = t


_remember_translation_misses()


# --- a text box that lays out a long text once, not twice ---------------------------------------
# pygame_gui lays a text box's text out at the full width, draws every line, and only then sees
# that it is taller than the box: it lays the text out again, narrower, beside a scroll bar, and
# draws it again. The first drawing is thrown away. For the board's game log, which has a scroll
# bar from the second round on, that wasted drawing was a sixth of every rebuild of the board.
# Here the first pass stops before drawing when the text will not fit; what is finally shown is
# pixel for pixel what pygame_gui draws (tests/test_text_cache.py compares them).
def _not_drawn() -> None:
    return None


class TextBox(pygame_gui.elements.UITextBox):
    _scroll_pass = False

    def _build_scrollbar_for_oversized_text(self, *args, **kwargs):
        self._scroll_pass = True
        try:
            return super()._build_scrollbar_for_oversized_text(*args, **kwargs)
        finally:
            self._scroll_pass = False

    def _align_all_text_rows(self) -> None:
        super()._align_all_text_rows()
        layout = self.text_box_layout
        if (not self._scroll_pass and self.scroll_bar is None and layout is not None
                and not (self.dynamic_height or self.dynamic_width)
                and layout.layout_rect.height > self.text_wrap_rect[3]):
            layout.finalise_to_new = _not_drawn     # rebuild() lays it out again beside a scroll bar
