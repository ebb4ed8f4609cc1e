"""The rows of a spreadsheet or text table: csv (UTF-8 or GBK, comma or tab separated),
xls (xlrd) or xlsx (openpyxl), as (row number, cells), the numbers as the user sees them.

Pure: bytes in, rows or one ``SheetProblem`` (Chinese) out. Importers read their own
columns from these rows.
"""

from __future__ import annotations

import csv
import io
from typing import Any


class SheetProblem(Exception):
    """A file that is no readable table; the text is for users."""


def rows(name: str, data: bytes) -> list[tuple[int, list[Any]]]:
    """(row number, cells) of the first sheet, or of the text file."""
    if not data.strip():
        raise SheetProblem(f"文件 {name} 是空的")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return _xls(name, data)
    if data.startswith(b"PK\x03\x04"):
        return _xlsx(name, data)
    if name.lower().endswith((".xls", ".xlsx", ".xlsm")):
        raise SheetProblem(f"{name} 不是有效的 Excel 文件；请在 Excel 或 WPS 中重新保存")
    return _csv(name, data)


def _xls(name: str, data: bytes) -> list[tuple[int, list[Any]]]:
    import xlrd  # lazy: only for old spreadsheets

    try:
        book = xlrd.open_workbook(file_contents=data)
        sheet = book.sheet_by_index(0)
    except Exception as error:  # a third-party parser on arbitrary bytes: any failure is "bad file"
        raise SheetProblem(
            f"无法读取 {name}：不是有效的 .xls 文件（{type(error).__name__}）；"
            "请在 Excel 或 WPS 中另存为 .xlsx 或 .csv"
        ) from None
    rows = []
    for index in range(sheet.nrows):
        cells: list[Any] = []
        for cell in sheet.row(index):
            if cell.ctype == xlrd.XL_CELL_DATE:
                cells.append(xlrd.xldate_as_datetime(cell.value, book.datemode))
            else:
                cells.append(cell.value)
        rows.append((index + 1, cells))
    return rows


def _xlsx(name: str, data: bytes) -> list[tuple[int, list[Any]]]:
    import openpyxl  # lazy: only for spreadsheets

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True, read_only=True)
        sheet = book.active or book.worksheets[0]
        return [
            (number, list(values))
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
    except Exception as error:  # a third-party parser on arbitrary bytes
        raise SheetProblem(
            f"无法读取 {name}：不是有效的 .xlsx 文件（{type(error).__name__}）；"
            "请在 Excel 或 WPS 中重新保存为 .xlsx 或 .csv"
        ) from None


def _csv(name: str, data: bytes) -> list[tuple[int, list[Any]]]:
    if b"\x00" in data[:8192]:
        raise SheetProblem(f"{name} 不是 CSV 文本、.xls 或 .xlsx 文件，无法读取")
    for encoding in ("utf-8-sig", "gb18030"):  # banks in China export GBK
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise SheetProblem(f"{name} 不是 UTF-8 或 GBK 编码的文本，无法读取")
    head = text[:4000]
    delimiter = "\t" if head.count("\t") > head.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return [(reader.line_num, row) for row in reader]
    except csv.Error as error:
        raise SheetProblem(f"{name} 第 {reader.line_num} 行不是有效的 CSV：{error}") from None
