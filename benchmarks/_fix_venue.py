"""The simulator plus its FIX acceptor in a process of its own, so round-trip benchmarks do not share a GIL."""

from __future__ import annotations

import ssl
from typing import Any


def serve(conn: Any, cert_file: str, api_key: str, public_pem: str) -> None:
    """Run until told to stop; first sends (http port, fix port, HMAC test key, HMAC secret, far bid price)."""
    from decimal import Decimal

    from binance_fast.sim.fix import FixAcceptor
    from binance_fast.sim.ratelimit import RateLimits
    from binance_fast.sim.simulator import Simulator

    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(cert_file)
    sim = Simulator(seed=5, tick_interval=0.05, rate_limits=RateLimits(enabled=False))
    sim.start()
    sim.add_account(api_key, public_key_pem=public_pem, balances={"USDT": "100000000", "BTC": "1000"})
    acceptor = FixAcceptor(sim.exchange, "oe", ssl_context=server_ctx).attach(sim)
    _, bids, _ = sim.book("spot", "BTCUSDT", 1)
    conn.send((sim.port, acceptor.port, sim.test_key, sim.test_secret, str(Decimal(bids[0][0]) - 1000)))
    conn.recv()  # stop
    acceptor.detach()
    sim.stop()
