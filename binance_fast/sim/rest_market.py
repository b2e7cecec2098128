"""Market-data endpoints of spot, USD-M and COIN-M: ping, time, exchangeInfo, depth, trades, klines, tickers."""

from __future__ import annotations

import json
from decimal import Decimal

from .errors import SimError, bad_symbol, mandatory
from .fixedpoint import dec_str
from .ratelimit import RateLimits
from .routes import Ctx, Route
from .tape import INTERVAL_MS, bucket_end

SPOT_DEPTH_LIMITS = None  # any 1..5000
FUT_DEPTH_LIMITS = (5, 10, 20, 50, 100, 500, 1000)


def _engine(ctx: Ctx, required: bool = True):
    symbol = ctx.get("symbol")
    if not symbol:
        if required:
            raise mandatory("symbol")
        return None
    e = ctx.exchange.venues[ctx.product].engines.get(symbol)
    if e is None:
        raise bad_symbol()
    return e


def _engines(ctx: Ctx):
    """The engines a ticker call asks for: symbol=, symbols=[...] or all."""
    venue = ctx.exchange.venues[ctx.product]
    if ctx.get("symbol"):
        return [_engine(ctx)], True
    symbols = ctx.get("symbols")
    if symbols:
        try:
            names = json.loads(symbols)
        except ValueError:
            raise mandatory("symbols") from None
        out = []
        for n in names:
            e = venue.engines.get(n)
            if e is None:
                raise bad_symbol()
            out.append(e)
        return out, False
    return list(venue.engines.values()), False


def ping(ctx: Ctx):
    return {}


def server_time(ctx: Ctx):
    return {"serverTime": ctx.exchange.now()}


def exchange_info(ctx: Ctx):
    ex = ctx.exchange
    venue = ex.venues[ctx.product]
    lim: RateLimits = ctx.sim.limiter.limits
    if ctx.product == "spot":
        engines, _ = _engines(ctx)
        rate_limits = [
            {"rateLimitType": "REQUEST_WEIGHT", "interval": "MINUTE", "intervalNum": 1,
             "limit": lim.spot_weight_per_minute},
            {"rateLimitType": "ORDERS", "interval": "SECOND", "intervalNum": 10, "limit": lim.spot_orders_per_10s},
            {"rateLimitType": "ORDERS", "interval": "DAY", "intervalNum": 1, "limit": lim.spot_orders_per_day},
            {"rateLimitType": "RAW_REQUESTS", "interval": "MINUTE", "intervalNum": 5, "limit": 61000},
        ]
        return {"timezone": "UTC", "serverTime": ex.now(), "rateLimits": rate_limits, "exchangeFilters": [],
                "symbols": [e.spec.exchange_info() for e in engines]}
    rate_limits = [
        {"rateLimitType": "REQUEST_WEIGHT", "interval": "MINUTE", "intervalNum": 1,
         "limit": lim.futures_weight_per_minute},
        {"rateLimitType": "ORDERS", "interval": "MINUTE", "intervalNum": 1, "limit": lim.futures_orders_per_minute},
        {"rateLimitType": "ORDERS", "interval": "SECOND", "intervalNum": 10, "limit": lim.futures_orders_per_10s},
    ]
    out = {"timezone": "UTC", "serverTime": ex.now(), "rateLimits": rate_limits, "exchangeFilters": []}
    if ctx.product == "usdm":
        out["futuresType"] = "U_MARGINED"
        out["assets"] = [{"asset": "USDT", "marginAvailable": True, "autoAssetExchange": "-10000"},
                         {"asset": "BTC", "marginAvailable": True, "autoAssetExchange": "-0.10000000"}]
    out["symbols"] = [e.spec.exchange_info() for e in venue.engines.values()]
    return out


