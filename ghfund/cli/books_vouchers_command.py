"""``ghfund books vouchers``: printed vouchers (记账凭证), or the 序时账 layout in xlsx."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ghfund.cli.common import (
    ledger_argument,
    period_options,
    report_options,
    run_report,
    year_and_month,
)
from ghfund.ledger import Loaded

if TYPE_CHECKING:
    from ghfund.month import Month
    from ghfund.reports.model import Report


@click.command("vouchers")
@ledger_argument
@period_options
@click.option("--voucher", help="只打印这一张凭证，如 记-2025-0031。")
@report_options
def vouchers(
    ledger: str | None,
    year: int | None,
    month: Month | None,
    voucher: str | None,
    fmt_: str | None,
    output: str | None,
    force: bool,
) -> None:
    """记账凭证：凭证字号、日期、附件张数、分录、合计（含大写）、制单/审核/记账。

    xlsx 格式输出为财务软件通用的序时账列（日期、凭证字号、摘要、科目编码、科目名称、借方金额、
    贷方金额、项目），可由 ghfund import vouchers 或其他财务软件导入。
    """
    build = build_vouchers(*year_and_month(year, month), voucher, fmt_, output)
    run_report(ledger, build, fmt_, output, force)


def build_vouchers(
    year: int, month: int | None, voucher: str | None, fmt_: str | None, output: str | None
) -> Callable[[Loaded], Report]:
    """The report builder: the 序时账 layout when the output is xlsx, else printed vouchers."""
    from ghfund.reports import vouchers as printed
    from ghfund.reports.render import SUFFIXES

    if fmt_ is None and output is not None:
        fmt_ = SUFFIXES.get(Path(output).suffix.lower())
    layout: printed.Layout = "journal" if fmt_ == "xlsx" else "printed"
    return lambda loaded: printed.report(loaded, year, month, voucher, layout)
