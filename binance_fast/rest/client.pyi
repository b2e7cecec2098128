"""Typed face of binance_fast.rest.client. GENERATED from the endpoint table: do not edit.

Regenerate: python -m binance_fast.rest.stubs
"""

from collections.abc import Awaitable, Mapping, Sequence
from decimal import Decimal
from os import PathLike
from typing import Any

from ..endpoints import Endpoint
from .limits import RateLimiter


class SpotAPI:
    product: str
    endpoints: tuple[Endpoint, ...]
    def get_account(self, *, omitZeroBalances: bool | str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Account information (USER_DATA): ``GET /api/v3/account`` (USER_DATA)."""

    def account_commission(self, *, symbol: str, **params: Any) -> Any:
        """Query Commission Rates (USER_DATA): ``GET /api/v3/account/commission`` (USER_DATA)."""

    def agg_trades(self, *, symbol: str, fromId: int | None = ..., startTime: int | None = ..., endTime: int | None = ..., limit: int | None = ..., **params: Any) -> Any:
        """Compressed/Aggregate trades list: ``GET /api/v3/aggTrades`` (NONE)."""

    def all_order_list(self, *, fromId: int | None = ..., startTime: int | None = ..., endTime: int | None = ..., limit: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Query all Order lists (USER_DATA): ``GET /api/v3/allOrderList`` (USER_DATA)."""

    def all_orders(self, *, symbol: str, orderId: int | None = ..., startTime: int | None = ..., endTime: int | None = ..., limit: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """All orders (USER_DATA): ``GET /api/v3/allOrders`` (USER_DATA)."""

    def avg_price(self, *, symbol: str, **params: Any) -> Any:
        """Current average price: ``GET /api/v3/avgPrice`` (NONE)."""

    def depth(self, *, symbol: str, limit: int | None = ..., **params: Any) -> Any:
        """Order book: ``GET /api/v3/depth`` (NONE)."""

    def exchange_info(self, *, symbol: str | None = ..., symbols: Sequence[Any] | str | None = ..., permissions: str | None = ..., showPermissionSets: bool | str | None = ..., symbolStatus: str | None = ..., **params: Any) -> Any:
        """Exchange information: ``GET /api/v3/exchangeInfo`` (NONE)."""

    def historical_trades(self, *, symbol: str, limit: int | None = ..., fromId: int | None = ..., **params: Any) -> Any:
        """Old trade lookup: ``GET /api/v3/historicalTrades`` (NONE)."""

    def klines(self, *, symbol: str, interval: str, startTime: int | None = ..., endTime: int | None = ..., timeZone: str | None = ..., limit: int | None = ..., **params: Any) -> Any:
        """Kline/Candlestick data: ``GET /api/v3/klines`` (NONE)."""

    def my_allocations(self, *, symbol: str, startTime: int | None = ..., endTime: int | None = ..., fromAllocationId: int | None = ..., limit: int | None = ..., orderId: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Query Allocations (USER_DATA): ``GET /api/v3/myAllocations`` (USER_DATA)."""

    def my_prevented_matches(self, *, symbol: str, preventedMatchId: int | None = ..., orderId: int | None = ..., fromPreventedMatchId: int | None = ..., limit: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Query Prevented Matches (USER_DATA): ``GET /api/v3/myPreventedMatches`` (USER_DATA)."""

    def my_trades(self, *, symbol: str, orderId: int | None = ..., startTime: int | None = ..., endTime: int | None = ..., fromId: int | None = ..., limit: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Account trade list (USER_DATA): ``GET /api/v3/myTrades`` (USER_DATA)."""

    def open_order_list(self, *, recvWindow: int | None = ..., **params: Any) -> Any:
        """Query Open Order lists (USER_DATA): ``GET /api/v3/openOrderList`` (USER_DATA)."""

    def get_open_orders(self, *, symbol: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Current open orders (USER_DATA): ``GET /api/v3/openOrders`` (USER_DATA)."""

    def delete_open_orders(self, *, symbol: str, recvWindow: int | None = ..., **params: Any) -> Any:
        """Cancel All Open Orders on a Symbol (TRADE): ``DELETE /api/v3/openOrders`` (TRADE)."""

    def get_order(self, *, symbol: str, orderId: int | None = ..., origClientOrderId: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Query order (USER_DATA): ``GET /api/v3/order`` (USER_DATA)."""

    def new_order(self, *, symbol: str, side: str, type: str, timeInForce: str | None = ..., quantity: str | float | Decimal | None = ..., quoteOrderQty: str | float | Decimal | None = ..., price: str | float | Decimal | None = ..., newClientOrderId: str | None = ..., strategyId: int | None = ..., strategyType: int | None = ..., stopPrice: str | float | Decimal | None = ..., trailingDelta: int | None = ..., icebergQty: str | float | Decimal | None = ..., newOrderRespType: str | None = ..., selfTradePreventionMode: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """New order (TRADE): ``POST /api/v3/order`` (TRADE)."""

    def delete_order(self, *, symbol: str, orderId: int | None = ..., origClientOrderId: str | None = ..., newClientOrderId: str | None = ..., cancelRestrictions: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Cancel order (TRADE): ``DELETE /api/v3/order`` (TRADE)."""

    def order_amend_keep_priority(self, *, symbol: str, orderId: int | None = ..., origClientOrderId: str | None = ..., newClientOrderId: str | None = ..., newQty: str | float | Decimal, recvWindow: int | None = ..., **params: Any) -> Any:
        """Order Amend Keep Priority (TRADE): ``PUT /api/v3/order/amend/keepPriority`` (TRADE)."""

    def order_amendments(self, *, symbol: str, orderId: int, fromExecutionId: int | None = ..., limit: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Query Order Amendments (USER_DATA): ``GET /api/v3/order/amendments`` (USER_DATA)."""

    def order_cancel_replace(self, *, symbol: str, side: str, type: str, cancelReplaceMode: str, timeInForce: str | None = ..., quantity: str | float | Decimal | None = ..., quoteOrderQty: str | float | Decimal | None = ..., price: str | float | Decimal | None = ..., cancelNewClientOrderId: str | None = ..., cancelOrigClientOrderId: str | None = ..., cancelOrderId: int | None = ..., newClientOrderId: str | None = ..., strategyId: int | None = ..., strategyType: int | None = ..., stopPrice: str | float | Decimal | None = ..., trailingDelta: int | None = ..., icebergQty: str | float | Decimal | None = ..., newOrderRespType: str | None = ..., selfTradePreventionMode: str | None = ..., cancelRestrictions: str | None = ..., orderRateLimitExceededMode: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Cancel an Existing Order and Send a New Order (TRADE): ``POST /api/v3/order/cancelReplace`` (TRADE)."""

    def order_oco(self, *, symbol: str, listClientOrderId: str | None = ..., side: str, quantity: str | float | Decimal, limitClientOrderId: str | None = ..., price: str | float | Decimal, limitStrategyId: int | None = ..., limitStrategyType: int | None = ..., limitIcebergQty: str | float | Decimal | None = ..., trailingDelta: int | None = ..., stopClientOrderId: str | None = ..., stopPrice: str | float | Decimal, stopStrategyId: int | None = ..., stopStrategyType: int | None = ..., stopLimitPrice: str | float | Decimal | None = ..., stopIcebergQty: str | float | Decimal | None = ..., stopLimitTimeInForce: str | None = ..., newOrderRespType: str | None = ..., selfTradePreventionMode: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """New OCO - Deprecated (TRADE): ``POST /api/v3/order/oco`` (TRADE)."""

    def order_test(self, *, symbol: str, side: str, type: str, timeInForce: str | None = ..., quantity: str | float | Decimal | None = ..., quoteOrderQty: str | float | Decimal | None = ..., price: str | float | Decimal | None = ..., newClientOrderId: str | None = ..., strategyId: int | None = ..., strategyType: int | None = ..., stopPrice: str | float | Decimal | None = ..., trailingDelta: int | None = ..., icebergQty: str | float | Decimal | None = ..., newOrderRespType: str | None = ..., selfTradePreventionMode: str | None = ..., recvWindow: int | None = ..., computeCommissionRates: bool | str | None = ..., **params: Any) -> Any:
        """Test new order (TRADE): ``POST /api/v3/order/test`` (TRADE)."""

    def get_order_list(self, *, orderListId: int | None = ..., origClientOrderId: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Query Order list (USER_DATA): ``GET /api/v3/orderList`` (USER_DATA)."""

    def delete_order_list(self, *, symbol: str, orderListId: int | None = ..., listClientOrderId: str | None = ..., newClientOrderId: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Cancel Order list (TRADE): ``DELETE /api/v3/orderList`` (TRADE)."""

    def order_list_oco(self, *, symbol: str, listClientOrderId: str | None = ..., side: str, quantity: str | float | Decimal, aboveType: str, aboveClientOrderId: str | None = ..., aboveIcebergQty: int | None = ..., abovePrice: str | float | Decimal | None = ..., aboveStopPrice: str | float | Decimal | None = ..., aboveTrailingDelta: int | None = ..., aboveTimeInForce: str | float | Decimal | None = ..., aboveStrategyId: int | None = ..., aboveStrategyType: int | None = ..., belowType: str, belowClientOrderId: str | None = ..., belowIcebergQty: int | None = ..., belowPrice: str | float | Decimal | None = ..., belowStopPrice: str | float | Decimal | None = ..., belowTrailingDelta: int | None = ..., belowTimeInForce: str | None = ..., belowStrategyId: int | None = ..., belowStrategyType: int | None = ..., newOrderRespType: str | None = ..., selfTradePreventionMode: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """New Order list - OCO (TRADE): ``POST /api/v3/orderList/oco`` (TRADE)."""

    def order_list_oto(self, *, symbol: str, listClientOrderId: str | None = ..., newOrderRespType: str | None = ..., selfTradePreventionMode: str | None = ..., workingType: str, workingSide: str, workingClientOrderId: str | None = ..., workingPrice: str | float | Decimal, workingQuantity: str | float | Decimal, workingIcebergQty: str | float | Decimal | None = ..., workingTimeInForce: str | None = ..., workingStrategyId: int | None = ..., workingStrategyType: int | None = ..., pendingType: str, pendingSide: str, pendingClientOrderId: str | None = ..., pendingPrice: str | float | Decimal | None = ..., pendingStopPrice: str | float | Decimal | None = ..., pendingTrailingDelta: str | float | Decimal | None = ..., pendingQuantity: str | float | Decimal, pendingIcebergQty: str | float | Decimal | None = ..., pendingTimeInForce: str | None = ..., pendingStrategyId: int | None = ..., pendingStrategyType: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """New Order list - OTO (TRADE): ``POST /api/v3/orderList/oto`` (TRADE)."""

    def order_list_otoco(self, *, symbol: str, listClientOrderId: str | None = ..., newOrderRespType: str | None = ..., selfTradePreventionMode: str | None = ..., workingType: str, workingSide: str, workingClientOrderId: str | None = ..., workingPrice: str | float | Decimal, workingQuantity: str | float | Decimal, workingIcebergQty: str | float | Decimal | None = ..., workingTimeInForce: str | None = ..., workingStrategyId: int | None = ..., workingStrategyType: int | None = ..., pendingSide: str, pendingQuantity: str | float | Decimal, pendingAboveType: str, pendingAboveClientOrderId: str | None = ..., pendingAbovePrice: str | float | Decimal | None = ..., pendingAboveStopPrice: str | float | Decimal | None = ..., pendingAboveTrailingDelta: str | float | Decimal | None = ..., pendingAboveIcebergQty: str | float | Decimal | None = ..., pendingAboveTimeInForce: str | None = ..., pendingAboveStrategyId: int | None = ..., pendingAboveStrategyType: int | None = ..., pendingBelowType: str | None = ..., pendingBelowClientOrderId: str | None = ..., pendingBelowPrice: str | float | Decimal | None = ..., pendingBelowStopPrice: str | float | Decimal | None = ..., pendingBelowTrailingDelta: str | float | Decimal | None = ..., pendingBelowIcebergQty: str | float | Decimal | None = ..., pendingBelowTimeInForce: str | None = ..., pendingBelowStrategyId: int | None = ..., pendingBelowStrategyType: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """New Order list - OTOCO (TRADE): ``POST /api/v3/orderList/otoco`` (TRADE)."""

    def ping(self, **params: Any) -> Any:
        """Test connectivity: ``GET /api/v3/ping`` (NONE)."""

    def rate_limit_order(self, *, recvWindow: int | None = ..., **params: Any) -> Any:
        """Query Unfilled Order Count (USER_DATA): ``GET /api/v3/rateLimit/order`` (USER_DATA)."""

    def sor_order(self, *, symbol: str, side: str, type: str, timeInForce: str | None = ..., quantity: str | float | Decimal, price: str | float | Decimal | None = ..., newClientOrderId: str | None = ..., strategyId: int | None = ..., strategyType: int | None = ..., icebergQty: str | float | Decimal | None = ..., newOrderRespType: str | None = ..., selfTradePreventionMode: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """New order using SOR (TRADE): ``POST /api/v3/sor/order`` (TRADE)."""

    def sor_order_test(self, *, symbol: str, side: str, type: str, timeInForce: str | None = ..., quantity: str | float | Decimal, price: str | float | Decimal | None = ..., newClientOrderId: str | None = ..., strategyId: int | None = ..., strategyType: int | None = ..., icebergQty: str | float | Decimal | None = ..., newOrderRespType: str | None = ..., selfTradePreventionMode: str | None = ..., recvWindow: int | None = ..., computeCommissionRates: bool | str | None = ..., **params: Any) -> Any:
        """Test new order using SOR (TRADE): ``POST /api/v3/sor/order/test`` (TRADE)."""

    def ticker(self, *, symbol: str, windowSize: str | None = ..., type: str | None = ..., **params: Any) -> Any:
        """Rolling window price change statistics: ``GET /api/v3/ticker`` (NONE)."""

    def ticker24hr(self, *, symbol: str | None = ..., symbols: str | None = ..., type: str | None = ..., **params: Any) -> Any:
        """24hr ticker price change statistics: ``GET /api/v3/ticker/24hr`` (NONE)."""

    def ticker_book_ticker(self, *, symbol: str | None = ..., symbols: str | None = ..., **params: Any) -> Any:
        """Symbol order book ticker: ``GET /api/v3/ticker/bookTicker`` (NONE)."""

    def ticker_price(self, *, symbol: str | None = ..., symbols: str | None = ..., **params: Any) -> Any:
        """Symbol price ticker: ``GET /api/v3/ticker/price`` (NONE)."""

    def ticker_trading_day(self, *, symbol: str, timeZone: str | None = ..., type: str | None = ..., **params: Any) -> Any:
        """Trading Day Ticker: ``GET /api/v3/ticker/tradingDay`` (NONE)."""

    def time(self, **params: Any) -> Any:
        """Check server time: ``GET /api/v3/time`` (NONE)."""

    def get_trades(self, *, symbol: str, limit: int | None = ..., **params: Any) -> Any:
        """Recent trades list: ``GET /api/v3/trades`` (NONE)."""

    def ui_klines(self, *, symbol: str, interval: str, startTime: int | None = ..., endTime: int | None = ..., timeZone: str | None = ..., limit: int | None = ..., **params: Any) -> Any:
        """UIKlines: ``GET /api/v3/uiKlines`` (NONE)."""

    def start_user_data_stream(self, **params: Any) -> Any:
        """Start user data stream (USER_STREAM) (Deprecated): ``POST /api/v3/userDataStream`` (USER_STREAM)."""

    def keepalive_user_data_stream(self, *, listenKey: str, **params: Any) -> Any:
        """Keepalive user data stream (USER_STREAM) (Deprecated): ``PUT /api/v3/userDataStream`` (USER_STREAM)."""

    def close_user_data_stream(self, *, listenKey: str, **params: Any) -> Any:
        """Close user data stream (USER_STREAM) (Deprecated): ``DELETE /api/v3/userDataStream`` (USER_STREAM)."""


class UsdmAPI:
    product: str
    endpoints: tuple[Endpoint, ...]
    def futures_account_configuration(self, *, recvWindow: int | None = ..., **params: Any) -> Any:
        """Futures Account Configuration(USER_DATA): ``GET /fapi/v1/accountConfig`` (USER_DATA)."""

    def position_adl_quantile_estimation(self, *, symbol: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Position ADL Quantile Estimation(USER_DATA): ``GET /fapi/v1/adlQuantile`` (USER_DATA)."""

    def compressed_aggregate_trades_list(self, *, symbol: str, fromId: int | None = ..., startTime: int | None = ..., endTime: int | None = ..., limit: int | None = ..., **params: Any) -> Any:
        """Compressed/Aggregate Trades List: ``GET /fapi/v1/aggTrades`` (NONE)."""

    def cancel_all_open_orders(self, *, symbol: str, recvWindow: int | None = ..., **params: Any) -> Any:
        """Cancel All Open Orders (TRADE): ``DELETE /fapi/v1/allOpenOrders`` (TRADE)."""

    def all_orders(self, *, symbol: str, orderId: int | None = ..., startTime: int | None = ..., endTime: int | None = ..., limit: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """All Orders (USER_DATA): ``GET /fapi/v1/allOrders`` (USER_DATA)."""

    def futures_trading_quantitative_rules_indicators(self, *, symbol: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Futures Trading Quantitative Rules Indicators (USER_DATA): ``GET /fapi/v1/apiTradingStatus`` (USER_DATA)."""

    def asset_index(self, *, symbol: str | None = ..., **params: Any) -> Any:
        """Multi-Assets Mode Asset Index: ``GET /fapi/v1/assetIndex`` (NONE)."""

    def place_multiple_orders(self, *, batchOrders: Sequence[Any] | str, recvWindow: int | None = ..., **params: Any) -> Any:
        """Place Multiple Orders(TRADE): ``POST /fapi/v1/batchOrders`` (TRADE)."""

    def modify_multiple_orders(self, *, batchOrders: Sequence[Any] | str, recvWindow: int | None = ..., **params: Any) -> Any:
        """Modify Multiple Orders(TRADE): ``PUT /fapi/v1/batchOrders`` (TRADE)."""

    def cancel_multiple_orders(self, *, symbol: str, orderIdList: Sequence[Any] | str | None = ..., origClientOrderIdList: Sequence[Any] | str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Cancel Multiple Orders (TRADE): ``DELETE /fapi/v1/batchOrders`` (TRADE)."""

    def user_commission_rate(self, *, symbol: str, recvWindow: int | None = ..., **params: Any) -> Any:
        """User Commission Rate (USER_DATA): ``GET /fapi/v1/commissionRate`` (USER_DATA)."""

    def query_index_price_constituents(self, *, symbol: str, **params: Any) -> Any:
        """Query Index Price Constituents: ``GET /fapi/v1/constituents`` (NONE)."""

    def continuous_contract_kline_candlestick_data(self, *, pair: str, contractType: str, interval: str, startTime: int | None = ..., endTime: int | None = ..., limit: int | None = ..., **params: Any) -> Any:
        """Continuous Contract Kline/Candlestick Data: ``GET /fapi/v1/continuousKlines`` (NONE)."""

    def accept_the_offered_quote(self, *, quoteId: str, recvWindow: int | None = ..., **params: Any) -> Any:
        """Accept the offered quote (USER_DATA): ``POST /fapi/v1/convert/acceptQuote`` (USER_DATA)."""

    def list_all_convert_pairs(self, *, fromAsset: str | None = ..., toAsset: str | None = ..., **params: Any) -> Any:
        """List All Convert Pairs: ``GET /fapi/v1/convert/exchangeInfo`` (NONE)."""

    def send_quote_request(self, *, fromAsset: str, toAsset: str, fromAmount: str | float | Decimal | None = ..., toAmount: str | float | Decimal | None = ..., validTime: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Send Quote Request(USER_DATA): ``POST /fapi/v1/convert/getQuote`` (USER_DATA)."""

    def order_status(self, *, orderId: str | None = ..., quoteId: str | None = ..., **params: Any) -> Any:
        """Order status(USER_DATA): ``GET /fapi/v1/convert/orderStatus`` (USER_DATA)."""

    def auto_cancel_all_open_orders(self, *, symbol: str, countdownTime: int, recvWindow: int | None = ..., **params: Any) -> Any:
        """Auto-Cancel All Open Orders (TRADE): ``POST /fapi/v1/countdownCancelAll`` (TRADE)."""

    def order_book(self, *, symbol: str, limit: int | None = ..., **params: Any) -> Any:
        """Order Book: ``GET /fapi/v1/depth`` (NONE)."""

    def exchange_information(self, **params: Any) -> Any:
        """Exchange Information: ``GET /fapi/v1/exchangeInfo`` (NONE)."""

    def get_bnb_burn_status(self, *, recvWindow: int | None = ..., **params: Any) -> Any:
        """Get BNB Burn Status (USER_DATA): ``GET /fapi/v1/feeBurn`` (USER_DATA)."""

    def toggle_bnb_burn_on_futures_trade(self, *, feeBurn: str, recvWindow: int | None = ..., **params: Any) -> Any:
        """Toggle BNB Burn On Futures Trade (TRADE): ``POST /fapi/v1/feeBurn`` (TRADE)."""

    def users_force_orders(self, *, symbol: str | None = ..., autoCloseType: str | None = ..., startTime: int | None = ..., endTime: int | None = ..., limit: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """User's Force Orders (USER_DATA): ``GET /fapi/v1/forceOrders`` (USER_DATA)."""

    def get_funding_rate_info(self, **params: Any) -> Any:
        """Get Funding Rate Info: ``GET /fapi/v1/fundingInfo`` (NONE)."""

    def get_funding_rate_history(self, *, symbol: str | None = ..., startTime: int | None = ..., endTime: int | None = ..., limit: int | None = ..., **params: Any) -> Any:
        """Get Funding Rate History: ``GET /fapi/v1/fundingRate`` (NONE)."""

    def old_trades_lookup(self, *, symbol: str, limit: int | None = ..., fromId: int | None = ..., **params: Any) -> Any:
        """Old Trades Lookup (MARKET_DATA): ``GET /fapi/v1/historicalTrades`` (MARKET_DATA)."""

    def get_income_history(self, *, symbol: str | None = ..., incomeType: str | None = ..., startTime: int | None = ..., endTime: int | None = ..., page: int | None = ..., limit: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Get Income History (USER_DATA): ``GET /fapi/v1/income`` (USER_DATA)."""

    def get_download_id_for_futures_transaction_history(self, *, startTime: int, endTime: int, recvWindow: int | None = ..., **params: Any) -> Any:
        """Get Download Id For Futures Transaction History(USER_DATA): ``GET /fapi/v1/income/asyn`` (USER_DATA)."""

    def get_futures_transaction_history_download_link_by_id(self, *, downloadId: str, recvWindow: int | None = ..., **params: Any) -> Any:
        """Get Futures Transaction History Download Link by Id (USER_DATA): ``GET /fapi/v1/income/asyn/id`` (USER_DATA)."""

    def composite_index_symbol_information(self, *, symbol: str | None = ..., **params: Any) -> Any:
        """Composite Index Symbol Information: ``GET /fapi/v1/indexInfo`` (NONE)."""

    def index_price_kline_candlestick_data(self, *, pair: str, interval: str, startTime: int | None = ..., endTime: int | None = ..., limit: int | None = ..., **params: Any) -> Any:
        """Index Price Kline/Candlestick Data: ``GET /fapi/v1/indexPriceKlines`` (NONE)."""

    def query_insurance_fund_balance_snapshot(self, *, symbol: str | None = ..., **params: Any) -> Any:
        """Query Insurance Fund Balance Snapshot: ``GET /fapi/v1/insuranceBalance`` (NONE)."""

    def kline_candlestick_data(self, *, symbol: str, interval: str, startTime: int | None = ..., endTime: int | None = ..., limit: int | None = ..., **params: Any) -> Any:
        """Kline/Candlestick Data: ``GET /fapi/v1/klines`` (NONE)."""

    def change_initial_leverage(self, *, symbol: str, leverage: int, recvWindow: int | None = ..., **params: Any) -> Any:
        """Change Initial Leverage(TRADE): ``POST /fapi/v1/leverage`` (TRADE)."""

    def notional_and_leverage_brackets(self, *, symbol: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Notional and Leverage Brackets (USER_DATA): ``GET /fapi/v1/leverageBracket`` (USER_DATA)."""

    def start_user_data_stream(self, **params: Any) -> Any:
        """Start User Data Stream (USER_STREAM): ``POST /fapi/v1/listenKey`` (USER_STREAM)."""

    def keepalive_user_data_stream(self, **params: Any) -> Any:
        """Keepalive User Data Stream (USER_STREAM): ``PUT /fapi/v1/listenKey`` (USER_STREAM)."""

    def close_user_data_stream(self, **params: Any) -> Any:
        """Close User Data Stream (USER_STREAM): ``DELETE /fapi/v1/listenKey`` (USER_STREAM)."""

    def change_margin_type(self, *, symbol: str, marginType: str, recvWindow: int | None = ..., **params: Any) -> Any:
        """Change Margin Type(TRADE): ``POST /fapi/v1/marginType`` (TRADE)."""

    def mark_price_kline_candlestick_data(self, *, symbol: str, interval: str, startTime: int | None = ..., endTime: int | None = ..., limit: int | None = ..., **params: Any) -> Any:
        """Mark Price Kline/Candlestick Data: ``GET /fapi/v1/markPriceKlines`` (NONE)."""

    def get_current_multi_assets_mode(self, *, recvWindow: int | None = ..., **params: Any) -> Any:
        """Get Current Multi-Assets Mode (USER_DATA): ``GET /fapi/v1/multiAssetsMargin`` (USER_DATA)."""

    def change_multi_assets_mode(self, *, multiAssetsMargin: str, recvWindow: int | None = ..., **params: Any) -> Any:
        """Change Multi-Assets Mode (TRADE): ``POST /fapi/v1/multiAssetsMargin`` (TRADE)."""

    def open_interest(self, *, symbol: str, **params: Any) -> Any:
        """Open Interest: ``GET /fapi/v1/openInterest`` (NONE)."""

    def query_current_open_order(self, *, symbol: str, orderId: int | None = ..., origClientOrderId: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Query Current Open Order (USER_DATA): ``GET /fapi/v1/openOrder`` (USER_DATA)."""

    def current_all_open_orders(self, *, symbol: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Current All Open Orders (USER_DATA): ``GET /fapi/v1/openOrders`` (USER_DATA)."""

    def query_order(self, *, symbol: str, orderId: int | None = ..., origClientOrderId: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Query Order (USER_DATA): ``GET /fapi/v1/order`` (USER_DATA)."""

    def new_order(self, *, symbol: str, side: str, positionSide: str | None = ..., type: str, timeInForce: str | None = ..., quantity: str | float | Decimal | None = ..., reduceOnly: str | None = ..., price: str | float | Decimal | None = ..., newClientOrderId: str | None = ..., stopPrice: str | float | Decimal | None = ..., closePosition: str | None = ..., activationPrice: str | float | Decimal | None = ..., callbackRate: str | float | Decimal | None = ..., workingType: str | None = ..., priceProtect: str | None = ..., newOrderRespType: str | None = ..., priceMatch: str | None = ..., selfTradePreventionMode: str | None = ..., goodTillDate: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """New Order(TRADE): ``POST /fapi/v1/order`` (TRADE)."""

    def modify_order(self, *, orderId: int | None = ..., origClientOrderId: str | None = ..., symbol: str, side: str, quantity: str | float | Decimal, price: str | float | Decimal, priceMatch: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Modify Order (TRADE): ``PUT /fapi/v1/order`` (TRADE)."""

    def cancel_order(self, *, symbol: str, orderId: int | None = ..., origClientOrderId: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Cancel Order (TRADE): ``DELETE /fapi/v1/order`` (TRADE)."""

    def get_download_id_for_futures_order_history(self, *, startTime: int, endTime: int, recvWindow: int | None = ..., **params: Any) -> Any:
        """Get Download Id For Futures Order History (USER_DATA): ``GET /fapi/v1/order/asyn`` (USER_DATA)."""

    def get_futures_order_history_download_link_by_id(self, *, downloadId: str, recvWindow: int | None = ..., **params: Any) -> Any:
        """Get Futures Order History Download Link by Id (USER_DATA): ``GET /fapi/v1/order/asyn/id`` (USER_DATA)."""

    def test_order(self, *, symbol: str, side: str, positionSide: str | None = ..., type: str, timeInForce: str | None = ..., quantity: str | float | Decimal | None = ..., reduceOnly: str | None = ..., price: str | float | Decimal | None = ..., newClientOrderId: str | None = ..., stopPrice: str | float | Decimal | None = ..., closePosition: str | None = ..., activationPrice: str | float | Decimal | None = ..., callbackRate: str | float | Decimal | None = ..., workingType: str | None = ..., priceProtect: str | None = ..., newOrderRespType: str | None = ..., priceMatch: str | None = ..., selfTradePreventionMode: str | None = ..., goodTillDate: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Test Order(TRADE): ``POST /fapi/v1/order/test`` (TRADE)."""

    def get_order_modify_history(self, *, symbol: str, orderId: int | None = ..., origClientOrderId: str | None = ..., startTime: int | None = ..., endTime: int | None = ..., limit: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Get Order Modify History (USER_DATA): ``GET /fapi/v1/orderAmendment`` (USER_DATA)."""

    def test_connectivity(self, **params: Any) -> Any:
        """Test Connectivity: ``GET /fapi/v1/ping`` (NONE)."""

    def classic_portfolio_margin_account_information(self, *, asset: str, recvWindow: int | None = ..., **params: Any) -> Any:
        """Classic Portfolio Margin Account Information (USER_DATA): ``GET /fapi/v1/pmAccountInfo`` (USER_DATA)."""

    def modify_isolated_position_margin(self, *, symbol: str, positionSide: str | None = ..., amount: str | float | Decimal, type: int, recvWindow: int | None = ..., **params: Any) -> Any:
        """Modify Isolated Position Margin(TRADE): ``POST /fapi/v1/positionMargin`` (TRADE)."""

    def get_position_margin_change_history(self, *, symbol: str, type: int | None = ..., startTime: int | None = ..., endTime: int | None = ..., limit: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Get Position Margin Change History (TRADE): ``GET /fapi/v1/positionMargin/history`` (TRADE)."""

    def get_current_position_mode(self, *, recvWindow: int | None = ..., **params: Any) -> Any:
        """Get Current Position Mode(USER_DATA): ``GET /fapi/v1/positionSide/dual`` (USER_DATA)."""

    def change_position_mode(self, *, dualSidePosition: str, recvWindow: int | None = ..., **params: Any) -> Any:
        """Change Position Mode(TRADE): ``POST /fapi/v1/positionSide/dual`` (TRADE)."""

    def mark_price(self, *, symbol: str | None = ..., **params: Any) -> Any:
        """Mark Price: ``GET /fapi/v1/premiumIndex`` (NONE)."""

    def premium_index_kline_data(self, *, symbol: str, interval: str, startTime: int | None = ..., endTime: int | None = ..., limit: int | None = ..., **params: Any) -> Any:
        """Premium index Kline Data: ``GET /fapi/v1/premiumIndexKlines`` (NONE)."""

    def query_user_rate_limit(self, *, recvWindow: int | None = ..., **params: Any) -> Any:
        """Query User Rate Limit (USER_DATA): ``GET /fapi/v1/rateLimit/order`` (USER_DATA)."""

    def symbol_configuration(self, *, symbol: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Symbol Configuration(USER_DATA): ``GET /fapi/v1/symbolConfig`` (USER_DATA)."""

    def ticker24hr_price_change_statistics(self, *, symbol: str | None = ..., **params: Any) -> Any:
        """24hr Ticker Price Change Statistics: ``GET /fapi/v1/ticker/24hr`` (NONE)."""

    def symbol_order_book_ticker(self, *, symbol: str | None = ..., **params: Any) -> Any:
        """Symbol Order Book Ticker: ``GET /fapi/v1/ticker/bookTicker`` (NONE)."""

    def symbol_price_ticker(self, *, symbol: str | None = ..., **params: Any) -> Any:
        """Symbol Price Ticker: ``GET /fapi/v1/ticker/price`` (NONE)."""

    def check_server_time(self, **params: Any) -> Any:
        """Check Server Time: ``GET /fapi/v1/time`` (NONE)."""

    def get_download_id_for_futures_trade_history(self, *, startTime: int, endTime: int, recvWindow: int | None = ..., **params: Any) -> Any:
        """Get Download Id For Futures Trade History (USER_DATA): ``GET /fapi/v1/trade/asyn`` (USER_DATA)."""

    def get_futures_trade_download_link_by_id(self, *, downloadId: str, recvWindow: int | None = ..., **params: Any) -> Any:
        """Get Futures Trade Download Link by Id(USER_DATA): ``GET /fapi/v1/trade/asyn/id`` (USER_DATA)."""

    def recent_trades_list(self, *, symbol: str, limit: int | None = ..., **params: Any) -> Any:
        """Recent Trades List: ``GET /fapi/v1/trades`` (NONE)."""

    def account_trade_list(self, *, symbol: str, orderId: int | None = ..., startTime: int | None = ..., endTime: int | None = ..., fromId: int | None = ..., limit: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Account Trade List (USER_DATA): ``GET /fapi/v1/userTrades`` (USER_DATA)."""

    def account_information_v2(self, *, recvWindow: int | None = ..., **params: Any) -> Any:
        """Account Information V2(USER_DATA): ``GET /fapi/v2/account`` (USER_DATA)."""

    def futures_account_balance_v2(self, *, recvWindow: int | None = ..., **params: Any) -> Any:
        """Futures Account Balance V2 (USER_DATA): ``GET /fapi/v2/balance`` (USER_DATA)."""

    def position_information_v2(self, *, symbol: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Position Information V2 (USER_DATA): ``GET /fapi/v2/positionRisk`` (USER_DATA)."""

    def symbol_price_ticker_v2(self, *, symbol: str | None = ..., **params: Any) -> Any:
        """Symbol Price Ticker V2: ``GET /fapi/v2/ticker/price`` (NONE)."""

    def account_information_v3(self, *, recvWindow: int | None = ..., **params: Any) -> Any:
        """Account Information V3(USER_DATA): ``GET /fapi/v3/account`` (USER_DATA)."""

    def futures_account_balance_v3(self, *, recvWindow: int | None = ..., **params: Any) -> Any:
        """Futures Account Balance V3 (USER_DATA): ``GET /fapi/v3/balance`` (USER_DATA)."""

    def position_information_v3(self, *, symbol: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Position Information V3 (USER_DATA): ``GET /fapi/v3/positionRisk`` (USER_DATA)."""

    def basis(self, *, pair: str, contractType: str, period: str, limit: int, startTime: int | None = ..., endTime: int | None = ..., **params: Any) -> Any:
        """Basis: ``GET /futures/data/basis`` (NONE)."""

    def quarterly_contract_settlement_price(self, *, pair: str, **params: Any) -> Any:
        """Quarterly Contract Settlement Price: ``GET /futures/data/delivery-price`` (NONE)."""

    def long_short_ratio(self, *, symbol: str, period: str, limit: int | None = ..., startTime: int | None = ..., endTime: int | None = ..., **params: Any) -> Any:
        """Long/Short Ratio: ``GET /futures/data/globalLongShortAccountRatio`` (NONE)."""

    def open_interest_statistics(self, *, symbol: str, period: str, limit: int | None = ..., startTime: int | None = ..., endTime: int | None = ..., **params: Any) -> Any:
        """Open Interest Statistics: ``GET /futures/data/openInterestHist`` (NONE)."""

    def taker_buy_sell_volume(self, *, symbol: str, period: str, limit: int | None = ..., startTime: int | None = ..., endTime: int | None = ..., **params: Any) -> Any:
        """Taker Buy/Sell Volume: ``GET /futures/data/takerlongshortRatio`` (NONE)."""

    def top_trader_long_short_ratio_accounts(self, *, symbol: str, period: str, limit: int | None = ..., startTime: int | None = ..., endTime: int | None = ..., **params: Any) -> Any:
        """Top Trader Long/Short Ratio (Accounts): ``GET /futures/data/topLongShortAccountRatio`` (NONE)."""

    def top_trader_long_short_ratio_positions(self, *, symbol: str, period: str, limit: int | None = ..., startTime: int | None = ..., endTime: int | None = ..., **params: Any) -> Any:
        """Top Trader Long/Short Ratio (Positions): ``GET /futures/data/topLongShortPositionRatio`` (NONE)."""

    def get_future_tick_level_orderbook_historical_data_download_link(self, *, symbol: str, dataType: str, startTime: int, endTime: int, recvWindow: int | None = ..., **params: Any) -> Any:
        """Get Future TickLevel Orderbook Historical Data Download Link(USER_DATA): ``GET /sapi/v1/futures/histDataLink`` (USER_DATA)."""


class CoinmAPI:
    product: str
    endpoints: tuple[Endpoint, ...]
    def account_information(self, *, recvWindow: int | None = ..., **params: Any) -> Any:
        """Account Information (USER_DATA): ``GET /dapi/v1/account`` (USER_DATA)."""

    def position_adl_quantile_estimation(self, *, symbol: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Position ADL Quantile Estimation(USER_DATA): ``GET /dapi/v1/adlQuantile`` (USER_DATA)."""

    def compressed_aggregate_trades_list(self, *, symbol: str, fromId: int | None = ..., startTime: int | None = ..., endTime: int | None = ..., limit: int | None = ..., **params: Any) -> Any:
        """Compressed/Aggregate Trades List: ``GET /dapi/v1/aggTrades`` (NONE)."""

    def cancel_all_open_orders(self, *, symbol: str, recvWindow: int | None = ..., **params: Any) -> Any:
        """Cancel All Open Orders(TRADE): ``DELETE /dapi/v1/allOpenOrders`` (TRADE)."""

    def all_orders(self, *, symbol: str | None = ..., pair: str | None = ..., orderId: int | None = ..., startTime: int | None = ..., endTime: int | None = ..., limit: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """All Orders (USER_DATA): ``GET /dapi/v1/allOrders`` (USER_DATA)."""

    def futures_account_balance(self, *, recvWindow: int | None = ..., **params: Any) -> Any:
        """Futures Account Balance (USER_DATA): ``GET /dapi/v1/balance`` (USER_DATA)."""

    def place_multiple_orders(self, *, batchOrders: Sequence[Any] | str, recvWindow: int | None = ..., **params: Any) -> Any:
        """Place Multiple Orders(TRADE): ``POST /dapi/v1/batchOrders`` (TRADE)."""

    def modify_multiple_orders(self, *, batchOrders: Sequence[Any] | str, recvWindow: int | None = ..., **params: Any) -> Any:
        """Modify Multiple Orders(TRADE): ``PUT /dapi/v1/batchOrders`` (TRADE)."""

    def cancel_multiple_orders(self, *, symbol: str, orderIdList: Sequence[Any] | str | None = ..., origClientOrderIdList: Sequence[Any] | str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Cancel Multiple Orders(TRADE): ``DELETE /dapi/v1/batchOrders`` (TRADE)."""

    def user_commission_rate(self, *, symbol: str, recvWindow: int | None = ..., **params: Any) -> Any:
        """User Commission Rate (USER_DATA): ``GET /dapi/v1/commissionRate`` (USER_DATA)."""

    def query_index_price_constituents(self, *, symbol: str, **params: Any) -> Any:
        """Query Index Price Constituents: ``GET /dapi/v1/constituents`` (NONE)."""

    def continuous_contract_kline_candlestick_data(self, *, pair: str, contractType: str, interval: str, startTime: int | None = ..., endTime: int | None = ..., limit: int | None = ..., **params: Any) -> Any:
        """Continuous Contract Kline/Candlestick Data: ``GET /dapi/v1/continuousKlines`` (NONE)."""

    def auto_cancel_all_open_orders(self, *, symbol: str, countdownTime: int, recvWindow: int | None = ..., **params: Any) -> Any:
        """Auto-Cancel All Open Orders (TRADE): ``POST /dapi/v1/countdownCancelAll`` (TRADE)."""

    def order_book(self, *, symbol: str, limit: int | None = ..., **params: Any) -> Any:
        """Order Book: ``GET /dapi/v1/depth`` (NONE)."""

    def exchange_information(self, **params: Any) -> Any:
        """Exchange Information: ``GET /dapi/v1/exchangeInfo`` (NONE)."""

    def users_force_orders(self, *, symbol: str | None = ..., autoCloseType: str | None = ..., startTime: int | None = ..., endTime: int | None = ..., limit: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """User's Force Orders(USER_DATA): ``GET /dapi/v1/forceOrders`` (USER_DATA)."""

    def get_funding_rate_info(self, **params: Any) -> Any:
        """Get Funding Rate Info: ``GET /dapi/v1/fundingInfo`` (NONE)."""

    def get_funding_rate_history_of_perpetual_futures(self, *, symbol: str, startTime: int | None = ..., endTime: int | None = ..., limit: int | None = ..., **params: Any) -> Any:
        """Get Funding Rate History of Perpetual Futures: ``GET /dapi/v1/fundingRate`` (NONE)."""

    def old_trades_lookup(self, *, symbol: str, limit: int | None = ..., fromId: int | None = ..., **params: Any) -> Any:
        """Old Trades Lookup(MARKET_DATA): ``GET /dapi/v1/historicalTrades`` (MARKET_DATA)."""

    def get_income_history(self, *, symbol: str | None = ..., incomeType: str | None = ..., startTime: int | None = ..., endTime: int | None = ..., page: int | None = ..., limit: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Get Income History(USER_DATA): ``GET /dapi/v1/income`` (USER_DATA)."""

    def get_download_id_for_futures_transaction_history(self, *, startTime: int, endTime: int, recvWindow: int | None = ..., **params: Any) -> Any:
        """Get Download Id For Futures Transaction History(USER_DATA): ``GET /dapi/v1/income/asyn`` (USER_DATA)."""

    def get_futures_transaction_history_download_link_by_id(self, *, downloadId: str, recvWindow: int | None = ..., **params: Any) -> Any:
        """Get Futures Transaction History Download Link by Id (USER_DATA): ``GET /dapi/v1/income/asyn/id`` (USER_DATA)."""

    def index_price_kline_candlestick_data(self, *, pair: str, interval: str, startTime: int | None = ..., endTime: int | None = ..., limit: int | None = ..., **params: Any) -> Any:
        """Index Price Kline/Candlestick Data: ``GET /dapi/v1/indexPriceKlines`` (NONE)."""

    def kline_candlestick_data(self, *, symbol: str, interval: str, startTime: int | None = ..., endTime: int | None = ..., limit: int | None = ..., **params: Any) -> Any:
        """Kline/Candlestick Data: ``GET /dapi/v1/klines`` (NONE)."""

    def change_initial_leverage(self, *, symbol: str, leverage: int, recvWindow: int | None = ..., **params: Any) -> Any:
        """Change Initial Leverage (TRADE): ``POST /dapi/v1/leverage`` (TRADE)."""

    def notional_bracket_for_pair(self, *, pair: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Notional Bracket for Pair(USER_DATA): ``GET /dapi/v1/leverageBracket`` (USER_DATA)."""

    def start_user_data_stream(self, **params: Any) -> Any:
        """Start User Data Stream (USER_STREAM): ``POST /dapi/v1/listenKey`` (USER_STREAM)."""

    def keepalive_user_data_stream(self, **params: Any) -> Any:
        """Keepalive User Data Stream (USER_STREAM): ``PUT /dapi/v1/listenKey`` (USER_STREAM)."""

    def close_user_data_stream(self, **params: Any) -> Any:
        """Close User Data Stream(USER_STREAM): ``DELETE /dapi/v1/listenKey`` (USER_STREAM)."""

    def change_margin_type(self, *, symbol: str, marginType: str, recvWindow: int | None = ..., **params: Any) -> Any:
        """Change Margin Type (TRADE): ``POST /dapi/v1/marginType`` (TRADE)."""

    def mark_price_kline_candlestick_data(self, *, symbol: str, interval: str, startTime: int | None = ..., endTime: int | None = ..., limit: int | None = ..., **params: Any) -> Any:
        """Mark Price Kline/Candlestick Data: ``GET /dapi/v1/markPriceKlines`` (NONE)."""

    def open_interest(self, *, symbol: str, **params: Any) -> Any:
        """Open Interest: ``GET /dapi/v1/openInterest`` (NONE)."""

    def query_current_open_order(self, *, symbol: str, orderId: int | None = ..., origClientOrderId: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Query Current Open Order(USER_DATA): ``GET /dapi/v1/openOrder`` (USER_DATA)."""

    def current_all_open_orders(self, *, symbol: str | None = ..., pair: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Current All Open Orders (USER_DATA): ``GET /dapi/v1/openOrders`` (USER_DATA)."""

    def query_order(self, *, symbol: str, orderId: int | None = ..., origClientOrderId: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Query Order (USER_DATA): ``GET /dapi/v1/order`` (USER_DATA)."""

    def new_order(self, *, symbol: str, side: str, positionSide: str | None = ..., type: str, timeInForce: str | None = ..., quantity: str | float | Decimal | None = ..., reduceOnly: str | None = ..., price: str | float | Decimal | None = ..., newClientOrderId: str | None = ..., stopPrice: str | float | Decimal | None = ..., closePosition: str | None = ..., activationPrice: str | float | Decimal | None = ..., callbackRate: str | float | Decimal | None = ..., workingType: str | None = ..., priceProtect: str | None = ..., newOrderRespType: str | None = ..., priceMatch: str | None = ..., selfTradePreventionMode: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """New Order (TRADE): ``POST /dapi/v1/order`` (TRADE)."""

    def modify_order(self, *, orderId: int | None = ..., origClientOrderId: str | None = ..., symbol: str, side: str, quantity: str | float | Decimal | None = ..., price: str | float | Decimal | None = ..., priceMatch: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Modify Order (TRADE): ``PUT /dapi/v1/order`` (TRADE)."""

    def cancel_order(self, *, symbol: str, orderId: int | None = ..., origClientOrderId: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Cancel Order (TRADE): ``DELETE /dapi/v1/order`` (TRADE)."""

    def get_download_id_for_futures_order_history(self, *, startTime: int, endTime: int, recvWindow: int | None = ..., **params: Any) -> Any:
        """Get Download Id For Futures Order History (USER_DATA): ``GET /dapi/v1/order/asyn`` (USER_DATA)."""

    def get_futures_order_history_download_link_by_id(self, *, downloadId: str, recvWindow: int | None = ..., **params: Any) -> Any:
        """Get Futures Order History Download Link by Id (USER_DATA): ``GET /dapi/v1/order/asyn/id`` (USER_DATA)."""

    def get_order_modify_history(self, *, symbol: str, orderId: int | None = ..., origClientOrderId: str | None = ..., startTime: int | None = ..., endTime: int | None = ..., limit: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Get Order Modify History (USER_DATA): ``GET /dapi/v1/orderAmendment`` (USER_DATA)."""

    def test_connectivity(self, **params: Any) -> Any:
        """Test Connectivity: ``GET /dapi/v1/ping`` (NONE)."""

    def classic_portfolio_margin_account_information(self, *, asset: str, recvWindow: int | None = ..., **params: Any) -> Any:
        """Classic Portfolio Margin Account Information (USER_DATA): ``GET /dapi/v1/pmAccountInfo`` (USER_DATA)."""

    def modify_isolated_position_margin(self, *, symbol: str, positionSide: str | None = ..., amount: str | float | Decimal, type: int, recvWindow: int | None = ..., **params: Any) -> Any:
        """Modify Isolated Position Margin(TRADE): ``POST /dapi/v1/positionMargin`` (TRADE)."""

    def get_position_margin_change_history(self, *, symbol: str, type: int | None = ..., startTime: int | None = ..., endTime: int | None = ..., limit: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Get Position Margin Change History(TRADE): ``GET /dapi/v1/positionMargin/history`` (TRADE)."""

    def position_information(self, *, marginAsset: str | None = ..., pair: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Position Information(USER_DATA): ``GET /dapi/v1/positionRisk`` (USER_DATA)."""

    def get_current_position_mode(self, *, recvWindow: int | None = ..., **params: Any) -> Any:
        """Get Current Position Mode(USER_DATA): ``GET /dapi/v1/positionSide/dual`` (USER_DATA)."""

    def change_position_mode(self, *, dualSidePosition: str, recvWindow: int | None = ..., **params: Any) -> Any:
        """Change Position Mode(TRADE): ``POST /dapi/v1/positionSide/dual`` (TRADE)."""

    def index_price_and_mark_price(self, *, symbol: str | None = ..., pair: str | None = ..., **params: Any) -> Any:
        """Index Price and Mark Price: ``GET /dapi/v1/premiumIndex`` (NONE)."""

    def premium_index_kline_data(self, *, symbol: str, interval: str, startTime: int | None = ..., endTime: int | None = ..., limit: int | None = ..., **params: Any) -> Any:
        """Premium index Kline Data: ``GET /dapi/v1/premiumIndexKlines`` (NONE)."""

    def ticker24hr_price_change_statistics(self, *, symbol: str | None = ..., pair: str | None = ..., **params: Any) -> Any:
        """24hr Ticker Price Change Statistics: ``GET /dapi/v1/ticker/24hr`` (NONE)."""

    def symbol_order_book_ticker(self, *, symbol: str | None = ..., pair: str | None = ..., **params: Any) -> Any:
        """Symbol Order Book Ticker: ``GET /dapi/v1/ticker/bookTicker`` (NONE)."""

    def symbol_price_ticker(self, *, symbol: str | None = ..., pair: str | None = ..., **params: Any) -> Any:
        """Symbol Price Ticker: ``GET /dapi/v1/ticker/price`` (NONE)."""

    def check_server_time(self, **params: Any) -> Any:
        """Check Server time: ``GET /dapi/v1/time`` (NONE)."""

    def get_download_id_for_futures_trade_history(self, *, startTime: int, endTime: int, recvWindow: int | None = ..., **params: Any) -> Any:
        """Get Download Id For Futures Trade History (USER_DATA): ``GET /dapi/v1/trade/asyn`` (USER_DATA)."""

    def get_futures_trade_download_link_by_id(self, *, downloadId: str, recvWindow: int | None = ..., **params: Any) -> Any:
        """Get Futures Trade Download Link by Id(USER_DATA): ``GET /dapi/v1/trade/asyn/id`` (USER_DATA)."""

    def recent_trades_list(self, *, symbol: str, limit: int | None = ..., **params: Any) -> Any:
        """Recent Trades List: ``GET /dapi/v1/trades`` (NONE)."""

    def account_trade_list(self, *, symbol: str | None = ..., pair: str | None = ..., orderId: str | None = ..., startTime: int | None = ..., endTime: int | None = ..., fromId: int | None = ..., limit: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Account Trade List (USER_DATA): ``GET /dapi/v1/userTrades`` (USER_DATA)."""

    def notional_bracket_for_symbol(self, *, symbol: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Notional Bracket for Symbol(USER_DATA): ``GET /dapi/v2/leverageBracket`` (USER_DATA)."""

    def basis(self, *, pair: str, contractType: str, period: str, limit: int | None = ..., startTime: int | None = ..., endTime: int | None = ..., **params: Any) -> Any:
        """Basis: ``GET /futures/data/basis`` (NONE)."""

    def long_short_ratio(self, *, pair: str, period: str, limit: int | None = ..., startTime: int | None = ..., endTime: int | None = ..., **params: Any) -> Any:
        """Long/Short Ratio: ``GET /futures/data/globalLongShortAccountRatio`` (NONE)."""

    def open_interest_statistics(self, *, pair: str, contractType: str, period: str, limit: int | None = ..., startTime: int | None = ..., endTime: int | None = ..., **params: Any) -> Any:
        """Open Interest Statistics: ``GET /futures/data/openInterestHist`` (NONE)."""

    def taker_buy_sell_volume(self, *, pair: str, contractType: str, period: str, limit: int | None = ..., startTime: int | None = ..., endTime: int | None = ..., **params: Any) -> Any:
        """Taker Buy/Sell Volume: ``GET /futures/data/takerBuySellVol`` (NONE)."""

    def top_trader_long_short_ratio_accounts(self, *, symbol: str, period: str, limit: int | None = ..., startTime: int | None = ..., endTime: int | None = ..., **params: Any) -> Any:
        """Top Trader Long/Short Ratio (Accounts): ``GET /futures/data/topLongShortAccountRatio`` (NONE)."""

    def top_trader_long_short_ratio_positions(self, *, pair: str, period: str, limit: int | None = ..., startTime: int | None = ..., endTime: int | None = ..., **params: Any) -> Any:
        """Top Trader Long/Short Ratio (Positions): ``GET /futures/data/topLongShortPositionRatio`` (NONE)."""


class OptionsAPI:
    product: str
    endpoints: tuple[Endpoint, ...]
    def new_block_trade_order(self, *, liquidity: str, legs: Sequence[Any] | str, symbol: str, side: str, price: str | float | Decimal, quantity: str | float | Decimal, recvWindow: int | None = ..., **params: Any) -> Any:
        """New Block Trade Order (TRADE): ``POST /eapi/v1/block/order/create`` (TRADE)."""

    def extend_block_trade_order(self, *, blockOrderMatchingKey: str, recvWindow: int | None = ..., **params: Any) -> Any:
        """Extend Block Trade Order (TRADE): ``PUT /eapi/v1/block/order/create`` (TRADE)."""

    def cancel_block_trade_order(self, *, blockOrderMatchingKey: str, recvWindow: int | None = ..., **params: Any) -> Any:
        """Cancel Block Trade Order (TRADE): ``DELETE /eapi/v1/block/order/create`` (TRADE)."""

    def query_block_trade_details(self, *, blockOrderMatchingKey: str, recvWindow: int | None = ..., **params: Any) -> Any:
        """Query Block Trade Details (USER_DATA): ``GET /eapi/v1/block/order/execute`` (USER_DATA)."""

    def accept_block_trade_order(self, *, blockOrderMatchingKey: str, recvWindow: int | None = ..., **params: Any) -> Any:
        """Accept Block Trade Order (TRADE): ``POST /eapi/v1/block/order/execute`` (TRADE)."""

    def query_block_trade_order(self, *, blockOrderMatchingKey: str | None = ..., endTime: int | None = ..., startTime: int | None = ..., underlying: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Query Block Trade Order (TRADE): ``GET /eapi/v1/block/order/orders`` (TRADE)."""

    def account_block_trade_list(self, *, endTime: int | None = ..., startTime: int | None = ..., underlying: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Account Block Trade List (USER_DATA): ``GET /eapi/v1/block/user-trades`` (USER_DATA)."""

    def get_auto_cancel_all_open_orders(self, *, underlying: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Get Auto-Cancel All Open Orders (Kill-Switch) Config (TRADE): ``GET /eapi/v1/countdownCancelAll`` (TRADE)."""

    def set_auto_cancel_all_open_orders(self, *, underlying: str, countdownTime: int, recvWindow: int | None = ..., **params: Any) -> Any:
        """Set Auto-Cancel All Open Orders (Kill-Switch) Config (TRADE): ``POST /eapi/v1/countdownCancelAll`` (TRADE)."""

    def auto_cancel_all_open_orders(self, *, underlyings: str, recvWindow: int | None = ..., **params: Any) -> Any:
        """Auto-Cancel All Open Orders (Kill-Switch) Heartbeat (TRADE): ``POST /eapi/v1/countdownCancelAllHeartBeat`` (TRADE)."""

    def start_user_data_stream(self, **params: Any) -> Any:
        """Start User Data Stream (USER_STREAM): ``POST /eapi/v1/listenKey`` (USER_STREAM)."""

    def keepalive_user_data_stream(self, **params: Any) -> Any:
        """Keepalive User Data Stream (USER_STREAM): ``PUT /eapi/v1/listenKey`` (USER_STREAM)."""

    def close_user_data_stream(self, **params: Any) -> Any:
        """Close User Data Stream (USER_STREAM): ``DELETE /eapi/v1/listenKey`` (USER_STREAM)."""

    def option_margin_account_information(self, *, recvWindow: int | None = ..., **params: Any) -> Any:
        """Option Margin Account Information (USER_DATA): ``GET /eapi/v1/marginAccount`` (USER_DATA)."""

    def get_market_maker_protection_config(self, *, underlying: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Get Market Maker Protection Config (TRADE): ``GET /eapi/v1/mmp`` (TRADE)."""

    def reset_market_maker_protection_config(self, *, underlying: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Reset Market Maker Protection Config (TRADE): ``POST /eapi/v1/mmpReset`` (TRADE)."""

    def set_market_maker_protection_config(self, *, underlying: str | None = ..., windowTimeInMilliseconds: int | None = ..., frozenTimeInMilliseconds: int | None = ..., qtyLimit: str | float | Decimal | None = ..., deltaLimit: str | float | Decimal | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Set Market Maker Protection Config (TRADE): ``POST /eapi/v1/mmpSet`` (TRADE)."""

    def check_server_time(self, **params: Any) -> Any:
        """Check Server Time: ``GET /eapi/v1/time`` (NONE)."""


class PmAPI:
    product: str
    endpoints: tuple[Endpoint, ...]
    def account_information(self, *, recvWindow: int | None = ..., **params: Any) -> Any:
        """Account Information(USER_DATA): ``GET /papi/v1/account`` (USER_DATA)."""

    def fund_collection_by_asset(self, *, asset: str, recvWindow: int | None = ..., **params: Any) -> Any:
        """Fund Collection by Asset(TRADE): ``POST /papi/v1/asset-collection`` (TRADE)."""

    def fund_auto_collection(self, *, recvWindow: int | None = ..., **params: Any) -> Any:
        """Fund Auto-collection(TRADE): ``POST /papi/v1/auto-collection`` (TRADE)."""

    def account_balance(self, *, asset: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Account Balance(USER_DATA): ``GET /papi/v1/balance`` (USER_DATA)."""

    def bnb_transfer(self, *, amount: str | float | Decimal, transferSide: str, recvWindow: int | None = ..., **params: Any) -> Any:
        """BNB transfer (TRADE): ``POST /papi/v1/bnb-transfer`` (TRADE)."""

    def get_cm_account_detail(self, *, recvWindow: int | None = ..., **params: Any) -> Any:
        """Get CM Account Detail(USER_DATA): ``GET /papi/v1/cm/account`` (USER_DATA)."""

    def get_user_commission_rate_for_cm(self, *, symbol: str, recvWindow: int | None = ..., **params: Any) -> Any:
        """Get User Commission Rate for CM(USER_DATA): ``GET /papi/v1/cm/commissionRate`` (USER_DATA)."""

    def get_cm_income_history(self, *, symbol: str | None = ..., incomeType: str | None = ..., startTime: int | None = ..., endTime: int | None = ..., page: int | None = ..., limit: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Get CM Income History(USER_DATA): ``GET /papi/v1/cm/income`` (USER_DATA)."""

    def change_cm_initial_leverage(self, *, symbol: str, leverage: int, recvWindow: int | None = ..., **params: Any) -> Any:
        """Change CM Initial Leverage (TRADE): ``POST /papi/v1/cm/leverage`` (TRADE)."""

    def cm_notional_and_leverage_brackets(self, *, symbol: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """CM Notional and Leverage Brackets(USER_DATA): ``GET /papi/v1/cm/leverageBracket`` (USER_DATA)."""

    def query_cm_position_information(self, *, marginAsset: str | None = ..., pair: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Query CM Position Information(USER_DATA): ``GET /papi/v1/cm/positionRisk`` (USER_DATA)."""

    def get_cm_current_position_mode(self, *, recvWindow: int | None = ..., **params: Any) -> Any:
        """Get CM Current Position Mode(USER_DATA): ``GET /papi/v1/cm/positionSide/dual`` (USER_DATA)."""

    def change_cm_position_mode(self, *, dualSidePosition: str, recvWindow: int | None = ..., **params: Any) -> Any:
        """Change CM Position Mode(TRADE): ``POST /papi/v1/cm/positionSide/dual`` (TRADE)."""

    def get_margin_borrow_loan_interest_history(self, *, asset: str | None = ..., startTime: int | None = ..., endTime: int | None = ..., current: int | None = ..., size: int | None = ..., archived: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Get Margin Borrow/Loan Interest History(USER_DATA): ``GET /papi/v1/margin/marginInterestHistory`` (USER_DATA)."""

    def query_margin_loan_record(self, *, asset: str, txId: int | None = ..., startTime: int | None = ..., endTime: int | None = ..., current: int | None = ..., size: int | None = ..., archived: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Query Margin Loan Record(USER_DATA): ``GET /papi/v1/margin/marginLoan`` (USER_DATA)."""

    def margin_max_borrow(self, *, asset: str, recvWindow: int | None = ..., **params: Any) -> Any:
        """Margin Max Borrow(USER_DATA): ``GET /papi/v1/margin/maxBorrowable`` (USER_DATA)."""

    def query_margin_max_withdraw(self, *, asset: str, recvWindow: int | None = ..., **params: Any) -> Any:
        """Query Margin Max Withdraw(USER_DATA): ``GET /papi/v1/margin/maxWithdraw`` (USER_DATA)."""

    def query_margin_repay_record(self, *, asset: str, txId: int | None = ..., startTime: int | None = ..., endTime: int | None = ..., current: int | None = ..., size: int | None = ..., archived: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Query Margin repay Record(USER_DATA): ``GET /papi/v1/margin/repayLoan`` (USER_DATA)."""

    def test_connectivity(self, **params: Any) -> Any:
        """Test Connectivity: ``GET /papi/v1/ping`` (NONE)."""

    def query_portfolio_margin_negative_balance_interest_history(self, *, asset: str | None = ..., startTime: int | None = ..., endTime: int | None = ..., size: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Query Portfolio Margin Negative Balance Interest History(USER_DATA): ``GET /papi/v1/portfolio/interest-history`` (USER_DATA)."""

    def query_user_negative_balance_auto_exchange_record(self, *, startTime: int, endTime: int, recvWindow: int | None = ..., **params: Any) -> Any:
        """Query User Negative Balance Auto Exchange Record (USER_DATA): ``GET /papi/v1/portfolio/negative-balance-exchange-record`` (USER_DATA)."""

    def query_user_rate_limit(self, *, recvWindow: int | None = ..., **params: Any) -> Any:
        """Query User Rate Limit (USER_DATA): ``GET /papi/v1/rateLimit/order`` (USER_DATA)."""

    def repay_futures_negative_balance(self, *, recvWindow: int | None = ..., **params: Any) -> Any:
        """Repay futures Negative Balance(USER_DATA): ``POST /papi/v1/repay-futures-negative-balance`` (USER_DATA)."""

    def get_auto_repay_futures_status(self, *, recvWindow: int | None = ..., **params: Any) -> Any:
        """Get Auto-repay-futures Status(USER_DATA): ``GET /papi/v1/repay-futures-switch`` (USER_DATA)."""

    def change_auto_repay_futures_status(self, *, autoRepay: str, recvWindow: int | None = ..., **params: Any) -> Any:
        """Change Auto-repay-futures Status(TRADE): ``POST /papi/v1/repay-futures-switch`` (TRADE)."""

    def get_um_account_detail(self, *, recvWindow: int | None = ..., **params: Any) -> Any:
        """Get UM Account Detail(USER_DATA): ``GET /papi/v1/um/account`` (USER_DATA)."""

    def um_futures_account_configuration(self, *, recvWindow: int | None = ..., **params: Any) -> Any:
        """UM Futures Account Configuration(USER_DATA): ``GET /papi/v1/um/accountConfig`` (USER_DATA)."""

    def portfolio_margin_um_trading_quantitative_rules_indicators(self, *, symbol: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Portfolio Margin UM Trading Quantitative Rules Indicators(USER_DATA): ``GET /papi/v1/um/apiTradingStatus`` (USER_DATA)."""

    def get_user_commission_rate_for_um(self, *, symbol: str, recvWindow: int | None = ..., **params: Any) -> Any:
        """Get User Commission Rate for UM(USER_DATA): ``GET /papi/v1/um/commissionRate`` (USER_DATA)."""

    def get_um_income_history(self, *, symbol: str | None = ..., incomeType: str | None = ..., startTime: int | None = ..., endTime: int | None = ..., page: int | None = ..., limit: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Get UM Income History(USER_DATA): ``GET /papi/v1/um/income`` (USER_DATA)."""

    def get_download_id_for_um_futures_transaction_history(self, *, startTime: int, endTime: int, recvWindow: int | None = ..., **params: Any) -> Any:
        """Get Download Id For UM Futures Transaction History (USER_DATA): ``GET /papi/v1/um/income/asyn`` (USER_DATA)."""

    def get_um_futures_transaction_download_link_by_id(self, *, downloadId: str, recvWindow: int | None = ..., **params: Any) -> Any:
        """Get UM Futures Transaction Download Link by Id(USER_DATA): ``GET /papi/v1/um/income/asyn/id`` (USER_DATA)."""

    def change_um_initial_leverage(self, *, symbol: str, leverage: int, recvWindow: int | None = ..., **params: Any) -> Any:
        """Change UM Initial Leverage(TRADE): ``POST /papi/v1/um/leverage`` (TRADE)."""

    def um_notional_and_leverage_brackets(self, *, symbol: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """UM Notional and Leverage Brackets (USER_DATA): ``GET /papi/v1/um/leverageBracket`` (USER_DATA)."""

    def new_um_order(self, *, symbol: str, side: str, positionSide: str | None = ..., type: str, timeInForce: str | None = ..., quantity: str | float | Decimal | None = ..., reduceOnly: str | None = ..., price: str | float | Decimal | None = ..., newClientOrderId: str | None = ..., newOrderRespType: str | None = ..., priceMatch: str | None = ..., selfTradePreventionMode: str | None = ..., goodTillDate: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """New UM Order (TRADE): ``POST /papi/v1/um/order`` (TRADE)."""

    def get_download_id_for_um_futures_order_history(self, *, startTime: int, endTime: int, recvWindow: int | None = ..., **params: Any) -> Any:
        """Get Download Id For UM Futures Order History (USER_DATA): ``GET /papi/v1/um/order/asyn`` (USER_DATA)."""

    def get_um_futures_order_download_link_by_id(self, *, downloadId: str, recvWindow: int | None = ..., **params: Any) -> Any:
        """Get UM Futures Order Download Link by Id(USER_DATA): ``GET /papi/v1/um/order/asyn/id`` (USER_DATA)."""

    def query_um_position_information(self, *, symbol: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Query UM Position Information(USER_DATA): ``GET /papi/v1/um/positionRisk`` (USER_DATA)."""

    def get_um_current_position_mode(self, *, recvWindow: int | None = ..., **params: Any) -> Any:
        """Get UM Current Position Mode(USER_DATA): ``GET /papi/v1/um/positionSide/dual`` (USER_DATA)."""

    def change_um_position_mode(self, *, dualSidePosition: str, recvWindow: int | None = ..., **params: Any) -> Any:
        """Change UM Position Mode(TRADE): ``POST /papi/v1/um/positionSide/dual`` (TRADE)."""

    def um_futures_symbol_configuration(self, *, symbol: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """UM Futures Symbol Configuration(USER_DATA): ``GET /papi/v1/um/symbolConfig`` (USER_DATA)."""

    def get_download_id_for_um_futures_trade_history(self, *, startTime: int, endTime: int, recvWindow: int | None = ..., **params: Any) -> Any:
        """Get Download Id For UM Futures Trade History (USER_DATA): ``GET /papi/v1/um/trade/asyn`` (USER_DATA)."""

    def get_um_futures_trade_download_link_by_id(self, *, downloadId: str, recvWindow: int | None = ..., **params: Any) -> Any:
        """Get UM Futures Trade Download Link by Id(USER_DATA): ``GET /papi/v1/um/trade/asyn/id`` (USER_DATA)."""

    def get_um_account_detail_v2(self, *, recvWindow: int | None = ..., **params: Any) -> Any:
        """Get UM Account Detail V2(USER_DATA): ``GET /papi/v2/um/account`` (USER_DATA)."""


class PmproAPI:
    product: str
    endpoints: tuple[Endpoint, ...]
    def get_portfolio_margin_pro_account_info(self, *, recvWindow: int | None = ..., **params: Any) -> Any:
        """Get Portfolio Margin Pro Account Info(USER_DATA): ``GET /sapi/v1/portfolio/account`` (USER_DATA)."""

    def fund_collection_by_asset(self, *, asset: str, recvWindow: int | None = ..., **params: Any) -> Any:
        """Fund Collection by Asset(USER_DATA): ``POST /sapi/v1/portfolio/asset-collection`` (USER_DATA)."""

    def query_portfolio_margin_asset_index_price(self, *, asset: str | None = ..., **params: Any) -> Any:
        """Query Portfolio Margin Asset Index Price (MARKET_DATA): ``GET /sapi/v1/portfolio/asset-index-price`` (MARKET_DATA)."""

    def fund_auto_collection(self, *, recvWindow: int | None = ..., **params: Any) -> Any:
        """Fund Auto-collection(USER_DATA): ``POST /sapi/v1/portfolio/auto-collection`` (USER_DATA)."""

    def get_portfolio_margin_pro_account_balance(self, *, asset: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Get Portfolio Margin Pro Account Balance(USER_DATA): ``GET /sapi/v1/portfolio/balance`` (USER_DATA)."""

    def bnb_transfer(self, *, amount: str | float | Decimal, transferSide: str, recvWindow: int | None = ..., **params: Any) -> Any:
        """BNB transfer(USER_DATA): ``POST /sapi/v1/portfolio/bnb-transfer`` (USER_DATA)."""

    def portfolio_margin_collateral_rate(self, **params: Any) -> Any:
        """Portfolio Margin Collateral Rate(MARKET_DATA): ``GET /sapi/v1/portfolio/collateralRate`` (MARKET_DATA)."""

    def get_transferable_earn_asset_balance_for_portfolio_margin(self, *, asset: str, transferType: str, recvWindow: int | None = ..., **params: Any) -> Any:
        """Get Transferable Earn Asset Balance for Portfolio Margin (USER_DATA): ``GET /sapi/v1/portfolio/earn-asset-balance`` (USER_DATA)."""

    def transfer_ldusdt_rwusd_for_portfolio_margin(self, *, asset: str, transferType: str, amount: str | float | Decimal, recvWindow: int | None = ..., **params: Any) -> Any:
        """Transfer LDUSDT for Portfolio Margin(TRADE): ``POST /sapi/v1/portfolio/earn-asset-transfer`` (TRADE)."""

    def query_portfolio_margin_pro_negative_balance_interest_history(self, *, asset: str | None = ..., startTime: int | None = ..., endTime: int | None = ..., size: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Query Portfolio Margin Pro Negative Balance Interest History(USER_DATA): ``GET /sapi/v1/portfolio/interest-history`` (USER_DATA)."""

    def get_portfolio_margin_asset_leverage(self, **params: Any) -> Any:
        """Get Portfolio Margin Asset Leverage(USER_DATA): ``GET /sapi/v1/portfolio/margin-asset-leverage`` (USER_DATA)."""

    def mint_bfusd_for_portfolio_margin(self, *, fromAsset: str, targetAsset: str, amount: str | float | Decimal, recvWindow: int | None = ..., **params: Any) -> Any:
        """Mint BFUSD for Portfolio Margin(TRADE): ``POST /sapi/v1/portfolio/mint`` (TRADE)."""

    def query_portfolio_margin_pro_bankruptcy_loan_amount(self, *, recvWindow: int | None = ..., **params: Any) -> Any:
        """Query Portfolio Margin Pro Bankruptcy Loan Amount(USER_DATA): ``GET /sapi/v1/portfolio/pmLoan`` (USER_DATA)."""

    def query_portfolio_margin_pro_bankruptcy_loan_repay_history(self, *, startTime: int | None = ..., endTime: int | None = ..., current: int | None = ..., size: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Any:
        """Query Portfolio Margin Pro Bankruptcy Loan Repay History(USER_DATA): ``GET /sapi/v1/portfolio/pmLoan-history`` (USER_DATA)."""

    def redeem_bfusd_for_portfolio_margin(self, *, fromAsset: str, targetAsset: str, amount: str | float | Decimal, recvWindow: int | None = ..., **params: Any) -> Any:
        """Redeem BFUSD for Portfolio Margin(TRADE): ``POST /sapi/v1/portfolio/redeem`` (TRADE)."""

    def portfolio_margin_pro_bankruptcy_loan_repay(self, *, recvWindow: int | None = ..., **params: Any) -> Any:
        """Portfolio Margin Pro Bankruptcy Loan Repay: ``POST /sapi/v1/portfolio/repay`` (USER_DATA)."""

    def repay_futures_negative_balance(self, *, recvWindow: int | None = ..., **params: Any) -> Any:
        """Repay futures Negative Balance(USER_DATA): ``POST /sapi/v1/portfolio/repay-futures-negative-balance`` (USER_DATA)."""

    def get_auto_repay_futures_status(self, *, recvWindow: int | None = ..., **params: Any) -> Any:
        """Get Auto-repay-futures Status(USER_DATA): ``GET /sapi/v1/portfolio/repay-futures-switch`` (USER_DATA)."""

    def change_auto_repay_futures_status(self, *, autoRepay: str, recvWindow: int | None = ..., **params: Any) -> Any:
        """Change Auto-repay-futures Status(TRADE): ``POST /sapi/v1/portfolio/repay-futures-switch`` (TRADE)."""

    def get_portfolio_margin_pro_span_account_info(self, *, recvWindow: int | None = ..., **params: Any) -> Any:
        """Get Portfolio Margin Pro SPAN Account Info(USER_DATA): ``GET /sapi/v2/portfolio/account`` (USER_DATA)."""

    def portfolio_margin_pro_tiered_collateral_rate(self, *, recvWindow: int | None = ..., **params: Any) -> Any:
        """Portfolio Margin Pro Tiered Collateral Rate(USER_DATA): ``GET /sapi/v2/portfolio/collateralRate`` (USER_DATA)."""


class AsyncSpotAPI:
    product: str
    endpoints: tuple[Endpoint, ...]
    def get_account(self, *, omitZeroBalances: bool | str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Account information (USER_DATA): ``GET /api/v3/account`` (USER_DATA)."""

    def account_commission(self, *, symbol: str, **params: Any) -> Awaitable[Any]:
        """Query Commission Rates (USER_DATA): ``GET /api/v3/account/commission`` (USER_DATA)."""

    def agg_trades(self, *, symbol: str, fromId: int | None = ..., startTime: int | None = ..., endTime: int | None = ..., limit: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Compressed/Aggregate trades list: ``GET /api/v3/aggTrades`` (NONE)."""

    def all_order_list(self, *, fromId: int | None = ..., startTime: int | None = ..., endTime: int | None = ..., limit: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Query all Order lists (USER_DATA): ``GET /api/v3/allOrderList`` (USER_DATA)."""

    def all_orders(self, *, symbol: str, orderId: int | None = ..., startTime: int | None = ..., endTime: int | None = ..., limit: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """All orders (USER_DATA): ``GET /api/v3/allOrders`` (USER_DATA)."""

    def avg_price(self, *, symbol: str, **params: Any) -> Awaitable[Any]:
        """Current average price: ``GET /api/v3/avgPrice`` (NONE)."""

    def depth(self, *, symbol: str, limit: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Order book: ``GET /api/v3/depth`` (NONE)."""

    def exchange_info(self, *, symbol: str | None = ..., symbols: Sequence[Any] | str | None = ..., permissions: str | None = ..., showPermissionSets: bool | str | None = ..., symbolStatus: str | None = ..., **params: Any) -> Awaitable[Any]:
        """Exchange information: ``GET /api/v3/exchangeInfo`` (NONE)."""

    def historical_trades(self, *, symbol: str, limit: int | None = ..., fromId: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Old trade lookup: ``GET /api/v3/historicalTrades`` (NONE)."""

    def klines(self, *, symbol: str, interval: str, startTime: int | None = ..., endTime: int | None = ..., timeZone: str | None = ..., limit: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Kline/Candlestick data: ``GET /api/v3/klines`` (NONE)."""

    def my_allocations(self, *, symbol: str, startTime: int | None = ..., endTime: int | None = ..., fromAllocationId: int | None = ..., limit: int | None = ..., orderId: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Query Allocations (USER_DATA): ``GET /api/v3/myAllocations`` (USER_DATA)."""

    def my_prevented_matches(self, *, symbol: str, preventedMatchId: int | None = ..., orderId: int | None = ..., fromPreventedMatchId: int | None = ..., limit: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Query Prevented Matches (USER_DATA): ``GET /api/v3/myPreventedMatches`` (USER_DATA)."""

    def my_trades(self, *, symbol: str, orderId: int | None = ..., startTime: int | None = ..., endTime: int | None = ..., fromId: int | None = ..., limit: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Account trade list (USER_DATA): ``GET /api/v3/myTrades`` (USER_DATA)."""

    def open_order_list(self, *, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Query Open Order lists (USER_DATA): ``GET /api/v3/openOrderList`` (USER_DATA)."""

    def get_open_orders(self, *, symbol: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Current open orders (USER_DATA): ``GET /api/v3/openOrders`` (USER_DATA)."""

    def delete_open_orders(self, *, symbol: str, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Cancel All Open Orders on a Symbol (TRADE): ``DELETE /api/v3/openOrders`` (TRADE)."""

    def get_order(self, *, symbol: str, orderId: int | None = ..., origClientOrderId: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Query order (USER_DATA): ``GET /api/v3/order`` (USER_DATA)."""

    def new_order(self, *, symbol: str, side: str, type: str, timeInForce: str | None = ..., quantity: str | float | Decimal | None = ..., quoteOrderQty: str | float | Decimal | None = ..., price: str | float | Decimal | None = ..., newClientOrderId: str | None = ..., strategyId: int | None = ..., strategyType: int | None = ..., stopPrice: str | float | Decimal | None = ..., trailingDelta: int | None = ..., icebergQty: str | float | Decimal | None = ..., newOrderRespType: str | None = ..., selfTradePreventionMode: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """New order (TRADE): ``POST /api/v3/order`` (TRADE)."""

    def delete_order(self, *, symbol: str, orderId: int | None = ..., origClientOrderId: str | None = ..., newClientOrderId: str | None = ..., cancelRestrictions: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Cancel order (TRADE): ``DELETE /api/v3/order`` (TRADE)."""

    def order_amend_keep_priority(self, *, symbol: str, orderId: int | None = ..., origClientOrderId: str | None = ..., newClientOrderId: str | None = ..., newQty: str | float | Decimal, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Order Amend Keep Priority (TRADE): ``PUT /api/v3/order/amend/keepPriority`` (TRADE)."""

    def order_amendments(self, *, symbol: str, orderId: int, fromExecutionId: int | None = ..., limit: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Query Order Amendments (USER_DATA): ``GET /api/v3/order/amendments`` (USER_DATA)."""

    def order_cancel_replace(self, *, symbol: str, side: str, type: str, cancelReplaceMode: str, timeInForce: str | None = ..., quantity: str | float | Decimal | None = ..., quoteOrderQty: str | float | Decimal | None = ..., price: str | float | Decimal | None = ..., cancelNewClientOrderId: str | None = ..., cancelOrigClientOrderId: str | None = ..., cancelOrderId: int | None = ..., newClientOrderId: str | None = ..., strategyId: int | None = ..., strategyType: int | None = ..., stopPrice: str | float | Decimal | None = ..., trailingDelta: int | None = ..., icebergQty: str | float | Decimal | None = ..., newOrderRespType: str | None = ..., selfTradePreventionMode: str | None = ..., cancelRestrictions: str | None = ..., orderRateLimitExceededMode: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Cancel an Existing Order and Send a New Order (TRADE): ``POST /api/v3/order/cancelReplace`` (TRADE)."""

    def order_oco(self, *, symbol: str, listClientOrderId: str | None = ..., side: str, quantity: str | float | Decimal, limitClientOrderId: str | None = ..., price: str | float | Decimal, limitStrategyId: int | None = ..., limitStrategyType: int | None = ..., limitIcebergQty: str | float | Decimal | None = ..., trailingDelta: int | None = ..., stopClientOrderId: str | None = ..., stopPrice: str | float | Decimal, stopStrategyId: int | None = ..., stopStrategyType: int | None = ..., stopLimitPrice: str | float | Decimal | None = ..., stopIcebergQty: str | float | Decimal | None = ..., stopLimitTimeInForce: str | None = ..., newOrderRespType: str | None = ..., selfTradePreventionMode: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """New OCO - Deprecated (TRADE): ``POST /api/v3/order/oco`` (TRADE)."""

    def order_test(self, *, symbol: str, side: str, type: str, timeInForce: str | None = ..., quantity: str | float | Decimal | None = ..., quoteOrderQty: str | float | Decimal | None = ..., price: str | float | Decimal | None = ..., newClientOrderId: str | None = ..., strategyId: int | None = ..., strategyType: int | None = ..., stopPrice: str | float | Decimal | None = ..., trailingDelta: int | None = ..., icebergQty: str | float | Decimal | None = ..., newOrderRespType: str | None = ..., selfTradePreventionMode: str | None = ..., recvWindow: int | None = ..., computeCommissionRates: bool | str | None = ..., **params: Any) -> Awaitable[Any]:
        """Test new order (TRADE): ``POST /api/v3/order/test`` (TRADE)."""

    def get_order_list(self, *, orderListId: int | None = ..., origClientOrderId: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Query Order list (USER_DATA): ``GET /api/v3/orderList`` (USER_DATA)."""

    def delete_order_list(self, *, symbol: str, orderListId: int | None = ..., listClientOrderId: str | None = ..., newClientOrderId: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Cancel Order list (TRADE): ``DELETE /api/v3/orderList`` (TRADE)."""

    def order_list_oco(self, *, symbol: str, listClientOrderId: str | None = ..., side: str, quantity: str | float | Decimal, aboveType: str, aboveClientOrderId: str | None = ..., aboveIcebergQty: int | None = ..., abovePrice: str | float | Decimal | None = ..., aboveStopPrice: str | float | Decimal | None = ..., aboveTrailingDelta: int | None = ..., aboveTimeInForce: str | float | Decimal | None = ..., aboveStrategyId: int | None = ..., aboveStrategyType: int | None = ..., belowType: str, belowClientOrderId: str | None = ..., belowIcebergQty: int | None = ..., belowPrice: str | float | Decimal | None = ..., belowStopPrice: str | float | Decimal | None = ..., belowTrailingDelta: int | None = ..., belowTimeInForce: str | None = ..., belowStrategyId: int | None = ..., belowStrategyType: int | None = ..., newOrderRespType: str | None = ..., selfTradePreventionMode: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """New Order list - OCO (TRADE): ``POST /api/v3/orderList/oco`` (TRADE)."""

    def order_list_oto(self, *, symbol: str, listClientOrderId: str | None = ..., newOrderRespType: str | None = ..., selfTradePreventionMode: str | None = ..., workingType: str, workingSide: str, workingClientOrderId: str | None = ..., workingPrice: str | float | Decimal, workingQuantity: str | float | Decimal, workingIcebergQty: str | float | Decimal | None = ..., workingTimeInForce: str | None = ..., workingStrategyId: int | None = ..., workingStrategyType: int | None = ..., pendingType: str, pendingSide: str, pendingClientOrderId: str | None = ..., pendingPrice: str | float | Decimal | None = ..., pendingStopPrice: str | float | Decimal | None = ..., pendingTrailingDelta: str | float | Decimal | None = ..., pendingQuantity: str | float | Decimal, pendingIcebergQty: str | float | Decimal | None = ..., pendingTimeInForce: str | None = ..., pendingStrategyId: int | None = ..., pendingStrategyType: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """New Order list - OTO (TRADE): ``POST /api/v3/orderList/oto`` (TRADE)."""

    def order_list_otoco(self, *, symbol: str, listClientOrderId: str | None = ..., newOrderRespType: str | None = ..., selfTradePreventionMode: str | None = ..., workingType: str, workingSide: str, workingClientOrderId: str | None = ..., workingPrice: str | float | Decimal, workingQuantity: str | float | Decimal, workingIcebergQty: str | float | Decimal | None = ..., workingTimeInForce: str | None = ..., workingStrategyId: int | None = ..., workingStrategyType: int | None = ..., pendingSide: str, pendingQuantity: str | float | Decimal, pendingAboveType: str, pendingAboveClientOrderId: str | None = ..., pendingAbovePrice: str | float | Decimal | None = ..., pendingAboveStopPrice: str | float | Decimal | None = ..., pendingAboveTrailingDelta: str | float | Decimal | None = ..., pendingAboveIcebergQty: str | float | Decimal | None = ..., pendingAboveTimeInForce: str | None = ..., pendingAboveStrategyId: int | None = ..., pendingAboveStrategyType: int | None = ..., pendingBelowType: str | None = ..., pendingBelowClientOrderId: str | None = ..., pendingBelowPrice: str | float | Decimal | None = ..., pendingBelowStopPrice: str | float | Decimal | None = ..., pendingBelowTrailingDelta: str | float | Decimal | None = ..., pendingBelowIcebergQty: str | float | Decimal | None = ..., pendingBelowTimeInForce: str | None = ..., pendingBelowStrategyId: int | None = ..., pendingBelowStrategyType: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """New Order list - OTOCO (TRADE): ``POST /api/v3/orderList/otoco`` (TRADE)."""

    def ping(self, **params: Any) -> Awaitable[Any]:
        """Test connectivity: ``GET /api/v3/ping`` (NONE)."""

    def rate_limit_order(self, *, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Query Unfilled Order Count (USER_DATA): ``GET /api/v3/rateLimit/order`` (USER_DATA)."""

    def sor_order(self, *, symbol: str, side: str, type: str, timeInForce: str | None = ..., quantity: str | float | Decimal, price: str | float | Decimal | None = ..., newClientOrderId: str | None = ..., strategyId: int | None = ..., strategyType: int | None = ..., icebergQty: str | float | Decimal | None = ..., newOrderRespType: str | None = ..., selfTradePreventionMode: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """New order using SOR (TRADE): ``POST /api/v3/sor/order`` (TRADE)."""

    def sor_order_test(self, *, symbol: str, side: str, type: str, timeInForce: str | None = ..., quantity: str | float | Decimal, price: str | float | Decimal | None = ..., newClientOrderId: str | None = ..., strategyId: int | None = ..., strategyType: int | None = ..., icebergQty: str | float | Decimal | None = ..., newOrderRespType: str | None = ..., selfTradePreventionMode: str | None = ..., recvWindow: int | None = ..., computeCommissionRates: bool | str | None = ..., **params: Any) -> Awaitable[Any]:
        """Test new order using SOR (TRADE): ``POST /api/v3/sor/order/test`` (TRADE)."""

    def ticker(self, *, symbol: str, windowSize: str | None = ..., type: str | None = ..., **params: Any) -> Awaitable[Any]:
        """Rolling window price change statistics: ``GET /api/v3/ticker`` (NONE)."""

    def ticker24hr(self, *, symbol: str | None = ..., symbols: str | None = ..., type: str | None = ..., **params: Any) -> Awaitable[Any]:
        """24hr ticker price change statistics: ``GET /api/v3/ticker/24hr`` (NONE)."""

    def ticker_book_ticker(self, *, symbol: str | None = ..., symbols: str | None = ..., **params: Any) -> Awaitable[Any]:
        """Symbol order book ticker: ``GET /api/v3/ticker/bookTicker`` (NONE)."""

    def ticker_price(self, *, symbol: str | None = ..., symbols: str | None = ..., **params: Any) -> Awaitable[Any]:
        """Symbol price ticker: ``GET /api/v3/ticker/price`` (NONE)."""

    def ticker_trading_day(self, *, symbol: str, timeZone: str | None = ..., type: str | None = ..., **params: Any) -> Awaitable[Any]:
        """Trading Day Ticker: ``GET /api/v3/ticker/tradingDay`` (NONE)."""

    def time(self, **params: Any) -> Awaitable[Any]:
        """Check server time: ``GET /api/v3/time`` (NONE)."""

    def get_trades(self, *, symbol: str, limit: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Recent trades list: ``GET /api/v3/trades`` (NONE)."""

    def ui_klines(self, *, symbol: str, interval: str, startTime: int | None = ..., endTime: int | None = ..., timeZone: str | None = ..., limit: int | None = ..., **params: Any) -> Awaitable[Any]:
        """UIKlines: ``GET /api/v3/uiKlines`` (NONE)."""

    def start_user_data_stream(self, **params: Any) -> Awaitable[Any]:
        """Start user data stream (USER_STREAM) (Deprecated): ``POST /api/v3/userDataStream`` (USER_STREAM)."""

    def keepalive_user_data_stream(self, *, listenKey: str, **params: Any) -> Awaitable[Any]:
        """Keepalive user data stream (USER_STREAM) (Deprecated): ``PUT /api/v3/userDataStream`` (USER_STREAM)."""

    def close_user_data_stream(self, *, listenKey: str, **params: Any) -> Awaitable[Any]:
        """Close user data stream (USER_STREAM) (Deprecated): ``DELETE /api/v3/userDataStream`` (USER_STREAM)."""


class AsyncUsdmAPI:
    product: str
    endpoints: tuple[Endpoint, ...]
    def futures_account_configuration(self, *, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Futures Account Configuration(USER_DATA): ``GET /fapi/v1/accountConfig`` (USER_DATA)."""

    def position_adl_quantile_estimation(self, *, symbol: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Position ADL Quantile Estimation(USER_DATA): ``GET /fapi/v1/adlQuantile`` (USER_DATA)."""

    def compressed_aggregate_trades_list(self, *, symbol: str, fromId: int | None = ..., startTime: int | None = ..., endTime: int | None = ..., limit: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Compressed/Aggregate Trades List: ``GET /fapi/v1/aggTrades`` (NONE)."""

    def cancel_all_open_orders(self, *, symbol: str, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Cancel All Open Orders (TRADE): ``DELETE /fapi/v1/allOpenOrders`` (TRADE)."""

    def all_orders(self, *, symbol: str, orderId: int | None = ..., startTime: int | None = ..., endTime: int | None = ..., limit: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """All Orders (USER_DATA): ``GET /fapi/v1/allOrders`` (USER_DATA)."""

    def futures_trading_quantitative_rules_indicators(self, *, symbol: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Futures Trading Quantitative Rules Indicators (USER_DATA): ``GET /fapi/v1/apiTradingStatus`` (USER_DATA)."""

    def asset_index(self, *, symbol: str | None = ..., **params: Any) -> Awaitable[Any]:
        """Multi-Assets Mode Asset Index: ``GET /fapi/v1/assetIndex`` (NONE)."""

    def place_multiple_orders(self, *, batchOrders: Sequence[Any] | str, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Place Multiple Orders(TRADE): ``POST /fapi/v1/batchOrders`` (TRADE)."""

    def modify_multiple_orders(self, *, batchOrders: Sequence[Any] | str, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Modify Multiple Orders(TRADE): ``PUT /fapi/v1/batchOrders`` (TRADE)."""

    def cancel_multiple_orders(self, *, symbol: str, orderIdList: Sequence[Any] | str | None = ..., origClientOrderIdList: Sequence[Any] | str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Cancel Multiple Orders (TRADE): ``DELETE /fapi/v1/batchOrders`` (TRADE)."""

    def user_commission_rate(self, *, symbol: str, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """User Commission Rate (USER_DATA): ``GET /fapi/v1/commissionRate`` (USER_DATA)."""

    def query_index_price_constituents(self, *, symbol: str, **params: Any) -> Awaitable[Any]:
        """Query Index Price Constituents: ``GET /fapi/v1/constituents`` (NONE)."""

    def continuous_contract_kline_candlestick_data(self, *, pair: str, contractType: str, interval: str, startTime: int | None = ..., endTime: int | None = ..., limit: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Continuous Contract Kline/Candlestick Data: ``GET /fapi/v1/continuousKlines`` (NONE)."""

    def accept_the_offered_quote(self, *, quoteId: str, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Accept the offered quote (USER_DATA): ``POST /fapi/v1/convert/acceptQuote`` (USER_DATA)."""

    def list_all_convert_pairs(self, *, fromAsset: str | None = ..., toAsset: str | None = ..., **params: Any) -> Awaitable[Any]:
        """List All Convert Pairs: ``GET /fapi/v1/convert/exchangeInfo`` (NONE)."""

    def send_quote_request(self, *, fromAsset: str, toAsset: str, fromAmount: str | float | Decimal | None = ..., toAmount: str | float | Decimal | None = ..., validTime: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Send Quote Request(USER_DATA): ``POST /fapi/v1/convert/getQuote`` (USER_DATA)."""

    def order_status(self, *, orderId: str | None = ..., quoteId: str | None = ..., **params: Any) -> Awaitable[Any]:
        """Order status(USER_DATA): ``GET /fapi/v1/convert/orderStatus`` (USER_DATA)."""

    def auto_cancel_all_open_orders(self, *, symbol: str, countdownTime: int, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Auto-Cancel All Open Orders (TRADE): ``POST /fapi/v1/countdownCancelAll`` (TRADE)."""

    def order_book(self, *, symbol: str, limit: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Order Book: ``GET /fapi/v1/depth`` (NONE)."""

    def exchange_information(self, **params: Any) -> Awaitable[Any]:
        """Exchange Information: ``GET /fapi/v1/exchangeInfo`` (NONE)."""

    def get_bnb_burn_status(self, *, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Get BNB Burn Status (USER_DATA): ``GET /fapi/v1/feeBurn`` (USER_DATA)."""

    def toggle_bnb_burn_on_futures_trade(self, *, feeBurn: str, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Toggle BNB Burn On Futures Trade (TRADE): ``POST /fapi/v1/feeBurn`` (TRADE)."""

    def users_force_orders(self, *, symbol: str | None = ..., autoCloseType: str | None = ..., startTime: int | None = ..., endTime: int | None = ..., limit: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """User's Force Orders (USER_DATA): ``GET /fapi/v1/forceOrders`` (USER_DATA)."""

    def get_funding_rate_info(self, **params: Any) -> Awaitable[Any]:
        """Get Funding Rate Info: ``GET /fapi/v1/fundingInfo`` (NONE)."""

    def get_funding_rate_history(self, *, symbol: str | None = ..., startTime: int | None = ..., endTime: int | None = ..., limit: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Get Funding Rate History: ``GET /fapi/v1/fundingRate`` (NONE)."""

    def old_trades_lookup(self, *, symbol: str, limit: int | None = ..., fromId: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Old Trades Lookup (MARKET_DATA): ``GET /fapi/v1/historicalTrades`` (MARKET_DATA)."""

    def get_income_history(self, *, symbol: str | None = ..., incomeType: str | None = ..., startTime: int | None = ..., endTime: int | None = ..., page: int | None = ..., limit: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Get Income History (USER_DATA): ``GET /fapi/v1/income`` (USER_DATA)."""

    def get_download_id_for_futures_transaction_history(self, *, startTime: int, endTime: int, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Get Download Id For Futures Transaction History(USER_DATA): ``GET /fapi/v1/income/asyn`` (USER_DATA)."""

    def get_futures_transaction_history_download_link_by_id(self, *, downloadId: str, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Get Futures Transaction History Download Link by Id (USER_DATA): ``GET /fapi/v1/income/asyn/id`` (USER_DATA)."""

    def composite_index_symbol_information(self, *, symbol: str | None = ..., **params: Any) -> Awaitable[Any]:
        """Composite Index Symbol Information: ``GET /fapi/v1/indexInfo`` (NONE)."""

    def index_price_kline_candlestick_data(self, *, pair: str, interval: str, startTime: int | None = ..., endTime: int | None = ..., limit: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Index Price Kline/Candlestick Data: ``GET /fapi/v1/indexPriceKlines`` (NONE)."""

    def query_insurance_fund_balance_snapshot(self, *, symbol: str | None = ..., **params: Any) -> Awaitable[Any]:
        """Query Insurance Fund Balance Snapshot: ``GET /fapi/v1/insuranceBalance`` (NONE)."""

    def kline_candlestick_data(self, *, symbol: str, interval: str, startTime: int | None = ..., endTime: int | None = ..., limit: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Kline/Candlestick Data: ``GET /fapi/v1/klines`` (NONE)."""

    def change_initial_leverage(self, *, symbol: str, leverage: int, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Change Initial Leverage(TRADE): ``POST /fapi/v1/leverage`` (TRADE)."""

    def notional_and_leverage_brackets(self, *, symbol: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Notional and Leverage Brackets (USER_DATA): ``GET /fapi/v1/leverageBracket`` (USER_DATA)."""

    def start_user_data_stream(self, **params: Any) -> Awaitable[Any]:
        """Start User Data Stream (USER_STREAM): ``POST /fapi/v1/listenKey`` (USER_STREAM)."""

    def keepalive_user_data_stream(self, **params: Any) -> Awaitable[Any]:
        """Keepalive User Data Stream (USER_STREAM): ``PUT /fapi/v1/listenKey`` (USER_STREAM)."""

    def close_user_data_stream(self, **params: Any) -> Awaitable[Any]:
        """Close User Data Stream (USER_STREAM): ``DELETE /fapi/v1/listenKey`` (USER_STREAM)."""

    def change_margin_type(self, *, symbol: str, marginType: str, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Change Margin Type(TRADE): ``POST /fapi/v1/marginType`` (TRADE)."""

    def mark_price_kline_candlestick_data(self, *, symbol: str, interval: str, startTime: int | None = ..., endTime: int | None = ..., limit: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Mark Price Kline/Candlestick Data: ``GET /fapi/v1/markPriceKlines`` (NONE)."""

    def get_current_multi_assets_mode(self, *, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Get Current Multi-Assets Mode (USER_DATA): ``GET /fapi/v1/multiAssetsMargin`` (USER_DATA)."""

    def change_multi_assets_mode(self, *, multiAssetsMargin: str, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Change Multi-Assets Mode (TRADE): ``POST /fapi/v1/multiAssetsMargin`` (TRADE)."""

    def open_interest(self, *, symbol: str, **params: Any) -> Awaitable[Any]:
        """Open Interest: ``GET /fapi/v1/openInterest`` (NONE)."""

    def query_current_open_order(self, *, symbol: str, orderId: int | None = ..., origClientOrderId: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Query Current Open Order (USER_DATA): ``GET /fapi/v1/openOrder`` (USER_DATA)."""

    def current_all_open_orders(self, *, symbol: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Current All Open Orders (USER_DATA): ``GET /fapi/v1/openOrders`` (USER_DATA)."""

    def query_order(self, *, symbol: str, orderId: int | None = ..., origClientOrderId: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Query Order (USER_DATA): ``GET /fapi/v1/order`` (USER_DATA)."""

    def new_order(self, *, symbol: str, side: str, positionSide: str | None = ..., type: str, timeInForce: str | None = ..., quantity: str | float | Decimal | None = ..., reduceOnly: str | None = ..., price: str | float | Decimal | None = ..., newClientOrderId: str | None = ..., stopPrice: str | float | Decimal | None = ..., closePosition: str | None = ..., activationPrice: str | float | Decimal | None = ..., callbackRate: str | float | Decimal | None = ..., workingType: str | None = ..., priceProtect: str | None = ..., newOrderRespType: str | None = ..., priceMatch: str | None = ..., selfTradePreventionMode: str | None = ..., goodTillDate: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """New Order(TRADE): ``POST /fapi/v1/order`` (TRADE)."""

    def modify_order(self, *, orderId: int | None = ..., origClientOrderId: str | None = ..., symbol: str, side: str, quantity: str | float | Decimal, price: str | float | Decimal, priceMatch: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Modify Order (TRADE): ``PUT /fapi/v1/order`` (TRADE)."""

    def cancel_order(self, *, symbol: str, orderId: int | None = ..., origClientOrderId: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Cancel Order (TRADE): ``DELETE /fapi/v1/order`` (TRADE)."""

    def get_download_id_for_futures_order_history(self, *, startTime: int, endTime: int, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Get Download Id For Futures Order History (USER_DATA): ``GET /fapi/v1/order/asyn`` (USER_DATA)."""

    def get_futures_order_history_download_link_by_id(self, *, downloadId: str, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Get Futures Order History Download Link by Id (USER_DATA): ``GET /fapi/v1/order/asyn/id`` (USER_DATA)."""

    def test_order(self, *, symbol: str, side: str, positionSide: str | None = ..., type: str, timeInForce: str | None = ..., quantity: str | float | Decimal | None = ..., reduceOnly: str | None = ..., price: str | float | Decimal | None = ..., newClientOrderId: str | None = ..., stopPrice: str | float | Decimal | None = ..., closePosition: str | None = ..., activationPrice: str | float | Decimal | None = ..., callbackRate: str | float | Decimal | None = ..., workingType: str | None = ..., priceProtect: str | None = ..., newOrderRespType: str | None = ..., priceMatch: str | None = ..., selfTradePreventionMode: str | None = ..., goodTillDate: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Test Order(TRADE): ``POST /fapi/v1/order/test`` (TRADE)."""

    def get_order_modify_history(self, *, symbol: str, orderId: int | None = ..., origClientOrderId: str | None = ..., startTime: int | None = ..., endTime: int | None = ..., limit: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Get Order Modify History (USER_DATA): ``GET /fapi/v1/orderAmendment`` (USER_DATA)."""

    def test_connectivity(self, **params: Any) -> Awaitable[Any]:
        """Test Connectivity: ``GET /fapi/v1/ping`` (NONE)."""

    def classic_portfolio_margin_account_information(self, *, asset: str, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Classic Portfolio Margin Account Information (USER_DATA): ``GET /fapi/v1/pmAccountInfo`` (USER_DATA)."""

    def modify_isolated_position_margin(self, *, symbol: str, positionSide: str | None = ..., amount: str | float | Decimal, type: int, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Modify Isolated Position Margin(TRADE): ``POST /fapi/v1/positionMargin`` (TRADE)."""

    def get_position_margin_change_history(self, *, symbol: str, type: int | None = ..., startTime: int | None = ..., endTime: int | None = ..., limit: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Get Position Margin Change History (TRADE): ``GET /fapi/v1/positionMargin/history`` (TRADE)."""

    def get_current_position_mode(self, *, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Get Current Position Mode(USER_DATA): ``GET /fapi/v1/positionSide/dual`` (USER_DATA)."""

    def change_position_mode(self, *, dualSidePosition: str, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Change Position Mode(TRADE): ``POST /fapi/v1/positionSide/dual`` (TRADE)."""

    def mark_price(self, *, symbol: str | None = ..., **params: Any) -> Awaitable[Any]:
        """Mark Price: ``GET /fapi/v1/premiumIndex`` (NONE)."""

    def premium_index_kline_data(self, *, symbol: str, interval: str, startTime: int | None = ..., endTime: int | None = ..., limit: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Premium index Kline Data: ``GET /fapi/v1/premiumIndexKlines`` (NONE)."""

    def query_user_rate_limit(self, *, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Query User Rate Limit (USER_DATA): ``GET /fapi/v1/rateLimit/order`` (USER_DATA)."""

    def symbol_configuration(self, *, symbol: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Symbol Configuration(USER_DATA): ``GET /fapi/v1/symbolConfig`` (USER_DATA)."""

    def ticker24hr_price_change_statistics(self, *, symbol: str | None = ..., **params: Any) -> Awaitable[Any]:
        """24hr Ticker Price Change Statistics: ``GET /fapi/v1/ticker/24hr`` (NONE)."""

    def symbol_order_book_ticker(self, *, symbol: str | None = ..., **params: Any) -> Awaitable[Any]:
        """Symbol Order Book Ticker: ``GET /fapi/v1/ticker/bookTicker`` (NONE)."""

    def symbol_price_ticker(self, *, symbol: str | None = ..., **params: Any) -> Awaitable[Any]:
        """Symbol Price Ticker: ``GET /fapi/v1/ticker/price`` (NONE)."""

    def check_server_time(self, **params: Any) -> Awaitable[Any]:
        """Check Server Time: ``GET /fapi/v1/time`` (NONE)."""

    def get_download_id_for_futures_trade_history(self, *, startTime: int, endTime: int, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Get Download Id For Futures Trade History (USER_DATA): ``GET /fapi/v1/trade/asyn`` (USER_DATA)."""

    def get_futures_trade_download_link_by_id(self, *, downloadId: str, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Get Futures Trade Download Link by Id(USER_DATA): ``GET /fapi/v1/trade/asyn/id`` (USER_DATA)."""

    def recent_trades_list(self, *, symbol: str, limit: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Recent Trades List: ``GET /fapi/v1/trades`` (NONE)."""

    def account_trade_list(self, *, symbol: str, orderId: int | None = ..., startTime: int | None = ..., endTime: int | None = ..., fromId: int | None = ..., limit: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Account Trade List (USER_DATA): ``GET /fapi/v1/userTrades`` (USER_DATA)."""

    def account_information_v2(self, *, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Account Information V2(USER_DATA): ``GET /fapi/v2/account`` (USER_DATA)."""

    def futures_account_balance_v2(self, *, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Futures Account Balance V2 (USER_DATA): ``GET /fapi/v2/balance`` (USER_DATA)."""

    def position_information_v2(self, *, symbol: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Position Information V2 (USER_DATA): ``GET /fapi/v2/positionRisk`` (USER_DATA)."""

    def symbol_price_ticker_v2(self, *, symbol: str | None = ..., **params: Any) -> Awaitable[Any]:
        """Symbol Price Ticker V2: ``GET /fapi/v2/ticker/price`` (NONE)."""

    def account_information_v3(self, *, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Account Information V3(USER_DATA): ``GET /fapi/v3/account`` (USER_DATA)."""

    def futures_account_balance_v3(self, *, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Futures Account Balance V3 (USER_DATA): ``GET /fapi/v3/balance`` (USER_DATA)."""

    def position_information_v3(self, *, symbol: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Position Information V3 (USER_DATA): ``GET /fapi/v3/positionRisk`` (USER_DATA)."""

    def basis(self, *, pair: str, contractType: str, period: str, limit: int, startTime: int | None = ..., endTime: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Basis: ``GET /futures/data/basis`` (NONE)."""

    def quarterly_contract_settlement_price(self, *, pair: str, **params: Any) -> Awaitable[Any]:
        """Quarterly Contract Settlement Price: ``GET /futures/data/delivery-price`` (NONE)."""

    def long_short_ratio(self, *, symbol: str, period: str, limit: int | None = ..., startTime: int | None = ..., endTime: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Long/Short Ratio: ``GET /futures/data/globalLongShortAccountRatio`` (NONE)."""

    def open_interest_statistics(self, *, symbol: str, period: str, limit: int | None = ..., startTime: int | None = ..., endTime: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Open Interest Statistics: ``GET /futures/data/openInterestHist`` (NONE)."""

    def taker_buy_sell_volume(self, *, symbol: str, period: str, limit: int | None = ..., startTime: int | None = ..., endTime: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Taker Buy/Sell Volume: ``GET /futures/data/takerlongshortRatio`` (NONE)."""

    def top_trader_long_short_ratio_accounts(self, *, symbol: str, period: str, limit: int | None = ..., startTime: int | None = ..., endTime: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Top Trader Long/Short Ratio (Accounts): ``GET /futures/data/topLongShortAccountRatio`` (NONE)."""

    def top_trader_long_short_ratio_positions(self, *, symbol: str, period: str, limit: int | None = ..., startTime: int | None = ..., endTime: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Top Trader Long/Short Ratio (Positions): ``GET /futures/data/topLongShortPositionRatio`` (NONE)."""

    def get_future_tick_level_orderbook_historical_data_download_link(self, *, symbol: str, dataType: str, startTime: int, endTime: int, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Get Future TickLevel Orderbook Historical Data Download Link(USER_DATA): ``GET /sapi/v1/futures/histDataLink`` (USER_DATA)."""


class AsyncCoinmAPI:
    product: str
    endpoints: tuple[Endpoint, ...]
    def account_information(self, *, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Account Information (USER_DATA): ``GET /dapi/v1/account`` (USER_DATA)."""

    def position_adl_quantile_estimation(self, *, symbol: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Position ADL Quantile Estimation(USER_DATA): ``GET /dapi/v1/adlQuantile`` (USER_DATA)."""

    def compressed_aggregate_trades_list(self, *, symbol: str, fromId: int | None = ..., startTime: int | None = ..., endTime: int | None = ..., limit: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Compressed/Aggregate Trades List: ``GET /dapi/v1/aggTrades`` (NONE)."""

    def cancel_all_open_orders(self, *, symbol: str, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Cancel All Open Orders(TRADE): ``DELETE /dapi/v1/allOpenOrders`` (TRADE)."""

    def all_orders(self, *, symbol: str | None = ..., pair: str | None = ..., orderId: int | None = ..., startTime: int | None = ..., endTime: int | None = ..., limit: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """All Orders (USER_DATA): ``GET /dapi/v1/allOrders`` (USER_DATA)."""

    def futures_account_balance(self, *, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Futures Account Balance (USER_DATA): ``GET /dapi/v1/balance`` (USER_DATA)."""

    def place_multiple_orders(self, *, batchOrders: Sequence[Any] | str, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Place Multiple Orders(TRADE): ``POST /dapi/v1/batchOrders`` (TRADE)."""

    def modify_multiple_orders(self, *, batchOrders: Sequence[Any] | str, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Modify Multiple Orders(TRADE): ``PUT /dapi/v1/batchOrders`` (TRADE)."""

    def cancel_multiple_orders(self, *, symbol: str, orderIdList: Sequence[Any] | str | None = ..., origClientOrderIdList: Sequence[Any] | str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Cancel Multiple Orders(TRADE): ``DELETE /dapi/v1/batchOrders`` (TRADE)."""

    def user_commission_rate(self, *, symbol: str, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """User Commission Rate (USER_DATA): ``GET /dapi/v1/commissionRate`` (USER_DATA)."""

    def query_index_price_constituents(self, *, symbol: str, **params: Any) -> Awaitable[Any]:
        """Query Index Price Constituents: ``GET /dapi/v1/constituents`` (NONE)."""

    def continuous_contract_kline_candlestick_data(self, *, pair: str, contractType: str, interval: str, startTime: int | None = ..., endTime: int | None = ..., limit: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Continuous Contract Kline/Candlestick Data: ``GET /dapi/v1/continuousKlines`` (NONE)."""

    def auto_cancel_all_open_orders(self, *, symbol: str, countdownTime: int, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Auto-Cancel All Open Orders (TRADE): ``POST /dapi/v1/countdownCancelAll`` (TRADE)."""

    def order_book(self, *, symbol: str, limit: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Order Book: ``GET /dapi/v1/depth`` (NONE)."""

    def exchange_information(self, **params: Any) -> Awaitable[Any]:
        """Exchange Information: ``GET /dapi/v1/exchangeInfo`` (NONE)."""

    def users_force_orders(self, *, symbol: str | None = ..., autoCloseType: str | None = ..., startTime: int | None = ..., endTime: int | None = ..., limit: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """User's Force Orders(USER_DATA): ``GET /dapi/v1/forceOrders`` (USER_DATA)."""

    def get_funding_rate_info(self, **params: Any) -> Awaitable[Any]:
        """Get Funding Rate Info: ``GET /dapi/v1/fundingInfo`` (NONE)."""

    def get_funding_rate_history_of_perpetual_futures(self, *, symbol: str, startTime: int | None = ..., endTime: int | None = ..., limit: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Get Funding Rate History of Perpetual Futures: ``GET /dapi/v1/fundingRate`` (NONE)."""

    def old_trades_lookup(self, *, symbol: str, limit: int | None = ..., fromId: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Old Trades Lookup(MARKET_DATA): ``GET /dapi/v1/historicalTrades`` (MARKET_DATA)."""

    def get_income_history(self, *, symbol: str | None = ..., incomeType: str | None = ..., startTime: int | None = ..., endTime: int | None = ..., page: int | None = ..., limit: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Get Income History(USER_DATA): ``GET /dapi/v1/income`` (USER_DATA)."""

    def get_download_id_for_futures_transaction_history(self, *, startTime: int, endTime: int, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Get Download Id For Futures Transaction History(USER_DATA): ``GET /dapi/v1/income/asyn`` (USER_DATA)."""

    def get_futures_transaction_history_download_link_by_id(self, *, downloadId: str, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Get Futures Transaction History Download Link by Id (USER_DATA): ``GET /dapi/v1/income/asyn/id`` (USER_DATA)."""

    def index_price_kline_candlestick_data(self, *, pair: str, interval: str, startTime: int | None = ..., endTime: int | None = ..., limit: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Index Price Kline/Candlestick Data: ``GET /dapi/v1/indexPriceKlines`` (NONE)."""

    def kline_candlestick_data(self, *, symbol: str, interval: str, startTime: int | None = ..., endTime: int | None = ..., limit: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Kline/Candlestick Data: ``GET /dapi/v1/klines`` (NONE)."""

    def change_initial_leverage(self, *, symbol: str, leverage: int, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Change Initial Leverage (TRADE): ``POST /dapi/v1/leverage`` (TRADE)."""

    def notional_bracket_for_pair(self, *, pair: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Notional Bracket for Pair(USER_DATA): ``GET /dapi/v1/leverageBracket`` (USER_DATA)."""

    def start_user_data_stream(self, **params: Any) -> Awaitable[Any]:
        """Start User Data Stream (USER_STREAM): ``POST /dapi/v1/listenKey`` (USER_STREAM)."""

    def keepalive_user_data_stream(self, **params: Any) -> Awaitable[Any]:
        """Keepalive User Data Stream (USER_STREAM): ``PUT /dapi/v1/listenKey`` (USER_STREAM)."""

    def close_user_data_stream(self, **params: Any) -> Awaitable[Any]:
        """Close User Data Stream(USER_STREAM): ``DELETE /dapi/v1/listenKey`` (USER_STREAM)."""

    def change_margin_type(self, *, symbol: str, marginType: str, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Change Margin Type (TRADE): ``POST /dapi/v1/marginType`` (TRADE)."""

    def mark_price_kline_candlestick_data(self, *, symbol: str, interval: str, startTime: int | None = ..., endTime: int | None = ..., limit: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Mark Price Kline/Candlestick Data: ``GET /dapi/v1/markPriceKlines`` (NONE)."""

    def open_interest(self, *, symbol: str, **params: Any) -> Awaitable[Any]:
        """Open Interest: ``GET /dapi/v1/openInterest`` (NONE)."""

    def query_current_open_order(self, *, symbol: str, orderId: int | None = ..., origClientOrderId: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Query Current Open Order(USER_DATA): ``GET /dapi/v1/openOrder`` (USER_DATA)."""

    def current_all_open_orders(self, *, symbol: str | None = ..., pair: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Current All Open Orders (USER_DATA): ``GET /dapi/v1/openOrders`` (USER_DATA)."""

    def query_order(self, *, symbol: str, orderId: int | None = ..., origClientOrderId: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Query Order (USER_DATA): ``GET /dapi/v1/order`` (USER_DATA)."""

    def new_order(self, *, symbol: str, side: str, positionSide: str | None = ..., type: str, timeInForce: str | None = ..., quantity: str | float | Decimal | None = ..., reduceOnly: str | None = ..., price: str | float | Decimal | None = ..., newClientOrderId: str | None = ..., stopPrice: str | float | Decimal | None = ..., closePosition: str | None = ..., activationPrice: str | float | Decimal | None = ..., callbackRate: str | float | Decimal | None = ..., workingType: str | None = ..., priceProtect: str | None = ..., newOrderRespType: str | None = ..., priceMatch: str | None = ..., selfTradePreventionMode: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """New Order (TRADE): ``POST /dapi/v1/order`` (TRADE)."""

    def modify_order(self, *, orderId: int | None = ..., origClientOrderId: str | None = ..., symbol: str, side: str, quantity: str | float | Decimal | None = ..., price: str | float | Decimal | None = ..., priceMatch: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Modify Order (TRADE): ``PUT /dapi/v1/order`` (TRADE)."""

    def cancel_order(self, *, symbol: str, orderId: int | None = ..., origClientOrderId: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Cancel Order (TRADE): ``DELETE /dapi/v1/order`` (TRADE)."""

    def get_download_id_for_futures_order_history(self, *, startTime: int, endTime: int, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Get Download Id For Futures Order History (USER_DATA): ``GET /dapi/v1/order/asyn`` (USER_DATA)."""

    def get_futures_order_history_download_link_by_id(self, *, downloadId: str, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Get Futures Order History Download Link by Id (USER_DATA): ``GET /dapi/v1/order/asyn/id`` (USER_DATA)."""

    def get_order_modify_history(self, *, symbol: str, orderId: int | None = ..., origClientOrderId: str | None = ..., startTime: int | None = ..., endTime: int | None = ..., limit: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Get Order Modify History (USER_DATA): ``GET /dapi/v1/orderAmendment`` (USER_DATA)."""

    def test_connectivity(self, **params: Any) -> Awaitable[Any]:
        """Test Connectivity: ``GET /dapi/v1/ping`` (NONE)."""

    def classic_portfolio_margin_account_information(self, *, asset: str, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Classic Portfolio Margin Account Information (USER_DATA): ``GET /dapi/v1/pmAccountInfo`` (USER_DATA)."""

    def modify_isolated_position_margin(self, *, symbol: str, positionSide: str | None = ..., amount: str | float | Decimal, type: int, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Modify Isolated Position Margin(TRADE): ``POST /dapi/v1/positionMargin`` (TRADE)."""

    def get_position_margin_change_history(self, *, symbol: str, type: int | None = ..., startTime: int | None = ..., endTime: int | None = ..., limit: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Get Position Margin Change History(TRADE): ``GET /dapi/v1/positionMargin/history`` (TRADE)."""

    def position_information(self, *, marginAsset: str | None = ..., pair: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Position Information(USER_DATA): ``GET /dapi/v1/positionRisk`` (USER_DATA)."""

    def get_current_position_mode(self, *, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Get Current Position Mode(USER_DATA): ``GET /dapi/v1/positionSide/dual`` (USER_DATA)."""

    def change_position_mode(self, *, dualSidePosition: str, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Change Position Mode(TRADE): ``POST /dapi/v1/positionSide/dual`` (TRADE)."""

    def index_price_and_mark_price(self, *, symbol: str | None = ..., pair: str | None = ..., **params: Any) -> Awaitable[Any]:
        """Index Price and Mark Price: ``GET /dapi/v1/premiumIndex`` (NONE)."""

    def premium_index_kline_data(self, *, symbol: str, interval: str, startTime: int | None = ..., endTime: int | None = ..., limit: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Premium index Kline Data: ``GET /dapi/v1/premiumIndexKlines`` (NONE)."""

    def ticker24hr_price_change_statistics(self, *, symbol: str | None = ..., pair: str | None = ..., **params: Any) -> Awaitable[Any]:
        """24hr Ticker Price Change Statistics: ``GET /dapi/v1/ticker/24hr`` (NONE)."""

    def symbol_order_book_ticker(self, *, symbol: str | None = ..., pair: str | None = ..., **params: Any) -> Awaitable[Any]:
        """Symbol Order Book Ticker: ``GET /dapi/v1/ticker/bookTicker`` (NONE)."""

    def symbol_price_ticker(self, *, symbol: str | None = ..., pair: str | None = ..., **params: Any) -> Awaitable[Any]:
        """Symbol Price Ticker: ``GET /dapi/v1/ticker/price`` (NONE)."""

    def check_server_time(self, **params: Any) -> Awaitable[Any]:
        """Check Server time: ``GET /dapi/v1/time`` (NONE)."""

    def get_download_id_for_futures_trade_history(self, *, startTime: int, endTime: int, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Get Download Id For Futures Trade History (USER_DATA): ``GET /dapi/v1/trade/asyn`` (USER_DATA)."""

    def get_futures_trade_download_link_by_id(self, *, downloadId: str, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Get Futures Trade Download Link by Id(USER_DATA): ``GET /dapi/v1/trade/asyn/id`` (USER_DATA)."""

    def recent_trades_list(self, *, symbol: str, limit: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Recent Trades List: ``GET /dapi/v1/trades`` (NONE)."""

    def account_trade_list(self, *, symbol: str | None = ..., pair: str | None = ..., orderId: str | None = ..., startTime: int | None = ..., endTime: int | None = ..., fromId: int | None = ..., limit: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Account Trade List (USER_DATA): ``GET /dapi/v1/userTrades`` (USER_DATA)."""

    def notional_bracket_for_symbol(self, *, symbol: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Notional Bracket for Symbol(USER_DATA): ``GET /dapi/v2/leverageBracket`` (USER_DATA)."""

    def basis(self, *, pair: str, contractType: str, period: str, limit: int | None = ..., startTime: int | None = ..., endTime: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Basis: ``GET /futures/data/basis`` (NONE)."""

    def long_short_ratio(self, *, pair: str, period: str, limit: int | None = ..., startTime: int | None = ..., endTime: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Long/Short Ratio: ``GET /futures/data/globalLongShortAccountRatio`` (NONE)."""

    def open_interest_statistics(self, *, pair: str, contractType: str, period: str, limit: int | None = ..., startTime: int | None = ..., endTime: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Open Interest Statistics: ``GET /futures/data/openInterestHist`` (NONE)."""

    def taker_buy_sell_volume(self, *, pair: str, contractType: str, period: str, limit: int | None = ..., startTime: int | None = ..., endTime: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Taker Buy/Sell Volume: ``GET /futures/data/takerBuySellVol`` (NONE)."""

    def top_trader_long_short_ratio_accounts(self, *, symbol: str, period: str, limit: int | None = ..., startTime: int | None = ..., endTime: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Top Trader Long/Short Ratio (Accounts): ``GET /futures/data/topLongShortAccountRatio`` (NONE)."""

    def top_trader_long_short_ratio_positions(self, *, pair: str, period: str, limit: int | None = ..., startTime: int | None = ..., endTime: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Top Trader Long/Short Ratio (Positions): ``GET /futures/data/topLongShortPositionRatio`` (NONE)."""


class AsyncOptionsAPI:
    product: str
    endpoints: tuple[Endpoint, ...]
    def new_block_trade_order(self, *, liquidity: str, legs: Sequence[Any] | str, symbol: str, side: str, price: str | float | Decimal, quantity: str | float | Decimal, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """New Block Trade Order (TRADE): ``POST /eapi/v1/block/order/create`` (TRADE)."""

    def extend_block_trade_order(self, *, blockOrderMatchingKey: str, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Extend Block Trade Order (TRADE): ``PUT /eapi/v1/block/order/create`` (TRADE)."""

    def cancel_block_trade_order(self, *, blockOrderMatchingKey: str, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Cancel Block Trade Order (TRADE): ``DELETE /eapi/v1/block/order/create`` (TRADE)."""

    def query_block_trade_details(self, *, blockOrderMatchingKey: str, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Query Block Trade Details (USER_DATA): ``GET /eapi/v1/block/order/execute`` (USER_DATA)."""

    def accept_block_trade_order(self, *, blockOrderMatchingKey: str, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Accept Block Trade Order (TRADE): ``POST /eapi/v1/block/order/execute`` (TRADE)."""

    def query_block_trade_order(self, *, blockOrderMatchingKey: str | None = ..., endTime: int | None = ..., startTime: int | None = ..., underlying: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Query Block Trade Order (TRADE): ``GET /eapi/v1/block/order/orders`` (TRADE)."""

    def account_block_trade_list(self, *, endTime: int | None = ..., startTime: int | None = ..., underlying: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Account Block Trade List (USER_DATA): ``GET /eapi/v1/block/user-trades`` (USER_DATA)."""

    def get_auto_cancel_all_open_orders(self, *, underlying: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Get Auto-Cancel All Open Orders (Kill-Switch) Config (TRADE): ``GET /eapi/v1/countdownCancelAll`` (TRADE)."""

    def set_auto_cancel_all_open_orders(self, *, underlying: str, countdownTime: int, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Set Auto-Cancel All Open Orders (Kill-Switch) Config (TRADE): ``POST /eapi/v1/countdownCancelAll`` (TRADE)."""

    def auto_cancel_all_open_orders(self, *, underlyings: str, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Auto-Cancel All Open Orders (Kill-Switch) Heartbeat (TRADE): ``POST /eapi/v1/countdownCancelAllHeartBeat`` (TRADE)."""

    def start_user_data_stream(self, **params: Any) -> Awaitable[Any]:
        """Start User Data Stream (USER_STREAM): ``POST /eapi/v1/listenKey`` (USER_STREAM)."""

    def keepalive_user_data_stream(self, **params: Any) -> Awaitable[Any]:
        """Keepalive User Data Stream (USER_STREAM): ``PUT /eapi/v1/listenKey`` (USER_STREAM)."""

    def close_user_data_stream(self, **params: Any) -> Awaitable[Any]:
        """Close User Data Stream (USER_STREAM): ``DELETE /eapi/v1/listenKey`` (USER_STREAM)."""

    def option_margin_account_information(self, *, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Option Margin Account Information (USER_DATA): ``GET /eapi/v1/marginAccount`` (USER_DATA)."""

    def get_market_maker_protection_config(self, *, underlying: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Get Market Maker Protection Config (TRADE): ``GET /eapi/v1/mmp`` (TRADE)."""

    def reset_market_maker_protection_config(self, *, underlying: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Reset Market Maker Protection Config (TRADE): ``POST /eapi/v1/mmpReset`` (TRADE)."""

    def set_market_maker_protection_config(self, *, underlying: str | None = ..., windowTimeInMilliseconds: int | None = ..., frozenTimeInMilliseconds: int | None = ..., qtyLimit: str | float | Decimal | None = ..., deltaLimit: str | float | Decimal | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Set Market Maker Protection Config (TRADE): ``POST /eapi/v1/mmpSet`` (TRADE)."""

    def check_server_time(self, **params: Any) -> Awaitable[Any]:
        """Check Server Time: ``GET /eapi/v1/time`` (NONE)."""


class AsyncPmAPI:
    product: str
    endpoints: tuple[Endpoint, ...]
    def account_information(self, *, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Account Information(USER_DATA): ``GET /papi/v1/account`` (USER_DATA)."""

    def fund_collection_by_asset(self, *, asset: str, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Fund Collection by Asset(TRADE): ``POST /papi/v1/asset-collection`` (TRADE)."""

    def fund_auto_collection(self, *, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Fund Auto-collection(TRADE): ``POST /papi/v1/auto-collection`` (TRADE)."""

    def account_balance(self, *, asset: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Account Balance(USER_DATA): ``GET /papi/v1/balance`` (USER_DATA)."""

    def bnb_transfer(self, *, amount: str | float | Decimal, transferSide: str, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """BNB transfer (TRADE): ``POST /papi/v1/bnb-transfer`` (TRADE)."""

    def get_cm_account_detail(self, *, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Get CM Account Detail(USER_DATA): ``GET /papi/v1/cm/account`` (USER_DATA)."""

    def get_user_commission_rate_for_cm(self, *, symbol: str, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Get User Commission Rate for CM(USER_DATA): ``GET /papi/v1/cm/commissionRate`` (USER_DATA)."""

    def get_cm_income_history(self, *, symbol: str | None = ..., incomeType: str | None = ..., startTime: int | None = ..., endTime: int | None = ..., page: int | None = ..., limit: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Get CM Income History(USER_DATA): ``GET /papi/v1/cm/income`` (USER_DATA)."""

    def change_cm_initial_leverage(self, *, symbol: str, leverage: int, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Change CM Initial Leverage (TRADE): ``POST /papi/v1/cm/leverage`` (TRADE)."""

    def cm_notional_and_leverage_brackets(self, *, symbol: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """CM Notional and Leverage Brackets(USER_DATA): ``GET /papi/v1/cm/leverageBracket`` (USER_DATA)."""

    def query_cm_position_information(self, *, marginAsset: str | None = ..., pair: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Query CM Position Information(USER_DATA): ``GET /papi/v1/cm/positionRisk`` (USER_DATA)."""

    def get_cm_current_position_mode(self, *, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Get CM Current Position Mode(USER_DATA): ``GET /papi/v1/cm/positionSide/dual`` (USER_DATA)."""

    def change_cm_position_mode(self, *, dualSidePosition: str, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Change CM Position Mode(TRADE): ``POST /papi/v1/cm/positionSide/dual`` (TRADE)."""

    def get_margin_borrow_loan_interest_history(self, *, asset: str | None = ..., startTime: int | None = ..., endTime: int | None = ..., current: int | None = ..., size: int | None = ..., archived: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Get Margin Borrow/Loan Interest History(USER_DATA): ``GET /papi/v1/margin/marginInterestHistory`` (USER_DATA)."""

    def query_margin_loan_record(self, *, asset: str, txId: int | None = ..., startTime: int | None = ..., endTime: int | None = ..., current: int | None = ..., size: int | None = ..., archived: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Query Margin Loan Record(USER_DATA): ``GET /papi/v1/margin/marginLoan`` (USER_DATA)."""

    def margin_max_borrow(self, *, asset: str, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Margin Max Borrow(USER_DATA): ``GET /papi/v1/margin/maxBorrowable`` (USER_DATA)."""

    def query_margin_max_withdraw(self, *, asset: str, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Query Margin Max Withdraw(USER_DATA): ``GET /papi/v1/margin/maxWithdraw`` (USER_DATA)."""

    def query_margin_repay_record(self, *, asset: str, txId: int | None = ..., startTime: int | None = ..., endTime: int | None = ..., current: int | None = ..., size: int | None = ..., archived: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Query Margin repay Record(USER_DATA): ``GET /papi/v1/margin/repayLoan`` (USER_DATA)."""

    def test_connectivity(self, **params: Any) -> Awaitable[Any]:
        """Test Connectivity: ``GET /papi/v1/ping`` (NONE)."""

    def query_portfolio_margin_negative_balance_interest_history(self, *, asset: str | None = ..., startTime: int | None = ..., endTime: int | None = ..., size: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Query Portfolio Margin Negative Balance Interest History(USER_DATA): ``GET /papi/v1/portfolio/interest-history`` (USER_DATA)."""

    def query_user_negative_balance_auto_exchange_record(self, *, startTime: int, endTime: int, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Query User Negative Balance Auto Exchange Record (USER_DATA): ``GET /papi/v1/portfolio/negative-balance-exchange-record`` (USER_DATA)."""

    def query_user_rate_limit(self, *, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Query User Rate Limit (USER_DATA): ``GET /papi/v1/rateLimit/order`` (USER_DATA)."""

    def repay_futures_negative_balance(self, *, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Repay futures Negative Balance(USER_DATA): ``POST /papi/v1/repay-futures-negative-balance`` (USER_DATA)."""

    def get_auto_repay_futures_status(self, *, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Get Auto-repay-futures Status(USER_DATA): ``GET /papi/v1/repay-futures-switch`` (USER_DATA)."""

    def change_auto_repay_futures_status(self, *, autoRepay: str, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Change Auto-repay-futures Status(TRADE): ``POST /papi/v1/repay-futures-switch`` (TRADE)."""

    def get_um_account_detail(self, *, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Get UM Account Detail(USER_DATA): ``GET /papi/v1/um/account`` (USER_DATA)."""

    def um_futures_account_configuration(self, *, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """UM Futures Account Configuration(USER_DATA): ``GET /papi/v1/um/accountConfig`` (USER_DATA)."""

    def portfolio_margin_um_trading_quantitative_rules_indicators(self, *, symbol: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Portfolio Margin UM Trading Quantitative Rules Indicators(USER_DATA): ``GET /papi/v1/um/apiTradingStatus`` (USER_DATA)."""

    def get_user_commission_rate_for_um(self, *, symbol: str, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Get User Commission Rate for UM(USER_DATA): ``GET /papi/v1/um/commissionRate`` (USER_DATA)."""

    def get_um_income_history(self, *, symbol: str | None = ..., incomeType: str | None = ..., startTime: int | None = ..., endTime: int | None = ..., page: int | None = ..., limit: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Get UM Income History(USER_DATA): ``GET /papi/v1/um/income`` (USER_DATA)."""

    def get_download_id_for_um_futures_transaction_history(self, *, startTime: int, endTime: int, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Get Download Id For UM Futures Transaction History (USER_DATA): ``GET /papi/v1/um/income/asyn`` (USER_DATA)."""

    def get_um_futures_transaction_download_link_by_id(self, *, downloadId: str, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Get UM Futures Transaction Download Link by Id(USER_DATA): ``GET /papi/v1/um/income/asyn/id`` (USER_DATA)."""

    def change_um_initial_leverage(self, *, symbol: str, leverage: int, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Change UM Initial Leverage(TRADE): ``POST /papi/v1/um/leverage`` (TRADE)."""

    def um_notional_and_leverage_brackets(self, *, symbol: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """UM Notional and Leverage Brackets (USER_DATA): ``GET /papi/v1/um/leverageBracket`` (USER_DATA)."""

    def new_um_order(self, *, symbol: str, side: str, positionSide: str | None = ..., type: str, timeInForce: str | None = ..., quantity: str | float | Decimal | None = ..., reduceOnly: str | None = ..., price: str | float | Decimal | None = ..., newClientOrderId: str | None = ..., newOrderRespType: str | None = ..., priceMatch: str | None = ..., selfTradePreventionMode: str | None = ..., goodTillDate: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """New UM Order (TRADE): ``POST /papi/v1/um/order`` (TRADE)."""

    def get_download_id_for_um_futures_order_history(self, *, startTime: int, endTime: int, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Get Download Id For UM Futures Order History (USER_DATA): ``GET /papi/v1/um/order/asyn`` (USER_DATA)."""

    def get_um_futures_order_download_link_by_id(self, *, downloadId: str, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Get UM Futures Order Download Link by Id(USER_DATA): ``GET /papi/v1/um/order/asyn/id`` (USER_DATA)."""

    def query_um_position_information(self, *, symbol: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Query UM Position Information(USER_DATA): ``GET /papi/v1/um/positionRisk`` (USER_DATA)."""

    def get_um_current_position_mode(self, *, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Get UM Current Position Mode(USER_DATA): ``GET /papi/v1/um/positionSide/dual`` (USER_DATA)."""

    def change_um_position_mode(self, *, dualSidePosition: str, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Change UM Position Mode(TRADE): ``POST /papi/v1/um/positionSide/dual`` (TRADE)."""

    def um_futures_symbol_configuration(self, *, symbol: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """UM Futures Symbol Configuration(USER_DATA): ``GET /papi/v1/um/symbolConfig`` (USER_DATA)."""

    def get_download_id_for_um_futures_trade_history(self, *, startTime: int, endTime: int, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Get Download Id For UM Futures Trade History (USER_DATA): ``GET /papi/v1/um/trade/asyn`` (USER_DATA)."""

    def get_um_futures_trade_download_link_by_id(self, *, downloadId: str, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Get UM Futures Trade Download Link by Id(USER_DATA): ``GET /papi/v1/um/trade/asyn/id`` (USER_DATA)."""

    def get_um_account_detail_v2(self, *, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Get UM Account Detail V2(USER_DATA): ``GET /papi/v2/um/account`` (USER_DATA)."""


class AsyncPmproAPI:
    product: str
    endpoints: tuple[Endpoint, ...]
    def get_portfolio_margin_pro_account_info(self, *, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Get Portfolio Margin Pro Account Info(USER_DATA): ``GET /sapi/v1/portfolio/account`` (USER_DATA)."""

    def fund_collection_by_asset(self, *, asset: str, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Fund Collection by Asset(USER_DATA): ``POST /sapi/v1/portfolio/asset-collection`` (USER_DATA)."""

    def query_portfolio_margin_asset_index_price(self, *, asset: str | None = ..., **params: Any) -> Awaitable[Any]:
        """Query Portfolio Margin Asset Index Price (MARKET_DATA): ``GET /sapi/v1/portfolio/asset-index-price`` (MARKET_DATA)."""

    def fund_auto_collection(self, *, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Fund Auto-collection(USER_DATA): ``POST /sapi/v1/portfolio/auto-collection`` (USER_DATA)."""

    def get_portfolio_margin_pro_account_balance(self, *, asset: str | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Get Portfolio Margin Pro Account Balance(USER_DATA): ``GET /sapi/v1/portfolio/balance`` (USER_DATA)."""

    def bnb_transfer(self, *, amount: str | float | Decimal, transferSide: str, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """BNB transfer(USER_DATA): ``POST /sapi/v1/portfolio/bnb-transfer`` (USER_DATA)."""

    def portfolio_margin_collateral_rate(self, **params: Any) -> Awaitable[Any]:
        """Portfolio Margin Collateral Rate(MARKET_DATA): ``GET /sapi/v1/portfolio/collateralRate`` (MARKET_DATA)."""

    def get_transferable_earn_asset_balance_for_portfolio_margin(self, *, asset: str, transferType: str, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Get Transferable Earn Asset Balance for Portfolio Margin (USER_DATA): ``GET /sapi/v1/portfolio/earn-asset-balance`` (USER_DATA)."""

    def transfer_ldusdt_rwusd_for_portfolio_margin(self, *, asset: str, transferType: str, amount: str | float | Decimal, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Transfer LDUSDT for Portfolio Margin(TRADE): ``POST /sapi/v1/portfolio/earn-asset-transfer`` (TRADE)."""

    def query_portfolio_margin_pro_negative_balance_interest_history(self, *, asset: str | None = ..., startTime: int | None = ..., endTime: int | None = ..., size: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Query Portfolio Margin Pro Negative Balance Interest History(USER_DATA): ``GET /sapi/v1/portfolio/interest-history`` (USER_DATA)."""

    def get_portfolio_margin_asset_leverage(self, **params: Any) -> Awaitable[Any]:
        """Get Portfolio Margin Asset Leverage(USER_DATA): ``GET /sapi/v1/portfolio/margin-asset-leverage`` (USER_DATA)."""

    def mint_bfusd_for_portfolio_margin(self, *, fromAsset: str, targetAsset: str, amount: str | float | Decimal, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Mint BFUSD for Portfolio Margin(TRADE): ``POST /sapi/v1/portfolio/mint`` (TRADE)."""

    def query_portfolio_margin_pro_bankruptcy_loan_amount(self, *, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Query Portfolio Margin Pro Bankruptcy Loan Amount(USER_DATA): ``GET /sapi/v1/portfolio/pmLoan`` (USER_DATA)."""

    def query_portfolio_margin_pro_bankruptcy_loan_repay_history(self, *, startTime: int | None = ..., endTime: int | None = ..., current: int | None = ..., size: int | None = ..., recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Query Portfolio Margin Pro Bankruptcy Loan Repay History(USER_DATA): ``GET /sapi/v1/portfolio/pmLoan-history`` (USER_DATA)."""

    def redeem_bfusd_for_portfolio_margin(self, *, fromAsset: str, targetAsset: str, amount: str | float | Decimal, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Redeem BFUSD for Portfolio Margin(TRADE): ``POST /sapi/v1/portfolio/redeem`` (TRADE)."""

    def portfolio_margin_pro_bankruptcy_loan_repay(self, *, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Portfolio Margin Pro Bankruptcy Loan Repay: ``POST /sapi/v1/portfolio/repay`` (USER_DATA)."""

    def repay_futures_negative_balance(self, *, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Repay futures Negative Balance(USER_DATA): ``POST /sapi/v1/portfolio/repay-futures-negative-balance`` (USER_DATA)."""

    def get_auto_repay_futures_status(self, *, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Get Auto-repay-futures Status(USER_DATA): ``GET /sapi/v1/portfolio/repay-futures-switch`` (USER_DATA)."""

    def change_auto_repay_futures_status(self, *, autoRepay: str, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Change Auto-repay-futures Status(TRADE): ``POST /sapi/v1/portfolio/repay-futures-switch`` (TRADE)."""

    def get_portfolio_margin_pro_span_account_info(self, *, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Get Portfolio Margin Pro SPAN Account Info(USER_DATA): ``GET /sapi/v2/portfolio/account`` (USER_DATA)."""

    def portfolio_margin_pro_tiered_collateral_rate(self, *, recvWindow: int | None = ..., **params: Any) -> Awaitable[Any]:
        """Portfolio Margin Pro Tiered Collateral Rate(USER_DATA): ``GET /sapi/v2/portfolio/collateralRate`` (USER_DATA)."""


class Client:
    spot: SpotAPI
    usdm: UsdmAPI
    coinm: CoinmAPI
    options: OptionsAPI
    pm: PmAPI
    pmpro: PmproAPI
    def __init__(self, api_key: str | None = ..., api_secret: str | bytes | None = ..., *,
                 private_key: str | bytes | PathLike[str] | None = ..., private_key_password: str | bytes | None = ...,
                 base_url: str | None = ..., testnet: bool = ..., recv_window: int | None = ..., timeout: float = ...,
                 typed: bool = ..., rate_limit: str = ..., max_wait: float = ..., time_sync: bool = ...,
                 time_sync_interval: float = ..., hosts: Mapping[str, str] | None = ..., pool_maxsize: int = ...) -> None: ...
    @property
    def limits(self) -> RateLimiter: ...
    @property
    def time_offset(self) -> dict[str, int]: ...

    def __enter__(self) -> Client: ...
    def __exit__(self, *exc: Any) -> None: ...
    def close(self) -> None: ...
    def request(self, product: str, method: str, path: str, /, *, security: str | None = ...,
                **params: Any) -> Any: ...
    def sync_time(self, host: str = ..., samples: int = ...) -> int: ...
    def load_limits(self, product: str = ...) -> None: ...


class AsyncClient:
    spot: AsyncSpotAPI
    usdm: AsyncUsdmAPI
    coinm: AsyncCoinmAPI
    options: AsyncOptionsAPI
    pm: AsyncPmAPI
    pmpro: AsyncPmproAPI
    def __init__(self, api_key: str | None = ..., api_secret: str | bytes | None = ..., *,
                 private_key: str | bytes | PathLike[str] | None = ..., private_key_password: str | bytes | None = ...,
                 base_url: str | None = ..., testnet: bool = ..., recv_window: int | None = ..., timeout: float = ...,
                 typed: bool = ..., rate_limit: str = ..., max_wait: float = ..., time_sync: bool = ...,
                 time_sync_interval: float = ..., hosts: Mapping[str, str] | None = ..., pool_maxsize: int = ...,
                 transport: str = ...) -> None: ...
    @property
    def limits(self) -> RateLimiter: ...
    @property
    def time_offset(self) -> dict[str, int]: ...

    async def __aenter__(self) -> AsyncClient: ...
    async def __aexit__(self, *exc: Any) -> None: ...
    async def close(self) -> None: ...
    def request(self, product: str, method: str, path: str, /, *, security: str | None = ...,
                **params: Any) -> Awaitable[Any]: ...
    async def sync_time(self, host: str = ..., samples: int = ...) -> int: ...
    async def load_limits(self, product: str = ...) -> None: ...

def exchange_info_path(product: str) -> str: ...
