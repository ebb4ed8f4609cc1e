"""A bank statement export (对账单 / 账户明细) read into typed lines.

Pure: bytes in, a ``Statement`` or one ``StatementProblem`` (every problem, with
row numbers, in Chinese) out. The files of 工商银行, 建设银行, 农业银行, 中国银行 and
交通银行 (and any export headed the same way) are read by their headers, not by
fixed positions: csv (UTF-8 or GBK, comma or tab separated), xls and xlsx; a
preamble (账号, 户名, 起止日期) may stand above the header row, and total or
printing lines (合计, 本页小计, 笔数, 打印日期) below the data are skipped.

| field | accepted headers (in order of preference) |
|---|---|
| date | 交易日期 记账日期 入账日期 日期 交易时间 |
| 摘要 | 摘要 用途 附言 交易用途 备注 (all present are joined) |
| out / in | 借方发生额 支出金额 支取 付款金额 / 贷方发生额 收入金额 存入 收款金额 |
| signed amount | 交易金额 发生额 金额 (with 借贷标志 / 收支标志 when unsigned) |
| balance | 余额 账户余额 交易后余额 本次余额 |
| counterparty | 对方户名 对方单位名称 对方名称 收(付)款人名称 |
| counter account | 对方账号 |
| serial | 交易流水号 流水号 凭证号 交易序号 柜员流水号 |

A bank's 借方 is money out of the account, 贷方 money in. Dates are ``20250603``,
``2025-06-03``, ``2025/6/3``, ``2025年6月3日`` or a spreadsheet date, optionally
followed by a time. Amounts are yuan with at most two decimals.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from ghfund.bank_statement import Line as Line
from ghfund.bank_statement import Statement as Statement
from ghfund.importers import sheets
from ghfund.problems import UserProblem

HEADER_ROWS = 30  # a preamble of up to 29 rows above the header
MAX_PROBLEMS = 20
CENT = Decimal("0.01")

# field -> accepted headers, in order of preference (the first found wins)
COLUMNS: dict[str, tuple[str, ...]] = {
    "date": ("交易日期", "记账日期", "入账日期", "日期", "交易时间", "记账时间"),
    "out": ("借方发生额", "支出金额", "支出", "支取", "支取金额", "付款金额", "借方金额"),
    "in": ("贷方发生额", "收入金额", "收入", "存入", "存入金额", "收款金额", "贷方金额"),
    "amount": ("交易金额", "发生额", "金额"),
    "direction": ("借贷标志", "收支标志", "借贷方向", "借/贷", "收/支", "借贷"),
    "balance": ("余额", "账户余额", "交易后余额", "本次余额", "联机余额"),
    "counterparty": (
        "对方户名",
        "对方单位名称",
        "对方名称",
        "对方账户名称",
        "收(付)款人名称",
        "收付款人名称",
    ),
    "counter_account": ("对方账号", "对方账户", "收(付)款人账号"),
    "serial": ("交易流水号", "流水号", "凭证号", "交易序号", "柜员流水号", "账户明细编号"),
}
SUMMARY_COLUMNS = ("摘要", "用途", "附言", "交易用途", "备注", "交易摘要")
BANKS = {
    "工商银行": ("工商银行", "ICBC"),
    "建设银行": ("建设银行", "CCB"),
    "农业银行": ("农业银行", "ABC"),
    "中国银行": ("中国银行", "BOC"),
    "交通银行": ("交通银行", "BOCOM"),
}
_BY_HEADER = {name: key for key, names in COLUMNS.items() for name in names}
_SUMMARY = set(SUMMARY_COLUMNS)
_BRACKETS = re.compile(r"[(（][^)）]*[)）]")
_FOOTER = ("合计", "总计", "小计", "笔数", "打印", "说明", "汇总", "期末余额", "本页")
_DATE = re.compile(r"(\d{4})(?:[-/.年](\d{1,2})[-/.月](\d{1,2})日?|(\d{2})(\d{2}))(?:\D|\Z)")
_AMOUNT = re.compile(r"[+-]?\d+(?:\.\d{1,2})?\Z")
_OUT_WORDS = ("借", "支", "付", "出", "D")
_IN_WORDS = ("贷", "收", "存", "入", "C")
_PREAMBLE = {
    "account_no": ("账号", "账户", "帐号", "卡号"),
    "holder": ("户名", "账户名称", "单位名称", "客户名称"),
}


class StatementProblem(UserProblem):
    """A statement that cannot be read; the text is the whole Chinese message."""


class _Bad(ValueError):
    """One cell's problem, in Chinese."""


