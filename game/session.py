"""A game being played by people and AIs: seats, AI turns, autosave. No pygame here, so the
whole flow of a hot-seat game can be tested headless; the UI only calls this."""
from __future__ import annotations

import functools
import json
import threading
from dataclasses import asdict, dataclass
from typing import Mapping

from game.ai import LEVELS, make_ai
from game.engine import GameState, active_players, apply, current_player, is_over, may_allocate, new_game
from game.engine.actions import Action, Cancel, ChooseOption, CounterDeal, EndTurn, Fund, RespondDeal
from game.engine.constants import ACTIONS, NEGOTIATION, ROLES
from game.engine.scenario import Scenario
from game.persistence.autosave import Autosaver
from game.persistence.saves import SaveData, clean_table_name, restore, save_dict
from game.presentation import HINTS, default_hints

MAX_AI_STEPS = 500   # a guard: AIs never loop forever inside one call


def _locked(method):
    """Run a method that changes the state under the session's lock: the device server
    (game.net) moves from its own thread, beside the window's."""
    @functools.wraps(method)
    def run(self, *args, **kwargs):
        with self.lock:
            return method(self, *args, **kwargs)
    return run


@dataclass(frozen=True)
class Seat:
    kind: str = "ai"            # human | ai
    level: str = "baseline"
    name: str = ""
    personality: str | None = None   # an AI's personality id (None: the role's default)
    device: bool = False             # a person on their own phone or laptop (game.net), not this screen

    @property
    def human(self) -> bool:
        return self.kind == "human"


