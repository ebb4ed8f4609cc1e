"""The books of account: 科目余额表, 总账, 明细账, 日记账 agree with each other and with 工会01表."""

from __future__ import annotations

import datetime
import io
import itertools
import json
import textwrap
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from ghfund.cli import cli
from ghfund.ledger import Loaded, load_string
from ghfund.reports import general_ledger, subledger, trial_balance
from ghfund.reports.balances import Sums
from ghfund.reports.model import NoData
from ghfund.reports.render import json as json_render

D = Decimal


def test_trial_balance_balances_and_agrees_with_the_balance_sheet(loaded: Loaded) -> None:
    """
    option "operating_currency" "CNY"
    2023-12-31 open Assets:101-库存现金
    2023-12-31 open Assets:102-银行存款:01-工商银行
    2023-12-31 open Assets:102-银行存款:02-农业银行
    2023-12-31 open Assets:162-固定资产
    2023-12-31 open Assets:163-累计折旧
    2023-12-31 open Liabilities:211-应付上级经费
    2023-12-31 open Equity:301-资产基金
    2023-12-31 open Equity:321-工会资金结转
    2023-12-31 open Equity:322-工会资金结余
    2023-12-31 open Income:402-拨缴经费收入
    2023-12-31 open Income:403-上级补助收入:40302-专项转移支付补助
    2023-12-31 open Expenses:501-职工活动支出:50102-文体活动支出
    2023-12-31 open Expenses:501-职工活动支出:50105-会员活动支出
    2023-12-31 open Expenses:510-其他支出
    2023-12-31 * "期初余额"
      voucher: "记-2023-0001"
      Assets:101-库存现金                 800.00 CNY
      Assets:102-银行存款:01-工商银行   50000.00 CNY
      Assets:162-固定资产               12000.00 CNY
      Assets:163-累计折旧               -2000.00 CNY
      Equity:301-资产基金              -10000.00 CNY
      Equity:322-工会资金结余          -50800.00 CNY
    2024-01-15 * "单位" "收到拨缴经费"
      voucher: "记-2024-0001"
      payroll: 2023-12-31
      Assets:102-银行存款:01-工商银行   30000.00 CNY
      Income:402-拨缴经费收入          -18000.00 CNY
      Liabilities:211-应付上级经费     -12000.00 CNY
    2024-01-15 * "上级工会" "专项补助"
      voucher: "记-2024-0002"
      Assets:102-银行存款:02-农业银行    5000.00 CNY
      Income:403-上级补助收入:40302-专项转移支付补助  -5000.00 CNY
    2024-02-01 * "上解"
      voucher: "记-2024-0003"
      Liabilities:211-应付上级经费      12000.00 CNY
      Assets:102-银行存款:01-工商银行  -12000.00 CNY
    2024-02-10 * "文体活动"
      voucher: "记-2024-0004"
      Expenses:501-职工活动支出:50102-文体活动支出  3000.00 CNY
      Assets:102-银行存款:01-工商银行  -3000.00 CNY
    2024-02-10 * "慰问"
      voucher: "记-2024-0005"
      Expenses:501-职工活动支出:50105-会员活动支出   500.00 CNY
      Assets:101-库存现金  -500.00 CNY
    2024-12-20 * "专项活动"
      voucher: "记-2024-0006"
      fund: "专项补助"
      Expenses:501-职工活动支出:50102-文体活动支出  2000.00 CNY
      Assets:102-银行存款:02-农业银行  -2000.00 CNY
    2025-01-05 * "提现"
      voucher: "记-2025-0001"
      Assets:101-库存现金   1000.00 CNY
      Assets:102-银行存款:01-工商银行  -1000.00 CNY
    2025-01-05 * "手续费"
      voucher: "记-2025-0002"
      Expenses:510-其他支出   20.00 CNY
      Assets:102-银行存款:01-工商银行  -20.00 CNY
    2025-01-31 * "慰问"
      voucher: "记-2025-0003"
      Expenses:501-职工活动支出:50105-会员活动支出   300.00 CNY
      Assets:101-库存现金  -300.00 CNY
    """
    table = trial_balance.report(loaded, 2025).table("trial_balance")
    rows = {row["code"]: row for row in table.records()}
    total = table.records()[-1]
    assert total["name"] == "合计"
    assert total["opening_debit"] == total["opening_credit"] == D("80300.00")
    assert total["debit"] == total["credit"] == D("1320.00")
    assert total["closing_debit"] == total["closing_credit"]
    assert not any(note.startswith("不平衡") for note in table.notes)
    # every level, first-level subtotals
    assert rows["102"]["opening_debit"] == D("68000.00")
    assert rows["10201"]["opening_debit"] == D("65000.00")
    assert rows["10202"]["opening_debit"] == D("3000.00")
    assert [r["code"] for r in table.records()][:4] == ["101", "102", "10201", "10202"]
    # earlier years' income and spending closed into 321 (earmarked) and 322
    assert rows["321"]["opening_credit"] == D("3000.00")
    assert rows["322"]["opening_credit"] == D("50800.00") + D("18000.00") - D("3500.00")
    assert rows["402"]["opening_credit"] == D("0")
    assert rows["510"]["closing_debit"] == D("20.00")
    # 工会01表: the opening balances by first-level code are last year's closed balances
    closed = Sums.of(loaded.book).closed(2024)
    for row in table.records()[:-1]:
        if len(row["code"]) == 3:
            signed = row["opening_debit"] - row["opening_credit"]
            assert signed == closed.get(row["code"], D(0)), row["code"]
    # and the closing balances of balance-sheet accounts are this year's 年末余额
    end = Sums.of(loaded.book).closed(2025)
    for code in ("101", "102", "162", "163", "211", "301"):
        assert rows[code]["closing_debit"] - rows[code]["closing_credit"] == end.get(code, 0)
    funds = sum(
        rows[c]["closing_debit"] - rows[c]["closing_credit"]
        for c in rows
        if len(c) == 3 and c[0] in "345" and c != "301"
    )
    assert funds == end["321"] + end["322"]

    month = trial_balance.report(loaded, 2025, 1).table("trial_balance").records()[-1]
    assert month["debit"] == D("1320.00")
    february = trial_balance.report(loaded, 2025, 2).table("trial_balance")
    assert february.records()[-1]["debit"] == D("0")
    assert {r["code"]: r for r in february.records()}["510"]["opening_debit"] == D("20.00")


