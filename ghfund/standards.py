"""Gift and condolence standards (慰问标准) as data: provincial tables, dated, replaceable.

A table is a TOML file: ghfund ships one per provincial table of docs/REGULATIONS.md §6 in
``ghfund/data/standards/`` (``ghfund standards`` lists them); a union may write
its own. The ``standards`` option names the table in force from its date on: a
shipped table by name (``"anhui-2025"``), or a union's own file by a path ending
in ``.toml``, relative to the file that holds the option line. A ``gift-cap``
option overrides one event's amount. A table that cannot be read is a
``setting-invalid`` error at the option's line, and no table is in force until the
next ``standards`` option; nothing here raises on a user's data.
"""

from __future__ import annotations

import bisect
import datetime
import functools
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any

from beancount.core import data

from ghfund.custom import shown
from ghfund.errors import source_of
from ghfund.money import fmt
from ghfund.problems import UserProblem
from ghfund.settings import OPTION, SettingInvalidError, Settings
from ghfund.syntax import toml_problem

# The event names of the ledger contract (docs/CONTRACT.md §4, metadata ``event``).
EVENTS = (
    "节日慰问",
    "生日慰问",
    "结婚慰问",
    "生育慰问",
    "住院慰问",
    "去世慰问",
    "直系亲属去世慰问",
    "退休慰问",
)
PER_MEMBER_YEAR = "每人每年"  # per-capita amounts summed over the calendar year
PER_EVENT = "每人每次"  # per-capita amount of each gift
BUDGET_SHARE = "预算收入比例"  # the year's total within a share of the year's income budget
UNITS = (PER_MEMBER_YEAR, PER_EVENT, BUDGET_SHARE)
# Events whose standard is a sum of money (慰问金) nationally, so a gift in cash is allowed.
CASH_EVENTS = frozenset({"住院慰问", "去世慰问", "直系亲属去世慰问"})

_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?\Z|不详\Z")
_TABLE_KEYS = frozenset({"name", "province", "title", "date", "uncertain", "notes", "cap"})
_CAP_KEYS = frozenset(
    {"event", "amount", "share", "unit", "uncertain", "range", "cash", "check", "note"}
)


def default_unit(event: str) -> str:
    return PER_MEMBER_YEAR if event == "节日慰问" else PER_EVENT


def cash_allowed(event: str, table: Table | None) -> bool:
    """Whether a gift for ``event`` may be cash (慰问金): the table's word, else the default."""
    cap = table.caps.get(event) if table else None
    return cap.cash if cap is not None and cap.cash is not None else event in CASH_EVENTS


@dataclass(frozen=True)
class Cap:
    event: str
    unit: str
    amount: Decimal | None  # None when ``share`` is the standard or ghfund cannot check it
    share: Decimal | None = None
    uncertain: bool = False
    range: tuple[Decimal, Decimal] | None = None
    cash: bool | None = None
    checked: bool = True
    note: str = ""

    def describe(self) -> str:
        if not self.checked:
            return f"{self.event}：{self.note}"
        if self.unit == BUDGET_SHARE and self.share is not None:
            return f"{self.event}全年合计不超过当年预算收入的 {(self.share * 100).normalize():f}%"
        return f"{self.event}{self.unit} {fmt(self.amount)} 元"


@dataclass(frozen=True)
class Table:
    name: str
    province: str
    title: str
    date: str  # YYYY, YYYY-MM, YYYY-MM-DD or 不详
    uncertain: bool
    caps: Mapping[str, Cap]
    notes: tuple[str, ...]

    def cite(self) -> str:
        """How a message names the table: name, title, date and whether it is verified."""
        when = "日期不详" if self.date == "不详" else self.date
        doubt = "，来源未经核实" if self.uncertain else ""
        return f"标准表 {self.name}《{self.title}》（{when}{doubt}）"


# ghfund's own tables, beside this module (not importlib.resources: its import costs every
# bean-check ~10 ms, and ghfund is always installed as files)
BUILTIN = Path(__file__).with_name("data") / "standards"


class StandardsProblem(UserProblem, ValueError):
    """A table that cannot be used; the text is for users."""


