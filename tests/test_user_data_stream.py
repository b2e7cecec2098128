"""User-data streams against the simulator: a fill during a disconnect reaches the bot exactly once."""

from __future__ import annotations

import queue
import time
from decimal import Decimal

import pytest

from binance_fast.models import ExecutionReport, OrderTradeUpdate, OutboundAccountPosition
from binance_fast.signing import HmacSigner
from binance_fast.streams import StreamDecoder
from binance_fast.ws_api import Reconciler, RestAccess, UserDataStream, WebSocketAPI

from ws_api_helpers import add_account, simulator, wait_for

pytestmark = pytest.mark.timeout(90)


@pytest.fixture(scope="module")
def sim():
    with simulator() as s:
        s.pause_market()  # fills happen only when a test makes them
        yield s


def rest_for(sim, product, creds) -> RestAccess:
    return RestAccess(product, base_url=sim.base_url, api_key=creds["api_key"],
                      signer=HmacSigner(creds["api_secret"]), client=None)


def drain(stream: UserDataStream, seconds: float) -> list:
    out, end = [], time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            out.append(stream.get(timeout=max(0.01, end - time.monotonic())))
        except queue.Empty:
            break
    return out


def events_until(stream: UserDataStream, cond, timeout: float = 8.0) -> list:
    out, end = [], time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            ev = stream.get(timeout=0.1)
        except queue.Empty:
            continue
        out.append(ev)
        if cond(ev):
            return out
    raise AssertionError(f"event not seen; got {out}")


def fills_of(events, order_id: int) -> list:
    fills = []
    for ev in events:
        if isinstance(ev, ExecutionReport) and ev.order_id == order_id and ev.execution_type == "TRADE":
            fills.append(ev)
        elif isinstance(ev, OrderTradeUpdate) and ev.order.order_id == order_id and ev.order.execution_type == "TRADE":
            fills.append(ev)
    return fills


def test_spot_fill_during_disconnect_arrives_once(sim):
    """Ed25519 spot: userDataStream.subscribe over the WebSocket API; the socket dies between place and fill."""
    mine = add_account(sim, "ED25519")
    taker = add_account(sim, "HMAC")
    with UserDataStream("spot", **mine, base_url=sim.base_url, ws_api_url=sim.ws_api.url("spot"),
                        reconnect_delay=(0.05, 0.1)) as stream, \
            WebSocketAPI("spot", url=sim.ws_api.url("spot"), **mine, timeout=5.0) as api:
        assert stream.use_ws_api
        bid = api.depth(symbol="BTCUSDT", limit=5)["bids"][0][0]
        placed = api.order_place(symbol="BTCUSDT", side="BUY", type="LIMIT", timeInForce="GTC", price=bid,
                                 quantity="0.001", newClientOrderId="gapfill1")
        oid = placed["orderId"]
        events_until(stream, lambda e: isinstance(e, ExecutionReport) and e.order_id == oid)
        # the stream's socket dies and cannot come back until the fill has happened
        sim.ws_api.refuse_connections = True
        sim._call(sim.ws_api.drop_all)
        wait_for(lambda: not stream.connected.is_set())
        filled = rest_for(sim, "spot", taker).call("POST", "/api/v3/order", "TRADE", symbol="BTCUSDT", side="SELL",
                                                   type="LIMIT", timeInForce="IOC", price=bid, quantity="0.5",
                                                   newOrderRespType="RESULT")
        assert Decimal(filled["executedQty"]) >= Decimal("0.001")
        time.sleep(0.3)
        sim.ws_api.refuse_connections = False
        got = events_until(stream, lambda e: fills_of([e], oid))
        got += drain(stream, 0.6)
        fills = fills_of(got, oid)
        assert len(fills) == 1, got
        assert fills[0].cumulative_filled_quantity == 0.001 and fills[0].order_status == "FILLED"
        assert fills[0].last_executed_quantity == 0.001 and fills[0].trade_id == -1  # from the reconciliation
        # the balances moved while away: reported too
        assert any(isinstance(e, OutboundAccountPosition) and any(b.asset == "BTC" for b in e.balances) for e in got)
        assert stream.reconnects == 1 and stream.reconciled >= 2
        # a second reconciliation finds nothing new
        assert stream.reconcile() == []


