"""Which event class each stream event type decodes into, per product."""

from __future__ import annotations

from . import market as m
from . import user_data as u

__all__ = ["PRODUCTS", "EVENT_TYPES", "event_class"]

PRODUCTS = ("spot", "usdm", "coinm", "options", "pm", "pmpro")

_SPOT_MARKET = {
    "aggTrade": m.AggTrade, "trade": m.Trade, "kline": m.KlineEvent, "24hrMiniTicker": m.MiniTicker,
    "24hrTicker": m.Ticker, "1hTicker": m.RollingWindowTicker, "4hTicker": m.RollingWindowTicker,
    "1dTicker": m.RollingWindowTicker, "bookTicker": m.BookTicker, "avgPrice": m.AvgPrice,
    "depthUpdate": m.DepthUpdate, "depth": m.PartialDepth,
}
_SPOT_USER = {
    "outboundAccountPosition": u.OutboundAccountPosition, "balanceUpdate": u.BalanceUpdate,
    "externalLockUpdate": u.ExternalLockUpdate, "executionReport": u.ExecutionReport, "listStatus": u.ListStatus,
    "listenKeyExpired": u.ListenKeyExpired, "eventStreamTerminated": u.EventStreamTerminated,
}
_FUTURES_MARKET = {
    "aggTrade": m.AggTrade, "trade": m.Trade, "markPriceUpdate": m.MarkPrice, "kline": m.KlineEvent,
    "continuous_kline": m.KlineEvent, "indexPrice_kline": m.KlineEvent, "markPrice_kline": m.KlineEvent,
    "24hrMiniTicker": m.MiniTicker, "24hrTicker": m.Ticker, "bookTicker": m.BookTicker,
    "forceOrder": m.ForceOrder, "depthUpdate": m.DepthUpdate, "contractInfo": m.ContractInfo,
}
_FUTURES_USER = {
    "ACCOUNT_UPDATE": u.AccountUpdate, "ORDER_TRADE_UPDATE": u.OrderTradeUpdate, "MARGIN_CALL": u.MarginCall,
    "ACCOUNT_CONFIG_UPDATE": u.AccountConfigUpdate, "GRID_UPDATE": u.GridUpdate,
    "STRATEGY_UPDATE": u.StrategyUpdate, "listenKeyExpired": u.ListenKeyExpired,
}

EVENT_TYPES: dict[str, dict[str, type]] = {
    "spot": {**_SPOT_MARKET, **_SPOT_USER},
    "usdm": {**_FUTURES_MARKET, "compositeIndex": m.CompositeIndex, "assetIndexUpdate": m.AssetIndex,
             **_FUTURES_USER, "TRADE_LITE": u.TradeLite,
             "CONDITIONAL_ORDER_TRIGGER_REJECT": u.ConditionalOrderTriggerReject},
    "coinm": {**_FUTURES_MARKET, "indexPriceUpdate": m.IndexPrice, **_FUTURES_USER},
    "options": {"ACCOUNT_UPDATE": u.OptionsAccountUpdate, "ORDER_TRADE_UPDATE": u.OptionsOrderTradeUpdate,
                "RISK_LEVEL_CHANGE": u.OptionsRiskLevelChange, "listenKeyExpired": u.ListenKeyExpired},
    # Portfolio Margin's user stream carries the futures events and the margin account's spot-style ones
    "pm": {**_SPOT_USER, **_FUTURES_USER, "riskLevelChange": u.RiskLevelChange},
    "pmpro": {**_SPOT_USER, **_FUTURES_USER, "riskLevelChange": u.RiskLevelChange},
}


def event_class(product: str, event_type: str) -> type:
    """The class ``event_type`` of ``product`` decodes into; KeyError when Binance documents no such event."""
    return EVENT_TYPES[product][event_type]
