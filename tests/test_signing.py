"""Signing: the docs' own signature examples, RFC 4231, key signers, and compiled == plain-Python reference."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import math
import os
import pickle
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from binance_fast import _signing, _signing_reference as ref
from binance_fast.signing import (
    Ed25519Signer,
    HmacSigner,
    RsaSigner,
    encode_params,
    load_signer,
    sign_ws_params,
    signed_query,
    ws_signature_payload,
)

VECTORS = json.loads((Path(__file__).parent / "vectors" / "signature_examples.json").read_text())["examples"]
MATCHING = [e for e in VECTORS if e["matches"]]


def _id(e: dict) -> str:
    return f"{e['doc'].removesuffix('.md')}:{e.get('method') or e['kind']}"


@pytest.fixture(params=["sha-ni", "portable"])
def sha_route(request):
    """Run a test on both SHA-256 routes (SHA-NI where the CPU has it, and the portable C)."""
    if request.param == "sha-ni" and _signing.use_portable_sha256(False) != "sha-ni":
        pytest.skip("this CPU has no SHA extensions")
    if request.param == "portable":
        _signing.use_portable_sha256(True)
    yield request.param
    _signing.use_portable_sha256(False)


# --- the docs' examples -----------------------------------------------------------------------------

def test_the_docs_examples_cover_every_product():
    docs = {e["doc"] for e in MATCHING}
    for page in ("binance_spot_api_docs_rest_api_endpoint_security_type.md",
                 "binance_spot_api_docs_websocket_api_request_security.md",
                 "binance_spot_api_docs_fix_api.md",
                 "derivatives_usds_margined_futures_general_info.md",
                 "derivatives_coin_margined_futures_general_info.md"):
        assert page in docs
    assert sum(e["kind"] == "ws-hmac" for e in MATCHING) >= 15


def test_known_errata_of_the_docs_are_recorded_as_not_matching():
    # ../shared/data/README.md lists these; the extractor found them wrong independently
    wrong = {(e["doc"], e.get("method")) for e in VECTORS if not e["matches"]}
    assert ("binance_spot_api_docs_websocket_api_trading_requests.md", "orderList.status") in wrong
    assert ("binance_spot_api_docs_websocket_api_trading_requests.md", "orderList.cancel") in wrong
    assert ("derivatives_portfolio_margin_general_info.md", None) in wrong
    assert ("derivatives_option_general_info.md", None) in wrong


@pytest.mark.parametrize("example", [e for e in MATCHING if e["kind"] == "rest-hmac"], ids=_id)
def test_rest_hmac_examples(example, sha_route):
    secret, payload, sig = example["secret"], example["payload"], example["signature"]
    assert HmacSigner(secret).sign(payload) == sig
    assert ref.HmacSignerPy(secret).sign(payload) == sig
    pairs = [p.split("=", 1) for p in payload.split("&")]
    keys = [k for k, _ in pairs]
    if keys[-2:] == ["recvWindow", "timestamp"] and "GTCquantity" not in payload and " " not in payload:
        params = dict(pairs[:-2])
        got = signed_query(params, HmacSigner(secret), timestamp=int(pairs[-1][1]), recv_window=int(pairs[-2][1]))
        assert got == f"{payload}&signature={sig}"


@pytest.mark.parametrize("example", [e for e in MATCHING if e["kind"] == "ws-hmac"], ids=_id)
def test_websocket_api_hmac_examples(example, sha_route):
    params = example["params"]
    assert ws_signature_payload(params) == example["payload"]
    assert ref.ws_signature_payload(params) == example["payload"]
    user = {k: v for k, v in params.items() if k not in ("apiKey", "timestamp", "recvWindow", "signature")}
    signed = sign_ws_params(user, HmacSigner(example["secret"]), api_key=params["apiKey"],
                            timestamp=params["timestamp"], recv_window=params.get("recvWindow"))
    assert signed == params


@pytest.mark.parametrize("example", [e for e in MATCHING if e["kind"] == "fix-ed25519"], ids=_id)
def test_fix_logon_ed25519_example(example):
    signer = Ed25519Signer.from_pem(example["private_key_pem"])
    assert signer.sign(example["payload"]) == example["signature"]


def test_vectors_file_is_what_the_extractor_writes():
    docs = Path(__file__).resolve().parents[1].parent / "shared" / "docs"
    if not docs.is_dir():
        pytest.skip(f"Binance docs not found at {docs} (they ship with the project's shared/ folder)")
    sys.path.insert(0, str(Path(__file__).parent / "vectors"))
    try:
        import extract_signature_examples as extractor
    finally:
        sys.path.pop(0)
    assert extractor.extract(docs) == VECTORS


# --- HMAC-SHA256 and SHA-256 ------------------------------------------------------------------------

RFC4231 = [  # (key, data, HMAC-SHA256), test cases 1-4, 6, 7 (case 5 is a truncated MAC)
    (b"\x0b" * 20, b"Hi There", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
    (b"Jefe", b"what do ya want for nothing?", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
    (b"\xaa" * 20, b"\xdd" * 50, "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
    (bytes(range(1, 26)), b"\xcd" * 50, "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
    (b"\xaa" * 131, b"Test Using Larger Than Block-Size Key - Hash Key First",
     "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
    (b"\xaa" * 131, b"This is a test using a larger than block-size key and a larger than block-size data. "
     b"The key needs to be hashed before being used by the HMAC algorithm.",
     "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
]


@pytest.mark.parametrize("key,data,expected", RFC4231)
def test_rfc4231_vectors(key, data, expected, sha_route):
    assert HmacSigner(key).sign(data) == expected
    assert _signing.hmac_sha256_hex(key, data) == expected


def test_sha256_and_hmac_agree_with_hashlib_at_every_length(sha_route):
    rng = __import__("random").Random(7)
    for n in range(0, 300):
        data = bytes(rng.getrandbits(8) for _ in range(n))
        key = bytes(rng.getrandbits(8) for _ in range(n % 140 + 1))
        assert _signing.sha256_digest(data) == hashlib.sha256(data).digest()
        assert HmacSigner(key).sign(data) == hmac.new(key, data, hashlib.sha256).hexdigest()


def test_hmac_signs_str_bytes_and_buffers_alike():
    signer = HmacSigner("secret")
    expected = hmac.new(b"secret", "é=1".encode(), hashlib.sha256).hexdigest()
    assert signer.sign("é=1") == signer.sign("é=1".encode()) == signer.sign(bytearray("é=1".encode())) == expected
    assert signer.sign(b"") == hmac.new(b"secret", b"", hashlib.sha256).hexdigest() == signer.sign(bytearray())


# --- key signers ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def ed25519_key():
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    return Ed25519PrivateKey.generate()


@pytest.fixture(scope="module")
def rsa_key():
    from cryptography.hazmat.primitives.asymmetric import rsa
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _pem(key, password=None, fmt="pkcs8"):
    from cryptography.hazmat.primitives import serialization as s
    enc = s.BestAvailableEncryption(password) if password else s.NoEncryption()
    form = s.PrivateFormat.PKCS8 if fmt == "pkcs8" else s.PrivateFormat.TraditionalOpenSSL
    return key.private_bytes(s.Encoding.PEM, form, enc)


def test_ed25519_signs_verifiably_and_urlencodes_in_a_query(ed25519_key):
    signer = Ed25519Signer.from_pem(_pem(ed25519_key))
    query = signed_query({"symbol": "BTCUSDT", "side": "SELL"}, signer, timestamp=1668481559918)
    payload, _, sig = query.rpartition("&signature=")
    assert payload == "symbol=BTCUSDT&side=SELL&timestamp=1668481559918"
    assert "/" not in sig and "+" not in sig and "=" not in sig  # URL-encoded
    ed25519_key.public_key().verify(base64.b64decode(unquote(sig)), payload.encode())
    assert signed_query({"symbol": "BTCUSDT"}, signer, timestamp=1) == ref.signed_query({"symbol": "BTCUSDT"}, signer, timestamp=1)


def test_rsa_signs_pkcs1v15_sha256(rsa_key):
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding
    signer = RsaSigner.from_pem(_pem(rsa_key).decode())
    sig = signer.sign("symbol=BTCUSDT&timestamp=1")
    rsa_key.public_key().verify(base64.b64decode(sig), b"symbol=BTCUSDT&timestamp=1", padding.PKCS1v15(), hashes.SHA256())


@pytest.mark.parametrize("fmt", ["pkcs8", "legacy"])
def test_encrypted_keys_and_clear_errors(rsa_key, ed25519_key, fmt):
    pem = _pem(rsa_key, b"pw", fmt)
    assert RsaSigner.from_pem(pem, password="pw").sign("x")
    with pytest.raises(ValueError, match="password"):
        RsaSigner.from_pem(pem, password="wrong")
    with pytest.raises(ValueError, match="password is needed"):
        RsaSigner.from_pem(pem)
    with pytest.raises(ValueError, match="not encrypted"):
        RsaSigner.from_pem(_pem(rsa_key), password="pw")
    with pytest.raises(ValueError, match="not an RSA"):
        RsaSigner.from_pem(_pem(ed25519_key))
    with pytest.raises(ValueError, match="not an Ed25519"):
        Ed25519Signer.from_pem(_pem(rsa_key))
    with pytest.raises(ValueError, match="not a PEM"):
        Ed25519Signer.from_pem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")


def test_load_signer_picks_the_key_type(tmp_path, ed25519_key, rsa_key):
    path = tmp_path / "k.pem"
    path.write_bytes(_pem(ed25519_key, b"pw"))
    assert load_signer(private_key=path, private_key_password="pw").key_type == "ED25519"
    assert load_signer(private_key=str(path), private_key_password="pw").key_type == "ED25519"
    assert load_signer(private_key=_pem(rsa_key).decode()).key_type == "RSA"
    assert load_signer(api_secret="s").key_type == "HMAC"
    with pytest.raises(ValueError):
        load_signer()


def test_secrets_never_show(ed25519_key):
    secret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"
    for signer in (HmacSigner(secret), ref.HmacSignerPy(secret), Ed25519Signer(ed25519_key)):
        assert secret not in repr(signer) and secret not in str(signer)
        assert "hidden" in repr(signer)
    with pytest.raises(TypeError):
        pickle.dumps(HmacSigner(secret))
    with pytest.raises(ValueError) as info:
        HmacSigner("")
    assert "secret" in str(info.value)


# --- encoding rules ---------------------------------------------------------------------------------

@pytest.mark.parametrize("value,text", [
    (1e-05, "0.00001"), (50000.5, "50000.5"), (1e16, "10000000000000000"), (1.0, "1"), (0.1, "0.1"),
    (-1.5e-07, "-0.00000015"), (1.2345e20, "123450000000000000000"), (123456789.123, "123456789.123"),
    (-0.0, "-0"), (5e-324, "0." + "0" * 323 + "5"), (True, "true"), (False, "false"), (0, "0"),
    (-(2**63), str(-(2**63))), (2**80, str(2**80)), (Decimal("1E-7"), "0.0000001"), (Decimal("1.000"), "1.000"),
    (Decimal("2.5E+3"), "2500"), ("LTCBTC", "LTCBTC"), ("a b/c", "a%20b%2Fc"), ("é", "%C3%A9"),
    ([{"symbol": "BTCUSDT", "quantity": "1"}], "%5B%7B%22symbol%22%3A%22BTCUSDT%22%2C%22quantity%22%3A%221%22%7D%5D"),
    ([1, 2], "%5B1%2C2%5D"),
])
def test_value_encoding(value, text):
    assert encode_params({"k": value}) == f"k={text}"
    assert ref.encode_params({"k": value}) == f"k={text}"


def test_order_kept_and_none_dropped():
    params = {"symbol": "LTCBTC", "side": "BUY", "icebergQty": None, "type": "LIMIT", "price": 0.1}
    assert encode_params(params) == "symbol=LTCBTC&side=BUY&type=LIMIT&price=0.1"
    assert encode_params({}) == ""
    assert encode_params({"a": None}) == ""
    assert signed_query({}, HmacSigner("k"), timestamp=5).startswith("timestamp=5&signature=")


def test_timestamp_defaults_to_now():
    query = signed_query({"symbol": "BTCUSDT"}, HmacSigner("k"))
    ts = int(query.split("timestamp=")[1].split("&")[0])
    assert abs(ts - time.time() * 1000) < 2000


def test_percent_encoding_at_every_length_and_position():
    # the kernel classifies 16 bytes at a time: escapes before, inside and after a block, at block edges
    from urllib.parse import quote
    for n in range(0, 50):
        base = "".join("aZ09-_.~"[i % 8] for i in range(n))
        cases = [base] + [base[:i] + c + base[i + 1:] for i in range(n) for c in (" ", "é", "/")]
        for text in cases:
            assert encode_params({"k": text}) == f"k={quote(text, safe='')}"
            assert encode_params({text or "k": 1}) == f"{quote(text, safe='') or 'k'}=1"


@pytest.fixture(scope="module")
def page_before_a_hole():
    """A writable page followed by an inaccessible one: reading past the first page's end would crash."""
    import ctypes
    import mmap
    page = mmap.PAGESIZE
    area = mmap.mmap(-1, 2 * page, prot=mmap.PROT_READ | mmap.PROT_WRITE)
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mprotect.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    address = ctypes.addressof(ctypes.c_char.from_buffer(area))
    if libc.mprotect(address + page, page, 0) != 0:  # PROT_NONE
        pytest.skip("mprotect is not available")
    yield memoryview(area)[:page]


