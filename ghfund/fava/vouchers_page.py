"""The 记账凭证 page: a keyboard-first voucher form, the month's vouchers, and the JSON
endpoints both use (also the contract for other tools)::

    GET  next?date=YYYY-MM-DD     {"voucher": "记-2025-0108"}; 409 for a closed month
    GET  accounts?q=TEXT&date=…   [{"code", "name", "account", "label"}, …], best first
    GET  capitals?amount=1000.00  {"capitals": "壹仟元整"}
    POST save     the voucher JSON (``ghfund.voucher``) → 200 {"voucher", "file", "lineno",
                  "findings"}; 422 {"errors"} refused; 409 closed month; "dry_run": true
                  checks and runs the rules without writing
                  (with "edit": the number of an unreviewed voucher it replaces in place)
    GET  voucher?voucher=…        a saved voucher as its save request (to edit it)
    POST review   {"voucher", "reviewer"?}   POST void  {"voucher", "reason"}
    GET  print?voucher=…  or  ?month=YYYY-MM   the 记账凭证 PDF

The preparer (制单) is the user a reverse proxy signed in (``X-Remote-User`` or
``REMOTE_USER``) when there is one; otherwise the name the browser remembers. Under
``fava --read-only`` the page lists the vouchers and shows no form.
"""

from __future__ import annotations

import datetime
import io
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from fava.ext import extension_endpoint
from flask import Response, current_app, jsonify, request, send_file, url_for

from ghfund import numbering, writing
from ghfund.book import Book
from ghfund.fava.page import GuardedPage
from ghfund.fava.session import Session, session_of
from ghfund.fava.views import problem_text
from ghfund.money import ZERO, fmt, units_in
from ghfund.voucher import Refused

log = logging.getLogger(__name__)
COMMAND = "Fava 记账凭证页"  # who holds the book's lock, as another writer is told
Endpoint = Callable[["Vouchers"], Response]
_post = cast(Callable[[Endpoint], Endpoint], extension_endpoint(None, ["POST"]))


@dataclass(frozen=True)
class Row:
    voucher: str
    date: str
    narration: str
    total: str
    status: str  # 未审核 / 已审核 / 已作废
    preparer: str
    reviewer: str


@dataclass(frozen=True)
class MonthList:
    month: str  # YYYY-MM
    rows: tuple[Row, ...]
    total: str
    months: tuple[str, ...]  # every month with vouchers, and this one
    problem: str = ""  # the page could not be made: what to tell the user


def _user() -> str:
    header = request.headers.get("X-Remote-User") or request.environ.get("REMOTE_USER") or ""
    return header.strip()


def read_only() -> bool:
    """Whether Fava runs with ``--read-only`` (it refuses every request but GET)."""
    funcs = current_app.before_request_funcs.get(None, [])
    return any(getattr(f, "__name__", "") == "_read_only" for f in funcs)


def _status(meta: dict[str, Any]) -> str:
    if meta.get("void") is not None:
        return "已作废"
    return "已审核" if meta.get("reviewer") else "未审核"


