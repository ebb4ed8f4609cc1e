"""年度决算: the annual accounts of one year, as ``ghfund report --year Y`` prints them.

Tables in order: 工会01表 资产负债表, 工会02表 收入支出表, 预算执行情况表, then the
附注 (``ghfund.reports.notes``).
"""

from __future__ import annotations

import datetime

from ghfund.ledger import Loaded
from ghfund.reports import base, budget_execution, notes, statements
from ghfund.reports.balances import sums_of, year_end
from ghfund.reports.model import Report


def report(loaded: Loaded, year: int, issued: datetime.date | None = None) -> Report:
    """``ghfund report --year Y``: the year's accounts; open findings of the year are problems.
    ``issued`` is 报出日期 under the statements (a blank to fill in when None)."""
    base.require_year(loaded, year, "编制决算")
    book = loaded.book
    sums = sums_of(book)
    tables = (
        statements.balance_sheet(book, year, sums),
        statements.income_expenditure(book, year, sums),
        budget_execution.build(book, year),
        *notes.build(loaded, year),
    )
    from ghfund.carry_forward import open_flows

    closing = (
        "收入、支出已在年末记年终结转凭证，转入工会资金结转（专项资金）和工会资金结余。"
        if sums.closings.get(year) and not open_flows(book, year)
        else "收入、支出在年末虚拟结转至工会资金结转（专项资金）和工会资金结余，"
        "账本中未记年终结转凭证（可用 ghfund carry-forward 记）。"
    )
    remark = (
        "编制说明：本决算依据《工会会计制度》（财会〔2021〕7号）的报表格式，由 ghfund 按科目编码"
        "从账本计算生成；" + closing
    )
    unresolved = base.open_count(loaded, datetime.date(year, 1, 1), year_end(year))
    problems = (
        [
            f"{year} 年度有 {unresolved} 项未处理的发现，可用 ghfund check 或 ghfund audit --year 查看"
        ]
        if unresolved
        else []
    )
    return base.make(
        loaded,
        "annual",
        f"{year}年度工会经费收支决算",
        f"{year}年度",
        year_end(year),
        tables,
        notes=(remark,),
        problems=problems,
        issued=issued,
    )
