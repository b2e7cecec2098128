"""The seeded market flow of one symbol: a market maker that keeps a ladder of quotes and a random taker."""

from __future__ import annotations

import random
from decimal import Decimal

from .engine import BUY, SELL, MatchingEngine, Order


class MarketFlow:
    """Drives one engine with reproducible quotes and trades: same seed, same steps -> same book and tape."""

    def __init__(self, engine: MatchingEngine, seed: int | str, *, levels: int = 30, taker_prob: float = 0.35):
        spec = engine.spec
        self.engine = engine
        self.spec = spec
        self.rng = random.Random(f"{seed}:{spec.product}:{spec.symbol}")
        self.levels = levels
        self.taker_prob = taker_prob
        self.fair = float(int(Decimal(spec.start_price) / spec.tick_d))
        self.mm: dict[str, list[Order]] = {BUY: [], SELL: []}
        self.lot = max(1, spec.taker_lots)
        self._n = 0

    def _mm_order(self, side: str, price: int) -> None:
        e = self.engine
        if price <= 0 or e.would_cross(side, price):
            return
        qty = max(1, int(self.rng.expovariate(1.0) * self.lot * 2) + 1)
        o = Order(e.next_order_id, side, "LIMIT", price, qty, now=e.clock())
        e.next_order_id += 1
        e.submit(o)
        if o.on_book:
            self.mm[side].append(o)

    def seed_book(self) -> None:
        """Fill both sides with the ladder around the starting price."""
        fair = int(self.fair)
        gap = self.spec.level_gap
        for i in range(1, self.levels + 1):
            self._mm_order(BUY, fair - i * gap)
            self._mm_order(SELL, fair + i * gap)

    def step(self) -> None:
        """One market tick: fair value moves, the maker requotes a little, maybe a taker trades."""
        rng = self.rng
        e = self.engine
        spec = self.spec
        gap = spec.level_gap
        self.fair += rng.gauss(0.0, spec.vol_ticks)
        # pull the fair value back towards the book so the simulation never runs away from its quotes
        mid = e.mid()
        if mid:
            self.fair += (mid - self.fair) * 0.05
        fair = int(self.fair)
        # prune filled/cancelled and far-away maker orders (every few ticks: it walks every quote)
        self._n += 1
        for side in ((BUY, SELL) if self._n % 8 == 0 else ()):
            live = [o for o in self.mm[side] if o.on_book]
            far = [o for o in live if abs(o.price - fair) > (2 * self.levels + 5) * gap]
            for o in far:
                e.cancel(o)
            self.mm[side] = [o for o in live if o.on_book]
        # requote: a few adds and cancels
        for _ in range(rng.randint(1, 4)):
            side = BUY if rng.random() < 0.5 else SELL
            r = rng.random()
            book = self.mm[side]
            if r < 0.35 and len(book) > self.levels // 2:
                o = book.pop(rng.randrange(len(book)))
                if o.on_book:
                    e.cancel(o)
            else:
                dist = 1 + int(rng.expovariate(1.0 / (self.levels / 3)))
                dist = min(dist, self.levels)
                price = fair - dist * gap if side == BUY else fair + dist * gap
                price -= price % gap if gap > 1 else 0
                self._mm_order(side, price)
        # keep the book deep: at least ``levels`` distinct price levels on each side
        for side, prices in ((BUY, e.bid_prices), (SELL, e.ask_prices)):
            if len(self.mm[side]) < self.levels // 2:
                self.mm[side] = [o for o in self.mm[side] if o.on_book]
            tries = 0
            while len(prices) < self.levels and tries < 2 * self.levels:
                tries += 1
                d = rng.randint(1, 2 * self.levels)
                self._mm_order(side, fair - d * gap if side == BUY else fair + d * gap)
        # taker flow
        if rng.random() < self.taker_prob:
            side = BUY if rng.random() < 0.5 + max(-0.3, min(0.3, (self.fair - (mid or fair)) / (10 * gap))) \
                else SELL
            qty = max(1, int(rng.expovariate(1.0) * self.lot) + 1)
            o = Order(e.next_order_id, side, "MARKET", 0, qty, tif="IOC", now=e.clock())
            e.next_order_id += 1
            e.submit(o)
