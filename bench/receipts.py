"""What the union receives: payroll months Dec..Nov with the 2% allocation split 60/40, the
upward share remitted within the month, members' dues, subsidies and bank interest."""

from __future__ import annotations

import datetime
from decimal import ROUND_UP, Decimal

from ledger_text import (
    BANK,
    EMPLOYER,
    UPPER_UNION,
    UPWARD_PAYABLE,
    YUAN,
    Txn,
    account,
    custom,
    money,
    month_label,
    share,
    weekday_on_or_after,
)
from union import Year

ALLOCATION_RATE = Decimal("0.02")
RETAINED_SHARE = Decimal("0.60")
DUES_RATE = Decimal("0.005")
DUES_BASE_RATE = Decimal("0.62")
BASE_WAGE = 12_000  # yuan a month in the first year, +5% a year
INTEREST_DAYS = ((3, 21), (6, 21), (9, 21), (12, 21))

PER_YEAR = 12 * 3 + len(INTEREST_DAYS) + 3  # allocations, dues, remittances; interest; subsidies


def receive(year: Year) -> None:
    """Payroll months Dec..Nov: the allocation, dues and remittance; subsidies; interest."""
    staff = round(year.members * 1.1)
    wage = BASE_WAGE * YUAN * Decimal("1.05") ** year.index
    for month in range(1, 13):
        paid_for = datetime.date(year.year, month, 1) - datetime.timedelta(days=1)
        bonus = Decimal("1.3") if paid_for.month == 12 else Decimal(1)
        total = int(staff * wage * bonus * Decimal(year.rng.uniform(0.97, 1.03)))
        payroll(year, year.day(month, 5), paid_for, total)
    subsidies(year)
    for month, day in INTEREST_DAYS:
        cents = round(year.members * YUAN * year.rng.uniform(1.5, 3.5))
        year.items.append(
            Txn(
                weekday_on_or_after(year.day(month, day)),
                "中国工商银行",
                "银行存款利息",
                [(BANK, cents), (account("408"), -cents)],
            )
        )


def payroll(year: Year, day: datetime.date, paid_for: datetime.date, total: int) -> None:
    dues_base = share(total, DUES_BASE_RATE)
    year.items.append(
        custom(
            day,
            "ghfund-payroll",
            f"{paid_for} {money(total)} CNY",
            (f"dues-base: {money(dues_base)} CNY", f"members: {year.members}"),
        )
    )
    allocation = share(total, ALLOCATION_RATE)
    retained = share(allocation, RETAINED_SHARE)
    upward = allocation - retained
    dues = share(dues_base, DUES_RATE, ROUND_UP)
    meta = [("payroll", str(paid_for))]
    label = month_label(paid_for)
    year.items += [
        Txn(
            weekday_on_or_after(year.day(day.month, 10)),
            EMPLOYER,
            f"收到{label}工资总额2%拨缴经费",
            [(BANK, allocation), (account("402"), -retained), (UPWARD_PAYABLE, -upward)],
            meta,
        ),
        Txn(
            weekday_on_or_after(year.day(day.month, 12)),
            EMPLOYER,
            f"收到{label}代扣会员会费",
            [(BANK, dues), (account("401"), -dues)],
            meta,
        ),
        Txn(
            weekday_on_or_after(year.day(day.month, 20)),
            UPPER_UNION,
            f"上解{label}拨缴经费（40%）",
            [(UPWARD_PAYABLE, upward), (BANK, -upward)],
        ),
    ]


def subsidies(year: Year) -> None:
    employer = int(year.members * 300 * YUAN * Decimal("1.05") ** year.index)
    general = year.members * 50 * YUAN
    grant = max(20_000, year.members * 40) * YUAN
    fund = f"{year.year}年职工书屋建设专项"
    year.items += [
        Txn(
            weekday_on_or_after(year.day(3, 15)),
            EMPLOYER,
            "行政补助（工会工作经费）",
            [(BANK, employer), (account("405"), -employer)],
        ),
        Txn(
            weekday_on_or_after(year.day(4, 15)),
            UPPER_UNION,
            "上级工会一般性转移支付补助",
            [(BANK, general), (account("40301"), -general)],
        ),
        Txn(
            weekday_on_or_after(year.day(5, 15)),
            UPPER_UNION,
            f"上级工会专项补助：{fund}",
            [(BANK, grant), (account("40302"), -grant)],
            fund=fund,
        ),
    ]
