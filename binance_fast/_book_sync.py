"""Managed local order books: the docs' snapshot + diff-stream procedure per symbol, with resync and a shared budget.

``LocalOrderBook`` (threads) and ``AsyncLocalOrderBook`` (asyncio) keep one ``DepthBook`` in sync: they buffer
the diffs fed to them, fetch the REST snapshot off the message thread, join, apply, and on a gap, a crossed
book, a disagreeing bookTicker or a reconnect they resynchronise that symbol alone, with backoff.
``LocalOrderBooks`` / ``AsyncLocalOrderBooks`` route one stream's events to many symbols and share a
``SnapshotBudget`` so that restarting 200 books does not earn a 429/418.

The stream and the REST client are injected. Push: ``feed(event)`` / ``feed_ticker(ticker)`` / ``resync()``
from the stream's handler; pull: ``consume(source)`` / ``await consume_async(source)`` over an iterator of frames
or decoded events (``None`` marks a reconnect). ``feed(event)`` takes decoded depth diffs (``DepthUpdate`` or any
object with ``first_update_id``, ``final_update_id``, ``prev_final_update_id``, ``bids``, ``asks``), and
``fetch_snapshot(symbol, limit)`` returns the depth response (``{"lastUpdateId", "bids", "asks"}`` or an object
with ``last_update_id``, ``bids``, ``asks``); for the async form it may be a coroutine function.
"""

from __future__ import annotations

import asyncio
import logging
import random
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from .errors import BookOutOfSync, RateLimitError, SequenceGap

log = logging.getLogger("binance_fast.book")

# REST depth weight by limit (the docs' tables), used when the generated endpoint table is not importable
_DEPTH_WEIGHT = {
    "spot": ((100, 5), (500, 25), (1000, 50), (5000, 250)),
    "usdm": ((50, 2), (100, 5), (500, 10), (1000, 20)),
    "coinm": ((50, 2), (100, 5), (500, 10), (1000, 20)),
}
_DEPTH_PATH = {"spot": "/api/v3/depth", "usdm": "/fapi/v1/depth", "coinm": "/dapi/v1/depth"}
# REQUEST_WEIGHT per minute of each product (exchangeInfo rateLimits); snapshots get half by default
REQUEST_WEIGHT_PER_MINUTE = {"spot": 6000, "usdm": 2400, "coinm": 2400}

SYNCING, SYNCED, CLOSED = "syncing", "synced", "closed"
_monotonic = time.monotonic


def snapshot_weight(product: str, limit: int) -> int:
    """Request weight of one depth snapshot of ``limit`` levels on ``product``."""
    try:
        from .endpoints import lookup

        endpoint = lookup(product, "GET", _DEPTH_PATH[product])
        if endpoint is not None:
            return int(endpoint.weight.weight({"limit": limit}))
    except Exception:  # the table is optional here; the docs' numbers below are the same
        pass
    steps = _DEPTH_WEIGHT[product]
    for top, weight in steps:
        if limit <= top:
            return weight
    return steps[-1][1]


