"""The synthetic union's model: its size, what one year holds while it is built, helpers.

A year is built in three passes (see generate.build): the money comes in (receipts.py), it
is spent (spending.py), and the year is closed (controls.py): budgets from the actual
spending, depreciation, officers and audits, and one walk in date order for the cashier.
Amounts are integer cents.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from ledger_text import (
    ACCUMULATED_BALANCE,
    ACCUMULATED_DEPRECIATION,
    ASSET_FUND,
    BANK,
    BUILDINGS,
    CASH,
    CASH_PAYMENT_LIMIT,
    GENERAL_EQUIPMENT,
    LARGE_EXPENSE,
    YUAN,
    Text,
    Txn,
    account,
    quoted,
    weekday_on_or_after,
    workdays,
)

MEMBER_GROWTH = Decimal("0.02")  # a year


@dataclass
class UnionState:
    """What carries from one year to the next."""

    members0: int
    start: int  # first year of the book
    years: int
    cash: int = 0
    bank: int = 0
    available322: int = 0  # 322 balance (credit, positive) at the start of the coming year
    cohorts: list[list[int]] = field(default_factory=list)  # [remaining cost, yearly charge]


def member_count(members0: int, index: int) -> int:
    return round(members0 * (1 + MEMBER_GROWTH * index))


def opening(state: UnionState) -> Txn:
    """The opening-balance transaction, dated the day before the book starts."""
    members = state.members0
    buildings, equipment = 800 * YUAN * members, 300 * YUAN * members
    used_buildings, used_equipment = 200 * YUAN * members, 100 * YUAN * members
    state.cash, state.bank = 1_500 * YUAN, 1_500 * YUAN * members
    state.available322 = state.cash + state.bank
    state.cohorts = [
        [buildings - used_buildings, buildings // 30],
        [equipment - used_equipment, equipment // 6],
    ]
    postings = [
        (CASH, state.cash),
        (BANK, state.bank),
        (BUILDINGS, buildings),
        (GENERAL_EQUIPMENT, equipment),
        (ACCUMULATED_DEPRECIATION, -(used_buildings + used_equipment)),
        (ASSET_FUND, -(buildings + equipment - used_buildings - used_equipment)),
        (ACCUMULATED_BALANCE, -state.available322),
    ]
    return Txn(datetime.date(state.start - 1, 12, 31), "", "期初余额", postings)


def spend(
    day: datetime.date,
    code: str,
    cents: int,
    payee: str,
    narration: str,
    meta: list[tuple[str, str]] | None = None,
) -> Txn:
    """An expense paid from the bank; large ones carry the committee's decision."""
    meta = list(meta or [])
    if cents >= LARGE_EXPENSE:
        meta.append(("decision", quoted(f"工会委员会{day.year}年第{day.month}次会议纪要")))
    return Txn(
        day,
        payee,
        narration,
        [(account(code), cents), (BANK, -cents)],
        meta,
        cashable=cents <= CASH_PAYMENT_LIMIT - 100 * YUAN,
    )


@dataclass
class Year:
    """The entries of one year being built."""

    rng: random.Random
    state: UnionState
    year: int
    members: int
    items: list[Txn | Text] = field(default_factory=list)

    @property
    def index(self) -> int:
        """Years since the book started: 0 for the first."""
        return self.year - self.state.start

    def day(self, month: int, day: int) -> datetime.date:
        return datetime.date(self.year, month, day)

    @cached_property
    def budget_day(self) -> datetime.date:
        return weekday_on_or_after(self.day(1, 2))

    @cached_property
    def spending_days(self) -> list[datetime.date]:
        return workdays(self.budget_day + datetime.timedelta(days=1), self.day(12, 31))

    def transactions(self) -> list[Txn]:
        return [item for item in self.items if isinstance(item, Txn)]

    def income(self) -> int:
        """Income of the year so far, earmarked grants excluded, in cents."""
        return -sum(
            cents
            for txn in self.transactions()
            if txn.fund is None
            for name, cents in txn.postings
            if name.startswith("Income")
        )

    def random_cents(self, mean: int) -> int:
        return max(YUAN, round(mean * self.rng.uniform(0.2, 1.8)))


def apportion(total: int, weights: list[int]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` exactly (largest remainder)."""
    whole = sum(weights)
    shares = [total * w // whole for w in weights]
    order = sorted(range(len(weights)), key=lambda i: -(total * weights[i] % whole))
    for i in order[: total - sum(shares)]:
        shares[i] += 1
    return shares


def round_to(cents: int, yuan: int, up: bool = False) -> int:
    step = yuan * YUAN
    return -(-cents // step) * step if up else cents // step * step
