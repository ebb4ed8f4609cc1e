"""月度报表: ``ghfund report --month`` on hand-built books, every figure against arithmetic done
here; December against the annual report; golden files of the example book's March 2025."""

from __future__ import annotations

import datetime
import io
import json
import textwrap
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from ghfund.cli import cli
from ghfund.ledger import Loaded, load_string
from ghfund.reports import annual, monthly, signatures
from ghfund.reports.model import NoData, Report, Table
from ghfund.reports.render import FORMATS
from tests.conftest import Golden

D = Decimal

BOOK = """
option "operating_currency" "CNY"
2024-01-01 custom "ghfund-option" "union-name" "测试工会"
2024-01-01 custom "ghfund-option" "legal-representative" "张三"
2024-01-01 custom "ghfund-option" "preparer" "王五"
2024-05-01 custom "ghfund-option" "preparer" "赵六"
2023-12-31 open Assets:101-库存现金
2023-12-31 open Assets:102-银行存款
2023-12-31 open Liabilities:211-应付上级经费
2023-12-31 open Equity:321-工会资金结转
2023-12-31 open Equity:322-工会资金结余
2023-12-31 open Income:401-会费收入
2023-12-31 open Income:402-拨缴经费收入
2023-12-31 open Income:403-上级补助收入:40302-专项转移支付补助
2023-12-31 open Expenses:501-职工活动支出:50105-会员活动支出
2023-12-31 open Expenses:503-职工服务支出:50304-职工书屋支出
2023-12-31 * "期初余额"
  voucher: "期初"
  Assets:101-库存现金            800.00 CNY
  Assets:102-银行存款         100000.00 CNY
  Liabilities:211-应付上级经费  -4000.00 CNY
  Equity:321-工会资金结转      -1500.00 CNY
  Equity:322-工会资金结余     -95300.00 CNY
2024-01-05 * "上解2023年12月拨缴经费"
  voucher: "记-2024-0001"
  Liabilities:211-应付上级经费   4000.00 CNY
  Assets:102-银行存款
2024-01-20 * "会费"
  voucher: "记-2024-0002"
  Assets:101-库存现金            300.00 CNY
  Income:401-会费收入
2024-03-10 * "拨缴经费"
  voucher: "记-2024-0003"
  Assets:102-银行存款          10000.00 CNY
  Income:402-拨缴经费收入      -6000.00 CNY
  Liabilities:211-应付上级经费  -4000.00 CNY
2024-03-20 * "专项补助：职工书屋"
  voucher: "记-2024-0004"
  Assets:102-银行存款           8000.00 CNY
  Income:403-上级补助收入:40302-专项转移支付补助
    fund: "书屋"
2024-03-25 * "书屋图书"
  voucher: "记-2024-0005"
  Expenses:503-职工服务支出:50304-职工书屋支出  5000.00 CNY
    fund: "书屋"
  Assets:102-银行存款
2024-04-05 * "上解2024年2月拨缴经费"
  voucher: "记-2024-0006"
  Liabilities:211-应付上级经费   4000.00 CNY
  Assets:102-银行存款
2024-12-20 * "节日慰问"
  voucher: "记-2024-0007"
  Expenses:501-职工活动支出:50105-会员活动支出  2000.00 CNY
  Assets:102-银行存款
"""


def loaded_of(text: str = BOOK) -> Loaded:
    return load_string(textwrap.dedent(text))


def lines(table: Table, *keys: str) -> dict[str, tuple[object, ...]]:
    return {str(record["item"]): tuple(record[key] for key in keys) for record in table.records()}


def statements(report: Report) -> tuple[dict[str, tuple[object, ...]], ...]:
    return (
        lines(report.table("balance_sheet"), "start", "end"),
        lines(report.table("income_expenditure"), "month", "ytd"),
    )


def test_the_first_month_of_the_book() -> None:
    report = monthly.report(loaded_of(), 2024, 1)
    sheet, flows = statements(report)
    assert report.title == "2024年1月工会会计报表" and report.problems == ()
    assert report.table("balance_sheet").period == "2024年1月31日"
    # 年初余额 are the opening balances; 期末 after the remittance and the dues
    assert sheet["货币资金"] == (D("100800.00"), D("100800.00") - 4000 + 300)
    assert sheet["应付上级经费"] == (D("4000.00"), D("0.00"))
    assert sheet["工会资金结余"] == (D("95300.00"), D("95600.00"))
    # the first month: 本月数 = 本年累计数
    assert flows["三、收入合计"] == (D("300.00"), D("300.00"))
    # the monthly form leaves 年初/年末资金结转结余 blank (编制说明: annual only)
    for line in ("一、年初资金结转结余", "（二）年初资金结余", "六、年末资金结转结余"):
        assert flows[line] == (None, None)
    assert flows["（二）年末资金结余"] == (None, None)
    assert report.table("income_expenditure").period == "2024年1月"