class SnapshotBudget:
    """A token bucket of request weight shared by many books (thread-safe; ``acquire`` and ``acquire_async``).

    ``weight_per_minute`` refills continuously; ``burst`` (default: a tenth of a minute's worth) is what may be
    spent at once, so a restart of many books spreads its snapshots instead of spending the minute in a second.
    """

    def __init__(self, weight_per_minute: float, burst: float | None = None, *, clock: Callable[[], float] = time.monotonic):
        if weight_per_minute <= 0:
            raise ValueError("weight_per_minute must be positive")
        self.rate = weight_per_minute / 60.0
        self.capacity = float(burst if burst is not None else max(weight_per_minute / 10.0, 1.0))
        self._tokens = self.capacity
        self._clock = clock
        self._stamp = clock()
        self._lock = threading.Lock()
        self.spent = 0.0

    @classmethod
    def for_product(cls, product: str, share: float = 0.5) -> SnapshotBudget:
        """A budget of ``share`` of the product's REQUEST_WEIGHT per minute."""
        return cls(REQUEST_WEIGHT_PER_MINUTE[product] * share)

    def _reserve(self, weight: float) -> float:
        """Takes ``weight`` now (the balance may go negative) and returns how long to wait before using it."""
        weight = min(float(weight), self.capacity)
        with self._lock:
            now = self._clock()
            self._tokens = min(self.capacity, self._tokens + (now - self._stamp) * self.rate)
            self._stamp = now
            self._tokens -= weight
            self.spent += weight
            return 0.0 if self._tokens >= 0 else -self._tokens / self.rate

    def penalise(self, seconds: float) -> None:
        """The exchange said to back off (429 Retry-After): stop spending for ``seconds``."""
        with self._lock:
            self._tokens = min(self._tokens, -seconds * self.rate)

    def acquire(self, weight: float, stop: threading.Event | None = None) -> bool:
        """Blocks until ``weight`` may be spent; False if ``stop`` was set meanwhile."""
        wait = self._reserve(weight)
        if wait > 0:
            if stop is not None:
                return not stop.wait(wait)
            time.sleep(wait)
        return True

    async def acquire_async(self, weight: float) -> None:
        wait = self._reserve(weight)
        if wait > 0:
            await asyncio.sleep(wait)


def _parse_snapshot(snap: Any) -> tuple[int, Any, Any]:
    if isinstance(snap, dict):
        return int(snap["lastUpdateId"]), snap["bids"], snap["asks"]
    if isinstance(snap, tuple):
        return int(snap[0]), snap[1], snap[2]
    return int(snap.last_update_id), snap.bids, snap.asks


class _Dispatch:
    """Routes what a stream yields: raw frames are decoded, depth diffs fed, bookTickers cross-checked, and
    ``None`` (the source's mark of a reconnect) resyncs; anything else (trades, klines...) is ignored."""

    product: str

    def dispatch(self, item: Any) -> None:
        if item is None:
            self.resync("stream reconnected")  # type: ignore[attr-defined]
            return
        if isinstance(item, (bytes, bytearray, memoryview, str)):
            from .streams import decode

            item = decode(item, product=self.product)
        if hasattr(item, "final_update_id"):
            self.feed(item)  # type: ignore[attr-defined]
        elif hasattr(item, "bid_price") and hasattr(item, "update_id"):
            self.feed_ticker(item)  # type: ignore[attr-defined]

    def consume(self, source: Iterable[Any]) -> None:
        """Dispatches every item of a (blocking) event source until it ends."""
        for item in source:
            self.dispatch(item)

    async def consume_async(self, source: Any) -> None:
        """Dispatches every item of an async event source until it ends."""
        async for item in source:
            self.dispatch(item)


