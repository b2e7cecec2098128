"""The REST clients against a recording loopback server: every endpoint, signing on the exact bytes, errors,
unknown outcomes, time sync, rate limits, typed decoding, clean close."""

from __future__ import annotations

import asyncio
import base64
import gc
import hashlib
import hmac
import time
import warnings
from urllib.parse import unquote

import msgspec
import numpy as np
import pytest
from rest_recorder import RecordingServer, Scripted

from binance_fast.endpoints import ENDPOINTS, lookup, response_example
from binance_fast.errors import (
    BinanceAPIError,
    ClientRateLimitError,
    InvalidSignatureError,
    IPBannedError,
    OrderNotFoundError,
    OrderRejectedError,
    RateLimitError,
    TimestampError,
    TransportError,
    UnknownOutcomeError,
)
from binance_fast.rest import AsyncClient, Client, UnknownParameterWarning

KEY, SECRET = "test-key", "test-secret"


@pytest.fixture(scope="module")
def server():
    with RecordingServer(secrets={KEY: SECRET}) as srv:
        yield srv


@pytest.fixture()
def srv(server):
    server.clear()
    server.server_time_offset_ms = 0
    server.weight_used = 0
    return server


@pytest.fixture()
def client(srv):
    with Client(KEY, SECRET, base_url=srv.base_url, rate_limit="off", timeout=2, time_sync=False) as c:
        yield c


def sample_value(ptype: str):
    t = ptype.upper()
    if "LIST" in t or "ARRAY" in t:
        return [{"symbol": "BTCUSDT", "side": "BUY", "type": "LIMIT", "quantity": "1", "price": "1",
                 "timeInForce": "GTC"}] if "JSON" in t else ["BTCUSDT", "ETHUSDT"]
    if t in ("INT", "LONG", "INTEGER"):
        return 7
    if t in ("DECIMAL", "FLOAT", "DOUBLE"):
        return "1.25"
    if t == "BOOLEAN":
        return True
    return "BTCUSDT"


def mandatory_params(e) -> dict:
    return {name: sample_value(next(p.type for p in e.params if p.name == name)) for name in e.mandatory}


def api_calls(srv):
    return srv.requests


def check_request(e, rec, params) -> None:
    assert (rec.method, rec.path) == (e.method, e.path), e.key
    assert ("X-MBX-APIKEY" in rec.headers) == e.needs_api_key, e.key
    if e.needs_api_key:
        assert rec.headers["X-MBX-APIKEY"] == KEY
    if e.signed:
        assert rec.signature_ok is True, e.key
        assert "timestamp" in rec.params and rec.params["recvWindow"] == "5000", e.key
    else:
        assert rec.signature_ok is None and "timestamp" not in rec.params, e.key
    for name, value in params.items():
        if isinstance(value, list):
            sent = msgspec.json.decode(rec.params[name])
            if e.key[1:] in (("POST", "/fapi/v1/batchOrders"), ("POST", "/dapi/v1/batchOrders")):  # ids added
                assert all(o.pop("newClientOrderId").startswith("bf") for o in sent), e.key
            assert sent == value, (e.key, name)
            continue
        expected = value if isinstance(value, str) else str(value).lower() if isinstance(value, bool) else str(value)
        assert rec.params[name] == expected, (e.key, name)
    # POST/PUT carry the params in the body, GET/DELETE in the query
    if e.method in ("POST", "PUT") and (params or e.signed):
        assert rec.body and not rec.query, e.key
    else:
        assert not rec.body, e.key


def test_every_endpoint_once_sync(srv, client):
    for e in ENDPOINTS:
        params = mandatory_params(e)
        before = len(api_calls(srv))
        namespace = getattr(client, e.product)
        result = getattr(namespace, e.name)(**params)
        calls = api_calls(srv)
        assert len(calls) == before + 1, e.key
        check_request(e, calls[-1], params)
        example = response_example(*e.key)
        # the server tells its own time; it answers a path shared by two products with the first one's example
        if not e.path.endswith("/time") and not (e.product == "coinm" and e.path.startswith("/futures/data")):
            assert result == (example if example is not None else {}), e.key
    assert len(api_calls(srv)) == len(ENDPOINTS)


