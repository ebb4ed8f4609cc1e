"""``ghfund consolidate PATH… --year Y``: a federation's summary of many base unions' books."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ghfund.cli.common import deliver, fail, output_format, report_options, told


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--year", required=True, type=click.IntRange(1990, 2100), help="年度，如 2025。")
@click.option(
    "--workers", type=click.IntRange(1, 512), help="本机并行读取的进程数，默认为 CPU 核数。"
)
@click.option(
    "--scheduler", metavar="ADDRESS", help="已有 Dask 集群的调度器地址，如 tcp://host:8786。"
)
@click.option("--upper", type=click.Path(), help="上级工会自己的账本：抵销上下级之间的往来。")
@report_options
def consolidate(
    paths: tuple[str, ...],
    year: int,
    workers: int | None,
    scheduler: str | None,
    upper: str | None,
    fmt_: str | None,
    output: str | None,
    force: bool,
) -> None:
    """汇总多个基层工会的账本：每个工会一行（收入、支出、结余、拨缴与上解、未处理的发现），合计行，以及汇总的工会01表、工会02表。

    PATH 是账本主文件，或一个文件夹（其中每个子文件夹的 main.beancount 各是一本账）。
    每本账在 Dask 的工作进程中读取和计算；读取失败的账本列为错误行，不影响其他账本。

    \b
    退出码：0 汇总完成，各账本都能读取且没有未处理的发现；
    1 有账本无法读取或有错误，或有未处理的发现；
    2 用法错误、没有找到账本或所有账本都没有该年度。
    """
    if workers is not None and scheduler is not None:
        fail("--workers 和 --scheduler 只能用其一：连接已有集群时由集群决定进程数")
    from ghfund.reports import consolidate, federation

    books, repeated = federation.books_in(paths)
    if not books:
        fail(f"在 {'、'.join(paths)} 中没有找到账本（文件夹中应有 */main.beancount）")
    for path in repeated:
        click.echo(f"ghfund：{path} 与前面列出的账本是同一本账，只汇总一次。", err=True)
    if upper:
        upper = str(Path(upper).resolve())
        if upper in books:
            fail(f"上级账本 {upper} 也列在基层工会的账本中；请从 PATH 中去掉它")
    progress = federation.terminal_progress if sys.stderr.isatty() else None
    found = federation.summaries(
        [*books, *([upper] if upper else [])], year, workers, scheduler, progress
    )
    upper_summary = found.pop() if upper else None
    report = consolidate.build(found, year, upper_summary)
    deliver(told(report, output_format(fmt_, output)), output, force)
