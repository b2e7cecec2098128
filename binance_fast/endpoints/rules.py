"""Request-weight rules of the endpoint table: how much of a rate limit one call costs, given its params."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec

# an upper bound that stands for "and anything above"
UNBOUNDED = 1 << 62


class WeightRule(msgspec.Struct, frozen=True, tag=True):
    """Base: ``weight(params)`` gives the request weight of one call with those parameters."""

    def weight(self, params: Mapping[str, Any]) -> int:  # pragma: no cover - abstract
        raise NotImplementedError

    def __call__(self, params: Mapping[str, Any]) -> int:
        """Same as ``weight(params)``: a rule is also a plain callable."""
        return self.weight(params)


class Fixed(WeightRule, frozen=True, tag=True):
    """The same weight whatever the parameters."""

    value: int

    def weight(self, params: Mapping[str, Any]) -> int:
        return self.value


class ByLimit(WeightRule, frozen=True, tag=True):
    """Weight by the ``limit`` parameter: ``steps`` are (largest limit, weight), ascending."""

    steps: tuple[tuple[int, int], ...]
    default_limit: int | None = None
    param: str = "limit"

    def weight(self, params: Mapping[str, Any]) -> int:
        limit = params.get(self.param, self.default_limit)
        if limit is None:
            return self.steps[-1][1]
        try:
            limit = int(limit)
        except (TypeError, ValueError):
            return self.steps[-1][1]
        for upper, w in self.steps:
            if limit <= upper:
                return w
        return self.steps[-1][1]


class ByParams(WeightRule, frozen=True, tag=True):
    """Weight of the first ``cases`` param present (not None), else ``default``.

    Covers "1 for a single symbol, 40 when the symbol parameter is omitted", "20 with orderId",
    "1 if send asset or 50 if not" and the like.
    """

    cases: tuple[tuple[str, int], ...]
    default: int

    def weight(self, params: Mapping[str, Any]) -> int:
        for name, w in self.cases:
            if params.get(name) is not None:
                return w
        return self.default


class BySymbols(WeightRule, frozen=True, tag=True):
    """Spot tickers: ``single`` with ``symbol``; with ``symbols`` by their count (``steps`` or ``per_symbol``
    capped at ``cap``); ``omitted`` with neither."""

    single: int
    omitted: int
    steps: tuple[tuple[int, int], ...] = ()
    per_symbol: int = 0
    cap: int = 0

    def weight(self, params: Mapping[str, Any]) -> int:
        if params.get("symbol") is not None:
            return self.single
        symbols = params.get("symbols")
        if symbols is None:
            return self.omitted
        n = count_symbols(symbols)
        if self.per_symbol:
            w = self.per_symbol * n
            return min(w, self.cap) if self.cap else w
        for upper, w in self.steps:
            if n <= upper:
                return w
        return self.steps[-1][1] if self.steps else self.omitted


def count_symbols(symbols: Any) -> int:
    """Number of symbols in a ``symbols`` parameter: a list, or its JSON text ``["A","B"]``."""
    if isinstance(symbols, (list, tuple)):
        return len(symbols)
    text = str(symbols).strip()
    if not text or text in ("[]", '""'):
        return 0
    return text.count(",") + 1
