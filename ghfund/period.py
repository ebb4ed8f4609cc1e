"""Closed periods (结账): which dates a ``ghfund-close`` covers, and how the book now
differs from what each close recorded.

A close covers every entry dated on or before its ``through`` date. A month differs
when its digest now is not the one the close recorded (``ghfund.digest``); a
``ghfund-reopen`` of that month dated after the close allows the difference. Where
the close (or an earlier one with the same month digest) recorded its vouchers'
fingerprints, a difference is told as vouchers added, removed and changed.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ghfund import digest
from ghfund.book import Book
from ghfund.directives import Close, Reopen
from ghfund.month import month_end

VOUCHERS_KEY = "vouchers-"  # metadata "vouchers-2024-01": that month's voucher fingerprints


def _all_months(book: Book, through: datetime.date) -> dict[str, str]:
    return digest.months(book.entries, through, digest.base_of(book.options_map))


def current_months(book: Book, through: datetime.date) -> dict[str, str]:
    """Each month's digest now, for the entries dated on or before ``through``.

    Computed once per book for the latest close date; a close whose date is not its
    month's end has that last month digested separately."""
    latest = max([c.through for c in book.directives.closes] + [through])
    known = book.derived(_all_months, latest)
    key = digest.month_key(through)
    result = {month: value for month, value in known.items() if month < key}
    if through == latest or through == month_end(through):
        if key in known:
            result[key] = known[key]
    else:
        partial = book.derived(_all_months, through).get(key)
        if partial is not None:
            result[key] = partial
    return result


def current_digest(book: Book, through: datetime.date) -> str:
    return digest.period(current_months(book, through))


def excused(close: Close, month: str, reopens: Sequence[Reopen]) -> Reopen | None:
    """The reopening, dated after ``close``, that allows ``month`` to differ from it."""
    for reopen in reopens:
        if reopen.month == month and reopen.date > close.date:
            return reopen
    return None


def is_closed(book: Book, day: datetime.date) -> bool:
    """Whether entries dated ``day`` are covered by a close that no reopening allows to change."""
    month = digest.month_key(day)
    reopens = book.directives.reopens
    return any(
        close.through >= day and excused(close, month, reopens) is None
        for close in book.directives.closes
    )


@dataclass(frozen=True)
class Difference:
    """One month of one close that no longer matches."""

    close: Close
    month: str
    added: tuple[str, ...] = ()  # vouchers
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    told: bool = False  # whether vouchers could be compared (fingerprints were recorded)
    entry: Any = None  # an entry of the month now, to point at (None: none is left)


def differences(book: Book) -> list[Difference]:
    """Every month of every close that differs now and is not reopened: each month once,
    at the earliest close that recorded it differently."""
    closes = sorted(book.directives.closes, key=lambda c: (c.date, c.through))
    reopens = book.directives.reopens
    found: dict[str, Difference] = {}
    for close in closes:
        now = current_months(book, close.through)
        recorded = dict(close.months)
        for month in sorted(set(now) | set(recorded)):
            if month in found or now.get(month) == recorded.get(month):
                continue
            if excused(close, month, reopens) is not None:
                continue
            found[month] = _detail(book, close, month, closes)
    return [found[month] for month in sorted(found)]


def _detail(book: Book, close: Close, month: str, closes: Sequence[Close]) -> Difference:
    entries = _month_entries(book, close, month)
    pointer = entries[0] if entries else None
    recorded = _recorded_prints(close, month, closes)
    if recorded is None:
        return Difference(close, month, entry=pointer)
    base = digest.base_of(book.options_map)
    now = digest.voucher_prints(entries, base)
    added = tuple(sorted(set(now) - set(recorded)))
    removed = tuple(sorted(set(recorded) - set(now)))
    changed = tuple(sorted(v for v in set(now) & set(recorded) if now[v] != recorded[v]))
    named = set(added) | set(changed)
    for entry in entries:
        if (entry.meta or {}).get("voucher") in named:
            pointer = entry
            break
    return Difference(close, month, added, removed, changed, True, pointer)


def _month_entries(book: Book, close: Close, month: str) -> list[Any]:
    year, number = int(month[:4]), int(month[5:])
    start = datetime.date(year, number, 1)
    through = min(close.through, month_end(start))
    return [
        entry
        for entry in digest.by_month(
            (e for e in book.entries if start <= e.date <= through), through
        ).get(month, [])
    ]


def _recorded_prints(close: Close, month: str, closes: Sequence[Close]) -> Mapping[str, str] | None:
    """The voucher fingerprints recorded for ``month`` with the digest ``close`` recorded:
    in ``close`` itself or in another close that recorded the same month digest."""
    wanted = dict(close.months).get(month)
    if wanted is None:
        return {}  # the month had no entries when closed
    for candidate in (close, *closes):
        if dict(candidate.months).get(month) != wanted:
            continue
        text = candidate.entry.meta.get(VOUCHERS_KEY + month)
        if isinstance(text, str):
            return digest.parse_prints(text)
    return None


def covering(book: Book, day: datetime.date) -> Close | None:
    """The close with the earliest ``through`` on or after ``day``, if any."""
    closes = [c for c in book.directives.closes if c.through >= day]
    return min(closes, key=lambda c: (c.through, c.date)) if closes else None


def report_notes(book: Book, as_of: datetime.date) -> tuple[str, ...]:
    """What a report ending ``as_of`` says about closing: the digest of the closed period it
    falls in (to check the printed report later with ``ghfund verify``), and the reopenings
    of months of its year."""
    notes = []
    close = covering(book, as_of)
    if close is not None:
        now = current_digest(book, close.through)
        notes.append(
            f"结账摘要（截至 {close.through}）：{now}；"
            f"核对账本是否仍与本表一致：ghfund verify --digest {now} --through {close.through}"
        )
        if now != close.digest:
            notes.append(
                f"注意：账本已与 {close.date} 结账时的记录不符，已结账月份有变动；"
                "可用 ghfund check --rule period-changed 查看"
            )
    first = f"{as_of.year:04d}-01"
    for reopen in sorted(book.directives.reopens, key=lambda r: (r.month, r.date)):
        if first <= reopen.month <= digest.month_key(as_of):
            notes.append(
                f"{reopen.month} 结账后经批准重新打开（{reopen.date}，{reopen.approved}）："
                f"{reopen.reason}"
            )
    return tuple(notes)
