"""The matching engine: price-time priority, order types and time in force, stops, filters and balances."""

from __future__ import annotations

import json

import pytest
from simclient import Plain

from binance_fast.sim.engine import BUY, SELL, MatchingEngine, Order
from binance_fast.sim.symbols import default_symbols


class Recorder:
    def __init__(self):
        self.events = []

    def order_event(self, engine, order, exec_type, fill):
        self.events.append((order.order_id, exec_type, fill.qty if fill else None, fill.price if fill else None))


@pytest.fixture
def engine():
    spec = next(s for s in default_symbols() if s.product == "spot" and s.symbol == "BTCUSDT")
    return MatchingEngine(spec, lambda: 1_700_000_000_000)


def put(e, side, price, qty, owner=None, type_="LIMIT", tif="GTC", stop=0):
    o = Order(e.next_order_id, side, type_, price, qty, owner=owner, tif=tif, stop_price=stop)
    e.next_order_id += 1
    fills = e.submit(o)
    return o, fills


def test_price_time_priority(engine):
    a = Recorder()
    b = Recorder()
    first, _ = put(engine, SELL, 101, 5, a)
    second, _ = put(engine, SELL, 101, 5, b)
    better, _ = put(engine, SELL, 100, 2, b)
    taker, fills = put(engine, BUY, 101, 8, Recorder())
    assert [(f.maker.order_id, f.price, f.qty) for f in fills] == [(better.order_id, 100, 2),
                                                                   (first.order_id, 101, 5),
                                                                   (second.order_id, 101, 1)]
    assert taker.status == "FILLED" and first.status == "FILLED" and second.status == "PARTIALLY_FILLED"
    assert engine.best() == (0, 0, 101, 4)
    assert engine.last_price == 101
    # one aggregate trade per price level of the taker
    aggs = list(engine.tape.aggs)
    assert [(x[1], x[2]) for x in aggs] == [(100, 2), (101, 6)]


def test_ioc_fok_and_maker(engine):
    put(engine, SELL, 100, 3)
    ioc, fills = put(engine, BUY, 100, 5, Recorder(), tif="IOC")
    assert ioc.status == "EXPIRED" and ioc.executed == 3 and not ioc.on_book
    put(engine, SELL, 100, 3)
    fok, fills = put(engine, BUY, 100, 5, Recorder(), tif="FOK")
    assert fok.status == "EXPIRED" and fok.executed == 0 and fills == []
    assert engine.best()[2:] == (100, 3)  # nothing was taken
    maker, _ = put(engine, BUY, 100, 1, Recorder(), type_="LIMIT_MAKER")
    assert maker.status == "REJECTED" and maker.executed == 0
    rest, _ = put(engine, BUY, 99, 1, Recorder(), type_="LIMIT_MAKER")
    assert rest.on_book and engine.best()[:2] == (99, 1)


def test_market_sweeps_and_expires_rest(engine):
    put(engine, SELL, 100, 2)
    put(engine, SELL, 102, 2)
    m, fills = put(engine, BUY, 0, 10, Recorder(), type_="MARKET", tif="GTC")
    assert m.executed == 4 and m.status == "EXPIRED" and [f.price for f in fills] == [100, 102]
    assert engine.best_ask() == 0


def test_stop_orders_trigger_off_last_price(engine):
    owner = Recorder()
    stop, _ = put(engine, SELL, 0, 1, owner, type_="STOP_LOSS", stop=95)
    assert not stop.working and stop in engine.stops
    put(engine, BUY, 94, 5)
    put(engine, SELL, 96, 1)
    put(engine, BUY, 0, 1, type_="MARKET")  # trades at 96: above the stop
    assert stop.status == "NEW"
    put(engine, SELL, 0, 1, type_="MARKET")  # trades at 94: the stop fires and sells into the bids
    assert stop.status == "FILLED" and stop.type == "MARKET" and stop.orig_type == "STOP_LOSS"
    assert ("NEW" in [e[1] for e in owner.events]) and owner.events[-1][1] == "TRADE"


