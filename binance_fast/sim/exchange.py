"""The whole simulated exchange without any I/O: venues per product, accounts, traders and listenKeys."""

from __future__ import annotations

import time
from collections.abc import Callable

from .accounts import Account, Accounts
from .futures import FuturesTrader
from .spot import SpotTrader
from .symbols import PRODUCTS, SymbolSpec, default_symbols
from .userdata import ListenKeys
from .venue import TICK_MS, Venue


class Exchange:
    """State of the simulator. Everything here runs on the simulator's event loop thread."""

    def __init__(self, seed: int = 0, symbols: list[SymbolSpec] | list[str] | None = None, *,
                 clock: Callable[[], int] | None = None, listen_key_ttl: float = 3600.0, levels: int = 30,
                 taker_prob: float = 0.35, history_ticks: int = 120, history_ms: int = 30_000):
        self.seed = seed
        self.skew_ms = 0
        self._clock = clock or (lambda: int(time.time() * 1000))
        specs = _select(symbols)
        self._sim_time: int | None = None
        self.venues: dict[str, Venue] = {}
        start = self.now()
        # warm-up: run the market over the last hour with back-dated times so klines and trades have history
        self._sim_time = start - history_ticks * history_ms
        for product in PRODUCTS:
            # every product has a venue, empty where no symbol of it is listed (its calls then say -1121)
            mine = [s for s in specs if s.product == product]
            self.venues[product] = Venue(product, mine, seed, self.now, levels=levels, taker_prob=taker_prob)
        for _ in range(history_ticks):
            self._sim_time += history_ms
            for v in self.venues.values():
                v.step()
        self._sim_time = None
        for v in self.venues.values():
            v.tick = 0
            for wins in v.windows.values():
                for w in wins.values():
                    w.take()
        self.accounts = Accounts()
        self.traders: dict[tuple[int, str], object] = {}
        self.listen_keys = ListenKeys(listen_key_ttl)
        self.publish: Callable[[Account, str, dict], None] = lambda account, product, event: None

    def now(self) -> int:
        """Server time in ms (with the clock-skew fault applied)."""
        if self._sim_time is not None:
            return self._sim_time
        return self._clock() + self.skew_ms

    def step(self) -> None:
        for v in self.venues.values():
            v.step()

    def trader(self, account: Account, product: str):
        key = (id(account), product)
        t = self.traders.get(key)
        if t is None:
            venue = self.venues[product]
            cls = SpotTrader if product == "spot" else FuturesTrader
            t = self.traders[key] = cls(account, venue, self._publish)
        return t

    def _publish(self, account: Account, product: str, event: dict) -> None:
        self.publish(account, product, event)

    def book(self, product: str, symbol: str, limit: int = 5000, numeric: bool = False):
        """The simulator's own book: (lastUpdateId, bids, asks), best first; levels (price, qty) as the
        exchange prints them, or as floats with ``numeric=True``."""
        e = self.venues[product].engines[symbol.upper()]
        bids, asks = e.depth(limit)
        spec = e.spec
        if numeric:  # via the printed strings: the floats a client parsing the wire gets
            ps, qs = spec.price_str, spec.qty_str
            return (e.update_id, [(float(ps(p)), float(qs(q))) for p, q in bids],
                    [(float(ps(p)), float(qs(q))) for p, q in asks])
        return (e.update_id, [(spec.price_str(p), spec.qty_str(q)) for p, q in bids],
                [(spec.price_str(p), spec.qty_str(q)) for p, q in asks])


def _select(symbols) -> list[SymbolSpec]:
    all_specs = default_symbols()
    if symbols is None:
        return all_specs
    out: list[SymbolSpec] = []
    for s in symbols:
        if isinstance(s, SymbolSpec):
            out.append(s)
            continue
        product, _, name = s.rpartition(":")
        matched = [x for x in all_specs if x.symbol == name.upper() and (not product or x.product == product)]
        if not matched:
            raise ValueError(f"unknown simulated symbol {s!r}; give a SymbolSpec to add one")
        out.extend(matched)
    return out


__all__ = ["Exchange", "TICK_MS"]
