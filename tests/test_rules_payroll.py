"""What the payroll directives say: payroll-missing and gift-headcount; and where
allocation-short and dues-short sit (at the month's last receipt, naming the receipts)."""

from __future__ import annotations

from decimal import Decimal

from ghfund.book import Book
from ghfund.plugins import funding_rules, payroll_rules
from ghfund.plugins.all import RULES

D = Decimal


def test_runs_of_missing_payroll_months(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2024-02-10 custom "ghfund-payroll" 2024-01-31 1000000.00 CNY
    2024-03-10 custom "ghfund-payroll" 2024-02-29 1000000.00 CNY
    2024-07-10 custom "ghfund-payroll" 2024-06-30 1000000.00 CNY
    2024-09-10 custom "ghfund-payroll" 2024-08-31 1000000.00 CNY
    2025-01-10 custom "ghfund-payroll" 2024-12-31 1000000.00 CNY
    2025-02-10 custom "ghfund-payroll" 2025-01-31 1000000.00 CNY
    """
    errors = payroll_rules.check_payroll_recorded(book)
    assert all(isinstance(e, payroll_rules.PayrollMissingError) for e in errors)
    assert [e.key for e in errors] == ["2024-03", "2024-07", "2024-09"]
    assert "2024-03、2024-04、2024-05" in errors[0].message
    assert "缺少 1 个月：2024-07" in errors[1].message
    assert "2024-09、2024-10、2024-11" in errors[2].message  # across the year end: none
    assert [e.entry.date.isoformat() for e in errors] == ["2024-07-10", "2024-09-10", "2025-01-10"]


def test_payroll_entered_out_of_order_or_twice_is_complete(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2024-04-10 custom "ghfund-payroll" 2024-03-31 1000000.00 CNY
    2024-04-11 custom "ghfund-payroll" 2024-01-31 1000000.00 CNY
    2024-04-12 custom "ghfund-payroll" 2024-02-29 1000000.00 CNY
    2024-04-13 custom "ghfund-payroll" 2024-02-29 1000000.00 CNY
    """
    assert payroll_rules.check_payroll_recorded(book) == []


def test_a_book_without_payroll_is_silent(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 open Assets:102-银行存款
    """
    assert payroll_rules.check_payroll_recorded(book) == []
    assert payroll_rules.check_gift_headcount(book) == []


def test_headcount_against_the_members_of_the_gifts_month(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2023-12-31 open Assets:102-银行存款
    2023-12-31 open Expenses:501-职工活动支出:50105-会员活动支出
    2024-01-10 custom "ghfund-payroll" 2023-12-31 1000000.00 CNY
      members: 100
    2024-01-20 * "超市" "春节慰问品"
      voucher: "记-2024-0001"
      event: "节日慰问"
      headcount: 101
      Expenses:501-职工活动支出:50105-会员活动支出   30300.00 CNY
      Assets:102-银行存款
    2024-02-10 custom "ghfund-payroll" 2024-01-31 1000000.00 CNY
      members: 101
    2024-06-01 * "超市" "端午慰问品"
      voucher: "记-2024-0002"
      event: "节日慰问"
      headcount: 102
      Expenses:501-职工活动支出:50105-会员活动支出   20400.00 CNY
      Assets:102-银行存款
    2024-06-01 * "超市" "端午慰问品（补发）"
      voucher: "记-2024-0003"
      event: "节日慰问"
      headcount: 101
      Expenses:501-职工活动支出:50105-会员活动支出   20200.00 CNY
      Assets:102-银行存款
    """
    # January's 101 members (entered in February) count for the January gift; in June the
    # latest payroll month is January's, 101 members: 102 is one too many.
    [error] = payroll_rules.check_gift_headcount(book)
    assert isinstance(error, payroll_rules.GiftHeadcountError)
    assert (error.key, error.amount) == ("记-2024-0002", D("20400.00"))
    assert "102 人" in error.message and "101 人" in error.message


def test_headcount_against_the_members_option(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2023-12-31 open Assets:102-银行存款
    2023-12-31 open Expenses:501-职工活动支出:50105-会员活动支出
    2024-01-01 custom "ghfund-option" "members" 100
    2024-01-20 * "超市" "春节慰问品"
      voucher: "记-2024-0001"
      event: "节日慰问"
      headcount: 100
      Expenses:501-职工活动支出:50105-会员活动支出   30000.00 CNY
      Assets:102-银行存款
    2024-09-10 * "超市" "中秋慰问品"
      voucher: "记-2024-0002"
      event: "节日慰问"
      headcount: 200
      Expenses:501-职工活动支出:50105-会员活动支出   30000.00 CNY
      Assets:102-银行存款
    2024-09-11 * "张三" "生日慰问"
      voucher: "记-2024-0003"
      event: "生日慰问"
      member: "张三"
      Expenses:501-职工活动支出:50105-会员活动支出   150.00 CNY
      Assets:102-银行存款
    """
    assert book.settings.errors == ()
    [error] = payroll_rules.check_gift_headcount(book)
    assert (error.key, error.amount) == ("记-2024-0002", D("30000.00"))
    assert "设置项 members" in error.message


def test_allocation_short_sits_at_the_last_receipt_and_names_them(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2023-12-31 open Assets:102-银行存款
    2023-12-31 open Liabilities:211-应付上级经费
    2023-12-31 open Income:401-会费收入
    2023-12-31 open Income:402-拨缴经费收入
    2024-02-10 custom "ghfund-payroll" 2024-01-31 1000000.00 CNY
      dues-base: 800000.00 CNY
    2024-02-15 * "单位" "1月工会经费（第一笔）"
      voucher: "记-2024-0001"
      payroll: 2024-01-31
      Assets:102-银行存款             10000.00 CNY
      Income:402-拨缴经费收入         -6000.00 CNY
      Liabilities:211-应付上级经费    -4000.00 CNY
    2024-02-20 * "单位" "1月会费"
      voucher: "记-2024-0002"
      payroll: 2024-01-31
      Assets:102-银行存款              3000.00 CNY
      Income:401-会费收入
    2024-02-25 * "单位" "1月工会经费（第二笔）"
      voucher: "记-2024-0003"
      payroll: 2024-01-31
      Assets:102-银行存款              5000.00 CNY
      Income:402-拨缴经费收入         -3000.00 CNY
      Liabilities:211-应付上级经费    -2000.00 CNY
    2024-03-01 * "某某市总工会" "上解1月经费"
      voucher: "记-2024-0004"
      Liabilities:211-应付上级经费     6000.00 CNY
      Assets:102-银行存款
    2024-12-31 * "单位" "1月会费补缴"
      voucher: "记-2024-0005"
      payroll: 2024-01-31
      Assets:102-银行存款               900.00 CNY
      Income:401-会费收入
    """
    # Allocation: 20,000.00 due by 03-26, 15,000.00 received. Dues: 4,000.00 due; 3,900.00
    # received, 100.00 short, more than the 20.00 tolerance.
    [short] = funding_rules.check_allocation_received(book)
    assert (short.key, short.amount, short.voucher) == ("2024-01", D("5000.00"), "记-2024-0003")
    assert "计入：记-2024-0001 10,000.00 元、记-2024-0003 5,000.00 元" in short.message
    [dues] = funding_rules.check_dues_collected(book)
    assert (dues.key, dues.amount, dues.voucher) == ("2024-01", D("100.00"), "记-2024-0005")
    assert "记-2024-0002 3,000.00 元、记-2024-0005 900.00 元" in dues.message


def test_the_new_rules_are_registered() -> None:
    new = {"payroll-missing", "gift-headcount", "large-split", "voucher-gap"}
    assert new <= {rule.name for rule in RULES}
    assert not any(rule.structural for rule in RULES if rule.name in new)


def test_the_new_findings_are_acknowledged_by_their_keys(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2023-12-31 open Assets:102-银行存款
    2023-12-31 open Expenses:510-其他支出
    2024-06-10 custom "ghfund-payroll" 2024-01-31 1000000.00 CNY
    2024-06-10 custom "ghfund-payroll" 2024-04-30 1000000.00 CNY
    2024-06-11 * "银行" "手续费"
      voucher: "记-2024-0001"
      Expenses:510-其他支出  1.00 CNY
      Assets:102-银行存款
    2024-06-12 * "银行" "手续费"
      voucher: "记-2024-0003"
      Expenses:510-其他支出  1.00 CNY
      Assets:102-银行存款
    2024-06-20 custom "ghfund-ack" "payroll-missing" "2024-02"
      ref: "经审会〔2024〕5号"
    2024-06-20 custom "ghfund-ack" "voucher-gap" "记-2024-0003"
      ref: "经审会〔2024〕6号"
    """
    from ghfund.plugins.all import run

    findings = run(book)
    assert findings.open == ()
    assert sorted(e.rule for e, _ in findings.acknowledged) == ["payroll-missing", "voucher-gap"]
