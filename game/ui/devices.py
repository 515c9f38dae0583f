"""The shared screen's side of device seats (game.net): starting the seat server with a game,
the join page (a QR code and a short code per device seat, who is connected, a second device's
claim to confirm), and the one-line status the board shows.

The server runs in its own thread; whenever a device moves or connects it posts an event, so
the window wakes up and the board redraws at once."""
from __future__ import annotations

import atexit

import pygame

from game.i18n import _
from game.presentation import role_name

from . import theme
from .app import Screen

WAKE = pygame.event.custom_type()       # posted by the server's thread: something changed

_host: dict = {}                         # the running server (one game at a time)
LOCAL = "127.0.0.1"                      # this machine only: no other device can reach it


def server():
    """The running seat server, or None."""
    srv = _host.get("server")
    return srv if srv is not None and srv.running else None


def start(session, host: str = LOCAL):
    """Serve `session`'s device seats (stopping the last game's server). Returns the server, or
    None when no seat is on a device or the server cannot start (the reason: `last_error()`)."""
    stop()
    _host["error"] = None
    if not session.device_roles():
        return None
    from game.net import DeviceServer
    from game.net.hub import DeviceHub
    hub = _host.get("hub")
    if hub is None or hub.session is not session:
        hub = DeviceHub(session)
    try:
        srv = DeviceServer(hub, host=host).start()
    except OSError as exc:
        _host["error"] = str(exc)
        return None
    hub.add_listener(_wake)
    _host.update(server=srv, hub=hub, host=host)
    return srv


def stop() -> None:
    srv = _host.pop("server", None)
    if srv is not None:
        srv.stop()


atexit.register(stop)


def last_error() -> str | None:
    return _host.get("error")


def _wake() -> None:
    try:
        pygame.event.post(pygame.event.Event(WAKE))
    except pygame.error:
        pass


def next_host(current: str, rooms: list[str]) -> str:
    """The address after `current` in the facilitator's cycle: this machine only, then each
    network this machine is on (a laptop may be on the room's Wi-Fi and a cable at once), then
    this machine again."""
    cycle = [LOCAL] + [r for r in rooms if r != LOCAL]
    return cycle[(cycle.index(current) + 1) % len(cycle)] if current in cycle else LOCAL


def switch_network(session) -> None:
    """The facilitator's choice of network (`next_host`). The seats' links and codes stay the
    same; devices reconnect."""
    from game.net import room_addresses
    start(session, next_host(_host.get("host", LOCAL), room_addresses()))


def network_button_text() -> str:
    """What W does next: go onto the room's network, onto the next one, or back to this machine."""
    from game.net import room_addresses
    nxt = next_host(_host.get("host", LOCAL), room_addresses())
    if nxt == LOCAL:
        return _("This machine only")
    return _("Room network") if _host.get("host", LOCAL) == LOCAL else _("Next network: {address}").format(address=nxt)


# --- what the board shows ------------------------------------------------------------------------
def status_text(state: str) -> str:
    return {"waiting": _("not joined yet"), "connected": _("connected"),
            "dropped": _("disconnected — rejoins by reloading the page"),
            "claim": _("another device asks for this seat")}[state]


def status_colour(state: str):
    return {"connected": theme.GOOD, "dropped": theme.WARN, "claim": theme.BAD}.get(state, theme.MUTED)


def board_tick(screen) -> bool:
    """The board's hook: redraw when a device moved or connected since it was built."""
    srv = server()
    if srv is None:
        return False
    session = screen.session
    sig = (id(session.state), tuple(sorted(srv.hub.status().items())))
    if getattr(screen, "_devices_seen", None) != sig:
        first = getattr(screen, "_devices_seen", None) is None
        screen._devices_seen = sig
        if not first:
            screen.app.rebuild()
            return True
    return False


def board_keys(screen) -> None:
    """J opens the join page (the board's shortcut, with device seats)."""
    if screen.session.device_roles():
        screen.key(pygame.K_j, lambda: screen.app.show(JoinScreen(screen.app, screen.session, screen)))


def draw_board_strip(screen, surface, area: pygame.Rect) -> None:
    """Who is connected, at the foot of the board's region panel (`area`): "[J] ● Local
    government ● Firms …", each seat's dot in its state's colour, wrapped to the panel."""
    srv = server()
    roles = screen.session.device_roles()
    if not roles:
        return
    fonts, size = screen.app.fonts, screen.app.sizes["small"]
    font = fonts.font(size)
    line = font.get_linesize()
    status = srv.hub.status() if srv else {}
    items = [("[J]", theme.MUTED)] + [(f"● {role_name(r)}", status_colour(status.get(r, "waiting"))) for r in roles]
    if srv is None:
        items = [(last_error() or _("The device server is not running."), theme.BAD)]
    gap = font.size("  ")[0]
    width = area.w - 24
    rows: list[list] = [[]]
    x = 0
    for text, colour in items:
        w = font.size(text)[0]
        if rows[-1] and x + w > width:
            rows.append([])
            x = 0
        rows[-1].append((x, text, colour))
        x += w + gap
    y = area.bottom - 8 - line * len(rows)
    for row in rows:
        for x, text, colour in row:
            screen.text(surface, text, (area.x + 12 + x, y), "small", colour)
        y += line


