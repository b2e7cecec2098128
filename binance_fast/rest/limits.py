"""Rate limits: what the exchange reports (X-MBX-USED-WEIGHT-*, X-MBX-ORDER-COUNT-*) and a client-side limiter.

The limiter keeps one fixed window per (host, limit kind, interval), aligned to the clock like Binance's, counts
each call's table weight before sending, takes the exchange's own count from every response, and after a 429/418
stops every call to that host until Retry-After has passed. It waits (``mode="wait"``, up to ``max_wait``
seconds) or raises ``ClientRateLimitError`` (``mode="raise"``) instead of sending a call that would earn a 429.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Mapping
from typing import Any

from ..errors import ClientRateLimitError

_INTERVAL_SECONDS = {"SECOND": 1, "MINUTE": 60, "HOUR": 3600, "DAY": 86400}
_SUFFIX_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}

# Per host, from the docs' exchangeInfo examples and limits pages; ``load_exchange_info`` replaces them.
DEFAULT_LIMITS: dict[str, tuple[tuple[str, int, int], ...]] = {
    # (kind, interval seconds, limit)
    "spot": (("REQUEST_WEIGHT", 60, 6000), ("ORDERS", 10, 100), ("ORDERS", 86400, 200000),
             ("RAW_REQUESTS", 300, 61000), ("UID_WEIGHT", 60, 180000)),
    "usdm": (("REQUEST_WEIGHT", 60, 2400), ("ORDERS", 10, 300), ("ORDERS", 60, 1200)),
    "coinm": (("REQUEST_WEIGHT", 60, 2400), ("ORDERS", 60, 1200)),
    "options": (("REQUEST_WEIGHT", 60, 400), ("ORDERS", 10, 100), ("ORDERS", 60, 1200)),
    "pm": (("REQUEST_WEIGHT", 60, 6000), ("ORDERS", 60, 1200)),
}

def _header_interval(suffix: str) -> int | None:
    try:
        return int(suffix[:-1]) * _SUFFIX_SECONDS[suffix[-1]]
    except (ValueError, KeyError, IndexError):
        return None


class Window:
    """One fixed window: ``used`` of ``limit`` since ``start`` (clock-aligned)."""

    __slots__ = ("kind", "seconds", "limit", "start", "used")

    def __init__(self, kind: str, seconds: int, limit: int):
        self.kind = kind
        self.seconds = seconds
        self.limit = limit
        self.start = 0.0
        self.used = 0

    def roll(self, now: float) -> None:
        start = now - (now % self.seconds)
        if start != self.start:
            self.start = start
            self.used = 0

    def __repr__(self) -> str:
        return f"Window({self.kind} {self.used}/{self.limit} per {self.seconds}s)"


class HostLimits:
    """The windows of one host, the exchange's last reported counts, and a 429 block."""

    __slots__ = ("weight", "orders", "uid", "windows", "reported", "blocked_until")

    def __init__(self, limits: Iterable[tuple[str, int, int]]):
        self.blocked_until = 0.0
        self.reported: dict[str, int] = {}
        self.set_limits(limits)

    def set_limits(self, limits: Iterable[tuple[str, int, int]]) -> None:
        self.windows = [Window(k, s, n) for k, s, n in limits]
        self.weight = [w for w in self.windows if w.kind == "REQUEST_WEIGHT"]
        self.orders = [w for w in self.windows if w.kind == "ORDERS"]
        self.uid = [w for w in self.windows if w.kind == "UID_WEIGHT"]


