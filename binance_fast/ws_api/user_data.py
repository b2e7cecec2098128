"""User-data streams of every product as one iterator (or callback) of typed events, reconciled after reconnects.

Spot with an Ed25519 key: ``userDataStream.subscribe`` over the WebSocket API (the docs' preferred route; the
session logs on and resubscribes by itself after a reconnect). Spot with an HMAC/RSA key, USD-M, COIN-M,
Portfolio Margin and Options: a listenKey stream, kept alive every 30 minutes, renewed on ``listenKeyExpired``,
and a fresh key after each reconnect. After every reconnect (spot, USD-M, COIN-M) the stream asks REST for open
orders, the orders it tracks and recent ones, and balances, and emits what changed while it was away
(``Reconciler``): a fill that happened during the gap arrives once, as an ``ExecutionReport`` /
``OrderTradeUpdate`` with ``trade_id`` -1 / 0, and its live twin, if it comes too, is dropped.
"""

from __future__ import annotations

import json
import queue
import threading
import time
from collections.abc import Callable, Generator, Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import websocket

from ..errors import BinanceError, FrameDecodeError
from ..signing import Signer, encode_params, signed_query
from ..streams import StreamDecoder
from ._core import IDLE_TIMEOUT, ApiCore, check_url, make_signer
from .client import WebSocketAPI
from .reconcile import Reconciler

__all__ = ["UserDataStream", "StreamBase", "RestAccess", "PRODUCT_PATHS", "DEFAULT_REST", "DEFAULT_STREAMS", "baseline_steps",
           "reconcile_steps", "drive"]

DEFAULT_REST = {"spot": "https://api.binance.com", "usdm": "https://fapi.binance.com",
                "coinm": "https://dapi.binance.com", "pm": "https://papi.binance.com",
                "options": "https://eapi.binance.com"}
DEFAULT_STREAMS = {"spot": "wss://stream.binance.com:9443", "usdm": "wss://fstream.binance.com",
                   "coinm": "wss://dstream.binance.com", "pm": "wss://fstream.binance.com/pm",
                   "options": "wss://nbstream.binance.com/eoptions"}
# REST paths a stream needs per product: listenKey, and (where reconciliation is done) orders and balances
PRODUCT_PATHS: dict[str, dict[str, str]] = {
    "spot": {"listen_key": "/api/v3/userDataStream", "open_orders": "/api/v3/openOrders",
             "all_orders": "/api/v3/allOrders", "order": "/api/v3/order", "balances": "/api/v3/account"},
    "usdm": {"listen_key": "/fapi/v1/listenKey", "open_orders": "/fapi/v1/openOrders",
             "all_orders": "/fapi/v1/allOrders", "order": "/fapi/v1/order", "balances": "/fapi/v2/balance"},
    "coinm": {"listen_key": "/dapi/v1/listenKey", "open_orders": "/dapi/v1/openOrders",
              "all_orders": "/dapi/v1/allOrders", "order": "/dapi/v1/order", "balances": "/dapi/v1/balance"},
    "pm": {"listen_key": "/papi/v1/listenKey"},
    "options": {"listen_key": "/eapi/v1/listenKey"},
}
KEEPALIVE_SECONDS = 30 * 60


