"""SBE in the simulator: the stream-sbe market-data streams (``SbeStreamHub``) and SBE REST answers (3:4).

Streams: the same market events as the JSON spot hub (same depth windows, so the same update ids), encoded
by the project's encoder (``binance_fast.sbe``) into binary frames, never wrapped; control replies stay JSON
in text frames. The handshake needs ``X-MBX-APIKEY`` of a registered Ed25519 key (docs: SBE Market Data
Streams); ``Simulator(sbe_any_key=True)`` accepts any registered key.

REST: ``Accept: application/sbe`` with ``X-MBX-SBE: 3:4`` gets depth, trades, historicalTrades and klines as
SBE, every error as an ``ErrorResponse``; the FAQ's fallback rules decide when JSON is served instead.
WebSocket API: ``responseFormat=sbe&sbeSchemaId=3&sbeSchemaVersion=4`` makes every answer a binary
``WebSocketResponse`` (the same results in SBE, errors as ``ErrorResponse``; other methods are refused with
-1155, and user-data events are not pushed on SBE sessions: the simulator does not model them).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from aiohttp import web

from ..sbe import SPOT_SCHEMA_ID, SPOT_SCHEMA_VERSION, spot_codec, stream_codec
from .accounts import valid_key_format
from .streams import StreamHub, ws_frame

SBE_MEDIA_TYPE = "application/sbe"
SBE_DEPTH_SPEED = "@100ms"  # stream-sbe depth diffs and depth20 come every 100 ms


def ws_binary_frame(payload: bytes) -> bytes:
    """An unmasked server binary frame around ``payload``."""
    return ws_frame(payload, 0x82)


class SbeStreamHub(StreamHub):
    """stream-sbe.binance.com on the simulator: ``<symbol>@trade|bestBidAsk|depth|depth20`` as SBE frames."""

    def __init__(self, sim, config, *, any_key: bool = False):
        super().__init__(sim, "spot", config)
        self.any_key = any_key
        self.codec = stream_codec()

    async def handle(self, request: web.Request) -> web.StreamResponse:
        key = request.headers.get("X-MBX-APIKEY")
        if not key or not valid_key_format(key):
            return web.json_response({"code": -2014, "msg": "API-key format invalid."}, status=401)
        found = self.sim.exchange.accounts.get(key)
        if found is None:
            return web.json_response({"code": -2015, "msg": "Invalid API-key, IP, or permissions for action."},
                                     status=401)
        if found.key_type != "ED25519" and not self.any_key:
            return web.json_response({"code": -2015, "msg": "Only Ed25519 API keys can access SBE market data "
                                                            "streams."}, status=401)
        return await super().handle(request)

    # -- fan-out: binary frames, no combined wrapper ----------------------------------------------------------
    def _emit(self, name: str, payload: bytes) -> None:
        subs = self.subs.get(name)
        if not subs:
            return
        faults = self.sim.faults
        if faults.sbe_corrupt and faults.take_sbe_corruption(name):
            payload = payload[:len(payload) // 2]  # truncated mid-message: the client must refuse it
        frame = ws_binary_frame(payload)
        for conn in subs:
            conn.out.append(frame)
            self._pending.add(conn)

    def send_user_event(self, conn, event: dict) -> None:  # no user data on stream-sbe
        return

    def _trade_listener(self, e):
        spec = e.spec
        name = spec.symbol.lower() + "@trade"
        pe, qe = -spec.price_out, -spec.qty_out
        pu, qu = spec.tick_units, spec.step_units
        encode = stream_codec().encode

        def on_trade(trade, agg=None):
            if trade is None or name not in self.subs:
                return
            tid, price, qty, t, m = trade
            self._emit(name, encode("TradesStreamEvent", {
                "eventTime": self.sim.exchange.now() * 1000, "transactTime": t * 1000, "priceExponent": pe,
                "qtyExponent": qe, "trades": [{"id": tid, "price": price * pu, "qty": qty * qu,
                                               "isBuyerMaker": int(bool(m))}], "symbol": spec.symbol}))
        return on_trade

    def tick(self) -> None:
        """After the JSON spot hub's tick: the same depth windows it took, as SBE."""
        if not self.subs or self.venue is None:
            return
        taken = self.sim.hubs["spot"].taken
        now_us = self.sim.exchange.now() * 1000
        subs = self.subs
        for sym, e in self.venue.engines.items():
            low = sym.lower()
            win = taken.get((sym, SBE_DEPTH_SPEED))
            if win is not None:
                if low + "@depth" in subs:
                    self._sbe_depth(e, low + "@depth", win, now_us)
                if low + "@depth20" in subs:
                    self._sbe_depth20(e, low + "@depth20", win[1], now_us)
            if low + "@bestBidAsk" in subs:
                self._sbe_best(e, low + "@bestBidAsk", now_us)

    def _sbe_depth(self, e, name: str, win, now_us: int) -> None:
        U, u, _, bids, asks = win
        spec = e.spec
        faults = self.sim.faults
        if faults.depth and faults.take_depth_fault("sbe", spec.symbol) == "skip":  # skip_depth_update("sbe", ..)
            return
        pu, qu = spec.tick_units, spec.step_units
        self._emit(name, self.codec.encode("DepthDiffStreamEvent", {
            "eventTime": now_us, "firstBookUpdateId": U, "lastBookUpdateId": u,
            "priceExponent": -spec.price_out, "qtyExponent": -spec.qty_out,
            "bids": [{"price": p * pu, "qty": q * qu} for p, q in sorted(bids.items(), reverse=True)],
            "asks": [{"price": p * pu, "qty": q * qu} for p, q in sorted(asks.items())],
            "symbol": spec.symbol}))

    def _sbe_depth20(self, e, name: str, u: int, now_us: int) -> None:
        spec = e.spec
        pu, qu = spec.tick_units, spec.step_units
        bids, asks = e.depth(20)
        self._emit(name, self.codec.encode("DepthSnapshotStreamEvent", {
            "eventTime": now_us, "bookUpdateId": u, "priceExponent": -spec.price_out, "qtyExponent": -spec.qty_out,
            "bids": [{"price": p * pu, "qty": q * qu} for p, q in bids],
            "asks": [{"price": p * pu, "qty": q * qu} for p, q in asks], "symbol": spec.symbol}))

    def _sbe_best(self, e, name: str, now_us: int) -> None:
        spec = e.spec
        bb, bq, ba, aq = state = e.best()
        key = "bba:" + spec.symbol
        if self._kline_last.get(key) == state:
            return
        self._kline_last[key] = state  # type: ignore[assignment]
        pu, qu = spec.tick_units, spec.step_units
        self._emit(name, self.codec.encode("BestBidAskStreamEvent", {
            "eventTime": now_us, "bookUpdateId": e.update_id, "priceExponent": -spec.price_out,
            "qtyExponent": -spec.qty_out, "bidPrice": bb * pu, "bidQty": bq * qu, "askPrice": ba * pu,
            "askQty": aq * qu, "symbol": spec.symbol}))


