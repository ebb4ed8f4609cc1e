"""One renderer per output format, one signature: ``render(report, out)``.

``out`` is a binary stream: text formats write UTF-8 (CSV with a BOM, for Excel).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO

from ghfund.reports.model import Report
from ghfund.reports.render import csv, html, json, text

Renderer = Callable[[Report, BinaryIO], None]


class RenderProblem(Exception):
    """A format cannot be made on this machine (no Chinese font for the PDF): one Chinese
    line saying what to install; the command exits 2."""


def _xlsx(report: Report, out: BinaryIO) -> None:
    """XLSX, imported on first use: openpyxl alone takes a tenth of a second to import."""
    from ghfund.reports.render import xlsx

    xlsx.render(report, out)


def _pdf(report: Report, out: BinaryIO) -> None:
    """PDF, imported on first use: WeasyPrint loads pango and fonts."""
    from ghfund.reports.render import pdf

    pdf.render(report, out)


FORMATS: dict[str, Renderer] = {
    "text": text.render,
    "json": json.render,
    "csv": csv.render,
    "xlsx": _xlsx,
    "html": html.render,
    "pdf": _pdf,
}

SUFFIXES = {
    ".txt": "text",
    ".json": "json",
    ".csv": "csv",
    ".xlsx": "xlsx",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
}
