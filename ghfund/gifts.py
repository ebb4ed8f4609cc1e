"""What counts as a gift (慰问) and who received it: shared by the gift rules and reports.

A gift is spending on an Expenses account whose transaction, or posting, carries
``event`` (DESIGN.md §3.3). ``headcount``, ``member`` and ``form`` are read from
the posting first, then the transaction; one transaction's Expenses postings
with the same four values are one gift, so a voucher may pay two gifts. The
amount is in the book's currency; a refund (credit) is a negative gift.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from beancount.core import data

from ghfund.money import ZERO, units_in

KEYS = ("event", "headcount", "member", "form")


@dataclass(frozen=True)
class Gift:
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
            return f"headcount（受慰问人数）应为正整数，如 headcount: 121，实为 {count!r}"
        if isinstance(member, str) and member.strip():
            return 1, member.strip()
        if member is not None:
            return f'member（受慰问人）应为带引号的姓名，如 member: "张三"，实为 {member!r}'
        return "缺少 headcount（集体慰问的人数）或 member（个人慰问的对象），无法核对人均标准"


def gifts_of(txn: data.Transaction, currency: str) -> list[Gift]:
    """The gifts of one transaction (none without an ``event``)."""
    if "event" not in txn.meta and not any(p.meta and "event" in p.meta for p in txn.postings):
        return []
    groups: dict[tuple[Any, ...], Decimal] = {}
    for posting in txn.postings:
        number = units_in(posting, currency)
        if number is None or not posting.account.startswith("Expenses:"):
            continue
        meta = posting.meta or {}
        key = tuple(meta.get(k, txn.meta.get(k)) for k in KEYS)
        if key[0] is not None:
            groups[key] = groups.get(key, ZERO) + number
    return [Gift(txn, str(key[0]), amount, *key[1:]) for key, amount in groups.items()]