def depth_weight(product: str):
    def weight(params: dict) -> int:
        try:
            limit = int(params.get("limit") or (100 if product == "spot" else 500))
        except ValueError:
            return 1
        if product == "spot":
            return 5 if limit <= 100 else 25 if limit <= 500 else 50 if limit <= 1000 else 250
        return 2 if limit <= 50 else 5 if limit <= 100 else 10 if limit <= 500 else 20
    return weight


def _oldest_depth_start(ctx: Ctx, symbol: str) -> int | None:
    """Where the oldest depth stream of the product's clients starts (JSON and, on spot, SBE hubs)."""
    starts = [h.oldest_depth_start(symbol) for h in ctx.sim.hubs.values() if h.product == ctx.product]
    return min((s for s in starts if s is not None), default=None)


def depth(ctx: Ctx):
    e = _engine(ctx)
    spec = e.spec
    spot = ctx.product == "spot"
    limit = ctx.int("limit", 100 if spot else 500)
    if spot:
        if not 1 <= limit <= 5000:
            raise SimError(-1100, "Illegal characters found in parameter 'limit'; legal range is '1..5000'.")
    elif limit not in FUT_DEPTH_LIMITS:
        raise SimError(-1130, "Data sent for parameter 'limit' is not valid.")
    venue = ctx.exchange.venues[ctx.product]
    stale = ctx.sim.faults.take_stale(ctx.product, spec.symbol) and venue.stale_snapshot(
        spec.symbol, _oldest_depth_start(ctx, spec.symbol))
    if stale:
        last_id, bids, asks = stale
        bids, asks = bids[:limit], asks[:limit]
    else:
        if not spot:
            e.touch()  # the snapshot id falls inside the next diff event of every speed (U <= id <= u)
        last_id = e.update_id
        bids, asks = e.depth(limit)
    ps, qs = spec.price_str, spec.qty_str
    body_bids = [[ps(p), qs(q)] for p, q in bids]
    body_asks = [[ps(p), qs(q)] for p, q in asks]
    if spot:
        return {"lastUpdateId": last_id, "bids": body_bids, "asks": body_asks}
    now = ctx.exchange.now()
    if ctx.product == "usdm":
        return {"lastUpdateId": last_id, "E": now, "T": now, "bids": body_bids, "asks": body_asks}
    return {"lastUpdateId": last_id, "symbol": spec.symbol, "pair": spec.pair, "E": now, "T": now,
            "bids": body_bids, "asks": body_asks}


def _trade_json(ctx: Ctx, spec, t):
    tid, price, qty, time_, buyer_maker = t
    out = {"id": tid, "price": spec.price_str(price), "qty": spec.qty_str(qty)}
    if spec.contract_size:
        out["baseQty"] = dec_str(Decimal(repr(qty * spec.contract_size / float(spec.price_dec(price)))), 8)
    else:
        out["quoteQty"] = dec_str(spec.price_dec(price) * spec.qty_dec(qty), 8 if ctx.product == "spot" else 5)
    out["time"] = time_
    out["isBuyerMaker"] = buyer_maker
    if ctx.product == "spot":
        out["isBestMatch"] = True
    return out


def trades(ctx: Ctx):
    e = _engine(ctx)
    limit = ctx.int("limit", 500, 1, 1000)
    tape = e.tape.trades
    from_id = ctx.int("fromId")
    if from_id is None:
        rows = list(tape)[-limit:]
    else:
        first = tape[0][0] if tape else 0
        start = max(0, from_id - first)
        rows = [tape[i] for i in range(start, min(len(tape), start + limit))]
    return [_trade_json(ctx, e.spec, t) for t in rows]


