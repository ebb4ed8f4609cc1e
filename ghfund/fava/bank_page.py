"""The 银行存款余额调节表 page: a statement from the documents folder (or uploaded there),
a bank account and a month, and ``ghfund reconcile``'s report for them, with xlsx.

The statement files are the .csv/.xls/.xlsx files under the ledger's ``documents``
folders (``option "documents" "文件夹"``). An upload is saved into the first such
folder, under the bank account's path as Fava files documents, never over an
existing file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, cast
from urllib.parse import urlencode

from fava.ext import extension_endpoint
from flask import Response, redirect, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from ghfund import chart
from ghfund.fava import page
from ghfund.fava.session import Session, session_of
from ghfund.fava.views import Choice, Page, ReportView, failure, problem_text, report_view
from ghfund.month import Month

if TYPE_CHECKING:
    from ghfund.importers.statement import Statement
    from ghfund.reports.model import Report

SUFFIXES = (".csv", ".xls", ".xlsx")

Endpoint = Callable[["ReconcilePage"], BaseResponse]
_post = cast(Callable[[Endpoint], Endpoint], extension_endpoint(None, ["POST"]))


@dataclass(frozen=True)
class StatementPage:
    """The page: the usual chooser (statement files) plus accounts and months."""

    page: Page
    accounts: tuple[Choice, ...] = ()
    account: str = ""
    months: tuple[Choice, ...] = ()
    month: str = ""
    folders: tuple[str, ...] = field(default=())

    def query(self, **changed: str) -> dict[str, str]:
        values = {"file": self.page.chosen, "account": self.account, "month": self.month}
        values.update(changed)
        return {key: value for key, value in values.items() if value}


class ReconcilePage(page.ReportPage):
    report_title = "银行对账"
    param = "file"
    nothing = (
        "账本的 documents 文件夹中还没有银行对账单（.csv .xls .xlsx）：请在下面上传，"
        '或在主文件中设置 option "documents" "文件夹" 并把对账单放进去。'
    )

    def folders(self) -> list[Path]:
        base = Path(self.ledger.beancount_file_path).parent
        return [base / folder for folder in self.ledger.options["documents"]]

    def choices(self, session: Session) -> list[Choice]:
        """Every statement-like file under the documents folders, by path."""
        found = []
        for folder in self.folders():
            if folder.is_dir():
                for path in sorted(folder.rglob("*")):
                    if path.suffix.lower() in SUFFIXES and path.is_file():
                        found.append(Choice(str(path), str(path.relative_to(folder))))
        return found

    def statement(self, session: Session, file: str) -> Statement:
        from ghfund.importers import statement as statement_file

        path = Path(file)
        return session.memo(
            (self.name, "statement", file, path.stat().st_mtime_ns),
            lambda: statement_file.read(path.name, path.read_bytes()),
        )

    def reconcile_page(self) -> StatementPage:
        title = self.report_title or ""

        def make() -> StatementPage:
            from ghfund.importers.statement import StatementProblem

            session = session_of(self.ledger)
            files = self.listed(session)
            folders = tuple(str(f) for f in self.folders())
            file, problem = self.chosen(files)
            if problem:
                return StatementPage(
                    Page(title, self.param, files, file, problem=problem), folders=folders
                )
            try:
                statement = self.statement(session, file)
            except StatementProblem as bad:
                return StatementPage(
                    Page(title, self.param, files, file, problem=str(bad)), folders=folders
                )
            accounts = _bank_accounts(session)
            account = request.args.get("account", "").strip()
            if account and account not in {a.value for a in accounts}:
                listed = "、".join(a.label for a in accounts) or "（无）"
                unknown = f"账本中没有银行存款科目“{account}”；可选：{listed}。"
                shown = Page(title, self.param, files, file, problem=unknown)
                return StatementPage(shown, accounts, "", folders=folders)
            account = account or (accounts[0].value if accounts else "")
            if not account:
                nothing = "账本中没有银行存款科目（102 及其明细科目）：先在账本中开设，才能对账。"
                shown = Page(title, self.param, files, file, problem=nothing)
                return StatementPage(shown, folders=folders)
            months = _months(statement)
            month = request.args.get("month", "")
            if month not in {m.value for m in months}:
                month = months[-1].value
            view, notes = self.view(session, "|".join((file, account, month)))
            shown = Page(title, self.param, files, file, view, notes=notes)
            return StatementPage(shown, accounts, account, months, month, folders)

        return self.guarded(make, lambda error: StatementPage(failure(title, error)))

    def view(self, session: Session, chosen: str) -> tuple[ReportView, tuple[str, ...]]:
        """The 调节表 as the page shows it, and its notes: kept like the report (``report``),
        so a page opened again reads plain values. The rest of the page (the files, accounts
        and months to choose from) is read afresh: the folders' listing is not in the key."""

        def make() -> tuple[ReportView, tuple[str, ...]]:
            report = self.report(session, chosen)
            return report_view(report), (*report.warnings, *report.problems)

        return session.cached((self.name, "view", *self.report_key(chosen)), make, tuple)

    def report_key(self, chosen: str) -> tuple[str, ...]:
        """The statement's content too: it is not one of the book's files."""
        file = chosen.split("|", 1)[0]
        return (chosen, hashlib.sha256(Path(file).read_bytes()).hexdigest())

    def build(self, session: Session, chosen: str) -> Report:
        from ghfund.reports import reconcile_report

        file, account, month = chosen.split("|")
        end = Month.parse(month).end
        return reconcile_report.report(session.loaded, self.statement(session, file), account, end)

    def url(self, state: StatementPage, **changed: str) -> str:
        base = url_for("extension_report", extension_name=self.name).split("?", 1)[0]
        return f"{base}?{urlencode(state.query(**changed))}"

    def statement_url(self, state: StatementPage, fmt: str = "xlsx") -> str:
        base = url_for("extension_report", extension_name=self.name).split("?", 1)[0]
        return f"{base}statement_{fmt}?{urlencode(state.query())}"

    def upload_url(self) -> str:
        base = url_for("extension_report", extension_name=self.name).split("?", 1)[0]
        return f"{base}upload"

    @extension_endpoint
    def statement_xlsx(self) -> Response:
        """The chosen 调节表 as an xlsx workbook."""
        return self.statement_download("xlsx")

    @extension_endpoint
    def statement_pdf(self) -> Response:
        """The chosen 调节表 as a PDF (A4, signed, page numbers)."""
        return self.statement_download("pdf")

    def download(self, fmt: str, draft: bool = False) -> Response:
        """The page's ``xlsx`` and ``pdf`` endpoints: the chosen 调节表, as the page's links
        (the page has no draft)."""
        return self.statement_download(fmt)

    def statement_download(self, fmt: str) -> Response:
        from ghfund.reports.model import NoData

        state = self.reconcile_page()
        if state.page.problem or not state.month:
            return page._text(state.page.problem or "没有可下载的调节表", 404)
        session = session_of(self.ledger)

        def make() -> Response:
            try:
                report = self.report(
                    session, "|".join((state.page.chosen, state.account, state.month))
                )
            except NoData as problem:
                return page._text(str(problem), 404)
            return page.attachment(report, fmt, f"银行存款余额调节表{state.month}.{fmt}")

        failed = page.FAILED
        return self.guarded(make, lambda error: page._text(problem_text("调节表", error), failed))

    @_post
    def upload(self) -> BaseResponse:
        """Save an uploaded statement into the first documents folder; never overwrite."""
        from ghfund.files import FileExistsProblem, write_output
        from ghfund.importers import statement as statement_file

        uploaded = request.files.get("statement")
        folders = self.folders()
        if uploaded is None or not uploaded.filename:
            return page._text("没有选择文件", 400)
        if not folders:
            return page._text(
                '账本没有设置 documents 文件夹：请在主文件中加 option "documents" "documents"', 400
            )
        name = Path(uploaded.filename).name
        if Path(name).suffix.lower() not in SUFFIXES:
            return page._text(f"{name} 不是 .csv、.xls 或 .xlsx 文件", 400)
        data = uploaded.read()
        try:
            statement_file.read(name, data)
        except statement_file.StatementProblem as problem:
            return page._text(str(problem), 400)
        account = request.form.get("account", "")
        if account and account not in {c.value for c in _bank_accounts(session_of(self.ledger))}:
            return page._text(f"账本中没有银行存款科目 {account}", 400)
        folder = folders[0].joinpath(*account.split(":")) if account else folders[0]
        target = folder / name
        try:
            write_output(target, data, overwrite=False)
        except FileExistsProblem as problem:
            return page._text(str(problem), 409)
        return redirect(
            url_for("extension_report", extension_name=self.name, file=str(target), account=account)
        )


def _bank_accounts(session: Session) -> tuple[Choice, ...]:
    """The book's bank accounts (102 and its details) that no other bank account is under."""
    names = [
        a for a in session.book.opens if (c := chart.try_parse(a)) is not None and c.top == "102"
    ]
    leaves = [a for a in names if not any(o.startswith(a + ":") for o in names)]
    return tuple(Choice(a, a.removeprefix("Assets:")) for a in sorted(leaves))


def _months(statement: Statement) -> tuple[Choice, ...]:
    months = sorted({f"{line.date:%Y-%m}" for line in statement.lines})
    return tuple(Choice(m, m) for m in months)
