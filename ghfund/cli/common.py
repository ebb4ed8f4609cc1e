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
from ghfund.files import MAIN_NAME, display_path, reason
from ghfund.month import Month
from ghfund.reports.render import FORMATS

if TYPE_CHECKING:
    from ghfund.ledger import Loaded
    from ghfund.reports.model import Report
    from ghfund.writing import Plan

F = TypeVar("F", bound=Callable[..., Any])

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

FORMAT_NAMES = tuple(FORMATS)  # naming the renderers imports none of them (nor pandas)


def ledger_argument(function: F) -> F:
    """An optional LEDGER; without it, ``main.beancount`` here, ``GHFUND_LEDGER``, or the
    bundled example book (``ledger_path``)."""
    return click.argument("ledger", required=False, type=click.Path(dir_okay=True))(function)


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """One Chinese line on stderr, then exit (2: usage or unreadable input)."""
    click.echo(f"ghfund：{message}", err=True)
    sys.exit(code)


LEDGER_VARIABLE = "GHFUND_LEDGER"


def _own_ledger() -> Path | None:
    """Without a ledger argument: ``main.beancount`` in the current folder, else the file
    ``GHFUND_LEDGER`` names (refused when it names nothing)."""
    here = Path(MAIN_NAME)
    if here.is_file():
        return here
    named = os.environ.get(LEDGER_VARIABLE, "").strip()
    if named:
        path = book_file(Path(named).expanduser())
        if path.is_dir():
            fail(
                f"环境变量 {LEDGER_VARIABLE} 指向的文件夹 {named} 中没有 {MAIN_NAME}；"
                f"请让它指向账本主文件，或在命令中给出账本主文件"
            )
        if not path.is_file():
            fail(
                f"环境变量 {LEDGER_VARIABLE} 指向的账本文件 {named} 不存在；"
                f"请改正它，或在命令中给出账本主文件"
            )
        return path
    return None


