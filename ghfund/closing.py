"""Virtual year-end closing (docs/CONTRACT.md §3): income and spending close into 321 or 322.

ghfund books have no closing entries: earmarked results (专项资金: postings with a
``fund``, and income to 40302) belong to 321 工会资金结转, everything else to 322
工会资金结余. A book brought from another system may contain closing entries tagged
``#closing``; they move amounts between income/spending and 321/322 and so leave the
virtual balances unchanged, which is why balances include them while a year's income
and spending leave them out.

Plain loops, no pandas: the budget rules use this inside ``bean-check``.
"""

from __future__ import annotations

import bisect
import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from beancount.core import data

from ghfund import chart, index
from ghfund.book import Book
from ghfund.money import ZERO

EARMARKED_CODE = "40302"
EARMARKED_DEFAULT = "专项转移支付补助"  # the fund of 40302 income that names none
CLOSING_TAG = "closing"
CARRIED, RETAINED = "321", "322"  # 工会资金结转 (earmarked), 工会资金结余 (the rest)


def fund_of(posting: data.Posting, txn: data.Transaction) -> str:
    """The earmarked project of an income or spending posting, or "" for ordinary money."""
    root = posting.account.split(":", 1)[0]
    if root not in ("Income", "Expenses"):
        return ""
    return named_fund(posting, txn) or unnamed_fund(posting.account)


def unnamed_fund(account: str) -> str:
    """The fund of an income or spending posting that names none: 40302's default, or ""."""
    coded = chart.try_parse(account)
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
    """The virtual 321/322 balances at the end of each of ``dates``: one pass over the
    postings of the accounts that close or are closed into (``ghfund.index``)."""
    pending = sorted(set(dates))
    shared = index.of(book)
    cuts = [bisect.bisect_right(shared.dates, date) for date in pending]  # txns through each
    carried = [Decimal("0.00")] * len(cuts)  # what moves between consecutive dates
    retained = list(carried)
    funded = shared.with_key("fund")  # where named_fund can find one
    for account, txns in shared.account_txns.items():
        kind = _kind(account)
        if not kind:
            continue
        postings = shared.account_postings[account]
        start, since = 0, 0
        for slot, cut in enumerate(cuts):  # the account's postings between two dates
            end = bisect.bisect_left(txns, cut, start)
            total = _total(postings[start:end])
            if kind in ("321", "earmarked"):
                carried[slot] -= total
            else:
                retained[slot] -= total
            if kind == "flow":  # the postings naming a fund go to 321 instead
                for i in funded[
                    bisect.bisect_left(funded, since) : bisect.bisect_left(funded, cut)
                ]:
                    k = bisect.bisect_left(txns, i, start, end)
                    while k < end and txns[k] == i:
                        if named_fund(postings[k], shared.transactions[i]):
                            number = _total(postings[k : k + 1])
                            carried[slot] -= number
                            retained[slot] += number
                        k += 1
            start, since = end, cut
    result: dict[datetime.date, FundBalances] = {}
    carried_sum = retained_sum = Decimal("0.00")
    for slot, date in enumerate(pending):
        carried_sum += carried[slot]
        retained_sum += retained[slot]
        result[date] = FundBalances(carried_sum, retained_sum)
    return result


def _total(postings: list[data.Posting]) -> Decimal:
    """The sum of the postings' numbers (a posting Beancount could not complete counts 0)."""
    return sum(
        [p.units.number for p in postings if p.units is not None and p.units.number is not None],
        ZERO,
    )


def _kind(account: str) -> str:
    coded = chart.try_parse(account)
    if coded is None:
        return ""
    if coded.top in ("321", "322"):
        return coded.top
    if coded.kind not in (chart.Kind.INCOME, chart.Kind.EXPENSE):
        return ""
    return "earmarked" if coded.code.startswith(EARMARKED_CODE) else "flow"  # as in fund_of
