"""Local order book: binance_fast's DepthBook vs order-book (C), sortedcontainers, bisect, dict, ccxt, python-binance.

Run: pytest benchmarks/bench_book.py   (ratios per update are printed at the end, measured in the same run)

Workload: a spot book of ~1,000 levels a side and 200k realistic diffs (9.3 levels each on average, prices near
the top most of the time, ~18% removals, the best price moving), each followed by a read of the best bid and ask.
The 200k prebuilt diffs do not fit in cache: every book pays for reading its cold input (for binance_fast that
is about half its time; the "floor" row shows it: the same calls on diffs that are all stale). The route rows
(frame bytes -> decoded -> applied) are closer to a live feed, where the decoded event is hot.
Every book does the same spot sequence check (U == previous u + 1). Peers get the levels as Python float
pairs (their cheapest input); binance_fast gets (n, 2) float64 arrays, as the streams decoder produces.
Books that sort on every read (plain dict, python-binance's DepthCache) replay a 5k-diff prefix; the
close peers (bisect, ccxt) run as many rounds as binance_fast (3), the far ones (sortedcontainers, order-book) one.
"""

from __future__ import annotations

import json
import time
from bisect import bisect_left

import numpy as np
import pytest

from binance_fast.book import DepthBook
from binance_fast.errors import SequenceGap

N_DIFFS = 200_000
N_SLOW = 5_000
LEVELS_PER_SIDE = 1_000
TICK = 100  # prices are k / TICK: int / int is correctly rounded, the same double as parsing the decimal string
RESULTS: dict[str, tuple[float, str]] = {}  # name -> (seconds per update, group)


def make_workload(n_diffs=N_DIFFS, seed=7):
    """A snapshot and n realistic diffs: (first_id, final_id, bids, asks) with bids/asks (k, 2) float64."""
    rng = np.random.default_rng(seed)
    mid = 100_000  # in ticks
    bids = {mid - 1 - i: float(rng.integers(1, 500)) for i in range(int(LEVELS_PER_SIDE * 1.2)) if rng.random() < 0.83}
    asks = {mid + 1 + i: float(rng.integers(1, 500)) for i in range(int(LEVELS_PER_SIDE * 1.2)) if rng.random() < 0.83}
    snap_bids = np.array(sorted(((k / TICK, q) for k, q in bids.items()), reverse=True))
    snap_asks = np.array(sorted((k / TICK, q) for k, q in asks.items()))
    best_b, best_a = max(bids), min(asks)
    counts = np.clip(rng.poisson(10, n_diffs), 1, 30)
    total = int(counts.sum())
    sides = rng.random(total) < 0.5
    depths = np.minimum(rng.geometric(0.06, total) - 1, 1500)
    qtys = rng.integers(1, 500, total).astype(np.float64)
    removes = rng.random(total)
    diffs = []
    uid, j = 1_000_000, 0
    for n in counts:
        bl, al = {}, {}
        for _ in range(n):
            if sides[j]:
                k = best_a - 1 - depths[j]
                book, out = bids, bl
            else:
                k = best_b + 1 + depths[j]
                book, out = asks, al
            q = 0.0 if (k in book and removes[j] < 0.22) else qtys[j]
            out[k] = q
            if q:
                book[k] = q
            else:
                book.pop(k, None)
            if sides[j]:
                if q and k > best_b:
                    best_b = k
                elif not q and k == best_b:
                    best_b = max(bids)
            else:
                if q and k < best_a:
                    best_a = k
                elif not q and k == best_a:
                    best_a = min(asks)
            j += 1
        first = uid + 1
        uid = first + int(rng.integers(0, 3))
        b = np.array(sorted(((k / TICK, q) for k, q in bl.items()), reverse=True), dtype=np.float64).reshape(-1, 2)
        a = np.array(sorted((k / TICK, q) for k, q in al.items()), dtype=np.float64).reshape(-1, 2)
        diffs.append((first, uid, b, a))
    return 1_000_000, snap_bids, snap_asks, diffs


