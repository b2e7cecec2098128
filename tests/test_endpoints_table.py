"""The generated endpoint table: counts against the docs, determinism of the generator, names, weights."""

from __future__ import annotations

import keyword
import re
from collections import Counter
from pathlib import Path

import pytest

from binance_fast.endpoints import (
    ENDPOINTS,
    PRODUCTS,
    ByLimit,
    ByParams,
    BySymbols,
    Fixed,
    by_product,
    lookup,
    response_example,
)

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DOCS = PROJECT_ROOT.parent / "shared" / "docs"

# counted from the docs (the grep below); a change of docs must show up here on purpose
EXPECTED_COUNTS = {"spot": 44, "usdm": 86, "coinm": 65, "options": 18, "pm": 44, "pmpro": 21}


@pytest.fixture(scope="module")
def docs() -> Path:
    if not DOCS.is_dir():
        pytest.skip(f"Binance docs not found at {DOCS} (they ship with the project's shared/ folder)")
    return DOCS


def grep_request_lines(docs: Path) -> Counter:
    """An independent count: every distinct request line of the REST pages, per product, by a plain line grep."""
    prefixes = [("binance_spot_api_docs_rest_api_", "spot"), ("derivatives_usds_margined_futures_", "usdm"),
                ("derivatives_coin_margined_futures_", "coinm"), ("derivatives_option_", "options"),
                ("derivatives_portfolio_margin_pro_", "pmpro"), ("derivatives_portfolio_margin_", "pm"),
                ("derivatives_futures_data_", "usdm")]
    line_re = re.compile(r"^\s*`?(GET|POST|PUT|DELETE)\s+`?/?((?:api|sapi|fapi|dapi|eapi|papi|futures)/[\w/.-]+)")
    seen = set()
    for f in docs.iterdir():
        product = next((p for pre, p in prefixes if f.name.startswith(pre)), None)
        if product is None or "websocket" in f.name or "testnet" in f.name:
            continue
        for line in f.read_text(encoding="utf-8").splitlines():
            m = line_re.match(line)
            if m:
                seen.add((product, m.group(1), "/" + m.group(2)))
    return Counter(p for p, _, _ in seen)


def test_count_per_product_matches_the_docs(docs):
    assert dict(grep_request_lines(docs)) == dict(Counter(e.product for e in ENDPOINTS))


def test_count_per_product_snapshot():
    assert dict(Counter(e.product for e in ENDPOINTS)) == EXPECTED_COUNTS
    assert len(ENDPOINTS) > 250


def test_generator_reproduces_the_committed_files(docs):
    from binance_fast.endpoints import generate

    table, responses = generate.generate(docs)
    assert table == generate.TABLE_FILE.read_text(encoding="utf-8"), "re-run: python -m binance_fast.endpoints.generate"
    assert responses == generate.RESPONSES_FILE.read_text(encoding="utf-8")
    assert table.startswith('"""The Binance REST endpoint table. GENERATED')


def test_keys_unique_and_lookup():
    assert len({e.key for e in ENDPOINTS}) == len(ENDPOINTS)
    e = lookup("usdm", "post", "/fapi/v1/batchOrders")
    assert e is ENDPOINTS[("usdm", "POST", "/fapi/v1/batchOrders")]
    assert ("spot", "GET", "/api/v3/depth") in ENDPOINTS
    assert lookup("spot", "GET", "/api/v3/nope") is None
    assert ENDPOINTS.get(("spot", "GET", "/nope")) is None
    assert isinstance(ENDPOINTS[0], type(e))
    # the same path on two hosts is two records
    assert lookup("usdm", "GET", "/futures/data/basis").host == "usdm"
    assert lookup("coinm", "GET", "/futures/data/basis").host == "coinm"
    assert lookup("pmpro", "GET", "/sapi/v1/portfolio/account").host == "spot"


def test_names_are_official_sdk_names_and_unique():
    assert lookup("spot", "POST", "/api/v3/order").name == "new_order"
    assert lookup("usdm", "POST", "/fapi/v1/batchOrders").name == "place_multiple_orders"
    assert lookup("usdm", "GET", "/fapi/v1/leverageBracket").name == "notional_and_leverage_brackets"
    assert lookup("coinm", "POST", "/dapi/v1/order").name == "new_order"
    assert lookup("pm", "POST", "/papi/v1/um/order").name == "new_um_order"
    for product in PRODUCTS:
        names = [e.name for e in by_product(product)]
        assert len(names) == len(set(names)), product
        for n in names:
            assert n.isidentifier() and not keyword.iskeyword(n) and n == n.lower() and not n.startswith("_"), n


def test_security_and_signing_flags():
    assert lookup("spot", "POST", "/api/v3/order").security == "TRADE"
    assert lookup("spot", "GET", "/api/v3/account").signed
    assert not lookup("spot", "GET", "/api/v3/depth").needs_api_key
    stream = lookup("usdm", "POST", "/fapi/v1/listenKey")
    assert stream.security == "USER_STREAM" and stream.needs_api_key and not stream.signed
    assert lookup("usdm", "GET", "/fapi/v1/historicalTrades").security == "MARKET_DATA"
    assert Counter(e.security for e in ENDPOINTS)["TRADE"] > 50