class JoinScreen(Screen):
    """The join page on the shared screen: per device seat a QR code, its short code and whether
    it is connected; the room's address. A seat's code is shown until its device has joined —
    after that only "connected" (the secret is never shown again, unless the facilitator makes
    a new one with R). A second device's claim is confirmed here (Y) or refused (N)."""
    name = "join"

    def __init__(self, app, session, board):
        super().__init__(app)
        self.session, self.board = session, board
        self._qr: dict = {}
        self._seen = None

    def build(self) -> None:
        w, h = self.size
        s = self.app.sizes
        srv = server()
        self.label((20, 12, w - 40, s["title"] * 2), _("Join from your phone or laptop"), style="@title")
        bw = max(self.u(200), self.fit_w(_("Back to the board"), pygame.K_ESCAPE))
        self.button((20, h - self.u(64), bw, self.u(52)), _("Back to the board"), self.back, pygame.K_ESCAPE,
                    style="@primary")
        net = network_button_text()
        nw = max(self.u(200), self.fit_w(net, pygame.K_w))
        self.button((40 + bw, h - self.u(64), nw, self.u(52)), net, self.network, pygame.K_w)
        pending = srv.hub.pending_claims() if srv else []
        if pending:
            role = pending[0]
            text = _("Another device asks for the seat of {role}. Give it the seat?").format(role=role_name(role))
            self.label((20, h - self.u(130), w - 40, s["body"] * 2), text, style="@heading")
            yw = max(self.u(140), self.fit_w(_("Yes"), pygame.K_y))
            x = w - 20 - 2 * yw - 10
            self.button((x, h - self.u(64), yw, self.u(52)), _("Yes"), lambda: self.confirm(role, True), pygame.K_y)
            self.button((x + yw + 10, h - self.u(64), yw, self.u(52)), _("No"), lambda: self.confirm(role, False),
                        pygame.K_n)
        for k, role in enumerate(self.session.device_roles()):
            self.key(pygame.K_1 + k, lambda r=role: self.reissue(r))

    def back(self) -> None:
        self.app.show(self.board)

    def network(self) -> None:
        switch_network(self.session)
        self._qr.clear()
        self.app.rebuild()

    def confirm(self, role: str, allow: bool) -> None:
        srv = server()
        if srv:
            srv.hub.confirm_claim(role, allow)
        self.app.rebuild()

    def reissue(self, role: str) -> None:
        """A new link and code for a seat (the old ones stop working; its device must join again)."""
        srv = server()
        if srv:
            srv.hub.reissue(role)
            self._qr.pop(role, None)
            self.app.toast(_("{role}: a new join code; the old link no longer works.").format(role=role_name(role)))
        self.app.rebuild()

    def tick(self) -> bool:
        srv = server()
        sig = tuple(sorted(srv.hub.status().items())) if srv else None
        if sig != self._seen:
            first = self._seen is None
            self._seen = sig
            if not first:
                self.app.rebuild()
                return True
        return False

    def qr_surface(self, role: str, link: str, side: int) -> pygame.Surface:
        key = (role, link, side)
        if key not in self._qr:
            from game.net.qr import qr_matrix
            rows = qr_matrix(link)
            n = len(rows)
            cell = max(1, side // n)
            surf = pygame.Surface((cell * n, cell * n))
            surf.fill((255, 255, 255))
            for y, row in enumerate(rows):
                for x, dark in enumerate(row):
                    if dark:
                        surf.fill((0, 0, 0), (x * cell, y * cell, cell, cell))
            self._qr = {k: v for k, v in self._qr.items() if k[0] != role}
            self._qr[key] = surf
        return self._qr[key]

    def draw(self, surface) -> None:
        w, h = self.size
        s = self.app.sizes
        srv = server()
        y0 = 20 + s["title"] * 2
        if srv is None:
            self.text(surface, last_error() or _("The device server is not running."), (20, y0), "body", theme.BAD)
            return
        base = srv.base_url()
        local = _host.get("host", LOCAL) == LOCAL
        where = (_("Only this machine can join now (press W for the room's network).") + f"  {base}" if local else
                 _("Phones and laptops on this network open {address} and type their seat's code, or scan it.")
                 .format(address=base))
        self.text(surface, where, (20, y0), "body", theme.WARN if local else theme.TEXT, wrap=w - 40)
        roles = self.session.device_roles()
        status = srv.hub.status()
        col_w = (w - 40) // max(1, len(roles))
        top = y0 + s["body"] * 3
        line = self.app.fonts.font(s["body"]).get_linesize()
        # the room under the address and above the keys' line: a seat's name, QR, code, state
        room = h - self.u(140) - top - s["heading"] * 2 - 10 - s["title"] * 2 - line * 2
        side = max(80, min(col_w - 30, room, self.u(300)))
        for k, role in enumerate(roles):
            x = 20 + k * col_w
            state = status.get(role, "waiting")
            self.text(surface, f"[{k + 1}] {role_name(role)}", (x, top), "heading", theme.TEXT, bold=True)
            y = top + s["heading"] * 2
            door = srv.hub.doors[role]
            if state == "waiting":
                qr = self.qr_surface(role, srv.seat_link(role), side)
                surface.blit(qr, (x, y))
                y += qr.get_height() + 10
                code = door.code
                self.text(surface, f"{code[:3]} {code[3:]}", (x, y), "title", theme.TEXT, bold=True)
                y += s["title"] * 2
            self.text(surface, "● " + status_text(state), (x, y), "body", status_colour(state), wrap=col_w - 20)
            y += line * 2
        self.text(surface, _("1–4: a new code for a seat (the old link stops working)."),
                  (20, h - self.u(100)), "small", theme.MUTED)
