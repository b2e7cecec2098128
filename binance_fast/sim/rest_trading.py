"""Trading, account and listenKey endpoints of spot, USD-M and COIN-M."""

from __future__ import annotations

import json

from .errors import NO_SUCH_ORDER, UNKNOWN_ORDER, SimError, bad_symbol, mandatory
from .futures import parse_batch
from .routes import Ctx, Route

OPEN = ("NEW", "PARTIALLY_FILLED")


# -- spot --------------------------------------------------------------------------------------------------------
def spot_new_order(ctx: Ctx, test: bool = False):
    trader = ctx.trader()
    e, order = trader.build_order(ctx.get)
    resp_type = ctx.get("newOrderRespType") or ("FULL" if order.type in ("LIMIT", "MARKET") else "ACK")
    if resp_type not in ("ACK", "RESULT", "FULL"):
        raise SimError(-1100, "Illegal characters found in parameter 'newOrderRespType'; legal range is "
                              "'ACK, RESULT, FULL'.")
    if test:
        if ctx.get("computeCommissionRates") == "true":
            return {"standardCommissionForOrder": {"maker": "0.00100000", "taker": "0.00100000"},
                    "specialCommissionForOrder": {"maker": "0.00000000", "taker": "0.00000000"},
                    "taxCommissionForOrder": {"maker": "0.00000000", "taker": "0.00000000"},
                    "discount": {"enabledForAccount": False, "enabledForSymbol": False, "discountAsset": "BNB",
                                 "discount": "0.25000000"}}
        return {}
    trader.place(e, order)
    return trader.order_json(e.spec, order, resp_type)


def spot_test_order(ctx: Ctx):
    return spot_new_order(ctx, test=True)


def _find(ctx: Ctx, missing=NO_SUCH_ORDER):
    trader = ctx.trader()
    e = trader.engine(ctx.get("symbol"))
    o = trader.find(e.spec.symbol, ctx.get("orderId"), ctx.get("origClientOrderId"))
    if o is None:
        raise SimError(*missing)
    return trader, e, o


def spot_query_order(ctx: Ctx):
    trader, e, o = _find(ctx)
    return trader.order_json(e.spec, o, "query")


def spot_cancel_order(ctx: Ctx):
    trader, e, o = _find(ctx, UNKNOWN_ORDER)
    if o.status not in OPEN:
        raise SimError(*UNKNOWN_ORDER)
    o.extra["cancel_client_id"] = ctx.get("newClientOrderId") or f"cancel{o.order_id}"
    e.cancel(o)
    return trader.order_json(e.spec, o, "cancel")


def spot_cancel_all(ctx: Ctx):
    trader = ctx.trader()
    e = trader.engine(ctx.get("symbol"))
    orders = trader.open_orders(e.spec.symbol)
    if not orders:
        raise SimError(*UNKNOWN_ORDER)
    out = []
    for o in orders:
        o.extra["cancel_client_id"] = f"cancel{o.order_id}"
        e.cancel(o)
        out.append(trader.order_json(e.spec, o, "cancel"))
    return out


def spot_open_orders(ctx: Ctx):
    trader = ctx.trader()
    symbol = ctx.get("symbol")
    if symbol is not None:
        trader.engine(symbol)
    venue = ctx.exchange.venues["spot"]
    return [trader.order_json(venue.engines[trader.symbol_of(o)].spec, o, "query") for o in trader.open_orders(symbol)]


def spot_all_orders(ctx: Ctx):
    trader = ctx.trader()
    e = trader.engine(ctx.get("symbol"))
    limit = ctx.int("limit", 500, 1, 1000)
    order_id = ctx.int("orderId")
    start, end = ctx.int("startTime"), ctx.int("endTime")
    rows = sorted(trader.orders.get(e.spec.symbol, {}).values(), key=lambda o: o.order_id)
    if order_id is not None:
        rows = [o for o in rows if o.order_id >= order_id]
    rows = [o for o in rows if (start is None or o.time >= start) and (end is None or o.time <= end)]
    rows = rows[:limit] if order_id is not None or start is not None else rows[-limit:]
    return [trader.order_json(e.spec, o, "query") for o in rows]


