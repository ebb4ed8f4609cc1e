"""Fixed assets (固定资产): equipment bought outside 资本性支出 is still entered as an asset.

A union often books a treadmill or a bookcase to the activity it serves (建家活动支出,
职工书屋活动支出) instead of 507; the outlay may stay there, but the asset must still be
entered: Dr 162 固定资产 (161 在建工程, 171 无形资产) / Cr 301 资产基金 in the same voucher.
``capital-no-asset`` covers 507 itself. A purchase is equipment when the transaction or a
posting carries ``asset`` metadata, or the narration (not the payee: a 健身器材公司 sells
consumables too) holds a word of ``ASSET_WORDS`` or of the option ``asset-words`` and none
of ``NOT_PURCHASE_WORDS`` (repairs, rentals); it counts from ``capital-threshold``
(default 1,000.00), compared with the transaction's Expenses debits outside 507.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from decimal import Decimal

from beancount.core import data, flags

from ghfund import chart, index
from ghfund.book import Book
from ghfund.errors import GhfundError, source_of, voucher_key
from ghfund.money import ZERO, fmt, units_in
from ghfund.rules import Rule, topic_plugin

# Durable goods named in a narration (docs/RULES.md lists them). Not the verb 购置: it is
# the everyday word for buying gifts and supplies too.
ASSET_WORDS: tuple[str, ...] = (
    "设备",
    "电脑",
    "笔记本电脑",
    "打印机",
    "复印机",
    "一体机",
    "空调",
    "家具",
    "桌椅",
    "书架",
    "书柜",
    "文件柜",
    "跑步机",
    "健身器材",
    "投影仪",
    "显示屏",
    "电视",
    "音响",
    "音箱",
    "乒乓球台",
    "按摩椅",
    "冰箱",
    "洗衣机",
    "钢琴",
    "照相机",
    "摄像机",
    "摄像头",
    "门禁",
    "借阅机",
    "阅读终端",
)
# Words that say the money went on gifts, prizes, consumables or a service for equipment,
# not on buying it.
NOT_PURCHASE_WORDS: tuple[str, ...] = (
    "维修",
    "修理",
    "保养",
    "清洗",
    "租赁",
    "租用",
    "租金",
    "慰问品",
    "礼品",
    "纪念品",
    "奖品",
    "耗材",
    "硒鼓",
    "墨盒",
    "碳粉",
    "配件",
)
# 资本性支出; 在建工程, 固定资产, 无形资产, 长期待摊费用 (the 制度 pairs each with 507 and 301)
CAPITAL, CAPITAL_ASSETS = "507", ("161", "162", "171", "181")


class AssetUncapitalizedError(GhfundError):
    rule = "asset-uncapitalized"


def _accounts(book: Book) -> tuple[frozenset[str], frozenset[str]]:
    """(Expenses accounts outside 507, accounts of 161/162/171) among the book's accounts."""
    spending, assets = set(), set()
    for account in book.opens:
        coded = chart.try_parse(account)
        if coded is None:
            continue
        if coded.kind is chart.Kind.EXPENSE and coded.top != CAPITAL:
            spending.add(account)
        elif coded.top in CAPITAL_ASSETS:
            assets.add(account)
    return frozenset(spending), frozenset(assets)


def _asset_named(txn: data.Transaction) -> str:
    """The ``asset`` metadata of the transaction or of one of its postings, or ""."""
    for meta in (txn.meta, *(posting.meta or {} for posting in txn.postings)):
        value = meta.get("asset")
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def check_equipment_capitalized(book: Book) -> Sequence[AssetUncapitalizedError]:
    """Spending outside 507 at or above ``capital-threshold`` on equipment debits 161/162/171."""
    dated = [value for _, value in book.settings.history("capital-threshold")]
    floor = min([*dated, book.settings.capital_threshold(_BEFORE_ANY)])
    spending, assets = _accounts(book)
    extra = [word for _, words in book.settings.history("asset-words") for word in words]
    any_word = re.compile("|".join(re.escape(word) for word in (*ASSET_WORDS, *extra)))
    errors, shared = [], index.of(book)
    # only transactions whose narration or metadata names equipment
    for i in sorted({*shared.narrated(any_word), *shared.with_key("asset")}):
        txn = shared.transactions[i]
        if txn.flag == flags.FLAG_PADDING:
            continue
        spent, accounts, capitalized = ZERO, [], False
        for posting in txn.postings:
            if posting.account in spending:
                number = units_in(posting, book.currency) or ZERO
                if number > 0:
                    spent += number
                    accounts.append(posting.account)
            elif posting.account in assets and (units_in(posting, book.currency) or ZERO) > 0:
                capitalized = True
        if capitalized or spent < floor:
            continue
        threshold = book.settings.capital_threshold(txn.date)
        count = _quantity(txn)
        if spent < threshold or (count is not None and spent / count < threshold):
            continue
        why = _equipment(book, txn)
        if why:
            errors.append(_finding(txn, spent, threshold, accounts, why))
    return errors


def _quantity(txn: data.Transaction) -> Decimal | None:
    """The ``quantity`` of the transaction or of one of its postings (a positive number):
    the threshold applies to each unit (第三十二条 speaks of unit value)."""
    for meta in (txn.meta, *(posting.meta or {} for posting in txn.postings)):
        value = meta.get("quantity")
        if isinstance(value, int | Decimal) and not isinstance(value, bool) and value > 0:
            return Decimal(value)
    return None


_BEFORE_ANY = datetime.date.min  # the default applies before the first dated option


def _equipment(book: Book, txn: data.Transaction) -> str:
    """Why the transaction buys equipment, in Chinese, or "" when nothing says so."""
    named = _asset_named(txn)
    if named:
        return f"元数据 asset 为“{named}”"
    text = txn.narration or ""
    if any(word in text for word in NOT_PURCHASE_WORDS):
        return ""
    for word in (*ASSET_WORDS, *book.settings.asset_words(txn.date)):
        if word in text:
            return f"摘要含“{word}”"
    return ""


def _finding(
    txn: data.Transaction, spent: Decimal, threshold: Decimal, accounts: list[str], why: str
) -> AssetUncapitalizedError:
    where = "、".join(dict.fromkeys(accounts))
    return AssetUncapitalizedError(
        source_of(txn),
        f"购置设备未登记固定资产：本凭证{why}，支出 {fmt(spent)} 元（{where}），"
        f"达到固定资产入账起点 {fmt(threshold)} 元，"
        "但没有借记 162 固定资产（或 161、171、181）。请在同一凭证中补记 借：162 固定资产 / 贷：301 资产基金，"
        "在 162 分录上写明 asset（名称）、category（类别）、life（折旧年限）并登记资产卡片；"
        "确属低值易耗品的，经审核后用 ghfund-ack 处理",
        txn,
        voucher_key(txn),
        spent,
    )


RULES: tuple[Rule, ...] = (
    Rule(
        AssetUncapitalizedError,
        "在 507 以外列支、达到入账起点的设备购置，同一凭证登记固定资产",
        check_equipment_capitalized,
    ),
)

__plugins__ = (topic_plugin(RULES),)
