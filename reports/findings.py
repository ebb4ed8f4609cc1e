"""发现清单: every finding of the rules and its disposition, as one table.

The rows are ``ghfund check``'s listing (``ghfund.findings.listing``): Beancount's
own errors first, then the open findings by rule, then the acknowledged ones
with the audit committee's reference.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from ghfund.findings import Finding, Findings, listing
from ghfund.reports.model import Column, Table

COLUMNS = (
    Column("rule", "规则", "text"),
    Column("date", "日期", "date"),
    Column("voucher", "凭证号", "text"),
    Column("amount", "金额"),
    Column("message", "说明", "text"),
    Column("location", "位置", "text"),
    Column("status", "状态", "text"),
    Column("ref", "处理文号", "text"),
)

STATUS = {"open": "未处理", "acknowledged": "已处理"}


def build(findings: Findings, errors: Sequence[Any] = ()) -> Table:
    rows = listing(findings, errors)
    frame = pd.DataFrame(
        [
            {
                "rule": row.rule,
                "date": row.date,
                "voucher": row.voucher or "",
                "amount": row.amount,
                "message": row.message,
                "location": _location(row),
                "status": STATUS[row.status],
                "ref": row.ref or "",
            }
            for row in rows
        ],
        columns=[c.key for c in COLUMNS],
    )
    open_count = sum(1 for row in rows if row.status == "open")
    notes = (f"共 {open_count} 项未处理，{len(rows) - open_count} 项已处理。",)
    return Table("findings", "检查发现清单", COLUMNS, frame, notes=notes)


def _location(row: Finding) -> str:
    if not row.filename:
        return ""
    return f"{Path(row.filename).name}:{row.lineno}" if row.lineno else Path(row.filename).name
