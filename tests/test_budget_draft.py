"""``ghfund budget --year Y --draft``: next year's budget from the book, balanced to the yuan."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner

from ghfund import closing
from ghfund.cli import cli
from ghfund.ledger import Loaded, load_string
from ghfund.reports import budget_draft, budget_execution, budget_plan, pack
from tests import test_real_book
from tests.support import Golden

D = Decimal


def real_book() -> Loaded:
    text, _ = test_real_book.build()
    return load_string(text)


def test_the_draft_after_the_real_book_carries_its_accounts_and_balances() -> None:
    loaded = real_book()
    book = loaded.book
    found = budget_plan.draft(book, 2025)
    actual = budget_execution.actuals(book, 2024)
    lines = {line.code: line for line in found.lines}
    # 上年执行数 is the 2024 execution, line by line
    for code, line in lines.items():
        if line.kind != "draw":
            assert line.prior_actual == actual.under(line.account), code
    assert lines["402"].prior_actual == actual.under("Income:402-拨缴经费收入") > 0
    assert lines["50105"].prior_actual == D("50000.00")
    # 402: eleven payroll months (June was never entered) × 2% × 60%, scaled to a year
    payroll = sum((p.total for p in book.directives.payrolls if p.month.year == 2024), D(0))
    assert len([p for p in book.directives.payrolls if p.month.year == 2024]) == 11
    assert lines["402"].budget == budget_plan.yuan(payroll * D("0.012") * 12 / 11)
    assert "11 个月" in lines["402"].basis
    # balanced to the yuan: income above last year's spending is planned as spending
    assert found.total("expense") == found.total("income") + found.total("draw")
    assert all(line.budget == line.budget.to_integral_value() for line in found.lines)
    ends = closing.fund_balances_at(book, [datetime.date(2024, 12, 31)])
    end = ends[datetime.date(2024, 12, 31)]
    assert found.opening == end.carried + end.retained == D("166723.08")


def test_spending_above_income_is_drawn_from_the_balance(example: Loaded) -> None:
    found = budget_plan.draft(example.book, 2026)
    draws = {line.code: line.budget for line in found.of("draw")}
    gap = found.total("expense") - found.total("income")
    assert gap > 0
    assert draws["322"] == gap == D("22839.00")
    assert draws["321"] == 0  # nothing was carried in 321 at the end of 2025
    assert found.total("expense") == sum(
        budget_execution.actuals(example.book, 2025).by_account[a]
        for a in budget_execution.actuals(example.book, 2025).by_account
        if a.startswith("Expenses:")
    ).quantize(D(1))


def test_spending_the_balance_cannot_cover_is_cut_in_proportion() -> None:
    loaded = load_string(
        """
        option "operating_currency" "CNY"
        2023-12-31 open Assets:102-银行存款
        2023-12-31 open Income:402-拨缴经费收入
        2023-12-31 open Expenses:501-职工活动支出:50102-文体活动支出
        2023-12-31 open Expenses:510-其他支出
        2023-12-31 open Equity:322-工会资金结余
        2023-12-31 * "期初余额"
          voucher: "记-2023-0001"
          Assets:102-银行存款  1000.00 CNY
          Equity:322-工会资金结余
        2024-03-01 * "拨缴经费"
          voucher: "记-2024-0001"
          Assets:102-银行存款  6000.00 CNY
          Income:402-拨缴经费收入
        2024-05-01 * "运动会"
          voucher: "记-2024-0002"
          Expenses:501-职工活动支出:50102-文体活动支出  6000.00 CNY
          Assets:102-银行存款
        2024-06-01 * "手续费"
          voucher: "记-2024-0003"
          Expenses:510-其他支出  2000.00 CNY
          Assets:102-银行存款
        """.replace("\n        ", "\n")
    )
    found = budget_plan.draft(loaded.book, 2025)
    # income 6000 (no payroll data: last year's), the 322 balance at 2024's end is -1000
    assert found.total("income") == D("6000.00")
    assert found.total("draw") == 0
    spending = {line.code: line.budget for line in found.of("expense")}
    assert spending == {"50102": D("4500.00"), "510": D("1500.00")}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["budget", *args])
    return result.exit_code, result.stdout, result.stderr


def test_cli_json_has_the_issue_fields_and_signatures() -> None:
    code, out, _ = run("--year", "2026", "--draft", "--format", "json")
    assert code == 0
    report = json.loads(out)
    rows = report["tables"]["budget_draft"]["rows"]
    assert set(rows[0]) == {"code", "name", "prior_budget", "prior_actual", "budget", "basis"}
    by_name = {row["name"]: row for row in rows}
    assert by_name["预计收入总额"]["budget"] == by_name["支出合计"]["budget"] == "268460.00"
    assert by_name["期末滚存结余"]["budget"] == "292193.43"
    notes = report["tables"]["budget_draft"]["notes"]
    assert "工会委员会（会员代表大会）讨论通过、经费审查委员会审查" in notes[0]
    assert [part.split("：")[0] for part in notes[1].split()] == [
        "工会主席",
        "财务负责人",
        "制表",
        "经费审查委员会主任",
    ]


def test_cli_a_year_without_the_year_before_is_refused(tmp_path: Path) -> None:
    code, _, err = run("--year", "2023", "--draft")
    assert code == 2
    assert "2022" in err and "上一年度" in err


def test_example_book_draft_golden(example: Loaded, golden: Golden) -> None:
    made = budget_draft.report(example, 2026)
    for fmt in ("text", "json", "csv"):
        golden.report("budget/draft-2026", made, fmt)


def test_real_book_pack_golden(golden: Golden) -> None:
    golden.report("annual/real-book-pack-2024", pack.report(real_book(), 2024), "text")


def test_the_execution_of_next_year_points_to_the_draft() -> None:
    code, _, err = run("--year", "2026")
    assert code == 2 and "--draft" in err


def test_spending_booked_on_a_heading_itself_is_drafted_with_its_lines() -> None:
    loaded = load_string(
        """
option "operating_currency" "CNY"
2023-12-31 open Assets:102-银行存款
2023-12-31 open Income:402-拨缴经费收入
2023-12-31 open Expenses:501-职工活动支出
2023-12-31 open Expenses:501-职工活动支出:50102-文体活动支出
2024-03-01 * "拨缴经费"
  voucher: "记-2024-0001"
  Assets:102-银行存款  5000.00 CNY
  Income:402-拨缴经费收入
2024-05-01 * "运动会"
  voucher: "记-2024-0002"
  Expenses:501-职工活动支出:50102-文体活动支出  3000.00 CNY
  Assets:102-银行存款
2024-06-01 * "活动（记在款上）"
  voucher: "记-2024-0003"
  Expenses:501-职工活动支出  2000.00 CNY
  Assets:102-银行存款
"""
    )
    found = budget_plan.draft(loaded.book, 2025)
    # no amount is lost: the 款 posted to itself is one line with everything under it
    assert [(line.code, line.prior_actual) for line in found.of("expense")] == [
        ("501", D("5000.00"))
    ]
    assert found.total("expense") == found.total("income") == D("5000.00")
