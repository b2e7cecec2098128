"""FIX-specific errors: session and logon failures, rejects with Binance's ErrorCode, message limits, bad frames.

All derive from ``binance_fast.errors.BinanceError``; the ones carrying an exchange error code also derive from
``BinanceAPIError`` (``status`` is None: FIX has no HTTP status), so a bot's ``except BinanceAPIError`` handler
covers REST, WebSocket API and FIX alike.
"""

from __future__ import annotations

from typing import Any

from ..errors import BinanceAPIError, BinanceError, FrameDecodeError, OrderRejectedError

__all__ = [
    "FixError",
    "FixDecodeError",
    "FixSessionError",
    "FixLogonError",
    "FixConnectionLost",
    "FixMessageLimitError",
    "FixAPIError",
    "FixRejectError",
    "FixOrderRejectedError",
    "FixCancelRejectedError",
    "FixAmendRejectedError",
    "FixMarketDataRejectedError",
]


class FixError(BinanceError):
    """Base of every FIX error."""


class FixDecodeError(FixError, FrameDecodeError):
    """A FIX frame is malformed (BeginString, BodyLength, CheckSum, a tag or a value); ``field`` names the tag."""


class FixSessionError(FixError):
    """The FIX session broke a rule (sequence numbers, unexpected Logout, not logged on)."""


class FixLogonError(FixSessionError):
    """The Logon <A> was refused (bad signature, key, permissions, or connection limits); ``text`` says why."""

    def __init__(self, message: str, *, code: int | None = None, text: str | None = None):
        self.code = code
        self.text = text
        super().__init__(message)


class FixConnectionLost(FixSessionError):
    """The TCP/TLS connection closed or stopped answering (no Heartbeat to a TestRequest)."""


class FixMessageLimitError(FixError):
    """Sending now would breach the session's documented message limit (the exchange would log us out).

    Nothing was sent; ``retry_after`` is the number of seconds until a message slot frees up.
    """

    def __init__(self, message: str, *, limit: int, interval: float, retry_after: float):
        self.limit = limit
        self.interval = interval
        self.retry_after = retry_after
        super().__init__(message)


class FixAPIError(FixError, BinanceAPIError):
    """The exchange answered a FIX request with an error: ``code`` is ErrorCode(25016), ``msg`` is Text(58)."""

    def __init__(self, code: int | None, msg: str, *, message: Any = None):
        self.status = None  # type: ignore[assignment]  # FIX has no HTTP status
        self.code = code
        self.msg = msg
        self.headers = {}
        self.message = message  # the FixMessage that carried the error
        BinanceError.__init__(self, f"code {code}: {msg}" if code is not None else msg)


class FixRejectError(FixAPIError):
    """Reject <3>: the message was invalid (syntax, missing field, unknown symbol, connection limit).

    ``ref_seq_num`` (45), ``ref_tag`` (371), ``ref_msg_type`` (372) and ``reason`` (373, SessionRejectReason).
    """

    def __init__(self, code: int | None, msg: str, *, ref_seq_num: int | None = None, ref_tag: int | None = None,
                 ref_msg_type: str | None = None, reason: int | None = None, message: Any = None):
        self.ref_seq_num = ref_seq_num
        self.ref_tag = ref_tag
        self.ref_msg_type = ref_msg_type
        self.reason = reason
        super().__init__(code, msg, message=message)


class FixOrderRejectedError(FixAPIError, OrderRejectedError):
    """ExecutionReport <8> with ExecType REJECTED, or a rejected ListStatus: the order (list) does not exist."""


class FixCancelRejectedError(FixAPIError):
    """OrderCancelReject <9>, or OrderMassCancelReport <r> with CANCEL_REQUEST_REJECTED."""


class FixAmendRejectedError(FixAPIError):
    """OrderAmendReject <XAR>: the keep-priority amend failed."""


class FixMarketDataRejectedError(FixAPIError):
    """MarketDataRequestReject <Y>; ``reason`` is MDReqRejReason (281)."""

    def __init__(self, code: int | None, msg: str, *, reason: str | None = None, message: Any = None):
        self.reason = reason
        super().__init__(code, msg, message=message)
