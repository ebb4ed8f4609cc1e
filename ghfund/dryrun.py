"""What saving a voucher would make the rules find: every rule of the catalogue run on
the book plus the voucher, keeping only the findings the book did not have already.

The book is the one already loaded (Fava's, or the command's): the voucher's
transaction is put in its place among the entries and the rules run once on that new
``Book`` (``ghfund.plugins.all.run``). A finding is new when no finding of the book
has the same rule, key and message. Beancount's own balance assertions are not rerun:
an assertion dated after the voucher on an account it posts to will no longer hold
(it held before, or the book already shows the error), and is told as such.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from beancount.core import data

from ghfund.book import Book
from ghfund.findings import Findings
from ghfund.money import ZERO, fmt, units_in


@dataclass(frozen=True)
class Caused:
    rule: str
    message: str

    def as_json(self) -> dict[str, str]:
        return {"rule": self.rule, "message": self.message}


def caused(
    book: Book, known: Findings, txn: data.Transaction, replacing: data.Transaction | None = None
) -> list[Caused]:
    """The findings ``txn`` would add to ``book`` (whose findings are ``known``), in place of
    ``replacing`` when it is an edit."""
    from ghfund.plugins import all as ghfund_rules

    entries = [e for e in book.entries if e is not replacing]
    keys = [data.entry_sortkey(e) for e in entries]
    entries.insert(bisect.bisect_right(keys, data.entry_sortkey(txn)), txn)
    after = ghfund_rules.run(Book(entries, book.options_map))
    before = {(e.rule, e.key, e.message) for e in known.open}
    before |= {(e.rule, e.key, e.message) for e, _ in known.acknowledged}
    found = [
        Caused(e.rule, e.message) for e in after.open if (e.rule, e.key, e.message) not in before
    ]
    return _assertions(book, txn) + found


def _assertions(book: Book, txn: data.Transaction) -> list[Caused]:
    found = []
    for entry in book.entries:
        if not isinstance(entry, data.Balance) or entry.date <= txn.date:
            continue
        under = entry.account + ":"
        change = sum(
            (
                units_in(p, entry.amount.currency) or ZERO
                for p in txn.postings
                if p.account == entry.account or p.account.startswith(under)
            ),
            ZERO,
        )
        if change:
            found.append(
                Caused(
                    "beancount",
                    f"{entry.date} 的余额断言（{entry.account} {fmt(entry.amount.number)} 元）"
                    f"在本凭证日期之后，保存后将相差 {fmt(change)} 元：请核对凭证日期",
                )
            )
    return found
