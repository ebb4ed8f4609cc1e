"""One month of the books: ``Month(2025, 3)``, written ``2025-03`` everywhere a user names one.

``Month.parse`` is the one parser of a user's month (``--month``, ``--through``, a Fava
picker): ``YYYY-MM`` (a one-digit month, ``2025-3``, is read the same), anything else is
refused with a Chinese message. ``month_end`` is the one month-end of a date. ``Month`` is a
named tuple, so code that holds ``(year, month)`` pairs keeps working with it.
"""

from __future__ import annotations

import calendar
import datetime
import re
from typing import NamedTuple

from ghfund.problems import UserProblem

_TEXT = re.compile(r"(\d{4})-(\d{1,2})")
FIRST_YEAR, LAST_YEAR = 1990, 2100  # the years a command accepts (as ``--year`` does)


class BadMonth(UserProblem, ValueError):
    """A month not written ``YYYY-MM`` (its text says so in Chinese)."""


def month_end(day: datetime.date) -> datetime.date:
    """The last day of ``day``'s month."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


class Month(NamedTuple):
    year: int
    month: int  # 1–12

    @classmethod
    def parse(cls, text: str, what: str = "月份") -> Month:
        """``YYYY-MM`` → Month; ``BadMonth`` (naming ``what``, e.g. ``--month``) otherwise."""
        match = _TEXT.fullmatch(str(text).strip())
        if (
            not match
            or not 1 <= int(match[2]) <= 12
            or not FIRST_YEAR <= int(match[1]) <= LAST_YEAR
        ):
            raise BadMonth(f"{what} 应为 YYYY-MM，如 2025-03，实为 “{text}”")
        return cls(int(match[1]), int(match[2]))

    @classmethod
    def of(cls, day: datetime.date) -> Month:
        return cls(day.year, day.month)

    @property
    def first(self) -> datetime.date:
        return datetime.date(self.year, self.month, 1)

    @property
    def end(self) -> datetime.date:
        return month_end(self.first)

    def next(self) -> Month:
        return Month(self.year + 1, 1) if self.month == 12 else Month(self.year, self.month + 1)

    def previous(self) -> Month:
        return Month(self.year - 1, 12) if self.month == 1 else Month(self.year, self.month - 1)

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"
