"""The asyncio twin of StreamClient on aiohttp: the same behaviour, ``await``-ed, ``async for msg in client``."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable, Iterable
from pathlib import Path
from typing import Any

import aiohttp
import msgspec

from ..streams import Reply
from ._core import (KIND_COMBINED, KIND_REPLY, Message, Pacer, Rollover, StreamCore, _sniff, backoff_delays, log,
                    stream_url)
from .sync_client import normalize

__all__ = ["AsyncStreamClient"]

_reply_decoder = msgspec.json.Decoder(Reply)
_LOST = (aiohttp.ClientError, OSError, ConnectionError, asyncio.TimeoutError, RuntimeError)


class _PicowsWS:
    """picows underneath with the few calls the client makes of an aiohttp WebSocket (frames come by callback)."""

    def __init__(self, transport: Any):
        self.transport = transport

    @property
    def closed(self) -> bool:
        return bool(self.transport.is_disconnected)

    async def send_str(self, text: str) -> None:
        import picows

        self.transport.send(picows.WSMsgType.TEXT, text.encode())

    async def close(self) -> None:
        import picows

        if not self.transport.is_disconnected:
            with contextlib.suppress(Exception):
                self.transport.send_close(picows.WSCloseCode.OK)
            self.transport.disconnect()

    async def wait_closed(self) -> None:
        await self.transport.wait_disconnected()


def _picows_listener(client: AsyncStreamClient, conn: _AConn) -> Any:
    import picows

    text, binary, cont, close = (picows.WSMsgType.TEXT, picows.WSMsgType.BINARY, picows.WSMsgType.CONTINUATION,
                                 picows.WSMsgType.CLOSE)

    class Listener(picows.WSListener):
        partial: bytearray | None = None
        partial_binary = False

        def on_ws_frame(self, transport: Any, frame: Any) -> None:
            kind = frame.msg_type
            if kind == text or kind == binary:
                if frame.fin:
                    client._on_frame(conn, frame.get_payload_as_bytes(), kind == binary)
                else:
                    self.partial = bytearray(frame.get_payload_as_bytes())
                    self.partial_binary = kind == binary
            elif kind == cont and self.partial is not None:
                self.partial += frame.get_payload_as_bytes()
                if frame.fin:
                    data, self.partial = bytes(self.partial), None
                    client._on_frame(conn, data, self.partial_binary)
            elif kind == close:
                with contextlib.suppress(Exception):
                    transport.send_close(frame.get_close_code())
                transport.disconnect()
    return Listener


def _pick_transport(name: str) -> str:
    if name not in ("aiohttp", "picows"):
        raise ValueError(f"transport must be 'aiohttp' or 'picows', not {name!r}")
    return name


class _AConn:
    def __init__(self, cid: int, streams: Iterable[str], role: str = "live"):
        self.cid = cid
        self.streams: set[str] = set(streams)
        self.role = role
        self.rollover: Rollover | None = None
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self.task: asyncio.Task | None = None
        self.connected = asyncio.Event()
        self.opened_at = 0.0
        self.last_recv = 0.0
        self.closing = False
        self.pacer: Pacer | None = None
        self.send_lock = asyncio.Lock()


class AsyncStreamClient:
    """Market and user-data streams of one product over aiohttp (see StreamClient for the behaviour).

    ``async with AsyncStreamClient("usdm", base_url) as client: await client.subscribe([...]);
    async for msg in client: ...``. Callbacks (per stream, ``on_event``, ``on_state``, ``on_overflow``) are
    plain functions called on the loop. ``transport``: "aiohttp" (default: a declared dependency) or "picows"
    (optional; on loopback benchmarks/bench_stream_client.py measured the two within noise of each other, client
    and transport alone, so the dependency we already have is the default). ``sbe=True, api_key=...``: the SBE
    market-data streams, as in StreamClient.
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
                 request_timeout: float = 10.0, transport: str = "aiohttp", sbe: bool = False,
                 sbe_raw: bool = False, api_key: str | None = None):
        self.transport = _pick_transport(transport)
        self.core = StreamCore(product, base_url, on_event=on_event, on_state=on_state, on_overflow=on_overflow,
                               on_error=on_error, decimal=decimal, record=record,
                               max_streams_per_connection=max_streams_per_connection,
                               messages_per_second=messages_per_second, sbe=sbe, sbe_raw=sbe_raw,
                               api_key=api_key)
        self.product = product
        self.stats = self.core.stats
        self.queue: asyncio.Queue[Message] = asyncio.Queue(maxsize=queue_size)
        self.stall_timeout = stall_timeout
        self.rollover_after = rollover_after
        self.join_timeout = join_timeout
        self.backoff = (backoff_base, backoff_max)
        self.connect_timeout = connect_timeout
        self.request_timeout = request_timeout
        self._conns: list[_AConn] = []
        self._stream_conn: dict[str, _AConn] = {}
        self._pending: dict[int, asyncio.Future] = {}
        self._next_cid = 0
        self._closed = False
        self._session: aiohttp.ClientSession | None = None
        self._supervisor: asyncio.Task | None = None

    async def __aenter__(self) -> AsyncStreamClient:
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()

    @property
    def subscriptions(self) -> list[str]:
        return sorted(self._stream_conn)

    @property
    def connections(self) -> int:
        return len([c for c in self._conns if c.role != "retiring"])

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        conns = set(self._conns)
        for c in self._conns:
            if c.rollover is not None:
                conns.update((c.rollover.old, c.rollover.new))
        for conn in conns:
            await self._shut(conn)
        tasks = [c.task for c in conns if c.task is not None]
        if self._supervisor is not None:
            self._supervisor.cancel()
            tasks.append(self._supervisor)
        for t in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.wait_for(t, 5)
        if self._session is not None:
            await self._session.close()
        self.core.close()
        self.core.report("closed")

    async def _shut(self, conn: _AConn) -> None:
        conn.closing = True
        if conn.ws is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(conn.ws.close(), 1.0)

    # -- subscriptions ------------------------------------------------------------------------------------------
    async def subscribe(self, streams: Iterable[str], callback: Callable[[Any], Any] | None = None, *,
                        wait: bool = True) -> None:
        """See StreamClient.subscribe."""
        if self._closed:
            raise RuntimeError("client is closed")
        names = list(dict.fromkeys(normalize(s) for s in streams))
        if callback is not None:
            for s in names:
                self.core.callbacks.setdefault(s, []).append(callback)
        new = [s for s in names if s not in self._stream_conn]
        sends, opened = [], []
        for conn in self._conns:
            if not new:
                break
            room = self.core.max_streams - len(conn.streams)
            if conn.role == "retiring" or room <= 0:
                continue
            take, new = new[:room], new[room:]
            conn.streams.update(take)
            self._stream_conn.update(dict.fromkeys(take, conn))
            if conn.connected.is_set():
                sends.append((conn, take))
        while new:
            take, new = new[:self.core.max_streams], new[self.core.max_streams:]
            conn = self._new_conn(take)
            self._stream_conn.update(dict.fromkeys(take, conn))
            opened.append(conn)
        if self._supervisor is None:
            self._supervisor = asyncio.ensure_future(self._supervise())
        for conn in opened:
            self._start(conn)
        for conn, take in sends:
            for i in range(0, len(take), 200):
                await self._request(conn, "SUBSCRIBE", take[i:i + 200], wait)
        if wait:
            for conn in opened:
                await asyncio.wait_for(conn.connected.wait(), self.connect_timeout)
        self.core.report("subscribed", streams=len(names))

    async def unsubscribe(self, streams: Iterable[str], *, wait: bool = True) -> None:
        by_conn: dict[_AConn, list[str]] = {}
        for s in (normalize(s) for s in streams):
            self.core.callbacks.pop(s, None)
            conn = self._stream_conn.pop(s, None)
            if conn is not None:
                conn.streams.discard(s)
                by_conn.setdefault(conn, []).append(s)
        for conn, names in by_conn.items():
            if not conn.streams and len(self._conns) > 1:
                self._conns.remove(conn)
                await self._shut(conn)
            elif conn.connected.is_set():
                for i in range(0, len(names), 200):
                    await self._request(conn, "UNSUBSCRIBE", names[i:i + 200], wait)
        self.core.report("unsubscribed", streams=sum(len(v) for v in by_conn.values()))

    async def list_subscriptions(self) -> list[str]:
        out: set[str] = set()
        for conn in [c for c in self._conns if c.connected.is_set()]:
            reply = await self._request(conn, "LIST_SUBSCRIPTIONS", None, True)
            out.update(reply.result or [])
        return sorted(out)

    async def _request(self, conn: _AConn, method: str, params: list[str] | None, wait: bool) -> Reply:
        rid = self.core.request_id()
        fut: asyncio.Future = asyncio.get_running_loop().create_future()
        self._pending[rid] = fut
        payload: dict[str, Any] = {"method": method, "id": rid}
        if params is not None:
            payload["params"] = params
        async with conn.send_lock:
            assert conn.pacer is not None
            delay = conn.pacer.delay()
            if delay > 0:
                await asyncio.sleep(delay)
            if conn.ws is None or conn.ws.closed:
                raise ConnectionError("stream connection is down")
            await conn.ws.send_str(msgspec.json.encode(payload).decode())
        if not wait:
            return Reply(id=rid)
        try:
            reply: Reply = await asyncio.wait_for(fut, self.request_timeout)
        except asyncio.TimeoutError:
            self._pending.pop(rid, None)
            raise TimeoutError(f"no reply to {method} id={rid} within {self.request_timeout}s") from None
        if reply.code is not None or reply.error is not None:
            raise ValueError(f"{method} refused: code {reply.code}: {reply.msg or reply.error}")
        return reply

    # -- connections --------------------------------------------------------------------------------------------
    def _new_conn(self, streams: Iterable[str], role: str = "live") -> _AConn:
        self._next_cid += 1
        conn = _AConn(self._next_cid, streams, role)
        conn.pacer = Pacer(self.core.messages_per_second)
        if role == "live":
            self._conns.append(conn)
        return conn

    def _start(self, conn: _AConn) -> None:
        conn.task = asyncio.ensure_future(self._run(conn))

    async def _connect(self, conn: _AConn) -> None:
        names = sorted(conn.streams)
        url = stream_url(self.core.base_url, names)
        if self.transport == "picows":
            import picows

            transport, _ = await picows.ws_connect(_picows_listener(self, conn), url,
                                                   websocket_handshake_timeout=self.connect_timeout,
                                                   extra_headers=self.core.handshake_headers() or None)
            conn.ws = _PicowsWS(transport)  # type: ignore[assignment]
        else:
            if self._session is None:
                self._session = aiohttp.ClientSession()
            conn.ws = await self._session.ws_connect(url, autoping=True, headers=self.core.handshake_headers(),
                                                     timeout=aiohttp.ClientWSTimeout(ws_close=1.0),
                                                     max_msg_size=0, compress=0)
        conn.opened_at = conn.last_recv = time.monotonic()
        conn.connected.set()
        rest = names[100:]
        for i in range(0, len(rest), 200):
            await self._request(conn, "SUBSCRIBE", rest[i:i + 200], False)

    async def _run(self, conn: _AConn) -> None:
        delays = backoff_delays(*self.backoff)
        first = True
        while not conn.closing and not self._closed:
            self.core.report("connecting" if first else "reconnecting", conn=conn.cid, streams=len(conn.streams))
            try:
                await asyncio.wait_for(self._connect(conn), self.connect_timeout)
            except _LOST as exc:
                if conn.closing or self._closed:
                    break
                delay = next(delays)
                self.core.report("reconnecting", conn=conn.cid, delay=round(delay, 3), error=exc)
                await asyncio.sleep(delay)
                first = False
                continue
            self.core.report("connected" if first else "resubscribed", conn=conn.cid, streams=len(conn.streams))
            delays = backoff_delays(*self.backoff)
            await self._read(conn)
            conn.connected.clear()
            if conn.ws is not None:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(conn.ws.close(), 0.2)
            if conn.closing or self._closed or conn.role == "retiring":
                break
            self.stats.reconnects += 1
            first = False
            delay = next(delays)
            self.core.report("reconnecting", conn=conn.cid, delay=round(delay, 3))
            await asyncio.sleep(delay)
        conn.connected.clear()

    async def _read(self, conn: _AConn) -> None:
        ws = conn.ws
        assert ws is not None
        if isinstance(ws, _PicowsWS):  # frames arrive through the listener; wait for the end
            await ws.wait_closed()
            return
        text, binary = aiohttp.WSMsgType.TEXT, aiohttp.WSMsgType.BINARY
        while not conn.closing:
            try:
                msg = await ws.receive()
            except _LOST:
                return
            if msg.type == text:
                self._on_frame(conn, msg.data.encode())
            elif msg.type == binary:
                self._on_frame(conn, msg.data, True)
            elif msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSING, aiohttp.WSMsgType.CLOSED,
                              aiohttp.WSMsgType.ERROR):
                return

    def _on_frame(self, conn: _AConn, frame: bytes, binary: bool = False) -> None:
        received = time.time_ns()
        conn.last_recv = time.monotonic()
        core = self.core
        if core.recorder is not None:
            core.recorder.write(received, frame, binary)
        if binary and core.sbe:  # stream-sbe: events in binary frames, routed by their content
            self._route(conn, None, frame, received, True)
            return
        kind, stream = _sniff(frame)
        if kind == KIND_REPLY:
            try:
                reply = _reply_decoder.decode(frame)
            except msgspec.DecodeError:
                log.warning("binance_fast %s streams: malformed reply %r", self.product, frame[:200])
                return
            fut = self._pending.pop(reply.id, None) if isinstance(reply.id, int) else None
            if fut is not None and not fut.done():
                fut.set_result(reply)
            elif reply.code is not None:
                log.error("binance_fast %s streams: request refused: %s", self.product, reply)
            return
        if kind != KIND_COMBINED:
            stream = None
        self._route(conn, stream, frame, received, False)

    def _route(self, conn: _AConn, stream: str | None, frame: bytes, received: int, sbe: bool) -> None:
        core = self.core
        ro = conn.rollover
        if conn.role == "live" or ro is None:
            if conn.role == "retiring":  # rolled over already: the new connection delivers this
                self.stats.duplicates_dropped += 1
                return
            core.deliver(stream, frame, received, sbe, self._enqueue)
            return
        core.deliver_joined(ro, conn, stream, frame, received, sbe, self._enqueue)

    def _enqueue(self, msg: Message) -> bool:
        try:
            self.queue.put_nowait(msg)
            return True
        except asyncio.QueueFull:
            return False

    # -- the iterator -------------------------------------------------------------------------------------------
    def __aiter__(self) -> AsyncIterator[Message]:
        return self.messages()

    async def messages(self, timeout: float | None = None) -> AsyncIterator[Message]:
        """Messages from the queue; ends when the client closes (or after ``timeout`` idle)."""
        while True:
            try:
                yield await asyncio.wait_for(self.queue.get(), 0.1 if timeout is None else timeout)
            except asyncio.TimeoutError:
                if self._closed or timeout is not None:
                    return

    # -- supervision --------------------------------------------------------------------------------------------
    async def _supervise(self) -> None:
        while not self._closed:
            await asyncio.sleep(0.05)
            now = time.monotonic()
            for conn in list(self._conns):
                ro = conn.rollover
                if ro is not None:
                    old_gone = ro.old.task is not None and ro.old.task.done()
                    if ro.new.connected.is_set() and (ro.settled or old_gone or
                                                      now - ro.started > self.join_timeout):
                        await self._finish_rollover(ro)
                    continue
                if conn.closing or not conn.connected.is_set():
                    continue
                if conn.streams and now - conn.last_recv > self.stall_timeout:
                    self.stats.stalls += 1
                    self.core.report("stalled", conn=conn.cid, silent_for=round(now - conn.last_recv, 3))
                    conn.last_recv = now
                    if conn.ws is not None:
                        # closing wakes the reader, which sees the loss and reconnects
                        asyncio.ensure_future(conn.ws.close())
                elif now - conn.opened_at > self.rollover_after and conn.role == "live":
                    new = self._new_conn(conn.streams, role="joining")
                    ro = Rollover(conn, new, conn.streams, now)
                    conn.role, conn.rollover, new.rollover = "retiring", ro, ro
                    self.stats.rollovers += 1
                    self.core.report("rollover", conn=conn.cid, new_conn=new.cid, streams=len(conn.streams))
                    self._start(new)

    async def _finish_rollover(self, ro: Rollover) -> None:
        old, new = ro.old, ro.new
        self.core.deliver_held(ro.finish(), self._enqueue)
        new.role, new.rollover, old.rollover = "live", None, None
        new.streams |= old.streams
        if old in self._conns:
            self._conns[self._conns.index(old)] = new
        for s in new.streams:
            self._stream_conn[s] = new
        await self._shut(old)
        self.core.report("rolled_over", conn=old.cid, new_conn=new.cid)