def test_update_ids_and_windows(engine):
    w = engine.new_window()
    start = engine.update_id
    o, _ = put(engine, BUY, 90, 1)
    put(engine, BUY, 91, 1)
    engine.cancel(o)
    U, u, pu, bids, asks = w.take()
    assert (U, u, pu) == (start + 1, start + 3, start)
    assert bids == {90: 0, 91: 1} and asks == {}
    assert w.take() is None


def test_self_trade_prevention_expires_maker(engine):
    me = Recorder()
    mine, _ = put(engine, SELL, 100, 1, me)
    put(engine, SELL, 100, 1)
    taker, fills = put(engine, BUY, 100, 1, me)
    assert mine.status == "EXPIRED_IN_MATCH" and taker.status == "FILLED" and fills[0].maker is not mine


# -- over REST: filters and the exchange's error codes ----------------------------------------------------------
@pytest.fixture(scope="module")
def c(sim):
    return Plain(sim.base_url, sim.test_key, sim.test_secret)


def order(c, **kw):
    params = {"symbol": "BTCUSDT", "side": "BUY", "type": "LIMIT", "timeInForce": "GTC", "quantity": "0.001",
              "price": "50000"}
    params.update(kw)
    return c.call("POST", "/api/v3/order", {k: v for k, v in params.items() if v is not None}, signed=True)


@pytest.mark.parametrize("kw,code,msg", [
    ({"price": "50000.001"}, -1013, "Filter failure: PRICE_FILTER"),
    ({"price": "0.001"}, -1013, "Filter failure: PRICE_FILTER"),
    ({"quantity": "0.000015"}, -1013, "Filter failure: LOT_SIZE"),
    ({"quantity": "100000"}, -1013, "Filter failure: LOT_SIZE"),
    ({"quantity": "0.00001", "price": "100"}, -1013, "Filter failure: NOTIONAL"),
    ({"quantity": "10"}, -2010, "Account has insufficient balance for requested action."),
    ({"timeInForce": None}, -1102, "Mandatory parameter 'timeInForce' was not sent, was empty/null, or malformed."),
    ({"timeInForce": "XYZ"}, -1115, "Invalid timeInForce."),
    ({"type": "FOO"}, -1116, "Invalid orderType."),
    ({"side": "UP"}, -1117, "Invalid side."),
    ({"type": "LIMIT_MAKER", "timeInForce": None, "price": "99999"}, -2010, "Order would immediately match and take."),
    ({"symbol": "DOGEUSDT"}, -1121, "Invalid symbol."),
    ({"icebergQty": "0.0005"}, -2010, "Iceberg orders are not supported for this symbol."),
])
def test_spot_order_rejections(c, kw, code, msg):
    status, body = order(c, **kw)
    assert status == 400 and body == {"code": code, "msg": msg}


def test_spot_order_lifecycle_over_rest(c):
    status, placed = order(c, price="40000", newClientOrderId="life-1")
    assert status == 200 and placed["status"] == "NEW" and placed["clientOrderId"] == "life-1"
    _, acct = c.call("GET", "/api/v3/account", signed=True)
    usdt = next(b for b in acct["balances"] if b["asset"] == "USDT")
    assert float(usdt["locked"]) >= 40.0
    _, dup = order(c, price="40000", newClientOrderId="life-1")
    assert dup == {"code": -2010, "msg": "Duplicate order sent."}
    _, q = c.call("GET", "/api/v3/order", {"symbol": "BTCUSDT", "origClientOrderId": "life-1"}, signed=True)
    assert q["orderId"] == placed["orderId"] and q["isWorking"] is True
    order(c, price="40001")
    _, opened = c.call("GET", "/api/v3/openOrders", {"symbol": "BTCUSDT"}, signed=True)
    assert len(opened) >= 2
    _, cancelled = c.call("DELETE", "/api/v3/openOrders", {"symbol": "BTCUSDT"}, signed=True)
    assert {o["status"] for o in cancelled} == {"CANCELED"}
    assert c.call("GET", "/api/v3/openOrders", {"symbol": "BTCUSDT"}, signed=True)[1] == []
    assert c.call("DELETE", "/api/v3/order", {"symbol": "BTCUSDT", "orderId": 987654}, signed=True)[1] == {
        "code": -2011, "msg": "Unknown order sent."}
    assert c.call("GET", "/api/v3/order", {"symbol": "BTCUSDT", "orderId": 987654}, signed=True)[1] == {
        "code": -2013, "msg": "Order does not exist."}
    _, every = c.call("GET", "/api/v3/allOrders", {"symbol": "BTCUSDT"}, signed=True)
    assert placed["orderId"] in [o["orderId"] for o in every]
    _, acct = c.call("GET", "/api/v3/account", signed=True)
    usdt = next(b for b in acct["balances"] if b["asset"] == "USDT")
    assert float(usdt["locked"]) == 0.0


