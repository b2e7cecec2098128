"""Replays the real Binance captures (../shared/data/captures) through DepthBook and its reference.

Every depth stream must join its REST snapshot with no gap, never cross, end identical in the compiled
and the plain-Python book, and agree with every bookTicker whose ``u`` equals an applied diff's ``u``.
The frames go through ``binance_fast.streams.decode`` (the route a bot uses) and, independently, through
plain json into the reference book.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import numpy as np
import pytest

from binance_fast.book import DepthBook, DepthBookPy
from binance_fast.streams import decode
from binance_fast.errors import SequenceGap

pytestmark = pytest.mark.shared_data

VENUES = {"BINANCE": "spot", "BINANCE_FUTURES": "usdm", "BINANCE_DELIVERY": "coinm"}


def rows(levels):
    return np.array(levels, dtype=np.float64).reshape(-1, 2)


def load_capture(folder: Path, venue: str):
    """(snapshots by symbol, depth frames' data by symbol in arrival order, bookTicker tops by symbol keyed by u,
    raw frames in arrival order)."""
    snapshots = {}
    for line in filter(None, (folder / f"{venue}.http.0.0").read_text().splitlines()):
        url, _, rest = line.partition(" -> ")
        body = json.loads(rest.split(": ", 1)[1])
        snapshots[parse_qs(urlparse(url).query)["symbol"][0]] = body
    diffs, tickers, frames = defaultdict(list), defaultdict(dict), []
    lines = (folder / f"{venue}.ws.1.0").read_text().splitlines()[1:]
    for line in filter(None, lines):
        raw = line.split(": ", 1)[1]
        frame = json.loads(raw)
        stream, data = frame["stream"], frame["data"]
        if "@depth" in stream:
            diffs[data["s"]].append(data)
            frames.append(raw)
        elif stream.endswith("@bookTicker"):
            tickers[data["s"]][data["u"]] = (float(data["b"]), float(data["B"]), float(data["a"]), float(data["A"]))
            frames.append(raw)
    return snapshots, diffs, tickers, frames


@pytest.mark.parametrize("venue", sorted(VENUES))
def test_capture_replays_to_exact_book(captures, venue):
    """Decoded events into the compiled book, json-parsed diffs into the reference: both exact, both agree."""
    product = VENUES[venue]
    snapshots, diffs, tickers, frames = load_capture(captures, venue)
    assert snapshots and set(diffs) == set(snapshots)
    compiled, reference = {}, {}
    for symbol, snap in snapshots.items():
        compiled[symbol], reference[symbol] = DepthBook(product), DepthBookPy(product)
        compiled[symbol].load_snapshot(snap["lastUpdateId"], snap["bids"], snap["asks"])
        reference[symbol].load_snapshot(snap["lastUpdateId"], snap["bids"], snap["asks"])
    applied, checked, seen = defaultdict(int), 0, defaultdict(int)
    for raw in frames:
        event = decode(raw, product=product)
        symbol = event.symbol
        book = compiled[symbol]
        if type(event).__name__ == "BookTicker":
            if applied[symbol] and book.check_book_ticker(event):
                assert tickers[symbol][event.update_id] == book.top()
                checked += 1
            continue
        d = diffs[symbol][seen[symbol]]
        seen[symbol] += 1
        assert (event.first_update_id, event.final_update_id) == (d["U"], d["u"])
        result = book.apply(event)
        assert result == reference[symbol].apply_diff(d["U"], d["u"], d.get("pu", -1), d["b"], d["a"])
        if not result:
            assert applied[symbol] == 0, f"{symbol}: stale diff u={d['u']} after the join"
            continue
        applied[symbol] += 1
        bid, ask = book.best_bid, book.best_ask
        assert book.is_synced and bid[0] < ask[0]
        top = tickers[symbol].get(event.final_update_id)
        if top is not None:  # the ticker may have come before its diff
            assert book.check_ticker(event.final_update_id, *top) and reference[symbol].check_ticker(
                event.final_update_id, *top)
            checked += 1
    for symbol, c in compiled.items():
        p = reference[symbol]
        assert applied[symbol] > 0, f"{symbol}: no diff joined the snapshot"
        assert c.last_update_id == p.last_update_id == diffs[symbol][-1]["u"]
        np.testing.assert_array_equal(c.bids(), p.bids())
        np.testing.assert_array_equal(c.asks(), p.asks())
    assert checked > 0, "no bookTicker shared an update id with an applied diff"


@pytest.mark.parametrize("venue", sorted(VENUES))
def test_capture_with_a_diff_missing_raises_gap(captures, venue):
    product = VENUES[venue]
    snapshots, diffs, _, _ = load_capture(captures, venue)
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
