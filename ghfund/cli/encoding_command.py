"""``ghfund convert-encoding FILE...``: rewrite a book's file saved as GBK (or with a BOM) as UTF-8."""

from __future__ import annotations

import sys

import click

from ghfund import encoding
from ghfund.cli.common import EXIT_USAGE
from ghfund.files import display_path
from ghfund.problems import UserProblem


@click.command("convert-encoding")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
def convert_encoding(files: tuple[str, ...]) -> None:
    """把账本文件转为 UTF-8 编码（Beancount 只读 UTF-8）。

    适用于以 GBK/GB18030（中文 Windows 记事本、WPS 的默认编码）或带 BOM 的 UTF-8 保存的文件。
    文件被原子地改写为 UTF-8，原文件保留为 FILE.orig；已是 UTF-8 的文件不做改动。
    符号链接指向的文件被改写，链接保留。改写时持有账本的锁（与其他写入账本的命令互斥）。
    """
    from pathlib import Path

    failed = False
    for name in files:
        try:
            click.echo(encoding.convert(Path(name)))
        except UserProblem as problem:  # cannot convert, or another writer holds the book
            click.echo(f"ghfund：{problem}", err=True)
            failed = True
        except OSError as error:
            from ghfund.files import reason

            click.echo(f"ghfund：无法改写 {display_path(name)}：{reason(error)}", err=True)
            failed = True
    sys.exit(EXIT_USAGE if failed else 0)
