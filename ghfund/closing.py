"""Virtual year-end closing (DESIGN.md §3.2): income and spending close into 321 or 322.

ghfund books have no closing entries: earmarked results (专项资金: postings with a
``fund``, and income to 40302) belong to 321 工会资金结转, everything else to 322
工会资金结余. A book brought from another system may contain closing entries tagged
``#closing``; they move amounts between income/spending and 321/322 and so leave the
virtual balances unchanged, which is why balances include them while a year's income
and spending leave them out.

Plain loops, no pandas: the budget rules use this inside ``bean-check``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from beancount.core import data

from ghfund import chart
from ghfund.book import Book

EARMARKED_CODE = "40302"
EARMARKED_DEFAULT = "专项转移支付补助"  # the fund of 40302 income that names none
CLOSING_TAG = "closing"
CARRIED, RETAINED = "321", "322"  # 工会资金结转 (earmarked), 工会资金结余 (the rest)


def fund_of(posting: data.Posting, txn: data.Transaction) -> str:
    """The earmarked project of an income or spending posting, or "" for ordinary money."""
    root = posting.account.split(":", 1)[0]
    if root not in ("Income", "Expenses"):
        return ""
    named = named_fund(posting, txn)
    if named:
        return named
    coded = chart.try_parse(posting.account)
    return EARMARKED_DEFAULT if coded and coded.code.startswith(EARMARKED_CODE) else ""


def named_fund(posting: data.Posting, txn: data.Transaction) -> str:
    """The ``fund`` metadata of the posting, else of its transaction, or ""."""
    fund: Any = (posting.meta or {}).get("fund", txn.meta.get("fund"))
    return fund.strip() if isinstance(fund, str) else ""


def is_closing(txn: data.Transaction) -> bool:
    return CLOSING_TAG in (txn.tags or ())


@dataclass(frozen=True)
class FundBalances:
    """321 and 322 after virtual closing, credit balances positive."""

    carried: Decimal  # 工会资金结转 (321): earmarked
    retained: Decimal  # 工会资金结余 (322): everything else


def closes_into(top: str, flow: bool, earmarked: bool) -> str | None:
    """Where an amount belongs after virtual closing: CARRIED (321), RETAINED (322) or None.

    ``top`` is the account's first-level code, ``flow`` whether it is an Income or
    Expenses account, ``earmarked`` whether the posting belongs to a fund (``fund_of``).
    Every other account keeps its own balance (None). This is the rule ``fund_balances_at``
    applies posting by posting (inlined there for speed); reports apply it to grouped sums
    (ghfund.reports.balances), and tests check that both agree to the cent.
    """
    if top == CARRIED or (flow and earmarked):
        return CARRIED
    if top == RETAINED or flow:
        return RETAINED
    return None


def fund_balances(book: Book, through: datetime.date) -> FundBalances:
    """The virtual 321/322 balances at the end of ``through``."""
    return fund_balances_at(book, [through])[through]


def fund_balances_at(
    book: Book, dates: Iterable[datetime.date]
) -> dict[datetime.date, FundBalances]:
    """The virtual 321/322 balances at the end of each of ``dates``, in one pass."""
    pending = sorted(set(dates))
    result: dict[datetime.date, FundBalances] = {}
    carried = retained = Decimal("0.00")
    kinds: dict[str, str] = {}  # account -> "321" | "322" | "earmarked" | "flow" | ""
    for txn in book.transactions:
        while pending and txn.date > pending[0]:
            result[pending.pop(0)] = FundBalances(carried, retained)
        if not pending:
            break
        for posting in txn.postings:
            kind = kinds.get(posting.account)
            if kind is None:
                kind = kinds[posting.account] = _kind(posting.account)
            if not kind or posting.units is None or posting.units.number is None:
                continue
            if kind in ("321", "earmarked") or (kind == "flow" and named_fund(posting, txn)):
                carried -= posting.units.number
            else:
                retained -= posting.units.number
    result.update((date, FundBalances(carried, retained)) for date in pending)
    return result


def _kind(account: str) -> str:
    coded = chart.try_parse(account)
    if coded is None:
        return ""
    if coded.top in ("321", "322"):
        return coded.top
    if coded.kind not in (chart.Kind.INCOME, chart.Kind.EXPENSE):
        return ""
    return "earmarked" if coded.code.startswith(EARMARKED_CODE) else "flow"  # as in fund_of
