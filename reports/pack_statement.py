"""决算说明书: the written statement of the 决算 pack, drafted from the year's figures.

Six parts, each a paragraph or a few: 基本情况; 收入预算执行情况 and 支出预算执行情况 (each
line against its budget, with the reason the committee recorded on the line's latest budget
directive as ``reason:`` metadata, or a blank to fill in where actual and budget differ by
a tenth or more); 主要指标; 结转结余情况; 存在的问题 (the year's open and acknowledged
findings by rule). Every figure comes from the builders the statements and the budget
execution table use; nothing here is typed in.
"""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal

import pandas as pd

from ghfund import budgets
from ghfund.book import Book
from ghfund.funding import of as funding_of
from ghfund.ledger import Loaded
from ghfund.money import ZERO, fmt
from ghfund.reports import budget_execution, statements
from ghfund.reports.balances import Sums, total, year_end
from ghfund.reports.budget_execution import Row, rate
from ghfund.reports.funding_report import Totals
from ghfund.reports.model import Column, Table

NOTABLE = Decimal(10)  # a line whose execution differs from 100% by this much needs a reason
FILL = "________（请填写）"
MONEY_CODES = ("101", "102")  # 库存现金, 银行存款
ACTIVITY = "501"  # 职工活动支出


def table(loaded: Loaded, year: int, sums: Sums) -> Table:
    """决算说明书 as a table of paragraphs (its notes), like the 附注."""
    book = loaded.book
    flows = statements.year_flows(sums, year)
    rows = budget_execution.rows(book, year)
    income, spending = total(flows.income.values()), total(flows.spending.values())
    paragraphs = [
        "一、基本情况",
        _basics(book, year, income, spending),
        "二、收入预算执行情况",
        *_execution(book, year, rows, "income"),
        "三、支出预算执行情况",
        *_execution(book, year, rows, "expense"),
        "四、主要指标",
        _indicators(book, year, rows, flows),
        "五、结转结余情况",
        _balances(flows, sums, year),
        "六、存在的问题",
        *_problems(loaded, year),
    ]
    return Table(
        "pack_statement",
        "决算说明书",
        (Column("text", "内容", "text"),),
        pd.DataFrame(columns=["text"]),
        period=f"{year}年度",
        notes=tuple(paragraphs),
        page=True,
    )


def _basics(book: Book, year: int, income: Decimal, spending: Decimal) -> str:
    months = [p for p in book.directives.payrolls if p.month.year == year]
    payroll = sum((p.total for p in months), ZERO)
    members = members_at(book, year)
    who = f"年末有会员 {members} 人，" if members else ""
    return (
        f"本会{year}年度{who}全年工资总额 {fmt(payroll)} 元（{len(months)} 个月的工资数据）。"
        f"本年收入合计 {fmt(income)} 元，支出合计 {fmt(spending)} 元，"
        f"本年收支差额 {fmt(income - spending)} 元。"
    )


def members_at(book: Book, year: int) -> int | None:
    """会员人数 at the year's end."""
    return headcount_at(book, year, "members")


def employees_at(book: Book, year: int) -> int | None:
    """职工人数 at the year's end."""
    return headcount_at(book, year, "employees")


def headcount_at(book: Book, year: int, key: str) -> int | None:
    """A count of people (``members``, ``employees``): the latest payroll month of the year
    that states it, else the option of that name in force at the year's end."""
    stated = [p for p in book.directives.payrolls if p.month.year == year and getattr(p, key)]
    if stated:
        count: int = getattr(max(stated, key=lambda p: p.month), key)
        return count
    value: int | None = book.settings.at(key, year_end(year))
    return value


