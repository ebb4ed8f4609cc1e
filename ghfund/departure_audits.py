"""The departure-audit domain (离任审计): which terms must be audited, which audits are for a
term, the deadline, and what of a term no audit covers.

Terms come from ``ghfund.terms``; a term is audited when its role is listed in
``departure-audit-roles`` on its last day. The departure audits *for* a term are the
person's ``ghfund-audit "departure"`` directives dated on or after the term's end whose
scope overlaps the term: an audit before the departure, or one about another term of
the same person, is not for it. The rules (``plugins/audit_rules.py``) and the departure report
(``reports/departure.py``) both reach it here.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from ghfund import terms
from ghfund.book import Book
from ghfund.directives import Audit
from ghfund.terms import Term

DEPARTURE = "departure"
DAY = datetime.timedelta(days=1)


def audited_terms(book: Book) -> list[Term]:
    """The ended terms whose role is listed in ``departure-audit-roles`` on their last day."""
    roles = book.settings.departure_audit_roles
    return [t for t in terms.of_book(book).terms if t.end is not None and t.role in roles(t.end)]


def departure_audits(book: Book) -> list[Audit]:
    return [a for a in book.directives.audits if a.kind == DEPARTURE]


def audit_key(audit: Audit) -> str:
    """The key of a finding about an audit directive itself: ``张三/2025-08-20``."""
    return f"{audit.person}/{audit.date}"


def is_for(audit: Audit, term: Term) -> bool:
    """The audit is of the term's person, dated on or after its end, and overlaps it."""
    return (
        term.end is not None
        and audit.person == term.person
        and audit.date >= term.end
        and audit.start <= term.end
        and audit.end >= term.start
    )


def audits_for(term: Term, audits: Sequence[Audit]) -> list[Audit]:
    return [audit for audit in audits if is_for(audit, term)]


def deadline(book: Book, end: datetime.date) -> datetime.date:
    """The last day for the departure audit of a term ended on ``end``: ``end`` +
    ``departure-audit-days`` in force on that day."""
    return end + datetime.timedelta(days=book.settings.days("departure-audit-days", end))


def uncovered(
    start: datetime.date, end: datetime.date, audits: Sequence[Audit]
) -> list[tuple[datetime.date, datetime.date]]:
    """The intervals from ``start`` to ``end`` that no audit's scope covers, in order."""
    gaps, cursor = [], start
    for audit in sorted(audits, key=lambda a: a.start):
        if audit.start > cursor:
            gaps.append((cursor, min(audit.start - DAY, end)))
        cursor = max(cursor, audit.end + DAY)
        if cursor > end:
            return gaps
    return [*gaps, (cursor, end)]


def spans(intervals: Sequence[tuple[datetime.date, datetime.date]]) -> str:
    return "、".join(f"{start} 至 {end}" for start, end in intervals)


def described(audit: Audit) -> str:
    """``2025-08-20 经审〔2025〕3号，范围 2023-01-01 至 2025-06-30``."""
    report = f" {audit.report}" if audit.report else ""
    return f"{audit.date}{report}，范围 {audit.start} 至 {audit.end}"
