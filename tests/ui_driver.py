"""Drive the game window the way a person at the keyboard does: post real pygame events and turn
the app's loop once per event. Shared by the UI tests (tests/test_ui.py) and by the subprocess
of the crash-and-resume test, so it must import nothing from pytest."""
from __future__ import annotations

import pygame

ROLES = ("ministry", "local", "firms", "university")
DIGITS = [pygame.K_1, pygame.K_2, pygame.K_3, pygame.K_4, pygame.K_5, pygame.K_6, pygame.K_7,
          pygame.K_8, pygame.K_9, pygame.K_0]


def post_key(key: int, mod: int = 0, unicode: str = "") -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode=unicode, scancode=0))
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=mod, unicode=unicode, scancode=0))


def press(app, key: int, mod: int = 0, unicode: str = "", steps: int = 1) -> None:
    """One key press, then the loop turns (a screen's `tick` may move on by itself: AI moves,
    the round's end)."""
    post_key(key, mod, unicode)
    for _ in range(steps):
        app.step(0)


def key_down(app, key: int, mod: int = 0, unicode: str = "") -> None:
    """A key going down (and staying down: no release), then one turn of the loop. A second
    key_down of the same key before key_up is what a held key's repeat looks like."""
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode=unicode, scancode=0))
    app.step(0)


def key_up(app, key: int, mod: int = 0) -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=mod, unicode="", scancode=0))
    app.step(0)


def freeze_clock(app, now: float = 1000.0) -> None:
    """Stop the loop's clock, so that nothing moves by itself between frames (a text cursor's
    blinking, a toast running out): frames then differ only because of input."""
    app.now = lambda: now
    app.clock = now


def frame(app) -> bytes:
    """The window's pixels as last drawn."""
    return pygame.image.tobytes(app.window, "RGB")


def settled_frame(app, turns: int = 6) -> bytes:
    """The frame once everything pending has been drawn: a few more loop turns, each drawn."""
    for _ in range(turns):
        app.dirty = True
        app.step(0)
    return frame(app)


def click(app, pos, button: int = 1) -> None:
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
    app.step(0)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=button))
    app.step(0)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=button))
    app.step(0)
    app.step(0)


def resize(app, w: int, h: int) -> None:
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=w, h=h, size=(w, h)))
    app.step(0)


def screen_kind(app) -> str:
    return type(app.screen).__name__ if app.screen is not None else "None"


def new_app(lang: str = "en", size=(1280, 720)):
    from game.ui.app import App
    from game.ui.screens.menu import TitleScreen
    app = App(lang, size=size, fullscreen=False)
    app.show(TitleScreen(app))
    app.step(0)
    return app


class DriverStuck(AssertionError):
    pass


def through_briefing(app, max_keys: int = 60) -> None:
    """A new game opens with its briefing: go through it as the table would (Enter on every
    page, each person's private agenda through its curtain, Enter to start round 1) until the
    board shows. Nothing if the board is already showing."""
    for _ in range(max_keys):
        if screen_kind(app) not in ("BriefingScreen", "BriefingCurtain", "AgendaScreen"):
            return
        press(app, pygame.K_RETURN)
    raise DriverStuck(f"still in the briefing after {max_keys} keys: {screen_kind(app)}")


