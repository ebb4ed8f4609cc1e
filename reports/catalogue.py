"""The catalogue of reports: one ``Entry`` per report, from which the command line makes its
command (``ghfund.cli.catalogue_command``) and a Fava page its report (``ReportPage.entry``).

An entry names the report as a command path (``books trial``), says its
help, lists its parameters with their types (``Param``), checks which combinations are
valid (``problems``: Chinese sentences, the first one is said), fills in what depends on
the day or on chance (``settle``: the issued date, a sampling seed, so that a command's
cached answer keys on them) and builds the ``Report`` from a loaded book and the values.

What an entry and its parameters are: ``ghfund.reports.catalogue_entry``.

Nothing here imports click, Flask or pandas: a report's modules load when it is built.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ghfund.month import Month
from ghfund.reports import catalogue_help as said
from ghfund.reports.catalogue_entry import BadValue, Entry, Listing, Param, Values, parse_date

if TYPE_CHECKING:
    from ghfund.ledger import Loaded
    from ghfund.reports.model import Report


def _problem(check: Callable[[], object]) -> list[str]:
    try:
        check()
    except BadValue as bad:
        return [str(bad)]
    return []


# ghfund report


def _issued(values: Values) -> datetime.date | None:
    """The 报出日期 ``--date`` gives (``BadValue`` when it is no date), None without it."""
    issued = values.get("issued")
    return None if issued is None else parse_date(issued, "--date")


def _report_problems(values: Values) -> list[str]:
    year, month = values["year"], values["month"]
    if (year is None) == (month is None):
        return ["请用 --year（年度决算）或 --month（月度报表）指定期间，二者只用其一"]
    if values["pack"] and year is None:
        return ["--pack 是年度决算资料，请用 --year 指定年度"]
    return _problem(lambda: _issued(values))


def _report_settle(values: Values) -> dict[str, Any]:
    """An annual report is issued today unless ``--date`` says otherwise."""
    if values["issued"] is None and values["year"] is not None:
        return {**values, "issued": datetime.date.today().isoformat()}
    return dict(values)


def _report(loaded: Loaded, values: Values) -> Report:
    from ghfund.reports import annual, monthly
    from ghfund.reports import pack as final_pack

    on = _issued(values)
    month: Month | None = values["month"]
    if month is not None:
        return monthly.report(loaded, month.year, month.month, issued=on)
    if values["pack"]:
        return final_pack.report(loaded, values["year"], issued=on)
    return annual.report(loaded, values["year"], issued=on)


# ghfund books …

YEAR = Param("year", "year", "年度，如 2025。", required=True)
PERIOD = (
    Param("year", "year", "年度，如 2025；给出 --month 时可省略。"),
    Param("month", "month", "月份，如 2025-03；不指定为全年。"),
)
AFTER_CLOSING = Param(
    "after_closing",
    "flag",
    "结账后：本年收入、支出按年终结转计入 321/322（未记结转凭证的按 carry-forward 计算）。",
)


def period(values: Values) -> tuple[int, int | None]:
    """``PERIOD``'s values as (year, month number or None): ``--month`` alone names its year."""
    month = values["month"]
    return (values["year"], None) if month is None else (month.year, month.month)


def _period_problems(values: Values) -> list[str]:
    year, month = values["year"], values["month"]
    if month is None and year is None:
        return ["请用 --year 指定年度，如 --year 2025（或用 --month 指定月份，如 --month 2025-03）"]
    if month is not None and year is not None and year != month.year:
        return [f"--month {month} 不在 --year {year} 内：只给 --month 即可"]
    return []


def _trial_problems(values: Values) -> list[str]:
    problems = _period_problems(values)
    if not problems and values["after_closing"] and period(values)[1] not in (None, 12):
        return ["--after-closing 只用于全年（或 12 月）的科目余额表"]
    return problems


def _trial(loaded: Loaded, values: Values) -> Report:
    from ghfund.reports import trial_balance

    return trial_balance.report(loaded, *period(values), values["after_closing"])


def _general(loaded: Loaded, values: Values) -> Report:
    from ghfund.reports import general_ledger

    return general_ledger.report(loaded, values["year"], values["after_closing"])


