"""Internal control (内部控制): large items decided collectively, cash within its limits,
capital spending recorded as assets.

The large-item and cash rules stay silent until the book sets their option
(``large-expense``, ``cash-limit``, ``cash-payment-limit``) and use the value in
force on each date; ``capital-no-asset`` needs no option. Postings are matched
against sets of the book's accounts by first-level code, built once per rule.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from decimal import Decimal

from beancount.core import data, flags

from ghfund import chart, index
from ghfund.book import Book
from ghfund.closing import is_closing
from ghfund.custom import shown
from ghfund.errors import GhfundError, source_of, voucher_key
from ghfund.money import ZERO, fmt, units_in
from ghfund.rules import Rule, topic_plugin


class LargeNoDecisionError(GhfundError):
    rule = "large-no-decision"


class CashLimitError(GhfundError):
    rule = "cash-limit"


class CashPaymentError(GhfundError):
    rule = "cash-payment"


class CapitalNoAssetError(GhfundError):
    rule = "capital-no-asset"


CASH, BANK, CAPITAL, ASSET_FUND = "101", "102", "507", "301"
CAPITAL_ASSETS = ("161", "162", "171", "181")  # 在建工程, 固定资产, 无形资产, 长期待摊费用


def _accounts(book: Book, *codes: str) -> frozenset[str]:
    """The book's accounts whose first-level code is one of ``codes``."""
    found = set()
    for account in book.opens:
        coded = chart.try_parse(account)
        if coded is not None and coded.top in codes:
            found.add(account)
    return frozenset(found)


def _floor(book: Book, option: str) -> Decimal | None:
    """The smallest value the option ever takes: below it no transaction needs a closer look."""
    values = [value for _, value in book.settings.history(option)]
    return min(values) if values else None


def check_large_items_decided(book: Book) -> Sequence[LargeNoDecisionError]:
    """A transaction whose expenses total at least ``large-expense`` carries ``decision``."""
    floor = _floor(book, "large-expense")
    if floor is None:
        return []
    shared, errors = index.of(book), []
    for i, total in shared.spending_at_least(floor):
        txn = shared.transactions[i]
        if txn.flag == flags.FLAG_PADDING:
            continue
        limit = book.settings.limit("large-expense", txn.date)
        decision = txn.meta.get("decision")
        if limit is None or total < limit or (isinstance(decision, str) and decision.strip()):
            continue
        shape = "" if decision is None else f"（现有 decision 不是带引号的文字：{shown(decision)}）"
        errors.append(
            LargeNoDecisionError(
                source_of(txn),
                f"支出合计 {fmt(total)} 元，达到大额支出标准 {fmt(limit)} 元，但没有注明集体决策{shape}："
                f'请加元数据 decision: "工会委员会{txn.date.year}年第N次会议纪要"；'
                "未经集体决策的，应补办决策程序，并由经审会审查处理",
                txn,
                voucher_key(txn),
                total,
            )
        )
    return errors


def check_cash_payments_within_limit(book: Book) -> Sequence[CashPaymentError]:
    """Cash leaving 101 in one transaction, other than into the bank, ≤ ``cash-payment-limit``."""
    floor = _floor(book, "cash-payment-limit")
    if floor is None:
        return []
    cash, bank = _accounts(book, CASH), _accounts(book, BANK)
    shared, errors = index.of(book), []
    candidates = shared.touching(cash) if floor >= 0 else range(len(shared.transactions))
    for i in candidates:  # a transaction without cash pays nothing
        txn = shared.transactions[i]
        paid = ZERO
        for posting in txn.postings:
            if posting.account in cash:
                paid -= units_in(posting, book.currency) or ZERO
        if paid <= floor or txn.flag == flags.FLAG_PADDING:  # Beancount's pad: not a payment
            continue
        if _to_individual(txn):
            continue
        for posting in txn.postings:  # cash put into the bank is a deposit, not a payment
            if posting.account in bank:
                paid -= max(units_in(posting, book.currency) or ZERO, ZERO)
        limit = book.settings.limit("cash-payment-limit", txn.date)
        if limit is None or paid <= limit:
            continue
        errors.append(
            CashPaymentError(
                source_of(txn),
                f"单笔现金支付 {fmt(paid)} 元，超过现金支付限额 {fmt(limit)} 元：超过限额的支付应通过银行转账；"
                "确需现金支付的，应在凭证上注明原因并经审批，由经审会审查处理",
                txn,
                voucher_key(txn),
                paid,
            )
        )
    return errors


GRANTS = ("50404", "50405")  # 困难职工帮扶支出, 送温暖支出: grants to members


def grants_only(postings: Sequence[data.Posting]) -> bool:
    """Every Expenses posting is to a 50404/50405 account (a grant to members)."""
    spent = [p.account for p in postings if p.account.startswith("Expenses:")]
    return bool(spent) and all(
        (coded := chart.try_parse(account)) is not None and any(coded.under(g) for g in GRANTS)
        for account in spent
    )


def _to_individual(txn: data.Transaction) -> bool:
    """Cash paid to a person, which 现金管理暂行条例 第五条 allows: the transaction names a
    ``member``, says ``payee-kind: "个人"``, or is a 50404/50405 grant to a named payee whose
    name is not a business's or an institution's (``ORGANISATION``)."""
    member = txn.meta.get("member")
    if isinstance(member, str) and member.strip():
        return True
    kind = txn.meta.get("payee-kind")
    if isinstance(kind, str) and kind.strip() == "个人":
        return True
    payee = (txn.payee or "").strip()
    return bool(payee) and not ORGANISATION.search(payee) and grants_only(txn.postings)


