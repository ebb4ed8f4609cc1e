"""工会01表 资产负债表 and 工会02表 收入支出表 of one year (docs/REGULATIONS.md §4).

Line names and order are the official forms' and live here; every line is computed
from first-level account codes. Income and spending close virtually into 321
工会资金结转 (earmarked) and 322 工会资金结余 (the rest) by ``ghfund.closing.closes_into``;
``#closing`` entries brought from another system net to nothing after virtual closing
and are left out of a year's income, spending and adjustments.

Each table checks its identity and says so in a note: 资产总计 = 负债与净资产总计, and
年末 = 年初 + 调整及变动 + 本期收支差额 for 资金结转 and 资金结余 each. A failed check is a
note starting with ``UNBALANCED``; ``unbalanced(table)`` tells the command.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from ghfund.book import Book
from ghfund.closing import CARRIED, RETAINED
from ghfund.money import ZERO, fmt
from ghfund.reports.balances import Sums, sums_of, total, year_end
from ghfund.reports.model import HEADING, KEY, LEVEL, LINE, SIDE, Column, Table

UNBALANCED = "不平衡"
NUMERALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一")


# ---------------------------------------------------------------- 工会01表 资产负债表


@dataclass(frozen=True)
class Line:
    """One line of the balance sheet: a sum of first-level codes, or a total of lines."""

    item: str
    codes: tuple[str, ...] = ()
    credit: bool = False  # shown as a positive credit balance (liabilities, net assets, 163, 172)
    parts: tuple[str, ...] = ()  # a total: the items added ("-item" subtracts)
    level: int = 1
    name: str = ""  # a total's key

    @property
    def key(self) -> str:
        """The line's ``KEY`` in the table: its codes joined by "+" ("101+102" 货币资金), or
        a total's name ("current_assets" 流动资产合计); never its title."""
        return self.name or "+".join(self.codes)


def _total(name: str, item: str, *parts: str, level: int = 0) -> Line:
    return Line(item, parts=parts, level=level, name=name)


def _credit(item: str, code: str) -> Line:
    return Line(item, (code,), credit=True)


INTERIM = "零余额账户用款额度*"
"""Marked * on the form: a line of the interim (monthly) statements, nil at a year end."""

CURRENT_ASSETS = (
    "货币资金",
    INTERIM,
    "财政应返还额度",
    "应收上级经费",
    "应收下级经费",
    "其他应收款",
    "库存物品",
)
LIABILITIES = ("应付职工薪酬", "应付上级经费", "应付下级经费", "其他应付款", "代管经费")
NET_ASSETS = (
    "资产基金",
    "专用基金",
    "工会资金结转",
    "工会资金结余",
    "财政拨款结转",
    "财政拨款结余",
    "预算稳定调节基金",
)
ASSETS_TOTAL, CLAIMS_TOTAL = "资产总计", "负债与净资产总计"

BALANCE_SHEET: tuple[Line, ...] = (
    Line("货币资金", ("101", "102")),
    Line(INTERIM, ("111",)),
    Line("财政应返还额度", ("121",)),
    Line("应收上级经费", ("131",)),
    Line("应收下级经费", ("132",)),
    Line("其他应收款", ("135",)),
    Line("库存物品", ("141",)),
    _total("current_assets", "流动资产合计", *CURRENT_ASSETS),
    Line("投资", ("151",)),
    Line("在建工程", ("161",)),
    Line("固定资产原值", ("162",)),
    _credit("减：累计折旧", "163"),
    _total("fixed_assets_net", "固定资产净值", "固定资产原值", "-减：累计折旧", level=1),
    Line("无形资产原值", ("171",)),
    _credit("减：累计摊销", "172"),
    _total("intangible_assets_net", "无形资产净值", "无形资产原值", "-减：累计摊销", level=1),
    Line("长期待摊费用", ("181",)),
    Line("待处理财产损溢", ("182",)),
    _total(
        "assets",
        ASSETS_TOTAL,
        "流动资产合计",
        "投资",
        "在建工程",
        "固定资产净值",
        "无形资产净值",
        "长期待摊费用",
        "待处理财产损溢",
    ),
    _credit("应付职工薪酬", "201"),
    _credit("应付上级经费", "211"),
    _credit("应付下级经费", "212"),
    _credit("其他应付款", "215"),
    _credit("代管经费", "221"),
    _total("liabilities", "负债合计", *LIABILITIES),
    _credit("资产基金", "301"),
    _credit("专用基金", "311"),
    _credit("工会资金结转", CARRIED),
    _credit("工会资金结余", RETAINED),
    _credit("财政拨款结转", "331"),
    _credit("财政拨款结余", "332"),
    _credit("预算稳定调节基金", "341"),
    _total("net_assets", "净资产合计", *NET_ASSETS),
    _total("liabilities_and_net_assets", CLAIMS_TOTAL, "负债合计", "净资产合计"),
)
"""The lines of 工会01表 in the form's order (docs/REGULATIONS.md §4). The form has no 行次; where an
upper union's template wants one (option ``form-line-numbers``) it is the position, from 1."""

