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
| employees | 职工人数 职工数 在职职工人数 在职人数 employees | no |
| date | 日期 数据日期 date | no |

Headers may carry a unit in brackets (``工资总额（元）``); amounts in 万元 are refused.
A month is ``2025-02``, ``2025/2``, ``2025年2月``, ``202502``, or a date on the
month's first or last day. Amounts (yuan, to the cent, not negative), dates and member
counts are read by ``importers.sheets``, which knows every spelling. The directive's date is the date column, else the 10th of the
following month (when the payroll data usually becomes known). Empty rows and a
closing 合计/总计 row are skipped.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ghfund import money
from ghfund.importers import sheets
from ghfund.money import plain
from ghfund.month import month_end
from ghfund.problems import UserProblem

DEFAULT_DAY = 10  # of the month after the payroll month
HEADER_ROWS = 5  # the header may sit under a title of up to four rows
MAX_PROBLEMS = 20
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
    "employees": ("职工人数", "职工数", "在职职工人数", "在职人数", "employees"),
    "date": ("日期", "数据日期", "date"),
}
TITLES = {
    "month": "月份",
    "total": "工资总额",
    "dues_base": "会费基数",
    "members": "会员人数",
    "employees": "职工人数",
    "date": "日期",
}
_BY_HEADER = {sheets.normal(name): key for key, names in COLUMNS.items() for name in names}
_MONTH = re.compile(r"([0-9]{4})\s*(?:[-/.年]\s*([0-9]{1,2})\s*月?|([0-9]{2}))\s*\Z")


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
    employees: int | None = None

    def directive(self, currency: str) -> str:
        """The ``ghfund-payroll`` directive, as it is appended to the book."""
        lines = [f'{self.date} custom "ghfund-payroll" {self.month} {plain(self.total)} {currency}']
        if self.dues_base is not None:
            lines.append(f"  dues-base: {plain(self.dues_base)} {currency}")
        if self.members is not None:
            lines.append(f"  members: {self.members}")
        if self.employees is not None:
            lines.append(f"  employees: {self.employees}")
        return "\n".join(lines) + "\n"


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
        if sheets.is_total(sheets.at(cells, columns["month"])):
            continue
        try:
            _fits(cells, width)
            row = _row(number, cells, columns)
        except sheets.CellProblem as bad:
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
            key = _BY_HEADER.get(sheets.normal(cell))
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


def _people(cell: Any) -> int | None:
    """会员人数 or 职工人数: a count, optionally followed by 人."""
    return sheets.count(cell, "人数", "人", MAX_MEMBERS - 1)


def _row(number: int, cells: list[Any], columns: dict[str, int]) -> PayrollRow:
    problems = []
    values: dict[str, Any] = {}
    readers: dict[str, Callable[[Any], Any]] = {
        "month": _month,
        "total": _not_negative,
        "dues_base": _not_negative,
        "members": _people,
        "employees": _people,
        "date": sheets.date,
    }
    for key, position in columns.items():
        cell = sheets.at(cells, position)
        if sheets.blank(cell) and key in ("month", "total"):
            problems.append(f"{TITLES[key]}为空")
            continue
        try:
            values[key] = None if sheets.blank(cell) else readers[key](cell)
        except sheets.CellProblem as bad:
            problems.append(f"{TITLES[key]}{bad}")
    if problems:
        raise sheets.CellProblem("；".join(problems))
    if values["total"] == 0:
        raise sheets.CellProblem("工资总额为零；没有工资数据的月份请不要列出")
    month: datetime.date = values["month"]
    date: datetime.date | None = values.get("date")
    if date is None:
        date = month + datetime.timedelta(days=DEFAULT_DAY)
    elif date < month.replace(day=1):
        raise sheets.CellProblem(
            f"日期 {date} 早于工资月份 {month:%Y-%m}；日期是得知工资数据的日子"
        )
    return PayrollRow(
        number,
        month,
        values["total"],
        values.get("dues_base"),
        values.get("members"),
        date,
        values.get("employees"),
    )


def _width(header: list[Any]) -> int:
    """The header's width: up to its last non-blank cell."""
    filled = [position for position, cell in enumerate(header) if not sheets.blank(cell)]
    return filled[-1] + 1 if filled else 0


def _fits(cells: list[Any], width: int) -> None:
    """A row with more filled cells than the header has columns is misread, not truncated."""
    extra = [cell for cell in cells[width:] if not sheets.blank(cell)]
    if extra:
        raise sheets.CellProblem(
            f"有 {sum(not sheets.blank(c) for c in cells)} 个值，多于表头的 {width} 列"
            f"（多出“{money.clipped(sheets.text(extra[0]))}”等）；"
            "金额中的千位分隔符“,”会把一个数拆成几列：请去掉千位分隔符，或给金额加上引号"
        )


def _month(cell: Any) -> datetime.date:
    """The month-end of a month cell: ``2025-02``, ``2025/2``, ``2025年2月``, ``202502``,
    or a date (``sheets.date``) on the month's first or last day."""
    sheets.computed(cell)
    value = sheets.text(cell).translate(money.FULL_WIDTH)
    match = _MONTH.match(value) if not isinstance(cell, datetime.date) else None
    if match is None:
        try:
            day = sheets.date(cell)
        except sheets.YearProblem:
            raise
        except sheets.CellProblem:
            raise sheets.CellProblem(
                f"“{money.clipped(value)}”不是月份：请写成 2025-02 或 2025年2月"
            ) from None
        if day.day in (1, month_end(day).day):
            return month_end(day)
        raise sheets.CellProblem(
            f"“{sheets.text(cell)}”不是月份：请写 2025-02，或该月第一天、最后一天的日期"
        )
    if int(match[1]) not in sheets.YEARS:
        raise sheets.YearProblem(f"“{value}”{sheets.OUTSIDE}")
    try:
        return month_end(datetime.date(int(match[1]), int(match[2] or match[3]), 1))
    except ValueError:
        raise sheets.CellProblem(f"“{value}”不是月份：请写成 2025-02 或 2025年2月") from None


def _not_negative(cell: Any) -> Decimal:
    """An amount that cannot be negative (工资总额, 会费基数)."""
    value = sheets.amount(cell)
    if value < 0:
        raise sheets.CellProblem(f"“{money.clipped(sheets.text(cell))}”是负数；金额不能为负")
    return value
