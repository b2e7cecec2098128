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


class CancelRejectedError(BinanceAPIError):
    """Code -2011: the cancel (or cancel-replace) was refused; the order may still be live."""


class OrderNotFoundError(BinanceAPIError):
    """Code -2013: no such order (never placed, or archived)."""


class AuthenticationError(BinanceAPIError):
    """Codes -2014 / -2015 / -2008 / -1002: bad API key format, rejected key, IP or permissions."""


class InvalidParameterError(BinanceAPIError):
    """Codes -1100 to -1199: the request's parameters were malformed or did not fit together."""


class ClientRateLimitError(RateLimitError):
    """Raised by the client-side limiter *before sending*: the call would exceed a limit (status 0).

    ``retry_after`` says when the window frees up. Nothing was sent.
    """


class TransportError(BinanceError):
    """The request could not be sent or no answer came (connect failure, reset, timeout) on a call
    whose outcome does not matter (a read); state-changing calls raise UnknownOutcomeError instead."""

    def __init__(self, message: str, *, cause: BaseException | None = None):
        self.cause = cause
        super().__init__(message)


class UnknownOutcomeError(BinanceError):
    """A request that changes state timed out or got a 5xx: it may or may not have been executed.

    Never retried blindly; query the order by ``client_order_id`` to learn its fate.
    """

    def __init__(self, message: str, *, client_order_id: str | None = None, request: Any = None,
                 cause: BaseException | None = None, client_order_ids: tuple[str, ...] = (),
                 status: int | None = None):
        self.client_order_id = client_order_id
        # every client order id of the request (batch orders carry several)
        self.client_order_ids = client_order_ids or ((client_order_id,) if client_order_id else ())
        self.request = request
        self.cause = cause
        self.status = status
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


# Binance error code -> the class a bot must tell apart (the rest are plain BinanceAPIError)
ERROR_CODES: dict[int, type[BinanceAPIError]] = {
    -1002: AuthenticationError,
    -1003: RateLimitError,
    -1015: RateLimitError,
    -1021: TimestampError,
    -1022: InvalidSignatureError,
    -1013: OrderRejectedError,      # filter failure on a new order
    -2008: AuthenticationError,
    -2010: OrderRejectedError,
    -2011: CancelRejectedError,
    -2013: OrderNotFoundError,
    -2014: AuthenticationError,
    -2015: AuthenticationError,
    # futures order rejections: margin, would trigger, reduce-only, max position, FOK / post-only, notional
    **{code: OrderRejectedError for code in (-2018, -2019, -2020, -2021, -2022, -2024, -2025, -2027, -2028,
                                             -4164, -5021, -5022, -5028)},
}


def error_from_response(status: int, code: int | None, msg: str, headers: Mapping[str, str] | None = None
                        ) -> BinanceAPIError:
    """The typed error for an HTTP error answer: 418 / 429 first (they carry Retry-After), then the code."""
    if status == 418 or status == 429:
        retry_after = None
        if headers:
            value = headers.get("Retry-After") or headers.get("retry-after")
            if value is not None:
                try:
                    retry_after = float(value)
                except ValueError:
                    retry_after = None
        cls: type[RateLimitError] = IPBannedError if status == 418 else RateLimitError
        return cls(status, code, msg, headers, retry_after=retry_after)
    cls2 = ERROR_CODES.get(code) if code is not None else None
    if cls2 is None and code is not None and -1199 <= code <= -1100:
        cls2 = InvalidParameterError
    if cls2 is RateLimitError:
        return RateLimitError(status, code, msg, headers)
    return (cls2 or BinanceAPIError)(status, code, msg, headers)
