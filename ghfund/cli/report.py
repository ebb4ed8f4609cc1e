"""``ghfund report --year Y``: the union's annual accounts (年度决算)."""

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
def report(
    ledger: str | None, year: int, fmt_: str | None, output: str | None, force: bool
) -> None:
    """年度决算：工会01表 资产负债表、工会02表 收入支出表、预算执行情况表和附注。

    \b
    退出码：0 报表已生成，两表平衡，本年度没有未处理的发现；
    1 报表已生成，但有表不平衡、本年度有未处理的发现或账本有 Beancount 错误；
    2 用法错误、无法读取账本或账本没有该年度。
    """

    def build(loaded: Loaded) -> Report:
        from ghfund.reports import annual  # lazy: pandas loads only when a report is made

        return annual.report(loaded, year)

    run_report(ledger, build, fmt_, output, force)
