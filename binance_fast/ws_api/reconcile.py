"""What a user-data stream knows of the account, and what changed while it was away: no fill missed, none doubled.

``Reconciler`` follows every order's cumulative filled quantity and status from the live events, drops live
events that tell nothing new (already reported by a reconciliation), reports the fills a live event's
cumulative quantity shows were never received, and turns the REST picture taken after a
reconnect (open orders, recent and tracked orders, balances) into the events the bot missed -- synthesized in
the exchange's own wire shape and decoded into the same typed events (``ExecutionReport``,
``OutboundAccountPosition``; futures ``ORDER_TRADE_UPDATE``, ``ACCOUNT_UPDATE``).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import msgspec

__all__ = ["Reconciler", "OrderState", "TERMINAL"]

TERMINAL = frozenset({"FILLED", "CANCELED", "EXPIRED", "REJECTED", "EXPIRED_IN_MATCH"})
_RANK = {"NEW": 0, "PENDING_NEW": 0, "PARTIALLY_FILLED": 1}
ZERO = Decimal(0)
_encode = msgspec.json.Encoder().encode


def _dec(v: Any) -> Decimal:
    if v is None or v == "":
        return ZERO
    return v if isinstance(v, Decimal) else Decimal(str(v))


def rank(status: str) -> int:
    return 2 if status in TERMINAL else _RANK.get(status, 0)


class OrderState:
    """The last known state of one order."""

    __slots__ = ("symbol", "order_id", "client_order_id", "status", "executed", "cum_quote", "qty", "price")

    def __init__(self, symbol: str, order_id: int, client_order_id: str, status: str, executed: Decimal,
                 cum_quote: Decimal, qty: Decimal, price: Decimal):
        self.symbol = symbol
        self.order_id = order_id
        self.client_order_id = client_order_id
        self.status = status
        self.executed = executed
        self.cum_quote = cum_quote
        self.qty = qty
        self.price = price

    def __repr__(self) -> str:
        return f"OrderState({self.symbol} {self.order_id} {self.status} {self.executed}/{self.qty})"


class Reconciler:
    """Order and balance state of one account on one product, fed by live events and REST snapshots."""

    def __init__(self, product: str, decoder: Any):
        self.product = product
        self.futures = product != "spot"
        self.decoder = decoder
        self.orders: dict[tuple[str, int], OrderState] = {}
        self.balances: dict[str, tuple[Decimal, Decimal]] = {}
        self.symbols: set[str] = set()
        self.lock = threading.Lock()
        self.synthesized = 0
        self.dropped = 0

    # -- live events ---------------------------------------------------------------------------------------------
    def admit(self, event: Any) -> list[Any]:
        """The events to hand to the bot for one live event: none where it tells nothing new (a reconciliation
        already reported it); the event; or, where its cumulative quantity shows fills that never arrived
        (``z - l`` beyond what is known), a synthesized fill for those first, then the event."""
        et = getattr(event, "event_type", None)
        with self.lock:
            if et == "executionReport":
                z, l = _dec(event.cumulative_filled_quantity), _dec(event.last_executed_quantity)
                quote_before = _dec(event.cumulative_quote_quantity) - _dec(event.last_quote_quantity)
                return self._order_event(event, event.symbol, event.order_id, event.client_order_id,
                                         event.order_status, event.execution_type, z, l, quote_before,
                                         _dec(event.cumulative_quote_quantity), event.quantity, event.price)
            if et == "ORDER_TRADE_UPDATE":
                o = event.order
                z, l = _dec(o.filled_quantity), _dec(o.last_filled_quantity)
                cum_quote = _dec(o.avg_price) * z
                return self._order_event(event, o.symbol, o.order_id, o.client_order_id, o.order_status,
                                         o.execution_type, z, l, cum_quote - _dec(o.last_filled_price) * l,
                                         cum_quote, o.quantity, o.price)
            if et == "outboundAccountPosition":
                for b in event.balances:
                    self.balances[b.asset] = (_dec(b.free), _dec(b.locked))
            elif et == "ACCOUNT_UPDATE":
                for b in event.data.balances:
                    self.balances[b.asset] = (_dec(b.wallet_balance), ZERO)
            return [event]

    def accept(self, event: Any) -> bool:
        """Record a live event; False where it tells nothing new (see ``admit``, which also fills holes)."""
        return bool(self.admit(event))

    def _order_event(self, event: Any, symbol: str, order_id: int, coid: str, status: str, exec_type: str,
                     executed: Decimal, last: Decimal, quote_before: Decimal, cum_quote: Decimal, qty: Any,
                     price: Any) -> list[Any]:
        qty, price = _dec(qty), _dec(price)
        key = (symbol, order_id)
        self.symbols.add(symbol)
        st = self.orders.get(key)
        known, known_quote = (st.executed, st.cum_quote) if st is not None else (ZERO, ZERO)
        if st is None:
            st = self.orders[key] = OrderState(symbol, order_id, coid, status, executed, cum_quote, qty, price)
        else:
            amended = exec_type in ("REPLACED", "AMENDMENT") and (qty != st.qty or price != st.price)
            if not (executed > st.executed or rank(status) > rank(st.status) or amended):
                self.dropped += 1
                return []
            st.executed = max(st.executed, executed)
            st.cum_quote = max(st.cum_quote, cum_quote)
            if rank(status) >= rank(st.status):
                st.status = status
            st.qty, st.price = qty, price
        hole = executed - last - known if exec_type == "TRADE" else ZERO
        if hole <= 0:
            return [event]
        # fills between what we knew and this one never arrived: report them first, once
        self.synthesized += 1
        hole_quote = max(ZERO, quote_before - known_quote)
        return [self._hole(event, executed - last, hole, hole_quote / hole if hole_quote else ZERO), event]

    def _hole(self, event: Any, cumulative: Decimal, qty: Decimal, price: Decimal) -> Any:
        frame = msgspec.to_builtins(event)
        fields = frame["o"] if self.futures else frame
        fields.update({"x": "TRADE", "X": "PARTIALLY_FILLED", "l": str(qty), "z": str(cumulative), "L": str(price),
                       "t": -1 if not self.futures else 0, "n": "0"})
        if not self.futures:
            fields.update({"Y": str(qty * price), "Z": str(_dec(fields.get("Z")) - _dec(fields.get("Y"))),
                           "I": -1, "m": False})
        return self.decoder.decode(_encode(frame))

    # -- snapshots ---------------------------------------------------------------------------------------------
    def baseline(self, orders: Iterable[Mapping[str, Any]], balances: Iterable[tuple[str, Decimal, Decimal]]) -> None:
        """The picture at the first connect: nothing is emitted for it."""
        with self.lock:
            for o in orders:
                st = self._state_of(o)
                self.orders[(st.symbol, st.order_id)] = st
                self.symbols.add(st.symbol)
            for asset, free, locked in balances:
                self.balances[asset] = (free, locked)

    def tracked_open(self) -> list[OrderState]:
        with self.lock:
            return [s for s in self.orders.values() if s.status not in TERMINAL]

    def reconcile(self, orders: Iterable[Mapping[str, Any]], balances: Iterable[tuple[str, Decimal, Decimal]] | None,
                  now_ms: int) -> list[Any]:
        """Typed events for what the REST picture shows that the live events did not (state updated)."""
        out: list[Any] = []
        with self.lock:
            for o in orders:
                ev = self._order_change(o, now_ms)
                if ev is not None:
                    out.append(ev)
            if balances is not None:
                changed = []
                for asset, free, locked in balances:
                    if self.balances.get(asset) != (free, locked):
                        self.balances[asset] = (free, locked)
                        changed.append((asset, free, locked))
                if changed:
                    out.append(self._balance_event(changed, now_ms))
        self.synthesized += len(out)
        return out

    def _state_of(self, o: Mapping[str, Any]) -> OrderState:
        cum_quote = o.get("cummulativeQuoteQty", o.get("cumQuote", o.get("cumBase")))
        return OrderState(o["symbol"], int(o["orderId"]), o.get("clientOrderId", ""), o["status"],
                          _dec(o.get("executedQty")), _dec(cum_quote), _dec(o.get("origQty")), _dec(o.get("price")))

    def _order_change(self, o: Mapping[str, Any], now_ms: int) -> Any:
        new = self._state_of(o)
        key = (new.symbol, new.order_id)
        self.symbols.add(new.symbol)
        old = self.orders.get(key)
        before_exec = old.executed if old else ZERO
        before_quote = old.cum_quote if old else ZERO
        if old is not None and new.executed <= old.executed and rank(new.status) <= rank(old.status) \
                and new.qty == old.qty and new.price == old.price:
            return None
        if old is None and new.executed == 0 and new.status not in TERMINAL:
            exec_type = "NEW"
        elif new.executed > before_exec:
            exec_type = "TRADE"
        elif new.status in TERMINAL:
            exec_type = "CANCELED" if new.status == "CANCELED" else "EXPIRED" if "EXPIRED" in new.status \
                else new.status
        else:
            exec_type = "REPLACED" if not self.futures else "AMENDMENT"
        last_qty = new.executed - before_exec if new.executed > before_exec else ZERO
        last_quote = new.cum_quote - before_quote if last_qty else ZERO
        last_price = (last_quote / last_qty) if last_qty else ZERO
        self.orders[key] = new
        if old is not None and rank(old.status) > rank(new.status):
            new.status = old.status
        frame = (self._futures_frame if self.futures else self._spot_frame)(o, new, exec_type, last_qty, last_price,
                                                                            last_quote, now_ms)
        return self.decoder.decode(_encode(frame))

    @staticmethod
    def _spot_frame(o, st: OrderState, exec_type, last_qty, last_price, last_quote, now_ms) -> dict:
        return {
            "e": "executionReport", "E": now_ms, "s": st.symbol, "c": st.client_order_id, "S": o.get("side", ""),
            "o": o.get("type", ""), "f": o.get("timeInForce", "GTC"), "q": str(o.get("origQty", "0")),
            "p": str(o.get("price", "0")), "P": str(o.get("stopPrice", "0")), "F": str(o.get("icebergQty", "0")),
            "g": int(o.get("orderListId", -1)), "C": "", "x": exec_type, "X": st.status, "r": "NONE",
            "i": st.order_id, "l": str(last_qty), "z": str(st.executed), "L": str(last_price), "n": "0",
            "N": None, "T": int(o.get("updateTime") or o.get("transactTime") or now_ms), "t": -1, "I": -1,
            "w": bool(o.get("isWorking", False)) and st.status not in TERMINAL, "m": False, "M": False,
            "O": int(o.get("time") or o.get("transactTime") or now_ms), "Z": str(st.cum_quote),
            "Y": str(last_quote), "Q": str(o.get("origQuoteOrderQty", "0")),
            "V": o.get("selfTradePreventionMode", "NONE"),
        }

    @staticmethod
    def _futures_frame(o, st: OrderState, exec_type, last_qty, last_price, last_quote, now_ms) -> dict:
        t = int(o.get("updateTime") or now_ms)
        return {
            "e": "ORDER_TRADE_UPDATE", "E": now_ms, "T": t, "o": {
                "s": st.symbol, "c": st.client_order_id, "S": o.get("side", ""), "o": o.get("type", ""),
                "f": o.get("timeInForce", "GTC"), "q": str(o.get("origQty", "0")), "p": str(o.get("price", "0")),
                "ap": str(o.get("avgPrice", "0")), "sp": str(o.get("stopPrice", "0")), "x": exec_type,
                "X": st.status, "i": st.order_id, "l": str(last_qty), "z": str(st.executed), "L": str(last_price),
                "T": t, "t": 0, "m": False, "R": bool(o.get("reduceOnly", False)),
                "wt": o.get("workingType", "CONTRACT_PRICE"), "ot": o.get("origType", o.get("type", "")),
                "ps": o.get("positionSide", "BOTH"), "rp": "0"}}

    def _balance_event(self, changed: list[tuple[str, Decimal, Decimal]], now_ms: int) -> Any:
        if self.futures:
            frame = {"e": "ACCOUNT_UPDATE", "E": now_ms, "T": now_ms, "a": {
                "m": "ORDER", "B": [{"a": a, "wb": str(f), "cw": str(f), "bc": "0"} for a, f, _l in changed],
                "P": []}}
        else:
            frame = {"e": "outboundAccountPosition", "E": now_ms, "u": now_ms,
                     "B": [{"a": a, "f": str(f), "l": str(l)} for a, f, l in changed]}
        return self.decoder.decode(_encode(frame))
