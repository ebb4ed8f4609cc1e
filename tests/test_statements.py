"""工会01表 and 工会02表 on hand-built books: every line against arithmetic done here."""

from __future__ import annotations

import datetime
import textwrap
from decimal import Decimal

import pytest

from ghfund.book import Book
from ghfund.chart import CHART, Kind
from ghfund.closing import fund_balances
from ghfund.ledger import load_file, load_string
from ghfund.reports import statements
from ghfund.reports.balances import Sums
from ghfund.reports.model import Table
from tests.conftest import ROOT

D = Decimal

OPENS = """
option "operating_currency" "CNY"
2023-12-31 open Assets:101-库存现金
2023-12-31 open Assets:102-银行存款
2023-12-31 open Assets:135-其他应收款
2023-12-31 open Assets:141-库存物品
2023-12-31 open Assets:162-固定资产
2023-12-31 open Assets:163-累计折旧
2023-12-31 open Liabilities:211-应付上级经费
2023-12-31 open Liabilities:215-其他应付款
2023-12-31 open Equity:301-资产基金
2023-12-31 open Equity:321-工会资金结转
2023-12-31 open Equity:322-工会资金结余
2023-12-31 open Income:401-会费收入
2023-12-31 open Income:402-拨缴经费收入
2023-12-31 open Income:403-上级补助收入:40302-专项转移支付补助
2023-12-31 open Income:408-其他收入
2023-12-31 open Expenses:501-职工活动支出:50105-会员活动支出
2023-12-31 open Expenses:503-职工服务支出:50304-职工书屋支出
2023-12-31 open Expenses:505-业务支出
2023-12-31 open Expenses:507-资本性支出:50702-办公设备购置
"""

YEAR_2024 = """
2023-12-31 * "期初余额"
  voucher: "期初"
  Assets:101-库存现金            800.00 CNY
  Assets:102-银行存款         100000.00 CNY
  Assets:162-固定资产          12000.00 CNY
  Assets:163-累计折旧          -3000.00 CNY
  Liabilities:211-应付上级经费  -4000.00 CNY
  Equity:301-资产基金          -9000.00 CNY
  Equity:321-工会资金结转      -1500.00 CNY
  Equity:322-工会资金结余     -95300.00 CNY
2024-01-05 * "上解2023年12月拨缴经费"
  voucher: "记-2024-0001"
  Liabilities:211-应付上级经费   4000.00 CNY
  Assets:102-银行存款
2024-02-10 * "拨缴经费"
  voucher: "记-2024-0002"
  Assets:102-银行存款          10000.00 CNY
  Income:402-拨缴经费收入      -6000.00 CNY
  Liabilities:211-应付上级经费  -4000.00 CNY
2024-02-15 * "会费"
  voucher: "记-2024-0003"
  Assets:101-库存现金            500.00 CNY
  Income:401-会费收入
2024-03-01 * "专项补助：职工书屋"
  voucher: "记-2024-0004"
  Assets:102-银行存款           8000.00 CNY
  Income:403-上级补助收入:40302-专项转移支付补助
    fund: "书屋"
2024-04-01 * "书屋图书"
  voucher: "记-2024-0005"
  Expenses:503-职工服务支出:50304-职工书屋支出  6000.00 CNY
    fund: "书屋"
  Assets:102-银行存款
2024-05-01 * "节日慰问"
  voucher: "记-2024-0006"
  Expenses:501-职工活动支出:50105-会员活动支出  3000.00 CNY
  Assets:102-银行存款
2024-06-01 * "办公电脑"
  voucher: "记-2024-0007"
  Expenses:507-资本性支出:50702-办公设备购置  5000.00 CNY
  Assets:102-银行存款                       -5000.00 CNY
  Assets:162-固定资产                        5000.00 CNY
  Equity:301-资产基金                       -5000.00 CNY
2024-07-01 * "借出备用金"
  voucher: "记-2024-0008"
  Assets:135-其他应收款          700.00 CNY
  Assets:102-银行存款
2024-08-01 * "代管行政的活动款"
  voucher: "记-2024-0009"
  Assets:102-银行存款           2000.00 CNY
  Liabilities:215-其他应付款
2024-09-01 * "购入奖品入库"
  voucher: "记-2024-0010"
  Expenses:505-业务支出          300.00 CNY
  Assets:102-银行存款           -300.00 CNY
  Assets:141-库存物品            300.00 CNY
  Equity:301-资产基金           -300.00 CNY
2024-12-31 * "计提折旧"
  voucher: "记-2024-0011"
  Equity:301-资产基金           2400.00 CNY
  Assets:163-累计折旧
2024-12-31 * "利息"
  voucher: "记-2024-0012"
  Assets:102-银行存款             35.50 CNY
  Income:408-其他收入
"""