@pytest.fixture(scope="module")
def workload():
    last, sb, sa, generated = make_workload()
    # each book's input is built in one pass of its own, so neither is scattered among the generator's garbage
    diffs = [(U, u, b.copy(), a.copy()) for U, u, b, a in generated]
    del generated
    as_lists = [(U, u, b.tolist(), a.tolist()) for U, u, b, a in diffs]
    return last, sb, sa, diffs, as_lists


@pytest.fixture(scope="module", autouse=True)
def ratio_table(request):
    yield
    if not RESULTS:
        return
    tr = request.config.pluginmanager.getplugin("terminalreporter")
    capture = request.config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled():
        write_table(tr)


REFERENCE = {  # the binance_fast row each group's ratios are taken against
    "apply": "binance_fast DepthBook",
    "route": "route: frame -> streams.decode -> DepthBook",
    "top-20": "top-20 numpy views, one call: levels(20)",
}


def write_table(tr):
    tr.write_line("")
    tr.write_line("order book, same run: time per update (apply: one diff + best bid/ask read; route: one frame; "
                  "top-20: one snapshot of both sides); ratio = that row's time / binance_fast's")
    for name, (sec, group) in sorted(RESULTS.items(), key=lambda kv: (kv[1][1], kv[1][0])):
        ref = RESULTS.get(REFERENCE.get(group, ""))
        ratio = f"{sec / ref[0]:7.2f}x" if ref else ""
        tr.write_line(f"  {group:7s} {name:58s} {sec * 1e9:10.0f} ns  {ratio}")


def timed(benchmark, field: str = "median") -> float | None:
    """A statistic of the run just made; None when benchmarks are disabled (--benchmark-disable smoke runs)."""
    return None if benchmark.stats is None else getattr(benchmark.stats.stats, field)


def run_rounds(benchmark, name, make_book, replay, diffs, rounds=1, group="apply"):
    benchmark.group = f"book: {group}"
    benchmark.pedantic(replay, setup=lambda: ((make_book(), diffs), {}), rounds=rounds, iterations=1)
    if timed(benchmark) is None:
        return
    per = timed(benchmark, "min") / len(diffs)
    benchmark.extra_info["ns_per_update"] = per * 1e9
    RESULTS[name] = (per, group)


def synced_book(last, bids, asks):
    book = DepthBook("spot")
    book.load_snapshot(last, bids, asks)
    return book


def check_seq(last, first, final):
    if final <= last:
        return False
    if first != last + 1:
        raise SequenceGap(last + 1, first)
    return True


# ---- binance_fast ----------------------------------------------------------------------------------------


def test_binance_fast_depthbook(benchmark, workload):
    last, sb, sa, diffs, _ = workload

    def make():
        return synced_book(last, sb, sa)

    def replay(book, diffs):
        apply = book.apply_diff
        for U, u, b, a in diffs:
            apply(U, u, -1, b, a)
            book.best_bid
            book.best_ask

    run_rounds(benchmark, "binance_fast DepthBook", make, replay, diffs, rounds=3)
    book = make()
    replay(book, diffs)
    assert book.is_synced and book.last_update_id == diffs[-1][1]


def test_binance_fast_depthbook_top(benchmark, workload):
    """Same, reading both sides' best with one call (top())."""
    last, sb, sa, diffs, _ = workload

    def make():
        return synced_book(last, sb, sa)

    def replay(book, diffs):
        apply, top = book.apply_diff, book.top
        for U, u, b, a in diffs:
            apply(U, u, -1, b, a)
            top()

    run_rounds(benchmark, "binance_fast DepthBook (top())", make, replay, diffs, rounds=3)


def test_binance_fast_depthbook_events(benchmark, workload):
    """Same, fed decoded DepthUpdate events (apply(event): what the stream client hands over)."""
    from binance_fast.models.market import DepthUpdate

    last, sb, sa, diffs, _ = workload
    events = [DepthUpdate("depthUpdate", 0, "BTCUSDT", U, u, b, a) for U, u, b, a in diffs]

    def make():
        return synced_book(last, sb, sa)

    def replay(book, events):
        apply = book.apply
        for ev in events:
            apply(ev)
            book.best_bid
            book.best_ask

    run_rounds(benchmark, "binance_fast DepthBook.apply(DepthUpdate)", make, replay, events, rounds=3)


