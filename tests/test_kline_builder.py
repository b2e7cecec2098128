"""The live KlineBuilder: same klines as the batch kernel, closing rules, seeding without double counts, bad input."""

from __future__ import annotations

from types import SimpleNamespace

import msgspec
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from binance_fast import _klines, _klines_reference, klines
from binance_fast.errors import FrameDecodeError
from binance_fast.klines import INTERVALS, KlineBuilder, KlineEvent, aggregate_trades

T0 = 1_633_998_480_000  # a minute boundary
MIN = 60_000


@pytest.fixture(params=["compiled", "reference"])
def impl(request, monkeypatch):
    module = _klines if request.param == "compiled" else _klines_reference
    monkeypatch.setattr(klines, "_impl", module)
    return module


def agg_dict(t, p, q, m=False, f=None, l=None, symbol="BTCUSDT"):
    f = t if f is None else f
    return {"e": "aggTrade", "E": t + 2, "s": symbol, "a": f, "p": f"{p:.8f}", "q": f"{q:.8f}", "f": f,
            "l": f if l is None else l, "T": t, "m": m, "M": True}


def kline_tuple(event: KlineEvent) -> tuple:
    k = event.kline
    return (k.start_time, k.open, k.high, k.low, k.close, k.volume, k.close_time, k.quote_volume, k.trade_count,
            k.taker_buy_volume, k.taker_buy_quote_volume)


def test_trades_close_klines_like_binance(impl):
    b = KlineBuilder("1m", symbol="BTCUSDT")
    assert b.current() is None
    assert b.update(agg_dict(T0 + 5, 10.0, 1.0, f=1, l=3)) == ()
    assert b.update(agg_dict(T0 + 50_000, 11.0, 2.0, m=True, f=4, l=4)) == ()
    cur = b.current()
    assert cur.kline.is_closed is False and cur.kline.trade_count == 4 and cur.kline.close == 11.0
    assert (cur.kline.first_trade_id, cur.kline.last_trade_id) == (1, 4)
    closed = b.update(agg_dict(T0 + 3 * MIN + 1, 12.0, 1.0, f=5, l=5))  # skips two empty minutes
    assert [e.kline.start_time for e in closed] == [T0, T0 + MIN, T0 + 2 * MIN]
    assert all(e.kline.is_closed for e in closed)
    first, *empties = closed
    assert (first.kline.high, first.kline.low, first.kline.volume, first.kline.trade_count) == (11.0, 10.0, 3.0, 4)
    assert first.kline.taker_buy_volume == 1.0 and first.event_time == T0 + 3 * MIN + 3  # the trade's E
    for e in empties:
        assert (e.kline.open, e.kline.high, e.kline.low, e.kline.close) == (11.0,) * 4
        assert e.kline.volume == 0 and e.kline.trade_count == 0 and e.kline.close_time == e.kline.start_time + MIN - 1
    assert b.current().kline.open == 12.0 and b.current().kline.start_time == T0 + 3 * MIN


def test_event_has_binance_kline_stream_shape(impl):
    b = KlineBuilder("1m", symbol="BTCUSDT")
    b.update(agg_dict(T0 + 5, 10.0, 1.0))
    wire = msgspec.json.decode(msgspec.json.encode(b.current(event_time=T0 + 9)))
    assert wire["e"] == "kline" and wire["E"] == T0 + 9 and wire["s"] == "BTCUSDT"
    assert {"t", "T", "s", "i", "f", "L", "o", "c", "h", "l", "v", "n", "x", "q", "V", "Q"} <= set(wire["k"])
    assert wire["k"]["x"] is False and wire["k"]["i"] == "1m" and wire["k"]["T"] == T0 + MIN - 1


def test_clock_tick_closes_past_the_close_time(impl):
    now = [T0 / 1000]
    b = KlineBuilder("1m", clock=lambda: now[0])
    b.update(agg_dict(T0 + 1, 10.0, 1.0))
    assert b.tick(T0 + MIN - 1) == []
    now[0] = (T0 + MIN) / 1000
    (closed,) = b.tick()
    assert closed.kline.is_closed and closed.kline.volume == 1.0 and closed.event_time == T0 + MIN
    assert b.current().kline.volume == 0 and b.current().kline.open == 10.0  # the new minute, empty so far
    more = b.tick(T0 + 4 * MIN + 7)
    assert [e.kline.start_time for e in more] == [T0 + MIN, T0 + 2 * MIN, T0 + 3 * MIN]
    assert all(e.kline.trade_count == 0 for e in more)
    b.update(agg_dict(T0 + 4 * MIN + 9, 9.0, 2.0))
    assert b.current().kline.open == 9.0 and b.current().kline.low == 9.0  # a trade opens the empty kline


