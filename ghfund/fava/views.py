"""What a ghfund page in Fava shows, as plain values the templates lay out.

A page never computes a number: its tables are the ``Report`` a report builder
returns (the same one ``ghfund report`` renders as text or xlsx), with each cell
formatted as the other human formats format it (``reports.render.cells``), and
its findings are ``ghfund check``'s listing. Tests read these values without a
browser; the templates only place them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby
from typing import TYPE_CHECKING, Any

from ghfund.findings import Finding, Findings, listing
from ghfund.money import fmt
from ghfund.problems import UserProblem

if TYPE_CHECKING:
    from ghfund.reports.model import Report, Table

NUMERIC = ("money", "rate", "count")


@dataclass(frozen=True)
class Cell:
    text: str
    numeric: bool = False
    bar: Decimal | None = None  # a rate shown as a bar: its width in percent, 0–100


@dataclass(frozen=True)
class Line:
    cells: tuple[Cell, ...]
    level: int  # 0 heading or total (bold), 1 item, 2 and deeper: indented
    marked: bool = False  # a line the builder flags (an overrun): shown in red


@dataclass(frozen=True)
class TableView:
    name: str
    title: str
    form: str
    period: str
    headers: tuple[Cell, ...]
    lines: tuple[Line, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class ReportView:
    title: str
    union: str
    unit: str
    tables: tuple[TableView, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class FindingLine:
    filename: str | None
    lineno: int | None
    date: str
    voucher: str
    amount: str
    message: str
    ref: str  # the acknowledgment's reference (经审会文号), for acknowledged findings
    status: str = ""  # an acknowledged one's place in the 整改台账 (已说明 … 已整改)
    overdue: bool = False  # shown in red: a rectification past its deadline
    due: str = ""  # a rectification's deadline


@dataclass(frozen=True)
class Group:
    rule: str
    description: str
    error_class: str  # the class name Fava's error page knows the finding by
    lines: tuple[FindingLine, ...]


@dataclass(frozen=True)
class FindingsView:
    open: tuple[Group, ...]
    acknowledged: tuple[Group, ...]

    @property
    def open_count(self) -> int:
        return sum(len(group.lines) for group in self.open)

    @property
    def acknowledged_count(self) -> int:
        return sum(len(group.lines) for group in self.acknowledged)


@dataclass(frozen=True)
class Choice:
    value: str  # the query parameter's value
    label: str
    kind: str = ""  # "" a link in the page's bar; "month" an entry of its month picker


@dataclass(frozen=True)
class Page:
    """One page: what can be chosen (years, officers), the chosen one, and its content."""

    title: str
    param: str = "year"
    choices: tuple[Choice, ...] = ()
    chosen: str = ""
    report: ReportView | None = None
    findings: FindingsView | None = None
    problem: str = ""  # why the page shows nothing (Chinese), e.g. an exception while building
    notes: tuple[str, ...] = field(default=())


def report_view(report: Report, bars: Iterable[str] = ()) -> ReportView:
    """``report`` as display cells; ``bars`` names rate columns drawn as bars; lines the
    builder marks (``model.MARK``) are flagged."""
    bar_keys = frozenset(bars)
    tables = tuple(_table_view(table, report.period, bar_keys) for table in report.tables)
    return ReportView(report.title, report.union, report.unit, tables, report.notes)


def _table_view(table: Table, period: str, bars: frozenset[str]) -> TableView:
    from ghfund.reports.render.cells import shown  # lazy: no pandas while Fava loads the book

    headers = tuple(Cell(c.title, c.kind in NUMERIC) for c in table.columns)
    lines = []
    for record, level, mark in zip(table.records(), table.levels(), table.marks(), strict=True):
        cells = tuple(
            Cell(
                shown(record[c.key], c),
                c.kind in NUMERIC,
                _bar(record[c.key]) if c.key in bars and c.kind == "rate" else None,
            )
            for c in table.columns
        )
        lines.append(Line(cells, level, mark))
    return TableView(
        table.name,
        table.title,
        table.form,
        table.period or period,
        headers,
        tuple(lines),
        table.notes,
    )


def _bar(value: object) -> Decimal | None:
    from ghfund.reports.render.cells import is_blank

    if is_blank(value):
        return None
    return min(max(Decimal(str(value)), Decimal(0)), Decimal(100))


def findings_view(
    findings: Findings, errors: Sequence[Any], descriptions: dict[str, str]
) -> FindingsView:
    """``ghfund check``'s listing, grouped by rule: open findings, then acknowledged ones apart."""
    classes = {
        error.rule: type(error).__name__
        for error in (*findings.open, *(pair[0] for pair in findings.acknowledged))
    }
    classes["beancount"] = "、".join(sorted({type(error).__name__ for error in errors}))
    rows = listing(findings, errors)

    def groups(status: str) -> tuple[Group, ...]:
        selected = [row for row in rows if row.status == status]
        return tuple(
            Group(
                rule,
                descriptions.get(rule, ""),
                classes.get(rule, ""),
                tuple(_finding_line(row) for row in items),
            )
            for rule, items in groupby(selected, key=lambda row: row.rule)
        )

    return FindingsView(groups("open"), groups("acknowledged"))


def _finding_line(row: Finding) -> FindingLine:
    return FindingLine(
        row.filename,
        row.lineno,
        row.date.isoformat() if row.date else "",
        row.voucher or "",
        fmt(row.amount),
        row.message,
        row.ref or "",
        row.label if row.status == "acknowledged" else "",
        row.progress == "overdue",
        row.due.isoformat() if row.due else "",
    )


def failure(title: str, error: BaseException) -> Page:
    """The page shown when building it raised: what happened, in Chinese, and what to do."""
    return Page(title, problem=problem_text(title, error))


def problem_text(title: str, error: BaseException) -> str:
    """ghfund's own problems (``UserProblem``) carry a Chinese message for users and are shown
    as they are; anything else is a fault in the program, told as such (its traceback is in
    Fava's log)."""
    if isinstance(error, UserProblem):
        return f"无法生成“{title}”页面：{for_pages(str(error).strip())}"
    return (
        f"生成“{title}”页面时出错：程序内部错误，详情已写入 Fava 的运行日志。账本本身已正常打开，"
        "其他页面不受影响；请先在错误页查看账本的问题，必要时把这条信息和 Fava 的运行日志交给维护人员。"
    )


# A message written for the command line names its options; a page says where to choose.
_OPTION = re.compile(r"请用 --(year|month|role|officer|account) 指定[^；。]*")
_ON_PAGE = {"year": "年度", "month": "月份", "role": "职务", "officer": "人员", "account": "科目"}


def for_pages(text: str) -> str:
    """``text`` with "请用 --year 指定其中一年" said as a page says it ("请在页面上方选择年度")."""
    return _OPTION.sub(lambda m: f"请在页面上方选择{_ON_PAGE[m[1]]}", text)
