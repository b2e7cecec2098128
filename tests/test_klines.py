"""Klines: the compiled kernel against the plain-Python reference, Binance's bucket rules, input checks, resampling."""

from __future__ import annotations

import os
import tracemalloc
from datetime import datetime, timedelta, timezone

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from binance_fast import _klines, _klines_reference, klines
from binance_fast.klines import INTERVALS, KLINE_DTYPE, aggregate_trades, parse_tz_offset, resample

IMPLS = [pytest.param(_klines, id="compiled"), pytest.param(_klines_reference, id="reference")]
T0 = 1_633_998_480_000  # 2021-10-12 00:28 UTC, a Tuesday
MIN = 60_000
DAY = 86_400_000
# every offset shape Binance accepts: the bounds, half and quarter hours, both signs
OFFSETS = ["+00:00", "-12:00", "+14:00", "+05:45", "-03:30", "+08:00", "-1:00", "9", "+13:45"]


def utc(ms: int) -> datetime:
    return datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(milliseconds=int(ms))


def approx_interval_ms(interval: str) -> int:
    kind, step, _ = klines.interval_spec(interval)
    return 31 * DAY if kind == 1 else step


def assert_same(a: np.ndarray, b: np.ndarray, *, exact: bool = True) -> None:
    assert a.dtype == KLINE_DTYPE and b.dtype == KLINE_DTYPE
    assert a.shape == b.shape, (a.shape, b.shape)
    for name in KLINE_DTYPE.names:
        if exact or a.dtype[name].kind == "i" or name in ("open", "high", "low", "close"):
            np.testing.assert_array_equal(a[name], b[name], err_msg=name)
        else:
            np.testing.assert_allclose(a[name], b[name], rtol=1e-12, atol=1e-12, err_msg=name)


def trades(n: int, span_ms: int, seed: int = 0, start: int = T0):
    rng = np.random.default_rng(seed)
    t = np.sort(rng.integers(start, start + span_ms, n))
    p = np.round(rng.uniform(10, 20, n), 4)
    q = np.round(rng.uniform(0, 5, n), 3)
    m = rng.random(n) < 0.5
    return t, p, q, m


# ------------------------------------------------------------------------------------------- bucket rules

def test_close_time_is_next_open_minus_one_and_klines_are_contiguous():
    t, p, q, m = trades(3000, 400 * DAY)
    for interval in INTERVALS:
        if interval == "1s":
            continue  # 400 days of seconds would be 35M klines
        k = aggregate_trades(t, p, q, m, interval=interval)
        np.testing.assert_array_equal(k["close_time"][:-1] + 1, k["open_time"][1:], err_msg=interval)
        assert k["trades"].sum() == len(t)
        assert k["open_time"][0] <= t[0] <= k["close_time"][0]
        assert k["open_time"][-1] <= t[-1] <= k["close_time"][-1]


def test_weeks_open_monday_and_months_are_calendar_months():
    t, p, q, m = trades(2000, 800 * DAY)
    for k in aggregate_trades(t, p, q, m, interval="1w"):
        start = utc(k["open_time"])
        assert (start.weekday(), start.hour, start.minute) == (0, 0, 0)
        assert k["close_time"] - k["open_time"] + 1 == 7 * DAY
    months = aggregate_trades(t, p, q, m, interval="1M")
    assert len(months) >= 26
    for k in months:
        start, end = utc(k["open_time"]), utc(k["close_time"] + 1)
        assert (start.day, start.hour, start.minute) == (1, 0, 0)
        assert (end.day, end.hour) == (1, 0) and (end.year * 12 + end.month) - (start.year * 12 + start.month) == 1
    # February of a leap year and of a common year
    lengths = {(utc(k["open_time"]).year, utc(k["open_time"]).month): (k["close_time"] + 1 - k["open_time"]) // DAY
               for k in months}
    assert lengths[(2022, 2)] == 28 and lengths[(2023, 1)] == 31


def test_fixed_intervals_count_from_the_epoch():
    t, p, q, m = trades(500, 30 * DAY)
    for interval in ("3m", "8h", "12h", "1d", "3d"):
        step = klines.interval_spec(interval)[1]
        k = aggregate_trades(t, p, q, m, interval=interval)
        assert np.all(k["open_time"] % step == 0), interval


