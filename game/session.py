"""A game being played by people and AIs: seats, AI turns, autosave. No pygame here, so the
whole flow of a hot-seat game can be tested headless; the UI only calls this."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Mapping

from game.ai import LEVELS, make_ai
from game.engine import GameState, apply, current_player, is_over, new_game
from game.engine.actions import Action
from game.engine.constants import NEGOTIATION, ROLES
from game.engine.scenario import Scenario
from game.persistence.autosave import Autosaver
from game.persistence.saves import SaveData, restore, save_dict

MAX_AI_STEPS = 500   # a guard: AIs never loop forever inside one call


@dataclass(frozen=True)
class Seat:
    kind: str = "ai"            # human | ai
    level: str = "baseline"
    name: str = ""
    personality: str | None = None   # an AI's personality id (None: the role's default)

    @property
    def human(self) -> bool:
        return self.kind == "human"


class GameSession:
    def __init__(self, scenario: Scenario, scenario_ref: str, seed: int,
                 seats: Mapping[str, Seat], lang: str = "en",
                 autosaver: Autosaver | None = None, state: GameState | None = None):
        self.scenario = scenario
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
        session = cls(scenario, save.scenario_ref, save.seed, seats, save.lang or "en", autosaver, state)
        session.explanations = [dict(r) for r in save.ai_reasons if r["index"] < len(state.history)]
        # AIs are rebuilt from the seed; their dice restart, which only matters for AI moves
        # still to come, never for the replayed past.
        return session

    # --- whose move ----------------------------------------------------------------------------
    def human_roles(self) -> list[str]:
        return [r for r in ROLES if self.seats[r].human]

    def is_human(self, role: str | None) -> bool:
        return role is not None and self.seats[role].human

    def next_ai_mover(self) -> str | None:
        """The AI seat that must or may act now, or None when it is up to the humans."""
        s = self.state
        if is_over(s):
            return None
        if s.phase == NEGOTIATION:
            from game.engine.game import _may_negotiate, _responders
            waiting = _responders(s)
            if waiting:
                ai = [r for r in waiting if not self.seats[r].human]
                return ai[0] if ai else None
            for r in ROLES:
                if not self.seats[r].human and _may_negotiate(s, r):
                    return r
            return None
        role = current_player(s)
        return role if role is not None and not self.seats[role].human else None

    # --- acting --------------------------------------------------------------------------------
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
            role = self.next_ai_mover()
            if role is None:
                break
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
                from game.engine.actions import ChooseOption
                self.explanations.append({"round": self.state.round, "role": role, "seq": first_entry + 1,
                                          "index": index, "public": isinstance(action, ChooseOption),
                                          "msg": why["msg"], "params": why.get("params", {})})
                self.autosave()   # the reason goes into the save too, for the debrief
            steps += 1
        return steps

    def last_human_move(self) -> int | None:
        """Index in the action log of the last move a person made, or None."""
        for i in range(len(self.state.history) - 1, -1, -1):
            if self.is_human(self.state.history[i].role):
                return i
        return None

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

    # --- saving --------------------------------------------------------------------------------
    def seats_dict(self) -> dict:
        return {r: asdict(s) for r, s in self.seats.items()}

    def save_payload(self) -> bytes:
        data = save_dict(self.state, self.scenario_ref, self.lang, self.seats_dict(), self.explanations)
        return json.dumps(data, ensure_ascii=False).encode("utf-8")

    def autosave(self, new_slot: bool = False) -> None:
        if self.autosaver is None:
            return
        try:
            payload = self.save_payload()
            self.autosaver.save(payload, new_slot)
            if is_over(self.state) and self.kept is None:
                self.kept = self.autosaver.keep_finished(payload, self.scenario.id, self.seed)
            self.save_error = None
        except OSError as exc:   # a full disk must not stop the workshop: report, go on
            self.save_error = str(exc.strerror or exc)
