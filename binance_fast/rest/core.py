"""What the sync and asyncio clients share: per-endpoint call data, request building and signing, answers to errors.

Everything an endpoint needs per call is computed once at import (``CallSpec``); a call does a dict-free param
check, one encode+sign, one send, one decode.
"""

from __future__ import annotations

import base64
import os
import time
import warnings
from collections.abc import Mapping
from typing import Any

import msgspec

from ..endpoints import AUTO_PARAMS, ENDPOINTS, Endpoint, Fixed, lookup
from ..errors import (
    RateLimitError,
    TimestampError,
    TransportError,
    UnknownOutcomeError,
    error_from_response,
)
from ..signing import encode_params, load_signer, signed_query
from .hosts import base_urls
from .limits import RateLimiter
from .transport import NoAnswerError


class UnknownParameterWarning(UserWarning):
    """A parameter name the docs do not list for this endpoint (a typo?). It is sent anyway."""


class TypedDecodeWarning(UserWarning):
    """A successful answer did not fit its typed model (``typed=True``); it was returned as plain data."""


PATH_HOSTS = (("/api/", "spot"), ("/sapi/", "spot"), ("/fapi/", "usdm"), ("/dapi/", "coinm"),
              ("/eapi/", "options"), ("/papi/", "pm"))
PRODUCT_HOSTS = {"spot": "spot", "usdm": "usdm", "coinm": "coinm", "options": "options", "pm": "pm",
                 "pmpro": "spot"}
# where each host tells the time (portfolio margin has none of its own: same clock as spot)
TIME_ENDPOINTS = {"spot": ("spot", "/api/v3/time"), "usdm": ("usdm", "/fapi/v1/time"),
                  "coinm": ("coinm", "/dapi/v1/time"), "options": ("options", "/eapi/v1/time"),
                  "pm": ("spot", "/api/v3/time")}
FORM = "application/x-www-form-urlencoded"


def host_for(product: str, path: str) -> str:
    for prefix, host in PATH_HOSTS:
        if path.startswith(prefix):
            return host
    return PRODUCT_HOSTS.get(product, "spot")


class CallSpec:
    """Per-endpoint data of the call path, precomputed."""

    __slots__ = ("endpoint", "label", "method", "path", "host", "signed", "api_key", "in_body", "mandatory",
                 "known", "fixed_weight", "rule", "order_weight", "uid_weight", "state_changing", "retry_safe",
                 "coid_param", "batch_param", "typed", "is_exchange_info")

    def __init__(self, e: Endpoint):
        self.endpoint = e
        self.label = f"{e.product}.{e.name} ({e.method} {e.path})"
        self.method = e.method
        self.path = e.path
        self.host = e.host
        self.signed = e.signed
        self.api_key = e.needs_api_key
        self.in_body = e.method in ("POST", "PUT")
        self.mandatory = e.mandatory
        self.known = e.param_names | AUTO_PARAMS
        self.rule = e.weight
        self.fixed_weight = e.weight.value if isinstance(e.weight, Fixed) else None
        self.order_weight = e.order_weight
        self.uid_weight = e.weight_type == "UID"
        # a call that may change state: its outcome matters when no answer comes
        self.state_changing = e.method != "GET" and (e.signed or e.security == "TRADE")
        # safe to send twice: reads, and the user-stream / market calls that do not change orders or funds
        self.retry_safe = e.method == "GET" or e.security in ("USER_STREAM", "NONE", "MARKET_DATA")
        names = e.param_names
        trade = e.security == "TRADE" and e.method == "POST"
        self.coid_param = "newClientOrderId" if trade and "newClientOrderId" in names else None
        self.batch_param = "batchOrders" if trade and "batchOrders" in names else None
        self.typed = None
        self.is_exchange_info = e.path.endswith("/exchangeInfo")


SPECS: dict[tuple[str, str, str], CallSpec] = {e.key: CallSpec(e) for e in ENDPOINTS}
_typed_attached = False


def attach_typed_decoders() -> None:
    """Give the hot endpoints their typed decoders (models/responses.py), once, on the first typed client."""
    global _typed_attached
    if not _typed_attached:
        from ..models.responses import TYPED_DECODERS
        for key, decode in TYPED_DECODERS.items():
            SPECS[key].typed = decode
        _typed_attached = True


def adhoc_spec(product: str, method: str, path: str, security: str | None) -> CallSpec:
    """A CallSpec for an endpoint the table does not have (``client.request``)."""
    method = method.upper()
    e = Endpoint(product=product, method=method, path=path, name="request", security=security or "NONE",
                 host=host_for(product, path), weight=Fixed(1))
    spec = CallSpec(e)
    spec.known = frozenset()          # nothing to check against
    return spec


def new_client_order_id() -> str:
    """A fresh client order id, so an order of unknown outcome can be queried (matches ^[.A-Z:/a-z0-9_-]{1,32}$)."""
    return "bf" + base64.urlsafe_b64encode(os.urandom(12)).decode()


_decode_json = msgspec.json.Decoder().decode


