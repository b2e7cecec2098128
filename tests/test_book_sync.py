"""Managed books (LocalOrderBook and friends) against a scripted exchange: gaps, reorders, duplicates, stale
snapshots, failing fetches, reconnects, many symbols on one budget; the book converges and never lies."""

from __future__ import annotations

import asyncio
import random
import threading
import time
from types import SimpleNamespace

import numpy as np
import pytest

from binance_fast.book import (
    AsyncLocalOrderBook,
    AsyncLocalOrderBooks,
    DepthBookPy,
    LocalOrderBook,
    LocalOrderBooks,
    SnapshotBudget,
    snapshot_weight,
)
from binance_fast.errors import BookOutOfSync

pytestmark = pytest.mark.timeout(60)


class FakeExchange:
    """One symbol's true book and its diff stream, with every past state kept to check served books."""

    def __init__(self, symbol="BTCUSDT", product="spot", seed=0):
        self.symbol, self.product = symbol, product
        self.rng = random.Random(seed)
        self.bids = {k / 10: float(self.rng.randint(1, 9)) for k in range(10, 50)}
        self.asks = {k / 10: float(self.rng.randint(1, 9)) for k in range(51, 90)}
        self.u = 1000
        self.history = {self.u: self._state()}
        self.lock = threading.Lock()

    def _state(self):
        return (np.array(sorted(self.bids.items(), reverse=True)).reshape(-1, 2),
                np.array(sorted(self.asks.items())).reshape(-1, 2))

    def step(self):
        """Makes the next diff event (and applies it to the true book)."""
        with self.lock:
            bl, al = {}, {}
            for _ in range(self.rng.randint(1, 6)):
                if self.rng.random() < 0.5:
                    p, side, out = self.rng.randint(10, 50) / 10, self.bids, bl
                else:
                    p, side, out = self.rng.randint(51, 90) / 10, self.asks, al
                q = 0.0 if self.rng.random() < 0.3 else float(self.rng.randint(1, 9))
                out[p] = q
                if q:
                    side[p] = q
                else:
                    side.pop(p, None)
            prev = self.u
            first = prev + 1 + (self.rng.randint(0, 3) if self.product != "spot" else 0)
            self.u = first + self.rng.randint(0, 2)
            self.history[self.u] = self._state()
            return SimpleNamespace(
                symbol=self.symbol, first_update_id=first, final_update_id=self.u,
                prev_final_update_id=prev if self.product != "spot" else -1,
                bids=np.array(sorted(bl.items(), reverse=True), dtype=np.float64).reshape(-1, 2),
                asks=np.array(sorted(al.items()), dtype=np.float64).reshape(-1, 2))

    def snapshot(self, back=0):
        """The REST depth answer now (or as of ``back`` updates ago: a stale snapshot)."""
        with self.lock:
            ids = sorted(self.history)
            u = ids[max(0, len(ids) - 1 - back)]
            b, a = self.history[u]
            return {"lastUpdateId": u, "bids": [[repr(p), repr(q)] for p, q in b.tolist()],
                    "asks": [[repr(p), repr(q)] for p, q in a.tolist()]}

    def ticker(self, u=None, lie=False):
        with self.lock:
            u = self.u if u is None else u
            b, a = self.history[u]
            return SimpleNamespace(symbol=self.symbol, update_id=u, bid_price=b[0, 0], bid_quantity=b[0, 1] + lie,
                                   ask_price=a[0, 0], ask_quantity=a[0, 1])


def assert_honest(lob, ex):
    """A served book equals the exchange's book at the update id it claims; otherwise reads raise."""
    lock = getattr(lob, "_lock", None) or threading.Lock()
    with lock:
        book = lob.book
        if not book.is_synced:
            with pytest.raises(BookOutOfSync):
                book.best_bid
            return False
        b, a = ex.history[book.last_update_id]
        np.testing.assert_array_equal(book.bids(), b)
        np.testing.assert_array_equal(book.asks(), a)
        return True


def run_until_synced(lob, ex, events=None, limit=2000, faults=None, pause=0.0):
    """Feeds the stream (with faults(i, event) -> list of events to feed) until the book is synced and current."""
    for i in range(limit):
        ev = ex.step()
        for e in (faults(i, ev) if faults else [ev]):
            lob.feed(e)
            assert_honest(lob, ex)
        if lob.is_synced and lob.book.last_update_id == ex.u and i > 20:
            return i
        if pause:
            time.sleep(pause)
    raise AssertionError(f"did not converge: {lob!r}")


def fast_budget():
    return SnapshotBudget(weight_per_minute=6_000_000)


