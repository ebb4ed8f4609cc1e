"""One renderer per output format, one signature: ``render(report, out)``.

``out`` is a binary stream: text formats write UTF-8 (CSV with a BOM, for Excel).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO

from ghfund.reports.model import Report
from ghfund.reports.render import csv, html, json, text

Renderer = Callable[[Report, BinaryIO], None]


def _xlsx(report: Report, out: BinaryIO) -> None:
    """XLSX, imported on first use: openpyxl alone takes a tenth of a second to import."""
    from ghfund.reports.render import xlsx

    xlsx.render(report, out)


FORMATS: dict[str, Renderer] = {
    "text": text.render,
    "json": json.render,
    "csv": csv.render,
    "xlsx": _xlsx,
    "html": html.render,
}

SUFFIXES = {
    ".txt": "text",
    ".json": "json",
    ".csv": "csv",
    ".xlsx": "xlsx",
    ".html": "html",
    ".htm": "html",
}
