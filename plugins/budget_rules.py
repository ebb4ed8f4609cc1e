"""量入为出: budgets are approved and balanced, and spending stays inside them.

Budget semantics are ``ghfund.budgets``' (yearly directives only, latest effective,
first original, parents cover descendants, exact Decimal). Books without yearly
budgets, and years without any, are left alone: the rules need data the book lacks.
Keys (what a ``ghfund-ack`` names): the year for ``budget-unapproved`` and
``budget-deficit``; the voucher for ``budget-unbudgeted``, ``budget-overrun`` and
``budget-retroactive``. ``budget-missing`` is ``ghfund.plugins.budget_years``'.
"""

from __future__ import annotations

import bisect
import datetime
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from beancount.core import data

from ghfund import budgets, closing
from ghfund import index as book_index
from ghfund.book import Book
from ghfund.budgets import BudgetLine
from ghfund.directives import Budget
from ghfund.errors import GhfundError, source_of, voucher_key
from ghfund.money import ZERO, fmt
from ghfund.rules import Rule, topic_plugin

ADJUST_HINT = "（调整的 budget 指令写明 approved，并标明 adjustment: TRUE）"


class BudgetUnapprovedError(GhfundError):
    rule = "budget-unapproved"


class BudgetDeficitError(GhfundError):
    rule = "budget-deficit"


class BudgetUnbudgetedError(GhfundError):
    rule = "budget-unbudgeted"


class BudgetOverrunError(GhfundError):
    rule = "budget-overrun"


class BudgetRetroactiveError(GhfundError):
    rule = "budget-retroactive"


def check_budgets_approved(book: Book) -> Sequence[BudgetUnapprovedError]:
    """Each directive names its approval; a change is marked and cites an approval of its own."""
    errors = []
    for year, year_lines in budgets.of_book(book).items():
        for line in year_lines:
            previous: Budget | None = None
            for directive in line.directives:
                problems = _approval_problems(directive, previous)
                if directive.reviewed is None and book.settings.at(
                    "budget-reviewed", directive.date
                ):
                    problems.append(
                        "没有写明经审会的审查；本账本要求预算经经费审查委员会审查"
                        '（budget-reviewed），请加元数据 reviewed: "经审会…会议"'
                    )
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
    by_year = budgets.of_book(book)
    balances = _opening_balances(book, by_year)
    return [
        BudgetDeficitError(
            source_of(found.entry),
            f"{year} 年度{state}{found.message}",
            found.entry,
            str(year),
            found.amount,
        )
        for year, year_lines in by_year.items()
        for state, found in _year_imbalances(year_lines, balances.get(year))
    ]


def year_imbalances(book: Book, year: int, year_lines: list[BudgetLine]) -> list[str]:
    """What ``budget-deficit`` would say of ``year_lines`` as the whole budget of ``year``
    (one line each, with the figures): a writer checks a budget before it enters the book."""
    balances = _opening_balances(book, {year: year_lines}).get(year)
    return [
        f"{year} 年度{state}{found.message}"
        for state, found in _year_imbalances(year_lines, balances)
    ]


def _year_imbalances(
    year_lines: list[BudgetLine], balances: closing.FundBalances | None
) -> Iterator[tuple[str, _Imbalance]]:
    """The year's imbalances as first approved and, when a line was adjusted, as adjusted;
    a problem with the same numbers once."""
    seen: set[tuple[str, Decimal, Decimal]] = set()
    for state, effective in (("年初预算", False), ("调整后预算", True)):
        if effective and not any(line.adjusted for line in year_lines):
            continue
        for found in _imbalances(year_lines, effective, balances):
            if (found.problem, found.amount, found.total) not in seen:
                seen.add((found.problem, found.amount, found.total))
                yield state, found


def _opening_balances(
    book: Book, by_year: dict[int, list[BudgetLine]]
) -> dict[int, closing.FundBalances]:
    """321/322 at the end of the year before each year that declares a draw.

    A year the book starts in is left out: the balance available at its start is unknown.
    """
    first = book.transactions[0].date if book.transactions else None
    years = [
        year
        for year, lines in by_year.items()
        if any(line.kind == "draw" for line in lines)
        and first is not None
        and first <= datetime.date(year - 1, 12, 31)
    ]
    ends = closing.fund_balances_at(book, (datetime.date(year - 1, 12, 31) for year in years))
    return {year: ends[datetime.date(year - 1, 12, 31)] for year in years}


@dataclass(frozen=True)
class _Imbalance:
    problem: str  # "deficit", "draw-321", "draw-322"
    amount: Decimal  # the deficit, or the draw beyond the balance
    total: Decimal  # the total checked: the spending budget, or the draw
    message: str
    entry: data.Custom


