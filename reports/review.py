"""同级审查: the audit committee's annual review of one year (``ghfund audit --year``).

Tables in order: the budget execution table (完成率 = actual ÷ budget, each line's share);
income and spending by line of 工会02表 with their shares and last year's figures; the
balance reconciliation of 工会资金 (321 + 322): 年初 + 收入 − 支出 against 年末, the
difference explained by what was posted to 321/322 directly (调整及变动), any rest
reported 不平衡, and the 结余率; how 货币资金 differs from 工会资金 (liabilities, other net assets, assets
other than money); what the review affirms (``assurance``: 慰问标准执行情况, 账卡相符);
allocation, remittance and dues completion with the month table;
findings by rule (counts, amounts, disposition) and one by one; the rectification of last
year's findings (整改台账 of the year before); large items.
"""

from __future__ import annotations

import datetime
from dataclasses import replace
from decimal import Decimal

import pandas as pd

from ghfund import funding as allocation
from ghfund.closing import CARRIED, RETAINED
from ghfund.evidence import unrecorded
from ghfund.ledger import Loaded
from ghfund.money import ZERO, fmt
from ghfund.reports import (
    assurance,
    base,
    budget_execution,
    frames,
    funding_report,
    large_items,
    notes,
    rectification_report,
    statements,
)
from ghfund.reports import findings_report as found
from ghfund.reports.balances import Sums, sums_of, total, year_end
from ghfund.reports.budget_execution import rate
from ghfund.reports.model import LEVEL, Column, Report, Table
from ghfund.reports.statements import (
    EXPENSE_LINES,
    INCOME_LINES,
    LIABILITIES,
    NET_ASSETS,
    UNBALANCED,
    Flows,
)

FUNDS = ("工会资金结转", "工会资金结余")


def report(loaded: Loaded, year: int, issued: datetime.date | None = None) -> Report:
    """``ghfund audit --year Y``: the annual review; open findings of the year are problems.
    Signed by the audit committee, 报出日期 ``issued`` (blank when None)."""
    base.require_year(loaded, year, "进行同级审查")
    book = loaded.book
    sums = sums_of(book)
    period = f"{year}年度"
    year_rows = notes.year_findings(loaded, year)
    tables = [
        budget_execution.build(book, year),
        structure(sums, year, known_previous=year - 1 in book.years),
        reconciliation(loaded, sums, year),
        money(sums, year),
        assurance.gift_standards(loaded, year),
        assurance.cards_and_books(loaded, year),
    ]
    if book.directives.payrolls:
        tables += [completion(loaded, year), funding_report.build(book, year)]
    tables += [
        replace(found.by_rule(year_rows, "findings_by_rule", "发现汇总"), period=period),
        replace(
            found.table(year_rows, "findings", "本年发现及处理情况", "本年检查没有发现问题。"),
            period=period,
        ),
        previous_rectification(loaded, year),
        large_items.table(book, year_end(year - 1), year_end(year), period),
    ]
    remarks = [
        "编制说明：本资料由 ghfund 依据账本计算，供经费审查委员会对本年度经费收支进行同级审查；"
        "收入、支出在年末虚拟结转至工会资金结转（专项资金）和工会资金结余。",
        *_annual_audits(loaded, year),
        *unrecorded(book, year),
    ]
    unresolved = base.open_count(loaded, datetime.date(year, 1, 1), year_end(year))
    return base.make(
        loaded,
        "audit-year",
        f"{year}年度经费收支同级审查",
        period,
        year_end(year),
        tables,
        notes=remarks,
        problems=(
            [f"{year} 年度有 {unresolved} 项未处理的发现，可用 ghfund check 查看"]
            if unresolved
            else []
        ),
        audit=True,
        issued=issued,
    )


def previous_rectification(loaded: Loaded, year: int) -> Table:
    """上年审计发现问题的整改情况: the 整改台账 of the findings dated in the year before."""
    rows = rectification_report.items(loaded.findings.in_year(year - 1))
    table = rectification_report.table(
        rows,
        "previous_rectification",
        "上年审计发现问题的整改情况",
        f"{year - 1} 年度没有经审会处理过的发现。",
    )
    return replace(table, period=f"{year - 1}年度")


