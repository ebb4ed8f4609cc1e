"""Earmarked funds (专项资金): a project never spends more than it has received.

A project is the ``fund`` metadata of a posting (else of its transaction); income to
40302 that names none belongs to the project ``专项转移支付补助``, as in the virtual
closing (``ghfund.closing.fund_of``). What it has received is its income (Income postings naming it) and its share of 321 工会资金结转
carried in (321 postings naming it, such as the opening balances); what it has spent is
its Expenses postings. The receipts of a day count before its spending, so a subsidy
and the purchase it pays for may share a date in any order. The finding sits at the
transaction that takes the project's spending past its money; another follows only
after new money has covered the gap and spending crosses again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby

from beancount.core import data

from ghfund import chart, closing, index
from ghfund.book import Book
from ghfund.errors import GhfundError, source_of, voucher_key
from ghfund.money import ZERO, fmt, units_in
from ghfund.rules import Rule, topic_plugin


class FundOverspentError(GhfundError):
    rule = "fund-overspent"


Move = tuple[data.Transaction, str, Decimal]  # (transaction, fund, received − spent)


@dataclass(frozen=True)
class _Accounts:
    flows: frozenset[str]  # Income and Expenses accounts
    carried: frozenset[str]  # 321 工会资金结转
    earmarked: frozenset[str]  # 40302: earmarked even when no fund is named


def _accounts(book: Book) -> _Accounts:
    flows, carried, earmarked = set(), set(), set()
    for account in book.opens:
        coded = chart.try_parse(account)
        if coded is None:
            continue
        if coded.kind in (chart.Kind.INCOME, chart.Kind.EXPENSE):
            flows.add(account)
            if coded.code.startswith(closing.EARMARKED_CODE):  # as closing.fund_of reads it
                earmarked.add(account)
        elif coded.top == closing.CARRIED:
            carried.add(account)
    return _Accounts(frozenset(flows), frozenset(carried), frozenset(earmarked))


def _moves(book: Book) -> list[Move]:
    """Every transaction's money in (+) and out (−) of each fund it names, in date order."""
    accounts, currency = _accounts(book), book.currency
    moves: list[Move] = []
    shared = index.of(book)  # a move names a fund or is on an earmarked account
    for i in sorted({*shared.with_key("fund"), *shared.touching(accounts.earmarked)}):
        txn = shared.transactions[i]
        named_here = txn.meta.get("fund")
        for posting in txn.postings:
            account = posting.account
            named = posting.meta.get("fund", named_here) if posting.meta else named_here
            if isinstance(named, str) and named.strip():
                if account not in accounts.flows and account not in accounts.carried:
                    continue
                fund = named.strip()
            elif account in accounts.earmarked:
                fund = closing.EARMARKED_DEFAULT
            else:
                continue
            number = units_in(posting, currency)
            if number and not closing.is_closing(txn):
                moves.append((txn, fund, -number))  # credits (income, 321) add, debits take away
    return moves


def check_funds_not_overspent(book: Book) -> Sequence[FundOverspentError]:
    """Each fund's spending so far ≤ what it has received so far, day by day."""
    balance: dict[str, Decimal] = defaultdict(lambda: ZERO)
    received: dict[str, Decimal] = defaultdict(lambda: ZERO)
    spent: dict[str, Decimal] = defaultdict(lambda: ZERO)
    errors = []
    for _, day in groupby(_moves(book), key=lambda move: move[0].date):
        for txn, fund, amount in sorted(day, key=lambda move: move[2] < 0):  # money in first
            before = balance[fund]
            balance[fund] = before + amount
            if amount > 0:
                received[fund] += amount
                continue
            spent[fund] -= amount
            if before >= 0 > balance[fund]:
                errors.append(_finding(txn, fund, received[fund], spent[fund]))
    return errors


def _finding(
    txn: data.Transaction, fund: str, received: Decimal, spent: Decimal
) -> FundOverspentError:
    return FundOverspentError(
        source_of(txn),
        f"专项资金“{fund}”超支：至本笔累计支出 {fmt(spent)} 元，超过累计收到的 {fmt(received)} 元"
        f"（收入加转入的结转），超支 {fmt(spent - received)} 元。专项资金专款专用、不得超支：超出部分"
        "请改由一般经费列支（去掉这部分支出的 fund），或待专项资金到账后再支出；"
        "已发生的由经审会审查处理",
        txn,
        voucher_key(txn),
        spent - received,
    )


RULES: tuple[Rule, ...] = (
    Rule(
        FundOverspentError,
        "每个专项资金（fund）的累计支出不超过累计收到的资金",
        check_funds_not_overspent,
    ),
)

__plugins__ = (topic_plugin(RULES),)
