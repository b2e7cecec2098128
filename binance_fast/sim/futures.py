"""USD-M and COIN-M futures for one account: one-way positions, wallet, fees, margin checks, response shapes."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal

from .accounts import Account
from .engine import BUY, STOP_TYPES, Fill, MatchingEngine, Order
from .errors import SimError, mandatory
from .fixedpoint import dec_str, parse_decimal
from .trader import Trader
from .venue import Venue

FUT_TYPES = ("LIMIT", "MARKET", "STOP", "STOP_MARKET", "TAKE_PROFIT", "TAKE_PROFIT_MARKET")
FUT_TIFS = ("GTC", "IOC", "FOK", "GTX")
MAKER_FEE = Decimal("0.0002")
TAKER_FEE = Decimal("0.0005")
ZERO = Decimal(0)


class Position:
    __slots__ = ("amt", "cost", "realized", "update_time", "leverage")

    def __init__(self) -> None:
        self.amt = 0  # signed, in steps
        self.cost = ZERO  # USD-M: quote paid for the open amount; COIN-M: coin value (contracts*cs/price)
        self.realized = ZERO
        self.update_time = 0
        self.leverage = 20


class FuturesTrader(Trader):
    """The USD-M or COIN-M side of one account."""

    def __init__(self, account: Account, venue: Venue, publish: Callable[[Account, str, dict], None]):
        super().__init__(account, venue, publish)
        self.product = venue.product
        self.wallet = account.wallets[self.product]
        self.positions: dict[str, Position] = {}

    def position(self, symbol: str) -> Position:
        p = self.positions.get(symbol)
        if p is None:
            p = self.positions[symbol] = Position()
        return p

    # -- accounting ------------------------------------------------------------------------------------------
    def entry_price(self, spec, pos: Position) -> Decimal:
        if not pos.amt or not pos.cost:
            return ZERO
        q = spec.qty_dec(abs(pos.amt))
        if spec.contract_size:
            return q * spec.contract_size / pos.cost
        return pos.cost / q

    def unrealized(self, spec, pos: Position, mark: int) -> Decimal:
        if not pos.amt:
            return ZERO
        m = spec.price_dec(mark)
        q = spec.qty_dec(abs(pos.amt))
        sign = 1 if pos.amt > 0 else -1
        if spec.contract_size:
            return sign * (pos.cost - q * spec.contract_size / m)
        return sign * (q * m - pos.cost)

    def _apply_fill(self, spec, order: Order, fill: Fill) -> tuple[Decimal, Decimal]:
        """Move the position and wallet for one fill; returns (realized pnl, commission)."""
        pos = self.position(spec.symbol)
        p = spec.price_dec(fill.price)
        signed = fill.qty if order.side == BUY else -fill.qty
        cs = spec.contract_size

        def value(steps: int) -> Decimal:
            q = spec.qty_dec(steps)
            return q * cs / p if cs else q * p

        realized = ZERO
        if pos.amt == 0 or (pos.amt > 0) == (signed > 0):
            pos.cost += value(abs(signed))
            pos.amt += signed
        else:
            close = min(abs(signed), abs(pos.amt))
            entry_cost = pos.cost * close / abs(pos.amt)
            exit_value = value(close)
            sign = 1 if pos.amt > 0 else -1
            realized = sign * (entry_cost - exit_value) if cs else sign * (exit_value - entry_cost)
            pos.cost -= entry_cost
            pos.amt += signed
            rest = abs(signed) - close
            if rest:
                pos.cost = value(rest)
            if pos.amt == 0:
                pos.cost = ZERO
        pos.realized += realized
        pos.update_time = fill.time
        fee = value(fill.qty) * (MAKER_FEE if fill.maker is order else TAKER_FEE)
        asset = spec.margin_asset
        self.wallet[asset] = self.wallet.get(asset, ZERO) + realized - fee
        return realized, fee

    def order_event(self, engine: MatchingEngine, order: Order, exec_type: str, fill: Fill | None) -> None:
        spec = engine.spec
        realized = fee = ZERO
        if fill is not None:
            realized, fee = self._apply_fill(spec, order, fill)
            order.realized += float(realized)
            self.trades.setdefault(spec.symbol, []).append(self._trade_json(spec, order, fill, realized, fee))
        now = self.venue.clock()
        o = {
            "s": spec.symbol, "c": order.client_order_id, "S": order.side, "o": order.type, "f": order.tif,
            "q": spec.qty_str(order.qty), "p": spec.price_str(order.price) if order.price else "0",
            "ap": self.avg_price(spec, order), "sp": spec.price_str(order.stop_price) if order.stop_price else "0",
            "x": "EXPIRED" if exec_type == "TRADE_PREVENTION" else exec_type,
            "X": "NEW" if exec_type == "NEW" else order.status,
            "i": order.order_id, "l": spec.qty_str(fill.qty) if fill else "0", "z": spec.qty_str(order.executed),
            "L": spec.price_str(fill.price) if fill else "0", "N": spec.margin_asset,
            "n": dec_str(fee, 8) if fill else "0", "T": order.update_time, "t": fill.trade_id if fill else 0,
            "b": "0", "a": "0", "m": bool(fill and fill.maker is order), "R": order.reduce_only,
            "wt": "CONTRACT_PRICE", "ot": order.orig_type, "ps": "BOTH", "cp": order.close_position,
            "rp": dec_str(realized, 8), "pP": False, "si": 0, "ss": 0, "V": "EXPIRE_MAKER", "pm": "NONE", "gtd": 0,
        }
        if self.product == "coinm":
            o.pop("V"), o.pop("pm"), o.pop("gtd")
        self.publish(self.account, self.product, {"e": "ORDER_TRADE_UPDATE", "E": now, "T": order.update_time,
                                                  "o": o})
        if fill is not None:
            self._account_update(spec, now)

    def _account_update(self, spec, now: int) -> None:
        pos = self.position(spec.symbol)
        asset = spec.margin_asset
        wb = dec_str(self.wallet.get(asset, ZERO), 8)
        mark = self.venue.mark_price(spec.symbol)
        self.publish(self.account, self.product, {
            "e": "ACCOUNT_UPDATE", "E": now, "T": now,
            "a": {"m": "ORDER", "B": [{"a": asset, "wb": wb, "cw": wb, "bc": "0"}],
                  "P": [{"s": spec.symbol, "pa": spec.qty_str(pos.amt), "ep": dec_str(self.entry_price(spec, pos), 8),
                         "bep": dec_str(self.entry_price(spec, pos), 8), "cr": dec_str(pos.realized, 8),
                         "up": dec_str(self.unrealized(spec, pos, mark), 8), "mt": "cross", "iw": "0",
                         "ps": "BOTH"}]}})

    def avg_price(self, spec, o: Order) -> str:
        if not o.executed:
            return "0" if self.product == "usdm" else "0"
        if spec.contract_size:
            avg = spec.qty_dec(o.executed) * spec.contract_size / Decimal(repr(o.cum_base))
        else:
            avg = spec.quote_dec(o.cum_quote) / spec.qty_dec(o.executed)
        return dec_str(avg, max(spec.price_out, 5))

    # -- margin ------------------------------------------------------------------------------------------------
    def available(self, asset: str) -> Decimal:
        total = self.wallet.get(asset, ZERO)
        for sym, pos in self.positions.items():
            spec = self.venue.spec(sym)
            if spec is None or spec.margin_asset != asset or not pos.amt:
                continue
            mark = self.venue.mark_price(sym)
            total += self.unrealized(spec, pos, mark)
            total -= self._notional(spec, abs(pos.amt), mark) / pos.leverage
        for sym, orders in self.orders.items():
            spec = self.venue.spec(sym)
            if spec is None or spec.margin_asset != asset:
                continue
            lev = self.position(sym).leverage
            for o in orders.values():
                if o.status in ("NEW", "PARTIALLY_FILLED") and not o.reduce_only:
                    total -= self._notional(spec, o.remaining, o.price or self.venue.mark_price(sym)) / lev
        return total

    @staticmethod
    def _notional(spec, steps: int, price: int) -> Decimal:
        q = spec.qty_dec(steps)
        if spec.contract_size:
            return q * spec.contract_size / spec.price_dec(price) if price else ZERO
        return q * spec.price_dec(price)

    # -- placement ---------------------------------------------------------------------------------------------
    def build_order(self, p: Callable[[str], str | None]) -> tuple[MatchingEngine, Order]:
        e, side, type_ = self.order_basics(p, FUT_TYPES)
        spec = e.spec
        tif = p("timeInForce")
        limit_like = type_ in ("LIMIT", "STOP", "TAKE_PROFIT")
        if limit_like and not tif:
            if type_ == "LIMIT":
                raise mandatory("timeInForce")
            tif = "GTC"
        if tif and tif not in FUT_TIFS:
            raise SimError(-1115, "Invalid timeInForce.")
        close_position = p("closePosition") == "true"
        qty_s = p("quantity")
        if not qty_s and not close_position:
            raise mandatory("quantity")
        qty = self._qty(spec, qty_s) if qty_s else 0
        price = 0
        if limit_like:
            price_s = p("price")
            if not price_s:
                raise mandatory("price")
            price = self._price(spec, price_s)
        stop = 0
        if type_ in STOP_TYPES:
            stop_s = p("stopPrice")
            if not stop_s:
                raise mandatory("stopPrice")
            stop = self._price(spec, stop_s)
        reduce_only = p("reduceOnly") == "true"
        pos = self.position(spec.symbol)
        if close_position:
            qty = abs(pos.amt) or spec.min_qty_steps
            reduce_only = True
        if reduce_only and (pos.amt == 0 or (pos.amt > 0) == (side == BUY)):
            raise SimError(-2022, "ReduceOnly Order is rejected.")
        ref = price or e.last_price or e.mid()
        if self.product == "usdm" and not reduce_only:
            if spec.price_dec(ref) * spec.qty_dec(qty) < Decimal(spec.min_notional):
                raise SimError(-4164, f"Order's notional must be no smaller than {spec.min_notional} "
                               "(unless you choose reduce only).")
        order = Order(e.next_order_id, side, type_, price, qty, owner=self, tif=tif or "GTC", stop_price=stop,
                      now=self.venue.clock())
        order.reduce_only = reduce_only
        order.close_position = close_position
        order.client_order_id = p("newClientOrderId") or f"sim{self.account.uid}f{e.next_order_id}"
        if tif == "GTX" and e.would_cross(side, price):
            raise SimError(-5022, "Due to the order could not be executed as maker, the Post Only order will be "
                           "rejected.")
        if type_ in STOP_TYPES and e.stop_triggered(order, e.last_price):
            raise SimError(-2021, "Order would immediately trigger.")
        cids = self.by_client_id.get(spec.symbol, {})
        if order.client_order_id in cids and cids[order.client_order_id].status in ("NEW", "PARTIALLY_FILLED"):
            raise SimError(-4015, "Client order id is not valid.")
        if not reduce_only:
            need = self._notional(spec, qty, ref) / pos.leverage
            if need > self.available(spec.margin_asset):
                raise SimError(-2019, "Margin is insufficient.")
        if type_ == "MARKET" and not e.available(side, 0):
            raise SimError(-4131, "The counterparty's best price does not meet the PERCENT_PRICE filter limit.")
        return e, order

    @staticmethod
    def _qty(spec, text: str) -> int:
        d = parse_decimal(text)
        if d is None:
            raise mandatory("quantity")
        if d <= 0:
            raise SimError(-4003, "Quantity less than zero.")
        if -d.as_tuple().exponent > spec.qty_out:
            raise SimError(-1111, "Precision is over the maximum defined for this asset.")
        steps = spec.steps_of(d)
        if steps is None:
            raise SimError(-4023, "Qty not increased by step size.")
        if steps < spec.min_qty_steps:
            raise SimError(-4004, "Quantity less than min quantity.")
        if steps > spec.max_qty_steps:
            raise SimError(-4005, "Quantity greater than max quantity.")
        return steps

    @staticmethod
    def _price(spec, text: str) -> int:
        d = parse_decimal(text)
        if d is None:
            raise mandatory("price")
        if d <= 0:
            raise SimError(-4013, "Price less than min price.")
        if -d.as_tuple().exponent > spec.price_out:
            raise SimError(-1111, "Precision is over the maximum defined for this asset.")
        ticks = spec.ticks_of(d)
        if ticks is None:
            raise SimError(-4014, "Price not increased by tick size.")
        if ticks > spec.max_price_ticks:
            raise SimError(-4016, "Price is higher than mark price multiplier cap.")
        return ticks

    def place(self, e: MatchingEngine, order: Order) -> None:
        self.register(e, order)
        e.submit(order)

    # -- response shapes ---------------------------------------------------------------------------------------
    def order_json(self, spec, o: Order, query: bool = False) -> dict:
        out = {
            "orderId": o.order_id, "symbol": spec.symbol, "status": o.status, "clientOrderId": o.client_order_id,
            "price": spec.price_str(o.price) if o.price else "0", "avgPrice": self.avg_price(spec, o),
            "origQty": spec.qty_str(o.qty), "executedQty": spec.qty_str(o.executed),
            "cumQty": spec.qty_str(o.executed),
        }
        if spec.contract_size:
            out["cumBase"] = dec_str(Decimal(repr(o.cum_base)), 8)
            out["pair"] = spec.pair
        else:
            out["cumQuote"] = dec_str(spec.quote_dec(o.cum_quote), 5)
        out.update({
            "timeInForce": o.tif, "type": o.type, "reduceOnly": o.reduce_only, "closePosition": o.close_position,
            "side": o.side, "positionSide": "BOTH",
            "stopPrice": spec.price_str(o.stop_price) if o.stop_price else "0", "workingType": "CONTRACT_PRICE",
            "priceProtect": False, "origType": o.orig_type, "updateTime": o.update_time,
        })
        if not spec.contract_size:
            out.update({"priceMatch": "NONE", "selfTradePreventionMode": "EXPIRE_MAKER", "goodTillDate": 0})
        if query:
            out["time"] = o.time
        return out

    def _trade_json(self, spec, o: Order, fill: Fill, realized: Decimal, fee: Decimal) -> dict:
        t = {"symbol": spec.symbol, "id": fill.trade_id, "orderId": o.order_id, "side": o.side,
             "price": spec.price_str(fill.price), "qty": spec.qty_str(fill.qty), "realizedPnl": dec_str(realized, 8),
             "commission": dec_str(fee, 8), "commissionAsset": spec.margin_asset, "time": fill.time,
             "positionSide": "BOTH", "buyer": o.side == BUY, "maker": fill.maker is o}
        if spec.contract_size:
            t["marginAsset"] = spec.margin_asset
            t["baseQty"] = dec_str(spec.qty_dec(fill.qty) * spec.contract_size / spec.price_dec(fill.price), 8)
            t["pair"] = spec.pair
        else:
            t["quoteQty"] = dec_str(spec.price_dec(fill.price) * spec.qty_dec(fill.qty), 8)
        return t

    def balance_json(self) -> list[dict]:
        now = self.venue.clock()
        out = []
        for asset, wb in sorted(self.wallet.items()):
            upnl = sum((self.unrealized(self.venue.spec(s), p, self.venue.mark_price(s))
                        for s, p in self.positions.items()
                        if self.venue.spec(s) and self.venue.spec(s).margin_asset == asset), ZERO)
            avail = self.available(asset)
            row = {"accountAlias": "SgsR", "asset": asset, "balance": dec_str(wb, 8),
                   "crossWalletBalance": dec_str(wb, 8), "crossUnPnl": dec_str(upnl, 8),
                   "availableBalance": dec_str(avail, 8), "maxWithdrawAmount": dec_str(max(avail, ZERO), 8),
                   "marginAvailable": True, "updateTime": now}
            if self.product == "coinm":
                row["withdrawAvailable"] = row.pop("maxWithdrawAmount")
            out.append(row)
        return out

    def position_json(self, symbol: str | None) -> list[dict]:
        out = []
        syms = [symbol] if symbol else list(self.venue.engines)
        for s in syms:
            spec = self.venue.spec(s)
            pos = self.position(s)
            mark = self.venue.mark_price(s)
            entry = self.entry_price(spec, pos)
            row = {"symbol": s, "positionAmt": spec.qty_str(pos.amt), "entryPrice": dec_str(entry, 8),
                   "breakEvenPrice": dec_str(entry, 8), "markPrice": dec_str(spec.price_dec(mark), 8),
                   "unRealizedProfit": dec_str(self.unrealized(spec, pos, mark), 8),
                   "liquidationPrice": "0", "leverage": str(pos.leverage), "maxNotionalValue": "8000000",
                   "marginType": "cross", "isolatedMargin": "0.00000000", "isAutoAddMargin": "false",
                   "positionSide": "BOTH", "notional": dec_str(self._notional(spec, abs(pos.amt), mark)
                                                               * (1 if pos.amt >= 0 else -1), 8),
                   "isolatedWallet": "0", "updateTime": pos.update_time}
            if spec.contract_size:
                row.pop("notional")
                row["notionalValue"] = dec_str(self._notional(spec, abs(pos.amt), mark), 8)
                row["maxQty"] = "1000"
            out.append(row)
        return out

    def account_json(self) -> dict:
        bals = self.balance_json()
        total_wb = sum((Decimal(b["balance"]) for b in bals), ZERO)
        total_up = sum((Decimal(b["crossUnPnl"]) for b in bals), ZERO)
        positions = [{"symbol": r["symbol"], "initialMargin": "0", "maintMargin": "0",
                      "unrealizedProfit": r["unRealizedProfit"], "positionInitialMargin": "0",
                      "openOrderInitialMargin": "0", "leverage": r["leverage"], "isolated": False,
                      "entryPrice": r["entryPrice"], "maxNotional": "8000000", "positionSide": "BOTH",
                      "positionAmt": r["positionAmt"], "updateTime": r["updateTime"]}
                     for r in self.position_json(None)]
        assets = [{"asset": b["asset"], "walletBalance": b["balance"], "unrealizedProfit": b["crossUnPnl"],
                   "marginBalance": dec_str(Decimal(b["balance"]) + Decimal(b["crossUnPnl"]), 8),
                   "maintMargin": "0", "initialMargin": "0", "positionInitialMargin": "0",
                   "openOrderInitialMargin": "0", "crossWalletBalance": b["balance"],
                   "crossUnPnl": b["crossUnPnl"], "availableBalance": b["availableBalance"],
                   "maxWithdrawAmount": b.get("maxWithdrawAmount", b.get("withdrawAvailable")),
                   "marginAvailable": True, "updateTime": b["updateTime"]} for b in bals]
        if self.product == "coinm":
            return {"assets": assets, "positions": positions, "canDeposit": True, "canTrade": True,
                    "canWithdraw": True, "feeTier": 0, "updateTime": self.venue.clock()}
        return {"feeTier": 0, "feeBurn": False, "canTrade": True, "canDeposit": True, "canWithdraw": True,
                "updateTime": 0, "multiAssetsMargin": False, "tradeGroupId": -1,
                "totalInitialMargin": "0.00000000", "totalMaintMargin": "0.00000000",
                "totalWalletBalance": dec_str(total_wb, 8), "totalUnrealizedProfit": dec_str(total_up, 8),
                "totalMarginBalance": dec_str(total_wb + total_up, 8),
                "totalPositionInitialMargin": "0.00000000", "totalOpenOrderInitialMargin": "0.00000000",
                "totalCrossWalletBalance": dec_str(total_wb, 8), "totalCrossUnPnl": dec_str(total_up, 8),
                "availableBalance": bals[0]["availableBalance"] if bals else "0",
                "maxWithdrawAmount": bals[0]["availableBalance"] if bals else "0",
                "assets": assets, "positions": positions}


def parse_batch(text: str | None, name: str = "batchOrders") -> list[dict]:
    if not text:
        raise mandatory(name)
    try:
        items = json.loads(text)
    except ValueError:
        raise mandatory(name) from None
    if not isinstance(items, list) or not items or not all(isinstance(i, dict) for i in items):
        raise mandatory(name)
    if len(items) > 5:
        raise SimError(-4082, "Invalid number of batch place orders.")
    return [{k: (v if isinstance(v, str) else json.dumps(v)) for k, v in i.items()} for i in items]