class RateLimiter:
    """Client-side limits for every host, and ``client.limits``: ``limits["spot"]`` -> the last reported counts."""

    def __init__(self, mode: str = "wait", max_wait: float = 60.0, clock=time.time):
        if mode not in ("wait", "raise", "off"):
            raise ValueError("rate_limit must be 'wait', 'raise' or 'off'")
        self.mode = mode
        self.max_wait = max_wait
        self._clock = clock
        self._lock = threading.Lock()     # a sync Client may be shared by threads
        self.hosts: dict[str, HostLimits] = {h: HostLimits(lims) for h, lims in DEFAULT_LIMITS.items()}

    def __getitem__(self, host: str) -> dict[str, int]:
        """The exchange's last reported usage on a host: {"x-mbx-used-weight-1m": 12, ...}."""
        return dict(self._host(host).reported)

    def __repr__(self) -> str:
        return f"RateLimiter(mode={self.mode!r}, {dict((h, v.reported) for h, v in self.hosts.items())})"

    def _host(self, host: str) -> HostLimits:
        h = self.hosts.get(host)
        if h is None:
            h = self.hosts[host] = HostLimits(DEFAULT_LIMITS["spot"])
        return h

    def windows(self, host: str) -> list[Window]:
        return list(self._host(host).windows)

    def blocked_for(self, host: str) -> float:
        """Seconds left of a 429/418 block on ``host`` (0 when free)."""
        return max(0.0, self._host(host).blocked_until - self._clock())

    # -- before a call -----------------------------------------------------------------------------------
    def acquire(self, host: str, weight: int, orders: int, uid: bool = False) -> float:
        """Count a call; returns seconds to wait first (0.0 when it may go now), or raises ClientRateLimitError."""
        if self.mode == "off":
            # no prediction; but after a 429/418 nothing goes out before Retry-After (more would earn a ban)
            h = self.hosts.get(host)
            if h is not None and h.blocked_until:
                wait = h.blocked_until - self._clock()
                if wait > 0:
                    raise ClientRateLimitError(0, None, f"{host}: blocked after a 429/418 for {wait:.1f}s more",
                                               None, retry_after=wait)
            return 0.0
        with self._lock:
            return self._acquire(host, weight, orders, uid)

    def _acquire(self, host: str, weight: int, orders: int, uid: bool) -> float:
        h = self.hosts.get(host) or self._host(host)
        now = self._clock()
        wait = h.blocked_until - now
        if wait > 0:
            return self._wait_or_raise(wait, f"{host}: blocked after a 429/418 for {wait:.1f}s more")
        wait = 0.0
        windows = h.uid if uid else h.weight
        for w in windows:
            w.roll(now)
            if weight and w.used + weight > w.limit:
                wait = max(wait, w.start + w.seconds - now)
        if orders:
            for w in h.orders:
                w.roll(now)
                if w.used + orders > w.limit:
                    wait = max(wait, w.start + w.seconds - now)
        if wait > 0:
            wait = self._wait_or_raise(wait, f"{host}: the call (weight {weight}, orders {orders}) would exceed "
                                             f"a rate limit; next window in {wait:.2f}s")
            now += wait
            for w in windows:
                w.roll(now)
            for w in h.orders:
                w.roll(now)
        for w in windows:
            w.used += weight
        if orders:
            for w in h.orders:
                w.used += orders
        return wait

    def _wait_or_raise(self, wait: float, message: str) -> float:
        if self.mode == "raise" or wait > self.max_wait:
            raise ClientRateLimitError(0, None, message, None, retry_after=wait)
        return wait

    # -- after a response --------------------------------------------------------------------------------
    def update(self, host: str, headers: Mapping[str, str]) -> None:
        """Take the exchange's counts from a response's headers (a case-insensitive mapping)."""
        h = None
        now = 0.0
        for name in headers:
            if name[0] not in "xX":            # cheap filter: most headers are not ours
                continue
            lname = name.lower()
            if lname.startswith("x-mbx-"):
                if lname.startswith("x-mbx-used-weight-"):
                    kind, suffix = "REQUEST_WEIGHT", lname[18:]
                elif lname.startswith("x-mbx-order-count-"):
                    kind, suffix = "ORDERS", lname[18:]
                else:
                    continue
            elif lname.startswith("x-sapi-used-"):
                if lname.startswith("x-sapi-used-ip-weight-"):
                    kind, suffix = "REQUEST_WEIGHT", lname[22:]
                elif lname.startswith("x-sapi-used-uid-weight-"):
                    kind, suffix = "UID_WEIGHT", lname[23:]
                else:
                    continue
            else:
                continue
            try:
                used = int(headers[name])
            except (ValueError, TypeError):
                continue
            if h is None:
                h = self.hosts.get(host) or self._host(host)
                now = self._clock()
            h.reported[lname] = used
            seconds = _header_interval(suffix)
            with self._lock:
                for w in h.windows:
                    if w.seconds == seconds and w.kind == kind:
                        w.roll(now)
                        if used > w.used:
                            w.used = used

    def block(self, host: str, retry_after: float | None) -> None:
        """After a 429/418: no call to ``host`` until Retry-After has passed (60 s when the header is missing)."""
        h = self._host(host)
        h.blocked_until = max(h.blocked_until, self._clock() + (retry_after if retry_after is not None else 60.0))

    def load_exchange_info(self, host: str, info: Mapping[str, Any]) -> None:
        """Replace a host's limits with exchangeInfo's ``rateLimits``."""
        limits = []
        for rl in info.get("rateLimits") or ():
            try:
                seconds = _INTERVAL_SECONDS[rl["interval"]] * int(rl.get("intervalNum", 1))
                limits.append((str(rl["rateLimitType"]), seconds, int(rl["limit"])))
            except (KeyError, TypeError, ValueError):
                continue
        if limits:
            h = self._host(host)
            uid = [w for w in h.windows if w.kind == "UID_WEIGHT"]
            h.set_limits(limits + [(w.kind, w.seconds, w.limit) for w in uid])
