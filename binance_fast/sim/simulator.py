"""The Simulator face: start the exchange on loopback in a background thread (``with``) or the current loop."""

from __future__ import annotations

import asyncio
import hashlib
import threading
from collections.abc import Callable
from typing import Any

from aiohttp import web

from .accounts import Account, make_key
from .app import SBE_STREAM_PREFIX, STREAM_PREFIX, build_app, build_dispatcher
from .exchange import Exchange
from .faults import Faults
from .ratelimit import RateLimiter, RateLimits
from .sbe import SbeStreamHub
from .streams import StreamConfig, StreamHub
from .symbols import SymbolSpec

PRODUCT_STREAMS = ("spot", "usdm", "coinm")


class Simulator:
    """A Binance-compatible exchange on 127.0.0.1 (real HTTP + WebSocket servers, aiohttp).

    ``with Simulator(seed=1) as sim:`` runs it in a background thread with its own loop;
    ``async with Simulator() as sim:`` runs it on the running loop. ``sim.test_key`` / ``sim.test_secret``
    is a ready HMAC account. ``tick_interval`` is the wall time of one 50 ms market tick (smaller: faster market).
    """

    def __init__(self, seed: int = 0, symbols: list[SymbolSpec] | list[str] | None = None, *,
                 host: str = "127.0.0.1", port: int = 0, tick_interval: float = 0.05,
                 rate_limits: RateLimits | None = None, ping_interval: float | None = None,
                 pong_timeout: float | None = None, max_messages_per_second: int | None = None,
                 listen_key_ttl: float = 3600.0, history_ticks: int = 120, run_market: bool = True,
                 endpoint_routes: list | None = None, levels: int = 30, taker_prob: float = 0.35,
                 sbe_any_key: bool = False):
        self.seed = seed
        self.host = host
        self.port = port
        self.tick_interval = tick_interval
        self.run_market = run_market
        self.exchange = Exchange(seed, symbols, listen_key_ttl=listen_key_ttl, history_ticks=history_ticks,
                                 levels=levels, taker_prob=taker_prob)
        self.exchange.publish = self._publish_user
        self.faults = Faults(self)
        self.limiter = RateLimiter(rate_limits)
        self.hubs = {p: StreamHub(self, p, StreamConfig(p, ping_interval=ping_interval, pong_timeout=pong_timeout,
                                                         max_messages_per_second=max_messages_per_second))
                     for p in PRODUCT_STREAMS}
        # stream-sbe: after the spot hub, whose depth windows it re-encodes (see sim/sbe.py)
        self.hubs["sbe"] = SbeStreamHub(self, StreamConfig("spot", ping_interval=ping_interval,
                                                           pong_timeout=pong_timeout,
                                                           max_messages_per_second=max_messages_per_second),
                                        any_key=sbe_any_key)
        self._user_conns: dict[str, set] = {}
        self.ws_api: Any = None  # the WebSocket API server, set when build_app mounts it
        self.dispatcher = build_dispatcher(self, endpoint_routes)
        digest = hashlib.sha512(f"binance_fast.sim:{seed}".encode()).digest()
        self.test_key = make_key(digest)
        self.test_secret = make_key(hashlib.sha512(digest).digest())
        self.test_account = self.exchange.accounts.add(self.test_key, secret=self.test_secret)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._tasks: list[asyncio.Task] = []
        self._paused = not run_market
        self._flush_scheduled = False
        self._stopped = threading.Event()

    # -- URLs ------------------------------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def stream_url(self) -> str:
        return f"ws://{self.host}:{self.port}"

    def stream_url_for(self, product: str) -> str:
        """Stream base of ``product`` (spot, usdm, coinm); append /ws/<stream> or /stream?streams=..."""
        return self.stream_url + STREAM_PREFIX[product]

    @property
    def sbe_stream_url(self) -> str:
        """The SBE market-data stream base (stream-sbe.binance.com): ``StreamClient(base_url=..., sbe=True)``."""
        return self.stream_url + SBE_STREAM_PREFIX

    @property
    def ws_api_url(self) -> str:
        """The spot WebSocket API (``ws_api_url_for("usdm")`` for the USD-M one)."""
        return f"ws://{self.host}:{self.port}/ws-api/v3"

    def ws_api_url_for(self, product: str) -> str:
        return {"spot": self.ws_api_url, "usdm": f"ws://{self.host}:{self.port}/ws-fapi/v1",
                "coinm": f"ws://{self.host}:{self.port}/ws-dapi/v1"}[product]

    # -- control API -------------------------------------------------------------------------------------------
    def add_account(self, api_key: str, *, secret: str | bytes | None = None,
                    public_key_pem: str | bytes | None = None, balances: dict | None = None,
                    futures_balances: dict | None = None, coinm_balances: dict | None = None,
                    can_trade: bool = True, account: Account | None = None) -> Account:
        """Register a key (HMAC secret, or an RSA / Ed25519 public key) with its balances."""
        return self._call(self.exchange.accounts.add, api_key, secret=secret, public_key_pem=public_key_pem,
                          balances=balances, futures_balances=futures_balances, coinm_balances=coinm_balances,
                          can_trade=can_trade, account=account)

    def book(self, product: str, symbol: str, limit: int = 5000, numeric: bool = False):
        """The simulator's own book: (lastUpdateId, bids, asks), best first; levels as (price, qty) strings,
        or floats with ``numeric=True`` (for convergence checks of a local book)."""
        return self._call(self.exchange.book, product, symbol, limit, numeric)

    def step(self, ticks: int = 1, *, market: bool = True) -> None:
        """Advance ``ticks`` ticks now, streams included; ``market=False`` moves only the stream clocks
        (pending depth windows go out, the book stays as it is: a quiet point for convergence checks)."""
        def run():
            for _ in range(ticks):
                self._tick(market)
        self._call(run)

    def pause_market(self) -> None:
        # set on the loop thread: returns only once a tick in flight has finished
        self._call(setattr, self, "_paused", True)

    def resume_market(self) -> None:
        self._paused = False

    def messages_sent(self) -> int:
        return sum(h.messages_sent for h in self.hubs.values())

    def _call(self, fn: Callable, *args: Any, **kwargs: Any) -> Any:
        """Run ``fn`` on the simulator's loop thread (directly where we are already on it)."""
        loop = self._loop
        if loop is None or self._thread is None or threading.current_thread() is self._thread:
            return fn(*args, **kwargs)

        async def run():
            return fn(*args, **kwargs)
        return asyncio.run_coroutine_threadsafe(run(), loop).result(30)

    def _drop_connections(self, product: str | None) -> int:
        dropped = sum(h.drop_all() for h in self.hubs.values() if product in (None, h.product))
        return dropped + (self.ws_api.drop_all(product) if self.ws_api is not None else 0)

    # -- user data ----------------------------------------------------------------------------------------------
    def _publish_user(self, account: Account, product: str, event: dict) -> None:
        key = self.exchange.listen_keys.key_of(account, product)
        if key is None:
            return
        conns = self._user_conns.get(key)
        if not conns:
            return
        hub = self.hubs[product]
        for conn in conns:
            hub.send_user_event(conn, event)
        if not self._flush_scheduled and self._loop is not None:
            self._flush_scheduled = True
            self._loop.call_soon(self._flush_all)

    def _flush_all(self) -> None:
        self._flush_scheduled = False
        for h in self.hubs.values():
            h.flush()

    # -- running -------------------------------------------------------------------------------------------------
    def _tick(self, market: bool = True) -> None:
        if market:
            self.exchange.step()
        else:
            for v in self.exchange.venues.values():
                v.tick += 1
        for h in self.hubs.values():
            h.tick()
            h.flush()

    async def _market_loop(self) -> None:
        loop = asyncio.get_running_loop()
        interval = self.tick_interval
        next_t = loop.time()
        while True:
            next_t += interval
            delay = next_t - loop.time()
            # always yield: a market that cannot keep pace must not starve the servers
            await asyncio.sleep(delay if delay > 0 else 0)
            if delay < -1.0:
                next_t = loop.time()  # far behind (a paused debugger, a loaded machine): do not burst
            if not self._paused:
                self._tick()

    async def _housekeeping(self) -> None:
        while True:
            await asyncio.sleep(min(1.0, max(0.05, min(h.config.ping_interval for h in self.hubs.values()) / 4)))
            for h in self.hubs.values():
                await h.housekeeping()
            for key, product in self.exchange.listen_keys.expired():
                conns = self._user_conns.pop(key, set())
                hub = self.hubs[product]
                now = self.exchange.now()
                for c in conns:
                    hub.send_user_event(c, {"e": "listenKeyExpired", "E": now, "listenKey": key})
                hub.flush()

    async def astart(self) -> "Simulator":
        self._loop = asyncio.get_running_loop()
        app = build_app(self, self.dispatcher)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=0.5,
                                     max_line_size=65536)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port, reuse_address=True)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self._tasks = [asyncio.ensure_future(self._market_loop()), asyncio.ensure_future(self._housekeeping())]
        return self

    async def astop(self) -> None:
        for t in self._tasks:
            t.cancel()
        for t in self._tasks:
            try:
                await t
            except (asyncio.CancelledError, Exception):
                pass
        self._tasks = []
        for h in self.hubs.values():
            h.drop_all()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> "Simulator":
        return await self.astart()

    async def __aexit__(self, *exc: Any) -> None:
        await self.astop()
        self._loop = None

    def start(self) -> "Simulator":
        """Run in a background thread with its own event loop; returns once the port is bound."""
        started = threading.Event()
        errors: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            try:
                loop.run_until_complete(self.astart())
            except BaseException as exc:  # report start-up failures to the caller
                errors.append(exc)
                started.set()
                return
            started.set()
            try:
                loop.run_until_complete(self._wait_stop())
                loop.run_until_complete(self.astop())
            finally:
                loop.close()

        self._stopped.clear()
        self._thread = threading.Thread(target=run, name=f"binance_fast.sim:{self.seed}", daemon=True)
        self._thread.start()
        started.wait(10)
        if errors:
            raise errors[0]
        return self

    async def _wait_stop(self) -> None:
        while not self._stopped.is_set():
            await asyncio.sleep(0.05)

    def stop(self) -> None:
        self._stopped.set()
        if self._thread is not None:
            self._thread.join(10)
            self._thread = None
        self._loop = None

    def __enter__(self) -> "Simulator":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"Simulator(seed={self.seed}, base_url={self.base_url!r})"
