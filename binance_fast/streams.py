"""Stream frames to typed events: ``decode(frame, product=...)``, ``StreamDecoder``, and ``decode_batch`` to numpy.

Depth frames go through the compiled scanner (binance_fast._frames) straight into float64 (n, 2) arrays; every
other event through a typed msgspec decoder chosen from the event type (or, in a combined-stream wrapper, from
the stream name, so the frame is read once). ``BINANCE_FAST_NO_EXTENSIONS=1`` (or ``compiled=False``) swaps the
kernel for its plain-Python reference, binance_fast._frames_py.
"""

from __future__ import annotations

import os
import re
import types as _types
import typing
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

import msgspec
import numpy as np

from . import _frames_py
from .errors import FrameDecodeError
from .models import market
from .models.registry import EVENT_TYPES, PRODUCTS

try:
    from . import _frames as _frames_c
except ImportError:  # a checkout without built kernels
    _frames_c = None

__all__ = ["StreamDecoder", "decode", "decode_batch", "event_kind_of_stream", "Reply", "PURE_PYTHON"]

# BINANCE_FAST_NO_EXTENSIONS=1 (the package-wide switch) or BINANCE_FAST_PURE_PYTHON=1: the reference kernel
PURE_PYTHON = "1" in (os.environ.get("BINANCE_FAST_PURE_PYTHON"), os.environ.get("BINANCE_FAST_NO_EXTENSIONS")) \
    or _frames_c is None


class Reply(msgspec.Struct, frozen=True):
    """A reply to a SUBSCRIBE / UNSUBSCRIBE / LIST_SUBSCRIPTIONS request (``result``, or ``error``)."""

    id: int | str | None = None
    result: Any = None
    error: Any = None
    code: int | None = None
    msg: str | None = None


class _Combined(msgspec.Struct):
    stream: str
    data: msgspec.Raw


class _ApiEvent(msgspec.Struct):
    event: msgspec.Raw
    subscriptionId: int | None = None  # noqa: N815 (wire name)


class _Sniff(msgspec.Struct):
    e: str | None = None


# stream name (after the symbol's '@') -> event type, for choosing a typed decoder before reading the frame
_STREAM_KINDS = (
    (re.compile(r"aggTrade$"), "aggTrade"),
    (re.compile(r"trade$"), "trade"),
    (re.compile(r"kline_\w+$"), "kline"),
    (re.compile(r"continuousKline_\w+$"), "continuous_kline"),
    (re.compile(r"indexPriceKline_\w+$"), "indexPrice_kline"),
    (re.compile(r"markPriceKline_\w+$"), "markPrice_kline"),
    (re.compile(r"bookTicker$"), "bookTicker"),
    (re.compile(r"miniTicker$"), "24hrMiniTicker"),
    (re.compile(r"ticker$"), "24hrTicker"),
    (re.compile(r"ticker_(1h|4h|1d)$"), "rolling"),
    (re.compile(r"avgPrice$"), "avgPrice"),
    (re.compile(r"depth(@\d+ms)?$"), "depthUpdate"),
    (re.compile(r"depth(5|10|20)(@\d+ms)?$"), "partialDepth"),
    (re.compile(r"markPrice(@1s)?$"), "markPriceUpdate"),
    (re.compile(r"indexPrice(@1s)?$"), "indexPriceUpdate"),
    (re.compile(r"forceOrder$"), "forceOrder"),
    (re.compile(r"compositeIndex$"), "compositeIndex"),
    (re.compile(r"contractInfo$"), "contractInfo"),
)


def event_kind_of_stream(stream: str) -> str | None:
    """The event type a market stream carries (``btcusdt@depth@100ms`` -> ``depthUpdate``), None if unknown.

    ``partialDepth`` for ``@depth<levels>`` (spot sends a partial-depth object, futures a depthUpdate) and
    ``rolling`` for the rolling-window tickers; arrays (``!ticker@arr``) and user-data streams give None.
    """
    at = stream.find("@")
    if at < 0 or stream.endswith("@arr") or stream.startswith("!"):
        return None
    rest = stream[at + 1:]
    for pattern, kind in _STREAM_KINDS:
        if pattern.match(rest):
            return kind
    return None


_FLAT_KINDS = {int: 0, float: 1, str: 2, bool: 3}


