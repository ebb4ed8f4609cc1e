"""``ghfund depreciate --through YYYY-MM``: append the book's missing monthly depreciation.

One voucher per month (Dr 301 资产基金 / Cr 163 累计折旧, one 163 line per asset naming
it), planned by ``ghfund.depreciate``; appended atomically to the ledger's main file
or to the included file ``--to`` names. Months already depreciated are never written
again, so a rerun writes nothing.
"""

from __future__ import annotations

import datetime

import click

from ghfund.cli.common import MONTH, book_plan, fail, target_file, write_into_book, writes_into_book
from ghfund.files import display_path
from ghfund.ledger import Loaded
from ghfund.month import Month
from ghfund.writing import Plan


@click.command()
@click.option("--through", type=MONTH, help="计提到哪个月（含），如 2025-12。")
@click.option(
    "--catch-up",
    "catch_up",
    is_flag=True,
    help="补提以前年度少提的折旧：在 --date 所在的当前月份一次补提（未来适用法）。",
)
@click.option("--date", "on", metavar="YYYY-MM-DD", help="补提凭证的日期（与 --catch-up 同用）。")
@writes_into_book
def depreciate(
    through: Month | None,
    catch_up: bool,
    on: str | None,
    ledger: str | None,
    target: str | None,
    dry_run: bool,
) -> None:
    """补记固定资产折旧：按卡片（162 分录上的 asset、life）直线法按月计提。

    每月一张凭证（借 301 资产基金，贷 163 累计折旧，每项资产一行并注明 asset/tag），
    自取得当月起计提，提足或处置后停止；最后一个月补足尾差，使累计折旧等于原值。
    已计提的月份跳过，重复运行不会重复写入。
    """
    from ghfund import depreciate as planner  # lazy: keeps ghfund --help fast

    if catch_up:
        _catch_up(on, ledger, target, dry_run)
        return
    if through is None:
        fail("请用 --through YYYY-MM 指定计提到哪个月，或用 --catch-up --date 日期 补提少提的折旧")
    month = str(through)

    def plan(loaded: Loaded) -> Plan | None:
        path = target_file(target, loaded)
        latest = _latest(loaded)
        if through > latest:
            fail(
                f"--through {month} 晚于账本最后一笔交易所在的月份 {latest}"
                "（也不能晚于本月）：不能预先计提以后月份的折旧；请改为该月或更早的月份"
            )
        found = planner.plan(loaded.book, through)
        for line in found.skipped:
            click.echo(f"跳过 {line}。", err=True)
        if not found.vouchers:
            click.echo(f"截至 {month} 没有需要补记的折旧，未改动 {display_path(path)}。")
            return None
        text = planner.text(loaded.book, found.vouchers)
        if found.refusal():
            fail(found.refusal())
        result = book_plan(loaded, f"{len(found.vouchers)} 张折旧凭证")
        result.append(path, text)
        written[:] = found.vouchers
        return result

    written: list[planner.Voucher] = []
    if write_into_book(ledger, plan, dry_run, "ghfund depreciate") is not None:
        click.echo(planner.summary(tuple(written)))


def _latest(loaded: Loaded) -> Month:
    """The last month depreciation may be written for: the month of the book's last
    transaction, and never after the current month."""
    today = datetime.date.today()
    transactions = loaded.book.transactions
    last = transactions[-1].date if transactions else today
    return min(Month.of(last), Month.of(today))


def _catch_up(on: str | None, ledger: str | None, target: str | None, dry_run: bool) -> None:
    """``--catch-up --date D``: one voucher charging what the cards required and the book
    did not (``ghfund.catch_up``)."""
    from ghfund import catch_up

    if on is None:
        fail("--catch-up 需要 --date YYYY-MM-DD：补提凭证记在当前未结账的月份")
    try:
        date = datetime.date.fromisoformat(on.strip())
    except ValueError:
        fail(f"--date 应为 YYYY-MM-DD，如 2026-01-31，实为 “{on}”")

    def plan(loaded: Loaded) -> Plan | None:
        path = target_file(target, loaded)
        found = catch_up.plan(loaded.book, date)
        if found is None:
            click.echo(f"截至 {date} 按资产卡片没有少提的折旧，未改动 {display_path(path)}。")
            return None
        result = book_plan(loaded, f"补提折旧 {found.amount} 元")
        result.append(path, catch_up.text(loaded.book, found))
        written[:] = [found]
        return result

    written: list[catch_up.CatchUp] = []
    if write_into_book(ledger, plan, dry_run, "ghfund depreciate --catch-up") is not None:
        click.echo(catch_up.summary(written[0]))
