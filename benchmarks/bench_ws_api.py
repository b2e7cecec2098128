"""Order round trip on loopback: the WebSocket API (sync, asyncio) vs REST (ours, python-binance) vs the floor.

One round trip = sign a spot LIMIT IOC order far from the market, send it, get the exchange's reply decoded
(the order goes through the simulator's matching engine and expires: nothing piles up). The floor is a bare
websocket-client send/recv of a pre-signed frame answered by the same server (no signing, no id matching).

Run: pytest benchmarks/bench_ws_api.py   (compare the rows of the group: they are measured in the same run)
"""

from __future__ import annotations

import asyncio
import itertools
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from ws_api_helpers import add_account, simulator  # noqa: E402

from binance_fast.signing import HmacSigner, sign_ws_params  # noqa: E402
from binance_fast.ws_api import AsyncWebSocketAPI, RestAccess, WebSocketAPI  # noqa: E402

ORDER = {"symbol": "BTCUSDT", "side": "BUY", "type": "LIMIT", "timeInForce": "IOC", "price": "30000.00",
         "quantity": "0.00100", "newOrderRespType": "ACK"}
ROUNDS = 300

pytestmark = pytest.mark.benchmark(group="spot order round trip on loopback (sign, send, reply)")


@pytest.fixture(scope="module")
def sim():
    from binance_fast.sim.ratelimit import RateLimits

    with simulator(rate_limits=RateLimits(enabled=False), history_ticks=20) as s:
        s.pause_market()
        yield s


@pytest.fixture(scope="module")
def creds(sim):
    return add_account(sim, "HMAC")


def run(benchmark, fn):
    benchmark.pedantic(fn, rounds=ROUNDS, iterations=1, warmup_rounds=20)


def test_ws_api_sync_hmac(benchmark, sim, creds):
    with WebSocketAPI("spot", url=sim.ws_api.url("spot"), **creds) as api:
        run(benchmark, lambda: api.order_place(**ORDER))


def test_ws_api_sync_ed25519_logged_on(benchmark, sim):
    """Session logon: requests go unsigned (timestamp only)."""
    creds = add_account(sim, "ED25519")
    with WebSocketAPI("spot", url=sim.ws_api.url("spot"), **creds) as api:
        assert api.logged_on
        run(benchmark, lambda: api.order_place(**ORDER))


def test_ws_api_asyncio_hmac(benchmark, sim, creds):
    loop = asyncio.new_event_loop()
    api = AsyncWebSocketAPI("spot", url=sim.ws_api.url("spot"), **creds)
    loop.run_until_complete(api.connect())
    try:
        run(benchmark, lambda: loop.run_until_complete(api.order_place(**ORDER)))
    finally:
        loop.run_until_complete(api.close())
        loop.close()


def test_rest_signed_urllib3(benchmark, sim, creds):
    """REST with our signing over a plain kept-alive urllib3 pool (the user-data stream's fallback access)."""
    rest = RestAccess("spot", base_url=sim.base_url, api_key=creds["api_key"],
                      signer=HmacSigner(creds["api_secret"]))
    run(benchmark, lambda: rest.call("POST", "/api/v3/order", "TRADE", **ORDER))


def test_rest_binance_fast_client(benchmark, sim, creds):
    rest_mod = pytest.importorskip("binance_fast.rest")
    with rest_mod.Client(creds["api_key"], creds["api_secret"], base_url=sim.base_url, rate_limit="off") as client:
        run(benchmark, lambda: client.request("spot", "POST", "/api/v3/order", **ORDER))


def test_rest_python_binance(benchmark, sim, creds):
    client_mod = pytest.importorskip("binance.client")

    class SimClient(client_mod.Client):
        API_URL = sim.base_url + "/api"

    client = SimClient(creds["api_key"], creds["api_secret"])
    run(benchmark, lambda: client.create_order(**ORDER))


def test_floor_bare_websocket_presigned_frame(benchmark, sim, creds):
    """The floor: one pre-signed frame sent and its reply read, nothing else (the same server answers)."""
    websocket = pytest.importorskip("websocket")
    import json

    ws = websocket.create_connection(sim.ws_api.url("spot"), skip_utf8_validation=True)
    ids = itertools.count(1)
    signer = HmacSigner(creds["api_secret"])

    def frame():
        # a fresh timestamp each round would be signing: pre-sign a batch so the floor measures I/O only
        return json.dumps({"id": next(ids), "method": "order.place",
                           "params": sign_ws_params(ORDER, signer, api_key=creds["api_key"], recv_window=60000)})
    frames = [frame() for _ in range(ROUNDS + 40)]
    it = iter(frames)

    def once():
        ws.send(next(it))
        return ws.recv()
    try:
        run(benchmark, once)
    finally:
        ws.close()
