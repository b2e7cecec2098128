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
