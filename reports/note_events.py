"""附注八 其他需要说明的事项: what happened in the year and after it that a reader needs.

Read from the book's directives and entries, never typed in: officers who took up or left
office (``ghfund-officer``/``ghfund-officer-end``), audits recorded (``ghfund-audit``),
periods closed and reopened (``ghfund-close``/``ghfund-reopen``), and the year-end
balances of 211 应付上级经费 and 131 应收上级经费 with what of them was settled after the
year end (期后事项) as far as the book goes.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from ghfund import chart
from ghfund.book import Book
from ghfund.directives import AUDIT_KINDS
from ghfund.money import ZERO, fmt, units_in

SETTLED = (
    ("211", "应付上级经费", "上解", 1),  # a credit balance, settled by debits
    ("131", "应收上级经费", "收回", -1),  # a debit balance, settled by credits
)


def lines(book: Book, year: int) -> list[str]:
    """The year's events in date order, then the balances settled after it."""
    events = sorted([*_officers(book, year), *_audits(book, year), *_periods(book, year)])
    return [*(text for _, text in events), *_after(book, year)]


Event = tuple[datetime.date, str]


def _officers(book: Book, year: int) -> list[Event]:
    return [
        (o.date, f"{o.date} {o.person}{'任' if o.starts else '离任'}{o.role}。")
        for o in book.directives.officers
        if o.date.year == year
    ]


def _audits(book: Book, year: int) -> list[Event]:
    found = []
    for audit in book.directives.audits:
        if audit.date.year != year:
            continue
        whom = f"{audit.person}，" if audit.person else ""
        report = f"，{audit.report}" if audit.report else ""
        kind = AUDIT_KINDS.get(audit.kind, audit.kind)
        found.append(
            (audit.date, f"{audit.date} 完成{kind}（{whom}{audit.start} 至 {audit.end}{report}）。")
        )
    return found


def _periods(book: Book, year: int) -> list[Event]:
    closes = [
        (close.date, f"{close.date} 结账至 {close.through}。")
        for close in book.directives.closes
        if close.date.year == year
    ]
    reopens = [
        (
            reopen.date,
            f"{reopen.date} 经批准重新打开已结账的 {reopen.month}（{reopen.approved}：{reopen.reason}）。",
        )
        for reopen in book.directives.reopens
        if reopen.date.year == year
    ]
    return closes + reopens


def _after(book: Book, year: int) -> list[str]:
    """211 and 131 at the year end, and what the following entries settled of them."""
    end = datetime.date(year, 12, 31)
    last = book.transactions[-1].date if book.transactions else end
    found = []
    for code, name, verb, sign in SETTLED:
        balance, later = ZERO, []
        for txn in book.transactions:
            for posting in txn.postings:
                number = units_in(posting, book.currency)
                if number is None or chart.top_of(posting.account) != code:
                    continue
                if txn.date <= end:
                    balance -= sign * number
                elif sign * number > 0:
                    later.append((txn.date, sign * number))
        if balance <= 0:
            continue
        settled, dates = ZERO, []
        for date, amount in later:
            if settled >= balance:
                break
            settled += amount
            dates.append(date)
        found.append(_settled(name, verb, balance, min(settled, balance), dates, last, end))
    return found


def _settled(
    name: str,
    verb: str,
    balance: Decimal,
    settled: Decimal,
    dates: list[datetime.date],
    last: datetime.date,
    end: datetime.date,
) -> str:
    head = f"期后事项：年末{name} {fmt(balance)} 元，"
    if last <= end:
        return head + "账本尚无期后记录。"
    if settled >= balance:
        return head + f"已于 {dates[-1]} 前全部{verb}。"
    if settled:
        return (
            head
            + f"至 {last} 已{verb} {fmt(settled)} 元，尚有 {fmt(balance - settled)} 元未{verb}。"
        )
    return head + f"至 {last} 尚未{verb}。"