# --- REST -----------------------------------------------------------------------------------------------------

def negotiate(headers) -> tuple[str, Any]:
    """What to answer for a request's ``Accept`` / ``X-MBX-SBE`` (FAQ rules): ("json", None), ("sbe", None),
    ("sbe-or-json", None) (SBE where the simulator can encode the answer, else JSON), or
    ("sbe-error", (status, code, msg)) when SBE alone was asked for with a bad or missing header."""
    accept = headers.get("Accept", "")
    types = {t.split(";", 1)[0].strip().lower() for t in accept.split(",")}
    if SBE_MEDIA_TYPE not in types:
        return "json", None
    json_ok = "application/json" in types
    value = headers.get("X-MBX-SBE")
    problem = None
    if value is None:
        problem = (400, -1152, "Invalid X-MBX-SBE header; expected <SCHEMA_ID>:<VERSION>.")
    else:
        sid, _, ver = value.strip().partition(":")
        if not (sid.isdigit() and ver.isdigit() and len(sid) <= 5 and len(ver) <= 5):
            problem = (400, -1152, "Invalid X-MBX-SBE header; expected <SCHEMA_ID>:<VERSION>.")
        elif (int(sid), int(ver)) != (SPOT_SCHEMA_ID, SPOT_SCHEMA_VERSION):
            problem = (400, -1153, "Unsupported SBE schema ID or version specified in the X-MBX-SBE header.")
    if problem is None:
        return ("sbe-or-json" if json_ok else "sbe"), None
    return ("json", None) if json_ok else ("sbe-error", problem)


