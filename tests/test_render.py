"""Each renderer on one small hand-made report: formats agree on every number."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import openpyxl
import pandas as pd

from ghfund import cjk
from ghfund.reports.model import LEVEL, Column, Report, Table
from ghfund.reports.render import FORMATS

ROWS = pd.DataFrame(
    {
        "item": ["货币资金", "库存现金", "资产总计"],
        "start": [Decimal("1234.5"), Decimal("0"), Decimal("-1234567.891")],
        "rate": [Decimal("97.845"), None, Decimal("100")],
        LEVEL: [1, 2, 0],
    }
)
TABLE = Table(
    "balance_sheet",
    "资产负债表",
    (Column("item", "项目", "text"), Column("start", "年初余额"), Column("rate", "执行率", "rate")),
    ROWS,
    form="工会01表",
    notes=("资产总计 = 负债与净资产总计：相符",),
)
REPORT = Report("annual", "2025年度决算", "测试工会", "2025年度", (TABLE,))


def rendered(fmt: str) -> bytes:
    out = io.BytesIO()
    FORMATS[fmt](REPORT, out)
    return out.getvalue()


def test_text_aligns_amounts_and_indents_sub_items() -> None:
    lines = rendered("text").decode("utf-8").splitlines()
    assert lines[2] == "资产负债表    工会01表"
    assert lines[3] == "编制单位：测试工会    2025年度    单位：元"
    body = lines[7:10]
    assert [line.split()[-2:] for line in body] == [
        ["1,234.50", "97.85%"],
        ["库存现金", "0.00"],
        ["-1,234,567.89", "100.00%"],
    ]
    amounts = ["1,234.50", "0.00", "-1,234,567.89"]
    ends = {
        cjk.width(line[: line.index(a) + len(a)]) for line, a in zip(body, amounts, strict=True)
    }
    assert len(ends) == 1  # right-aligned in display columns


def test_json_gives_money_as_strings_and_rates_as_numbers() -> None:
    document = json.loads(rendered("json"))
    rows = document["tables"]["balance_sheet"]["rows"]
    assert rows[0] == {"item": "货币资金", "start": "1234.50", "rate": 97.85}
    assert rows[1]["rate"] is None
    assert rows[2]["start"] == "-1234567.89"


def test_csv_has_a_bom_and_plain_decimals() -> None:
    data = rendered("csv")
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[2] == "项目,年初余额,执行率"
    assert lines[3] == "货币资金,1234.50,97.85%"


def test_xlsx_has_numbers_with_two_decimals_and_the_form_header() -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(rendered("xlsx")))["资产负债表"]
    assert sheet["A1"].value == "资产负债表"
    assert sheet["C2"].value == "工会01表"
    assert sheet["A3"].value == "编制单位：测试工会"
    assert sheet["C3"].value == "单位：元"
    assert sheet["B5"].value == 1234.5 and sheet["B5"].number_format == "#,##0.00"
    assert sheet["B7"].value == -1234567.89
    assert sheet["C5"].value == 0.9785 and sheet["C5"].number_format == "0.00%"  # 97.85%
    assert sheet["A7"].font.bold


def test_xlsx_dates_are_dates_and_notes_have_a_sheet_of_their_own() -> None:
    """A pandas or Excel user reads a table's sheet as it is: nothing under its rows."""
    import datetime

    table = Table(
        "items",
        "大额支出",
        (Column("date", "日期", "date"), Column("amount", "金额")),
        pd.DataFrame([{"date": datetime.date(2025, 6, 26), "amount": Decimal("22360.00")}]).astype(
            object
        ),
        notes=("大额支出标准：20,000.00 元。",),
    )
    report = Report("large", "大额支出", "测试工会", "2025年度", (table,), notes=("编制说明。",))
    out = io.BytesIO()
    FORMATS["xlsx"](report, out)
    workbook = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    sheet = workbook["大额支出"]
    assert sheet["A5"].value == datetime.datetime(2025, 6, 26)
    assert sheet["A5"].number_format == "yyyy-mm-dd"
    assert sheet.max_row == 5  # the header rows and the one row: no note beneath
    frame = pd.read_excel(
        io.BytesIO(out.getvalue()), sheet_name="大额支出", header=3, engine="openpyxl"
    )
    assert list(frame.columns) == ["日期", "金额"] and len(frame) == 1
    notes = [[c.value for c in row] for row in workbook["说明"].iter_rows()]
    assert notes == [
        ["表", "说明"],
        ["大额支出", "大额支出标准：20,000.00 元。"],
        [None, "编制说明。"],
    ]


def test_html_is_a_printable_page_per_table() -> None:
    page = rendered("html").decode("utf-8")
    assert "@page { size: A4" in page
    assert '<span class="l">编制单位：测试工会</span>' in page
    assert '<tr class="form"><th colspan="3">工会01表</th></tr>' in page  # repeated on every page
    assert '<td class="n l0">-1,234,567.89</td>' in page


def test_the_official_layout_sets_two_sides_side_by_side_totals_on_the_last_row() -> None:
    from ghfund.reports.model import HEADING, LINE, SIDE
    from ghfund.reports.render import form

    frame = pd.DataFrame(
        {
            "item": ["现金", "存款", "资产总计", "结余", "负债与净资产总计"],
            "end": [Decimal(1), Decimal(2), Decimal(3), Decimal(3), Decimal(3)],
            LEVEL: [1, 1, 0, 1, 0],
            LINE: [1, 2, 3, 4, 5],
            SIDE: [0, 0, 0, 1, 1],
            HEADING: ["流动资产：", "", "", "净资产：", ""],
        }
    )
    table = Table(
        "balance_sheet",
        "资产负债表",
        (Column("item", "项目", "text"), Column("end", "期末余额")),
        frame,
        form="工会01表",
        sides=("资产", "负债和净资产"),
    )
    titles = [c.title for c in form.header(table)]
    assert titles == ["资产", "行次", "期末余额", "负债和净资产", "行次", "期末余额"]
    grid = [[cell.value for cell in row] for row in form.body(table)]
    assert grid == [
        ["流动资产：", None, None, "净资产：", None, None],
        ["现金", 1, Decimal(1), "结余", 4, Decimal(3)],
        ["存款", 2, Decimal(2), None, None, None],  # the shorter side waits for its total
        ["资产总计", 3, Decimal(3), "负债与净资产总计", 5, Decimal(3)],
    ]
    # JSON keeps one row per line, without the presentation columns
    document = json.loads(_render(Report("m", "t", "u", "p", (table,)), "json"))
    assert document["tables"]["balance_sheet"]["rows"][0] == {"item": "现金", "end": "1.00"}


def _render(report: Report, fmt: str) -> bytes:
    out = io.BytesIO()
    FORMATS[fmt](report, out)
    return out.getvalue()
