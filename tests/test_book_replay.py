"""Replays the real Binance captures (../shared/data/captures) through DepthBook and its reference.

Every depth stream must join its REST snapshot with no gap, never cross, end identical in the compiled
and the plain-Python book, and agree with every bookTicker whose ``u`` equals an applied diff's ``u``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import numpy as np
import pytest

from binance_fast.book import DepthBook, DepthBookPy
from binance_fast.errors import SequenceGap

pytestmark = pytest.mark.shared_data

VENUES = {"BINANCE": "spot", "BINANCE_FUTURES": "usdm", "BINANCE_DELIVERY": "coinm"}


def rows(levels):
    return np.array(levels, dtype=np.float64).reshape(-1, 2)


def load_capture(folder: Path, venue: str):
    """(snapshots by symbol, depth diffs by symbol in arrival order, bookTickers by symbol keyed by u)."""
    snapshots = {}
    for line in filter(None, (folder / f"{venue}.http.0.0").read_text().splitlines()):
        url, _, rest = line.partition(" -> ")
        body = json.loads(rest.split(": ", 1)[1])
        snapshots[parse_qs(urlparse(url).query)["symbol"][0]] = body
    diffs, tickers = defaultdict(list), defaultdict(dict)
    lines = (folder / f"{venue}.ws.1.0").read_text().splitlines()[1:]
    for line in filter(None, lines):
        frame = json.loads(line.split(": ", 1)[1])
        stream, data = frame["stream"], frame["data"]
        if "@depth" in stream:
            diffs[data["s"]].append(data)
        elif stream.endswith("@bookTicker"):
            tickers[data["s"]][data["u"]] = (float(data["b"]), float(data["B"]), float(data["a"]), float(data["A"]))
    return snapshots, diffs, tickers


@pytest.mark.parametrize("venue", sorted(VENUES))
def test_capture_replays_to_exact_book(captures, venue):
    product = VENUES[venue]
    snapshots, diffs, tickers = load_capture(captures, venue)
    assert snapshots and set(diffs) == set(snapshots)
    checked = 0
    for symbol, snap in snapshots.items():
        books = [cls(product) for cls in (DepthBook, DepthBookPy)]
        for b in books:
            b.load_snapshot(snap["lastUpdateId"], snap["bids"], snap["asks"])
        applied = stale = 0
        for d in diffs[symbol]:
            bids, asks = rows(d["b"]), rows(d["a"])
            results = [b.apply_diff(d["U"], d["u"], d.get("pu", -1), bids, asks) for b in books]
            assert results[0] == results[1]
            if not results[0]:
                assert applied == 0, f"{symbol}: stale diff u={d['u']} after the join"
                stale += 1
                continue
            applied += 1
            for b in books:
                assert b.is_synced and b.best_bid[0] < b.best_ask[0]
            top = tickers[symbol].get(d["u"])
            if top is not None:
                assert all(b.check_ticker(d["u"], *top) for b in books), symbol
                assert books[0].top() == top
                checked += 1
        assert applied > 0, f"{symbol}: no diff joined the snapshot"
        c, p = books
        assert c.last_update_id == p.last_update_id == diffs[symbol][-1]["u"]
        np.testing.assert_array_equal(c.bids(), p.bids())
        np.testing.assert_array_equal(c.asks(), p.asks())
    assert checked > 0, "no bookTicker shared an update id with a diff"


@pytest.mark.parametrize("venue", sorted(VENUES))
def test_capture_with_a_diff_missing_raises_gap(captures, venue):
    product = VENUES[venue]
    snapshots, diffs, _ = load_capture(captures, venue)
    for symbol, snap in snapshots.items():
        stream = [d for d in diffs[symbol] if d["u"] > snap["lastUpdateId"]]
        if len(stream) < 3:
            continue
        del stream[len(stream) // 2]
        book = DepthBook(product)
        book.load_snapshot(snap["lastUpdateId"], snap["bids"], snap["asks"])
        with pytest.raises(SequenceGap):
            for d in stream:
                book.apply_diff(d["U"], d["u"], d.get("pu", -1), rows(d["b"]), rows(d["a"]))
        assert not book.is_synced