class _SyncCore(_Dispatch):
    """The procedure shared by both forms; the subclass decides how a snapshot fetch is run."""

    def __init__(self, symbol: str, product: str = "spot", *, fetch_snapshot: Callable[..., Any], limit: int = 1000,
                 on_update: Callable[[Any, Any], Any] | None = None,
                 on_state: Callable[[Any, str, str | None], Any] | None = None,
                 budget: SnapshotBudget | None = None, backoff: float = 0.1, max_backoff: float = 30.0,
                 max_buffer: int = 10_000, book_factory: Callable[[str], Any] | None = None):
        from .book import DepthBook

        factory = book_factory or DepthBook
        self.symbol = symbol.upper()
        self.product = product
        self.limit = limit
        self._fetch = fetch_snapshot
        self._on_update = on_update
        self._on_state = on_state
        self.budget = budget if budget is not None else SnapshotBudget.for_product(product)
        self.weight = snapshot_weight(product, limit)
        self.backoff = backoff
        self.max_backoff = max_backoff
        self._book = factory(product)
        self._apply = self._book.apply  # the book object never changes (a resync swaps its state in)
        self._factory = factory
        self._buffer: deque[Any] = deque(maxlen=max_buffer)
        self._state = SYNCING
        self._fetching = False
        self._attempt = 0
        self.reason: str | None = "starting"
        # counters a bot can watch
        self.resyncs = 0
        self.snapshots = 0
        self.stale_snapshots = 0  # snapshots that could not join the buffer (older than it, or it had a hole)
        self.fetch_errors = 0
        self.updates = 0
        self.last_event_time: float | None = None  # time.monotonic() of the last diff fed (spot a stalled stream)

    # ---- reads ---------------------------------------------------------------------------------------------

    @property
    def book(self) -> Any:
        """The DepthBook; its reads raise BookOutOfSync whenever this book is not synced."""
        return self._book

    @property
    def state(self) -> str:
        """``"syncing"``, ``"synced"`` or ``"closed"``."""
        return self._state

    @property
    def is_synced(self) -> bool:
        return self._state == SYNCED and self._book.is_synced

    @property
    def idle_seconds(self) -> float | None:
        """Seconds since the last diff was fed (None before the first): a stalled stream shows here."""
        return None if self.last_event_time is None else time.monotonic() - self.last_event_time

    def __repr__(self) -> str:
        return (f"<{type(self).__name__} {self.product} {self.symbol} {self._state}"
                f"{'' if self._state == SYNCED else f' ({self.reason})'} u={self._book.last_update_id}>")

    # ---- the procedure (callers hold the lock in the threaded form) ----------------------------------------

    def _set_state(self, state: str, reason: str | None) -> None:
        self._state = state
        self.reason = reason
        if self._on_state is not None:
            try:
                self._on_state(self, state, reason)
            except Exception:
                log.exception("on_state callback of %s failed", self.symbol)

    def _start_resync(self, reason: str, keep: Any = None) -> bool:
        """Marks the book out of sync and starts over from the docs' step 1; True if a fetch is to be started."""
        self._book.invalidate(reason)
        self._buffer.clear()
        if keep is not None:
            self._buffer.append(keep)
        self.resyncs += 1
        log.warning("%s %s: resynchronising (%s)", self.product, self.symbol, reason)
        self._set_state(SYNCING, reason)
        return self._want_fetch()

    def _want_fetch(self) -> bool:
        # the docs buffer first, then fetch: a fetch starts once an event is buffered
        if self._state == SYNCING and not self._fetching and self._buffer:
            self._fetching = True
            return True
        return False

    def _handle_event(self, event: Any) -> tuple[bool, bool]:
        """(applied, start a fetch). The forms' ``feed`` inline the synced path and come here for the rest."""
        if self._state == SYNCED:
            try:
                applied = self._apply(event)
            except Exception as exc:
                return False, self._apply_failed(event, exc)
            if applied:
                self.updates += 1
            return applied, False
        if self._state == SYNCING:
            self._buffer.append(event)
            return False, self._want_fetch()
        return False, False

    def _apply_failed(self, event: Any, exc: Exception) -> bool:
        """A synced book could not take ``event``: resync (True if a fetch is to be started), or re-raise."""
        if isinstance(exc, SequenceGap):
            return self._start_resync(str(exc), keep=event)
        if isinstance(exc, BookOutOfSync):
            return self._start_resync(str(exc))
        if isinstance(exc, (ValueError, TypeError, AttributeError)):
            # a diff we cannot read is a diff lost: the book would silently miss it, so start over
            return self._start_resync(f"unreadable diff: {exc}")
        raise exc

    def _handle_ticker(self, ticker: Any) -> bool:
        if self._state != SYNCED:
            return False
        try:
            self._book.check_book_ticker(ticker)
        except BookOutOfSync as exc:
            return self._start_resync(str(exc))
        return False

    def _join(self, snap: Any) -> bool:
        """Joins a fetched snapshot with the buffered events; True when the book is synced.

        When it cannot join (the snapshot is older than the first buffered event, or the buffer has a hole), the
        events before the break are dropped and another snapshot is needed.
        """
        last, bids, asks = _parse_snapshot(snap)
        self.snapshots += 1
        if not self._buffer:
            # a resync emptied the buffer while this was in flight: join with the next event's snapshot
            return False
        fresh = self._factory(self.product)
        fresh.load_snapshot(last, bids, asks)
        buffered = list(self._buffer)
        for i, event in enumerate(buffered):
            try:
                fresh.apply(event)
            except (SequenceGap, BookOutOfSync) as exc:
                self.stale_snapshots += 1
                for _ in range(i):
                    self._buffer.popleft()
                log.info("%s %s: snapshot %d does not join (%s); fetching again", self.product, self.symbol, last, exc)
                return False
            except (ValueError, TypeError, AttributeError) as exc:
                for _ in range(i + 1):  # drop the unreadable diff too: the next snapshot must be newer than it
                    self._buffer.popleft()
                log.info("%s %s: snapshot %d does not join (%s); fetching again", self.product, self.symbol, last, exc)
                return False
        # move the joined state into the book object users hold, in one step
        self._book.swap(fresh)
        self._buffer.clear()
        self._fetching = False
        self._set_state(SYNCED, None)
        return True

    def _delay(self) -> float:
        if self._attempt == 0:
            return 0.0
        base = min(self.max_backoff, self.backoff * (2 ** (self._attempt - 1)))
        return base * (0.5 + random.random() / 2)

    def _fetch_failed(self, exc: BaseException) -> None:
        self.fetch_errors += 1
        if isinstance(exc, RateLimitError) and exc.retry_after:
            self.budget.penalise(exc.retry_after)
        log.warning("%s %s: snapshot fetch failed: %r", self.product, self.symbol, exc)

    def _notify(self, event: Any) -> None:
        if self._on_update is not None:
            try:
                self._on_update(self, event)
            except Exception:
                log.exception("on_update callback of %s failed", self.symbol)


