"""The 2% allocation, its upward share and members' dues, per payroll month (docs/CONTRACT.md §3).

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
from ghfund.month import month_end
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
# What makes a payment to the upper union a remittance on its own: the narration says so
# (a training fee or a 互助保障 premium paid to it does not).
SAYS_REMITTANCE = re.compile(
    r"上解|上缴[上级工会拨缴第季度月份年至、\-\d一二三四五六七八九十]{0,10}经费"
)
RECENT = datetime.timedelta(days=186)  # an allocation this recent can be what a payment remits
SHAPE = Decimal("0.01")  # a payment within 1% of an upward share is shaped like one


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


MAX_MONTHS = 12  # the most months one ``payroll:`` value may name together
_RANGE = re.compile(r"\s*(\d{4}-\d{1,2})\s*(?:\.\.|~|～|至|—|–)\s*(\d{4}-\d{1,2})\s*\Z")
_LIST = re.compile(r"[,，、]")
# as treasurers write them: 2025年3月, 2025年1-3月, 2025年1月至3月, 2024年12月至2025年2月
_CHINESE = re.compile(
    r"\s*(\d{4})\s*年\s*(\d{1,2})\s*月?\s*(?:(?:-|—|–|~|～|至|到)\s*(?:(\d{4})\s*年\s*)?"
    r"(\d{1,2})\s*月)?\s*份?\s*\Z"
)


def named_months(value: Any) -> tuple[datetime.date, ...]:
    """The month-ends a ``payroll:`` value names, in order: one month (``2025-02``, any day),
    a range (``"2025-01..2025-03"``) or a list (``"2025-01,2025-02"``); () if it names none
    (a backward range, a repeated month, or more than ``MAX_MONTHS``). Also as written in
    Chinese: ``2025年3月``, ``2025年1-3月``, ``2025年1月至3月``, ``2025-01至2025-03``."""
    value = _canonical(value)
    if isinstance(value, str) and (match := _RANGE.match(value)):
        first, last = named_month(match[1]), named_month(match[2])
        if first is None or last is None or last < first:
            return ()
        months = (first, *month_ends(first, last))
    elif isinstance(value, str) and _LIST.search(value):
        found = [named_month(part) for part in _LIST.split(value)]
        if None in found:
            return ()
        months = tuple(sorted(m for m in found if m is not None))
        if len(set(months)) != len(months):
            return ()
    else:
        one = named_month(value)
        return (one,) if one else ()
    return months if len(months) <= MAX_MONTHS else ()


def _canonical(value: Any) -> Any:
    """A month or range written in Chinese (``_CHINESE``) as ``2025-03`` or
    ``2025-01..2025-03``; anything else as it is."""
    if isinstance(value, str) and (match := _CHINESE.match(value)):
        year, first, last_year, last = match.groups()
        return f"{year}-{first}" + (f"..{last_year or year}-{last}" if last else "")
    return value


def named_month(value: Any) -> datetime.date | None:
    """The month-end of the month a ``payroll:`` value names, or None if it names none."""
    value = _canonical(value)
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
    group: tuple[datetime.date, ...] = ()  # the months its ``payroll:`` names, when several

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
class PayrollMonth:
    """One payroll month: what was due, what arrived, and what happened to the upward share."""

    month: datetime.date  # month-end
    payroll: Payroll | None  # None: receipts name a month the book has no payroll data for
    mode: str | None  # allocation-mode on the directive's date
    due: Decimal | None
    deadline: datetime.date | None
    dues_due: Decimal | None
    receipts: tuple[Receipt, ...]
    credits: tuple[Credit, ...]  # the upward shares credited to 211 for this month
    dues_deadline: datetime.date | None = None  # None: the allocation's

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

    def dues_overdue(self, now: datetime.date | None) -> bool:
        """True once the book has passed the month's deadline for dues."""
        deadline = self.dues_deadline or self.deadline
        return deadline is not None and now is not None and now > deadline


@dataclass(frozen=True)
class ExpensePayment:
    """A transaction that debits Expenses and looks like a payment of the upward share."""

    txn: data.Transaction
    amount: Decimal  # the Expenses debits
    accounts: tuple[str, ...]
    reason: str  # why it looks like a remittance, in Chinese


