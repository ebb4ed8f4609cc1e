"""``ghfund check`` and ``ghfund rules``: run the rules, list the findings."""

from __future__ import annotations

import json
import sys
from itertools import groupby
from typing import TYPE_CHECKING

import click

from ghfund import cjk
from ghfund.cli.common import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    Outcome,
    answer,
    ledger_argument,
    ledger_path,
    output_format,
    rendered,
    report_options,
    write,
)
from ghfund.files import display_path
from ghfund.findings import Finding, listing
from ghfund.money import fmt
from ghfund.plugins.all import CATALOGUE, DESCRIPTIONS

if TYPE_CHECKING:
    from ghfund.ledger import Loaded


text_or_json = click.option(
    "--format",
    "fmt_",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="输出格式。",
)


def _known_rule(
    ctx: click.Context, param: click.Parameter, value: tuple[str, ...]
) -> tuple[str, ...]:
    unknown = [name for name in value if name not in DESCRIPTIONS]
    if unknown:
        raise click.BadParameter(
            f"未知的规则 {'、'.join(unknown)}；用 ghfund rules 查看全部规则名", ctx, param
        )
    return value


@click.command()
@ledger_argument
@click.option(
    "--rule",
    "rules",
    multiple=True,
    callback=_known_rule,
    metavar="NAME",
    help="只看这条规则的发现（可重复）。",
)
@report_options
def check(
    ledger: str | None,
    rules: tuple[str, ...],
    fmt_: str | None,
    output: str | None,
    force: bool,
) -> None:
    """检查账本：运行全部规则，按规则分组列出发现。

    text（默认）按规则分组列出；json 为逐项发现的列表；csv、xlsx、html、pdf 为“经审检查发现清单”
    报表（与 Fava 经审检查页的下载相同）。

    \b
    退出码：0 无未处理发现；1 有未处理发现或账本错误；2 用法错误或无法读取账本。
    """
    path = ledger_path(ledger)
    fmt_ = output_format(fmt_, output)

    def compute(loaded: Loaded) -> Outcome:
        findings = loaded.findings.only(rules) if rules else loaded.findings
        rows = listing(findings, loaded.errors)
        said: tuple[str, ...] = ()
        if fmt_ == "json":
            text = json.dumps([row.as_json() for row in rows], ensure_ascii=False, indent=2)
            data = (text + "\n").encode("utf-8")
        elif fmt_ == "text":
            text = _text(rows, display_path(loaded.path), len(rules) or len(CATALOGUE))
            data = text.encode("utf-8")
            if not loaded.plugin_enabled:
                said = (
                    '提示：账本主文件没有 plugin "ghfund.plugins.all" 一行，'
                    "bean-check 和 Fava 不会显示这些检查结果。",
                )
        else:  # lazy: pandas and the renderers load only for these formats
            from ghfund.reports import findings_report as listed

            report = listed.report(loaded, rules)
            data = rendered(report, fmt_)
            said = tuple(
                f"ghfund：{line.rstrip('。')}。" for line in (*report.warnings, *report.problems)
            )
        opened = any(row.status == "open" for row in rows)
        return Outcome(data, said, EXIT_FINDINGS if opened else EXIT_CLEAN)

    outcome = answer(path, compute, fmt_)
    write(outcome.output, output, force, path)
    for line in outcome.said:
        click.echo(line, err=True)
    sys.exit(outcome.code)


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


@click.command()
@text_or_json
def rules(fmt_: str) -> None:
    """列出全部规则：规则名、错误类名、类别（结构/合规）及其要求。"""
    if fmt_ == "json":
        listed = [
            {
                "name": rule.name,
                "class": rule.error.__name__,
                "kind": rule.kind,
                "description": rule.description,
            }
            for rule in CATALOGUE
        ]
        click.echo(json.dumps(listed, ensure_ascii=False, indent=2))
        return
    wide = max(cjk.width(rule.name) for rule in CATALOGUE)
    for rule in CATALOGUE:
        kind = "结构" if rule.structural else "合规"
        click.echo(f"{cjk.ljust(rule.name, wide)}  [{kind}] {rule.description}")
