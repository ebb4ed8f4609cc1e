"""Departure audits (离任审计): every ended term of a listed role is audited, in time, whole.

Terms come from ``ghfund.terms``; a term is audited when its role is listed in
``departure-audit-roles`` on its last day. The departure audits *for* a term are the
person's ``ghfund-audit "departure"`` directives dated on or after the term's end whose
scope overlaps the term: an audit before the departure, or one about another term of
the same person, is not for it. Keys: the term, ``张三/主席/2025-06-30``; a problem of
the audit directive itself (a scope reaching past its own date, an audit for no term),
the person and the audit's date, ``张三/2025-08-20``. The domain (terms, audits, deadlines,
gaps) is ``ghfund.departure_audits``; these are its rules.
"""

from __future__ import annotations

from collections.abc import Sequence

from ghfund import terms
from ghfund.book import Book
from ghfund.departure_audits import (
    audit_key,
    audited_terms,
    audits_for,
    deadline,
    departure_audits,
    described,
    is_for,
    spans,
    uncovered,
)
from ghfund.directives import Audit
from ghfund.errors import GhfundError, source_of
from ghfund.rules import Rule, topic_plugin
from ghfund.terms import Term


class DepartureAuditMissingError(GhfundError):
    rule = "departure-audit-missing"


class DepartureAuditScopeError(GhfundError):
    rule = "departure-audit-scope"


def check_departure_audits_done(book: Book) -> Sequence[DepartureAuditMissingError]:
    """Each audited term has a departure audit within ``departure-audit-days`` of its end."""
    last, audits, errors = book.last_date, departure_audits(book), []
    for term in audited_terms(book):
        if term.end is None:
            continue  # in office (audited_terms gives ended terms only)
        due = deadline(book, term.end)
        if last is None or last <= due:
            continue  # not due yet
        found = audits_for(term, audits)
        if any(a.date <= due for a in found):
            continue
        late = "；".join(f"{described(a)}，逾期 {(a.date - due).days} 天" for a in found)
        fact = f"离任审计晚于期限：{late}" if found else f"至账本最后日期 {last} 没有离任审计"
        errors.append(
            DepartureAuditMissingError(
                source_of(term.end_entry),
                f"{term.person}（{term.role}）于 {term.end} 离任（任期 {term.span()}），"
                f"离任审计期限为 {due}（离任后 {(due - term.end).days} 天），{fact}。"
                "请完成离任审计，并记录 "
                f'custom "ghfund-audit" "departure" "{term.person}" {term.start} {term.end} '
                "（元数据 report 写审计报告文号）；逾期的，由经审会说明原因后处理",
                term.end_entry,
                term.key,
            )
        )
    return errors


def check_departure_audit_scopes(book: Book) -> Sequence[DepartureAuditScopeError]:
    """The departure audits of a term cover all of it; an audit's scope ends by its date and
    belongs to a term of its person."""
    audits, errors = departure_audits(book), []
    for term in audited_terms(book):
        found = audits_for(term, audits)
        gaps = uncovered(term.start, term.end, found) if found and term.end else []
        if not gaps:
            continue
        unknown = "" if term.start_known else "（任期开始日没有记录，按账本起始日计）"
        errors.append(
            DepartureAuditScopeError(
                source_of(found[-1].entry),
                f"{term.person}（{term.role}）任期 {term.span()}{unknown}，离任审计（"
                f"{'；'.join(described(a) for a in found)}）没有覆盖：{spans(gaps)}。"
                "离任审计的范围应为整个任期：请改正审计范围，"
                "或对未覆盖的期间补充审计",
                found[-1].entry,
                term.key,
            )
        )
    every = terms.of_book(book)
    for audit in audits:
        problems = _audit_problems(audit, every.of(audit.person))
        if problems:
            errors.append(
                DepartureAuditScopeError(
                    source_of(audit.entry),
                    f"{audit.person}的离任审计（{described(audit)}）：{'；'.join(problems)}",
                    audit.entry,
                    audit_key(audit),
                )
            )
    return errors


def _audit_problems(audit: Audit, own: Sequence[Term]) -> list[str]:
    """What is wrong with one departure audit directive itself, in Chinese."""
    problems = []
    if audit.end > audit.date:
        problems.append(
            f"审计范围截止日 {audit.end} 晚于审计日期 {audit.date}，审计不能覆盖尚未发生的期间；"
            "请改正截止日（通常为离任日）"
        )
    if any(is_for(audit, term) for term in own):
        return problems
    if not own:
        problems.append(
            f"账本中没有{audit.person}的任职记录（ghfund-officer / ghfund-officer-end）；"
            "请核对姓名，或补记其任职和离任"
        )
    elif not any(t.end is not None and t.end <= audit.date for t in own):
        listed = "、".join(f"{t.role} {t.span()}" for t in own)
        problems.append(
            f"审计日期 {audit.date} 时{audit.person}尚未离任（{listed}）；"
            "请核对审计日期，或补记离任（ghfund-officer-end）"
        )
    else:
        listed = "、".join(f"{t.role} {t.span()}" for t in own if t.end is not None)
        problems.append(f"审计范围与其任期（{listed}）没有重叠；请核对审计范围")
    return problems


RULES: tuple[Rule, ...] = (
    Rule(
        DepartureAuditMissingError,
        "须离任审计的职务离任后，在 departure-audit-days 天内完成离任审计",
        check_departure_audits_done,
    ),
    Rule(
        DepartureAuditScopeError,
        "离任审计的范围覆盖整个任期，且不晚于审计日期",
        check_departure_audit_scopes,
    ),
)

__plugins__ = (topic_plugin(RULES),)
