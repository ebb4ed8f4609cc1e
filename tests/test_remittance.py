"""remittance-late: remittances matched to the upward share they pay — by ``payroll:``, by the
month named in the narration, then first in, first out.

Each test's ledger is its docstring after HEADER. Every receipt credits an upward share of
8,000.00 to 211 (remit-days 30, so the deadline is the receipt date + 30 days).
"""

from __future__ import annotations

import datetime
import textwrap
from decimal import Decimal

import pytest

from ghfund import funding
from ghfund.book import Book
from ghfund.ledger import load_string
from ghfund.plugins import funding_rules as rules
from ghfund.remittance import FIFO, NARRATION, PAYROLL, narration_months

D = Decimal
date = datetime.date

HEADER = """
option "operating_currency" "CNY"
2023-12-31 open Assets:102-银行存款
2023-12-31 open Liabilities:211-应付上级经费
2023-12-31 open Income:402-拨缴经费收入
2023-12-31 open Expenses:510-其他支出
2024-01-01 custom "ghfund-option" "upper-union" "某某市总工会"
"""


@pytest.fixture
def rbook(request: pytest.FixtureRequest) -> Book:
    doc = request.function.__doc__
    assert doc
    loaded = load_string(HEADER + textwrap.dedent(doc))
    assert loaded.errors == (), [e.message for e in loaded.errors]
    return loaded.book


def shares(book: Book) -> dict[str, list[tuple[str, Decimal, str]]]:
    """Each share's month (or its voucher) → (paying voucher, amount, how) pieces."""
    return {
        f"{credit.month:%Y-%m}" if credit.month else str(credit.txn.meta["voucher"]): [
            (str(p.txn.meta["voucher"]), p.amount, p.how) for p in credit.pieces
        ]
        for credit in funding.of(book).credits
    }


@pytest.mark.parametrize(
    ("text", "paid", "months"),
    [
        ("上解2024年9月经费", date(2024, 12, 1), [date(2024, 9, 30)]),
        ("上解9月份经费", date(2024, 10, 5), [date(2024, 9, 30)]),
        ("上解9月经费", date(2024, 9, 5), [date(2024, 9, 30)]),  # the payment's own month
        ("上解九月经费", date(2024, 10, 5), [date(2024, 9, 30)]),
        # Without a year across the year end: the latest such month not after the payment.
        ("上解12月经费", date(2025, 1, 5), [date(2024, 12, 31)]),
        ("上解1月经费", date(2025, 1, 5), [date(2025, 1, 31)]),
        ("上解2月经费", date(2025, 1, 5), [date(2024, 2, 29)]),
        ("上解2023年12月、1月经费", date(2024, 2, 5), [date(2023, 12, 31), date(2024, 1, 31)]),
        ("上解8、9月经费", date(2024, 10, 5), [date(2024, 8, 31), date(2024, 9, 30)]),
        (
            "上解2024年7-9月经费",
            date(2024, 10, 5),
            [date(2024, 7, 31), date(2024, 8, 31), date(2024, 9, 30)],
        ),
        (
            "上解2024年7月至9月经费",
            date(2024, 10, 5),
            [date(2024, 7, 31), date(2024, 8, 31), date(2024, 9, 30)],
        ),
        ("上解9月和10月经费", date(2024, 11, 5), [date(2024, 9, 30), date(2024, 10, 31)]),
        ("上解2023年11月拨缴经费40%", date(2024, 1, 5), [date(2023, 11, 30)]),
        ("上解9月5日收到的经费", date(2024, 10, 5), []),  # a date, not a month
        ("上解经费", date(2024, 10, 5), []),
        ("上解13月经费", date(2024, 10, 5), []),
        # the month the money moved in is not the month it is for, when that one is named too
        ("收到12月拨付的11月经费", date(2024, 12, 20), [date(2024, 11, 30)]),
        ("12月上解10、11月经费", date(2024, 12, 20), [date(2024, 10, 31), date(2024, 11, 30)]),
        ("收到12月到账经费", date(2024, 12, 20), [date(2024, 12, 31)]),  # the only month named
    ],
)
def test_months_named_in_a_narration(text: str, paid: datetime.date, months: list[date]) -> None:
    assert list(narration_months(text, paid)) == months


