"""Local order books: the compiled ``DepthBook`` (one symbol, update-id checked) and its plain-Python twin.

``DepthBook`` is the compiled book from ``binance_fast._book``; ``DepthBookPy`` is the reference
implementation with the same API. Set ``BINANCE_FAST_NO_EXTENSIONS=1`` to make ``DepthBook`` the pure one.
"""

from __future__ import annotations

import os

from ._book_reference import DepthBookPy

if os.environ.get("BINANCE_FAST_NO_EXTENSIONS") == "1":
    DepthBook = DepthBookPy
else:
    from ._book import DepthBook

__all__ = ["DepthBook", "DepthBookPy"]
