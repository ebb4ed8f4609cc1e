"""补提折旧: depreciation the cards required and the book did not charge, booked now.

A book that depreciated too little in years already reported does not reopen them: the
shortfall is charged in the current open month (未来适用法, 《工会会计制度》第二十三条)
by one voucher dated the day asked for — Dr 301 资产基金 / Cr 163 累计折旧, the
transaction marked ``catch-up: TRUE`` — and said in 附注七. The shortfall is what the
cards require through the month before (``ghfund.assets.schedule``: months not linked to
an asset) less every 163 credit naming no asset from the book's first month through the
day (combined lines, an earlier catch-up), so a rerun finds nothing left. The line names
no asset: the combined lines it makes up for named none either. ``depreciation-missing``
takes the months and years before a catch-up as settled.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from beancount.core import data

from ghfund import assets
from ghfund.book import Book
from ghfund.depreciate import VoucherNumbers as Numbers
from ghfund.depreciate import accounts_of
from ghfund.money import ZERO, fmt
from ghfund.month import Month

MARK = "catch-up"
TOLERANCE = Decimal("1.00")  # as depreciation-missing: hand rounding is not a shortfall


@dataclass(frozen=True)
class CatchUp:
    date: datetime.date
    number: str
    required: Decimal  # what the cards required through the month before, not linked
    charged: Decimal  # 163 credits naming no asset through the date

    @property
    def amount(self) -> Decimal:
        return self.required - self.charged


def plan(book: Book, date: datetime.date) -> CatchUp | None:
    """The catch-up voucher dated ``date``, or None when nothing (above 1.00) is missing."""
    register = assets.register(book)
    first = assets.first_month(book)
    if first is None:
        return None
    month = Month.of(date)
    through = month.previous()
    required = sum(
        (
            due.amount
            for asset in register.assets
            for due in assets.schedule(asset, first, through)
            if not due.booked
        ),
        ZERO,
    )
    charged = -sum(
        (
            link.amount
            for link in register.unlinked
            if link.top == assets.DEPRECIATION
            and link.amount < 0
            and Month.of(link.date) >= first
            and link.date <= date
        ),
        ZERO,
    )
    if required - charged <= TOLERANCE:
        return None
    return CatchUp(date, Numbers(book).next(month), required, charged)


def text(book: Book, found: CatchUp) -> str:
    """The voucher as Beancount text, for appending to a file of the book."""
    depreciation, fund = accounts_of(book)
    width = max(len(depreciation), len(fund)) + 4
    amount = f"{found.amount:.2f}"
    return (
        "\n".join(
            [
                ";; 补提以前年度少提的固定资产折旧：由 ghfund depreciate --catch-up 生成（未来适用法）",
                f'{found.date} * "补提以前年度少提的固定资产折旧（未来适用法）"',
                f'  voucher: "{found.number}"',
                f"  {MARK}: TRUE",
                f"  {fund:<{width}}{amount:>12} {book.currency}",
                f"  {depreciation:<{width}}{'-' + amount:>12} {book.currency}",
            ]
        )
        + "\n"
    )


def summary(found: CatchUp) -> str:
    return (
        f"{found.date}  {found.number}  补提折旧 {fmt(found.amount)} 元（资产卡片应提 "
        f"{fmt(found.required)} 元，未注明资产的折旧已提 {fmt(found.charged)} 元）"
    )


def is_catch_up(txn: data.Transaction) -> bool:
    return txn.meta.get(MARK) is True


def latest(book: Book) -> datetime.date | None:
    """The date of the book's last catch-up voucher, or None."""
    dates = [txn.date for txn in book.transactions if is_catch_up(txn)]
    return max(dates) if dates else None
