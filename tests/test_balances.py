"""The report sums and the narrower postings frames, against posting-by-posting arithmetic.

``Sums`` adds each account's postings a period at a time and moves only the postings of
transactions naming a fund or tagged #closing; the narrower frames build only some rows.
Both must give exactly what a plain walk over every posting gives.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from ghfund import chart
from ghfund.book import Book
from ghfund.closing import closes_into, fund_of, is_closing
from ghfund.ledger import Loaded, load_string
from ghfund.reports import account_levels, frames, notes
from ghfund.reports.account_levels import Amounts
from ghfund.reports.balances import Key, Sums

LEDGER = """
option "operating_currency" "CNY"
2023-01-01 open Assets:101-库存现金
2023-01-01 open Assets:102-银行存款
2023-01-01 open Assets:999-自编科目
2023-01-01 open Equity:321-工会资金结转
2023-01-01 open Equity:322-工会资金结余
2023-01-01 open Income:401-会费收入
2023-01-01 open Income:403-上级补助收入:40302-专项转移支付补助
2023-01-01 open Income:498-自编收入
2023-01-01 open Expenses:501-职工活动支出:50102-文体活动支出
2023-01-01 open Expenses:503-职工服务支出:50304-职工书屋支出
2023-01-10 * "会费"
  Assets:102-银行存款  800.00 CNY
  Income:401-会费收入
2023-03-01 * "专项补助（未写项目）"
  Assets:102-银行存款  300.00 CNY
  Income:403-上级补助收入:40302-专项转移支付补助
2023-04-01 * "书屋，一半专项"
  Expenses:503-职工服务支出:50304-职工书屋支出  100.00 CNY
    fund: "书屋"
  Expenses:503-职工服务支出:50304-职工书屋支出  20.00 CNY
  Assets:102-银行存款
2023-05-01 * "自编科目的收入，一部分属于专项"
  Assets:102-银行存款  70.00 CNY
  Income:498-自编收入  -30.00 CNY
    fund: "书屋"
  Income:498-自编收入  -40.00 CNY
2023-12-31 * "年终结账" #closing
  Income:401-会费收入  800.00 CNY
  Equity:322-工会资金结余
2023-12-31 * "年终结账（专项）" #closing
  fund: "书屋"
  Income:403-上级补助收入:40302-专项转移支付补助  300.00 CNY
  Expenses:503-职工服务支出:50304-职工书屋支出  -100.00 CNY
  Equity:321-工会资金结转
2024-02-01 * "整笔专项活动"
  fund: "职工之家"
  Expenses:501-职工活动支出:50102-文体活动支出  60.00 CNY
  Assets:101-库存现金
2024-03-31 * "零元冲销"
  Expenses:501-职工活动支出:50102-文体活动支出  0.00 CNY
  Assets:101-库存现金  0.00 CNY
2024-06-30 * "外币与自编科目"
  Assets:999-自编科目  10.00 USD
  Assets:102-银行存款  -10.00 USD
2024-07-01 * "直接调整结转"
  Equity:321-工会资金结转  -5.00 CNY
  Equity:322-工会资金结余  5.00 CNY
2024-08-01 * "外币专项收入"
  fund: "书屋"
  Assets:102-银行存款  12.00 USD
  Income:403-上级补助收入:40302-专项转移支付补助  -12.00 USD
2025-05-05 * "会费"
  Assets:101-库存现金  50.00 CNY
  Income:401-会费收入
