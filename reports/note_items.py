"""The items of the 附注 the 制度 prescribes (第六部分) beyond the tables ``notes`` already had.

Each builder takes the loaded book and the year and returns its tables; an item with
nothing to report still says so ("无。"), as the 制度 wants every item present:
(1) the compliance statement, (2) the financial position in words, (3) accounting
policies and estimates, (4) breakdowns of 货币资金, income and spending by detail account
and of 211 and 215, (5) disposals and losses, (6) assets at nominal value, (7) what makes
up 资金结转结余调整及变动, (8) other matters. ``ghfund.reports.notes`` orders them.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable
from decimal import Decimal

import pandas as pd

from ghfund import catch_up, chart
from ghfund.book import Book
from ghfund.closing import CARRIED, RETAINED
from ghfund.ledger import Loaded
from ghfund.money import ZERO, fmt, units_in
from ghfund.reports import frames, note_events, note_policies, statements
from ghfund.reports.balances import sums_of, total, year_end
from ghfund.reports.model import LEVEL, Column, Table

Item = Callable[[Loaded, int], tuple[Table, ...]]
NOTHING = "无。"
ONE_DAY = datetime.timedelta(days=1)
TEXT = (Column("item", "项目", "text"),)


def _text(name: str, title: str, year: int, lines: list[str]) -> Table:
    """A note in words only."""
    return Table(
        name, title, TEXT, pd.DataFrame(columns=["item"]), period=f"{year}年度", notes=tuple(lines)
    )


def _year(loaded: Loaded, year: int) -> pd.DataFrame:
    """The year's postings, #closing entries left out (as in the statements)."""
    postings = frames.in_years(loaded.book, year, year)
    return postings[~postings["closing"]]


# ---------------------------------------------------------------- (1) compliance


def compliance(loaded: Loaded, year: int) -> tuple[Table, ...]:
    return (
        _text(
            "notes_compliance",
            "遵循《工会会计制度》的声明",
            year,
            [
                f"本单位{year}年度的会计核算和会计报表按照《工会会计制度》（财会〔2021〕7号）的规定"
                "编制，资产负债表、收入支出表的项目和格式与该制度第四部分一致。"
            ],
        ),
    )


# ---------------------------------------------------------------- (2) position


def position(loaded: Loaded, year: int) -> tuple[Table, ...]:
    """The financial position at the year's end and the year's result, in words."""
    sums = sums_of(loaded.book)
    start, end = (statements.balance_lines(sums.closed(y)) for y in (year - 1, year))
    flows = statements.year_flows(sums, year)
    income, spending = total(flows.income.values()), total(flows.spending.values())
    lines = [
        f"年末资产总计 {fmt(end['资产总计'])} 元（年初 {fmt(start['资产总计'])} 元），其中货币资金 "
        f"{fmt(end['货币资金'])} 元；负债合计 {fmt(end['负债合计'])} 元（年初 "
        f"{fmt(start['负债合计'])} 元）；净资产合计 {fmt(end['净资产合计'])} 元（年初 "
        f"{fmt(start['净资产合计'])} 元）。",
        f"本年收入合计 {fmt(income)} 元，支出合计 {fmt(spending)} 元，收支差额 "
        f"{fmt(flows.difference)} 元；年末资金结转 {fmt(flows.end[0])} 元，资金结余 "
        f"{fmt(flows.end[1])} 元。预算执行情况见下表。",
    ]
    return (_text("notes_position", "财务状况", year, lines),)


# ---------------------------------------------------------------- (3) policies


def policies(loaded: Loaded, year: int) -> tuple[Table, ...]:
    """附注三, observed in the entries (``note_policies``)."""
    lines = note_policies.policies(loaded, year)
    return (_text("notes_policies", "会计政策和会计估计", year, lines),)


# ---------------------------------------------------------------- (4) breakdowns

MONEY_CODES = ("101", "102", "111")
BALANCE_COLUMNS = (
    Column("item", "项目", "text"),
    Column("start", "年初余额"),
    Column("end", "年末余额"),
)


def _leaf(account: str) -> str:
    return account.split(":")[-1]


