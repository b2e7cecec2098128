"""The matching engine of one symbol: a price-time priority book, order lifecycle, stop triggers, trade tape."""

from __future__ import annotations

import bisect
from collections import deque
from collections.abc import Callable
from typing import Any

from .symbols import SymbolSpec
from .tape import Tape

BUY, SELL = "BUY", "SELL"
STOP_TYPES = frozenset({"STOP_LOSS", "STOP_LOSS_LIMIT", "TAKE_PROFIT", "TAKE_PROFIT_LIMIT",
                        "STOP", "STOP_MARKET", "TAKE_PROFIT_MARKET"})
# what a triggered stop turns into
TRIGGERED_TYPE = {"STOP_LOSS": "MARKET", "TAKE_PROFIT": "MARKET", "STOP_MARKET": "MARKET",
                  "TAKE_PROFIT_MARKET": "MARKET", "STOP_LOSS_LIMIT": "LIMIT", "TAKE_PROFIT_LIMIT": "LIMIT",
                  "STOP": "LIMIT"}


class Order:
    """An order as the engine sees it. ``owner`` is None for the simulated market's own orders."""

    __slots__ = ("order_id", "client_order_id", "owner", "side", "type", "orig_type", "tif", "price", "qty",
                 "executed", "cum_quote", "cum_base", "status", "time", "update_time", "stop_price", "working",
                 "quote_qty", "reduce_only", "position_side", "close_position", "extra", "working_time",
                 "realized", "on_book")

    def __init__(self, order_id: int, side: str, type_: str, price: int, qty: int, *, owner: Any = None,
                 client_order_id: str = "", tif: str = "GTC", stop_price: int = 0, now: int = 0,
                 quote_qty: int = 0):
        self.order_id = order_id
        self.client_order_id = client_order_id
        self.owner = owner
        self.side = side
        self.type = type_
        self.orig_type = type_
        self.tif = tif
        self.price = price  # ticks; 0 for MARKET
        self.qty = qty  # steps
        self.executed = 0
        self.cum_quote = 0  # sum of price_ticks * qty_steps
        self.cum_base = 0.0  # COIN-M: sum of qty * contract_size / price
        self.status = "NEW"
        self.time = now
        self.update_time = now
        self.stop_price = stop_price
        self.working = type_ not in STOP_TYPES
        self.working_time = now if self.working else -1
        self.quote_qty = quote_qty  # spot quoteOrderQty, in quote units scaled by tick*step (ticks*steps)
        self.reduce_only = False
        self.position_side = "BOTH"
        self.close_position = False
        self.extra: dict = {}
        self.realized = 0.0
        self.on_book = False

    @property
    def remaining(self) -> int:
        return self.qty - self.executed

    def __repr__(self) -> str:
        return (f"Order({self.order_id}, {self.side} {self.type} {self.qty}@{self.price} "
                f"exec={self.executed} {self.status})")


class Fill:
    """One match between a taker and a maker order."""

    __slots__ = ("trade_id", "price", "qty", "maker", "taker", "time")

    def __init__(self, trade_id: int, price: int, qty: int, maker: Order, taker: Order, time: int):
        self.trade_id = trade_id
        self.price = price
        self.qty = qty
        self.maker = maker
        self.taker = taker
        self.time = time


class Level:
    __slots__ = ("total", "orders")

    def __init__(self) -> None:
        self.total = 0
        self.orders: deque[Order] = deque()


class DepthWindow:
    """Collects level changes between two diff events of one stream speed (U..u, and pu for futures)."""

    __slots__ = ("bids", "asks", "first", "last", "prev_final")

    def __init__(self, update_id: int) -> None:
        self.bids: dict[int, int] = {}
        self.asks: dict[int, int] = {}
        self.first = 0  # 0: nothing pending
        self.last = update_id
        self.prev_final = update_id

    def record(self, side: str, price: int, total: int, update_id: int) -> None:
        (self.bids if side == BUY else self.asks)[price] = total
        if not self.first:
            self.first = update_id
        self.last = update_id

    def touch(self, update_id: int) -> None:
        if not self.first:
            self.first = update_id
        self.last = update_id

    def take(self) -> tuple[int, int, int, dict[int, int], dict[int, int]] | None:
        """(U, u, pu, bids, asks) of the window, and start the next one; None where nothing changed."""
        if not self.first:
            return None
        out = (self.first, self.last, self.prev_final, self.bids, self.asks)
        self.prev_final = self.last
        self.first = 0
        self.bids = {}
        self.asks = {}
        return out


