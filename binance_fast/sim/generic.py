"""Every other documented endpoint: its docs' response example, after the same checks as the modelled ones.

The table comes from ``binance_fast.endpoints`` (records with product, method, path, security, weight, params and
a response example). :func:`routes_from_table` adapts any iterable of such records, duck-typed, so the simulator
works with whatever version of the table is installed, and with none (then only modelled endpoints answer).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable
from typing import Any

from .routes import Route

_EXAMPLE_ATTRS = ("response_example", "example", "response", "example_response")
PRODUCT_PREFIXES = {"/api/": "spot", "/sapi/": "spot", "/fapi/": "usdm", "/dapi/": "coinm", "/eapi/": "options",
                    "/papi/": "pm", "/futures/data/": "usdm"}


def _attr(rec: Any, name: str, default: Any = None) -> Any:
    if isinstance(rec, dict):
        return rec.get(name, default)
    return getattr(rec, name, default)


def _weight_fn(rule: Any):
    """A weight callable from whatever the table holds: an int, a callable, or a rule object."""
    if rule is None:
        return 1
    if isinstance(rule, int):
        return rule
    for meth in ("weight", "for_params", "weight_for", "compute", "__call__"):
        fn = getattr(rule, meth, None)
        if callable(fn):
            def weight(params: dict, fn=fn) -> int:
                try:
                    w = fn(params)
                except Exception:  # a rule that cannot price these params: charge its base weight
                    w = getattr(rule, "base", 1)
                try:
                    return int(w)
                except (TypeError, ValueError):
                    return 1
            return weight
    base = getattr(rule, "base", None) or getattr(rule, "weight", None)
    return int(base) if isinstance(base, (int, float)) else 1


def _example(rec: Any, examples: Any) -> Any:
    for name in _EXAMPLE_ATTRS:
        v = _attr(rec, name)
        if v is not None:
            return _parse_example(v)
    if examples is not None:
        key = (_attr(rec, "product"), _attr(rec, "method"), _attr(rec, "path"))
        try:
            getter = getattr(examples, "get", None)
            v = getter(key) if getter is not None else examples(*key) if callable(examples) else None
        except (KeyError, TypeError):
            v = None
        if v is not None:
            return _parse_example(v)
    return {}


def _parse_example(v: Any) -> Any:
    if isinstance(v, (bytes, str)):
        try:
            return json.loads(v)
        except ValueError:
            return {}
    return v


def _make_handler(example: Any):
    body = example

    def handler(ctx) -> Any:
        return copy.deepcopy(body)
    return handler


def routes_from_table(records: Iterable[Any], examples: Any = None) -> list[Route]:
    """Routes answering each record's example after its security, weight and mandatory-parameter checks."""
    out = []
    for rec in records:
        path = _attr(rec, "path")
        method = (_attr(rec, "method") or "GET").upper()
        if not path:
            continue
        product = _attr(rec, "product") or next((p for k, p in PRODUCT_PREFIXES.items() if path.startswith(k)),
                                                "spot")
        security = str(_attr(rec, "security") or "NONE").upper()
        security = getattr(_attr(rec, "security"), "name", security) if not isinstance(_attr(rec, "security"), str) \
            else security
        params = _attr(rec, "params") or ()
        mandatory = tuple(_attr(p, "name") for p in params if _attr(p, "mandatory") and
                          _attr(p, "name") not in ("timestamp", "signature"))
        route = Route(product, method, path, security, _make_handler(_example(rec, examples)),
                      _weight_fn(_attr(rec, "weight")), mandatory, order=bool(_attr(rec, "order_weight", 0)))
        route.example = True
        out.append(route)
    return out


def load_endpoint_table() -> list[Route]:
    """Routes from ``binance_fast.endpoints`` where it is installed; [] where it is not (yet)."""
    try:
        from binance_fast import endpoints  # type: ignore[attr-defined]
    except ImportError:
        return []
    records = getattr(endpoints, "ENDPOINTS", None)
    if not records:
        return []
    examples = None
    for name in ("RESPONSE_EXAMPLES", "response_example"):
        examples = getattr(endpoints, name, None)
        if examples is not None:
            break
    return routes_from_table(records, examples)


def table_weights() -> dict:
    """(product, method, path) -> weight of every endpoint in ``binance_fast.endpoints`` ({} without it)."""
    try:
        from binance_fast import endpoints  # type: ignore[attr-defined]
    except ImportError:
        return {}
    return {(_attr(r, "product"), _attr(r, "method"), _attr(r, "path")): _weight_fn(_attr(r, "weight"))
            for r in getattr(endpoints, "ENDPOINTS", ())}
