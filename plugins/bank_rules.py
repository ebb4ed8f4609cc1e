"""Bank statement lines imported without a rule are completed before the accounts close."""

from __future__ import annotations

from collections.abc import Sequence

from ghfund import chart
from ghfund.book import Book
from ghfund.errors import GhfundError, source_of, voucher_key
from ghfund.rules import Rule, topic_plugin


class BankUnconfirmedError(GhfundError):
    rule = "bank-unconfirmed"


def check_bank_lines_confirmed(book: Book) -> Sequence[BankUnconfirmedError]:
    """Report each transaction still posting to a 待确认 account (codes 40899, 51099)."""
    suspense = {
        account
        for account in book.opens
        if (coded := chart.try_parse(account)) is not None and coded.code in chart.SUSPENSE_CODES
    }
    if not suspense:
        return []
    errors = []
    for txn in book.transactions:
        for posting in txn.postings:
            if posting.account in suspense:
                number = posting.units.number if posting.units is not None else None
                ref = txn.meta.get("bank-ref")
                errors.append(
                    BankUnconfirmedError(
                        source_of(txn),
                        f"{txn.date} 的银行流水“{txn.narration}”"
                        f"{'（流水号 ' + str(ref) + '）' if ref else ''}记在待确认科目 "
                        f"{posting.account}，对方科目尚未确定；请改为正确的收入或支出科目并把 ! 改为 *，"
                        "或在对账规则文件中补一条规则",
                        txn,
                        voucher_key(txn),
                        abs(number) if number is not None else None,
                    )
                )
                break
    return errors


RULES: tuple[Rule, ...] = (
    Rule(
        BankUnconfirmedError,
        "导入的银行流水都已确定对方科目（不留在待确认科目中）",
        check_bank_lines_confirmed,
    ),
)

__plugins__ = (topic_plugin(RULES),)
