"""What tests share besides fixtures: golden-file comparison and the project's paths.

Test modules import from here (or use the fixtures in conftest.py), never from
each other.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from ghfund.reports.model import Report

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"

SUFFIX = {"text": "txt", "json": "json", "csv": "csv", "html": "html", "xlsx": "xlsx.json"}


def xlsx_cells(data: bytes) -> str:
    """Every sheet's cell values, one JSON row per line: how an xlsx golden file compares."""
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheets = [
        f"{json.dumps(sheet.title, ensure_ascii=False)}: [\n"
        + ",\n".join(
            "  " + json.dumps([cell.value for cell in row], ensure_ascii=False)
            for row in sheet.iter_rows()
        )
        + "\n ]"
        for sheet in workbook.worksheets
    ]
    text = "{\n " + ",\n ".join(sheets) + "\n}\n"
    assert json.loads(text)  # still JSON, for anyone reading it with a tool
    return text


def as_golden(data: bytes, fmt: str) -> str:
    """A rendered report as its golden file holds it: xlsx as cell values, text as text."""
    if fmt == "xlsx":
        return xlsx_cells(data)
    return data.decode("utf-8-sig" if fmt == "csv" else "utf-8")


class Golden:
    """Compare with a golden file under tests/golden, or rewrite it under --update-golden."""

    def __init__(self, update: bool) -> None:
        self.update = update

    def __call__(self, name: str, text: str) -> None:
        """``text`` against tests/golden/``name``."""
        path = GOLDEN / name
        if self.update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))
        assert path.exists(), f"no golden file {name}: run pytest --update-golden"
        assert text == path.read_bytes().decode("utf-8"), f"differs from golden file {name}"

    def report(self, name: str, report: Report, fmt: str) -> None:
        """``report`` rendered as ``fmt`` against tests/golden/``name``.<suffix of fmt>."""
        from ghfund.reports.render import FORMATS

        out = io.BytesIO()
        FORMATS[fmt](report, out)
        self(f"{name}.{SUFFIX[fmt]}", as_golden(out.getvalue(), fmt))
