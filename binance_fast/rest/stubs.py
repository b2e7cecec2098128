"""Write ``client.pyi``: the typed face of the generated namespaces (one method per endpoint, documented params).

Regenerate after the endpoint table changes: ``python -m binance_fast.rest.stubs`` (a test checks it is current).
"""

from __future__ import annotations

import keyword
from pathlib import Path

from ..endpoints import PRODUCTS, Endpoint, by_product

STUB_FILE = Path(__file__).with_name("client.pyi")

_TYPES = {"STRING": "str", "ENUM": "str", "INT": "int", "LONG": "int", "INTEGER": "int", "BOOLEAN": "bool | str",
          "DECIMAL": "str | float | Decimal", "FLOAT": "str | float | Decimal", "DOUBLE": "str | float | Decimal"}


def _type(ptype: str) -> str:
    t = ptype.upper()
    if "LIST" in t or "ARRAY" in t:
        return "Sequence[Any] | str"
    return _TYPES.get(t, "Any")


def _method(e: Endpoint, is_async: bool) -> str:
    args = ["self", "*"]
    for p in e.params:
        if p.name in ("timestamp", "signature") or not p.name.isidentifier() or keyword.iskeyword(p.name):
            continue
        args.append(f"{p.name}: {_type(p.type)}" if p.mandatory else f"{p.name}: {_type(p.type)} | None = ...")
    if args[-1] == "*":
        args.pop()
    args.append("**params: Any")
    ret = "Awaitable[Any]" if is_async else "Any"
    first = e.title.replace('"', "'")
    return (f"    def {e.name}({', '.join(args)}) -> {ret}:\n"
            f'        """{first}: ``{e.method} {e.path}`` ({e.security})."""\n')


def render() -> str:
    out = ['"""Typed face of binance_fast.rest.client. GENERATED from the endpoint table: do not edit.',
           "",
           "Regenerate: python -m binance_fast.rest.stubs",
           '"""',
           "",
           "from collections.abc import Awaitable, Mapping, Sequence",
           "from decimal import Decimal",
           "from os import PathLike",
           "from typing import Any",
           "",
           "from ..endpoints import Endpoint",
           "from .limits import RateLimiter",
           "",
           ""]
    for is_async in (False, True):
        for product in PRODUCTS:
            eps = by_product(product)
            cls = ("Async" if is_async else "") + product.capitalize() + "API"
            out.append(f"class {cls}:")
            out.append("    product: str")
            out.append("    endpoints: tuple[Endpoint, ...]")
            out.extend(_method(e, is_async) for e in eps)
            out.append("")
    common = '''    def __init__(self, api_key: str | None = ..., api_secret: str | bytes | None = ..., *,
                 private_key: str | bytes | PathLike[str] | None = ..., private_key_password: str | bytes | None = ...,
                 base_url: str | None = ..., testnet: bool = ..., recv_window: int | None = ..., timeout: float = ...,
                 typed: bool = ..., rate_limit: str = ..., max_wait: float = ..., time_sync: bool = ...,
                 time_sync_interval: float = ..., hosts: Mapping[str, str] | None = ..., pool_maxsize: int = ...,
                 {extra}) -> None: ...
    @property
    def limits(self) -> RateLimiter: ...
    @property
    def time_offset(self) -> dict[str, int]: ...
'''
    for is_async in (False, True):
        prefix = "Async" if is_async else ""
        out.append(f"class {prefix}Client:")
        for product in PRODUCTS:
            out.append(f"    {product}: {prefix}{product.capitalize()}API")
        out.append(common.format(extra='transport: str = ...' if is_async else "").replace(",\n                 ) ->", ") ->"))
        if is_async:
            out += ["    async def __aenter__(self) -> AsyncClient: ...",
                    "    async def __aexit__(self, *exc: Any) -> None: ...",
                    "    async def close(self) -> None: ...",
                    "    def request(self, product: str, method: str, path: str, /, *, security: str | None = ...,",
                    "                **params: Any) -> Awaitable[Any]: ...",
                    "    async def sync_time(self, host: str = ..., samples: int = ...) -> int: ...",
                    "    async def load_limits(self, product: str = ...) -> None: ...",
                    ""]
        else:
            out += ["    def __enter__(self) -> Client: ...",
                    "    def __exit__(self, *exc: Any) -> None: ...",
                    "    def close(self) -> None: ...",
                    "    def request(self, product: str, method: str, path: str, /, *, security: str | None = ...,",
                    "                **params: Any) -> Any: ...",
                    "    def sync_time(self, host: str = ..., samples: int = ...) -> int: ...",
                    "    def load_limits(self, product: str = ...) -> None: ...",
                    "", ""]
    out.append("def exchange_info_path(product: str) -> str: ...")
    return "\n".join(out) + "\n"


def main() -> int:
    STUB_FILE.write_text(render(), encoding="utf-8")
    print(f"wrote {STUB_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
