"""Findings and their disposition: open, or acknowledged by a ``ghfund-ack``.

Every rule's errors pass through ``dispose``: a finding whose rule and key an
acknowledgment names is acknowledged and no longer fails the check (its progress in the
整改台账 — 已说明, 整改中, 逾期未整改, 已整改 — is ``ghfund.rectification``'s);
an acknowledgment that matches no finding is itself an ``ack-unmatched`` error,
so an ack can never hide anything but what it names.

The Beancount plugin returns only the open errors. ``ghfund`` commands need the
acknowledged ones too, without running the rules a second time: while a
``capture()`` block is active the plugin also publishes its whole ``Findings``.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime
from collections.abc import Iterable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from ghfund import rectification
from ghfund.book import Book
from ghfund.directives import Ack
from ghfund.errors import GhfundError, source_of
from ghfund.explain import explain
from ghfund.money import plain


class AckUnmatchedError(GhfundError):
    rule = "ack-unmatched"


# Findings that must be fixed in the book, not acknowledged.
NOT_ACKNOWLEDGEABLE = frozenset(
    {"ack-unmatched", "setting-invalid", "directive-invalid", "rule-failed", "period-changed"}
)


@dataclass(frozen=True)
class Findings:
    open: tuple[GhfundError, ...] = ()
    acknowledged: tuple[tuple[GhfundError, Ack], ...] = ()
    # each ack's (rule, key) → its status in the 整改台账 and the closing ref (复查销号)
    progress: Mapping[tuple[str, str], tuple[rectification.Status, str | None]] = field(
        default_factory=dict
    )

    def __len__(self) -> int:
        return len(self.open) + len(self.acknowledged)

    def only(self, rules: Iterable[str]) -> Findings:
        """The findings of the named rules."""
        names = frozenset(rules)
        return replace(
            self,
            open=tuple(e for e in self.open if e.rule in names),
            acknowledged=tuple(pair for pair in self.acknowledged if pair[0].rule in names),
        )

    def in_year(self, year: int) -> Findings:
        """The findings about entries dated in ``year`` (a year-level finding's directive is)."""
        return self.between(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    def between(self, start: datetime.date, end: datetime.date) -> Findings:
        """The findings about entries dated from ``start`` through ``end``."""

        def dated(error: GhfundError) -> bool:
            return error.date is not None and start <= error.date <= end

        return replace(
            self,
            open=tuple(e for e in self.open if dated(e)),
            acknowledged=tuple(pair for pair in self.acknowledged if dated(pair[0])),
        )

    def keyed(self, keys: Iterable[str]) -> Findings:
        """The findings whose acknowledgment key is one of ``keys``."""
        wanted = frozenset(keys)
        return replace(
            self,
            open=tuple(e for e in self.open if e.key in wanted),
            acknowledged=tuple(pair for pair in self.acknowledged if pair[0].key in wanted),
        )

    def status(self, ack: Ack) -> tuple[rectification.Status, str | None]:
        """``ack``'s status in the 整改台账 and the ref that closed it (已说明 when unknown)."""
        return self.progress.get((ack.rule, ack.key), ("explained", None))


def dispose(errors: Iterable[GhfundError], book: Book, rules: Iterable[str]) -> Findings:
    """Split ``errors`` into open and acknowledged by ``book``'s acks; report acks that match
    nothing; note where each ack's item stands in the 整改台账."""
    acks = book.directives.acks
    known = frozenset(rules)
    by_key: dict[tuple[str, str], Ack] = {}
    problems: list[GhfundError] = []
    for ack in acks:
        if (ack.rule, ack.key) in by_key:
            problems.append(
                _unmatched(ack, f"同一发现（{ack.rule} {ack.key}）已有处理记录；请删除重复的一条")
            )
        else:
            by_key[(ack.rule, ack.key)] = ack
    used: set[tuple[str, str]] = set()
    open_: list[GhfundError] = []
    acknowledged: list[tuple[GhfundError, Ack]] = []
    for error in errors:
        found = by_key.get((error.rule, error.key.strip()))  # ack keys are stripped too
        if found is None or error.rule in NOT_ACKNOWLEDGEABLE:
            open_.append(error)
        else:
            acknowledged.append((error, found))
            used.add((found.rule, found.key))
    for pair, ack in by_key.items():
        if pair in used:
            continue
        if ack.rule in NOT_ACKNOWLEDGEABLE:
            problems.append(
                _unmatched(ack, f"规则 {ack.rule} 的问题须在账本中改正，不能以处理记录豁免")
            )
        elif ack.rule not in known:
            names = "、".join(sorted(known - NOT_ACKNOWLEDGEABLE))
            problems.append(_unmatched(ack, f"未知的规则名 “{ack.rule}”；可用：{names}"))
        else:
            problems.append(
                _unmatched(
                    ack,
                    f"处理记录（{ack.ref}）没有对应的发现：规则 {ack.rule} 在 {ack.key} 没有问题；"
                    "核对凭证号或年度，或删除这条已不需要的处理记录",
                )
            )
    progress = {}
    for ack in by_key.values():
        state, closing = rectification.of_ack(book, ack)
        progress[(ack.rule, ack.key)] = (state, closing.ref if closing else None)
    return Findings(tuple(open_ + problems), tuple(acknowledged), progress)


def _unmatched(ack: Ack, message: str) -> AckUnmatchedError:
    return AckUnmatchedError(source_of(ack.entry), message, ack.entry, ack.key)


_CAPTURE: ContextVar[list[tuple[Book, Findings]] | None] = ContextVar(
    "ghfund_findings", default=None
)


@contextlib.contextmanager
def capture() -> Iterator[list[tuple[Book, Findings]]]:
    """Collect what the plugin publishes while loading inside this block."""
    box: list[tuple[Book, Findings]] = []
    token = _CAPTURE.set(box)
    try:
        yield box
    finally:
        _CAPTURE.reset(token)


_RECENT: dict[int, tuple[dict[str, Any], Book, Findings]] = {}
RECENT_LOADS = 4  # loads whose findings are kept for a reader outside the load (Fava)
# Released before the interpreter's own teardown, which would otherwise walk every object of
# the kept books in its final collections (1.6 s at the end of a 100k book's bean-check).
atexit.register(_RECENT.clear)


def publish(book: Book, findings: Findings) -> None:
    """Hand the book the plugin read and its whole Findings to an active capture(), if any,
    and keep them for ``published`` (the last few loads only)."""
    box = _CAPTURE.get()
    if box is not None:
        box.append((book, findings))  # ghfund's own load: the reports reuse what was derived
    # Fava's pages reuse what the rules derived (the index, the funding picture) as well.
    options = book.options_map
    _RECENT.pop(id(options), None)
    _RECENT[id(options)] = (options, book, findings)
    while len(_RECENT) > RECENT_LOADS:
        _RECENT.pop(next(iter(_RECENT)))


def published(options_map: dict[str, Any]) -> tuple[Book, Findings] | None:
    """What the plugin published during the load that produced ``options_map`` (Fava hands
    its extensions the options of its own load), if it ran and is still remembered."""
    found = _RECENT.get(id(options_map))
    if found is None or found[0] is not options_map:
        return None
    return found[1], found[2]


OPEN = "未处理"  # the status label of an open finding


@dataclass(frozen=True)
class Finding:
    """One line of a findings list, for every output: CLI, reports, Fava."""

    rule: str
    message: str
    date: datetime.date | None
    filename: str | None
    lineno: int | None
    voucher: str | None
    amount: Decimal | None
    key: str
    status: str  # "open" | "acknowledged"
    ref: str | None = None  # the acknowledgment's reference (经审会文号)
    progress: rectification.Status | None = None  # an acknowledged one's, in the 整改台账
    action: str | None = None  # 整改 | 说明
    owner: str | None = None
    measure: str | None = None
    due: datetime.date | None = None
    closed: str | None = None  # the ref of its 复查销号 (ghfund-rectified)

    @classmethod
    def of(
        cls, error: GhfundError, ack: Ack | None = None, findings: Findings | None = None
    ) -> Finding:
        found = cls(
            error.rule,
            error.message,
            error.date,
            _filename(error.source),
            _lineno(error.source),
            error.voucher,
            error.amount,
            error.key,
            "acknowledged" if ack else "open",
            ack.ref if ack else None,
        )
        if ack is None:
            return found
        progress, closed = (findings or Findings()).status(ack)
        return replace(
            found,
            progress=progress,
            action=ack.action,
            owner=ack.owner,
            measure=ack.measure,
            due=ack.due,
            closed=closed,
        )

    @property
    def fact(self) -> str:
        """What was found, without how to fix it: ghfund's messages say the fact first (their
        first sentence), then the fix; the committee's documents state the fact."""
        head, stop, _ = self.message.partition("。")
        return head + stop

    @property
    def label(self) -> str:
        """The status as users read it: 未处理, or the 整改台账's 已说明 … 已整改."""
        return rectification.STATUSES[self.progress] if self.progress else OPEN

    @classmethod
    def of_beancount(cls, error: Any) -> Finding:
        """A Beancount error (the book does not load cleanly) as a finding of rule ``beancount``."""
        entry = getattr(error, "entry", None)
        date = getattr(entry, "date", None)
        meta = getattr(entry, "meta", None) or {}
        voucher = meta.get("voucher")
        return cls(
            "beancount",
            explain(error),
            date if isinstance(date, datetime.date) else None,
            _filename(error.source),
            _lineno(error.source),
            str(voucher) if voucher is not None else None,
            None,
            "",
            "open",
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "message": self.message,
            "date": self.date.isoformat() if self.date else None,
            "filename": self.filename,
            "lineno": self.lineno,
            "voucher": self.voucher,
            "amount": plain(self.amount),
            "key": self.key,
            "status": self.status,
            "ref": self.ref,
            "progress": self.progress,
            "action": self.action,
            "owner": self.owner,
            "measure": self.measure,
            "due": self.due.isoformat() if self.due else None,
            "closed": self.closed,
        }


def listing(findings: Findings, errors: Iterable[Any] = ()) -> list[Finding]:
    """Every finding as output records: Beancount's errors, then open, then acknowledged."""
    rows = [Finding.of_beancount(error) for error in errors]
    rows += sorted((Finding.of(e) for e in findings.open), key=_order)
    rows += sorted((Finding.of(e, ack, findings) for e, ack in findings.acknowledged), key=_order)
    return rows


def _order(finding: Finding) -> tuple[str, datetime.date, str, int]:
    return (
        finding.rule,
        finding.date or datetime.date.min,
        finding.filename or "",
        finding.lineno or 0,
    )


def _filename(source: Any) -> str | None:
    name = (source or {}).get("filename")
    return None if name is None or str(name).startswith("<") else str(name)


def _lineno(source: Any) -> int | None:
    lineno = (source or {}).get("lineno")
    return int(lineno) if lineno else None
