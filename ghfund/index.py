"""One walk over a book's transactions, shared by the rules: who posts where.

Each rule used to walk every transaction and every posting to find the few it is about
(the cash postings, the ones naming a fund, the gifts…). ``of(book)`` walks them once
and keeps, per account, the transactions and postings on it; per transaction, its
spending; per metadata key the rules look for, the transactions carrying it; per tag and
per payee, the transactions with it. Rules that look for words in narrations search all
narrations at once (``narrated``). A rule then visits only its candidates, in book order,
and applies its own logic to them unchanged: a candidate list may hold more than a rule
needs, never less.

Plain lists of ints, no tuple per posting: the walk must not wake the garbage collector
over the whole book.
"""

from __future__ import annotations

import bisect
import datetime
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from beancount.core import data

from ghfund.book import Book
from ghfund.money import ZERO

# metadata some rule starts from
KEYS = frozenset({"asset", "attachments", "event", "fund", "payroll", "reviewer"})


@dataclass(frozen=True, eq=False)
class Index:
    transactions: list[data.Transaction]  # book.transactions
    dates: list[datetime.date]  # their dates, for bisect
    account_txns: dict[str, list[int]]  # account -> the transaction of each posting on it
    account_postings: dict[str, list[data.Posting]]  # account -> those postings, in step
    spending: dict[int, Decimal]  # transaction -> its Expenses total in the book currency
    keyed: dict[str, list[int]]  # KEYS -> transactions with it (own or a posting's meta)
    tagged: dict[str, list[int]]  # tag -> transactions with it
    payees: dict[str, list[int]]  # payee (stripped, not blank) -> transactions with it
    narrations: list[str]  # each transaction's narration ("" for none)
    vouchers: list[object]  # each transaction's ``voucher`` metadata, as written (or None)

    def in_year(self, year: int) -> range:
        """The transactions dated in ``year``."""
        low = bisect.bisect_left(self.dates, datetime.date(year, 1, 1))
        return range(low, bisect.bisect_left(self.dates, datetime.date(year + 1, 1, 1), low))

    def touching(self, accounts: Iterable[str]) -> list[int]:
        """The transactions posting to any of ``accounts``, in book order, each once."""
        return union(self.account_txns.get(account, ()) for account in accounts)

    def on(self, account: str) -> Iterable[tuple[int, data.Posting]]:
        """(transaction, posting) of each posting on ``account``, in book order."""
        return zip(
            self.account_txns.get(account, ()), self.account_postings.get(account, ()), strict=True
        )

    def with_key(self, key: str) -> list[int]:
        """The transactions whose own or a posting's metadata has ``key`` (one of KEYS)."""
        return self.keyed[key]

    def with_tag(self, tag: str) -> list[int]:
        """The transactions tagged ``tag``, in book order."""
        return self.tagged.get(tag, [])

    def with_payee(self, names: Iterable[str]) -> list[int]:
        """The transactions whose payee, stripped, is one of ``names``, in book order (a
        blank name matches the transactions without a payee)."""
        wanted = set(names)
        if "" in wanted:
            return [
                i for i, txn in enumerate(self.transactions) if (txn.payee or "").strip() in wanted
            ]
        return union(self.payees.get(name, ()) for name in wanted)

    def narrated(self, pattern: re.Pattern[str]) -> list[int]:
        """The transactions in whose narration ``pattern`` finds a match, in book order.

        All narrations are searched as one text, a line each, so the pattern must not
        match across a line break (``.`` does not; ``\\s`` would)."""
        text, sums = self._narrations

        def start(i: int) -> int:  # where narration i begins in the text
            return sums[i] + i

        found: list[int] = []
        for match in pattern.finditer(text):
            i = bisect.bisect_right(range(len(sums)), match.start(), key=start) - 1
            if not found or found[-1] != i:
                found.append(i)
        return found

    @cached_property
    def _narrations(self) -> tuple[str, list[int]]:
        """Every narration on a line of one text, and the narrations' lengths summed before
        each (narration i begins at ``sums[i] + i``)."""
        texts = self.narrations
        return "\n".join(texts), list(itertools.accumulate(map(len, texts), initial=0))

    def spending_at_least(self, floor: Decimal) -> Iterable[tuple[int, Decimal]]:
        """(transaction, Expenses total) of each transaction spending at least ``floor``
        (a transaction without Expenses postings spends zero), in book order."""
        if floor > 0:
            return [(i, total) for i, total in self.spending.items() if total >= floor]
        return [(i, self.spending.get(i, ZERO)) for i in range(len(self.transactions))]


def union(lists: Iterable[Iterable[int]]) -> list[int]:
    """The transactions in any of ``lists``, in book order, each once."""
    found: set[int] = set()
    for listed in lists:
        found.update(listed)
    return sorted(found)


def of(book: Book) -> Index:
    """The book's index, built once per book."""
    return book.derived(_build)


def _build(book: Book) -> Index:
    transactions = book.transactions
    currency = book.currency
    expenses = frozenset(a for a in book.opens if a.startswith("Expenses:"))
    by_account: dict[str, tuple[list[int], list[data.Posting]]] = {}
    spending: dict[int, Decimal] = {}
    keyed: dict[str, list[int]] = {key: [] for key in KEYS}
    tagged: dict[str, list[int]] = {}
    payees: dict[str, list[int]] = {}
    dates: list[datetime.date] = []
    narrations: list[str] = []
    vouchers: list[object] = []
    keys, clean = KEYS, KEYS.isdisjoint
    for i, txn in enumerate(transactions):
        # what the rules read of every transaction, read while it is at hand
        own = txn.meta
        dates.append(txn.date)
        narrations.append(txn.narration or "")
        vouchers.append(own.get("voucher"))
        marked = None if clean(own) else keys.intersection(own)
        spent: Decimal | None = None
        for posting in txn.postings:
            account = posting.account
            lists = by_account.get(account)
            if lists is None:
                lists = by_account[account] = ([], [])
            lists[0].append(i)
            lists[1].append(posting)
            if account in expenses:
                units = posting.units
                if units is not None and units.currency == currency:
                    number = units.number or ZERO
                    spent = number if spent is None else spent + number
            meta = posting.meta
            if meta and not clean(meta):
                marked = keys.intersection(meta).union(marked or ())
        if spent is not None:
            spending[i] = spent + ZERO  # as ZERO + each: exact, and at least two places
        if marked:
            for key in marked:
                keyed[key].append(i)
        if txn.tags:
            for tag in txn.tags:
                tagged.setdefault(tag, []).append(i)
        if txn.payee:
            payee = txn.payee.strip()
            if payee:
                payees.setdefault(payee, []).append(i)
    return Index(
        transactions,
        dates,
        {account: lists[0] for account, lists in by_account.items()},
        {account: lists[1] for account, lists in by_account.items()},
        spending,
        keyed,
        tagged,
        payees,
        narrations,
        vouchers,
    )
