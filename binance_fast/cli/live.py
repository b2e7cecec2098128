"""Live market plumbing for the CLI: one stream connection feeding managed books, kline builders and counters."""

from __future__ import annotations

import threading
import time
from collections import deque
from typing import Any

from .common import Target, market_path


class LiveMarket:
    """Depth (+ trades for klines) of some symbols over one StreamClient, kept as managed local books."""

    def __init__(self, target: Target, symbols: list[str], *, kline_interval: str | None = None,
                 depth_limit: int = 1000, keep_klines: int = 8):
        from ..book import LocalOrderBooks
        from ..klines import KlineBuilder
        from ..ws import StreamClient

        self.target = target
        self.product = target.product
        self.symbols = [s.upper() for s in symbols]
        self._rest = target.rest_client()
        self._depth_path = market_path(self.product, "depth")
        self.books = LocalOrderBooks(self.symbols, self.product, fetch_snapshot=self._snapshot, limit=depth_limit)
        self.builders = {s: KlineBuilder(kline_interval, symbol=s) for s in self.symbols} if kline_interval else {}
        self.closed_klines: dict[str, deque] = {s: deque(maxlen=keep_klines) for s in self.symbols}
        self.events = 0
        self.started = time.monotonic()
        self._rate_window: deque = deque(maxlen=50)
        self._lock = threading.Lock()
        self.states: list[str] = []
        self.stream = StreamClient(self.product, target.stream_url, on_event=self._on_message,
                                   on_state=self._on_state)

    # -- wiring -----------------------------------------------------------------------------------------------
    def _snapshot(self, symbol: str, limit: int) -> Any:
        return self._rest.request(self.product, "GET", self._depth_path, symbol=symbol, limit=limit)

    def start(self) -> LiveMarket:
        names = [f"{s.lower()}@depth@100ms" for s in self.symbols]
        if self.builders:
            names += [f"{s.lower()}@trade" for s in self.symbols]
        self.stream.subscribe(names)
        return self

    def _on_state(self, state: str, info: dict) -> None:
        self.states.append(state)
        if state in ("reconnecting", "stalled"):  # diffs were missed: start the join over
            self.books.resync(f"stream {state}")

    def _on_message(self, msg: Any) -> None:
        from ..models import DepthUpdate, Trade

        event = msg.event
        with self._lock:
            self.events += 1
            self._rate_window.append((time.monotonic(), self.events))
        if isinstance(event, DepthUpdate):
            self.books.feed(event)
        elif isinstance(event, Trade) and event.symbol in self.builders:
            for closed in self.builders[event.symbol].update(event):
                self.closed_klines[event.symbol].append(closed.kline)

    # -- reads ------------------------------------------------------------------------------------------------
    def rate(self) -> float:
        """Stream events per second over the last few seconds."""
        with self._lock:
            if len(self._rate_window) < 2:
                return 0.0
            (t0, n0), (t1, n1) = self._rate_window[0], self._rate_window[-1]
        return (n1 - n0) / (t1 - t0) if t1 > t0 else 0.0

    def tick(self) -> None:
        """Closes klines on the clock when no trade comes."""
        for symbol, builder in self.builders.items():
            for closed in builder.tick():
                self.closed_klines[symbol].append(closed.kline)

    def wait_synced(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        return all(b.wait_synced(max(0.0, deadline - time.monotonic())) for b in self.books)

    def close(self) -> None:
        self.stream.close()
        self.books.close()
        self._rest.close()

    def __enter__(self) -> LiveMarket:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.close()
