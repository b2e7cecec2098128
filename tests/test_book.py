"""DepthBook: the docs' sequence rules per product, reads, bad input, and compiled == plain-Python reference."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from binance_fast._book import DepthBook as DepthBookC
from binance_fast.book import DepthBook, DepthBookPy
from binance_fast.errors import BookOutOfSync, SequenceGap

BOOKS = [DepthBookC, DepthBookPy]


def lv(*pairs):
    return np.array(pairs, dtype=np.float64).reshape(-1, 2)


def spot_book(cls, last=100):
    b = cls("spot")
    b.load_snapshot(last, [["10.0", "1"], ["9.5", "2"], ["9.0", "3"]], [["10.5", "1"], ["11.0", "2"]])
    return b


def test_default_is_compiled():
    assert DepthBook is DepthBookC


@pytest.mark.parametrize("cls", BOOKS)
def test_unknown_product_refused(cls):
    with pytest.raises(ValueError, match="product"):
        cls("margin")


@pytest.mark.parametrize("cls", BOOKS)
def test_reads_before_snapshot_raise(cls):
    b = cls("spot")
    assert not b.is_synced
    for read in (lambda: b.best_bid, lambda: b.best_ask, lambda: b.mid, lambda: b.spread, lambda: b.bids(5),
                 lambda: b.asks(), lambda: b.depth_at(1.0), lambda: b.vwap("BUY", 1), lambda: b.top()):
        with pytest.raises(BookOutOfSync, match="no snapshot"):
            read()
    with pytest.raises(BookOutOfSync):
        b.apply_diff(1, 2, -1, lv(), lv())


@pytest.mark.parametrize("cls", BOOKS)
def test_snapshot_from_rest_strings_any_order(cls):
    b = cls("usdm")
    b.load_snapshot(7, [["9.0", "3"], ["10.0", "1"], ["9.5", "0"], ["9.0", "4"]], [["11", "2"], ["10.5", "1"]])
    assert b.last_update_id == 7 and b.is_synced and not b.joined
    np.testing.assert_array_equal(b.bids(), [[10.0, 1.0], [9.0, 4.0]])  # zero dropped, last repeat wins
    np.testing.assert_array_equal(b.asks(), [[10.5, 1.0], [11.0, 2.0]])
    assert b.best_bid == (10.0, 1.0) and b.best_ask == (10.5, 1.0)
    assert b.mid == 10.25 and b.spread == 0.5
    assert len(b) == 4 and b.bid_count == 2 and b.ask_count == 2


@pytest.mark.parametrize("cls", BOOKS)
def test_crossed_snapshot_refused(cls):
    with pytest.raises(ValueError, match="crossed"):
        cls("spot").load_snapshot(1, [["11", "1"]], [["10", "1"]])


# ---- spot rules: drop u <= lastUpdateId; first has U <= lastUpdateId + 1 <= u; then U == previous u + 1


@pytest.mark.parametrize("cls", BOOKS)
def test_spot_join_and_chain(cls):
    b = spot_book(cls, last=100)
    assert b.apply_diff(95, 100, -1, lv([10.0, 9.0]), lv()) is False  # u <= lastUpdateId: stale
    assert b.best_bid == (10.0, 1.0)
    assert b.apply_diff(98, 103, -1, lv([10.0, 5.0]), lv()) is True   # U <= 101 <= u
    assert b.last_update_id == 103 and b.joined
    assert b.apply_diff(104, 104, -1, lv(), lv([10.5, 0.0])) is True  # U == u + 1, removal
    assert b.best_ask == (11.0, 2.0)
    assert b.apply_diff(104, 104, -1, lv(), lv([10.5, 7.0])) is False  # duplicate
    assert b.best_ask == (11.0, 2.0)
    assert b.apply_diff(105, 106, -1, lv([1.0, 0.0]), lv()) is True    # removing an unknown level is normal
    with pytest.raises(SequenceGap) as gap:
        b.apply_diff(108, 110, -1, lv(), lv())
    assert (gap.value.expected, gap.value.got) == (107, 108)
    assert not b.is_synced and "gap" in b.out_of_sync_reason
    with pytest.raises(BookOutOfSync):
        b.best_bid
    with pytest.raises(BookOutOfSync):
        b.apply_diff(107, 107, -1, lv(), lv())


@pytest.mark.parametrize("cls", BOOKS)
def test_spot_first_event_after_gap_in_join(cls):
    b = spot_book(cls, last=100)
    with pytest.raises(SequenceGap) as gap:
        b.apply_diff(102, 105, -1, lv(), lv())
    assert (gap.value.expected, gap.value.got) == (101, 102)
    b = spot_book(cls, last=100)
    assert b.apply_diff(101, 101, -1, lv(), lv())  # U == lastUpdateId + 1 exactly


# ---- futures rules: drop u < lastUpdateId; first has U <= lastUpdateId <= u; then pu == previous u


@pytest.mark.parametrize("cls", BOOKS)
@pytest.mark.parametrize("product", ["usdm", "coinm"])
def test_futures_join_and_pu_chain(cls, product):
    b = cls(product)
    b.load_snapshot(100, lv([10.0, 1.0]), lv([11.0, 1.0]))
    assert b.apply_diff(90, 99, 80, lv([10.0, 9.0]), lv()) is False  # u < lastUpdateId
    assert b.apply_diff(95, 100, 94, lv([10.0, 2.0]), lv()) is True  # U <= 100 <= u (u == lastUpdateId applies)
    assert b.best_bid == (10.0, 2.0)
    assert b.apply_diff(107, 120, 100, lv(), lv([11.0, 3.0])) is True  # pu == previous u; U is not u + 1
    assert b.apply_diff(107, 120, 100, lv(), lv([11.0, 9.0])) is False  # duplicate
    assert b.best_ask == (11.0, 3.0)
    with pytest.raises(SequenceGap) as gap:
        b.apply_diff(130, 140, 125, lv(), lv())
    assert (gap.value.expected, gap.value.got) == (120, 125)
    assert not b.is_synced


@pytest.mark.parametrize("cls", BOOKS)
def test_futures_join_by_pu(cls):
    # the snapshot is exactly the state after the previous event: pu == lastUpdateId < U joins cleanly
    b = cls("usdm")
    b.load_snapshot(100, lv([10.0, 1.0]), lv([11.0, 1.0]))
    assert b.apply_diff(105, 110, 100, lv([10.5, 1.0]), lv()) is True
    b = cls("usdm")
    b.load_snapshot(100, lv([10.0, 1.0]), lv([11.0, 1.0]))
    with pytest.raises(SequenceGap):
        b.apply_diff(105, 110, 101, lv(), lv())  # pu > lastUpdateId: updates 101..104 may be missing


@pytest.mark.parametrize("cls", BOOKS)
def test_apply_event_object(cls):
    b = spot_book(cls)
    ev = SimpleNamespace(first_update_id=101, final_update_id=102, prev_final_update_id=-1,
                         bids=lv([10.2, 1.0]), asks=lv())
    assert b.apply(ev) is True and b.best_bid == (10.2, 1.0)
    f = cls("coinm")
    f.load_snapshot(5, lv([1.0, 1.0]), lv([2.0, 1.0]))
    ev = SimpleNamespace(first_update_id=4, final_update_id=6, prev_final_update_id=3, bids=[["1.5", "2"]], asks=[])
    assert f.apply(ev) and f.best_bid == (1.5, 2.0)


class SlotsDiff:
    __slots__ = ("first_update_id", "final_update_id", "prev_final_update_id", "bids", "asks")

    def __init__(self, *values):
        for name, value in zip(SlotsDiff.__slots__, values):
            getattr(SlotsDiff, name).__set__(self, value)  # the slot itself, even where a subclass shadows it


class PropertyBids(SlotsDiff):
    __slots__ = ()

    @property
    def bids(self):
        return lv([10.4, 9.0])


@pytest.mark.parametrize("cls", BOOKS)
def test_apply_reads_slotted_events_right(cls):
    """apply() reads DepthUpdate / __slots__ events through their slots; anything else by attribute."""
    from binance_fast.models.market import DepthUpdate

    b = spot_book(cls)
    assert b.apply(DepthUpdate("depthUpdate", 1, "BTCUSDT", 101, 101, lv([10.1, 1.0]), lv()))
    assert b.apply(SlotsDiff(102, 102, None, lv([10.2, 2.0]), lv()))  # pu None: spot
    assert b.best_bid == (10.2, 2.0)
    assert b.apply(PropertyBids(103, 103, -1, lv([1.0, 1.0]), lv()))  # a property shadows the slot
    assert b.best_bid == (10.4, 9.0) and b.depth_at(1.0) == 0.0
    assert b.apply(DepthUpdate("depthUpdate", 1, "BTCUSDT", 104, 104, lv([10.4, 0.0]), lv()))
    assert b.best_bid == (10.2, 2.0)
    unset = SlotsDiff(105, 105, -1, lv(), lv())
    del unset.asks
    with pytest.raises(AttributeError):
        b.apply(unset)
    assert b.last_update_id == 104 and b.is_synced

    class Mutable(SlotsDiff):
        __slots__ = ()

    assert b.apply(Mutable(105, 105, -1, lv(), lv([10.6, 1.0])))
    Mutable.asks = property(lambda self: lv([10.7, 3.0]))  # changed after apply() saw the type: noticed
    assert b.apply(Mutable(106, 106, -1, lv(), lv([10.8, 1.0])))
    assert b.depth_at(10.7) == 3.0 and b.depth_at(10.8) == 0.0
    f = cls("usdm")
    f.load_snapshot(5, lv([1.0, 1.0]), lv([2.0, 1.0]))
    ev = DepthUpdate("depthUpdate", 1, "BTCUSDT", 4, 6, lv([1.5, 2.0]), lv(), prev_final_update_id=3)
    assert f.apply(ev) and f.best_bid == (1.5, 2.0)
    with pytest.raises(SequenceGap):
        f.apply(DepthUpdate("depthUpdate", 1, "BTCUSDT", 8, 9, lv(), lv(), prev_final_update_id=7))


@pytest.mark.parametrize("cls", BOOKS)
def test_crossed_after_update_marks_out_of_sync(cls):
    b = spot_book(cls)
    with pytest.raises(BookOutOfSync, match="crossed"):
        b.apply_diff(101, 101, -1, lv([10.6, 1.0]), lv())
    assert not b.is_synced and b.last_update_id == 101
    with pytest.raises(BookOutOfSync):
        b.bids(1)


@pytest.mark.parametrize("cls", BOOKS)
def test_crossed_check_can_be_disabled(cls):
    b = cls("spot", check_crossed=False)
    b.load_snapshot(1, lv([10.0, 1.0]), lv([11.0, 1.0]))
    assert b.apply_diff(2, 2, -1, lv([12.0, 1.0]), lv())
    assert b.is_synced


@pytest.mark.parametrize("cls", BOOKS)
@pytest.mark.parametrize("bad", [[[float("nan"), 1.0]], [[1.0, -1.0]], [[0.0, 1.0]], [[1.0, float("inf")]],
                                 [[1.0, 2.0, 3.0]], "junk"])
def test_bad_levels_raise_and_leave_book_untouched(cls, bad):
    b = spot_book(cls)
    before = (b.bids().copy(), b.asks().copy(), b.last_update_id)
    with pytest.raises(ValueError):
        b.apply_diff(101, 101, -1, [[9.9, 1.0]], bad)
    assert b.is_synced
    np.testing.assert_array_equal(b.bids(), before[0])
    np.testing.assert_array_equal(b.asks(), before[1])
    assert b.last_update_id == before[2]


@pytest.mark.parametrize("bad", [-5e-324, float("-inf"), float("nan")])
@pytest.mark.parametrize("side", ["bids", "asks"])
def test_bad_level_edges_raise_at_any_row(side, bad):
    """The vectorised check: an invalid price or quantity in any row (first, middle, last) is refused."""
    for row in range(5):
        for col in range(2):
            for cls in BOOKS:
                b = spot_book(cls)
                rows = lv([9.8, 1.0], [9.7, 2.0], [9.6, 3.0], [9.4, 4.0], [9.3, 5.0])
                if side == "asks":
                    rows[:, 0] += 2.0
                rows[row, col] = bad if col else -rows[row, col] if bad == -5e-324 else bad
                kw = {"bids": rows, "asks": lv()} if side == "bids" else {"bids": lv(), "asks": rows}
                with pytest.raises(ValueError, match=rf"{side}\[{row}\]"):
                    b.apply_diff(101, 101, -1, **kw)
                assert b.is_synced and b.last_update_id == 100


@pytest.mark.parametrize("cls", BOOKS)
def test_edge_levels_accepted_as_the_reference_does(cls):
    b = spot_book(cls)
    assert b.apply_diff(101, 101, -1, lv([10.0, -0.0], [5e-324, 5e-324]), lv())  # -0.0 removes; tiny is valid
    assert b.bids(1)[0, 0] == 9.5 and b.depth_at(5e-324) == 5e-324


@pytest.mark.parametrize("cls", BOOKS)
def test_book_ticker_cross_check(cls):
    b = spot_book(cls)
    b.apply_diff(101, 102, -1, lv(), lv())
    assert b.check_ticker(101, 10.0, 1.0, 10.5, 1.0) is False  # other update id: nothing to compare
    assert b.check_ticker(102, 10.0, 1.0, 10.5, 1.0) is True
    ticker = SimpleNamespace(update_id=102, bid_price=10.0, bid_quantity=1.0, ask_price=10.5, ask_quantity=1.0)
    assert b.check_book_ticker(ticker) is True
    with pytest.raises(BookOutOfSync, match="bookTicker"):
        b.check_ticker(102, 10.0, 1.5, 10.5, 1.0)
    assert not b.is_synced


@pytest.mark.parametrize("cls", BOOKS)
def test_impact_price_and_vwap(cls):
    b = spot_book(cls)
    assert b.impact_price("BUY", 0.5) == 10.5
    assert b.impact_price("buy", 2.0) == 11.0
    assert b.vwap("BUY", 2.0) == pytest.approx((10.5 + 11.0) / 2)
    assert b.vwap("SELL", 3.0) == pytest.approx((10.0 + 2 * 9.5) / 3)
    assert b.impact_price("SELL", 6.0) == 9.0
    with pytest.raises(ValueError, match="holds only"):
        b.vwap("SELL", 6.5)
    with pytest.raises(ValueError, match="side"):
        b.vwap("bid", 1)
    with pytest.raises(ValueError, match="positive"):
        b.impact_price("BUY", 0)


@pytest.mark.parametrize("cls", BOOKS)
def test_depth_at_and_empty_sides(cls):
    b = cls("spot")
    b.load_snapshot(1, lv(), lv([5.0, 2.0]))
    assert b.best_bid is None and b.mid is None and b.spread is None
    assert b.depth_at(5.0) == 2.0 and b.depth_at(4.0) == 0.0
    assert b.bids(10).shape == (0, 2)
    top = b.top()
    assert math.isnan(top[0]) and top[1:] == (0.0, 5.0, 2.0)


def test_views_are_zero_copy_and_copy_keeps():
    b = spot_book(DepthBookC)
    v = b.bids(2)
    assert v.shape == (2, 2) and v.dtype == np.float64 and not v.flags.owndata and v.flags.c_contiguous
    kept = b.bids(2, copy=True)
    b.apply_diff(101, 101, -1, lv([10.0, 42.0]), lv())
    assert v[0, 1] == 42.0          # live view
    assert kept[0, 1] == 1.0        # the copy is not


def test_invalidate_and_clear():
    b = spot_book(DepthBookC)
    b.invalidate("stream reconnected")
    with pytest.raises(BookOutOfSync, match="reconnected"):
        b.best_ask
    b.clear()
    assert b.last_update_id == -1 and len(b) == 0 and "no snapshot" in repr(b)


@pytest.mark.parametrize("cls", BOOKS)
def test_growth_far_beyond_initial_capacity(cls):
    b = cls("spot")
    b.load_snapshot(0, lv(), lv())
    rng = np.random.default_rng(1)
    ref = {}
    uid = 0
    for _ in range(200):
        k = rng.integers(1, 3000, size=20)
        q = rng.choice([0.0, 1.0, 2.5], size=20)
        rows = np.column_stack([k / 100.0, q])
        uid += 1
        b.apply_diff(uid, uid, -1, rows, lv())
        for p, qq in rows:
            if qq == 0:
                ref.pop(p, None)
            else:
                ref[p] = qq
    expect = np.array(sorted(ref.items(), reverse=True)).reshape(-1, 2)
    np.testing.assert_array_equal(b.bids(), expect)


# ---- compiled == reference on random event streams ------------------------------------------------------

PRICE_BID = st.integers(1, 104).map(lambda k: k / 100.0)
PRICE_ASK = st.integers(100, 220).map(lambda k: k / 100.0)  # overlaps the bid range: crossings happen
QTY = st.sampled_from([0.0, 0.0, 1.0, 2.0, 0.5, 7.25])


def levels(price):
    return st.lists(st.tuples(price, QTY), max_size=12).map(lambda r: np.array(r, dtype=np.float64).reshape(-1, 2))


def best_first(price, descending):
    """Levels as Binance sends a diff: distinct prices, best first (the compiled book's batched route)."""
    def order(rows):
        last = {p: q for p, q in rows}  # a repeated price: keep the last quantity
        return np.array(sorted(last.items(), reverse=descending), dtype=np.float64).reshape(-1, 2)
    return st.lists(st.tuples(price, QTY), max_size=40).map(order)


def diff_levels(price, descending):
    return st.one_of(levels(price), best_first(price, descending))


def outcome(fn):
    try:
        return ("ok", fn())
    except (SequenceGap, BookOutOfSync, ValueError) as exc:
        return (type(exc).__name__, getattr(exc, "expected", None), getattr(exc, "got", None))


def same_state(c, p):
    assert c.is_synced == p.is_synced
    assert c.last_update_id == p.last_update_id
    assert c.joined == p.joined
    if not c.is_synced:
        return
    np.testing.assert_array_equal(c.bids(), p.bids())
    np.testing.assert_array_equal(c.asks(), p.asks())
    assert c.best_bid == p.best_bid and c.best_ask == p.best_ask
    assert (c.mid, c.spread) == (p.mid, p.spread)
    assert len(c) == len(p)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(product=st.sampled_from(["spot", "usdm", "coinm"]), data=st.data())
def test_compiled_equals_reference(product, data):
    c, p = DepthBookC(product), DepthBookPy(product)
    uid = 1000
    prev_u = 990
    for _ in range(data.draw(st.integers(5, 30), label="steps")):
        op = data.draw(st.sampled_from(["next"] * 6 + ["overlap", "stale", "dup", "gap", "snapshot", "read"]))
        if op == "snapshot" or not c.is_synced and data.draw(st.booleans()):
            bids, asks = data.draw(levels(PRICE_BID)), data.draw(levels(PRICE_ASK))
            last = uid + data.draw(st.integers(-3, 3))
            assert outcome(lambda: c.load_snapshot(last, bids, asks)) == outcome(lambda: p.load_snapshot(last, bids, asks))
            same_state(c, p)
            if c.is_synced:
                uid, prev_u = last, last - 1
            continue
        if op == "read":
            if c.is_synced:
                n = data.draw(st.integers(0, 30))
                np.testing.assert_array_equal(c.bids(n), p.bids(n))
                np.testing.assert_array_equal(c.asks(n), p.asks(n))
                for x, y in zip(c.levels(n), p.levels(n)):
                    np.testing.assert_array_equal(x, y)
                price = data.draw(st.one_of(PRICE_BID, PRICE_ASK))
                assert c.depth_at(price) == p.depth_at(price)
                side, qty = data.draw(st.sampled_from(["BUY", "SELL"])), data.draw(st.sampled_from([0.1, 1.0, 3.0, 20.0]))
                assert outcome(lambda: c.vwap(side, qty)) == outcome(lambda: p.vwap(side, qty))
                assert outcome(lambda: c.impact_price(side, qty)) == outcome(lambda: p.impact_price(side, qty))
            continue
        length = data.draw(st.integers(0, 4))
        if op == "next":
            first, final, prev = uid + 1, uid + 1 + length, uid
        elif op == "overlap":
            first, final, prev = uid - 2, uid + length, uid - 3
        elif op == "stale":
            first, final, prev = uid - 5 - length, uid - data.draw(st.integers(0, 4)), uid - 6 - length
        elif op == "dup":
            first, final, prev = uid - length, uid, prev_u
        else:
            skip = data.draw(st.integers(1, 5))
            first, final, prev = uid + 1 + skip, uid + 1 + skip + length, uid + skip
        if product != "spot" and op == "next":
            first += data.draw(st.integers(0, 5))  # futures U is not previous u + 1
            final = max(final, first)
        bids, asks = data.draw(diff_levels(PRICE_BID, True)), data.draw(diff_levels(PRICE_ASK, False))
        rc = outcome(lambda: c.apply_diff(first, final, prev, bids, asks))
        rp = outcome(lambda: p.apply_diff(first, final, prev, bids, asks))
        assert rc == rp, (op, first, final, prev)
        if rc == ("ok", True):
            prev_u, uid = uid, final
        same_state(c, p)


def test_pure_python_switch():
    import subprocess
    import sys

    code = "import binance_fast.book as b; print(b.DepthBook.__name__, b.DepthBook is b.DepthBookPy)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**__import__("os").environ, "BINANCE_FAST_PURE_PYTHON": "1"}).stdout
    assert out.split() == ["DepthBookPy", "True"]


@pytest.mark.parametrize("cls", BOOKS)
def test_any_float_layout_is_read_right(cls):
    b = spot_book(cls)
    big_endian = np.array([[10.1, 3.0]], dtype=">f8")
    strided = np.array([[9.9, 9.0, 2.0, 0.0]])[:, ::2]   # non-contiguous (1, 2) view
    assert b.apply_diff(101, 101, -1, big_endian, [[10.4, 1]])
    assert b.apply_diff(102, 102, -1, strided, np.empty((0, 2), dtype=np.float32))
    assert b.best_bid == (10.1, 3.0) and b.depth_at(9.9) == 2.0 and b.best_ask == (10.4, 1.0)


@pytest.mark.parametrize("seed", range(3))
def test_compiled_equals_reference_on_deep_books(seed):
    """Books of hundreds of levels, updates at every depth (the search tiers: top 16, 16..63, deeper)."""
    rng = np.random.default_rng(seed)
    c, p = DepthBookC("usdm"), DepthBookPy("usdm")
    bids = np.column_stack([(5000 - np.arange(400)) / 10, rng.integers(1, 9, 400)]).astype(float)
    asks = np.column_stack([(5001 + np.arange(400)) / 10, rng.integers(1, 9, 400)]).astype(float)
    for b in (c, p):
        b.load_snapshot(10, bids, asks)
    u = 10
    for _ in range(300):
        depth = np.minimum(rng.geometric(0.02, 12), 450)
        side = rng.random(12) < 0.5
        qty = np.where(rng.random(12) < 0.3, 0.0, rng.integers(1, 9, 12)).astype(float)
        b = np.column_stack([(5000 - depth[side] + 1) / 10, qty[side]])
        a = np.column_stack([(5000 + depth[~side]) / 10, qty[~side]])
        b[:, 0] = np.minimum(b[:, 0], c.best_ask[0] - 0.1) if c.best_ask else b[:, 0]
        a[:, 0] = np.maximum(a[:, 0], c.best_bid[0] + 0.1) if c.best_bid else a[:, 0]
        b[:, 0] = np.round(b[:, 0], 1)
        a[:, 0] = np.round(a[:, 0], 1)
        if rng.random() < 0.5:  # as Binance sends them: distinct prices, best first (the batched route)
            b = np.array(sorted(dict(b.tolist()).items(), reverse=True)).reshape(-1, 2)
            a = np.array(sorted(dict(a.tolist()).items())).reshape(-1, 2)
        assert outcome(lambda: c.apply_diff(u, u + 1, u, b, a)) == outcome(lambda: p.apply_diff(u, u + 1, u, b, a))
        u += 1
        same_state(c, p)
        if not c.is_synced:
            break
    assert u >= 250 and c.bid_count > 64 and c.ask_count > 64


def test_top_tuples_kept_by_a_reader_never_change():
    """best_bid / best_ask / top() refill their tuple in place only when no reader holds it (or its floats)."""
    b = spot_book(DepthBookC)
    kept_bid, kept_top = b.best_bid, b.top()
    price = b.best_bid[0]  # a float kept on its own, the tuple dropped
    seen = []
    for k, qty in enumerate([5.0, 6.0, 0.0, 7.0]):
        assert b.apply_diff(101 + k, 101 + k, -1, lv([10.0, qty]) if qty else lv([10.0, 0.0]), lv([10.5, qty + 1]))
        bid, top = b.best_bid, b.top()
        assert bid == (tuple(b.bids(1)[0]) if b.bid_count else None)
        assert top == (bid[0], bid[1], 10.5, qty + 1)
        seen.append(bid)
    assert kept_bid == (10.0, 1.0) and kept_top == (10.0, 1.0, 10.5, 1.0) and price == 10.0
    assert seen == [(10.0, 5.0), (10.0, 6.0), (9.5, 2.0), (10.0, 7.0)]
