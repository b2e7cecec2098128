"""One class per product, with one method per endpoint of the table, generated at import (sync and asyncio)."""

from __future__ import annotations

import functools
import inspect
import keyword
from typing import Any

from ..endpoints import PRODUCTS, Endpoint, by_product
from .core import SPECS, CallSpec

RESERVED = frozenset({"request"})


@functools.lru_cache(maxsize=None)
def docstring(e: Endpoint) -> str:
    """The method's docstring, from the docs: title, description, request, security, weight, parameters."""
    lines = [e.title, ""]
    if e.description:
        lines += [e.description, ""]
    weight = _weight_text(e)
    lines.append(f"``{e.method} {e.path}`` · security {e.security} · weight {weight}")
    if e.params:
        lines += ["", "Parameters (documented wire names; * = mandatory; timestamp/signature are added for you):"]
        for p in e.params:
            mark = "*" if p.mandatory else " "
            desc = f" — {p.description}" if p.description else ""
            lines.append(f"  {mark} {p.name} ({p.type}){desc}")
    lines += ["", f"Docs: {e.doc}"]
    return "\n".join(lines)


def _weight_text(e: Endpoint) -> str:
    r = e.weight
    name = type(r).__name__
    if name == "Fixed":
        text = str(r.value)
    elif name == "ByLimit":
        text = "by limit " + ", ".join(f"<={u}: {w}" if u < (1 << 61) else f"more: {w}" for u, w in r.steps)
    elif name == "ByParams":
        text = ", ".join(f"{w} with {p}" for p, w in r.cases) + f", else {r.default}"
    else:
        text = repr(r)
    if e.weight_type != "IP":
        text += f" ({e.weight_type})"
    if e.order_weight:
        text += f"; {e.order_weight} order(s)"
    return text


@functools.lru_cache(maxsize=None)
def _signature(e: Endpoint) -> inspect.Signature:
    params = [inspect.Parameter("self", inspect.Parameter.POSITIONAL_ONLY)]
    for p in e.params:
        if p.name in ("timestamp", "signature") or not p.name.isidentifier() or keyword.iskeyword(p.name):
            continue
        params.append(inspect.Parameter(p.name, inspect.Parameter.KEYWORD_ONLY,
                                        default=inspect.Parameter.empty if p.mandatory else None))
    params.append(inspect.Parameter("params", inspect.Parameter.VAR_KEYWORD))
    return inspect.Signature(params)


def _method(spec: CallSpec, is_async: bool):
    e = spec.endpoint

    # plain def in both cases: the async one returns the client's coroutine (one frame less per call)
    def method(self, **params: Any) -> Any:
        return self._call(spec, params)

    method.__name__ = method.__qualname__ = e.name
    method.__doc__ = docstring(e) + ("\n\nReturns an awaitable." if is_async else "")
    method.__signature__ = _signature(e)  # type: ignore[attr-defined]
    method.endpoint = e  # type: ignore[attr-defined]
    return method


class ProductAPI:
    """The endpoints of one product; ``endpoints`` lists them."""

    product = ""
    endpoints: tuple[Endpoint, ...] = ()

    __slots__ = ("_call",)

    def __init__(self, client: Any):
        self._call = client._call

    def __repr__(self) -> str:
        return f"<{type(self).__name__}: {len(self.endpoints)} endpoints>"


def _build(product: str, is_async: bool) -> type[ProductAPI]:
    eps = by_product(product)
    ns: dict[str, Any] = {"product": product, "endpoints": eps, "__slots__": (),
                          "__doc__": f"{'Async ' if is_async else ''}{product} endpoints ({len(eps)}), one method each."}
    for e in eps:
        if e.name in RESERVED or e.name in ns:
            raise RuntimeError(f"endpoint name {e.name!r} clashes in {product}")
        ns[e.name] = _method(SPECS[e.key], is_async)
    cls_name = ("Async" if is_async else "") + product.capitalize() + "API"
    return type(cls_name, (ProductAPI,), ns)


SYNC_APIS: dict[str, type[ProductAPI]] = {p: _build(p, False) for p in PRODUCTS}
ASYNC_APIS: dict[str, type[ProductAPI]] = {p: _build(p, True) for p in PRODUCTS}
