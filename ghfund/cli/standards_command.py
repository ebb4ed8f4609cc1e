"""``ghfund standards``: the gift standards tables ghfund ships, and checking a union's own."""

from __future__ import annotations

from pathlib import Path

import click

from ghfund import standards


@click.command("standards")
@click.argument("table", required=False)
def standards_command(table: str | None) -> None:
    """列出自带的慰问标准表；TABLE 为表名时输出该表文件，为 .toml 文件时检查本单位的标准表。

    \b
    ghfund standards                           列出全部自带标准表及其标准
    ghfund standards anhui-2025 > 本会标准.toml  另存一份，修改后作为本单位的标准表
    ghfund standards 本会标准.toml               检查本单位的标准表能否使用
    """
    if table is None:
        for name in standards.builtin_names():
            _describe(standards.builtin(name))
        click.echo(
            '\n账本中用 custom "ghfund-option" "standards" "表名" 选用；标 [未核实] 的数额见于二手资料、未与原文核对，资料为区间的按下限核对。'
        )
        return
    if table.endswith(".toml"):
        _describe(standards.load(table, Path.cwd()))
        click.echo("\n标准表可以使用。")
    else:
        click.echo(standards.builtin_text(table), nl=False)


def _describe(table: standards.Table) -> None:
    click.echo(f"{table.name}  {table.province}  {table.cite()}")
    for cap in table.caps.values():
        doubt = "  [未核实]" if cap.uncertain else ""
        unchecked = "  [不核对]" if not cap.checked else ""
        click.echo(f"    {cap.describe()}{doubt}{unchecked}")