def test_usdm_fill_during_disconnect_arrives_once_with_a_fresh_key(sim):
    """USD-M: listenKey stream; the key cannot be renewed until the fill happened; a fresh key afterwards."""
    mine = add_account(sim, "HMAC")
    taker = add_account(sim, "HMAC")
    with UserDataStream("usdm", **mine, base_url=sim.base_url, stream_url=sim.stream_url_for("usdm"),
                        reconnect_delay=(0.05, 0.1)) as stream:
        assert not stream.use_ws_api
        first_key = stream.listen_key
        rest = rest_for(sim, "usdm", mine)
        bid = rest.call("GET", "/fapi/v1/depth", "NONE", symbol="BTCUSDT", limit=5)["bids"][0][0]
        placed = rest.call("POST", "/fapi/v1/order", "TRADE", symbol="BTCUSDT", side="BUY", type="LIMIT",
                           timeInForce="GTC", price=bid, quantity="0.002")
        oid = placed["orderId"]
        events_until(stream, lambda e: isinstance(e, OrderTradeUpdate) and e.order.order_id == oid)
        sim.faults.fail_rest("/fapi/v1/listenKey", method="POST", count=-1)
        sim.faults.drop_connections("usdm")
        wait_for(lambda: not stream.connected.is_set())
        rest_for(sim, "usdm", taker).call("POST", "/fapi/v1/order", "TRADE", symbol="BTCUSDT", side="SELL",
                                          type="LIMIT", timeInForce="IOC", price=bid, quantity="5")
        time.sleep(0.3)
        sim.faults.clear()
        got = events_until(stream, lambda e: fills_of([e], oid))
        got += drain(stream, 0.6)
        fills = fills_of(got, oid)
        assert len(fills) == 1, got
        assert fills[0].order.filled_quantity == 0.002 and fills[0].order.order_status == "FILLED"
        # a fresh key was asked for (the exchange returns the same one while it is active)
        assert stream.key_requests == 2 and stream.listen_key == first_key and stream.reconnects == 1


def test_live_fill_is_not_doubled_by_reconciliation(sim):
    mine = add_account(sim, "HMAC")
    taker = add_account(sim, "HMAC")
    with UserDataStream("spot", **mine, base_url=sim.base_url, stream_url=sim.stream_url_for("spot")) as stream:
        assert not stream.use_ws_api  # HMAC spot: the listenKey stream
        rest = rest_for(sim, "spot", mine)
        bid = rest.call("GET", "/api/v3/depth", "NONE", symbol="BTCUSDT", limit=5)["bids"][0][0]
        oid = rest.call("POST", "/api/v3/order", "TRADE", symbol="BTCUSDT", side="BUY", type="LIMIT",
                        timeInForce="GTC", price=bid, quantity="0.001")["orderId"]
        rest_for(sim, "spot", taker).call("POST", "/api/v3/order", "TRADE", symbol="BTCUSDT", side="SELL",
                                          type="LIMIT", timeInForce="IOC", price=bid, quantity="0.5")
        got = events_until(stream, lambda e: fills_of([e], oid))
        assert fills_of(got, oid)[0].trade_id > 0  # the live one
        assert stream.reconcile(since_ms=int(time.time() * 1000) - 5000) == []


def test_keepalive_and_renewal_on_listen_key_expired():
    with simulator(listen_key_ttl=1.0, history_ticks=10) as sim:
        creds = add_account(sim, "HMAC")
        with UserDataStream("coinm", **creds, base_url=sim.base_url, stream_url=sim.stream_url_for("coinm"),
                            keepalive_interval=0.2) as stream:
            wait_for(lambda: stream.keepalives >= 2, timeout=3)
        with UserDataStream("coinm", **creds, base_url=sim.base_url, stream_url=sim.stream_url_for("coinm"),
                            keepalive_interval=3600) as stream:
            key = stream.listen_key
            got = events_until(stream, lambda e: getattr(e, "event_type", "") == "listenKeyExpired", timeout=6)
            assert got
            wait_for(lambda: stream.renewals == 1 and stream.listen_key != key and stream.connected.is_set())
            assert stream.key_requests == 2