@pytest.mark.parametrize("product", ["spot", "usdm", "coinm"])
def test_joins_and_follows(product):
    ex = FakeExchange(product=product, seed=1)
    updates, states = [], []
    lob = LocalOrderBook("btcusdt", product, fetch_snapshot=lambda s, n: ex.snapshot(), budget=fast_budget(),
                         on_update=lambda lb, ev: updates.append(ev), on_state=lambda lb, st, why: states.append(st))
    with lob:
        assert lob.state == "syncing" and not lob.is_synced
        run_until_synced(lob, ex, pause=0.001)
        for _ in range(100):
            lob.feed(ex.step())
            assert assert_honest(lob, ex)
        assert lob.book.last_update_id == ex.u
    assert None in updates and len([u for u in updates if u is not None]) >= 100
    assert states[0] == "synced" and states[-1] == "closed"
    assert lob.resyncs == 0 and lob.snapshots >= 1


def test_fetch_happens_off_the_feeding_thread():
    ex = FakeExchange(seed=2)
    release, called = threading.Event(), threading.Event()
    threads = []

    def slow_fetch(symbol, limit):
        threads.append(threading.current_thread())
        called.set()
        release.wait(10)
        return ex.snapshot()

    with LocalOrderBook("BTCUSDT", fetch_snapshot=slow_fetch, budget=fast_budget()) as lob:
        lob.feed(ex.step())
        assert called.wait(5)
        for _ in range(50):  # the fetch is stuck: feeding must go on regardless
            lob.feed(ex.step())
            assert not lob.is_synced
        release.set()
        run_until_synced(lob, ex, pause=0.001)
    assert threads and threads[0] is not threading.main_thread()
    assert lob.snapshots == 1


def test_stale_snapshots_are_retried():
    ex = FakeExchange(seed=3)
    calls = []

    def fetch(symbol, limit):
        calls.append(limit)
        # the first two answers come from a lagging cache: older than the first buffered event
        return ex.snapshot(back=30) if len(calls) <= 2 else ex.snapshot()

    with LocalOrderBook("BTCUSDT", fetch_snapshot=fetch, budget=fast_budget(), backoff=0.001) as lob:
        for _ in range(40):
            ex.step()  # history before the stream opens
        run_until_synced(lob, ex, pause=0.001)
        assert lob.stale_snapshots == 2 and lob.snapshots == 3 and calls == [1000, 1000, 1000]


@pytest.mark.parametrize("product", ["spot", "usdm"])
@pytest.mark.parametrize("fault", ["drop", "reorder", "duplicate", "reconnect", "lying_ticker"])
def test_faults_resync_and_converge(product, fault):
    ex = FakeExchange(product=product, seed=4)
    with LocalOrderBook("BTCUSDT", product, fetch_snapshot=lambda s, n: ex.snapshot(), budget=fast_budget(),
                        backoff=0.001) as lob:
        run_until_synced(lob, ex, pause=0.001)
        held = []

        def faults(i, ev):
            if i == 5:
                if fault == "drop":
                    return []
                if fault == "reorder":
                    held.append(ev)
                    return []
                if fault == "duplicate":
                    return [ev, ev]
                if fault == "reconnect":
                    lob.resync("stream reconnected")
                if fault == "lying_ticker":
                    lob.feed(ev)
                    lob.feed_ticker(ex.ticker(lie=True))
                    return []
            if i == 6 and held:
                return [ev, held.pop()]
            return [ev]

        run_until_synced(lob, ex, faults=faults, pause=0.001)
        expected_resyncs = 0 if fault == "duplicate" else 1
        assert lob.resyncs == expected_resyncs, lob.reason
        lob.feed_ticker(ex.ticker())  # an honest ticker agrees
        assert lob.is_synced


def test_fetch_errors_back_off_and_recover():
    ex = FakeExchange(seed=5)
    calls = []

    def fetch(symbol, limit):
        calls.append(time.monotonic())
        if len(calls) <= 3:
            raise ConnectionError("connection reset")
        return ex.snapshot()

    with LocalOrderBook("BTCUSDT", fetch_snapshot=fetch, budget=fast_budget(), backoff=0.02) as lob:
        run_until_synced(lob, ex, pause=0.002)
        assert lob.fetch_errors == 3
    gaps = np.diff(calls)
    assert gaps[1] > gaps[0] * 0.9 and gaps[2] >= 0.02  # growing waits (with jitter in [0.5, 1] x)


def test_malformed_snapshot_counts_as_failure():
    ex = FakeExchange(seed=6)
    answers = iter([{"lastUpdateId": 5, "bids": "junk", "asks": []}])
    fetch = lambda s, n: next(answers, None) or ex.snapshot()  # noqa: E731
    with LocalOrderBook("BTCUSDT", fetch_snapshot=fetch, budget=fast_budget(), backoff=0.001) as lob:
        run_until_synced(lob, ex, pause=0.001)
        assert lob.fetch_errors == 1


