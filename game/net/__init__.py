"""Seats on their own devices: each team's phone or laptop shows its private screens, served
over the room's network while the shared screen stays the public board.

`hub.py` is the door (secrets, join codes, the one device per seat, moves applied once),
`view.py` what a page shows (from `observe(state, role)` only), `server.py` the aiohttp server
in a background thread, `qr.py` the join codes as QR codes, `static/` the pages themselves.
"""
from game.net.hub import DeviceHub
from game.net.server import DeviceServer, room_addresses, serve

__all__ = ["DeviceHub", "DeviceServer", "room_addresses", "serve"]
