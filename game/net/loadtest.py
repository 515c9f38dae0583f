"""A room on the loopback address: 4 seats and many watchers play several rounds through the real
server, each seat choosing its moves from its own page's view only. Used by the load test
(tests/test_net_load.py: correctness and bounds) and by `python -m game.bench`
(`device_move_to_update_ms_p95`: the time from a move being sent to every client having the
update it caused)."""
from __future__ import annotations

import asyncio
import json
import time

from game.engine.actions import to_json
from game.engine.constants import ROLES


class Recorder:
    def __init__(self):
        self.arrivals: list[tuple[float, int]] = []    # (when, version) of every view or tick
        self.messages = 0
        self.views = 0
        self.last_view: dict | None = None
        self.new_view = asyncio.Event()
        self.results: dict[str, dict] = {}
        self.result_event = asyncio.Event()
        self.arrived = asyncio.Event()          # any view or tick
        self.newest = 0                         # the newest version seen

    async def until_version(self, v: int, deadline: float) -> None:
        """Wait until a view or tick of version `v` or newer has arrived (`deadline`: a hang guard)."""
        while self.newest < v and time.perf_counter() < deadline:
            self.arrived.clear()
            try:
                await asyncio.wait_for(self.arrived.wait(), max(0.05, deadline - time.perf_counter()))
            except asyncio.TimeoutError:
                pass

    def take(self, m: dict) -> None:
        self.messages += 1
        if m.get("t") in ("view", "tick"):
            self.arrivals.append((time.perf_counter(), int(m.get("v", 0))))
            self.newest = max(self.newest, int(m.get("v", 0)))
            self.arrived.set()
        if m.get("t") == "view":
            self.views += 1
            self.last_view = m["view"]
            self.new_view.set()
        if m.get("t") == "result":
            self.results[m.get("id")] = m
            self.result_event.set()


async def _reader(ws, rec: Recorder) -> None:
    async for msg in ws:
        try:
            rec.take(json.loads(msg.data))
        except (ValueError, TypeError, KeyError):
            pass


def choose(view: dict, memo: dict) -> dict | None:
    """A seat's move from its page's view alone (or None: nothing to do now)."""
    phase = view.get("phase")
    ev = view.get("event")
    if phase == "event" and ev and ev.get("mine"):
        return {"type": "ChooseOption", "option_id": ev["options"][view["round"] % len(ev["options"])]["id"]}
    if phase == "negotiation":
        if view.get("deals_to_me"):
            d = view["deals_to_me"][0]
            return {"type": "RespondDeal", "deal_id": d["id"], "accept": d["id"] % 2 == 0}
        key = ("proposed", view["round"])
        if view.get("can_propose") and not memo.get(key) and view.get("budget", 0) >= 5:
            memo[key] = True
            partners = view["composer"]["partners"]
            partner = partners[view["round"] % len(partners)]["role"]
            return {"type": "ProposeDeal", "terms": {"recipients": [partner], "transfers": [
                {"giver": view["role"], "receiver": partner, "amount": 5, "condition": None}],
                "cofund": None, "commitments": []}}
        if view.get("can_end_negotiation"):
            return {"type": "EndNegotiation"}
        return None
    if phase == "actions" and view.get("actions") and view["actions"]["can_end"]:
        key = ("funded", view["round"])
        rows = [r for r in view["actions"]["rows"] if r["fundable"]]
        if rows and memo.get(key, 0) < 2:
            memo[key] = memo.get(key, 0) + 1
            return {"type": "Fund", "action_id": rows[memo[key] % len(rows)]["id"]}
        return {"type": "EndTurn"}
    return None