def date_problem(value: str) -> str:
    """Why ``value`` is not a date, in Chinese: the shape, or the day the month lacks."""
    import calendar
    import re

    shaped = re.fullmatch(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*", value)
    if shaped:
        year, month = int(shaped[1]), int(shaped[2])
        if not 1 <= month <= 12:
            return f"{value} 不是有效的日期：月份应在 1 至 12 之间"
        days = calendar.monthrange(year, month)[1]
        return f"{value} 不是有效的日期：{year} 年 {month} 月只有 {days} 天"
    return f"“{value}”不是日期：应写作 年-月-日，如 2024-12-31"


def book_file(path: Path) -> Path:
    """``path``, or the ``main.beancount`` in it when it is a book's folder."""
    inside = path / MAIN_NAME
    return inside if path.is_dir() and inside.is_file() else path


def ledger_path(ledger: str | None) -> Path:
    """LEDGER; else main.beancount in the current folder, else GHFUND_LEDGER; else the
    bundled example book (saying so on stderr)."""
    from ghfund.ledger import default_ledger

    if ledger is not None:
        return book_file(Path(ledger))
    own = _own_ledger()
    if own is not None:
        return own
    path = default_ledger()
    click.echo(f"未指定账本，使用自带的示例账本：{display_path(path)}", err=True)
    if above := _book_above():
        click.echo(f"（{above}）", err=True)
    return path


def _book_above() -> str:
    """For a command run in a book's sub-folder: where the book is, and how to use it."""
    above = next((p for p in Path.cwd().parents if (p / MAIN_NAME).is_file()), None)
    if above is None:
        return ""
    return (
        f"上级文件夹 {display_path(above)} 有账本 {MAIN_NAME}；要用它，请先进入该文件夹，"
        f"或在命令中给出 {display_path(above / MAIN_NAME)}"
    )


def writing_ledger(ledger: str | None, option: str = "--ledger") -> Path:
    """The book a writing command writes: LEDGER, else main.beancount in the current folder,
    else GHFUND_LEDGER; never the bundled example (exit 2). ``option`` names how the
    command takes its ledger."""
    from ghfund.writing import refuse_bundled

    path = book_file(Path(ledger)) if ledger is not None else _own_ledger()
    if path is None:
        fail(
            f"这个命令会改动账本，但没有指定账本：当前文件夹没有 {MAIN_NAME}，"
            f"也没有设置环境变量 {LEDGER_VARIABLE}；请进入账本所在文件夹，或用 {option} 指明账本主文件"
            + (f"（{above}）" if (above := _book_above()) else "")
        )
    refuse_bundled(path)
    return path


def load(path: Path) -> Loaded:
    """Load the book at ``path``; one clean Chinese line (exit 2) if it is unreadable."""
    from ghfund.ledger import load_file  # lazy: a cached answer needs no Beancount
    from ghfund.writing import interrupted

    loaded = load_file(path)
    refuse_foreign(loaded)
    if interrupted(path):
        click.echo(f"ghfund：{interrupted(path)}。", err=True)
    if _OWN_PROCESS:
        collector.leave_alone()  # the command keeps the book to its end
    return loaded


def refuse_foreign(loaded: Loaded) -> None:
    """Refuse (exit 2) a book not kept in the union chart: its findings would be noise and its
    statements all zero."""
    from ghfund.chart import foreign_book

    problem = foreign_book(loaded.book.opens, display_path(loaded.path))
    if problem:
        fail(problem)


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


def dry_run_and_to(function: F) -> F:
    """--to and --dry-run, as every command that writes into a book takes them."""
    function = click.option("--dry-run", is_flag=True, help="只显示将写入的内容，不改动账本。")(
        function
    )
    return click.option(
        "--to",
        "target",
        type=click.Path(dir_okay=False),
        help="写入账本中的哪个文件（须已被主文件 include），默认主文件。",
    )(function)


def writes_into_book(function: F) -> F:
    """--ledger, --to and --dry-run, as every command that writes into a book takes them."""
    function = dry_run_and_to(function)
    return click.option(
        "--ledger",
        type=click.Path(dir_okay=False),
        help=f"账本主文件；默认当前文件夹的 {MAIN_NAME}，或环境变量 {LEDGER_VARIABLE} 指定的文件。",
    )(function)


def write_into_book(
    ledger: str | None,
    make_plan: Callable[[Loaded], Plan | None],
    dry_run: bool,
    command: str,
    option: str = "--ledger",
) -> Loaded | None:
    """The one path of every command that writes into a book (``ghfund.writing``): snapshot
    the book's files, load it, let ``make_plan`` plan (``None``: nothing to write, it said
    why), check the plan, then show it (``dry_run``) or commit it under the book's lock.
    When another writer changed the book meanwhile, plan again (twice at most). Refusals
    exit 2 with their Chinese message; the book is then unchanged. Returns the book as
    loaded for the plan that was written (``None`` when nothing was). ``option`` names how
    the command takes its ledger."""
    from ghfund import writing

    path = writing_ledger(ledger, option)
    if not dry_run:
        # plan from the book as it was before an interrupted commit, not from half of it
        for note in writing.recovered(path, command):
            click.echo(f"ghfund：{note}。", err=True)
    for attempt in range(3):
        shot = writing.snapshot(path)
        loaded = load(path)
        plan = make_plan(loaded)
        if plan is None or plan.empty:
            return None
        writing.check(plan, loaded, shot=shot)
        if dry_run:
            click.echo(plan.render())
            return None
        try:
            notes = writing.commit(plan, shot.covering(loaded), command)
        except writing.Changed as changed:
            if attempt < 2:
                continue
            fail(str(changed))
        except OSError as error:
            fail(f"无法写入账本：{reason(error)}；账本未改动")
        for note in notes:
            click.echo(f"ghfund：{note}。", err=True)
        names = "、".join(display_path(change.path) for change in plan.changes)
        click.echo(f"已写入 {names}：{plan.summary}。")
        return loaded
    return None


def year_option(function: F) -> F:
    return click.option(
        "--year", "year", required=True, type=click.IntRange(1990, 2100), help="年度，如 2025。"
    )(function)


def report_options(function: F, formats: tuple[str, ...] = FORMAT_NAMES) -> F:
    """--format (one of ``formats``), -o/--output and --force, as every report command takes
    them."""
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
        type=click.Choice(formats),
        default=None,
        help="输出格式，默认 text（或按 -o 的扩展名）。",
    )(function)


def output_format(fmt_: str | None, output: str | None) -> str:
    """The format asked for, else the one the output file's extension names, else text."""
    from ghfund.reports.render import SUFFIXES

    fmt_ = format_for(fmt_, output, SUFFIXES)
    if output is None and fmt_ in ("xlsx", "pdf", "docx") and sys.stdout.isatty():
        fail(f"{fmt_} 是二进制文件，请用 -o 文件名.{fmt_} 写入文件")
    return fmt_


def rendered(report: Report, fmt_: str) -> bytes:
    import io

    buffer = io.BytesIO()
    FORMATS[fmt_](report, buffer)
    return buffer.getvalue()


def write(data: bytes, output: str | None, force: bool, book: Path | None = None) -> None:
    """``data`` to stdout or to the output file (atomically, no silent overwrite; never a
    ledger file, nor a file of ``book``)."""
    from ghfund.files import write_output
    from ghfund.writing import book_files

    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        write_output(Path(output), data, force, book_files(book) if book else ())
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


