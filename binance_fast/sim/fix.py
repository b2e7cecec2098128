"""The simulator's FIX acceptor: fix-oe, fix-dc and fix-md on loopback over TLS, backed by the matching engine.

Like the exchange it checks the Logon (first message, seq 1, ResetSeqNumFlag=Y, HeartBtInt 5..60, an
Ed25519 key, the RawData signature over 35/49/56/34/52, SendingTime within RecvWindow, a unique SenderCompID),
rejects sequence gaps, counts the per-connection message limits and logs out on a breach, sends heartbeats and
TestRequests, answers ResendRequest with Reject (as Binance does) unless ``supports_resend`` is set.

Order entry maps FIX onto the REST parameters the spot trader already checks, so FIX and REST share the same
rules and errors; every executionReport the engine publishes to the user-data stream goes out as an
ExecutionReport <8> to the account's order-entry and drop-copy sessions too.

Faults: ``lose_outbound(n)`` (the next n application messages take a MsgSeqNum but never leave: a gap),
``silent = True`` (a hung exchange: reads, never answers), ``drop_connections()``, ``announce(headline)``
(News <B>), ``reset_faults()``.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
import time
import uuid
from collections import deque
from decimal import Decimal
from typing import Any

from ..fix.codec import FixMessage, FixReader, encode_message, parse_timestamp, utc_timestamp
from ..fix.errors import FixDecodeError
from ..fix.session import MESSAGE_LIMITS, MessageLimiter, logon_signature_payload

__all__ = ["FixAcceptor"]

log = logging.getLogger("binance_fast.sim.fix")

_SIDE = {"1": "BUY", "2": "SELL"}
_TIF = {"1": "GTC", "3": "IOC", "4": "FOK"}
_STP = {"1": "NONE", "2": "EXPIRE_TAKER", "3": "EXPIRE_MAKER", "4": "EXPIRE_BOTH", "5": "DECREMENT"}
_STP_CODE = {v: k for k, v in _STP.items()}
_EXEC = {"NEW": "0", "CANCELED": "4", "REPLACED": "5", "REJECTED": "8", "TRADE": "F", "EXPIRED": "C",
         "TRADE_PREVENTION": "C"}
_STATUS = {"NEW": "0", "PARTIALLY_FILLED": "1", "FILLED": "2", "CANCELED": "4", "PENDING_CANCEL": "6",
           "REJECTED": "8", "PENDING_NEW": "A", "EXPIRED": "C", "EXPIRED_IN_MATCH": "C"}
# Binance type -> (OrdType, ExecInst)
_ORD = {"MARKET": ("1", None), "LIMIT": ("2", None), "LIMIT_MAKER": ("2", "6"), "STOP_LOSS": ("3", None),
        "TAKE_PROFIT": ("3", None), "STOP_LOSS_LIMIT": ("4", None), "TAKE_PROFIT_LIMIT": ("4", None)}
ZERO8 = "0.00000000"


class _Reject(Exception):
    """A Reject <3> answer: reason (373), tag (371), ErrorCode, Text."""

    def __init__(self, text: str, *, reason: int = 99, tag: int | None = None, code: int | None = None):
        super().__init__(text)
        self.text = text
        self.reason = reason
        self.tag = tag
        self.code = code


def _order_type(ord_type: str, side: str, exec_inst: str | None, direction: str | None, trailing: bool) -> str:
    if ord_type == "1":
        return "MARKET"
    if ord_type == "2":
        return "LIMIT_MAKER" if exec_inst == "6" else "LIMIT"
    if ord_type in ("3", "4"):
        if direction is None and not trailing:
            raise _Reject("TriggerPriceDirection (1109) is required for this order", reason=1, tag=1109)
        loss = direction is not None and ((side == "1") == (direction == "U"))
        base = "STOP_LOSS" if loss else "TAKE_PROFIT"
        return base + "_LIMIT" if ord_type == "4" else base
    raise _Reject(f"Unsupported OrdType {ord_type!r}", reason=5, tag=40)


def _rest_params(msg: FixMessage) -> dict[str, str]:
    """The REST parameters of a NewOrder component (the spot trader validates them like /api/v3/order)."""
    g = msg.get
    for tag in (11, 40, 54, 55):
        if tag not in msg:
            raise _Reject(f"Missing required field {tag}", reason=1, tag=tag)
    side = g(54)
    if side not in _SIDE:
        raise _Reject("Invalid Side (54)", reason=5, tag=54)
    params = {"symbol": g(55), "side": _SIDE[side],
              "type": _order_type(g(40), side, g(18), g(1109), 25009 in msg), "newClientOrderId": g(11)}
    for tag, name in ((38, "quantity"), (44, "price"), (1102, "stopPrice"), (25009, "trailingDelta"),
                      (111, "icebergQty"), (152, "quoteOrderQty"), (7940, "strategyId"), (847, "strategyType")):
        if tag in msg:
            params[name] = g(tag)
    if 59 in msg:
        if g(59) not in _TIF:
            raise _Reject("Invalid TimeInForce (59)", reason=5, tag=59)
        params["timeInForce"] = _TIF[g(59)]
    if 25001 in msg:
        params["selfTradePreventionMode"] = _STP.get(g(25001), g(25001))
    return params


class _Conn:
    """One accepted connection: its session state."""

    def __init__(self, acceptor: FixAcceptor, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self.acceptor = acceptor
        self.reader = reader
        self.writer = writer
        self.comp_id = ""  # the client's SenderCompID (our TargetCompID)
        self.our_id = "SPOT"
        self.next_out = 1
        self.next_in = 1
        self.account: Any = None
        self.api_key = ""
        self.logged_on = False
        self.heartbeat = 30
        self.response_mode = 1
        self.limiter = MessageLimiter(*acceptor.message_limits)
        self.sent: deque[tuple[int, str, list, str]] = deque(maxlen=10_000)  # (seq, type, fields, time)
        self.last_sent = self.last_recv = time.monotonic()
        self.test_req: str | None = None
        self.test_req_at = 0.0
        self.md_subs: dict[str, Any] = {}  # MDReqID -> subscription
        self.closed = False
        self._out: list[bytes] = []
        self._flush_scheduled = False
        self.received: list[FixMessage] = []  # every inbound message, for tests

    # -- output ----------------------------------------------------------------------------------------------
    def send(self, msg_type: str, fields: list[tuple[int, Any]], *, admin: bool = False,
             seq: int | None = None, extra: list[tuple[int, Any]] | None = None) -> int:
        if self.closed or self.acceptor.silent:
            return 0
        own = seq is None
        msg_seq = self.next_out if seq is None else seq
        if own:
            self.next_out += 1
        now = utc_timestamp(micros=True)
        header: list[tuple[int, Any]] = [(34, msg_seq), (49, self.our_id), (52, now), (56, self.comp_id or "UNKNOWN")]
        if extra:
            header += extra
        if own and not admin:
            self.sent.append((msg_seq, msg_type, fields, now))
            if self.acceptor._lose > 0:  # fault: the message takes its number but is never written
                self.acceptor._lose -= 1
                return msg_seq
        self._out.append(encode_message(msg_type, header + fields))
        if not self._flush_scheduled:  # one TLS record per loop turn: a NEW and its EXPIRED go out together
            self._flush_scheduled = True
            asyncio.get_running_loop().call_soon(self.flush)
        self.last_sent = time.monotonic()
        return msg_seq

    def flush(self) -> None:
        self._flush_scheduled = False
        if self._out and not self.closed:
            self.writer.write(b"".join(self._out))
        self._out.clear()

    def reject(self, msg: FixMessage, exc: _Reject) -> None:
        fields: list[tuple[int, Any]] = [(45, msg.seq_num)]
        if exc.tag is not None:
            fields.append((371, exc.tag))
        fields += [(372, msg.msg_type), (373, exc.reason)]
        if exc.code is not None:
            fields.append((25016, exc.code))
        fields.append((58, exc.text))
        self.send("3", fields)

    def close(self) -> None:
        if self.closed:
            return
        self.flush()
        self.closed = True
        for sub in self.md_subs.values():
            sub.close()
        self.md_subs.clear()
        self.acceptor.conns.discard(self)
        try:
            self.writer.close()
        except Exception:  # pragma: no cover
            pass

    def logout(self, text: str) -> None:
        self.send("5", [(58, text)], admin=True)
        self.close()


class _Sub:
    """One market-data subscription of a connection; ``flush`` runs every ``md_interval``."""

    def __init__(self, conn: _Conn, req_id: str, engine: Any):
        self.conn = conn
        self.req_id = req_id
        self.engine = engine

    def flush(self) -> None:  # pragma: no cover - every kind overrides it
        raise NotImplementedError

    def close(self) -> None:
        pass


class _DepthSub(_Sub):
    """A diff-depth subscription: the engine's depth window flushed every 100 ms as MarketDataIncrementalRefresh."""

    def __init__(self, conn: _Conn, req_id: str, engine: Any):
        super().__init__(conn, req_id, engine)
        self.window = engine.new_window()

    def flush(self) -> None:
        got = self.window.take()
        if got is None:
            return
        first, last, _prev, bids, asks = got
        spec = self.engine.spec
        entries: list[tuple[int, Any]] = []
        n = 0
        for side_code, levels in (("0", bids), ("1", asks)):
            for price, total in sorted(levels.items()):
                entries += [(279, "1" if total else "2"), (270, spec.price_str(price))]
                if total:
                    entries.append((271, spec.qty_str(total)))
                entries.append((269, side_code))
                if n == 0:
                    entries += [(55, spec.symbol), (25043, first), (25044, last)]
                n += 1
        if not n:
            return
        self.conn.send("X", [(262, self.req_id), (268, n), *entries])

    def close(self) -> None:
        try:
            self.engine.windows.remove(self.window)
        except ValueError:
            pass


