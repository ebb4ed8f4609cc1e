"""``ghfund books …``: the books of account as the 制度 prints them (科目余额表, 总账, 明细账,
日记账, 记账凭证, 固定资产卡片). Each subcommand is one report through ``run_report``."""

from __future__ import annotations

import click


@click.group()
def books() -> None:
    """账簿：科目余额表、总账、明细账、日记账、记账凭证、固定资产卡片。"""


from ghfund.cli.book_vouchers import vouchers  # noqa: E402  (its module keeps it self-contained)

books.add_command(vouchers)
