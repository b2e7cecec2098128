"""Stream decoding: every docs payload example and every captured frame, compiled route against the reference."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import msgspec
import numpy as np
import pytest

from binance_fast import _frames_py, models, streams
from binance_fast.errors import FrameDecodeError
from binance_fast.models import decimal as dmodels

EXAMPLES = json.loads((Path(__file__).parent / "vectors" / "stream_examples.json").read_text())["examples"]
IDS = [f"{e['product']}-{i}-{e['doc'][-40:-3]}" for i, e in enumerate(EXAMPLES)]
VENUES = {"BINANCE": "spot", "BINANCE_FUTURES": "usdm", "BINANCE_DELIVERY": "coinm"}


def assert_carries(event: Any, payload: Any, number: type = float) -> None:
    """Every wire key of ``payload`` is a field of ``event`` holding the same value."""
    if isinstance(payload, list):
        assert isinstance(event, list) and len(event) == len(payload)
        for ev, item in zip(event, payload):
            assert_carries(ev, item, number)
        return
    by_wire = {f.encode_name: f.name for f in msgspec.structs.fields(type(event))}
    for key, value in payload.items():
        assert key in by_wire, f"{type(event).__name__} drops wire key {key!r}"
        got = getattr(event, by_wire[key])
        assert_value(got, value, f"{type(event).__name__}.{by_wire[key]}", number)


def assert_value(got: Any, value: Any, where: str, number: type) -> None:
    if isinstance(got, np.ndarray):
        assert got.shape == (len(value), 2), where
        expected = np.array([[number(p), number(q)] for p, q, *_ in value], dtype=got.dtype).reshape(-1, 2)
        if got.dtype == np.float64:
            assert got.flags.c_contiguous
        assert (got == expected).all(), where
    elif isinstance(got, msgspec.Struct):
        assert_carries(got, value, number)
    elif isinstance(got, list):
        assert len(got) == len(value), where
        for g, v in zip(got, value):
            assert_value(g, v, where, number)
    elif isinstance(got, bool) or got is None:
        assert got == value, where
    elif isinstance(got, int):
        assert got == int(value), where
    elif isinstance(got, (float, Decimal)):
        assert type(got) is number, where
        assert got == number(str(value)), where
    else:
        assert got == value, where


def assert_same(a: Any, b: Any) -> None:
    """Two decoded events are equal field by field (numpy levels compared by value, dtype and shape)."""
    assert type(a) is type(b), (type(a), type(b))
    if isinstance(a, list):
        assert len(a) == len(b)
        for x, y in zip(a, b):
            assert_same(x, y)
    elif isinstance(a, msgspec.Struct):
        for f in msgspec.structs.fields(type(a)):
            assert_same(getattr(a, f.name), getattr(b, f.name))
    elif isinstance(a, np.ndarray):
        assert a.dtype == b.dtype and a.shape == b.shape
        assert np.array_equal(a, b)
    elif isinstance(a, float):
        assert a == b or (a != a and b != b)
    else:
        assert a == b


def test_every_docs_page_with_events_is_covered() -> None:
    products = {e["product"] for e in EXAMPLES}
    assert {"spot", "usdm", "coinm", "options", "pmpro"} <= products
    types = {(e["product"], (e["payload"][0] if isinstance(e["payload"], list) else e["payload"]).get("e"))
             for e in EXAMPLES}
    for needed in [("spot", "executionReport"), ("usdm", "ORDER_TRADE_UPDATE"), ("usdm", "TRADE_LITE"),
                   ("coinm", "ACCOUNT_UPDATE"), ("usdm", "forceOrder"), ("usdm", "compositeIndex"),
                   ("options", "ACCOUNT_UPDATE"), ("pmpro", "riskLevelChange"), ("spot", "avgPrice")]:
        assert needed in types
    assert len(EXAMPLES) >= 70


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
@pytest.mark.parametrize("compiled", [True, False], ids=["compiled", "pure"])
def test_docs_example_decodes_with_every_field(example: dict, compiled: bool) -> None:
    frame = json.dumps(example["payload"]).encode()
    event = streams.StreamDecoder(example["product"], compiled=compiled).decode(frame)
    payload = example["payload"]
    if isinstance(payload, dict) and "event" in payload:
        payload = payload["event"]
    assert_carries(event, payload)
    reference = _frames_py.decode_reference(frame, models.EVENT_TYPES[example["product"]])
    assert_same(event, reference)


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_docs_example_decodes_to_decimal(example: dict) -> None:
    frame = json.dumps(example["payload"])
    event = streams.decode(frame, example["product"], decimal=True)
    payload = example["payload"]
    if isinstance(payload, dict) and "event" in payload:
        payload = payload["event"]
    assert_carries(event, payload, Decimal)
    first = event[0] if isinstance(event, list) else event
    assert type(first).__module__ == dmodels.__name__
    reference = _frames_py.decode_reference(frame, dmodels.EVENT_TYPES[example["product"]], Decimal)
    assert_same(event, reference)


@pytest.mark.parametrize("example", [e for e in EXAMPLES if isinstance(e["payload"], dict)
                                     and "e" in e["payload"]][:40], ids=lambda e: e["doc"][-40:-3])
def test_docs_example_in_combined_and_api_wrappers(example: dict) -> None:
    product, payload = example["product"], example["payload"]
    plain = streams.decode(json.dumps(payload), product)
    for wrapped in ({"stream": "somelistenkey", "data": payload}, {"subscriptionId": 3, "event": payload},
                    {"event": payload}):
        assert_same(streams.decode(json.dumps(wrapped), product), plain)


def test_combined_stream_names_choose_the_decoder() -> None:
    trade = {"e": "trade", "E": 1, "s": "BTCUSDT", "t": 9, "p": "100.5", "q": "0.25", "T": 2, "m": False}
    ev = streams.decode(json.dumps({"stream": "btcusdt@trade", "data": trade}))
    assert isinstance(ev, models.Trade) and ev.price == 100.5 and ev.quantity == 0.25
    part = {"lastUpdateId": 7, "bids": [["1.5", "2"]], "asks": []}
    ev = streams.decode(json.dumps({"stream": "btcusdt@depth5@100ms", "data": part}))
    assert isinstance(ev, models.PartialDepth) and ev.symbol == "BTCUSDT" and ev.asks.shape == (0, 2)
    assert streams.event_kind_of_stream("btcusdt@kline_1m") == "kline"
    assert streams.event_kind_of_stream("btcusdt@depth@100ms") == "depthUpdate"
    assert streams.event_kind_of_stream("btcusd_perp@markPrice@1s") == "markPriceUpdate"
    assert streams.event_kind_of_stream("!ticker@arr") is None


def test_subscription_replies() -> None:
    reply = streams.decode(b'{"result":null,"id":1}')
    assert isinstance(reply, streams.Reply) and reply.id == 1 and reply.result is None
    reply = streams.decode(b'{"result":["btcusdt@trade"],"id":"x"}')
    assert reply.result == ["btcusdt@trade"]
    err = streams.decode(b'{"code":2,"msg":"Invalid request","id":3}')
    assert err.code == 2 and err.id == 3


def test_depth_contract_names() -> None:
    frame = (b'{"e":"depthUpdate","E":5,"T":4,"s":"BTCUSDT","U":10,"u":12,"pu":9,'
             b'"b":[["100.10","1.5"],["100.00","0"]],"a":[["100.20","3"]]}')
    ev = streams.decode(frame, "usdm")
    assert (ev.symbol, ev.event_time, ev.first_update_id, ev.final_update_id, ev.prev_final_update_id) == \
        ("BTCUSDT", 5, 10, 12, 9)
    assert ev.bids.dtype == np.float64 and ev.bids.shape == (2, 2) and ev.bids.flags.c_contiguous
    assert ev.bids.tolist() == [[100.10, 1.5], [100.0, 0.0]]
    spot = streams.decode(frame.replace(b',"pu":9', b''), "spot")
    assert spot.prev_final_update_id == -1


def _capture_frames(captures: Path, venue: str) -> list[bytes]:
    lines = (captures / f"{venue}.ws.1.0").read_bytes().splitlines()[1:]
    return [line.split(b": ", 1)[1] for line in lines if b": " in line]


@pytest.mark.shared_data
@pytest.mark.parametrize("venue", sorted(VENUES))
def test_captures_decode_and_agree_with_reference(captures: Path, venue: str) -> None:
    product = VENUES[venue]
    frames = _capture_frames(captures, venue)
    assert len(frames) > 100
    compiled = streams.StreamDecoder(product, compiled=True)
    pure = streams.StreamDecoder(product, compiled=False)
    kinds: set[str] = set()
    for frame in frames:
        event = compiled.decode(frame)
        kinds.add(event.event_type)
        data = json.loads(frame)["data"]
        assert_carries(event, data)
        assert_same(event, pure.decode(frame))
        assert_same(event, _frames_py.decode_reference(frame, models.EVENT_TYPES[product]))
    assert {"depthUpdate", "bookTicker", "aggTrade", "kline"} <= kinds


@pytest.mark.shared_data
def test_batch_decoding_of_a_capture(captures: Path) -> None:
    frames = _capture_frames(captures, "BINANCE_FUTURES")
    tables = streams.decode_batch(frames, product="usdm")
    events = [streams.decode(f, "usdm") for f in frames]
    trades = [e for e in events if e.event_type == "aggTrade"]
    assert len(tables["aggTrade"]) == len(trades)
    assert tables["aggTrade"]["price"].tolist() == [t.price for t in trades]
    assert tables["aggTrade"]["symbol"].tolist() == [t.symbol for t in trades]
    klines = [e for e in events if e.event_type == "kline"]
    assert tables["kline"]["kline_close"].tolist() == [k.kline.close for k in klines]
    depth = [e for e in events if e.event_type == "depthUpdate"]
    rows = tables["depthUpdate"]
    assert len(rows) == sum(len(d.bids) + len(d.asks) for d in depth)
    first = depth[0]
    head = rows[: len(first.bids)]
    assert (head["side"] == 0).all() and head["price"].tolist() == first.bids[:, 0].tolist()
    assert (head["final_update_id"] == first.final_update_id).all()


def test_batch_skips_or_raises_on_bad_frames() -> None:
    good = b'{"e":"trade","E":1,"s":"X","t":2,"p":"0.1","q":"3","T":4,"m":true}'
    with pytest.raises(FrameDecodeError):
        streams.decode_batch([good, b'{"e":"trade"'])
    tables = streams.decode_batch([good, b'{"e":"trade"', good, b'{"result":null,"id":1}'], errors="skip")
    assert list(tables) == ["trade"] and len(tables["trade"]) == 2
    assert tables["trade"].dtype["price"] == np.float64 and tables["trade"].dtype["trade_id"] == np.int64


@pytest.mark.parametrize("frame, field", [
    (b'{"e":"trade","E":1,"s":"X","t":2,"p":"abc","q":"3","T":4,"m":true}', "price (p)"),
    (b'{"e":"trade","E":1,"s":"X","t":2,"q":"3","T":4,"m":true}', "p"),
    (b'{"e":"aggTrade","E":1,"s":"X","a":1,"p":"1","q":"1","f":1,"l":1,"T":"x","m":true}', "trade_time (T)"),
    (b'{"e":"kline","E":1,"s":"X","k":{"t":1}}', "k.T"),
    (b'{"e":"depthUpdate","E":1,"s":"X","U":1,"u":2,"b":[["1","x"]],"a":[]}', "b"),
    (b'{"e":"depthUpdate","E":1,"s":"X","U":1,"u":2,"a":[]}', "b"),
    (b'{"e":"depthUpdate","E":"soon","s":"X","U":1,"u":2,"b":[],"a":[]}', "E"),
    (b'{"e":"noSuchEvent","E":1}', "e"),
    (b'{"stream":"btcusdt@trade","data":{"e":"trade","E":1,"s":"X","t":2,"p":[],"q":"3","T":4,"m":true}}',
     "data.price (data.p)"),
])
@pytest.mark.parametrize("compiled", [True, False], ids=["compiled", "pure"])
def test_malformed_frames_name_the_field(frame: bytes, field: str, compiled: bool) -> None:
    with pytest.raises(FrameDecodeError) as info:
        streams.StreamDecoder("spot", compiled=compiled).decode(frame)
    assert info.value.frame == frame
    assert info.value.field is not None and field in info.value.field, info.value


@pytest.mark.parametrize("frame", [b"", b"{", b'{"e":"trade"', b"[1,2", b"null", b'"x"', b"\xff\xfe",
                                   b'{"e":"depthUpdate","E":1,"s":"X","U":1,"u":2,"b":[["1","1"]],"a":[]'])
def test_truncated_or_garbage_frames_raise_frame_decode_error(frame: bytes) -> None:
    for compiled in (True, False):
        with pytest.raises(FrameDecodeError) as info:
            streams.StreamDecoder("spot", compiled=compiled).decode(frame)
        assert info.value.frame == frame


def test_mark_price_funding_rate_may_be_empty() -> None:
    ev = streams.decode(b'{"e":"markPriceUpdate","E":1,"s":"BTCUSD_201225","p":"1","P":"2","i":"3","r":"","T":0}',
                        "coinm")
    assert ev.funding_rate is None
    ev = streams.decode(b'{"e":"markPriceUpdate","E":1,"s":"X","p":"1","P":"2","i":"3","r":"0.0001","T":0}',
                        "usdm", decimal=True)
    assert ev.funding_rate == Decimal("0.0001")


def test_decoder_for_one_event_type() -> None:
    dec = streams.StreamDecoder("spot")
    frame = b'{"e":"trade","E":1,"s":"X","t":2,"p":"0.1","q":"3","T":4,"m":true}'
    assert dec.decoder_for("trade")(frame) == dec.decode(frame)
    depth = b'{"e":"depthUpdate","E":1,"s":"X","U":1,"u":2,"b":[["1","2"]],"a":[]}'
    assert dec.decoder_for("depthUpdate")(depth).bids.tolist() == [[1.0, 2.0]]
    with pytest.raises(FrameDecodeError) as info:
        dec.decoder_for("trade")(frame.replace(b'"0.1"', b'"x"'))
    assert info.value.field == "price (p)"
    with pytest.raises(KeyError):
        dec.decoder_for("nope")