def flat_spec(cls: type) -> list[tuple[bytes, int, bool, Any]] | None:
    """The field table of a flat event Struct for the kernel's FlatDecoder, None if a field is not a plain scalar.

    One ``(wire key, kind, nullable, default)`` per field, kind 0 int, 1 float, 2 str, 3 bool (optional ones
    ``X | None``); classes with tags, array layout, unknown-field checks, factories or ``__post_init__`` keep
    msgspec's own decoder.
    """
    config = cls.__struct_config__  # type: ignore[attr-defined]
    if config.tag is not None or config.array_like or config.forbid_unknown_fields \
            or getattr(cls, "__post_init__", None) is not None:
        return None
    spec = []
    for f in msgspec.structs.fields(cls):  # type: ignore[arg-type]
        tp, nullable = f.type, False
        if typing.get_origin(tp) in (typing.Union, _types.UnionType):
            args = typing.get_args(tp)
            rest = [a for a in args if a is not type(None)]
            if len(args) != 2 or len(rest) != 1:
                return None
            tp, nullable = rest[0], True
        kind = _FLAT_KINDS.get(tp) if isinstance(tp, type) else None
        if kind is None or f.default_factory is not msgspec.NODEFAULT:
            return None
        spec.append((f.encode_name.encode(), kind, nullable, f.default))
    return spec


def _error_field(message: str) -> str | None:
    """The wire path in a msgspec error message (``... - at `$.data.p` `` -> ``data.p``)."""
    m = re.search(r"missing required field `([^`]+)`(?: - at `\$\.?([^`]*)`)?", message)
    if m:
        return f"{m.group(2)}.{m.group(1)}" if m.group(2) else m.group(1)
    m = re.search(r"at `\$\.?([^`]*)`", message)
    return m.group(1) or None if m else None


def _readable(cls: type | None, path: str | None) -> str | None:
    """A wire path (``o.q``) as the model's attribute path (``order.quantity (o.q)``) where it resolves."""
    if path is None or cls is None:
        return path
    names = []
    current: Any = cls
    for part in re.split(r"\.|\[\d+\]", path):
        if not part:
            continue
        info = None
        if isinstance(current, type) and issubclass(current, msgspec.Struct):
            info = next((f for f in msgspec.structs.fields(current) if f.encode_name == part), None)
        if info is None:
            return path
        names.append(info.name)
        current = _struct_in(info.type)
    return f"{'.'.join(names)} ({path})"


def _struct_in(tp: Any) -> Any:
    if isinstance(tp, type) and issubclass(tp, msgspec.Struct):
        return tp
    for arg in getattr(tp, "__args__", ()):
        found = _struct_in(arg)
        if found is not None:
            return found
    return None


