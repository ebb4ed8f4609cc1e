"""XLSX: one sheet per table, headed like the official form; numbers as numbers, dates as
dates, rates as fractions shown as percentages; every table's notes on a sheet of their own
(说明), so a table's sheet holds nothing under its rows but the signatures of a statement.
A note in words (a table without rows) keeps its lines on its own sheet: they are its content."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ghfund import cjk
from ghfund.money import cents
from ghfund.reports.model import Column, Report, Table
from ghfund.reports.render import form
from ghfund.reports.render.cells import is_blank, shown
from ghfund.reports.render.form import signature_lines

FORMATS = {"money": "#,##0.00", "rate": "0.00%", "count": "0", "date": "yyyy-mm-dd"}
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDDDDD")


def render(report: Report, out: BinaryIO) -> None:
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    notes: list[tuple[str, str]] = []
    for table in report.tables:
        name = _sheet_name(table.title, used)
        _sheet(book.create_sheet(name), table, report)
        if not table.rows.empty:  # a note in words keeps its lines on its own sheet
            notes += [(name, note) for note in table.notes]
    notes += [("", note) for note in report.notes]
    if notes:
        sheet = book.create_sheet(_sheet_name("说明", used))
        for column, title in enumerate(("表", "说明"), start=1):
            sheet.cell(row=1, column=column, value=title).font = Font(bold=True)
        for row, (name, note) in enumerate(notes, start=2):
            sheet.cell(row=row, column=1, value=name)
            sheet.cell(row=row, column=2, value=note)
        sheet.column_dimensions["A"].width = 24
        sheet.column_dimensions["B"].width = 100
    book.save(out)


def _sheet_name(title: str, used: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\]", "", title)[:28] or "表"
    candidate, number = name, 2
    while candidate in used:
        candidate, number = f"{name}{number}", number + 1
    used.add(candidate)
    return candidate


def _value(value: object, column: Column) -> object:
    if is_blank(value):
        return None
    if column.kind == "money":
        return cents(Decimal(str(value)))
    if column.kind == "rate":  # 101.08 (percent) is 1.0108, shown 101.08%
        return cents(Decimal(str(value))) / 100
    if column.kind == "date" and isinstance(value, datetime.date):
        return value
    if column.kind == "count":
        return int(value)  # type: ignore[call-overload]
    return shown(value, column)


def _sheet(sheet: Worksheet, table: Table, report: Report) -> None:
    """The official layout (``ghfund.reports.render.form``): title, form number, 编制单位 /
    period / unit and the column titles repeated on every printed page, signed underneath.
    A section in words: its title, then its paragraphs one a row."""
    if table.prose:
        sheet.cell(row=1, column=1, value=table.title).font = Font(bold=True, size=14)
        for row, note in enumerate(table.notes, start=3):
            sheet.cell(row=row, column=1, value=note).alignment = Alignment(wrap_text=True)
        sheet.column_dimensions["A"].width = 100
        return
    header = form.header(table)
    width = len(header)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.cell(row=1, column=1, value=table.title).font = Font(bold=True, size=16)
    sheet.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    sheet.cell(row=2, column=width, value=table.form).alignment = Alignment(horizontal="right")
    sheet.cell(row=3, column=1, value=f"编制单位：{report.union}")
    middle = max(2, (width + 1) // 2) if width > 2 else width
    sheet.cell(row=3, column=middle, value=table.period or report.period)
    unit = sheet.cell(row=3, column=width, value=f"单位：{report.unit}")
    unit.alignment = Alignment(horizontal="right")
    for index, column in enumerate(header, start=1):
        cell = sheet.cell(row=4, column=index, value=column.title)
        cell.font, cell.border, cell.fill = Font(bold=True), BOX, HEADER_FILL
        cell.alignment = Alignment(horizontal="center")
    widths = [cjk.width(column.title) for column in header]
    rows = form.body(table)
    for offset, cells in enumerate(rows):
        row = 5 + offset
        for index, source in enumerate(cells, start=1):
            column = source.column
            cell = sheet.cell(row=row, column=index, value=_value(source.value, column))
            cell.border = BOX
            if column is form.LINE_COLUMN:
                cell.alignment = Alignment(horizontal="center")
            elif column.kind in FORMATS and not isinstance(cell.value, str):
                cell.number_format = FORMATS[column.kind]
            if source.level == 0 and (source.heading or not is_blank(source.value)):
                cell.font = Font(bold=True)
            if column.kind == "text" and source.level > 1:
                cell.alignment = Alignment(indent=source.level - 1)
            widths[index - 1] = max(widths[index - 1], cjk.width(shown(source.value, column)) + 2)
    if table.rows.empty:  # a note in words: its lines are the sheet's content
        for offset, note in enumerate(table.notes):
            sheet.cell(row=6 + len(rows) + offset, column=1, value=note)
    if table.statement and report.signatures:
        for offset, line in enumerate(signature_lines(report.signatures)):
            sheet.cell(row=5 + len(rows) + 1 + offset, column=1, value=line)
    for index, columns in enumerate(widths, start=1):
        narrow = header[index - 1] is form.LINE_COLUMN
        sheet.column_dimensions[get_column_letter(index)].width = (
            6 if narrow else min(max(columns, 10), 60)
        )
    sheet.freeze_panes = "B5"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:4"
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