def _imbalances(
    year_lines: list[BudgetLine], effective: bool, balances: closing.FundBalances | None
) -> Iterator[_Imbalance]:
    lines = [line for line in year_lines if effective or not line.directives[0].adjustment]
    if not lines:
        return

    def directive(line: BudgetLine) -> Budget:
        return line.directives[-1] if effective else line.directives[0]

    totals = {
        kind: pair[1] if effective else pair[0] for kind, pair in budgets.totals(lines).items()
    }
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


def check_spending_budgeted(book: Book) -> Sequence[BudgetUnbudgetedError]:
    """In a year with budgets, no spending on an account that no budget line covers."""
    return book.derived(_check_spending).unbudgeted


def check_budgets_not_overrun(book: Book) -> Sequence[BudgetOverrunError]:
    """No expense budget line's running spending crosses its effective budget."""
    return book.derived(_check_spending).overrun


def check_spending_budget_in_force(book: Book) -> Sequence[BudgetRetroactiveError]:
    """No line's spending crosses the budget in force on its date (先支后调)."""
    return book.derived(_check_spending).retroactive


@dataclass(frozen=True)
class _SpendingFindings:
    unbudgeted: tuple[BudgetUnbudgetedError, ...]
    overrun: tuple[BudgetOverrunError, ...]
    retroactive: tuple[BudgetRetroactiveError, ...]


class _Year:
    """A budgeted year's expense lines (a parent before its children) and their spending so far."""

    def __init__(self, year_lines: list[BudgetLine]) -> None:
        self.lines = [line for line in year_lines if line.kind == "expense"]
        self.limits = [line.effective for line in self.lines]
        self.dates = [tuple(d.date for d in line.directives) for line in self.lines]
        self.spent = [ZERO] * len(self.lines)
        self.covering: dict[str, tuple[int, ...]] = {}  # account -> indices of its lines

    def cover(self, account: str) -> tuple[int, ...]:
        found = tuple(i for i, line in enumerate(self.lines) if line.covers(account))
        self.covering[account] = found
        return found

    def in_force(self, index: int, date: datetime.date) -> int | None:
        """The index of the line's directive in force on ``date``: the latest dated on or
        before it (an adjustment approved the same day counts); before the first, the
        yearly original (None for a line that an adjustment added)."""
        found = bisect.bisect_right(self.dates[index], date)
        if found:
            return found - 1
        return None if self.lines[index].directives[0].adjustment else 0


def _check_spending(book: Book) -> _SpendingFindings:
    """budget-unbudgeted, budget-overrun and budget-retroactive from the index's Expenses
    postings (``ghfund.index``), a year and a budget line at a time, in date order.

    Only years with a yearly budget count. Each Expenses posting adds to every expense line
    covering its account; refunds are negative; #closing entries from another system are
    not spending. A line's spending crossing its effective (final) budget is an overrun;
    crossing only the budget in force on the date, with a later adjustment covering it,
    is retroactive (先支后调). Findings come in book order, outer lines first.
    """
    shared = book_index.of(book)
    accounts = [a for a in shared.account_txns if a.startswith("Expenses:")]
    unbudgeted: list[tuple[int, int, BudgetUnbudgetedError]] = []
    overrun: list[tuple[int, int, BudgetOverrunError]] = []
    retroactive: list[tuple[int, int, BudgetRetroactiveError]] = []
    closed = frozenset(shared.with_tag(closing.CLOSING_TAG))
    for number, year_lines in budgets.of_book(book).items():
        year = _Year(year_lines)
        span = shared.in_year(number)
        low, high = span.start, span.stop
        txns = shared.transactions
        moved: dict[int, dict[int, Decimal]] = {}  # line -> transaction -> its spending
        outside: set[int] = set()  # transactions on accounts no line covers
        for account in accounts:
            on = shared.account_txns[account]
            start, end = bisect.bisect_left(on, low), bisect.bisect_left(on, high)
            indices = year.cover(account) if start < end else ()
            if not indices:
                outside.update(i for i in on[start:end] if i not in closed)
                continue
            postings = shared.account_postings[account]
            amounts: dict[int, Decimal] = {}  # the account's spending by transaction
            for i, posting in zip(on[start:end], postings[start:end], strict=True):
                units = posting.units
                if units is None or units.number is None or (closed and i in closed):
                    continue
                amounts[i] = amounts.get(i, ZERO) + units.number
            for index in indices:
                line = moved.get(index)
                if line is None:
                    moved[index] = amounts.copy()
                    continue
                for i, amount in amounts.items():
                    line[i] = line.get(i, ZERO) + amount
        for i in sorted(outside):
            spent = _outside(txns[i], year)
            if any(amount > 0 for amount in spent.values()):
                unbudgeted.append(
                    (i, 0, _unbudgeted(txns[i], {a: n for a, n in spent.items() if n > 0}))
                )
        for index, spending in moved.items():
            _cross(year, index, spending, txns, overrun, retroactive)
    return _SpendingFindings(
        tuple(f for _, _, f in sorted(unbudgeted, key=_order)),
        tuple(f for _, _, f in sorted(overrun, key=_order)),
        tuple(f for _, _, f in sorted(retroactive, key=_order)),
    )


