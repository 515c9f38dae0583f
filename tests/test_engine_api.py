"""The engine API: whole games, legality, immutability, replay, privacy of observe, deals."""
from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

from game.ai.baseline import BaselineAI
from game.engine import (IllegalAction, apply, current_player, is_over, legal_actions, new_game,
                         observe, outcome, replay, scores)
from game.engine.actions import (Cancel, ChooseOption, Commitment, DealTerms, EndNegotiation,
                                 EndTurn, Fund, ProposeDeal, RespondDeal, Transfer, from_json, to_json)
from game.engine.constants import ROLES
from game.headless import play_game


def advance_to(state, phase):
    """Play baseline moves until the game reaches `phase`."""
    ais = {r: BaselineAI(r) for r in ROLES}
    while state.phase != phase:
        state = apply(state, ais[current_player(state)].act(state))
    return state


def end_negotiation(state):
    for r in ROLES:
        if r not in state.neg_done:
            state = apply(state, EndNegotiation(r))
    return state


def choose_first(state):
    card = state.scenario.cards[state.card_id]
    return apply(state, ChooseOption(card.deciders[0], card.options[0].id))


@pytest.mark.parametrize("seed", [0, 1, 2, 12345])
def test_whole_game_finishes_with_scores(tutorial, seed):
    state = play_game(tutorial, seed)
    assert is_over(state)
    assert state.round == tutorial.rounds
    assert len(state.series) == tutorial.rounds + 1
    s = scores(state)
    assert set(s) == set(ROLES)
    res = outcome(state)
    assert res.collapsed == (res.competitiveness < tutorial.collapse_line)
    assert current_player(state) is None
    assert all(legal_actions(state, r) == [] for r in ROLES)


def test_apply_never_mutates_its_input(tutorial):
    state = new_game(tutorial, 3)
    before = json.dumps(observe(state, None), sort_keys=True)
    nxt = apply(state, legal_actions(state, current_player(state))[0])
    assert nxt is not state
    assert json.dumps(observe(state, None), sort_keys=True) == before
    assert len(nxt.log) > len(state.log)


def test_illegal_actions_are_refused_with_a_message(tutorial):
    state = new_game(tutorial, 3)
    decider = current_player(state)
    other = next(r for r in ROLES if r != decider)
    with pytest.raises(IllegalAction) as exc:
        apply(state, ChooseOption(other, tutorial.cards[state.card_id].options[0].id))
    assert "decides this event" in str(exc.value)
    with pytest.raises(IllegalAction):
        apply(state, ChooseOption(decider, "no-such-option"))
    with pytest.raises(IllegalAction):
        apply(state, Fund("ministry", "ministry.fund_diagnosis"))      # wrong phase
    state = end_negotiation(choose_first(state))
    with pytest.raises(IllegalAction):
        apply(state, Fund("ministry", "local.build_centre"))            # not its action
    apply(state, Fund("local", "local.build_centre"))                   # the four allocate at once
    finished = apply(state, EndTurn("local"))
    with pytest.raises(IllegalAction) as exc:
        apply(finished, Fund("local", "local.build_centre"))            # it has ended its turn
    assert "already finished" in str(exc.value)
    with pytest.raises(IllegalAction):
        apply(finished, EndTurn("local"))
    poor = dataclasses.replace(state, budgets={**state.budgets, "ministry": 3})
    with pytest.raises(IllegalAction) as exc:
        apply(poor, Fund("ministry", "ministry.hardware_grant"))
    assert "budget" in str(exc.value)
    undiagnosed = dataclasses.replace(state, diagnosis_until=0, sealed_diagnosis_until=0)
    with pytest.raises(IllegalAction):
        apply(undiagnosed, Fund("ministry", "ministry.tailored_programme"))  # needs a diagnosis first
    state = apply(undiagnosed, Fund("ministry", "ministry.fund_diagnosis"))
    state = apply(state, Fund("ministry", "ministry.tailored_programme"))
    with pytest.raises(IllegalAction):
        apply(state, Fund("ministry", "ministry.fund_diagnosis"))      # once a round


def test_every_action_round_trips_through_json(tutorial):
    state = play_game(tutorial, 5)
    assert state.history
    for action in state.history:
        data = json.loads(json.dumps(to_json(action)))
        assert from_json(data) == action
    with pytest.raises(ValueError):
        from_json({"type": "Fund"})
    with pytest.raises(ValueError):
        from_json({"type": "Nonsense", "role": "local"})


def test_scenario_seed_and_action_log_rebuild_the_same_game(tutorial):
    state = play_game(tutorial, 9)
    again = replay(tutorial, 9, state.history)
    assert np.array_equal(again.ind, state.ind)
    assert np.array_equal(again.trust, state.trust)
    assert again.budgets == state.budgets
    assert [(e.kind, e.msg, e.params) for e in again.log] == [(e.kind, e.msg, e.params) for e in state.log]
    assert scores(again) == scores(state)


