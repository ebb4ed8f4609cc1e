"""The funding rules: allocation received and split, remittance on time and not as expense, dues.

Each test's ledger is its docstring, after the shared HEADER (accounts and the union's
options). Numbers are worked out by hand in the comments.
"""

from __future__ import annotations

import datetime
import textwrap
from collections.abc import Sequence
from decimal import Decimal

import pytest

from ghfund import funding
from ghfund.book import Book
from ghfund.errors import GhfundError
from ghfund.ledger import Loaded, load_string
from ghfund.plugins import funding_rules as rules

D = Decimal

HEADER = """
option "operating_currency" "CNY"
2023-12-31 open Assets:101-库存现金
2023-12-31 open Assets:102-银行存款
2023-12-31 open Assets:131-应收上级经费
2023-12-31 open Liabilities:211-应付上级经费
2023-12-31 open Income:401-会费收入
2023-12-31 open Income:402-拨缴经费收入
2023-12-31 open Expenses:505-业务支出:50501-培训支出
2023-12-31 open Expenses:510-其他支出
2023-12-31 open Equity:322-工会资金结余
2024-01-01 custom "ghfund-option" "upper-union" "某某市总工会"
"""

# The end of the book: a bank charge on the given date, so "now" is that date.
END = """
{date} * "银行" "手续费"
  voucher: "记-END"
  Expenses:510-其他支出  1.00 CNY
  Assets:102-银行存款
"""


@pytest.fixture
def fbook(request: pytest.FixtureRequest) -> Book:
    return floaded(request).book


@pytest.fixture
def fl(request: pytest.FixtureRequest) -> Loaded:
    return floaded(request)


def floaded(request: pytest.FixtureRequest) -> Loaded:
    doc = request.function.__doc__
    assert doc, f"{request.function.__name__} needs a ledger in its docstring"
    return clean(HEADER + textwrap.dedent(doc))


def clean(text: str) -> Loaded:
    """The ledger ``text`` loaded; it must load without Beancount errors."""
    loaded = load_string(text)
    assert loaded.errors == (), [e.message for e in loaded.errors]
    return loaded


def only(errors: Sequence[GhfundError]) -> GhfundError:
    assert len(errors) == 1, [e.message for e in errors]
    return errors[0]


# --- allocation-short -------------------------------------------------------------------


def test_allocation_received_in_full_on_the_last_day_is_clean(fbook: Book) -> None:
    """
    2024-02-10 custom "ghfund-payroll" 2024-01-31 1000000.00 CNY
    2024-03-26 * "单位" "1月工会经费"
      voucher: "记-2024-0001"
      payroll: 2024-01-31
      Assets:102-银行存款             20000.00 CNY
      Income:402-拨缴经费收入        -12000.00 CNY
      Liabilities:211-应付上级经费    -8000.00 CNY
    2024-03-27 * "某某市总工会" "上解1月经费"
      voucher: "记-2024-0002"
      Liabilities:211-应付上级经费     8000.00 CNY
      Assets:102-银行存款
    """
    # deadline = 2024-02-10 + 45 days = 2024-03-26; the book ends 2024-03-27, past it.
    month = funding.of(fbook).months[0]
    assert (month.due, month.deadline, month.received) == (
        D("20000.00"),
        datetime.date(2024, 3, 26),
        D("20000.00"),
    )
    assert rules.check_allocation_received(fbook) == []


def test_allocation_one_day_late_is_short_by_the_whole_amount(fbook: Book) -> None:
    """
    2024-02-10 custom "ghfund-payroll" 2024-01-31 1000000.00 CNY
    2024-03-27 * "单位" "1月工会经费"
      voucher: "记-2024-0001"
      payroll: 2024-01-31
      Assets:102-银行存款             20000.00 CNY
      Income:402-拨缴经费收入        -12000.00 CNY
      Liabilities:211-应付上级经费    -8000.00 CNY
    """
    error = only(rules.check_allocation_received(fbook))
    assert isinstance(error, rules.AllocationShortError)
    assert (error.key, error.amount) == ("2024-01", D("20000.00"))
    assert "2024-03-26" in error.message and "2024-03-27 20,000.00" in error.message
    assert error.source["lineno"] > 0  # points at the payroll directive


