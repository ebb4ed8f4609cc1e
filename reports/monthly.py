"""月度报表: 工会01表 and 工会02表 of one month, as ``ghfund report --month YYYY-MM`` prints them.

The 制度 asks for both statements monthly as well as yearly. 工会01表 shows 年初余额 and
期末余额 (the month's end); 工会02表 shows 本月数 and 本年累计数 (1 January through the
month's end). Both are the annual statements' code (``ghfund.reports.statements``) over
periods cut at month ends, so the identities are checked every month exactly as in the
annual accounts. As the form's 编制说明 says, the monthly 工会02表 leaves 年初资金结转结余
and 年末资金结转结余 blank (annual only); the identity is still checked with the balances.
"""

from __future__ import annotations

import dataclasses
import datetime

from ghfund.book import Book
from ghfund.files import display_path
from ghfund.ledger import Loaded
from ghfund.month import Month
from ghfund.reports import base, statements
from ghfund.reports.balances import sums_of, year_end
from ghfund.reports.model import Column, NoData, Report


def previous_end(year: int, month: int) -> datetime.date:
    """The end of the month before (31 December of the year before, for January)."""
    return datetime.date(year, month, 1) - datetime.timedelta(days=1)


def months(book: Book) -> list[tuple[int, int]]:
    """The months the book keeps accounts for: from its first day to its last transaction."""
    if book.first_day is None:
        return []
    first, last = book.first_day, book.transactions[-1].date
    return [
        (year, month)
        for year in range(first.year, last.year + 1)
        for month in range(1, 13)
        if (first.year, first.month) <= (year, month) <= (last.year, last.month)
    ]


def require_month(loaded: Loaded, year: int, month: int) -> None:
    """Refuse (``NoData``) a month outside the span the book keeps accounts for."""
    covered = months(loaded.book)
    where = display_path(loaded.path)
    if not covered:
        raise NoData(f"账本 {where} 中没有任何交易，无法编制月报")
    if (year, month) not in covered:
        (y0, m0), (y1, m1) = covered[0], covered[-1]
        raise NoData(
            f"账本 {where} 记录的是 {y0}年{m0}月—{y1}年{m1}月的账，没有 {year}年{month}月；"
            "请用 --month 指定其中一个月，如 --month "
            f"{y1}-{m1:02d}"
        )


def report(loaded: Loaded, year: int, month: int, issued: datetime.date | None = None) -> Report:
    """``ghfund report --month YYYY-MM``: the month's statements; open findings dated from
    1 January through the month's end (what its 本年累计数 contain) are problems. ``issued``
    is 报出日期 (a blank when None)."""
    require_month(loaded, year, month)
    book = loaded.book
    before, end = previous_end(year, month), Month(year, month).end
    sums = sums_of(book, (before, end))
    sheet = statements.balance_sheet_at(
        book, sums, (year_end(year - 1), end), ("年初", "期末"), f"{year}年{month}月{end.day}日"
    )
    flows = statements.income_expenditure_of(
        (
            (Column("month", "本月数"), statements.flows_between(sums, before, end)),
            (Column("ytd", "本年累计数"), statements.flows_between(sums, year_end(year - 1), end)),
        ),
        "本月",
        f"{year}年{month}月",
        numbered=statements.line_numbers(book, end),
        interim=True,
    )
    flows = dataclasses.replace(
        flows,
        notes=(
            *flows.notes,
            "按报表编制说明，年初资金结转结余、年末资金结转结余只在年度报表填列，月报空白；"
            "上面的核对用月初、月末和年初的余额。",
        ),
    )
    unresolved = base.open_count(loaded, datetime.date(year, 1, 1), end)
    problems = (
        [f"{year}年1月至{month}月有 {unresolved} 项未处理的发现，可用 ghfund check 查看"]
        if unresolved
        else []
    )
    return base.make(
        loaded,
        "monthly",
        f"{year}年{month}月工会会计报表",
        f"{year}年{month}月",
        end,
        (sheet, flows),
        problems=problems,
        issued=issued,
    )
