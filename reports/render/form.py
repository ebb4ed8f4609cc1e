"""The official layout of a table as a grid of cells, shared by the HTML (and so PDF) and
XLSX renderers: a 行次 column where the table numbers its lines, heading rows
("流动资产：") above the lines that carry one, and a two-sided table (工会01表: 资产 left,
负债 and 净资产 right) set side by side, each side's lines in order, so that the totals
end in the form's places on the last row. Text, CSV and JSON keep one row per line.
"""

from __future__ import annotations

from dataclasses import dataclass

from ghfund.reports.model import Column, Signatures, Table

LINE_COLUMN = Column("_line", "行次", "count")


@dataclass(frozen=True)
class Cell:
    value: object  # the raw value (Decimal, str, int) or None for an empty cell
    column: Column  # how the value reads
    level: int = 1  # LEVEL of its line; a heading row is 0
    heading: bool = False


def columns(table: Table) -> list[Column]:
    """The header of one side: the table's columns with 行次 after the item column."""
    result = list(table.columns)
    if any(line is not None for line in table.lines()):
        result.insert(1, LINE_COLUMN)
    return result


def header(table: Table) -> list[Column]:
    """The header row: one side's columns, twice for a two-sided table (titled by side)."""
    one = columns(table)
    if not table.sides:
        return one
    return [
        Column(c.key, title, c.kind) if i == 0 else c
        for title in table.sides
        for i, c in enumerate(one)
    ]


def _side(table: Table, wanted: int | None) -> list[list[Cell]]:
    shown = columns(table)
    rows: list[list[Cell]] = []
    lines = zip(
        table.records(),
        table.levels(),
        table.lines(),
        table.row_sides(),
        table.headings(),
        strict=True,
    )
    for record, level, line, side, heading in lines:
        if wanted is not None and side != wanted:
            continue
        if heading:
            rows.append(
                [Cell(heading, shown[0], 0, heading=True)]
                + [Cell(None, column, 0, heading=True) for column in shown[1:]]
            )
        rows.append(
            [
                Cell(line if column is LINE_COLUMN else record[column.key], column, level)
                for column in shown
            ]
        )
    return rows


def body(table: Table) -> list[list[Cell]]:
    """The rows under the header, each as wide as the header."""
    if not table.sides:
        return _side(table, None)
    sides = [_side(table, side) for side in range(len(table.sides))]
    height = max(len(rows) for rows in sides)
    blank = [Cell(None, column) for column in columns(table)]
    # Each side's last line (资产总计, 负债与净资产总计) on the last row, blank rows above it.
    sides = [
        rows[:-1] + [blank] * (height - len(rows)) + rows[-1:] if rows else [blank] * height
        for rows in sides
    ]
    return [[cell for rows in sides for cell in rows[n]] for n in range(height)]


SEALED = "（签名并盖章）"


def signature_lines(signatures: Signatures, blank: str = "________") -> list[str]:
    """The signature block as lines of text (text, CSV, XLSX): the signers, then the seal's
    place and 报出日期::

        单位负责人（法定代表人）：张三（签名并盖章）    主管会计工作的负责人：________（签名并盖章）…
        单位公章：        报出日期：2026年1月20日
    """
    people = "    ".join(
        f"{title}：{name or blank}{SEALED if sealed else '（签名）'}"
        for title, name, sealed in signatures.people
    )
    return [people, f"{signatures.seal}：{' ' * 8}    报出日期：{issued_text(signatures)}"]


def issued_text(signatures: Signatures) -> str:
    """报出日期 in words, or a blank to fill in by hand."""
    date = signatures.issued
    return f"{date.year}年{date.month}月{date.day}日" if date else "____年__月__日"