class StreamDecoder:
    """Decodes the frames of one product's streams into its event models.

    ``decode(frame)`` returns one event (a list of events for array streams such as ``!ticker@arr``, a
    :class:`Reply` for subscription replies). ``decimal=True`` gives Decimal prices (depth levels then come
    as object arrays of Decimal). Malformed frames raise FrameDecodeError naming the field and carrying the
    frame. The routing from event type / stream name to decoder runs in the compiled kernel; the tables it
    reads are filled here on first sight of each event type or stream.
    """

    decode: Callable[[bytes | str | bytearray | memoryview], Any]

    def __init__(self, product: str = "spot", *, decimal: bool = False, compiled: bool | None = None):
        if product not in PRODUCTS:
            raise ValueError(f"unknown product {product!r}; one of {', '.join(PRODUCTS)}")
        self.product = product
        self.decimal = decimal
        self.compiled = (not PURE_PYTHON) if compiled is None else compiled
        if self.compiled and _frames_c is None:
            raise RuntimeError("binance_fast._frames is not built: python setup.py build_ext --inplace")
        self._kernel = _frames_c if self.compiled else _frames_py
        if decimal:
            from .models.decimal import EVENT_TYPES as types
        else:
            types = EVENT_TYPES
        self.types: dict[str, type] = types[product]
        self._depth_cls = self.types.get("depthUpdate", market.DepthUpdate)
        self._partial_cls = self.types.get("depth", market.PartialDepth)
        self._by_event: dict[str, Any] = {}
        self._by_stream: dict[str, Any] = {}
        self._by_stream_direct: dict[str, Any] = {}
        self._cls_of: dict[str, type] = {}  # event type or stream name -> the class its errors are named from
        self._reply = msgspec.json.Decoder(Reply)
        self._combined = msgspec.json.Decoder(_Combined)
        self._api_event = msgspec.json.Decoder(_ApiEvent)
        self._sniff = msgspec.json.Decoder(_Sniff)
        # the hot path: a compiled router over the tables above
        self._router = self._kernel.Dispatcher(
            self._by_event, self._by_stream, self._by_stream_direct, self._slow_path, self._on_error,
            self._depth_cls, self._partial_cls, msgspec.DecodeError)
        self.decode = self._router.decode

    # -- building the tables on first sight ------------------------------------------------------------------------
    def _decode_depth(self, frame: Any) -> tuple[Any, str | None]:
        if self.decimal:
            return _frames_py.decode_depth(frame, self._depth_cls, self._partial_cls, Decimal)
        return self._kernel.decode_depth(frame, self._depth_cls, self._partial_cls)

    def _depth(self, frame: Any) -> Any:
        return self._decode_depth(frame)[0]

    def _event_entry(self, event_type: str) -> Any:
        if event_type in ("depthUpdate", "depth"):
            return self._depth if self.decimal else self._kernel.DEPTH
        cls = self.types.get(event_type)
        if cls is None:
            return None
        self._cls_of[event_type] = cls
        return self._typed(cls)

    def _typed(self, cls: type) -> Any:
        """The typed decoder of one event class: the kernel's one-pass FlatDecoder where the class is flat."""
        fallback = msgspec.json.Decoder(cls, strict=False).decode
        spec = flat_spec(cls)
        if spec is None or len(spec) > 64:  # the kernel's limit
            return fallback
        return self._kernel.FlatDecoder(cls, fallback, spec, msgspec.NODEFAULT)

    def _stream_entry(self, stream: str) -> None:
        """Files the decoder of a combined stream: typed in one pass when the name tells the event type."""
        if len(self._by_stream) + len(self._by_stream_direct) > 100_000:  # bounded, whatever the caller sends
            self._by_stream.clear()
            self._by_stream_direct.clear()
            self._router.clear_cache()
        kind = event_kind_of_stream(stream)
        cls = self.types.get("1hTicker" if kind == "rolling" else kind) if kind else None
        if kind == "partialDepth":
            self._by_stream_direct[stream] = self._depth_symbol
        elif kind == "depthUpdate":
            self._by_stream_direct[stream] = self._depth if self.decimal else self._kernel.DEPTH
        elif cls is not None:
            # the router hands the decoder the data object in place; errors are named from the wrapper
            self._cls_of[stream] = msgspec.defstruct(f"{cls.__name__}Frame", [("stream", str), ("data", cls)])
            self._by_stream[stream] = self._typed(cls)
        else:
            self._by_stream_direct[stream] = self._combined_generic

    def _depth_symbol(self, frame: Any) -> Any:
        event, stream = self._decode_depth(frame)
        if stream and getattr(event, "symbol", True) is None:
            # spot partial depth carries no symbol: take it from the stream name
            event = msgspec.structs.replace(event, symbol=stream.split("@", 1)[0].upper())
        return event

    def _combined_generic(self, frame: Any) -> Any:
        try:
            data = self._combined.decode(frame).data
        except msgspec.DecodeError as exc:
            raise FrameDecodeError(f"malformed combined-stream frame: {exc}", field="data", frame=frame) from None
        return self._inner(frame, data, "data")

    def _on_error(self, frame: Any, exc: Exception, name: str) -> Any:
        cls = self._cls_of.get(name)
        message = str(exc)
        path = _error_field(message)
        if name in self._by_stream:  # decoded in place: the path is inside "data"
            path = f"data.{path}" if path else "data"
        raise FrameDecodeError(f"malformed {getattr(cls, '__name__', 'frame')} frame: {message}",
                               field=_readable(cls, path), frame=frame) from None

    def _slow_path(self, frame: Any, kind: int, name: str | None) -> Any:
        """Everything the router does not know yet or does not route (replies, arrays, wrappers, odd frames)."""
        if kind == 1:  # {"e": ...} of a type not seen yet
            entry = self._event_entry(name)  # type: ignore[arg-type]
            if entry is None:
                raise FrameDecodeError(f"unknown {self.product} event type {name!r}", field="e", frame=frame)
            self._by_event[name] = entry  # type: ignore[index]
            return self.decode(frame)
        if kind == 2:  # {"stream": ..., "data": ...} of a stream not seen yet
            self._stream_entry(name)  # type: ignore[arg-type]
            return self.decode(frame)
        if kind == 6:
            if "bookTicker" not in self._by_event:  # filed for the router's next frames
                self._by_event["bookTicker"] = self._event_entry("bookTicker")
            return self._named_event("bookTicker", frame)
        if kind == 7:
            if "depth" not in self._by_event:
                self._by_event["depth"] = self._event_entry("depth")
            return self._depth(frame)
        if kind == 5:
            return self._array(frame, name)
        if kind == 3:
            try:
                inner = self._api_event.decode(frame).event
            except msgspec.DecodeError as exc:
                raise FrameDecodeError(f"malformed WebSocket API event: {exc}", field="event", frame=frame) from None
            return self._inner(frame, inner, "event")
        if kind == 4:
            try:
                return self._reply.decode(frame)
            except msgspec.DecodeError as exc:
                raise FrameDecodeError(f"malformed reply: {exc}", frame=frame) from None
        return self._slow(frame)

    def _named_event(self, event_type: str, frame: Any) -> Any:
        fn = self._by_event.get(event_type)
        if fn is None:
            fn = self._by_event[event_type] = self._event_entry(event_type)
        if fn is self._kernel.DEPTH:
            return self._depth(frame)
        try:
            return fn(frame)
        except msgspec.DecodeError as exc:
            return self._on_error(frame, exc, event_type)

    def _inner(self, frame: Any, inner: msgspec.Raw, prefix: str) -> Any:
        """Decodes the payload of a wrapper; errors carry the whole frame and the field's path in it."""
        try:
            return self.decode(bytes(inner))
        except FrameDecodeError as exc:
            field = f"{prefix}.{exc.field}" if exc.field else prefix
            raise FrameDecodeError(str(exc).split(" (field ")[0], field=field, frame=frame) from None

    def _array(self, frame: Any, event_type: str | None) -> list[Any]:
        if event_type is None:
            try:
                items = msgspec.json.decode(frame, type=list[msgspec.Raw])
            except msgspec.DecodeError as exc:
                raise FrameDecodeError(f"malformed array frame: {exc}", frame=frame) from None
            return [self._inner(frame, item, f"[{i}]") for i, item in enumerate(items)]
        key = "[]" + event_type
        fn = self._by_event.get(key)
        if fn is None:
            cls = self.types.get(event_type)
            if cls is None:
                raise FrameDecodeError(f"unknown {self.product} event type {event_type!r}", field="e", frame=frame)
            self._cls_of[key] = cls
            fn = self._by_event[key] = msgspec.json.Decoder(list[cls], strict=False).decode
        try:
            return fn(frame)
        except msgspec.DecodeError as exc:
            return self._on_error(frame, exc, key)

    def _slow(self, frame: Any) -> Any:
        """Frames whose first key says nothing (``e`` not first): find ``e`` with a full parse."""
        try:
            sniffed = self._sniff.decode(frame)
        except msgspec.DecodeError as exc:
            raise FrameDecodeError(f"malformed frame: {exc}", frame=frame) from None
        if sniffed.e is None:
            raise FrameDecodeError("frame without an event type", field="e", frame=frame)
        if sniffed.e not in self.types and sniffed.e not in ("depthUpdate", "depth"):
            raise FrameDecodeError(f"unknown {self.product} event type {sniffed.e!r}", field="e", frame=frame)
        return self._named_event(sniffed.e, frame)

    def decode_batch(self, frames: Iterable[bytes | str], *, errors: str = "raise") -> dict[str, np.ndarray]:
        """Many frames into one numpy structured array per event type (see :func:`decode_batch`)."""
        return decode_batch(frames, product=self.product, errors=errors, decoder=self)

    def decoder_for(self, event_type: str) -> Callable[[Any], Any]:
        """The decoder of plain frames of one known event type (a raw ``/ws/<stream>`` connection), no routing.

        Same results as ``decode`` for those frames, minus the few tens of ns spent finding the type; malformed
        frames still raise FrameDecodeError naming the field.
        """
        entry = self._event_entry(event_type)
        if entry is None:
            raise KeyError(f"no {self.product} event type {event_type!r}")
        if entry is self._kernel.DEPTH:
            depth_cls, partial_cls, kernel = self._depth_cls, self._partial_cls, self._kernel
            return lambda frame: kernel.decode_depth(frame, depth_cls, partial_cls)[0]
        return self._kernel.Guarded(entry, self._on_error, msgspec.DecodeError, event_type).decode


