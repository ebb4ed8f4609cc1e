"""Matching a bank statement with the book's bank account (银行存款日记账).

Pure: statement lines and the book's postings in, a ``Matching`` out. A statement
line and the book's items match, in this order:

1. exactly by reference: book transactions whose ``bank-ref`` is the line's serial
   (or the digest ghfund gave a line without one) and whose amounts add up to it;
2. one to one on the same amount, dated within ``WINDOW`` days of each other: on the
   same day first, then within 3 days, then within ``WINDOW`` days (``PASSES``); in each
   pass the lines in date order, each with the earliest unmatched book item of its amount
   in its window (which pairs as many lines as any assignment can);
3. one to many, where the amounts add up: a deposit of several receipts (one line,
   several book items) or one voucher paid in several transfers (several lines, one
   book item), among the ``CANDIDATES`` nearest unmatched items of the same sign within
   ``WINDOW`` days, at most ``PARTS`` of them. The search is bounded so that it stays
   fast on a year of a large book.

4. a repair: when the item a group of lines pays was taken by a chain of one-to-one
   matches of equal amounts (the same gift every day), that amount is paired again in date
   order with the group in (``_repair``).

What stays unmatched at a month end is what the 银行存款余额调节表 lists.
"""

from __future__ import annotations

import bisect
import datetime
import itertools
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol, TypeVar

from ghfund import chart
from ghfund.book import Book
from ghfund.problems import UserProblem

if TYPE_CHECKING:  # annotations only: the bank rule imports this module inside bean-check
    from ghfund.bank_statement import Line, Statement

WINDOW = 10  # days between a statement line and the book's entry of the same money
PASSES = (0, 3, WINDOW)  # one-to-one matching: the same day first, then within 3 days
PARTS = 4  # most items on the many side of a one-to-many match
CANDIDATES = 12  # nearest unmatched items searched for a one-to-many match

REF = "bank-ref"

# Where ``ghfund import bank`` posts lines no rule covers; the bank-unconfirmed rule
# reports postings to accounts with these effective codes.
SUSPENSE_IN = "Income:408-其他收入:99-待确认收入"
SUSPENSE_OUT = "Expenses:510-其他支出:99-待确认支出"
SUSPENSE_CODES = chart.SUSPENSE_CODES


class AccountProblem(UserProblem, ValueError):
    """An account code that names no bank account of the book; the text is for users."""


@dataclass(frozen=True)
class Item:
    """The net amount one transaction moves through the bank account."""

    date: datetime.date
    amount: Decimal  # + into the account, - out
    voucher: str
    narration: str
    ref: str  # the transaction's bank-ref, or ""
    txn: int  # index in book.transactions


@dataclass(frozen=True)
class Match:
    lines: tuple[Line, ...]
    items: tuple[Item, ...]
    how: str  # "ref" | "amount" | "sum"


@dataclass(frozen=True)
class Matching:
    matches: tuple[Match, ...]
    lines: tuple[Line, ...]  # statement lines the book lacks
    items: tuple[Item, ...]  # book items the statement lacks
    mismatched_refs: tuple[str, ...]  # bank-refs whose book amounts do not add up to the line


def accounts(book: Book, code: str) -> tuple[str, ...]:
    """The open accounts ``code`` names: an account name or an effective code, with their
    descendants. Only asset accounts under 101/102 (money) are accepted."""
    code = code.strip()
    chosen = []
    for account in book.opens:
        coded = chart.try_parse(account)
        if coded is None:
            continue
        if account == code or account.startswith(code + ":") or coded.code.startswith(code):
            chosen.append(account)
    if not chosen:
        banks = sorted(a for a in book.opens if (c := chart.try_parse(a)) and c.top == "102")
        raise AccountProblem(
            f"账本中没有科目 {code}；请用银行存款科目的编码或全名，如 "
            + ("、".join(banks) if banks else "102")
        )
    outside = [a for a in chosen if (c := chart.try_parse(a)) is None or c.top != "102"]
    if outside:
        raise AccountProblem(f"{code} 不是银行存款科目（102 及其明细）：{outside[0]}")
    return tuple(sorted(chosen))


def items(book: Book, names: tuple[str, ...]) -> tuple[Item, ...]:
    """Every transaction's net movement through ``names``, in date order (cached per book)."""
    return book.derived(_items, names)


