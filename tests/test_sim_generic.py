"""Every other documented endpoint answers its docs' example after the same checks (the endpoint table hook)."""

from __future__ import annotations

import pytest
from simclient import Plain

from binance_fast.sim import Simulator, routes_from_table


class Rule:
    def __init__(self, base):
        self.base = base

    def weight(self, params):
        return self.base * (2 if params.get("symbol") is None else 1)


FAKE_TABLE = [
    {"product": "spot", "method": "GET", "path": "/sapi/v1/fake/thing", "security": "USER_DATA", "weight": Rule(3),
     "params": [{"name": "asset", "mandatory": True}, {"name": "timestamp", "mandatory": True}],
     "response_example": '{"asset": "BTC", "amount": "1.0"}'},
    {"product": "usdm", "method": "GET", "path": "/fapi/v1/fake/public", "security": "NONE", "weight": 7,
     "params": [], "response_example": [{"a": 1}]},
    {"product": "spot", "method": "GET", "path": "/api/v3/depth", "security": "NONE", "weight": 1,
     "params": [], "response_example": {"not": "used"}},  # modelled endpoints win over examples
]


@pytest.fixture(scope="module")
def gs():
    with Simulator(seed=5, history_ticks=0, endpoint_routes=routes_from_table(FAKE_TABLE)) as s:
        yield s


def test_example_after_checks(gs):
    c = Plain(gs.base_url, gs.test_key, gs.test_secret)
    status, body = c.call("GET", "/sapi/v1/fake/thing", {"asset": "BTC"}, signed=True)
    assert (status, body) == (200, {"asset": "BTC", "amount": "1.0"})
    assert c.call("GET", "/sapi/v1/fake/thing", signed=True)[1]["code"] == -1102
    assert Plain(gs.base_url).call("GET", "/sapi/v1/fake/thing", {"asset": "BTC"})[1]["code"] == -2014
    bad = Plain(gs.base_url, gs.test_key, "wrong")
    assert bad.call("GET", "/sapi/v1/fake/thing", {"asset": "BTC"}, signed=True)[1]["code"] == -1022
    r = c.call("GET", "/fapi/v1/fake/public", raw=True)
    assert r.json() == [{"a": 1}] and r.headers["X-MBX-USED-WEIGHT-1M"] == "7"
    assert c.call("GET", "/api/v3/depth", {"symbol": "BTCUSDT", "limit": 5})[1]["lastUpdateId"] > 0


def test_weight_rule_objects_are_used(gs):
    c = Plain(gs.base_url, gs.test_key, gs.test_secret)
    before = int(c.call("GET", "/api/v3/ping", raw=True).headers["X-MBX-USED-WEIGHT-1M"])
    r = c.call("GET", "/sapi/v1/fake/thing", {"asset": "BTC"}, signed=True, raw=True)
    assert int(r.headers["X-MBX-USED-WEIGHT-1M"]) - before == 6  # no symbol: the rule doubles


def test_unknown_path_is_404(gs):
    status, body = Plain(gs.base_url).call("GET", "/api/v3/nothing")
    assert status == 404 and body["code"] == -5000


def test_the_project_endpoint_table_is_wired_in(sim):
    endpoints = pytest.importorskip("binance_fast.endpoints")
    c = Plain(sim.base_url, sim.test_key, sim.test_secret)
    answered = 0
    for rec in endpoints.ENDPOINTS:
        if rec.method != "GET" or rec.security != "NONE" or rec.mandatory or "{" in rec.path:
            continue
        status, _ = c.call("GET", rec.path)
        assert status == 200, rec.path
        answered += 1
    assert answered >= 20
    sim.limiter.reset()  # this sweep spent weight on the session's shared simulator
    funding = endpoints.lookup("usdm", "GET", "/fapi/v1/fundingRate")
    if funding is not None:
        status, body = c.call("GET", "/fapi/v1/fundingRate", {"symbol": "BTCUSDT"})
        assert status == 200 and body == endpoints.response_example("usdm", "GET", "/fapi/v1/fundingRate")