def _mantissa(text: str, exponent: int) -> int:
    return int(Decimal(text).scaleb(-exponent))


def _us(ms: int) -> int:
    return int(ms) * 1000


def _depth(result: dict) -> tuple[str, dict]:
    return ("DepthResponse", {
        "lastUpdateId": result["lastUpdateId"], "priceExponent": -8, "qtyExponent": -8,
        "bids": [{"price": _mantissa(p, -8), "qty": _mantissa(q, -8)} for p, q in result["bids"]],
        "asks": [{"price": _mantissa(p, -8), "qty": _mantissa(q, -8)} for p, q in result["asks"]]})


def _trades(result: list) -> tuple[str, dict]:
    return ("TradesResponse", {"priceExponent": -8, "qtyExponent": -8, "trades": [
        {"id": t["id"], "price": _mantissa(t["price"], -8), "qty": _mantissa(t["qty"], -8),
         "quoteQty": _mantissa(t["quoteQty"], -8), "time": _us(t["time"]), "isBuyerMaker": int(t["isBuyerMaker"]),
         "isBestMatch": int(t.get("isBestMatch", True))} for t in result]})


def _klines(result: list) -> tuple[str, dict]:
    return ("KlinesResponse", {"priceExponent": -8, "qtyExponent": -8, "klines": [
        {"openTime": _us(k[0]), "openPrice": _mantissa(k[1], -8), "highPrice": _mantissa(k[2], -8),
         "lowPrice": _mantissa(k[3], -8), "closePrice": _mantissa(k[4], -8), "volume": _mantissa(k[5], -8),
         "closeTime": _us(k[6]), "quoteVolume": _mantissa(k[7], -8), "numTrades": int(k[8]),
         "takerBuyBaseVolume": _mantissa(k[9], -8), "takerBuyQuoteVolume": _mantissa(k[10], -8)} for k in result]})


# the spot answers the simulator has in SBE: REST path -> (message name, values) of the JSON-shaped result
SBE_MESSAGES = {"/api/v3/depth": _depth, "/api/v3/trades": _trades, "/api/v3/historicalTrades": _trades,
                "/api/v3/klines": _klines, "/api/v3/uiKlines": _klines}


def encode_result(path: str, result: Any) -> bytes:
    """The SBE body of a JSON-shaped answer of ``path`` (one of SBE_MESSAGES)."""
    return spot_codec().encode(*SBE_MESSAGES[path](result))


def error_values(code: int, msg: str, server_time_ms: int | None = None,
                 retry_after_ms: int | None = None) -> tuple[str, dict]:
    return ("ErrorResponse", {
        "code": code, "serverTime": None if server_time_ms is None else server_time_ms * 1000,
        "retryAfter": None if retry_after_ms is None else retry_after_ms * 1000, "msg": msg})


def encode_error(code: int, msg: str, server_time_ms: int | None = None, retry_after_ms: int | None = None) -> bytes:
    return spot_codec().encode(*error_values(code, msg, server_time_ms, retry_after_ms))


