"""An edited budget table back into the book: ``ghfund import budget`` and Fava's 预算编制.

Pure: ``read`` turns the table (the xlsx or csv ``ghfund budget --draft`` writes, edited;
any sheet with 科目编码 and 本年预算数 columns) into rows, and ``plan`` turns rows into the
``custom "budget"`` directives to append, or refuses with every problem in Chinese
(``BudgetProblem``). Rows without a code (totals, the bottom block) and rows whose code
another row extends (a 款 subtotal over its 项) are read past. A line whose budget in force
is already the row's amount is left alone, so a second import of the same table writes
nothing. A year that has a budget changes only as an adjustment (年中调整), and a year
without one only by an original budget. The budget the year would then have is checked
with ``budget-deficit``'s own test: an unbalanced budget is refused with its figures.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from beancount.core import data

from ghfund import budgets, chart, writing
from ghfund.book import Book
from ghfund.budgets import BudgetLine
from ghfund.directives import Budget
from ghfund.importers import sheets
from ghfund.money import fmt
from ghfund.plugins.budget_rules import year_imbalances
from ghfund.problems import UserProblem

COLUMNS = {
    "code": ("科目编码", "编码", "科目代码"),
    "name": ("科目名称", "项目", "科目"),
    "budget": ("本年预算数", "本年预算", "预算数", "预算金额"),
}


class BudgetProblem(UserProblem):
    """A table or a budget that cannot be imported; the text is the whole Chinese message."""


@dataclass(frozen=True)
class BudgetRow:
    row: int  # as the spreadsheet numbers it
    code: str
    name: str
    amount: Decimal


@dataclass(frozen=True)
class Approval:
    approved: str  # the committee's decision (approved:)
    reviewed: str | None  # the audit committee's review (reviewed:)
    adjustment: bool  # 年中调整
    date: datetime.date


@dataclass(frozen=True)
class Plan:
    year: int
    written: tuple[Budget, ...]  # the new directives, in table order
    unchanged: int  # rows whose budget in force is already the row's amount

    def text(self, currency: str) -> str:
        return "\n".join(directive_text(budget, currency) for budget in self.written)


def read(name: str, data_: bytes) -> list[BudgetRow]:
    """The table's budget rows; a ``BudgetProblem`` naming every bad cell (nothing is read)."""
    try:
        rows = sheets.read_rows(name, data_)
    except sheets.SheetProblem as problem:
        raise BudgetProblem(str(problem)) from None
    found = sheets.find_header(rows, COLUMNS, ("code", "budget"))
    if found is None:
        raise BudgetProblem(
            f"{name} 中找不到表头：须有“科目编码”和“本年预算数”两列"
            "（ghfund budget --year 年度 --draft -o 预算.xlsx 生成的表就是这样）"
        )
    index, columns = found
    result: list[BudgetRow] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for number, cells in rows[index + 1 :]:
        code = sheets.text(sheets.at(cells, columns["code"]))
        if not code:
            continue  # a total, the bottom block, a blank row
        where = f"第 {number} 行"
        cell = sheets.at(cells, columns["budget"])
        if not code.isdigit() and sheets.blank(cell):
            continue  # a note under the table (the approval sentence, the signatures)
        if not code.isdigit():
            problems.append(f"{where}：科目编码“{code}”应为数字，如 50102")
            continue
        if code in seen:
            problems.append(
                f"{where}：科目编码 {code} 在第 {seen[code]} 行已经出现；每个科目只列一行"
            )
            continue
        seen[code] = number
        try:
            amount = sheets.amount(cell)
        except sheets.CellProblem as problem:
            problems.append(f"{where}“本年预算数”（{_cell(columns['budget'], number)}）：{problem}")
            continue
        if amount < 0:
            problems.append(
                f"{where}“本年预算数”（{_cell(columns['budget'], number)}）为负数 {fmt(amount)}"
            )
            continue
        name_cell = sheets.text(sheets.at(cells, columns.get("name")))
        result.append(BudgetRow(number, code, name_cell, amount))
    if problems:
        raise BudgetProblem(sheets.refusal(name, problems, "未导入任何预算"))
    codes = {row.code for row in result}
    return [r for r in result if not any(c != r.code and c.startswith(r.code) for c in codes)]


def _cell(position: int, row: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(position + 1)}{row}"