def test_limit_order_crossing_fills_as_taker(c):
    _, book = c.call("GET", "/api/v3/depth", {"symbol": "ETHUSDT", "limit": 5})
    ask = book["asks"][0][0]
    status, o = order(c, symbol="ETHUSDT", quantity="0.01", price=f"{float(ask) + 5:.2f}",
                      newOrderRespType="FULL")
    assert status == 200 and o["status"] == "FILLED", o
    assert float(o["fills"][0]["price"]) <= float(ask) + 5
    assert o["fills"][0]["commissionAsset"] == "ETH"
    _, ack = order(c, symbol="ETHUSDT", quantity="0.01", price="1000", newOrderRespType="ACK")
    assert set(ack) == {"symbol", "orderId", "orderListId", "clientOrderId", "transactTime"}


def test_quote_order_qty_market(c):
    status, o = c.call("POST", "/api/v3/order", {"symbol": "SOLUSDT", "side": "BUY", "type": "MARKET",
                                                 "quoteOrderQty": "50"}, signed=True)
    assert status == 200, o
    assert float(o["cummulativeQuoteQty"]) <= 50 and float(o["cummulativeQuoteQty"]) > 45


def test_stop_loss_over_rest(c):
    _, px = c.call("GET", "/api/v3/ticker/price", {"symbol": "BTCUSDT"})
    last = float(px["price"])
    status, o = c.call("POST", "/api/v3/order", {"symbol": "BTCUSDT", "side": "SELL", "type": "STOP_LOSS_LIMIT",
                                                 "timeInForce": "GTC", "quantity": "0.001",
                                                 "price": f"{last * 0.9:.2f}", "stopPrice": f"{last * 0.95:.2f}"},
                       signed=True)
    assert status == 200 and set(o) == {"symbol", "orderId", "orderListId", "clientOrderId", "transactTime"}
    _, q = c.call("GET", "/api/v3/order", {"symbol": "BTCUSDT", "orderId": o["orderId"]}, signed=True)
    assert q["isWorking"] is False and q["type"] == "STOP_LOSS_LIMIT"
    _, bad = c.call("POST", "/api/v3/order", {"symbol": "BTCUSDT", "side": "SELL", "type": "STOP_LOSS",
                                              "quantity": "0.001", "stopPrice": f"{last * 1.05:.2f}"}, signed=True)
    assert bad == {"code": -2010, "msg": "Order would trigger immediately."}
    c.call("DELETE", "/api/v3/order", {"symbol": "BTCUSDT", "orderId": o["orderId"]}, signed=True)


# -- futures --------------------------------------------------------------------------------------------------
def fut(c, pre="/fapi", **kw):
    params = {"symbol": "BTCUSDT", "side": "BUY", "type": "LIMIT", "timeInForce": "GTC", "quantity": "0.01",
              "price": "50000"}
    params.update(kw)
    return c.call("POST", f"{pre}/v1/order", {k: v for k, v in params.items() if v is not None}, signed=True)


@pytest.mark.parametrize("kw,code", [
    ({"price": "50000.05"}, -4014), ({"price": "50000.123"}, -1111), ({"quantity": "0.0015"}, -1111),
    ({"quantity": "0.001"}, -4164), ({"quantity": "-1"}, -4003), ({"quantity": "5000"}, -4005),
    ({"timeInForce": "GTX", "price": "99999"}, -5022), ({"quantity": "100"}, -2019),
    ({"reduceOnly": "true"}, -2022), ({"symbol": "BTCUSD_PERP"}, -1121),
])
def test_usdm_order_rejections(c, kw, code):
    status, body = fut(c, **kw)
    assert status == 400 and body["code"] == code, body


