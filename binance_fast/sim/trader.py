"""What spot and futures traders share: the account's orders per symbol, lookups, and the first order checks."""

from __future__ import annotations

from collections.abc import Callable

from .accounts import Account
from .engine import BUY, SELL, MatchingEngine, Order
from .errors import SimError, bad_symbol, mandatory
from .venue import Venue

OPEN = ("NEW", "PARTIALLY_FILLED")


class Trader:
    """One account on one product's venue."""

    def __init__(self, account: Account, venue: Venue, publish: Callable[[Account, str, dict], None]):
        self.account = account
        self.venue = venue
        self.publish = publish
        self.orders: dict[str, dict[int, Order]] = {}
        self.by_client_id: dict[str, dict[str, Order]] = {}
        self.trades: dict[str, list[dict]] = {}

    def engine(self, symbol: str | None) -> MatchingEngine:
        if not symbol:
            raise mandatory("symbol")
        e = self.venue.engines.get(symbol)
        if e is None:
            raise bad_symbol()
        return e

    def order_basics(self, p: Callable[[str], str | None], types: tuple[str, ...]) -> tuple[MatchingEngine, str, str]:
        """The engine, side and type of a new order, with the exchange's errors for each."""
        e = self.engine(p("symbol"))
        side = p("side")
        if not side:
            raise mandatory("side")
        if side not in (BUY, SELL):
            raise SimError(-1117, "Invalid side.")
        type_ = p("type")
        if not type_:
            raise mandatory("type")
        if type_ not in types:
            raise SimError(-1116, "Invalid orderType.")
        return e, side, type_

    def register(self, e: MatchingEngine, order: Order) -> None:
        e.next_order_id += 1
        sym = e.spec.symbol
        self.orders.setdefault(sym, {})[order.order_id] = order
        self.by_client_id.setdefault(sym, {})[order.client_order_id] = order

    def find(self, symbol: str, order_id: str | None, client_id: str | None) -> Order | None:
        if order_id:
            try:
                return self.orders.get(symbol, {}).get(int(order_id))
            except ValueError:
                raise SimError(-1100, "Illegal characters found in parameter 'orderId'; legal range is "
                                      "'^[0-9]{1,20}$'.") from None
        if client_id:
            return self.by_client_id.get(symbol, {}).get(client_id)
        raise SimError(-1102, "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!")

    def open_orders(self, symbol: str | None) -> list[Order]:
        syms = [symbol] if symbol else list(self.orders)
        out = [o for s in syms for o in self.orders.get(s, {}).values() if o.status in OPEN]
        out.sort(key=lambda o: (o.time, o.order_id))
        return out

    def symbol_of(self, order: Order) -> str:
        for sym, orders in self.orders.items():
            if orders.get(order.order_id) is order:
                return sym
        raise KeyError(order.order_id)
