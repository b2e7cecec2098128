"""Compiled stream-frame decoding (src/frames.pyx): depth frames into float64 (n, 2) arrays."""

from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt

KIND_UNKNOWN: int
KIND_EVENT: int
KIND_COMBINED: int
KIND_API_EVENT: int
KIND_REPLY: int
KIND_ARRAY: int
KIND_BOOK_TICKER: int
KIND_PARTIAL_DEPTH: int

def decode_depth(frame: bytes | str | bytearray | memoryview, depth_cls: type, partial_cls: type) -> tuple[Any, str | None]: ...
def parse_levels(text: bytes | str) -> npt.NDArray[np.float64]: ...
def parse_decimal(text: bytes | str) -> float: ...
def sniff(frame: bytes | str | bytearray | memoryview) -> tuple[int, str | None]: ...

DEPTH: object

class Dispatcher:
    """Routes each frame to its decoder from its first key (event type or combined stream name)."""

    def __init__(self, by_event: dict[str, Any], by_stream: dict[str, Any], by_stream_direct: dict[str, Any],
                 slow: Callable[[Any, int, str | None], Any], on_error: Callable[[Any, Exception, str], Any],
                 depth_cls: type, partial_cls: type, error_type: type[BaseException]) -> None: ...
    def decode(self, frame: bytes | str | bytearray | memoryview) -> Any: ...
    def __call__(self, frame: bytes | str | bytearray | memoryview) -> Any: ...
    def clear_cache(self) -> None: ...

class Guarded:
    """One known decoder whose errors become FrameDecodeError."""

    def __init__(self, fn: Callable[[Any], Any], on_error: Callable[[Any, Exception, str], Any],
                 error_type: type[BaseException], name: str) -> None: ...
    def decode(self, frame: bytes | str | bytearray | memoryview) -> Any: ...

class FlatDecoder:
    """One flat event Struct decoded in one pass; declined frames go to ``fallback`` (msgspec)."""

    cls: type
    fallback: Callable[[Any], Any]

    def __init__(self, cls: type, fallback: Callable[[Any], Any], spec: list[tuple[bytes, int, bool, Any]],
                 nodefault: Any) -> None: ...
    def decode(self, frame: bytes | str | bytearray | memoryview) -> Any: ...
    def __call__(self, frame: bytes | str | bytearray | memoryview) -> Any: ...

def set_router_factory(factory: Callable[[str, bool], Dispatcher]) -> None: ...
def decode(frame: bytes | str | bytearray | memoryview, product: str = "spot", *, decimal: bool = False) -> Any: ...
