"""The table's story (issue 11, item 3): S1–S4 assessed from the game's facts, the real cases a
decision echoes, the winner who won at the region's cost, the report's first page, the content
file's validation, and the on-screen page in both languages."""
from __future__ import annotations

import dataclasses
import os
import re
import string
from pathlib import Path

import pytest

from game.content.loader import BUILTIN_ROOT, ContentError, load_scenario, load_story, validate_paths
from game.debrief.analysis import analyse
from game.debrief.story import render, story_facts, table_story
from game.engine import apply, current_player, is_over, new_game
from game.engine.actions import (ChooseOption, Cofund, DealTerms, EndNegotiation, EndTurn, Fund,
                                 ProposeDeal, RespondDeal, Share, Transfer)
from game.engine.constants import FAILURE_IDS, ROLES
from game.headless import play_game

LANGS = ("en", "ko")


@pytest.fixture(scope="module")
def story():
    return load_story()


def scripted(scenario, seed: int, deals: dict[int, DealTerms] | None = None,
             funds: dict[int, dict[str, list[str]]] | None = None):
    """A game where, in each round, the ministry proposes `deals[round]` (its partners accept),
    each role funds `funds[round][role]` (plus any action a grant was tied to), and event
    options are the first that walks into no failure type and hands out no money."""
    deals, funds = deals or {}, funds or {}
    s = new_game(scenario, seed)
    proposed: set[int] = set()
    while not is_over(s):
        role = current_player(s)
        if s.phase == "event":
            card = scenario.cards[s.card_id]
            clean = [o for o in card.options if not set(o.tags) & set(FAILURE_IDS)]
            opt = next((o for o in clean if not o.effects.funds), (clean or card.options)[0])
            move = ChooseOption(role, opt.id)
        elif s.phase == "negotiation":
            pending = [d for d in s.deals if d.status == "pending" and role in d.terms.recipients
                       and role not in d.accepted_by]
            if pending:
                move = RespondDeal(role, pending[0].id, True)
            elif role == "ministry" and s.round in deals and s.round not in proposed:
                proposed.add(s.round)
                move = ProposeDeal("ministry", deals[s.round])
            else:
                move = EndNegotiation(role)
        else:
            want = list(funds.get(s.round, {}).get(role, []))
            want += [c.target for c in s.commitments if c.role == role and c.kind == "fund"
                     and c.start_round == s.round]
            done = [a for (r, a, _k, _c, src) in s.record["funded"] if r == role and src == "budget"]
            for a in done:
                if a in want:
                    want.remove(a)
            move = Fund(role, want[0]) if want and s.scenario.actions[want[0]].cost <= s.budgets[role] \
                else EndTurn(role)
        s = apply(s, move)
    return s


def story_of(state, story):
    return table_story(state, analyse(state), story)


def condition(ts, cid):
    return next(c for c in ts.conditions if c.id == cid)


# --- S1: co-funded and conditional deals, against subsidies without strings ---------------------

PARTNERSHIP = {
    1: DealTerms(("firms",), cofund=Cofund("firms.supplier_consortium",
                                           (Share("ministry", 5), Share("firms", 5)))),
    2: DealTerms(("firms",), transfers=(Transfer("ministry", "firms", 10, "firms.invest_rd"),)),
    3: DealTerms(("local",), transfers=(Transfer("ministry", "local", 10, "local.training_programme"),)),
}
HANDOUTS = {r: DealTerms(("firms",), transfers=(Transfer("ministry", "firms", 15),)) for r in (1, 2, 3)}


def test_s1_is_met_with_co_funded_and_conditional_deals_and_not_with_handouts(tutorial, story):
    good = story_of(scripted(tutorial, 3, PARTNERSHIP), story)
    s1 = condition(good, "S1")
    assert good.facts["cofunded_deals"] == 1 and good.facts["conditional_grants"] == 2, good.facts
    assert good.facts["unconditional_to_firms"] == 0 and good.facts["partnership_deals"] == 3
    assert s1.status == "met", (s1.status, render(s1.verdict, "en"))
    assert "Deals co-funded or tied to a programme: 3" in render(s1.facts, "en")
    assert "거래 3건" in render(s1.facts, "ko")

    bad = story_of(scripted(tutorial, 3, HANDOUTS), story)
    s1 = condition(bad, "S1")
    assert bad.facts["partnership_deals"] == 0 and bad.facts["unconditional_to_firms"] == 45, bad.facts
    assert s1.status == "not_met", render(s1.verdict, "en")
    assert "public money to firms without conditions: 45" in render(s1.facts, "en")
    assert any(f.failure == "C2" for f in analyse(scripted(tutorial, 3, HANDOUTS)).fired)


