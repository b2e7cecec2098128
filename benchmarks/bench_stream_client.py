"""End to end on loopback: depth frames/s from a local WebSocket feed through each stream client and its
decoding into an order book. binance_fast (sync on websocket-client, asyncio on aiohttp) side by side with
python-binance's and the official SDK's stream clients on the same feed.

The feed is a small aiohttp server on 127.0.0.1 that answers SUBSCRIBE and then writes N combined-stream
depthUpdate frames (20+20 levels, consecutive update ids), pre-framed, in one write: faster than any client. The simulator paces
its market by ticks, so it would measure the simulator; this measures the clients.
Run: python -m pytest benchmarks/bench_stream_client.py --benchmark-group-by=group --benchmark-columns=mean,ops
"""

from __future__ import annotations

import asyncio
import json
import random
import threading
import time

import pytest
from aiohttp import WSMsgType, web

from binance_fast.sim.streams import ws_frame

N_FRAMES = 20_000
N_FRAMES_SLOW = 2_000  # the official SDK (pydantic per frame) is measured on fewer frames
STREAM = "btcusdt@depth@100ms"


def make_frames(n: int) -> list[str]:
    rng = random.Random(3)
    frames = []
    for i in range(n):
        data = {"e": "depthUpdate", "E": 1700000000000 + i, "s": "BTCUSDT", "U": 2 * i + 1, "u": 2 * i + 2,
                "b": [[f"{30000 - rng.randrange(200) * 0.1:.2f}", f"{rng.random() * 5:.8f}"] for _ in range(20)],
                "a": [[f"{30000.1 + rng.randrange(200) * 0.1:.2f}", f"{rng.random() * 5:.8f}"] for _ in range(20)]}
        frames.append(json.dumps({"stream": STREAM, "data": data}, separators=(",", ":")))
    return frames


class Feed:
    """The loopback feed: every connection gets ``n`` frames once it has a subscription (URL or SUBSCRIBE)."""

    def __init__(self) -> None:
        self.frames = make_frames(N_FRAMES)
        self.blobs: dict[int, bytes] = {}
        self.n = N_FRAMES
        self.loop = asyncio.new_event_loop()
        self.port = 0
        started = threading.Event()
        threading.Thread(target=self._run, args=(started,), daemon=True).start()
        started.wait(10)

    def _run(self, started: threading.Event) -> None:
        asyncio.set_event_loop(self.loop)
        app = web.Application()
        app.router.add_get("/{tail:.*}", self.handle)
        runner = web.AppRunner(app)
        self.loop.run_until_complete(runner.setup())
        site = web.TCPSite(runner, "127.0.0.1", 0)
        self.loop.run_until_complete(site.start())
        self.port = site._server.sockets[0].getsockname()[1]
        started.set()
        self.loop.run_forever()

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(compress=False)
        await ws.prepare(request)
        go = asyncio.Event()
        if request.query.get("streams"):
            go.set()

        async def reader() -> None:
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    req = json.loads(msg.data)
                    await ws.send_str(json.dumps({"result": None, "id": req.get("id")}))
                    go.set()
        task = asyncio.ensure_future(reader())
        await go.wait()
        # all frames pre-framed and written at once: the feed outruns every client, so clients are measured
        blob = self.blobs.get(self.n)
        if blob is None:
            blob = self.blobs[self.n] = b"".join(ws_frame(f.encode()) for f in self.frames[:self.n])
        request.transport.write(blob)
        await asyncio.sleep(30)  # keep the connection open; the client closes it
        task.cancel()
        return ws

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"


@pytest.fixture(scope="module")
def feed() -> Feed:
    return Feed()


def _dict_book(book: dict, levels: list) -> None:
    for p, q in levels:
        price, qty = float(p), float(q)
        if qty:
            book[price] = qty
        else:
            book.pop(price, None)


def _report(benchmark, n: int) -> None:
    benchmark.extra_info["frames"] = n
    if benchmark.stats is not None:  # None under --benchmark-disable
        benchmark.extra_info["frames_per_s"] = round(n / benchmark.stats.stats.mean)


def _book_feeder(n: int, done) -> object:
    """A per-stream callback applying each DepthUpdate to a DepthBook; ``done.set()`` after ``n``."""
    from binance_fast.book import DepthBook

    book = DepthBook("spot", check_crossed=False)
    book.load_snapshot(0, [], [])
    count = [0]

    def on_depth(event) -> None:
        book.apply(event)
        count[0] += 1
        if count[0] == n:
            done.set()
    return on_depth


def test_binance_fast_sync_client(benchmark, feed: Feed) -> None:
    from binance_fast.ws import StreamClient

    feed.n = N_FRAMES

    def run() -> None:
        done = threading.Event()
        with StreamClient("spot", feed.url) as client:
            client.subscribe([STREAM], callback=_book_feeder(feed.n, done))
            assert done.wait(120)
    benchmark.group = "loopback depth feed -> book"
    benchmark.pedantic(run, rounds=3, iterations=1)
    _report(benchmark, feed.n)


