"""Presentation fixes found on the example book: the first year's 上年数, undeclared draws in
the budget execution table, upward shares not yet due at the year end, the title of an
audit of an officer still in office, and the 制度's names of the detail accounts."""

from __future__ import annotations

from decimal import Decimal

from ghfund import chart, newbook
from ghfund.ledger import Loaded
from ghfund.reports import budget_execution, departure, review, statements
from ghfund.reports.balances import Sums

D = Decimal


def _column(table: object, key: str) -> dict[str, object]:
    rows = table.rows  # type: ignore[attr-defined]
    return dict(zip(rows["item"], rows[key], strict=True))


def test_the_first_year_s_previous_column_shows_only_the_opening_balances(
    loaded: Loaded,
) -> None:
    """
    option "operating_currency" "CNY"
    2023-12-31 open Assets:102-银行存款
    2023-12-31 open Equity:321-工会资金结转
    2023-12-31 open Equity:322-工会资金结余
    2023-12-31 open Income:401-会费收入
    2023-12-31 * "期初余额"
      voucher: "记-2023-0001"
      Assets:102-银行存款  12000.00 CNY
      Equity:321-工会资金结转  -2000.00 CNY
      Equity:322-工会资金结余  -10000.00 CNY
    2024-02-10 * "会费"
      voucher: "记-2024-0001"
      Assets:102-银行存款  500.00 CNY
      Income:401-会费收入
    """
    table = statements.income_expenditure(loaded.book, 2024, Sums.of(loaded.book))
    current, previous = _column(table, "current"), _column(table, "previous")
    # this year: the opening balances are 年初, not an adjustment
    assert current["一、年初资金结转结余"] == D("12000.00")
    assert current["二、资金结转结余调整及变动"] == D("0.00")
    # last year: only what the book knows, its year-end balances
    assert previous["六、年末资金结转结余"] == D("12000.00")
    assert previous["（一）年末资金结转"] == D("2000.00")
    assert previous["二、资金结转结余调整及变动"] is None
    assert previous["三、收入合计"] is None and previous["一、年初资金结转结余"] is None
    assert not statements.unbalanced(table)
    assert any("上年数只列账本已知的年末资金结转结余" in note for note in table.notes)
    # the annual review's 收支结构 likewise leaves last year blank, not zero
    structure = next(t for t in review.report(loaded, 2024).tables if t.name == "structure")
    assert _column(structure, "current")["收入合计"] == D("500.00")
    assert _column(structure, "previous")["收入合计"] is None


def test_undeclared_draws_are_shown_and_the_totals_reconcile(loaded: Loaded) -> None:
    """
    option "operating_currency" "CNY"
    2023-12-31 open Assets:102-银行存款
    2023-12-31 open Equity:321-工会资金结转
    2023-12-31 open Equity:322-工会资金结余
    2023-12-31 open Income:402-拨缴经费收入
    2023-12-31 open Expenses:503-职工服务支出:50304-职工书屋活动支出
    2023-12-31 open Expenses:505-业务支出:50502-会议支出
    2023-12-31 * "期初余额"
      voucher: "记-2023-0001"
      Assets:102-银行存款  30000.00 CNY
      Equity:321-工会资金结转  -5000.00 CNY
        fund: "职工书屋建设"
      Equity:322-工会资金结余  -25000.00 CNY
    2024-01-20 custom "budget" Income:402-拨缴经费收入 "yearly" 10000.00 CNY
      approved: "工会委员会2024年第1次会议"
    2024-01-20 custom "budget" Expenses:505-业务支出 "yearly" 10000.00 CNY
      approved: "工会委员会2024年第1次会议"
    2024-01-20 custom "budget" Expenses:503-职工服务支出 "yearly" 5000.00 CNY
      approved: "工会委员会2024年第1次会议"
    2024-02-10 * "拨缴"
      voucher: "记-2024-0001"
      Assets:102-银行存款  8000.00 CNY
      Income:402-拨缴经费收入
    2024-03-10 * "会员代表大会"
      voucher: "记-2024-0002"
      Expenses:505-业务支出:50502-会议支出  9000.00 CNY
      Assets:102-银行存款
    2024-04-10 * "职工书屋图书"
      voucher: "记-2024-0003"
      fund: "职工书屋建设"
      Expenses:503-职工服务支出:50304-职工书屋活动支出  4000.00 CNY
      Assets:102-银行存款
    """
    table = budget_execution.build(loaded.book, 2024)
    actual, status = _column(table, "actual"), _column(table, "status")
    assert actual["工会资金结转"] == D("4000.00")  # the carry-over used, never declared
    assert actual["工会资金结余"] == D("1000.00")  # 9,000 spent on 8,000 received
    assert status["工会资金结转"] == status["工会资金结余"] == budget_execution.UNBUDGETED
    assert actual["预计收入总额"] == actual["支出合计"] == D("13000.00")
    assert table.notes == ()


