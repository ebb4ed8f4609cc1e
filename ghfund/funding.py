"""The 2% allocation, its upward share and members' dues, per payroll month (DESIGN.md §3.2).

One pass over a book's transactions, shared by the funding rules and the funding
tables (plain Python, no pandas: the rules run inside ``bean-check``):

- A payroll month is a ``ghfund-payroll`` directive. Its allocation due is
  2% × payroll, half up (self mode), or the retained share of that 2%, half up
  (tax mode: only the refund reaches the union). Options are read on the
  directive's date; the deadline is the directive's date + ``allocation-days``.
- A receipt is a transaction with ``payroll:`` metadata whose cash (101/102)
  flows in. Its allocation is what it credits to 402, 211 and 131 (a tax-mode
  refund settling a year-end receivable); its dues what it credits to 401.
  ``payroll:`` names a month by any of its days (the convention is the month-end).
- Every net credit to 211 (an upward share, the opening balance) is cleared by net
  debits (remittances) matched to it by the month they name (``payroll:``, then the
  narration), then first in, first out (``ghfund.remittance``).

"Now" is the book's last date: a deadline is checked once the book has passed it.
"""

from __future__ import annotations

import bisect
import calendar
import datetime
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from beancount.core import data

from ghfund import chart, index, remittance
from ghfund.book import Book
from ghfund.directives import Payroll
from ghfund.money import ZERO, cents
from ghfund.remittance import Debit, Piece, Share

ALLOCATION_RATE = Decimal("0.02")
DUES_RATE = Decimal("0.005")

# Where a posting belongs for funding purposes, by first-level code.
CASH, RETAINED, PAYABLE, RECEIVABLE, DUES = "cash", "402", "211", "131", "401"
_KINDS = {"101": CASH, "102": CASH, "402": RETAINED, "211": PAYABLE, "131": RECEIVABLE, "401": DUES}
EXPENSE, NAMED_EXPENSE = "expense", "expense-named"  # the latter's name says 上缴上级
_UNKNOWN = "?"

_MONTH_TEXT = re.compile(r"\s*(\d{4})-(\d{1,2})(?:-(\d{1,2}))?\s*\Z")
REMITTANCE_WORDS = re.compile(r"上解|上缴上级|上缴.{0,8}?经费")  # in a narration
REMITTANCE_ACCOUNT = ("上缴上级", "上解")  # in an Expenses account's name


def month_end(date: datetime.date) -> datetime.date:
    return date.replace(day=calendar.monthrange(date.year, date.month)[1])


def month_ends(after: datetime.date, through: datetime.date) -> list[datetime.date]:
    """The month-ends after ``after`` through ``through``, in order."""
    ends = []
    end = month_end(after + datetime.timedelta(days=1))
    while end <= through:
        ends.append(end)
        end = month_end(end + datetime.timedelta(days=1))
    return ends


def month_key(month: datetime.date) -> str:
    """A payroll month as users name it (and as its findings are acknowledged): ``2025-02``."""
    return f"{month:%Y-%m}"


def named_month(value: Any) -> datetime.date | None:
    """The month-end of the month a ``payroll:`` value names, or None if it names none."""
    if isinstance(value, datetime.date):
        return month_end(value)
    if isinstance(value, str) and (match := _MONTH_TEXT.match(value)):
        year, month, day = match.groups()
        try:
            return month_end(datetime.date(int(year), int(month), int(day or 1)))
        except ValueError:
            return None
    return None


@dataclass(frozen=True)
class Receipt:
    """Allocation and dues money received in one transaction naming a payroll month."""

    txn: data.Transaction
    month: datetime.date
    retained: Decimal  # credited to 402
    upward: Decimal  # credited to 211
    receivable: Decimal  # credited to 131
    dues: Decimal  # credited to 401

    @property
    def date(self) -> datetime.date:
        return self.txn.date

    @property
    def allocation(self) -> Decimal:
        return self.retained + self.upward + self.receivable


@dataclass(frozen=True)
class Credit:
    """One net credit to 211 and the remittances that cleared it (``ghfund.remittance``)."""

    txn: data.Transaction
    amount: Decimal
    month: datetime.date | None  # the payroll month of a receipt's upward share
    deadline: datetime.date  # credit date + remit-days
    pieces: tuple[Piece, ...]  # (date, amount, paying transaction, how matched), by date

    @property
    def date(self) -> datetime.date:
        return self.txn.date

    @property
    def cleared(self) -> tuple[tuple[datetime.date, Decimal], ...]:
        """(date, amount) of each piece."""
        return tuple((piece.date, piece.amount) for piece in self.pieces)

    @property
    def remitted(self) -> Decimal:
        return sum((piece.amount for piece in self.pieces), ZERO)

    @property
    def outstanding(self) -> Decimal:
        return self.amount - self.remitted

    def late(self, now: datetime.date) -> Decimal:
        """Cleared after the deadline, plus what is still open once ``now`` is past it."""
        late = sum((p.amount for p in self.pieces if p.date > self.deadline), ZERO)
        return late + (self.outstanding if now > self.deadline else ZERO)


