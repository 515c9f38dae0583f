"""Issue 15 on the shared screen: set-up makes a seat "a device"; the game starts the seat
server; the board says who is connected and J opens the join page, with a QR code and a short
code per device seat until it joins; a move from the device shows on the board at once; the
briefing passes the screen only to the people at it."""
from __future__ import annotations

import asyncio
import json
import os

import pygame
import pytest

aiohttp = pytest.importorskip("aiohttp")

from ui_driver import new_app, press, screen_kind, settled_frame, through_briefing


@pytest.fixture
def app(data_dir):
    from game.i18n import set_language
    a = new_app("en")
    yield a
    from game.ui import devices
    devices.stop()
    pygame.quit()
    set_language("en")


def join_and_choose(server, secret: str) -> dict:
    async def go():
        async with aiohttp.ClientSession() as http:
            ws = await http.ws_connect(server.base_url() + "/ws")
            await ws.send_str(json.dumps({"t": "hello", "secret": secret, "lang": "ko"}))
            while True:
                m = json.loads((await ws.receive(timeout=5)).data)
                if m["t"] == "view":
                    break
            view = m["view"]
            option = view["event"]["options"][0]["id"]
            await ws.send_str(json.dumps({"t": "move", "id": "e1", "move": {"type": "ChooseOption", "option_id": option}}))
            while m["t"] != "result":
                m = json.loads((await ws.receive(timeout=5)).data)
            await ws.close()
            return {"view": view, "result": m}
    return asyncio.run(asyncio.wait_for(go(), 20))


def test_a_device_seat_from_set_up_to_the_board(app, tmp_path):
    from game.ui import devices
    from game.ui.screens.menu import SetupScreen
    app.show(SetupScreen(app))
    app.step(0)
    setup = app.screen
    assert setup.kinds["local"] == "human"
    press(app, pygame.K_F2)                          # the local government: this screen → a device
    assert app.screen.kinds["local"] == "device"
    setup = app.screen
    setup.pick("tutorial")
    setup.start()
    app.step(0)
    session = app.screen.session
    assert session.seats["local"].human and session.seats["local"].device
    assert session.device_roles() == ["local"] and session.screen_roles() == []
    server = devices.server()
    assert server is not None and server.host == "127.0.0.1"
    through_briefing(app)                             # no curtain for the device seat's agenda
    assert screen_kind(app) == "GameScreen"
    board = app.screen
    # the join page: the seat's QR code and code, not yet joined
    press(app, pygame.K_j)
    assert screen_kind(app) == "JoinScreen"
    settled_frame(app)
    if os.environ.get("CPG_SHOTS"):
        pygame.image.save(app.window, os.path.join(os.environ["CPG_SHOTS"], "join-en.png"))
    assert server.hub.status() == {"local": "waiting"}
    secret = server.hub.doors["local"].secret
    out = join_and_choose(server, secret)
    assert out["result"]["ok"] and out["view"]["role"] == "local"
    assert out["view"]["lang"] == "ko"
    for _ in range(5):
        app.step(0)
    assert session.state.phase == "negotiation"       # the device's event choice is the game's
    press(app, pygame.K_ESCAPE)
    assert app.screen is board
    for _ in range(3):
        app.step(0)
    assert server.hub.status()["local"] == "dropped"  # the test's client has gone
    frame = settled_frame(app)
    assert frame
    # leaving the game for the title stops its server: no page answers any more
    from game.ui.screens.menu import TitleScreen
    app.show(TitleScreen(app))
    assert devices.server() is None and not server.running


def test_seat_kinds_cycle_person_device_ai(app):
    from game.ui.screens.menu import SetupScreen
    app.show(SetupScreen(app))
    app.step(0)
    seen = []
    for _ in range(3):
        seen.append(app.screen.kinds["ministry"])
        press(app, pygame.K_F1)
    assert seen == ["ai", "human", "device"] and app.screen.kinds["ministry"] == "ai"
