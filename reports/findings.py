"""A list of findings as a report table: open ones first, then those the audit committee handled.

Any report that shows findings and their disposition (budget execution, the annual
notes, the audit reports) builds the table here, from ``ghfund.findings.listing``.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from ghfund.findings import Finding
from ghfund.reports.model import Column, Table

COLUMNS = (
    Column("rule", "规则", "text"),
    Column("date", "日期", "date"),
    Column("voucher", "凭证号", "text"),
    Column("amount", "金额"),
    Column("status", "状态", "text"),
    Column("ref", "处理文号", "text"),
    Column("message", "说明", "text"),
)

STATUS = {"open": "未处理", "acknowledged": "已处理"}


def table(rows: Sequence[Finding], name: str, title: str, empty: str) -> Table:
    """The findings ``rows`` (as ``listing`` orders them); ``empty`` is the note when none."""
    frame = pd.DataFrame(
        [
            {
                "rule": row.rule,
                "date": row.date,
                "voucher": row.voucher,
                "amount": row.amount,
                "status": STATUS[row.status],
                "ref": row.ref,
                "message": row.message,
            }
            for row in rows
        ],
        columns=[column.key for column in COLUMNS],
    )
    opened = sum(1 for row in rows if row.status == "open")
    summary = f"未处理 {opened} 项，已处理 {len(rows) - opened} 项。" if rows else empty
    return Table(name, title, COLUMNS, frame.astype(object), notes=(summary,))
