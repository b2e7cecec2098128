"""SBE market-data streams (stream-sbe.binance.com): URLs, the handshake header, and frame decoding.

Control replies (subscribe / unsubscribe results) arrive as JSON in text frames; events arrive as SBE in
binary frames (docs: SBE Market Data Streams). ``decode_frame`` takes either. The API key must be an
Ed25519 key, sent as ``X-MBX-APIKEY`` in the handshake; no signature is needed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import msgspec

from . import decode_stream

SBE_STREAM_URL = "wss://stream-sbe.binance.com:9443"
STREAM_KINDS = ("trade", "bestBidAsk", "depth", "depth20")
MAX_STREAMS_PER_CONNECTION = 1024


class SbeTrade(msgspec.Struct, frozen=True):
    """One trade of a ``TradesStreamEvent`` with the attributes of the JSON ``Trade`` event."""

    symbol: str
    event_time: int          # ms
    trade_time: int          # ms (the event's transactTime)
    trade_id: int
    price: float
    quantity: float
    is_buyer_maker: bool


def handshake_headers(api_key: str) -> dict[str, str]:
    if not api_key:
        raise ValueError("SBE market-data streams need an (Ed25519) API key")
    return {"X-MBX-APIKEY": api_key}


def stream_name(symbol: str, kind: str) -> str:
    """``stream_name("BTCUSDT", "depth")`` -> ``"btcusdt@depth"`` (symbols are lowercase in stream names)."""
    if kind not in STREAM_KINDS:
        raise ValueError(f"unknown SBE stream kind {kind!r}; one of {', '.join(STREAM_KINDS)}")
    return f"{symbol.lower()}@{kind}"


def stream_url(streams: Iterable[str], base: str = SBE_STREAM_URL) -> str:
    """``/ws/<stream>`` for one stream, ``/stream?streams=a/b`` for several."""
    names = list(streams)
    if not names:
        raise ValueError("no stream given")
    if len(names) > MAX_STREAMS_PER_CONNECTION:
        raise ValueError(f"{len(names)} streams; one connection listens to at most {MAX_STREAMS_PER_CONNECTION}")
    base = base.rstrip("/")
    return f"{base}/ws/{names[0]}" if len(names) == 1 else f"{base}/stream?streams={'/'.join(names)}"


def decode_frame(frame: bytes | bytearray | memoryview | str, *, mantissas: bool = False) -> Any:
    """A text frame -> its JSON control reply (dict); a binary frame -> the decoded SBE event."""
    if isinstance(frame, str):
        return msgspec.json.decode(frame)
    return decode_stream(frame, mantissas=mantissas)


def trades_of(event: Any) -> list[SbeTrade]:
    """The trades of a ``TradesStreamEvent`` as one object each, like the JSON trade stream gives them."""
    return [SbeTrade(event.symbol, event.event_time, event.transact_time, t.id, t.price, t.quantity,
                     t.is_buyer_maker) for t in event.trades]


def to_models(event: Any) -> Any:
    """The JSON stream's typed event(s) for a decoded SBE event (``binance_fast.models``), so an SBE stream
    gives what a JSON one gives: ``DepthUpdate``, ``PartialDepth``, ``BookTicker``, or a list of ``Trade``.

    (The SBE objects themselves already carry those attribute names; this builds the model Structs.)
    """
    from ..models import market

    kind = type(event).__name__
    if kind == "DepthDiffStreamEvent":
        return market.DepthUpdate(event_type="depthUpdate", event_time=event.event_time, symbol=event.symbol,
                                  first_update_id=event.first_update_id, final_update_id=event.final_update_id,
                                  bids=event.bids, asks=event.asks, prev_final_update_id=-1)
    if kind == "DepthSnapshotStreamEvent":
        return market.PartialDepth(last_update_id=event.last_update_id, bids=event.bids, asks=event.asks,
                                   symbol=event.symbol)
    if kind == "BestBidAskStreamEvent":
        return market.BookTicker(update_id=event.update_id, event_time=event.event_time, symbol=event.symbol,
                                 bid_price=event.bid_price, bid_quantity=event.bid_quantity,
                                 ask_price=event.ask_price, ask_quantity=event.ask_quantity)
    if kind == "TradesStreamEvent":
        return [market.Trade(event_type="trade", event_time=event.event_time, symbol=event.symbol, trade_id=t.id,
                             price=t.price, quantity=t.quantity, trade_time=event.transact_time,
                             is_buyer_maker=t.is_buyer_maker, ignore=t.is_best_match) for t in event.trades]
    raise TypeError(f"not an SBE market-data event: {kind}")
