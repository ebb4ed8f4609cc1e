"""``ghfund check``'s own text and JSON: the findings grouped by rule, each with its file and
line, then those the audit committee handled (text); one object per finding (JSON).

The other formats are the ``findings_report`` table through the renderers. No pandas here:
a check in text or JSON loads neither pandas nor the renderers.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from itertools import groupby
from typing import TYPE_CHECKING

from ghfund.files import display_path
from ghfund.findings import Finding
from ghfund.findings import listing as listed
from ghfund.money import fmt
from ghfund.plugins.all import CATALOGUE, DESCRIPTIONS

if TYPE_CHECKING:
    from ghfund.ledger import Loaded

NO_PLUGIN = (
    '提示：账本主文件没有 plugin "ghfund.plugins.all" 一行，'
    "bean-check 和 Fava 不会显示这些检查结果。"
)


def listing(
    loaded: Loaded, rules: Sequence[str], fmt_: str
) -> tuple[bytes, tuple[str, ...], bool] | None:
    """The text or JSON listing of ``loaded``'s findings (of ``rules`` only, when named): its
    bytes, what is said beside it, and whether a finding is open; ``None`` for the formats
    the ``findings_report`` renders."""
    if fmt_ not in ("text", "json"):
        return None
    rows = listed(loaded.findings.only(rules) if rules else loaded.findings, loaded.errors)
    opened = any(row.status == "open" for row in rows)
    if fmt_ == "json":
        text = json.dumps([row.as_json() for row in rows], ensure_ascii=False, indent=2)
        return (text + "\n").encode("utf-8"), (), opened
    said = () if loaded.plugin_enabled else (NO_PLUGIN,)
    text = _text(rows, display_path(loaded.path), len(rules) or len(CATALOGUE))
    return text.encode("utf-8"), said, opened


def _text(rows: list[Finding], path: str, rule_count: int) -> str:
    open_rows = [row for row in rows if row.status == "open"]
    acknowledged = [row for row in rows if row.status == "acknowledged"]
    lines = [f"检查账本 {path}"]
    for rule, group in groupby(open_rows, key=lambda row: row.rule):
        items = list(group)
        lines.append(f"\n【{rule}】{DESCRIPTIONS.get(rule, '')} — {len(items)} 项")
        for row in items:
            lines.append(f"  {_where(row)}")
            lines.append(f"    {row.message}")
    if acknowledged:
        lines.append(f"\n已处理（经审会已作处理，不再视为问题）— {len(acknowledged)} 项")
        for row in acknowledged:
            due = f"（整改期限 {row.due}）" if row.due else ""
            lines.append(f"  【{row.rule}】{_where(row)}  处理文号：{row.ref}  {row.label}{due}")
    lines.append("")
    if open_rows:
        lines.append(f"共 {len(open_rows)} 项未处理的发现，{len(acknowledged)} 项已处理。")
    else:
        lines.append(
            f"检查通过：{rule_count} 条规则，没有未处理的发现"
            + (f"（{len(acknowledged)} 项已处理）。" if acknowledged else "。")
        )
    return "\n".join(lines) + "\n"


def _where(row: Finding) -> str:
    parts = [
        f"{display_path(row.filename)}:{row.lineno}" if row.filename else "",
        str(row.date or ""),
        row.voucher or "",
        f"金额 {fmt(row.amount)}" if row.amount is not None else "",
    ]
    return "  ".join(part for part in parts if part)
