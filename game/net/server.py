"""The seat pages' web server: aiohttp in a background thread beside the pygame loop.

Pages and scripts are fixed files of the package (game/net/static/), read once; nothing is
templated on the server, and the pages put every text in with textContent. Every message from a
client is hostile: sizes are capped (HTTP bodies and WebSocket messages), rates are limited per
address and per connection, a malformed message gets an error, never a traceback. The server
listens on 127.0.0.1 unless the facilitator picks the room's network. No access log is written,
and a seat's secret travels only in a link's #fragment (never sent in a request line) and in
the first WebSocket message.
"""
from __future__ import annotations

import asyncio
import json
import re
import secrets
import socket
import threading
import time
from pathlib import Path

from aiohttp import WSMsgType, web

from game.engine.constants import LANGS
from game.net.hub import DeviceHub, clean_code
from game.net.view import public_view, seat_view, strings

STATIC = Path(__file__).resolve().parent / "static"
FILES = {            # what the server serves, and nothing else
    "/": ("index.html", "text/html"),
    "/seat": ("seat.html", "text/html"),
    "/watch": ("seat.html", "text/html"),
    "/static/seat.js": ("seat.js", "application/javascript"),
    "/static/index.js": ("index.js", "application/javascript"),
    "/static/seat.css": ("seat.css", "text/css"),
}
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
           "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY", "Cache-Control": "no-store",
           "Cross-Origin-Opener-Policy": "same-origin"}
MAX_BODY = 4 * 1024             # an HTTP request body (a join code)
MAX_MESSAGE = 16 * 1024         # a WebSocket message (a move with deal terms is < 1 KB)
MAX_CLIENTS = 120               # open WebSockets in all
MAX_PER_ADDRESS = 40            # open WebSockets from one address
HELLO_TIMEOUT = 10.0            # seconds a new connection has to say who it is
POLL_S = 0.05                   # how often moves made at the window are looked for


HEAD_INCLUDE = re.compile(rb"\A<!--#head ([a-z]+\.js)-->\n")


def read_static(name: str) -> bytes:
    """A served file's bytes; a page's first line `<!--#head x.js-->` stands for the pages' one
    shared head (static/head.html) with its script."""
    data = (STATIC / name).read_bytes()
    include = HEAD_INCLUDE.match(data)
    if include:
        head = (STATIC / "head.html").read_bytes().replace(b"{script}", include.group(1))
        data = head + data[include.end():]
    return data


class Bucket:
    """A token bucket: `rate` per second, bursts of `burst`."""

    def __init__(self, rate: float, burst: float):
        self.rate, self.burst = rate, burst
        self.tokens, self.at = burst, time.monotonic()

    def take(self, n: float = 1.0) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens >= n:
            self.tokens -= n
            return True
        return False


class Client:
    def __init__(self, ws, address: str, lang: str, bucket: Bucket):
        self.ws, self.address, self.lang, self.bucket = ws, address, lang, bucket
        self.role: str | None = None       # a seat's holder, once welcomed
        self.device: str | None = None
        self.pending: str | None = None    # the role it claims, waiting for the facilitator
        self.watcher = False
        self.last: str | None = None       # the last view sent (unchanged views are not resent)
        self.strikes = 0                   # bad or too fast messages


def room_addresses() -> list[str]:
    """This machine's addresses on the networks it is on (for the facilitator's choice)."""
    found = []
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))       # no packet is sent: it only picks the route's address
            found.append(s.getsockname()[0])
    except OSError:
        pass
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            addr = info[4][0]
            if addr not in found and not addr.startswith("127."):
                found.append(addr)
    except OSError:
        pass
    return [a for a in found if not a.startswith("127.")]


