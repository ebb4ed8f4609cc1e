"""年度决算: the annual accounts of one year, as ``ghfund report --year Y`` prints them.

Tables in order: 工会01表 资产负债表, 工会02表 收入支出表, 预算执行情况表, then the
附注 (``ghfund.reports.notes``).
"""

from __future__ import annotations

import datetime

from ghfund.book import Book
from ghfund.ledger import Loaded
from ghfund.reports import budget_execution, notes, statements
from ghfund.reports.balances import Sums
from ghfund.reports.model import Report

DEFAULT_TITLE = "Beancount"  # Beancount's own default for option "title"
UNNAMED = "（未设置工会名称）"


def union_name(book: Book, year: int) -> str:
    """编制单位: the ``union-name`` option in force at the year's end, else the ledger's title."""
    return union_name_at(book, datetime.date(year, 12, 31))


def union_name_at(book: Book, date: datetime.date) -> str:
    """编制单位: the ``union-name`` option in force on ``date``, else the ledger's title."""
    name = book.settings.union_name(date)
    if name:
        return name
    title = str(book.options_map.get("title") or "")
    return title if title and title != DEFAULT_TITLE else UNNAMED


def build(loaded: Loaded, year: int) -> Report:
    book = loaded.book
    sums = Sums.of(book)
    tables = (
        statements.balance_sheet(book, year, sums),
        statements.income_expenditure(book, year, sums),
        budget_execution.build(book, year),
        *notes.build(loaded, year),
    )
    remarks = [
        "编制说明：本决算依据《工会会计制度》（财会〔2021〕7号）的报表格式，由 ghfund 按科目编码"
        "从账本计算生成；收入、支出在年末虚拟结转至工会资金结转（专项资金）和工会资金结余，"
        "账本中不做结账分录。"
    ]
    if loaded.errors:
        remarks.append(
            f"注意：账本有 {len(loaded.errors)} 项 Beancount 错误，报表可能不完整；"
            "请先用 ghfund check 查看并改正。"
        )
    union = union_name(book, year)
    if not book.settings.union_name(datetime.date(year, 12, 31)):
        source = "未设置" if union == UNNAMED else "取自账本标题"
        remarks.append(
            f'编制单位{source}；请在主文件中设置 custom "ghfund-option" "union-name" "工会名称"。'
        )
    return Report(
        "annual",
        f"{year}年度工会经费收支决算",
        union,
        f"{year}年度",
        tables,
        notes=tuple(remarks),
    )


def unsound(report: Report, loaded: Loaded) -> list[str]:
    """What makes any report's figures unreliable: a statement that does not balance, or
    Beancount errors anywhere in the book (the annual accounts, the review, the departure
    audit all say so and exit with status 1)."""
    result = [
        f"{table.form + ' ' if table.form else ''}{table.title}不平衡，见表下说明"
        for table in report.tables
        if statements.unbalanced(table)
    ]
    if loaded.errors:
        result.append(f"账本有 {len(loaded.errors)} 项 Beancount 错误，报表可能不完整")
    return result


def open_in_year(loaded: Loaded, year: int) -> int:
    """How many of the year's ghfund findings are still open."""
    return sum(
        1 for f in notes.year_findings(loaded, year) if f.status == "open" and f.rule != "beancount"
    )


def problems(report: Report, loaded: Loaded, year: int) -> list[str]:
    """Why the report should not be taken as final (exit status 1): ``unsound``, and open
    findings of the year."""
    result = unsound(report, loaded)
    unresolved = open_in_year(loaded, year)
    if unresolved:
        result.append(
            f"{year} 年度有 {unresolved} 项未处理的发现（见附注），可用 ghfund check 查看"
        )
    return result
