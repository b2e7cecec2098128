"""One product's exchange (spot, USD-M or COIN-M): its engines, market flows, depth windows and mark prices."""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Callable
from decimal import Decimal

from .engine import MatchingEngine
from .market import MarketFlow
from .symbols import SymbolSpec

# Stream speeds per product, in simulated milliseconds. A market tick is TICK_MS simulated milliseconds.
TICK_MS = 50
DIFF_SPEEDS = {"spot": {"": 1000, "@100ms": 100}, "usdm": {"": 250, "@500ms": 500, "@100ms": 100},
               "coinm": {"": 250, "@500ms": 500, "@100ms": 100}}
SNAPSHOT_EVERY = 20  # ticks between the book copies kept for stale-snapshot faults


class Venue:
    """The symbols of one product and the clock-free machinery that moves them one tick at a time."""

    def __init__(self, product: str, specs: list[SymbolSpec], seed: int, clock: Callable[[], int], *,
                 levels: int = 30, taker_prob: float = 0.35):
        self.product = product
        self.clock = clock
        self.engines: dict[str, MatchingEngine] = {}
        self.flows: dict[str, MarketFlow] = {}
        # symbol -> speed suffix -> DepthWindow
        self.windows: dict[str, dict[str, object]] = {}
        self.snapshots: dict[str, deque] = {}
        self.tick = 0
        self.speeds = DIFF_SPEEDS[product]
        futures = product != "spot"
        for spec in specs:
            jump = None
            if futures:
                # futures update ids are not contiguous between events; only the pu link holds
                jr = random.Random(f"{seed}:ids:{product}:{spec.symbol}")
                jump = (lambda r=jr: 1 + (r.random() < 0.3) * r.randint(1, 3))
            e = MatchingEngine(spec, clock, id_jump=jump)
            self.engines[spec.symbol] = e
            flow = MarketFlow(e, seed, levels=levels, taker_prob=taker_prob)
            flow.seed_book()
            self.flows[spec.symbol] = flow
            self.windows[spec.symbol] = {sfx: e.new_window() for sfx in self.speeds}
            self.snapshots[spec.symbol] = deque(maxlen=64)
        self.funding_rate = Decimal("0.00010000")

    def spec(self, symbol: str) -> SymbolSpec | None:
        e = self.engines.get(symbol)
        return e.spec if e is not None else None

    def step(self) -> None:
        """Advance every symbol by one market tick."""
        self.tick += 1
        for flow in self.flows.values():
            flow.step()
        if self.tick % SNAPSHOT_EVERY == 0:
            for sym, e in self.engines.items():
                bids, asks = e.depth(1000)
                self.snapshots[sym].append((e.update_id, bids, asks))

    def due_speeds(self) -> list[str]:
        """Diff-stream speeds whose window closes on this tick."""
        t = self.tick * TICK_MS
        return [sfx for sfx, ms in self.speeds.items() if t % ms == 0]

    def stale_snapshot(self, symbol: str, before: int | None = None):
        """A kept book copy: the newest one older than update id ``before`` (else the oldest kept)."""
        snaps = self.snapshots[symbol]
        if not snaps:
            return None
        if before is not None:
            older = [s for s in snaps if s[0] < before - 1]
            if older:
                return older[-1]
        return snaps[0]

    # -- futures prices -------------------------------------------------------------------------------------
    def mark_price(self, symbol: str) -> int:
        e = self.engines[symbol]
        return e.mid() or e.last_price

    def index_price(self, symbol: str) -> int:
        e = self.engines[symbol]
        m = self.mark_price(symbol)
        # a deterministic small basis: index trails mark by a tick or two
        return max(1, m - (e.tape.next_trade_id % 3))
