"""工会经费收支预算表: ``ghfund budget --year Y --draft``, the draft of Y's budget as a report.

Columns 科目编码, 科目名称, 上年预算数, 上年执行数, 本年预算数, 说明 (the plan of
``reports.budget_plan``); income, the declared draws, 预计收入总额, spending by 款 and 项,
then the bottom block 本年结余, 上年结余 and 期末滚存结余; under it the approval sentence and
the signature lines (工会主席, 财务负责人, 制表, 经费审查委员会主任). Edited, the table comes
back through ``ghfund import budget``.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pandas as pd

from ghfund import budgets, chart
from ghfund.book import Book
from ghfund.budgets import LineKind
from ghfund.ledger import Loaded
from ghfund.money import ZERO, fmt
from ghfund.reports import base
from ghfund.reports.budget_execution import leaf_name
from ghfund.reports.budget_plan import REVIEW, Draft, DraftLine, draft, tops
from ghfund.reports.model import LEVEL, Column, NoData, Report, Signer, Table
from ghfund.reports.signatures import signer_name

COLUMNS = (
    Column("code", "科目编码", "text"),
    Column("name", "科目名称", "text"),
    Column("prior_budget", "上年预算数"),
    Column("prior_actual", "上年执行数"),
    Column("budget", "本年预算数"),
    Column("basis", "说明", "text"),
)

SIGNERS: tuple[Signer, ...] = (
    Signer("legal-representative", "工会主席"),
    Signer("accounting-chief", "财务负责人"),
    Signer("preparer", "制表", sealed=False),
    Signer("audit-chair", "经费审查委员会主任"),
)
"""Who signs the budget table; a name as on the statements (the option, else the officer)."""
BLANK = "________"

APPROVAL = "本预算经____年__月__日工会委员会（会员代表大会）讨论通过、经费审查委员会审查。"


def table(book: Book, year: int) -> Table:
    """工会经费收支预算表 of the draft."""
    found = draft(book, year)
    rows = [*_section(found, "income", "收入合计")]
    rows += [_row(line, 1) for line in found.of("draw")]
    income_budget, income_actual = found.prior_totals["income"]
    draw_budget, draw_actual = found.prior_totals["draw"]
    rows.append(
        _total(
            "预计收入总额",
            _plus(income_budget, draw_budget),
            income_actual + draw_actual,
            found.total("income") + found.total("draw"),
        )
    )
    rows += _section(found, "expense", "支出合计")
    net = found.total("income") - found.total("expense")
    rows += [
        _total("本年结余", None, found.prior_net, net),
        _total("上年结余", None, found.prior_opening, found.opening),
        _total("期末滚存结余", None, found.opening, found.opening + net),
    ]
    frame = pd.DataFrame(rows, columns=[c.key for c in COLUMNS] + [LEVEL])
    return Table(
        "budget_draft",
        "工会经费收支预算表",
        COLUMNS,
        frame,
        period=f"{year}年度",
        notes=(APPROVAL, signature_line(book, year)),
    )


def signature_line(book: Book, year: int) -> str:
    """Who signs the budget table, as in force on 1 January of ``year``; an unset name is a
    blank line to sign on. (The statements' own signature block is not the budget's.)"""
    as_of = datetime.date(year, 1, 1)
    return "    ".join(
        f"{signer.title}：{signer_name(book, signer, as_of) or BLANK}" for signer in SIGNERS
    )


def _plus(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    return None if a is None and b is None else (a or ZERO) + (b or ZERO)


def _row(line: DraftLine, level: int) -> dict[str, object]:
    return {
        "code": line.code,
        "name": line.name,
        "prior_budget": line.prior_budget,
        "prior_actual": line.prior_actual,
        "budget": line.budget,
        "basis": line.basis,
        LEVEL: level,
    }


def _total(
    name: str, prior_budget: Decimal | None, prior_actual: Decimal, budget: Decimal
) -> dict[str, object]:
    return {
        "code": "",
        "name": name,
        "prior_budget": prior_budget,
        "prior_actual": prior_actual,
        "budget": budget,
        "basis": "",
        LEVEL: 0,
    }


def _section(found: Draft, kind: LineKind, title: str) -> list[dict[str, object]]:
    """A total, then per 款 a subtotal (when it has 项 lines) and its 项 lines."""
    lines = found.of(kind)
    prior_budget, prior_actual = found.prior_totals[kind]
    rows = [_total(title, prior_budget, prior_actual, found.total(kind))]
    for top in tops(lines):
        under = [line for line in lines if budgets.covers(top, line.account)]
        if under == [next(iter(under), None)] and under[0].account == top:
            rows.append(_row(under[0], 1))
            continue
        rows.append(
            {
                "code": chart.parse(top).code,
                "name": leaf_name(top),
                "prior_budget": found.prior_tops.get(top),
                "prior_actual": sum((line.prior_actual for line in under), ZERO),
                "budget": sum((line.budget for line in under), ZERO),
                "basis": "",
                LEVEL: 1,
            }
        )
        rows += [_row(line, 2) for line in under]
    return rows


def report(loaded: Loaded, year: int) -> Report:
    """``ghfund budget --year Y --draft``: the draft of Y's budget from the book through Y−1."""
    if year - 1 not in loaded.book.years:
        try:
            base.require_year(loaded, year - 1, f"编制 {year} 年度预算草案")
        except NoData as problem:
            raise NoData(f"{problem}（预算草案按上一年度的账编制）") from None
    book = loaded.book
    found = draft(book, year)
    warnings = []
    if found.total("expense") != found.total("income") + found.total("draw"):
        warnings.append(
            f"{year} 年度预算草案未能平衡：上年没有支出，收入 {fmt(found.total('income'))} 请在"
            "支出各项中安排"
        )
    if any(REVIEW in line.basis for line in found.lines):
        warnings.append(f"上级补助收入按上年执行数列示，{REVIEW}")
    return base.make(
        loaded,
        "budget-draft",
        f"{year}年度工会经费收支预算（草案）",
        f"{year}年度",
        datetime.date(year - 1, 12, 31),
        (table(book, year),),
        warnings=warnings,
    )
