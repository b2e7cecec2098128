"""The simulator's WebSocket API: spot /ws-api/v3, USD-M /ws-fapi/v1, COIN-M /ws-dapi/v1 on the sim's port.

Requests run through the same exchange as REST (the REST route handlers, accounts, matching engine, rate
limiter), after the WebSocket API's own checks: the method and its mandatory params from the docs' table,
apiKey, timestamp/recvWindow, and the signature over the params sorted by name (verified here, independently
of the client's signing code), or an Ed25519 ``session.logon`` after which requests go unsigned.
``userDataStream.subscribe`` (spot) pushes the account's events on the same socket as ``{"event": ...}``.

Mount on the sim's aiohttp app (in ``build_app``, before the app starts; route order does not matter)::

    WsApiServer(sim).mount(app)
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import msgspec
from aiohttp import WSMsgType, web

from ..endpoints.ws_api import ws_lookup, ws_response_example
from .accounts import valid_key_format
from .sbe import sbe_handshake_problem, sbe_ws_reply
from .errors import (AHEAD_OF_SERVER, BAD_KEY_FORMAT, INVALID_SIGNATURE, OUTSIDE_RECV_WINDOW, REJECTED_KEY,
                     SimError, mandatory)
from .routes import Ctx

__all__ = ["WsApiServer", "WS_API_PATHS", "ws_payload"]

log = logging.getLogger("binance_fast.sim.ws_api")

WS_API_PATHS = {"spot": "/ws-api/v3", "usdm": "/ws-fapi/v1", "coinm": "/ws-dapi/v1"}
SIGNED = frozenset({"TRADE", "USER_DATA", "MARGIN", "SIGNED"})
_encode = msgspec.json.Encoder().encode

# WebSocket API method -> the REST route (method, path) that does the same on the exchange
_SPOT_REST = {
    "ping": ("GET", "/api/v3/ping"), "time": ("GET", "/api/v3/time"), "exchangeInfo": ("GET", "/api/v3/exchangeInfo"),
    "depth": ("GET", "/api/v3/depth"), "trades.recent": ("GET", "/api/v3/trades"),
    "trades.historical": ("GET", "/api/v3/historicalTrades"), "trades.aggregate": ("GET", "/api/v3/aggTrades"),
    "klines": ("GET", "/api/v3/klines"), "uiKlines": ("GET", "/api/v3/uiKlines"),
    "avgPrice": ("GET", "/api/v3/avgPrice"), "ticker.24hr": ("GET", "/api/v3/ticker/24hr"),
    "ticker.tradingDay": ("GET", "/api/v3/ticker/tradingDay"), "ticker": ("GET", "/api/v3/ticker"),
    "ticker.price": ("GET", "/api/v3/ticker/price"), "ticker.book": ("GET", "/api/v3/ticker/bookTicker"),
    "order.place": ("POST", "/api/v3/order"), "order.test": ("POST", "/api/v3/order/test"),
    "order.status": ("GET", "/api/v3/order"), "order.cancel": ("DELETE", "/api/v3/order"),
    "order.cancelReplace": ("POST", "/api/v3/order/cancelReplace"),
    "openOrders.status": ("GET", "/api/v3/openOrders"), "openOrders.cancelAll": ("DELETE", "/api/v3/openOrders"),
    "orderList.place": ("POST", "/api/v3/order/oco"), "orderList.place.oco": ("POST", "/api/v3/orderList/oco"),
    "orderList.place.oto": ("POST", "/api/v3/orderList/oto"),
    "orderList.place.otoco": ("POST", "/api/v3/orderList/otoco"),
    "orderList.status": ("GET", "/api/v3/orderList"), "orderList.cancel": ("DELETE", "/api/v3/orderList"),
    "openOrderLists.status": ("GET", "/api/v3/openOrderList"), "sor.order.place": ("POST", "/api/v3/sor/order"),
    "sor.order.test": ("POST", "/api/v3/sor/order/test"), "account.status": ("GET", "/api/v3/account"),
    "account.rateLimits.orders": ("GET", "/api/v3/rateLimit/order"), "allOrders": ("GET", "/api/v3/allOrders"),
    "allOrderLists": ("GET", "/api/v3/allOrderList"), "myTrades": ("GET", "/api/v3/myTrades"),
    "myPreventedMatches": ("GET", "/api/v3/myPreventedMatches"), "myAllocations": ("GET", "/api/v3/myAllocations"),
    "account.commission": ("GET", "/api/v3/account/commission"),
    "order.amendments": ("GET", "/api/v3/order/amendments"),
    "userDataStream.start": ("POST", "/api/v3/userDataStream"),
    "userDataStream.ping": ("PUT", "/api/v3/userDataStream"),
    "userDataStream.stop": ("DELETE", "/api/v3/userDataStream"),
}


def _futures_rest(pre: str, usdm: bool) -> dict[str, tuple[str, str]]:
    key = "listenKey"
    out = {
        "depth": ("GET", f"{pre}/v1/depth"), "ticker.price": ("GET", f"{pre}/v1/ticker/price"),
        "ticker.book": ("GET", f"{pre}/v1/ticker/bookTicker"), "order.place": ("POST", f"{pre}/v1/order"),
        "order.status": ("GET", f"{pre}/v1/order"), "order.cancel": ("DELETE", f"{pre}/v1/order"),
        "userDataStream.start": ("POST", f"{pre}/v1/{key}"), "userDataStream.ping": ("PUT", f"{pre}/v1/{key}"),
        "userDataStream.stop": ("DELETE", f"{pre}/v1/{key}"),
    }
    if usdm:
        out.update({"account.position": ("GET", "/fapi/v2/positionRisk"),
                    "v2/account.position": ("GET", "/fapi/v3/positionRisk"),
                    "account.balance": ("GET", "/fapi/v2/balance"), "v2/account.balance": ("GET", "/fapi/v3/balance"),
                    "account.status": ("GET", "/fapi/v2/account"), "v2/account.status": ("GET", "/fapi/v3/account")})
    else:
        out.update({"account.position": ("GET", "/dapi/v1/positionRisk"),
                    "account.balance": ("GET", "/dapi/v1/balance"), "account.status": ("GET", "/dapi/v1/account")})
    return out


REST_OF = {"spot": _SPOT_REST, "usdm": _futures_rest("/fapi", True), "coinm": _futures_rest("/dapi", False)}


def ws_payload(params: dict[str, Any]) -> bytes:
    """The WebSocket API signature payload: every param but ``signature``, sorted by name, ``k=v`` by ``&``.

    Values as their JSON text would read unquoted: strings as is, booleans true/false, numbers as written.
    """
    parts = []
    for k in sorted(params):
        if k == "signature":
            continue
        parts.append(f"{k}={_text(params[k])}")
    return "&".join(parts).encode()


def _text(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return v
    if isinstance(v, (list, dict)):
        return json.dumps(v, separators=(",", ":"))
    if v is None:
        return ""
    return str(v)


class _Conn:
    """One WebSocket API connection: its socket, product, logged-on key, user-data subscription, send queue."""

    __slots__ = ("ws", "product", "request", "api_key", "subscribed", "queue", "connected_since", "authorized_since",
                 "return_rate_limits", "writer", "sbe")

    def __init__(self, ws: web.WebSocketResponse, product: str, request: web.Request, return_rate_limits: bool):
        self.ws = ws
        self.product = product
        self.request = request
        self.api_key = None
        self.subscribed = None  # the Account whose events this socket gets
        self.queue: asyncio.Queue[bytes | None] = asyncio.Queue()
        self.connected_since = int(time.time() * 1000)
        self.authorized_since: int | None = None
        self.return_rate_limits = return_rate_limits
        self.writer: asyncio.Task | None = None
        self.sbe = False  # responseFormat=sbe: every answer a binary WebSocketResponse (schema 3:4)

    def send(self, data: bytes) -> None:
        self.queue.put_nowait(data)


class WsApiServer:
    """The WebSocket API endpoints of one Simulator."""

    def __init__(self, sim):
        self.sim = sim
        self.conns: set[_Conn] = set()
        self.requests_served = 0
        # faults: refuse new connections (503 at the handshake); run requests but lose their replies
        self.refuse_connections = False
        self.lose_replies = 0
        self.custom: dict[tuple[str, str], Callable[[Ctx], Any]] = {
            ("spot", "order.amend.keepPriority"): amend_keep_priority,
            ("usdm", "order.modify"): futures_modify, ("coinm", "order.modify"): futures_modify,
        }
        sim.ws_api = self
        exchange = sim.exchange
        publish = exchange.publish

        def fan_out(account, product, event, _inner=publish):
            _inner(account, product, event)
            self.publish(account, product, event)
        exchange.publish = fan_out

    def mount(self, app: web.Application) -> None:
        """Serve the WebSocket API paths on ``app`` (a middleware: it works wherever the catch-all route is)."""
        handlers = {path: self._handler(product) for product, path in WS_API_PATHS.items()}

        @web.middleware
        async def ws_api(request: web.Request, handler):
            h = handlers.get(request.path)
            if h is not None and request.method == "GET":
                return await h(request)
            return await handler(request)
        app.middlewares.append(ws_api)

    def url(self, product: str = "spot") -> str:
        return f"ws://{self.sim.host}:{self.sim.port}{WS_API_PATHS[product]}"

    def drop_all(self, product: str | None = None) -> int:
        """Kill every WebSocket API connection (of one product): a fault for reconnect tests."""
        n = 0
        for c in list(self.conns):
            if product in (None, c.product):
                n += 1
                c.queue.put_nowait(None)
                transport = c.request.transport
                if transport is not None:
                    transport.abort()
        return n

    # -- user data ----------------------------------------------------------------------------------------------
    def publish(self, account, product: str, event: dict) -> None:
        if product != "spot":
            return
        frame = None
        for c in self.conns:
            if c.subscribed is account and c.product == "spot" and not c.sbe:  # SBE user-data events: not modelled
                if frame is None:
                    frame = _encode({"subscriptionId": 0, "event": event})
                c.send(frame)

    # -- connections --------------------------------------------------------------------------------------------
    def _handler(self, product: str):
        async def handle(request: web.Request) -> web.StreamResponse:
            if self.refuse_connections:
                return web.Response(status=503, text="Service Unavailable")
            formats = request.query.getall("responseFormat", [])
            sbe = "sbe" in formats
            if sbe:  # the FAQ's handshake rules; handshake errors are JSON
                problem = sbe_handshake_problem(product, formats, request.query)
                if problem is not None:
                    return web.json_response({"code": problem[0], "msg": problem[1]}, status=400)
            ws = web.WebSocketResponse(heartbeat=None, autoping=True, max_msg_size=1 << 20)
            await ws.prepare(request)
            rrl = request.query.get("returnRateLimits", "true") != "false"
            conn = _Conn(ws, product, request, rrl)
            conn.sbe = sbe
            conn.writer = asyncio.ensure_future(self._write(conn))
            self.conns.add(conn)
            try:
                async for msg in ws:
                    if msg.type == WSMsgType.TEXT:
                        reply = await self.answer(conn, msg.data)
                        if conn.sbe:
                            reply = sbe_ws_reply(msg.data, reply, REST_OF["spot"])
                        if self.lose_replies > 0:
                            self.lose_replies -= 1  # executed; the answer never leaves (unknown outcome)
                            continue
                        conn.send(reply)
                    elif msg.type == WSMsgType.BINARY:
                        conn.send(_encode({"id": None, "status": 400, "error": {
                            "code": -1000, "msg": "Binary frames are not supported; send JSON in text frames."}}))
                    else:
                        break
            finally:
                self.conns.discard(conn)
                conn.queue.put_nowait(None)
                try:
                    await asyncio.wait_for(conn.writer, 1.0)
                except (asyncio.TimeoutError, Exception):
                    conn.writer.cancel()
            return ws
        return handle

    @staticmethod
    async def _write(conn: _Conn) -> None:
        ws = conn.ws
        while True:
            data = await conn.queue.get()
            if data is None or ws.closed:
                return
            try:
                await (ws.send_bytes(data) if conn.sbe else ws.send_str(data.decode()))
            except Exception:  # the peer went away
                return

    # -- one request --------------------------------------------------------------------------------------------
    async def answer(self, conn: _Conn, text: str) -> bytes:
        self.requests_served += 1
        try:
            req = json.loads(text)
        except ValueError:
            return _encode({"id": None, "status": 400, "error": {"code": -1000, "msg": "Invalid JSON"}})
        if not isinstance(req, dict) or "method" not in req:
            return _encode({"id": req.get("id") if isinstance(req, dict) else None, "status": 400,
                            "error": {"code": -1000, "msg": "Invalid request: 'method' is missing"}})
        rid = req.get("id")
        params = req.get("params") or {}
        rate_limits: list[dict] = []
        # returnRateLimits is a param like any other (signed with the rest); it only shapes the answer
        want_limits = params.get("returnRateLimits", conn.return_rate_limits) if isinstance(params, dict) else True
        try:
            if not isinstance(params, dict):
                raise SimError(-1000, "Invalid request: 'params' must be an object")
            result = await self._run(conn, str(req["method"]), params, rate_limits)
        except SimError as err:
            body: dict[str, Any] = {"code": err.code, "msg": err.msg}
            if err.status in (418, 429):
                ra = err.headers.get("Retry-After")
                now = self.sim.exchange.now()
                body["data"] = {"serverTime": now, "retryAfter": now + int(float(ra or 1) * 1000)}
            out = {"id": rid, "status": err.status, "error": body}
            if want_limits and rate_limits:
                out["rateLimits"] = rate_limits
            return _encode(out)
        except Exception:  # a simulator bug: answer like the exchange's backend failure, and log it
            log.exception("WebSocket API request failed: %s", str(req.get("method"))[:64])
            return _encode({"id": rid, "status": 500, "error": {"code": -1000, "msg": "An unknown error occurred "
                                                                 "while processing the request."}})
        out = {"id": rid, "status": 200, "result": result}
        if want_limits:
            out["rateLimits"] = rate_limits
        return _encode(out)

    async def _run(self, conn: _Conn, method: str, params: dict[str, Any], rate_limits: list[dict]) -> Any:
        product = conn.product
        record = ws_lookup(product, method)
        if record is None:
            raise SimError(-1020, f"Unsupported method {method!r}.")
        sim = self.sim
        group = product
        ip = conn.request.remote or "127.0.0.1"
        headers = sim.limiter.charge(group, ip, record.weight.weight(params))
        rate_limits.append(_weight_limit(sim, group, headers))
        key = self._authorize(conn, record, params)
        missing = record.missing(params)
        if missing:
            if " or " in missing[0]:
                a, b = missing[0].split(" or ", 1)
                raise SimError(-1102, f"Param '{b}' or '{a}' must be sent, but both were empty/null!")
            raise mandatory(missing[0])
        rest = REST_OF[product].get(method)
        route = sim.dispatcher.routes.get(rest) if rest else None
        counts_order = route.order if route is not None else bool(record.order_weight)
        if counts_order and key is not None:
            rate_limits.extend(_order_limits(sim, group, sim.limiter.count_order(group, key.account.uid)))
        # the WebSocket API's own methods
        if method == "session.logon":
            conn.api_key = key
            conn.authorized_since = sim.exchange.now()
            return self._session(conn)
        if method == "session.status":
            return self._session(conn)
        if method == "session.logout":
            conn.api_key = None
            conn.authorized_since = None
            conn.subscribed = None
            return self._session(conn)
        if method == "userDataStream.subscribe":
            if conn.api_key is None:
                raise SimError(-2015, "Invalid API-key, IP, or permissions for action.", status=401)
            conn.subscribed = conn.api_key.account
            return {} if product != "spot" else {"subscriptionId": 0}
        if method == "userDataStream.unsubscribe":
            conn.subscribed = None
            return {}
        text_params = {k: _text(v) for k, v in params.items() if k != "returnRateLimits"}
        custom = self.custom.get((product, method))
        ctx = Ctx(sim, route, text_params, conn.request) if route is not None else _BareCtx(sim, product,
                                                                                            text_params)
        if key is not None:
            ctx.api_key = key
            ctx.account = key.account
        if custom is not None:
            return custom(ctx)
        if route is None:
            example = ws_response_example(product, method)
            return example.get("result") if isinstance(example, dict) else {}
        result = route.handler(ctx)
        if asyncio.iscoroutine(result):
            result = await result
        return result

    def _session(self, conn: _Conn) -> dict:
        return {"apiKey": conn.api_key.api_key if conn.api_key else None,
                "authorizedSince": conn.authorized_since, "connectedSince": conn.connected_since,
                "returnRateLimits": conn.return_rate_limits, "serverTime": self.sim.exchange.now(),
                "userDataStream": conn.subscribed is not None}

    def _authorize(self, conn: _Conn, record, params: dict[str, Any]):
        """The ApiKey a request acts for (None for public ones), after the docs' checks."""
        security = record.security
        if security not in SIGNED and security != "USER_STREAM":
            return None
        api_key = params.get("apiKey")
        if api_key is None:
            if conn.api_key is not None and record.method != "session.logon":
                key = conn.api_key
                if security in SIGNED:
                    self._check_time(params)
                return key
            raise mandatory("apiKey")
        if not isinstance(api_key, str) or not valid_key_format(api_key):
            raise SimError(*BAD_KEY_FORMAT, status=401)
        key = self.sim.exchange.accounts.get(api_key)
        if key is None:
            raise SimError(*REJECTED_KEY, status=401)
        if security in SIGNED:
            self._check_time(params)
            signature = params.get("signature")
            if not signature or not isinstance(signature, str):
                raise mandatory("signature")
            if not key.verify(ws_payload(params), signature):
                raise SimError(*INVALID_SIGNATURE)
            if record.method == "session.logon" and key.key_type != "ED25519":
                raise SimError(-4056, f"{key.key_type} API key is not supported for session.logon; use Ed25519.")
            if security == "TRADE" and not key.can_trade:
                raise SimError(*REJECTED_KEY, status=401)
        return key

    def _check_time(self, params: dict[str, Any]) -> None:
        ts = params.get("timestamp")
        if ts is None or isinstance(ts, bool):
            raise mandatory("timestamp")
        try:
            ts_ms = int(ts)
        except (TypeError, ValueError):
            raise mandatory("timestamp") from None
        if ts_ms > 10**14:
            ts_ms //= 1000
        window = params.get("recvWindow", 5000)
        try:
            window = float(window)
        except (TypeError, ValueError):
            raise mandatory("recvWindow") from None
        if window > 60000 or window <= 0:
            raise SimError(-1131, "recvWindow must be less than 60000")
        now = self.sim.exchange.now()
        if ts_ms > now + 1000:
            raise SimError(*AHEAD_OF_SERVER)
        if now - ts_ms > window:
            raise SimError(*OUTSIDE_RECV_WINDOW)


