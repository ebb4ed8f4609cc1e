"""ghfund's error values.

Errors are values, as in Beancount: ``(source, message, entry)``, collected and
returned, never raised for bad ledger data. Each rule has its own subclass named
for the problem (Fava shows the class name on its error page) and carries the
rule's public name, the key an acknowledgment names (a voucher, or a year) and
the amount involved.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar

Meta = dict[str, Any]


@dataclass(frozen=True)
class GhfundError:
    """A finding of one ghfund rule. Subclasses set ``rule``."""

    source: Meta
    message: str
    entry: Any  # the offending directive, or None
    key: str = ""  # what a ghfund-ack names: the voucher, or the year for year-level findings
    amount: Decimal | None = None

    rule: ClassVar[str] = ""

    @property
    def date(self) -> datetime.date | None:
        date = getattr(self.entry, "date", None)
        return date if isinstance(date, datetime.date) else None

    @property
    def voucher(self) -> str | None:
        meta = getattr(self.entry, "meta", None) or {}
        voucher = meta.get("voucher")
        return str(voucher) if voucher is not None else None


def source_of(entry: Any) -> Meta:
    """The source of an error about ``entry``: its meta, so ``file:line`` points at it."""
    meta = getattr(entry, "meta", None)
    if meta is None:
        return {"filename": "<ghfund>", "lineno": 0}
    return dict(meta)


def voucher_key(entry: Any) -> str:
    """The acknowledgment key of a transaction-level finding: its voucher, else its date."""
    meta = getattr(entry, "meta", None) or {}
    voucher = meta.get("voucher")
    if isinstance(voucher, str) and voucher.strip():
        return voucher
    return str(getattr(entry, "date", ""))
