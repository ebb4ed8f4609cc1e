"""``ghfund books vouchers``: printed 记账凭证 with 大写 totals, the 序时账 layout in xlsx, and
the round trip: the example book exported and imported into a fresh book gives the same
statements."""

from __future__ import annotations

import io
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from ghfund.chart import parse
from ghfund.cli import cli
from ghfund.ledger import Loaded, load_file
from ghfund.reports import annual, vouchers
from ghfund.reports.render import FORMATS
from ghfund.rmb import capitals

D = Decimal


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("1350.00", "壹仟叁佰伍拾元整"),
        ("325.04", "叁佰贰拾伍元零肆分"),
        ("0.50", "伍角整"),
        ("0.07", "柒分"),
        ("0", "零元整"),
        ("10", "壹拾元整"),
        ("100000", "壹拾万元整"),
        ("10010000", "壹仟零壹万元整"),
        ("100000001.23", "壹亿零壹元贰角叁分"),
        ("107000.53", "壹拾万零柒仟元伍角叁分"),
        ("10027.16", "壹万零贰拾柒元壹角陆分"),
        ("-12.30", "负壹拾贰元叁角整"),
    ],
)
def test_capitals(amount: str, words: str) -> None:
    assert capitals(D(amount)) == words


def test_printed_voucher(loaded: Loaded) -> None:
    """
    2024-12-31 open Assets:102-银行存款:01-工商银行 CNY
    2024-12-31 open Expenses:501-职工活动支出:50105-会员活动支出 CNY

    2025-03-08 * "三八节慰问品"
      voucher: "记-2025-0012"
      attachments: 3
      preparer: "王五"
      reviewer: "李四"
      Expenses:501-职工活动支出:50105-会员活动支出  1350.00 CNY
      Assets:102-银行存款:01-工商银行             -1350.00 CNY
        summary: "付款"

    2025-04-08 * "另一张"
      voucher: "记-2025-0013"
      Expenses:501-职工活动支出:50105-会员活动支出  1.00 CNY
      Assets:102-银行存款:01-工商银行             -1.00 CNY
    """
    report = vouchers.report(loaded, 2025, month=3)
    (table,) = report.tables
    assert table.title == "记账凭证"
    assert table.period == "2025年3月8日    凭证号：记-2025-0012    附件 3 张"
    assert table.records() == [
        {
            "summary": "三八节慰问品",
            "account": "50105 职工活动支出／会员活动支出",
            "debit": D("1350.00"),
            "credit": None,
        },
        {
            "summary": "付款",
            "account": "10201 银行存款／工商银行",
            "debit": None,
            "credit": D("1350.00"),
        },
        {
            "summary": "合计",
            "account": "人民币（大写）壹仟叁佰伍拾元整",
            "debit": D("1350.00"),
            "credit": D("1350.00"),
        },
    ]
    assert table.notes[0].startswith("制单：王五    审核：李四    记账：　")
    one = vouchers.report(loaded, 2025, voucher="记-2025-0013")
    assert [t.period for t in one.tables] == ["2025年4月8日    凭证号：记-2025-0013    附件  张"]


def test_cli_xlsx_is_the_journal_layout(tmp_path: Path) -> None:
    out = tmp_path / "2024.xlsx"
    result = CliRunner().invoke(cli, ["books", "vouchers", "--year", "2024", "-o", str(out)])
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(out).active
    header = [cell.value for cell in sheet[4]][:8]
    assert header == [
        "日期",
        "凭证字号",
        "摘要",
        "科目编码",
        "科目名称",
        "借方金额",
        "贷方金额",
        "项目",
    ]
    result = CliRunner().invoke(cli, ["books", "vouchers", "--year", "2024", "--voucher", "无"])
    assert result.exit_code == 2


def _opening_balances(loaded: Loaded, tmp_path: Path) -> Path:
    """A two-row-header 科目余额表 of the example's balances before 2023, as vendors print it."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for txn in loaded.book.transactions:
        if txn.date.year < 2023:
            for posting in txn.postings:
                totals[parse(posting.account).code] += posting.units.number
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["科目余额表"])
    sheet.append(["科目编码", "科目名称", "期初余额", None, "本期发生额", None, "期末余额", None])
    sheet.append([None, None, "借方", "贷方", "借方", "贷方", "借方", "贷方"])
    for code, amount in sorted(totals.items()):
        debit, credit = (amount, None) if amount > 0 else (None, -amount)
        sheet.append([code, "", None, None, None, None, debit, credit])
    path = tmp_path / "余额表.xlsx"
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def test_round_trip_reproduces_the_statements(example: Loaded, tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["init", str(tmp_path / "new"), "--year", "2023"]).exit_code == 0
    main = tmp_path / "new" / "main.beancount"
    balances = _opening_balances(example, tmp_path)
    args = ["import", "balances", str(balances), "--ledger", str(main), "--date", "2022-12-31"]
    result = runner.invoke(cli, [*args, "--column", "期末"])
    assert result.exit_code == 0, result.output
    for year in example.book.years:
        if year < 2023:
            continue
        exported = tmp_path / f"{year}.xlsx"  # what `ghfund books vouchers -o Y.xlsx` writes
        with exported.open("wb") as out:
            FORMATS["xlsx"](vouchers.report(example, year, layout="journal"), out)
        result = runner.invoke(cli, ["import", "vouchers", str(exported), "--ledger", str(main)])
        assert result.exit_code == 0, result.output
    again = runner.invoke(cli, ["import", "vouchers", str(exported), "--ledger", str(main)])
    assert "没有新的凭证" in again.output
    fresh = load_file(main)
    assert not fresh.errors
    for year in (2023, 2024, 2025):
        original, copy = annual.report(example, year), annual.report(fresh, year)
        for name in ("balance_sheet", "income_expenditure"):
            assert copy.table(name).records() == original.table(name).records(), (year, name)
