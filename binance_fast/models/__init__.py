"""Typed models: stream events (market and user data, every product) as msgspec Structs with readable names."""

from __future__ import annotations

from ._base import Event, Record
from .market import *  # noqa: F403
from .market import __all__ as _market_all
from .registry import EVENT_TYPES, PRODUCTS, event_class
from .user_data import *  # noqa: F403
from .user_data import __all__ as _user_all

__all__ = ["Event", "Record", "EVENT_TYPES", "PRODUCTS", "event_class", *_market_all, *_user_all]
