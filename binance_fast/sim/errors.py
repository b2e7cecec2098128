"""The simulator's error answers: HTTP status + Binance code + message, exactly as the exchange words them."""

from __future__ import annotations


class SimError(Exception):
    """Raised inside a handler; the app turns it into ``{"code": ..., "msg": ...}`` with ``status``."""

    def __init__(self, code: int, msg: str, status: int = 400, headers: dict[str, str] | None = None):
        super().__init__(f"{code}: {msg}")
        self.code = code
        self.msg = msg
        self.status = status
        self.headers = headers or {}


def mandatory(name: str) -> SimError:
    return SimError(-1102, f"Mandatory parameter '{name}' was not sent, was empty/null, or malformed.")


def bad_symbol() -> SimError:
    return SimError(-1121, "Invalid symbol.")


def filter_failure(name: str) -> SimError:
    return SimError(-1013, f"Filter failure: {name}")


def order_rejected(msg: str) -> SimError:
    return SimError(-2010, msg)


def illegal_value(name: str, value: str) -> SimError:
    return SimError(-1100, f"Illegal characters found in parameter '{name}'; legal range is '{value}'.")


INVALID_SIGNATURE = (-1022, "Signature for this request is not valid.")
BAD_KEY_FORMAT = (-2014, "API-key format invalid.")
REJECTED_KEY = (-2015, "Invalid API-key, IP, or permissions for action.")
OUTSIDE_RECV_WINDOW = (-1021, "Timestamp for this request is outside of the recvWindow.")
AHEAD_OF_SERVER = (-1021, "Timestamp for this request was 1000ms ahead of the server's time.")
NO_SUCH_ORDER = (-2013, "Order does not exist.")
UNKNOWN_ORDER = (-2011, "Unknown order sent.")
