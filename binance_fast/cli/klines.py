"""``binance-fast klines SYMBOL``: historical klines paged over REST to CSV/Parquet, or live with --follow."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime, timezone

from .common import STREAM_PRODUCTS, CliError, add_connection_arguments, connect, market_path, print_json

PAGE = {"spot": 1000, "usdm": 1500, "coinm": 1500}  # the docs' largest limit per product
COLUMNS = ("open_time", "open", "high", "low", "close", "volume", "close_time", "quote_volume", "trades",
           "taker_buy_base_volume", "taker_buy_quote_volume")


def add_klines_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("symbol", metavar="SYMBOL")
    p.add_argument("--interval", default="1m")
    p.add_argument("--from", dest="start", help="start: ISO date/time (UTC) or epoch ms")
    p.add_argument("--to", dest="end", help="end: ISO date/time (UTC) or epoch ms (default: now)")
    p.add_argument("--out", help="write to FILE.csv or FILE.parquet (default: CSV on stdout)")
    p.add_argument("--follow", action="store_true", help="then stay live: print kline events as they change")
    p.add_argument("--seconds", type=float, help="with --follow: stop after this long")
    add_connection_arguments(p, products=STREAM_PRODUCTS)


def parse_time(text: str | None) -> int | None:
    if text is None:
        return None
    if text.isdigit():
        return int(text)
    try:
        dt = datetime.fromisoformat(text)
    except ValueError:
        raise CliError(f"cannot read the time {text!r}: use ISO (2024-01-31T12:00) or epoch ms", 2) from None
    return int((dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)).timestamp() * 1000)


def fetch_klines(client, product: str, symbol: str, interval: str, start: int | None, end: int | None,
                 progress=None) -> list[list]:
    """Every kline of [start, end], a page at a time (the client's limiter keeps within the weights)."""
    from ..klines import INTERVALS  # noqa: F401  (validates the interval names we know)

    path = market_path(product, "klines")
    rows: list[list] = []
    cursor = start
    while True:
        params = {"symbol": symbol, "interval": interval, "limit": PAGE[product]}
        if cursor is not None:
            params["startTime"] = cursor
        if end is not None:
            params["endTime"] = end
        page = client.request(product, "GET", path, **params)
        if not page:
            break
        rows.extend(page)
        if progress:
            progress(len(rows), page[-1][0])
        if len(page) < PAGE[product] or cursor is None:
            break
        cursor = page[-1][0] + 1
    return rows


def write_rows(rows: list[list], out: str | None) -> None:
    from ..klines import klines_from_rest

    table = klines_from_rest(rows)
    if out and out.endswith(".parquet"):
        try:
            import pyarrow as pa  # type: ignore[import-not-found]
            import pyarrow.parquet as pq  # type: ignore[import-not-found]
        except ImportError:
            raise CliError("Parquet output needs pyarrow: pip install pyarrow", 2) from None
        pq.write_table(pa.table({c: table[c] for c in COLUMNS}), out)
        return
    fh = open(out, "w", encoding="utf-8") if out else sys.stdout
    try:
        fh.write(",".join(COLUMNS) + "\n")
        for r in table:
            fh.write(",".join(repr(v.item()) if hasattr(v, "item") else str(v) for v in r) + "\n")
    finally:
        if out:
            fh.close()


def run_klines(args: argparse.Namespace) -> int:
    start, end = parse_time(args.start), parse_time(args.end)
    if start is not None and end is not None and end < start:
        raise CliError("--to is before --from", 2)
    with connect(args) as target, target.rest_client() as client:
        from rich.progress import Progress

        with Progress(transient=True, console=_stderr_console()) as bar:
            task = bar.add_task(f"{args.symbol} {args.interval}", total=None)
            rows = fetch_klines(client, args.product, args.symbol.upper(), args.interval, start, end,
                                lambda n, t: bar.update(task, completed=n))
        write_rows(rows, args.out)
        if args.follow:
            follow_klines(target, client, args.symbol.upper(), args.interval, rows, args.seconds)
    return 0


def follow_klines(target, client, symbol: str, interval: str, rows: list[list], seconds: float | None) -> None:
    """Live: the kline stream, one JSON event per line."""
    from ..ws import StreamClient

    deadline = None if seconds is None else time.monotonic() + seconds
    with StreamClient(target.product, target.stream_url) as stream:
        stream.subscribe([f"{symbol.lower()}@kline_{interval}"])
        while deadline is None or time.monotonic() < deadline:
            for msg in stream.messages(timeout=0.2):
                print_json(msg.event)
                if deadline is not None and time.monotonic() >= deadline:
                    return


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)
