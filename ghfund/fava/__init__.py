"""ghfund's pages in Fava, enabled by one line in the ledger's main file:

    2025-01-01 custom "fava-extension" "ghfund.fava"

Each class is one page in Fava's sidebar, which lists them by class name (so the
names keep the order below): 年度报表, 预算编制, 预算执行, 经审检查, 同级审查, 离任审计, 拨缴与上解,
账簿, 银行存款余额调节表, 记账凭证. Every page shows the
report the ``ghfund`` command line builds, for the year chosen at its top (年度报表
also for a month, from its month picker), and offers it as xlsx and PDF. The pages read
the ledger Fava has loaded and compute only
when opened (see ``ghfund.fava.session``); an exception in a page becomes a
message on the page and an error on Fava's error page, never a stopped Fava.
``ClosedPeriodGuard`` shows no page: it refuses saves that change a closed month.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ghfund.fava import bank_page, budget_page, page
from ghfund.fava.books_page import Ledgers as Ledgers  # 账簿 (a page of its own module)
from ghfund.fava.guard import ClosedPeriodGuard  # noqa: F401  (Fava finds extensions here)
from ghfund.fava.session import Session, session_of
from ghfund.fava.views import Choice, Page, failure, findings_view
from ghfund.fava.vouchers_page import Vouchers as Vouchers  # 记账凭证 (a page of its own module)

if TYPE_CHECKING:
    from ghfund.reports.model import Report


class AnnualReport(page.ReportPage):
    """年度报表: ``ghfund report``'s annual accounts (工会01表, 工会02表, budget execution,
    notes) for a year, or a month's statements (``ghfund report --month``) from its picker."""

    report_title = "年度报表"
    bars = ("rate",)

    def choices(self, session: Session) -> list[Choice]:
        """The years (the bar), then every month the book keeps accounts for (the picker)."""
        from ghfund.reports import monthly

        months = [
            Choice(f"{year}-{month:02d}", f"{year}年{month}月", "month")
            for year, month in monthly.months(session.book)
        ]
        return [*super().choices(session), *months]

    entry = "report"

    def values(self, session: Session, chosen: str) -> dict[str, str]:
        """A month from the picker is ``--month``; a year from the bar ``--year``."""
        picked = {choice.value: choice.kind for choice in self.listed(session)}
        return {"month" if picked.get(chosen) == "month" else "year": chosen}


class BudgetDraft(budget_page.DraftPage):
    """预算编制: next year's budget drafted from the book (``ghfund budget --draft``) as an
    editable grid, totals and balance live, saved through ``ghfund import budget``'s plan."""


class BudgetExecution(page.ReportPage):
    """预算执行: ``ghfund budget``'s report: execution rates as bars, overruns red, findings."""

    report_title = "预算执行"
    entry = "budget"
    bars = ("rate",)


class Checks(page.ReportPage):
    """经审检查: every finding by rule, each linked to its line; acknowledged ones apart."""

    report_title = "经审检查"
    entry = "check"
    param = ""  # the whole book: nothing to choose

    def page(self) -> Page:
        title = self.report_title

        def make() -> Page:
            from ghfund.plugins.all import DESCRIPTIONS

            session = session_of(self.ledger)
            view = session.memo(
                (self.name, "view"),
                lambda: findings_view(session.findings, session.beancount_errors, DESCRIPTIONS),
            )
            return Page(title, param="", findings=view)

        return self.guarded(make, lambda error: failure(title, error))

    def printed(self, session: Session, chosen: str) -> Report:
        """The PDF: the count by rule and the first findings in full (``for_print``)."""
        from ghfund.reports import findings_report

        return findings_report.for_print(session.loaded)


class CommitteeReview(page.ReportPage):
    """同级审查: ``ghfund audit --year``'s annual review for the year chosen, and its report
    draft in Word (``audit --year --draft``)."""

    report_title = "同级审查"
    entry = "audit"
    drafts = True


class DepartureAudit(page.ReportPage):
    """离任审计: ``ghfund audit --officer``'s departure report, for the officer chosen."""

    report_title = "离任审计"
    entry = "audit"
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

    drafts = True  # the 离任（任中）经济责任审计报告 draft of the chosen term (``audit --draft``)

    def values(self, session: Session, chosen: str) -> dict[str, str]:
        """The chosen term as ``audit --officer 姓名 --role 职务``."""
        from ghfund.reports import departure

        # the choice names the term as listed: a person or role may itself contain "/"
        person, role = next(
            (
                (t.person, t.role)
                for t in departure.choices(session.book)
                if f"{t.person}/{t.role}" == chosen
            ),
            chosen.rsplit("/", 1) if "/" in chosen else (chosen, ""),
        )
        return {"officer": person, "role": role}


class Funding(page.ReportPage):
    """拨缴与上解: the 2% allocation and its upward share by payroll month; shortfalls red."""

    report_title = "拨缴与上解"
    entry = "funding"


class Reconciliation(bank_page.ReconcilePage):
    """银行存款余额调节表: ``ghfund reconcile``'s report for a statement in the documents folder
    (or one uploaded there), a bank account and a month."""
