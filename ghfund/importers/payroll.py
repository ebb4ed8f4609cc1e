"""A payroll summary spreadsheet (xlsx or csv) read into ``ghfund-payroll`` directives.

Pure: bytes in, typed rows or one ``PayrollFileProblem`` (every problem, with row
numbers, in Chinese) out; the command writes. One row per month; the header row
(the first row, or one of the first few under a title) names the columns:

| column | accepted headers | required |
|---|---|---|
| month | 月份 工资月份 所属月份 所属期 年月 期间 month | yes |
| payroll | 工资总额 职工工资总额 全部职工工资总额 应发工资总额 应发工资 payroll | yes |
| dues base | 会费基数 会费缴纳基数 会员会费基数 缴费基数 dues-base | no |
| members | 会员人数 会员数 人数 members | no |
| date | 日期 数据日期 date | no |

Headers may carry a unit in brackets (``工资总额（元）``); amounts in 万元 are refused.
A month is ``2025-02``, ``2025/2``, ``2025年2月``, ``202502``, or a date on the
month's first or last day. Amounts are yuan with at most two decimals (thousands
separators allowed). The directive's date is the date column, else the 10th of the
following month (when the payroll data usually becomes known). Empty rows and a
closing 合计/总计 row are skipped.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from ghfund.importers import sheets
from ghfund.money import LIMIT, fmt, plain
from ghfund.month import month_end
from ghfund.problems import UserProblem

DEFAULT_DAY = 10  # of the month after the payroll month
HEADER_ROWS = 5  # the header may sit under a title of up to four rows
MAX_PROBLEMS = 20
YEARS = range(1900, 2101)  # a month or date outside is a typing error
MAX_MEMBERS = 10_000_000

COLUMNS: dict[str, tuple[str, ...]] = {
    "month": ("月份", "工资月份", "所属月份", "所属期", "年月", "期间", "month"),
    "total": (
        "工资总额",
        "职工工资总额",
        "全部职工工资总额",
        "应发工资总额",
        "应发工资",
        "payroll",
    ),
    "dues_base": ("会费基数", "会费缴纳基数", "会员会费基数", "缴费基数", "dues-base"),
    "members": ("会员人数", "会员数", "人数", "members"),
    "date": ("日期", "数据日期", "date"),
}
TITLES = {
    "month": "月份",
    "total": "工资总额",
    "dues_base": "会费基数",
    "members": "会员人数",
    "date": "日期",
}
_BY_HEADER = {name: key for key, names in COLUMNS.items() for name in names}
_UNIT = re.compile(r"[(（][^)）]*[)）]")
_TOTAL_ROW = ("合计", "总计", "小计")
_MONTH = re.compile(r"([0-9]{4})\s*(?:[-/.年]\s*([0-9]{1,2})\s*月?|([0-9]{2}))\s*\Z")
_DAY = re.compile(r"([0-9]{4})[-/.年]([0-9]{1,2})[-/.月]([0-9]{1,2})日?\s*\Z")
_AMOUNT = re.compile(r"[0-9]+(?:\.[0-9]{1,2})?\Z")
_COUNT = re.compile(r"[0-9]+\Z")


class PayrollFileProblem(UserProblem):
    """A payroll file that cannot be imported; the text is the whole Chinese message."""


@dataclass(frozen=True)
class PayrollRow:
    row: int  # as the spreadsheet numbers it
    month: datetime.date  # month-end
    total: Decimal
    dues_base: Decimal | None
    members: int | None
    date: datetime.date  # the directive's date

    def directive(self, currency: str) -> str:
        """The ``ghfund-payroll`` directive, as it is appended to the book."""
        lines = [f'{self.date} custom "ghfund-payroll" {self.month} {plain(self.total)} {currency}']
        if self.dues_base is not None:
            lines.append(f"  dues-base: {plain(self.dues_base)} {currency}")
        if self.members is not None:
            lines.append(f"  members: {self.members}")
        return "\n".join(lines) + "\n"


class _Bad(ValueError):
    """One cell's problem, in Chinese."""


