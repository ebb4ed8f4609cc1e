from __future__ import annotations

import datetime
from decimal import Decimal

from ghfund.book import Book

D = datetime.date


def test_every_directive_parses_into_typed_values(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 open Expenses:501-职工活动支出:50102-文体活动支出
    2024-01-25 custom "budget" Expenses:501-职工活动支出:50102-文体活动支出 "yearly" 249000.00 CNY
      approved: "工会委员会2024年第1次会议"
    2024-07-10 custom "budget" Expenses:501-职工活动支出:50102-文体活动支出 "yearly" 269000.00 CNY
      approved: "工会委员会2024年第4次会议"
      adjustment: TRUE
    2024-07-10 custom "budget" Expenses:501-职工活动支出:50102-文体活动支出 "monthly" 1000.00 CNY
    2021-06-01 custom "ghfund-officer" "张三" "主席"
    2025-06-30 custom "ghfund-officer-end" "张三" "主席"
    2025-08-20 custom "ghfund-audit" "departure" "张三" 2021-06-01 2025-06-30
      report: "经审〔2025〕3号"
    2025-03-10 custom "ghfund-payroll" 2025-02-28 1250000.00 CNY
      dues-base: 830000.00 CNY
      members: 121
    2025-03-15 custom "ghfund-ack" "budget-overrun" "记-2024-0187"
      ref: "经审会〔2025〕2号"
    2025-03-15 custom "ghfund-ack" "budget-deficit" 2024
      ref: "经审会〔2025〕3号"
    2025-04-01 custom "ghfund-close" 2024-12-31 "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
      months: ""
    """
    parsed = book.directives
    # the monthly budget alone is an error: ghfund counts yearly budgets only
    (monthly,) = parsed.errors
    assert monthly.source["lineno"] == 9 and "“monthly”" in monthly.message
    original, adjusted = parsed.budgets  # the monthly one is Fava's, not ghfund's
    assert (original.amount, original.adjustment, original.year) == (
        Decimal("249000.00"),
        False,
        2024,
    )
    assert (adjusted.amount, adjusted.adjustment) == (Decimal("269000.00"), True)
    assert adjusted.approved == "工会委员会2024年第4次会议"
    assert [(o.person, o.role, o.starts, o.date) for o in parsed.officers] == [
        ("张三", "主席", True, D(2021, 6, 1)),
        ("张三", "主席", False, D(2025, 6, 30)),
    ]
    (audit,) = parsed.audits
    assert (audit.kind, audit.person, audit.start, audit.end, audit.report) == (
        "departure",
        "张三",
        D(2021, 6, 1),
        D(2025, 6, 30),
        "经审〔2025〕3号",
    )
    (payroll,) = parsed.payrolls
    assert (payroll.month, payroll.total, payroll.dues_base, payroll.members) == (
        D(2025, 2, 28),
        Decimal("1250000.00"),
        Decimal("830000.00"),
        121,
    )
    assert [(a.rule, a.key, a.ref) for a in parsed.acks] == [
        ("budget-overrun", "记-2024-0187", "经审会〔2025〕2号"),
        ("budget-deficit", "2024", "经审会〔2025〕3号"),
    ]
    (close,) = parsed.closes
    assert close.through == D(2024, 12, 31)


def test_malformed_directives_are_errors_and_left_out(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 open Assets:102-银行存款
    2024-01-25 custom "budget" Assets:102-银行存款 "yearly" 1000.00 CNY
    2024-01-25 custom "budget" Income:402-拨缴经费收入 "yearly" 1000.00 USD
    2024-01-25 custom "budget" Income:402-拨缴经费收入 "yearly" 1000.00 CNY
      adjustment: "yes"
    2025-03-10 custom "ghfund-payroll" 2025-02-27 1250000.00 CNY
    2025-03-10 custom "ghfund-payroll" 2025-02-28 1250000.00 CNY
    2025-03-11 custom "ghfund-payroll" 2025-02-28 1250000.00 CNY
    2025-03-10 custom "ghfund-payroll" 2025-03-31 1250000.00 CNY
      members: 12.5
    2025-08-20 custom "ghfund-audit" "departure" "" 2021-06-01 2025-06-30
    2025-08-20 custom "ghfund-audit" "annual" "" 2025-06-30 2021-06-01
    2025-08-20 custom "ghfund-audit" "yearly" "" 2021-06-01 2025-06-30
    2025-03-15 custom "ghfund-ack" "budget-overrun" "记-2024-0187"
    2021-06-01 custom "ghfund-officer" "张三"
    2021-06-01 custom "ghfund-officr" "张三" "主席"
    2025-04-01 custom "ghfund-close" 2024-12-31 "md5:abc"
    """
    parsed = book.directives
    by_line = {e.source["lineno"]: e for e in parsed.errors}
    assert sorted(by_line) == [4, 5, 6, 8, 10, 11, 13, 14, 15, 16, 17, 18, 19]
    assert {e.rule for e in parsed.errors} == {"directive-invalid"}
    assert len(parsed.payrolls) == 1  # the first 2025-02 one; the duplicate is reported
    assert "以第一条为准" in by_line[10].message
    assert "ref" in by_line[16].message
    assert parsed.budgets == parsed.audits == parsed.acks == parsed.officers == ()


def test_a_blank_approval_is_none_and_a_non_text_one_is_invalid(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 open Expenses:510-其他支出
    2024-01-20 custom "budget" Expenses:510-其他支出 "yearly" 100.00 CNY
      approved: " "
    2024-07-10 custom "budget" Expenses:510-其他支出 "yearly" 200.00 CNY
      approved: 4
      adjustment: TRUE
    """
    (budget,) = book.directives.budgets
    assert (budget.amount, budget.approved) == (Decimal("100.00"), None)
    (error,) = book.directives.errors
    assert error.source["lineno"] == 6 and "approved" in error.message
