"""The WebSocket API clients against the simulator: orders with every key type, logon, ids, limits, errors."""

from __future__ import annotations

import asyncio
import json
import threading

import pytest

from binance_fast import errors
from binance_fast.ws_api import AsyncWebSocketAPI, WebSocketAPI

from ws_api_helpers import KEY_TYPES, add_account, simulator, wait_for

pytestmark = pytest.mark.timeout(60)


@pytest.fixture(scope="module")
def sim():
    with simulator() as s:
        yield s


def spot_api(sim, creds, **kw) -> WebSocketAPI:
    return WebSocketAPI("spot", url=sim.ws_api.url("spot"), timeout=5.0, **creds, **kw)


def best_bid(api, symbol="BTCUSDT") -> str:
    return api.depth(symbol=symbol, limit=5)["bids"][0][0]


@pytest.mark.parametrize("key_type", KEY_TYPES)
def test_place_amend_cancel_with_each_key_type(sim, key_type):
    creds = add_account(sim, key_type)
    with spot_api(sim, creds) as api:
        # Ed25519 logs the session on; the others sign every request
        assert api.logged_on == (key_type == "ED25519")
        placed = api.order_place(symbol="BTCUSDT", side="BUY", type="LIMIT", timeInForce="GTC", price="30000",
                                 quantity="0.002", newOrderRespType="RESULT")
        assert placed["status"] == "NEW" and placed["origQty"] == "0.00200000"
        amended = api.order_amend_keep_priority(symbol="BTCUSDT", orderId=placed["orderId"], newQty="0.001")
        assert amended["amendedOrder"]["origQty"] == "0.00100000"
        status = api.order_status(symbol="BTCUSDT", origClientOrderId=placed["clientOrderId"])
        assert status["origQty"] == "0.00100000" and status["status"] == "NEW"
        canceled = api.order_cancel(symbol="BTCUSDT", orderId=placed["orderId"])
        assert canceled["status"] == "CANCELED"
        assert api.order_status(symbol="BTCUSDT", orderId=placed["orderId"])["status"] == "CANCELED"
        # the quote locked for the order came back whole
        usdt = next(b for b in api.account_status()["balances"] if b["asset"] == "USDT")
        assert usdt["locked"] == "0.00000000"


def test_logged_on_session_sends_no_signature(sim):
    creds = add_account(sim, "ED25519")
    with spot_api(sim, creds) as api:
        frame = json.loads(api._core.prepare("order.status", {"symbol": "BTCUSDT", "orderId": 1}).frame)
        assert "signature" not in frame["params"] and "apiKey" not in frame["params"]
        assert "timestamp" in frame["params"]  # still required on a logged-on session (docs)
        assert api.session_status()["apiKey"] == creds["api_key"]
        api.session_logout()
        assert not api.logged_on
        frame = json.loads(api._core.prepare("order.status", {"symbol": "BTCUSDT", "orderId": 1}).frame)
        assert frame["params"]["apiKey"] == creds["api_key"] and frame["params"]["signature"]


def test_session_logon_needs_ed25519(sim):
    creds = add_account(sim, "HMAC")
    with spot_api(sim, creds) as api:
        with pytest.raises(ValueError, match="Ed25519"):
            api.session_logon()


def test_futures_place_modify_cancel(sim):
    for product, symbol, qty in (("usdm", "BTCUSDT", "0.002"), ("coinm", "BTCUSD_PERP", "1")):
        creds = add_account(sim, "ED25519")
        with WebSocketAPI(product, url=sim.ws_api.url(product), timeout=5.0, **creds) as api:
            bid = float(api.depth(symbol=symbol, limit=5)["bids"][0][0]) if product == "usdm" else 60000.0
            price = f"{bid * 0.97:.1f}"
            placed = api.order_place(symbol=symbol, side="BUY", type="LIMIT", timeInForce="GTC", price=price,
                                     quantity=qty)
            assert placed["status"] == "NEW"
            price2 = f"{bid * 0.96:.1f}"
            modified = api.order_modify(symbol=symbol, orderId=placed["orderId"], side="BUY", quantity=qty,
                                        price=price2)
            assert float(modified["price"]) == float(price2)
            assert api.order_status(symbol=symbol, orderId=placed["orderId"])["status"] == "NEW"
            assert api.order_cancel(symbol=symbol, orderId=placed["orderId"])["status"] == "CANCELED"
            assert api.account_balance()


