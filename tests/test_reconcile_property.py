"""Property: whatever live events are lost and wherever REST snapshots fall, the fills handed to the bot add
up to the order's executed quantity, each exactly once, in order (``Reconciler``, no sockets)."""

from __future__ import annotations

import json
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from binance_fast.streams import StreamDecoder
from binance_fast.ws_api import Reconciler

SPOT = StreamDecoder("spot")
PRICE = 100


def live_event(i: int, cums: list[int], fills: list[int]) -> object:
    """The exchange's i-th executionReport of the order (0: NEW, k: the k-th fill)."""
    cum = cums[i]
    last = fills[i - 1] if i else 0
    status = "NEW" if i == 0 else ("FILLED" if i == len(fills) else "PARTIALLY_FILLED")
    frame = {"e": "executionReport", "E": i, "s": "BTCUSDT", "c": "c1", "S": "BUY", "o": "LIMIT", "f": "GTC",
             "q": str(cums[-1]), "p": str(PRICE), "P": "0", "F": "0", "g": -1, "C": "", "x": "TRADE" if i else "NEW",
             "X": status, "r": "NONE", "i": 42, "l": str(last), "z": str(cum), "L": str(PRICE), "n": "0", "N": None,
             "T": i, "t": i if i else -1, "I": i, "w": True, "m": False, "M": False, "O": 0, "Z": str(cum * PRICE),
             "Y": str(last * PRICE), "Q": "0", "V": "NONE"}
    return SPOT.decode(json.dumps(frame))


def snapshot(j: int, cums: list[int], fills: list[int]) -> dict:
    status = "NEW" if j == 0 else ("FILLED" if j == len(fills) else "PARTIALLY_FILLED")
    return {"symbol": "BTCUSDT", "orderId": 42, "clientOrderId": "c1", "status": status, "executedQty": str(cums[j]),
            "cummulativeQuoteQty": str(cums[j] * PRICE), "origQty": str(cums[-1]), "price": str(PRICE),
            "side": "BUY", "type": "LIMIT", "timeInForce": "GTC", "updateTime": j}


@st.composite
def scenarios(draw):
    fills = draw(st.lists(st.integers(1, 5), min_size=1, max_size=6))
    n = len(fills)
    delivered = draw(st.lists(st.booleans(), min_size=n + 1, max_size=n + 1))
    # after each exchange event: snapshots that see some state at or after it (later events still in flight)
    snaps = [sorted(draw(st.lists(st.integers(i, n), max_size=2))) for i in range(n + 1)]
    return fills, delivered, snaps


@settings(max_examples=250, deadline=None)
@given(scenarios())
def test_fills_reach_the_bot_exactly_once(scenario):
    fills, delivered, snaps = scenario
    cums = [0]
    for f in fills:
        cums.append(cums[-1] + f)
    rec = Reconciler("spot", SPOT)
    rec.baseline([], [])
    out = []
    for i in range(len(fills) + 1):
        if delivered[i]:
            out.extend(rec.admit(live_event(i, cums, fills)))
        for j in snaps[i]:
            out.extend(rec.reconcile([snapshot(j, cums, fills)], None, 0))
    out.extend(rec.reconcile([snapshot(len(fills), cums, fills)], None, 0))  # the reconnect at the end
    trades = [e for e in out if e.execution_type == "TRADE"]
    assert sum(Decimal(str(e.last_executed_quantity)) for e in trades) == cums[-1]
    previous = 0.0
    for e in trades:  # contiguous: each picks up where the last one ended
        assert e.cumulative_filled_quantity - e.last_executed_quantity == previous
        assert e.last_executed_quantity > 0
        previous = e.cumulative_filled_quantity
    assert out and out[-1].order_status == "FILLED" or any(e.order_status == "FILLED" for e in out)
    assert [e.last_executed_price for e in trades] == [PRICE] * len(trades)


def test_futures_live_fill_after_a_lost_one_reports_the_lost_one_first():
    usdm = StreamDecoder("usdm")
    rec = Reconciler("usdm", usdm)

    def update(x: str, status: str, last: str, cum: str) -> object:
        return usdm.decode(json.dumps({"e": "ORDER_TRADE_UPDATE", "E": 1, "T": 1, "o": {
            "s": "BTCUSDT", "c": "c", "S": "BUY", "o": "LIMIT", "f": "GTC", "q": "5", "p": "100", "ap": "100",
            "sp": "0", "x": x, "X": status, "i": 9, "l": last, "z": cum, "L": "100", "T": 1, "t": 7, "m": False,
            "R": False, "wt": "CONTRACT_PRICE", "ot": "LIMIT", "ps": "BOTH", "rp": "0"}}))
    assert len(rec.admit(update("NEW", "NEW", "0", "0"))) == 1
    hole, live = rec.admit(update("TRADE", "PARTIALLY_FILLED", "1", "3"))  # the fill of 2 never arrived
    assert (hole.order.last_filled_quantity, hole.order.filled_quantity, hole.order.trade_id) == (2, 2, 0)
    assert hole.order.last_filled_price == 100 and live.order.trade_id == 7
    assert rec.admit(update("TRADE", "PARTIALLY_FILLED", "1", "3")) == []  # a replay: nothing
