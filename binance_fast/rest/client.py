"""``Client`` (sync) and ``AsyncClient`` (asyncio): every documented REST endpoint of every product.

    with Client(api_key, api_secret) as client:
        client.spot.depth(symbol="BTCUSDT", limit=5)
        client.usdm.new_order(symbol="BTCUSDT", side="BUY", type="MARKET", quantity="0.01")
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from ..errors import TimestampError, TransportError
from .core import TIME_ENDPOINTS, CallSpec, Core, spec_for
from .limits import RateLimiter
from .namespaces import ASYNC_APIS, SYNC_APIS
from .transport import AiohttpTransport, AsyncTransport, SyncTransport, TransportFailure

_DEFAULTS = dict(private_key=None, private_key_password=None, base_url=None, testnet=False, recv_window=5000,
                 timeout=10.0, typed=False, rate_limit="wait", max_wait=60.0, time_sync=True,
                 time_sync_interval=900.0, hosts=None)


class _Base:
    """Options shared by both clients (see ``Client``)."""

    def __init__(self, api_key: str | None = None, api_secret: str | bytes | None = None, **options: Any):
        unknown = set(options) - set(_DEFAULTS) - {"pool_maxsize", "transport"}
        if unknown:
            raise TypeError(f"unexpected option(s): {', '.join(sorted(unknown))}")
        opts = {**_DEFAULTS, **options}
        opts.pop("pool_maxsize", None)
        if opts.pop("transport", "native") not in ("native", "aiohttp"):
            raise ValueError("transport must be 'native' or 'aiohttp'")
        self._core = Core(api_key, api_secret, **opts)
        self._adhoc: dict = {}

    def __repr__(self) -> str:
        return f"{type(self).__name__}(api_key={'set' if self._core._api_key else None}, hosts={self._core.bases})"

    @property
    def limits(self) -> RateLimiter:
        """Rate-limit state: ``limits["usdm"]`` gives the last X-MBX-USED-WEIGHT-* / ORDER-COUNT-* values."""
        return self._core.limiter

    @property
    def time_offset(self) -> dict[str, int]:
        """Server minus local clock, ms, per host (measured by ``sync_time``)."""
        return dict(self._core.offsets)

    def _spec(self, product: str, method: str, path: str, security: str | None) -> CallSpec:
        return spec_for(product, method, path, security, self._adhoc)


class Client(_Base):
    """Sync REST client of every product: ``client.spot``, ``.usdm``, ``.coinm``, ``.options``, ``.pm``, ``.pmpro``.

    Client(api_key=None, api_secret=None, *, private_key=None, private_key_password=None, base_url=None,
           testnet=False, recv_window=5000, timeout=10, typed=False, rate_limit="wait", max_wait=60,
           time_sync=True, time_sync_interval=900, hosts=None, pool_maxsize=10)

    - ``private_key``: an Ed25519 or RSA PEM (text, bytes or file path) instead of an HMAC ``api_secret``.
    - ``base_url``: send every product to one host (the simulator); ``hosts={"usdm": url}``: per host.
    - ``typed``: decode the hot responses (orders, depth, klines, tickers, account) into msgspec Structs / numpy.
    - ``rate_limit``: "wait" (sleep up to ``max_wait`` s before a call that would exceed a limit), "raise"
      (``ClientRateLimitError`` instead), or "off".
    """

    def __init__(self, api_key: str | None = None, api_secret: str | bytes | None = None, **options: Any):
        super().__init__(api_key, api_secret, **options)
        self._transport = SyncTransport(self._core.timeout, options.get("pool_maxsize", 10))
        for product, cls in SYNC_APIS.items():
            setattr(self, product, cls(self))

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        self._transport.close()

    # -- the call path ---------------------------------------------------------------------------------
    def _call(self, spec: CallSpec, params: dict[str, Any], _retried: bool = False) -> Any:
        core = self._core
        wait = core.admit(spec, params)
        if wait:
            time.sleep(wait)
        if spec.signed and core.time_sync and (host := core.needs_sync(spec)):
            self.sync_time(host)
        coids, sent_params, target, body, headers = core.prepare(spec, params)
        try:
            status, hdrs, data = self._transport.request(core.base(spec.host), spec.method, target, body, headers,
                                                         spec.retry_safe)
        except TransportFailure as exc:
            raise core.no_answer(spec, exc, coids) from exc
        try:
            return core.finish(spec, status, hdrs, data, coids, core.typed)
        except TimestampError:
            # clock drift: measure again, and retry once where sending twice is harmless
            if _retried or not spec.retry_safe:
                raise
            self.sync_time(core.time_host(spec))
            return self._call(spec, sent_params, True)

    def request(self, product: str, method: str, path: str, /, *, security: str | None = None, **params: Any) -> Any:
        """Call any endpoint: one of the table (checked like the methods) or one it lacks (``security`` says how
        to sign it: NONE, USER_STREAM, MARKET_DATA, TRADE, USER_DATA)."""
        return self._call(self._spec(product, method, path, security), params)

    def sync_time(self, host: str = "spot", samples: int = 3) -> int:
        """Measure the server-time offset of ``host`` (median of ``samples`` round trips); returns it in ms."""
        time_host, path = TIME_ENDPOINTS.get(host, TIME_ENDPOINTS["spot"])
        base = self._core.base(time_host)
        samples_ = []
        for _ in range(samples):
            t0 = time.time_ns() // 1_000_000
            try:
                answer = self._transport.request(base, "GET", path, None, {})
            except TransportFailure as exc:
                raise TransportError(f"time sync with {base}: {exc}", cause=exc) from exc
            samples_.append((t0, answer, time.time_ns() // 1_000_000))
        return self._core.record_time(time_host, samples_, base + path)

    def load_limits(self, product: str = "spot") -> None:
        """Take the limits of ``product``'s host from its exchangeInfo (the limiter starts with the docs' defaults)."""
        self.request(product, "GET", exchange_info_path(product))


class AsyncClient(_Base):
    """The asyncio twin of ``Client`` (same options and methods; each method returns an awaitable).

    ``transport="aiohttp"`` runs it on aiohttp instead of its own asyncio connections (default "native").

        async with AsyncClient(key, secret) as client:
            await client.usdm.new_order(symbol="BTCUSDT", side="BUY", type="MARKET", quantity="0.01")
    """

    def __init__(self, api_key: str | None = None, api_secret: str | bytes | None = None, **options: Any):
        super().__init__(api_key, api_secret, **options)
        transport = AiohttpTransport if options.get("transport") == "aiohttp" else AsyncTransport
        self._transport = transport(self._core.timeout, options.get("pool_maxsize", 100))
        self._sync_lock: asyncio.Lock | None = None
        for product, cls in ASYNC_APIS.items():
            setattr(self, product, cls(self))

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()

    async def close(self) -> None:
        await self._transport.close()

    async def _call(self, spec: CallSpec, params: dict[str, Any], _retried: bool = False) -> Any:
        core = self._core
        wait = core.admit(spec, params)
        if wait:
            await asyncio.sleep(wait)
        if spec.signed and core.time_sync and (host := core.needs_sync(spec)):
            await self._sync_once(host)
        coids, sent_params, target, body, headers = core.prepare(spec, params)
        try:
            status, hdrs, data = await self._transport.request(core.base(spec.host), spec.method, target, body,
                                                               headers, spec.retry_safe)
        except TransportFailure as exc:
            raise core.no_answer(spec, exc, coids) from exc
        try:
            return core.finish(spec, status, hdrs, data, coids, core.typed)
        except TimestampError:
            if _retried or not spec.retry_safe:
                raise
            await self.sync_time(core.time_host(spec))
            return await self._call(spec, sent_params, True)

    async def _sync_once(self, host: str) -> None:
        # concurrent first calls share one measurement
        if self._sync_lock is None:
            self._sync_lock = asyncio.Lock()
        async with self._sync_lock:
            if self._core.stale(host):
                await self.sync_time(host)

    def request(self, product: str, method: str, path: str, /, *, security: str | None = None, **params: Any):
        """Call any endpoint (see ``Client.request``); returns an awaitable."""
        return self._call(self._spec(product, method, path, security), params)

    async def sync_time(self, host: str = "spot", samples: int = 3) -> int:
        """Measure the server-time offset of ``host`` (median of ``samples`` round trips); returns it in ms."""
        time_host, path = TIME_ENDPOINTS.get(host, TIME_ENDPOINTS["spot"])
        base = self._core.base(time_host)
        samples_ = []
        for _ in range(samples):
            t0 = time.time_ns() // 1_000_000
            try:
                answer = await self._transport.request(base, "GET", path, None, {})
            except TransportFailure as exc:
                raise TransportError(f"time sync with {base}: {exc}", cause=exc) from exc
            samples_.append((t0, answer, time.time_ns() // 1_000_000))
        return self._core.record_time(time_host, samples_, base + path)

    async def load_limits(self, product: str = "spot") -> None:
        """Take the limits of ``product``'s host from its exchangeInfo."""
        await self.request(product, "GET", exchange_info_path(product))


def exchange_info_path(product: str) -> str:
    try:
        return EXCHANGE_INFO[product]
    except KeyError:
        raise ValueError(f"{product} has no exchangeInfo; one of {', '.join(EXCHANGE_INFO)}") from None


EXCHANGE_INFO = {"spot": "/api/v3/exchangeInfo", "usdm": "/fapi/v1/exchangeInfo", "coinm": "/dapi/v1/exchangeInfo",
                 "options": "/eapi/v1/exchangeInfo"}
