"""Fixed-point helpers: prices and quantities are integers in ticks / lot steps, printed the way Binance prints them."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation


def fixed(value: int, decimals: int) -> str:
    """``value`` scaled by 10**-decimals as a plain decimal string ("123.45000000")."""
    if decimals == 0:
        return str(value)
    neg = value < 0
    s = str(-value if neg else value)
    if len(s) <= decimals:
        s = "0" * (decimals - len(s) + 1) + s
    out = s[:-decimals] + "." + s[-decimals:]
    return "-" + out if neg else out


def dec_str(value: Decimal, decimals: int = 8) -> str:
    """A Decimal printed with exactly ``decimals`` places (rounded down like the exchange)."""
    q = Decimal(1).scaleb(-decimals)
    return f"{value.quantize(q, rounding='ROUND_DOWN'):f}"


def parse_decimal(text: str | None) -> Decimal | None:
    """The Decimal of a request parameter, or None where it is not a finite number."""
    if text is None:
        return None
    try:
        d = Decimal(text)
    except (InvalidOperation, ValueError):
        return None
    return d if d.is_finite() else None


def decimals_of(step: str) -> int:
    """How many decimal places a tick / step string is written with ("0.10" -> 2, "1" -> 0)."""
    exp = Decimal(step).as_tuple().exponent
    return max(0, -exp) if isinstance(exp, int) else 0