def test_a_share_held_back_is_late_and_the_months_named_are_not(rbook: Book) -> None:
    """
    2024-09-15 * "单位" "2024年8月工会经费"
      voucher: "记-2024-0001"
      payroll: 2024-08-31
      Assets:102-银行存款             20000.00 CNY
      Income:402-拨缴经费收入        -12000.00 CNY
      Liabilities:211-应付上级经费    -8000.00 CNY
    2024-09-20 * "某某市总工会" "上解2024年8月经费"
      voucher: "记-2024-0002"
      Liabilities:211-应付上级经费     8000.00 CNY
      Assets:102-银行存款
    2024-10-15 * "单位" "2024年9月工会经费"
      voucher: "记-2024-0003"
      payroll: 2024-09-30
      Assets:102-银行存款             20000.00 CNY
      Income:402-拨缴经费收入        -12000.00 CNY
      Liabilities:211-应付上级经费    -8000.00 CNY
    2024-11-15 * "单位" "2024年10月工会经费"
      voucher: "记-2024-0004"
      payroll: 2024-10-31
      Assets:102-银行存款             20000.00 CNY
      Income:402-拨缴经费收入        -12000.00 CNY
      Liabilities:211-应付上级经费    -8000.00 CNY
    2024-11-20 * "某某市总工会" "上解2024年10月经费"
      voucher: "记-2024-0005"
      Liabilities:211-应付上级经费     8000.00 CNY
      Assets:102-银行存款
    2025-01-23 * "某某市总工会" "上解2024年9月经费"
      voucher: "记-2025-0001"
      Liabilities:211-应付上级经费     8000.00 CNY
      Assets:102-银行存款
    """
    # First in, first out would let 记-2024-0005 pay September on time and October 69 days
    # late; the narrations say otherwise: September (deadline 11-14) is paid 70 days late.
    assert shares(rbook)["2024-09"] == [("记-2025-0001", D("8000.00"), NARRATION)]
    assert shares(rbook)["2024-10"] == [("记-2024-0005", D("8000.00"), NARRATION)]
    [error] = rules.check_remittance_on_time(rbook)
    assert isinstance(error, rules.RemittanceLateError)
    assert (error.key, error.amount) == ("记-2024-0003", D("8000.00"))
    for part in ("2024年9月", "记-2024-0003", "记-2025-0001", "逾期 70 天", "按摘要所写月份"):
        assert part in error.message


def test_a_month_named_without_a_year_across_the_year_end(rbook: Book) -> None:
    """
    2024-12-15 * "单位" "2024年11月工会经费"
      voucher: "记-2024-0001"
      payroll: 2024-11-30
      Assets:102-银行存款             20000.00 CNY
      Income:402-拨缴经费收入        -12000.00 CNY
      Liabilities:211-应付上级经费    -8000.00 CNY
    2025-01-10 * "单位" "2024年12月工会经费"
      voucher: "记-2025-0001"
      payroll: 2024-12-31
      Assets:102-银行存款             20000.00 CNY
      Income:402-拨缴经费收入        -12000.00 CNY
      Liabilities:211-应付上级经费    -8000.00 CNY
    2025-01-12 * "某某市总工会" "上解12月经费"
      voucher: "记-2025-0002"
      Liabilities:211-应付上级经费     8000.00 CNY
      Assets:102-银行存款
    2025-01-20 * "某某市总工会" "上解11月份经费"
      voucher: "记-2025-0003"
      Liabilities:211-应付上级经费     8000.00 CNY
      Assets:102-银行存款
    """
    # "12月" paid 2025-01-12 is 2024-12; "11月份" paid 01-20 is 2024-11 (deadline 01-14).
    found = shares(rbook)
    assert found["2024-12"] == [("记-2025-0002", D("8000.00"), NARRATION)]
    assert found["2024-11"] == [("记-2025-0003", D("8000.00"), NARRATION)]
    [error] = rules.check_remittance_on_time(rbook)
    assert (error.key, error.amount) == ("记-2024-0001", D("8000.00"))
    assert "逾期 6 天" in error.message


