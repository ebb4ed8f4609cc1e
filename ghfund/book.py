"""A book's entries and what ghfund reads off them, computed once and shared.

Rules and reports receive a ``Book``: the entries and options of a loaded
ledger, with the ghfund settings, the parsed custom directives and the
transactions derived lazily, each at most once per load.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from beancount.core import data

from ghfund import directives, settings, standards

T = TypeVar("T")


@dataclass(frozen=True, eq=False)
class Book:
    entries: list[data.Directive]
    options_map: dict[str, Any]
    _derived: dict[tuple[Callable[..., Any], tuple[Hashable, ...]], Any] = field(
        default_factory=dict, init=False, repr=False
    )

    def derived(self, build: Callable[..., T], *args: Hashable) -> T:
        """``build(self, *args)``, computed once per book and arguments: the one way ghfund
        keeps what it derives from a book (what several rules share, a report's frames,
        a Fava page's report). An exception is not kept.

        ``build`` must be a module-level function returning a value nobody mutates.
        """
        key = (build, args)
        if key not in self._derived:
            self._derived[key] = build(self, *args)
        value: T = self._derived[key]
        return value

    @cached_property
    def settings(self) -> settings.Settings:
        return settings.parse(self.customs, self.options_map)

    @cached_property
    def directives(self) -> directives.Directives:
        return directives.parse(self.customs, self.options_map)

    @cached_property
    def standards(self) -> standards.Standards:
        """The gift standards tables in force by date (the ``standards`` option)."""
        return standards.resolve(self.customs)

    @property
    def customs(self) -> list[data.Custom]:
        return self._sorted[1]

    @property
    def transactions(self) -> list[data.Transaction]:
        return self._sorted[0]

    @property
    def opens(self) -> dict[str, data.Open]:
        return self._sorted[2]

    @cached_property
    def _sorted(
        self,
    ) -> tuple[list[data.Transaction], list[data.Custom], dict[str, data.Open]]:
        """The transactions, custom directives and Open directives, in one pass."""
        transactions: list[data.Transaction] = []
        customs: list[data.Custom] = []
        opens: dict[str, data.Open] = {}
        for entry in self.entries:
            if isinstance(entry, data.Transaction):
                transactions.append(entry)
            elif isinstance(entry, data.Custom):
                customs.append(entry)
            elif isinstance(entry, data.Open):
                opens[entry.account] = entry
        return transactions, customs, opens

    @property
    def currency(self) -> str:
        return self.settings.currency

    @cached_property
    def first_date(self) -> datetime.date | None:
        return self.entries[0].date if self.entries else None

    @cached_property
    def last_date(self) -> datetime.date | None:
        """The date of the book's last entry: "now" for rules about deadlines."""
        return self.entries[-1].date if self.entries else None

    @cached_property
    def first_day(self) -> datetime.date | None:
        """The first day the book keeps accounts for (None without transactions): the date
        of the first transaction, or the next day when that transaction is dated 31 December
        (the opening balances, dated the day before the book starts: docs/CONTRACT.md §3)."""
        if not self.transactions:
            return None
        first = self.transactions[0].date
        if (first.month, first.day) == (12, 31):
            return first + datetime.timedelta(days=1)
        return first

    @cached_property
    def years(self) -> range:
        """The years the book keeps accounts for (empty without transactions): from the
        year of ``first_day`` to the year of the last entry (budgets may run ahead)."""
        if self.first_day is None or self.last_date is None:
            return range(0)
        start = self.first_day.year
        return range(start, max(start, self.last_date.year) + 1)
