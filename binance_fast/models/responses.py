"""Typed REST responses (``Client(typed=True)``): msgspec Structs for the hot answers, numpy for depth and klines.

Attribute names are the wire names in snake_case (``orderId`` -> ``order_id``); prices and quantities, strings
on the wire, decode to float. ``TYPED_DECODERS`` maps (product, method, path) to the decoder of its answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Union

import msgspec
import numpy as np

# -- orders --------------------------------------------------------------------------------------------


class Fill(msgspec.Struct, rename="camel", kw_only=True):
    price: float
    qty: float
    commission: float = 0.0
    commission_asset: str = ""
    trade_id: int = 0


class SpotOrder(msgspec.Struct, rename="camel", kw_only=True):
    """A spot order: the answer of new / query / cancel order (ACK, RESULT or FULL)."""

    symbol: str
    order_id: int
    order_list_id: int = -1
    client_order_id: str = ""
    orig_client_order_id: str = ""
    transact_time: int = 0
    time: int = 0
    update_time: int = 0
    price: float = 0.0
    orig_qty: float = 0.0
    executed_qty: float = 0.0
    cummulative_quote_qty: float = 0.0
    orig_quote_order_qty: float = 0.0
    stop_price: float = 0.0
    iceberg_qty: float = 0.0
    status: str = ""
    time_in_force: str = ""
    type: str = ""
    side: str = ""
    working_time: int = 0
    is_working: bool = False
    self_trade_prevention_mode: str = ""
    fills: list[Fill] = []


class FuturesOrder(msgspec.Struct, rename="camel", kw_only=True):
    """A USD-M / COIN-M / portfolio-margin UM order."""

    symbol: str
    order_id: int
    client_order_id: str = ""
    pair: str = ""
    status: str = ""
    side: str = ""
    position_side: str = ""
    type: str = ""
    orig_type: str = ""
    time_in_force: str = ""
    price: float = 0.0
    avg_price: float = 0.0
    orig_qty: float = 0.0
    executed_qty: float = 0.0
    cum_qty: float = 0.0
    cum_quote: float = 0.0
    cum_base: float = 0.0
    stop_price: float = 0.0
    activate_price: float = 0.0
    price_rate: float = 0.0
    reduce_only: bool = False
    close_position: bool = False
    price_protect: bool = False
    working_type: str = ""
    price_match: str = ""
    self_trade_prevention_mode: str = ""
    good_till_date: int = 0
    time: int = 0
    update_time: int = 0


# -- market data ----------------------------------------------------------------------------------------


class _DepthWire(msgspec.Struct, rename="camel", kw_only=True):
    last_update_id: int
    bids: list[tuple[float, float]]
    asks: list[tuple[float, float]]
    event_time: int = msgspec.field(default=0, name="E")
    transaction_time: int = msgspec.field(default=0, name="T")
    symbol: str = ""
    pair: str = ""


class Depth(msgspec.Struct, kw_only=True):
    """An order-book snapshot; ``bids`` / ``asks`` are contiguous float64 arrays of shape (n, 2): price, qty."""

    last_update_id: int
    bids: Any
    asks: Any
    event_time: int = 0          # futures only: message output time (E)
    transaction_time: int = 0    # futures only (T)
    symbol: str = ""


def _levels(levels: list[tuple[float, float]]) -> np.ndarray:
    return np.array(levels, dtype=np.float64).reshape(-1, 2)


_depth_decoder = msgspec.json.Decoder(_DepthWire, strict=False)


def decode_depth(data: bytes) -> Depth:
    w = _depth_decoder.decode(data)
    return Depth(last_update_id=w.last_update_id, bids=_levels(w.bids), asks=_levels(w.asks),
                 event_time=w.event_time, transaction_time=w.transaction_time, symbol=w.symbol)


# kline columns in wire order (klines decode to float64 arrays of shape (n, 12) in this order)
KLINE_COLUMNS = ("open_time", "open", "high", "low", "close", "volume", "close_time", "quote_volume", "trades",
                 "taker_buy_base_volume", "taker_buy_quote_volume", "ignore")

_klines_decoder = msgspec.json.Decoder(list[list[float]], strict=False)


def decode_klines(data: bytes) -> np.ndarray:
    """Klines as a float64 array (n, 12), columns ``KLINE_COLUMNS`` (times in ms are exact in float64)."""
    rows = _klines_decoder.decode(data)
    return np.array(rows, dtype=np.float64).reshape(-1, len(rows[0]) if rows else 12)


class Ticker24h(msgspec.Struct, rename="camel", kw_only=True):
    symbol: str
    price_change: float = 0.0
    price_change_percent: float = 0.0
    weighted_avg_price: float = 0.0
    prev_close_price: float = 0.0
    last_price: float = 0.0
    last_qty: float = 0.0
    bid_price: float = 0.0
    bid_qty: float = 0.0
    ask_price: float = 0.0
    ask_qty: float = 0.0
    open_price: float = 0.0
    high_price: float = 0.0
    low_price: float = 0.0
    volume: float = 0.0
    quote_volume: float = 0.0
    base_volume: float = 0.0
    open_time: int = 0
    close_time: int = 0
    first_id: int = 0
    last_id: int = 0
    count: int = 0
    pair: str = ""


class PriceTicker(msgspec.Struct, rename="camel", kw_only=True):
    symbol: str
    price: float
    time: int = 0
    ps: str = ""


class BookTicker(msgspec.Struct, rename="camel", kw_only=True):
    symbol: str
    bid_price: float
    bid_qty: float
    ask_price: float
    ask_qty: float
    time: int = 0
    last_update_id: int = 0
    pair: str = ""


# -- account --------------------------------------------------------------------------------------------


class Balance(msgspec.Struct, kw_only=True):
    asset: str
    free: float
    locked: float


class SpotAccount(msgspec.Struct, rename="camel", kw_only=True):
    maker_commission: int = 0
    taker_commission: int = 0
    buyer_commission: int = 0
    seller_commission: int = 0
    can_trade: bool = False
    can_withdraw: bool = False
    can_deposit: bool = False
    update_time: int = 0
    account_type: str = ""
    balances: list[Balance] = []
    permissions: list[str] = []
    uid: int = 0


class FuturesAsset(msgspec.Struct, rename="camel", kw_only=True):
    asset: str
    wallet_balance: float = 0.0
    unrealized_profit: float = 0.0
    margin_balance: float = 0.0
    maint_margin: float = 0.0
    initial_margin: float = 0.0
    available_balance: float = 0.0
    max_withdraw_amount: float = 0.0
    cross_wallet_balance: float = 0.0
    update_time: int = 0


class FuturesPosition(msgspec.Struct, rename="camel", kw_only=True):
    symbol: str
    position_side: str = ""
    position_amt: float = 0.0
    unrealized_profit: float = 0.0
    initial_margin: float = 0.0
    maint_margin: float = 0.0
    entry_price: float = 0.0
    leverage: float = 0.0
    isolated: bool = False
    notional: float = 0.0
    update_time: int = 0


class FuturesAccount(msgspec.Struct, rename="camel", kw_only=True):
    total_initial_margin: float = 0.0
    total_maint_margin: float = 0.0
    total_wallet_balance: float = 0.0
    total_unrealized_profit: float = 0.0
    total_margin_balance: float = 0.0
    total_cross_wallet_balance: float = 0.0
    available_balance: float = 0.0
    max_withdraw_amount: float = 0.0
    can_trade: bool = True
    update_time: int = 0
    assets: list[FuturesAsset] = []
    positions: list[FuturesPosition] = []


class ServerTime(msgspec.Struct, rename="camel"):
    server_time: int


class ListenKey(msgspec.Struct, rename="camel"):
    listen_key: str


# -- endpoint -> decoder --------------------------------------------------------------------------------


def _decoder(t: Any) -> Callable[[bytes], Any]:
    return msgspec.json.Decoder(t, strict=False).decode


def _build() -> dict[tuple[str, str, str], Callable[[bytes], Any]]:
    d: dict[tuple[str, str, str], Callable[[bytes], Any]] = {}
    spot_order, futures_order = _decoder(SpotOrder), _decoder(FuturesOrder)
    for m in ("POST", "GET", "DELETE"):
        d[("spot", m, "/api/v3/order")] = spot_order
    d[("spot", "GET", "/api/v3/openOrders")] = d[("spot", "GET", "/api/v3/allOrders")] = _decoder(list[SpotOrder])
    d[("spot", "GET", "/api/v3/account")] = _decoder(SpotAccount)
    for product, pre in (("usdm", "/fapi/v1"), ("coinm", "/dapi/v1")):
        for m in ("POST", "GET", "DELETE", "PUT"):
            d[(product, m, f"{pre}/order")] = futures_order
        d[(product, "GET", f"{pre}/openOrders")] = d[(product, "GET", f"{pre}/allOrders")] = \
            _decoder(list[FuturesOrder])
        d[(product, "GET", f"{pre}/depth")] = decode_depth
        for k in ("klines", "continuousKlines", "indexPriceKlines", "markPriceKlines", "premiumIndexKlines"):
            d[(product, "GET", f"{pre}/{k}")] = decode_klines
        d[(product, "GET", f"{pre}/ticker/24hr")] = _decoder(Union[Ticker24h, list[Ticker24h]])
        d[(product, "GET", f"{pre}/ticker/price")] = _decoder(Union[PriceTicker, list[PriceTicker]])
        d[(product, "GET", f"{pre}/ticker/bookTicker")] = _decoder(Union[BookTicker, list[BookTicker]])
        d[(product, "GET", f"{pre}/time")] = _decoder(ServerTime)
        d[(product, "POST", f"{pre}/listenKey")] = _decoder(ListenKey)
    d[("usdm", "GET", "/fapi/v2/ticker/price")] = d[("usdm", "GET", "/fapi/v1/ticker/price")]
    d[("usdm", "GET", "/fapi/v2/account")] = d[("usdm", "GET", "/fapi/v3/account")] = _decoder(FuturesAccount)
    d[("pm", "POST", "/papi/v1/um/order")] = futures_order
    d[("spot", "GET", "/api/v3/depth")] = decode_depth
    d[("spot", "GET", "/api/v3/klines")] = d[("spot", "GET", "/api/v3/uiKlines")] = decode_klines
    d[("spot", "GET", "/api/v3/ticker/24hr")] = _decoder(Union[Ticker24h, list[Ticker24h]])
    d[("spot", "GET", "/api/v3/ticker/price")] = _decoder(Union[PriceTicker, list[PriceTicker]])
    d[("spot", "GET", "/api/v3/ticker/bookTicker")] = _decoder(Union[BookTicker, list[BookTicker]])
    d[("spot", "GET", "/api/v3/time")] = _decoder(ServerTime)
    d[("spot", "POST", "/api/v3/userDataStream")] = _decoder(ListenKey)
    d[("options", "GET", "/eapi/v1/time")] = _decoder(ServerTime)
    return d


TYPED_DECODERS = _build()

__all__ = ["Fill", "SpotOrder", "FuturesOrder", "Depth", "decode_depth", "decode_klines", "KLINE_COLUMNS",
           "Ticker24h", "PriceTicker", "BookTicker", "Balance", "SpotAccount", "FuturesAsset", "FuturesPosition",
           "FuturesAccount", "ServerTime", "ListenKey", "TYPED_DECODERS"]
