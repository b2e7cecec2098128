"""``binance-fast book``, ``stream`` and ``replay``: live books, decoded events, recordings played back."""

from __future__ import annotations

import argparse
import sys
import time

from .common import STREAM_PRODUCTS, CliError, add_connection_arguments, connect, market_path, print_json


def add_book_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("symbol", metavar="SYMBOL")
    p.add_argument("--depth", type=int, default=20, help="levels a side to draw (default 20)")
    p.add_argument("--seconds", type=float, help="stop after this long (default: until Ctrl-C)")
    p.add_argument("--plain", action="store_true", help="print text frames instead of redrawing (non-interactive)")
    add_connection_arguments(p, products=STREAM_PRODUCTS)


def run_book(args: argparse.Namespace) -> int:
    from .live import LiveMarket
    from .view import book_panel, plain_book, run_view

    symbol = args.symbol.upper()
    with connect(args) as target:
        _check_symbol(target, symbol)
        with LiveMarket(target, [symbol]) as market:
            book = market.books[symbol]
            run_view(lambda: book_panel(book, args.depth), lambda: plain_book(book, args.depth),
                     seconds=args.seconds, plain=args.plain)
    return 0


def _check_symbol(target, symbol: str) -> None:
    """A bad symbol is one clear error before anything streams."""
    with target.rest_client() as client:
        info = client.request(target.product, "GET", market_path(target.product, "exchangeInfo"))
    known = {s["symbol"] for s in info.get("symbols", [])}
    if symbol not in known:
        raise CliError(f"unknown symbol {symbol!r} on {target.product}", 2)


def add_stream_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("names", nargs="+", metavar="NAME", help="stream names, e.g. btcusdt@trade btcusdt@depth@100ms")
    p.add_argument("--record", metavar="FILE", help="also record every raw frame (with receive time) to FILE")
    p.add_argument("--seconds", type=float, help="stop after this long (default: until Ctrl-C)")
    p.add_argument("--count", type=int, help="stop after this many events")
    add_connection_arguments(p, products=STREAM_PRODUCTS)


def run_stream(args: argparse.Namespace) -> int:
    from ..ws import StreamClient

    deadline = None if args.seconds is None else time.monotonic() + args.seconds
    seen = 0
    with connect(args) as target, StreamClient(target.product, target.stream_url, record=args.record) as client:
        client.subscribe(args.names)
        if args.record:
            record_snapshots(target, args.names, args.record)
        while deadline is None or time.monotonic() < deadline:
            for msg in client.messages(timeout=0.2):
                print_json(msg.event)
                seen += 1
                if (args.count is not None and seen >= args.count) or \
                        (deadline is not None and time.monotonic() >= deadline):
                    return 0
    return 0


def depth_symbols(names: list[str]) -> list[str]:
    """Symbols of the diff depth streams among ``names`` (not the partial depth5/10/20 ones)."""
    out = []
    for name in names:
        symbol, _, kind = name.partition("@")
        if kind == "depth" or kind.startswith("depth@"):
            out.append(symbol.upper())
    return out


def snapshots_path(record: str) -> str:
    return f"{record}.snapshots.json"


def record_snapshots(target, names: list[str], record: str) -> None:
    """Beside a recording with diff depth streams, the REST snapshots that let a replay rebuild the books."""
    import json

    symbols = depth_symbols(names)
    if not symbols:
        return
    with target.rest_client() as client:
        path = market_path(target.product, "depth")
        snaps = {s: client.request(target.product, "GET", path, symbol=s, limit=1000) for s in symbols}
    with open(snapshots_path(record), "w", encoding="utf-8") as fh:
        json.dump(snaps, fh)


def replay_books(messages, product: str, snapshots: dict) -> dict:
    """The documented join over a recording: each symbol's snapshot, then its diffs; stale ones dropped."""
    import numpy as np

    from ..book import DepthBook
    from ..errors import SequenceGap
    from ..models import DepthUpdate

    books, gaps = {}, {}
    for symbol, snap in snapshots.items():
        book = DepthBook(product)
        book.load_snapshot(snap["lastUpdateId"], np.array(snap["bids"], dtype=np.float64).reshape(-1, 2),
                           np.array(snap["asks"], dtype=np.float64).reshape(-1, 2))
        books[symbol], gaps[symbol] = book, 0
    counts: dict[str, int] = {}
    for msg in messages:
        event = msg.event
        counts[type(event).__name__] = counts.get(type(event).__name__, 0) + 1
        if isinstance(event, DepthUpdate) and event.symbol in books and gaps[event.symbol] == 0:
            try:
                books[event.symbol].apply(event)
            except SequenceGap:
                gaps[event.symbol] += 1
    return {"counts": counts, "books": books, "gaps": gaps}


def add_replay_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE", help="a recording made with `binance-fast stream --record FILE`")
    p.add_argument("--product", choices=STREAM_PRODUCTS, default="spot")
    p.add_argument("--books", action="store_true", help="replay depth into books and print each book's top")
    p.add_argument("--quiet", action="store_true", help="print only the summary")


def run_replay(args: argparse.Namespace) -> int:
    import json
    import os

    from ..ws import replay

    if not os.path.exists(args.file):
        raise CliError(f"no such recording: {args.file}", 2)
    start = time.perf_counter()
    if args.books:
        if not os.path.exists(snapshots_path(args.file)):
            raise CliError(f"{snapshots_path(args.file)} not found: record diff depth streams with "
                           "`binance-fast stream NAME@depth --record FILE` to replay books", 2)
        with open(snapshots_path(args.file), encoding="utf-8") as fh:
            result = replay_books(replay(args.file, args.product), args.product, json.load(fh))
        counts = result["counts"]
        for symbol, book in result["books"].items():
            state = "gap" if result["gaps"][symbol] else ("synced" if book.is_synced else "waiting")
            top = f"bid {book.best_bid} ask {book.best_ask}" if book.is_synced else ""
            print(f"{symbol}: {state} u={book.last_update_id if book.is_synced else '-'} {top}")
    else:
        counts = {}
        for msg in replay(args.file, args.product):
            counts[type(msg.event).__name__] = counts.get(type(msg.event).__name__, 0) + 1
            if not args.quiet:
                print_json(msg.event)
    elapsed = time.perf_counter() - start
    total = sum(counts.values())
    summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    print(f"replayed {total} events in {elapsed:.3f} s: {summary}", file=sys.stderr)
    return 0