def test_different_seeds_give_different_games(tutorial):
    a, b = play_game(tutorial, 1), play_game(tutorial, 2)
    assert a.deck_order != b.deck_order or not np.array_equal(a.ind, b.ind)


def _agenda_texts(scenario, role):
    return [t for t in scenario.roles[role].agenda_text.values() if t]


def test_observe_hides_other_roles_agendas_budgets_and_allocations(tutorial):
    state = advance_to(new_game(tutorial, 4), "actions")
    state = apply(state, Fund("ministry", "ministry.fund_diagnosis"))
    for role in ROLES:
        obs = observe(state, role)
        text = json.dumps(obs, ensure_ascii=False)
        for other in ROLES:
            if other == role:
                assert obs["agendas"][role]["text"] == dict(tutorial.roles[role].agenda_text)
                continue
            assert other not in obs["agendas"]
            assert other not in obs["budgets"]
            for agenda in _agenda_texts(tutorial, other):
                assert agenda not in text
        assert all(r == role for r, _a, _c in obs["funded_this_round"])
        for entry in obs["log"]:
            original = state.log[entry["seq"]]
            assert original.visible(role)
    public = observe(state, None)
    assert public["agendas"] == {} and public["budgets"] == {} and public["funded_this_round"] == []


def test_deal_terms_are_shown_only_to_the_parties(tutorial):
    state = choose_first(new_game(tutorial, 4))
    terms = DealTerms(("local",), transfers=(Transfer("ministry", "local", 17, "local.training_programme"),))
    state = apply(state, ProposeDeal("ministry", terms))
    deal_id = state.deals[-1].id
    assert observe(state, "local")["pending_for_you"] == [deal_id]
    state = apply(state, RespondDeal("local", deal_id, True))
    for role in ("ministry", "local"):
        deal = next(d for d in observe(state, role)["deals"] if d["id"] == deal_id)
        assert deal["terms"]["transfers"][0]["amount"] == 17
    for role in ("firms", "university", None):
        deal = next(d for d in observe(state, role)["deals"] if d["id"] == deal_id)
        assert "terms" not in deal and deal["parties"] == ["ministry", "local"]


def test_accepted_transfer_moves_money_and_a_broken_condition_costs_trust(tutorial):
    state = choose_first(new_game(tutorial, 4))
    before = dict(state.budgets)
    terms = DealTerms(("local",), transfers=(Transfer("ministry", "local", 15, "local.training_programme"),))
    state = apply(state, ProposeDeal("ministry", terms))
    state = apply(state, RespondDeal("local", state.deals[-1].id, True))
    assert state.budgets["ministry"] == before["ministry"] - 15
    assert state.budgets["local"] == before["local"] + 15
    assert sum(state.budgets.values()) == sum(before.values())
    trust_before = state.trust[0, 1]
    state = end_negotiation(state)
    for role in ROLES:                       # nobody funds anything; local breaks its condition
        state = apply(state, EndTurn(role))
    broken = [e for e in state.log if e.kind == "commitment"]
    assert broken and broken[0].data["kept"] is False and broken[0].data["role"] == "local"
    assert broken[0].visible_to == ("local", "ministry")
    assert state.trust[0, 1] < trust_before - 10


def test_kept_condition_builds_trust(tutorial):
    state = choose_first(new_game(tutorial, 4))
    terms = DealTerms(("local",), transfers=(Transfer("ministry", "local", 15, "local.training_programme"),))
    state = apply(state, ProposeDeal("ministry", terms))
    state = apply(state, RespondDeal("local", state.deals[-1].id, True))
    after_deal = state.trust[0, 1]
    state = end_negotiation(state)
    state = apply(state, EndTurn("ministry"))
    state = apply(state, Fund("local", "local.training_programme"))
    for role in ("local", "firms", "university"):
        state = apply(state, EndTurn(role))
    kept = [e for e in state.log if e.kind == "commitment"]
    assert kept and kept[0].data["kept"] is True
    assert state.metrics["local"]["deals_kept"] == 1
    assert state.trust[0, 1] > after_deal


def test_rejected_deal_moves_nothing_and_reveal_agenda_shows_it(tutorial):
    state = choose_first(new_game(tutorial, 4))
    before = dict(state.budgets)
    state = apply(state, ProposeDeal("firms", DealTerms(("university",), transfers=(Transfer("firms", "university", 5),))))
    state = apply(state, RespondDeal("university", state.deals[-1].id, False))
    assert state.budgets == before and state.deals[-1].status == "rejected"
    reveal = DealTerms(("university",), commitments=(Commitment("firms", "reveal_agenda"),))
    state = apply(state, ProposeDeal("firms", reveal))
    assert "firms" not in observe(state, "university")["agendas"]
    state = apply(state, RespondDeal("university", state.deals[-1].id, True))
    assert observe(state, "university")["agendas"]["firms"]["text"] == dict(tutorial.roles["firms"].agenda_text)
    assert "firms" not in observe(state, "local")["agendas"]