class RestAccess:
    """The few REST calls a user-data stream makes, through a given client or a small signed urllib3 one.

    ``client``: anything with ``request(product, method, path, *, security=..., **params)`` (binance_fast's
    REST ``Client``). Without it, calls are signed here with binance_fast.signing.
    """

    def __init__(self, product: str, *, base_url: str | None, api_key: str | None, signer: Signer | None,
                 client: Any = None, recv_window: int | None = None, timeout: float = 10.0):
        self.product = product
        self.client = client
        self.base = (base_url or DEFAULT_REST[product]).rstrip("/")
        parts = urlsplit(self.base)
        if parts.scheme != "https" and not (parts.hostname or "").startswith("127.") and parts.hostname != "localhost":
            raise ValueError("refusing plain http to a non-loopback host: use https://")
        self.api_key = api_key
        self.signer = signer
        self.recv_window = recv_window
        self.timeout = timeout
        self._pool: Any = None  # urllib3.PoolManager, made on first use

    def __repr__(self) -> str:
        return f"RestAccess({self.product!r}, {self.base!r})"

    def target(self, method: str, path: str, security: str, params: dict[str, Any]) -> tuple[str, dict[str, str]]:
        """The URL (signed where the call needs it) and headers of one call."""
        params = {k: v for k, v in params.items() if v is not None}
        if security in ("USER_DATA", "TRADE"):
            if self.signer is None:
                raise ValueError(f"{method} {path} is signed: give api_secret or private_key")
            query = signed_query(params, self.signer, recv_window=self.recv_window)
        else:
            query = encode_params(params) if params else ""
        headers = {"X-MBX-APIKEY": self.api_key} if self.api_key else {}
        return self.base + path + ("?" + query if query else ""), headers

    @staticmethod
    def answer(status: int, body: bytes, headers: Mapping[str, str]) -> Any:
        """The decoded answer, or its typed error raised."""
        data = json.loads(body or b"null")
        if status >= 300:
            code, msg = (data.get("code"), str(data.get("msg", ""))) if isinstance(data, dict) else (None, "")
            raise ApiCore.error(status, code, msg, dict(headers))
        return data

    def call(self, method: str, path: str, security: str, **params: Any) -> Any:
        if self.client is not None:
            return self.client.request(self.product, method, path, security=security, **params)
        import urllib3

        if self._pool is None:
            self._pool = urllib3.PoolManager(num_pools=2, maxsize=2)
        url, headers = self.target(method, path, security, params)
        r = self._pool.request(method, url, headers=headers, timeout=self.timeout, retries=False)
        return self.answer(r.status, r.data, r.headers)


def _balances(product: str, data: Any) -> list[tuple[str, Decimal, Decimal]]:
    if product == "spot":
        return [(b["asset"], Decimal(b["free"]), Decimal(b["locked"])) for b in data.get("balances", [])]
    # futures: the wallet balance, as ACCOUNT_UPDATE's ``wb``
    return [(b["asset"], Decimal(b["balance"]), Decimal(0)) for b in data]


# -- the REST side of reconciliation, as steps (method, path, security, params) any driver can run ---------------
Step = tuple[str, str, str, dict[str, Any]]


def baseline_steps(rec: Reconciler, product: str) -> Generator[Step, Any, None]:
    """The picture at the first connect: open orders and balances (nothing is emitted for it)."""
    paths = PRODUCT_PATHS[product]
    orders = yield ("GET", paths["open_orders"], "USER_DATA", {})
    balances = yield ("GET", paths["balances"], "USER_DATA", {})
    rec.baseline(orders, _balances(product, balances))


def reconcile_steps(rec: Reconciler, product: str, symbols: set[str], since_ms: int | None
                    ) -> Generator[Step, Any, list[Any]]:
    """Open orders, orders of the gap (``allOrders`` since it began, per symbol seen or given), every tracked
    order still unaccounted for, balances: the events of what changed."""
    paths = PRODUCT_PATHS[product]
    seen: dict[tuple[str, int], Mapping[str, Any]] = {}
    for o in (yield ("GET", paths["open_orders"], "USER_DATA", {})):
        seen[(o["symbol"], int(o["orderId"]))] = o
    if since_ms is not None:
        for sym in sorted(symbols | rec.symbols):
            for o in (yield ("GET", paths["all_orders"], "USER_DATA", {"symbol": sym, "startTime": since_ms - 1000})):
                seen.setdefault((o["symbol"], int(o["orderId"])), o)
    for st in rec.tracked_open():
        if (st.symbol, st.order_id) not in seen:
            o = yield ("GET", paths["order"], "USER_DATA", {"symbol": st.symbol, "orderId": st.order_id})
            if o is not None:
                seen[(o["symbol"], int(o["orderId"]))] = o
    balances = _balances(product, (yield ("GET", paths["balances"], "USER_DATA", {})))
    ordered = sorted(seen.values(), key=lambda o: (o.get("updateTime") or 0, o["orderId"]))
    return rec.reconcile(ordered, balances, int(time.time() * 1000))