def test_allocation_partial_and_missing_months(fbook: Book) -> None:
    """
    2024-02-10 custom "ghfund-payroll" 2024-01-31 1000000.00 CNY
    2024-03-10 custom "ghfund-payroll" 2024-02-29 1100000.00 CNY
    2024-02-15 * "单位" "1月工会经费（部分）"
      voucher: "记-2024-0001"
      payroll: 2024-01-31
      Assets:102-银行存款             15000.00 CNY
      Income:402-拨缴经费收入         -9000.00 CNY
      Liabilities:211-应付上级经费    -6000.00 CNY
    2024-03-01 * "某某市总工会" "上解"
      voucher: "记-2024-0002"
      Liabilities:211-应付上级经费     6000.00 CNY
      Assets:102-银行存款
    2024-05-01 * "银行" "手续费"
      voucher: "记-END"
      Expenses:510-其他支出  1.00 CNY
      Assets:102-银行存款
    """
    errors = rules.check_allocation_received(fbook)
    # January: 20,000.00 due, 15,000.00 received; February: 22,000.00 due, nothing.
    assert [(e.key, e.amount) for e in errors] == [
        ("2024-01", D("5000.00")),
        ("2024-02", D("22000.00")),
    ]


def test_allocation_not_yet_due_is_silent_until_the_book_passes_the_deadline() -> None:
    ledger = HEADER + '2024-02-10 custom "ghfund-payroll" 2024-01-31 1000000.00 CNY\n'
    on_deadline = clean(ledger + END.format(date="2024-03-26"))
    day_after = clean(ledger + END.format(date="2024-03-27"))
    assert rules.check_allocation_received(on_deadline.book) == []
    assert only(rules.check_allocation_received(day_after.book)).amount == D("20000.00")


def test_allocation_due_rounds_half_up(fbook: Book) -> None:
    """
    2024-01-01 custom "ghfund-option" "allocation-tolerance" 0.00 CNY
    2024-02-10 custom "ghfund-payroll" 2024-01-31 1200828.25 CNY
    2024-02-15 * "单位" "1月工会经费"
      voucher: "记-2024-0001"
      payroll: 2024-01-31
      Assets:102-银行存款             24016.56 CNY
      Income:402-拨缴经费收入        -14409.94 CNY
      Liabilities:211-应付上级经费    -9606.62 CNY
    2024-02-20 * "某某市总工会" "上解"
      voucher: "记-2024-0002"
      Liabilities:211-应付上级经费     9606.62 CNY
      Assets:102-银行存款
    2024-05-01 * "银行" "手续费"
      voucher: "记-END"
      Expenses:510-其他支出  1.00 CNY
      Assets:102-银行存款
    """
    # 1,200,828.25 × 2% = 24,016.565 → 24,016.57 half up (half-even would give .56).
    error = only(rules.check_allocation_received(fbook))
    assert error.amount == D("0.01")


def test_allocation_tax_mode_expects_the_retained_share_only(fbook: Book) -> None:
    """
    2024-01-01 custom "ghfund-option" "allocation-mode" "tax"
    2024-01-01 custom "ghfund-option" "allocation-tolerance" 0.00 CNY
    2024-01-01 custom "ghfund-option" "refund-period" "month"
    2024-02-10 custom "ghfund-payroll" 2024-01-31 1000000.25 CNY
    2024-03-01 * "税务局" "返还1月工会经费留成"
      voucher: "记-2024-0001"
      payroll: 2024-01-31
      Assets:102-银行存款             12000.00 CNY
      Income:402-拨缴经费收入
    2024-05-01 * "银行" "手续费"
      voucher: "记-END"
      Expenses:510-其他支出  1.00 CNY
      Assets:102-银行存款
    """
    # 2%: 20,000.005 → 20,000.01; 60% of it: 12,000.006 → 12,000.01.
    month = funding.of(fbook).months[0]
    assert (month.mode, month.due, month.upward) == ("tax", D("12000.01"), D("0"))
    error = only(rules.check_allocation_received(fbook))
    assert error.amount == D("0.01") and "返还留成" in error.message
    assert rules.check_allocation_split(fbook) == []  # no split in tax mode