LEDGER = textwrap.dedent(
    test_trial_balance_balances_and_agrees_with_the_balance_sheet.__doc__ or ""
)


def test_general_ledger_agrees_with_the_trial_balance() -> None:
    loaded = load_string(LEDGER)
    trial = {
        r["code"]: r for r in trial_balance.report(loaded, 2024).table("trial_balance").records()
    }
    rows = general_ledger.report(loaded, 2024).table("general_ledger").records()
    assert {r["month"] for r in rows} == {f"2024-{m:02d}" for m in range(1, 13)}
    for code in ("101", "102", "211", "402", "403", "501", "322"):
        months = [r for r in rows if r["code"] == code]
        first, last = months[0], months[-1]
        opening = trial[code]["opening_debit"] - trial[code]["opening_credit"]
        closing = trial[code]["closing_debit"] - trial[code]["closing_credit"]
        sign = {"借": 1, "贷": -1, "平": 0}
        assert sign[first["opening_side"]] * first["opening"] == opening, code
        assert sign[last["side"]] * last["balance"] == closing, code
        assert (last["ytd_debit"], last["ytd_credit"]) == (
            trial[code]["debit"],
            trial[code]["credit"],
        )
        for before, after in itertools.pairwise(months):
            assert (before["side"], before["balance"]) == (after["opening_side"], after["opening"])
    february = next(r for r in rows if r["code"] == "501" and r["month"] == "2024-02")
    assert (february["debit"], february["side"], february["balance"]) == (
        D("3500.00"),
        "借",
        D("3500.00"),
    )


def test_detail_ledgers_close_with_the_account_balance() -> None:
    loaded = load_string(LEDGER)
    trial = {
        r["code"]: r for r in trial_balance.report(loaded, 2024).table("trial_balance").records()
    }
    for code in ("102", "10201", "10202", "501", "50102", "211", "403"):
        table = subledger.report(loaded, code, 2024).table("detail_ledger")
        rows = table.records()
        closing = trial[code]["closing_debit"] - trial[code]["closing_credit"]
        last = rows[-1]
        assert last["summary"] == "本年累计"
        assert {"借": 1, "贷": -1, "平": 0}[last["side"]] * last["balance"] == closing, code
        assert (last["debit"], last["credit"]) == (trial[code]["debit"], trial[code]["credit"])
    parent = subledger.report(loaded, "501", 2024).table("detail_ledger")
    assert "account" in [c.key for c in parent.columns]
    lines = [r for r in parent.records() if r["voucher"]]
    assert [(r["voucher"], r["account"]) for r in lines] == [
        ("记-2024-0004", "50102 文体活动支出"),
        ("记-2024-0005", "50105 会员活动支出"),
        ("记-2024-0006", "50102 文体活动支出"),
    ]
    summaries = [r["summary"] for r in parent.records() if not r["voucher"]]
    assert summaries == ["期初余额", "本月合计", "本年累计", "本月合计", "本年累计"]
    leaf = subledger.report(loaded, "10201", 2024).table("detail_ledger")
    assert "account" not in [c.key for c in leaf.columns]