def test_every_endpoint_once_async(srv):
    async def main():
        async with AsyncClient(KEY, SECRET, base_url=srv.base_url, rate_limit="off", timeout=2,
                               time_sync=False) as c:
            for e in ENDPOINTS:
                params = mandatory_params(e)
                before = len(api_calls(srv))
                await getattr(getattr(c, e.product), e.name)(**params)
                calls = api_calls(srv)
                assert len(calls) == before + 1, e.key
                check_request(e, calls[-1], params)
    asyncio.run(main())


def test_missing_mandatory_param_is_refused_before_sending(srv, client):
    with pytest.raises(ValueError, match=r"spot\.new_order .*'side'"):
        client.spot.new_order(symbol="BTCUSDT", type="MARKET", quantity="1")
    with pytest.raises(ValueError, match=r"usdm\.place_multiple_orders .*'batchOrders'"):
        client.usdm.place_multiple_orders()
    with pytest.raises(ValueError, match="'symbol'"):
        client.spot.depth(symbol=None)
    assert srv.requests == []


def test_unknown_param_warns_and_is_sent(srv, client):
    with pytest.warns(UnknownParameterWarning, match="'limt'"):
        client.spot.depth(symbol="BTCUSDT", limt=5)
    assert srv.last().params["limt"] == "5"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        client.spot.depth(symbol="BTCUSDT", limit=5)       # documented: no warning


def test_signature_on_exact_bytes_get_and_post(srv, client):
    client.spot.get_order(symbol="BTCUSDT", orderId=12)
    rec = srv.last()
    assert rec.query.startswith("symbol=BTCUSDT&orderId=12&") and "&timestamp=" in rec.query
    payload, sig = rec.query.rsplit("&signature=", 1)
    assert sig == hmac.new(SECRET.encode(), payload.encode(), hashlib.sha256).hexdigest()
    client.spot.new_order(symbol="BTCUSDT", side="BUY", type="LIMIT", timeInForce="GTC", quantity="0.01",
                          price="50000", recvWindow=2000)
    rec = srv.last()
    assert rec.method == "POST" and rec.query == "" and rec.signature_ok
    assert rec.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert rec.params["recvWindow"] == "2000" and rec.params["price"] == "50000"


def test_client_order_ids_are_generated_where_missing(srv, client):
    client.spot.new_order(symbol="BTCUSDT", side="BUY", type="MARKET", quantity="1")
    coid = srv.last().params["newClientOrderId"]
    assert coid.startswith("bf") and len(coid) <= 32
    client.spot.new_order(symbol="BTCUSDT", side="BUY", type="MARKET", quantity="1", newClientOrderId="mine")
    assert srv.last().params["newClientOrderId"] == "mine"
    client.usdm.place_multiple_orders(batchOrders=[
        {"symbol": "BTCUSDT", "side": "BUY", "type": "MARKET", "quantity": "1"},
        {"symbol": "BTCUSDT", "side": "SELL", "type": "MARKET", "quantity": "1", "newClientOrderId": "b2"}])
    orders = msgspec.json.decode(srv.last().params["batchOrders"])
    assert orders[0]["newClientOrderId"].startswith("bf") and orders[1]["newClientOrderId"] == "b2"


@pytest.mark.parametrize("status,body,cls", [
    (400, {"code": -2010, "msg": "Account has insufficient balance"}, OrderRejectedError),
    (400, {"code": -1013, "msg": "Filter failure: PRICE_FILTER"}, OrderRejectedError),
    (400, {"code": -2013, "msg": "Order does not exist."}, OrderNotFoundError),
    (400, {"code": -1022, "msg": "Signature for this request is not valid."}, InvalidSignatureError),
    (400, {"code": -1102, "msg": "Mandatory parameter 'x' was not sent"}, BinanceAPIError),
])
def test_typed_errors(srv, client, status, body, cls):
    srv.script("POST", "/api/v3/order", Scripted(status, body))
    with pytest.raises(cls) as info:
        client.spot.new_order(symbol="BTCUSDT", side="BUY", type="MARKET", quantity="1")
    assert info.value.status == status and info.value.code == body["code"] and info.value.msg == body["msg"]


