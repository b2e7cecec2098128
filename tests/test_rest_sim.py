"""The REST clients end to end against the embedded simulator: market data, orders, errors, 429s, unknown
outcomes of injected 5xx / timeouts, clock drift, other key types."""

from __future__ import annotations

import asyncio
import time

import numpy as np
import pytest

from binance_fast.errors import (
    BinanceAPIError,
    ClientRateLimitError,
    OrderNotFoundError,
    OrderRejectedError,
    RateLimitError,
    TimestampError,
    UnknownOutcomeError,
)
from binance_fast.rest import AsyncClient, Client

sim_mod = pytest.importorskip("binance_fast.sim", reason="the simulator (binance_fast.sim) is not in this tree")
Simulator = sim_mod.Simulator
ED_KEY = "Ed25519" + "k" * 57          # keys are 64 letters and digits


@pytest.fixture(scope="module")
def sim():
    with Simulator(seed=7, tick_interval=0.02) as s:
        yield s


@pytest.fixture()
def client(sim):
    sim.faults.clear()
    with Client(sim.test_key, sim.test_secret, base_url=sim.base_url, timeout=2, rate_limit="off") as c:
        yield c


def best_prices(client, product="spot", symbol="BTCUSDT"):
    book = (client.spot.depth if product == "spot" else client.usdm.order_book)(symbol=symbol, limit=5)
    return float(book["bids"][0][0]), float(book["asks"][0][0])


def test_market_data(sim, client):
    assert client.spot.ping() == {}
    assert abs(client.spot.time()["serverTime"] - time.time() * 1000) < 5000
    info = client.spot.exchange_info(symbol="BTCUSDT")
    assert info["symbols"][0]["symbol"] == "BTCUSDT"
    depth = client.spot.depth(symbol="BTCUSDT", limit=10)
    assert depth["lastUpdateId"] > 0 and len(depth["bids"]) == 10
    bid, ask = best_prices(client)
    assert bid < ask
    klines = client.spot.klines(symbol="BTCUSDT", interval="1m", limit=5)
    assert 1 <= len(klines) <= 5 and len(klines[0]) == 12
    assert client.usdm.order_book(symbol="BTCUSDT", limit=5)["bids"]
    assert client.limits["spot"]["x-mbx-used-weight-1m"] > 0


def test_typed_market_data_as_numpy(sim):
    with Client(sim.test_key, sim.test_secret, base_url=sim.base_url, typed=True, rate_limit="off") as c:
        depth = c.spot.depth(symbol="BTCUSDT", limit=20)
        assert depth.bids.dtype == np.float64 and depth.bids.shape == (20, 2)
        assert np.all(np.diff(depth.bids[:, 0]) < 0) and np.all(np.diff(depth.asks[:, 0]) > 0)
        assert depth.bids[0, 0] < depth.asks[0, 0]
        klines = c.spot.klines(symbol="BTCUSDT", interval="1m", limit=3)
        assert klines.shape[1] == 12 and np.all(klines[:, 2] >= klines[:, 3])   # high >= low
        ticker = c.spot.ticker_price(symbol="BTCUSDT")
        assert depth.bids[-1, 0] * 0.9 < ticker.price < depth.asks[-1, 0] * 1.1
        acct = c.spot.get_account()
        assert any(b.asset == "USDT" and b.free > 0 for b in acct.balances)


def test_spot_order_lifecycle(sim, client):
    bid, _ = best_prices(client)
    price = f"{bid * 0.9:.2f}"
    order = client.spot.new_order(symbol="BTCUSDT", side="BUY", type="LIMIT", timeInForce="GTC",
                                  quantity="0.001", price=price)
    assert order["status"] == "NEW" and order["clientOrderId"].startswith("bf")
    got = client.spot.get_order(symbol="BTCUSDT", origClientOrderId=order["clientOrderId"])
    assert got["orderId"] == order["orderId"]
    assert any(o["orderId"] == order["orderId"] for o in client.spot.get_open_orders(symbol="BTCUSDT"))
    cancelled = client.spot.delete_order(symbol="BTCUSDT", orderId=order["orderId"])
    assert cancelled["status"] == "CANCELED"
    market = client.spot.new_order(symbol="BTCUSDT", side="BUY", type="MARKET", quantity="0.001",
                                   newOrderRespType="FULL")
    assert market["status"] == "FILLED" and market["fills"]


