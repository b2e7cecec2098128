"""Kline aggregation, side by side: binance_fast against pandas, polars, numpy reduceat and a memory-read floor.

Run: ``pytest benchmarks/bench_klines.py --benchmark-group-by=group`` (pip install pandas polars).
Two questions: 10 million trades to 1m klines (every Binance column: OHLC, volume, quote volume, trades, taker buy
volumes), and 1 million 1m klines to 1h. Every peer computes the same columns and is checked against ours once.
The data is generated once per module; runs are short (pedantic, few rounds).
"""

from __future__ import annotations

import numpy as np
import pytest

from binance_fast.klines import aggregate_trades, resample

N_TRADES = 10_000_000
N_KLINES = 1_000_000
T0 = 1_700_000_000_000 - 1_700_000_000_000 % 86_400_000
ROUNDS = dict(rounds=5, iterations=1, warmup_rounds=1)


def random_trades(n: int, seed: int):
    """~1400 trades a minute, a random-walk price in ticks of 0.01: (time_ms, price, qty, is_buyer_maker)."""
    rng = np.random.default_rng(seed)
    t = T0 + np.cumsum(rng.exponential(43.0, n)).astype(np.int64)
    p = np.round(30_000 + np.cumsum(rng.normal(0, 0.5, n)), 2)
    q = np.round(rng.exponential(0.05, n), 5)
    m = rng.random(n) < 0.5
    return t, p, q, m


@pytest.fixture(scope="module")
def trades():
    return random_trades(N_TRADES, 7)


@pytest.fixture(scope="module")
def klines_1m():
    rng = np.random.default_rng(8)
    t = T0 + np.arange(N_KLINES, dtype=np.int64) * 60_000 + rng.integers(0, 60_000, N_KLINES)
    p = np.round(30_000 + np.cumsum(rng.normal(0, 5, N_KLINES)), 2)
    q = np.round(rng.exponential(1.0, N_KLINES), 5)
    m = rng.random(N_KLINES) < 0.5
    # one trade a minute is enough to make 1M realistic-looking 1m klines quickly
    k = aggregate_trades(t, p, q, m, interval="1m")
    k["high"] += 1.0
    k["low"] -= 1.0
    return k


def check(ours: np.ndarray, **columns) -> None:
    for name, values in columns.items():
        np.testing.assert_allclose(ours[name], np.asarray(values, dtype=ours.dtype[name]), rtol=1e-9, err_msg=name)


# ------------------------------------------------------------------------------- 10M trades -> 1m klines

@pytest.mark.benchmark(group="10M trades -> 1m klines")
def test_trades_binance_fast(benchmark, trades):
    out = benchmark.pedantic(aggregate_trades, args=trades, kwargs={"interval": "1m"}, **ROUNDS)
    assert out["trades"].sum() == N_TRADES and len(out) > 7_000


def reduceat_klines(t, p, q, m):
    minute = t // 60_000
    starts = np.flatnonzero(np.r_[True, minute[1:] != minute[:-1]])
    ends = np.r_[starts[1:], len(t)] - 1
    qv = p * q
    taker = ~m
    return {
        "open_time": minute[starts] * 60_000,
        "open": p[starts],
        "high": np.maximum.reduceat(p, starts),
        "low": np.minimum.reduceat(p, starts),
        "close": p[ends],
        "volume": np.add.reduceat(q, starts),
        "quote_volume": np.add.reduceat(qv, starts),
        "trades": ends - starts + 1,
        "taker_buy_base_volume": np.add.reduceat(np.where(taker, q, 0.0), starts),
        "taker_buy_quote_volume": np.add.reduceat(np.where(taker, qv, 0.0), starts),
    }


@pytest.mark.benchmark(group="10M trades -> 1m klines")
def test_trades_numpy_reduceat(benchmark, trades):
    out = benchmark.pedantic(reduceat_klines, args=trades, **ROUNDS)
    check(aggregate_trades(*trades), **out)


