"""End to end: managed books over real sockets against the embedded simulator, through injected faults.

Skipped GAPs, reordered diffs, stale snapshots, failing snapshot calls, dropped connections and stalls: every
book must converge back to the simulator's own book, and never be readable while it is wrong.
"""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import numpy as np
import pytest

sim_mod = pytest.importorskip("binance_fast.sim", reason="the simulator (binance_fast.sim) is not on this branch")
aiohttp = pytest.importorskip("aiohttp")

from binance_fast.book import AsyncLocalOrderBooks, SnapshotBudget  # noqa: E402
from binance_fast.errors import BookOutOfSync  # noqa: E402
from binance_fast.models import BookTicker  # noqa: E402
from binance_fast.rest import AsyncClient  # noqa: E402
from binance_fast.streams import decode  # noqa: E402

pytestmark = pytest.mark.timeout(120)

REST = {"spot": "/api/v3/depth", "usdm": "/fapi/v1/depth", "coinm": "/dapi/v1/depth"}
SYMBOLS = {"spot": ["BTCUSDT", "ETHUSDT", "ETHBTC"], "usdm": ["BTCUSDT", "ETHUSDT"]}


def rows(levels):
    return np.array(levels, dtype=np.float64).reshape(-1, 2)


class Feed:
    """The stream side: combined depth + bookTicker streams that reconnect and tell the books when they do."""

    def __init__(self, sim, product, books, session):
        self.sim, self.product, self.books, self.session = sim, product, books, session
        self.reconnects = 0
        self.tickers = 0

    async def run(self):
        names = "/".join(f"{s.lower()}@depth@100ms/{s.lower()}@bookTicker" for s in self.books.books)
        url = f"{self.sim.stream_url_for(self.product)}/stream?streams={names}"
        while True:
            try:
                async with self.session.ws_connect(url) as ws:
                    async for msg in ws:
                        if msg.type != aiohttp.WSMsgType.TEXT:
                            break
                        event = decode(msg.data, product=self.product)
                        if isinstance(event, BookTicker):
                            self.tickers += 1
                            self.books.feed_ticker(event)
                        else:
                            self.books.feed(event)
            except (aiohttp.ClientError, asyncio.TimeoutError):
                pass
            self.reconnects += 1
            self.books.resync("stream reconnected")
            await asyncio.sleep(0.05)


VIOLATIONS: list[str] = []
REASONS: list[str] = []


def on_update(lob, event):
    """Every update a book serves must be readable and uncrossed (callback errors are only logged, so record)."""
    try:
        bid, ask = lob.book.best_bid, lob.book.best_ask
        if bid is not None and ask is not None and bid[0] >= ask[0]:
            VIOLATIONS.append(f"{lob.symbol} crossed at u={lob.book.last_update_id}")
    except BookOutOfSync as exc:
        VIOLATIONS.append(f"{lob.symbol} unreadable inside on_update: {exc}")


async def quiet_point_compare(sim, product, books):
    """Stops the market, lets the pending diffs out, waits for the books to settle, compares with the simulator's."""
    sim.pause_market()
    try:
        await asyncio.sleep(0.05)
        sim.step(25, market=False)
        seen, still = None, 0
        for _ in range(200):  # settled: all synced and no update id moved for 4 polls
            await asyncio.sleep(0.05)
            now = {s: (b.is_synced, b.book.last_update_id) for s, b in books.books.items()}
            still = still + 1 if now == seen and all(ok for ok, _ in now.values()) else 0
            seen = now
            if still >= 4:
                break
        for s, lob in books.books.items():
            last, sb, sa = sim.book(product, s, 5000)
            assert lob.is_synced, (s, lob.reason)
            assert lob.book.last_update_id == last if product == "spot" else lob.book.last_update_id <= last
            np.testing.assert_array_equal(lob.book.bids(), rows(sb), err_msg=s)
            np.testing.assert_array_equal(lob.book.asks(), rows(sa), err_msg=s)
    finally:
        sim.resume_market()


FAULTS = ["skip", "reorder", "stale_snapshot", "fail_snapshot", "drop_connections", "stall"]


@pytest.mark.parametrize("product", ["spot", "usdm"])
def test_managed_books_converge_through_faults(product):
    symbols = SYMBOLS[product]
    VIOLATIONS.clear()
    REASONS.clear()

    async def main():
        async with sim_mod.Simulator(seed=5, tick_interval=0.003) as sim, aiohttp.ClientSession() as session, \
                AsyncClient(base_url=sim.base_url) as client:
            # the snapshots come through the project's own REST client
            depth = client.spot.depth if product == "spot" else client.usdm.order_book

            async def fetch(symbol, limit):
                return await depth(symbol=symbol, limit=limit)

            books = AsyncLocalOrderBooks(symbols, product, fetch_snapshot=fetch, backoff=0.02, on_update=on_update,
                                         on_state=lambda lob, state, why: REASONS.append(f"{lob.symbol} {why}"),
                                         budget=SnapshotBudget(weight_per_minute=60_000))
            feed = Feed(sim, product, books, session)
            task = asyncio.create_task(feed.run())
            try:
                assert await books.wait_synced(20)
                await quiet_point_compare(sim, product, books)
                target = symbols[0]
                for fault in FAULTS:
                    before, reconnects = books[target].resyncs, feed.reconnects
                    if fault == "skip":
                        sim.faults.skip_depth_update(product, target)
                    elif fault == "reorder":
                        sim.faults.reorder_depth_updates(product, target)
                    elif fault == "stale_snapshot":
                        sim.faults.stale_snapshot(product, target, count=2)
                        books[target].resync("test: resync to draw a stale snapshot")
                    elif fault == "fail_snapshot":
                        sim.faults.fail_rest(REST[product], status=503, count=2)
                        books[target].resync("test: resync into failing snapshots")
                    elif fault == "drop_connections":
                        sim.faults.drop_connections(product)
                    elif fault == "stall":
                        sim.faults.stall_streams(product, seconds=0.5)
                    await asyncio.sleep(0.3 if fault != "stall" else 0.6)
                    assert await books.wait_synced(20), {s: b.reason for s, b in books.books.items()}
                    if fault in ("skip", "reorder"):
                        assert books[target].resyncs > before, fault
                        assert all(books[s].resyncs == 0 for s in symbols[1:]) or feed.reconnects, fault
                    if fault == "drop_connections":
                        assert feed.reconnects > reconnects
                    await quiet_point_compare(sim, product, books)
                assert books[target].stale_snapshots >= 1 and books[target].fetch_errors >= 1
            finally:
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
                await books.close()
            with pytest.raises(BookOutOfSync):
                books[target].book.best_bid
            assert not VIOLATIONS, VIOLATIONS[:5]
            assert not [r for r in REASONS if "bookTicker" in r or "crossed" in r], REASONS
            assert sum(b.updates for b in books) > 100 and feed.tickers > 50

    asyncio.run(asyncio.wait_for(main(), 110))
