"""The FIX 4.4 session layer over TCP + TLS: signed Logon, sequence numbers, heartbeats, resends, Logout, limits.

Binance's rules (docs: FIX API): Ed25519 keys only; Logon <A> carries RawData(96) = base64 Ed25519 signature of
MsgType, SenderCompID, TargetCompID, MsgSeqNum and SendingTime joined by SOH, and ResetSeqNumFlag(141)=Y, so
every connection starts both sequences at 1. HeartBtInt is 5..60 s. Message limits per connection: order entry
10,000 / 10 s, drop copy 60 / 60 s, market data 2,000 / 60 s; breaching one means a forced Logout, so they are
enforced here before anything is sent.

Binance does not support ResendRequest <2> (it answers with Reject <3>). When a gap shows in the inbound
sequence the session still asks, as FIX says; if the peer refuses or does not fill the gap within a heartbeat
interval, the session carries on from what it has and tells the application through ``on_gap`` so it can
reconcile (query orders), never silently. Resend requests from the peer are answered with a gap fill: stale
orders are never re-sent.
"""

from __future__ import annotations

import asyncio
import logging
import re
import secrets
import ssl
import string
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from .codec import FixMessage, FixReader, encode_message, utc_timestamp
from .errors import (
    FixConnectionLost,
    FixDecodeError,
    FixLogonError,
    FixMessageLimitError,
    FixSessionError,
)

__all__ = [
    "FixSession",
    "MessageLimiter",
    "MESSAGE_LIMITS",
    "ENDPOINTS",
    "logon_signature_payload",
    "sign_logon",
    "new_comp_id",
]

log = logging.getLogger("binance_fast.fix")

# session kind -> (messages, per seconds), from the docs' "Message Limits"
MESSAGE_LIMITS = {"oe": (10_000, 10.0), "dc": (60, 60.0), "md": (2_000, 60.0)}
# session kind -> (host, port) of the exchange
ENDPOINTS = {"oe": ("fix-oe.binance.com", 9000), "dc": ("fix-dc.binance.com", 9000),
             "md": ("fix-md.binance.com", 9000)}
ADMIN_TYPES = frozenset({"0", "1", "2", "4", "5", "A"})
COMP_ID = re.compile(r"^[a-zA-Z0-9\-_]{1,8}$")
_ADMIN_RESERVE = 3  # slots kept for heartbeats and Logout so a busy bot is never logged out for them


def logon_signature_payload(sender_comp_id: str, target_comp_id: str, msg_seq_num: int | str,
                            sending_time: str) -> bytes:
    """The bytes the Logon signature covers: 35, 49, 56, 34, 52 joined by SOH."""
    return "\x01".join(("A", sender_comp_id, target_comp_id, str(msg_seq_num), sending_time)).encode("ascii")


def sign_logon(signer: Any, sender_comp_id: str, target_comp_id: str, msg_seq_num: int | str,
               sending_time: str) -> str:
    """RawData(96) of a Logon: the base64 Ed25519 signature of ``logon_signature_payload``."""
    if getattr(signer, "key_type", None) != "ED25519":
        raise ValueError("FIX sessions only support Ed25519 keys (give an Ed25519Signer)")
    return signer.sign(logon_signature_payload(sender_comp_id, target_comp_id, msg_seq_num, sending_time))


def new_comp_id() -> str:
    """A random SenderCompID (8 characters of ``[a-zA-Z0-9]``): unique across an account's sessions."""
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(8))


