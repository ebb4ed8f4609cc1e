"""A large purchase split into smaller payments (拆分支出) still needs a collective decision.

Two or more expense transactions to the same payee, none dated more than
``large-split-days`` (default 7) after the first, each under ``large-expense`` and none
carrying ``decision``, that together reach ``large-expense``. Payments under a tenth of
``large-expense`` are not counted: thirty purchases of a few hundred yuan from one shop in
a busy week are routine buying, not one large purchase cut up. Overlapping groups are one
finding, naming every voucher, at the last transaction (its voucher is the key). Silent
until the book sets ``large-expense``; the options in force on the last transaction's date
apply. A transaction's expense is the sum of its Expenses postings, as for
``large-no-decision``.
"""

from __future__ import annotations

import bisect
import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from beancount.core import data, flags

from ghfund import index
from ghfund.book import Book
from ghfund.errors import GhfundError, source_of, voucher_key
from ghfund.money import ZERO, fmt
from ghfund.rules import Rule, topic_plugin


class LargeSplitError(GhfundError):
    rule = "large-split"


SMALLEST_PART = Decimal("0.1")  # of large-expense: smaller payments are not parts of a split


@dataclass
class Spending:
    """One payee's expense transactions in date order, as parallel lists (a tuple per
    transaction would wake the garbage collector over the whole book)."""

    dates: list[datetime.date] = field(default_factory=list)
    totals: list[Decimal] = field(default_factory=list)
    txns: list[data.Transaction] = field(default_factory=list)

    def add(self, date: datetime.date, total: Decimal, txn: data.Transaction) -> None:
        self.dates.append(date)
        self.totals.append(total)
        self.txns.append(txn)


def _by_payee(book: Book, smallest: Decimal) -> dict[str, Spending]:
    """Every expense transaction with a payee of at least ``smallest``, by payee, in date
    order (decided or not)."""
    padding, shared = flags.FLAG_PADDING, index.of(book)
    found: dict[str, Spending] = {}
    for i, total in shared.spending_at_least(smallest):
        txn = shared.transactions[i]
        payee = txn.payee
        if not payee:
            continue
        if txn.flag != padding:
            if payee not in found:
                found[payee] = Spending()
            found[payee].add(txn.date, total, txn)
    return found


def _undecided(book: Book, spending: Spending, floor: Decimal) -> Spending:
    """The transactions that may be parts of a split: no decision, each under the line and
    at least a tenth of it."""
    kept = Spending()
    for date, total, txn in zip(spending.dates, spending.totals, spending.txns, strict=True):
        decision = txn.meta.get("decision")
        if isinstance(decision, str) and decision.strip():
            continue
        limit = book.settings.limit("large-expense", date)
        if limit is None or limit * SMALLEST_PART <= total < limit:
            kept.add(date, total, txn)
    return kept


def check_large_items_not_split(book: Book) -> Sequence[LargeSplitError]:
    """Payments to one payee within large-split-days that together reach large-expense."""
    limits = [value for _, value in book.settings.history("large-expense")]
    if not limits:
        return []
    floor = min(limits)
    widest = max([7, *(value for _, value in book.settings.history("large-split-days"))])
    errors = []
    for payee, spending in _by_payee(book, floor * SMALLEST_PART).items():
        # Every transaction of the payee first: only a payee whose spending could reach the
        # line within the widest window is looked at closely.
        if len(spending.dates) < 2 or not _groups(book, spending, floor, widest, exact=False):
            continue
        undecided = _undecided(book, spending, floor)
        for first, last in _groups(book, undecided, floor, widest):
            errors.append(_error(book, payee.strip(), undecided, range(first, last + 1)))
    return errors


def _groups(
    book: Book, spending: Spending, floor: Decimal, widest: int, exact: bool = True
) -> list[tuple[int, int]]:
    """(first, last) index of each maximal run of overlapping windows that reach the line.

    A window is first measured with the widest ``large-split-days`` and the lowest
    ``large-expense`` the book ever sets; only a window that could reach the line is
    measured again with the options in force on its last date. Not ``exact``: whether any
    window could reach the line (a non-empty list), without the options.
    """
    dates = spending.dates
    sums = [ZERO]
    for amount in spending.totals:
        sums.append(sums[-1] + amount)
    groups: list[tuple[int, int]] = []
    start = end = -1  # the open group's first and last index
    first = 0
    for last, date in enumerate(dates):
        while (date - dates[first]).days > widest:
            first += 1
        if last == first or sums[last + 1] - sums[first] < floor:
            continue
        if not exact:
            return [(first, last)]
        days = book.settings.days("large-split-days", date)
        low = bisect.bisect_left(dates, date - datetime.timedelta(days=days), first, last)
        limit = book.settings.limit("large-expense", date)
        if last == low or limit is None or sums[last + 1] - sums[low] < limit:
            continue
        if low <= end:
            end = last
            continue
        if end >= 0:
            groups.append((start, end))
        start, end = low, last
    if end >= 0:
        groups.append((start, end))
    return groups


def _error(book: Book, payee: str, spending: Spending, group: range) -> LargeSplitError:
    txn = spending.txns[group[-1]]
    total = sum((spending.totals[i] for i in group), ZERO)
    limit = book.settings.limit("large-expense", txn.date) or ZERO
    listed = "、".join(
        f"{voucher_key(spending.txns[i])}（{spending.dates[i]}，{fmt(spending.totals[i])} 元）"
        for i in group
    )
    span = (spending.dates[group[-1]] - spending.dates[group[0]]).days
    return LargeSplitError(
        source_of(txn),
        f"{span} 天内向“{payee}”支付 {len(group)} 笔：{listed}，每笔都低于大额支出标准 "
        f"{fmt(limit)} 元，合计 {fmt(total)} 元达到标准，都没有注明集体决策。"
        "同一事项拆分支付的，应按大额支出经集体决策，并在这几笔凭证上注明 "
        'decision: "会议纪要号"；确属互不相关的几笔支出，由经审会审查后用 ghfund-ack 处理',
        txn,
        voucher_key(txn),
        total,
    )


RULES: tuple[Rule, ...] = (
    Rule(
        LargeSplitError,
        "同一收款方 large-split-days 天内合计达到大额支出标准的几笔支出注明集体决策",
        check_large_items_not_split,
    ),
)

__plugins__ = (topic_plugin(RULES),)