HEADINGS = {"货币资金": "一、资产", "应付职工薪酬": "二、负债", "资产基金": "三、净资产"}
"""The form's heading rows, by the line they stand above."""
SIDES = ("资产", "负债与净资产")
"""The titles of the form's two item columns."""

RIGHT = [line.item for line in BALANCE_SHEET].index(ASSETS_TOTAL) + 1
"""Lines from this position on are on the form's right side (负债, 净资产)."""


def totals_of(key: str) -> tuple[str, ...]:
    """The ``KEY``s of the totals a line adds into, innermost first: on 工会01表 by the form's
    parts ("132" 应收下级经费 → current_assets, assets), on 工会02表 an income or spending
    code's total ("403" → income). A total that subtracts the line (固定资产净值 of "163")
    is not among them."""
    if key in {code for _, code in INCOME_LINES}:
        return ("income",)
    if key in {code for _, code in EXPENSE_LINES}:
        return ("spending",)
    lines = {line.item: line for line in BALANCE_SHEET}

    def adds(total: Line, item: str) -> bool:
        return any(part == item or adds(lines[part], item) for part in total.parts if part in lines)

    item = next((line.item for line in BALANCE_SHEET if line.key == key), None)
    return tuple(line.key for line in BALANCE_SHEET if item is not None and adds(line, item))


def balance_columns(labels: tuple[str, str]) -> tuple[Column, ...]:
    """项目, then the balances at the two dates: ``("年初", "年末")`` gives 年初余额, 年末余额."""
    return (
        Column("item", "项目", "text"),
        Column("start", f"{labels[0]}余额"),
        Column("end", f"{labels[1]}余额"),
    )


def line_numbers(book: Book, date: datetime.date) -> bool:
    """Whether the statements print a 行次 (option ``form-line-numbers``, off by default:
    the 制度's forms have none)."""
    return bool(book.settings.at("form-line-numbers", date))


def balance_lines(balances: dict[str, Decimal]) -> dict[str, Decimal]:
    """Every balance-sheet line from balances by first-level code (after virtual closing)."""
    values: dict[str, Decimal] = {}
    for line in BALANCE_SHEET:
        if line.parts:
            values[line.item] = total(
                -values[part[1:]] if part.startswith("-") else values[part] for part in line.parts
            )
        else:
            amount = total(balances.get(code, ZERO) for code in line.codes)
            values[line.item] = -amount if line.credit else amount
    return values


def balance_sheet(book: Book, year: int, sums: Sums | None = None) -> Table:
    """工会01表 资产负债表 at the end of ``year``, with the start of the year beside it."""
    return balance_sheet_at(
        book,
        sums or sums_of(book),
        (year_end(year - 1), year_end(year)),
        ("年初", "年末"),
        f"{year}年12月31日",
    )


