"""Market streams: payloads as documented, live subscriptions, limits, and depth diffs that join the snapshot."""

from __future__ import annotations

import asyncio
import json
import random

import aiohttp
import pytest

from binance_fast.sim import Simulator


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 60))


@pytest.fixture(scope="module")
def fast():
    with Simulator(seed=11, tick_interval=0.002) as s:
        yield s


async def recv_json(ws, timeout=5.0):
    msg = await ws.receive(timeout)
    assert msg.type == aiohttp.WSMsgType.TEXT, msg
    return json.loads(msg.data)


async def first_event(ws, pred, limit=20_000):
    for _ in range(limit):
        ev = await recv_json(ws)
        if pred(ev):
            return ev
    raise AssertionError("event not seen")


def test_spot_payload_shapes(fast):
    async def main():
        url = fast.stream_url + "/stream?streams=btcusdt@depth@100ms/btcusdt@trade/btcusdt@aggTrade/btcusdt@bookTicker" \
                                "/btcusdt@depth5@100ms/btcusdt@kline_1s"
        async with aiohttp.ClientSession() as s, s.ws_connect(url) as ws:
            seen = {}
            while len(seen) < 6:
                m = await recv_json(ws)
                seen.setdefault(m["stream"], m["data"])
        d = seen["btcusdt@depth@100ms"]
        assert list(d) == ["e", "E", "s", "U", "u", "b", "a"] and d["e"] == "depthUpdate" and d["s"] == "BTCUSDT"
        assert all(len(x) == 2 and isinstance(x[0], str) for x in d["b"] + d["a"])
        t = seen["btcusdt@trade"]
        assert list(t) == ["e", "E", "s", "t", "p", "q", "T", "m", "M"]
        a = seen["btcusdt@aggTrade"]
        assert list(a) == ["e", "E", "s", "a", "p", "q", "f", "l", "T", "m", "M"]
        b = seen["btcusdt@bookTicker"]
        assert list(b) == ["u", "s", "b", "B", "a", "A"]  # spot book tickers carry no e / E
        p = seen["btcusdt@depth5@100ms"]
        assert list(p) == ["lastUpdateId", "bids", "asks"] and len(p["bids"]) == 5
        k = seen["btcusdt@kline_1s"]
        assert k["e"] == "kline" and k["k"]["i"] == "1s" and set(k["k"]) == set("tTsifLochlvnxqVQB")
    run(main())


def test_futures_payload_shapes(fast):
    async def main():
        async with aiohttp.ClientSession() as s:
            url = fast.stream_url_for("usdm") + "/ws/btcusdt@depth@100ms"
            async with s.ws_connect(url) as ws:
                d = await recv_json(ws)
            assert list(d) == ["e", "E", "T", "s", "U", "u", "pu", "b", "a"]
            url = fast.stream_url_for("coinm") + "/stream?streams=btcusd_perp@bookTicker/btcusd_perp@markPrice@1s"
            async with s.ws_connect(url) as ws:
                got = {}
                while len(got) < 2:
                    m = await recv_json(ws)
                    got[m["stream"]] = m["data"]
            assert got["btcusd_perp@bookTicker"]["ps"] == "BTCUSD" and got["btcusd_perp@bookTicker"]["e"] == "bookTicker"
            mp = got["btcusd_perp@markPrice@1s"]
            assert mp["e"] == "markPriceUpdate" and set(mp) == {"e", "E", "s", "p", "i", "P", "r", "T"}
    run(main())


def test_subscribe_unsubscribe_list_and_errors(fast):
    async def main():
        async with aiohttp.ClientSession() as s, s.ws_connect(fast.stream_url + "/ws/ethusdt@trade") as ws:
            async def control(req):
                await asyncio.sleep(0.22)  # stay under 5 incoming messages per second
                await ws.send_str(json.dumps(req))
                return await first_event(ws, lambda ev: "id" in ev or "code" in ev or "result" in ev)
            assert await control({"method": "SUBSCRIBE", "params": ["btcusdt@aggTrade", "BTCUSDT@depth"],
                                  "id": 1}) == {"result": None, "id": 1}
            listed = await control({"method": "LIST_SUBSCRIPTIONS", "id": 3})
            assert listed == {"result": ["btcusdt@aggTrade", "btcusdt@depth", "ethusdt@trade"], "id": 3}
            assert await control({"method": "UNSUBSCRIBE", "params": ["btcusdt@depth"], "id": 312}) == {
                "result": None, "id": 312}
            bad = await control({"method": "SUBSCRIB", "params": [], "id": 4})
            assert bad["code"] == 2 and "unknown variant" in bad["msg"]
            assert (await control({"method": "LIST_SUBSCRIPTIONS", "id": -1}))["code"] == 2
            assert await control({"method": "GET_PROPERTY", "params": ["combined"], "id": 5}) == {
                "result": False, "id": 5}
            assert await control({"method": "SET_PROPERTY", "params": ["combined", True], "id": 6}) == {
                "result": None, "id": 6}
            wrapped = await first_event(ws, lambda ev: "stream" in ev)
            assert set(wrapped) == {"stream", "data"}
            assert (await control({"method": "SET_PROPERTY", "params": ["combined", "yes"], "id": 7}))["code"] == 1
            await asyncio.sleep(0.22)
            await ws.send_str("{not json")
            assert (await first_event(ws, lambda ev: "code" in ev))["code"] == 3
    run(main())


