"""银行存款余额调节表: a bank account's statement and book reconciled at a month end.

``ghfund reconcile`` and the Fava page build it here. The statement's balance and the
book's at the month end, each adjusted by the items the other side has not recorded
yet (未达账项), must agree; when they do not, the report has a problem (exit 1).
Items are matched over the whole statement (``ghfund.reconcile``), so a cheque
written in June and cleared in July is 企业已付、银行未付 in June's table and settled in
July's.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterable, Sequence
from decimal import Decimal

import pandas as pd

from ghfund import reconcile
from ghfund.importers.statement import Line, Statement
from ghfund.ledger import Loaded
from ghfund.money import fmt
from ghfund.month import month_end
from ghfund.reconcile import Item, Matching
from ghfund.reports import base
from ghfund.reports.model import LEVEL, MARK, Column, NoData, Report, Table

SUMMARY_COLUMNS = (
    Column("book_item", "企业银行存款日记账", "text"),
    Column("book_amount", "金额"),
    Column("bank_item", "银行对账单", "text"),
    Column("bank_amount", "金额"),
)
ITEM_COLUMNS = (
    Column("date", "日期", "date"),
    Column("summary", "摘要", "text"),
    Column("amount", "金额"),
    Column("ref", "凭证号/银行流水号", "text"),
    Column("note", "说明", "text"),
)
GROUPS = (
    ("bank_received", "银行已收、企业未收"),
    ("bank_paid", "银行已付、企业未付"),
    ("book_received", "企业已收、银行未收"),
    ("book_paid", "企业已付、银行未付"),
)


def report(loaded: Loaded, statement: Statement, code: str, month: datetime.date) -> Report:
    """The 调节表 of the bank account ``code`` at the end of ``month``'s month."""
    end = month_end(month)
    start = end.replace(day=1)
    if not statement.has_balance:
        missing = [line.row for line in statement.lines if line.balance is None]
        if len(missing) < len(statement.lines):
            listed = "、".join(map(str, missing[:5])) + ("等" if len(missing) > 5 else "")
            raise NoData(f"银行对账单 {statement.name} 第 {listed} 行没有余额，无法取得月末余额")
        raise NoData(
            f"银行对账单 {statement.name} 没有余额列，无法取得月末余额；请导出带余额的账户明细"
        )
    if end < statement.first.replace(day=1) or start > statement.last:
        raise NoData(
            f"银行对账单 {statement.name} 记录的是 {statement.first} 至 {statement.last}，"
            f"不含 {end:%Y年%m月}；请用 --month 指定其中的月份，或换一份对账单"
        )
    try:
        names = reconcile.accounts(loaded.book, code)
    except reconcile.AccountProblem as problem:
        raise NoData(str(problem)) from None
    book_items = reconcile.items(loaded.book, names)
    matching = reconcile.matched(loaded.book, names, statement)
    groups = outstanding(matching, statement.first, end)
    totals = {
        key: sum((amount for *_, amount, _, _ in rows), Decimal(0)) for key, rows in groups.items()
    }
    bank_balance = statement.balance_at(end)
    assert bank_balance is not None  # has_balance
    book_balance = reconcile.balance(book_items, end)
    book_adjusted = book_balance + totals["bank_received"] - totals["bank_paid"]
    bank_adjusted = bank_balance + totals["book_received"] - totals["book_paid"]
    difference = book_adjusted - bank_adjusted
    notes = _notes(statement, names, difference)
    problems = []
    if difference:
        before = statement.first - datetime.timedelta(days=1)
        early = sum(
            (i.amount for m in matching.matches for i in m.items if i.date <= before), Decimal(0)
        )
        notes += (
            f"对账单首笔之前的余额为 {fmt(statement.balance_at(before))} 元；账本 {before} 的余额"
            f"减去其中已与对账单流水对应的 {fmt(early)} 元，为 "
            f"{fmt(reconcile.balance(book_items, before) - early)} 元。两者之差若等于上述差额，"
            "说明对账单开始前已有未达账项或期初余额有误。",
        )
        problems.append(
            f"调节后余额不一致：企业方 {fmt(book_adjusted)} 元，银行方 {fmt(bank_adjusted)} 元，"
            f"相差 {fmt(difference)} 元；请核对未达账项和记账金额"
        )
    period = f"{end.year}年{end.month}月{end.day}日"
    summary = _summary(book_balance, bank_balance, totals, book_adjusted, bank_adjusted)
    tables = [
        Table(
            "reconciliation",
            "银行存款余额调节表",
            SUMMARY_COLUMNS,
            summary,
            period=period,
            notes=notes,
        )
    ]
    for key, title in GROUPS:
        rows = groups[key]
        frame = pd.DataFrame(rows, columns=[c.key for c in ITEM_COLUMNS])
        tables.append(
            Table(key, title, ITEM_COLUMNS, frame, period=period, notes=() if rows else ("无。",))
        )
    warnings = [
        f"对账单流水 {ref} 与账本中注明 bank-ref 的交易金额不符，未按编号对应；请核对"
        for ref in matching.mismatched_refs
    ]
    if end > statement.last:
        warnings.append(f"对账单只到 {statement.last}，月末余额取其最后一笔的余额")
    warnings.extend(_broken_chain(statement))
    return base.make(
        loaded,
        "reconcile",
        f"银行存款余额调节表（{'、'.join(name.removeprefix('Assets:') for name in names)}）",
        period,
        end,
        tables,
        problems=problems,
        warnings=warnings,
    )


