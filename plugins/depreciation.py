"""Fixed assets are depreciated every month (第三十五条: 当月增加的固定资产当月计提折旧).

``depreciation-missing`` reads the cards and their linked 163 postings
(``ghfund.assets``). It checks an asset only when its card has a ``life``, from its
month of acquisition (never before the book's first month) through the last month
the book has come to the end of, until fully depreciated or disposed; and only in a
book that links depreciation to its assets, from the first month it does
(docs/DECISIONS.md): a book that depreciates in combined lines naming no asset would
otherwise be told every month that nothing was depreciated.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from beancount.core import data

from ghfund import assets
from ghfund.book import Book
from ghfund.errors import GhfundError, source_of
from ghfund.money import ZERO, fmt
from ghfund.month import Month
from ghfund.rules import Rule, topic_plugin


class DepreciationMissingError(GhfundError):
    rule = "depreciation-missing"


def check_assets_depreciated(book: Book) -> Sequence[DepreciationMissingError]:
    """Each month of an asset with a ``life`` has its linked depreciation (one finding per
    month, keyed ``YYYY-MM``, naming every asset missing that month)."""
    register = assets.register(book)
    first, last = assets.first_month(book), assets.last_closed_month(book)
    if register.first_linked is None or first is None or last is None:
        return ()
    gate = max(first, register.first_linked)
    missing: dict[Month, list[tuple[assets.Asset, Decimal]]] = {}
    for asset in register.assets:
        for due in assets.schedule(asset, first, last):
            if not due.booked and due.month >= gate:
                missing.setdefault(due.month, []).append((asset, due.amount))
    return [_finding(month, missing[month]) for month in sorted(missing)]


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
