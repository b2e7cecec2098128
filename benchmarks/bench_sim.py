"""Simulator throughput on loopback: REST requests/s and stream messages/s, beside a bare aiohttp floor.

The load comes from a separate process (so the client does not share the simulator's GIL) over real sockets.
Run: pytest benchmarks/bench_sim.py -s   or   python benchmarks/bench_sim.py
Numbers are printed and stored in the benchmark's extra_info; the ratios compare runs made in the same session.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing as mp
import os
import struct
import sys
import threading
import time


sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from binance_fast.sim import Simulator  # noqa: E402

REST_SECONDS = 1.5
STREAM_SECONDS = 3.0
CONCURRENCY = 16


# -- load generators (run in a child process) -----------------------------------------------------------------
def _rest_load(url: str, seconds: float, concurrency: int, q) -> None:
    import aiohttp

    async def main():
        done = 0
        errors = 0
        stop_at = time.monotonic() + seconds
        conn = aiohttp.TCPConnector(limit=concurrency)
        async with aiohttp.ClientSession(connector=conn) as s:
            async def worker():
                nonlocal done, errors
                while time.monotonic() < stop_at:
                    async with s.get(url) as r:
                        await r.read()
                        if r.status == 200:
                            done += 1
                        else:
                            errors += 1
            t0 = time.monotonic()
            await asyncio.gather(*(worker() for _ in range(concurrency)))
            return done, errors, time.monotonic() - t0
    q.put(asyncio.run(main()))


def _stream_load(host: str, port: int, path: str, conns: int, seconds: float, q) -> None:
    """Raw WebSocket clients that only count frames (the cheapest consumer there is)."""
    async def one(counts, i, stop_at):
        reader, writer = await asyncio.open_connection(host, port)
        writer.write((f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        await reader.readuntil(b"\r\n\r\n")
        buf = b""
        n = 0
        while time.monotonic() < stop_at:
            try:
                chunk = await asyncio.wait_for(reader.read(1 << 20), 0.5)
            except asyncio.TimeoutError:
                continue
            if not chunk:
                break
            buf += chunk
            pos = 0
            end = len(buf)
            while end - pos >= 2:
                b1 = buf[pos + 1] & 0x7F
                if b1 < 126:
                    hl, ln = 2, b1
                elif b1 == 126:
                    if end - pos < 4:
                        break
                    hl, ln = 4, struct.unpack_from(">H", buf, pos + 2)[0]
                else:
                    if end - pos < 10:
                        break
                    hl, ln = 10, struct.unpack_from(">Q", buf, pos + 2)[0]
                if end - pos < hl + ln:
                    break
                if (buf[pos] & 0x0F) == 1:
                    n += 1
                pos += hl + ln
            buf = buf[pos:]
        counts[i] = n
        writer.close()

    async def main():
        counts = [0] * conns
        stop_at = time.monotonic() + seconds
        t0 = time.monotonic()
        await asyncio.gather(*(one(counts, i, stop_at) for i in range(conns)))
        return sum(counts), time.monotonic() - t0
    q.put(asyncio.run(main()))


def _in_child(target, *args):
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    p = ctx.Process(target=target, args=(*args, q))
    p.start()
    result = q.get(timeout=120)
    p.join(30)
    return result


# -- the floor: a bare aiohttp app -------------------------------------------------------------------------------
class BareServer:
    """The same framework answering ``{}`` with nothing else: what aiohttp alone costs per request."""

    def __enter__(self):
        from aiohttp import web
        started = threading.Event()

        async def ping(request):
            return web.Response(body=b"{}", content_type="application/json")

        def run():
            self.loop = asyncio.new_event_loop()
            app = web.Application()
            app.router.add_get("/api/v3/ping", ping)
            runner = web.AppRunner(app, access_log=None)
            self.loop.run_until_complete(runner.setup())
            site = web.TCPSite(runner, "127.0.0.1", 0)
            self.loop.run_until_complete(site.start())
            self.port = site._server.sockets[0].getsockname()[1]
            self.runner = runner
            started.set()
            self.loop.run_forever()
            self.loop.run_until_complete(runner.cleanup())

        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()
        started.wait(10)
        return self

    def __exit__(self, *exc):
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


def rest_rate(url: str) -> float:
    done, errors, elapsed = _in_child(_rest_load, url, REST_SECONDS, CONCURRENCY)
    assert errors == 0 and done > 0
    return done / elapsed


def measure_rest(rounds: int = 3) -> dict:
    """Floor and simulator measured in alternation, best of ``rounds``: the machine is shared and its load moves."""
    limits = __import__("binance_fast.sim", fromlist=["RateLimits"]).RateLimits(enabled=False)
    best = {"bare_aiohttp_req_s": 0.0, "sim_ping_req_s": 0.0, "sim_depth20_req_s": 0.0}
    with BareServer() as bare, Simulator(seed=1, rate_limits=limits) as sim:
        urls = {"bare_aiohttp_req_s": f"http://127.0.0.1:{bare.port}/api/v3/ping",
                "sim_ping_req_s": sim.base_url + "/api/v3/ping",
                "sim_depth20_req_s": sim.base_url + "/api/v3/depth?symbol=BTCUSDT&limit=20"}
        for _ in range(rounds):
            for name, url in urls.items():
                best[name] = max(best[name], rest_rate(url))
    floor = best["bare_aiohttp_req_s"]
    return {**best, "ping_vs_floor": best["sim_ping_req_s"] / floor,
            "depth_vs_floor": best["sim_depth20_req_s"] / floor}


def measure_streams(conns: int = 32) -> dict:
    # every connection takes every public stream of every spot symbol; the market ticks as fast as it can
    with Simulator(seed=1, tick_interval=0.0005) as sim:
        names = []
        for sym in sim.exchange.venues["spot"].engines:
            s = sym.lower()
            names += [f"{s}@trade", f"{s}@aggTrade", f"{s}@bookTicker", f"{s}@depth@100ms", f"{s}@depth5@100ms",
                      f"{s}@depth"]
        path = "/stream?streams=" + "/".join(names)
        sent0 = sim.messages_sent()
        t0 = time.monotonic()
        received, elapsed = _in_child(_stream_load, "127.0.0.1", sim.port, path, conns, STREAM_SECONDS)
        sent = sim.messages_sent() - sent0
        ticks = sim.exchange.venues["spot"].tick
        wall = time.monotonic() - t0
    return {"stream_msgs_received_s": received / elapsed, "stream_msgs_sent_s": sent / wall, "connections": conns,
            "market_ticks_s": ticks / wall}


def test_rest_requests_per_second(benchmark):
    result = benchmark.pedantic(measure_rest, rounds=1, iterations=1)
    benchmark.extra_info.update(result)
    print(json.dumps(result, indent=1))


def test_stream_messages_per_second(benchmark):
    result = benchmark.pedantic(measure_streams, rounds=1, iterations=1)
    benchmark.extra_info.update(result)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    print(json.dumps({**measure_rest(), **measure_streams()}, indent=1))
