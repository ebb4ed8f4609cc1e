"""``ghfund import payroll FILE``: append a payroll summary's months to the book as directives.

Months the book already has (any ``ghfund-payroll`` naming them, even a malformed
one) are skipped, so rerunning an import writes nothing twice; existing lines are
never touched. The directives are appended to the ledger's main file, or to the
file named by ``--to``, which must already be part of the book (included).
"""

from __future__ import annotations

import datetime
from pathlib import Path

import click

from ghfund.cli.common import (
    book_plan,
    fail,
    read_input,
    target_file,
    write_into_book,
    writes_into_book,
)
from ghfund.files import display_path
from ghfund.funding import month_key
from ghfund.importers import payroll as payroll_file
from ghfund.ledger import Loaded
from ghfund.month import month_end
from ghfund.writing import Plan


@click.group("import", no_args_is_help=False)
def import_group() -> None:
    """把外部数据导入账本：工资汇总表、财务软件的序时账和科目余额表、银行对账单。"""


@import_group.command("payroll")
@click.argument("file", type=click.Path(dir_okay=False))
@writes_into_book
def payroll(file: str, ledger: str | None, target: str | None, dry_run: bool) -> None:
    """导入工资汇总表（.xlsx 或 .csv，每月一行），追加 ghfund-payroll 指令。

    表头须有“月份”“工资总额”两列，可有“会费基数”“会员人数”“日期”列；没有日期列时，
    指令日期为次月10日。账本中已有的月份跳过，重复导入不会重复写入。
    """
    source = Path(file)
    rows = payroll_file.read(source.name, read_input(file, "工资汇总表"))

    def plan(loaded: Loaded) -> Plan | None:
        path = target_file(target, loaded)
        present = _months_present(loaded)
        new = [row for row in rows if row.month not in present]
        skipped = [month_key(row.month) for row in rows if row.month in present]
        if skipped:
            click.echo(f"已在账本中、跳过：{'、'.join(skipped)}。")
        if not new:
            click.echo(f"没有新的月份，未改动 {display_path(path)}。")
            return None
        currency = loaded.book.currency
        text = f";; 工资数据：由 ghfund import payroll 从 {source.name} 导入\n" + "\n".join(
            row.directive(currency) for row in new
        )
        months = "、".join(month_key(row.month) for row in new)
        result = book_plan(loaded, f"{len(new)} 个月（{months}）")
        result.append(path, text)
        return result

    write_into_book(ledger, plan, dry_run, "ghfund import payroll")


def _months_present(loaded: Loaded) -> set[datetime.date]:
    """Months named by any ghfund-payroll in the book, well-formed or not."""
    return {
        month_end(entry.values[0].value)
        for entry in loaded.book.customs
        if entry.type == "ghfund-payroll"
        and entry.values
        and isinstance(entry.values[0].value, datetime.date)
    }