@pytest.mark.parametrize("transport", ["aiohttp", "picows"])
def test_binance_fast_async_client(benchmark, feed: Feed, transport: str) -> None:
    from binance_fast.ws import AsyncStreamClient

    if transport == "picows":
        pytest.importorskip("picows")
    feed.n = N_FRAMES

    async def main() -> None:
        done = asyncio.Event()
        async with AsyncStreamClient("spot", feed.url, transport=transport) as client:
            await client.subscribe([STREAM], callback=_book_feeder(feed.n, done))
            await asyncio.wait_for(done.wait(), 120)
    benchmark.group = "loopback depth feed -> book"
    benchmark.pedantic(lambda: asyncio.run(main()), rounds=3, iterations=1)
    _report(benchmark, feed.n)


def test_python_binance_client(benchmark, feed: Feed) -> None:
    rws = pytest.importorskip("binance.ws.reconnecting_websocket")
    feed.n = N_FRAMES

    async def main() -> None:
        bids: dict = {}
        asks: dict = {}
        ws = rws.ReconnectingWebsocket(url=feed.url + "/", path=f"streams={STREAM}", prefix="stream?",
                                       max_queue_size=N_FRAMES + 10)
        async with ws as socket:
            for _ in range(feed.n):
                msg = await socket.recv()
                data = msg["data"]
                _dict_book(bids, data["b"])
                _dict_book(asks, data["a"])
    benchmark.group = "loopback depth feed -> book"
    benchmark.pedantic(lambda: asyncio.run(main()), rounds=3, iterations=1)
    _report(benchmark, feed.n)


def test_official_sdk_client(benchmark, feed: Feed) -> None:
    pytest.importorskip("binance_sdk_spot")
    from binance_common.configuration import ConfigurationWebSocketStreams
    from binance_sdk_spot.spot import Spot

    feed.n = N_FRAMES_SLOW

    async def main() -> None:
        bids: dict = {}
        asks: dict = {}
        done = asyncio.Event()
        count = [0]

        def on_message(msg) -> None:
            _dict_book(bids, msg.b)
            _dict_book(asks, msg.a)
            count[0] += 1
            if count[0] == feed.n:
                done.set()
        client = Spot(config_ws_streams=ConfigurationWebSocketStreams(stream_url=feed.url))
        conn = await client.websocket_streams.create_connection()
        stream = await conn.diff_book_depth(symbol="btcusdt", update_speed="100ms")
        stream.on("message", on_message)
        try:
            await asyncio.wait_for(done.wait(), 300)
        finally:
            await conn.close_connection()
    benchmark.group = "loopback depth feed -> book"
    start = time.perf_counter()
    benchmark.pedantic(lambda: asyncio.run(main()), rounds=1, iterations=1)
    assert time.perf_counter() - start > 0
    _report(benchmark, feed.n)


# -- the transports alone (no decoding): which asyncio WebSocket client the async twin should sit on ----------------

def test_transport_aiohttp(benchmark, feed: Feed) -> None:
    import aiohttp

    feed.n = N_FRAMES

    async def main() -> None:
        async with aiohttp.ClientSession() as session:
            async with session.ws_connect(f"{feed.url}/stream?streams={STREAM}", compress=0, max_msg_size=0) as ws:
                for _ in range(feed.n):
                    msg = await ws.receive()
                    assert msg.type == aiohttp.WSMsgType.TEXT
    benchmark.group = "loopback transport only"
    benchmark.pedantic(lambda: asyncio.run(main()), rounds=3, iterations=1)
    _report(benchmark, feed.n)


def test_transport_picows(benchmark, feed: Feed) -> None:
    picows = pytest.importorskip("picows")
    feed.n = N_FRAMES

    async def main() -> None:
        done = asyncio.get_running_loop().create_future()

        class Listener(picows.WSListener):
            count = 0

            def on_ws_frame(self, transport, frame) -> None:
                if frame.msg_type == picows.WSMsgType.TEXT:
                    frame.get_payload_as_bytes()
                    Listener.count += 1
                    if Listener.count == feed.n and not done.done():
                        done.set_result(None)
                elif frame.msg_type == picows.WSMsgType.PING:
                    transport.send_pong(frame.get_payload_as_bytes())

        transport, _ = await picows.ws_connect(Listener, f"{feed.url}/stream?streams={STREAM}")
        await asyncio.wait_for(done, 120)
        transport.disconnect()
    benchmark.group = "loopback transport only"
    benchmark.pedantic(lambda: asyncio.run(main()), rounds=3, iterations=1)
    _report(benchmark, feed.n)


def test_transport_websocket_client(benchmark, feed: Feed) -> None:
    import websocket

    feed.n = N_FRAMES

    def run() -> None:
        ws = websocket.create_connection(f"{feed.url}/stream?streams={STREAM}", skip_utf8_validation=True)
        for _ in range(feed.n):
            ws.recv_data()
        ws.close(timeout=0.1)
    benchmark.group = "loopback transport only"
    benchmark.pedantic(run, rounds=3, iterations=1)
    _report(benchmark, feed.n)
