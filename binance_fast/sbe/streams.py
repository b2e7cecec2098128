"""SBE market-data streams (stream-sbe.binance.com): URLs, the handshake header, and frame decoding.

Control replies (subscribe / unsubscribe results) arrive as JSON in text frames; events arrive as SBE in
binary frames (docs: SBE Market Data Streams). ``decode_frame`` takes either. The API key must be an
Ed25519 key, sent as ``X-MBX-APIKEY`` in the handshake; no signature is needed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import msgspec

from . import decode_stream, float_to_mantissa, stream_codec

Levels = Iterable[tuple[Any, Any]]   # (price, quantity) pairs as str, float, int or Decimal

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
    convert = _CONVERTERS.get(type(event)) or _converters().get(type(event))
    if convert is None:
        raise TypeError(f"not an SBE market-data event: {type(event).__name__}")
    return convert(event)


_CONVERTERS: dict[type, Any] = {}


def _converters() -> dict[type, Any]:
    from .. import _sbe_stream as s
    from ..models import market

    depth_update, partial, ticker, trade = market.DepthUpdate, market.PartialDepth, market.BookTicker, market.Trade

    def diff(e):   # positional: the order DepthUpdate declares (the fastest msgspec construction)
        return depth_update("depthUpdate", e.event_time, e.symbol, e.first_update_id, e.final_update_id,
                            e.bids, e.asks, -1)

    def snapshot(e):
        return partial(e.last_update_id, e.bids, e.asks, "depth", e.symbol)

    def best(e):
        return ticker(update_id=e.update_id, event_time=e.event_time, symbol=e.symbol, bid_price=e.bid_price,
                      bid_quantity=e.bid_quantity, ask_price=e.ask_price, ask_quantity=e.ask_quantity)

    def trades(e):
        return [trade(event_type="trade", event_time=e.event_time, symbol=e.symbol, trade_id=t.id, price=t.price,
                      quantity=t.quantity, trade_time=e.transact_time, is_buyer_maker=t.is_buyer_maker,
                      ignore=t.is_best_match) for t in e.trades]

    _CONVERTERS.update({s.DepthDiffStreamEvent: diff, s.DepthSnapshotStreamEvent: snapshot,
                        s.BestBidAskStreamEvent: best, s.TradesStreamEvent: trades})
    return _CONVERTERS


# --- encoding (the simulator serves SBE streams with these; values as the JSON stream would carry them) ---

def _levels(levels: Levels, pe: int, qe: int) -> list[dict[str, int]]:
    return [{"price": float_to_mantissa(p, pe), "qty": float_to_mantissa(q, qe)} for p, q in levels]


def encode_depth_diff(symbol: str, first_update_id: int, final_update_id: int, bids: Levels, asks: Levels, *,
                      event_time_us: int, price_exponent: int = -8, qty_exponent: int = -8) -> bytes:
    """A ``<symbol>@depth`` event (``DepthDiffStreamEvent``) as stream-sbe.binance.com sends it."""
    return stream_codec().encode("DepthDiffStreamEvent", {
        "eventTime": event_time_us, "firstBookUpdateId": first_update_id, "lastBookUpdateId": final_update_id,
        "priceExponent": price_exponent, "qtyExponent": qty_exponent,
        "bids": _levels(bids, price_exponent, qty_exponent), "asks": _levels(asks, price_exponent, qty_exponent),
        "symbol": symbol})


def encode_depth_snapshot(symbol: str, last_update_id: int, bids: Levels, asks: Levels, *, event_time_us: int,
                          price_exponent: int = -8, qty_exponent: int = -8) -> bytes:
    """A ``<symbol>@depth20`` event (``DepthSnapshotStreamEvent``)."""
    return stream_codec().encode("DepthSnapshotStreamEvent", {
        "eventTime": event_time_us, "bookUpdateId": last_update_id,
        "priceExponent": price_exponent, "qtyExponent": qty_exponent,
        "bids": _levels(bids, price_exponent, qty_exponent), "asks": _levels(asks, price_exponent, qty_exponent),
        "symbol": symbol})


def encode_best_bid_ask(symbol: str, update_id: int, bid: tuple[Any, Any], ask: tuple[Any, Any], *,
                        event_time_us: int, price_exponent: int = -8, qty_exponent: int = -8) -> bytes:
    """A ``<symbol>@bestBidAsk`` event (``BestBidAskStreamEvent``)."""
    pe, qe = price_exponent, qty_exponent
    return stream_codec().encode("BestBidAskStreamEvent", {
        "eventTime": event_time_us, "bookUpdateId": update_id, "priceExponent": pe, "qtyExponent": qe,
        "bidPrice": float_to_mantissa(bid[0], pe), "bidQty": float_to_mantissa(bid[1], qe),
        "askPrice": float_to_mantissa(ask[0], pe), "askQty": float_to_mantissa(ask[1], qe), "symbol": symbol})


def encode_trades(symbol: str, trades: Iterable[tuple[int, Any, Any, bool]], *, event_time_us: int,
                  transact_time_us: int, price_exponent: int = -8, qty_exponent: int = -8) -> bytes:
    """A ``<symbol>@trade`` event (``TradesStreamEvent``): (trade id, price, quantity, is_buyer_maker) each."""
    pe, qe = price_exponent, qty_exponent
    return stream_codec().encode("TradesStreamEvent", {
        "eventTime": event_time_us, "transactTime": transact_time_us, "priceExponent": pe, "qtyExponent": qe,
        "trades": [{"id": i, "price": float_to_mantissa(p, pe), "qty": float_to_mantissa(q, qe),
                    "isBuyerMaker": int(bool(m))} for i, p, q, m in trades], "symbol": symbol})