def test_order_errors_are_typed(sim, client):
    with pytest.raises(OrderRejectedError):
        client.spot.new_order(symbol="BTCUSDT", side="BUY", type="MARKET", quantity="100000")
    with pytest.raises(BinanceAPIError) as bad:
        client.spot.new_order(symbol="NOPEUSDT", side="BUY", type="MARKET", quantity="1")
    assert bad.value.code is not None and bad.value.code < 0
    with pytest.raises((OrderNotFoundError, BinanceAPIError)) as missing:
        client.spot.get_order(symbol="BTCUSDT", orderId=987654321)
    assert missing.value.code == -2013


def test_futures_batch_orders(sim, client):
    bid, _ = best_prices(client, "usdm")
    price = f"{bid * 0.95:.1f}"
    orders = [{"symbol": "BTCUSDT", "side": "BUY", "type": "LIMIT", "timeInForce": "GTC", "quantity": "0.01",
               "price": price} for _ in range(2)]
    result = client.usdm.place_multiple_orders(batchOrders=orders)
    assert len(result) == 2 and all("orderId" in r for r in result), result
    assert all(r["clientOrderId"].startswith("bf") for r in result)
    for r in result:
        client.usdm.cancel_order(symbol="BTCUSDT", orderId=r["orderId"])


def test_injected_5xx_after_execution_is_an_unknown_outcome_the_bot_can_resolve(sim, client):
    sim.faults.fail_rest("/api/v3/order", method="POST", status=503, after_execute=True)
    with pytest.raises(UnknownOutcomeError) as info:
        client.spot.new_order(symbol="BTCUSDT", side="BUY", type="MARKET", quantity="0.001")
    coid = info.value.client_order_id
    assert coid and info.value.status == 503
    # never retried: the order exists once, and the bot finds it by its client order id
    found = client.spot.get_order(symbol="BTCUSDT", origClientOrderId=coid)
    assert found["clientOrderId"] == coid and found["status"] == "FILLED"


def test_injected_timeout_is_an_unknown_outcome(sim):
    with Client(sim.test_key, sim.test_secret, base_url=sim.base_url, timeout=0.5, rate_limit="off") as c:
        c.sync_time()
        sim.faults.timeout_rest("/fapi/v1/order", method="POST", seconds=1.5)
        with pytest.raises(UnknownOutcomeError) as info:
            c.usdm.new_order(symbol="BTCUSDT", side="BUY", type="MARKET", quantity="0.01")
        coid = info.value.client_order_id
        time.sleep(1.2)
        assert c.usdm.query_order(symbol="BTCUSDT", origClientOrderId=coid)["clientOrderId"] == coid


def test_clock_drift_resyncs_reads_and_refuses_to_resend_orders(sim, client):
    client.sync_time()
    try:
        sim.faults.clock_skew(20_000)
        assert "balances" in client.spot.get_account()          # -1021, resync, retried once
        assert abs(client.time_offset["spot"] - 20_000) < 1000
        n_before = len(client.spot.get_open_orders(symbol="BTCUSDT"))
        sim.faults.clock_skew(40_000)                                       # drifts again: the order is refused, not resent
        with pytest.raises(TimestampError):
            client.spot.new_order(symbol="BTCUSDT", side="BUY", type="LIMIT", timeInForce="GTC",
                                  quantity="0.02", price="1000")
    finally:
        sim.faults.clock_skew(0)
    client.sync_time()
    assert len(client.spot.get_open_orders(symbol="BTCUSDT")) == n_before