def test_time_zone_shifts_buckets():
    t, p, q, m = trades(500, 20 * DAY)
    daily = aggregate_trades(t, p, q, m, interval="1d", tz_offset="+08:00")
    assert all(utc(o).hour == 16 and utc(o).minute == 0 for o in daily["open_time"])  # midnight UTC+8
    assert daily["trades"].sum() == len(t)
    quarter = aggregate_trades(t, p, q, m, interval="1h", tz_offset="+05:45")
    assert all(utc(o).minute == 15 for o in quarter["open_time"])
    monthly = aggregate_trades(t, p, q, m, interval="1M", tz_offset="-03:30")
    assert all((utc(o) - timedelta(hours=3, minutes=30)).day == 1 for o in monthly["open_time"])
    weekly = aggregate_trades(t, p, q, m, interval="1w", tz_offset="+14:00")
    assert all((utc(o) + timedelta(hours=14)).weekday() == 0 for o in weekly["open_time"])
    # a 1m kline is the same in every whole-minute zone
    assert_same(aggregate_trades(t, p, q, m, tz_offset="-12:00"), aggregate_trades(t, p, q, m))


@pytest.mark.parametrize("text, ms", [("+00:00", 0), ("0", 0), ("8", 8 * 3_600_000), ("-1:00", -3_600_000),
                                      ("05:45", 20_700_000), ("+14:00", 50_400_000), ("-12:00", -43_200_000),
                                      (3, 10_800_000), (timedelta(hours=-2, minutes=-30), -9_000_000), (None, 0)])
def test_parse_tz_offset(text, ms):
    assert parse_tz_offset(text) == ms


@pytest.mark.parametrize("bad", ["+14:01", "-12:30", "15", "+8:60", "UTC", "8h", "", 15])
def test_parse_tz_offset_refuses_what_binance_refuses(bad):
    with pytest.raises(ValueError, match="timeZone"):
        parse_tz_offset(bad)


def test_unknown_interval_names_the_valid_ones():
    with pytest.raises(ValueError, match="1s, 1m, 3m"):
        aggregate_trades([T0], [1.0], [1.0], [True], interval="1H")


# ----------------------------------------------------------------------------------------- the kline values

def test_values_of_one_kline_by_hand():
    t = [T0 + 1, T0 + 5, T0 + 5, T0 + 59_999]
    p = [10.0, 12.0, 9.0, 11.0]
    q = [1.0, 2.0, 0.5, 4.0]
    m = [False, True, False, True]
    (k,) = aggregate_trades(t, p, q, m)
    assert (k["open_time"], k["close_time"]) == (T0, T0 + 59_999)
    assert (k["open"], k["high"], k["low"], k["close"]) == (10.0, 12.0, 9.0, 11.0)
    assert k["volume"] == 7.5 and k["quote_volume"] == 10 + 24 + 4.5 + 44
    assert k["trades"] == 4
    assert k["taker_buy_base_volume"] == 1.5 and k["taker_buy_quote_volume"] == 14.5


def test_empty_minute_is_the_previous_close_at_zero_volume():
    t = [T0 + 10, T0 + 20, T0 + 3 * MIN + 1]
    k = aggregate_trades(t, [5.0, 6.0, 7.0], [1.0, 1.0, 1.0], [True, False, True])
    assert list(k["open_time"]) == [T0, T0 + MIN, T0 + 2 * MIN, T0 + 3 * MIN]
    for empty in k[1:3]:
        assert (empty["open"], empty["high"], empty["low"], empty["close"]) == (6.0, 6.0, 6.0, 6.0)
        assert empty["volume"] == empty["quote_volume"] == empty["trades"] == 0
        assert empty["taker_buy_base_volume"] == empty["taker_buy_quote_volume"] == 0
    sparse = aggregate_trades(t, [5.0, 6.0, 7.0], [1.0, 1.0, 1.0], [True, False, True], fill_empty=False)
    assert list(sparse["open_time"]) == [T0, T0 + 3 * MIN]


def test_agg_trade_counts_and_coin_m_quote_volume():
    t = [T0, T0 + 1]
    k = aggregate_trades(t, [32000.0, 32100.0], [3.0, 2.0], [False, True], trade_count=[4, 1], contract_size=100)
    assert k["trades"][0] == 5
    assert k["volume"][0] == 5.0  # contracts
    assert k["quote_volume"][0] == pytest.approx(3 * 100 / 32000 + 2 * 100 / 32100, rel=1e-15)  # base asset
    assert k["taker_buy_quote_volume"][0] == pytest.approx(3 * 100 / 32000, rel=1e-15)