def money(loaded: Loaded, year: int) -> tuple[Table, ...]:
    """货币资金 by account: balances at the start and the end of the year."""
    sums = sums_of(loaded.book)
    starts = sums.account_balances(year_end(year - 1), MONEY_CODES)
    accounts = {
        account: [starts.get(account, ZERO), end]
        for account, end in sums.account_balances(year_end(year), MONEY_CODES).items()
    }
    rows = [(_leaf(a), start, end, 1) for a, (start, end) in sorted(accounts.items())]
    rows.append(
        (
            "货币资金合计",
            total(v[0] for v in accounts.values()),
            total(v[1] for v in accounts.values()),
            0,
        )
    )
    frame = pd.DataFrame(rows, columns=["item", "start", "end", LEVEL])
    return (
        Table(
            "notes_money",
            "货币资金明细",
            BALANCE_COLUMNS,
            frame,
            period=f"{year}年度",
            notes=("合计与资产负债表“货币资金”年末余额相符。",),
        ),
    )


def _by_account(frame: pd.DataFrame, sign: int, label: str) -> pd.DataFrame:
    """Rows by first-level account, with its detail accounts under it where it has any."""
    parents: dict[str, dict[str, Decimal]] = {}
    for account, amount in zip(frame["account"].tolist(), frame["amount"], strict=True):
        parent = ":".join(account.split(":")[:2])
        details = parents.setdefault(parent, {})
        details[account] = details.get(account, ZERO) + sign * amount
    rows: list[tuple[str, Decimal, int]] = []
    for parent, details in sorted(parents.items(), key=lambda item: _leaf(item[0])):
        rows.append((_leaf(parent), total(details.values()), 1))
        rows += [(_leaf(a), amount, 2) for a, amount in sorted(details.items()) if a != parent]
    rows.append((label, total(amount for _, amount, level in rows if level == 1), 0))
    return pd.DataFrame(rows, columns=["item", "current", LEVEL])


def flows_detail(loaded: Loaded, year: int) -> tuple[Table, ...]:
    """Income and spending by detail account (本年数)."""
    postings = _year(loaded, year)
    columns = (Column("item", "项目", "text"), Column("current", "本年数"))
    tables = []
    for name, title, root, sign, label in (
        ("notes_income", "收入明细", "Income", -1, "收入合计"),
        ("notes_spending", "支出明细", "Expenses", 1, "支出合计"),
    ):
        frame = _by_account(postings[postings["root"] == root], sign, label)
        notes = () if len(frame) > 1 else (f"本年没有{title[:2]}。",)
        tables.append(Table(name, title, columns, frame, period=f"{year}年度", notes=notes))
    return tuple(tables)


PAYABLES = (("应付上级经费", "211"), ("其他应付款", "215"))
MOVEMENT_COLUMNS = (
    Column("item", "项目", "text"),
    Column("start", "年初余额"),
    Column("increase", "本年增加"),
    Column("decrease", "本年减少"),
    Column("end", "年末余额"),
)


def payables(loaded: Loaded, year: int) -> tuple[Table, ...]:
    """应付上级经费 (211) and 其他应付款 (215): start, credits, debits, end."""
    postings = frames.in_years(loaded.book, year, year)
    sums = sums_of(loaded.book)
    rows = []
    for item, code in PAYABLES:
        during = list(postings[postings["top"] == code]["amount"])
        start = -total(sums.account_balances(year_end(year - 1), [code]).values())
        increase = -total(a for a in during if a < 0)
        decrease = total(a for a in during if a > 0)
        rows.append((item, start, increase, decrease, start + increase - decrease, 1))
    frame = pd.DataFrame(rows, columns=[*(c.key for c in MOVEMENT_COLUMNS), LEVEL])
    return (
        Table(
            "notes_payables",
            "应付上级经费和其他应付款变动",
            MOVEMENT_COLUMNS,
            frame,
            period=f"{year}年度",
            notes=(
                "应付上级经费的增加为应上解的拨缴经费，减少为已上解的金额；其他应付款为代管、"
                "暂收的不属于工会的款项。",
            ),
        ),
    )


# ---------------------------------------------------------------- (5)–(7) listed entries

ENTRY_COLUMNS = (
    Column("date", "日期", "date"),
    Column("voucher", "凭证号", "text"),
    Column("item", "摘要", "text"),
    Column("account", "科目", "text"),
    Column("amount", "金额"),
)


def _entries(name: str, title: str, year: int, rows: pd.DataFrame, sign: int) -> Table:
    frame = pd.DataFrame(
        {
            "date": list(rows["date"]),
            "voucher": list(rows["voucher"]),
            "item": list(rows["narration"]),
            "account": [_leaf(a) for a in rows["account"]],
            "amount": [sign * a for a in rows["amount"]],
        },
        columns=[c.key for c in ENTRY_COLUMNS],
    )
    notes = (NOTHING,) if frame.empty else ()
    return Table(name, title, ENTRY_COLUMNS, frame, period=f"{year}年度", notes=notes)


