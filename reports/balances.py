"""Amounts by period and first-level account code, and balances after virtual closing.

One grouped pass over the postings frame; every statement line and balance of the
annual accounts and the audit reports is read off it. Periods end on every 31 December
and on any further dates a report asks for (``cuts``: a term's start and end), so the
balance at the end of any of those dates, and the flows between two of them, are sums
of whole periods. The virtual closing is ``ghfund.closing.closes_into``, the rule
``ghfund.closing.fund_balances`` applies entry by entry, so both agree to the cent.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from ghfund.book import Book
from ghfund.closing import closes_into
from ghfund.money import ZERO
from ghfund.reports import frames

Key = tuple[datetime.date, str, bool, bool, bool]  # period end, code, flow, earmarked, #closing


@dataclass(frozen=True)
class Sums:
    """Posting amounts (Beancount's sign) by period and first-level code: one pass over the frame.

    A period runs from the day after the previous period's end to its own end; ``flow``:
    an Income or Expenses account; ``earmarked``: the posting has a fund
    (``ghfund.closing.fund_of``). Accounts off the chart are kept apart in ``unparsed``.
    """

    amounts: dict[Key, Decimal]
    unparsed: dict[tuple[datetime.date, str], Decimal]  # (period end, account) → amount
    currencies: frozenset[str]
    closings: dict[int, int]  # year → number of #closing transactions
    cuts: frozenset[datetime.date] = frozenset()  # period ends besides every 31 December

    @classmethod
    def of(cls, book: Book, cuts: Iterable[datetime.date] = ()) -> Sums:
        """The sums of ``book`` by year, and also cut at the end of each of ``cuts``."""
        frame = frames.postings(book)
        cuts = frozenset(cuts)
        ends = _period_ends(book, frame, cuts)
        keys = [ends, frame["top"], frame["root"], frame["fund"] != "", frame["closing"]]
        amounts: dict[Key, Decimal] = {}
        for (end, top, root, earmarked, closing), amount in _sum_by(frame["amount"], keys):
            if top:  # accounts off the chart are in no statement line
                key = (_day(end), str(top), root in _FLOWS, bool(earmarked), bool(closing))
                amounts[key] = amounts.get(key, ZERO) + amount
        off = frame["top"] == ""
        unparsed = {
            (_day(end), str(account)): amount
            for (end, account), amount in _sum_by(
                frame["amount"][off], [ends[off], frame["account"][off]]
            )
        }
        closings = frame[frame["closing"]].drop_duplicates("txn")
        return cls(
            amounts,
            unparsed,
            frozenset(frame["currency"].unique()),
            dict(Counter(int(year) for year in closings["year"])),
            cuts,
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


def sums_of(book: Book, cuts: Iterable[datetime.date] = ()) -> Sums:
    """``Sums.of(book, cuts)``, computed once per book and cuts: the statements and the
    notes of one report share it."""
    return book.derived(_sums, frozenset(cuts))


def _sums(book: Book, cuts: frozenset[datetime.date]) -> Sums:
    return Sums.of(book, cuts)


def year_end(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


def _period_ends(book: Book, frame: pd.DataFrame, cuts: frozenset[datetime.date]) -> pd.Series:
    """Each posting's period end, as an ordinal day: its year's 31 December, or the first
    of ``cuts`` on or after its date when that comes earlier."""
    years = frame["year"].to_numpy()
    known = np.unique(years)
    ordinals = np.fromiter((year_end(int(y)).toordinal() for y in known), np.int64, len(known))
    december = ordinals[np.searchsorted(known, years)]
    if cuts:
        days = np.fromiter((txn.date.toordinal() for txn in book.transactions), np.int64)
        posted = days[frame["txn"].to_numpy()]
        bounds = np.asarray(sorted(cut.toordinal() for cut in cuts), dtype=np.int64)
        index = np.searchsorted(bounds, posted, side="left")
        cut = bounds[np.minimum(index, len(bounds) - 1)]
        december = np.where((index < len(bounds)) & (cut < december), cut, december)
    return pd.Series(december, index=frame.index)


def _day(ordinal: Any) -> datetime.date:
    return datetime.date.fromordinal(int(ordinal))


def _sum_by(amounts: pd.Series, keys: list[pd.Series]) -> list[tuple[Any, Decimal]]:
    """Exact Decimal sums of ``amounts`` by the values of two or more ``keys`` (tuples)."""
    grouped = amounts.groupby(keys, sort=False).sum()
    return list(zip(grouped.index, grouped, strict=True))


def total(values: Iterable[Decimal]) -> Decimal:
    return sum(values, ZERO)
