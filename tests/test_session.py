"""A hot-seat session without a window: AI seats move, humans are waited for, autosave resumes."""
from __future__ import annotations

import json

from game.engine import legal_actions
from game.engine.actions import EndNegotiation, EndTurn
from game.persistence.autosave import Autosaver
from game.session import GameSession, Seat


def _human_move(session):
    """A simple human: first legal move, but end negotiation/turn instead of proposing."""
    s = session.state
    for role in session.human_roles():
        legal = legal_actions(s, role)
        if not legal:
            continue
        for a in legal:
            if isinstance(a, (EndNegotiation, EndTurn)):
                return a
        return legal[0]
    raise AssertionError("no human can move, yet the AIs stopped")


def test_ai_seats_play_until_a_human_must_act(tutorial, tmp_path):
    seats = {"local": Seat("human", name="Mina")}
    session = GameSession(tutorial, "tutorial", 3, seats, autosaver=Autosaver(tmp_path))
    moves = 0
    while session.state.phase != "game_over":
        session.advance_ai()
        if session.state.phase == "game_over":
            break
        assert session.next_ai_mover() is None
        session.act(_human_move(session))
        moves += 1
    assert moves > 6
    assert all(e.kind != "decision" or e.data["role"] in ("local", "ministry", "firms", "university")
               for e in session.state.log)


def test_autosave_resumes_exactly_and_survives_a_damaged_slot(tutorial, tmp_path):
    saver = Autosaver(tmp_path, slots=3)
    session = GameSession(tutorial, "tutorial", 5, {"firms": Seat("human")}, autosaver=saver)
    for _ in range(12):
        session.advance_ai()
        session.act(_human_move(session))
    (game,) = tmp_path.iterdir()                 # this game's own folder
    files = sorted(game.iterdir())
    assert 1 <= len(files) <= 3
    save, problems = saver.latest()
    assert problems == []
    again = GameSession.resume(save, tutorial, saver)
    assert again.state.history == session.state.history
    assert again.seats["firms"].human and not again.seats["local"].human
    newest = files[-1]
    newest.write_text('{"format_version": 1, "game": "cluster-', encoding="utf-8")   # torn write
    save, problems = Autosaver(tmp_path).latest()
    assert len(problems) == 1 and "damaged" in problems[0]
    assert save is not None and len(save.actions) < len(session.state.history)


