"""SBE (Simple Binary Encoding) for Binance: compiled decoders of the market-data stream and spot API schemas, and the encoder.

- ``decode_stream(frame)``: a binary frame of stream-sbe.binance.com (schema 1:0) -> ``TradesStreamEvent``,
  ``BestBidAskStreamEvent``, ``DepthSnapshotStreamEvent`` or ``DepthDiffStreamEvent`` (the last has the
  ``DepthUpdate`` attributes a ``DepthBook`` applies).
- ``decode_spot(body)``: an SBE response of the REST or WebSocket API (schema 3:4); see ``binance_fast.sbe.api``.
- ``stream_codec()`` / ``spot_codec()``: the plain-Python encoder and reference decoder of each schema.

Decimals are float64 attributes (``price``) with the exact wire value beside them (``price_mantissa`` and
the message's ``*_exponent``); decimal groups (bids, asks) are contiguous (n, 2) float64 arrays, with int64
mantissa arrays on request (``mantissas=True``). Timestamps are milliseconds like the JSON API (``event_time``),
with the exact microseconds in ``<name>_us``.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from .codec import SbeCodec, decimal_of, decimal_to_float, float_to_mantissa
from .schema import Schema

STREAM_SCHEMA_ID, STREAM_SCHEMA_VERSION = 1, 0
SPOT_SCHEMA_ID, SPOT_SCHEMA_VERSION = 3, 4

__all__ = [
    "SPOT_SCHEMA_ID",
    "SPOT_SCHEMA_VERSION",
    "STREAM_SCHEMA_ID",
    "STREAM_SCHEMA_VERSION",
    "SbeCodec",
    "Schema",
    "decimal_of",
    "decimal_to_float",
    "decode_spot",
    "decode_stream",
    "float_to_mantissa",
    "spot_codec",
    "spot_schema",
    "stream_codec",
    "stream_schema",
]


@cache
def stream_schema() -> Schema:
    """The market-data stream schema 1:0 (shipped as the generated model, no XML needed)."""
    return Schema.from_json(resources.files(__package__).joinpath("stream_1_0.json").read_text())


@cache
def spot_schema() -> Schema:
    """The spot REST / WebSocket API schema 3:4."""
    return Schema.from_json(resources.files(__package__).joinpath("spot_3_4.json").read_text())


@cache
def stream_codec() -> SbeCodec:
    return SbeCodec(stream_schema())


@cache
def spot_codec() -> SbeCodec:
    return SbeCodec(spot_schema())


def decode_stream(frame: bytes | bytearray | memoryview, *, mantissas: bool = False) -> Any:
    """One binary frame of an SBE market-data stream, decoded by the compiled schema 1:0 decoder."""
    from .._sbe_stream import decode

    return decode(frame, mantissas)


def decode_spot(body: bytes | bytearray | memoryview, *, mantissas: bool = False) -> Any:
    """One SBE response body (REST) or binary frame (WebSocket API), decoded by the compiled schema 3:4 decoder."""
    from .._sbe_spot import decode

    return decode(body, mantissas)