def _summary(
    book_balance: Decimal,
    bank_balance: Decimal,
    totals: dict[str, Decimal],
    book_adjusted: Decimal,
    bank_adjusted: Decimal,
) -> pd.DataFrame:
    """The two-sided table: each side's balance, what the other side has not recorded, and
    the adjusted balances (red when they differ)."""
    rows = [
        ("银行存款日记账余额", book_balance, "银行对账单余额", bank_balance, 0, False),
        (
            "加：银行已收、企业未收",
            totals["bank_received"],
            "加：企业已收、银行未收",
            totals["book_received"],
            1,
            False,
        ),
        (
            "减：银行已付、企业未付",
            totals["bank_paid"],
            "减：企业已付、银行未付",
            totals["book_paid"],
            1,
            False,
        ),
        (
            "调节后的存款余额",
            book_adjusted,
            "调节后的存款余额",
            bank_adjusted,
            0,
            book_adjusted != bank_adjusted,
        ),
    ]
    return pd.DataFrame(rows, columns=[c.key for c in SUMMARY_COLUMNS] + [LEVEL, MARK])


def _broken_chain(statement: Statement) -> list[str]:
    """Rows whose balance is not the previous balance plus the row's amount (at most three)."""
    broken = []
    for before, line in itertools.pairwise(statement.lines):
        if (
            before.balance is not None
            and line.balance is not None
            and before.balance + line.amount != line.balance
        ):
            broken.append(line.row)
    if not broken:
        return []
    rows = "、".join(f"第 {row} 行" for row in broken[:3]) + ("等" if len(broken) > 3 else "")
    return [
        f"对账单 {statement.name} 的余额与发生额不衔接（{rows}：上一行余额加本行发生额不等于本行余额）；"
        "月末余额取自余额列，请向银行核实或重新导出"
    ]


def outstanding(
    matching: Matching, first: datetime.date, end: datetime.date
) -> dict[str, list[tuple[datetime.date, str, Decimal, str, str]]]:
    """The four groups of items not recorded by the other side by ``end``, as table rows
    (date, 摘要, amount as a positive number, voucher or serial, note). Book items dated
    before the statement's first line that nothing matched are taken as settled earlier."""
    groups: dict[str, list[tuple[datetime.date, str, Decimal, str, str]]] = {
        key: [] for key, _ in GROUPS
    }

    def bank(lines: Iterable[Line], note: str = "") -> None:
        for line in lines:
            key = "bank_received" if line.amount > 0 else "bank_paid"
            groups[key].append(_bank_row(line, note))

    def book(entries: Iterable[Item], note: str = "") -> None:
        for item in entries:
            key = "book_received" if item.amount > 0 else "book_paid"
            groups[key].append(_book_row(item, note))

    bank(line for line in matching.lines if line.date <= end)
    book(item for item in matching.items if first <= item.date <= end)
    for found in matching.matches:
        lines = [line for line in found.lines if line.date <= end]
        entries = [item for item in found.items if item.date <= end]
        if sum(line.amount for line in lines) == sum(item.amount for item in entries):
            continue
        later_book = [item for item in found.items if item.date > end]
        later_bank = [line for line in found.lines if line.date > end]
        bank(lines, _later("企业", [(i.date, i.voucher) for i in later_book]))
        book(entries, _later("银行", [(li.date, li.serial) for li in later_bank]))
    for rows in groups.values():
        rows.sort(key=lambda row: row[0])
    return groups


def _later(side: str, recorded: Sequence[tuple[datetime.date, str]]) -> str:
    if not recorded:
        return ""
    return "；".join(
        f"{side}于 {day} 入账{'（' + ref + '）' if ref else ''}" for day, ref in recorded
    )


def _bank_row(line: Line, note: str) -> tuple[datetime.date, str, Decimal, str, str]:
    words = "；".join(
        part for part in (f"对方：{line.counterparty}" if line.counterparty else "", note) if part
    )
    return (line.date, line.summary, abs(line.amount), line.serial or line.ref, words)


def _book_row(item: Item, note: str) -> tuple[datetime.date, str, Decimal, str, str]:
    return (item.date, item.narration, abs(item.amount), item.voucher, note)


def _notes(statement: Statement, names: Sequence[str], difference: Decimal) -> tuple[str, ...]:
    source = "、".join(
        part
        for part in (
            statement.bank,
            f"账号 {statement.account_no}" if statement.account_no else "",
            f"户名 {statement.holder}" if statement.holder else "",
        )
        if part
    )
    return (
        f"银行对账单：{statement.name}（{source + '，' if source else ''}"
        f"{statement.first} 至 {statement.last}，{len(statement.lines)} 笔）；"
        f"账本科目：{'、'.join(names)}。",
        f"对应方法：先按交易的 bank-ref 与银行流水号对应；再按金额相同、日期相差不超过 "
        f"{reconcile.WINDOW} 天对应（先同日、再 3 天内、再 {reconcile.WINDOW} 天内）；"
        f"再按一笔对多笔金额合计相等对应（{reconcile.WINDOW} 天内最近的 {reconcile.CANDIDATES} 笔中"
        f"至多 {reconcile.PARTS} 笔）。对账单首笔之前、未对应上的账本记录视为此前已达账。",
        f"调节后余额不一致，相差 {fmt(difference)} 元（企业方减银行方）。"
        if difference
        else "调节后余额一致。",
    )
