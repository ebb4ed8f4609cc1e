"""附注: the notes to the annual accounts, the eight items the 制度 prescribes.

A section builder takes the loaded book and the year and returns its tables;
``SECTIONS`` lists the items in the 制度's order and ``build`` numbers them (附注一 …
附注八). The tables this module had first (budget summary, fixed assets, earmarked
funds) live here; the other items are in ``ghfund.reports.note_items``. Findings of the
checks are not part of the notes: the audit reports list them.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable
from decimal import Decimal

import pandas as pd

from ghfund import assets, chart, index
from ghfund.book import Book
from ghfund.closing import CARRIED, CLOSING_TAG, closes_into, unnamed_fund
from ghfund.findings import Finding
from ghfund.ledger import Loaded
from ghfund.money import ZERO, fmt
from ghfund.reports import budget_execution, frames, funding_report, note_items
from ghfund.reports import findings_report as found
from ghfund.reports.balances import year_end
from ghfund.reports.model import LEVEL, Column, Table
from ghfund.reports.statements import NUMERALS

Section = Callable[[Loaded, int], tuple[Table, ...]]


# ---------------------------------------------------------------- budget execution

BUDGET_COLUMNS = tuple(
    column
    for column in budget_execution.COLUMNS
    if column.key in ("item", "original", "adjusted", "actual", "difference", "rate")
)


def budget_summary(loaded: Loaded, year: int) -> tuple[Table, ...]:
    """The totals of the budget execution table, and what the detail says in words."""
    rows = budget_execution.rows(loaded.book, year)
    totals = [row for row in rows if row.level == 0]
    frame = pd.DataFrame(
        [
            {
                "item": row.item,
                "original": row.original,
                "adjusted": row.adjusted,
                "actual": row.actual,
                "difference": row.difference,
                "rate": row.rate,
            }
            for row in totals
        ],
        columns=[column.key for column in BUDGET_COLUMNS],
    )
    notes: list[str] = []
    if not any(row.level > 0 and row.original is not None for row in rows):
        notes.append("本年度没有年度预算（yearly 预算指令），无法考核预算执行。")
    for total in totals:
        if total.item in ("收入合计", "支出合计") and total.rate is not None:
            notes.append(
                f"{total.item}：实际 {fmt(total.actual)}，调整后预算 {fmt(total.adjusted)}，"
                f"{'完成率' if total.item == '收入合计' else '执行率'} {total.rate:.2f}%。"
            )
    overrun = [row for row in rows if budget_execution.OVERRUN in row.status]
    notes += [
        f"超支：{row.item} 实际 {fmt(row.actual)}，调整后预算 {fmt(row.adjusted)}，"
        f"超出 {fmt(row.difference)}。"
        for row in overrun
    ]
    unbudgeted = [row for row in rows if row.status == budget_execution.UNBUDGETED]
    if unbudgeted:
        listed = "、".join(f"{row.item} {fmt(row.actual)}" for row in unbudgeted)
        notes.append(f"未列预算的收支：{listed}。")
    adjusted = [row.item for row in rows if budget_execution.ADJUSTED in row.status]
    if adjusted:
        notes.append(f"年中调整预算的项目 {len(adjusted)} 项：{'、'.join(adjusted)}。")
    table = Table(
        "notes_budget",
        "预算执行情况",
        BUDGET_COLUMNS,
        frame,
        period=f"{year}年度",
        notes=tuple(notes),
    )
    return (table,)


# ---------------------------------------------------------------- fixed assets

COST, DEPRECIATION = "162", "163"


def fixed_assets(loaded: Loaded, year: int) -> tuple[Table, ...]:
    """固定资产原值 (162), 累计折旧 (163) and 净值: start, changes, end; each addition in a
    note; then the cards by category with their count."""
    table = asset_changes(loaded.book, year_end(year - 1), year_end(year), ("年初", "本年", "年末"))
    return (dataclasses.replace(table, period=f"{year}年度"), by_category(loaded.book, year))


CATEGORY_COLUMNS = (
    Column("item", "类别", "text"),
    Column("count", "年末数量", "count"),
    Column("start", "年初原值"),
    Column("increase", "本年增加"),
    Column("decrease", "本年减少"),
    Column("end", "年末原值"),
    Column("depreciation", "本年折旧"),
)
UNCARDED = "未登记卡片"


def by_category(book: Book, year: int) -> Table:
    """The asset cards by category: count held at the year end, cost at the start, added,
    disposed and at the end, the year's linked depreciation; 162 not on any card is its own
    row, so the cost columns add up to 工会01表's 固定资产原值."""
    start, end = year_end(year - 1), year_end(year)
    rows: dict[str, list[Decimal]] = {}
    counts: dict[str, int] = {}
    for card in assets.register(book).assets:
        if card.acquired > end:
            continue
        kind = card.category or "未分类"
        gone = card.disposed
        held_start = card.acquired <= start and (gone is None or gone > start)
        held_end = gone is None or gone > end
        row = rows.setdefault(kind, [ZERO] * 5)
        row[0] += card.cost if held_start else ZERO
        row[1] += card.cost if card.acquired > start else ZERO
        row[2] += card.cost if gone is not None and start < gone <= end else ZERO
        row[4] -= sum((link.amount for link in card.depreciation if link.date.year == year), ZERO)
        counts[kind] = counts.get(kind, 0) + (1 if held_end else 0)
    sums = frames.on_accounts(book, frozenset({COST}))
    cost = {when: sum(sums["amount"][sums["date"] <= when], ZERO) for when in (start, end)}
    carded = {
        when: sum(
            (row[0] if when == start else row[0] + row[1] - row[2] for row in rows.values()), ZERO
        )
        for when in (start, end)
    }
    records: list[tuple[object, ...]] = [
        (kind, counts[kind], row[0], row[1], row[2], row[0] + row[1] - row[2], row[4], 1)
        for kind, row in sorted(rows.items())
    ]
    loose = {when: cost[when] - carded[when] for when in (start, end)}
    if loose[start] or loose[end]:
        records.append((UNCARDED, None, loose[start], None, None, loose[end], None, 1))
    records.append(("合计", sum(counts.values()), cost[start], None, None, cost[end], None, 0))
    frame = pd.DataFrame(records, columns=[*(c.key for c in CATEGORY_COLUMNS), LEVEL], dtype=object)
    notes = ["本年折旧为注明资产（asset 或 tag）的折旧分录；未注明资产的折旧不能分到类别。"]
    if loose[start] or loose[end]:
        notes.append(
            f"{UNCARDED}：固定资产原值中没有资产卡片的部分（年末 {fmt(loose[end])} 元），"
            "应在购置或期初凭证的 162 分录上补登卡片（asset、category、life）。"
        )
    return Table(
        "notes_asset_categories",
        "固定资产分类",
        CATEGORY_COLUMNS,
        frame,
        period=f"{year}年度",
        notes=tuple(notes),
    )


