"""Property tests of the matching engine: whatever the order flow, the book stays sound and nothing is lost."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from binance_fast.sim.engine import BUY, SELL, MatchingEngine, Order
from binance_fast.sim.symbols import default_symbols

SPEC = next(s for s in default_symbols() if s.product == "usdm" and s.symbol == "ETHUSDT")

orders = st.lists(st.tuples(
    st.sampled_from(["limit", "limit", "limit", "market", "ioc", "fok", "cancel", "stop"]),
    st.sampled_from([BUY, SELL]),
    st.integers(90, 110),  # price
    st.integers(1, 20),  # qty
    st.integers(0, 10_000),  # which order to cancel
), min_size=1, max_size=80)


def check_book(e: MatchingEngine) -> None:
    assert e.bid_prices == sorted(e.bids) and e.ask_prices == sorted(e.asks)
    if e.bid_prices and e.ask_prices:
        assert e.bid_prices[-1] < e.ask_prices[0]  # never crossed
    for book in (e.bids, e.asks):
        for price, level in book.items():
            assert level.orders and level.total == sum(o.remaining for o in level.orders) > 0
            assert all(o.price == price and o.on_book and o.remaining > 0 for o in level.orders)


@settings(max_examples=150, deadline=None)
@given(orders)
def test_engine_invariants(flow):
    e = MatchingEngine(SPEC, lambda: 1)
    window = e.new_window()
    placed: list[Order] = []
    fills_total = 0
    for kind, side, price, qty, pick in flow:
        if kind == "cancel":
            live = [o for o in placed if o.on_book or o in e.stops]
            if live:
                e.cancel(live[pick % len(live)])
            continue
        type_, tif, stop = "LIMIT", "GTC", 0
        if kind == "market":
            type_, price = "MARKET", 0
        elif kind == "ioc":
            tif = "IOC"
        elif kind == "fok":
            tif = "FOK"
        elif kind == "stop":
            type_, stop = "STOP", price
        o = Order(e.next_order_id, side, type_, price, qty, tif=tif, stop_price=stop)
        e.next_order_id += 1
        before = e.available(side, 0)  # what a taker on this side could fill
        fills = e.submit(o)
        placed.append(o)
        fills_total += sum(f.qty for f in fills)
        if kind == "fok":
            assert o.executed in (0, qty)
        if kind in ("ioc", "fok", "market"):
            assert not o.on_book and o.status in ("FILLED", "EXPIRED")
        if kind == "market":
            assert o.executed == min(qty, before)
        for f in fills:
            assert f.qty > 0
            assert (f.price <= o.price if side == BUY else f.price >= o.price) or o.type == "MARKET"
        check_book(e)
    # every trade has a buyer and a seller: executed quantity is twice the traded quantity
    traded = sum(t[2] for t in e.tape.trades)
    assert sum(o.executed for o in placed) == 2 * traded
    assert traded >= fills_total
    assert sum(a[2] for a in e.tape.aggs) == traded
    # the depth window replays to the book
    _, _, _, bids, asks = window.take() or (0, 0, 0, {}, {})
    assert {p: q for p, q in bids.items() if q} == {p: lvl.total for p, lvl in e.bids.items()}
    assert {p: q for p, q in asks.items() if q} == {p: lvl.total for p, lvl in e.asks.items()}