_LIMIT_TYPES = {"RAW_REQUESTS": 0, "CONNECTIONS": 1, "REQUEST_WEIGHT": 2, "ORDERS": 3}
_INTERVALS = {"SECOND": 0, "MINUTE": 1, "HOUR": 2, "DAY": 3}


def encode_ws_response(rid: Any, status: int, result: tuple[str, dict], rate_limits: list[dict]) -> bytes:
    """A ``WebSocketResponse`` (the frame of an SBE WebSocket API session) around ``result``."""
    return spot_codec().encode("WebSocketResponse", {
        "sbeSchemaIdVersionDeprecated": 0, "status": status,
        "rateLimits": [{"rateLimitType": _LIMIT_TYPES.get(r["rateLimitType"], 254),
                        "interval": _INTERVALS.get(r["interval"], 254), "intervalNum": r["intervalNum"],
                        "rateLimit": r["limit"], "current": r["count"]} for r in rate_limits],
        "id": "" if rid is None else str(rid), "result": result})


def sbe_response(body: bytes, status: int = 200, headers: dict | None = None) -> web.Response:
    """An SBE answer with the JSON answer's other headers (rate-limit usage, Retry-After)."""
    kept = {k: v for k, v in (headers or {}).items() if k.lower() not in ("content-type", "content-length")}
    return web.Response(body=body, status=status, headers=kept, content_type=SBE_MEDIA_TYPE)


def sbe_error(status: int, code: int, msg: str, headers: dict | None = None, now_ms: int | None = None) -> web.Response:
    retry = None
    h = headers or {}
    if "Retry-After" in h and now_ms is not None:
        try:
            retry = now_ms + int(float(h["Retry-After"]) * 1000)
        except ValueError:
            retry = None
    return sbe_response(encode_error(code, msg, now_ms, retry), status, headers)


# --- WebSocket API ----------------------------------------------------------------------------------------------

def sbe_handshake_problem(product: str, formats: list[str], query) -> tuple[int, str] | None:
    """Why a ``responseFormat=sbe`` WebSocket API handshake is refused (HTTP 400, JSON), or None."""
    if "json" in formats:
        return -1152, "responseFormat must be either sbe or json, not both."
    if product != "spot":
        return -1155, "SBE is not enabled."
    sid, ver = query.get("sbeSchemaId", ""), query.get("sbeSchemaVersion", "")
    if not (sid.isdigit() and ver.isdigit()):
        return -1152, "Invalid sbeSchemaId / sbeSchemaVersion; expected integers."
    if (int(sid), int(ver)) != (SPOT_SCHEMA_ID, SPOT_SCHEMA_VERSION):
        return -1153, "Unsupported SBE schema ID or version specified."
    return None


def sbe_ws_reply(request_text: str, json_reply: bytes, rest_of: dict) -> bytes:
    """The SBE frame of one WebSocket API answer, built from the JSON answer the simulator made for it:
    the result's message where the simulator has its SBE form, the error as ``ErrorResponse``."""
    import msgspec

    out = msgspec.json.decode(json_reply)
    try:
        method = msgspec.json.decode(request_text).get("method")
    except (msgspec.DecodeError, AttributeError):
        method = None
    rid, status, limits = out.get("id"), int(out.get("status", 400)), out.get("rateLimits") or []
    err = out.get("error")
    if err is not None:
        data = err.get("data") or {}
        return encode_ws_response(rid, status, error_values(int(err["code"]), str(err["msg"]),
                                                            data.get("serverTime"), data.get("retryAfter")), limits)
    path = (rest_of.get(method) or ("", ""))[1]
    if path in SBE_MESSAGES:
        return encode_ws_response(rid, status, SBE_MESSAGES[path](out["result"]), limits)
    if method == "ping":
        return encode_ws_response(rid, status, ("PingResponse", {}), limits)
    return encode_ws_response(rid, 400, error_values(-1155, f"SBE answers of {method!r} are not modelled by "
                                                            "the simulator."), limits)
