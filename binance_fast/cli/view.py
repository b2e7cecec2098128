"""Terminal drawing for the live commands: rich renderables, or plain text frames when not on a terminal."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

from ..errors import BookOutOfSync


def ladder_rows(book: Any, depth: int) -> tuple[list, list, str]:
    """(asks best-last, bids best-first, state) of a managed book; empty while it is not synced."""
    try:
        asks = book.book.asks(depth)[::-1].tolist()
        bids = book.book.bids(depth).tolist()
        return asks, bids, book.state
    except BookOutOfSync:
        return [], [], book.state


def book_panel(book: Any, depth: int) -> Any:
    from rich.table import Table

    asks, bids, state = ladder_rows(book, depth)
    table = Table(title=f"{book.symbol} ({state})", caption=f"u={_last_id(book)} resyncs={book.resyncs}",
                  expand=False, show_edge=False, pad_edge=False)
    table.add_column("price", justify="right")
    table.add_column("qty", justify="right")
    for price, qty in asks:
        table.add_row(f"[red]{price:,.8g}[/red]", f"{qty:.8g}")
    table.add_section()
    for price, qty in bids:
        table.add_row(f"[green]{price:,.8g}[/green]", f"{qty:.8g}")
    return table


def _last_id(book: Any) -> Any:
    try:
        return book.book.last_update_id
    except BookOutOfSync:
        return "-"


def klines_table(klines: list) -> Any:
    from rich.table import Table

    table = Table(title="last closed klines", show_edge=False)
    for col in ("open time", "open", "high", "low", "close", "volume", "trades"):
        table.add_column(col, justify="right")
    for k in klines:
        table.add_row(time.strftime("%H:%M:%S", time.gmtime(k.start_time / 1000)), f"{k.open:.8g}",
                      f"{k.high:.8g}", f"{k.low:.8g}", f"{k.close:.8g}", f"{k.volume:.6g}", str(k.trade_count))
    return table


def plain_book(book: Any, depth: int) -> str:
    asks, bids, state = ladder_rows(book, depth)
    lines = [f"{book.symbol} [{state}] u={_last_id(book)} resyncs={book.resyncs}"]
    lines += [f"  ask {p:>16.8g} {q:>14.8g}" for p, q in asks]
    lines += [f"  bid {p:>16.8g} {q:>14.8g}" for p, q in bids]
    return "\n".join(lines)


def run_view(render_rich: Callable[[], Any], render_plain: Callable[[], str], *, seconds: float | None,
             plain: bool, refresh: float = 0.25, plain_every: float = 1.0, step: Callable[[], None] | None = None,
             done: Callable[[], bool] | None = None) -> None:
    """Redraw in place until ``seconds`` pass (or Ctrl-C); ``plain`` prints a text frame every ``plain_every``."""
    deadline = None if seconds is None else time.monotonic() + seconds
    plain = plain or not sys.stdout.isatty()

    def finished() -> bool:
        return (deadline is not None and time.monotonic() >= deadline) or (done is not None and done())

    if plain:
        next_frame = 0.0
        while not finished():
            if step:
                step()
            if time.monotonic() >= next_frame:
                print(render_plain(), flush=True)
                print("-" * 60, flush=True)
                next_frame = time.monotonic() + plain_every
            time.sleep(refresh)
        print(render_plain(), flush=True)
        return
    from rich.live import Live

    with Live(render_rich(), refresh_per_second=int(1 / refresh), screen=False) as live:
        while not finished():
            if step:
                step()
            live.update(render_rich())
            time.sleep(refresh)
