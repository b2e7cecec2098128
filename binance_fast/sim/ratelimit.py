"""Request-weight and order-count limits per product, with the exchange's headers, 429s and 418 bans."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from .errors import SimError


@dataclass
class RateLimits:
    """Limits of one Simulator. The defaults are the exchange's; tests lower them to hit them cheaply."""

    spot_weight_per_minute: int = 6000
    futures_weight_per_minute: int = 2400
    spot_orders_per_10s: int = 100
    spot_orders_per_day: int = 200_000
    futures_orders_per_10s: int = 300
    futures_orders_per_minute: int = 1200
    minute_seconds: float = 60.0  # length of the "1M" window (shorten in tests)
    ban_after: int = 5  # requests sent after a 429, inside its Retry-After, before the IP is banned (418)
    ban_seconds: float = 120.0
    enabled: bool = True


class _Window:
    __slots__ = ("length", "start", "count")

    def __init__(self, length: float):
        self.length = length
        self.start = 0.0
        self.count = 0

    def add(self, now: float, n: int) -> int:
        start = math.floor(now / self.length) * self.length
        if start != self.start:
            self.start = start
            self.count = 0
        self.count += n
        return self.count

    def peek(self, now: float) -> int:
        return self.count if math.floor(now / self.length) * self.length == self.start else 0

    def retry_after(self, now: float) -> int:
        return max(1, math.ceil(self.start + self.length - now))


class RateLimiter:
    """Counts weight per (limit group, ip) and orders per (limit group, account)."""

    def __init__(self, limits: RateLimits | None = None, clock=time.time):
        self.limits = limits or RateLimits()
        self.clock = clock
        self._weight: dict[tuple[str, str], _Window] = {}
        self._orders: dict[tuple[str, int, str], _Window] = {}
        self._over: dict[tuple[str, str], tuple[float, int]] = {}  # 429 until, requests since
        self._banned: dict[tuple[str, str], float] = {}

    def reset(self) -> None:
        self._weight.clear()
        self._orders.clear()
        self._over.clear()
        self._banned.clear()

    def _weight_limit(self, group: str) -> int:
        return self.limits.spot_weight_per_minute if group == "spot" else self.limits.futures_weight_per_minute

    def charge(self, group: str, ip: str, weight: int) -> dict[str, str]:
        """Count a request's weight; raise SimError 429 / 418 past the limit. Returns the weight header."""
        lim = self.limits
        now = self.clock()
        key = (group, ip)
        banned = self._banned.get(key)
        if banned is not None:
            if now < banned:
                until = int(banned * 1000)
                raise SimError(-1003, f"Way too much request weight used; IP banned until {until}. Please use "
                               "WebSocket Streams for live updates to avoid bans.", 418,
                               {"Retry-After": str(max(1, math.ceil(banned - now)))})
            del self._banned[key]
        w = self._weight.get(key)
        if w is None:
            w = self._weight[key] = _Window(lim.minute_seconds)
        used = w.add(now, weight) if lim.enabled else w.add(now, 0)
        headers = {"X-MBX-USED-WEIGHT-1M": str(used), "X-MBX-USED-WEIGHT": str(used)}
        limit = self._weight_limit(group)
        if lim.enabled and used > limit:
            retry = w.retry_after(now)
            over = self._over.get(key)
            if over is not None and now < over[0]:
                count = over[1] + 1
                if count > lim.ban_after:
                    self._banned[key] = now + lim.ban_seconds
                    self._over.pop(key, None)
                    until = int((now + lim.ban_seconds) * 1000)
                    raise SimError(-1003, f"Way too much request weight used; IP banned until {until}. Please "
                                   "use WebSocket Streams for live updates to avoid bans.", 418,
                                   {"Retry-After": str(math.ceil(lim.ban_seconds)), **headers})
                self._over[key] = (over[0], count)
            else:
                self._over[key] = (now + retry, 0)
            raise SimError(-1003, f"Too much request weight used; current limit is {limit} request weight per 1 "
                           "MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.", 429,
                           {"Retry-After": str(retry), **headers})
        return headers

    def count_order(self, group: str, account_id: int) -> dict[str, str]:
        """Count one new order; raise 429 / -1015 past the order limits. Returns the order-count headers."""
        lim = self.limits
        now = self.clock()
        if group == "spot":
            windows = (("10S", 10.0, lim.spot_orders_per_10s, "10 SECOND"),
                       ("1D", 86400.0, lim.spot_orders_per_day, "1 DAY"))
        else:
            windows = (("10S", 10.0, lim.futures_orders_per_10s, "10 SECOND"),
                       ("1M", lim.minute_seconds, lim.futures_orders_per_minute, "1 MINUTE"))
        headers = {}
        failed = None
        for name, length, limit, label in windows:
            k = (group, account_id, name)
            w = self._orders.get(k)
            if w is None:
                w = self._orders[k] = _Window(length)
            n = w.add(now, 1) if lim.enabled else w.peek(now)
            headers[f"X-MBX-ORDER-COUNT-{name}"] = str(n)
            if lim.enabled and n > limit and failed is None:
                failed = (limit, label, w.retry_after(now))
        if failed is not None:
            limit, label, retry = failed
            raise SimError(-1015, f"Too many new orders; current limit is {limit} orders per {label}.", 429,
                           {"Retry-After": str(retry), **headers})
        return headers