def test_allocation_tax_mode_receivable_settled_counts_as_received(fbook: Book) -> None:
    """
    2024-01-01 custom "ghfund-option" "allocation-mode" "tax"
    2024-12-10 custom "ghfund-payroll" 2024-11-30 1000000.00 CNY
    2024-12-31 * "税务局" "11月留成未到账，年末挂账"
      voucher: "记-2024-0001"
      payroll: 2024-11-30
      Assets:131-应收上级经费         12000.00 CNY
      Income:402-拨缴经费收入
    2025-01-10 * "税务局" "返还11月工会经费留成"
      voucher: "记-2025-0001"
      payroll: 2024-11-30
      Assets:102-银行存款             12000.00 CNY
      Assets:131-应收上级经费
    2025-03-01 * "银行" "手续费"
      voucher: "记-END"
      Expenses:510-其他支出  1.00 CNY
      Assets:102-银行存款
    """
    # The accrual is no receipt (no cash); the settlement on 2025-01-10 is, within 45 days.
    month = funding.of(fbook).months[0]
    assert [r.date.isoformat() for r in month.receipts] == ["2025-01-10"]
    assert rules.check_allocation_received(fbook) == []


def test_receipts_for_a_month_without_payroll_data_are_listed_not_checked(fbook: Book) -> None:
    """
    2024-02-15 * "单位" "1月工会经费"
      voucher: "记-2024-0001"
      payroll: 2024-01-15
      Assets:102-银行存款             20000.00 CNY
      Income:402-拨缴经费收入        -12000.00 CNY
      Liabilities:211-应付上级经费    -8000.00 CNY
    2024-02-20 * "某某市总工会" "上解"
      voucher: "记-2024-0002"
      Liabilities:211-应付上级经费     8000.00 CNY
      Assets:102-银行存款
    2024-12-31 * "银行" "手续费"
      voucher: "记-END"
      Expenses:510-其他支出  1.00 CNY
      Assets:102-银行存款
    """
    # payroll: 2024-01-15 is not a month-end: it names January all the same.
    month = only_month(fbook)
    assert (month.key, month.payroll, month.due, month.received) == (
        "2024-01",
        None,
        None,
        D("20000.00"),
    )
    assert rules.check_allocation_received(fbook) == []
    assert rules.check_dues_collected(fbook) == []


def only_month(book: Book) -> funding.PayrollMonth:
    months = funding.of(book).months
    assert len(months) == 1
    return months[0]


def test_overpayment_is_not_a_finding(fbook: Book) -> None:
    """
    2024-02-10 custom "ghfund-payroll" 2024-01-31 1000000.00 CNY
    2024-02-15 * "单位" "1月工会经费"
      voucher: "记-2024-0001"
      payroll: "2024-01"
      Assets:102-银行存款             20100.00 CNY
      Income:402-拨缴经费收入        -12060.00 CNY
      Liabilities:211-应付上级经费    -8040.00 CNY
    2024-02-20 * "某某市总工会" "上解"
      voucher: "记-2024-0002"
      Liabilities:211-应付上级经费     8040.00 CNY
      Assets:102-银行存款
    2024-12-31 * "银行" "手续费"
      voucher: "记-END"
      Expenses:510-其他支出  1.00 CNY
      Assets:102-银行存款
    """
    assert only_month(fbook).received == D("20100.00")
    assert rules.check_allocation_received(fbook) == []


def test_a_shortfall_is_acknowledged_by_its_month(fl: Loaded) -> None:
    """
    plugin "ghfund.plugins.all"
    2024-02-10 custom "ghfund-payroll" 2024-01-31 1000000.00 CNY
    2024-06-01 custom "ghfund-ack" "allocation-short" "2024-01"
      ref: "经审会〔2024〕1号"
    2024-06-01 * "银行" "手续费"
      voucher: "记-END"
      Expenses:510-其他支出  1.00 CNY
      Assets:102-银行存款
    """
    assert fl.findings.open == ()
    [(error, ack)] = fl.findings.acknowledged
    assert (error.rule, error.key, ack.ref) == ("allocation-short", "2024-01", "经审会〔2024〕1号")


