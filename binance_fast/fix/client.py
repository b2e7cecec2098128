"""What the three FIX clients share: one logged-on session, reconnection, request/answer matching, the event queue."""

from __future__ import annotations

import asyncio
import logging
import re
import secrets
import ssl
import string
from collections.abc import AsyncIterator, Callable
from itertools import count
from pathlib import Path
from typing import Any

from ..errors import UnknownOutcomeError
from .codec import FixMessage
from .events import LimitResponse, limit_response
from .errors import FixConnectionLost, FixRejectError, FixSessionError
from .session import ENDPOINTS, FixSession, new_comp_id

log = logging.getLogger("binance_fast.fix")

CLIENT_ID = re.compile(r"^[a-zA-Z0-9\-_]{1,36}$")


def check_client_id(name: str, value: str) -> str:
    if not isinstance(value, str) or not CLIENT_ID.match(value):
        raise ValueError(f"{name} must match ^[a-zA-Z0-9-_]{{1,36}}$, not {value!r}")
    return value


def tls_context(cafile: str | Path | None = None) -> ssl.SSLContext:
    """A verifying TLS context (system CAs, or ``cafile``), TLS 1.2 at least."""
    ctx = ssl.create_default_context(cafile=str(cafile) if cafile is not None else None)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    return ctx


def _event_key(event: Any) -> tuple | None:
    """What identifies a pushed event, to drop the copy the second session of a rollover delivers."""
    name = type(event).__name__
    if name == "ExecutionReport":
        return (name, event.symbol, event.order_id, event.execution_id, event.execution_type)
    if name == "ListStatus":
        return (name, event.order_list_id, event.list_status_type, event.list_order_status, event.transaction_time)
    if name == "Trade":
        return (name, event.symbol, event.trade_id)
    if name == "BookTicker":
        return (name, event.symbol, event.update_id)
    return None


class Waiter:
    """One request waiting for its answer(s); ``changes_state`` requests end as UnknownOutcomeError, not errors."""

    __slots__ = ("future", "keys", "seq", "changes_state", "client_order_id", "parts", "needed", "session")

    def __init__(self, future: asyncio.Future, keys: tuple[str, ...], *, changes_state: bool,
                 client_order_id: str | None = None, needed: tuple[str, ...] = ("answer",)):
        self.future = future
        self.keys = keys
        self.seq = 0
        self.changes_state = changes_state
        self.client_order_id = client_order_id
        self.parts: dict[str, Any] = {}
        self.needed = needed
        self.session: FixSession | None = None