async def _seat(http, url: str, secret: str, rec: Recorder, log: list, rounds: int, deadline: float,
                resend_every: int, finished: asyncio.Event, final: dict) -> None:
    ws = await http.ws_connect(url, max_msg_size=4 * 1024 * 1024)
    reader = asyncio.ensure_future(_reader(ws, rec))
    await ws.send_str(json.dumps({"t": "hello", "secret": secret, "lang": "en"}))
    memo: dict = {}
    n = 0
    try:
        while time.perf_counter() < deadline:
            if rec.last_view is None:
                rec.new_view.clear()
                await asyncio.wait_for(rec.new_view.wait(), max(0.05, deadline - time.perf_counter()))
                continue
            view = rec.last_view
            if view["round"] > rounds or view.get("over"):
                break
            move = choose(view, memo)
            if move is None:
                rec.new_view.clear()
                try:
                    await asyncio.wait_for(rec.new_view.wait(), 2.0)
                except asyncio.TimeoutError:
                    pass
                continue
            n += 1
            move_id = f"{view['role']}-{n}"
            sent = time.perf_counter()
            rec.new_view.clear()
            await ws.send_str(json.dumps({"t": "move", "id": move_id, "move": move}))
            if resend_every and n % resend_every == 0:     # a client that resends (a lost reply)
                await ws.send_str(json.dumps({"t": "move", "id": move_id, "move": move}))
            while move_id not in rec.results:
                rec.result_event.clear()
                await asyncio.wait_for(rec.result_event.wait(), max(0.05, deadline - time.perf_counter()))
            result = rec.results[move_id]
            log.append({"role": view["role"], "id": move_id, "move": move, "sent": sent,
                        "ok": bool(result.get("ok")), "v": int(result.get("v", 0))})
            if not result.get("ok"):
                # a view older than the move: wait for the newer one before choosing again
                try:
                    await asyncio.wait_for(rec.new_view.wait(), 1.0)
                except asyncio.TimeoutError:
                    pass
            else:
                await asyncio.sleep(0.01)       # a person's thumb is slower than this
    finally:
        # stay connected until every seat is done and this one has the game's last update
        final["seats_left"] -= 1
        if final["seats_left"] == 0:
            final["v"] = max((e["v"] for e in log if e["ok"]), default=0)
            finished.set()
        await finished.wait()
        await rec.until_version(final["v"], deadline)
        await ws.close()
        reader.cancel()


async def _watcher(http, url: str, rec: Recorder, done: asyncio.Event, final: dict, deadline: float) -> None:
    ws = await http.ws_connect(url, max_msg_size=4 * 1024 * 1024)
    reader = asyncio.ensure_future(_reader(ws, rec))
    await ws.send_str(json.dumps({"t": "watch", "lang": "ko"}))
    await done.wait()
    await rec.until_version(final["v"], deadline)      # the game's last update has arrived (no clock)
    await ws.close()
    reader.cancel()


def run(rounds: int = 3, watchers: int = 16, seed: int = 11, time_limit: float = 60.0,
        resend_every: int = 4) -> dict:
    """Play `rounds` rounds of the tutorial with 4 device seats and `watchers` watchers over the
    loopback address. Returns the moves, what the session applied and the latencies."""
    import aiohttp

    from game.content.loader import load_scenario
    from game.net.server import serve
    from game.session import GameSession, Seat

    scenario = load_scenario("tutorial")
    session = GameSession(scenario, "tutorial", seed, {r: Seat("human", name=r, device=True) for r in ROLES},
                          lang="en")
    server = serve(session)
    secrets_ = {r: server.hub.doors[r].secret for r in ROLES}
    url = server.base_url() + "/ws"
    seat_recs = {r: Recorder() for r in ROLES}
    watch_recs = [Recorder() for _ in range(watchers)]
    log: list[dict] = []

    async def main():
        done = asyncio.Event()
        deadline = time.perf_counter() + time_limit
        final = {"v": 0, "seats_left": len(ROLES)}
        async with aiohttp.ClientSession() as http:
            watch_tasks = [asyncio.ensure_future(_watcher(http, url, rec, done, final, deadline))
                           for rec in watch_recs]
            await asyncio.sleep(0.2)
            seats = [asyncio.ensure_future(_seat(http, url, secrets_[r], seat_recs[r], log, rounds, deadline,
                                                 resend_every, done, final)) for r in ROLES]
            try:
                await asyncio.gather(*seats)
            finally:
                done.set()
                await asyncio.gather(*watch_tasks, return_exceptions=True)

    started = time.perf_counter()
    try:
        asyncio.run(main())
    finally:
        server.stop()
    elapsed = time.perf_counter() - started
    recs = list(seat_recs.values()) + watch_recs
    latencies, missing = [], 0
    for entry in log:
        if not entry["ok"]:
            continue
        for rec in recs:
            when = next((t for (t, v) in rec.arrivals if v >= entry["v"] and t >= entry["sent"]), None)
            if when is None:
                missing += 1
            else:
                latencies.append((when - entry["sent"]) * 1000.0)
    latencies.sort()
    p95 = latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))] if latencies else None
    history = [to_json(a) for a in session.state.history]
    return {"log": log, "history": history, "round": session.state.round, "latencies_ms": latencies,
            "p95_ms": p95, "missing_updates": missing, "elapsed_s": elapsed,
            "messages": [rec.messages for rec in recs], "views_sent": server.sent,
            "moves_applied": server.hub.moves_applied, "clients": len(recs)}


if __name__ == "__main__":
    out = run()
    print(json.dumps({k: v for k, v in out.items() if k not in ("log", "history", "latencies_ms")}, indent=1))
