"""离任审计: the figures of one officer's term for the departure audit (``ghfund audit --officer``).

Tables in order: the scope and term (which departure audit, its report number, whether
in time and whole); 工会01表 at the day before the term began and at its end, side by
side; 工会02表 over the term, a column per calendar year it touches and the term's total;
the budget execution table of each year it touches (whole years, the partial ones said
so); allocation and remittance over the term's payroll months; findings in the term, and
the departure-audit findings about it; large items; receivables and payables open at the
end; fixed-asset changes.

The report covers the term from its start, or from the book's first day when the term
began earlier (the book cannot tell the rest), to its end, or to the book's last date
while the officer is in office. ``build`` is a pure function of (Loaded, person, role);
``choices`` lists the terms for a picker.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from ghfund import departure_audits as audit
from ghfund import terms
from ghfund.book import Book
from ghfund.files import display_path
from ghfund.findings import OPEN, Finding, Findings, listing
from ghfund.ledger import Loaded
from ghfund.money import ZERO
from ghfund.plugins.all import TOPICS
from ghfund.reports import (
    base,
    budget_execution,
    frames,
    funding_report,
    large_items,
    notes,
    statements,
)
from ghfund.reports import findings_report as found
from ghfund.reports.balances import Sums, sums_of, year_end
from ghfund.reports.model import LEVEL, Column, NoData, Report, Table
from ghfund.terms import Term

DAY = datetime.timedelta(days=1)
TEXT_COLUMNS = (Column("item", "项目", "text"), Column("value", "内容", "text"))


class TermProblem(NoData):
    """No single term for the person (and role) asked for; the text is for users, in Chinese."""


def choices(book: Book) -> tuple[Term, ...]:
    """Every term in the book, for a picker: ``build(loaded, term.person, term.role)``."""
    return terms.of_book(book).terms


def select(book: Book, person: str, role: str | None = None) -> Term:
    """The person's term in ``role`` (the latest, when there were several); a TermProblem
    when the person has no term, none in that role, or terms in several roles and no role."""
    every = terms.of_book(book)
    own = every.of(person)
    if not own:
        people = "、".join(dict.fromkeys(f"{t.person}（{t.role}）" for t in every.terms))
        known = f"账本中的任职人员：{people}" if people else "账本中没有任何任职记录"
        raise TermProblem(f"账本中没有{person}的任职记录（ghfund-officer）；{known}")
    roles = list(dict.fromkeys(t.role for t in own))
    if role is None and len(roles) > 1:
        raise TermProblem(f"{person}担任过多个职务（{'、'.join(roles)}），请用 --role 指定其一")
    chosen = [t for t in own if role is None or t.role == role]
    if not chosen:
        raise TermProblem(f"{person}没有担任过{role}；其职务：{'、'.join(roles)}")
    return chosen[-1]


@dataclass(frozen=True)
class Span:
    """The days the report covers."""

    start: datetime.date  # the term's start, or the book's first day when that is later
    end: datetime.date  # the term's end, or the book's last date while in office

    @property
    def before(self) -> datetime.date:
        """The day before the term: the opening position."""
        return self.start - DAY

    @property
    def text(self) -> str:
        return f"{self.start} 至 {self.end}"

    def years(self) -> list[tuple[int, datetime.date, datetime.date]]:
        """(year, after, through) of each calendar year the span touches."""
        return [
            (year, max(self.before, year_end(year - 1)), min(self.end, year_end(year)))
            for year in range(self.start.year, self.end.year + 1)
        ]


def span_of(book: Book, term: Term) -> Span:
    """The days of the term the book holds; a TermProblem when it holds none."""
    first, last = book.first_day, book.last_date
    if first is None or last is None:
        raise TermProblem("账本中没有任何交易，无法编制离任审计资料")
    if term.end is not None and term.end < first:
        raise TermProblem(
            f"{term.person}（{term.role}）的任期 {term.span()} 在本账开始（{first}）之前已经结束，"
            "账本中没有其任期内的账"
        )
    start = max(term.start, first)
    return Span(start, term.end or last)


def report(
    loaded: Loaded, person: str, role: str | None = None, issued: datetime.date | None = None
) -> Report:
    """``ghfund audit --officer NAME``: the audit of a term; open findings in or about the
    term are problems. An unknown person or role is ``TermProblem`` (exit status 2). Its
    statements are signed by the audit committee, 报出日期 ``issued`` (blank when None)."""
    book = loaded.book
    term = select(book, person, role)
    span = span_of(book, term)
    sums = sums_of(book, (span.before, span.end))
    listed = term_findings(loaded, term, span)
    tables = (
        scope(loaded, term, span),
        _balance_sheet(book, sums, span),
        _income_expenditure(sums, span),
        *_budgets(book, span),
        *(
            (
                funding_report.summary_between(book, span.before, span.end, span.text),
                funding_report.months_table(book, span.before, span.end, "任期内", span.text),
            )
            if book.directives.payrolls
            else ()
        ),
        listed,
        large_items.table(book, span.before, span.end, span.text),
        open_items(book, span.end),
        dataclasses.replace(
            notes.asset_changes(book, span.before, span.end, ("任期初", "任期内", "任期末")),
            name="fixed_assets",
            period=span.text,
        ),
    )
    kind = "离任审计" if term.end else "任中经济责任审计"  # still in office: 任中
    remark = (
        f"编制说明：本资料由 ghfund 依据账本计算，供经费审查委员会对{term.person}同志{term.role}"
        f"任期（{span.text}）进行{kind}。任期初余额为任职前一日（{span.before}）的余额；"
        "收入、支出在各期末虚拟结转至工会资金结转（专项资金）和工会资金结余。"
    )
    rows = listed.rows
    opened = int(((rows["status"] == OPEN) & (rows["rule"] != "beancount")).sum())
    return base.make(
        loaded,
        "audit-officer",
        f"{term.person}（{term.role}）{kind}：任期经费收支情况",
        span.text,
        span.end,
        tables,
        notes=(remark,),
        problems=[f"任期内有 {opened} 项未处理的发现，可用 ghfund check 查看"] if opened else [],
        audit=True,
        issued=issued,
    )


def scope(loaded: Loaded, term: Term, span: Span) -> Table:
    """审计范围与任期: the term, the departure audits for it, in time and whole or not."""
    book = loaded.book
    rows = [("被审计人", term.person), ("职务", term.role)]
    rows.append(
        ("任期开始", str(term.start))
        if term.start_known
        else ("任期开始", f"没有记录（任职早于本账），按账本起始日 {term.start} 计")
    )
    rows.append(
        ("任期结束", str(term.end))
        if term.end
        else ("任期结束", f"在任（没有离任记录），本资料截至账本最后日期 {span.end}")
    )
    if term.restarts:
        again = "、".join(str(entry.date) for entry in term.restarts)
        rows.append(("连任", f"{again} 再次任职，按一个连续任期计"))
    if span.start > term.start:
        rows.append(("资料期间", f"{span.text}（账本自 {span.start} 起，此前的任期不在账本中）"))
    else:
        rows.append(("资料期间", span.text))
    earlier = [t.span() for t in terms.of_book(book).of(term.person, term.role) if t != term]
    if earlier:
        rows.append(("同一职务的其他任期", f"{'、'.join(earlier)}（本资料只含最近一个任期）"))
    rows += _audit_rows(book, term, span)
    about = _departure_findings(loaded, term)
    if about.open or about.acknowledged:
        checked = (
            f"{len(about.open)} 项未处理、{len(about.acknowledged)} 项已处理的发现，"
            "见任期内发现及处理情况"
        )
    elif _audited(book, term) and audit.audits_for(term, audit.departure_audits(book)):
        checked = "离任审计按期、范围覆盖整个任期，未发现问题"
    else:
        checked = "没有离任审计方面的发现"
    rows.append(("离任审计检查", checked))
    frame = pd.DataFrame([{"item": i, "value": v} for i, v in rows], columns=["item", "value"])
    return Table("scope", "审计范围与任期", TEXT_COLUMNS, frame, period=span.text)


def _audited(book: Book, term: Term) -> bool:
    return term in audit.audited_terms(book)


def _audit_rows(book: Book, term: Term, span: Span) -> list[tuple[str, str]]:
    roles = "、".join(book.settings.departure_audit_roles(term.end or span.end))
    if term.end is None:
        return [("离任审计", f"在任，尚无须离任审计（须离任审计的职务：{roles}）")]
    audited = _audited(book, term)
    due = audit.deadline(book, term.end)
    rows = (
        [
            ("须离任审计", f"是（须离任审计的职务：{roles}）"),
            ("离任审计期限", f"{due}（离任后 {(due - term.end).days} 天）"),
        ]
        if audited
        else [("须离任审计", f"否（{term.role}不在须离任审计的职务 {roles} 之列）")]
    )
    done = audit.audits_for(term, audit.departure_audits(book))
    for found_audit in done:
        late = (found_audit.date - due).days
        timing = ("，按期" if late <= 0 else f"，逾期 {late} 天") if audited else ""
        after = (found_audit.date - term.end).days
        rows.append(("离任审计", f"{audit.described(found_audit)}（离任后 {after} 天{timing}）"))
    if not done:
        last = book.last_date
        overdue = ("，已逾期" if last and last > due else "，未到期") if audited else ""
        malformed = _malformed_audits(book, term)
        if malformed:
            return [*rows, ("离任审计", f"记录有误，未计入{overdue}：{'；'.join(malformed)}")]
        return [*rows, ("离任审计", f"尚无记录{overdue}")]
    gaps = audit.uncovered(term.start, term.end, done)
    rows.append(("审计范围", f"未覆盖 {audit.spans(gaps)}" if gaps else "覆盖整个任期"))
    return rows


def _malformed_audits(book: Book, term: Term) -> list[str]:
    """The malformed ghfund-audit directives that name the term's person: where and why."""
    return [
        f"{display_path(error.source.get('filename'))}:{error.source.get('lineno')} {error.message}"
        for error in book.directives.errors
        if error.entry is not None
        and error.entry.type == "ghfund-audit"
        and any(getattr(v, "value", None) == term.person for v in error.entry.values or ())
    ]


