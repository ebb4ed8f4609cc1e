"""``ghfund audit --officer NAME --draft``: the 离任（任中）经济责任审计报告 draft.

Every figure comes from the departure audit (``departure.report``): its scope, 工会01表 at
the start and the end of the term, 工会02表 over the term, the budget execution of each
year, allocation and remittance, fixed assets and the findings of the term. The draft puts
them into the usual structure — 导语, 基本情况, 审计内容与结果, 任期初与任期末主要指标对比,
审计发现的问题 (each with 直接责任 / 领导责任 to choose), 审计评价 (定量 ratios, 定性
placeholders), 需要说明的问题 (a part of the term the book does not hold), 审计建议 — and
signature lines.
"""

from __future__ import annotations

import datetime
from dataclasses import replace
from decimal import Decimal

import pandas as pd

from ghfund.findings import Finding
from ghfund.ledger import Loaded
from ghfund.money import ZERO
from ghfund.reports import departure
from ghfund.reports.assurance import surplus
from ghfund.reports.drafting import (
    audit_findings,
    findings_paragraphs,
    money,
    percent,
    proposed,
    section,
    signature,
    suggestions,
)
from ghfund.reports.model import LEVEL, Column, Report, Table

RESPONSIBILITY = "责任认定（请选择）：□直接责任　□领导责任"
INDICATORS = (
    "资产总计",
    "货币资金",
    "固定资产净值",
    "负债合计",
    "净资产合计",
    "工会资金结转",
    "工会资金结余",
)
INDICATOR_COLUMNS = (
    Column("item", "指标", "text"),
    Column("start", "任期初"),
    Column("end", "任期末"),
    Column("change", "增减"),
)
RATE_COLUMNS = (
    Column("year", "年度", "text"),
    Column("income", "收入预算完成率", "rate"),
    Column("spending", "支出预算执行率", "rate"),
)


def report(
    loaded: Loaded, person: str, role: str | None = None, issued: datetime.date | None = None
) -> Report:
    """The draft of the audit of ``person``'s term (in ``role``), dated ``issued`` (else the
    last audit the book records for the term, else blank)."""
    audited = departure.report(loaded, person, role, issued)
    book = loaded.book
    term = departure.select(book, person, role)
    span = departure.span_of(book, term)
    kind = "离任经济责任审计" if term.end else "任中经济责任审计"
    union = audited.union
    rows = audit_findings(departure.term_rows(loaded, term, span))
    flows = _by_item(audited.table("income_expenditure"), "term")
    audits = [a for a in book.directives.audits if a.person == term.person and a.end >= span.start]
    sections = (
        section(
            "opening",
            "",
            (
                f"根据《中国工会审计条例》和经济责任审计的有关规定，{union}经费审查委员会对"
                f"{term.person}同志任{term.role}期间（{span.text}）工会经费收支和管理情况进行了"
                f"{kind}。审计范围为 {span.start} 至 {span.end} 的工会账本和会计报表。",
                proposed("审计的组织、方式和时间，被审计人提供资料及其承诺情况。"),
            ),
        ),
        section("basics", "一、基本情况", _basics(loaded, term.person, term.role, span)),
        section("content", "二、审计内容与结果", _content(flows, audited)),
        section("indicators_text", "三、任期初与任期末主要指标对比", ()),
        _indicators(audited, span.text),
        _rates(audited, span.text),
        section(
            "findings",
            "四、审计发现的问题",
            _with_responsibility(findings_paragraphs(rows, "审计没有发现违反规定的问题。")),
        ),
        section("evaluation", "五、审计评价", _evaluation(audited, flows, rows)),
        section("notes", "六、需要说明的问题", _matters(term.start, span.start, term.start_known)),
        section(
            "suggestions",
            "七、审计建议",
            suggestions(rows, "继任者继续加强工会经费管理，完善内部控制制度。"),
        ),
        signature(union, book, span.end, issued or (audits[-1].date if audits else None)),
    )
    return replace(
        audited,
        name="audit-officer-draft",
        title=f"关于{term.person}同志任{term.role}期间的{kind}报告（草稿）",
        tables=sections,
        notes=(
            *(note for note in audited.notes if not note.startswith("编制说明：")),
            "本草稿由 ghfund 依据账本生成，数字与 ghfund audit --officer 相同；"
            "标有“建议表述”的段落请经审会修改后删去标记，责任认定请逐项选择。",
        ),
    )


def _by_item(table: Table, key: str) -> dict[str, Decimal]:
    return {
        str(r["item"]): Decimal(str(r[key])) if r[key] is not None else ZERO
        for r in table.records()
    }


def _basics(loaded: Loaded, person: str, role: str, span: departure.Span) -> list[str]:
    term = departure.select(loaded.book, person, role)
    until = f"至 {term.end} " if term.end else "至今（在任）"
    paragraphs = [f"{person}同志于 {term.start} {until}任{role}。"]
    counted = [
        p
        for p in loaded.book.directives.payrolls
        if p.members is not None and span.start <= p.month <= span.end
    ]
    if counted:
        paragraphs.append(
            f"任期内第一个工资月份（{counted[0].month:%Y-%m}）会员 {counted[0].members} 人，"
            f"最后一个（{counted[-1].month:%Y-%m}）会员 {counted[-1].members} 人。"
        )
    paragraphs.append(proposed("被审计人的分管工作、任期内工会组织的变化。"))
    return paragraphs


