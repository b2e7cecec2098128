"""FIX messages -> the typed events of the user-data and market streams, so a bot's handlers work on either transport.

ExecutionReport <8> and ListStatus <N> become ``binance_fast.models.ExecutionReport`` / ``ListStatus`` (the
``executionReport`` / ``listStatus`` events of the user-data stream), with Binance's own enum names ("LIMIT",
"TRADE", "FILLED", ...). Market-data entries become ``Trade`` and ``BookTicker``. The FIX-only answers
(LimitResponse, OrderMassCancelReport, InstrumentList) have their own Structs here.

The mapping produces keyword arguments named as the stream models name their attributes; ``event_classes``
resolves the classes (the models package, or a plain stand-in with the same attributes where it is absent).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import msgspec

from .codec import FixMessage, parse_timestamp, parse_utc_timestamp

__all__ = [
    "ORD_TYPE", "SIDE", "TIME_IN_FORCE", "EXEC_TYPE", "ORD_STATUS", "STP_MODE", "CONTINGENCY", "LIST_STATUS_TYPE",
    "LIST_ORDER_STATUS", "order_type_name", "execution_report", "list_status", "LimitIndicator", "LimitResponse",
    "MassCancelReport", "Instrument", "event_classes",
]

# FIX code -> Binance name, and back (the names users type in REST and see in the user-data stream)
SIDE = {"1": "BUY", "2": "SELL"}
TIME_IN_FORCE = {"1": "GTC", "3": "IOC", "4": "FOK"}
EXEC_TYPE = {"0": "NEW", "4": "CANCELED", "5": "REPLACED", "8": "REJECTED", "F": "TRADE", "C": "EXPIRED"}
ORD_STATUS = {"0": "NEW", "1": "PARTIALLY_FILLED", "2": "FILLED", "4": "CANCELED", "6": "PENDING_CANCEL",
              "8": "REJECTED", "A": "PENDING_NEW", "C": "EXPIRED"}
STP_MODE = {"1": "NONE", "2": "EXPIRE_TAKER", "3": "EXPIRE_MAKER", "4": "EXPIRE_BOTH", "5": "DECREMENT",
            "6": "TRANSFER"}
CONTINGENCY = {"1": "OCO", "2": "OTO"}
LIST_STATUS_TYPE = {"2": "RESPONSE", "4": "EXEC_STARTED", "5": "ALL_DONE", "100": "UPDATED"}
LIST_ORDER_STATUS = {"3": "EXECUTING", "6": "ALL_DONE", "7": "REJECT"}
MATCH_TYPE = {"1": "ONE_PARTY_TRADE_REPORT", "4": "AUTO_MATCH"}
WORKING_FLOOR = {"1": "EXCHANGE", "2": "BROKER", "3": "SOR"}
ORD_TYPE = {"1": "MARKET", "2": "LIMIT", "3": "STOP", "4": "STOP_LIMIT"}


def order_type_name(ord_type: str, side: str, exec_inst: str | None, direction: str | None) -> str:
    """Binance's order type from OrdType(40), Side(54), ExecInst(18) and TriggerPriceDirection(1109).

    The docs' table: a BUY stop triggering upwards (or a SELL one downwards) is a stop loss, the other way a
    take profit; trailing take-profit orders may come without a direction.
    """
    if ord_type == "1":
        return "MARKET"
    if ord_type == "2":
        return "LIMIT_MAKER" if exec_inst == "6" else "LIMIT"
    if ord_type in ("3", "4"):
        stop_loss = direction is not None and ((side == "1") == (direction == "U"))
        base = "STOP_LOSS" if stop_loss else "TAKE_PROFIT"
        return base + "_LIMIT" if ord_type == "4" else base
    return ORD_TYPE.get(ord_type, ord_type)


def _num(text: str | None, number: type = float) -> Any:
    return number(text) if text else number(0)


def _opt_num(text: str | None, number: type = float) -> Any:
    return number(text) if text else None


def _opt_int(text: str | None) -> int | None:
    return int(text) if text else None


def _time(text: str | None, default: int = -1) -> int:
    return parse_timestamp(text) if text else default


def _ts(text: str) -> int:
    try:
        return parse_utc_timestamp(text)
    except ValueError:
        return parse_timestamp(text)  # raises the typed FixDecodeError


def _yes(text: str) -> bool:
    return text == "Y"


# conditional fields: present on some reports only; the models default them to None
_OPTIONAL: tuple[tuple[int, str, Any], ...] = (
    (25023, "working_time", _ts), (25009, "trailing_delta", int), (25022, "trailing_time", _ts),
    (7940, "strategy_id", int), (847, "strategy_type", int), (25024, "prevented_match_id", int),
    (25030, "prevented_quantity", None), (25031, "last_prevented_quantity", None), (25027, "trade_group_id", int),
    (25029, "counter_order_id", int), (25028, "counter_symbol", str), (25026, "prevented_execution_quantity", None),
    (25025, "prevented_execution_price", None), (574, "match_type", MATCH_TYPE.get),
    (70, "allocation_id", int), (25021, "working_floor", WORKING_FLOOR.get), (25032, "used_sor", _yes),
)


def execution_report(msg: FixMessage, *, decimal: bool = False) -> dict[str, Any]:
    """The ``executionReport`` attributes of an ExecutionReport <8> (conditional ones only where present)."""
    d = msg.as_dict()
    g = d.get
    number: Any = Decimal if decimal else float
    zero: Any = number(0)
    side = g(54, "")
    exec_type = EXEC_TYPE.get(g(150, ""), g(150, ""))
    x = g(32)
    last_qty = number(x) if x else zero
    x = g(31)
    last_px = number(x) if x else zero
    commission: Any = zero
    commission_asset = None
    if 136 in d:
        for fee in msg.group(136):
            x = fee.get(137)
            commission += number(x) if x else zero
            commission_asset = fee.get(138)
    if exec_type == "EXPIRED" and 25024 in d:
        exec_type = "TRADE_PREVENTION"
    x = g(60)
    transact = _ts(x) if x else -1
    x = g(52)
    sent = _ts(x) if x else transact
    x = g(25018)
    created = _ts(x) if x else -1
    out = {
        "event_type": "executionReport",
        "event_time": sent,
        "symbol": g(55, ""),
        "client_order_id": g(11, ""),
        "side": SIDE.get(side, side),
        "order_type": order_type_name(g(40, ""), side, g(18), g(1109)),
        "time_in_force": TIME_IN_FORCE.get(g(59, ""), "GTC"),
        "quantity": number(g(38) or 0),
        "price": number(g(44) or 0),
        "stop_price": number(g(1102) or 0),
        "iceberg_quantity": number(g(111) or 0),
        "order_list_id": int(g(66) or -1),
        "orig_client_order_id": g(41, ""),
        "execution_type": exec_type,
        "order_status": ORD_STATUS.get(g(39, ""), g(39, "")),
        "reject_reason": g(58, "NONE") if exec_type == "REJECTED" else "NONE",
        "order_id": int(g(37) or -1),
        "last_executed_quantity": last_qty,
        "cumulative_filled_quantity": number(g(14) or 0),
        "last_executed_price": last_px,
        "commission": commission,
        "commission_asset": commission_asset,
        "transaction_time": transact,
        "trade_id": int(g(1003) or -1),
        "execution_id": int(g(17) or -1),
        "is_on_book": g(636) == "Y",
        "is_maker": g(1057) == "N",
        "order_creation_time": created,
        "cumulative_quote_quantity": number(g(25017) or 0),
        "last_quote_quantity": last_qty * last_px,
        "quote_order_quantity": number(g(152) or 0),
        "self_trade_prevention_mode": STP_MODE.get(g(25001, ""), "NONE"),
    }
    for tag, name, convert in _OPTIONAL:
        x = g(tag)
        if x:
            out[name] = number(x) if convert is None else convert(x)
    return out


def list_status(msg: FixMessage) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The ``listStatus`` attributes of a ListStatus <N>, and its orders' attributes."""
    g = msg.get
    transact = _time(g(60))
    orders = [{"symbol": o.get(55, g(55, "")), "order_id": int(o.get(37) or -1), "client_order_id": o.get(11, "")}
              for o in (msg.group(73) if 73 in msg else ())]
    status = LIST_ORDER_STATUS.get(g(431, ""), g(431, ""))
    return {
        "event_type": "listStatus",
        "event_time": _time(g(52), transact),
        "symbol": g(55, ""),
        "order_list_id": int(g(66) or -1),
        "contingency_type": CONTINGENCY.get(g(1385, ""), g(1385, "")),
        "list_status_type": LIST_STATUS_TYPE.get(g(429, ""), g(429, "")),
        "list_order_status": status,
        "list_reject_reason": g(58, "NONE") if status == "REJECT" else "NONE",
        "list_client_order_id": g(25014, ""),
        "transaction_time": transact,
    }, orders