def test_binance_fast_local_order_book_feed(benchmark, workload):
    """The managed book's cost on top: LocalOrderBook.feed (lock, sequence, callback slot) per diff."""
    from types import SimpleNamespace

    from binance_fast.book import LocalOrderBook

    last, sb, sa, diffs, _ = workload
    events = [SimpleNamespace(first_update_id=U, final_update_id=u, prev_final_update_id=-1, bids=b, asks=a)
              for U, u, b, a in diffs]

    def make():
        lob = LocalOrderBook("BTCUSDT", fetch_snapshot=lambda s, n: None)
        lob.book.load_snapshot(last, sb, sa)  # synced by hand: no stream or REST in this benchmark
        lob._set_state("synced", None)
        return lob

    def replay(lob, events):
        feed, book = lob.feed, lob.book
        for ev in events:
            feed(ev)
            book.best_bid
            book.best_ask

    run_rounds(benchmark, "binance_fast LocalOrderBook.feed (managed)", make, replay, events, rounds=3)


def test_floor_call_and_sequence_check_only(benchmark, workload):
    """The floor: the same calls on diffs that are all stale (sequence check, no level touched)."""
    last, sb, sa, diffs, _ = workload

    def make():
        b = DepthBook("spot")
        b.load_snapshot(diffs[-1][1], sb, sa)
        return b

    def replay(book, diffs):
        apply = book.apply_diff
        for U, u, b, a in diffs:
            apply(U, u, -1, b, a)
            book.best_bid
            book.best_ask

    run_rounds(benchmark, "floor: call + seq check, no levels", make, replay, diffs, rounds=3, group="floor")


# ---- peers -----------------------------------------------------------------------------------------------


class BisectBook:
    """Sorted key lists + dicts via bisect (what most hand-written Python books do)."""

    def __init__(self, last, bids, asks):
        self.last = last
        self.bq, self.aq = {p: q for p, q in bids}, {p: q for p, q in asks}
        self.bk, self.ak = sorted(-p for p in self.bq), sorted(self.aq)

    @staticmethod
    def _set(keys, qty, key, price, q):
        if q:
            if price not in qty:
                keys.insert(bisect_left(keys, key), key)
            qty[price] = q
        elif qty.pop(price, None) is not None:
            del keys[bisect_left(keys, key)]

    def apply(self, U, u, bids, asks):
        if not check_seq(self.last, U, u):
            return False
        for p, q in bids:
            self._set(self.bk, self.bq, -p, p, q)
        for p, q in asks:
            self._set(self.ak, self.aq, p, p, q)
        self.last = u
        return True

    def best(self):
        return (-self.bk[0], self.bq[-self.bk[0]]), (self.ak[0], self.aq[self.ak[0]])


def replay_bisect(book, diffs):
    for U, u, b, a in diffs:
        book.apply(U, u, b, a)
        book.best()


def test_bisect_book(benchmark, workload):
    last, sb, sa, _, lists = workload
    run_rounds(benchmark, "bisect book (pure Python)", lambda: BisectBook(last, sb.tolist(), sa.tolist()),
               replay_bisect, lists, rounds=3)


def test_sortedcontainers_book(benchmark, workload):
    sc = pytest.importorskip("sortedcontainers")
    last, sb, sa, _, lists = workload

    def make():
        return [last, sc.SortedDict(lambda p: -p, sb.tolist()), sc.SortedDict(sa.tolist())]

    def replay(book, diffs):
        bids, asks = book[1], book[2]
        for U, u, b, a in diffs:
            if not check_seq(book[0], U, u):
                continue
            for p, q in b:
                if q:
                    bids[p] = q
                else:
                    bids.pop(p, None)
            for p, q in a:
                if q:
                    asks[p] = q
                else:
                    asks.pop(p, None)
            book[0] = u
            bids.peekitem(0)
            asks.peekitem(0)

    run_rounds(benchmark, "sortedcontainers SortedDict", make, replay, lists)