def test_without_fill_empty_no_empty_klines_are_emitted(impl):
    b = KlineBuilder("1m", fill_empty=False)
    b.update(agg_dict(T0 + 1, 10.0, 1.0))
    assert [e.kline.start_time for e in b.tick(T0 + 3 * MIN)] == [T0]
    assert b.update(agg_dict(T0 + 5 * MIN, 10.0, 1.0)) == []


def test_struct_events_and_raw_trades_are_accepted(impl):
    agg = SimpleNamespace(price=10.0, quantity=2.0, trade_time=T0 + 1, is_buyer_maker=False, first_trade_id=7,
                          last_trade_id=9, event_time=T0 + 2)
    trade = SimpleNamespace(price=11.0, quantity=1.0, trade_time=T0 + 3, is_buyer_maker=True, trade_id=10)
    raw = {"e": "trade", "E": T0 + 5, "s": "X", "t": 11, "p": "12.5", "q": "1", "T": T0 + 4, "m": False}
    wrapped = {"stream": "x@trade", "data": {**raw, "t": 12, "T": T0 + 6}}
    b = KlineBuilder("1s")
    for event in (agg, trade, raw, wrapped):
        b.update(event)
    k = b.current().kline
    assert (k.trade_count, k.first_trade_id, k.last_trade_id) == (6, 7, 12)
    assert (k.open, k.high, k.low, k.close, k.volume) == (10.0, 12.5, 10.0, 12.5, 5.0)
    assert k.taker_buy_volume == 4.0


def test_duplicates_and_late_trades_are_skipped_and_counted(impl):
    b = KlineBuilder("1m")
    b.update(agg_dict(T0 + 1, 10.0, 1.0, f=1, l=2))
    b.update(agg_dict(T0 + 1, 10.0, 1.0, f=1, l=2))  # a replay after a reconnect
    b.update(agg_dict(T0 + MIN + 1, 11.0, 1.0, f=3, l=3))
    b.update({**agg_dict(T0 + 10, 9.0, 1.0), "f": -1, "l": -1})  # no ids, older than the current kline
    assert (b.duplicates, b.late) == (1, 1)
    assert b.current().kline.trade_count == 1 and b.last_trade_id == 3


def test_seed_from_rest_rows_then_live_trades_by_id(impl):
    rest = [[T0 - MIN, "9.0", "9.5", "8.5", "9.2", "3", T0 - 1, "27.6", 3, "1", "9.2", "0"],
            [T0, "9.2", "9.9", "9.1", "9.8", "5", T0 + MIN - 1, "48", 7, "2", "19.6", "0"]]
    b = KlineBuilder("1m")
    b.seed(rest, last_trade_id=100)
    b.update(agg_dict(T0 + 10, 9.9, 1.0, f=99, l=100))  # already in REST
    b.update(agg_dict(T0 + 20, 10.5, 1.0, f=101, l=102, m=True))
    k = b.current().kline
    assert (k.open, k.high, k.low, k.close) == (9.2, 10.5, 9.1, 10.5)
    assert (k.volume, k.trade_count, k.taker_buy_volume) == (6.0, 9, 2.0)
    assert k.quote_volume == pytest.approx(58.5) and k.last_trade_id == 102
    assert b.duplicates == 1


def test_seed_by_time_when_trade_ids_are_unknown(impl):
    b = KlineBuilder("1m")
    b.seed(np.array([(T0, 5.0, 5.0, 5.0, 5.0, 1.0, T0 + MIN - 1, 5.0, 1, 0.0, 0.0)], dtype=klines.KLINE_DTYPE),
           as_of_ms=T0 + 30)
    for t in (T0 + 20, T0 + 30, T0 + 31):
        b.update({"p": "6", "q": "1", "T": t, "m": True})
    assert b.current().kline.trade_count == 2 and b.current().kline.volume == 2.0 and b.duplicates == 2


def test_seed_from_a_kline_stream_event(impl):
    event = {"stream": "x@kline_1m", "data": {"e": "kline", "E": T0 + 9, "s": "X", "k": {
        "t": T0, "T": T0 + MIN - 1, "s": "X", "i": "1m", "f": 50, "L": 60, "o": "1.0", "c": "1.1", "h": "1.2",
        "l": "0.9", "v": "10", "n": 11, "x": False, "q": "10.5", "V": "4", "Q": "4.2", "B": "0"}}}
    b = KlineBuilder("1m", symbol="X")
    b.seed(event)
    assert b.last_trade_id == 60
    b.update(agg_dict(T0 + 9, 1.1, 5.0, f=55, l=60))
    b.update(agg_dict(T0 + 10, 1.3, 1.0, f=61, l=61))
    k = b.current().kline
    assert (k.high, k.close, k.volume, k.trade_count, k.first_trade_id, k.last_trade_id) == (1.3, 1.3, 11.0, 12,
                                                                                             50, 61)
    with pytest.raises(ValueError, match="interval '1m' cannot seed a 5m builder"):
        KlineBuilder("5m").seed(event)