@dataclass(frozen=True)
class Funding:
    months: tuple[PayrollMonth, ...]  # in month order
    credits: tuple[Credit, ...]  # every credit to 211, in date order
    expense_payments: tuple[ExpensePayment, ...]
    now: datetime.date | None  # the book's last date
    payable_moves: tuple[tuple[datetime.date, Decimal], ...]  # 211 net credits (+) and debits (-)

    def payable_balance(self, date: datetime.date) -> Decimal:
        """The 211 balance (credit positive) at the end of ``date``."""
        dates = [d for d, _ in self.payable_moves]
        end = bisect.bisect_right(dates, date)
        return sum((amount for _, amount in self.payable_moves[:end]), ZERO)

    def between(self, after: datetime.date, through: datetime.date) -> tuple[PayrollMonth, ...]:
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
    allocations = _payroll_allocations(book)  # (date, 2% in full), payroll months then receipts
    shared = index.of(book)
    paid_months = set(_payrolls(book))
    for i in _candidates(shared, kinds, uppers):
        txn = shared.transactions[i]
        named = (
            named_months(txn.meta["payroll"])
            if "payroll" in txn.meta
            else _narrated(txn, kinds, currency, paid_months)
        )
        month = named[-1] if named else None
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
            if receipt.retained + receipt.upward:
                allocations.append((txn.date, receipt.retained + receipt.upward))
            if receipt.allocation or receipt.dues:
                for piece in _apportion(book, receipt, named):
                    receipts.setdefault(piece.month, []).append(piece)
        if expenses:
            found = _remittance_as_expense(book, txn, expenses, allocations)
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


def _narrated(
    txn: data.Transaction,
    kinds: dict[str, str | None],
    currency: str,
    payroll_months: set[datetime.date],
) -> tuple[datetime.date, ...]:
    """A receipt without ``payroll:``: the months its narration names ("收到3月工会经费",
    "2024年9月会费", "1-3月会费"), when they run in a row and the book has payroll data for
    each (without it there is nothing to judge them by); () for anything else."""
    cash_in = credited = False
    for posting in txn.postings:
        kind = kinds.get(posting.account) or _kind(posting.account)
        units = posting.units
        number = units.number if units is not None and units.currency == currency else None
        if kind is None or number is None:
            continue
        cash_in |= kind == CASH and number > 0
        credited |= kind in (RETAINED, PAYABLE, RECEIVABLE, DUES) and number < 0
    if not (cash_in and credited):
        return ()
    months = tuple(sorted(remittance.narration_months(txn.narration or "", txn.date)))
    if not months or len(months) > MAX_MONTHS:
        return ()
    if months[1:] != tuple(month_ends(months[0], months[-1])):
        return ()
    return months if payroll_months.issuperset(months) else ()


def _apportion(
    book: Book, receipt: Receipt, months: tuple[datetime.date, ...]
) -> tuple[Receipt, ...]:
    """A receipt naming several months as one piece per month: the allocation in proportion
    to each month's allocation due, the dues to each month's dues due (equal parts when a
    month has no payroll data), rounded to the cent, the last month taking the remainder."""
    if len(months) < 2:
        return (receipt,)
    payrolls = _payrolls(book)
    due, dues_due = [], []
    for month in months:
        payroll = payrolls.get(month)
        due.append(allocation_due(payroll, book)[1] if payroll else ZERO)
        base = payroll.dues_base if payroll else None
        dues_due.append(cents(base * DUES_RATE) if base is not None else ZERO)
    parts = [
        _split(receipt.retained, due),
        _split(receipt.upward, due),
        _split(receipt.receivable, due),
        _split(receipt.dues, dues_due),
    ]
    return tuple(
        Receipt(receipt.txn, month, parts[0][i], parts[1][i], parts[2][i], parts[3][i], months)
        for i, month in enumerate(months)
    )