# What only the name of a shop, firm or institution contains: a 送温暖 purchase paid in cash
# at 某某超市 is a payment to a business, not a grant handed to a member.
ORGANISATION = re.compile(
    r"公司|超市|商店|商行|商场|商贸|酒店|宾馆|饭店|餐厅|医院|药店|药房|中心|集团|银行|学校|学院"
    r"|工会|协会|委员会|合作社|旅行社|经营部|门市|厂|店$"
)


Day = tuple[datetime.date, Decimal, data.Transaction | None]


def _closing_balances(book: Book) -> list[Day]:
    """Cash (101) at the end of each day on which it or its limit changes, with the last entry."""
    cash = _accounts(book, CASH)
    balance = ZERO
    days: dict[datetime.date, tuple[Decimal, data.Transaction]] = {}
    shared = index.of(book)
    for i in shared.touching(cash):
        txn = shared.transactions[i]
        for posting in txn.postings:
            if posting.account in cash:
                balance += units_in(posting, book.currency) or ZERO
                days[txn.date] = (balance, txn)
    closing: list[Day] = []
    current: tuple[Decimal, data.Transaction | None] = (ZERO, None)
    for date in sorted({*days, *(d for d, _ in book.settings.history("cash-limit"))}):
        current = days.get(date, current)
        closing.append((date, *current))
    return closing


def check_cash_within_limit(book: Book) -> Sequence[CashLimitError]:
    """Cash on hand at each day's end ≤ ``cash-limit``: one finding per run of days over it."""
    if _floor(book, "cash-limit") is None:
        return []
    errors: list[CashLimitError] = []
    run: list[Day] = []
    for date, balance, entry in _closing_balances(book):
        limit = book.settings.limit("cash-limit", date)
        if limit is not None and balance > limit:
            run.append((date, balance, entry))
        elif run:
            errors.append(_cash_episode(book, run, date - datetime.timedelta(days=1), False))
            run = []
    if run:
        errors.append(_cash_episode(book, run, max(run[-1][0], book.last_date or run[-1][0]), True))
    return errors


def _cash_episode(book: Book, run: list[Day], end: datetime.date, ongoing: bool) -> CashLimitError:
    start, _, entry = run[0]
    peak_date, peak, _ = max(run, key=lambda day: day[1])
    limit = book.settings.limit("cash-limit", start) or ZERO
    days = (end - start).days + 1
    still = "，至账本最后日期仍未降到限额以内" if ongoing else ""
    return CashLimitError(
        source_of(entry),
        f"库存现金自 {start} 至 {end} 连续 {days} 天日终余额超过限额 {fmt(limit)} 元，"
        f"最高 {fmt(peak)} 元（{peak_date}）{still}。超出限额的现金应及时存入银行；"
        "限额不合实际的，经批准后用 cash-limit 设置调整",
        entry,
        start.isoformat(),
        peak,
    )


def check_capital_recorded_as_assets(book: Book) -> Sequence[CapitalNoAssetError]:
    """Capital spending (507) is matched in its transaction by Dr 162 (161, 171) / Cr 301;
    a year-end closing voucher (``#closing``) moves 507 into 321/322 and buys nothing."""
    spending = _accounts(book, CAPITAL)
    assets, funds = _accounts(book, *CAPITAL_ASSETS), _accounts(book, ASSET_FUND)
    shared, errors = index.of(book), []
    for i in shared.touching(spending):
        txn = shared.transactions[i]
        if is_closing(txn):
            continue
        capital = asset = fund = ZERO
        for posting in txn.postings:
            number = units_in(posting, book.currency) or ZERO
            if posting.account in spending:
                capital += number
            elif posting.account in assets:
                asset += number
            elif posting.account in funds:
                fund -= number
        if asset == capital == fund:
            continue
        errors.append(
            CapitalNoAssetError(
                source_of(txn),
                f"资本性支出（507）{fmt(capital)} 元未在同一凭证中等额登记资产：应同时借记 162 固定资产"
                f"（在建工程记 161、无形资产记 171、装修等长期待摊费用记 181）{fmt(capital)} 元、贷记 301 资产基金 {fmt(capital)} 元；"
                f"本凭证资产增加 {fmt(asset)} 元、资产基金增加 {fmt(fund)} 元。请补记资产分录并登记资产卡片",
                txn,
                voucher_key(txn),
                capital,
            )
        )
    return errors


RULES: tuple[Rule, ...] = (
    Rule(
        LargeNoDecisionError,
        "达到大额支出标准的支出注明集体决策（decision）",
        check_large_items_decided,
    ),
    Rule(CashLimitError, "库存现金日终余额不超过限额", check_cash_within_limit),
    Rule(
        CashPaymentError,
        "单笔现金支付不超过限额（存入银行不算支付）",
        check_cash_payments_within_limit,
    ),
    Rule(
        CapitalNoAssetError,
        "资本性支出在同一凭证中等额登记固定资产与资产基金",
        check_capital_recorded_as_assets,
    ),
)

__plugins__ = (topic_plugin(RULES),)
