"""The embedded Binance simulator: a real local exchange (HTTP + WebSocket on 127.0.0.1) for tests and demos."""

from __future__ import annotations

from .cli import cli_main, serve
from .engine import MatchingEngine, Order
from .faults import Faults, RestFault
from .generic import routes_from_table
from .ratelimit import RateLimits
from .simulator import Simulator
from .symbols import SymbolSpec, default_symbols

__all__ = ["Simulator", "RateLimits", "Faults", "RestFault", "SymbolSpec", "default_symbols", "MatchingEngine",
           "Order", "routes_from_table", "cli_main", "serve"]
