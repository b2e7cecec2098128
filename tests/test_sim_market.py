"""The seeded market: reproducible for a seed, and depth, trades, aggTrades and klines consistent with each other."""

from __future__ import annotations

from decimal import Decimal

from simclient import Plain

from binance_fast.sim.exchange import Exchange
from binance_fast.sim.tape import bucket_start


def fingerprint(ex: Exchange):
    out = []
    for product, venue in sorted(ex.venues.items()):
        for sym, e in sorted(venue.engines.items()):
            out.append((product, sym, e.update_id, e.depth(50), [t[:3] + (t[4],) for t in e.tape.trades][-200:],
                        [a[:5] for a in e.tape.aggs][-200:]))
    return out


def test_same_seed_same_market():
    clock = iter(range(1_700_000_000_000, 1_800_000_000_000, 50)).__next__
    a = Exchange(5, clock=clock, history_ticks=50)
    clock2 = iter(range(1_700_000_000_000, 1_800_000_000_000, 50)).__next__
    b = Exchange(5, clock=clock2, history_ticks=50)
    for _ in range(300):
        a.step()
        b.step()
    assert fingerprint(a) == fingerprint(b)
    c = Exchange(6, history_ticks=50)
    for _ in range(300):
        c.step()
    assert fingerprint(c) != fingerprint(a)


def test_same_seed_same_market_regardless_of_wall_clock():
    a = Exchange(9, history_ticks=20)
    b = Exchange(9, history_ticks=20)
    for _ in range(100):
        a.step()
        b.step()
    fa = [(p, s, u, d, [t[:3] for t in tr]) for p, s, u, d, tr, _ in fingerprint(a)]
    fb = [(p, s, u, d, [t[:3] for t in tr]) for p, s, u, d, tr, _ in fingerprint(b)]
    assert fa == fb


def test_book_never_crosses_and_has_depth():
    ex = Exchange(3, history_ticks=0)
    for i in range(500):
        ex.step()
        if i % 25 == 0:
            for venue in ex.venues.values():
                for e in venue.engines.values():
                    bb, bq, ba, aq = e.best()
                    assert bb and ba and bb < ba
                    assert len(e.bid_prices) >= 5 and len(e.ask_prices) >= 5
                    assert all(lvl.total > 0 for lvl in e.bids.values())


def test_klines_fold_the_trades(sim):
    c = Plain(sim.base_url)
    sim.pause_market()
    try:
        _, trades = c.call("GET", "/api/v3/aggTrades", {"symbol": "BTCUSDT", "limit": 1000})
        _, kl = c.call("GET", "/api/v3/klines", {"symbol": "BTCUSDT", "interval": "1m", "limit": 1000})
        _, k5 = c.call("GET", "/api/v3/klines", {"symbol": "BTCUSDT", "interval": "5m", "limit": 1000})
    finally:
        sim.resume_market()
    by_minute: dict[int, list] = {}
    for t in trades:
        by_minute.setdefault(bucket_start(t["T"], "1m"), []).append(t)
    first_full = min(by_minute)  # the first minute may be cut by the 1000-trade window
    checked = 0
    prev_close = None
    for row in kl:
        open_time = row[0]
        ts = by_minute.get(open_time, [])
        if open_time <= first_full:
            prev_close = row[4]
            continue
        if ts:
            prices = [Decimal(t["p"]) for t in ts]
            assert Decimal(row[1]) == prices[0] and Decimal(row[4]) == prices[-1]
            assert Decimal(row[2]) == max(prices) and Decimal(row[3]) == min(prices)
            assert Decimal(row[5]) == sum(Decimal(t["q"]) for t in ts)
            taker_buy = sum(Decimal(t["q"]) for t in ts if not t["m"])
            assert Decimal(row[9]) == taker_buy
            checked += 1
        else:  # a minute with no trades: flat at the previous close, zero volume
            assert row[1] == row[2] == row[3] == row[4] == prev_close and Decimal(row[5]) == 0
        prev_close = row[4]
    assert checked >= 3
    # 5m candles are the 1m ones folded
    ones = {r[0]: r for r in kl}
    for row in k5[1:-1]:
        parts = [ones[t] for t in range(row[0], row[0] + 300_000, 60_000) if t in ones]
        if len(parts) == 5:
            assert Decimal(row[5]) == sum(Decimal(p[5]) for p in parts)
            traded = [p for p in parts if p[8]]  # empty minutes are flat at the previous close: not trades
            if traded:  # open = the first trade of the 5 minutes, close = the last, high / low over the trades
                assert Decimal(row[2]) == max(Decimal(p[2]) for p in traded)
                assert Decimal(row[3]) == min(Decimal(p[3]) for p in traded)
                assert row[1] == traded[0][1] and row[4] == parts[-1][4] and row[8] == sum(p[8] for p in parts)


