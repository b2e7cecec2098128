"""The WebSocket API on the simulator: REST routes behind docs-shaped requests, signatures on the WS payload."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import time

import aiohttp
import pytest

from binance_fast.sim import Simulator

DOC_KEY = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A"
DOC_SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 30))


async def call(ws, req):
    await ws.send_str(json.dumps(req))
    return json.loads((await ws.receive(5)).data)


def signed(params, secret):
    payload = "&".join(f"{k}={params[k]}" for k in sorted(params))
    return {**params, "signature": hmac.new(secret.encode(), payload.encode(), hashlib.sha256).hexdigest()}


def test_docs_signed_example_is_accepted():
    """The docs' order.place example, with its printed signature, at the docs' timestamp (clock-skew fault)."""
    with Simulator(seed=1, run_market=False, history_ticks=0) as s:
        s.add_account(DOC_KEY, secret=DOC_SECRET)
        params = {"symbol": "BTCUSDT", "side": "SELL", "type": "LIMIT", "timeInForce": "GTC",
                  "quantity": "0.01000000", "price": "52000.00", "newOrderRespType": "ACK", "recvWindow": 100,
                  "timestamp": 1645423376532, "apiKey": DOC_KEY,
                  "signature": "cc15477742bd704c29492d96c7ead9414dfd8e0ec4a00f947bb5bb454ddbd08a"}

        async def main():
            async with aiohttp.ClientSession() as cs, cs.ws_connect(s.ws_api_url) as ws:
                s.faults.clock_skew(1645423376532 - 400 - int(time.time() * 1000))
                reply = await call(ws, {"id": "4885f793-e5ad-4c3b-8f6c-55d891472b71", "method": "order.place",
                                        "params": params})
                s.faults.clock_skew(0)
                assert reply["status"] == 200, reply
                assert reply["id"] == "4885f793-e5ad-4c3b-8f6c-55d891472b71"
                assert set(reply["result"]) == {"symbol", "orderId", "orderListId", "clientOrderId", "transactTime"}
                assert {r["rateLimitType"] for r in reply["rateLimits"]} == {"REQUEST_WEIGHT", "ORDERS"}
                bad = await call(ws, {"id": 2, "method": "order.place", "params": {**params, "price": "52000.0"}})
                assert bad["status"] == 400 and bad["id"] == 2
        run(main())


@pytest.fixture(scope="module")
def ws_sim():
    with Simulator(seed=12, tick_interval=0.01, history_ticks=20) as s:
        yield s


def test_market_data_and_errors(ws_sim):
    async def main():
        async with aiohttp.ClientSession() as cs, cs.ws_connect(ws_sim.ws_api_url) as ws:
            r = await call(ws, {"id": 1, "method": "depth", "params": {"symbol": "BTCUSDT", "limit": 5}})
            assert r["status"] == 200 and len(r["result"]["bids"]) == 5 and r["id"] == 1
            assert r["rateLimits"][0]["count"] >= 5
            r = await call(ws, {"id": 2, "method": "time"})
            assert abs(r["result"]["serverTime"] - time.time() * 1000) < 5000
            r = await call(ws, {"id": 3, "method": "depth", "params": {"symbol": "NOPE"}})
            assert r["status"] == 400 and r["error"] == {"code": -1121, "msg": "Invalid symbol."}
            r = await call(ws, {"id": 4, "method": "no.such"})
            assert r["status"] == 400 and r["error"]["code"] == -1020  # UNSUPPORTED_OPERATION
            r = await call(ws, {"id": 5, "method": "account.status", "params": {"apiKey": ws_sim.test_key}})
            assert r["error"]["code"] == -1102
    run(main())


def test_signed_calls_and_session_logon(ws_sim):
    key, secret = ws_sim.test_key, ws_sim.test_secret

    async def main():
        async with aiohttp.ClientSession() as cs, cs.ws_connect(ws_sim.ws_api_url) as ws:
            now = int(time.time() * 1000)
            p = signed({"apiKey": key, "symbol": "ETHUSDT", "side": "BUY", "type": "LIMIT", "timeInForce": "GTC",
                        "quantity": "0.01", "price": "1500.00", "timestamp": now}, secret)
            r = await call(ws, {"id": "a", "method": "order.place", "params": p})
            assert r["status"] == 200 and r["result"]["status"] == "NEW", r
            oid = r["result"]["orderId"]
            wrong = signed({"apiKey": key, "symbol": "ETHUSDT", "orderId": oid, "timestamp": now}, "nope")
            r = await call(ws, {"id": "b", "method": "order.status", "params": wrong})
            assert r["error"]["code"] == -1022
            # session.logon takes Ed25519 keys only (the docs' session authentication page): HMAC is refused
            logon = signed({"apiKey": key, "timestamp": int(time.time() * 1000)}, secret)
            r = await call(ws, {"id": "c", "method": "session.logon", "params": logon})
            assert r["status"] >= 400 and "error" in r
            r = await call(ws, {"id": "d", "method": "order.cancel", "params": {"symbol": "ETHUSDT", "orderId": oid}})
            assert r["status"] >= 400  # still unauthenticated: an unsigned cancel is refused
        async with aiohttp.ClientSession() as cs, cs.ws_connect(ws_sim.ws_api_url_for("usdm")) as ws:
            p = signed({"apiKey": key, "symbol": "BTCUSDT", "side": "BUY", "type": "MARKET", "quantity": "0.01",
                        "timestamp": int(time.time() * 1000)}, secret)
            r = await call(ws, {"id": 9, "method": "order.place", "params": p})
            assert r["status"] == 200 and r["result"]["status"] == "FILLED" and "cumQuote" in r["result"], r
    run(main())
