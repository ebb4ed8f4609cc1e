"""Reading the spreadsheets users bring (xlsx, xls, csv in UTF-8 or GBK) into numbered rows.

Pure: bytes in, ``(row number as the spreadsheet numbers it, cells)`` out, or one
``SheetProblem`` whose text is a Chinese message for users. Also the cell readers
importers share (blank, text, date, signed amount) and the header finder that
accepts several spellings of each column and skips title rows above the header.
"""

from __future__ import annotations

import csv
import datetime
import functools
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ghfund.money import FULL_WIDTH, BadAmount, clipped, typed
from ghfund.problems import UserProblem

Rows = list[tuple[int, list[Any]]]

_UNIT = re.compile(r"[(（][^)）]*[)）]")
# a date, then nothing, a time, or words after a non-digit ("2025-03-01 10:22:11", "(周六)")
_DAY = re.compile(
    r"([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*日?(?:[^0-9].*)?\Z", re.S
)
_COMPACT_DAY = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})(?:[0-9]{6})?(?:[^0-9].*)?\Z", re.S)
_YEAR_LAST = re.compile(
    r"([0-9]{1,2})\s*[-/.]\s*([0-9]{1,2})\s*[-/.]\s*([0-9]{4})(?:[^0-9].*)?\Z", re.S
)
# full-width digits and signs (ＡＳＣＩＩ as an IME types it) as their ASCII forms
_COUNT = re.compile(r"[0-9]+\Z")
_EXCEL_EPOCH = datetime.date(1899, 12, 30)
YEARS = range(1900, 2101)  # a date outside is a typing error
OUTSIDE = f"的年份不在 {YEARS[0]}–{YEARS[-1]} 之间"
TOTAL_WORDS = ("合计", "总计", "小计", "本月合计", "本年累计", "本期合计", "累计", "借贷合计")


class SheetProblem(UserProblem):
    """A file that cannot be read as a table; the text is the whole Chinese message."""


def refusal(what: str, problems: list[str], outcome: str, most: int = 50) -> str:
    """The message of a file refused as a whole: how many problems, the first ``most`` of
    them (one per line, each with its row), and what was not done ("未导入任何数据")."""
    shown = problems[:most]
    more = len(problems) - len(shown)
    return (
        f"{what} 有 {len(problems)} 处错误，{outcome}：\n  "
        + "\n  ".join(shown)
        + (f"\n  ……另有 {more} 处" if more else "")
    )


class CellProblem(UserProblem, ValueError):
    """One cell's problem, in Chinese (the caller adds the row and column)."""


class YearProblem(CellProblem):
    """A date whose year is outside 1900–2100: a typing error."""


def read_rows(name: str, data: bytes) -> Rows:
    """(row number, cells) of the one sheet with content of an xlsx or xls file, or of a CSV."""
    if not data.strip():
        raise SheetProblem(f"文件 {name} 是空的")
    if data.startswith((b"\xd0\xcf\x11\xe0", b"PK\x03\x04")):
        return _workbook(name, data)
    if name.lower().endswith((".xls", ".xlsx", ".xlsm")):
        raise SheetProblem(f"{name} 不是有效的 Excel 文件；请在 Excel 或 WPS 中重新保存")
    return _csv(name, data)


NOTES_SHEET = "说明"  # the sheet of notes ghfund's own xlsx files end with (reports.render.xlsx)


