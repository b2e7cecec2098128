"""WebSocket market and user-data streams: /ws/<streams>, /stream?streams=, live SUBSCRIBE, pings, limits."""

from __future__ import annotations

import asyncio
import time
from collections import deque
from typing import Any

import msgspec
from aiohttp import WSMsgType, web

from .tape import INTERVAL_MS, bucket_end, bucket_start
from .venue import TICK_MS, Venue

_encode = msgspec.json.Encoder().encode
_decode = msgspec.json.decode

MAX_STREAMS = 1024
WRITE_BUFFER_LIMIT = 8 << 20  # a consumer this far behind is cut off, as the exchange does
METHODS = ("SUBSCRIBE", "UNSUBSCRIBE", "LIST_SUBSCRIPTIONS", "SET_PROPERTY", "GET_PROPERTY")


def stream_key(name: str) -> str:
    """Stream names are matched with a lowercase symbol and the type as documented ("btcusdt@aggTrade")."""
    sym, sep, rest = name.partition("@")
    return sym.lower() + sep + rest


def ws_frame(payload: bytes, first_byte: int = 0x81) -> bytes:
    """An unmasked server frame around ``payload``: text (0x81: FIN + opcode 1), or binary with 0x82."""
    n = len(payload)
    if n < 126:
        return bytes((first_byte, n)) + payload
    if n < 65536:
        return bytes((first_byte, 126)) + n.to_bytes(2, "big") + payload
    return bytes((first_byte, 127)) + n.to_bytes(8, "big") + payload


class StreamConfig:
    """Timing of the streams (seconds); defaults per product are the documented ones."""

    def __init__(self, product: str, *, ping_interval: float | None = None, pong_timeout: float | None = None,
                 max_messages_per_second: int | None = None):
        spot = product == "spot"
        self.ping_interval = ping_interval if ping_interval is not None else (20.0 if spot else 180.0)
        self.pong_timeout = pong_timeout if pong_timeout is not None else (60.0 if spot else 600.0)
        self.max_messages = max_messages_per_second or (5 if spot else 10)


class Conn:
    """One WebSocket client."""

    __slots__ = ("ws", "transport", "combined", "streams", "created", "last_pong", "last_ping", "recent",
                 "out", "listen_key", "product", "closing", "depth_from")

    def __init__(self, ws: web.WebSocketResponse, transport, combined: bool, product: str):
        self.ws = ws
        self.transport = transport
        self.combined = combined
        self.streams: set[str] = set()
        now = time.monotonic()
        self.created = now
        self.last_pong = now
        self.last_ping = now
        self.recent: deque[float] = deque()
        self.out: list[bytes] = []
        self.listen_key: str | None = None
        self.product = product
        self.closing = False
        self.depth_from: dict[str, int] = {}


