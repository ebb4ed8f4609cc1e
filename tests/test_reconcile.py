"""银行存款余额调节表: matching after a few days, a deposit of several receipts, a cheque
that clears next month, a month whose balances do not agree; the command and its exits."""

from __future__ import annotations

import datetime
import io
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import xlwt
from click.testing import CliRunner

from ghfund import reconcile
from ghfund.cli import cli
from ghfund.importers.statement import read
from ghfund.ledger import Loaded, load_file
from ghfund.reports.reconcile_report import report

D = Decimal
JUNE, JULY = datetime.date(2025, 6, 30), datetime.date(2025, 7, 31)

BOOK = """
option "operating_currency" "CNY"
2025-01-01 custom "ghfund-option" "union-name" "某某工会"
2025-01-01 open Assets:102-银行存款:01-工商银行 CNY
2025-01-01 open Equity:322-工会资金结余 CNY
2025-01-01 open Income:401-会费收入 CNY
2025-01-01 open Income:408-其他收入 CNY
2025-01-01 open Income:405-行政补助收入 CNY
2025-01-01 open Expenses:501-职工活动支出:50102-文体活动支出 CNY
2025-01-01 open Expenses:505-业务支出:50504-其他业务支出 CNY

2025-01-01 * "期初余额"
  voucher: "记-2025-0001"
  Assets:102-银行存款:01-工商银行  10000.00 CNY
  Equity:322-工会资金结余

2025-06-03 * "收6月会费"
  voucher: "记-2025-0002"
  Assets:102-银行存款:01-工商银行  1200.00 CNY
  Income:401-会费收入

2025-06-10 * "收会费 一分会"
  voucher: "记-2025-0003"
  Assets:102-银行存款:01-工商银行  300.00 CNY
  Income:401-会费收入

2025-06-11 * "收会费 二分会"
  voucher: "记-2025-0004"
  Assets:102-银行存款:01-工商银行  450.00 CNY
  Income:401-会费收入

2025-06-11 * "收会费 三分会"
  voucher: "记-2025-0005"
  Assets:102-银行存款:01-工商银行  250.00 CNY
  Income:401-会费收入

2025-06-28 * "羽毛球赛场地费 转账支票"
  voucher: "记-2025-0006"
  Expenses:501-职工活动支出:50102-文体活动支出  3000.00 CNY
  Assets:102-银行存款:01-工商银行

2025-06-30 * "收会费 现金存入"
  voucher: "记-2025-0007"
  Assets:102-银行存款:01-工商银行  800.00 CNY
  Income:401-会费收入
"""

# 工商银行, GBK, with a preamble and a total line; opening balance 10000.00
STATEMENT = """中国工商银行 账户明细
账号:,6222020200001234567
户名:,某某工会
凭证号,交易时间,借方发生额,贷方发生额,摘要,对方单位名称,余额
A001,2025-06-05 10:21:33,,1200.00,会费,某某公司,11200.00
A002,2025-06-12 09:00:00,,1000.00,现金存入,,12200.00
A003,2025-06-21 00:00:00,,12.34,结息,,12212.34
A004,2025-06-25 09:00:01,5.00,,手续费,,12207.34
A005,2025-07-01 11:00:00,,800.00,现金存入,,13007.34
A006,2025-07-03 14:00:00,3000.00,,支票,某体育馆,10007.34
A007,2025-07-15 10:00:00,,500.00,汇入,某某公司,10507.34
A008,2025-07-20 10:00:00,2.00,,手续费,,10505.34
合计,,3007.00,3512.34,,,
"""


def statement(text: str = STATEMENT) -> bytes:
    return text.encode("gbk")


def test_june_lists_the_four_groups_and_agrees(loaded: Loaded) -> None:
    result = report(loaded, read("工行.csv", statement()), "10201", JUNE)
    summary = {row["book_item"]: row for row in result.table("reconciliation").records()}
    assert summary["银行存款日记账余额"]["book_amount"] == D("10000.00")
    assert summary["银行存款日记账余额"]["bank_amount"] == D("12207.34")
    adjusted = summary["调节后的存款余额"]
    assert adjusted["book_amount"] == adjusted["bank_amount"] == D("10007.34")
    rows = {
        name: [(r["date"], r["amount"], r["ref"]) for r in result.table(name).records()]
        for name in ("bank_received", "bank_paid", "book_received", "book_paid")
    }
    assert rows == {
        "bank_received": [(datetime.date(2025, 6, 21), D("12.34"), "A003")],
        "bank_paid": [(datetime.date(2025, 6, 25), D("5.00"), "A004")],
        "book_received": [(datetime.date(2025, 6, 30), D("800.00"), "记-2025-0007")],
        "book_paid": [(datetime.date(2025, 6, 28), D("3000.00"), "记-2025-0006")],
    }
    assert "2025-07-03" in result.table("book_paid").records()[0]["note"]
    assert result.problems == ()


