"""``ghfund books …``: the books of account as the 制度 prints them (科目余额表, 总账, 明细账,
日记账, 记账凭证, 固定资产卡片). Each subcommand is one report through ``run_report``."""

from __future__ import annotations

import click

from ghfund.cli.common import ledger_argument, report_options, run_report, year_option

EXIT_CODES = """\b
退出码：0 已生成；1 已生成，但借贷不平衡或账本有 Beancount 错误；
2 用法错误、无法读取账本或账本没有该年度。"""


@click.group()
def books() -> None:
    """账簿：科目余额表、总账、明细账、日记账、记账凭证、固定资产卡片。"""


def _account_option(help_text: str) -> click.Option:
    return click.option("--account", "code", required=True, help=help_text)  # type: ignore[return-value]


@books.command("trial")
@ledger_argument
@year_option
@click.option("--month", type=click.IntRange(1, 12), default=None, help="月份 1–12；不指定为全年。")
@report_options
def trial(
    ledger: str | None,
    year: int,
    month: int | None,
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

    run_report(
        ledger, lambda loaded: trial_balance.report(loaded, year, month), fmt_, output, force
    )