def _my_trades(ctx: Ctx):
    trader = ctx.trader()
    e = trader.engine(ctx.get("symbol"))
    limit = ctx.int("limit", 500, 1, 1000)
    rows = trader.trades.get(e.spec.symbol, [])
    order_id = ctx.int("orderId")
    if order_id is not None:
        rows = [t for t in rows if t["orderId"] == order_id]
    from_id = ctx.int("fromId")
    if from_id is not None:
        rows = [t for t in rows if t["id"] >= from_id]
    start, end = ctx.int("startTime"), ctx.int("endTime")
    rows = [t for t in rows if (start is None or t["time"] >= start) and (end is None or t["time"] <= end)]
    return rows[:limit] if from_id is not None or start is not None else rows[-limit:]


def spot_account(ctx: Ctx):
    return ctx.trader().account_json(ctx.get("omitZeroBalances") == "true")


def spot_commission(ctx: Ctx):
    e = ctx.trader().engine(ctx.get("symbol"))
    return {"symbol": e.spec.symbol,
            "standardCommission": {"maker": "0.00100000", "taker": "0.00100000", "buyer": "0.00000000",
                                   "seller": "0.00000000"},
            "specialCommission": {"maker": "0.00000000", "taker": "0.00000000", "buyer": "0.00000000",
                                  "seller": "0.00000000"},
            "taxCommission": {"maker": "0.00000000", "taker": "0.00000000", "buyer": "0.00000000",
                              "seller": "0.00000000"},
            "discount": {"enabledForAccount": False, "enabledForSymbol": False, "discountAsset": "BNB",
                         "discount": "0.25000000"}}


# -- listenKeys ---------------------------------------------------------------------------------------------------
def listen_key_create(ctx: Ctx):
    return {"listenKey": ctx.exchange.listen_keys.create(ctx.account, ctx.product)}


def listen_key_keepalive(ctx: Ctx):
    lk = ctx.exchange.listen_keys
    if ctx.product == "spot":
        lk.keepalive(ctx.account, "spot", ctx.need("listenKey"))
        return {}
    key = ctx.get("listenKey") or lk.key_of(ctx.account, ctx.product)
    return {"listenKey": lk.keepalive(ctx.account, ctx.product, key)}


def listen_key_close(ctx: Ctx):
    lk = ctx.exchange.listen_keys
    if ctx.product == "spot":
        lk.close(ctx.account, "spot", ctx.need("listenKey"))
    else:
        lk.close(ctx.account, ctx.product, ctx.get("listenKey") or lk.key_of(ctx.account, ctx.product))
    return {}


# -- futures ---------------------------------------------------------------------------------------------------------
def fut_new_order(ctx: Ctx):
    trader = ctx.trader()
    e, order = trader.build_order(ctx.get)
    trader.place(e, order)
    return trader.order_json(e.spec, order)


def fut_test_order(ctx: Ctx):
    ctx.trader().build_order(ctx.get)
    return {}


def fut_batch_orders(ctx: Ctx):
    trader = ctx.trader()
    out = []
    for item in parse_batch(ctx.get("batchOrders")):
        try:
            e, order = trader.build_order(item.get)
            trader.place(e, order)
            out.append(trader.order_json(e.spec, order))
        except SimError as err:
            out.append({"code": err.code, "msg": err.msg})
    return out


