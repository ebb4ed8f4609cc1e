"""固定资产卡片 (fixed-asset register): one row per asset card at a year's end.

Each card (``ghfund.assets``) with its acquisition date, useful life, original cost,
the year's and the accumulated depreciation linked to it, a disposal, and its cost
and net value at the year's end. 162 and 163 amounts that no card names (opening
balances of assets without a card, depreciation lines naming no asset) are one
line of their own, so the totals are the 162 固定资产 and 163 累计折旧 balances.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pandas as pd

from ghfund import assets
from ghfund.assets import Asset
from ghfund.book import Book
from ghfund.ledger import Loaded
from ghfund.money import ZERO, fmt
from ghfund.reports import account_levels, base, frames
from ghfund.reports.model import LEVEL, MARK, Column, Report, Table

COLUMNS = (
    Column("tag", "资产编号", "text"),
    Column("asset", "资产名称", "text"),
    Column("category", "类别", "text"),
    Column("acquired", "取得日期", "date"),
    Column("life", "折旧年限", "text"),
    Column("cost", "原值"),
    Column("disposed", "减少日期", "date"),
    Column("year_depreciation", "本年折旧"),
    Column("end_cost", "期末原值"),
    Column("accumulated", "期末累计折旧"),
    Column("net", "期末净值"),
    Column("status", "说明", "text"),
)
UNCARDED = "未登记卡片"


def _sum(links: list[assets.Link], start: datetime.date, end: datetime.date) -> Decimal:
    return sum((link.amount for link in links if start <= link.date <= end), ZERO)


def _status(asset: Asset, accumulated: Decimal, disposed: datetime.date | None) -> str:
    if disposed is not None:
        return "已处置"
    if asset.problem:
        return asset.problem
    if not asset.life:
        return "未设折旧年限（life），不计提"
    if accumulated >= asset.cost:
        return "已提足折旧"
    return ""


def _row(asset: Asset, year: int) -> dict[str, object]:
    start, end = account_levels.year_span(year)
    accumulated = -_sum(asset.depreciation, datetime.date.min, end)
    end_cost = asset.cost + _sum(asset.disposals, datetime.date.min, end)
    disposed = asset.disposed if asset.disposed and asset.disposed <= end else None
    return {
        "tag": asset.tag,
        "asset": asset.name,
        "category": asset.category,
        "acquired": asset.acquired,
        "life": f"{asset.life.normalize():f}" if asset.life else "",
        "cost": asset.cost,
        "disposed": disposed,
        "year_depreciation": -_sum(asset.depreciation, start, end),
        "end_cost": end_cost,
        "accumulated": accumulated,
        "net": end_cost - accumulated,
        "status": _status(asset, accumulated, disposed),
        LEVEL: 1,
        MARK: bool(asset.problem),
    }


def _amount(value: object) -> Decimal:
    return value if isinstance(value, Decimal) else ZERO


def _balance(book: Book, code: str, end: datetime.date) -> Decimal:
    frame = frames.on_accounts(book, frozenset({code}))
    chosen = frame[(frame["currency"] == book.currency) & (frame["date"] <= end)]
    return sum(chosen["amount"], ZERO)


def table(book: Book, year: int) -> Table:
    start, end = account_levels.year_span(year)
    register = assets.register(book)
    rows = [
        _row(asset, year)
        for asset in register.assets
        if asset.entry.date <= end and (asset.disposed is None or asset.disposed >= start)
    ]
    fixed, depreciation = _balance(book, "162", end), -_balance(book, "163", end)
    carded_cost, carded_depreciation, year_total = (
        sum((_amount(row[key]) for row in rows), ZERO)
        for key in ("end_cost", "accumulated", "year_depreciation")
    )
    uncarded_cost, uncarded_depreciation = fixed - carded_cost, depreciation - carded_depreciation
    uncarded_year = -sum(
        (
            link.amount
            for link in register.unlinked
            if start <= link.date <= end and link.top == assets.DEPRECIATION
        ),
        ZERO,
    )
    if uncarded_cost or uncarded_depreciation or uncarded_year:
        rows.append(
            {
                "asset": UNCARDED,
                "year_depreciation": uncarded_year,
                "end_cost": uncarded_cost,
                "accumulated": uncarded_depreciation,
                "net": uncarded_cost - uncarded_depreciation,
                "status": "期初余额或未注明 asset 的分录",
                LEVEL: 1,
                MARK: False,
            }
        )
    rows.append(
        {
            "asset": "合计",
            "year_depreciation": year_total + uncarded_year,
            "end_cost": fixed,
            "accumulated": depreciation,
            "net": fixed - depreciation,
            LEVEL: 0,
            MARK: False,
        }
    )
    frame = pd.DataFrame(rows, columns=[c.key for c in COLUMNS] + [LEVEL, MARK])
    frame["status"] = frame["status"].astype(object).fillna("")
    notes = [
        f"核对：期末原值合计 {fmt(fixed)} 等于 162 固定资产期末余额，期末累计折旧合计 "
        f"{fmt(depreciation)} 等于 163 累计折旧期末贷方余额。"
    ]
    if uncarded_cost or uncarded_depreciation:
        notes.append(
            f"其中 {UNCARDED}：原值 {fmt(uncarded_cost)}、累计折旧 {fmt(uncarded_depreciation)}"
            "——162 分录上注明 asset（名称）、category、life（年）、tag（编号）即登记卡片；"
            "折旧分录的 163 行注明 asset 或 tag 即计入该资产。"
        )
    return Table(
        "asset_register",
        "固定资产卡片",
        COLUMNS,
        frame,
        period=f"{year}年12月31日",
        notes=tuple(notes),
    )


def report(loaded: Loaded, year: int) -> Report:
    """``ghfund books assets --year Y``."""
    base.require_year(loaded, year, "编制固定资产卡片")
    end = datetime.date(year, 12, 31)
    return base.make(
        loaded,
        "books-assets",
        f"固定资产卡片（{year}年度）",
        f"{year}年度",
        end,
        [table(loaded.book, year)],
    )