def test_many_symbols_gap_in_one_leaves_the_others_alone():
    exs = {s: FakeExchange(s, seed=i) for i, s in enumerate(["AAAUSDT", "BBBUSDT", "CCCUSDT"])}
    with LocalOrderBooks(list(exs), fetch_snapshot=lambda s, n: exs[s].snapshot(), budget=fast_budget(),
                         backoff=0.001) as books:
        for _ in range(3):
            for ex in exs.values():
                books.feed(ex.step())
        assert books.wait_synced(10)
        for i in range(200):
            for s, ex in exs.items():
                ev = ex.step()
                if s == "BBBUSDT" and i == 10:
                    continue  # lost in transit
                books.feed(ev)
                if s != "BBBUSDT":
                    assert books[s].is_synced and assert_honest(books[s], ex)
                else:
                    assert_honest(books[s], ex)
            time.sleep(0.001)
        assert books["BBBUSDT"].resyncs == 1 and books["AAAUSDT"].resyncs == 0
        assert all(books.synced.values())


def test_shared_budget_spreads_a_mass_restart():
    ex = FakeExchange(seed=7)
    stamps, lock = [], threading.Lock()

    def fetch(symbol, limit):
        with lock:
            stamps.append(time.monotonic())
        return ex.snapshot()

    weight = snapshot_weight("spot", 1000)
    assert weight == 50
    budget = SnapshotBudget(weight_per_minute=60 * 1000, burst=200)  # 1000 weight/s, 4 snapshots at once
    symbols = [f"S{i}USDT" for i in range(16)]
    start = time.monotonic()
    with LocalOrderBooks(symbols, fetch_snapshot=fetch, budget=budget, workers=8) as books:
        ev = ex.step()
        for s in symbols:
            books.feed(SimpleNamespace(**{**vars(ev), "symbol": s}))
        assert books.wait_synced(20)
    assert len(stamps) == 16 and budget.spent == 16 * 50
    for i, t in enumerate(sorted(stamps)):  # never more than burst + rate * elapsed
        assert (i + 1) * 50 <= 200 + 1000 * (t - start) + 50, (i, t - start)
    assert sorted(stamps)[-1] - start >= 0.55  # 12 of the 16 had to wait for refills


def test_rate_limit_retry_after_pauses_the_budget():
    budget = SnapshotBudget(weight_per_minute=60_000, burst=100)
    budget.penalise(0.2)
    t = time.monotonic()
    budget.acquire(1)
    assert time.monotonic() - t >= 0.15


def test_snapshot_weights_follow_the_docs():
    assert [snapshot_weight("spot", n) for n in (100, 500, 1000, 5000)] == [5, 25, 50, 250]
    assert [snapshot_weight("usdm", n) for n in (50, 100, 500, 1000)] == [2, 5, 10, 20]


def test_pure_python_book_works_too():
    ex = FakeExchange(seed=8)
    with LocalOrderBook("BTCUSDT", fetch_snapshot=lambda s, n: ex.snapshot(), budget=fast_budget(),
                        book_factory=DepthBookPy) as lob:
        run_until_synced(lob, ex, pause=0.001)
        assert isinstance(lob.book, DepthBookPy)


def test_closed_book_refuses_reads():
    ex = FakeExchange(seed=9)
    lob = LocalOrderBook("BTCUSDT", fetch_snapshot=lambda s, n: ex.snapshot(), budget=fast_budget())
    run_until_synced(lob, ex, pause=0.001)
    lob.close()
    assert lob.state == "closed" and not lob.feed(ex.step())
    with pytest.raises(BookOutOfSync, match="closed"):
        lob.book.best_ask


# ---- asyncio form ----------------------------------------------------------------------------------------


async def feed_until_synced(lob, ex, faults=None, limit=2000):
    for i in range(limit):
        ev = ex.step()
        for e in (faults(i, ev) if faults else [ev]):
            lob.feed(e)
            assert_honest(lob, ex)
        if lob.is_synced and lob.book.last_update_id == ex.u and i > 20:
            return i
        await asyncio.sleep(0.001)
    raise AssertionError(f"did not converge: {lob!r}")


