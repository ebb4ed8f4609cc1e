"""Every transaction has a voucher number (记账凭证号), unique within its year."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from beancount.core import data, flags

from ghfund.book import Book
from ghfund.custom import shown
from ghfund.errors import GhfundError, source_of, voucher_key
from ghfund.rules import Rule, topic_plugin


class VoucherMissingError(GhfundError):
    rule = "voucher-missing"


class VoucherDuplicateError(GhfundError):
    rule = "voucher-duplicate"


def check_vouchers_present(book: Book) -> Sequence[VoucherMissingError]:
    """Each transaction carries ``voucher: "记-YYYY-NNNN"`` as text."""
    return book.derived(_check_vouchers).missing


def check_vouchers_unique(book: Book) -> Sequence[VoucherDuplicateError]:
    """No voucher number is used twice within one year."""
    return book.derived(_check_vouchers).duplicate


@dataclass(frozen=True)
class _VoucherFindings:
    missing: tuple[VoucherMissingError, ...]
    duplicate: tuple[VoucherDuplicateError, ...]


def _check_vouchers(book: Book) -> _VoucherFindings:
    """Both voucher rules in one pass over the transactions."""
    seen: dict[tuple[int, str], dict[str, object]] = {}
    missing, duplicate = [], []
    for txn in book.transactions:
        voucher = txn.meta.get("voucher")
        if isinstance(voucher, str) and voucher.strip():
            first = seen.setdefault((txn.date.year, voucher), txn.meta)
            if first is not txn.meta:
                duplicate.append(_duplicate(txn, voucher, first))
        elif txn.flag != flags.FLAG_PADDING:  # pad's entries are Beancount's, not vouchers
            missing.append(_missing(txn, voucher))
    return _VoucherFindings(tuple(missing), tuple(duplicate))


def _missing(txn: data.Transaction, voucher: object) -> VoucherMissingError:
    if voucher is None:
        problem = '缺少凭证号；请在交易下一行加元数据 voucher: "记-YYYY-NNNN"'
    else:
        problem = (
            f'凭证号应为带引号的文字，如 voucher: "记-{txn.date.year}-0001"，实为 {shown(voucher)}'
        )
    return VoucherMissingError(source_of(txn), problem, txn, voucher_key(txn))


def _duplicate(
    txn: data.Transaction, voucher: str, first: dict[str, object]
) -> VoucherDuplicateError:
    return VoucherDuplicateError(
        source_of(txn),
        f"凭证号 {voucher} 在 {txn.date.year} 年已用于 "
        f"{first.get('filename')}:{first.get('lineno')}；同一年度内凭证号不得重复，请改用下一个号",
        txn,
        voucher,
    )


RULES: tuple[Rule, ...] = (
    Rule(VoucherMissingError, "每笔交易都有凭证号（voucher）", check_vouchers_present, True),
    Rule(VoucherDuplicateError, "凭证号在同一年度内不重复", check_vouchers_unique, True),
)

__plugins__ = (topic_plugin(RULES),)
