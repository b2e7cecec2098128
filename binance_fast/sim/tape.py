"""The trade tape of one symbol: recent trades, aggregate trades and klines folded from the same trades."""

from __future__ import annotations

import calendar
import datetime as _dt
from collections import deque

from .symbols import SymbolSpec

INTERVAL_MS = {
    "1s": 1000, "1m": 60_000, "3m": 180_000, "5m": 300_000, "15m": 900_000, "30m": 1_800_000,
    "1h": 3_600_000, "2h": 7_200_000, "4h": 14_400_000, "6h": 21_600_000, "8h": 28_800_000,
    "12h": 43_200_000, "1d": 86_400_000, "3d": 259_200_000, "1w": 604_800_000, "1M": 0,
}
_MONDAY_OFFSET = 4 * 86_400_000  # the epoch was a Thursday; weekly klines open on Monday


def bucket_start(t: int, interval: str) -> int:
    """Open time of the kline of ``interval`` that contains ``t`` (ms, UTC)."""
    if interval == "1M":
        d = _dt.datetime.fromtimestamp(t / 1000, _dt.timezone.utc)
        return calendar.timegm((d.year, d.month, 1, 0, 0, 0)) * 1000
    ms = INTERVAL_MS[interval]
    if interval == "1w":
        return (t - _MONDAY_OFFSET) // ms * ms + _MONDAY_OFFSET
    return t // ms * ms


def bucket_end(start: int, interval: str) -> int:
    """Close time (inclusive, ms) of the kline opening at ``start``."""
    if interval == "1M":
        d = _dt.datetime.fromtimestamp(start / 1000, _dt.timezone.utc)
        y, m = (d.year + 1, 1) if d.month == 12 else (d.year, d.month + 1)
        return calendar.timegm((y, m, 1, 0, 0, 0)) * 1000 - 1
    return start + INTERVAL_MS[interval] - 1


class Kline:
    """One candle. Volumes in steps; quote volume in ticks*steps (COIN-M: base asset, float)."""

    __slots__ = ("open_time", "o", "h", "l", "c", "vol", "quote", "n", "buy_vol", "buy_quote", "first_id",
                 "last_id")

    def __init__(self, open_time: int, price: int, first_id: int = -1):
        self.open_time = open_time
        self.o = self.h = self.l = self.c = price
        self.vol = 0
        self.quote = 0
        self.n = 0
        self.buy_vol = 0
        self.buy_quote = 0
        self.first_id = first_id
        self.last_id = first_id

    def add(self, price: int, qty: int, quote, taker_buy: bool, trade_id: int) -> None:
        if self.n == 0:
            self.o = self.h = self.l = price
            self.first_id = trade_id
        elif price > self.h:
            self.h = price
        elif price < self.l:
            self.l = price
        self.c = price
        self.vol += qty
        self.quote += quote
        self.n += 1
        self.last_id = trade_id
        if taker_buy:
            self.buy_vol += qty
            self.buy_quote += quote

    def merge(self, other: "Kline") -> None:
        if other.n == 0:
            if self.n == 0:
                self.c = other.c
            return
        if self.n == 0:
            self.o, self.h, self.l, self.first_id = other.o, other.h, other.l, other.first_id
        else:
            self.h = max(self.h, other.h)
            self.l = min(self.l, other.l)
        self.c = other.c
        self.vol += other.vol
        self.quote += other.quote
        self.n += other.n
        self.buy_vol += other.buy_vol
        self.buy_quote += other.buy_quote
        self.last_id = other.last_id