def read(name: str, data: bytes) -> list[PayrollRow]:
    """The rows of a payroll file (xlsx or csv), in month order; PayrollFileProblem if bad."""
    rows = _cells(name, data)
    header_at, columns = _header(rows)
    width = _width(rows[header_at][1])
    result: list[PayrollRow] = []
    problems: list[str] = []
    seen: dict[datetime.date, int] = {}
    for number, cells in rows[header_at + 1 :]:
        if all(sheets.blank(cell) for cell in cells):
            continue
        first = sheets.text(sheets.at(cells, columns["month"]))
        if first in _TOTAL_ROW:
            continue
        try:
            _fits(cells, width)
            row = _row(number, cells, columns)
        except _Bad as bad:
            problems.append(f"第 {number} 行：{bad}")
            continue
        if row.month in seen:
            problems.append(
                f"第 {number} 行：月份 {row.month:%Y-%m} 与第 {seen[row.month]} 行重复；每个月只写一行"
            )
            continue
        seen[row.month] = number
        result.append(row)
    if problems:
        raise PayrollFileProblem(
            sheets.refusal(f"工资汇总表 {name}", problems, "未导入任何数据", MAX_PROBLEMS)
        )
    if not result:
        raise PayrollFileProblem(
            f"工资汇总表 {name} 在表头（第 {rows[header_at][0]} 行）之后没有数据行"
        )
    return sorted(result, key=lambda r: r.month)


def _cells(name: str, data: bytes) -> list[tuple[int, list[Any]]]:
    """(row number, cells) of the first sheet or the CSV (``importers.sheets``)."""
    try:
        return sheets.read_rows(name, data)
    except sheets.SheetProblem as problem:
        raise PayrollFileProblem(str(problem)) from None


def _header(rows: Sequence[tuple[int, list[Any]]]) -> tuple[int, dict[str, int]]:
    """The index of the header row and each known column's position."""
    for index, (number, cells) in enumerate(rows[:HEADER_ROWS]):
        columns: dict[str, int] = {}
        problems: list[str] = []
        for position, cell in enumerate(cells):
            raw = sheets.text(cell)
            key = _BY_HEADER.get(_UNIT.sub("", raw).replace(" ", "").replace("\u3000", "").lower())
            if key is None:
                continue
            if "万元" in raw:
                problems.append(f"列“{raw}”以万元为单位；请改为以元为单位的金额")
            if key in columns:
                problems.append(
                    f"“{TITLES[key]}”有两列（第 {columns[key] + 1} 列和第 {position + 1} 列）"
                )
            columns.setdefault(key, position)
        if "month" in columns and "total" in columns:
            if problems:
                raise PayrollFileProblem(f"表头（第 {number} 行）有误：" + "；".join(problems))
            return index, columns
    accepted = "；".join(f"{TITLES[key]}：{'、'.join(names)}" for key, names in COLUMNS.items())
    raise PayrollFileProblem(
        f"找不到表头：前 {HEADER_ROWS} 行中没有同时含“月份”和“工资总额”两列的一行。"
        f"可用的列名（月份、工资总额必填）—— {accepted}"
    )


def _row(number: int, cells: list[Any], columns: dict[str, int]) -> PayrollRow:
    problems = []
    values: dict[str, Any] = {}
    readers = {
        "month": _month,
        "total": _amount,
        "dues_base": _amount,
        "members": _count,
        "date": _date,
    }
    for key, position in columns.items():
        cell = sheets.at(cells, position)
        try:
            sheets.computed(cell)
        except sheets.CellProblem as bad:
            problems.append(f"{TITLES[key]}{bad}")
            continue
        if sheets.blank(cell):
            if key in ("month", "total"):
                problems.append(f"{TITLES[key]}为空")
            values[key] = None
            continue
        try:
            values[key] = readers[key](cell)
        except _Bad as bad:
            problems.append(f"{TITLES[key]}“{sheets.clipped(sheets.text(cell))}”{bad}")
    if problems:
        raise _Bad("；".join(problems))
    if values.get("total") is not None and values["total"] == 0:
        raise _Bad("工资总额为零；没有工资数据的月份请不要列出")
    month: datetime.date = values["month"]
    date: datetime.date | None = values.get("date")
    if date is None:
        date = month + datetime.timedelta(days=DEFAULT_DAY)
    elif date < month.replace(day=1):
        raise _Bad(f"日期 {date} 早于工资月份 {month:%Y-%m}；日期是得知工资数据的日子")
    return PayrollRow(
        number, month, values["total"], values.get("dues_base"), values.get("members"), date
    )


