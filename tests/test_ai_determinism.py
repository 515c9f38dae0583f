"""The hard AI never decides by the clock (issue 10): it searches a fixed number of samples, so
a seed gives the same game on a quiet or a busy machine. Only the window may cap a search in
time (`GameSession.advance_ai(ai_time_cap=...)`).

The busy machine is the `slow_clock` fixture (conftest): the AIs' clocks jump seconds per call.
No test here reads or asserts on real time. Hard games are cut to their first rounds to stay
quick."""
from __future__ import annotations

from game.ai import make_ai
from game.ai.players import HARD_SAMPLES, HARD_WINDOW_CAP_S, SearchAI
from game.engine import apply, current_player, is_over, new_game
from game.engine.constants import ROLES
from game.session import GameSession, Seat

ROUNDS = 2


def _hard_game(scenario, seed: int, rounds: int = ROUNDS):
    """The first `rounds` rounds of a game with hard AIs (default settings, via make_ai) in
    every seat: the action log and every explanation."""
    seats = {r: make_ai("hard", r, seed, scenario=scenario) for r in ROLES}
    state = new_game(scenario, seed)
    while not is_over(state) and state.round <= rounds:
        state = apply(state, seats[current_player(state)].act(state))
    return state.history, {r: seats[r].explanations for r in ROLES}


def _samples_shown(explanations) -> set:
    return {e["params"]["samples"] for e in explanations if "samples" in e.get("params", {})}


def test_a_seed_gives_the_same_hard_game_on_a_slow_clock(tutorial, request):
    quiet = _hard_game(tutorial, 4)                  # the real clock
    clock = request.getfixturevalue("slow_clock")    # from here on, seconds per call
    busy = _hard_game(tutorial, 4)
    assert clock.calls > 0                     # the slow clock was in place (decision_ms reads it)
    assert busy[0] == quiet[0]
    assert busy[1] == quiet[1]
    # and every search used the full, fixed sample count, so "{samples}" in a reason is exact
    shown = set().union(*(_samples_shown(x) for x in quiet[1].values()))
    assert shown == {HARD_SAMPLES}


def test_without_a_cap_the_search_never_reads_the_clock(tutorial, slow_clock):
    ai = SearchAI("local", 7, scenario=tutorial)
    assert ai.time_cap_s is None and ai.samples == HARD_SAMPLES
    state = new_game(tutorial, 7)
    while current_player(state) != "local" or state.phase != "actions":
        role = current_player(state)
        state = apply(state, make_ai("baseline", role, 7).act(state))
    before = slow_clock.calls
    ai._search(state, {"round": state.round}, [[], []], others_done=False)
    assert slow_clock.calls == before


def test_a_time_cap_cuts_the_search_short_only_when_given(tutorial, slow_clock):
    capped = SearchAI("ministry", 2, scenario=tutorial, time_cap_s=HARD_WINDOW_CAP_S)
    full = SearchAI("ministry", 2, scenario=tutorial)
    state = new_game(tutorial, 2)
    while current_player(state) != "ministry" or state.phase != "actions":   # a planning decision
        state = apply(state, make_ai("baseline", current_player(state), 2).act(state))
    capped.act(state)
    full.act(state)
    assert capped.last_explanation["params"]["samples"] == 1      # at least one sample, then stop
    assert full.last_explanation["params"]["samples"] == HARD_SAMPLES


def test_only_the_window_caps_the_hard_ai_in_a_session(tutorial, slow_clock):
    seats = {"university": Seat("human")} | {r: Seat("ai", "hard") for r in ROLES if r != "university"}
    window = GameSession(tutorial, "tutorial", 3, seats)
    window.advance_ai(ai_time_cap=HARD_WINDOW_CAP_S)          # what the board does between frames
    assert window.explanations and _samples_shown(window.explanations) == {1}
    assert all(ai.time_cap_s is None for ai in window._ais.values())   # held for those moves only

    headless = GameSession(tutorial, "tutorial", 3, seats)
    headless.advance_ai()
    assert _samples_shown(headless.explanations) == {HARD_SAMPLES}
    slow_clock.step = 0.0                                       # now a clock that stands still
    again = GameSession(tutorial, "tutorial", 3, seats)
    again.advance_ai()
    assert again.state.history == headless.state.history
