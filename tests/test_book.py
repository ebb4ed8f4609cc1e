"""What a Book derives once per load."""

from __future__ import annotations

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
