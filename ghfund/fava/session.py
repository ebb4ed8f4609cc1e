"""What the ghfund pages of one Fava ledger share: the book of the current load.

Fava loads the ledger itself (``beancount.loader._load``; the ghfund plugin
runs inside that load and its open findings are Fava's errors). The pages read
the entries and options Fava loaded, as a ``Book``, and compute on request only:
nothing is built when Fava loads the ledger, so opening the book is as fast as
without ghfund's pages. What a page computes (the rules' full result, a report
of one year) is kept until the next load; Fava reloads when a file changes and
then ``forget`` drops it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from ghfund.book import Book
from ghfund.errors import GhfundError

if TYPE_CHECKING:
    from beancount.core import data
    from fava.core import FavaLedger

    from ghfund.findings import Findings
    from ghfund.ledger import Loaded

T = TypeVar("T")


class Session:
    """One load of one Fava ledger, seen as a ghfund ``Book``."""

    def __init__(self, ledger: FavaLedger) -> None:
        self.ledger = ledger
        self.entries = ledger.all_entries
        # Fava types its entries abstractly; they are Beancount's own directives.
        entries = cast("list[data.Directive]", list(self.entries))
        from ghfund.findings import published
        from ghfund.ledger import same_transactions

        seen = published(cast("dict[str, Any]", ledger.options))
        self._published = seen[1] if seen else None
        # The plugin's Book, with what the rules derived, when its transactions are Fava's.
        reuse = seen is not None and same_transactions(seen[0].entries, entries)
        self.book = seen[0] if seen is not None and reuse else Book(entries, dict(ledger.options))
        self._memo: dict[Hashable, Any] = {}
        self._lock = threading.RLock()  # a memo may use another (a view, the findings)

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()`` once per load (one request at a time; an exception is not kept)."""
        with self._lock:
            if key not in self._memo:
                self._memo[key] = compute()
            value: T = self._memo[key]
            return value

    def require_sound(self) -> None:
        """Raise ``LedgerError`` (a Chinese message) when the book holds amounts too large for
        the reports: ``ghfund.ledger`` refuses such a book, and so do the pages."""
        from ghfund import ledger

        found = self.memo("oversized", lambda: ledger.oversized(self.entries))
        if found:
            raise ledger.LedgerError(ledger.too_large_message(found))

    @property
    def findings(self) -> Findings:
        """Every ghfund finding, open and acknowledged: the rules run once, on first use."""
        from ghfund.plugins import all as ghfund_rules

        if self._published is not None:
            return self._published  # what the plugin found while Fava loaded the book
        return self.memo("findings", lambda: ghfund_rules.run(self.book))

    @property
    def beancount_errors(self) -> list[Any]:
        """Beancount's own errors of this load (and other plugins'), not ghfund findings."""
        return [e for e in self.ledger.load_errors if not isinstance(e, GhfundError)]

    @property
    def loaded(self) -> Loaded:
        """This load as ``ghfund.ledger`` would have returned it, for builders that take one."""
        from ghfund.ledger import PLUGIN, Loaded

        plugins = self.book.options_map.get("plugin", [])
        return Loaded(
            self.book,
            tuple(self.beancount_errors),
            self.findings,
            Path(self.ledger.beancount_file_path),
            any(name == PLUGIN for name, _ in plugins),
        )


_SESSIONS: dict[int, Session] = {}
_SESSIONS_LOCK = threading.Lock()


def session_of(ledger: FavaLedger) -> Session:
    """The session of ``ledger``'s current load, made on first use after each load."""
    with _SESSIONS_LOCK:
        session = _SESSIONS.get(id(ledger))
        if (
            session is None
            or session.ledger is not ledger
            or session.entries is not ledger.all_entries
        ):
            session = _SESSIONS[id(ledger)] = Session(ledger)
        return session


def forget(ledger: FavaLedger) -> None:
    """Drop what was computed for ``ledger`` (Fava has loaded it again)."""
    with _SESSIONS_LOCK:
        _SESSIONS.pop(id(ledger), None)
