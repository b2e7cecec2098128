"""Market-stream events of spot, USD-M and COIN-M futures (trades, klines, tickers, depth, mark price, ...)."""

from __future__ import annotations

from typing import Any

from ._base import Event, Record, to_number, wire

__all__ = [
    "AggTrade", "Trade", "Kline", "KlineEvent", "MiniTicker", "Ticker", "RollingWindowTicker", "BookTicker",
    "AvgPrice", "DepthUpdate", "PartialDepth", "MarkPrice", "IndexPrice", "LiquidationOrder", "ForceOrder",
    "NotionalBracket", "ContractInfo", "CompositeIndexComponent", "CompositeIndex", "AssetIndex",
]


class AggTrade(Event, frozen=True, kw_only=True):
    """``aggTrade``: trades of one taker order at one price, aggregated."""

    event_type: str = wire("e")
    event_time: int = wire("E")
    symbol: str = wire("s")
    agg_trade_id: int = wire("a")
    price: float = wire("p")
    quantity: float = wire("q")
    first_trade_id: int = wire("f")
    last_trade_id: int = wire("l")
    trade_time: int = wire("T")
    is_buyer_maker: bool = wire("m")
    ignore: bool | None = wire("M", None)  # spot only


class Trade(Event, frozen=True, kw_only=True):
    """``trade``: one raw trade."""

    event_type: str = wire("e")
    event_time: int = wire("E")
    symbol: str = wire("s")
    trade_id: int = wire("t")
    price: float = wire("p")
    quantity: float = wire("q")
    trade_time: int = wire("T")
    is_buyer_maker: bool = wire("m")
    ignore: bool | None = wire("M", None)
    buyer_order_id: int | None = wire("b", None)  # older spot frames
    seller_order_id: int | None = wire("a", None)
    trade_type: str | None = wire("X", None)  # futures: MARKET / ADL / INSURANCE_FUND / NA


class Kline(Record, frozen=True, kw_only=True):
    """The candle inside a kline event (``k``)."""

    start_time: int = wire("t")
    close_time: int = wire("T")
    symbol: str | None = wire("s", None)  # absent from continuous-contract klines
    interval: str = wire("i")
    first_trade_id: int = wire("f")
    last_trade_id: int = wire("L")
    open: float = wire("o")
    close: float = wire("c")
    high: float = wire("h")
    low: float = wire("l")
    volume: float = wire("v")
    trade_count: int = wire("n")
    is_closed: bool = wire("x")
    quote_volume: float = wire("q")
    taker_buy_volume: float = wire("V")
    taker_buy_quote_volume: float = wire("Q")
    ignore: str | None = wire("B", None)


class KlineEvent(Event, frozen=True, kw_only=True):
    """``kline``, ``continuous_kline``, ``indexPrice_kline``, ``markPrice_kline``: one candle update."""

    event_type: str = wire("e")
    event_time: int = wire("E")
    symbol: str | None = wire("s", None)
    pair: str | None = wire("ps", None)  # continuous, index and mark-price klines
    contract_type: str | None = wire("ct", None)  # continuous klines
    kline: Kline = wire("k")


class MiniTicker(Event, frozen=True, kw_only=True):
    """``24hrMiniTicker``: 24h rolling-window OHLC and volume."""

    event_type: str = wire("e")
    event_time: int = wire("E")
    symbol: str = wire("s")
    pair: str | None = wire("ps", None)  # COIN-M
    close: float = wire("c")
    open: float = wire("o")
    high: float = wire("h")
    low: float = wire("l")
    volume: float = wire("v")
    quote_volume: float = wire("q")


class Ticker(Event, frozen=True, kw_only=True):
    """``24hrTicker``: 24h rolling-window statistics."""

    event_type: str = wire("e")
    event_time: int = wire("E")
    symbol: str = wire("s")
    pair: str | None = wire("ps", None)
    price_change: float = wire("p")
    price_change_percent: float = wire("P")
    weighted_avg_price: float = wire("w")
    prev_close_price: float | None = wire("x", None)  # spot
    last_price: float = wire("c")
    last_quantity: float = wire("Q")
    bid_price: float | None = wire("b", None)  # spot
    bid_quantity: float | None = wire("B", None)
    ask_price: float | None = wire("a", None)
    ask_quantity: float | None = wire("A", None)
    open: float = wire("o")
    high: float = wire("h")
    low: float = wire("l")
    volume: float = wire("v")
    quote_volume: float = wire("q")
    open_time: int = wire("O")
    close_time: int = wire("C")
    first_trade_id: int = wire("F")
    last_trade_id: int = wire("L")
    trade_count: int = wire("n")


class RollingWindowTicker(Event, frozen=True, kw_only=True):
    """``1hTicker``, ``4hTicker``, ``1dTicker``: rolling-window statistics (spot)."""

    event_type: str = wire("e")
    event_time: int = wire("E")
    symbol: str = wire("s")
    price_change: float = wire("p")
    price_change_percent: float = wire("P")
    open: float = wire("o")
    high: float = wire("h")
    low: float = wire("l")
    last_price: float = wire("c")
    weighted_avg_price: float = wire("w")
    volume: float = wire("v")
    quote_volume: float = wire("q")
    open_time: int = wire("O")
    close_time: int = wire("C")
    first_trade_id: int = wire("F")
    last_trade_id: int = wire("L")
    trade_count: int = wire("n")


