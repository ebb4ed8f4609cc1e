"""ghfund's custom directives (docs/CONTRACT.md §5) parsed into typed values, errors collected.

``budget`` (Fava's syntax), ``ghfund-officer``, ``ghfund-officer-end``,
``ghfund-audit``, ``ghfund-payroll``, ``ghfund-ack``, ``ghfund-rectified``,
``ghfund-close`` and ``ghfund-reopen``.
``ghfund-option`` belongs to ``ghfund.settings``. A malformed directive is a
``directive-invalid`` error and is left out of the parsed values; it never raises.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from beancount.core import data
from beancount.core.amount import Amount

from ghfund import chart, custom
from ghfund.custom import ValueProblem
from ghfund.errors import GhfundError, source_of
from ghfund.settings import OPTION, currency_of


class DirectiveInvalidError(GhfundError):
    rule = "directive-invalid"


@dataclass(frozen=True)
class Budget:
    """A yearly budget line; the budget year is the directive's year."""

    entry: data.Custom
    account: str
    amount: Decimal
    approved: str | None
    adjustment: bool
    reviewed: str | None = None  # the audit committee's review (经审会审查)

    @property
    def date(self) -> datetime.date:
        return self.entry.date

    @property
    def year(self) -> int:
        return self.entry.date.year


@dataclass(frozen=True)
class Officer:
    """The start (``ghfund-officer``) or end (``ghfund-officer-end``) of a term."""

    entry: data.Custom
    person: str
    role: str
    starts: bool

    @property
    def date(self) -> datetime.date:
        return self.entry.date


AUDIT_KINDS = {"departure": "离任审计", "term": "任期经济责任审计", "annual": "同级审查"}


@dataclass(frozen=True)
class Audit:
    entry: data.Custom
    kind: str  # departure | term | annual
    person: str  # empty for annual
    start: datetime.date
    end: datetime.date
    report: str | None

    @property
    def date(self) -> datetime.date:
        return self.entry.date


@dataclass(frozen=True)
class Payroll:
    """Total payroll (工资总额) of one month; ``month`` is its month-end."""

    entry: data.Custom
    month: datetime.date
    total: Decimal
    dues_base: Decimal | None
    members: int | None
    employees: int | None = None  # 职工人数 (metadata ``employees``)

    @property
    def date(self) -> datetime.date:
        return self.entry.date


RECTIFY, EXPLAIN = "整改", "说明"
ACTIONS = (RECTIFY, EXPLAIN)


@dataclass(frozen=True)
class Ack:
    """The audit committee's disposition of the findings of ``rule`` at ``key``: to be
    rectified (``action`` 整改, by ``owner`` with ``measure`` before ``due``) or explained
    (说明: accepted as it stands, the default of an ack without ``action``)."""

    entry: data.Custom
    rule: str
    key: str
    ref: str
    action: str = EXPLAIN
    owner: str | None = None
    measure: str | None = None
    due: datetime.date | None = None

    @property
    def date(self) -> datetime.date:
        return self.entry.date


@dataclass(frozen=True)
class Rectified:
    """The committee's re-examination (复查销号) of a rectification: the item of ``rule``
    at ``key`` is closed by ``ref``."""

    entry: data.Custom
    rule: str
    key: str
    ref: str

    @property
    def date(self) -> datetime.date:
        return self.entry.date


@dataclass(frozen=True)
class Stocktake:
    """A count of the fixed assets (资产清查盘点) on ``counted``, with its ``result``."""

    entry: data.Custom
    counted: datetime.date
    result: str

    @property
    def date(self) -> datetime.date:
        return self.entry.date


@dataclass(frozen=True)
class Close:
    """A period close (结账): the digest of every entry dated on or before ``through``
    (ghfund.digest), and each month's digest (``months`` metadata)."""

    entry: data.Custom
    through: datetime.date
    digest: str
    months: tuple[tuple[str, str], ...] = ()  # ("2024-01", hex digest), in month order

    @property
    def date(self) -> datetime.date:
        return self.entry.date


@dataclass(frozen=True)
class Reopen:
    """An approved reopening of the closed month ``month`` ("2024-06")."""

    entry: data.Custom
    month: str
    approved: str
    reason: str

    @property
    def date(self) -> datetime.date:
        return self.entry.date


@dataclass(frozen=True)
class Directives:
    budgets: tuple[Budget, ...] = ()
    officers: tuple[Officer, ...] = ()
    audits: tuple[Audit, ...] = ()
    payrolls: tuple[Payroll, ...] = ()
    acks: tuple[Ack, ...] = ()
    rectified: tuple[Rectified, ...] = ()
    closes: tuple[Close, ...] = ()
    reopens: tuple[Reopen, ...] = ()
    stocktakes: tuple[Stocktake, ...] = ()
    errors: tuple[DirectiveInvalidError, ...] = field(default=())