@pytest.mark.benchmark(group="10M trades -> 1m klines")
def test_trades_pandas_resample(benchmark, trades):
    pd = pytest.importorskip("pandas")
    t, p, q, m = trades
    df = pd.DataFrame({"p": p, "q": q, "m": m}, index=pd.to_datetime(t, unit="ms"))

    def run():
        qv = df["p"] * df["q"]
        taker = ~df["m"]
        frame = pd.DataFrame({"p": df["p"], "q": df["q"], "qv": qv, "tbv": df["q"].where(taker, 0.0),
                              "tbq": qv.where(taker, 0.0)})
        return frame.resample("1min").agg({"p": ["first", "max", "min", "last", "size"], "q": "sum", "qv": "sum",
                                           "tbv": "sum", "tbq": "sum"})

    out = benchmark.pedantic(run, **ROUNDS)
    check(aggregate_trades(*trades), open=out[("p", "first")], high=out[("p", "max")], low=out[("p", "min")],
          close=out[("p", "last")], volume=out[("q", "sum")], quote_volume=out[("qv", "sum")],
          trades=out[("p", "size")], taker_buy_quote_volume=out[("tbq", "sum")])


@pytest.mark.benchmark(group="10M trades -> 1m klines")
def test_trades_pandas_groupby(benchmark, trades):
    pd = pytest.importorskip("pandas")
    t, p, q, m = trades
    df = pd.DataFrame({"t": t, "p": p, "q": q, "m": m})

    def run():
        qv = df["p"] * df["q"]
        taker = ~df["m"]
        frame = pd.DataFrame({"minute": df["t"] // 60_000, "p": df["p"], "q": df["q"], "qv": qv,
                              "tbv": df["q"].where(taker, 0.0), "tbq": qv.where(taker, 0.0)})
        return frame.groupby("minute", sort=False).agg(
            open=("p", "first"), high=("p", "max"), low=("p", "min"), close=("p", "last"), volume=("q", "sum"),
            quote_volume=("qv", "sum"), trades=("p", "size"), tbv=("tbv", "sum"), tbq=("tbq", "sum"))

    out = benchmark.pedantic(run, **ROUNDS)
    check(aggregate_trades(*trades), **{c: out[c] for c in ("open", "high", "low", "close", "volume", "trades")})


@pytest.mark.benchmark(group="10M trades -> 1m klines")
def test_trades_polars_group_by_dynamic(benchmark, trades):
    pl = pytest.importorskip("polars")
    t, p, q, m = trades
    df = pl.DataFrame({"time": pl.Series(t).cast(pl.Datetime("ms")), "p": p, "q": q, "m": m})

    def run():
        qv = pl.col("p") * pl.col("q")
        taker = ~pl.col("m")
        return df.group_by_dynamic("time", every="1m").agg(
            pl.col("p").first().alias("open"), pl.col("p").max().alias("high"), pl.col("p").min().alias("low"),
            pl.col("p").last().alias("close"), pl.col("q").sum().alias("volume"), qv.sum().alias("quote_volume"),
            pl.len().alias("trades"), pl.col("q").filter(taker).sum().alias("tbv"),
            qv.filter(taker).sum().alias("tbq"))

    out = benchmark.pedantic(run, **ROUNDS)
    check(aggregate_trades(*trades), **{c: out[c].to_numpy() for c in ("open", "high", "low", "close", "volume",
                                                                        "quote_volume", "trades")},
          taker_buy_quote_volume=out["tbq"].to_numpy())


@pytest.mark.benchmark(group="10M trades -> 1m klines")
def test_trades_floor_read_inputs(benchmark, trades):
    """The physical floor: one read of every input column (no aggregation at all)."""
    t, p, q, m = trades
    benchmark.pedantic(lambda: (t.max(), p.max(), q.max(), m.any()), **ROUNDS)


# ------------------------------------------------------------------------------- 1M 1m klines -> 1h

@pytest.mark.benchmark(group="1M 1m klines -> 1h")
def test_resample_binance_fast(benchmark, klines_1m):
    out = benchmark.pedantic(resample, args=(klines_1m, "1h"), **ROUNDS)
    assert out["trades"].sum() == N_KLINES


@pytest.mark.benchmark(group="1M 1m klines -> 1h")
def test_resample_numpy_reduceat(benchmark, klines_1m):
    k = klines_1m

    def run():
        hour = k["open_time"] // 3_600_000
        starts = np.flatnonzero(np.r_[True, hour[1:] != hour[:-1]])
        ends = np.r_[starts[1:], len(k)] - 1
        return {"open": k["open"][starts], "high": np.maximum.reduceat(k["high"], starts),
                "low": np.minimum.reduceat(k["low"], starts), "close": k["close"][ends],
                **{c: np.add.reduceat(k[c], starts) for c in ("volume", "quote_volume", "trades",
                                                              "taker_buy_base_volume", "taker_buy_quote_volume")}}

    out = benchmark.pedantic(run, **ROUNDS)
    check(resample(k, "1h"), **out)


