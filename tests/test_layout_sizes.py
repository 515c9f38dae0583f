"""The layout scales with the window: font sizes follow its height, and on every screen, at
several sizes from 960×600 to 3840×2160, in normal and large text and in both languages, no
button's or label's text is wider or taller than its element, and no text drawn outside
pygame_gui leaves the window or runs into another one, and no button of the screen itself (not
one inside a scrolling list) reaches past the window's edge."""
from __future__ import annotations

import os

import pygame
import pygame_gui
import pytest

from tests.ui_driver import KeyboardPlayer, new_app, press, screen_kind, through_briefing

SIZES = ((960, 600), (1280, 720), (1920, 1080), (3840, 2160))


# The views each screen is measured at. Sizes follow the window's height, so the views bound the
# others: 960×600 with large text is the tightest room for the largest type (it cuts what any
# narrower-relative layout cuts), 3840×2160 normal the largest window, where fixed pixels that do
# not grow show, 1920×1080 large the projector. Korean, whose lines are taller and words fewer,
# is measured at the tightest view and at 1920×1080 normal. CPG_LAYOUT_VIEWS=all measures every
# size in both modes (about three times as long), for a change of the layout helpers.
VIEWS = {"en": (((960, 600), True), ((1920, 1080), True), ((3840, 2160), False)),
         "ko": (((960, 600), True), ((1920, 1080), False))}


def views_for(lang: str) -> tuple:
    if os.environ.get("CPG_LAYOUT_VIEWS") == "all":
        return tuple((size, large) for large in (False, True) for size in SIZES)
    return VIEWS[lang]


MODES = (False, True)


def test_body_text_follows_the_window_height():
    from game.ui.theme import sizes
    assert sizes(False, 1080)["body"] >= 22 and sizes(True, 1080)["body"] >= 30
    assert sizes(False, 720)["body"] >= 16 and sizes(True, 720)["body"] >= 22
    assert sizes(False, 600) == sizes(False, 720)          # the smallest window keeps the 720 sizes
    for large in MODES:
        bodies = [sizes(large, h)["body"] for _w, h in SIZES]
        assert bodies == sorted(bodies) and bodies[-1] > bodies[1]


def _inner(el) -> pygame.Rect:
    """The element's rect less its border and its text's side padding."""
    r = pygame.Rect(el.rect)
    bw = getattr(el, "border_width", 0)
    if isinstance(bw, dict):
        left, right, top, bottom = bw.get("left", 0), bw.get("right", 0), bw.get("top", 0), bw.get("bottom", 0)
    else:
        left = right = top = bottom = int(bw or 0)
    pad = int(getattr(el, "text_horiz_alignment_padding", 0) or 0)
    return pygame.Rect(r.x + left + pad, r.y + top, r.w - left - right - 2 * pad, r.h - top - bottom)


def _ink(rect: pygame.Rect) -> pygame.Rect:
    """A text surface's box less the font's leading above and below (the Korean font's line
    is about 1.45 times its size): neighbouring lines may share their leading, not their ink."""
    trim = int(rect.h * 0.18)
    return pygame.Rect(rect.x + 1, rect.y + trim, max(0, rect.w - 2), max(0, rect.h - 2 * trim))


def layout_problems(app) -> list[str]:
    from game.ui.text import RECORDER
    bad = []
    win = pygame.Rect((0, 0), app.window.get_size())
    for el in app.manager.get_sprite_group().sprites():
        if type(el) not in (pygame_gui.elements.UIButton, pygame_gui.elements.UILabel) or not el.visible:
            continue
        text = el.text or ""
        if not text.strip():
            continue
        if type(el) is pygame_gui.elements.UIButton and el.ui_container is app.manager.get_root_container() \
                and not win.contains(el.rect):
            bad.append(f"button {tuple(el.rect)} leaves the window {win.size}: {text!r}")
        tw, th = el.font.size(text)
        box = _inner(el)
        if tw > box.w or th * 0.8 > box.h:
            bad.append(f"{type(el).__name__} {tuple(el.rect)} text {tw}×{th} in {box.w}×{box.h}: {text!r}")
    drawn = [(t, r) for t, r in RECORDER.drawn]
    for t, r in drawn:
        if not win.contains(_ink(r)):
            bad.append(f"drawn text {tuple(r)} leaves the window: {t!r}")
    for i, (t, r) in enumerate(drawn):
        for t2, r2 in drawn[i + 1:]:
            if t2 == t and r2 == r:
                continue                          # the same text drawn twice in one place
            if _ink(r).colliderect(_ink(r2)):
                bad.append(f"drawn texts overlap: {t!r} {tuple(r)} and {t2!r} {tuple(r2)}")
    return bad


def set_view(app, size, large: bool) -> None:
    app.settings.large_text = large
    app.windowed_size = size
    app.window = pygame.display.set_mode(size, pygame.RESIZABLE)
    app.rebuild()


class Checker:
    def __init__(self, app, lang: str):
        self.app, self.lang = app, lang
        self.problems: list[str] = []
        self.seen: list[str] = []

    def check(self, label: str) -> None:
        from game.ui.text import RECORDER
        app = self.app
        self.seen.append(label)
        RECORDER.enabled = True
        try:
            for size, large in views_for(self.lang):
                set_view(app, size, large)
                body = app.sizes["body"]
                RECORDER.drawn = []
                app.draw()
                where = f"{self.lang} {size[0]}×{size[1]} {'large' if large else 'normal'} {label}"
                self.problems += [f"{where}: {p}" for p in layout_problems(app)]
                if size == (1920, 1080):
                    assert body >= (30 if large else 22), (where, body)
        finally:
            RECORDER.enabled, RECORDER.screens, RECORDER.drawn = False, [], []
            set_view(app, (1280, 720), False)
            app.step(0)