def _budget(entry: data.Custom, currency: str) -> Budget | None:
    values = entry.values
    custom.arity(values, 3, shape='custom "budget" 科目 "yearly" 金额 CNY')
    account = custom.account(values, 0, "预算科目")
    period = custom.string(values, 1, "预算期间")
    if period != "yearly":
        raise ValueProblem(
            f"预算期间为 {custom.shown(period)}，ghfund 只按年度预算计算，这条预算未计入预算执行；"
            '请改为 "yearly" 并写全年金额（如每月 1000.00 即全年 12000.00）'
        )
    amount = values[2].value
    if values[2].dtype is not Amount or amount.currency != currency or amount.number < 0:
        raise ValueProblem(f"预算金额应为不小于零的 {currency} 金额，如 249000.00 {currency}")
    coded = chart.try_parse(account)
    if coded is None or not (
        coded.kind in (chart.Kind.INCOME, chart.Kind.EXPENSE) or coded.top in ("321", "322")
    ):
        raise ValueProblem(
            f"预算科目 {account} 应为收入（Income）、支出（Expenses）科目，"
            "或表示动用结转结余的 Equity:321/322 科目"
        )
    adjustment = entry.meta.get("adjustment", False)
    if not isinstance(adjustment, bool):
        raise ValueProblem(f"元数据 adjustment 应为 TRUE 或 FALSE，实为 {custom.shown(adjustment)}")
    approved = entry.meta.get("approved")
    if approved is not None and not isinstance(approved, str):
        raise ValueProblem(
            f"元数据 approved（批准文件）应为带引号的文字，实为 {custom.shown(approved)}"
        )
    reviewed = entry.meta.get("reviewed")
    if reviewed is not None and not isinstance(reviewed, str):
        raise ValueProblem(
            f"元数据 reviewed（经审会审查）应为带引号的文字，实为 {custom.shown(reviewed)}"
        )
    # A blank approval is no approval: the budget counts, and budget-unapproved reports it.
    approved = approved.strip() if approved and approved.strip() else None
    reviewed = reviewed.strip() if reviewed and reviewed.strip() else None
    return Budget(entry, account, Decimal(amount.number), approved, adjustment, reviewed)


def _officer(starts: bool) -> Callable[[data.Custom, str], Officer]:
    def read(entry: data.Custom, currency: str) -> Officer:
        custom.arity(entry.values, 2, shape=f'custom "{entry.type}" "姓名" "职务"')
        person = custom.string(entry.values, 0, "姓名").strip()
        role = custom.string(entry.values, 1, "职务").strip()
        if not person or not role:
            raise ValueProblem("姓名和职务都不能为空")
        return Officer(entry, person, role, starts)

    return read


def _audit(entry: data.Custom, currency: str) -> Audit:
    values = entry.values
    custom.arity(values, 4, shape='custom "ghfund-audit" "departure" "姓名" 起始日 截止日')
    kind = custom.string(values, 0, "审计类别")
    if kind not in AUDIT_KINDS:
        known = "、".join(f"{k}（{v}）" for k, v in AUDIT_KINDS.items())
        raise ValueProblem(f"审计类别应为 {known} 之一，实为 {custom.shown(kind)}")
    person = custom.string(values, 1, "被审计人").strip()
    if kind != "annual" and not person:
        raise ValueProblem(f"{AUDIT_KINDS[kind]}须写明被审计人姓名")
    start = custom.date(values, 2, "审计范围起始日")
    end = custom.date(values, 3, "审计范围截止日")
    if start > end:
        raise ValueProblem(f"审计范围起始日 {start} 晚于截止日 {end}")
    report = custom.meta_text(entry.meta, "report", "审计报告文号")
    return Audit(entry, kind, person, start, end, report)


def _payroll(entry: data.Custom, currency: str) -> Payroll:
    values = entry.values
    custom.arity(values, 2, shape='custom "ghfund-payroll" 月末日期 工资总额 CNY')
    month = custom.date(values, 0, "工资月份（月末日期）")
    last_day = calendar.monthrange(month.year, month.month)[1]
    if month.day != last_day:
        raise ValueProblem(
            f"工资月份应写该月最后一天，如 {month.replace(day=last_day)}，实为 {month}"
        )
    if entry.date < month.replace(day=1):
        raise ValueProblem(f"工资数据日期 {entry.date} 早于工资月份 {month:%Y-%m}")
    total = custom.money(values, 1, "工资总额", currency)
    dues_base = custom.meta_money(entry.meta, "dues-base", "会员会费缴纳基数", currency)
    members = _headcount(entry.meta, "members", "会员人数")
    employees = _headcount(entry.meta, "employees", "职工人数")
    return Payroll(entry, month, total, dues_base, members, employees)


