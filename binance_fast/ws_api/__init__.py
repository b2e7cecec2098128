"""The Binance WebSocket API (spot /ws-api/v3, USD-M /ws-fapi/v1, COIN-M /ws-dapi/v1) and user-data streams.

``WebSocketAPI`` (sync) and ``AsyncWebSocketAPI`` (asyncio) have one method per documented method, generated
from the table in ``binance_fast.endpoints.ws_api``; ``UserDataStream`` / ``AsyncUserDataStream`` give one
stream of typed account events per product, reconciled over REST after every reconnect.
"""

from ._core import DEFAULT_URLS, RateLimit
from .aio import AsyncCoinmWebSocketAPI, AsyncSpotWebSocketAPI, AsyncUsdmWebSocketAPI, AsyncWebSocketAPI
from .client import CoinmWebSocketAPI, SpotWebSocketAPI, UsdmWebSocketAPI, WebSocketAPI
from .reconcile import Reconciler
from .user_data import RestAccess, UserDataStream
from .user_data_aio import AsyncRestAccess, AsyncUserDataStream

__all__ = [
    "WebSocketAPI", "SpotWebSocketAPI", "UsdmWebSocketAPI", "CoinmWebSocketAPI",
    "AsyncWebSocketAPI", "AsyncSpotWebSocketAPI", "AsyncUsdmWebSocketAPI", "AsyncCoinmWebSocketAPI",
    "UserDataStream", "AsyncUserDataStream", "RestAccess", "AsyncRestAccess", "Reconciler", "RateLimit", "DEFAULT_URLS",
]
