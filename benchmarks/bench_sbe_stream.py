"""End to end on loopback: the same depth diffs as SBE binary frames (stream-sbe) and as JSON text frames, through
StreamClient / AsyncStreamClient(sbe=True) into a DepthBook: frames/s side by side in one run.

The feed is a small aiohttp server on 127.0.0.1 that writes N pre-framed depth events (20+20 levels, consecutive
update ids) in one write once a stream is subscribed: faster than any client, so the clients are measured.
``/sbe/...`` serves ``DepthDiffStreamEvent`` binary frames, anything else the JSON combined-stream frames.
Run: python -m pytest benchmarks/bench_sbe_stream.py --benchmark-columns=mean,ops
(frames/s per variant in extra_info; ratio = the SBE variant's mean vs the JSON one's, same group.)
"""

from __future__ import annotations

import asyncio
import json
import random
import threading

import pytest
from aiohttp import WSMsgType, web

pytest.importorskip("binance_fast._sbe_stream", reason="compiled SBE kernels not built")

from binance_fast.sbe import stream_codec
from binance_fast.sim.sbe import ws_binary_frame
from binance_fast.sim.streams import ws_frame

N_FRAMES = 20_000
JSON_STREAM = "btcusdt@depth@100ms"
SBE_STREAM = "btcusdt@depth"
KEY = "benchKey" + "k" * 56  # the feed does not check it; the client must send one


def make_events(n: int) -> list[tuple[int, int, list, list]]:
    rng = random.Random(3)
    out = []
    for i in range(n):
        bids = [(30000_00 - rng.randrange(200) * 10, rng.randrange(1, 500_000_000)) for _ in range(20)]
        asks = [(30000_10 + rng.randrange(200) * 10, rng.randrange(1, 500_000_000)) for _ in range(20)]
        out.append((2 * i + 1, 2 * i + 2, bids, asks))  # prices in 0.01, quantities in 1e-8
    return out


def json_frames(events) -> bytes:
    parts = []
    for i, (U, u, bids, asks) in enumerate(events):
        data = {"e": "depthUpdate", "E": 1700000000000 + i, "s": "BTCUSDT", "U": U, "u": u,
                "b": [[f"{p / 100:.8f}", f"{q / 1e8:.8f}"] for p, q in bids],
                "a": [[f"{p / 100:.8f}", f"{q / 1e8:.8f}"] for p, q in asks]}
        parts.append(ws_frame(json.dumps({"stream": JSON_STREAM, "data": data}, separators=(",", ":")).encode()))
    return b"".join(parts)


def sbe_frames(events) -> bytes:
    encode = stream_codec().encode
    parts = []
    for i, (U, u, bids, asks) in enumerate(events):
        parts.append(ws_binary_frame(encode("DepthDiffStreamEvent", {
            "eventTime": (1700000000000 + i) * 1000, "firstBookUpdateId": U, "lastBookUpdateId": u,
            "priceExponent": -2, "qtyExponent": -8,
            "bids": [{"price": p, "qty": q} for p, q in bids], "asks": [{"price": p, "qty": q} for p, q in asks],
            "symbol": "BTCUSDT"})))
    return b"".join(parts)


class Feed:
    def __init__(self) -> None:
        events = make_events(N_FRAMES)
        self.blobs = {"json": json_frames(events), "sbe": sbe_frames(events)}
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
                    await ws.send_str(json.dumps({"result": None, "id": json.loads(msg.data).get("id")}))
                    go.set()
        task = asyncio.ensure_future(reader())
        await go.wait()
        request.transport.write(self.blobs["sbe" if request.path.startswith("/sbe") else "json"])
        await asyncio.sleep(30)
        task.cancel()
        return ws

    def url(self, kind: str) -> str:
        return f"ws://127.0.0.1:{self.port}" + ("/sbe" if kind == "sbe" else "")


@pytest.fixture(scope="module")
def feed() -> Feed:
    return Feed()


def _book_feeder(n: int, done):
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


def _report(benchmark) -> None:
    benchmark.extra_info["frames"] = N_FRAMES
    if benchmark.stats is not None:
        benchmark.extra_info["frames_per_s"] = round(N_FRAMES / benchmark.stats.stats.mean)


# kind: json = JSON text frames; sbe = SBE frames delivered as the JSON models; sbe_raw = the SBE objects
@pytest.mark.parametrize("kind", ["json", "sbe", "sbe_raw"])
def test_sync_client_depth_into_book(benchmark, feed: Feed, kind: str) -> None:
    from binance_fast.ws import StreamClient

    sbe = kind != "json"

    def run() -> None:
        done = threading.Event()
        with StreamClient("spot", feed.url("sbe" if sbe else "json"), sbe=sbe, sbe_raw=kind == "sbe_raw",
                          api_key=KEY if sbe else None) as client:
            client.subscribe([SBE_STREAM if sbe else JSON_STREAM], callback=_book_feeder(N_FRAMES, done))
            assert done.wait(120)
    benchmark.group = "loopback depth feed -> StreamClient -> DepthBook: SBE vs JSON"
    benchmark.pedantic(run, rounds=3, iterations=1)
    _report(benchmark)


@pytest.mark.parametrize("kind", ["json", "sbe", "sbe_raw"])
def test_async_client_depth_into_book(benchmark, feed: Feed, kind: str) -> None:
    from binance_fast.ws import AsyncStreamClient

    sbe = kind != "json"

    async def main() -> None:
        done = asyncio.Event()
        async with AsyncStreamClient("spot", feed.url("sbe" if sbe else "json"), sbe=sbe,
                                     sbe_raw=kind == "sbe_raw", api_key=KEY if sbe else None) as client:
            await client.subscribe([SBE_STREAM if sbe else JSON_STREAM], callback=_book_feeder(N_FRAMES, done))
            await asyncio.wait_for(done.wait(), 120)
    benchmark.group = "loopback depth feed -> AsyncStreamClient -> DepthBook: SBE vs JSON"
    benchmark.pedantic(lambda: asyncio.run(main()), rounds=3, iterations=1)
    _report(benchmark)
