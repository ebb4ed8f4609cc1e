"""The depreciation vouchers a book is missing: planned from the asset cards, written as text.

``plan`` lists, month by month through a month asked for, every amount
``ghfund.assets.schedule`` finds still to write, as one voucher per month dated
the month-end: Dr 301 资产基金 (the month's total) / Cr 163 累计折旧 (one line per
asset, carrying the asset's ``asset`` and ``tag`` so the rule and the register
link it). Voucher numbers continue the book's own numbering of that year (the most
used prefix, the next free number). Nothing here writes a file: ``ghfund
depreciate`` appends the text atomically, and a rerun finds nothing missing.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from ghfund import assets, chart, writing
from ghfund.assets import Asset
from ghfund.book import Book
from ghfund.files import display_path
from ghfund.money import ZERO, fmt
from ghfund.month import Month
from ghfund.problems import UserProblem


class DepreciationProblem(UserProblem):
    """The book cannot take depreciation vouchers (an account is missing); text for users."""


@dataclass(frozen=True)
class Voucher:
    month: Month
    number: str
    lines: tuple[tuple[Asset, Decimal], ...]

    @property
    def total(self) -> Decimal:
        return sum((amount for _, amount in self.lines), ZERO)


@dataclass(frozen=True)
class Plan:
    vouchers: tuple[Voucher, ...]
    skipped: tuple[str, ...]  # assets that cannot be depreciated, and why (Chinese)
    unlinked: dict[
        Month, Decimal
    ]  # months in the span written that hold 163 credits naming no asset
    where: tuple[str, ...] = ()  # those entries' "file:line"

    def refusal(self) -> str:
        """Why nothing may be written when months to write already hold depreciation naming
        no asset (combined lines: the assets would be depreciated twice), else ""."""
        if not self.unlinked:
            return ""
        months = sorted(self.unlinked)
        span = str(months[0])
        if len(months) > 1:
            span += f"—{months[-1]} 中的 {len(months)} 个月"
        total = sum(self.unlinked.values(), ZERO)
        shown = "、".join(self.where[:5]) + ("等" if len(self.where) > 5 else "")
        return (
            f"{span}已有未注明资产的折旧分录（合计 {fmt(total)} 元，{shown}），未写入：再计提会重复。"
            "请先把这些分录的 163 累计折旧行按资产分行，每行注明 asset（或 tag），"
            '如 Assets:163-累计折旧  -100.00 CNY 下一行写 asset: "空调"；改好后再运行'
        )


def plan(book: Book, through: Month) -> Plan:
    """The vouchers missing through ``through`` (empty when nothing is missing)."""
    register = assets.register(book)
    first = assets.first_month(book)
    months: dict[Month, list[tuple[Asset, Decimal]]] = {}
    skipped = []
    for asset in register.assets:
        if asset.problem:
            skipped.append(f"{asset.label()}（{asset.acquired}）：{asset.problem}")
            continue
        if not asset.life:
            skipped.append(f"{asset.label()}（{asset.acquired}）：卡片没有折旧年限 life，不计提")
            continue
        if first is None:
            continue
        if assets.opening_unknown(asset, first):
            skipped.append(
                f"{asset.label()}（取得于 {asset.acquired}）：账本启用前已提的折旧不知道——"
                "请在期初余额的 163 累计折旧分录上注明该资产（asset 或 tag），一项资产一行"
            )
            continue
        for due in assets.schedule(asset, first, through):
            if not due.booked:
                months.setdefault(due.month, []).append((asset, due.amount))
    numbers = VoucherNumbers(book)
    vouchers = tuple(
        Voucher(month, numbers.next(month), tuple(months[month])) for month in sorted(months)
    )
    unlinked: dict[Month, Decimal] = {}
    where: dict[str, None] = {}
    span = (min(months), max(months)) if months else None
    for link in register.unlinked:
        month = Month.of(link.date)
        inside = span is not None and span[0] <= month <= span[1]
        if link.top == assets.DEPRECIATION and link.amount < 0 and inside:
            unlinked[month] = unlinked.get(month, ZERO) - link.amount
            meta = link.entry.meta
            where[f"{display_path(meta.get('filename'))}:{meta.get('lineno')}"] = None
    return Plan(vouchers, tuple(skipped), unlinked, tuple(where))


class VoucherNumbers:
    """Next free voucher numbers, per year, in the book's own style (``记-2025-0031``)."""

    def __init__(self, book: Book) -> None:
        self.used: dict[int, set[str]] = {}
        self.months: dict[Month, list[str]] = {}  # vouchers of each month, for the prefix
        for txn in book.transactions:
            voucher = txn.meta.get("voucher")
            if isinstance(voucher, str) and voucher.strip():
                self.used.setdefault(txn.date.year, set()).add(voucher.strip())
                self.months.setdefault(Month.of(txn.date), []).append(voucher.strip())

    def next(self, month: Month) -> str:
        """The next number of the prefix most used in ``month`` (else in its year): per-year
        numbering (``记-2025-``) and per-month numbering (``记-202503-``) both continue."""
        used = self.used.setdefault(month[0], set())
        numbered = [m for m in map(_NUMBERED.match, used) if m]
        local = [m for m in map(_NUMBERED.match, self.months.get(month, [])) if m]
        if numbered:
            prefix = Counter(m[1] for m in (local or numbered)).most_common(1)[0][0]
            same = [m[2] for m in numbered if m[1] == prefix]
            width, number = max(len(n) for n in same), max(int(n) for n in same)
        else:
            prefix, width, number = f"记-{month[0]}-", 4, 0
        number += 1
        while f"{prefix}{number:0{width}d}" in used:
            number += 1
        voucher = f"{prefix}{number:0{width}d}"
        used.add(voucher)
        return voucher


