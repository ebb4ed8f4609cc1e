"""Virtual closing into 321/322, with #closing entries from another system."""

from __future__ import annotations

import datetime
from decimal import Decimal

from ghfund.book import Book
from ghfund.closing import FundBalances, fund_balances, fund_balances_at


def test_virtual_closing_splits_earmarked_and_ignores_closing_entries(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2023-01-01 open Assets:102-银行存款
    2023-01-01 open Equity:321-工会资金结转
    2023-01-01 open Equity:322-工会资金结余
    2023-01-01 open Income:402-拨缴经费收入
    2023-01-01 open Income:403-上级补助收入:40302-专项转移支付补助
    2023-01-01 open Expenses:503-职工服务支出:50304-职工书屋支出
    2022-12-31 * "期初"
      voucher: "0"
      Assets:102-银行存款  1000.00 CNY
      Equity:322-工会资金结余
    2023-02-01 * "拨缴"
      voucher: "1"
      Assets:102-银行存款  500.00 CNY
      Income:402-拨缴经费收入
    2023-03-01 * "专项补助"
      voucher: "2"
      Assets:102-银行存款  300.00 CNY
      Income:403-上级补助收入:40302-专项转移支付补助
    2023-04-01 * "书屋（专项）"
      voucher: "3"
      Expenses:503-职工服务支出:50304-职工书屋支出  120.00 CNY
        fund: "书屋"
      Assets:102-银行存款
    2023-12-31 * "年终结账" #closing
      voucher: "4"
      Income:402-拨缴经费收入  500.00 CNY
      Equity:322-工会资金结余
    """
    end = fund_balances(book, datetime.date(2023, 12, 31))
    assert (end.carried, end.retained) == (Decimal("180.00"), Decimal("1500.00"))
    before = fund_balances(book, datetime.date(2023, 2, 28))
    assert (before.carried, before.retained) == (Decimal("0.00"), Decimal("1500.00"))
    dates = [datetime.date(2023, 12, 31), datetime.date(2022, 1, 1), datetime.date(2023, 2, 28)]
    assert fund_balances_at(book, dates) == {
        datetime.date(2022, 1, 1): FundBalances(Decimal("0.00"), Decimal("0.00")),
        datetime.date(2023, 2, 28): before,
        datetime.date(2023, 12, 31): end,
    }