# Every screen the demo visits: the title, the library, the editor's pages and its check, set-up,
# every briefing page and its curtains, the board in each phase, the projector, the facilitator's
# view and curtain, a private curtain, the deal composer and answer, the allocation, the
# resolution, the end and every debrief page.
DEMO_SCREENS = {"title", "library", "editor", "editor-region", "editor-deck", "check", "setup",
                "briefing-1-intro", "briefing-facilitator-curtain", "briefing-facilitator", "briefing-curtain",
                "briefing-agenda", "board-event", "board-negotiation", "board-negotiation-timer", "projector",
                "facilitator-curtain", "facilitator", "curtain", "negotiation", "deal-answer", "board-actions",
                "actions", "resolution", "end", "debrief-story", "debrief-charts", "debrief-lessons",
                "debrief-games", "debrief"}


# Pages the demo shows twice over in another role's words: the ministry's and the firms' debrief
# pages are the local government's and the university's layout (those two have the longest names).
SAME_AS_ANOTHER = {"debrief-ministry", "debrief-firms"}


@pytest.mark.heavy
@pytest.mark.timeout(900)      # a whole demo game, each screen laid out at every size: minutes, not seconds
@pytest.mark.parametrize("lang", ("en", "ko"))
def test_every_screen_of_a_game_fits_at_every_size(data_dir, lang, monkeypatch):
    """The demo drives a whole game through the real screens; on each distinct one, the views
    above are laid out and measured. (The editor's check runs a token number of games: its
    results page is measured, not its figures.)"""
    from game.i18n import set_language
    from game.ui.demo import run_demo
    from game.ui.screens import editor
    monkeypatch.setattr(editor, "CHECK_GAMES", 8)
    monkeypatch.setattr(editor, "CHECK_LAB_SEEDS", 1)
    problems: list[str] = []
    seen: list[str] = []

    def measure(app, key: str) -> None:
        seen.append(key)
        if key in SAME_AS_ANOTHER:
            return
        checker = Checker(app, lang)
        checker.check(key)
        problems.extend(checker.problems)

    try:
        run_demo(lang=lang, on_screen=measure)
    finally:
        set_language("en")
    missing = DEMO_SCREENS - set(seen)
    assert not missing, f"the demo did not reach {sorted(missing)}"
    assert not problems, f"{len(problems)} texts do not fit:\n" + "\n".join(problems[:400])


def test_the_action_list_scrolls_to_the_focused_action_and_stays_put_after_a_funding(data_dir):
    """Large text in a 960×600 window cannot hold nine actions: the list scrolls. Tab brings a
    focused action into view, and funding one (which rebuilds the screen) keeps the list where
    it was instead of jumping back to the top."""
    from game.i18n import set_language
    app = new_app("en", (1280, 720))
    try:
        press(app, pygame.K_n)
        press(app, pygame.K_F5)
        through_briefing(app)
        press(app, pygame.K_1)
        KeyboardPlayer(app).play(stop_when=lambda p: screen_kind(app) == "ActionsScreen")
        set_view(app, (960, 600), True)
        app.step(0)
        screen = app.screen
        view = screen.list_box.rect
        bar = screen.list_box.vert_scroll_bar
        assert bar is not None and screen.list_height > view.h       # the rows do not fit: a scroll bar
        last = [b for b in screen.list_buttons if b.is_enabled][-1]
        assert last.rect.top >= view.bottom                            # below the list's view at first
        while screen.focusables[screen.focus][0] is not last:
            press(app, pygame.K_TAB)
        app.step(0)
        assert view.top <= last.rect.top and last.rect.bottom <= view.bottom + 1
        kept = bar.start_percentage
        assert kept > 0
        role = screen.role
        before = len(screen.session.state.history)
        press(app, pygame.K_RETURN)                     # Enter presses the focused button: fund it
        app.step(0)
        assert len(app.screen.session.state.history) == before + 1 and app.screen.role == role
        assert app.screen.list_box.vert_scroll_bar.start_percentage == pytest.approx(kept, abs=0.02)
    finally:
        pygame.quit()
        set_language("en")


@pytest.mark.parametrize("lang", ("en", "ko"))
def test_the_round_line_under_the_regions_name_is_above_the_panels_at_every_size(data_dir, lang):
    """The board's "Round 1 of 6" sits under the region's name; with large text, and from
    1920×1080 up, it reached into the region panel drawn after it, which hid its lower half.
    (The layout check above compares drawn texts with each other, not with panels.)"""
    from game.i18n import set_language
    from game.ui.text import RECORDER
    app = new_app(lang, (1280, 720))
    try:
        press(app, pygame.K_n)
        press(app, pygame.K_F5)
        through_briefing(app)
        assert screen_kind(app) == "GameScreen"
        round_line = app.screen.subtitle_y
        RECORDER.enabled = True
        for size in SIZES:
            for large in MODES:
                set_view(app, size, large)
                RECORDER.drawn = []
                app.draw()
                line = [r for t, r in RECORDER.drawn if r.y == round_line() and r.x == 16]
                assert len(line) == 1, (size, large)
                panels = app.screen.regions()
                assert all(line[0].bottom <= p.top for p in panels), (size, large, line[0], panels[0])
    finally:
        RECORDER.enabled, RECORDER.screens, RECORDER.drawn = False, [], []
        pygame.quit()
        set_language("en")