def _items(book: Book, names: tuple[str, ...]) -> tuple[Item, ...]:
    wanted = frozenset(names)
    result = []
    for index, txn in enumerate(book.transactions):
        total = None
        for posting in txn.postings:
            if posting.account in wanted and posting.units is not None:
                number = posting.units.number
                if number is not None:
                    total = number if total is None else total + number
        if total:
            voucher = txn.meta.get("voucher")
            ref = txn.meta.get(REF)
            result.append(
                Item(
                    txn.date,
                    total,
                    voucher if isinstance(voucher, str) else "",
                    txn.narration or "",
                    str(ref).strip() if ref is not None else "",
                    index,
                )
            )
    return tuple(result)


def balance(book_items: Iterable[Item], day: datetime.date) -> Decimal:
    """The book's balance at the end of ``day``."""
    return sum((item.amount for item in book_items if item.date <= day), Decimal(0))


def matched(book: Book, names: tuple[str, ...], statement: Statement) -> Matching:
    """``match`` of the statement with the accounts' items, once per book and statement (the
    twelve months of a year, a Fava page's months, share it)."""
    return book.derived(_matched, names, statement)


def _matched(book: Book, names: tuple[str, ...], statement: Statement) -> Matching:
    return match(statement.lines, items(book, names))


def match(lines: Sequence[Line], book_items: Sequence[Item]) -> Matching:
    """Match a statement's lines with the book's items. Book items dated before the
    statement's first line are tried last (and only those within ``WINDOW`` days of it):
    most of them cleared before the statement begins."""
    found: list[Match] = []
    open_lines = list(lines)
    current, earlier = list(book_items), []
    if lines:
        first = lines[0].date
        start = first - datetime.timedelta(days=WINDOW)
        current = [item for item in book_items if item.date >= first]
        earlier = [item for item in book_items if start <= item.date < first]
    mismatched = _by_ref(open_lines, current, found)
    _by_ref(open_lines, earlier, found)
    for pool in (current, earlier):
        for days in PASSES:
            _by_amount(open_lines, pool, found, days)
        _by_sum(open_lines, pool, found)
    for pool in (current, earlier):
        _repair(open_lines, pool, found)
    return Matching(tuple(found), tuple(open_lines), tuple(current + earlier), tuple(mismatched))


def _by_ref(lines: list[Line], book_items: list[Item], found: list[Match]) -> list[str]:
    by_ref: dict[str, list[Item]] = defaultdict(list)
    for item in book_items:
        if item.ref:
            by_ref[item.ref].append(item)
    mismatched = []
    taken_lines: set[int] = set()
    taken_items: set[int] = set()
    for line in lines:
        group = by_ref.pop(line.ref, None)
        if group is None:
            continue
        if sum(item.amount for item in group) != line.amount:
            mismatched.append(line.ref)
            continue
        found.append(Match((line,), tuple(group), "ref"))
        taken_lines.add(id(line))
        taken_items.update(id(item) for item in group)
    lines[:] = [line for line in lines if id(line) not in taken_lines]
    book_items[:] = [item for item in book_items if id(item) not in taken_items]
    return mismatched


def _by_amount(lines: list[Line], book_items: list[Item], found: list[Match], days: int) -> None:
    by_amount: dict[Decimal, list[tuple[datetime.date, int]]] = defaultdict(list)
    for position, item in enumerate(book_items):
        by_amount[item.amount].append((item.date, position))  # already in date order
    taken: set[int] = set()
    left = []
    window = datetime.timedelta(days=days)
    for line in lines:
        candidates = by_amount.get(line.amount)
        best = None
        if candidates:
            low = bisect.bisect_left(candidates, (line.date - window, -1))
            high = bisect.bisect_right(candidates, (line.date + window, len(book_items)))
            if low < high:
                best = low  # the earliest: taken in date order, this pairs the most lines
        if best is None or candidates is None:
            left.append(line)
            continue
        _, position = candidates.pop(best)
        taken.add(position)
        found.append(Match((line,), (book_items[position],), "amount"))
    lines[:] = left
    book_items[:] = [item for position, item in enumerate(book_items) if position not in taken]