def test_wrong_secret_is_an_invalid_signature(srv):
    with Client(KEY, "wrong", base_url=srv.base_url, time_sync=False) as c:
        with pytest.raises(InvalidSignatureError):
            c.spot.get_account()


def test_429_blocks_all_calls_until_retry_after(srv):
    with Client(KEY, SECRET, base_url=srv.base_url, rate_limit="raise") as c:
        srv.script("GET", "/api/v3/depth", Scripted(429, {"code": -1003, "msg": "Too many requests"},
                                                    {"Retry-After": "0.3"}))
        with pytest.raises(RateLimitError) as info:
            c.spot.depth(symbol="BTCUSDT")
        assert info.value.retry_after == pytest.approx(0.3) and not isinstance(info.value, ClientRateLimitError)
        n = len(srv.requests)
        with pytest.raises(ClientRateLimitError) as blocked:          # nothing sent during the block
            c.spot.exchange_info()
        assert 0 < blocked.value.retry_after <= 0.3 and len(srv.requests) == n
        assert c.usdm.check_server_time() == {"serverTime": pytest.approx(time.time() * 1000, abs=5000)}  # other host
        time.sleep(0.35)
        c.spot.exchange_info()
    with Client(KEY, SECRET, base_url=srv.base_url, rate_limit="wait") as c:   # waits instead
        srv.script("GET", "/api/v3/depth", Scripted(429, {"code": -1003, "msg": "slow down"}, {"Retry-After": "0.2"}))
        with pytest.raises(RateLimitError):
            c.spot.depth(symbol="BTCUSDT")
        t0 = time.monotonic()
        c.spot.depth(symbol="BTCUSDT")
        assert time.monotonic() - t0 >= 0.15


def test_418_is_ip_banned(srv, client):
    srv.script("GET", "/api/v3/depth", Scripted(418, {"code": -1003, "msg": "banned"}, {"Retry-After": "0.01"}))
    with pytest.raises(IPBannedError) as info:
        client.spot.depth(symbol="BTCUSDT")
    assert info.value.retry_after == pytest.approx(0.01)


def test_5xx_on_an_order_is_unknown_outcome_and_never_retried(srv, client):
    srv.script("POST", "/fapi/v1/order", Scripted(503, {"code": -1008, "msg": "Server is currently overloaded"}))
    with pytest.raises(UnknownOutcomeError) as info:
        client.usdm.new_order(symbol="BTCUSDT", side="BUY", type="MARKET", quantity="0.01")
    posts = [r for r in srv.requests if r.path == "/fapi/v1/order"]
    assert len(posts) == 1
    assert info.value.client_order_id == posts[0].params["newClientOrderId"]
    assert info.value.status == 503
    # a 5xx on a read is an API error, not an unknown outcome
    srv.script("GET", "/fapi/v1/depth", Scripted(502, "<html>bad gateway</html>"))
    with pytest.raises(BinanceAPIError) as read:
        client.usdm.order_book(symbol="BTCUSDT")
    assert read.value.status == 502 and not isinstance(read.value, UnknownOutcomeError)


def test_5xx_on_batch_orders_carries_every_client_order_id(srv, client):
    srv.script("POST", "/fapi/v1/batchOrders", Scripted(504, ""))
    orders = [{"symbol": "BTCUSDT", "side": "BUY", "type": "MARKET", "quantity": "1"},
              {"symbol": "BTCUSDT", "side": "BUY", "type": "MARKET", "quantity": "1", "newClientOrderId": "mine"}]
    with pytest.raises(UnknownOutcomeError) as info:
        client.usdm.place_multiple_orders(batchOrders=orders)
    sent = msgspec.json.decode(srv.last().params["batchOrders"])
    assert info.value.client_order_ids == tuple(o["newClientOrderId"] for o in sent)
    assert info.value.client_order_ids[1] == "mine" and "newClientOrderId" not in orders[0]   # caller's list untouched


def test_timeout_on_an_order_is_unknown_outcome(srv):
    with Client(KEY, SECRET, base_url=srv.base_url, timeout=0.6) as c:
        c.sync_time()
        srv.script("POST", "/api/v3/order", Scripted(200, {}, delay=2.0))
        with pytest.raises(UnknownOutcomeError) as info:
            c.spot.new_order(symbol="BTCUSDT", side="BUY", type="MARKET", quantity="1", newClientOrderId="t-1")
        assert info.value.client_order_id == "t-1" and info.value.cause is not None
        srv.script("GET", "/api/v3/depth", Scripted(200, {}, delay=2.0))
        with pytest.raises(TransportError):
            c.spot.depth(symbol="BTCUSDT")
    time.sleep(1.6)    # let the delayed handlers finish before the next test


