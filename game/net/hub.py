"""The device seats of a game: who may hold a seat, and moves from a device into the session.

No networking here (game.net.server carries messages); this is the part with the rules of the
door: a seat's secret and join code, the one device that holds a seat, the facilitator's
confirmation of a second claim, moves applied exactly once per client move id, and a version
number that tells the server when every page needs a new view.

A move from a device is a move of the seat's own role, always: the role is the seat's, never the
message's. It goes into `GameSession.act` (or `undo_own_move`) — the same path, checks and
autosave as a move from the keyboard's private screens.
"""
from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import OrderedDict

from game.engine import IllegalAction
from game.engine.actions import ACTION_TYPES, from_json
from game.i18n import N_, _, translate, using_language

SECRET_BYTES = 24          # 192 bits in every seat link
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"   # no 0/O, 1/I/L: read off a projector
CODE_LENGTH = 6            # 31^6 ≈ 2^29.7; guessing is rate-limited and the code is per game
MOVE_IDS_KEPT = 512        # per seat: a resend of any of the last 512 moves is answered, not applied
MOVE_ID_MAX = 64
# The moves a page may send (plus "Undo"): every one is the seat's own role's
DEVICE_MOVES = ("ChooseOption", "ProposeDeal", "RespondDeal", "CounterDeal", "EndNegotiation",
                "Fund", "Cancel", "EndTurn")


NOT_UNDERSTOOD = N_("That move was not understood.")
SEAT_MOVED = N_("This seat is now on another device.")
NOTHING_TO_UNDO = N_("There is nothing of this turn to take back.")


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def clean_code(text: object) -> str:
    """A typed join code as the hub compares it: letters and digits only, upper case."""
    if not isinstance(text, str):
        return ""
    return "".join(ch for ch in text.upper() if ch.isascii() and ch.isalnum())[:32]


class SeatDoor:
    """One device seat: its secret, its join code, the device holding it, a waiting claim."""

    def __init__(self, role: str):
        self.role = role
        self.secret = secrets.token_urlsafe(SECRET_BYTES)
        self.code = new_code()
        self.holder: str | None = None        # the device token that holds the seat
        self.claim: str | None = None         # a second device waiting for the facilitator
        self.claim_at = 0.0
        self.refused: set[str] = set()        # devices the facilitator refused (until a new claim is allowed)
        self.connected = 0                    # open connections of the holder
        self.ever_joined = False
        self.lang: str | None = None
        self.moves: OrderedDict[str, dict] = OrderedDict()   # client move id -> the answer given


