"""User-data-stream events: spot, USD-M and COIN-M futures, Options, Portfolio Margin Pro."""

from __future__ import annotations

from ._base import Event, Record, wire

__all__ = [
    # spot
    "AccountBalance", "OutboundAccountPosition", "BalanceUpdate", "ExternalLockUpdate", "ExecutionReport",
    "ListOrder", "ListStatus", "ListenKeyExpired", "EventStreamTerminated",
    # futures
    "FuturesBalance", "FuturesPosition", "AccountUpdateData", "AccountUpdate", "MarginCallPosition", "MarginCall",
    "FuturesOrder", "OrderTradeUpdate", "TradeLite", "LeverageConfig", "MultiAssetsConfig", "AccountConfigUpdate",
    "GridUpdateData", "GridUpdate", "StrategyUpdateData", "StrategyUpdate", "RejectedOrder",
    "ConditionalOrderTriggerReject",
    # options, portfolio margin pro
    "OptionsBalance", "OptionsGreek", "OptionsPosition", "OptionsAccountUpdate", "OptionsFill", "OptionsOrder",
    "OptionsOrderTradeUpdate", "OptionsRiskLevelChange", "RiskLevelChange",
]


# --- spot -------------------------------------------------------------------------------------------------------

class AccountBalance(Record, frozen=True, kw_only=True):
    """One asset of ``outboundAccountPosition``."""

    asset: str = wire("a")
    free: float = wire("f")
    locked: float = wire("l")


class OutboundAccountPosition(Event, frozen=True, kw_only=True):
    """``outboundAccountPosition``: balances that changed."""

    event_type: str = wire("e")
    event_time: int = wire("E")
    last_update_time: int = wire("u")
    balances: list[AccountBalance] = wire("B")


class BalanceUpdate(Event, frozen=True, kw_only=True):
    """``balanceUpdate``: a deposit, withdrawal or transfer."""

    event_type: str = wire("e")
    event_time: int = wire("E")
    asset: str = wire("a")
    delta: float = wire("d")
    clear_time: int = wire("T")


class ExternalLockUpdate(Event, frozen=True, kw_only=True):
    """``externalLockUpdate``: spot balance locked or unlocked by an external system."""

    event_type: str = wire("e")
    event_time: int = wire("E")
    asset: str = wire("a")
    delta: float = wire("d")
    transaction_time: int = wire("T")


class ExecutionReport(Event, frozen=True, kw_only=True):
    """``executionReport``: an order changed (new, trade, canceled, expired, ...), with the conditional fields."""

    event_type: str = wire("e")
    event_time: int = wire("E")
    symbol: str = wire("s")
    client_order_id: str = wire("c")
    side: str = wire("S")
    order_type: str = wire("o")
    time_in_force: str = wire("f")
    quantity: float = wire("q")
    price: float = wire("p")
    stop_price: float = wire("P")
    iceberg_quantity: float = wire("F")
    order_list_id: int = wire("g")
    orig_client_order_id: str = wire("C")
    execution_type: str = wire("x")
    order_status: str = wire("X")
    reject_reason: str = wire("r")
    order_id: int = wire("i")
    last_executed_quantity: float = wire("l")
    cumulative_filled_quantity: float = wire("z")
    last_executed_price: float = wire("L")
    commission: float = wire("n")
    commission_asset: str | None = wire("N")
    transaction_time: int = wire("T")
    trade_id: int = wire("t")
    execution_id: int = wire("I")
    is_on_book: bool = wire("w")
    is_maker: bool = wire("m")
    ignore: bool | None = wire("M", None)
    order_creation_time: int = wire("O")
    cumulative_quote_quantity: float = wire("Z")
    last_quote_quantity: float = wire("Y")
    quote_order_quantity: float = wire("Q")
    self_trade_prevention_mode: str = wire("V")
    # conditional fields
    working_time: int | None = wire("W", None)
    trailing_delta: int | None = wire("d", None)
    trailing_time: int | None = wire("D", None)
    strategy_id: int | None = wire("j", None)
    strategy_type: int | None = wire("J", None)
    prevented_match_id: int | None = wire("v", None)
    prevented_quantity: float | None = wire("A", None)
    last_prevented_quantity: float | None = wire("B", None)
    trade_group_id: int | None = wire("u", None)
    counter_order_id: int | None = wire("U", None)
    counter_symbol: str | None = wire("Cs", None)
    prevented_execution_quantity: float | None = wire("pl", None)
    prevented_execution_price: float | None = wire("pL", None)
    prevented_execution_quote_quantity: float | None = wire("pY", None)
    match_type: str | None = wire("b", None)
    allocation_id: int | None = wire("a", None)
    working_floor: str | None = wire("k", None)
    used_sor: bool | None = wire("uS", None)


