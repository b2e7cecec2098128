"""FIX market data (fix-md): InstrumentList, and MarketDataRequest for diff depth, book ticker and trades.

Diff depth feeds a ``binance_fast.book.DepthBook`` with update-id checks: the MarketDataSnapshot <W> loads it
(LastBookUpdateID), each MarketDataIncrementalRefresh <X> applies as a diff (FirstBookUpdateID ..
LastBookUpdateID), fragments (LastFragment 893=N ... Y) joined first. A gap invalidates the book and the client
resubscribes at once; reconnects resubscribe everything. Trades and book tickers arrive as the stream models
``Trade`` / ``BookTicker``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import numpy as np

from ..errors import BookOutOfSync, SequenceGap
from .client import FixClient, check_client_id
from .codec import FixMessage, parse_timestamp
from .errors import FixMarketDataRejectedError
from .events import Instrument, event_classes, instruments

__all__ = ["FixMarketDataClient", "FixDepthBook", "depth_entries"]

log = logging.getLogger("binance_fast.fix")


def _default_book() -> Any:
    try:
        from ..book import DepthBook
    except ImportError as exc:  # pragma: no cover - the book ships with the package
        raise ImportError("binance_fast.book (DepthBook) is needed for FIX depth subscriptions") from exc
    return DepthBook("spot")


def depth_entries(msg: FixMessage) -> list[tuple[str, int, int, str, float, float]]:
    """(symbol, first id, last id, side '0'/'1', price, qty) of each depth entry; absent fields default to the
    previous entry's (the docs' rule for Symbol, FirstBookUpdateID and LastBookUpdateID). DELETE gives qty 0."""
    out = []
    symbol, first, last = "", -1, -1
    for e in msg.group(268, "md"):
        symbol = e.get(55, symbol)
        first = int(e.get(25043, first))
        last = int(e.get(25044, last))
        qty = 0.0 if e.get(279) == "2" else float(e.get(271) or 0)
        out.append((symbol, first, last, e.get(269, ""), float(e[270]), qty))
    return out


class FixDepthBook:
    """One symbol's book kept from a FIX diff-depth subscription; reads go to ``book`` (a DepthBook)."""

    def __init__(self, symbol: str, depth: int, book: Any):
        self.symbol = symbol
        self.depth = depth
        self.book = book
        self.req_id = ""
        self.resyncs = 0
        self._pending: list | None = None  # [first, last, bids, asks] of a fragmented diff

    @property
    def is_synced(self) -> bool:
        return bool(self.book.is_synced)

    def __getattr__(self, name: str) -> Any:  # best_bid, bids(), mid, ... straight from the book
        return getattr(self.book, name)

    def load_snapshot(self, msg: FixMessage) -> None:
        bids: list[tuple[float, float]] = []
        asks: list[tuple[float, float]] = []
        for e in msg.group(268, "md"):
            (bids if e.get(269) == "0" else asks).append((float(e[270]), float(e[271])))
        self._pending = None
        self.book.load_snapshot(msg.get_int(25044, 0) or 0, np.asarray(bids, dtype=np.float64).reshape(-1, 2),
                                np.asarray(asks, dtype=np.float64).reshape(-1, 2))

    def apply(self, msg: FixMessage) -> None:
        """Apply one MarketDataIncrementalRefresh; raises SequenceGap where it does not follow the book."""
        cur = self._pending
        for _symbol, first, last, side, price, qty in depth_entries(msg):
            if cur is not None and (cur[0], cur[1]) != (first, last):
                self._apply(cur)
                cur = None
            if cur is None:
                cur = [first, last, [], []]
            (cur[2] if side == "0" else cur[3]).append((price, qty))
        if msg.get(893) == "N":
            self._pending = cur  # more fragments of this diff follow
            return
        self._pending = None
        if cur is not None:
            self._apply(cur)

    def _apply(self, diff: list) -> None:
        first, last, bids, asks = diff
        self.book.apply_diff(first, last, -1, np.asarray(bids, dtype=np.float64).reshape(-1, 2),
                             np.asarray(asks, dtype=np.float64).reshape(-1, 2))


