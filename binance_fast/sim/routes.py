"""The REST dispatcher: one route table, and the checks every call goes through (weight, key, signature, time)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, unquote

import msgspec
from aiohttp import web

from .accounts import valid_key_format
from .errors import (AHEAD_OF_SERVER, BAD_KEY_FORMAT, INVALID_SIGNATURE, OUTSIDE_RECV_WINDOW, REJECTED_KEY,
                     SimError, mandatory)
from .sbe import SBE_MESSAGES, encode_result, negotiate, sbe_error, sbe_response

log = logging.getLogger("binance_fast.sim")

SIGNED = frozenset({"TRADE", "USER_DATA", "MARGIN"})
KEYED = frozenset({"TRADE", "USER_DATA", "MARGIN", "USER_STREAM", "MARKET_DATA"})
ORDER_METHODS = ("POST",)
_encode = msgspec.json.Encoder().encode


def product_of(path: str) -> str:
    """The product whose host serves ``path`` (the sim serves them all on one port)."""
    if path.startswith("/fapi/") or path.startswith("/futures/"):
        return "usdm"
    if path.startswith("/dapi/"):
        return "coinm"
    if path.startswith("/eapi/"):
        return "options"
    if path.startswith("/papi/"):
        return "pm"
    return "spot"


@dataclass
class Route:
    """One endpoint the simulator answers."""

    product: str
    method: str
    path: str
    security: str
    handler: Callable[["Ctx"], Any]
    weight: int | Callable[[dict], int] = 1
    mandatory: tuple[str, ...] = ()
    order: bool = False  # counts towards the order-rate limits
    needs_symbol: bool = False
    example: Any = None  # generic routes: the docs' response example

    def weight_for(self, params: dict) -> int:
        w = self.weight
        return w(params) if callable(w) else w


class Ctx:
    """One request as handlers see it."""

    __slots__ = ("sim", "route", "product", "params", "account", "api_key", "headers", "request")

    def __init__(self, sim, route: Route, params: dict, request: web.Request):
        self.sim = sim
        self.route = route
        self.product = route.product
        self.params = params
        self.account = None
        self.api_key = None
        self.headers: dict[str, str] = {}
        self.request = request

    def get(self, name: str) -> str | None:
        v = self.params.get(name)
        return v if v != "" else None

    def need(self, name: str) -> str:
        v = self.params.get(name)
        if v is None or v == "":
            raise mandatory(name)
        return v

    def int(self, name: str, default: int | None = None, lo: int | None = None, hi: int | None = None):
        v = self.get(name)
        if v is None:
            return default
        try:
            n = int(v)
        except ValueError:
            raise SimError(-1100, f"Illegal characters found in parameter '{name}'; legal range is "
                                  "'^[0-9]{1,20}$'.") from None
        if (lo is not None and n < lo) or (hi is not None and n > hi):
            raise SimError(-1130, f"Data sent for parameter '{name}' is not valid.")
        return n

    @property
    def exchange(self):
        return self.sim.exchange

    def trader(self):
        return self.sim.exchange.trader(self.account, self.product)


def _parse(raw: str) -> list[tuple[str, str]]:
    return parse_qsl(raw, keep_blank_values=True) if raw else []


def _strip_signature(raw: str) -> tuple[str, str | None]:
    """The raw string without its ``signature=`` part (the signed payload), and the signature value."""
    if "signature=" not in raw:
        return raw, None
    parts = raw.split("&")
    sig = None
    kept = []
    for part in parts:
        if part.startswith("signature="):
            sig = unquote(part[10:])
        else:
            kept.append(part)
    return "&".join(kept), sig


class Dispatcher:
    """Looks a call up in the route table and runs the exchange's checks before its handler."""

    def __init__(self, sim):
        self.sim = sim
        self.routes: dict[tuple[str, str], Route] = {}
        self.fallback: Callable[[str, str], Route | None] | None = None

    def add(self, route: Route, *, replace: bool = True) -> None:
        key = (route.method, route.path)
        if replace or key not in self.routes:
            self.routes[key] = route

    def json(self, data: Any, status: int = 200, headers: dict | None = None) -> web.Response:
        return web.Response(body=_encode(data), status=status, headers=headers,
                            content_type="application/json")

    def error(self, err: SimError, headers: dict | None = None) -> web.Response:
        h = dict(headers or {})
        h.update(err.headers)
        return self.json({"code": err.code, "msg": err.msg}, err.status, h)

    async def __call__(self, request: web.Request) -> web.StreamResponse:
        method = request.method
        path = request.path
        route = self.routes.get((method, path))
        if route is None and self.fallback is not None:
            route = self.fallback(method, path)
        if route is None:
            return self.json({"code": -5000, "msg": f"Path {path}, Method {method} is invalid"}, 404)
        sim = self.sim
        sbe = None
        accept = request.headers.get("Accept")
        if accept is not None and "sbe" in accept:
            mode, problem = negotiate(request.headers)
            if mode == "sbe-error":
                return sbe_error(*problem, now_ms=sim.exchange.now())
            if mode != "json":
                sbe = mode
        if sbe is not None:
            return await self._sbe_call(request, route, sbe)
        return await self._call(request, route)

    async def _sbe_call(self, request: web.Request, route: Route, mode: str) -> web.StreamResponse:
        """The call answered as SBE 3:4: the encodable answers as their message, every error as ErrorResponse."""
        if route.path not in SBE_MESSAGES:
            if mode == "sbe-or-json":
                return await self._call(request, route)
            # no SBE form of this answer in the simulator: as an exchange with SBE off for it (FAQ: 406)
            return self.json({"code": -1155, "msg": f"SBE is not enabled for {route.path} in the simulator."},
                             406)
        resp = await self._call(request, route)
        if resp.status >= 400 and resp.content_type == "application/json" and isinstance(resp, web.Response):
            try:
                err = msgspec.json.decode(resp.body)
                code, msg = int(err["code"]), str(err["msg"])
            except (msgspec.DecodeError, KeyError, TypeError, ValueError):
                return resp
            return sbe_error(resp.status, code, msg, dict(resp.headers), now_ms=self.sim.exchange.now())
        if resp.status == 200 and isinstance(resp, web.Response) and resp.content_type == "application/json":
            return sbe_response(encode_result(route.path, msgspec.json.decode(resp.body)), 200, dict(resp.headers))
        return resp

    async def _call(self, request: web.Request, route: Route) -> web.StreamResponse:
        method = request.method
        path = request.path
        sim = self.sim
        faults = sim.faults
        fault = faults.take_rest_fault(method, path) if faults.rest else None
        if fault is not None and not fault.after_execute:
            resp = await self._fault(fault, request)
            if resp is not None:
                return resp
        raw_query = request.raw_path.partition("?")[2]  # as received: yarl's query_string is decoded
        raw_body = ""
        if request.body_exists:
            raw_body = (await request.read()).decode("utf-8", "replace")
        pairs = _parse(raw_query) + _parse(raw_body)
        params: dict[str, str] = {}
        for k, v in pairs:
            if k in params:
                return self.error(SimError(-1101, "Duplicate values for a parameter detected."))
            params[k] = v
        ctx = Ctx(sim, route, params, request)
        headers = ctx.headers
        try:
            group = product_of(path)  # limits count per host: /sapi shares the spot host's
            headers.update(sim.limiter.charge(group, request.remote or "127.0.0.1", route.weight_for(params)))
            self._authorize(ctx, request, raw_query, raw_body)
            for name in route.mandatory:
                if not params.get(name):
                    raise mandatory(name)
            if route.order and ctx.account is not None:
                headers.update(sim.limiter.count_order(group, ctx.account.uid))
            result = route.handler(ctx)
            if asyncio.iscoroutine(result):
                result = await result
        except SimError as err:
            return self.error(err, headers)
        except Exception:  # a simulator bug: answer like the exchange's internal error, and say it in the log
            log.exception("simulator error in %s %s", method, path)
            return self.json({"code": -1000, "msg": "An unknown error occurred while processing the request."},
                             500, headers)
        if fault is not None:
            resp = await self._fault(fault, request)
            if resp is not None:
                return resp
        if isinstance(result, web.StreamResponse):
            return result
        return web.Response(body=_encode(result), headers=headers, content_type="application/json")

    async def _fault(self, fault, request: web.Request) -> web.StreamResponse | None:
        if fault.timeout:
            await asyncio.sleep(fault.delay)
            if request.transport is not None:
                request.transport.abort()
            raise asyncio.CancelledError()
        if fault.delay:
            await asyncio.sleep(fault.delay)
        if fault.status and fault.status >= 400:
            if fault.status >= 500:
                body = {"code": -1007, "msg": "Timeout waiting for response from backend server. Send status "
                                              "unknown; execution status unknown."}
            else:
                body = {"code": -1000, "msg": "An unknown error occurred while processing the request."}
            return self.json(body, fault.status)
        return None

    def _authorize(self, ctx: Ctx, request: web.Request, raw_query: str, raw_body: str) -> None:
        security = ctx.route.security
        if security not in KEYED:
            return
        # the signed payload is exactly the bytes received: query string + body, no '&' between, minus signature
        q_payload, q_sig = _strip_signature(raw_query)
        b_payload, b_sig = _strip_signature(raw_body)
        key = check_security(self.sim, security, request.headers.get("X-MBX-APIKEY"), ctx.params,
                             (q_payload + b_payload).encode(), q_sig or b_sig or "")
        ctx.api_key = key
        ctx.account = key.account


