"""Records an audit committee looks for (六查六看): the bank reconciled and the cash counted
every month, the fixed assets counted every year, a payment voucher's attachments.

Each rule starts from the first record of its kind in the book: a book that has never
recorded a reconciliation (a count, a stocktake, an attachment count) is not reported
month by month; from its first record on, every later period has one.

Evidence, as docs/RULES.md states it:
- a month's reconciliation of a 102 account, or count of the cash (101), is a ``balance``
  assertion on that account dated the month's last day or the next month's first (Beancount
  checks a balance at the start of its day: ``2025-02-01 balance`` is January's end);
- a year's stocktake is a ``custom "ghfund-stocktake" DATE`` with ``result:``, DATE in it
  (or in the next January: the year-end count is often finished then);
- a payment voucher (cash and bank together flow out) records ``attachments`` ≥ 1.

What counts as a record, and what a year's review says of records never kept, is the core's
``ghfund.evidence``. A period is checked once the book has passed its end. Keys: ``Assets:102-银行存款/2025-03``
(bank), ``2025-03`` (cash), ``2025`` (stocktake), the voucher (attachments).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from beancount.core import data, flags

from ghfund import index
from ghfund.book import Book
from ghfund.errors import GhfundError, source_of, voucher_key
from ghfund.evidence import (
    ASSETS,
    BANK,
    CASH,
    DAY,
    accounts_of,
    checks_of,
    month_checked,
    stocktake_year,
)
from ghfund.funding import month_ends, month_key
from ghfund.money import ZERO, units_in
from ghfund.month import month_end
from ghfund.rules import Rule, topic_plugin


class BankUnreconciledError(GhfundError):
    rule = "bank-unreconciled"


class CashUncountedError(GhfundError):
    rule = "cash-uncounted"


class AssetCountMissingError(GhfundError):
    rule = "asset-count-missing"


class AttachmentsMissingError(GhfundError):
    rule = "attachments-missing"


def _passed(book: Book, end: datetime.date) -> bool:
    """The book has gone past the period ending ``end``."""
    return book.last_date is not None and book.last_date > end


def marker(entry: object, date: datetime.date, account: str, text: str) -> data.Note:
    """Where a finding about a period with no record sits: a note dated the period's end,
    pointing at ``entry`` (an account's opening, the first record)."""
    source = source_of(entry)
    meta = {"filename": source.get("filename"), "lineno": source.get("lineno")}
    return data.Note(meta, date, account, text, data.EMPTY_SET, data.EMPTY_SET)


def check_bank_reconciled(book: Book) -> Sequence[BankUnreconciledError]:
    """Each 102 account has a month-end balance assertion every month it moved after its
    first."""
    balances, closes = checks_of(book)
    banks = set(accounts_of(book, BANK))
    checked: dict[str, list[datetime.date]] = {}
    for balance in balances:
        month = month_checked(balance.date)
        if balance.account in banks and month is not None:
            checked.setdefault(balance.account, []).append(month)
    shared = index.of(book)
    errors = []
    for account, months in checked.items():
        first, done = min(months), set(months)
        # a month the account did not move keeps the balance last reconciled (a time
        # deposit has no monthly statement)
        within = [a for a in banks if a == account or a.startswith(account + ":")]
        dates = shared.dates
        moved = {month_end(day) for day in {dates[i] for i in shared.touching(within)}}
        # through the month before the one it closes in (its closing is its last statement)
        last = book.last_date or first
        if account in closes:
            last = min(last, closes[account].replace(day=1) - DAY)
        for month in month_ends(first, last):
            if month in done or month not in moved or not _passed(book, month):
                continue
            key = f"{account}/{month_key(month)}"
            opened = book.opens[account]
            errors.append(
                BankUnreconciledError(
                    source_of(opened),
                    f"{account} {month.year}年{month.month}月末没有对账记录：本账户自 "
                    f"{month_key(first)} 起按月与银行对账单核对（月末余额断言），该月缺少。"
                    "银行存款日记账至少每月与银行对账单核对一次；请取得该月对账单，核对一致后在次月1日记 "
                    f"balance {account} 月末余额 CNY，不一致的编制银行存款余额调节表查明原因",
                    marker(opened, month, account, f"{month_key(month)} 未对账"),
                    key,
                )
            )
    return errors


def check_cash_counted(book: Book) -> Sequence[CashUncountedError]:
    """Each month in which 101 moved has a month-end count after the first one recorded."""
    balances, _ = checks_of(book)
    cash = accounts_of(book, CASH)
    counted = {
        month
        for balance in balances
        if balance.account in cash and (month := month_checked(balance.date)) is not None
    }
    if not counted:
        return []
    first = min(counted)
    shared = index.of(book)
    last: dict[tuple[int, int], data.Transaction] = {}  # month -> its last cash transaction
    for i in shared.touching(cash):
        date = shared.dates[i]
        if date > first:
            last[date.year, date.month] = shared.transactions[i]
    moved = {month_end(txn.date): txn for txn in last.values()}
    errors = []
    for month, txn in sorted(moved.items()):
        if month in counted or not _passed(book, month):
            continue
        errors.append(
            CashUncountedError(
                source_of(txn),
                f"{month.year}年{month.month}月库存现金有收付，月末没有盘点记录：本账本自 "
                f"{month_key(first)} 起记录现金盘点（月末余额断言），该月缺少。"
                "库存现金应每月末盘点、账实核对；请把盘点数记为次月1日的 "
                f"balance {cash[0]} 月末余额 CNY，不符的查明原因",
                marker(txn, month, cash[0], f"{month_key(month)} 未盘点现金"),
                month_key(month),
            )
        )
    return errors


def check_assets_counted(book: Book) -> Sequence[AssetCountMissingError]:
    """Each year with fixed assets at its end has a stocktake, after the first recorded."""
    stocktakes = book.directives.stocktakes
    if not stocktakes:
        return []
    first = min(stocktakes, key=lambda s: s.counted)
    years = {stocktake_year(s.counted) for s in stocktakes}
    shared = index.of(book)
    moves: list[tuple[datetime.date, Decimal]] = []
    for account in accounts_of(book, ASSETS):
        for i, posting in shared.on(account):
            moves.append((shared.dates[i], units_in(posting, book.currency) or ZERO))
    errors = []
    for year in range(
        stocktake_year(first.counted) + 1, (book.last_date or first.counted).year + 1
    ):
        end = datetime.date(year, 12, 31)
        held = sum((amount for date, amount in moves if date <= end), ZERO)
        if year in years or held <= 0 or not _passed(book, end - DAY):
            continue
        errors.append(
            AssetCountMissingError(
                source_of(first.entry),
                f"{year}年没有固定资产清查盘点记录：年末固定资产 {held:,.2f} 元，本账本自 "
                f"{first.counted} 起记录盘点。固定资产应每年至少清查盘点一次；请盘点后记 "
                f'custom "ghfund-stocktake" 盘点日期，并注明 result: "账实相符"（或盘盈、盘亏情况）',
                marker(first.entry, end, "Assets:162-固定资产", f"{year} 未盘点固定资产"),
                str(year),
                held,
            )
        )
    return errors


def check_attachments(book: Book) -> Sequence[AttachmentsMissingError]:
    """Each payment voucher records ``attachments`` ≥ 1, from the first voucher recording it."""
    shared = index.of(book)
    start = next(
        (
            shared.dates[i]
            for i in shared.with_key("attachments")
            if "attachments" in shared.transactions[i].meta
        ),
        None,
    )
    if start is None:
        return []
    money = frozenset(accounts_of(book, CASH) + accounts_of(book, BANK))
    errors = []
    transactions = shared.transactions
    for i in shared.touching(money):
        txn = transactions[i]
        count = txn.meta.get("attachments")
        if count.__class__ is Decimal and count >= 1:
            continue  # nearly every voucher of such a book (Beancount reads numbers as Decimal)
        if isinstance(count, int) and not isinstance(count, bool) and count >= 1:
            continue
        if txn.date < start or txn.flag == flags.FLAG_PADDING:
            continue
        paid = -sum(
            (units_in(p, book.currency) or ZERO for p in txn.postings if p.account in money), ZERO
        )
        if paid <= 0:
            continue
        errors.append(
            AttachmentsMissingError(
                source_of(txn),
                f"付款凭证没有注明附件张数：支付 {paid:,.2f} 元，本账本自 {start} 起在凭证上记录附件张数。"
                "付款凭证须附发票、签收单等原始凭证；请补上 attachments: 张数，"
                "确无原始凭证的，说明原因并由经审会审查处理",
                txn,
                voucher_key(txn),
                paid,
            )
        )
    return errors


RULES: tuple[Rule, ...] = (
    Rule(
        BankUnreconciledError,
        "银行存款自首次对账起每月末都有对账记录（余额断言）",
        check_bank_reconciled,
    ),
    Rule(
        CashUncountedError,
        "库存现金自首次盘点起、有收付的每个月末都有盘点记录（余额断言）",
        check_cash_counted,
    ),
    Rule(
        AssetCountMissingError,
        "有固定资产的年度自首次盘点起每年都有清查盘点记录（ghfund-stocktake）",
        check_assets_counted,
    ),
    Rule(
        AttachmentsMissingError,
        "自首张记录附件张数的凭证起，每张付款凭证注明附件张数（attachments ≥ 1）",
        check_attachments,
    ),
)

__plugins__ = (topic_plugin(RULES),)
