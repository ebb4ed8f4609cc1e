"""三栏式明细账 (detail ledger) and 现金/银行存款日记账 (cash and bank journals).

Both list one account's postings of a year in date order with the running balance
(借方, 贷方, 借或贷, 余额), opening with the trial balance's 期初余额 (上年结转), and
close each month with 本月合计 and 本年累计; the journal also closes each day with
本日合计 and names each posting's 对方科目. An account at any level shows the
postings of every account under it (then the 科目 column names the detail).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pandas as pd

from ghfund import chart
from ghfund.book import Book
from ghfund.ledger import Loaded
from ghfund.money import ZERO
from ghfund.month import month_end
from ghfund.reports import account_levels, base
from ghfund.reports.account_levels import Node, side, year_span
from ghfund.reports.model import LEVEL, Column, NoData, Report, Table

JOURNAL_CODES = ("101", "102")  # 库存现金, 银行存款: the accounts 第二十九条 keeps journals of


def _columns(detail: bool, counter: bool) -> tuple[Column, ...]:
    return (
        Column("date", "日期", "date"),
        Column("voucher", "凭证号", "text"),
        Column("summary", "摘要", "text"),
        *((Column("account", "科目", "text"),) if detail else ()),
        *((Column("counter", "对方科目", "text"),) if counter else ()),
        Column("debit", "借方"),
        Column("credit", "贷方"),
        Column("side", "借或贷", "text"),
        Column("balance", "余额"),
    )


def _label(account: str) -> str:
    coded = chart.try_parse(account)
    if coded is None:
        return account
    return f"{coded.code} {account.rsplit(':', 1)[-1].split('-', 1)[1]}"


def _counter(book: Book, node: Node, txn: int) -> str:
    """The other accounts of a transaction (对方科目), by code and name."""
    others = []
    for posting in book.transactions[txn].postings:
        if not node.covers(posting.account):
            label = _label(posting.account)
            if label not in others:
                others.append(label)
    return "、".join(others)


def _total(
    summary: str, date: datetime.date, debit: Decimal, credit: Decimal, balance: Decimal
) -> dict[str, object]:
    return {
        "date": date,
        "voucher": "",
        "summary": summary,
        "debit": debit,
        "credit": credit,
        "side": side(balance),
        "balance": abs(balance),
        LEVEL: 0,
    }


def rows(book: Book, node: Node, year: int, journal: bool) -> list[dict[str, object]]:
    """The ledger's lines for ``year``: 上年结转, postings, and the day, month and year totals."""
    start, end = year_span(year)
    opening = sum(
        (v.opening for a, v in account_levels.amounts(book, start, end).items() if node.covers(a)),
        ZERO,
    )
    first = book.first_day is not None and year <= book.first_day.year
    balance = opening
    lines: list[dict[str, object]] = [
        {
            "date": start,
            "voucher": "",
            "summary": "期初余额" if first else "上年结转",
            "side": side(balance),
            "balance": abs(balance),
            LEVEL: 0,
        }
    ]
    frame = account_levels.subtree(book, node, start, end)
    ytd_debit = ytd_credit = month_debit = month_credit = day_debit = day_credit = ZERO
    records = list(
        zip(
            frame["date"],
            frame["voucher"],
            frame["narration"],
            frame["payee"],
            frame["account"],
            frame["amount"],
            frame["txn"],
            strict=True,
        )
    )
    for index, (date, voucher, narration, payee, account, amount, txn) in enumerate(records):
        debit, credit = (amount, ZERO) if amount > 0 else (ZERO, -amount)
        balance += amount
        day_debit, day_credit = day_debit + debit, day_credit + credit
        month_debit, month_credit = month_debit + debit, month_credit + credit
        ytd_debit, ytd_credit = ytd_debit + debit, ytd_credit + credit
        line: dict[str, object] = {
            "date": date,
            "voucher": voucher,
            "summary": narration or payee,
            "account": _label(account),
            "debit": debit or None,
            "credit": credit or None,
            "side": side(balance),
            "balance": abs(balance),
            LEVEL: 1,
        }
        if journal:
            line["counter"] = _counter(book, node, int(txn))
        lines.append(line)
        following = records[index + 1][0] if index + 1 < len(records) else None
        if journal and following != date:
            lines.append(_total("本日合计", date, day_debit, day_credit, balance))
            day_debit = day_credit = ZERO
        if following is None or (following.year, following.month) != (date.year, date.month):
            closing = month_end(date)
            lines.append(_total("本月合计", closing, month_debit, month_credit, balance))
            lines.append(_total("本年累计", closing, ytd_debit, ytd_credit, balance))
            month_debit = month_credit = ZERO
    return lines


