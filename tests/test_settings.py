from __future__ import annotations

import datetime
from decimal import Decimal

from ghfund.book import Book
from ghfund.settings import SettingInvalidError

D = datetime.date


def test_options_are_dated_and_default_before_the_first(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 custom "ghfund-option" "retained-share" 0.60
    2025-01-01 custom "ghfund-option" "retained-share" 0.70
    2024-01-01 custom "ghfund-option" "large-expense" 20000.00 CNY
    2024-01-01 custom "ghfund-option" "departure-audit-roles" "主席，财务负责人、副主席"
    2024-01-01 custom "ghfund-option" "gift-cap" "节日慰问" 2200.00 CNY
    2024-01-01 custom "ghfund-option" "allocation-mode" "tax"
    """
    settings = book.settings
    assert settings.errors == ()
    assert settings.retained_share(D(2023, 12, 31)) == Decimal("0.60")  # the default
    assert settings.retained_share(D(2024, 12, 31)) == Decimal("0.60")
    assert settings.retained_share(D(2025, 1, 1)) == Decimal("0.70")
    assert settings.limit("large-expense", D(2024, 6, 1)) == Decimal("20000.00")
    assert settings.limit("cash-limit", D(2024, 6, 1)) is None
    assert settings.days("remit-days", D(2024, 6, 1)) == 30
    assert settings.departure_audit_roles(D(2024, 6, 1)) == ("主席", "财务负责人", "副主席")
    assert settings.gift_cap("节日慰问", D(2024, 6, 1)) == Decimal("2200.00")
    assert settings.gift_cap("生日慰问", D(2024, 6, 1)) is None
    assert settings.allocation_mode(D(2023, 6, 1)) == "self"
    assert settings.allocation_mode(D(2024, 6, 1)) == "tax"


def test_bad_options_are_collected_not_raised(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 custom "ghfund-option" "retained-shares" 0.60
    2024-01-01 custom "ghfund-option" "retained-share" 0.30
    2024-01-01 custom "ghfund-option" "retained-share" "0.6"
    2024-01-01 custom "ghfund-option" "large-expense" 20000.00 USD
    2024-01-01 custom "ghfund-option" "remit-days" 2.5
    2024-01-01 custom "ghfund-option" "allocation-mode" "auto"
    2024-01-01 custom "ghfund-option" "cash-limit" 100.00 CNY
    2024-01-01 custom "ghfund-option" "cash-limit" 200.00 CNY
    2024-01-01 custom "ghfund-option" 42
    """
    errors = book.settings.errors
    assert [type(e) for e in errors] == [SettingInvalidError] * 8
    lines = [e.source["lineno"] for e in errors]
    assert lines == [3, 4, 5, 6, 7, 8, 10, 11]
    assert "未知的设置项" in errors[0].message
    assert "0.40" in errors[1].message
    # the bad values are ignored, the defaults stay in force; a duplicate keeps the later one
    assert book.settings.retained_share(datetime.date(2024, 6, 1)) == Decimal("0.60")
    assert book.settings.limit("cash-limit", datetime.date(2024, 6, 1)) == Decimal("200.00")


def test_the_options_of_issue_29(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 custom "ghfund-option" "allocation-tolerance" 0.00 CNY
    2024-01-01 custom "ghfund-option" "refund-period" "half-year"
    2024-01-01 custom "ghfund-option" "receivable-days" 180
    2025-01-01 custom "ghfund-option" "allocation-tolerance" -0.01 CNY
    2025-01-01 custom "ghfund-option" "refund-period" "year"
    2025-01-01 custom "ghfund-option" "receivable-days" 0
    """
    settings = book.settings
    assert settings.allocation_tolerance(D(2023, 6, 1)) == Decimal("0.05")  # the defaults
    assert settings.refund_months(D(2023, 6, 1)) == 3
    assert settings.days("receivable-days", D(2023, 6, 1)) == 365
    assert settings.allocation_tolerance(D(2025, 6, 1)) == Decimal("0.00")
    assert settings.refund_months(D(2025, 6, 1)) == 6
    assert settings.days("receivable-days", D(2025, 6, 1)) == 180
    messages = [e.message for e in settings.errors]
    assert len(messages) == 3
    assert "不能小于零" in messages[0] and "half-year" in messages[1] and "不小于 1" in messages[2]
