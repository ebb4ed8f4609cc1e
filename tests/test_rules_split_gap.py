"""large-split (a large purchase paid in parts) and voucher-gap (voucher numbers skipped)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ghfund.book import Book
from ghfund.ledger import load_string
from ghfund.plugins import splitting, voucher_rules

D = Decimal

HEADER = """
option "operating_currency" "CNY"
2023-12-31 open Assets:102-银行存款
2023-12-31 open Expenses:501-职工活动支出:50102-文体活动支出
2023-12-31 open Expenses:503-职工服务支出:50302-建家活动支出
2024-01-01 custom "ghfund-option" "large-expense" 20000.00 CNY
"""

PAY = """
{date} * "{payee}" "{what}"
  voucher: "{voucher}"{extra}
  Expenses:503-职工服务支出:50302-建家活动支出   {amount} CNY
  Assets:102-银行存款
"""


def split_book(*payments: tuple[str, str, str, str], extra: str = "", days: str = "") -> Book:
    """payments: (date, payee, voucher, amount)."""
    option = f'2024-01-01 custom "ghfund-option" "large-split-days" {days}\n' if days else ""
    text = HEADER + option
    for date, payee, voucher, amount in payments:
        text += PAY.format(
            date=date, payee=payee, what="健身器材", voucher=voucher, amount=amount, extra=""
        )
    text += extra
    loaded = load_string(text)
    assert loaded.errors == (), [e.message for e in loaded.errors]
    return loaded.book


def test_two_payments_three_days_apart_reach_the_line() -> None:
    book = split_book(
        ("2024-05-06", "某某体育用品公司", "记-2024-0040", "12000.00"),
        ("2024-05-09", "某某体育用品公司", "记-2024-0041", "11000.00"),
    )
    [error] = splitting.check_large_items_not_split(book)
    assert isinstance(error, splitting.LargeSplitError)
    assert (error.key, error.amount) == ("记-2024-0041", D("23000.00"))
    assert "记-2024-0040" in error.message and "3 天内" in error.message


@pytest.mark.parametrize(
    ("second", "days", "found"),
    [
        ("2024-05-13", "", True),  # 7 days after: within the default 7
        ("2024-05-14", "", False),  # 8 days after
        ("2024-05-14", "10", True),
    ],
)
def test_the_window_is_large_split_days(second: str, days: str, found: bool) -> None:
    book = split_book(
        ("2024-05-06", "某某体育用品公司", "记-2024-0040", "12000.00"),
        (second, "某某体育用品公司", "记-2024-0041", "11000.00"),
        days=days,
    )
    assert bool(splitting.check_large_items_not_split(book)) is found


def test_below_the_line_other_payees_and_large_ones_are_not_split() -> None:
    book = split_book(
        ("2024-05-06", "某某体育用品公司", "记-2024-0040", "9000.00"),
        ("2024-05-07", "某某体育用品公司", "记-2024-0041", "10999.99"),  # 19,999.99
        ("2024-05-08", "另一家公司", "记-2024-0042", "12000.00"),
        ("2024-06-01", "某某家具公司", "记-2024-0043", "20000.00"),  # large itself
        ("2024-06-02", "某某家具公司", "记-2024-0044", "5000.00"),
    )
    assert splitting.check_large_items_not_split(book) == []


def test_overlapping_groups_are_one_finding_and_a_decision_leaves_one_out() -> None:
    decided = """
2024-05-08 * "某某体育用品公司" "跑步机"
  voucher: "记-2024-0042"
  decision: "工会委员会2024年第3次会议纪要"
  Expenses:503-职工服务支出:50302-建家活动支出   15000.00 CNY
  Assets:102-银行存款
