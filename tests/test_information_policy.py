"""The information policy (README, "What is public"), checked over random games: a move made in
private changes nothing that anyone else can see. Allocations are sealed until the round's
resolution — another role's funding, designation, diagnosis or cancellation changes neither the
public view nor any other role's view, its legal moves or its log; a deal's terms and answers
reach its parties only. At the resolution, what the region did becomes public.

Random legal play (seeded numpy generators) on two scenarios; at every move, the observations
of every role not party to it and of the public are compared before and after."""
from __future__ import annotations

import numpy as np
import pytest

from game.content.loader import load_scenario
from game.engine import apply, is_over, legal_actions, new_game, observe
from game.engine.actions import Cancel, CounterDeal, Fund, ProposeDeal, RespondDeal, to_json
from game.engine.constants import ROLES
from game.engine.game import active_players

GAMES = 4          # per scenario: each game is a few hundred moves


def _random_game(scenario, seed: int):
    """Yield (state before, move, state after) through a whole game of random legal moves,
    funding and cancelling often (the moves the policy is about)."""
    rng = np.random.default_rng(seed)
    state = new_game(scenario, seed)
    while not is_over(state):
        players = active_players(state)
        role = players[int(rng.integers(len(players)))]
        moves = legal_actions(state, role)
        private = [m for m in moves if isinstance(m, (Fund, Cancel))]
        deals = [m for m in moves if isinstance(m, (ProposeDeal, CounterDeal, RespondDeal))]
        if private and rng.random() < 0.7:
            move = private[int(rng.integers(len(private)))]
        elif deals and rng.random() < 0.4:
            move = deals[int(rng.integers(len(deals)))]
        else:
            move = moves[int(rng.integers(len(moves)))]
        after = apply(state, move)
        yield state, move, after
        state = after


def _outsiders(state, move, after) -> list[str | None]:
    """Who is not party to `move`: the public (None) and every role that neither made it nor is
    a party of the deal it proposes or answers — nor a payer of the programme it starts or
    cancels (money granted on the condition that this action is funded, a co-funded project:
    the payers see what becomes of their money)."""
    parties = {move.role}
    old = {p.uid for p in state.programmes}
    for p in after.programmes:
        if p.uid not in old or (isinstance(move, Cancel) and p.uid == move.programme_uid):
            parties |= set(p.payers)          # and a programme's co-payers see it cancelled
    if isinstance(move, (ProposeDeal, CounterDeal)):
        parties |= set(move.terms.recipients)
    if isinstance(move, (RespondDeal, CounterDeal)):
        deal_id = move.deal_id
        parties |= set(next(d for d in state.deals if d.id == deal_id).parties)
    return [None] + [r for r in ROLES if r not in parties]


def _view(state, who):
    """What `who` sees, and in the actions phase what it may do (sealed bids: another role's
    funding must not open or close any of its moves). In negotiation a proposal makes others
    wait for its answer: that a deal is being answered, and by whom, is public on the board."""
    obs = observe(state, who)
    obs.pop("current_player", None)      # whose turn it is next: public by nature
    obs.pop("active_players", None)      # who may move now (who has finished allocating): public too
    moves = (sorted(str(to_json(m)) for m in legal_actions(state, who))
             if who and state.phase == "actions" else [])
    return obs, moves


class _Views:
    """_view(state, who), each computed once: a move's state after is the next move's state
    before (states are never changed, test_engine_api checks it), so half the views are known."""

    def __init__(self):
        self.states: dict[int, tuple] = {}      # id -> (state, {who: view}), the last two states

    def __call__(self, state, who):
        kept = self.states.get(id(state))
        if kept is None or kept[0] is not state:
            if len(self.states) >= 2:
                del self.states[next(iter(self.states))]
            kept = self.states[id(state)] = (state, {})
        if who not in kept[1]:
            kept[1][who] = _view(state, who)
        return kept[1][who]


@pytest.mark.parametrize("scenario_id", ["tutorial", "manufacturing-hub"])
def test_a_private_move_changes_nothing_anyone_else_can_see(scenario_id):
    scenario = load_scenario(scenario_id)
    checked = {"fund": 0, "cancel": 0, "deal": 0, "designation": 0, "diagnosis": 0}
    view = _Views()
    for seed in range(GAMES):
        for before, move, after in _random_game(scenario, seed):
            if after.phase != before.phase:
                continue                  # the move ended a phase: what that reveals is public
            if not isinstance(move, (Fund, Cancel, ProposeDeal, CounterDeal)) and not (
                    isinstance(move, RespondDeal) and not move.accept):
                continue                  # an accepted deal is concluded in public (its terms are not)
            for who in _outsiders(before, move, after):
                was, now = view(before, who), view(after, who)
                if was != now:
                    changed = sorted(k for k in was[0] if was[0][k] != now[0].get(k))
                    pytest.fail(f"{scenario_id} seed {seed}: {to_json(move)} changed what "
                                f"{who or 'the public'} sees: {changed or 'its legal moves'}")
            if isinstance(move, Fund):
                checked["fund"] += 1
                kind = scenario.actions[move.action_id].kind
                if kind in ("designation", "diagnosis"):
                    checked[kind] += 1
            elif isinstance(move, Cancel):
                checked["cancel"] += 1
            else:
                checked["deal"] += 1
    # the property was tested on the moves it is about, designations and diagnoses included
    assert all(n > 0 for n in checked.values()), checked


@pytest.mark.parametrize("scenario_id", ["tutorial"])
def test_what_the_round_did_is_public_after_its_resolution(scenario_id):
    """The other side of the policy: once the round resolves, the public view counts every
    designation and diagnosis, and a cancellation is announced with its trust loss."""
    scenario = load_scenario(scenario_id)
    seen_cancel = seen_designation = False
    for seed in range(GAMES):
        designations_before = None
        for before, _move, after in _random_game(scenario, seed):
            if before.phase == "actions" and designations_before is None:
                designations_before = before.designations
            if before.phase == "actions" and after.phase != "actions":    # the round resolved
                public = observe(after, None)
                assert public["designations"] == after.designations
                assert public["diagnosis_in_force"] == (after.diagnosis_until >= after.round)
                cancelled = [p for p in after.programmes if p.cancelled_round == before.round]
                announced = [e for e in public["log"] if e["kind"] == "cancel" and e["round"] == before.round]
                assert len(announced) == len(cancelled)
                seen_cancel = seen_cancel or bool(cancelled)
                seen_designation = seen_designation or after.designations > (designations_before or 0)
                designations_before = None
    assert seen_cancel and seen_designation