def drive(steps: Generator[Step, Any, Any], call: Callable[..., Any]) -> Any:
    """Run REST steps with a sync ``call(method, path, security, **params)``; an order lookup that fails
    (archived, unknown) answers None, any other failure propagates."""
    try:
        step = next(steps)
        while True:
            method, path, security, params = step
            try:
                result = call(method, path, security, **params)
            except BinanceError:
                if path.endswith("/order"):
                    result = None
                else:
                    raise
            step = steps.send(result)
    except StopIteration as done:
        return done.value


class StreamBase:
    """What the sync and asyncio user-data streams share: route choice, decoder, reconciler, counters."""

    def _setup(self, product: str, api_key: str | None, signer: Signer | None, stream_url: str | None,
               ws_api_url: str | None, symbols: tuple[str, ...] | list[str], on_event: Callable[[Any], Any] | None,
               keepalive_interval: float, decimal: bool, reconnect_delay: tuple[float, float],
               use_ws_api: bool | None, timeout: float, idle_timeout: float | None = IDLE_TIMEOUT) -> None:
        if product not in PRODUCT_PATHS:
            raise ValueError(f"unknown product {product!r}; one of {', '.join(PRODUCT_PATHS)}")
        self.product = product
        self.api_key = api_key
        self._signer = signer
        self.stream_url = check_url((stream_url or DEFAULT_STREAMS[product]).rstrip("/"))
        self.ws_api_url = ws_api_url
        ed25519 = getattr(signer, "key_type", None) == "ED25519"
        # spot's preferred route needs session.logon, which only Ed25519 keys can do
        self.use_ws_api = (product == "spot" and ed25519) if use_ws_api is None else use_ws_api
        if self.use_ws_api and not (product == "spot" and ed25519):
            raise ValueError("userDataStream.subscribe needs spot and an Ed25519 key (session.logon)")
        self.keepalive_interval = keepalive_interval
        self.reconnect_delay = reconnect_delay
        self.timeout = timeout
        self.idle_timeout = idle_timeout
        self.decoder = StreamDecoder(product, decimal=decimal)
        self.reconciler = Reconciler(product, self.decoder) if "open_orders" in PRODUCT_PATHS[product] else None
        self._symbols = {s.upper() for s in symbols}
        self._on_event = on_event
        self._listen_key: str | None = None
        self._lost_at: int | None = None
        self.reconnects = self.keepalives = self.renewals = self.key_requests = self.decode_errors = 0

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.product!r}, ws_api={self.use_ws_api})"

    @property
    def reconciled(self) -> int:
        """Events synthesized by reconciliations so far."""
        return self.reconciler.synthesized if self.reconciler else 0

    @property
    def duplicates_dropped(self) -> int:
        """Live events dropped because a reconciliation had already reported them."""
        return self.reconciler.dropped if self.reconciler else 0

    @property
    def listen_key(self) -> str | None:
        return self._listen_key

    def _decode(self, frame: bytes | str) -> Any:
        """The typed event of a frame, or None (a malformed frame is counted and skipped)."""
        try:
            return self.decoder.decode(frame)
        except FrameDecodeError:
            self.decode_errors += 1
            return None

    def _mark_lost(self) -> None:
        self.connected.clear()  # type: ignore[attr-defined]
        if self._lost_at is None:
            self._lost_at = int(time.time() * 1000)