def test_ticker_streams(fast):
    async def main():
        url = fast.stream_url + "/stream?streams=btcusdt@ticker/btcusdt@miniTicker"
        async with aiohttp.ClientSession() as s, s.ws_connect(url) as ws:
            got = {}
            while len(got) < 2:
                m = await recv_json(ws)
                got[m["stream"]] = m["data"]
        t = got["btcusdt@ticker"]
        assert list(t) == ["e", "E", "s", "p", "P", "w", "x", "c", "Q", "b", "B", "a", "A", "o", "h", "l", "v", "q",
                           "O", "C", "F", "L", "n"] and t["e"] == "24hrTicker"
        assert list(got["btcusdt@miniTicker"]) == ["e", "E", "s", "c", "o", "h", "l", "v", "q"]
    run(main())


def test_bare_ws_then_subscribe(fast):
    async def main():
        async with aiohttp.ClientSession() as s, s.ws_connect(fast.stream_url_for("usdm") + "/ws") as ws:
            await ws.send_str(json.dumps({"method": "SUBSCRIBE", "params": ["ethusdt@aggTrade"], "id": 7}))
            assert await recv_json(ws) == {"result": None, "id": 7}
            ev = await recv_json(ws)
            assert ev["e"] == "aggTrade" and ev["s"] == "ETHUSDT" and "M" not in ev
    run(main())


def test_stream_names_are_case_insensitive_symbols(fast):
    async def main():
        async with aiohttp.ClientSession() as s, s.ws_connect(fast.stream_url + "/ws/bnbusdt@bookTicker") as ws:
            ev = await recv_json(ws)
            assert ev["s"] == "BNBUSDT"
    run(main())


def test_incoming_message_limit_disconnects():
    with Simulator(seed=3, tick_interval=0.01, history_ticks=0) as s:
        async def main(base, n_ok, n_bad):
            async with aiohttp.ClientSession() as cs:
                async with cs.ws_connect(base + "/ws/btcusdt@trade") as ws:
                    for i in range(n_ok):
                        await ws.send_str(json.dumps({"method": "LIST_SUBSCRIPTIONS", "id": i}))
                    await asyncio.sleep(0.2)
                    assert not ws.closed
                async with cs.ws_connect(base + "/ws/btcusdt@trade") as ws:
                    for i in range(n_bad):
                        await ws.send_str(json.dumps({"method": "LIST_SUBSCRIPTIONS", "id": i}))
                    while True:
                        msg = await ws.receive(5)
                        if msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                            break
                    assert ws.close_code == 1008
        run(main(s.stream_url, 5, 6))  # spot: 5 per second
        run(main(s.stream_url_for("usdm"), 10, 11))  # futures: 10 per second


def test_stream_count_limit(fast):
    async def main():
        names = [f"sym{i}@trade" for i in range(1025)]  # symbols that never trade: a quiet connection
        async with aiohttp.ClientSession() as s:
            async with s.ws_connect(fast.stream_url + "/ws/none@trade") as ws:
                await ws.send_str(json.dumps({"method": "SUBSCRIBE", "params": names[:1023], "id": 1}))
                await asyncio.sleep(0.25)
                assert (await first_event(ws, lambda ev: ev.get("id") == 1)) == {"result": None, "id": 1}
                await ws.send_str(json.dumps({"method": "SUBSCRIBE", "params": names[1023:], "id": 2}))
                err = await first_event(ws, lambda ev: ev.get("id") == 2)
                assert err["code"] == 2 and "1024" in err["msg"]
            with pytest.raises(aiohttp.WSServerHandshakeError):
                await s.ws_connect(fast.stream_url + "/stream?streams=" + "/".join(names))
    run(main())


