"""The WebSocket API clients against a small scripted loopback server: malformed frames, out-of-order replies,
5xx on an order, 429 with retryAfter, the signature payload rule against the docs' example."""

from __future__ import annotations

import asyncio
import json
import threading
import time

import pytest
from aiohttp import web

from binance_fast import errors
from binance_fast.ws_api import AsyncWebSocketAPI, WebSocketAPI

pytestmark = pytest.mark.timeout(30)

DOCS_KEY = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A"
DOCS_SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"


class Scripted:
    """A loopback WebSocket API whose answer depends on the request's ``symbol`` (the script)."""

    def __init__(self):
        self.held: list[tuple[web.WebSocketResponse, dict]] = []
        self.seen: list[dict] = []
        self.connections = 0

    async def silent(self, request: web.Request) -> web.WebSocketResponse:
        """Accepts, then says nothing, not even pings: a half-open connection as the client sees it."""
        self.connections += 1
        ws = web.WebSocketResponse(autoping=False)
        await ws.prepare(request)
        async for _msg in ws:
            pass
        return ws

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        async for msg in ws:
            req = json.loads(msg.data)
            self.seen.append(req)
            mode = (req.get("params") or {}).get("symbol", "")
            rid = req["id"]
            if mode == "GARBAGE":
                await ws.send_str("{not json")
                await ws.send_str(json.dumps({"id": rid, "status": 200, "result": {"ok": 1}}))
            elif mode == "HOLD":  # answered after the next request, in reverse order
                self.held.append((ws, req))
            elif mode == "FIVEXX":
                await ws.send_str(json.dumps({"id": rid, "status": 503, "error": {
                    "code": -1007, "msg": "Timeout waiting for response from backend server."}}))
            elif mode == "BANNED":
                now = int(time.time() * 1000)
                await ws.send_str(json.dumps({"id": rid, "status": 429, "error": {
                    "code": -1003, "msg": "Too many requests", "data": {"serverTime": now,
                                                                        "retryAfter": now + 7000}}}))
            else:
                await ws.send_str(json.dumps({"id": rid, "status": 200, "result": {"echo": req.get("params")},
                                              "rateLimits": [{"rateLimitType": "REQUEST_WEIGHT",
                                                              "interval": "MINUTE", "intervalNum": 1,
                                                              "limit": 6000, "count": len(self.seen)}]}))
                for hws, hreq in reversed(self.held):
                    await hws.send_str(json.dumps({"id": hreq["id"], "status": 200, "result": {"held": hreq["id"]}}))
                self.held.clear()
        return ws


@pytest.fixture(scope="module")
def server():
    script = Scripted()
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    box = {}

    async def start():
        app = web.Application()
        app.router.add_get("/ws-api/v3", script.handle)
        app.router.add_get("/silent", script.silent)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        box["port"] = site._server.sockets[0].getsockname()[1]
        box["runner"] = runner

    def run():
        asyncio.set_event_loop(loop)
        loop.run_until_complete(start())
        ready.set()
        loop.run_forever()

    t = threading.Thread(target=run, daemon=True)
    t.start()
    ready.wait(5)
    yield script, f"ws://127.0.0.1:{box['port']}/ws-api/v3"
    asyncio.run_coroutine_threadsafe(box["runner"].cleanup(), loop).result(5)
    loop.call_soon_threadsafe(loop.stop)
    t.join(5)


def test_malformed_frame_does_not_kill_the_session(server):
    _script, url = server
    with WebSocketAPI("spot", url=url, timeout=2) as api:
        assert api.request("ticker.price", {"symbol": "GARBAGE"}) == {"ok": 1}
        assert api.ticker_price(symbol="BTCUSDT")["echo"] == {"symbol": "BTCUSDT"}
        assert api.used_weight() is not None


def test_out_of_order_replies_reach_their_callers(server):
    _script, url = server
    with WebSocketAPI("spot", url=url, timeout=3) as api:
        out = {}

        def held():
            out["held"] = api.request("ticker.price", {"symbol": "HOLD"})
        t = threading.Thread(target=held)
        t.start()
        time.sleep(0.2)
        out["now"] = api.ticker_price(symbol="ETHUSDT")
        t.join(3)
        assert out["now"]["echo"]["symbol"] == "ETHUSDT" and "held" in out["held"]


