"""ghfund options: ``custom "ghfund-option" NAME VALUE...`` parsed once, dated, errors collected.

An option is dated: the value in force on a date is the latest one dated on or
before it; before the first one, the default (if the option has one). Unknown
names and bad values are ``setting-invalid`` errors, never exceptions.
"""

from __future__ import annotations

import bisect
import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from beancount.core import data
from beancount.core.amount import Amount

from ghfund import custom
from ghfund.custom import ValueProblem
from ghfund.errors import GhfundError, source_of

OPTION = "ghfund-option"


class SettingInvalidError(GhfundError):
    rule = "setting-invalid"


def currency_of(options_map: dict[str, Any]) -> str:
    """The book's currency: its first operating currency, else CNY."""
    operating = options_map.get("operating_currency") or ["CNY"]
    return str(operating[0])


Reader = Callable[[list[Any], str], Any]


def _text(values: list[Any], currency: str) -> str:
    custom.arity(values, 1)
    text = custom.string(values, 0, "取值").strip()
    if not text:
        raise ValueProblem("取值不能为空")
    return text


def _mode(values: list[Any], currency: str) -> str:
    mode = _text(values, currency)
    if mode not in ("self", "tax"):
        raise ValueProblem(
            f'应为 "self"（单位直接拨缴、工会上解）或 "tax"（税务代收、返还留成），实为 “{mode}”'
        )
    return mode


REFUND_PERIODS = {"month": 1, "quarter": 3, "half-year": 6}  # months a tax refund covers


def _period(values: list[Any], currency: str) -> str:
    period = _text(values, currency)
    if period not in REFUND_PERIODS:
        raise ValueProblem(
            f'应为 "month"（按月）、"quarter"（按季）或 "half-year"（按半年），实为 “{period}”'
        )
    return period


def _share(values: list[Any], currency: str) -> Decimal:
    custom.arity(values, 1)
    share = custom.number(values, 0, "留成比例")
    if not Decimal("0.40") <= share <= 1:
        raise ValueProblem(
            f"留成比例应在 0.40（全国下限）与 1 之间，如 0.60 表示留成 60%，实为 {share}"
        )
    return share


def _money(values: list[Any], currency: str) -> Decimal:
    custom.arity(values, 1)
    return custom.money(values, 0, "金额", currency)


def _slack(values: list[Any], currency: str) -> Decimal:
    custom.arity(values, 1)
    value = values[0]
    amount = value.value
    if value.dtype is not Amount or amount.number is None or amount.currency != currency:
        raise ValueProblem(f"应为金额，如 0.05 {currency}")
    if amount.number < 0:
        raise ValueProblem(f"不能小于零，实为 {amount}")
    return Decimal(amount.number)


def _days(values: list[Any], currency: str) -> int:
    custom.arity(values, 1)
    return custom.integer(values, 0, "天数", minimum=1)


def _tolerance(values: list[Any], currency: str) -> Decimal:
    custom.arity(values, 1)
    share = custom.number(values, 0, "容差比例")
    if not 0 <= share < 1:
        raise ValueProblem(
            f"容差比例应在 0 与 1 之间，如 0.005 表示可少收应收额的 0.5%，实为 {share}"
        )
    return share


def _people(label: str) -> Reader:
    """The reader of a count of people (会员人数, 职工人数): a whole number, at least 1."""

    def read(values: list[Any], currency: str) -> int:
        custom.arity(values, 1)
        return custom.integer(values, 0, label, minimum=1)

    return read


def _roles(values: list[Any], currency: str) -> tuple[str, ...]:
    roles = tuple(r.strip() for r in re.split(r"[,，、]", _text(values, currency)) if r.strip())
    if not roles:
        raise ValueProblem('至少列出一个职务，如 "主席,财务负责人"')
    return roles


def _flag(values: list[Any], currency: str) -> bool:
    custom.arity(values, 1, shape='"选项名" TRUE')
    if values[0].dtype is not bool:
        raise ValueProblem("应为 TRUE 或 FALSE（不带引号）")
    return bool(values[0].value)


def _gift_cap(values: list[Any], currency: str) -> tuple[str, Decimal]:
    custom.arity(values, 2, shape='"gift-cap" "节日慰问" 2200.00 CNY')
    event = custom.string(values, 0, "慰问事项").strip()
    if not event:
        raise ValueProblem("慰问事项不能为空")
    return event, custom.money(values, 1, "标准", currency)


def _words(values: list[Any], currency: str) -> tuple[str, ...]:
    words = tuple(w.strip() for w in re.split(r"[,，、]", _text(values, currency)) if w.strip())
    if not words:
        raise ValueProblem('至少列出一个词，如 "跑步机,投影仪"')
    return words