def plan(
    book: Book, year: int, rows: Sequence[BudgetRow], approval: Approval, source: str = "预算表"
) -> Plan:
    """The directives that make ``rows`` the budget of ``year``, or a ``BudgetProblem``
    (``source`` names where the rows come from: the file, or Fava's page)."""
    if approval.date.year != year:
        raise BudgetProblem(
            f"预算指令的日期 {approval.date} 不在 {year} 年度：预算年度就是指令日期的年份；"
            f"请用 --date 给出 {year} 年内的批准日期"
        )
    accounts = _accounts(book)
    existing = {line.account: line for line in budgets.of_book(book).get(year, [])}
    problems: list[str] = []
    written: list[Budget] = []
    unchanged = 0
    for row in rows:
        account = accounts.get(row.code) or _chart_account(row.code)
        if account is None:
            problems.append(
                f"第 {row.row} 行：科目编码 {row.code} 账本中没有，也不是《工会会计制度》的科目；"
                "请改为账本中的收入、支出科目编码，或先开设该科目"
            )
            continue
        coded = chart.parse(account)
        if coded.kind not in (chart.Kind.INCOME, chart.Kind.EXPENSE) and coded.top not in (
            "321",
            "322",
        ):
            problems.append(
                f"第 {row.row} 行：{row.code} {account} 不能编列预算；预算科目应为收入、支出科目，"
                "或表示动用结转结余的 321、322"
            )
            continue
        line = existing.get(account)
        if line is not None and line.effective == row.amount:
            unchanged += 1
            continue
        if line is None and not row.amount:
            continue  # nothing budgeted, nothing to write
        written.append(_budget(account, row.amount, approval, book.currency))
    if problems:
        raise BudgetProblem(sheets.refusal(source, problems, "未导入任何预算"))
    _check_kind(year, existing, written, approval)
    if written:
        lines = _after(year, existing, written)
        imbalances = year_imbalances(book, year, lines)
        if imbalances:
            raise BudgetProblem(
                "导入后预算不平衡，未导入任何预算：\n  "
                + "\n  ".join(imbalances)
                + "\n请在表中调整收入、支出或动用结余的数，使支出合计 = 收入合计 + 动用结余，再导入"
            )
    return Plan(year, tuple(written), unchanged)


def _check_kind(
    year: int, existing: dict[str, BudgetLine], written: list[Budget], approval: Approval
) -> None:
    """An original budget for a year without one; an adjustment, dated after it, otherwise."""
    if not written:
        return
    if existing and not approval.adjustment:
        raise BudgetProblem(
            f"账本已有 {year} 年度预算（{len(existing)} 条），这次导入会改动其中的数；"
            "年中调整请加 --adjustment 并写明批准调整的会议（--approved）"
        )
    if not existing and approval.adjustment:
        raise BudgetProblem(
            f"账本还没有 {year} 年度预算，无从调整；先不加 --adjustment 导入年初预算"
        )
    latest = max((d.date for line in existing.values() for d in line.directives), default=None)
    if latest is not None and approval.date < latest:
        raise BudgetProblem(
            f"调整日期 {approval.date} 早于账本中 {year} 年度最近一条预算的日期 {latest}；"
            "请用 --date 给出批准这次调整的日期"
        )


def _after(year: int, existing: dict[str, BudgetLine], written: list[Budget]) -> list[BudgetLine]:
    """The year's budget lines once ``written`` is in the book."""
    lines = dict(existing)
    for budget in written:
        before = lines.get(budget.account)
        directives = (*before.directives, budget) if before else (budget,)
        lines[budget.account] = BudgetLine(budget.account, year, directives)
    return [lines[account] for account in sorted(lines)]


def _budget(account: str, amount: Decimal, approval: Approval, currency: str) -> Budget:
    # the entry is what a rule's message would point at: the values are never read again
    meta: dict[str, Any] = {"filename": "<ghfund import budget>", "lineno": 0}
    entry = data.Custom(meta, approval.date, "budget", [])
    return Budget(entry, account, amount, approval.approved, approval.adjustment, approval.reviewed)


def directive_text(budget: Budget, currency: str) -> str:
    """The directive as the book writes it."""
    lines = [
        f'{budget.date} custom "budget" {budget.account} "yearly" {budget.amount:.2f} {currency}',
        f"  approved: {writing.quoted(budget.approved or '')}",
    ]
    if budget.reviewed:
        lines.append(f"  reviewed: {writing.quoted(budget.reviewed)}")
    if budget.adjustment:
        lines.append("  adjustment: TRUE")
    return "\n".join(lines)


def _accounts(book: Book) -> dict[str, str]:
    """Each code of the book's accounts and of their ancestors: the book's own name."""
    found: dict[str, str] = {}
    for account in sorted(book.opens):
        parts = account.split(":")
        for depth in range(2, len(parts) + 1):
            prefix = ":".join(parts[:depth])
            coded = chart.try_parse(prefix)
            if coded is not None:
                found.setdefault(coded.code, prefix)
    return found


def _chart_account(code: str) -> str | None:
    try:
        return chart.account_name(code)
    except KeyError:
        return None