def test_percent_encoding_reads_nothing_past_the_data(page_before_a_hole):
    # the kernel loads 16 bytes at a time; data ending at a page end must not be read beyond
    from urllib.parse import quote
    page = page_before_a_hole
    for text in [b"", b"a", b"BTCUSDT", b"0.01000000", b"x-AbCdEfGhIjKlM", b"a b", b"\xc3\xa9", b"%" * 15,
                 b"abc/def ghi~jkl.mno_pqr-stu", bytes(range(256))]:
        for shift in range(0, 17):  # the data ends 0..16 bytes before the hole
            end = len(page) - shift
            page[end - len(text):end] = text
            expected = quote(text, safe="")
            assert _signing.percent_encode(page[end - len(text):end]) == expected, (text, shift)


def test_integers_at_every_digit_count():
    values = [0, -1, 5000, 2**63 - 1, -(2**63), 2**63, -(2**63) - 1]
    values += [s * (10**k + d) for k in range(20) for d in (-1, 0, 1) for s in (1, -1)]
    for v in values:
        assert encode_params({"n": v}) == f"n={v}"
        assert signed_query({}, HmacSigner("k"), timestamp=v).startswith(f"timestamp={v}&signature=")


def test_a_mapping_that_is_not_a_dict():
    from collections import OrderedDict
    from types import MappingProxyType
    assert encode_params(MappingProxyType({"a": 1, "b": "x"})) == "a=1&b=x"
    assert encode_params(OrderedDict([("b", 2), ("a", 1)])) == "b=2&a=1"


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, Decimal("NaN"), Decimal("Infinity"),
                                   [1.0, math.nan], {"x": math.inf}])
