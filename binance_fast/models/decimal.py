"""Twins of every event class with Decimal in place of float, for exact arithmetic (``decode(..., decimal=True)``).

Each twin subclasses its float model (``isinstance(event, models.Trade)`` holds) and has the same name.
"""

from __future__ import annotations

import sys
import typing
from decimal import Decimal
from types import UnionType

import msgspec

from . import market, user_data
from ._base import Record
from .registry import EVENT_TYPES

__all__ = ["decimal_twin", "EVENT_TYPES"]

_twins: dict[type, type] = {}


def _convert(tp: typing.Any) -> typing.Any:
    if tp is float:
        return Decimal
    if isinstance(tp, type) and issubclass(tp, Record):
        return decimal_twin(tp)
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is list:
        return list[_convert(args[0])]
    if origin in (typing.Union, UnionType):
        new = tuple(_convert(a) for a in args)
        return typing.Union[new]  # noqa: UP007 (built dynamically)
    return tp


def decimal_twin(cls: type) -> type:
    """The Decimal twin of the event or record class ``cls``."""
    twin = _twins.get(cls)
    if twin is not None:
        return twin
    hints = typing.get_type_hints(cls)
    fields = []
    for info in msgspec.structs.fields(cls):
        new = _convert(hints[info.name])
        if new == hints[info.name]:
            continue
        default = info.default if info.default is not msgspec.NODEFAULT else msgspec.NODEFAULT
        fields.append((info.name, new, msgspec.field(name=info.encode_name, default=default)))
    twin = msgspec.defstruct(cls.__name__, fields, bases=(cls,), module=__name__,
                             namespace={"number": Decimal, "__doc__": cls.__doc__},
                             frozen=True, kw_only=True)
    _twins[cls] = twin
    setattr(sys.modules[__name__], cls.__name__, twin)
    return twin


for _module in (market, user_data):
    for _name in _module.__all__:
        decimal_twin(getattr(_module, _name))

EVENT_TYPES = {product: {e: decimal_twin(c) for e, c in table.items()} for product, table in EVENT_TYPES.items()}
