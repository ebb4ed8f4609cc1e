"""The 预算编制 page: next year's budget (or a year's budget as it stands) as an editable grid.

The grid is ``ghfund budget --draft``'s draft (``reports.budget_draft``) — or, for a year the
book already budgets, that budget at its effective amounts — with last year's budget and
execution beside each line; the totals, 款 subtotals and the balance (支出合计 against 收入合计
plus the declared draws) follow every keystroke in the browser. Saving posts the amounts to
``save``, which goes through ``ghfund import budget``'s own plan (``importers.budget.plan``:
unchanged lines skipped, an unbalanced budget refused with its figures, a year with a budget
changed only as an adjustment) and appends the directives to the main file atomically.
Read-only Fava (``--read-only``) shows the grid without the save.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, cast

from fava.ext import extension_endpoint
from flask import current_app, request
from werkzeug.wrappers import Response as BaseResponse

from ghfund import budgets
from ghfund.fava import page
from ghfund.fava.session import Session, session_of
from ghfund.fava.views import Choice, Page, failure, report_view
from ghfund.money import fmt, plain

if TYPE_CHECKING:
    from ghfund.reports.budget_plan import Draft
    from ghfund.reports.model import Report

Endpoint = Callable[["DraftPage"], BaseResponse]
_post = cast(Callable[[Endpoint], Endpoint], extension_endpoint(None, ["POST"]))
FIELD = "b-"  # the form field of a line's amount: b-50102


@dataclass(frozen=True)
class GridLine:
    code: str
    name: str
    kind: str  # income, draw, expense: which total the line adds to
    top: str  # the 款 code whose subtotal the line adds to ("" for a line that is its own 款)
    level: int  # 0 total, 1 款 or line, 2 项 under a 款
    prior_budget: str
    prior_actual: str
    budget: str  # plain decimal, for the input ("" on totals)
    basis: str
    editable: bool
    total: str = ""  # the data-total key a computed row shows: income, draw, planned, …


@dataclass(frozen=True)
class Grid:
    page: Page
    year: int = 0
    lines: tuple[GridLine, ...] = ()
    opening: str = "0.00"  # 上年结余 (321 + 322 at the end of last year), plain
    adjustment: bool = False  # the year has a budget: a save is a 年中调整
    read_only: bool = False
    today: str = ""


class DraftPage(page.ReportPage):
    report_title = "预算编制"
    nothing = "账本中还没有可以编制预算的年度：预算草案按上一年度的账编制。"

    def choices(self, session: Session) -> list[Choice]:
        """Every year whose previous year the book keeps, through the year after its last."""
        years = session.book.years
        if not years:
            return []
        return [Choice(str(y), f"{y}年") for y in range(years[0] + 1, years[-1] + 2)]

    def build(self, session: Session, chosen: str) -> Report:
        from ghfund.reports import budget_draft

        return budget_draft.report(session.loaded, int(chosen))

    def grid(self) -> Grid:
        title = self.report_title or ""

        def make() -> Grid:
            from ghfund.reports import budget_plan

            session = session_of(self.ledger)
            session.require_sound()
            choices = self.listed(session)
            chosen, problem = self.chosen(choices)
            if problem:
                return Grid(Page(title, self.param, choices, chosen, problem=problem))
            year = int(chosen)
            report = self.report(session, chosen)
            shown = Page(
                title, self.param, choices, chosen, report_view(report), notes=report.warnings
            )
            found = budget_plan.standing(session.book, year)
            return Grid(
                shown,
                year,
                tuple(_lines(found)),
                plain(found.opening) or "0.00",
                bool(budgets.of_book(session.book).get(year)),
                read_only(),
                datetime.date.today().isoformat(),
            )

        return self.guarded(make, lambda error: Grid(failure(title, error)))

    @_post
    def save(self) -> BaseResponse:
        """The grid's amounts into the book through ``ghfund import budget``'s plan."""

        def make() -> BaseResponse:
            return _save(self, session_of(self.ledger))

        return self.guarded(make, lambda error: page._text(str(error), page.FAILED))


def read_only() -> bool:
    """Fava runs with ``--read-only``: it keeps no flag of its own, only a filter refusing
    every request but GET, which is looked for here (a save would be refused anyway)."""
    filters = current_app.before_request_funcs.get(None, [])
    return any(getattr(f, "__name__", "") == "_read_only" for f in filters)


def _lines(found: Draft) -> list[GridLine]:
    """Totals, 款 subtotals and lines in the order of the printed table."""
    from ghfund import chart
    from ghfund.reports import budget_plan
    from ghfund.reports.budget_execution import leaf_name

    def computed(name: str, key: str, prior: tuple[Decimal | None, Decimal] | None) -> GridLine:
        return GridLine(
            code="",
            name=name,
            kind="",
            top="",
            level=0,
            editable=False,
            total=key,
            prior_budget=fmt(prior[0]) if prior else "",
            budget="",
            basis="",
            prior_actual=fmt(prior[1]) if prior else "",
        )

    def line(item: budget_plan.DraftLine, top: str, level: int) -> GridLine:
        return GridLine(
            code=item.code,
            name=item.name,
            kind=item.kind,
            top=top,
            level=level,
            editable=True,
            prior_budget=fmt(item.prior_budget),
            prior_actual=fmt(item.prior_actual),
            budget=plain(item.budget) or "0.00",
            basis=item.basis,
        )

    def section(kind: str, title: str) -> list[GridLine]:
        rows = [computed(title, kind, found.prior_totals[kind])]  # type: ignore[index]
        items = found.of(kind)  # type: ignore[arg-type]
        for top in budget_plan.tops(items):
            under = [i for i in items if budgets.covers(top, i.account)]
            if len(under) == 1 and under[0].account == top:
                rows.append(line(under[0], "", 1))
                continue
            code = chart.parse(top).code
            actual = sum((i.prior_actual for i in under), Decimal(0))
            rows.append(
                GridLine(
                    code=code,
                    name=leaf_name(top),
                    kind="",
                    top="",
                    level=1,
                    editable=False,
                    prior_budget=fmt(found.prior_tops.get(top)),
                    prior_actual=fmt(actual),
                    budget="",
                    basis="",
                    total=f"top-{code}",
                )
            )
            rows += [line(i, code, 2) for i in under]
        return rows

    rows = section("income", "收入合计")
    rows += [line(item, "", 1) for item in found.of("draw")]
    rows.append(computed("预计收入总额", "planned", None))
    rows += section("expense", "支出合计")
    rows += [
        computed("收支差额（预计收入总额 − 支出合计）", "balance", None),
        computed("本年结余", "net", None),
        computed("上年结余", "opening", None),
        computed("期末滚存结余", "closing", None),
    ]
    return rows


def _save(extension: DraftPage, session: Session) -> BaseResponse:
    """Read the form, then plan and write through ``ghfund.writing`` (snapshot, a fresh load,
    ``ghfund import budget``'s plan, the write path's checks, a commit under the book's lock)."""
    from ghfund import writing
    from ghfund.importers import budget as budget_file
    from ghfund.importers import sheets
    from ghfund.ledger import LedgerError, load_file

    form = request.form
    try:
        year = int(form.get("year", ""))
        date = datetime.date.fromisoformat(form.get("date", "").strip())
    except ValueError:
        return page._text("年度或批准日期无法识别：日期请写成 2026-01-15", 400)
    approved = form.get("approved", "").strip()
    if not approved:
        return page._text("请填写批准预算的会议（如“工会委员会2026年第1次会议”）再保存", 400)
    rows, problems = [], []
    fields = [(k, v) for k, v in form.items() if k.startswith(FIELD)]
    for number, (key, value) in enumerate(fields, start=1):
        code = key.removeprefix(FIELD)
        try:
            rows.append(budget_file.BudgetRow(number, code, "", sheets.amount(value)))
        except sheets.CellProblem as problem:
            problems.append(f"科目 {code} 的本年预算数：{problem}")
    if problems:
        return page._text("未保存：\n" + "\n".join(problems), 400)
    main = Path(extension.ledger.beancount_file_path)
    try:
        writing.recovered(main, "Fava 预算编制")  # a write another command left unfinished
        shot = writing.snapshot(main)
        loaded = load_file(main)  # the book as the snapshot has it, not Fava's older load
        adjustment = bool(budgets.of_book(loaded.book).get(year))
        approval = budget_file.Approval(
            approved, form.get("reviewed", "").strip() or None, adjustment, date
        )
        planned = budget_file.plan(loaded.book, year, rows, approval, "预算编制页")
        if not planned.written:
            return page._text(f"没有改动：{planned.unchanged} 个科目的预算与账本相同。", 200)
        kind = "年中调整" if adjustment else "年初预算"
        plan = writing.Plan(shot.main, f"{year} 年度{kind} {len(planned.written)} 个科目")
        plan.append(shot.main, f";; {year} 年度{kind}：在 Fava 预算编制页保存\n")
        plan.append(shot.main, planned.text(loaded.book.currency))
        writing.check(plan, loaded)
        writing.commit(plan, shot.covering(loaded), "Fava 预算编制")
    except (budget_file.BudgetProblem, writing.Refusal, LedgerError) as problem:
        return page._text(str(problem), 409 if isinstance(problem, writing.Changed) else 400)
    return page._text(f"已保存 {plan.summary}到 {main.name}。", 200)