class FixClient:
    """Base of the order-entry, drop-copy and market-data clients (asyncio).

    ``async with FixOrderEntryClient(api_key, signer) as client:`` connects and logs on; leaving logs out.
    With ``auto_reconnect`` a dropped connection is re-established with a fresh SenderCompID (the exchange
    blocks the old one for 2 x HeartBtInt when no Logout was sent) and both sequences restart at 1;
    requests in flight end as UnknownOutcomeError (order changes) or FixConnectionLost (queries).
    On the exchange's maintenance notice (News <B>) it rolls over as the docs ask: a new session logs on
    first, then the old one logs out (``rollover()`` does it on demand); no event is lost or doubled.
    """

    kind = "oe"

    def __init__(self, api_key: str, signer: Any, *, host: str | None = None, port: int | None = None,
                 ssl_context: ssl.SSLContext | None = None, cafile: str | Path | None = None,
                 server_hostname: str | None = None, sender_comp_id: str | None = None,
                 heartbeat_interval: int = 30, message_handling: int = 2, response_mode: int | None = None,
                 recv_window: int | None = None, auto_reconnect: bool = True, request_timeout: float = 10.0,
                 reconnect_delay: float = 0.1, max_reconnect_delay: float = 5.0, probe_after: float = 0.5,
                 on_event: Callable[[Any], Any] | None = None, on_gap: Callable[[int, int], Any] | None = None,
                 on_news: Callable[[str], Any] | None = None, max_queue: int = 100_000):
        default_host, default_port = ENDPOINTS[self.kind]
        self._pinned_comp_id = sender_comp_id is not None
        self._session_kwargs = dict(
            host=host or default_host, port=port or default_port, api_key=api_key, signer=signer, kind=self.kind,
            heartbeat_interval=heartbeat_interval, message_handling=message_handling,
            response_mode=response_mode, recv_window=recv_window, ssl_context=ssl_context or tls_context(cafile),
            server_hostname=server_hostname)
        self.session = self._make_session(sender_comp_id)
        self.auto_reconnect = auto_reconnect
        self.request_timeout = request_timeout
        self.probe_after = probe_after
        self.reconnect_delay = reconnect_delay
        self.max_reconnect_delay = max_reconnect_delay
        self.on_event = on_event
        self.on_gap = on_gap
        self.on_news = on_news
        self.reconnects = 0
        self._events: asyncio.Queue = asyncio.Queue(max_queue)
        self._waiters: dict[str, Waiter] = {}
        self._by_seq: dict[tuple[int, int], Waiter] = {}  # (id of session, MsgSeqNum) -> waiter
        self._closing = False
        self._rolling = False
        self._overlap: set | None = None
        self._reconnect_task: asyncio.Task | None = None
        self._connected = asyncio.Event()
        prefix = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(6))
        self._ids = (f"{prefix}{n}" for n in count(1))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.session!r})"

    def _make_session(self, sender_comp_id: str | None) -> FixSession:
        session: FixSession

        def on_message(msg: FixMessage) -> None:
            self._on_message(msg, session)

        def on_disconnect(exc: BaseException | None) -> None:
            self._on_disconnect(exc, session)

        session = FixSession(sender_comp_id=sender_comp_id, on_message=on_message, on_disconnect=on_disconnect,
                             on_gap=self._on_gap, **self._session_kwargs)
        return session

    # -- lifecycle ---------------------------------------------------------------------------------------------
    async def rollover(self) -> None:
        """Log a new session on, make it current, then log the old one out (the maintenance procedure)."""
        if self._rolling:
            return
        self._rolling = True
        try:
            new = self._make_session(None)  # two live sessions cannot share a SenderCompID
            self._overlap = set()  # both sessions get every push for a while: each event goes out once
            await new.connect()
            old, self.session = self.session, new
            self.reconnects += 1
            await self._after_reconnect()
            await old.logout()
        finally:
            self._rolling = False
            self._overlap = None

    async def connect(self) -> FixClient:
        self._closing = False
        await self.session.connect()
        self._connected.set()
        return self

    async def close(self) -> None:
        """Log out and close; stops reconnecting."""
        self._closing = True
        if self._reconnect_task is not None:
            self._reconnect_task.cancel()
        await self.session.logout()
        self._fail_all(FixConnectionLost("the client was closed"))

    async def __aenter__(self) -> FixClient:
        return await self.connect()

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()

    async def wait_connected(self, timeout: float | None = None) -> None:
        """Wait until the session is logged on (after a reconnect, for instance)."""
        await asyncio.wait_for(self._connected.wait(), timeout)

    def _on_disconnect(self, exc: BaseException | None, session: FixSession | None = None) -> None:
        current = session is None or session is self.session
        self._fail_all(exc or FixConnectionLost("the session ended"), None if current else session)
        if not current:
            return  # an old session after a rollover
        self._connected.clear()
        if self._closing or not self.auto_reconnect or exc is None:
            return
        log.warning("FIX %s connection lost (%s): reconnecting", self.kind, exc)
        if self._reconnect_task is None or self._reconnect_task.done():
            self._reconnect_task = asyncio.get_running_loop().create_task(self._reconnect())

    async def _reconnect(self) -> None:
        delay = self.reconnect_delay
        while not self._closing:
            await asyncio.sleep(delay)
            if not self._pinned_comp_id:
                self.session.sender_comp_id = new_comp_id()
            try:
                await self.session.connect()
            except (FixSessionError, OSError) as exc:
                log.warning("FIX %s reconnect failed: %s", self.kind, exc)
                delay = min(delay * 2, self.max_reconnect_delay)
                continue
            self.reconnects += 1
            self._connected.set()
            await self._after_reconnect()
            return

    async def _after_reconnect(self) -> None:
        """Subclasses restore state (market data: subscriptions)."""

    def _on_gap(self, expected: int, received: int) -> None:
        if self.on_gap is not None:
            self.on_gap(expected, received)

    # -- events ------------------------------------------------------------------------------------------------
    def _emit(self, event: Any) -> None:
        seen = self._overlap
        if seen is not None:
            key = _event_key(event)
            if key is not None:
                if key in seen:
                    return
                seen.add(key)
        if self.on_event is not None:
            self.on_event(event)
            return
        try:
            self._events.put_nowait(event)
        except asyncio.QueueFull:  # a stalled consumer: never block the session; drop the oldest
            self._events.get_nowait()
            self._events.put_nowait(event)
            log.error("FIX %s event queue full: the oldest event was dropped", self.kind)

    async def events(self) -> AsyncIterator[Any]:
        """Every event in order (ExecutionReport, ListStatus, ... as typed models) until the client closes."""
        while True:
            yield await self._events.get()

    async def next_event(self, timeout: float | None = None) -> Any:
        return await asyncio.wait_for(self._events.get(), timeout)

    def _on_message(self, msg: FixMessage, session: FixSession | None = None) -> None:
        mt = msg.msg_type
        if mt == "3":
            self._on_reject(msg, session or self.session)
        elif mt == "XLR":
            self._part(f"6136:{msg.get(6136)}", "answer", limit_response(msg))
        elif mt == "B":
            headline = msg.get(148, "")
            log.warning("FIX %s news: %s", self.kind, headline)
            if self.on_news is not None:
                self.on_news(headline)
            current = session is None or session is self.session
            if self.auto_reconnect and current and not self._rolling and not self._closing:
                asyncio.get_running_loop().create_task(self.rollover())
        else:
            self._dispatch(msg)

    def _dispatch(self, msg: FixMessage) -> None:  # pragma: no cover - every client overrides it
        raise NotImplementedError

    def _on_reject(self, msg: FixMessage, session: FixSession) -> None:
        ref = msg.get_int(45)
        error = FixRejectError(msg.get_int(25016), msg.get(58, "rejected"), ref_seq_num=ref,
                               ref_tag=msg.get_int(371), ref_msg_type=msg.get(372),
                               reason=msg.get_int(373), message=msg)
        waiter = self._by_seq.pop((id(session), ref), None) if ref is not None else None
        if waiter is None:
            log.error("FIX %s Reject <3> for seq %s: %s", self.kind, ref, error)
            return
        self._finish(waiter, error=error)

    # -- requests ----------------------------------------------------------------------------------------------
    async def limit_query(self, timeout: float | None = None) -> LimitResponse:
        """LimitQuery <XLQ>: this connection's message-limit use (and order limits on order entry)."""
        req = self.next_id()
        waiter = self._request("XLQ", [(6136, req)], (f"6136:{req}",), changes_state=False)
        return await self._wait(waiter, timeout)

    def next_id(self) -> str:
        return next(self._ids)

    def _request(self, msg_type: str, fields: list[tuple[int, Any]], keys: tuple[str, ...], *,
                 changes_state: bool, client_order_id: str | None = None,
                 needed: tuple[str, ...] = ("answer",)) -> Waiter:
        loop = asyncio.get_running_loop()
        waiter = Waiter(loop.create_future(), keys, changes_state=changes_state, client_order_id=client_order_id,
                        needed=needed)
        for key in keys:
            if key in self._waiters:
                raise ValueError(f"a request with the same id is already in flight: {key}")
        session = self.session
        waiter.seq = session.send(msg_type, fields)  # raises before registering: nothing is waiting
        waiter.session = session
        for key in keys:
            self._waiters[key] = waiter
        self._by_seq[(id(session), waiter.seq)] = waiter
        return waiter

    async def _wait(self, waiter: Waiter, timeout: float | None = None) -> Any:
        total = timeout or self.request_timeout
        fut = waiter.future
        if not fut.done():
            loop = asyncio.get_running_loop()
            # a slow answer may be a lost one: the TestRequest's Heartbeat then shows the sequence gap, which
            # the session fills through ResendRequest (or reports) long before the next heartbeat would
            probe = loop.call_later(min(self.probe_after, total / 2), self.session.probe)
            expire = loop.call_later(total, self._expire, waiter, total)
            try:
                await fut
            finally:
                probe.cancel()
                expire.cancel()
        return fut.result()

    def _expire(self, waiter: Waiter, total: float) -> None:
        self._forget(waiter)
        if waiter.future.done():
            return
        if waiter.changes_state:
            waiter.future.set_exception(UnknownOutcomeError(
                f"no answer within {total} s: the request may or may not have been executed",
                client_order_id=waiter.client_order_id))
        else:
            waiter.future.set_exception(FixConnectionLost(f"no answer within {total} s"))

    def _forget(self, waiter: Waiter) -> None:
        for key in waiter.keys:
            if self._waiters.get(key) is waiter:
                del self._waiters[key]
        seq_key = (id(waiter.session), waiter.seq)
        if self._by_seq.get(seq_key) is waiter:
            del self._by_seq[seq_key]

    def _part(self, key: str, part: str, value: Any) -> bool:
        """Record one answer part for the waiter under ``key``; True if a waiter took it."""
        waiter = self._waiters.get(key)
        if waiter is None:
            return False
        waiter.parts[part] = value
        if all(p in waiter.parts for p in waiter.needed):
            self._finish(waiter, result=waiter.parts if len(waiter.needed) > 1 else value)
        return True

    def _finish(self, waiter: Waiter, *, result: Any = None, error: BaseException | None = None) -> None:
        self._forget(waiter)
        if waiter.future.done():
            return
        if error is not None:
            waiter.future.set_exception(error)
        else:
            waiter.future.set_result(result)

    def _fail_all(self, exc: BaseException, session: FixSession | None = None) -> None:
        """Fail the requests in flight (those of ``session`` only, when given)."""
        doomed = {id(w): w for w in self._waiters.values() if session is None or w.session is session}
        for waiter in doomed.values():
            self._forget(waiter)
            if waiter.changes_state:
                err: BaseException = UnknownOutcomeError(
                    f"connection lost before the answer ({exc}): the request may or may not have been executed",
                    client_order_id=waiter.client_order_id, cause=exc)
            else:
                err = exc
            if not waiter.future.done():
                waiter.future.set_exception(err)
                waiter.future.exception()  # retrieved: no "never retrieved" warning if nobody awaits it