def test_every_condition_is_judged_and_the_lesson_table_meets_more_than_the_trap_table(story):
    from game.lab.archetypes import Archetype
    sc = load_scenario("manufacturing-hub")
    rank = {"met": 2, "partly": 1, "not_met": 0}
    totals = {}
    for kind in ("lesson", "trap"):
        seats = {r: Archetype(r, kind, 1) for r in ROLES}
        s = new_game(sc, 1)
        while not is_over(s):
            s = apply(s, seats[current_player(s)].act(s))
        ts = story_of(s, story)
        assert [c.id for c in ts.conditions] == ["S1", "S2", "S3", "S4"]
        assert len(ts.summary) == 3
        totals[kind] = {c.id: c.status for c in ts.conditions}
    assert all(v == "met" for v in totals["lesson"].values()), totals
    assert all(v == "not_met" for v in totals["trap"].values()), totals
    assert sum(rank[v] for v in totals["lesson"].values()) > sum(rank[v] for v in totals["trap"].values())


# --- the real cases --------------------------------------------------------------------------

def test_a_designation_spree_brings_the_technopolis_comparison_with_the_tables_figure(tutorial, story):
    spree = scripted(tutorial, 2, funds={1: {"ministry": ["ministry.designate_cluster"] * 5}})
    assert spree.designations == 5
    ts = story_of(spree, story)
    case = next((n for n in ts.cases if n.id == "technopolis"), None)
    assert case is not None, [n.id for n in ts.cases]
    en, ko = render(case.line, "en"), render(case.line, "ko")
    assert "You designated 5 cluster regions where the plan allowed 2" in en
    assert "26" in en and "1989" in en and "1983" in en and "47" in en
    assert "2곳인데 5곳을" in ko and "26곳" in ko and "1989년" in ko
    assert case.section.startswith("III.3(1)")
    # S4 sees the limit crossed
    assert ts.facts["designations_over_limit"] == 3
    assert condition(ts, "S4").status != "met"

    calm = story_of(scripted(tutorial, 2), story)
    assert calm.facts["designations"] == 0
    assert "technopolis" not in [n.id for n in calm.cases]


def test_a_case_needs_its_trigger_the_ulsan_footnote_in_a_production_city(story):
    hub = load_scenario("manufacturing-hub")
    built = story_of(scripted(hub, 1, funds={2: {"local": ["local.attract_institute"]}}), story)
    ids = [n.id for n in built.cases]
    assert "ulsan" in ids and "ulsan_partners" not in ids
    assert "labour–management–government council" in render(next(n for n in built.cases if n.id == "ulsan").line, "en")
    partners = story_of(scripted(hub, 1, funds={1: {"local": ["local.labour_council"]}}), story)
    ids = [n.id for n in partners.cases]
    assert "ulsan_partners" in ids and "ulsan" not in ids
    # the same decision in a region that is not a production city echoes nothing of Ulsan
    other = story_of(scripted(load_scenario("tutorial"), 1, funds={1: {"local": ["local.attract_institute"]}}), story)
    assert not {"ulsan", "ulsan_partners"} & {n.id for n in other.cases}


# --- the winner at the region's cost ----------------------------------------------------------

@pytest.fixture(scope="module")
def agenda_winner():
    """A real game whose winner (the ministry) took most of its score from its private agenda
    while the region did well."""
    sc = load_scenario("manufacturing-hub")
    from game.ai import make_ai
    seats = {r: make_ai("baseline", r, 3) for r in ROLES}
    s = new_game(sc, 3)
    while not is_over(s):
        s = apply(s, seats[current_player(s)].act(s))
    a = analyse(s)
    assert a.winners, "a winner is needed"
    w = a.winners[0]
    assert a.parts[w]["agenda"] >= 0.5 * a.parts[w]["total"], a.parts[w]
    assert a.competitiveness[-1] - a.collapse_line > 5 and a.competitiveness[-1] > a.competitiveness[0]
    return s, a


