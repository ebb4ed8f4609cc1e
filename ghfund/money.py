"""Money as Decimal: rounding and formatting, the same everywhere."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from beancount.core import data

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def cents(value: Decimal) -> Decimal:
    """Round to the cent, half up (四舍五入), as union accounting does."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def fmt(value: Decimal | None) -> str:
    """``1,234.50``; negative as ``-1,234.50``; None as empty."""
    if value is None:
        return ""
    return f"{cents(value):,.2f}"


def plain(value: Decimal | None) -> str | None:
    """The decimal string of an amount for machine formats: ``1234.50``."""
    if value is None:
        return None
    return f"{cents(value):.2f}"


def units_in(posting: data.Posting, currency: str) -> Decimal | None:
    """A posting's amount when it is in ``currency``; None for other currencies (or none)."""
    units = posting.units
    if units is None or units.number is None or units.currency != currency:
        return None
    return Decimal(units.number)


# The largest magnitude an amount may have: 10^15 yuan (1000 万亿元), far beyond any union's
# books, and small enough that sums and rounding stay exact in Decimal's 28 digits.
LIMIT = Decimal(10) ** 15
