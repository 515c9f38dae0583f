"""Issue 15, security: nobody gets into a seat that is not theirs, and no message from a client
(wrong, old, second, oversized, malformed, too fast) gets more than an error. The server binds
to this machine only unless told otherwise, and never writes a secret to a log."""
from __future__ import annotations

import asyncio
import json
import logging
import socket

import pytest

aiohttp = pytest.importorskip("aiohttp")

from game.engine.actions import ChooseOption
from game.engine.constants import ROLES
from game.net import serve
from game.net.hub import CODE_LENGTH, SECRET_BYTES
from game.session import GameSession, Seat


@pytest.fixture
def room(tutorial):
    seats = {r: Seat("human", name=r, device=True) for r in ("ministry", "local")}
    seats.update({r: Seat("ai") for r in ("firms", "university")})
    session = GameSession(tutorial, "tutorial", 5, seats, lang="en")
    server = serve(session, run_ais=True, auto_ack_events=True)
    # round 1's event is the local government's: decided, so the tests start in negotiation
    card = tutorial.cards[session.state.card_id]
    if card.deciders[0] in ("ministry", "local"):
        session.act(ChooseOption(card.deciders[0], card.options[0].id))
    server.hub.run_ai_seats()
    yield server
    server.stop()


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 20))


async def recv(ws, want=None, timeout=5.0):
    """The next message (of type `want`, skipping others), or None when the socket closes."""
    while True:
        msg = await ws.receive(timeout=timeout)
        if msg.type != aiohttp.WSMsgType.TEXT:
            return None
        data = json.loads(msg.data)
        if want is None or data.get("t") == want:
            return data


async def hello(http, server, secret, device=None, lang="en"):
    ws = await http.ws_connect(server.base_url() + "/ws")
    await ws.send_str(json.dumps({"t": "hello", "secret": secret, "device": device, "lang": lang}))
    return ws


def test_secrets_are_long_and_codes_short(room):
    assert SECRET_BYTES * 8 >= 128
    doors = room.hub.doors
    assert set(doors) == {"ministry", "local"}      # only device seats have a door
    assert len({d.secret for d in doors.values()}) == 2
    assert all(len(d.secret) >= 22 and len(d.code) == CODE_LENGTH for d in doors.values())
    assert "#" in room.seat_link("ministry") and room.seat_link("ministry").endswith(doors["ministry"].secret)


def test_listens_on_this_machine_only_by_default(room):
    assert room.host == "127.0.0.1"
    assert room.base_url().startswith("http://127.0.0.1:")


def test_wrong_or_old_secret_gets_only_an_error(room):
    async def go():
        async with aiohttp.ClientSession() as http:
            for bad in ("x" * 32, "", None, 12, ["a"], room.hub.doors["ministry"].secret[:-1] + "A"):
                ws = await hello(http, room, bad)
                m = await recv(ws)
                assert m == {"t": "denied", "why": "bad"}
                assert await recv(ws) is None            # and the connection is closed
            old = room.hub.doors["local"].secret
            room.hub.reissue("local")
            ws = await hello(http, room, old)
            assert (await recv(ws))["t"] == "denied"
            # a right secret still works (the bucket of wrong tries is per address: 10 a minute)
            ws = await hello(http, room, room.hub.doors["local"].secret)
            assert (await recv(ws))["t"] == "welcome"
            await ws.close()
    run(go())


def test_guessing_is_rate_limited(room):
    async def go():
        async with aiohttp.ClientSession() as http:
            answers = []
            for _ in range(12):
                ws = await hello(http, room, "y" * 32)
                answers.append((await recv(ws))["why"])
            assert answers[:10] == ["bad"] * 10 and answers[10:] == ["wait", "wait"]
            # even the right secret waits now, from this address
            ws = await hello(http, room, room.hub.doors["ministry"].secret)
            assert (await recv(ws))["why"] == "wait"
            codes = []
            for _ in range(7):
                r = await http.post(room.base_url() + "/api/code", json={"code": "ZZZZZZ"})
                codes.append(r.status)
            assert codes[:5] == [403] * 5 and codes[5:] == [429, 429]
    run(go())


def test_join_code_gives_the_seat_link(room):
    async def go():
        async with aiohttp.ClientSession() as http:
            code = room.hub.doors["local"].code
            r = await http.post(room.base_url() + "/api/code", json={"code": code.lower()[:3] + "-" + code[3:]})
            assert r.status == 200 and (await r.json())["secret"] == room.hub.doors["local"].secret
    run(go())


