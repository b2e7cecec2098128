"""REST clients for every documented Binance endpoint: ``Client`` (sync) and ``AsyncClient`` (asyncio)."""

from __future__ import annotations

from .client import AsyncClient, Client
from .core import TypedDecodeWarning, UnknownParameterWarning, new_client_order_id
from .limits import RateLimiter

__all__ = ["Client", "AsyncClient", "RateLimiter", "UnknownParameterWarning", "TypedDecodeWarning",
           "new_client_order_id"]
