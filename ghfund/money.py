"""Money as Decimal: rounding and formatting, the same everywhere, and ``typed``, the one
reader of an amount a person wrote (a spreadsheet cell, the voucher page's field)."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from beancount.core import data

from ghfund.problems import UserProblem

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

FULL_WIDTH = str.maketrans({chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)})
_NUMBER = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\Z")


class BadAmount(UserProblem, ValueError):
    """What a person wrote is not an amount; the text says why, in Chinese."""


def clipped(value: str, most: int = 40) -> str:
    """A person's text as a message quotes it: a huge cell (a whole file pasted into one)
    is cut, so one bad value never makes a message of megabytes."""
    return value if len(value) <= most else f"{value[:most]}…（共 {len(value)} 个字符）"


def typed(value: object) -> Decimal:
    """A signed amount in yuan, to the cent, as a person wrote it: a number, or text with
    thousands separators (``,``, ``，``, spaces), ``¥``/``￥`` before or ``元`` after, a ``+`` or
    ``-`` sign before, a trailing minus (``100.00-``) or brackets (``(100.00)``, ``（100.00）``)
    for a negative (red-ink) amount, full-width digits; ``-`` and ``--`` (an accounting
    format's zero) are zero; more decimals only when they are zeros. ``BadAmount`` otherwise.
    Blank is the caller's to decide (a blank cell is zero, a blank voucher field nothing)."""
    if isinstance(value, bool):
        raise BadAmount(f"“{value}”不是金额")
    if isinstance(value, int | float | Decimal):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if not number.is_finite():
            raise BadAmount(f"“{value}”不是金额")
        shown = str(value)
    else:
        shown = str(value)
        number = _text(shown)
    if not -LIMIT < number < LIMIT:
        raise BadAmount(f"“{clipped(shown)}”过大：金额须小于 {fmt(LIMIT)} 元，请检查是否多输了数字")
    rounded = number.quantize(CENT)
    if abs(number - rounded) > Decimal("0.000001"):
        raise BadAmount(f"“{clipped(shown)}”超过两位小数；金额以元为单位，精确到分")
    return rounded if rounded else rounded.copy_abs()  # -0.00 is 0.00


def _text(raw: str) -> Decimal:
    cleaned = raw.strip().replace(",", "")
    if _NUMBER.match(cleaned):  # the common case, "1,234.56", read at once
        return Decimal(cleaned)
    cleaned = cleaned.translate(FULL_WIDTH).replace("\u2212", "-")  # U+2212, the minus sign
    for mark in (",", " ", "\u00a0", "\u3000"):
        cleaned = cleaned.replace(mark, "")
    cleaned = cleaned.removesuffix("元").replace("¥", "").replace("￥", "")
    if cleaned in ("-", "--"):
        return Decimal(0)
    if cleaned.startswith("(") and cleaned.endswith(")"):
        cleaned = "-" + cleaned[1:-1]
    elif cleaned.endswith("-") and cleaned[:1].isdigit():
        cleaned = "-" + cleaned[:-1]
    if not _NUMBER.match(cleaned):
        raise BadAmount(f"“{clipped(raw)}”不是金额：应为以元为单位的数，如 1250.00")
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        raise BadAmount(f"“{clipped(raw)}”不是金额") from None
