"""What a catalogue entry is (``ghfund.reports.catalogue``): a report's typed parameters
(``Param``), and the ``Entry`` that holds them with the report's checks and builder.

A value is typed: a year is an ``int``, a month a ``Month``, a flag a ``bool``; a parameter
not given is ``None`` (``False`` for a flag, ``()`` for a repeated one). ``Param.parse``
reads a value as a Fava page's query writes it; the command line reads it through the click
type its kind names (``ghfund.cli.catalogue_command``).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from ghfund.month import FIRST_YEAR, LAST_YEAR, Month
from ghfund.problems import UserProblem
from ghfund.reports.render import FORMATS

if TYPE_CHECKING:
    from ghfund.ledger import Loaded
    from ghfund.reports.model import Report

Values = Mapping[str, Any]
Kind = Literal["year", "int", "month", "text", "date", "flag", "names"]


class BadValue(UserProblem, ValueError):
    """A parameter's value, or a combination of values, the report cannot take."""


@dataclass(frozen=True)
class Param:
    """One parameter: ``name`` is its key in the values (and click's name), ``option`` the
    option as typed (``--name`` by default). ``year`` and ``int`` values lie in
    ``low``–``high``; ``names`` is a repeated option whose values ``known`` checks (the
    Chinese problem, or ``""``)."""

    name: str
    kind: Kind
    help: str
    option: str = ""
    required: bool = False
    metavar: str | None = None
    low: int = FIRST_YEAR
    high: int = LAST_YEAR
    known: Callable[[tuple[str, ...]], str] | None = None

    @property
    def flag(self) -> str:
        return self.option or f"--{self.name.replace('_', '-')}"

    def parse(self, text: str) -> Any:
        """A value as a page's query writes it (text), typed; ``BadValue`` otherwise."""
        text = text.strip()
        if self.kind in ("year", "int"):
            if not text.lstrip("-").isdigit() or not self.low <= int(text) <= self.high:
                raise BadValue(
                    f"{self.flag} 应为 {self.low} 至 {self.high} 之间的整数，实为 “{text}”"
                )
            return int(text)
        if self.kind == "month":
            return Month.parse(text, self.flag)
        if self.kind == "flag":
            return text not in ("", "0", "false", "no", "off")
        if self.kind == "names":
            names = tuple(name for name in text.split(",") if name)
            problem = self.known(names) if self.known else ""
            if problem:
                raise BadValue(problem)
            return names
        return text


def no_problems(values: Values) -> list[str]:
    return []


def as_given(values: Values) -> dict[str, Any]:
    return dict(values)


# What the command line writes without a report renderer: (output, lines said, failed).
Listing = tuple[bytes, tuple[str, ...], bool]


@dataclass(frozen=True)
class Entry:
    """One report. ``listing`` answers the formats the entry writes itself (``check``'s text
    and JSON lists), ``None`` for the others, which the renderers write."""

    name: str
    help: str
    params: tuple[Param, ...]
    build: Callable[[Loaded, Values], Report]
    problems: Callable[[Values], list[str]] = no_problems
    settle: Callable[[Values], dict[str, Any]] = as_given
    listing: Callable[[Loaded, Values, str], Listing | None] | None = None
    formats: tuple[str, ...] = tuple(FORMATS)
    pages: tuple[str, ...] = ()  # the Fava pages showing it (class names in ``ghfund.fava``)

    def param(self, name: str) -> Param:
        return next(param for param in self.params if param.name == name)

    def values(self, given: Mapping[str, str]) -> dict[str, Any]:
        """The values of a page's choice (texts by parameter name), typed and checked; the
        parameters not given are absent. ``BadValue`` with the first problem."""
        values: dict[str, Any] = {param.name: _absent(param) for param in self.params}
        values.update({name: self.param(name).parse(text) for name, text in given.items()})
        problems = self.problems(values)
        if problems:
            raise BadValue(problems[0])
        return values


def _absent(param: Param) -> Any:
    return False if param.kind == "flag" else () if param.kind == "names" else None


def parse_date(text: str, option: str) -> datetime.date:
    """A ``YYYY-MM-DD`` value (``option`` names it); ``BadValue`` otherwise."""
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise BadValue(f"{option} 应为 YYYY-MM-DD，如 2026-01-20，实为 “{text}”") from None