def _workbook(name: str, data: bytes) -> Rows:
    """The one sheet with content of an xlsx or xls workbook, read by calamine (a vendor journal
    of 100,000 rows reads in seconds; openpyxl takes ten times as long). Empty sheets (a
    workbook often keeps an empty "Sheet1" first) and the 说明 sheet of a file ghfund wrote are
    passed over; a workbook with content on two sheets is refused, naming them, rather than
    one of them silently left out (a payroll workbook with a sheet per month)."""
    from python_calamine import CalamineWorkbook  # lazy: only for spreadsheets

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        found: list[tuple[int, str, list[list[Any]]]] = []
        for index, title in enumerate(book.sheet_names):
            sheet = book.get_sheet_by_index(index)
            values = sheet.to_python(skip_empty_area=False)
            if any(not blank(cell) for row in values for cell in row):
                _unmerge(values, sheet.merged_cell_ranges or ())
                found.append((index, title, values))
    except Exception:  # a third-party parser on arbitrary bytes: any failure is "bad file"
        kind = ".xls" if data.startswith(b"\xd0\xcf\x11\xe0") else ".xlsx"
        raise SheetProblem(
            f"无法读取 {name}：不是有效的 {kind} 文件；"
            "请在 Excel 或 WPS 中打开后“另存为” .xlsx 或 .csv 再导入"
        ) from None
    if len(found) > 1:
        found = [sheet for sheet in found if sheet[1] != NOTES_SHEET] or found[:1]
    if len(found) > 1:
        titles = "、".join(f"“{title}”" for _, title, _ in found)
        raise SheetProblem(
            f"{name} 有 {len(found)} 张工作表有内容（{titles}），ghfund 每次只导入一张，"
            "以免漏导或重复；请把要导入的工作表另存为单独的 .xlsx 或 .csv 文件"
            "（或删去其余工作表）后再导入，每张导入一次"
        )
    index, values = (found[0][0], found[0][2]) if found else (0, [])
    rows: Rows = [(number, list(row)) for number, row in enumerate(values, start=1)]
    if data.startswith(b"PK\x03\x04"):
        for (number, column), ref in _uncomputed(data, index).items():
            cells = rows[number - 1][1] if number <= len(rows) else []
            if column < len(cells) and blank(cells[column]):
                cells[column] = Uncomputed(ref)
    return rows


@dataclass(frozen=True)
class Uncomputed:
    """A formula cell saved without its value (a file written by a program, never opened
    in Excel): refused wherever a value is read, never taken as blank or zero."""

    ref: str  # "C5"

    def __str__(self) -> str:
        return ""


