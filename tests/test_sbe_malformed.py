"""Malformed, truncated and foreign SBE frames raise FrameDecodeError naming the field, in both decoders alike."""

from __future__ import annotations

import struct

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from binance_fast import sbe
from binance_fast.errors import FrameDecodeError
from sbe_helpers import values_strategy

_sbe_stream = pytest.importorskip("binance_fast._sbe_stream", reason="compiled SBE kernels not built")
_sbe_spot = pytest.importorskip("binance_fast._sbe_spot", reason="compiled SBE kernels not built")

STREAM = sbe.stream_codec()
SPOT = sbe.spot_codec()

DEPTH = {"eventTime": 1_700_000_000_123_456, "firstBookUpdateId": 100, "lastBookUpdateId": 105,
         "priceExponent": -2, "qtyExponent": -8,
         "bids": [{"price": 4_200_012, "qty": 150_000_000}, {"price": 4_200_000, "qty": 0}],
         "asks": [{"price": 4_200_100, "qty": 12_345_678}], "symbol": "BTCUSDT"}
TRADES = {"eventTime": 1, "transactTime": 2, "priceExponent": -2, "qtyExponent": -5,
          "trades": [{"id": 7, "price": 100, "qty": 5, "isBuyerMaker": 1}], "symbol": "ETHUSDT"}


def _both_fail(codec, compiled, frame: bytes) -> str:
    """Both decoders refuse ``frame`` with the same field; returns it."""
    with pytest.raises(FrameDecodeError) as ref:
        codec.decode(frame)
    with pytest.raises(FrameDecodeError) as got:
        compiled.decode(frame)
    assert got.value.field == ref.value.field, (got.value, ref.value)
    assert got.value.frame == frame
    assert got.value.field and got.value.field in str(got.value)
    return got.value.field


def _sample_frames() -> list[tuple[object, object, bytes]]:
    frames = [(STREAM, _sbe_stream, STREAM.encode("DepthDiffStreamEvent", DEPTH)),
              (STREAM, _sbe_stream, STREAM.encode("TradesStreamEvent", TRADES))]
    frames.append((SPOT, _sbe_spot, SPOT.encode("DepthResponse", {
        "lastUpdateId": 9, "priceExponent": -2, "qtyExponent": -8,
        "bids": [{"price": 1, "qty": 2}], "asks": [{"price": 3, "qty": 4}]})))
    frames.append((SPOT, _sbe_spot, SPOT.encode("WebSocketResponse", {
        "sbeSchemaIdVersionDeprecated": 0, "status": 400,
        "rateLimits": [{"rateLimitType": 2, "interval": 1, "intervalNum": 1, "rateLimit": 6000, "current": 3}],
        "id": "req-1", "result": ("ErrorResponse", {"code": -1121, "msg": "Invalid symbol."})})))
    return frames


@pytest.mark.parametrize("case", range(4))
def test_every_truncation_is_refused(case: int) -> None:
    codec, compiled, frame = _sample_frames()[case]
    for cut in range(len(frame)):
        _both_fail(codec, compiled, frame[:cut])


def test_foreign_schema_unknown_template_and_short_block() -> None:
    frame = bytearray(STREAM.encode("DepthDiffStreamEvent", DEPTH))
    spot = SPOT.encode("PingResponse", {})
    assert _both_fail(STREAM, _sbe_stream, spot) == "schemaId"
    assert _both_fail(SPOT, _sbe_spot, bytes(frame)) == "schemaId"
    bad = bytearray(frame)
    bad[2:4] = struct.pack("<H", 10999)
    assert _both_fail(STREAM, _sbe_stream, bytes(bad)) == "templateId"
    bad = bytearray(frame)
    bad[0:2] = struct.pack("<H", 25)   # one byte short of the 26-byte root block
    assert _both_fail(STREAM, _sbe_stream, bytes(bad)) == "blockLength"


def test_group_errors_name_the_group() -> None:
    frame = bytearray(STREAM.encode("DepthDiffStreamEvent", DEPTH))
    bids = 8 + 26
    bad = bytearray(frame)
    bad[bids:bids + 2] = struct.pack("<H", 15)
    assert _both_fail(STREAM, _sbe_stream, bytes(bad)) == "DepthDiffStreamEvent.bids.blockLength"
    bad = bytearray(frame)
    bad[bids + 2:bids + 4] = struct.pack("<H", 65535)   # claims far more levels than the frame holds
    assert _both_fail(STREAM, _sbe_stream, bytes(bad)) == "DepthDiffStreamEvent.bids"
    trades = bytearray(STREAM.encode("TradesStreamEvent", TRADES))
    trades[8 + 18 + 2:8 + 18 + 6] = struct.pack("<I", 2**31)
    assert _both_fail(STREAM, _sbe_stream, bytes(trades)) == "TradesStreamEvent.trades.numInGroup"