def test_seed_refuses_a_kline_that_is_not_of_the_interval(impl):
    with pytest.raises(ValueError, match="not the start of a 1h kline"):
        KlineBuilder("1h").seed([[T0, "1", "1", "1", "1", "0", T0 + MIN - 1, "0", 0, "0", "0", "0"]])


def test_malformed_events_raise_typed_errors_naming_the_field(impl):
    b = KlineBuilder("1m")
    with pytest.raises(FrameDecodeError) as err:
        b.update({"p": "1", "T": T0, "m": False})
    assert err.value.field == "q"
    with pytest.raises(FrameDecodeError, match="'p'"):
        b.update({"p": "abc", "q": "1", "T": T0, "m": False})
    with pytest.raises(ValueError, match="qty"):
        b.update({"p": "1", "q": "nan", "T": T0, "m": False})
    b.update({"p": "1", "q": "1", "T": T0, "m": False})  # the builder survives bad events
    assert b.current().kline.volume == 1.0


# --------------------------------------------------------------------------------- builder == batch kernel

@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(st.sampled_from(INTERVALS), st.sampled_from(["+00:00", "+05:45", "-12:00", "+14:00"]),
       st.lists(st.tuples(st.integers(0, 40_000), st.integers(1, 400), st.integers(0, 80), st.booleans(),
                          st.integers(1, 3)), min_size=1, max_size=50), st.booleans())
def test_builder_emits_what_aggregate_trades_computes(impl, interval, tz, rows, coin):
    kind, step, _ = klines.interval_spec(interval)
    unit = step if kind == 0 else 31 * 86_400_000
    t = T0 + np.cumsum([r[0] * unit // 10_000 for r in rows]).astype(np.int64)
    p = np.array([r[1] / 4 for r in rows])
    q = np.array([r[2] / 8 for r in rows])
    m = np.array([r[3] for r in rows])
    n = np.array([r[4] for r in rows], dtype=np.int64)
    size = 100.0 if coin else None
    b = KlineBuilder(interval, tz_offset=tz, contract_size=size)
    events, first_id = [], 0
    for i in range(len(rows)):
        events += b.update(agg_dict(int(t[i]), float(p[i]), float(q[i]), bool(m[i]), f=first_id,
                                    l=first_id + int(n[i]) - 1))
        first_id += int(n[i])
    events.append(b.current())
    got = np.array([kline_tuple(e) for e in events], dtype=klines.KLINE_DTYPE)
    want = aggregate_trades(t, p, q, m, interval=interval, trade_count=n, contract_size=size, tz_offset=tz)
    assert got.shape == want.shape
    for name in klines.KLINE_DTYPE.names:
        np.testing.assert_allclose(got[name], want[name], rtol=1e-12, err_msg=name)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(INTERVALS), st.integers(-720, 840),
       st.lists(st.tuples(st.integers(-30_000, 90_000), st.integers(1, 99), st.integers(0, 9), st.booleans(),
                          st.integers(-1, 40), st.integers(0, 3)), max_size=40),
       st.sampled_from([0.0, 10.0]))
def test_compiled_aggregator_feed_equals_reference(interval, offset_min, events, contract):
    """Out-of-order, duplicated and id-less events: the compiled live state matches the reference step by step."""
    kind, step, _ = klines.interval_spec(interval)
    unit = step if kind == 0 else 86_400_000
    aggs = [impl.KlineAggregator(interval, offset_min * 60_000, contract) for impl in (_klines, _klines_reference)]
    for a in aggs:
        a.skip_until_ms = T0 - unit
    t = T0
    for dt, p, q, m, f, span in events:
        t += dt * unit // 30_000
        first = f if f >= 0 else -1
        last = f + span if f >= 0 else -1
        out = [a.feed(t, p / 4, q / 8, m, first, last) for a in aggs]
        assert out[0] == out[1]
        assert aggs[0].state() == aggs[1].state()
        assert (aggs[0].duplicates, aggs[0].late, aggs[0].last_seen_id) == (
            aggs[1].duplicates, aggs[1].late, aggs[1].last_seen_id)
