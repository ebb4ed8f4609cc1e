"""预算执行情况表: the budget execution table of one year.

One builder for the annual report, ``ghfund budget``, the annual review and the
departure audit. Per line: 年初预算 (original), 调整后预算 (effective), 实际,
差额 = 实际 − 调整后预算, 完成率 (income) or 执行率 (spending) = 实际 ÷ 调整后预算 (two
decimals, %), and each line's share of its section's total. Income lines first, then
declared draws (预计收入总额 = income + draws), then spending lines. Accounts with income
or spending but no budget are listed as 未列预算. Nested budget lines are indented under
their budgeted ancestor and counted once in the totals. Lines below the first level (项)
stand under a subtotal of their first-level account (款: 501 职工活动支出, 403 上级补助
收入…) unless the 款 is itself a budget line. The bottom block: 本年结余 (收入合计 −
支出合计), 上年结余 (工会资金结转 and 结余 at the start of the year) and 期末滚存结余.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from ghfund import budgets, chart
from ghfund.book import Book
from ghfund.budgets import BudgetLine, LineKind
from ghfund.findings import Findings, listing
from ghfund.ledger import Loaded
from ghfund.money import ZERO, cents, fmt
from ghfund.plugins.all import TOPICS
from ghfund.reports import base, findings_report, frames, statements
from ghfund.reports.balances import sums_of, year_end
from ghfund.reports.balances import total as total_of
from ghfund.reports.model import LEVEL, MARK, Column, Report, Table

COLUMNS = (
    Column("item", "项目", "text"),
    Column("code", "科目编码", "text"),
    Column("original", "年初预算"),
    Column("adjusted", "调整后预算"),
    Column("actual", "实际"),
    Column("difference", "差额"),
    Column("rate", "完成率/执行率", "rate"),
    Column("share", "占比", "rate"),
    Column("status", "说明", "text"),
)

OVERRUN, UNBUDGETED, ADJUSTED = "超支", "未列预算", "已调整"
SECTIONS: tuple[tuple[LineKind, str], ...] = (
    ("income", "收入"),
    ("draw", "动用结余"),
    ("expense", "支出"),
)


@dataclass(frozen=True)
class Row:
    item: str
    code: str
    original: Decimal | None
    adjusted: Decimal | None
    actual: Decimal
    status: str = ""
    level: int = 1
    account: str = ""
    share: Decimal | None = None
    overrun: bool = False  # spending above the effective budget: shown red
    rated: bool = True  # False for the bottom block: a balance has no execution rate

    @property
    def difference(self) -> Decimal | None:
        if self.adjusted is None or not self.rated:
            return None
        return self.actual - self.adjusted

    @property
    def rate(self) -> Decimal | None:
        return rate(self.actual, self.adjusted) if self.rated else None


@dataclass(frozen=True)
class Actuals:
    """A year's actual amounts by account (income positive), without #closing entries."""

    by_account: dict[str, Decimal]
    earmarked: tuple[Decimal, Decimal]  # (income, spending) of earmarked funds (321)
    ordinary: tuple[Decimal, Decimal]  # (income, spending) of everything else (322)

    def under(self, account: str) -> Decimal:
        return sum(
            (a for name, a in self.by_account.items() if budgets.covers(account, name)), ZERO
        )


def actuals(book: Book, year: int) -> Actuals:
    """The year's income and spending per account, and in total by earmarked or not."""
    return book.derived(_actuals, year)


def _actuals(book: Book, year: int) -> Actuals:
    frame = frames.in_years(book, year, year)
    rows = frame[~frame["closing"] & frame["root"].isin(["Income", "Expenses"])]
    by_account: dict[str, Decimal] = {}
    flows = {True: [ZERO, ZERO], False: [ZERO, ZERO]}
    # string columns as lists: iterating pandas' string arrays goes element by element
    for account, root, fund, amount in zip(
        rows["account"].tolist(),
        rows["root"].tolist(),
        rows["fund"].tolist(),
        rows["amount"],
        strict=True,
    ):
        value = -amount if root == "Income" else amount
        by_account[account] = by_account.get(account, ZERO) + value
        flows[bool(fund)][0 if root == "Income" else 1] += value
    earmarked, ordinary = flows[True], flows[False]
    return Actuals(by_account, (earmarked[0], earmarked[1]), (ordinary[0], ordinary[1]))


