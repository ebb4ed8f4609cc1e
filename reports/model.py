"""What every report is: titled tables of tidy rows, headed like the official forms.

Every command-level report has one builder, ``report(loaded, ...) -> Report``,
in its module under ``ghfund.reports``; the ``Report`` carries its heading
(union, period, unit), its tables, and what the command must say about it:
``warnings`` (printed, exit status unchanged) and ``problems`` (what makes the
figures unreliable or the period unfinished: exit status 1). A period the book
has no data for is ``NoData`` (exit status 2). A renderer
(``ghfund.reports.render``) turns a ``Report`` into text, JSON, CSV, XLSX, HTML
or PDF. Builders own row order and Chinese labels; renderers own formatting.
Money stays ``Decimal`` in the frames.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from ghfund.problems import UserProblem

Kind = Literal["text", "money", "rate", "count", "date"]

LEVEL = "_level"
"""Optional frame column for presentation only: 0 heading/total (bold), 1 item, 2 sub-item."""

MARK = "_mark"
"""Optional frame column for presentation only: True on a line to show in red (an overrun,
a shortfall). Pages and renderers read it, never the Chinese text of a status column."""


LINE = "_line"
"""Optional frame column for presentation only: the form's 行次 (line number) of each line,
printed in the official layout (html, pdf, xlsx)."""

SIDE = "_side"
"""Optional frame column for presentation only: 0 left, 1 right. A table with it is printed
two-sided in the official layout (工会01表: 资产 left; 负债 and 净资产 right)."""

HEADING = "_heading"
"""Optional frame column for presentation only: a heading row printed before the line in the
official layout ("流动资产："), empty for none."""

KEY = "_key"
"""Optional frame column never printed: a stable key of each line (a statement line's key, a
summary's item), for code that reads another report's rows (``ghfund consolidate``) by what
a line is rather than by its Chinese title, which a renderer prints and may change."""

PROPOSED = "【建议表述，请经审会修改】"
"""Leads a note that is proposed wording (a draft's 审计评价, 审计建议) for the committee to
edit; renderers that can (docx, html) highlight such a note."""


@dataclass(frozen=True)
class Signer:
    """One signature place under the statements: the option naming the person, the title
    printed, whether the person seals as well as signs, and whether the place is printed
    only when the option is set."""

    option: str
    title: str
    sealed: bool = True
    optional: bool = False


SIGNERS: tuple[Signer, ...] = (
    Signer("legal-representative", "单位负责人（法定代表人）"),
    Signer("accounting-head", "主管会计工作的负责人"),
    Signer("accounting-chief", "会计机构负责人（会计主管人员）"),
    Signer("preparer", "制表", sealed=False, optional=True),
)
"""Who signs every statement (《会计法》第二十一条, 《工会会计制度》第六十四条): 单位负责人,
主管会计工作的负责人 and 会计机构负责人 sign and seal; 制表 is printed when named."""

AUDIT_SIGNERS: tuple[Signer, ...] = (
    Signer("audit-chair", "经审会主任"),
    Signer("auditor", "审计人员", sealed=False),
)
"""Who signs the statements in an audit pack (离任审计, 同级审查): the audit committee."""


@dataclass(frozen=True)
class Signatures:
    """The signature block under every statement: the signers (title, name or "" for a
    blank to sign on, seals), the seal's place (单位公章, 经审会印章) and 报出日期."""

    people: tuple[tuple[str, str, bool], ...]
    seal: str = "单位公章"
    issued: datetime.date | None = None

    def names(self) -> tuple[tuple[str, str], ...]:
        """(title, name) of each signer."""
        return tuple((title, name) for title, name, _ in self.people)


class NoData(UserProblem):
    """The book has no data for the period asked for: a usage error (exit status 2); the text
    is a one-line Chinese message saying what the book does cover."""


@dataclass(frozen=True)
class Column:
    key: str  # the frame column, and the JSON key ("item", "current", "previous", …)
    title: str  # the Chinese header, as on the form ("项目", "本年数", …)
    kind: Kind = "money"


@dataclass(frozen=True)
class Table:
    name: str  # stable identifier: JSON key, CSV section, XLSX sheet ("balance_sheet")
    title: str  # "资产负债表"
    columns: tuple[Column, ...]
    rows: pd.DataFrame  # one row per line, columns named by Column.key (+ LEVEL)
    form: str = ""  # official form number, e.g. "工会01表"
    period: str = ""  # overrides the report's period for this table ("2025年12月31日")
    notes: tuple[str, ...] = ()  # lines printed under the table (checks, explanations)
    sides: tuple[str, ...] = ()  # two-sided (SIDE): the item column's title on each side
    page: bool = False  # printed from a new page (the parts of the 决算 pack)

    def records(self) -> list[dict[str, object]]:
        """The rows as dicts of the declared columns only, in order."""
        keys = [column.key for column in self.columns]
        return [
            dict(zip(keys, values, strict=True))
            for values in self.rows[keys].itertuples(index=False)
        ]

    def keyed(self) -> dict[str, dict[str, object]]:
        """The rows as ``records()``, by their ``KEY`` (a table built with that column)."""
        return dict(zip((str(key) for key in self.rows[KEY]), self.records(), strict=True))

    def levels(self) -> list[int]:
        if LEVEL in self.rows:
            return [int(level) for level in self.rows[LEVEL]]
        return [1] * len(self.rows)

    def lines(self) -> list[int | None]:
        """The 行次 of each row (None where the table has none)."""
        if LINE in self.rows:
            return [None if line != line or line is None else int(line) for line in self.rows[LINE]]
        return [None] * len(self.rows)

    def row_sides(self) -> list[int]:
        if SIDE in self.rows:
            return [int(side) for side in self.rows[SIDE]]
        return [0] * len(self.rows)

    def headings(self) -> list[str]:
        if HEADING in self.rows:
            return [str(heading or "") for heading in self.rows[HEADING]]
        return [""] * len(self.rows)

    @property
    def prose(self) -> bool:
        """A section in words (no columns): its title, then its notes as paragraphs."""
        return not self.columns

    @property
    def statement(self) -> bool:
        """An official statement (it has a form number): signed, laid out as the form."""
        return bool(self.form)

    def marks(self) -> list[bool]:
        if MARK in self.rows:
            return [bool(mark) for mark in self.rows[MARK]]
        return [False] * len(self.rows)


@dataclass(frozen=True)
class Report:
    name: str  # "annual", "budget", "funding", "audit-year", "audit-officer"
    title: str  # "2025年度工会经费收支决算"
    union: str  # 编制单位
    period: str  # "2025年度"
    tables: tuple[Table, ...]
    notes: tuple[str, ...] = field(default=())  # report-level lines after all tables
    unit: str = "元"
    warnings: tuple[str, ...] = ()  # said beside the report; the exit status stays 0
    problems: tuple[str, ...] = ()  # why the figures are not final: exit status 1
    signatures: Signatures | None = None  # under every statement

    def table(self, name: str) -> Table:
        for table in self.tables:
            if table.name == name:
                return table
        raise KeyError(name)
