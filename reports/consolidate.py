"""汇总: a federation's view of many base unions' books for one year (``ghfund consolidate``).

Each book, loaded through ``ghfund.ledger`` where it is read (in a Dask worker, by the
runner ``ghfund.reports.federation``), is reduced by ``summarize`` to a small ``Summary``:
its union, the lines of its own 工会01表 and 工会02表 and its allocation and remittance totals
— built by the same builders as ``ghfund report`` and ``ghfund funding`` and read by each
line's hidden ``KEY`` (a code, a total's name), never its Chinese title — and its open
findings by rule. Only summaries travel. ``build`` puts them together: a row per union,
the total, and the summed statements (汇总表), key by key, with the transfers between an
upper union's own book and its base unions eliminated (补助下级支出 ↔ 上级补助收入;
应收下级经费 ↔ 应付上级经费) and what does not match listed. A book that cannot be read is an
error row, never a stop.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd

from ghfund.findings import Finding
from ghfund.ledger import Loaded
from ghfund.money import ZERO
from ghfund.reports import base, funding_report, statements
from ghfund.reports.balances import sums_of
from ghfund.reports.model import KEY, LEVEL, MARK, Column, NoData, Report, Table

# The KEYs of the lines read (``reports.statements``, ``reports.funding_report``)
MONEY = "101+102"  # 货币资金
SUBSIDY = ("403", "508")  # 上级补助收入 of the base unions, 补助下级支出 of the upper book
PAYABLE = ("211", "132")  # 应付上级经费 of the base unions, 应收下级经费 of the upper book
SHEET, FLOWS = "balance_sheet", "income_expenditure"  # the tables' names


@dataclass(frozen=True)
class Summary:
    """One book reduced for the federation (what a worker sends back); the lines by KEY."""

    path: str
    union: str = ""
    error: str = ""  # why the book could not be read or is unreliable (Chinese)
    readable: bool = True
    has_year: bool = False
    mode: str = ""  # allocation-mode at the year end: self | tax
    # 工会01表: 年初 and 年末; 工会02表: 本年数; 拨缴经费与上解汇总: amount
    balance: dict[str, tuple[Decimal, Decimal]] = field(default_factory=dict)
    flows: dict[str, Decimal] = field(default_factory=dict)
    funding: dict[str, Decimal] = field(default_factory=dict)
    findings: dict[str, int] = field(default_factory=dict)  # rule: open findings of the year
    titles: dict[str, dict[str, str]] = field(default_factory=dict)  # table: KEY → its title

    @classmethod
    def unreadable(cls, path: str, why: str) -> Summary:
        """The error row of a book that could not be read (``why`` in Chinese)."""
        return cls(path, error=why, readable=False)


def summarize(loaded: Loaded, year: int) -> Summary:
    """One book reduced for ``year`` (the runner calls it in a worker, on the book it loaded)."""
    book = loaded.book
    path = str(loaded.path or "")
    end = datetime.date(year, 12, 31)
    union = base.union_name_at(book, end)
    error = ""
    if loaded.errors:
        first = loaded.errors[0]
        where = f"第 {first.source.get('lineno', 0)} 行：" if getattr(first, "source", None) else ""
        error = f"账本有 {len(loaded.errors)} 项错误，{where}{Finding.of_beancount(first).message}"
    if year not in book.years:
        return Summary(path, union, error, has_year=False)
    sums = sums_of(book)
    sheet = statements.balance_sheet(book, year, sums).keyed()
    flows = statements.income_expenditure(book, year, sums).keyed()
    found = loaded.findings.in_year(year).open
    by_rule: dict[str, int] = {}
    for finding in found:
        by_rule[finding.rule] = by_rule.get(finding.rule, 0) + 1
    totals = funding_report.summary(book, year).keyed() if book.directives.payrolls else {}
    return Summary(
        path,
        union,
        error,
        has_year=True,
        mode=book.settings.allocation_mode(end),
        balance={key: (_d(r["start"]), _d(r["end"])) for key, r in sheet.items()},
        flows={key: _d(r["current"]) for key, r in flows.items()},
        funding={key: _d(r["amount"]) for key, r in totals.items()},
        findings=dict(sorted(by_rule.items())),
        titles={
            name: {key: str(r["item"]) for key, r in rows.items()}
            for name, rows in ((SHEET, sheet), (FLOWS, flows))
        },
    )


def _d(value: object) -> Decimal:
    return value if isinstance(value, Decimal) else ZERO


UNION_COLUMNS = (
    Column("union", "编制单位", "text"),
    Column("path", "账本", "text"),
    Column("income", "收入合计"),
    Column("spending", "支出合计"),
    Column("difference", "本期收支差额"),
    Column("closing", "年末资金结转结余"),
    Column("money", "货币资金"),
    Column("due", "应拨缴经费"),
    Column("received", "实收拨缴经费"),
    Column("upward", "应上解经费"),
    Column("remitted", "已上解经费"),
    Column("open", "未处理发现", "count"),
    Column("by_rule", "发现（按规则）", "text"),
    Column("status", "说明", "text"),
)


def _union_row(summary: Summary) -> dict[str, object]:
    flows, balance, paid = summary.flows, summary.balance, summary.funding
    selfish = summary.mode == "self"
    return {
        "union": summary.union or "（无法读取）",
        "path": summary.path,
        "income": flows.get("income"),
        "spending": flows.get("spending"),
        "difference": flows.get("difference"),
        "closing": flows.get("closing"),
        "money": balance[MONEY][1] if MONEY in balance else None,
        "due": paid.get("due"),
        "received": paid.get("received"),
        "upward": paid.get("upward") if selfish else None,
        "remitted": paid.get("remitted") if selfish else None,
        "open": sum(summary.findings.values()),
        "by_rule": "；".join(f"{rule} {count}" for rule, count in summary.findings.items()),
        "status": summary.error or ("" if summary.has_year else "本年度没有记账"),
        LEVEL: 1,
        MARK: bool(summary.error),
    }


def unions_table(summaries: Sequence[Summary], year: int) -> Table:
    rows = [_union_row(s) for s in summaries]
    amounts = [c.key for c in UNION_COLUMNS if c.kind == "money"]

    def total(key: str) -> Decimal:
        return sum((v for row in rows if isinstance(v := row[key], Decimal)), ZERO)

    rows.append(
        {
            "union": "合计",
            "path": f"{len(summaries)} 本账",
            **{key: total(key) for key in amounts},
            "open": sum(int(str(row["open"])) for row in rows),
            "by_rule": "",
            "status": "",
            LEVEL: 0,
            MARK: False,
        }
    )
    frame = pd.DataFrame(rows, columns=[*(c.key for c in UNION_COLUMNS), LEVEL, MARK])
    return Table(
        "unions",
        "基层工会经费收支汇总表",
        UNION_COLUMNS,
        frame.astype(object),
        period=f"{year}年度",
        notes=("应上解、已上解只列自行拨缴（allocation-mode 为 self）的工会；金额单位：元。",),
    )


def titles(books: Sequence[Summary], table: str) -> dict[str, str]:
    """KEY → title of every line of ``table`` in the books, in the form's order: as the first
    book prints it, then a line only a later book has. A line is summed by its KEY, so a
    book whose tables title a line otherwise (another ghfund on its worker) still adds in."""
    found: dict[str, str] = {}
    for summary in books:
        for key, title in summary.titles.get(table, {}).items():
            found.setdefault(key, title)
    return found


def summed(
    summaries: Sequence[Summary], upper: Summary | None, year: int
) -> tuple[Table, Table, Table | None]:
    """The summed 工会01表 and 工会02表 of every readable book of the year (and the upper
    book's), with the transfers between the upper book and the base unions eliminated."""
    books = [s for s in summaries if s.readable and s.has_year]
    if upper is not None and upper.readable and upper.has_year:
        books = [*books, upper]
    sheet_items, flow_items = titles(books, SHEET), titles(books, FLOWS)
    start = {k: sum((s.balance.get(k, (ZERO, ZERO))[0] for s in books), ZERO) for k in sheet_items}
    end = {k: sum((s.balance.get(k, (ZERO, ZERO))[1] for s in books), ZERO) for k in sheet_items}
    flows = {k: sum((s.flows.get(k, ZERO) for s in books), ZERO) for k in flow_items}
    eliminated = None
    if upper is not None and upper.readable and upper.has_year:
        eliminated = _eliminate(summaries, upper, start, end, flows)
    sheet = Table(
        SHEET,
        "资产负债表（汇总）",
        (Column("item", "项目", "text"), Column("start", "年初余额"), Column("end", "年末余额")),
        pd.DataFrame(
            [
                {"item": item, "start": start[k], "end": end[k], KEY: k}
                for k, item in sheet_items.items()
            ],
            columns=["item", "start", "end", KEY],
        ).astype(object),
        form="工会01表",
        period=f"{year}年12月31日",
    )
    income = Table(
        FLOWS,
        "收入支出表（汇总）",
        (Column("item", "项目", "text"), Column("current", "本年数")),
        pd.DataFrame(
            [{"item": item, "current": flows[k], KEY: k} for k, item in flow_items.items()],
            columns=["item", "current", KEY],
        ).astype(object),
        form="工会02表",
        period=f"{year}年度",
    )
    return sheet, income, eliminated


ELIMINATION_COLUMNS = (
    Column("item", "项目", "text"),
    Column("base", "基层工会合计"),
    Column("upper", "上级工会账"),
    Column("eliminated", "抵销"),
    Column("difference", "未抵销差额"),
)


def _eliminate(
    summaries: Sequence[Summary],
    upper: Summary,
    start: dict[str, Decimal],
    end: dict[str, Decimal],
    flows: dict[str, Decimal],
) -> Table:
    """Take the matched transfers out of the summed lines and their totals (in place, by
    KEY); the table says what was matched and what was not."""
    books = [s for s in summaries if s.readable and s.has_year]
    rows = []
    base_line, upper_line = SUBSIDY
    amounts = (
        sum((s.flows.get(base_line, ZERO) for s in books), ZERO),
        upper.flows.get(upper_line, ZERO),
    )
    matched = min(amounts)
    for line in SUBSIDY:
        for key in (line, *statements.totals_of(line)):
            if key in flows:
                flows[key] -= matched
    rows.append(("上级补助收入 ↔ 补助下级支出（本年数）", *amounts, matched))
    base_line, upper_line = PAYABLE
    for label, column, index in (("年初", start, 0), ("年末", end, 1)):
        amounts = (
            sum((s.balance.get(base_line, (ZERO, ZERO))[index] for s in books), ZERO),
            upper.balance.get(upper_line, (ZERO, ZERO))[index],
        )
        matched = min(amounts)
        for line in PAYABLE:
            for key in (line, *statements.totals_of(line)):
                if key in column:
                    column[key] -= matched
        rows.append((f"应付上级经费 ↔ 应收下级经费（{label}）", *amounts, matched))
    frame = pd.DataFrame(
        [
            {
                "item": item,
                "base": base,
                "upper": up,
                "eliminated": matched,
                "difference": base - up,
                MARK: base != up,
            }
            for item, base, up, matched in rows
        ],
        columns=[*(c.key for c in ELIMINATION_COLUMNS), MARK],
    )
    return Table(
        "eliminations",
        "内部往来抵销",
        ELIMINATION_COLUMNS,
        frame.astype(object),
        notes=(
            "抵销额取两方中较小者；未抵销差额 = 基层工会合计 − 上级工会账，"
            "不为零的须查明（在途款项、记账口径不一致或不属本级的往来）。",
        ),
    )


def build(summaries: Sequence[Summary], year: int, upper: Summary | None = None) -> Report:
    """The federation's report of ``year`` from the books' summaries (in the order given)."""
    if not any(s.has_year for s in summaries):
        raise NoData(
            f"所给的 {len(summaries)} 本账本都没有 {year} 年度的账；请用 --year 指定其中一年"
        )
    sheet, income, eliminated = summed(summaries, upper, year)
    tables = [unions_table(summaries, year), sheet, income]
    if eliminated is not None:
        tables.append(eliminated)
    broken = [s for s in summaries if s.error]
    problems = [f"{s.path}：{s.error}" for s in broken]
    if upper is not None and upper.error:
        problems.append(f"上级工会账本 {upper.path}：{upper.error}")
    opened = sum(sum(s.findings.values()) for s in summaries)
    if opened:
        problems.append(f"各工会 {year} 年度共有 {opened} 项未处理的发现，见汇总表")
    notes = [
        f"汇总 {len(summaries)} 本账本，其中 {len(broken)} 本无法读取或有错误，"
        f"{sum(1 for s in summaries if not s.has_year and not s.error)} 本没有 {year} 年度的账。",
        "汇总表是各工会同一报表项目的简单相加"
        + ("，并抵销了上级工会与基层工会之间的往来。" if eliminated is not None else "。"),
    ]
    return Report(
        "consolidate",
        f"{year}年度基层工会经费收支汇总",
        upper.union if upper is not None and upper.union else "（汇总）",
        f"{year}年度",
        tuple(tables),
        notes=tuple(notes),
        problems=tuple(problems),
    )
