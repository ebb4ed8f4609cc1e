"""``ghfund import vouchers|balances``: a vendor system's 序时账 and 科目余额表 into a book.

Both read the whole file first and write nothing unless every row is good (exit 2
with every bad row listed otherwise). Accounts the book lacks are opened in the
same append. Vouchers the book already has (same year and voucher number) and an
opening balance already imported are skipped, so a rerun writes nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ghfund.cli.common import (
    book_plan,
    fail,
    read_input,
    target_file,
    write_into_book,
    writes_into_book,
)
from ghfund.cli.import_command import import_group
from ghfund.files import display_path
from ghfund.importers import journal, sheets, trial
from ghfund.importers.codes import Accounts, read_map
from ghfund.ledger import Loaded
from ghfund.writing import Plan

F = TypeVar("F", bound=Callable[..., Any])


def _options(function: F) -> F:
    for option in reversed(
        (
            writes_into_book,
            click.option(
                "--chart",
                type=click.Choice(["2021", "2009"]),
                default="2021",
                show_default=True,
                help="文件使用的科目表：2021（财会〔2021〕7号）或 2009（旧制度，按财会〔2021〕16号对照转换）。",
            ),
            click.option(
                "--map",
                "map_file",
                type=click.Path(dir_okay=False),
                help='科目对照文件（TOML）：每行 "旧科目编码" = "新科目编码"，用于新旧制度拆分的科目等。',
            ),
        )
    ):
        function = option(function)
    return function


@import_group.command("vouchers")
@click.argument("file", type=click.Path(dir_okay=False))
@_options
def vouchers(
    file: str,
    ledger: str | None,
    target: str | None,
    dry_run: bool,
    chart: str,
    map_file: str | None,
) -> None:
    """导入财务软件导出的序时账（凭证列表，.xlsx/.xls/.csv）。

    表头须有日期、凭证字号（或凭证字与凭证号）、摘要、科目编码、借方、贷方；可有科目名称、
    项目（写为 fund）、附件数、制单人、审核人。按日期和凭证号组成凭证，每张凭证须借贷平衡；
    每月重新编号的凭证号写为“记-年-月-号”。账本中已有的凭证跳过，重复导入不会重复写入。
    任何一行有错都不写入，并列出全部错误行。
    """
    mapping = _mapping(map_file)
    data = read_input(file, "序时账")

    def plan(loaded: Loaded) -> Plan | None:
        accounts = Accounts(set(loaded.book.opens), int(chart), mapping)
        found = journal.read(Path(file).name, data, accounts)
        present = {
            (txn.date.year, txn.meta["voucher"]): txn
            for txn in loaded.book.transactions
            if isinstance(txn.meta.get("voucher"), str)
        }
        new = [v for v in found.vouchers if (v.date.year, v.voucher) not in present]
        conflicts = [
            _conflict(v, present[(v.date.year, v.voucher)])
            for v in found.vouchers
            if (v.date.year, v.voucher) in present
            and not _same(v, present[(v.date.year, v.voucher)])
        ]
        if conflicts:
            fail(
                sheets.refusal(
                    f"序时账 {Path(file).name}",
                    conflicts,
                    "未导入任何凭证。账本中已有同号凭证而内容不同：请核对是哪一边有误，"
                    "改正账本中的凭证，或在财务软件中改正后重新导出",
                )
            )
        skipped = len(found.vouchers) - len(new)
        if skipped:
            click.echo(f"已在账本中、跳过：{skipped} 张凭证。")
        if not new:
            click.echo("没有新的凭证，未改动账本。")
            return None
        used = {line.account for voucher in new for line in voucher.lines}
        opens = [account for account in accounts.to_open if account in used]
        currency = loaded.book.currency
        first = min(voucher.date for voucher in new)
        parts = [f";; 凭证：由 ghfund import vouchers 从 {Path(file).name} 导入\n"]
        parts += [f"{first} open {account} {currency}\n" for account in opens]
        parts += ["\n" + voucher.text(currency) for voucher in new]
        closing[:] = [sum(voucher.closing for voucher in new)]
        summary = f"{len(new)} 张凭证（{found.rows} 行）" + (
            f"，新开科目 {len(opens)} 个" if opens else ""
        )
        result = book_plan(loaded, summary)
        result.append(target_file(target, loaded), "".join(parts))
        return result

    closing: list[int] = []
    if write_into_book(ledger, plan, dry_run, "ghfund import vouchers") and closing[0]:
        click.echo(f"其中 {closing[0]} 张是年末结转凭证，已加标签 #closing（报表的收支不计入）。")


@import_group.command("balances")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--date",
    "date",
    required=True,
    type=click.DateTime(["%Y-%m-%d"]),
    help="期初余额交易的日期（建账前一天），如 2022-12-31。",
)
@click.option(
    "--column",
    type=click.Choice(["期初", "期末"]),
    default="期初",
    show_default=True,
    help="取余额表的期初余额还是期末余额。",
)
@_options
def balances(
    file: str,
    date: datetime.datetime,
    column: str,
    ledger: str | None,
    target: str | None,
    dry_run: bool,
    chart: str,
    map_file: str | None,
) -> None:
    """导入财务软件导出的科目余额表，写一笔期初余额交易。

    表头可为一行（期初借方、期初贷方……）或两行（期初余额／本期发生额／期末余额下分借方、贷方）；
    列出了下级科目的上级科目不重复计算；借方合计须等于贷方合计，否则不写入。
    """
    mapping = _mapping(map_file)
    data = read_input(file, "科目余额表")
    day = date.date()

    def plan(loaded: Loaded) -> Plan | None:
        accounts = Accounts(set(loaded.book.opens), int(chart), mapping)
        opening = trial.read(Path(file).name, data, accounts, day, column)
        earlier = [txn for txn in loaded.book.transactions if _is_opening(txn)]
        if any(txn.date == day and txn.meta.get("voucher") == opening.voucher for txn in earlier):
            click.echo(f"期初余额（凭证 {opening.voucher}）已在账本中，未改动账本。")
            return None
        if earlier:
            txn = earlier[0]
            fail(
                f"账本已有期初余额（{txn.date}，{_where(txn)}），未写入：一本账只有一笔期初余额，"
                f"再导入 {day} 的余额会使余额重复。要更正期初余额，请先删除原来那笔交易再导入"
            )
        used = {account for account, _ in opening.postings}
        opens = [account for account in accounts.to_open if account in used]
        currency = loaded.book.currency
        text = (
            f";; 期初余额：由 ghfund import balances 从 {Path(file).name} 的{column}余额导入\n"
            + "".join(f"{day} open {account} {currency}\n" for account in opens)
            + "\n"
            + opening.text(currency)
        )
        summary = f"期初余额 {len(opening.postings)} 个科目" + (
            f"，新开科目 {len(opens)} 个" if opens else ""
        )
        result = book_plan(loaded, summary)
        result.append(target_file(target, loaded), text)
        return result

    write_into_book(ledger, plan, dry_run, "ghfund import balances")


def _same(voucher: journal.Voucher, txn: Any) -> bool:
    """Whether the book's transaction is the voucher: same day, same lines and amounts."""
    lines = sorted((line.account, line.amount) for line in voucher.lines)
    postings = sorted((p.account, p.units.number) for p in txn.postings)
    return voucher.date == txn.date and lines == postings


def _conflict(voucher: journal.Voucher, txn: Any) -> str:
    return (
        f"第 {voucher.first_row} 行：凭证 {voucher.source}（{voucher.date}）与账本中的同号凭证"
        f"（{txn.date}，{_where(txn)}）日期、科目或金额不同"
    )


def _where(txn: Any) -> str:
    return f"{display_path(txn.meta.get('filename'))} 第 {txn.meta.get('lineno')} 行"


def _is_opening(txn: Any) -> bool:
    """An opening balance: imported by ghfund (voucher 期初-YYYY-0001) or kept by hand
    (narration 期初余额)."""
    voucher = txn.meta.get("voucher")
    return (isinstance(voucher, str) and voucher.startswith("期初-")) or (
        txn.narration or ""
    ).strip() in ("期初余额", "期初", "建账期初余额")


def _mapping(map_file: str | None) -> dict[str, str]:
    if map_file is None:
        return {}
    return read_map(Path(map_file).name, read_input(map_file, "科目对照文件"))
