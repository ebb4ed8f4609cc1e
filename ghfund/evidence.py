"""The records an audit committee looks for (六查六看), as the book keeps them: a month's bank
reconciliation or cash count is a ``balance`` assertion at the month's end (dated its last day
or the next month's first), a year's stocktake a ``ghfund-stocktake``, a payment voucher's
attachments its ``attachments`` metadata. The evidence rules (``plugins/evidence_rules.py``) and the
annual review (``reports/review.py``, ``unrecorded``) both read them here.
"""

from __future__ import annotations

import datetime

from beancount.core import data

from ghfund import chart, index
from ghfund.book import Book
from ghfund.month import month_end

CASH, BANK, ASSETS = "101", "102", "162"
DAY = datetime.timedelta(days=1)


def accounts_of(book: Book, code: str) -> list[str]:
    """The book's accounts whose first-level code is ``code``."""
    return [a for a in book.opens if (c := chart.try_parse(a)) is not None and c.top == code]


def _checks(book: Book) -> tuple[list[data.Balance], dict[str, datetime.date]]:
    """The book's balance assertions, in date order, and the date each account closes."""
    balances, closes = [], {}
    for entry in book.entries:
        if isinstance(entry, data.Balance):
            balances.append(entry)
        elif isinstance(entry, data.Close):
            closes[entry.account] = entry.date
    return balances, closes


def checks_of(book: Book) -> tuple[list[data.Balance], dict[str, datetime.date]]:
    return book.derived(_checks)


def month_checked(date: datetime.date) -> datetime.date | None:
    """The month-end a balance assertion dated ``date`` checks, or None (not at a month end)."""
    if date.day == 1:
        return date - DAY
    return date if date == month_end(date) else None


def stocktake_year(counted: datetime.date) -> int:
    """The year a stocktake counts for: its own, or the one before for a count in January
    (the year-end count is often finished early in the next year)."""
    return counted.year - 1 if counted.month == 1 else counted.year


def unrecorded(book: Book, year: int) -> list[str]:
    """For ``audit --year``: one remark per kind of evidence the book has never recorded up to
    the end of ``year`` although the year needed it (the rules above stay silent then)."""
    end = datetime.date(year, 12, 31)
    shared = index.of(book)
    balances, _ = checks_of(book)
    remarks = []
    for code, what, how in (
        (BANK, "银行对账", "每月末记 balance 余额断言，与银行对账单核对一致"),
        (CASH, "库存现金盘点", "每月末盘点，记 balance 余额断言"),
    ):
        accounts = accounts_of(book, code)
        recorded = any(
            b.account in accounts and b.date <= end + DAY and month_checked(b.date) is not None
            for b in balances
        )
        if not recorded and any(shared.dates[i].year == year for i in shared.touching(accounts)):
            remarks.append(
                f"账本中没有{what}记录，{year} 年度无法据账本核实是否按月{what}；建议{how}。"
            )
    held = shared.touching(accounts_of(book, ASSETS))
    if (
        held
        and shared.dates[held[0]] <= end
        and not any(stocktake_year(s.counted) <= year for s in book.directives.stocktakes)
    ):
        remarks.append(
            f"账本中没有固定资产清查盘点记录，{year} 年度无法据账本核实是否盘点；"
            '建议每年盘点后记 custom "ghfund-stocktake" 盘点日期（注明 result）。'
        )
    attached = [
        i for i in shared.with_key("attachments") if "attachments" in shared.transactions[i].meta
    ]
    if shared.in_year(year) and not (attached and shared.dates[attached[0]] <= end):
        remarks.append(
            f"账本中的凭证没有记录附件张数，{year} 年度无法据账本核实付款凭证是否附有原始凭证；"
            "建议在凭证上注明 attachments: 张数。"
        )
    return remarks
