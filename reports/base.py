"""What every command-level report shares: its heading, its period check and its problems.

A report module's ``report(loaded, ...)`` builds its tables and hands them to
``make``, which heads them (编制单位 from the ``union-name`` option in force, else
the ledger's title, with a note saying so), adds the one remark about Beancount
errors, and collects the problems that make any report's figures unreliable:
a statement whose identity fails, or Beancount errors in the book. A period the
book has no data for is refused by ``require_year`` / ``require_period`` before
anything is built.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable

from ghfund.book import Book
from ghfund.files import display_path
from ghfund.ledger import Loaded
from ghfund.period import report_notes as closing_notes
from ghfund.reports import signatures, statements
from ghfund.reports.model import NoData, Report, Table

DEFAULT_TITLE = "Beancount"  # Beancount's own default for option "title"
UNNAMED = "（未设置工会名称）"


def union_name_at(book: Book, date: datetime.date) -> str:
    """编制单位: the ``union-name`` option in force on ``date``, else the ledger's title."""
    name = book.settings.union_name(date)
    if name:
        return name
    title = str(book.options_map.get("title") or "")
    return title if title and title != DEFAULT_TITLE else UNNAMED


def _union_note(book: Book, date: datetime.date) -> tuple[str, ...]:
    if book.settings.union_name(date):
        return ()
    source = "未设置" if union_name_at(book, date) == UNNAMED else "取自账本标题"
    return (f'编制单位{source}；请在主文件中设置 custom "ghfund-option" "union-name" "工会名称"。',)


def errors_remark(loaded: Loaded) -> tuple[str, ...]:
    """The one remark a report carries when the book has Beancount errors."""
    if not loaded.errors:
        return ()
    return (
        f"注意：账本有 {len(loaded.errors)} 项 Beancount 错误，报表可能不完整；"
        "请先用 ghfund check 查看并改正。",
    )


def unsound(tables: Iterable[Table], loaded: Loaded) -> list[str]:
    """What makes any report's figures unreliable: a statement that does not balance, or
    Beancount errors anywhere in the book."""
    result = [
        f"{table.form + ' ' if table.form else ''}{table.title}不平衡，见表下说明"
        for table in tables
        if statements.unbalanced(table)
    ]
    if loaded.errors:
        result.append(
            f"账本有 {len(loaded.errors)} 项 Beancount 错误，报表可能不完整；可用 ghfund check 查看"
        )
    return result


def make(
    loaded: Loaded,
    name: str,
    title: str,
    period: str,
    as_of: datetime.date,
    tables: Iterable[Table],
    notes: Iterable[str] = (),
    problems: Iterable[str] = (),
    warnings: Iterable[str] = (),
    audit: bool = False,
    issued: datetime.date | None = None,
) -> Report:
    """A report headed with the union in force on ``as_of``; ``problems`` are the report's
    own (open findings of its scope), added to what makes any report unsound. Its statements
    are signed by the union's signers in office on ``as_of`` (the audit committee's for an
    ``audit`` pack), 报出日期 ``issued`` (a blank when None)."""
    tables = tuple(tables)
    return Report(
        name,
        title,
        union_name_at(loaded.book, as_of),
        period,
        tables,
        notes=(
            *notes,
            *errors_remark(loaded),
            *_union_note(loaded.book, as_of),
            *closing_notes(loaded.book, as_of),
        ),
        warnings=tuple(warnings),
        problems=(*unsound(tables, loaded), *problems),
        signatures=signatures.of_book(loaded.book, as_of, audit, issued),
    )


def after_closing(loaded: Loaded, year: int) -> Loaded:
    """The book as after the 年终结转 of every year through ``year`` (``--after-closing``):
    the closing vouchers not booked yet are added in memory, so the books agree with
    工会01表 whether or not they are booked."""
    from ghfund import carry_forward

    try:
        return dataclasses.replace(loaded, book=carry_forward.closed(loaded.book, year))
    except carry_forward.CarryForwardProblem as problem:
        raise NoData(f"无法编制结账后的账簿：{problem}") from None


def require_year(loaded: Loaded, year: int, purpose: str) -> None:
    """Refuse (``NoData``) unless the book keeps accounts for ``year``; ``purpose`` says what
    cannot be done otherwise ("编制决算")."""
    years = loaded.book.years
    where = display_path(loaded.path)
    if not years:
        raise NoData(f"账本 {where} 中没有任何交易，无法{purpose}")
    if year not in years:
        covered = f"{years[0]} 年度" if len(years) == 1 else f"{years[0]}—{years[-1]} 年度"
        raise NoData(
            f"账本 {where} 记录的是 {covered}的账，没有 {year} 年度；请用 --year 指定其中一年"
        )


def open_count(
    loaded: Loaded, start: datetime.date, end: datetime.date, rules: Iterable[str] | None = None
) -> int:
    """How many ghfund findings about entries dated from ``start`` through ``end`` are open
    (of ``rules`` only, when given)."""
    found = loaded.findings.between(start, end)
    if rules is not None:
        found = found.only(rules)
    return len(found.open)
