"""A list of findings as a report table: open ones first, then those the audit committee handled.

Any report that shows findings and their disposition (budget execution, the annual
notes, the audit reports) builds the table here, from ``ghfund.findings.listing``;
the annual review also counts them by rule (``by_rule``).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pandas as pd

from ghfund.findings import Finding, listing
from ghfund.ledger import Loaded
from ghfund.money import ZERO
from ghfund.plugins.all import DESCRIPTIONS
from ghfund.rectification import STATUSES
from ghfund.reports import base
from ghfund.reports.model import LEVEL, MARK, Column, Report, Table

COLUMNS = (
    Column("rule", "规则", "text"),
    Column("date", "日期", "date"),
    Column("voucher", "凭证号", "text"),
    Column("amount", "金额"),
    Column("status", "状态", "text"),
    Column("ref", "处理文号", "text"),
    Column("message", "说明", "text"),
)


def table(rows: Sequence[Finding], name: str, title: str, empty: str) -> Table:
    """The findings ``rows`` (as ``listing`` orders them); ``empty`` is the note when none."""
    frame = pd.DataFrame(
        [
            {
                "rule": row.rule,
                "date": row.date,
                "voucher": row.voucher,
                "amount": row.amount,
                "status": row.label,
                "ref": row.ref,
                "message": row.message,
                MARK: row.progress == "overdue",
            }
            for row in rows
        ],
        columns=[*(column.key for column in COLUMNS), MARK],
    )
    return Table(name, title, COLUMNS, frame.astype(object), notes=(summary(rows, empty),))


def summary(rows: Sequence[Finding], empty: str) -> str:
    """未处理 n 项，经审会已处理 m 项 (and how many of these stand where in the 整改台账)."""
    if not rows:
        return empty
    opened = sum(1 for row in rows if row.status == "open")
    text = f"未处理 {opened} 项，经审会已处理 {len(rows) - opened} 项"
    counts = [
        f"{label} {n} 项"
        for code, label in STATUSES.items()
        if (n := sum(1 for row in rows if row.progress == code))
    ]
    return text + (f"（{'，'.join(counts)}）。" if counts else "。")


def report(loaded: Loaded, rules: Sequence[str] = ()) -> Report:
    """Every finding of the book (of ``rules`` only, when named), open and handled: Fava's
    经审检查 page as xlsx, and ``ghfund check`` as csv, xlsx, html or pdf."""
    last = loaded.book.last_date or datetime.date.today()
    rows = listing(loaded.findings.only(rules) if rules else loaded.findings, loaded.errors)
    opened = sum(1 for row in rows if row.status == "open")
    return base.make(
        loaded,
        "findings",
        "经审检查发现清单",
        f"截至{last.isoformat()}",
        last,
        (table(rows, "findings", "检查发现清单", "没有发现。"),),
        problems=[f"有 {opened} 项未处理的发现"] if opened else [],
    )


PRINTED = 500  # findings a printed list shows in full; the rest are counted by rule


def for_print(loaded: Loaded) -> Report:
    """The findings report as printed (PDF): the count of each rule's findings, then the
    first ``PRINTED`` findings in full (open ones first). Thousands of findings would take
    WeasyPrint minutes and hundreds of pages; the xlsx download keeps every one."""
    whole = report(loaded)
    rows = listing(loaded.findings, loaded.errors)
    if len(rows) <= PRINTED:
        return whole
    shown = table(rows[:PRINTED], "findings", "检查发现清单", "没有发现。")
    note = (
        f"共 {len(rows)} 项发现，此处列出前 {PRINTED} 项（未处理的在前）；"
        "全部发现见上表的分规则计数，逐项清单见“经审检查”页面的 xlsx 下载。"
    )
    counted = by_rule(rows, "by_rule", "发现分规则计数")
    listed = replace(shown, notes=(*shown.notes, note))
    return replace(whole, tables=(counted, listed))


def between(loaded: Loaded, start: datetime.date, end: datetime.date) -> list[Finding]:
    """The findings of a period, as ``listing`` orders them: Beancount's errors dated in it or
    undated (a syntax error may concern any period), then ghfund's dated in it."""
    return listing(loaded.findings.between(start, end), errors_between(loaded, start, end))


def errors_between(loaded: Loaded, start: datetime.date, end: datetime.date) -> list[Any]:
    """Beancount's errors dated from ``start`` through ``end``, or undated."""

    def dated_in(error: Any) -> bool:
        date = getattr(getattr(error, "entry", None), "date", None)
        return not isinstance(date, datetime.date) or start <= date <= end

    return [error for error in loaded.errors if dated_in(error)]


BY_RULE_COLUMNS = (
    Column("rule", "规则", "text"),
    Column("description", "要求", "text"),
    Column("open", "未处理", "count"),
    Column("open_amount", "未处理金额"),
    Column("acknowledged", "已处理", "count"),
    Column("acknowledged_amount", "已处理金额"),
    Column("refs", "处理文号", "text"),
)


def by_rule(rows: Sequence[Finding], name: str, title: str) -> Table:
    """How many findings of each rule are open and handled, their amounts, and the references
    of the acknowledgments; then the total."""
    counts: dict[str, list[Any]] = {}
    for row in rows:
        entry = counts.setdefault(row.rule, [0, ZERO, 0, ZERO, []])
        at = 0 if row.status == "open" else 2
        entry[at] += 1
        entry[at + 1] += row.amount or ZERO
        if row.ref and row.ref not in entry[4]:
            entry[4].append(row.ref)
    lines = [
        {
            "rule": rule,
            "description": DESCRIPTIONS.get(rule, ""),
            "open": opened,
            "open_amount": open_amount,
            "acknowledged": handled,
            "acknowledged_amount": handled_amount,
            "refs": "、".join(refs),
            LEVEL: 1,
        }
        for rule, (opened, open_amount, handled, handled_amount, refs) in counts.items()
    ]

    def total(key: str) -> Any:
        return sum((line[key] for line in lines), Decimal(0) if "amount" in key else 0)

    keys = ("open", "open_amount", "acknowledged", "acknowledged_amount")
    totals = {"rule": "合计", "description": "", **{k: total(k) for k in keys}, "refs": ""}
    frame = pd.DataFrame(
        [*lines, {**totals, LEVEL: 0}], columns=[c.key for c in BY_RULE_COLUMNS] + [LEVEL]
    )
    return Table(
        name,
        title,
        BY_RULE_COLUMNS,
        frame.astype(object),
        notes=("金额为各项发现所涉金额之和；没有金额的发现（如格式、期限问题）只计项数。",),
    )
