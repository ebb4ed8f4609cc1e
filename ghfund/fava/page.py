"""The base of every ghfund page in Fava: one report of the book, for a chosen year or person.

A page class names its report's catalogue entry (``entry``, ``ghfund.reports.catalogue``),
what can be chosen (``choices``) and the entry's parameters a choice sets (``values``, which
the catalogue types and checks as it does the command line's); this base makes the page
(``page``, called by the page's template) and its downloads (the ``xlsx`` and ``pdf``
endpoints, ``draft`` for a page with an audit report draft, all through ``attachment``)
from the one ``Report`` the entry builds. Nothing here computes a number.

An exception inside a page never reaches Fava: the page shows a Chinese
message instead, the same message joins Fava's errors (``GhfundPageError``)
and the traceback goes to Fava's log. The book stays open and the other pages
keep working.
"""

from __future__ import annotations

import io
import logging
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlencode

from fava.ext import FavaExtensionBase, FavaExtensionError, extension_endpoint
from flask import Response, request, request_finished, send_file, url_for

from ghfund.fava.session import Session, answered, reloaded, session_of
from ghfund.fava.views import Choice, Page, failure, problem_text, report_view
from ghfund.problems import UserProblem

if TYPE_CHECKING:
    from ghfund.reports.model import Report

log = logging.getLogger(__name__)
request_finished.connect(answered)  # warm a new load up once its first request is answered

T = TypeVar("T")

MIMETYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
FAILED = 422  # a download that cannot be made: its Chinese message, never a server error


class GhfundPageError(FavaExtensionError):
    """A ghfund page could not be made; listed on Fava's error page."""


class GuardedPage(FavaExtensionBase):
    """What every ghfund page does: forget the last load's work when Fava loads the book, and
    turn an exception into a message (``guarded``) instead of a stopped Fava."""

    report_title: str | None = None
    _listed_error: GhfundPageError | None = None  # this page's line on Fava's error page

    def after_load_file(self) -> None:
        self.guarded(lambda: reloaded(self.ledger), lambda error: None)

    def guarded(self, action: Callable[[], T], instead: Callable[[Exception], T]) -> T:
        """``action()``; on an exception ``instead(error)`` answers. A period or account the
        book has no data for (``NoData``) is only said on the page; anything else is logged
        and joins Fava's errors, as the one current error of this page: what a visitor asks
        for never adds more than one line per page to Fava's error list."""
        try:
            return action()
        except Exception as error:
            model = sys.modules.get("ghfund.reports.model")  # not imported: not NoData either
            if model is not None and isinstance(error, model.NoData):
                return instead(error)  # said on the page only
            if isinstance(error, UserProblem):  # the book's problem, told to the user as it is
                log.info("ghfund page %s: %s", self.name, error)
            else:
                log.exception("ghfund page %s failed", self.name)
            message = problem_text(self.report_title or self.name, error)
            errors = self.ledger.extensions.errors
            if self._listed_error is not None and self._listed_error in errors:
                errors.remove(self._listed_error)
            listed = GhfundPageError(None, message, None)
            errors.append(listed)
            self._listed_error = listed
            return instead(error)


