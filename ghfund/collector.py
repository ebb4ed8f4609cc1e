"""Python's cyclic garbage collector and a large loaded book.

A loaded book is millions of small objects (entries, postings, amounts) and almost no
cycles. Each full collection walks all of them, and a full collection starts whenever
enough new objects have outlived the younger generations: loading a book, running the
rules, importing pandas or building a report's frames afterwards. With the collector
paused for such a stretch of work nothing is lost (the work makes no cycles, or its
cycles are collected when the collector runs again) and the walks are not paid.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic collector off for the block, on again after it if it was on before
    (nested and concurrent blocks leave it as the outermost caller had it)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def leave_alone() -> None:
    """Put every object alive now out of the collector's reach for good (``gc.freeze``): for
    a process that keeps a loaded book to its end (a ``ghfund`` command). Without it, each
    full collection while a report imports pandas and builds its frames walks the whole book
    (at 100k transactions pandas' import took 1.6 s instead of 0.3 s, the annual report's
    frames 1.5 s instead of 1.1 s). Never for a process that loads books again and again
    (Fava, tests): what is frozen is never collected."""
    gc.freeze()
