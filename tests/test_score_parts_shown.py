"""Every score breakdown shows its four parts — objectives + agenda + legacy − accountability —
and they add up to the total shown beside them: the CLI's final scores, the end screen, the
on-screen debrief and the HTML report, in Korean and in English."""
from __future__ import annotations

import random
import re

import pygame
import pytest

from game.engine import outcome
from game.engine.constants import ROLES
from game.engine.scoring import score_parts
from game.headless import play_game
from game.i18n import _, set_language
from game.presentation import SCORE_PARTS, score_figures

HANGUL = re.compile(r"[\uac00-\ud7a3]")
NUMBER = r"(−?[\d,]+(?:\.\d+)?)"
LANGS = ("en", "ko")


def number(text: str) -> float:
    return float(text.replace("−", "-").replace(",", ""))


def sum_pattern() -> re.Pattern:
    """'<total> = <the four parts>' in the current language, each number captured."""
    template = _("objectives {objectives} + agenda {agenda} + legacy {legacy} − accountability {accountability}")
    body = re.escape(template)
    for k in SCORE_PARTS:
        body = body.replace(re.escape("{" + k + "}"), NUMBER)
    return re.compile(NUMBER + r" = " + body)


def sums_in(lines) -> list[tuple[float, list[float]]]:
    """Every 'total = parts' found in `lines`: (total, [objectives, agenda, legacy, accountability])."""
    pat = sum_pattern()
    found = []
    for line in lines:
        for m in pat.finditer(line):
            found.append((number(m.group(1)), [number(g) for g in m.groups()[1:]]))
    return found


def adds_up(total: float, parts: list[float]) -> bool:
    o, a, l, c = parts
    return round(o + a + l - c, 1) == round(total, 1)


def check_legend(lines, lang: str, english_words_left: bool = False, heading: bool = True) -> None:
    """What each part means is shown with the parts (the end screen leaves out the heading line)."""
    text = "\n".join(lines)
    if heading:
        assert _("Score = objectives + agenda + legacy − accountability") in text
    for k, note in (("legacy", "what your own programmes added to the region (booked when each is evaluated)"),
                    ("accountability", "the audit's bill for the idle assets and lock-in your decisions left "
                                       "behind, every round they last (subtracted)")):
        assert _(note) in text, k
    if lang == "ko":
        assert "사업 성과" in text and "책임 감점" in text
        assert english_words_left or ("legacy" not in text and "accountability" not in text)


@pytest.fixture(scope="module")
def finished(tutorial):
    state = play_game(tutorial, 7)
    parts = {r: score_parts(state, r) for r in ROLES}
    # the game exercises every part: someone has a legacy and someone an audit bill
    assert any(parts[r]["legacy"] for r in ROLES) and any(parts[r]["accountability"] for r in ROLES), parts
    return state


@pytest.fixture
def lang_switch():
    yield set_language
    set_language("en")


def test_display_rounding_always_adds_up():
    rng = random.Random(3)
    for _i in range(5000):
        raw = [rng.uniform(-60, 60) for _k in range(3)] + [rng.uniform(0, 80)]
        parts = {k: round(v, 2) for k, v in zip(SCORE_PARTS, raw)}
        parts["total"] = round(raw[0] + raw[1] + raw[2] - raw[3], 2)   # from the unrounded parts
        f = score_figures(parts)
        assert round(f["objectives"] + f["agenda"] + f["legacy"] - f["accountability"], 6) == f["total"]
        assert f["total"] == round(parts["total"], 1)
        assert all(abs(f[k] - parts[k]) <= 0.1 + 1e-9 for k in SCORE_PARTS), (parts, f)


