"""What a rule is: a stable name, a one-line description and a pure check over a Book."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ghfund.book import Book
from ghfund.errors import GhfundError

Check = Callable[[Book], Sequence[GhfundError]]


@dataclass(frozen=True)
class Rule:
    name: str  # public, kebab-case: the CLI filter, JSON output and ghfund-ack name it
    description: str  # one line, Chinese
    check: Check
    structural: bool = False  # structural rules make the book invalid; others are findings

    def __call__(self, book: Book) -> Sequence[GhfundError]:
        return self.check(book)
