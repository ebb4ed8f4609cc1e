"""The budget plan of a year, prepared from the book: what ``ghfund budget --draft`` prints
(``reports.budget_draft``) and Fava's 预算编制 grid edits.

The draft for year Y reads the book through Y−1 and proposes, in whole yuan:

- income: 拨缴经费 (402) = the latest twelve payroll months × 2% × ``retained-share``;
  会费 (401) = their dues base × 0.5%; fewer months are scaled to a year; without payroll
  data, and for every other income line (上级补助 403 marked for review), last year's actual;
- spending by 款 and 项 as last year's execution;
- balanced (量入为出、收支平衡): spending above income draws on 上年结转 (321) and then on
  动用以前年度结余 (322), each at most its balance at the end of Y−1; what they cannot cover
  is taken off every spending line in proportion, and income above spending is spread over
  the spending lines in proportion, so that 支出合计 = 收入合计 + declared draws exactly.

``standing`` is a year's budget as the book already has it, in the same shape.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from ghfund import budgets, chart, closing
from ghfund.book import Book
from ghfund.budgets import BudgetLine, LineKind
from ghfund.money import ZERO, fmt
from ghfund.reports import statements
from ghfund.reports.balances import sums_of, total
from ghfund.reports.budget_execution import DRAWS, Actuals, actuals, leaf_name, used

ALLOCATION, DUES = Decimal("0.02"), Decimal("0.005")
YUAN = Decimal("1")
REVIEW = "待与上级工会核实"


@dataclass(frozen=True)
class DraftLine:
    """One line of the draft: an account the budget directive will name."""

    account: str
    kind: LineKind
    prior_budget: Decimal | None
    prior_actual: Decimal
    budget: Decimal
    basis: str

    @property
    def code(self) -> str:
        return chart.parse(self.account).code

    @property
    def name(self) -> str:
        return leaf_name(self.account)


@dataclass(frozen=True)
class Draft:
    year: int
    lines: tuple[DraftLine, ...]  # income, draws, spending; account order within each
    opening: Decimal  # 321 + 322 at the end of Y−1 (上年结余 of the bottom block)
    prior_opening: Decimal  # 321 + 322 at the end of Y−2
    prior_net: Decimal  # Y−1's income − spending
    prior_totals: dict[LineKind, tuple[Decimal | None, Decimal]]  # (budget, actual) by kind
    prior_tops: dict[str, Decimal | None]  # last year's budget of each 款 the lines fall under

    def total(self, kind: LineKind) -> Decimal:
        return sum((line.budget for line in self.lines if line.kind == kind), ZERO)

    def of(self, kind: LineKind) -> list[DraftLine]:
        return [line for line in self.lines if line.kind == kind]


def standing(book: Book, year: int) -> Draft:
    """The budget of ``year`` as it stands in the book (every line at its effective amount,
    last year's figures beside it), or the draft when the book has none: what Fava's
    预算编制 grid starts from."""
    year_lines = budgets.of_book(book).get(year)
    found = draft(book, year)
    if not year_lines:
        return found
    prior_lines = budgets.of_book(book).get(year - 1, [])
    actual = actuals(book, year - 1)
    lines = tuple(
        DraftLine(
            line.account,
            line.kind,
            _prior_budget(line.account, prior_lines),
            _drawn(line.code, actual) if line.kind == "draw" else actual.under(line.account),
            line.effective,
            f"{line.directives[-1].date} {line.directives[-1].approved or '未写明批准'}"
            + ("（调整后）" if line.adjusted else ""),
        )
        for kind in ("income", "draw", "expense")
        for line in year_lines
        if line.kind == kind
    )
    budgeted = {top: _prior_budget(top, prior_lines) for top in tops(lines)}
    return dataclasses.replace(found, lines=lines, prior_tops=budgeted)


def _drawn(code: str, actual: Actuals) -> Decimal:
    return used("321" if code.startswith("321") else "322", actual)


def yuan(value: Decimal, rounding: str = ROUND_HALF_UP) -> Decimal:
    """``value`` in whole yuan (half up unless said), written with cents: 1234.00."""
    return value.quantize(YUAN, rounding=rounding).quantize(Decimal("0.01"))


def draft(book: Book, year: int) -> Draft:
    """The draft of ``year``'s budget from the book's year ``year − 1``."""
    return book.derived(_draft, year)


def _draft(book: Book, year: int) -> Draft:
    prior = year - 1
    actual = actuals(book, prior)
    prior_lines = budgets.of_book(book).get(prior, [])
    income = [
        _income(book, year, account, prior_lines, actual)
        for account in _keys("Income:", 2, prior_lines, actual)
    ]
    spending = [
        _line(account, "expense", prior_lines, actual.under(account), "按上年执行数")
        for account in _keys("Expenses:", 3, prior_lines, actual)
    ]
    # the draws as budget-deficit checks them: 321 and 322 at the end of last year
    end = closing.fund_balances_at(book, [datetime.date(prior, 12, 31)])
    draws, spending = _balance(
        book, income, spending, end[datetime.date(prior, 12, 31)], prior_lines, actual
    )
    totals = budgets.totals(prior_lines)
    # the bottom block as the 预算执行情况表's: 工会资金结转 + 结余 at both ends of last year
    flows = statements.year_flows(sums_of(book), prior)
    return Draft(
        year,
        (*income, *draws, *spending),
        total(flows.end),
        total(flows.start),
        actual.ordinary[0] - actual.ordinary[1] + actual.earmarked[0] - actual.earmarked[1],
        {
            kind: (totals[kind][1] if prior_lines else None, _prior_actual(kind, actual))
            for kind in ("income", "draw", "expense")
        },
        {top: _prior_budget(top, prior_lines) for top in tops((*income, *spending))},
    )


def _prior_actual(kind: LineKind, actual: Actuals) -> Decimal:
    if kind == "draw":
        return sum((used(code, actual) for code, _ in DRAWS), ZERO)
    root = "Income:" if kind == "income" else "Expenses:"
    return sum((a for name, a in actual.by_account.items() if name.startswith(root)), ZERO)


def _keys(root: str, depth: int, prior_lines: list[BudgetLine], actual: Actuals) -> list[str]:
    """The accounts the draft budgets under ``root``: last year's budgeted and used accounts,
    cut to ``depth`` components (款 for income, 项 for spending), without their ancestors —
    except an ancestor posted to itself, which is drafted whole instead of its lines."""
    found = {
        ":".join(account.split(":")[:depth])
        for account in (
            *(line.account for line in prior_lines),
            *(name for name, amount in actual.by_account.items() if amount),
        )
        if account.startswith(root)
    }
    parents = {a for a in found if any(o.startswith(a + ":") for o in found)}
    posted = {a for a in parents if actual.by_account.get(a)}
    return sorted(
        a
        for a in found
        if (a not in parents or a in posted) and not any(a.startswith(p + ":") for p in posted)
    )


def _prior_budget(account: str, prior_lines: list[BudgetLine]) -> Decimal | None:
    """Last year's effective budget of ``account`` and its descendants (None without any)."""
    inside = [line for line in prior_lines if budgets.covers(account, line.account)]
    if not inside:
        return None
    return sum((line.effective for line in budgets.outermost(inside)), ZERO)


def _line(
    account: str, kind: LineKind, prior_lines: list[BudgetLine], prior: Decimal, basis: str
) -> DraftLine:
    return DraftLine(
        account, kind, _prior_budget(account, prior_lines), prior, yuan(max(prior, ZERO)), basis
    )


def _income(
    book: Book, year: int, account: str, prior_lines: list[BudgetLine], actual: Actuals
) -> DraftLine:
    line = _line(account, "income", prior_lines, actual.under(account), "按上年执行数")
    top = chart.parse(account).top
    if top == "403":
        return dataclasses.replace(line, basis=f"按上年执行数，{REVIEW}")
    if top not in ("401", "402"):
        return line
    payrolls = sorted(
        (p for p in book.directives.payrolls if p.month.year < year), key=lambda p: p.month
    )[-12:]
    months = payrolls
    if top == "402":
        share = book.settings.retained_share(datetime.date(year, 1, 1))
        total = sum((p.total for p in months), ZERO)
        rate, what = (
            ALLOCATION * share,
            f"工资总额 {fmt(total)} × 2% × 留成 {(share * 100).normalize():f}%",
        )
    else:
        months = [p for p in months if p.dues_base is not None]
        total = sum((p.dues_base or ZERO for p in months), ZERO)
        rate, what = DUES, f"会费基数 {fmt(total)} × 0.5%"
    if not months:
        what = (
            "工资数据没有会费基数（dues-base）" if top == "401" and payrolls else "账本没有工资数据"
        )
        return dataclasses.replace(line, basis=f"{what}，按上年执行数")
    first, last = months[0].month, months[-1].month
    span = f"{first.year}年{first.month}月至{last.year}年{last.month}月"
    if len(months) == 12:
        return dataclasses.replace(line, budget=yuan(total * rate), basis=f"{span}{what}")
    return dataclasses.replace(
        line,
        budget=yuan(total * rate * 12 / len(months)),
        basis=f"{span}（{len(months)} 个月）{what}，折合全年",
    )


def _balance(
    book: Book,
    income: list[DraftLine],
    spending: list[DraftLine],
    end: closing.FundBalances,
    prior_lines: list[BudgetLine],
    actual: Actuals,
) -> tuple[list[DraftLine], list[DraftLine]]:
    """The declared draws and the spending lines, so that 支出合计 = 收入合计 + draws."""
    planned = sum((line.budget for line in income), ZERO)
    spent = sum((line.budget for line in spending), ZERO)
    gap = spent - planned
    draws: list[DraftLine] = []
    for (code, name), available in zip(DRAWS, (end.carried, end.retained), strict=True):
        take = min(max(gap, ZERO), yuan(max(available, ZERO), ROUND_DOWN))
        gap -= take
        account = _account_of(book, code, name)
        if take or _prior_budget(account, prior_lines) is not None:
            draws.append(
                DraftLine(
                    account,
                    "draw",
                    _prior_budget(account, prior_lines),
                    used(code, actual),
                    take,
                    f"上年末余额 {fmt(available)}，{f'动用 {fmt(take)}' if take else '不动用'}",
                )
            )
    if gap:
        spending = _spread(spending, spent - gap)
    return draws, spending


def _spread(lines: list[DraftLine], target: Decimal) -> list[DraftLine]:
    """The spending lines scaled in proportion to ``target`` in whole yuan, the rounding
    remainder on the largest line; unchanged when there is nothing to scale."""
    total = sum((line.budget for line in lines), ZERO)
    if not total or target < 0:
        return lines
    scaled = [yuan(line.budget * target / total) for line in lines]
    largest = max(range(len(lines)), key=lambda i: lines[i].budget)
    scaled[largest] += target - sum(scaled, ZERO)
    verb = "调增" if target > total else "调减"
    reason = "按收入安排" if target > total else "量入为出，按可用资金"
    return [
        dataclasses.replace(
            line, budget=new, basis=f"{line.basis}，{reason}{verb} {fmt(abs(new - line.budget))}"
        )
        if new != line.budget
        else line
        for line, new in zip(lines, scaled, strict=True)
    ]


def _account_of(book: Book, code: str, name: str) -> str:
    """The book's own account with ``code`` (a first-level one), else the chart's name."""
    for account in book.opens:
        coded = chart.try_parse(account)
        if coded and coded.code == code:
            return account
    return f"Equity:{code}-{name}"


def tops(lines: Iterable[DraftLine]) -> list[str]:
    """The first-level accounts (款) of ``lines``, in order."""
    return list(dict.fromkeys(":".join(line.account.split(":")[:2]) for line in lines))
