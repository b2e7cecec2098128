"""SBE end to end against the simulator over real sockets: StreamClient / AsyncStreamClient(sbe=True) on the
sim's stream-sbe endpoint (handshake key, binary events routed per stream, a truncated frame reported and
skipped, reconnect, record/replay), the SBE depth diffs joined onto a REST snapshot ending equal to the
simulator's own book, and SBE REST answers (depth, trades, klines, errors, the FAQ's JSON fallback)."""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
from collections import defaultdict
from typing import Any

import numpy as np
import pytest
import urllib3
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

from binance_fast import errors, models
from binance_fast.book import DepthBook
from binance_fast.sbe import api as sbe_api
from binance_fast.sbe import decode_stream
from binance_fast.sim import Simulator
from binance_fast.ws import AsyncStreamClient, Message, StreamClient, replay

SYMBOLS = ("btcusdt", "ethusdt")
KINDS = ("trade", "bestBidAsk", "depth", "depth20")
ED_KEY = "sbeEd25519Key" + "x" * 51
HMAC_KEY = "sbeHmacKey" + "y" * 54


@pytest.fixture(scope="module")
def sim():
    with Simulator(seed=11, tick_interval=0.01) as s:
        pem = ed25519.Ed25519PrivateKey.generate().public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        s.add_account(ED_KEY, public_key_pem=pem)
        s.add_account(HMAC_KEY, secret="s" * 64)
        yield s


@pytest.fixture(scope="module")
def http():
    return urllib3.PoolManager()


