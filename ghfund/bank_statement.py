"""A bank statement as typed lines (``Statement``, ``Line``): what ``ghfund.importers.statement``
reads a bank's export into, and what the matching (``ghfund.reconcile``), the bank import
and the 调节表 work on. Kept in the core so that matching needs no importer.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Line:
    row: int  # as the spreadsheet or text file numbers it
    date: datetime.date
    amount: Decimal  # signed: + money into the account (贷方), - out (借方)
    summary: str  # 摘要 (and 用途 / 附言 when present)
    balance: Decimal | None
    counterparty: str
    counter_account: str
    serial: str
    ref: str  # the bank's serial, or a digest of date, amount and 摘要 (see ``_refs``)


@dataclass(frozen=True)
class Statement:
    name: str
    bank: str  # 工商银行 … or "" when the file does not say
    account_no: str
    holder: str
    lines: tuple[Line, ...]  # in date order (a file listing newest first is turned round)

    @property
    def first(self) -> datetime.date:
        return self.lines[0].date

    @property
    def last(self) -> datetime.date:
        return self.lines[-1].date

    @property
    def has_balance(self) -> bool:
        return all(line.balance is not None for line in self.lines)

    def balance_at(self, day: datetime.date) -> Decimal | None:
        """The balance at the end of ``day``: that of the last line on or before it; before
        the first line, the opening balance (first balance less first amount)."""
        if not self.has_balance:
            return None
        before = [line for line in self.lines if line.date <= day]
        if before:
            return before[-1].balance
        first = self.lines[0]
        assert first.balance is not None
        return first.balance - first.amount
