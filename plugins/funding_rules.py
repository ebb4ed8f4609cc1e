"""The 2% allocation arrives, is split, and its upward share is remitted; dues are collected.

Computations live in ``ghfund.funding`` (one pass, shared with the funding tables).
Keys: the payroll month (``2025-02``) for allocation-short and dues-short, the
voucher for the others. allocation-short and dues-short name the receipts they counted
and sit at the month's last one (at the payroll directive when none arrived);
remittance-late names the share's month, the voucher crediting 211, the late payments
and how each was matched to the share (``ghfund.remittance``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from beancount.core import data

from ghfund import funding
from ghfund.book import Book
from ghfund.errors import GhfundError, source_of, voucher_key
from ghfund.funding import Credit, PayrollMonth, Receipt
from ghfund.money import ZERO, cents, fmt
from ghfund.remittance import HOW
from ghfund.rules import Rule, topic_plugin


class AllocationShortError(GhfundError):
    rule = "allocation-short"


class AllocationSplitError(GhfundError):
    rule = "allocation-split"


class RemittanceLateError(GhfundError):
    rule = "remittance-late"


class RemittanceAsExpenseError(GhfundError):
    rule = "remittance-as-expense"


class DuesShortError(GhfundError):
    rule = "dues-short"


def check_allocation_received(book: Book) -> Sequence[AllocationShortError]:
    """Each payroll month's allocation due has arrived by its deadline."""
    found = funding.of(book)
    errors = []
    for month in found.months:
        if month.payroll is None or month.due is None or month.deadline is None:
            continue
        if not month.overdue(found.now):
            continue
        in_time = month.received_by(month.deadline)
        if month.due - in_time <= book.settings.allocation_tolerance(month.payroll.date):
            continue
        deadline = month.deadline
        counted = [r for r in month.receipts if r.allocation and r.date <= deadline]
        late = month.late_receipts
        late_text = "、".join(f"{_voucher(r)} {r.date} {fmt(r.allocation)} 元" for r in late)
        at = _last((*counted, *late)) or month.payroll.entry
        errors.append(
            AllocationShortError(
                source_of(at),
                f"工资月份 {month.key}：工资总额 {fmt(month.payroll.total)} 元，{_due_text(month)}，"
                f"应于 {month.deadline} 前到账；期限内实收 {fmt(in_time)} 元"
                f"（{_counted(counted, lambda r: r.allocation)}），"
                f"短缺 {fmt(month.due - in_time)} 元"
                + (f"（逾期到账：{late_text}）" if late else "")
                + "。请向单位或税务部门催缴；收款凭证须注明所属月份 "
                f"payroll: {month.month}，已收到而未注明的请补上",
                at,
                month.key,
                month.due - in_time,
            )
        )
    return errors


def _voucher(receipt: Receipt) -> str:
    return voucher_key(receipt.txn)


def _last(receipts: Sequence[Receipt]) -> data.Transaction | None:
    """The month's last receipt (by date, then book order): where its finding sits."""
    last = None
    for receipt in receipts:
        if last is None or receipt.date >= last.date:
            last = receipt
    return last.txn if last else None


def _counted(receipts: Sequence[Receipt], amount: Callable[[Receipt], Decimal]) -> str:
    if not receipts:
        return "没有注明该月的收款凭证"
    return "计入：" + "、".join(f"{_voucher(r)} {fmt(amount(r))} 元{_shared(r)}" for r in receipts)


def _shared(receipt: Receipt) -> str:
    """How a receipt naming several months came to count for this one."""
    if len(receipt.group) < 2:
        return ""
    months = receipt.group
    first, last = months[0], months[-1]
    contiguous = (last.year - first.year) * 12 + last.month - first.month == len(months) - 1
    named = (
        f"{first:%Y-%m} 至 {last:%Y-%m}" if contiguous else "、".join(f"{m:%Y-%m}" for m in months)
    )
    return f"（{named} 合计收款按各月应收额分摊的部分）"


def _due_text(month: PayrollMonth) -> str:
    if month.mode == "tax":
        return f"税务代收，应返还留成 {fmt(month.due)} 元（工资总额 × 2% × 留成比例）"
    return f"应拨缴 {fmt(month.due)} 元（工资总额 × 2%）"


def check_allocation_split(book: Book) -> Sequence[AllocationSplitError]:
    """Self mode: each payroll month's receipts together keep the retained share in 402 and
    credit the rest to 211, within ``allocation-tolerance``."""
    settings = book.settings
    errors = []
    for month in funding.of(book).months:
        receipts = [
            r
            for r in month.receipts
            if r.retained + r.upward and settings.allocation_mode(r.date) == "self"
        ]
        at = _last(receipts)
        if at is None:
            continue
        full = sum((r.retained + r.upward for r in receipts), ZERO)
        retained = sum((r.retained for r in receipts), ZERO)
        share = settings.retained_share(at.date)
        kept = cents(full * share)
        if abs(retained - kept) <= settings.allocation_tolerance(at.date):
            continue
        listed = "、".join(
            f"{_voucher(r)} 402 {fmt(r.retained)} 元、211 {fmt(r.upward)} 元" for r in receipts
        )
        errors.append(
            AllocationSplitError(
                source_of(at),
                f"{month.key} 的拨缴经费共 {fmt(full)} 元，按留成比例 {share:%} 应记 "
                f"402 拨缴经费收入 {fmt(kept)} 元、211 应付上级经费 {fmt(full - kept)} 元，"
                f"实记 402 {fmt(retained)} 元、211 {fmt(full - retained)} 元（{listed}）。"
                "上解部分不是本会收入，请按比例改正分录（留成四舍五入到分，余额记 211）",
                at,
                voucher_key(at),
                retained - kept,
            )
        )
    return errors