def test_values_outside_the_schema_are_refused() -> None:
    trades = bytearray(STREAM.encode("TradesStreamEvent", TRADES))
    is_buyer_maker = 8 + 18 + 6 + 24
    assert trades[is_buyer_maker] == 1
    trades[is_buyer_maker] = 2
    assert _both_fail(STREAM, _sbe_stream, bytes(trades)) == "TradesStreamEvent.trades.isBuyerMaker"
    ws = bytearray(SPOT.encode("WebSocketResponse", {"sbeSchemaIdVersionDeprecated": 0, "status": 200,
                                                      "rateLimits": [], "id": "", "result": ("PingResponse", {})}))
    ws[8] = 7   # sbeSchemaIdVersionDeprecated is a boolEnum
    assert _both_fail(SPOT, _sbe_spot, bytes(ws)) == "WebSocketResponse.sbeSchemaIdVersionDeprecated"
    rl = bytearray(SPOT.encode("WebSocketResponse", {
        "sbeSchemaIdVersionDeprecated": 0, "status": 200,
        "rateLimits": [{"rateLimitType": 2, "interval": 1, "intervalNum": 1, "rateLimit": 1, "current": 1}],
        "id": "", "result": ("PingResponse", {})}))
    rl[8 + 3 + 4] = 99   # rateLimitType 99 is not a member
    assert _both_fail(SPOT, _sbe_spot, bytes(rl)) == "WebSocketResponse.rateLimits.rateLimitType"


def test_invalid_utf8_and_trailing_bytes() -> None:
    frame = STREAM.encode("DepthDiffStreamEvent", DEPTH)
    bad = frame[:-7] + b"\xff" + frame[-6:]
    assert _both_fail(STREAM, _sbe_stream, bad) == "DepthDiffStreamEvent.symbol"
    assert _both_fail(STREAM, _sbe_stream, frame + b"\x00") == "DepthDiffStreamEvent"
    assert _both_fail(STREAM, _sbe_stream, b"") == "messageHeader"


def test_embedded_message_errors_propagate() -> None:
    ws = SPOT.encode("WebSocketResponse", {"sbeSchemaIdVersionDeprecated": 0, "status": 200, "rateLimits": [],
                                            "id": "1", "result": ("ServerTimeResponse", {"serverTime": 5})})
    bad = bytearray(ws)
    bad[-8 - 8 + 2:-8 - 8 + 4] = struct.pack("<H", 4321)   # inner header's templateId
    assert _both_fail(SPOT, _sbe_spot, bytes(bad)) == "templateId"


def test_decode_accepts_bytes_bytearray_memoryview() -> None:
    frame = STREAM.encode("DepthDiffStreamEvent", DEPTH)
    for buf in (frame, bytearray(frame), memoryview(frame), memoryview(bytearray(b"xx" + frame))[2:]):
        assert _sbe_stream.decode(buf).final_update_id == 105
    assert _sbe_stream.decode_header(frame) == (26, 10003, 1, 0)
    with pytest.raises(FrameDecodeError):
        _sbe_stream.decode_header(frame[:7])


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_fuzz_mutations_agree_with_the_reference(data: st.DataObject) -> None:
    """Random byte flips and cuts: both decoders give the same result or the same refused field, nothing else."""
    codec, compiled, frame = data.draw(st.sampled_from(_sample_frames()))
    buf = bytearray(frame)
    for _ in range(data.draw(st.integers(1, 4))):
        buf[data.draw(st.integers(0, len(buf) - 1))] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):
        buf = buf[:data.draw(st.integers(0, len(buf)))]
    frame = bytes(buf)
    try:
        want = codec.decode(frame)
    except FrameDecodeError as exc:
        with pytest.raises(FrameDecodeError) as got:
            compiled.decode(frame)
        assert got.value.field == exc.field
        return
    got = compiled.decode(frame, mantissas=True)
    assert (type(got).__name__, got.to_dict()) == want


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(values=values_strategy(sbe.stream_schema(), sbe.stream_schema().message("DepthDiffStreamEvent")),
       data=st.data())
def test_fuzz_random_depth_frames(values: dict, data: st.DataObject) -> None:
    frame = bytearray(STREAM.encode("DepthDiffStreamEvent", values))
    frame[data.draw(st.integers(0, len(frame) - 1))] ^= data.draw(st.integers(1, 255))
    try:
        want = STREAM.decode(bytes(frame))
    except FrameDecodeError as exc:
        with pytest.raises(FrameDecodeError) as got:
            _sbe_stream.decode(bytes(frame))
        assert got.value.field == exc.field
    else:
        got = _sbe_stream.decode(bytes(frame), mantissas=True)
        assert (type(got).__name__, got.to_dict()) == want