STRUCTURE_COLUMNS = (
    Column("item", "项目", "text"),
    Column("current", "本年数"),
    Column("share", "占比", "rate"),
    Column("previous", "上年数"),
    Column("change", "增减"),
)


def structure(sums: Sums, year: int, known_previous: bool = True) -> Table:
    """收支结构: income and spending by line of 工会02表 (lines with amounts in either year),
    each line's share of its total, beside last year (blank for a year before the book)."""
    current, previous = statements.year_flows(sums, year), statements.year_flows(sums, year - 1)
    rows: list[dict[str, object]] = []
    for title, lines, now, before in (
        ("收入合计", INCOME_LINES, current.income, previous.income),
        ("支出合计", EXPENSE_LINES, current.spending, previous.spending),
    ):
        whole, was = total(now.values()), total(before.values())
        rows.append(_structure_row(title, whole, whole, was, 0))
        rows += [
            _structure_row(item, now[code], whole, before[code], 1)
            for item, code in lines
            if now[code] or before[code]
        ]
    if not known_previous:
        rows = [{**row, "previous": None, "change": None} for row in rows]
    frame = pd.DataFrame(rows, columns=[*(c.key for c in STRUCTURE_COLUMNS), LEVEL])
    return Table(
        "structure",
        "收支结构",
        STRUCTURE_COLUMNS,
        frame.astype(object),
        period=f"{year}年度",
        notes=("占比为各项占本年收入合计或支出合计的百分比；只列本年或上年有发生额的项目。",),
    )


def _structure_row(
    item: str, amount: Decimal, whole: Decimal, before: Decimal, level: int
) -> dict[str, object]:
    return {
        "item": item,
        "current": amount,
        "share": rate(amount, whole),
        "previous": before,
        "change": amount - before,
        LEVEL: level,
    }


RECONCILIATION_COLUMNS = (
    Column("item", "项目", "text"),
    Column("carried", "工会资金结转"),
    Column("retained", "工会资金结余"),
    Column("total", "合计"),
)


def reconciliation(loaded: Loaded, sums: Sums, year: int) -> Table:
    """结余核对: 年初 + 收入 − 支出 against 年末 for 工会资金结转 and 结余, the difference
    explained by 调整及变动 (each direct posting to 321/322 listed in a note)."""
    flows = statements.year_flows(sums, year)
    income, spending = _by_fund(sums, year, flows)
    computed = tuple(s + i - o for s, i, o in zip(flows.start, income, spending, strict=True))
    difference = tuple(e - c for e, c in zip(flows.end, computed, strict=True))
    rest = tuple(d - a for d, a in zip(difference, flows.adjusted, strict=True))
    lines = (
        ("年初余额", flows.start, 1),
        ("加：本年收入", income, 1),
        ("减：本年支出", spending, 1),
        ("年初 + 收入 − 支出", computed, 0),
        ("年末余额", flows.end, 0),
        ("差额（年末 − 上式）", difference, 0),
        ("其中：调整及变动", flows.adjusted, 2),
        ("其中：未能解释的差额", rest, 2),
    )
    frame = pd.DataFrame(
        [
            {"item": item, "carried": pair[0], "retained": pair[1], "total": sum(pair), LEVEL: lv}
            for item, pair, lv in lines
        ],
        columns=[*(c.key for c in RECONCILIATION_COLUMNS), LEVEL],
    )
    table_notes = [
        f"{UNBALANCED}：{name}年末余额与年初 + 收入 − 支出 + 调整及变动相差 {fmt(amount)}。"
        "标记 #closing 的结账分录应把收支全部结转到 321/322（专项资金到 321），请核对这些分录。"
        for name, amount in zip(FUNDS, rest, strict=True)
        if amount
    ]
    if not any(rest):
        table_notes.append(
            f"核对：年初 {fmt(total(flows.start))} + 收入 {fmt(total(income))} − 支出 "
            f"{fmt(total(spending))} + 调整及变动 {fmt(total(flows.adjusted))} = 年末 "
            f"{fmt(total(flows.end))}，相符。"
        )
    table_notes.append(assurance.surplus_ratio(total(flows.end), total(spending)))
    table_notes += _adjustments(loaded, year)
    return Table(
        "reconciliation",
        "工会资金结余核对",
        RECONCILIATION_COLUMNS,
        frame,
        period=f"{year}年度",
        notes=tuple(table_notes),
    )


