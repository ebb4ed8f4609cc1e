"""拨缴经费与上解情况: the 2% allocation and its upward share, month by month, and the totals.

One builder for ``ghfund funding``, the annual report's notes, the annual review and the
departure audit (over a term's months: ``summary_between``, ``months_table``).
Rows are the payroll months of the year (by the month the wages were paid for, as
``ghfund-payroll`` and ``payroll:`` name it), whenever the money arrived: received and
remitted amounts are as of the book's last date, and remittances are matched to the
upward shares as the rules match them (by the month they name, then first in, first out:
``ghfund.remittance``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from ghfund import funding
from ghfund.book import Book
from ghfund.funding import PayrollMonth
from ghfund.ledger import Loaded
from ghfund.money import ZERO, fmt
from ghfund.plugins.all import TOPICS
from ghfund.reports import base
from ghfund.reports.balances import year_end
from ghfund.reports.model import KEY, LEVEL, MARK, Column, Report, Table

MONTH_COLUMNS = (
    Column("month", "工资月份", "text"),
    Column("payroll", "工资总额"),
    Column("due", "应拨缴"),
    Column("received", "实收"),
    Column("difference", "差额"),
    Column("upward", "应上解"),
    Column("remitted", "已上解"),
    Column("outstanding", "未上解"),
    Column("status", "说明", "text"),
)

SUMMARY_COLUMNS = (Column("item", "项目", "text"), Column("amount", "金额"))

NO_PAYROLL, NOT_YET_DUE, SHORT, LATE, OVER, REMIT_LATE = (
    "无工资数据",
    "未到期",
    "欠拨",
    "逾期到账",
    "多拨",
    "逾期上解",
)


def _status(month: PayrollMonth, now: datetime.date | None) -> str:
    marks = []
    if month.payroll is None:
        marks.append(NO_PAYROLL)
    elif month.due is not None:
        if month.late_receipts:
            marks.append(LATE)
        if month.received < month.due:
            marks.append(SHORT if month.overdue(now) else NOT_YET_DUE)
        elif month.received > month.due:
            marks.append(OVER)
    if now is not None and any(credit.late(now) for credit in month.credits):
        marks.append(REMIT_LATE)
    return "；".join(marks)


def _row(month: PayrollMonth, now: datetime.date | None) -> dict[str, object]:
    status = _status(month, now)
    return {
        "month": month.key,
        "payroll": month.payroll.total if month.payroll else None,
        "due": month.due,
        "received": month.received,
        "difference": None if month.due is None else month.received - month.due,
        "upward": month.upward,
        "remitted": month.remitted,
        "outstanding": month.outstanding,
        "status": status,
        LEVEL: 1,
        MARK: any(mark in status.split("；") for mark in (SHORT, LATE, REMIT_LATE)),
    }


def _total(rows: list[dict[str, object]]) -> dict[str, object]:
    def total(key: str) -> Decimal:
        return sum((v for row in rows if isinstance(v := row[key], Decimal)), ZERO)

    amounts = ("payroll", "due", "received", "difference", "upward", "remitted", "outstanding")
    return {
        "month": "合计",
        **{key: total(key) for key in amounts},
        "status": "",
        LEVEL: 0,
        MARK: False,
    }


def build(book: Book, year: int) -> Table:
    """The month table: one row per payroll month of ``year``, then the total."""
    return months_table(book, year_end(year - 1), year_end(year), f"{year} 年", f"{year}年度")


def months_table(
    book: Book, after: datetime.date, through: datetime.date, label: str, period: str
) -> Table:
    """The month table of the payroll months ending after ``after`` through ``through``;
    ``label`` names the span in the notes ("2025 年", "任期内")."""
    found = funding.of(book)
    months = found.between(after, through)
    rows = [_row(month, found.now) for month in months]
    frame = pd.DataFrame(
        [*rows, _total(rows)], columns=[c.key for c in MONTH_COLUMNS] + [LEVEL, MARK]
    )
    return Table(
        "funding_months",
        "拨缴经费与上解情况表",
        MONTH_COLUMNS,
        frame,
        period=period,
        notes=_notes(book, found, months, (after, through), label),
    )


def _notes(
    book: Book,
    found: funding.Funding,
    months: tuple[PayrollMonth, ...],
    span: tuple[datetime.date, datetime.date],
    label: str,
) -> tuple[str, ...]:
    if not months:
        return (f"{label}没有工资数据（ghfund-payroll），也没有注明 payroll 的拨缴经费收款。",)
    notes = [
        "按工资所属月份列示；应拨缴 = 工资总额 × 2%（四舍五入到分），差额 = 实收 − 应拨缴；"
        f"实收、已上解截至账本最后日期 {found.now}，上解按凭证注明的工资月份（payroll:、摘要）对应到各月的应上解额，其余先进先出。"
    ]
    if any(month.mode == "tax" for month in months):
        notes.append("税务代收（allocation-mode tax）的月份，应拨缴为返还的留成部分，无上解。")
    after, through = span
    known = {month.month for month in months if month.payroll is not None}
    first, last = book.first_date, found.now
    missing = [
        funding.month_key(end)
        for end in funding.month_ends(after, through)
        if end not in known and first is not None and last is not None and first <= end <= last
    ]
    if missing:
        notes.append(f"没有工资数据（ghfund-payroll）的月份：{'、'.join(missing)}。")
    if book.first_date is not None and book.first_date <= through:
        balance = found.payable_balance(through)
        ending = f"{through.year} 年末" if through == year_end(through.year) else f"{through} "
        notes.append(f"{ending}应付上级经费（211）余额 {fmt(balance)} 元。")
    return tuple(notes)


def summary(book: Book, year: int) -> Table:
    """The year's totals: allocation due, received and short; upward share, remitted, open."""
    return summary_between(book, year_end(year - 1), year_end(year), f"{year}年度")


