"""What the subcommands share: connection options (--sim / --testnet / --product), keys from the environment."""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from ..errors import BinanceAPIError, BinanceError

PRODUCTS = ("spot", "usdm", "coinm", "options", "pm", "pmpro")
STREAM_PRODUCTS = ("spot", "usdm", "coinm")
TESTNET_STREAMS = {"spot": "wss://stream.testnet.binance.vision", "usdm": "wss://fstream.binancefuture.com",
                   "coinm": "wss://dstream.binancefuture.com"}
ENV_KEY, ENV_SECRET, ENV_KEY_FILE, ENV_KEY_PASSWORD = (
    "BINANCE_API_KEY", "BINANCE_API_SECRET", "BINANCE_PRIVATE_KEY_FILE", "BINANCE_PRIVATE_KEY_PASSWORD")


class CliError(Exception):
    """A user-facing error: printed as one line, exit code 2 (usage) or 1."""

    def __init__(self, message: str, exit_code: int = 1):
        super().__init__(message)
        self.exit_code = exit_code


def describe_error(exc: BaseException) -> str:
    if isinstance(exc, BinanceAPIError):
        return f"Binance error {exc.code} (HTTP {exc.status}): {exc.msg}"
    if isinstance(exc, BinanceError):
        return str(exc)
    if isinstance(exc, (ConnectionError, TimeoutError, OSError)):
        return f"network: {exc}"
    return f"{type(exc).__name__}: {exc}"


def add_connection_arguments(p: argparse.ArgumentParser, *, products: tuple[str, ...] = PRODUCTS,
                             default_product: str = "spot") -> None:
    g = p.add_argument_group("connection")
    where = g.add_mutually_exclusive_group()
    where.add_argument("--sim", action="store_true", help="use an embedded simulator (no account, no internet)")
    where.add_argument("--testnet", action="store_true", help="use Binance's testnet hosts")
    where.add_argument("--base-url", help="send REST calls to this host (e.g. a simulator started elsewhere)")
    g.add_argument("--stream-url", help="stream base URL to use with --base-url")
    g.add_argument("--product", choices=products, default=default_product, help=f"default: {default_product}")
    g.add_argument("--seed", type=int, default=1, help="the embedded simulator's seed (with --sim)")


def market_path(product: str, leaf: str) -> str:
    """The documented GET path of a product's market-data endpoint (``depth``, ``klines``, ``exchangeInfo``),
    read from the endpoint table rather than written again here."""
    import re

    from ..endpoints import ENDPOINTS

    pattern = re.compile(rf"/(?:api|fapi|dapi)/v\d/{re.escape(leaf)}")
    for e in ENDPOINTS:
        if e.product == product and e.method == "GET" and pattern.fullmatch(e.path):
            return e.path
    raise CliError(f"{product} has no {leaf} endpoint", 2)


def parse_key_values(items: list[str]) -> dict[str, Any]:
    """key=value words; a value that reads as JSON (numbers, true/false, lists) is taken as such."""
    out: dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise CliError(f"parameters are key=value, got {item!r}", 2)
        try:
            parsed = json.loads(value)
            out[key] = value if isinstance(parsed, (int, float)) and not isinstance(parsed, bool) else parsed
        except ValueError:
            out[key] = value
    return out


@dataclass
class Target:
    """Where a command talks to, and with which credentials."""

    product: str
    base_url: str | None = None
    stream_url: str | None = None
    testnet: bool = False
    api_key: str | None = None
    api_secret: str | None = field(default=None, repr=False)
    private_key: str | None = field(default=None, repr=False)
    private_key_password: str | None = field(default=None, repr=False)
    sim: Any = None

    def rest_client(self, **options: Any) -> Any:
        from ..rest import Client

        return Client(self.api_key, self.api_secret, private_key=self.private_key,
                      private_key_password=self.private_key_password, base_url=self.base_url,
                      testnet=self.testnet, **options)


def keys_from_environment() -> dict[str, str | None]:
    """API credentials from the environment only: never from argv, where shell history would keep them."""
    key_file = os.environ.get(ENV_KEY_FILE)
    private_key = None
    if key_file:
        try:
            with open(key_file, encoding="ascii") as fh:
                private_key = fh.read()
        except OSError as exc:
            raise CliError(f"cannot read {ENV_KEY_FILE}={key_file}: {exc.strerror}") from None
    return {"api_key": os.environ.get(ENV_KEY), "api_secret": os.environ.get(ENV_SECRET),
            "private_key": private_key, "private_key_password": os.environ.get(ENV_KEY_PASSWORD)}


@contextmanager
def connect(args: argparse.Namespace, **sim_options: Any) -> Iterator[Target]:
    """The target of a command: an embedded simulator (--sim) or real hosts, keys from the environment."""
    product = getattr(args, "product", "spot")
    if getattr(args, "sim", False):
        from ..sim import Simulator

        with Simulator(seed=args.seed, **sim_options) as sim:
            stream = sim.stream_url_for(product) if product in STREAM_PRODUCTS else None
            yield Target(product, base_url=sim.base_url, stream_url=stream, api_key=sim.test_key,
                         api_secret=sim.test_secret, sim=sim)
        return
    base_url = getattr(args, "base_url", None)
    if base_url and not base_url.startswith("https://") and not _is_loopback(base_url):
        raise CliError("plain http is only for loopback hosts; use https://", 2)
    testnet = getattr(args, "testnet", False)
    stream_url = getattr(args, "stream_url", None) or (TESTNET_STREAMS.get(product) if testnet else None)
    yield Target(product, base_url=base_url, stream_url=stream_url, testnet=testnet, **keys_from_environment())


def _is_loopback(url: str) -> bool:
    from urllib.parse import urlsplit

    return (urlsplit(url).hostname or "") in ("127.0.0.1", "localhost", "::1")


def readable(obj: Any) -> Any:
    """Decoded events as plain data under their readable attribute names (not the one-letter wire keys)."""
    import msgspec

    if isinstance(obj, msgspec.Struct):
        return {f: readable(getattr(obj, f)) for f in obj.__struct_fields__}
    if isinstance(obj, (list, tuple)):
        return [readable(x) for x in obj]
    if isinstance(obj, dict):
        return {k: readable(v) for k, v in obj.items()}
    if hasattr(obj, "tolist"):  # numpy arrays (depth levels)
        return obj.tolist()
    return obj


def print_json(obj: Any) -> None:
    import msgspec

    print(msgspec.json.encode(readable(obj), enc_hook=str).decode(), flush=True)