@dataclass(frozen=True)
class Month:
    """One payroll month: what was due, what arrived, and what happened to the upward share."""

    month: datetime.date  # month-end
    payroll: Payroll | None  # None: receipts name a month the book has no payroll data for
    mode: str | None  # allocation-mode on the directive's date
    due: Decimal | None
    deadline: datetime.date | None
    dues_due: Decimal | None
    receipts: tuple[Receipt, ...]
    credits: tuple[Credit, ...]  # the upward shares credited to 211 for this month

    @property
    def key(self) -> str:
        return month_key(self.month)

    @property
    def received(self) -> Decimal:
        return sum((r.allocation for r in self.receipts), ZERO)

    def received_by(self, date: datetime.date) -> Decimal:
        return sum((r.allocation for r in self.receipts if r.date <= date), ZERO)

    @property
    def late_receipts(self) -> tuple[Receipt, ...]:
        deadline = self.deadline
        return tuple(
            r for r in self.receipts if deadline and r.date > deadline and r.allocation > 0
        )

    @property
    def dues_received(self) -> Decimal:
        return sum((r.dues for r in self.receipts), ZERO)

    @property
    def upward(self) -> Decimal:
        return sum((c.amount for c in self.credits), ZERO)

    @property
    def remitted(self) -> Decimal:
        return sum((c.remitted for c in self.credits), ZERO)

    @property
    def outstanding(self) -> Decimal:
        return self.upward - self.remitted

    def overdue(self, now: datetime.date | None) -> bool:
        """True once the book has passed the month's allocation deadline."""
        return self.deadline is not None and now is not None and now > self.deadline


@dataclass(frozen=True)
class ExpensePayment:
    """A transaction that debits Expenses and looks like a payment of the upward share."""

    txn: data.Transaction
    amount: Decimal  # the Expenses debits
    accounts: tuple[str, ...]
    reason: str  # why it looks like a remittance, in Chinese


@dataclass(frozen=True)
class Funding:
    months: tuple[Month, ...]  # in month order
    credits: tuple[Credit, ...]  # every credit to 211, in date order
    expense_payments: tuple[ExpensePayment, ...]
    now: datetime.date | None  # the book's last date
    payable_moves: tuple[tuple[datetime.date, Decimal], ...]  # 211 net credits (+) and debits (-)

    def payable_balance(self, date: datetime.date) -> Decimal:
        """The 211 balance (credit positive) at the end of ``date``."""
        dates = [d for d, _ in self.payable_moves]
        end = bisect.bisect_right(dates, date)
        return sum((amount for _, amount in self.payable_moves[:end]), ZERO)

    def between(self, after: datetime.date, through: datetime.date) -> tuple[Month, ...]:
        """The payroll months whose month-end falls after ``after`` through ``through``."""
        return tuple(m for m in self.months if after < m.month <= through)


def of(book: Book) -> Funding:
    """The book's funding picture, computed once per book and shared by the rules."""
    return book.derived(_compute)


def allocation_due(payroll: Payroll, book: Book) -> tuple[str, Decimal]:
    """(mode, amount due) of a payroll month, with the options in force on the directive's date."""
    mode = book.settings.allocation_mode(payroll.date)
    full = cents(payroll.total * ALLOCATION_RATE)
    if mode == "tax":
        return mode, cents(full * book.settings.retained_share(payroll.date))
    return mode, full


def _credits(book: Book, moves: list[Share | Debit]) -> tuple[Credit, ...]:
    """Match the 211 moves (``ghfund.remittance``) and freeze the credits, in book order."""
    remittance.match(moves)
    days = book.settings.days
    return tuple(
        Credit(
            share.txn,
            share.amount,
            share.month,
            share.txn.date + datetime.timedelta(days=days("remit-days", share.txn.date)),
            tuple(sorted(share.pieces, key=lambda piece: piece.date)),
        )
        for share in moves
        if isinstance(share, Share)
    )