test_june_lists_the_four_groups_and_agrees.__doc__ = BOOK


def test_july_the_cheque_has_cleared(loaded: Loaded) -> None:
    result = report(loaded, read("工行.csv", statement()), "102", JULY)
    assert result.table("book_paid").records() == []
    assert result.table("book_received").records() == []
    received = [(r["summary"], r["amount"]) for r in result.table("bank_received").records()]
    assert received == [("结息", D("12.34")), ("汇入", D("500.00"))]
    paid = [r["amount"] for r in result.table("bank_paid").records()]
    assert paid == [D("5.00"), D("2.00")]
    adjusted = result.table("reconciliation").records()[-1]
    assert adjusted["book_amount"] == adjusted["bank_amount"] == D("10505.34")
    assert result.problems == ()


test_july_the_cheque_has_cleared.__doc__ = BOOK


def test_matching_after_days_and_one_deposit_of_three_receipts(loaded: Loaded) -> None:
    lines = read("工行.csv", statement()).lines
    items = reconcile.items(loaded.book, ("Assets:102-银行存款:01-工商银行",))
    matching = reconcile.match(lines, items)
    by_line = {
        m.lines[0].serial: (m.how, sorted(i.voucher for i in m.items)) for m in matching.matches
    }
    assert by_line["A001"] == ("amount", ["记-2025-0002"])  # booked 06-03, bank 06-05
    assert by_line["A002"] == ("sum", ["记-2025-0003", "记-2025-0004", "记-2025-0005"])
    assert by_line["A006"] == ("amount", ["记-2025-0006"])  # cheque 06-28, cleared 07-03
    assert {line.serial for line in matching.lines} == {"A003", "A004", "A007", "A008"}


test_matching_after_days_and_one_deposit_of_three_receipts.__doc__ = BOOK


def test_bank_ref_wins_over_amount_and_date(loaded: Loaded) -> None:
    """
    option "operating_currency" "CNY"
    2025-01-01 open Assets:102-银行存款 CNY
    2025-01-01 open Income:401-会费收入 CNY
    2025-06-01 * "会费 甲"
      voucher: "记-2025-0001"
      Assets:102-银行存款  100.00 CNY
      Income:401-会费收入
    2025-06-02 * "会费 乙"
      voucher: "记-2025-0002"
      bank-ref: "X2"
      Assets:102-银行存款  100.00 CNY
      Income:401-会费收入
    """
    text = (
        "交易日期,贷方发生额,借方发生额,余额,流水号\n20250601,100,,100,X2\n20250603,100,,200,X1\n"
    )
    lines = read("s.csv", text.encode()).lines
    matching = reconcile.match(lines, reconcile.items(loaded.book, ("Assets:102-银行存款",)))
    pairs = {m.lines[0].ref: (m.how, m.items[0].voucher) for m in matching.matches}
    assert pairs == {"X2": ("ref", "记-2025-0002"), "X1": ("amount", "记-2025-0001")}


def test_month_whose_balances_do_not_agree(loaded: Loaded) -> None:
    # the bank's opening balance is 100.00 more than the book's
    shifted = "\n".join(
        _shift(line) if line[:1] == "A" else line for line in STATEMENT.splitlines()
    )
    result = report(loaded, read("工行.csv", statement(shifted)), "10201", JUNE)
    adjusted = result.table("reconciliation").records()[-1]
    assert adjusted["book_amount"] == D("10007.34")
    assert adjusted["bank_amount"] == D("10107.34")
    assert len(result.problems) == 1 and "-100.00" in result.problems[0]
    opening = result.table("reconciliation").notes[-1]
    assert "10,100.00" in opening and "10,000.00" in opening  # statement and book before 06-05
    assert result.warnings == ()


def test_a_balance_that_does_not_follow_from_the_amounts_is_warned(loaded: Loaded) -> None:
    broken = STATEMENT.replace("12207.34", "12208.34")  # A004's balance, line 8
    result = report(loaded, read("工行.csv", statement(broken)), "10201", JULY)
    (chain,) = [warning for warning in result.warnings if "不衔接" in warning]
    assert "第 8 行" in chain and "第 9 行" in chain


test_a_balance_that_does_not_follow_from_the_amounts_is_warned.__doc__ = BOOK


test_month_whose_balances_do_not_agree.__doc__ = BOOK


def _rows() -> list[list[str]]:
    """The data rows of STATEMENT: serial, time, out, in, 摘要, 对方, balance."""
    return [line.split(",") for line in STATEMENT.splitlines() if line[:1] == "A"]