def _detail(loaded: Loaded, values: Values) -> Report:
    from ghfund.reports import subledger

    code, year = values["code"], values["year"]
    return subledger.report(loaded, code, year, after_closing=values["after_closing"])


def _journal(loaded: Loaded, values: Values) -> Report:
    from ghfund.reports import subledger

    return subledger.report(loaded, values["code"], values["year"], journal=True)


def _assets(loaded: Loaded, values: Values) -> Report:
    from ghfund.reports import asset_register

    return asset_register.report(loaded, values["year"])


def _vouchers(loaded: Loaded, values: Values) -> Report:
    """Printed vouchers; the 序时账 layout when the output is xlsx (``values["format"]``)."""
    from ghfund.reports import vouchers as printed

    layout: printed.Layout = "journal" if values.get("format") == "xlsx" else "printed"
    return printed.report(loaded, *period(values), values["voucher"], layout)


# ghfund funding, rectification, budget


def _funding(loaded: Loaded, values: Values) -> Report:
    from ghfund.reports import funding_report

    return funding_report.report(loaded, values["year"])


def _rectification(loaded: Loaded, values: Values) -> Report:
    from ghfund.reports import rectification_report

    return rectification_report.report(loaded, values["year"])


def _budget(loaded: Loaded, values: Values) -> Report:
    from ghfund.reports import budget_draft, budget_execution
    from ghfund.reports.model import NoData

    year = values["year"]
    if values["draft"]:
        return budget_draft.report(loaded, year)
    try:
        return budget_execution.report(loaded, year)
    except NoData as problem:
        if year - 1 not in loaded.book.years:
            raise
        raise NoData(f"{problem}。编制 {year} 年度预算草案请加 --draft") from None


# ghfund audit


def _audit_problems(values: Values) -> list[str]:
    officer, year, sample = values["officer"], values["year"], values["sample"]
    if (officer is None) == (year is None):
        return ["请给出 --officer 姓名（离任审计）或 --year 年度（同级审查），二者选一"]
    if values["role"] is not None and officer is None:
        return ["--role 只和 --officer 一起使用"]
    if sample is not None and (year is None or values["draft"]):
        return ["--sample 只和 --year 一起使用（同级审查的凭证抽查表），不能与 --draft 同用"]
    if values["seed"] is not None and sample is None:
        return ["--seed 只和 --sample 一起使用"]
    if values["issued"] is not None and sample is not None:
        return ["--date 是审计资料的报出日期，抽查表（--sample）不用"]
    return _problem(lambda: _issued(values))


def _audit_settle(values: Values) -> dict[str, Any]:
    """A sample without ``--seed`` is drawn with a random seed (said under the table)."""
    if values["sample"] is not None and values["seed"] is None:
        return {**values, "seed": secrets.randbelow(1_000_000)}
    return dict(values)


def _audit(loaded: Loaded, values: Values) -> Report:
    from ghfund.reports import departure, departure_draft, review, review_draft, sampling

    on = _issued(values)
    if values["officer"] is not None:
        role = values["role"]
        name, title = values["officer"].strip(), role.strip() if role else None
        officer = departure_draft.report if values["draft"] else departure.report
        return officer(loaded, name, title, on)
    year = values["year"]
    if values["sample"] is not None:
        return sampling.report(loaded, year, values["sample"], values["seed"])
    reviewed = review_draft.report if values["draft"] else review.report
    return reviewed(loaded, year, on)


# ghfund check


def _unknown_rules(names: tuple[str, ...]) -> str:
    from ghfund.plugins.all import DESCRIPTIONS

    unknown = [name for name in names if name not in DESCRIPTIONS]
    return f"未知的规则 {'、'.join(unknown)}；用 ghfund rules 查看全部规则名" if unknown else ""


def _findings(loaded: Loaded, values: Values) -> Report:
    from ghfund.reports import findings_report

    return findings_report.report(loaded, values["rules"])


def _findings_listing(loaded: Loaded, values: Values, fmt: str) -> Listing | None:
    from ghfund.reports import findings_listing

    return findings_listing.listing(loaded, values["rules"], fmt)


