"""Account balances at every level of the chart: what the books of account are read from.

The 科目余额表, 总账, 明细账 and 日记账 (``ghfund books …``) all read their numbers
here, in the book's currency: opening balances off the report sums
(``reports.balances.sums_of``), a period's movements off the postings frame of its
years (``reports.frames.in_years``):

- ``nodes``: every account of the book at every level (``Assets:102-银行存款`` and
  ``Assets:102-银行存款:01-工商银行``), in code order, each with its effective code.
- ``amounts``: per posted account, the opening balance at a period's start and the
  debits and credits within it; ``rolled`` adds them up each node's subtree.
- ``monthly``: one year's debits and credits per account and month, in one pass.

Opening balances follow the virtual year-end closing of the statements
(``ghfund.closing.closes_into``): income and spending of earlier years sit in 321
工会资金结转 (earmarked) or 322 工会资金结余 (the rest), so a year's books open with
the balances of 工会01表's 年初余额. Within a year nothing is closed.
Amounts keep Beancount's sign (debit positive); ``side`` says 借/贷/平.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from ghfund import chart, index
from ghfund.book import Book
from ghfund.closing import CARRIED, RETAINED, closes_into
from ghfund.money import ZERO
from ghfund.reports import frames
from ghfund.reports.balances import sums_of, year_end

DEBIT, CREDIT, EVEN = "借", "贷", "平"
FLOWS = ("Income", "Expenses")


def side(balance: Decimal) -> str:
    """借 for a debit balance, 贷 for a credit balance, 平 for none: as the forms print it."""
    return DEBIT if balance > 0 else CREDIT if balance < 0 else EVEN


@dataclass(frozen=True)
class Node:
    """An account at one level of the tree: a posted account or one of its parents."""

    account: str  # the Beancount name down to this level
    code: str  # effective code ("10201"); "" off the chart
    name: str  # the Chinese name of this level ("工商银行"), or the account off the chart
    depth: int  # 1 for a first-level account

    def covers(self, account: str) -> bool:
        return account == self.account or account.startswith(self.account + ":")


@dataclass(frozen=True)
class Amounts:
    opening: Decimal = ZERO
    debit: Decimal = ZERO
    credit: Decimal = ZERO  # positive: the sum of the credits

    @property
    def closing(self) -> Decimal:
        return self.opening + self.debit - self.credit

    def __add__(self, other: Amounts) -> Amounts:
        return Amounts(
            self.opening + other.opening, self.debit + other.debit, self.credit + other.credit
        )

    @property
    def empty(self) -> bool:
        return not (self.opening or self.debit or self.credit)


def postings(book: Book, first: int, last: int) -> pd.DataFrame:
    """The postings dated in the years ``first`` to ``last``, in the book's currency (other
    currencies are left out), with their dates as ordinal days (``day``)."""
    return book.derived(_postings, first, last)


def _postings(book: Book, first: int, last: int) -> pd.DataFrame:
    frame = frames.in_years(book, first, last)
    days = np.fromiter((date.toordinal() for date in frame["date"]), np.int64, len(frame))
    frame = frame.assign(day=days)  # dates as integers, to compare fast
    return frame[frame["currency"] == book.currency]


def _within(frame: pd.DataFrame, start: datetime.date, end: datetime.date) -> pd.DataFrame:
    days = frame["day"].to_numpy()
    return frame[(days >= start.toordinal()) & (days <= end.toordinal())]


def other_currencies(book: Book) -> list[str]:
    return sorted(sums_of(book).currencies - {book.currency})


def nodes(book: Book) -> tuple[Node, ...]:
    """Every account the book opens or posts to, and each of its parents, in code order."""
    return book.derived(_nodes)


def _nodes(book: Book) -> tuple[Node, ...]:
    accounts = set(book.opens) | set(index.of(book).account_txns)
    found: dict[str, tuple[tuple[str, ...], Node]] = {}
    for account in accounts:
        if chart.try_parse(account) is None:
            found[account] = (("~", account), Node(account, "", account, 1))
            continue
        parts = account.split(":")
        for depth in range(1, len(parts)):
            prefix = ":".join(parts[: depth + 1])
            if prefix not in found:
                path = tuple(
                    chart.parse(":".join(parts[: d + 1])).code for d in range(1, depth + 1)
                )
                name = parts[depth].split("-", 1)[1]
                found[prefix] = (path, Node(prefix, path[-1], name, depth))
    return tuple(node for _, node in sorted(found.values(), key=lambda item: item[0]))


def find(book: Book, code: str) -> list[Node]:
    """The nodes whose effective code is ``code`` (normally one)."""
    return [node for node in nodes(book) if node.code == code]


def amounts(book: Book, start: datetime.date, end: datetime.date) -> dict[str, Amounts]:
    """Per posted account: the balance at the start of ``start`` (earlier years' income and
    spending closed into 321/322), and the debits and credits from ``start`` to ``end``."""
    return book.derived(_amounts, start, end)


def _amounts(book: Book, start: datetime.date, end: datetime.date) -> dict[str, Amounts]:
    before = start - datetime.timedelta(days=1)
    sums = sums_of(book, (before,), book.currency)
    closed = year_end(start.year - 1)  # earlier years' income and spending close into 321/322
    result: dict[str, Amounts] = {}

    def add(account: str, values: Amounts) -> None:
        result[account] = result.get(account, Amounts()) + values

    for (when, account), amount in sums.accounts.items():
        if when <= before and not (when <= closed and account.split(":", 1)[0] in FLOWS):
            add(account, Amounts(opening=amount))
    for (when, top, flow, earmarked, _), amount in sums.amounts.items():
        if flow and when <= closed:
            add(
                fund_account(book, closes_into(top, True, earmarked) or top),
                Amounts(opening=amount),
            )
    for (when, account), amount in sums.unparsed.items():  # off the chart, as the rest
        if when <= closed and account.split(":", 1)[0] in FLOWS:
            funded = sums.unparsed_earmarked.get((when, account))
            if funded is not None:
                add(fund_account(book, CARRIED), Amounts(opening=funded))
            add(fund_account(book, RETAINED), Amounts(opening=amount - (funded or ZERO)))
    inside = _within(postings(book, start.year, end.year), start, end)
    debit = (inside["amount"] > 0).to_numpy()
    for account, amount in _sums(inside["amount"][debit], inside["account"][debit]):
        add(account, Amounts(debit=amount))
    for account, amount in _sums(inside["amount"][~debit], inside["account"][~debit]):
        add(account, Amounts(credit=-amount))
    return result


def fund_account(book: Book, code: str) -> str:
    """The first-level account 321 or 322 of the book (the chart's name when it has none),
    where earlier years' income and spending are closed."""
    for node in nodes(book):
        if node.depth == 1 and node.code == code:
            return node.account
    return chart.account_name(code)


def rolled(book: Book, by_account: dict[str, Amounts]) -> list[tuple[Node, Amounts]]:
    """Every node with the sum over its subtree, in code order (nodes with nothing included:
    a report decides which to show); 321/322 are added when earlier years close into them
    and the book never opened them."""
    tree = list(nodes(book))
    known = {node.account for node in tree}
    extra = [account for account in by_account if account not in known]
    tree += [_virtual(account) for account in extra]  # 321/322 the book never opened
    result = []
    for node in tree:
        total = Amounts()
        for account, values in by_account.items():
            if node.covers(account):
                total = total + values
        result.append((node, total))
    result.sort(key=lambda pair: (pair[0].code or "~", pair[0].depth))
    return result


def _virtual(account: str) -> Node:
    coded = chart.parse(account)
    return Node(account, coded.code, account.rsplit(":", 1)[-1].split("-", 1)[1], 1)


def monthly(book: Book, year: int) -> dict[tuple[str, int], Amounts]:
    """A year's debits and credits per (account, month), in one pass."""
    return book.derived(_monthly, year)


def _monthly(book: Book, year: int) -> dict[tuple[str, int], Amounts]:
    inside = postings(book, year, year)
    months = pd.Series([date.month for date in inside["date"]], index=inside.index, dtype=int)
    result: dict[tuple[str, int], Amounts] = {}
    debit = inside["amount"] > 0
    for (account, month), amount in _sums(
        inside[debit]["amount"], inside[debit]["account"], months[debit]
    ):
        result[(account, month)] = Amounts(debit=amount)
    for (account, month), amount in _sums(
        inside[~debit]["amount"], inside[~debit]["account"], months[~debit]
    ):
        result[(account, month)] = result.get((account, month), Amounts()) + Amounts(credit=-amount)
    return result


def _sums(amounts: pd.Series, *keys: pd.Series) -> Iterable[tuple[Any, Decimal]]:
    """Exact Decimal sums of ``amounts`` by ``keys``."""
    if amounts.empty:
        return []
    grouped = amounts.groupby(list(keys), sort=False).sum()
    return zip(grouped.index, (Decimal(value) for value in grouped), strict=True)


def subtree(book: Book, node: Node, start: datetime.date, end: datetime.date) -> pd.DataFrame:
    """The postings of ``node``'s subtree dated from ``start`` to ``end``, in date order."""
    inside = _within(postings(book, start.year, end.year), start, end)
    accounts = [account for account in inside["account"].unique() if node.covers(account)]
    return inside[inside["account"].isin(accounts)]


def year_span(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
