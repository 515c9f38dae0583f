"""One set of numbers (issue 12, item 7): the resolution panel, its deltas, the "what changed
and why" list and the log show the same values for every round, and the next round's opening
events (a trigger's shock) are their own step on screen, never mixed into the resolved panel."""
from __future__ import annotations

import numpy as np
import pygame
import pytest

from game.engine.constants import INDICATORS
from game.headless import play_game
from tests.ui_driver import new_app, press, screen_kind

# Games with opening shocks in several rounds (each scenario has triggers), and one with AIs
# of other levels.
GAMES = [("tutorial", 1, None), ("tutorial", 5, None), ("manufacturing-hub", 2, None),
         ("technopolis-1983", 3, None), ("lagging-rural", 4, {"ministry": "normal", "firms": "hard"}),
         ("research-hub", 6, None)]

# The economy's smallest pushes (every change under 0.05) are not logged as a sentence of their
# own; everything else that moves an indicator is, with its exact deltas.
UNLOGGED = 0.05


@pytest.fixture(scope="module")
def games():
    from game.content.loader import load_scenario
    return [play_game(load_scenario(sid), seed, levels) for sid, seed, levels in GAMES]


def _resolution_index(state, rnd):
    [e] = [e for e in state.log if e.kind == "resolution" and e.round == rnd]
    return e.params["index"]


def _sum_deltas(entries) -> np.ndarray:
    total = np.zeros(len(INDICATORS))
    for e in entries:
        for k, v in (e.data.get("deltas") or {}).items():
            total[INDICATORS.index(k)] += v
    return total


def test_the_panel_shows_the_resolved_round_and_the_logs_index(games):
    from game.ui.screens.results import round_numbers
    openings = 0
    for st in games:
        for rnd in range(1, len(st.series)):
            nums = round_numbers(st, rnd)
            res = nums["resolved"]
            # the values as resolved (the series row), not the state after the next opening
            assert [res["region"][k] for k in INDICATORS] == [round(float(v), 1) for v in st.series[rnd]]
            # the log's "round … resolved: index …" and the panel's index are one number
            assert res["index"] == _resolution_index(st, rnd)
            # every delta is the difference of two shown values: none blank for a change
            before, after = res["series"][-2], res["series"][-1]
            for i, k in enumerate(INDICATORS):
                assert res["deltas"][k] == round(after[i] - before[i], 1)
                assert (abs(res["deltas"][k]) >= 0.1) == (after[i] != before[i])
            # the round's list (its public entries but its own opening) adds up to the deltas
            own_open = [e for e in st.log if e.round == rnd and e.kind == "opening"]
            start = own_open[0].data["ind"] if own_open else st.series[rnd - 1]
            listed = [e for e in st.log if e.round == rnd and e.phase != "briefing" and e.visible(None)]
            residual = np.asarray(st.series[rnd]) - np.asarray(start) - _sum_deltas(listed)
            assert np.abs(residual).max() < UNLOGGED, (st.scenario.id, rnd, residual)
            opening = nums["opening"]
            nxt = [e for e in st.log if e.round == rnd + 1 and e.kind == "opening"]
            assert (opening is None) == (not nxt)
            if opening is None:
                continue
            openings += 1
            # the next round's opening: its own values, index and deltas, from the resolved row
            assert opening["round"] == rnd + 1
            assert opening["index"] == nxt[0].params["index"]
            assert [opening["region"][k] for k in INDICATORS] == [round(v, 1) for v in nxt[0].data["ind"]]
            assert opening["series"][-2] == res["series"][-1]
            shocks = [e for e in st.log if e.round == rnd + 1 and e.phase == "briefing" and e.kind == "effect"]
            moved = np.asarray(nxt[0].data["ind"]) - np.asarray(st.series[rnd])
            assert np.allclose(_sum_deltas(shocks), moved, atol=1e-9)
            assert {k: pytest.approx(v) for k, v in nxt[0].data["opening_deltas"].items()} == \
                {k: v for k, v in zip(INDICATORS, moved) if v != 0}
    assert openings >= 5


