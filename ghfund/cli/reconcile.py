"""``ghfund reconcile --bank FILE --account CODE --month YYYY-MM``: 银行存款余额调节表."""

from __future__ import annotations

from pathlib import Path

import click

from ghfund.cli.common import fail, ledger_argument, report_options, run_report
from ghfund.importers import statement as statement_file


def read_statement(file: str) -> statement_file.Statement:
    """The statement FILE, or a clean Chinese failure (exit 2)."""
    source = Path(file)
    try:
        data = source.read_bytes()
    except FileNotFoundError:
        fail(f"找不到银行对账单 {file}")
    except OSError as error:
        fail(f"无法读取 {file}：{error.strerror}")
    try:
        return statement_file.read(source.name, data)
    except statement_file.StatementProblem as problem:
        fail(str(problem))


@click.command()
@ledger_argument
@click.option(
    "--bank",
    "bank",
    required=True,
    type=click.Path(dir_okay=False),
    help="银行对账单文件（csv、xls、xlsx）。",
)
@click.option(
    "--account", "code", required=True, help="银行存款科目的编码或全名，如 102 或 10201。"
)
@click.option("--month", "month", required=True, help="月份，如 2025-06。")
@report_options
def reconcile(
    ledger: str | None,
    bank: str,
    code: str,
    month: str,
    fmt_: str | None,
    output: str | None,
    force: bool,
) -> None:
    """银行存款余额调节表：对账单与银行存款日记账在月末的余额及未达账项。

    \b
    对应方法：先按交易的 bank-ref 元数据与银行流水号对应，再按金额相同、日期相差
    不超过 10 天对应，再按一笔对多笔金额合计相等对应（如一笔存款含多张收据）。

    \b
    退出码：0 调节后余额一致；1 不一致，或账本有 Beancount 错误；
    2 用法错误、无法读取账本或对账单、对账单不含该月。
    """
    from ghfund.reports import reconcile as reconcile_report  # lazy: pandas only for reports

    try:
        end = reconcile_report.parse_month(month)
    except ValueError:
        fail(f"月份 {month} 无法识别：请写成 2025-06")
    statement = read_statement(bank)
    run_report(
        ledger,
        lambda loaded: reconcile_report.report(loaded, statement, code, end),
        fmt_,
        output,
        force,
    )