class MatchingEngine:
    """Book + matching for one symbol. Owners of orders get callbacks; the market flow's orders have none."""

    def __init__(self, spec: SymbolSpec, clock: Callable[[], int], *, id_jump: Callable[[], int] | None = None):
        self.spec = spec
        self.clock = clock
        self.bids: dict[int, Level] = {}
        self.asks: dict[int, Level] = {}
        self.bid_prices: list[int] = []  # ascending; best bid is the last
        self.ask_prices: list[int] = []  # ascending; best ask is the first
        self.update_id = 1000
        self.next_order_id = 1
        self.tape = Tape(spec)
        self.stops: list[Order] = []
        self.windows: list[DepthWindow] = []
        self.last_price = 0
        self._id_jump = id_jump  # futures: update ids are not contiguous between changes
        self.book_ticker_listeners: list[Callable[[], None]] = []
        self._in_trigger = False

    # -- book state -------------------------------------------------------------------------------------------
    def new_window(self) -> DepthWindow:
        w = DepthWindow(self.update_id)
        self.windows.append(w)
        return w

    def _set_level(self, side: str, price: int, total: int) -> None:
        self.update_id += self._id_jump() if self._id_jump else 1
        uid = self.update_id
        for w in self.windows:
            w.record(side, price, total, uid)

    def touch(self) -> int:
        """Advance the update id with no level change (so a snapshot id falls inside every pending window)."""
        self.update_id += 1
        for w in self.windows:
            w.touch(self.update_id)
        return self.update_id

    def best_bid(self) -> int:
        return self.bid_prices[-1] if self.bid_prices else 0

    def best_ask(self) -> int:
        return self.ask_prices[0] if self.ask_prices else 0

    def best(self) -> tuple[int, int, int, int]:
        bb = self.bid_prices[-1] if self.bid_prices else 0
        ba = self.ask_prices[0] if self.ask_prices else 0
        return bb, (self.bids[bb].total if bb else 0), ba, (self.asks[ba].total if ba else 0)

    def depth(self, limit: int) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        bids = [(p, self.bids[p].total) for p in reversed(self.bid_prices[-limit:])]
        asks = [(p, self.asks[p].total) for p in self.ask_prices[:limit]]
        return bids, asks

    def mid(self) -> int:
        bb, ba = self.best_bid(), self.best_ask()
        if bb and ba:
            return (bb + ba) // 2
        return bb or ba or self.last_price

    # -- resting ------------------------------------------------------------------------------------------------
    def _rest(self, order: Order) -> None:
        book, prices = (self.bids, self.bid_prices) if order.side == BUY else (self.asks, self.ask_prices)
        level = book.get(order.price)
        if level is None:
            level = book[order.price] = Level()
            bisect.insort(prices, order.price)
        level.orders.append(order)
        level.total += order.remaining
        order.on_book = True
        self._set_level(order.side, order.price, level.total)

    def _unrest(self, order: Order) -> None:
        book, prices = (self.bids, self.bid_prices) if order.side == BUY else (self.asks, self.ask_prices)
        level = book[order.price]
        level.orders.remove(order)
        level.total -= order.remaining
        order.on_book = False
        if not level.orders:
            del book[order.price]
            del prices[bisect.bisect_left(prices, order.price)]
            self._set_level(order.side, order.price, 0)
        else:
            self._set_level(order.side, order.price, level.total)

    def reduce_resting(self, order: Order, new_qty: int) -> None:
        """Lower a resting order's quantity in place (keeps its priority)."""
        level = (self.bids if order.side == BUY else self.asks)[order.price]
        level.total -= order.qty - new_qty
        order.qty = new_qty
        self._set_level(order.side, order.price, level.total)

    # -- order entry ----------------------------------------------------------------------------------------
    def would_cross(self, side: str, price: int) -> bool:
        if side == BUY:
            return bool(self.ask_prices) and self.ask_prices[0] <= price
        return bool(self.bid_prices) and self.bid_prices[-1] >= price

    def available(self, side: str, limit_price: int, exclude_owner: Any = None) -> int:
        """Quantity a taker could fill up to ``limit_price`` (0: no limit)."""
        total = 0
        if side == BUY:
            for p in self.ask_prices:
                if limit_price and p > limit_price:
                    break
                total += self.asks[p].total
        else:
            for p in reversed(self.bid_prices):
                if limit_price and p < limit_price:
                    break
                total += self.bids[p].total
        return total

    def stop_triggered(self, order: Order, last: int) -> bool:
        if not last:
            return False
        t = order.type
        up = (order.side == BUY) == (t in ("STOP_LOSS", "STOP_LOSS_LIMIT", "STOP", "STOP_MARKET"))
        return last >= order.stop_price if up else last <= order.stop_price

    def submit(self, order: Order) -> list[Fill]:
        """Enter an order: park a stop, or match then rest / expire. Returns the taker's fills."""
        now = self.clock()
        order.time = order.update_time = order.time or now
        owner = order.owner
        if not order.working:
            if self.stop_triggered(order, self.last_price):
                if owner is not None:
                    owner.order_event(self, order, "NEW", None)
                return self._trigger(order)
            self.stops.append(order)
            if owner is not None:
                owner.order_event(self, order, "NEW", None)
            return []
        return self._execute(order, now)

    def _execute(self, order: Order, now: int) -> list[Fill]:
        owner = order.owner
        is_market = order.type == "MARKET"
        limit = 0 if is_market else order.price
        if order.type in ("LIMIT_MAKER",) or order.tif == "GTX":
            if self.would_cross(order.side, order.price):
                order.status = "EXPIRED" if order.tif == "GTX" else "REJECTED"
                if owner is not None and order.tif == "GTX":
                    owner.order_event(self, order, "NEW", None)
                    owner.order_event(self, order, "EXPIRED", None)
                return []
        if order.tif == "FOK" and self.available(order.side, limit) < order.remaining:
            order.status = "EXPIRED"
            if owner is not None:
                owner.order_event(self, order, "NEW", None)
                owner.order_event(self, order, "EXPIRED", None)
            return []
        if owner is not None:
            owner.order_event(self, order, "NEW", None)
        fills = self._match(order, limit, now)
        if order.remaining > 0 and order.status not in ("EXPIRED", "EXPIRED_IN_MATCH"):
            if is_market or order.tif in ("IOC", "FOK"):
                order.status = "EXPIRED"
                order.update_time = now
                if owner is not None:
                    owner.order_event(self, order, "EXPIRED", None)
            else:
                order.working_time = order.working_time if order.working_time > 0 else now
                self._rest(order)
        if fills:
            self._check_stops()
        return fills

    def _match(self, taker: Order, limit: int, now: int) -> list[Fill]:
        fills: list[Fill] = []
        buy = taker.side == BUY
        book, prices = (self.asks, self.ask_prices) if buy else (self.bids, self.bid_prices)
        towner = taker.owner
        cs = self.spec.contract_size
        while taker.remaining > 0 and prices:
            best = prices[0] if buy else prices[-1]
            if limit and (best > limit if buy else best < limit):
                break
            if taker.quote_qty and (taker.quote_qty - taker.cum_quote) < best:
                break
            level = book[best]
            while taker.remaining > 0 and level.orders:
                maker = level.orders[0]
                if towner is not None and maker.owner is towner:
                    # self-trade prevention, EXPIRE_MAKER: the resting order goes away
                    level.orders.popleft()
                    level.total -= maker.remaining
                    maker.on_book = False
                    maker.status = "EXPIRED_IN_MATCH"
                    maker.update_time = now
                    towner.order_event(self, maker, "TRADE_PREVENTION", None)
                    continue
                qty = min(taker.remaining, maker.remaining)
                if taker.quote_qty:
                    qty = min(qty, (taker.quote_qty - taker.cum_quote) // best)
                    if qty <= 0:
                        break
                trade_id = self.tape.next_trade_id
                fill = Fill(trade_id, best, qty, maker, taker, now)
                for o in (maker, taker):
                    o.executed += qty
                    o.cum_quote += best * qty
                    if cs:
                        o.cum_base += qty * cs / float(self.spec.price_dec(best))
                    o.update_time = now
                    o.status = "FILLED" if o.remaining == 0 else "PARTIALLY_FILLED"
                level.total -= qty
                if maker.remaining == 0:
                    level.orders.popleft()
                    maker.on_book = False
                self.tape.record(best, qty, now, not buy, taker.order_id)
                self.last_price = best
                fills.append(fill)
                if maker.owner is not None:
                    maker.owner.order_event(self, maker, "TRADE", fill)
                if towner is not None:
                    towner.order_event(self, taker, "TRADE", fill)
            if not level.orders:
                del book[best]
                if buy:
                    del prices[0]
                else:
                    prices.pop()
                self._set_level(SELL if buy else BUY, best, 0)
            else:
                self._set_level(SELL if buy else BUY, best, level.total)
                if taker.quote_qty and (taker.quote_qty - taker.cum_quote) < best:
                    break
        self.tape.close_agg()
        return fills

    def cancel(self, order: Order, status: str = "CANCELED") -> None:
        now = self.clock()
        if order.on_book:
            self._unrest(order)
        elif order in self.stops:
            self.stops.remove(order)
        order.status = status
        order.update_time = now
        if order.owner is not None:
            order.owner.order_event(self, order, "CANCELED" if status == "CANCELED" else status, None)

    # -- stops ----------------------------------------------------------------------------------------------
    def _check_stops(self) -> None:
        if not self.stops or self._in_trigger:
            return
        self._in_trigger = True
        try:
            while True:
                last = self.last_price
                fired = [o for o in self.stops if self.stop_triggered(o, last)]
                if not fired:
                    break
                for o in fired:
                    self.stops.remove(o)
                    self._trigger(o)
        finally:
            self._in_trigger = False

    def _trigger(self, order: Order) -> list[Fill]:
        order.type = TRIGGERED_TYPE[order.type]
        order.working = True
        now = self.clock()
        order.working_time = now
        if order.type == "MARKET":
            order.tif = "GTC"
        fills = self._execute(order, now)
        return fills
