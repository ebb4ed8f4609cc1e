"""A vendor system's voucher journal (序时账 / 凭证列表) read into balanced vouchers.

Pure: bytes in, ``Voucher`` values or one ``JournalProblem`` (every bad row with
its number and what to fix, in Chinese) out; the command writes. Title and unit
rows above the header and total rows are skipped; the header is found by its
column names (``COLUMNS``). Rows group into vouchers by date and voucher number;
each voucher must balance. Vendor systems number vouchers per month (``记-1``
again every month), so a plain number becomes ``记-YYYY-MM-NNNN``, unique within
the year; a number that already carries its year (``记-2023-0011``) is kept.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ghfund import money, writing
from ghfund.importers import sheets
from ghfund.importers.codes import Accounts, CodeProblem, clean_code
from ghfund.money import plain
from ghfund.problems import UserProblem
from ghfund.remittance import narration_months

MAX_PROBLEMS = 50
# What a receipt of allocation or dues credits: 会费收入, 拨缴经费收入, 应付上级经费 (the upward
# share), 应收上级经费 (a tax-mode refund): as the funding rules count receipts.
RECEIPTS = ("401", "402", "211", "131")

COLUMNS: dict[str, tuple[str, ...]] = {
    "date": ("日期", "凭证日期", "制单日期", "记账日期", "业务日期"),
    "voucher": ("凭证字号", "凭证编号", "凭证号码"),
    "word": ("凭证字", "凭证类别", "凭证类型"),
    "number": ("凭证号",),
    "summary": ("摘要",),
    "code": ("科目编码", "科目代码", "会计科目编码", "科目编号"),
    "name": ("科目名称", "科目全名", "会计科目名称", "会计科目"),
    "subject": ("科目",),  # "10201 工商银行" in one column
    "debit": ("借方", "借方金额", "借方发生额", "借方本币"),
    "credit": ("贷方", "贷方金额", "贷方发生额", "贷方本币"),
    "fund": ("项目", "辅助核算", "辅助项", "项目核算", "辅助账"),
    "attachments": ("附件数", "附件张数", "附单据数", "附件"),
    "preparer": ("制单人", "制单"),
    "reviewer": ("审核人", "审核"),
    "bookkeeper": ("记账人", "过账人", "记账"),
}
_PLAIN_NUMBER = re.compile(r"(?P<word>[^\d\s\-－—]*?)\s*字?\s*[-－—]?\s*第?\s*(?P<n>\d+)\s*号?\Z")
_YEAR_NUMBER = re.compile(r"(?P<word>[^\d\s]+?)-(?P<year>\d{4})-(?:(?P<month>\d{2})-)?\d+\Z")
_SUBJECT = re.compile(r"(?P<code>\d[\d.]*)\s*[-－_ ]?\s*(?P<name>.*)\Z")
DEFAULT_WORD = "记"


class JournalProblem(UserProblem):
    """A journal that cannot be imported; the text is the whole Chinese message."""


@dataclass(frozen=True)
class Line:
    row: int
    summary: str
    account: str
    amount: Decimal  # debit positive, credit negative
    fund: str


@dataclass
class Voucher:
    voucher: str  # the id written to the book
    source: str  # the vendor's number, as the file gives it
    date: datetime.date
    first_row: int
    lines: list[Line] = field(default_factory=list)
    attachments: int | None = None
    preparer: str = ""
    reviewer: str = ""
    bookkeeper: str = ""

    @property
    def narration(self) -> str:
        return next((line.summary for line in self.lines if line.summary), "")

    @property
    def closing(self) -> bool:
        """A year-end closing voucher of the vendor system: income and spending into 321/322."""
        roots = [line.account.split(":")[1][:3] for line in self.lines]
        flows = [code for code in roots if code[0] in "45"]
        funds = [code for code in roots if code in ("321", "322")]
        return bool(flows) and bool(funds) and len(flows) + len(funds) == len(roots)

    @property
    def payroll(self) -> datetime.date | None:
        """The payroll month a receipt of allocation or dues is for, when its narration names
        exactly one (``9月工会经费``, ``2024年9月会费``), read as remittance matching reads
        months; None for anything else, or a narration naming several months (``7-9月会费``)."""
        codes = [(line.account.split(":")[1][:3], line.amount) for line in self.lines]
        cash_in = any(code in ("101", "102") and amount > 0 for code, amount in codes)
        credited = any(code in RECEIPTS and amount < 0 for code, amount in codes)
        if not (cash_in and credited) or self.closing:
            return None
        months = narration_months(self.narration, self.date)
        return months[0] if len(months) == 1 else None

    def text(self, currency: str) -> str:
        """The transaction as appended to the book."""
        tags = " #closing" if self.closing else ""
        out = [
            f"{self.date} * {writing.quoted(self.narration)}{tags}",
            f"  voucher: {writing.quoted(self.voucher)}",
        ]
        if self.payroll is not None:
            out.append(f"  payroll: {self.payroll}")
        if self.attachments is not None:
            out.append(f"  attachments: {self.attachments}")
        for key in ("preparer", "reviewer", "bookkeeper"):
            value = getattr(self, key)
            if value:
                out.append(f"  {key}: {writing.quoted(value)}")
        narration = self.narration
        for line in self.lines:
            out.append(f"  {line.account}  {plain(line.amount)} {currency}")
            if line.summary and line.summary != narration:
                out.append(f"    summary: {writing.quoted(line.summary)}")
            if line.fund:
                out.append(f"    fund: {writing.quoted(line.fund)}")
        return "\n".join(out) + "\n"


@dataclass(frozen=True)
class Journal:
    vouchers: list[Voucher]
    rows: int  # data rows read


def read(name: str, data: bytes, accounts: Accounts) -> Journal:
    """The vouchers of a journal file, in date order; JournalProblem listing every bad row."""
    try:
        rows = sheets.read_rows(name, data)
    except sheets.SheetProblem as problem:
        raise JournalProblem(str(problem)) from None
    header_at, columns = _header(name, rows)
    problems: list[str] = []
    unsure: set[str] = set()  # voucher numbers with a bad row: their balance is not checked
    parsed: list[tuple[int, dict[str, Any]]] = []
    reader = _Rows(columns, accounts)
    for number, cells in rows[header_at + 1 :]:
        if all(sheets.blank(cell) for cell in cells) or _is_total(cells, columns):
            continue
        try:
            parsed.append((number, reader.row(cells)))
        except sheets.CellProblem as bad:
            problems.append(f"第 {number} 行：{bad}")
            unsure.add(_number_of(cells, columns))
    vouchers: dict[str, Voucher] = {}
    for number, row in parsed:
        try:
            _add(vouchers, number, row, accounts)
        except (CodeProblem, sheets.CellProblem) as bad:
            problems.append(f"第 {number} 行：{bad}")
            unsure.add(row["voucher"])
    for voucher in vouchers.values():
        total = sum((line.amount for line in voucher.lines), Decimal(0))
        if total and voucher.source not in unsure:
            debit = sum((x.amount for x in voucher.lines if x.amount > 0), Decimal(0))
            rows_of = "、".join(str(line.row) for line in voucher.lines)
            problems.append(
                f"第 {voucher.first_row} 行：凭证 {voucher.source}（{voucher.date}，第 {rows_of} 行）"
                f"借贷不平衡：借方 {plain(debit)}，贷方 {plain(debit - total)}，差 {plain(total)}；"
                "请核对金额或补全分录"
            )
    if problems:
        problems.sort(key=lambda p: int(p.split(" ", 2)[1]))
        raise JournalProblem(
            sheets.refusal(f"序时账 {name}", problems, "未导入任何凭证", MAX_PROBLEMS)
        )
    if not vouchers:
        raise JournalProblem(f"序时账 {name} 在表头（第 {rows[header_at][0]} 行）之后没有数据行")
    ordered = sorted(vouchers.values(), key=lambda v: (v.date, v.first_row))
    return Journal(ordered, len(parsed))


def _header(name: str, rows: sheets.Rows) -> tuple[int, dict[str, int]]:
    found = sheets.find_header(rows, COLUMNS, ("date", "summary", "debit", "credit"))
    if found is None:
        raise JournalProblem(
            f"找不到 {name} 的表头：前 15 行中没有同时含“日期”“摘要”“借方”“贷方”的一行。"
            "可用的列名 —— 日期：日期、凭证日期、制单日期；凭证字号：凭证字号，或凭证字与凭证号；"
            "科目编码：科目编码、科目代码；科目名称：科目名称、科目全名；借方：借方、借方金额；"
            "贷方：贷方、贷方金额；项目：项目、辅助核算、辅助项；附件数；制单人；审核人"
        )
    index, columns = found
    missing = []
    if "voucher" not in columns and "number" not in columns:
        missing.append("凭证字号（或凭证号）")
    if "code" not in columns and "subject" not in columns:
        missing.append("科目编码")
    if missing:
        raise JournalProblem(
            f"{name} 的表头（第 {rows[index][0]} 行）缺少列：{'、'.join(missing)}；"
            "序时账须有凭证号和科目编码才能导入"
        )
    return index, columns


def _is_total(cells: Sequence[Any], columns: dict[str, int]) -> bool:
    code = sheets.at(cells, columns.get("code", columns.get("subject")))
    if not sheets.blank(code) and not sheets.is_total(code):
        return False
    return any(sheets.is_total(cell) for cell in cells)


class _Rows:
    """Reads rows into values, remembering what it has read: a journal repeats its dates,
    voucher numbers and accounts on every line."""

    def __init__(self, columns: dict[str, int], accounts: Accounts) -> None:
        self.columns = [(key, columns.get(key)) for key in COLUMNS]
        self.by_code = "code" in columns
        self.accounts = accounts
        self.dates: dict[Any, datetime.date | str] = {}
        self.numbers: dict[tuple[Any, Any, Any], str] = {}
        self.codes: dict[tuple[str, str], str] = {}  # mapped code, or "!" + the problem

    def row(self, cells: Sequence[Any]) -> dict[str, Any]:
        """One row's values; CellProblem naming every bad cell of the row."""
        size = len(cells)
        get = {key: (cells[p] if p is not None and p < size else None) for key, p in self.columns}
        problems: list[str] = []
        values: dict[str, Any] = {}
        day = self._date(get["date"])
        if isinstance(day, str):
            problems.append(day)
        values["date"] = day
        key = (get["voucher"], get["word"], get["number"])
        number = self.numbers.get(key)
        if number is None:
            try:
                number = self.numbers[key] = _voucher_number(*key)
            except sheets.CellProblem as bad:
                problems.append(str(bad))
        values["voucher"] = number
        code, name = sheets.text(get["code"]), sheets.text(get["name"])
        if not self.by_code:
            match = _SUBJECT.match(sheets.text(get["subject"]))
            code, name = (match["code"], match["name"] or name) if match else ("", name)
        mapped = self._code(code, name)
        if mapped.startswith("!"):
            problems.append(mapped[1:])
        values["code"] = mapped
        amounts = {}
        for side, title in (("debit", "借方金额"), ("credit", "贷方金额")):
            try:
                amounts[side] = sheets.amount(get[side])
            except sheets.CellProblem as bad:
                problems.append(f"{title}{bad}")
        if len(amounts) == 2:
            if amounts["debit"] and amounts["credit"]:
                problems.append("借方和贷方都有金额；一行只写一方，请拆成两行")
            elif not amounts["debit"] and not amounts["credit"]:
                problems.append("借方和贷方都没有金额；请填写金额，或删除这一行")
            values["amount"] = amounts["debit"] - amounts["credit"]
        try:
            values["attachments"] = sheets.count(get["attachments"])
        except sheets.CellProblem as bad:
            problems.append(f"附件数{bad}")
        if problems:
            raise sheets.CellProblem("；".join(problems))
        for text_key in ("summary", "fund", "preparer", "reviewer", "bookkeeper"):
            values[text_key] = sheets.text(get[text_key])
        return values

    def _date(self, cell: Any) -> datetime.date | str:
        """The date, or the problem's text (cells are str, float, date: all hashable)."""
        found = self.dates.get(cell)
        if found is None:
            try:
                found = sheets.date(cell)
            except sheets.CellProblem as bad:
                found = f"日期{bad}" if not sheets.blank(cell) else "日期为空"
            self.dates[cell] = found
        return found

    def _code(self, code: str, name: str) -> str:
        """The mapped code, or "!" and the problem."""
        key = (code, name)
        found = self.codes.get(key)
        if found is None:
            if not code:
                found = "!科目编码为空"
            else:
                try:
                    found = self.accounts.mapped(clean_code(code))
                    self.accounts.learn(found, name)
                except CodeProblem as bad:
                    found = f"!{bad}"
            self.codes[key] = found
        return found


