"""Local order books: ``DepthBook`` (one symbol, update-id checked) and the managed ``LocalOrderBook``.

``DepthBook`` is the compiled book from ``binance_fast._book``; ``DepthBookPy`` is the reference
implementation with the same API (``BINANCE_FAST_PURE_PYTHON=1`` makes ``DepthBook`` the pure one).
``LocalOrderBook`` / ``AsyncLocalOrderBook`` run the docs' snapshot + stream procedure for one symbol and
``LocalOrderBooks`` / ``AsyncLocalOrderBooks`` for many, sharing a ``SnapshotBudget`` (see _book_sync.py).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from ._book_reference import DepthBookPy

if TYPE_CHECKING:
    from ._book import DepthBook
elif os.environ.get("BINANCE_FAST_PURE_PYTHON") == "1":  # aiohttp style: the reference, same API
    DepthBook = DepthBookPy
else:
    from ._book import DepthBook

from ._book_sync import (
    AsyncLocalOrderBook,
    AsyncLocalOrderBooks,
    LocalOrderBook,
    LocalOrderBooks,
    SnapshotBudget,
    snapshot_weight,
)

__all__ = [
    "AsyncLocalOrderBook",
    "AsyncLocalOrderBooks",
    "DepthBook",
    "DepthBookPy",
    "LocalOrderBook",
    "LocalOrderBooks",
    "SnapshotBudget",
    "snapshot_weight",
]
