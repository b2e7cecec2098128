"""The asyncio WebSocket API client (aiohttp): ``await api.order_place(...)``, one reader task per socket.

``AsyncWebSocketAPI("usdm", ...)`` gives the product's client; use ``async with`` (or ``await api.connect()``).
Same behaviour as the sync client: ids matched, typed errors, UnknownOutcomeError for a lost order reply,
Ed25519 session logon restored after a reconnect.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp

from ..endpoints.ws_api import WS_PRODUCTS, WsMethod, ws_by_product
from ..signing import Signer
from ._core import IDLE_TIMEOUT, Prepared, SessionBase, TransportError, make_signer, method_factory

__all__ = ["AsyncWebSocketAPI", "AsyncSpotWebSocketAPI", "AsyncUsdmWebSocketAPI", "AsyncCoinmWebSocketAPI"]

EventHandler = Callable[[bytes | str], Any]


class AsyncWebSocketAPI(SessionBase):
    """A WebSocket API session of one product (spot, usdm, coinm), asyncio. Arguments as ``WebSocketAPI``."""

    def __new__(cls, product: str | None = None, *args: Any, **kwargs: Any) -> AsyncWebSocketAPI:
        if cls is AsyncWebSocketAPI:
            product = product or "spot"
            if product not in _CLASSES:
                raise ValueError(f"no WebSocket API for {product!r}; one of {', '.join(WS_PRODUCTS)}")
            cls = _CLASSES[product]
        return object.__new__(cls)

    def __init__(self, product: str | None = None, *, url: str | None = None, api_key: str | None = None,
                 api_secret: str | bytes | None = None, private_key: str | bytes | Path | None = None,
                 private_key_password: str | bytes | None = None, signer: Signer | None = None,
                 recv_window: int | None = None, timeout: float = 10.0, connect_timeout: float = 10.0,
                 idle_timeout: float | None = IDLE_TIMEOUT,
                 auto_logon: bool = True, reconnect: bool = True, reconnect_delay: tuple[float, float] = (0.05, 5.0),
                 on_event: EventHandler | None = None, limiter: Any = None,
                 session: aiohttp.ClientSession | None = None):
        self._setup(product, url, api_key, make_signer(api_secret, private_key, private_key_password, signer),
                    recv_window, timeout, connect_timeout, auto_logon, reconnect, reconnect_delay, on_event, limiter,
                    idle_timeout)
        self._pending: dict[int, tuple[Prepared, asyncio.Future]] = {}
        self._session = session
        self._own_session = session is None
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._reader: asyncio.Task | None = None
        self._connected = asyncio.Event()

    async def __aenter__(self) -> AsyncWebSocketAPI:
        await self.connect()
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()

    # -- connection --------------------------------------------------------------------------------------------
    async def connect(self) -> None:
        self._closed = False
        await self._open()
        if self.auto_logon:
            await self.session_logon()  # type: ignore[attr-defined]

    async def _open(self) -> None:
        if self._session is None:
            self._session = aiohttp.ClientSession()
        self._ws = await self._session.ws_connect(
            self.url, timeout=aiohttp.ClientWSTimeout(ws_receive=self.idle_timeout, ws_close=1.0), autoping=True,
            max_msg_size=0)
        self._reader = asyncio.ensure_future(self._read(self._ws))
        self._connected.set()

    async def close(self) -> None:
        self._closed = True
        ws, self._ws = self._ws, None
        if ws is not None:
            await ws.close()
        self._fail_pending("connection closed")
        if self._reader is not None and self._reader is not asyncio.current_task():
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader
        if self._own_session and self._session is not None:
            await self._session.close()
            self._session = None

    async def _read(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        core = self._core
        pending = self._pending
        exc: BaseException | None = None
        try:
            async for msg in ws:
                if msg.type not in (aiohttp.WSMsgType.TEXT, aiohttp.WSMsgType.BINARY):
                    break
                frame = msg.data
                try:
                    reply = core.parse(frame)
                except Exception:
                    continue
                if reply.is_event:
                    for h in list(self._event_handlers):
                        try:
                            r = h(frame)
                            if asyncio.iscoroutine(r):
                                await r
                        except Exception:
                            pass
                    continue
                entry = pending.pop(reply.id, None) if isinstance(reply.id, int) else None
                if entry is None:
                    continue
                prepared, fut = entry
                if fut.done():
                    continue
                try:
                    fut.set_result(core.outcome(reply, prepared))
                except BaseException as e:
                    fut.set_exception(e)
        except asyncio.CancelledError:
            raise
        except Exception as e:
            exc = e
        await self._lost(ws, exc or ConnectionError("connection closed by the server"))

    def _fail_pending(self, why: str, cause: BaseException | None = None) -> None:
        for rid in list(self._pending):
            entry = self._pending.pop(rid, None)
            if entry is not None and not entry[1].done():
                entry[1].set_exception(entry[0].unknown(why, cause))

    async def _lost(self, ws: aiohttp.ClientWebSocketResponse, exc: BaseException) -> None:
        if self._ws is not ws and self._ws is not None:
            return
        self._connected.clear()
        if not ws.closed:  # an idle-timed-out socket is still open: let it go
            with contextlib.suppress(Exception):
                await asyncio.wait_for(ws.close(), 1.0)
        self._fail_pending("connection lost before the reply", exc)
        self._notify_lost()
        if self._closed or not self.reconnect:
            return
        delay, cap = self.reconnect_delay
        while not self._closed:
            await asyncio.sleep(delay)
            try:
                await self._open()
            except Exception:
                delay = min(cap, delay * 2)
                continue
            break
        if self._closed:
            return
        self.reconnects += 1
        try:
            await self._restore()
        except Exception:
            return
        for h in list(self._reconnect_handlers):
            try:
                r = h()
                if asyncio.iscoroutine(r):
                    await r
            except Exception:
                pass

    async def _restore(self) -> None:
        core = self._core
        if core.want_logon or self.auto_logon:
            await self.session_logon()  # type: ignore[attr-defined]
        if core.subscribed:
            core.subscribed = False
            await self.request("userDataStream.subscribe")

    # -- requests ----------------------------------------------------------------------------------------------
    async def request(self, method: str, params: dict[str, Any] | None = None, *, timeout: float | None = None,
                      security: str | None = None) -> Any:
        """Send any method (the table's, or another with its ``security``) and return its ``result``."""
        return await self._send(self._core.prepare(method, params, security=security), timeout)

    async def _send(self, prepared: Prepared, timeout: float | None) -> Any:
        if self._core.limiter is not None and (wait := self._core.admit(prepared)):
            await asyncio.sleep(wait)
        ws = self._ws
        if ws is None or ws.closed:
            if self._closed:
                raise TransportError(f"{prepared.label}: not connected")
            try:
                await asyncio.wait_for(self._connected.wait(), self.connect_timeout)
            except asyncio.TimeoutError:
                raise TransportError(f"{prepared.label}: not connected") from None
            ws = self._ws
            if ws is None:
                raise TransportError(f"{prepared.label}: not connected")
        fut = asyncio.get_running_loop().create_future()
        self._pending[prepared.id] = (prepared, fut)
        try:
            await _send_text(ws, prepared.frame)
        except Exception as exc:
            self._pending.pop(prepared.id, None)
            raise prepared.unknown("send failed", exc) from exc
        limit = self.timeout if timeout is None else timeout
        try:
            return await asyncio.wait_for(fut, limit)
        except asyncio.TimeoutError:
            self._pending.pop(prepared.id, None)
            raise prepared.unknown(f"no reply within {limit}s") from None


async def _send_text(ws: aiohttp.ClientWebSocketResponse, frame: bytes) -> None:
    """The request as a text frame (the docs ask for text), without decoding the bytes we just encoded."""
    if _HAS_SEND_FRAME:
        await ws.send_frame(frame, aiohttp.WSMsgType.TEXT)
    else:  # aiohttp < 3.11
        await ws.send_str(frame.decode())


_HAS_SEND_FRAME = hasattr(aiohttp.ClientWebSocketResponse, "send_frame")


def _make(m: WsMethod) -> Callable[..., Any]:
    method = m.method

    async def call(self: AsyncWebSocketAPI, *, timeout: float | None = None, **params: Any) -> Any:
        return await self._send(self._core.prepare(method, params), timeout)
    return call


def _product_class(product: str) -> type[AsyncWebSocketAPI]:
    name = "Async" + {"spot": "Spot", "usdm": "Usdm", "coinm": "Coinm"}[product] + "WebSocketAPI"
    ns: dict[str, Any] = dict(method_factory(ws_by_product(product), _make))
    for fn in ns.values():
        fn.__qualname__ = f"{name}.{fn.__name__}"
    ns.update(product=product, __doc__=f"The {product} WebSocket API, asyncio: one coroutine per documented method.",
              __module__=__name__)
    return type(name, (AsyncWebSocketAPI,), ns)


_CLASSES: dict[str, type[AsyncWebSocketAPI]] = {p: _product_class(p) for p in WS_PRODUCTS}
AsyncSpotWebSocketAPI = _CLASSES["spot"]
AsyncUsdmWebSocketAPI = _CLASSES["usdm"]
AsyncCoinmWebSocketAPI = _CLASSES["coinm"]