@pytest.mark.parametrize("product", ["spot", "coinm"])
def test_async_book_converges_through_stale_snapshot_and_gap(product):
    async def main():
        ex = FakeExchange(product=product, seed=10)
        calls = []

        async def fetch(symbol, limit):
            calls.append(symbol)
            await asyncio.sleep(0.005)
            return ex.snapshot(back=40) if len(calls) == 1 else ex.snapshot()

        for _ in range(50):
            ex.step()
        async with AsyncLocalOrderBook("BTCUSDT", product, fetch_snapshot=fetch, budget=fast_budget(),
                                       backoff=0.001) as lob:
            await feed_until_synced(lob, ex)
            assert lob.stale_snapshots == 1
            await feed_until_synced(lob, ex, faults=lambda i, ev: [] if i == 3 else [ev])
            assert lob.resyncs == 1
            assert await lob.wait_synced(1)

    asyncio.run(main())


def test_async_many_books_with_blocking_fetcher():
    async def main():
        exs = {s: FakeExchange(s, seed=20 + i) for i, s in enumerate(["AUSDT", "BUSDT"])}
        async with AsyncLocalOrderBooks(list(exs), fetch_snapshot=lambda s, n: exs[s].snapshot(),
                                        budget=fast_budget()) as books:
            for _ in range(30):
                for ex in exs.values():
                    books.feed(ex.step())
                await asyncio.sleep(0.002)
            assert await books.wait_synced(5)
            for s, ex in exs.items():
                books.feed(ex.step())
                assert assert_honest(books[s], ex)
                assert books[s].book.last_update_id == ex.u

    asyncio.run(main())


@pytest.mark.parametrize("when", ["synced", "buffered"])
def test_unreadable_diff_restarts_instead_of_missing_it(when):
    ex = FakeExchange(seed=11)
    gate = threading.Event()

    def fetch(symbol, limit):
        gate.wait(10)
        return ex.snapshot()

    with LocalOrderBook("BTCUSDT", fetch_snapshot=fetch, budget=fast_budget(), backoff=0.001) as lob:
        if when == "synced":
            gate.set()
            run_until_synced(lob, ex, pause=0.001)
        ev = ex.step()
        bad = SimpleNamespace(**{**vars(ev), "bids": [["nan", "1"]]})
        assert lob.feed(bad) is False
        if when == "synced":
            assert lob.resyncs == 1 and "unreadable" in lob.reason
        gate.set()
        run_until_synced(lob, ex, pause=0.001)
        assert lob.idle_seconds is not None and lob.idle_seconds < 5


def test_managed_books_replay_the_real_captures(captures):
    """The real captured streams, frames as recorded, through LocalOrderBooks.consume: every symbol joins its
    captured snapshot and ends on exactly the book a hand-fed DepthBook replays to."""
    from test_book_replay import VENUES, load_capture

    from binance_fast.book import DepthBook
    from binance_fast.streams import decode

    for venue, product in VENUES.items():
        snapshots, diffs, _, frames = load_capture(captures, venue)
        with LocalOrderBooks(list(snapshots), product, fetch_snapshot=lambda s, n: snapshots[s],
                             budget=fast_budget()) as books:
            books.consume(frames)
            assert books.wait_synced(10), {s: b.reason for s, b in books.books.items()}
            for symbol, snap in snapshots.items():
                ref = DepthBook(product)
                ref.load_snapshot(snap["lastUpdateId"], snap["bids"], snap["asks"])
                for raw in frames:
                    ev = decode(raw, product=product)
                    if ev.symbol == symbol and hasattr(ev, "final_update_id"):
                        ref.apply(ev)
                lob = books[symbol]
                assert lob.book.last_update_id == ref.last_update_id == diffs[symbol][-1]["u"]
                np.testing.assert_array_equal(lob.book.bids(), ref.bids())
                np.testing.assert_array_equal(lob.book.asks(), ref.asks())
                assert lob.resyncs == 0


def test_consume_reconnect_marker_resyncs():
    ex = FakeExchange(seed=12)
    with LocalOrderBook("BTCUSDT", fetch_snapshot=lambda s, n: ex.snapshot(), budget=fast_budget()) as lob:
        run_until_synced(lob, ex, pause=0.001)
        lob.consume([ex.step(), None, ex.step()])
        assert lob.resyncs == 1 and lob.reason == "stream reconnected"
        run_until_synced(lob, ex, pause=0.001)


def test_async_consume_frames(captures):
    from test_book_replay import load_capture

    snapshots, diffs, _, frames = load_capture(captures, "BINANCE")

    async def source():
        for raw in frames:
            yield raw.encode()
            await asyncio.sleep(0)

    async def main():
        async with AsyncLocalOrderBooks(list(snapshots), "spot", fetch_snapshot=lambda s, n: snapshots[s],
                                        budget=fast_budget()) as books:
            await books.consume_async(source())
            assert await books.wait_synced(5)
            for symbol in snapshots:
                assert books[symbol].book.last_update_id == diffs[symbol][-1]["u"]

    asyncio.run(main())