def test_a_book_without_payroll_directives_is_silent(fbook: Book) -> None:
    """
    2024-02-15 * "单位" "工会经费"
      voucher: "记-2024-0001"
      Assets:102-银行存款             20000.00 CNY
      Income:402-拨缴经费收入        -12000.00 CNY
      Liabilities:211-应付上级经费    -8000.00 CNY
    2024-02-20 * "某某市总工会" "上解"
      voucher: "记-2024-0002"
      Liabilities:211-应付上级经费     8000.00 CNY
      Assets:102-银行存款
    2024-12-31 * "银行" "手续费"
      voucher: "记-END"
      Expenses:510-其他支出  1.00 CNY
      Assets:102-银行存款
    """
    assert funding.of(fbook).months == ()
    assert [rule(fbook) for rule in rules.RULES] == [[], [], [], [], []]


# --- allocation-split -------------------------------------------------------------------


SPLIT = """
2024-01-01 custom "ghfund-option" "allocation-tolerance" 0.00 CNY
2024-02-15 * "单位" "1月工会经费"
  voucher: "记-2024-0001"
  payroll: 2024-01-31
  Assets:102-银行存款             {full} CNY
  Income:402-拨缴经费收入        -{kept} CNY
  Liabilities:211-应付上级经费    -{up} CNY
"""


@pytest.mark.parametrize(
    ("share", "full", "kept", "up", "difference"),
    [
        ("0.60", "24016.57", "14409.94", "9606.63", None),  # 14,409.942 → .94
        ("0.60", "25867.53", "15520.52", "10347.01", None),  # 15,520.518 → .52
        ("0.60", "25867.53", "15520.51", "10347.02", "-0.01"),
        ("0.70", "10000.15", "7000.11", "3000.04", None),  # 7,000.105 → .11 half up
        ("0.70", "10000.15", "7000.10", "3000.05", "-0.01"),  # half-even would accept this
        ("0.70", "10000.00", "6000.00", "4000.00", "-1000.00"),  # 60/40 where 70/30 applies
    ],
)
def test_allocation_split_to_the_cent(
    share: str, full: str, kept: str, up: str, difference: str | None
) -> None:
    text = f'2024-01-01 custom "ghfund-option" "retained-share" {share}\n' + SPLIT.format(
        full=full, kept=kept, up=up
    )
    errors = rules.check_allocation_split(clean(HEADER + text).book)
    if difference is None:
        assert errors == []
    else:
        error = only(errors)
        assert isinstance(error, rules.AllocationSplitError)
        assert (error.key, error.amount) == ("记-2024-0001", D(difference))


def test_whole_allocation_booked_as_income_breaks_the_split(fbook: Book) -> None:
    """
    2024-02-15 * "单位" "1月工会经费"
      voucher: "记-2024-0001"
      payroll: 2024-01-31
      Assets:102-银行存款             20000.00 CNY
      Income:402-拨缴经费收入
    """
    error = only(rules.check_allocation_split(fbook))
    assert error.amount == D("8000.00")
    assert "12,000.00" in error.message and "8,000.00" in error.message


def test_split_uses_the_ratio_in_force_on_the_receipt_date(fbook: Book) -> None:
    """
    2024-03-01 custom "ghfund-option" "retained-share" 0.70
    2024-02-15 * "单位" "1月工会经费"
      voucher: "记-2024-0001"
      payroll: 2024-01-31
      Assets:102-银行存款             10000.00 CNY
      Income:402-拨缴经费收入         -6000.00 CNY
      Liabilities:211-应付上级经费    -4000.00 CNY
    2024-03-15 * "单位" "2月工会经费"
      voucher: "记-2024-0002"
      payroll: 2024-02-29
      Assets:102-银行存款             10000.00 CNY
      Income:402-拨缴经费收入         -7000.00 CNY
      Liabilities:211-应付上级经费    -3000.00 CNY
    """
    assert rules.check_allocation_split(fbook) == []


