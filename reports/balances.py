"""Amounts by period and first-level account code, and balances after virtual closing.

Every statement line and balance of the annual accounts and the audit reports is read
off these sums. Periods end on every 31 December and on any further dates a report asks
for (``cuts``: a term's start and end), so the balance at the end of any of those dates,
and the flows between two of them, are sums of whole periods. They are summed account by
account from the rules' index (``ghfund.index``): each account's postings are already in
date order there, so a period is one slice of them, and only the few transactions that
name a fund or carry #closing are taken posting by posting. The virtual closing is
``ghfund.closing.closes_into``, the rule ``ghfund.closing.fund_balances`` applies entry by
entry, so both agree to the cent.
"""

from __future__ import annotations

import bisect
import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from ghfund import chart, index
from ghfund.book import Book
from ghfund.closing import CLOSING_TAG, closes_into, named_fund, unnamed_fund
from ghfund.money import ZERO

Key = tuple[datetime.date, str, bool, bool, bool]  # period end, code, flow, earmarked, #closing


@dataclass(frozen=True)
class Sums:
    """Posting amounts (Beancount's sign) by period and first-level code, and by account.

    A period runs from the day after the previous period's end to its own end; ``flow``:
    an Income or Expenses account; ``earmarked``: the posting has a fund
    (``ghfund.closing.fund_of``). Accounts off the chart are kept apart in ``unparsed``;
    ``accounts`` has every account's amount per period, whatever its fund or tags.
    """

    amounts: dict[Key, Decimal]
    unparsed: dict[tuple[datetime.date, str], Decimal]  # (period end, account) → amount
    currencies: frozenset[str]
    closings: dict[int, int]  # year → number of #closing transactions
    accounts: dict[tuple[datetime.date, str], Decimal]  # (period end, account) → amount
    cuts: frozenset[datetime.date] = frozenset()  # period ends besides every 31 December
    # the part of ``unparsed`` on income and spending accounts that belongs to a fund
    unparsed_earmarked: dict[tuple[datetime.date, str], Decimal] = field(default_factory=dict)

    @classmethod
    def of(
        cls, book: Book, cuts: Iterable[datetime.date] = (), currency: str | None = None
    ) -> Sums:
        """The sums of ``book`` by year, and also cut at the end of each of ``cuts``; only
        the postings in ``currency`` when one is given (``currencies`` still lists all)."""
        cuts = frozenset(cuts)
        shared = index.of(book)
        dates = shared.dates
        years = range(dates[0].year, dates[-1].year + 1) if dates else range(0)
        ends = sorted({year_end(year) for year in years} | cuts)
        through = [bisect.bisect_right(dates, end) for end in ends]  # txns up to each end
        closing = shared.with_tag(CLOSING_TAG)
        closed = set(closing)
        either = sorted(closed.union(shared.with_key("fund")))  # tagged, or naming a fund
        amounts: dict[Key, Decimal] = {}
        accounts: dict[tuple[datetime.date, str], Decimal] = {}
        unparsed: dict[tuple[datetime.date, str], Decimal] = {}
        unparsed_earmarked: dict[tuple[datetime.date, str], Decimal] = {}
        posted = book.derived(_posted, currency)
        populated: set[Key] = set()  # keys some posting stayed in (as the frame's groups)
        for account, txns in shared.account_txns.items():
            postings = shared.account_postings[account]
            numbers, kept = posted.numbers[account]
            top = chart.top_of(account)
            flow = account.split(":", 1)[0] in _FLOWS
            earmarked = flow and unnamed_fund(account) != ""
            # the transactions whose postings may leave the account's usual key
            special = either if flow and not earmarked else closing
            start = 0
            for end, cut in zip(ends, through, strict=True):
                stop = bisect.bisect_left(txns, cut, start)
                present = stop - start if kept is None else sum(kept[start:stop])
                if not present:
                    start = stop
                    continue
                amount = sum(numbers[start:stop], ZERO)
                accounts[end, account] = amount
                usual = (end, top, flow, earmarked, False)
                if top:
                    amounts[usual] = amounts.get(usual, ZERO) + amount
                else:  # accounts off the chart are in no statement line
                    unparsed[end, account] = amount
                low = bisect.bisect_left(special, txns[start])
                high = bisect.bisect_right(special, txns[stop - 1])
                for i in special[low:high]:  # their postings may belong elsewhere
                    txn = shared.transactions[i]
                    k = bisect.bisect_left(txns, i, start, stop)
                    while k < stop and txns[k] == i:
                        posting, number = postings[k], numbers[k]
                        named = flow and named_fund(posting, txn) != ""
                        own = (end, top, flow, earmarked or named, i in closed)
                        counted = kept is None or kept[k]
                        k += 1
                        if own == usual or not counted:
                            continue
                        if not top:
                            if named:
                                where = (end, account)
                                unparsed_earmarked[where] = (
                                    unparsed_earmarked.get(where, ZERO) + number
                                )
                            continue
                        amounts[usual] -= number
                        amounts[own] = amounts.get(own, ZERO) + number
                        populated.add(own)
                        present -= 1
                if top and present:
                    populated.add(usual)
                start = stop
        for key in [key for key in amounts if key[4] is False and key not in populated]:
            del amounts[key]  # every posting of the key moved to its own key
        counted_closings = Counter(
            dates[i].year for i in closing if shared.transactions[i].postings
        )
        return cls(
            amounts,
            unparsed,
            posted.currencies,
            dict(counted_closings),
            accounts,
            cuts,
            unparsed_earmarked,
        )

    def closed(self, year: int) -> dict[str, Decimal]:
        """Balances by first-level code at the end of ``year``, after virtual closing."""
        return self.closed_at(year_end(year))

    def closed_at(self, date: datetime.date) -> dict[str, Decimal]:
        """Balances by first-level code at the end of ``date``, after virtual closing."""
        self._check(date)
        result: dict[str, Decimal] = {}
        for (when, top, flow, earmarked, _), amount in self.amounts.items():
            if when <= date:
                target = closes_into(top, flow, earmarked) or top
                result[target] = result.get(target, ZERO) + amount
        return result

    def moved(self, year: int, flow: bool, earmarked: bool | None = None) -> dict[str, Decimal]:
        """A year's amounts by first-level code, without #closing entries: flows (income and
        spending, optionally only the earmarked or ordinary ones) or the other accounts."""
        return self.moved_between(year_end(year - 1), year_end(year), flow, earmarked)

    def moved_between(
        self,
        after: datetime.date,
        through: datetime.date,
        flow: bool,
        earmarked: bool | None = None,
    ) -> dict[str, Decimal]:
        """As ``moved``, for the days after ``after`` through ``through``."""
        self._check(after)
        self._check(through)
        result: dict[str, Decimal] = {}
        for (when, top, is_flow, is_earmarked, closing), amount in self.amounts.items():
            wanted = earmarked is None or is_earmarked == earmarked
            if after < when <= through and is_flow == flow and not closing and wanted:
                result[top] = result.get(top, ZERO) + amount
        return result

    def account_balances(self, date: datetime.date, tops: Iterable[str]) -> dict[str, Decimal]:
        """The balance at the end of ``date`` (no virtual closing) of each account whose
        first-level code is one of ``tops`` and that was posted to by then."""
        self._check(date)
        wanted = frozenset(tops)
        result: dict[str, Decimal] = {}
        for (when, account), amount in self.accounts.items():
            if when <= date and chart.top_of(account) in wanted:
                result[account] = result.get(account, ZERO) + amount
        return result

    def off_chart(self, date: datetime.date) -> dict[str, Decimal]:
        """Nonzero balances at the end of ``date`` of accounts that do not follow the chart."""
        self._check(date)
        result: dict[str, Decimal] = {}
        for (when, account), amount in self.unparsed.items():
            if when <= date:
                result[account] = result.get(account, ZERO) + amount
        return {account: amount for account, amount in result.items() if amount}

    def _check(self, date: datetime.date) -> None:
        """Only the end of a period splits the sums exactly: refuse any other date."""
        if (date.month, date.day) != (12, 31) and date not in self.cuts:
            raise ValueError(f"{date} is no period end of these sums; pass it in cuts")