class LocalOrderBook(_SyncCore):
    """One symbol's managed book, threads form: ``feed`` from the stream's thread; snapshots are fetched in a
    worker thread (``executor``, default a private one) and never block the caller of ``feed``.

    ``on_update(local_book, event)`` runs after each applied diff (and with ``None`` right after a join);
    ``on_state(local_book, state, reason)`` on every change of sync state.
    """

    def __init__(self, symbol: str, product: str = "spot", *, fetch_snapshot: Callable[..., Any],
                 executor: ThreadPoolExecutor | None = None, **kwargs: Any):
        super().__init__(symbol, product, fetch_snapshot=fetch_snapshot, **kwargs)
        self._lock = threading.RLock()
        self._synced_cond = threading.Condition(self._lock)
        self._own_executor = executor is None
        self._executor = executor or ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"book-{self.symbol}")
        self._stop = threading.Event()

    def feed(self, event: Any) -> bool:
        """Takes one depth diff of this symbol; returns whether it was applied to the live book."""
        self.last_event_time = _monotonic()
        applied = fetch = False
        # Hot path without the lock: while synced no worker touches the book, and DepthBook.apply is one C call
        # under the GIL. A resync from another thread invalidates the book first, so a racing apply raises
        # BookOutOfSync and the event is then handled (buffered) under the lock below.
        if self._state == SYNCED:
            try:
                applied = self._apply(event)
            except Exception as exc:
                with self._lock:
                    if self._state == SYNCED:
                        fetch = self._apply_failed(event, exc)
                    else:
                        applied, fetch = self._handle_event(event)
            else:
                self.updates += applied
        else:
            with self._lock:
                applied, fetch = self._handle_event(event)
        if fetch:
            self._executor.submit(self._fetch_loop)
        if applied and self._on_update is not None:
            self._notify(event)
        return applied

    def feed_ticker(self, ticker: Any) -> None:
        """Cross-checks a bookTicker (same ``u`` must give the same top of book); a mismatch resyncs."""
        with self._lock:
            fetch = self._handle_ticker(ticker)
        if fetch:
            self._executor.submit(self._fetch_loop)

    def resync(self, reason: str = "stream reconnected") -> None:
        """Starts over (call it when the stream disconnects or reconnects)."""
        with self._lock:
            if self._state == CLOSED:
                return
            fetch = self._start_resync(reason)
        if fetch:
            self._executor.submit(self._fetch_loop)

    def wait_synced(self, timeout: float | None = None) -> bool:
        with self._synced_cond:
            return self._synced_cond.wait_for(lambda: self._state in (SYNCED, CLOSED), timeout) and self._state == SYNCED

    def close(self) -> None:
        with self._lock:
            self._stop.set()
            self._book.invalidate("closed")
            self._set_state(CLOSED, "closed")
            self._synced_cond.notify_all()
        if self._own_executor:
            self._executor.shutdown(wait=False, cancel_futures=True)

    def __enter__(self) -> LocalOrderBook:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def _fetch_loop(self) -> None:
        while not self._stop.is_set():
            delay = self._delay()
            if delay and self._stop.wait(delay):
                return
            if not self.budget.acquire(self.weight, self._stop):
                return
            try:
                snap = self._fetch(self.symbol, self.limit)
            except Exception as exc:
                self._fetch_failed(exc)
                self._attempt += 1
                continue
            with self._lock:
                if self._state != SYNCING:
                    self._fetching = False
                    return
                try:
                    joined = self._join(snap)
                except Exception as exc:  # a malformed snapshot: count it as a failed fetch
                    self._fetch_failed(exc)
                    joined = False
                if joined:
                    self._attempt = 0
                    self._synced_cond.notify_all()
                    break
                self._attempt += 1
                if not self._buffer:  # nothing to join with yet: wait for the next event
                    self._fetching = False
                    return
        else:
            return
        self._notify(None)