def disposals(loaded: Loaded, year: int) -> tuple[Table, ...]:
    """Fixed assets taken off the books (credits to 162, 161, 171) and 待处理财产损溢 (182)."""
    postings = _year(loaded, year)
    removed = postings["top"].isin(["161", "162", "171"]) & (postings["amount"] < 0)
    table = _entries(
        "notes_disposals",
        "重大资产处置和损失",
        year,
        postings[removed | (postings["top"] == "182")],
        1,
    )
    if not table.rows.empty:
        table = Table(
            table.name,
            table.title,
            table.columns,
            table.rows,
            period=table.period,
            notes=("固定资产原值的减少以负数列示；待处理财产损溢按借方为正列示。",),
        )
    return (table,)


NOMINAL = Decimal("1")
NOMINAL_CODES = frozenset({"141", "162", "171"})  # 库存物品, 固定资产, 无形资产


def nominal(loaded: Loaded, year: int) -> tuple[Table, ...]:
    """Assets recorded at the nominal value of one yuan (名义金额), through the year."""
    postings = frames.on_accounts(loaded.book, NOMINAL_CODES)
    held = postings[(postings["amount"] == NOMINAL) & (postings["year"] <= year)]
    return (_entries("notes_nominal", "以名义金额计量的资产", year, held, 1),)


def adjustments(loaded: Loaded, year: int) -> tuple[Table, ...]:
    """The entries booked straight to 321 and 322 in the year: what makes up 二、资金结转结余
    调整及变动 of 工会02表 (credits positive)."""
    postings = _year(loaded, year)
    direct = postings[postings["top"].isin([CARRIED, RETAINED, "331", "332"])]
    table = _entries("notes_adjustments", "以前年度结转结余调整", year, direct, -1)
    if not table.rows.empty:
        flows = statements.year_flows(sums_of(loaded.book), year)
        table = Table(
            table.name,
            table.title,
            table.columns,
            table.rows,
            period=table.period,
            notes=(
                f"合计 {fmt(total(table.rows['amount']))} 元，即收入支出表“资金结转结余调整及"
                f"变动” {fmt(total(flows.adjusted))} 元。",
            ),
        )
    caught = _catch_ups(loaded.book, year)
    if caught:
        kept = tuple(note for note in table.notes if note != NOTHING)
        table = dataclasses.replace(table, notes=(*kept, *caught))
    return (table,)


def _catch_ups(book: Book, year: int) -> list[str]:
    """The year's catch-up depreciation (``depreciate --catch-up``), said in words."""
    lines = []
    for txn in book.transactions:
        if txn.date.year != year or not catch_up.is_catch_up(txn):
            continue
        amount = sum(
            (
                -(units_in(p, book.currency) or ZERO)
                for p in txn.postings
                if chart.top_of(p.account) == "163"
            ),
            ZERO,
        )
        lines.append(
            f"{txn.date} {txn.meta.get('voucher') or ''} 补提以前年度少提的固定资产折旧 "
            f"{fmt(amount)} 元：按未来适用法（《工会会计制度》第二十三条）计入当期，借记资产基金、"
            "贷记累计折旧，未调整以前年度报表，不影响工会资金结转结余。"
        )
    return lines


# ---------------------------------------------------------------- (8) other matters


def others(loaded: Loaded, year: int) -> tuple[Table, ...]:
    book = loaded.book
    sums = sums_of(book)
    lines = []
    closings = sums.closings.get(year, 0)
    if closings:
        lines.append(f"本年有 {closings} 笔年终结账分录（#closing），报表中不计入收支。")
    others_ = sorted(sums.currencies - {book.currency})
    if others_:
        lines.append(f"账本中有 {'、'.join(others_)} 金额，报表按数字与 {book.currency} 直接相加。")
    if book.first_day and book.first_day.year == year:
        lines.append(
            f"本账从 {book.first_day.isoformat()} 开始，年初余额取自期初余额分录"
            f"（{(book.first_day - datetime.timedelta(days=1)).isoformat()}）。"
        )
    lines += note_events.lines(book, year)
    return (_text("notes_others", "其他需要说明的事项", year, lines or [NOTHING]),)
