"""Faults on demand: dropped and stalled streams, depth gaps and reorders, failed / slow REST, stale snapshots."""

from __future__ import annotations

import asyncio
import json
import time

import aiohttp
import pytest
import requests
from simclient import Plain

from binance_fast.sim import Simulator


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 30))


@pytest.fixture(scope="module")
def fs():
    with Simulator(seed=8, tick_interval=0.005, history_ticks=10) as s:
        yield s


async def depth_events(ws, n):
    out = []
    while len(out) < n:
        msg = await ws.receive(5)
        assert msg.type == aiohttp.WSMsgType.TEXT, msg
        out.append(json.loads(msg.data))
    return out


def test_skip_depth_update_makes_a_gap(fs):
    async def main():
        async with aiohttp.ClientSession() as s, s.ws_connect(fs.stream_url + "/ws/btcusdt@depth@100ms") as ws:
            first = await depth_events(ws, 3)
            assert all(b["U"] == a["u"] + 1 for a, b in zip(first, first[1:]))
            fs.faults.skip_depth_update("spot", "BTCUSDT")
            evs = await depth_events(ws, 5)
            chain = first[-1:] + evs
            gaps = [b["U"] - a["u"] - 1 for a, b in zip(chain, chain[1:])]
            assert sum(1 for g in gaps if g > 0) == 1
    run(main())


def test_reorder_depth_updates(fs):
    async def main():
        async with aiohttp.ClientSession() as s, \
                s.ws_connect(fs.stream_url_for("usdm") + "/ws/ethusdt@depth@100ms") as ws:
            await depth_events(ws, 2)
            fs.faults.reorder_depth_updates("usdm", "ETHUSDT")
            evs = await depth_events(ws, 6)
            assert any(b["u"] < a["u"] for a, b in zip(evs, evs[1:]))  # an older event arrives after a newer one
    run(main())


def test_stall_and_resume(fs):
    async def main():
        async with aiohttp.ClientSession() as s, s.ws_connect(fs.stream_url + "/ws/btcusdt@depth@100ms") as ws:
            await depth_events(ws, 1)
            fs.faults.stall_streams("spot")
            await asyncio.sleep(0.05)
            while True:  # drain what was already in flight
                try:
                    await ws.receive(0.2)
                except asyncio.TimeoutError:
                    break
            assert not ws.closed  # open but silent
            fs.faults.resume_streams("spot")
            assert len(await depth_events(ws, 2)) == 2
    run(main())


def test_drop_connections(fs):
    async def main():
        async with aiohttp.ClientSession() as s, s.ws_connect(fs.stream_url + "/ws/btcusdt@trade") as ws:
            assert await asyncio.get_running_loop().run_in_executor(None, fs.faults.drop_connections) >= 1
            msg = await ws.receive(5)
            while msg.type == aiohttp.WSMsgType.TEXT:
                msg = await ws.receive(5)
            assert msg.type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.ERROR)
    run(main())


def test_forced_disconnect_after_n_seconds(fs):
    fs.faults.max_connection_age(0.5)
    try:
        async def main():
            async with aiohttp.ClientSession() as s, s.ws_connect(fs.stream_url + "/ws/btcusdt@trade") as ws:
                t0 = time.monotonic()
                while True:
                    msg = await ws.receive(5)
                    if msg.type != aiohttp.WSMsgType.TEXT:
                        break
                assert 0.4 < time.monotonic() - t0 < 3.0
        run(main())
    finally:
        fs.faults.max_connection_age(None)


def test_rest_5xx_and_execute_then_fail(fs):
    c = Plain(fs.base_url, fs.test_key, fs.test_secret)
    fs.faults.fail_rest("/api/v3/time", status=503)
    r = c.call("GET", "/api/v3/time", raw=True)
    assert r.status_code == 503 and r.json()["code"] == -1007
    assert c.call("GET", "/api/v3/time")[0] == 200  # once only
    fs.faults.fail_rest("/api/v3/order", method="POST", status=502, after_execute=True)
    r = c.call("POST", "/api/v3/order", {"symbol": "BTCUSDT", "side": "BUY", "type": "LIMIT", "timeInForce": "GTC",
                                         "quantity": "0.001", "price": "30000", "newClientOrderId": "lost-1"},
               signed=True, raw=True)
    assert r.status_code == 502
    # the outcome was unknown to the client, but the order exists
    status, o = c.call("GET", "/api/v3/order", {"symbol": "BTCUSDT", "origClientOrderId": "lost-1"}, signed=True)
    assert status == 200 and o["status"] == "NEW"
    c.call("DELETE", "/api/v3/order", {"symbol": "BTCUSDT", "origClientOrderId": "lost-1"}, signed=True)


def test_rest_delay_and_timeout(fs):
    c = Plain(fs.base_url)
    fs.faults.delay_rest(0.4, "/api/v3/ping")
    t0 = time.monotonic()
    assert c.call("GET", "/api/v3/ping")[0] == 200
    assert time.monotonic() - t0 >= 0.35
    fs.faults.timeout_rest("/api/v3/ping", seconds=5)
    with pytest.raises(requests.exceptions.ReadTimeout):
        c.s.get(fs.base_url + "/api/v3/ping", timeout=0.3)
    fs.faults.clear()


def test_stale_snapshot_is_older_than_the_stream(fs):
    async def main():
        async with aiohttp.ClientSession() as s, s.ws_connect(fs.stream_url + "/ws/btcusdt@depth@100ms") as ws:
            await asyncio.sleep(0.3)
            first = (await depth_events(ws, 1))[0]
            fs.faults.stale_snapshot("spot", "BTCUSDT")
            async with s.get(fs.base_url + "/api/v3/depth", params={"symbol": "BTCUSDT", "limit": 1000}) as r:
                stale = await r.json()
            assert stale["lastUpdateId"] < first["U"]  # the docs' step 4: go back and fetch again
            async with s.get(fs.base_url + "/api/v3/depth", params={"symbol": "BTCUSDT", "limit": 1000}) as r:
                fresh = await r.json()
            assert fresh["lastUpdateId"] >= first["U"]
    run(main())


def test_clock_skew(fs):
    c = Plain(fs.base_url, fs.test_key, fs.test_secret)
    fs.faults.clock_skew(30_000)
    try:
        assert c.call("GET", "/api/v3/time")[1]["serverTime"] - time.time() * 1000 > 25_000
        assert c.call("GET", "/api/v3/account", signed=True)[1]["code"] == -1021
    finally:
        fs.faults.clock_skew(0)
    assert c.call("GET", "/api/v3/account", signed=True)[0] == 200
