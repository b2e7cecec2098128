"""The simulated instruments per product (spot, USD-M, COIN-M) with their real filters and exchangeInfo entries."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .fixedpoint import decimals_of, fixed

PRODUCTS = ("spot", "usdm", "coinm")


@dataclass
class SymbolSpec:
    """One tradable symbol. Prices are held as integer ticks, quantities as integer lot steps."""

    product: str
    symbol: str
    base: str
    quote: str
    tick: str
    step: str
    min_qty: str
    max_qty: str
    min_notional: str
    start_price: str
    max_price: str = "1000000"
    contract_size: int = 0  # COIN-M: USD per contract
    level_gap: int = 1  # market maker ladder spacing, in ticks
    vol_ticks: float = 3.0  # fair-value random walk per market tick, in ticks
    taker_lots: int = 20  # typical taker size, in steps
    # derived
    tick_d: Decimal = field(init=False)
    step_d: Decimal = field(init=False)
    price_out: int = field(init=False)  # decimals printed for prices
    qty_out: int = field(init=False)
    tick_units: int = field(init=False)
    step_units: int = field(init=False)
    pair: str = field(init=False)
    margin_asset: str = field(init=False)
    min_qty_steps: int = field(init=False)
    max_qty_steps: int = field(init=False)
    min_price_ticks: int = field(init=False)
    max_price_ticks: int = field(init=False)

    def __post_init__(self) -> None:
        self.tick_d = Decimal(self.tick)
        self.step_d = Decimal(self.step)
        if self.product == "spot":
            self.price_out = self.qty_out = 8
        else:
            self.price_out = decimals_of(self.tick)
            self.qty_out = decimals_of(self.step)
        self.tick_units = int(self.tick_d.scaleb(self.price_out))
        self.step_units = int(self.step_d.scaleb(self.qty_out))
        self.pair = self.symbol.split("_")[0] if self.product == "coinm" else self.symbol
        self.margin_asset = self.base if self.product == "coinm" else self.quote
        self.min_qty_steps = int(Decimal(self.min_qty) / self.step_d)
        self.max_qty_steps = int(Decimal(self.max_qty) / self.step_d)
        self.min_price_ticks = 1
        # formatted strings of the ticks / steps seen (a book and its trades keep printing the same few)
        self._prices: dict[int, str] = {}
        self._qtys: dict[int, str] = {}
        self.max_price_ticks = int(Decimal(self.max_price) / self.tick_d)

    # -- conversions ---------------------------------------------------------------------------------------
    def price_str(self, ticks: int) -> str:
        s = self._prices.get(ticks)
        if s is None:
            if len(self._prices) > 200_000:
                self._prices.clear()
            s = self._prices[ticks] = fixed(ticks * self.tick_units, self.price_out)
        return s

    def qty_str(self, steps: int) -> str:
        s = self._qtys.get(steps)
        if s is None:
            if len(self._qtys) > 200_000:
                self._qtys.clear()
            s = self._qtys[steps] = fixed(steps * self.step_units, self.qty_out)
        return s

    def price_dec(self, ticks: int) -> Decimal:
        return ticks * self.tick_d

    def qty_dec(self, steps: int) -> Decimal:
        return steps * self.step_d

    def quote_dec(self, ticks_x_steps: int) -> Decimal:
        """Quote value of a sum of price_ticks * qty_steps products (spot / USD-M)."""
        return ticks_x_steps * self.tick_d * self.step_d

    def ticks_of(self, price: Decimal) -> int | None:
        """Integer ticks of a price, or None where it is off the tick grid."""
        q = price / self.tick_d
        return int(q) if q == q.to_integral_value() else None

    def steps_of(self, qty: Decimal) -> int | None:
        q = qty / self.step_d
        return int(q) if q == q.to_integral_value() else None

    # -- exchangeInfo --------------------------------------------------------------------------------------
    def exchange_info(self) -> dict:
        if self.product == "spot":
            return self._spot_info()
        return self._futures_info()

    def _spot_info(self) -> dict:
        p8 = lambda s: f"{Decimal(s):.8f}"  # noqa: E731
        return {
            "symbol": self.symbol, "status": "TRADING", "baseAsset": self.base, "baseAssetPrecision": 8,
            "quoteAsset": self.quote, "quotePrecision": 8, "quoteAssetPrecision": 8,
            "baseCommissionPrecision": 8, "quoteCommissionPrecision": 8,
            "orderTypes": ["LIMIT", "LIMIT_MAKER", "MARKET", "STOP_LOSS", "STOP_LOSS_LIMIT", "TAKE_PROFIT",
                           "TAKE_PROFIT_LIMIT"],
            # the simulator does not model icebergs, trailing stops, order lists, amends or cancel-replace
            "icebergAllowed": False, "ocoAllowed": False, "otoAllowed": False, "quoteOrderQtyMarketAllowed": True,
            "allowTrailingStop": False, "cancelReplaceAllowed": False, "amendAllowed": False,
            "isSpotTradingAllowed": True, "isMarginTradingAllowed": True,
            "filters": [
                {"filterType": "PRICE_FILTER", "minPrice": p8(self.tick), "maxPrice": p8(self.max_price),
                 "tickSize": p8(self.tick)},
                {"filterType": "LOT_SIZE", "minQty": p8(self.min_qty), "maxQty": p8(self.max_qty),
                 "stepSize": p8(self.step)},
                {"filterType": "ICEBERG_PARTS", "limit": 10},
                {"filterType": "MARKET_LOT_SIZE", "minQty": "0.00000000", "maxQty": p8(self.max_qty),
                 "stepSize": "0.00000000"},
                {"filterType": "TRAILING_DELTA", "minTrailingAboveDelta": 10, "maxTrailingAboveDelta": 2000,
                 "minTrailingBelowDelta": 10, "maxTrailingBelowDelta": 2000},
                {"filterType": "PERCENT_PRICE_BY_SIDE", "bidMultiplierUp": "5", "bidMultiplierDown": "0.2",
                 "askMultiplierUp": "5", "askMultiplierDown": "0.2", "avgPriceMins": 5},
                {"filterType": "NOTIONAL", "minNotional": p8(self.min_notional), "applyMinToMarket": True,
                 "maxNotional": "9000000.00000000", "applyMaxToMarket": False, "avgPriceMins": 5},
                {"filterType": "MAX_NUM_ORDERS", "maxNumOrders": 200},
                {"filterType": "MAX_NUM_ALGO_ORDERS", "maxNumAlgoOrders": 5},
            ],
            "permissions": [], "permissionSets": [["SPOT", "MARGIN"]],
            "defaultSelfTradePreventionMode": "EXPIRE_MAKER",
            "allowedSelfTradePreventionModes": ["EXPIRE_TAKER", "EXPIRE_MAKER", "EXPIRE_BOTH", "DECREMENT"],
        }

    def _futures_info(self) -> dict:
        info = {
            "symbol": self.symbol, "pair": self.pair, "contractType": "PERPETUAL", "deliveryDate": 4133404800000,
            "onboardDate": 1569398400000, "status": "TRADING", "maintMarginPercent": "2.5000",
            "requiredMarginPercent": "5.0000", "baseAsset": self.base, "quoteAsset": self.quote,
            "marginAsset": self.margin_asset, "pricePrecision": self.price_out, "quantityPrecision": self.qty_out,
            "baseAssetPrecision": 8, "quotePrecision": 8, "underlyingType": "COIN", "underlyingSubType": [],
            "triggerProtect": "0.0500", "liquidationFee": "0.012500", "marketTakeBound": "0.05",
            "filters": [
                {"filterType": "PRICE_FILTER", "minPrice": self.tick, "maxPrice": self.max_price,
                 "tickSize": self.tick},
                {"filterType": "LOT_SIZE", "minQty": self.min_qty, "maxQty": self.max_qty, "stepSize": self.step},
                {"filterType": "MARKET_LOT_SIZE", "minQty": self.min_qty, "maxQty": self.max_qty,
                 "stepSize": self.step},
                {"filterType": "MAX_NUM_ORDERS", "limit": 200},
                {"filterType": "MAX_NUM_ALGO_ORDERS", "limit": 10},
                {"filterType": "PERCENT_PRICE", "multiplierUp": "1.0500", "multiplierDown": "0.9500",
                 "multiplierDecimal": "4"},
            ],
            "orderTypes": ["LIMIT", "MARKET", "STOP", "STOP_MARKET", "TAKE_PROFIT", "TAKE_PROFIT_MARKET",
                           "TRAILING_STOP_MARKET"],
            "timeInForce": ["GTC", "IOC", "FOK", "GTX"],
        }
        if self.product == "usdm":
            info["filters"].insert(5, {"filterType": "MIN_NOTIONAL", "notional": self.min_notional})
            info["settlePlan"] = 0
        else:
            info["contractStatus"] = info.pop("status")
            info["contractSize"] = self.contract_size
            info["equalQtyPrecision"] = 4
            info["maxMoveOrderLimit"] = 10000
        return info


def default_symbols() -> list[SymbolSpec]:
    """The handful of realistic instruments the simulator lists by default."""
    return [
        SymbolSpec("spot", "BTCUSDT", "BTC", "USDT", "0.01", "0.00001", "0.00001", "9000", "5", "60000.00",
                   level_gap=50, vol_ticks=150, taker_lots=2000),
        SymbolSpec("spot", "ETHUSDT", "ETH", "USDT", "0.01", "0.0001", "0.0001", "9000", "5", "3000.00",
                   level_gap=5, vol_ticks=12, taker_lots=2000),
        SymbolSpec("spot", "BNBUSDT", "BNB", "USDT", "0.01", "0.001", "0.001", "9000", "5", "600.00",
                   level_gap=2, vol_ticks=4, taker_lots=500),
        SymbolSpec("spot", "SOLUSDT", "SOL", "USDT", "0.01", "0.001", "0.001", "9000", "5", "150.00",
                   level_gap=1, vol_ticks=2, taker_lots=2000),
        SymbolSpec("spot", "ETHBTC", "ETH", "BTC", "0.00001", "0.0001", "0.0001", "100000", "0.0001", "0.05000",
                   max_price="922327", level_gap=1, vol_ticks=0.6, taker_lots=1000),
        SymbolSpec("usdm", "BTCUSDT", "BTC", "USDT", "0.10", "0.001", "0.001", "1000", "100", "60000.00",
                   max_price="4529764", level_gap=5, vol_ticks=15, taker_lots=20),
        SymbolSpec("usdm", "ETHUSDT", "ETH", "USDT", "0.01", "0.001", "0.001", "10000", "20", "3000.00",
                   max_price="306177", level_gap=5, vol_ticks=12, taker_lots=200),
        SymbolSpec("coinm", "BTCUSD_PERP", "BTC", "USD", "0.1", "1", "1", "1000000", "0", "60000.0",
                   max_price="4520958", contract_size=100, level_gap=5, vol_ticks=15, taker_lots=20),
        SymbolSpec("coinm", "ETHUSD_PERP", "ETH", "USD", "0.01", "1", "1", "1000000", "0", "3000.00",
                   max_price="306177", contract_size=10, level_gap=5, vol_ticks=12, taker_lots=30),
    ]