YEAR_2025 = """
2025-01-10 * "书屋图书（专项）"
  voucher: "记-2025-0001"
  Expenses:503-职工服务支出:50304-职工书屋支出  1200.00 CNY
    fund: "书屋"
  Assets:102-银行存款
2025-02-10 * "拨缴经费"
  voucher: "记-2025-0002"
  Assets:102-银行存款          11000.00 CNY
  Income:402-拨缴经费收入      -6600.00 CNY
  Liabilities:211-应付上级经费  -4400.00 CNY
2025-03-05 * "上解"
  voucher: "记-2025-0003"
  Liabilities:211-应付上级经费   4400.00 CNY
  Assets:102-银行存款
2025-04-01 * "以前年度少记利息，调整年初结余"
  voucher: "记-2025-0004"
  Assets:102-银行存款            250.00 CNY
  Equity:322-工会资金结余
2025-05-01 * "生日慰问"
  voucher: "记-2025-0005"
  Expenses:501-职工活动支出:50105-会员活动支出  4000.00 CNY
  Assets:101-库存现金           -300.00 CNY
  Assets:102-银行存款          -3700.00 CNY
2025-06-01 * "收回备用金"
  voucher: "记-2025-0006"
  Assets:102-银行存款            700.00 CNY
  Assets:135-其他应收款
2025-12-31 * "计提折旧"
  voucher: "记-2025-0007"
  Equity:301-资产基金           2600.00 CNY
  Assets:163-累计折旧
2025-12-31 * "利息"
  voucher: "记-2025-0008"
  Assets:102-银行存款             40.25 CNY
  Income:408-其他收入
"""

CLOSING_2024 = """
2024-12-31 * "年终结账（原系统）" #closing
  voucher: "记-2024-0013"
  Income:401-会费收入                              500.00 CNY
  Income:402-拨缴经费收入                         6000.00 CNY
  Income:403-上级补助收入:40302-专项转移支付补助  8000.00 CNY
  Income:408-其他收入                               35.50 CNY
  Expenses:501-职工活动支出:50105-会员活动支出   -3000.00 CNY
  Expenses:503-职工服务支出:50304-职工书屋支出   -6000.00 CNY
    fund: "书屋"
  Expenses:505-业务支出                           -300.00 CNY
  Expenses:507-资本性支出:50702-办公设备购置     -5000.00 CNY
  Equity:321-工会资金结转                        -2000.00 CNY
  Equity:322-工会资金结余                         1764.50 CNY
"""


def book_of(*parts: str) -> Book:
    loaded = load_string(textwrap.dedent("".join(parts)))
    assert not loaded.errors, loaded.errors
    return loaded.book


def column(table: Table, key: str) -> dict[str, Decimal]:
    return {record["item"]: record[key] for record in table.records()}  # type: ignore[misc]


def zero_lines(items: list[str]) -> dict[str, Decimal]:
    return dict.fromkeys(items, D("0.00"))


BALANCE_ITEMS = [line.item for line in statements.BALANCE_SHEET]


