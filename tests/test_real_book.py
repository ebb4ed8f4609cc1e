"""A book kept the way real treasurers keep it gives exactly the true findings and no others.

A union of 100 members, 2024 (and the start of 2025), built below month by month:

- each month's payroll is entered on the 10th of the next month, the employer pays the 2%
  on the 15th (60% kept, 40% to 211), and the union remits "上解2024年M月经费" on the 20th
  — except the September share, held back 100 days (true finding: remittance-late);
- June's payroll is never entered and the employer pays nothing for June (true finding:
  payroll-missing);
- dues are withheld member by member: 0.5% of each member's base, the part of the base
  under 10 yuan ignored, so every month is a few yuan under 0.5% of the total base
  (within dues-tolerance: no dues-short);
- vouchers are numbered 记-YYYY-NNNN in date order, and three numbers are skipped once
  (true finding: voucher-gap naming them);
- sports clothing of 12,000 and 11,000 is bought from one shop three days apart under a
  20,000 large-expense line (true finding: large-split);
- a Mid-Autumn gift with headcount 200 in a union of 100 (true finding: gift-headcount);
- budgets approved for both years cover every line.
"""

from __future__ import annotations

import calendar
import datetime
from decimal import ROUND_HALF_UP, Decimal

from ghfund import funding
from ghfund.ledger import load_string
from ghfund.plugins.all import run

D = Decimal
CENT = D("0.01")
MEMBERS = 100
HELD_BACK = 9  # the month whose upward share waits 100 days
MISSING = 6  # the month nobody enters and the employer does not pay
SKIPPED = (31, 32, 33)  # voucher numbers of 2024 never used

HEADER = """
option "operating_currency" "CNY"
plugin "ghfund.plugins.all"
2023-12-31 open Assets:102-银行存款
2023-12-31 open Liabilities:211-应付上级经费
2023-12-31 open Income:401-会费收入
2023-12-31 open Income:402-拨缴经费收入
2023-12-31 open Expenses:501-职工活动支出:50102-文体活动支出
2023-12-31 open Expenses:501-职工活动支出:50105-会员活动支出
2023-12-31 open Expenses:510-其他支出
2023-12-31 open Equity:322-工会资金结余
2023-01-01 custom "ghfund-option" "union-name" "某某公司工会委员会"
2023-01-01 custom "ghfund-option" "upper-union" "某某区总工会"
2023-01-01 custom "ghfund-option" "large-expense" 20000.00 CNY
"""

BUDGETS = {
    2024: {
        "Income:401-会费收入": "40000.00",
        "Income:402-拨缴经费收入": "120000.00",
        "Expenses:501-职工活动支出:50102-文体活动支出": "40000.00",
        "Expenses:501-职工活动支出:50105-会员活动支出": "80000.00",
        "Expenses:510-其他支出": "300.00",
    },
    2025: {
        "Income:401-会费收入": "40000.00",
        "Income:402-拨缴经费收入": "120000.00",
        "Expenses:510-其他支出": "300.00",
    },
}


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def bases(month: int) -> list[Decimal]:
    """Each member's dues base in a month: varied, with cents."""
    return [cents(D("5123.45") + D(i) * D("37.91") + D(month) * D("11.07")) for i in range(MEMBERS)]


