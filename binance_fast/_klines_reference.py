"""Plain-Python reference of the compiled kline kernel ``binance_fast._klines`` (same API, for differential tests).

Slow on purpose and written differently from the kernel: buckets come from ``datetime`` arithmetic (weekday,
calendar months) rather than integer formulas, so a test that finds both equal checks two derivations.
Set ``BINANCE_FAST_PURE_PYTHON=1`` to make ``binance_fast.klines`` use it instead of the kernel.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone
from typing import Any

import numpy as np

# One Binance kline, the 11 meaningful columns of the REST answer, in order (the 12th is "ignore").
KLINE_DTYPE = np.dtype([
    ("open_time", "<i8"),
    ("open", "<f8"),
    ("high", "<f8"),
    ("low", "<f8"),
    ("close", "<f8"),
    ("volume", "<f8"),
    ("close_time", "<i8"),
    ("quote_volume", "<f8"),
    ("trades", "<i8"),
    ("taker_buy_base_volume", "<f8"),
    ("taker_buy_quote_volume", "<f8"),
])
KLINE_FIELDS: tuple[str, ...] = tuple(KLINE_DTYPE.names or ())

_S = 1000
_M = 60 * _S
_H = 60 * _M
_D = 24 * _H

# interval -> (kind, step ms, anchor ms): kind 0 = fixed step counted from the anchor, 1 = calendar month.
# Binance counts every fixed interval from the Unix epoch, except weeks, which open on Monday (1970-01-05).
INTERVAL_SPECS: dict[str, tuple[int, int, int]] = {
    "1s": (0, _S, 0),
    "1m": (0, _M, 0), "3m": (0, 3 * _M, 0), "5m": (0, 5 * _M, 0), "15m": (0, 15 * _M, 0), "30m": (0, 30 * _M, 0),
    "1h": (0, _H, 0), "2h": (0, 2 * _H, 0), "4h": (0, 4 * _H, 0), "6h": (0, 6 * _H, 0), "8h": (0, 8 * _H, 0),
    "12h": (0, 12 * _H, 0),
    "1d": (0, _D, 0), "3d": (0, 3 * _D, 0),
    "1w": (0, 7 * _D, 4 * _D),
    "1M": (1, 0, 0),
}
INTERVALS: tuple[str, ...] = tuple(INTERVAL_SPECS)

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def interval_spec(interval: str) -> tuple[int, int, int]:
    """``(kind, step_ms, anchor_ms)`` of a Binance interval name; ValueError naming the valid ones otherwise."""
    try:
        return INTERVAL_SPECS[interval]
    except (KeyError, TypeError):
        raise ValueError(f"unknown kline interval {interval!r}; Binance has {', '.join(INTERVALS)}") from None


def bad_value_message(name: str, index: int, value: float, *, positive: bool) -> str:
    """The error both implementations raise for a NaN / negative / infinite input (shared so they match)."""
    if math.isnan(value):
        what = "is NaN"
    elif math.isinf(value):
        what = "is infinite"
    else:
        what = "is not positive" if positive else "is negative"
    return f"{name}[{index}] = {value!r} {what}"


def unsorted_message(name: str, index: int, value: int, previous: int) -> str:
    return (f"{name} is not sorted: {name}[{index}] = {value} < {name}[{index - 1}] = {previous}; "
            f"sort the input first or pass sort=True")


def _ms(dt: datetime) -> int:
    return (dt - _EPOCH) // timedelta(milliseconds=1)


def _bucket(interval: str, offset_ms: int, t: int) -> tuple[int, int]:
    """(open_time, next open_time) in UTC ms of the kline holding trade time ``t``."""
    kind, step, anchor = interval_spec(interval)
    local = _EPOCH + timedelta(milliseconds=t + offset_ms)  # wall clock of the timeZone, as a naive-ish UTC stamp
    if interval == "1M":
        start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        nxt = start.replace(year=start.year + 1, month=1) if start.month == 12 else start.replace(month=start.month + 1)
        return _ms(start) - offset_ms, _ms(nxt) - offset_ms
    if interval == "1w":
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        start = midnight - timedelta(days=midnight.weekday())  # Monday
        return _ms(start) - offset_ms, _ms(start) - offset_ms + step
    local_ms = t + offset_ms
    start_ms = local_ms - (local_ms - anchor) % step  # Python % floors, also before 1970
    return start_ms - offset_ms, start_ms - offset_ms + step


def _row(open_time: int, next_open: int, o: float, h: float, lo: float, c: float, v: float, qv: float, n: int,
         tbv: float, tbq: float) -> tuple:
    return (open_time, o, h, lo, c, v, next_open - 1, qv, n, tbv, tbq)


def aggregate_trades(time_ms: Any, price: Any, qty: Any, is_buyer_maker: Any, trade_count: Any,
                     contract_size: float, interval: str, offset_ms: int, fill_empty: bool) -> np.ndarray:
    """Trades to klines; ``contract_size`` > 0 means COIN-M (quote volume in base asset = qty * size / price)."""
    interval_spec(interval)
    n = len(time_ms)
    if not (len(price) == len(qty) == len(is_buyer_maker) == n) or (trade_count is not None and len(trade_count) != n):
        raise ValueError("time_ms, price, qty, is_buyer_maker (and trade_count) must have the same length")
    times, prices, qtys = [int(x) for x in time_ms], [float(x) for x in price], [float(x) for x in qty]
    rows: list[tuple] = []
    cur: list | None = None  # [open, next_open, o, h, l, c, v, qv, n, tbv, tbq]
    prev_t = None
    for i in range(n):
        t, p, q = times[i], prices[i], qtys[i]
        if prev_t is not None and t < prev_t:
            raise ValueError(unsorted_message("time_ms", i, t, prev_t))
        prev_t = t
        if not (0.0 < p < math.inf):
            raise ValueError(bad_value_message("price", i, p, positive=True))
        if not (0.0 <= q < math.inf):
            raise ValueError(bad_value_message("qty", i, q, positive=False))
        cnt = 1 if trade_count is None else int(trade_count[i])
        if cnt < 1:
            raise ValueError(f"trade_count[{i}] = {cnt} is less than 1")
        qv = q * contract_size / p if contract_size > 0 else p * q
        taker_buy = not bool(is_buyer_maker[i])
        if cur is None or t >= cur[1]:
            if cur is not None:
                rows.append(_row(*cur))
                if fill_empty:
                    close = cur[5]
                    nxt_open, nxt_end = _bucket(interval, offset_ms, cur[1])
                    while nxt_open <= t and t >= nxt_end:
                        rows.append(_row(nxt_open, nxt_end, close, close, close, close, 0.0, 0.0, 0, 0.0, 0.0))
                        nxt_open, nxt_end = _bucket(interval, offset_ms, nxt_end)
            start, end = _bucket(interval, offset_ms, t)
            cur = [start, end, p, p, p, p, 0.0, 0.0, 0, 0.0, 0.0]
        cur[3] = max(cur[3], p)
        cur[4] = min(cur[4], p)
        cur[5] = p
        cur[6] += q
        cur[7] += qv
        cur[8] += cnt
        if taker_buy:
            cur[9] += q
            cur[10] += qv
    if cur is not None:
        rows.append(_row(*cur))
    return np.array(rows, dtype=KLINE_DTYPE)


def resample(klines: np.ndarray, interval: str, offset_ms: int, fill_empty: bool) -> np.ndarray:
    """Klines (KLINE_DTYPE, sorted) to a longer interval, as if the trades were aggregated directly."""
    interval_spec(interval)
    rows: list[tuple] = []
    cur: list | None = None  # [open, next_open, o, h, l, c, v, qv, n, tbv, tbq, has_trades]
    prev_open = None
    names = KLINE_FIELDS
    for i, values in enumerate(np.asarray(klines, dtype=KLINE_DTYPE).tolist()):
        k = dict(zip(names, values))
        t = int(k["open_time"])
        if prev_open is not None and t <= prev_open:
            raise ValueError(f"klines are not sorted by open_time: open_time[{i}] = {t} <= open_time[{i - 1}] = "
                             f"{prev_open}")
        prev_open = t
        empty = int(k["trades"]) == 0 and float(k["volume"]) == 0.0
        if empty and not fill_empty:
            continue  # an empty source kline alone makes no kline when empty ones are not wanted
        if cur is None or t >= cur[1]:
            if cur is not None:
                rows.append(_row(*cur[:11]))
                if fill_empty:
                    close = cur[5]
                    nxt_open, nxt_end = _bucket(interval, offset_ms, cur[1])
                    while t >= nxt_end:
                        rows.append(_row(nxt_open, nxt_end, close, close, close, close, 0.0, 0.0, 0, 0.0, 0.0))
                        nxt_open, nxt_end = _bucket(interval, offset_ms, nxt_end)
            start, end = _bucket(interval, offset_ms, t)
            c0 = float(k["close"])
            cur = [start, end, c0, c0, c0, c0, 0.0, 0.0, 0, 0.0, 0.0, False]
        if int(k["close_time"]) >= cur[1]:
            raise ValueError(f"kline {i} (open_time {t}, close_time {int(k['close_time'])}) does not fit in one "
                             f"{interval} interval: the source interval must divide {interval}")
        if not empty:
            if not cur[11]:
                cur[2], cur[3], cur[4], cur[11] = float(k["open"]), float(k["high"]), float(k["low"]), True
            else:
                cur[3] = max(cur[3], float(k["high"]))
                cur[4] = min(cur[4], float(k["low"]))
            cur[5] = float(k["close"])
        cur[6] += float(k["volume"])
        cur[7] += float(k["quote_volume"])
        cur[8] += int(k["trades"])
        cur[9] += float(k["taker_buy_base_volume"])
        cur[10] += float(k["taker_buy_quote_volume"])
    if cur is not None:
        rows.append(_row(*cur[:11]))
    return np.array(rows, dtype=KLINE_DTYPE)


class KlineAggregator:
    """The state of the live kline: add trades inside it, ``roll`` past its close to get the closed klines."""

    def __init__(self, interval: str, offset_ms: int = 0, contract_size: float = 0.0):
        interval_spec(interval)
        self.interval = interval
        self.offset_ms = int(offset_ms)
        self.contract_size = float(contract_size)
        self.active = False
        self.open_time = 0
        self.end_time = -(2 ** 63)  # next open time; any trade is past it while inactive
        self._clear(0.0)
        # live-stream bookkeeping of feed()
        self.last_seen_id = -1
        self.skip_until_ms = -(2 ** 63)
        self.duplicates = 0
        self.late = 0

    def _clear(self, price: float) -> None:
        self.open = self.high = self.low = self.close = price
        self.volume = self.quote_volume = self.taker_buy_base_volume = self.taker_buy_quote_volume = 0.0
        self.trades = 0
        self.first_trade_id = self.last_trade_id = -1

    @property
    def close_time(self) -> int:
        return self.end_time - 1

    def bucket(self, time_ms: int) -> tuple[int, int]:
        """(open_time, next open_time) of the kline holding ``time_ms``."""
        return _bucket(self.interval, self.offset_ms, int(time_ms))

    def add(self, time_ms: int, price: float, qty: float, is_buyer_maker: bool, first_trade_id: int = -1,
            last_trade_id: int = -1, trade_count: int = 1) -> None:
        """Fold one trade (or aggTrade) into the current kline; opens the first kline when none is active."""
        t = int(time_ms)
        p = float(price)
        q = float(qty)
        if not (0.0 < p < math.inf):
            raise ValueError(bad_value_message("price", 0, p, positive=True))
        if not (0.0 <= q < math.inf):
            raise ValueError(bad_value_message("qty", 0, q, positive=False))
        if trade_count < 1:
            raise ValueError(f"trade_count = {trade_count} is less than 1")
        if not self.active:
            self.open_time, self.end_time = self.bucket(t)
            self.active = True
            self._clear(p)
        elif not (self.open_time <= t < self.end_time):
            raise ValueError(f"trade time {t} is outside the current kline [{self.open_time}, {self.end_time - 1}]; "
                             f"roll() past the close first")
        if self.trades == 0:
            self.open = self.high = self.low = p
            self.first_trade_id = first_trade_id
        self.high = max(self.high, p)
        self.low = min(self.low, p)
        self.close = p
        qv = q * self.contract_size / p if self.contract_size > 0 else p * q
        self.volume += q
        self.quote_volume += qv
        self.trades += trade_count
        if not is_buyer_maker:
            self.taker_buy_base_volume += q
            self.taker_buy_quote_volume += qv
        if last_trade_id >= 0:
            self.last_trade_id = last_trade_id
            if self.first_trade_id < 0:
                self.first_trade_id = first_trade_id if first_trade_id >= 0 else last_trade_id

    def state(self) -> tuple:
        """The current kline: the 11 REST columns, then first and last trade id."""
        return (self.open_time, self.open, self.high, self.low, self.close, self.volume, self.end_time - 1,
                self.quote_volume, self.trades, self.taker_buy_base_volume, self.taker_buy_quote_volume,
                self.first_trade_id, self.last_trade_id)

    def feed(self, time_ms: int, price: float, qty: float, is_buyer_maker: bool, first_trade_id: int = -1,
             last_trade_id: int = -1) -> list[tuple] | None:
        """One live trade / aggTrade: skipped if already counted (by id, else by ``skip_until_ms``) or older than the
        current kline; otherwise rolled into its kline and added. Returns the klines that closed, or None."""
        t = int(time_ms)
        if last_trade_id >= 0 and last_trade_id <= self.last_seen_id or last_trade_id < 0 and t <= self.skip_until_ms:
            self.duplicates += 1
            return None
        closed = None
        if self.active and t >= self.end_time:
            closed = self.roll(t)
        elif self.active and t < self.open_time:
            self.late += 1
            return None
        n = 1
        if 0 <= first_trade_id <= last_trade_id:
            n = last_trade_id - max(first_trade_id, self.last_seen_id + 1) + 1
        self.add(t, price, qty, is_buyer_maker, first_trade_id, last_trade_id, n)
        self.last_seen_id = max(self.last_seen_id, last_trade_id)
        return closed

    def roll(self, time_ms: int) -> list[tuple]:
        """Close the current kline and every empty one before the kline of ``time_ms``, which becomes current
        (empty, at the last close). Returns the closed ones as ``state()`` tuples, oldest first."""
        t = int(time_ms)
        closed: list[tuple] = []
        if not self.active or t < self.end_time:
            return closed
        closed.append(self.state())
        close = self.close
        start, end = self.bucket(t)
        nxt_open, nxt_end = self.bucket(self.end_time)
        while nxt_open < start:
            closed.append((nxt_open, close, close, close, close, 0.0, nxt_end - 1, 0.0, 0, 0.0, 0.0, -1, -1))
            nxt_open, nxt_end = self.bucket(nxt_end)
        self.open_time, self.end_time = start, end
        self._clear(close)
        return closed

    def set_state(self, open_time: int, open: float, high: float, low: float, close: float, volume: float,
                  quote_volume: float, trades: int, taker_buy_base_volume: float, taker_buy_quote_volume: float,
                  first_trade_id: int = -1, last_trade_id: int = -1) -> None:
        """Make a known kline (from REST or the kline stream) current, so live trades continue it."""
        start, end = self.bucket(int(open_time))
        if start != int(open_time):
            raise ValueError(f"open_time {open_time} is not the start of a {self.interval} kline "
                             f"(that kline opens at {start})")
        self.active = True
        self.open_time, self.end_time = start, end
        self.open, self.high, self.low, self.close = float(open), float(high), float(low), float(close)
        self.volume, self.quote_volume = float(volume), float(quote_volume)
        self.trades = int(trades)
        self.taker_buy_base_volume, self.taker_buy_quote_volume = float(taker_buy_base_volume), float(
            taker_buy_quote_volume)
        self.first_trade_id, self.last_trade_id = int(first_trade_id), int(last_trade_id)