def fut_batch_cancel(ctx: Ctx):
    trader = ctx.trader()
    e = trader.engine(ctx.get("symbol"))
    ids = ctx.get("orderIdList")
    cids = ctx.get("origClientOrderIdList")
    if not ids and not cids:
        raise SimError(-1102, "Param 'orderIdList' or 'origClientOrderIdList' must be sent, but both were "
                              "empty/null!")
    try:
        keys = [(str(i), None) for i in json.loads(ids)] if ids else [(None, c) for c in json.loads(cids)]
    except ValueError:
        raise mandatory("orderIdList" if ids else "origClientOrderIdList") from None
    if len(keys) > 10:
        raise SimError(-1130, "Data sent for parameter 'orderIdList' is not valid.")
    out = []
    for oid, cid in keys:
        o = trader.find(e.spec.symbol, oid, cid)
        if o is None or o.status not in OPEN:
            out.append({"code": -2011, "msg": "Unknown order sent."})
            continue
        e.cancel(o)
        out.append(trader.order_json(e.spec, o))
    return out


def fut_query_order(ctx: Ctx):
    trader, e, o = _find(ctx)
    return trader.order_json(e.spec, o, query=True)


def fut_cancel_order(ctx: Ctx):
    trader, e, o = _find(ctx, UNKNOWN_ORDER)
    if o.status not in OPEN:
        raise SimError(*UNKNOWN_ORDER)
    e.cancel(o)
    return trader.order_json(e.spec, o)


def fut_cancel_all(ctx: Ctx):
    trader = ctx.trader()
    e = trader.engine(ctx.get("symbol"))
    for o in trader.open_orders(e.spec.symbol):
        e.cancel(o)
    return {"code": 200, "msg": "The operation of cancel all open order is done."}


def fut_open_order(ctx: Ctx):
    trader, e, o = _find(ctx)
    if o.status not in OPEN:
        raise SimError(-2013, "Order does not exist.")
    return trader.order_json(e.spec, o, query=True)


def fut_open_orders(ctx: Ctx):
    trader = ctx.trader()
    symbol = ctx.get("symbol")
    if symbol is not None:
        trader.engine(symbol)
    venue = ctx.exchange.venues[ctx.product]
    return [trader.order_json(venue.engines[trader.symbol_of(o)].spec, o, query=True)
            for o in trader.open_orders(symbol)]


def fut_all_orders(ctx: Ctx):
    trader = ctx.trader()
    e = trader.engine(ctx.get("symbol"))
    limit = ctx.int("limit", 500, 1, 1000)
    order_id = ctx.int("orderId")
    rows = sorted(trader.orders.get(e.spec.symbol, {}).values(), key=lambda o: o.order_id)
    if order_id is not None:
        rows = [o for o in rows if o.order_id >= order_id][:limit]
    else:
        rows = rows[-limit:]
    return [trader.order_json(e.spec, o, query=True) for o in rows]


def fut_balance(ctx: Ctx):
    return ctx.trader().balance_json()


def fut_account(ctx: Ctx):
    return ctx.trader().account_json()


def fut_position_risk(ctx: Ctx):
    trader = ctx.trader()
    symbol = ctx.get("symbol")
    if symbol is not None and symbol not in ctx.exchange.venues[ctx.product].engines:
        raise bad_symbol()
    return trader.position_json(symbol)


def fut_leverage(ctx: Ctx):
    trader = ctx.trader()
    e = trader.engine(ctx.get("symbol"))
    lev = ctx.int("leverage")
    if lev is None:
        raise mandatory("leverage")
    if not 1 <= lev <= 125:
        raise SimError(-4028, "Leverage is not valid")
    trader.position(e.spec.symbol).leverage = lev
    out = {"leverage": lev, "symbol": e.spec.symbol}
    out["maxNotionalValue" if ctx.product == "usdm" else "maxQty"] = "1000000"
    return out


