"""User data: listenKeys and the events an order causes (executionReport, outboundAccountPosition, futures)."""

from __future__ import annotations

import asyncio
import json

import aiohttp
from simclient import Plain


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 30))


async def events_until(ws, pred, limit=50):
    seen = []
    for _ in range(limit):
        msg = await ws.receive(5)
        assert msg.type == aiohttp.WSMsgType.TEXT, msg
        ev = json.loads(msg.data)
        seen.append(ev)
        if pred(ev):
            return seen
    raise AssertionError(seen)


def test_spot_listen_key_lifecycle(sim):
    c = Plain(sim.base_url, sim.test_key, sim.test_secret)
    _, body = c.call("POST", "/api/v3/userDataStream", key=True)
    key = body["listenKey"]
    assert c.call("POST", "/api/v3/userDataStream", key=True)[1]["listenKey"] == key  # one live key
    assert c.call("PUT", "/api/v3/userDataStream", {"listenKey": key}, key=True) == (200, {})
    assert c.call("PUT", "/api/v3/userDataStream", {"listenKey": "nope"}, key=True)[1] == {
        "code": -1125, "msg": "This listenKey does not exist."}
    assert c.call("PUT", "/api/v3/userDataStream", key=True)[1]["code"] == -1102
    assert c.call("DELETE", "/api/v3/userDataStream", {"listenKey": key}, key=True) == (200, {})
    assert c.call("PUT", "/api/v3/userDataStream", {"listenKey": key}, key=True)[1]["code"] == -1125


def test_spot_execution_reports(sim):
    c = Plain(sim.base_url, sim.test_key, sim.test_secret)
    key = c.call("POST", "/api/v3/userDataStream", key=True)[1]["listenKey"]

    async def main():
        async with aiohttp.ClientSession() as s, s.ws_connect(f"{sim.stream_url}/ws/{key}") as ws:
            loop = asyncio.get_running_loop()
            _, o = await loop.run_in_executor(None, lambda: c.call(
                "POST", "/api/v3/order", {"symbol": "ETHUSDT", "side": "BUY", "type": "LIMIT", "timeInForce": "GTC",
                                          "quantity": "0.01", "price": "1500", "newClientOrderId": "ud-1"},
                signed=True))
            seen = await events_until(ws, lambda ev: ev["e"] == "outboundAccountPosition")
            rep = next(ev for ev in seen if ev["e"] == "executionReport")
            assert rep["x"] == "NEW" and rep["X"] == "NEW" and rep["c"] == "ud-1" and rep["i"] == o["orderId"]
            assert rep["p"] == "1500.00000000" and rep["q"] == "0.01000000" and rep["w"] is True
            assert set("esScSofqpPFgCxXrilzLnNTtIwmMOZYQWV") <= set(rep)
            pos = seen[-1]
            usdt = next(b for b in pos["B"] if b["a"] == "USDT")
            assert float(usdt["l"]) >= 15.0
            await loop.run_in_executor(None, lambda: c.call(
                "DELETE", "/api/v3/order", {"symbol": "ETHUSDT", "origClientOrderId": "ud-1"}, signed=True))
            seen = await events_until(ws, lambda ev: ev["e"] == "executionReport" and ev["x"] == "CANCELED")
            await loop.run_in_executor(None, lambda: c.call(
                "POST", "/api/v3/order", {"symbol": "ETHUSDT", "side": "BUY", "type": "MARKET", "quantity": "0.01"},
                signed=True))
            seen = await events_until(ws, lambda ev: ev["e"] == "executionReport" and ev["X"] == "FILLED")
            trade = seen[-1]
            assert trade["x"] == "TRADE" and trade["N"] == "ETH" and float(trade["l"]) > 0 and trade["t"] > 0
    run(main())


def test_futures_order_trade_update_and_account_update(sim):
    c = Plain(sim.base_url, sim.test_key, sim.test_secret)
    for pre, base, symbol, qty in (("/fapi", sim.stream_url_for("usdm"), "BTCUSDT", "0.01"),
                                   ("/dapi", sim.stream_url_for("coinm"), "ETHUSD_PERP", "3")):
        key = c.call("POST", f"{pre}/v1/listenKey", key=True)[1]["listenKey"]
        assert c.call("PUT", f"{pre}/v1/listenKey", key=True)[1] == {"listenKey": key}

        async def main():
            async with aiohttp.ClientSession() as s, s.ws_connect(f"{base}/ws/{key}") as ws:
                loop = asyncio.get_running_loop()
                await loop.run_in_executor(None, lambda: c.call(
                    "POST", f"{pre}/v1/order", {"symbol": symbol, "side": "BUY", "type": "MARKET", "quantity": qty},
                    signed=True))
                seen = await events_until(ws, lambda ev: ev["e"] == "ACCOUNT_UPDATE")
                upd = [ev for ev in seen if ev["e"] == "ORDER_TRADE_UPDATE"]
                assert upd[0]["o"]["x"] == "NEW" and upd[-1]["o"]["x"] == "TRADE"
                assert upd[0]["o"]["s"] == symbol and "T" in upd[0] and "ap" in upd[0]["o"]
                acct = seen[-1]["a"]
                assert acct["m"] == "ORDER" and acct["P"][0]["s"] == symbol and float(acct["P"][0]["pa"]) > 0
        run(main())
        assert c.call("DELETE", f"{pre}/v1/listenKey", key=True) == (200, {})


def test_listen_key_expiry_event():
    from binance_fast.sim import Simulator
    with Simulator(seed=2, listen_key_ttl=0.5, history_ticks=0) as s:
        c = Plain(s.base_url, s.test_key, s.test_secret)
        key = c.call("POST", "/fapi/v1/listenKey", key=True)[1]["listenKey"]

        async def main():
            async with aiohttp.ClientSession() as cs, cs.ws_connect(f"{s.stream_url_for('usdm')}/ws/{key}") as ws:
                seen = await events_until(ws, lambda ev: ev["e"] == "listenKeyExpired")
                assert seen[-1]["listenKey"] == key
        run(main())
        assert c.call("PUT", "/fapi/v1/listenKey", {"listenKey": key}, key=True)[1]["code"] == -1125
