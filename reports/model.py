"""What every report is: titled tables of tidy rows, headed like the official forms.

A report builder returns a ``Report``; a renderer (``ghfund.reports.render``)
turns it into text, JSON, CSV, XLSX or HTML. Builders own row order and Chinese
labels; renderers own formatting. Money stays ``Decimal`` in the frames.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

Kind = Literal["text", "money", "rate", "count", "date"]

LEVEL = "_level"
"""Optional frame column for presentation only: 0 heading/total (bold), 1 item, 2 sub-item."""


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

    def records(self) -> list[dict[str, object]]:
        """The rows as dicts of the declared columns only, in order."""
        keys = [column.key for column in self.columns]
        return [
            dict(zip(keys, values, strict=True))
            for values in self.rows[keys].itertuples(index=False)
        ]

    def levels(self) -> list[int]:
        if LEVEL in self.rows:
            return [int(level) for level in self.rows[LEVEL]]
        return [1] * len(self.rows)


@dataclass(frozen=True)
class Report:
    name: str  # "annual", "budget", "funding", "audit-year", "audit-officer"
    title: str  # "2025年度工会经费收支决算"
    union: str  # 编制单位
    period: str  # "2025年度"
    tables: tuple[Table, ...]
    notes: tuple[str, ...] = field(default=())  # report-level lines after all tables
    unit: str = "元"

    def table(self, name: str) -> Table:
        for table in self.tables:
            if table.name == name:
                return table
        raise KeyError(name)