def test_upward_shares_due_after_the_year_end_are_not_yet_due(loaded: Loaded) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 custom "ghfund-option" "remit-days" 30
    2024-01-01 open Assets:102-银行存款
    2024-01-01 open Liabilities:211-应付上级经费
    2024-01-01 open Income:402-拨缴经费收入
    2024-11-10 custom "ghfund-payroll" 2024-10-31 100000.00 CNY
    2024-11-15 * "单位" "10月工会经费"
      voucher: "记-2024-0001"
      payroll: 2024-10-31
      Assets:102-银行存款  2000.00 CNY
      Income:402-拨缴经费收入  -1200.00 CNY
      Liabilities:211-应付上级经费  -800.00 CNY
    2024-12-10 custom "ghfund-payroll" 2024-11-30 100000.00 CNY
    2024-12-15 * "单位" "11月工会经费"
      voucher: "记-2024-0002"
      payroll: 2024-11-30
      Assets:102-银行存款  2000.00 CNY
      Income:402-拨缴经费收入  -1200.00 CNY
      Liabilities:211-应付上级经费  -800.00 CNY
    2024-12-10 * "上解10月经费"
      voucher: "记-2024-0003"
      Liabilities:211-应付上级经费  800.00 CNY
      Assets:102-银行存款
    """
    table = review.completion(loaded, 2024)
    due, actual = _column(table, "due"), _column(table, "actual")
    difference = _column(table, "difference")
    # the November share was received 12-15: due 2025-01-14, after the year end
    assert (due["上解经费"], actual["上解经费"], difference["上解经费"]) == (
        D("800.00"),
        D("800.00"),
        D("0.00"),
    )
    assert (due[review.PENDING], actual[review.PENDING]) == (D("800.00"), D("0.00"))
    assert difference[review.PENDING] is None


def test_an_audit_of_an_officer_still_in_office_is_titled_in_office(loaded: Loaded) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 open Assets:102-银行存款
    2024-01-01 open Income:401-会费收入
    2024-01-01 custom "ghfund-officer" "李四" "主席"
    2024-02-10 * "会费"
      voucher: "记-2024-0001"
      Assets:102-银行存款  500.00 CNY
      Income:401-会费收入
    """
    report = departure.report(loaded, "李四")
    assert report.title == "李四（主席）任中经济责任审计：任期经费收支情况"
    assert all("离任审计。" not in note for note in report.notes)


def test_detail_accounts_carry_the_system_s_names_and_old_names_still_match() -> None:
    names = {account.code: account.name for account in chart.BASE_CHART}
    assert names["50301"] == "劳动和技能竞赛活动支出"
    assert names["50303"] == "职工创新活动支出"
    assert names["50304"] == "职工书屋活动支出"
    assert names["50302"] == "建家活动支出"
    opened = {chart.account_name(account.code) for account in newbook.opened_accounts()}
    assert "Expenses:503-职工服务支出:50304-职工书屋活动支出" in opened  # ghfund init
    # a book keeping the old wording is matched by its code
    assert chart.parse("Expenses:503-职工服务支出:50304-职工书屋支出").code == "50304"