def expected_balance_sheet(
    cash: D, bank: D, other_receivable: D, stock: D, cost: D, depreciation: D,
    payable_upper: D, other_payable: D, asset_fund: D, carried: D, retained: D,
) -> dict[str, Decimal]:  # fmt: skip
    """Every line of 工会01表 from the account balances, by plain arithmetic."""
    current = cash + bank + other_receivable + stock
    net_fixed = cost - depreciation
    liabilities = payable_upper + other_payable
    net_assets = asset_fund + carried + retained
    return zero_lines(BALANCE_ITEMS) | {
        "货币资金": cash + bank,
        "其他应收款": other_receivable,
        "库存物品": stock,
        "流动资产合计": current,
        "固定资产原值": cost,
        "减：累计折旧": depreciation,
        "固定资产净值": net_fixed,
        "资产总计": current + net_fixed,
        "应付上级经费": payable_upper,
        "其他应付款": other_payable,
        "负债合计": liabilities,
        "资产基金": asset_fund,
        "工会资金结转": carried,
        "工会资金结余": retained,
        "净资产合计": net_assets,
        "负债与净资产总计": liabilities + net_assets,
    }


# Balances worked out by hand from YEAR_2024 and YEAR_2025.
END_2023 = {
    "cash": D("800.00"),
    "bank": D("100000.00"),
    "other_receivable": D("0.00"),
    "stock": D("0.00"),
    "cost": D("12000.00"),
    "depreciation": D("3000.00"),
    "payable_upper": D("4000.00"),
    "other_payable": D("0.00"),
    "asset_fund": D("9000.00"),
    "carried": D("1500.00"),
    "retained": D("95300.00"),
}
INCOME_2024 = {"401": D("500.00"), "402": D("6000.00"), "403": D("8000.00"), "408": D("35.50")}
SPENDING_2024 = {"501": D("3000.00"), "503": D("6000.00"), "505": D("300.00"), "507": D("5000.00")}
END_2024 = {
    "cash": D("800.00") + 500,
    "bank": D("100000.00") - 4000 + 10000 + 8000 - 6000 - 3000 - 5000 - 700 + 2000 - 300
    + D("35.50"),
    "other_receivable": D("700.00"),
    "stock": D("300.00"),
    "cost": D("12000.00") + 5000,
    "depreciation": D("3000.00") + 2400,
    "payable_upper": D("4000.00") - 4000 + 4000,
    "other_payable": D("2000.00"),
    "asset_fund": D("9000.00") + 5000 + 300 - 2400,
    "carried": D("1500.00") + 8000 - 6000,
    "retained": D("95300.00") + (500 + 6000 + D("35.50")) - (3000 + 5000 + 300),
}  # fmt: skip
INCOME_2025 = {"402": D("6600.00"), "408": D("40.25")}
SPENDING_2025 = {"501": D("4000.00"), "503": D("1200.00")}
ADJUSTED_2025 = D("250.00")
END_2025 = {
    "cash": END_2024["cash"] - 300,
    "bank": END_2024["bank"] - 1200 + 11000 - 4400 + 250 - 3700 + 700 + D("40.25"),
    "other_receivable": D("0.00"),
    "stock": D("300.00"),
    "cost": END_2024["cost"],
    "depreciation": END_2024["depreciation"] + 2600,
    "payable_upper": END_2024["payable_upper"] + 4400 - 4400,
    "other_payable": D("2000.00"),
    "asset_fund": END_2024["asset_fund"] - 2600,
    "carried": END_2024["carried"] - 1200,
    "retained": END_2024["retained"] + 250 + 6600 + D("40.25") - 4000,
}


def test_hand_sums_balance() -> None:
    for end in (END_2023, END_2024, END_2025):
        lines = expected_balance_sheet(**end)
        assert lines["资产总计"] == lines["负债与净资产总计"]


@pytest.mark.parametrize(
    ("year", "start", "end"), [(2024, END_2023, END_2024), (2025, END_2024, END_2025)]
)
def test_every_balance_sheet_line(year: int, start: dict[str, D], end: dict[str, D]) -> None:
    table = statements.balance_sheet(book_of(OPENS, YEAR_2024, YEAR_2025), year)
    assert [record["item"] for record in table.records()] == BALANCE_ITEMS
    assert column(table, "start") == expected_balance_sheet(**start)
    assert column(table, "end") == expected_balance_sheet(**end)
    assert not statements.unbalanced(table)
    assert table.notes[0].startswith("核对：资产总计 = 负债与净资产总计")
    assert (table.form, table.period) == ("工会01表", f"{year}年12月31日")