def test_second_device_needs_the_facilitator(room):
    secret = room.hub.doors["ministry"].secret

    async def go():
        async with aiohttp.ClientSession() as http:
            first = await hello(http, room, secret)
            welcome = await recv(first, "welcome")
            device = welcome["device"]
            assert (await recv(first, "view"))["view"]["role"] == "ministry"
            second = await hello(http, room, secret)
            pending = await recv(second)
            assert pending["t"] == "pending"
            assert room.hub.pending_claims() == ["ministry"] and room.hub.status()["ministry"] == "claim"
            # the waiting device may not move
            await second.send_str(json.dumps({"t": "move", "id": "m1", "move": {"type": "EndNegotiation"}}))
            assert (await recv(second))["t"] == "error"
            # refused: it gets nothing
            room.hub.confirm_claim("ministry", allow=False)
            assert (await recv(second))["t"] == "refused"
            third = await hello(http, room, secret)
            assert (await recv(third))["t"] == "pending"
            room.hub.confirm_claim("ministry", allow=True)
            assert (await recv(third, "welcome"))["role"] == "ministry"
            assert (await recv(first, "moved")) is not None       # the first device lost the seat
            assert await recv(first) is None
            # the first device coming back is a second claim now
            again = await hello(http, room, secret, device=device)
            assert (await recv(again))["t"] == "pending"
            await third.close()
            await again.close()
    run(go())


def test_rejoin_after_reload_and_resend_applies_once(room):
    secret = room.hub.doors["ministry"].secret
    session = room.hub.session

    async def go():
        async with aiohttp.ClientSession() as http:
            ws = await hello(http, room, secret)
            device = (await recv(ws, "welcome"))["device"]
            view = (await recv(ws, "view"))["view"]
            assert view["phase"] == "negotiation"          # the AIs and the auto-acknowledged event
            await ws.close()                               # the phone reloads
            ws = await hello(http, room, secret, device=device)
            assert (await recv(ws, "welcome"))["device"] == device
            assert (await recv(ws, "view"))["view"]["role"] == "ministry"
            before = len(session.state.history)
            move = {"t": "move", "id": "end-1", "move": {"type": "EndNegotiation"}}
            for _ in range(3):                               # sent three times: applied once
                await ws.send_str(json.dumps(move))
            answers = [await recv(ws, "result") for _ in range(3)]
            assert all(a["ok"] and a["id"] == "end-1" for a in answers)
            mine = [a for a in session.state.history[before:] if a.role == "ministry"]
            assert [type(a).__name__ for a in mine] == ["EndNegotiation"]
            await ws.close()
    run(go())


def test_a_move_is_always_the_seats_own(room):
    session = room.hub.session

    async def go():
        async with aiohttp.ClientSession() as http:
            ws = await hello(http, room, room.hub.doors["local"].secret)
            await recv(ws, "view")
            before = len(session.state.history)
            await ws.send_str(json.dumps({"t": "move", "id": "a", "move": {
                "type": "EndNegotiation", "role": "ministry"}}))
            assert (await recv(ws, "result"))["ok"]
            assert session.state.history[before].role == "local"
            await ws.close()
    run(go())


