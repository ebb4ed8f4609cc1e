"""Which upward share (a credit to 211) each remittance (a debit to 211) pays.

A treasurer says which month a remittance pays: in its ``payroll:`` metadata, or in its
narration ("上解2024年9月经费", "9月份", "8、9月", "7-9月"). ghfund matches by what the
book says before it falls back to a convention, in three passes over the whole book:

1. a debit's ``payroll:`` month clears that month's shares (oldest first);
2. the months its narration names clear theirs, in the order named (a month written
   with or without its year, a list or a range: ``2024年9月``, ``9月份``, ``8、9月``,
   ``7至9月``);
3. whatever is left is cleared first in, first out, in book order: a debit clears the
   oldest share still open on its date; a debit with nothing left to clear is an advance
   that clears the next credits.

A payment larger than the month it names pays the rest first in, first out; a month
named with no share left to clear is passed over, and so is a share a narration names
before it was received: a treasurer who writes "上解10月经费" on 20 October, when only
September's share has arrived, names the month paid in, not the payroll month (``payroll:``
is taken at its word, as an advance). A month named without a year is the
latest such month not after the payment (paid 2025-01-05, "12月" is 2024-12).
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from beancount.core import data

PAYROLL, NARRATION, FIFO = "payroll", "narration", "fifo"
HOW = {PAYROLL: "按 payroll 元数据", NARRATION: "按摘要所写月份", FIFO: "按先进先出"}

_NUMBERS = "一二三四五六七八九十"
_CHINESE = {
    **{c: i + 1 for i, c in enumerate(_NUMBERS[:9])},
    "十": 10,
    "十一": 11,
    "十二": 12,
}
# An optional year, then one month, a list ("8、9", "9月和10") or a range ("7-9", "7月至9")
# of months, then 月 — but not a date ("9月5日"), and not inside a longer number.
_MONTHS = re.compile(
    r"(?<![\d.])(?:(\d{4})\s*年\s*)?"
    r"((?:\d{1,2}\s*(?:月份?)?\s*[、,，和及\-—–~～至到]\s*)*\d{1,2}|十[一二]?|[一二三四五六七八九])"
    r"\s*月(?!\s*\d{1,2}\s*[日号])"
)
# After a month, a verb of paying: the month the money moved in ("12月拨付的", "12月到账").
# Not 拨缴: "11月拨缴经费" is November's 拨缴经费.
_MOVED = re.compile(
    r"\s*份?\s*(?:拨付|拨入|拨来|划拨|划入|划转|到账|到帐|收到|汇入|转入|入账|入帐|支付|上解|上缴|补发|补缴|补交)"
)
_SEPARATOR = re.compile(r"\s*([、,，和及\-—–~～至到])\s*")
_RANGE = set("-—–~～至到")


def narration_months(text: str, paid: datetime.date) -> tuple[datetime.date, ...]:
    """The months (as month-ends) a payment's narration names, in the order named.

    A list after a year runs on into the next year ("2023年12月、1月" is 2023-12, 2024-01);
    a month without a year is the latest such month not after the payment. A month followed
    by a verb of paying ("收到12月拨付的11月经费") says when the money moved, not which month
    it is for: when the narration names another month, that one is the month meant.
    """
    found: list[datetime.date] = []
    when: list[datetime.date] = []  # months the money moved in
    for match in _MONTHS.finditer(text):
        year_text, body = match.groups()
        into = when if _MOVED.match(text, match.end()) else found
        previous = 0
        for month in _numbers(body):
            if not 1 <= month <= 12:
                continue
            if year_text:
                year = int(year_text) + (month < previous)
                year_text, previous = str(year), month
            else:
                year = paid.year if month <= paid.month else paid.year - 1
            end = datetime.date(year, month, calendar.monthrange(year, month)[1])
            if end not in into:
                into.append(end)
    return tuple(found or when)


def _numbers(body: str) -> list[int]:
    if body in _CHINESE:
        return [_CHINESE[body]]
    parts = _SEPARATOR.split(body.replace("月", "").replace("份", ""))  # numbers, separators
    numbers = [int(parts[0])]
    for separator, number in zip(parts[1::2], parts[2::2], strict=True):
        last, value = numbers[-1], int(number)
        if separator in _RANGE and last < value:
            numbers.extend(range(last + 1, value + 1))
        else:
            numbers.append(value)
    return numbers


class Piece(NamedTuple):
    """Part of a share cleared by one debit."""

    date: datetime.date  # the debit's date
    amount: Decimal
    txn: data.Transaction  # the debit
    how: str  # PAYROLL, NARRATION or FIFO


@dataclass(eq=False)
class Share:
    """A net credit to 211 while it is matched (mutable until the matching ends)."""

    txn: data.Transaction
    amount: Decimal
    month: datetime.date | None
    left: Decimal = field(init=False)
    pieces: list[Piece] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.left = self.amount


@dataclass(eq=False)
class Debit:
    """A net debit to 211 and the months it says it pays, with how each is known."""

    txn: data.Transaction
    amount: Decimal
    named: tuple[tuple[datetime.date, str], ...]
    left: Decimal = field(init=False)

    def __post_init__(self) -> None:
        self.left = self.amount

    def pay(self, share: Share, how: str) -> None:
        piece = min(share.left, self.left)
        if piece > 0:
            share.pieces.append(Piece(self.txn.date, piece, self.txn, how))
            share.left -= piece
            self.left -= piece


def named(
    txn: data.Transaction, payroll: datetime.date | None
) -> tuple[tuple[datetime.date, str], ...]:
    """The months a debit to 211 names: its ``payroll:`` month, then its narration's."""
    months: list[tuple[datetime.date, str]] = [(payroll, PAYROLL)] if payroll else []
    for month in narration_months(txn.narration or "", txn.date):
        if month != payroll:
            months.append((month, NARRATION))
    return tuple(months)


def match(moves: Sequence[Share | Debit]) -> None:
    """Clear the shares among ``moves`` (in book order) by the debits, in the three passes."""
    shares: dict[datetime.date, list[Share]] = {}
    debits: list[Debit] = []
    for move in moves:
        if isinstance(move, Debit):
            if move.named:
                debits.append(move)
        elif move.month is not None:
            shares.setdefault(move.month, []).append(move)
    for how in (PAYROLL, NARRATION):
        for debit in debits:
            for month, said in debit.named:
                if said == how:
                    _clear(debit, shares.get(month, ()), how)
    _first_in_first_out(moves)


def _clear(debit: Debit, shares: Iterable[Share], how: str) -> None:
    for share in shares:
        if not debit.left:
            return
        if how == NARRATION and share.txn.date > debit.txn.date:
            continue  # a narration naming a share not yet received means another month
        debit.pay(share, how)


def _first_in_first_out(moves: Sequence[Share | Debit]) -> None:
    open_shares: deque[Share] = deque()
    advances: deque[Debit] = deque()
    for move in moves:
        if isinstance(move, Debit):
            while move.left and open_shares:
                move.pay(open_shares[0], FIFO)
                if not open_shares[0].left:
                    open_shares.popleft()
            if move.left:
                advances.append(move)
            continue
        while move.left and advances:
            advances[0].pay(move, FIFO)
            if not advances[0].left:
                advances.popleft()
        if move.left:
            open_shares.append(move)