def test_the_winner_at_the_regions_cost_is_named_only_when_the_region_paid(agenda_winner, story):
    state, a = agenda_winner
    w = a.winners[0]
    # the region did well: an agenda-heavy win is not a win at the region's cost
    assert table_story(state, a, story).winner_at_cost is None
    # the same scores with the region near collapse
    near = dataclasses.replace(a, collapse_line=a.competitiveness[-1] - 3)
    line = table_story(state, near, story).winner_at_cost
    assert line is not None
    en, ko = render(line, "en"), render(line, "ko")
    from game.i18n import gettext
    from game.engine.labels import ROLE_LABELS
    assert en.startswith(f"{ROLE_LABELS[w]} won with") and "its private agenda alone brought it" in en
    assert "3 above the collapse line" in en
    assert ko.startswith(gettext(ROLE_LABELS[w], "ko") + ":") and "비공개 목표" in ko
    # ... or the index falling over the game
    falling = dataclasses.replace(a, competitiveness=[a.competitiveness[-1] + 4] + a.competitiveness[1:])
    assert table_story(state, falling, story).winner_at_cost is not None
    # a region that paid, but a winner whose score came from the region, not its agenda
    parts = {r: dict(p) for r, p in a.parts.items()}
    parts[w]["agenda"] = 0.2 * parts[w]["total"]
    honest = dataclasses.replace(near, parts=parts)
    assert table_story(state, honest, story).winner_at_cost is None
    # nobody won: the verdict says the region collapsed, not this sentence
    lost = dataclasses.replace(near, winners=[], collapsed=True)
    assert table_story(state, lost, story).winner_at_cost is None


def test_a_trap_ministry_among_sensible_seats_hands_the_firms_a_win_the_region_paid_for(story):
    # a seeded table: the ministry plays its traps, the others play sensibly; the firms win on
    # their agenda while the index falls
    from game.ai import make_ai
    from game.lab.archetypes import Archetype
    sc = load_scenario("manufacturing-hub")
    seats = {r: make_ai("baseline", r, 4) for r in ROLES}
    seats["ministry"] = Archetype("ministry", "trap", 4)
    s = new_game(sc, 4)
    while not is_over(s):
        s = apply(s, seats[current_player(s)].act(s))
    ts = story_of(s, story)
    assert ts.facts["index_change"] < 0 and ts.facts["winner_agenda_pct"] >= 50, ts.facts
    assert ts.winner_at_cost is not None
    assert render(ts.winner_at_cost, "en").startswith("Firms won with")
    assert render(ts.winner_at_cost, "ko").startswith("기업: ")


# --- the report's first page ----------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_the_reports_first_page_is_the_tables_story_with_s1_to_s4(tutorial, story, lang):
    from game.debrief.report import build_table, render_report
    from game.i18n import gettext
    state = scripted(tutorial, 3, PARTNERSHIP)
    page = render_report([build_table(state, "game.json", counterfactuals=False)], lang)
    body = page[page.index("<body>"):]
    first_page = body[:body.index('<section class="page">')]
    assert 'id="story"' in first_page
    assert pick_label(story, "title", lang) in first_page
    for cid in ("S1", "S2", "S3", "S4"):
        assert re.search(rf"<h3>{cid} ", first_page), cid
    assert first_page.count('class="cond ') == 4
    assert pick_label(story, "summary", lang) in first_page
    # the table summary, the players and the lessons come after it
    rest = body[len(first_page):]
    assert f"<h2>{gettext('The table', lang)}" in rest
    assert rest.index(f"<h2>{gettext('The table', lang)}") < rest.index('class="role-head"')


def pick_label(story, key, lang):
    """A label as the report writes it (escaped)."""
    from markupsafe import escape
    from game.i18n import pick
    return str(escape(pick(story.labels[key], lang)))


