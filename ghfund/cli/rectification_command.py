"""``ghfund rectification``: the 整改台账 of the audit committee's findings."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ghfund.cli.common import ledger_argument, report_options, run_report

if TYPE_CHECKING:
    from ghfund.ledger import Loaded
    from ghfund.reports.model import Report


@click.command()
@ledger_argument
@click.option(
    "--year", type=click.IntRange(1990, 2100), help="只列该年度的发现（按发现的日期），如 2024。"
)
@report_options
def rectification(
    ledger: str | None, year: int | None, fmt_: str | None, output: str | None, force: bool
) -> None:
    """整改台账：经审会处理过的每项发现，及其审计建议、处理文号、处理方式（整改或说明）、
    责任人、整改措施、整改期限、状态（已整改、整改中、逾期未整改、已说明）和销号文号。

    \b
    退出码：0 台账已生成，没有逾期未整改的事项；1 有逾期未整改的事项或账本有 Beancount 错误；
    2 用法错误、无法读取账本、账本没有该年度或没有任何处理记录。
    """

    def build(loaded: Loaded) -> Report:
        from ghfund.reports import rectification_report as ledger_of_items  # lazy: pandas

        return ledger_of_items.report(loaded, year)

    run_report(ledger, build, fmt_, output, force)
