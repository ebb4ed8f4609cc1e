"""Every year with income or spending has a yearly budget (预算): ``budget-missing``.

A book with no yearly budget at all is left alone (it keeps its budgets elsewhere, and
the other budget rules are silent too). Opening balances and ``#closing`` entries are
not income or spending. A year is checked once the book has passed ``BUDGET_DUE`` of
it. Key (what a ``ghfund-ack`` names): the year.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from beancount.core import data

from ghfund import budgets, closing, index
from ghfund.book import Book
from ghfund.errors import GhfundError, source_of
from ghfund.money import ZERO, fmt, units_in
from ghfund.rules import Rule, topic_plugin

BUDGET_DUE = (3, 31)  # (month, day): a year's budget is in the book by then at the latest


class BudgetMissingError(GhfundError):
    rule = "budget-missing"


def check_budget_exists(book: Book) -> Sequence[BudgetMissingError]:
    """A book that keeps budgets has a yearly budget for every year with income or spending.

    A book with no yearly budget at all is left alone (it keeps its budgets elsewhere);
    opening balances and #closing entries are not income or spending. A year is checked
    once the book has passed ``BUDGET_DUE`` of it: a budget approved at the first
    committee meeting of the year may not be in a book kept up to January yet.
    """
    if not book.directives.budgets or book.last_date is None:
        return []
    budgeted = set(budgets.of_book(book))
    last = book.last_date
    shared = index.of(book)
    active: dict[int, data.Transaction] = {}  # year -> its first income or spending
    for year in range(shared.dates[0].year, last.year + 1) if shared.dates else ():
        if year in budgeted:
            continue
        if last <= datetime.date(year, *BUDGET_DUE):  # still time to approve it
            break
        for i in shared.in_year(year):
            txn = shared.transactions[i]
            if not closing.is_closing(txn) and any(
                p.account.startswith(("Income:", "Expenses:")) for p in txn.postings
            ):
                active[year] = txn
                break
    return [_missing(book, year, txn) for year, txn in sorted(active.items())]


def _missing(book: Book, year: int, first: data.Transaction) -> BudgetMissingError:
    income = spending = ZERO
    for txn in book.transactions:
        if txn.date.year != year or closing.is_closing(txn):
            continue
        for posting in txn.postings:
            number = units_in(posting, book.currency)
            if number is None:
                continue
            if posting.account.startswith("Income:"):
                income -= number
            elif posting.account.startswith("Expenses:"):
                spending += number
    return BudgetMissingError(
        source_of(first),
        f"{year} 年度没有预算：本年收入 {fmt(income)} 元、支出 {fmt(spending)} 元，"
        f'账本中却没有 {year} 年的 "yearly" 预算。预算须在年初经工会委员会审议批准；请补录'
        f'经批准的年度预算（custom "budget" 科目 "yearly" 金额，写明 approved），'
        "未编制预算的由经审会审查处理",
        first,
        str(year),
        spending,
    )


RULES: tuple[Rule, ...] = (
    Rule(BudgetMissingError, "有收支的年度都有经批准的年度预算", check_budget_exists),
)

__plugins__ = (topic_plugin(RULES),)
