"""Plain-Python reference of the compiled depth book (binance_fast._book): same API, same rules, no tricks.

Tests compare the compiled book against this one; ``BINANCE_FAST_PURE_PYTHON=1`` makes
``binance_fast.book.DepthBook`` this class.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from typing import Any

import numpy as np

from .errors import BookOutOfSync, SequenceGap

PRODUCTS = ("spot", "usdm", "coinm")


def _levels(levels: Any, name: str) -> list[tuple[float, float]]:
    try:
        rows = [(float(p), float(q)) for p, q in levels]
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name}: expected (n, 2) price/quantity levels, got {type(levels).__name__}") from exc
    for i, (p, q) in enumerate(rows):
        if not (math.isfinite(p) and p > 0.0 and math.isfinite(q) and q >= 0.0):
            raise ValueError(f"{name}[{i}]: invalid level (price {p!r}, quantity {q!r})")
    return rows


class _SidePy:
    """One side: quantity by price, and the prices as a list sorted best-first via a sign-flipped key."""

    def __init__(self, sign: float):
        self.sign = sign
        self.qty: dict[float, float] = {}
        self.keys: list[float] = []  # sign * price, ascending

    def set(self, price: float, qty: float) -> None:
        key = self.sign * price
        if qty == 0.0:
            if self.qty.pop(price, None) is not None:
                del self.keys[bisect_left(self.keys, key)]
        else:
            if price not in self.qty:
                self.keys.insert(bisect_left(self.keys, key), key)
            self.qty[price] = qty

    def rows(self, n: int | None = None) -> np.ndarray:
        keys = self.keys if n is None else self.keys[:n]
        out = np.empty((len(keys), 2), dtype=np.float64)
        for i, k in enumerate(keys):
            p = self.sign * k
            out[i, 0] = p
            out[i, 1] = self.qty[p]
        return out

    def best(self) -> tuple[float, float] | None:
        if not self.keys:
            return None
        p = self.sign * self.keys[0]
        return (p, self.qty[p])


class DepthBookPy:
    """Plain-Python twin of :class:`binance_fast._book.DepthBook`."""

    def __init__(self, product: str = "spot", *, check_crossed: bool = True):
        if product not in PRODUCTS:
            raise ValueError(f"product must be one of {PRODUCTS}, got {product!r}")
        self.product = product
        self._futures = product != "spot"
        self._check_crossed = check_crossed
        self._bids = _SidePy(-1.0)
        self._asks = _SidePy(1.0)
        self._last_update_id = -1
        self._synced = False
        self._joined = False
        self.out_of_sync_reason: str | None = "no snapshot loaded"

    def __repr__(self) -> str:
        state = "synced" if self._synced else f"out of sync ({self.out_of_sync_reason})"
        return (f"<DepthBookPy {self.product} last_update_id={self._last_update_id} "
                f"bids={len(self._bids.keys)} asks={len(self._asks.keys)} {state}>")

    # state
    def load_snapshot(self, last_update_id: int, bids: Any, asks: Any) -> None:
        b, a = _SidePy(-1.0), _SidePy(1.0)
        for side, levels, name in ((b, bids, "bids"), (a, asks, "asks")):
            for p, q in _levels(levels, name):
                side.set(p, q)
        bb, ba = b.best(), a.best()
        if bb is not None and ba is not None and bb[0] >= ba[0]:
            raise ValueError(f"snapshot is crossed: best bid {bb[0]!r} >= best ask {ba[0]!r}")
        self._bids, self._asks = b, a
        self._last_update_id = int(last_update_id)
        self._synced = True
        self._joined = False
        self.out_of_sync_reason = None

    def invalidate(self, reason: str = "invalidated") -> None:
        self._synced = False
        self.out_of_sync_reason = reason

    def clear(self) -> None:
        self._bids, self._asks = _SidePy(-1.0), _SidePy(1.0)
        self._last_update_id = -1
        self._joined = False
        self.invalidate("no snapshot loaded")

    def swap(self, other: DepthBookPy) -> None:
        if other.product != self.product:
            raise ValueError(f"cannot swap a {self.product} book with a {other.product} book")
        self.__dict__, other.__dict__ = other.__dict__, self.__dict__

    @property
    def last_update_id(self) -> int:
        return self._last_update_id

    @property
    def is_synced(self) -> bool:
        return self._synced

    @property
    def joined(self) -> bool:
        return self._joined

    def __len__(self) -> int:
        return len(self._bids.keys) + len(self._asks.keys)

    @property
    def bid_count(self) -> int:
        return len(self._bids.keys)

    @property
    def ask_count(self) -> int:
        return len(self._asks.keys)

    # updates
    def _gap(self, expected: int, got: int, why: str) -> None:
        self._synced = False
        self.out_of_sync_reason = "sequence gap: " + why
        raise SequenceGap(expected, got, f"{self.product} depth sequence gap: {why}")

    def _check_sequence(self, first: int, final: int, prev: int) -> bool:
        last = self._last_update_id
        if not self._synced:
            raise BookOutOfSync(f"cannot apply a diff: book is out of sync ({self.out_of_sync_reason})")
        if self._futures:
            if not self._joined:
                if final < last:
                    return False
                if first <= last or 0 <= prev <= last:
                    return True
                self._gap(last, first, f"first diff after snapshot {last} starts at U={first} (pu={prev})")
            if final <= last:
                return False
            if prev != last:
                self._gap(last, prev, f"diff pu={prev} does not follow the book's u={last}")
            return True
        if final <= last:
            return False
        if first > last + 1:
            self._gap(last + 1, first, f"diff U={first} does not follow the book's u={last}")
        return True

    def apply_diff(self, first_update_id: int, final_update_id: int, prev_final_update_id: int,
                   bids: Any, asks: Any) -> bool:
        b = _levels(bids, "bids")
        a = _levels(asks, "asks")
        if not self._check_sequence(int(first_update_id), int(final_update_id), int(prev_final_update_id)):
            return False
        for p, q in b:
            self._bids.set(p, q)
        for p, q in a:
            self._asks.set(p, q)
        self._last_update_id = int(final_update_id)
        self._joined = True
        bb, ba = self._bids.best(), self._asks.best()
        if self._check_crossed and bb is not None and ba is not None and bb[0] >= ba[0]:
            self._synced = False
            self.out_of_sync_reason = (f"crossed book after u={final_update_id}: best bid {bb[0]!r} >= "
                                       f"best ask {ba[0]!r}")
            raise BookOutOfSync(self.out_of_sync_reason)
        return True

    def apply(self, event: Any) -> bool:
        pu = getattr(event, "prev_final_update_id", -1)
        return self.apply_diff(event.first_update_id, event.final_update_id, -1 if pu is None else pu,
                               event.bids, event.asks)

    def check_ticker(self, update_id: int, bid_price: float, bid_qty: float, ask_price: float,
                     ask_qty: float) -> bool:
        self._require_synced()
        if update_id != self._last_update_id:
            return False
        if self._bids.best() != (bid_price, bid_qty) or self._asks.best() != (ask_price, ask_qty):
            self._synced = False
            self.out_of_sync_reason = (f"bookTicker u={update_id} ({bid_price!r} x {bid_qty!r} / {ask_price!r} x "
                                       f"{ask_qty!r}) disagrees with the book's top")
            raise BookOutOfSync(self.out_of_sync_reason)
        return True

    def check_book_ticker(self, ticker: Any) -> bool:
        return self.check_ticker(ticker.update_id, ticker.bid_price, ticker.bid_quantity, ticker.ask_price,
                                 ticker.ask_quantity)

    # reads
    def _require_synced(self) -> None:
        if not self._synced:
            raise BookOutOfSync(f"{self.product} book is out of sync: {self.out_of_sync_reason}")

    @property
    def best_bid(self) -> tuple[float, float] | None:
        self._require_synced()
        return self._bids.best()

    @property
    def best_ask(self) -> tuple[float, float] | None:
        self._require_synced()
        return self._asks.best()

    def top(self) -> tuple[float, float, float, float]:
        self._require_synced()
        b = self._bids.best() or (math.nan, 0.0)
        a = self._asks.best() or (math.nan, 0.0)
        return (b[0], b[1], a[0], a[1])

    @property
    def mid(self) -> float | None:
        self._require_synced()
        b, a = self._bids.best(), self._asks.best()
        return None if b is None or a is None else (b[0] + a[0]) * 0.5

    @property
    def spread(self) -> float | None:
        self._require_synced()
        b, a = self._bids.best(), self._asks.best()
        return None if b is None or a is None else a[0] - b[0]

    def bids(self, n: int | None = None, *, copy: bool = False) -> np.ndarray:
        self._require_synced()
        return self._bids.rows(None if n is None or n < 0 else n)

    def asks(self, n: int | None = None, *, copy: bool = False) -> np.ndarray:
        self._require_synced()
        return self._asks.rows(None if n is None or n < 0 else n)

    def levels(self, n: int = -1) -> tuple[np.ndarray, np.ndarray]:
        self._require_synced()
        m = None if n < 0 else n
        return self._bids.rows(m), self._asks.rows(m)

    def depth_at(self, price: float) -> float:
        self._require_synced()
        price = float(price)
        return self._bids.qty.get(price) or self._asks.qty.get(price) or 0.0

    def _walk(self, side: str, quantity: float) -> tuple[float, float]:
        s = side.upper()
        if s not in ("BUY", "SELL"):
            raise ValueError(f"side must be 'BUY' or 'SELL', got {side!r}")
        if not quantity > 0.0:
            raise ValueError(f"quantity must be positive, got {quantity!r}")
        book = self._asks if s == "BUY" else self._bids
        left, notional = quantity, 0.0
        for key in book.keys:
            p = book.sign * key
            q = book.qty[p]
            if q >= left:
                return notional + left * p, p
            notional += q * p
            left -= q
        raise ValueError(f"book holds only {quantity - left!r} on that side, less than {quantity!r}")

    def impact_price(self, side: str, quantity: float) -> float:
        self._require_synced()
        return self._walk(side, float(quantity))[1]

    def vwap(self, side: str, quantity: float) -> float:
        self._require_synced()
        quantity = float(quantity)
        return self._walk(side, quantity)[0] / quantity