def summary_between(book: Book, after: datetime.date, through: datetime.date, period: str) -> Table:
    """The totals of the payroll months ending after ``after`` through ``through``.

    Due, received and shortfall count the months with payroll data only (a receipt for
    a month without it has nothing to be compared with); the upward share counts all.
    """
    totals = Totals.of(funding.of(book).between(after, through))
    items = [  # KEY, item, amount
        ("due", "应拨缴经费", totals.due),
        ("received", "实收拨缴经费", totals.received),
        ("short", "欠拨经费", totals.short),
        ("upward", "应上解经费", totals.upward),
        ("remitted", "已上解经费", totals.remitted),
        ("unremitted", "未上解经费", totals.upward - totals.remitted),
    ]
    frame = pd.DataFrame(
        [{"item": item, "amount": amount, LEVEL: 1, KEY: key} for key, item, amount in items],
        columns=["item", "amount", LEVEL, KEY],
    )
    return Table(
        "funding_summary",
        "拨缴经费与上解汇总",
        SUMMARY_COLUMNS,
        frame,
        period=period,
        notes=("按工资所属月份汇总；欠拨 = 应拨缴 − 实收（不小于零），只计有工资数据的月份。",),
    )


@dataclass(frozen=True)
class Totals:
    """The totals of some payroll months, as the summary shows them."""

    due: Decimal  # months with payroll data only
    received: Decimal  # likewise
    upward: Decimal  # every month
    remitted: Decimal

    @property
    def short(self) -> Decimal:
        return max(self.due - self.received, ZERO)

    @classmethod
    def of(cls, months: Iterable[PayrollMonth]) -> Totals:
        months = tuple(months)
        compared = [m for m in months if m.due is not None]
        return cls(
            sum((m.due for m in compared if m.due is not None), ZERO),
            sum((m.received for m in compared), ZERO),
            sum((m.upward for m in months), ZERO),
            sum((m.remitted for m in months), ZERO),
        )


def report(loaded: Loaded, year: int) -> Report:
    """``ghfund funding --year Y``: the summary, then the month table; open funding findings
    of the year are the report's problems."""
    base.require_year(loaded, year, "编制拨缴与上解情况表")
    book = loaded.book
    opened = base.open_count(loaded, datetime.date(year, 1, 1), year_end(year), TOPICS["funding"])
    return base.make(
        loaded,
        "funding",
        f"{year}年度工会经费拨缴与上解情况",
        f"{year}年度",
        year_end(year),
        (summary(book, year), build(book, year)),
        problems=[f"{year} 年度有 {opened} 项未处理的拨缴、上解或会费发现"] if opened else [],
    )
