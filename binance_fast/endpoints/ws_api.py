"""The table of every documented Binance WebSocket API method, generated from the docs (``generate_ws_api.py``).

``WS_METHODS`` is a tuple of ``WsMethod`` records (spot, usdm, coinm); ``ws_lookup(product, method)`` finds one
(or None), ``ws_by_product(product)`` lists a product's, ``ws_response_example(product, method)`` gives the docs'
example reply (the whole ``{"id", "status", "result", "rateLimits"}`` frame, loaded on first use).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from ._ws_table import WS_TABLE
from .ws_records import WS_AUTO_PARAMS, WS_SIGNED_SECURITY, WsMethod

__all__ = ["WS_METHODS", "WS_PRODUCTS", "WsMethod", "WS_AUTO_PARAMS", "WS_SIGNED_SECURITY", "ws_lookup",
           "ws_by_product", "ws_response_example"]

WS_PRODUCTS = ("spot", "usdm", "coinm")
WS_METHODS: tuple[WsMethod, ...] = WS_TABLE
_BY_KEY: dict[tuple[str, str], WsMethod] = {m.key: m for m in WS_TABLE}
if len(_BY_KEY) != len(WS_TABLE):  # pragma: no cover - the generator dedups
    raise ValueError("duplicate (product, method) in the WebSocket API table")


def ws_lookup(product: str, method: str) -> WsMethod | None:
    """The record of ``method`` (wire name, e.g. "order.place") of ``product``, or None."""
    return _BY_KEY.get((product, method))


@lru_cache(maxsize=None)
def ws_by_product(product: str) -> tuple[WsMethod, ...]:
    """Every WebSocket API method of one product, in table order."""
    if product not in WS_PRODUCTS:
        raise ValueError(f"no WebSocket API for {product!r}; one of {', '.join(WS_PRODUCTS)}")
    return tuple(m for m in WS_TABLE if m.product == product)


@lru_cache(maxsize=1)
def _responses() -> dict[str, Any]:
    return json.loads(Path(__file__).with_name("ws_responses.json").read_text(encoding="utf-8"))["responses"]


def ws_response_example(product: str, method: str) -> Any:
    """The docs' example reply of a method as JSON data (None where the docs show none); KeyError if unknown."""
    return _responses()[f"{product} {method}"]