def agg_trades(ctx: Ctx):
    e = _engine(ctx)
    spec = e.spec
    limit = ctx.int("limit", 500, 1, 1000)
    from_id = ctx.int("fromId")
    start = ctx.int("startTime")
    end = ctx.int("endTime")
    aggs = e.tape.aggs
    if from_id is not None:
        first = aggs[0][0] if aggs else 0
        i0 = max(0, from_id - first)
        rows = [aggs[i] for i in range(i0, min(len(aggs), i0 + limit))]
    elif start is not None or end is not None:
        if start is not None and end is not None and end - start > 3_600_000:
            raise SimError(-1127, "More than 1 hours between startTime and endTime.")
        rows = [a for a in aggs if (start is None or a[5] >= start) and (end is None or a[5] <= end)][:limit]
    else:
        rows = list(aggs)[-limit:]
    spot = ctx.product == "spot"
    out = []
    for a in rows:
        row = {"a": a[0], "p": spec.price_str(a[1]), "q": spec.qty_str(a[2]), "f": a[3], "l": a[4], "T": a[5],
               "m": a[6]}
        if spot:
            row["M"] = True
        out.append(row)
    return out


def kline_row(spec, k, interval: str) -> list:
    ps = spec.price_str
    if spec.contract_size:
        quote = dec_str(Decimal(repr(k.quote)), 8)
        buy_quote = dec_str(Decimal(repr(k.buy_quote)), 8)
    else:
        quote = dec_str(spec.quote_dec(k.quote), 8 if spec.product == "spot" else 4)
        buy_quote = dec_str(spec.quote_dec(k.buy_quote), 8 if spec.product == "spot" else 4)
    return [k.open_time, ps(k.o), ps(k.h), ps(k.l), ps(k.c), spec.qty_str(k.vol), bucket_end(k.open_time, interval),
            quote, k.n, spec.qty_str(k.buy_vol), buy_quote, "0"]


def klines(ctx: Ctx):
    e = _engine(ctx)
    interval = ctx.need("interval")
    if interval not in INTERVAL_MS or (interval == "1s" and ctx.product != "spot"):
        raise SimError(-1120, "Invalid interval.")
    spot = ctx.product == "spot"
    limit = ctx.int("limit", 500, 1, 1000 if spot else 1500)
    start = ctx.int("startTime")
    end = ctx.int("endTime")
    ks = e.tape.klines(interval, start, end, limit, ctx.exchange.now())
    return [kline_row(e.spec, k, interval) for k in ks]


def klines_weight(product: str):
    def weight(params: dict) -> int:
        if product == "spot":
            return 2
        try:
            limit = int(params.get("limit") or 500)
        except ValueError:
            return 1
        return 1 if limit < 100 else 2 if limit < 500 else 5 if limit <= 1000 else 10
    return weight


def _stats(ctx: Ctx, e, window_ms: int = 86_400_000) -> dict:
    return rolling_stats(ctx.exchange, ctx.product, e, window_ms)


def rolling_stats(exchange, product: str, e, window_ms: int = 86_400_000) -> dict:
    """The rolling-window statistics of one symbol, shaped like the product's ticker/24hr answer."""
    spec = e.spec
    now = exchange.now()
    ks = [k for k in e.tape.k1m if k.open_time >= now - window_ms]
    traded = [k for k in ks if k.n]
    last = e.tape.trades[-1] if e.tape.trades else None
    if traded:
        o, c = traded[0].o, traded[-1].c
        h = max(k.h for k in traded)
        lo = min(k.l for k in traded)
        vol = sum(k.vol for k in traded)
        quote = sum(k.quote for k in traded)
        n = sum(k.n for k in traded)
        first_id, last_id = traded[0].first_id, traded[-1].last_id
    else:
        o = c = h = lo = e.last_price or e.mid()
        vol = quote = n = 0
        first_id = last_id = -1
    change = spec.price_dec(c) - spec.price_dec(o)
    pct = (change / spec.price_dec(o) * 100) if o else Decimal(0)
    if spec.contract_size:
        wavg = (spec.qty_dec(vol) * spec.contract_size / Decimal(repr(quote))) if quote else spec.price_dec(c)
        quote_s = dec_str(Decimal(repr(quote)), 8)
    else:
        wavg = (spec.quote_dec(quote) / spec.qty_dec(vol)) if vol else spec.price_dec(c)
        quote_s = dec_str(spec.quote_dec(quote), 8)
    ps = spec.price_str
    out = {"symbol": spec.symbol, "priceChange": dec_str(change, spec.price_out),
           "priceChangePercent": dec_str(pct, 3), "weightedAvgPrice": dec_str(wavg, spec.price_out)}
    spot = product == "spot"
    if spot:
        bb, bq, ba, aq = e.best()
        out.update({"prevClosePrice": ps(o), "lastPrice": ps(c), "lastQty": spec.qty_str(last[2] if last else 0),
                    "bidPrice": ps(bb), "bidQty": spec.qty_str(bq), "askPrice": ps(ba), "askQty": spec.qty_str(aq)})
    else:
        out.update({"lastPrice": ps(c), "lastQty": spec.qty_str(last[2] if last else 0)})
    out.update({"openPrice": ps(o), "highPrice": ps(h), "lowPrice": ps(lo), "volume": spec.qty_str(vol)})
    if spec.contract_size:
        out["baseVolume"] = quote_s
        out["pair"] = spec.pair
    else:
        out["quoteVolume"] = quote_s
    out.update({"openTime": now - window_ms, "closeTime": now, "firstId": first_id, "lastId": last_id,
                "count": n})
    return out


