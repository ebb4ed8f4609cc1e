"""``ghfund books …``: the books of account as the 制度 prints them (科目余额表, 总账, 明细账,
日记账, 记账凭证, 固定资产卡片). Each subcommand is one report through ``run_report``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ghfund.cli.common import (
    fail,
    ledger_argument,
    period_options,
    report_options,
    run_report,
    year_and_month,
    year_option,
)

if TYPE_CHECKING:
    from ghfund.month import Month

AFTER_CLOSING = click.option(
    "--after-closing",
    is_flag=True,
    help="结账后：本年收入、支出按年终结转计入 321/322（未记结转凭证的按 carry-forward 计算）。",
)


@click.group()
def books() -> None:
    """账簿：科目余额表、总账、明细账、日记账、记账凭证、固定资产卡片。"""


@books.command("trial")
@ledger_argument
@period_options
@AFTER_CLOSING
@report_options
def trial(
    ledger: str | None,
    year: int | None,
    month: Month | None,
    after_closing: bool,
    fmt_: str | None,
    output: str | None,
    force: bool,
) -> None:
    """科目余额表：各级科目的期初余额、本期发生额、期末余额（借方/贷方），合计借贷相等。

    \b
    退出码：0 已生成且借贷平衡；1 已生成，但借贷不平衡或账本有 Beancount 错误；
    2 用法错误、无法读取账本或账本没有该年度。
    """
    from ghfund.reports import trial_balance

    chosen = year_and_month(year, month)
    if after_closing and chosen[1] not in (None, 12):
        fail("--after-closing 只用于全年（或 12 月）的科目余额表")
    run_report(
        ledger,
        lambda loaded: trial_balance.report(loaded, *chosen, after_closing),
        fmt_,
        output,
        force,
    )


@books.command("general")
@ledger_argument
@year_option
@AFTER_CLOSING
@report_options
def general(
    ledger: str | None,
    year: int,
    after_closing: bool,
    fmt_: str | None,
    output: str | None,
    force: bool,
) -> None:
    """总账：各一级科目按月的期初余额、本月借方、本月贷方、借或贷、余额和本年累计。

    \b
    退出码：0 已生成；1 已生成，但账本有 Beancount 错误；
    2 用法错误、无法读取账本或账本没有该年度。
    """
    from ghfund.reports import general_ledger

    run_report(
        ledger,
        lambda loaded: general_ledger.report(loaded, year, after_closing),
        fmt_,
        output,
        force,
    )


@books.command("detail")
@ledger_argument
@click.option("--account", "code", required=True, help="科目编码（任一级），如 102、50102。")
@year_option
@AFTER_CLOSING
@report_options
def detail(
    ledger: str | None,
    code: str,
    year: int,
    after_closing: bool,
    fmt_: str | None,
    output: str | None,
    force: bool,
) -> None:
    """三栏式明细账：一个科目（含下级科目）全年的逐笔借方、贷方、借或贷、余额，
    每月末列本月合计和本年累计。

    \b
    退出码：0 已生成；1 已生成，但账本有 Beancount 错误；
    2 用法错误、无法读取账本、账本没有该年度或该科目。
    """
    from ghfund.reports import subledger

    run_report(
        ledger,
        lambda loaded: subledger.report(loaded, code, year, after_closing=after_closing),
        fmt_,
        output,
        force,
    )


@books.command("journal")
@ledger_argument
@click.option(
    "--account", "code", required=True, help="101（库存现金）、102（银行存款）或其明细科目编码。"
)
@year_option
@report_options
def journal(
    ledger: str | None, code: str, year: int, fmt_: str | None, output: str | None, force: bool
) -> None:
    """现金日记账、银行存款日记账：逐日逐笔登记，列对方科目，每日、每月合计和余额。

    \b
    退出码：0 已生成；1 已生成，但账本有 Beancount 错误；
    2 用法错误、无法读取账本、账本没有该年度或该科目。
    """
    from ghfund.reports import subledger

    run_report(
        ledger,
        lambda loaded: subledger.report(loaded, code, year, journal=True),
        fmt_,
        output,
        force,
    )


@books.command("assets")
@ledger_argument
@year_option
@report_options
def assets(
    ledger: str | None, year: int, fmt_: str | None, output: str | None, force: bool
) -> None:
    """固定资产卡片：每项资产的原值、取得日期、折旧年限、本年折旧、累计折旧、净值和处置，
    合计与 162 固定资产、163 累计折旧的余额相符。

    资产卡片登记在购置凭证的 162 分录上：asset（名称）、category（类别）、life（折旧年限，年）、
    tag（资产编号，可选）。

    \b
    退出码：0 已生成；1 已生成，但账本有 Beancount 错误；
    2 用法错误、无法读取账本或账本没有该年度。
    """
    from ghfund.reports import asset_register

    run_report(ledger, lambda loaded: asset_register.report(loaded, year), fmt_, output, force)


from ghfund.cli.books_vouchers_command import vouchers  # noqa: E402  (its module keeps it self-contained)

books.add_command(vouchers)
