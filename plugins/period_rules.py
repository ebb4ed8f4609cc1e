"""Closed periods stay closed: nothing dated in a closed period differs from what
its ``ghfund-close`` recorded (docs/CONTRACT.md §5, ghfund.period)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ghfund.book import Book
from ghfund.errors import GhfundError, source_of
from ghfund.rules import Rule, topic_plugin

if TYPE_CHECKING:
    from ghfund import period


class PeriodChangedError(GhfundError):
    rule = "period-changed"


def check_closed_periods_unchanged(book: Book) -> Sequence[PeriodChangedError]:
    """Each month of each close digests as recorded, unless reopened after the close."""
    if not book.directives.closes:
        return ()
    from ghfund import period  # digests: only for a book with a close (bean-check imports)

    return [_error(found) for found in period.differences(book)]


def _error(found: period.Difference) -> PeriodChangedError:
    close = found.close
    where = f"{close.entry.meta.get('filename')}:{close.entry.meta.get('lineno')}"
    parts = []
    for label, vouchers in (
        ("新增", found.added),
        ("删除", found.removed),
        ("改动", found.changed),
    ):
        if vouchers:
            shown = "、".join(vouchers[:10]) + (
                f" 等 {len(vouchers)} 张" if len(vouchers) > 10 else ""
            )
            parts.append(f"{label}凭证 {shown}")
    if not found.told:
        what = "（结账时未记录凭证指纹，无法指出是哪些凭证）"
    elif parts:
        what = "：" + "；".join(parts)
    else:
        what = "：凭证未变，变动的是没有凭证号的条目（开户、余额断言、指令等）"
    message = (
        f"{found.month} 已结账（截至 {close.through}，{where}），此后该月的账有变动{what}。"
        f"请恢复原条目；确需更正的，经批准后记录 ghfund-reopen 重新打开 {found.month}"
        "（须有 approved 与 reason，日期晚于结账），改正后再结账"
    )
    entry = found.entry if found.entry is not None else close.entry
    return PeriodChangedError(source_of(entry), message, entry, found.month)


RULES: tuple[Rule, ...] = (
    Rule(
        PeriodChangedError,
        "已结账期间的账目与结账时记录的摘要一致（变动须先经批准重新打开）",
        check_closed_periods_unchanged,
    ),
)

__plugins__ = (topic_plugin(RULES),)
