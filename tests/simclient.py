"""A deliberately plain signed REST client for the simulator tests (independent of binance_fast.signing)."""

from __future__ import annotations

import hashlib
import hmac
import time
from urllib.parse import urlencode

import requests


class Plain:
    def __init__(self, base_url: str, key: str | None = None, secret: str | None = None, sign=None):
        self.base = base_url
        self.key = key
        self.secret = secret
        self.sign_fn = sign
        self.s = requests.Session()

    def sign(self, payload: str) -> str:
        if self.sign_fn is not None:
            return self.sign_fn(payload)
        return hmac.new(self.secret.encode(), payload.encode(), hashlib.sha256).hexdigest()

    def call(self, method: str, path: str, params: dict | None = None, *, signed: bool = False, key: bool = None,
             body: bool = False, timestamp: int | None = None, raw: bool = False):
        params = dict(params or {})
        if signed:
            params.setdefault("timestamp", timestamp if timestamp is not None else int(time.time() * 1000))
        q = urlencode(params)
        if signed:
            q += "&signature=" + requests.utils.quote(self.sign(q), safe="")
        headers = {}
        if (key if key is not None else (signed or self.key is not None)) and self.key:
            headers["X-MBX-APIKEY"] = self.key
        url = self.base + path
        if body:
            r = self.s.request(method, url, data=q, headers={**headers,
                               "Content-Type": "application/x-www-form-urlencoded"})
        else:
            r = self.s.request(method, url + ("?" + q if q else ""), headers=headers)
        if raw:
            return r
        return r.status_code, r.json()
