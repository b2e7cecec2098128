"""Klines: trades to Binance klines (compiled), resampling to longer intervals, and a live kline builder.

``aggregate_trades`` and ``resample`` return numpy structured arrays of ``KLINE_DTYPE`` (the columns of Binance's
REST klines); ``KlineBuilder`` turns a live trade / aggTrade stream into kline events shaped like Binance's kline
stream. Buckets follow Binance: fixed intervals counted from the Unix epoch, weeks opening Monday 00:00, calendar
months, all in the spot ``timeZone`` offset when one is given; close time = next open time - 1 ms.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import timedelta
from typing import Any

import msgspec
import numpy as np

from . import _klines_reference
from ._klines_reference import INTERVALS, KLINE_DTYPE, KLINE_FIELDS, interval_spec
from .errors import FrameDecodeError

__all__ = [
    "INTERVALS",
    "KLINE_DTYPE",
    "Kline",
    "KlineBuilder",
    "KlineAggregator",
    "KlineEvent",
    "aggregate_trades",
    "klines_from_rest",
    "parse_tz_offset",
    "resample",
]

# aiohttp style: the compiled kernel, or with BINANCE_FAST_PURE_PYTHON=1 the reference (always importable too)
if os.environ.get("BINANCE_FAST_PURE_PYTHON") == "1":
    _impl: Any = _klines_reference
else:
    from . import _klines as _impl

# the raw live state (add / roll / feed) under KlineBuilder, for callers that want no events
KlineAggregator = _impl.KlineAggregator

try:  # the stream decoder's own kline event, so built and decoded klines are one type
    from .models import Kline, KlineEvent  # type: ignore[attr-defined]
except ImportError:
    class Kline(msgspec.Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):  # type: ignore[no-redef]
        """The candle inside a kline event (``k``); readable names, Binance's wire keys."""

        start_time: int = msgspec.field(name="t")
        close_time: int = msgspec.field(name="T")
        symbol: str | None = msgspec.field(name="s", default=None)
        interval: str = msgspec.field(name="i")
        first_trade_id: int = msgspec.field(name="f")
        last_trade_id: int = msgspec.field(name="L")
        open: float = msgspec.field(name="o")
        close: float = msgspec.field(name="c")
        high: float = msgspec.field(name="h")
        low: float = msgspec.field(name="l")
        volume: float = msgspec.field(name="v")
        trade_count: int = msgspec.field(name="n")
        is_closed: bool = msgspec.field(name="x")
        quote_volume: float = msgspec.field(name="q")
        taker_buy_volume: float = msgspec.field(name="V")
        taker_buy_quote_volume: float = msgspec.field(name="Q")
        ignore: str | None = msgspec.field(name="B", default=None)

    class KlineEvent(msgspec.Struct, frozen=True, kw_only=True, gc=False, omit_defaults=True):  # type: ignore[no-redef]
        """``kline``: one candle update, as Binance's kline stream sends it."""

        event_type: str = msgspec.field(name="e")
        event_time: int = msgspec.field(name="E")
        symbol: str | None = msgspec.field(name="s", default=None)
        kline: Kline = msgspec.field(name="k")


_TZ = re.compile(r"^\s*([+-]?)(\d{1,2})(?::(\d{2}))?\s*$")
_TZ_MIN_MS = -12 * 3_600_000
_TZ_MAX_MS = 14 * 3_600_000


def parse_tz_offset(tz_offset: str | int | timedelta | None) -> int:
    """A Binance ``timeZone`` (``"+08:00"``, ``"-1:00"``, ``"05:45"``, ``"8"``, an int of hours, a timedelta) in ms.

    Binance accepts -12:00 to +14:00 inclusive; anything else is refused here, before any computation.
    """
    if tz_offset is None:
        return 0
    if isinstance(tz_offset, timedelta):
        ms = tz_offset // timedelta(milliseconds=1)
        if ms % 60_000:
            raise ValueError(f"timeZone {tz_offset!r} is not a whole number of minutes")
    elif isinstance(tz_offset, bool):
        raise TypeError("timeZone must be a string like '+08:00', an int of hours or a timedelta")
    elif isinstance(tz_offset, int):
        ms = tz_offset * 3_600_000
    elif isinstance(tz_offset, str):
        m = _TZ.match(tz_offset)
        if m is None or (m.group(3) is not None and int(m.group(3)) >= 60):
            raise ValueError(f"timeZone {tz_offset!r} is not of the form [+-]H[H][:MM] (e.g. '+08:00', '-1:00', '8')")
        ms = (int(m.group(2)) * 60 + int(m.group(3) or 0)) * 60_000
        if m.group(1) == "-":
            ms = -ms
    else:
        raise TypeError("timeZone must be a string like '+08:00', an int of hours or a timedelta")
    if not _TZ_MIN_MS <= ms <= _TZ_MAX_MS:
        raise ValueError(f"timeZone {tz_offset!r} is outside Binance's range -12:00 to +14:00")
    return ms