def _width(header: list[Any]) -> int:
    """The header's width: up to its last non-blank cell."""
    filled = [position for position, cell in enumerate(header) if not sheets.blank(cell)]
    return filled[-1] + 1 if filled else 0


def _fits(cells: list[Any], width: int) -> None:
    """A row with more filled cells than the header has columns is misread, not truncated."""
    extra = [cell for cell in cells[width:] if not sheets.blank(cell)]
    if extra:
        raise _Bad(
            f"有 {sum(not sheets.blank(c) for c in cells)} 个值，多于表头的 {width} 列"
            f"（多出“{sheets.clipped(sheets.text(extra[0]))}”等）；"
            "金额中的千位分隔符“,”会把一个数拆成几列：请去掉千位分隔符，或给金额加上引号"
        )


def _month(cell: Any) -> datetime.date:
    if isinstance(cell, datetime.date):
        date = cell.date() if isinstance(cell, datetime.datetime) else cell
        if date.year not in YEARS:
            raise _Bad(f"的年份不在 {YEARS[0]}–{YEARS[-1]} 之间")
        if date.day in (1, month_end(date).day):
            return month_end(date)
        raise _Bad("不是月份：请写 2025-02，或该月第一天、最后一天的日期")
    if isinstance(cell, float) and cell.is_integer():  # spreadsheet numbers read as floats
        cell = int(cell)
    if isinstance(cell, int) and not isinstance(cell, bool):
        cell = str(cell)
    text = sheets.text(cell)
    match = _MONTH.match(text)
    day = _DAY.match(text)
    year = int(match[1]) if match else int(day[1]) if day else None
    if year is not None and year not in YEARS:
        raise _Bad(f"的年份不在 {YEARS[0]}–{YEARS[-1]} 之间")
    try:
        if match:
            return month_end(datetime.date(int(match[1]), int(match[2] or match[3]), 1))
        if day:
            return _month(datetime.date(int(day[1]), int(day[2]), int(day[3])))
    except ValueError:
        pass
    raise _Bad("不是月份：请写成 2025-02 或 2025年2月")


def _amount(cell: Any) -> Decimal:
    if isinstance(cell, bool):
        raise _Bad("不是金额")
    if isinstance(cell, int | float):
        value = Decimal(repr(cell)) if isinstance(cell, float) else Decimal(cell)
        if not value.is_finite():
            raise _Bad("不是金额")
        _in_range(value)
        rounded = value.quantize(Decimal("0.01"))
        if abs(value - rounded) > Decimal("0.000001"):
            raise _Bad("超过两位小数；金额以元为单位，精确到分")
        value = rounded
    else:
        text = sheets.text(cell).replace(",", "").replace("，", "").removesuffix("元").strip()
        text = text.removeprefix("¥").removeprefix("￥").strip()
        if not _AMOUNT.match(text):
            raise _Bad("不是金额：应为以元为单位、最多两位小数的非负数，如 1250000.00")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise _Bad("不是金额") from None
        _in_range(value)
    if value < 0:
        raise _Bad("是负数；金额不能为负")
    return abs(value).quantize(Decimal("0.01"))  # abs: -0.0 is 0


def _in_range(value: Decimal) -> None:
    if not -LIMIT < value < LIMIT:
        raise _Bad(f"过大：金额须小于 {fmt(LIMIT)} 元，请检查是否多输了数字")


def _count(cell: Any) -> int:
    if isinstance(cell, bool):
        raise _Bad("不是人数")
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, int):
        number = cell
    else:
        text = sheets.text(cell).removesuffix("人").strip()
        if not _COUNT.match(text):
            raise _Bad("不是人数：应为整数")
        number = int(text)
    if number < 0:
        raise _Bad("是负数")
    if number >= MAX_MEMBERS:
        raise _Bad("过大：请检查是否多输了数字")
    return number


def _date(cell: Any) -> datetime.date:
    if isinstance(cell, datetime.datetime):
        cell = cell.date()
    if isinstance(cell, datetime.date):
        if cell.year not in YEARS:
            raise _Bad(f"的年份不在 {YEARS[0]}–{YEARS[-1]} 之间")
        return cell
    match = _DAY.match(sheets.text(cell))
    if match:
        try:
            day = datetime.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            raise _Bad("不是日期：请写成 2025-03-10") from None
        return _date(day)
    raise _Bad("不是日期：请写成 2025-03-10")