class ReportPage(GuardedPage):
    """A page showing one report; subclasses set ``report_title`` and the catalogue ``entry``
    they show (and ``values``, when the page's choice is not the value of its ``param``)."""

    report_title: str | None = None
    entry = ""  # the report's name in the catalogue (``ghfund.reports.catalogue.ENTRIES``)
    param = "year"  # the query parameter that chooses what the page shows
    bars: tuple[str, ...] = ()  # rate columns drawn as bars
    nothing = "账本中还没有可以显示的年度：登记年度预算或收支后再来看。"
    drafts = False  # the page has an audit report draft (``draft_report``) to download

    # What a page is made of: subclasses override these.

    def choices(self, session: Session) -> list[Choice]:
        """The years the book keeps accounts for (``Book.years``), newest last."""
        return [Choice(str(year), f"{year}年") for year in session.book.years]

    def values(self, session: Session, chosen: str) -> dict[str, str]:
        """The entry's parameters the chosen value sets, as text (the catalogue types and
        checks them): by default the page's ``param`` is the parameter of that name."""
        return {self.param: chosen} if self.param else {}

    def typed(self, session: Session, chosen: str, **more: str) -> dict[str, Any]:
        """The entry's values of the chosen value (and ``more``), typed and checked by the
        catalogue (``BadValue``, a Chinese message, otherwise)."""
        from ghfund.reports.catalogue import ENTRIES

        return ENTRIES[self.entry].values({**self.values(session, chosen), **more})

    def build(self, session: Session, chosen: str) -> Report:
        """The page's report for the chosen value: its catalogue entry's, nothing more."""
        from ghfund.reports.catalogue import ENTRIES

        return ENTRIES[self.entry].build(session.loaded, self.typed(session, chosen))

    # The page's two entry points.

    def page(self) -> Page:
        """The page for the request's choice (the newest one by default). It is made once per
        load and kept in the results cache while the book is unchanged: a page opened again,
        even after a restart, is read back as plain values (no pandas, no pass over the book)."""
        title = self.report_title or ""

        def make() -> Page:
            session = session_of(self.ledger)
            requested = self.requested()
            return session.cached(
                (self.name, "page", *requested), lambda: self.compose(session), Page
            )

        return self.guarded(make, lambda error: failure(title, error))

    def compose(self, session: Session) -> Page:
        """The page for the request's choice, computed: its choices, its report's view and notes."""
        title = self.report_title or ""
        session.require_sound()
        choices = self.listed(session)
        chosen, problem = self.chosen(choices)
        if problem:
            return Page(title, self.param, choices, chosen, problem=problem)
        report = self.report(session, chosen)
        view = report_view(report, self.bars)
        notes = (*report.warnings, *report.problems)
        return Page(title, self.param, choices, chosen, view, notes=notes)

    @extension_endpoint
    def xlsx(self) -> Response:
        """The page's report as an xlsx workbook, headed like the official forms."""
        return self.download("xlsx")

    @extension_endpoint
    def pdf(self) -> Response:
        """The page's report as a PDF (A4, the official layout, signed, page numbers)."""
        return self.download("pdf")

    @extension_endpoint
    def draft(self) -> Response:
        """The audit report draft of what the page shows, in Word (pages with ``drafts``)."""
        if not self.drafts:
            return _text("本页没有审计报告草稿。", 404)
        return self.download("docx", draft=True)

    def draft_report(self, session: Session, chosen: str) -> Report:
        """The audit report draft of the chosen value: the entry's report with ``draft``."""
        from ghfund.reports.catalogue import ENTRIES

        draft = self.typed(session, chosen, draft="1")
        return ENTRIES[self.entry].build(session.loaded, draft)

    def download(self, fmt: str, draft: bool = False) -> Response:
        """The page's report (or its ``draft``) rendered as ``fmt`` (a key of ``FORMATS``), as
        an attachment."""

        def make() -> Response:
            session = session_of(self.ledger)
            session.require_sound()
            chosen, problem = self.chosen(self.listed(session))
            if problem:
                return _text(problem, 404)
            if fmt == "pdf" and not draft:
                report = self.printed(session, chosen)
            else:
                report = (self.draft_report if draft else self.report)(session, chosen)
            return attachment(report, fmt)

        title = self.report_title or ""
        return self.guarded(make, lambda error: _text(problem_text(title, error), FAILED))

    def download_url(self, page: Page, fmt: str = "xlsx") -> str:
        """Where the page's download is (Fava's url_for cannot name an endpoint called "xlsx")."""
        return f"{self.page_url()}{fmt}{self.query(page)}"

    def page_url(self) -> str:
        return str(url_for("extension_report", extension_name=self.name)).split("?", 1)[0]

    def query(self, page: Page) -> str:
        return f"?{urlencode({page.param: page.chosen})}" if page.param else ""

    def default(self, choices: Sequence[Choice]) -> str:
        """What the page shows when nothing is chosen: the last choice of the bar."""
        listed = [choice for choice in choices if not choice.kind] or list(choices)
        return listed[-1].value

    # Shared machinery.

    def listed(self, session: Session) -> tuple[Choice, ...]:
        return session.memo((self.name, "choices"), lambda: tuple(self.choices(session)))

    def report(self, session: Session, chosen: str) -> Report:
        """The page's report (for its downloads, and for its view on a cache miss): kept for
        this load, and in the results cache across loads while the book does not change."""
        from ghfund.reports.model import Report

        key = (self.name, "report", *self.report_key(chosen))
        return session.cached(key, lambda: self.build(session, chosen), Report)

    def printed(self, session: Session, chosen: str) -> Report:
        """The report as the PDF prints it: the page's report unless a page says otherwise."""
        return self.report(session, chosen)

    def requested(self) -> tuple[str, ...]:
        """What the request asks the page to show (the values that choose it)."""
        return (self.wanted(),)

    def report_key(self, chosen: str) -> tuple[str, ...]:
        """What the report of ``chosen`` depends on besides the book's files."""
        return (chosen,)

    def wanted(self) -> str:
        return request.args.get(self.param, "").strip() if self.param else ""

    def chosen(self, choices: Sequence[Choice]) -> tuple[str, str]:
        """The requested choice (default: the last), or a Chinese problem when there is none."""
        if not self.param:
            return "", ""
        if not choices:
            return "", self.nothing
        wanted = self.wanted()
        if not wanted:
            return self.default(choices), ""
        if any(choice.value == wanted for choice in choices):
            return wanted, ""
        listed = "、".join(choice.label for choice in choices)
        return wanted, f"账本中没有“{wanted}”可以显示；可选：{listed}。"


def attachment(report: Report, fmt: str, name: str = "") -> Response:
    """Every download of a page: ``report`` rendered as ``fmt`` by the renderers the command
    line writes with (``FORMATS``), as a file named ``name`` (default: the report's title);
    a format this machine cannot make (no Chinese font for a PDF) is said, status 503."""
    from ghfund.reports.render import FORMATS, RenderProblem

    buffer = io.BytesIO()
    try:
        FORMATS[fmt](report, buffer)
    except RenderProblem as cannot:
        return _text(str(cannot), 503)
    buffer.seek(0)
    return send_file(
        buffer,
        mimetype=MIMETYPES[fmt],
        as_attachment=True,
        download_name=name or f"{report.title}.{fmt}",
    )


def _text(message: str, status: int) -> Response:
    return Response(message, status=status, mimetype="text/plain; charset=utf-8")