def test_a_full_disk_does_not_stop_the_game(tutorial, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    session = GameSession(tutorial, "tutorial", 5, {"firms": Seat("human")},
                          autosaver=Autosaver(blocker / "cannot-be-a-folder"))
    session.advance_ai()
    assert session.save_error
    assert json.loads(session.save_payload())["seed"] == 5


def test_undo_returns_exactly_the_state_before_the_last_human_move(tutorial, tmp_path):
    import numpy as np
    from game.engine import observe

    session = GameSession(tutorial, "tutorial", 9, {"local": Seat("human"), "firms": Seat("human")},
                          autosaver=Autosaver(tmp_path))
    assert session.undo() is False or session.state.history == ()
    for _ in range(9):
        session.advance_ai()
        session.act(_human_move(session))
    i = session.last_human_move()
    assert i is not None
    before = session.state.history[:i]
    from game.engine import replay
    expected = replay(tutorial, 9, before)
    assert session.undo() is True
    assert session.state.history == before
    assert np.array_equal(session.state.ind, expected.ind)
    assert observe(session.state, "local") == observe(expected, "local")
    save, _problems = Autosaver(tmp_path).latest()
    assert save.actions == before           # the undo is autosaved too


def _play_some(tutorial, saver, seed, moves=6):
    session = GameSession(tutorial, "tutorial", seed, {"firms": Seat("human")}, autosaver=saver)
    for _ in range(moves):
        session.advance_ai()
        session.act(_human_move(session))
    return session


def test_a_second_game_never_rotates_away_the_first_ones_autosaves(tutorial, tmp_path):
    first = _play_some(tutorial, Autosaver(tmp_path, slots=2), 5)
    kept = sorted(first.autosaver.game.iterdir())
    second = _play_some(tutorial, Autosaver(tmp_path, slots=2), 6, moves=12)
    assert second.autosaver.game != first.autosaver.game
    assert all(p.exists() for p in kept)
    save, problems = Autosaver(tmp_path).latest()        # Continue: the game played last
    assert problems == [] and save.seed == 6


def test_only_the_newest_games_keep_autosaves(tutorial, tmp_path):
    for seed in range(4):
        _play_some(tutorial, Autosaver(tmp_path, slots=1, games_kept=2), seed, moves=2)
    assert len([p for p in tmp_path.iterdir() if p.is_dir()]) == 2


def test_continue_falls_back_past_a_slot_that_reads_but_cannot_be_resumed(tutorial, tmp_path):
    """A newest autosave that parses but whose moves no longer fit (a changed option id) is
    skipped with a sentence, and the slot before it resumes."""
    saver = Autosaver(tmp_path, slots=3)
    session = _play_some(tutorial, saver, 5, moves=12)
    newest = sorted(saver.game.iterdir())[-1]
    data = json.loads(newest.read_text(encoding="utf-8"))
    for move in data["actions"]:
        if "option_id" in move:
            move["option_id"] = "no-such-option"
    newest.write_text(json.dumps(data), encoding="utf-8")
    found, problems = Autosaver(tmp_path).resume_newest(lambda save: GameSession.resume(save, tutorial))
    assert found is not None and len(problems) == 1
    assert newest.name in problems[0] or "damaged" in problems[0] or "changed" in problems[0]
    _save, again = found
    assert len(again.state.history) < len(session.state.history)


def test_temporary_files_a_killed_write_left_are_removed_on_start(tmp_path):
    game = tmp_path / "game-20260101-120000"
    game.mkdir()
    orphan = game / ".autosave-000001.json.abcd.tmp"
    orphan.write_bytes(b"half a save")
    keep = game / "autosave-000001.json"
    keep.write_bytes(b"{}")
    Autosaver(tmp_path)
    assert not orphan.exists() and keep.exists()


# --- the four allocate at once (issue 15): sealed bids, in any order ------------------------------

def _to_actions_phase(session):
    """Play the event and negotiation (people: the first option, then end negotiating) until the
    actions phase opens; the AIs are not asked to allocate yet."""
    from game.engine import active_players
    while session.state.phase != "actions":
        if session.event_notice() is not None:
            session.acknowledge_event()
        if session.next_ai_mover() is not None and session.state.phase != "actions":
            session._advance_one_ai(None)
            continue
        role = next(r for r in active_players(session.state) if session.is_human(r))
        legal = legal_actions(session.state, role)
        session.act(next((a for a in legal if isinstance(a, EndNegotiation)), legal[0]))


def _plan(state, role, n_funds: int):
    """Up to `n_funds` fundings (each of a different action), a cancellation if there is one,
    then the end of the turn: what `role` will do this round."""
    from game.engine.actions import Cancel, Fund
    legal = legal_actions(state, role)
    funds, left = [], state.budgets[role]
    for a in legal:
        cost = state.scenario.actions[a.action_id].cost if isinstance(a, Fund) else None
        if cost is not None and cost <= left and len(funds) < n_funds:
            funds.append(a)
            left -= cost
    cancels = [a for a in legal if isinstance(a, Cancel)][:1]
    return funds + cancels + [EndTurn(role)]


def _public(state):
    """The public view, its log compared as a set of entries: who finished first is the one thing
    the order of arrival changes (each "done" notice is public as it happens)."""
    from game.engine import observe
    obs = observe(state, None)
    log = sorted(repr(sorted((k, v) for k, v in e.items() if k != "seq")) for e in obs.pop("log"))
    return obs, log


def test_allocations_in_any_order_resolve_to_the_same_state(tutorial):
    """Four people (two on devices, two at this screen) allocate two rounds with their moves
    interleaved; the same moves made one seat after another give the same round: the same public
    view, and each role's budget and programmes."""
    from game.engine import observe
    from game.engine.constants import ROLES
    seats = {r: Seat("human", name=r, device=i % 2 == 0) for i, r in enumerate(ROLES)}
    interleaved = GameSession(tutorial, "tutorial", 7, seats)
    sequential = GameSession(tutorial, "tutorial", 7, seats)
    mixed = 0
    for rnd in (1, 2):
        for s in (interleaved, sequential):
            _to_actions_phase(s)
        assert _public(interleaved.state) == _public(sequential.state)
        assert interleaved.allocating_roles() == list(ROLES)
        plans = {r: _plan(interleaved.state, r, 2 + i % 2) for i, r in enumerate(ROLES)}
        for role in ROLES:                              # one seat after another
            for move in plans[role]:
                sequential.act(move)
        queues = {r: list(reversed(plans[r])) for r in ROLES}
        while any(queues.values()):                     # round-robin, last role first
            for role in reversed(ROLES):
                if queues[role]:
                    interleaved.act(queues[role].pop())
        mixed += sum(1 for a, b in zip(interleaved.state.history, sequential.state.history) if a != b)
        assert interleaved.state.round == sequential.state.round == rnd + 1
        assert _public(interleaved.state) == _public(sequential.state)
        for role in ROLES:
            mine, theirs = observe(interleaved.state, role), observe(sequential.state, role)
            assert mine["budgets"] == theirs["budgets"]
            assert mine["programmes"] == theirs["programmes"]
        assert interleaved.state.programmes == sequential.state.programmes
        assert interleaved.state.metrics == sequential.state.metrics
        assert interleaved.state.records[-1] == sequential.state.records[-1]
    assert mixed > 4                                    # the orders really differed
    cancelled = [c for rec in interleaved.state.records for c in rec["cancelled"]]
    assert cancelled                                    # round 2 cancelled what round 1 funded


def test_an_ai_allocates_while_a_person_before_it_has_not_finished(tutorial):
    from game.engine.constants import ROLES
    first = ROLES[0]
    session = GameSession(tutorial, "tutorial", 4, {first: Seat("human", name="Mina")})
    _to_actions_phase(session)
    assert session.next_ai_mover() == ROLES[1]          # it does not wait for the person before it
    session.advance_ai()
    assert session.state.phase == "actions"
    assert session.state.actions_done == frozenset(ROLES[1:])
    assert session.allocating_roles() == [first] and session.next_screen_allocator() == first
    assert session.next_ai_mover() is None
    session.act(EndTurn(first))
    assert session.state.phase == "event" and session.state.round == 2


def test_undo_takes_back_an_own_funding_after_another_roles_move(tutorial):
    """A person funds, the AIs and a device seat allocate after it; the person's undo takes back
    its own funding only, and the moves after it (and the AIs' reasons for them) stay."""
    from game.engine import observe, replay
    from game.engine.actions import Fund
    from game.engine.constants import ROLES
    screen, device = ROLES[1], ROLES[3]
    seats = {screen: Seat("human", name="Mina"), device: Seat("human", name="Joon", device=True),
             ROLES[0]: Seat("ai", level="easy"), ROLES[2]: Seat("ai", level="easy")}
    session = GameSession(tutorial, "tutorial", 6, seats)
    _to_actions_phase(session)
    fund = next(a for a in legal_actions(session.state, screen) if isinstance(a, Fund))
    session.act(fund)
    at = len(session.state.history) - 1
    session.advance_ai()                                # ROLES[0] and ROLES[2] allocate after it
    theirs = next(a for a in legal_actions(session.state, device) if isinstance(a, Fund))
    session.act(theirs)
    assert session.state.history[-1] == theirs and session.state.history[at] == fund
    assert session.undo_own_move(device) == theirs      # its own last move: the newest
    session.act(theirs)
    explained = [dict(e) for e in session.explanations if e["index"] > at]
    assert explained                                    # the AIs' reasons for their moves after it
    history = session.state.history
    assert session.undo_own_move(ROLES[0]) is None      # an AI that has finished: nothing to take back
    assert session.own_last_allocation(screen) == (at, fund)
    assert session.undo_own_move(screen) == fund
    assert session.state.history == history[:at] + history[at + 1:]
    assert session.state.log == replay(tutorial, 6, session.state.history).log
    assert fund.action_id not in [a for (r, a, *_x) in session.state.record["funded"] if r == screen]
    assert session.own_last_allocation(device) == (len(session.state.history) - 1, theirs)
    for old, new in zip(explained, [e for e in session.explanations if e["index"] >= at]):
        assert new["index"] == old["index"] - 1
        assert session.state.history[new["index"]].role == new["role"]
        entry = session.state.log[new["seq"] - 1]          # a reason follows its move's entry
        assert entry.data.get("role") == new["role"]
    assert session.undo_own_move(screen) is None        # nothing more of its own this turn
    session.act(EndTurn(screen))
    session.act(EndTurn(device))
    assert session.state.round == 2
    assert fund.action_id not in [p["action"] for p in observe(session.state, screen)["programmes"]
                                  if p["owner"] == screen and p["funded_round"] == 1]
