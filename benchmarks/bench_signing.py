"""Sign a typical spot new-order request: binance_fast vs python-binance, binance-connector, ccxt, the stdlib, the floor.

Run: pytest benchmarks/bench_signing.py   (the table's ratios are measured in the same run)
"""

from __future__ import annotations

import hashlib
import hmac
import time
from urllib.parse import urlencode

import pytest

from binance_fast.signing import HmacSigner, signed_query

API_KEY = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A"
SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"
# 9 params, a 20-character client order id; the 13-digit timestamp is added by each signer
ORDER = {
    "symbol": "BTCUSDT", "side": "BUY", "type": "LIMIT", "timeInForce": "GTC", "quantity": "0.01000000",
    "price": "50000.00", "newClientOrderId": "x-AbCdEfGhIjKlMnOpQr", "newOrderRespType": "ACK", "recvWindow": 5000,
}

# Same settings for every case of the group. Warm-up first: without it pytest-benchmark calibrates on the cold
# first call (> 5 us) and times sub-microsecond calls one per round, which adds the timer's own ~150 ns to each.
# Rounds of >= 20 us keep that overhead under a few ns a call for the fastest case.
pytestmark = pytest.mark.benchmark(
    group="sign a new order (dict in, signed query out)", warmup=True, warmup_iterations=2000, min_time=20e-6
)


def test_binance_fast_signed_query(benchmark):
    signer = HmacSigner(SECRET)
    out = benchmark(signed_query, ORDER, signer)
    assert out.endswith(signer.sign(out.rpartition("&signature=")[0]))


def test_floor_prebuilt_payload_hmac_copy_update_hexdigest(benchmark):
    """The floor: Python only signing an already built payload with a precomputed OpenSSL HMAC."""
    payload = (urlencode(ORDER) + "&timestamp=1700000000000").encode()
    mac = hmac.new(SECRET.encode(), digestmod=hashlib.sha256)

    def floor():
        m = mac.copy()
        m.update(payload)
        return m.hexdigest()

    benchmark(floor)


def test_stdlib_urlencode_and_hmac(benchmark):
    key = SECRET.encode()

    def stdlib():
        params = dict(ORDER)
        params["timestamp"] = time.time_ns() // 1_000_000
        query = urlencode(params)
        return f"{query}&signature={hmac.new(key, query.encode(), hashlib.sha256).hexdigest()}"

    benchmark(stdlib)


def test_python_binance_signed_request_kwargs(benchmark):
    client_mod = pytest.importorskip("binance.client")
    client = client_mod.Client(API_KEY, SECRET, ping=False)
    benchmark(lambda: client._get_request_kwargs("post", True, data=dict(ORDER)))


def test_binance_connector_sign_request_path(benchmark):
    spot_mod = pytest.importorskip("binance.spot")
    utils = pytest.importorskip("binance.lib.utils")
    spot = spot_mod.Spot(API_KEY, SECRET)

    def connector():  # Spot.sign_request up to (not including) the send
        payload = dict(ORDER)
        payload["timestamp"] = utils.get_timestamp()
        query = spot._prepare_params(payload)
        payload["signature"] = spot._get_sign(query)
        return spot._prepare_params(payload)

    benchmark(connector)


def test_ccxt_binance_sign(benchmark):
    ccxt = pytest.importorskip("ccxt")
    exchange = ccxt.binance({"apiKey": API_KEY, "secret": SECRET})
    benchmark(lambda: exchange.sign("order", ["private"], "POST", dict(ORDER)))