class DeviceServer:
    def __init__(self, hub: DeviceHub, host: str = "127.0.0.1", port: int = 0,
                 message_rate: float = 20.0, message_burst: float = 40.0):
        self.hub = hub
        self.host, self.port = host, port
        self.message_rate, self.message_burst = message_rate, message_burst
        self.clients: set[Client] = set()
        self._files = {path: (read_static(name), ctype) for path, (name, ctype) in FILES.items()}
        self._http_buckets: dict[str, Bucket] = {}
        self._code_buckets: dict[str, Bucket] = {}
        self._secret_buckets: dict[str, Bucket] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self._dirty = False
        self.error: str | None = None
        self.sent = 0                      # view messages sent (for tests: bounded in count)
        hub.add_listener(self.notify)

    # --- life ----------------------------------------------------------------------------------
    def start(self) -> "DeviceServer":
        """Start in a background thread; returns once it listens. Raises OSError with a plain
        sentence if it cannot (the port is taken, the address is not this machine's)."""
        self._thread = threading.Thread(target=self._run, name="device-server", daemon=True)
        self._thread.start()
        self._ready.wait(10)
        if self.error:
            raise OSError(self.error)
        return self

    def stop(self) -> None:
        loop = self._loop
        if loop is not None and self._stop is not None and loop.is_running():
            loop.call_soon_threadsafe(self._stop.set)
        if self._thread is not None:
            self._thread.join(5)
        self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def base_url(self) -> str:
        host = self.host if self.host not in ("0.0.0.0", "") else (room_addresses() or ["127.0.0.1"])[0]
        return f"http://{host}:{self.port}"

    def seat_link(self, role: str) -> str:
        """The seat's join link: the secret rides in the #fragment, which browsers never send."""
        return f"{self.base_url()}/seat#{self.hub.doors[role].secret}"

    def _run(self) -> None:
        loop = self._loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(self._main())
        except Exception as exc:          # never a traceback on the shared screen
            self.error = str(exc) or type(exc).__name__
        finally:
            self._ready.set()
            loop.close()

    async def _main(self) -> None:
        self._stop = asyncio.Event()
        app = web.Application(client_max_size=MAX_BODY, middlewares=[self._guard])
        app.router.add_get("/ws", self._ws)
        app.router.add_post("/api/code", self._code)
        for path in FILES:
            app.router.add_get(path, self._file)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        try:
            site = web.TCPSite(self._runner, self.host, self.port, backlog=64)
            await site.start()
        except OSError as exc:
            self.error = f"cannot listen on {self.host}:{self.port}: {exc.strerror or exc}"
            await self._runner.cleanup()
            return
        sockets = site._server.sockets if site._server else []
        if sockets:
            self.port = sockets[0].getsockname()[1]
        self._ready.set()
        poller = asyncio.ensure_future(self._poll())
        await self._stop.wait()
        poller.cancel()
        for c in list(self.clients):
            await c.ws.close(code=1001, message=b"game over")
        await self._runner.cleanup()

    # --- HTTP ----------------------------------------------------------------------------------
    @web.middleware
    async def _guard(self, request: web.Request, handler):
        address = request.remote or "?"
        bucket = self._http_buckets.get(address)
        if bucket is None:
            if len(self._http_buckets) > 1000:
                self._http_buckets.clear()
            bucket = self._http_buckets[address] = Bucket(20.0, 60.0)
        if not bucket.take():
            resp = web.Response(status=429, text="Too many requests.")
        else:
            try:
                resp = await handler(request)
            except web.HTTPException as exc:
                resp = web.Response(status=exc.status, text=exc.reason or "Error")
            except Exception:           # no traceback reaches a user
                resp = web.Response(status=500, text="Something went wrong.")
        if not resp.prepared:
            resp.headers.update(HEADERS)
        return resp

    async def _file(self, request: web.Request) -> web.Response:
        body, ctype = self._files[request.path]
        return web.Response(body=body, content_type=ctype, charset="utf-8")

    async def _code(self, request: web.Request) -> web.Response:
        """A typed join code for the seat's secret (at most 5 wrong codes a minute per address)."""
        address = request.remote or "?"
        bucket = self._code_buckets.setdefault(address, Bucket(5 / 60, 5))
        if bucket.tokens < 1:
            bucket.take(0)
            return web.json_response({"error": "wait"}, status=429)
        try:
            data = await request.json()
            code = data.get("code") if isinstance(data, dict) else None
        except (ValueError, UnicodeDecodeError, RecursionError):
            code = None
        secret = self.hub.secret_for_code(clean_code(code))
        if secret is None:
            bucket.take()
            return web.json_response({"error": "bad"}, status=403)
        return web.json_response({"secret": secret})

    # --- WebSocket -----------------------------------------------------------------------------
    async def _ws(self, request: web.Request):
        address = request.remote or "?"
        if len(self.clients) >= MAX_CLIENTS or sum(c.address == address for c in self.clients) >= MAX_PER_ADDRESS:
            return web.Response(status=503, text="Too many connections.")
        ws = web.WebSocketResponse(max_msg_size=MAX_MESSAGE, heartbeat=20.0, compress=False)
        await ws.prepare(request)
        client = Client(ws, address, self.hub.session.lang if self.hub.session.lang in LANGS else "en",
                        Bucket(self.message_rate, self.message_burst))
        self.clients.add(client)
        try:
            await self._talk(client)
        except (asyncio.CancelledError, ConnectionError):
            pass
        except Exception:
            pass                        # a broken client never takes the server down
        finally:
            self.clients.discard(client)
            if client.role is not None:
                self.hub.connection(client.role, -1)
            if not ws.closed:
                await ws.close()
        return ws

    async def _talk(self, client: Client) -> None:
        ws = client.ws
        deadline = time.monotonic() + HELLO_TIMEOUT
        while True:
            timeout = None
            if client.role is None and not client.watcher and client.pending is None:
                timeout = max(0.1, deadline - time.monotonic())
            try:
                msg = await ws.receive(timeout=timeout)
            except asyncio.TimeoutError:
                await self._send(client, {"t": "error", "error": "hello"})
                return
            if msg.type in (WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED):
                return
            if msg.type == WSMsgType.ERROR:      # too big, or broken framing
                return
            if msg.type != WSMsgType.TEXT:
                if not await self._strike(client, "binary"):
                    return
                continue
            if not client.bucket.take():
                if not await self._strike(client, "rate"):
                    return
                continue
            try:
                data = json.loads(msg.data)
            except (ValueError, RecursionError):     # not JSON, or nested thousands deep
                data = None
            if not isinstance(data, dict) or not isinstance(data.get("t"), str):
                if not await self._strike(client, "malformed"):
                    return
                continue
            if not await self._handle(client, data):
                return

    async def _strike(self, client: Client, why: str) -> bool:
        """A bad or too fast message: an error back; the tenth closes the connection."""
        client.strikes += 1
        await self._send(client, {"t": "error", "error": why})
        if client.strikes >= 10:
            await client.ws.close(code=1008, message=b"policy")
            return False
        return True

    async def _handle(self, client: Client, data: dict) -> bool:
        t = data["t"]
        lang = data.get("lang")
        client.lang_given = isinstance(lang, str) and lang in LANGS
        if client.lang_given:
            client.lang = lang
        if t == "hello":
            return await self._hello(client, data)
        if t == "watch":
            client.watcher = True
            client.last = None
            await self._send(client, {"t": "welcome", "watcher": True, "lang": client.lang,
                                      "strings": strings(client.lang)})
            await self._push(client)
            return True
        if t == "lang":
            client.last = None
            if client.role is not None:
                self.hub.doors[client.role].lang = client.lang
            await self._send(client, {"t": "strings", "lang": client.lang, "strings": strings(client.lang)})
            await self._push(client)
            return True
        if t == "move":
            if client.role is None:
                return await self._strike(client, "not joined")
            move_id = data.get("id")
            loop = asyncio.get_running_loop()
            # the session's lock may be held by the window (an AI thinking): wait off the loop
            answer = await loop.run_in_executor(None, self.hub.move, client.role, client.device,
                                                move_id, data.get("move"), client.lang)
            reply = {"t": "result", "id": move_id if isinstance(move_id, str) and len(move_id) <= 64 else None,
                     "v": self.hub.version, **answer}
            await self._send(client, reply)     # the views follow (the hub's change notice)
            return True
        if t == "ping":
            await self._send(client, {"t": "pong"})
            return True
        return await self._strike(client, "unknown")

    async def _hello(self, client: Client, data: dict) -> bool:
        address = client.address
        bucket = self._secret_buckets.setdefault(address, Bucket(10 / 60, 10))
        if bucket.tokens < 1:
            bucket.take(0)
            await self._send(client, {"t": "denied", "why": "wait"})
            return False
        role = self.hub.role_for_secret(data.get("secret"))
        if role is None:
            bucket.take()               # a wrong or old secret: nothing but an error
            await self._send(client, {"t": "denied", "why": "bad"})
            return False
        door = self.hub.doors[role]
        if door.lang in LANGS and not getattr(client, "lang_given", False):
            client.lang = door.lang         # a rejoin without a language keeps the seat's
        device = data.get("device")
        if not (isinstance(device, str) and 16 <= len(device) <= 64 and device.isascii()):
            device = secrets.token_urlsafe(18)
        client.device = device
        result = self.hub.claim(role, device)
        if result == "refused":
            await self._send(client, {"t": "refused"})
            return False
        if result == "pending":
            client.pending = role
            await self._send(client, {"t": "pending", "device": device, "strings": strings(client.lang)})
            return True
        await self._welcome(client, role)
        return True

    async def _welcome(self, client: Client, role: str) -> None:
        client.role, client.pending, client.last = role, None, None
        door = self.hub.doors[role]
        if door.lang in LANGS and not getattr(client, "lang_given", False):
            client.lang = door.lang         # a rejoin without a language keeps the seat's
        door.lang = client.lang
        self.hub.connection(role, +1)
        await self._send(client, {"t": "welcome", "role": role, "device": client.device, "lang": client.lang,
                                  "strings": strings(client.lang)})
        await self._push(client)

    async def _send(self, client: Client, data: dict) -> None:
        if client.ws.closed:
            return
        try:
            await client.ws.send_str(json.dumps(data, ensure_ascii=False))
        except (ConnectionError, RuntimeError):
            pass

    # --- pushing views -------------------------------------------------------------------------
    def notify(self) -> None:
        """Something changed (any thread): every page gets its new view soon."""
        loop = self._loop
        if loop is None or not loop.is_running() or self._dirty:
            return
        self._dirty = True
        try:
            loop.call_soon_threadsafe(lambda: asyncio.ensure_future(self._broadcast()))
        except RuntimeError:
            pass

    async def _poll(self) -> None:
        while True:
            await asyncio.sleep(POLL_S)
            if self.hub.poll():
                await self._broadcast()

    async def _broadcast(self) -> None:
        self._dirty = False
        await self._settle_claims()
        views: dict = {}
        version = self.hub.version
        sends = []
        for client in list(self.clients):
            if client.role is None and not client.watcher:
                continue
            sends.append(self._push(client, views, version))
        if sends:
            await asyncio.gather(*sends)

    async def _settle_claims(self) -> None:
        """Claims the facilitator has answered; devices that lost their seat."""
        for client in list(self.clients):
            if client.pending is not None:
                door = self.hub.doors.get(client.pending)
                if door is None:
                    continue
                if self.hub.holds(client.pending, client.device):
                    await self._welcome(client, client.pending)
                elif client.device in door.refused:
                    client.pending = None
                    await self._send(client, {"t": "refused"})
                    await client.ws.close()
            elif client.role is not None and not self.hub.holds(client.role, client.device):
                role, client.role = client.role, None
                self.hub.connection(role, -1)
                await self._send(client, {"t": "moved"})
                await client.ws.close()

    async def _push(self, client: Client, views: dict | None = None, version: int | None = None) -> None:
        views = {} if views is None else views
        version = self.hub.version if version is None else version
        key = (client.role, client.lang)
        if key not in views:
            try:
                if client.role is None:
                    view = public_view(self.hub.session, client.lang)
                    view["seats"] = self.hub.status()
                else:
                    view = seat_view(self.hub.session, client.role, client.lang)
                views[key] = json.dumps(view, ensure_ascii=False)
            except Exception:
                views[key] = None       # a view that cannot be built now: the next change retries
        text = views[key]
        if text is None or client.ws.closed:
            return
        try:
            if text == client.last:
                await client.ws.send_str(f'{{"t":"tick","v":{version}}}')
            else:
                client.last = text
                await client.ws.send_str(f'{{"t":"view","v":{version},"view":{text}}}')
            self.sent += 1
        except (ConnectionError, RuntimeError):
            pass


def serve(session, host: str = "127.0.0.1", port: int = 0, run_ais: bool = False,
          auto_ack_events: bool = False, **kwargs) -> DeviceServer:
    """Start serving `session`'s device seats; returns the running server (`stop()` ends it)."""
    hub = DeviceHub(session, run_ais=run_ais, auto_ack_events=auto_ack_events)
    return DeviceServer(hub, host, port, **kwargs).start()