class Collector:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.by_stream: dict[str, list[Any]] = defaultdict(list)
        self.errors: list[Exception] = []
        self.states: list[str] = []

    def on_event(self, msg: Message) -> None:
        with self.lock:
            self.by_stream[msg.stream].append(msg.event)

    def on_error(self, exc: Exception) -> None:
        self.errors.append(exc)

    def on_state(self, state: str, info: dict) -> None:
        self.states.append(state)

    def wait(self, cond, timeout: float = 8.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if cond(self):
                    return
            time.sleep(0.02)
        with self.lock:
            assert cond(self), {k: len(v) for k, v in self.by_stream.items()}


def check_depth_chain(events: list) -> None:
    for a, b in itertools.pairwise(events):
        assert b.first_update_id == a.final_update_id + 1, (a.final_update_id, b.first_update_id)


def test_handshake_needs_a_registered_ed25519_key(sim):
    import websocket

    url = sim.sbe_stream_url + "/ws/btcusdt@trade"
    for headers in ({}, {"X-MBX-APIKEY": "unknownkey123"}, {"X-MBX-APIKEY": HMAC_KEY}):
        with pytest.raises(websocket.WebSocketBadStatusException) as info:
            websocket.create_connection(url, header=headers, timeout=5)
        assert info.value.status_code == 401
    with pytest.raises(ValueError, match="api_key"):
        StreamClient("spot", sim.sbe_stream_url, sbe=True)


def test_stream_client_sbe_two_symbols_all_kinds(sim, tmp_path):
    col = Collector()
    rec = tmp_path / "sbe.rec"
    streams = [f"{s}@{k}" for s in SYMBOLS for k in KINDS]
    with StreamClient("spot", sim.sbe_stream_url, sbe=True, api_key=ED_KEY, on_event=col.on_event,
                      on_error=col.on_error, record=rec) as client:
        client.subscribe(streams)
        col.wait(lambda c: all(len(c.by_stream[s]) >= 3 for s in streams if not s.endswith("@trade"))
                 and all(c.by_stream[f"{s}@trade"] for s in SYMBOLS))
        assert sorted(client.list_subscriptions()) == sorted(streams)  # JSON control replies in text frames
    assert not col.errors
    for sym in SYMBOLS:
        diffs = col.by_stream[f"{sym}@depth"]
        assert all(type(d) is models.DepthUpdate and d.symbol == sym.upper() for d in diffs)
        check_depth_chain(diffs)
        assert all(type(t) is models.Trade and t.symbol == sym.upper() for t in col.by_stream[f"{sym}@trade"])
        assert all(type(b) is models.BookTicker for b in col.by_stream[f"{sym}@bestBidAsk"])
        parts = col.by_stream[f"{sym}@depth20"]
        assert all(type(p) is models.PartialDepth and len(p.bids) == 20 for p in parts)
    # the recording carries the binary frames; replay decodes them to the same events, in order
    replayed = defaultdict(list)
    for msg in replay(rec):
        replayed[msg.stream].append(msg.event)
    for s in streams:
        got = replayed[s][:len(col.by_stream[s])]
        assert [e.to_dict() if hasattr(e, "to_dict") else _plain(e) for e in got] == \
            [_plain(e) for e in col.by_stream[s][:len(got)]]
    assert b" b64:" in rec.read_bytes()


def _plain(event: Any) -> Any:
    import msgspec

    return msgspec.to_builtins(event, enc_hook=lambda a: a.tolist())


def test_sbe_depth_joins_snapshot_and_equals_sim_book(sim, http):
    """Spot rules: buffer diffs, take the snapshot, drop u <= lastUpdateId, the first kept has U <= id+1 <= u."""
    sym = "BTCUSDT"
    buffered: list[Any] = []
    lock = threading.Lock()

    def on_event(msg: Message) -> None:
        with lock:
            buffered.append(msg.event)

    with StreamClient("spot", sim.sbe_stream_url, sbe=True, sbe_raw=True, api_key=ED_KEY,
                      on_event=on_event) as client:
        client.subscribe([f"{sym.lower()}@depth"])
        deadline = time.monotonic() + 5
        while not buffered and time.monotonic() < deadline:
            time.sleep(0.01)
        r = http.request("GET", f"{sim.base_url}/api/v3/depth?symbol={sym}&limit=5000",
                         headers=sbe_api.request_headers())
        snap = sbe_api.decode_response(r.status, dict(r.headers), r.data)
        book = DepthBook("spot")
        book.load_snapshot(snap.last_update_id, snap.bids, snap.asks)
        time.sleep(0.3)
        sim.pause_market()
        try:
            sim.step(3, market=False)  # pending windows go out; the book stays
            want = sim.book("spot", sym, numeric=True)
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                with lock:
                    if buffered and buffered[-1].final_update_id >= want[0]:
                        break
                time.sleep(0.01)
            with lock:
                events = list(buffered)
        finally:
            sim.resume_market()
    assert type(events[0]).__name__ == "DepthDiffStreamEvent"  # sbe_raw: the SBE objects themselves
    kept = [e for e in events if e.final_update_id > snap.last_update_id]
    assert kept and kept[0].first_update_id <= snap.last_update_id + 1 <= kept[0].final_update_id
    for e in kept:
        book.apply(e)
    assert book.last_update_id == want[0]
    bids, asks = book.bids(), book.asks()
    np.testing.assert_array_equal(np.asarray(bids, dtype=float), np.asarray(want[1], dtype=float))
    np.testing.assert_array_equal(np.asarray(asks, dtype=float), np.asarray(want[2], dtype=float))


def test_truncated_frame_reported_and_stream_goes_on(sim):
    col = Collector()
    with StreamClient("spot", sim.sbe_stream_url, sbe=True, api_key=ED_KEY, on_event=col.on_event,
                      on_error=col.on_error) as client:
        client.subscribe(["ethusdt@depth20"])
        col.wait(lambda c: len(c.by_stream["ethusdt@depth20"]) >= 2)
        sim.faults.corrupt_sbe_frames("ethusdt@depth20", 2)
        before = len(col.by_stream["ethusdt@depth20"])
        col.wait(lambda c: len(c.errors) >= 2 and len(c.by_stream["ethusdt@depth20"]) >= before + 3)
        assert client.stats.decode_errors == 2
    assert all(isinstance(e, errors.FrameDecodeError) for e in col.errors)


def test_reconnect_resubscribes_sbe(sim):
    col = Collector()
    with StreamClient("spot", sim.sbe_stream_url, sbe=True, api_key=ED_KEY, on_event=col.on_event,
                      on_state=col.on_state, backoff_base=0.05) as client:
        client.subscribe(["btcusdt@bestBidAsk", "btcusdt@depth"])
        col.wait(lambda c: len(c.by_stream["btcusdt@depth"]) >= 2)
        sim.faults.drop_connections("spot")
        n = len(col.by_stream["btcusdt@depth"])
        col.wait(lambda c: len(c.by_stream["btcusdt@depth"]) >= n + 3)
        assert client.stats.reconnects >= 1 and "resubscribed" in col.states


@pytest.mark.parametrize("transport", ["aiohttp", "picows"])
def test_async_stream_client_sbe(sim, transport):
    if transport == "picows":
        pytest.importorskip("picows")

    async def main() -> dict[str, list]:
        got: dict[str, list] = defaultdict(list)
        async with AsyncStreamClient("spot", sim.sbe_stream_url, sbe=True, api_key=ED_KEY,
                                     transport=transport) as client:
            await client.subscribe(["btcusdt@depth", "ethusdt@bestBidAsk"])
            async for msg in client.messages(timeout=5):
                got[msg.stream].append(msg.event)
                if len(got["btcusdt@depth"]) >= 3 and len(got["ethusdt@bestBidAsk"]) >= 2:
                    break
        return got

    got = asyncio.run(main())
    check_depth_chain(got["btcusdt@depth"])
    assert all(type(b) is models.BookTicker and b.symbol == "ETHUSDT" for b in got["ethusdt@bestBidAsk"])


# --- REST -------------------------------------------------------------------------------------------------

def _get(http, sim, path: str, headers: dict[str, str]) -> urllib3.BaseHTTPResponse:
    return http.request("GET", sim.base_url + path, headers=headers)


def test_rest_sbe_depth_equals_json_depth(sim, http):
    sim.pause_market()
    try:
        j = _get(http, sim, "/api/v3/depth?symbol=ETHUSDT&limit=100", {})
        s = _get(http, sim, "/api/v3/depth?symbol=ETHUSDT&limit=100", sbe_api.request_headers())
    finally:
        sim.resume_market()
    assert s.headers["Content-Type"].startswith("application/sbe")
    msg = sbe_api.decode_response(s.status, dict(s.headers), s.data)
    body = j.json()
    assert msg.last_update_id == body["lastUpdateId"]
    a, b = DepthBook("spot"), DepthBook("spot")
    a.load_snapshot(msg.last_update_id, msg.bids, msg.asks)
    b.load_snapshot(body["lastUpdateId"], np.array(body["bids"], dtype=float), np.array(body["asks"], dtype=float))
    assert a.top() == b.top() and len(msg.bids) == len(body["bids"]) >= 20
    np.testing.assert_array_equal(msg.bids, np.array(body["bids"], dtype=float))
    np.testing.assert_array_equal(msg.asks, np.array(body["asks"], dtype=float))


def test_rest_sbe_trades_and_klines(sim, http):
    s = _get(http, sim, "/api/v3/trades?symbol=BTCUSDT&limit=5", sbe_api.request_headers())
    trades = sbe_api.decode_response(s.status, dict(s.headers), s.data)
    assert type(trades).__name__ == "TradesResponse" and 1 <= len(trades.trades) <= 5
    s = _get(http, sim, "/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=3", sbe_api.request_headers())
    klines = sbe_api.decode_response(s.status, dict(s.headers), s.data)
    assert type(klines).__name__ == "KlinesResponse" and 1 <= len(klines.klines) <= 3


def test_rest_sbe_errors_and_fallback(sim, http):
    # a refused call is an SBE ErrorResponse, raised as the typed error
    s = _get(http, sim, "/api/v3/depth?symbol=NOPE", sbe_api.request_headers())
    assert s.headers["Content-Type"].startswith("application/sbe")
    with pytest.raises(errors.BinanceAPIError) as info:
        sbe_api.decode_response(s.status, dict(s.headers), s.data)
    assert info.value.code == -1121
    # SBE alone with a bad or missing X-MBX-SBE: an SBE error (-1152 / -1153)
    for value, code in (("nonsense", -1152), ("3:99", -1153), (None, -1152)):
        h = {"Accept": "application/sbe"} | ({"X-MBX-SBE": value} if value else {})
        s = _get(http, sim, "/api/v3/depth?symbol=BTCUSDT", h)
        with pytest.raises(errors.BinanceAPIError) as info:
            sbe_api.decode_response(s.status, dict(s.headers), s.data)
        assert info.value.code == code
    # SBE or JSON: a bad header falls back to JSON; so does an answer the sim has no SBE form for
    s = _get(http, sim, "/api/v3/depth?symbol=BTCUSDT", {"Accept": "application/sbe, application/json",
                                                           "X-MBX-SBE": "3:99"})
    assert s.headers["Content-Type"].startswith("application/json") and "lastUpdateId" in s.json()
    s = _get(http, sim, "/api/v3/time", sbe_api.request_headers(json_fallback=True))
    assert "serverTime" in s.json()
    assert _get(http, sim, "/api/v3/time", sbe_api.request_headers()).status == 406


def test_sbe_frames_match_json_update_ids(sim):
    """The SBE and JSON depth streams carry the same diffs (same update ids) from one market."""
    col_sbe, col_json = Collector(), Collector()
    with StreamClient("spot", sim.sbe_stream_url, sbe=True, api_key=ED_KEY, on_event=col_sbe.on_event) as a, \
            StreamClient("spot", sim.stream_url, on_event=col_json.on_event) as b:
        b.subscribe(["btcusdt@depth@100ms"])
        a.subscribe(["btcusdt@depth"])
        col_sbe.wait(lambda c: len(c.by_stream["btcusdt@depth"]) >= 5)
        time.sleep(0.2)
    sbe_ids = {(e.first_update_id, e.final_update_id): e for e in col_sbe.by_stream["btcusdt@depth"]}
    json_ids = {(e.first_update_id, e.final_update_id): e for e in col_json.by_stream["btcusdt@depth@100ms"]}
    common = sbe_ids.keys() & json_ids.keys()
    assert len(common) >= 3
    for k in common:
        np.testing.assert_array_equal(sbe_ids[k].bids, json_ids[k].bids)
        np.testing.assert_array_equal(sbe_ids[k].asks, json_ids[k].asks)


def test_sim_frame_decodes_with_project_decoder(sim):
    from binance_fast.sbe.streams import encode_depth_diff

    frame = encode_depth_diff("BTCUSDT", 5, 7, [("1.5", "2")], [], event_time_us=1_000_000)
    ev = decode_stream(frame)
    assert (ev.first_update_id, ev.final_update_id, ev.bids.tolist()) == (5, 7, [[1.5, 2.0]])


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_sbe_rollover_loses_and_duplicates_nothing(sim, flavour):
    """The 24-hour rollover on stream-sbe: SBE frames of one event are byte-identical on both connections, so
    the join works as for JSON: the depth chain stays gapless and no trade id repeats."""
    col = Collector()
    streams = ["btcusdt@depth", "btcusdt@trade", "ethusdt@depth"]
    sim.faults.max_connection_age(2.0)  # the exchange's cut (24 h in production); the client rolls at 0.5 s
    opts: dict[str, Any] = {"sbe": True, "api_key": ED_KEY, "on_event": col.on_event, "rollover_after": 0.5,
                            "join_timeout": 1.0}

    def done(client) -> bool:
        return client.stats.rollovers >= 2 and "rolled_over" in col.states

    try:
        if flavour == "sync":
            with StreamClient("spot", sim.sbe_stream_url, on_state=col.on_state, **opts) as client:
                client.subscribe(streams)
                deadline = time.monotonic() + 8
                while not done(client) and time.monotonic() < deadline:
                    time.sleep(0.05)
                time.sleep(0.3)
                stats = client.stats.as_dict()
        else:
            async def main() -> dict:
                async with AsyncStreamClient("spot", sim.sbe_stream_url, on_state=col.on_state, **opts) as client:
                    await client.subscribe(streams)
                    deadline = time.monotonic() + 8
                    while not done(client) and time.monotonic() < deadline:
                        await asyncio.sleep(0.05)
                    await asyncio.sleep(0.3)
                    return client.stats.as_dict()
            stats = asyncio.run(main())
    finally:
        sim.faults.max_connection_age(None)
    assert stats["rollovers"] >= 2 and stats["reconnects"] == 0 and stats["duplicates_dropped"] > 0
    for s in ("btcusdt@depth", "ethusdt@depth"):
        assert len(col.by_stream[s]) > 5
        check_depth_chain(col.by_stream[s])
    ids = [t.trade_id for t in col.by_stream["btcusdt@trade"]]
    assert ids and ids == list(range(ids[0], ids[0] + len(ids)))  # consecutive: none lost, none twice


def test_managed_book_on_sbe_resyncs_after_a_gap(sim, http):
    """LocalOrderBook fed by the SBE depth stream, snapshots over SBE REST: a skipped diff (a sequence gap)
    makes it resync, never keep a wrong book; at a quiet point it equals the simulator's book."""
    from binance_fast.book import LocalOrderBook

    sym = "ETHUSDT"

    def fetch(symbol: str, limit: int):
        r = http.request("GET", f"{sim.base_url}/api/v3/depth?symbol={symbol}&limit={limit}",
                         headers=sbe_api.request_headers())
        return sbe_api.decode_response(r.status, dict(r.headers), r.data)

    lob = LocalOrderBook(sym, fetch_snapshot=fetch, limit=1000, backoff=0.05)
    try:
        with StreamClient("spot", sim.sbe_stream_url, sbe=True, sbe_raw=True, api_key=ED_KEY) as client:
            client.subscribe([f"{sym.lower()}@depth"], callback=lob.feed)
            assert lob.wait_synced(5)
            sim.faults.skip_depth_update("sbe", sym)
            deadline = time.monotonic() + 5
            while lob.resyncs < 1 and time.monotonic() < deadline:
                time.sleep(0.02)
            assert lob.resyncs >= 1
            assert lob.wait_synced(5)
            sim.pause_market()
            try:
                sim.step(3, market=False)
                want = sim.book("spot", sym, numeric=True)
                deadline = time.monotonic() + 5
                while lob.book.last_update_id < want[0] and time.monotonic() < deadline:
                    time.sleep(0.01)
            finally:
                sim.resume_market()
            assert lob.book.last_update_id == want[0]
            np.testing.assert_array_equal(lob.book.bids(), np.asarray(want[1], dtype=float))
            np.testing.assert_array_equal(lob.book.asks(), np.asarray(want[2], dtype=float))
    finally:
        lob.close()


def test_ws_api_sbe_session(sim):
    """responseFormat=sbe on the WebSocket API: every answer a binary WebSocketResponse; depth equals the
    JSON session's, an error is an ErrorResponse raised as the typed error, bad handshakes are HTTP 400."""
    from urllib.parse import urlencode

    import websocket

    base = sim.ws_api_url
    for bad in ({"responseFormat": "sbe", "sbeSchemaId": "3", "sbeSchemaVersion": "99"},
                {"responseFormat": "sbe", "sbeSchemaId": "x", "sbeSchemaVersion": "4"}):
        with pytest.raises(websocket.WebSocketBadStatusException) as info:
            websocket.create_connection(f"{base}?{urlencode(bad)}", timeout=5)
        assert info.value.status_code == 400
    sbe_ws = websocket.create_connection(f"{base}?{urlencode(sbe_api.ws_api_params())}", timeout=5)
    json_ws = websocket.create_connection(base, timeout=5)
    try:
        sim.pause_market()
        try:
            req = '{"id":"d1","method":"depth","params":{"symbol":"BTCUSDT","limit":50}}'
            sbe_ws.send(req)
            json_ws.send(req)
            opcode, frame = sbe_ws.recv_data()
            body = json.loads(json_ws.recv())
        finally:
            sim.resume_market()
        assert opcode == websocket.ABNF.OPCODE_BINARY
        response = sbe_api.decode_ws_api_frame(frame)
        assert (response.id, response.status) == ("d1", 200) and response.rate_limits
        depth = sbe_api.unwrap_ws_response(response)
        assert depth.last_update_id == body["result"]["lastUpdateId"]
        np.testing.assert_array_equal(depth.bids, np.array(body["result"]["bids"], dtype=float))
        np.testing.assert_array_equal(depth.asks, np.array(body["result"]["asks"], dtype=float))
        sbe_ws.send('{"id":"e1","method":"depth","params":{"symbol":"NOPE"}}')
        with pytest.raises(errors.BinanceAPIError) as err:
            sbe_api.unwrap_ws_response(sbe_api.decode_ws_api_frame(sbe_ws.recv_data()[1]))
        assert err.value.code == -1121
        sbe_ws.send('{"id":"p1","method":"ping"}')
        assert type(sbe_api.unwrap_ws_response(sbe_api.decode_ws_api_frame(sbe_ws.recv_data()[1]))).__name__ \
            == "PingResponse"
    finally:
        sbe_ws.close()
        json_ws.close()
