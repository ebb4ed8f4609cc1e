"""Word (.docx), what audit committees edit and sign: the report's title, each table under
its heading with the 编制单位 line, its notes as paragraphs (proposed wording highlighted
for the committee to edit), a section in words as heading and paragraphs, the signature
lines under the statements. Written with python-docx; fonts set for Chinese (宋体)."""

from __future__ import annotations

from typing import TYPE_CHECKING, BinaryIO

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.shared import Pt

from ghfund.reports.model import PROPOSED, Report, Table
from ghfund.reports.render.cells import heading, shown
from ghfund.reports.render.form import signature_lines

if TYPE_CHECKING:
    from docx.document import Document

NUMERIC = ("money", "rate", "count")
FONT = "宋体"
BLANK = "________________"  # a line to sign on


def render(report: Report, out: BinaryIO) -> None:
    document = docx.Document()
    _chinese_fonts(document)
    document.add_heading(report.title, level=0).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for table in report.tables:
        _table(document, table, report)
    for note in report.notes:
        _paragraph(document, note)
    document.save(out)


def _chinese_fonts(document: Document) -> None:
    """Every style the document uses set to a Chinese font (East Asian text needs its own)."""
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Table Grid"):
        style = document.styles[name]
        font = style.font
        font.name = FONT
        element = style.element.get_or_add_rPr()
        element.get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    document.styles["Normal"].font.size = Pt(11)


def _paragraph(document: Document, note: str) -> None:
    paragraph = document.add_paragraph()
    run = paragraph.add_run(note)
    if note.startswith(PROPOSED):
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _table(document: Document, table: Table, report: Report) -> None:
    title = f"{table.title}{'（' + table.form + '）' if table.form else ''}"
    if title:
        document.add_heading(title, level=1)
    if not table.prose:
        _grid(document, table, report)
    for note in table.notes:
        _paragraph(document, note)
    if table.statement and report.signatures:
        for line in signature_lines(report.signatures, BLANK):
            document.add_paragraph(line)


def _grid(document: Document, table: Table, report: Report) -> None:
    _, line = heading(table.title, report.union, table.period or report.period, report.unit)
    document.add_paragraph(line)
    records = table.records()
    if not records:
        return
    grid = document.add_table(rows=1 + len(records), cols=len(table.columns))
    grid.style = document.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, column in zip(grid.rows[0].cells, table.columns, strict=True):
        cell.text = column.title
        cell.paragraphs[0].runs[0].bold = True
    for row, record, level in zip(grid.rows[1:], records, table.levels(), strict=True):
        for cell, column, value in zip(row.cells, table.columns, record.values(), strict=True):
            text = shown(value, column)
            if column is table.columns[0] and level > 1:
                text = "  " * (level - 1) + text
            paragraph = cell.paragraphs[0]
            run = paragraph.add_run(text)
            run.bold = level == 0
            if column.kind in NUMERIC:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