class ListOrder(Record, frozen=True, kw_only=True):
    """One order of a ``listStatus``."""

    symbol: str = wire("s")
    order_id: int = wire("i")
    client_order_id: str = wire("c")


class ListStatus(Event, frozen=True, kw_only=True):
    """``listStatus``: an order list (OCO, OTO, OTOCO) changed."""

    event_type: str = wire("e")
    event_time: int = wire("E")
    symbol: str = wire("s")
    order_list_id: int = wire("g")
    contingency_type: str = wire("c")
    list_status_type: str = wire("l")
    list_order_status: str = wire("L")
    list_reject_reason: str = wire("r")
    list_client_order_id: str = wire("C")
    transaction_time: int = wire("T")
    orders: list[ListOrder] = wire("O")


class ListenKeyExpired(Event, frozen=True, kw_only=True):
    """``listenKeyExpired``: the listen key expired; the stream stops (all products)."""

    event_type: str = wire("e")
    event_time: int = wire("E")  # USD-M's example sends it as a string; decoded as int
    listen_key: str = wire("listenKey")


class EventStreamTerminated(Event, frozen=True, kw_only=True):
    """``eventStreamTerminated``: the WebSocket API user-data subscription ended (spot)."""

    event_type: str = wire("e")
    event_time: int = wire("E")


# --- USD-M and COIN-M futures -------------------------------------------------------------------------------------

class FuturesBalance(Record, frozen=True, kw_only=True):
    """One asset of an ``ACCOUNT_UPDATE``."""

    asset: str = wire("a")
    wallet_balance: float = wire("wb")
    cross_wallet_balance: float = wire("cw")
    balance_change: float = wire("bc")


class FuturesPosition(Record, frozen=True, kw_only=True):
    """One position of an ``ACCOUNT_UPDATE``."""

    symbol: str = wire("s")
    position_amount: float = wire("pa")
    entry_price: float = wire("ep")
    breakeven_price: float = wire("bep")
    accumulated_realized: float = wire("cr")
    unrealized_pnl: float = wire("up")
    margin_type: str = wire("mt")
    isolated_wallet: float = wire("iw")
    position_side: str = wire("ps")


class AccountUpdateData(Record, frozen=True, kw_only=True):
    """The ``a`` part of an ``ACCOUNT_UPDATE``: why, balances, positions."""

    reason: str = wire("m")
    balances: list[FuturesBalance] = wire("B")
    positions: list[FuturesPosition] = wire("P")


class AccountUpdate(Event, frozen=True, kw_only=True):
    """``ACCOUNT_UPDATE``: balances and positions changed (futures)."""

    event_type: str = wire("e")
    event_time: int = wire("E")
    transaction_time: int = wire("T")
    account_alias: str | None = wire("i", None)  # COIN-M
    data: AccountUpdateData = wire("a")


class MarginCallPosition(Record, frozen=True, kw_only=True):
    """One position of a ``MARGIN_CALL``."""

    symbol: str = wire("s")
    position_side: str = wire("ps")
    position_amount: float = wire("pa")
    margin_type: str = wire("mt")
    isolated_wallet: float = wire("iw")
    mark_price: float = wire("mp")
    unrealized_pnl: float = wire("up")
    maint_margin_required: float = wire("mm")


class MarginCall(Event, frozen=True, kw_only=True):
    """``MARGIN_CALL``: positions at risk (futures)."""

    event_type: str = wire("e")
    event_time: int = wire("E")
    account_alias: str | None = wire("i", None)
    cross_wallet_balance: float | None = wire("cw", None)  # only for crossed positions
    positions: list[MarginCallPosition] = wire("p")


