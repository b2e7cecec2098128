"""``binance-fast demo``: the whole package offline: a simulator, live books and klines, a signed order, drawn live."""

from __future__ import annotations

import argparse
import time
from typing import Any

from .common import CliError

DEMO_SYMBOLS = ["BTCUSDT", "ETHUSDT", "BNBUSDT"]


def add_demo_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--seconds", type=float, default=20.0, help="run this long, then exit (default 20; Ctrl-C ends too)")
    p.add_argument("--symbols", nargs="+", default=DEMO_SYMBOLS, metavar="SYMBOL")
    p.add_argument("--interval", default="1s", help="kline interval built from the trades (default 1s)")
    p.add_argument("--depth", type=int, default=5, help="levels a side per book (default 5)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--plain", action="store_true", help="print text frames instead of redrawing (non-interactive)")


class OrderDemo:
    """Places a signed LIMIT order below the market, reads it back and cancels it: each step logged."""

    def __init__(self, client: Any, symbol: str):
        self.client, self.symbol = client, symbol
        self.log: list[str] = []
        self.done = False

    def run(self, best_bid: float) -> None:
        from ..errors import BinanceError

        price = f"{best_bid * 0.95:.2f}"
        try:
            placed = self.client.request("spot", "POST", "/api/v3/order", symbol=self.symbol, side="BUY",
                                         type="LIMIT", timeInForce="GTC", quantity="0.01", price=price)
            self.log.append(f"placed  #{placed['orderId']} BUY 0.01 {self.symbol} @ {price}: {placed['status']}")
            got = self.client.request("spot", "GET", "/api/v3/order", symbol=self.symbol, orderId=placed["orderId"])
            self.log.append(f"queried #{got['orderId']}: {got['status']}, executed {got['executedQty']}")
            gone = self.client.request("spot", "DELETE", "/api/v3/order", symbol=self.symbol,
                                       orderId=placed["orderId"])
            self.log.append(f"cancel  #{gone['orderId']}: {gone['status']}")
        except BinanceError as exc:
            self.log.append(f"order failed: {exc}")
        self.done = True


def run_demo(args: argparse.Namespace) -> int:
    from ..errors import BookOutOfSync
    from .common import connect
    from .live import LiveMarket
    from .view import book_panel, klines_table, plain_book, run_view

    args.sim, args.product = True, "spot"
    symbols = [s.upper() for s in args.symbols]
    with connect(args, tick_interval=0.05) as target:
        listed = set(target.sim.exchange.venues["spot"].engines)
        unknown = [s for s in symbols if s not in listed]
        if unknown:
            raise CliError(f"the simulator does not list {', '.join(unknown)} (it has {', '.join(sorted(listed))})", 2)
        with LiveMarket(target, symbols, kline_interval=args.interval) as market, target.rest_client() as client:
            order = OrderDemo(client, symbols[0])
            started = time.monotonic()

            def step() -> None:
                market.tick()
                if not order.done:
                    try:
                        bid = market.books[symbols[0]].book.best_bid
                    except BookOutOfSync:
                        return
                    if bid is not None:
                        order.run(bid[0])

            def header() -> str:
                states = " ".join(f"{b.symbol}:{b.state}" for b in market.books)
                return (f"binance_fast demo (simulator {target.sim.base_url}) {time.monotonic() - started:5.1f}s | "
                        f"stream {market.rate():,.0f} events/s, {market.events} in all | {states}")

            def render_rich() -> Any:
                from rich.columns import Columns
                from rich.console import Group
                from rich.text import Text

                books = Columns([book_panel(b, args.depth) for b in market.books])
                klines = klines_table(list(market.closed_klines[symbols[0]]))
                klines.title = f"{symbols[0]} {args.interval} klines built from the trade stream"
                return Group(Text(header(), style="bold"), books, klines, Text("\n".join(order.log)))

            def render_plain() -> str:
                parts = [header()] + [plain_book(b, args.depth) for b in market.books]
                ks = list(market.closed_klines[symbols[0]])[-3:]
                parts += [f"{symbols[0]} {args.interval} kline {k.start_time}: o={k.open:.8g} h={k.high:.8g} "
                          f"l={k.low:.8g} c={k.close:.8g} v={k.volume:.6g} n={k.trade_count}" for k in ks]
                return "\n".join(parts + order.log)

            run_view(render_rich, render_plain, seconds=args.seconds, plain=args.plain, step=step)
    return 0