@pytest.fixture
def app(data_dir):
    app = new_app("en")
    yield app
    pygame.quit()


def _texts(recorder) -> list[str]:
    return [t for n, _p, texts in recorder.screens if n == "resolution" for t in texts]


@pytest.mark.parametrize("sid, seed", [("tutorial", 1), ("technopolis-1983", 3)])
def test_every_rounds_screen_lists_what_moved_and_shows_the_opening_as_its_own_step(app, recorder, sid, seed):
    from game.content.loader import load_scenario
    from game.presentation import entry_text
    from game.session import GameSession
    from game.ui.screens.results import ResolutionScreen, round_numbers
    sc = load_scenario(sid)
    st = play_game(sc, seed)
    session = GameSession(sc, sc.id, seed, {}, "en", None, state=st)
    steps = 0
    for rnd in range(1, sc.rounds + 1):
        recorder.screens = []
        screen = ResolutionScreen(app, session, rnd)
        app.show(screen)
        app.step(0)
        nums = round_numbers(st, rnd)
        panel = screen.panel_obs()        # what the dashboard draws
        assert panel["region"] == nums["resolved"]["region"]
        assert panel["competitiveness"] == _resolution_index(st, rnd)
        texts = _texts(recorder)
        moved = [e for e in st.log if e.round == rnd and e.phase != "briefing" and e.visible(None)
                 and e.data.get("deltas") and any(abs(v) > 1e-12 for v in e.data["deltas"].values())]
        for e in moved:                    # every change the panel adds up is in the list
            assert entry_text(e) in texts, entry_text(e)
        nxt = [e for e in st.log if e.round == rnd + 1 and e.phase == "briefing" and e.visible(None)
               and e.kind in ("trigger", "effect", "opening")]
        for e in nxt:                      # …and the next round's opening is not mixed in
            assert entry_text(e) not in texts
        if rnd == sc.rounds:
            assert nums["opening"] is None
            break
        if nxt:
            assert any(f"Round {rnd + 1} opens" in t for t in texts), (rnd, [n for n, _p, _t in recorder.screens], texts[-5:])
            recorder.screens = []
            press(app, pygame.K_RETURN)
            assert app.screen is screen and screen.step == 2
            texts = _texts(recorder)
            assert any(t == f"Round {rnd + 1} opens" for t in texts)
            for e in nxt:
                assert entry_text(e) in texts, entry_text(e)
            assert screen.panel_obs()["region"] == nums["opening"]["region"]
            assert screen.panel_obs()["competitiveness"] == nums["opening"]["index"]
            steps += 1
        press(app, pygame.K_RETURN)
        assert screen_kind(app) != "ResolutionScreen" or app.screen is not screen
    assert steps >= 1


def test_the_opening_entry_is_logging_only(tutorial):
    """The opening entry changes nothing in the game: a quiet copy (no log) plays the same."""
    from game.engine import apply, current_player, is_over, new_game
    from game.ai import make_ai
    from game.engine.constants import ROLES
    seats = {r: make_ai("baseline", r, 9, scenario=tutorial) for r in ROLES}
    st = new_game(tutorial, 9)
    while not is_over(st):
        st = apply(st, seats[current_player(st)].act(st))
    assert any(e.kind == "opening" for e in st.log)
    played = play_game(tutorial, 9)
    assert played.history == st.history and np.array_equal(played.ind, st.ind)


def test_esc_on_the_resolution_opens_the_menu_and_resume_comes_back_to_the_same_step(app):
    from game.content.loader import load_scenario
    from game.session import GameSession
    from game.ui.screens.menu import MenuScreen
    from game.ui.screens.results import ResolutionScreen
    from tests.ui_driver import press
    sc = load_scenario("tutorial")
    session = GameSession(sc, sc.id, 1, {}, "en", None, state=play_game(sc, 1))
    screen = ResolutionScreen(app, session, 2)
    app.show(screen)
    app.step(0)
    press(app, pygame.K_ESCAPE)
    assert isinstance(app.screen, MenuScreen)
    press(app, pygame.K_ESCAPE)                       # Resume
    assert app.screen is screen