INCOME_ITEMS = [item for item, _ in statements.INCOME_LINES]
EXPENSE_ITEMS = [item for item, _ in statements.EXPENSE_LINES]


def expected_income_statement(
    start: dict[str, D], adjusted: D, income: dict[str, D], spending: dict[str, D],
    end: dict[str, D],
) -> list[Decimal]:  # fmt: skip
    """Every line of 工会02表, in order, by plain arithmetic."""
    by_code = dict(statements.INCOME_LINES) | dict(statements.EXPENSE_LINES)
    income_lines = [income.get(by_code[item], D(0)) for item in INCOME_ITEMS]
    spending_lines = [spending.get(by_code[item], D(0)) for item in EXPENSE_ITEMS]
    return [
        start["carried"] + start["retained"],
        start["carried"],
        start["retained"],
        adjusted,
        sum(income_lines, D(0)),
        *income_lines,
        sum(spending_lines, D(0)),
        *spending_lines,
        sum(income_lines, D(0)) - sum(spending_lines, D(0)),
        end["carried"] + end["retained"],
        end["carried"],
        end["retained"],
    ]


def test_every_income_statement_line_in_two_years() -> None:
    book = book_of(OPENS, YEAR_2024, YEAR_2025)
    table = statements.income_expenditure(book, 2025)
    records = table.records()
    assert [record["item"] for record in records] == [
        "一、年初资金结转结余",
        "（一）年初资金结转",
        "（二）年初资金结余",
        "二、资金结转结余调整及变动",
        "三、收入合计",
        *(f"（{n}）{item}" for n, item in zip(statements.NUMERALS, INCOME_ITEMS, strict=False)),
        "四、支出合计",
        *(f"（{n}）{item}" for n, item in zip(statements.NUMERALS, EXPENSE_ITEMS, strict=True)),
        "五、本期收支差额",
        "六、年末资金结转结余",
        "（一）年末资金结转",
        "（二）年末资金结余",
    ]
    assert [r["current"] for r in records] == expected_income_statement(
        END_2024, ADJUSTED_2025, INCOME_2025, SPENDING_2025, END_2025
    )
    assert [r["previous"] for r in records] == expected_income_statement(
        END_2023, D(0), INCOME_2024, SPENDING_2024, END_2024
    )
    assert not statements.unbalanced(table)
    # the year before the book starts: only its year-end balances (the opening balances)
    first = statements.income_expenditure(book, 2024)
    known = expected_income_statement(END_2023, D(0), {}, {}, END_2023)
    assert [r["previous"] for r in first.records()] == [None] * (len(known) - 3) + known[-3:]
    assert any(note.startswith("账本从 2024 年开始") for note in first.notes)


def test_start_of_year_is_end_of_the_year_before() -> None:
    book = load_file(ROOT / "ledgers" / "example" / "main.beancount").book
    for year in (2024, 2025):
        this = {r["item"]: r for r in statements.income_expenditure(book, year).records()}
        last = {r["item"]: r for r in statements.income_expenditure(book, year - 1).records()}
        for name in ("结转", "结余"):
            assert (
                this[f"（{'一' if name == '结转' else '二'}）年初资金{name}"]["current"]
                == (last[f"（{'一' if name == '结转' else '二'}）年末资金{name}"]["current"])
            )
        assert this["一、年初资金结转结余"]["current"] == last["六、年末资金结转结余"]["current"]
        assert this["六、年末资金结转结余"]["previous"] == last["六、年末资金结转结余"]["current"]
        sheet = column(statements.balance_sheet(book, year), "start")
        before = column(statements.balance_sheet(book, year - 1), "end")
        assert sheet == before


def test_balances_agree_with_the_virtual_closing() -> None:
    example = load_file(ROOT / "ledgers" / "example" / "main.beancount").book
    hand = book_of(OPENS, YEAR_2024, YEAR_2025)
    closed = book_of(OPENS, YEAR_2024, CLOSING_2024, YEAR_2025)
    for book in (example, hand, closed):
        sums = Sums.of(book)
        for year in book.years:
            virtual = fund_balances(book, datetime.date(year, 12, 31))
            balances = sums.closed(year)
            assert -balances.get("321", D(0)) == virtual.carried
            assert -balances.get("322", D(0)) == virtual.retained


