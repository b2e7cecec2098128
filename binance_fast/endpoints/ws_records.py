"""The records of the WebSocket API method table: one ``WsMethod`` per documented method, with its ``Param``s."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec

from .records import Param
from .rules import Fixed, WeightRule

# security types whose requests carry apiKey + timestamp + signature (or ride on an authenticated session)
WS_SIGNED_SECURITY = frozenset({"TRADE", "USER_DATA", "MARGIN", "SIGNED"})
# parameters the client fills in itself: never required from the caller
WS_AUTO_PARAMS = frozenset({"apiKey", "timestamp", "signature", "recvWindow"})


class WsMethod(msgspec.Struct, frozen=True, kw_only=True):
    """One documented WebSocket API method of one product, keyed by (product, method)."""

    product: str            # spot | usdm | coinm
    method: str             # wire name: "order.place", "v2/account.status"
    name: str               # Python method name: "order_place", "account_status_v2"
    security: str           # NONE | USER_STREAM | TRADE | USER_DATA | SIGNED (session.logon)
    weight: WeightRule = Fixed(1)
    order_weight: int = 0   # unfilled-order count it adds
    params: tuple[Param, ...] = ()
    one_of: tuple[tuple[str, ...], ...] = ()  # groups of params of which at least one must be sent
    title: str = ""
    description: str = ""
    doc: str = ""           # the docs page (file name in shared/docs) it came from

    @property
    def key(self) -> tuple[str, str]:
        return (self.product, self.method)

    @property
    def signed(self) -> bool:
        """Needs timestamp + signature (unless the session is logged on)."""
        return self.security in WS_SIGNED_SECURITY

    @property
    def needs_api_key(self) -> bool:
        """Takes ``apiKey`` (signed methods and USER_STREAM ones such as userDataStream.start)."""
        return self.signed or self.security == "USER_STREAM"

    @property
    def is_order(self) -> bool:
        """Changes order state: a lost reply means the outcome is unknown (never retried). Tests do not."""
        return self.security == "TRADE" and not self.method.endswith(".test")

    @property
    def mandatory(self) -> tuple[str, ...]:
        """Mandatory params the caller must give (apiKey/timestamp/signature/recvWindow are the client's)."""
        return tuple(p.name for p in self.params if p.mandatory and p.name not in WS_AUTO_PARAMS)

    def missing(self, params: Mapping[str, Any]) -> list[str]:
        """What the docs require that ``params`` lacks: mandatory names, and "a or b" for unmet groups."""
        out = [n for n in self.mandatory if params.get(n) is None]
        for group in self.one_of:
            if all(params.get(n) is None for n in group):
                out.append(" or ".join(group))
        return out

    @property
    def param_names(self) -> frozenset[str]:
        return frozenset(p.name for p in self.params)
