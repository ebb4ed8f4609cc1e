"""账簿: the trial balance of a year and the detail ledger of an account chosen on the page.

The year is chosen as on every ghfund page; the account (``?account=CODE``, any level)
from the accounts with a balance or postings that year, the first of them by default.
Both tables are ``ghfund books trial`` and ``ghfund books detail``'s, and the xlsx
download is the same report.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from flask import request

from ghfund.fava import page
from ghfund.fava.session import Session, session_of
from ghfund.fava.views import Choice, Page

if TYPE_CHECKING:
    from ghfund.reports.model import Report


class Ledgers(page.ReportPage):
    """账簿: 科目余额表 and a 明细账 of the chosen account, with downloads."""

    report_title = "账簿"
    entry = "books trial"

    def accounts(self, year: str) -> tuple[Choice, ...]:
        """The accounts the page offers for ``year`` (code and name)."""
        from ghfund.reports.catalogue_entry import BadValue

        session = session_of(self.ledger)
        try:
            typed = self.typed(session, year)["year"]
        except BadValue:
            return ()

        def listed() -> tuple[Choice, ...]:
            from ghfund.reports import subledger

            nodes = subledger.accounts(session.book, typed)
            return tuple(Choice(n.code, f"{n.code} {n.name}") for n in nodes)

        return session.cached((self.name, "accounts", year), listed, tuple)

    def account(self, year: str) -> str:
        """The requested account, when the book has it that year; else the first one."""
        choices = self.accounts(year)
        wanted = self.wanted_account()
        if any(choice.value == wanted for choice in choices):
            return wanted
        return choices[0].value if choices else ""

    def chosen(self, choices: Sequence[Choice]) -> tuple[str, str]:
        """The year as on every page; an account the book does not have that year is said
        on the page, never replaced by another one."""
        year, problem = super().chosen(choices)
        wanted = self.wanted_account()
        if problem or not wanted:
            return year, problem
        offered = self.accounts(year)
        if any(choice.value == wanted for choice in offered):
            return year, ""
        listed = "、".join(choice.value for choice in offered) or "（无）"
        return year, f"账本 {year} 年没有编码为“{wanted}”的科目的账；可选的科目编码：{listed}。"

    def wanted_account(self) -> str:
        return request.args.get("account", "").strip()

    def build(self, session: Session, chosen: str) -> Report:
        """``books trial`` (the page's entry) for a book without accounts that year; else the
        trial balance and the chosen account's 明细账 in one report, as only the page shows
        them."""
        from ghfund.reports import subledger

        code = self.account(chosen)
        if not code:
            return super().build(session, chosen)
        return subledger.with_trial(session.loaded, self.typed(session, chosen)["year"], code)

    def requested(self) -> tuple[str, ...]:
        return (*super().requested(), self.wanted_account())

    def report_key(self, chosen: str) -> tuple[str, ...]:
        return (chosen, self.account(chosen))

    def download_url(self, shown: Page, fmt: str = "xlsx") -> str:
        url = super().download_url(shown, fmt)
        code = self.account(shown.chosen)
        return f"{url}&account={code}" if code and "?" in url else url
