"""``ghfund budget`` through click's CliRunner: the table, the year's findings, the exit status."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from click.testing import CliRunner

from ghfund.cli import cli
from ghfund.ledger import default_ledger
from tests.support import Golden

BOOK = """
option "operating_currency" "CNY"
plugin "ghfund.plugins.all"
2024-01-01 custom "ghfund-option" "union-name" "测试工会"
2024-01-01 open Assets:102-银行存款
2024-01-01 open Income:402-拨缴经费收入
2024-01-01 open Expenses:501-职工活动支出:50105-会员活动支出
2024-01-01 open Expenses:510-其他支出
2024-01-20 custom "budget" Income:402-拨缴经费收入 "yearly" 10000.00 CNY
  approved: "工会委员会2024年第1次会议"
2024-01-20 custom "budget" Expenses:501-职工活动支出:50105-会员活动支出 "yearly" 9000.00 CNY
  approved: "工会委员会2024年第1次会议"
2024-02-01 * "拨缴"
  voucher: "记-2024-0001"
  Assets:102-银行存款  10000.00 CNY
  Income:402-拨缴经费收入
2024-09-10 * "中秋慰问"
  voucher: "记-2024-0002"
  Expenses:501-职工活动支出:50105-会员活动支出  9000.01 CNY
  Assets:102-银行存款
2024-12-21 * "网银年费"
  voucher: "记-2024-0003"
  Expenses:510-其他支出  260.00 CNY
  Assets:102-银行存款
"""
ACKS = """
2025-03-15 custom "ghfund-ack" "budget-overrun" "记-2024-0002"
  ref: "经审会〔2025〕2号"
2025-03-15 custom "ghfund-ack" "budget-unbudgeted" "记-2024-0003"
  ref: "经审会〔2025〕2号"
"""


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "main.beancount"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return str(path)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["budget", *args])
    return result.exit_code, result.stdout, result.stderr


def test_open_budget_findings_exit_1_and_are_listed(tmp_path: Path) -> None:
    code, out, err = run("--year", "2024", write(tmp_path, BOOK), "--format", "json")
    assert code == 1 and "2024 年度有 2 项未处理的预算发现" in err
    tables = json.loads(out)["tables"]
    lines = {row["item"]: row for row in tables["budget_execution"]["rows"]}
    assert lines["会员活动支出"]["status"] == "超支"
    assert lines["会员活动支出"]["difference"] == "0.01"
    assert lines["其他支出"]["status"] == "未列预算"
    found = [
        (row["rule"], row["voucher"], row["amount"], row["status"])
        for row in tables["budget_findings"]["rows"]
    ]
    assert found == [
        ("budget-overrun", "记-2024-0002", "0.01", "未处理"),
        ("budget-unbudgeted", "记-2024-0003", "260.00", "未处理"),
    ]


def test_acknowledged_findings_are_listed_with_their_reference_and_exit_0(
    tmp_path: Path,
) -> None:
    code, out, err = run("--year", "2024", write(tmp_path, BOOK + ACKS))
    assert code == 0, err
    assert "已说明  经审会〔2025〕2号" in out
    assert "未处理 0 项，经审会已处理 2 项（已说明 2 项）。" in out


def test_other_years_findings_do_not_count(tmp_path: Path) -> None:
    code, out, _ = run("--year", "2025", write(tmp_path, BOOK + ACKS))
    assert code == 0
    assert '2025 年度没有 "yearly" 预算指令。' in out and "本年度没有预算方面的发现。" in out


def test_a_book_with_errors_exits_1(tmp_path: Path) -> None:
    code, _, err = run("--year", "2024", write(tmp_path, BOOK + ACKS + "2024-13-01 open X\n"))
    assert code == 1 and "ghfund check" in err


def test_writes_a_file_and_does_not_overwrite_it_silently(tmp_path: Path) -> None:
    book = write(tmp_path, BOOK + ACKS)
    target = tmp_path / "预算.xlsx"
    assert run("--year", "2024", book, "-o", str(target))[0] == 0
    assert target.read_bytes()[:2] == b"PK"
    code, _, err = run("--year", "2024", book, "-o", str(target))
    assert code == 2 and "--force" in err


def test_year_is_required_and_checked() -> None:
    for args in ([], ["--year", "24x"]):
        code, _, err = run(*args)
        assert code == 2 and err.startswith("ghfund：") and "Traceback" not in err


def test_example_book_golden(golden: Golden) -> None:
    for fmt, suffix in (("text", "txt"), ("json", "json")):
        code, out, _ = run("--year", "2024", str(default_ledger()), "--format", fmt)
        assert code == 0
        golden(f"budget/example-2024.{suffix}", out)


def test_findings_golden(tmp_path: Path, golden: Golden) -> None:
    one_ack = ACKS.split("2025-03-15")[1]
    code, out, _ = run("--year", "2024", write(tmp_path, BOOK + "2025-03-15" + one_ack))
    assert code == 1
    golden("budget/findings-2024.txt", out)
