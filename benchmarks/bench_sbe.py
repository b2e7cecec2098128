"""A 20+20-level depth diff into float64 (n, 2) arrays: SBE (compiled) vs the same event as JSON by the best routes.

Run: pytest benchmarks/bench_sbe.py   (ratios are measured in the same run; compare against the JSON fast path)

Peers: binance_fast's own JSON fast path (binance_fast.streams.decode), msgspec (lax float parsing of the
string levels) and orjson / json with np.array, numpy over the raw mantissa bytes; the floor is one copy of the frame.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from binance_fast import sbe

_sbe_stream = pytest.importorskip("binance_fast._sbe_stream", reason="compiled SBE kernels not built")

LEVELS = 20
EXP = -8
BIDS = [(f"{42000 - i * 0.01:.8f}", f"{0.001 * (i + 1) + 0.12345:.8f}") for i in range(LEVELS)]
ASKS = [(f"{42000.01 + i * 0.01:.8f}", f"{0.002 * (i + 1) + 0.5:.8f}") for i in range(LEVELS)]
EVENT_TIME_MS = 1_700_000_000_123
JSON_FRAME = json.dumps({"e": "depthUpdate", "E": EVENT_TIME_MS, "s": "BTCUSDT", "U": 157, "u": 160,
                         "b": [list(x) for x in BIDS], "a": [list(x) for x in ASKS]},
                        separators=(",", ":")).encode()
SBE_FRAME = sbe.stream_codec().encode("DepthDiffStreamEvent", {
    "eventTime": EVENT_TIME_MS * 1000 + 456, "firstBookUpdateId": 157, "lastBookUpdateId": 160,
    "priceExponent": EXP, "qtyExponent": EXP,
    "bids": [{"price": sbe.float_to_mantissa(p, EXP), "qty": sbe.float_to_mantissa(q, EXP)} for p, q in BIDS],
    "asks": [{"price": sbe.float_to_mantissa(p, EXP), "qty": sbe.float_to_mantissa(q, EXP)} for p, q in ASKS],
    "symbol": "BTCUSDT"})
WANT_BIDS = np.array(BIDS, dtype=np.float64)
WANT_ASKS = np.array(ASKS, dtype=np.float64)

pytestmark = pytest.mark.benchmark(group="depth diff 20+20 levels -> float64 (n, 2) bids/asks")


def _timed(benchmark, fn, *args):
    """Every entry timed the same way: 100 rounds of 100 calls each (sub-microsecond calls are timed in bulk,
    so the timer's own cost does not flatten the ratios), after warm-up rounds."""
    return benchmark.pedantic(fn, args, rounds=100, iterations=100, warmup_rounds=10)


def _check(bids, asks) -> None:
    np.testing.assert_array_equal(bids, WANT_BIDS)
    np.testing.assert_array_equal(asks, WANT_ASKS)


def test_binance_fast_sbe_compiled(benchmark):
    decode = _sbe_stream.decode
    event = _timed(benchmark, decode, SBE_FRAME)
    _check(event.bids, event.asks)
    assert (event.first_update_id, event.final_update_id, event.event_time) == (157, 160, EVENT_TIME_MS)


def test_binance_fast_json_fast_path(benchmark):
    streams = pytest.importorskip("binance_fast.streams", reason="the JSON stream decoder has not landed")
    event = _timed(benchmark, streams.decode, JSON_FRAME)
    _check(event.bids, event.asks)


def test_msgspec_struct_then_np_array(benchmark):
    msgspec = pytest.importorskip("msgspec")

    class Depth(msgspec.Struct):
        E: int
        s: str
        U: int
        u: int
        b: list[tuple[float, float]]
        a: list[tuple[float, float]]

    decoder = msgspec.json.Decoder(Depth, strict=False)   # lax: "42000.01" -> float

    def run():
        d = decoder.decode(JSON_FRAME)
        return np.array(d.b, dtype=np.float64), np.array(d.a, dtype=np.float64)

    _check(*_timed(benchmark, run))


def test_orjson_then_np_array(benchmark):
    orjson = pytest.importorskip("orjson")

    def run():
        d = orjson.loads(JSON_FRAME)
        return np.array(d["b"], dtype=np.float64), np.array(d["a"], dtype=np.float64)

    _check(*_timed(benchmark, run))


def test_stdlib_json_then_np_array(benchmark):
    def run():
        d = json.loads(JSON_FRAME)
        return np.array(d["b"], dtype=np.float64), np.array(d["a"], dtype=np.float64)

    _check(*_timed(benchmark, run))


def test_sbe_plain_python_reference(benchmark):
    codec = sbe.stream_codec()

    def run():
        _, d = codec.decode(SBE_FRAME)
        return d

    _timed(benchmark, run)


def test_numpy_frombuffer_of_raw_mantissas(benchmark):
    """numpy straight over the frame's level bytes, scaled (no header checks, no bounds checks, no symbol)."""
    start = 8 + 26 + 4

    def run():
        bids = np.frombuffer(SBE_FRAME, dtype="<i8", count=2 * LEVELS, offset=start).reshape(LEVELS, 2)
        asks = np.frombuffer(SBE_FRAME, dtype="<i8", count=2 * LEVELS,
                             offset=start + 16 * LEVELS + 4).reshape(LEVELS, 2)
        return bids / 1e8, asks / 1e8

    _check(*_timed(benchmark, run))


def test_binance_fast_sbe_to_json_model(benchmark):
    """The SBE event converted to the JSON stream's models.DepthUpdate (what StreamClient(sbe=True) would hand out)."""
    pytest.importorskip("binance_fast.models", reason="the stream models have not landed")
    from binance_fast.sbe.streams import to_models

    decode = _sbe_stream.decode
    event = _timed(benchmark, lambda: to_models(decode(SBE_FRAME)))
    _check(event.bids, event.asks)


def test_floor_copy_of_the_frame(benchmark):
    """The floor: copying the frame's bytes once (what any decoder must at least touch)."""
    _timed(benchmark, bytearray, SBE_FRAME)