def test_the_example_book_matches_its_author() -> None:
    book = load_file(ROOT / "ledgers" / "example" / "main.beancount").book
    end_2025 = column(statements.balance_sheet(book, 2025), "end")
    assert end_2025["货币资金"] == D("322880.85") + D("2581.20")
    assert (end_2025["工会资金结转"], end_2025["工会资金结余"]) == (D("0.00"), D("315032.43"))
    end_2024 = column(statements.balance_sheet(book, 2024), "end")
    assert end_2024["工会资金结转"] == D("20000.00")


def test_closing_entries_change_nothing() -> None:
    plain = book_of(OPENS, YEAR_2024, YEAR_2025)
    closed = book_of(OPENS, YEAR_2024, CLOSING_2024, YEAR_2025)
    for year in (2024, 2025):
        for build in (statements.balance_sheet, statements.income_expenditure):
            with_closing, without = build(closed, year), build(plain, year)
            assert with_closing.records() == without.records()
            assert not statements.unbalanced(with_closing)
    notes = statements.income_expenditure(closed, 2024).notes
    assert "本年有 1 笔标记 #closing 的结账分录，不计入收入、支出和调整及变动。" in notes


def test_a_closing_entry_that_mixes_up_earmarked_money_is_unbalanced() -> None:
    wrong = CLOSING_2024.replace('    fund: "书屋"\n', "")  # the 50304 line closes as ordinary
    table = statements.income_expenditure(book_of(OPENS, YEAR_2024, wrong), 2024)
    assert statements.unbalanced(table)
    problems = [note for note in table.notes if note.startswith("不平衡")]
    # 年末资金结转 counts the 6000 twice; 年末资金结余 misses it: off by 6000 both ways
    assert len(problems) == 2
    assert "年末资金结转" in problems[0] and "相差 -6,000.00" in problems[0]
    assert "年末资金结余" in problems[1] and "相差 6,000.00" in problems[1]


def test_an_account_off_the_chart_unbalances_the_balance_sheet() -> None:
    book = book_of(
        OPENS,
        YEAR_2024,
        """
2023-12-31 open Assets:Petty
2024-03-03 * "零用金"
  voucher: "记-2024-0099"
  Assets:Petty           100.00 CNY
  Assets:102-银行存款
""",
    )
    table = statements.balance_sheet(book, 2024)
    assert statements.unbalanced(table)
    (note,) = [n for n in table.notes if n.startswith("不平衡")]
    assert note.startswith(
        "不平衡：年末资产总计 114,835.50，负债与净资产总计 114,935.50，相差 -100.00"
    )
    assert "Assets:Petty（余额 100.00）" in note


def test_every_chart_account_has_a_line() -> None:
    shown = {code for line in statements.BALANCE_SHEET for code in line.codes}
    stocks = {a.code for a in CHART.values() if a.parent is None}
    stocks = {c for c in stocks if CHART[c].kind in (Kind.ASSET, Kind.LIABILITY, Kind.NET_ASSET)}
    assert shown == stocks
    for lines, kind in (
        (statements.INCOME_LINES, Kind.INCOME),
        (statements.EXPENSE_LINES, Kind.EXPENSE),
    ):
        codes = {a.code for a in CHART.values() if a.parent is None and a.kind is kind}
        assert {code for _, code in lines} == codes
        assert all(CHART[code].name == item for item, code in lines)


def test_amounts_in_another_currency_are_pointed_out() -> None:
    book = book_of(
        OPENS,
        YEAR_2024,
        """
2024-10-01 * "外币利息"
  voucher: "记-2024-0098"
  Assets:102-银行存款   3.00 USD
  Income:408-其他收入  -3.00 USD
""",
    )
    table = statements.balance_sheet(book, 2024)
    assert not statements.unbalanced(table)  # balanced in USD, so the identity still holds
    assert (
        "注意：账本中有 USD 金额，报表把它们按数字与 CNY 直接相加；请折算为 CNY 记账。"
        in table.notes
    )
    assert column(table, "end")["货币资金"] == END_2024["cash"] + END_2024["bank"] + 3
