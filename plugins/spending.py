"""Gifts and condolences (慰问): within the standard in force, never in cash or shopping cards.

A gift is spending on an Expenses account whose transaction, or posting, carries
``event``; ``headcount``, ``member`` and ``form`` are read from the posting, then
the transaction. Per capita is the amount ÷ ``headcount``, or the whole amount
for one ``member``. A 每人每年 standard (节日慰问) bounds each member's total for the
calendar year: every collective gift's per capita plus the member's own gifts of
that event, reported at each transaction that takes the total over. A 每人每次
standard bounds each gift's per capita. Sums are exact fractions, so 1,000.00 ÷ 3
three times is exactly 1,000.00.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

from beancount.core import data

from ghfund import budgets, gifts, index
from ghfund.book import Book
from ghfund.custom import shown
from ghfund.errors import GhfundError, source_of, voucher_key
from ghfund.gifts import Gift, gifts_of
from ghfund.money import ZERO, cents, fmt, units_in
from ghfund.plugins.control import grants_only
from ghfund.rules import Rule, topic_plugin
from ghfund.standards import BUDGET_SHARE, EVENTS, PER_EVENT, InForce, cash_allowed


class GiftCapError(GhfundError):
    rule = "gift-cap"


class GiftFormError(GhfundError):
    rule = "gift-form"


def _money(value: Fraction) -> Decimal:
    return cents(Decimal(value.numerator) / Decimal(value.denominator))


def _shown(value: Fraction) -> str:
    """`` 1,000.00``, or ``约 1,000.0001`` when the exact amount has more than two decimals."""
    if (value * 100).denominator == 1:
        return f" {fmt(_money(value))}"
    return f"约 {Decimal(value.numerator) / Decimal(value.denominator):,.4f}"


def _basis(found: InForce) -> str:
    cap = found.cap
    doubt = "该标准数额未经核实；" if cap.uncertain else ""
    note = f"（{doubt}{cap.note}）" if cap.note or doubt else ""
    return f"{found.source}规定{cap.describe()}{note}"


class _YearTotals:
    """Per-member totals of 每人每年 events: collective per capitas plus one's own gifts."""

    def __init__(self) -> None:
        self.collective: dict[tuple[int, str], Fraction] = defaultdict(Fraction)
        self.personal: dict[tuple[int, str, str], Fraction] = defaultdict(Fraction)
        self.most: dict[tuple[int, str], Fraction] = defaultdict(Fraction)
        self.spent: dict[tuple[int, str], Decimal] = defaultdict(Decimal)  # 预算收入比例: totals

    def add(self, key: tuple[int, str], member: str | None, per_capita: Fraction) -> Fraction:
        """Count a gift; return the largest total any member now has for the year."""
        if member is None:
            self.collective[key] += per_capita
            return self.collective[key] + self.most[key]
        self.personal[(*key, member)] += per_capita
        self.most[key] = max(self.most[key], self.personal[(*key, member)])
        return self.collective[key] + self.personal[(*key, member)]


def check_gifts_within_caps(book: Book) -> Sequence[GiftCapError]:
    """Each gift's per capita, and each member's yearly total, within the standard in force."""
    errors: list[GiftCapError] = []
    totals = _YearTotals()
    income: dict[int, Decimal | None] = {}
    standards: dict[tuple[str, datetime.date], InForce | None] = {}  # few distinct pairs
    for gift in book.derived(gifts.of_book):
        date = gift.txn.date
        if (gift.event, date) not in standards:
            standards[(gift.event, date)] = book.standards.cap(gift.event, date, book.settings)
        found = standards[(gift.event, date)]
        if found is None:
            if gift.event not in EVENTS and _active(book, date):
                errors.append(_error(gift, _unknown(gift.event), gift.amount))
        elif found.cap.unit == BUDGET_SHARE and found.cap.checked:
            if date.year not in income:
                income[date.year] = _budgeted_income(book, date.year)
            totals.spent[(date.year, gift.event)] += gift.amount
            spent = totals.spent[(date.year, gift.event)]
            problem = _over_share(gift, found, spent, income[date.year])
            errors.extend([_error(gift, *problem)] if problem else [])
        elif found.cap.checked:
            error = _over_amount(gift, found, totals)
            errors.extend([error] if error else [])
    return errors