"""
    book = split_book(
        ("2024-05-01", "某某体育用品公司", "记-2024-0040", "5000.00"),
        ("2024-05-07", "某某体育用品公司", "记-2024-0041", "10000.00"),
        ("2024-05-09", "某某体育用品公司", "记-2024-0043", "11000.00"),
        ("2024-05-12", "某某体育用品公司", "记-2024-0044", "4000.00"),
        extra=decided,
    )
    # 0041 + 0043 = 21,000 (05-07..05-09) and 0043 + 0044 + 0041 = 25,000 overlap: one
    # finding; 0040 is too early for 0043 (8 days) but within 7 of 0041: 0040 + 0041 is only
    # 15,000, so 0040 stays out; 0042 carries a decision.
    [error] = splitting.check_large_items_not_split(book)
    assert (error.key, error.amount) == ("记-2024-0044", D("25000.00"))
    assert "记-2024-0040" not in error.message and "记-2024-0042" not in error.message


def test_payments_under_a_tenth_of_the_line_are_not_parts() -> None:
    many = [("2024-05-06", "某某图书发行公司", f"记-2024-{n:04d}", "800.00") for n in range(1, 31)]
    assert splitting.check_large_items_not_split(split_book(*many)) == []  # 24,000 in 800s
    edge = split_book(
        ("2024-05-06", "某某书店", "记-2024-0001", "9000.00"),
        ("2024-05-07", "某某书店", "记-2024-0002", "9000.00"),
        ("2024-05-08", "某某书店", "记-2024-0003", "1999.99"),  # under 2,000: left out
        ("2024-05-09", "某某书店", "记-2024-0004", "2000.00"),
    )
    [error] = splitting.check_large_items_not_split(edge)
    assert (error.key, error.amount) == ("记-2024-0004", D("20000.00"))
    assert "记-2024-0003" not in error.message


def test_silent_without_large_expense() -> None:
    text = HEADER.replace('"large-expense" 20000.00 CNY', '"union-name" "某工会"')
    text += PAY.format(
        date="2024-05-06", payee="甲", what="x", voucher="记-1", amount="12000.00", extra=""
    )
    text += PAY.format(
        date="2024-05-07", payee="甲", what="x", voucher="记-2", amount="12000.00", extra=""
    )
    assert splitting.check_large_items_not_split(load_string(text).book) == []


# --- voucher-gap ------------------------------------------------------------------------


def gap_book(*vouchers_: tuple[str, str]) -> Book:
    """vouchers_: (date, voucher)."""
    text = HEADER + "".join(
        PAY.format(date=d, payee="店", what="用品", voucher=v, amount="10.00", extra="")
        for d, v in vouchers_
    )
    loaded = load_string(text)
    assert loaded.errors == (), [e.message for e in loaded.errors]
    return loaded.book


def test_a_gap_names_the_missing_numbers() -> None:
    book = gap_book(
        ("2024-01-05", "记-2024-0001"),
        ("2024-01-06", "记-2024-0002"),
        ("2024-01-07", "记-2024-0006"),
        ("2024-01-08", "记-2024-0007"),
        ("2024-01-09", "记-2024-0009"),
    )
    errors = voucher_rules.check_vouchers_without_gaps(book)
    assert all(isinstance(e, voucher_rules.VoucherGapError) for e in errors)
    assert [e.key for e in errors] == ["记-2024-0006", "记-2024-0009"]
    assert "缺少 3 个号：记-2024-0003、记-2024-0004、记-2024-0005" in errors[0].message
    assert "缺少 1 个号：记-2024-0008" in errors[1].message


def test_words_years_and_monthly_numbering_are_separate_sequences() -> None:
    book = gap_book(
        ("2023-12-31", "记-2023-0101"),
        ("2024-01-05", "记-2024-0001"),
        ("2024-01-06", "收-2024-0001"),
        ("2024-01-07", "付-2024-0005"),  # one voucher of its word: nothing to compare
        ("2024-01-08", "记-2024-0002"),
        ("2024-01-09", "收-2024-0002"),
        ("2024-02-01", "记-2024-02-0001"),
        ("2024-02-02", "记-2024-02-0002"),
        ("2024-03-01", "记-2024-03-0001"),
        ("2024-03-02", "记-2024-03-0003"),
        ("2024-03-03", "记-END"),  # no number: not numbered, nothing to check
    )
    [error] = voucher_rules.check_vouchers_without_gaps(book)
    assert error.key == "记-2024-03-0003"
    assert "记-2024-03-0002" in error.message


def test_a_long_gap_is_named_as_a_range() -> None:
    book = gap_book(("2024-01-05", "记-2024-0001"), ("2024-01-06", "记-2024-0100"))
    [error] = voucher_rules.check_vouchers_without_gaps(book)
    assert "缺少 98 个号：记-2024-0002 至 记-2024-0099" in error.message


def test_vouchers_as_written_on_paper_are_understood(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2023-12-31 open Assets:102-银行存款
    2023-12-31 open Expenses:510-其他支出
    2024-01-05 * "银行" "手续费"
      voucher: "记字第1号"
      Expenses:510-其他支出  1.00 CNY
      Assets:102-银行存款
    2024-01-06 * "银行" "手续费"
      voucher: "记字第3号"
      Expenses:510-其他支出  1.00 CNY
      Assets:102-银行存款
    """
    [error] = voucher_rules.check_vouchers_without_gaps(book)
    assert "记字第2号" in error.message
