"""``ghfund carry-forward --year Y``: book the year's 年终结转 vouchers.

Planned by ``ghfund.carry_forward`` (income and spending into 32103/32203 本年收支结转
by fund, then into 32104 累计结转 and 32205 累计结余, dated 31 December, tagged
``#closing``); written through the one write path (``cli.common.write_into_book``) to the
ledger's main file or to the included file ``--to`` names. A closed year plans nothing,
so a rerun writes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ghfund.cli.common import (
    book_plan,
    fail,
    target_file,
    write_into_book,
    writes_into_book,
    year_option,
)
from ghfund.files import display_path

if TYPE_CHECKING:
    from ghfund.carry_forward import Plan as Closing
    from ghfund.ledger import Loaded
    from ghfund.writing import Plan


@click.command("carry-forward")
@year_option
@writes_into_book
def carry_forward(year: int, ledger: str | None, target: str | None, dry_run: bool) -> None:
    """年终结转：把本年收入、支出结转到工会资金结转（32103 本年收支结转，专项资金）和工会资金
    结余（32203 本年收支结转），再转入 32104 累计结转、32205 累计结余。

    \b
    三张凭证，日期为 12 月 31 日，标记 #closing；报表数字与结转前相同。
    已结转的年度不再写入，重复运行不会重复结转；以前年度未结转的，须先结转以前年度。
    """
    from ghfund import carry_forward as planner  # lazy: keeps ghfund --help fast

    def plan(loaded: Loaded) -> Plan | None:
        path = target_file(target, loaded)
        if year not in loaded.book.years:
            fail(f"账本 {display_path(loaded.path)} 没有 {year} 年度的账，无法结转")
        found = planner.plan(loaded.book, year)
        if not found.vouchers:
            click.echo(f"{year} 年的收入、支出已全部结转，未改动 {display_path(path)}。")
            return None
        result = book_plan(loaded, f"{len(found.vouchers)} 张年终结转凭证")
        result.append(path, planner.text(loaded.book, found))
        written[:] = [found]
        return result

    written: list[Closing] = []
    if write_into_book(ledger, plan, dry_run, "ghfund carry-forward") is not None:
        click.echo(planner.summary(written[0]))