class FixMarketDataClient(FixClient):
    """A market-data session (``fix-md``): instruments, diff-depth books, book tickers and trades."""

    kind = "md"

    def __init__(self, api_key: str, signer: Any, *, book_factory: Callable[[], Any] | None = None, **kwargs: Any):
        super().__init__(api_key, signer, **kwargs)
        self.book_factory = book_factory or _default_book
        self.books: dict[str, FixDepthBook] = {}  # symbol -> book
        self._subs: dict[str, tuple[str, str, int]] = {}  # MDReqID -> (kind, symbol, depth)

    async def instrument_list(self, symbol: str | None = None, *, timeout: float | None = None) -> list[Instrument]:
        """InstrumentListRequest <x>: one symbol, or every trading symbol."""
        req = self.next_id()
        fields: list[tuple[int, Any]] = [(320, req), (559, 0 if symbol else 4)]
        if symbol:
            fields.append((55, symbol.upper()))
        waiter = self._request("x", fields, (f"320:{req}",), changes_state=False)
        return await self._wait(waiter, timeout)

    def _subscribe(self, kind: str, symbol: str, depth: int, req_id: str | None) -> str:
        req_id = check_client_id("MDReqID", req_id or f"{kind}{self.next_id()}")
        types = ["2"] if kind == "trade" else ["0", "1"]
        fields: list[tuple[int, Any]] = [(262, req_id), (263, "1"), (264, depth), (266, "Y"), (146, 1),
                                         (55, symbol), (267, len(types)), *[(269, t) for t in types]]
        self.session.send("V", fields)
        self._subs[req_id] = (kind, symbol, depth)
        return req_id

    def subscribe_depth(self, symbol: str, depth: int = 1000, *, req_id: str | None = None) -> FixDepthBook:
        """Diff depth with an initial snapshot of ``depth`` levels (2..5000); the managed book is returned at once
        (``is_synced`` once the snapshot arrived)."""
        if not 2 <= depth <= 5000:
            raise ValueError("depth must be within [2, 5000] (1 is the book ticker: subscribe_book_ticker)")
        symbol = symbol.upper()
        book = self.books.get(symbol)
        if book is None:
            book = self.books[symbol] = FixDepthBook(symbol, depth, self.book_factory())
        book.req_id = self._subscribe("depth", symbol, depth, req_id)
        return book

    def subscribe_book_ticker(self, symbol: str, *, req_id: str | None = None) -> str:
        """Best bid / offer updates as ``BookTicker`` events; returns the MDReqID."""
        return self._subscribe("ticker", symbol.upper(), 1, req_id)

    def subscribe_trades(self, symbol: str, *, req_id: str | None = None) -> str:
        """Every trade as a ``Trade`` event; returns the MDReqID."""
        return self._subscribe("trade", symbol.upper(), 1, req_id)

    def unsubscribe(self, req_id: str) -> None:
        sub = self._subs.pop(req_id, None)
        if sub is None:
            raise KeyError(f"no subscription {req_id!r}")
        self.session.send("V", [(262, req_id), (263, "2"), (264, sub[2])])
        if sub[0] == "depth":
            book = self.books.pop(sub[1], None)
            if book is not None:
                book.book.invalidate("unsubscribed")

    async def _after_reconnect(self) -> None:
        subs, self._subs = self._subs, {}
        for req_id, (kind, symbol, depth) in subs.items():
            if kind == "depth":
                book = self.books[symbol]
                book.book.invalidate("reconnected")
                book.resyncs += 1
                book.req_id = self._subscribe(kind, symbol, depth, None)
            else:
                self._subscribe(kind, symbol, depth, req_id)

    def _resync(self, book: FixDepthBook, why: str) -> None:
        log.warning("FIX md %s: %s: resubscribing", book.symbol, why)
        old = book.req_id
        self._subs.pop(old, None)
        try:
            self.session.send("V", [(262, old), (263, "2"), (264, book.depth)])
        except Exception as exc:  # the resubscription below matters more
            log.warning("FIX md: unsubscribe of %s failed: %s", old, exc)
        book.book.invalidate(why)
        book.resyncs += 1
        book.req_id = self._subscribe("depth", book.symbol, book.depth, None)

    def _dispatch(self, msg: FixMessage) -> None:
        mt = msg.msg_type
        if mt == "X":
            self._incremental(msg)
        elif mt == "W":
            sub = self._subs.get(msg.get(262, ""))
            if sub is None:
                return
            if sub[0] == "depth":
                self.books[sub[1]].load_snapshot(msg)
            else:
                self._ticker_snapshot(msg)
        elif mt == "y":
            self._part(f"320:{msg.get(320)}", "answer", instruments(msg))
        elif mt == "Y":
            req = msg.get(262, "")
            self._subs.pop(req, None)
            error = FixMarketDataRejectedError(msg.get_int(25016), msg.get(58, "market data request rejected"),
                                               reason=msg.get(281), message=msg)
            log.error("FIX md request %s rejected: %s", req, error)
            self._emit(error)

    def _incremental(self, msg: FixMessage) -> None:
        sub = self._subs.get(msg.get(262, ""))
        if sub is None:
            return  # an unsubscribed stream's last messages
        kind, symbol, _depth = sub
        if kind == "depth":
            book = self.books[symbol]
            try:
                book.apply(msg)
            except (SequenceGap, BookOutOfSync) as exc:
                self._resync(book, f"sequence gap: {exc}")
        elif kind == "trade":
            self._trades(msg)
        else:
            self._ticker(msg)

    def _trades(self, msg: FixMessage) -> None:
        cls = event_classes()["Trade"]
        sent = parse_timestamp(msg[52]) if 52 in msg else 0
        symbol = ""
        for e in msg.group(268, "md"):
            symbol = e.get(55, symbol)
            t = parse_timestamp(e[60]) if 60 in e else sent
            self._emit(cls(event_type="trade", event_time=sent or t, symbol=symbol, trade_id=int(e.get(1003, -1)),
                           price=float(e[270]), quantity=float(e.get(271) or 0), trade_time=t,
                           is_buyer_maker=e.get(2446) == "2"))

    def _ticker(self, msg: FixMessage) -> None:
        best: dict[str, tuple[float, float]] = {}
        symbol, uid = "", 0
        for e in msg.group(268, "md"):
            symbol = e.get(55, symbol)
            uid = int(e.get(25044, uid))
            best[e.get(269, "")] = (float(e[270]), float(e.get(271) or 0))
        self._emit_ticker(symbol, uid, best, msg)

    def _ticker_snapshot(self, msg: FixMessage) -> None:
        best = {e.get(269, ""): (float(e[270]), float(e[271])) for e in msg.group(268, "md")}
        self._emit_ticker(msg.get(55, ""), msg.get_int(25044, 0) or 0, best, msg)

    def _emit_ticker(self, symbol: str, uid: int, best: dict, msg: FixMessage) -> None:
        bid = best.get("0", (0.0, 0.0))
        ask = best.get("1", (0.0, 0.0))
        self._emit(event_classes()["BookTicker"](
            event_type="bookTicker", update_id=uid, event_time=parse_timestamp(msg[52]) if 52 in msg else None,
            transaction_time=None, symbol=symbol, pair=None, bid_price=bid[0], bid_quantity=bid[1],
            ask_price=ask[0], ask_quantity=ask[1]))
