"""Entries as tidy pandas frames for reports. Money stays ``Decimal`` (object columns).

Rules do not use this module (they loop over entries; pandas would slow every
``bean-check``); reports build on it. Import it lazily from code the plugin runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import numpy as np
import numpy.typing as npt
import pandas as pd
from beancount.core import data

from ghfund import chart, index
from ghfund.book import Book
from ghfund.closing import fund_of, is_closing, unnamed_fund

POSTING_COLUMNS = (
    "date",  # datetime.date
    "year",  # int
    "account",
    "code",  # effective code of the account ("" when it does not follow the chart)
    "top",  # first-level code
    "root",  # Assets | Liabilities | Equity | Income | Expenses
    "amount",  # Decimal, debit positive, credit negative (Beancount's sign)
    "currency",
    "voucher",
    "fund",  # earmarked project name, or "" (see ghfund.closing.fund_of)
    "closing",  # the transaction carries #closing: a closing entry from another system
    "payee",
    "narration",
    "txn",  # index of the transaction in book.transactions
)


def postings(book: Book) -> pd.DataFrame:
    """One row per posting of every transaction, in date order; built once per book.

    A report about one year or a few accounts takes the narrower frames below: the same
    rows, those it would select from this one, without building the others."""
    return book.derived(_postings)


def in_years(book: Book, first: int, last: int) -> pd.DataFrame:
    """The rows of ``postings`` dated in the years ``first`` to ``last``; once per book."""
    return book.derived(_in_years, first, last)


def on_accounts(book: Book, tops: frozenset[str]) -> pd.DataFrame:
    """The rows of ``postings`` on the accounts whose first-level code is one of ``tops``,
    all years; once per book and ``tops``."""
    return book.derived(_on_accounts, tops)


def of_transactions(book: Book, txns: Sequence[int]) -> pd.DataFrame:
    """The rows of ``postings`` of the transactions ``txns`` (indexes in book.transactions,
    ascending), every posting of each."""
    return _frame(book, txns, None)


def _postings(book: Book) -> pd.DataFrame:
    return _frame(book, range(len(book.transactions)), None)


def _in_years(book: Book, first: int, last: int) -> pd.DataFrame:
    if first < last:  # the years' own frames, which reports of single years share
        years = [in_years(book, year, year) for year in range(first, last + 1)]
        return pd.concat([frame for frame in years if len(frame)] or years[:1], ignore_index=True)
    shared = index.of(book)
    return _frame(book, range(shared.in_year(first).start, shared.in_year(last).stop), None)


def _on_accounts(book: Book, tops: frozenset[str]) -> pd.DataFrame:
    shared = index.of(book)
    accounts = frozenset(a for a in shared.account_txns if chart.top_of(a) in tops)
    return _frame(book, shared.touching(accounts), accounts)


def _frame(book: Book, txns: Sequence[int], only: frozenset[str] | None) -> pd.DataFrame:
    """The postings of ``txns`` (only those on the accounts ``only`` unless None) as rows."""
    # Reports of a 100k-transaction book build this frame every time, so the loop over
    # postings collects only what differs per posting; values of a transaction or of an
    # account are computed once and spread over its postings afterwards.
    transactions = book.transactions
    txn_of: list[int] = []
    picked: list[int] = []  # position of each row's transaction in ``txns``
    accounts: list[str] = []
    amounts: list[Decimal] = []
    currencies: list[str] = []
    funds: list[str] = []
    unnamed: dict[str, str] = {}  # flow account -> its fund where no posting names one
    chosen = [transactions[i] for i in txns]
    for position, (i, txn) in enumerate(zip(txns, chosen, strict=True)):
        named = "fund" in txn.meta
        for posting in txn.postings:
            units = posting.units
            if units is None or units.number is None:
                continue
            account = posting.account
            if only is not None and account not in only:
                continue
            txn_of.append(i)
            picked.append(position)
            accounts.append(account)
            amounts.append(units.number)
            currencies.append(units.currency)
            if not account.startswith(_FLOWS):
                funds.append("")
            elif named or (posting.meta and "fund" in posting.meta):
                funds.append(fund_of(posting, txn))
            else:  # as fund_of, without reading the chart for every posting
                fund = unnamed.get(account)
                if fund is None:
                    fund = unnamed[account] = unnamed_fund(account)
                funds.append(fund)
    rows = np.asarray(picked, dtype=np.intp)
    per_account = {account: _account_columns(account) for account in set(accounts)}
    columns: dict[str, object] = {
        "date": _objects([txn.date for txn in chosen])[rows],
        "year": np.fromiter((txn.date.year for txn in chosen), np.int64, len(chosen))[rows],
        "account": accounts,
        "code": [per_account[account][0] for account in accounts],
        "top": [per_account[account][1] for account in accounts],
        "root": [per_account[account][2] for account in accounts],
        "amount": _objects(amounts),
        "currency": currencies,
        "voucher": _objects([_voucher(txn) for txn in chosen])[rows],
        "fund": funds,
        "closing": np.fromiter((is_closing(txn) for txn in chosen), bool, len(chosen))[rows],
        "payee": _objects([txn.payee or "" for txn in chosen])[rows],
        "narration": _objects([txn.narration or "" for txn in chosen])[rows],
        "txn": np.asarray(txn_of, dtype=np.intp),
    }
    return pd.DataFrame(columns, columns=list(POSTING_COLUMNS))


_FLOWS = ("Income:", "Expenses:")  # only their postings can belong to a fund (fund_of)


def _account_columns(account: str) -> tuple[str, str, str]:
    """(code, top, root) of an account; code and top are "" off the chart."""
    coded = chart.try_parse(account)
    code, top = (coded.code, coded.top) if coded else ("", "")
    return code, top, account.split(":", 1)[0]


def _objects(values: Sequence[object]) -> npt.NDArray[np.object_]:
    """``values`` as an object array: Decimal and date stay Python objects."""
    return np.fromiter(values, dtype=object, count=len(values))


def _voucher(txn: data.Transaction) -> str:
    voucher = txn.meta.get("voucher")
    return voucher if isinstance(voucher, str) else ""
