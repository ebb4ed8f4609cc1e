"""``ghfund init DIR``: write a new, valid union book; never overwrite."""

from __future__ import annotations

import datetime
from pathlib import Path

import click

from ghfund import newbook, writing
from ghfund.cli.common import fail
from ghfund.files import MAIN_NAME, display_path, reason


@click.command()
@click.argument("directory", type=click.Path(file_okay=False))
@click.option(
    "--union-name", default="某某工会委员会", show_default=True, help="工会名称（报表的编制单位）。"
)
@click.option(
    "--year",
    type=click.IntRange(2000, 2100),
    default=lambda: datetime.date.today().year,
    help="建账年度（默认今年）；科目开设于上一年最后一天。",
)
@click.option("--dry-run", is_flag=True, help="只显示将创建的文件，不写入。")
def init(directory: str, union_name: str, year: int, dry_run: bool) -> None:
    """新建账本：主文件、基层工会科目表和年度文件。已有同名文件时不做任何改动。"""
    problem = newbook.name_problem(union_name)
    if problem:
        fail(problem)
    target = Path(directory)
    files = newbook.files(target, union_name.strip(), year)
    main = target / MAIN_NAME
    plan = writing.Plan(main, f"新账本 {display_path(target)}")
    for path, text in files.items():
        plan.create(path, text)
    if dry_run:
        click.echo(plan.render())
        return
    try:
        writing.refuse_bundled(main)
        target.mkdir(parents=True, exist_ok=True)
        notes = writing.commit(plan, writing.snapshot(main, new_book=True), "ghfund init")
        # the documents folder the main file names (Beancount reports a missing one): an
        # empty folder, once the book is written (a refused init changes nothing)
        (target / newbook.DOCUMENTS).mkdir(exist_ok=True)
    except OSError as error:
        fail(f"无法写入 {display_path(target)}：{reason(error)}")
    for note in notes:
        click.echo(f"ghfund：{note}。", err=True)
    for path in files:
        click.echo(f"已创建 {display_path(path)}")
    click.echo(
        f"下一步：编辑 {display_path(target / f'{year}.beancount')} 录入期初余额，"
        f"然后运行 ghfund check {display_path(main)}"
    )