@pytest.mark.benchmark(group="1M 1m klines -> 1h")
def test_resample_pandas(benchmark, klines_1m):
    pd = pytest.importorskip("pandas")
    cols = ("open", "high", "low", "close", "volume", "quote_volume", "trades", "taker_buy_base_volume",
            "taker_buy_quote_volume")
    df = pd.DataFrame({c: klines_1m[c] for c in cols}, index=pd.to_datetime(klines_1m["open_time"], unit="ms"))
    how = {"open": "first", "high": "max", "low": "min", "close": "last", **{c: "sum" for c in cols[4:]}}
    out = benchmark.pedantic(lambda: df.resample("1h").agg(how), **ROUNDS)
    check(resample(klines_1m, "1h"), **{c: out[c] for c in cols})


@pytest.mark.benchmark(group="1M 1m klines -> 1h")
def test_resample_polars(benchmark, klines_1m):
    pl = pytest.importorskip("polars")
    cols = ("open", "high", "low", "close", "volume", "quote_volume", "trades", "taker_buy_base_volume",
            "taker_buy_quote_volume")
    df = pl.DataFrame({"time": pl.Series(klines_1m["open_time"]).cast(pl.Datetime("ms")),
                       **{c: klines_1m[c] for c in cols}})

    def run():
        return df.group_by_dynamic("time", every="1h").agg(
            pl.col("open").first(), pl.col("high").max(), pl.col("low").min(), pl.col("close").last(),
            *(pl.col(c).sum() for c in cols[4:]))

    out = benchmark.pedantic(run, **ROUNDS)
    check(resample(klines_1m, "1h"), **{c: out[c].to_numpy() for c in cols})


@pytest.mark.benchmark(group="1M 1m klines -> 1h")
def test_resample_floor_read_inputs(benchmark, klines_1m):
    """The physical floor: one read of the source klines."""
    raw = klines_1m.view(np.uint8)
    benchmark.pedantic(lambda: raw.max(), **ROUNDS)


# ------------------------------------------------------------------------------- live: aggTrade events -> klines

N_EVENTS = 200_000


@pytest.fixture(scope="module")
def agg_events():
    t, p, q, m = random_trades(N_EVENTS, 9)
    return [{"e": "aggTrade", "E": int(t[i]), "s": "BTCUSDT", "a": i, "p": str(p[i]), "q": str(q[i]), "f": 2 * i,
             "l": 2 * i + 1, "T": int(t[i]), "m": bool(m[i])} for i in range(N_EVENTS)]


def build_live(events, module):
    import binance_fast.klines as kl

    saved, kl._impl = kl._impl, module
    try:
        builder = kl.KlineBuilder("1m", symbol="BTCUSDT")
    finally:
        kl._impl = saved
    return builder.update_many(events)


@pytest.mark.benchmark(group="200k aggTrade dicts -> live 1m klines")
def test_live_builder_compiled(benchmark, agg_events):
    from binance_fast import _klines

    closed = benchmark.pedantic(build_live, args=(agg_events, _klines), **ROUNDS)
    assert len(closed) > 100


@pytest.mark.benchmark(group="200k aggTrade dicts -> live 1m klines")
def test_live_builder_reference(benchmark, agg_events):
    from binance_fast import _klines, _klines_reference

    closed = benchmark.pedantic(build_live, args=(agg_events, _klines_reference), **ROUNDS)
    assert [e.kline.close for e in closed] == [e.kline.close for e in build_live(agg_events, _klines)]


@pytest.mark.benchmark(group="200k aggTrade dicts -> live 1m klines")
def test_live_floor_read_fields(benchmark, agg_events):
    """The floor: reading and converting the fields a builder needs, and nothing else."""
    def run():
        for d in agg_events:
            int(d["T"]), float(d["p"]), float(d["q"]), bool(d["m"]), int(d["f"]), int(d["l"])

    benchmark.pedantic(run, **ROUNDS)
