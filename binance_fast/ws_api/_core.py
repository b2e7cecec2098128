"""The I/O-free half of the WebSocket API clients: building signed requests, matching replies, rate limits, errors.

``ApiCore`` is shared by the sync (websocket-client) and asyncio (aiohttp) clients: they move frames, it does
everything else, so both behave the same.
"""

from __future__ import annotations

import inspect
import itertools
import keyword
import time
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import msgspec

from .. import errors
from ..endpoints.ws_api import WS_PRODUCTS, WsMethod, ws_by_product, ws_lookup
from ..signing import Signer, format_value, load_signer, sign_ws_params

__all__ = ["ApiCore", "SessionBase", "IDLE_TIMEOUT", "Prepared", "RateLimit", "DEFAULT_URLS", "TransportError", "check_url",
           "docstring", "make_signer"]

DEFAULT_URLS = {
    "spot": "wss://ws-api.binance.com:443/ws-api/v3",
    "usdm": "wss://ws-fapi.binance.com/ws-fapi/v1",
    "coinm": "wss://ws-dapi.binance.com/ws-dapi/v1",
}

# REST's error types once the REST helper has landed them in errors.py; the same codes mapped here until then
TransportError: type[errors.BinanceError] = getattr(errors, "TransportError", None) or type(
    "TransportError", (errors.BinanceError,), {"__doc__": "No answer came (connection lost, timeout) on a read."})
_error_from_response = getattr(errors, "error_from_response", None)
_FALLBACK_CODES: dict[int, type[errors.BinanceAPIError]] = {
    -1003: errors.RateLimitError, -1015: errors.RateLimitError, -1021: errors.TimestampError,
    -1022: errors.InvalidSignatureError, -1013: errors.OrderRejectedError, -2010: errors.OrderRejectedError,
    # futures order rejections: margin, would trigger, reduce-only, max position, FOK / post-only, notional
    **{code: errors.OrderRejectedError for code in (-2018, -2019, -2020, -2021, -2022, -2024, -2025, -2027, -2028,
                                                   -4164, -5021, -5022, -5028)},
}

_encode = msgspec.json.Encoder().encode


def check_url(url: str) -> str:
    """TLS everywhere but loopback: ``ws://`` is refused for any other host."""
    parts = urlsplit(url)
    if parts.scheme == "wss":
        return url
    if parts.scheme == "ws" and (parts.hostname in ("localhost", "::1") or (parts.hostname or "").startswith("127.")):
        return url
    raise ValueError(f"refusing {parts.scheme}://{parts.hostname}: use wss:// (plain ws:// only to loopback)")


class RateLimit(msgspec.Struct, frozen=True, rename="camel"):
    """One ``rateLimits`` entry of a reply: what the exchange counts against one limit."""

    rate_limit_type: str
    interval: str
    interval_num: int
    limit: int
    count: int = 0


_NO_RAW = msgspec.Raw(b"")


class _Reply(msgspec.Struct):
    id: int | str | None = None
    status: int = 0
    result: msgspec.Raw = _NO_RAW
    error: Any = None
    rateLimits: list[RateLimit] | None = None  # noqa: N815 (wire name)
    event: msgspec.Raw = _NO_RAW

    @property
    def is_event(self) -> bool:
        """Not a reply: a user-data event (``{"event": ...}``) or another unsolicited frame."""
        return bool(self.event) or (self.id is None and self.status == 0)


_decode_reply = msgspec.json.Decoder(_Reply).decode
_decode_any = msgspec.json.Decoder().decode


class Prepared:
    """One request ready to send: its id, the frame, what to report if its answer never comes."""

    __slots__ = ("id", "frame", "method", "is_order", "client_order_id", "label", "weight", "orders")

    def __init__(self, id: int, frame: bytes, method: str, is_order: bool, client_order_id: str | None,
                 weight: int = 1, orders: int = 0):
        self.id = id
        self.frame = frame
        self.method = method
        self.is_order = is_order
        self.client_order_id = client_order_id
        self.label = method
        self.weight = weight
        self.orders = orders

    def unknown(self, why: str, cause: BaseException | None = None) -> BaseException:
        """The error for a request whose reply never came: unknown outcome for orders, else a transport error."""
        if self.is_order:
            hint = f"; query it by client order id {self.client_order_id}" if self.client_order_id else ""
            return errors.UnknownOutcomeError(
                f"{self.label}: {why}: the request may or may not have been executed{hint}",
                client_order_id=self.client_order_id, request=self.label, cause=cause)
        exc = TransportError(f"{self.label}: {why}")
        exc.cause = cause  # type: ignore[attr-defined]
        return exc


