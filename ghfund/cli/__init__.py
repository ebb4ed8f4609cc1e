"""The ghfund command line: ``ghfund COMMAND``, one module per command group.

Usage errors (unknown option, bad value, missing argument) are told in Chinese
and exit with status 2; no command shows a Python traceback for bad input.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from typing import Any

import click

from ghfund import __version__
from ghfund.cli import (
    books_command,
    carry_forward_command,
    close_command,
    consolidate_command,
    depreciate_command,
    encoding_command,
    import_books_command,  # noqa: F401  (registers import vouchers/balances)
    import_command,
    init_command,
    reconcile_command,
    rules_command,
    serve_command,
    standards_command,
    voucher_command,
)
from ghfund.cli.catalogue_command import REPORTS
from ghfund.cli.common import date_problem, own_process
from ghfund.problems import UserProblem

COMMANDS: tuple[click.Command, ...] = (
    *(command for name, command in REPORTS.items() if " " not in name),  # the catalogue's
    rules_command.rules,
    init_command.init,
    import_command.import_group,
    standards_command.standards_command,
    books_command.books,
    encoding_command.convert_encoding,
    consolidate_command.consolidate,
    depreciate_command.depreciate,
    close_command.close,
    close_command.verify,
    carry_forward_command.carry_forward,
    reconcile_command.reconcile,
    serve_command.serve,
    voucher_command.voucher,
)


class Ghfund(click.Group):
    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except click.UsageError as error:
            click.echo(f"ghfund：{usage_message(error)}", err=True)
            if error.ctx is not None:
                click.echo(f"用 {error.ctx.command_path} --help 查看用法。", err=True)
            code = 2
        except click.ClickException as error:
            click.echo(f"ghfund：{error.format_message()}", err=True)
            code = error.exit_code
        except UserProblem as problem:
            click.echo(f"ghfund：{problem}", err=True)
            code = 2
        except click.Abort:
            click.echo("已取消。", err=True)
            code = 1
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)


def usage_message(error: click.UsageError) -> str:
    """Click's usage errors in Chinese."""
    if isinstance(error, click.NoSuchOption):
        hint = (
            f"（是否想用 {'、'.join(sorted(error.possibilities))}？）"
            if error.possibilities
            else ""
        )
        return f"没有选项 {error.option_name}{hint}"
    name = _param_name(error)
    if isinstance(error, click.MissingParameter):
        return f"缺少参数 {name}"
    if isinstance(error, click.BadParameter):
        param_type = error.param.type if error.param else None
        if isinstance(param_type, click.Choice):
            return f"参数 {name} 应为 {'、'.join(map(str, param_type.choices))} 之一"
        if isinstance(param_type, click.types.IntParamType):
            return f"参数 {name} 应为整数（{_click_text(error.message)}）"
        return f"参数 {name} 有误：{_click_text(error.message)}"
    text = error.message
    if text.startswith("No such command"):
        return f"没有子命令 {text.split(' ', 3)[-1].rstrip('.')}；用 ghfund --help 查看全部子命令"
    if text.startswith("Got unexpected extra argument"):
        return f"多余的参数 {text.split('(', 1)[-1].rstrip(')')}"
    if text.startswith("Missing command"):
        return "缺少子命令；用 ghfund --help 查看全部子命令"
    return f"用法错误：{text}"


_CLICK_TEXTS: tuple[tuple[re.Pattern[str], str | Callable[[str], str]], ...] = (
    (re.compile(r"(?:File|Directory|Path) '(.*)' does not exist\.?"), "{0} 不存在"),
    (re.compile(r"(?:File|Directory|Path) '(.*)' is a directory\.?"), "{0} 是目录，这里要的是文件"),
    (re.compile(r"(?:File|Directory|Path) '(.*)' is a file\.?"), "{0} 是文件，这里要的是目录"),
    (re.compile(r"(?:File|Directory|Path) '(.*)' is not readable\.?"), "{0} 不可读（没有权限）"),
    (re.compile(r"(?:File|Directory|Path) '(.*)' is not writable\.?"), "{0} 不可写（没有权限）"),
    (re.compile(r"'(.*)' is not a valid integer(?: range)?\.?"), "“{0}”不是整数"),
    (re.compile(r"(.*) is not in the range (.*?)\.?"), "{0} 不在范围 {1} 内"),
    (re.compile(r"'(.*)' does not match the formats? .*"), date_problem),
)


def _click_text(text: str) -> str:
    """Click's English texts for bad parameter values, in Chinese (others pass through)."""
    for pattern, chinese in _CLICK_TEXTS:
        match = pattern.fullmatch(text.strip())
        if match:
            return (
                chinese(*match.groups()) if callable(chinese) else chinese.format(*match.groups())
            )
    return text


def _param_name(error: click.UsageError) -> str:
    param = getattr(error, "param", None)
    if param is None:
        return str(getattr(error, "param_hint", "") or "")
    return (
        " / ".join(param.opts) if param.param_type_name == "option" else param.human_readable_name
    )


@click.group(cls=Ghfund, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ghfund")
def cli() -> None:
    """ghfund（工会经费）：基层工会经费的记账检查、年度报表与经审工具。

    不指定账本时使用自带的示例账本。
    """


for _command in COMMANDS:
    cli.add_command(_command)


def main() -> None:
    own_process()
    cli()