@import_group.command("bank")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--account", "code", required=True, help="银行存款科目的编码或全名，如 10201。")
@writes_into_book
@click.option(
    "--rules",
    type=click.Path(dir_okay=False),
    help="对账规则文件（TOML）：按摘要、对方户名确定对方科目。",
)
def bank(
    file: str,
    code: str,
    ledger: str | None,
    rules: str | None,
    target: str | None,
    dry_run: bool,
) -> None:
    """导入银行对账单（csv、xls、xlsx）中账本还没有的流水，记为带 ! 标记的交易。

    \b
    已在账本中的流水（bank-ref 相同，或金额相同且日期相差不超过 10 天，或几笔合计相等）
    跳过，重复导入不会重复写入。对方科目按规则文件确定（结息记 408、手续费记 50504
    为默认规则）；没有规则适用的流水记入待确认科目，由 bank-unconfirmed 检查提示补全。
    """
    from ghfund.cli.reconcile_command import read_statement
    from ghfund.importers import bank as bank_import

    statement = read_statement(file)
    counter_rules = bank_import.load_rules(rules) if rules else ()

    def plan(loaded: Loaded) -> Plan | None:
        path = target_file(target, loaded)
        planned = bank_import.plan(
            statement, loaded.book, code, counter_rules, loaded.book.currency
        )
        if not planned.written:
            click.echo(
                f"没有新的流水：对账单 {len(statement.lines)} 笔都已在账本中，"
                f"未改动 {display_path(path)}。"
            )
            return None
        text = (
            f";; 银行流水：由 ghfund import bank 从 {Path(file).name} 导入，"
            "请核对后把 ! 改为 *\n" + planned.text()
        )
        result = book_plan(loaded, f"{len(planned.written)} 笔（已在账本中 {planned.known} 笔）")
        result.append(path, text)
        unconfirmed[:] = [planned.unconfirmed]
        return result

    unconfirmed: list[int] = []
    if write_into_book(ledger, plan, dry_run, "ghfund import bank") and unconfirmed[0]:
        click.echo(
            f"其中 {unconfirmed[0]} 笔没有适用的规则，记入待确认科目"
            f"（{bank_import.SUSPENSE_IN}、{bank_import.SUSPENSE_OUT}）；"
            "请改为正确的科目，或在规则文件中补充规则。"
        )


@import_group.command("budget")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--year", "year", required=True, type=click.IntRange(1990, 2100), help="预算年度。")
@click.option(
    "--approved", required=True, help="批准预算（或调整）的会议，如 “工会委员会2026年第1次会议”。"
)
@click.option("--reviewed", help="经费审查委员会的审查，如 “经审会2026年第1次会议”。")
@click.option("--adjustment", is_flag=True, help="年中调整：只写入数额有变动的科目。")
@click.option(
    "--date",
    "day",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="批准日期（指令日期），默认今天（不在该年度时为该年 1 月 1 日）。",
)
@writes_into_book
def budget(
    file: str,
    year: int,
    approved: str,
    reviewed: str | None,
    adjustment: bool,
    day: datetime.datetime | None,
    ledger: str | None,
    target: str | None,
    dry_run: bool,
) -> None:
    """把编好的预算表（ghfund budget --draft 生成、改过的 .xlsx 或 .csv）导入为年度预算。

    \b
    按“科目编码”“本年预算数”两列读取；合计行、款的小计行不读。数额与账本中现行预算
    相同的科目跳过，重复导入不会重复写入。已有年初预算的年度只能以 --adjustment
    （年中调整）改动；导入后预算不平衡（支出合计大于收入合计加动用结余，或动用数超过
    上年末余额）时不写入，列出数字。
    """
    from ghfund.importers import budget as budget_file

    source = Path(file)
    data = read_input(file, "预算表")
    if not approved.strip():
        fail("--approved 不能为空：请写明批准预算的会议，如 “工会委员会2026年第1次会议”")
    today = datetime.date.today()
    date = day.date() if day else (today if today.year == year else datetime.date(year, 1, 1))
    approval = budget_file.Approval(
        approved.strip(), (reviewed or "").strip() or None, adjustment, date
    )
    rows = budget_file.read(source.name, data)

    def plan(loaded: Loaded) -> Plan | None:
        path = target_file(target, loaded)
        planned = budget_file.plan(loaded.book, year, rows, approval, source.name)
        if not planned.written:
            click.echo(
                f"没有改动：表中 {planned.unchanged} 个科目的预算与账本相同，"
                f"未改动 {display_path(path)}。"
            )
            return None
        kind = "年中调整" if adjustment else "年初预算"
        text = f";; {year} 年度{kind}：由 ghfund import budget 从 {source.name} 导入\n"
        result = book_plan(
            loaded,
            f"{year} 年度{kind} {len(planned.written)} 个科目"
            f"（与账本相同、跳过 {planned.unchanged} 个）",
        )
        result.append(path, text + planned.text(loaded.book.currency))
        return result

    write_into_book(ledger, plan, dry_run, "ghfund import budget")
