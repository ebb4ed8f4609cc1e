"""What counts as a gift (慰问) and who received it: shared by the gift rules and reports.

A gift is spending on an Expenses account whose transaction, or posting, carries
``event`` (docs/CONTRACT.md §4). ``headcount``, ``member`` and ``form`` are read from
the posting first, then the transaction; one transaction's Expenses postings
with the same four values are one gift, so a voucher may pay two gifts. The
amount is in the book's currency; a refund (credit) is a negative gift.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from beancount.core import data

from ghfund import index
from ghfund.custom import shown
from ghfund.money import ZERO

if TYPE_CHECKING:
    from ghfund.book import Book

KEYS = ("event", "headcount", "member", "form")
_KEYSET = frozenset(KEYS)


class Gift(NamedTuple):
    txn: data.Transaction
    event: str
    amount: Decimal
    headcount: Any  # as written: a positive integer when well-formed
    member: Any  # as written: the recipient's name when well-formed
    form: Any  # 实物 提货券 现金 购物卡 代金券, or None

    def recipients(self) -> tuple[int, str | None] | str:
        """(how many, the one member named) or what is wrong, in Chinese.

        ``headcount`` counts the recipients of a collective gift; ``member`` names the
        recipient of an individual one (per capita: the whole amount). With both, the
        headcount counts, and the member is the recipient only when it is 1.
        """
        count, member = self.headcount, self.member
        if count is not None:
            if isinstance(count, Decimal) and count == count.to_integral_value() and count >= 1:
                named = member.strip() if count == 1 and isinstance(member, str) else None
                return int(count), named or None
            return f"headcount（受慰问人数）应为正整数，如 headcount: 121，实为 {shown(count)}"
        if isinstance(member, str) and member.strip():
            return 1, member.strip()
        if member is not None:
            return f'member（受慰问人）应为带引号的姓名，如 member: "张三"，实为 {shown(member)}'
        return "缺少 headcount（集体慰问的人数）或 member（个人慰问的对象），无法核对人均标准"


def of_book(book: Book) -> tuple[Gift, ...]:
    """Every gift, in date order (shared by the rules: ``book.derived(gifts.of_book)``)."""
    shared, currency = index.of(book), book.currency
    found: list[Gift] = []
    for i in shared.with_key("event"):  # as of_transactions, which would visit every one
        found.extend(gifts_of(shared.transactions[i], currency))
    return tuple(found)


def of_transactions(transactions: Iterable[data.Transaction], currency: str) -> tuple[Gift, ...]:
    """Every gift, in date order: one pass; posting metadata is read only where it can matter."""
    found: list[Gift] = []
    for txn in transactions:
        if "event" in txn.meta:
            found.extend(gifts_of(txn, currency))
            continue
        for posting in txn.postings:
            if posting.meta and "event" in posting.meta:
                found.extend(gifts_of(txn, currency))
                break
    return tuple(found)


def gifts_of(txn: data.Transaction, currency: str) -> list[Gift]:
    """The gifts of one transaction (none without an ``event``)."""
    own = txn.meta
    total: Decimal | None = None
    for posting in txn.postings:
        if not posting.account.startswith("Expenses:"):
            continue
        if posting.meta and not _KEYSET.isdisjoint(posting.meta):
            return _grouped(txn, currency)  # a posting has its own event, headcount…
        units = posting.units
        if units is not None and units.number is not None and units.currency == currency:
            total = units.number if total is None else total + units.number
    event = own.get("event")
    if total is None or event is None:
        return []
    return [Gift(txn, str(event), total, own.get("headcount"), own.get("member"), own.get("form"))]


def _grouped(txn: data.Transaction, currency: str) -> list[Gift]:
    """The gifts of a transaction whose postings carry their own gift metadata."""
    own = txn.meta
    shared = (own.get("event"), own.get("headcount"), own.get("member"), own.get("form"))
    groups: dict[tuple[Any, ...], Decimal] = {}
    for posting in txn.postings:
        units = posting.units
        if (
            not posting.account.startswith("Expenses:")
            or units is None
            or units.number is None
            or units.currency != currency
        ):
            continue
        meta = posting.meta or {}
        key = tuple(meta.get(k, value) for k, value in zip(KEYS, shared, strict=True))
        if key[0] is not None:
            groups[key] = groups.get(key, ZERO) + units.number
    return [Gift(txn, str(k[0]), amount, k[1], k[2], k[3]) for k, amount in groups.items()]
