"""A bank statement export (对账单 / 账户明细) read into typed lines.

Pure: bytes in, a ``Statement`` or one ``StatementProblem`` (every problem, with
row numbers, in Chinese) out. The files of 工商银行, 建设银行, 农业银行, 中国银行 and
交通银行 (and any export headed the same way) are read by their headers, not by
fixed positions: csv (UTF-8 or GBK, comma or tab separated), xls and xlsx; a
preamble (账号, 户名, 起止日期) may stand above the header row, and total or
printing lines (合计, 本页小计, 笔数, 打印日期) below the data are skipped. Each bank's
headers, amount and date conventions are one ``BankLayout`` of
``importers.bank_layouts.LAYOUTS``; the header row picks the layout.

A bank's 借方 is money out of the account, 贷方 money in. Dates and amounts are read by
``importers.sheets`` (``20250603``, ``2025-06-03 10:22:11``, ``2025/6/3``, ``2025年6月3日``,
a spreadsheet date; ``1,200.00``, ``¥1200元``, ``(5.00)``, ``5.00-``).
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from ghfund import money
from ghfund.bank_statement import Line as Line
from ghfund.bank_statement import Statement as Statement
from ghfund.importers import bank_layouts, sheets
from ghfund.importers.bank_layouts import BankLayout, Columns, Money
from ghfund.problems import UserProblem

MAX_PROBLEMS = 20
_PREAMBLE = {
    "account_no": ("账号", "账户", "帐号", "卡号"),
    "holder": ("户名", "账户名称", "单位名称", "客户名称"),
}


class StatementProblem(UserProblem):
    """A statement that cannot be read; the text is the whole Chinese message."""


def read(name: str, data: bytes, layouts: Sequence[BankLayout] | None = None) -> Statement:
    """The lines of a bank statement file, read by the layout its header names (one of
    ``layouts``, by default ``bank_layouts.LAYOUTS`` as it is at the call); StatementProblem
    if it cannot be read whole."""
    layouts = bank_layouts.LAYOUTS if layouts is None else layouts
    try:
        rows = sheets.read_rows(name, data)
    except sheets.SheetProblem as problem:
        raise StatementProblem(str(problem)) from None
    header_at, columns = header_of(name, rows, layouts)
    preamble = [cell for _, cells in rows[:header_at] for cell in cells if not sheets.blank(cell)]
    lines: list[Line] = []
    problems: list[str] = []
    for number, cells in rows[header_at + 1 :]:
        if all(sheets.blank(cell) for cell in cells):
            continue
        if _after_data(cells, columns):
            break  # totals, printing lines: the data is over
        try:
            lines.append(_line(number, cells, columns))
        except sheets.CellProblem as bad:
            problems.append(f"第 {number} 行：{bad}")
    if problems:
        raise StatementProblem(
            sheets.refusal(f"银行对账单 {name}", problems, "未导入任何数据", MAX_PROBLEMS)
        )
    if not lines:
        raise StatementProblem(
            f"银行对账单 {name} 在表头（第 {rows[header_at][0]} 行）之后没有交易行"
        )
    if lines[0].date > lines[-1].date:  # newest first
        lines.reverse()
    ordered = sorted(lines, key=lambda line: line.date)  # stable: same-day order kept
    named = bank_layouts.named(_words(name, preamble), layouts)
    return Statement(
        name,
        named[0].name if named else "",
        _labelled(preamble, "account_no"),
        _labelled(preamble, "holder"),
        tuple(_refs(ordered)),
    )


def _words(name: str, preamble: Sequence[Any]) -> str:
    """The text that may name the bank: the file name and the lines above the header."""
    return " ".join([name, *(sheets.text(cell) for cell in preamble)])


def _after_data(cells: list[Any], columns: Columns) -> bool:
    """A row below the data: no date, and a total's words or no amounts."""
    cell = sheets.at(cells, columns.at["date"])
    if sheets.is_date(cell, columns.layout.dates):
        return False
    if any(word in sheets.text(other) for other in cells for word in columns.layout.footer):
        return True
    money = [columns.at[key] for key in ("out", "in", "amount") if key in columns.at]
    return not sheets.text(cell) and all(
        sheets.blank(sheets.at(cells, position)) for position in money
    )


def _refs(lines: list[Line]) -> list[Line]:
    """Each line's ``ref``: its serial, else ``sha1-`` and a digest of date, amount, 摘要 and
    the line's place among identical lines of that day (two equal fees stay two)."""
    seen: dict[tuple[datetime.date, Decimal, str], int] = {}
    result = []
    for line in lines:
        ref = line.serial
        if not ref:
            key = (line.date, line.amount, line.summary)
            seen[key] = seen.get(key, 0) + 1
            text = f"{line.date}|{line.amount}|{line.summary}|{seen[key]}"
            ref = "sha1-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
        result.append(dataclasses.replace(line, ref=ref))
    return result