def _number_of(cells: Sequence[Any], columns: dict[str, int]) -> str:
    """A bad row's voucher number, as well as it can be read."""
    get = [sheets.at(cells, columns.get(key)) for key in ("voucher", "word", "number")]
    try:
        return _voucher_number(*get)
    except sheets.CellProblem:
        return ""


def _voucher_number(combined: Any, word: Any, number: Any) -> str:
    """The vendor's voucher number as ``记-12`` (or kept whole when it carries a year)."""
    if not sheets.blank(combined):
        value = sheets.text(combined)
    elif not sheets.blank(number):
        value = sheets.text(number)
        if value.isdigit():  # 凭证字 and 凭证号 in two columns, or a bare number
            value = f"{sheets.text(word) or DEFAULT_WORD}-{value}"
    else:
        raise sheets.CellProblem("凭证号为空")
    value = value.replace(" ", "")
    if _YEAR_NUMBER.match(value) or _PLAIN_NUMBER.match(value):
        return value
    raise sheets.CellProblem(
        f"凭证号“{money.clipped(str(value))}”不是凭证号：应如 记-12、记字第12号 或 12"
    )


@functools.lru_cache(maxsize=65536)
def voucher_id(source: str, date: datetime.date) -> str:
    """The id within the year: ``记-12`` of March 2023 → ``记-2023-03-0012``."""
    year = _YEAR_NUMBER.match(source)
    if year:
        if int(year["year"]) != date.year:
            raise sheets.CellProblem(
                f"凭证号 {source} 中的年度与日期 {date} 不符；请核对日期或凭证号"
            )
        return source
    match = _PLAIN_NUMBER.match(source)
    assert match is not None  # checked when the row was read
    word = match["word"] or DEFAULT_WORD
    return f"{word}-{date:%Y-%m}-{int(match['n']):04d}"


def _add(
    vouchers: dict[str, Voucher], number: int, row: dict[str, Any], accounts: Accounts
) -> None:
    ident = voucher_id(row["voucher"], row["date"])
    account = accounts.account(row["code"])
    voucher = vouchers.get(ident)
    if voucher is None:
        voucher = vouchers[ident] = Voucher(ident, row["voucher"], row["date"], number)
    elif voucher.date != row["date"]:
        raise sheets.CellProblem(
            f"凭证 {row['voucher']} 的日期 {row['date']} 与同一凭证第 {voucher.first_row} 行的 "
            f"{voucher.date} 不同；同一张凭证只有一个日期，请核对日期或凭证号"
        )
    voucher.lines.append(Line(number, row["summary"], account, row["amount"], row["fund"]))
    if row["attachments"] is not None and voucher.attachments is None:
        voucher.attachments = row["attachments"]
    for key in ("preparer", "reviewer", "bookkeeper"):
        if row[key] and not getattr(voucher, key):
            setattr(voucher, key, row[key])
