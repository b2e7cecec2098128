"""The base of every decoded stream event: a frozen msgspec Struct with readable names renamed from the wire keys."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

import msgspec
from msgspec import field

__all__ = ["Event", "Record", "field", "wire"]


def wire(key: str, default: Any = msgspec.NODEFAULT) -> Any:
    """A field read from the wire key ``key`` (Binance's one-letter names), optional when ``default`` is given."""
    return field(name=key, default=default)


class Record(msgspec.Struct, frozen=True, gc=False, omit_defaults=True):
    """A nested part of an event (a kline, a balance, a position, an order)."""

    # float in the default models, Decimal in their twins of binance_fast.models.decimal
    number: ClassVar[type] = float


class Event(Record, frozen=True, gc=False, omit_defaults=True):
    """A stream event; ``event_type`` is Binance's ``e``."""


def to_number(cls: type, raw: str) -> float | Decimal | None:
    """``raw`` as the class's number type; None for the empty string Binance sends for "not applicable"."""
    return cls.number(raw) if raw else None