def test_trades_and_agg_trades_agree(sim):
    c = Plain(sim.base_url)
    sim.pause_market()
    try:
        _, trades = c.call("GET", "/api/v3/trades", {"symbol": "ETHUSDT", "limit": 1000})
        _, aggs = c.call("GET", "/api/v3/aggTrades", {"symbol": "ETHUSDT", "limit": 1000})
    finally:
        sim.resume_market()
    by_id = {t["id"]: t for t in trades}
    for a in aggs:
        parts = [by_id[i] for i in range(a["f"], a["l"] + 1) if i in by_id]
        if len(parts) == a["l"] - a["f"] + 1:
            assert sum(Decimal(p["qty"]) for p in parts) == Decimal(a["q"])
            assert {p["price"] for p in parts} == {a["p"]}
    ids = [t["id"] for t in trades]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    _, page = c.call("GET", "/api/v3/aggTrades", {"symbol": "ETHUSDT", "fromId": aggs[10]["a"], "limit": 5})
    assert [x["a"] for x in page] == [aggs[10]["a"] + i for i in range(5)]


def test_rest_depth_matches_the_sims_own_book(sim):
    c = Plain(sim.base_url)
    sim.pause_market()
    try:
        _, d = c.call("GET", "/fapi/v1/depth", {"symbol": "BTCUSDT", "limit": 1000})
        last, bids, asks = sim.book("usdm", "BTCUSDT", 1000)
    finally:
        sim.resume_market()
    assert d["lastUpdateId"] == last
    assert [tuple(x) for x in d["bids"]] == bids and [tuple(x) for x in d["asks"]] == asks
    _, fb, fa = sim.book("usdm", "BTCUSDT", 1000, numeric=True)
    assert fb[0][0] == float(bids[0][0]) and fa[0][1] == float(asks[0][1])


def test_tickers(sim):
    c = Plain(sim.base_url)
    _, t = c.call("GET", "/api/v3/ticker/24hr", {"symbol": "BTCUSDT"})
    assert Decimal(t["lowPrice"]) <= Decimal(t["lastPrice"]) <= Decimal(t["highPrice"]) and t["count"] > 0
    _, many = c.call("GET", "/api/v3/ticker/price", {"symbols": '["BTCUSDT","ETHUSDT"]'})
    assert [x["symbol"] for x in many] == ["BTCUSDT", "ETHUSDT"]
    _, bt = c.call("GET", "/fapi/v1/ticker/bookTicker", {"symbol": "ETHUSDT"})
    assert Decimal(bt["bidPrice"]) < Decimal(bt["askPrice"])
    _, avg = c.call("GET", "/api/v3/avgPrice", {"symbol": "BTCUSDT"})
    assert avg["mins"] == 5 and Decimal(avg["price"]) > 0
    _, cm = c.call("GET", "/dapi/v1/ticker/24hr", {"symbol": "BTCUSD_PERP"})
    assert cm[0]["pair"] == "BTCUSD" if isinstance(cm, list) else cm["pair"] == "BTCUSD"
    assert c.call("GET", "/api/v3/klines", {"symbol": "BTCUSDT", "interval": "7m"})[1]["code"] == -1120


def test_two_simulators_same_seed_serve_the_same_book():
    from binance_fast.sim import Simulator
    books = []
    for _ in range(2):
        with Simulator(seed=21, run_market=False, history_ticks=30) as s:
            s.step(200)
            _, d = Plain(s.base_url).call("GET", "/api/v3/depth", {"symbol": "ETHUSDT", "limit": 50})
            _, t = Plain(s.base_url).call("GET", "/api/v3/trades", {"symbol": "ETHUSDT", "limit": 50})
            books.append((d, [(x["id"], x["price"], x["qty"], x["isBuyerMaker"]) for x in t]))
    assert books[0] == books[1]


def test_symbol_selection():
    from binance_fast.sim import Simulator
    with Simulator(seed=1, symbols=["spot:ETHBTC", "usdm:BTCUSDT"], history_ticks=5) as s:
        c = Plain(s.base_url)
        assert [x["symbol"] for x in c.call("GET", "/api/v3/exchangeInfo")[1]["symbols"]] == ["ETHBTC"]
        assert c.call("GET", "/api/v3/depth", {"symbol": "BTCUSDT"})[1]["code"] == -1121
        assert c.call("GET", "/dapi/v1/exchangeInfo")[1]["symbols"] == []
        assert c.call("GET", "/dapi/v1/premiumIndex") == (200, [])
        assert c.call("GET", "/fapi/v1/depth", {"symbol": "BTCUSDT", "limit": 5})[0] == 200