def balance_sheet_at(
    book: Book,
    sums: Sums,
    dates: tuple[datetime.date, datetime.date],
    labels: tuple[str, str],
    period: str,
) -> Table:
    """工会01表 at the end of two dates (period ends of ``sums``), side by side, each column
    titled by its label (年初/年末, 任期初/任期末) and the identity checked at both."""
    start, end = (balance_lines(sums.closed_at(date)) for date in dates)
    numbered = line_numbers(book, dates[1])
    frame = pd.DataFrame(
        [
            {
                "item": line.item,
                "start": start[line.item],
                "end": end[line.item],
                LEVEL: line.level,
                LINE: number if numbered else None,
                SIDE: int(number > RIGHT),
                HEADING: HEADINGS.get(line.item, ""),
                KEY: line.key,
            }
            for number, line in enumerate(BALANCE_SHEET, start=1)
        ],
        columns=["item", "start", "end", LEVEL, LINE, SIDE, HEADING, KEY],
    )
    others = sorted(sums.currencies - {book.currency})
    notes = [
        *_balance_check(book, sums, zip(labels, (start, end), dates, strict=True)),
        *(
            [
                f"注意：账本中有 {'、'.join(others)} 金额，报表把它们按数字与 {book.currency} 直接相加；"
                f"请折算为 {book.currency} 记账。"
            ]
            if others
            else []
        ),
        "工会资金结转、工会资金结余为虚拟结账后的余额：专项资金（注明 fund 的收支及专项转移支付"
        "补助收入）的收支差额计入工会资金结转，其余计入工会资金结余。",
    ]
    return Table(
        "balance_sheet",
        "资产负债表",
        balance_columns(labels),
        frame,
        form="工会01表",
        period=period,
        notes=tuple(notes),
        sides=SIDES,
    )


def _balance_check(
    book: Book,
    sums: Sums,
    columns: Iterable[tuple[str, dict[str, Decimal], datetime.date]],
) -> list[str]:
    columns = list(columns)
    problems = [
        f"{UNBALANCED}：{label}资产总计 {fmt(values[ASSETS_TOTAL])}，负债与净资产总计 "
        f"{fmt(values[CLAIMS_TOTAL])}，相差 {fmt(values[ASSETS_TOTAL] - values[CLAIMS_TOTAL])}。"
        + _causes(book, sums, when)
        for label, values, when in columns
        if values[ASSETS_TOTAL] != values[CLAIMS_TOTAL]
    ]
    if problems:
        return problems
    shown = "，".join(f"{label} {fmt(values[ASSETS_TOTAL])}" for label, values, _ in columns)
    return [f"核对：资产总计 = 负债与净资产总计（{shown}），相符。"]


def _causes(book: Book, sums: Sums, date: datetime.date) -> str:
    causes = [
        f"不按科目表编码的科目 {account}（余额 {fmt(amount)}）不在任何报表项目中，"
        "请按 ghfund check 的 account-code 提示改正科目名"
        for account, amount in sorted(sums.off_chart(date).items())
    ]
    others = sorted(sums.currencies - {book.currency})
    if others:
        causes.append(
            f"账本中有 {'、'.join(others)} 金额，报表按数字直接相加；请折算为 {book.currency} 记账"
        )
    return f"原因：{'；'.join(causes)}。" if causes else ""


# ---------------------------------------------------------------- 工会02表 收入支出表

INCOME_LINES: tuple[tuple[str, str], ...] = (
    ("会费收入", "401"),
    ("拨缴经费收入", "402"),
    ("上级补助收入", "403"),
    ("政府补助收入", "404"),
    ("行政补助收入", "405"),
    ("附属单位上缴收入", "406"),
    ("投资收益", "407"),
    ("其他收入", "408"),
    ("动用预算稳定调节基金", "411"),
)
EXPENSE_LINES: tuple[tuple[str, str], ...] = (
    ("职工活动支出", "501"),
    ("职工活动组织支出", "502"),
    ("职工服务支出", "503"),
    ("维权支出", "504"),
    ("业务支出", "505"),
    ("行政支出", "506"),
    ("资本性支出", "507"),
    ("补助下级支出", "508"),
    ("对附属单位的支出", "509"),
    ("其他支出", "510"),
    ("安排预算稳定调节基金", "521"),
)
CARRIED_CODES, RETAINED_CODES = (CARRIED, "331"), (RETAINED, "332")  # 结转 321+331, 结余 322+332


