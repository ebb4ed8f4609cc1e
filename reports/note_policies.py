"""附注三 会计政策和会计估计: the policy the book actually follows, observed in its entries.

The note does not recite the 制度; it says what the entries show and flags where they
depart from it: whether the year's 年终结转 is booked or virtual; where the year's fixed
assets were paid from (507 资本性支出, or another spending account); from which month the
linked depreciation starts (the month of acquisition, or the next); whether anything was
depreciated at all; the capital threshold in force and the cards below it.
"""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal

from ghfund import assets, chart
from ghfund.carry_forward import open_flows
from ghfund.ledger import Loaded
from ghfund.money import fmt
from ghfund.month import Month
from ghfund.reports.balances import year_end

ONE_DAY = datetime.timedelta(days=1)
CAPITAL = "507"


def policies(loaded: Loaded, year: int) -> list[str]:
    """The lines of 附注三 for ``year``."""
    book = loaded.book
    register = assets.register(book)
    cards = [asset for asset in register.assets if asset.acquired.year <= year]
    lives = Counter(
        f"{asset.category or '未分类'} {asset.life.normalize():f} 年"
        for asset in cards
        if asset.life
    )
    described = (
        "、".join(f"{kind}（{count} 项）" for kind, count in sorted(lives.items()))
        if lives
        else "账本中的固定资产未注明使用年限（life）"
    )
    threshold = book.settings.capital_threshold(year_end(year))
    special = book.settings.capital_threshold(year_end(year), special=True)
    return [
        "会计基础：除《工会会计制度》另有规定外，采用收付实现制。",
        _closing(loaded, year),
        _purchases(register, year),
        _depreciation(register, year, assets.first_month(book)) + f"使用年限：{described}。",
        f"资本化标准：单位价值在 {fmt(threshold)} 元以上的通用设备、{fmt(special)} 元以上的专用设备"
        "确认为固定资产（capital-threshold）" + _below(register, year, threshold) + "。",
        f"会计政策和会计估计变更：{_changes(loaded, year)}。",
    ]


def _closing(loaded: Loaded, year: int) -> str:
    closed = any(
        "closing" in (txn.tags or ()) and txn.date.year == year for txn in loaded.book.transactions
    )
    if closed and not open_flows(loaded.book, year):
        return (
            "收支结转：年末记年终结转凭证（#closing），专项资金（注明 fund 的收支及专项转移支付补助"
            "收入）的收支转入工会资金结转（321），其余转入工会资金结余（322）。"
        )
    return (
        "收支结转：本年未记年终结转凭证，报表按虚拟结转编制：专项资金（注明 fund 的收支及专项转移"
        "支付补助收入）的收支差额转入工会资金结转（321），其余转入工会资金结余（322）。"
    )


def _purchases(register: assets.Register, year: int) -> str:
    """Where the year's new fixed assets were paid from, and whether that is 507."""
    new = [asset for asset in register.assets if asset.acquired.year == year]
    if not new:
        return "固定资产：本年没有新增固定资产；取得时同时增加固定资产和资产基金。"
    where: Counter[str] = Counter()
    for asset in new:
        spent = {
            chart.top_of(posting.account)
            for posting in asset.entry.postings
            if posting.account.startswith("Expenses:")
        }
        for top in spent or {""}:
            where[top] += 1
    parts = [
        f"{count} 项列 {_name(top)}" if top else f"{count} 项无支出（捐赠、调入等）"
        for top, count in sorted(where.items())
    ]
    line = f"固定资产：本年取得 {len(new)} 项，{'，'.join(parts)}，同时增加固定资产和资产基金"
    others = sorted(top for top in where if top and top != CAPITAL)
    if others:
        line += (
            f"；购置支出列在 {'、'.join(_name(top) for top in others)}，与《工会会计制度》"
            "“购置固定资产列资本性支出（507）”的规定不符，应改列资本性支出"
        )
    return line + "。"


def _depreciation(register: assets.Register, year: int, first: Month | None) -> str:
    """From which month the book depreciates, as its linked entries show."""
    starts: Counter[int] = Counter()
    for asset in register.assets:
        if asset.acquired.year > year:
            continue  # acquired after the year: not in its accounts
        late = _months_late(asset, first, year)
        if late is not None:
            starts[late] += 1
    charged = any(
        link.top == assets.DEPRECIATION and link.amount < 0 and link.date.year == year
        for asset in register.assets
        for link in asset.depreciation
    ) or any(
        link.top == assets.DEPRECIATION and link.amount < 0 and link.date.year == year
        for link in register.unlinked
    )
    line = "折旧：年限平均法，不留残值，按月计提；"
    if not charged and any(asset.life for asset in register.assets):
        return line + "本年未计提折旧，与《工会会计制度》按月计提折旧的规定不符。"
    if not starts:
        return line + "折旧分录未注明资产，起始月份无法从账上核实。"
    said = [
        f"{count} 项自取得{'当月' if months == 0 else '次月' if months == 1 else f'后第 {months} 个月'}起计提"
        for months, count in sorted(starts.items())
    ]
    line += f"账上 {'，'.join(said)}"
    if any(months != 0 for months in starts):
        line += "，未自取得当月起计提的与制度“当月增加的固定资产当月计提折旧”不符"
    return line + "。"


def _months_late(asset: assets.Asset, first: Month | None, year: int) -> int | None:
    """How many months after its acquisition the asset's depreciation starts (0: the month
    of acquisition), or None when the book cannot tell. For an asset brought in with the
    opening balances, the linked opening 163 amount is the depreciation before the book's
    first month: as many monthly charges as it holds, counted back from that month. Only
    entries up to the end of ``year`` count."""
    credits = sorted(
        link.date for link in asset.depreciation if link.amount < 0 and link.date.year <= year
    )
    if not credits:
        return None
    acquired = Month.of(asset.acquired)
    if first is not None and acquired < first:
        before = -sum(
            (link.amount for link in asset.depreciation if Month.of(link.date) < first),
            Decimal(0),
        )
        if before <= 0 or not asset.monthly:
            return None  # nothing brought forward: its start is not in the book
        charged = int((before / asset.monthly).to_integral_value())
        return _months_between(acquired, first) - charged
    if credits[0] < asset.acquired:
        return None  # depreciated before its acquisition date: the start cannot be told
    return _months_between(acquired, Month.of(credits[0]))


def _months_between(start: Month, end: Month) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


def _below(register: assets.Register, year: int, threshold: Decimal) -> str:
    low = [
        asset for asset in register.assets if asset.acquired.year == year and asset.cost < threshold
    ]
    if not low:
        return ""
    listed = "、".join(f"{asset.label()} {fmt(asset.cost)} 元" for asset in low)
    return f"；本年有 {len(low)} 项低于入账起点仍登记为固定资产：{listed}"


def _changes(loaded: Loaded, year: int) -> str:
    book = loaded.book
    changes = [
        f"{date} 起通用设备入账起点由 {fmt(book.settings.capital_threshold(date - ONE_DAY))} 元"
        f"改为 {fmt(value)} 元（capital-threshold）"
        for date, value in book.settings.history("capital-threshold")
        if date.year == year
        and book.first_day is not None
        and date > book.first_day  # set when the book began: the policy, not a change
        and value != book.settings.capital_threshold(date - ONE_DAY)
    ]
    return "；".join(changes) if changes else "无"


def _name(top: str) -> str:
    account = chart.CHART.get(top)
    return f"{top} {account.name}" if account else top