def test_429_stops_calls_until_retry_after():
    limits = sim_mod.RateLimits(spot_weight_per_minute=40, minute_seconds=2.0)
    with Simulator(seed=3, rate_limits=limits, run_market=False) as s:
        with Client(base_url=s.base_url, rate_limit="raise") as c:
            c.limits.hosts["spot"].set_limits([])        # only the exchange's own limit here
            with pytest.raises(RateLimitError) as info:
                for _ in range(50):
                    c.spot.depth(symbol="BTCUSDT", limit=5)
            assert not isinstance(info.value, ClientRateLimitError) and info.value.status == 429
            assert info.value.retry_after and info.value.retry_after >= 1
            with pytest.raises(ClientRateLimitError):    # stopped on our side: the IP is not pushed to a ban
                c.spot.ping()
            time.sleep(info.value.retry_after + 0.1)
            assert c.spot.ping() == {}
        with Client(base_url=s.base_url, rate_limit="raise") as c:
            c.limits.hosts["spot"].set_limits([("REQUEST_WEIGHT", 60, 30)])
            time.sleep(2.1)                               # a fresh exchange window
            with pytest.raises(ClientRateLimitError):     # the client stops first: no 429 earned
                for _ in range(50):
                    c.spot.depth(symbol="BTCUSDT", limit=5)


def test_ed25519_key(sim):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    pub = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    sim.add_account(ED_KEY, public_key_pem=pub, balances={"USDT": "1000"})
    with Client(ED_KEY, private_key=pem, base_url=sim.base_url, rate_limit="off") as c:
        acct = c.spot.get_account()
        assert any(b["asset"] == "USDT" for b in acct["balances"])


def test_async_client_end_to_end(sim):
    async def main():
        async with AsyncClient(sim.test_key, sim.test_secret, base_url=sim.base_url, rate_limit="off") as c:
            depths = await asyncio.gather(*(c.spot.depth(symbol="BTCUSDT", limit=5) for _ in range(5)))
            assert all(d["bids"] for d in depths)
            order = await c.spot.new_order(symbol="BTCUSDT", side="BUY", type="MARKET", quantity="0.001")
            assert order["status"] == "FILLED"
            sim.faults.fail_rest("/api/v3/order", method="POST", status=500, after_execute=True)
            with pytest.raises(UnknownOutcomeError) as info:
                await c.spot.new_order(symbol="BTCUSDT", side="BUY", type="MARKET", quantity="0.001")
            got = await c.spot.get_order(symbol="BTCUSDT", origClientOrderId=info.value.client_order_id)
            assert got["status"] == "FILLED"
    asyncio.run(main())


# plausible values for the simulator's own checks (the recording-server test covers the wire for every endpoint)
SIM_VALUES = {"side": "BUY", "type": "LIMIT", "interval": "1m", "period": "5m", "timeInForce": "GTC",
              "contractType": "PERPETUAL", "marginType": "CROSSED", "dualSidePosition": "false",
              "multiAssetsMargin": "false", "feeBurn": "false", "quantity": "0.001", "price": "1000",
              "leverage": 5, "limit": 5}


def test_every_endpoint_once_against_the_simulator():
    from test_rest_client import mandatory_params

    from binance_fast.endpoints import ENDPOINTS
    from binance_fast.errors import AuthenticationError, InvalidSignatureError

    limits = sim_mod.RateLimits(enabled=False)           # one call each of 278 endpoints: no limit in the way
    answered = 0
    with Simulator(seed=11, rate_limits=limits, run_market=False) as s:
        with Client(s.test_key, s.test_secret, base_url=s.base_url, rate_limit="off") as c:
            for e in ENDPOINTS:
                params = {k: SIM_VALUES.get(k, v) for k, v in mandatory_params(e).items()}
                if e.product == "coinm" and "symbol" in params:
                    params["symbol"] = "BTCUSD_PERP"
                try:
                    getattr(getattr(c, e.product), e.name)(**params)
                    answered += 1
                except (InvalidSignatureError, AuthenticationError, TimestampError) as exc:
                    pytest.fail(f"{e.key}: the simulator refused the client's signing: {exc}")
                except BinanceAPIError as exc:
                    # business answers (unknown order, listen key, either-or params) are fine; a missing route,
                    # a server error or a rejected key type are not
                    assert exc.status == 400 and exc.code is not None, (e.key, exc)
    assert answered > 240
