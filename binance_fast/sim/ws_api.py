"""The WebSocket API (/ws-api/v3 spot, /ws-fapi/v1 USD-M): requests mapped onto the REST routes, same checks.

Signed requests are verified on the docs' WebSocket payload: every param but ``signature``, sorted by name,
``key=value`` joined by ``&``, values exactly as written in the request JSON. ``session.logon`` authenticates
the connection so later requests may omit apiKey / signature.
"""

from __future__ import annotations

import json
from typing import Any

import msgspec
from aiohttp import WSMsgType, web

from .errors import SimError, mandatory
from .routes import KEYED, SIGNED, Ctx, check_security
from .streams import ws_frame

_encode = msgspec.json.Encoder().encode

SPOT_METHODS: dict[str, tuple[str, str]] = {
    "ping": ("GET", "/api/v3/ping"), "time": ("GET", "/api/v3/time"),
    "exchangeInfo": ("GET", "/api/v3/exchangeInfo"), "depth": ("GET", "/api/v3/depth"),
    "trades.recent": ("GET", "/api/v3/trades"), "trades.historical": ("GET", "/api/v3/historicalTrades"),
    "trades.aggregate": ("GET", "/api/v3/aggTrades"), "klines": ("GET", "/api/v3/klines"),
    "uiKlines": ("GET", "/api/v3/uiKlines"), "avgPrice": ("GET", "/api/v3/avgPrice"),
    "ticker.24hr": ("GET", "/api/v3/ticker/24hr"), "ticker.price": ("GET", "/api/v3/ticker/price"),
    "ticker.book": ("GET", "/api/v3/ticker/bookTicker"), "ticker": ("GET", "/api/v3/ticker"),
    "order.place": ("POST", "/api/v3/order"), "order.test": ("POST", "/api/v3/order/test"),
    "order.status": ("GET", "/api/v3/order"), "order.cancel": ("DELETE", "/api/v3/order"),
    "openOrders.status": ("GET", "/api/v3/openOrders"), "openOrders.cancelAll": ("DELETE", "/api/v3/openOrders"),
    "allOrders": ("GET", "/api/v3/allOrders"), "myTrades": ("GET", "/api/v3/myTrades"),
    "account.status": ("GET", "/api/v3/account"), "account.commission": ("GET", "/api/v3/account/commission"),
    "userDataStream.start": ("POST", "/api/v3/userDataStream"),
    "userDataStream.ping": ("PUT", "/api/v3/userDataStream"),
    "userDataStream.stop": ("DELETE", "/api/v3/userDataStream"),
}
USDM_METHODS: dict[str, tuple[str, str]] = {
    "depth": ("GET", "/fapi/v1/depth"), "ticker.price": ("GET", "/fapi/v2/ticker/price"),
    "ticker.book": ("GET", "/fapi/v1/ticker/bookTicker"), "order.place": ("POST", "/fapi/v1/order"),
    "order.cancel": ("DELETE", "/fapi/v1/order"), "order.status": ("GET", "/fapi/v1/order"),
    "account.position": ("GET", "/fapi/v2/positionRisk"), "v2/account.position": ("GET", "/fapi/v2/positionRisk"),
    "account.balance": ("GET", "/fapi/v2/balance"), "v2/account.balance": ("GET", "/fapi/v2/balance"),
    "account.status": ("GET", "/fapi/v2/account"), "v2/account.status": ("GET", "/fapi/v2/account"),
    "userDataStream.start": ("POST", "/fapi/v1/listenKey"), "userDataStream.ping": ("PUT", "/fapi/v1/listenKey"),
    "userDataStream.stop": ("DELETE", "/fapi/v1/listenKey"),
}
SESSION_METHODS = ("session.logon", "session.status", "session.logout", "userDataStream.subscribe",
                   "userDataStream.unsubscribe")


def ws_payload(params: dict[str, str]) -> bytes:
    """The docs' WebSocket API signature payload."""
    return "&".join(f"{k}={params[k]}" for k in sorted(params) if k != "signature").encode()


def _wire(v: Any) -> str:
    if isinstance(v, str):
        return v
    if v is True:
        return "true"
    if v is False:
        return "false"
    return json.dumps(v, separators=(",", ":"))