_CELL_REF = re.compile(r"([A-Z]+)([0-9]+)\Z")
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def _uncomputed(data: bytes, index: int = 0) -> dict[tuple[int, int], str]:
    """(row, column index) -> reference of the formula cells without a value on the
    ``index``-th sheet (the one read)."""
    import posixpath
    import zipfile
    from xml.etree import ElementTree

    found: dict[tuple[int, int], str] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
            listed = workbook.findall(f"{_MAIN_NS}sheets/{_MAIN_NS}sheet")
            first = listed[index] if index < len(listed) else None
            rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
            wanted = first.get(f"{_REL_NS}id") if first is not None else None
            target = next((r.get("Target", "") for r in rels if r.get("Id") == wanted), "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
            with archive.open(posixpath.normpath(path)) as sheet:
                for _, cell in ElementTree.iterparse(sheet):
                    if cell.tag != f"{_MAIN_NS}c":
                        continue
                    value = cell.find(f"{_MAIN_NS}v")
                    formula = cell.find(f"{_MAIN_NS}f") is not None
                    empty = value is None or not (value.text or "").strip()
                    match = _CELL_REF.match(cell.get("r", ""))
                    if formula and empty and match and cell.find(f"{_MAIN_NS}is") is None:
                        found[(int(match[2]), _column(match[1]))] = match[0]
                    cell.clear()
    except (KeyError, OSError, ValueError, zipfile.BadZipFile, ElementTree.ParseError):
        return {}  # calamine read the file: whatever this cannot parse holds no formulas
    return found


def _column(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


def _unmerge(values: list[list[Any]], merged: Any) -> None:
    """Every cell of a merged range holds the range's value (a vendor system merges the
    date and voucher number over a voucher's lines; calamine leaves all but the first empty)."""
    for (top, left), (bottom, right) in merged:
        if top >= len(values) or left >= len(values[top]):
            continue
        value = values[top][left]
        for row in values[top : bottom + 1]:
            for column in range(left, min(right + 1, len(row))):
                row[column] = value


def decode(name: str, data: bytes) -> str:
    """The text of a CSV file: UTF-16 with its BOM (Excel's "Unicode text"), UTF-8 (with or
    without BOM), else GBK (GB18030)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise SheetProblem(
                f"{name} 是损坏的 UTF-16 文本，无法导入；请另存为 .csv 或 .xlsx"
            ) from None
    for encoding in ("utf-8-sig", "gb18030"):  # Excel and vendor systems in China save GBK
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SheetProblem(f"{name} 不是 UTF-8 或 GBK 编码的 CSV 文本，无法导入")


def _csv(name: str, data: bytes) -> Rows:
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SheetProblem(
            f"{name} 不是 CSV 文本或 Excel 文件，无法导入；"
            "若是其他系统导出的文件，请在 Excel 或 WPS 中打开后另存为 .xlsx 或 .csv"
        )
    text = decode(name, data)
    sample = text[:4096]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    # A cell of any size is read (the csv module stops at 128 KB and says only "field
    # larger than field limit"); the message about it quotes its beginning (``clipped``).
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: Rows = []
    try:
        for row in reader:
            rows.append((reader.line_num, list(row)))
    except csv.Error:
        raise SheetProblem(
            f"{name} 第 {reader.line_num} 行不是有效的 CSV（引号不成对或含有空字符）；"
            "请在 Excel 或 WPS 中重新保存为 .csv"
        ) from None
    return rows


# --- headers ------------------------------------------------------------------------------


def normal(header: Any) -> str:
    """A header cell as compared: without a unit in brackets, spaces, or case."""
    return (
        _UNIT.sub("", text(header)).replace(" ", "").replace("\u3000", "").replace("\n", "").lower()
    )


def find_header(
    rows: Rows,
    columns: Mapping[str, Sequence[str]],
    required: Sequence[str],
    limit: int = 15,
) -> tuple[int, dict[str, int]] | None:
    """The index in ``rows`` of the first row (among the first ``limit``) naming every
    ``required`` column, and each known column's position there; None if there is none."""
    by_name = {normal(name): key for key, names in columns.items() for name in names}
    for index, (_, cells) in enumerate(rows[:limit]):
        found: dict[str, int] = {}
        for position, cell in enumerate(cells):
            key = by_name.get(normal(cell))
            if key is not None:
                found.setdefault(key, position)
        if all(key in found for key in required):
            return index, found
    return None


# --- cells --------------------------------------------------------------------------------


def is_total(cell: Any) -> bool:
    """A cell that marks a total row (合计, 本月合计, …)."""
    return isinstance(cell, str) and normal(cell).strip("：:") in TOTAL_WORDS


def at(cells: Sequence[Any], position: int | None) -> Any:
    if position is None or position >= len(cells):
        return None
    return cells[position]


def blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def text(cell: Any) -> str:
    """A cell as text, as the spreadsheet shows it: TRUE/FALSE, dates as ISO, whole floats
    without ``.0``, stripped. Every importer shows a cell in its messages through this."""
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, datetime.datetime) and cell.time() == datetime.time():
        return cell.date().isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return "" if cell is None else str(cell).strip()


def computed(cell: Any) -> None:
    """Refuse (CellProblem) a formula cell saved without its value."""
    if isinstance(cell, Uncomputed):
        raise CellProblem(
            f"（单元格 {cell.ref}）是公式，但文件中没有保存它的计算结果；"
            "请在 Excel 或 WPS 中打开该文件、保存后再导入，或把公式改为数值"
        )


def date(cell: Any, order: str = "ymd") -> datetime.date:
    """A date cell: a spreadsheet date or date-time, an Excel serial number (also as text),
    or text: ``2025-03-01``, ``2025/3/1``, ``2025.03.01``, ``2025年3月1日``, ``20250301``,
    in full-width digits too, optionally followed by a time (``2025-03-01 10:22:11``,
    ``20250301102211``: a bank's timestamp) or other words after a space or a non-digit.
    ``order`` ("dmy" or "mdy") also reads a year written last (``05/06/2025``), as one
    bank's layout says; the year first is always year, month, day. The year must lie in
    ``YEARS`` (YearProblem otherwise)."""
    computed(cell)
    if isinstance(cell, datetime.datetime):
        day = cell.date()
    elif isinstance(cell, datetime.date):
        day = cell
    elif isinstance(cell, int | float) and not isinstance(cell, bool) and 20000 < cell < 80000:
        day = excel_date(int(cell))
    else:
        day = _text_date(text(cell), order)
    if day.year not in YEARS:
        raise YearProblem(f"“{day.isoformat()}”{OUTSIDE}")
    return day


@functools.lru_cache(maxsize=4096)  # a statement or a journal repeats its dates
def _text_date(value: str, order: str) -> datetime.date:
    plain = value.translate(FULL_WIDTH)
    if _COUNT.match(plain) and 20000 < int(plain) < 80000:  # a serial that lost its format
        return excel_date(int(plain))
    match = _DAY.match(plain) or _COMPACT_DAY.match(plain)
    parts = (match[1], match[2], match[3]) if match else None
    if parts is None and order in ("dmy", "mdy") and (match := _YEAR_LAST.match(plain)):
        first, second = (match[2], match[1]) if order == "dmy" else (match[1], match[2])
        parts = (match[3], first, second)
    if parts and int(parts[0]) not in YEARS:
        raise YearProblem(f"“{clipped(value)}”{OUTSIDE}")
    if parts:
        try:
            return datetime.date(int(parts[0]), int(parts[1]), int(parts[2]))
        except ValueError:
            pass
    example = "05/03/2023" if order == "dmy" else "03/05/2023" if order == "mdy" else "2023-03-05"
    raise CellProblem(f"“{clipped(value)}”不是日期：请写成 {example}")


def is_date(cell: Any, order: str = "ymd") -> bool:
    """Whether ``cell`` reads as a date (``date``)."""
    try:
        date(cell, order)
    except CellProblem:
        return False
    return True


def excel_date(serial: int) -> datetime.date:
    """The day an Excel date serial stands for (1900 date system)."""
    return _EXCEL_EPOCH + datetime.timedelta(days=serial)


def amount(cell: Any) -> Decimal:
    """A cell's signed amount in yuan, to the cent (``money.typed``: every spelling a
    person or a vendor's export writes); a blank cell is zero."""
    computed(cell)
    if blank(cell):
        return Decimal("0.00")
    try:
        numeric = isinstance(cell, int | float | Decimal) and not isinstance(cell, bool)
        return typed(cell if numeric else text(cell))
    except BadAmount as bad:
        raise CellProblem(str(bad)) from None


def count(cell: Any, what: str = "张数", unit: str = "张", most: int = 999_999) -> int | None:
    """A non-negative whole number (附件张数, 会员人数) of at most ``most``, optionally
    followed by its ``unit``; blank is None."""
    computed(cell)
    if blank(cell):
        return None
    if isinstance(cell, bool):
        raise CellProblem(f"“{text(cell)}”不是{what}：应为整数")
    value = text(cell).translate(FULL_WIDTH).removesuffix(unit).strip()
    if value.startswith("-") and _COUNT.match(value[1:]):
        raise CellProblem(f"“{clipped(text(cell))}”是负数：{what}应为零或正整数")
    if not _COUNT.match(value):
        raise CellProblem(f"“{clipped(text(cell))}”不是{what}：应为整数")
    if len(value) > len(str(most)) or int(value) > most:
        raise CellProblem(f"“{clipped(text(cell))}”过大：请检查{what}是否多输了数字")
    return int(value)
