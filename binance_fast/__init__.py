"""binance_fast: the fastest and most complete Python client for the Binance APIs.

Imports stay light: the heavy parts (REST clients, streams, simulator) load on first use.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .errors import (
    BinanceAPIError,
    BinanceError,
    BookOutOfSync,
    FrameDecodeError,
    InvalidSignatureError,
    IPBannedError,
    OrderRejectedError,
    RateLimitError,
    SequenceGap,
    TimestampError,
    UnknownOutcomeError,
)

# public name -> module that defines it, imported lazily on first attribute access
_LAZY: dict[str, str] = {
    "HmacSigner": "binance_fast.signing",
    "Ed25519Signer": "binance_fast.signing",
    "RsaSigner": "binance_fast.signing",
    "encode_params": "binance_fast.signing",
    "signed_query": "binance_fast.signing",
    "ws_signature_payload": "binance_fast.signing",
}

__all__ = [
    "__version__",
    "BinanceAPIError",
    "BinanceError",
    "BookOutOfSync",
    "FrameDecodeError",
    "InvalidSignatureError",
    "IPBannedError",
    "OrderRejectedError",
    "RateLimitError",
    "SequenceGap",
    "TimestampError",
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
    from .signing import (
        Ed25519Signer,
        HmacSigner,
        RsaSigner,
        encode_params,
        signed_query,
        ws_signature_payload,
    )