def test_cash_journal_totals_each_day_and_month() -> None:
    loaded = load_string(LEDGER)
    rows = subledger.report(loaded, "101", 2025, journal=True).table("journal").records()
    assert rows[0]["summary"] == "上年结转" and rows[0]["balance"] == D("300.00")
    assert [(r["summary"], r["debit"], r["credit"], r["balance"]) for r in rows[1:]] == [
        ("提现", D("1000.00"), None, D("1300.00")),
        ("本日合计", D("1000.00"), D("0"), D("1300.00")),
        ("慰问", None, D("300.00"), D("1000.00")),
        ("本日合计", D("0"), D("300.00"), D("1000.00")),
        ("本月合计", D("1000.00"), D("300.00"), D("1000.00")),
        ("本年累计", D("1000.00"), D("300.00"), D("1000.00")),
    ]
    assert rows[1]["counter"] == "10201 工商银行"
    assert rows[-1]["date"] == datetime.date(2025, 1, 31)
    with pytest.raises(NoData, match="日记账只登记"):
        subledger.report(loaded, "501", 2025, journal=True)
    with pytest.raises(NoData, match="没有编码为 109"):
        subledger.report(loaded, "109", 2025)


def test_trial_balance_that_does_not_balance_is_a_problem(loaded: Loaded) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 open Assets:102-银行存款
    2024-01-01 open Assets:101-库存现金
    2024-01-01 open Equity:322-工会资金结余
    2024-01-01 * "期初"
      voucher: "记-2024-0001"
      Assets:102-银行存款   100.00 CNY
      Equity:322-工会资金结余
    2024-01-02 * "换汇"
      voucher: "记-2024-0002"
      Assets:101-库存现金   10.00 USD @ 7.00 CNY
      Assets:102-银行存款  -70.00 CNY
    """
    report = trial_balance.report(loaded, 2024)
    assert report.problems and "科目余额表不平衡" in report.problems[0]
    assert any("USD" in note for note in report.table("trial_balance").notes)
    total = report.table("trial_balance").records()[-1]
    assert (total["debit"], total["credit"]) == (D("100.00"), D("170.00"))


def test_books_trial_exits_1_when_it_does_not_balance(tmp_path: Path) -> None:
    path = tmp_path / "book.beancount"
    doc = test_trial_balance_that_does_not_balance_is_a_problem.__doc__ or ""
    path.write_text(textwrap.dedent(doc), encoding="utf-8")
    result = CliRunner().invoke(cli, ["books", "trial", str(path), "--year", "2024"])
    assert result.exit_code == 1
    assert "科目余额表不平衡" in result.stderr


def test_books_commands_json_and_exit_status(tmp_path: Path) -> None:
    path = tmp_path / "book.beancount"
    path.write_text(LEDGER, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["books", "trial", str(path), "--year", "2025", "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    row = document["tables"]["trial_balance"]["rows"][0]
    assert row == {
        "code": "101",
        "name": "库存现金",
        "opening_debit": "300.00",
        "opening_credit": "0.00",
        "debit": "1000.00",
        "credit": "300.00",
        "closing_debit": "1000.00",
        "closing_credit": "0.00",
    }
    for argv in (
        ["general", "--year", "2024"],
        ["detail", "--account", "50102", "--year", "2024"],
        ["journal", "--account", "102", "--year", "2024"],
        ["assets", "--year", "2024"],
    ):
        result = runner.invoke(cli, ["books", *argv, str(path), "--format", "csv"])
        assert result.exit_code == 0, (argv, result.output)
    result = runner.invoke(
        cli, ["books", "detail", str(path), "--account", "999", "--year", "2024"]
    )
    assert result.exit_code == 2
    result = runner.invoke(cli, ["books", "trial", str(path), "--year", "2019"])
    assert result.exit_code == 2


def test_example_trial_balance(example: Loaded, golden: Callable[[str, str], None]) -> None:
    buffer = io.BytesIO()
    report = trial_balance.report(example, 2025)
    assert not report.problems
    json_render.render(report, buffer)
    golden("books/trial-2025.json", buffer.getvalue().decode("utf-8"))