def _split(amount: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """``amount`` in parts proportional to ``weights`` (equal when any is zero), to the cent;
    the parts add up to ``amount`` exactly."""
    if not all(weights):
        weights = [Decimal(1)] * len(weights)
    total = sum(weights, ZERO)
    parts = [cents(amount * weight / total) for weight in weights[:-1]]
    return [*parts, amount - sum(parts, ZERO)]


def _payrolls(book: Book) -> dict[datetime.date, Payroll]:
    return {p.month: p for p in book.directives.payrolls}


def _deadline(book: Book, payroll: Payroll, mode: str) -> datetime.date:
    """``allocation-days`` after the payroll directive; in tax mode, after the directive of the
    last month of the refund period (``refund-period``): the refund covers the period."""
    days = book.settings.days("allocation-days", payroll.date)
    deadline = payroll.date + datetime.timedelta(days=days)
    if mode == "tax":
        span = book.settings.refund_months(payroll.date)
        month = payroll.month
        last = -(-month.month // span) * span  # the period's last month in the year
        end = month_end(month.replace(month=last, day=1))
        deadline += end - month
    return deadline


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
) -> tuple[PayrollMonth, ...]:
    payrolls = _payrolls(book)
    by_month: dict[datetime.date, list[Credit]] = {}
    for credit in credits:
        if credit.month is not None:
            by_month.setdefault(credit.month, []).append(credit)
    own: dict[datetime.date, datetime.date] = {}  # each payroll month's own deadline
    for month, recorded in payrolls.items():
        own[month] = _deadline(book, recorded, allocation_due(recorded, book)[0])
    cycles = {
        kind: sorted(
            {
                (r.group[-1] if r.group else r.month, len(r.group) or 1)
                for rs in receipts.values()
                for r in rs
                if kind(r)
            }
        )
        for kind in (_allocated, _dues)
    }
    months = []
    for month in sorted(set(payrolls) | set(receipts)):
        payroll = payrolls.get(month)
        mode: str | None = None
        due = dues_due = None
        deadline = dues_deadline = None
        if payroll is not None:
            mode, due = allocation_due(payroll, book)
            # months paid together are due together: by the latest of their deadlines
            named = receipts.get(month, ())
            together = {m for r in named for m in r.group}
            deadline = dues_deadline = max(own[m] for m in {month, *together} if m in own)
            if not any(_allocated(r) for r in named):
                deadline = max(deadline, _cycle_deadline(month, own, cycles[_allocated]))
            if payroll.dues_base is not None:
                dues_due = cents(payroll.dues_base * DUES_RATE)
                if not any(_dues(r) for r in named):
                    dues_deadline = max(dues_deadline, _cycle_deadline(month, own, cycles[_dues]))
        months.append(
            PayrollMonth(
                month,
                payroll,
                mode,
                due,
                deadline,
                dues_due,
                tuple(receipts.get(month, ())),
                tuple(by_month.get(month, ())),
                dues_deadline,
            )
        )
    return tuple(months)


def _allocated(receipt: Receipt) -> bool:
    return receipt.allocation > 0


def _dues(receipt: Receipt) -> bool:
    return receipt.dues > 0


def _cycle_deadline(
    month: datetime.date,
    own: dict[datetime.date, datetime.date],
    cycles: list[tuple[datetime.date, int]],
) -> datetime.date:
    """The deadline of a month no receipt names yet, in a book collecting by the quarter (or
    any span of months): the last receipt before it named N months (``cycles``: each
    receipt's last month and N, in order), so the month is due with the next N months, by
    the last one's deadline (``refund-period`` does this in tax mode). Its own deadline when
    the last receipt named one month, or there is none."""
    before = [cycle for cycle in cycles if cycle[0] < month]
    if not before:
        return own[month]
    last, span = before[-1]
    gap = (month.year - last.year) * 12 + month.month - last.month
    ahead = -(-gap // span) * span - gap  # months from this one to its period's last
    total = month.year * 12 + month.month - 1 + ahead
    end = month_end(datetime.date(total // 12, total % 12 + 1, 1))
    return own.get(end, own[month] + (end - month))


def _payroll_allocations(book: Book) -> list[tuple[datetime.date, Decimal]]:
    """(directive date, 2% of the payroll) of each payroll month."""
    return [(p.date, cents(p.total * ALLOCATION_RATE)) for p in book.directives.payrolls]


def _upward_share(
    book: Book,
    date: datetime.date,
    amount: Decimal,
    allocations: list[tuple[datetime.date, Decimal]],
) -> Decimal | None:
    """The allocation of the last ``RECENT`` days whose upward share ``amount`` is within
    ``SHAPE`` of, or None."""
    upward = 1 - book.settings.retained_share(date)
    for when, full in allocations:
        share = full * upward
        if date - RECENT <= when <= date and abs(amount - share) <= share * SHAPE:
            return full
    return None


def _remittance_as_expense(
    book: Book,
    txn: data.Transaction,
    expenses: list[tuple[str, Decimal]],
    allocations: list[tuple[datetime.date, Decimal]],
) -> ExpensePayment | None:
    """The payment, if its narration says it remits, or it pays the upper union (or uses an
    account named for remitting) an amount shaped like the upward share of a recent
    allocation. Other payments to the upper union (training fees, 互助保障) are its fees."""
    accounts = tuple(dict.fromkeys(account for account, _ in expenses))
    amount = sum((a for _, a in expenses), ZERO)
    words = SAYS_REMITTANCE.search(txn.narration or "")
    if words:
        return ExpensePayment(txn, amount, accounts, f"摘要写明“{words[0]}”")
    upper = book.settings.upper_union(txn.date)
    named = [a for a in accounts if any(word in a for word in REMITTANCE_ACCOUNT)]
    if upper and (txn.payee or "").strip() == upper:
        reason = f"收款方是上级工会（{upper}）"
    elif named:
        reason = f"支出科目 {named[0]} 的名称写明上缴上级"
    else:
        return None  # paid to a former upper union, under an option no longer in force
    full = _upward_share(book, txn.date, amount, allocations)
    if full is None:
        return None
    share = 1 - book.settings.retained_share(txn.date)
    return ExpensePayment(
        txn, amount, accounts, f"{reason}，金额约为近期拨缴经费 {full:,.2f} 元的 {share:.0%}"
    )