def _departure_findings(loaded: Loaded, term: Term) -> Findings:
    """The departure-audit findings about the term, and about the audits for it."""
    keys = {term.key} | {
        audit.audit_key(a) for a in audit.audits_for(term, audit.departure_audits(loaded.book))
    }
    return loaded.findings.only(TOPICS["departure-audit"]).keyed(keys)


def term_findings(loaded: Loaded, term: Term, span: Span) -> Table:
    """任期内发现及处理情况: findings dated in the term, and the departure-audit ones about it."""
    rows = term_rows(loaded, term, span)
    table = found.table(rows, "findings", "任期内发现及处理情况", "任期内检查没有发现问题。")
    return dataclasses.replace(table, period=span.text)


def term_rows(loaded: Loaded, term: Term, span: Span) -> list[Finding]:
    """The findings dated in the term and the departure-audit ones about it, as ``listing``
    orders them."""
    in_term = loaded.findings.between(span.start, span.end)
    about = _departure_findings(loaded, term)
    merged = Findings(
        (*in_term.open, *(e for e in about.open if e not in in_term.open)),
        (*in_term.acknowledged, *(p for p in about.acknowledged if p not in in_term.acknowledged)),
        loaded.findings.progress,
    )
    return listing(merged, found.errors_between(loaded, span.start, span.end))


