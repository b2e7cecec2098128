"""The table of every documented Binance REST endpoint, generated from the docs (see ``generate.py``).

``ENDPOINTS`` is a tuple of ``Endpoint`` records; it also answers ``ENDPOINTS[(product, method, path)]``.
``lookup(product, method, path)`` finds one record (or None); ``response_example(...)`` gives the docs' example
response of an endpoint (loaded on first use: the simulator answers endpoints it does not model with it).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, overload

from ._table import TABLE
from .records import AUTO_PARAMS, SIGNED_SECURITY, Endpoint, Param
from .rules import ByLimit, ByParams, BySymbols, Fixed, WeightRule

__all__ = [
    "ENDPOINTS",
    "PRODUCTS",
    "Endpoint",
    "EndpointTable",
    "Param",
    "WeightRule",
    "Fixed",
    "ByLimit",
    "ByParams",
    "BySymbols",
    "SIGNED_SECURITY",
    "AUTO_PARAMS",
    "lookup",
    "by_product",
    "response_example",
    "RESPONSE_EXAMPLES",
]

PRODUCTS = ("spot", "usdm", "coinm", "options", "pm", "pmpro")
Key = tuple[str, str, str]


class EndpointTable(tuple):
    """A tuple of ``Endpoint`` that is also indexable by its (product, method, path) key."""

    _by_key: dict[Key, Endpoint]

    def __new__(cls, records: tuple[Endpoint, ...]) -> EndpointTable:
        self = super().__new__(cls, records)
        self._by_key = {e.key: e for e in records}
        if len(self._by_key) != len(records):
            raise ValueError("duplicate (product, method, path) in the endpoint table")
        return self

    @overload
    def __getitem__(self, item: int) -> Endpoint: ...
    @overload
    def __getitem__(self, item: slice) -> tuple[Endpoint, ...]: ...
    @overload
    def __getitem__(self, item: Key) -> Endpoint: ...

    def __getitem__(self, item):  # type: ignore[override]
        if isinstance(item, tuple):
            return self._by_key[_norm(item)]
        return super().__getitem__(item)

    def __contains__(self, item: object) -> bool:
        if isinstance(item, tuple):
            try:
                return _norm(item) in self._by_key
            except (TypeError, ValueError):
                return False
        return super().__contains__(item)

    def get(self, key: Key, default: Endpoint | None = None) -> Endpoint | None:
        return self._by_key.get(_norm(key), default)

    def keys(self) -> Iterator[Key]:
        return iter(self._by_key)


def _norm(key: tuple) -> Key:
    product, method, path = key
    return (product, method.upper(), path)


ENDPOINTS: EndpointTable = EndpointTable(TABLE)


def lookup(product: str, method: str, path: str) -> Endpoint | None:
    """The endpoint record of (product, method, path), or None if the docs do not have it."""
    return ENDPOINTS._by_key.get((product, method.upper(), path))


@lru_cache(maxsize=None)
def by_product(product: str) -> tuple[Endpoint, ...]:
    """Every endpoint of one product, in table order."""
    if product not in PRODUCTS:
        raise ValueError(f"unknown product {product!r}; one of {', '.join(PRODUCTS)}")
    return tuple(e for e in ENDPOINTS if e.product == product)


@lru_cache(maxsize=1)
def _responses() -> dict[str, Any]:
    path = Path(__file__).with_name("responses.json")
    return json.loads(path.read_text(encoding="utf-8"))["responses"]


def response_example(product: str | Endpoint, method: str | None = None, path: str | None = None) -> Any:
    """The docs' response example of an endpoint (an ``Endpoint`` or its product, method, path) as JSON data;
    None where the docs show none. Raises KeyError for an endpoint not in the table.
    """
    if isinstance(product, Endpoint):
        product, method, path = product.key
    return _responses()[f"{product} {str(method).upper()} {path}"]


class _Examples(Mapping):
    """Read-only mapping (product, method, path) -> the docs' response example, loaded on first use."""

    def __getitem__(self, key: Key) -> Any:
        product, method, path = key
        return response_example(product, method, path)

    def __iter__(self) -> Iterator[Key]:
        return iter(ENDPOINTS.keys())

    def __len__(self) -> int:
        return len(ENDPOINTS)


RESPONSE_EXAMPLES: Mapping[Key, Any] = _Examples()