def test_one_payment_covers_two_months(rbook: Book) -> None:
    """
    2024-02-15 * "单位" "1月工会经费"
      voucher: "记-2024-0001"
      payroll: 2024-01-31
      Assets:102-银行存款             20000.00 CNY
      Income:402-拨缴经费收入        -12000.00 CNY
      Liabilities:211-应付上级经费    -8000.00 CNY
    2024-03-15 * "单位" "2月工会经费"
      voucher: "记-2024-0002"
      payroll: 2024-02-29
      Assets:102-银行存款             20000.00 CNY
      Income:402-拨缴经费收入        -12000.00 CNY
      Liabilities:211-应付上级经费    -8000.00 CNY
    2024-03-16 * "某某市总工会" "上解1、2月经费"
      voucher: "记-2024-0003"
      Liabilities:211-应付上级经费    16000.00 CNY
      Assets:102-银行存款
    """
    found = shares(rbook)
    assert found["2024-01"] == [("记-2024-0003", D("8000.00"), NARRATION)]
    assert found["2024-02"] == [("记-2024-0003", D("8000.00"), NARRATION)]
    assert rules.check_remittance_on_time(rbook) == []  # January's deadline is 03-16


def test_partial_payments_of_one_month(rbook: Book) -> None:
    """
    2024-02-15 * "单位" "1月工会经费"
      voucher: "记-2024-0001"
      payroll: 2024-01-31
      Assets:102-银行存款             20000.00 CNY
      Income:402-拨缴经费收入        -12000.00 CNY
      Liabilities:211-应付上级经费    -8000.00 CNY
    2024-03-01 * "某某市总工会" "上解1月经费（部分）"
      voucher: "记-2024-0002"
      Liabilities:211-应付上级经费     5000.00 CNY
      Assets:102-银行存款
    2024-03-15 * "单位" "2月工会经费"
      voucher: "记-2024-0003"
      payroll: 2024-02-29
      Assets:102-银行存款             20000.00 CNY
      Income:402-拨缴经费收入        -12000.00 CNY
      Liabilities:211-应付上级经费    -8000.00 CNY
    2024-04-01 * "某某市总工会" "上解2月经费"
      voucher: "记-2024-0004"
      Liabilities:211-应付上级经费     8000.00 CNY
      Assets:102-银行存款
    2024-04-02 * "某某市总工会" "补缴1月经费余款"
      voucher: "记-2024-0005"
      Liabilities:211-应付上级经费     3000.00 CNY
      Assets:102-银行存款
    """
    found = shares(rbook)
    assert found["2024-01"] == [
        ("记-2024-0002", D("5000.00"), NARRATION),
        ("记-2024-0005", D("3000.00"), NARRATION),
    ]
    assert found["2024-02"] == [("记-2024-0004", D("8000.00"), NARRATION)]
    [error] = rules.check_remittance_on_time(rbook)
    # Only the 3,000.00 paid on 04-02 is late (deadline 03-16: 17 days).
    assert (error.key, error.amount) == ("记-2024-0001", D("3000.00"))
    assert "记-2024-0005 于 2024-04-02 上解 3,000.00 元（逾期 17 天" in error.message
    assert "记-2024-0002" not in error.message