def _compute(book: Book) -> Funding:
    currency = book.currency
    uppers = {str(value) for _, value in book.settings.history("upper-union")}
    kinds: dict[str, str | None] = {}
    moves: list[Share | Debit] = []
    payable_moves: list[tuple[datetime.date, Decimal]] = []
    receipts: dict[datetime.date, list[Receipt]] = {}
    expense_payments: list[ExpensePayment] = []
    shared = index.of(book)
    for i in _candidates(shared, kinds, uppers):
        txn = shared.transactions[i]
        month = named_month(txn.meta["payroll"]) if "payroll" in txn.meta else None
        suspect: bool | None = None  # looks like a remittance; decided at the first expense
        sums: dict[str, Decimal] = {}
        expenses: list[tuple[str, Decimal]] = []
        for posting in txn.postings:
            account = posting.account
            kind = kinds.get(account, _UNKNOWN)
            if kind == _UNKNOWN:
                kind = kinds[account] = _kind(account)
            if kind is None or (kind == CASH and month is None):
                continue
            if kind == EXPENSE:
                if suspect is None:
                    suspect = (txn.payee or "").strip() in uppers or bool(
                        REMITTANCE_WORDS.search(txn.narration or "")
                    )
                if not suspect:
                    continue
            units = posting.units
            if units is None or units.currency != currency or units.number is None:
                continue
            if kind in (EXPENSE, NAMED_EXPENSE):
                if units.number > 0:
                    expenses.append((account, units.number))
            else:
                sums[kind] = sums.get(kind, ZERO) + units.number
        net_payable = -sums.get(PAYABLE, ZERO)
        if net_payable > 0:
            moves.append(Share(txn, net_payable, month))
            payable_moves.append((txn.date, net_payable))
        elif net_payable < 0:
            moves.append(Debit(txn, -net_payable, remittance.named(txn, month)))
            payable_moves.append((txn.date, net_payable))
        if month is not None and sums.get(CASH, ZERO) > 0:
            receipt = Receipt(
                txn,
                month,
                -sums.get(RETAINED, ZERO),
                max(net_payable, ZERO),
                -sums.get(RECEIVABLE, ZERO),
                -sums.get(DUES, ZERO),
            )
            if receipt.allocation or receipt.dues:
                receipts.setdefault(month, []).append(receipt)
        if expenses:
            found = _remittance_as_expense(book, txn, expenses)
            if found:
                expense_payments.append(found)
    credits = _credits(book, moves)
    return Funding(
        _months(book, receipts, credits),
        credits,
        tuple(expense_payments),
        book.last_date,
        tuple(payable_moves),
    )


def _candidates(shared: index.Index, kinds: dict[str, str | None], uppers: set[str]) -> list[int]:
    """The transactions ``_compute`` can take anything from, in book order: those posting to
    211, 402, 131, 401 or an Expenses account named for remitting, those with ``payroll``
    (their cash), and the other expenses that look like a remittance. Fills ``kinds``."""
    found = set(shared.with_key("payroll"))
    for account, txns in shared.account_txns.items():
        kind = kinds[account] = _kind(account)
        if kind is not None and kind not in (CASH, EXPENSE):
            found.update(txns)
    for i in {*shared.with_payee(uppers), *shared.narrated(REMITTANCE_WORDS)}:  # both rare
        if any(kinds[p.account] == EXPENSE for p in shared.transactions[i].postings):
            found.add(i)
    return sorted(found)


def _kind(account: str) -> str | None:
    if account.startswith("Expenses:"):
        return NAMED_EXPENSE if any(word in account for word in REMITTANCE_ACCOUNT) else EXPENSE
    coded = chart.try_parse(account)
    return _KINDS.get(coded.top) if coded else None


def _months(
    book: Book, receipts: dict[datetime.date, list[Receipt]], credits: tuple[Credit, ...]
) -> tuple[Month, ...]:
    payrolls = {p.month: p for p in book.directives.payrolls}
    by_month: dict[datetime.date, list[Credit]] = {}
    for credit in credits:
        if credit.month is not None:
            by_month.setdefault(credit.month, []).append(credit)
    months = []
    for month in sorted(set(payrolls) | set(receipts)):
        payroll = payrolls.get(month)
        mode: str | None = None
        due = dues_due = None
        deadline = None
        if payroll is not None:
            mode, due = allocation_due(payroll, book)
            days = book.settings.days("allocation-days", payroll.date)
            deadline = payroll.date + datetime.timedelta(days=days)
            if payroll.dues_base is not None:
                dues_due = cents(payroll.dues_base * DUES_RATE)
        months.append(
            Month(
                month,
                payroll,
                mode,
                due,
                deadline,
                dues_due,
                tuple(receipts.get(month, ())),
                tuple(by_month.get(month, ())),
            )
        )
    return tuple(months)


def _remittance_as_expense(
    book: Book, txn: data.Transaction, expenses: list[tuple[str, Decimal]]
) -> ExpensePayment | None:
    """The payment, if it pays the upper union, says so, or uses an account named for it."""
    accounts = tuple(dict.fromkeys(account for account, _ in expenses))
    upper = book.settings.upper_union(txn.date)
    words = REMITTANCE_WORDS.search(txn.narration or "")
    named = [a for a in accounts if any(word in a for word in REMITTANCE_ACCOUNT)]
    if upper and (txn.payee or "").strip() == upper:
        reason = f"收款方是上级工会（{upper}）"
    elif words:
        reason = f"摘要写明“{words[0]}”"
    elif named:
        reason = f"支出科目 {named[0]} 的名称写明上缴上级"
    else:
        return None  # paid to a former upper union, under an option no longer in force
    return ExpensePayment(txn, sum((a for _, a in expenses), ZERO), accounts, reason)
