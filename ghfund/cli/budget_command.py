"""``ghfund budget``: the budget execution table of a year, and its budget findings."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ghfund.cli.common import ledger_argument, report_options, run_report, year_option

if TYPE_CHECKING:
    from ghfund.ledger import Loaded
    from ghfund.reports.model import Report


@click.command()
@year_option
@ledger_argument
@click.option(
    "--draft",
    is_flag=True,
    help="编制该年度的预算草案（工会经费收支预算表），依据上一年度的账和工资数据。",
)
@report_options
def budget(
    ledger: str | None,
    year: int,
    draft: bool,
    fmt_: str | None,
    output: str | None,
    force: bool,
) -> None:
    """预算执行情况表和本年度的预算检查发现；--draft：下一年度的预算草案。

    表中列出各预算科目的年初预算、调整后预算、实际、差额和执行率，“说明”栏标出超支、未列预算和已调整的科目；表后列出本年度的预算检查发现（未处理的和经审会已处理的）。

    \b
    退出码：0 本年度没有未处理的预算发现；
    1 有未处理的预算发现（超支、无预算支出、赤字预算、未经批准），或账本有 Beancount 错误；
    2 用法错误、无法读取账本或账本没有该年度。

    --draft 按上一年度的执行数和最近十二个月的工资数据编制预算草案：拨缴经费收入 = 工资总额 × 2% ×
    留成比例，会费收入 = 会费基数 × 0.5%，上级补助收入按上年数（待核实），支出按上年执行数，
    不足部分声明动用上年结转和以前年度结余，收支平衡到元。改好后用 ghfund import budget 导入。
    """

    def build(loaded: Loaded) -> Report:
        # lazy: pandas loads only for reports
        from ghfund.reports import budget_draft, budget_execution
        from ghfund.reports.model import NoData

        if draft:
            return budget_draft.report(loaded, year)
        try:
            return budget_execution.report(loaded, year)
        except NoData as problem:
            if year - 1 not in loaded.book.years:
                raise
            raise NoData(f"{problem}。编制 {year} 年度预算草案请加 --draft") from None

    run_report(ledger, build, fmt_, output, force)
