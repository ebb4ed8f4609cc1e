"""budget-retroactive (先支后调) and budget-missing at their edges: an adjustment dated the
day of the crossing, one a day later, one not enough; years without a budget."""

from __future__ import annotations

from decimal import Decimal

from ghfund.book import Book
from ghfund.plugins.budget_rules import (
    BudgetRetroactiveError,
    check_budgets_not_overrun,
    check_spending_budget_in_force,
)
from ghfund.plugins.budget_years import BudgetMissingError, check_budget_exists

D = Decimal


def test_spending_past_the_budget_in_force_covered_by_a_later_adjustment(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 open Assets:102-银行存款
    2024-01-01 open Expenses:501-职工活动支出:50102-文体活动支出
    2024-01-20 custom "budget" Expenses:501-职工活动支出:50102-文体活动支出 "yearly" 10000.00 CNY
      approved: "工会委员会2024年第1次会议"
    2024-03-01 * "职工运动会"
      voucher: "记-2024-0001"
      Expenses:501-职工活动支出:50102-文体活动支出  9000.00 CNY
      Assets:102-银行存款
    2024-03-15 * "运动会奖品"
      voucher: "记-2024-0002"
      Expenses:501-职工活动支出:50102-文体活动支出  9000.00 CNY
      Assets:102-银行存款
    2024-04-01 * "拔河赛"
      voucher: "记-2024-0003"
      Expenses:501-职工活动支出:50102-文体活动支出  1000.00 CNY
      Assets:102-银行存款
    2024-09-10 custom "budget" Expenses:501-职工活动支出:50102-文体活动支出 "yearly" 20000.00 CNY
      approved: "工会委员会2024年第5次会议"
      adjustment: TRUE
    """
    errors = check_spending_budget_in_force(book)
    # once, at the crossing; the later 1,000.00 on a line already over is not repeated
    assert [(e.key, e.amount) for e in errors] == [("记-2024-0002", D("8000.00"))]
    assert isinstance(errors[0], BudgetRetroactiveError)
    message = errors[0].message
    assert "10,000.00" in message and "18,000.00" in message and "20,000.00" in message
    assert "2024-09-10" in message and "工会委员会2024年第5次会议" in message
    assert check_budgets_not_overrun(book) == ()  # the adjustment covers it in the end


def test_an_adjustment_approved_the_day_of_the_crossing_is_in_force(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 open Assets:102-银行存款
    2024-01-01 open Expenses:505-业务支出:50501-培训支出
    2024-01-20 custom "budget" Expenses:505-业务支出:50501-培训支出 "yearly" 1000.00 CNY
      approved: "工会委员会2024年第1次会议"
    2024-05-06 * "培训（调整当日）"
      voucher: "记-2024-0001"
      Expenses:505-业务支出:50501-培训支出  1500.00 CNY
      Assets:102-银行存款
    2024-05-06 custom "budget" Expenses:505-业务支出:50501-培训支出 "yearly" 2000.00 CNY
      approved: "工会委员会2024年第3次会议"
      adjustment: TRUE
    2024-06-01 * "培训（次日调整）"
      voucher: "记-2024-0002"
      Expenses:505-业务支出:50501-培训支出  600.00 CNY
      Assets:102-银行存款
    2024-06-02 custom "budget" Expenses:505-业务支出:50501-培训支出 "yearly" 2100.00 CNY
      approved: "工会委员会2024年第4次会议"
      adjustment: TRUE
    """
    errors = check_spending_budget_in_force(book)
    # the 05-06 spending is inside the budget approved that day; the 06-01 spending
    # crosses the 2,000.00 then in force and is covered by the adjustment of 06-02
    assert [(e.key, e.amount) for e in errors] == [("记-2024-0002", D("100.00"))]
    assert "2024-06-02" in errors[0].message


def test_an_adjustment_too_small_leaves_an_overrun_not_a_retroactive_finding(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 open Assets:102-银行存款
    2024-01-01 open Expenses:501-职工活动支出:50102-文体活动支出
    2024-01-20 custom "budget" Expenses:501-职工活动支出:50102-文体活动支出 "yearly" 10000.00 CNY
      approved: "工会委员会2024年第1次会议"
    2024-03-15 * "运动会"
      voucher: "记-2024-0001"
      Expenses:501-职工活动支出:50102-文体活动支出  18000.00 CNY
      Assets:102-银行存款
    2024-09-10 custom "budget" Expenses:501-职工活动支出:50102-文体活动支出 "yearly" 15000.00 CNY
      approved: "工会委员会2024年第5次会议"
      adjustment: TRUE
    """
    assert check_spending_budget_in_force(book) == ()
    assert [(e.key, e.amount) for e in check_budgets_not_overrun(book)] == [
        ("记-2024-0001", D("3000.00"))
    ]


def test_spending_before_the_budget_is_approved_counts_against_the_original(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 open Assets:102-银行存款
    2024-01-01 open Expenses:501-职工活动支出:50105-会员活动支出
    2024-01-10 * "春节慰问"
      voucher: "记-2024-0001"
      Expenses:501-职工活动支出:50105-会员活动支出  5000.00 CNY
      Assets:102-银行存款
    2024-01-25 custom "budget" Expenses:501-职工活动支出:50105-会员活动支出 "yearly" 6000.00 CNY
      approved: "工会委员会2024年第1次会议"
    2024-02-01 * "生日慰问"
      voucher: "记-2024-0002"
      Expenses:501-职工活动支出:50105-会员活动支出  2000.00 CNY
      Assets:102-银行存款
    2024-07-01 custom "budget" Expenses:501-职工活动支出:50105-会员活动支出 "yearly" 8000.00 CNY
      approved: "工会委员会2024年第3次会议"
      adjustment: TRUE
    """
    # January spending before the yearly budget is dated is inside it; February crosses it
    assert [(e.key, e.amount) for e in check_spending_budget_in_force(book)] == [
        ("记-2024-0002", D("1000.00"))
    ]


def test_a_year_with_spending_and_no_budget_is_one_finding(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2023-12-31 open Assets:102-银行存款
    2023-12-31 open Equity:322-工会资金结余
    2023-12-31 open Income:401-会费收入
    2023-12-31 open Expenses:505-业务支出:50502-会议支出
    2023-12-31 * "期初余额"
      voucher: "记-2023-0001"
      Assets:102-银行存款  50000.00 CNY
      Equity:322-工会资金结余
    2024-01-20 custom "budget" Expenses:505-业务支出:50502-会议支出 "yearly" 3000.00 CNY
      approved: "工会委员会2024年第1次会议"
    2024-03-01 * "会员代表大会"
      voucher: "记-2024-0001"
      Expenses:505-业务支出:50502-会议支出  2000.00 CNY
      Assets:102-银行存款
    2025-02-10 * "会费"
      voucher: "记-2025-0001"
      Assets:102-银行存款  400.00 CNY
      Income:401-会费收入
    2025-03-01 * "会员代表大会"
      voucher: "记-2025-0002"
      Expenses:505-业务支出:50502-会议支出  2500.00 CNY
      Assets:102-银行存款
    2025-04-01 * "会员代表大会"
      voucher: "记-2025-0003"
      Expenses:505-业务支出:50502-会议支出  100.00 CNY
      Assets:102-银行存款
    """
    errors = check_budget_exists(book)
    # 2023 holds only the opening balances; 2024 has its budget; 2025 has none
    assert [(e.key, e.amount) for e in errors] == [("2025", D("2600.00"))]
    assert isinstance(errors[0], BudgetMissingError)
    assert errors[0].source["lineno"] == 17  # the year's first income or spending
    assert "400.00" in errors[0].message


def test_a_book_that_keeps_no_budgets_is_left_alone(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 open Assets:102-银行存款
    2024-01-01 open Expenses:505-业务支出:50502-会议支出
    2024-03-01 * "会员代表大会"
      voucher: "记-2024-0001"
      Expenses:505-业务支出:50502-会议支出  2000.00 CNY
      Assets:102-银行存款
    """
    assert check_budget_exists(book) == []


def test_a_year_is_not_missing_its_budget_before_the_end_of_march(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 open Assets:102-银行存款
    2024-01-01 open Expenses:505-业务支出:50502-会议支出
    2024-01-20 custom "budget" Expenses:505-业务支出:50502-会议支出 "yearly" 3000.00 CNY
      approved: "工会委员会2024年第1次会议"
    2025-01-10 * "会场"
      voucher: "记-2025-0001"
      Expenses:505-业务支出:50502-会议支出  500.00 CNY
      Assets:102-银行存款
    2025-03-31 balance Assets:102-银行存款  -500.00 CNY
    """
    # the book reaches 31 March, the last day a budget may still arrive: not yet missing
    assert check_budget_exists(book) == []