class LimitIndicator(msgspec.Struct, frozen=True, kw_only=True):
    """One entry of a LimitResponse: ``limit_type`` is ORDER_LIMIT, MESSAGE_LIMIT or SUBSCRIPTION_LIMIT."""

    limit_type: str
    count: int
    limit: int
    interval: int | None = None
    interval_unit: str | None = None  # SECOND, MINUTE, HOUR, DAY


class LimitResponse(msgspec.Struct, frozen=True, kw_only=True):
    """LimitResponse <XLR>: current use of the order and message limits."""

    request_id: str
    limits: list[LimitIndicator]


class MassCancelReport(msgspec.Struct, frozen=True, kw_only=True):
    """OrderMassCancelReport <r> of an accepted mass cancel."""

    symbol: str
    client_order_id: str
    canceled_orders: int


class Instrument(msgspec.Struct, frozen=True, kw_only=True):
    """One symbol of an InstrumentList <y>."""

    symbol: str
    quote_asset: str
    min_quantity: Decimal | None = None
    max_quantity: Decimal | None = None
    quantity_step: Decimal | None = None
    market_min_quantity: Decimal | None = None
    market_max_quantity: Decimal | None = None
    market_quantity_step: Decimal | None = None
    price_step: Decimal | None = None
    min_price: Decimal | None = None
    max_price: Decimal | None = None