def _times(time_ms: Any) -> np.ndarray:
    a = np.asarray(time_ms)
    if a.ndim != 1:
        raise ValueError(f"time_ms must be one-dimensional, got shape {a.shape}")
    if a.dtype.kind == "M":
        return np.ascontiguousarray(a.astype("datetime64[ms]", copy=False).view(np.int64))
    if a.dtype.kind in "iu" or a.size == 0:
        return np.ascontiguousarray(a, dtype=np.int64)
    raise TypeError(f"time_ms must hold integer milliseconds or datetime64, not {a.dtype}")


def _column(name: str, values: Any, dtype: type, n: int) -> np.ndarray:
    # contiguous float64 / int64 columns are used in place; others (strided views, other dtypes) are converted
    a: np.ndarray = np.ascontiguousarray(values, dtype=dtype)
    if a.shape != (n,):
        raise ValueError(f"{name} has shape {a.shape}, time_ms has ({n},): the columns must have the same length")
    return a


# fill_empty over a long span of short klines can ask for more memory than a machine has: refuse early
MAX_FILLED_KLINES = 100_000_000


def _check_fill_size(first_ms: int, last_ms: int, interval: str) -> None:
    kind, step, _ = interval_spec(interval)
    count = (last_ms - first_ms) // (step if kind == 0 else 28 * 86_400_000) + 2
    if count > MAX_FILLED_KLINES:
        raise ValueError(f"fill_empty would make about {count:,} {interval} klines ({count * 88 / 1e9:.1f} GB) from "
                         f"{first_ms} to {last_ms}; pass fill_empty=False or aggregate a shorter range")


def aggregate_trades(time_ms: Any, price: Any, qty: Any, is_buyer_maker: Any, *, interval: str = "1m",
                     trade_count: Any = None, contract_size: float | None = None,
                     tz_offset: str | int | timedelta | None = "+00:00", fill_empty: bool = True,
                     sort: bool = False) -> np.ndarray:
    """Trades to klines, exactly as Binance builds them; a ``KLINE_DTYPE`` structured array, oldest first.

    ``time_ms`` (int ms since the epoch, or datetime64), ``price``, ``qty`` and ``is_buyer_maker`` are columns of
    equal length. ``trade_count`` gives aggTrades their ``l - f + 1`` trades each (default 1 a row).
    ``contract_size`` (COIN-M) makes ``volume`` count contracts and ``quote_volume`` the base asset,
    ``qty * contract_size / price``. ``tz_offset`` is spot's ``timeZone``. With ``fill_empty`` the intervals
    without trades between the first and the last trade are klines at the previous close with zero volume, as
    Binance shows them. Unsorted times raise ValueError naming the index, unless ``sort=True`` (a stable sort,
    which copies the columns); a NaN, negative or infinite quantity, or a price that is not positive and finite,
    raises ValueError naming the index. Beyond the inputs (contiguous float64 / int64 / bool columns are used in
    place; other dtypes and strided views are converted first) only the output is allocated.
    """
    spec = interval_spec(interval)
    offset = parse_tz_offset(tz_offset)
    if contract_size is not None and not (contract_size > 0 and np.isfinite(contract_size)):
        raise ValueError(f"contract_size must be a positive number, not {contract_size!r}")
    if spec[0] == 0 and offset % 1000:
        raise ValueError("tz_offset must be whole seconds")
    t = _times(time_ms)
    n = t.shape[0]
    p = _column("price", price, np.float64, n)
    q = _column("qty", qty, np.float64, n)
    m = np.asarray(is_buyer_maker)
    m = np.ascontiguousarray(m if m.dtype == np.bool_ else m != 0).view(np.uint8)
    if m.shape != (n,):
        raise ValueError(f"is_buyer_maker has shape {m.shape}, time_ms has ({n},): the columns must have the same "
                         f"length")
    counts = None if trade_count is None else _column("trade_count", trade_count, np.int64, n)
    if sort and n > 1 and bool(np.any(t[1:] < t[:-1])):
        order = np.argsort(t, kind="stable")
        t, p, q, m = t[order], p[order], q[order], m[order]
        counts = None if counts is None else counts[order]
    if fill_empty and n:
        _check_fill_size(int(t[0]), int(t[-1]), interval)
    return _impl.aggregate_trades(t, p, q, m, counts, float(contract_size or 0.0), interval, offset,
                                  bool(fill_empty))


