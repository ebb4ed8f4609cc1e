"""``ghfund report --year Y`` / ``--month YYYY-MM``: the union's annual accounts (年度决算)
or one month's statements (月度报表)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

import click

from ghfund.cli.common import MONTH, fail, ledger_argument, report_options, run_report

if TYPE_CHECKING:
    from ghfund.ledger import Loaded
    from ghfund.month import Month
    from ghfund.reports.model import Report


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        fail(f"--date 应为 YYYY-MM-DD，如 2026-01-20，实为 “{text}”")


@click.command()
@ledger_argument
@click.option("--year", "year", type=click.IntRange(1990, 2100), help="年度，如 2025：年度决算。")
@click.option("--month", "month", type=MONTH, help="月份，如 2025-03：月度报表。")
@click.option(
    "--pack",
    is_flag=True,
    help="决算报送资料（与 --year 同用）：封面、目录、决算说明书、基本数字表和年度决算各表。",
)
@click.option(
    "--date",
    "issued",
    metavar="YYYY-MM-DD",
    help="报出日期，印在报表签章处；年度决算默认为今天，月报默认留空。",
)
@report_options
def report(
    ledger: str | None,
    year: int | None,
    month: Month | None,
    pack: bool,
    issued: str | None,
    fmt_: str | None,
    output: str | None,
    force: bool,
) -> None:
    """年度决算（--year）：工会01表 资产负债表、工会02表 收入支出表、预算执行情况表和附注；
    月度报表（--month）：工会01表（年初余额、期末余额）和工会02表（本月数、本年累计数）；
    --year 加 --pack：报送上级工会的决算资料（封面、目录、决算说明书、基本数字表、
    签章的工会01表和工会02表、预算执行情况表、附注），如 -o 决算.pdf 或 -o 决算.xlsx（每部分一张工作表）。

    \b
    退出码：0 报表已生成，两表平衡，期内没有未处理的发现；
    1 报表已生成，但有表不平衡、期内有未处理的发现或账本有 Beancount 错误；
    2 用法错误、无法读取账本或账本没有该年度（月份）。
    """
    if (year is None) == (month is None):
        fail("请用 --year（年度决算）或 --month（月度报表）指定期间，二者只用其一")
    if pack and year is None:
        fail("--pack 是年度决算资料，请用 --year 指定年度")
    if issued is None and year is not None:
        issued = datetime.date.today().isoformat()  # in the command's key: the cache keeps it
        click.get_current_context().params["issued"] = issued
    on = None if issued is None else _date(issued)

    def build(loaded: Loaded) -> Report:
        # lazy: pandas loads only when a report is made
        from ghfund.reports import annual, monthly
        from ghfund.reports import pack as final_pack

        if month is not None:
            return monthly.report(loaded, *month, issued=on)
        assert year is not None
        if pack:
            return final_pack.report(loaded, year, issued=on)
        return annual.report(loaded, year, issued=on)

    run_report(ledger, build, fmt_, output, force)
