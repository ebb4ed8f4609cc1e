"""Plain text for the terminal: aligned CJK columns, amounts as ``1,234.50``."""

from __future__ import annotations

from typing import BinaryIO

from ghfund import cjk
from ghfund.reports.model import Report, Table
from ghfund.reports.render.cells import heading, shown
from ghfund.reports.render.form import signature_lines

INDENT = "  "


def render(report: Report, out: BinaryIO) -> None:
    out.write(as_text(report).encode("utf-8"))


def as_text(report: Report) -> str:
    parts = [report.title, ""]
    for table in report.tables:
        parts += _table(table, report)
        parts.append("")
    parts += list(report.notes)
    return "\n".join(parts).rstrip("\n") + "\n"


def _table(table: Table, report: Report) -> list[str]:
    if table.prose:
        return [table.title, *table.notes]
    title, header = heading(table.title, report.union, table.period or report.period, report.unit)
    cells = [
        [shown(value, column) for column, value in zip(table.columns, record.values(), strict=True)]
        for record in table.records()
    ]
    for row, level in zip(cells, table.levels(), strict=True):
        row[0] = INDENT * max(0, level - 1) + row[0]
    titles = [column.title for column in table.columns]
    widths = [
        max([cjk.width(t)] + [cjk.width(row[i]) for row in cells]) for i, t in enumerate(titles)
    ]
    lines = [f"{title}{'    ' + table.form if table.form else ''}", header]
    if not cells:  # an empty list says so in its notes; column headers over nothing are noise
        return [*lines, *(table.notes or ("（无）",))]
    rule = "  ".join("-" * w for w in widths)
    lines += [rule, _line(titles, widths, table), rule]
    lines += [_line(row, widths, table) for row in cells]
    lines.append(rule)
    lines += list(table.notes)
    if table.statement and report.signatures:
        lines += signature_lines(report.signatures)
    return lines


def _line(cells: list[str], widths: list[int], table: Table) -> str:
    out = []
    for cell, width, column in zip(cells, widths, table.columns, strict=True):
        numeric = column.kind in ("money", "rate", "count")
        out.append(cjk.rjust(cell, width) if numeric else cjk.ljust(cell, width))
    return "  ".join(out).rstrip()