def test_inputs_of_other_types_are_accepted():
    t, p, q, m = trades(200, 10 * MIN)
    expected = aggregate_trades(t, p, q, m)
    as_dt = t.astype("datetime64[ms]")
    assert_same(aggregate_trades(as_dt, p, q, m.astype(np.int8)), expected)
    p32 = p.astype(np.float32)
    assert_same(aggregate_trades(t.astype(np.uint64), p32, q, m), aggregate_trades(t, p32.astype(np.float64), q, m))
    assert_same(aggregate_trades(list(t), list(p), list(q), list(m)), expected)
    # columns of a structured array are strided views: used in place
    rec = np.empty(len(t), [("T", "i8"), ("p", "f8"), ("q", "f8"), ("m", "?")])
    rec["T"], rec["p"], rec["q"], rec["m"] = t, p, q, m
    assert_same(aggregate_trades(rec["T"], rec["p"], rec["q"], rec["m"]), expected)
    assert aggregate_trades([], [], [], []).shape == (0,)


# ------------------------------------------------------------------------------------------- input checks

@pytest.mark.parametrize("impl", IMPLS)
@pytest.mark.parametrize("fill_empty", [True, False])
def test_unsorted_time_raises_naming_the_index(impl, fill_empty):
    t = np.array([T0, T0 + 5, T0 + 400_000, T0 + 3], dtype=np.int64)
    ones = np.ones(4)
    with pytest.raises(ValueError, match=r"time_ms\[3\] = .* < time_ms\[2\].*sort=True"):
        impl.aggregate_trades(t, ones, ones, np.zeros(4, np.uint8), None, 0.0, "1m", 0, fill_empty)


def test_sort_option_sorts_stably():
    t, p, q, m = trades(500, 30 * MIN, seed=3)
    order = np.random.default_rng(1).permutation(len(t))
    stable = np.argsort(t[order], kind="stable")
    expected = aggregate_trades(t[order][stable], p[order][stable], q[order][stable], m[order][stable])
    assert_same(aggregate_trades(t[order], p[order], q[order], m[order], sort=True), expected)
    with pytest.raises(ValueError, match="not sorted"):
        aggregate_trades(t[order], p[order], q[order], m[order])


@pytest.mark.parametrize("impl", IMPLS)
@pytest.mark.parametrize("column, value, message", [
    ("qty", np.nan, r"qty\[2\] = nan is NaN"),
    ("qty", -1.0, r"qty\[2\] = -1.0 is negative"),
    ("qty", np.inf, r"qty\[2\] = inf is infinite"),
    ("price", np.nan, r"price\[2\] = nan is NaN"),
    ("price", 0.0, r"price\[2\] = 0.0 is not positive"),
    ("price", -3.0, r"price\[2\] = -3.0 is not positive"),
])
def test_bad_values_are_refused_naming_the_index(impl, column, value, message):
    t = np.array([T0, T0 + 1, T0 + 2, T0 + 3], dtype=np.int64)
    cols = {"price": np.ones(4), "qty": np.ones(4)}
    cols[column][2] = value
    with pytest.raises(ValueError, match=message):
        impl.aggregate_trades(t, cols["price"], cols["qty"], np.zeros(4, np.uint8), None, 0.0, "1m", 0, True)


@pytest.mark.parametrize("impl", IMPLS)
def test_trade_count_below_one_is_refused(impl):
    t = np.array([T0, T0 + 1], dtype=np.int64)
    with pytest.raises(ValueError, match=r"trade_count\[1\] = 0"):
        impl.aggregate_trades(t, np.ones(2), np.ones(2), np.zeros(2, np.uint8), np.array([1, 0]), 0.0, "1m", 0, True)


def test_mismatched_lengths_and_bad_contract_size():
    with pytest.raises(ValueError, match="same length"):
        aggregate_trades([T0, T0 + 1], [1.0], [1.0, 1.0], [True, True])
    with pytest.raises(ValueError, match="contract_size"):
        aggregate_trades([T0], [1.0], [1.0], [True], contract_size=0)


