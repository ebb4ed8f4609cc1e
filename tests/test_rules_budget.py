"""The four budget rules at their edges: exactly at a limit, one cent over, adjustments, nesting."""

from __future__ import annotations

from decimal import Decimal

from ghfund.book import Book
from ghfund.ledger import Loaded
from ghfund.plugins.budget_rules import (
    BudgetDeficitError,
    BudgetOverrunError,
    BudgetUnapprovedError,
    BudgetUnbudgetedError,
    check_budgets_approved,
    check_budgets_balanced,
    check_budgets_not_overrun,
    check_spending_budgeted,
)

D = Decimal


def keys_and_amounts(errors: object) -> list[tuple[str, Decimal | None]]:
    return [(e.key, e.amount) for e in errors]  # type: ignore[attr-defined]


# --- budget-overrun ---------------------------------------------------------------------


def test_spending_exactly_at_the_budget_is_no_overrun_one_cent_more_is(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 open Assets:102-银行存款
    2024-01-01 open Expenses:501-职工活动支出:50102-文体活动支出
    2024-01-20 custom "budget" Expenses:501-职工活动支出:50102-文体活动支出 "yearly" 1000.00 CNY
      approved: "工会委员会2024年第1次会议"
    2024-03-01 * "篮球赛"
      voucher: "记-2024-0001"
      Expenses:501-职工活动支出:50102-文体活动支出  600.00 CNY
      Assets:102-银行存款
    2024-04-01 * "拔河赛"
      voucher: "记-2024-0002"
      Expenses:501-职工活动支出:50102-文体活动支出  400.00 CNY
      Assets:102-银行存款
    2024-05-01 * "奖品"
      voucher: "记-2024-0003"
      Expenses:501-职工活动支出:50102-文体活动支出  0.01 CNY
      Assets:102-银行存款
    2024-06-01 * "羽毛球赛"
      voucher: "记-2024-0004"
      Expenses:501-职工活动支出:50102-文体活动支出  500.00 CNY
      Assets:102-银行存款
    """
    errors = check_budgets_not_overrun(book)
    # reported once, at the crossing; later spending on a line already over is not repeated
    assert keys_and_amounts(errors) == [("记-2024-0003", D("0.01"))]
    assert isinstance(errors[0], BudgetOverrunError)
    assert "1,000.00" in errors[0].message and "1,000.01" in errors[0].message
    assert errors[0].source["lineno"] == 15


def test_the_effective_budget_counts_from_the_start_of_the_year(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 open Assets:102-银行存款
    2024-01-01 open Expenses:501-职工活动支出:50102-文体活动支出
    2024-01-01 open Expenses:505-业务支出:50501-培训支出
    2024-01-20 custom "budget" Expenses:501-职工活动支出:50102-文体活动支出 "yearly" 1000.00 CNY
      approved: "工会委员会2024年第1次会议"
    2024-01-20 custom "budget" Expenses:505-业务支出:50501-培训支出 "yearly" 1000.00 CNY
      approved: "工会委员会2024年第1次会议"
    2024-03-01 * "运动会"
      voucher: "记-2024-0001"
      Expenses:501-职工活动支出:50102-文体活动支出  1200.00 CNY
      Assets:102-银行存款
    2024-03-02 * "培训"
      voucher: "记-2024-0002"
      Expenses:505-业务支出:50501-培训支出  700.00 CNY
      Assets:102-银行存款
    2024-07-10 custom "budget" Expenses:501-职工活动支出:50102-文体活动支出 "yearly" 1200.00 CNY
      approved: "工会委员会2024年第4次会议"
      adjustment: TRUE
    2024-07-10 custom "budget" Expenses:505-业务支出:50501-培训支出 "yearly" 600.00 CNY
      approved: "工会委员会2024年第4次会议"
      adjustment: TRUE
    """
    # raised to 1200: the March spending of 1200 is within it; lowered to 600: the March
    # training (before the adjustment) already crosses the budget that the year ends with
    assert keys_and_amounts(check_budgets_not_overrun(book)) == [("记-2024-0002", D("100.00"))]


def test_parent_and_child_lines_each_report_their_own_crossing(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 open Assets:102-银行存款
    2024-01-01 open Expenses:505-业务支出:50501-培训支出
    2024-01-01 open Expenses:505-业务支出:50502-会议支出
    2024-01-20 custom "budget" Expenses:505-业务支出 "yearly" 60000.00 CNY
      approved: "1"
    2024-01-20 custom "budget" Expenses:505-业务支出:50501-培训支出 "yearly" 30000.00 CNY
      approved: "1"
    2024-04-01 * "培训"
      voucher: "记-2024-0001"
      Expenses:505-业务支出:50501-培训支出  32000.00 CNY
      Assets:102-银行存款
    2024-05-01 * "会议"
      voucher: "记-2024-0002"
      Expenses:505-业务支出:50502-会议支出  28000.00 CNY
      Assets:102-银行存款
    2024-06-01 * "培训和会议"
      voucher: "记-2024-0003"
      Expenses:505-业务支出:50501-培训支出  5.00 CNY
      Expenses:505-业务支出:50502-会议支出  5.00 CNY
      Assets:102-银行存款
    """
    errors = check_budgets_not_overrun(book)
    # 50501: 32000 > 30000 at 0001; 505: 32000 + 28000 = 60000 exactly at 0002 (no finding),
    # then 60010 at 0003; 50501 was already over, so 0003 crosses the parent only
    assert keys_and_amounts(errors) == [
        ("记-2024-0001", D("2000.00")),
        ("记-2024-0003", D("10.00")),
    ]
    assert "50501-培训支出" in errors[0].message and "Expenses:505-业务支出 " in errors[1].message


def test_one_transaction_can_cross_nested_lines_at_once(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 open Assets:102-银行存款
    2024-01-01 open Expenses:505-业务支出:50501-培训支出
    2024-01-20 custom "budget" Expenses:505-业务支出 "yearly" 30000.00 CNY
      approved: "1"
    2024-01-20 custom "budget" Expenses:505-业务支出:50501-培训支出 "yearly" 20000.00 CNY
      approved: "1"
    2024-04-01 * "培训"
      voucher: "记-2024-0001"
      Expenses:505-业务支出:50501-培训支出  35000.00 CNY
      Assets:102-银行存款
    """
    errors = check_budgets_not_overrun(book)
    assert keys_and_amounts(errors) == [
        ("记-2024-0001", D("5000.00")),
        ("记-2024-0001", D("15000.00")),
    ]


def test_refunds_lower_spending_closing_entries_do_not_count(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 open Assets:102-银行存款
    2024-01-01 open Equity:322-工会资金结余
    2024-01-01 open Expenses:501-职工活动支出:50102-文体活动支出
    2024-01-20 custom "budget" Expenses:501-职工活动支出:50102-文体活动支出 "yearly" 1000.00 CNY
      approved: "1"
    2024-03-01 * "运动会"
      voucher: "记-2024-0001"
      Expenses:501-职工活动支出:50102-文体活动支出  1000.50 CNY
      Assets:102-银行存款
    2024-03-10 * "退回多付的场地费"
      voucher: "记-2024-0002"
      Expenses:501-职工活动支出:50102-文体活动支出  -300.00 CNY
      Assets:102-银行存款
    2024-04-01 * "拔河赛"
      voucher: "记-2024-0003"
      Expenses:501-职工活动支出:50102-文体活动支出  299.50 CNY
      Assets:102-银行存款
    2024-04-02 * "奖品"
      voucher: "记-2024-0004"
      Expenses:501-职工活动支出:50102-文体活动支出  100.00 CNY
      Assets:102-银行存款
    2024-12-31 * "结账" #closing
      voucher: "记-2024-0005"
      Equity:322-工会资金结余  1100.00 CNY
      Expenses:501-职工活动支出:50102-文体活动支出  -1100.00 CNY
    2024-12-31 * "结账冲回" #closing
      voucher: "记-2024-0006"
      Expenses:501-职工活动支出:50102-文体活动支出  5000.00 CNY
      Equity:322-工会资金结余
    """
    # 1000.50 crosses (0.50 over); the refund brings it to 700.50; 1000.00 is at the budget;
    # 1100.00 crosses again, and that new crossing is reported at its own voucher
    errors = check_budgets_not_overrun(book)
    assert keys_and_amounts(errors) == [("记-2024-0001", D("0.50")), ("记-2024-0004", D("100.00"))]


def test_a_line_added_by_the_adjustment_is_checked_against_its_amount(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 open Assets:102-银行存款
    2024-01-01 open Expenses:503-职工服务支出:50304-职工书屋支出
    2024-08-10 * "图书"
      voucher: "记-2024-0001"
      Expenses:503-职工服务支出:50304-职工书屋支出  34000.01 CNY
      Assets:102-银行存款
    2024-07-10 custom "budget" Expenses:503-职工服务支出:50304-职工书屋支出 "yearly" 34000.00 CNY
      approved: "工会委员会2024年第4次会议"
      adjustment: TRUE
    """
    (error,) = check_budgets_not_overrun(book)
    assert (error.key, error.amount) == ("记-2024-0001", D("0.01"))
    assert "调整后预算 34,000.00" in error.message


# --- budget-unbudgeted ------------------------------------------------------------------


def test_a_book_without_budgets_is_left_alone(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 open Assets:102-银行存款
    2024-01-01 open Expenses:510-其他支出
    2024-03-01 * "网银年费"
      voucher: "记-2024-0001"
      Expenses:510-其他支出  260.00 CNY
      Assets:102-银行存款
    """
    assert not check_spending_budgeted(book)
    assert not check_budgets_not_overrun(book)
    assert not check_budgets_balanced(book)


def test_spending_outside_every_budget_line_once_per_transaction(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2023-01-01 open Assets:102-银行存款
    2023-01-01 open Income:402-拨缴经费收入
    2023-01-01 open Expenses:501-职工活动支出:50101-职工教育支出
    2023-01-01 open Expenses:501-职工活动支出:50102-文体活动支出
    2023-01-01 open Expenses:505-业务支出:50502-会议支出
    2023-01-01 open Expenses:510-其他支出
    2023-05-01 * "2023 年没有预算"
      voucher: "记-2023-0001"
      Expenses:510-其他支出  10.00 CNY
      Assets:102-银行存款
    2024-01-20 custom "budget" Income:402-拨缴经费收入 "yearly" 9000.00 CNY
      approved: "1"
    2024-01-20 custom "budget" Expenses:501-职工活动支出:50102-文体活动支出 "yearly" 8000.00 CNY
      approved: "1"
    2024-01-20 custom "budget" Expenses:505-业务支出 "yearly" 1000.00 CNY
      approved: "1"
    2024-03-01 * "教育和网银年费"
      voucher: "记-2024-0001"
      Expenses:501-职工活动支出:50101-职工教育支出  300.00 CNY
      Expenses:510-其他支出  260.00 CNY
      Expenses:501-职工活动支出:50102-文体活动支出  100.00 CNY
      Assets:102-银行存款
    2024-03-02 * "会议（上级科目有预算）"
      voucher: "记-2024-0002"
      Expenses:505-业务支出:50502-会议支出  500.00 CNY
      Assets:102-银行存款
    2024-03-03 * "退回网银年费"
      voucher: "记-2024-0003"
      Expenses:510-其他支出  -260.00 CNY
      Assets:102-银行存款
    2024-12-31 * "结账" #closing
      voucher: "记-2024-0004"
      Expenses:510-其他支出  1.00 CNY
      Assets:102-银行存款
    """
    (error,) = check_spending_budgeted(book)
    assert isinstance(error, BudgetUnbudgetedError)
    assert (error.key, error.amount) == ("记-2024-0001", D("560.00"))
    assert "50101-职工教育支出 300.00" in error.message and "510-其他支出 260.00" in error.message


def test_a_budget_on_a_sibling_covers_nothing(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 open Assets:102-银行存款
    2024-01-01 open Expenses:501-职工活动支出:50102-文体活动支出
    2024-01-01 open Expenses:501-职工活动支出:501021-本单位明细
    2024-01-20 custom "budget" Expenses:501-职工活动支出:50102-文体活动支出 "yearly" 8000.00 CNY
      approved: "1"
    2024-03-01 * "x"
      voucher: "记-2024-0001"
      Expenses:501-职工活动支出:501021-本单位明细  1.00 CNY
      Assets:102-银行存款
    """
    assert keys_and_amounts(check_spending_budgeted(book)) == [("记-2024-0001", D("1.00"))]


# --- budget-deficit ---------------------------------------------------------------------

BALANCED = """
option "operating_currency" "CNY"
2023-01-01 open Assets:102-银行存款
2023-01-01 open Equity:322-工会资金结余
2023-01-01 open Equity:321-工会资金结转
2023-01-01 open Income:402-拨缴经费收入
2023-01-01 open Income:403-上级补助收入:40302-专项转移支付补助
2023-01-01 open Expenses:501-职工活动支出:50102-文体活动支出
2023-01-01 open Expenses:501-职工活动支出:50105-会员活动支出
2023-12-31 * "期初余额"
  voucher: "记-2023-0000"
  Assets:102-银行存款  5000.00 CNY
  Equity:322-工会资金结余
2024-01-20 custom "budget" Income:402-拨缴经费收入 "yearly" 10000.00 CNY
  approved: "工会委员会2024年第1次会议"
2024-01-20 custom "budget" Equity:322-工会资金结余 "yearly" 5000.00 CNY
  approved: "工会委员会2024年第1次会议"
2024-01-20 custom "budget" Expenses:501-职工活动支出 "yearly" 15000.00 CNY
  approved: "工会委员会2024年第1次会议"
2024-01-20 custom "budget" Expenses:501-职工活动支出:50105-会员活动支出 "yearly" 9000.00 CNY
  approved: "工会委员会2024年第1次会议"
"""


def load(text: str) -> Book:
    from ghfund.ledger import load_string

    return load_string(text).book


def test_spending_budget_exactly_covered_by_income_and_draw() -> None:
    # 15000 ≤ 10000 + 5000; the nested 50105 line counts once; the draw equals the balance
    assert check_budgets_balanced(load(BALANCED)) == []


def test_one_cent_of_deficit_is_a_finding() -> None:
    text = BALANCED.replace("15000.00 CNY", "15000.01 CNY")
    (error,) = check_budgets_balanced(load(text))
    assert isinstance(error, BudgetDeficitError)
    assert (error.key, error.amount) == ("2024", D("0.01"))
    assert "年初预算" in error.message and "15,000.01" in error.message


def test_a_draw_larger_than_last_years_balance() -> None:
    text = BALANCED.replace("5000.00 CNY\n  Equity:322", "4999.99 CNY\n  Equity:322")
    (error,) = check_budgets_balanced(load(text))
    assert (error.key, error.amount) == ("2024", D("0.01"))
    assert "322" in error.message and "4,999.99" in error.message
    assert error.source["lineno"] == 16  # the draw's directive


def test_a_draw_on_321_is_measured_against_earmarked_balances() -> None:
    text = BALANCED + (
        '2023-06-01 * "专项补助"\n  voucher: "记-2023-0001"\n'
        "  Assets:102-银行存款  800.00 CNY\n  Income:403-上级补助收入:40302-专项转移支付补助\n"
        '2024-01-20 custom "budget" Equity:321-工会资金结转 "yearly" 1000.00 CNY\n'
        '  approved: "工会委员会2024年第1次会议"\n'
    )
    # 321 holds the 800 of earmarked income of 2023; the 1000 draw exceeds it by 200.
    # The extra draw also leaves the budget in surplus: no deficit.
    (error,) = check_budgets_balanced(load(text))
    assert error.amount == D("200.00") and "321" in error.message


def test_draws_are_not_checked_when_the_book_starts_in_the_year() -> None:
    text = BALANCED.replace('2023-12-31 * "期初余额"', '2024-01-01 * "期初余额"')
    assert check_budgets_balanced(load(text)) == []


def test_an_adjustment_that_opens_a_deficit_is_reported_at_the_adjustment() -> None:
    text = BALANCED + (
        '2024-07-10 custom "budget" Expenses:501-职工活动支出 "yearly" 16000.00 CNY\n'
        '  approved: "工会委员会2024年第4次会议"\n  adjustment: TRUE\n'
    )
    (error,) = check_budgets_balanced(load(text))
    assert (error.key, error.amount) == ("2024", D("1000.00"))
    assert "调整后预算" in error.message and error.source["lineno"] == 22


def test_a_january_deficit_is_reported_even_when_the_adjustment_repairs_it() -> None:
    text = BALANCED.replace("15000.00 CNY", "15500.00 CNY") + (
        '2024-07-10 custom "budget" Income:402-拨缴经费收入 "yearly" 10500.00 CNY\n'
        '  approved: "工会委员会2024年第4次会议"\n  adjustment: TRUE\n'
    )
    (error,) = check_budgets_balanced(load(text))
    assert error.amount == D("500.00") and "年初预算" in error.message


def test_a_deficit_unchanged_by_the_adjustment_is_reported_once() -> None:
    text = BALANCED.replace("15000.00 CNY", "15500.00 CNY") + (
        '2024-07-10 custom "budget" Expenses:501-职工活动支出:50105-会员活动支出 "yearly" 9500.00 CNY\n'
        '  approved: "工会委员会2024年第4次会议"\n  adjustment: TRUE\n'
    )
    assert [e.amount for e in check_budgets_balanced(load(text))] == [D("500.00")]


def test_spending_budgets_without_income_budgets() -> None:
    text = BALANCED.replace('Income:402-拨缴经费收入 "yearly"', 'Income:402-拨缴经费收入 "monthly"')
    (error,) = check_budgets_balanced(load(text))
    assert error.amount == D("10000.00") and "没有收入预算" in error.message


# --- budget-unapproved ------------------------------------------------------------------


def test_every_budget_and_adjustment_names_its_own_approval(loaded: Loaded) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 open Expenses:501-职工活动支出:50101-职工教育支出
    2024-01-01 open Expenses:501-职工活动支出:50102-文体活动支出
    2024-01-01 open Expenses:501-职工活动支出:50103-宣传活动支出
    2024-01-01 open Expenses:501-职工活动支出:50104-劳模职工疗休养支出
    2024-01-01 open Expenses:503-职工服务支出:50304-职工书屋支出
    2024-01-01 open Expenses:510-其他支出
    2024-01-20 custom "budget" Expenses:501-职工活动支出:50101-职工教育支出 "yearly" 100.00 CNY
    2024-01-20 custom "budget" Expenses:501-职工活动支出:50102-文体活动支出 "yearly" 200.00 CNY
      approved: "  "
    2024-01-20 custom "budget" Expenses:501-职工活动支出:50103-宣传活动支出 "yearly" 300.00 CNY
      approved: "工会委员会2024年第1次会议"
    2024-01-20 custom "budget" Expenses:501-职工活动支出:50104-劳模职工疗休养支出 "yearly" 400.00 CNY
      approved: "工会委员会2024年第1次会议"
    2024-01-20 custom "budget" Expenses:510-其他支出 "yearly" 500.00 CNY
      approved: "工会委员会2024年第1次会议"
    2024-01-20 custom "budget" Expenses:510-其他支出 "monthly" 10.00 CNY
    2024-07-10 custom "budget" Expenses:501-职工活动支出:50103-宣传活动支出 "yearly" 350.00 CNY
      adjustment: TRUE
    2024-07-10 custom "budget" Expenses:501-职工活动支出:50104-劳模职工疗休养支出 "yearly" 450.00 CNY
      approved: "工会委员会2024年第4次会议"
    2024-07-10 custom "budget" Expenses:510-其他支出 "yearly" 550.00 CNY
      approved: "工会委员会2024年第1次会议"
      adjustment: TRUE
    2024-07-10 custom "budget" Expenses:503-职工服务支出:50304-职工书屋支出 "yearly" 600.00 CNY
      adjustment: TRUE
    2024-08-10 custom "budget" Expenses:501-职工活动支出:50104-劳模职工疗休养支出 "yearly" 480.00 CNY
      approved: "工会委员会2024年第5次会议"
      adjustment: TRUE
    """
    # a blank approval is no approval, not malformed; the monthly budget is (and not counted)
    (monthly,) = loaded.book.directives.errors
    assert monthly.source["lineno"] == 18 and "yearly" in monthly.message
    errors = check_budgets_approved(loaded.book)
    assert all(isinstance(e, BudgetUnapprovedError) and e.key == "2024" for e in errors)
    found = sorted((e.source["lineno"], e.amount) for e in errors)
    assert found == [
        (9, D("100.00")),  # no approved
        (10, D("200.00")),  # blank approved
        (19, D("50.00")),  # adjustment without approval: the change is at issue
        (21, D("50.00")),  # a change not marked adjustment: TRUE
        (23, D("50.00")),  # the adjustment cites the original's approval
        (26, D("600.00")),  # a line added by an unapproved adjustment
    ]  # line 28 (a marked, approved second adjustment) and the monthly budget are not at issue
    messages = {e.source["lineno"]: e.message for e in errors}
    assert "adjustment: TRUE" in messages[21] and "第1次会议" in messages[23]


def test_a_negative_opening_balance_allows_no_draw() -> None:
    text = BALANCED.replace("5000.00 CNY\n  Equity:322", "-100.00 CNY\n  Equity:322")
    no_draw = text.replace(
        'Equity:322-工会资金结余 "yearly" 5000.00', 'Equity:322-工会资金结余 "yearly" 0.00'
    )
    # without the draw the budget is in deficit, but a zero draw is not beyond the balance
    assert [e.amount for e in check_budgets_balanced(load(no_draw))] == [D("5000.00")]
    assert [e.amount for e in check_budgets_balanced(load(text))] == [D("5100.00")]


def test_budget_reviewed_requires_the_audit_committees_review_from_its_date(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2024-07-01 custom "ghfund-option" "budget-reviewed" TRUE
    2024-01-20 custom "budget" Income:402-拨缴经费收入 "yearly" 300.00 CNY
      approved: "工会委员会2024年第1次会议"
    2024-01-20 custom "budget" Expenses:510-其他支出 "yearly" 260.00 CNY
      approved: "工会委员会2024年第1次会议"
    2024-07-10 custom "budget" Expenses:510-其他支出 "yearly" 300.00 CNY
      approved: "工会委员会2024年第4次会议"
      reviewed: "经审会2024年第2次会议"
      adjustment: TRUE
    2024-07-10 custom "budget" Income:402-拨缴经费收入 "yearly" 300.00 CNY
      approved: "工会委员会2024年第4次会议"
      adjustment: TRUE
    """
    errors = check_budgets_approved(book)
    # before the option, no review was asked; after it, the unreviewed adjustment is reported
    assert [(e.entry.date.isoformat(), e.amount) for e in errors] == [("2024-07-10", D("0.00"))]
    assert "reviewed" in errors[0].message and "Income:402" in errors[0].message