def test_dues_receipts_are_not_allocation_receipts(fbook: Book) -> None:
    """
    2024-02-15 * "单位" "1月会费"
      voucher: "记-2024-0001"
      payroll: 2024-01-31
      Assets:102-银行存款             4150.00 CNY
      Income:401-会费收入
    """
    assert rules.check_allocation_split(fbook) == []


# --- remittance-late --------------------------------------------------------------------


RECEIPT = """
{date} * "单位" "工会经费"
  voucher: "{voucher}"
  payroll: {month}
  Assets:102-银行存款             20000.00 CNY
  Income:402-拨缴经费收入        -12000.00 CNY
  Liabilities:211-应付上级经费    -8000.00 CNY
"""
REMIT = """
{date} * "某某市总工会" "上解"
  voucher: "{voucher}"
  Liabilities:211-应付上级经费     {amount} CNY
  Assets:102-银行存款
"""


def remittance_book(*parts: str) -> Book:
    return clean(HEADER + "".join(parts)).book


@pytest.mark.parametrize(("paid", "late"), [("2024-03-16", None), ("2024-03-17", "8000.00")])
def test_remittance_on_the_deadline_and_one_day_late(paid: str, late: str | None) -> None:
    book = remittance_book(
        RECEIPT.format(date="2024-02-15", voucher="记-2024-0001", month="2024-01-31"),
        REMIT.format(date=paid, voucher="记-2024-0002", amount="8000.00"),
    )
    # 2024-02-15 + 30 days = 2024-03-16.
    errors = rules.check_remittance_on_time(book)
    if late is None:
        assert errors == []
    else:
        error = only(errors)
        assert isinstance(error, rules.RemittanceLateError)
        assert (error.key, error.amount) == ("记-2024-0001", D(late))
        assert "逾期 1 天" in error.message


def test_remittances_clear_the_oldest_share_first() -> None:
    book = remittance_book(
        RECEIPT.format(date="2024-02-15", voucher="记-2024-0001", month="2024-01-31"),
        REMIT.format(date="2024-03-10", voucher="记-2024-0002", amount="5000.00"),
        RECEIPT.format(date="2024-03-15", voucher="记-2024-0003", month="2024-02-29"),
        REMIT.format(date="2024-04-10", voucher="记-2024-0004", amount="11000.00"),
        END.format(date="2024-12-31"),
    )
    # Jan's 8,000: 5,000 on 03-10, 3,000 on 04-10 (deadline 03-16: 25 days late).
    # Feb's 8,000: 8,000 on 04-10 (deadline 04-14: on time).
    jan, feb = funding.of(book).credits
    assert jan.cleared == (
        (datetime.date(2024, 3, 10), D("5000.00")),
        (datetime.date(2024, 4, 10), D("3000.00")),
    )
    assert feb.remitted == D("8000.00")
    error = only(rules.check_remittance_on_time(book))
    assert (error.key, error.amount) == ("记-2024-0001", D("3000.00"))
    assert "逾期 25 天" in error.message


def test_an_uncleared_share_counts_once_the_deadline_has_passed() -> None:
    receipt = RECEIPT.format(date="2024-02-15", voucher="记-2024-0001", month="2024-01-31")
    within = remittance_book(receipt, END.format(date="2024-03-16"))
    past = remittance_book(receipt, END.format(date="2024-03-17"))
    assert rules.check_remittance_on_time(within) == []
    error = only(rules.check_remittance_on_time(past))
    assert error.amount == D("8000.00") and "仍有 8,000.00 元未上解" in error.message


def test_the_opening_balance_of_211_is_cleared_like_any_credit() -> None:
    opening = """
2023-12-31 * "期初余额"
  voucher: "记-2023-0001"
  Assets:102-银行存款              5000.00 CNY
  Liabilities:211-应付上级经费    -5000.00 CNY
"""
    book = remittance_book(
        opening,
        RECEIPT.format(date="2024-01-15", voucher="记-2024-0001", month="2023-12-31"),
        REMIT.format(date="2024-02-05", voucher="记-2024-0002", amount="13000.00"),
    )
    # Opening: deadline 2024-01-30, cleared 02-05 (6 days late); December's: deadline 02-14.
    error = only(rules.check_remittance_on_time(book))
    assert (error.key, error.amount) == ("记-2023-0001", D("5000.00"))


