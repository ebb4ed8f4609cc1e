"""量入为出: budgets are approved and balanced, and spending stays inside them.

Budget semantics are ``ghfund.budgets``' (yearly directives only, latest effective,
first original, parents cover descendants, exact Decimal). Books without yearly
budgets, and years without any, are left alone: the rules need data the book lacks.
Keys (what a ``ghfund-ack`` names): the year for ``budget-unapproved`` and
``budget-deficit``, the voucher for ``budget-unbudgeted`` and ``budget-overrun``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from beancount.core import data

from ghfund import budgets, closing
from ghfund.book import Book
from ghfund.budgets import BudgetLine
from ghfund.directives import Budget
from ghfund.errors import GhfundError, source_of, voucher_key
from ghfund.money import ZERO, fmt
from ghfund.rules import Rule

ADJUST_HINT = "（调整的 budget 指令写明 approved，并标明 adjustment: TRUE）"


class BudgetUnapprovedError(GhfundError):
    rule = "budget-unapproved"


class BudgetDeficitError(GhfundError):
    rule = "budget-deficit"


class BudgetUnbudgetedError(GhfundError):
    rule = "budget-unbudgeted"


class BudgetOverrunError(GhfundError):
    rule = "budget-overrun"


def check_budgets_approved(book: Book) -> Sequence[BudgetUnapprovedError]:
    """Each directive names its approval; a change is marked and cites an approval of its own."""
    errors = []
    for year, year_lines in budgets.of_book(book).items():
        for line in year_lines:
            previous: Budget | None = None
            for directive in line.directives:
                problems = _approval_problems(directive, previous)
                if problems:
                    before = previous.amount if previous else ZERO
                    what = (
                        f"{year} 年度预算 {line.account} 由 {fmt(before)} 调整为 {fmt(directive.amount)}"
                        if previous or directive.adjustment
                        else f"{year} 年度预算 {line.account} {fmt(directive.amount)}"
                    )
                    errors.append(
                        BudgetUnapprovedError(
                            source_of(directive.entry),
                            f"{what}：{'；'.join(problems)}",
                            directive.entry,
                            str(year),
                            directive.amount - before,
                        )
                    )
                previous = directive
    return errors


def _approval_problems(directive: Budget, previous: Budget | None) -> list[str]:
    problems = []
    if directive.approved is None:
        problems.append(
            '没有写明批准文件；预算须经工会委员会审议批准，请加元数据 approved: "工会委员会…会议"'
        )
    if previous is not None and not directive.adjustment:
        problems.append(
            f"这是对 {previous.date} 预算的改动，却没有标明 adjustment: TRUE；"
            "经批准的调整请加上，重复录入的请删除一条"
        )
    elif previous is not None and directive.approved and directive.approved == previous.approved:
        problems.append(
            f"调整引用的批准文件“{directive.approved}”与被调整的预算相同，调整本身没有批准记录；"
            "请写明批准这次调整的会议"
        )
    return problems


def check_budgets_balanced(book: Book) -> Sequence[BudgetDeficitError]:
    """Spending budget ≤ income budget + declared draws; a draw ≤ last year's closing balance.

    Checked for the budget as first approved (年初预算) and, when a line was adjusted, for
    the adjusted budget (调整后预算); a problem with the same numbers is reported once.
    """
    errors = []
    for year, year_lines in budgets.of_book(book).items():
        balances = _opening_balances(book, year)
        seen: set[tuple[str, Decimal, Decimal]] = set()
        for state, effective in (("年初预算", False), ("调整后预算", True)):
            if effective and not any(line.adjusted for line in year_lines):
                continue
            for found in _imbalances(year_lines, effective, balances):
                if (found.problem, found.amount, found.total) in seen:
                    continue
                seen.add((found.problem, found.amount, found.total))
                errors.append(
                    BudgetDeficitError(
                        source_of(found.entry),
                        f"{year} 年度{state}{found.message}",
                        found.entry,
                        str(year),
                        found.amount,
                    )
                )
    return errors


@dataclass(frozen=True)
class _Imbalance:
    problem: str  # "deficit", "draw-321", "draw-322"
    amount: Decimal  # the deficit, or the draw beyond the balance
    total: Decimal  # the total checked: the spending budget, or the draw
    message: str
    entry: data.Custom


def _opening_balances(book: Book, year: int) -> closing.FundBalances | None:
    """321/322 at the end of the previous year, or None when the book starts later."""
    year_end = datetime.date(year - 1, 12, 31)
    if not book.transactions or book.transactions[0].date > year_end:
        return None  # the balance available at the start of the year is unknown
    return closing.fund_balances(book, year_end)


def _imbalances(
    year_lines: list[BudgetLine], effective: bool, balances: closing.FundBalances | None
) -> Iterator[_Imbalance]:
    lines = [line for line in year_lines if effective or not line.directives[0].adjustment]
    if not lines:
        return

    def directive(line: BudgetLine) -> Budget:
        return line.directives[-1] if effective else line.directives[0]

    totals = {kind: pair[effective] for kind, pair in budgets.totals(lines).items()}
    gap = totals["expense"] - totals["income"] - totals["draw"]
    if gap > 0:
        latest = max((directive(line) for line in lines), key=lambda d: d.date)
        none = "（本年没有收入预算）" if not totals["income"] else ""
        yield _Imbalance(
            "deficit",
            gap,
            totals["expense"],
            f"：支出 {fmt(totals['expense'])} 大于收入 {fmt(totals['income'])}{none}"
            f" 加动用结余 {fmt(totals['draw'])}，赤字 {fmt(gap)}。量入为出：请调减支出预算，"
            "或经批准在预算中声明动用以前年度结余（Equity:321/322 的 budget 指令）",
            latest.entry,
        )
    if balances is None:
        return
    for code, name, available in (
        ("321", "工会资金结转", balances.carried),
        ("322", "工会资金结余", balances.retained),
    ):
        draws = [
            line
            for line in budgets.outermost(lines)
            if line.kind == "draw" and line.code.startswith(code)
        ]
        drawn = sum((directive(line).amount for line in draws), ZERO)
        if drawn > max(available, ZERO):
            yield _Imbalance(
                f"draw-{code}",
                drawn - available,
                drawn,
                f"：声明动用{name}（{code}）{fmt(drawn)}，超过上年末的余额 {fmt(available)}，"
                f"差 {fmt(drawn - available)}；请按上年末余额调减动用数和相应的支出预算",
                directive(draws[0]).entry,
            )


class _Covering:
    """The expense budget lines covering an account in a year (all of them), memoized."""

    def __init__(self, book: Book) -> None:
        self.by_year = budgets.of_book(book)
        self.expense = {
            year: [line for line in lines if line.kind == "expense"]
            for year, lines in self.by_year.items()
        }
        self.memo: dict[tuple[str, int], tuple[BudgetLine, ...]] = {}

    def __call__(self, account: str, year: int) -> tuple[BudgetLine, ...]:
        found = self.memo.get((account, year))
        if found is None:
            lines = [line for line in self.expense.get(year, ()) if line.covers(account)]
            found = self.memo[(account, year)] = tuple(lines)
        return found


def _spending(txn: data.Transaction) -> Iterator[tuple[str, Decimal]]:
    """(account, amount) of a transaction's Expenses postings; refunds are negative."""
    for posting in txn.postings:
        if posting.account.startswith("Expenses:") and posting.units is not None:
            number = posting.units.number
            if number is not None:
                yield posting.account, Decimal(number)


