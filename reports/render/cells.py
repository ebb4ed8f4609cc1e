"""How one cell reads in the human formats (text, CSV, HTML): shared so they agree."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from ghfund.money import cents, fmt
from ghfund.reports.model import Column


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def shown(value: Any, column: Column) -> str:
    """``1,234.50`` for money, ``97.85%`` for rates, text as is; empty for missing."""
    if is_blank(value):
        return ""
    if column.kind == "money":
        return fmt(Decimal(value))
    if column.kind == "rate":
        return f"{cents(Decimal(value)):.2f}%"
    if column.kind == "date" and isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def machine(value: Any, column: Column) -> Any:
    """The JSON value: money as a decimal string, rates as numbers with two decimals."""
    if is_blank(value):
        return None
    if column.kind == "money":
        return f"{cents(Decimal(value)):.2f}"
    if column.kind == "rate":
        return float(cents(Decimal(value)))
    if column.kind == "count":
        return int(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def heading(title: str, union: str, period: str, unit: str) -> tuple[str, str]:
    """The two header lines of an official form: title, then 编制单位 / period / unit."""
    return title, f"编制单位：{union}    {period}    单位：{unit}"