def rate(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """part ÷ whole as a percentage with two decimals, half up; None without a base."""
    if part is None or not whole:
        return None
    return cents(part * 100 / whole)


def rows(book: Book, year: int) -> list[Row]:
    """The table's rows: per section a total row (level 0), then its lines; then the
    bottom block (本年结余, 上年结余, 期末滚存结余)."""
    year_lines = budgets.of_book(book).get(year, [])
    actual = actuals(book, year)
    result: list[Row] = []
    for kind, title in SECTIONS:
        result += _section(kind, title, [line for line in year_lines if line.kind == kind], actual)
        if kind == "draw":
            income, draw = (row for row in result if row.level == 0)
            result.append(_sum("预计收入总额", [income, draw]))
    totals = {row.item: row for row in result if row.level == 0}
    return result + _bottom(book, year, totals["收入合计"], totals["支出合计"])


def _bottom(book: Book, year: int, income: Row, spending: Row) -> list[Row]:
    """本年结余 = 收入合计 − 支出合计 (budgeted and actual); 上年结余 = 321 + 322 at the
    start of the year; 期末滚存结余 = 上年结余 + 本年结余."""

    def less(a: Decimal | None, b: Decimal | None) -> Decimal | None:
        return None if a is None or b is None else a - b

    def plus(a: Decimal, b: Decimal | None) -> Decimal | None:
        return None if b is None else a + b

    start = total_of(statements.year_flows(sums_of(book), year).start)
    result = Row(
        "本年结余",
        "",
        less(income.original, spending.original),
        less(income.adjusted, spending.adjusted),
        income.actual - spending.actual,
        level=0,
        rated=False,
    )
    return [
        result,
        Row("上年结余", "", start, start, start, level=0, rated=False),
        Row(
            "期末滚存结余",
            "",
            plus(start, result.original),
            plus(start, result.adjusted),
            start + result.actual,
            level=0,
            rated=False,
        ),
    ]


def build(book: Book, year: int) -> Table:
    table_rows = rows(book, year)
    frame = pd.DataFrame(
        [
            {
                "item": r.item,
                "code": r.code,
                "original": r.original,
                "adjusted": r.adjusted,
                "actual": r.actual,
                "difference": r.difference,
                "rate": r.rate,
                "share": r.share,
                "status": r.status,
                LEVEL: r.level,
                MARK: r.overrun,
            }
            for r in table_rows
        ],
        columns=[c.key for c in COLUMNS] + [LEVEL, MARK],
    )
    has_budgets = bool(budgets.of_book(book).get(year))
    notes = [] if has_budgets else [f'{year} 年度没有 "yearly" 预算指令。']
    notes += _reconciliation(table_rows, actuals(book, year))
    return Table(
        "budget_execution",
        "预算执行情况表",
        COLUMNS,
        frame,
        period=f"{year}年度",
        notes=tuple(notes),
    )


def _reconciliation(table_rows: list[Row], actual: Actuals) -> list[str]:
    """预计收入总额 − 支出合计 of the actual column, explained by what each fund kept."""
    totals = {row.item: row.actual for row in table_rows if row.level == 0}
    planned, spent = totals.get("预计收入总额", ZERO), totals.get("支出合计", ZERO)
    if planned == spent:
        return []
    kept = [
        f"{name}（{code}）{fmt(income - spending)}"
        for code, name, (income, spending) in (
            ("321", "专项资金转入工会资金结转", actual.earmarked),
            ("322", "其他资金转入工会资金结余", actual.ordinary),
        )
        if income > spending
    ]
    return [
        f"实际数：预计收入总额 {fmt(planned)} − 支出合计 {fmt(spent)} = {fmt(planned - spent)}，"
        f"为本年收支结余：{'，'.join(kept)}，留待以后年度使用。"
    ]


def year_findings(loaded: Loaded, year: int) -> Findings:
    """The budget rules' findings about ``year``, open and acknowledged."""
    return loaded.findings.only(TOPICS["budget"]).in_year(year)


def report(loaded: Loaded, year: int) -> Report:
    """``ghfund budget``: the execution table and the year's budget findings; the open ones
    are the report's problems."""
    base.require_year(loaded, year, "编制预算执行情况表")
    year_found = year_findings(loaded, year)
    found = findings_report.table(
        listing(year_found),
        "budget_findings",
        "预算检查发现",
        "本年度没有预算方面的发现。",
    )
    opened = len(year_found.open)
    return base.make(
        loaded,
        "budget",
        f"{year}年度预算执行情况",
        f"{year}年度",
        year_end(year),
        (build(loaded.book, year), found),
        problems=[f"{year} 年度有 {opened} 项未处理的预算发现"] if opened else [],
    )


DRAWS = (("321", "工会资金结转"), ("322", "工会资金结余"))


def used(code: str, actual: Actuals) -> Decimal:
    """What the year's spending took from 321 (earmarked) or 322 (the rest) beyond its income."""
    income, spending = actual.earmarked if code == "321" else actual.ordinary
    return max(ZERO, spending - income)


def _undeclared_draws(lines: list[BudgetLine], actual: Actuals) -> list[Row]:
    """Balances used without a declared draw (a 321 carry-over spent, a 322 draw nobody
    budgeted): shown as 未列预算 so that 预计收入总额 and 支出合计 reconcile."""
    return [
        Row(name, code, None, None, used(code, actual), UNBUDGETED, 1, f"Equity:{code}-{name}")
        for code, name in DRAWS
        if used(code, actual) and not any(line.code.startswith(code) for line in lines)
    ]


def _section(kind: LineKind, title: str, lines: list[BudgetLine], actual: Actuals) -> list[Row]:
    detail = [_line_row(line, lines, actual) for line in lines]
    if kind == "draw":
        detail += _undeclared_draws(lines, actual)
    if kind != "draw":
        root = "Income:" if kind == "income" else "Expenses:"
        detail += [
            _unbudgeted(account, amount)
            for account, amount in actual.by_account.items()
            if account.startswith(root) and amount and budgets.covering(lines, account) is None
        ]
        detail.sort(key=lambda row: row.account)
        detail = _by_heading(detail)
    total = _sum(f"{title}合计", [row for row in detail if row.level == 1])
    # the budget as first approved: a line nested under one added mid-year still counts
    total = dataclasses.replace(total, original=budgets.totals(lines)[kind][0])
    if kind != "draw":
        detail = [dataclasses.replace(row, share=rate(row.actual, total.actual)) for row in detail]
        total = dataclasses.replace(total, share=Decimal(100) if total.actual else None)
    return [total, *detail]


def _by_heading(detail: list[Row]) -> list[Row]:
    """Lines (项) below a first-level account stand under a subtotal of it (款), their own
    levels one deeper; a 款 that is itself a line keeps its place."""
    result: list[Row] = []
    tops: dict[str, list[Row]] = {}
    for row in detail:
        coded = chart.try_parse(row.account)
        tops.setdefault(coded.top if coded else row.account, []).append(row)
    for top, group in tops.items():
        heading = chart.CHART.get(top)
        if heading is None or any(row.account == _top_account(row.account) for row in group):
            result += group  # off the chart, or the 款 is a line of its own
            continue
        members = [row for row in group if row.level == 1]
        subtotal = _sum(heading.name, members)
        result.append(
            dataclasses.replace(
                subtotal,
                code=top,
                level=1,
                account=_top_account(group[0].account),
                original=_maybe(row.original for row in members),
                adjusted=_maybe(row.adjusted for row in members),
            )
        )
        result += [dataclasses.replace(row, level=row.level + 1) for row in group]
    return result


def _top_account(account: str) -> str:
    return ":".join(account.split(":")[:2])


def _maybe(values: Iterable[Decimal | None]) -> Decimal | None:
    """The sum of the values given, None when none is."""
    given = [value for value in values if value is not None]
    return sum(given, ZERO) if given else None


def _line_row(line: BudgetLine, lines: list[BudgetLine], actual: Actuals) -> Row:
    if line.kind == "draw":
        amount = used("321" if line.code.startswith("321") else "322", actual)
    else:
        amount = actual.under(line.account)
    marks = [ADJUSTED] if line.adjusted else []
    if line.kind == "expense" and amount > line.effective:
        marks.append(OVERRUN)
    depth = sum(1 for other in lines if other is not line and other.covers(line.account))
    return Row(
        leaf_name(line.account),
        line.code,
        line.original,
        line.effective,
        amount,
        "；".join(marks),
        depth + 1,
        line.account,
        overrun=OVERRUN in marks,
    )


def _unbudgeted(account: str, amount: Decimal) -> Row:
    coded = chart.try_parse(account)
    return Row(
        leaf_name(account), coded.code if coded else "", None, None, amount, UNBUDGETED, 1, account
    )


def _sum(item: str, parts: list[Row]) -> Row:
    def total(values: list[Decimal | None]) -> Decimal:
        return sum((v for v in values if v is not None), ZERO)

    return Row(
        item,
        "",
        total([p.original for p in parts]),
        total([p.adjusted for p in parts]),
        total([p.actual for p in parts]),
        level=0,
    )


def leaf_name(account: str) -> str:
    """The union's own name of an account's last component: "会员活动支出"."""
    leaf = account.rsplit(":", 1)[-1]
    return leaf.split("-", 1)[1] if "-" in leaf else leaf