class Core:
    """Configuration and per-call logic shared by Client and AsyncClient (no I/O here)."""

    def __init__(self, api_key: str | None, api_secret: str | bytes | None, *, private_key, private_key_password,
                 base_url: str | None, testnet: bool, recv_window: int | None, timeout: float, typed: bool,
                 rate_limit: str, max_wait: float, time_sync: bool, time_sync_interval: float,
                 hosts: Mapping[str, str] | None):
        self._api_key = api_key
        self._signer = (load_signer(api_secret=api_secret, private_key=private_key,
                                    private_key_password=private_key_password)
                        if api_secret is not None or private_key is not None else None)
        self.can_sign = self._signer is not None and bool(api_key)
        self.bases = base_urls(testnet=testnet, base_url=base_url, overrides=dict(hosts) if hosts else None)
        self.testnet = testnet
        self.recv_window = recv_window
        self.timeout = timeout
        self.typed = typed
        if typed:
            attach_typed_decoders()
        self.limiter = RateLimiter(rate_limit, max_wait)
        self.time_sync = time_sync
        self.time_sync_interval = time_sync_interval
        self.offsets: dict[str, int] = {}          # time host -> server minus local, ms
        self.synced_at: dict[str, float] = {}
        key_headers = {"X-MBX-APIKEY": api_key} if api_key else {}
        # header dicts by (needs key, has body): shared, never mutated
        self._headers = {
            (False, False): {}, (False, True): {"Content-Type": FORM},
            (True, False): dict(key_headers), (True, True): {**key_headers, "Content-Type": FORM},
        }

    def __repr__(self) -> str:  # never the secrets
        return f"Core(api_key={'set' if self._api_key else None}, bases={self.bases})"

    def base(self, host: str) -> str:
        try:
            return self.bases[host]
        except KeyError:
            raise ValueError(f"no {host} host configured (testnet={self.testnet}); pass base_url= or hosts=") from None

    def missing_credentials(self, spec: CallSpec) -> ValueError:
        if not self._api_key:
            return ValueError(f"{spec.label} needs an API key: give api_key")
        return ValueError(f"{spec.label} is signed ({spec.endpoint.security}): give api_secret or private_key")

    def admit(self, spec: CallSpec, params: dict[str, Any]) -> float:
        """Before anything is sent: params checked, credentials there, the call counted by the limiter.

        Returns the seconds to wait first (the limiter's), raises ValueError / ClientRateLimitError."""
        if params or spec.mandatory:
            self.check(spec, params)
        if spec.signed and not self.can_sign:
            raise self.missing_credentials(spec)
        weight = spec.fixed_weight
        if weight is None:
            weight = spec.rule.weight(params)
        return self.limiter.acquire(spec.host, weight, spec.order_weight, spec.uid_weight)

    def prepare(self, spec: CallSpec, params: dict[str, Any]):
        """(client order ids, params kept for a resend, target, body, headers) of a call."""
        coids = self.client_order_ids(spec, params) if spec.coid_param or spec.batch_param else ()
        kept = dict(params) if spec.retry_safe else params
        return (coids, kept, *self.build(spec, params))

    @staticmethod
    def time_host(spec: CallSpec) -> str:
        return TIME_ENDPOINTS.get(spec.host, ("spot",))[0]

    # -- building a request ----------------------------------------------------------------------------
    def check(self, spec: CallSpec, params: dict[str, Any]) -> None:
        for name in spec.mandatory:
            if params.get(name) is None:
                raise ValueError(f"{spec.label}: missing mandatory parameter {name!r}")
        if spec.known and not params.keys() <= spec.known:
            unknown = sorted(set(params) - spec.known)
            warnings.warn(f"{spec.label}: parameter(s) {', '.join(map(repr, unknown))} not in the docs; sent anyway",
                          UnknownParameterWarning, stacklevel=4)

    def weight(self, spec: CallSpec, params: Mapping[str, Any]) -> int:
        w = spec.fixed_weight
        return spec.rule.weight(params) if w is None else w

    def client_order_ids(self, spec: CallSpec, params: dict[str, Any]) -> tuple[str, ...]:
        """Give every order of the call a client order id (generated where the caller gave none)."""
        if spec.coid_param:
            coid = params.get("newClientOrderId")
            if coid is None:
                coid = params["newClientOrderId"] = new_client_order_id()
            return (coid,)
        if spec.batch_param:
            orders = params.get("batchOrders")
            if isinstance(orders, (list, tuple)):
                fixed, ids = [], []
                for o in orders:
                    if isinstance(o, Mapping) and o.get("newClientOrderId") is None:
                        o = {**o, "newClientOrderId": new_client_order_id()}
                    fixed.append(o)
                    ids.append(o.get("newClientOrderId") if isinstance(o, Mapping) else None)
                params["batchOrders"] = fixed
                return tuple(i for i in ids if i)
        return ()

    def build(self, spec: CallSpec, params: dict[str, Any]) -> tuple[str, bytes | None, dict[str, str]]:
        """(target path+query, body, headers) of a call, signed where the endpoint needs it."""
        if spec.signed:
            signer = self._signer
            if not self.can_sign:
                raise self.missing_credentials(spec)
            recv = params.pop("recvWindow", None)
            params.pop("timestamp", None)
            params.pop("signature", None)
            host = TIME_ENDPOINTS.get(spec.host, ("spot",))[0]
            ts = time.time_ns() // 1_000_000 + self.offsets.get(host, 0)
            query = signed_query(params, signer, timestamp=ts,
                                 recv_window=recv if recv is not None else self.recv_window)
        else:
            if spec.api_key and not self._api_key:
                raise ValueError(f"{spec.label} needs an API key ({spec.endpoint.security}): give api_key")
            query = encode_params(params) if params else ""
        headers = self._headers[(spec.api_key, spec.in_body and bool(query))]
        if spec.in_body:
            return spec.path, query.encode() if query else None, headers
        return (spec.path + "?" + query if query else spec.path), None, headers

    def needs_sync(self, spec: CallSpec) -> str | None:
        """The time host to sync first, if this signed call finds the offset missing or stale."""
        if not (spec.signed and self.time_sync):
            return None
        host = TIME_ENDPOINTS.get(spec.host, ("spot",))[0]
        return host if self.stale(host) else None

    def stale(self, host: str) -> bool:
        at = self.synced_at.get(host)
        return at is None or time.monotonic() - at > self.time_sync_interval

    # -- reading the answer ----------------------------------------------------------------------------
    def finish(self, spec: CallSpec, status: int, headers, data: bytes, coids: tuple[str, ...], typed: bool):
        """Decode a response, or raise its typed error."""
        self.limiter.update(spec.host, headers)
        if status < 300:
            if typed and spec.typed is not None:
                try:
                    return spec.typed(data)
                except (msgspec.ValidationError, ValueError) as exc:
                    # the call succeeded: never turn that into an error; hand over the plain data instead
                    warnings.warn(f"{spec.label}: answer does not fit its typed model ({exc}); returned as plain "
                                  "data", TypedDecodeWarning, stacklevel=4)
            result = _decode_json(data) if data else None
            if spec.is_exchange_info and isinstance(result, dict):
                self.limiter.load_exchange_info(spec.host, result)
            return result
        code, msg = None, ""
        try:
            err = _decode_json(data)
            if isinstance(err, dict):
                code, msg = err.get("code"), str(err.get("msg", ""))
        except msgspec.DecodeError:
            msg = data[:200].decode("utf-8", "replace")
        if status >= 500 or code == -1007:
            if spec.state_changing:
                raise UnknownOutcomeError(
                    f"{spec.label}: HTTP {status} {msg!r}: the request may or may not have been executed"
                    + (f"; query client order id(s) {', '.join(coids)}" if coids else ""),
                    client_order_id=coids[0] if coids else None, client_order_ids=coids, status=status,
                    request=spec.label)
        error = error_from_response(status, code, msg or f"HTTP {status}", headers)
        if isinstance(error, RateLimitError) and status in (418, 429):
            self.limiter.block(spec.host, error.retry_after)
        raise error

    def no_answer(self, spec: CallSpec, exc: BaseException, coids: tuple[str, ...]) -> BaseException:
        """The error for a call that got no answer (NoAnswerError: it may have arrived; NotSentError: it did not)."""
        if isinstance(exc, NoAnswerError) and spec.state_changing:
            return UnknownOutcomeError(
                f"{spec.label}: {exc}: the request may or may not have been executed"
                + (f"; query client order id(s) {', '.join(coids)}" if coids else ""),
                client_order_id=coids[0] if coids else None, client_order_ids=coids, cause=exc, request=spec.label)
        return TransportError(f"{spec.label}: {exc}", cause=exc)

    def record_time(self, host: str, samples: list[tuple[int, Any, int]], url: str = "") -> int:
        """Set a host's clock offset from (local send ms, time answer, local receive ms) samples: the median."""
        offsets = []
        status = 0
        for t0, (status, _headers, data), t1 in samples:
            if status == 200:
                offsets.append(int(_decode_json(data)["serverTime"]) - (t0 + t1) // 2)
        if not offsets:
            raise TimestampError(status, None, f"could not read the server time from {url}")
        offsets.sort()
        offset = offsets[len(offsets) // 2]
        self.offsets[host] = offset
        self.synced_at[host] = time.monotonic()
        return offset


def spec_for(product: str, method: str, path: str, security: str | None,
             cache: dict[tuple[str, str, str], CallSpec]) -> CallSpec:
    key = (product, method.upper(), path)
    spec = SPECS.get(key) or cache.get(key)
    if spec is None:
        e = lookup(product, method, path)
        spec = CallSpec(e) if e is not None else adhoc_spec(product, method, path, security)
        cache[key] = spec
    return spec


__all__ = ["Core", "CallSpec", "SPECS", "UnknownParameterWarning", "TypedDecodeWarning", "new_client_order_id", "attach_typed_decoders"]