def test_order_book_c_package(benchmark, workload):
    ob_mod = pytest.importorskip("order_book")
    last, sb, sa, _, lists = workload

    def make():
        ob = ob_mod.OrderBook()
        for p, q in sb.tolist():
            ob.bids[p] = q
        for p, q in sa.tolist():
            ob.asks[p] = q
        return [last, ob]

    def replay(book, diffs):
        ob = book[1]
        bids, asks = ob.bids, ob.asks
        for U, u, b, a in diffs:
            if not check_seq(book[0], U, u):
                continue
            for p, q in b:
                if q:
                    bids[p] = q
                elif p in bids:
                    del bids[p]
            for p, q in a:
                if q:
                    asks[p] = q
                elif p in asks:
                    del asks[p]
            book[0] = u
            bids.index(0)
            asks.index(0)

    run_rounds(benchmark, "order-book (C extension)", make, replay, lists)


def test_ccxt_order_book(benchmark, workload):
    side_mod = pytest.importorskip("ccxt.async_support.base.ws.order_book_side")
    last, sb, sa, _, lists = workload

    def make():
        return [last, side_mod.Bids(sb.tolist()), side_mod.Asks(sa.tolist())]

    def replay(book, diffs):
        bids, asks = book[1], book[2]
        for U, u, b, a in diffs:
            if not check_seq(book[0], U, u):
                continue
            for lvl in b:
                bids.storeArray(list(lvl))
            for lvl in a:
                asks.storeArray(list(lvl))
            book[0] = u
            bids[0]
            asks[0]

    run_rounds(benchmark, "ccxt pro OrderBookSide", make, replay, lists, rounds=3)


def test_plain_dict_book(benchmark, workload):
    last, sb, sa, _, lists = workload
    lists = lists[:N_SLOW]

    def make():
        return [last, dict(sb.tolist()), dict(sa.tolist())]

    def replay(book, diffs):
        bids, asks = book[1], book[2]
        for U, u, b, a in diffs:
            if not check_seq(book[0], U, u):
                continue
            for p, q in b:
                if q:
                    bids[p] = q
                else:
                    bids.pop(p, None)
            for p, q in a:
                if q:
                    asks[p] = q
                else:
                    asks.pop(p, None)
            book[0] = u
            bb = max(bids)
            ba = min(asks)
            (bb, bids[bb]), (ba, asks[ba])

    run_rounds(benchmark, f"plain dict book (max/min; {N_SLOW} diffs)", make, replay, lists)


def test_python_binance_depthcache(benchmark, workload):
    dc_mod = pytest.importorskip("binance.ws.depthcache")
    last, sb, sa, _, lists = workload
    lists = lists[:N_SLOW]

    def make():
        dc = dc_mod.DepthCache("BTCUSDT")
        for lvl in sb.tolist():
            dc.add_bid(lvl)
        for lvl in sa.tolist():
            dc.add_ask(lvl)
        return [last, dc]

    def replay(book, diffs):
        dc = book[1]
        for U, u, b, a in diffs:
            if not check_seq(book[0], U, u):
                continue
            for lvl in b:
                dc.add_bid(lvl) if lvl[1] else dc._bids.pop(lvl[0], None)
            for lvl in a:
                dc.add_ask(lvl) if lvl[1] else dc._asks.pop(lvl[0], None)
            book[0] = u
            dc.get_bids()[0]
            dc.get_asks()[0]

    run_rounds(benchmark, f"python-binance DepthCache ({N_SLOW} diffs)", make, replay, lists)


