"""What the ghfund pages of one Fava ledger share: the book of the current load.

Fava loads the ledger itself (``beancount.loader._load``; the ghfund plugin
runs inside that load and its open findings are Fava's errors). The pages read
the entries and options Fava loaded, as a ``Book``, and compute on request only:
nothing is built when Fava loads the ledger, so opening the book is as fast as
without ghfund's pages. What a page computes (the rules' full result, a report
of one year) is kept until the next load (``Session.memo``); Fava reloads when a file
changes and then ``reloaded`` drops it. What a page shows is kept across loads and
restarts too, in the results cache (``Session.cached``, ``ghfund.cache``), while the
book's files and ghfund are unchanged.

Once the first request after a load has been answered, while the user reads it, a
background thread prepares what every report page starts from (``Session.warm``:
pandas' import and the report sums), unless the results cache already holds pages of
this very book. A page opened then does not pay for them; one opened at once waits for
the same work it would have done itself.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from flask import Response, g

from ghfund.book import Book
from ghfund.collector import collector_paused
from ghfund.errors import GhfundError

if TYPE_CHECKING:
    from beancount.core import data
    from fava.core import FavaLedger

    from ghfund.findings import Findings
    from ghfund.ledger import Loaded

T = TypeVar("T")
log = logging.getLogger(__name__)
SEEN = ("fava", "seen")  # results cache key: pages of the book were computed and stored


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
        loaded = _LOADED_AT.get(id(ledger))  # when Fava finished loading these entries
        self._loaded_at = loaded[1] if loaded and loaded[0] == id(self.entries) else None

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()`` once per load (one request at a time; an exception is not kept)."""
        with self._lock:
            if key not in self._memo:
                self._memo[key] = compute()
            value: T = self._memo[key]
            return value

    def cached(self, key: tuple[str, ...], compute: Callable[[], T], kind: type[T]) -> T:
        """``compute()`` once per load (``memo``) and, while the book's files and ghfund are
        unchanged, once at all: kept in the results cache (``ghfund.cache``) under
        ``("fava", *key)``. A stored value that is not a ``kind`` is a miss. Both the lookup
        and ``compute`` run with the cyclic collector paused (``ghfund.collector``): they make
        few cycles, and the many objects they make (a report's frames, a page read back) can
        start a full collection, which walks every object of the book."""
        from ghfund import cache

        def through() -> T:
            digest = self.digest
            stored = ("fava", *key)
            if digest is not None:
                hit = cache.lookup(digest, stored)
                if isinstance(hit, kind):
                    return hit
            value = compute()
            if digest is not None:
                cache.store(digest, stored, value)
                if not self.memo(SEEN, lambda: cache.lookup(digest, SEEN) is not None):
                    cache.store(digest, SEEN, True)
            return value

        def paused() -> T:
            with collector_paused():
                return through()

        return self.memo(("cached", *key), paused)

    @property
    def digest(self) -> str | None:
        """The results cache's digest of the book's files (``ghfund.cache.digest``), taken once
        per load, on first use. None when the cache is off, a file is gone, or a file changed
        since Fava loaded it (Fava reloads on a later request): what these entries give must
        never be stored under the digest of other files."""
        return self.memo("digest", self._digest)

    def _digest(self) -> str | None:
        from ghfund import cache
        from ghfund.ledger import book_files

        if not cache.enabled():
            return None
        files = book_files(self.book)
        if self._loaded_at is not None and any(
            _changed_since(name, self._loaded_at) for name in files
        ):
            return None
        return cache.digest(files)

    def stale(self) -> bool:
        """Whether a file of the book was written after Fava loaded it (False when the time
        of the load is unknown): a writer must then plan on a fresh load."""
        from ghfund.ledger import book_files

        if self._loaded_at is None:
            return False
        return any(_changed_since(name, self._loaded_at) for name in book_files(self.book))

    def warm(self) -> None:
        """Prepare what every report page computes first: import pandas and the report
        modules, check the amounts' size, sum the postings by period (``sums_of``) and
        build the postings frame of the book's last year (``frames.in_years``). Nothing
        when the results cache already holds pages of this book: they will be read back,
        without pandas. Holds the session's lock: a page asked for meanwhile waits, then
        finds the work done."""
        from ghfund import cache

        def work() -> None:
            digest = self.digest
            if digest is not None and cache.lookup(digest, SEEN) is not None:
                return
            from ghfund.ledger import LedgerError

            with collector_paused():
                from ghfund.reports import annual, balances, frames  # noqa: F401  (pandas)

                try:
                    self.require_sound()
                except LedgerError:
                    return  # every page says so; nothing to prepare
                balances.sums_of(self.book)
                if self.book.years:
                    last = self.book.years[-1]
                    frames.in_years(self.book, last, last)

        self.memo("warm", work)

    def require_sound(self) -> None:
        """Raise ``LedgerError`` (a Chinese message) when the book holds amounts too large for
        the reports, or is not kept in the union chart: the commands refuse such a book, and
        so do the pages."""
        from ghfund import ledger
        from ghfund.chart import foreign_book

        found = self.memo("oversized", lambda: ledger.oversized(self.entries))
        if found:
            raise ledger.LedgerError(ledger.too_large_message(found))
        foreign = self.memo(
            "foreign", lambda: foreign_book(self.book.opens, self.ledger.beancount_file_path)
        )
        if foreign:
            raise ledger.LedgerError(foreign)

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


def _changed_since(name: str, moment: int) -> bool:
    """Whether the file ``name`` was written at or after ``moment`` (``time.time_ns()``),
    or is gone."""
    try:
        return os.stat(name).st_mtime_ns >= moment
    except OSError:
        return True


_SESSIONS: dict[int, Session] = {}
_SESSIONS_LOCK = threading.Lock()
# id of a ledger -> (id of the entries Fava loaded, when it finished loading them)
_LOADED_AT: dict[int, tuple[int, int]] = {}


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


def reloaded(ledger: FavaLedger) -> None:
    """Fava has loaded ``ledger`` (again): drop what was computed for it, note when (a
    file written after this moment is not what Fava read, ``Session.digest``), and warm
    the new load up after the next request (``answered``)."""
    with _SESSIONS_LOCK:
        _SESSIONS.pop(id(ledger), None)
        _LOADED_AT[id(ledger)] = (id(ledger.all_entries), time.time_ns())
        _COLD[id(ledger)] = ledger


# id of a ledger -> the ledger, loaded and not warmed up yet
_COLD: dict[int, FavaLedger] = {}


def answered(sender: object, response: Response, **extra: object) -> None:
    """Flask's ``request_finished``: after a request on a ledger loaded since its last
    request, and once the response is sent, warm that load up in a background thread."""
    ledger = getattr(g, "ledger", None)
    if ledger is None:
        return
    with _SESSIONS_LOCK:
        cold = _COLD.pop(id(ledger), None)
    if cold is not None:
        response.call_on_close(lambda: _start_warming(cold))


def _start_warming(ledger: FavaLedger) -> None:
    threading.Thread(target=_warm, args=(ledger,), name="ghfund-warm", daemon=True).start()


def _warm(ledger: FavaLedger) -> None:
    try:
        session = session_of(ledger)
        if session.entries is ledger.all_entries:  # not reloaded since
            session.warm()
    except Exception:  # only a head start: the page that needs it says what is wrong
        log.exception("ghfund: preparing the pages failed")