def asset_changes(
    book: Book, after: datetime.date, through: datetime.date, words: tuple[str, str, str]
) -> Table:
    """The fixed assets at the end of ``after``, their changes through ``through``, and at its
    end; ``words`` name the start, the span and the end (年初, 本年, 年末)."""
    start_word, span, end_word = words
    assets = frames.on_accounts(book, frozenset({COST, DEPRECIATION}))
    dates = assets["date"]
    before, during = assets[dates <= after], assets[(dates > after) & (dates <= through)]

    def amounts(frame: pd.DataFrame, top: str) -> list[Decimal]:
        return list(frame["amount"][frame["top"] == top])

    cost_start = sum(amounts(before, COST), ZERO)
    added = sum((a for a in amounts(during, COST) if a > 0), ZERO)
    removed = -sum((a for a in amounts(during, COST) if a < 0), ZERO)
    depreciation_start = -sum(amounts(before, DEPRECIATION), ZERO)
    charged = -sum((a for a in amounts(during, DEPRECIATION) if a < 0), ZERO)
    written_off = sum((a for a in amounts(during, DEPRECIATION) if a > 0), ZERO)
    cost_end = cost_start + added - removed
    depreciation_end = depreciation_start + charged - written_off
    columns = (
        Column("item", "项目", "text"),
        Column("start", f"{start_word}数"),
        Column("increase", f"{span}增加"),
        Column("decrease", f"{span}减少"),
        Column("end", f"{end_word}数"),
    )
    frame = pd.DataFrame(
        [
            ("固定资产原值", cost_start, added, removed, cost_end, 1),
            ("累计折旧", depreciation_start, charged, written_off, depreciation_end, 1),
            (
                "固定资产净值",
                cost_start - depreciation_start,
                None,
                None,
                cost_end - depreciation_end,
                0,
            ),
        ],
        columns=[*(column.key for column in columns), LEVEL],
    )
    new = during[(during["top"] == COST) & (during["amount"] > 0)]
    notes = [
        f"{span}新增：{date} {voucher} {narration} {fmt(amount)}"
        for date, voucher, narration, amount in zip(
            new["date"], new["voucher"], new["narration"], new["amount"], strict=True
        )
    ] or [f"{span}没有新增固定资产。"]
    notes.append(f"累计折旧的{span}增加为{span}计提的折旧，{span}减少为处置资产时转销的折旧。")
    return Table("notes_fixed_assets", "固定资产", columns, frame, notes=tuple(notes))


