"""Plain-Python reference of the compiled frame kernels (binance_fast._frames), built on ``json``.

Same functions, same results, same errors; the tests hold the compiled module against this one, and
``BINANCE_FAST_PURE_PYTHON=1`` makes binance_fast.streams use it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import numpy as np

from .errors import FrameDecodeError

KIND_UNKNOWN, KIND_EVENT, KIND_COMBINED, KIND_API_EVENT, KIND_REPLY, KIND_ARRAY = 0, 1, 2, 3, 4, 5
KIND_BOOK_TICKER, KIND_PARTIAL_DEPTH = 6, 7

_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?")
_INT = re.compile(r"-?[0-9]{1,19}")


def _text(frame: Any) -> str:
    return frame.decode() if isinstance(frame, (bytes, bytearray, memoryview)) else frame


def parse_decimal(text: Any) -> float:
    """One decimal number (quoted or bare) to the nearest double."""
    s = _text(text)
    if len(s) >= 2 and s[0] == '"' and s[-1] == '"':
        s = s[1:-1]
    if not _NUMBER.fullmatch(s):
        raise FrameDecodeError(f"not a decimal number: {text!r}", frame=text)
    return float(s)


def _number(value: Any, field: str, frame: Any, number: Callable[[str], Any] = float) -> Any:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise FrameDecodeError("expected a number", field=field, frame=frame)
    if isinstance(value, str):
        if not _NUMBER.fullmatch(value):
            raise FrameDecodeError("expected a number", field=field, frame=frame)
        return number(value)
    return number(str(value)) if number is not float else float(value)


def _int(value: Any, field: str, frame: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise FrameDecodeError("expected an integer", field=field, frame=frame)
    if isinstance(value, str) and not _INT.fullmatch(value):
        raise FrameDecodeError("expected an integer", field=field, frame=frame)
    v = int(value)
    if abs(v) >= 2**63:
        raise FrameDecodeError("expected an integer", field=field, frame=frame)
    return v


def _levels(value: Any, field: str, frame: Any, number: Callable[[str], Any] = float) -> np.ndarray:
    if not isinstance(value, list):
        raise FrameDecodeError("expected an array of levels", field=field, frame=frame)
    # Decimal levels (exact arithmetic on request) live in an object array of the same (n, 2) shape
    out = np.empty((len(value), 2), dtype=np.float64 if number is float else object)
    for i, level in enumerate(value):
        if not isinstance(level, list) or len(level) < 2:
            raise FrameDecodeError("malformed price level", field=field, frame=frame)
        out[i, 0] = _number(level[0], field, frame, number)
        out[i, 1] = _number(level[1], field, frame, number)
    return out


def _str(value: Any, field: str, frame: Any) -> str:
    if not isinstance(value, str):
        raise FrameDecodeError("expected a string", field=field, frame=frame)
    return value


def _loads(frame: Any, exact: bool = False) -> Any:
    try:
        # exact: bare numbers kept as their text, for Decimal
        return json.loads(frame, parse_float=str, parse_int=str) if exact else json.loads(frame)
    except (ValueError, UnicodeDecodeError) as exc:
        raise FrameDecodeError(f"malformed frame: {exc}", frame=frame) from None


def decode_depth(frame: Any, depth_cls: type, partial_cls: type,
                 number: Callable[[str], Any] = float) -> tuple[Any, str | None]:
    """Reference of _frames.decode_depth; ``number=Decimal`` gives exact levels in object arrays."""
    obj = _loads(frame, exact=number is not float)
    if not isinstance(obj, dict):
        raise FrameDecodeError("malformed depth frame: not an object", frame=frame)
    stream = None
    if "data" in obj or "stream" in obj:
        stream = _str(obj.get("stream"), "stream", frame) if "stream" in obj else None
        obj = obj.get("data")
        if not isinstance(obj, dict):
            raise FrameDecodeError("malformed depth frame: data is not an object", field="data", frame=frame)
    if "lastUpdateId" in obj and "e" not in obj:
        for key in ("bids", "asks"):
            if key not in obj:
                raise FrameDecodeError("depth frame without a mandatory field", field=key, frame=frame)
        return partial_cls(_int(obj["lastUpdateId"], "lastUpdateId", frame), _levels(obj["bids"], "bids", frame, number),
                           _levels(obj["asks"], "asks", frame, number), "depth",
                           _str(obj["s"], "s", frame) if "s" in obj else None), stream
    for key in ("E", "s", "U", "u", "b", "a", "e"):
        if key not in obj:
            raise FrameDecodeError("depth frame without a mandatory field", field=key, frame=frame)
    event = depth_cls(
        _str(obj["e"], "e", frame), _int(obj["E"], "E", frame), _str(obj["s"], "s", frame),
        _int(obj["U"], "U", frame), _int(obj["u"], "u", frame), _levels(obj["b"], "b", frame, number),
        _levels(obj["a"], "a", frame, number), _int(obj["pu"], "pu", frame) if "pu" in obj else -1,
        _int(obj["T"], "T", frame) if "T" in obj else None, _str(obj["ps"], "ps", frame) if "ps" in obj else None,
    )
    return event, stream


def parse_levels(text: Any) -> np.ndarray:
    """Reference of _frames.parse_levels."""
    return _levels(_loads(text), None, text)  # type: ignore[arg-type]


def sniff(frame: Any) -> tuple[int, str | None]:
    """Reference of _frames.sniff (reads the whole frame, where the kernel reads its first key)."""
    try:
        obj = json.loads(frame)
    except (ValueError, UnicodeDecodeError):
        return KIND_UNKNOWN, None
    array = isinstance(obj, list)
    if array:
        if not obj or not isinstance(obj[0], dict):
            return KIND_UNKNOWN, None
        obj = obj[0]
    if not isinstance(obj, dict) or not obj:
        return KIND_UNKNOWN, None
    first = next(iter(obj))
    if first == "e" and isinstance(obj["e"], str):
        return (KIND_ARRAY if array else KIND_EVENT), obj["e"]
    if array:
        return KIND_ARRAY, None
    if first == "stream" and isinstance(obj["stream"], str):
        return KIND_COMBINED, obj["stream"]
    if first == "u":
        return KIND_BOOK_TICKER, None
    if first == "lastUpdateId":
        return KIND_PARTIAL_DEPTH, None
    if first in ("event", "subscriptionId"):
        return KIND_API_EVENT, None
    if first in ("result", "id", "code", "status"):
        return KIND_REPLY, None
    return KIND_UNKNOWN, None


def decode_reference(frame: Any, types: dict[str, type], number: Callable[[str], Any] = float) -> Any:
    """The whole of streams.decode done the plain way: ``json.loads``, then ``msgspec.convert`` per event type.

    ``types`` is a product's event table (binance_fast.models.EVENT_TYPES[product]). Tests hold the compiled
    route against this one.
    """
    import msgspec

    obj = _loads(frame)
    if isinstance(obj, dict) and "stream" in obj and "data" in obj:
        obj = obj["data"]
    if isinstance(obj, dict) and isinstance(obj.get("event"), dict):
        obj = obj["event"]
    if isinstance(obj, list):
        return [decode_reference(json.dumps(item), types, number) for item in obj]
    if not isinstance(obj, dict):
        raise FrameDecodeError("frame is not an object", frame=frame)
    if "result" in obj or "id" in obj and "e" not in obj:
        return obj
    if "e" in obj:
        event_type = obj["e"]
    elif "lastUpdateId" in obj:
        event_type = "depth"
    elif "u" in obj and "b" in obj:
        event_type = "bookTicker"
    else:
        raise FrameDecodeError("frame without an event type", field="e", frame=frame)
    if event_type in ("depthUpdate", "depth"):
        return decode_depth(json.dumps(obj), types.get("depthUpdate") or types["depth"],
                            types.get("depth") or types["depthUpdate"], number)[0]
    cls = types.get(event_type)
    if cls is None:
        raise FrameDecodeError(f"unknown event type {event_type!r}", field="e", frame=frame)
    try:
        return msgspec.convert(obj, cls, strict=False)
    except msgspec.ValidationError as exc:
        raise FrameDecodeError(f"malformed {cls.__name__} frame: {exc}", frame=frame) from None


DEPTH = object()  # marks the depth decoder in a Dispatcher's tables


class Dispatcher:
    """Reference of _frames.Dispatcher: routes a frame to its decoder from its first key."""

    def __init__(self, by_event: dict, by_stream: dict, by_stream_direct: dict, slow: Callable, on_error: Callable,
                 depth_cls: type, partial_cls: type, error_type: type[BaseException]):
        self.by_event, self.by_stream, self.by_stream_direct = by_event, by_stream, by_stream_direct
        self.slow, self.on_error = slow, on_error
        self.depth_cls, self.partial_cls, self.error_type = depth_cls, partial_cls, error_type

    def clear_cache(self) -> None:
        """Nothing to forget: the reference reads the tables every time."""

    def __call__(self, frame: Any) -> Any:
        return self.decode(frame)

    def decode(self, frame: Any) -> Any:
        """One frame to its event."""
        kind, name = sniff(frame)
        if kind == KIND_EVENT:
            fn = self.by_event.get(name)
            if fn is not None:
                if fn is DEPTH:
                    return decode_depth(frame, self.depth_cls, self.partial_cls)[0]
                try:
                    return fn(frame)
                except self.error_type as exc:
                    return self.on_error(frame, exc, name)
        elif kind == KIND_COMBINED:
            fn = self.by_stream.get(name)
            if fn is not None:
                obj = json.loads(frame)
                if list(obj)[:2] != ["stream", "data"]:
                    return self.slow(frame, KIND_UNKNOWN, None)
                try:
                    return fn(json.dumps(obj["data"], separators=(",", ":")))
                except self.error_type as exc:
                    return self.on_error(frame, exc, name)
            fn = self.by_stream_direct.get(name)
            if fn is not None:
                if fn is DEPTH:
                    return decode_depth(frame, self.depth_cls, self.partial_cls)[0]
                return fn(frame)
        elif kind == KIND_BOOK_TICKER:
            fn = self.by_event.get("bookTicker")
            if fn is not None:
                try:
                    return fn(frame)
                except self.error_type as exc:
                    return self.on_error(frame, exc, "bookTicker")
        elif kind == KIND_PARTIAL_DEPTH and self.by_event.get("depth") is DEPTH:
            return decode_depth(frame, self.depth_cls, self.partial_cls)[0]
        return self.slow(frame, kind, name)


class Guarded:
    """Reference of _frames.Guarded."""

    def __init__(self, fn: Callable, on_error: Callable, error_type: type[BaseException], name: str):
        self.fn, self.on_error, self.error_type, self.name = fn, on_error, error_type, name

    def decode(self, frame: Any) -> Any:
        """One frame of the known type to its event."""
        try:
            return self.fn(frame)
        except self.error_type as exc:
            return self.on_error(frame, exc, self.name)


class FlatDecoder:
    """Reference of _frames.FlatDecoder: the typed msgspec decoder itself, which the fast path must agree with."""

    def __init__(self, cls: type, fallback: Callable, spec: list, nodefault: Any):
        if len(spec) != len(cls.__struct_fields__):  # type: ignore[attr-defined]
            raise ValueError("spec does not match the class")
        self.cls, self.fallback = cls, fallback

    def decode(self, frame: Any) -> Any:
        """One frame to its event."""
        return self.fallback(frame)

    __call__ = decode


_router_factory: Callable | None = None


def set_router_factory(factory: Callable) -> None:
    """Reference of _frames.set_router_factory."""
    global _router_factory
    _router_factory = factory


def decode(frame: Any, product: str = "spot", *, decimal: bool = False) -> Any:
    """Reference of _frames.decode."""
    if _router_factory is None:
        raise RuntimeError("no router factory installed (binance_fast.streams installs it)")
    return _router_factory(product, bool(decimal)).decode(frame)