def header_of(
    name: str, rows: Sequence[tuple[int, list[Any]]], layouts: Sequence[BankLayout]
) -> tuple[int, Columns]:
    """The header row's index and where the layout it names has each column."""
    within = max((layout.header_within for layout in layouts), default=0)
    for index, (number, cells) in enumerate(rows[:within]):
        preamble = [cell for _, above in rows[:index] for cell in above]
        for layout in bank_layouts.ordered(_words(name, preamble), layouts):
            found = bank_layouts.columns(layout, cells) if index < layout.header_within else None
            if found is not None:
                return index, found
        generic = bank_layouts.spelled(cells)
        if "date" in generic and len({"out", "in"} & set(generic)) == 1:
            raise StatementProblem(
                f"{name} 的表头（第 {number} 行）只有"
                f"{'支出' if 'out' in generic else '收入'}金额列；"
                "需要收入、支出两列（借方发生额、贷方发生额），或一列带正负号的交易金额"
            )
    raise StatementProblem(
        f"找不到 {name} 的表头：前 {within} 行中没有同时含日期列（交易日期、记账日期）"
        "和金额列（借方发生额与贷方发生额、支出金额与收入金额，或交易金额）的一行；"
        "请确认这是银行导出的账户明细（对账单）"
    )


def _line(number: int, cells: list[Any], columns: Columns) -> Line:
    problems = []
    date = datetime.date.min
    try:
        date = sheets.date(sheets.at(cells, columns.at["date"]), columns.layout.dates)
    except sheets.CellProblem as bad:
        problems.append(f"日期{bad}")
    amount = Decimal(0)
    try:
        amount = _signed(cells, columns)
    except sheets.CellProblem as bad:
        problems.append(str(bad))
    balance = None
    cell = sheets.at(cells, columns.at.get("balance"))
    if not sheets.blank(cell):
        try:
            balance = sheets.amount(cell)
        except sheets.CellProblem as bad:
            problems.append(f"余额{bad}")
    if problems:
        raise sheets.CellProblem("；".join(problems))
    parts: list[str] = []
    for position in columns.summaries:
        text = sheets.text(sheets.at(cells, position))
        if text and text not in parts:
            parts.append(text)
    return Line(
        number,
        date,
        amount,
        " ".join(parts),
        balance,
        _field(cells, columns, "counterparty"),
        _field(cells, columns, "counter_account"),
        _field(cells, columns, "serial"),
        "",
    )


def _signed(cells: list[Any], columns: Columns) -> Decimal:
    at = columns.at
    if columns.money is Money.SPLIT:
        out = _optional(sheets.at(cells, at["out"]), "支出金额")
        into = _optional(sheets.at(cells, at["in"]), "收入金额")
        if out and into:
            raise sheets.CellProblem(f"支出 {out} 与收入 {into} 同时有金额；每行只能是其中之一")
        if not out and not into:
            raise sheets.CellProblem("支出、收入金额都为空")
        return into - out if into else -out
    cell = sheets.at(cells, at["amount"])
    if sheets.blank(cell):
        raise sheets.CellProblem("交易金额为空")
    try:
        value = sheets.amount(cell)
    except sheets.CellProblem as bad:
        raise sheets.CellProblem(f"交易金额{bad}") from None
    if "direction" not in at:
        return value
    flag = sheets.text(sheets.at(cells, at["direction"]))
    if flag.startswith(columns.layout.out_words):
        return -abs(value)
    if flag.startswith(columns.layout.in_words):
        return abs(value)
    words = "/".join(columns.layout.out_words[:1] + columns.layout.in_words[:1])
    raise sheets.CellProblem(f"借贷标志“{money.clipped(flag)}”不是 {words}（支出/收入）")


def _optional(cell: Any, title: str) -> Decimal:
    """A 借方 or 贷方 cell: blank is zero, a negative is refused."""
    try:
        value = sheets.amount(cell)
    except sheets.CellProblem as bad:
        raise sheets.CellProblem(f"{title}{bad}") from None
    if value < 0:
        raise sheets.CellProblem(
            f"{title}“{money.clipped(sheets.text(cell))}”是负数；收入、支出分列时金额不带负号"
        )
    return value


def _field(cells: list[Any], columns: Columns, role: str) -> str:
    if role not in columns.at:
        return ""
    return _clean(sheets.text(sheets.at(cells, columns.at[role])))


def _clean(text: str) -> str:
    """Excel-escaped account numbers (``="6222…"``, ``'6222…``) as plain text."""
    if text.startswith('="') and text.endswith('"'):
        text = text[2:-1]
    return text.lstrip("'").strip()


def _labelled(preamble: list[Any], field: str) -> str:
    """A preamble value: ``账号：123`` in one cell, or ``账号`` and ``123`` in two."""
    texts = [sheets.text(cell) for cell in preamble]
    for index, text in enumerate(texts):
        for label in _PREAMBLE[field]:
            if text.startswith(label):
                rest = text[len(label) :].lstrip(":：").strip()
                if rest:
                    return _clean(rest.split()[0] if field == "account_no" else rest)
                if index + 1 < len(texts):
                    return _clean(texts[index + 1])
    return ""
