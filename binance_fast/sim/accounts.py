"""Simulated accounts and their API keys; signatures verified independently (hmac / cryptography)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, padding, rsa

DEFAULT_SPOT_BALANCES = {"USDT": "100000", "BTC": "1", "ETH": "10", "BNB": "100", "SOL": "100"}
DEFAULT_USDM_BALANCES = {"USDT": "100000"}
DEFAULT_COINM_BALANCES = {"BTC": "2", "ETH": "20"}


class ApiKey:
    """One registered key: the verifier of its signatures. The secret never appears in a repr."""

    __slots__ = ("api_key", "key_type", "_secret", "_public", "account", "can_trade")

    def __init__(self, api_key: str, account: "Account", *, secret: str | bytes | None = None,
                 public_key_pem: str | bytes | None = None, can_trade: bool = True):
        self.api_key = api_key
        self.account = account
        self.can_trade = can_trade
        self._secret = None
        self._public = None
        if secret is not None:
            self.key_type = "HMAC"
            self._secret = secret.encode() if isinstance(secret, str) else bytes(secret)
        elif public_key_pem is not None:
            pem = public_key_pem.encode() if isinstance(public_key_pem, str) else public_key_pem
            key = serialization.load_pem_public_key(pem)
            if isinstance(key, ed25519.Ed25519PublicKey):
                self.key_type = "ED25519"
            elif isinstance(key, rsa.RSAPublicKey):
                self.key_type = "RSA"
            else:
                raise ValueError("public key must be RSA or Ed25519")
            self._public = key
        else:
            raise ValueError("give secret= (HMAC) or public_key_pem= (RSA / Ed25519)")

    def __repr__(self) -> str:
        return f"ApiKey({self.api_key[:6]}..., {self.key_type})"

    def verify(self, payload: bytes, signature: str) -> bool:
        """True where ``signature`` (hex for HMAC, base64 for RSA / Ed25519) signs exactly ``payload``."""
        if self._secret is not None:
            expected = hmac.new(self._secret, payload, hashlib.sha256).hexdigest()
            return hmac.compare_digest(expected, signature.lower())
        try:
            raw = base64.b64decode(signature.replace(" ", "+"), validate=True)
        except (binascii.Error, ValueError):
            return False
        try:
            if self.key_type == "ED25519":
                self._public.verify(raw, payload)
            else:
                self._public.verify(raw, payload, padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature:
            return False
        return True


class Account:
    """Balances and orders of one user across spot, USD-M and COIN-M."""

    def __init__(self, name: str, *, spot: Mapping[str, Any] | None = None, usdm: Mapping[str, Any] | None = None,
                 coinm: Mapping[str, Any] | None = None, uid: int = 0):
        self.name = name
        self.uid = uid
        # spot: asset -> [free, locked]
        self.spot: dict[str, list[Decimal]] = {a: [Decimal(str(v)), Decimal(0)]
                                               for a, v in (spot or DEFAULT_SPOT_BALANCES).items()}
        # futures wallets: asset -> wallet balance
        self.wallets: dict[str, dict[str, Decimal]] = {
            "usdm": {a: Decimal(str(v)) for a, v in (usdm or DEFAULT_USDM_BALANCES).items()},
            "coinm": {a: Decimal(str(v)) for a, v in (coinm or DEFAULT_COINM_BALANCES).items()},
        }
        self.update_time = 0

    def spot_balance(self, asset: str) -> list[Decimal]:
        bal = self.spot.get(asset)
        if bal is None:
            bal = self.spot[asset] = [Decimal(0), Decimal(0)]
        return bal


class Accounts:
    """The key registry: api key -> ApiKey (-> Account)."""

    def __init__(self) -> None:
        self.by_key: dict[str, ApiKey] = {}
        self.accounts: list[Account] = []

    def add(self, api_key: str, *, secret: str | bytes | None = None, public_key_pem: str | bytes | None = None,
            balances: Mapping[str, Any] | None = None, futures_balances: Mapping[str, Any] | None = None,
            coinm_balances: Mapping[str, Any] | None = None, account: Account | None = None,
            can_trade: bool = True) -> Account:
        if account is None:
            account = Account(api_key[:8], spot=balances, usdm=futures_balances, coinm=coinm_balances,
                              uid=len(self.accounts) + 1)
            self.accounts.append(account)
        self.by_key[api_key] = ApiKey(api_key, account, secret=secret, public_key_pem=public_key_pem,
                                      can_trade=can_trade)
        return account

    def get(self, api_key: str) -> ApiKey | None:
        return self.by_key.get(api_key)


def make_key(rng_bytes: bytes | None = None) -> str:
    """A 64-character alphanumeric key like Binance issues."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    data = rng_bytes or secrets.token_bytes(64)
    return "".join(alphabet[b % len(alphabet)] for b in data[:64])


def valid_key_format(api_key: str) -> bool:
    return 0 < len(api_key) <= 256 and api_key.isascii() and api_key.isalnum()