def ticker_24hr(ctx: Ctx):
    engines, single = _engines(ctx)
    rows = [_stats(ctx, e) for e in engines]
    return rows[0] if single else rows


def ticker_price(ctx: Ctx):
    engines, single = _engines(ctx)
    now = ctx.exchange.now()
    rows = []
    for e in engines:
        row = {"symbol": e.spec.symbol, "price": e.spec.price_str(e.last_price or e.mid())}
        if ctx.product != "spot":
            if e.spec.contract_size:
                row["ps"] = e.spec.pair
            row["time"] = now
        rows.append(row)
    return rows[0] if single else rows


def book_ticker(ctx: Ctx):
    engines, single = _engines(ctx)
    now = ctx.exchange.now()
    rows = []
    for e in engines:
        spec = e.spec
        bb, bq, ba, aq = e.best()
        row = {"symbol": spec.symbol, "bidPrice": spec.price_str(bb), "bidQty": spec.qty_str(bq),
               "askPrice": spec.price_str(ba), "askQty": spec.qty_str(aq)}
        if ctx.product == "usdm":
            row["time"] = now
            row["lastUpdateId"] = e.update_id
        elif ctx.product == "coinm":
            row["pair"] = spec.pair
            row["time"] = now
            row["lastUpdateId"] = e.update_id
        rows.append(row)
    return rows[0] if single else rows


def avg_price(ctx: Ctx):
    e = _engine(ctx)
    now = ctx.exchange.now()
    ks = [k for k in e.tape.k1m if k.open_time >= now - 300_000 and k.n]
    vol = sum(k.vol for k in ks)
    price = e.spec.quote_dec(sum(k.quote for k in ks)) / e.spec.qty_dec(vol) if vol else \
        e.spec.price_dec(e.last_price or e.mid())
    last = e.tape.trades[-1][3] if e.tape.trades else now
    return {"mins": 5, "price": dec_str(price, 8), "closeTime": last}


def rolling_ticker(ctx: Ctx):
    engines, single = _engines(ctx)
    ws = ctx.get("windowSize") or "1d"
    unit = {"m": 60_000, "h": 3_600_000, "d": 86_400_000}.get(ws[-1:])
    try:
        window = int(ws[:-1]) * unit if unit else None
    except ValueError:
        window = None
    if window is None:
        raise SimError(-1100, "Illegal characters found in parameter 'windowSize'.")
    rows = []
    for e in engines:
        s = _stats(ctx, e, window)
        for k in ("prevClosePrice", "lastQty", "bidPrice", "bidQty", "askPrice", "askQty"):
            s.pop(k, None)
        rows.append(s)
    return rows[0] if single else rows