RECEIVABLES = ("131", "132", "135")  # 应收上级经费, 应收下级经费, 其他应收款
PAYABLES = ("211", "212", "215", "221")  # 应付上级经费, 应付下级经费, 其他应付款, 代管经费
OPEN_COLUMNS = (
    Column("item", "科目", "text"),
    Column("code", "编码", "text"),
    Column("balance", "余额"),
    Column("last", "最后发生日", "date"),
)


def open_items(book: Book, end: datetime.date) -> Table:
    """应收应付款项: receivables and payables open at the end of ``end``, by account."""
    rows = frames.on_accounts(book, frozenset(RECEIVABLES + PAYABLES))
    rows = rows[rows["date"] <= end]
    balances: dict[str, Decimal] = {}
    codes: dict[str, str] = {}
    last: dict[str, datetime.date] = {}
    for account, code, top, amount, date in zip(
        rows["account"], rows["code"], rows["top"], rows["amount"], rows["date"], strict=True
    ):
        balances[account] = balances.get(account, ZERO) + (-amount if top in PAYABLES else amount)
        codes[account], last[account] = code, date
    lines: list[dict[str, object]] = []
    for title, tops in (("应收款项合计", RECEIVABLES), ("应付款项合计", PAYABLES)):
        kept = [a for a in sorted(balances) if codes[a][:3] in tops and balances[a]]
        subtotal = sum((balances[a] for a in kept), ZERO)
        lines.append({"item": title, "code": "", "balance": subtotal, "last": None, LEVEL: 0})
        lines += [
            {"item": a, "code": codes[a], "balance": balances[a], "last": last[a], LEVEL: 1}
            for a in kept
        ]
    frame = pd.DataFrame(lines, columns=[*(c.key for c in OPEN_COLUMNS), LEVEL]).astype(object)
    table_notes = (
        "应收款项为 131 应收上级经费、132 应收下级经费、135 其他应收款的借方余额；应付款项为 211 "
        "应付上级经费、212 应付下级经费、215 其他应付款、221 代管经费的贷方余额。最后发生日早的款项"
        "请核实是否长期挂账。",
    )
    return Table(
        "open_items", "应收应付款项", OPEN_COLUMNS, frame, period=f"{end}", notes=table_notes
    )


def _balance_sheet(book: Book, sums: Sums, span: Span) -> Table:
    table = statements.balance_sheet_at(
        book, sums, (span.before, span.end), ("任期初", "任期末"), span.text
    )
    rows = table.rows.assign(
        change=[e - s for s, e in zip(table.rows["start"], table.rows["end"], strict=True)]
    )
    columns = (*table.columns, Column("change", "增减"))
    return dataclasses.replace(table, columns=columns, rows=rows)


def _income_expenditure(sums: Sums, span: Span) -> Table:
    years = span.years()
    columns = []
    if len(years) > 1:
        for year, after, through in years:
            whole = after == year_end(year - 1) and through == year_end(year)
            title = f"{year}年度" if whole else f"{after + DAY}至{through}"
            columns.append(
                (Column(str(year), title), statements.flows_between(sums, after, through))
            )
    columns.insert(
        0, (Column("term", "任期合计"), statements.flows_between(sums, span.before, span.end))
    )
    return statements.income_expenditure_of(columns, "任期", span.text)


def _budgets(book: Book, span: Span) -> list[Table]:
    tables = []
    for year, after, through in span.years():
        table = budget_execution.build(book, year)
        whole = after == year_end(year - 1) and through == year_end(year)
        extra = () if whole else (f"任期只含本年度 {after + DAY} 至 {through}；表中为全年数。",)
        tables.append(
            dataclasses.replace(
                table,
                name=f"budget_execution_{year}",
                title=f"预算执行情况表（{year}年度）",
                notes=(*table.notes, *extra),
            )
        )
    return tables
