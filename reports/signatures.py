"""The signature block under the statements, one piece every report shares.

《会计法》第二十一条 and 《工会会计制度》第六十四条: the statements are signed and sealed by
the 单位负责人（法定代表人）, the 主管会计工作的负责人 and the 会计机构负责人（会计主管
人员）, under the union's seal (单位公章), with the date they are issued (报出日期). A
name comes from the book's option (``legal-representative``, ``accounting-head``,
``accounting-chief``, ``preparer``) in force on the report's date; where the option is unset,
from the officer in that role then (``ghfund-officer``: 主席 signs as 单位负责人, the
财务负责人 or 会计主管 as 会计机构负责人); else a blank to sign on. An audit pack (离任审计,
同级审查) is signed by the audit committee instead (``audit-chair``, ``auditor``; 经审会主任
from the officers), under the committee's seal.
"""

from __future__ import annotations

import datetime

from ghfund import terms
from ghfund.book import Book
from ghfund.reports.model import AUDIT_SIGNERS, SIGNERS, Signatures, Signer

ROLES: dict[str, tuple[str, ...]] = {
    "legal-representative": ("主席",),
    "accounting-head": ("主管会计工作的负责人", "主管会计工作负责人", "分管财务副主席"),
    "accounting-chief": ("会计机构负责人", "财务负责人", "会计主管"),
    "audit-chair": ("经审会主任",),
}
"""The ``ghfund-officer`` roles that sign in a place whose option is unset, first match wins."""


def in_office(book: Book, roles: tuple[str, ...], date: datetime.date) -> str:
    """The person holding the first of ``roles`` on ``date`` (the latest to start, when terms
    overlap), or ""."""
    for role in roles:
        holders = [
            term
            for term in terms.of_book(book).terms
            if term.role == role and term.start <= date and (term.end is None or date <= term.end)
        ]
        if holders:
            return max(holders, key=lambda term: term.start).person
    return ""


def signer_name(book: Book, signer: Signer, date: datetime.date) -> str:
    """The name printed in ``signer``'s place on ``date``."""
    named = book.settings.signer(signer.option, date)
    if named:
        return named
    return in_office(book, ROLES.get(signer.option, ()), date)


def of_book(
    book: Book, date: datetime.date, audit: bool = False, issued: datetime.date | None = None
) -> Signatures:
    """The signature block of a report dated ``date`` (an audit pack's with ``audit``)."""
    people = []
    for signer in AUDIT_SIGNERS if audit else SIGNERS:
        name = signer_name(book, signer, date)
        if signer.optional and not name:
            continue
        people.append((signer.title, name, signer.sealed))
    return Signatures(tuple(people), "经审会印章" if audit else "单位公章", issued)