class UserDataStream(StreamBase):
    """One product's user-data events, typed, as an iterator (``for ev in stream``) or a callback (``on_event``).

    ``with UserDataStream("usdm", api_key=..., api_secret=..., base_url=..., stream_url=...) as s:``.
    ``symbols``: symbols to look at for orders created during a gap (the ones seen are added by themselves).
    ``rest``: a binance_fast REST client to use for listenKeys and reconciliation (optional).
    Counters: ``reconnects``, ``reconciled`` (events synthesized), ``duplicates_dropped``.
    """

    def __init__(self, product: str = "spot", *, api_key: str | None = None, api_secret: str | bytes | None = None,
                 private_key: str | bytes | Path | None = None, private_key_password: str | bytes | None = None,
                 signer: Signer | None = None, base_url: str | None = None, stream_url: str | None = None,
                 ws_api_url: str | None = None, rest: Any = None, symbols: tuple[str, ...] | list[str] = (),
                 on_event: Callable[[Any], None] | None = None, keepalive_interval: float = KEEPALIVE_SECONDS,
                 decimal: bool = False, reconnect_delay: tuple[float, float] = (0.05, 5.0),
                 recv_window: int | None = None, use_ws_api: bool | None = None, timeout: float = 10.0,
                 idle_timeout: float | None = IDLE_TIMEOUT):
        signer = make_signer(api_secret, private_key, private_key_password, signer)
        self._setup(product, api_key, signer, stream_url, ws_api_url, symbols, on_event, keepalive_interval, decimal,
                    reconnect_delay, use_ws_api, timeout, idle_timeout)
        self.rest = RestAccess(product, base_url=base_url, api_key=api_key, signer=signer, client=rest,
                               recv_window=recv_window, timeout=timeout)
        self._queue: queue.Queue[Any] = queue.Queue()
        self._stopped = threading.Event()
        self._api: WebSocketAPI | None = None
        self._ws: websocket.WebSocket | None = None
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self.connected = threading.Event()

    # -- life cycle ------------------------------------------------------------------------------------------
    def __enter__(self) -> UserDataStream:
        self.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    def start(self) -> None:
        self._stopped.clear()
        self._baseline()
        if self.use_ws_api:
            self._start_ws_api()
        else:
            self._connect_listen_key(fresh=True)
            self._spawn(self._keepalive_loop, "keepalive")
        self.connected.set()

    def stop(self) -> None:
        self._stopped.set()
        self.connected.clear()
        if self._api is not None:
            try:
                self._api.user_data_stream_unsubscribe(timeout=1.0)  # type: ignore[attr-defined]
            except Exception:  # closing anyway
                pass
            self._api.close()
        ws, self._ws = self._ws, None
        if ws is not None:
            try:
                ws.close(timeout=0.5)
            except Exception:
                pass
        if self._listen_key and not self.use_ws_api:
            try:
                self.rest.call("DELETE", PRODUCT_PATHS[self.product]["listen_key"], "USER_STREAM",
                               **({"listenKey": self._listen_key} if self.product == "spot" else {}))
            except Exception:
                pass
        for t in self._threads:
            if t is not threading.current_thread():
                t.join(2)
        self._queue.put(None)

    def _spawn(self, fn: Callable[..., None], name: str, *args: Any) -> None:
        t = threading.Thread(target=fn, args=args, name=f"binance_fast.user_data.{name}", daemon=True)
        self._threads = [x for x in self._threads if x.is_alive()] + [t]
        t.start()

    # -- the events -----------------------------------------------------------------------------------------
    def __iter__(self) -> Iterator[Any]:
        while True:
            ev = self._queue.get()
            if ev is None:
                return
            yield ev

    def get(self, timeout: float | None = None) -> Any:
        """The next event; queue.Empty after ``timeout`` seconds."""
        ev = self._queue.get(timeout=timeout)
        if ev is None:
            raise queue.Empty
        return ev

    def _emit(self, ev: Any) -> None:
        if self._on_event is not None:
            try:
                self._on_event(ev)
            except Exception:  # a bot's handler bug must not stop the stream
                pass
        else:
            self._queue.put(ev)

    def _on_frame(self, frame: bytes | str) -> None:
        ev = self._decode(frame)
        if ev is None:
            return
        if getattr(ev, "event_type", None) == "listenKeyExpired" and not self.use_ws_api:
            self._emit(ev)
            self.renewals += 1
            self._spawn(self._reconnect, "renew", True)
            return
        for out in (self.reconciler.admit(ev) if self.reconciler is not None else (ev,)):
            self._emit(out)

    # -- reconciliation -------------------------------------------------------------------------------------
    def _baseline(self) -> None:
        if self.reconciler is not None:
            drive(baseline_steps(self.reconciler, self.product), self.rest.call)

    def reconcile(self, since_ms: int | None = None) -> list[Any]:
        """Ask REST what changed and emit it (done by itself after each reconnect). Returns the events."""
        if self.reconciler is None:
            return []
        events = drive(reconcile_steps(self.reconciler, self.product, self._symbols, since_ms), self.rest.call)
        for ev in events:
            self._emit(ev)
        return events

    def _after_gap(self) -> None:
        self.reconnects += 1
        since, self._lost_at = self._lost_at, None
        try:
            self.reconcile(since)
        except Exception:
            # REST is down too: try again on the next reconnect; the gap start stays
            self._lost_at = since
        self.connected.set()

    # -- spot: the WebSocket API --------------------------------------------------------------------------------
    def _start_ws_api(self) -> None:
        api = WebSocketAPI("spot", url=self.ws_api_url, api_key=self.api_key, signer=self._signer,
                           timeout=self.timeout, reconnect_delay=self.reconnect_delay, on_event=self._on_frame,
                           idle_timeout=self.idle_timeout, connect=False)
        api.add_lost_handler(self._mark_lost)
        api.add_reconnect_handler(self._after_gap)
        api.connect()
        api.user_data_stream_subscribe()  # type: ignore[attr-defined]
        self._api = api

    # -- listenKey streams --------------------------------------------------------------------------------------
    def _new_key(self) -> str:
        # the exchange hands back the same key while it is still active (and extends it): fine
        data = self.rest.call("POST", PRODUCT_PATHS[self.product]["listen_key"], "USER_STREAM")
        self.key_requests += 1
        return data["listenKey"]

    def _connect_listen_key(self, fresh: bool) -> None:
        if fresh or self._listen_key is None:
            self._listen_key = self._new_key()
        ws = websocket.create_connection(f"{self.stream_url}/ws/{self._listen_key}", timeout=self.timeout,
                                         skip_utf8_validation=True)
        ws.settimeout(self.idle_timeout)  # silence past it (no pings either): a dead socket
        self._ws = ws
        self._spawn(self._read_stream, "reader", ws)

    def _read_stream(self, ws: websocket.WebSocket) -> None:
        while not self._stopped.is_set():
            try:
                frame = ws.recv()
            except Exception:
                try:
                    ws.shutdown()
                except Exception:
                    pass
                break
            if not frame:
                if not ws.connected:
                    break
                continue
            self._on_frame(frame)
        if self._stopped.is_set() or self._ws is not ws:
            return
        self._mark_lost()
        self._reconnect(False)

    def _reconnect(self, renew: bool) -> None:
        """A fresh key and a new connection (after a loss, or on listenKeyExpired), then reconciliation."""
        with self._lock:
            old, self._ws = self._ws, None
            if old is not None:
                try:
                    old.close(timeout=0.2)
                except Exception:
                    pass
            if renew:
                self._mark_lost()
            delay, cap = self.reconnect_delay
            while not self._stopped.is_set():
                try:
                    self._connect_listen_key(fresh=True)
                    break
                except Exception:
                    time.sleep(delay)
                    delay = min(cap, delay * 2)
            if self._stopped.is_set():
                return
        self._after_gap()

    def _keepalive_loop(self) -> None:
        path = PRODUCT_PATHS[self.product]["listen_key"]
        while not self._stopped.wait(self.keepalive_interval):
            key = self._listen_key
            if key is None:
                continue
            try:
                self.rest.call("PUT", path, "USER_STREAM", listenKey=key)
                self.keepalives += 1
            except BinanceError:
                # the key is gone (expired, -1125): a fresh one and a reconnect
                self._spawn(self._reconnect, "renew", True)
            except Exception:
                pass
