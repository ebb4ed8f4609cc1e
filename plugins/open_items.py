"""Items left open at a year end: long-outstanding 其他应收款 (135) and 待处理财产损溢 (182).

``receivable-stale``: a 135 item is its sub-account, or within an account the posting's
``counterparty`` metadata. Debits open amounts, credits settle them oldest first (the same
counterparty's first, then any of the account's). At each year end the book has reached, the
amounts of an item open longer than ``receivable-days`` (default 365) are one finding; those
open more than three years are proposed for write-off (核销). ``suspense-open``: 182 holds
what awaits a decision (盘盈, 盘亏, 毁损) and is empty at every year end. Keys:
``Assets:135-其他应收款/张三/2025`` (the counterparty left out when there is none); ``2025``.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from beancount.core import data

from ghfund import index
from ghfund.book import Book
from ghfund.errors import GhfundError, source_of
from ghfund.evidence import accounts_of
from ghfund.money import ZERO, fmt, units_in
from ghfund.plugins.evidence_rules import marker
from ghfund.rules import Rule, topic_plugin

RECEIVABLE, SUSPENSE = "135", "182"
WRITE_OFF_DAYS = 3 * 365


class ReceivableStaleError(GhfundError):
    rule = "receivable-stale"


class SuspenseOpenError(GhfundError):
    rule = "suspense-open"


def _year_ends(book: Book) -> list[datetime.date]:
    """The year ends the book has reached (its last entry on or after them)."""
    last = book.last_date
    return [
        datetime.date(year, 12, 31)
        for year in book.years
        if last is not None and last >= datetime.date(year, 12, 31)
    ]


class _Lot:
    """An amount debited to a 135 item and not yet settled."""

    __slots__ = ("amount", "counterparty", "date", "txn")

    def __init__(
        self, date: datetime.date, amount: Decimal, counterparty: str, txn: data.Transaction
    ) -> None:
        self.date, self.amount, self.counterparty, self.txn = date, amount, counterparty, txn


def _settle(lots: list[_Lot], amount: Decimal, counterparty: str) -> None:
    """Settle ``amount`` against ``lots``: the counterparty's oldest first, then the oldest."""
    for lot in [lot for lot in lots if lot.counterparty == counterparty] + lots:
        if amount <= 0:
            break
        used = min(lot.amount, amount)
        lot.amount -= used
        amount -= used
    lots[:] = [lot for lot in lots if lot.amount > 0]


def check_receivables_settled(book: Book) -> Sequence[ReceivableStaleError]:
    """No 135 item is open longer than ``receivable-days`` at a year end."""
    ends = _year_ends(book)
    shared, errors = index.of(book), []
    for account in accounts_of(book, RECEIVABLE):
        moves = list(shared.on(account))
        lots: list[_Lot] = []
        at = 0
        for end in ends:
            while at < len(moves) and shared.dates[moves[at][0]] <= end:
                i, posting = moves[at]
                at += 1
                amount = units_in(posting, book.currency) or ZERO
                who = (posting.meta or {}).get("counterparty")
                who = who.strip() if isinstance(who, str) else ""
                if amount > 0:
                    lots.append(_Lot(shared.dates[i], amount, who, shared.transactions[i]))
                elif amount < 0:
                    _settle(lots, -amount, who)
            errors.extend(_stale(book, account, lots, end))
    return errors


def _stale(
    book: Book, account: str, lots: list[_Lot], end: datetime.date
) -> list[ReceivableStaleError]:
    days = book.settings.days("receivable-days", end)
    old: dict[str, list[_Lot]] = {}
    for lot in lots:
        if (end - lot.date).days > days:
            old.setdefault(lot.counterparty, []).append(lot)
    errors = []
    for who, items in old.items():
        total = sum((lot.amount for lot in items), ZERO)
        first = items[0]
        listed = "、".join(f"{lot.date} {fmt(lot.amount)} 元" for lot in items)
        name = f"{account}（{who}）" if who else account
        advice = (
            "其中挂账超过三年的，经清查确实无法收回的，按规定程序报批后核销；"
            if any((end - lot.date).days > WRITE_OFF_DAYS for lot in items)
            else ""
        )
        errors.append(
            ReceivableStaleError(
                source_of(first.txn),
                f"{end.year}年末 {name} 挂账超过 {days} 天未结清：{listed}，合计 {fmt(total)} 元。"
                f"{advice}请清理催收（借款人报销或归还），长期挂账的说明原因由经审会审查；"
                "不同借款人记在同一科目的，在分录上注明 counterparty",
                marker(first.txn, end, account, f"{end.year} 年末其他应收款挂账"),
                "/".join(part for part in (account, who, str(end.year)) if part),
                total,
            )
        )
    return errors


def check_suspense_cleared(book: Book) -> Sequence[SuspenseOpenError]:
    """182 is zero at every year end the book has reached."""
    suspense = accounts_of(book, SUSPENSE)
    shared = index.of(book)
    moves = sorted(
        (
            (shared.dates[i], units_in(posting, book.currency) or ZERO, shared.transactions[i])
            for account in suspense
            for i, posting in shared.on(account)
        ),
        key=lambda move: move[0],
    )
    errors = []
    for end in _year_ends(book):
        before = [move for move in moves if move[0] <= end]
        held = sum((amount for _, amount, _ in before), ZERO)
        if not held:
            continue
        last = before[-1][2]
        errors.append(
            SuspenseOpenError(
                source_of(last),
                f"{end.year}年末 182 待处理财产损溢余额 {fmt(held)} 元未处理：盘盈、盘亏、毁损的资产应在年末前"
                "查明原因、报经批准后转销（核销或计入相关收支），待处理财产损溢年末不留余额。"
                "请按批准的处理意见记账",
                marker(last, end, suspense[0], f"{end.year} 年末待处理财产损溢"),
                str(end.year),
                held,
            )
        )
    return errors


RULES: tuple[Rule, ...] = (
    Rule(
        ReceivableStaleError,
        "其他应收款（135）各项在年末挂账不超过 receivable-days 天",
        check_receivables_settled,
    ),
    Rule(SuspenseOpenError, "待处理财产损溢（182）年末没有余额", check_suspense_cleared),
)

__plugins__ = (topic_plugin(RULES),)
