"""Separation of duties (不相容岗位分离): nobody reviews their own voucher, and nobody holds
the cash together with the chair or the books.

``self-review`` reads a transaction's ``preparer`` (制单人) and ``reviewer`` (审核人)
metadata, as the journal import and the voucher screen write them; a voucher without
either is not judged. ``duty-conflict`` reads the officers' terms (``ghfund.terms``): one
person in 出纳 and in 主席 or 会计 on the same day. Keys: the voucher; ``张三/主席/出纳``.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Sequence

from ghfund import index, terms
from ghfund.book import Book
from ghfund.errors import GhfundError, source_of, voucher_key
from ghfund.rules import Rule, topic_plugin
from ghfund.terms import Term

# Roles one person must not hold at once: (role, the cashier).
CONFLICTS: tuple[tuple[str, str], ...] = (("主席", "出纳"), ("会计", "出纳"))


class SelfReviewError(GhfundError):
    rule = "self-review"


class DutyConflictError(GhfundError):
    rule = "duty-conflict"


def check_self_review(book: Book) -> Sequence[SelfReviewError]:
    """A voucher's reviewer is not its preparer."""
    shared, errors = index.of(book), []
    transactions = shared.transactions
    for i in shared.with_key("reviewer"):
        txn = transactions[i]
        meta = txn.meta
        reviewer, preparer = meta.get("reviewer"), meta.get("preparer")
        if reviewer.__class__ is not str or preparer.__class__ is not str:
            continue  # a voucher not signed by both is not judged
        reviewer = reviewer.strip()
        if not reviewer or reviewer != preparer.strip():
            continue
        errors.append(
            SelfReviewError(
                source_of(txn),
                f"凭证由 {reviewer} 制单，又由 {reviewer} 本人审核：制单与审核是不相容岗位，"
                "审核须由制单人以外的人进行。请由另一位经授权的人员重新审核并改正 reviewer",
                txn,
                voucher_key(txn),
            )
        )
    return errors


def _overlap(a: Term, b: Term) -> tuple[datetime.date, datetime.date | None] | None:
    """The days both terms are held, (first, last or None while both go on), or None."""
    start = max(a.start, b.start)
    ends = [end for end in (a.end, b.end) if end is not None]
    end = min(ends) if ends else None
    return None if end is not None and end < start else (start, end)


def check_duties_apart(book: Book) -> Sequence[DutyConflictError]:
    """Nobody is 出纳 while 主席 or 会计."""
    found = terms.of_book(book).terms
    errors = []
    for role, cashier in CONFLICTS:
        for a, b in itertools.product(found, found):
            if a.role != role or b.role != cashier or a.person != b.person:
                continue
            both = _overlap(a, b)
            if both is None:
                continue
            later = max((a, b), key=lambda t: t.start)
            at = later.start_entry or later.end_entry or a.start_entry or a.end_entry
            start, end = both
            span = f"{start} 至 {end}" if end else f"{start} 起"
            errors.append(
                DutyConflictError(
                    source_of(at),
                    f"{a.person} {span} 同时担任{role}和{cashier}：{role}与{cashier}是不相容岗位"
                    "（管钱的不管账、审批的不经手现金），应由不同的人担任。请调整分工，"
                    '并记 custom "ghfund-officer-end" 结束其中一项职务',
                    at,
                    f"{a.person}/{role}/{cashier}",
                )
            )
    return errors


RULES: tuple[Rule, ...] = (
    Rule(SelfReviewError, "凭证的审核人不是制单人本人", check_self_review),
    Rule(
        DutyConflictError,
        "同一人不同时担任主席和出纳，或会计和出纳",
        check_duties_apart,
    ),
)

__plugins__ = (topic_plugin(RULES),)
