"""整改: a rectification the audit committee ordered is closed by its deadline.

A ``ghfund-ack`` with ``action: "整改"`` sets a ``due`` date; the committee closes the item
with ``custom "ghfund-rectified" RULE KEY`` after re-examining it (复查销号). An item still
open after its ``due`` (the book's last entry being later) is reported. Key: the rule and
key of the acknowledged finding, ``budget-overrun:记-2024-0187``.
"""

from __future__ import annotations

from collections.abc import Sequence

from ghfund import rectification
from ghfund.book import Book
from ghfund.directives import RECTIFY
from ghfund.errors import GhfundError, source_of
from ghfund.rules import Rule, topic_plugin


class RectificationOverdueError(GhfundError):
    rule = "rectification-overdue"


def check_rectification_overdue(book: Book) -> Sequence[RectificationOverdueError]:
    """Each 整改 item past its ``due`` without a ``ghfund-rectified``."""
    errors = []
    for ack in book.directives.acks:
        if ack.action != RECTIFY or rectification.of_ack(book, ack)[0] != "overdue":
            continue
        owner = f"，责任人{ack.owner}" if ack.owner else ""
        errors.append(
            RectificationOverdueError(
                source_of(ack.entry),
                f"经审会处理记录（{ack.ref}）要求整改的问题（{ack.rule} {ack.key}{owner}）整改期限 "
                f"{ack.due} 已过，账本截至 {book.last_date} 仍没有复查销号记录；整改完成并经"
                f'复查后记 custom "ghfund-rectified" "{ack.rule}" "{ack.key}"（ref: 销号文号），'
                "期限需要调整的请经审会决定后改正 due",
                ack.entry,
                f"{ack.rule}:{ack.key}",
            )
        )
    return errors


RULES: tuple[Rule, ...] = (
    Rule(
        RectificationOverdueError,
        "经审会要求整改的问题在整改期限内整改并复查销号",
        check_rectification_overdue,
    ),
)

__plugins__ = (topic_plugin(RULES),)
