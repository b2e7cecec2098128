"""Compiled stream-frame decoding (src/frames.pyx): depth frames into float64 (n, 2) arrays."""

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