class Tape:
    """Trades as they happen; klines of 1s and 1m kept, larger intervals resampled from 1m on request."""

    MAX_TRADES = 20_000
    MAX_1S = 4 * 3600
    MAX_1M = 30 * 1440

    def __init__(self, spec: SymbolSpec):
        self.spec = spec
        self.next_trade_id = 1
        self.next_agg_id = 1
        # trade: (id, price, qty, time, buyer_is_maker)
        self.trades: deque[tuple[int, int, int, int, bool]] = deque(maxlen=self.MAX_TRADES)
        # agg: [agg_id, price, qty, first_id, last_id, time, buyer_is_maker, taker_order_id]
        self.aggs: deque[list] = deque(maxlen=self.MAX_TRADES)
        self._open_agg: list | None = None
        self.k1s: deque[Kline] = deque(maxlen=self.MAX_1S)
        self.k1m: deque[Kline] = deque(maxlen=self.MAX_1M)
        self.listeners: list = []  # callables(trade_tuple, agg_list_or_None)
        self.volume_24h = 0

    def quote_of(self, price: int, qty: int):
        if self.spec.contract_size:
            return qty * self.spec.contract_size / float(self.spec.price_dec(price))
        return price * qty

    def record(self, price: int, qty: int, time: int, buyer_is_maker: bool, taker_order_id: int) -> None:
        tid = self.next_trade_id
        self.next_trade_id += 1
        trade = (tid, price, qty, time, buyer_is_maker)
        self.trades.append(trade)
        agg = self._open_agg
        if agg is not None and agg[7] == taker_order_id and agg[1] == price:
            agg[2] += qty
            agg[4] = tid
        else:
            self.close_agg()
            agg = self._open_agg = [self.next_agg_id, price, qty, tid, tid, time, buyer_is_maker, taker_order_id]
            self.next_agg_id += 1
        quote = self.quote_of(price, qty)
        for store, interval in ((self.k1s, "1s"), (self.k1m, "1m")):
            start = bucket_start(time, interval)
            if not store or store[-1].open_time < start:
                store.append(Kline(start, store[-1].c if store else price, tid))
            # (a clock moved backwards by the skew fault folds into the open candle: candles stay ordered)
            store[-1].add(price, qty, quote, not buyer_is_maker, tid)
        for cb in self.listeners:
            cb(trade)

    def close_agg(self) -> None:
        """The taker order is done: its aggregate trades are final."""
        if self._open_agg is not None:
            self.aggs.append(self._open_agg)
            agg = self._open_agg
            self._open_agg = None
            for cb in self.listeners:
                cb(None, agg)

    # -- klines -----------------------------------------------------------------------------------------------
    def klines(self, interval: str, start: int | None, end: int | None, limit: int, now: int) -> list[Kline]:
        """Candles of ``interval`` between start and end (inclusive), gaps filled with flat zero-volume candles."""
        base = self.k1s if interval == "1s" else self.k1m
        if not base:
            return []
        first_open = bucket_start(base[0].open_time, interval)
        last_open = bucket_start(now if end is None else min(end, now), interval)
        if start is not None:
            lo = max(first_open, bucket_start(start, interval))
            if lo < start:
                lo = _next_bucket(lo, interval)
        else:
            ms = INTERVAL_MS[interval]
            lo = first_open if not ms else max(first_open, last_open - (limit - 1) * ms)
        if lo > last_open:
            return []
        out: list[Kline] = []
        idx = 0
        n = len(base)
        prev_close = base[0].o
        while idx < n and base[idx].open_time < lo:
            prev_close = base[idx].c
            idx += 1
        t = lo
        while t <= last_open:
            k = Kline(t, prev_close)
            stop = bucket_end(t, interval)
            while idx < n and base[idx].open_time <= stop:
                k.merge(base[idx])
                idx += 1
            prev_close = k.c
            out.append(k)
            if start is not None and len(out) >= limit:
                break
            t = _next_bucket(t, interval)
        return out if start is not None else out[-limit:]

    def current_kline(self, interval: str, now: int) -> Kline | None:
        ks = self.klines(interval, bucket_start(now, interval), None, 1, now)
        return ks[-1] if ks else None


def _next_bucket(t: int, interval: str) -> int:
    return bucket_end(t, interval) + 1
