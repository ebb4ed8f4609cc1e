"""Budget semantics (docs/CONTRACT.md §5, docs/REGULATIONS.md §5), shared by the budget rules and every execution table.

- Only ``"yearly"`` budgets count; the budget year is the directive's year.
- For one account and year the latest directive is effective, the first is the original
  (年初预算); directives on the same date keep file order. A line whose first directive is
  itself an adjustment was added mid-year: its original is zero.
- A budget on an Income account is planned income; on Equity:321/322 a declared draw on
  accumulated balances; on an Expenses account a spending line.
- A budget on an account covers its descendants (by account components, not string prefix).
- Amounts are exact ``Decimal``; there is no proration.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from ghfund import chart
from ghfund.book import Book
from ghfund.directives import Budget

LineKind = Literal["income", "draw", "expense"]


@dataclass(frozen=True)
class BudgetLine:
    """All budget directives of one account in one year."""

    account: str
    year: int
    directives: tuple[Budget, ...]  # date order

    @property
    def original(self) -> Decimal:
        first = self.directives[0]
        return Decimal("0.00") if first.adjustment else first.amount

    @property
    def effective(self) -> Decimal:
        return self.directives[-1].amount

    @property
    def kind(self) -> LineKind:
        coded = chart.parse(self.account)  # directives.py admits only chart accounts
        if coded.kind is chart.Kind.INCOME:
            return "income"
        if coded.kind is chart.Kind.EXPENSE:
            return "expense"
        return "draw"

    @property
    def code(self) -> str:
        return chart.parse(self.account).code

    @property
    def adjusted(self) -> bool:
        return len(self.directives) > 1 or self.directives[0].adjustment

    def covers(self, account: str) -> bool:
        return covers(self.account, account)


def covers(ancestor: str, account: str) -> bool:
    """True when ``account`` is ``ancestor`` or one of its descendants."""
    return account == ancestor or account.startswith(ancestor + ":")


def lines(budgets: Iterable[Budget]) -> dict[int, list[BudgetLine]]:
    """Budget lines by year, each year's lines in account order."""
    grouped: dict[tuple[int, str], list[Budget]] = defaultdict(list)
    for budget in budgets:  # entries are in date order, file order within a date
        grouped[(budget.year, budget.account)].append(budget)
    by_year: dict[int, list[BudgetLine]] = defaultdict(list)
    for (year, account), directives in sorted(grouped.items()):
        by_year[year].append(BudgetLine(account, year, tuple(directives)))
    return dict(by_year)


def of_book(book: Book) -> dict[int, list[BudgetLine]]:
    return lines(book.directives.budgets)


def covering(year_lines: Iterable[BudgetLine], account: str) -> BudgetLine | None:
    """The nearest budget line at ``account`` or its closest budgeted ancestor, if any."""
    best: BudgetLine | None = None
    for line in year_lines:
        if line.covers(account) and (best is None or len(line.account) > len(best.account)):
            best = line
    return best


def outermost(year_lines: Iterable[BudgetLine]) -> list[BudgetLine]:
    """The lines not covered by another line of the same kind: their sum is the total."""
    all_lines = list(year_lines)
    accounts = {line.account for line in all_lines}
    return [line for line in all_lines if not _has_ancestor(line.account, accounts)]


def _has_ancestor(account: str, accounts: set[str]) -> bool:
    """Whether one of ``accounts`` is an ancestor of ``account`` (``Expenses:505-业务支出``
    of ``Expenses:505-业务支出:50501-培训支出``, and so on up)."""
    end = account.rfind(":")
    while end > 0:
        if account[:end] in accounts:
            return True
        end = account.rfind(":", 0, end)
    return False


def totals(year_lines: Iterable[BudgetLine]) -> dict[LineKind, tuple[Decimal, Decimal]]:
    """(original, effective) totals of a year by kind, counting nested lines once.

    The original total is that of the budget as first approved: lines added by an
    adjustment take no part in it, so a child line that existed in January still
    counts even when the adjustment added a budget on its parent.
    """
    all_lines = list(year_lines)
    at_start = [line for line in all_lines if not line.directives[0].adjustment]
    zero = Decimal("0.00")
    original = {kind: zero for kind in _KINDS}
    effective = {kind: zero for kind in _KINDS}
    for line in outermost(at_start):
        original[line.kind] += line.original
    for line in outermost(all_lines):
        effective[line.kind] += line.effective
    return {kind: (original[kind], effective[kind]) for kind in _KINDS}


_KINDS: tuple[LineKind, ...] = ("income", "draw", "expense")
