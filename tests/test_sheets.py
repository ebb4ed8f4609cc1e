"""``ghfund.importers.sheets``: the one reader of users' spreadsheets (xlsx, xls, csv)."""

from __future__ import annotations

import ast
import datetime
import io
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

import ghfund.importers
from ghfund import voucher
from ghfund.importers import journal, payroll, sheets
from ghfund.importers.codes import Accounts


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


# --- the one reader of amounts, dates and counts ------------------------------------------
# Every spelling some importer accepted before it read through ``sheets``: the bank
# statement's own readers (``+``, inner spaces, ``¥`` anywhere, timestamps after the date,
# dates in full-width digits), the payroll's (``元``, ``人``), the journal's (brackets).

MARCH_1 = 45717  # the Excel serial of 2025-03-01


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("1,200.50", "1200.50"),
        ("1，200.50", "1200.50"),
        ("1 200.50", "1200.50"),
        ("１，２００．５０", "1200.50"),
        ("1200.5元", "1200.50"),
        ("1,200.50 元", "1200.50"),
        ("¥1,200.50", "1200.50"),
        ("￥1200.5", "1200.50"),
        ("¥-5", "-5.00"),
        ("+1200.50", "1200.50"),
        ("-1200.50", "-1200.50"),
        ("－1200.50", "-1200.50"),
        ("\u22121200.50", "-1200.50"),
        ("1200.50-", "-1200.50"),
        ("(1,200.50)", "-1200.50"),
        ("（1200.50）", "-1200.50"),
        ("1.2000", "1.20"),
        (".5", "0.50"),
        (1200.5, "1200.50"),
        (1200, "1200.00"),
        (-0.0, "0.00"),
        ("", "0.00"),
        (None, "0.00"),
        ("-", "0.00"),
        ("--", "0.00"),
    ],
)
def test_every_spelling_of_an_amount(cell: object, value: str) -> None:
    read = sheets.amount(cell)
    assert read == Decimal(value) and str(read) == value
    # the voucher page reads a typed field the same way (a blank field is no amount)
    typed = voucher.amount(cell)
    assert typed == (None if cell in ("", None) else read)


@pytest.mark.parametrize(
    ("cell", "said"),
    [
        ("一百", "“一百”不是金额"),
        ("١٠٠", "不是金额"),  # Arabic-Indic digits are no Chinese book's
        ("²", "不是金额"),
        ("1.234", "超过两位小数"),
        (1200.125, "超过两位小数"),
        (True, "“TRUE”不是金额"),
        (float("nan"), "不是金额"),
        ("1" * 16, "过大"),
        ("-100-", "不是金额"),
        (sheets.Uncomputed("C5"), "（单元格 C5）是公式"),
    ],
)
def test_what_is_not_an_amount(cell: object, said: str) -> None:
    with pytest.raises(sheets.CellProblem, match=re.escape(said)):
        sheets.amount(cell)
    if not isinstance(cell, sheets.Uncomputed | bool):
        with pytest.raises(ValueError, match=re.escape(said)):
            voucher.amount(cell)


@pytest.mark.parametrize(
    "cell",
    [
        "2025-03-01",
        "2025/3/1",
        "2025.03.01",
        "2025年3月1日",
        "2025 年 3 月 1 日",
        "20250301",
        "２０２５－０３－０１",
        "2025-03-01 10:22:11",
        "2025-03-01T10:22:11",
        "2025/3/1 上午 10:22",
        "2025-03-01（周六）",
        "20250301 10:22:11",
        "20250301102211",
        MARCH_1,
        float(MARCH_1),
        MARCH_1 + 0.43,  # a date-time serial
        str(MARCH_1),
        datetime.date(2025, 3, 1),
        datetime.datetime(2025, 3, 1, 10, 22, 11),
    ],
)
def test_every_spelling_of_a_date(cell: object) -> None:
    assert sheets.date(cell) == datetime.date(2025, 3, 1)


def test_a_year_written_last_is_read_only_in_the_order_a_layout_names() -> None:
    assert sheets.date("01/03/2025", "dmy") == datetime.date(2025, 3, 1)
    assert sheets.date("03/01/2025 10:00", "mdy") == datetime.date(2025, 3, 1)
    assert sheets.date("2025-03-01", "dmy") == datetime.date(2025, 3, 1)  # year first: y-m-d
    with pytest.raises(sheets.CellProblem, match="请写成 2023-03-05"):
        sheets.date("01/03/2025")
    with pytest.raises(sheets.CellProblem, match="请写成 05/03/2023"):
        sheets.date("31/02/2025", "dmy")


@pytest.mark.parametrize(
    ("cell", "said"),
    [
        ("2025-13-01", "“2025-13-01”不是日期"),
        ("2025-03-0112", "不是日期"),
        ("202503011", "不是日期"),
        ("²", "“²”不是日期"),  # once a ValueError from int(), a traceback in the journal
        ("三月一日", "不是日期"),
        ("9999-01-01", "年份不在 1900–2100 之间"),
        (datetime.datetime(2200, 1, 1), "“2200-01-01”的年份不在"),
        (sheets.Uncomputed("A2"), "（单元格 A2）是公式"),
    ],
)
def test_what_is_not_a_date(cell: object, said: str) -> None:
    with pytest.raises(sheets.CellProblem, match=re.escape(said)):
        sheets.date(cell)
    assert not sheets.is_date(cell)


def test_counts() -> None:
    assert [sheets.count(cell) for cell in ("3", 3.0, 3, "３张", "3 张", None, "")] == [
        3,
        3,
        3,
        3,
        3,
        None,
        None,
    ]
    assert sheets.count("121人", "人数", "人", 9_999_999) == 121
    for cell, said in (("-3", "是负数"), (-3, "是负数"), ("3.5", "不是张数"), ("1234567", "过大")):
        with pytest.raises(sheets.CellProblem, match=said):
            sheets.count(cell)
    with pytest.raises(sheets.CellProblem, match="“²”不是人数"):
        sheets.count("²", "人数", "人")


def test_no_importer_keeps_its_own_reader_of_amounts_dates_or_counts() -> None:
    """Amounts, dates and counts are read by ``sheets`` alone: no importer defines its own
    ``_amount``/``_date``/``_count`` or a pattern for them."""
    folder = Path(ghfund.importers.__file__).parent
    for path in folder.glob("*.py"):
        if path.name == "sheets.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
        assigned = {
            target.id
            for node in tree.body
            if isinstance(node, ast.Assign)
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        assert not functions & {"_amount", "_date", "_count"}, path.name
        assert not assigned & {"_AMOUNT", "_DATE", "_DAY", "_COUNT", "CENT"}, path.name


def test_a_journal_date_in_superscript_digits_is_a_row_problem() -> None:
    """``"²".isdigit()`` is true: the serial-number check once called ``int("²")`` and the
    journal import stopped on a bare ValueError instead of naming the row."""
    text = "日期,凭证号,摘要,科目编码,科目名称,借方,贷方\n²,记-1,买书,50101,x,10,\n²,记-1,买书,10201,银行,,10\n"
    with pytest.raises(journal.JournalProblem, match="第 2 行：日期“²”不是日期"):
        journal.read("序时账.csv", text.encode(), Accounts([]))
