"""Stream clients: ``StreamClient`` (threads, websocket-client) and ``AsyncStreamClient`` (asyncio, aiohttp),
the same shape; ``replay`` plays a ``record=`` file back through the decoders. ``sbe=True`` on either client:
the SBE market-data streams (binary frames decoded by ``SbeDecoder``)."""

from __future__ import annotations

from ._core import MESSAGE_LIMITS, SBE_STREAM_HOST, STREAM_HOSTS, Message, SbeDecoder, Stats, replay
from .async_client import AsyncStreamClient
from .sync_client import StreamClient

__all__ = ["MESSAGE_LIMITS", "SBE_STREAM_HOST", "STREAM_HOSTS", "AsyncStreamClient", "Message", "SbeDecoder",
           "Stats", "StreamClient", "replay"]
