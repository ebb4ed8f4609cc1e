"""``ghfund reconcile --bank FILE --account CODE --month YYYY-MM``: 银行存款余额调节表."""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ghfund.cli.common import (
    MONTH,
    book_plan,
    fail,
    ledger_argument,
    read_input,
    report_options,
    run_report,
    write_into_book,
)
from ghfund.importers import statement as statement_file

if TYPE_CHECKING:
    from ghfund.ledger import Loaded
    from ghfund.month import Month
    from ghfund.writing import Plan


def read_statement(file: str) -> statement_file.Statement:
    """The statement FILE, or a clean Chinese failure (exit 2)."""
    return statement_file.read(Path(file).name, read_input(file, "银行对账单"))


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
@click.option("--month", "month", required=True, type=MONTH, help="月份，如 2025-06。")
@click.option(
    "--record",
    is_flag=True,
    help="调节后余额一致时，在账本主文件中记录该月的对账（次月1日的 balance 余额断言）。",
)
@click.option("--dry-run", is_flag=True, help="与 --record 同用：只显示将记录的对账，不改动账本。")
@report_options
def reconcile(
    ledger: str | None,
    bank: str,
    code: str,
    month: Month,
    record: bool,
    dry_run: bool,
    fmt_: str | None,
    output: str | None,
    force: bool,
) -> None:
    """银行存款余额调节表：对账单与银行存款日记账在月末的余额及未达账项。

    \b
    对应方法：先按交易的 bank-ref 元数据与银行流水号对应，再按金额相同、日期相差
    不超过 10 天对应，再按一笔对多笔金额合计相等对应（如一笔存款含多张收据）。

    \b
    --record：调节后余额一致时，把月末的账面余额记为次月1日的
    balance 余额断言（银行对账记录，bank-unreconciled 规则据此检查每月是否对账）；
    已有这条记录时不重复写入；不一致时不写入。加 --dry-run 只显示将记录的内容。

    \b
    退出码：0 调节后余额一致；1 不一致，或账本有 Beancount 错误；
    2 用法错误、无法读取账本或对账单、对账单不含该月、--record 未能写入。
    """
    from ghfund.reports import reconcile_report as reconcile_report  # lazy: pandas only for reports

    if dry_run and not record:
        fail("--dry-run 只与 --record 同用：不加 --record 时本来就不改动账本")
    end = month.end
    data = read_input(bank, "银行对账单")
    statement = statement_file.read(Path(bank).name, data)
    if record:  # what the write says goes beside the report, not into it (JSON on stdout)
        with contextlib.redirect_stdout(sys.stderr):
            write_into_book(
                ledger,
                lambda loaded: record_plan(loaded, statement, code, end),
                dry_run,
                "ghfund reconcile --record",
                "LEDGER",
            )
    run_report(
        ledger,
        lambda loaded: reconcile_report.report(loaded, statement, code, end),
        fmt_,
        output,
        force,
        key=(hashlib.sha256(data).hexdigest(),),  # the statement is no file of the book
    )


def record_plan(
    loaded: Loaded, statement: statement_file.Statement, code: str, end: datetime.date
) -> Plan | None:
    """The month's reconciliation as a balance assertion dated the next day, appended to the
    main file; None (said why) when the book already records it. Exit 2 when the two sides
    do not agree or the accounts have no one parent to assert on."""
    from beancount.core import data

    from ghfund import reconcile as matching
    from ghfund.reports import reconcile_report as reconcile_report

    report = reconcile_report.report(loaded, statement, code, end)
    if report.problems:
        fail(f"{report.problems[0]}；未记录对账，请查明差额后再用 --record 记录")
    names = matching.accounts(loaded.book, code)
    account = min(names, key=len)
    if any(name != account and not name.startswith(account + ":") for name in names):
        fail(f"--account {code} 对应多个银行账户；请用 --account 指定其中一个账户后再记录对账")
    day = end + datetime.timedelta(days=1)
    if any(
        isinstance(entry, data.Balance) and entry.account == account and entry.date == day
        for entry in loaded.book.entries
    ):
        click.echo(f"账本已有 {day} {account} 的余额断言（{end:%Y-%m} 的对账记录），未重复写入。")
        return None
    balance = matching.balance(matching.items(loaded.book, names), end)
    plan = book_plan(loaded, f"{end:%Y-%m} 银行对账记录")
    plan.append(
        plan.main,
        f"\n{day} balance {account}  {balance:.2f} {loaded.book.currency}"
        f"  ; {end:%Y-%m} 银行对账：与对账单 {statement.name} 核对一致（ghfund reconcile --record）\n",
    )
    return plan
