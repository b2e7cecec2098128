"""The kernel's one-pass flat-event decoder (trade, aggTrade, bookTicker, ...) against msgspec's typed decoder.

Whatever the fast path accepts it must decode exactly as msgspec (strict=False) does: same values, same types,
same float bits; whatever msgspec rejects the fast path must decline (the fallback then raises the named error).
"""

from __future__ import annotations

import json
import random
import struct
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from binance_fast import _frames, _frames_py, models, streams
from binance_fast.errors import FrameDecodeError
from binance_fast.models.registry import EVENT_TYPES

EXAMPLES = json.loads((Path(__file__).parent / "vectors" / "stream_examples.json").read_text())["examples"]


class Declined(Exception):
    pass


def _declined(frame: Any) -> Any:
    raise Declined


def _flat_cases() -> list[tuple[str, type, dict]]:
    """(product, class, payload) of every docs example whose event class is flat."""
    cases = []
    for ex in EXAMPLES:
        payload = ex["payload"]
        if not isinstance(payload, dict) or "e" not in payload:
            continue
        cls = EVENT_TYPES[ex["product"]].get(payload["e"])
        if cls is not None and streams.flat_spec(cls) is not None:
            cases.append((ex["product"], cls, payload))
    return cases


FLAT = _flat_cases()
TRADE = {"e": "trade", "E": 1672515782136, "s": "BNBBTC", "t": 12345, "p": "0.00100000", "q": "100.00000000",
         "T": 1672515782136, "m": True, "M": True}
BOOK_TICKER = {"u": 400900217, "s": "BNBUSDT", "b": "25.35190000", "B": "31.21000000", "a": "25.36520000",
               "A": "40.66000000"}


def fast_only(cls: type) -> _frames.FlatDecoder:
    return _frames.FlatDecoder(cls, _declined, streams.flat_spec(cls), msgspec.NODEFAULT)


