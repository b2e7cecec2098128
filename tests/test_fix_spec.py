"""The generated FIX table (binance_fast/fix/_spec.py) matches Binance's schemas and regenerates byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from binance_fast.fix import generate
from binance_fast.fix._spec import FIELDS, MESSAGES

SCHEMAS = Path(__file__).resolve().parents[2] / "shared" / "schemas" / "fix"


def test_regeneration_reproduces_the_committed_table():
    if not (SCHEMAS / "spot-fix-oe.xml").is_file():
        pytest.skip(f"FIX schemas not found at {SCHEMAS} (they ship with the project's shared/ folder)")
    text = generate.render(*generate.build(SCHEMAS))
    assert generate.SPEC_FILE.read_text() == text, "run: python -m binance_fast.fix.generate"


def test_table_has_every_message_the_clients_speak():
    oe, md = MESSAGES["oe"], MESSAGES["md"]
    for msg_type in ("0", "1", "2", "3", "4", "5", "8", "9", "A", "B", "D", "E", "F", "N", "q", "r", "XAK", "XAR",
                     "XCN", "XLQ", "XLR"):
        assert msg_type in oe, msg_type
    for msg_type in ("V", "W", "X", "Y", "x", "y", "XLQ", "XLR"):
        assert msg_type in md, msg_type
    assert oe["D"][0] == "NewOrderSingle" and md["X"][0] == "MarketDataIncrementalRefresh"
    assert FIELDS[96][:2] == ("RawData", "DATA") and FIELDS[25016][0] == "ErrorCode"
    # components are flattened: NewOrderSingle carries the NewOrder component's fields
    assert {11, 38, 40, 44, 54, 55, 59, 1102, 25009} <= {tag for tag, _ in oe["D"][2]}
    delimiter, members, nested = oe["E"][3][73]
    assert delimiter == 11 and 25010 in nested
