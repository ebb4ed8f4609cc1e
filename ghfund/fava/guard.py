"""Fava refuses a save that would change a closed month (结账后不得改动).

Fava 1.30 gives an extension no hook before it writes a file (its ``after_*`` hooks
run once the file is written), but it runs every extension's ``before_request``
before each request, and an exception raised there is answered by the JSON API's
error handler: the browser shows the message and nothing is written. So this
extension (no page of its own) looks at the requests that write the ledger — the
editor (``PUT /api/source``), an entry's edit and delete (``/api/source_slice``),
the entry form and the import page (``PUT /api/add_entries``), and attaching a
document to an entry — and compares what the save would change with the closed
periods of the loaded book (``ghfund.period.is_closed``). Saves that change no
closed month pass untouched.
"""

from __future__ import annotations

import datetime
import logging
from collections import Counter
from collections.abc import Callable, Iterable
from http import HTTPStatus
from pathlib import Path
from typing import Any

from fava.ext import FavaExtensionBase
from fava.json_api import FavaJSONAPIError
from flask import request

from ghfund import digest, period
from ghfund.book import Book
from ghfund.fava.session import session_of

log = logging.getLogger(__name__)

CLOSE = "ghfund-close"


class ClosedPeriodError(FavaJSONAPIError):
    """A save refused because it changes a closed month."""

    status = HTTPStatus.CONFLICT


def refusal(months: Iterable[str]) -> str:
    named = "、".join(sorted(set(months)))
    return (
        f"未保存：这次修改会改动已结账的 {named} 的账。结账后的月份不能修改；"
        f"确需更正的，先经批准在账本中记录 ghfund-reopen 重新打开该月"
        f'（如 custom "ghfund-reopen" 该月任一日期，并写 approved 与 reason），保存后再改。'
    )


def _parsed(text: str) -> list[Any]:
    from beancount.parser import parser

    entries, _, _ = parser.parse_string(text)
    return list(entries)


def _meaningful(entry: Any) -> bool:
    return digest.meaningful(entry) or (type(entry).__name__ == "Custom" and entry.type == CLOSE)


def changed_months(book: Book, old: str, new: str) -> list[str]:
    """The closed months whose entries differ between two versions of ledger text, and
    "结账记录" when a ``ghfund-close`` is removed or altered."""
    before = Counter(_lines(book, _parsed(old)))
    after = Counter(_lines(book, _parsed(new)))
    months = set()
    for month, line in (before - after) + (after - before):
        if month == CLOSE:
            if (month, line) in before - after:
                months.add("结账记录（ghfund-close）")
        else:
            months.add(month)
    return sorted(months)


def _lines(book: Book, entries: Iterable[Any]) -> Iterable[tuple[str, str]]:
    for entry in entries:
        if not _meaningful(entry):
            continue
        if type(entry).__name__ == "Custom" and entry.type == CLOSE:
            yield CLOSE, digest.line(entry)
        elif period.is_closed(book, entry.date):
            yield digest.month_key(entry.date), digest.line(entry)


def _closed_dates(book: Book, dates: Iterable[datetime.date]) -> list[str]:
    return sorted({digest.month_key(d) for d in dates if period.is_closed(book, d)})


class ClosedPeriodGuard(FavaExtensionBase):
    """Refuses saves that change a closed month; shows no page."""

    def before_request(self) -> None:
        check = _CHECKS.get(request.endpoint or "")
        if check is None or request.method == "GET":
            return
        book = session_of(self.ledger).book
        if not book.directives.closes:
            return
        try:
            months = check(self, book)
        except Exception:  # a request Fava itself will refuse (bad JSON, unknown entry)
            log.warning("ghfund guard: request %s left to Fava", request.endpoint, exc_info=True)
            return
        if months:
            raise ClosedPeriodError(refusal(months))

    def _source(self, book: Book) -> list[str]:
        body = request.get_json(silent=True) or {}
        path = Path(str(body["file_path"]))
        if str(path) not in self.ledger.options["include"]:
            return []  # Fava refuses it
        return changed_months(book, path.read_text("utf-8"), str(body["source"]))

    def _slice(self, book: Book) -> list[str]:
        from fava.core.file import get_entry_slice

        if request.method == "DELETE":
            entry, new = self.ledger.get_entry(request.args["entry_hash"]), ""
        else:
            body = request.get_json(silent=True) or {}
            entry, new = self.ledger.get_entry(str(body["entry_hash"])), str(body["source"])
        old, _ = get_entry_slice(entry)
        return changed_months(book, old, new)

    def _add_entries(self, book: Book) -> list[str]:
        body = request.get_json(silent=True) or {}
        dates = [datetime.date.fromisoformat(str(e["date"])) for e in body["entries"]]
        return _closed_dates(book, dates)

    def _attach(self, book: Book) -> list[str]:
        if request.is_json:
            entry_hash = str((request.get_json(silent=True) or {})["entry_hash"])
        else:
            entry_hash = request.form.get("hash", "")
            if not entry_hash:
                return []
        return _closed_dates(book, [self.ledger.get_entry(entry_hash).date])


_CHECKS: dict[str, Callable[[ClosedPeriodGuard, Book], list[str]]] = {
    "json_api.put_source": ClosedPeriodGuard._source,
    "json_api.put_source_slice": ClosedPeriodGuard._slice,
    "json_api.delete_source_slice": ClosedPeriodGuard._slice,
    "json_api.put_add_entries": ClosedPeriodGuard._add_entries,
    "json_api.put_attach_document": ClosedPeriodGuard._attach,
    "json_api.put_add_document": ClosedPeriodGuard._attach,
}
