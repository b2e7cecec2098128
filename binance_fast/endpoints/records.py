"""The records of the endpoint table: one ``Endpoint`` per documented REST endpoint, with its ``Param``s."""

from __future__ import annotations

import msgspec

from .rules import Fixed, WeightRule

# security types that need a signature (timestamp + signature), per the docs' "Endpoint Security Type"
SIGNED_SECURITY = frozenset({"TRADE", "MARGIN", "USER_DATA"})
# parameters the client fills in itself: never required from the caller
AUTO_PARAMS = frozenset({"timestamp", "signature", "recvWindow"})


class Param(msgspec.Struct, frozen=True, array_like=True):
    """One documented request parameter: wire name, docs' type, whether mandatory, docs' description."""

    name: str
    type: str
    mandatory: bool
    description: str = ""


class Endpoint(msgspec.Struct, frozen=True, kw_only=True):
    """One documented REST endpoint, keyed by (product, method, path)."""

    product: str            # spot | usdm | coinm | options | pm | pmpro
    method: str             # GET | POST | PUT | DELETE
    path: str               # "/fapi/v1/order"
    name: str               # snake_case method name (the official SDK's where it has one)
    security: str           # NONE | MARKET_DATA | USER_STREAM | TRADE | USER_DATA | MARGIN
    host: str               # which product's host serves it: /sapi paths live on the spot host
    weight: WeightRule = Fixed(1)
    weight_type: str = "IP"  # IP | UID: which limit the weight counts against
    order_weight: int = 0    # orders counted against the order-rate limits (X-MBX-ORDER-COUNT-*)
    params: tuple[Param, ...] = ()
    title: str = ""
    description: str = ""
    doc: str = ""            # the docs page (file name in shared/docs) it came from

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.product, self.method, self.path)

    @property
    def signed(self) -> bool:
        """Needs timestamp + signature."""
        return self.security in SIGNED_SECURITY

    @property
    def needs_api_key(self) -> bool:
        """Needs the X-MBX-APIKEY header."""
        return self.security != "NONE"

    @property
    def mandatory(self) -> tuple[str, ...]:
        """Mandatory params the caller must give (timestamp/signature/recvWindow are the client's)."""
        return tuple(p.name for p in self.params if p.mandatory and p.name not in AUTO_PARAMS)

    @property
    def param_names(self) -> frozenset[str]:
        return frozenset(p.name for p in self.params)
