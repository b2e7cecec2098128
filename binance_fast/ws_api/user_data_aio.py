"""The asyncio twin of ``UserDataStream``: ``async for ev in stream`` (or ``on_event``), reconciled after reconnects.

Same routes and rules as the sync stream (spot Ed25519: ``userDataStream.subscribe`` over the WebSocket API;
otherwise a listenKey stream with 30-minute keepalives, renewal on ``listenKeyExpired``, a fresh key after a
reconnect), the same ``Reconciler`` and REST steps, driven with aiohttp.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any

import aiohttp

from ..errors import BinanceError
from ..signing import Signer
from ._core import IDLE_TIMEOUT, make_signer
from .aio import AsyncWebSocketAPI
from .user_data import (KEEPALIVE_SECONDS, PRODUCT_PATHS, RestAccess, Step, StreamBase, baseline_steps,
                        reconcile_steps)

__all__ = ["AsyncUserDataStream", "AsyncRestAccess", "adrive"]


class AsyncRestAccess(RestAccess):
    """The stream's REST calls over aiohttp, or through a given async client with
    ``await request(product, method, path, *, security=..., **params)``."""

    def __init__(self, product: str, *, base_url: str | None, api_key: str | None, signer: Signer | None,
                 client: Any = None, recv_window: int | None = None, timeout: float = 10.0,
                 session: aiohttp.ClientSession | None = None):
        super().__init__(product, base_url=base_url, api_key=api_key, signer=signer, client=client,
                         recv_window=recv_window, timeout=timeout)
        self.session = session
        self._own_session = session is None

    async def call(self, method: str, path: str, security: str, **params: Any) -> Any:  # type: ignore[override]
        if self.client is not None:
            return await self.client.request(self.product, method, path, security=security, **params)
        if self.session is None:
            self.session = aiohttp.ClientSession()
        url, headers = self.target(method, path, security, params)
        async with self.session.request(method, url, headers=headers,
                                        timeout=aiohttp.ClientTimeout(total=self.timeout)) as r:
            return self.answer(r.status, await r.read(), r.headers)

    async def close(self) -> None:
        if self.session is not None and self._own_session:
            await self.session.close()
            self.session = None


async def adrive(steps: Generator[Step, Any, Any], call: Callable[..., Any]) -> Any:
    """``drive`` with an async ``call``."""
    try:
        step = next(steps)
        while True:
            method, path, security, params = step
            try:
                result = await call(method, path, security, **params)
            except BinanceError:
                if path.endswith("/order"):
                    result = None
                else:
                    raise
            step = steps.send(result)
    except StopIteration as done:
        return done.value


class AsyncUserDataStream(StreamBase):
    """One product's user-data events, typed: ``async with AsyncUserDataStream(...) as s: async for ev in s``.

    Arguments as ``UserDataStream``; ``rest``: an async REST client (``await rest.request(...)``), optional.
    """

    def __init__(self, product: str = "spot", *, api_key: str | None = None, api_secret: str | bytes | None = None,
                 private_key: str | bytes | Path | None = None, private_key_password: str | bytes | None = None,
                 signer: Signer | None = None, base_url: str | None = None, stream_url: str | None = None,
                 ws_api_url: str | None = None, rest: Any = None, symbols: tuple[str, ...] | list[str] = (),
                 on_event: Callable[[Any], Any] | None = None, keepalive_interval: float = KEEPALIVE_SECONDS,
                 decimal: bool = False, reconnect_delay: tuple[float, float] = (0.05, 5.0),
                 recv_window: int | None = None, use_ws_api: bool | None = None, timeout: float = 10.0,
                 idle_timeout: float | None = IDLE_TIMEOUT):
        signer = make_signer(api_secret, private_key, private_key_password, signer)
        self._setup(product, api_key, signer, stream_url, ws_api_url, symbols, on_event, keepalive_interval, decimal,
                    reconnect_delay, use_ws_api, timeout, idle_timeout)
        self.rest = AsyncRestAccess(product, base_url=base_url, api_key=api_key, signer=signer, client=rest,
                                    recv_window=recv_window, timeout=timeout)
        self._queue: asyncio.Queue[Any] = asyncio.Queue()
        self._stopped = False
        self._api: AsyncWebSocketAPI | None = None
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._session: aiohttp.ClientSession | None = None
        self._tasks: list[asyncio.Task] = []
        self._reconnecting = asyncio.Lock()
        self.connected = asyncio.Event()

    async def __aenter__(self) -> AsyncUserDataStream:
        await self.start()
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.stop()

    async def start(self) -> None:
        self._stopped = False
        if self.reconciler is not None:
            await adrive(baseline_steps(self.reconciler, self.product), self.rest.call)
        if self.use_ws_api:
            api = AsyncWebSocketAPI("spot", url=self.ws_api_url, api_key=self.api_key, signer=self._signer,
                                    timeout=self.timeout, reconnect_delay=self.reconnect_delay,
                                    on_event=self._on_frame, idle_timeout=self.idle_timeout)
            api.add_lost_handler(self._mark_lost)
            api.add_reconnect_handler(self._after_gap)
            await api.connect()
            await api.user_data_stream_subscribe()  # type: ignore[attr-defined]
            self._api = api
        else:
            self._session = aiohttp.ClientSession()
            await self._connect_listen_key()
            self._tasks.append(asyncio.ensure_future(self._keepalive_loop()))
        self.connected.set()

    async def stop(self) -> None:
        self._stopped = True
        self.connected.clear()
        if self._api is not None:
            with contextlib.suppress(Exception):
                await self._api.user_data_stream_unsubscribe(timeout=1.0)  # type: ignore[attr-defined]
            await self._api.close()
        if self._ws is not None:
            await self._ws.close()
        if self._listen_key and not self.use_ws_api:
            with contextlib.suppress(Exception):
                await self.rest.call("DELETE", PRODUCT_PATHS[self.product]["listen_key"], "USER_STREAM",
                                     **({"listenKey": self._listen_key} if self.product == "spot" else {}))
        for t in self._tasks:
            if t is not asyncio.current_task():
                t.cancel()
        for t in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await t
        self._tasks = []
        if self._session is not None:
            await self._session.close()
        await self.rest.close()
        self._queue.put_nowait(None)

    # -- the events -----------------------------------------------------------------------------------------
    def __aiter__(self) -> AsyncUserDataStream:
        return self

    async def __anext__(self) -> Any:
        ev = await self._queue.get()
        if ev is None:
            raise StopAsyncIteration
        return ev

    async def get(self, timeout: float | None = None) -> Any:
        """The next event; asyncio.TimeoutError after ``timeout`` seconds."""
        ev = await asyncio.wait_for(self._queue.get(), timeout)
        if ev is None:
            raise StopAsyncIteration
        return ev

    async def _emit(self, ev: Any) -> None:
        if self._on_event is None:
            self._queue.put_nowait(ev)
            return
        try:
            r = self._on_event(ev)
            if asyncio.iscoroutine(r):
                await r
        except Exception:  # a bot's handler bug must not stop the stream
            pass

    async def _on_frame(self, frame: bytes | str) -> None:
        ev = self._decode(frame)
        if ev is None:
            return
        if getattr(ev, "event_type", None) == "listenKeyExpired" and not self.use_ws_api:
            await self._emit(ev)
            self.renewals += 1
            self._tasks.append(asyncio.ensure_future(self._reconnect(renew=True)))
            return
        for out in (self.reconciler.admit(ev) if self.reconciler is not None else (ev,)):
            await self._emit(out)

    async def reconcile(self, since_ms: int | None = None) -> list[Any]:
        """Ask REST what changed and emit it (done by itself after each reconnect). Returns the events."""
        if self.reconciler is None:
            return []
        events = await adrive(reconcile_steps(self.reconciler, self.product, self._symbols, since_ms),
                              self.rest.call)
        for ev in events:
            await self._emit(ev)
        return events

    async def _after_gap(self) -> None:
        self.reconnects += 1
        since, self._lost_at = self._lost_at, None
        try:
            await self.reconcile(since)
        except Exception:
            self._lost_at = since  # REST down too: the next reconnect tries again
        self.connected.set()

    # -- listenKey streams --------------------------------------------------------------------------------------
    async def _connect_listen_key(self) -> None:
        data = await self.rest.call("POST", PRODUCT_PATHS[self.product]["listen_key"], "USER_STREAM")
        self.key_requests += 1
        self._listen_key = data["listenKey"]
        assert self._session is not None
        self._ws = await self._session.ws_connect(
            f"{self.stream_url}/ws/{self._listen_key}", autoping=True, max_msg_size=0,
            timeout=aiohttp.ClientWSTimeout(ws_receive=self.idle_timeout, ws_close=1.0))
        self._tasks = [t for t in self._tasks if not t.done()]
        self._tasks.append(asyncio.ensure_future(self._read(self._ws)))

    async def _read(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        with contextlib.suppress(Exception):
            async for msg in ws:
                if msg.type not in (aiohttp.WSMsgType.TEXT, aiohttp.WSMsgType.BINARY):
                    break
                await self._on_frame(msg.data)
        if self._stopped or self._ws is not ws:
            return
        if not ws.closed:  # idle-timed-out: still open
            with contextlib.suppress(Exception):
                await asyncio.wait_for(ws.close(), 1.0)
        self._mark_lost()
        await self._reconnect(renew=False)

    async def _reconnect(self, renew: bool) -> None:
        async with self._reconnecting:
            old, self._ws = self._ws, None
            if old is not None:
                await old.close()
            if renew:
                self._mark_lost()
            delay, cap = self.reconnect_delay
            while not self._stopped:
                try:
                    await self._connect_listen_key()
                    break
                except Exception:
                    await asyncio.sleep(delay)
                    delay = min(cap, delay * 2)
            if self._stopped:
                return
        await self._after_gap()

    async def _keepalive_loop(self) -> None:
        path = PRODUCT_PATHS[self.product]["listen_key"]
        while not self._stopped:
            await asyncio.sleep(self.keepalive_interval)
            key = self._listen_key
            if key is None:
                continue
            try:
                await self.rest.call("PUT", path, "USER_STREAM", listenKey=key)
                self.keepalives += 1
            except BinanceError:
                self._tasks.append(asyncio.ensure_future(self._reconnect(renew=True)))
            except Exception:
                pass