class MessageLimiter:
    """Sliding-window count of messages sent on one connection; refuses what would breach the limit."""

    __slots__ = ("limit", "interval", "_sent", "clock")

    def __init__(self, limit: int, interval: float, clock: Callable[[], float] = time.monotonic):
        self.limit = limit
        self.interval = interval
        self._sent: deque[float] = deque()
        self.clock = clock

    def _trim(self, now: float) -> None:
        sent = self._sent
        horizon = now - self.interval
        while sent and sent[0] <= horizon:
            sent.popleft()

    @property
    def used(self) -> int:
        self._trim(self.clock())
        return len(self._sent)

    def acquire(self, *, admin: bool = False) -> None:
        """Count one message; raise FixMessageLimitError (counting nothing) if it would breach the limit.

        Application messages leave a few slots free for the session's own heartbeats and Logout.
        """
        now = self.clock()
        self._trim(now)
        cap = self.limit if admin else self.limit - min(_ADMIN_RESERVE, self.limit // 10)
        if len(self._sent) >= cap:
            retry = self._sent[len(self._sent) - cap] + self.interval - now if self._sent else self.interval
            raise FixMessageLimitError(
                f"message limit of {self.limit} per {self.interval:g} s reached; retry in {retry:.3f} s",
                limit=self.limit, interval=self.interval, retry_after=max(0.0, retry))
        self._sent.append(now)

    def reset(self) -> None:
        self._sent.clear()


class FixSession:
    """One FIX session (one TCP + TLS connection) as the initiator.

    ``on_message(msg)`` receives every application message and Reject <3> / News <B> in sequence order;
    ``on_disconnect(exc)`` is called once when the connection ends (``exc`` None after a clean Logout);
    ``on_gap(expected, received)`` when inbound messages were lost for good; ``on_error(FixDecodeError)``
    for each malformed frame skipped (the session carries on).
    """

    def __init__(self, host: str, port: int, *, api_key: str, signer: Any, kind: str = "oe",
                 sender_comp_id: str | None = None, target_comp_id: str = "SPOT", heartbeat_interval: int = 30,
                 message_handling: int = 2, response_mode: int | None = None, recv_window: int | None = None,
                 ssl_context: ssl.SSLContext | None = None, server_hostname: str | None = None,
                 logon_timeout: float = 10.0, extra_logon_fields: list[tuple[int, Any]] | None = None,
                 on_message: Callable[[FixMessage], Any] | None = None,
                 on_disconnect: Callable[[BaseException | None], Any] | None = None,
                 on_gap: Callable[[int, int], Any] | None = None,
                 on_error: Callable[[FixDecodeError], Any] | None = None):
        if kind not in MESSAGE_LIMITS:
            raise ValueError(f"kind must be one of {sorted(MESSAGE_LIMITS)}, not {kind!r}")
        if not 5 <= heartbeat_interval <= 60:
            raise ValueError("heartbeat_interval must be within [5, 60] seconds (HeartBtInt)")
        if message_handling not in (1, 2):
            raise ValueError("message_handling must be 1 (UNORDERED) or 2 (SEQUENTIAL)")
        sender_comp_id = sender_comp_id or new_comp_id()
        for name, value in (("sender_comp_id", sender_comp_id), ("target_comp_id", target_comp_id)):
            if not COMP_ID.match(value):
                raise ValueError(f"{name} must match ^[a-zA-Z0-9-_]{{1,8}}$, not {value!r}")
        if recv_window is not None and not 0 < recv_window <= 60_000:
            raise ValueError("recv_window must be within (0, 60000] ms")
        if not api_key:
            raise ValueError("an API key is needed (Username 553)")
        if getattr(signer, "key_type", None) != "ED25519":
            raise ValueError("FIX sessions only support Ed25519 keys (give an Ed25519Signer)")
        self.host = host
        self.port = port
        self.kind = kind
        self._api_key = api_key
        self._signer = signer
        self.sender_comp_id = sender_comp_id
        self.target_comp_id = target_comp_id
        self.heartbeat_interval = heartbeat_interval
        self.message_handling = message_handling
        self.response_mode = response_mode
        self.recv_window = recv_window
        self.ssl_context = ssl_context if ssl_context is not None else ssl.create_default_context()
        self.server_hostname = server_hostname
        self.logon_timeout = logon_timeout
        self.extra_logon_fields = list(extra_logon_fields or [])
        self.on_message = on_message
        self.on_disconnect = on_disconnect
        self.on_gap = on_gap
        self.on_error = on_error
        self.decode_errors = 0
        limit, interval = MESSAGE_LIMITS[kind]
        self.limiter = MessageLimiter(limit, interval)
        self.uuid: str | None = None
        self.next_out = 1  # MsgSeqNum of the next message we send
        self.next_in = 1  # MsgSeqNum we expect next
        self.logged_on = False
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None
        self._tasks: list[asyncio.Task] = []
        self._logon_reply: asyncio.Future | None = None
        self._logout_reply: asyncio.Future | None = None
        self._pending: dict[int, FixMessage] = {}  # out-of-order inbound messages, by MsgSeqNum
        self._resend_asked_at: float | None = None
        self._resend_ref_seq: int | None = None
        self._last_sent = 0.0
        self._last_recv = 0.0
        self._test_req_id: str | None = None
        self._test_req_sent = 0.0
        self._test_waiters: dict[str, asyncio.Future] = {}
        self._closed_exc: BaseException | None = None
        self._end_reason: BaseException | None = None  # why the read loop ends the session (None: clean)
        self._disconnected = asyncio.Event()

    def __repr__(self) -> str:
        state = "logged on" if self.logged_on else "not logged on"
        return (f"FixSession({self.kind} {self.host}:{self.port} {self.sender_comp_id}->{self.target_comp_id}, "
                f"{state}, out={self.next_out}, in={self.next_in})")

    # -- connection -----------------------------------------------------------------------------------------
    async def connect(self) -> None:
        """Open the TLS connection and log on (both sequences restart at 1). Raises FixLogonError if refused."""
        if self._writer is not None:
            raise FixSessionError("already connected; close() first")
        loop = asyncio.get_running_loop()
        self._reset_state()
        try:
            self._reader, self._writer = await asyncio.wait_for(
                asyncio.open_connection(self.host, self.port, ssl=self.ssl_context,
                                        server_hostname=self.server_hostname or self.host),
                self.logon_timeout)
        except (OSError, asyncio.TimeoutError) as exc:
            raise FixConnectionLost(f"could not connect to {self.host}:{self.port}: {exc!r}") from exc
        sock = self._writer.get_extra_info("socket") if self._writer is not None else None
        if sock is not None:
            import socket

            try:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError:  # pragma: no cover - not a TCP socket
                pass
        self._logon_reply = loop.create_future()
        self._tasks = [loop.create_task(self._read_loop(), name=f"fix-{self.kind}-read")]
        self._send_logon()
        try:
            reply = await asyncio.wait_for(asyncio.shield(self._logon_reply), self.logon_timeout)
        except asyncio.TimeoutError:
            await self._teardown(FixLogonError("no Logon answer within the timeout"))
            raise FixLogonError(f"no Logon answer within {self.logon_timeout} s") from None
        if isinstance(reply, BaseException):
            await self._teardown(reply)
            raise reply
        self.uuid = reply.get(25037)
        self.logged_on = True
        self._tasks.append(loop.create_task(self._heartbeat_loop(), name=f"fix-{self.kind}-heartbeat"))

    def _reset_state(self) -> None:
        self.next_out = 1
        self.next_in = 1
        self.logged_on = False
        self.uuid = None
        self._pending.clear()
        self._resend_asked_at = None
        self._resend_ref_seq = None
        self._test_req_id = None
        self._closed_exc = None
        self._end_reason = None
        self._disconnected = asyncio.Event()
        now = time.monotonic()
        self._last_sent = self._last_recv = now

    def _send_logon(self) -> None:
        seq = self.next_out
        sending_time = utc_timestamp()
        signature = sign_logon(self._signer, self.sender_comp_id, self.target_comp_id, seq, sending_time)
        fields: list[tuple[int, Any]] = [(95, len(signature)), (96, signature), (98, 0), (108, self.heartbeat_interval),
                                         (141, "Y"), (553, self._api_key), (25035, self.message_handling)]
        if self.response_mode is not None:
            fields.append((25036, self.response_mode))
        if self.kind == "dc":
            fields.append((9406, "Y"))
        fields.extend(self.extra_logon_fields)
        self._write("A", fields, sending_time=sending_time, admin=True)

    @property
    def connected(self) -> bool:
        return self._writer is not None and not self._disconnected.is_set()

    async def wait_closed(self) -> BaseException | None:
        """Wait for the connection to end; the reason (None after a clean Logout)."""
        await self._disconnected.wait()
        return self._closed_exc

    async def logout(self, text: str | None = None, timeout: float = 5.0) -> None:
        """Send Logout <5>, wait for the answer, close. Without it the SenderCompID stays blocked for 2 x HeartBtInt."""
        if self._writer is None:
            return
        if self.logged_on and not self._disconnected.is_set():
            self._logout_reply = asyncio.get_running_loop().create_future()
            try:
                self._write("5", [(58, text)] if text else [], admin=True)
                await asyncio.wait_for(asyncio.shield(self._logout_reply), timeout)
            except (asyncio.TimeoutError, FixConnectionLost, OSError):
                pass
        await self._teardown(None)

    async def close(self) -> None:
        """Close the connection without a Logout (prefer ``logout``)."""
        await self._teardown(None)

    def abort(self) -> None:
        """Drop the TCP connection at once (tests: simulate a network failure)."""
        if self._writer is not None:
            self._writer.transport.abort()

    async def _teardown(self, exc: BaseException | None) -> None:
        writer = self._writer
        if writer is None:
            return
        self._writer = None
        self.logged_on = False
        current = asyncio.current_task()
        for task in self._tasks:
            if task is not current:
                task.cancel()
        try:
            writer.close()
        except Exception:  # pragma: no cover - closing a broken transport
            pass
        for fut in (self._logon_reply, self._logout_reply, *self._test_waiters.values()):
            if fut is not None and not fut.done():
                fut.set_result(exc or FixConnectionLost("connection closed"))
        self._finish(exc)

    def _finish(self, exc: BaseException | None) -> None:
        if self._disconnected.is_set():
            return
        self._closed_exc = exc
        self._disconnected.set()
        if self.on_disconnect is not None:
            try:
                self.on_disconnect(exc)
            except Exception:  # pragma: no cover - a handler's bug must not hide the disconnect
                log.exception("on_disconnect handler failed")

    # -- sending ----------------------------------------------------------------------------------------------
    def send(self, msg_type: str, fields: list[tuple[int, Any]]) -> int:
        """Send an application message now; returns its MsgSeqNum.

        Raises FixMessageLimitError (nothing sent) at the message limit, FixSessionError when not logged on.
        """
        if not self.logged_on or self._writer is None:
            raise FixSessionError("the FIX session is not logged on")
        return self._write(msg_type, fields)

    def _write(self, msg_type: str, fields: list[tuple[int, Any]], *, sending_time: str | None = None,
               admin: bool = False, seq: int | None = None, header_extra: list[tuple[int, Any]] | None = None) -> int:
        writer = self._writer
        if writer is None:
            raise FixConnectionLost("connection closed")
        self.limiter.acquire(admin=admin)
        own_seq = seq is None
        msg_seq = self.next_out if seq is None else seq
        header: list[tuple[int, Any]] = [(34, msg_seq), (49, self.sender_comp_id),
                                         (52, sending_time or utc_timestamp()), (56, self.target_comp_id)]
        if header_extra:
            header.extend(header_extra)
        if self.recv_window is not None and not admin:
            header.append((25000, self.recv_window))
        frame = encode_message(msg_type, header + fields)
        writer.write(frame)
        if own_seq:
            self.next_out = msg_seq + 1
        self._last_sent = time.monotonic()
        return msg_seq

    async def drain(self) -> None:
        if self._writer is not None:
            await self._writer.drain()

    # -- receiving ---------------------------------------------------------------------------------------------
    async def _read_loop(self) -> None:
        reader = FixReader()
        stream = self._reader
        assert stream is not None
        exc: BaseException | None = None
        try:
            while True:
                data = await stream.read(65536)
                if not data:
                    exc = FixConnectionLost("the exchange closed the connection")
                    break
                self._last_recv = time.monotonic()
                messages = reader.feed(data)
                if reader.errors:
                    self._report_decode_errors(reader.errors)
                for msg in messages:
                    if self._handle(msg) is False:
                        await self._teardown(self._end_reason)
                        return
        except (ConnectionError, OSError, ssl.SSLError) as e:
            exc = FixConnectionLost(f"connection lost: {e!r}")
        except asyncio.CancelledError:
            return
        except Exception as e:  # a handler bug: end the session loudly rather than hang
            log.exception("FIX session handler failed")
            exc = e
        await self._teardown(exc)

    def _report_decode_errors(self, errors: list[FixDecodeError]) -> None:
        """Malformed frames were skipped; the stream goes on (a lost message shows as a sequence gap)."""
        for error in errors:
            self.decode_errors += 1
            log.error("FIX %s: malformed frame skipped: %s", self.kind, error)
            if self.on_error is not None:
                self.on_error(error)
        errors.clear()

    def _handle(self, msg: FixMessage) -> bool | None:
        """Sequence checks, then session messages here and the rest to ``on_message``. False: session over."""
        seq = msg.seq_num
        mt = msg.msg_type
        if mt == "4" and msg.get(123) != "Y":  # SequenceReset-Reset: no sequence check
            self._reset_inbound(msg)
            return None
        if seq < self.next_in:
            if msg.get(43) == "Y":
                return None  # a duplicate we already processed
            if mt == "5":  # a Logout we must still see (e.g. after a failed logon)
                return self._on_logout(msg)
            text = f"MsgSeqNum too low, expecting {self.next_in} but received {seq}"
            log.error("FIX %s: %s", self.kind, text)
            self._end_reason = FixSessionError(text)
            self._try_write("5", [(58, text)])
            return False
        if seq > self.next_in:
            if mt == "5":  # a Logout is acted on even across a gap
                return self._on_logout(msg)
            self._pending[seq] = msg
            if mt == "3" and self._resend_ref_seq is not None and msg.get_int(45) == self._resend_ref_seq:
                self._give_up_resend("the peer refused the ResendRequest")  # Binance does not support resends
            else:
                self._ask_resend(seq)
            return None
        result = self._process(msg)
        while self._pending and self.next_in in self._pending:
            queued = self._pending.pop(self.next_in)
            if self._process(queued) is False:
                return False
        if not self._pending:
            self._resend_asked_at = None
        return result

    def _process(self, msg: FixMessage) -> bool | None:
        mt = msg.msg_type
        if mt == "4":  # SequenceReset-GapFill
            new = msg.get_int(36, 0) or 0
            self.next_in = max(self.next_in + 1, new)
            return None
        self.next_in += 1
        if mt == "0":
            req_id = msg.get(112)
            if req_id is not None:
                if req_id == self._test_req_id:
                    self._test_req_id = None
                waiter = self._test_waiters.pop(req_id, None)
                if waiter is not None and not waiter.done():
                    waiter.set_result(time.perf_counter())
            return None
        if mt == "1":
            self._try_write("0", [(112, msg.get(112, ""))], admin=True)
            return None
        if mt == "2":
            self._answer_resend(msg)
            return None
        if mt == "A":
            if self._logon_reply is not None and not self._logon_reply.done():
                self._logon_reply.set_result(msg)
            return None
        if mt == "5":
            return self._on_logout(msg)
        if mt == "3" and msg.get(372) == "2":  # our ResendRequest refused
            log.warning("FIX %s: ResendRequest refused: %s", self.kind, msg.get(58, ""))
            self._give_up_resend("the peer refused the ResendRequest")
            return None
        if mt == "3" and self._logon_reply is not None and not self._logon_reply.done():
            self._logon_reply.set_result(FixLogonError(f"Logon rejected: {msg.get(58, '')}",
                                                       code=msg.get_int(25016), text=msg.get(58)))
            return None
        if self.on_message is not None:
            self.on_message(msg)
        return None

    def _on_logout(self, msg: FixMessage) -> bool | None:
        text = msg.get(58, "")
        if self._logout_reply is not None and not self._logout_reply.done():
            self._logout_reply.set_result(msg)  # the answer to our Logout
            return False
        if self._logon_reply is not None and not self._logon_reply.done():
            self._logon_reply.set_result(FixLogonError(f"Logon refused: {text}", code=msg.get_int(25016), text=text))
            return False
        # the exchange logs us out (maintenance, limit breach, ...): acknowledge, then close
        self._try_write("5", [], admin=True)
        self._end_reason = FixConnectionLost(f"logged out by the exchange: {text}")
        return False

    def _reset_inbound(self, msg: FixMessage) -> None:
        new = msg.get_int(36)
        if new is None or new < self.next_in:
            log.warning("FIX %s: ignoring SequenceReset to %s (expecting %s)", self.kind, new, self.next_in)
            return
        self.next_in = new
        for seq in [s for s in self._pending if s < new]:
            del self._pending[seq]
        while self.next_in in self._pending:
            self._process(self._pending.pop(self.next_in))

    def _ask_resend(self, received: int) -> None:
        if self._resend_asked_at is not None:
            return
        log.warning("FIX %s: sequence gap, expecting %d, received %d: sending ResendRequest", self.kind,
                    self.next_in, received)
        self._resend_asked_at = time.monotonic()
        self._resend_ref_seq = self._try_write("2", [(7, self.next_in), (16, 0)], admin=True)

    def _give_up_resend(self, why: str) -> None:
        """The gap will not be filled: carry on from the first message we have, and say so."""
        if not self._pending:
            self._resend_asked_at = None
            self._resend_ref_seq = None
            return
        first = min(self._pending)
        expected = self.next_in
        log.error("FIX %s: %s; messages %d..%d are lost", self.kind, why, expected, first - 1)
        self._resend_asked_at = None
        self._resend_ref_seq = None
        self.next_in = first
        if self.on_gap is not None:
            self.on_gap(expected, first)
        while self.next_in in self._pending:
            self._process(self._pending.pop(self.next_in))

    def _answer_resend(self, msg: FixMessage) -> None:
        begin = msg.get_int(7, 1) or 1
        # gap-fill the whole range: re-sending stale orders late is worse than the peer knowing they are gone
        self._try_write("4", [(123, "Y"), (36, self.next_out)], admin=True, seq=begin,
                        header_extra=[(43, "Y"), (122, utc_timestamp())])

    def _try_write(self, msg_type: str, fields: list[tuple[int, Any]], *, admin: bool = True,
                   seq: int | None = None, header_extra: list[tuple[int, Any]] | None = None) -> int | None:
        try:
            return self._write(msg_type, fields, admin=admin, seq=seq, header_extra=header_extra)
        except (FixConnectionLost, FixMessageLimitError, OSError) as exc:
            log.warning("FIX %s: could not send %s: %s", self.kind, msg_type, exc)
            return None

    # -- heartbeats --------------------------------------------------------------------------------------------
    async def _heartbeat_loop(self) -> None:
        hb = self.heartbeat_interval
        quiet = hb * 1.2  # the peer's heartbeat is due after hb; ask only once it is clearly late
        try:
            while self._writer is not None:
                now = time.monotonic()
                if self._resend_asked_at is not None and now - self._resend_asked_at >= hb:
                    self._give_up_resend("the gap was not filled within HeartBtInt")
                if self._test_req_id is not None and now - self._test_req_sent >= hb:
                    await self._teardown(FixConnectionLost(f"no Heartbeat to TestRequest within {hb} s"))
                    return
                if self._test_req_id is None and now - self._last_recv >= quiet:
                    self._test_req_id = f"t{int(time.time() * 1000)}"
                    self._test_req_sent = now
                    self._try_write("1", [(112, self._test_req_id)])
                if now - self._last_sent >= hb:
                    self._try_write("0", [])
                deadlines = [self._last_sent + hb, self._last_recv + quiet]
                if self._test_req_id is not None:
                    deadlines.append(self._test_req_sent + hb)
                if self._resend_asked_at is not None:
                    deadlines.append(self._resend_asked_at + hb)
                await asyncio.sleep(max(0.05, min(deadlines) - time.monotonic()))
        except asyncio.CancelledError:
            return

    def probe(self) -> None:
        """Send a TestRequest now unless one is out: its Heartbeat reveals lost inbound messages as a gap."""
        if self._test_req_id is None and self.logged_on:
            self._test_req_id = f"p{time.time_ns()}"
            self._test_req_sent = time.monotonic()
            self._try_write("1", [(112, self._test_req_id)])

    async def test_request(self, timeout: float | None = None) -> float:
        """Send a TestRequest <1> and wait for its Heartbeat; returns the round trip in seconds."""
        req_id = f"u{time.time_ns()}"
        waiter = asyncio.get_running_loop().create_future()
        self._test_waiters[req_id] = waiter
        start = time.perf_counter()
        self._write("1", [(112, req_id)], admin=True)
        try:
            done = await asyncio.wait_for(waiter, timeout or self.heartbeat_interval)
        except asyncio.TimeoutError:
            raise FixConnectionLost("no Heartbeat to TestRequest") from None
        finally:
            self._test_waiters.pop(req_id, None)
        if isinstance(done, BaseException):
            raise done
        return done - start

