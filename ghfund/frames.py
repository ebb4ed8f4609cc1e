"""Entries as tidy pandas frames for reports. Money stays ``Decimal`` (object columns).

Rules do not use this module (they loop over entries; pandas would slow every
``bean-check``); reports build on it. Import it lazily from code the plugin runs.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pandas as pd

from ghfund import chart
from ghfund.book import Book
from ghfund.closing import fund_of, is_closing

POSTING_COLUMNS = (
    "date",  # datetime.date
    "year",  # int
    "account",
    "code",  # effective code of the account ("" when it does not follow the chart)
    "top",  # first-level code
    "root",  # Assets | Liabilities | Equity | Income | Expenses
    "amount",  # Decimal, debit positive, credit negative (Beancount's sign)
    "currency",
    "voucher",
    "fund",  # earmarked project name, or "" (see ghfund.closing.fund_of)
    "closing",  # the transaction carries #closing: a closing entry from another system
    "payee",
    "narration",
    "txn",  # index of the transaction in book.transactions
)


def postings(book: Book) -> pd.DataFrame:
    """One row per posting of every transaction, in date order."""
    columns: dict[str, list[object]] = {name: [] for name in POSTING_COLUMNS}
    for index, txn in enumerate(book.transactions):
        closing = is_closing(txn)
        voucher = txn.meta.get("voucher")
        for posting in txn.postings:
            units = posting.units
            if units is None or units.number is None:
                continue
            coded = chart.try_parse(posting.account)
            code = coded.code if coded else ""
            fund = fund_of(posting, txn)
            for name, value in (
                ("date", txn.date),
                ("year", txn.date.year),
                ("account", posting.account),
                ("code", code),
                ("top", code[:3]),
                ("root", posting.account.split(":", 1)[0]),
                ("amount", Decimal(units.number)),
                ("currency", units.currency),
                ("voucher", voucher if isinstance(voucher, str) else ""),
                ("fund", fund),
                ("closing", closing),
                ("payee", txn.payee or ""),
                ("narration", txn.narration or ""),
                ("txn", index),
            ):
                columns[name].append(value)
    frame = pd.DataFrame(columns, columns=list(POSTING_COLUMNS))
    return frame.astype({"amount": object, "date": object})


def total(frame: pd.DataFrame) -> Decimal:
    """Exact Decimal sum of the amount column (0.00 for an empty frame)."""
    return sum(frame["amount"], Decimal("0.00"))


def sums(frame: pd.DataFrame, by: str) -> dict[str, Decimal]:
    """Exact Decimal sums of the amount column, by the values of column ``by``."""
    result: dict[str, Decimal] = {}
    for key, amount in zip(frame[by], frame["amount"], strict=True):
        result[key] = result.get(key, Decimal("0.00")) + amount
    return result


def until(frame: pd.DataFrame, date: datetime.date) -> pd.DataFrame:
    """The postings dated on or before ``date``."""
    return frame[frame["date"] <= date]


def between(frame: pd.DataFrame, start: datetime.date, end: datetime.date) -> pd.DataFrame:
    """The postings dated from ``start`` to ``end`` inclusive."""
    return frame[(frame["date"] >= start) & (frame["date"] <= end)]