_LIMIT_TYPE = {"1": "ORDER_LIMIT", "2": "MESSAGE_LIMIT", "3": "SUBSCRIPTION_LIMIT"}
_UNIT = {"s": "SECOND", "m": "MINUTE", "h": "HOUR", "d": "DAY"}


def limit_response(msg: FixMessage) -> LimitResponse:
    return LimitResponse(request_id=msg.get(6136, ""), limits=[
        LimitIndicator(limit_type=_LIMIT_TYPE.get(e.get(25004, ""), e.get(25004, "")), count=int(e.get(25005, 0)),
                       limit=int(e.get(25006, 0)), interval=_opt_int(e.get(25007)),
                       interval_unit=_UNIT.get(e.get(25008, ""), e.get(25008)))
        for e in msg.group(25003)])


def instruments(msg: FixMessage) -> list[Instrument]:
    d = _opt_num
    return [Instrument(symbol=e.get(55, ""), quote_asset=e.get(15, ""), min_quantity=d(e.get(562), Decimal),
                       max_quantity=d(e.get(1140), Decimal), quantity_step=d(e.get(25039), Decimal),
                       market_min_quantity=d(e.get(25040), Decimal), market_max_quantity=d(e.get(25041), Decimal),
                       market_quantity_step=d(e.get(25042), Decimal), price_step=d(e.get(969), Decimal),
                       min_price=d(e.get(2551), Decimal), max_price=d(e.get(2552), Decimal))
            for e in msg.group(146, "md")]


class _StandIn:
    """Where binance_fast.models is absent: an event with the same attribute names as the model would have."""

    event_name = "event"

    def __init__(self, **attrs: Any):
        self.__dict__.update(attrs)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.__dict__ == self.__dict__

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v!r}" for k, v in self.__dict__.items())
        return f"{type(self).__name__}({inner})"


_CLASSES: dict[str, type] | None = None


def event_classes() -> dict[str, type]:
    """name -> class of the events FIX produces: ExecutionReport, ListStatus, ListOrder, Trade, BookTicker."""
    global _CLASSES
    if _CLASSES is None:
        names = ("ExecutionReport", "ListStatus", "ListOrder", "Trade", "BookTicker")
        try:
            from .. import models  # type: ignore[attr-defined]

            _CLASSES = {name: getattr(models, name) for name in names}
        except (ImportError, AttributeError):
            _CLASSES = {name: type(name, (_StandIn,), {}) for name in names}
    return _CLASSES


def to_execution_report(msg: FixMessage, *, decimal: bool = False) -> Any:
    return event_classes()["ExecutionReport"](**execution_report(msg, decimal=decimal))


def to_list_status(msg: FixMessage) -> Any:
    classes = event_classes()
    attrs, orders = list_status(msg)
    return classes["ListStatus"](orders=[classes["ListOrder"](**o) for o in orders], **attrs)
