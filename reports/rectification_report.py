"""``ghfund rectification``: the 整改台账 — each finding the audit committee acknowledged,
what it asked (建议, 责任人, 措施, 期限) and where the item stands (已整改, 整改中,
逾期未整改, 已说明), from ``ghfund-ack`` and ``ghfund-rectified``.

The status column is written from the typed ``Finding.progress``; an overdue line is marked
(``MARK``) and is the report's problem (exit status 1), as ``rectification-overdue`` is.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

import pandas as pd

from ghfund.findings import Finding, Findings, listing
from ghfund.ledger import Loaded
from ghfund.rectification import STATUSES
from ghfund.reports import base
from ghfund.reports.advice import suggestion
from ghfund.reports.model import MARK, Column, Report, Table

COLUMNS = (
    Column("rule", "规则", "text"),
    Column("date", "日期", "date"),
    Column("voucher", "凭证号", "text"),
    Column("amount", "金额"),
    Column("message", "问题", "text"),
    Column("advice", "审计建议", "text"),
    Column("ref", "处理文号", "text"),
    Column("action", "处理方式", "text"),
    Column("owner", "责任人", "text"),
    Column("measure", "整改措施", "text"),
    Column("due", "整改期限", "date"),
    Column("status", "状态", "text"),
    Column("closed", "销号文号", "text"),
)


def items(findings: Findings) -> list[Finding]:
    """The acknowledged findings, in ``listing``'s order."""
    return [row for row in listing(findings) if row.status == "acknowledged"]


def table(rows: Sequence[Finding], name: str, title: str, empty: str) -> Table:
    """The 整改台账 of ``rows``; the note counts the items of each status."""
    frame = pd.DataFrame(
        [
            {
                "rule": row.rule,
                "date": row.date,
                "voucher": row.voucher or row.key,
                "amount": row.amount,
                "message": row.fact,
                "advice": suggestion(row.rule),
                "ref": row.ref,
                "action": row.action,
                "owner": row.owner,
                "measure": row.measure,
                "due": row.due,
                "status": row.label,
                "closed": row.closed,
                MARK: row.progress == "overdue",
            }
            for row in rows
        ],
        columns=[*(column.key for column in COLUMNS), MARK],
    )
    counts = "，".join(
        f"{label} {sum(1 for row in rows if row.progress == code)} 项"
        for code, label in STATUSES.items()
    )
    note = f"共 {len(rows)} 项：{counts}。" if rows else empty
    return Table(name, title, COLUMNS, frame.astype(object), notes=(note,))


def overdue(rows: Sequence[Finding]) -> list[str]:
    """One problem line per overdue item."""
    return [
        f"{row.rule} {row.voucher or row.key} 整改期限 {row.due} 已过，尚未复查销号"
        for row in rows
        if row.progress == "overdue"
    ]


def report(loaded: Loaded, year: int | None = None) -> Report:
    """Every acknowledged finding of the book (of ``year``, by the finding's date)."""
    book = loaded.book
    last = book.last_date or datetime.date.today()
    if year is not None:
        base.require_year(loaded, year, "列出整改台账")
        findings, period = loaded.findings.in_year(year), f"{year}年度"
    else:
        findings, period = loaded.findings, f"截至{last.isoformat()}"
    rows = items(findings)
    empty = (
        "该期间没有经审会处理过的发现。"
        if book.directives.acks
        else '账本中没有经审会的处理记录（custom "ghfund-ack"），整改台账为空；'
        "写法见 docs/RULES.md 的“经审会的处理记录”。"
    )
    return base.make(
        loaded,
        "rectification",
        "审计查出问题整改台账",
        period,
        last if year is None else datetime.date(year, 12, 31),
        (table(rows, "rectification", "整改台账", empty),),
        notes=(
            f"状态按账本最后日期 {last} 判断：已过整改期限而没有复查销号记录"
            '（custom "ghfund-rectified"）的为逾期未整改。',
        ),
        problems=overdue(rows),
    )
