"""Rate limits: the exchange's headers, 429 with Retry-After past the limit, 418 when a client keeps going."""

from __future__ import annotations

import time

import pytest
from simclient import Plain

from binance_fast.sim import RateLimits, Simulator


@pytest.fixture
def tight():
    limits = RateLimits(spot_weight_per_minute=30, futures_weight_per_minute=30, spot_orders_per_10s=3,
                        minute_seconds=2.0, ban_after=2, ban_seconds=1.0)
    with Simulator(seed=4, rate_limits=limits, history_ticks=0) as s:
        yield s


def test_weight_headers_and_429_then_418(tight):
    c = Plain(tight.base_url)
    while int(time.time() * 1000) % 2000 > 1000:  # start early in a 2-second window
        time.sleep(0.05)
    r = c.call("GET", "/api/v3/depth", {"symbol": "BTCUSDT", "limit": 100}, raw=True)
    assert r.status_code == 200 and r.headers["X-MBX-USED-WEIGHT-1M"] == "5"
    r = c.call("GET", "/api/v3/depth", {"symbol": "BTCUSDT", "limit": 500}, raw=True)
    assert r.headers["X-MBX-USED-WEIGHT-1M"] == "30"  # limit 500 weighs 25
    r = c.call("GET", "/api/v3/ping", raw=True)
    assert r.status_code == 429 and r.json()["code"] == -1003 and int(r.headers["Retry-After"]) >= 1
    assert "current limit is 30 request weight per 1 MINUTE" in r.json()["msg"]
    # futures are counted apart
    assert c.call("GET", "/fapi/v1/ping", raw=True).status_code == 200
    codes = [c.call("GET", "/api/v3/ping", raw=True).status_code for _ in range(3)]
    assert codes[-1] == 418
    r = c.call("GET", "/api/v3/ping", raw=True)
    assert r.status_code == 418 and "IP banned until" in r.json()["msg"] and "Retry-After" in r.headers
    time.sleep(2.2)
    assert c.call("GET", "/api/v3/ping", raw=True).status_code == 200


def test_order_count_limit(tight):
    c = Plain(tight.base_url, tight.test_key, tight.test_secret)
    seen = []
    for i in range(4):
        r = c.call("POST", "/api/v3/order", {"symbol": "BTCUSDT", "side": "BUY", "type": "LIMIT",
                                              "timeInForce": "GTC", "quantity": "0.001", "price": "30000"},
                   signed=True, raw=True)
        seen.append((r.status_code, r.headers.get("X-MBX-ORDER-COUNT-10S"), r.headers.get("X-MBX-ORDER-COUNT-1D")))
    assert seen[:3] == [(200, "1", "1"), (200, "2", "2"), (200, "3", "3")]
    assert seen[3][0] == 429
    assert r.json() == {"code": -1015, "msg": "Too many new orders; current limit is 3 orders per 10 SECOND."}


def test_exchange_info_reports_the_configured_limits(tight):
    _, info = Plain(tight.base_url).call("GET", "/fapi/v1/exchangeInfo")
    assert info["rateLimits"][0] == {"rateLimitType": "REQUEST_WEIGHT", "interval": "MINUTE", "intervalNum": 1,
                                     "limit": 30}