def test_fill_empty_refuses_a_range_too_long_to_hold():
    with pytest.raises(ValueError, match="fill_empty would make about 315,360,00"):
        aggregate_trades([T0, T0 + 3650 * DAY], [1.0, 1.0], [1.0, 1.0], [True, True], interval="1s")
    sparse = aggregate_trades([T0, T0 + 3650 * DAY], [1.0, 1.0], [1.0, 1.0], [True, True], interval="1s",
                              fill_empty=False)
    assert len(sparse) == 2


def test_memory_beyond_the_inputs_is_the_output():
    t, p, q, m = trades(1_000_000, 20 * MIN, seed=5)
    for fill_empty in (True, False):
        tracemalloc.start()
        k = aggregate_trades(t, p, q, m, fill_empty=fill_empty)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert len(k) == 20
        assert peak < 64_000, peak  # the 20 klines (1.8 kB) and bookkeeping, nothing per trade (8 MB a column)


# ----------------------------------------------------------------------------- differential (hypothesis)

@st.composite
def trade_sets(draw, intervals=INTERVALS):
    interval = draw(st.sampled_from(intervals))
    offset = draw(st.sampled_from(OFFSETS) | st.integers(-12 * 60, 14 * 60).map(lambda mins: timedelta(minutes=mins)))
    unit = approx_interval_ms(interval)
    n = draw(st.integers(0, 60))
    start = draw(st.integers(-5 * 365 * DAY, 60 * 365 * DAY))  # before 1970 too
    gaps = draw(st.lists(st.one_of(st.just(0), st.integers(0, unit // 3), st.integers(0, 3 * unit)),
                         min_size=n, max_size=n))
    t = start + np.cumsum(np.array(gaps, dtype=np.int64))
    # dyadic prices and quantities: every sum is exact, so resampled volumes equal direct ones bit for bit
    p = np.array(draw(st.lists(st.integers(4, 400), min_size=n, max_size=n)), dtype=np.float64) / 4
    q = np.array(draw(st.lists(st.integers(0, 800), min_size=n, max_size=n)), dtype=np.float64) / 8
    m = np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=np.bool_)
    counts = draw(st.none() | st.just(np.array(draw(st.lists(st.integers(1, 9), min_size=n, max_size=n)),
                                               dtype=np.int64)))
    contract = draw(st.sampled_from([0.0, 10.0, 100.0]))
    return interval, parse_tz_offset(offset), t, p, q, m, counts, contract


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(trade_sets(), st.booleans())
def test_compiled_equals_reference_for_every_interval_and_offset(case, fill_empty):
    interval, offset, t, p, q, m, counts, contract = case
    got = _klines.aggregate_trades(t, p, q, m.view(np.uint8), counts, contract, interval, offset, fill_empty)
    want = _klines_reference.aggregate_trades(t, p, q, m, counts, contract, interval, offset, fill_empty)
    assert_same(got, want, exact=contract == 0.0)


NESTING = [("1s", "1m"), ("1m", "5m"), ("1m", "1h"), ("3m", "15m"), ("15m", "4h"), ("1h", "1d"), ("1h", "1w"),
           ("2h", "12h"), ("1d", "3d"), ("1d", "1w"), ("1d", "1M"), ("12h", "1M"), ("1h", "1M")]


@SETTINGS
@given(st.sampled_from(NESTING), st.data(), st.booleans(), st.booleans())
def test_resample_equals_aggregating_the_trades_directly(pair, data, fill_source, fill_target):
    small, big = pair
    _, offset, t, p, q, m, counts, _ = data.draw(trade_sets(intervals=[big]))
    # buckets of both intervals are counted in the same local time, so any offset nests
    source = _klines.aggregate_trades(t, p, q, m.view(np.uint8), counts, 0.0, small, offset, fill_source)
    direct = _klines.aggregate_trades(t, p, q, m.view(np.uint8), counts, 0.0, big, offset, fill_target)
    got = resample(source, big, tz_offset=timedelta(milliseconds=offset), fill_empty=fill_target)
    assert_same(got, direct)
    if len(source) < 3000:  # the reference is slow
        assert_same(_klines_reference.resample(source, big, offset, fill_target), got)


# ------------------------------------------------------------------------------------------------- resample

def test_resample_of_empty_source_klines_keeps_the_trade_prices():
    # minute 0 empty at the previous hour's close, minute 1 trades higher: the hour opens at the trade
    t = [T0 - 30 * MIN, T0 + 90 * MIN + 1]
    k1m = aggregate_trades(t, [100.0, 105.0], [1.0, 1.0], [True, True])
    hour = resample(k1m, "1h")
    direct = aggregate_trades(t, [100.0, 105.0], [1.0, 1.0], [True, True], interval="1h")
    assert_same(hour, direct)
    assert hour["open"][-1] == 105.0 and hour["low"][-1] == 105.0


def test_resample_refuses_intervals_that_do_not_nest():
    t, p, q, m = trades(100, 60 * DAY)
    with pytest.raises(ValueError, match="do not nest"):
        resample(aggregate_trades(t, p, q, m, interval="3d"), "1w")
    with pytest.raises(ValueError, match="do not nest"):
        resample(aggregate_trades(t, p, q, m, interval="1w"), "1M")
    hourly = aggregate_trades(t, p, q, m, interval="1h")
    with pytest.raises(ValueError, match="does not fit"):  # 1h built in UTC, resampled in a :45 zone
        resample(hourly, "1d", tz_offset="+05:45")


def test_resample_refuses_unsorted_klines_and_reads_rest_rows():
    t, p, q, m = trades(100, 3 * 3_600_000)
    k = aggregate_trades(t, p, q, m)
    with pytest.raises(ValueError, match=r"not sorted by open_time: open_time\[1\]"):
        resample(k[::-1].copy(), "1h")
    rows = [[int(r["open_time"]), f"{r['open']:.8f}", f"{r['high']:.8f}", f"{r['low']:.8f}", f"{r['close']:.8f}",
             repr(float(r["volume"])), int(r["close_time"]), repr(float(r["quote_volume"])), int(r["trades"]),
             repr(float(r["taker_buy_base_volume"])), repr(float(r["taker_buy_quote_volume"])), "0"] for r in k]
    assert_same(resample(rows, "1h"), resample(k, "1h"), exact=False)
    assert_same(klines.klines_from_rest(rows), k, exact=False)
    with pytest.raises(ValueError, match="row 0 has 3 columns"):
        klines.klines_from_rest([[1, "2", "3"]])


def test_the_public_module_uses_the_compiled_kernel():
    expected = _klines_reference if os.environ.get("BINANCE_FAST_PURE_PYTHON") == "1" else _klines
    assert klines._impl is expected
    assert aggregate_trades.__module__ == "binance_fast.klines" and KLINE_DTYPE.itemsize == 88


# the docs' own examples (spot REST klines, spot kline stream, COIN-M REST klines)
DOCS_SPOT_REST_ROW = [1499040000000, "0.01634790", "0.80000000", "0.01575800", "0.01577100", "148976.11427815",
                      1499644799999, "2434.19055334", 308, "1756.87402397", "28.46694368", "0"]


@pytest.mark.parametrize("interval, open_time, close_time", [
    ("1w", 1499040000000, 1499644799999),  # spot GET /api/v3/klines example: a week from Monday 2017-07-03
    ("1m", 1672515780000, 1672515839999),  # spot <symbol>@kline_<interval> example
    ("1m", 1591258320000, 1591258379999),  # COIN-M GET /dapi/v1/klines example
])
def test_docs_examples_are_buckets_of_their_interval(interval, open_time, close_time):
    for t in (open_time, (open_time + close_time) // 2, close_time):
        (k,) = aggregate_trades([t], [1.0], [1.0], [False], interval=interval)
        assert (k["open_time"], k["close_time"]) == (open_time, close_time)
    assert utc(open_time).weekday() == 0 or interval != "1w"


def test_docs_rest_row_parses_and_seeds():
    (k,) = klines.klines_from_rest([DOCS_SPOT_REST_ROW])
    assert k["open_time"] == 1499040000000 and k["close_time"] == 1499644799999 and k["trades"] == 308
    assert k["high"] == 0.8 and k["taker_buy_quote_volume"] == 28.46694368
    builder = klines.KlineBuilder("1w")
    builder.seed([DOCS_SPOT_REST_ROW])
    assert builder.current(event_time=0).kline.quote_volume == 2434.19055334
