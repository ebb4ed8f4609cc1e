"""What every ghfund command shares: the LEDGER argument, loading, and failing cleanly."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from ghfund import collector
from ghfund.files import display_path, reason

if TYPE_CHECKING:
    from ghfund.ledger import Loaded
    from ghfund.reports.model import Report

F = TypeVar("F", bound=Callable[..., Any])

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

# The keys of ghfund.reports.render.FORMATS, named here so that loading the CLI does not
# import pandas and openpyxl (tests/test_render.py checks that the two agree).
FORMAT_NAMES = ("text", "json", "csv", "xlsx", "html", "pdf", "docx")


def ledger_argument(function: F) -> F:
    """An optional LEDGER; without it, the bundled example book."""
    return click.argument("ledger", required=False, type=click.Path(dir_okay=True))(function)


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """One Chinese line on stderr, then exit (2: usage or unreadable input)."""
    click.echo(f"ghfund：{message}", err=True)
    sys.exit(code)


def ledger_path(ledger: str | None) -> Path:
    """LEDGER, or the example book (saying so on stderr)."""
    from ghfund.ledger import default_ledger

    if ledger is None:
        path = default_ledger()
        click.echo(f"未指定账本，使用自带的示例账本：{display_path(path)}", err=True)
        return path
    return Path(ledger)


def load(path: Path) -> Loaded:
    """Load the book at ``path``; one clean Chinese line (exit 2) if it is unreadable."""
    from ghfund.ledger import LedgerError, load_file  # lazy: a cached answer needs no Beancount

    try:
        loaded = load_file(path)
    except LedgerError as error:
        fail(str(error))
    if _OWN_PROCESS:
        collector.leave_alone()  # the command keeps the book to its end
    return loaded


_OWN_PROCESS = False


def own_process() -> None:
    """The command runs as its own process (``ghfund`` on the command line), not inside a
    test or another program: what it loads may stay outside the cyclic collector's work."""
    global _OWN_PROCESS
    _OWN_PROCESS = True


def open_ledger(ledger: str | None) -> Loaded:
    """Load LEDGER (or the example book, saying so on stderr); one clean line if unreadable."""
    return load(ledger_path(ledger))


@dataclass(frozen=True)
class Outcome:
    """What a command says about a book: its output, its lines on stderr, its exit status."""

    output: bytes
    said: tuple[str, ...]
    code: int


def answer(path: Path, compute: Callable[[Loaded], Outcome], *extra: str) -> Outcome:
    """The command's outcome on the book at ``path``: from the results cache when the book,
    ghfund and the command line are unchanged since it was computed (``ghfund.cache``),
    else computed (and stored). ``extra`` adds what the command line does not show (the
    resolved output format)."""
    from ghfund import cache

    key = _command_key(extra)
    hit = cache.get(path, key)
    if isinstance(hit, Outcome):
        return hit
    loaded = load(path)
    outcome = compute(loaded)
    from ghfund.ledger import book_files  # loaded by now

    cache.put(path, book_files(loaded.book), key, outcome)
    return outcome


def _command_key(extra: tuple[str, ...]) -> tuple[str, ...]:
    """The command path, its parameters (not where the output goes) and the working
    directory (messages show paths relative to it)."""
    context = click.get_current_context(silent=True)
    if context is None:
        return ("?", os.getcwd(), *extra)
    params = {
        name: value
        for name, value in context.params.items()
        if name not in ("output", "force", "ledger")
    }
    return (context.command_path, repr(sorted(params.items())), os.getcwd(), *extra)


def writes_into_book(required: bool = False) -> Callable[[F], F]:
    """--ledger, --to and --dry-run, as every command that writes into a book takes them."""

    def decorate(function: F) -> F:
        function = click.option("--dry-run", is_flag=True, help="只显示将写入的内容，不改动账本。")(
            function
        )
        function = click.option(
            "--to",
            "target",
            type=click.Path(dir_okay=False),
            help="写入账本中的哪个文件（须已被主文件 include），默认主文件。",
        )(function)
        return click.option(
            "--ledger",
            required=required,
            type=click.Path(dir_okay=False),
            help="账本主文件。"
            + ("" if required else "写入时必须指定；只预览（--dry-run）时可省略，使用示例账本。"),
        )(function)

    return decorate


def year_option(function: F) -> F:
    return click.option(
        "--year", "year", required=True, type=click.IntRange(1990, 2100), help="年度，如 2025。"
    )(function)


def report_options(function: F) -> F:
    """--format, -o/--output and --force, as every report command takes them."""
    function = click.option("--force", is_flag=True, help="覆盖已存在的输出文件。")(function)
    function = click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False),
        help="写入文件（格式按扩展名推断：.txt .json .csv .xlsx .html .pdf .docx）。",
    )(function)
    return click.option(
        "--format",
        "fmt_",
        type=click.Choice(FORMAT_NAMES),
        default=None,
        help="输出格式，默认 text（或按 -o 的扩展名）。",
    )(function)


