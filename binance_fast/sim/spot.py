"""Spot trading for one account: order checks with the exchange's errors, balances that move, response shapes."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from .accounts import Account
from .engine import BUY, SELL, STOP_TYPES, Fill, MatchingEngine, Order
from .errors import SimError, filter_failure, mandatory, order_rejected
from .fixedpoint import dec_str, parse_decimal
from .trader import Trader
from .venue import Venue

SPOT_TYPES = ("LIMIT", "MARKET", "STOP_LOSS", "STOP_LOSS_LIMIT", "TAKE_PROFIT", "TAKE_PROFIT_LIMIT", "LIMIT_MAKER")
TIFS = ("GTC", "IOC", "FOK")
COMMISSION = Decimal("0.001")
ZERO = Decimal(0)


def d8(x: Decimal) -> str:
    return dec_str(x, 8)


class SpotTrader(Trader):
    """The spot side of one account: its orders, its trades, and the executionReport events they cause."""

    def __init__(self, account: Account, venue: Venue, publish: Callable[[Account, str, dict], None]):
        super().__init__(account, venue, publish)
        self.exec_id = 0
        self._changed: set[str] = set()

    # -- engine callbacks -------------------------------------------------------------------------------------
    def order_event(self, engine: MatchingEngine, order: Order, exec_type: str, fill: Fill | None) -> None:
        spec = engine.spec
        bal_base = self.account.spot_balance(spec.base)
        bal_quote = self.account.spot_balance(spec.quote)
        commission = ZERO
        commission_asset = None
        is_maker = False
        if fill is not None:
            q = spec.qty_dec(fill.qty)
            p = spec.price_dec(fill.price)
            is_maker = fill.maker is order
            if order.side == BUY:
                cost = p * q
                if order.extra.get("locked_price") is not None:
                    lp = order.extra["locked_price"]
                    bal_quote[1] -= lp * q
                    bal_quote[0] += lp * q - cost
                else:
                    bal_quote[0] -= cost
                commission = q * COMMISSION
                commission_asset = spec.base
                bal_base[0] += q - commission
            else:
                bal_base[0 if order.extra.get("quote_sell") else 1] -= q
                proceeds = p * q
                commission = proceeds * COMMISSION
                commission_asset = spec.quote
                bal_quote[0] += proceeds - commission
            self.trades.setdefault(spec.symbol, []).append({
                "symbol": spec.symbol, "id": fill.trade_id, "orderId": order.order_id, "orderListId": -1,
                "price": spec.price_str(fill.price), "qty": spec.qty_str(fill.qty), "quoteQty": d8(p * q),
                "commission": d8(commission), "commissionAsset": commission_asset, "time": fill.time,
                "isBuyer": order.side == BUY, "isMaker": is_maker, "isBestMatch": True})
            order.extra.setdefault("fills", []).append({
                "price": spec.price_str(fill.price), "qty": spec.qty_str(fill.qty), "commission": d8(commission),
                "commissionAsset": commission_asset, "tradeId": fill.trade_id})
            self._changed.update((spec.base, spec.quote))
        elif exec_type in ("CANCELED", "EXPIRED", "TRADE_PREVENTION", "REJECTED"):
            self._release(spec, order)
        self.exec_id += 1
        if fill is not None and order.remaining == 0:
            self._release(spec, order)  # a buy filled below its limit leaves nothing locked
        self._report(spec, order, "TRADE" if fill is not None else exec_type, fill, commission, commission_asset,
                     is_maker)
        if self._changed:
            self._flush_balances()

    def _release(self, spec, order: Order) -> None:
        if order.extra.get("released"):
            return
        order.extra["released"] = True
        if order.extra.get("quote_sell"):
            return
        rem = order.remaining
        if order.side == BUY:
            lp = order.extra.get("locked_price")
            if lp is not None and rem:
                bal = self.account.spot_balance(spec.quote)
                bal[1] -= lp * spec.qty_dec(rem)
                bal[0] += lp * spec.qty_dec(rem)
                self._changed.add(spec.quote)
        elif rem:
            bal = self.account.spot_balance(spec.base)
            bal[1] -= spec.qty_dec(rem)
            bal[0] += spec.qty_dec(rem)
            self._changed.add(spec.base)

    def _report(self, spec, order: Order, exec_type: str, fill: Fill | None, commission: Decimal,
                commission_asset: str | None, is_maker: bool) -> None:
        now = self.venue.clock()
        status = order.status
        if exec_type == "NEW":
            status = "NEW"
        ev = {
            "e": "executionReport", "E": now, "s": spec.symbol, "c": order.client_order_id, "S": order.side,
            "o": order.orig_type, "f": order.tif, "q": spec.qty_str(order.qty),
            "p": spec.price_str(order.price) if order.price else "0.00000000",
            "P": spec.price_str(order.stop_price) if order.stop_price else "0.00000000", "F": "0.00000000",
            "g": -1, "C": order.extra.get("cancel_client_id", ""), "x": exec_type, "X": status, "r": "NONE",
            "i": order.order_id, "l": spec.qty_str(fill.qty) if fill else "0.00000000",
            "z": spec.qty_str(order.executed), "L": spec.price_str(fill.price) if fill else "0.00000000",
            "n": d8(commission) if fill else "0", "N": commission_asset, "T": order.update_time,
            "t": fill.trade_id if fill else -1, "I": self.exec_id,
            "w": order.on_book or (exec_type == "NEW" and order.working and order.tif == "GTC"
                                   and order.type in ("LIMIT", "LIMIT_MAKER")), "m": is_maker, "M": False,
            "O": order.time, "Z": d8(spec.quote_dec(order.cum_quote)),
            "Y": d8(spec.price_dec(fill.price) * spec.qty_dec(fill.qty)) if fill else "0.00000000",
            "Q": d8(spec.quote_dec(order.quote_qty)) if order.quote_qty else "0.00000000",
            "W": order.working_time, "V": "EXPIRE_MAKER",
        }
        if exec_type == "TRADE_PREVENTION":
            ev["X"] = "EXPIRED_IN_MATCH"
        self.publish(self.account, "spot", ev)

    def _flush_balances(self) -> None:
        now = self.venue.clock()
        self.account.update_time = now
        assets = sorted(self._changed)
        self._changed = set()
        self.publish(self.account, "spot", {
            "e": "outboundAccountPosition", "E": now, "u": now,
            "B": [{"a": a, "f": d8(self.account.spot[a][0]), "l": d8(self.account.spot[a][1])} for a in assets]})

    # -- placement ----------------------------------------------------------------------------------------------
    def build_order(self, p: Callable[[str], str | None]) -> tuple[MatchingEngine, Order]:
        """Parse and check a new order against the filters and balances. Nothing changes state here."""
        e, side, type_ = self.order_basics(p, SPOT_TYPES)
        spec = e.spec
        if p("icebergQty"):
            raise order_rejected("Iceberg orders are not supported for this symbol.")
        if p("trailingDelta"):
            raise order_rejected("Trailing stop orders are not supported for this symbol.")
        tif = p("timeInForce")
        needs_tif = type_ in ("LIMIT", "STOP_LOSS_LIMIT", "TAKE_PROFIT_LIMIT")
        if needs_tif and not tif:
            raise mandatory("timeInForce")
        if tif and tif not in TIFS:
            raise SimError(-1115, "Invalid timeInForce.")
        if tif and not needs_tif:
            raise SimError(-1106, "Parameter 'timeInForce' sent when not required.")
        qty_s, quote_s = p("quantity"), p("quoteOrderQty")
        qty = 0
        quote_qty = 0
        if type_ == "MARKET":
            if not qty_s and not quote_s:
                raise SimError(-1102, "Param 'quantity' or 'quoteOrderQty' must be sent, but both were empty/null!")
            if qty_s and quote_s:
                raise SimError(-1106, "Parameter 'quoteOrderQty' sent when not required.")
        elif not qty_s:
            raise mandatory("quantity")
        if qty_s:
            qty = self._qty(spec, qty_s)
        if quote_s:
            qd = parse_decimal(quote_s)
            if qd is None or qd <= 0:
                raise mandatory("quoteOrderQty")
            quote_qty = int(qd / (spec.tick_d * spec.step_d))
        price = 0
        limit_like = type_ in ("LIMIT", "STOP_LOSS_LIMIT", "TAKE_PROFIT_LIMIT", "LIMIT_MAKER")
        price_s = p("price")
        if limit_like:
            if not price_s:
                raise mandatory("price")
            price = self._price(spec, price_s, "price")
        elif price_s:
            raise SimError(-1106, "Parameter 'price' sent when not required.")
        stop = 0
        if type_ in STOP_TYPES:
            stop_s = p("stopPrice")
            if not stop_s:
                raise mandatory("stopPrice")
            stop = self._price(spec, stop_s, "stopPrice")
        # NOTIONAL (MARKET uses the last price, as avgPriceMins would)
        ref = price or e.last_price or e.mid()
        if qty:
            notional = spec.price_dec(ref) * spec.qty_dec(qty)
        else:
            notional = spec.quote_dec(quote_qty)
        if notional < Decimal(spec.min_notional) or notional > Decimal("9000000"):
            raise filter_failure("NOTIONAL")
        order = Order(e.next_order_id, side, type_, price, qty, owner=self, tif=tif or "GTC", stop_price=stop,
                      now=self.venue.clock(), quote_qty=quote_qty)
        order.client_order_id = p("newClientOrderId") or f"sim{self.account.uid}x{e.next_order_id}"
        if type_ == "LIMIT_MAKER" and e.would_cross(side, price):
            raise order_rejected("Order would immediately match and take.")
        if type_ in STOP_TYPES and e.stop_triggered(order, e.last_price):
            raise order_rejected("Order would trigger immediately.")
        if order.client_order_id in self._open_client_ids(spec.symbol):
            raise order_rejected("Duplicate order sent.")
        self._check_balance(e, order)
        return e, order

    def _open_client_ids(self, symbol: str) -> set[str]:
        return {cid for cid, o in self.by_client_id.get(symbol, {}).items()
                if o.status in ("NEW", "PARTIALLY_FILLED")}

    @staticmethod
    def _qty(spec, text: str) -> int:
        d = parse_decimal(text)
        if d is None or d <= 0:
            raise mandatory("quantity") if d is None else filter_failure("LOT_SIZE")
        if -d.as_tuple().exponent > 8:
            raise SimError(-1111, "Parameter 'quantity' has too much precision.")
        steps = spec.steps_of(d)
        if steps is None or steps < spec.min_qty_steps or steps > spec.max_qty_steps:
            raise filter_failure("LOT_SIZE")
        return steps

    @staticmethod
    def _price(spec, text: str, name: str) -> int:
        d = parse_decimal(text)
        if d is None:
            raise mandatory(name)
        if -d.as_tuple().exponent > 8:
            raise SimError(-1111, f"Parameter '{name}' has too much precision.")
        ticks = spec.ticks_of(d) if d > 0 else None
        if ticks is None or ticks < spec.min_price_ticks or ticks > spec.max_price_ticks:
            raise filter_failure("PRICE_FILTER")
        return ticks

    def _check_balance(self, e: MatchingEngine, order: Order) -> None:
        spec = e.spec
        insufficient = order_rejected("Account has insufficient balance for requested action.")
        if order.side == SELL:
            need = spec.qty_dec(order.qty) if order.qty else None
            if need is None:  # quoteOrderQty sell: estimate base needed from the book
                need = ZERO
                remaining = order.quote_qty
                for price in reversed(e.bid_prices):
                    lvl = e.bids[price].total
                    take = min(lvl, remaining // price)
                    need += spec.qty_dec(take)
                    remaining -= take * price
                    if remaining < price:
                        break
            if self.account.spot_balance(spec.base)[0] < need:
                raise insufficient
            return
        free = self.account.spot_balance(spec.quote)[0]
        if order.price and order.type != "MARKET":
            if free < spec.price_dec(order.price) * spec.qty_dec(order.qty):
                raise insufficient
        elif order.quote_qty:
            if free < spec.quote_dec(order.quote_qty):
                raise insufficient
        else:
            cost = ZERO
            left = order.qty
            for price in e.ask_prices:
                take = min(left, e.asks[price].total)
                cost += spec.price_dec(price) * spec.qty_dec(take)
                left -= take
                if not left:
                    break
            if left and order.type == "MARKET" and not e.ask_prices:
                raise order_rejected("Order book liquidity is less than symbol minimum quantity.")
            if free < cost:
                raise insufficient

    def place(self, e: MatchingEngine, order: Order) -> None:
        """Lock funds, register, and hand the order to the engine."""
        spec = e.spec
        if order.side == BUY and order.price and order.orig_type != "MARKET":
            lp = spec.price_dec(order.price)
            order.extra["locked_price"] = lp
            bal = self.account.spot_balance(spec.quote)
            amount = lp * spec.qty_dec(order.qty)
            bal[0] -= amount
            bal[1] += amount
            self._changed.add(spec.quote)
        elif order.side == SELL and order.qty:
            bal = self.account.spot_balance(spec.base)
            amount = spec.qty_dec(order.qty)
            bal[0] -= amount
            bal[1] += amount
            self._changed.add(spec.base)
        elif order.side == SELL:  # quoteOrderQty sell: lock as it fills
            order.qty = spec.max_qty_steps
            order.extra["quote_sell"] = True
        if order.side == BUY and order.quote_qty:
            order.qty = spec.max_qty_steps
        self.register(e, order)
        e.submit(order)
        if order.quote_qty and order.status in ("EXPIRED", "FILLED", "PARTIALLY_FILLED"):
            # quote-quantity orders: the executed quantity is the order quantity
            order.qty = order.executed or order.qty
            if order.status == "EXPIRED" and order.executed:
                order.status = "FILLED"

    # -- response shapes ----------------------------------------------------------------------------------------
    def order_json(self, spec, o: Order, kind: str = "query") -> dict:
        base = {"symbol": spec.symbol, "orderId": o.order_id, "orderListId": -1, "clientOrderId": o.client_order_id}
        if kind == "ACK":
            base["transactTime"] = o.time
            return base
        body = {
            "price": spec.price_str(o.price) if o.price else "0.00000000", "origQty": spec.qty_str(o.qty),
            "executedQty": spec.qty_str(o.executed), "cummulativeQuoteQty": d8(spec.quote_dec(o.cum_quote)),
            "status": o.status, "timeInForce": o.tif, "type": o.orig_type, "side": o.side,
        }
        if kind == "query":
            base.update(body)
            base.update({"stopPrice": spec.price_str(o.stop_price) if o.stop_price else "0.00000000",
                         "icebergQty": "0.00000000", "time": o.time, "updateTime": o.update_time,
                         "isWorking": o.working, "workingTime": o.working_time,
                         "origQuoteOrderQty": d8(spec.quote_dec(o.quote_qty)),
                         "selfTradePreventionMode": "EXPIRE_MAKER"})
            return base
        if kind == "cancel":
            out = {"symbol": spec.symbol, "origClientOrderId": o.client_order_id, "orderId": o.order_id,
                   "orderListId": -1, "clientOrderId": o.extra.get("cancel_client_id") or o.client_order_id,
                   "transactTime": o.update_time}
            out.update(body)
            out["selfTradePreventionMode"] = "EXPIRE_MAKER"
            return out
        base["transactTime"] = o.time
        base.update(body)
        base["origQuoteOrderQty"] = d8(spec.quote_dec(o.quote_qty))
        if o.stop_price:
            base["stopPrice"] = spec.price_str(o.stop_price)
        base["workingTime"] = o.working_time
        base["selfTradePreventionMode"] = "EXPIRE_MAKER"
        if kind == "FULL":
            base["fills"] = list(o.extra.get("fills", []))
        return base

    def account_json(self, omit_zero: bool = False) -> dict:
        a = self.account
        bals = [{"asset": k, "free": d8(v[0]), "locked": d8(v[1])} for k, v in sorted(a.spot.items())
                if not omit_zero or v[0] or v[1]]
        return {"makerCommission": 10, "takerCommission": 10, "buyerCommission": 0, "sellerCommission": 0,
                "commissionRates": {"maker": "0.00100000", "taker": "0.00100000", "buyer": "0.00000000",
                                    "seller": "0.00000000"},
                "canTrade": True, "canWithdraw": True, "canDeposit": True, "brokered": False,
                "requireSelfTradePrevention": False, "preventSor": False, "updateTime": a.update_time,
                "accountType": "SPOT", "balances": bals, "permissions": ["SPOT"], "uid": a.uid}

