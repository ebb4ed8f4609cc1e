"""Officers' terms (任期) from ``ghfund-officer`` and ``ghfund-officer-end`` directives.

A term belongs to one person in one role; a person in two roles has two terms, and
terms of different people may overlap (the old chairman's end may follow the new
one's start). For each person and role, in date order (file order within a date):

- ``ghfund-officer`` opens a term. Another one while the term is open is a
  re-election (连任): the term goes on, one continuous term, and the line is kept
  in ``restarts`` for the report.
- ``ghfund-officer-end`` closes the open term; its date is the last day in office.
- An end with no term open and no earlier term of that person and role: the term
  began before the book. Its start is the book's first day (``Book.first_day``, or
  the end itself when that is earlier) and ``start_entry`` is None.
- An end with no term open after an earlier term ended (the term ended twice) is a
  ``directive-invalid`` error and is left out: the first end counts.
- A term never ended is open (in office).

Plain Python over the few custom directives: the departure-audit rules use this.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from beancount.core import data

from ghfund.book import Book
from ghfund.directives import DirectiveInvalidError
from ghfund.errors import source_of


@dataclass(frozen=True)
class Term:
    person: str
    role: str
    start: datetime.date  # the first day in office (the book's first day when not recorded)
    end: datetime.date | None  # the last day in office; None while in office
    start_entry: data.Custom | None  # None: the term began before the book
    end_entry: data.Custom | None
    restarts: tuple[data.Custom, ...] = ()  # further ghfund-officer lines: re-elections

    @property
    def key(self) -> str:
        """What a ghfund-ack names for a finding about this term: ``张三/主席/2025-06-30``."""
        return f"{self.person}/{self.role}/{self.end or '在任'}"

    @property
    def start_known(self) -> bool:
        return self.start_entry is not None

    def span(self) -> str:
        """``2023-01-01 至 2025-06-30``, or ``2025-07-01 起在任``."""
        return f"{self.start} 至 {self.end}" if self.end else f"{self.start} 起在任"


@dataclass(frozen=True)
class Terms:
    terms: tuple[Term, ...] = ()  # in order of start, then person and role
    errors: tuple[DirectiveInvalidError, ...] = field(default=())

    def of(self, person: str, role: str | None = None) -> tuple[Term, ...]:
        return tuple(
            t for t in self.terms if t.person == person and (role is None or t.role == role)
        )


def of_book(book: Book) -> Terms:
    """The book's terms, built once per book."""
    return book.derived(_build)


@dataclass
class _Pair:
    """One person's terms in one role while the directives are read."""

    open: data.Custom | None = None
    restarts: list[data.Custom] = field(default_factory=list)
    ended: Term | None = None  # the last closed term


def _build(book: Book) -> Terms:
    pairs: dict[tuple[str, str], _Pair] = {}
    terms: list[Term] = []
    errors: list[DirectiveInvalidError] = []
    first_day = book.first_day
    for officer in book.directives.officers:
        pair = pairs.setdefault((officer.person, officer.role), _Pair())
        if officer.starts:
            if pair.open is None:
                pair.open = officer.entry
            else:
                pair.restarts.append(officer.entry)
            continue
        if pair.open is not None:
            start, begun = pair.open.date, pair.open
        elif pair.ended is None:
            start = min(first_day, officer.date) if first_day else officer.date
            begun = None
        else:
            errors.append(_ended_twice(officer.entry, pair.ended))
            continue
        pair.ended = Term(
            officer.person,
            officer.role,
            start,
            officer.date,
            begun,
            officer.entry,
            tuple(pair.restarts),
        )
        terms.append(pair.ended)
        pair.open, pair.restarts = None, []
    for (person, role), pair in pairs.items():
        if pair.open is not None:
            terms.append(
                Term(person, role, pair.open.date, None, pair.open, None, tuple(pair.restarts))
            )
    terms.sort(key=lambda t: (t.start, t.person, t.role))
    return Terms(tuple(terms), tuple(errors))


def _ended_twice(entry: data.Custom, ended: Term) -> DirectiveInvalidError:
    meta = ended.end_entry.meta if ended.end_entry is not None else {}
    where = f"{meta.get('filename')}:{meta.get('lineno')}"
    return DirectiveInvalidError(
        source_of(entry),
        f"ghfund-officer-end 指令有误：{ended.person}（{ended.role}）的任期已于 {ended.end} "
        f"结束（{where}），此后没有新的任职记录（ghfund-officer）。离任日有误的，改正第一条并删除"
        "这一条；其间再次任职的，补记任职指令",
        entry,
        str(entry.date.year),
    )
