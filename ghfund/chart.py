"""The 2021 《工会会计制度》 (财会〔2021〕7号) chart of accounts, as data.

Every ghfund account component under a root is ``CODE-名称``. Checks and reports
map accounts by code, never by the Chinese text, so a union may rename the text
or add deeper local levels freely. This module owns that mapping.

A child component's code either extends its parent's code (``50102`` under
``501``) or is a short local code, shorter than the parent's, that is appended
to it (``01`` under ``102`` is effective code ``10201``).
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Collection
from dataclasses import dataclass

from ghfund.problems import UserProblem


class Kind(enum.Enum):
    """The five classes of the chart, each tied to one Beancount root."""

    ASSET = "Assets"
    LIABILITY = "Liabilities"
    NET_ASSET = "Equity"
    INCOME = "Income"
    EXPENSE = "Expenses"


@dataclass(frozen=True)
class ChartAccount:
    """One account of the official chart."""

    code: str
    name: str
    kind: Kind
    base: bool  # part of the base-union (基层工会) chart
    parent: str | None = None  # parent code, for detail accounts

    @property
    def component(self) -> str:
        """The account-name component, e.g. ``102-银行存款``."""
        return f"{self.code}-{self.name}"


A, L, N, R, E = Kind.ASSET, Kind.LIABILITY, Kind.NET_ASSET, Kind.INCOME, Kind.EXPENSE  # R: revenue

# First-level accounts of the full chart; ``True`` marks the 24 of the base-union chart.
# 111 and 121 are named by analogy with the 2009 system and the government accounting
# system (see docs/DECISIONS.md); a base union does not use them.
_FIRST_LEVEL: tuple[tuple[str, str, Kind, bool], ...] = (
    ("101", "库存现金", A, True),
    ("102", "银行存款", A, True),
    ("111", "零余额账户用款额度", A, False),
    ("121", "财政应返还额度", A, False),
    ("131", "应收上级经费", A, True),
    ("132", "应收下级经费", A, False),
    ("135", "其他应收款", A, True),
    ("141", "库存物品", A, True),
    ("151", "投资", A, False),
    ("161", "在建工程", A, False),
    ("162", "固定资产", A, True),
    ("163", "累计折旧", A, True),
    ("171", "无形资产", A, False),
    ("172", "累计摊销", A, False),
    ("181", "长期待摊费用", A, False),
    ("182", "待处理财产损溢", A, True),
    ("201", "应付职工薪酬", L, False),
    ("211", "应付上级经费", L, True),
    ("212", "应付下级经费", L, False),
    ("215", "其他应付款", L, True),
    ("221", "代管经费", L, False),
    ("301", "资产基金", N, True),
    ("311", "专用基金", N, False),
    ("321", "工会资金结转", N, True),
    ("322", "工会资金结余", N, True),
    ("331", "财政拨款结转", N, False),
    ("332", "财政拨款结余", N, False),
    ("341", "预算稳定调节基金", N, False),
    ("401", "会费收入", R, True),
    ("402", "拨缴经费收入", R, True),
    ("403", "上级补助收入", R, True),
    ("404", "政府补助收入", R, False),
    ("405", "行政补助收入", R, True),
    ("406", "附属单位上缴收入", R, False),
    ("407", "投资收益", R, False),
    ("408", "其他收入", R, True),
    ("411", "动用预算稳定调节基金", R, False),
    ("501", "职工活动支出", E, True),
    ("502", "职工活动组织支出", E, False),
    ("503", "职工服务支出", E, True),
    ("504", "维权支出", E, True),
    ("505", "业务支出", E, True),
    ("506", "行政支出", E, False),
    ("507", "资本性支出", E, True),
    ("508", "补助下级支出", E, False),
    ("509", "对附属单位的支出", E, False),
    ("510", "其他支出", E, True),
    ("521", "安排预算稳定调节基金", E, False),
)

# Detail accounts (明细科目) the system itself prescribes.
_DETAIL: tuple[tuple[str, str], ...] = (
    ("32101", "年初余额调整"),
    ("32102", "单位内部调剂"),
    ("32103", "本年收支结转"),
    ("32104", "累计结转"),
    ("32201", "年初余额调整"),
    ("32202", "单位内部调剂"),
    ("32203", "本年收支结转"),
    ("32204", "结转转入"),
    ("32205", "累计结余"),
    ("40301", "一般性转移支付补助"),
    ("40302", "专项转移支付补助"),
    ("50101", "职工教育支出"),
    ("50102", "文体活动支出"),
    ("50103", "宣传活动支出"),
    ("50104", "劳模职工疗休养支出"),
    ("50105", "会员活动支出"),
    ("50106", "其他活动支出"),
    ("50301", "劳动和技能竞赛活动支出"),
    ("50302", "建家活动支出"),
    ("50303", "职工创新活动支出"),
    ("50304", "职工书屋活动支出"),
    ("50305", "其他服务支出"),
    ("50401", "劳动关系协调支出"),
    ("50402", "劳动保护支出"),
    ("50403", "法律援助支出"),
    ("50404", "困难职工帮扶支出"),
    ("50405", "送温暖支出"),
    ("50406", "其他维权支出"),
    ("50501", "培训支出"),
    ("50502", "会议支出"),
    ("50503", "专项业务支出"),
    ("50504", "其他业务支出"),
    ("50701", "房屋建筑物购建"),
    ("50702", "办公设备购置"),
    ("50703", "专用设备购置"),
    ("50704", "交通工具购置"),
    ("50705", "大型修缮"),
    ("50706", "信息网络购建"),
    ("50707", "其他资本性支出"),
)


def _build() -> dict[str, ChartAccount]:
    chart = {code: ChartAccount(code, name, kind, base) for code, name, kind, base in _FIRST_LEVEL}
    for code, name in _DETAIL:
        parent = chart[code[:3]]
        chart[code] = ChartAccount(code, name, parent.kind, parent.base, parent.code)
    return dict(sorted(chart.items()))


CHART: dict[str, ChartAccount] = _build()
"""Every account of the full chart by code, in code order."""

BASE_CHART: tuple[ChartAccount, ...] = tuple(a for a in CHART.values() if a.base)
"""The base-union chart: 24 first-level accounts with their prescribed details."""

ROOTS: dict[str, Kind] = {kind.value: kind for kind in Kind}

SUSPENSE_CODES = ("40899", "51099")  # 待确认收入/支出: where ``ghfund import bank`` posts
"""The effective codes of the accounts of bank lines no rule covers (ghfund.reconcile)."""

_COMPONENT = re.compile(r"(?P<code>[0-9]+)-(?P<name>.+)\Z")


class AccountCodeProblem(UserProblem, ValueError):
    """Why an account name does not follow ``CODE-名称``; the text is for users."""


@dataclass(frozen=True)
class Coded:
    """An account name read against the chart."""

    account: str
    kind: Kind
    top: str  # first-level code, e.g. "501"
    code: str  # effective code of the leaf, e.g. "50102" or "10201"

    def under(self, code: str) -> bool:
        """True when this account is the account with ``code`` or one of its descendants."""
        return self.code.startswith(code)


def account_name(code: str) -> str:
    """The full Beancount account name of a chart account, e.g. ``Income:403-…:40302-…``."""
    entry = CHART[code]
    parts = [entry.component]
    while entry.parent is not None:
        entry = CHART[entry.parent]
        parts.insert(0, entry.component)
    return ":".join([entry.kind.value, *parts])


@functools.lru_cache(maxsize=65536)
def parse(account: str) -> Coded:
    """Read an account name against the chart, or raise AccountCodeProblem.

    >>> parse("Expenses:501-职工活动支出:50102-文体活动支出").code
    '50102'
    >>> parse("Assets:102-银行存款:01-工商银行").code
    '10201'
    """
    root, *components = account.split(":")
    kind = ROOTS.get(root)
    if kind is None:
        raise AccountCodeProblem(
            f"根科目“{root}”不是 Assets/Liabilities/Equity/Income/Expenses 之一"
        )
    if not components:
        raise AccountCodeProblem("根科目下必须有一级科目，如 Assets:102-银行存款")
    code = ""
    for depth, component in enumerate(components):
        match = _COMPONENT.match(component)
        if match is None:
            raise AccountCodeProblem(f"“{component}”不是“编码-名称”格式，如 102-银行存款")
        own = match["code"]
        if depth == 0:
            top = CHART.get(own)
            if top is None or top.parent is not None:
                raise AccountCodeProblem(f"“{own}”不是《工会会计制度》(2021)的一级科目编码")
            if top.kind is not kind:
                raise AccountCodeProblem(
                    f"一级科目 {own}-{top.name} 属于 {top.kind.value}，不能放在 {root} 下"
                )
            code = own
        elif own.startswith(code) and len(own) > len(code):
            code = own
        elif len(own) < len(code):
            code += own
        else:
            raise AccountCodeProblem(
                f"明细科目编码“{own}”应以上级编码 {code} 开头（如 {code}01），"
                f"或用比上级短的本单位编码（如 01）"
            )
    return Coded(account, kind, code[:3], code)


def try_parse(account: str) -> Coded | None:
    """Like parse, but None for an account that does not follow the chart."""
    try:
        return parse(account)
    except AccountCodeProblem:
        return None


def top_of(account: str) -> str:
    """The first-level code of an account, or "" for an account off the chart."""
    coded = try_parse(account)
    return coded.top if coded else ""


def kept_in_chart(accounts: Collection[str]) -> bool:
    """Whether a book whose accounts are ``accounts`` is kept in the union chart: at least
    half of them follow it. A book of no accounts yet is given the benefit of the doubt;
    a household book or Beancount's own example, with none or few, is not."""
    if not accounts:
        return True
    following = sum(1 for account in accounts if try_parse(account) is not None)
    return following * 2 >= len(accounts)


def foreign_book(accounts: Collection[str], where: str) -> str:
    """Why the book at ``where`` is refused (Chinese), or "" when it is kept in the chart."""
    if kept_in_chart(accounts):
        return ""
    following = sum(1 for account in accounts if try_parse(account) is not None)
    sample = "、".join(sorted(accounts)[:2])
    return (
        f"账本 {where} 不是按《工会会计制度》科目表记的账：开设的 {len(accounts)} 个科目中只有 "
        f"{following} 个用工会科目编码（如 {sample}）。ghfund 要求按《工会会计制度》"
        "（财会〔2021〕7号）的科目表记账，科目写作“编码-名称”，如 Assets:102-银行存款、"
        "Income:401-会费收入；新建账本请用 ghfund init 开始，财务软件导出的旧账可用 ghfund "
        "import 按科目表导入。未输出任何报表。"
    )