def test_non_finite_numbers_are_refused_naming_the_key(value):
    for fn in (encode_params, ref.encode_params):
        with pytest.raises(ValueError, match="'price'"):
            fn({"symbol": "X", "price": value})
    with pytest.raises(ValueError, match="'price'"):
        ws_signature_payload({"price": value})


@pytest.mark.parametrize("value", [object(), b"bytes", 1j, {1, 2}])
def test_unsupported_values_are_refused_naming_the_key(value):
    for fn in (encode_params, ref.encode_params):
        with pytest.raises(TypeError, match="'quantity'"):
            fn({"quantity": value})


def test_non_string_keys_are_refused():
    for fn in (encode_params, ref.encode_params, ws_signature_payload, ref.ws_signature_payload):
        with pytest.raises(TypeError, match="must be str"):
            fn({1: "x"})


# --- differential: compiled == reference on generated params ---------------------------------------

scalars = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-(2**100), max_value=2**100),
    st.floats(allow_nan=False, allow_infinity=False),
    st.decimals(allow_nan=False, allow_infinity=False, places=None),
    st.booleans(),
    st.none(),
)
json_values = st.recursive(
    st.one_of(st.text(max_size=10), st.integers(-(2**60), 2**60), st.booleans(),
              st.floats(allow_nan=False, allow_infinity=False)),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4),
    max_leaves=12,
)
params_strategy = st.dictionaries(st.text(min_size=1, max_size=15), scalars | st.lists(json_values, max_size=3),
                                  max_size=12)


@settings(max_examples=300, deadline=None)
@given(params_strategy, st.integers(0, 2**45))
def test_compiled_encoder_and_signer_agree_with_the_reference(params, ts):
    assert encode_params(params) == ref.encode_params(params)
    signer = HmacSigner("secret-✓")
    assert signed_query(params, signer, timestamp=ts, recv_window=5000) == \
        ref.signed_query(params, ref.HmacSignerPy("secret-✓"), timestamp=ts, recv_window=5000)
    assert ws_signature_payload(params) == ref.ws_signature_payload(params)


@settings(max_examples=300, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_float_text_round_trips_exactly(x):
    text = encode_params({"x": x})[2:]
    assert "e" not in text and "E" not in text
    assert float(text) == x