class StreamHub:
    """All stream connections of one product, and the per-tick fan-out of market events to them."""

    def __init__(self, sim, product: str, config: StreamConfig):
        self.sim = sim
        self.product = product
        self.config = config
        self.conns: set[Conn] = set()
        self.subs: dict[str, set[Conn]] = {}
        self.venue: Venue | None = sim.exchange.venues.get(product)
        self._pending: set[Conn] = set()
        self.messages_sent = 0
        self._reorder_hold: dict[str, tuple[str, bytes]] = {}
        self._kline_last: dict[str, int] = {}
        self.taken: dict[tuple[str, str], Any] = {}  # (SYMBOL, speed) -> depth window taken this tick (SBE hub)
        if self.venue is not None:
            for e in self.venue.engines.values():
                e.tape.listeners.append(self._trade_listener(e))

    # -- connection lifecycle --------------------------------------------------------------------------------
    async def handle(self, request: web.Request) -> web.StreamResponse:
        tail = request.match_info.get("tail", "")
        combined = request.path.rstrip("/").endswith("/stream")
        if combined:
            names = [s for s in request.query.get("streams", "").split("/") if s]
        else:
            names = [s for s in tail.split("/") if s]
        if len(names) > MAX_STREAMS:
            return web.json_response({"code": -1, "msg": f"Too many streams; the limit is {MAX_STREAMS}."},
                                     status=400)
        listen_key = None
        ex = self.sim.exchange
        for n in names:
            if ex.listen_keys.lookup(n, self.product) is not None:
                listen_key = n
        ws = web.WebSocketResponse(autoping=False, compress=False, max_msg_size=1 << 20)
        await ws.prepare(request)
        conn = Conn(ws, request.transport, combined, self.product)
        conn.listen_key = listen_key
        self.conns.add(conn)
        for n in names:
            self._subscribe(conn, n if n == listen_key else stream_key(n))
        if listen_key is not None:
            self.sim._user_conns.setdefault(listen_key, set()).add(conn)
        try:
            await self._reader(conn)
        finally:
            self._forget(conn)
        return ws

    def _forget(self, conn: Conn) -> None:
        self.conns.discard(conn)
        self._pending.discard(conn)
        for s in conn.streams:
            subs = self.subs.get(s)
            if subs is not None:
                subs.discard(conn)
                if not subs:
                    del self.subs[s]
        if conn.listen_key is not None:
            users = self.sim._user_conns.get(conn.listen_key)
            if users is not None:
                users.discard(conn)

    def _subscribe(self, conn: Conn, name: str) -> None:
        if "@depth" in name and self.venue is not None and name not in conn.streams:
            e = self.venue.engines.get(name.partition("@")[0].upper())
            if e is not None:  # where the stream starts for this client (stale-snapshot faults go before it)
                conn.depth_from[e.spec.symbol] = min(conn.depth_from.get(e.spec.symbol, e.update_id), e.update_id)
        conn.streams.add(name)
        self.subs.setdefault(name, set()).add(conn)

    def _unsubscribe(self, conn: Conn, name: str) -> None:
        conn.streams.discard(name)
        subs = self.subs.get(name)
        if subs is not None:
            subs.discard(conn)
            if not subs:
                del self.subs[name]

    async def _reader(self, conn: Conn) -> None:
        ws = conn.ws
        limit = self.config.max_messages
        while True:
            msg = await ws.receive()
            if msg.type in (WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED, WSMsgType.ERROR):
                return
            now = time.monotonic()
            recent = conn.recent
            recent.append(now)
            while recent and now - recent[0] > 1.0:
                recent.popleft()
            if len(recent) > limit:
                # over the incoming-message limit: the exchange disconnects
                await self._close(conn, 1008, b"Too many requests")
                return
            if msg.type == WSMsgType.PING:
                if not ws.closed:
                    await ws.pong(msg.data)
            elif msg.type == WSMsgType.PONG:
                conn.last_pong = now
            elif msg.type == WSMsgType.TEXT:
                reply = self._control(conn, msg.data)
                if reply is not None and not ws.closed:
                    await ws.send_str(reply.decode())

    def _control(self, conn: Conn, text: str) -> bytes | None:
        try:
            req = _decode(text)
        except msgspec.DecodeError:
            return _encode({"code": 3, "msg": "Invalid JSON: expected value at line 1 column 1"})
        if not isinstance(req, dict):
            return _encode({"code": 3, "msg": "Invalid JSON: expected value at line 1 column 1"})
        rid = req.get("id")
        if "method" not in req:
            return _encode({"code": 2, "msg": "Invalid request: missing field `method` at line 1 column 73"})
        if rid is None or isinstance(rid, bool) or not isinstance(rid, (int, str)) or \
                (isinstance(rid, int) and rid < 0):
            return _encode({"code": 2, "msg": "Invalid request: request ID must be an unsigned integer"})
        method = req["method"]
        params = req.get("params", [])
        if method not in METHODS:
            return _encode({"code": 2, "msg": f"Invalid request: unknown variant `{method}`, expected one of "
                                              "`SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`, `SET_PROPERTY`, "
                                              "`GET_PROPERTY` at line 1 column 28", "id": rid})
        if method in ("SUBSCRIBE", "UNSUBSCRIBE"):
            if not isinstance(params, list) or not all(isinstance(p, str) for p in params):
                return _encode({"code": 2, "msg": "Invalid request: invalid type: expected a sequence of stream "
                                                  "names", "id": rid})
            if method == "SUBSCRIBE":
                new = {stream_key(p) for p in params} - conn.streams
                if len(conn.streams) + len(new) > MAX_STREAMS:
                    return _encode({"code": 2, "msg": f"Invalid request: too many streams; the limit is "
                                                      f"{MAX_STREAMS} per connection", "id": rid})
                for p in params:
                    self._subscribe(conn, stream_key(p))
            else:
                for p in params:
                    self._unsubscribe(conn, stream_key(p))
            return _encode({"result": None, "id": rid})
        if method == "LIST_SUBSCRIPTIONS":
            return _encode({"result": sorted(conn.streams), "id": rid})
        if not isinstance(params, list) or not params or not isinstance(params[0], str):
            return _encode({"code": 2, "msg": "Invalid request: property name must be a string"})
        if params[0] != "combined":
            return _encode({"code": 0, "msg": "Unknown property", "id": rid})
        if method == "GET_PROPERTY":
            return _encode({"result": conn.combined, "id": rid})
        if len(params) != 2 or not isinstance(params[1], bool):
            return _encode({"code": 1, "msg": "Invalid value type: expected Boolean"})
        conn.combined = params[1]
        return _encode({"result": None, "id": rid})

    async def _close(self, conn: Conn, code: int, message: bytes = b"") -> None:
        if conn.closing:
            return
        conn.closing = True
        try:
            await asyncio.wait_for(conn.ws.close(code=code, message=message), 1.0)
        except (asyncio.TimeoutError, ConnectionError, RuntimeError):
            if conn.transport is not None:
                conn.transport.abort()

    def oldest_depth_start(self, symbol: str) -> int | None:
        starts = [c.depth_from[symbol] for c in self.conns if symbol in c.depth_from]
        return min(starts) if starts else None

    def drop_all(self) -> int:
        n = 0
        for conn in list(self.conns):
            if conn.transport is not None:
                conn.transport.abort()
                n += 1
        return n

    async def housekeeping(self) -> None:
        """Once a second: pings, pong timeouts, the connection-age disconnect."""
        cfg = self.config
        faults = self.sim.faults
        stalled = faults.is_stalled(self.product)
        now = time.monotonic()
        max_age = faults.connection_age if faults.connection_age is not None else 86400.0
        for conn in list(self.conns):
            if conn.closing or conn.ws.closed:
                continue
            if now - conn.created >= max_age:
                await self._close(conn, 1000, b"24 hour connection limit")
                continue
            if now - conn.last_pong > cfg.pong_timeout:
                await self._close(conn, 1008, b"Pong timeout")
                continue
            if not stalled and now - conn.last_ping >= cfg.ping_interval:
                conn.last_ping = now
                try:
                    await conn.ws.ping(str(int(time.time() * 1000)).encode())
                except (ConnectionError, RuntimeError):
                    pass

    # -- fan-out ----------------------------------------------------------------------------------------------
    def _emit(self, name: str, payload: bytes) -> None:
        subs = self.subs.get(name)
        if not subs:
            return
        raw = ws_frame(payload)
        wrapped = None
        for conn in subs:
            if conn.combined:
                if wrapped is None:
                    wrapped = ws_frame(b'{"stream":"' + name.encode() + b'","data":' + payload + b"}")
                conn.out.append(wrapped)
            else:
                conn.out.append(raw)
            self._pending.add(conn)

    def flush(self) -> None:
        """Write what each connection got this tick in one go (stalled: keep nothing, send nothing)."""
        if not self._pending:
            return
        if self.sim.faults.is_stalled(self.product):
            for conn in self._pending:
                conn.out.clear()
            self._pending.clear()
            return
        for conn in self._pending:
            t = conn.transport
            out = conn.out
            if t is None or t.is_closing() or conn.closing:
                out.clear()
                continue
            if t.get_write_buffer_size() > WRITE_BUFFER_LIMIT:
                out.clear()
                t.abort()
                continue
            self.messages_sent += len(out)
            t.write(b"".join(out) if len(out) > 1 else out[0])
            out.clear()
        self._pending.clear()

    def send_user_event(self, conn: Conn, event: dict) -> None:
        payload = _encode(event)
        if conn.combined:
            payload = b'{"stream":"' + conn.listen_key.encode() + b'","data":' + payload + b"}"
        conn.out.append(ws_frame(payload))
        self._pending.add(conn)

    def _trade_listener(self, e):
        spec = e.spec
        sym = spec.symbol.lower()
        trade_name = sym + "@trade"
        agg_name = sym + "@aggTrade"
        futures = self.product != "spot"
        ps, qs = spec.price_str, spec.qty_str

        def on_trade(trade, agg=None):
            if trade is not None:
                if trade_name in self.subs:
                    tid, price, qty, t, m = trade
                    ev = {"e": "trade", "E": self.sim.exchange.now(), "s": spec.symbol, "t": tid, "p": ps(price),
                          "q": qs(qty), "T": t, "m": m, "M": True}
                    if futures:
                        ev.pop("M")
                        ev["X"] = "MARKET"
                    self._emit(trade_name, _encode(ev))
            elif agg_name in self.subs:
                ev = {"e": "aggTrade", "E": self.sim.exchange.now(), "s": spec.symbol, "a": agg[0], "p": ps(agg[1]),
                      "q": qs(agg[2]), "f": agg[3], "l": agg[4], "T": agg[5], "m": agg[6], "M": True}
                if futures:
                    ev.pop("M")
                self._emit(agg_name, _encode(ev))
        return on_trade

    def tick(self) -> None:
        """After a market tick: depth diffs and partial books that are due, book tickers, klines, mark price."""
        venue = self.venue
        if venue is None:
            return
        subs = self.subs
        now = self.sim.exchange.now()
        due = venue.due_speeds()
        futures = self.product != "spot"
        taken = self.taken
        taken.clear()
        for sym, e in venue.engines.items():
            low = sym.lower()
            windows = venue.windows[sym]
            for sfx in due:
                win = windows[sfx].take()
                if win is None:
                    continue
                taken[(sym, sfx)] = win
                name = low + "@depth" + sfx
                if name in subs or (futures and sfx == "" and low + "@depth@250ms" in subs):
                    self._depth_event(e, name, win, now)
                if any(low + f"@depth{n}{sfx}" in subs for n in (5, 10, 20)):
                    self._partial_events(e, low, sfx, win, now)
            bname = low + "@bookTicker"
            if bname in subs:
                self._book_ticker(e, bname, now)
            if subs:
                self._klines(e, low, now, venue.tick)
                if venue.tick % (1000 // TICK_MS) == 0 and (low + "@ticker" in subs or low + "@miniTicker" in subs):
                    self._tickers(e, low, now)
                if futures and venue.tick % (1000 // TICK_MS) == 0:
                    self._mark_price(e, low, now, venue.tick)

    def _depth_event(self, e, name: str, win, now: int) -> None:
        U, u, pu, bids, asks = win
        spec = e.spec
        ps, qs = spec.price_str, spec.qty_str
        if self.product == "spot":
            ev = {"e": "depthUpdate", "E": now, "s": spec.symbol, "U": U, "u": u}
        else:
            ev = {"e": "depthUpdate", "E": now, "T": now, "s": spec.symbol}
            if spec.contract_size:
                ev["ps"] = spec.pair
            ev.update({"U": U, "u": u, "pu": pu})
        ev["b"] = [[ps(p), qs(q)] for p, q in sorted(bids.items(), reverse=True)]
        ev["a"] = [[ps(p), qs(q)] for p, q in sorted(asks.items())]
        payload = _encode(ev)
        fault = self.sim.faults.take_depth_fault(self.product, spec.symbol) if self.sim.faults.depth else None
        if fault == "skip":
            return
        held = self._reorder_hold.pop(spec.symbol, None)
        if fault == "reorder":
            self._reorder_hold[spec.symbol] = (name, payload)
            return
        self._emit(name, payload)
        if name.endswith("@depth") and self.product != "spot":
            self._emit(name + "@250ms", payload)
        if held is not None:
            self._emit(held[0], held[1])

    def _partial_events(self, e, low: str, sfx: str, win, now: int) -> None:
        spec = e.spec
        ps, qs = spec.price_str, spec.qty_str
        U, u, pu, _, _ = win
        for n in (5, 10, 20):
            name = f"{low}@depth{n}{sfx}"
            if name not in self.subs:
                continue
            bids, asks = e.depth(n)
            b = [[ps(p), qs(q)] for p, q in bids]
            a = [[ps(p), qs(q)] for p, q in asks]
            if self.product == "spot":
                ev = {"lastUpdateId": u, "bids": b, "asks": a}
            else:
                ev = {"e": "depthUpdate", "E": now, "T": now, "s": spec.symbol}
                if spec.contract_size:
                    ev["ps"] = spec.pair
                ev.update({"U": U, "u": u, "pu": pu, "b": b, "a": a})
            self._emit(name, _encode(ev))

    def _book_ticker(self, e, name: str, now: int) -> None:
        spec = e.spec
        bb, bq, ba, aq = e.best()
        state = (bb, bq, ba, aq)
        key = "bt:" + spec.symbol
        if self._kline_last.get(key) == state:
            return
        self._kline_last[key] = state  # type: ignore[assignment]
        ps, qs = spec.price_str, spec.qty_str
        if self.product == "spot":
            ev = {"u": e.update_id, "s": spec.symbol, "b": ps(bb), "B": qs(bq), "a": ps(ba), "A": qs(aq)}
        elif spec.contract_size:
            ev = {"e": "bookTicker", "u": e.update_id, "s": spec.symbol, "ps": spec.pair, "b": ps(bb), "B": qs(bq),
                  "a": ps(ba), "A": qs(aq), "T": now, "E": now}
        else:
            ev = {"e": "bookTicker", "u": e.update_id, "E": now, "T": now, "s": spec.symbol, "b": ps(bb),
                  "B": qs(bq), "a": ps(ba), "A": qs(aq)}
        self._emit(name, _encode(ev))

    def _klines(self, e, low: str, now: int, tick: int) -> None:
        prefix = low + "@kline_"
        for name in [n for n in self.subs if n.startswith(prefix)]:
            interval = name[len(prefix):]
            if interval not in INTERVAL_MS:
                continue
            start = bucket_start(now, interval)
            last_start = self._kline_last.get(name)
            every = (1000 if interval == "1s" else 2000) // TICK_MS
            if last_start is not None and last_start != start:
                # the previous candle closed: send it final
                ks = e.tape.klines(interval, last_start, last_start, 1, now)
                if ks:
                    self._emit(name, self._kline_payload(e, ks[0], interval, now, True))
            elif tick % every and last_start is not None:
                continue
            self._kline_last[name] = start
            k = e.tape.current_kline(interval, now)
            if k is not None:
                self._emit(name, self._kline_payload(e, k, interval, now, False))

    def _kline_payload(self, e, k, interval: str, now: int, closed: bool) -> bytes:
        from .rest_market import kline_row
        spec = e.spec
        row = kline_row(spec, k, interval)
        kd = {"t": k.open_time, "T": bucket_end(k.open_time, interval), "s": spec.symbol, "i": interval,
              "f": k.first_id, "L": k.last_id, "o": row[1], "c": row[4], "h": row[2], "l": row[3], "v": row[5],
              "n": k.n, "x": closed, "q": row[7], "V": row[9], "Q": row[10], "B": "0"}
        ev: dict[str, Any] = {"e": "kline", "E": now, "s": spec.symbol, "k": kd}
        return _encode(ev)

    def _tickers(self, e, low: str, now: int) -> None:
        from .rest_market import rolling_stats
        st = rolling_stats(self.sim.exchange, self.product, e)
        if low + "@miniTicker" in self.subs:
            ev = {"e": "24hrMiniTicker", "E": now, "s": st["symbol"], "c": st["lastPrice"], "o": st["openPrice"],
                  "h": st["highPrice"], "l": st["lowPrice"], "v": st["volume"],
                  "q": st.get("quoteVolume", st.get("baseVolume"))}
            self._emit(low + "@miniTicker", _encode(ev))
        if low + "@ticker" in self.subs:
            ev = {"e": "24hrTicker", "E": now, "s": st["symbol"], "p": st["priceChange"],
                  "P": st["priceChangePercent"], "w": st["weightedAvgPrice"]}
            if self.product == "spot":
                ev.update({"x": st["prevClosePrice"], "c": st["lastPrice"], "Q": st["lastQty"], "b": st["bidPrice"],
                           "B": st["bidQty"], "a": st["askPrice"], "A": st["askQty"]})
            else:
                ev.update({"c": st["lastPrice"], "Q": st["lastQty"]})
            ev.update({"o": st["openPrice"], "h": st["highPrice"], "l": st["lowPrice"], "v": st["volume"],
                       "q": st.get("quoteVolume", st.get("baseVolume")), "O": st["openTime"], "C": st["closeTime"],
                       "F": st["firstId"], "L": st["lastId"], "n": st["count"]})
            self._emit(low + "@ticker", _encode(ev))

    def _mark_price(self, e, low: str, now: int, tick: int) -> None:
        venue = self.venue
        spec = e.spec
        for name, every_s in ((low + "@markPrice@1s", 1), (low + "@markPrice", 3)):
            if name not in self.subs or tick % (every_s * 1000 // TICK_MS):
                continue
            mark = spec.price_dec(venue.mark_price(spec.symbol))
            index = spec.price_dec(venue.index_price(spec.symbol))
            ev = {"e": "markPriceUpdate", "E": now, "s": spec.symbol, "p": f"{mark:.8f}", "i": f"{index:.8f}",
                  "P": f"{index:.8f}", "r": "0.00010000", "T": (now // 28_800_000 + 1) * 28_800_000}
            self._emit(name, _encode(ev))
