"""What every ghfund command shares: the LEDGER argument, loading, and failing cleanly."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from ghfund.ledger import LedgerError, Loaded, default_ledger, load_file

F = TypeVar("F", bound=Callable[..., Any])

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def ledger_argument(function: F) -> F:
    """An optional LEDGER; without it, the bundled example book."""
    return click.argument("ledger", required=False, type=click.Path(dir_okay=True))(function)


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """One Chinese line on stderr, then exit (2: usage or unreadable input)."""
    click.echo(f"ghfund：{message}", err=True)
    sys.exit(code)


def open_ledger(ledger: str | None) -> Loaded:
    """Load LEDGER (or the example book, saying so on stderr); one clean line if unreadable."""
    if ledger is None:
        path = default_ledger()
        click.echo(f"未指定账本，使用自带的示例账本：{display_path(path)}", err=True)
    else:
        path = Path(ledger)
    try:
        return load_file(path)
    except LedgerError as error:
        fail(str(error))


def display_path(path: str | Path | None) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    if path is None:
        return ""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