class AsyncLocalOrderBook(_SyncCore):
    """One symbol's managed book, asyncio form: ``feed`` from the loop (never awaits); snapshots are fetched in
    a task (``fetch_snapshot`` may be a coroutine function, or a plain one that then runs in the default executor).
    """

    def __init__(self, symbol: str, product: str = "spot", *, fetch_snapshot: Callable[..., Any], **kwargs: Any):
        super().__init__(symbol, product, fetch_snapshot=fetch_snapshot, **kwargs)
        self._task: asyncio.Task[None] | None = None
        self._synced_event = asyncio.Event()

    def _spawn(self) -> None:
        self._synced_event.clear()
        self._task = asyncio.get_running_loop().create_task(self._fetch_loop())

    def feed(self, event: Any) -> bool:
        """Takes one depth diff of this symbol (call it on the loop); returns whether it was applied."""
        self.last_event_time = _monotonic()
        if self._state == SYNCED:
            try:
                applied = self._apply(event)
            except Exception as exc:
                applied, fetch = False, self._apply_failed(event, exc)
            else:
                self.updates += applied
                if applied and self._on_update is not None:
                    self._notify(event)
                return applied
        else:
            applied, fetch = self._handle_event(event)
        if fetch:
            self._spawn()
        elif self._state != SYNCED:
            self._synced_event.clear()
        return applied

    def feed_ticker(self, ticker: Any) -> None:
        if self._handle_ticker(ticker):
            self._spawn()

    def resync(self, reason: str = "stream reconnected") -> None:
        if self._state != CLOSED:
            self._synced_event.clear()
            if self._start_resync(reason):
                self._spawn()

    async def wait_synced(self, timeout: float | None = None) -> bool:
        try:
            await asyncio.wait_for(self._synced_event.wait(), timeout)
        except asyncio.TimeoutError:
            return False
        return self._state == SYNCED

    async def close(self) -> None:
        self._book.invalidate("closed")
        self._set_state(CLOSED, "closed")
        if self._task is not None and not self._task.done():
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass

    async def __aenter__(self) -> AsyncLocalOrderBook:
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()

    async def _call_fetch(self) -> Any:
        result = self._fetch(self.symbol, self.limit)
        if asyncio.iscoroutine(result) or isinstance(result, asyncio.Future):
            return await result
        return result

    async def _fetch_loop(self) -> None:
        if asyncio.iscoroutinefunction(self._fetch):
            fetch = self._call_fetch
        else:
            def blocking() -> Any:
                return self._fetch(self.symbol, self.limit)

            async def fetch() -> Any:
                return await asyncio.get_running_loop().run_in_executor(None, blocking)
        while self._state == SYNCING:
            delay = self._delay()
            if delay:
                await asyncio.sleep(delay)
            await self.budget.acquire_async(self.weight)
            try:
                snap = await fetch()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                self._fetch_failed(exc)
                self._attempt += 1
                continue
            if self._state != SYNCING:
                break
            try:
                joined = self._join(snap)
            except Exception as exc:  # a malformed snapshot: count it as a failed fetch
                self._fetch_failed(exc)
                joined = False
            if joined:
                self._attempt = 0
                self._synced_event.set()
                self._notify(None)
                return
            self._attempt += 1
            if not self._buffer:
                break
        self._fetching = False


