"""The compiled frame kernel against its plain-Python reference: exact numbers, depth frames, fuzzing, leaks."""

from __future__ import annotations

import gc
import json
import math
import random
import struct
import tracemalloc

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from binance_fast import _frames, _frames_py, streams
from binance_fast.errors import FrameDecodeError
from binance_fast.models import DepthUpdate, PartialDepth

DIGITS = st.text(alphabet="0123456789", min_size=1, max_size=24)
DECIMAL = st.builds(lambda sign, whole, frac, exp: f"{sign}{whole}{frac}{exp}",
                    st.sampled_from(["", "-"]), DIGITS, st.sampled_from([""]) | DIGITS.map(lambda d: "." + d),
                    st.sampled_from([""]) | st.builds(lambda e, sign, d: f"{e}{sign}{d}", st.sampled_from("eE"),
                                                      st.sampled_from(["", "+", "-"]), st.integers(0, 400)))


def bits(x: float) -> bytes:
    return struct.pack("<d", x)


@settings(max_examples=300, deadline=None)
@given(DECIMAL)
def test_decimal_text_to_double_is_exactly_float(text: str) -> None:
    assert bits(_frames.parse_decimal(text)) == bits(float(text))
    assert bits(_frames.parse_decimal(f'"{text}"')) == bits(float(text))
    assert bits(_frames_py.parse_decimal(text)) == bits(float(text))


@settings(max_examples=300, deadline=None)
@given(st.floats(min_value=0, max_value=1e12, allow_nan=False), st.integers(0, 12))
def test_binance_style_prices_are_exact(x: float, places: int) -> None:
    for text in (f"{x:.{places}f}", repr(x)):
        assert bits(_frames.parse_decimal(text)) == bits(float(text))


def test_hard_cases_of_decimal_to_double() -> None:
    cases = ["0", "-0", "0.0", "9007199254740993", "9007199254740992.5", "0.1", "0.30000000000000004",
             "2.2250738585072011e-308", "4.9e-324", "1e23", "8.589973e9", "123456789012345678901234567890",
             "0.000000000000000000000000000001", "1.7976931348623157e308", "1e400", "0.00000001",
             "99999999999999999999.99999999", "7.0000000000000000000000000001", "25.35190000", "0." + "0" * 30 + "1"]
    for text in cases:
        assert bits(_frames.parse_decimal(text)) == bits(float(text)), text
    for bad in ["", "-", ".5", "1.", "1e", "1e+", "abc", "1.2.3", "0x10", "1_0", " 1", "nan", "inf", '"1'] :
        with pytest.raises(FrameDecodeError):
            _frames.parse_decimal(bad)
        with pytest.raises(FrameDecodeError):
            _frames_py.parse_decimal(bad)


# Binance's levels: a price and a quantity with up to 8 or so decimals, as text
PRICE = st.builds(lambda m, places: f"{m / 10**places:.{places}f}" if m < 2**53 else f"{m}.{places}",
                  st.integers(0, 10**18), st.integers(0, 10))
LEVEL = st.tuples(PRICE, PRICE | DECIMAL)


@settings(max_examples=200, deadline=None)
@given(st.lists(LEVEL, max_size=30), st.lists(LEVEL, max_size=30), st.booleans(), st.booleans(),
       st.integers(0, 2**63 - 6), st.booleans())
def test_depth_frames_agree_with_reference(bids, asks, futures, wrapped, uid, bare_numbers) -> None:
    def level(p: str, q: str) -> list:
        bare = bare_numbers and math.isfinite(float(p)) and math.isfinite(float(q))
        return [float(p), float(q)] if bare else [p, q]

    data: dict = {"e": "depthUpdate", "E": 1700000000000, "s": "BTCUSDT", "U": uid, "u": uid + 5,
                  "b": [level(p, q) for p, q in bids], "a": [level(p, q) for p, q in asks]}
    if futures:
        data.update(T=1700000000000 - 1, pu=uid - 1, ps="BTCUSD")
    frame = json.dumps({"stream": "btcusdt@depth", "data": data} if wrapped else data,
                       separators=(",", ":") if uid % 2 else (", ", ": ")).encode()
    got, stream = _frames.decode_depth(frame, DepthUpdate, PartialDepth)
    ref, ref_stream = _frames_py.decode_depth(frame, DepthUpdate, PartialDepth)
    assert stream == ref_stream
    for name in ("event_type", "event_time", "symbol", "first_update_id", "final_update_id",
                 "prev_final_update_id", "transaction_time", "pair"):
        assert getattr(got, name) == getattr(ref, name)
    for side in ("bids", "asks"):
        a, b = getattr(got, side), getattr(ref, side)
        assert a.dtype == np.float64 and a.shape == b.shape and a.flags.c_contiguous
        assert a.tobytes() == b.tobytes()


@settings(max_examples=100, deadline=None)
@given(st.lists(LEVEL, max_size=20), st.lists(LEVEL, max_size=20), st.integers(0, 2**40))
def test_partial_depth_agrees_with_reference(bids, asks, uid) -> None:
    frame = json.dumps({"lastUpdateId": uid, "bids": bids, "asks": asks}).encode()
    got = _frames.decode_depth(frame, DepthUpdate, PartialDepth)[0]
    ref = _frames_py.decode_depth(frame, DepthUpdate, PartialDepth)[0]
    assert got.last_update_id == ref.last_update_id == uid
    assert got.bids.tobytes() == ref.bids.tobytes() and got.asks.tobytes() == ref.asks.tobytes()
    assert np.array_equal(_frames.parse_levels(json.dumps(bids)), ref.bids)


