"""Stream clients: ``StreamClient`` (threads, websocket-client) and ``AsyncStreamClient`` (asyncio, aiohttp),
the same shape; ``replay`` plays a ``record=`` file back through the decoders."""

from __future__ import annotations

from ._core import MESSAGE_LIMITS, STREAM_HOSTS, Message, Stats, replay
from .async_client import AsyncStreamClient
from .sync_client import StreamClient

__all__ = ["StreamClient", "AsyncStreamClient", "Message", "Stats", "replay", "STREAM_HOSTS", "MESSAGE_LIMITS"]
