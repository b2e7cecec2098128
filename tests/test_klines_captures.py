"""Klines against Binance's own: replaying the real captures in ../shared/data (skipped where absent).

Folding the aggTrades between two kline_1m updates of the same minute into the first must give Binance's second
update (h, l, c, v, q, V, Q, n); on COIN-M ``v`` counts contracts and ``q`` is in the base asset. "Between" is by
trade id, and only pairs whose second update ends on an aggTrade boundary can be rebuilt (see ``aligned``).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from binance_fast import _klines, _klines_reference, klines
from binance_fast.klines import KlineBuilder, aggregate_trades

pytestmark = pytest.mark.shared_data

VENUES = ["BINANCE", "BINANCE_FUTURES", "BINANCE_DELIVERY"]
# the spot capture holds one kline_1m update per symbol (test_spot_kline_agrees_with_its_trades covers spot)
FUTURES = ["BINANCE_FUTURES", "BINANCE_DELIVERY"]


def load_frames(path: Path) -> list[dict]:
    """The ``data`` of every stream frame, in arrival order (the recorder's first line is the URL)."""
    frames = []
    with path.open() as fh:
        next(fh)
        for line in fh:
            _, _, payload = line.partition(": ")
            if payload.strip():
                frames.append(json.loads(payload)["data"])
    return frames


def contract_sizes(path: Path) -> dict[str, float]:
    """COIN-M contract size per symbol, from the captured exchangeInfo (line 1: ``<url> -> <ts>: <json>``)."""
    info = json.loads(path.open().readline().split(": ", 1)[1])
    return {s["symbol"]: float(s["contractSize"]) for s in info["symbols"] if "contractSize" in s}


def pairs(frames: list[dict]):
    """(symbol, kline update, the next update of that symbol, the aggTrades that make the difference).

    The aggTrades are picked by trade id (``L`` of the first < ``l`` <= ``L`` of the second), not by arrival:
    in the captures kline and aggTrade frames of one instant arrive in either order.
    """
    aggs: dict[str, list[dict]] = {}
    for data in frames:
        if data.get("e") == "aggTrade":
            aggs.setdefault(data["s"], []).append(data)
    last: dict[str, dict] = {}
    for data in frames:
        if data.get("e") == "kline":
            s = data["s"]
            if s in last:
                lo, hi = last[s]["k"]["L"], data["k"]["L"]
                yield s, last[s], data, [a for a in aggs.get(s, []) if lo < a["l"] <= hi]
            last[s] = data


def aligned(k1: dict, k2: dict, trades: list[dict]) -> bool:
    """Whether the second update ends on an aggTrade boundary after the first: Binance's kline stream counts single
    trades and often cuts an aggTrade between two updates; those pairs cannot be rebuilt from aggTrades."""
    lo, hi = k1["k"]["L"], k2["k"]["L"]
    if not trades:
        return lo == hi
    return trades[0]["f"] == lo + 1 and trades[-1]["l"] == hi and all(
        a["f"] == b["l"] + 1 for b, a in zip(trades, trades[1:]))


def check_kline(got, binance: dict) -> None:
    want = binance["k"]
    assert (got.start_time, got.close_time, got.interval) == (want["t"], want["T"], want["i"])
    for ours, wire in (("open", "o"), ("high", "h"), ("low", "l"), ("close", "c")):
        assert getattr(got, ours) == float(want[wire]), ours
    for ours, wire in (("volume", "v"), ("quote_volume", "q"), ("taker_buy_volume", "V"),
                       ("taker_buy_quote_volume", "Q")):
        # Binance prints 8 decimals at most
        assert getattr(got, ours) == pytest.approx(float(want[wire]), rel=1e-9, abs=1e-8), ours
    assert got.trade_count == want["n"]
    assert (got.first_trade_id, got.last_trade_id) == (want["f"], want["L"])


@pytest.fixture(scope="module")
def venue(request, captures):
    name = request.param
    sizes = contract_sizes(captures / f"{name}.0") if name == "BINANCE_DELIVERY" else {}
    return name, load_frames(captures / f"{name}.ws.1.0"), sizes


@pytest.mark.parametrize("venue", FUTURES, indirect=True)
@pytest.mark.parametrize("impl", [_klines, _klines_reference], ids=["compiled", "reference"])
def test_folding_agg_trades_reproduces_binance_next_kline_update(venue, impl, monkeypatch):
    name, frames, sizes = venue
    monkeypatch.setattr(klines, "_impl", impl)
    same_minute = [(s, k1, trades, k2) for s, k1, k2, trades in pairs(frames) if k1["k"]["t"] == k2["k"]["t"]]
    rebuildable = [case for case in same_minute if aligned(case[1], case[3], case[2])]
    # the aligned pairs in these captures: USD-M 36 of 59, COIN-M 5 of 26
    assert len(rebuildable) >= {"BINANCE_FUTURES": 36, "BINANCE_DELIVERY": 5}[name]
    folded = 0
    for symbol, k1, trades, k2 in rebuildable:
        builder = KlineBuilder("1m", symbol=symbol, contract_size=sizes.get(symbol))
        builder.seed(k1)
        closed = builder.update_many(trades)
        assert closed == []
        check_kline(builder.current().kline, k2)
        if k2["k"]["x"]:  # Binance's final word on the minute: the clock closes ours identically
            (final,) = builder.tick(k2["k"]["T"] + 1)
            assert final.kline.is_closed
            check_kline(final.kline, k2)
        folded += len(trades)
    assert folded >= {"BINANCE_FUTURES": 44, "BINANCE_DELIVERY": 6}[name]  # aggTrades folded, not just repeats


@pytest.mark.parametrize("venue", FUTURES, indirect=True)
def test_decoded_stream_events_drive_the_builder_like_raw_dicts(venue):
    """The same folds with the stream decoder's typed AggTrade / KlineEvent structs instead of raw dicts."""
    streams = pytest.importorskip("binance_fast.streams")
    name, frames, sizes = venue
    product = {"BINANCE_FUTURES": "usdm", "BINANCE_DELIVERY": "coinm"}[name]
    checked = 0
    for symbol, k1, k2, trades in pairs(frames):
        if k1["k"]["t"] != k2["k"]["t"] or not trades or not aligned(k1, k2, trades):
            continue
        builder = KlineBuilder("1m", symbol=symbol, contract_size=sizes.get(symbol))
        builder.seed(streams.decode(json.dumps(k1), product=product))
        for t in trades:
            assert builder.update(streams.decode(json.dumps(t), product=product)) == ()
        check_kline(builder.current().kline, k2)
        checked += 1
    assert checked >= 5


@pytest.mark.parametrize("venue", ["BINANCE_FUTURES"], indirect=True)  # the only one with a closed kline
def test_first_trade_of_next_minute_closes_the_kline_binance_closed(venue):
    """The kline Binance reports closed (x) equals the one our builder emits on the next minute's first trade."""
    name, frames, sizes = venue
    checked = 0
    for symbol, k1, k2, trades in pairs(frames):
        if not (k2["k"]["x"] and k1["k"]["t"] == k2["k"]["t"] and aligned(k1, k2, trades)):
            continue
        builder = KlineBuilder("1m", symbol=symbol, contract_size=sizes.get(symbol))
        builder.seed(k1)
        builder.update_many(trades)
        later = [f for f in frames if f.get("e") == "aggTrade" and f["s"] == symbol and f["T"] > k2["k"]["T"]]
        if not later:
            continue
        (closed,) = builder.update(later[0])
        check_kline(closed.kline, k2)
        assert builder.current().kline.start_time == k2["k"]["T"] + 1
        checked += 1
    assert checked >= 2  # AKROUSDT and KEEPUSDT close a minute in this capture


@pytest.mark.parametrize("venue", FUTURES, indirect=True)
def test_batch_aggregation_reproduces_the_trades_part_of_binance_klines(venue):
    """aggregate_trades over the aggTrades between two same-minute updates equals the difference of the updates."""
    name, frames, sizes = venue
    checked = 0
    for symbol, k1, k2, new in pairs(frames):
        if k1["k"]["t"] != k2["k"]["t"] or not new or not aligned(k1, k2, new):
            continue
        part = aggregate_trades([t["T"] for t in new], [float(t["p"]) for t in new], [float(t["q"]) for t in new],
                                [t["m"] for t in new], trade_count=[t["l"] - t["f"] + 1 for t in new],
                                contract_size=sizes.get(symbol))
        (k,) = part
        a, b = k1["k"], k2["k"]
        assert k["open_time"] == b["t"] and k["close_time"] == b["T"]
        assert k["trades"] == b["n"] - a["n"]
        assert max(k["high"], float(a["h"])) == float(b["h"]) and min(k["low"], float(a["l"])) == float(b["l"])
        assert k["close"] == float(b["c"])
        for field, wire in (("volume", "v"), ("quote_volume", "q"), ("taker_buy_base_volume", "V"),
                            ("taker_buy_quote_volume", "Q")):
            assert k[field] == pytest.approx(float(b[wire]) - float(a[wire]), rel=1e-9, abs=1e-8), field
        checked += 1
    assert checked >= 5


def test_spot_kline_agrees_with_its_trades(captures):
    """Spot has one kline_1m update per symbol: the aggTrade that ends it is its last trade, close and volume."""
    frames = load_frames(captures / "BINANCE.ws.1.0")
    seen = 0
    agg = {f["s"]: f for f in frames if f.get("e") == "aggTrade"}
    for f in frames:
        if f.get("e") != "kline" or f["s"] not in agg:
            continue
        k, t = f["k"], agg[f["s"]]
        if t["l"] != k["L"]:
            continue
        assert float(k["c"]) == float(t["p"]) and float(k["l"]) <= float(t["p"]) <= float(k["h"])
        # a one-trade minute is that trade, exactly as aggregate_trades builds it
        if k["n"] == t["l"] - t["f"] + 1:
            (ours,) = aggregate_trades([t["T"]], [float(t["p"])], [float(t["q"])], [t["m"]],
                                       trade_count=[k["n"]])
            assert (ours["open_time"], ours["close_time"]) == (k["t"], k["T"])
            assert ours["open"] == float(k["o"]) and ours["volume"] == float(k["v"])
            assert ours["quote_volume"] == pytest.approx(float(k["q"]), rel=1e-12)
            assert ours["taker_buy_base_volume"] == float(k["V"])  # m false: the taker bought
        seen += 1
    assert seen == 2  # NKNUSDT and LRCBTC


@pytest.mark.parametrize("venue", VENUES, indirect=True)
def test_minute_without_trades_is_the_previous_close_at_zero_volume(venue):
    """No capture holds a trade-less minute, so build one the way Binance shows it: after a real closed kline,
    a clock tick two minutes on gives an empty kline at that close with zero volume and trades."""
    name, frames, sizes = venue
    last = {}
    for f in frames:
        if f.get("e") == "kline":
            last[f["s"]] = f
    symbol, event = next(iter(last.items()))
    builder = KlineBuilder("1m", symbol=symbol, contract_size=sizes.get(symbol))
    builder.seed(event)
    first, empty = builder.tick(event["k"]["T"] + 1 + 60_000)
    close = float(event["k"]["c"])
    assert first.kline.close == close
    k = empty.kline
    assert (k.open, k.high, k.low, k.close) == (close,) * 4
    assert (k.volume, k.quote_volume, k.trade_count, k.taker_buy_volume) == (0, 0, 0, 0)
    assert k.start_time == event["k"]["T"] + 1 and k.is_closed
    # and the batch kernel agrees, given the same minute's last trade and one two minutes later
    t = [event["k"]["T"], event["k"]["T"] + 1 + 2 * 60_000]
    batch = aggregate_trades(t, [close, close * 1.01], [1.0, 1.0], [False, False])
    assert batch["volume"][1] == 0 and batch["close"][1] == close and batch["trades"][1] == 0
    assert np.all(batch["open_time"][1] == k.start_time)