def dues(base: Decimal) -> Decimal:
    """One member's dues: 0.5% of the base, the part under 10 yuan ignored."""
    return cents((base // 10) * 10 * D("0.005"))


class Book:
    """The ledger text, with vouchers numbered per year in date order."""

    def __init__(self) -> None:
        self.entries: list[tuple[datetime.date, int, str]] = []

    def add(self, date: datetime.date, text: str) -> None:
        self.entries.append((date, len(self.entries), text))

    def txn(self, date: datetime.date, payee: str, narration: str, meta: str, *lines: str) -> None:
        body = "".join(f"\n  {line}" for line in lines)
        self.add(date, f'{date} * "{payee}" "{narration}"\n  voucher: "{{voucher}}"{meta}{body}\n')

    def text(self) -> tuple[str, dict[str, str]]:
        """The ledger, and the voucher of each entry whose narration is unique."""
        out, numbers, vouchers = [HEADER], {}, {}
        for date, _, entry in sorted(self.entries):
            if "{voucher}" in entry:
                number = numbers.get(date.year, 0) + 1
                while date.year == 2024 and number in SKIPPED:
                    number += 1
                numbers[date.year] = number
                voucher = f"记-{date.year}-{number:04d}"
                entry = entry.replace("{voucher}", voucher)
                vouchers[entry.split('"')[3]] = voucher
            out.append(entry)
        return "\n".join(out), vouchers


def build() -> tuple[str, dict[str, str]]:
    book = Book()
    book.txn(
        datetime.date(2023, 12, 31),
        "",
        "期初余额",
        "",
        "Assets:102-银行存款  100000.00 CNY",
        "Equity:322-工会资金结余",
    )
    for year, lines in BUDGETS.items():
        for account, amount in lines.items():
            book.add(
                datetime.date(year, 1, 8),
                f'{year}-01-08 custom "budget" {account} "yearly" {amount} CNY\n'
                f'  approved: "工会委员会{year}年第1次会议"\n',
            )
    for month in range(1, 13):
        if month != MISSING:
            _month(book, month)
    _spending(book)
    book.txn(
        datetime.date(2025, 3, 31),
        "银行",
        "2025年一季度手续费",
        "",
        "Expenses:510-其他支出  15.00 CNY",
        "Assets:102-银行存款",
    )
    return book.text()


def allocation(month: int) -> tuple[Decimal, Decimal, Decimal]:
    """(payroll, the 2% paid, the 60% kept) of a month."""
    payroll = cents(sum(bases(month), D(0)) * D("1.35"))
    full = cents(payroll * D("0.02"))
    return payroll, full, cents(full * D("0.60"))


def _month(book: Book, month: int) -> None:
    end = month_end(2024, month)
    paid = end + datetime.timedelta(days=15)
    base = bases(month)
    dues_base = sum(base, D(0))
    payroll, full, kept = allocation(month)
    book.add(
        end + datetime.timedelta(days=10),
        f'{end + datetime.timedelta(days=10)} custom "ghfund-payroll" {end} {payroll} CNY\n'
        f"  dues-base: {dues_base} CNY\n  members: {MEMBERS}\n",
    )
    book.txn(
        paid,
        "某某公司",
        f"收到2024年{month}月工会经费",
        f"\n  payroll: {end}",
        f"Assets:102-银行存款  {full} CNY",
        f"Income:402-拨缴经费收入  {-kept} CNY",
        f"Liabilities:211-应付上级经费  {kept - full} CNY",
    )
    book.txn(
        paid,
        "某某公司",
        f"代扣2024年{month}月会费",
        f"\n  payroll: {end}",
        f"Assets:102-银行存款  {sum((dues(b) for b in base), D(0))} CNY",
        "Income:401-会费收入",
    )
    remitted = paid + datetime.timedelta(days=100 if month == HELD_BACK else 5)
    book.txn(
        remitted,
        "某某区总工会",
        f"上解2024年{month}月经费",
        "",
        f"Liabilities:211-应付上级经费  {full - kept} CNY",
        "Assets:102-银行存款",
    )


def _spending(book: Book) -> None:
    sports = "Expenses:501-职工活动支出:50102-文体活动支出"
    members = "Expenses:501-职工活动支出:50105-会员活动支出"
    for day, payee, what, amount in (
        ((3, 2), "某某健身俱乐部", "职工羽毛球赛场地费", "3200.00"),
        ((5, 6), "某某服饰有限公司", "职工运动会服装（第一批）", "12000.00"),
        ((5, 9), "某某服饰有限公司", "职工运动会服装（第二批）", "11000.00"),
        ((10, 12), "某某旅行社", "职工秋季登山活动", "6800.00"),
    ):
        book.txn(
            datetime.date(2024, *day),
            payee,
            what,
            "",
            f"{sports}  {amount} CNY",
            "Assets:102-银行存款",
        )
    for day, what, count, amount in (
        ((2, 2), "春节慰问品", MEMBERS, "30000.00"),
        ((9, 10), "中秋节慰问品", 200, "20000.00"),
    ):
        book.txn(
            datetime.date(2024, *day),
            "某某超市",
            what,
            f'\n  decision: "工会委员会2024年第{day[0]}次会议纪要"'
            f'\n  event: "节日慰问"\n  headcount: {count}\n  form: "实物"',
            f"{members}  {amount} CNY",
            "Assets:102-银行存款",
        )
    for quarter in range(1, 5):
        date = datetime.date(2024, quarter * 3, 28)
        book.txn(
            date,
            "银行",
            f"2024年第{quarter}季度手续费",
            "",
            "Expenses:510-其他支出  15.00 CNY",
            "Assets:102-银行存款",
        )


def test_the_real_looking_book_gives_exactly_the_true_findings() -> None:
    text, vouchers = build()
    loaded = load_string(text)
    assert loaded.errors == (), [e.message for e in loaded.errors]
    book = loaded.book
    # The premise: dues member by member fall a little short of 0.5% of the total base.
    months = [m for m in funding.of(book).months if m.dues_due is not None]
    assert len(months) == 11
    assert all(D("0") < m.dues_due - m.dues_received < D("10") for m in months)

    found = {(error.rule, error.key) for error in run(book).open}
    assert found == {
        ("remittance-late", vouchers["收到2024年9月工会经费"]),
        ("payroll-missing", "2024-06"),
        ("voucher-gap", "记-2024-0034"),
        ("large-split", vouchers["职工运动会服装（第二批）"]),
        ("gift-headcount", vouchers["中秋节慰问品"]),
    }
    by_rule = {error.rule: error for error in run(book).open}
    late = by_rule["remittance-late"]
    _, full, kept = allocation(HELD_BACK)
    assert late.amount == full - kept
    assert "记-2024-0031、记-2024-0032、记-2024-0033" in by_rule["voucher-gap"].message
    assert "2024年9月" in late.message and vouchers["上解2024年9月经费"] in late.message
    assert "逾期 70 天" in late.message


def test_the_month_table_matches_remittances_as_the_rule_does() -> None:
    from ghfund.reports import funding_report as table

    book = load_string(build()[0]).book
    frame = table.build(book, 2024).rows
    late = frame[frame["status"].str.contains("逾期上解")]["month"].tolist()
    assert late == ["2024-09"]
    assert "2024-06" not in frame["month"].tolist()  # no payroll, no receipt: no row