def test_interleaved_cpu_time_ratios(workload, request):
    """The same replays, rounds interleaved (ours, bisect, ccxt, ours, ...) and timed in process CPU time: on a
    shared machine this keeps other processes' load out of the ratio. Min of 3 rounds each."""
    last, sb, sa, diffs, lists = workload

    def ours():
        book = DepthBook("spot")
        book.load_snapshot(last, sb, sa)
        apply = book.apply_diff
        t = time.process_time()
        for U, u, b, a in diffs:
            apply(U, u, -1, b, a)
            book.best_bid
            book.best_ask
        return time.process_time() - t

    def bisect_book():
        book = BisectBook(last, sb.tolist(), sa.tolist())
        t = time.process_time()
        replay_bisect(book, lists)
        return time.process_time() - t

    def ours_top():
        book = DepthBook("spot")
        book.load_snapshot(last, sb, sa)
        apply, top = book.apply_diff, book.top
        t = time.process_time()
        for U, u, b, a in diffs:
            apply(U, u, -1, b, a)
            top()
        return time.process_time() - t

    from binance_fast.models.market import DepthUpdate

    events = [DepthUpdate("depthUpdate", 0, "BTCUSDT", U, u, b, a) for U, u, b, a in diffs]

    def ours_events():
        book = synced_book(last, sb, sa)
        apply = book.apply
        t = time.process_time()
        for ev in events:
            apply(ev)
            book.best_bid
            book.best_ask
        return time.process_time() - t

    runs = {"binance_fast DepthBook": ours, "binance_fast DepthBook (top())": ours_top,
            "binance_fast DepthBook.apply(DepthUpdate)": ours_events, "bisect book (pure Python)": bisect_book}
    try:
        side_mod = __import__("ccxt.async_support.base.ws.order_book_side", fromlist=["Bids"])

        def ccxt_book():
            bids, asks, last_id = side_mod.Bids(sb.tolist()), side_mod.Asks(sa.tolist()), last
            t = time.process_time()
            for U, u, b, a in lists:
                if not check_seq(last_id, U, u):
                    continue
                for lvl in b:
                    bids.storeArray(list(lvl))
                for lvl in a:
                    asks.storeArray(list(lvl))
                last_id = u
                bids[0]
                asks[0]
            return time.process_time() - t

        runs["ccxt pro OrderBookSide"] = ccxt_book
    except ImportError:
        pass
    best = {name: float("inf") for name in runs}
    for _ in range(3):
        for name, run in runs.items():
            best[name] = min(best[name], run())
    for name, sec in best.items():
        RESULTS[f"cpu, interleaved: {name}"] = (sec / len(diffs), "cpu")
    REFERENCE["cpu"] = "cpu, interleaved: binance_fast DepthBook"


# ---- top-20 of both sides --------------------------------------------------------------------------------


def test_top20_binance_fast_views(benchmark, workload):
    last, sb, sa, *_ = workload
    book = DepthBook("spot")
    book.load_snapshot(last, sb, sa)
    benchmark.group = "book: top-20 of both sides"
    out = benchmark(lambda: (book.bids(20), book.asks(20)))
    assert out[0].shape == (20, 2) and out[1][0, 0] == sa[0, 0]
    if timed(benchmark) is not None:
        RESULTS["top-20 numpy views (binance_fast)"] = (timed(benchmark), "top-20")


def test_top20_binance_fast_levels(benchmark, workload):
    last, sb, sa, *_ = workload
    book = DepthBook("spot")
    book.load_snapshot(last, sb, sa)
    benchmark.group = "book: top-20 of both sides"
    out = benchmark(book.levels, 20)
    assert out[0].shape == (20, 2)
    if timed(benchmark) is not None:
        RESULTS["top-20 numpy views, one call: levels(20)"] = (timed(benchmark), "top-20")


def test_top20_binance_fast_copies(benchmark, workload):
    last, sb, sa, *_ = workload
    book = DepthBook("spot")
    book.load_snapshot(last, sb, sa)
    benchmark.group = "book: top-20 of both sides"
    benchmark(lambda: (book.bids(20, copy=True), book.asks(20, copy=True)))
    if timed(benchmark) is not None:
        RESULTS["top-20 numpy copies (binance_fast)"] = (timed(benchmark), "top-20")


def test_top20_ccxt_list_slices(benchmark, workload):
    side_mod = pytest.importorskip("ccxt.async_support.base.ws.order_book_side")
    last, sb, sa, *_ = workload
    bids, asks = side_mod.Bids(sb.tolist()), side_mod.Asks(sa.tolist())
    benchmark.group = "book: top-20 of both sides"
    benchmark(lambda: (bids[:20], asks[:20]))
    if timed(benchmark) is not None:
        RESULTS["top-20 list slices (ccxt)"] = (timed(benchmark), "top-20")


