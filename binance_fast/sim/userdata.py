"""listenKeys: create / keepalive / close, expiry, and the user-data events routed to their streams."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable

from .accounts import Account
from .errors import SimError


class ListenKeys:
    """listenKey -> (account, product, expiry). One live key per account and product, as on the exchange."""

    def __init__(self, ttl: float = 3600.0, clock: Callable[[], float] = time.monotonic):
        self.ttl = ttl
        self.clock = clock
        self.keys: dict[str, list] = {}  # key -> [account, product, expires_at]
        self.by_account: dict[tuple[int, str], str] = {}

    def create(self, account: Account, product: str) -> str:
        key = self.by_account.get((id(account), product))
        if key is not None and key in self.keys and self.keys[key][2] > self.clock():
            self.keys[key][2] = self.clock() + self.ttl
            return key
        key = secrets.token_hex(30)[:60] if product == "spot" else secrets.token_urlsafe(48)[:64]
        key = "".join(c if c.isalnum() else "x" for c in key)
        self.keys[key] = [account, product, self.clock() + self.ttl]
        self.by_account[(id(account), product)] = key
        return key

    def keepalive(self, account: Account, product: str, key: str | None) -> str:
        entry = self._live(key, product)
        if entry is None or entry[0] is not account:
            raise SimError(-1125, "This listenKey does not exist.")
        entry[2] = self.clock() + self.ttl
        return key  # type: ignore[return-value]

    def close(self, account: Account, product: str, key: str | None) -> None:
        entry = self._live(key, product)
        if entry is None or entry[0] is not account:
            raise SimError(-1125, "This listenKey does not exist.")
        del self.keys[key]  # type: ignore[arg-type]
        self.by_account.pop((id(account), product), None)

    def _live(self, key: str | None, product: str):
        if not key:
            return None
        entry = self.keys.get(key)
        if entry is None or entry[1] != product:
            return None
        if entry[2] <= self.clock():
            return None
        return entry

    def lookup(self, key: str, product: str) -> Account | None:
        entry = self._live(key, product)
        return entry[0] if entry else None

    def key_of(self, account: Account, product: str) -> str | None:
        key = self.by_account.get((id(account), product))
        return key if key and self._live(key, product) else None

    def expired(self) -> list[tuple[str, str]]:
        """Remove and return (key, product) of every key past its time."""
        now = self.clock()
        gone = [(k, v[1]) for k, v in self.keys.items() if v[2] <= now]
        for k, _ in gone:
            acc = self.keys.pop(k)[0]
            self.by_account.pop((id(acc), _), None)
        return gone