SEEDS = [
    b'{"e":"depthUpdate","E":1672515782136,"s":"BNBBTC","U":157,"u":160,"b":[["0.0024","10"]],"a":[["0.0026","100"]]}',
    b'{"stream":"x@depth","data":{"e":"depthUpdate","E":1,"T":2,"s":"X","U":1,"u":2,"pu":0,"b":[],"a":[["1","2"]]}}',
    b'{"lastUpdateId":160,"bids":[["0.0024","10"]],"asks":[["0.0026","100"]]}',
    b'{"e":"trade","E":1,"s":"X","t":2,"p":"0.1","q":"3","T":4,"m":true}',
    b'{"u":400900217,"s":"BNBUSDT","b":"25.35190000","B":"31.21000000","a":"25.36520000","A":"40.66000000"}',
    b'{"stream":"btcusdt@kline_1m","data":{"e":"kline","E":1,"s":"X","k":{"t":1,"T":2,"s":"X","i":"1m","f":1,'
    b'"L":2,"o":"1","c":"1","h":"1","l":"1","v":"1","n":1,"x":false,"q":"1","V":"1","Q":"1","B":"0"}}}',
    b'[{"e":"24hrMiniTicker","E":1,"s":"X","c":"1","o":"1","h":"1","l":"1","v":"1","q":"1"}]',
    b'{"subscriptionId":1,"event":{"e":"balanceUpdate","E":1,"a":"BTC","d":"1.5","T":2}}',
]
JUNK = [b"", b"{", b"}", b"[", b"]", b",", b":", b'"', b"\\", b"-", b"1e999", b"\x00", b"\xff", b"null",
        b"true", b'"abc"', b"[[", b"]]", b"{}", b"[]", b"9" * 30]


def mutate(rng: random.Random, frame: bytes) -> bytes:
    op = rng.randrange(5)
    i = rng.randrange(len(frame) + 1)
    if op == 0:
        return frame[:i]  # truncated
    if op == 1:
        return frame[:i] + rng.choice(JUNK) + frame[i:]
    if op == 2:
        return frame[:i] + frame[i + rng.randrange(1, 8):]
    if op == 3:
        j = rng.randrange(len(frame))
        return frame[:j] + bytes([rng.randrange(256)]) + frame[j + 1:]
    return frame.replace(b'"', b"", 1) if rng.random() < 0.5 else frame.replace(b'":"', b'":', 1)


def test_fuzzed_frames_never_crash(frames_decoders=None) -> None:
    rng = random.Random(5)
    decoders = [streams.StreamDecoder(p, compiled=c) for p in ("spot", "usdm") for c in (True, False)]
    outcomes = {"ok": 0, "error": 0}
    for _ in range(4000):
        frame = mutate(rng, rng.choice(SEEDS))
        for dec in decoders:
            try:
                dec.decode(frame)
                outcomes["ok"] += 1
            except FrameDecodeError as exc:
                assert exc.frame == frame
                outcomes["error"] += 1
        try:
            _frames.decode_depth(frame, DepthUpdate, PartialDepth)
        except FrameDecodeError:
            pass
    assert outcomes["ok"] > 100 and outcomes["error"] > 1000


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200) | st.sampled_from(SEEDS).flatmap(
    lambda s: st.integers(0, len(s)).map(lambda i: s[:i])))
def test_arbitrary_bytes_raise_only_frame_decode_error(frame: bytes) -> None:
    for compiled in (True, False):
        try:
            streams.StreamDecoder("usdm", compiled=compiled).decode(frame)
        except FrameDecodeError:
            pass


def _rss_kb() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4


def test_no_leak_over_many_bad_and_good_frames() -> None:
    rng = random.Random(11)
    bad = [mutate(rng, rng.choice(SEEDS)) for _ in range(500)]
    dec = streams.StreamDecoder("spot")

    def run(n: int) -> None:
        for _ in range(n):
            for frame in bad:
                try:
                    dec.decode(frame)
                except FrameDecodeError:
                    pass
            for frame in SEEDS:
                dec.decode(frame)

    run(4)  # warm caches
    gc.collect()
    tracemalloc.start()
    rss_before = _rss_kb()
    growth = []
    # two windows: a leak grows in both; a one-off resize of an interpreter table (the interned strings, say,
    # crossing its threshold) only in one
    for _ in range(2):
        before = tracemalloc.get_traced_memory()[0]
        run(40)
        gc.collect()
        growth.append(tracemalloc.get_traced_memory()[0] - before)
    tracemalloc.stop()
    assert min(growth) < 64 * 1024, f"traced memory grew by {growth} bytes over 2 x 20000 bad frames"
    assert _rss_kb() - rss_before < 4096


def test_books_larger_than_the_scratch_space() -> None:
    rng = random.Random(3)
    for n in (4095, 4096, 4097, 9000):
        bids = [[f"{rng.random() * 1e5:.2f}", f"{rng.random() * 10:.8f}"] for _ in range(n)]
        frame = json.dumps({"lastUpdateId": 1, "bids": bids, "asks": bids[:3]}).encode()
        got = _frames.decode_depth(frame, DepthUpdate, PartialDepth)[0]
        ref = _frames_py.decode_depth(frame, DepthUpdate, PartialDepth)[0]
        assert got.bids.shape == (n, 2) and got.bids.flags.c_contiguous and got.bids.flags.owndata
        assert got.bids.tobytes() == ref.bids.tobytes() and got.asks.tobytes() == ref.asks.tobytes()
