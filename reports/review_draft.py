"""``ghfund audit --year Y --draft``: the 同级审查 report draft the committee edits and signs.

Every figure comes from the annual review (``review.report``): its budget execution table
(完成率, 执行率, shares), its 收支结构 (last year), its 结余核对 and 整改台账, and the year's
findings; the draft only puts them into the usual structure — 开头 and 审计依据, 基本情况,
经费收入情况, 经费支出情况, 经费结余情况, 发现的问题, 上年审计发现问题的整改情况, 审计评价,
审计建议, signature lines. Evaluation and suggestions are proposed wording (``PROPOSED``).
"""

from __future__ import annotations

import datetime
from dataclasses import replace
from decimal import Decimal

from ghfund.findings import Finding
from ghfund.ledger import Loaded
from ghfund.money import ZERO
from ghfund.reports import assurance, notes, review
from ghfund.reports.balances import year_end
from ghfund.reports.budget_execution import rate
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
from ghfund.reports.model import Report, Table

BASIS = "《中华人民共和国工会法》《中国工会章程》《工会会计制度》和《中国工会审计条例》"
UNSOUND = {  # a review table with a marked line, as the evaluation says it
    "gift_standards": "部分慰问支出超过标准",
    "cards_and_books": "固定资产账卡不符",
}
WIDE_OF_BUDGET = Decimal(10)  # a line whose rate is this many points off 100% is explained


def report(loaded: Loaded, year: int, issued: datetime.date | None = None) -> Report:
    """The draft of ``year``'s 同级审查 report, dated ``issued`` (else the year's recorded
    annual audit, else blank); the review's problems are its problems."""
    reviewed = review.report(loaded, year, issued)
    book = loaded.book
    union = reviewed.union
    lines = _execution(reviewed.table("budget_execution"))
    rows = audit_findings(notes.year_findings(loaded, year))
    audits = [a for a in book.directives.audits if a.kind == "annual" and a.end.year == year]
    sections = [
        section(
            "opening",
            "",
            (
                f"根据{BASIS}的规定，{union}经费审查委员会对本会{year}年度经费收支情况进行了"
                "同级审查。审查以工会账本和会计报表为依据，审核了预算执行、经费收支、资产和"
                "经费结余情况。现将审查情况报告如下：",
                proposed("审查采取的方式（如审阅账簿、抽查凭证、盘点现金、询问有关人员）和时间。"),
            ),
        ),
        section("basics", "一、基本情况", _basics(loaded, year, union)),
        section(
            "income",
            "二、经费收入情况",
            _flow(lines, "收入合计", "完成率", "完成", _on_last_year(reviewed, "收入合计")),
        ),
        section(
            "spending",
            "三、经费支出情况",
            [
                *_flow(lines, "支出合计", "执行率", "执行", _on_last_year(reviewed, "支出合计")),
                *_gifts(reviewed),
            ],
        ),
        section("balance", "四、经费结余情况", [*_balance(reviewed), *_cards(reviewed)]),
        reviewed.table("budget_execution"),
        reviewed.table("structure"),
        section(
            "findings",
            "五、发现的问题",
            findings_paragraphs(rows, "本次审查没有发现违反规定的问题。"),
        ),
        section("rectification", "六、上年审计发现问题的整改情况", _rectification(reviewed)),
        *_rectification_items(reviewed),
        section("evaluation", "七、审计评价", _evaluation(reviewed, lines, rows, year)),
        section(
            "suggestions",
            "八、审计建议",
            suggestions(rows, "进一步加强财务管理和内部控制，提高经费使用效益。"),
        ),
        signature(union, book, year_end(year), issued or (audits[-1].date if audits else None)),
    ]
    return replace(
        reviewed,
        name="audit-year-draft",
        title=f"关于{union}{year}年度经费收支情况的审查报告（草稿）",
        tables=tuple(sections),
        notes=(
            *(note for note in reviewed.notes if not note.startswith("编制说明：")),
            "本草稿由 ghfund 依据账本生成，数字与 ghfund audit --year 相同；"
            "标有“建议表述”的段落请经审会修改后删去标记。",
        ),
    )


def _execution(table: Table) -> dict[str, dict[str, object]]:
    """The budget execution table's rows by item (totals and lines), each with its level."""
    return {
        str(record["item"]): {**record, "level": level}
        for record, level in zip(table.records(), table.levels(), strict=True)
    }