_decoders: dict[tuple[str, bool], StreamDecoder] = {}


def _decoder(product: str, decimal: bool) -> StreamDecoder:
    decoder = _decoders.get((product, decimal))
    if decoder is None:
        decoder = _decoders[(product, decimal)] = StreamDecoder(product, decimal=decimal)
    return decoder


def _decode(frame: bytes | str | bytearray | memoryview, product: str = "spot", *, decimal: bool = False) -> Any:
    """One stream frame of ``product`` to its typed event (see StreamDecoder)."""
    return _decoder(product, decimal).decode(frame)


def _router(product: str, decimal: bool) -> Any:
    return _decoder(product, decimal)._router


# the compiled one goes from the call straight to the product's router (no Python frame, no tuple key)
decode: Callable[..., Any] = _decode
if not PURE_PYTHON:
    _frames_c.set_router_factory(_router)
    decode = _frames_c.decode


# -- batch decoding into numpy ------------------------------------------------------------------------------------

_SCALAR_DTYPES = {int: "i8", float: "f8", bool: "?", Decimal: "O"}


def _scalar_dtype(tp: Any) -> str | None:
    if tp in _SCALAR_DTYPES:
        return _SCALAR_DTYPES[tp]
    if tp is str:
        return "O"
    args = [a for a in getattr(tp, "__args__", ()) if a is not type(None)]
    if len(args) == 1:
        base = _scalar_dtype(args[0])
        # an optional int or bool may be absent: keep it as object so None survives
        return "f8" if base == "f8" else ("O" if base else None)
    return None