class LocalOrderBooks(_Dispatch):
    """Many managed books fed by one stream: routes diffs by ``event.symbol``; one shared SnapshotBudget and
    worker pool; ``resync()`` (stream reconnect) restarts every symbol, a gap only its own."""

    book_class: type[_SyncCore] = LocalOrderBook

    def __init__(self, symbols: Iterable[str], product: str = "spot", *, fetch_snapshot: Callable[..., Any],
                 budget: SnapshotBudget | None = None, workers: int = 4, **kwargs: Any):
        self.product = product
        self.budget = budget if budget is not None else SnapshotBudget.for_product(product)
        extra = self._extra_kwargs(workers)
        self.books: dict[str, Any] = {
            s.upper(): self.book_class(s, product, fetch_snapshot=fetch_snapshot, budget=self.budget, **extra, **kwargs)
            for s in symbols
        }

    def _extra_kwargs(self, workers: int) -> dict[str, Any]:
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="books")
        return {"executor": self._executor}

    def __getitem__(self, symbol: str) -> Any:
        return self.books[symbol.upper()]

    def __iter__(self):
        return iter(self.books.values())

    def __len__(self) -> int:
        return len(self.books)

    def feed(self, event: Any) -> bool:
        book = self.books.get(event.symbol)
        return False if book is None else book.feed(event)

    def feed_ticker(self, ticker: Any) -> None:
        book = self.books.get(ticker.symbol)
        if book is not None:
            book.feed_ticker(ticker)

    def resync(self, reason: str = "stream reconnected") -> None:
        for book in self.books.values():
            book.resync(reason)

    @property
    def synced(self) -> dict[str, bool]:
        return {s: b.is_synced for s, b in self.books.items()}

    def wait_synced(self, timeout: float | None = None) -> bool:
        deadline = None if timeout is None else time.monotonic() + timeout
        for b in self.books.values():
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            if not b.wait_synced(left):
                return False
        return True

    def close(self) -> None:
        for b in self.books.values():
            b.close()
        self._executor.shutdown(wait=False, cancel_futures=True)

    def __enter__(self) -> LocalOrderBooks:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


class AsyncLocalOrderBooks(LocalOrderBooks):
    """``LocalOrderBooks`` of ``AsyncLocalOrderBook`` (feed from the event loop)."""

    book_class = AsyncLocalOrderBook

    def _extra_kwargs(self, workers: int) -> dict[str, Any]:
        return {}

    async def wait_synced(self, timeout: float | None = None) -> bool:  # type: ignore[override]
        results = await asyncio.gather(*(b.wait_synced(timeout) for b in self.books.values()))
        return all(results)

    async def close(self) -> None:  # type: ignore[override]
        await asyncio.gather(*(b.close() for b in self.books.values()))

    async def __aenter__(self) -> AsyncLocalOrderBooks:
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()


__all__ = [
    "AsyncLocalOrderBook", "AsyncLocalOrderBooks", "LocalOrderBook", "LocalOrderBooks",
    "SnapshotBudget", "snapshot_weight",
]