def _by_fund(
    sums: Sums, year: int, flows: Flows
) -> tuple[tuple[Decimal, Decimal], tuple[Decimal, Decimal]]:
    """(income, spending), each as (earmarked, ordinary): what closes into 321 and 322."""
    earmarked = sums.moved(year, flow=True, earmarked=True)
    income = -total(earmarked.get(code, ZERO) for _, code in INCOME_LINES)
    spending = total(earmarked.get(code, ZERO) for _, code in EXPENSE_LINES)
    all_income, all_spending = total(flows.income.values()), total(flows.spending.values())
    return (income, all_income - income), (spending, all_spending - spending)


def _adjustments(loaded: Loaded, year: int) -> list[str]:
    """Each posting of the year straight to 321/322 (other than #closing entries), in words."""
    postings = frames.in_years(loaded.book, year, year)
    direct = postings[postings["top"].isin([CARRIED, RETAINED]) & ~postings["closing"]]
    return [
        f"调整及变动：{date} {voucher} {narration} {'工会资金结转' if top == CARRIED else '工会资金结余'}"
        f" {fmt(-amount)}"
        for date, voucher, narration, top, amount in zip(
            direct["date"],
            direct["voucher"],
            direct["narration"],
            direct["top"],
            direct["amount"],
            strict=True,
        )
    ]


MONEY_COLUMNS = (
    Column("item", "项目", "text"),
    Column("start", "年初余额"),
    Column("end", "年末余额"),
)
MONEY = "货币资金"
OTHER_ASSETS = (
    "财政应返还额度",
    "应收上级经费",
    "应收下级经费",
    "其他应收款",
    "库存物品",
    "投资",
    "在建工程",
    "固定资产净值",
    "无形资产净值",
    "长期待摊费用",
    "待处理财产损溢",
)


def money(sums: Sums, year: int) -> Table:
    """货币资金与工会资金: money = 工会资金 + liabilities + other net assets − other assets,
    line by line (the lines with a balance at either date)."""
    start = statements.balance_lines(sums.closed(year - 1))
    end = statements.balance_lines(sums.closed(year))
    parts = [
        ("工会资金结转结余", FUNDS, 1, 1),
        *(("加：" + item, (item,), 1, 2) for item in LIABILITIES),
        *(("加：" + item, (item,), 1, 2) for item in NET_ASSETS if item not in FUNDS),
        *(("减：" + item, (item,), -1, 2) for item in OTHER_ASSETS),
    ]
    rows, derived = [], [ZERO, ZERO]
    for item, lines, sign, level in parts:
        values = [total(side[line] for line in lines) for side in (start, end)]
        derived = [d + sign * v for d, v in zip(derived, values, strict=True)]
        if level == 1 or any(values):
            rows.append({"item": item, "start": values[0], "end": values[1], LEVEL: level})
    booked = [start[MONEY], end[MONEY]]
    off = [b - d for b, d in zip(booked, derived, strict=True)]
    rows += [
        {"item": "货币资金（按上列推算）", "start": derived[0], "end": derived[1], LEVEL: 0},
        {"item": "货币资金（账面）", "start": booked[0], "end": booked[1], LEVEL: 0},
        {"item": "差额", "start": off[0], "end": off[1], LEVEL: 0},
    ]
    table_notes = [
        "货币资金（库存现金、银行存款）与工会资金结转结余不等：应付款项等负债在银行存款中而不属于"
        "工会资金；应收款项、库存物品、固定资产等占用的资金由资产基金等反映。"
    ]
    if any(off):
        table_notes.append(
            f"{UNBALANCED}：推算的货币资金与账面相差（年初 {fmt(off[0])}，年末 {fmt(off[1])}），"
            "资产负债表不平衡，见 ghfund report 的资产负债表说明。"
        )
    frame = pd.DataFrame(rows, columns=[*(c.key for c in MONEY_COLUMNS), LEVEL])
    return Table(
        "money",
        "货币资金与工会资金",
        MONEY_COLUMNS,
        frame,
        period=f"{year}年度",
        notes=tuple(table_notes),
    )


