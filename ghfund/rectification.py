"""整改台账: where each acknowledged finding stands (《工会审计查出问题整改办法》).

A ``ghfund-ack`` either accepts an explanation (``action: "说明"``, the default) or orders a
rectification (``action: "整改"``, with ``owner``, ``measure`` and ``due``); the committee's
re-examination closes a rectification with ``ghfund-rectified`` (复查销号). The status of
an item is a code (``STATUSES``), never its Chinese label: a rectification is overdue when
the book's last entry is later than its ``due`` and no ``ghfund-rectified`` closes it.
"""

from __future__ import annotations

import datetime
from typing import Literal

from ghfund.book import Book
from ghfund.directives import EXPLAIN, Ack, Rectified

Status = Literal["rectified", "in-progress", "overdue", "explained"]
STATUSES: dict[Status, str] = {
    "rectified": "已整改",
    "in-progress": "整改中",
    "overdue": "逾期未整改",
    "explained": "已说明",
}


def closed(book: Book) -> dict[tuple[str, str], Rectified]:
    """Each ``ghfund-rectified`` by the (rule, key) it closes (the first, if repeated)."""
    found: dict[tuple[str, str], Rectified] = {}
    for item in book.directives.rectified:
        found.setdefault((item.rule, item.key), item)
    return found


def status(ack: Ack, rectified: Rectified | None, as_of: datetime.date | None) -> Status:
    """Where the item ``ack`` ordered stands on ``as_of`` (the book's last date)."""
    if ack.action == EXPLAIN:
        return "explained"
    if rectified is not None:
        return "rectified"
    if ack.due is not None and as_of is not None and as_of > ack.due:
        return "overdue"
    return "in-progress"


def of_ack(book: Book, ack: Ack) -> tuple[Status, Rectified | None]:
    """The status of ``ack``'s item in ``book``, and the directive that closed it, if any."""
    rectified = book.derived(closed).get((ack.rule, ack.key))
    return status(ack, rectified, book.last_date), rectified
