"""``ghfund rules``: the rule catalogue, one line (or JSON object) per rule."""

from __future__ import annotations

import json

import click

from ghfund import cjk
from ghfund.plugins.all import CATALOGUE


@click.command()
@click.option(
    "--format",
    "fmt_",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="输出格式。",
)
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