# ---------------------------------------------------------------- earmarked funds

FUND_COLUMNS = (
    Column("item", "项目", "text"),
    Column("start", "年初结转"),
    Column("received", "本年收入"),
    Column("spent", "本年支出"),
    Column("adjusted", "调整及变动"),
    Column("end", "年末结转"),
)
UNASSIGNED = "（未指明项目，直接记入工会资金结转）"


def _fund_postings(book: Book) -> pd.DataFrame:
    """The rows of the postings frame of every transaction that may bear on 321: those
    naming a fund, tagged #closing, or posting to 321 or to an account whose postings
    belong to a fund without naming one (``ghfund.closing.fund_of``)."""
    shared = index.of(book)
    accounts = [a for a in shared.account_txns if chart.top_of(a) == CARRIED or unnamed_fund(a)]
    txns = index.union(
        [shared.with_key("fund"), shared.with_tag(CLOSING_TAG), shared.touching(accounts)]
    )
    return frames.of_transactions(book, txns)


def earmarked_funds(loaded: Loaded, year: int) -> tuple[Table, ...]:
    """专项资金 by ``fund``: carried in, received, spent, carried out (321 工会资金结转)."""
    postings = _fund_postings(loaded.book)
    postings = postings[
        ((postings["fund"] != "") | (postings["top"] == CARRIED) | postings["closing"])
        & (postings["year"] <= year)
    ]
    kept, closing = postings[~postings["closing"]], postings[postings["closing"]]
    flows = kept[(kept["fund"] != "") & kept["root"].isin(["Income", "Expenses"])]
    direct = kept[kept["top"] == CARRIED]
    funds: dict[str, list[Decimal]] = {}  # fund → start, received, spent, adjusted
    for fund, root, when, amount in zip(
        flows["fund"], flows["root"], flows["year"], flows["amount"], strict=True
    ):
        values = funds.setdefault(fund, [ZERO, ZERO, ZERO, ZERO])
        if when < year:
            values[0] -= amount
        elif root == "Income":
            values[1] -= amount
        else:
            values[2] += amount
    for when, amount in zip(direct["year"], direct["amount"], strict=True):
        values = funds.setdefault(UNASSIGNED, [ZERO, ZERO, ZERO, ZERO])
        values[0 if when < year else 3] -= amount
    lines = [
        (fund, [start, received, spent, adjusted, start + received - spent + adjusted])
        for fund, (start, received, spent, adjusted) in sorted(funds.items())
        if any((start, received, spent, adjusted))
    ]
    totals = [sum((values[i] for _, values in lines), ZERO) for i in range(5)]
    frame = pd.DataFrame(
        [(fund, *values, 1) for fund, values in lines] + [("合计", *totals, 0)],
        columns=[*(column.key for column in FUND_COLUMNS), LEVEL],
    )
    # #closing entries are left out above; after virtual closing they must move nothing into
    # or out of 321, or this table and the balance sheet disagree.
    moved = -sum(
        (
            amount
            for top, root, fund, amount in zip(
                closing["top"], closing["root"], closing["fund"], closing["amount"], strict=True
            )
            if top and closes_into(top, root in ("Income", "Expenses"), bool(fund)) == CARRIED
        ),
        ZERO,
    )
    if not lines and not moved:
        notes = ["本年没有专项资金。"]
    elif not moved:
        notes = [f"年末结转合计 {fmt(totals[4])} 与资产负债表“工会资金结转”年末余额相符。"]
    else:
        notes = [
            f"年末结转合计 {fmt(totals[4])} 与资产负债表“工会资金结转”年末余额 "
            f"{fmt(totals[4] + moved)} 相差 {fmt(-moved)}：标记 #closing 的结账分录没有把专项"
            "资金收支全部结转到 321，请核对。"
        ]
    return (
        Table(
            "notes_funds",
            "专项资金",
            FUND_COLUMNS,
            frame,
            period=f"{year}年度",
            notes=tuple(notes),
        ),
    )