def test_malformed_messages_get_errors_not_tracebacks(room):
    session = room.hub.session

    async def go():
        async with aiohttp.ClientSession() as http:
            ws = await hello(http, room, room.hub.doors["local"].secret)
            await recv(ws, "view")
            before = len(session.state.history)
            for raw in ("not json", "[1, 2]", '{"t": 5}', '{"t": "nope"}', "null", "[" * 8000 + "]" * 8000,
                        '{"t": "move", "id": "deep", "move": ' + '{"a": ' * 2000 + "1" + "}" * 2000 + "}"):
                await ws.send_str(raw)
                assert (await recv(ws, "error"))["t"] == "error"
            bad_moves = [None, 5, "EndTurn", {"type": "Fund"}, {"type": "Fund", "action_id": ["x"]},
                         {"type": "Fund", "action_id": "nope"}, {"type": "Explode"},
                         {"type": "ProposeDeal", "terms": {"recipients": ["firms"], "transfers": [
                             {"giver": "local", "receiver": "firms", "amount": 10 ** 12}]}},
                         {"type": "ProposeDeal", "terms": {"recipients": "firms"}},
                         {"type": "ProposeDeal", "terms": {"recipients": ["firms"], "cofund": {
                             "action_id": "nope", "shares": [{"role": "local", "amount": 5}]}}},
                         {"type": "RespondDeal", "deal_id": 999, "accept": True},
                         {"type": "ChooseOption", "option_id": "x" * 10000}]
            for k, mv in enumerate(bad_moves):
                await ws.send_str(json.dumps({"t": "move", "id": f"bad-{k}", "move": mv}))
                answer = await recv(ws, "result")
                assert answer["ok"] is False and "Traceback" not in answer["error"] and answer["error"]
            for bad_id in (None, 7, "", "x" * 65):
                await ws.send_str(json.dumps({"t": "move", "id": bad_id, "move": {"type": "EndNegotiation"}}))
                assert (await recv(ws, "result"))["ok"] is False
            assert len(session.state.history) == before      # nothing reached the rules' state
            # still a working seat
            await ws.send_str(json.dumps({"t": "move", "id": "good", "move": {"type": "EndNegotiation"}}))
            assert (await recv(ws, "result"))["ok"]
            await ws.close()
    run(go())


def test_oversized_messages_and_bodies(room):
    async def go():
        async with aiohttp.ClientSession() as http:
            ws = await hello(http, room, room.hub.doors["local"].secret)
            await recv(ws, "view")
            await ws.send_str(json.dumps({"t": "move", "id": "big", "move": {"type": "Fund", "action_id": "x" * 40000}}))
            while (m := await recv(ws)) is not None:      # closed: a message that big is refused
                assert m["t"] in ("view", "tick")           # (updates already on their way)
            r = await http.post(room.base_url() + "/api/code", data=b"{" + b" " * 100000 + b"}",
                                headers={"Content-Type": "application/json"})
            assert r.status == 413
            # the server still serves the other seat
            ws = await hello(http, room, room.hub.doors["ministry"].secret)
            assert (await recv(ws, "welcome"))["role"] == "ministry"
            await ws.close()
    run(go())


def test_too_fast_is_cut_off(room):
    async def go():
        async with aiohttp.ClientSession() as http:
            ws = await hello(http, room, room.hub.doors["local"].secret)
            await recv(ws, "view")
            for _ in range(200):
                await ws.send_str('{"t": "ping"}')
            kinds = []
            while True:
                m = await recv(ws)
                if m is None:
                    break
                kinds.append(m["t"])
            assert kinds.count("pong") <= 45 and "error" in kinds      # the burst, then errors, then closed
    run(go())


def test_headers_on_every_response_and_no_other_files(room):
    async def go():
        async with aiohttp.ClientSession() as http:
            for path, status in (("/", 200), ("/seat", 200), ("/watch", 200), ("/static/seat.js", 200),
                                 ("/static/../hub.py", 404), ("/static/hub.py", 404), ("/etc/passwd", 404),
                                 ("/api/code", 405)):
                r = await http.get(room.base_url() + path)
                assert r.status == status, path
                csp = r.headers["Content-Security-Policy"]
                assert "default-src 'none'" in csp and "script-src 'self'" in csp and "unsafe" not in csp
                assert r.headers["X-Content-Type-Options"] == "nosniff"
                body = await r.text()
                assert "Traceback" not in body
            page = await (await http.get(room.base_url() + "/seat")).text()
            assert "<script>" not in page and "style=" not in page and " on" not in page.split("<body>")[1].split(">")[0]
    run(go())


def test_secrets_never_logged(room, caplog):
    caplog.set_level(logging.DEBUG)

    async def go():
        async with aiohttp.ClientSession() as http:
            ws = await hello(http, room, room.hub.doors["ministry"].secret)
            await recv(ws, "view")
            await http.post(room.base_url() + "/api/code", json={"code": room.hub.doors["local"].code})
            await ws.close()
    run(go())
    text = caplog.text
    for door in room.hub.doors.values():
        assert door.secret not in text and door.code not in text


def test_stops_with_the_game(tutorial):
    session = GameSession(tutorial, "tutorial", 5, {r: Seat("human", device=True) for r in ROLES})
    server = serve(session)
    port = server.port
    server.stop()
    assert not server.running
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", port)) != 0