def _content(flows: dict[str, Decimal], audited: Report) -> list[str]:
    income, spending = flows.get("三、收入合计", ZERO), flows.get("四、支出合计", ZERO)
    start, end = flows.get("一、年初资金结转结余", ZERO), flows.get("六、年末资金结转结余", ZERO)
    paragraphs = [
        f"任期内经费收入 {money(income)}，经费支出 {money(spending)}，收支差额 "
        f"{money(income - spending)}；工会资金结转结余由任期初 {money(start)} 变为任期末 "
        f"{money(end)}。"
    ]
    if any(table.name == "funding_summary" for table in audited.tables):
        funding = _by_item(audited.table("funding_summary"), "amount")
        paragraphs.append(
            f"任期内应拨缴经费 {money(funding.get('应拨缴经费'))}，实收 "
            f"{money(funding.get('实收拨缴经费'))}；应上解经费 {money(funding.get('应上解经费'))}，"
            f"已上解 {money(funding.get('已上解经费'))}。"
        )
    large = audited.table("large_items").records()
    if large:
        undecided = sum(1 for r in large if not r["decision"])
        paragraphs.append(
            f"任期内大额支出 {len(large)} 笔，合计 "
            f"{money(sum((Decimal(str(r['amount'])) for r in large), ZERO))}，"
            f"未注明集体决策的 {undecided} 笔。"
        )
    owed = _by_item(audited.table("open_items"), "balance")
    paragraphs.append(
        f"任期末应收款项 {money(owed.get('应收款项合计'))}，应付款项 {money(owed.get('应付款项合计'))}。"
    )
    return paragraphs


def _indicators(audited: Report, period: str) -> Table:
    sheet = {str(r["item"]): r for r in audited.table("balance_sheet").records()}
    fixed = {str(r["item"]): r for r in audited.table("fixed_assets").records()}
    rows = [
        {"item": item, **{k: sheet[item][k] for k in ("start", "end", "change")}, LEVEL: 1}
        for item in INDICATORS
        if item in sheet
    ]
    if "固定资产原值" in fixed:
        original = fixed["固定资产原值"]
        start, end = Decimal(str(original["start"])), Decimal(str(original["end"]))
        rows.insert(
            3, {"item": "固定资产原值", "start": start, "end": end, "change": end - start, LEVEL: 1}
        )
    frame = pd.DataFrame(rows, columns=[*(c.key for c in INDICATOR_COLUMNS), LEVEL])
    return Table(
        "indicators", "主要指标对比", INDICATOR_COLUMNS, frame.astype(object), period=period
    )


def _rates(audited: Report, period: str) -> Table:
    rows = []
    for table in audited.tables:
        if not table.name.startswith("budget_execution_"):
            continue
        lines = {str(r["item"]): r for r in table.records()}
        rows.append(
            {
                "year": table.name.removeprefix("budget_execution_"),
                "income": lines.get("收入合计", {}).get("rate"),
                "spending": lines.get("支出合计", {}).get("rate"),
            }
        )
    frame = pd.DataFrame(rows, columns=[c.key for c in RATE_COLUMNS])
    return Table(
        "rates",
        "任期各年度预算执行率",
        RATE_COLUMNS,
        frame.astype(object),
        period=period,
        notes=(
            "各年度按全年预算执行情况计算；任期只占一年中一部分的，见该年度预算执行情况表的说明。",
        ),
    )


def _with_responsibility(paragraphs: list[str]) -> list[str]:
    """Each finding followed by the choice of responsibility the committee makes."""
    result = []
    for paragraph in paragraphs:
        result.append(paragraph)
        if paragraph[:1].isdigit():
            result.append(RESPONSIBILITY)
    return result


def _evaluation(audited: Report, flows: dict[str, Decimal], rows: list[Finding]) -> list[str]:
    rates = _rates(audited, "").records()
    measured = [
        f"{r['year']}年收入预算完成率 {percent(r['income'])}、支出预算执行率 {percent(r['spending'])}"
        for r in rates
    ]
    end, spending = flows.get("六、年末资金结转结余", ZERO), flows.get("四、支出合计", ZERO)
    ratio = surplus(end, spending)
    paragraphs = [
        "定量指标：" + "；".join(measured) + "。" if measured else "定量指标：无预算数据。"
    ]
    if ratio is not None:
        paragraphs.append(f"任期末结余与任期内支出之比为 {percent(ratio)}。")
    quality = "存在本报告第四部分所列问题" if rows else "没有发现违反规定的问题"
    paragraphs.append(
        proposed(
            f"定性评价：被审计人任期内贯彻执行工会财务制度情况、经费收支的真实合法性、"
            f"内部控制和重大经济事项决策情况（{quality}）。"
        )
    )
    return paragraphs


def _matters(term_start: object, held_from: object, known: bool) -> list[str]:
    if not known:
        return [
            f"被审计人的任职日期没有记录（任职早于本账），本报告只涵盖账本起始日 {held_from} 以后"
            "的期间，此前的期间未经本次审计。"
        ]
    if held_from != term_start:
        return [
            f"被审计人任期自 {term_start} 开始，账本自 {held_from} 起，{term_start} 至 {held_from} "
            "之前的期间不在账本中，未经本次审计。"
        ]
    return [proposed("审计范围以外或受条件限制未能审计的事项（如无，写“无”）。")]
