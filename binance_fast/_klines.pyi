"""Compiled kline aggregation (src/klines.pyx); same API as the reference binance_fast._klines_reference."""


import numpy as np
import numpy.typing as npt

def aggregate_trades(
    time_ms: npt.NDArray[np.int64],
    price: npt.NDArray[np.float64],
    qty: npt.NDArray[np.float64],
    is_buyer_maker: npt.NDArray[np.uint8],
    trade_count: npt.NDArray[np.int64] | None,
    contract_size: float,
    interval: str,
    offset_ms: int,
    fill_empty: bool,
) -> np.ndarray: ...
def resample(klines: np.ndarray, interval: str, offset_ms: int, fill_empty: bool) -> np.ndarray: ...

KlineState = tuple[int, float, float, float, float, float, int, float, int, float, float, int, int]

class KlineAggregator:
    interval: str
    offset_ms: int
    contract_size: float
    active: bool
    open_time: int
    end_time: int
    trades: int
    first_trade_id: int
    last_trade_id: int
    open: float
    high: float
    low: float
    close: float
    volume: float
    quote_volume: float
    taker_buy_base_volume: float
    taker_buy_quote_volume: float
    last_seen_id: int
    skip_until_ms: int
    duplicates: int
    late: int
    def __init__(self, interval: str, offset_ms: int = 0, contract_size: float = 0.0) -> None: ...
    @property
    def close_time(self) -> int: ...
    def bucket(self, time_ms: int) -> tuple[int, int]: ...
    def add(
        self,
        time_ms: int,
        price: float,
        qty: float,
        is_buyer_maker: bool,
        first_trade_id: int = -1,
        last_trade_id: int = -1,
        trade_count: int = 1,
    ) -> None: ...
    def feed(
        self,
        time_ms: int,
        price: float,
        qty: float,
        is_buyer_maker: bool,
        first_trade_id: int = -1,
        last_trade_id: int = -1,
    ) -> list[KlineState] | None: ...
    def state(self) -> KlineState: ...
    def roll(self, time_ms: int) -> list[KlineState]: ...
    def set_state(
        self,
        open_time: int,
        open: float,
        high: float,
        low: float,
        close: float,
        volume: float,
        quote_volume: float,
        trades: int,
        taker_buy_base_volume: float,
        taker_buy_quote_volume: float,
        first_trade_id: int = -1,
        last_trade_id: int = -1,
    ) -> None: ...