def test_reconciler_drops_the_live_twin_of_a_reconciled_fill():
    rec = Reconciler("spot", StreamDecoder("spot"))
    rec.baseline([{"symbol": "BTCUSDT", "orderId": 7, "clientOrderId": "a", "status": "NEW", "executedQty": "0",
                   "cummulativeQuoteQty": "0", "origQty": "1", "price": "100"}], [("USDT", Decimal(100), Decimal(0))])
    snap = {"symbol": "BTCUSDT", "orderId": 7, "clientOrderId": "a", "status": "PARTIALLY_FILLED", "executedQty": "0.4",
            "cummulativeQuoteQty": "40", "origQty": "1", "price": "100", "side": "BUY", "type": "LIMIT"}
    (ev,) = rec.reconcile([snap], None, 1)
    assert ev.execution_type == "TRADE" and ev.last_executed_quantity == 0.4 and ev.last_executed_price == 100
    assert rec.reconcile([snap], None, 2) == []  # the same picture again: nothing

    def live(z: str, status: str) -> ExecutionReport:
        frame = dict(Reconciler._spot_frame(snap, rec.orders[("BTCUSDT", 7)], "TRADE", Decimal(z), Decimal(100),
                                            Decimal(0), 3), z=z, X=status, t=99)
        return StreamDecoder("spot").decode(__import__("json").dumps(frame))
    assert not rec.accept(live("0.4", "PARTIALLY_FILLED"))  # the live twin of what was reconciled
    assert rec.accept(live("1", "FILLED"))                  # real news
    assert not rec.accept(live("1", "FILLED"))
    assert rec.dropped == 2


def test_async_streams_fill_during_disconnect_arrives_once(sim):
    """The asyncio twin, both routes: spot over the WebSocket API (Ed25519), COIN-M over a listenKey."""
    import asyncio

    from binance_fast.ws_api import AsyncUserDataStream

    async def until(stream, pred):
        while not pred(await stream.get(5)):
            pass

    async def next_fill(stream, oid, timeout=8.0):
        got, end = [], time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                got.append(await stream.get(timeout=0.1))
            except asyncio.TimeoutError:
                continue
            if fills_of(got[-1:], oid):
                break
        while True:  # and anything right behind it (a duplicate would be here)
            try:
                got.append(await stream.get(timeout=0.5))
            except asyncio.TimeoutError:
                return got

    async def spot():
        mine, taker = add_account(sim, "ED25519"), add_account(sim, "HMAC")
        rest = rest_for(sim, "spot", taker)
        async with AsyncUserDataStream("spot", **mine, base_url=sim.base_url, ws_api_url=sim.ws_api.url("spot"),
                                       reconnect_delay=(0.05, 0.1)) as stream:
            assert stream.use_ws_api
            bid = rest.call("GET", "/api/v3/depth", "NONE", symbol="BTCUSDT", limit=5)["bids"][0][0]
            placed = await stream.rest.call("POST", "/api/v3/order", "TRADE", symbol="BTCUSDT", side="BUY",
                                            type="LIMIT", timeInForce="GTC", price=bid, quantity="0.001")
            oid = placed["orderId"]
            await until(stream, lambda e: isinstance(e, ExecutionReport) and e.order_id == oid)
            sim.ws_api.refuse_connections = True
            sim._call(sim.ws_api.drop_all)
            while stream.connected.is_set():
                await asyncio.sleep(0.01)
            rest.call("POST", "/api/v3/order", "TRADE", symbol="BTCUSDT", side="SELL", type="LIMIT",
                      timeInForce="IOC", price=bid, quantity="0.5")
            await asyncio.sleep(0.3)
            sim.ws_api.refuse_connections = False
            fills = fills_of(await next_fill(stream, oid), oid)
            assert len(fills) == 1 and fills[0].order_status == "FILLED" and stream.reconnects == 1

    async def coinm():
        mine, taker = add_account(sim, "HMAC"), add_account(sim, "HMAC")
        rest = rest_for(sim, "coinm", mine)
        async with AsyncUserDataStream("coinm", **mine, base_url=sim.base_url, stream_url=sim.stream_url_for("coinm"),
                                       reconnect_delay=(0.05, 0.1)) as stream:
            bid = rest.call("GET", "/dapi/v1/depth", "NONE", symbol="BTCUSD_PERP", limit=5)["bids"][0][0]
            oid = rest.call("POST", "/dapi/v1/order", "TRADE", symbol="BTCUSD_PERP", side="BUY", type="LIMIT",
                            timeInForce="GTC", price=bid, quantity="1")["orderId"]
            await until(stream, lambda e: isinstance(e, OrderTradeUpdate) and e.order.order_id == oid)
            sim.faults.fail_rest("/dapi/v1/listenKey", method="POST", count=-1)
            sim.faults.drop_connections("coinm")
            while stream.connected.is_set():
                await asyncio.sleep(0.01)
            rest_for(sim, "coinm", taker).call("POST", "/dapi/v1/order", "TRADE", symbol="BTCUSD_PERP", side="SELL",
                                               type="LIMIT", timeInForce="IOC", price=bid, quantity="500")
            await asyncio.sleep(0.3)
            sim.faults.clear()
            fills = fills_of(await next_fill(stream, oid), oid)
            assert len(fills) == 1 and fills[0].order.filled_quantity == 1 and stream.key_requests == 2

    asyncio.run(spot())
    asyncio.run(coinm())