class DeviceHub:
    def __init__(self, session, run_ais: bool = False, auto_ack_events: bool = False):
        """`run_ais`: after a device move, let the AI seats answer here (headless hosting; the
        window runs them between frames instead). `auto_ack_events`: an AI's event choice needs
        no one at a shared screen to go on (headless hosting only)."""
        self.session = session
        self.lock = session.lock
        self.run_ais = run_ais
        self.auto_ack_events = auto_ack_events
        self.doors: dict[str, SeatDoor] = {r: SeatDoor(r) for r in session.device_roles()}
        self.version = 0
        self._seen = None
        self._listeners: list = []
        self.moves_applied = 0
        self.events: list[str] = []            # what the facilitator should know (no secrets)
        self._mutex = threading.Lock()         # the doors' own bookkeeping

    # --- change notification -------------------------------------------------------------------
    def add_listener(self, fn) -> None:
        """`fn()` is called (from any thread) whenever the game or a seat's door changed."""
        self._listeners.append(fn)

    def _signature(self):
        s = self.session
        return (id(s.state), s.event_seen, len(s.answers_read))

    def _changed(self) -> None:
        self.version += 1
        self._seen = self._signature()      # the poll need not announce it again
        for fn in list(self._listeners):
            try:
                fn()
            except Exception:       # a listener never stops a move
                pass

    def poll(self) -> bool:
        """Whether the game changed since the last poll (moves made at the window or by AIs)."""
        sig = self._signature()
        if sig != self._seen:
            self._seen = sig
            self.version += 1
            return True
        return False

    # --- the door ------------------------------------------------------------------------------
    def role_for_secret(self, secret: object) -> str | None:
        if not isinstance(secret, str) or not 8 <= len(secret) <= 100:
            return None
        found = None
        for role, door in self.doors.items():        # compare with every seat, in constant time
            if hmac.compare_digest(door.secret.encode(), secret.encode("utf-8", "replace")):
                found = role
        return found

    def secret_for_code(self, code: object) -> str | None:
        code = clean_code(code)
        found = None
        for door in self.doors.values():
            if len(code) == CODE_LENGTH and hmac.compare_digest(door.code, code):
                found = door.secret
        return found

    def claim(self, role: str, device: str) -> str:
        """A device presents the seat's secret: "ok" (it holds the seat now), "pending" (another
        device holds it: the facilitator must confirm) or "refused"."""
        with self._mutex:
            door = self.doors[role]
            if door.holder is None or hmac.compare_digest(door.holder, device):
                first = door.holder is None
                door.holder = device
                door.ever_joined = True
                if door.claim == device:
                    door.claim = None
                if first:
                    self.events.append(f"{role} joined")
                changed = first
                result = "ok"
            elif device in door.refused:
                return "refused"
            else:
                changed = door.claim != device
                door.claim, door.claim_at = device, time.monotonic()
                result = "pending"
        if changed:
            self._changed()
        return result

    def pending_claims(self) -> list[str]:
        return [r for r, d in self.doors.items() if d.claim is not None]

    def confirm_claim(self, role: str, allow: bool) -> bool:
        """The facilitator's answer to a second device's claim on `role`'s seat."""
        with self._mutex:
            door = self.doors.get(role)
            if door is None or door.claim is None:
                return False
            if allow:
                door.holder, door.claim = door.claim, None
                door.refused.clear()
            else:
                door.refused.add(door.claim)
                door.claim = None
        self._changed()
        return True

    def reissue(self, role: str) -> None:
        """A new secret and code for `role`'s seat (the facilitator's choice, e.g. a link sent to
        the wrong person): the old link gets nothing, the device holding the seat loses it."""
        with self._mutex:
            old = self.doors[role]
            door = self.doors[role] = SeatDoor(role)
            door.lang = old.lang
        self._changed()

    def holds(self, role: str, device: str) -> bool:
        door = self.doors.get(role)
        return door is not None and door.holder is not None and hmac.compare_digest(door.holder, device)

    def connection(self, role: str, delta: int) -> None:
        with self._mutex:
            door = self.doors[role]
            door.connected = max(0, door.connected + delta)
        self._changed()

    def status(self) -> dict[str, str]:
        """Per device seat, for the shared screen: waiting (nobody joined yet), connected,
        dropped (joined, no open connection now), claim (a second device is waiting)."""
        out = {}
        for role, d in self.doors.items():
            if d.claim is not None:
                out[role] = "claim"
            elif d.holder is None:
                out[role] = "waiting"
            else:
                out[role] = "connected" if d.connected else "dropped"
        return out

    # --- moves ---------------------------------------------------------------------------------
    def move(self, role: str, device: str, move_id: object, move: object, lang: str = "en") -> dict:
        """Apply a page's move for `role` once: {"ok": True} or {"ok": False, "error": text}. The
        same `move_id` sent again gets the first answer again, and nothing is applied twice."""
        if not isinstance(move_id, str) or not 1 <= len(move_id) <= MOVE_ID_MAX:
            return {"ok": False, "error": self._text(lang, NOT_UNDERSTOOD)}
        with self.lock:             # the session's lock: one move at a time, whoever makes it
            if not self.holds(role, device):
                return {"ok": False, "error": self._text(lang, SEAT_MOVED)}
            door = self.doors[role]
            if move_id in door.moves:
                return door.moves[move_id]
            answer = self._apply(role, move, lang)
            door.moves[move_id] = answer
            while len(door.moves) > MOVE_IDS_KEPT:
                door.moves.popitem(last=False)
            if answer["ok"]:
                self.moves_applied += 1
                if self.run_ais:
                    self.run_ai_seats()
        self._changed()
        return answer

    def run_ai_seats(self) -> int:
        """Headless hosting: the AI seats move until a person must (the window does this itself)."""
        steps = 0
        with self.lock:
            for _ in range(4):
                if self.auto_ack_events and self.session.event_notice() is not None:
                    self.session.acknowledge_event()
                n = self.session.advance_ai()
                steps += n
                if not (self.auto_ack_events and self.session.event_notice() is not None):
                    break
        return steps

    def _text(self, lang: str, msgid: str) -> str:
        with using_language(lang):
            return str(_(msgid))

    def _apply(self, role: str, move: object, lang: str) -> dict:
        if not isinstance(move, dict) or not isinstance(move.get("type"), str):
            return {"ok": False, "error": self._text(lang, NOT_UNDERSTOOD)}
        kind = move["type"]
        session = self.session
        if kind == "Undo":
            taken = session.undo_own_move(role)
            if taken is None:
                return {"ok": False, "error": self._text(lang, NOTHING_TO_UNDO)}
            return {"ok": True}
        if kind == "ReadAnswers":
            session.mark_read(session.deal_answers(role, unread=True))
            return {"ok": True}
        if kind not in DEVICE_MOVES or kind not in ACTION_TYPES:
            return {"ok": False, "error": self._text(lang, NOT_UNDERSTOOD)}
        data = {k: v for k, v in move.items() if k != "role"}
        data["role"] = role                    # always the seat's own role
        try:
            action = from_json(data)
        except ValueError:
            return {"ok": False, "error": self._text(lang, NOT_UNDERSTOOD)}
        try:
            session.act(action)
        except IllegalAction as exc:
            return {"ok": False, "error": translate(exc.msg, exc.params, lang)}
        except (KeyError, ValueError, TypeError, AttributeError, IndexError):
            # terms that name things the scenario does not have: refused like any illegal move
            return {"ok": False, "error": self._text(lang, NOT_UNDERSTOOD)}
        return {"ok": True}