def ccb_xls() -> bytes:
    """The same lines as 建设银行 exports them, as .xls with spreadsheet dates."""
    book = xlwt.Workbook()
    sheet = book.add_sheet("sheet1")
    header = ["账号", "户名", "交易时间", "借方发生额（支取）", "贷方发生额（收入）", "余额"]
    header += ["对方户名", "摘要", "交易流水号"]
    sheet.write(0, 0, "中国建设银行单位客户账户明细")
    for c, title in enumerate(header):
        sheet.write(1, c, title)
    style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for r, (serial, time, out, into, summary, other, balance) in enumerate(_rows(), start=2):
        day = datetime.datetime.strptime(time, "%Y-%m-%d %H:%M:%S")
        values: list[object] = [
            "6222",
            "某某工会",
            day,
            float(out or 0) or "",
            float(into or 0) or "",
        ]
        values += [float(balance), other, summary, serial]
        for c, value in enumerate(values):
            if isinstance(value, datetime.datetime):
                sheet.write(r, c, value, style)
            else:
                sheet.write(r, c, value)
    out_ = io.BytesIO()
    book.save(out_)
    return out_.getvalue()


def boc_xlsx() -> bytes:
    """The same lines as 中国银行 exports them: one signed amount, dates as 20250605."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["中国银行 交易明细"])
    sheet.append(["交易日期", "交易金额", "交易后余额", "对方户名", "用途", "交易流水号"])
    for serial, time, out, into, summary, other, balance in _rows():
        amount = D(into) if into else -D(out)
        sheet.append(
            [int(time[:10].replace("-", "")), float(amount), float(balance), other, summary, serial]
        )
    out_ = io.BytesIO()
    book.save(out_)
    return out_.getvalue()


@pytest.mark.parametrize(
    ("name", "make"),
    [("工行.csv", statement), ("建行.xls", ccb_xls), ("中行.xlsx", boc_xlsx)],
)
def test_three_banks_layouts_give_the_same_table(
    loaded: Loaded, name: str, make: Callable[[], bytes]
) -> None:
    result = report(loaded, read(name, make()), "10201", JUNE)
    adjusted = result.table("reconciliation").records()[-1]
    assert adjusted["book_amount"] == adjusted["bank_amount"] == D("10007.34")
    assert [r["ref"] for r in result.table("bank_received").records()] == ["A003"]
    assert [r["ref"] for r in result.table("book_paid").records()] == ["记-2025-0006"]


test_three_banks_layouts_give_the_same_table.__doc__ = BOOK


def _shift(line: str) -> str:
    cells = line.split(",")
    cells[-1] = f"{D(cells[-1]) + 100:.2f}"
    return ",".join(cells)


# --- the command -------------------------------------------------------------------------


def write_book(tmp_path: Path) -> tuple[Path, Path]:
    ledger = tmp_path / "main.beancount"
    ledger.write_text(BOOK, encoding="utf-8")
    bank = tmp_path / "工行.csv"
    bank.write_bytes(statement())
    return ledger, bank


def test_command_text_json_and_exit_statuses(tmp_path: Path) -> None:
    ledger, bank = write_book(tmp_path)
    runner = CliRunner()
    args = ["reconcile", "--bank", str(bank), "--account", "10201", str(ledger)]
    text = runner.invoke(cli, [*args, "--month", "2025-06"])
    assert text.exit_code == 0, text.output
    assert "银行存款余额调节表" in text.output and "10,007.34" in text.output
    out = runner.invoke(cli, [*args, "--month", "2025-07", "--format", "json"])
    assert out.exit_code == 0
    tables = json.loads(out.stdout)["tables"]
    assert tables["reconciliation"]["rows"][-1]["bank_amount"] == "10505.34"
    shifted = tmp_path / "bad.csv"
    shifted.write_bytes(
        statement("\n".join(_shift(x) if x[:1] == "A" else x for x in STATEMENT.splitlines()))
    )
    bad = runner.invoke(
        cli,
        [
            "reconcile",
            "--bank",
            str(shifted),
            "--account",
            "10201",
            "--month",
            "2025-06",
            str(ledger),
        ],
    )
    assert bad.exit_code == 1 and "调节后余额不一致" in bad.stderr
    assert runner.invoke(cli, [*args, "--month", "2025-09"]).exit_code == 2  # not in the statement
    no_balance = tmp_path / "无余额.csv"
    no_balance.write_text("交易日期,交易金额,摘要\n20250605,1200.00,会费\n", encoding="utf-8")
    missing = runner.invoke(
        cli,
        [
            "reconcile",
            "--bank",
            str(no_balance),
            "--account",
            "10201",
            "--month",
            "2025-06",
            str(ledger),
        ],
    )
    assert missing.exit_code == 2 and "没有余额列" in missing.stderr
    assert runner.invoke(cli, [*args, "--month", "6月"]).exit_code == 2
    wrong = runner.invoke(
        cli,
        ["reconcile", "--bank", str(bank), "--account", "101", "--month", "2025-06", str(ledger)],
    )
    assert wrong.exit_code == 2 and "没有科目 101" in wrong.stderr
    missing = runner.invoke(
        cli,
        ["reconcile", "--bank", "nope.csv", "--account", "102", "--month", "2025-06", str(ledger)],
    )
    assert missing.exit_code == 2 and "找不到银行对账单" in missing.stderr


def test_xlsx_output(tmp_path: Path) -> None:
    ledger, bank = write_book(tmp_path)
    target = tmp_path / "调节表.xlsx"
    result = CliRunner().invoke(
        cli,
        [
            "reconcile",
            "--bank",
            str(bank),
            "--account",
            "10201",
            "--month",
            "2025-06",
            str(ledger),
            "-o",
            str(target),
        ],
    )
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"PK")


def test_a_payment_split_in_two_behind_a_chain_of_equal_gifts(loaded: Loaded) -> None:
    """
    option "operating_currency" "CNY"
    2025-01-01 open Assets:102-银行存款 CNY
    2025-01-01 open Expenses:501-职工活动支出:50105-会员活动支出 CNY
    2025-06-01 * "生日蛋糕 甲"
      voucher: "记-2025-0001"
      Expenses:501-职工活动支出:50105-会员活动支出  200.00 CNY
      Assets:102-银行存款
    2025-06-04 * "生日蛋糕 乙"
      voucher: "记-2025-0002"
      Expenses:501-职工活动支出:50105-会员活动支出  200.00 CNY
      Assets:102-银行存款
    2025-06-07 * "生日蛋糕 丙"
      voucher: "记-2025-0003"
      Expenses:501-职工活动支出:50105-会员活动支出  200.00 CNY
      Assets:102-银行存款
    2025-06-10 * "生日蛋糕 丁"
      voucher: "记-2025-0004"
      Expenses:501-职工活动支出:50105-会员活动支出  200.00 CNY
      Assets:102-银行存款
    2025-06-13 * "生日蛋糕 戊"
      voucher: "记-2025-0005"
      Expenses:501-职工活动支出:50105-会员活动支出  200.00 CNY
      Assets:102-银行存款
    """
    # each paid three days late; 戊's in two transfers, on the day of a later gift
    text = (
        "交易日期,借方发生额,贷方发生额,余额,流水号\n"
        "20250604,200,,9800,B1\n20250607,200,,9600,B2\n20250610,200,,9400,B3\n"
        "20250613,200,,9200,B4\n20250616,120,,9080,B5\n20250616,80,,9000,B6\n"
    )
    lines = read("s.csv", text.encode()).lines
    matching = reconcile.match(lines, reconcile.items(loaded.book, ("Assets:102-银行存款",)))
    assert matching.lines == () and matching.items == ()
    pairs = sorted((m.items[0].voucher, tuple(li.ref for li in m.lines)) for m in matching.matches)
    assert pairs == [
        ("记-2025-0001", ("B1",)),
        ("记-2025-0002", ("B2",)),
        ("记-2025-0003", ("B3",)),
        ("记-2025-0004", ("B4",)),
        ("记-2025-0005", ("B5", "B6")),
    ]


def test_record_writes_the_month_end_balance_once_and_only_when_it_agrees(tmp_path: Path) -> None:
    ledger, bank = write_book(tmp_path)
    runner = CliRunner()
    args = ["reconcile", "--bank", str(bank), "--account", "10201", "--record", str(ledger)]
    first = runner.invoke(cli, [*args, "--month", "2025-06"])
    assert first.exit_code == 0, first.output
    text = ledger.read_text(encoding="utf-8")
    # 10,000 + 1,200 + 300 + 450 + 250 − 3,000 + 800 at the end of June
    assert text.count("2025-07-01 balance Assets:102-银行存款:01-工商银行  10000.00 CNY") == 1
    again = runner.invoke(cli, [*args, "--month", "2025-06", "--format", "json"])
    assert again.exit_code == 0 and "未重复写入" in again.stderr
    assert json.loads(again.stdout)["tables"]["reconciliation"]  # the report alone on stdout
    assert ledger.read_text(encoding="utf-8") == text
    loaded = load_file(ledger)
    assert loaded.errors == () and loaded.findings.open == ()
    shifted = tmp_path / "bad.csv"
    shifted.write_bytes(
        statement("\n".join(_shift(x) if x[:1] == "A" else x for x in STATEMENT.splitlines()))
    )
    july = ["--bank", str(shifted), "--account", "10201", "--month", "2025-07"]
    bad = runner.invoke(cli, ["reconcile", *july, "--record", str(ledger)])
    assert bad.exit_code == 2 and "未记录对账" in bad.output
    assert ledger.read_text(encoding="utf-8") == text
