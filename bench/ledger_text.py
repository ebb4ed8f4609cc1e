"""The pieces of the benchmark book as Beancount text: money, dates, names, accounts, entries.

Amounts are integer cents everywhere in the generator and are written with two decimals;
percentages are applied with ``Decimal`` and an explicit rounding rule.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from ghfund.chart import BASE_CHART, account_name

CURRENCY = "CNY"
UNION = "某某集团有限公司工会委员会"
UPPER_UNION = "某某市总工会"
EMPLOYER = "某某集团有限公司"
YUAN = 100  # cents

ONE_DAY = datetime.timedelta(days=1)


def money(cents: int) -> str:
    """``-1234.50`` for -123450 cents."""
    whole, frac = divmod(abs(cents), YUAN)
    return f"{'-' if cents < 0 else ''}{whole}.{frac:02d}"


def share(cents: int, rate: Decimal, rounding: str = ROUND_HALF_UP) -> int:
    """``rate`` of an amount in cents, rounded to the cent by ``rounding``."""
    return int((Decimal(cents) * rate).quantize(Decimal(1), rounding))


def month_label(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月"


# Accounts ----------------------------------------------------------------------------------


@functools.cache
def account(code: str, local: str = "") -> str:
    """The chart account of ``code``, with an optional local detail such as ``01-工商银行``."""
    return f"{account_name(code)}:{local}" if local else f"{account_name(code)}"


CASH = account("101")
BANK = account("102", "01-工商银行")
BUILDINGS = account("162", "01-房屋及构筑物")
GENERAL_EQUIPMENT = account("162", "02-通用设备")
SPECIAL_EQUIPMENT = account("162", "03-专用设备")
VEHICLES = account("162", "04-交通运输设备")
BOOKS = account("162", "05-图书和档案")
LOCAL_DETAILS = (BANK, BUILDINGS, GENERAL_EQUIPMENT, SPECIAL_EQUIPMENT, VEHICLES, BOOKS)
ACCUMULATED_DEPRECIATION = account("163")
UPWARD_PAYABLE = account("211")
ASSET_FUND = account("301")
ACCUMULATED_BALANCE = account("32205")


def account_opens(date: datetime.date) -> str:
    """Opens for the whole base-union chart, its prescribed details and the local details."""
    accounts = [account(entry.code) for entry in BASE_CHART] + list(LOCAL_DETAILS)
    return "".join(f"{date} open {name} {CURRENCY}\n" for name in accounts) + "\n"


OPTIONS = f"""\
{{date}} custom "ghfund-option" "union-name" "{UNION}"
{{date}} custom "ghfund-option" "allocation-mode" "self"
{{date}} custom "ghfund-option" "retained-share" 0.60
{{date}} custom "ghfund-option" "upper-union" "{UPPER_UNION}"
{{date}} custom "ghfund-option" "standards" "anhui-2025"
{{date}} custom "ghfund-option" "large-expense" 20000.00 CNY
{{date}} custom "ghfund-option" "cash-limit" 5000.00 CNY
{{date}} custom "ghfund-option" "cash-payment-limit" 1000.00 CNY
{{date}} custom "ghfund-option" "remit-days" 30
{{date}} custom "ghfund-option" "allocation-days" 45
{{date}} custom "ghfund-option" "departure-audit-roles" "主席,财务负责人"
{{date}} custom "ghfund-option" "departure-audit-days" 90
{{date}} custom "ghfund-option" "gift-cap" "节日慰问" 2000.00 CNY

"""
"""The book's ghfund options, to be formatted with their effective ``date``."""

LARGE_EXPENSE = 20_000 * YUAN
CASH_LIMIT = 5_000 * YUAN
CASH_PAYMENT_LIMIT = 1_000 * YUAN


# Calendar ----------------------------------------------------------------------------------


def weekday_on_or_after(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day += ONE_DAY
    return day


def weekday_on_or_before(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day -= ONE_DAY
    return day


def workdays(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    days = (first + datetime.timedelta(days=n) for n in range((last - first).days + 1))
    return [day for day in days if day.weekday() < 5]


# Names -------------------------------------------------------------------------------------

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉建国志文斌宇浩凯健俊帆雪琳晨欣怡婷佳倩颖"
_NAME_SPACE = len(SURNAMES) * len(GIVEN) * len(GIVEN)
_NAME_STRIDE = 7919  # prime, coprime with the name space: index -> name is one-to-one


def member_name(index: int) -> str:
    """A distinct three-character name for each member index below the name space."""
    slot = (index * _NAME_STRIDE + 13) % _NAME_SPACE
    given = len(GIVEN)
    return SURNAMES[slot // (given * given)] + GIVEN[slot // given % given] + GIVEN[slot % given]


def department_name(index: int) -> str:
    return f"第{index + 1:02d}分会"


# Entries -----------------------------------------------------------------------------------


def quoted(text: str) -> str:
    return f'"{text}"'


# What a voucher entered through the voucher screen carries: its attachments, who prepared
# and who reviewed it (the evidence rules read them).
SIGNED = ("  attachments: 1", '  preparer: "周敏"', '  reviewer: "李秀英"')


@dataclass(slots=True)
class Txn:
    """A transaction to be written; its voucher number is given when the year is written."""

    date: datetime.date
    payee: str
    narration: str
    postings: list[tuple[str, int]]  # (account, cents); they sum to zero
    meta: list[tuple[str, str]] = field(default_factory=list)  # rendered values
    fund: str | None = None  # earmarked project, written on the income and expense postings
    rank: int = 1  # order within a day: 0 for the morning's cash movement
    cashable: bool = False  # a small payment the cashier may make from cash on hand

    @property
    def key(self) -> tuple[datetime.date, int]:
        return self.date, self.rank

    def render(self, voucher: str) -> str:
        head = f'"{self.payee}" "{self.narration}"' if self.payee else f'"{self.narration}"'
        lines = [f"{self.date} * {head}", f'  voucher: "{voucher}"', *SIGNED]
        lines += [f"  {key}: {value}" for key, value in self.meta]
        for name, cents in self.postings:
            lines.append(f"  {name}  {money(cents)} {CURRENCY}")
            if self.fund and name.startswith(("Income", "Expenses")):
                lines.append(f'    fund: "{self.fund}"')
        return "\n".join(lines) + "\n\n"


@dataclass(frozen=True, slots=True)
class Text:
    """Any other directive, already rendered."""

    date: datetime.date
    text: str
    rank: int = -1

    @property
    def key(self) -> tuple[datetime.date, int]:
        return self.date, self.rank


def custom(date: datetime.date, kind: str, values: str, meta: tuple[str, ...] = ()) -> Text:
    """``date custom "kind" values`` with metadata lines ``key: value``."""
    lines = [f'{date} custom "{kind}" {values}', *(f"  {line}" for line in meta)]
    return Text(date, "\n".join(lines) + "\n\n")


def balance(date: datetime.date, name: str, cents: int) -> Text:
    return Text(date, f"{date} balance {name}  {money(cents)} {CURRENCY}\n\n", rank=-2)
