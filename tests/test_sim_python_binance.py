"""A peer nobody here wrote (python-binance) trades against the simulator: its requests and checks must agree."""

from __future__ import annotations

import pytest

binance_client = pytest.importorskip("binance.client")
from binance.exceptions import BinanceAPIException  # noqa: E402


def client_for(sim, key=None, secret=None):
    class SimClient(binance_client.Client):
        API_URL = sim.base_url + "/api"
        FUTURES_URL = sim.base_url + "/fapi"
        FUTURES_DATA_URL = sim.base_url + "/futures/data"
        FUTURES_COIN_URL = sim.base_url + "/dapi"

    # construction pings the sim (API_URL points at it, so no outside network)
    return SimClient(key or sim.test_key, secret or sim.test_secret)


@pytest.fixture(scope="module")
def pb(sim):
    return client_for(sim)


def test_depth_and_klines(pb):
    book = pb.get_order_book(symbol="BTCUSDT", limit=10)
    assert len(book["bids"]) == 10 and len(book["asks"]) == 10
    assert float(book["bids"][0][0]) < float(book["asks"][0][0])
    kl = pb.get_klines(symbol="BTCUSDT", interval="1m", limit=30)
    assert len(kl) == 30
    opens = [k[0] for k in kl]
    assert opens == sorted(opens) and all(b - a == 60_000 for a, b in zip(opens, opens[1:]))
    for k in kl:
        o, h, low, c = map(float, k[1:5])
        assert low <= min(o, c) <= max(o, c) <= h
    assert pb.get_server_time()["serverTime"] > 0


def test_place_query_cancel(pb):
    book = pb.get_order_book(symbol="ETHUSDT", limit=5)
    price = f"{float(book['bids'][0][0]) - 50:.2f}"
    placed = pb.create_order(symbol="ETHUSDT", side="BUY", type="LIMIT", timeInForce="GTC", quantity="0.01",
                             price=price)
    assert placed["status"] == "NEW" and placed["price"] == f"{float(price):.8f}"
    got = pb.get_order(symbol="ETHUSDT", orderId=placed["orderId"])
    assert got["status"] == "NEW" and got["clientOrderId"] == placed["clientOrderId"]
    assert any(o["orderId"] == placed["orderId"] for o in pb.get_open_orders(symbol="ETHUSDT"))
    cancelled = pb.cancel_order(symbol="ETHUSDT", orderId=placed["orderId"])
    assert cancelled["status"] == "CANCELED"
    assert pb.get_order(symbol="ETHUSDT", orderId=placed["orderId"])["status"] == "CANCELED"
    with pytest.raises(BinanceAPIException) as err:
        pb.cancel_order(symbol="ETHUSDT", orderId=placed["orderId"])
    assert err.value.code == -2011


def test_market_order_fills_and_moves_balances(pb):
    before = {b["asset"]: b for b in pb.get_account()["balances"]}
    filled = pb.order_market_buy(symbol="BNBUSDT", quantity="0.1")
    assert filled["status"] == "FILLED" and filled["fills"]
    after = {b["asset"]: b for b in pb.get_account()["balances"]}
    got = float(after["BNB"]["free"]) - float(before["BNB"]["free"])
    assert got == pytest.approx(0.1 * 0.999)  # 0.1% commission in the bought asset
    spent = float(before["USDT"]["free"]) - float(after["USDT"]["free"])
    assert spent == pytest.approx(float(filled["cummulativeQuoteQty"]))
    trades = pb.get_my_trades(symbol="BNBUSDT")
    assert {t["orderId"] for t in trades} >= {filled["orderId"]}


def test_futures_order_and_position(pb):
    f = pb.futures_create_order(symbol="ETHUSDT", side="BUY", type="MARKET", quantity="0.05")
    assert f["status"] == "FILLED" and "cumQuote" in f
    pos = {p["symbol"]: p for p in pb.futures_position_information()}
    assert float(pos["ETHUSDT"]["positionAmt"]) >= 0.05


def test_wrong_secret_gets_1022(sim):
    bad = client_for(sim, secret="x" * 64)
    with pytest.raises(BinanceAPIException) as err:
        bad.get_account()
    assert err.value.code == -1022


def test_old_timestamp_gets_1021(sim):
    c = client_for(sim)
    c.timestamp_offset = -60_000
    with pytest.raises(BinanceAPIException) as err:
        c.get_open_orders(symbol="BTCUSDT")
    assert err.value.code == -1021
    c.timestamp_offset = 0
    assert isinstance(c.get_open_orders(symbol="BTCUSDT"), list)  # the same client, in time, is accepted