class _BookTickerSub(_Sub):
    """A book-ticker subscription: the best bid and offer whenever they change (a snapshot first)."""

    def __init__(self, conn: _Conn, req_id: str, engine: Any):
        super().__init__(conn, req_id, engine)
        self.last: tuple | None = None

    def flush(self, snapshot: bool = False) -> None:
        best = self.engine.best()
        if best == self.last:
            return
        self.last = best
        bid, bid_qty, ask, ask_qty = best
        spec = self.engine.spec
        uid = self.engine.update_id
        if snapshot:
            entries: list[tuple[int, Any]] = []
            for code, price, qty in (("0", bid, bid_qty), ("1", ask, ask_qty)):
                if price:
                    entries += [(269, code), (270, spec.price_str(price)), (271, spec.qty_str(qty))]
            self.conn.send("W", [(262, self.req_id), (55, spec.symbol), (25044, uid), (268, len(entries) // 3),
                                 *entries])
            return
        self.conn.send("X", [(262, self.req_id), (268, 2),
                             (279, "1"), (270, spec.price_str(bid)), (271, spec.qty_str(bid_qty)), (269, "0"),
                             (55, spec.symbol), (25044, uid),
                             (279, "1"), (270, spec.price_str(ask)), (271, spec.qty_str(ask_qty)), (269, "1")])


class _TradeSub(_Sub):
    """A trade subscription: every tape trade as a MarketDataIncrementalRefresh entry."""

    def __init__(self, conn: _Conn, req_id: str, engine: Any):
        super().__init__(conn, req_id, engine)
        self.pending: list[tuple] = []
        engine.tape.listeners.append(self._listener)

    def _listener(self, trade: Any, agg: Any = None) -> None:
        if trade is not None:
            self.pending.append(trade)

    def flush(self) -> None:
        if not self.pending:
            return
        trades, self.pending = self.pending, []
        spec = self.engine.spec
        entries: list[tuple[int, Any]] = []
        for i, (tid, price, qty, t, buyer_is_maker) in enumerate(trades):
            entries += [(279, "0"), (270, spec.price_str(price)), (271, spec.qty_str(qty)), (269, "2")]
            if i == 0:
                entries.append((55, spec.symbol))
            entries += [(60, utc_timestamp(t * 1_000_000, micros=True)), (1003, tid),
                        (2446, "2" if buyer_is_maker else "1")]
        self.conn.send("X", [(262, self.req_id), (268, len(trades)), *entries])

    def close(self) -> None:
        try:
            self.engine.tape.listeners.remove(self._listener)
        except ValueError:
            pass


class FixAcceptor:
    """A FIX acceptor of one kind ("oe", "dc" or "md") on ``host``, over TLS, for the simulator's ``exchange``.

    Run it on the simulator's loop: ``await acceptor.start()`` there, or ``acceptor.attach(sim)`` from any
    thread (it starts on ``sim``'s loop and returns once listening).
    """

    def __init__(self, exchange: Any, kind: str = "oe", *, ssl_context: ssl.SSLContext, host: str = "127.0.0.1",
                 port: int = 0, supports_resend: bool = False, recv_window_ms: int = 5000,
                 message_limits: tuple[int, float] | None = None, md_interval: float = 0.1,
                 uuid_: str | None = None, order_limiter: Any = None):
        if kind not in MESSAGE_LIMITS:
            raise ValueError(f"kind must be oe, dc or md, not {kind!r}")
        self.exchange = exchange
        self.kind = kind
        self.ssl_context = ssl_context
        self.host = host
        self.port = port
        self.supports_resend = supports_resend
        self.recv_window_ms = recv_window_ms
        self.message_limits = message_limits or MESSAGE_LIMITS[kind]
        self.md_interval = md_interval
        self.uuid = uuid_ or str(uuid.uuid4())
        self.order_limiter = order_limiter  # the simulator's RateLimiter: FIX orders count like REST ones
        self.conns: set[_Conn] = set()
        self.logons = 0
        self._server: asyncio.AbstractServer | None = None
        self._tasks: list[asyncio.Task] = []
        self._lose = 0
        self.silent = False  # fault: a hung exchange that reads but never answers
        self._prev_publish: Any = None
        self._loop: asyncio.AbstractEventLoop | None = None

    # -- running ---------------------------------------------------------------------------------------------
    async def start(self) -> FixAcceptor:
        self._loop = asyncio.get_running_loop()
        self._server = await asyncio.start_server(self._serve, self.host, self.port, ssl=self.ssl_context)
        self.port = self._server.sockets[0].getsockname()[1]
        if self.kind in ("oe", "dc"):
            # chain onto the exchange's publisher: user-data streams keep getting every event
            self._prev_publish = self.exchange.publish
            self.exchange.publish = self._publish
        self._tasks.append(asyncio.ensure_future(self._timers()))
        return self

    async def stop(self) -> None:
        for t in self._tasks:
            t.cancel()
        for conn in list(self.conns):
            conn.close()
        await asyncio.sleep(0.02)  # let the connections' reader tasks see their end
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        if self._prev_publish is not None and self.exchange.publish == self._publish:
            self.exchange.publish = self._prev_publish

    def attach(self, sim: Any) -> FixAcceptor:
        """Start on ``sim``'s event loop (the Simulator's background thread); returns once listening."""
        loop = sim._loop
        if loop is None:
            raise RuntimeError("start the simulator first")
        if self.order_limiter is None:
            self.order_limiter = getattr(sim, "limiter", None)
        asyncio.run_coroutine_threadsafe(self.start(), loop).result(10)
        return self

    def detach(self) -> None:
        if self._loop is not None and self._loop.is_running():
            asyncio.run_coroutine_threadsafe(self.stop(), self._loop).result(10)

    def _call(self, fn: Any, *args: Any) -> Any:
        loop = self._loop
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if loop is None or running is loop:
            return fn(*args)

        async def run() -> Any:
            return fn(*args)
        return asyncio.run_coroutine_threadsafe(run(), loop).result(10)

    # -- faults ----------------------------------------------------------------------------------------------
    def lose_outbound(self, count: int = 1) -> None:
        """The next ``count`` application messages get a MsgSeqNum but are never sent (an inbound gap)."""
        self._lose += count

    def reset_faults(self) -> None:
        self._lose = 0
        self.silent = False

    def drop_connections(self) -> int:
        """Abort every connection (no Logout): the clients see a dropped network."""
        def run() -> int:
            n = 0
            for conn in list(self.conns):
                conn.writer.transport.abort()
                conn.close()
                n += 1
            return n
        return self._call(run)

    def announce(self, headline: str) -> None:
        """News <B> to every session (the maintenance notice)."""
        def run() -> None:
            for conn in list(self.conns):
                if conn.logged_on:
                    conn.send("B", [(148, headline)])
        self._call(run)

    # -- connections -------------------------------------------------------------------------------------------
    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        conn = _Conn(self, reader, writer)
        self.conns.add(conn)
        parser = FixReader()
        try:
            while not conn.closed:
                data = await reader.read(65536)
                if not data:
                    break
                conn.last_recv = time.monotonic()
                try:
                    messages = parser.feed(data)
                except FixDecodeError as exc:
                    log.warning("sim FIX: malformed frame: %s", exc)
                    conn.logout(f"Malformed message: {exc}")
                    break
                for msg in messages:
                    if conn.closed:
                        break
                    self._on_message(conn, msg)
        except (ConnectionError, OSError, ssl.SSLError):
            pass
        finally:
            conn.close()

    def _on_message(self, conn: _Conn, msg: FixMessage) -> None:
        conn.received.append(msg)
        if not conn.logged_on:
            self._logon(conn, msg)
            return
        try:
            conn.limiter.acquire(admin=True)
        except Exception:
            conn.logout("Message limit exceeded.")
            return
        seq = msg.seq_num
        mt = msg.msg_type
        if seq != conn.next_in:
            if seq > conn.next_in:
                # Binance: values that cause a gap are rejected, the expected number does not move
                conn.reject(msg, _Reject(f"MsgSeqNum gap: expected {conn.next_in}, received {seq}", reason=99,
                                         tag=34))
                return
            if msg.get(43) != "Y":
                conn.logout(f"MsgSeqNum too low, expected {conn.next_in}, received {seq}")
            return
        conn.next_in += 1
        try:
            if mt == "0":
                if conn.test_req is not None and msg.get(112) == conn.test_req:
                    conn.test_req = None
            elif mt == "1":
                conn.send("0", [(112, msg.get(112, ""))], admin=True)
            elif mt == "2":
                self._resend(conn, msg)
            elif mt == "4":
                new = msg.get_int(36)
                if new is not None and new > conn.next_in:
                    conn.next_in = new
            elif mt == "5":
                conn.send("5", [(58, "Logout acknowledgment.")], admin=True)
                conn.close()
            elif mt == "A":
                raise _Reject("Logon can only be sent once per session", reason=99)
            elif self.kind == "md":
                self._market_data(conn, msg)
            elif self.kind == "oe":
                self._order_entry(conn, msg)
            elif mt == "XLQ":
                self._limit_query(conn, msg)
            else:
                raise _Reject("Drop copy sessions are read-only", reason=99, tag=35)
        except _Reject as exc:
            conn.reject(msg, exc)

    def _logon(self, conn: _Conn, msg: FixMessage) -> None:
        def refuse(text: str, reason: int = 99, tag: int | None = None, code: int | None = None) -> None:
            conn.comp_id = msg.get(49, "") or "UNKNOWN"
            conn.reject(msg, _Reject(text, reason=reason, tag=tag, code=code))
            conn.logout(text)

        if msg.msg_type != "A":
            return refuse("The first message must be Logon <A>")
        g = msg.get
        if msg.seq_num != 1:
            return refuse("Logon MsgSeqNum must be 1", 5, 34)
        if g(141) != "Y":
            return refuse("ResetSeqNumFlag (141) must be Y", 5, 141)
        if g(98, "0") != "0":
            return refuse("EncryptMethod (98) must be 0", 5, 98)
        hb = msg.get_int(108)
        if hb is None or not 5 <= hb <= 60:
            return refuse("HeartBtInt (108) must be within [5, 60]", 5, 108)
        if g(56) != "SPOT":
            return refuse("TargetCompID (56) must be SPOT", 5, 56)
        sender = g(49, "")
        for tag in (553, 96, 52, 25035):
            if tag not in msg:
                return refuse(f"Missing required field {tag}", 1, tag)
        if self.kind == "dc" and g(9406) != "Y":
            return refuse("DropCopyFlag (9406) must be Y on drop copy sessions", 5, 9406)
        key = self.exchange.accounts.get(g(553))
        if key is None:
            return refuse("Invalid API-key, IP, or permissions for action.", 99, 553, -2015)
        if key.key_type != "ED25519":
            return refuse("FIX sessions only support Ed25519 keys.", 99, 553, -2015)
        payload = logon_signature_payload(sender, g(56), g(34), g(52))
        if not key.verify(payload, g(96)):
            return refuse("Signature for this request is not valid.", 8, 96, -1022)
        try:
            sent_ms = parse_timestamp(g(52))
        except FixDecodeError:
            return refuse("SendingTime (52) is malformed", 6, 52)
        if abs(self.exchange.now() - sent_ms) > self.recv_window_ms:
            return refuse("Timestamp for this request is outside of the recvWindow.", 10, 52, -1021)
        for other in self.conns:
            if other is not conn and other.logged_on and other.account is key.account and other.comp_id == sender:
                return refuse("SenderCompID is already in use by an active session", 99, 49)
        conn.comp_id = sender
        conn.account = key.account
        conn.api_key = g(553)
        conn.heartbeat = hb
        conn.response_mode = msg.get_int(25036, 1) or 1
        conn.next_in = 2
        conn.logged_on = True
        self.logons += 1
        conn.send("A", [(98, 0), (108, hb), (25037, self.uuid)], admin=True)

    def _resend(self, conn: _Conn, msg: FixMessage) -> None:
        if not self.supports_resend:
            raise _Reject("Resend requests are not supported.", reason=99)
        begin = msg.get_int(7, 1) or 1
        end = msg.get_int(16, 0) or 0
        last = conn.next_out - 1 if end == 0 else min(end, conn.next_out - 1)
        stored = {seq: (mt, fields, t) for seq, mt, fields, t in conn.sent if begin <= seq <= last}
        seq = begin
        while seq <= last:
            if seq in stored:
                mt, fields, t = stored[seq]
                conn.send(mt, fields, seq=seq, extra=[(43, "Y"), (122, t)])
                seq += 1
            else:  # an admin message, or too old: gap-fill up to the next stored one
                nxt = min([s for s in stored if s > seq], default=last + 1)
                conn.send("4", [(123, "Y"), (36, nxt)], admin=True, seq=seq, extra=[(43, "Y")])
                seq = nxt

    # -- order entry -----------------------------------------------------------------------------------------
    def _trader(self, conn: _Conn) -> Any:
        return self.exchange.trader(conn.account, "spot")

    def _order_entry(self, conn: _Conn, msg: FixMessage) -> None:
        mt = msg.msg_type
        handler = {"D": self._new_order, "F": self._cancel, "XCN": self._cancel_replace, "q": self._mass_cancel,
                   "XAK": self._amend, "E": self._new_order_list, "XLQ": self._limit_query}.get(mt)
        if handler is None:
            raise _Reject(f"Unsupported MsgType {mt!r}", reason=99, tag=35)
        handler(conn, msg)

    def _place(self, conn: _Conn, msg: FixMessage) -> bool:
        """Build and place the NewOrder of ``msg``; an ExecutionReport REJECTED if the trader refuses it."""
        from .errors import SimError  # the simulator's error type (its own module)

        params = _rest_params(msg)
        if params["symbol"] not in self.exchange.venues["spot"].engines:
            raise _Reject("Invalid symbol.", reason=5, tag=55, code=-1121)  # unknown symbols: Reject <3>
        trader = self._trader(conn)
        try:
            if self.order_limiter is not None:  # the account's unfilled-order count is shared with REST
                self.order_limiter.count_order("spot", conn.account.uid)
            engine, order = trader.build_order(params.get)
        except SimError as exc:
            self._send_rejected(conn, msg, params, exc.code, exc.msg)
            return False
        trader.place(engine, order)
        return True

    def _send_rejected(self, conn: _Conn, msg: FixMessage, params: dict[str, str], code: int, text: str) -> None:
        fields: list[tuple[int, Any]] = [(11, msg.get(11, "")), (14, ZERO8), (32, ZERO8), (39, "8"),
                                         (40, msg.get(40, "2")), (54, msg.get(54, "1")), (55, msg.get(55, "")),
                                         (60, utc_timestamp(micros=True)), (150, "8"), (25016, code), (58, text)]
        if 38 in msg:
            fields.append((38, msg.get(38)))
        if 44 in msg:
            fields.append((44, msg.get(44)))
        conn.send("8", fields)

    def _new_order(self, conn: _Conn, msg: FixMessage) -> None:
        self._place(conn, msg)

    def _find(self, conn: _Conn, msg: FixMessage, id_tag: int = 37, cid_tag: int = 41) -> tuple[Any, Any, Any]:
        from .errors import SimError

        trader = self._trader(conn)
        engine = self.exchange.venues["spot"].engines.get(msg.get(55, ""))
        if engine is None:
            raise _Reject("Invalid symbol.", reason=5, tag=55, code=-1121)
        if msg.get(id_tag) is None and msg.get(cid_tag) is None:
            raise _Reject("Either OrderID (37) or OrigClOrdID (41) must be sent", reason=1, tag=37)
        try:
            order = trader.find(engine.spec.symbol, msg.get(id_tag), None if msg.get(id_tag) else msg.get(cid_tag))
        except SimError as exc:
            raise _Reject(exc.msg, reason=5, tag=id_tag, code=exc.code) from None
        if order is not None and msg.get(id_tag) and msg.get(cid_tag) and order.client_order_id != msg.get(cid_tag):
            order = None
        return trader, engine, order

    def _cancel_reject(self, conn: _Conn, msg: FixMessage, code: int, text: str) -> None:
        fields: list[tuple[int, Any]] = [(11, msg.get(11, ""))]
        for tag in (41, 37, 25015, 66):
            if tag in msg:
                fields.append((tag, msg.get(tag)))
        fields += [(55, msg.get(55, "")), (434, "1"), (25016, code), (58, text)]
        conn.send("9", fields)

    def _cancel(self, conn: _Conn, msg: FixMessage) -> bool:
        if 66 in msg or 25015 in msg:
            self._cancel_reject(conn, msg, -2011, "Unknown order list sent.")  # the simulator has no order lists
            return False
        trader, engine, order = self._find(conn, msg)
        restriction = msg.get(25002)
        if order is None or order.status not in ("NEW", "PARTIALLY_FILLED"):
            self._cancel_reject(conn, msg, -2011, "Unknown order sent.")
            return False
        if (restriction == "1" and order.status != "NEW") or (restriction == "2" and
                                                               order.status != "PARTIALLY_FILLED"):
            self._cancel_reject(conn, msg, -2011, "Order was not canceled due to cancel restrictions.")
            return False
        order.extra["cancel_client_id"] = order.client_order_id
        # the report names the cancel request: c = ClOrdID of the request, C = the order's own
        order.extra["fix_cancel_id"] = msg.get(25034) or msg.get(11)
        engine.cancel(order)
        return True

    def _cancel_replace(self, conn: _Conn, msg: FixMessage) -> None:
        if 25033 not in msg:
            raise _Reject("Missing required field 25033", reason=1, tag=25033)
        cancel = FixMessage("F", [(11, msg.get(25034) or msg.get(11)), *[(t, v) for t, v in msg.fields
                                                                          if t in (37, 41, 55, 25002)]])
        ok = self._cancel(conn, cancel)
        if not ok and msg.get(25033) == "1":  # STOP_ON_FAILURE
            return
        self._place(conn, msg)

    def _mass_cancel(self, conn: _Conn, msg: FixMessage) -> None:
        trader = self._trader(conn)
        symbol = msg.get(55, "")
        engine = self.exchange.venues["spot"].engines.get(symbol)
        if engine is None:
            raise _Reject("Invalid symbol.", reason=5, tag=55, code=-1121)
        orders = trader.open_orders(symbol)
        for order in orders:
            order.extra["cancel_client_id"] = order.client_order_id
            order.extra["fix_cancel_id"] = msg.get(11)
            engine.cancel(order)
        if not orders:
            conn.send("r", [(11, msg.get(11, "")), (55, symbol), (530, "1"), (531, "0"), (532, 99),
                            (25016, -2011), (58, "Unknown order sent.")])
            return
        conn.send("r", [(11, msg.get(11, "")), (55, symbol), (530, "1"), (531, "1"), (533, len(orders))])

    def _amend(self, conn: _Conn, msg: FixMessage) -> None:
        trader, engine, order = self._find(conn, msg)
        spec = engine.spec

        def refuse(code: int, text: str) -> None:
            fields: list[tuple[int, Any]] = [(11, msg.get(11, ""))]
            for tag in (41, 37):
                if tag in msg:
                    fields.append((tag, msg.get(tag)))
            fields += [(55, msg.get(55, "")), (38, msg.get(38, "0")), (25016, code), (58, text)]
            conn.send("XAR", fields)

        if order is None or order.status not in ("NEW", "PARTIALLY_FILLED"):
            return refuse(-2013, "Order does not exist.")
        try:
            new_qty = spec.steps_of(Decimal(msg.get(38, "")))
        except Exception:
            new_qty = None
        if new_qty is None or new_qty <= 0:
            return refuse(-1013, "Filter failure: LOT_SIZE")
        if new_qty >= order.qty:
            return refuse(-2038, "The requested action would change no state; rejecting.")
        if new_qty <= order.executed:
            return refuse(-2038, "The new quantity must be above the executed quantity.")
        released = order.qty - new_qty
        if order.on_book:
            engine.reduce_resting(order, new_qty)
        else:
            order.qty = new_qty
        # the funds locked for the removed quantity are free again
        if order.side == "BUY" and order.extra.get("locked_price") is not None:
            bal, amount = order.owner.account.spot_balance(spec.quote), order.extra["locked_price"] * spec.qty_dec(released)
        else:
            bal, amount = order.owner.account.spot_balance(spec.base), spec.qty_dec(released)
        bal[1] -= amount
        bal[0] += amount
        order.client_order_id = msg.get(11) or order.client_order_id
        order.owner.order_event(engine, order, "REPLACED", None)

    def _new_order_list(self, conn: _Conn, msg: FixMessage) -> None:
        # the simulator's engine has no contingent order lists yet: refuse them the way the exchange refuses a list
        conn.send("N", [(55, msg.get(55, "") or ""), (25014, msg.get(25014, "")), (429, "2"), (431, "7"),
                        (1386, 99), (60, utc_timestamp(micros=True)), (25016, -1013),
                        (58, "Order lists are not supported by the simulator.")])

    def _limit_query(self, conn: _Conn, msg: FixMessage) -> None:
        limit, interval = self.message_limits
        entries: list[tuple[int, Any]] = [(25004, "2"), (25005, conn.limiter.used), (25006, limit),
                                          (25007, int(interval)), (25008, "s")]
        count = 1
        if self.kind != "md":
            used = self._orders_used(conn)
            entries += [(25004, "1"), (25005, used.get("10S", 0)), (25006, self._order_limit("10S")), (25007, 10),
                        (25008, "s"), (25004, "1"), (25005, used.get("1D", 0)), (25006, self._order_limit("1D")),
                        (25007, 1), (25008, "d")]
            count = 3
        conn.send("XLR", [(6136, msg.get(6136, "")), (25003, count), *entries])

    def _orders_used(self, conn: _Conn) -> dict[str, int]:
        lim = self.order_limiter
        windows = getattr(lim, "_orders", None)
        if windows is None:
            return {}
        now = lim.clock()
        return {name: w.peek(now) for (group, uid, name), w in windows.items()
                if group == "spot" and uid == getattr(conn.account, "uid", None)}

    def _order_limit(self, window: str) -> int:
        limits = getattr(self.order_limiter, "limits", None)
        if limits is None:
            return 200 if window == "10S" else 200_000
        return limits.spot_orders_per_10s if window == "10S" else limits.spot_orders_per_day

    # -- the engine's events ------------------------------------------------------------------------------------
    def _publish(self, account: Any, product: str, event: dict) -> None:
        if self._prev_publish is not None:
            self._prev_publish(account, product, event)
        if product != "spot" or event.get("e") != "executionReport":
            return
        targets = [c for c in self.conns if c.logged_on and c.account is account]
        if not targets:
            return
        fields = self._report_fields(account, event)
        for conn in targets:
            if conn.response_mode == 2 and event.get("x") not in ("NEW", "CANCELED", "REPLACED", "REJECTED"):
                continue  # ONLY_ACKS: no trade / expiry pushes
            conn.send("8", fields)

    def _report_fields(self, account: Any, ev: dict) -> list[tuple[int, Any]]:
        order_type = ev["o"]
        ord_type, exec_inst = _ORD.get(order_type, ("2", None))
        side = "1" if ev["S"] == "BUY" else "2"
        exec_type = ev["x"]
        trader = self.exchange.trader(account, "spot")
        order = trader.orders.get(ev["s"], {}).get(ev["i"])
        cid = ev["c"]
        orig = ""
        if exec_type == "CANCELED" and order is not None and order.extra.get("fix_cancel_id"):
            cid, orig = order.extra["fix_cancel_id"], ev["c"]
        fields: list[tuple[int, Any]] = [(11, cid)]
        if orig:
            fields.append((41, orig))
        fields += [(14, ev["z"]), (17, ev["I"]), (32, ev["l"]), (37, ev["i"]), (38, ev["q"]),
                   (39, _STATUS.get(ev["X"], "0")), (40, ord_type)]
        if exec_inst:
            fields.append((18, exec_inst))
        if ev["p"] and ev["p"] != ZERO8 and ord_type != "1":
            fields.append((44, ev["p"]))
        fields += [(54, side), (55, ev["s"])]
        if ord_type in ("2", "4") and exec_inst is None:
            fields.append((59, {"GTC": "1", "IOC": "3", "FOK": "4"}.get(ev["f"], "1")))
        fields.append((60, utc_timestamp(ev["T"] * 1_000_000, micros=True)))
        if ord_type in ("3", "4"):
            loss = order_type.startswith("STOP_LOSS")
            fields += [(1100, "4"), (1101, "1"), (1102, ev["P"]), (1107, "2"),
                       (1109, "U" if (side == "1") == loss else "D")]
        fields += [(150, _EXEC.get(exec_type, "0")), (151, _leaves(ev))]
        if exec_type == "TRADE":
            fields += [(31, ev["L"]), (1003, ev["t"]), (1057, "N" if ev["m"] else "Y")]
            if ev.get("N"):
                fields += [(136, 1), (137, ev["n"]), (138, ev["N"]), (139, 4)]
        if ev.get("w"):
            fields.append((636, "Y"))
        fields += [(25001, _STP_CODE.get(ev.get("V", "NONE"), "1")), (25017, ev["Z"]),
                   (25018, utc_timestamp(ev["O"] * 1_000_000, micros=True))]
        if ev.get("W", -1) and ev.get("W", -1) > 0:
            fields.append((25023, utc_timestamp(ev["W"] * 1_000_000, micros=True)))
        if exec_type == "TRADE_PREVENTION":
            fields.append((25024, ev.get("v", 0)))
        return fields

    # -- market data ------------------------------------------------------------------------------------------
    def _market_data(self, conn: _Conn, msg: FixMessage) -> None:
        mt = msg.msg_type
        if mt == "x":
            self._instruments(conn, msg)
        elif mt == "V":
            self._md_request(conn, msg)
        elif mt == "XLQ":
            self._limit_query(conn, msg)
        else:
            raise _Reject(f"Unsupported MsgType {mt!r} on market data sessions", reason=99, tag=35)

    def _instruments(self, conn: _Conn, msg: FixMessage) -> None:
        engines = self.exchange.venues["spot"].engines
        kind = msg.get(559)
        if kind == "0":
            symbol = msg.get(55, "")
            if symbol not in engines:
                raise _Reject("Invalid symbol.", reason=5, tag=55, code=-1121)
            specs = [engines[symbol].spec]
        elif kind == "4":
            specs = [e.spec for e in engines.values()]
        else:
            raise _Reject("InstrumentListRequestType (559) must be 0 or 4", reason=5, tag=559)
        fields: list[tuple[int, Any]] = [(320, msg.get(320, "")), (146, len(specs))]
        for s in specs:
            fields += [(55, s.symbol), (15, s.quote), (562, s.min_qty), (1140, s.max_qty), (25039, s.step),
                       (25040, s.min_qty), (25041, s.max_qty), (25042, s.step), (969, s.tick)]
        conn.send("y", fields)

    def _md_request(self, conn: _Conn, msg: FixMessage) -> None:
        req_id = msg.get(262)
        if not req_id:
            raise _Reject("Missing required field 262", reason=1, tag=262)
        if msg.get(263) == "2":
            sub = conn.md_subs.pop(req_id, None)
            if sub is not None:
                sub.close()
            return
        if msg.get(263) != "1":
            raise _Reject("SubscriptionRequestType (263) must be 1 or 2", reason=5, tag=263)
        if req_id in conn.md_subs:
            conn.send("Y", [(262, req_id), (281, "1"), (25016, -1191), (58, "Duplicate MDReqID.")])
            return
        symbols = [e.get(55) for e in msg.group(146, "md")]
        types = {e.get(269) for e in msg.group(267, "md")}
        engines = self.exchange.venues["spot"].engines
        if len(symbols) != 1 or symbols[0] not in engines:
            raise _Reject("Invalid symbol.", reason=5, tag=55, code=-1121)
        engine = engines[symbols[0]]
        if types == {"2"}:
            conn.md_subs[req_id] = _TradeSub(conn, req_id, engine)
            return
        if types != {"0", "1"}:
            raise _Reject("MDEntryType must be TRADE, or BID and OFFER", reason=5, tag=269)
        depth = msg.get_int(264, 0) or 0
        if not 1 <= depth <= 5000:
            raise _Reject("MarketDepth (264) must be within [1, 5000]", reason=5, tag=264)
        if depth == 1:
            sub1 = _BookTickerSub(conn, req_id, engine)
            conn.md_subs[req_id] = sub1
            sub1.flush(snapshot=True)
            return
        # snapshot and window are taken in the same loop turn: the window's first change follows the snapshot id
        sub = _DepthSub(conn, req_id, engine)
        bids, asks = engine.depth(depth)
        spec = engine.spec
        entries: list[tuple[int, Any]] = []
        for side_code, levels in (("0", bids), ("1", asks)):
            for price, qty in levels:
                entries += [(269, side_code), (270, spec.price_str(price)), (271, spec.qty_str(qty))]
        conn.send("W", [(262, req_id), (55, spec.symbol), (25044, engine.update_id),
                        (268, len(bids) + len(asks)), *entries])
        conn.md_subs[req_id] = sub

    # -- timers ----------------------------------------------------------------------------------------------
    async def _timers(self) -> None:
        try:
            while True:
                await asyncio.sleep(self.md_interval)
                now = time.monotonic()
                for conn in list(self.conns):
                    if not conn.logged_on or conn.closed:
                        continue
                    for sub in list(conn.md_subs.values()):
                        sub.flush()
                    hb = conn.heartbeat
                    if conn.test_req is not None and now - conn.test_req_at > hb:
                        conn.logout("TestRequest timeout.")
                        continue
                    if conn.test_req is None and now - conn.last_recv > hb * 1.2:
                        conn.test_req = f"sim{int(time.time() * 1000)}"
                        conn.test_req_at = now
                        conn.send("1", [(112, conn.test_req)], admin=True)
                    if now - conn.last_sent >= hb:
                        conn.send("0", [], admin=True)
        except asyncio.CancelledError:
            return


def _leaves(ev: dict) -> str:
    if ev["X"] in ("FILLED", "CANCELED", "EXPIRED", "REJECTED", "EXPIRED_IN_MATCH"):
        return ZERO8
    try:
        return f"{Decimal(ev['q']) - Decimal(ev['z']):.8f}"
    except Exception:  # pragma: no cover
        return ZERO8
