"""Typed reading of a Custom directive's positional values.

Beancount parses ``custom`` values liberally: each is a ``ValueType(value, dtype)``.
ghfund's directives have fixed shapes; this module reads one value of an expected
type or raises ``ValueProblem`` with a Chinese explanation, which the callers turn
into collected errors.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from beancount.core.amount import Amount

from ghfund.problems import UserProblem

ACCOUNT_DTYPE = "<AccountDummy>"


class ValueProblem(UserProblem, ValueError):
    """A custom value of the wrong type or out of range; the text is for users."""


def shown(value: Any) -> str:
    """A value as the user wrote it in the book: ``2025-01-01``, ``20000.00 CNY``, “文字”."""
    if hasattr(value, "dtype") and hasattr(value, "value"):  # a custom directive's ValueType
        value = value.value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, str):
        return f"“{value}”"
    if isinstance(value, datetime.date | Decimal | Amount):
        return str(value)
    if value is None:
        return "空"
    return str(value)


def _describe(value: Any) -> str:
    return shown(value)


def arity(values: list[Any], low: int, high: int | None = None, shape: str = "") -> None:
    """Require between ``low`` and ``high`` positional values."""
    high = low if high is None else high
    count = len(values or ())  # a custom directive without values has None
    if not low <= count <= high:
        raise ValueProblem(
            f"应有 {low}{'' if low == high else f'–{high}'} 个值，实为 {count} 个"
            + (f"；格式：{shape}" if shape else "")
        )


def string(values: list[Any], index: int, what: str) -> str:
    value = values[index]
    if value.dtype is not str:
        raise ValueProblem(f"{what}应为带引号的文字，实为 {_describe(value)}")
    return str(value.value)


def number(values: list[Any], index: int, what: str) -> Decimal:
    value = values[index]
    if value.dtype is not Decimal:
        raise ValueProblem(f"{what}应为数字，实为 {_describe(value)}")
    return Decimal(value.value)


def integer(values: list[Any], index: int, what: str, minimum: int = 0) -> int:
    value = number(values, index, what)
    if value != value.to_integral_value() or value < minimum:
        raise ValueProblem(f"{what}应为不小于 {minimum} 的整数，实为 {value}")
    return int(value)


def money(values: list[Any], index: int, what: str, currency: str) -> Decimal:
    """An amount such as ``20000.00 CNY`` in the book's currency, > 0."""
    value = values[index]
    if value.dtype is not Amount:
        raise ValueProblem(f"{what}应为金额，如 20000.00 {currency}，实为 {_describe(value)}")
    amount: Amount = value.value
    if amount.number is None or amount.currency != currency:
        raise ValueProblem(f"{what}的币种应为 {currency}，实为 {amount}")
    if amount.number <= 0:
        raise ValueProblem(f"{what}应大于零，实为 {amount}")
    return Decimal(amount.number)


def date(values: list[Any], index: int, what: str) -> datetime.date:
    value = values[index]
    if value.dtype is not datetime.date:
        raise ValueProblem(f"{what}应为日期（不加引号，如 2025-06-30），实为 {_describe(value)}")
    result: datetime.date = value.value
    return result


def account(values: list[Any], index: int, what: str) -> str:
    value = values[index]
    if value.dtype != ACCOUNT_DTYPE:
        raise ValueProblem(f"{what}应为科目名（不加引号），实为 {_describe(value)}")
    return str(value.value)


def meta_money(meta: dict[str, Any], key: str, what: str, currency: str) -> Decimal | None:
    """An optional amount in metadata, e.g. ``dues-base: 830000.00 CNY``."""
    if key not in meta:
        return None
    amount = meta[key]
    if not isinstance(amount, Amount) or amount.number is None:
        raise ValueProblem(
            f"元数据 {key}（{what}）应为金额，如 830000.00 {currency}，实为 {shown(amount)}"
        )
    if amount.currency != currency:
        raise ValueProblem(f"元数据 {key}（{what}）的币种应为 {currency}，实为 {amount}")
    if amount.number < 0:
        raise ValueProblem(f"元数据 {key}（{what}）不能为负数，实为 {amount}")
    return Decimal(amount.number)


def meta_text(meta: dict[str, Any], key: str, what: str) -> str | None:
    if key not in meta:
        return None
    value = meta[key]
    if not isinstance(value, str) or not value.strip():
        raise ValueProblem(f"元数据 {key}（{what}）应为非空的带引号文字，实为 {shown(value)}")
    return value
