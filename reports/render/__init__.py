"""One renderer per output format, one signature: ``render(report, out)``.

``out`` is a binary stream: text formats write UTF-8 (CSV with a BOM, for Excel).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, BinaryIO

from ghfund.problems import UserProblem

if TYPE_CHECKING:
    from ghfund.reports.model import Report

Renderer = Callable[["Report", BinaryIO], None]


class RenderProblem(UserProblem):
    """A format cannot be made on this machine (no Chinese font for the PDF): one Chinese
    line saying what to install; the command exits 2."""


def _on_first_use(module: str) -> Renderer:
    """The renderer of ``module``, imported when first called: naming the formats costs
    nothing (a cached answer needs neither pandas, openpyxl nor WeasyPrint)."""

    def render(report: Report, out: BinaryIO) -> None:
        importlib.import_module(f"ghfund.reports.render.{module}").render(report, out)

    return render


FORMATS: dict[str, Renderer] = {
    name: _on_first_use(name) for name in ("text", "json", "csv", "xlsx", "html", "pdf", "docx")
}

SUFFIXES = {
    ".txt": "text",
    ".json": "json",
    ".csv": "csv",
    ".xlsx": "xlsx",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".docx": "docx",
}
