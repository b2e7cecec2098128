"""The synchronous WebSocket API client (websocket-client): one method per documented method, a reader thread.

``WebSocketAPI("spot", api_key=..., private_key=...)`` gives the product's client (``SpotWebSocketAPI``,
``UsdmWebSocketAPI``, ``CoinmWebSocketAPI``); ``api.order_place(symbol=..., ...)`` sends ``order.place`` and waits
for its reply. Replies are matched by request id, so calls from several threads share one socket.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import websocket

from ..endpoints.ws_api import WS_PRODUCTS, WsMethod, ws_by_product
from ..signing import Signer
from ._core import IDLE_TIMEOUT, Prepared, SessionBase, TransportError, make_signer, method_factory

__all__ = ["WebSocketAPI", "SpotWebSocketAPI", "UsdmWebSocketAPI", "CoinmWebSocketAPI"]

EventHandler = Callable[[bytes | str], None]


class _Pending:
    __slots__ = ("prepared", "done", "reply", "error")

    def __init__(self, prepared: Prepared):
        self.prepared = prepared
        self.done = threading.Event()
        self.reply: Any = None
        self.error: BaseException | None = None


class WebSocketAPI(SessionBase):
    """A WebSocket API session of one product (spot, usdm, coinm), sync.

    ``timeout`` bounds each request: an order whose reply does not come in time raises UnknownOutcomeError
    (never retried), any other request TransportError. With an Ed25519 key the session logs on at connect
    (``auto_logon``) so later requests go unsigned, and logs on again after each reconnect. ``on_event`` gets
    every frame that is not a reply (user-data events after ``user_data_stream_subscribe``);
    ``add_reconnect_handler`` callbacks run after a lost connection is back (logon and subscription restored).
    ``limiter``: a shared client-side limiter (a REST client's ``client.limits``): the exchange counts WebSocket
    API and REST requests together, so both feed and respect one set of windows.
    """

    def __new__(cls, product: str | None = None, *args: Any, **kwargs: Any) -> WebSocketAPI:
        if cls is WebSocketAPI:
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
                 on_event: EventHandler | None = None, limiter: Any = None, connect: bool = True):
        self._setup(product, url, api_key, make_signer(api_secret, private_key, private_key_password, signer),
                    recv_window, timeout, connect_timeout, auto_logon, reconnect, reconnect_delay, on_event, limiter,
                    idle_timeout)
        self._pending: dict[int, _Pending] = {}
        self._send_lock = threading.Lock()
        self._ws: websocket.WebSocket | None = None
        self._reader: threading.Thread | None = None
        self.connected = threading.Event()
        if connect:
            self.connect()

    def __enter__(self) -> WebSocketAPI:
        if self._ws is None:
            self.connect()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- connection ------------------------------------------------------------------------------------------
    def connect(self) -> None:
        self._closed = False
        self._open()
        if self.auto_logon:
            self.session_logon()  # type: ignore[attr-defined]

    def _open(self) -> None:
        ws = websocket.create_connection(self.url, timeout=self.connect_timeout, enable_multithread=True,
                                         skip_utf8_validation=True)
        ws.settimeout(self.idle_timeout)  # any frame, pings included, restarts it
        self._ws = ws
        self._reader = threading.Thread(target=self._read, args=(ws,), name="binance_fast.ws_api", daemon=True)
        self._reader.start()
        self.connected.set()

    def close(self) -> None:
        self._closed = True
        ws, self._ws = self._ws, None
        if ws is not None:
            try:
                ws.close(timeout=0.5)
            except Exception:  # already gone
                pass
        self._fail_pending("connection closed")
        reader = self._reader
        if reader is not None and reader is not threading.current_thread():
            reader.join(2)

    def _read(self, ws: websocket.WebSocket) -> None:
        core = self._core
        pending = self._pending
        while True:
            try:
                frame = ws.recv()
            except Exception as exc:  # closed, reset, or our own close()
                self._lost(ws, exc)
                return
            if not frame:
                if not ws.connected:
                    self._lost(ws, ConnectionError("connection closed by the server"))
                    return
                continue
            try:
                reply = core.parse(frame)
            except Exception:  # a malformed frame must not kill the session
                continue
            if reply.is_event:
                for h in list(self._event_handlers):
                    try:
                        h(frame)
                    except Exception:  # a handler's bug must not kill the reader
                        pass
                continue
            p = pending.pop(reply.id, None) if isinstance(reply.id, int) else None
            if p is None:
                continue  # a late reply of a timed-out request, or a session-revoked notice (id null)
            try:
                p.reply = core.outcome(reply, p.prepared)
            except BaseException as exc:
                p.error = exc
            p.done.set()

    def _fail_pending(self, why: str, cause: BaseException | None = None) -> None:
        for rid in list(self._pending):
            p = self._pending.pop(rid, None)
            if p is not None:
                p.error = p.prepared.unknown(why, cause)
                p.done.set()

    def _lost(self, ws: websocket.WebSocket, exc: BaseException) -> None:
        if self._ws is not ws and self._ws is not None:
            return  # an old socket
        self.connected.clear()
        try:
            ws.shutdown()  # an idle-timed-out socket is still open: let it go
        except Exception:
            pass
        self._fail_pending("connection lost before the reply", exc)
        self._notify_lost()
        if self._closed or not self.reconnect:
            return
        delay, cap = self.reconnect_delay
        while not self._closed:
            time.sleep(delay)
            try:
                self._open()
            except Exception:
                delay = min(cap, delay * 2)
                continue
            break
        if self._closed:
            return
        self.reconnects += 1
        try:
            self._restore()
        except Exception:
            # the new socket died too; its reader reconnects again
            return
        for h in list(self._reconnect_handlers):
            try:
                h()
            except Exception:
                pass

    def _restore(self) -> None:
        """After a reconnect: log on again and resubscribe, as before the loss."""
        core = self._core
        if core.want_logon or self.auto_logon:
            self.session_logon()  # type: ignore[attr-defined]
        if core.subscribed:
            core.subscribed = False
            self.request("userDataStream.subscribe")

    # -- requests --------------------------------------------------------------------------------------------
    def request(self, method: str, params: dict[str, Any] | None = None, *, timeout: float | None = None,
                security: str | None = None) -> Any:
        """Send any method (the table's, or another with its ``security``) and return its ``result``."""
        prepared = self._core.prepare(method, params, security=security)
        return self._send(prepared, timeout)

    def _send(self, prepared: Prepared, timeout: float | None) -> Any:
        if self._core.limiter is not None and (wait := self._core.admit(prepared)):
            time.sleep(wait)
        ws = self._ws
        if ws is None:
            if self._closed or not self.connected.wait(self.connect_timeout):
                raise TransportError(f"{prepared.label}: not connected")
            ws = self._ws
        p = _Pending(prepared)
        self._pending[prepared.id] = p
        try:
            with self._send_lock:
                ws.send(prepared.frame)  # type: ignore[union-attr]
        except Exception as exc:
            self._pending.pop(prepared.id, None)
            # a frame that failed to go out may still have been partly written: unknown for orders
            raise prepared.unknown("send failed", exc) from exc
        if not p.done.wait(self.timeout if timeout is None else timeout):
            self._pending.pop(prepared.id, None)
            if p.done.is_set():  # raced with the reply
                pass
            else:
                raise prepared.unknown(f"no reply within {self.timeout if timeout is None else timeout}s")
        if p.error is not None:
            raise p.error
        return p.reply


def _make(m: WsMethod) -> Callable[..., Any]:
    method = m.method

    def call(self: WebSocketAPI, *, timeout: float | None = None, **params: Any) -> Any:
        return self._send(self._core.prepare(method, params), timeout)
    return call


def _product_class(product: str) -> type[WebSocketAPI]:
    name = {"spot": "Spot", "usdm": "Usdm", "coinm": "Coinm"}[product] + "WebSocketAPI"
    ns: dict[str, Any] = dict(method_factory(ws_by_product(product), _make))
    for fn in ns.values():
        fn.__qualname__ = f"{name}.{fn.__name__}"
    ns.update(product=product, __doc__=f"The {product} WebSocket API, sync: one method per documented method.",
              __module__=__name__)
    return type(name, (WebSocketAPI,), ns)


_CLASSES: dict[str, type[WebSocketAPI]] = {p: _product_class(p) for p in WS_PRODUCTS}
SpotWebSocketAPI = _CLASSES["spot"]
UsdmWebSocketAPI = _CLASSES["usdm"]
CoinmWebSocketAPI = _CLASSES["coinm"]
