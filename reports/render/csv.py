"""CSV for spreadsheets: UTF-8 with a BOM; each table a section under its own title."""

from __future__ import annotations

import csv as _csv
import io
from typing import BinaryIO

from ghfund.money import plain
from ghfund.reports.model import Column, Report
from ghfund.reports.render.cells import heading, is_blank, shown
from ghfund.reports.render.form import signature_lines


def _cell(value: object, column: Column) -> str:
    if column.kind == "money" and not is_blank(value):
        return plain(value) or ""  # type: ignore[arg-type]
    return shown(value, column)


def render(report: Report, out: BinaryIO) -> None:
    buffer = io.StringIO()
    writer = _csv.writer(buffer, lineterminator="\r\n")
    for number, table in enumerate(report.tables):
        if number:
            writer.writerow([])
        title, header = heading(
            table.title, report.union, table.period or report.period, report.unit
        )
        writer.writerow([f"{title} {table.form}".strip()])
        writer.writerow([header])
        writer.writerow([column.title for column in table.columns])
        for record in table.records():
            writer.writerow([_cell(record[c.key], c) for c in table.columns])
        for note in table.notes:
            writer.writerow([note])
        if table.statement and report.signatures:
            writer.writerows([line] for line in signature_lines(report.signatures))
    for note in report.notes:
        writer.writerow([note])
    out.write(buffer.getvalue().encode("utf-8-sig"))