@dataclass(frozen=True)
class OptionSpec:
    name: str
    read: Reader
    default: Any
    meaning: str


SPECS: tuple[OptionSpec, ...] = (
    OptionSpec("union-name", _text, None, "工会名称（报表“编制单位”）"),
    OptionSpec(
        "allocation-mode",
        _mode,
        "self",
        "拨缴方式：self 单位拨缴、工会上解；tax 税务代收、返还留成",
    ),
    OptionSpec("retained-share", _share, Decimal("0.60"), "基层工会留成比例"),
    OptionSpec("upper-union", _text, None, "上级工会（上解经费的收款方）"),
    OptionSpec("standards", _text, None, "适用的省级慰问标准表"),
    OptionSpec("large-expense", _money, None, "需集体决策的大额支出起点"),
    OptionSpec("large-split-days", _days, 7, "同一收款方的支出合并看是否达到大额的天数"),
    OptionSpec("cash-limit", _money, None, "库存现金限额"),
    OptionSpec("cash-payment-limit", _money, None, "单笔现金支付限额"),
    OptionSpec("remit-days", _days, 30, "上解经费的期限（天）"),
    OptionSpec("allocation-days", _days, 45, "拨缴经费到账的期限（天，自工资数据日起）"),
    OptionSpec(
        "allocation-tolerance",
        _slack,
        Decimal("0.05"),
        "拨缴经费每月可差的尾数（分别计算留成与上解部分时的四舍五入差）",
    ),
    OptionSpec(
        "refund-period",
        _period,
        "quarter",
        "税务代收时留成经费的返还周期：month 按月、quarter 按季、half-year 按半年",
    ),
    OptionSpec("receivable-days", _days, 365, "其他应收款挂账的期限（天）"),
    OptionSpec(
        "dues-tolerance", _tolerance, Decimal("0.005"), "会费可少收的比例（逐人计算的尾差）"
    ),
    OptionSpec("members", _people("会员人数"), None, "会员人数（工资数据未注明 members 时）"),
    OptionSpec("employees", _people("职工人数"), None, "职工人数（工资数据未注明 employees 时）"),
    OptionSpec("departure-audit-roles", _roles, ("主席",), "须离任审计的职务"),
    OptionSpec("departure-audit-days", _days, 90, "离任审计的期限（天，自离任日起）"),
    OptionSpec("gift-cap", _gift_cap, None, "某慰问事项的标准（覆盖标准表）"),
    OptionSpec("capital-threshold", _money, Decimal("1000.00"), "固定资产（通用设备）的入账起点"),
    OptionSpec(
        "capital-threshold-special", _money, Decimal("1500.00"), "专用设备的入账起点（附注三）"
    ),
    OptionSpec("asset-words", _words, (), "摘要中表示购置设备的词（补充内置词表）"),
    OptionSpec("legal-representative", _text, None, "单位负责人（法定代表人），在报表上签名并盖章"),
    OptionSpec("accounting-head", _text, None, "主管会计工作的负责人，在报表上签名并盖章"),
    OptionSpec(
        "accounting-chief", _text, None, "会计机构负责人（会计主管人员），在报表上签名并盖章"
    ),
    OptionSpec("preparer", _text, None, "制表人（可选，在报表上签名）"),
    OptionSpec("audit-chair", _text, None, "经审会主任（在审计报告的报表和预算表上签名）"),
    OptionSpec("auditor", _text, None, "审计人员（在审计报告的报表上签名）"),
    OptionSpec(
        "form-line-numbers", _flag, False, "报表印行次（上级工会的模板要求时；制度格式无行次）"
    ),
    OptionSpec("budget-reviewed", _flag, False, "预算和预算调整须写明经审会审查（reviewed）"),
)
BY_NAME: dict[str, OptionSpec] = {spec.name: spec for spec in SPECS}


