"""``ghfund funding --year Y``: the 2% allocation and its upward share, month by month."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ghfund.cli.common import ledger_argument, report_options, run_report, year_option

if TYPE_CHECKING:
    from ghfund.ledger import Loaded
    from ghfund.reports.model import Report


@click.command()
@ledger_argument
@year_option
@report_options
def funding(
    ledger: str | None, year: int, fmt_: str | None, output: str | None, force: bool
) -> None:
    """拨缴经费与上解情况：按工资月份列出工资总额、应拨缴、实收、应上解、已上解、未上解。

    按工资所属月份列示（ghfund-payroll 指令和收款凭证的 payroll 元数据），实收与上解截至账本最后日期。

    \b
    退出码：0 本年度没有未处理的拨缴、上解和会费发现；
    1 有未处理的发现，或账本有 Beancount 错误；
    2 用法错误、无法读取账本或账本没有该年度。
    """

    def build(loaded: Loaded) -> Report:
        from ghfund.reports import funding_report as funding_report  # lazy: pandas only for reports

        return funding_report.report(loaded, year)

    run_report(ledger, build, fmt_, output, force)
