"""Simulator checks like the exchange: signatures on the exact bytes (HMAC, RSA, Ed25519), time, keys, params."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from urllib.parse import quote

import pytest
import requests
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, padding, rsa
from simclient import Plain


@pytest.fixture(scope="module")
def client(sim):
    return Plain(sim.base_url, sim.test_key, sim.test_secret)


def test_public_endpoints_need_no_key(sim):
    c = Plain(sim.base_url)
    assert c.call("GET", "/api/v3/ping") == (200, {})
    status, body = c.call("GET", "/api/v3/time")
    assert status == 200 and abs(body["serverTime"] - time.time() * 1000) < 5000
    for path in ("/fapi/v1/time", "/dapi/v1/time"):
        assert c.call("GET", path)[0] == 200


def test_exchange_info_lists_real_filters(sim):
    c = Plain(sim.base_url)
    _, spot = c.call("GET", "/api/v3/exchangeInfo")
    names = {s["symbol"] for s in spot["symbols"]}
    assert {"BTCUSDT", "ETHUSDT", "BNBUSDT"} <= names
    btc = next(s for s in spot["symbols"] if s["symbol"] == "BTCUSDT")
    filters = {f["filterType"]: f for f in btc["filters"]}
    assert filters["PRICE_FILTER"]["tickSize"] == "0.01000000"
    assert filters["LOT_SIZE"]["stepSize"] == "0.00001000"
    assert filters["NOTIONAL"]["minNotional"] == "5.00000000"
    _, one = c.call("GET", "/api/v3/exchangeInfo", {"symbol": "ETHUSDT"})
    assert [s["symbol"] for s in one["symbols"]] == ["ETHUSDT"]
    _, usdm = c.call("GET", "/fapi/v1/exchangeInfo")
    perp = {s["symbol"]: s for s in usdm["symbols"]}
    assert perp["BTCUSDT"]["contractType"] == "PERPETUAL" and perp["BTCUSDT"]["marginAsset"] == "USDT"
    assert {"filterType": "MIN_NOTIONAL", "notional": "100"} in perp["BTCUSDT"]["filters"]
    _, coinm = c.call("GET", "/dapi/v1/exchangeInfo")
    cm = {s["symbol"]: s for s in coinm["symbols"]}
    assert cm["BTCUSD_PERP"]["contractSize"] == 100 and cm["ETHUSD_PERP"]["contractSize"] == 10


def test_unknown_symbol_is_1121(client):
    assert client.call("GET", "/api/v3/depth", {"symbol": "NOPE"}) == (400, {"code": -1121, "msg": "Invalid symbol."})
    assert client.call("GET", "/fapi/v1/depth", {"symbol": "BTCUSD_PERP"})[1]["code"] == -1121


def test_missing_mandatory_param_is_1102(client):
    status, body = client.call("GET", "/api/v3/depth")
    assert status == 400 and body["code"] == -1102 and "'symbol'" in body["msg"]
    status, body = client.call("POST", "/api/v3/order", {"symbol": "BTCUSDT", "side": "BUY"}, signed=True)
    assert body == {"code": -1102, "msg": "Mandatory parameter 'type' was not sent, was empty/null, or malformed."}


def test_hmac_signature_in_query_in_body_and_both(client, sim):
    ts = int(time.time() * 1000)
    # query and body concatenated without '&', as the docs' third example
    query = "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC"
    body = f"quantity=0.001&price=10000&timestamp={ts}&recvWindow=5000"
    sig = hmac.new(sim.test_secret.encode(), (query + body).encode(), hashlib.sha256).hexdigest()
    r = requests.post(f"{sim.base_url}/api/v3/order/test?{query}", data=body + "&signature=" + sig,
                      headers={"X-MBX-APIKEY": sim.test_key, "Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 200, r.text
    assert r.json() == {}
    # the same signature over "query&body" is wrong: the payload is the bytes received, concatenated
    wrong = hmac.new(sim.test_secret.encode(), (query + "&" + body).encode(), hashlib.sha256).hexdigest()
    r = requests.post(f"{sim.base_url}/api/v3/order/test?{query}", data=body + "&signature=" + wrong,
                      headers={"X-MBX-APIKEY": sim.test_key, "Content-Type": "application/x-www-form-urlencoded"})
    assert r.json()["code"] == -1022
    status, out = client.call("GET", "/api/v3/account", signed=True, body=False)
    assert status == 200 and out["accountType"] == "SPOT"
    status, out = client.call("POST", "/api/v3/order/test", {"symbol": "BTCUSDT", "side": "SELL", "type": "MARKET",
                                                             "quantity": "0.001"}, signed=True, body=True)
    assert status == 200, out


def test_signature_covers_exact_bytes_not_reencoded(sim):
    """A percent-encoded value is signed as sent; decoding and re-encoding differently would break it."""
    ts = int(time.time() * 1000)
    query = f"symbol=BTCUSDT&newClientOrderId=a%2Cb&timestamp={ts}&side=BUY&type=MARKET&quantity=0.001"
    sig = hmac.new(sim.test_secret.encode(), query.encode(), hashlib.sha256).hexdigest()
    r = requests.post(f"{sim.base_url}/api/v3/order/test?{query}&signature={sig}",
                      headers={"X-MBX-APIKEY": sim.test_key})
    assert r.status_code == 200, r.text
    decoded = query.replace("%2C", ",")
    r = requests.post(f"{sim.base_url}/api/v3/order/test?{decoded}&signature={sig}",
                      headers={"X-MBX-APIKEY": sim.test_key})
    assert r.json()["code"] == -1022


def test_wrong_secret_is_1022(sim):
    bad = Plain(sim.base_url, sim.test_key, "not-the-secret")
    assert bad.call("GET", "/api/v3/account", signed=True) == (
        400, {"code": -1022, "msg": "Signature for this request is not valid."})
    assert bad.call("GET", "/fapi/v2/balance", signed=True)[1]["code"] == -1022


def test_timestamp_outside_recv_window_is_1021(client, sim):
    old = int(time.time() * 1000) - 10_000
    assert client.call("GET", "/api/v3/account", signed=True, timestamp=old)[1] == {
        "code": -1021, "msg": "Timestamp for this request is outside of the recvWindow."}
    # a wider recvWindow accepts it
    assert client.call("GET", "/api/v3/account", {"recvWindow": 20000}, signed=True, timestamp=old)[0] == 200
    ahead = int(time.time() * 1000) + 5000
    assert client.call("GET", "/api/v3/account", signed=True, timestamp=ahead)[1]["msg"] == (
        "Timestamp for this request was 1000ms ahead of the server's time.")
    assert client.call("GET", "/api/v3/account", {"recvWindow": 70000}, signed=True)[1]["code"] == -1131


def test_key_problems_are_2014_and_2015(sim):
    nokey = Plain(sim.base_url, None, sim.test_secret)
    status, body = nokey.call("GET", "/api/v3/account", signed=True)
    assert (status, body["code"]) == (401, -2014)
    unknown = Plain(sim.base_url, "A" * 64, sim.test_secret)
    status, body = unknown.call("GET", "/api/v3/account", signed=True)
    assert (status, body) == (401, {"code": -2015, "msg": "Invalid API-key, IP, or permissions for action."})
    malformed = Plain(sim.base_url, "bad key!", sim.test_secret)
    assert malformed.call("GET", "/api/v3/account", signed=True)[1]["code"] == -2014


def test_security_types(client, sim):
    # USER_STREAM: key, no signature
    status, body = client.call("POST", "/api/v3/userDataStream", key=True)
    assert status == 200 and len(body["listenKey"]) == 60
    assert Plain(sim.base_url).call("POST", "/api/v3/userDataStream")[1]["code"] == -2014
    # TRADE: key and signature
    status, body = client.call("POST", "/api/v3/order/test", {"symbol": "BTCUSDT"}, key=True)
    assert body["code"] == -1102 and "timestamp" in body["msg"]
    status, body = client.call("GET", "/api/v3/account", {"timestamp": int(time.time() * 1000)}, key=True)
    assert body["code"] == -1102 and "signature" in body["msg"]


def test_duplicate_parameter_is_1101(client):
    assert client.call("GET", "/api/v3/depth?symbol=BTCUSDT&symbol=ETHUSDT")[1]["code"] in (-1101, -1121)
    r = client.s.get(client.base + "/api/v3/depth?symbol=BTCUSDT&symbol=ETHUSDT")
    assert r.json()["code"] == -1101


@pytest.mark.parametrize("kind", ["ed25519", "rsa"])
def test_asymmetric_keys(sim, kind):
    if kind == "ed25519":
        priv = ed25519.Ed25519PrivateKey.generate()
        sign = lambda payload: base64.b64encode(priv.sign(payload.encode())).decode()  # noqa: E731
    else:
        priv = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        sign = lambda payload: base64.b64encode(  # noqa: E731
            priv.sign(payload.encode(), padding.PKCS1v15(), hashes.SHA256())).decode()
    pem = priv.public_key().public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo)
    key = ("Ed" if kind == "ed25519" else "Rs") + "k" * 62
    sim.add_account(key, public_key_pem=pem)
    good = Plain(sim.base_url, key, sign=sign)
    status, body = good.call("GET", "/api/v3/account", signed=True)
    assert status == 200, body
    status, body = good.call("POST", "/fapi/v1/order/test", {"symbol": "BTCUSDT", "side": "BUY", "type": "MARKET",
                                                            "quantity": "0.01"}, signed=True, body=True)
    assert status == 200, body
    other = ed25519.Ed25519PrivateKey.generate()
    forged = Plain(sim.base_url, key, sign=lambda p: base64.b64encode(other.sign(p.encode())).decode())
    assert forged.call("GET", "/api/v3/account", signed=True)[1]["code"] == -1022
    # the base64 signature sent unencoded ('+' would read as a space) still verifies like on the exchange
    ts = int(time.time() * 1000)
    q = f"timestamp={ts}"
    r = requests.get(f"{sim.base_url}/api/v3/account?{q}&signature={quote(sign(q), safe='')}",
                     headers={"X-MBX-APIKEY": key})
    assert r.status_code == 200


@pytest.mark.parametrize("query,body", [
    ("", "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000"
         "&timestamp=1499827319559&signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71"),
    ("symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559"
     "&signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71", ""),
    ("symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC",
     "quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559"
     "&signature=0fd168b8ddb4876a0358a8d14d0c9f3da0e9b20c5d52b2a00fcf7d1c602f9a77"),
])
def test_docs_rest_signature_examples(query, body):
    """The docs' three HMAC examples (body, query, query+body) pass the signature check at the docs' time:
    the call then fails only on the docs' symbol, which the simulator does not list."""
    from binance_fast.sim import Simulator
    key = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A"
    with Simulator(seed=1, run_market=False, history_ticks=0) as s:
        s.add_account(key, secret="NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j")
        s.faults.clock_skew(1499827319559 + 1000 - int(time.time() * 1000))
        r = requests.post(f"{s.base_url}/api/v3/order" + ("?" + query if query else ""), data=body or None,
                          headers={"X-MBX-APIKEY": key, "Content-Type": "application/x-www-form-urlencoded"})
        assert r.json() == {"code": -1121, "msg": "Invalid symbol."}
        q2, b2 = query.replace("quantity=1", "quantity=2"), body.replace("quantity=1", "quantity=2")
        r = requests.post(f"{s.base_url}/api/v3/order" + ("?" + q2 if q2 else ""), data=b2 or None,
                          headers={"X-MBX-APIKEY": key, "Content-Type": "application/x-www-form-urlencoded"})
        assert r.json()["code"] == -1022