class _BareCtx(Ctx):
    """A Ctx for methods without a REST twin (no route)."""

    def __init__(self, sim, product: str, params: dict):
        self.sim = sim
        self.route = None  # type: ignore[assignment]
        self.product = product
        self.params = params
        self.account = None
        self.api_key = None
        self.headers = {}
        self.request = None  # type: ignore[assignment]


def _weight_limit(sim, group: str, headers: dict[str, str]) -> dict:
    limit = sim.limiter._weight_limit(group)
    return {"rateLimitType": "REQUEST_WEIGHT", "interval": "MINUTE", "intervalNum": 1, "limit": limit,
            "count": int(headers.get("X-MBX-USED-WEIGHT-1M", 0))}


def _order_limits(sim, group: str, headers: dict[str, str]) -> list[dict]:
    lim = sim.limiter.limits
    out = []
    for name, value in headers.items():
        suffix = name.rsplit("-", 1)[-1]
        interval, num = {"10S": ("SECOND", 10), "1D": ("DAY", 1), "1M": ("MINUTE", 1)}.get(suffix, ("MINUTE", 1))
        if group == "spot":
            limit = lim.spot_orders_per_10s if suffix == "10S" else lim.spot_orders_per_day
        else:
            limit = lim.futures_orders_per_10s if suffix == "10S" else lim.futures_orders_per_minute
        out.append({"rateLimitType": "ORDERS", "interval": interval, "intervalNum": num, "limit": limit,
                    "count": int(value)})
    return out