def test_top20_ccxt_to_numpy(benchmark, workload):
    side_mod = pytest.importorskip("ccxt.async_support.base.ws.order_book_side")
    last, sb, sa, *_ = workload
    bids, asks = side_mod.Bids(sb.tolist()), side_mod.Asks(sa.tolist())
    benchmark.group = "book: top-20 of both sides"
    benchmark(lambda: (np.array(bids[:20]), np.array(asks[:20])))
    if timed(benchmark) is not None:
        RESULTS["top-20 ccxt slices -> numpy"] = (timed(benchmark), "top-20")


# ---- whole route: frame bytes -> decoded -> applied ------------------------------------------------------


_FRAMES: list[bytes] = []


def frames_from(diffs, n=20_000):
    """The first ``n`` diffs as combined-stream frames (bytes), made once per run."""
    if _FRAMES:
        return _FRAMES
    out = _FRAMES
    for U, u, b, a in diffs[:n]:
        data = {"e": "depthUpdate", "E": 1700000000000, "s": "BTCUSDT", "U": U, "u": u,
                "b": [[f"{p:.2f}", f"{q:.8f}"] for p, q in b.tolist()],
                "a": [[f"{p:.2f}", f"{q:.8f}"] for p, q in a.tolist()]}
        out.append(json.dumps({"stream": "btcusdt@depth@100ms", "data": data}, separators=(",", ":")).encode())
    return out


def test_route_frame_json_numpy_binance_fast(benchmark, workload):
    """frame bytes -> json.loads -> numpy float64 -> DepthBook (without our decoder)."""
    last, sb, sa, diffs, _ = workload
    frames = frames_from(diffs)

    def make():
        return synced_book(last, sb, sa)

    def replay(book, frames):
        loads, asarray, f64, apply = json.loads, np.asarray, np.float64, book.apply_diff
        for fr in frames:
            d = loads(fr)["data"]
            apply(d["U"], d["u"], -1, asarray(d["b"], dtype=f64), asarray(d["a"], dtype=f64))
            book.best_bid
            book.best_ask

    run_rounds(benchmark, "route: frame -> json -> numpy -> DepthBook", make, replay, frames, rounds=3, group="route")


def test_route_frame_decode_binance_fast(benchmark, workload):
    """frame bytes -> binance_fast.streams.decode (DepthUpdate with float64 arrays) -> DepthBook.apply."""
    streams = pytest.importorskip("binance_fast.streams")
    last, sb, sa, diffs, _ = workload
    frames = frames_from(diffs)

    def make():
        return synced_book(last, sb, sa)

    def replay(book, frames):
        decode, apply = streams.decode, book.apply
        for fr in frames:
            apply(decode(fr))
            book.best_bid
            book.best_ask

    run_rounds(benchmark, "route: frame -> streams.decode -> DepthBook", make, replay, frames, rounds=3, group="route")
    book = make()
    replay(book, frames)
    assert book.is_synced and book.last_update_id == diffs[len(frames) - 1][1]


@pytest.mark.parametrize("decoder", ["json", "orjson"])
def test_route_frame_json_bisect(benchmark, workload, decoder):
    loads = json.loads if decoder == "json" else pytest.importorskip("orjson").loads
    last, sb, sa, diffs, _ = workload
    frames = frames_from(diffs)

    def replay(book, frames):
        for fr in frames:
            d = loads(fr)["data"]
            book.apply(d["U"], d["u"], [(float(p), float(q)) for p, q in d["b"]],
                       [(float(p), float(q)) for p, q in d["a"]])
            book.best()

    run_rounds(benchmark, f"route: frame -> {decoder} -> floats -> bisect book",
               lambda: BisectBook(last, sb.tolist(), sa.tolist()), replay, frames, rounds=3, group="route")


def test_route_floor_json_loads_only(benchmark, workload):
    *_, diffs, _ = workload
    frames = frames_from(diffs)

    def replay(_, frames):
        loads = json.loads
        for fr in frames:
            loads(fr)

    run_rounds(benchmark, "route floor: json.loads only", lambda: None, replay, frames, rounds=3, group="route")
