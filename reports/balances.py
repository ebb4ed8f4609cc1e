"""Amounts by year and first-level account code, and balances after virtual closing.

One grouped pass over the postings frame; every statement line and year-end balance of
the annual accounts is read off it. The virtual closing is ``ghfund.closing.closes_into``,
the rule ``ghfund.closing.fund_balances`` applies entry by entry, so both agree to the cent.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd

from ghfund.book import Book
from ghfund.closing import closes_into
from ghfund.money import ZERO

Key = tuple[int, str, bool, bool, bool]  # year, first-level code, flow, earmarked, #closing


@dataclass(frozen=True)
class Sums:
    """Posting amounts (Beancount's sign) by year and first-level code: one pass over the frame.

    ``flow``: an Income or Expenses account; ``earmarked``: the posting has a fund
    (``ghfund.closing.fund_of``). Accounts off the chart are kept apart in ``unparsed``.
    """

    amounts: dict[Key, Decimal]
    unparsed: dict[tuple[int, str], Decimal]  # (year, account) → amount
    currencies: frozenset[str]
    closings: dict[int, int]  # year → number of #closing transactions

    @classmethod
    def of(cls, book: Book) -> Sums:
        frame = book.postings
        keys = [frame["year"], frame["top"], frame["root"], frame["fund"] != "", frame["closing"]]
        amounts: dict[Key, Decimal] = {}
        for (year, top, root, earmarked, closing), amount in _sum_by(frame["amount"], keys):
            if top:  # accounts off the chart are in no statement line
                key = (int(year), str(top), root in _FLOWS, bool(earmarked), bool(closing))
                amounts[key] = amounts.get(key, ZERO) + amount
        off = frame[frame["top"] == ""]
        unparsed = {
            (int(year), str(account)): amount
            for (year, account), amount in _sum_by(off["amount"], [off["year"], off["account"]])
        }
        closings = frame[frame["closing"]].drop_duplicates("txn")
        return cls(
            amounts,
            unparsed,
            frozenset(frame["currency"].unique()),
            dict(Counter(int(year) for year in closings["year"])),
        )

    def closed(self, year: int) -> dict[str, Decimal]:
        """Balances by first-level code at the end of ``year``, after virtual closing."""
        result: dict[str, Decimal] = {}
        for (when, top, flow, earmarked, _), amount in self.amounts.items():
            if when <= year:
                target = closes_into(top, flow, earmarked) or top
                result[target] = result.get(target, ZERO) + amount
        return result

    def moved(self, year: int, flow: bool, earmarked: bool | None = None) -> dict[str, Decimal]:
        """A year's amounts by first-level code, without #closing entries: flows (income and
        spending, optionally only the earmarked or ordinary ones) or the other accounts."""
        result: dict[str, Decimal] = {}
        for (when, top, is_flow, is_earmarked, closing), amount in self.amounts.items():
            wanted = earmarked is None or is_earmarked == earmarked
            if when == year and is_flow == flow and not closing and wanted:
                result[top] = result.get(top, ZERO) + amount
        return result

    def off_chart(self, year: int) -> dict[str, Decimal]:
        """Nonzero balances at the end of ``year`` of accounts that do not follow the chart."""
        result: dict[str, Decimal] = {}
        for (when, account), amount in self.unparsed.items():
            if when <= year:
                result[account] = result.get(account, ZERO) + amount
        return {account: amount for account, amount in result.items() if amount}


_FLOWS = ("Income", "Expenses")


def _sum_by(amounts: pd.Series, keys: list[pd.Series]) -> list[tuple[Any, Decimal]]:
    """Exact Decimal sums of ``amounts`` by the values of two or more ``keys`` (tuples)."""
    grouped = amounts.groupby(keys, sort=False).sum()
    return list(zip(grouped.index, grouped, strict=True))


def total(values: Iterable[Decimal]) -> Decimal:
    return sum(values, ZERO)
