"""Hypothesis drives random legal action sequences through the engine and checks invariants
after every step: no crash, indicators and trust in range, budgets never negative, money
conserved across deals, and observe leaks nothing."""
from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine import apply, current_player, is_over, legal_actions, observe
from game.engine import new_game
from game.engine.actions import ProposeDeal, RespondDeal
from game.engine.constants import ROLES

MAX_STEPS = 400


def _check_observation_privacy(state, role):
    obs = observe(state, role)
    text = json.dumps(obs, ensure_ascii=False)   # must be plain JSON data
    over = is_over(state)
    for other in ROLES:
        if other == role or over:
            continue
        revealed = (other, role) in state.revealed
        assert (other in obs["agendas"]) == revealed
        if not revealed:
            for agenda in state.scenario.roles[other].agenda_text.values():
                assert agenda not in text
        assert other not in obs["budgets"]
    if not over:
        assert all(r == role for r, _a, _c in obs["funded_this_round"])
        for d in obs["deals"]:
            deal = next(x for x in state.deals if x.id == d["id"])
            assert ("terms" in d) == (role in deal.parties)
        for p in obs["programmes"]:
            prog = next(x for x in state.programmes if x.uid == p["uid"])
            assert role == prog.owner or role in prog.payers
        for e in obs["log"]:
            assert state.log[e["seq"]].visible(role)


def _cofund_cost(state, action):
    deal = next(d for d in state.deals if d.id == action.deal_id)
    return deal.terms.cofund and sum(s.amount for s in deal.terms.cofund.shares) or 0


@pytest.mark.heavy
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**31), data=st.data())
def test_random_legal_play_keeps_every_invariant(tutorial, seed, data):
    state = new_game(tutorial, seed)
    for _step in range(MAX_STEPS):
        if is_over(state):
            break
        role = current_player(state)
        legal = legal_actions(state, role)
        assert legal, f"{role} has no legal action in phase {state.phase}"
        # Other roles that may act now (negotiation is open to all) must not get actions of
        # another phase.
        action = data.draw(st.sampled_from(legal))
        total_before = sum(state.budgets.values())
        nxt = apply(state, action)
        if isinstance(action, RespondDeal) and action.accept:
            executed = next(d for d in nxt.deals if d.id == action.deal_id).status == "accepted"
            spent = _cofund_cost(state, action) if executed else 0
            assert sum(nxt.budgets.values()) == total_before - spent
        if isinstance(action, ProposeDeal):
            assert nxt.budgets == state.budgets
        state = nxt
        assert ((state.ind >= 0) & (state.ind <= 100)).all()
        assert ((state.trust >= 0) & (state.trust <= 100)).all()
        assert (state.trust == state.trust.T).all()
        assert all(b >= 0 for b in state.budgets.values())
        assert -1.0 <= state.macro <= 1.0
        if _step % 10 == 0:      # checking privacy every step is slow: every tenth, each role in turn
            _check_observation_privacy(state, ROLES[_step // 10 % len(ROLES)])
    assert is_over(state), "a game of random legal moves did not end"
    for role in ROLES:
        _check_observation_privacy(state, role)