def test_invalid_deals_are_refused(tutorial):
    state = choose_first(new_game(tutorial, 4))
    with pytest.raises(IllegalAction):
        apply(state, ProposeDeal("firms", DealTerms(("firms",), transfers=(Transfer("firms", "firms", 5),))))
    with pytest.raises(IllegalAction):
        apply(state, ProposeDeal("firms", DealTerms(("local",))))
    with pytest.raises(IllegalAction):
        apply(state, ProposeDeal("firms", DealTerms(("local",), transfers=(Transfer("firms", "local", 10**6),))))
    with pytest.raises(IllegalAction):
        apply(state, ProposeDeal("firms", DealTerms(("local",), transfers=(Transfer("firms", "local", -5),))))
    with pytest.raises(IllegalAction):   # a condition must be the receiver's own action
        apply(state, ProposeDeal("firms", DealTerms(("local",), transfers=(Transfer("firms", "local", 5, "firms.invest_rd"),))))


def test_cancelling_a_programme_wastes_it_and_returns_half(tutorial):
    state = advance_to(new_game(tutorial, 4), "actions")
    state = apply(state, EndTurn("ministry"))
    state = apply(state, Fund("local", "local.training_programme"))
    for role in ("local", "firms", "university"):
        state = apply(state, EndTurn(role))
    state = advance_to(state, "actions")
    state = apply(state, EndTurn("ministry"))
    prog = next(p for p in state.programmes if p.action_id == "local.training_programme")
    budget = state.budgets["local"]
    assert Cancel("local", prog.uid) in legal_actions(state, "local")
    state = apply(state, Cancel("local", prog.uid))
    assert state.budgets["local"] == budget + prog.cost // 2
    for role in ("local", "firms", "university"):
        state = apply(state, EndTurn(role))
    assert (state.round - 1, "C5") in state.fired


def test_region_below_the_collapse_line_means_everyone_loses(tutorial):
    doomed = dataclasses.replace(tutorial, collapse_line=99.0, rounds=3)
    res = outcome(play_game(doomed, 1))
    assert res.collapsed and res.winners == ()
    fine = dataclasses.replace(tutorial, collapse_line=0.0, rounds=3)
    res = outcome(play_game(fine, 1))
    assert not res.collapsed and res.winners


def test_game_over_reveals_everything(tutorial):
    state = play_game(tutorial, 2)
    obs = observe(state, "firms")
    assert set(obs["agendas"]) == set(ROLES)
    assert set(obs["budgets"]) == set(ROLES)
    assert obs["outcome"]["scores"] == scores(state)
    assert len(obs["log"]) == len(state.log)


def test_observe_turn_is_observe_moves_cut_to_the_phase(tutorial):
    """The baseline AI's observation: each key it has, with observe_moves' value for it."""
    from game.engine.game import observe_moves, observe_turn
    for seed in range(3):
        ais = {r: BaselineAI(r, seed) for r in ROLES}
        state = new_game(tutorial, seed)
        while not is_over(state):
            for r in ROLES:
                brief, full = observe_turn(state, r), observe_moves(state, r)
                assert {k: full[k] for k in brief} == brief
            state = apply(state, ais[current_player(state)].act(state))


def _snapshot(state) -> dict[str, bytes]:
    """Each field of a state, its insides included, as pickled bytes: a field that changes in any
    way (a value, a type, an element of a nested dict, list or array) pickles differently. (It
    compared nested copies of every field before; pickling is the same check some 50 times
    faster, as the history and the log grow with the game.)"""
    import pickle
    return {k: pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL)
            for k, v in state.__dict__.items() if k not in ("scenario", "_log_buffer")}


def test_apply_never_changes_the_state_it_was_given_in_any_field(tutorial):
    """Every field of the state, the round record's insides included, is the same after `apply`
    as before (the public view alone hid a shared dict: trust gained per pair, changed by a deal
    accepted on the next state)."""
    import random
    from game.engine import apply, is_over, legal_actions, new_game
    rng = random.Random(5)
    for seed in range(3):
        state = new_game(tutorial, seed)
        while not is_over(state):
            role = next(r for r in ROLES if legal_actions(state, r))
            before = _snapshot(state)
            action = rng.choice(legal_actions(state, role))
            nxt = apply(state, action)
            after = _snapshot(state)
            changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
            assert not changed, f"apply({action}) changed the state it was given: {changed}"
            state = nxt