def _as_klines(klines: Any) -> np.ndarray:
    if isinstance(klines, np.ndarray) and klines.dtype.names is not None:
        if klines.dtype != KLINE_DTYPE:
            missing = set(KLINE_FIELDS) - set(klines.dtype.names)
            if missing:
                raise ValueError(f"klines lack the fields {sorted(missing)}")
            out = np.empty(klines.shape, KLINE_DTYPE)
            for name in KLINE_FIELDS:
                out[name] = klines[name]
            klines = out
        if klines.ndim != 1:
            raise ValueError(f"klines must be one-dimensional, got shape {klines.shape}")
        return klines
    return klines_from_rest(klines)


def _check_nesting(klines: np.ndarray, interval: str) -> None:
    # each source kline must lie inside one target kline: refuse combinations that never nest (3d -> 1w ...)
    kind, step, anchor = interval_spec(interval)
    span = int(klines["close_time"][0] - klines["open_time"][0]) + 1
    if span >= 28 * 86_400_000:  # monthly source
        ok = kind == 1
    elif kind == 1:
        ok = 86_400_000 % span == 0
    else:
        ok = step % span == 0 and anchor % span == 0
    if not ok:
        raise ValueError(f"klines of {span} ms do not nest in {interval} klines: resample to an interval they divide")


def resample(klines: Any, interval: str, *, tz_offset: str | int | timedelta | None = "+00:00",
             fill_empty: bool = True) -> np.ndarray:
    """Klines (``KLINE_DTYPE`` array or Binance REST rows) to a longer ``interval``: the result equals aggregating
    the trades directly (volumes up to float rounding). Source klines at zero volume (Binance's empty klines) set
    no price in a kline that has trades. Use the same ``tz_offset`` the source klines were built with.
    """
    interval_spec(interval)
    offset = parse_tz_offset(tz_offset)
    k = _as_klines(klines)
    if k.shape[0]:
        _check_nesting(k, interval)
        if fill_empty:
            _check_fill_size(int(k["open_time"][0]), int(k["open_time"][-1]), interval)
    return _impl.resample(k, interval, offset, bool(fill_empty))


def klines_from_rest(rows: Iterable[Sequence[Any]]) -> np.ndarray:
    """Binance REST klines (rows of 12 columns, prices as strings) as a ``KLINE_DTYPE`` array."""
    rows = list(rows)
    out = np.empty(len(rows), KLINE_DTYPE)
    for i, row in enumerate(rows):
        if len(row) < 11:
            raise ValueError(f"kline row {i} has {len(row)} columns, Binance sends 12")
        try:
            out[i] = tuple(int(row[j]) if j in (0, 6, 8) else float(row[j]) for j in range(11))
        except (TypeError, ValueError) as exc:
            raise ValueError(f"kline row {i} is malformed ({exc}); columns are {', '.join(KLINE_FIELDS)}") from None
    return out


# ---------------------------------------------------------------------------------------------- live builder

_NO_EVENTS: tuple = ()


def _wire(d: Mapping[str, Any], key: str, cast: Callable[[Any], Any]) -> Any:
    try:
        return cast(d[key])
    except KeyError:
        raise FrameDecodeError("trade event lacks a mandatory field", field=key) from None
    except (TypeError, ValueError):
        raise FrameDecodeError(f"trade event field has a bad value {d[key]!r}", field=key) from None


