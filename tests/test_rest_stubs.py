"""The generated typing stub of the clients: current with the table, and what a type checker makes of it."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap

import pytest

from binance_fast.rest import stubs


def test_stub_is_current_and_parses():
    text = stubs.STUB_FILE.read_text(encoding="utf-8")
    assert text == stubs.render(), "re-run: python -m binance_fast.rest.stubs"
    ast.parse(text)
    assert "def place_multiple_orders(self, *, batchOrders: Sequence[Any] | str" in text


def test_type_checker_sees_every_method_and_mandatory_param(tmp_path):
    pytest.importorskip("mypy", reason="mypy is not installed (pip install mypy)")
    src = tmp_path / "bot.py"
    src.write_text(textwrap.dedent('''
        from binance_fast.rest import AsyncClient, Client

        async def run(c: AsyncClient) -> None:
            await c.usdm.place_multiple_orders(batchOrders=[{"symbol": "BTCUSDT"}])

        with Client("k", "s") as c:
            c.spot.new_order(symbol="BTCUSDT", side="BUY", type="MARKET", quantity="1")
            c.pmpro.get_portfolio_margin_pro_account_info()
            c.spot.new_order(side="BUY", type="MARKET")
            c.spot.no_such_endpoint()
    '''))
    out = subprocess.run([sys.executable, "-m", "mypy", str(src), "--cache-dir", str(tmp_path / "cache"),
                          "--follow-imports=silent", "--ignore-missing-imports", "--no-error-summary"],
                         capture_output=True, text=True, cwd=stubs.STUB_FILE.parents[2], timeout=240)
    errors = [line for line in out.stdout.splitlines() if ": error:" in line]
    assert len(errors) == 2, out.stdout
    assert 'Missing named argument "symbol" for "new_order"' in errors[0]
    assert '"SpotAPI" has no attribute "no_such_endpoint"' in errors[1]
