"""总账 (general ledger): each first-level account month by month.

A row per first-level account and month: the balance the month opens with, the
month's debits and credits, the balance it closes with (借或贷, 余额) and the
year's cumulative debits and credits (本年累计). The year opens with the trial
balance's 期初余额 and each month's closing balance is the next month's opening,
so December's (or the last month's) figures are the year's trial balance.
"""

from __future__ import annotations

import datetime

import pandas as pd

from ghfund.ledger import Loaded
from ghfund.reports import account_levels, base
from ghfund.reports.account_levels import Amounts, side, year_span
from ghfund.reports.model import LEVEL, Column, Report, Table

COLUMNS = (
    Column("code", "科目编码", "text"),
    Column("name", "科目名称", "text"),
    Column("month", "月份", "text"),
    Column("opening_side", "期初借或贷", "text"),
    Column("opening", "期初余额"),
    Column("debit", "本月借方"),
    Column("credit", "本月贷方"),
    Column("side", "借或贷", "text"),
    Column("balance", "期末余额"),
    Column("ytd_debit", "本年累计借方"),
    Column("ytd_credit", "本年累计贷方"),
)


def last_month(loaded: Loaded, year: int) -> int:
    """December, or the month of the book's last transaction in its last year."""
    transactions = loaded.book.transactions
    last = transactions[-1].date if transactions else None
    return last.month if last is not None and last.year == year else 12


def table(loaded: Loaded, year: int) -> Table:
    book = loaded.book
    start, end = year_span(year)
    months = range(1, last_month(loaded, year) + 1)
    firsts = [
        (node, values)
        for node, values in account_levels.rolled(book, account_levels.amounts(book, start, end))
        if node.depth == 1 and not values.empty
    ]
    by_month: dict[tuple[str, int], Amounts] = {}
    for (account, month), amounts in account_levels.monthly(book, year).items():
        for node, _ in firsts:
            if node.covers(account):
                key = (node.account, month)
                by_month[key] = by_month.get(key, Amounts()) + amounts
    rows = []
    for node, values in firsts:
        balance, ytd = values.opening, Amounts()
        for month in months:
            moved = by_month.get((node.account, month), Amounts())
            ytd = ytd + moved
            closing = balance + moved.debit - moved.credit
            rows.append(
                {
                    "code": node.code,
                    "name": node.name,
                    "month": f"{year}-{month:02d}",
                    "opening_side": side(balance),
                    "opening": abs(balance),
                    "debit": moved.debit,
                    "credit": moved.credit,
                    "side": side(closing),
                    "balance": abs(closing),
                    "ytd_debit": ytd.debit,
                    "ytd_credit": ytd.credit,
                    LEVEL: 0 if month == months[-1] else 1,
                }
            )
            balance = closing
    frame = pd.DataFrame(rows, columns=[c.key for c in COLUMNS] + [LEVEL])
    return Table(
        "general_ledger",
        "总账",
        COLUMNS,
        frame,
        period=f"{year}年度",
        notes=(
            "每个一级科目按月列示；期初余额即科目余额表的期初余额（以前年度收支已结转计入"
            " 321/322），每个科目最后一个月的期末余额和本年累计即全年数。",
        ),
    )


def report(loaded: Loaded, year: int, after_closing: bool = False) -> Report:
    """``ghfund books general --year Y [--after-closing]``."""
    base.require_year(loaded, year, "登记总账")
    if after_closing:
        loaded = base.after_closing(loaded, year)
    end = datetime.date(year, 12, 31)
    title = f"总账（{year}年度{'，结账后' if after_closing else ''}）"
    return base.make(loaded, "books-general", title, f"{year}年度", end, [table(loaded, year)])
