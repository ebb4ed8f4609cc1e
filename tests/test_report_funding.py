"""The allocation and remittance tables, and ``ghfund funding``, on hand-made books and the example."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from ghfund.book import Book
from ghfund.cli import cli
from ghfund.ledger import Loaded, default_ledger, load_file
from ghfund.reports import funding_report as report
from ghfund.reports.render import FORMATS
from tests.support import Golden

D = Decimal


def test_month_table_and_summary(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2023-12-31 open Assets:102-银行存款
    2023-12-31 open Liabilities:211-应付上级经费
    2023-12-31 open Income:402-拨缴经费收入
    2023-12-31 open Equity:322-工会资金结余
    2023-12-31 * "期初余额"
      voucher: "记-2023-0001"
      Assets:102-银行存款              3000.00 CNY
      Liabilities:211-应付上级经费    -3000.00 CNY
    2024-02-10 custom "ghfund-payroll" 2024-01-31 1000000.00 CNY
    2024-03-10 custom "ghfund-payroll" 2024-02-29 1100000.00 CNY
    2024-01-05 * "某某市总工会" "上解2023年11月经费"
      voucher: "记-2024-0001"
      Liabilities:211-应付上级经费     3000.00 CNY
      Assets:102-银行存款
    2024-02-15 * "单位" "1月工会经费"
      voucher: "记-2024-0002"
      payroll: 2024-01-31
      Assets:102-银行存款             15000.00 CNY
      Income:402-拨缴经费收入         -9000.00 CNY
      Liabilities:211-应付上级经费    -6000.00 CNY
    2024-03-01 * "某某市总工会" "上解1月经费"
      voucher: "记-2024-0003"
      Liabilities:211-应付上级经费     4000.00 CNY
      Assets:102-银行存款
    2024-03-15 * "单位" "2月工会经费"
      voucher: "记-2024-0004"
      payroll: 2024-02-29
      Assets:102-银行存款             22000.00 CNY
      Income:402-拨缴经费收入        -13200.00 CNY
      Liabilities:211-应付上级经费    -8800.00 CNY
    2024-04-15 * "单位" "3月工会经费（无工资数据）"
      voucher: "记-2024-0005"
      payroll: 2024-03-31
      Assets:102-银行存款              1000.00 CNY
      Income:402-拨缴经费收入          -600.00 CNY
      Liabilities:211-应付上级经费     -400.00 CNY
    2024-06-30 * "某某市总工会" "上解"
      voucher: "记-2024-0006"
      Liabilities:211-应付上级经费     2000.00 CNY
      Assets:102-银行存款
    """
    # 211 first in, first out: the 3,000 opening balance by 01-05; January's 6,000 by
    # 4,000 on 03-01 and 2,000 on 06-30 (late); February's 8,800 and March's 400 stay open.
    table = report.build(book, 2024)
    rows = table.records()
    assert [r["month"] for r in rows] == ["2024-01", "2024-02", "2024-03", "合计"]
    jan, feb, mar, total = rows
    assert (jan["payroll"], jan["due"], jan["received"], jan["difference"]) == (
        D("1000000.00"),
        D("20000.00"),
        D("15000.00"),
        D("-5000.00"),
    )
    assert (jan["upward"], jan["remitted"], jan["outstanding"]) == (
        D("6000.00"),
        D("6000.00"),
        D("0.00"),
    )
    assert jan["status"] == "欠拨；逾期上解"
    assert (feb["due"], feb["received"], feb["outstanding"], feb["status"]) == (
        D("22000.00"),
        D("22000.00"),
        D("8800.00"),
        "逾期上解",
    )
    assert (mar["payroll"], mar["due"], mar["received"], mar["status"]) == (
        None,
        None,
        D("1000.00"),
        "无工资数据；逾期上解",
    )
    assert (total["due"], total["received"], total["upward"], total["outstanding"]) == (
        D("42000.00"),
        D("38000.00"),
        D("15200.00"),
        D("9200.00"),
    )
    assert table.levels() == [1, 1, 1, 0]
    assert "2024 年末应付上级经费（211）余额 9,200.00 元。" in table.notes
    assert any("2024-04、2024-05、2024-06" in note for note in table.notes)

    items = {r["item"]: r["amount"] for r in report.summary(book, 2024).records()}
    assert items == {
        "应拨缴经费": D("42000.00"),
        "实收拨缴经费": D("37000.00"),  # March has no payroll data to compare with
        "欠拨经费": D("5000.00"),
        "应上解经费": D("15200.00"),
        "已上解经费": D("6000.00"),
        "未上解经费": D("9200.00"),
    }


def test_a_year_without_funding_data(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 open Assets:102-银行存款
    """
    table = report.build(book, 2024)
    assert [r["month"] for r in table.records()] == ["合计"]
    assert table.notes == (
        "2024 年没有工资数据（ghfund-payroll），也没有注明 payroll 的拨缴经费收款。",
    )


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_example_book_golden(fmt: str, example: Loaded, golden: Golden) -> None:
    golden.report("funding/example-2025", report.report(example, 2025), fmt)


def test_example_book_summary_matches_its_months() -> None:
    document = json.loads(_render(load_file(default_ledger()), 2024, "json"))
    months = document["tables"]["funding_months"]["rows"]
    summary = {r["item"]: r["amount"] for r in document["tables"]["funding_summary"]["rows"]}
    assert len(months) == 13 and months[-1]["month"] == "合计"
    # The twelve 2024 months of the example, 2% of each month's payroll, half up.
    assert summary["应拨缴经费"] == months[-1]["due"] == "307044.89"
    assert summary["欠拨经费"] == "0.00" and summary["未上解经费"] == "0.00"


def _render(loaded: Loaded, year: int, fmt: str) -> str:
    out = io.BytesIO()
    FORMATS[fmt](report.report(loaded, year), out)
    return out.getvalue().decode("utf-8")


def test_cli_funding_writes_each_format(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["funding", "--year", "2025", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert "工资月份,工资总额,应拨缴" in result.stdout
    target = tmp_path / "funding_report.xlsx"
    result = runner.invoke(cli, ["funding", "--year", "2025", "-o", str(target)])
    assert result.exit_code == 0 and target.read_bytes().startswith(b"PK")
    again = runner.invoke(cli, ["funding", "--year", "2025", "-o", str(target)])
    assert again.exit_code == 2 and "已存在" in again.stderr


def test_cli_funding_needs_a_year() -> None:
    result = CliRunner().invoke(cli, ["funding"])
    assert result.exit_code == 2 and "--year" in result.stderr