def test_unreachable_host_is_a_transport_error():
    with Client(KEY, SECRET, base_url="http://127.0.0.1:9", time_sync=False) as c:
        with pytest.raises(TransportError):
            c.spot.ping()
        with pytest.raises(TransportError):        # never sent: not an unknown outcome
            c.spot.new_order(symbol="BTCUSDT", side="BUY", type="MARKET", quantity="1")


def test_time_sync_measures_the_offset_and_signs_with_server_time(srv):
    srv.server_time_offset_ms = 5000
    with Client(KEY, SECRET, base_url=srv.base_url) as c:
        c.spot.get_account()                     # first signed call syncs first
        assert abs(c.time_offset["spot"] - 5000) < 200
        ts = int(srv.last().params["timestamp"])
        assert abs(ts - (time.time() * 1000 + 5000)) < 500
        assert len([r for r in srv.requests if r.path == "/api/v3/time"]) == 3


def test_1021_resyncs_and_retries_reads_only(srv, client):
    err = {"code": -1021, "msg": "Timestamp for this request is outside of the recvWindow."}
    srv.script("GET", "/api/v3/account", Scripted(400, err))
    assert "balances" in client.spot.get_account()
    assert len([r for r in srv.requests if r.path == "/api/v3/account"]) == 2
    srv.script("POST", "/api/v3/order", Scripted(400, err))
    with pytest.raises(TimestampError):
        client.spot.new_order(symbol="BTCUSDT", side="BUY", type="MARKET", quantity="1")
    assert len([r for r in srv.requests if r.path == "/api/v3/order"]) == 1


def test_limits_follow_the_headers(srv, client):
    client.spot.ping()
    assert client.limits["spot"]["x-mbx-used-weight-1m"] == srv.weight_used
    srv.script("POST", "/fapi/v1/order", Scripted(200, {"orderId": 1, "symbol": "BTCUSDT"},
                                                  {"X-MBX-ORDER-COUNT-10S": "3", "X-MBX-ORDER-COUNT-1M": "9"}))
    client.usdm.new_order(symbol="BTCUSDT", side="BUY", type="MARKET", quantity="1")
    used = client.limits["usdm"]
    assert used["x-mbx-order-count-10s"] == 3 and used["x-mbx-order-count-1m"] == 9
    orders_1m = next(w for w in client.limits.windows("usdm") if w.kind == "ORDERS" and w.seconds == 60)
    assert orders_1m.used >= 9


def test_client_side_limiter_uses_table_weights(srv):
    with Client(base_url=srv.base_url, rate_limit="raise") as c:
        c.limits.hosts["spot"].set_limits([("REQUEST_WEIGHT", 60, 12)])
        c.spot.depth(symbol="BTCUSDT", limit=100)      # weight 5
        c.spot.depth(symbol="BTCUSDT")                 # default limit 100: weight 5
        n = len(srv.requests)
        with pytest.raises(ClientRateLimitError) as info:
            c.spot.depth(symbol="BTCUSDT", limit=1000)  # weight 50: would exceed, not sent
        assert len(srv.requests) == n and 0 < info.value.retry_after <= 60
        c.spot.ping()                                   # weight 1 still fits


def test_exchange_info_limits_replace_the_defaults(srv, client):
    srv.script("GET", "/fapi/v1/exchangeInfo", Scripted(200, {"rateLimits": [
        {"rateLimitType": "REQUEST_WEIGHT", "interval": "MINUTE", "intervalNum": 1, "limit": 1234},
        {"rateLimitType": "ORDERS", "interval": "SECOND", "intervalNum": 10, "limit": 77}]}))
    client.load_limits("usdm")
    got = {(w.kind, w.seconds, w.limit) for w in client.limits.windows("usdm")}
    assert got == {("REQUEST_WEIGHT", 60, 1234), ("ORDERS", 10, 77)}