def run_report(
    ledger: str | None,
    build: Callable[[Loaded], Report],
    fmt_: str | None,
    output: str | None,
    force: bool,
    key: tuple[str, ...] = (),
) -> NoReturn:
    """A report command's run (``run``) of the report ``build`` makes."""
    run(ledger, lambda loaded, fmt_: told(build(loaded), fmt_), fmt_, output, force, key)


def told(report: Report, fmt_: str) -> Outcome:
    """``report`` rendered as ``fmt_``, its warnings and problems said, exit 1 on problems."""
    said = tuple(f"ghfund：{line.rstrip('。')}。" for line in (*report.warnings, *report.problems))
    return Outcome(rendered(report, fmt_), said, EXIT_FINDINGS if report.problems else EXIT_CLEAN)


def run(
    ledger: str | None,
    compute: Callable[[Loaded, str], Outcome],
    fmt_: str | None,
    output: str | None,
    force: bool,
    key: tuple[str, ...] = (),
) -> NoReturn:
    """The one output path of every report command: load LEDGER, compute the outcome in the
    format asked for (build and render: ``told``), write it, say the report's warnings and
    problems, and exit 0 (clean), 1 (problems: open findings, a failed identity, ledger
    errors) or 2 (usage, unreadable file, a period without data). An unchanged book is
    answered from the results cache (``ghfund.cache``); ``key`` adds to the cache key what
    the answer depends on besides the book and the command line (an input file's digest)."""
    path = ledger_path(ledger)
    fmt_ = output_format(fmt_, output)
    deliver(answer(path, lambda loaded: compute(loaded, fmt_), fmt_, *key), output, force, path)


def deliver(
    outcome: Outcome, output: str | None, force: bool, book: Path | None = None
) -> NoReturn:
    """The end of every report command: write the output (stdout, or the file, atomically and
    never over the ledger ``book``'s files), say the warnings and problems, exit with the code."""
    write(outcome.output, output, force, book)
    for line in outcome.said:
        click.echo(line, err=True)
    sys.exit(outcome.code)


def book_plan(loaded: Loaded, summary: str) -> Plan:
    """An empty plan of what a writer adds to the book ``loaded`` (``summary`` says what)."""
    from ghfund.writing import Plan

    if loaded.path is None:  # a book loaded from a file always has its path
        fail("没有可写入的账本文件")
    return Plan(loaded.path, summary)


def target_file(target: str | None, loaded: Loaded) -> Path:
    """The book file a writer appends to: ``--to`` (which the book must include), else
    the main file."""
    path = Path(target) if target else loaded.path
    if path is None:  # a book loaded from a file always has its path
        fail("没有可写入的账本文件")
    if target and not path.is_absolute() and loaded.path is not None:
        beside = loaded.path.parent / path  # as the main file's include lines name it
        if not _included(path, loaded) and _included(beside, loaded):
            path = beside
    part_of_book(path, loaded)
    return path


def _included(path: Path, loaded: Loaded) -> bool:
    files = loaded.book.options_map.get("include", [])
    return path.resolve() in {Path(name).resolve() for name in files}


def part_of_book(path: Path, loaded: Loaded) -> None:
    """Refuse (exit 2) a target file the book does not include: what is written there would
    not count."""
    if _included(path, loaded):
        return
    files = [Path(name) for name in loaded.book.options_map.get("include", [])]
    listed = "、".join(display_path(f) for f in files)
    if not path.exists():
        fail(
            f"{display_path(path)} 不存在，也还不是这本账的文件，写入后不会生效；请先建立这个文件"
            f"并在主文件中 include 它（主文件的 include 通配符也要能匹配到它），"
            f"或用 --to 指定账本已有的文件：{listed}"
        )
    fail(
        f"{display_path(path)} 不是这本账的文件（主文件没有 include 它），写入后不会生效；"
        f"请先在主文件中加一行 include，或用 --to 指定账本已有的文件：{listed}"
    )


class MonthParam(click.ParamType):  # type: ignore[type-arg]  # generic only from click 8.5
    """An option's ``YYYY-MM`` value as a ``ghfund.month.Month``; anything else is refused
    with ``BadMonth``'s Chinese message (exit 2)."""

    name = "YYYY-MM"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> Month:
        if isinstance(value, Month):
            return value
        what = "/".join(param.opts) if param is not None and param.opts else "月份"
        return Month.parse(str(value), what)


MONTH = MonthParam()


def read_input(file: str, what: str) -> bytes:
    """The bytes of an input FILE (``what`` names it: 银行对账单, 序时账, …); one clean Chinese
    line (exit 2) when it is missing or unreadable."""
    try:
        return Path(file).read_bytes()
    except FileNotFoundError:
        fail(f"找不到{what} {file}")
    except OSError as error:
        fail(f"无法读取 {file}：{reason(error)}")