def _dict_fields(d: Mapping[str, Any]) -> tuple[int, float, float, bool, int, int, int]:
    if "e" not in d and "data" in d:  # combined-stream wrapper
        d = d["data"]
    try:
        t = int(d["T"])
        f = d.get("f")
        if f is None:  # a raw trade: one id
            f = last = int(d.get("t", -1))
        else:
            f, last = int(f), int(d["l"])
        return t, float(d["p"]), float(d["q"]), bool(d["m"]), f, last, int(d.get("E", t))
    except (KeyError, TypeError, ValueError):
        # the slow way, to name the field
        for key, cast in (("T", int), ("p", float), ("q", float), ("m", bool), ("f", int), ("l", int), ("t", int),
                          ("E", int)):
            if key in d or key in "Tpqm" or (key == "l" and "f" in d):
                _wire(d, key, cast)
        raise


def _trade_fields(trade: Any) -> tuple[int, float, float, bool, int, int, int]:
    """(time, price, qty, is_buyer_maker, first id, last id, event time) of a Trade / AggTrade or raw dict."""
    if type(trade) is dict or isinstance(trade, Mapping):
        return _dict_fields(trade)
    t = int(trade.trade_time)
    f = getattr(trade, "first_trade_id", None)
    if f is None:
        f = last = int(getattr(trade, "trade_id", -1))
    else:
        last = int(trade.last_trade_id)
    return (t, float(trade.price), float(trade.quantity), bool(trade.is_buyer_maker), int(f), last,
            int(getattr(trade, "event_time", t)))