class BookTicker(Event, frozen=True, kw_only=True):
    """``bookTicker``: best bid and ask (spot frames carry no ``e``/``E``; COIN-M adds ``ps``)."""

    event_type: str = wire("e", "bookTicker")
    update_id: int = wire("u")
    event_time: int | None = wire("E", None)
    transaction_time: int | None = wire("T", None)
    symbol: str = wire("s")
    pair: str | None = wire("ps", None)
    bid_price: float = wire("b")
    bid_quantity: float = wire("B")
    ask_price: float = wire("a")
    ask_quantity: float = wire("A")


class AvgPrice(Event, frozen=True, kw_only=True):
    """``avgPrice``: the average price over an interval (spot)."""

    event_type: str = wire("e")
    event_time: int = wire("E")
    symbol: str = wire("s")
    interval: str = wire("i")
    price: float = wire("w")
    last_trade_time: int = wire("T")


class DepthUpdate(Event, frozen=True):
    """``depthUpdate``: a diff of the book (and futures partial depth); bids/asks are float64 (n, 2) arrays.

    ``prev_final_update_id`` (``pu``) links futures diffs; it is -1 on spot.
    """

    # positional order is the one the compiled decoder builds
    event_type: str = wire("e")
    event_time: int = wire("E")
    symbol: str = wire("s")
    first_update_id: int = wire("U")
    final_update_id: int = wire("u")
    bids: Any = wire("b")
    asks: Any = wire("a")
    prev_final_update_id: int = wire("pu", -1)
    transaction_time: int | None = wire("T", None)
    pair: str | None = wire("ps", None)


class PartialDepth(Event, frozen=True):
    """Spot partial depth (``<symbol>@depth<levels>``): top levels; bids/asks are float64 (n, 2) arrays.

    The frame carries no symbol; the client fills ``symbol`` from the stream name when it knows it.
    """

    last_update_id: int = wire("lastUpdateId")
    bids: Any = wire("bids")
    asks: Any = wire("asks")
    event_type: str = wire("e", "depth")
    symbol: str | None = wire("s", None)


class MarkPrice(Event, frozen=True, kw_only=True):
    """``markPriceUpdate``: mark price, index price and funding (``r`` is empty for delivery contracts)."""

    event_type: str = wire("e")
    event_time: int = wire("E")
    symbol: str = wire("s")
    mark_price: float = wire("p")
    index_price: float = wire("i")
    estimated_settle_price: float = wire("P")
    funding_rate_raw: str = wire("r")
    next_funding_time: int = wire("T")

    @property
    def funding_rate(self) -> Any:
        """The funding rate as a number, None where Binance sends an empty string."""
        return to_number(type(self), self.funding_rate_raw)


class IndexPrice(Event, frozen=True, kw_only=True):
    """``indexPriceUpdate``: the index price of a pair (COIN-M)."""

    event_type: str = wire("e")
    event_time: int = wire("E")
    pair: str = wire("i")
    index_price: float = wire("p")


class LiquidationOrder(Record, frozen=True, kw_only=True):
    """The order inside a ``forceOrder`` event."""

    symbol: str = wire("s")
    pair: str | None = wire("ps", None)
    side: str = wire("S")
    order_type: str = wire("o")
    time_in_force: str = wire("f")
    quantity: float = wire("q")
    price: float = wire("p")
    avg_price: float = wire("ap")
    status: str = wire("X")
    last_filled_quantity: float = wire("l")
    filled_quantity: float = wire("z")
    trade_time: int = wire("T")


class ForceOrder(Event, frozen=True, kw_only=True):
    """``forceOrder``: a liquidation."""

    event_type: str = wire("e")
    event_time: int = wire("E")
    order: LiquidationOrder = wire("o")


class NotionalBracket(Record, frozen=True, kw_only=True):
    """One leverage bracket of a ``contractInfo`` event."""

    bracket: int = wire("bs")
    notional_floor: float = wire("bnf")
    notional_cap: float = wire("bnc")
    maint_margin_ratio: float = wire("mmr")
    cum: float = wire("cf")
    min_leverage: int = wire("mi")
    max_leverage: int = wire("ma")


class ContractInfo(Event, frozen=True, kw_only=True):
    """``contractInfo``: a contract listed, settled or its brackets changed (futures)."""

    event_type: str = wire("e")
    event_time: int = wire("E")
    symbol: str = wire("s")
    pair: str = wire("ps")
    contract_type: str = wire("ct")
    delivery_time: int = wire("dt")
    onboard_time: int = wire("ot")
    status: str = wire("cs")
    brackets: list[NotionalBracket] | None = wire("bks", None)


class CompositeIndexComponent(Record, frozen=True, kw_only=True):
    """One constituent of a composite index."""

    base_asset: str = wire("b")
    quote_asset: str = wire("q")
    weight_in_quantity: float = wire("w")
    weight_in_percentage: float = wire("W")
    index_price: float = wire("i")


class CompositeIndex(Event, frozen=True, kw_only=True):
    """``compositeIndex``: a composite index and its constituents (USD-M)."""

    event_type: str = wire("e")
    event_time: int = wire("E")
    symbol: str = wire("s")
    price: float = wire("p")
    asset_type: str = wire("C")
    components: list[CompositeIndexComponent] = wire("c")


class AssetIndex(Event, frozen=True, kw_only=True):
    """``assetIndexUpdate``: multi-assets-mode asset index (USD-M)."""

    event_type: str = wire("e")
    event_time: int = wire("E")
    symbol: str = wire("s")
    index_price: float = wire("i")
    bid_buffer: float = wire("b")
    ask_buffer: float = wire("a")
    bid_rate: float = wire("B")
    ask_rate: float = wire("A")
    auto_exchange_bid_buffer: float = wire("q")
    auto_exchange_ask_buffer: float = wire("g")
    auto_exchange_bid_rate: float = wire("Q")
    auto_exchange_ask_rate: float = wire("G")