PENDING = "上解经费（未到期）"
COMPLETION_COLUMNS = (
    Column("item", "项目", "text"),
    Column("due", "应收（应付）数"),
    Column("actual", "实际数"),
    Column("difference", "差额"),
    Column("rate", "完成率", "rate"),
)


def completion(loaded: Loaded, year: int) -> Table:
    """拨缴与上解完成情况: allocation received vs due, upward share remitted vs due, dues
    received vs due (0.5% of the dues base), over the payroll months of ``year``."""
    book = loaded.book
    months = allocation.of(book).between(year_end(year - 1), year_end(year))
    totals = funding_report.Totals.of(months)
    with_dues = [m for m in months if m.dues_due is not None]
    dues_due = total(m.dues_due for m in with_dues if m.dues_due is not None)
    credits = [credit for month in months for credit in month.credits]
    due_by_end = [c for c in credits if c.deadline <= year_end(year)]
    pending = [c for c in credits if c.deadline > year_end(year)]
    items: list[tuple[str, Decimal, Decimal, bool]] = [  # (item, due, actual, compared)
        ("拨缴经费", totals.due, totals.received, True),
        (
            "上解经费",
            total(c.amount for c in due_by_end),
            total(c.remitted for c in due_by_end),
            True,
        ),
    ]
    if pending:  # shares whose deadline falls after the year end: not yet due, no shortfall
        items.append(
            (
                PENDING,
                total(c.amount for c in pending),
                total(c.remitted for c in pending),
                False,
            )
        )
    if with_dues:  # months whose payroll data give a dues base
        items.append(("会费", dues_due, total(m.dues_received for m in with_dues), True))
    frame = pd.DataFrame(
        [
            {
                "item": item,
                "due": due,
                "actual": actual,
                "difference": actual - due if compared else None,
                "rate": rate(actual, due) if compared else None,
                LEVEL: 1 if compared else 2,
            }
            for item, due, actual, compared in items
        ],
        columns=[*(c.key for c in COMPLETION_COLUMNS), LEVEL],
    )
    table_notes = [
        "按工资所属月份：拨缴经费只计有工资数据的月份（应拨缴 = 工资总额 × 2%）；上解为收款中"
        "计入应付上级经费的部分及其上解；会费只计有会费基数的月份（应收 = 会费基数 × 0.5%）。"
        "实际数截至账本最后日期。"
    ]
    if pending:
        table_notes.append(
            f"上解期限在 {year} 年末以后的上解经费 "
            f"{fmt(total(c.amount for c in pending))} 元尚未到期，不计入应上解数，不算欠解。"
        )
    received = sum((m.received for m in months if m.mode == "self"), ZERO)
    if received:
        share = rate(totals.upward, received)
        retained = book.settings.retained_share(year_end(year))
        table_notes.append(
            f"应上解 {fmt(totals.upward)} 元，占单位拨缴月份实收拨缴经费 {fmt(received)} 元的 "
            f"{share}%（留成比例 {retained} 时应为 {rate(1 - retained, Decimal(1))}%）。"
        )
    return Table(
        "funding_completion",
        "拨缴与上解完成情况",
        COMPLETION_COLUMNS,
        frame,
        period=f"{year}年度",
        notes=tuple(table_notes),
    )


def _annual_audits(loaded: Loaded, year: int) -> list[str]:
    """The book's record of the committee's review of ``year`` (ghfund-audit "annual")."""
    first, last = datetime.date(year, 1, 1), year_end(year)
    found_audits = [
        a
        for a in loaded.book.directives.audits
        if a.kind == "annual" and a.start <= last and a.end >= first
    ]
    if not found_audits:
        return [f'账本中还没有 {year} 年度同级审查的记录（custom "ghfund-audit" "annual"）。']
    return [
        f"同级审查记录：{a.date}{' ' + a.report if a.report else ''}，范围 {a.start} 至 {a.end}。"
        for a in found_audits
    ]