def check_remittance_on_time(book: Book) -> Sequence[RemittanceLateError]:
    """Each upward share credited to 211 is remitted within remit-days; remittances are matched
    to shares by the month they name, then first in, first out (``ghfund.remittance``)."""
    found = funding.of(book)
    now = found.now
    if now is None:
        return []
    errors = []
    for credit in found.credits:
        late = credit.late(now)
        if not late:
            continue
        days = (credit.deadline - credit.date).days
        pieces = [
            f"{voucher_key(p.txn)} 于 {p.date} 上解 {fmt(p.amount)} 元"
            f"（逾期 {(p.date - credit.deadline).days} 天，{HOW[p.how]}对应）"
            for p in credit.pieces
            if p.date > credit.deadline
        ]
        if credit.outstanding and now > credit.deadline:
            pieces.append(f"截至账本最后日期 {now} 仍有 {fmt(credit.outstanding)} 元未上解")
        errors.append(
            RemittanceLateError(
                source_of(credit.txn),
                f"{_share(credit)}于 {credit.date} 计入 211 应付上级经费 {fmt(credit.amount)} 元"
                f"（凭证 {voucher_key(credit.txn)}），应在 {days} 天内、即 {credit.deadline} 前上解；"
                + "；".join(pieces)
                + "。请及时上解（Dr 211 应付上级经费 / Cr 102 银行存款）；上解凭证按元数据 payroll:、"
                "摘要所写月份、先进先出的顺序对应到各月，对应有误的，在上解凭证上注明 "
                f"payroll: {credit.month or '所属工资月份的月末日'}",
                credit.txn,
                voucher_key(credit.txn),
                late,
            )
        )
    return errors


def _share(credit: Credit) -> str:
    if credit.month is None:
        return "应付上级经费"
    return f"{credit.month.year}年{credit.month.month}月拨缴经费的上解部分"


def check_remittance_not_expense(book: Book) -> Sequence[RemittanceAsExpenseError]:
    """No payment to the upper union (upward share) is booked to an Expenses account."""
    return [
        RemittanceAsExpenseError(
            source_of(payment.txn),
            f"这笔支出像是上解经费：{payment.reason}，却记入支出科目 "
            f"{'、'.join(payment.accounts)} {fmt(payment.amount)} 元。上解经费不是本会支出，"
            "应记 Dr 211 应付上级经费 / Cr 102 银行存款（收到拨缴经费时上解部分已贷记 211）；"
            "如确是付给上级工会的费用（如培训费），由经审会用 ghfund-ack 确认",
            payment.txn,
            voucher_key(payment.txn),
            payment.amount,
        )
        for payment in funding.of(book).expense_payments
    ]


def check_dues_collected(book: Book) -> Sequence[DuesShortError]:
    """Dues received for a payroll month are at least 0.5% of its dues base, less the tolerance
    for dues worked out member by member (``dues-tolerance`` of the amount due)."""
    found = funding.of(book)
    errors = []
    for month in found.months:
        if month.payroll is None or month.dues_due is None or not month.dues_overdue(found.now):
            continue
        received = month.dues_received
        short = month.dues_due - received
        tolerance = book.settings.dues_tolerance(month.payroll.date)
        if short <= month.dues_due * tolerance:
            continue
        counted = [r for r in month.receipts if r.dues]
        at = _last(counted) or month.payroll.entry
        errors.append(
            DuesShortError(
                source_of(at),
                f"工资月份 {month.key}：会费缴纳基数 {fmt(month.payroll.dues_base)} 元，按 0.5% 应收会费 "
                f"{fmt(month.dues_due)} 元，实收 {fmt(received)} 元"
                f"（{_counted(counted, lambda r: r.dues)}），短收 {fmt(short)} 元，"
                f"超过允许的尾差 {tolerance:%}（{fmt(cents(month.dues_due * tolerance))} 元）。"
                "请核对代扣会费；收款凭证须记 401 会费收入并注明所属月份 "
                f"payroll: {month.month}",
                at,
                month.key,
                short,
            )
        )
    return errors


RULES: tuple[Rule, ...] = (
    Rule(
        AllocationShortError,
        "每个工资月份的拨缴经费（2%，税务代收时为留成部分）在期限内足额到账",
        check_allocation_received,
    ),
    Rule(
        AllocationSplitError,
        "单位拨缴时每笔拨缴经费按留成比例记 402，其余记 211 应付上级经费",
        check_allocation_split,
    ),
    Rule(
        RemittanceLateError,
        "计入 211 的上解经费在 remit-days 天内上解（按 payroll、摘要月份对应，其余先进先出）",
        check_remittance_on_time,
    ),
    Rule(
        RemittanceAsExpenseError,
        "上解上级的经费不记入支出科目",
        check_remittance_not_expense,
    ),
    Rule(
        DuesShortError,
        "每个工资月份的会费不少于会费缴纳基数的 0.5%（允许 dues-tolerance 的尾差）",
        check_dues_collected,
    ),
)

__plugins__ = (topic_plugin(RULES),)
