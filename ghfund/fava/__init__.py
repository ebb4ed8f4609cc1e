"""ghfund's pages in Fava, enabled by one line in the ledger's main file:

    2025-01-01 custom "fava-extension" "ghfund.fava"

Each class is one page in Fava's sidebar, which lists them by class name (so the
names keep the order below): 年度报表, 预算执行, 经审检查, 离任审计, 拨缴与上解. Every page shows the
report the ``ghfund`` command line builds, for the year chosen at its top, and
offers it as xlsx. The pages read the ledger Fava has loaded and compute only
when opened (see ``ghfund.fava.session``); an exception in a page becomes a
message on the page and an error on Fava's error page, never a stopped Fava.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ghfund.fava import page
from ghfund.fava.session import Session, session_of
from ghfund.fava.views import Choice, Page, failure, findings_view

if TYPE_CHECKING:
    from ghfund.reports.model import Report


def _overrun(record: dict[str, object]) -> bool:
    """A line the budget execution table marks 超支: shown red."""
    from ghfund.reports.budget_execution import OVERRUN

    return OVERRUN in str(record.get("status") or "")


class AnnualReport(page.ReportPage):
    """年度报表: ``ghfund report``'s annual accounts: 工会01表, 工会02表, budget execution, notes."""

    report_title = "年度报表"
    bars = ("rate",)

    def build(self, session: Session, chosen: str) -> Report:
        from ghfund.reports import annual

        return annual.build(session.loaded, int(chosen))

    marked = staticmethod(_overrun)

    def warnings(self, session: Session, chosen: str, report: Report) -> list[str]:
        from ghfund.reports import annual

        return annual.problems(report, session.loaded, int(chosen))


class BudgetExecution(page.ReportPage):
    """预算执行: ``ghfund budget``'s report: execution rates as bars, overruns red, findings."""

    report_title = "预算执行"
    bars = ("rate",)

    def build(self, session: Session, chosen: str) -> Report:
        from ghfund.reports import budget_execution

        return budget_execution.report(session.loaded, int(chosen))

    marked = staticmethod(_overrun)


class Checks(page.ReportPage):
    """经审检查: every finding by rule, each linked to its line; acknowledged ones apart."""

    report_title = "经审检查"
    param = ""  # the whole book: nothing to choose

    def page(self) -> Page:
        title = self.report_title

        def make() -> Page:
            from ghfund.cli.check import DESCRIPTIONS

            session = session_of(self.ledger)
            view = session.memo(
                (self.name, "view"),
                lambda: findings_view(session.findings, session.beancount_errors, DESCRIPTIONS),
            )
            return Page(title, param="", findings=view)

        return self.guarded(make, lambda error: failure(title, error))

    def build(self, session: Session, chosen: str) -> Report:
        from ghfund.findings import listing
        from ghfund.reports import findings
        from ghfund.reports.model import Report

        rows = listing(session.findings, session.beancount_errors)
        table = findings.table(rows, "findings", "检查发现清单", "没有发现。")
        last = session.book.last_date
        union = (session.book.settings.union_name(last) or "") if last else ""
        period = f"截至{last.isoformat()}" if last else ""
        return Report("findings", "经审检查发现清单", union, period, (table,))


class DepartureAudit(page.ReportPage):
    """离任审计: ``ghfund audit --officer``'s departure report, for the officer chosen."""

    report_title = "离任审计"
    param = "officer"
    nothing = "账本中没有任期可审计：用 ghfund-officer / ghfund-officer-end 登记任职。"

    def choices(self, session: Session) -> list[Choice]:
        """Every person and role with a term the book holds (the latest term of each)."""
        from ghfund.reports import departure

        latest = {(t.person, t.role): t for t in departure.choices(session.book)}
        listed = []
        for (person, role), term in latest.items():
            try:
                departure.span_of(session.book, term)
            except departure.TermProblem:
                continue  # ended before the book begins: nothing to show
            listed.append(Choice(f"{person}/{role}", f"{person}（{role}，{term.span()}）"))
        return listed

    def build(self, session: Session, chosen: str) -> Report:
        from ghfund.reports import departure

        person, role = chosen.rsplit("/", 1)
        return departure.build(session.loaded, person, role)

    def warnings(self, session: Session, chosen: str, report: Report) -> list[str]:
        from ghfund.reports import departure

        return departure.problems(report, session.loaded)


class Funding(page.ReportPage):
    """拨缴与上解: the 2% allocation and its upward share by payroll month; problems red."""

    report_title = "拨缴与上解"

    def build(self, session: Session, chosen: str) -> Report:
        from ghfund.reports import funding

        return funding.report(session.book, int(chosen))

    @staticmethod
    def marked(record: dict[str, object]) -> bool:
        from ghfund.reports.funding import LATE, REMIT_LATE, SHORT

        marks = str(record.get("status") or "").split("；")
        return any(mark in marks for mark in (SHORT, LATE, REMIT_LATE))
