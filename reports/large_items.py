"""大额支出: the expense transactions at or above ``large-expense`` in a period.

What ``large-no-decision`` checks, listed for the audit reports: a transaction's expense
total is the sum of its Expenses postings in the book's currency (net, so a refund line
reduces it), compared with the ``large-expense`` in force on its date; Beancount's
padding entries are no spending. Each item shows its collective decision (``decision``).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pandas as pd
from beancount.core import data, flags

from ghfund.book import Book
from ghfund.money import ZERO, fmt
from ghfund.reports import frames
from ghfund.reports.model import Column, Table

COLUMNS = (
    Column("date", "日期", "date"),
    Column("voucher", "凭证号", "text"),
    Column("payee", "收款方", "text"),
    Column("narration", "摘要", "text"),
    Column("amount", "支出金额"),
    Column("decision", "集体决策", "text"),
)
NO_DECISION = "（未注明）"


def table(book: Book, after: datetime.date, through: datetime.date, period: str) -> Table:
    """Every large expense transaction dated after ``after`` through ``through``."""
    limits = book.settings.history("large-expense")
    if not limits:
        notes: tuple[str, ...] = (
            '账本没有设置大额支出标准（custom "ghfund-option" "large-expense"），不列大额支出。',
        )
        return _table([], period, notes)
    frame = frames.in_years(book, (after + datetime.timedelta(days=1)).year, through.year)
    frame = frame[(frame["root"] == "Expenses") & (frame["currency"] == book.currency)]
    frame = frame[(frame["date"] > after) & (frame["date"] <= through)]
    totals: dict[int, Decimal] = {}
    for index, amount in zip(frame["txn"], frame["amount"], strict=True):
        totals[index] = totals.get(index, ZERO) + amount
    items = []
    for index, amount in totals.items():
        txn = book.transactions[index]
        limit = book.settings.limit("large-expense", txn.date)
        if limit is not None and amount >= limit and txn.flag != flags.FLAG_PADDING:
            items.append((txn, amount))
    rows = [
        {
            "date": txn.date,
            "voucher": txn.meta.get("voucher", ""),
            "payee": txn.payee or "",
            "narration": txn.narration or "",
            "amount": amount,
            "decision": _decision(txn) or NO_DECISION,
        }
        for txn, amount in items
    ]
    standards = "、".join(f"{date} 起 {fmt(value)} 元" for date, value in limits)
    total = sum((amount for _, amount in items), ZERO)
    undecided = sum(1 for txn, _ in items if not _decision(txn))
    notes = (
        f"大额支出标准（large-expense）：{standards}；一笔交易的支出合计达到当日标准的列入。",
        f"共 {len(rows)} 笔，合计 {fmt(total)} 元；未注明集体决策的 {undecided} 笔。"
        if rows
        else "期间没有大额支出。",
    )
    return _table(rows, period, notes)


def _decision(txn: data.Transaction) -> str:
    decision = txn.meta.get("decision")
    return decision.strip() if isinstance(decision, str) else ""


def _table(rows: list[dict[str, object]], period: str, notes: tuple[str, ...]) -> Table:
    frame = pd.DataFrame(rows, columns=[column.key for column in COLUMNS])
    return Table(
        "large_items", "大额支出", COLUMNS, frame.astype(object), period=period, notes=notes
    )