def test_a_remittance_in_advance_clears_the_next_share() -> None:
    book = remittance_book(
        REMIT.format(date="2024-02-10", voucher="记-2024-0001", amount="8000.00"),
        RECEIPT.format(date="2024-02-15", voucher="记-2024-0002", month="2024-01-31"),
        END.format(date="2024-12-31"),
    )
    assert funding.of(book).credits[0].remitted == D("8000.00")
    assert rules.check_remittance_on_time(book) == []


def test_a_remittance_tagged_with_payroll_is_no_negative_receipt(fbook: Book) -> None:
    """
    2024-02-10 custom "ghfund-payroll" 2024-01-31 1000000.00 CNY
    2024-02-15 * "单位" "1月工会经费"
      voucher: "记-2024-0001"
      payroll: 2024-01-31
      Assets:102-银行存款             20000.00 CNY
      Income:402-拨缴经费收入        -12000.00 CNY
      Liabilities:211-应付上级经费    -8000.00 CNY
    2024-02-20 * "某某市总工会" "上解1月经费"
      voucher: "记-2024-0002"
      payroll: 2024-01-31
      Liabilities:211-应付上级经费     8000.00 CNY
      Assets:102-银行存款
    2024-12-31 * "银行" "手续费"
      voucher: "记-END"
      Expenses:510-其他支出  1.00 CNY
      Assets:102-银行存款
    """
    month = only_month(fbook)
    assert (month.received, month.upward, month.remitted) == (
        D("20000.00"),
        D("8000.00"),
        D("8000.00"),
    )
    assert [rule(fbook) for rule in rules.RULES] == [[], [], [], [], []]


# --- remittance-as-expense --------------------------------------------------------------


def test_a_payment_to_the_upper_union_booked_as_expense(fbook: Book) -> None:
    """
    2024-02-10 custom "ghfund-payroll" 2024-01-31 1000000.00 CNY
    2024-03-01 * "某某市总工会" "3月经费"
      voucher: "记-2024-0001"
      Expenses:510-其他支出            8000.00 CNY
      Assets:102-银行存款
    2024-03-02 * "银行" "上缴2月工会经费"
      voucher: "记-2024-0002"
      Expenses:510-其他支出            8100.00 CNY
      Assets:102-银行存款
    2024-03-03 open Expenses:510-其他支出:01-上缴上级经费
    2024-03-03 * "银行" "1月"
      voucher: "记-2024-0003"
      Expenses:510-其他支出:01-上缴上级经费  8080.00 CNY
      Assets:102-银行存款
    2024-03-04 * "银行" "1月"
      voucher: "记-2024-0004"
      Expenses:510-其他支出:01-上缴上级经费  8080.01 CNY
      Assets:102-银行存款
    """
    # 2% of 1,000,000.00 = 20,000.00; its 40% = 8,000.00, ± 1% = 7,920.00 … 8,080.00.
    errors = rules.check_remittance_not_expense(fbook)
    assert all(isinstance(e, rules.RemittanceAsExpenseError) for e in errors)
    assert [(e.key, e.amount) for e in errors] == [
        ("记-2024-0001", D("8000.00")),
        ("记-2024-0002", D("8100.00")),
        ("记-2024-0003", D("8080.00")),
    ]
    assert "收款方是上级工会" in errors[0].message and "上缴2月工会经费" in errors[1].message
    assert "近期拨缴经费 20,000.00 元的 40%" in errors[0].message


def test_a_proper_remittance_and_an_expense_reversal_are_fine(fbook: Book) -> None:
    """
    2024-03-01 * "某某市总工会" "上解2月经费"
      voucher: "记-2024-0001"
      Liabilities:211-应付上级经费     8000.00 CNY
      Assets:102-银行存款
    2024-03-05 * "更正" "冲回误记为支出的上解经费"
      voucher: "记-2024-0002"
      Liabilities:211-应付上级经费     8000.00 CNY
      Expenses:510-其他支出
    2024-03-06 * "某市培训中心" "工会干部培训费"
      voucher: "记-2024-0003"
      Expenses:505-业务支出:50501-培训支出  800.00 CNY
      Assets:102-银行存款
    """
    assert rules.check_remittance_not_expense(fbook) == []


