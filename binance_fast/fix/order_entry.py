"""FIX order entry (fix-oe): place, cancel, cancel-replace, mass-cancel, amend and list orders; limits; events.

Parameters are the REST API's (``symbol``, ``side``, ``type``, ``timeInForce``, ``quantity``, ``price``,
``stopPrice``, ``trailingDelta``, ``icebergQty``, ``quoteOrderQty``, ``newClientOrderId``, ...), translated
to FIX tags per the docs' "Supported Order Types" table, so switching a bot from REST to FIX changes no call.
Answers and pushed events are the user-data stream's ``ExecutionReport`` / ``ListStatus`` models.
A missing mandatory parameter is refused (ValueError) before anything is sent.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..signing import format_value
from .client import FixClient, check_client_id
from .codec import FixMessage
from .errors import FixAmendRejectedError, FixCancelRejectedError, FixOrderRejectedError
from .events import MassCancelReport, to_execution_report, to_list_status

__all__ = ["FixOrderEntryClient", "order_fields", "SIDE_CODE", "TIF_CODE", "STP_CODE"]

SIDE_CODE = {"BUY": "1", "SELL": "2"}
TIF_CODE = {"GTC": "1", "IOC": "3", "FOK": "4"}
STP_CODE = {"NONE": "1", "EXPIRE_TAKER": "2", "EXPIRE_MAKER": "3", "EXPIRE_BOTH": "4", "DECREMENT": "5",
            "TRANSFER": "6"}
CANCEL_RESTRICTIONS = {"ONLY_NEW": 1, "ONLY_PARTIALLY_FILLED": 2}
LIST_TRIGGER_TYPE = {"ACTIVATED": "1", "PARTIALLY_FILLED": "2", "FILLED": "3"}
LIST_TRIGGER_ACTION = {"RELEASE": "1", "CANCEL": "2"}
CONTINGENCY_CODE = {"OCO": 1, "OTO": 2}
# Binance type -> (OrdType, ExecInst, needs price/timeInForce, is a stop)
_TYPES = {
    "MARKET": ("1", None, False, False),
    "LIMIT": ("2", None, True, False),
    "LIMIT_MAKER": ("2", "6", True, False),
    "STOP_LOSS": ("3", None, False, True),
    "TAKE_PROFIT": ("3", None, False, True),
    "STOP_LOSS_LIMIT": ("4", None, True, True),
    "TAKE_PROFIT_LIMIT": ("4", None, True, True),
}
_KNOWN = frozenset({"symbol", "side", "type", "timeInForce", "quantity", "quoteOrderQty", "price", "stopPrice",
                    "trailingDelta", "icebergQty", "newClientOrderId", "selfTradePreventionMode", "strategyId",
                    "strategyType", "sor", "triggers"})


def _num(value: Any, name: str) -> str:
    text = format_value(value, name)
    return text


def _choice(table: Mapping[str, Any], value: Any, name: str) -> Any:
    try:
        return table[value]
    except KeyError:
        raise ValueError(f"{name} must be one of {', '.join(table)}, not {value!r}") from None


def order_fields(params: Mapping[str, Any], client_order_id: str) -> list[tuple[int, Any]]:
    """The NewOrder component's FIX fields for REST-style ``params`` (checks the docs' required fields)."""
    unknown = set(params) - _KNOWN
    if unknown:
        raise ValueError(f"unknown order parameter(s): {', '.join(sorted(unknown))}")
    p = {k: v for k, v in params.items() if v is not None}
    for name in ("symbol", "side", "type"):
        if name not in p:
            raise ValueError(f"mandatory parameter {name!r} is missing")
    type_ = p["type"]
    ord_type, exec_inst, limit_like, stop = _choice(_TYPES, type_, "type")
    side = _choice(SIDE_CODE, p["side"], "side")
    needs = []
    if type_ == "MARKET":
        if ("quantity" in p) == ("quoteOrderQty" in p):
            raise ValueError("a MARKET order needs exactly one of 'quantity' and 'quoteOrderQty'")
    elif "quantity" not in p:
        needs.append("quantity")
    if limit_like and "price" not in p:
        needs.append("price")
    if limit_like and type_ != "LIMIT_MAKER" and "timeInForce" not in p:
        needs.append("timeInForce")
    if stop and "stopPrice" not in p and "trailingDelta" not in p:
        needs.append("stopPrice or trailingDelta")
    if needs:
        raise ValueError(f"a {type_} order needs {', '.join(needs)}")
    if not limit_like and "price" in p:
        raise ValueError(f"a {type_} order takes no price")
    if not limit_like and "timeInForce" in p and type_ != "MARKET":
        raise ValueError(f"a {type_} order takes no timeInForce")
    if not stop and ("stopPrice" in p or "trailingDelta" in p):
        raise ValueError(f"a {type_} order takes no stopPrice / trailingDelta")
    fields: list[tuple[int, Any]] = [(11, check_client_id("newClientOrderId", client_order_id))]
    if "quantity" in p:
        fields.append((38, _num(p["quantity"], "quantity")))
    fields.append((40, ord_type))
    if exec_inst:
        fields.append((18, exec_inst))
    if "price" in p:
        fields.append((44, _num(p["price"], "price")))
    if stop:
        fields += [(1100, "4"), (1101, "1")]
        if "stopPrice" in p:
            fields.append((1102, _num(p["stopPrice"], "stopPrice")))
        fields.append((1107, "2"))
        loss = type_.startswith("STOP_LOSS")
        # stop loss: a buy triggers on the way up, a sell on the way down; take profit the other way round
        if "stopPrice" in p or loss:
            fields.append((1109, "U" if (side == "1") == loss else "D"))
        if "trailingDelta" in p:
            fields.append((25009, int(p["trailingDelta"])))
    fields += [(54, side), (55, str(p["symbol"]).upper())]
    if "timeInForce" in p:
        fields.append((59, _choice(TIF_CODE, p["timeInForce"], "timeInForce")))
    if "icebergQty" in p:
        fields.append((111, _num(p["icebergQty"], "icebergQty")))
    if "quoteOrderQty" in p:
        fields.append((152, _num(p["quoteOrderQty"], "quoteOrderQty")))
    if "strategyType" in p:
        if int(p["strategyType"]) < 1_000_000:
            raise ValueError("strategyType (TargetStrategy 847) cannot be less than 1000000")
        fields.append((847, int(p["strategyType"])))
    if "strategyId" in p:
        fields.append((7940, int(p["strategyId"])))
    if "selfTradePreventionMode" in p:
        fields.append((25001, _choice(STP_CODE, p["selfTradePreventionMode"], "selfTradePreventionMode")))
    return fields


def _cancel_target(orderId: int | None, origClientOrderId: str | None) -> list[tuple[int, Any]]:
    if orderId is None and origClientOrderId is None:
        raise ValueError("give orderId or origClientOrderId")
    out: list[tuple[int, Any]] = []
    if origClientOrderId is not None:
        out.append((41, check_client_id("origClientOrderId", origClientOrderId)))
    if orderId is not None:
        out.append((37, int(orderId)))
    return out


class FixOrderEntryClient(FixClient):
    """An order-entry session (``fix-oe``). Every account's ExecutionReport / ListStatus arrive as events."""

    kind = "oe"

    # -- orders -------------------------------------------------------------------------------------------------
    async def new_order(self, symbol: str, side: str, type: str, *, timeout: float | None = None,
                        **params: Any) -> Any:
        """NewOrderSingle <D>; returns the first ExecutionReport (NEW, or TRADE/EXPIRED for takers).

        Raises FixOrderRejectedError (ExecType REJECTED), FixRejectError (Reject <3>), UnknownOutcomeError (no
        answer in time, or the connection dropped: query the order by its client id).
        """
        cid = params.pop("newClientOrderId", None) or self.next_id()
        fields = order_fields({"symbol": symbol, "side": side, "type": type, **params}, cid)
        sor = params.get("sor")
        if sor is not None:
            fields.append((25032, bool(sor)))
        waiter = self._request("D", fields, (f"11:{cid}",), changes_state=True, client_order_id=cid)
        return await self._wait(waiter, timeout)

    def send_order(self, symbol: str, side: str, type: str, **params: Any) -> str:
        """NewOrderSingle <D> without waiting: returns the ClOrdID; the outcome arrives as events."""
        cid = params.pop("newClientOrderId", None) or self.next_id()
        fields = order_fields({"symbol": symbol, "side": side, "type": type, **params}, cid)
        self.session.send("D", fields)
        return cid

    async def cancel_order(self, symbol: str, *, orderId: int | None = None, origClientOrderId: str | None = None,
                           newClientOrderId: str | None = None, cancelRestrictions: str | None = None,
                           timeout: float | None = None) -> Any:
        """OrderCancelRequest <F> for one order; returns its CANCELED ExecutionReport."""
        cid = check_client_id("newClientOrderId", newClientOrderId or self.next_id())
        fields: list[tuple[int, Any]] = [(11, cid), *_cancel_target(orderId, origClientOrderId),
                                         (55, symbol.upper())]
        if cancelRestrictions is not None:
            fields.append((25002, _choice(CANCEL_RESTRICTIONS, cancelRestrictions, "cancelRestrictions")))
        waiter = self._request("F", fields, (f"11:{cid}",), changes_state=True, client_order_id=cid)
        return await self._wait(waiter, timeout)

    async def cancel_order_list(self, symbol: str, *, orderListId: int | None = None,
                                listClientOrderId: str | None = None, newClientOrderId: str | None = None,
                                timeout: float | None = None) -> Any:
        """OrderCancelRequest <F> for an order list; returns its ListStatus."""
        if orderListId is None and listClientOrderId is None:
            raise ValueError("give orderListId or listClientOrderId")
        cid = check_client_id("newClientOrderId", newClientOrderId or self.next_id())
        fields: list[tuple[int, Any]] = [(11, cid)]
        if listClientOrderId is not None:
            fields.append((25015, check_client_id("listClientOrderId", listClientOrderId)))
        if orderListId is not None:
            fields.append((66, int(orderListId)))
        fields.append((55, symbol.upper()))
        keys = (f"11:{cid}",) + ((f"25015:{listClientOrderId}",) if listClientOrderId else ())
        waiter = self._request("F", fields, keys, changes_state=True, client_order_id=cid)
        return await self._wait(waiter, timeout)

    async def cancel_replace_order(self, symbol: str, side: str, type: str, *, cancelReplaceMode: str = "STOP_ON_FAILURE",
                                   cancelOrderId: int | None = None, cancelOrigClientOrderId: str | None = None,
                                   cancelNewClientOrderId: str | None = None, cancelRestrictions: str | None = None,
                                   orderRateLimitExceededMode: str | None = None, timeout: float | None = None,
                                   **params: Any) -> dict[str, Any]:
        """OrderCancelRequestAndNewOrderSingle <XCN>: cancel, then place. Returns {"cancel": report, "new": report}.

        With STOP_ON_FAILURE a failed cancel raises FixCancelRejectedError and no order is placed.
        """
        mode = _choice({"STOP_ON_FAILURE": 1, "ALLOW_FAILURE": 2}, cancelReplaceMode, "cancelReplaceMode")
        cid = params.pop("newClientOrderId", None) or self.next_id()
        cancel_cid = check_client_id("cancelNewClientOrderId", cancelNewClientOrderId or self.next_id())
        new = order_fields({"symbol": symbol, "side": side, "type": type, **params}, cid)
        fields: list[tuple[int, Any]] = [(25033, mode)]
        if orderRateLimitExceededMode is not None:
            fields.append((25038, _choice({"DO_NOTHING": 1, "CANCEL_ONLY": 2}, orderRateLimitExceededMode,
                                          "orderRateLimitExceededMode")))
        target = _cancel_target(cancelOrderId, cancelOrigClientOrderId)
        fields += [t for t in target if t[0] == 37] + [(25034, cancel_cid)] + [t for t in target if t[0] == 41]
        if cancelRestrictions is not None:
            fields.append((25002, _choice(CANCEL_RESTRICTIONS, cancelRestrictions, "cancelRestrictions")))
        fields += new
        waiter = self._request("XCN", fields, (f"11:{cid}", f"11:{cancel_cid}"), changes_state=True,
                               client_order_id=cid, needed=("cancel", "new"))
        waiter.parts["mode"] = mode
        result = await self._wait(waiter, timeout)
        return {"cancel": result.get("cancel"), "new": result.get("new")}

    async def cancel_open_orders(self, symbol: str, *, newClientOrderId: str | None = None,
                                 timeout: float | None = None) -> MassCancelReport:
        """OrderMassCancelRequest <q>: cancel every open order of ``symbol`` (any session's)."""
        cid = check_client_id("newClientOrderId", newClientOrderId or self.next_id())
        # the CANCELED reports carry this ClOrdID too: only the OrderMassCancelReport answers
        waiter = self._request("q", [(11, cid), (55, symbol.upper()), (530, "1")], (f"11:{cid}",),
                               changes_state=True, client_order_id=cid, needed=("mass_report",))
        return await self._wait(waiter, timeout)

    async def amend_order_keep_priority(self, symbol: str, newQty: Any, *, orderId: int | None = None,
                                        origClientOrderId: str | None = None, newClientOrderId: str | None = None,
                                        timeout: float | None = None) -> Any:
        """OrderAmendKeepPriorityRequest <XAK>: lower an order's quantity, keeping its place in the queue."""
        cid = check_client_id("newClientOrderId", newClientOrderId or origClientOrderId or self.next_id())
        fields: list[tuple[int, Any]] = [(11, cid), *_cancel_target(orderId, origClientOrderId),
                                         (55, symbol.upper()), (38, _num(newQty, "newQty"))]
        waiter = self._request("XAK", fields, (f"11:{cid}",), changes_state=True, client_order_id=cid)
        return await self._wait(waiter, timeout)

    async def new_order_list(self, contingencyType: str, orders: Sequence[Mapping[str, Any]], *,
                             listClientOrderId: str | None = None, timeout: float | None = None) -> Any:
        """NewOrderList <E> (OCO, OTO, OTOCO); returns the list's ListStatus.

        Each order is a dict of ``new_order`` parameters, plus ``triggers``: [(trigger type, trigger index,
        action)], e.g. ``[("FILLED", 0, "RELEASE")]`` for an OTO's pending order (the docs' table).
        """
        list_id = check_client_id("listClientOrderId", listClientOrderId or self.next_id())
        fields = list_fields(contingencyType, orders, list_id, self.next_id)
        waiter = self._request("E", fields, (f"25014:{list_id}",), changes_state=True, client_order_id=list_id)
        return await self._wait(waiter, timeout)

    # -- answers -------------------------------------------------------------------------------------------------
    def _dispatch(self, msg: FixMessage) -> None:
        mt = msg.msg_type
        if mt == "8":
            report = to_execution_report(msg)
            self._emit(report)
            self._on_report(msg, report)
        elif mt == "N":
            status = to_list_status(msg)
            self._emit(status)
            key = f"25014:{msg.get(25014)}"
            if msg.get(431) == "7":
                self._fail(key, FixOrderRejectedError(msg.get_int(25016), msg.get(58, "order list rejected"),
                                                      message=msg))
            elif not self._part(key, "answer", status):
                self._part(f"25015:{msg.get(25015)}", "answer", status)
        elif mt == "9":
            key = f"11:{msg.get(11)}"
            error = FixCancelRejectedError(msg.get_int(25016), msg.get(58, "cancel rejected"), message=msg)
            waiter = self._waiters.get(key)
            if waiter is not None and "cancel" in waiter.needed:
                if waiter.parts.get("mode") == 1:  # STOP_ON_FAILURE: no new order follows
                    self._finish(waiter, error=error)
                else:
                    self._part(key, "cancel", error)
            else:
                self._fail(key, error)
        elif mt == "r":
            key = f"11:{msg.get(11)}"
            if msg.get(531) == "0":
                self._fail(key, FixCancelRejectedError(msg.get_int(25016), msg.get(58, "mass cancel rejected"),
                                                       message=msg))
            else:
                self._part(key, "mass_report", MassCancelReport(symbol=msg.get(55, ""), client_order_id=msg.get(11, ""),
                                                           canceled_orders=msg.get_int(533, 0) or 0))
        elif mt == "XAR":
            self._fail(f"11:{msg.get(11)}", FixAmendRejectedError(msg.get_int(25016), msg.get(58, "amend rejected"),
                                                                  message=msg))

    def _on_report(self, msg: FixMessage, report: Any) -> None:
        key = f"11:{msg.get(11)}"
        waiter = self._waiters.get(key)
        if waiter is None:
            return
        exec_type = msg.get(150)
        if "cancel" in waiter.needed:  # cancel-replace: the cancel's and the new order's reports
            part = "cancel" if exec_type == "4" and msg.get(41) else "new"
            if exec_type == "8" and part == "new":
                self._finish(waiter, error=FixOrderRejectedError(msg.get_int(25016), msg.get(58, "order rejected"),
                                                                 message=msg))
                return
            self._part(key, part, report)
            return
        if exec_type == "8":
            self._finish(waiter, error=FixOrderRejectedError(msg.get_int(25016), msg.get(58, "order rejected"),
                                                             message=msg))
            return
        self._part(key, "answer", report)

    def _fail(self, key: str, error: BaseException) -> None:
        waiter = self._waiters.get(key)
        if waiter is not None:
            self._finish(waiter, error=error)


def list_fields(contingency_type: str, orders: Sequence[Mapping[str, Any]], list_id: str,
                next_id: Any) -> list[tuple[int, Any]]:
    """NewOrderList <E> fields: ClListID, ContingencyType and the NoOrders group with its triggers."""
    if not 2 <= len(orders) <= 3:
        raise ValueError("an order list has 2 or 3 orders")
    fields: list[tuple[int, Any]] = [(25014, list_id),
                                     (1385, _choice(CONTINGENCY_CODE, contingency_type, "contingencyType")),
                                     (73, len(orders))]
    for order in orders:
        o = dict(order)
        triggers = o.pop("triggers", None) or ()
        cid = o.pop("newClientOrderId", None) or next_id()
        fields += order_fields(o, cid)
        if triggers:
            fields.append((25010, len(triggers)))
            for trigger_type, index, action in triggers:
                fields += [(25011, _choice(LIST_TRIGGER_TYPE, trigger_type, "trigger type")), (25012, int(index)),
                           (25013, _choice(LIST_TRIGGER_ACTION, action, "trigger action"))]
    return fields
