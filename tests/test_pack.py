"""``ghfund report --year Y --pack``: the 决算 pack holds every part, with the book's figures."""

from __future__ import annotations

import io
import shutil
import subprocess
import textwrap
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from ghfund.cli import cli
from ghfund.ledger import Loaded, load_string
from ghfund.reports import annual, pack
from ghfund.reports.render import FORMATS

D = Decimal
PARTS = (
    "封面",
    "目录",
    "决算说明书",
    "基本数字表",
    "工会01表",
    "工会02表",
    "预算执行情况表",
    "附注一",
)


def test_the_pack_is_the_annual_accounts_behind_its_own_four_parts(example: Loaded) -> None:
    made = pack.report(example, 2025)
    accounts = annual.report(example, 2025)
    names = [t.name for t in made.tables]
    assert names[:4] == ["cover", "contents", "pack_statement", "basic_figures"]
    assert names[4:] == [t.name for t in accounts.tables]  # the same builders, not copies
    assert made.signatures == accounts.signatures and made.problems == accounts.problems
    cover = dict(made.table("cover").records()[i].values() for i in range(6))  # type: ignore[misc]
    assert cover["编制单位（盖章）"] == "江淮精密机械有限公司工会委员会"
    contents = [r["part"] for r in made.table("contents").records()]
    assert contents == [
        "决算说明书",
        "基本数字表",
        "工会01表 资产负债表",
        "工会02表 收入支出表",
        "预算执行情况表",
        "附注",
    ]


def test_the_statement_and_basic_figures_carry_the_books_numbers(example: Loaded) -> None:
    made = pack.report(example, 2025)
    text = "\n".join(made.table("pack_statement").notes)
    # 工会02表 of 2025: income 245,621.52, spending 268,460.00; 322 at the year's end
    assert "本年收入合计 245,621.52 元，支出合计 268,460.00 元" in text
    assert "完成预算的 101.08%" in text  # 245,621.52 / 243,000.00
    assert "年末工会资金结转 0.00 元、工会资金结余 315,032.43 元" in text
    assert "职工活动支出占支出合计 74.43%" in text  # 199,810.00 / 268,460.00
    assert "业务支出 实际 24,790.00 元，预算 28,000.00 元，执行 88.54%；原因：____" in text
    figures = {r["item"]: r for r in made.table("basic_figures").records()}
    assert figures["会员人数"]["count"] == 120
    assert (figures["职工人数"]["count"], figures["职工人数"]["remark"]) == (126, "年末")
    assert figures["应拨缴经费"]["amount"] == figures["实拨缴经费"]["amount"] == D("284222.96")
    assert figures["应上解经费"]["amount"] == D("113689.17")


def test_a_reason_the_committee_recorded_is_quoted(loaded: Loaded) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 custom "ghfund-option" "union-name" "某某工会"
    2023-12-31 open Assets:102-银行存款
    2023-12-31 open Income:402-拨缴经费收入
    2023-12-31 open Expenses:501-职工活动支出:50102-文体活动支出
    2024-01-10 custom "budget" Income:402-拨缴经费收入 "yearly" 1000.00 CNY
      approved: "工会委员会2024年第1次会议"
    2024-01-10 custom "budget" Expenses:501-职工活动支出:50102-文体活动支出 "yearly" 1000.00 CNY
      approved: "工会委员会2024年第1次会议"
      reason: "运动会因天气取消"
    2024-03-01 * "拨缴经费"
      voucher: "记-2024-0001"
      Assets:102-银行存款  1000.00 CNY
      Income:402-拨缴经费收入
    2024-05-01 * "篮球赛"
      voucher: "记-2024-0002"
      Expenses:501-职工活动支出:50102-文体活动支出  300.00 CNY
      Assets:102-银行存款
    """
    text = "\n".join(pack.report(loaded, 2024).table("pack_statement").notes)
    assert (
        "文体活动支出 实际 300.00 元，预算 1,000.00 元，执行 30.00%；原因：运动会因天气取消" in text
    )


def test_open_findings_are_named_in_the_problems_part() -> None:
    loaded = load_string(
        textwrap.dedent(
            """
            option "operating_currency" "CNY"
            2023-12-31 open Assets:102-银行存款
            2023-12-31 open Income:402-拨缴经费收入
            2023-12-31 open Expenses:510-其他支出
            2024-01-10 custom "budget" Income:402-拨缴经费收入 "yearly" 1000.00 CNY
            2024-01-10 custom "budget" Expenses:510-其他支出 "yearly" 1000.00 CNY
              approved: "工会委员会2024年第1次会议"
            2024-03-01 * "拨缴经费"
              voucher: "记-2024-0001"
              Assets:102-银行存款  1000.00 CNY
              Income:402-拨缴经费收入
            """
        )
    )
    made = pack.report(loaded, 2024)
    text = "\n".join(made.table("pack_statement").notes)
    assert "未处理的问题 1 项（budget-unapproved 1 项）" in text
    assert made.problems  # the exit status says so too


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")
def test_the_pdf_text_holds_every_part(tmp_path: Path) -> None:
    out = tmp_path / "决算.pdf"
    result = CliRunner().invoke(cli, ["report", "--year", "2025", "--pack", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    for part in (*PARTS[1:], "编制单位（盖章）", "报送日期", "填表人", "主管会计工作", "附注八"):
        assert part in text, part
    assert "本年收入合计 245,621.52 元" in text


def test_the_xlsx_has_one_sheet_per_part(example: Loaded) -> None:
    buffer = io.BytesIO()
    FORMATS["xlsx"](pack.report(example, 2025), buffer)
    sheets = openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).sheetnames
    assert sheets[:5] == [
        "2025年度工会经费收支决算",
        "目录",
        "决算说明书",
        "基本数字表",
        "资产负债表",
    ]


def test_pack_needs_a_year() -> None:
    result = CliRunner().invoke(cli, ["report", "--month", "2025-03", "--pack"])
    assert result.exit_code == 2 and "--year" in result.stderr