def test_a_broken_story_file_shows_its_problems_in_the_report_instead_of_the_story(tmp_path, tutorial,
                                                                                    monkeypatch):
    from game.content import loader
    from game.debrief import report
    bad = tmp_path / "story.yaml"
    bad.write_text((BUILTIN_ROOT / "story.yaml").read_text(encoding="utf-8").replace(
        "designations_at_least: 3", "designation_at_least: 3"), encoding="utf-8")
    real = loader.load_story
    monkeypatch.setattr(loader, "load_story", lambda *a, **k: real(bad))
    page = report.render_report([report.build_table(play_game(tutorial, 1), "g.json", counterfactuals=False)], "en")
    first_page = page[:page.index('<section class="page">')]
    assert "story.yaml:" in first_page and "did you mean &#39;designations_at_least&#39;" in first_page
    assert 'class="cond ' not in page
    assert "<h2>The table" in page            # the rest of the report is still there


# --- validation of the content file ---------------------------------------------------------

def _problems(path: Path) -> list[str]:
    return [str(p) for p in validate_paths([path])]


def _line_of(text: str, needle: str) -> int:
    return next(i for i, ln in enumerate(text.splitlines(), 1) if needle in ln)


def test_the_built_in_story_file_is_valid_and_complete(story):
    assert _problems(BUILTIN_ROOT / "story.yaml") == []
    assert [c.id for c in story.conditions] == ["S1", "S2", "S3", "S4"]
    assert {p.id for p in story.points} == {"IV.1(2)", "IV.1(3)"}
    assert {"technopolis", "farm_debt", "daedeok", "ulsan", "science_parks"} <= {c.id for c in story.cases}
    for c in story.cases:
        assert c.section.strip(), c.id


def test_a_bad_story_file_is_rejected_with_file_line_and_column(tmp_path):
    text = (BUILTIN_ROOT / "story.yaml").read_text(encoding="utf-8")
    text = text.replace("      - {designations_at_least: 3}", "      - {designation_at_least: 3}", 1)
    text = text.replace("    section: \"IV.2\"\n", "    section: \"IV.2\"\n    colour: red\n", 1)
    text = text.replace("{collapsed_at_least: 1}", "{collapsed_at_least: 1, weather_at_most: 2}", 1)
    text = text.replace("You designated {designations} cluster", "You designated {designation} cluster", 1)
    text = text.replace('  met: {ko: "충족", en: "met"}', '  met: {ko: "충족"}', 1)
    text = text.replace('    when: {funded_any: [firms.recruit_outside]}', '    when: {funded_any: [firms.recruit_outsiders]}', 1)
    path = tmp_path / "story.yaml"
    path.write_text(text, encoding="utf-8")
    problems = _problems(path)
    shown = "\n".join(problems)

    def at(needle: str, message: str) -> None:
        line = _line_of(text, needle)
        hit = [p for p in problems if re.match(rf".*story\.yaml:{line}:\d+: ", p) and message in p]
        assert hit, f"line {line} {message!r}:\n{shown}"

    at("designation_at_least: 3", "did you mean 'designations_at_least'")
    at("colour: red", "unknown key 'colour'")
    at("weather_at_most", "not a known trigger")
    at("You designated {designation} cluster", "placeholder '{designation}'")
    at('met: {ko: "충족"}', "no 'en' text")
    at("firms.recruit_outsiders", "firms.recruit_outsiders")
    with pytest.raises(ContentError) as info:
        load_story(path)
    assert "story.yaml:" in str(info.value)


def test_story_triggers_and_texts_are_checked_for_shape(tmp_path):
    text = (BUILTIN_ROOT / "story.yaml").read_text(encoding="utf-8")
    broken = text.replace("{partnership_deals_at_least: 2, unconditional", "{partnership_deals_at_least: many, unconditional", 1)
    broken = broken.replace("  - id: S4\n", "  - id: S5\n", 1)
    broken = broken.replace('page_title: {ko: "디브리핑: 이 테이블의 이야기"', 'page_title: {ko: "디브리핑: {이 테이블"', 1)
    path = tmp_path / "story.yaml"
    path.write_text(broken, encoding="utf-8")
    shown = "\n".join(_problems(path))
    assert re.search(rf"story\.yaml:{_line_of(broken, 'partnership_deals_at_least: many')}:\d+: .*a number", shown), shown
    assert re.search(rf"story\.yaml:{_line_of(broken, '- id: S5')}:\d+: .*'S5'", shown), shown
    assert "has no entry for 'S4'" in shown
    assert re.search(rf"story\.yaml:{_line_of(broken, 'page_title')}:\d+: .*unmatched", shown), shown


