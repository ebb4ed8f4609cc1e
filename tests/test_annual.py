"""The annual accounts of the example book: golden files for every format, both years."""

from __future__ import annotations

import datetime
import io
import json

import openpyxl
import pytest

from ghfund.ledger import Loaded
from ghfund.reports import annual, base
from ghfund.reports.render import FORMATS
from tests.support import SUFFIX, Golden


def rendered(loaded: Loaded, year: int, fmt: str) -> bytes:
    out = io.BytesIO()
    FORMATS[fmt](annual.report(loaded, year), out)
    return out.getvalue()


@pytest.mark.parametrize("fmt", list(SUFFIX))
@pytest.mark.parametrize("year", [2024, 2025])
def test_golden(example: Loaded, year: int, fmt: str, golden: Golden) -> None:
    golden.report(f"annual/{year}", annual.report(example, year), fmt)


def test_report_shape(example: Loaded) -> None:
    report = annual.report(example, 2025)
    assert report.title == "2025年度工会经费收支决算"
    assert report.union == "江淮精密机械有限公司工会委员会"
    assert [table.name for table in report.tables] == [
        "balance_sheet",
        "income_expenditure",
        "budget_execution",
        "notes_compliance",
        "notes_position",
        "notes_budget",
        "funding_summary",
        "funding_months",
        "notes_policies",
        "notes_money",
        "notes_income",
        "notes_spending",
        "notes_payables",
        "notes_fixed_assets",
        "notes_asset_categories",
        "notes_funds",
        "notes_disposals",
        "notes_nominal",
        "notes_adjustments",
        "notes_others",
    ]
    # 第六十四条: three signers, each signing and sealing; names from the officers in office
    # on 31 December (李四 主席 from July, 王五 财务负责人; 赵六 set as an option); no 制表
    # when no preparer is set
    assert report.signatures is not None
    assert report.signatures.people == (
        ("单位负责人（法定代表人）", "李四", True),
        ("主管会计工作的负责人", "赵六", True),
        ("会计机构负责人（会计主管人员）", "王五", True),
    )
    assert report.signatures.seal == "单位公章" and report.signatures.issued is None
    assert report.problems == ()


def test_json_rows_carry_the_official_line_and_decimal_strings(example: Loaded) -> None:
    document = json.loads(rendered(example, 2025, "json"))
    sheet = document["tables"]["balance_sheet"]["rows"]
    assert sheet[0] == {"item": "货币资金", "start": "348022.35", "end": "325462.05"}
    flows = document["tables"]["income_expenditure"]["rows"]
    assert flows[-2] == {"item": "（一）年末资金结转", "current": "0.00", "previous": "20000.00"}
    assert flows[-1] == {
        "item": "（二）年末资金结余",
        "current": "315032.43",
        "previous": "317870.91",
    }


def test_xlsx_money_is_numbers_with_two_decimals(example: Loaded) -> None:
    book = openpyxl.load_workbook(io.BytesIO(rendered(example, 2025, "xlsx")))
    sheet = book["资产负债表"]
    assert sheet["A3"].value == "编制单位：江淮精密机械有限公司工会委员会"
    assert sheet["C3"].value == "2025年12月31日" and sheet["F3"].value == "单位：元"
    # the form's own header and heading rows, no 行次
    assert [cell.value for cell in sheet[4]] == ["资产", "年初余额", "年末余额"] * 1 + [
        "负债与净资产",
        "年初余额",
        "年末余额",
    ]
    assert sheet["A5"].value == "一、资产" and sheet["D5"].value == "二、负债"  # heading rows
    assert sheet["A6"].value == "货币资金" and sheet["A7"].value == "零余额账户用款额度*"
    assert sheet["C6"].value == 325462.05 and sheet["C6"].number_format == "#,##0.00"
    assert sheet["A24"].value == "资产总计" and sheet["D24"].value == "负债与净资产总计"


def test_csv_has_a_bom(example: Loaded) -> None:
    assert rendered(example, 2025, "csv").startswith(b"\xef\xbb\xbf")


def test_union_name_falls_back_to_the_title() -> None:
    from ghfund.ledger import load_string

    titled = load_string('option "title" "某某公司工会经费账"\n')
    assert base.union_name_at(titled.book, datetime.date(2025, 12, 31)) == "某某公司工会经费账"
    assert (
        base.union_name_at(load_string("").book, datetime.date(2025, 12, 31))
        == "（未设置工会名称）"
    )