def test_params_from_the_docs():
    order = lookup("spot", "POST", "/api/v3/order")
    assert order.mandatory == ("symbol", "side", "type")   # timestamp is the client's
    assert {"timeInForce", "quantity", "price", "newClientOrderId"} <= order.param_names
    # "In addition to all parameters accepted by POST /api/v3/order"
    test = lookup("spot", "POST", "/api/v3/order/test")
    assert order.param_names <= test.param_names and "computeCommissionRates" in test.param_names
    batch = lookup("usdm", "POST", "/fapi/v1/batchOrders")
    assert [p.name for p in batch.params] == ["batchOrders", "recvWindow", "timestamp"]
    assert batch.params[0].type == "LIST<JSON>" and batch.params[0].mandatory
    # a table without leading pipes in the docs
    assert "autoCloseType" in lookup("coinm", "GET", "/dapi/v1/forceOrders").param_names
    depth = lookup("usdm", "GET", "/fapi/v1/depth")
    assert depth.params[1].description.startswith("Default 500")


def test_weight_rules_follow_the_docs_tables():
    depth = lookup("spot", "GET", "/api/v3/depth").weight
    assert isinstance(depth, ByLimit)
    assert [depth.weight({"limit": n}) for n in (1, 100, 101, 500, 1000, 5000)] == [5, 5, 25, 25, 50, 250]
    assert depth.weight({}) == 5                      # default limit 100
    fdepth = lookup("usdm", "GET", "/fapi/v1/depth").weight
    assert [fdepth.weight({"limit": n}) for n in (5, 50, 100, 500, 1000)] == [2, 2, 5, 10, 20]
    assert fdepth.weight({}) == 10                    # default 500
    klines = lookup("usdm", "GET", "/fapi/v1/klines").weight
    assert [klines.weight({"limit": n}) for n in (1, 99, 100, 499, 500, 1000, 1500)] == [1, 1, 2, 2, 5, 5, 10]
    t24 = lookup("spot", "GET", "/api/v3/ticker/24hr").weight
    assert isinstance(t24, BySymbols)
    assert t24.weight({"symbol": "BTCUSDT"}) == 2 and t24.weight({}) == 80
    assert t24.weight({"symbols": ["A"] * 20}) == 2 and t24.weight({"symbols": ["A"] * 21}) == 40
    assert t24.weight({"symbols": '["A","B"]'}) == 2 and t24.weight({"symbols": ["A"] * 101}) == 80
    day = lookup("spot", "GET", "/api/v3/ticker/tradingDay").weight
    assert day.weight({"symbols": ["A"] * 3}) == 12 and day.weight({"symbols": ["A"] * 60}) == 200
    oo = lookup("spot", "GET", "/api/v3/openOrders").weight
    assert isinstance(oo, ByParams) and oo.weight({"symbol": "X"}) == 6 and oo.weight({}) == 80
    assert lookup("spot", "GET", "/api/v3/myTrades").weight.weight({"orderId": 1}) == 5
    assert lookup("spot", "GET", "/api/v3/myTrades").weight.weight({}) == 20
    assert lookup("coinm", "GET", "/dapi/v1/allOrders").weight.weight({"pair": "BTCUSD"}) == 40
    assert lookup("pmpro", "GET", "/sapi/v1/portfolio/asset-index-price").weight.weight({"asset": "BTC"}) == 1
    assert lookup("spot", "GET", "/api/v3/exchangeInfo").weight == Fixed(20)


def test_order_weights():
    assert lookup("spot", "POST", "/api/v3/order").order_weight == 1
    assert lookup("spot", "POST", "/api/v3/orderList/otoco").order_weight == 3
    batch = lookup("usdm", "POST", "/fapi/v1/batchOrders")
    assert batch.order_weight == 5 and batch.weight == Fixed(5)
    new = lookup("usdm", "POST", "/fapi/v1/order")
    assert new.order_weight == 1 and new.weight == Fixed(0)


def test_response_examples():
    depth = response_example("spot", "GET", "/api/v3/depth")
    assert depth["lastUpdateId"] == 1027024 and depth["bids"] == [["4.00000000", "431.00000000"]]
    # the docs' example drops commas and carries // comments: repaired into data
    acct = response_example("usdm", "GET", "/fapi/v2/account")
    assert "assets" in acct and "positions" in acct
    assert isinstance(response_example("usdm", "POST", "/fapi/v1/batchOrders"), list)
    with pytest.raises(KeyError):
        response_example("spot", "GET", "/api/v3/nope")
    from binance_fast.endpoints import RESPONSE_EXAMPLES
    e = lookup("spot", "GET", "/api/v3/depth")
    assert RESPONSE_EXAMPLES[e.key] == response_example(e) == depth
    assert RESPONSE_EXAMPLES.get(("spot", "GET", "/nope")) is None and len(RESPONSE_EXAMPLES) == len(ENDPOINTS)
    assert e.weight({"limit": 1000}) == 50      # a rule is a callable too


def test_docstring_material():
    e = lookup("usdm", "GET", "/fapi/v1/depth")
    assert e.description == "Query symbol orderbook"
    assert e.doc == "derivatives_usds_margined_futures_market_data_rest_api_Order_Book.md"
    assert lookup("spot", "GET", "/api/v3/trades").description == "Get recent trades."
