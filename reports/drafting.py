"""What the audit committee's report drafts share: sections in words, proposed wording,
the findings grouped by rule, the suggestions, and the committee's signature lines.

A draft is a ``Report`` like any other (so every renderer, docx first, prints it): its
sections in words are tables without columns (``Table.prose``), their paragraphs the
notes; a paragraph the committee is expected to rewrite starts with ``PROPOSED``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal

import pandas as pd

from ghfund import terms
from ghfund.book import Book
from ghfund.findings import Finding
from ghfund.money import ZERO, fmt
from ghfund.plugins.all import BEANCOUNT, DESCRIPTIONS
from ghfund.reports.advice import suggestion
from ghfund.reports.model import PROPOSED, Table

CHAIR_ROLES = ("经审会主任", "经费审查委员会主任")
NUMBERS = "一二三四五六七八九十"


def section(name: str, title: str, paragraphs: Iterable[str]) -> Table:
    """A section in words: ``title`` ("一、基本情况") over its paragraphs."""
    return Table(name, title, (), pd.DataFrame(), notes=tuple(paragraphs))


def proposed(text: str) -> str:
    """``text`` marked as wording for the committee to edit."""
    return f"{PROPOSED}{text}"


def percent(value: object) -> str:
    """A rate of a report table (Decimal percentage) as the text says it: ``97.85%``."""
    if value is None or (isinstance(value, float) and value != value):
        return "—"
    return f"{Decimal(str(value)):.2f}%"


def money(value: object) -> str:
    """An amount of a report table as the text says it: ``1,234.50 元``."""
    if value is None or (isinstance(value, float) and value != value):
        return "—"
    return f"{fmt(Decimal(str(value)))} 元"


def audit_findings(rows: Sequence[Finding]) -> list[Finding]:
    """ghfund's findings (not Beancount's errors, which make the figures unreliable and are
    the report's problems), in ``listing``'s order."""
    return [row for row in rows if row.rule != BEANCOUNT]


def findings_paragraphs(rows: Sequence[Finding], none: str) -> list[str]:
    """发现的问题, facts only: per rule the requirement not met, count and amount, then each
    item with its date, voucher, amount and what the rule found."""
    if not rows:
        return [none]
    paragraphs: list[str] = []
    rules = list(dict.fromkeys(row.rule for row in rows))
    for number, rule in enumerate(rules):
        items = [row for row in rows if row.rule == rule]
        amount = sum((row.amount or ZERO for row in items), ZERO)
        involved = f"，涉及金额 {fmt(amount)} 元" if amount else ""
        paragraphs.append(
            f"（{_number(number)}）不符合“{DESCRIPTIONS.get(rule, rule)}”的要求（{rule}）："
            f"{len(items)} 项{involved}。"
        )
        paragraphs += [f"{n}. {_fact(row)}" for n, row in enumerate(items, 1)]
    return paragraphs


def _fact(row: Finding) -> str:
    parts = [
        str(row.date) if row.date else "",
        row.voucher or "",
        f"金额 {fmt(row.amount)} 元" if row.amount else "",
    ]
    where = " ".join(part for part in parts if part)
    return f"{where + '：' if where else ''}{row.fact}"


def suggestions(rows: Sequence[Finding], general: str) -> list[str]:
    """审计建议: one proposed sentence per kind of finding, then the general one."""
    rules = list(dict.fromkeys(row.rule for row in rows))
    texts = list(dict.fromkeys(suggestion(rule) for rule in rules))
    return [proposed(f"{n}. {text}") for n, text in enumerate([*texts, general], 1)]


def _number(index: int) -> str:
    return NUMBERS[index] if index < len(NUMBERS) else str(index + 1)


def chair(book: Book, on: datetime.date) -> str:
    """经审会主任 on ``on``: the ``audit-chair`` option (as the audit packs' statements are
    signed), else the officer of that role in office (ghfund-officer), else empty."""
    named = book.settings.signer("audit-chair", on)
    if named:
        return named
    for term in terms.of_book(book).terms:
        if term.role in CHAIR_ROLES and term.start <= on and (term.end is None or term.end >= on):
            return term.person
    return ""


def signature(union: str, book: Book, on: datetime.date, dated: datetime.date | None) -> Table:
    """The committee's signature lines: 经审会主任 (the officer of that role), the date of
    the audit when the book records it, else blank lines to fill in."""
    name = chair(book, on) or "________"
    when = f"{dated.year}年{dated.month}月{dated.day}日" if dated else "____年__月__日"
    return section(
        "signature",
        "",  # no heading: the lines close the document
        (f"{union}经费审查委员会", f"经审会主任：{name}（签字）", f"日期：{when}"),
    )
