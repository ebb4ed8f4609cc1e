"""The report commands, made from the catalogue (``ghfund.reports.catalogue``): ``command(name)``
is the click command of one entry — the LEDGER argument, one option per parameter of the
type its kind names, ``--format``/``-o``/``--force``; the entry's checks (said in Chinese,
exit 2), then ``common.run``. A new report is one catalogue entry; its command is made here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from ghfund.cli.common import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    MONTH,
    Outcome,
    fail,
    ledger_argument,
    report_options,
    run,
    told,
)
from ghfund.reports.catalogue import ENTRIES
from ghfund.reports.catalogue_entry import Entry, Param, Values

if TYPE_CHECKING:
    from ghfund.ledger import Loaded


def option(param: Param) -> Any:
    """The click option of ``param``: its type from its kind, its help and metavar."""
    settings: dict[str, Any] = {"help": param.help, "required": param.required}
    if param.metavar:
        settings["metavar"] = param.metavar
    if param.kind in ("year", "int"):
        settings["type"] = click.IntRange(param.low, param.high)
    elif param.kind == "month":
        settings["type"] = MONTH
    elif param.kind == "flag":
        settings["is_flag"] = True
    elif param.kind == "names":
        settings["multiple"] = True
        settings["callback"] = _known(param)
    return click.option(param.flag, param.name, **settings)


def _known(param: Param) -> Any:
    def check(ctx: click.Context, given: click.Parameter, value: tuple[str, ...]) -> Any:
        problem = param.known(value) if param.known else ""
        if problem:
            raise click.BadParameter(problem, ctx, given)
        return value

    return check


def command(name: str) -> click.Command:
    """The command of the catalogue entry ``name`` (its last word is the command's name)."""
    entry = ENTRIES[name]

    def report_command(
        ledger: str | None, fmt_: str | None, output: str | None, force: bool, **given: Any
    ) -> None:
        problems = entry.problems(given)
        if problems:
            fail(problems[0])
        values = entry.settle(given)
        click.get_current_context().params.update(values)  # the results cache keys on them
        run(ledger, lambda loaded, fmt_: outcome(entry, loaded, values, fmt_), fmt_, output, force)

    function: Any = report_options(report_command, entry.formats)
    for param in reversed(entry.params):
        function = option(param)(function)
    return click.command(name.split()[-1], help=entry.help)(ledger_argument(function))


def outcome(entry: Entry, loaded: Loaded, values: Values, fmt_: str) -> Outcome:
    """The entry's answer in ``fmt_``: its own listing for the formats it writes itself,
    else its report through the renderers."""
    listed = entry.listing(loaded, values, fmt_) if entry.listing else None
    if listed is not None:
        data, said, failed = listed
        return Outcome(data, said, EXIT_FINDINGS if failed else EXIT_CLEAN)
    return told(entry.build(loaded, {**values, "format": fmt_}), fmt_)


REPORTS = {name: command(name) for name in ENTRIES}
