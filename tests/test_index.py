"""The shared index of a book (ghfund.index) and the rules' paused garbage collector."""

from __future__ import annotations

import gc
from decimal import Decimal

from ghfund import index
from ghfund.book import Book
from ghfund.collector import collector_paused
from ghfund.plugins import all as plugin


def test_index_finds_each_rules_candidates(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 open Assets:101-库存现金
    2024-01-01 open Assets:102-银行存款
    2024-01-01 open Assets:162-固定资产
    2024-01-01 open Equity:301-资产基金
    2024-01-01 open Income:402-拨缴经费收入
    2024-01-01 open Expenses:501-职工活动支出
    2024-01-01 open Expenses:503-职工服务支出
    2024-01-02 * "拨缴"
      voucher: "记-2024-0001"
      payroll: "2024-01"
      Assets:102-银行存款  800.00 CNY
      Income:402-拨缴经费收入
    2024-01-03 * "慰问"
      voucher: "记-2024-0002"
      attachments: 3
      Expenses:501-职工活动支出  200.00 CNY
        event: "春节"
      Expenses:503-职工服务支出  50.00 CNY
      Expenses:503-职工服务支出  10.00 USD
      Assets:101-库存现金  -250.00 CNY
      Assets:101-库存现金  -10.00 USD
    2024-01-04 * "书屋"
      voucher: "记-2024-0003"
      fund: "书屋"
      Expenses:503-职工服务支出  -30.00 CNY
      Assets:102-银行存款
    2024-01-05 * "购置电脑"
      voucher: "记-2024-0004"
      preparer: "王五"
      reviewer: "李四"
      Assets:162-固定资产  6000.00 CNY
        asset: "电脑"
      Equity:301-资产基金
    """
    shared = index.of(book)
    assert index.of(book) is shared  # built once per book
    assert [t.meta["voucher"] for t in shared.transactions] == [
        f"记-2024-000{n}" for n in range(1, 5)
    ]
    assert shared.touching(["Assets:101-库存现金"]) == [1]
    assert shared.touching(["Assets:102-银行存款", "Expenses:503-职工服务支出"]) == [0, 1, 2]
    assert shared.account_txns["Expenses:503-职工服务支出"] == [1, 1, 2]
    assert [p.units.number for p in shared.account_postings["Assets:101-库存现金"]] == [
        Decimal("-250.00"),
        Decimal("-10.00"),
    ]
    assert [(i, p.units.number) for i, p in shared.on("Assets:101-库存现金")] == [
        (1, Decimal("-250.00")),
        (1, Decimal("-10.00")),
    ]
    assert list(shared.on("Assets:999-无")) == []
    # the book currency only; a refund is negative spending
    assert shared.spending == {1: Decimal("250.00"), 2: Decimal("-30.00")}
    assert list(shared.spending_at_least(Decimal("100"))) == [(1, Decimal("250.00"))]
    assert [total for _, total in shared.spending_at_least(Decimal("0"))] == [
        Decimal("0.00"),
        Decimal("250.00"),
        Decimal("-30.00"),
        Decimal("0.00"),
    ]
    assert {key: shared.with_key(key) for key in sorted(index.KEYS)} == {
        "asset": [3],
        "attachments": [1],
        "event": [1],
        "fund": [2],
        "payroll": [0],
        "reviewer": [3],
    }


def test_rules_run_with_the_collector_paused_and_restore_it(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 open Assets:102-银行存款
    2024-01-01 open Income:402-拨缴经费收入
    2024-01-02 * "拨缴"
      voucher: "记-2024-0001"
      Assets:102-银行存款  800.00 CNY
      Income:402-拨缴经费收入
    """
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    plugin.check_all(book.entries, book.options_map)
    assert gc.isenabled()
    gc.disable()
    try:
        plugin.check_all(book.entries, book.options_map)
        assert not gc.isenabled()  # left off as the caller had it
    finally:
        gc.enable()


def test_index_narrations_payees_tags_years(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2023-01-01 open Assets:102-银行存款
    2023-01-01 open Expenses:501-职工活动支出
    2023-12-31 * "结转" #closing
      voucher: "记-2023-0099"
      Expenses:501-职工活动支出  1.00 CNY
      Assets:102-银行存款
    2024-01-03 * " 市总工会 " "上缴上级
    经费"
      voucher: "记-2024-0001"
      Expenses:501-职工活动支出  100.00 CNY
      Assets:102-银行存款
    2024-02-03 * "购物卡发放" #closing
      voucher: 12
      Expenses:501-职工活动支出  100.00 CNY
      Assets:102-银行存款
    2024-03-03 txn "上缴"
      Expenses:501-职工活动支出  100.00 CNY
      Assets:102-银行存款
    2024-03-04 * "  " "经费"
      Expenses:501-职工活动支出  100.00 CNY
      Assets:102-银行存款
    """
    import re

    shared = index.of(book)
    assert shared.narrations == ["结转", "上缴上级\n经费", "购物卡发放", "上缴", "经费"]
    assert shared.vouchers == ["记-2023-0099", "记-2024-0001", Decimal(12), None, None]
    # one search over all narrations; a match never runs from one narration into the next
    assert shared.narrated(re.compile("上缴上级|购物卡")) == [1, 2]
    assert shared.narrated(re.compile(r"上缴.{0,8}?经费")) == []
    assert shared.narrated(re.compile("经费")) == [1, 4]
    assert shared.with_payee(["市总工会"]) == [1]  # payees compared stripped
    assert shared.with_payee([""]) == [0, 2, 3, 4]  # a blank name: no payee
    assert shared.with_payee(["区总工会"]) == []
    assert shared.with_tag("closing") == [0, 2]
    assert shared.with_tag("other") == []
    assert list(shared.in_year(2024)) == [1, 2, 3, 4]
    assert list(shared.in_year(2023)) == [0]
    assert list(shared.in_year(2025)) == []
