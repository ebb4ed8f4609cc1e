"""What the annual review affirms, not only the absence of findings: 慰问标准执行情况 (each
kind of gift against its standard) and 账卡相符 (the asset cards against 162/163).

The gift table's 是否超标 is the ``gift-cap`` rule's word (a finding of that rule on a gift
of that kind in the year, acknowledged or not), never a second computation; 人均 is the
largest per capita of one gift, and for a 每人每年 standard the sum of the year's per capitas.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

import pandas as pd

from ghfund import evidence, gifts
from ghfund.gifts import Gift
from ghfund.ledger import Loaded
from ghfund.money import ZERO, cents, fmt
from ghfund.reports import asset_register
from ghfund.reports.asset_register import UNCARDED
from ghfund.reports.model import LEVEL, MARK, Column, Table
from ghfund.standards import PER_MEMBER_YEAR

GIFT_COLUMNS = (
    Column("event", "慰问项目", "text"),
    Column("count", "次数", "count"),
    Column("amount", "金额合计"),
    Column("headcount", "受慰问人次", "count"),
    Column("per_head", "人均"),
    Column("standard", "标准", "text"),
    Column("over", "是否超标", "text"),
)
YES, NO, UNSET = "是", "否", "未设标准"


def gift_standards(loaded: Loaded, year: int) -> Table:
    """慰问标准执行情况: per kind of gift in ``year``, its total, headcount, per capita, the
    standard in force at the year's end and whether ``gift-cap`` found it over."""
    book = loaded.book
    found = [g for g in book.derived(gifts.of_book) if g.txn.date.year == year]
    over = _over_events(loaded, year)
    rows = []
    for event in dict.fromkeys(g.event for g in found):
        own = [g for g in found if g.event == event]
        counted = [(g, r[0]) for g in own if isinstance(r := g.recipients(), tuple)]
        standard = book.standards.cap(event, datetime.date(year, 12, 31), book.settings)
        per_head = _per_head(counted, standard is not None and standard.cap.unit == PER_MEMBER_YEAR)
        verdict = YES if event in over else (NO if standard is not None else UNSET)
        rows.append(
            {
                "event": event,
                "count": len(own),
                "amount": sum((g.amount for g in own), ZERO),
                "headcount": sum(n for _, n in counted),
                "per_head": per_head,
                "standard": standard.cap.describe() if standard else UNSET,
                "over": verdict,
                LEVEL: 1,
                MARK: verdict == YES,
            }
        )
    frame = pd.DataFrame(rows, columns=[*(c.key for c in GIFT_COLUMNS), LEVEL, MARK])
    notes = (
        "人均：每人每年的标准为本年各次人均之和，其余为单次人均的最高值；是否超标以规则 gift-cap "
        "的检查为准（含经审会已处理的）；标准为年末适用的标准（standards、gift-cap 设置）。"
        if rows
        else f"{year} 年度没有注明 event 的慰问支出。",
    )
    return Table(
        "gift_standards",
        "慰问标准执行情况",
        GIFT_COLUMNS,
        frame.astype(object),
        period=f"{year}年度",
        notes=notes,
    )


def _per_head(counted: Iterable[tuple[Gift, int]], yearly: bool) -> Decimal | None:
    shares = [g.amount / n for g, n in counted if n]
    if not shares:
        return None
    return cents(sum(shares, ZERO) if yearly else max(shares))


def _over_events(loaded: Loaded, year: int) -> set[str]:
    """The kinds of gift the gift-cap rule found over their standard in ``year``."""
    findings = loaded.findings.only(("gift-cap",)).in_year(year)
    errors = [*findings.open, *(error for error, _ in findings.acknowledged)]
    return {
        gift.event
        for error in errors
        for gift in gifts.gifts_of(error.entry, loaded.book.currency)
        if error.entry is not None
    }


CARD_COLUMNS = (
    Column("item", "项目", "text"),
    Column("cards", "卡片合计"),
    Column("books", "账面余额"),
    Column("difference", "差额"),
)


def cards_and_books(loaded: Loaded, year: int) -> Table:
    """账卡相符: the asset cards' cost and accumulated depreciation against 162 and 163 at the
    year's end; the cards that had no depreciation in the year, and the year's stocktakes
    (账实, ``ghfund-stocktake``), under the table."""
    register = asset_register.table(loaded.book, year)
    records = register.records()
    carded = [r for r in records if r["asset"] not in ("合计", UNCARDED)]
    whole = next(r for r in records if r["asset"] == "合计")
    lines = []
    for item, key in (("固定资产原值（162）", "end_cost"), ("累计折旧（163）", "accumulated")):
        cards = sum((Decimal(str(r[key])) for r in carded), ZERO)
        books = Decimal(str(whole[key]))
        lines.append({"item": item, "cards": cards, "books": books, "difference": books - cards})
    frame = pd.DataFrame(
        [{**line, LEVEL: 1, MARK: bool(line["difference"])} for line in lines],
        columns=[*(c.key for c in CARD_COLUMNS), LEVEL, MARK],
    )
    unnamed = sum(
        (Decimal(str(r["year_depreciation"] or 0)) for r in records if r["asset"] == UNCARDED),
        ZERO,
    )
    idle = [
        f"{r['tag'] or ''} {r['asset']}（{r['status'] or '本年折旧为零'}）".strip()
        for r in carded
        if not r["year_depreciation"]
        and r["status"] not in ("已处置", "已提足折旧")
        and (not unnamed or r["status"])  # with unnamed lines, a card's zero proves nothing
    ]
    matched = not any(line["difference"] for line in lines)
    notes = [
        "账卡相符。" if matched else "账卡不符：差额为没有登记卡片的原值或折旧，见固定资产卡片。"
    ]
    if unnamed:
        notes.append(
            f"本年折旧中 {fmt(unnamed)} 元记在没有注明资产（asset 或 tag）的分录中，无法逐张对应"
            "卡片；在折旧分录的 163 行注明资产即可核对每张卡片。"
        )
    if idle:
        notes.append(f"本年没有计提折旧的卡片：{'；'.join(idle)}。")
    elif not unnamed:
        notes.append("每张在用卡片本年都计提了折旧。")
    notes += [
        f"资产清查盘点：{count.counted} {count.result}。"
        for count in loaded.book.directives.stocktakes
        if evidence.stocktake_year(count.counted) == year
    ]
    if not carded and not any(line["books"] for line in lines):
        notes = ["账本没有固定资产。"]
    return Table(
        "cards_and_books",
        "账卡相符",
        CARD_COLUMNS,
        frame.astype(object),
        period=f"{year}年12月31日",
        notes=tuple(notes),
    )


def surplus(end: Decimal, spending: Decimal) -> Decimal | None:
    """结余率 = 年末结余 ÷ 本年支出 (percent, two decimals); None without spending."""
    return cents(end * 100 / spending) if spending else None


def surplus_ratio(end: Decimal, spending: Decimal) -> str:
    """The 结余率 in words, for the reconciliation's notes."""
    ratio = surplus(end, spending)
    if ratio is None:
        return "结余率：本年没有支出，无法计算。"
    return f"结余率（年末结余 ÷ 本年支出）：{fmt(end)} ÷ {fmt(spending)} = {ratio}%。"
