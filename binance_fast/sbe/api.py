"""SBE faces of the spot REST and WebSocket APIs: request headers / URL parameters, and decoding of the answers.

REST: send ``request_headers()`` (``Accept: application/sbe`` and ``X-MBX-SBE: 3:4``), then
``decode_response(status, headers, body)`` gives the decoded message or raises the typed error of an SBE
``ErrorResponse``. WebSocket API: connect with ``ws_api_params()`` in the URL query; every binary frame is a
``WebSocketResponse`` whose ``result`` holds the answer (``unwrap_ws_response``). See the docs' SBE FAQ.
"""

from __future__ import annotations

import re
import time
import warnings
from collections.abc import Mapping
from typing import Any

from .. import errors
from . import SPOT_SCHEMA_ID, SPOT_SCHEMA_VERSION, decode_spot

SBE_MEDIA_TYPE = "application/sbe"
_SBE_HEADER = re.compile(r"^\s*(\d{1,5}):(\d{1,5})\s*$")


class SbeDeprecationWarning(DeprecationWarning):
    """The server flagged the requested schema as deprecated (``X-MBX-SBE-DEPRECATED`` / ``sbeSchemaIdVersionDeprecated``)."""


def request_headers(schema_id: int = SPOT_SCHEMA_ID, version: int = SPOT_SCHEMA_VERSION, *,
                    json_fallback: bool = False) -> dict[str, str]:
    """Headers asking for SBE. With ``json_fallback`` the server may answer JSON instead of an SBE error
    when SBE is disabled or the schema is unknown (the FAQ's rules)."""
    accept = f"{SBE_MEDIA_TYPE}, application/json" if json_fallback else SBE_MEDIA_TYPE
    return {"Accept": accept, "X-MBX-SBE": format_sbe_header(schema_id, version)}


def format_sbe_header(schema_id: int, version: int) -> str:
    if not (0 <= schema_id <= 65535 and 0 <= version <= 65535):
        raise ValueError(f"schema id and version are uint16, got {schema_id}:{version}")
    return f"{schema_id}:{version}"


def parse_sbe_header(value: str) -> tuple[int, int]:
    """``"3:4"`` -> (3, 4); ValueError (Binance's -1152 INVALID_SBE_HEADER case) for anything else."""
    m = _SBE_HEADER.match(value or "")
    if not m or int(m.group(1)) > 65535 or int(m.group(2)) > 65535:
        raise ValueError(f"invalid X-MBX-SBE header {value!r}; expected <SCHEMA_ID>:<VERSION>")
    return int(m.group(1)), int(m.group(2))


def ws_api_params(schema_id: int = SPOT_SCHEMA_ID, version: int = SPOT_SCHEMA_VERSION) -> dict[str, str]:
    """Query parameters of a WebSocket API connection whose responses are SBE."""
    format_sbe_header(schema_id, version)
    return {"responseFormat": "sbe", "sbeSchemaId": str(schema_id), "sbeSchemaVersion": str(version)}


def is_sbe(headers: Mapping[str, str]) -> bool:
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    return content_type.split(";", 1)[0].strip().lower() == SBE_MEDIA_TYPE


def _header(headers: Mapping[str, str], name: str) -> str | None:
    name = name.lower()
    return next((v for k, v in headers.items() if k.lower() == name), None)


def api_error(status: int, err: Any, headers: Mapping[str, str] | None = None) -> errors.BinanceError:
    """The typed error of a decoded ``ErrorResponse``.

    Its ``retryAfter`` is a UTC timestamp (microseconds) of when to retry; it becomes the seconds-from-now
    ``Retry-After`` header a JSON answer would carry, unless the HTTP answer already has one.
    """
    headers = dict(headers or {})
    if err.retry_after_us is not None and not _header(headers, "retry-after"):
        headers["Retry-After"] = f"{max(0.0, (err.retry_after_us - time.time_ns() // 1000) / 1e6):.3f}"
    make = getattr(errors, "error_from_response", None)
    if make is not None:
        return make(status, err.code, err.msg, headers)
    return errors.BinanceAPIError(status, err.code, err.msg, headers)


def decode_response(status: int, headers: Mapping[str, str], body: bytes, *, mantissas: bool = False) -> Any:
    """The decoded SBE message of a REST answer; raises the typed error for an ``ErrorResponse``.

    A JSON answer (the server fell back, or a handshake-level error) is returned parsed as JSON.
    """
    if not is_sbe(headers):
        import msgspec

        result = msgspec.json.decode(body) if body else None
        if status >= 400:
            code, msg = (result.get("code"), str(result.get("msg", ""))) if isinstance(result, dict) else (None, "")
            raise errors.BinanceAPIError(status, code, msg or f"HTTP {status}", headers)
        return result
    if _header(headers, "x-mbx-sbe-deprecated") is not None:
        warnings.warn(f"SBE schema {SPOT_SCHEMA_ID}:{SPOT_SCHEMA_VERSION} is deprecated by the server",
                      SbeDeprecationWarning, stacklevel=2)
    message = decode_spot(body, mantissas=mantissas)
    if type(message).__name__ == "ErrorResponse":
        raise api_error(status, message, headers)
    return message


def unwrap_ws_response(response: Any) -> Any:
    """The ``result`` of a decoded ``WebSocketResponse``; raises the typed error when it is an ``ErrorResponse``."""
    if type(response).__name__ != "WebSocketResponse":
        raise errors.FrameDecodeError(f"expected a WebSocketResponse, got {type(response).__name__}",
                                      field="templateId")
    if response.sbe_schema_id_version_deprecated:
        warnings.warn("the server flags this SBE schema as deprecated", SbeDeprecationWarning, stacklevel=2)
    result = response.result
    if type(result).__name__ == "ErrorResponse":
        raise api_error(response.status, result)
    return result


def decode_ws_api_frame(frame: bytes | bytearray | memoryview, *, mantissas: bool = False) -> Any:
    """One binary frame of an SBE WebSocket API session: the ``WebSocketResponse`` (id, status, rate limits,
    result), or a user-data event pushed on the session (``ExecutionReportEvent`` and the others)."""
    return decode_spot(frame, mantissas=mantissas)