_NUMBERED = re.compile(r"(.*?)(\d+)\Z")


def accounts_of(book: Book) -> tuple[str, str]:
    """The book's 163 累计折旧 and 301 资产基金 accounts (first-level when open)."""
    return _account(book, assets.DEPRECIATION), _account(book, assets.ASSET_FUND)


def _account(book: Book, code: str) -> str:
    found = []
    for name in book.opens:
        coded = chart.try_parse(name)
        if coded and coded.code.startswith(code) and coded.top == code:
            found.append((len(name.split(":")), name))
    if not found:
        standard = chart.account_name(code)
        raise DepreciationProblem(
            f"账本没有开设 {code} {chart.CHART[code].name} 科目；请先在科目文件中加一行 "
            f"open {standard}"
        )
    return min(found)[1]


def text(book: Book, vouchers: tuple[Voucher, ...]) -> str:
    """The vouchers as Beancount text, for appending to a file of the book."""
    depreciation, fund = accounts_of(book)
    for account in (depreciation, fund):
        opened = book.opens[account].date
        early = [v for v in vouchers if v.month.end < opened]
        if early:
            raise DepreciationProblem(
                f"{account} 开设于 {opened}，晚于 {early[0].month} 的折旧凭证；请把 open 的日期提前"
            )
    currency = book.currency
    width = max(len(depreciation), len(fund)) + 4
    parts = [";; 固定资产折旧：由 ghfund depreciate 生成（直线法按月计提，当月增加当月计提）"]
    for voucher in vouchers:
        year, month = voucher.month
        lines = [
            f'{voucher.month.end} * "计提{year}年{month}月固定资产折旧"',
            f"  voucher: {writing.quoted(voucher.number)}",
            f"  {fund:<{width}}{voucher.total:>12} {currency}",
        ]
        for asset, amount in voucher.lines:
            lines.append(f"  {depreciation:<{width}}{-amount:>12} {currency}")
            lines.append(f"    asset: {writing.quoted(asset.name)}")
            if asset.tag:
                lines.append(f"    tag: {writing.quoted(asset.tag)}")
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


def summary(vouchers: tuple[Voucher, ...]) -> str:
    """One line per voucher: month, number, total, assets."""
    return "\n".join(
        f"{v.month}  {v.number}  {fmt(v.total)} 元  "
        + "、".join(asset.label() for asset, _ in v.lines)
        for v in vouchers
    )
