"""科目余额表 (trial balance): every account at every level, 期初余额, 本期发生额, 期末余额.

One row per account of the book at each level of the chart (first-level accounts
and their details, ``reports.ledgers.nodes``), each balance in its 借方 or 贷方
column by its side. The 合计 row adds the first-level accounts; its debits must
equal its credits in each pair of columns, and a difference is a note starting
with ``UNBALANCED`` (the command exits 1). Periods are a year or one month of it.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pandas as pd

from ghfund.ledger import Loaded
from ghfund.money import ZERO, fmt
from ghfund.month import Month
from ghfund.reports import account_levels, base
from ghfund.reports.account_levels import Amounts
from ghfund.reports.balances import year_end
from ghfund.reports.model import LEVEL, Column, Report, Table
from ghfund.reports.statements import UNBALANCED

COLUMNS = (
    Column("code", "科目编码", "text"),
    Column("name", "科目名称", "text"),
    Column("opening_debit", "期初借方"),
    Column("opening_credit", "期初贷方"),
    Column("debit", "本期借方"),
    Column("credit", "本期贷方"),
    Column("closing_debit", "期末借方"),
    Column("closing_credit", "期末贷方"),
)
PAIRS = (
    ("opening_debit", "opening_credit", "期初余额"),
    ("debit", "credit", "本期发生额"),
    ("closing_debit", "closing_credit", "期末余额"),
)


def _split(balance: Decimal) -> tuple[Decimal, Decimal]:
    return (balance, ZERO) if balance > 0 else (ZERO, -balance)


def _row(code: str, name: str, values: Amounts, level: int) -> dict[str, object]:
    opening_debit, opening_credit = _split(values.opening)
    closing_debit, closing_credit = _split(values.closing)
    return {
        "code": code,
        "name": name,
        "opening_debit": opening_debit,
        "opening_credit": opening_credit,
        "debit": values.debit,
        "credit": values.credit,
        "closing_debit": closing_debit,
        "closing_credit": closing_credit,
        LEVEL: level,
    }


def table(loaded: Loaded, start: datetime.date, end: datetime.date, period: str) -> Table:
    """The trial balance from ``start`` to ``end``, with its 合计 and the check."""
    book = loaded.book
    lines = account_levels.rolled(book, account_levels.amounts(book, start, end))
    shown = {node.account for node, values in lines if _shown(loaded, node, values, end)}
    rows = [
        _row(node.code, node.name, values, node.depth)
        for node, values in lines
        if any(node.covers(account) for account in shown)
    ]
    frame = pd.DataFrame(rows, columns=[c.key for c in COLUMNS] + [LEVEL])
    first = frame[frame[LEVEL] == 1]
    totals = {key: sum(first[key], ZERO) for key in [c.key for c in COLUMNS[2:]]}
    total_row = {"code": "", "name": "合计", **totals, LEVEL: 0}
    frame = pd.concat([frame, pd.DataFrame([total_row])], ignore_index=True)
    return Table(
        "trial_balance",
        "科目余额表",
        COLUMNS,
        frame,
        period=period,
        notes=(*_check(totals), *_notes(loaded, start, end)),
    )


def _shown(loaded: Loaded, node: account_levels.Node, values: Amounts, end: datetime.date) -> bool:
    """A line has amounts, or its account is open by the period's end (a parent is shown
    with any line under it)."""
    opened = loaded.book.opens.get(node.account)
    return not values.empty or (opened is not None and opened.date <= end)


def _check(totals: dict[str, Decimal]) -> list[str]:
    problems = [
        f"{UNBALANCED}：{label}借方合计 {fmt(totals[debit])} ≠ 贷方合计 {fmt(totals[credit])}，"
        f"相差 {fmt(totals[debit] - totals[credit])}；请检查多币种或带价格的分录"
        for debit, credit, label in PAIRS
        if totals[debit] != totals[credit]
    ]
    if problems:
        return problems
    return [
        "核对：期初余额、本期发生额、期末余额的借方合计分别等于贷方合计"
        f"（{fmt(totals['opening_debit'])}、{fmt(totals['debit'])}、"
        f"{fmt(totals['closing_debit'])}）。"
    ]


def _notes(loaded: Loaded, start: datetime.date, end: datetime.date) -> list[str]:
    from ghfund.carry_forward import open_flows

    before = (
        f"期初余额中，{start.year} 年以前的收入、支出已按年末结转计入 321 工会资金结转"
        "（专项资金）和 322 工会资金结余；"
    )
    if (end.month, end.day) == (12, 31) and not open_flows(loaded.book, end.year):
        after = "本年收支已于 12 月 31 日结转（#closing 凭证），期末余额与工会01表一致。"
    else:
        after = (
            "本年收支未结转，期末余额仍列在收入、支出科目；结账后的余额可用 "
            "ghfund books trial --after-closing 查看。"
        )
    notes = [before + after]
    others = account_levels.other_currencies(loaded.book)
    if others:
        notes.append(
            f"只列记账本位币 {loaded.book.currency} 的金额；{'、'.join(others)} 的分录未列入。"
        )
    return notes


def report(
    loaded: Loaded, year: int, month: int | None = None, after_closing: bool = False
) -> Report:
    """``ghfund books trial --year Y`` or ``--month YYYY-MM`` [``--after-closing``]; after closing, the
    year's 年终结转 counts whether booked or not (``base.after_closing``)."""
    base.require_year(loaded, year, "编制科目余额表")
    if after_closing:
        loaded = base.after_closing(loaded, year)
    if month is None:
        start, end, period = datetime.date(year, 1, 1), year_end(year), f"{year}年度"
    else:
        start, end = Month(year, month).first, Month(year, month).end
        period = f"{year}年{month}月"
    tables = (table(loaded, start, end, period),)
    title = f"科目余额表（{period}{'，结账后' if after_closing else ''}）"
    return base.make(loaded, "books-trial", title, period, end, tables)