ENTRIES: dict[str, Entry] = {
    entry.name: entry
    for entry in (
        Entry(
            "check",
            said.CHECK,
            (
                Param(
                    "rules",
                    "names",
                    "只看这条规则的发现（可重复）。",
                    option="--rule",
                    metavar="NAME",
                    known=_unknown_rules,
                ),
            ),
            _findings,
            listing=_findings_listing,
            pages=("Checks",),
        ),
        Entry("funding", said.FUNDING, (YEAR,), _funding, pages=("Funding",)),
        Entry(
            "budget",
            said.BUDGET,
            (
                YEAR,
                Param(
                    "draft",
                    "flag",
                    "编制该年度的预算草案（工会经费收支预算表），依据上一年度的账和工资数据。",
                ),
            ),
            _budget,
            pages=("BudgetExecution", "BudgetDraft"),
        ),
        Entry(
            "report",
            said.REPORT,
            (
                Param("year", "year", "年度，如 2025：年度决算。"),
                Param("month", "month", "月份，如 2025-03：月度报表。"),
                Param(
                    "pack",
                    "flag",
                    "决算报送资料（与 --year 同用）：封面、目录、决算说明书、基本数字表和年度决算各表。",
                ),
                Param(
                    "issued",
                    "date",
                    "报出日期，印在报表签章处；年度决算默认为今天，月报默认留空。",
                    option="--date",
                    metavar="YYYY-MM-DD",
                ),
            ),
            _report,
            _report_problems,
            _report_settle,
            pages=("AnnualReport",),
        ),
        Entry(
            "audit",
            said.AUDIT,
            (
                Param(
                    "officer",
                    "text",
                    "离任审计：被审计人的姓名（ghfund-officer 中的写法）。",
                    metavar="姓名",
                ),
                Param(
                    "role",
                    "text",
                    "离任审计：职务，被审计人担任过多个职务时必须给出。",
                    metavar="职务",
                ),
                Param("year", "year", "同级审查：年度，如 2024。"),
                Param(
                    "draft",
                    "flag",
                    "生成审计报告草稿（同级审查报告或离任经济责任审计报告），供经审会修改；"
                    "用 -o 文件名.docx 写成 Word 文件。",
                ),
                Param(
                    "sample",
                    "int",
                    "同级审查：凭证抽查表，抽查 N 张凭证（达到大额支出标准的全部抽查）；"
                    "用 -o 抽查表.xlsx 写入。",
                    metavar="N",
                    low=1,
                    high=100000,
                ),
                Param(
                    "seed",
                    "int",
                    "抽查的随机种子；同一账本、同一种子抽出的凭证相同。不给时随机选取并写在表下。",
                    low=0,
                    high=2**31,
                ),
                Param(
                    "issued",
                    "date",
                    "报出日期，印在审计资料的签章处和审计报告草稿的落款；不给时留空"
                    "（草稿取账本记录的该次审计日期）。",
                    option="--date",
                    metavar="YYYY-MM-DD",
                ),
            ),
            _audit,
            _audit_problems,
            _audit_settle,
            pages=("CommitteeReview", "DepartureAudit"),
        ),
        Entry(
            "rectification",
            said.RECTIFICATION,
            (Param("year", "year", "只列该年度的发现（按发现的日期），如 2024。"),),
            _rectification,
        ),
        Entry(
            "books trial",
            said.TRIAL,
            (*PERIOD, AFTER_CLOSING),
            _trial,
            _trial_problems,
            pages=("Ledgers",),
        ),
        Entry("books general", said.GENERAL, (YEAR, AFTER_CLOSING), _general),
        Entry(
            "books detail",
            said.DETAIL,
            (
                Param(
                    "code",
                    "text",
                    "科目编码（任一级），如 102、50102。",
                    option="--account",
                    required=True,
                ),
                YEAR,
                AFTER_CLOSING,
            ),
            _detail,
        ),
        Entry(
            "books journal",
            said.JOURNAL,
            (
                Param(
                    "code",
                    "text",
                    "101（库存现金）、102（银行存款）或其明细科目编码。",
                    option="--account",
                    required=True,
                ),
                YEAR,
            ),
            _journal,
        ),
        Entry("books assets", said.ASSETS, (YEAR,), _assets),
        Entry(
            "books vouchers",
            said.VOUCHERS,
            (*PERIOD, Param("voucher", "text", "只打印这一张凭证，如 记-2025-0031。")),
            _vouchers,
            _period_problems,
        ),
    )
}