@functools.cache
def builtin_names() -> tuple[str, ...]:
    folder = BUILTIN
    return tuple(sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml")))


def builtin_text(name: str) -> str:
    if name not in builtin_names():
        raise StandardsProblem(
            f"没有名为 “{name}” 的标准表；ghfund 自带：{'、'.join(builtin_names())}"
        )
    return (BUILTIN / f"{name}.toml").read_text("utf-8")


@functools.cache
def builtin(name: str) -> Table:
    return parse(builtin_text(name), f"标准表 {name}")


def load(ref: str, base: Path | None) -> Table:
    """The table ``ref`` names: a shipped table, or a ``.toml`` file relative to ``base``."""
    if not ref.endswith(".toml"):
        return builtin(ref)
    path = Path(ref).expanduser()
    if not path.is_absolute():
        if base is None:
            raise StandardsProblem(f"无法确定标准表文件 {ref} 的位置；请写绝对路径")
        path = base / path
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise StandardsProblem(f"找不到标准表文件 {path}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise StandardsProblem(f"无法读取标准表文件 {path}：{error}") from None
    table = parse(text, f"标准表文件 {path}")
    if table.name in builtin_names():
        raise StandardsProblem(
            f"标准表文件 {path} 的 name 与自带的标准表 {table.name} 相同；请改为本单位的名称，以免混淆"
        )
    return table


def parse(text: str, origin: str) -> Table:
    """Read and validate one table; raise StandardsProblem saying what is wrong where."""
    try:
        raw = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as error:
        raise StandardsProblem(f"{origin} 不是有效的 TOML 文件：{toml_problem(error)}") from None
    try:
        return _table(raw)
    except StandardsProblem as problem:
        raise StandardsProblem(f"{origin} 有误：{problem}") from None


def _table(raw: dict[str, Any]) -> Table:
    _known_keys(raw, _TABLE_KEYS, "")
    date = raw.get("date")
    date = date.isoformat() if isinstance(date, datetime.date) else date
    if not isinstance(date, str) or not _DATE.match(date):
        raise StandardsProblem(
            f'date 应为 "2018"、"2018-03"、"2018-03-12" 或 "不详"，实为 {shown(date)}'
        )
    notes = raw.get("notes", [])
    if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
        raise StandardsProblem("notes 应为文字列表")
    caps: dict[str, Cap] = {}
    entries = raw.get("cap", [])
    if not isinstance(entries, list) or not entries:
        raise StandardsProblem("至少要有一个 [[cap]] 标准项")
    for index, entry in enumerate(entries, 1):
        cap = _cap(entry, f"第 {index} 个 [[cap]]")
        if cap.event in caps:
            raise StandardsProblem(f"慰问事项 {cap.event} 出现了两次")
        caps[cap.event] = cap
    return Table(
        _text(raw, "name", ""),
        _text(raw, "province", ""),
        _text(raw, "title", ""),
        date,
        _flag(raw, "uncertain", "", False),
        MappingProxyType(caps),
        tuple(notes),
    )


def _cap(raw: Any, where: str) -> Cap:
    if not isinstance(raw, dict):
        raise StandardsProblem(f"{where} 应为表")
    _known_keys(raw, _CAP_KEYS, where)
    event = _text(raw, "event", where)
    checked = _flag(raw, "check", where, True)
    unit = raw.get("unit", default_unit(event))
    if unit not in UNITS:
        raise StandardsProblem(f"{where}（{event}）的 unit 应为 {'、'.join(UNITS)} 之一")
    amount = _number(raw, "amount", where) if checked and unit != BUDGET_SHARE else None
    share = _number(raw, "share", where) if checked and unit == BUDGET_SHARE else None
    if share is not None and share > 1:
        raise StandardsProblem(f"{where}（{event}）的 share 应在 0 与 1 之间，如 0.50")
    bounds = raw.get("range")
    span: tuple[Decimal, Decimal] | None = None
    if bounds is not None:
        if not (
            isinstance(bounds, list)
            and len(bounds) == 2
            and all(isinstance(b, int | Decimal) for b in bounds)
        ):
            raise StandardsProblem(f"{where}（{event}）的 range 应为 [下限, 上限]")
        span = (Decimal(bounds[0]), Decimal(bounds[1]))
        if amount is not None and not span[0] <= amount <= span[1]:
            raise StandardsProblem(f"{where}（{event}）的 amount 应在 range 之内")
    cash = raw.get("cash")
    if cash is not None and not isinstance(cash, bool):
        raise StandardsProblem(f"{where}（{event}）的 cash 应为 true 或 false")
    note = raw.get("note", "")
    if not isinstance(note, str):
        raise StandardsProblem(f"{where}（{event}）的 note 应为文字")
    uncertain = _flag(raw, "uncertain", where, False)
    return Cap(event, unit, amount, share, uncertain, span, cash, checked, note)


def _known_keys(raw: dict[str, Any], known: frozenset[str], where: str) -> None:
    unknown = sorted(set(raw) - known)
    if unknown:
        raise StandardsProblem(
            f"{where}未知的字段 {'、'.join(unknown)}；可用：{'、'.join(sorted(known))}"
        )


def _text(raw: dict[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise StandardsProblem(f"{where}缺少 {key}（带引号的文字）")
    return value.strip()


def _flag(raw: dict[str, Any], key: str, where: str, default: bool) -> bool:
    value = raw.get(key, default)
    if not isinstance(value, bool):
        raise StandardsProblem(f"{where}的 {key} 应为 true 或 false")
    return value


def _number(raw: dict[str, Any], key: str, where: str) -> Decimal:
    value = raw.get(key)
    if isinstance(value, bool) or not isinstance(value, int | Decimal) or value <= 0:
        raise StandardsProblem(f"{where}（{raw.get('event')}）缺少大于零的 {key}")
    return Decimal(value)


@dataclass(frozen=True)
class InForce:
    """The standard that applies to one gift, and where it comes from (for messages)."""

    cap: Cap
    source: str


@dataclass(frozen=True)
class Standards:
    """The tables the ``standards`` option puts in force, by date (None: a bad table)."""

    dates: tuple[datetime.date, ...] = ()
    tables: tuple[Table | None, ...] = ()
    errors: tuple[SettingInvalidError, ...] = ()
    files: tuple[str, ...] = ()  # a union's own tables the book names (read or not)

    def table(self, date: datetime.date) -> Table | None:
        index = bisect.bisect_right(self.dates, date)
        return self.tables[index - 1] if index else None

    def cap(self, event: str, date: datetime.date, settings: Settings) -> InForce | None:
        """The standard for ``event`` on ``date``: a gift-cap option wins over the table."""
        table = self.table(date)
        listed = table.caps.get(event) if table else None
        override = _override(settings, event, date)
        if override is not None:
            since, amount = override
            unit = listed.unit if listed and listed.unit != BUDGET_SHARE else default_unit(event)
            cash = listed.cash if listed else None
            cap = Cap(event, unit, amount, cash=cash)
            return InForce(cap, f"本工会 gift-cap 设置（{since} 起）")
        if table is None or listed is None:
            return None
        return InForce(listed, table.cite())


def _override(settings: Settings, event: str, date: datetime.date) -> tuple[str, Decimal] | None:
    if settings.gift_cap(event, date) is None:
        return None
    history = settings.history(f"gift-cap/{event}")
    index = bisect.bisect_right([d for d, _ in history], date)
    if not index:
        return None
    since, (_, amount) = history[index - 1]
    return since.isoformat(), amount


def resolve(customs: Iterable[data.Custom]) -> Standards:
    """Read every well-formed ``standards`` option; a table that cannot be read is an error."""
    chosen: dict[datetime.date, data.Custom] = {}
    for entry in customs:
        values = entry.values or []  # a custom directive without values has None
        if (
            entry.type == OPTION
            and len(values) == 2
            and values[0].value == "standards"
            and values[1].dtype is str
            and str(values[1].value).strip()
        ):
            chosen[entry.date] = entry  # the same date twice: the later wins, as in settings
    dates, tables, errors, files = [], [], [], []
    for date in sorted(chosen):
        entry = chosen[date]
        ref = str(entry.values[1].value).strip()
        filename = str(entry.meta.get("filename", ""))
        base = Path(filename).parent if filename and not filename.startswith("<") else None
        if ref.endswith(".toml"):
            path = Path(ref).expanduser()
            files.append(str((base / path) if base and not path.is_absolute() else path))
        table: Table | None
        try:
            table = load(ref, base)
        except StandardsProblem as problem:
            table = None
            errors.append(
                SettingInvalidError(
                    source_of(entry),
                    f"设置项 standards（适用的慰问标准表）取值有误：{problem}；"
                    f"在改正之前，{date} 起不按任何标准表核对慰问支出",
                    entry,
                    str(date.year),
                )
            )
        dates.append(date)
        tables.append(table)
    return Standards(tuple(dates), tuple(tables), tuple(errors), tuple(files))
