"""Request signing: HMAC-SHA256, RSA and Ed25519 keys, and Binance's payload rules (REST and WebSocket API).

REST signs the query string and body exactly as sent (no sorting; query+body concatenated without ``&``).
The WebSocket API signs every param but ``signature``, sorted by name, ``k=v`` joined by ``&``.
HMAC gives lowercase hex; RSA (PKCS#1 v1.5, SHA-256) and Ed25519 give base64, URL-encoded in a query or body
and sent as is in WebSocket JSON.

The hot path (encode + HMAC) is compiled (binance_fast._signing); ``BINANCE_FAST_PURE_PYTHON=1`` in the
environment selects the plain-Python reference instead.
"""

from __future__ import annotations

import base64
import os
import time
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol, Self

from . import _signing_reference

from ._signing import HmacSigner, encode_params, format_value, signed_query, ws_signature_payload

if os.environ.get("BINANCE_FAST_PURE_PYTHON") == "1":  # the plain-Python reference instead
    from ._signing_reference import HmacSignerPy as HmacSigner  # type: ignore[assignment]
    from ._signing_reference import (  # type: ignore[assignment]
        encode_params,
        format_value,
        signed_query,
        ws_signature_payload,
    )

__all__ = [
    "Signer",
    "HmacSigner",
    "Ed25519Signer",
    "RsaSigner",
    "load_signer",
    "encode_params",
    "signed_query",
    "ws_signature_payload",
    "sign_ws_params",
]


class Signer(Protocol):
    """What every signer offers: ``key_type`` and ``sign(payload) -> str``."""

    @property
    def key_type(self) -> str: ...

    def sign(self, payload: str | bytes) -> str: ...


def _as_bytes(payload: str | bytes) -> bytes:
    return payload.encode("utf-8") if isinstance(payload, str) else bytes(payload)


def _load_private_key(pem: str | bytes, password: str | bytes | None) -> Any:
    """Load a PEM private key (PKCS#8, encrypted or not; legacy-encrypted RSA too) with clear errors."""
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    data = pem.encode("ascii") if isinstance(pem, str) else bytes(pem)
    secret = password.encode("utf-8") if isinstance(password, str) else password
    try:
        return load_pem_private_key(data, password=secret)
    except TypeError as exc:
        # cryptography: password given for a plain key, or missing for an encrypted one
        if secret is None:
            raise ValueError("the private key is encrypted: a password is needed") from None
        raise ValueError("the private key is not encrypted: give no password") from exc
    except ValueError:
        if secret is not None:
            raise ValueError("could not load the private key: wrong password, or not a PEM private key") from None
        raise ValueError("could not load the private key: not a PEM private key (PKCS#8 expected)") from None
    except Exception as exc:  # cryptography's UnsupportedAlgorithm and friends
        raise ValueError(f"could not load the private key: {type(exc).__name__}") from None


class _KeySigner:
    """What the key signers share: a checked key, loading from PEM, a repr without the key, the public key."""

    key_type = ""
    _label = ""

    @staticmethod
    def _key_class() -> type:
        raise NotImplementedError

    def __init__(self, private_key: Any):
        if not isinstance(private_key, self._key_class()):
            raise ValueError(f"not an {self._label} private key: {type(private_key).__name__}")
        self._key: Any = private_key

    @classmethod
    def from_pem(cls, pem: str | bytes, password: str | bytes | None = None) -> Self:
        return cls(_load_private_key(pem, password))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(<private key hidden>)"

    def public_key_pem(self) -> str:
        from cryptography.hazmat.primitives import serialization

        return self._key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode("ascii")


class Ed25519Signer(_KeySigner):
    """Ed25519 signer (the key type Binance recommends); ``sign`` gives base64."""

    key_type = "ED25519"
    _label = "Ed25519"

    @staticmethod
    def _key_class() -> type:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        return Ed25519PrivateKey

    def sign(self, payload: str | bytes) -> str:
        return base64.b64encode(self._key.sign(_as_bytes(payload))).decode("ascii")


class RsaSigner(_KeySigner):
    """RSA signer (RSASSA-PKCS1-v1_5 with SHA-256); ``sign`` gives base64."""

    key_type = "RSA"
    _label = "RSA"

    @staticmethod
    def _key_class() -> type:
        from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

        return RSAPrivateKey

    def sign(self, payload: str | bytes) -> str:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding

        return base64.b64encode(self._key.sign(_as_bytes(payload), padding.PKCS1v15(), hashes.SHA256())).decode("ascii")


def load_signer(*, api_secret: str | bytes | None = None, private_key: str | bytes | Path | None = None,
                private_key_password: str | bytes | None = None) -> Signer:
    """The signer for an HMAC secret or a PEM private key (its contents, or a path to the file).

    The key type (RSA or Ed25519) is read from the key itself.
    """
    if private_key is not None:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        if isinstance(private_key, Path) or (isinstance(private_key, str) and "-----BEGIN" not in private_key):
            private_key = Path(private_key).read_bytes()
        key = _load_private_key(private_key, private_key_password)
        return Ed25519Signer(key) if isinstance(key, Ed25519PrivateKey) else RsaSigner(key)
    if api_secret is None:
        raise ValueError("an API secret or a private key is needed to sign")
    return HmacSigner(api_secret)


def _ws_value(value: Any, key: str) -> Any:
    """The JSON value sent for a param: numbers other than int as their exact text, the rest as is."""
    if isinstance(value, (float, Decimal)) and not isinstance(value, bool):
        return format_value(value, key)
    return value


def sign_ws_params(params: Mapping[str, Any], signer: Signer, *, api_key: str, timestamp: int | None = None,
                   recv_window: int | None = None) -> dict[str, Any]:
    """A new params dict for a signed WebSocket API request: apiKey, timestamp, recvWindow, signature added."""
    out = {k: _ws_value(v, k) for k, v in params.items() if v is not None}
    out["apiKey"] = api_key
    if recv_window is not None:
        out["recvWindow"] = recv_window
    out["timestamp"] = time.time_ns() // 1_000_000 if timestamp is None else timestamp
    out["signature"] = signer.sign(ws_signature_payload(out))
    return out


reference = _signing_reference  # the plain-Python twin, for differential tests