class WsApi:
    """One product's WebSocket API endpoint."""

    def __init__(self, sim, product: str):
        self.sim = sim
        self.product = product
        self.methods = SPOT_METHODS if product == "spot" else USDM_METHODS
        # account id -> transports of connections subscribed to its user data (userDataStream.subscribe)
        self.user_subs: dict[int, set] = {}

    def push(self, account, event: dict) -> None:
        """A user-data event to every connection subscribed for ``account``: ``{"event": {...}}``."""
        subs = self.user_subs.get(id(account))
        if not subs:
            return
        frame = ws_frame(_encode({"event": event}))
        for t in list(subs):
            if t.is_closing():
                subs.discard(t)
            else:
                t.write(frame)

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(compress=False, max_msg_size=1 << 20)
        await ws.prepare(request)
        session: dict[str, Any] = {"key": None, "since": self.sim.exchange.now(), "transport": request.transport,
                                   "subscribed": None}
        remote = request.remote or "127.0.0.1"
        try:
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    continue
                await ws.send_str(self.answer(msg.data, session, remote).decode())
        finally:
            self._unsubscribe(session)
        return ws

    def _unsubscribe(self, session: dict) -> None:
        acc = session.get("subscribed")
        if acc is not None:
            self.user_subs.get(id(acc), set()).discard(session["transport"])
            session["subscribed"] = None

    def answer(self, text: str, session: dict, remote: str) -> bytes:
        try:
            req = json.loads(text, parse_float=str, parse_int=str)  # values signed as written
        except ValueError:
            return _encode({"id": None, "status": 400,
                            "error": {"code": -1100, "msg": "Illegal characters found in parameter 'request'; the "
                                      "request is not valid JSON."}})
        rid = req.get("id") if isinstance(req, dict) else None
        if isinstance(rid, str) and rid.isdigit() and not isinstance(json.loads(text).get("id"), str):
            rid = int(rid)  # parse_int=str read a numeric id as text: answer it as the number it was
        headers: dict[str, str] = {}
        try:
            if not isinstance(req, dict) or "method" not in req:
                raise mandatory("method")
            raw = req.get("params") or {}
            if not isinstance(raw, dict):
                raise SimError(-1100, "Illegal characters found in parameter 'params'.")
            params = {k: _wire(v) for k, v in raw.items()}
            method = req["method"]
            if method in SESSION_METHODS:
                result = self._session(method, params, session)
            else:
                result = self._call(method, params, session, remote, headers)
            status = 200
            body: dict[str, Any] = {"id": rid, "status": status, "result": result}
        except SimError as err:
            headers.update(err.headers)
            body = {"id": rid, "status": err.status, "error": {"code": err.code, "msg": err.msg}}
        body["rateLimits"] = self._rate_limits(headers)
        return _encode(body)

    def _rate_limits(self, headers: dict[str, str]) -> list[dict]:
        lim = self.sim.limiter.limits
        spot = self.product == "spot"
        out = []
        used = headers.get("X-MBX-USED-WEIGHT-1M")
        if used is not None:
            out.append({"rateLimitType": "REQUEST_WEIGHT", "interval": "MINUTE", "intervalNum": 1,
                        "limit": lim.spot_weight_per_minute if spot else lim.futures_weight_per_minute,
                        "count": int(used)})
        for name, interval, num, limit in (("10S", "SECOND", 10, lim.spot_orders_per_10s if spot
                                            else lim.futures_orders_per_10s),
                                           ("1D", "DAY", 1, lim.spot_orders_per_day),
                                           ("1M", "MINUTE", 1, lim.futures_orders_per_minute)):
            n = headers.get(f"X-MBX-ORDER-COUNT-{name}")
            if n is not None:
                out.append({"rateLimitType": "ORDERS", "interval": interval, "intervalNum": num, "limit": limit,
                            "count": int(n)})
        return out

    def _session(self, method: str, params: dict, session: dict) -> dict:
        now = self.sim.exchange.now()
        if method == "userDataStream.subscribe":
            if session["key"] is None:
                raise SimError(-1002, "You are not authorized to execute this request.", 401)
            self._unsubscribe(session)
            session["subscribed"] = session["key"].account
            self.user_subs.setdefault(id(session["subscribed"]), set()).add(session["transport"])
            return {}
        if method == "userDataStream.unsubscribe":
            self._unsubscribe(session)
            return {}
        if method == "session.logon":
            key = check_security(self.sim, "USER_DATA", params.get("apiKey"), params, ws_payload(params),
                                 params.get("signature", ""))
            session["key"] = key
            session["authorized"] = now
        elif method == "session.logout":
            session["key"] = None
        key = session["key"]
        return {"apiKey": key.api_key if key else None, "authorizedSince": session.get("authorized") if key else None,
                "connectedSince": session["since"], "returnRateLimits": True, "serverTime": now,
                "userDataStream": session.get("subscribed") is not None}

    def _call(self, method: str, params: dict, session: dict, remote: str, headers: dict) -> Any:
        target = self.methods.get(method)
        route = self.sim.dispatcher.routes.get(target) if target else None
        if route is None:
            raise SimError(-1100, f"Illegal characters found in parameter 'method'; '{method}' is not a method of "
                                  "this API.", 400)
        sim = self.sim
        group = "spot" if self.product == "spot" else "usdm"
        headers.update(sim.limiter.charge(group, remote, route.weight_for(params)))
        ctx = Ctx(sim, route, params, None)
        if route.security in KEYED:
            key = session["key"]
            if key is not None and "signature" not in params and params.get("apiKey") in (None, key.api_key):
                pass  # an authenticated session needs neither apiKey nor signature
            else:
                key = check_security(sim, route.security if route.security in SIGNED else "USER_STREAM",
                                     params.get("apiKey"), params, ws_payload(params), params.get("signature", ""))
            ctx.api_key = key
            ctx.account = key.account
        for name in route.mandatory:
            if not params.get(name):
                raise mandatory(name)
        if route.order and ctx.account is not None:
            headers.update(sim.limiter.count_order(group, ctx.account.uid))
        result = route.handler(ctx)
        if route.path.endswith("/userDataStream") and route.method == "PUT":
            return {}
        return result
