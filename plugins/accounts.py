"""Every account is ``CODE-名称`` with a code from the 2021 chart (or a local code under one)."""

from __future__ import annotations

from collections.abc import Sequence

from ghfund import chart
from ghfund.book import Book
from ghfund.errors import GhfundError, source_of
from ghfund.rules import Rule, topic_plugin


class AccountCodeError(GhfundError):
    rule = "account-code"


def check_account_codes(book: Book) -> Sequence[AccountCodeError]:
    """Report each opened account whose name does not follow the chart."""
    errors = []
    for account, entry in book.opens.items():
        try:
            chart.parse(account)
        except chart.AccountCodeProblem as problem:
            errors.append(
                AccountCodeError(
                    source_of(entry),
                    f"科目 {account} 不符合《工会会计制度》(2021)科目表：{problem}。"
                    "请改为“编码-名称”，如 Expenses:501-职工活动支出:50102-文体活动支出",
                    entry,
                    account,
                )
            )
    return errors


RULES: tuple[Rule, ...] = (
    Rule(
        AccountCodeError,
        "每个科目都是“编码-名称”，编码出自 2021 年工会会计科目表",
        check_account_codes,
        True,
    ),
)

__plugins__ = (topic_plugin(RULES),)