def test_5xx_on_an_order_is_an_unknown_outcome(server):
    _script, url = server
    with WebSocketAPI("spot", url=url, timeout=2, api_key=DOCS_KEY, api_secret=DOCS_SECRET) as api:
        with pytest.raises(errors.UnknownOutcomeError) as info:
            api.order_place(symbol="FIVEXX", side="BUY", type="MARKET", quantity="1")
        assert info.value.client_order_id
        # a read with a 5xx is an API error, not an unknown outcome
        with pytest.raises(errors.BinanceAPIError):
            api.ticker_price(symbol="FIVEXX")


def test_429_is_a_rate_limit_error_with_retry_after(server):
    _script, url = server
    with WebSocketAPI("spot", url=url, timeout=2) as api:
        with pytest.raises(errors.RateLimitError) as info:
            api.ticker_price(symbol="BANNED")
        assert info.value.status == 429 and 5 <= info.value.retry_after <= 7


def test_async_client_against_the_script(server):
    script, url = server

    async def main():
        async with AsyncWebSocketAPI("spot", url=url, timeout=2, api_key=DOCS_KEY, api_secret=DOCS_SECRET) as api:
            assert (await api.request("ticker.price", {"symbol": "GARBAGE"})) == {"ok": 1}
            held = asyncio.ensure_future(api.request("ticker.price", {"symbol": "HOLD"}))
            await asyncio.sleep(0.1)
            assert (await api.ticker_price(symbol="X"))["echo"] == {"symbol": "X"}
            assert "held" in await held
            with pytest.raises(errors.UnknownOutcomeError):
                await api.order_place(symbol="FIVEXX", side="BUY", type="MARKET", quantity="1")
            with pytest.raises(errors.RateLimitError):
                await api.ticker_price(symbol="BANNED")
    asyncio.run(main())
    signed = [r for r in script.seen if r["method"] == "order.place"][-1]["params"]
    assert signed["apiKey"] == DOCS_KEY and len(signed["signature"]) == 64


def test_signature_payload_rule_against_the_docs_example():
    """The docs' HMAC example: the client's signature and the simulator's own payload rule both match it."""
    from binance_fast.signing import HmacSigner, sign_ws_params

    params = {"symbol": "BTCUSDT", "side": "SELL", "type": "LIMIT", "timeInForce": "GTC", "quantity": "0.01000000",
              "price": "52000.00", "newOrderRespType": "ACK"}
    signed = sign_ws_params(params, HmacSigner(DOCS_SECRET), api_key=DOCS_KEY, timestamp=1645423376532,
                            recv_window=100)
    assert signed["signature"] == "cc15477742bd704c29492d96c7ead9414dfd8e0ec4a00f947bb5bb454ddbd08a"
    sim_ws = pytest.importorskip("binance_fast.sim.ws_api")
    from binance_fast.sim.accounts import ApiKey

    payload = sim_ws.ws_payload(signed)
    assert payload == (b"apiKey=vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A&newOrderRespType=ACK"
                       b"&price=52000.00&quantity=0.01000000&recvWindow=100&side=SELL&symbol=BTCUSDT&timeInForce=GTC"
                       b"&timestamp=1645423376532&type=LIMIT")
    assert ApiKey(DOCS_KEY, None, secret=DOCS_SECRET).verify(payload, signed["signature"])
    assert sim_ws.ws_payload({"b": True, "a": 5, "signature": "x"}) == b"a=5&b=true"


def test_a_silent_connection_is_replaced(server):
    """No frame at all for ``idle_timeout``: the socket is taken for dead and a new one opened (sync, asyncio)."""
    script, url = server
    silent = url.replace("/ws-api/v3", "/silent")
    before = script.connections
    api = WebSocketAPI("spot", url=silent, idle_timeout=0.3, reconnect_delay=(0.01, 0.05))
    try:
        end = time.monotonic() + 5
        while api.reconnects < 2 and time.monotonic() < end:
            time.sleep(0.02)
        assert api.reconnects >= 2 and script.connections >= before + 3
    finally:
        api.close()

    async def main():
        async with AsyncWebSocketAPI("spot", url=silent, idle_timeout=0.3, reconnect_delay=(0.01, 0.05)) as aapi:
            for _ in range(250):
                if aapi.reconnects >= 2:
                    break
                await asyncio.sleep(0.02)
            assert aapi.reconnects >= 2
    asyncio.run(main())
