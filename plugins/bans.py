"""The 八不准 screen: spending whose narration names what the eight bans forbid (公款吃喝,
宴请, 高消费娱乐健身, 乱发奖金津贴补贴, 过节费…) outside an approved activity.

A spending transaction (Expenses debits) is screened when its narration holds a word of
``BANNED``; its ``decision`` metadata (the meeting or plan approving the activity, as
``large-no-decision`` reads it) exempts it. Not screened: 招待所 (lodging at a guesthouse),
工会所属… (工会 followed by 所), 工会会所 (the union's premises), 协会所需… (会 followed
by 所 and a verb), and 补贴/津贴/补助 in grants to members booked wholly to
50404/50405 (困难职工帮扶, 送温暖), which are what those accounts are for. Key: the voucher.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from beancount.core import flags

from ghfund import index
from ghfund.book import Book
from ghfund.errors import GhfundError, source_of, voucher_key
from ghfund.money import fmt
from ghfund.plugins.control import grants_only
from ghfund.rules import Rule, topic_plugin

# the words of the screen (docs/RULES.md lists them)
SCREEN = re.compile(
    r"宴请|聚餐|招待(?!所)|公款吃喝|[Kk][Tt][Vv]|(?<!工)(?<!工会)会所(?![属需辖])|高尔夫|健身卡|奖金|补贴|津贴|过节费|加班费"
)
GRANT_WORDS = frozenset({"补贴", "津贴"})


class EightBansError(GhfundError):
    rule = "eight-bans"


def check_eight_bans(book: Book) -> Sequence[EightBansError]:
    """Spending narrated with a banned word carries an approving ``decision``."""
    shared, errors = index.of(book), []
    for i in shared.narrated(SCREEN):
        spent = shared.spending.get(i)
        txn = shared.transactions[i]
        if not spent or spent <= 0 or txn.flag == flags.FLAG_PADDING:
            continue
        decision = txn.meta.get("decision")
        if isinstance(decision, str) and decision.strip():
            continue
        words = list(dict.fromkeys(m[0].upper() for m in SCREEN.finditer(shared.narrations[i])))
        if set(words) <= GRANT_WORDS and grants_only(txn.postings):
            continue
        listed = "、".join(f"“{word}”" for word in words)
        errors.append(
            EightBansError(
                source_of(txn),
                f"摘要含{listed}，支出 {fmt(spent)} 元，没有注明批准的活动：工会经费“八不准”禁止公款吃喝、"
                "宴请、高消费娱乐健身和违规发放奖金、津贴、补贴、过节费。属于经批准活动的（如劳动竞赛奖金、"
                '活动误餐），请注明 decision: "工会委员会会议纪要或活动方案"；不属于的，应予纠正、追回，'
                "并由经审会审查处理",
                txn,
                voucher_key(txn),
                spent,
            )
        )
    return errors


RULES: tuple[Rule, ...] = (
    Rule(
        EightBansError,
        "摘要涉及“八不准”事项（宴请、聚餐、奖金、补贴、过节费等）的支出注明批准的活动（decision）",
        check_eight_bans,
    ),
)

__plugins__ = (topic_plugin(RULES),)