@dataclass(frozen=True)
class Settings:
    """Every ghfund option of a book, by name (and by event for gift-cap), dated."""

    currency: str = "CNY"
    _dated: dict[str, tuple[tuple[datetime.date, ...], tuple[Any, ...]]] = field(
        default_factory=dict
    )
    errors: tuple[SettingInvalidError, ...] = ()

    def at(self, name: str, date: datetime.date) -> Any:
        """The value of option ``name`` in force on ``date`` (its default before any)."""
        dates, values = self._dated.get(name, ((), ()))
        index = bisect.bisect_right(dates, date)
        return values[index - 1] if index else BY_NAME[name.split("/")[0]].default

    def history(self, name: str) -> list[tuple[datetime.date, Any]]:
        """Every dated value of option ``name``, oldest first."""
        dates, values = self._dated.get(name, ((), ()))
        return list(zip(dates, values, strict=True))

    # Typed accessors for the options rules use.
    def union_name(self, date: datetime.date) -> str | None:
        value: str | None = self.at("union-name", date)
        return value

    def allocation_mode(self, date: datetime.date) -> str:
        value: str = self.at("allocation-mode", date)
        return value

    def retained_share(self, date: datetime.date) -> Decimal:
        value: Decimal = self.at("retained-share", date)
        return value

    def upper_union(self, date: datetime.date) -> str | None:
        value: str | None = self.at("upper-union", date)
        return value

    def standards(self, date: datetime.date) -> str | None:
        value: str | None = self.at("standards", date)
        return value

    def limit(self, name: str, date: datetime.date) -> Decimal | None:
        """large-expense, cash-limit or cash-payment-limit; None when the book sets none."""
        value: Decimal | None = self.at(name, date)
        return value

    def days(self, name: str, date: datetime.date) -> int:
        """remit-days, allocation-days, departure-audit-days or large-split-days."""
        value: int = self.at(name, date)
        return value

    def allocation_tolerance(self, date: datetime.date) -> Decimal:
        value: Decimal = self.at("allocation-tolerance", date)
        return value

    def refund_months(self, date: datetime.date) -> int:
        """How many months one tax refund covers (``refund-period``)."""
        return REFUND_PERIODS[self.at("refund-period", date)]

    def dues_tolerance(self, date: datetime.date) -> Decimal:
        value: Decimal = self.at("dues-tolerance", date)
        return value

    def departure_audit_roles(self, date: datetime.date) -> tuple[str, ...]:
        value: tuple[str, ...] = self.at("departure-audit-roles", date)
        return value

    def capital_threshold(self, date: datetime.date, special: bool = False) -> Decimal:
        """The capitalisation threshold in force on ``date``: 通用设备's, or 专用设备's."""
        value: Decimal = self.at(
            "capital-threshold-special" if special else "capital-threshold", date
        )
        return value

    def asset_words(self, date: datetime.date) -> tuple[str, ...]:
        value: tuple[str, ...] = self.at("asset-words", date)
        return value

    def signer(self, name: str, date: datetime.date) -> str | None:
        """The signer option (legal-representative, accounting-head, accounting-chief,
        preparer, audit-chair, auditor) in force on ``date``."""
        value: str | None = self.at(name, date)
        return value

    def gift_cap(self, event: str, date: datetime.date) -> Decimal | None:
        """The book's own cap for ``event`` in force on ``date``, overriding the table."""
        value: tuple[str, Decimal] | None = self.at(f"gift-cap/{event}", date)
        return value[1] if value else None


def parse(entries: Iterable[data.Directive], options_map: dict[str, Any]) -> Settings:
    """Read every ghfund-option entry; collect errors for unknown names and bad values."""
    currency = currency_of(options_map)
    found: dict[str, dict[datetime.date, Any]] = {}
    errors: list[SettingInvalidError] = []
    for entry in entries:
        if not isinstance(entry, data.Custom) or entry.type != OPTION:
            continue
        problem = _read_one(entry, currency, found)
        if problem:
            errors.append(
                SettingInvalidError(source_of(entry), problem, entry, str(entry.date.year))
            )
    dated = {
        name: (tuple(sorted(by_date)), tuple(by_date[d] for d in sorted(by_date)))
        for name, by_date in found.items()
    }
    return Settings(currency, dated, tuple(errors))


def _read_one(entry: data.Custom, currency: str, found: dict[str, dict[datetime.date, Any]]) -> str:
    """Store one option's value; return the problem in Chinese, or an empty string."""
    values = entry.values
    if not values or values[0].dtype is not str:
        return '设置项格式应为 custom "ghfund-option" "名称" 取值，缺少带引号的名称'
    name = str(values[0].value)
    spec = BY_NAME.get(name)
    if spec is None:
        known = "、".join(BY_NAME)
        return f"未知的设置项 “{name}”；可用的设置项：{known}"
    try:
        value = spec.read(values[1:], currency)
    except ValueProblem as problem:
        return f"设置项 {name}（{spec.meaning}）取值有误：{problem}"
    key = f"gift-cap/{value[0]}" if name == "gift-cap" else name
    by_date = found.setdefault(key, {})
    duplicate = entry.date in by_date
    by_date[entry.date] = value
    if duplicate:
        return f"设置项 {name} 在 {entry.date} 设置了两次，以后一条为准；请删除多余的一条"
    return ""
