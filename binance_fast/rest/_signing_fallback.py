"""Plain-Python stand-in for ``binance_fast.signing`` (same API, CONTRACTS.md) until the compiled one is there."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from decimal import Decimal
from typing import Any
from urllib.parse import quote

_SAFE = "-_.~"


def _value(v: Any) -> str:
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, str):
        return v
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return format(Decimal(repr(v)), "f")
    if isinstance(v, Decimal):
        return format(v, "f")
    if isinstance(v, (list, tuple, dict)):
        return json.dumps(v, separators=(",", ":"))
    return str(v)


def encode_params(params: Mapping[str, Any]) -> str:
    return "&".join(f"{k}={quote(_value(v), safe=_SAFE)}" for k, v in params.items() if v is not None)


class HmacSigner:
    key_type = "HMAC"

    def __init__(self, secret: str | bytes):
        self._key = secret.encode() if isinstance(secret, str) else bytes(secret)

    def sign(self, payload: str | bytes) -> str:
        data = payload.encode() if isinstance(payload, str) else payload
        return hmac.new(self._key, data, hashlib.sha256).hexdigest()

    def __repr__(self) -> str:
        return "HmacSigner(<secret>)"


class _KeySigner:
    key_type = ""

    def __init__(self, key: Any):
        self._key = key

    @classmethod
    def from_pem(cls, pem: str | bytes, password: str | bytes | None = None):
        from cryptography.hazmat.primitives.serialization import load_pem_private_key
        data = pem.encode() if isinstance(pem, str) else pem
        pw = password.encode() if isinstance(password, str) else password
        return cls(load_pem_private_key(data, password=pw))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(<private key>)"


class Ed25519Signer(_KeySigner):
    key_type = "ED25519"

    def sign(self, payload: str | bytes) -> str:
        data = payload.encode() if isinstance(payload, str) else payload
        return base64.b64encode(self._key.sign(data)).decode()


class RsaSigner(_KeySigner):
    key_type = "RSA"

    def sign(self, payload: str | bytes) -> str:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding
        data = payload.encode() if isinstance(payload, str) else payload
        return base64.b64encode(self._key.sign(data, padding.PKCS1v15(), hashes.SHA256())).decode()


def signed_query(params: Mapping[str, Any], signer: Any, *, timestamp: int | None = None,
                 recv_window: int | None = None) -> str:
    query = encode_params(params)
    ts = int(time.time() * 1000) if timestamp is None else int(timestamp)
    query = f"{query}&timestamp={ts}" if query else f"timestamp={ts}"
    if recv_window is not None:
        query += f"&recvWindow={_value(recv_window)}"
    sig = signer.sign(query)
    if signer.key_type != "HMAC":
        sig = quote(sig, safe="")
    return f"{query}&signature={sig}"