def table(book: Book, node: Node, year: int, journal: bool) -> Table:
    detail = any(n != node and node.covers(n.account) for n in account_levels.nodes(book))
    columns = _columns(detail, journal)
    frame = pd.DataFrame(
        rows(book, node, year, journal), columns=[c.key for c in columns] + [LEVEL]
    )
    if journal:
        title = "现金日记账" if node.code.startswith("101") else "银行存款日记账"
    else:
        title = "明细账"
    return Table(
        "journal" if journal else "detail_ledger",
        title,
        columns,
        frame,
        period=f"{year}年度　科目：{node.code} {node.name}",
        notes=(
            "期初余额为上年结转数（以前年度收支已结转计入 321/322）；每月末列本月合计和本年累计。",
        ),
    )


def node_of(loaded: Loaded, code: str, journal: bool) -> Node:
    """The account named by ``code``; NoData (exit 2) when the book has none."""
    code = code.strip()
    if journal and not code.startswith(JOURNAL_CODES):
        raise NoData(f"日记账只登记库存现金（101）和银行存款（102）及其明细科目，{code} 不是")
    found = account_levels.find(loaded.book, code)
    if not found:
        known = "、".join(n.code for n in account_levels.nodes(loaded.book) if n.code)
        raise NoData(f"账本中没有编码为 {code} 的科目；账本中的科目编码：{known}")
    return found[0]


def report(
    loaded: Loaded, code: str, year: int, journal: bool = False, after_closing: bool = False
) -> Report:
    """``ghfund books detail --account CODE --year Y [--after-closing]`` (``journal``:
    ``books journal``)."""
    base.require_year(loaded, year, "登记账簿")
    if after_closing:
        loaded = base.after_closing(loaded, year)
    node = node_of(loaded, code, journal)
    built = table(loaded.book, node, year, journal)
    closed = "，结账后" if after_closing else ""
    title = f"{built.title}（{node.code} {node.name}，{year}年度{closed}）"
    name = "books-journal" if journal else "books-detail"
    return base.make(loaded, name, title, f"{year}年度", datetime.date(year, 12, 31), [built])


def accounts(book: Book, year: int) -> list[Node]:
    """The accounts with a balance or postings in ``year`` that have a detail ledger (not the
    321/322 a book never opened), in code order (what a page offers)."""
    start, end = year_span(year)
    known = {node.account for node in account_levels.nodes(book)}
    return [
        node
        for node, values in account_levels.rolled(book, account_levels.amounts(book, start, end))
        if node.code and not values.empty and node.account in known
    ]


def with_trial(loaded: Loaded, year: int, code: str) -> Report:
    """The trial balance of ``year`` and the detail ledger of ``code``: Fava's 账簿 page."""
    from ghfund.reports import trial_balance

    base.require_year(loaded, year, "登记账簿")
    node = node_of(loaded, code, journal=False)
    tables = (
        trial_balance.table(loaded, *year_span(year), f"{year}年度"),
        table(loaded.book, node, year, journal=False),
    )
    end = datetime.date(year, 12, 31)
    return base.make(loaded, "books", f"账簿（{year}年度）", f"{year}年度", end, tables)
