"""The command-line face: serve until stopped, print URLs and a test key; switch faults of a running simulator."""

from __future__ import annotations

import io
import re
import threading
import time

import requests

from binance_fast.sim import cli_main, serve


def test_serve_prints_urls_and_key_and_takes_faults():
    out = io.StringIO()
    stop = threading.Event()
    t = threading.Thread(target=serve, kwargs=dict(port=0, seed=1, out=out, stop=stop), daemon=True)
    t0 = time.monotonic()
    t.start()
    while "secret" not in out.getvalue():
        assert time.monotonic() - t0 < 10, out.getvalue()
        time.sleep(0.02)
    text = out.getvalue()
    base = re.search(r"serving on (http://127\.0\.0\.1:\d+)", text).group(1)
    port = int(base.rsplit(":", 1)[1])
    assert re.search(r"API key\s+[A-Za-z0-9]{64}", text)
    assert f"ws://127.0.0.1:{port}/usdm/ws/<stream>" in text
    assert requests.get(base + "/api/v3/ping").json() == {}
    assert cli_main(["--port", str(port), "fault", "fail_rest", "path=/api/v3/time", "status=503"]) == 0
    assert requests.get(base + "/api/v3/time").status_code == 503
    assert requests.get(base + "/api/v3/time").status_code == 200
    assert cli_main(["fault", "--port", str(port), "fail_rest", "path=/api/v3/ping", "status=502"]) == 0
    assert requests.get(base + "/api/v3/ping").status_code == 502
    book = requests.get(base + "/_sim/book", params={"product": "usdm", "symbol": "BTCUSDT", "limit": 3}).json()
    assert len(book["bids"]) == 3 and book["lastUpdateId"] > 0
    r = requests.post(base + "/_sim/fault", json={"name": "no_such_fault"})
    assert r.status_code == 400
    stop.set()
    t.join(10)
    assert not t.is_alive()


def test_start_up_is_quick():
    from binance_fast.sim import Simulator
    t0 = time.perf_counter()
    with Simulator(seed=1) as s:
        started = time.perf_counter() - t0
        assert requests.get(s.base_url + "/api/v3/ping").status_code == 200
    # recorded, not asserted against a wall-clock budget: timing assertions do not belong in tests
    print(f"simulator start-up {started * 1000:.0f} ms")


def test_async_face():
    import asyncio

    import aiohttp

    from binance_fast.sim import Simulator

    async def main():
        async with Simulator(seed=3, tick_interval=0.01, history_ticks=5) as s:
            async with aiohttp.ClientSession() as cs:
                async with cs.get(s.base_url + "/api/v3/depth", params={"symbol": "BTCUSDT", "limit": 5}) as r:
                    book = await r.json()
                assert 0 < book["lastUpdateId"] <= s.book("spot", "BTCUSDT")[0]
                async with cs.ws_connect(s.stream_url + "/ws/btcusdt@depth@100ms") as ws:
                    msg = await ws.receive(5)
                    assert msg.json()["e"] == "depthUpdate"
                s.faults.fail_rest("/api/v3/ping", status=500)
                async with cs.get(s.base_url + "/api/v3/ping") as r:
                    assert r.status == 500
        return s.port
    assert asyncio.run(asyncio.wait_for(main(), 20)) > 0