def _ws_value(value: Any, key: str) -> Any:
    if isinstance(value, (float, Decimal)) and not isinstance(value, bool):
        return format_value(value, key)
    return value


def _new_client_order_id() -> str:
    import secrets

    return "bf" + secrets.token_hex(10)


class ApiCore:
    """State of one WebSocket API session: credentials, ids, session logon, rate limits seen, pending ids."""

    def __init__(self, product: str, *, api_key: str | None = None, signer: Signer | None = None,
                 recv_window: int | None = None, time_offset_ms: int = 0, limiter: Any = None):
        if product not in WS_PRODUCTS:
            raise ValueError(f"no WebSocket API for {product!r}; one of {', '.join(WS_PRODUCTS)}")
        self.product = product
        self.api_key = api_key
        self.signer = signer
        self.recv_window = recv_window
        self.time_offset_ms = time_offset_ms
        self.logged_on = False       # session.logon succeeded on the current connection
        self.want_logon = False      # log on again after a reconnect
        self.subscribed = False      # spot userDataStream.subscribe active: resubscribe after a reconnect
        self.rate_limits: dict[tuple[str, str, int], RateLimit] = {}
        # a shared client-side limiter (the REST client's ``client.limits``): the limits are shared with REST
        self.limiter = limiter
        self._ids = itertools.count(1)
        self.methods = {m.method: m for m in ws_by_product(product)}

    def __repr__(self) -> str:  # never the secrets
        key = f"{self.api_key[:6]}..." if self.api_key else None
        return f"ApiCore({self.product!r}, api_key={key!r}, logged_on={self.logged_on})"

    # -- requests ---------------------------------------------------------------------------------------------
    def method(self, name: str) -> WsMethod | None:
        return self.methods.get(name)

    def prepare(self, method: str, params: Mapping[str, Any] | None = None, *,
                security: str | None = None) -> Prepared:
        """Check, complete and sign one request. Missing mandatory params raise ValueError, nothing is sent."""
        record = self.methods.get(method) or ws_lookup(self.product, method)
        params = {k: v for k, v in (params or {}).items() if v is not None}
        if record is not None:
            missing = record.missing(params)
            if missing:
                raise ValueError(f"{self.product} {method}: missing mandatory parameter(s) "
                                 + ", ".join(repr(m) for m in missing))
            security = record.security
            is_order = record.is_order
        else:
            security = security or "NONE"
            is_order = security == "TRADE"
        coid = None
        if is_order:
            # a new order gets its client order id here, so a lost reply can be looked up by it
            if record is not None and "newClientOrderId" in record.param_names and (
                    ".place" in method or method.endswith("cancelReplace")):
                coid = params.setdefault("newClientOrderId", _new_client_order_id())
            else:
                coid = params.get("origClientOrderId") or params.get("newClientOrderId") \
                    or params.get("listClientOrderId")
        signed = security in ("TRADE", "USER_DATA", "MARGIN", "SIGNED")
        if method == "session.logon":
            if self.signer is None or getattr(self.signer, "key_type", None) != "ED25519":
                raise ValueError("session.logon needs an Ed25519 key (the only key type the docs allow)")
            out = self._sign(params)
        elif signed:
            if self.logged_on and "apiKey" not in params:
                # an authenticated session: no apiKey/signature, but the timestamp is still required
                out = {k: _ws_value(v, k) for k, v in params.items()}
                if self.recv_window is not None and "recvWindow" not in out:
                    out["recvWindow"] = self.recv_window
                out["timestamp"] = self.now_ms()
            else:
                out = self._sign(params)
        else:
            out = {k: _ws_value(v, k) for k, v in params.items()}
            if security == "USER_STREAM" and not self.logged_on and self.api_key and "apiKey" not in out \
                    and method not in ("userDataStream.subscribe", "userDataStream.unsubscribe"):
                out["apiKey"] = self.api_key
        rid = next(self._ids)
        msg: dict[str, Any] = {"id": rid, "method": method}
        if out:
            msg["params"] = out
        if record is None:
            return Prepared(rid, _encode(msg), method, is_order, coid)
        return Prepared(rid, _encode(msg), method, is_order, coid, record.weight.weight(params),
                        record.order_weight or (1 if is_order and ".place" in method else 0))

    def _sign(self, params: dict[str, Any]) -> dict[str, Any]:
        if self.signer is None or not self.api_key:
            raise ValueError(f"{self.product}: signed request needs api_key and api_secret or private_key")
        recv = params.pop("recvWindow", None)
        params.pop("timestamp", None)
        params.pop("signature", None)
        return sign_ws_params(params, self.signer, api_key=self.api_key, timestamp=self.now_ms(),
                              recv_window=recv if recv is not None else self.recv_window)

    def now_ms(self) -> int:
        return time.time_ns() // 1_000_000 + self.time_offset_ms

    # -- replies ------------------------------------------------------------------------------------------------
    def parse(self, frame: bytes | str) -> _Reply:
        """A frame as a reply or an event (``event`` set); rate limits recorded. Raises FrameDecodeError."""
        try:
            reply = _decode_reply(frame)
        except (msgspec.DecodeError, msgspec.ValidationError) as exc:
            raise errors.FrameDecodeError(f"malformed WebSocket API frame: {exc}",
                                          frame=frame if isinstance(frame, bytes) else frame.encode()) from None
        if reply.rateLimits:
            for rl in reply.rateLimits:
                self.rate_limits[(rl.rate_limit_type, rl.interval, rl.interval_num)] = rl
            if self.limiter is not None:
                self.limiter.update(self.product, _as_headers(reply.rateLimits))
        return reply

    def admit(self, prepared: Prepared) -> float:
        """Seconds to wait before sending (0.0: now), from the shared limiter; may raise ClientRateLimitError."""
        if self.limiter is None:
            return 0.0
        return self.limiter.acquire(self.product, prepared.weight, prepared.orders)

    def outcome(self, reply: _Reply, prepared: Prepared | None) -> Any:
        """The ``result`` of a reply, or its typed error raised."""
        if reply.status == 200 and reply.error is None:
            result = _decode_any(reply.result) if reply.result else None
            if prepared is not None:
                self._after(prepared.method, result)
            return result
        err = reply.error if isinstance(reply.error, dict) else {}
        code, msg = err.get("code"), str(err.get("msg", ""))
        status = reply.status or 400
        if prepared is not None and prepared.is_order and (status >= 500 or code == -1007):
            raise prepared.unknown(f"status {status} {msg!r}")
        headers = {}
        data = err.get("data")
        if isinstance(data, dict) and data.get("retryAfter"):
            # retryAfter is the unban time in ms; as REST's Retry-After header, in seconds
            headers["Retry-After"] = str(max(0, (int(data["retryAfter"]) - self.now_ms()) // 1000))
        error = self.error(status, code, msg, headers)
        if self.limiter is not None and status in (418, 429):
            self.limiter.block(self.product, getattr(error, "retry_after", None))
        raise error

    @staticmethod
    def error(status: int, code: int | None, msg: str, headers: Mapping[str, str] | None = None
              ) -> errors.BinanceAPIError:
        if _error_from_response is not None:
            return _error_from_response(status, code, msg, headers)
        if status in (418, 429):
            cls = errors.IPBannedError if status == 418 else errors.RateLimitError
            ra = (headers or {}).get("Retry-After")
            return cls(status, code, msg, headers, retry_after=float(ra) if ra else None)
        return _FALLBACK_CODES.get(code or 0, errors.BinanceAPIError)(status, code, msg, headers)

    def _after(self, method: str, result: Any) -> None:
        if method == "session.logon":
            self.logged_on = self.want_logon = True
        elif method == "session.logout":
            self.logged_on = self.want_logon = False
        elif method == "userDataStream.subscribe":
            self.subscribed = True
        elif method == "userDataStream.unsubscribe":
            self.subscribed = False

    def connection_lost(self) -> None:
        """The socket is gone: the session's logon does not survive it."""
        self.logged_on = False

    # -- rate limits ------------------------------------------------------------------------------------------
    def used(self, kind: str = "REQUEST_WEIGHT") -> int | None:
        """The latest count of a limit kind (the shortest interval the replies reported), or None."""
        seen = [rl for (k, _i, _n), rl in self.rate_limits.items() if k == kind]
        if not seen:
            return None
        order = {"SECOND": 1, "MINUTE": 60, "HOUR": 3600, "DAY": 86400}
        return min(seen, key=lambda rl: order.get(rl.interval, 0) * rl.interval_num).count


# the servers ping every 20 s (spot) to 3 min (futures): 10 silent minutes mean the connection is dead
IDLE_TIMEOUT = 600.0
_SUFFIX = {"SECOND": "s", "MINUTE": "m", "HOUR": "h", "DAY": "d"}


def _as_headers(limits: list[RateLimit]) -> dict[str, str]:
    """``rateLimits`` as the REST headers that report the same counts (x-mbx-used-weight-1m, ...)."""
    out = {}
    for rl in limits:
        suffix = f"{rl.interval_num}{_SUFFIX.get(rl.interval, 'm')}"
        if rl.rate_limit_type == "REQUEST_WEIGHT":
            out[f"x-mbx-used-weight-{suffix}"] = str(rl.count)
        elif rl.rate_limit_type == "ORDERS":
            out[f"x-mbx-order-count-{suffix}"] = str(rl.count)
    return out


def make_signer(api_secret: str | bytes | None, private_key: str | bytes | Path | None,
                private_key_password: str | bytes | None, signer: Signer | None) -> Signer | None:
    if signer is not None:
        return signer
    if api_secret is None and private_key is None:
        return None
    return load_signer(api_secret=api_secret, private_key=private_key, private_key_password=private_key_password)


class SessionBase:
    """What the sync and asyncio clients share: settings, the core, handlers, rate-limit and logon state."""

    product = "spot"

    def _setup(self, product: str | None, url: str | None, api_key: str | None, signer: Signer | None,
               recv_window: int | None, timeout: float, connect_timeout: float, auto_logon: bool, reconnect: bool,
               reconnect_delay: tuple[float, float], on_event: Callable[..., Any] | None, limiter: Any = None,
               idle_timeout: float | None = IDLE_TIMEOUT) -> None:
        product = product or type(self).product
        self.url = check_url(url or DEFAULT_URLS[product])
        self._core = ApiCore(product, api_key=api_key, signer=signer, recv_window=recv_window, limiter=limiter)
        self.timeout = timeout
        self.connect_timeout = connect_timeout
        # nothing at all (not even the server's pings) for this long: a half-open socket, reconnect
        self.idle_timeout = idle_timeout
        # only Ed25519 keys can log a session on (docs); the others sign every request
        self.auto_logon = auto_logon and getattr(signer, "key_type", None) == "ED25519"
        self.reconnect = reconnect
        self.reconnect_delay = reconnect_delay
        self._event_handlers: list[Callable[..., Any]] = [on_event] if on_event else []
        self._reconnect_handlers: list[Callable[[], Any]] = []
        self._lost_handlers: list[Callable[[], None]] = []
        self._closed = False
        self.reconnects = 0

    def __repr__(self) -> str:
        return f"{type(self).__name__}(url={self.url!r}, {self._core!r})"

    @property
    def rate_limits(self) -> dict[tuple[str, str, int], RateLimit]:
        """The latest ``rateLimits`` seen, keyed by (rateLimitType, interval, intervalNum)."""
        return dict(self._core.rate_limits)

    def used_weight(self) -> int | None:
        """The request weight used in the current minute, as the last reply reported it."""
        return self._core.used("REQUEST_WEIGHT")

    @property
    def logged_on(self) -> bool:
        return self._core.logged_on

    def add_event_handler(self, handler: Callable[..., Any]) -> None:
        """``handler(frame)`` gets every frame that is not a reply (user-data events)."""
        self._event_handlers.append(handler)

    def remove_event_handler(self, handler: Callable[..., Any]) -> None:
        if handler in self._event_handlers:
            self._event_handlers.remove(handler)

    def add_reconnect_handler(self, handler: Callable[[], Any]) -> None:
        """``handler()`` runs after a lost connection is back (logon and subscription restored)."""
        self._reconnect_handlers.append(handler)

    def add_lost_handler(self, handler: Callable[[], None]) -> None:
        """``handler()`` runs (in the reader) as soon as the connection is found lost, before reconnecting."""
        self._lost_handlers.append(handler)

    def _notify_lost(self) -> None:
        self._core.connection_lost()
        for lost in list(self._lost_handlers):
            try:
                lost()
            except Exception:  # a handler's bug must not stop the reconnect
                pass


def docstring(m: WsMethod) -> str:
    """A method's docstring from the docs: title, description, parameters, weight, page."""
    lines = [m.title or m.method, ""]
    if m.description:
        lines += [m.description, ""]
    lines.append(f"WebSocket API method ``{m.method}`` ({m.product}); security {m.security}; weight {_weight(m)}.")
    params = [p for p in m.params if p.name not in ("apiKey", "signature", "timestamp")]
    if params:
        lines += ["", "Parameters:"]
        for p in params:
            mark = "mandatory" if p.name in m.mandatory else "optional"
            lines.append(f"    {p.name} ({p.type}, {mark}){': ' + p.description if p.description else ''}")
    for group in m.one_of:
        lines.append(f"    -- one of {', '.join(group)} is needed")
    if m.is_order:
        lines += ["", "A lost or late reply raises UnknownOutcomeError (never retried): query the order by its "
                      "client order id."]
    lines += ["", f"Docs: {m.doc}"]
    return "\n".join(lines)


def _weight(m: WsMethod) -> str:
    from ..endpoints.rules import Fixed

    return str(m.weight.value) if isinstance(m.weight, Fixed) else type(m.weight).__name__


def signature(m: WsMethod) -> inspect.Signature:
    """What ``help()`` and IDEs show: the documented params, keyword-only, mandatory ones without default.

    (Calls still go through the table's check, so a missing one is a ValueError naming it, as in REST.)
    """
    params = [inspect.Parameter("self", inspect.Parameter.POSITIONAL_ONLY)]
    grouped = {n for g in m.one_of for n in g}
    for p in m.params:
        if p.name in ("apiKey", "timestamp", "signature") or not p.name.isidentifier() or keyword.iskeyword(p.name):
            continue
        required = p.name in m.mandatory and p.name not in grouped
        params.append(inspect.Parameter(p.name, inspect.Parameter.KEYWORD_ONLY,
                                        default=inspect.Parameter.empty if required else None,
                                        annotation=_PY_TYPES.get(p.type, Any)))
    params.append(inspect.Parameter("timeout", inspect.Parameter.KEYWORD_ONLY, default=None,
                                    annotation=float | None))
    params.append(inspect.Parameter("params", inspect.Parameter.VAR_KEYWORD))
    return inspect.Signature(params, return_annotation=Any)


_PY_TYPES: dict[str, Any] = {"STRING": str, "ENUM": str, "LONG": int, "INT": int, "BOOLEAN": bool,
                             "DECIMAL": str | float | Decimal, "ARRAY OF STRING": list[str]}


def method_factory(records: tuple[WsMethod, ...], make: Callable[[WsMethod], Callable[..., Any]]
                   ) -> dict[str, Callable[..., Any]]:
    """One Python method per WebSocket API method: name, docstring and signature from the table."""
    out = {}
    for m in records:
        fn = make(m)
        fn.__name__ = m.name
        fn.__doc__ = docstring(m)
        fn.__signature__ = signature(m)  # type: ignore[attr-defined]
        out[m.name] = fn
    return out