def test_a_month_with_no_activity() -> None:
    """February: nothing booked. 本月数 all zero, the month opens and closes at January's end."""
    report = monthly.report(loaded_of(), 2024, 2)
    sheet, flows = statements(report)
    assert sheet["货币资金"] == (D("100800.00"), D("97100.00"))
    assert flows["三、收入合计"] == (D("0"), D("300.00"))
    assert flows["四、支出合计"][0] == 0 and flows["五、本期收支差额"][0] == 0
    assert report.problems == ()


def test_a_month_with_earmarked_money_and_the_identities() -> None:
    report = monthly.report(loaded_of(), 2024, 3)
    sheet, flows = statements(report)
    assert flows["三、收入合计"] == (D("14000.00"), D("14300.00"))
    assert flows["（二）拨缴经费收入"] == (D("6000.00"), D("6000.00"))
    assert flows["（三）上级补助收入"] == (D("8000.00"), D("8000.00"))
    assert flows["（三）职工服务支出"] == (D("5000.00"), D("5000.00"))
    # earmarked: 1,500.00 carried + 8,000.00 − 5,000.00 → 4,500.00 in 工会资金结转
    assert sheet["工会资金结转"] == (D("1500.00"), D("4500.00"))
    assert sheet["应付上级经费"] == (D("4000.00"), D("4000.00"))
    assert sheet["资产总计"][1] == sheet["负债与净资产总计"][1] == D("110100.00")
    checks = report.table("income_expenditure").notes
    assert checks[0].startswith("核对：") and "本月数、本年累计数" in checks[0]
    assert report.table("balance_sheet").notes[0].startswith("核对：")


def test_december_agrees_with_the_annual_report() -> None:
    loaded = loaded_of()
    month = monthly.report(loaded, 2024, 12)
    year = annual.report(loaded, 2024)
    assert lines(month.table("balance_sheet"), "start", "end") == lines(
        year.table("balance_sheet"), "start", "end"
    )
    annual_lines = lines(year.table("income_expenditure"), "current")
    shown = {item: ytd for item, (_, ytd) in statements(month)[1].items() if ytd is not None}
    assert shown == {item: annual_lines[item][0] for item in shown}
    assert len(shown) == len(annual_lines) - 6  # 年初, 年末资金结转结余: annual only
    assert statements(month)[1]["四、支出合计"][0] == D("2000.00")  # December alone


def test_december_of_the_example_book_agrees_with_its_annual_report(example: Loaded) -> None:
    month, year = monthly.report(example, 2025, 12), annual.report(example, 2025)
    assert lines(month.table("balance_sheet"), "end") == lines(year.table("balance_sheet"), "end")
    ytd = lines(month.table("income_expenditure"), "ytd")
    current = lines(year.table("income_expenditure"), "current")
    assert {k: v for k, v in ytd.items() if v != (None,)} == {
        k: v for k, v in current.items() if ytd[k] != (None,)
    }


def test_months_outside_the_book_are_no_data() -> None:
    loaded = loaded_of()
    assert monthly.months(loaded.book)[0] == (2024, 1)
    assert monthly.months(loaded.book)[-1] == (2024, 12)
    with pytest.raises(NoData, match="2024年1月—2024年12月"):
        monthly.report(loaded, 2023, 12)  # the opening balances' day is not a month of the book
    with pytest.raises(NoData):
        monthly.report(loaded, 2025, 1)


def test_signatures_in_force_at_the_month_end() -> None:
    loaded = loaded_of()
    signed = monthly.report(loaded, 2024, 3).signatures
    assert signed is not None and signed.names() == (
        ("单位负责人（法定代表人）", "张三"),
        ("主管会计工作的负责人", ""),
        ("会计机构负责人（会计主管人员）", ""),
        ("制表", "王五"),
    )
    later = monthly.report(loaded, 2024, 5).signatures
    assert later is not None and later.names()[3] == ("制表", "赵六")
    text = io.BytesIO()
    FORMATS["text"](monthly.report(loaded, 2024, 3, issued=datetime.date(2024, 4, 8)), text)
    printed = text.getvalue().decode()
    block = (
        "单位负责人（法定代表人）：张三（签名并盖章）    主管会计工作的负责人：________（签名并盖章）"
        "    会计机构负责人（会计主管人员）：________（签名并盖章）    制表：王五（签名）"
    )
    assert printed.count(block) == 2  # under each statement
    assert printed.count("报出日期：2024年4月8日") == 2 and "单位公章：" in printed


