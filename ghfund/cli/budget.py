"""``ghfund budget``: the budget execution table of a year, and its budget findings."""

from __future__ import annotations

import sys

import click

from ghfund.cli.common import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    emit,
    ledger_argument,
    open_ledger,
    report_options,
    year_option,
)


@click.command()
@year_option
@ledger_argument
@report_options
def budget(
    ledger: str | None, year: int, fmt_: str | None, output: str | None, force: bool
) -> None:
    """预算执行情况表和本年度的预算检查发现。

    表中列出各预算科目的年初预算、调整后预算、实际、差额和执行率，“说明”栏标出超支、未列预算和已调整的科目；表后列出本年度的预算检查发现（未处理的和经审会已处理的）。

    退出码：0 本年度没有未处理的预算发现（超支、无预算支出、赤字预算、未经批准）；1 有，或账本本身有错误；2 用法错误或无法读取账本。
    """
    from ghfund.reports import budget_execution  # lazy: pandas loads only for reports

    loaded = open_ledger(ledger)
    emit(budget_execution.report(loaded, year), fmt_, output, force)
    opened = len(budget_execution.year_findings(loaded, year).open)
    if opened:
        click.echo(f"{year} 年度有 {opened} 项未处理的预算发现。", err=True)
    if loaded.errors:
        click.echo(
            f"账本有 {len(loaded.errors)} 项错误，表中数字可能不完整；用 ghfund check 查看。",
            err=True,
        )
    sys.exit(EXIT_FINDINGS if opened or loaded.errors else EXIT_CLEAN)
