"""A large purchase split into smaller payments (拆分支出) still needs a collective decision.

Two or more expense transactions to the same payee, none dated more than
``large-split-days`` (default 7) after the first, each under ``large-expense`` and none
carrying ``decision``, that together reach ``large-expense``. Overlapping groups are one
finding, naming every voucher, at the last transaction (its voucher is the key). Silent
until the book sets ``large-expense``; the options in force on the last transaction's date
apply. A transaction's expense is the sum of its Expenses postings, as for
``large-no-decision``.
"""

from __future__ import annotations

import bisect
import datetime
from collections.abc import Sequence
from decimal import Decimal

from beancount.core import data, flags

from ghfund.book import Book
from ghfund.errors import GhfundError, source_of, voucher_key
from ghfund.money import ZERO, fmt
from ghfund.rules import Rule, topic_plugin


class LargeSplitError(GhfundError):
    rule = "large-split"


Spending = tuple[datetime.date, Decimal, data.Transaction]


def _by_payee(book: Book, floor: Decimal) -> dict[str, list[Spending]]:
    """Undecided expense transactions under ``large-expense``, by payee, in date order."""
    currency, settings = book.currency, book.settings
    expenses = frozenset(a for a in book.opens if a.startswith("Expenses:"))
    found: dict[str, list[Spending]] = {}
    for txn in book.transactions:
        if not txn.payee:
            continue
        total = ZERO
        for posting in txn.postings:
            if posting.account in expenses:
                units = posting.units
                if units is not None and units.currency == currency:
                    total += units.number or ZERO
        if total <= 0 or txn.flag == flags.FLAG_PADDING:
            continue
        decision = txn.meta.get("decision")
        if isinstance(decision, str) and decision.strip():
            continue
        if total >= floor:
            limit = settings.limit("large-expense", txn.date)
            if limit is not None and total >= limit:
                continue
        found.setdefault(txn.payee.strip(), []).append((txn.date, total, txn))
    return found


def check_large_items_not_split(book: Book) -> Sequence[LargeSplitError]:
    """Payments to one payee within large-split-days that together reach large-expense."""
    limits = [value for _, value in book.settings.history("large-expense")]
    if not limits:
        return []
    floor = min(limits)
    widest = max([7, *(value for _, value in book.settings.history("large-split-days"))])
    errors = []
    for payee, spending in _by_payee(book, floor).items():
        if len(spending) < 2 or sum((amount for _, amount, _ in spending), ZERO) < floor:
            continue
        for group in _groups(book, spending, floor, widest):
            errors.append(_error(book, payee, group))
    return errors


def _groups(
    book: Book, spending: list[Spending], floor: Decimal, widest: int
) -> list[list[Spending]]:
    """Maximal runs of overlapping windows that reach large-expense.

    A window is first measured with the widest ``large-split-days`` and the lowest
    ``large-expense`` the book ever sets; only a window that could reach the line is
    measured again with the options in force on its last date.
    """
    dates = [date for date, _, _ in spending]
    totals = [ZERO]
    for _, amount, _ in spending:
        totals.append(totals[-1] + amount)
    groups: list[list[Spending]] = []
    start = end = -1  # the open group's first and last index
    first = 0
    for last, date in enumerate(dates):
        while (date - dates[first]).days > widest:
            first += 1
        if last == first or totals[last + 1] - totals[first] < floor:
            continue
        days = book.settings.days("large-split-days", date)
        low = bisect.bisect_left(dates, date - datetime.timedelta(days=days), first, last)
        limit = book.settings.limit("large-expense", date)
        if last == low or limit is None or totals[last + 1] - totals[low] < limit:
            continue
        if low <= end:
            end = last
            continue
        if end >= 0:
            groups.append(spending[start : end + 1])
        start, end = low, last
    if end >= 0:
        groups.append(spending[start : end + 1])
    return groups


def _error(book: Book, payee: str, group: list[Spending]) -> LargeSplitError:
    _, _, txn = group[-1]
    total = sum((amount for _, amount, _ in group), ZERO)
    limit = book.settings.limit("large-expense", txn.date) or ZERO
    listed = "、".join(f"{voucher_key(t)}（{d}，{fmt(a)} 元）" for d, a, t in group)
    span = (group[-1][0] - group[0][0]).days
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