class FuturesOrder(Record, frozen=True, kw_only=True):
    """The order inside an ``ORDER_TRADE_UPDATE`` (futures)."""

    symbol: str = wire("s")
    client_order_id: str = wire("c")
    side: str = wire("S")
    order_type: str = wire("o")
    time_in_force: str = wire("f")
    quantity: float = wire("q")
    price: float = wire("p")
    avg_price: float = wire("ap")
    stop_price: float = wire("sp")
    execution_type: str = wire("x")
    order_status: str = wire("X")
    order_id: int = wire("i")
    last_filled_quantity: float = wire("l")
    filled_quantity: float = wire("z")
    last_filled_price: float = wire("L")
    margin_asset: str | None = wire("ma", None)  # COIN-M
    commission_asset: str | None = wire("N", None)
    commission: float | None = wire("n", None)
    trade_time: int = wire("T")
    trade_id: int = wire("t")
    bids_notional: float | None = wire("b", None)
    asks_notional: float | None = wire("a", None)
    is_maker: bool = wire("m")
    is_reduce_only: bool = wire("R")
    working_type: str = wire("wt")
    original_order_type: str = wire("ot")
    position_side: str = wire("ps")
    close_position: bool | None = wire("cp", None)
    activation_price: float | None = wire("AP", None)
    callback_rate: float | None = wire("cr", None)
    price_protect: bool | None = wire("pP", None)
    ignore_si: int | None = wire("si", None)
    ignore_ss: int | None = wire("ss", None)
    realized_profit: float = wire("rp")
    self_trade_prevention_mode: str | None = wire("V", None)
    price_match: str | None = wire("pm", None)
    good_till_date: int | None = wire("gtd", None)
    expiry_reason: str | None = wire("er", None)


class OrderTradeUpdate(Event, frozen=True, kw_only=True):
    """``ORDER_TRADE_UPDATE``: an order changed (futures)."""

    event_type: str = wire("e")
    event_time: int = wire("E")
    transaction_time: int = wire("T")
    account_alias: str | None = wire("i", None)
    order: FuturesOrder = wire("o")


class TradeLite(Event, frozen=True, kw_only=True):
    """``TRADE_LITE``: a fast, reduced trade notice (USD-M)."""

    event_type: str = wire("e")
    event_time: int = wire("E")
    transaction_time: int = wire("T")
    symbol: str = wire("s")
    quantity: float = wire("q")
    price: float = wire("p")
    is_maker: bool = wire("m")
    client_order_id: str = wire("c")
    side: str = wire("S")
    last_filled_price: float = wire("L")
    last_filled_quantity: float = wire("l")
    trade_id: int = wire("t")
    order_id: int = wire("i")


class LeverageConfig(Record, frozen=True, kw_only=True):
    """``ac`` of ``ACCOUNT_CONFIG_UPDATE``: a symbol's leverage changed."""

    symbol: str = wire("s")
    leverage: int = wire("l")


class MultiAssetsConfig(Record, frozen=True, kw_only=True):
    """``ai`` of ``ACCOUNT_CONFIG_UPDATE``: multi-assets mode changed."""

    multi_assets_mode: bool = wire("j")


class AccountConfigUpdate(Event, frozen=True, kw_only=True):
    """``ACCOUNT_CONFIG_UPDATE``: leverage or multi-assets mode changed (futures)."""

    event_type: str = wire("e")
    event_time: int = wire("E")
    transaction_time: int = wire("T")
    leverage: LeverageConfig | None = wire("ac", None)
    multi_assets: MultiAssetsConfig | None = wire("ai", None)


class GridUpdateData(Record, frozen=True, kw_only=True):
    """``gu`` of ``GRID_UPDATE``."""

    strategy_id: int = wire("si")
    strategy_type: str = wire("st")
    strategy_status: str = wire("ss")
    symbol: str = wire("s")
    realized_pnl: float = wire("r")
    unmatched_avg_price: float = wire("up")
    unmatched_quantity: float = wire("uq")
    unmatched_fee: float = wire("uf")
    matched_pnl: float = wire("mp")
    update_time: int = wire("ut")


class GridUpdate(Event, frozen=True, kw_only=True):
    """``GRID_UPDATE``: a grid strategy changed (futures)."""

    event_type: str = wire("e")
    event_time: int = wire("E")
    transaction_time: int = wire("T")
    grid: GridUpdateData = wire("gu")


class StrategyUpdateData(Record, frozen=True, kw_only=True):
    """``su`` of ``STRATEGY_UPDATE``."""

    strategy_id: int = wire("si")
    strategy_type: str = wire("st")
    strategy_status: str = wire("ss")
    symbol: str = wire("s")
    update_time: int = wire("ut")
    op_code: int = wire("c")


