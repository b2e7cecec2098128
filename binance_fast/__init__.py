"""binance_fast: the fastest and most complete Python client for the Binance APIs.

Imports stay light: the heavy parts (REST clients, streams, books, simulator) load on first use.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .errors import (
    AuthenticationError,
    BinanceAPIError,
    BinanceError,
    BookOutOfSync,
    CancelRejectedError,
    ClientRateLimitError,
    FrameDecodeError,
    InvalidParameterError,
    InvalidSignatureError,
    IPBannedError,
    OrderNotFoundError,
    OrderRejectedError,
    RateLimitError,
    SequenceGap,
    TimestampError,
    TransportError,
    UnknownOutcomeError,
)

# public name -> module that defines it, imported on first attribute access
_LAZY: dict[str, str] = {
    "HmacSigner": "binance_fast.signing",
    "Ed25519Signer": "binance_fast.signing",
    "RsaSigner": "binance_fast.signing",
    "encode_params": "binance_fast.signing",
    "signed_query": "binance_fast.signing",
    "ws_signature_payload": "binance_fast.signing",
    "sign_ws_params": "binance_fast.signing",
    "Client": "binance_fast.rest",
    "AsyncClient": "binance_fast.rest",
    "ENDPOINTS": "binance_fast.endpoints",
    "decode": "binance_fast.streams",
    "decode_batch": "binance_fast.streams",
    "StreamClient": "binance_fast.ws",
    "AsyncStreamClient": "binance_fast.ws",
    "replay": "binance_fast.ws",
    "DepthBook": "binance_fast.book",
    "LocalOrderBook": "binance_fast.book",
    "LocalOrderBooks": "binance_fast.book",
    "AsyncLocalOrderBook": "binance_fast.book",
    "AsyncLocalOrderBooks": "binance_fast.book",
    "aggregate_trades": "binance_fast.klines",
    "resample": "binance_fast.klines",
    "KlineBuilder": "binance_fast.klines",
    "klines_from_rest": "binance_fast.klines",
    "KLINE_DTYPE": "binance_fast.klines",
    "Simulator": "binance_fast.sim",
    "WebSocketAPI": "binance_fast.ws_api",
    "AsyncWebSocketAPI": "binance_fast.ws_api",
    "UserDataStream": "binance_fast.ws_api",
    "AsyncUserDataStream": "binance_fast.ws_api",
    "FixOrderEntryClient": "binance_fast.fix",
    "FixDropCopyClient": "binance_fast.fix",
    "FixMarketDataClient": "binance_fast.fix",
}

__all__ = [
    "__version__",
    "AuthenticationError",
    "BinanceAPIError",
    "BinanceError",
    "BookOutOfSync",
    "CancelRejectedError",
    "ClientRateLimitError",
    "FrameDecodeError",
    "InvalidParameterError",
    "InvalidSignatureError",
    "IPBannedError",
    "OrderNotFoundError",
    "OrderRejectedError",
    "RateLimitError",
    "SequenceGap",
    "TimestampError",
    "TransportError",
    "UnknownOutcomeError",
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'binance_fast' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:
    from .book import AsyncLocalOrderBook, AsyncLocalOrderBooks, DepthBook, LocalOrderBook, LocalOrderBooks
    from .endpoints import ENDPOINTS
    from .klines import KLINE_DTYPE, KlineBuilder, aggregate_trades, klines_from_rest, resample
    from .rest import AsyncClient, Client
    from .signing import (
        Ed25519Signer,
        HmacSigner,
        RsaSigner,
        encode_params,
        sign_ws_params,
        signed_query,
        ws_signature_payload,
    )
    from .fix import FixDropCopyClient, FixMarketDataClient, FixOrderEntryClient
    from .sim import Simulator
    from .streams import decode, decode_batch
    from .ws import AsyncStreamClient, StreamClient, replay
    from .ws_api import AsyncUserDataStream, AsyncWebSocketAPI, UserDataStream, WebSocketAPI