def test_payroll_metadata_first_then_the_narration_then_fifo(rbook: Book) -> None:
    """
    2023-12-31 * "期初余额"
      voucher: "记-2023-0001"
      Assets:102-银行存款              3000.00 CNY
      Liabilities:211-应付上级经费    -3000.00 CNY
    2024-02-15 * "单位" "1月工会经费"
      voucher: "记-2024-0001"
      payroll: 2024-01-31
      Assets:102-银行存款             20000.00 CNY
      Income:402-拨缴经费收入        -12000.00 CNY
      Liabilities:211-应付上级经费    -8000.00 CNY
    2024-03-10 * "单位" "2月工会经费"
      voucher: "记-2024-0002"
      payroll: 2024-02-29
      Assets:102-银行存款             20000.00 CNY
      Income:402-拨缴经费收入        -12000.00 CNY
      Liabilities:211-应付上级经费    -8000.00 CNY
    2024-03-12 * "某某市总工会" "上解1月经费"
      voucher: "记-2024-0003"
      payroll: 2024-02-29
      Liabilities:211-应付上级经费    10000.00 CNY
      Assets:102-银行存款
    2024-03-14 * "某某市总工会" "上解经费"
      voucher: "记-2024-0004"
      Liabilities:211-应付上级经费     9000.00 CNY
      Assets:102-银行存款
    """
    # 记-2024-0003 pays February by its payroll: (8,000), then January by its narration
    # (2,000); 记-2024-0004 names no month: the opening 3,000 first, then January's 6,000.
    found = shares(rbook)
    assert found["2024-02"] == [("记-2024-0003", D("8000.00"), PAYROLL)]
    assert found["2024-01"] == [
        ("记-2024-0003", D("2000.00"), NARRATION),
        ("记-2024-0004", D("6000.00"), FIFO),
    ]
    assert found["记-2023-0001"] == [("记-2024-0004", D("3000.00"), FIFO)]
    [error] = rules.check_remittance_on_time(rbook)  # the opening balance: deadline 01-30
    assert (error.key, error.amount) == ("记-2023-0001", D("3000.00"))
    assert "按先进先出对应" in error.message


def test_a_month_named_with_nothing_left_to_pay_falls_back_to_fifo(rbook: Book) -> None:
    """
    2024-02-15 * "单位" "1月工会经费"
      voucher: "记-2024-0001"
      payroll: 2024-01-31
      Assets:102-银行存款             20000.00 CNY
      Income:402-拨缴经费收入        -12000.00 CNY
      Liabilities:211-应付上级经费    -8000.00 CNY
    2024-03-01 * "某某市总工会" "上解3月经费"
      voucher: "记-2024-0002"
      Liabilities:211-应付上级经费     8000.00 CNY
      Assets:102-银行存款
    """
    # March has no share (the treasurer named the month paid in): first in, first out.
    assert shares(rbook)["2024-01"] == [("记-2024-0002", D("8000.00"), FIFO)]
    assert rules.check_remittance_on_time(rbook) == []


def test_a_narration_naming_the_month_paid_in_is_not_taken_for_the_payroll_month(
    rbook: Book,
) -> None:
    """
    2024-10-15 * "单位" "9月工会经费"
      voucher: "记-2024-0001"
      payroll: 2024-09-30
      Assets:102-银行存款             20000.00 CNY
      Income:402-拨缴经费收入        -12000.00 CNY
      Liabilities:211-应付上级经费    -8000.00 CNY
    2024-10-20 * "某某市总工会" "上解10月经费"
      voucher: "记-2024-0002"
      Liabilities:211-应付上级经费     8000.00 CNY
      Assets:102-银行存款
    2024-11-15 * "单位" "10月工会经费"
      voucher: "记-2024-0003"
      payroll: 2024-10-31
      Assets:102-银行存款             20000.00 CNY
      Income:402-拨缴经费收入        -12000.00 CNY
      Liabilities:211-应付上级经费    -8000.00 CNY
    2024-11-20 * "某某市总工会" "上解11月经费"
      voucher: "记-2024-0004"
      Liabilities:211-应付上级经费     8000.00 CNY
      Assets:102-银行存款
    2024-12-31 * "银行" "手续费"
      voucher: "记-2024-0005"
      Expenses:510-其他支出  1.00 CNY
      Assets:102-银行存款
    """
    # "10月" on 10-20 cannot be October's share (received 11-15): first in, first out.
    found = shares(rbook)
    assert found["2024-09"] == [("记-2024-0002", D("8000.00"), FIFO)]
    assert found["2024-10"] == [("记-2024-0004", D("8000.00"), FIFO)]
    assert rules.check_remittance_on_time(rbook) == []
