"""Fixed-asset cards (固定资产卡片) and their monthly straight-line depreciation.

A card is the 162 固定资产 debit posting of a capital purchase carrying ``asset`` (the
name), optionally ``category``, ``life`` (useful life in years), ``tag`` (asset number)
and ``acquired`` (the acquisition date, for assets brought in with the opening
balances; else the transaction's date). An asset's key is its ``tag``, else its name.

A posting to 163 累计折旧 (depreciation, or its reversal on disposal) or a credit to 162
(a disposal) belongs to an asset when it carries the asset's ``tag``, or else its
``asset`` name, as posting metadata — the link ``ghfund depreciate`` writes
(docs/DECISIONS.md). Depreciation is straight line over ``life`` × 12 months with no
residual value, starting in the month of acquisition (第三十五条: 当月增加当月计提) and
not in the month of disposal (当月减少当月不提); each month is cost ÷ months rounded to
the cent, and the last month takes the remainder so the total equals cost.

Plain loops, no pandas: the rule ``depreciation-missing`` runs inside ``bean-check``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from beancount.core import data

from ghfund import chart
from ghfund import index as book_index
from ghfund.book import Book
from ghfund.money import ZERO, cents
from ghfund.month import Month

FIXED, DEPRECIATION, ASSET_FUND = "162", "163", "301"

_PREFIXES = (f"Assets:{FIXED}", f"Assets:{DEPRECIATION}")  # first-level codes start a name


@dataclass(frozen=True)
class Link:
    """A posting that belongs to an asset: its date and amount (Beancount's sign)."""

    date: datetime.date
    amount: Decimal
    entry: data.Transaction
    top: str = DEPRECIATION  # FIXED (162) or DEPRECIATION (163)


@dataclass
class Asset:
    key: str  # the tag, else the name: what links postings to the card
    name: str
    tag: str
    category: str
    life: Decimal | None  # years; None when absent or unusable (see ``problem``)
    acquired: datetime.date
    cost: Decimal  # the card's 162 debit
    entry: data.Transaction
    problem: str = ""  # why the card cannot be depreciated (Chinese), or ""
    depreciation: list[Link] = field(default_factory=list)  # linked 163 postings
    disposals: list[Link] = field(default_factory=list)  # linked 162 credits

    @property
    def months(self) -> int:
        """The useful life in months (0 when the card has no usable ``life``)."""
        return int((self.life * 12).to_integral_value()) if self.life else 0

    @property
    def monthly(self) -> Decimal:
        return cents(self.cost / self.months) if self.months else ZERO

    @property
    def disposed(self) -> datetime.date | None:
        """The date of the first linked disposal, if any."""
        return min((link.date for link in self.disposals), default=None)

    def label(self) -> str:
        return f"{self.name}（{self.tag}）" if self.tag and self.tag != self.name else self.name


@dataclass(frozen=True)
class Due:
    """One month of an asset's depreciation: booked in the book, or still to write."""

    month: Month
    amount: Decimal  # positive: the credit to 163
    booked: bool


@dataclass(frozen=True)
class Register:
    assets: tuple[Asset, ...]
    unlinked: tuple[Link, ...]  # 162/163 postings of no card (opening balances, manual lines)
    first_linked: Month | None  # the first month with linked depreciation in the book


def register(book: Book) -> Register:
    """Every card of the book with its linked postings (computed once per book)."""
    return book.derived(_register)


def _register(book: Book) -> Register:
    assets: list[Asset] = []
    by_key: dict[str, Asset] = {}
    others: list[tuple[data.Transaction, data.Posting, str]] = []
    shared = book_index.of(book)
    for i in shared.touching(a for a in shared.account_txns if a.startswith(_PREFIXES)):
        txn = shared.transactions[i]
        for posting in txn.postings:
            if not posting.account.startswith(_PREFIXES):  # cheap: most postings are not
                continue
            top = _top(posting.account)
            if top not in (FIXED, DEPRECIATION) or posting.units is None:
                continue
            number = posting.units.number
            if number is None:
                continue
            meta = posting.meta or {}
            if top == FIXED and number > 0 and _text(meta.get("asset")):
                asset = _card(txn, posting, number)
                if asset.key in by_key:
                    asset.problem = (
                        f"与 {_where(by_key[asset.key].entry)} 的资产同名/同编号“{asset.key}”，"
                        "无法区分；请给两者加不同的 tag"
                    )
                else:
                    by_key[asset.key] = asset
                assets.append(asset)
            else:
                others.append((txn, posting, top))
    unlinked: list[Link] = []
    first: Month | None = None
    for txn, posting, top in others:
        link = Link(txn.date, Decimal(posting.units.number), txn, top)  # type: ignore[union-attr,arg-type]
        owner = _linked(posting.meta or {}, by_key, assets)
        if owner is None:
            unlinked.append(link)
        elif top == FIXED:
            owner.disposals.append(link)
        else:
            owner.depreciation.append(link)
            if link.amount < 0:
                first = min(first or Month.of(txn.date), Month.of(txn.date))
    return Register(tuple(assets), tuple(unlinked), first)


def _card(txn: data.Transaction, posting: data.Posting, cost: Decimal) -> Asset:
    meta = posting.meta or {}
    name = _text(meta.get("asset"))
    tag = _text(meta.get("tag"))
    acquired = meta.get("acquired")
    if not isinstance(acquired, datetime.date) or acquired > txn.date:
        acquired = txn.date
    life, problem = _life(meta.get("life"))
    return Asset(
        key=tag or name,
        name=name,
        tag=tag,
        category=_text(meta.get("category")),
        life=life,
        acquired=acquired,
        cost=Decimal(cost),
        entry=txn,
        problem=problem,
    )


def _life(value: Any) -> tuple[Decimal | None, str]:
    if value is None:
        return None, ""
    try:
        life = Decimal(str(value).strip())
    except InvalidOperation:
        life = Decimal(0)
    if not life.is_finite() or life <= 0 or life > 100:
        return None, f"折旧年限 life 应为正数（年），如 life: 6，实为 {value}"
    return life, ""


def _linked(meta: dict[str, Any], by_key: dict[str, Asset], assets: list[Asset]) -> Asset | None:
    """The card a posting names by ``tag``, else by ``asset`` name (when only one has it)."""
    tag, name = _text(meta.get("tag")), _text(meta.get("asset"))
    if tag:
        return by_key.get(tag)
    if not name:
        return None
    if name in by_key:
        return by_key[name]
    named = [asset for asset in assets if asset.name == name and not asset.problem]
    return named[0] if len(named) == 1 else None


def _top(account: str) -> str:
    coded = chart.try_parse(account)
    return coded.top if coded else ""


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _where(entry: data.Transaction) -> str:
    voucher = entry.meta.get("voucher")
    return str(voucher) if isinstance(voucher, str) else entry.date.isoformat()


def schedule(asset: Asset, first: Month, through: Month) -> Iterator[Due]:
    """The asset's months from ``first`` (or its acquisition, if later) through ``through``:
    each month booked in the book (linked 163 credits dated in it), or the amount still to
    write. Stops when fully depreciated, at the end of its life, and in the month of
    disposal. Linked postings before ``first`` (opening balances) count as depreciated."""
    if not asset.months or asset.problem or opening_unknown(asset, first):
        return
    booked: dict[Month, Decimal] = {}
    for link in asset.depreciation:
        booked[Month.of(link.date)] = booked.get(Month.of(link.date), ZERO) - link.amount
    start = max(first, Month.of(asset.acquired))
    accumulated = sum((v for m, v in booked.items() if m < start), ZERO)
    disposed = Month.of(asset.disposed) if asset.disposed else None
    month = Month.of(asset.acquired)
    for index in range(asset.months):
        if month > through or (disposed is not None and month >= disposed):
            return
        if month >= start:
            if month in booked:
                accumulated += booked[month]
                yield Due(month, booked[month], True)
            else:
                remaining = asset.cost - accumulated
                if remaining <= 0:
                    return
                amount = remaining if index == asset.months - 1 else min(asset.monthly, remaining)
                accumulated += amount
                yield Due(month, amount, False)
        month = month.next()


def opening_unknown(asset: Asset, first: Month) -> bool:
    """An asset acquired before ``first`` (the book's first month) whose depreciation before
    it is not linked: how much of it is left cannot be known, so nothing is scheduled."""
    before = [link for link in asset.depreciation if Month.of(link.date) < first]
    return Month.of(asset.acquired) < first and not before


def last_closed_month(book: Book) -> Month | None:
    """The last month the book has come to the end of: the month of its last transaction
    when that is a month-end, else the month before."""
    if not book.transactions:
        return None
    last = book.transactions[-1].date
    month = Month.of(last)
    if last == month.end:
        return month
    return month.previous()


def first_month(book: Book) -> Month | None:
    """The first month the book keeps accounts for."""
    return Month.of(book.first_day) if book.first_day else None