def _order(found: tuple[int, int, GhfundError]) -> tuple[int, int]:
    return found[0], found[1]


def _outside(txn: data.Transaction, year: _Year) -> dict[str, Decimal]:
    """The transaction's Expenses postings that no line of the year covers, by account."""
    spent: dict[str, Decimal] = {}
    for posting in txn.postings:
        account, units = posting.account, posting.units
        if not account.startswith("Expenses:") or units is None or units.number is None:
            continue
        if not year.covering.get(account, ()):
            spent[account] = spent.get(account, ZERO) + units.number
    return spent


def _cross(
    year: _Year,
    index: int,
    spending: dict[int, Decimal],
    txns: list[data.Transaction],
    overrun: list[tuple[int, int, BudgetOverrunError]],
    retroactive: list[tuple[int, int, BudgetRetroactiveError]],
) -> None:
    """One line's running spending, transaction by transaction: where it crosses a budget."""
    line, limit, adjusted = year.lines[index], year.limits[index], len(year.dates[index]) > 1
    amounts = spending.values()
    if not amounts or (
        min(amounts) >= 0 and sum(amounts, ZERO) <= min(limit, *(d.amount for d in line.directives))
    ):
        return  # no refunds, and the total stays within every budget the line ever had
    after = ZERO
    for i in sorted(spending):
        before, after = after, after + spending[i]
        if before <= limit < after:
            overrun.append((i, index, _overrun(txns[i], line, after)))
        elif adjusted and before < after <= limit:
            now = year.in_force(index, txns[i].date)
            if now is not None and now < len(line.directives) - 1:
                dated = line.directives[now].amount
                if before <= dated < after:
                    retroactive.append((i, index, _retroactive(txns[i], line, now, dated, after)))


def _unbudgeted(txn: data.Transaction, spent: dict[str, Decimal]) -> BudgetUnbudgetedError:
    where = "、".join(f"{account} {fmt(amount)}" for account, amount in spent.items())
    return BudgetUnbudgetedError(
        source_of(txn),
        f"无预算支出：{txn.date.year} 年度预算没有列支 {where}（该科目及其上级科目都没有预算）。"
        f"请改记到已列预算的科目，或经工会委员会批准调整预算、列支该科目{ADJUST_HINT}",
        txn,
        voucher_key(txn),
        sum(spent.values(), ZERO),
    )


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


def _retroactive(
    txn: data.Transaction, line: BudgetLine, now: int, limit: Decimal, spent: Decimal
) -> BudgetRetroactiveError:
    covering = next(d for d in line.directives[now + 1 :] if d.amount >= spent)
    approved = f"（{covering.approved}批准）" if covering.approved else "（未写明批准文件）"
    return BudgetRetroactiveError(
        source_of(txn),
        f"先支后调：{line.account} {txn.date} 适用的 {line.year} 年度预算为 {fmt(limit)}，"
        f"至本笔累计支出 {fmt(spent)}，超出 {fmt(spent - limit)}；预算到 {covering.date} 才调整为 "
        f"{fmt(covering.amount)}{approved}，调整在支出之后。超预算的支出应先调整预算、后支出；"
        "请由经审会审查这次事后调整，确认后用 ghfund-ack 处理",
        txn,
        voucher_key(txn),
        spent - limit,
    )


RULES: tuple[Rule, ...] = (
    Rule(
        BudgetUnapprovedError,
        "预算和预算调整都写明批准文件（approved）；设置 budget-reviewed 时也写明经审会审查（reviewed）",
        check_budgets_approved,
    ),
    Rule(
        BudgetDeficitError,
        "量入为出：支出预算不超过收入预算加声明动用的结余，动用数不超过上年末余额",
        check_budgets_balanced,
    ),
    Rule(BudgetUnbudgetedError, "有预算的年度，不在未列预算的科目上支出", check_spending_budgeted),
    Rule(BudgetOverrunError, "各预算科目的累计支出不超过其调整后预算", check_budgets_not_overrun),
    Rule(
        BudgetRetroactiveError,
        "先支后调：支出不超过支出当日适用的预算，不靠事后调整补足",
        check_spending_budget_in_force,
    ),
)

__plugins__ = (topic_plugin(RULES),)