def _basics(loaded: Loaded, year: int, union: str) -> list[str]:
    book = loaded.book
    budgets = [b for b in book.directives.budgets if b.year == year]
    approvals = list(dict.fromkeys(b.approved for b in budgets if b.approved))
    adjusted = [b for b in budgets if b.adjustment]
    months = [p for p in book.directives.payrolls if p.month.year == year and p.members]
    paragraphs = []
    if months:
        paragraphs.append(f"{union}{year}年末有会员 {months[-1].members} 人。")
    else:
        paragraphs.append(proposed(f"{union}的会员人数、经费管理机构和人员情况。"))
    if budgets:
        approved = f"经{'、'.join(approvals)}批准" if approvals else "没有写明批准文件"
        change = f"，年内调整 {len(adjusted)} 项" if adjusted else ""
        paragraphs.append(f"本年度经费预算{approved}{change}。")
    else:
        paragraphs.append(f"账本中没有{year}年度的经费预算。")
    return paragraphs


def _flow(
    lines: dict[str, dict[str, object]], total: str, measure: str, verb: str, before: list[str]
) -> list[str]:
    """经费收入（支出）情况: the total against its budget, each line with its share and
    rate, ``before`` (the comparison with last year), the lines far from their budget."""
    whole = lines.get(total)
    if whole is None:
        return ["账本中没有该年度的预算执行数据。", *before]
    items = list(lines)
    start = items.index(total) + 1
    ends = [i for i in range(start, len(items)) if lines[items[i]]["level"] == 0]
    section = items[start : ends[0] if ends else len(items)]
    members = [item for item in section if lines[item]["level"] == 1]
    details: dict[str, list[str]] = {}  # a 款's 项 (the lines under its subtotal)
    current: list[str] | None = None
    for item in section:
        if lines[item]["level"] == 1:
            current = details.setdefault(item, [])
        elif lines[item]["level"] == 2 and current is not None:
            current.append(item)
    text = (
        f"本年{total[:2]} {money(whole['actual'])}，预算（调整后）{money(whole['adjusted'])}，"
        f"{measure} {percent(whole['rate'])}。"
    )
    parts = [
        f"{item} {money(lines[item]['actual'])}，占 {percent(lines[item]['share'])}，"
        f"{verb}预算的 {percent(lines[item]['rate'])}{_details(lines, details[item], verb)}"
        for item in members
    ]
    paragraphs = [text + (f"其中：{'；'.join(parts)}。" if parts else ""), *before]
    far = [
        f"{item}（{measure} {percent(lines[item]['rate'])}，差额 {money(lines[item]['difference'])}）"
        for item in section
        if lines[item]["rate"] is not None
        and abs(Decimal(str(lines[item]["rate"])) - 100) > WIDE_OF_BUDGET
    ]
    if far:
        paragraphs.append(f"与预算差异较大的项目：{'；'.join(far)}。")
        paragraphs.append(proposed("请说明上述差异的原因。"))
    return paragraphs


def _details(lines: dict[str, dict[str, object]], items: list[str], verb: str) -> str:
    """The 项 under a 款, in brackets: each with its amount and rate."""
    if not items:
        return ""
    listed = "；".join(
        f"{item} {money(lines[item]['actual'])}，{verb}预算的 {percent(lines[item]['rate'])}"
        for item in items
    )
    return f"（其中{listed}）"


def _on_last_year(reviewed: Report, total: str) -> list[str]:
    """The total beside last year's (收支结构), when the book holds last year."""
    row = next(r for r in reviewed.table("structure").records() if r["item"] == total)
    if row["previous"] is None:
        return []
    change = Decimal(str(row["change"]))
    way = "增加" if change > 0 else "减少"
    if not change:
        return [f"与上年持平（上年 {money(row['previous'])}）。"]
    share = rate(abs(change), Decimal(str(row["previous"])))
    growth = f"，{way} {percent(share)}" if share is not None else ""
    return [f"较上年 {money(row['previous'])} {way} {money(abs(change))}{growth}。"]


