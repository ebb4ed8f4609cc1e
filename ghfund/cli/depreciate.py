"""``ghfund depreciate --through YYYY-MM``: append the book's missing monthly depreciation.

One voucher per month (Dr 301 资产基金 / Cr 163 累计折旧, one 163 line per asset naming
it), planned by ``ghfund.depreciate``; appended atomically to the ledger's main file
or to the included file ``--to`` names. Months already depreciated are never written
again, so a rerun writes nothing.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import click

from ghfund.cli.common import append_to_book, fail, open_ledger, part_of_book, writes_into_book
from ghfund.files import display_path


def _month(_: object, __: object, value: str) -> tuple[int, int]:
    try:
        parsed = datetime.datetime.strptime(value.strip(), "%Y-%m")
    except ValueError:
        raise click.BadParameter(f"应为年月 YYYY-MM，如 2025-12，实为 {value}") from None
    return (parsed.year, parsed.month)


@click.command()
@click.option("--through", required=True, callback=_month, help="计提到哪个月（含），如 2025-12。")
@writes_into_book()
def depreciate(
    through: tuple[int, int], ledger: str | None, target: str | None, dry_run: bool
) -> None:
    """补记固定资产折旧：按卡片（162 分录上的 asset、life）直线法按月计提。

    每月一张凭证（借 301 资产基金，贷 163 累计折旧，每项资产一行并注明 asset/tag），
    自取得当月起计提，提足或处置后停止；最后一个月补足尾差，使累计折旧等于原值。
    已计提的月份跳过，重复运行不会重复写入。
    """
    from ghfund import depreciate as planner  # lazy: keeps ghfund --help fast

    if ledger is None and not dry_run:
        fail("计提折旧会改动账本：请用 --ledger 指明账本主文件（只预览时可加 --dry-run）")
    loaded = open_ledger(ledger)
    path = Path(target) if target else loaded.path
    if path is None:
        fail("没有可写入的账本文件")
    part_of_book(path, loaded)
    found = planner.plan(loaded.book, through)
    for line in found.skipped:
        click.echo(f"跳过 {line}。", err=True)
    name = display_path(path)
    month = f"{through[0]}-{through[1]:02d}"
    if not found.vouchers:
        click.echo(f"截至 {month} 没有需要补记的折旧，未改动 {name}。")
        return
    try:
        text = planner.text(loaded.book, found.vouchers)
        expected = path.read_bytes()
    except planner.DepreciationProblem as problem:
        fail(str(problem))
    except OSError as error:
        fail(f"无法读取 {name}：{error.strerror}")
    count = len(found.vouchers)
    if found.caution():
        click.echo(f"ghfund：{found.caution()}。", err=True)
    if append_to_book(path, text, f"{count} 张折旧凭证", dry_run, expected):
        click.echo(planner.summary(found.vouchers))
