"""The stream clients end to end against the embedded simulator over real sockets on 127.0.0.1: several symbols
and stream types on spot and USD-M; connections killed, stalled and rolled over: no event lost or duplicated."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from binance_fast import models
from binance_fast.sim import Simulator
from binance_fast.ws import AsyncStreamClient, Message, StreamClient, replay

SYMBOLS = ("btcusdt", "ethusdt")
KINDS = ("trade", "depth@100ms", "kline_1m", "bookTicker")


def streams_for(product: str) -> list[str]:
    kinds = [k if product == "spot" or k != "trade" else "aggTrade" for k in KINDS]
    return [f"{s}@{k}" for s in SYMBOLS for k in kinds]


@pytest.fixture(scope="module")
def sim():
    with Simulator(seed=5, tick_interval=0.01) as s:
        yield s


class Collector:
    """Thread-safe record of what a client delivered, with the sequence checks of each stream type."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.by_stream: dict[str, list[Any]] = defaultdict(list)
        self.states: list[tuple[str, dict]] = []

    def on_event(self, msg: Message) -> None:
        with self.lock:
            self.by_stream[msg.stream].append(msg.event)

    def on_state(self, state: str, info: dict) -> None:
        with self.lock:
            self.states.append((state, info))

    def count(self) -> int:
        with self.lock:
            return sum(len(v) for v in self.by_stream.values())

    def wait_for(self, n: int, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while self.count() < n and time.monotonic() < deadline:
            time.sleep(0.02)
        assert self.count() >= n, f"only {self.count()} events in {timeout}s"

    def wait_state(self, state: str, timeout: float = 10.0, after: int = 0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if any(s == state for s, _ in self.states[after:]):
                    return
            time.sleep(0.02)
        raise AssertionError(f"state {state!r} not reported; got {[s for s, _ in self.states]}")

    def check(self, product: str, *, gapless: bool) -> dict[str, int]:
        """No duplicate anywhere; with ``gapless``, every id sequence is complete."""
        sizes = {}
        with self.lock:
            for stream, events in self.by_stream.items():
                sizes[stream] = len(events)
                if stream.endswith("@trade") or stream.endswith("@aggTrade"):
                    ids = [e.trade_id if isinstance(e, models.Trade) else e.agg_trade_id for e in events]
                    assert ids == sorted(set(ids)), f"{stream}: duplicate or reordered trades"
                    if gapless:
                        assert ids == list(range(ids[0], ids[0] + len(ids))), f"{stream}: trades lost"
                elif "@depth" in stream:
                    assert all(isinstance(e, models.DepthUpdate) for e in events)
                    for a, b in zip(events, events[1:]):
                        assert b.first_update_id > a.final_update_id, f"{stream}: duplicate or reordered diff"
                        if gapless:
                            if product == "spot":
                                assert b.first_update_id == a.final_update_id + 1, f"{stream}: diff lost"
                            else:
                                assert b.prev_final_update_id == a.final_update_id, f"{stream}: diff lost"
                elif stream.endswith("@bookTicker"):
                    ids = [e.update_id for e in events]
                    assert ids == sorted(set(ids)), f"{stream}: duplicate or reordered book ticker"
                elif "@kline" in stream:
                    keys = [(e.event_time, e.kline.start_time, e.kline.last_trade_id, e.kline.close) for e in events]
                    assert len(keys) == len(set(keys)), f"{stream}: duplicate kline update"
                    assert [e.event_time for e in events] == sorted(e.event_time for e in events)
        return sizes


def make_client(sim: Simulator, product: str, col: Collector, **kw: Any) -> StreamClient:
    return StreamClient(product, sim.stream_url_for(product), on_event=col.on_event, on_state=col.on_state,
                        backoff_base=0.05, backoff_max=0.5, **kw)


@pytest.mark.parametrize("product", ["spot", "usdm"])
def test_subscribe_several_symbols_and_types(sim: Simulator, product: str) -> None:
    col = Collector()
    with make_client(sim, product, col) as client:
        names = streams_for(product)
        client.subscribe(names)
        assert client.list_subscriptions() == sorted(names)
        col.wait_for(300)
        sizes = col.check(product, gapless=True)
        assert set(sizes) == set(names), f"streams without events: {set(names) - set(sizes)}"
        with col.lock:
            kinds = {type(e).__name__ for v in col.by_stream.values() for e in v}
        assert {"DepthUpdate", "KlineEvent", "BookTicker"} <= kinds
        assert ("Trade" if product == "spot" else "AggTrade") in kinds
        client.unsubscribe([names[0]])
        assert client.list_subscriptions() == sorted(names[1:])
        assert client.stats.decode_errors == 0 and client.stats.reconnects == 0


def test_per_stream_callbacks_and_the_iterator(sim: Simulator, caplog: pytest.LogCaptureFixture) -> None:
    trades: list[Any] = []
    caplog.set_level(logging.INFO, logger="binance_fast.ws")
    with StreamClient("spot", sim.stream_url_for("spot")) as client:
        client.subscribe(["btcusdt@trade"], callback=trades.append)
        client.subscribe(["ethusdt@bookTicker"])
        got = []
        for msg in client.messages(timeout=5):
            got.append(msg)
            if len(got) >= 20:
                break
        assert {m.stream for m in got} == {"ethusdt@bookTicker"}
        assert all(isinstance(m.event, models.BookTicker) and m.received_ns > 0 for m in got)
        deadline = time.monotonic() + 5
        while not trades and time.monotonic() < deadline:
            time.sleep(0.02)
        assert trades and all(isinstance(t, models.Trade) and t.symbol == "BTCUSDT" for t in trades)
    lines = [r.getMessage() for r in caplog.records if r.name == "binance_fast.ws"]
    assert any("spot streams: connected" in line for line in lines)
    assert any("spot streams: closed" in line for line in lines)


@pytest.mark.parametrize("product", ["spot", "usdm"])
def test_killed_connection_reconnects_resubscribes_without_loss(sim: Simulator, product: str) -> None:
    col = Collector()
    with make_client(sim, product, col) as client:
        client.subscribe(streams_for(product))
        col.wait_for(100)
        # a kill with the market still: nothing can be published while the client is away, so all must arrive
        sim.pause_market()
        try:
            mark = len(col.states)
            assert sim.faults.drop_connections(product) >= 1
            col.wait_state("resubscribed", after=mark)
        finally:
            sim.resume_market()
        before = col.count()
        col.wait_for(before + 200)
        col.check(product, gapless=True)
        assert client.stats.reconnects >= 1
        assert sorted(client.list_subscriptions()) == sorted(streams_for(product))
        # and a kill in full flow: the outage loses what the exchange sent meanwhile, never duplicates
        mark = len(col.states)
        sim.faults.drop_connections(product)
        col.wait_state("resubscribed", after=mark)
        col.wait_for(col.count() + 100)
        col.check(product, gapless=False)


def test_stalled_connection_is_detected_and_replaced() -> None:
    # its own simulator: gapless needs no trade while the market is paused, which the shared one cannot promise
    # once earlier tests have left orders and clients behind
    col = Collector()
    with Simulator(seed=7, tick_interval=0.01) as sim, make_client(sim, "spot", col, stall_timeout=0.4) as client:
        client.subscribe(streams_for("spot"))
        col.wait_for(100)
        sim.pause_market()
        mark = len(col.states)
        sim.faults.stall_streams("spot")
        try:
            col.wait_state("stalled", after=mark, timeout=15)
            col.wait_state("resubscribed", after=mark, timeout=15)
        finally:
            sim.faults.resume_streams("spot")
            sim.resume_market()
        col.wait_for(col.count() + 200)
        assert client.stats.stalls >= 1
        col.check("spot", gapless=True)


@pytest.mark.parametrize("product", ["spot", "usdm"])
def test_rollover_before_the_24h_cut_loses_and_duplicates_nothing(sim: Simulator, product: str) -> None:
    col = Collector()
    # the exchange cuts connections at 2.5 s here (24 h in production); the client rolls over at 0.8 s
    sim.faults.max_connection_age(2.5)
    try:
        with make_client(sim, product, col, rollover_after=0.8, join_timeout=1.0) as client:
            client.subscribe(streams_for(product))
            deadline = time.monotonic() + 20
            while client.stats.rollovers < 3 and time.monotonic() < deadline:
                time.sleep(0.05)
            col.wait_state("rolled_over")
            col.wait_for(col.count() + 100)
            assert client.stats.rollovers >= 3
            assert client.stats.reconnects == 0, "the exchange's cut was reached: rollover too late"
            sizes = col.check(product, gapless=True)
            assert min(sizes.values()) > 0
            assert client.stats.duplicates_dropped > 0  # both connections carried the streams for a while
            # rollovers keep coming every 0.8 s: between two of them the client is down to one connection
            deadline = time.monotonic() + 5
            while client.connections != 1 and time.monotonic() < deadline:
                time.sleep(0.01)
            assert client.connections == 1
    finally:
        sim.faults.max_connection_age(None)


def test_streams_spread_over_connections_and_paced_subscribes(sim: Simulator) -> None:
    col = Collector()
    with make_client(sim, "spot", col, max_streams_per_connection=3) as client:
        names = streams_for("spot")
        client.subscribe(names)
        assert client.connections == 3  # 8 streams, 3 per connection
        assert client.list_subscriptions() == sorted(names)
        col.wait_for(100)
        col.check("spot", gapless=True)
    # more than the 1024 the exchange allows per connection, subscribed beyond the URL in paced batches
    many = [f"btcusdt@kline_{i}x" for i in range(1100)] + ["btcusdt@trade"]
    col = Collector()
    with make_client(sim, "usdm", col) as client:
        client.subscribe(many)
        assert client.connections == 2
        time.sleep(0.3)
        assert len(client.list_subscriptions()) == len(many)
        assert client.stats.reconnects == 0  # the incoming-message limit was respected


def test_many_small_subscribes_stay_under_the_message_limit(sim: Simulator) -> None:
    col = Collector()
    with make_client(sim, "usdm", col) as client:
        client.subscribe(["btcusdt@aggTrade"])
        start = time.monotonic()
        for i in range(14):
            client.subscribe([f"btcusdt@kline_{i}m"])
        assert time.monotonic() - start >= 0.5  # paced at 9 messages/s
        assert len(client.list_subscriptions()) == 15
        assert client.stats.reconnects == 0


def test_slow_consumer_overflows_with_a_signal_not_memory(sim: Simulator) -> None:
    overflowed: list[Message] = []
    with StreamClient("spot", sim.stream_url_for("spot"), queue_size=10, on_overflow=overflowed.append) as client:
        client.subscribe(["btcusdt@depth@100ms", "btcusdt@bookTicker"])
        deadline = time.monotonic() + 5
        while client.stats.overflows < 20 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert client.stats.overflows >= 20 and len(overflowed) == client.stats.overflows
        assert client.queue.qsize() <= 10


def test_record_and_replay(sim: Simulator, tmp_path: Path) -> None:
    path = tmp_path / "frames.rec"
    got: list[Message] = []
    with StreamClient("spot", sim.stream_url_for("spot"), record=path, on_event=got.append) as client:
        client.subscribe(["btcusdt@depth@100ms", "ethusdt@trade", "btcusdt@kline_1m"])
        deadline = time.monotonic() + 5
        while len(got) < 100 and time.monotonic() < deadline:
            time.sleep(0.02)
    played = list(replay(path, "spot"))
    assert len(played) == len(got) >= 100
    for live, back in zip(got, played):
        assert (back.stream, back.received_ns) == (live.stream, live.received_ns)
        assert type(back.event) is type(live.event)
        if isinstance(live.event, models.DepthUpdate):
            assert back.event.final_update_id == live.event.final_update_id
            assert (back.event.bids == live.event.bids).all()
        else:
            assert back.event == live.event
    stamps = [m.received_ns for m in played]
    assert stamps == sorted(stamps)


def test_bad_frame_is_reported_and_the_stream_goes_on(sim: Simulator) -> None:
    errors: list[Exception] = []
    col = Collector()
    with make_client(sim, "spot", col, on_error=errors.append) as client:
        client.subscribe(["btcusdt@trade"])
        col.wait_for(5)
        conn = client._conns[0]
        client._on_frame(conn, b'{"stream":"btcusdt@trade","data":{"e":"trade","E":1,"s":"X","t":"x"}}')
        n = col.count()
        col.wait_for(n + 5)
    assert len(errors) == 1 and errors[0].field is not None and client.stats.decode_errors == 1


@pytest.mark.parametrize("transport", ["aiohttp", "picows"])
def test_async_client_end_to_end(sim: Simulator, transport: str) -> None:
    if transport == "picows":
        pytest.importorskip("picows")

    async def main() -> None:
        col = Collector()
        async with AsyncStreamClient("usdm", sim.stream_url_for("usdm"), on_event=col.on_event,
                                     on_state=col.on_state, backoff_base=0.05, rollover_after=1.0,
                                     join_timeout=1.0, stall_timeout=5.0, transport=transport) as client:
            await client.subscribe(streams_for("usdm"))
            assert await client.list_subscriptions() == sorted(streams_for("usdm"))
            while col.count() < 100:
                await asyncio.sleep(0.02)
            deadline = time.monotonic() + 10
            while client.stats.rollovers < 2 and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            while not any(s == "rolled_over" for s, _ in col.states):
                await asyncio.sleep(0.02)
            n = col.count()
            while col.count() < n + 100:
                await asyncio.sleep(0.02)
            col.check("usdm", gapless=True)
            assert client.stats.rollovers >= 2 and client.stats.duplicates_dropped > 0
            # a kill: reconnect and resubscribe, no duplicates
            mark = len(col.states)
            sim.faults.drop_connections("usdm")
            while not any(s == "resubscribed" for s, _ in col.states[mark:]):
                await asyncio.sleep(0.02)
            n = col.count()
            while col.count() < n + 50:
                await asyncio.sleep(0.02)
            col.check("usdm", gapless=False)
            await client.unsubscribe(streams_for("usdm")[:2])
            assert await client.list_subscriptions() == sorted(streams_for("usdm")[2:])
        # a stall: detected, replaced
        async with AsyncStreamClient("spot", sim.stream_url_for("spot"), on_state=col.on_state,
                                     stall_timeout=0.4, backoff_base=0.05, transport=transport) as client:
            await client.subscribe(["btcusdt@bookTicker"])
            mark = len(col.states)
            sim.faults.stall_streams("spot", seconds=1.0)
            while not any(s == "resubscribed" for s, _ in col.states[mark:]):
                await asyncio.sleep(0.02)
            assert client.stats.stalls >= 1 and any(s == "stalled" for s, _ in col.states[mark:])
        # the iterator
        async with AsyncStreamClient("spot", sim.stream_url_for("spot"), transport=transport) as client:
            await client.subscribe(["btcusdt@bookTicker"])
            got = []
            async for msg in client:
                got.append(msg)
                if len(got) == 10:
                    break
            assert all(isinstance(m.event, models.BookTicker) for m in got)

    asyncio.run(asyncio.wait_for(main(), 60))
