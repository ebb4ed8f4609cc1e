"""The book's own voucher numbering: the next 凭证字号 for a date, and whether one is taken.

A book numbers per year (``记-2025-0108``) or per month (``记-2025-03-0012``); the style,
the word (记, 收, 付…) and the width of the number are those of the latest voucher of that
shape, in the date's year or else the book's latest. A book without such vouchers gets
``记-YYYY-0001``. The next number follows the highest of its series, so a voided voucher
(which keeps its number) is never reused.
"""

from __future__ import annotations

import datetime
import re

from ghfund import index
from ghfund.book import Book

_SHAPED = re.compile(r"(?P<word>[^\d\s-]+)-(?P<year>\d{4})-(?:(?P<month>\d{2})-)?(?P<n>\d+)\Z")
DEFAULT_WORD, DEFAULT_WIDTH = "记", 4


def _vouchers_of(book: Book, year: int) -> list[str]:
    shared = index.of(book)
    found = (shared.vouchers[i] for i in shared.in_year(year))
    return [v.strip() for v in found if isinstance(v, str) and v.strip()]


def _style(book: Book, year: int) -> tuple[str, bool, int]:
    """(word, numbered per month, width) of the latest shaped voucher."""
    years = [year, *reversed([y for y in book.years if y != year])]
    for candidate in years:
        for voucher in reversed(_vouchers_of(book, candidate)):
            match = _SHAPED.match(voucher)
            if match:
                return match["word"], match["month"] is not None, len(match["n"])
    return DEFAULT_WORD, False, DEFAULT_WIDTH


def next_number(book: Book, date: datetime.date) -> str:
    """The next voucher number of the book's numbering for a voucher dated ``date``."""
    word, monthly, width = _style(book, date.year)
    head = f"{word}-{date.year}-" + (f"{date.month:02d}-" if monthly else "")
    used = _vouchers_of(book, date.year)
    highest = max(
        (int(v[len(head) :]) for v in used if v.startswith(head) and v[len(head) :].isdigit()),
        default=0,
    )
    return f"{head}{highest + 1:0{width}d}"


def taken(book: Book, year: int, voucher: str) -> bool:
    """Whether ``voucher`` is already used by a transaction dated in ``year``."""
    return voucher.strip() in set(_vouchers_of(book, year))
