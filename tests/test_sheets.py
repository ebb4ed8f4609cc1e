"""``ghfund.importers.sheets``: the one reader of users' spreadsheets (xlsx, xls, csv)."""

from __future__ import annotations

import ast
import datetime
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

import ghfund.importers
from ghfund.importers import payroll, sheets


def xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_rows_keep_the_spreadsheet_numbers() -> None:
    rows = sheets.read_rows(
        "a.xlsx", xlsx([[], ["标题"], [], ["日期", 1], [datetime.date(2023, 1, 2)]])
    )
    assert [number for number, _ in rows] == [1, 2, 3, 4, 5]
    assert rows[3][1][:2] == ["日期", 1.0] and sheets.date(rows[4][1][0]) == datetime.date(
        2023, 1, 2
    )


def test_tab_separated_gbk_text() -> None:
    rows = sheets.read_rows("a.csv", "日期\t金额\n2023/1/2\t（1,200.50）\n".encode("gbk"))
    assert rows[1] == (2, ["2023/1/2", "（1,200.50）"])
    assert sheets.amount(rows[1][1][1]) == Decimal("-1200.50")


@pytest.mark.parametrize(
    ("cell", "day"),
    [("2023年3月5日", (2023, 3, 5)), ("20230305", (2023, 3, 5)), (44990.0, (2023, 3, 5))],
)
def test_dates(cell: object, day: tuple[int, int, int]) -> None:
    assert sheets.date(cell) == datetime.date(*day)


def test_payroll_months_written_as_numbers_still_read() -> None:
    data = xlsx([["月份", "工资总额"], [202502, 1250000]])
    (row,) = payroll.read("工资.xlsx", data)
    assert row.month == datetime.date(2025, 2, 28) and row.total == Decimal("1250000.00")


def test_one_cell_reader_for_every_importer() -> None:
    """A cell is shown the same way in every importer's messages (``sheets.text``); no
    importer keeps its own copy of the cell helpers."""
    assert sheets.text(True) == "TRUE" and sheets.text(12.0) == "12"
    assert sheets.text(datetime.datetime(2025, 6, 3)) == "2025-06-03"
    folder = Path(ghfund.importers.__file__).parent
    for path in folder.glob("*.py"):
        defined = {
            node.name
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.FunctionDef)
        }
        assert not defined & {"_at", "_blank", "_text"}, path.name