def read(name: str, data: bytes) -> Statement:
    """The lines of a bank statement file; StatementProblem if it cannot be read whole."""
    try:
        rows = sheets.read_rows(name, data)
    except sheets.SheetProblem as problem:
        raise StatementProblem(str(problem)) from None
    header_at, columns, summaries = _header(name, rows)
    preamble = [cell for _, cells in rows[:header_at] for cell in cells if not sheets.blank(cell)]
    lines: list[Line] = []
    problems: list[str] = []
    for number, cells in rows[header_at + 1 :]:
        if all(sheets.blank(cell) for cell in cells):
            continue
        if _after_data(cells, columns):
            break  # totals, printing lines: the data is over
        try:
            lines.append(_line(number, cells, columns, summaries))
        except _Bad as bad:
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
    return Statement(
        name,
        _bank(name, preamble),
        _labelled(preamble, "account_no"),
        _labelled(preamble, "holder"),
        tuple(_refs(ordered)),
    )


def _after_data(cells: list[Any], columns: dict[str, int]) -> bool:
    """A row below the data: no date, and a total's words or no amounts."""
    cell = sheets.at(cells, columns["date"])
    if isinstance(cell, datetime.date) or _DATE.match(sheets.text(cell)):
        return False
    if any(word in sheets.text(other) for other in cells for word in _FOOTER):
        return True
    money = [columns[key] for key in ("out", "in", "amount") if key in columns]
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


def _key(cell: Any) -> str:
    return _BRACKETS.sub("", sheets.text(cell)).replace(" ", "").replace("\u3000", "")


def _header(
    name: str, rows: Sequence[tuple[int, list[Any]]]
) -> tuple[int, dict[str, int], tuple[int, ...]]:
    """The header row's index, each field's column and the 摘要-like columns."""
    for index, (number, cells) in enumerate(rows[:HEADER_ROWS]):
        found: dict[str, tuple[int, int]] = {}  # field -> (preference, position)
        summaries = []
        for position, cell in enumerate(cells):
            key = _key(cell)
            if key in _SUMMARY:
                summaries.append(position)
            field = _BY_HEADER.get(key) or _BY_HEADER.get(sheets.text(cell).replace(" ", ""))
            if field is None:
                continue
            rank = COLUMNS[field].index(key) if key in COLUMNS[field] else 0
            if field not in found or rank < found[field][0]:
                found[field] = (rank, position)
        columns = {field: position for field, (_, position) in found.items()}
        money = ("out" in columns and "in" in columns) or "amount" in columns
        if "date" in columns and money:
            if "out" in columns and "in" in columns:
                columns.pop("amount", None)
            return index, columns, tuple(summaries)
        if "date" in columns and ("out" in columns or "in" in columns):
            raise StatementProblem(
                f"{name} 的表头（第 {number} 行）只有"
                f"{'支出' if 'out' in columns else '收入'}金额列；"
                "需要收入、支出两列（借方发生额、贷方发生额），或一列带正负号的交易金额"
            )
    raise StatementProblem(
        f"找不到 {name} 的表头：前 {HEADER_ROWS} 行中没有同时含日期列（交易日期、记账日期）"
        "和金额列（借方发生额与贷方发生额、支出金额与收入金额，或交易金额）的一行；"
        "请确认这是银行导出的账户明细（对账单）"
    )


def _line(
    number: int, cells: list[Any], columns: dict[str, int], summaries: tuple[int, ...]
) -> Line:
    problems = []
    try:
        date = _date(sheets.at(cells, columns["date"]))
    except _Bad as bad:
        problems.append(str(bad))
        date = datetime.date.min
    amount = Decimal(0)
    try:
        amount = _signed(cells, columns)
    except _Bad as bad:
        problems.append(str(bad))
    balance = None
    if "balance" in columns and not sheets.blank(sheets.at(cells, columns["balance"])):
        try:
            balance = _amount(sheets.at(cells, columns["balance"]))
        except _Bad as bad:
            problems.append(f"余额{bad}")
    if problems:
        raise _Bad("；".join(problems))
    parts: list[str] = []
    for position in summaries:
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


