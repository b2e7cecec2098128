"""The threaded market/user-data stream client on websocket-client: callbacks or an iterator, and it stays up."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import msgspec
import websocket

from ..streams import Reply
from ._core import (KIND_COMBINED, KIND_REPLY, Message, Pacer, Rollover, StreamCore, _sniff, backoff_delays, log,
                    stream_url)

__all__ = ["StreamClient"]

_reply_decoder = msgspec.json.Decoder(Reply)
_LOST = (websocket.WebSocketException, OSError, ConnectionError, ValueError)


def normalize(stream: str) -> str:
    """Stream names as the exchange echoes them: lowercase symbol, the type as documented."""
    sym, sep, rest = stream.partition("@")
    return sym.lower() + sep + rest


class _Conn:
    """One WebSocket connection and the streams it carries."""

    def __init__(self, cid: int, streams: Iterable[str], role: str = "live"):
        self.cid = cid
        self.streams: set[str] = set(streams)
        self.role = role  # live | joining (new side of a rollover) | retiring (old side)
        self.rollover: Rollover | None = None
        self.ws: websocket.WebSocket | None = None
        self.thread: threading.Thread | None = None
        self.connected = threading.Event()
        self.opened_at = 0.0
        self.last_recv = 0.0
        self.closing = False
        self.send_lock = threading.Lock()
        self.pacer: Pacer | None = None

    def __repr__(self) -> str:
        return f"<conn {self.cid} {self.role} streams={len(self.streams)} up={self.connected.is_set()}>"


class StreamClient:
    """Market and user-data streams of one product over websocket-client, in background threads.

    ``StreamClient(product="spot", base_url=None)``; ``subscribe(["btcusdt@trade"], callback=fn)``; events go to
    the stream's callbacks, else to ``on_event(Message)``, else to a bounded queue read by iterating the client
    (``for msg in client``). It answers pings, reconnects with exponential backoff and jitter and re-subscribes,
    treats ``stall_timeout`` seconds without a data frame on a subscribed connection as a dead one (raise it
    for quiet streams), rolls each connection
    over before the exchange's 24-hour cut (new connection first, joined without gap or duplicate), spreads
    streams over connections of at most 1024, paces its control messages under the exchange's limit, reports
    every state change to ``on_state(state, info)`` and the log, and with ``record=path`` writes every raw frame
    with its receive time for :func:`binance_fast.ws.replay`.

    ``sbe=True, api_key=<Ed25519 key>``: the SBE market-data streams (stream-sbe.binance.com; spot
    ``<symbol>@trade|bestBidAsk|depth|depth20``), decoded by the compiled schema 1:0 decoder and delivered as
    the JSON streams' models on ``<symbol>@<type>`` (``sbe_raw=True``: the SBE objects, see ``SbeDecoder``).
    """

    def __init__(self, product: str = "spot", base_url: str | None = None, *,
                 on_event: Callable[[Message], Any] | None = None,
                 on_state: Callable[[str, dict], Any] | None = None,
                 on_overflow: Callable[[Message], Any] | None = None,
                 on_error: Callable[[Exception], Any] | None = None,
                 queue_size: int = 100_000, stall_timeout: float = 60.0, rollover_after: float = 23.5 * 3600,
                 join_timeout: float = 10.0, max_streams_per_connection: int = 1024,
                 messages_per_second: int | None = None, record: str | Path | None = None, decimal: bool = False,
                 backoff_base: float = 0.2, backoff_max: float = 30.0, connect_timeout: float = 10.0,
                 request_timeout: float = 10.0, sbe: bool = False, sbe_raw: bool = False,
                 api_key: str | None = None):
        self.core = StreamCore(product, base_url, on_event=on_event, on_state=on_state, on_overflow=on_overflow,
                               on_error=on_error, decimal=decimal, record=record,
                               max_streams_per_connection=max_streams_per_connection,
                               messages_per_second=messages_per_second, sbe=sbe, sbe_raw=sbe_raw,
                               api_key=api_key)
        self.product = product
        self.stats = self.core.stats
        self.queue: queue.Queue[Message] = queue.Queue(maxsize=queue_size)
        self.stall_timeout = stall_timeout
        self.rollover_after = rollover_after
        self.join_timeout = join_timeout
        self.backoff = (backoff_base, backoff_max)
        self.connect_timeout = connect_timeout
        self.request_timeout = request_timeout
        self._lock = threading.RLock()
        self._conns: list[_Conn] = []
        self._stream_conn: dict[str, _Conn] = {}
        self._pending: dict[int, list] = {}
        self._next_cid = 0
        self._closed = False
        self._supervisor: threading.Thread | None = None

    # -- lifecycle ----------------------------------------------------------------------------------------------
    def __enter__(self) -> StreamClient:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    @property
    def subscriptions(self) -> list[str]:
        """The streams this client keeps subscribed (its own view; see list_subscriptions for the server's)."""
        with self._lock:
            return sorted(self._stream_conn)

    @property
    def connections(self) -> int:
        with self._lock:
            return len([c for c in self._conns if c.role != "retiring"])

    def close(self) -> None:
        """Closes every connection and stops the threads; the iterator ends."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            conns = list(self._conns)
            for c in self._conns:
                if c.rollover is not None:
                    conns.extend([c.rollover.old, c.rollover.new])
        for conn in set(conns):
            self._shut(conn)
        for conn in set(conns):
            if conn.thread is not None and conn.thread is not threading.current_thread():
                conn.thread.join(timeout=5)
        if self._supervisor is not None and self._supervisor is not threading.current_thread():
            self._supervisor.join(timeout=5)
        self.core.close()
        self.core.report("closed")

    def _shut(self, conn: _Conn) -> None:
        conn.closing = True
        ws = conn.ws
        if ws is not None:
            try:
                ws.close(timeout=0.5)
            except Exception:  # already broken
                try:
                    ws.shutdown()
                except Exception:
                    pass

    # -- subscriptions ------------------------------------------------------------------------------------------
    def subscribe(self, streams: Iterable[str], callback: Callable[[Any], Any] | None = None, *,
                  wait: bool = True) -> None:
        """Subscribes ``streams`` (e.g. ``btcusdt@depth@100ms``), optionally with a per-stream callback(event).

        New streams fill the open connections up to 1024 each, then open new ones. With ``wait`` (default), it
        returns once the exchange confirmed them; a refused SUBSCRIBE raises ValueError.
        """
        names = list(dict.fromkeys(normalize(s) for s in streams))
        if self._closed:
            raise RuntimeError("client is closed")
        sends: list[tuple[_Conn, list[str]]] = []
        opened: list[_Conn] = []
        with self._lock:
            if callback is not None:
                for s in names:
                    self.core.callbacks.setdefault(s, []).append(callback)
            new = [s for s in names if s not in self._stream_conn]
            for conn in self._conns:
                if not new:
                    break
                if conn.role == "retiring":
                    continue
                room = self.core.max_streams - len(conn.streams)
                if room <= 0:
                    continue
                take, new = new[:room], new[room:]
                conn.streams.update(take)
                for s in take:
                    self._stream_conn[s] = conn
                if conn.connected.is_set():
                    sends.append((conn, take))
            while new:
                take, new = new[:self.core.max_streams], new[self.core.max_streams:]
                conn = self._new_conn(take)
                for s in take:
                    self._stream_conn[s] = conn
                opened.append(conn)
            self._ensure_supervisor()
        for conn in opened:
            self._start(conn)
        for conn, take in sends:
            self._request_batches(conn, "SUBSCRIBE", take, wait)
        if wait:
            deadline = time.monotonic() + self.connect_timeout
            for conn in opened:
                if not conn.connected.wait(max(0.0, deadline - time.monotonic())):
                    raise TimeoutError(f"stream connection not established within {self.connect_timeout}s")
        self.core.report("subscribed", streams=len(names))

    def unsubscribe(self, streams: Iterable[str], *, wait: bool = True) -> None:
        """Unsubscribes ``streams`` and drops their callbacks; an emptied connection is closed."""
        by_conn: dict[_Conn, list[str]] = {}
        with self._lock:
            for s in (normalize(s) for s in streams):
                self.core.callbacks.pop(s, None)
                conn = self._stream_conn.pop(s, None)
                if conn is not None:
                    conn.streams.discard(s)
                    by_conn.setdefault(conn, []).append(s)
        for conn, names in by_conn.items():
            if not conn.streams and len(self._conns) > 1:
                with self._lock:
                    if conn in self._conns:
                        self._conns.remove(conn)
                self._shut(conn)
            elif conn.connected.is_set():
                self._request_batches(conn, "UNSUBSCRIBE", names, wait)
        self.core.report("unsubscribed", streams=sum(len(v) for v in by_conn.values()))

    def list_subscriptions(self) -> list[str]:
        """The streams the exchange says are subscribed, over all connections (LIST_SUBSCRIPTIONS, ids matched)."""
        out: set[str] = set()
        with self._lock:
            conns = [c for c in self._conns if c.connected.is_set()]
        for conn in conns:
            reply = self._request(conn, "LIST_SUBSCRIPTIONS", None, wait=True)
            out.update(reply.result or [])
        return sorted(out)

    def _request_batches(self, conn: _Conn, method: str, names: list[str], wait: bool) -> None:
        for i in range(0, len(names), 200):
            self._request(conn, method, names[i:i + 200], wait)

    def _request(self, conn: _Conn, method: str, params: list[str] | None, wait: bool) -> Reply:
        with self._lock:
            rid = self.core.request_id()
            slot = [threading.Event(), None]
            self._pending[rid] = slot
        payload: dict[str, Any] = {"method": method, "id": rid}
        if params is not None:
            payload["params"] = params
        self._send(conn, msgspec.json.encode(payload))
        if not wait:
            return Reply(id=rid)
        if not slot[0].wait(self.request_timeout):
            with self._lock:
                self._pending.pop(rid, None)
            raise TimeoutError(f"no reply to {method} id={rid} within {self.request_timeout}s")
        reply: Reply = slot[1]
        if reply.code is not None or reply.error is not None:
            raise ValueError(f"{method} refused: code {reply.code}: {reply.msg or reply.error}")
        return reply

    def _send(self, conn: _Conn, data: bytes) -> None:
        with conn.send_lock:
            assert conn.pacer is not None
            wait = conn.pacer.delay()
            if wait > 0:
                time.sleep(wait)
            ws = conn.ws
            if ws is None:
                raise ConnectionError("stream connection is down")
            ws.send(data.decode())

    # -- connections --------------------------------------------------------------------------------------------
    def _new_conn(self, streams: Iterable[str], role: str = "live") -> _Conn:
        self._next_cid += 1
        conn = _Conn(self._next_cid, streams, role)
        conn.pacer = Pacer(self.core.messages_per_second)
        if role == "live":
            self._conns.append(conn)
        return conn

    def _start(self, conn: _Conn) -> None:
        conn.thread = threading.Thread(target=self._run, args=(conn,), name=f"binance_fast-ws-{conn.cid}",
                                       daemon=True)
        conn.thread.start()

    def _connect(self, conn: _Conn) -> None:
        names = sorted(conn.streams)
        ws = websocket.create_connection(stream_url(self.core.base_url, names), timeout=self.connect_timeout,
                                         enable_multithread=True, skip_utf8_validation=True,
                                         header=self.core.handshake_headers())
        ws.settimeout(min(0.25, self.stall_timeout / 4))
        conn.ws = ws
        now = time.monotonic()
        conn.opened_at = conn.last_recv = now
        conn.connected.set()
        rest = names[100:]
        for i in range(0, len(rest), 200):  # beyond the URL: SUBSCRIBE, paced; replies come through the reader
            self._request(conn, "SUBSCRIBE", rest[i:i + 200], wait=False)

    def _run(self, conn: _Conn) -> None:
        delays = backoff_delays(*self.backoff)
        first = True
        while not conn.closing and not self._closed:
            self.core.report("connecting" if first else "reconnecting", conn=conn.cid, streams=len(conn.streams))
            try:
                self._connect(conn)
            except _LOST as exc:
                if conn.closing or self._closed:
                    break
                delay = next(delays)
                self.core.report("reconnecting", conn=conn.cid, delay=round(delay, 3), error=exc)
                time.sleep(delay)
                first = False
                continue
            self.core.report("connected" if first else "resubscribed", conn=conn.cid, streams=len(conn.streams))
            delays = backoff_delays(*self.backoff)
            self._read(conn)
            conn.connected.clear()
            try:
                conn.ws.close(timeout=0.1)  # type: ignore[union-attr]
            except Exception:
                pass
            if conn.closing or self._closed or conn.role == "retiring":
                break
            self.stats.reconnects += 1
            first = False
            delay = next(delays)
            self.core.report("reconnecting", conn=conn.cid, delay=round(delay, 3))
            time.sleep(delay)
        conn.connected.clear()

    def _read(self, conn: _Conn) -> None:
        ws = conn.ws
        assert ws is not None
        text, binary, close = websocket.ABNF.OPCODE_TEXT, websocket.ABNF.OPCODE_BINARY, websocket.ABNF.OPCODE_CLOSE
        while not conn.closing:
            try:
                opcode, data = ws.recv_data()  # answers pings itself
            except websocket.WebSocketTimeoutException:
                continue
            except _LOST:
                return
            if opcode == text:
                self._on_frame(conn, data)
            elif opcode == binary:
                self._on_frame(conn, data, True)
            elif opcode == close:
                return

    # -- frames -------------------------------------------------------------------------------------------------
    def _on_frame(self, conn: _Conn, frame: bytes, binary: bool = False) -> None:
        received = time.time_ns()
        conn.last_recv = time.monotonic()
        core = self.core
        if core.recorder is not None:
            core.recorder.write(received, frame, binary)
        sbe = binary and core.sbe  # stream-sbe: events in binary frames, routed by their content
        stream = None
        if not sbe:
            kind, stream = _sniff(frame)
            if kind == KIND_REPLY:
                self._on_reply(frame)
                return
            if kind != KIND_COMBINED:
                stream = None
        if conn.role == "live":
            core.deliver(stream, frame, received, sbe, self._enqueue)
            return
        with self._lock:  # a rollover in progress: join the two connections' frames
            ro = conn.rollover
            if conn.role == "retiring" and ro is None:  # rolled over already: the new connection delivers this
                self.stats.duplicates_dropped += 1
                return
            if ro is None:
                core.deliver(stream, frame, received, sbe, self._enqueue)
                return
            core.deliver_joined(ro, conn, stream, frame, received, sbe, self._enqueue)

    def _on_reply(self, frame: bytes) -> None:
        try:
            reply = _reply_decoder.decode(frame)
        except msgspec.DecodeError:
            log.warning("binance_fast %s streams: malformed reply %r", self.product, frame[:200])
            return
        with self._lock:
            slot = self._pending.pop(reply.id, None) if isinstance(reply.id, int) else None
        if slot is None:
            if reply.code is not None:
                log.error("binance_fast %s streams: request refused: %s", self.product, reply)
            return
        slot[1] = reply
        slot[0].set()

    def _enqueue(self, msg: Message) -> bool:
        try:
            self.queue.put_nowait(msg)
            return True
        except queue.Full:
            return False

    # -- the iterator -------------------------------------------------------------------------------------------
    def __iter__(self) -> Iterator[Message]:
        return self.messages()

    def messages(self, timeout: float | None = None) -> Iterator[Message]:
        """Messages from the queue as they come; ends when the client closes (or after ``timeout`` idle)."""
        idle_since = time.monotonic()
        while True:
            try:
                msg = self.queue.get(timeout=0.1)
            except queue.Empty:
                if self._closed or (timeout is not None and time.monotonic() - idle_since > timeout):
                    return
                continue
            idle_since = time.monotonic()
            yield msg

    # -- supervision: stalls and the 24-hour rollover -----------------------------------------------------------
    def _ensure_supervisor(self) -> None:
        if self._supervisor is None:
            self._supervisor = threading.Thread(target=self._supervise, name="binance_fast-ws-supervisor",
                                                daemon=True)
            self._supervisor.start()

    def _supervise(self) -> None:
        while not self._closed:
            time.sleep(0.05)
            now = time.monotonic()
            with self._lock:
                conns = list(self._conns)
            for conn in conns:
                ro = conn.rollover
                if ro is not None:
                    old_gone = ro.old.thread is not None and not ro.old.thread.is_alive()
                    if ro.new.connected.is_set() and (ro.settled or old_gone or
                                                      now - ro.started > self.join_timeout):
                        self._finish_rollover(ro)
                    elif now - ro.started > 3 * self.join_timeout and not ro.new.connected.is_set():
                        self._abandon_rollover(ro)
                    continue
                if conn.closing or not conn.connected.is_set():
                    continue
                if conn.streams and now - conn.last_recv > self.stall_timeout:
                    self.stats.stalls += 1
                    self.core.report("stalled", conn=conn.cid, silent_for=round(now - conn.last_recv, 3))
                    conn.last_recv = now
                    ws = conn.ws
                    if ws is not None:
                        try:
                            ws.shutdown()  # the reader sees the loss and reconnects
                        except Exception:
                            pass
                elif now - conn.opened_at > self.rollover_after and conn.role == "live":
                    self._start_rollover(conn)

    def _start_rollover(self, old: _Conn) -> None:
        with self._lock:
            new = self._new_conn(old.streams, role="joining")
            ro = Rollover(old, new, old.streams, time.monotonic())
            old.role, old.rollover, new.rollover = "retiring", ro, ro
        self.stats.rollovers += 1
        self.core.report("rollover", conn=old.cid, new_conn=new.cid, streams=len(old.streams))
        self._start(new)

    def _abandon_rollover(self, ro: Rollover) -> None:
        """The new connection never came up: keep (or reconnect) the old one, try again later."""
        old, new = ro.old, ro.new
        with self._lock:
            old.role, old.rollover, new.rollover = "live", None, None
            old.opened_at = time.monotonic()
        self._shut(new)
        self.core.report("reconnecting", conn=old.cid, reason="rollover connection failed")
        if old.thread is not None and not old.thread.is_alive() and not self._closed:
            old.closing = False
            self._start(old)

    def _finish_rollover(self, ro: Rollover) -> None:
        old, new = ro.old, ro.new
        with self._lock:
            self.core.deliver_held(ro.finish(), self._enqueue)
            new.role, new.rollover, old.rollover = "live", None, None
            new.streams = set(old.streams) | new.streams
            if old in self._conns:
                self._conns[self._conns.index(old)] = new
            for s in new.streams:
                self._stream_conn[s] = new
        self._shut(old)
        self.core.report("rolled_over", conn=old.cid, new_conn=new.cid)