def check_spending_budgeted(book: Book) -> Sequence[BudgetUnbudgetedError]:
    """In a year with budgets, no spending on an account that no budget line covers."""
    covering = _Covering(book)
    errors = []
    for txn in book.transactions:
        year = txn.date.year
        if year not in covering.by_year or closing.is_closing(txn):
            continue
        outside: dict[str, Decimal] = {}
        for account, amount in _spending(txn):
            if not covering(account, year):
                outside[account] = outside.get(account, ZERO) + amount
        spent = {account: amount for account, amount in outside.items() if amount > 0}
        if spent:
            total = sum(spent.values(), ZERO)
            where = "、".join(f"{account} {fmt(amount)}" for account, amount in spent.items())
            errors.append(
                BudgetUnbudgetedError(
                    source_of(txn),
                    f"无预算支出：{year} 年度预算没有列支 {where}（该科目及其上级科目都没有预算）。"
                    f"请改记到已列预算的科目，或经工会委员会批准调整预算、列支该科目{ADJUST_HINT}",
                    txn,
                    voucher_key(txn),
                    total,
                )
            )
    return errors


def check_budgets_not_overrun(book: Book) -> Sequence[BudgetOverrunError]:
    """No expense budget line's running spending crosses its effective budget."""
    covering = _Covering(book)
    spent: dict[tuple[int, str], Decimal] = {}
    errors = []
    for txn in book.transactions:
        year = txn.date.year
        if not covering.expense.get(year) or closing.is_closing(txn):
            continue
        lines: dict[str, BudgetLine] = {}
        moved: dict[str, Decimal] = {}
        for account, amount in _spending(txn):
            for line in covering(account, year):
                lines[line.account] = line
                moved[line.account] = moved.get(line.account, ZERO) + amount
        for name in sorted(moved):  # outer lines first
            line = lines[name]
            before = spent.get((year, name), ZERO)
            after = spent[(year, name)] = before + moved[name]
            if before <= line.effective < after:
                errors.append(_overrun(txn, line, after))
    return errors


def _overrun(txn: data.Transaction, line: BudgetLine, spent: Decimal) -> BudgetOverrunError:
    excess = spent - line.effective
    budget = f"{'调整后' if line.adjusted else ''}预算 {fmt(line.effective)}"
    return BudgetOverrunError(
        source_of(txn),
        f"超预算支出：{line.account} {line.year} 年度{budget}，至本笔累计支出 {fmt(spent)}，"
        f"超支 {fmt(excess)}。超出预算的支出须先经工会委员会批准调整预算{ADJUST_HINT}；"
        "已发生的由经审会审查处理",
        txn,
        voucher_key(txn),
        excess,
    )


RULES: tuple[Rule, ...] = (
    Rule("budget-unapproved", "预算和预算调整都写明批准文件（approved）", check_budgets_approved),
    Rule(
        "budget-deficit",
        "量入为出：支出预算不超过收入预算加声明动用的结余，动用数不超过上年末余额",
        check_budgets_balanced,
    ),
    Rule("budget-unbudgeted", "有预算的年度，不在未列预算的科目上支出", check_spending_budgeted),
    Rule("budget-overrun", "各预算科目的累计支出不超过其调整后预算", check_budgets_not_overrun),
)