_FLOWS = ("Income", "Expenses")


@dataclass(frozen=True)
class _Posted:
    """Per account, each posting's number (0 where it does not count) and which postings
    count (None: all); the currencies of all postings."""

    numbers: dict[str, tuple[list[Decimal], list[bool] | None]]
    currencies: frozenset[str]


def _posted(book: Book, currency: str | None) -> _Posted:
    """The numbers ``Sums.of`` adds up, whatever the cuts: the postings Beancount completed,
    in ``currency`` if one is given. One pass over an account whose postings are all in the
    book's currency (or ``currency``)."""
    usual = currency or book.currency
    currencies: set[str] = set()
    result: dict[str, tuple[list[Decimal], list[bool] | None]] = {}
    for account, postings in index.of(book).account_postings.items():
        numbers = [
            number
            for p in postings
            if (u := p.units) is not None
            and u.currency == usual
            and (number := u.number) is not None
        ]
        if len(numbers) == len(postings):
            if numbers:
                currencies.add(usual)
            result[account] = (numbers, None)
            continue
        numbers, kept = [], []
        for posting in postings:
            units = posting.units
            number = units.number if units is not None else None
            if units is None or number is None:
                numbers.append(ZERO)
                kept.append(False)
                continue
            currencies.add(units.currency)
            keep = currency is None or units.currency == currency
            numbers.append(number if keep else ZERO)
            kept.append(keep)
        result[account] = (numbers, kept)
    return _Posted(result, frozenset(currencies))


def sums_of(book: Book, cuts: Iterable[datetime.date] = (), currency: str | None = None) -> Sums:
    """``Sums.of(book, cuts, currency)``, computed once per book and arguments: the
    statements and the notes of one report share it. A 31 December is a period end
    anyway, and a book in one currency has the same sums in it: both ask for the same."""
    if currency is not None and book.derived(_posted, None).currencies <= {currency}:
        currency = None
    ends = frozenset(cut for cut in cuts if (cut.month, cut.day) != (12, 31))
    return book.derived(_sums, ends, currency)


def _sums(book: Book, cuts: frozenset[datetime.date], currency: str | None) -> Sums:
    return Sums.of(book, cuts, currency)


def year_end(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


def total(values: Iterable[Decimal]) -> Decimal:
    return sum(values, ZERO)