def test_typed_responses(srv):
    with Client(KEY, SECRET, base_url=srv.base_url, typed=True) as c:
        depth = c.spot.depth(symbol="BTCUSDT")
        assert depth.last_update_id == 1027024
        assert depth.bids.dtype == np.float64 and depth.bids.shape == (1, 2) and depth.bids.flags.c_contiguous
        assert depth.asks.tolist() == [[4.000002, 12.0]]
        fdepth = c.usdm.order_book(symbol="BTCUSDT")
        assert fdepth.event_time == 1589436922972 and fdepth.transaction_time == 1589436922959
        klines = c.spot.klines(symbol="BTCUSDT", interval="1m")
        assert isinstance(klines, np.ndarray) and klines.shape == (1, 12) and klines[0, 0] == 1499040000000
        order = c.spot.new_order(symbol="BTCUSDT", side="BUY", type="MARKET", quantity="1")
        assert order.order_id == 28 and order.symbol == "BTCUSDT"
        assert c.spot.ticker_price(symbol="BTCUSDT").price > 0
        assert c.usdm.symbol_price_ticker().price > 0 or True
        acct = c.spot.get_account()
        assert acct.balances[0].asset == "BTC" and isinstance(acct.balances[0].free, float)
        # endpoints without a typed model decode as plain data
        assert isinstance(c.spot.exchange_info(), dict)


def test_a_success_that_does_not_fit_its_model_is_not_lost(srv):
    from binance_fast.rest import TypedDecodeWarning
    with Client(KEY, SECRET, base_url=srv.base_url, typed=True, time_sync=False) as c:
        srv.script("POST", "/api/v3/order", Scripted(200, {"orderId": "not-a-number", "weird": True}))
        with pytest.warns(TypedDecodeWarning):
            got = c.spot.new_order(symbol="BTCUSDT", side="BUY", type="MARKET", quantity="1")
        assert got == {"orderId": "not-a-number", "weird": True}


def test_every_typed_decoder_reads_the_docs_example():
    from binance_fast.models.responses import TYPED_DECODERS
    for key, decode in TYPED_DECODERS.items():
        assert lookup(*key) is not None, key
        example = response_example(*key)
        if example is None:
            continue
        decode(msgspec.json.encode(example))


def test_request_reaches_endpoints_outside_the_table(srv, client):
    assert client.request("spot", "GET", "/api/v3/depth", symbol="BTCUSDT")["lastUpdateId"] == 1027024
    client.request("spot", "GET", "/sapi/v1/capital/config/getall", security="USER_DATA")
    rec = srv.last()
    assert rec.path == "/sapi/v1/capital/config/getall" and rec.signature_ok and rec.headers["X-MBX-APIKEY"] == KEY
    client.request("spot", "GET", "/api/v3/unlisted", foo="bar")
    assert srv.last().params == {"foo": "bar"} and "X-MBX-APIKEY" not in srv.last().headers


def test_keep_alive_reuses_one_connection(srv, client):
    for _ in range(20):
        client.spot.ping()
    assert len({r.peer_port for r in srv.requests}) == 1


def test_ed25519_keys_sign_the_payload(srv):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    with Client("ed-key", private_key=pem, base_url=srv.base_url, time_sync=False) as c:
        c.spot.get_order(symbol="BTCUSDT", orderId=1)
    rec = srv.last()
    payload, sig = rec.query.rsplit("&signature=", 1)
    key.public_key().verify(base64.b64decode(unquote(sig)), payload.encode())


def test_hosts_secrets_and_options():
    with pytest.raises(ValueError, match="loopback"):
        Client(base_url="http://example.invalid")
    c = Client("my-key", "my-very-secret", base_url="http://127.0.0.1:1")
    assert "my-very-secret" not in repr(c) and "my-key" not in repr(c)
    assert "my-very-secret" not in repr(c._core)
    with pytest.raises(ValueError, match="api_secret"):
        Client("k", base_url="http://127.0.0.1:1").spot.get_account()
    with pytest.raises(TypeError):
        Client(nonsense=1)
    live = Client()
    assert live._core.bases["usdm"].startswith("https://") and live._core.bases["pm"].startswith("https://")
    testnet = Client(testnet=True)
    assert testnet._core.bases["spot"] != live._core.bases["spot"]
    with pytest.raises(ValueError, match="no options host"):
        testnet.options.check_server_time()
    c.close()
    live.close()
    testnet.close()


