"""Plain-Python reference of the signing kernel (src/signing.pyx): same rules, written for clarity.

Tests compare the compiled kernel with this; ``BINANCE_FAST_PURE_PYTHON=1`` makes binance_fast.signing use it.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import time
from collections.abc import Mapping
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import msgspec

_json_encode = msgspec.json.Encoder().encode


def _check_finite(value: Any, key: object) -> None:
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"parameter {key!r}: {value!r} is not a finite number")
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValueError(f"parameter {key!r}: {value!r} is not a finite number")
    if isinstance(value, (list, tuple)):
        for item in value:
            _check_finite(item, key)
    elif isinstance(value, dict):
        for item in value.values():
            _check_finite(item, key)


def expand_float(value: float) -> str:
    """The shortest round-tripping digits of ``value`` (repr), written without an exponent; 1.0 -> '1'."""
    text = repr(float(value))
    if text.endswith(".0"):
        text = text[:-2]
    if "e" not in text:
        return text
    sign = "-" if text.startswith("-") else ""
    mantissa, _, exp_text = text.lstrip("-").partition("e")
    whole, _, frac = mantissa.partition(".")
    digits = whole + frac
    point = len(whole) + int(exp_text)
    if point <= 0:
        return f"{sign}0.{'0' * -point}{digits}"
    if point >= len(digits):
        return f"{sign}{digits}{'0' * (point - len(digits))}"
    return f"{sign}{digits[:point]}.{digits[point:]}"


def format_value(value: Any, key: object = "value") -> str:
    """One parameter value as Binance text, before percent-encoding."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        _check_finite(value, key)
        return expand_float(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, Decimal):
        _check_finite(value, key)
        return format(value, "f")
    if isinstance(value, (list, tuple, dict)):
        _check_finite(value, key)
        try:
            return _json_encode(value).decode("utf-8")
        except (TypeError, ValueError) as exc:
            raise TypeError(f"parameter {key!r}: cannot encode as JSON: {exc}") from None
    raise TypeError(f"parameter {key!r}: unsupported value type {type(value).__name__}")


def _check_key(key: object) -> str:
    if not isinstance(key, str):
        raise TypeError(f"parameter names must be str, got {key!r} ({type(key).__name__})")
    return key


def encode_params(params: Mapping[str, Any]) -> str:
    """Binance's query encoding: insertion order, None dropped, RFC 3986 percent-encoding of UTF-8."""
    return "&".join(
        f"{quote(_check_key(k), safe='')}={quote(format_value(v, k), safe='')}"
        for k, v in params.items()
        if v is not None
    )


class HmacSignerPy:
    """HMAC-SHA256 with the standard library (reference of binance_fast._signing.HmacSigner)."""

    key_type = "HMAC"

    def __init__(self, secret: str | bytes):
        raw = secret.encode("utf-8") if isinstance(secret, str) else bytes(secret)
        if not raw:
            raise ValueError("HMAC secret is empty")
        self._mac = hmac.new(raw, digestmod=hashlib.sha256)

    def __repr__(self) -> str:
        return "HmacSignerPy(secret=<hidden>)"

    def sign(self, payload: str | bytes) -> str:
        mac = self._mac.copy()
        mac.update(payload.encode("utf-8") if isinstance(payload, str) else bytes(payload))
        return mac.hexdigest()


def signed_query(params: Mapping[str, Any], signer: Any, *, timestamp: Any = None, recv_window: Any = None) -> str:
    query = encode_params(params)
    extra: dict[str, Any] = {}
    if recv_window is not None:
        extra["recvWindow"] = recv_window
    extra["timestamp"] = time.time_ns() // 1_000_000 if timestamp is None else timestamp
    tail = encode_params(extra)
    query = f"{query}&{tail}" if query else tail
    return f"{query}&signature={quote(signer.sign(query), safe='')}"


def ws_signature_payload(params: Mapping[str, Any]) -> str:
    return "&".join(
        f"{_check_key(k)}={format_value(params[k], k)}"
        for k in sorted(params)
        if k != "signature" and params[k] is not None
    )