def test_usdm_order_shapes_and_positions(c):
    status, o = fut(c, price="50000", newClientOrderId="fut-1")
    assert status == 200 and o["status"] == "NEW"
    assert {"orderId", "cumQuote", "avgPrice", "origType", "positionSide", "updateTime"} <= set(o)
    _, q = c.call("GET", "/fapi/v1/order", {"symbol": "BTCUSDT", "origClientOrderId": "fut-1"}, signed=True)
    assert q["orderId"] == o["orderId"] and "time" in q
    _, oo = c.call("GET", "/fapi/v1/openOrder", {"symbol": "BTCUSDT", "orderId": o["orderId"]}, signed=True)
    assert oo["status"] == "NEW"
    _, canc = c.call("DELETE", "/fapi/v1/order", {"symbol": "BTCUSDT", "orderId": o["orderId"]}, signed=True)
    assert canc["status"] == "CANCELED"
    assert c.call("DELETE", "/fapi/v1/order", {"symbol": "BTCUSDT", "orderId": o["orderId"]}, signed=True)[1][
        "code"] == -2011
    batch = [{"symbol": "BTCUSDT", "side": "BUY", "type": "LIMIT", "timeInForce": "GTC", "quantity": "0.01",
              "price": "50000"},
             {"symbol": "BTCUSDT", "side": "BUY", "type": "LIMIT", "timeInForce": "GTC", "quantity": "0.01",
              "price": "50000.01"}]
    _, res = c.call("POST", "/fapi/v1/batchOrders", {"batchOrders": json.dumps(batch)}, signed=True)
    assert res[0]["status"] == "NEW" and res[1]["code"] == -4014
    _, done = c.call("DELETE", "/fapi/v1/allOpenOrders", {"symbol": "BTCUSDT"}, signed=True)
    assert done == {"code": 200, "msg": "The operation of cancel all open order is done."}
    _, before = c.call("GET", "/fapi/v2/positionRisk", {"symbol": "BTCUSDT"}, signed=True)
    amt0 = float(before[0]["positionAmt"])
    _, m = fut(c, type="MARKET", timeInForce=None, price=None, quantity="0.01")
    assert m["status"] == "FILLED"
    _, after = c.call("GET", "/fapi/v2/positionRisk", {"symbol": "BTCUSDT"}, signed=True)
    assert float(after[0]["positionAmt"]) == pytest.approx(amt0 + 0.01)
    _, trades = c.call("GET", "/fapi/v1/userTrades", {"symbol": "BTCUSDT"}, signed=True)
    assert trades[-1]["orderId"] == m["orderId"] and trades[-1]["commissionAsset"] == "USDT"
    _, bal = c.call("GET", "/fapi/v2/balance", signed=True)
    assert bal[0]["asset"] == "USDT" and float(bal[0]["balance"]) < 100000
    _, acct = c.call("GET", "/fapi/v2/account", signed=True)
    assert "totalWalletBalance" in acct and acct["positions"]
    # close it: realized pnl is booked, the position is flat again
    _, close = fut(c, type="MARKET", timeInForce=None, price=None, side="SELL", quantity="0.01", reduceOnly="true")
    assert close["status"] == "FILLED"


def test_coinm_order_shapes(c):
    status, o = fut(c, "/dapi", symbol="BTCUSD_PERP", type="MARKET", timeInForce=None, price=None, quantity="2")
    assert status == 200 and o["status"] == "FILLED" and "cumBase" in o and o["pair"] == "BTCUSD"
    _, pos = c.call("GET", "/dapi/v1/positionRisk", signed=True)
    p = next(x for x in pos if x["symbol"] == "BTCUSD_PERP")
    assert float(p["positionAmt"]) >= 2
    _, bal = c.call("GET", "/dapi/v1/balance", signed=True)
    assert {b["asset"] for b in bal} >= {"BTC", "ETH"}
    _, premium = c.call("GET", "/dapi/v1/premiumIndex", {"symbol": "BTCUSD_PERP"})
    assert premium["pair"] == "BTCUSD" and float(premium["markPrice"]) > 0
