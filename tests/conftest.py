"""Shared fixtures: the real captures in ../shared/data, skipped with a reason where absent."""

from __future__ import annotations

from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]
CAPTURES = PROJECT_ROOT.parent / "shared" / "data" / "captures"


@pytest.fixture(scope="session")
def captures() -> Path:
    """The folder of real Binance captures; tests that need it skip where it is absent."""
    if not CAPTURES.is_dir():
        pytest.skip(f"real captures not found at {CAPTURES} (they ship with the project's shared/ folder, not the package)")
    return CAPTURES


@pytest.fixture(scope="session")
def sim():
    """One embedded simulator for the session (seed 7, market ticking 5x faster than real time)."""
    from binance_fast.sim import Simulator

    with Simulator(seed=7, tick_interval=0.01) as s:
        yield s