def check_security(sim, security: str, api_key: str | None, params: dict, payload: bytes, signature: str):
    """The exchange's key, timestamp and signature checks for one call; returns the caller's ApiKey."""
    if not api_key or not valid_key_format(api_key):
        raise SimError(*BAD_KEY_FORMAT, status=401)
    key = sim.exchange.accounts.get(api_key)
    if key is None:
        raise SimError(*REJECTED_KEY, status=401)
    if security not in SIGNED:
        return key
    ts = params.get("timestamp")
    if not ts:
        raise mandatory("timestamp")
    if not params.get("signature"):
        raise mandatory("signature")
    try:
        ts_ms = int(ts)
    except ValueError:
        raise mandatory("timestamp") from None
    if ts_ms > 10**14:  # microseconds
        ts_ms //= 1000
    rw = params.get("recvWindow")
    window = 5000.0
    if rw:
        try:
            window = float(rw)
        except ValueError:
            raise mandatory("recvWindow") from None
        if window > 60000 or window <= 0:
            raise SimError(-1131, "recvWindow must be less than 60000")
    now = sim.exchange.now()
    if ts_ms > now + 1000:
        raise SimError(*AHEAD_OF_SERVER)
    if now - ts_ms > window:
        raise SimError(*OUTSIDE_RECV_WINDOW)
    if not key.verify(payload, signature):
        raise SimError(*INVALID_SIGNATURE)
    if security == "TRADE" and not key.can_trade:
        raise SimError(*REJECTED_KEY, status=401)
    return key