class KlineBuilder:
    """Builds live klines from trade or aggTrade events, as Binance's ``<symbol>@kline_<interval>`` stream shows them.

    ``update(trade)`` folds one event (a ``Trade`` / ``AggTrade`` struct, anything with ``price``, ``quantity``,
    ``trade_time``, ``is_buyer_maker`` and trade ids, or a raw Binance dict) and returns the klines it closed
    (``x`` true): the first trade of a later interval closes the current kline, and with ``fill_empty`` every
    interval skipped without trades too, at the previous close. ``tick(now_ms)`` closes on the clock.
    ``current()`` is the open kline (``x`` false). ``seed(...)`` starts from REST klines or a kline stream event;
    trades already counted there (by trade id, or by time with ``as_of_ms``) are skipped, never counted twice.
    """

    def __init__(self, interval: str = "1m", *, symbol: str | None = None,
                 tz_offset: str | int | timedelta | None = "+00:00", contract_size: float | None = None,
                 fill_empty: bool = True, clock: Callable[[], float] | None = None):
        interval_spec(interval)
        if contract_size is not None and not contract_size > 0:
            raise ValueError(f"contract_size must be a positive number, not {contract_size!r}")
        self.interval = interval
        self.symbol = symbol
        self.fill_empty = fill_empty
        self._agg = _impl.KlineAggregator(interval, parse_tz_offset(tz_offset), float(contract_size or 0.0))
        self._clock = clock or time.time

    @property
    def last_trade_id(self) -> int:
        """The highest trade id counted so far (-1 when unknown)."""
        return self._agg.last_seen_id

    @property
    def duplicates(self) -> int:
        """Events skipped because the seed or earlier events already counted them."""
        return self._agg.duplicates

    @property
    def late(self) -> int:
        """Events older than the current kline, skipped (a closed kline is not amended)."""
        return self._agg.late

    def _event(self, row: tuple, closed: bool, event_time: int) -> KlineEvent:
        kline = Kline(start_time=row[0], close_time=row[6], symbol=self.symbol, interval=self.interval,
                      first_trade_id=row[11], last_trade_id=row[12], open=row[1], close=row[4], high=row[2],
                      low=row[3], volume=row[5], trade_count=row[8], is_closed=closed, quote_volume=row[7],
                      taker_buy_volume=row[9], taker_buy_quote_volume=row[10])
        return KlineEvent(event_type="kline", event_time=event_time, symbol=self.symbol, kline=kline)

    def _closed(self, rows: list[tuple], event_time: int) -> list[KlineEvent]:
        return [self._event(r, True, event_time) for r in rows if self.fill_empty or r[8] > 0]

    def update(self, trade: Any) -> Sequence[KlineEvent]:
        """Fold one trade / aggTrade; returns the klines it closed, oldest first (usually none)."""
        t, p, q, m, f, last, event_time = _trade_fields(trade)
        rows = self._agg.feed(t, p, q, m, f, last)
        return _NO_EVENTS if rows is None else self._closed(rows, event_time)

    def update_many(self, trades: Iterable[Any]) -> list[KlineEvent]:
        """Fold many events; returns every kline they closed."""
        out: list[KlineEvent] = []
        for trade in trades:
            closed = self.update(trade)
            if closed:
                out.extend(closed)
        return out

    def tick(self, now_ms: int | None = None) -> list[KlineEvent]:
        """Close the current kline (and empty ones after it) once the clock has passed its close time."""
        now = int(self._clock() * 1000) if now_ms is None else int(now_ms)
        if not self._agg.active or now < self._agg.end_time:
            return []
        return self._closed(self._agg.roll(now), now)

    def current(self, event_time: int | None = None) -> KlineEvent | None:
        """The open kline as a kline event (``x`` false; ``E`` = ``event_time``, default now), or None before any
        trade or seed."""
        if not self._agg.active:
            return None
        now = int(self._clock() * 1000) if event_time is None else int(event_time)
        return self._event(self._agg.state(), False, now)

    def seed(self, klines: Any, *, last_trade_id: int | None = None, as_of_ms: int | None = None) -> None:
        """Start from known klines: REST rows (12 columns), a ``KLINE_DTYPE`` array, or a kline stream event (dict or
        ``KlineEvent``). The latest kline becomes current and live trades continue it.

        Trades already in the seed are skipped: by id when it is known (a kline event's ``L``, or ``last_trade_id``,
        e.g. from REST aggTrades), otherwise by time, for trades at or before ``as_of_ms`` (the time the REST
        answer was made). With neither, every live trade is counted: seed only after the last trade it holds.
        """
        first_id = -1
        if isinstance(klines, Mapping) or hasattr(klines, "kline"):
            k = _kline_of_event(klines)
            if k["i"] != self.interval:
                raise ValueError(f"kline event of interval {k['i']!r} cannot seed a {self.interval} builder")
            row = (k["t"], k["o"], k["h"], k["l"], k["c"], k["v"], k["q"], k["n"], k["V"], k["Q"])
            first_id, ev_last = k["f"], k["L"]
            if last_trade_id is None and ev_last >= 0:
                last_trade_id = ev_last
        else:
            arr = _as_klines(klines)
            if arr.shape[0] == 0:
                raise ValueError("no klines to seed from")
            r = arr[-1]
            row = (int(r["open_time"]), float(r["open"]), float(r["high"]), float(r["low"]), float(r["close"]),
                   float(r["volume"]), float(r["quote_volume"]), int(r["trades"]), float(r["taker_buy_base_volume"]),
                   float(r["taker_buy_quote_volume"]))
        agg = self._agg
        agg.set_state(*row, first_id, -1 if last_trade_id is None else int(last_trade_id))
        if last_trade_id is not None:
            agg.last_seen_id = max(agg.last_seen_id, int(last_trade_id))
        agg.skip_until_ms = -(2 ** 63) if as_of_ms is None else int(as_of_ms)


def _kline_of_event(event: Any) -> dict[str, Any]:
    if isinstance(event, Mapping):
        if "data" in event and "k" not in event:
            event = event["data"]
        k = event.get("k")
        if not isinstance(k, Mapping):
            raise FrameDecodeError("kline event lacks its candle", field="k")
        casts = {"t": int, "i": str, "f": int, "L": int, "o": float, "c": float, "h": float, "l": float, "v": float,
                 "n": int, "q": float, "V": float, "Q": float}
        return {key: _wire(k, key, cast) for key, cast in casts.items()}
    k = event.kline
    return {"t": k.start_time, "i": k.interval, "f": k.first_trade_id, "L": k.last_trade_id, "o": k.open,
            "c": k.close, "h": k.high, "l": k.low, "v": k.volume, "n": k.trade_count, "q": k.quote_volume,
            "V": k.taker_buy_volume, "Q": k.taker_buy_quote_volume}