class KeyboardPlayer:
    """Plays a whole hot-seat game through the keyboard only, choosing the key a person would
    press on whatever screen is showing.

    - set-up: every seat a person (F1, F3, F4), the scenario by its digit, F5 to start;
    - briefing: every page with Enter, then on its last page each seat's private agenda in turn
      (Enter through the curtain, Enter "I have read it"), then Enter starts round 1;
    - event: 1; negotiation: once, the ministry proposes (1) a deal to the local government
      (composer: 1 partner, = = money, Enter), the partner answers through the curtain (A,
      Enter, Y); then D; actions: Enter, Enter on the curtain, fund up to `funds_per_turn`
      actions with digit keys, Enter; resolution: Enter; end: D; debrief: every page with →,
      then Enter (or Esc back to the end screen and Enter there) to the title screen.

    `stop_when(player)` is checked before each key; the player stops when it returns True.
    """

    def __init__(self, app, scenario_key: int = pygame.K_5, deals: int = 1, funds_per_turn: int = 2,
                 max_keys: int = 3000):
        self.app = app
        self.scenario_key = scenario_key
        self.deals_wanted = deals
        self.funds_per_turn = funds_per_turn
        self.max_keys = max_keys
        self.keys: list[tuple[str, str]] = []        # (screen, key name): the trail, for messages
        self.session = None
        self.proposed: dict[int, int] = {}            # round -> deals proposed in it
        self.started = False
        self.finished = False                         # reached the title again after the debrief
        self.saw_debrief = False
        self.fund_tries: dict = {}                     # (round, role) -> digits already tried
        self.screens_seen: list[str] = []
        self.resolutions: list[int] = []               # the round each resolution screen showed
        self.openings: list[int] = []                  # rounds whose resolution showed the next opening
        self.debrief_pages: set[str] = set()
        self.debrief_read = False
        self.briefing_pages: list[str] = []           # the briefing's pages, in the order shown
        self.agendas_read: list[str] = []              # the seats whose agenda page was shown

    # --- helpers ---------------------------------------------------------------------------------
    def key(self, key: int) -> None:
        self.keys.append((screen_kind(self.app), pygame.key.name(key)))
        if len(self.keys) > self.max_keys:
            raise DriverStuck("the keyboard player pressed more than %d keys; last: %s"
                              % (self.max_keys, self.keys[-30:]))
        press(self.app, key)

    def trail(self, n: int = 30) -> str:
        return " ".join(f"{s}:{k}" for s, k in self.keys[-n:])

    # --- one decision --------------------------------------------------------------------------
    def play_one(self) -> None:
        """Press the one key a person would press on the screen showing now. Screens are told
        apart by class name (not by module), so screens moving between modules do not matter."""
        from game.engine.constants import ACTIONS, EVENT, NEGOTIATION
        from game.engine.game import pending_deals

        app, screen = self.app, self.app.screen
        kind = screen_kind(app)
        if not self.screens_seen or self.screens_seen[-1] != kind:
            self.screens_seen.append(kind)
        if kind == "TitleScreen":
            if self.saw_debrief:
                self.finished = True
                return
            self.key(pygame.K_n)
        elif kind == "SetupScreen":
            if screen.selected != "tutorial" and self.scenario_key is not None:
                self.key(self.scenario_key)
                return
            for i, role in enumerate(ROLES):
                if screen.kinds[role] != "human":
                    self.key(pygame.K_F1 + i)
                    return
            self.key(pygame.K_F5)
        elif kind == "GameScreen":
            self.session = screen.session
            self.started = True
            st = screen.session.state
            if st.phase == EVENT:
                self.key(pygame.K_1)
            elif st.phase == NEGOTIATION:
                humans = screen.session.human_roles()
                waiting = [(r, d) for r in humans for d in pending_deals(st, r)]
                if waiting:
                    self.key(pygame.K_a)
                elif self.proposed.get(st.round, 0) < self.deals_wanted and "ministry" in humans \
                        and "ministry" not in st.neg_done:
                    self.proposed[st.round] = self.proposed.get(st.round, 0) + 1
                    self.key(pygame.K_1 + humans.index("ministry"))
                else:
                    self.key(pygame.K_d)
            elif st.phase == ACTIONS:
                self.key(pygame.K_RETURN)
            else:
                raise DriverStuck(f"the board shows phase {st.phase!r}; trail: {self.trail()}")
        elif kind == "BriefingScreen":
            self.session = screen.session
            self.briefing_pages.append(screen.page_id)
            self.key(pygame.K_RETURN)
        elif kind == "AgendaScreen":
            self.agendas_read.append(screen.role)
            self.key(pygame.K_RETURN)
        elif kind in ("CurtainScreen", "BriefingCurtain"):
            self.key(pygame.K_RETURN)
        elif kind == "DealComposerScreen":
            if screen.partner != "local":
                self.key(pygame.K_1)          # the first other role of the ministry: local
            elif screen.amount < 10:
                self.key(pygame.K_EQUALS)
            else:
                self.key(pygame.K_RETURN)
        elif kind == "DealResponseScreen":
            self.key(pygame.K_y)
        elif kind == "ActionsScreen":
            if getattr(screen, "asking", False):     # "you have not funded anything": end the turn
                self.key(pygame.K_y)
                return
            st = screen.session.state
            mine = [a for (r, a, _k, _c, src) in st.record["funded"] if r == screen.role and src == "budget"]
            tried = self.fund_tries.setdefault((st.round, screen.role), [])
            n_actions = len(screen.session.scenario.actions_of(screen.role))
            if len(mine) < self.funds_per_turn and len(tried) < min(n_actions, len(DIGITS)):
                digit = DIGITS[len(tried)]
                tried.append(digit)
                self.key(digit)
            else:
                self.key(pygame.K_RETURN)
        elif kind == "ResolutionScreen":
            # a round's resolution, once: its second step (the next round's opening events) is
            # the same screen on the same round
            if getattr(screen, "step", 1) == 1:
                self.resolutions.append(screen.round)
            else:
                self.openings.append(screen.round)
            self.key(pygame.K_RETURN)
        elif kind == "EndScreen":
            self.key(pygame.K_RETURN if self.saw_debrief else pygame.K_d)
        elif kind == "DebriefScreen":
            # Read every page (→), then leave: Enter to the title where the screen offers it, else
            # Esc (back to the first page, then back to the end screen).
            self.saw_debrief = True
            self.debrief_pages.add(getattr(screen, "name", "debrief"))
            page, count = getattr(screen, "page", 0), getattr(screen, "page_count", 1)
            if pygame.K_RETURN in screen.shortcuts:
                self.key(pygame.K_RETURN)
            elif page < count - 1 and not self.debrief_read:
                self.key(pygame.K_RIGHT)
            else:
                self.debrief_read = True
                self.key(pygame.K_ESCAPE)
        elif kind == "MenuScreen":
            self.key(pygame.K_ESCAPE)
        else:
            raise DriverStuck(f"unexpected screen {kind}; trail: {self.trail()}")

    def play(self, stop_when=None) -> "KeyboardPlayer":
        while not self.finished:
            if stop_when is not None and stop_when(self):
                break
            self.play_one()
            if not self.app.running:
                raise DriverStuck(f"the app stopped running; trail: {self.trail()}")
        return self
