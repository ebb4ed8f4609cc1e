"""``ghfund voucher next|add``: the 记账凭证 screen's save path from the command line.

``add`` takes the same JSON as the Fava page's ``POST save`` (``ghfund.voucher``): it
checks the voucher, lists the findings the rules would add, and writes it into the
year's file through the one write path (exit 0), or says why not (exit 2) with the book
unchanged.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import cast

import click

from ghfund.cli.common import fail, load, writing_ledger
from ghfund.files import display_path

COMMAND = "ghfund voucher add"


@click.group("voucher")
def voucher() -> None:
    """记账凭证：取下一个凭证号，或从 JSON 文件录入一张凭证。"""


@voucher.command("next")
@click.option("--ledger", required=True, type=click.Path(dir_okay=False), help="账本主文件。")
@click.option("--date", "day", required=True, help="凭证日期，如 2025-03-05。")
def next_number(ledger: str, day: str) -> None:
    """按账本自己的编号方式（按年或按月）给出该日期的下一个凭证号。"""
    from ghfund import numbering, period

    try:
        date = datetime.date.fromisoformat(day)
    except ValueError:
        fail(f"日期“{day}”无法识别，请写成 2025-03-05")
    book = load(Path(ledger)).book
    if period.is_closed(book, date):
        fail(f"{date.year}年{date.month}月已结账，不能再录入该月的凭证")
    click.echo(numbering.next_number(book, date))


@voucher.command("add")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--ledger", type=click.Path(dir_okay=False), help="账本主文件。")
@click.option("--dry-run", is_flag=True, help="只检查并列出规则将发现的问题，不写入。")
def add(file: str, ledger: str | None, dry_run: bool) -> None:
    """录入 FILE 中的一张凭证（JSON，格式同 Fava 记账凭证页的保存请求）。"""
    from ghfund import saving, writing
    from ghfund.voucher import Refused

    try:
        raw = json.loads(Path(file).read_text(encoding="utf-8"))
    except OSError:
        fail(f"无法读取 {display_path(file)}")
    except (UnicodeDecodeError, ValueError) as error:
        where = f"第 {error.lineno} 行" if isinstance(error, json.JSONDecodeError) else ""
        fail(f"{display_path(file)} {where}不是 UTF-8 编码的 JSON：请检查括号、逗号和引号")
    path = writing_ledger(ledger)
    for attempt in range(3):
        try:
            shot = writing.snapshot(path)
            loaded = load(path)
            result = saving.save(shot, loaded, raw, COMMAND, dry_run)
        except Refused as refused:
            fail("凭证未保存：" + "；".join(refused.problems))
        except writing.Changed as changed:
            if attempt < 2:
                continue  # another writer meanwhile: read the book again
            fail(str(changed))
        break
    where = f"{display_path(str(result['file']))} 第 {result['lineno']} 行"
    said = "检查通过，未写入（--dry-run）" if dry_run else "已保存"
    click.echo(f"{said}：{result['voucher']}（{where}）")
    for finding in cast("list[dict[str, str]]", result["findings"]):
        click.echo(f"  将发现 {finding['rule']}：{finding['message']}")
