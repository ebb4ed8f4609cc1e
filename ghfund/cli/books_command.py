"""``ghfund books …``: the books of account as the 制度 prints them (科目余额表, 总账, 明细账,
日记账, 记账凭证, 固定资产卡片). Each subcommand is a catalogue entry (``books trial``, …)
made into a command by ``catalogue_command``."""

from __future__ import annotations

import click

from ghfund.cli.catalogue_command import REPORTS


@click.group()
def books() -> None:
    """账簿：科目余额表、总账、明细账、日记账、记账凭证、固定资产卡片。"""


for _name, _command in REPORTS.items():
    if _name.startswith("books "):
        books.add_command(_command)
