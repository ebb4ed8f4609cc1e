"""``ghfund report`` through click's CliRunner: formats, files, years and exit statuses."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from ghfund.cli import cli

BOOK = """
option "operating_currency" "CNY"
plugin "ghfund.plugins.all"
2023-01-01 custom "ghfund-option" "union-name" "测试工会"
2023-12-31 open Assets:102-银行存款
2023-12-31 open Equity:322-工会资金结余
2023-12-31 open Income:408-其他收入
2023-12-31 * "期初余额"
  voucher: "期初"
  Assets:102-银行存款  1000.00 CNY
  Equity:322-工会资金结余
2024-03-21 * "利息"
  voucher: "记-2024-0001"
  Assets:102-银行存款  10.50 CNY
  Income:408-其他收入
2025-03-21 * "利息"
  voucher: "记-2025-0001"
  Assets:102-银行存款  12.25 CNY
  Income:408-其他收入
"""


def write(tmp_path: Path, text: str = BOOK) -> str:
    path = tmp_path / "main.beancount"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return str(path)


def test_the_example_book_by_default() -> None:
    result = CliRunner().invoke(cli, ["report", "--year", "2025"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("2025年度工会经费收支决算\n")
    assert "示例账本" in result.stderr


def test_json_on_stdout(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["report", write(tmp_path), "--year", "2025", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["union"] == "测试工会"
    sheet = {row["item"]: row for row in document["tables"]["balance_sheet"]["rows"]}
    assert sheet["货币资金"] == {"item": "货币资金", "start": "1010.50", "end": "1022.75"}
    flows = {row["item"]: row for row in document["tables"]["income_expenditure"]["rows"]}
    assert flows["（八）其他收入"] == {
        "item": "（八）其他收入",
        "current": "12.25",
        "previous": "10.50",
    }


def test_output_file_by_suffix_and_no_silent_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "决算.xlsx"
    args = ["report", write(tmp_path), "--year", "2024", "-o", str(target)]
    assert CliRunner().invoke(cli, args).exit_code == 0
    sheet = openpyxl.load_workbook(target)["资产负债表"]
    assert (sheet["A6"].value, sheet["C6"].value) == ("货币资金", 1010.5)
    again = CliRunner().invoke(cli, args)
    assert again.exit_code == 2 and "已存在" in again.stderr
    assert CliRunner().invoke(cli, [*args, "--force"]).exit_code == 0


def test_dev_null_is_a_valid_output(tmp_path: Path) -> None:
    args = ["report", write(tmp_path), "--year", "2025", "--format", "json", "-o", "/dev/null"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output


def test_a_year_outside_the_book_is_a_usage_error(tmp_path: Path) -> None:
    path = write(tmp_path)
    for year in ("2023", "2026"):  # 2023 holds only the opening balances (dated 12-31)
        result = CliRunner().invoke(cli, ["report", path, "--year", year])
        assert result.exit_code == 2, year
        assert f"2024—2025 年度的账，没有 {year} 年度" in result.stderr
        assert "Traceback" not in result.output
    empty = CliRunner().invoke(
        cli, ["report", write(tmp_path, 'option "title" "空"\n'), "--year", "2025"]
    )
    assert empty.exit_code == 2 and "没有任何交易" in empty.stderr


def test_an_unbalanced_statement_exits_1(tmp_path: Path) -> None:
    text = (
        BOOK
        + """
2023-12-31 open Assets:Petty
2025-04-01 * "零用金"
  voucher: "记-2025-0002"
  Assets:Petty  5.00 CNY
  Assets:102-银行存款
"""
    )
    result = CliRunner().invoke(cli, ["report", write(tmp_path, text), "--year", "2025"])
    assert result.exit_code == 1
    assert "不平衡：年末资产总计 1,017.75，负债与净资产总计 1,022.75，相差 -5.00" in result.stdout
    assert "工会01表 资产负债表不平衡" in result.stderr
    # the account-code finding is dated 2023-12-31: not a finding of 2025, but of 2023
    assert "2025 年度有" not in result.stderr


def test_open_findings_of_the_year_exit_1(tmp_path: Path) -> None:
    text = (
        BOOK
        + """
2025-06-21 * "利息"
  voucher: "记-2025-0001"
  Assets:102-银行存款  1.00 CNY
  Income:408-其他收入
"""
    )
    path = write(tmp_path, text)
    result = CliRunner().invoke(cli, ["report", path, "--year", "2025"])
    assert result.exit_code == 1
    assert "2025 年度有 1 项未处理的发现" in result.stderr
    # the notes to the accounts no longer list findings: the audit reports do
    assert "voucher-duplicate" not in result.stdout
    audit = CliRunner().invoke(cli, ["audit", path, "--year", "2025"])
    assert "voucher-duplicate" in audit.stdout and "未处理" in audit.stdout
    assert CliRunner().invoke(cli, ["report", path, "--year", "2024"]).exit_code == 0
    acknowledged = (
        text
        + '2025-12-01 custom "ghfund-ack" "voucher-duplicate" "记-2025-0001"\n  ref: "经审〔2025〕9号"\n'
    )
    path = write(tmp_path, acknowledged)
    result = CliRunner().invoke(cli, ["report", path, "--year", "2025"])
    assert result.exit_code == 0, result.stderr
    audit = CliRunner().invoke(cli, ["audit", path, "--year", "2025"])
    assert "已处理" in audit.stdout and "经审〔2025〕9号" in audit.stdout


def test_beancount_errors_anywhere_exit_1(tmp_path: Path) -> None:
    text = BOOK + "2024-06-01 balance Assets:102-银行存款  999.00 CNY\n"
    result = CliRunner().invoke(cli, ["report", write(tmp_path, text), "--year", "2025"])
    assert result.exit_code == 1
    assert "账本有 1 项 Beancount 错误，报表可能不完整" in result.stderr
    assert "注意：账本有 1 项 Beancount 错误" in result.stdout