def test_mandatory_params_are_refused_before_sending(sim):
    creds = add_account(sim, "HMAC")
    with spot_api(sim, creds) as api:
        served = sim.ws_api.requests_served
        with pytest.raises(ValueError, match="'side'"):
            api.order_place(symbol="BTCUSDT", type="LIMIT")
        with pytest.raises(ValueError, match="orderId or origClientOrderId"):
            api.order_cancel(symbol="BTCUSDT")
        assert sim.ws_api.requests_served == served


def test_errors_are_typed(sim):
    creds = add_account(sim, "HMAC")
    with spot_api(sim, creds) as api:
        with pytest.raises(errors.BinanceAPIError) as info:
            api.order_cancel(symbol="BTCUSDT", orderId=987654321)
        assert info.value.code == -2011 and info.value.status == 400
        with pytest.raises(errors.BinanceAPIError) as info:
            api.order_place(symbol="NOPE", side="BUY", type="MARKET", quantity="1")
        assert info.value.code == -1121
    wrong = dict(creds, api_secret="0" * 64)
    with spot_api(sim, wrong) as api:
        with pytest.raises(errors.InvalidSignatureError):
            api.account_status()


def test_rate_limits_are_tracked(sim):
    creds = add_account(sim, "HMAC")
    with spot_api(sim, creds) as api:
        api.time()
        first = api.used_weight()
        api.depth(symbol="BTCUSDT", limit=100)
        assert api.used_weight() == first + 5  # depth limit 100 weighs 5 (docs)
        placed = api.order_place(symbol="BTCUSDT", side="BUY", type="LIMIT", timeInForce="GTC", price="30000",
                                 quantity="0.001")
        orders = api.rate_limits[("ORDERS", "SECOND", 10)]
        assert orders.count >= 1 and orders.limit == 100
        api.order_cancel(symbol="BTCUSDT", orderId=placed["orderId"])
        # returnRateLimits=false is signed like any param and hides the limits from that one reply
        seen = api.used_weight()
        assert api.account_status(returnRateLimits=False)["balances"]
        assert api.used_weight() == seen
        api.time()
        assert api.used_weight() > seen + 20  # account.status weighs 20: counted, just not reported


def test_lost_order_reply_raises_unknown_outcome(sim):
    creds = add_account(sim, "HMAC")
    with spot_api(sim, creds) as api:
        sim.ws_api.lose_replies = 1
        with pytest.raises(errors.UnknownOutcomeError) as info:
            api.order_place(symbol="BTCUSDT", side="BUY", type="LIMIT", timeInForce="GTC", price="30000",
                            quantity="0.001", timeout=0.5)
        coid = info.value.client_order_id
        assert coid  # generated by the client, so the order can be found
        # it was executed: the bot learns its fate by client order id (the client never retried it)
        found = api.order_status(symbol="BTCUSDT", origClientOrderId=coid)
        assert found["status"] == "NEW"
        assert len(api.open_orders_status(symbol="BTCUSDT")) == 1
        api.open_orders_cancel_all(symbol="BTCUSDT")
        # a read that times out is a transport error, not an unknown outcome
        sim.ws_api.lose_replies = 1
        with pytest.raises(errors.BinanceError) as info:
            api.time(timeout=0.3)
        assert not isinstance(info.value, errors.UnknownOutcomeError)


def test_relogon_after_reconnect(sim):
    creds = add_account(sim, "ED25519")
    with spot_api(sim, creds) as api:
        assert api.logged_on
        sim._call(sim.ws_api.drop_all)
        wait_for(lambda: api.reconnects == 1 and api.logged_on)
        assert api.session_status()["apiKey"] == creds["api_key"]
        assert api.account_status()["balances"]


def test_replies_are_matched_to_requests_across_threads(sim):
    creds = add_account(sim, "HMAC")
    with spot_api(sim, creds) as api:
        results: dict[str, str] = {}

        def worker(n: int) -> None:
            for i in range(4):
                coid = f"t{n}x{i}"
                r = api.order_place(symbol="BTCUSDT", side="BUY", type="LIMIT", timeInForce="GTC",
                                    price=str(30000 + n), quantity="0.001", newClientOrderId=coid,
                                    newOrderRespType="ACK")
                results[coid] = r["clientOrderId"]
        threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(results) == 24 and all(k == v for k, v in results.items())
        api.open_orders_cancel_all(symbol="BTCUSDT")