def _headcount(meta: dict[str, Any], key: str, label: str) -> int | None:
    """A count of people in ``key`` metadata: a whole number, not negative; None if absent."""
    value = meta.get(key)
    if value is None:
        return None
    if not isinstance(value, Decimal) or value != value.to_integral_value() or value < 0:
        raise ValueProblem(f"元数据 {key}（{label}）应为整数，实为 {custom.shown(value)}")
    return int(value)


def _stocktake(entry: data.Custom, currency: str) -> Stocktake:
    custom.arity(entry.values, 1, shape='custom "ghfund-stocktake" 盘点日期')
    counted = custom.date(entry.values, 0, "盘点日期")
    if counted > entry.date:
        raise ValueProblem(f"盘点日期 {counted} 晚于记录日期 {entry.date}")
    result = custom.meta_text(entry.meta, "result", "盘点结果")
    if result is None:
        raise ValueProblem('缺少元数据 result（盘点结果），如 result: "账实相符"')
    return Stocktake(entry, counted, result)


def _rule_and_key(entry: data.Custom) -> tuple[str, str]:
    values = entry.values
    custom.arity(values, 2, shape=f'custom "{entry.type}" "规则名" "凭证号或年度"')
    rule = custom.string(values, 0, "规则名").strip()
    key_value = values[1]
    if key_value.dtype is str:
        key = str(key_value.value).strip()
    elif key_value.dtype is Decimal and key_value.value == key_value.value.to_integral_value():
        key = str(int(key_value.value))
    else:
        raise ValueProblem(
            f'第二个值应为凭证号（如 "记-2024-0187"）或年度（如 2024），实为 {custom.shown(key_value.value)}'
        )
    if not rule or not key:
        raise ValueProblem("规则名和凭证号（或年度）都不能为空")
    return rule, key


def _ref(entry: data.Custom, what: str) -> str:
    ref = custom.meta_text(entry.meta, "ref", what)
    if ref is None:
        raise ValueProblem(f'缺少元数据 ref（{what}），如 ref: "经审会〔2025〕2号"')
    return ref.strip()


def _ack(entry: data.Custom, currency: str) -> Ack:
    rule, key = _rule_and_key(entry)
    ref = _ref(entry, "经审会处理文号")
    meta = entry.meta
    action = custom.meta_text(meta, "action", "处理方式") or EXPLAIN
    if action.strip() not in ACTIONS:
        raise ValueProblem(f"元数据 action（处理方式）应为 “整改” 或 “说明”，实为 “{action}”")
    action = action.strip()
    owner = custom.meta_text(meta, "owner", "整改责任人")
    measure = custom.meta_text(meta, "measure", "整改措施")
    due = meta.get("due")
    if due is not None and not isinstance(due, datetime.date):
        raise ValueProblem(
            f"元数据 due（整改期限）应为日期（不加引号，如 2025-06-30），实为 {custom.shown(due)}"
        )
    if action == RECTIFY and due is None:
        raise ValueProblem(
            "处理方式为整改的，须写明元数据 due（整改期限），如 due: 2025-06-30；"
            '不需要整改的请写 action: "说明"'
        )
    if due is not None and due < entry.date:
        raise ValueProblem(f"整改期限 {due} 早于处理日期 {entry.date}；请核对期限（年份是否写错）")
    if action == EXPLAIN and due is not None:
        raise ValueProblem('处理方式为说明的不设整改期限；需要整改的请写 action: "整改"')
    return Ack(entry, rule, key, ref, action, owner, measure, due)


def _rectified(entry: data.Custom, currency: str) -> Rectified:
    rule, key = _rule_and_key(entry)
    return Rectified(entry, rule, key, _ref(entry, "复查销号文号"))


_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_HEX = re.compile(r"^[0-9a-f]{64}$")


def _close(entry: data.Custom, currency: str) -> Close:
    values = entry.values
    custom.arity(values, 2, shape='custom "ghfund-close" 截止日期 "sha256:…"')
    through = custom.date(values, 0, "结账截止日")
    digest = custom.string(values, 1, "摘要")
    if not digest.startswith("sha256:") or not _HEX.match(digest[len("sha256:") :]):
        raise ValueProblem('摘要应为 ghfund close 写入的 "sha256:" 加 64 位十六进制')
    text = entry.meta.get("months")
    if not isinstance(text, str):
        raise ValueProblem(
            '缺少元数据 months（各月摘要，如 months: "2024-01:…,2024-02:…"）；请用 ghfund close 重新生成'
        )
    months: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        month, _, value = item.partition(":")
        if not _MONTH.match(month) or not _HEX.match(value) or month in months:
            raise ValueProblem(
                f"元数据 months 中 “{item[:20]}” 应为 年-月:64 位十六进制，且每月一次"
            )
        if month > f"{through:%Y-%m}":
            raise ValueProblem(f"元数据 months 中的 {month} 晚于结账截止日 {through}")
        months[month] = value
    from ghfund import digest as canonical  # only books with a close need it (bean-check)

    if canonical.period(months) != digest:
        raise ValueProblem("摘要与元数据 months 中的各月摘要不符（指令被改动过）；请恢复原指令")
    return Close(entry, through, digest, tuple(sorted(months.items())))