# --- dues-short -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("base", "received", "tolerance", "short"),
    [
        # The default tolerance: 0.5% of the 4,150.00 due is 20.75.
        ("830000.00", "4150.00", None, None),
        ("830000.00", "4129.25", None, None),  # short 20.75: just inside
        ("830000.00", "4129.24", None, "20.76"),  # just outside
        # No tolerance: to the cent, the due rounded half up.
        ("830000.00", "4149.99", "0", "0.01"),
        ("830001.00", "4150.00", "0", "0.01"),  # 4,150.005 → 4,150.01 half up
        ("830001.00", "4150.01", "0", None),
    ],
)
def test_dues_at_half_a_percent_of_the_base(
    base: str, received: str, tolerance: str | None, short: str | None
) -> None:
    option = (
        f'2024-01-01 custom "ghfund-option" "dues-tolerance" {tolerance}\n' if tolerance else ""
    )
    text = (
        option
        + f"""
2024-02-10 custom "ghfund-payroll" 2024-01-31 1000000.00 CNY
  dues-base: {base} CNY
2024-02-15 * "单位" "1月工会经费和会费"
  voucher: "记-2024-0001"
  payroll: 2024-01-31
  Assets:102-银行存款             {D("20000.00") + D(received)} CNY
  Income:402-拨缴经费收入        -12000.00 CNY
  Liabilities:211-应付上级经费    -8000.00 CNY
  Income:401-会费收入            -{received} CNY
2024-02-20 * "某某市总工会" "上解"
  voucher: "记-2024-0002"
  Liabilities:211-应付上级经费     8000.00 CNY
  Assets:102-银行存款
"""
        + END.format(date="2024-12-31")
    )
    book = clean(HEADER + text).book
    assert book.settings.errors == ()
    assert rules.check_allocation_received(book) == []  # dues are not allocation
    errors = rules.check_dues_collected(book)
    if short is None:
        assert errors == []
    else:
        error = only(errors)
        assert isinstance(error, rules.DuesShortError)
        assert (error.key, error.amount, error.voucher) == ("2024-01", D(short), "记-2024-0001")
        assert "记-2024-0001" in error.message


def test_dues_are_checked_after_the_allocation_deadline_only(fbook: Book) -> None:
    """
    2024-02-10 custom "ghfund-payroll" 2024-01-31 1000000.00 CNY
      dues-base: 830000.00 CNY
    2024-03-10 custom "ghfund-payroll" 2024-02-29 1000000.00 CNY
    2024-03-27 * "银行" "手续费"
      voucher: "记-END"
      Expenses:510-其他支出  1.00 CNY
      Assets:102-银行存款
    """
    # January is past its deadline (03-26); February has no dues base.
    errors = rules.check_dues_collected(fbook)
    assert [(e.key, e.amount) for e in errors] == [("2024-01", D("4150.00"))]


# --- the example book and the rule registry ---------------------------------------------


def test_the_rules_are_registered_by_name() -> None:
    from ghfund.plugins.all import RULES

    names = {rule.name for rule in RULES}
    assert {
        "allocation-short",
        "allocation-split",
        "remittance-late",
        "remittance-as-expense",
        "dues-short",
    } <= names
    for rule in rules.RULES:
        assert not rule.structural


def test_the_example_book_funding_adds_up() -> None:
    from ghfund.ledger import default_ledger, load_file

    found = funding.of(load_file(default_ledger()).book)
    by_key = {m.key: m for m in found.months}
    # The two months where 2% lands on half a cent, rounded half up as the book does.
    assert by_key["2023-08"].due == D("24016.57")
    assert by_key["2025-03"].due == D("25809.13")
    assert all(m.received == m.due for m in found.months)
    assert by_key["2025-11"].outstanding == D("10429.62")  # received 12-15, not yet due
