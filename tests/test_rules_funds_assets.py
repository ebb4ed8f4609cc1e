"""fund-overspent and asset-uncapitalized at their edges: a fund spent to the cent and one
cent more, opening 321 balances, same-day receipts; the capitalisation threshold, equipment
words, ``asset`` metadata, repairs, 507 left to capital-no-asset, the options."""

from __future__ import annotations

import datetime
from decimal import Decimal

from ghfund.book import Book
from ghfund.plugins.asset_rules import AssetUncapitalizedError, check_equipment_capitalized
from ghfund.plugins.funds import FundOverspentError, check_funds_not_overspent

D = Decimal


# --- fund-overspent ---------------------------------------------------------------------


def test_a_fund_spent_to_the_cent_passes_one_cent_more_is_reported_once(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2023-12-31 open Assets:102-银行存款
    2023-12-31 open Equity:321-工会资金结转
    2023-12-31 open Income:403-上级补助收入:40302-专项转移支付补助
    2023-12-31 open Expenses:503-职工服务支出:50304-职工书屋活动支出
    2023-12-31 * "期初余额"
      voucher: "记-2023-0001"
      Assets:102-银行存款  3000.00 CNY
      Equity:321-工会资金结转  -3000.00 CNY
        fund: "职工书屋建设"
    2024-05-10 * "市总工会" "职工书屋建设专项补助"
      voucher: "记-2024-0001"
      Assets:102-银行存款  7000.00 CNY
      Income:403-上级补助收入:40302-专项转移支付补助  -7000.00 CNY
        fund: "职工书屋建设"
    2024-06-10 * "书店" "职工书屋图书"
      voucher: "记-2024-0002"
      fund: "职工书屋建设"
      Expenses:503-职工服务支出:50304-职工书屋活动支出  10000.00 CNY
      Assets:102-银行存款
    2024-07-10 * "书店" "职工书屋图书"
      voucher: "记-2024-0003"
      fund: "职工书屋建设"
      Expenses:503-职工服务支出:50304-职工书屋活动支出  0.01 CNY
      Assets:102-银行存款
    2024-08-10 * "书店" "职工书屋期刊"
      voucher: "记-2024-0004"
      fund: "职工书屋建设"
      Expenses:503-职工服务支出:50304-职工书屋活动支出  500.00 CNY
      Assets:102-银行存款
    """
    errors = check_funds_not_overspent(book)
    # 3,000.00 carried in + 7,000.00 received = 10,000.00: the first cent more is the finding
    assert [(e.key, e.amount) for e in errors] == [("记-2024-0003", D("0.01"))]
    assert isinstance(errors[0], FundOverspentError)
    assert "职工书屋建设" in errors[0].message and "10,000.01" in errors[0].message


def test_a_receipt_on_the_day_of_the_spending_counts_first_and_funds_are_apart(
    book: Book,
) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 open Assets:102-银行存款
    2024-01-01 open Income:403-上级补助收入:40302-专项转移支付补助
    2024-01-01 open Expenses:504-维权支出:50404-困难职工帮扶支出
    2024-01-01 open Expenses:503-职工服务支出:50302-建家活动支出
    2024-03-01 * "困难职工帮扶"
      voucher: "记-2024-0001"
      Expenses:504-维权支出:50404-困难职工帮扶支出  2000.00 CNY
        fund: "困难帮扶"
      Assets:102-银行存款
    2024-03-01 * "市总工会" "困难帮扶专项"
      voucher: "记-2024-0002"
      Assets:102-银行存款  2000.00 CNY
      Income:403-上级补助收入:40302-专项转移支付补助  -2000.00 CNY
        fund: "困难帮扶"
    2024-04-01 * "模范职工之家"
      voucher: "记-2024-0003"
      Expenses:503-职工服务支出:50302-建家活动支出  800.00 CNY
        fund: "职工之家"
      Assets:102-银行存款
    """
    errors = check_funds_not_overspent(book)
    # 困难帮扶 is received the same day; 职工之家 never received anything
    assert [(e.key, e.amount) for e in errors] == [("记-2024-0003", D("800.00"))]


# --- asset-uncapitalized ----------------------------------------------------------------


def test_equipment_at_the_threshold_is_reported_below_it_is_not(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 open Assets:102-银行存款
    2024-01-01 open Expenses:503-职工服务支出:50302-建家活动支出
    2024-03-01 * "职工之家添置跑步机1台"
      voucher: "记-2024-0001"
      Expenses:503-职工服务支出:50302-建家活动支出  1000.00 CNY
      Assets:102-银行存款
    2024-03-02 * "职工之家添置投影仪1台"
      voucher: "记-2024-0002"
      Expenses:503-职工服务支出:50302-建家活动支出  999.99 CNY
      Assets:102-银行存款
    2024-03-03 * "职工之家活动用品"
      voucher: "记-2024-0003"
      asset: "按摩椅"
      Expenses:503-职工服务支出:50302-建家活动支出  3000.00 CNY
      Assets:102-银行存款
    2024-03-04 * "职工之家跑步机维修"
      voucher: "记-2024-0004"
      Expenses:503-职工服务支出:50302-建家活动支出  1200.00 CNY
      Assets:102-银行存款
    2024-03-05 * "合肥康体健身器材有限公司" "瑜伽垫、跳绳"
      voucher: "记-2024-0005"
      Expenses:503-职工服务支出:50302-建家活动支出  1500.00 CNY
      Assets:102-银行存款
    """
    errors = check_equipment_capitalized(book)
    # repairs are not purchases; the payee's name does not make consumables equipment
    assert [(e.key, e.amount) for e in errors] == [
        ("记-2024-0001", D("1000.00")),
        ("记-2024-0003", D("3000.00")),
    ]
    assert isinstance(errors[0], AssetUncapitalizedError)
    assert "跑步机" in errors[0].message and "按摩椅" in errors[1].message


def test_a_162_debit_capitalises_and_507_is_left_to_capital_no_asset(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 open Assets:102-银行存款
    2024-01-01 open Assets:162-固定资产
    2024-01-01 open Equity:301-资产基金
    2024-01-01 open Expenses:503-职工服务支出:50302-建家活动支出
    2024-01-01 open Expenses:507-资本性支出:50702-办公设备购置
    2024-08-21 * "职工之家添置跑步机1台"
      voucher: "记-2024-0001"
      Expenses:503-职工服务支出:50302-建家活动支出  8460.00 CNY
      Assets:102-银行存款  -8460.00 CNY
      Assets:162-固定资产  8460.00 CNY
        asset: "跑步机"
        category: "文艺体育设备"
        life: 5
      Equity:301-资产基金  -8460.00 CNY
    2024-09-01 * "购置办公电脑1台"
      voucher: "记-2024-0002"
      Expenses:507-资本性支出:50702-办公设备购置  6800.00 CNY
      Assets:102-银行存款
    """
    assert check_equipment_capitalized(book) == []


def test_the_options_raise_the_threshold_and_add_words(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 open Assets:102-银行存款
    2024-01-01 open Expenses:503-职工服务支出:50302-建家活动支出
    2024-06-01 custom "ghfund-option" "capital-threshold" 1500.00 CNY
    2024-06-01 custom "ghfund-option" "asset-words" "动感单车,椭圆机"
    2024-05-01 * "职工之家添置空调1台"
      voucher: "记-2024-0001"
      Expenses:503-职工服务支出:50302-建家活动支出  1200.00 CNY
      Assets:102-银行存款
    2024-07-01 * "职工之家添置空调1台"
      voucher: "记-2024-0002"
      Expenses:503-职工服务支出:50302-建家活动支出  1200.00 CNY
      Assets:102-银行存款
    2024-07-02 * "职工之家添置动感单车2台"
      voucher: "记-2024-0003"
      Expenses:503-职工服务支出:50302-建家活动支出  4000.00 CNY
      Assets:102-银行存款
    """
    errors = check_equipment_capitalized(book)
    # 1,200.00 reaches the default 1,000.00 in May, not the 1,500.00 in force from June
    assert [e.key for e in errors] == ["记-2024-0001", "记-2024-0003"]
    assert "1,500.00" in errors[1].message and "动感单车" in errors[1].message
    assert book.settings.errors == ()


def test_bad_capital_options_are_setting_errors_and_the_defaults_hold(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 custom "ghfund-option" "capital-threshold" "一千元"
    2024-01-01 custom "ghfund-option" "asset-words" " , "
    """
    problems = [error.message for error in book.settings.errors]
    assert len(problems) == 2
    assert "capital-threshold" in problems[0] and "asset-words" in problems[1]
    day = datetime.date(2024, 6, 1)
    assert (book.settings.capital_threshold(day), book.settings.asset_words(day)) == (
        D("1000.00"),
        (),
    )