class Vouchers(GuardedPage):
    """记账凭证: enter, review, void and print vouchers; the month's list."""

    report_title = "记账凭证"
    has_js_module = True

    # --- what the template shows ------------------------------------------------------

    def main(self) -> Path:
        return Path(self.ledger.beancount_file_path)

    def month(self) -> MonthList:
        """The month's vouchers (``?month=YYYY-MM``, the book's latest by default)."""
        title = self.report_title or ""
        return self.guarded(
            self._month, lambda error: MonthList("", (), "", (), problem_text(title, error))
        )

    def _month(self) -> MonthList:
        book = session_of(self.ledger).book
        months = sorted({f"{t.date:%Y-%m}" for t in book.transactions})
        chosen = request.args.get("month", "") or (months[-1] if months else "")
        if chosen and chosen not in months:
            months = sorted({*months, chosen})
        rows, total = [], ZERO
        for txn in book.transactions:
            if f"{txn.date:%Y-%m}" != chosen or not txn.meta.get("voucher"):
                continue
            amounts = (units_in(p, book.currency) or ZERO for p in txn.postings)
            debit = sum((a for a in amounts if a > 0), ZERO)
            total += debit
            meta = txn.meta
            rows.append(
                Row(
                    str(meta["voucher"]),
                    str(txn.date),
                    txn.narration or "",
                    fmt(debit),
                    _status(meta),
                    str(meta.get("preparer") or ""),
                    str(meta.get("reviewer") or ""),
                )
            )
        rows.sort(key=lambda row: row.voucher)
        return MonthList(chosen, tuple(rows), fmt(total), tuple(months))

    def form(self) -> dict[str, Any]:
        """What the form starts from: the JSON the page's script reads (no form when the
        page cannot be made)."""
        return self.guarded(self._form, lambda error: {"read_only": True})

    def _form(self) -> dict[str, Any]:
        book = session_of(self.ledger).book
        last = book.transactions[-1].date if book.transactions else datetime.date.today()
        large = book.settings.limit("large-expense", last)
        narrations = Counter(t.narration for t in book.transactions if t.narration)
        funds = sorted(
            {p.account for t in book.transactions for p in t.postings if (p.meta or {}).get("fund")}
        )
        return {
            "base": self.url(""),
            "date": str(last),
            "voucher": numbering.next_number(book, last),
            "user": _user(),
            "large": str(large or ""),
            "summaries": [text for text, _ in narrations.most_common(40)],
            "fund_accounts": funds,
            "read_only": read_only(),
        }

    def url(self, endpoint: str, **args: str) -> str:
        base = url_for("extension_report", extension_name=self.name).split("?", 1)[0]
        query = "&".join(f"{key}={value}" for key, value in args.items())
        return f"{base}{endpoint}" + (f"?{query}" if query else "")

    # --- the JSON endpoints -----------------------------------------------------------

    def _answer(self, work: Callable[[], Any]) -> Response:
        """``work()`` as JSON; a refusal as 422 (409 for a closed month), never a 500."""
        from ghfund import writing

        try:
            return jsonify(work())
        except Refused as refused:
            response = jsonify({"errors": refused.problems})
            response.status_code = 409 if refused.closed else 422
            return response
        except writing.Refusal as refusal:  # Busy and Changed: another writer, try again
            response = jsonify({"errors": [str(refusal)]})
            response.status_code = (
                409 if isinstance(refusal, writing.Busy | writing.Changed) else 422
            )
            return response
        except Exception as error:  # a bug: the user still gets a message, Fava stays up
            log.exception("ghfund vouchers: %s failed", request.path)
            response = jsonify(
                {"errors": [f"ghfund 处理请求时出错（{type(error).__name__}），未保存"]}
            )
            response.status_code = 422
            return response

    def _writing(self) -> tuple[writing.Snapshot, Session]:
        """The book's files as read now (after rolling back a write another command left
        unfinished), and the session of a load no older than them."""
        for note in writing.recovered(self.main(), COMMAND):
            log.warning("ghfund vouchers: %s", note)
        shot = writing.snapshot(self.main())
        session = session_of(self.ledger)
        if session.stale():
            self.ledger.load_file()
            session = session_of(self.ledger)
        return shot, session

    def _written(self, paths: list[Path]) -> None:
        """Tell Fava's file watcher at once, so the page's next request reads the new book
        (the watcher's own thread may notice the change only later, or see an older time)."""
        watcher = self.ledger.watcher
        for path in paths:
            watcher.notify(path)
        watcher.last_notified = max(watcher.last_notified, watcher.last_checked + 1)

    @extension_endpoint
    def next(self) -> Response:
        def work() -> dict[str, str]:
            from ghfund import period

            day = _day(request.args.get("date", ""))
            book = session_of(self.ledger).book
            if period.is_closed(book, day):
                raise Refused(
                    [f"{day.year}年{day.month}月已结账，不能再录入该月的凭证"], closed=True
                )
            return {"voucher": numbering.next_number(book, day)}

        return self._answer(work)

    @extension_endpoint
    def accounts(self) -> Response:
        def work() -> list[dict[str, str]]:
            from ghfund import lookup

            raw = request.args.get("date", "")
            day = _day(raw) if raw else None
            book = session_of(self.ledger).book
            return [f.as_json() for f in lookup.find(book, request.args.get("q", ""), day)]

        return self._answer(work)

    @extension_endpoint
    def voucher(self) -> Response:
        """``GET voucher?voucher=记-2025-0005``: a saved voucher as its save request, for
        the form to edit it (422 when it is voided, reviewed or in a closed month)."""

        def work() -> dict[str, Any]:
            from ghfund import saving
            from ghfund.voucher import as_request

            book = session_of(self.ledger).book
            txn = saving.find(book, request.args.get("voucher", ""))
            saving.editable(book, txn)
            return as_request(txn, book.currency)

        return self._answer(work)

    @extension_endpoint
    def capitals(self) -> Response:
        def work() -> dict[str, str]:
            from ghfund.rmb import capitals
            from ghfund.voucher import amount

            try:
                value = amount(request.args.get("amount", "")) or ZERO
            except ValueError as problem:
                raise Refused([str(problem)]) from None
            return {"capitals": capitals(value)}

        return self._answer(work)

    @_post
    def save(self) -> Response:
        def work() -> dict[str, object]:
            from ghfund import saving

            body = request.get_json(silent=True)
            if not isinstance(body, dict):
                raise Refused(["请求应为 JSON 对象"])
            user = _user()
            if user:
                body = {**body, "preparer": user}
            shot, session = self._writing()
            dry_run = bool(body.get("dry_run"))
            result = saving.save(shot, session.loaded, body, COMMAND, dry_run)
            if result["saved"]:
                self._written([self.main(), Path(str(result["file"]))])
            return result

        return self._answer(work)

    @_post
    def review(self) -> Response:
        """``POST review`` ``{"voucher", "reviewer"}`` (the signed-in user when there is one)."""
        from ghfund import saving

        def plan(shot: writing.Snapshot, book: Book, body: dict[str, Any]) -> writing.Plan:
            reviewer = _user() or str(body.get("reviewer") or "")
            voucher = str(body.get("voucher") or "")
            return saving.review_plan(shot, book, voucher, reviewer, datetime.date.today())

        return self._rewrite(plan, "已审核")

    @_post
    def void(self) -> Response:
        """``POST void`` ``{"voucher", "reason"}``."""
        from ghfund import saving

        def plan(shot: writing.Snapshot, book: Book, body: dict[str, Any]) -> writing.Plan:
            voucher, reason = str(body.get("voucher") or ""), str(body.get("reason") or "")
            return saving.void_plan(shot, book, voucher, reason, datetime.date.today())

        return self._rewrite(plan, "已作废")

    def _rewrite(
        self,
        make: Callable[[writing.Snapshot, Book, dict[str, Any]], writing.Plan],
        status: str,
    ) -> Response:
        """A review or a voiding: plan it from the request, commit it, tell Fava."""

        def work() -> dict[str, str]:
            body = request.get_json(silent=True)
            body = body if isinstance(body, dict) else {}
            shot, session = self._writing()
            plan = make(shot, session.book, body)
            writing.check(plan, session.loaded, shot=shot)
            writing.commit(plan, shot, COMMAND)
            self._written([change.path for change in plan.changes])
            return {"voucher": str(body.get("voucher") or ""), "status": status}

        return self._answer(work)

    @extension_endpoint
    def print(self) -> Response:
        """One voucher (``?voucher=``) or a month's (``?month=YYYY-MM``) as the 记账凭证 PDF."""
        from ghfund.reports import vouchers
        from ghfund.reports.model import NoData
        from ghfund.reports.render import FORMATS, RenderProblem

        session = session_of(self.ledger)
        chosen = request.args.get("voucher") or None
        try:
            if chosen:
                txn = next(t for t in session.book.transactions if t.meta.get("voucher") == chosen)
                year, month = txn.date.year, txn.date.month
            else:
                year, month = (int(p) for p in request.args.get("month", "").split("-"))
            report = vouchers.report(session.loaded, year, month, chosen)
            buffer = io.BytesIO()
            FORMATS["pdf"](report, buffer)
        except (StopIteration, ValueError, NoData, RenderProblem) as problem:
            text = str(problem) or f"没有凭证 {chosen}"
            return Response(text, status=404, mimetype="text/plain; charset=utf-8")
        buffer.seek(0)
        name = f"记账凭证{chosen or f'{year}-{month:02d}'}.pdf"
        return send_file(buffer, mimetype="application/pdf", as_attachment=True, download_name=name)


def _day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise Refused([f"日期“{text}”无法识别，请写成 2025-03-05"]) from None