def _repair(lines: list[Line], book_items: list[Item], found: list[Match]) -> None:
    """Undo a chain of one-to-one matches that took the item a group of lines pays.

    Equal amounts (the same 200.00 gift every day) pair one to one in date order, and one
    payment the bank split in two then finds its item taken by its neighbour's line, and so
    on along the chain: a group of leftover lines adds up to an amount whose only leftover
    book item is out of reach. For each leftover item, a group of leftover lines adding up
    to its amount near a one-to-one match of that amount is paired again with all of that
    amount's one-to-one matches in date order; the new pairing is kept when it pairs all.
    """
    if not lines or not book_items:
        return
    by_amount: dict[Decimal, list[tuple[datetime.date, int]]] = defaultdict(list)
    for index, pair in enumerate(found):
        if pair.how == "amount":
            by_amount[pair.items[0].amount].append((pair.items[0].date, index))
    for dated in by_amount.values():
        dated.sort()
    for item in list(book_items):
        dated = by_amount.get(item.amount, [])
        group = next(
            (
                g
                for index in _anchors(item.amount, dated, lines)
                if (g := _group_near(found[index].items[0], lines))
            ),
            None,
        )
        if group is None:
            continue
        entries = sorted(
            [(found[i].lines[0].date, i) for _, i in dated] + [(max(li.date for li in group), -1)]
        )
        pool = sorted([found[i].items[0] for _, i in dated] + [item], key=lambda it: it.date)
        window = datetime.timedelta(days=WINDOW)
        if any(abs(day - it.date) > window for (day, _), it in zip(entries, pool, strict=True)):
            continue  # in date order is the only way to pair them all; it does not reach
        for (_, index), paired in zip(entries, pool, strict=True):
            if index < 0:
                found.append(Match(tuple(group), (paired,), "sum"))
            else:
                found[index] = Match(found[index].lines, (paired,), "amount")
        book_items.remove(item)
        for line in group:
            lines.remove(line)


def _anchors(
    amount: Decimal, dated: list[tuple[datetime.date, int]], lines: list[Line]
) -> list[int]:
    """The one-to-one matches of ``amount`` (date order) within ``WINDOW`` days of a leftover
    line that could be part of it."""
    window = datetime.timedelta(days=WINDOW)
    found: set[int] = set()
    for line in lines:
        if line.amount * amount > 0 and abs(line.amount) < abs(amount):
            low = bisect.bisect_left(dated, (line.date - window, -1))
            high = bisect.bisect_right(dated, (line.date + window, sys.maxsize))
            found.update(index for _, index in dated[low:high])
    return sorted(found)


def _group_near(anchor: Item, lines: list[Line]) -> list[Line] | None:
    """At most ``PARTS`` leftover lines within ``WINDOW`` days of ``anchor`` adding up to it."""
    near = [
        (abs((line.date - anchor.date).days), at)
        for at, line in enumerate(lines)
        if abs((line.date - anchor.date).days) <= WINDOW
        and line.amount * anchor.amount > 0
        and abs(line.amount) < abs(anchor.amount)
    ]
    chosen = _subset(anchor.amount, near, lines)
    return None if chosen is None else [lines[at] for at in chosen]


def _by_sum(lines: list[Line], book_items: list[Item], found: list[Match]) -> None:
    """One line = several items, then one item = several lines."""
    for line, group in _groups(lines, book_items):
        found.append(Match((line,), tuple(group), "sum"))
    for item, parts in _groups(book_items, lines):
        found.append(Match(tuple(parts), (item,), "sum"))


class Dated(Protocol):
    @property
    def date(self) -> datetime.date: ...

    @property
    def amount(self) -> Decimal: ...


A = TypeVar("A", bound=Dated)
B = TypeVar("B", bound=Dated)


def _groups(ones: list[A], many: list[B]) -> list[tuple[A, list[B]]]:
    """Each of ``ones`` whose amount is the sum of at most ``PARTS`` of the ``CANDIDATES``
    nearest members of ``many`` (date order; same sign, within ``WINDOW`` days), with those
    members; the matched leave both lists."""
    dates = [member.date for member in many]
    window = datetime.timedelta(days=WINDOW)
    taken: set[int] = set()
    kept: list[A] = []
    result = []
    for one in ones:
        low = bisect.bisect_left(dates, one.date - window)
        high = bisect.bisect_right(dates, one.date + window)
        near = [
            (abs((dates[at] - one.date).days), at)
            for at in range(low, high)
            if at not in taken
            and many[at].amount * one.amount > 0
            and abs(many[at].amount) < abs(one.amount)
        ]
        chosen = _subset(one.amount, near, many)
        if chosen is None:
            kept.append(one)
            continue
        taken.update(chosen)
        result.append((one, [many[at] for at in chosen]))
    ones[:] = kept
    many[:] = [member for at, member in enumerate(many) if at not in taken]
    return result


def _subset(
    amount: Decimal, near: list[tuple[int, int]], many: Sequence[Dated]
) -> list[int] | None:
    """The smallest set of the ``CANDIDATES`` nearest (distance, index) adding up to ``amount``."""
    if len(near) < 2:
        return None
    near = sorted(near)[:CANDIDATES]
    for size in range(2, min(PARTS, len(near)) + 1):
        for combination in itertools.combinations(near, size):
            if sum(many[at].amount for _, at in combination) == amount:
                return sorted(at for _, at in combination)
    return None