def premium_index(ctx: Ctx):
    venue = ctx.exchange.venues[ctx.product]
    engines, single = _engines(ctx)
    now = ctx.exchange.now()
    next_funding = (now // 28_800_000 + 1) * 28_800_000
    rows = []
    for e in engines:
        spec = e.spec
        row = {"symbol": spec.symbol}
        if spec.contract_size:
            row["pair"] = spec.pair
        row.update({"markPrice": dec_str(spec.price_dec(venue.mark_price(spec.symbol)), 8),
                    "indexPrice": dec_str(spec.price_dec(venue.index_price(spec.symbol)), 8),
                    "estimatedSettlePrice": dec_str(spec.price_dec(venue.index_price(spec.symbol)), 8),
                    "lastFundingRate": "0.00010000", "interestRate": "0.00010000",
                    "nextFundingTime": next_funding, "time": now})
        rows.append(row)
    return rows[0] if single else rows


def _all_weight(one: int, many: int):
    return lambda params: one if params.get("symbol") else many


def market_routes() -> list[Route]:
    r: list[Route] = []
    spot = [
        ("GET", "/api/v3/ping", ping, 1), ("GET", "/api/v3/time", server_time, 1),
        ("GET", "/api/v3/exchangeInfo", exchange_info, 20), ("GET", "/api/v3/depth", depth, depth_weight("spot")),
        ("GET", "/api/v3/trades", trades, 25), ("GET", "/api/v3/historicalTrades", trades, 25),
        ("GET", "/api/v3/aggTrades", agg_trades, 4), ("GET", "/api/v3/klines", klines, 2),
        ("GET", "/api/v3/uiKlines", klines, 2), ("GET", "/api/v3/avgPrice", avg_price, 2),
        ("GET", "/api/v3/ticker/24hr", ticker_24hr, _all_weight(2, 80)),
        ("GET", "/api/v3/ticker/price", ticker_price, _all_weight(2, 4)),
        ("GET", "/api/v3/ticker/bookTicker", book_ticker, _all_weight(2, 4)),
        ("GET", "/api/v3/ticker", rolling_ticker, 4),
    ]
    for method, path, fn, w in spot:
        r.append(Route("spot", method, path, "NONE", fn, w))
    for product, pre in (("usdm", "/fapi"), ("coinm", "/dapi")):
        fut = [
            ("GET", f"{pre}/v1/ping", ping, 1), ("GET", f"{pre}/v1/time", server_time, 1),
            ("GET", f"{pre}/v1/exchangeInfo", exchange_info, 1),
            ("GET", f"{pre}/v1/depth", depth, depth_weight(product)),
            ("GET", f"{pre}/v1/trades", trades, 5), ("GET", f"{pre}/v1/historicalTrades", trades, 20),
            ("GET", f"{pre}/v1/aggTrades", agg_trades, 20), ("GET", f"{pre}/v1/klines", klines, klines_weight(product)),
            ("GET", f"{pre}/v1/premiumIndex", premium_index, 1),
            ("GET", f"{pre}/v1/ticker/24hr", ticker_24hr, _all_weight(1, 40)),
            ("GET", f"{pre}/v1/ticker/price", ticker_price, _all_weight(1, 2)),
            ("GET", f"{pre}/v1/ticker/bookTicker", book_ticker, _all_weight(2, 5)),
        ]
        if product == "usdm":
            fut.append(("GET", "/fapi/v2/ticker/price", ticker_price, _all_weight(1, 2)))
        for method, path, fn, w in fut:
            r.append(Route(product, method, path, "NONE", fn, w))
    for product, path in (("options", "/eapi/v1"), ("pm", "/papi/v1")):
        r.append(Route(product, "GET", f"{path}/ping", "NONE", ping, 1))
        r.append(Route(product, "GET", f"{path}/time", "NONE", server_time, 1))
    return r
