"""Every error binance_fast raises, as types a bot can tell apart."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class BinanceError(Exception):
    """Base of every error raised by binance_fast."""


class BinanceAPIError(BinanceError):
    """The exchange answered with an error: HTTP status, Binance error code and message."""

    def __init__(self, status: int, code: int | None, msg: str, headers: Mapping[str, str] | None = None):
        self.status = status
        self.code = code
        self.msg = msg
        self.headers = dict(headers or {})
        super().__init__(f"HTTP {status}, code {code}: {msg}")


class RateLimitError(BinanceAPIError):
    """HTTP 429: a request limit was exceeded; wait ``retry_after`` seconds."""

    def __init__(self, status: int, code: int | None, msg: str, headers: Mapping[str, str] | None = None,
                 retry_after: float | None = None):
        super().__init__(status, code, msg, headers)
        self.retry_after = retry_after


class IPBannedError(RateLimitError):
    """HTTP 418: the IP is banned for continuing past a 429."""


class InvalidSignatureError(BinanceAPIError):
    """Code -1022: the signature did not match the payload."""


class TimestampError(BinanceAPIError):
    """Code -1021: the timestamp is outside recvWindow (clock drift)."""


class OrderRejectedError(BinanceAPIError):
    """Code -2010 (and the other order rejections): the order was refused; it does not exist."""


class UnknownOutcomeError(BinanceError):
    """A request that changes state timed out or got a 5xx: it may or may not have been executed.

    Never retried blindly; query the order by ``client_order_id`` to learn its fate.
    """

    def __init__(self, message: str, *, client_order_id: str | None = None, request: Any = None,
                 cause: BaseException | None = None):
        self.client_order_id = client_order_id
        self.request = request
        self.cause = cause
        super().__init__(message)


class FrameDecodeError(BinanceError, ValueError):
    """A stream frame could not be decoded; ``field`` names the offending field, ``frame`` holds the raw bytes."""

    def __init__(self, message: str, *, field: str | None = None, frame: bytes | str | None = None):
        self.field = field
        self.frame = frame
        super().__init__(message if field is None else f"{message} (field {field!r})")


class SequenceGap(BinanceError):
    """A depth update does not follow the previous one; the book is now out of sync."""

    def __init__(self, expected: int, got: int, message: str | None = None):
        self.expected = expected
        self.got = got
        super().__init__(message or f"depth sequence gap: expected {expected}, got {got}")


class BookOutOfSync(BinanceError):
    """The local order book is not synchronised; reading it would give stale data."""