class StrategyUpdate(Event, frozen=True, kw_only=True):
    """``STRATEGY_UPDATE``: a strategy started, changed or stopped (futures)."""

    event_type: str = wire("e")
    event_time: int = wire("E")
    transaction_time: int = wire("T")
    strategy: StrategyUpdateData = wire("su")


class RejectedOrder(Record, frozen=True, kw_only=True):
    """``or`` of ``CONDITIONAL_ORDER_TRIGGER_REJECT``."""

    symbol: str = wire("s")
    order_id: int = wire("i")
    reason: str = wire("r")


class ConditionalOrderTriggerReject(Event, frozen=True, kw_only=True):
    """``CONDITIONAL_ORDER_TRIGGER_REJECT``: a triggered conditional order was rejected (USD-M)."""

    event_type: str = wire("e")
    event_time: int = wire("E")
    transaction_time: int = wire("T")
    order: RejectedOrder = wire("or")


# --- Options ------------------------------------------------------------------------------------------------------

class OptionsBalance(Record, frozen=True, kw_only=True):
    """One asset of an options ``ACCOUNT_UPDATE``."""

    balance: float = wire("b")
    margin_balance: float = wire("m")
    unrealized_pnl: float = wire("u")
    risk_level: int = wire("U")
    maint_margin: float = wire("M")
    initial_margin: float = wire("i")
    asset: str = wire("a")


class OptionsGreek(Record, frozen=True, kw_only=True):
    """Greeks of one underlying."""

    underlying: str = wire("ui")
    delta: float = wire("d")
    theta: float = wire("t")
    gamma: float = wire("g")
    vega: float = wire("v")


class OptionsPosition(Record, frozen=True, kw_only=True):
    """One options position."""

    symbol: str = wire("s")
    quantity: float = wire("c")
    reducible_quantity: float = wire("r")
    position_value: float = wire("p")
    avg_price: float = wire("a")


class OptionsAccountUpdate(Event, frozen=True, kw_only=True):
    """Options ``ACCOUNT_UPDATE``: balances, greeks, positions."""

    event_type: str = wire("e")
    event_time: int = wire("E")
    balances: list[OptionsBalance] = wire("B")
    greeks: list[OptionsGreek] = wire("G")
    positions: list[OptionsPosition] = wire("P")
    user_id: int = wire("uid")


class OptionsFill(Record, frozen=True, kw_only=True):
    """One fill of an options order."""

    trade_id: str = wire("t")
    price: float = wire("p")
    quantity: float = wire("q")
    trade_time: int = wire("T")
    liquidity: str = wire("m")  # TAKER / MAKER
    commission: float = wire("f")


class OptionsOrder(Record, frozen=True, kw_only=True):
    """One order of an options ``ORDER_TRADE_UPDATE``."""

    create_time: int = wire("T")
    update_time: int = wire("t")
    symbol: str = wire("s")
    client_order_id: str = wire("c")
    order_id: str = wire("oid")
    price: float = wire("p")
    quantity: float = wire("q")
    stp: int = wire("stp")
    reduce_only: bool = wire("r")
    post_only: bool = wire("po")
    status: str = wire("S")
    executed_quantity: float = wire("e")
    executed_cost: float = wire("ec")
    fee: float = wire("f")
    time_in_force: str = wire("tif")
    order_type: str = wire("oty")
    fills: list[OptionsFill] = wire("fi", [])


class OptionsOrderTradeUpdate(Event, frozen=True, kw_only=True):
    """Options ``ORDER_TRADE_UPDATE``: orders changed."""

    event_type: str = wire("e")
    event_time: int = wire("E")
    orders: list[OptionsOrder] = wire("o")


class OptionsRiskLevelChange(Event, frozen=True, kw_only=True):
    """Options ``RISK_LEVEL_CHANGE``."""

    event_type: str = wire("e")
    event_time: int = wire("E")
    risk_level: str = wire("s")
    margin_balance: float = wire("mb")
    maint_margin: float = wire("mm")


class RiskLevelChange(Event, frozen=True, kw_only=True):
    """Portfolio Margin Pro ``riskLevelChange``: uniMMR crossed a threshold."""

    event_type: str = wire("e")
    event_time: int = wire("E")
    uni_mmr: float = wire("u")
    risk_level: str = wire("s")
    account_equity: float = wire("eq")
    adjusted_equity: float = wire("ae")
    maint_margin: float = wire("m")
