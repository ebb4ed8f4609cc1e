"""年终结转: the closing vouchers of a year as the 《工会会计制度》 prescribes, planned.

At 31 December income and spending close into the 本年收支结转 sub-accounts by fund
(earmarked money, a posting with a ``fund`` or income to 40302, into 32103 of 321
工会资金结转; the rest into 32203 of 322 工会资金结余), and these then into 32104
累计结转 and 32205 累计结余. Three vouchers, tagged ``#closing``:

1. 结转本年收入: Dr each income account, Cr 32103 / 32203;
2. 结转本年支出: Dr 32103 / 32203, Cr each expense account;
3. 结转本年收支结余: 32103 into 32104, 32203 into 32205.

Each income and spending posting of a fund keeps its ``fund``, so the virtual closing of
the statements (``ghfund.closing``) nets every closing posting to nothing: 工会01表 and
工会02表 give the same figures whether or not these vouchers are booked. What is
already closed (a zero balance, closing vouchers already booked) is not closed again,
so planning twice plans nothing. Earlier years must be closed first: their results
belong to 累计结转/累计结余, not to this year's 本年收支结转.

``entries`` gives the vouchers as Beancount entries (``books --after-closing`` adds them
in memory), ``text`` as text for a file of the book; nothing here writes a file.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from beancount.core import amount, data

from ghfund import chart, cjk, writing
from ghfund.book import Book
from ghfund.closing import CARRIED, CLOSING_TAG, RETAINED, fund_of
from ghfund.depreciate import VoucherNumbers as Numbers
from ghfund.money import ZERO, fmt, units_in
from ghfund.month import Month
from ghfund.problems import UserProblem

FLOWS = ("Income", "Expenses")
STEPS = {CARRIED: ("32103", "32104"), RETAINED: ("32203", "32205")}
"""Per net-asset account: its 本年收支结转 and its 累计结转 / 累计结余 sub-accounts."""


class CarryForwardProblem(UserProblem):
    """The year cannot be closed as asked (an earlier year open, no 321/322); text for users."""


@dataclass(frozen=True)
class Line:
    account: str
    amount: Decimal  # debit positive
    fund: str = ""


@dataclass(frozen=True)
class Voucher:
    narration: str
    number: str
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Plan:
    year: int
    vouchers: tuple[Voucher, ...]
    opens: tuple[str, ...]  # the sub-accounts to open on the vouchers' date
    results: dict[str, Decimal]  # the year's result into 321 and 322 (credit positive)

    @property
    def date(self) -> datetime.date:
        return datetime.date(self.year, 12, 31)


def open_flows(book: Book, year: int) -> dict[tuple[str, str], Decimal]:
    """Income and spending balances of ``year`` not yet closed, by (account, fund): the
    year's postings, closing vouchers included, in the book's currency."""
    flows: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    for txn in book.transactions:
        if txn.date.year != year:
            continue
        for posting in txn.postings:
            number = units_in(posting, book.currency)
            if posting.account.split(":", 1)[0] not in FLOWS or number is None:
                continue
            flows[(posting.account, fund_of(posting, txn))] += number
    return {key: value for key, value in flows.items() if value}


def plan(book: Book, year: int) -> Plan:
    """The closing vouchers ``year`` still needs (none when it is closed)."""
    earlier = [y for y in _flow_years(book) if y < year and open_flows(book, y)]
    if earlier:
        raise CarryForwardProblem(
            f"{earlier[0]} 年的收入、支出尚未结转；年终结转须按年度顺序进行，"
            f"请先运行 ghfund carry-forward --year {earlier[0]}"
        )
    flows = open_flows(book, year)
    numbers = Numbers(book)
    income = sorted((k, v) for k, v in flows.items() if k[0].startswith("Income:"))
    spending = sorted((k, v) for k, v in flows.items() if k[0].startswith("Expenses:"))
    needed = {CARRIED if fund else RETAINED for (_, fund) in flows}
    accounts = {
        code: (_account(book, STEPS[code][0]), _account(book, STEPS[code][1])) for code in needed
    }
    vouchers: list[Voucher] = []
    results = {CARRIED: ZERO, RETAINED: ZERO}
    kept: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)  # result by fund
    for title, part in (("结转本年收入", income), ("结转本年支出", spending)):
        if not part:
            continue
        lines = [Line(account, -value, fund) for (account, fund), value in part]
        by_fund: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
        for (_, fund), value in part:
            by_fund[(CARRIED if fund else RETAINED, fund)] += value
        for (code, fund), value in sorted(by_fund.items()):
            lines.append(Line(accounts[code][0], value, fund))
            results[code] -= value
            kept[(code, fund)] -= value
        vouchers.append(_voucher(numbers, year, title, lines))
    moved = [  # each fund's result keeps its name into 累计结转
        line
        for (code, fund), result in sorted(kept.items())
        if result
        for line in (
            Line(accounts[code][0], result, fund),
            Line(accounts[code][1], -result, fund),
        )
    ]
    if moved:
        vouchers.append(_voucher(numbers, year, "结转本年收支结余", moved))
    used = {line.account for voucher in vouchers for line in voucher.lines}
    opens = tuple(sorted(account for account in used if account not in book.opens))
    return Plan(year, tuple(vouchers), opens, results)


def _flow_years(book: Book) -> list[int]:
    return sorted({txn.date.year for txn in book.transactions})


def _voucher(numbers: Numbers, year: int, title: str, lines: list[Line]) -> Voucher:
    return Voucher(f"{year}年{title}", numbers.next(Month(year, 12)), tuple(lines))


def _account(book: Book, code: str) -> str:
    """The book's account of a 321/322 sub-account code (its own name when it opened one),
    else the chart's name under the book's own first-level account."""
    for name in book.opens:
        coded = chart.try_parse(name)
        if coded and coded.code == code:
            return name
    top = code[:3]
    tops = sorted(name for name in book.opens if name.split(":")[1:2] and _is_top(name, top))
    if not tops:
        raise CarryForwardProblem(
            f"账本没有开设 {top} {chart.CHART[top].name} 科目；请先在科目文件中加一行 "
            f"open {chart.account_name(top)}"
        )
    return f"{tops[0]}:{chart.CHART[code].component}"


def _is_top(name: str, top: str) -> bool:
    coded = chart.try_parse(name)
    return coded is not None and coded.code == top and name.count(":") == 1


def entries(book: Book, found: Plan) -> list[data.Directive]:
    """The plan as Beancount entries: the opens, then the vouchers."""
    meta = data.new_metadata("<ghfund carry-forward>", 0)
    result: list[data.Directive] = [
        data.Open(meta, found.date, account, [], None) for account in found.opens
    ]
    for voucher in found.vouchers:
        postings = [
            data.Posting(
                line.account,
                amount.Amount(line.amount, book.currency),
                None,
                None,
                None,
                {"fund": line.fund} if line.fund else None,
            )
            for line in voucher.lines
        ]
        result.append(
            data.Transaction(
                {**meta, "voucher": voucher.number},
                found.date,
                "*",
                None,
                voucher.narration,
                frozenset({CLOSING_TAG}),
                frozenset(),
                postings,
            )
        )
    return result


def text(book: Book, found: Plan) -> str:
    """The plan as Beancount text, for appending to a file of the book."""
    width = max(cjk.width(line.account) for v in found.vouchers for line in v.lines) + 4
    parts = [f";; {found.year} 年终结转：由 ghfund carry-forward 生成（《工会会计制度》年末结账）"]
    if found.opens:
        parts.append("\n".join(f"{found.date} open {account}" for account in found.opens))
    for voucher in found.vouchers:
        lines = [
            f'{found.date} * "{voucher.narration}" #{CLOSING_TAG}',
            f'  voucher: "{voucher.number}"',
        ]
        for line in voucher.lines:
            lines.append(f"  {cjk.ljust(line.account, width)}{line.amount:>14} {book.currency}")
            if line.fund:
                lines.append(f"    fund: {writing.quoted(line.fund)}")
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


def summary(found: Plan) -> str:
    """One line per voucher, then the results."""
    lines = [
        f"{found.date}  {v.number}  {v.narration}（{len(v.lines)} 行）" for v in found.vouchers
    ]
    lines.append(
        f"本年收支结余：转入 32104 累计结转 {fmt(found.results[CARRIED])} 元，"
        f"转入 32205 累计结余 {fmt(found.results[RETAINED])} 元。"
    )
    return "\n".join(lines)


def closed(book: Book, year: int) -> Book:
    """The book with every year through ``year`` closed: the closing vouchers it has not
    booked added in memory (``books --after-closing``). The same book when all are booked."""
    added: list[data.Directive] = []
    current = book
    for each in (y for y in _flow_years(book) if y <= year):
        found = plan(current, each)
        if found.vouchers:
            added += entries(current, found)
            current = Book(
                sorted([*book.entries, *added], key=data.entry_sortkey), book.options_map
            )
    return current