class GameSession:
    def __init__(self, scenario: Scenario, scenario_ref: str, seed: int,
                 seats: Mapping[str, Seat], lang: str = "en",
                 autosaver: Autosaver | None = None, state: GameState | None = None,
                 hints: str | None = None, table: str = ""):
        self.scenario = scenario
        self.table = clean_table_name(table)      # the table's name from set-up ("" if none)
        self.scenario_ref = scenario_ref
        self.seed = seed
        self.seats = {r: seats.get(r, Seat()) for r in ROLES}
        self.lang = lang
        self.autosaver = autosaver
        self.state = state if state is not None else new_game(scenario, seed)
        self._ais = {r: self._make_ai(r, s) for r, s in self.seats.items() if not s.human}
        self.explanations: list[dict] = []   # why each AI move was made: {round, role, public, msg, params}
        self.save_error: str | None = None
        self.shown_round: int | None = None    # the UI: last round whose results were shown
        self.kept = None          # the finished game's save in the games library, once written
        # When the tags of a choice are shown (game.presentation.tags_shown): set in set-up, saved.
        self.hints = hints if hints in HINTS else default_hints(scenario)
        self.event_seen: int | None = None     # the round whose AI-decided event the table has seen
        # The UI: the briefing is still to be shown before round 1 (set by the window when a new
        # game starts, or one is resumed before anyone has moved; never saved).
        self.briefing_pending = False
        # deal answers their proposer has read: action-log index -> the answering action (an
        # identity check, so an answer given again at the same place after an undo is new)
        self.answers_read: dict[int, Action] = {}
        self.lock = threading.RLock()

    def _make_ai(self, role: str, seat: Seat):
        level = seat.level if seat.level in LEVELS else "baseline"
        try:
            return make_ai(level, role, self.seed, None if level == "baseline" else seat.personality,
                           scenario=self.scenario)
        except ValueError:   # a personality removed since the game was saved: the role's default
            return make_ai(level, role, self.seed)

    @classmethod
    def resume(cls, save: SaveData, scenario: Scenario, autosaver: Autosaver | None = None) -> "GameSession":
        seats = {r: Seat(**v) for r, v in (save.seats or {}).items() if r in ROLES}
        state = restore(save, scenario)
        session = cls(scenario, save.scenario_ref, save.seed, seats, save.lang or "en", autosaver, state,
                      hints=save.hints, table=save.table)
        session.explanations = [dict(r) for r in save.ai_reasons if r["index"] < len(state.history)]
        # AIs are rebuilt from the seed; their dice restart, which only matters for AI moves
        # still to come, never for the replayed past.
        return session

    # --- whose move ----------------------------------------------------------------------------
    def human_roles(self) -> list[str]:
        return [r for r in ROLES if self.seats[r].human]

    def is_human(self, role: str | None) -> bool:
        return role is not None and self.seats[role].human

    def needs_curtain(self) -> bool:
        """Whether a private screen needs a "pass the device" curtain before it: only when more
        than one person shares the device (a solo player against AIs never gets one)."""
        return len(self.screen_roles()) > 1

    def screen_roles(self) -> list[str]:
        """The people who play at this screen (hot-seat), not on a device of their own."""
        return [r for r in ROLES if self.seats[r].human and not self.seats[r].device]

    def device_roles(self) -> list[str]:
        """The people who play on a device of their own (game.net serves their pages)."""
        return [r for r in ROLES if self.seats[r].human and self.seats[r].device]

    def reason_at(self, index: int) -> dict | None:
        """The AI's reason for the move at `index` in the action log ({"msg", "params", "public",
        ...}), or None. Public only for event choices; the caller keeps the rest private."""
        for e in reversed(self.explanations):
            if e.get("index") == index:
                return e
        return None

    # --- what the table must see (solo play shows what happened) -------------------------------
    def event_notice(self) -> dict | None:
        """The event card an AI has just decided, for the people at the table to see before
        negotiation: {"round", "card", "role", "option", "reason"} (the reason: public, as the
        choice is), while nobody has moved since and the table has not gone on
        (`acknowledge_event`). None otherwise. While it is shown the AIs wait."""
        s = self.state
        if s.phase != NEGOTIATION or not s.history or self.event_seen == s.round:
            return None
        last = s.history[-1]
        if not isinstance(last, ChooseOption) or self.seats[last.role].human or not self.human_roles():
            return None
        index = len(s.history) - 1
        return {"round": s.round, "card": s.card_id, "role": last.role, "option": last.option_id,
                "index": index, "reason": self.reason_at(index)}

    def acknowledge_event(self) -> None:
        """The table has seen the AI's event choice: negotiation begins (the AIs move again)."""
        self.event_seen = self.state.round

    def deal_answers(self, role: str | None = None, unread: bool = False) -> list[dict]:
        """Answers given this negotiation to deals that people proposed, oldest first, for the
        proposer's eyes only (the answer and an AI's reason are private to the deal's parties):
        {"index", "deal", "proposer", "responder", "answer": accepted | rejected | countered,
        "counter": the counter-proposal's id or None, "reason": the AI's {"msg", "params"} or
        None}. Every answer an AI gives is listed; of people's answers, those the table does
        not see anyway (a rejection or a counter-proposal; a concluded deal is public). `role`:
        one proposer's only; `unread`: only those not yet shown (`mark_read`)."""
        s = self.state
        if s.phase != NEGOTIATION:
            return []
        deals = {d.id: d for d in s.deals}
        out = []
        for i in range(len(s.history) - 1, -1, -1):
            a = s.history[i]
            if isinstance(a, ChooseOption):          # this round's event: negotiation starts after it
                break
            if not isinstance(a, (RespondDeal, CounterDeal)) or a.deal_id not in deals:
                continue
            deal = deals[a.deal_id]
            if not self.is_human(deal.proposer) or (role is not None and deal.proposer != role):
                continue
            if unread and self.answers_read.get(i) is a:
                continue
            by_ai = not self.is_human(a.role)
            if isinstance(a, CounterDeal):
                answer = "countered"
            else:
                answer = "accepted" if a.accept else "rejected"
            if not by_ai and answer == "accepted":
                continue
            counter = None
            if answer == "countered":
                counter = next((d.id for d in s.deals if d.counter_of == deal.id and d.proposer == a.role), None)
            why = self.reason_at(i) if by_ai else None
            out.append({"index": i, "deal": deal.id, "proposer": deal.proposer, "responder": a.role,
                        "answer": answer, "counter": counter,
                        "reason": {"msg": why["msg"], "params": why.get("params", {})} if why else None})
        out.reverse()
        return out

    def mark_read(self, answers) -> None:
        history = self.state.history
        for a in answers:
            if a["index"] < len(history):
                self.answers_read[a["index"]] = history[a["index"]]

    def next_ai_mover(self) -> str | None:
        """The AI seat that must or may act now, or None when it is up to the humans (or the
        table is still looking at the event an AI decided: `event_notice`). In negotiation and
        in the actions phase several roles may move at once: the first AI among them (an AI
        allocates as soon as the phase opens, without waiting for a person before it in ROLES
        order; allocations are sealed, so it learns nothing from waiting)."""
        s = self.state
        if is_over(s):
            return None
        if s.phase == NEGOTIATION and self.event_notice() is not None:
            return None
        if s.phase in (NEGOTIATION, ACTIONS):
            # negotiation: those who must answer a proposal first, else anyone not yet done;
            # the actions phase: anyone not yet done (in ROLES order)
            ai = [r for r in active_players(s) if not self.seats[r].human]
            return ai[0] if ai else None
        role = current_player(s)
        return role if role is not None and not self.seats[role].human else None

    # --- acting --------------------------------------------------------------------------------
    @_locked
    def act(self, action: Action) -> None:
        """Apply a move (raises IllegalAction with a message for the player) and autosave."""
        before = (self.state.round, self.state.phase)
        self.state = apply(self.state, action)
        self.autosave(new_slot=(self.state.round, self.state.phase) != before)

    def advance_ai(self, max_steps: int = MAX_AI_STEPS, time_budget: float | None = None,
                   ai_time_cap: float | None = None) -> int:
        """Let AI seats move until a human must act (or the game ends), or until `time_budget`
        seconds have passed (the window calls this between frames). Returns moves made.

        `time_budget` is checked between moves, so one call may run one whole AI decision past
        it. `ai_time_cap` caps the seconds of one hard AI search (`SearchAI.time_cap_s`): only
        the window passes it, so a busy machine cannot freeze the board; without it (headless,
        tests) hard AIs search their full fixed sample count and a seed gives the same game."""
        import time
        deadline = None if time_budget is None else time.perf_counter() + time_budget
        steps = 0
        while steps < max_steps and (deadline is None or time.perf_counter() < deadline):
            if not self._advance_one_ai(ai_time_cap):
                break
            steps += 1
        return steps

    @_locked      # one AI move, from its decision to its reason, against one state
    def _advance_one_ai(self, ai_time_cap: float | None) -> bool:
        """One AI move, if one is due (advance_ai's step, under the lock). False when none is."""
        role = self.next_ai_mover()
        if role is None:
            return False
        ai = self._ais[role]
        capped = ai_time_cap is not None and hasattr(ai, "time_cap_s")
        if capped:
            ai.time_cap_s = ai_time_cap
        try:
            action = ai.act(self.state)
        finally:
            if capped:
                ai.time_cap_s = None        # the cap holds for this move only
        why = getattr(ai, "last_explanation", None)
        first_entry = len(self.state.log)     # the action's first log entry will have this seq
        index = len(self.state.history)       # the action's place in the action log
        self.act(action)
        if why:
            # An event choice is public; allocations and deals stay private to the role.
            self.explanations.append({"round": self.state.round, "role": role, "seq": first_entry + 1,
                                      "index": index, "public": isinstance(action, ChooseOption),
                                      "msg": why["msg"], "params": why.get("params", {})})
            self.autosave()   # the reason goes into the save too, for the debrief
        return True

    def last_human_move(self) -> int | None:
        """Index in the action log of the last move a person made, or None."""
        for i in range(len(self.state.history) - 1, -1, -1):
            if self.is_human(self.state.history[i].role):
                return i
        return None

    @_locked
    def undo(self) -> bool:
        """Take back the last move a person made (and the AI moves that followed it) by
        replaying the log without them. Returns False when there is nothing to undo."""
        from game.engine import replay
        i = self.last_human_move()
        if i is None:
            return False
        self.state = replay(self.scenario, self.seed, self.state.history[:i])
        self.explanations = [e for e in self.explanations if e.get("index", 0) < i]
        self.autosave(new_slot=True)
        return True

    def may_allocate(self, role: str) -> bool:
        """Whether `role` may still fund, cancel or end its turn (the actions phase is open and
        it has not finished: the four allocate at once)."""
        return may_allocate(self.state, role)

    def allocating_roles(self) -> list[str]:
        """The roles still choosing their allocation, in ROLES order ([] outside the actions phase)."""
        s = self.state
        return [r for r in ROLES if may_allocate(s, r)]

    def next_screen_allocator(self) -> str | None:
        """The person at this screen (hot-seat) whose private allocation comes next: the first,
        in ROLES order, of those still choosing; None when none of them is."""
        still = self.allocating_roles()
        return next((r for r in self.screen_roles() if r in still), None)

    def own_last_allocation(self, role: str) -> tuple[int, Action] | None:
        """`role`'s own last move of this actions phase, if it is a funding or a cancellation
        (and the role has not finished): (its index in the action log, the move), or None.
        Other roles may have moved after it (they allocate at the same time)."""
        s = self.state
        if not may_allocate(s, role):
            return None
        for i in range(len(s.history) - 1, -1, -1):
            a = s.history[i]
            if not isinstance(a, (Fund, Cancel, EndTurn)):
                return None           # the actions phase opened after this move
            if a.role == role:
                return (i, a) if isinstance(a, (Fund, Cancel)) else None
        return None

    @_locked
    def undo_own_move(self, role: str) -> Action | None:
        """Take back `role`'s own last move of the turn it is playing now — a funding or a
        cancellation on its private screen — by replaying the log without it, even when other
        roles have moved since (they allocate at the same time, and sealed: none of their moves
        depends on it, so the replay keeps them all, the same). Nothing else is ever taken back:
        not another role's move, not a move of an earlier turn, not the end of a turn. Returns
        the move taken back, or None when there is none."""
        from game.engine import replay
        found = self.own_last_allocation(role)
        if found is None:
            return None
        i, last = found
        s = self.state
        history = s.history[:i] + s.history[i + 1:]
        self.state = replay(self.scenario, self.seed, history)
        gone = len(s.log) - len(self.state.log)      # the log entries the move had made
        kept = []
        for e in self.explanations:
            at = e.get("index", 0)
            if at == i:
                continue
            if at > i:       # a later move (another role's): one place, and its entries, earlier
                e = dict(e, index=at - 1)
                if "seq" in e:
                    e["seq"] -= gone
            kept.append(e)
        self.explanations = kept
        self.autosave(new_slot=True)
        return last

    # --- saving --------------------------------------------------------------------------------
    def seats_dict(self) -> dict:
        return {r: asdict(s) for r, s in self.seats.items()}

    def save_payload(self) -> bytes:
        data = save_dict(self.state, self.scenario_ref, self.lang, self.seats_dict(), self.explanations,
                         self.hints, self.table)
        return json.dumps(data, ensure_ascii=False).encode("utf-8")

    def autosave(self, new_slot: bool = False) -> None:
        if self.autosaver is None:
            return
        try:
            payload = self.save_payload()
            self.autosaver.save(payload, new_slot)
            if is_over(self.state) and self.kept is None:
                self.kept = self.autosaver.keep_finished(payload, self.scenario.id, self.seed, self.table)
            self.save_error = None
        except OSError as exc:   # a full disk must not stop the workshop: report, go on
            self.save_error = str(exc.strerror or exc)