def same(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    for name in a.__struct_fields__:
        x, y = getattr(a, name), getattr(b, name)
        if type(x) is not type(y):
            return False
        if isinstance(x, float):
            if struct.pack("<d", x) != struct.pack("<d", y):
                return False
        elif x != y:
            return False
    return True


def check(cls: type, frame: bytes) -> bool:
    """The fast path agrees with msgspec on frame; True when it took the frame."""
    reference = msgspec.json.Decoder(cls, strict=False)
    try:
        got = fast_only(cls).decode(frame)
    except Declined:
        return False
    want = reference.decode(frame)  # must not raise: the fast path took a frame msgspec rejects otherwise
    assert same(got, want), (frame, got, want)
    return True


def test_flat_classes_cover_the_hot_events() -> None:
    names = {cls.__name__ for _, cls, _ in FLAT}
    assert {"Trade", "AggTrade"} <= names
    assert streams.flat_spec(models.BookTicker) is not None
    # nested or Decimal events keep msgspec's decoder
    assert streams.flat_spec(models.KlineEvent) is None
    from binance_fast.models import decimal as dmodels
    assert streams.flat_spec(dmodels.EVENT_TYPES["spot"]["trade"]) is None


@pytest.mark.parametrize("case", FLAT, ids=lambda c: f"{c[0]}-{c[2]['e']}" if isinstance(c, tuple) else None)
def test_docs_examples_take_the_fast_path_and_agree(case: tuple) -> None:
    product, cls, payload = case
    for frame in (json.dumps(payload, separators=(",", ":")).encode(), json.dumps(payload, indent=1).encode()):
        taken = check(cls, frame)
        # beyond Clinger's exact path (17+ significant digits) a number is msgspec's to round
        assert taken or cls not in (models.Trade, models.AggTrade), frame


def test_hot_frames_take_the_fast_path_in_the_router() -> None:
    dec = streams.StreamDecoder("spot")
    for cls, payload in ((models.Trade, TRADE), (models.BookTicker, BOOK_TICKER)):
        frame = json.dumps(payload, separators=(",", ":")).encode()
        assert check(cls, frame)
        assert same(dec.decode(frame), msgspec.json.decode(frame, type=cls, strict=False))
        assert same(streams.decode(frame), dec.decode(frame))
        stream = b"bnbbtc@trade" if cls is models.Trade else b"bnbusdt@bookTicker"
        wrapped = b'{"stream":"' + stream + b'","data":' + frame + b"}"
        assert same(dec.decode(wrapped), dec.decode(frame))
        assert same(dec.decoder_for(payload.get("e", "bookTicker"))(frame), dec.decode(frame))


# values that probe every corner where JSON, msgspec(strict=False) and a hand-written scanner could part ways
NUMBER_TEXT = st.sampled_from([
    "0", "-0", "0.0", "-0.0", "00", "01", "1.", ".5", "1e5", "1E-3", "-1.5e+2", "1e400", "123456789012345678901",
    "9007199254740993", "18446744073709551616", "0.1", "25.35190000", "1_0", "+1", " 1", "1 ", "nan", "inf", "",
    "0x10", "١", "1.0000000000000000000000001", "-12", "100"])
VALUE = st.one_of(
    NUMBER_TEXT.map(lambda t: json.dumps(t)),               # quoted
    NUMBER_TEXT.filter(lambda t: t.strip() != "").map(str),  # bare (may be invalid JSON: both must agree)
    st.sampled_from(["true", "false", "null", '"true"', '"x"', '"\\u0041"', '"a\\"b"', '"\u00e9"', '[]', '{}',
                     '[1,{"a":2}]', '{"x":[1]}', '"\x01"', 'tru', 'nul']),
    st.integers(-2**64, 2**64).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.floats(allow_nan=False, allow_infinity=False).map(lambda x: json.dumps(repr(x))),
)


@st.composite
def flat_frames(draw: Any) -> tuple[type, bytes]:
    cls, payload = draw(st.sampled_from([(models.Trade, TRADE), (models.BookTicker, BOOK_TICKER),
                                         *[(c, p) for _, c, p in FLAT]]))
    items = [(k, json.dumps(v)) for k, v in payload.items()]
    for _ in range(draw(st.integers(0, 3))):
        op = draw(st.integers(0, 5))
        if op == 0 and items:      # another value for a field
            i = draw(st.integers(0, len(items) - 1))
            items[i] = (items[i][0], draw(VALUE))
        elif op == 1 and items:    # a field missing
            items.pop(draw(st.integers(0, len(items) - 1)))
        elif op == 2:              # an unknown key
            items.insert(draw(st.integers(0, len(items))), (draw(st.sampled_from(["zz", "X", "nq", "é"])),
                                                           draw(VALUE)))
        elif op == 3 and items:    # a repeated key
            items.append((draw(st.sampled_from(items))[0], draw(VALUE)))
        elif op == 4:              # reordered
            items = draw(st.permutations(items))
        else:                      # whitespace
            pass
    sep = draw(st.sampled_from([(",", ":"), (", ", ": "), (" ,\n", " :\t")]))
    body = sep[0].join(f"{json.dumps(k)}{sep[1]}{v}" for k, v in items)
    tail = draw(st.sampled_from(["", " ", "\n", " x", "}", ","]))
    return cls, ("{" + body + "}" + tail).encode()


@settings(max_examples=300, deadline=None)
@given(flat_frames())
def test_fast_path_agrees_with_msgspec_or_declines(case: tuple[type, bytes]) -> None:
    cls, frame = case
    check(cls, frame)


def test_malformed_flat_frames_still_name_the_field() -> None:
    dec = streams.StreamDecoder("spot")
    bad = json.dumps({**TRADE, "q": "1e"}).encode()
    with pytest.raises(FrameDecodeError) as info:
        dec.decode(bad)
    assert info.value.field == "quantity (q)" and info.value.frame == bad
    bad = json.dumps({k: v for k, v in BOOK_TICKER.items() if k != "B"}).encode()
    with pytest.raises(FrameDecodeError) as info:
        dec.decode(bad)
    assert info.value.field == "bid_quantity (B)"


def test_reference_flat_decoder_is_msgspec() -> None:
    frame = json.dumps(TRADE).encode()
    ref = _frames_py.FlatDecoder(models.Trade, msgspec.json.Decoder(models.Trade, strict=False).decode,
                                 streams.flat_spec(models.Trade), msgspec.NODEFAULT)
    assert same(ref.decode(frame), fast_only(models.Trade).decode(frame))


def test_many_symbols_and_random_prices_agree() -> None:
    rng = random.Random(9)
    dec = streams.StreamDecoder("usdm")
    for i in range(2000):
        price = f"{rng.random() * 10 ** rng.randrange(6):.{rng.randrange(9)}f}"
        payload = {**TRADE, "s": f"SYM{rng.randrange(40)}USDT", "p": price, "q": str(rng.randrange(10 ** rng.randrange(1, 16)))}
        frame = json.dumps(payload).encode()
        assert check(models.Trade, frame)
        assert same(dec.decode(frame), msgspec.json.decode(frame, type=dec.types["trade"], strict=False))