def _execution(book: Book, year: int, rows: list[Row], kind: str) -> list[str]:
    title = "收入合计" if kind == "income" else "支出合计"
    total = next((row for row in rows if row.level == 0 and row.item == title), None)
    section = _section(rows, title)
    if total is None or not total.adjusted:
        return [f"本年度没有{'收入' if kind == 'income' else '支出'}预算。"]
    verb = "完成" if kind == "income" else "执行"
    lead = (
        f"{'收入' if kind == 'income' else '支出'}预算（调整后）{fmt(total.adjusted)} 元，"
        f"实际 {fmt(total.actual)} 元，{verb}预算的 {_pct(total.rate)}。"
    )
    reasons = _reasons(book, year)
    lines = []
    for row in section:
        if row.adjusted is None:
            lines.append(f"{row.item} {fmt(row.actual)} 元，未列预算。")
            continue
        text = f"{row.item} 实际 {fmt(row.actual)} 元，预算 {fmt(row.adjusted)} 元，{verb} {_pct(row.rate)}"
        reason = "；".join(r for a, r in reasons.items() if budgets.covers(row.account, a))
        if reason:
            text += f"；原因：{reason}"
        elif row.rate is None or abs(row.rate - 100) >= NOTABLE:
            text += f"；原因：{FILL}"
        lines.append(text + "。")
    return [lead, *lines]


def _section(rows: list[Row], title: str) -> list[Row]:
    """The lines under the total ``title``: every row of its section that no other row of it
    stands under (a 款 subtotal gives way to its 项)."""
    start = next(i for i, row in enumerate(rows) if row.level == 0 and row.item == title)
    section: list[Row] = []
    for row in rows[start + 1 :]:
        if row.level == 0:
            break
        section.append(row)
    return [
        row
        for row in section
        if not any(
            o is not row and o.account and budgets.covers(row.account, o.account) for o in section
        )
    ]


def _reasons(book: Book, year: int) -> dict[str, str]:
    """The ``reason:`` the committee recorded on each line's latest budget directive."""
    found = {}
    for line in budgets.of_book(book).get(year, []):
        for directive in reversed(line.directives):
            reason = directive.entry.meta.get("reason")
            if isinstance(reason, str) and reason.strip():
                found[line.account] = reason.strip()
                break
    return found


def _indicators(book: Book, year: int, rows: list[Row], flows: statements.Flows) -> str:
    totals = {row.item: row for row in rows if row.level == 0}
    income, spending = totals.get("收入合计"), totals.get("支出合计")
    months = funding_of(book).between(year_end(year - 1), year_end(year))
    funded = Totals.of(months)
    spent = total(flows.spending.values())
    parts = [
        f"收入预算完成率 {_pct(income.rate if income else None)}",
        f"支出预算执行率 {_pct(spending.rate if spending else None)}",
        f"拨缴经费到位率 {_pct(rate(funded.received, funded.due))}",
        f"上解经费完成率 {_pct(rate(funded.remitted, funded.upward))}",
    ]
    if spent:
        activity = flows.spending.get(ACTIVITY, ZERO)
        parts.append(f"职工活动支出占支出合计 {_pct(rate(activity, spent))}")
    return "；".join(parts) + "。"


def _balances(flows: statements.Flows, sums: Sums, year: int) -> str:
    closed = sums.closed(year)
    money = sum((closed.get(code, ZERO) for code in MONEY_CODES), ZERO)
    (carried_start, retained_start), (carried, retained) = flows.start, flows.end
    return (
        f"年初工会资金结转 {fmt(carried_start)} 元、工会资金结余 {fmt(retained_start)} 元；"
        f"本年收支差额 {fmt(flows.difference)} 元；"
        f"年末工会资金结转 {fmt(carried)} 元、工会资金结余 {fmt(retained)} 元，"
        f"合计 {fmt(carried + retained)} 元；年末货币资金 {fmt(money)} 元。"
    )


def _problems(loaded: Loaded, year: int) -> list[str]:
    found = loaded.findings.between(datetime.date(year, 1, 1), year_end(year))
    opened = Counter(finding.rule for finding in found.open)
    handled = len(found.acknowledged)
    lines = []
    if opened:
        listed = "、".join(f"{rule} {count} 项" for rule, count in sorted(opened.items()))
        lines.append(
            f"本年度检查发现未处理的问题 {sum(opened.values())} 项（{listed}），"
            "详见 ghfund audit --year 的同级审查资料；整改意见：" + FILL + "。"
        )
    else:
        lines.append("本年度的账经规则检查，没有未处理的问题。")
    if handled:
        lines.append(f"经费审查委员会已审查处理的发现 {handled} 项。")
    return lines


def _pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.2f}%"
