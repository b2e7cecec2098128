"""The generated WebSocket API method table: counts against the docs, determinism, names, params, examples."""

from __future__ import annotations

import keyword
import re
from collections import Counter
from pathlib import Path

import pytest

from binance_fast.endpoints import ByLimit, Fixed
from binance_fast.endpoints.ws_api import (WS_METHODS, WS_PRODUCTS, ws_by_product, ws_lookup,
                                           ws_response_example)

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DOCS = PROJECT_ROOT.parent / "shared" / "docs"

# counted from the docs (grep below); a change of docs must show up here on purpose
EXPECTED_COUNTS = {"spot": 49, "usdm": 19, "coinm": 13}


@pytest.fixture(scope="module")
def docs() -> Path:
    if not DOCS.is_dir():
        pytest.skip(f"Binance docs not found at {DOCS} (they ship with the project's shared/ folder)")
    return DOCS


def grep_methods(docs: Path) -> set[tuple[str, str]]:
    """An independent count by plain line greps: spot -- a heading whose next code block's first line with
    "method" names it and whose text has a **Weight**; futures -- a ``## Method`` line followed by a backticked
    name, or a ``**Method**: "name"`` line."""
    seen = set()
    for f in docs.iterdir():
        name = f.name
        if "testnet" in name:
            continue
        lines = f.read_text(encoding="utf-8").splitlines()
        if name.startswith("binance_spot_api_docs_websocket_api_") and name.endswith("_requests.md"):
            heads = [i for i, line in enumerate(lines) if line.startswith(("### ", "#### "))] + [len(lines)]
            for a, b in zip(heads, heads[1:]):
                chunk = lines[a:b]
                method = next((re.search(r'"method": "([^"]+)"', x) for x in chunk if '"method"' in x), None)
                if method and any(x.startswith("**Weight") for x in chunk):
                    seen.add(("spot", method.group(1)))
        elif name.startswith(("derivatives_usds_margined_futures_", "derivatives_coin_margined_futures_")) and (
                "websocket_api" in name or name.endswith("_Wsp.md")):
            product = "usdm" if "usds" in name else "coinm"
            for i, line in enumerate(lines):
                if line.startswith("## Method"):
                    nxt = next(x for x in lines[i + 1:] if x.strip())
                    seen.add((product, nxt.strip().strip("`")))
                m = re.match(r'\*\*Method\*\*: "([^"]+)"', line)
                if m:
                    seen.add((product, m.group(1)))
    return seen


def test_count_per_product_matches_the_docs(docs):
    found = grep_methods(docs)
    assert found == {m.key for m in WS_METHODS}
    assert dict(Counter(p for p, _ in found)) == EXPECTED_COUNTS


def test_counts_pinned():
    assert dict(Counter(m.product for m in WS_METHODS)) == EXPECTED_COUNTS


def test_regeneration_reproduces_the_committed_table(docs):
    from binance_fast.endpoints import generate_ws_api

    table, responses = generate_ws_api.generate(docs)
    assert table == generate_ws_api.TABLE_FILE.read_text(encoding="utf-8")
    assert responses == generate_ws_api.RESPONSES_FILE.read_text(encoding="utf-8")


def test_table_is_marked_generated():
    from binance_fast.endpoints import generate_ws_api

    head = generate_ws_api.TABLE_FILE.read_text(encoding="utf-8")[:300]
    assert "GENERATED" in head and "python -m binance_fast.endpoints.generate_ws_api" in head


def test_names_are_python_identifiers_and_unique_per_product():
    for product in WS_PRODUCTS:
        names = [m.name for m in ws_by_product(product)]
        assert len(names) == len(set(names)), product
        for n in names:
            assert n.isidentifier() and not keyword.iskeyword(n) and n == n.lower(), n