def test_method_docstrings_and_signatures():
    import inspect
    doc = Client.__dict__.get("spot") or None
    assert doc is None   # namespaces are per instance
    c = Client(base_url="http://127.0.0.1:1")
    assert "POST /api/v3/order" in c.spot.new_order.__doc__ and "timeInForce" in c.spot.new_order.__doc__
    assert "* symbol" in c.spot.new_order.__doc__
    sig = inspect.signature(c.usdm.place_multiple_orders)
    assert "batchOrders" in sig.parameters and "timestamp" not in sig.parameters
    assert c.usdm.notional_and_leverage_brackets.endpoint.path == "/fapi/v1/leverageBracket"


@pytest.mark.parametrize("transport", ["native", "aiohttp"])
def test_async_client_closes_cleanly(srv, transport):
    async def main():
        async with AsyncClient(KEY, SECRET, base_url=srv.base_url, transport=transport) as c:
            await c.spot.ping()
            await c.spot.get_account()
            results = await asyncio.gather(*(c.spot.depth(symbol="BTCUSDT") for _ in range(10)))
            assert all(r["lastUpdateId"] == 1027024 for r in results)
        c2 = AsyncClient(base_url=srv.base_url)
        await c2.close()              # never used: nothing to close
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        asyncio.run(main())
        gc.collect()
    assert not [w for w in caught if "nclosed" in str(w.message)], [str(w.message) for w in caught]


@pytest.mark.parametrize("transport", ["native", "aiohttp"])
def test_async_errors_and_unknown_outcome(srv, transport):
    async def main():
        async with AsyncClient(KEY, SECRET, base_url=srv.base_url, timeout=0.3, rate_limit="raise",
                               transport=transport) as c:
            srv.script("POST", "/api/v3/order", Scripted(500, {"code": -1000, "msg": "internal"}))
            with pytest.raises(UnknownOutcomeError) as info:
                await c.spot.new_order(symbol="BTCUSDT", side="BUY", type="MARKET", quantity="1")
            assert info.value.client_order_id
            srv.script("POST", "/api/v3/order", Scripted(200, {}, delay=1.0))
            with pytest.raises(UnknownOutcomeError):
                await c.spot.new_order(symbol="BTCUSDT", side="BUY", type="MARKET", quantity="1")
            srv.script("GET", "/api/v3/depth", Scripted(429, {"code": -1003, "msg": "x"}, {"Retry-After": "5"}))
            with pytest.raises(RateLimitError):
                await c.spot.depth(symbol="BTCUSDT")
            with pytest.raises(ClientRateLimitError):
                await c.spot.depth(symbol="BTCUSDT")
            with pytest.raises(ValueError):
                await c.spot.depth()
        async with AsyncClient(base_url="http://127.0.0.1:9", transport=transport) as c:
            with pytest.raises(TransportError):
                await c.spot.ping()
    asyncio.run(main())
    time.sleep(0.8)


def test_sync_client_shared_by_threads(srv):
    from concurrent.futures import ThreadPoolExecutor
    with Client(KEY, SECRET, base_url=srv.base_url, rate_limit="wait") as c:
        c.sync_time()
        with ThreadPoolExecutor(4) as pool:
            results = list(pool.map(lambda i: c.spot.get_order(symbol="BTCUSDT", orderId=i), range(40)))
    assert len(results) == 40
    orders = [r for r in srv.requests if r.path == "/api/v3/order"]
    assert len(orders) == 40 and all(r.signature_ok for r in orders)
    assert len({r.peer_port for r in orders}) <= 4          # pooled connections, not one per call


def test_retry_after_holds_even_with_the_limiter_off(srv, client):
    srv.script("GET", "/api/v3/depth", Scripted(429, {"code": -1003, "msg": "x"}, {"Retry-After": "0.3"}))
    with pytest.raises(RateLimitError):
        client.spot.depth(symbol="BTCUSDT")
    n = len(srv.requests)
    with pytest.raises(ClientRateLimitError):
        client.spot.ping()
    assert len(srv.requests) == n
    time.sleep(0.35)
    client.spot.ping()
