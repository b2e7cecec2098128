"""Packaging: a light import, every public name resolves, each compiled module has its stub."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from binance_fast.signing import HmacSigner

ROOT = Path(__file__).resolve().parents[1]

# --- packaging --------------------------------------------------------------------------------------

def test_import_is_light():
    code = "import sys, binance_fast; print(sorted(m for m in ('numpy', 'msgspec', 'aiohttp', 'urllib3', 'cryptography') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert out.stdout.strip() == "[]"
    import binance_fast
    assert binance_fast.__version__ and binance_fast.HmacSigner is HmacSigner


def test_every_public_name_resolves():
    import binance_fast

    for name in binance_fast.__all__:
        assert getattr(binance_fast, name) is not None, name


@pytest.mark.parametrize("pyx", sorted((ROOT / "src").glob("*.pyx")), ids=lambda p: p.stem)
def test_every_kernel_is_built_and_stubbed(pyx):
    import importlib

    module = importlib.import_module(f"binance_fast._{pyx.stem}")
    assert module.__file__.endswith((".so", ".pyd")), f"{module.__name__} is not compiled"
    stub = ROOT / "binance_fast" / f"_{pyx.stem}.pyi"
    assert stub.exists()
    beside = pyx.with_suffix(".pyi")  # beside the kernel too: the same file (a link), not a copy
    assert beside.exists() and beside.resolve() == stub.resolve()
    assert (ROOT / "binance_fast" / "py.typed").exists()