def test_signers_default_to_the_officers_in_office_and_options_win() -> None:
    """主席 signs as 单位负责人 and 财务负责人 as 会计机构负责人 where no option names them;
    an option in force wins; an audit pack is signed by the audit committee instead."""
    officers = (
        '2024-01-01 custom "ghfund-officer" "钱七" "财务负责人"\n'
        '2024-01-01 custom "ghfund-officer" "孙八" "经审会主任"\n'
        '2024-04-01 custom "ghfund-option" "accounting-chief" "周九"\n'
    )
    loaded = loaded_of(BOOK + officers)
    march = monthly.report(loaded, 2024, 3).signatures
    april = monthly.report(loaded, 2024, 4).signatures
    assert march is not None and april is not None
    assert march.names()[2] == ("会计机构负责人（会计主管人员）", "钱七")
    assert april.names()[2] == ("会计机构负责人（会计主管人员）", "周九")
    audit = signatures.of_book(loaded.book, datetime.date(2024, 3, 31), audit=True)
    assert audit.names() == (("经审会主任", "孙八"), ("审计人员", ""))
    assert audit.seal == "经审会印章"


def test_an_empty_signer_is_a_setting_error() -> None:
    loaded = loaded_of(BOOK + '2024-06-01 custom "ghfund-option" "accounting-head" ""\n')
    (error,) = loaded.book.settings.errors
    assert error.rule == "setting-invalid" and "主管会计工作的负责人" in error.message


def write(tmp_path: Path, text: str = BOOK) -> str:
    path = tmp_path / "main.beancount"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return str(path)


def test_cli_month_json_rows(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["report", write(tmp_path), "--month", "2024-03", "--format", "json"]
    )
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["report"] == "monthly"
    sheet = document["tables"]["balance_sheet"]["rows"]
    assert sheet[0] == {"item": "货币资金", "start": "100800.00", "end": "110100.00"}
    flows = document["tables"]["income_expenditure"]["rows"]
    assert flows[4] == {"item": "三、收入合计", "month": "14000.00", "ytd": "14300.00"}
    assert document["signatures"]["signers"][0] == {
        "title": "单位负责人（法定代表人）",
        "name": "张三",
        "seal": True,
    }
    assert document["signatures"]["issued"] is None  # a month's 报出日期 is left to fill in
    dated = CliRunner().invoke(
        cli,
        [
            "report",
            write(tmp_path),
            "--month",
            "2024-03",
            "--format",
            "json",
            "--date",
            "2024-04-08",
        ],
    )
    assert json.loads(dated.stdout)["signatures"]["issued"] == "2024-04-08"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--month", "2024-13"], "--month 应为 YYYY-MM"),
        (["--month", "2024/03"], "--month 应为 YYYY-MM"),
        (["--month", "2024-03", "--year", "2024"], "二者只用其一"),
        ([], "二者只用其一"),
        (["--month", "2022-05"], "没有 2022年5月"),
    ],
)
def test_cli_month_usage_errors_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, ["report", write(tmp_path), *args])
    assert result.exit_code == 2 and message in result.stderr


def test_cli_month_with_an_open_finding_exits_1(tmp_path: Path) -> None:
    text = BOOK + '2024-02-01 * "利息"\n  Assets:102-银行存款  1.00 CNY\n  Income:401-会费收入\n'
    path = write(tmp_path, text)
    january = CliRunner().invoke(cli, ["report", path, "--month", "2024-01"])
    assert january.exit_code == 0  # the finding is dated after January
    march = CliRunner().invoke(cli, ["report", path, "--month", "2024-03"])
    assert march.exit_code == 1 and "2024年1月至3月有 1 项未处理的发现" in march.stderr


# ---------------------------------------------------------------- golden files

SUFFIX = {"text": "txt", "json": "json", "html": "html", "xlsx": "xlsx.json"}


def xlsx_cells(data: bytes) -> str:
    """Every sheet's cell values, one JSON row per line (as tests/test_annual.py compares)."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheets = [
        f"{json.dumps(sheet.title, ensure_ascii=False)}: [\n"
        + ",\n".join(
            "  " + json.dumps([cell.value for cell in row], ensure_ascii=False)
            for row in sheet.iter_rows()
        )
        + "\n ]"
        for sheet in book.worksheets
    ]
    return "{\n " + ",\n ".join(sheets) + "\n}\n"


@pytest.mark.parametrize("fmt", list(SUFFIX))
def test_golden(example: Loaded, fmt: str, golden: Golden) -> None:
    out = io.BytesIO()
    FORMATS[fmt](monthly.report(example, 2025, 3), out)
    data = out.getvalue()
    golden(f"monthly/2025-03.{SUFFIX[fmt]}", xlsx_cells(data) if fmt == "xlsx" else data.decode())