def test_server_pings_and_pong_timeout():
    # margins wide enough for a loaded 2-core machine: pongs answered within 1 s keep it open for 3 s
    with Simulator(seed=3, tick_interval=0.01, ping_interval=0.2, pong_timeout=1.0, history_ticks=0) as s:
        async def main():
            async with aiohttp.ClientSession() as cs:
                # autoping=False: we see the server's pings and do not answer them
                async with cs.ws_connect(s.stream_url + "/ws/btcusdt@trade", autoping=False) as ws:
                    kinds = []
                    while True:
                        msg = await ws.receive(5)
                        kinds.append(msg.type)
                        if msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                            break
                    assert aiohttp.WSMsgType.PING in kinds
                # answering keeps the connection
                async with cs.ws_connect(s.stream_url + "/ws/btcusdt@trade", autoping=True) as ws:
                    await asyncio.sleep(3.0)
                    assert not ws.closed
        run(main())


# -- the depth stream joins the REST snapshot by the documented rules --------------------------------------------
async def sync_book(session, sim, product, symbol, stream, n_events, rng):
    """Follow the documented procedure; return the local book after ``n_events`` applied events."""
    base = sim.stream_url_for(product)
    rest = {"spot": "/api/v3/depth", "usdm": "/fapi/v1/depth", "coinm": "/dapi/v1/depth"}[product]
    futures = product != "spot"
    async with session.ws_connect(f"{base}/ws/{symbol.lower()}{stream}") as ws:
        buffered = [await recv_json(ws)]
        await asyncio.sleep(rng.random() * 0.3)
        while True:
            async with session.get(sim.base_url + rest, params={"symbol": symbol, "limit": 1000}) as r:
                snap = await r.json()
            if snap["lastUpdateId"] >= buffered[0]["U"]:
                break
            await asyncio.sleep(0.05)
        last_id = snap["lastUpdateId"]
        bids = {p: q for p, q in snap["bids"]}
        asks = {p: q for p, q in snap["asks"]}
        prev_u = None
        applied = 0

        def apply(ev):
            nonlocal prev_u, applied
            if prev_u is None:
                if futures:
                    if ev["u"] < last_id:
                        return
                    assert ev["U"] <= last_id <= ev["u"], (ev["U"], last_id, ev["u"])
                else:
                    if ev["u"] <= last_id:
                        return
                    assert ev["U"] <= last_id + 1 <= ev["u"], (ev["U"], last_id, ev["u"])
            elif futures:
                assert ev["pu"] == prev_u, (ev["pu"], prev_u)
            else:
                assert ev["U"] == prev_u + 1, (ev["U"], prev_u)
            for side, book in (("b", bids), ("a", asks)):
                for p, q in ev[side]:
                    if float(q) == 0:
                        book.pop(p, None)
                    else:
                        book[p] = q
            prev_u = ev["u"]
            applied += 1

        for ev in buffered:
            apply(ev)
        while applied < n_events:
            apply(await recv_json(ws))
        # quiet point: the market stops, pending windows go out, and the books must be equal
        sim.pause_market()
        try:
            await asyncio.sleep(0.05)
            sim.step(25, market=False)
            while True:
                try:
                    apply(await recv_json(ws, timeout=0.3))
                except asyncio.TimeoutError:
                    break
            last, sb, sa = sim.book(product, symbol, 5000)
        finally:
            sim.resume_market()
        assert prev_u == last or (futures and prev_u <= last)
        norm = lambda book: {float(p): float(q) for p, q in book.items()}  # noqa: E731
        assert norm(bids) == {float(p): float(q) for p, q in sb}
        assert norm(asks) == {float(p): float(q) for p, q in sa}
        bb = max(map(float, bids)) if bids else 0
        ba = min(map(float, asks)) if asks else 0
        assert not bids or not asks or bb < ba  # never crossed
        return applied


@pytest.mark.parametrize("product,symbol,stream", [
    ("spot", "BTCUSDT", "@depth@100ms"), ("spot", "ETHBTC", "@depth"),
    ("usdm", "BTCUSDT", "@depth@100ms"), ("usdm", "ETHUSDT", "@depth"),
    ("coinm", "BTCUSD_PERP", "@depth@500ms"),
])
def test_depth_stream_joins_snapshot_long_run(fast, product, symbol, stream):
    rng = random.Random(f"{product}{symbol}{stream}")
    n = {"@depth@100ms": 300, "@depth": 20, "@depth@500ms": 25}[stream]

    async def main():
        async with aiohttp.ClientSession() as session:
            for _ in range(2):  # join at different moments
                await sync_book(session, fast, product, symbol, stream, n, rng)
    run(main())


def test_futures_update_ids_are_linked_by_pu_not_contiguous(fast):
    async def main():
        async with aiohttp.ClientSession() as s, \
                s.ws_connect(fast.stream_url_for("usdm") + "/ws/btcusdt@depth@100ms") as ws:
            evs = [await recv_json(ws) for _ in range(60)]
        assert all(b["pu"] == a["u"] for a, b in zip(evs, evs[1:]))
        assert any(b["U"] != a["u"] + 1 for a, b in zip(evs, evs[1:]))
    run(main())