@pytest.mark.parametrize("lang", LANGS)
def test_cli_outcome_lines_show_four_parts_that_add_up(finished, lang, lang_switch):
    from game.presentation import outcome_lines
    lang_switch(lang)
    res = outcome(finished)
    lines = outcome_lines(res, finished.scenario, {r: score_parts(finished, r) for r in ROLES})
    sums = sums_in(lines)
    assert len(sums) == len(ROLES), lines
    for total, parts in sums:
        assert adds_up(total, parts), (total, parts)
    assert sorted(t for t, _p in sums) == sorted(round(float(res.scores[r]), 1) for r in ROLES)
    check_legend(lines, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_the_replay_prints_the_four_parts(finished, lang, lang_switch):
    from game.cli import game_report
    lang_switch(lang)
    lines = game_report(finished)
    sums = sums_in(lines)
    assert len(sums) == len(ROLES) and all(adds_up(t, p) for t, p in sums), sums


@pytest.fixture
def app_for(data_dir):
    from game.session import GameSession, Seat
    from tests.ui_driver import new_app
    from game.ui.text import RECORDER
    RECORDER.enabled, RECORDER.screens = True, []

    def make(state, lang, size=(1280, 720), large=False):
        app = new_app(lang, size)
        if large:
            app.set_large_text(True)
        seats = {r: Seat("human", "baseline", f"P{i}") for i, r in enumerate(ROLES)}
        return app, GameSession(state.scenario, "tutorial", 7, seats, lang, None, state=state)

    yield make
    RECORDER.enabled, RECORDER.screens = False, []
    pygame.quit()
    set_language("en")


def shown(screen_name: str) -> list[str]:
    from game.ui.text import RECORDER
    return [t for name, _who, texts in RECORDER.screens if name == screen_name for t in texts]


@pytest.mark.parametrize("lang", LANGS)
def test_end_screen_and_debrief_show_four_parts_that_add_up(finished, lang, app_for):
    from game.ui.screens.debrief import PAGES, DebriefScreen
    from game.ui.screens.results import EndScreen
    app, session = app_for(finished, lang)
    app.show(EndScreen(app, session))
    app.step(0)
    end = shown("end")
    sums = sums_in(end)
    assert len(sums) == len(ROLES), end
    assert all(adds_up(t, p) for t, p in sums), sums
    out = outcome(finished)
    assert sorted(t for t, _p in sums) == sorted(round(float(out.scores[r]), 1) for r in ROLES)
    check_legend(end, lang, heading=False)

    app.show(DebriefScreen(app, session))
    app.step(0)
    first = shown("debrief")
    sums = sums_in(first)
    assert len(sums) == len(ROLES) and all(adds_up(t, p) for t, p in sums), first
    check_legend(first, lang)

    screen = DebriefScreen(app, session, page=PAGES.index("ministry"))   # the ministry's own page
    app.show(screen)
    app.step(0)
    own = shown(screen.name)
    sums = sums_in(own)
    assert len(sums) == 1 and adds_up(*sums[0]), own
    assert sums[0][0] == round(float(out.scores["ministry"]), 1)
    assert any(_("what your own programmes added to the region (booked when each is evaluated)") in t for t in own)


@pytest.mark.parametrize("size,large", [((1280, 720), False), ((1280, 720), True), ((1920, 1080), True)])
def test_end_screen_fits_the_window(finished, app_for, size, large):
    from tests.test_ui import outside
    from game.ui.screens.results import EndScreen
    app, session = app_for(finished, "ko", size, large)
    app.show(EndScreen(app, session))
    app.step(0)
    assert not outside(app), outside(app)


@pytest.mark.parametrize("lang", LANGS)
def test_the_report_shows_four_parts_that_add_up(finished, lang):
    from game.debrief.report import build_table, render_report
    page = render_report([build_table(finished, "game.json", counterfactuals=False)], lang)
    set_language(lang)
    try:
        # the table of final scores: four part cells (accountability with its minus) and the total
        rows = re.findall(r'<td class="num part-objectives">' + NUMBER + r'</td>\s*'
                          r'<td class="num part-agenda">' + NUMBER + r'</td>\s*'
                          r'<td class="num part-legacy">' + NUMBER + r'</td>\s*'
                          r'<td class="num part-accountability">' + NUMBER + r'</td>\s*'
                          r'<td class="num"><b>' + NUMBER + r'</b></td>', page)
        assert len(rows) == len(ROLES), page[:2000]
        for o, a, l, c, total in rows:
            assert number(c) <= 0
            assert round(number(o) + number(a) + number(l) + number(c), 1) == number(total)
        for name in ("Objectives", "Agenda", "Legacy", "Accountability"):
            assert f'<th class="num">{_(name)}</th>' in page
        # each player's page: its score as the sum, with what each part means
        sums = sums_in([re.sub(r"<[^>]+>", "", page)])
        assert len(sums) == len(ROLES) and all(adds_up(t, p) for t, p in sums), sums
        check_legend([page.replace("&#39;", "'")], lang, english_words_left=True)   # CSS classes
    finally:
        set_language("en")


@pytest.mark.parametrize("lang", LANGS)
def test_the_screen_and_the_report_show_one_view_of_each_decision(finished, lang, app_for):
    """Every decision's sentence, its marks and its first reasons read the same on the debrief
    screen as in the HTML report: both come from game.debrief.views."""
    import html as html_module
    from game.debrief.report import build_table, render_report
    from game.debrief.views import decision_views, lesson_views
    from game.ui.screens.debrief import PAGES, SCREEN_REASONS, DebriefScreen
    app, session = app_for(finished, lang)
    screen = DebriefScreen(app, session, page=PAGES.index("firms"))
    app.show(screen)
    app.step(0)
    on_screen = "\n".join(shown(screen.name))
    report = html_module.unescape(render_report([build_table(finished, "t.json")], lang))
    views = decision_views(screen.analysis, "firms")
    assert views
    for v in views:
        assert v.what in on_screen and v.what in report
        for r in v.reasons[:SCREEN_REASONS]:
            assert r in on_screen and r in report
    lessons = [v for v in lesson_views(screen.analysis) if v.key]
    screen = DebriefScreen(app, session, page=PAGES.index("lessons"))
    app.show(screen)
    app.step(0)
    on_screen = "\n".join(shown(screen.name))
    for v in lessons:
        assert v.text in on_screen and v.text in report
