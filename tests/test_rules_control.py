"""Internal control: large-no-decision, cash-limit, cash-payment, capital-no-asset."""

from __future__ import annotations

from decimal import Decimal

from ghfund.book import Book
from ghfund.ledger import Loaded
from ghfund.plugins.control import (
    CapitalNoAssetError,
    CashLimitError,
    CashPaymentError,
    LargeNoDecisionError,
    check_capital_recorded_as_assets,
    check_cash_payments_within_limit,
    check_cash_within_limit,
    check_large_items_decided,
)

D = Decimal


def test_large_items_need_a_decision_from_the_limit_on(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 open Assets:102-银行存款
    2024-01-01 open Expenses:505-业务支出:50501-培训支出
    2024-01-01 open Expenses:505-业务支出:50502-会议支出
    2024-01-10 * "设置之前：不检查"
      voucher: "记-2024-0001"
      Expenses:505-业务支出:50501-培训支出   90000.00 CNY
      Assets:102-银行存款
    2024-02-01 custom "ghfund-option" "large-expense" 20000.00 CNY
    2024-03-01 * "两项支出合计正好 20000，没有 decision"
      voucher: "记-2024-0002"
      Expenses:505-业务支出:50501-培训支出   12000.00 CNY
      Expenses:505-业务支出:50502-会议支出    8000.00 CNY
      Assets:102-银行存款
    2024-03-02 * "差 1 分"
      voucher: "记-2024-0003"
      Expenses:505-业务支出:50501-培训支出   19999.99 CNY
      Assets:102-银行存款
    2024-03-03 * "有集体决策"
      voucher: "记-2024-0004"
      decision: "工会委员会2024年第2次会议纪要"
      Expenses:505-业务支出:50501-培训支出   24800.00 CNY
      Assets:102-银行存款
    2024-03-04 * "decision 不是文字"
      voucher: "记-2024-0005"
      decision: TRUE
      Expenses:505-业务支出:50501-培训支出   30000.00 CNY
      Assets:102-银行存款
    """
    errors = check_large_items_decided(book)
    assert all(isinstance(e, LargeNoDecisionError) for e in errors)
    assert [(e.key, e.amount) for e in errors] == [
        ("记-2024-0002", D("20000.00")),
        ("记-2024-0005", D("30000.00")),
    ]
    assert "支出合计 20,000.00 元，达到大额支出标准 20,000.00 元" in errors[0].message
    assert "不是带引号的文字" in errors[1].message


def test_cash_limit_reports_one_finding_per_run_of_days(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 custom "ghfund-option" "cash-limit" 5000.00 CNY
    2024-01-01 open Assets:101-库存现金
    2024-01-01 open Assets:102-银行存款
    2024-01-01 open Expenses:505-业务支出:50504-其他业务支出
    2024-03-01 * "提现到正好 5000"
      voucher: "记-2024-0001"
      Assets:101-库存现金   5000.00 CNY
      Assets:102-银行存款
    2024-03-05 * "再提现：5000.01"
      voucher: "记-2024-0002"
      Assets:101-库存现金      0.01 CNY
      Assets:102-银行存款
    2024-03-07 * "又提现：7345"
      voucher: "记-2024-0003"
      Assets:101-库存现金   2344.99 CNY
      Assets:102-银行存款
    2024-03-10 * "当天付出又提回：日终仍超限"
      voucher: "记-2024-0004"
      Expenses:505-业务支出:50504-其他业务支出   3000.00 CNY
      Assets:101-库存现金
    2024-03-10 * ""
      voucher: "记-2024-0005"
      Assets:101-库存现金   1000.00 CNY
      Assets:102-银行存款
    2024-03-12 * "存入银行，回到 5000"
      voucher: "记-2024-0006"
      Assets:102-银行存款   345.00 CNY
      Assets:101-库存现金
    2024-05-01 custom "ghfund-option" "cash-limit" 3000.00 CNY
    2024-05-20 * "限额降低后：5000 超限，至账本最后日期"
      voucher: "记-2024-0007"
      Expenses:505-业务支出:50504-其他业务支出   10.00 CNY
      Assets:101-库存现金
    2024-06-30 * "账本最后一笔"
      voucher: "记-2024-0008"
      Expenses:505-业务支出:50504-其他业务支出   10.00 CNY
      Assets:102-银行存款
    """
    errors = check_cash_within_limit(book)
    assert all(isinstance(e, CashLimitError) for e in errors)
    assert [(e.key, e.amount) for e in errors] == [
        ("2024-03-05", D("7345.00")),
        ("2024-05-01", D("5000.00")),
    ]
    first, second = (e.message for e in errors)
    assert (
        "2024-03-05 至 2024-03-11 连续 7 天" in first and "最高 7,345.00 元（2024-03-07）" in first
    )
    assert errors[0].voucher == "记-2024-0002"
    assert "2024-05-01 至 2024-06-30 连续 61 天" in second and "限额 3,000.00 元" in second
    assert "仍未降到限额以内" in second


def test_cash_payment_over_the_limit_but_not_a_deposit(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 custom "ghfund-option" "cash-payment-limit" 1000.00 CNY
    2024-01-01 open Assets:101-库存现金
    2024-01-01 open Assets:102-银行存款
    2024-01-01 open Assets:135-其他应收款
    2024-01-01 open Expenses:501-职工活动支出:50105-会员活动支出
    2024-02-01 * "正好 1000"
      voucher: "记-2024-0001"
      Expenses:501-职工活动支出:50105-会员活动支出   1000.00 CNY
      Assets:101-库存现金
    2024-02-02 * "1000.01，两笔分录合计"
      voucher: "记-2024-0002"
      Expenses:501-职工活动支出:50105-会员活动支出   600.00 CNY
      Expenses:501-职工活动支出:50105-会员活动支出   400.01 CNY
      Assets:101-库存现金  -600.00 CNY
      Assets:101-库存现金
    2024-02-03 * "现金存入银行：不是支付"
      voucher: "记-2024-0003"
      Assets:102-银行存款   5000.00 CNY
      Assets:101-库存现金
    2024-02-04 * "借出备用金：是支付"
      voucher: "记-2024-0004"
      Assets:135-其他应收款   2000.00 CNY
      Assets:101-库存现金
    """
    errors = check_cash_payments_within_limit(book)
    assert all(isinstance(e, CashPaymentError) for e in errors)
    assert [(e.key, e.amount) for e in errors] == [
        ("记-2024-0002", D("1000.01")),
        ("记-2024-0004", D("2000.00")),
    ]
    assert "单笔现金支付 1,000.01 元，超过现金支付限额 1,000.00 元" in errors[0].message


def test_capital_spending_needs_the_asset_pair(loaded: Loaded) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 open Assets:102-银行存款
    2024-01-01 open Assets:162-固定资产
    2024-01-01 open Assets:171-无形资产
    2024-01-01 open Equity:301-资产基金
    2024-01-01 open Expenses:507-资本性支出:50702-办公设备购置
    2024-01-01 open Expenses:507-资本性支出:50706-信息网络购建
    2024-04-10 * "电脑：完整"
      voucher: "记-2024-0001"
      Expenses:507-资本性支出:50702-办公设备购置   6800.00 CNY
      Assets:102-银行存款  -6800.00 CNY
      Assets:162-固定资产   6800.00 CNY
      Equity:301-资产基金
    2024-04-11 * "软件：记无形资产"
      voucher: "记-2024-0002"
      Expenses:507-资本性支出:50706-信息网络购建   3000.00 CNY
      Assets:102-银行存款  -3000.00 CNY
      Assets:171-无形资产   3000.00 CNY
      Equity:301-资产基金
    2024-04-12 * "打印机：漏记资产"
      voucher: "记-2024-0003"
      Expenses:507-资本性支出:50702-办公设备购置   2500.00 CNY
      Assets:102-银行存款
    2024-04-13 * "投影仪：资产金额不符"
      voucher: "记-2024-0004"
      Expenses:507-资本性支出:50702-办公设备购置   4200.00 CNY
      Assets:102-银行存款  -4200.00 CNY
      Assets:162-固定资产   4000.00 CNY
      Equity:301-资产基金
    """
    assert loaded.errors == ()
    errors = check_capital_recorded_as_assets(loaded.book)
    assert all(isinstance(e, CapitalNoAssetError) for e in errors)
    assert [(e.key, e.amount) for e in errors] == [
        ("记-2024-0003", D("2500.00")),
        ("记-2024-0004", D("4200.00")),
    ]
    assert "资产增加 0.00 元、资产基金增加 0.00 元" in errors[0].message
    assert "资产增加 4,000.00 元、资产基金增加 4,000.00 元" in errors[1].message


def test_rules_without_their_option_stay_silent(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 open Assets:101-库存现金
    2024-01-01 open Expenses:505-业务支出:50501-培训支出
    2024-01-10 * "十万现金培训费"
      voucher: "记-2024-0001"
      Assets:101-库存现金   100000.00 CNY
      Expenses:505-业务支出:50501-培训支出   100000.00 CNY
      Assets:101-库存现金  -200000.00 CNY
    """
    assert check_large_items_decided(book) == []
    assert check_cash_within_limit(book) == []
    assert check_cash_payments_within_limit(book) == []


def test_beancounts_padding_moves_cash_but_pays_nothing(loaded: Loaded) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 custom "ghfund-option" "cash-payment-limit" 1000.00 CNY
    2024-01-01 custom "ghfund-option" "cash-limit" 5000.00 CNY
    2024-01-01 open Assets:101-库存现金
    2024-01-01 open Equity:322-工会资金结余
    2024-01-01 * "期初"
      voucher: "记-2024-0001"
      Assets:101-库存现金   8000.00 CNY
      Equity:322-工会资金结余
    2024-01-02 pad Assets:101-库存现金 Equity:322-工会资金结余
    2024-01-03 balance Assets:101-库存现金   3000.00 CNY
    """
    # the book has no plugin line, so ghfund runs after Beancount's pad and sees its entry
    assert loaded.errors == () and not loaded.plugin_enabled
    assert check_cash_payments_within_limit(loaded.book) == []
    errors = check_cash_within_limit(loaded.book)
    assert [(e.key, e.amount) for e in errors] == [("2024-01-01", D("8000.00"))]
    assert "2024-01-01 至 2024-01-01 连续 1 天" in errors[0].message
