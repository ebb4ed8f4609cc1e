"""What a Book derives once per load."""

from __future__ import annotations

import datetime

from ghfund.book import Book


def test_derived_values_are_built_once_per_book(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 open Assets:102-银行存款
    """
    calls: list[Book] = []

    def count(of: Book) -> int:
        calls.append(of)
        return len(of.entries)

    assert book.derived(count) == book.derived(count) == 1
    assert calls == [book]
    other = Book(book.entries, book.options_map)
    assert other.derived(count) == 1 and len(calls) == 2


def test_first_day_is_the_day_after_the_opening_balances(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2023-12-31 open Assets:102-银行存款
    2023-12-31 open Equity:322-工会资金结余
    2023-12-31 * "期初余额"
      voucher: "期初"
      Assets:102-银行存款  1000.00 CNY
      Equity:322-工会资金结余
    2025-03-01 custom "ghfund-option" "union-name" "某工会"
    """
    assert book.first_day == datetime.date(2024, 1, 1)
    assert book.years == range(2024, 2026)