@dataclass(frozen=True)
class Flows:
    """One column of 工会02表: a period's figures, 结转 (carried) and 结余 (retained) apart."""

    start: tuple[Decimal, Decimal]  # 年初资金结转, 年初资金结余 (at the start of the period)
    adjusted: tuple[Decimal, Decimal]  # 调整及变动 of 结转, of 结余
    income: dict[str, Decimal]  # by code, positive
    spending: dict[str, Decimal]  # by code, positive
    earmarked: Decimal  # the earmarked part of 本期收支差额
    end: tuple[Decimal, Decimal]  # 年末资金结转, 年末资金结余 (at the end of the period)
    known: bool = True  # False: a period before the book, of which only the end is known

    @property
    def difference(self) -> Decimal:
        return total(self.income.values()) - total(self.spending.values())

    @property
    def expected(self) -> tuple[Decimal, Decimal]:
        """年末 as 年初 + 调整及变动 + 本期收支差额, for 结转 and 结余."""
        earmarked, ordinary = self.earmarked, self.difference - self.earmarked
        return (
            self.start[0] + self.adjusted[0] + earmarked,
            self.start[1] + self.adjusted[1] + ordinary,
        )


def year_flows(sums: Sums, year: int) -> Flows:
    return flows_between(sums, year_end(year - 1), year_end(year))


def flows_between(sums: Sums, after: datetime.date, through: datetime.date) -> Flows:
    """The figures of the days after ``after`` through ``through`` (period ends of ``sums``)."""

    def funds(balances: dict[str, Decimal]) -> tuple[Decimal, Decimal]:
        return (
            -total(balances.get(code, ZERO) for code in CARRIED_CODES),
            -total(balances.get(code, ZERO) for code in RETAINED_CODES),
        )

    flows = sums.moved_between(after, through, flow=True)
    return Flows(
        start=funds(sums.closed_at(after)),
        adjusted=funds(sums.moved_between(after, through, flow=False)),
        income={code: -flows.get(code, ZERO) for _, code in INCOME_LINES},
        spending={code: flows.get(code, ZERO) for _, code in EXPENSE_LINES},
        earmarked=-total(sums.moved_between(after, through, flow=True, earmarked=True).values()),
        end=funds(sums.closed_at(through)),
    )


def income_lines(flows: Flows, interim: bool = False) -> list[tuple[str, str, Decimal | None, int]]:
    """(key, item, amount, level) of every line of 工会02表, in the form's order (the key: an
    income or spending line's code, "403"; a total's name, "income"); for a period
    before the book only the 年末 lines have amounts (the opening balances), the rest None.
    ``interim`` (the monthly form): 年初 and 年末资金结转结余 (lines 1–3 and the last three)
    are blank, as the form's 编制说明 reports them in the annual statement only."""
    lines = _income_lines(flows)
    end = len(lines) - 3  # 六、年末资金结转结余 and its two parts
    if interim:
        return [
            (key, item, None if n < 3 or n >= end else amount, level)
            for n, (key, item, amount, level) in enumerate(lines)
        ]
    if flows.known:
        return list(lines)
    return [
        (key, item, amount if n >= end else None, level)
        for n, (key, item, amount, level) in enumerate(lines)
    ]


def _income_lines(flows: Flows) -> list[tuple[str, str, Decimal, int]]:

    def sub(number: int, item: str) -> str:
        return f"（{NUMERALS[number]}）{item}"

    income = [
        (code, sub(n, item), flows.income[code], 2) for n, (item, code) in enumerate(INCOME_LINES)
    ]
    spending = [
        (code, sub(n, item), flows.spending[code], 2)
        for n, (item, code) in enumerate(EXPENSE_LINES)
    ]
    return [
        ("opening", "一、年初资金结转结余", total(flows.start), 0),
        ("opening_carried", sub(0, "年初资金结转"), flows.start[0], 2),
        ("opening_retained", sub(1, "年初资金结余"), flows.start[1], 2),
        ("adjustments", "二、资金结转结余调整及变动", total(flows.adjusted), 0),
        ("income", "三、收入合计", total(flows.income.values()), 0),
        *income,
        ("spending", "四、支出合计", total(flows.spending.values()), 0),
        *spending,
        ("difference", "五、本期收支差额", flows.difference, 0),
        ("closing", "六、年末资金结转结余", total(flows.end), 0),
        ("closing_carried", sub(0, "年末资金结转"), flows.end[0], 2),
        ("closing_retained", sub(1, "年末资金结余"), flows.end[1], 2),
    ]


