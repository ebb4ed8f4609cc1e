"""Closing a year: budgets set from the actual spending with headroom (approved, one
adjustment, a declared draw within the 322 balance), depreciation, officers' terms and
audits, and the walk in date order that makes the cashier's movements and payments and the
month-end balance assertions."""

from __future__ import annotations

import datetime
from collections import defaultdict

from ledger_text import (
    ACCUMULATED_DEPRECIATION,
    ASSET_FUND,
    BANK,
    CASH,
    YUAN,
    Txn,
    account,
    balance,
    custom,
    money,
    weekday_on_or_after,
)
from union import UnionState, Year, round_to

CASH_DAYS = tuple((month, day) for month in range(1, 13) for day in (1, 16))
CASH_REFILL_BELOW, CASH_FLOAT, CASH_KEPT = 2_500 * YUAN, 4_000 * YUAN, 1_000 * YUAN
INCOME_LINES = ("401", "402", "403", "405", "408")
CHAIR = ("王建国", "陈志强")
FINANCE = ("李秀英", "赵丽华")

PER_YEAR = len(CASH_DAYS) + 1  # cash movements, depreciation


def close_year(year: Year) -> None:
    cash_days(year)
    depreciation(year)
    governance(year)
    budgets(year)
    settle(year)


def cash_days(year: Year) -> None:
    """Twice a month the cashier moves cash; what and how much is decided in ``settle``."""
    for month, day in CASH_DAYS:
        year.items.append(Txn(weekday_on_or_after(year.day(month, day)), "", "", [], rank=0))


def move_cash(txn: Txn, state: UnionState) -> None:
    """Refill the float from the bank when low, else bank the excess."""
    if state.cash < CASH_REFILL_BELOW:
        cents = round_to(CASH_FLOAT - state.cash, 100)
        txn.narration, txn.postings = "从银行提取备用金", [(CASH, cents), (BANK, -cents)]
    else:
        cents = round_to(state.cash - CASH_KEPT, 100)
        txn.narration, txn.postings = "库存备用金送存银行", [(BANK, cents), (CASH, -cents)]


def depreciation(year: Year) -> None:
    """Dr 301 / Cr 163 once a year, straight line per purchase cohort."""
    charge = 0
    for cohort in year.state.cohorts:
        amount = min(cohort[0], cohort[1])
        cohort[0] -= amount
        charge += amount
    year.items.append(
        Txn(
            year.day(12, 31),
            "",
            f"{year.year}年固定资产折旧",
            [(ASSET_FUND, charge), (ACCUMULATED_DEPRECIATION, -charge)],
        )
    )


def governance(year: Year) -> None:
    """Officers' terms, departure audits of the chairman and the finance head, annual reviews."""
    state, items = year.state, year.items
    start = datetime.date(state.start, 1, 1)
    if year.year == state.start:
        items += [
            custom(start, "ghfund-officer", f'"{CHAIR[0]}" "主席"'),
            custom(start, "ghfund-officer", f'"{FINANCE[0]}" "财务负责人"'),
        ]
    else:
        items.append(
            custom(
                year.day(3, 15),
                "ghfund-audit",
                f'"annual" "" {year.year - 1}-01-01 {year.year - 1}-12-31',
                (f'report: "经审〔{year.year}〕1号"',),
            )
        )
    items.append(  # the year-end count of the fixed assets
        custom(year.day(12, 20), "ghfund-stocktake", str(year.day(12, 20)), ('result: "账实相符"',))
    )
    terms = (
        (CHAIR, "主席", datetime.date(state.start + state.years // 2, 6, 30), 3),
        (FINANCE, "财务负责人", datetime.date(state.start + 3 * state.years // 4, 3, 31), 4),
    )
    for (old, new), role, end, number in terms:
        if end.year != year.year:
            continue
        audited = end + datetime.timedelta(days=50)
        items += [
            custom(end, "ghfund-officer-end", f'"{old}" "{role}"'),
            custom(end + datetime.timedelta(days=1), "ghfund-officer", f'"{new}" "{role}"'),
            custom(
                audited,
                "ghfund-audit",
                f'"departure" "{old}" {start} {end}',
                (f'report: "经审〔{audited.year}〕{number}号"',),
            ),
        ]


def budgets(year: Year) -> None:
    """Budgets from the actual year: every used line with headroom, income, a declared draw."""
    spent: dict[str, int] = defaultdict(int)
    earned: dict[str, int] = defaultdict(int)
    for txn in year.transactions():
        for name, cents in txn.postings:
            if name.startswith("Expenses"):
                spent[name] += cents
            elif name.startswith("Income"):
                earned[name.split(":")[1][:3]] -= cents
    approved = (f'approved: "工会委员会{year.year}年第1次会议"',)
    planned = {name: round_to(cents * 106 // 100, 1000, up=True) for name, cents in spent.items()}
    income = {account(code): round_to(earned[code] * 98 // 100, 1000) for code in INCOME_LINES}
    candidates = sorted(name for name in planned if ":507-" not in name)
    adjusted = candidates[year.index % len(candidates)]
    raised = planned[adjusted] + round_to(planned[adjusted] // 10, 1000, up=True)
    effective = sum(planned.values()) - planned[adjusted] + raised
    shortfall = max(0, effective - sum(income.values())) + sum(income.values()) // 100
    draw = round_to(shortfall, 10_000, up=True)  # what the plan lacks, plus 1% of income
    if draw > year.state.available322:
        raise RuntimeError(f"{year.year}: declared draw {money(draw)} exceeds the 322 balance")
    lines = {
        **planned,
        **{name: cents for name, cents in income.items() if cents},
        account("322"): draw,
    }
    lines = dict(sorted(lines.items()))
    year.items += [
        custom(year.budget_day, "budget", f'{name} "yearly" {money(cents)} CNY', approved)
        for name, cents in lines.items()
    ]
    year.items.append(
        custom(
            weekday_on_or_after(year.day(7, 10)),
            "budget",
            f'{adjusted} "yearly" {money(raised)} CNY',
            (f'approved: "工会委员会{year.year}年第7次会议"', "adjustment: TRUE"),
        )
    )


def settle(year: Year) -> None:
    """Walk the year in date order: cash movements and payments, month-end balance checks."""
    state = year.state
    year.items.sort(key=lambda item: item.key)
    month = 1
    for txn in year.transactions():
        while txn.date.month > month:
            month += 1
            year.items += [
                balance(year.day(month, 1), BANK, state.bank),
                balance(year.day(month, 1), CASH, state.cash),
            ]
        if not txn.postings:
            move_cash(txn, state)
        elif txn.cashable and txn.postings[0][1] <= state.cash and year.rng.random() < 0.4:
            txn.postings[1] = (CASH, txn.postings[1][1])
        for name, cents in txn.postings:
            state.bank += cents if name == BANK else 0
            state.cash += cents if name == CASH else 0
        state.available322 -= sum(
            cents
            for name, cents in txn.postings
            if txn.fund is None and name.startswith(("Income", "Expenses"))
        )
    if year.year < state.start + state.years - 1:
        year.items += [
            balance(datetime.date(year.year + 1, 1, 1), BANK, state.bank),
            balance(datetime.date(year.year + 1, 1, 1), CASH, state.cash),
        ]
