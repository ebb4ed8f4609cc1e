"""Fixed assets are depreciated every month (第三十五条: 当月增加的固定资产当月计提折旧).

``depreciation-missing`` reads the cards and their linked 163 postings
(``ghfund.assets``). It checks an asset only when its card has a ``life``, from its
month of acquisition (never before the book's first month) through the last month
the book has come to the end of, until fully depreciated or disposed. Month by month
only in a book that links depreciation to its assets, from the first month it does
(docs/DECISIONS.md): a book that depreciates in combined lines naming no asset would
otherwise be told every month that nothing was depreciated. Before that month (or in a
book that never links) the check is by year: the year's 163 credits naming no asset
against what the cards require, one finding per complete year short by more than
``TOLERANCE`` (a treasurer rounding a yearly charge by hand stays within it). A
catch-up voucher (``depreciate --catch-up``, 未来适用法) settles every month and year
before its own month: it charged what they lacked.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from beancount.core import data

from ghfund import assets, catch_up
from ghfund.book import Book
from ghfund.errors import GhfundError, source_of
from ghfund.money import ZERO, fmt
from ghfund.month import Month
from ghfund.rules import Rule, topic_plugin


class DepreciationMissingError(GhfundError):
    rule = "depreciation-missing"


TOLERANCE = Decimal("1.00")


def check_assets_depreciated(book: Book) -> Sequence[DepreciationMissingError]:
    """Each month of an asset with a ``life`` has its linked depreciation (one finding per
    month, keyed ``YYYY-MM``, naming every asset missing that month)."""
    register = assets.register(book)
    first, last = assets.first_month(book), assets.last_closed_month(book)
    if first is None or last is None:
        return ()
    gate = max(first, register.first_linked) if register.first_linked else None
    caught = catch_up.latest(book)
    settled = Month.of(caught) if caught else first
    missing: dict[Month, list[tuple[assets.Asset, Decimal]]] = {}
    unlinked: dict[int, list[tuple[assets.Asset, Decimal]]] = {}
    for asset in register.assets:
        for due in assets.schedule(asset, first, last):
            if due.booked or due.month < settled:
                continue
            if gate is not None and due.month >= gate:
                missing.setdefault(due.month, []).append((asset, due.amount))
            elif due.month[0] < last[0] or last[1] == 12:  # complete years only
                unlinked.setdefault(due.month[0], []).append((asset, due.amount))
    return [
        *_yearly(register, first, unlinked),
        *(_finding(month, missing[month]) for month in sorted(missing)),
    ]


def _yearly(
    register: assets.Register,
    first: Month,
    required: dict[int, list[tuple[assets.Asset, Decimal]]],
) -> list[DepreciationMissingError]:
    """Years depreciated in lines naming no asset: their 163 credits against the cards."""
    credited: dict[int, Decimal] = {}
    for link in register.unlinked:
        month = Month.of(link.date)
        if link.top == assets.DEPRECIATION and link.amount < 0 and month >= first:
            credited[month[0]] = credited.get(month[0], ZERO) - link.amount
    found = []
    for year in sorted(required):
        due = sum((amount for _, amount in required[year]), ZERO)
        booked = credited.get(year, ZERO)
        if due - booked > TOLERANCE:
            found.append(_short_year(year, required[year], due, booked))
    return found


def _short_year(
    year: int, items: list[tuple[assets.Asset, Decimal]], due: Decimal, booked: Decimal
) -> DepreciationMissingError:
    by_asset: dict[str, Decimal] = {}
    for asset, amount in items:
        by_asset[asset.label()] = by_asset.get(asset.label(), ZERO) + amount
    listed = "、".join(f"{label} {fmt(amount)} 元" for label, amount in by_asset.items())
    message = (
        f"{year} 年按资产卡片应计提折旧 {fmt(due)} 元（{listed}；直线法按月计提，当月增加当月"
        f"计提），账上未注明资产的 163 累计折旧贷方合计 {fmt(booked)} 元，少提 {fmt(due - booked)} 元。"
        f"以前年度已报出的，按未来适用法在当前未结账月份补提：ghfund depreciate --catch-up "
        "--date 日期，并在附注七中说明；今后的折旧凭证在 163 分录上注明 asset（或 tag），每项资产一行"
    )
    card = items[0][0].entry
    source = source_of(card)
    entry = data.Note(
        {"filename": source.get("filename"), "lineno": source.get("lineno")},
        Month(year, 12).end,
        "Assets:163-累计折旧",
        f"{year} 少提折旧 {fmt(due - booked)}",
        data.EMPTY_SET,
        data.EMPTY_SET,
    )
    return DepreciationMissingError(source, message, entry, str(year), due - booked)


def _finding(month: Month, items: list[tuple[assets.Asset, Decimal]]) -> DepreciationMissingError:
    total = sum((amount for _, amount in items), ZERO)
    listed = "、".join(f"{asset.label()} {fmt(amount)} 元" for asset, amount in items)
    card = items[0][0].entry
    key = str(month)
    where = month.end
    message = (
        f"{month[0]}年{month[1]}月没有计提固定资产折旧：{listed}，合计 {fmt(total)} 元"
        "（直线法按月计提，当月增加当月计提，直至提足或处置）。"
        f"请运行 ghfund depreciate --through {key} 补记；"
        "已手工计提的，在该月折旧凭证的 163 累计折旧分录上注明 asset（或 tag），每项资产一行；"
        "已处置的，在处置凭证贷记 162 的分录上注明 asset（或 tag）"
    )
    source = source_of(card)
    entry = data.Note(
        {"filename": source.get("filename"), "lineno": source.get("lineno")},
        where,
        "Assets:163-累计折旧",
        f"{key} 应计提折旧 {fmt(total)}",
        data.EMPTY_SET,
        data.EMPTY_SET,
    )
    return DepreciationMissingError(source, message, entry, key, total)


RULES: tuple[Rule, ...] = (
    Rule(
        DepreciationMissingError,
        "有折旧年限（life）的固定资产自取得当月起每月计提折旧",
        check_assets_depreciated,
    ),
)

__plugins__ = (topic_plugin(RULES),)