def _signed(cells: list[Any], columns: dict[str, int]) -> Decimal:
    if "amount" not in columns:
        out_cell, in_cell = sheets.at(cells, columns["out"]), sheets.at(cells, columns["in"])
        out = _optional(out_cell, "支出金额")
        into = _optional(in_cell, "收入金额")
        if out and into:
            raise _Bad(f"支出 {out} 与收入 {into} 同时有金额；每行只能是其中之一")
        if not out and not into:
            raise _Bad("支出、收入金额都为空")
        return into - out if into else -out
    cell = sheets.at(cells, columns["amount"])
    if sheets.blank(cell):
        raise _Bad("交易金额为空")
    try:
        value = _amount(cell)
    except _Bad as bad:
        raise _Bad(f"交易金额{bad}") from None
    if "direction" in columns:
        flag = sheets.text(sheets.at(cells, columns["direction"]))
        if flag.startswith(_OUT_WORDS):
            return -abs(value)
        if flag.startswith(_IN_WORDS):
            return abs(value)
        raise _Bad(f"借贷标志“{sheets.clipped(str(flag))}”不是 借/贷 或 支出/收入")
    return value


def _optional(cell: Any, title: str) -> Decimal:
    if sheets.blank(cell) or sheets.text(cell) in ("-", "--"):
        return Decimal(0)
    try:
        value = _amount(cell)
    except _Bad as bad:
        raise _Bad(f"{title}{bad}") from None
    if value < 0:
        raise _Bad(
            f"{title}“{sheets.clipped(sheets.text(cell))}”是负数；收入、支出分列时金额不带负号"
        )
    return value


def _field(cells: list[Any], columns: dict[str, int], field: str) -> str:
    if field not in columns:
        return ""
    return _clean(sheets.text(sheets.at(cells, columns[field])))


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


def _bank(name: str, preamble: list[Any]) -> str:
    text = " ".join([name, *(sheets.text(cell) for cell in preamble)])
    for bank, words in BANKS.items():
        if any(word in text for word in words):
            return bank
    return ""


def _date(cell: Any) -> datetime.date:
    if isinstance(cell, datetime.datetime):
        return cell.date()
    if isinstance(cell, datetime.date):
        return cell
    text = sheets.text(cell)
    if text.isdigit() and 20000 < int(text) < 80000:  # an Excel date serial (1954-2119)
        return sheets.excel_date(int(text))
    match = _DATE.match(text)
    if match:
        year, month, day = (int(match[1]), int(match[2] or match[4]), int(match[3] or match[5]))
        try:
            return datetime.date(year, month, day)
        except ValueError:
            pass
    raise _Bad(f"日期“{sheets.clipped(text)}”不是日期：应为 20250603、2025-06-03 或 2025/6/3")


def _amount(cell: Any) -> Decimal:
    if isinstance(cell, bool):
        raise _Bad("不是金额")
    if isinstance(cell, int | float):
        value = Decimal(repr(cell)) if isinstance(cell, float) else Decimal(cell)
        if not value.is_finite():
            raise _Bad("不是金额")
        rounded = value.quantize(CENT)
        if abs(value - rounded) > Decimal("0.000001"):
            raise _Bad(f"“{sheets.clipped(str(cell))}”超过两位小数")
        return rounded
    raw = sheets.text(cell)
    text = raw.replace(",", "").replace("，", "").replace(" ", "").removesuffix("元")
    text = text.replace("¥", "").replace("￥", "")
    if not _AMOUNT.match(text):
        raise _Bad(f"“{sheets.clipped(raw)}”不是金额：应为以元为单位、最多两位小数的数，如 1250.00")
    try:
        return Decimal(text).quantize(CENT)
    except InvalidOperation:
        raise _Bad(f"“{sheets.clipped(raw)}”不是金额") from None