def _over_amount(gift: Gift, found: InForce, totals: _YearTotals) -> GiftCapError | None:
    """A 每人每次 or 每人每年 standard: the gift's per capita, or the member's year so far."""
    recipients = gift.recipients()
    if isinstance(recipients, str):
        message = f"{gift.event} {fmt(gift.amount)} 元：{recipients}"
        return _error(gift, message, gift.amount) if gift.amount > 0 else None
    count, member = recipients
    limit = found.cap.amount
    if limit is None:
        return None
    if found.cap.unit == PER_EVENT:
        if gift.amount <= limit * count:  # exact: per capita ≤ limit without dividing
            return None
        total = Fraction(gift.amount) / count
    else:  # a refund (negative) lowers the year's total and is never itself over
        total = totals.add((gift.txn.date.year, gift.event), member, Fraction(gift.amount) / count)
        if total <= limit or gift.amount <= 0:
            return None
    excess = min(total - Fraction(limit), Fraction(gift.amount) / count) * count
    return _error(gift, _over(gift, found, count, member, total, excess), _money(excess))


def _over(
    gift: Gift, found: InForce, count: int, member: str | None, total: Fraction, excess: Fraction
) -> str:
    who = (
        f"（{member}）"
        if member
        else f" ÷ {count} 人 = 人均{_shown(Fraction(gift.amount) / count)} 元"
    )
    what = (
        f"{gift.event}人均"
        if found.cap.unit == PER_EVENT
        else f"{gift.txn.date.year} 年{gift.event}人均累计"
    )
    return (
        f"{what}{_shown(total)} 元，超过{_basis(found)}；本笔 {fmt(gift.amount)} 元{who}，"
        f"超出标准 {fmt(_money(excess))} 元。请按标准核减；确属特殊情况的，由经审会审查后以 ghfund-ack 处理"
    )


def _over_share(
    gift: Gift, found: InForce, total: Decimal, income: Decimal | None
) -> tuple[str, Decimal] | None:
    share = found.cap.share
    if income is None or share is None or gift.amount <= 0:
        return None  # no income budget that year: nothing to measure against
    limit = cents(income * share)
    if total <= limit:
        return None
    excess = min(total - limit, gift.amount)
    return (
        f"{gift.txn.date.year} 年{gift.event}累计 {fmt(total)} 元，超过当年收入预算 {fmt(income)} 元的 "
        f"{(share * 100).normalize():f}%（{fmt(limit)} 元；{_basis(found)}）；本笔 {fmt(gift.amount)} 元，"
        f"超出 {fmt(excess)} 元。请按标准核减，或由经审会审查后以 ghfund-ack 处理",
        excess,
    )


def _budgeted_income(book: Book, year: int) -> Decimal | None:
    lines = budgets.of_book(book).get(year, [])
    if not any(line.kind == "income" for line in lines):
        return None
    return budgets.totals(lines)["income"][1]


def _active(book: Book, date: datetime.date) -> bool:
    """A standards table or some gift-cap option is in force: event names can be checked."""
    table = book.standards.table(date)
    return table is not None or any(book.settings.gift_cap(e, date) for e in EVENTS)


def _unknown(event: str) -> str:
    return (
        f"慰问事项 event: “{event}” 不在标准之列（{'、'.join(EVENTS)}），无法核对标准；"
        "请改为其中之一，本单位自定的事项写入本单位的标准表"
    )


def _error(gift: Gift, message: str, amount: Decimal) -> GiftCapError:
    return GiftCapError(source_of(gift.txn), message, gift.txn, voucher_key(gift.txn), amount)


CARD_WORDS = ("购物卡", "超市卡", "礼品卡", "商场卡", "储值卡", "代金券")
CASH_WORDS = ("现金发放", "发放现金")
FORMS = ("实物", "提货券", "现金", "购物卡", "代金券")
ALLOWED_FORMS = frozenset(FORMS[:2])
_WORDS = re.compile("|".join((*CARD_WORDS, *CASH_WORDS)))