def test_async_client_place_cancel_and_timeout(sim):
    creds = add_account(sim, "ED25519")

    async def main():
        async with AsyncWebSocketAPI("spot", url=sim.ws_api.url("spot"), timeout=5.0, **creds) as api:
            assert api.logged_on
            placed = await api.order_place(symbol="BTCUSDT", side="SELL", type="LIMIT", timeInForce="GTC",
                                           price="90000", quantity="0.001")
            assert placed["status"] == "NEW"
            got = await asyncio.gather(*(api.order_status(symbol="BTCUSDT", orderId=placed["orderId"])
                                         for _ in range(5)))
            assert all(g["orderId"] == placed["orderId"] for g in got)
            assert (await api.order_cancel(symbol="BTCUSDT", orderId=placed["orderId"]))["status"] == "CANCELED"
            sim.ws_api.lose_replies = 1
            with pytest.raises(errors.UnknownOutcomeError):
                await api.order_place(symbol="BTCUSDT", side="SELL", type="LIMIT", timeInForce="GTC",
                                      price="90000", quantity="0.001", timeout=0.5)
            await api.open_orders_cancel_all(symbol="BTCUSDT")
            with pytest.raises(ValueError):
                await api.order_place(symbol="BTCUSDT")
            sim._call(sim.ws_api.drop_all)
            for _ in range(200):
                if api.reconnects and api.logged_on:
                    break
                await asyncio.sleep(0.02)
            assert api.logged_on and (await api.time())["serverTime"] > 0
    asyncio.run(main())


def test_plain_ws_refused_off_loopback():
    with pytest.raises(ValueError, match="wss://"):
        WebSocketAPI("spot", url="ws://example.invalid/ws-api/v3", connect=False)


def test_secrets_stay_out_of_repr():
    api = WebSocketAPI("usdm", url="ws://127.0.0.1:1/ws-fapi/v1", api_key="K" * 64, api_secret="S" * 64,
                       connect=False)
    assert "S" * 8 not in repr(api) and "K" * 8 not in repr(api)
    assert type(api).__name__ == "UsdmWebSocketAPI" and hasattr(api, "account_status_v2")
    assert not hasattr(api, "order_list_place_oco")  # spot only


# plausible values for every mandatory param the docs' methods take
SAMPLE = {"symbol": "BTCUSDT", "side": "BUY", "type": "LIMIT", "price": "30000", "quantity": "0.001",
          "orderId": 1, "origClientOrderId": "none", "newQty": "0.001", "interval": "1m", "orderListId": 1,
          "cancelReplaceMode": "STOP_ON_FAILURE", "cancelOrderId": 1, "aboveType": "LIMIT_MAKER",
          "belowType": "STOP_LOSS", "workingType": "LIMIT", "workingSide": "BUY", "workingPrice": "30000",
          "workingQuantity": "0.001", "pendingType": "LIMIT_MAKER", "pendingSide": "SELL",
          "pendingQuantity": "0.001", "pendingAboveType": "LIMIT_MAKER", "stopPrice": "29000",
          "listenKey": "none", "symbols": ["BTCUSDT"]}


@pytest.mark.parametrize("product", ["spot", "usdm", "coinm"])
def test_every_documented_method_gets_an_answer(sim, product):
    """Each method of the table, with its mandatory params, gets a reply or a typed exchange error: never a
    hang, a transport error or the simulator's own failure (-1000)."""
    from binance_fast.endpoints.ws_api import ws_by_product

    creds = add_account(sim, "ED25519")
    symbol = {"spot": "BTCUSDT", "usdm": "BTCUSDT", "coinm": "BTCUSD_PERP"}[product]
    answered = 0
    with WebSocketAPI(product, url=sim.ws_api.url(product), timeout=5.0, **creds) as api:
        for m in ws_by_product(product):
            if m.method in ("session.logout", "session.logon"):
                continue
            params = {n: SAMPLE[n] for n in m.mandatory}
            for group in m.one_of:
                params.setdefault(group[0], SAMPLE[group[0]])
            if "symbol" in params:
                params["symbol"] = symbol
            try:
                getattr(api, m.name)(**params)
            except errors.BinanceAPIError as exc:
                assert exc.code != -1000, (m.method, exc)
            answered += 1
    assert answered == len(ws_by_product(product)) - 2


def test_rate_limits_shared_with_the_rest_client(sim):
    rest_mod = pytest.importorskip("binance_fast.rest")
    creds = add_account(sim, "HMAC")
    with rest_mod.Client(creds["api_key"], creds["api_secret"], base_url=sim.base_url) as client, \
            spot_api(sim, creds, limiter=client.limits) as api:
        placed = api.order_place(symbol="BTCUSDT", side="BUY", type="LIMIT", timeInForce="GTC", price="30000",
                                 quantity="0.001")
        reported = client.limits["spot"]
        assert reported["x-mbx-used-weight-1m"] == api.used_weight() > 0
        assert reported["x-mbx-order-count-10s"] >= 1
        api.order_cancel(symbol="BTCUSDT", orderId=placed["orderId"])
