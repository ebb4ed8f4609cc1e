"""Every transaction has a voucher number (记账凭证号), unique within its year, and the numbers
of a year run without gaps.

A voucher's number is its last run of digits; the text around it (``记-2024-``: the word
记, 收, 付… and the year, and the month where numbering restarts each month:
``记-2023-03-0001``) names its series, with the transaction's year added when that text
has no digits (``记字第12号``). The numbers of a series run without gaps between the first
and the last; a gap is one ``voucher-gap`` finding at the voucher after it, naming the
missing numbers.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from beancount.core import data, flags

from ghfund import index
from ghfund.book import Book
from ghfund.custom import shown
from ghfund.errors import GhfundError, source_of, voucher_key
from ghfund.rules import Rule, topic_plugin


class VoucherMissingError(GhfundError):
    rule = "voucher-missing"


class VoucherDuplicateError(GhfundError):
    rule = "voucher-duplicate"


class VoucherGapError(GhfundError):
    rule = "voucher-gap"


_DIGITS = "0123456789"
_DIGIT_SET = frozenset(_DIGITS)
_SUFFIXED = re.compile(r"(.*?)(\d+)(\D+)\Z", re.S)  # 记字第12号: the number is not last


def _parts(voucher: str) -> tuple[str, str, str] | None:
    """(text before the number, the number, text after it), or None without a number."""
    head = voucher.rstrip(_DIGITS)
    if len(head) < len(voucher):
        return head, voucher[len(head) :], ""
    match = _SUFFIXED.match(voucher)
    return (match[1], match[2], match[3]) if match else None


def check_vouchers_present(book: Book) -> Sequence[VoucherMissingError]:
    """Each transaction carries ``voucher: "记-YYYY-NNNN"`` as text."""
    return book.derived(_check_vouchers).missing


def check_vouchers_unique(book: Book) -> Sequence[VoucherDuplicateError]:
    """No voucher number is used twice within one year."""
    return book.derived(_check_vouchers).duplicate


def check_vouchers_without_gaps(book: Book) -> Sequence[VoucherGapError]:
    """The numbers of a year and voucher word (and month, if numbered by month) have no gaps."""
    errors = []
    for numbers in book.derived(_check_vouchers).numbered.values():
        ordered = sorted(numbers)
        for low, high in itertools.pairwise(ordered):
            if high > low + 1:
                errors.append(_gap(numbers[high], range(low + 1, high)))
    return errors


@dataclass(frozen=True)
class _VoucherFindings:
    missing: tuple[VoucherMissingError, ...]
    duplicate: tuple[VoucherDuplicateError, ...]
    # series → number → the first transaction carrying it
    numbered: dict[str, dict[int, data.Transaction]]


def _check_vouchers(book: Book) -> _VoucherFindings:
    """The voucher rules in one pass over the transactions."""
    shared = index.of(book)
    transactions, dates = shared.transactions, shared.dates
    seen: dict[int, dict[str, int]] = {}  # year -> voucher -> its first transaction
    yearless: dict[str, bool] = {}  # head -> no digit in it (so no year)
    missing, duplicate = [], []
    numbered: dict[str, dict[int, data.Transaction]] = {}
    for i, voucher in enumerate(shared.vouchers):
        if isinstance(voucher, str) and voucher.strip():
            year = dates[i].year
            of_year = seen.get(year)
            if of_year is None:
                of_year = seen[year] = {}
            first = of_year.setdefault(voucher, i)
            if first != i:
                duplicate.append(_duplicate(transactions[i], voucher, transactions[first].meta))
                continue
            # Inline for the common 记-2024-0031: a tuple per transaction would wake the
            # garbage collector over the whole book.
            head = voucher.rstrip(_DIGITS)
            if len(head) < len(voucher):
                series, number = head, voucher[len(head) :]
            elif parts := _parts(voucher):
                head, number, tail = parts
                series = f"{head}\0{tail}"
            else:
                continue
            plain = yearless.get(head)
            if plain is None:
                plain = yearless[head] = _DIGIT_SET.isdisjoint(head)
            if plain:  # no year in the voucher: the transaction's
                series = f"{series}\0{year}"
            numbers = numbered.get(series)
            if numbers is None:
                numbers = numbered[series] = {}
            numbers.setdefault(int(number), transactions[i])
        elif transactions[i].flag != flags.FLAG_PADDING:  # pad's entries are Beancount's
            missing.append(_missing(transactions[i], voucher))
    return _VoucherFindings(tuple(missing), tuple(duplicate), numbered)


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


def _gap(txn: data.Transaction, gap: range) -> VoucherGapError:
    voucher = str(txn.meta["voucher"])
    head, digits, tail = _parts(voucher) or ("", "", "")

    def name(number: int) -> str:
        return f"{head}{number:0{len(digits)}d}{tail}"

    if len(gap) <= 10:
        names = "、".join(name(number) for number in gap)
    else:
        names = f"{name(gap[0])} 至 {name(gap[-1])}"
    return VoucherGapError(
        source_of(txn),
        f"凭证号 {voucher} 之前缺少 {len(gap)} 个号：{names}。凭证应按顺序连续编号，"
        "断号可能是凭证遗失、漏记或删除了已记的凭证；请查明原因：漏记的补记，编错的改正编号，"
        "作废的凭证由经审会核实后用 ghfund-ack 处理",
        txn,
        voucher_key(txn),
    )


RULES: tuple[Rule, ...] = (
    Rule(VoucherMissingError, "每笔交易都有凭证号（voucher）", check_vouchers_present, True),
    Rule(VoucherDuplicateError, "凭证号在同一年度内不重复", check_vouchers_unique, True),
    Rule(
        VoucherGapError,
        "同一年度、同一凭证字（按月编号的为同一月）的凭证号连续，没有断号",
        check_vouchers_without_gaps,
    ),
)

__plugins__ = (topic_plugin(RULES),)