def test_every_fact_and_placeholder_the_file_may_use_is_computed(tutorial, story):
    from game.content.schema import STORY_FACTS, STORY_TEXT_PARAMS
    facts, params, _f, _a = story_facts(play_game(tutorial, 4), analyse(play_game(tutorial, 4)))
    assert set(facts) == set(STORY_FACTS) and set(STORY_TEXT_PARAMS) <= set(params)
    # every text of the file renders in both languages against a real game's facts
    ts = story_of(play_game(tutorial, 4), story)
    values = {**ts.facts, **ts.params}
    from game.debrief.story import Line
    for text in _all_texts(story):
        for lang in LANGS:
            assert render(Line(text, values), lang)


def _all_texts(story):
    yield from story.labels.values()
    for variants in story.summary.values():
        yield from (v.text for v in variants)
    for c in story.conditions:
        yield from (c.checks, c.facts, c.not_met.text)
        yield from (v.text for v in c.met + c.partly)
    for p in story.points:
        yield p.name
        yield from (o.text for o in p.observations)
    for n in story.cases:
        yield from (n.name, n.text)
    yield story.winner_at_cost.text


def test_korean_story_texts_hang_no_particle_on_a_placeholder_and_hold_no_english(story):
    particle = re.compile(r"\}(?:을|를|이|은|는|과|와|으로|로|가(?!지))")
    latin = re.compile(r"[A-Za-z]{2,}")
    allowed = {"II", "III", "IV"}
    for text in _all_texts(story):
        ko = text["ko"]
        assert not particle.search(ko), ko
        assert "(를)" not in ko and "(는)" not in ko and "(가)" not in ko
        words = {w for lit, *_r in string.Formatter().parse(ko) for w in latin.findall(lit)}
        assert words <= allowed, (words, ko)


# --- the screen -----------------------------------------------------------------------------

@pytest.fixture
def screen_app(data_dir):
    import pygame
    os.environ["SDL_VIDEODRIVER"] = "dummy"
    os.environ["SDL_AUDIODRIVER"] = "dummy"
    from game.i18n import set_language
    apps = []

    def make(lang, size=(1280, 720), large=False):
        from tests.ui_driver import new_app
        app = new_app(lang, size)
        if large:
            app.set_large_text(True)
        apps.append(app)
        return app
    yield make
    pygame.quit()
    set_language("en")


@pytest.mark.parametrize("lang", LANGS)
def test_the_debrief_screen_has_the_story_page_before_the_players(screen_app, tutorial, story, lang):
    import pygame
    from game.session import GameSession, Seat
    from game.ui.screens.debrief import PAGES, DebriefScreen
    from game.ui.text import RECORDER
    from tests.test_ui import outside
    from tests.ui_driver import press
    assert PAGES.index("story") == PAGES.index("ministry") - 1 and PAGES.index("story") > PAGES.index("agendas")
    state = scripted(tutorial, 3, PARTNERSHIP, funds={1: {"ministry": ["ministry.designate_cluster"] * 4}})
    ts = story_of(state, story)
    for size, large in (((1280, 720), False), ((1280, 720), True), ((1920, 1080), True)):
        app = screen_app(lang, size, large)
        session = GameSession(tutorial, "tutorial", 3, {r: Seat() for r in ROLES}, lang, state=state)
        screen = DebriefScreen(app, session)
        app.show(screen)
        app.step(0)
        RECORDER.enabled, RECORDER.screens = True, []
        try:
            press(app, pygame.K_RIGHT)           # the agendas page → the story page
            assert screen.name == "debrief-story"
            app.step(0)
            shown = [t for _name, _who, texts in RECORDER.screens for t in texts]
        finally:
            RECORDER.enabled, RECORDER.screens = False, []
        assert ts.label("page_title", lang) in shown
        for c in ts.conditions:
            assert render(c.verdict, lang) in shown
            assert f"{c.id} {ts.label(c.status, lang)}" in shown
        assert render(ts.summary[0], lang) in shown
        assert any(render(n.line, lang) == t for n in ts.cases for t in shown)
        assert not outside(app), outside(app)
        press(app, pygame.K_LEFT)
        assert screen.name == "debrief"
        press(app, pygame.K_RIGHT)
        press(app, pygame.K_RIGHT)
        assert screen.name == "debrief-ministry"