def test_reconciliation_through_the_rest_client(sim):
    """``rest=`` binance_fast's REST Client: listenKeys and reconciliation go through it."""
    rest_mod = pytest.importorskip("binance_fast.rest")
    mine, taker = add_account(sim, "HMAC"), add_account(sim, "HMAC")
    with rest_mod.Client(mine["api_key"], mine["api_secret"], base_url=sim.base_url, rate_limit="off") as client, \
            UserDataStream("usdm", **mine, rest=client, stream_url=sim.stream_url_for("usdm"),
                           reconnect_delay=(0.05, 0.1)) as stream:
        bid = client.request("usdm", "GET", "/fapi/v1/depth", symbol="BTCUSDT", limit=5)["bids"][0][0]
        oid = client.request("usdm", "POST", "/fapi/v1/order", symbol="BTCUSDT", side="BUY", type="LIMIT",
                             timeInForce="GTC", price=bid, quantity="0.003")["orderId"]
        events_until(stream, lambda e: isinstance(e, OrderTradeUpdate) and e.order.order_id == oid)
        sim.faults.fail_rest("/fapi/v1/listenKey", method="POST", count=-1)
        sim.faults.drop_connections("usdm")
        wait_for(lambda: not stream.connected.is_set())
        rest_for(sim, "usdm", taker).call("POST", "/fapi/v1/order", "TRADE", symbol="BTCUSDT", side="SELL",
                                          type="LIMIT", timeInForce="IOC", price=bid, quantity="5")
        time.sleep(0.3)
        sim.faults.clear()
        got = events_until(stream, lambda e: fills_of([e], oid)) + drain(stream, 0.5)
        assert len(fills_of(got, oid)) == 1 and stream.key_requests == 2


def test_a_silent_listen_key_stream_is_replaced_and_reconciled(sim):
    """No frame, not even a ping, for ``idle_timeout``: a new key and connection, then a reconciliation."""
    creds = add_account(sim, "HMAC")
    with UserDataStream("usdm", **creds, base_url=sim.base_url, stream_url=sim.stream_url_for("usdm"),
                        idle_timeout=0.4, reconnect_delay=(0.02, 0.05)) as stream:
        wait_for(lambda: stream.reconnects >= 1 and stream.connected.is_set(), timeout=5)
        assert stream.key_requests >= 2
