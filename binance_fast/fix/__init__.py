"""Binance's spot FIX API: order entry (fix-oe), drop copy (fix-dc) and market data (fix-md) over TLS.

    signer = Ed25519Signer.from_pem(pem)
    async with FixOrderEntryClient(api_key, signer) as fix:
        report = await fix.new_order("BTCUSDT", "BUY", "LIMIT", timeInForce="GTC", quantity="0.01", price="30000")

Layers: ``codec`` (frames, compiled), ``session`` (TLS, Logon signature, sequence numbers, heartbeats, limits),
``order_entry`` / ``drop_copy`` / ``market_data`` (the clients), ``events`` (FIX -> the stream models).
"""

from __future__ import annotations

from .codec import FixMessage, FixReader, encode, parse_timestamp, utc_timestamp
from .drop_copy import FixDropCopyClient
from . import errors
from .errors import (
    FixAmendRejectedError,
    FixAPIError,
    FixCancelRejectedError,
    FixConnectionLost,
    FixDecodeError,
    FixError,
    FixLogonError,
    FixMarketDataRejectedError,
    FixMessageLimitError,
    FixOrderRejectedError,
    FixRejectError,
    FixSessionError,
)
from .events import Instrument, LimitIndicator, LimitResponse, MassCancelReport
from .market_data import FixDepthBook, FixMarketDataClient
from .order_entry import FixOrderEntryClient
from .session import ENDPOINTS, MESSAGE_LIMITS, FixSession, logon_signature_payload, sign_logon

__all__ = [
    "FixOrderEntryClient",
    "FixDropCopyClient",
    "FixMarketDataClient",
    "FixDepthBook",
    "FixSession",
    "FixMessage",
    "FixReader",
    "encode",
    "utc_timestamp",
    "parse_timestamp",
    "logon_signature_payload",
    "sign_logon",
    "ENDPOINTS",
    "MESSAGE_LIMITS",
    "Instrument",
    "LimitIndicator",
    "LimitResponse",
    "MassCancelReport",
    *errors.__all__,
]