def _columns(cls: type, prefix: str = "") -> list[tuple[str, str, tuple[str, ...]]]:
    """(column, dtype, attribute path) of every scalar field, nested records flattened as ``kline_open``."""
    import typing

    hints = typing.get_type_hints(cls)
    cols = []
    for info in msgspec.structs.fields(cls):
        tp = hints[info.name]
        dtype = _scalar_dtype(tp)
        if dtype is not None:
            cols.append((prefix + info.name, dtype, (info.name,)))
        elif isinstance(tp, type) and issubclass(tp, msgspec.Struct):
            cols.extend((col, dt, (info.name, *path)) for col, dt, path in _columns(tp, f"{info.name}_"))
    return cols


_DEPTH_DTYPE = np.dtype([("event_time", "i8"), ("symbol", "O"), ("final_update_id", "i8"), ("side", "i1"),
                         ("price", "f8"), ("quantity", "f8")])


def decode_batch(frames: Iterable[bytes | str], product: str = "spot", *, errors: str = "raise",
                 decoder: StreamDecoder | None = None) -> dict[str, np.ndarray]:
    """Decodes many frames (a recording, a capture) into one numpy structured array per event type.

    Keys are event types (``trade``, ``kline``, ``bookTicker``, ...). Scalar fields become columns (nested
    records flattened: ``kline_open``); strings are object columns. Depth (``depthUpdate`` and ``depth``)
    becomes one row per level: event_time, symbol, final_update_id (last_update_id for partial depth),
    side (0 bid, 1 ask), price, quantity. ``errors="skip"`` drops malformed frames instead of raising;
    subscription replies are always dropped.
    """
    decoder = decoder or StreamDecoder(product)
    groups: dict[str, list[Any]] = {}
    for frame in frames:
        try:
            event = decoder.decode(frame)
        except FrameDecodeError:
            if errors == "skip":
                continue
            raise
        for ev in event if isinstance(event, list) else (event,):
            if isinstance(ev, Reply):
                continue
            groups.setdefault(ev.event_type, []).append(ev)
    out: dict[str, np.ndarray] = {}
    for event_type, events in groups.items():
        first = events[0]
        if isinstance(first, (market.DepthUpdate, market.PartialDepth)):
            out[event_type] = _depth_rows(events)
            continue
        cols = _columns(type(first))
        arr = np.empty(len(events), dtype=[(c, dt) for c, dt, _ in cols])
        for name, dt, path in cols:
            values = []
            for ev in events:
                v: Any = ev
                for attr in path:
                    v = getattr(v, attr) if v is not None else None
                values.append(np.nan if v is None and dt == "f8" else v)
            arr[name] = values
        out[event_type] = arr
    return out


def _depth_rows(events: list[Any]) -> np.ndarray:
    n = sum(len(ev.bids) + len(ev.asks) for ev in events)
    rows = np.empty(n, dtype=_DEPTH_DTYPE)
    i = 0
    for ev in events:
        partial = isinstance(ev, market.PartialDepth)
        uid = ev.last_update_id if partial else ev.final_update_id
        etime = -1 if partial else ev.event_time
        for side, levels in ((0, ev.bids), (1, ev.asks)):
            k = len(levels)
            if not k:
                continue
            block = rows[i:i + k]
            block["event_time"] = etime
            block["symbol"] = ev.symbol
            block["final_update_id"] = uid
            block["side"] = side
            block["price"] = np.asarray(levels[:, 0], dtype=np.float64)
            block["quantity"] = np.asarray(levels[:, 1], dtype=np.float64)
            i += k
    return rows
