"""What the payroll directives (``ghfund-payroll``) tell: every month is recorded, and how many
members the union has.

``payroll-missing`` looks between the first and the last payroll month the book records (a
book without payroll data is silent); a run of missing months is one finding, at the
directive that resumes the record, keyed by its first missing month (``2024-05``).
``gift-headcount`` compares a collective gift's ``headcount`` with the membership in force on
its date: the ``members`` of the latest payroll month on or before it (the gift's own month
when the book has it: its payroll is entered a month later, but the members it counts are
that month's), or the ``members`` option when that is dated later (or no payroll says it).
"""

from __future__ import annotations

import bisect
import datetime
import itertools
from collections.abc import Sequence

from ghfund import gifts
from ghfund.book import Book
from ghfund.errors import GhfundError, source_of, voucher_key
from ghfund.funding import month_ends, month_key
from ghfund.money import fmt
from ghfund.rules import Rule, topic_plugin


class PayrollMissingError(GhfundError):
    rule = "payroll-missing"


class GiftHeadcountError(GhfundError):
    rule = "gift-headcount"


def check_payroll_recorded(book: Book) -> Sequence[PayrollMissingError]:
    """Every month between the first and the last payroll month has a ``ghfund-payroll``."""
    first_of: dict[datetime.date, object] = {}
    for payroll in sorted(book.directives.payrolls, key=lambda p: (p.month, p.date)):
        first_of.setdefault(payroll.month, payroll.entry)
    months = sorted(first_of)
    errors = []
    for before, after in itertools.pairwise(months):
        missing = month_ends(before, after - datetime.timedelta(days=after.day))
        if not missing:
            continue
        names = "、".join(month_key(m) for m in missing)
        entry = first_of[after]
        errors.append(
            PayrollMissingError(
                source_of(entry),
                f"工资数据 {month_key(before)} 与 {month_key(after)} 之间缺少 {len(missing)} 个月："
                f"{names}。没有工资数据，就无法核对这些月份的拨缴经费和会费是否足额到账；"
                '请按单位工资表补记 custom "ghfund-payroll" 所属月份的月末日 工资总额 CNY'
                "（并注明 dues-base、members）；单位确实未发工资的，由经审会用 ghfund-ack 处理",
                entry,
                month_key(missing[0]),
            )
        )
    return errors


def check_gift_headcount(book: Book) -> Sequence[GiftHeadcountError]:
    """A collective gift's headcount is not above the membership in force on its date."""
    found = book.derived(gifts.of_book)
    if not found:
        return []
    dated = sorted(
        (p.month.replace(day=1), p.members, f"{month_key(p.month)} 工资数据")
        for p in book.directives.payrolls
        if p.members is not None
    )
    dated += [(d, n, f"{d} 设置项 members") for d, n in book.settings.history("members")]
    dated.sort(key=lambda item: item[0])  # stable: a directive before an option of its date
    dates = [d for d, _, _ in dated]
    errors: list[GiftHeadcountError] = []
    reported: set[int] = set()
    for gift in found:
        recipients = gift.recipients()
        if isinstance(recipients, str) or gift.amount <= 0 or id(gift.txn) in reported:
            continue
        index = bisect.bisect_right(dates, gift.txn.date)
        if not index:
            continue
        _, members, basis = dated[index - 1]
        count = recipients[0]
        if count <= members:
            continue
        reported.add(id(gift.txn))
        errors.append(
            GiftHeadcountError(
                source_of(gift.txn),
                f"{gift.event} {fmt(gift.amount)} 元按 headcount {count} 人发放，超过当时的会员人数 "
                f"{members} 人（{basis}），人均金额因此被摊薄。请按实际发放名单改正 headcount；"
                "会员人数已变的，补记工资数据的 members 或设置项 members；"
                "确有非会员受慰问的，由经审会审查后用 ghfund-ack 处理",
                gift.txn,
                voucher_key(gift.txn),
                gift.amount,
            )
        )
    return errors


RULES: tuple[Rule, ...] = (
    Rule(
        PayrollMissingError,
        "首末两个工资月份之间的每个月都有工资数据（ghfund-payroll）",
        check_payroll_recorded,
    ),
    Rule(GiftHeadcountError, "集体慰问的 headcount 不超过当时的会员人数", check_gift_headcount),
)

__plugins__ = (topic_plugin(RULES),)