# -- methods with no REST twin in the simulator -------------------------------------------------------------------
def _open_order(ctx: Ctx):
    trader = ctx.trader()
    e = trader.engine(ctx.get("symbol"))
    o = trader.find(e.spec.symbol, ctx.get("orderId"), ctx.get("origClientOrderId"))
    if o is None or o.status not in ("NEW", "PARTIALLY_FILLED"):
        raise SimError(-2013, "Order does not exist.")
    return trader, e, o


def amend_keep_priority(ctx: Ctx) -> dict:
    """order.amend.keepPriority: lower a resting spot order's quantity in place, priority kept."""
    trader, e, o = _open_order(ctx)
    spec = e.spec
    new_qty = trader._qty(spec, ctx.need("newQty"))
    if new_qty >= o.qty:
        raise SimError(-2038, "Order amend (quantity increase) is not supported.")
    if new_qty <= o.executed:
        raise SimError(-2038, "Order amend would leave no quantity; cancel the order instead.")
    freed = spec.qty_dec(o.qty - new_qty)
    if o.on_book:
        e.reduce_resting(o, new_qty)
    else:
        o.qty = new_qty
    o.update_time = e.clock()
    # release what the lower quantity no longer needs locked
    if o.side == "BUY" and o.extra.get("locked_price") is not None:
        bal, amount = trader.account.spot_balance(spec.quote), o.extra["locked_price"] * freed
    else:
        bal, amount = trader.account.spot_balance(spec.base), freed
    bal[1] -= amount
    bal[0] += amount
    trader._changed.add(spec.quote if o.side == "BUY" else spec.base)
    trader.exec_id += 1
    trader._report(spec, o, "REPLACED", None, Decimal(0), None, False)
    trader._flush_balances()
    amended = trader.order_json(spec, o, "RESULT")
    amended.update(origClientOrderId=o.client_order_id, qty=spec.qty_str(o.qty), preventedQuantity="0.00000000")
    return {"transactTime": o.update_time, "executionId": trader.exec_id, "amendedOrder": amended}


def futures_modify(ctx: Ctx) -> dict:
    """order.modify: new price and quantity of a resting futures LIMIT order (priority lost on a price change)."""
    trader, e, o = _open_order(ctx)
    spec = e.spec
    if o.type != "LIMIT":
        raise SimError(-4000, "Only LIMIT orders can be modified.")
    side = ctx.need("side")
    if side != o.side:
        raise SimError(-4000, "side does not match the order.")
    qty = trader._qty(spec, ctx.need("quantity"))
    price = trader._price(spec, ctx.need("price"))
    if qty <= o.executed:
        raise SimError(-4000, "Quantity less than or equal to the executed quantity.")
    if o.on_book:
        e._unrest(o)
    o.price, o.qty = price, qty
    o.update_time = e.clock()
    o.extra["amended"] = o.extra.get("amended", 0) + 1
    if o.owner is not None:
        o.owner.order_event(e, o, "AMENDMENT", None)
    e._match(o, price, o.update_time)
    if o.remaining > 0:
        e._rest(o)
    return trader.order_json(spec, o)
