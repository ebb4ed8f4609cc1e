"""决算 pack: what a base union sends its upper union, ``ghfund report --year Y --pack``.

In order, each part from a new page: 封面 (编制单位（盖章）, 年度, 单位负责人, 财务负责人, 填表人,
报送日期), 目录, 决算说明书 (``ghfund.reports.pack_statement``), 基本数字表 (职工人数, 会员人数,
工资总额, 应拨/实拨, 应上解/已上解, 会费), then the annual accounts exactly as
``ghfund report --year Y`` builds them (the signed 工会01表 and 工会02表, 预算执行情况表, 附注).
As xlsx every part is a sheet of its own, for re-keying into an upper union's template.
"""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal

import pandas as pd

from ghfund.funding import of as funding_of
from ghfund.ledger import Loaded
from ghfund.money import ZERO
from ghfund.reports import annual, pack_statement
from ghfund.reports.balances import sums_of, year_end
from ghfund.reports.funding_report import Totals
from ghfund.reports.model import Column, Report, Signer, Table
from ghfund.reports.signatures import signer_name

BLANK = "____年__月__日"
NOTES = "附注"
BY_MONTH = "按工资所属月份，含次年初到账的（同 ghfund funding）"
COVER_SIGNERS = (
    Signer("legal-representative", "单位负责人"),
    Signer("accounting-chief", "财务负责人"),
    Signer("preparer", "填表人"),
)
"""The cover's people: named as on the statements (the option, else the officer)."""


def report(loaded: Loaded, year: int, issued: datetime.date | None = None) -> Report:
    """The pack: cover, contents, 说明书, 基本数字表, then the annual accounts (``issued``:
    报出日期, printed under the statements and on the cover)."""
    accounts = annual.report(loaded, year, issued)  # refuses a year the book does not keep
    sums = sums_of(loaded.book)
    parts = (
        pack_statement.table(loaded, year, sums),
        basic_figures(loaded, year),
        *accounts.tables,
    )
    title = f"{year}年度工会经费收支决算"
    return dataclasses.replace(
        accounts,
        name="pack",
        title=title,
        tables=(cover(loaded, year, accounts.union, title, issued), contents(parts), *parts),
    )


def cover(loaded: Loaded, year: int, union: str, title: str, issued: datetime.date | None) -> Table:
    book, end = loaded.book, year_end(year)
    rows = [
        ("编制单位（盖章）", union),
        ("年度", f"{year}年度"),
        *((signer.title, signer_name(book, signer, end)) for signer in COVER_SIGNERS),
        ("报送日期", f"{issued.year}年{issued.month}月{issued.day}日" if issued else BLANK),
    ]
    return Table(
        "cover",
        title,
        (Column("item", "项目", "text"), Column("value", "内容", "text")),
        pd.DataFrame([{"item": item, "value": value} for item, value in rows]),
        period=f"{year}年度",
        page=True,
    )


def contents(parts: tuple[Table, ...]) -> Table:
    """目录: every part after it, numbered, with its form number."""
    numbers = "一二三四五六七八九十"
    rows = []
    for n, part in enumerate(_headed(parts)):
        label = f"{part.form} {part.title}" if part.form else part.title
        rows.append({"number": numbers[n] if n < len(numbers) else str(n + 1), "part": label})
    return Table(
        "contents",
        "目录",
        (Column("number", "序号", "text"), Column("part", "内容", "text")),
        pd.DataFrame(rows, columns=["number", "part"]),
        page=True,
    )


def _headed(parts: tuple[Table, ...]) -> list[Table]:
    """The parts the contents list: the 附注's sections (titled 附注一, 附注二, …) as one."""
    listed: list[Table] = []
    for part in parts:
        note = part.title.startswith(NOTES)
        if not (note and any(p.title == NOTES for p in listed)):
            listed.append(dataclasses.replace(part, title=NOTES) if note else part)
    return listed


def basic_figures(loaded: Loaded, year: int) -> Table:
    """基本数字表: people, payroll, the 2% due and paid, the upward share, dues."""
    book = loaded.book
    months = funding_of(book).between(year_end(year - 1), year_end(year))
    totals = Totals.of(months)
    payroll = sum((m.payroll.total for m in months if m.payroll is not None), ZERO)
    dues_due = sum((m.dues_due for m in months if m.dues_due is not None), ZERO)
    dues = sum((m.dues_received for m in months), ZERO)
    employees = pack_statement.employees_at(book, year)
    rows: list[tuple[str, int | None, Decimal | None, str]] = [
        (
            ("职工人数", employees, None, "年末")
            if employees is not None
            else ("职工人数", None, None, "账本没有记录职工人数，请填写")
        ),
        ("会员人数", pack_statement.members_at(book, year), None, "年末"),
        ("工资总额", None, payroll, f"{sum(1 for m in months if m.payroll)} 个月的工资数据"),
        ("应拨缴经费", None, totals.due, "工资总额 × 2%（按拨缴方式）"),
        ("实拨缴经费", None, totals.received, BY_MONTH),
        ("应上解经费", None, totals.upward, ""),
        ("已上解经费", None, totals.remitted, BY_MONTH),
        ("应收会费", None, dues_due, "会费基数 × 0.5%"),
        ("实收会费", None, dues, ""),
    ]
    return Table(
        "basic_figures",
        "基本数字表",
        (
            Column("item", "项目", "text"),
            Column("count", "人数", "count"),
            Column("amount", "金额"),
            Column("remark", "说明", "text"),
        ),
        pd.DataFrame(
            [{"item": i, "count": c, "amount": a, "remark": r} for i, c, a, r in rows],
            columns=["item", "count", "amount", "remark"],
            dtype=object,  # a blank count stays blank, not NaN
        ),
        period=f"{year}年度",
        page=True,
    )