def _reopen(entry: data.Custom, currency: str) -> Reopen:
    values = entry.values
    custom.arity(values, 1, shape='custom "ghfund-reopen" 所在月份的任一日期')
    day = custom.date(values, 0, "重新打开的月份")
    approved = custom.meta_text(entry.meta, "approved", "批准文件")
    reason = custom.meta_text(entry.meta, "reason", "原因")
    if approved is None or reason is None:
        raise ValueProblem(
            "须有元数据 approved（批准文件）和 reason（原因），"
            '如 approved: "工会委员会2025年第3次会议" reason: "补记6月银行手续费"'
        )
    return Reopen(entry, f"{day:%Y-%m}", approved, reason)


_READERS: dict[str, tuple[str, Callable[[data.Custom, str], Any]]] = {
    "budget": ("budgets", _budget),
    "ghfund-officer": ("officers", _officer(True)),
    "ghfund-officer-end": ("officers", _officer(False)),
    "ghfund-audit": ("audits", _audit),
    "ghfund-payroll": ("payrolls", _payroll),
    "ghfund-ack": ("acks", _ack),
    "ghfund-rectified": ("rectified", _rectified),
    "ghfund-close": ("closes", _close),
    "ghfund-reopen": ("reopens", _reopen),
    "ghfund-stocktake": ("stocktakes", _stocktake),
}


def parse(entries: Iterable[data.Directive], options_map: dict[str, Any]) -> Directives:
    """Read every ghfund directive; malformed ones become errors and are left out."""
    currency = currency_of(options_map)
    found: dict[str, list[Any]] = {field: [] for field, _ in _READERS.values()}
    errors: list[DirectiveInvalidError] = []
    months: dict[datetime.date, data.Custom] = {}
    for entry in entries:
        if not isinstance(entry, data.Custom):
            continue
        reader = _READERS.get(entry.type)
        if reader is None:
            if entry.type.startswith("ghfund-") and entry.type != OPTION:
                known = "、".join(t for t in _READERS if t != "budget")
                errors.append(
                    _error(entry, f"未知的 ghfund 指令 “{entry.type}”；可用：{known}、{OPTION}")
                )
            continue
        name, read = reader
        try:
            value = read(entry, currency)
        except ValueProblem as problem:
            errors.append(_error(entry, f"{entry.type} 指令有误：{problem}"))
            continue
        if isinstance(value, Payroll):
            first = months.setdefault(value.month, entry)
            if first is not entry:
                errors.append(
                    _error(
                        entry,
                        f"{value.month:%Y-%m} 的工资数据已在 "
                        f"{first.meta.get('filename')}:{first.meta.get('lineno')} "
                        "记录过；请删除重复的一条（以第一条为准）",
                    )
                )
                continue
        if value is not None:
            found[name].append(value)
    found["rectified"] = _closing_orders(found["rectified"], found["acks"], errors)
    return Directives(
        **{name: tuple(values) for name, values in found.items()}, errors=tuple(errors)
    )


def _closing_orders(
    closings: list[Rectified], acks: list[Ack], errors: list[DirectiveInvalidError]
) -> list[Rectified]:
    """The ``ghfund-rectified`` that close an ordered rectification, once each; the others
    become errors and are left out."""
    ordered = {(ack.rule, ack.key): ack for ack in acks}
    kept: dict[tuple[str, str], Rectified] = {}
    for item in closings:
        ack = ordered.get((item.rule, item.key))
        pair = f"{item.rule} {item.key}"
        if ack is None:
            problem = f"没有对应的处理记录（ghfund-ack {pair}）；请核对规则名和凭证号（或年度）"
        elif ack.action != RECTIFY:
            problem = f"对 {pair} 的处理记录（{ack.ref}）是说明而非整改，不需要销号；请删除这一条"
        elif (item.rule, item.key) in kept:
            problem = f"{pair} 已销号（{kept[(item.rule, item.key)].ref}）；请删除重复的一条"
        else:
            kept[(item.rule, item.key)] = item
            continue
        errors.append(_error(item.entry, f"ghfund-rectified 指令有误：{problem}"))
    return list(kept.values())


def _error(entry: data.Custom, message: str) -> DirectiveInvalidError:
    return DirectiveInvalidError(source_of(entry), message, entry, str(entry.date.year))