"""

CUTS = (
    (),
    (datetime.date(2024, 3, 31),),
    (datetime.date(2023, 12, 30), datetime.date(2024, 6, 30), datetime.date(2026, 1, 1)),
    (datetime.date(2020, 1, 1),),
)


def _walked(
    book: Book, cuts: tuple[datetime.date, ...], currency: str | None = None
) -> dict[Key, Decimal]:
    """The sums by (period end, top, flow, earmarked, #closing), posting by posting."""
    result: dict[Key, Decimal] = {}
    for txn in book.transactions:
        end = min([c for c in cuts if c >= txn.date] + [datetime.date(txn.date.year, 12, 31)])
        for posting in txn.postings:
            top = chart.top_of(posting.account)
            if not top or posting.units is None or posting.units.number is None:
                continue
            if currency and posting.units.currency != currency:
                continue
            flow = posting.account.split(":")[0] in ("Income", "Expenses")
            key = (end, top, flow, fund_of(posting, txn) != "", is_closing(txn))
            result[key] = result.get(key, Decimal(0)) + posting.units.number
    return result


def _accounts(book: Book, date: datetime.date, tops: set[str]) -> dict[str, Decimal]:
    result: dict[str, Decimal] = {}
    for txn in book.transactions:
        for posting in txn.postings:
            if txn.date <= date and chart.top_of(posting.account) in tops:
                number = posting.units.number if posting.units else None
                result[posting.account] = result.get(posting.account, Decimal(0)) + (number or 0)
    return result


@pytest.mark.parametrize("cuts", CUTS)
def test_sums_match_a_walk_over_every_posting(cuts: tuple[datetime.date, ...]) -> None:
    book = load_string(LEDGER).book
    sums = Sums.of(book, cuts)
    assert sums.amounts == _walked(book, cuts)
    assert sums.currencies == {"CNY", "USD"}
    assert sums.closings == {2023: 2}
    in_cny = Sums.of(book, cuts, "CNY")
    assert in_cny.currencies == {"CNY", "USD"}
    assert in_cny.amounts == _walked(book, cuts, "CNY")
    assert sum(in_cny.accounts.values()) == 0  # each currency balances on its own
    year_end = datetime.date(2024, 12, 31)
    assert sums.off_chart(year_end) == {
        "Assets:999-自编科目": Decimal("10.00"),
        "Income:498-自编收入": Decimal("-70.00"),
    }
    assert sums.account_balances(year_end, ["101", "102"]) == _accounts(
        book, year_end, {"101", "102"}
    )
    assert in_cny.off_chart(year_end) == {"Income:498-自编收入": Decimal("-70.00")}
    assert sums.account_balances(year_end, ["101"]) == {"Assets:101-库存现金": Decimal("-60.00")}


def test_narrower_frames_hold_the_full_frames_rows(example: Loaded) -> None:
    """Each narrower frame has exactly the rows the full frame selects, in its order."""
    book = example.book
    full = frames.postings(book)
    assert len(full) > 100

    def same(narrow: object, mask: object) -> None:
        expected = full[mask].reset_index(drop=True)
        assert narrow.reset_index(drop=True).equals(expected)  # type: ignore[attr-defined]

    same(frames.in_years(book, 2024, 2024), full["year"] == 2024)
    same(frames.in_years(book, 2023, 2025), full["year"].between(2023, 2025))
    tops = frozenset({"102", "162", "501"})
    same(frames.on_accounts(book, tops), full["top"].isin(tops))
    picked = sorted(set(full["txn"].tolist()[::7]))
    same(frames.of_transactions(book, picked), full["txn"].isin(picked))


def _ledger_walk(book: Book, start: datetime.date, end: datetime.date) -> dict[str, Amounts]:
    """The books' amounts, posting by posting: earlier years' income and spending closed
    into 321/322 by fund, the rest opening on its account, then the period's movements."""
    result: dict[str, Amounts] = {}
    for txn in book.transactions:
        for posting in txn.postings:
            units = posting.units
            if units is None or units.number is None or units.currency != book.currency:
                continue
            account, number = posting.account, units.number
            if txn.date < start:
                if account.split(":")[0] in ("Income", "Expenses") and txn.date.year < start.year:
                    code = closes_into(chart.top_of(account), True, fund_of(posting, txn) != "")
                    account = account_levels.fund_account(book, code or "")
                values = Amounts(opening=number)
            elif txn.date <= end:
                values = Amounts(debit=number) if number > 0 else Amounts(credit=-number)
            else:
                continue
            result[account] = result.get(account, Amounts()) + values
    return result


@pytest.mark.parametrize(
    "start,end",
    [
        (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)),
        (datetime.date(2024, 7, 1), datetime.date(2024, 9, 30)),
        (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)),
        (datetime.date(2023, 1, 1), datetime.date(2025, 12, 31)),
    ],
)
def test_books_amounts_match_a_walk_over_every_posting(
    start: datetime.date, end: datetime.date
) -> None:
    """The 科目余额表's opening balances, debits and credits (book currency only)."""
    book = load_string(LEDGER).book
    assert account_levels.amounts(book, start, end) == _ledger_walk(book, start, end)


def test_the_fund_notes_rows_are_the_full_frames() -> None:
    """The 专项资金 note reads only the transactions that may bear on 321: every row the full
    frame would give it (a fund named, 321, 40302, #closing) is among them."""
    book = load_string(LEDGER).book
    full = frames.postings(book)
    wanted = (full["fund"] != "") | (full["top"] == "321") | full["closing"]
    narrow = notes._fund_postings(book)
    chosen = narrow[(narrow["fund"] != "") | (narrow["top"] == "321") | narrow["closing"]]
    assert wanted.sum() == 11  # 3 postings naming a fund, 2 on 40302, 5 #closing, 1 on 321
    assert chosen.reset_index(drop=True).equals(full[wanted].reset_index(drop=True))