def _gifts(reviewed: Report) -> list[str]:
    """慰问支出 against the standards (the review's 慰问标准执行情况)."""
    rows = reviewed.table("gift_standards").records()
    if not rows:
        return []
    spent = sum((Decimal(str(r["amount"])) for r in rows), ZERO)
    over = [
        f"{r['event']}（人均 {money(r['per_head'])}，标准：{r['standard']}）"
        for r in rows
        if r["over"] == assurance.YES
    ]
    unset = [str(r["event"]) for r in rows if r["over"] == assurance.UNSET]
    text = f"慰问支出 {money(spent)}（{'、'.join(str(r['event']) for r in rows)}）"
    if over:
        text += f"，超过标准的：{'；'.join(over)}。"
    else:
        text += "，按适用的标准核对，没有超标。" if len(unset) < len(rows) else "。"
    if unset:
        text += f"{'、'.join(unset)}没有适用的标准，未核对。"
    return [text]


def _cards(reviewed: Report) -> list[str]:
    """账卡相符 (the review's table): its conclusion and the cards without depreciation."""
    return list(reviewed.table("cards_and_books").notes)


def _balance(reviewed: Report) -> list[str]:
    """年初 + 收入 − 支出 (+ 调整及变动) = 年末, 结余率 = 年末结余 ÷ 本年支出, and what the
    balance holds (earmarked money apart)."""
    rows = {str(r["item"]): r for r in reviewed.table("reconciliation").records()}

    def amount(item: str, key: str = "total") -> Decimal:
        value = rows[item][key]
        return Decimal(str(value)) if value is not None else ZERO

    start, income, spending = amount("年初余额"), amount("加：本年收入"), amount("减：本年支出")
    adjusted, end = amount("其中：调整及变动"), amount("年末余额")
    unexplained = amount("其中：未能解释的差额")
    change = f" + 调整及变动 {money(adjusted)}" if adjusted else ""
    check = "相符" if not unexplained else f"不符，相差 {money(unexplained)}，请查明原因"
    paragraphs = [
        f"年初工会资金结转结余 {money(start)} + 本年收入 {money(income)} − 本年支出 "
        f"{money(spending)}{change} = 年末工会资金结转结余 {money(end)}，核对{check}。"
    ]
    ratio = assurance.surplus(end, spending)
    if ratio is not None:
        paragraphs.append(f"结余率（年末结余 ÷ 本年支出）为 {percent(ratio)}。")
    earmarked = amount("年末余额", "carried")
    if earmarked:
        paragraphs.append(
            f"年末结余中工会资金结转（专项资金）{money(earmarked)}，应按规定用途专款专用；"
            f"工会资金结余 {money(amount('年末余额', 'retained'))}。"
        )
    if ratio is not None and ratio > 100:
        paragraphs.append(
            proposed("年末结余超过全年支出，请说明结余资金的安排，避免资金长期闲置。")
        )
    return paragraphs


def _rectification(reviewed: Report) -> list[str]:
    table = reviewed.table("previous_rectification")
    if not table.records():
        return [f"{table.period}没有经审会要求整改或说明的问题。"]
    return [f"{table.period}经审会处理的问题{table.notes[0]}详见下表。"]


def _rectification_items(reviewed: Report) -> tuple[Table, ...]:
    table = reviewed.table("previous_rectification")
    return (replace(table, name="previous_items"),) if table.records() else ()


def _evaluation(
    reviewed: Report, lines: dict[str, dict[str, object]], rows: list[Finding], year: int
) -> list[str]:
    """审计评价, proposed: the rates, then whether anything was found; the review's marked
    lines (an identity that fails, 账卡不符, a gift over its standard) keep it from saying
    that all is in order."""
    income, spending = lines.get("收入合计"), lines.get("支出合计")
    figures = []
    if income is not None:
        figures.append(f"收入预算完成率 {percent(income['rate'])}")
    if spending is not None:
        figures.append(f"支出预算执行率 {percent(spending['rate'])}")
    measured = f"（{'，'.join(figures)}）" if figures else ""
    marked = [
        UNSOUND[table.name]
        for table in reviewed.tables
        if table.name in UNSOUND and any(table.marks())
    ]
    union = reviewed.union
    if rows or marked:
        found = "存在本报告第五部分所列问题" if rows else ""
        also = "、".join(marked)
        return [
            proposed(
                f"经审查，{union}{year}年度经费收支基本真实{measured}，但"
                f"{'；'.join(part for part in (found, also) if part)}，需要整改。"
            )
        ]
    return [
        proposed(
            f"经审查，{union}{year}年度经费收支真实、合法，预算执行情况良好{measured}，"
            "会计核算规范，没有发现违反规定的问题。"
        )
    ]