def check_gift_forms(book: Book) -> Sequence[GiftFormError]:
    """No gift in cash (where the standard speaks of goods), shopping cards or generic vouchers."""
    by_txn: dict[int, list[str]] = {}
    for gift in book.derived(gifts.of_book):
        if gift.form is None or gift.form in ALLOWED_FORMS:
            continue
        problem = _form_problem(gift, cash_allowed(gift.event, book.standards.table(gift.txn.date)))
        if problem:
            by_txn.setdefault(id(gift.txn), []).append(problem)
    errors: list[GiftFormError] = []
    shared = index.of(book)
    candidates = shared.narrated(_WORDS)
    if by_txn:  # the transactions of the gifts whose form is wrong, too
        ours = (i for i, txn in enumerate(shared.transactions) if id(txn) in by_txn)
        candidates = sorted({*candidates, *ours})
    for i in candidates:
        txn = shared.transactions[i]
        problems = by_txn.pop(id(txn), []) if by_txn else []
        words = _WORDS.findall(txn.narration) if txn.narration and not problems else []
        if words:  # the narration only matters where the form does not already tell
            problems = _narration_problem(book, txn, words)
        if not problems:
            continue
        message = "；".join(problems) + "。请收回或改为实物、指定商品的提货券，并由经审会审查处理"
        amount = sum(
            (
                units_in(p, book.currency) or ZERO
                for p in txn.postings
                if p.account.startswith("Expenses:")
            ),
            ZERO,
        )
        errors.append(GiftFormError(source_of(txn), message, txn, voucher_key(txn), amount))
    return errors


def _narration_problem(book: Book, txn: data.Transaction, words: list[str]) -> list[str]:
    """Forbidden words in the narration of spending; cash words not where cash is allowed."""
    if not any(p.account.startswith("Expenses:") for p in txn.postings):
        return []
    table = book.standards.table(txn.date)
    found = gifts_of(txn, book.currency)
    if found and all(cash_allowed(g.event, table) for g in found):
        words = [w for w in words if w not in CASH_WORDS]
    elif not found and grants_only(txn.postings) and _named_member(txn):
        # a hardship grant (50404/50405) paid to the member it names is no festival gift
        words = [w for w in words if w not in CASH_WORDS]
    if not words:
        return []
    return [
        f"摘要中有“{'、'.join(dict.fromkeys(words))}”：工会经费不得购买、发放购物卡和代金券，"
        "节日等慰问不得发放现金；如属摘要用词不准确，请改正摘要"
    ]


def _named_member(txn: data.Transaction) -> bool:
    """The transaction names the one person paid: ``member``, or ``payee-kind: "个人"``
    (a payee alone may be "全体会员")."""
    member, kind = txn.meta.get("member"), txn.meta.get("payee-kind")
    return (isinstance(member, str) and bool(member.strip())) or (
        isinstance(kind, str) and kind.strip() == "个人"
    )


def _form_problem(gift: Gift, cash_ok: bool) -> str:
    form = gift.form
    if form is None or form in ALLOWED_FORMS or (form == "现金" and cash_ok):
        return ""
    if form == "现金":
        return f'{gift.event} {fmt(gift.amount)} 元以现金发放（form: "现金"），该慰问不得发放现金'
    if form in ("购物卡", "代金券"):
        return f"{gift.event} {fmt(gift.amount)} 元以{form}发放，工会经费不得购买、发放{form}"
    return f"{gift.event}的 form: {shown(form)} 不是约定的取值（{'、'.join(FORMS)}），请按实际发放形式改正"


RULES: tuple[Rule, ...] = (
    Rule(GiftCapError, "慰问支出的人均金额、每人全年累计在适用的标准之内", check_gifts_within_caps),
    Rule(GiftFormError, "慰问不发现金、购物卡、代金券（按 form 和摘要用词）", check_gift_forms),
)

__plugins__ = (topic_plugin(RULES),)