# ---------------------------------------------------------------- findings


def year_findings(loaded: Loaded, year: int) -> list[Finding]:
    """The findings of ``year``, as ``listing`` orders them: Beancount's errors dated in the
    year or undated (a syntax error concerns every year), then ghfund's dated in the year.
    The audit reports list them; the notes to the accounts do not (they are not the audit)."""
    return found.between(loaded, datetime.date(year, 1, 1), year_end(year))


def allocation(loaded: Loaded, year: int) -> tuple[Table, ...]:
    """Allocation received vs due and remittance paid vs due, where payroll data exist."""
    if not loaded.book.directives.payrolls:
        return ()
    return (funding_report.summary(loaded.book, year), funding_report.build(loaded.book, year))


# ---------------------------------------------------------------- the eight items


def position_and_budget(loaded: Loaded, year: int) -> tuple[Table, ...]:
    """(2) the financial position, budget execution, and allocation and remittance."""
    return (
        *note_items.position(loaded, year),
        *budget_summary(loaded, year),
        *allocation(loaded, year),
    )


def major_items(loaded: Loaded, year: int) -> tuple[Table, ...]:
    """(4) breakdowns and movements of the major items."""
    return (
        *note_items.money(loaded, year),
        *note_items.flows_detail(loaded, year),
        *note_items.payables(loaded, year),
        *fixed_assets(loaded, year),
        *earmarked_funds(loaded, year),
    )


SECTIONS: tuple[Section, ...] = (
    note_items.compliance,  # (1) 遵循《工会会计制度》的声明
    position_and_budget,  # (2) 财务状况和预算执行
    note_items.policies,  # (3) 会计政策和会计估计及其变更
    major_items,  # (4) 重要项目的明细和变动
    note_items.disposals,  # (5) 重大资产处置和损失
    note_items.nominal,  # (6) 以名义金额计量的资产
    note_items.adjustments,  # (7) 以前年度结转结余调整
    note_items.others,  # (8) 其他需要说明的事项
)
"""The 附注's eight items in the 制度's order (第六部分); each is present, "无" where empty."""


def build(loaded: Loaded, year: int, sections: tuple[Section, ...] = SECTIONS) -> tuple[Table, ...]:
    """Every section's tables, titled 附注一, 附注二, … in the order of ``sections``."""
    tables: list[Table] = []
    number = 0
    for section in sections:
        built = section(loaded, year)
        if not built:
            continue  # a section with nothing to say (no payroll data) takes no number
        tables += [dataclasses.replace(t, title=f"附注{NUMERALS[number]} {t.title}") for t in built]
        number += 1
    return tuple(tables)