def output_format(fmt_: str | None, output: str | None) -> str:
    """The format asked for, else the one the output file's extension names, else text."""
    from ghfund.reports.render import SUFFIXES

    fmt_ = format_for(fmt_, output, SUFFIXES)
    if output is None and fmt_ in ("xlsx", "pdf") and sys.stdout.isatty():
        fail(f"{fmt_} 是二进制文件，请用 -o 文件名.{fmt_} 写入文件")
    return fmt_


def rendered(report: Report, fmt_: str) -> bytes:
    import io  # lazy imports: pandas and openpyxl load only for reports

    from ghfund.reports.render import FORMATS, RenderProblem

    buffer = io.BytesIO()
    try:
        FORMATS[fmt_](report, buffer)
    except RenderProblem as problem:  # a PDF without a Chinese font: say what to install
        fail(str(problem))
    return buffer.getvalue()


def write(data: bytes, output: str | None, force: bool) -> None:
    """``data`` to stdout or to the output file (atomically, no silent overwrite)."""
    from ghfund.files import FileExistsProblem, write_output

    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        write_output(Path(output), data, force)
    except FileExistsProblem as problem:
        fail(str(problem))
    except OSError as error:
        fail(f"无法写入 {output}：{reason(error)}")
    click.echo(f"已写入 {display_path(output)}", err=True)


def format_for(fmt_: str | None, output: str | None, suffixes: dict[str, str]) -> str:
    """The format to write: ``--format``, else the one ``-o``'s extension names, else text.
    An extension that names another format, or none known without ``--format``, is refused."""
    suffix = Path(output).suffix.lower() if output else ""
    implied = suffixes.get(suffix)
    by_format: dict[str, str] = {}
    for known, name in suffixes.items():
        by_format.setdefault(name, known)
    if fmt_ is not None and implied is not None and implied != fmt_:
        fail(
            f"输出文件 {output} 的扩展名 {suffix} 表示 {implied} 格式，与 --format {fmt_} 不符；"
            f"请把文件名改为 {Path(str(output)).with_suffix(by_format.get(fmt_, ''))}，或去掉 --format"
        )
    if fmt_ is None and suffix and implied is None:
        listed = "、".join(f"{k}（{v}）" for k, v in suffixes.items())
        fail(
            f"无法从输出文件 {output} 的扩展名 {suffix} 判断格式；可用的扩展名：{listed}，"
            "或用 --format 指定格式"
        )
    return fmt_ or implied or "text"


def emit(report: Report, fmt_: str | None, output: str | None, force: bool) -> None:
    """Render ``report`` to stdout or to the output file (atomically, no silent overwrite)."""
    write(rendered(report, output_format(fmt_, output)), output, force)


def run_report(
    ledger: str | None,
    build: Callable[[Loaded], Report],
    fmt_: str | None,
    output: str | None,
    force: bool,
) -> NoReturn:
    """The one path of every report command: load LEDGER, build, render, write, say the
    report's warnings and problems, and exit 0 (clean), 1 (problems: open findings, a failed
    identity, ledger errors) or 2 (usage, unreadable file, a period without data). An
    unchanged book is answered from the results cache (``ghfund.cache``)."""
    path = ledger_path(ledger)
    fmt_ = output_format(fmt_, output)

    def compute(loaded: Loaded) -> Outcome:
        from ghfund.reports.model import NoData  # lazy: pandas loads only for reports

        try:
            result = build(loaded)
        except NoData as problem:
            fail(str(problem))
        said = tuple(
            f"ghfund：{line.rstrip('。')}。" for line in (*result.warnings, *result.problems)
        )
        return Outcome(
            rendered(result, fmt_), said, EXIT_FINDINGS if result.problems else EXIT_CLEAN
        )

    outcome = answer(path, compute, fmt_)
    write(outcome.output, output, force)
    for line in outcome.said:
        click.echo(line, err=True)
    sys.exit(outcome.code)


def part_of_book(path: Path, loaded: Loaded) -> None:
    """Refuse (exit 2) a target file the book does not include: what is written there would
    not count."""
    files = [Path(name) for name in loaded.book.options_map.get("include", [])]
    if path.resolve() in {f.resolve() for f in files}:
        return
    listed = "、".join(display_path(f) for f in files)
    fail(
        f"{display_path(path)} 不是这本账的文件（主文件没有 include 它），写入后不会生效；"
        f"请先在主文件中加一行 include，或用 --to 指定账本已有的文件：{listed}"
    )


def append_to_book(
    path: Path, text: str, what: str, dry_run: bool = False, expected: bytes | None = None
) -> bool:
    """Show (``dry_run``) or append ``text`` to ``path`` atomically, if the file is still
    ``expected`` (as read before planning; default: as it is now). ``what`` says what it is
    ("3 个月（2025-01、…）"). Whether it was written."""
    from ghfund.files import FileExistsProblem, append, reason

    name = display_path(path)
    if dry_run:
        click.echo(f"预览（未写入）：将在 {name} 末尾追加 {what}：\n")
        click.echo(text)
        return False
    try:
        append(path, "\n" + text, path.read_bytes() if expected is None else expected)
    except FileExistsProblem as problem:
        fail(str(problem))
    except OSError as error:
        fail(f"无法写入 {name}：{reason(error)}")
    click.echo(f"已写入 {name}：{what}。")
    return True