@pytest.mark.parametrize("product, method, name", [
    ("spot", "order.place", "order_place"), ("spot", "orderList.place.oco", "order_list_place_oco"),
    ("spot", "order.amend.keepPriority", "order_amend_keep_priority"), ("spot", "session.logon", "session_logon"),
    ("spot", "userDataStream.subscribe", "user_data_stream_subscribe"), ("spot", "ticker.24hr", "ticker_24hr"),
    ("spot", "sor.order.place", "sor_order_place"), ("usdm", "v2/account.status", "account_status_v2"),
    ("usdm", "order.modify", "order_modify"), ("coinm", "order.place", "order_place"),
])
def test_known_methods(product, method, name):
    m = ws_lookup(product, method)
    assert m is not None and m.name == name and m.doc.endswith(".md")


def test_security_weights_and_params_from_the_docs():
    place = ws_lookup("spot", "order.place")
    assert place.security == "TRADE" and place.signed and place.is_order
    assert place.weight == Fixed(1) and place.order_weight == 1
    assert place.mandatory == ("symbol", "side", "type")
    assert {"timeInForce", "price", "quantity", "newClientOrderId"} <= place.param_names
    assert ws_lookup("spot", "session.logon").signed and not ws_lookup("spot", "session.status").signed
    assert ws_lookup("spot", "userDataStream.subscribe").security == "USER_STREAM"
    assert ws_lookup("spot", "time").security == "NONE" and not ws_lookup("spot", "time").params
    depth = ws_lookup("spot", "depth")
    assert isinstance(depth.weight, ByLimit) and depth.weight.weight({"limit": 5000}) == 250
    assert depth.weight.weight({}) == 5
    assert ws_lookup("usdm", "depth").weight.weight({"limit": 1000}) == 20
    assert ws_lookup("usdm", "order.place").mandatory == ("symbol", "side", "type")


def test_inherited_params_and_alternatives():
    # "In addition to all parameters accepted by order.place"
    test = ws_lookup("spot", "order.test")
    assert ws_lookup("spot", "order.place").param_names <= test.param_names
    assert "computeCommissionRates" in test.param_names
    # the docs span one YES over orderId / origClientOrderId: one of them is needed, neither alone
    cancel = ws_lookup("spot", "order.cancel")
    assert cancel.mandatory == ("symbol",) and ("orderId", "origClientOrderId") in cancel.one_of
    assert cancel.missing({"symbol": "BTCUSDT"}) == ["orderId or origClientOrderId"]
    assert cancel.missing({"symbol": "BTCUSDT", "origClientOrderId": "x"}) == []
    assert ("orderId", "origClientOrderId") in ws_lookup("usdm", "order.cancel").one_of
    assert ("stopPrice", "trailingDelta") in ws_lookup("spot", "orderList.place").one_of


def test_response_examples_are_reply_frames():
    ex = ws_response_example("spot", "order.place")
    assert ex["status"] == 200 and ex["result"]["symbol"] == "BTCUSDT" and ex["rateLimits"]
    framed = [m for m in WS_METHODS if isinstance(ws_response_example(m.product, m.method), dict)]
    assert len(framed) >= len(WS_METHODS) - 3
    with pytest.raises(KeyError):
        ws_response_example("spot", "no.such.method")


def test_descriptions_present():
    assert sum(1 for m in WS_METHODS if m.description) >= len(WS_METHODS) - 2


def test_client_methods_carry_the_docs_signature_and_docstring():
    import inspect

    from binance_fast.ws_api import AsyncSpotWebSocketAPI, SpotWebSocketAPI

    for cls in (SpotWebSocketAPI, AsyncSpotWebSocketAPI):
        sig = inspect.signature(cls.order_place)
        assert sig.parameters["symbol"].default is inspect.Parameter.empty
        assert sig.parameters["price"].default is None and "signature" not in sig.parameters
        assert "order.place" in cls.order_place.__doc__ and "UnknownOutcomeError" in cls.order_place.__doc__
        # alternatives are optional one by one
        assert inspect.signature(cls.order_cancel).parameters["orderId"].default is None
    assert inspect.iscoroutinefunction(AsyncSpotWebSocketAPI.order_place)
    assert {m.name for m in ws_by_product("spot")} <= set(dir(SpotWebSocketAPI))
