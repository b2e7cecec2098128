"""Benchmarks: pytest-benchmark groups put binance_fast beside its peers and the physical floor in one run."""
