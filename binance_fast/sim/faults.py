"""Faults on demand: the switches tests (and the CLI) flip to make the simulator misbehave like the real one can."""

from __future__ import annotations

import fnmatch
import time
from dataclasses import dataclass
from typing import Any


@dataclass
class RestFault:
    """A planned failure for REST calls matching ``path`` (glob) and ``method``."""

    path: str = "*"
    method: str = "*"
    status: int = 503
    delay: float = 0.0
    count: int = 1  # how many calls it hits; -1 for all until cleared
    after_execute: bool = False  # state changes happen, only the answer is lost (unknown outcome)
    timeout: bool = False  # hold the request without answering for ``delay`` seconds, then drop the connection

    def matches(self, method: str, path: str) -> bool:
        return (self.method in ("*", method)) and fnmatch.fnmatchcase(path, self.path)


@dataclass
class _DepthFault:
    kind: str  # "skip" | "reorder"
    count: int = 1


class Faults:
    """Fault controls of one Simulator (``sim.faults``). Thread-safe enough: each switch is one assignment.

    Streams: :meth:`drop_connections`, :meth:`stall_streams` / :meth:`resume_streams`, :meth:`skip_depth_update`,
    :meth:`reorder_depth_updates`, :meth:`max_connection_age` (the 24-hour disconnect after N seconds).
    REST: :meth:`fail_rest`, :meth:`delay_rest`, :meth:`timeout_rest`, :meth:`stale_snapshot`,
    :meth:`clock_skew`. :meth:`clear` undoes all.
    """

    def __init__(self, sim: Any = None):
        self._sim = sim
        self.rest: list[RestFault] = []
        self.depth: dict[tuple[str, str], list[_DepthFault]] = {}
        self.stalled: dict[str, float] = {}  # product or "*" -> until (monotonic; inf = until resumed)
        self.stale: dict[tuple[str, str], int] = {}  # (product, SYMBOL) -> how many snapshots to serve stale
        self.connection_age: float | None = None
        self.skew_ms = 0
        self.drops: int = 0
        self.sbe_corrupt: dict[str, int] = {}  # SBE stream name ("*" = any) -> frames left to truncate

    def clear(self) -> None:
        self.rest.clear()
        self.depth.clear()
        self.stalled.clear()
        self.stale.clear()
        self.sbe_corrupt.clear()
        self.connection_age = None
        self.clock_skew(0)

    # -- streams -------------------------------------------------------------------------------------------
    def drop_connections(self, product: str | None = None) -> int:
        """Abort every open WebSocket (of ``product``) at once, with no close frame. Returns how many."""
        if self._sim is None:
            return 0
        return self._sim._call(self._sim._drop_connections, product)

    def stall_streams(self, product: str | None = None, seconds: float | None = None) -> None:
        """Keep connections open but send nothing (no data, no pings) for ``seconds`` or until resumed."""
        until = float("inf") if seconds is None else time.monotonic() + seconds
        self.stalled[product or "*"] = until

    def resume_streams(self, product: str | None = None) -> None:
        self.stalled.pop(product or "*", None)

    def is_stalled(self, product: str) -> bool:
        if not self.stalled:
            return False
        now = time.monotonic()
        for key in ("*", product):
            until = self.stalled.get(key)
            if until is not None:
                if now < until:
                    return True
                del self.stalled[key]
        return False

    def skip_depth_update(self, product: str, symbol: str, count: int = 1) -> None:
        """Do not send the next ``count`` diff events of symbol (a sequence gap for every subscriber);
        product ``"sbe"``: the SBE depth stream of spot (stream-sbe) only."""
        self.depth.setdefault((product, symbol.upper()), []).append(_DepthFault("skip", count))

    def reorder_depth_updates(self, product: str, symbol: str) -> None:
        """Send the next two diff events of symbol in swapped order."""
        self.depth.setdefault((product, symbol.upper()), []).append(_DepthFault("reorder", 1))

    def take_depth_fault(self, product: str, symbol: str) -> str | None:
        q = self.depth.get((product, symbol))
        if not q:
            return None
        f = q[0]
        f.count -= 1
        if f.count <= 0:
            q.pop(0)
        return f.kind

    def corrupt_sbe_frames(self, stream: str = "*", count: int = 1) -> None:
        """The next ``count`` SBE stream frames of ``stream`` (e.g. ``"btcusdt@trade"``; "*" any) go out
        truncated mid-message: a client must report them and carry on."""
        self.sbe_corrupt[stream] = self.sbe_corrupt.get(stream, 0) + count

    def take_sbe_corruption(self, stream: str) -> bool:
        for key in (stream, "*"):
            left = self.sbe_corrupt.get(key, 0)
            if left > 0:
                if left == 1:
                    del self.sbe_corrupt[key]
                else:
                    self.sbe_corrupt[key] = left - 1
                return True
        return False

    def max_connection_age(self, seconds: float | None) -> None:
        """Disconnect WebSockets older than ``seconds`` (the exchange does it at 24 hours); None: 24 hours."""
        self.connection_age = seconds

    # -- REST ----------------------------------------------------------------------------------------------
    def fail_rest(self, path: str = "*", *, status: int = 503, count: int = 1, method: str = "*",
                  after_execute: bool = False) -> RestFault:
        """Answer the next ``count`` matching calls with HTTP ``status`` (5xx: unknown outcome).

        ``after_execute=True`` performs the call (an order is placed) and only then fails the answer.
        """
        f = RestFault(path, method.upper(), status, 0.0, count, after_execute)
        self.rest.append(f)
        return f

    def delay_rest(self, seconds: float, path: str = "*", *, count: int = 1, method: str = "*") -> RestFault:
        """Answer the next ``count`` matching calls correctly but ``seconds`` late."""
        f = RestFault(path, method.upper(), 200, seconds, count)
        self.rest.append(f)
        return f

    def timeout_rest(self, path: str = "*", *, seconds: float = 30.0, count: int = 1, method: str = "*",
                     after_execute: bool = True) -> RestFault:
        """Never answer the next matching calls (hold ``seconds``, then drop); by default the call executes."""
        f = RestFault(path, method.upper(), 0, seconds, count, after_execute, timeout=True)
        self.rest.append(f)
        return f

    def take_rest_fault(self, method: str, path: str) -> RestFault | None:
        for f in self.rest:
            if f.matches(method, path):
                if f.count > 0:
                    f.count -= 1
                    if f.count == 0:
                        self.rest.remove(f)
                return f
        return None

    def stale_snapshot(self, product: str, symbol: str, count: int = 1) -> None:
        """The next ``count`` depth snapshots of symbol are older than the events already streamed."""
        self.stale[(product, symbol.upper())] = count

    def take_stale(self, product: str, symbol: str) -> bool:
        n = self.stale.get((product, symbol), 0)
        if n <= 0:
            return False
        if n == 1:
            del self.stale[(product, symbol)]
        else:
            self.stale[(product, symbol)] = n - 1
        return True

    def clock_skew(self, ms: int) -> None:
        """Shift the server clock by ``ms`` (positive: the server runs ahead of the client)."""
        self.skew_ms = int(ms)
        if self._sim is not None:
            self._sim.exchange.skew_ms = self.skew_ms