def income_expenditure(book: Book, year: int, sums: Sums | None = None) -> Table:
    """工会02表 收入支出表 of ``year`` (本年数) beside the year before (上年数)."""
    sums = sums or sums_of(book)
    before_book = bool(book.years) and year - 1 < book.years.start
    previous = year_flows(sums, year - 1)
    columns = (
        (Column("current", "本年数"), year_flows(sums, year)),
        (Column("previous", "上年数"), dataclasses.replace(previous, known=not before_book)),
    )
    table = income_expenditure_of(
        columns, "本年", f"{year}年度", numbered=line_numbers(book, year_end(year))
    )
    notes = list(table.notes)
    closings = sums.closings.get(year, 0)
    if closings:
        notes.append(
            f"本年有 {closings} 笔标记 #closing 的结账分录，不计入收入、支出和调整及变动。"
        )
    if before_book:
        notes.append(
            f"账本从 {book.years.start} 年开始：上年数只列账本已知的年末资金结转结余（即期初余额），"
            "上年的收入、支出等各项账本中没有，空白。"
        )
    return dataclasses.replace(table, notes=tuple(notes))


def income_expenditure_of(
    columns: Sequence[tuple[Column, Flows]],
    lead: str,
    period: str,
    numbered: bool = False,
    interim: bool = False,
) -> Table:
    """工会02表 with one amount column per period (``Flows``), each column's identity checked;
    the check's summary quotes the first column, called ``lead`` (本年, 任期). ``numbered``
    adds a 行次 (option ``form-line-numbers``); ``interim`` is the monthly form (年初 and
    年末资金结转结余 blank, the identity still checked)."""
    keys = [column.key for column, _ in columns]
    lines = [income_lines(flows, interim) for _, flows in columns]
    frame = pd.DataFrame(
        [
            {
                "item": item,
                **dict(zip(keys, amounts, strict=True)),
                LEVEL: level,
                LINE: number if numbered else None,
                KEY: key,
            }
            for number, ((key, item, _, level), *amounts) in enumerate(
                zip(
                    lines[0],
                    *([amount for _, _, amount, _ in column] for column in lines),
                    strict=True,
                ),
                start=1,
            )
        ],
        columns=["item", *keys, LEVEL, LINE, KEY],
    )
    return Table(
        "income_expenditure",
        "收入支出表",
        (Column("item", "项目", "text"), *(column for column, _ in columns)),
        frame,
        form="工会02表",
        period=period,
        notes=tuple(_flows_check(columns, lead)),
    )


def _flows_check(columns: Sequence[tuple[Column, Flows]], lead: str) -> list[str]:
    problems = []
    for column, flows in columns:
        if not flows.known:
            continue
        parts = zip(
            ("资金结转", "资金结余"),
            flows.start,
            flows.adjusted,
            (flows.earmarked, flows.difference - flows.earmarked),
            flows.end,
            flows.expected,
            strict=True,
        )
        for name, start, adjusted, difference, end, expected in parts:
            if end != expected:
                problems.append(
                    f"{UNBALANCED}：{column.title}年末{name} {fmt(end)} ≠ 年初{name} {fmt(start)}"
                    f" + 调整及变动 {fmt(adjusted)} + 本期收支差额 {fmt(difference)}"
                    f"，相差 {fmt(end - expected)}。标记 #closing 的结账分录应把收支全部"
                    "结转到 321/322（专项资金到 321），请核对这些分录。"
                )
    if problems:
        return problems
    first = columns[0][1]
    titles = "、".join(column.title for column, flows in columns if flows.known)
    return [
        "核对：年末资金结转结余 = 年初资金结转结余 + 资金结转结余调整及变动 + 本期收支差额"
        f"（{lead}：年初 {fmt(total(first.start))}，调整及变动 {fmt(total(first.adjusted))}，"
        f"收支差额 {fmt(first.difference)}，年末 {fmt(total(first.end))}），"
        f"{titles}的资金结转和资金结余分别相符。"
    ]


def unbalanced(table: Table) -> bool:
    """True when a statement's identity check failed (a note starting with UNBALANCED)."""
    return any(note.startswith(UNBALANCED) for note in table.notes)