def trading_routes() -> list[Route]:
    r = [
        Route("spot", "POST", "/api/v3/order", "TRADE", spot_new_order, 1, order=True),
        Route("spot", "POST", "/api/v3/order/test", "TRADE", spot_test_order,
              lambda p: 20 if p.get("computeCommissionRates") == "true" else 1),
        Route("spot", "GET", "/api/v3/order", "USER_DATA", spot_query_order, 4, ("symbol",)),
        Route("spot", "DELETE", "/api/v3/order", "TRADE", spot_cancel_order, 1, ("symbol",)),
        Route("spot", "DELETE", "/api/v3/openOrders", "TRADE", spot_cancel_all, 1, ("symbol",)),
        Route("spot", "GET", "/api/v3/openOrders", "USER_DATA", spot_open_orders,
              lambda p: 6 if p.get("symbol") else 80),
        Route("spot", "GET", "/api/v3/allOrders", "USER_DATA", spot_all_orders, 20, ("symbol",)),
        Route("spot", "GET", "/api/v3/myTrades", "USER_DATA", _my_trades, 20, ("symbol",)),
        Route("spot", "GET", "/api/v3/account", "USER_DATA", spot_account, 20),
        Route("spot", "GET", "/api/v3/account/commission", "USER_DATA", spot_commission, 20, ("symbol",)),
        Route("spot", "POST", "/api/v3/userDataStream", "USER_STREAM", listen_key_create, 2),
        Route("spot", "PUT", "/api/v3/userDataStream", "USER_STREAM", listen_key_keepalive, 2),
        Route("spot", "DELETE", "/api/v3/userDataStream", "USER_STREAM", listen_key_close, 2),
    ]
    for product, pre in (("usdm", "/fapi"), ("coinm", "/dapi")):
        r += [
            Route(product, "POST", f"{pre}/v1/order", "TRADE", fut_new_order, 1 if product == "coinm" else 0,
                  order=True),
            Route(product, "POST", f"{pre}/v1/order/test", "TRADE", fut_test_order, 1),
            Route(product, "POST", f"{pre}/v1/batchOrders", "TRADE", fut_batch_orders, 5, order=True),
            Route(product, "DELETE", f"{pre}/v1/batchOrders", "TRADE", fut_batch_cancel, 1, ("symbol",)),
            Route(product, "GET", f"{pre}/v1/order", "USER_DATA", fut_query_order, 1, ("symbol",)),
            Route(product, "DELETE", f"{pre}/v1/order", "TRADE", fut_cancel_order, 1, ("symbol",)),
            Route(product, "DELETE", f"{pre}/v1/allOpenOrders", "TRADE", fut_cancel_all, 1, ("symbol",)),
            Route(product, "GET", f"{pre}/v1/openOrder", "USER_DATA", fut_open_order, 1, ("symbol",)),
            Route(product, "GET", f"{pre}/v1/openOrders", "USER_DATA", fut_open_orders,
                  lambda p: 1 if p.get("symbol") else 40),
            Route(product, "GET", f"{pre}/v1/allOrders", "USER_DATA", fut_all_orders, 5, ("symbol",)),
            Route(product, "GET", f"{pre}/v1/userTrades", "USER_DATA", _my_trades, 5, ("symbol",)),
            Route(product, "POST", f"{pre}/v1/leverage", "TRADE", fut_leverage, 1, ("symbol", "leverage")),
            Route(product, "POST", f"{pre}/v1/listenKey", "USER_STREAM", listen_key_create, 1),
            Route(product, "PUT", f"{pre}/v1/listenKey", "USER_STREAM", listen_key_keepalive, 1),
            Route(product, "DELETE", f"{pre}/v1/listenKey", "USER_STREAM", listen_key_close, 1),
        ]
    for path in ("/fapi/v2/account", "/fapi/v3/account", "/dapi/v1/account"):
        r.append(Route(product_of_path(path), "GET", path, "USER_DATA", fut_account, 5))
    for path in ("/fapi/v2/balance", "/fapi/v3/balance", "/dapi/v1/balance"):
        r.append(Route(product_of_path(path), "GET", path, "USER_DATA", fut_balance, 5))
    for path in ("/fapi/v2/positionRisk", "/fapi/v3/positionRisk", "/dapi/v1/positionRisk"):
        r.append(Route(product_of_path(path), "GET", path, "USER_DATA", fut_position_risk, 5))
    return r


def product_of_path(path: str) -> str:
    return "usdm" if path.startswith("/fapi") else "coinm"

