"""What the union spends, drawn against about 92% of its own income of the year: festival,
birthday and condolence gifts, scheduled large items, capital purchases with their 162/301
pair, the earmarked grant, and the departments' everyday vouchers."""

from __future__ import annotations

import datetime
from decimal import Decimal

from ledger_text import (
    ASSET_FUND,
    BOOKS,
    BUILDINGS,
    GENERAL_EQUIPMENT,
    LARGE_EXPENSE,
    SPECIAL_EQUIPMENT,
    VEHICLES,
    YUAN,
    department_name,
    member_name,
    quoted,
    share,
    weekday_on_or_after,
    weekday_on_or_before,
)
from union import Year, apportion, spend

SPENDING_RATE = Decimal("0.92")  # of the year's own income
FESTIVALS = (("春节", 1, 20, 300), ("端午", 6, 5, 150), ("中秋", 9, 10, 250), ("国庆", 9, 25, 150))
BIRTHDAY_GIFT = 200
INDIVIDUAL_EVENTS = (  # event, yearly rate among members, yuan, account code
    ("结婚慰问", Decimal("0.010"), 500, "50105"),
    ("生育慰问", Decimal("0.012"), 400, "50105"),
    ("退休慰问", Decimal("0.015"), 400, "50105"),
    ("住院慰问", Decimal("0.040"), 400, "50405"),
    ("去世慰问", Decimal("0.001"), 1000, "50405"),
    ("直系亲属去世慰问", Decimal("0.015"), 500, "50405"),
)

LARGE_ITEMS = (  # code, month, day, narration, payee
    ("50104", 5, 20, "劳模职工疗休养", "某某旅行社有限公司"),
    ("50501", 7, 15, "工会干部培训班", "某某培训中心"),
    ("50102", 10, 15, "职工运动会", "某某体育中心"),
)

CAPITAL = (  # code, asset account, useful life in years, weight, narration, payee
    ("50701", BUILDINGS, 30, 5, "职工之家用房改建", "某某建筑工程有限公司"),
    ("50702", GENERAL_EQUIPMENT, 6, 1, "购置办公电脑和打印机", "某某电脑城"),
    ("50703", SPECIAL_EQUIPMENT, 6, 2, "购置职工书屋借阅终端", "某某科技有限公司"),
    ("50704", VEHICLES, 8, 3, "购置职工服务车辆", "某某汽车销售有限公司"),
    ("50705", BUILDINGS, 30, 3, "职工活动中心大型修缮", "某某建筑工程有限公司"),
    ("50706", GENERAL_EQUIPMENT, 6, 2, "建设会员服务信息系统", "某某信息技术有限公司"),
    ("50707", GENERAL_EQUIPMENT, 6, 1, "购置职工之家健身设备", "某某体育用品有限公司"),
)

CAPITAL_DAYS = ((3, 25), (5, 25), (8, 25), (10, 25))
CAPITAL_SHARE = Decimal("0.08")  # of the year's income
LARGE_SHARE = Decimal("0.03")  # of the year's income, per large item
EARMARK_SHARES = ((6, 20, 40), (9, 20, 35), (11, 20, 20))  # month, day, percent of the grant

SCHEDULED_PER_YEAR = len(EARMARK_SHARES) + len(FESTIVALS) + len(LARGE_ITEMS) + len(CAPITAL_DAYS)
DEPARTMENT_LINES = (  # code, count weight, amount weight, activities
    ("50101", 5, 6, ("职工读书讲座", "技能培训讲师费", "安全知识讲座")),
    ("50102", 20, 20, ("羽毛球比赛场地费", "篮球联赛用品", "职工合唱团服装", "健步走活动用品")),
    ("50103", 6, 4, ("宣传展板制作", "工会简报印刷", "职工摄影展布展")),
    ("50104", 2, 6, ("劳模体检", "劳模疗休养交通费")),
    ("50105", 12, 10, ("会员观影活动", "会员春游", "会员秋游", "亲子活动用品")),
    ("50106", 4, 3, ("青年联谊活动", "女职工节活动")),
    ("50301", 5, 6, ("岗位练兵比武耗材", "技能竞赛评委费", "技能竞赛奖品")),
    ("50302", 4, 5, ("职工之家桌椅维修", "母婴室用品")),
    ("50303", 2, 3, ("创新工作室耗材", "合理化建议评审")),
    ("50304", 4, 2, ("职工书屋图书", "书屋期刊订阅")),
    ("50305", 3, 2, ("职工心理咨询", "单身职工联谊")),
    ("50401", 2, 1, ("集体协商会议", "劳动争议调解培训")),
    ("50402", 3, 3, ("防暑降温用品", "女职工健康体检")),
    ("50403", 1, 1, ("职工法律援助律师费", "普法资料印制")),
    ("50404", 4, 6, ("困难职工帮扶", "困难职工子女助学", "大病救助")),
    ("50405", 3, 4, ("送清凉慰问品", "一线职工慰问品")),
    ("50406", 1, 1, ("女职工权益维护活动", "职工代表大会会务")),
    ("50501", 5, 6, ("工会干部培训", "财务人员培训", "经审业务培训")),
    ("50502", 5, 3, ("会员代表大会会务", "工会委员会会议资料")),
    ("50503", 2, 2, ("工会信息化维护", "会员实名制数据录入")),
    ("50504", 5, 2, ("办公用品", "邮寄费", "资料印刷")),
    ("510", 3, 1, ("零星杂项支出", "会员证件制作")),
)

VENDORS = (
    "某某体育用品有限公司",
    "某某文化传媒有限公司",
    "某某印务有限公司",
    "某某超市",
    "某某酒店",
    "某某旅行社有限公司",
    "某某图书发行公司",
    "某某办公用品商行",
    "某某培训中心",
    "某某餐饮有限公司",
)


def spend_year(year: Year, department_vouchers: int) -> None:
    """All of a year's spending; the departments get what the rest leaves of 92% of income."""
    income = year.income()
    spent = gifts(year) + large_items(year, income) + capital(year, income)
    earmarked(year)
    departments(year, share(income, SPENDING_RATE) - spent, department_vouchers)


def gift_count(members: int) -> int:
    """Birthday gifts (one per member) and individual condolence gifts in a year."""
    return members + sum(round(members * rate) for _, rate, _, _ in INDIVIDUAL_EVENTS)


def earmarked(year: Year) -> None:
    """Spend 95% of the year's earmarked grant on the workers' library, tagged with its fund;
    the books, bought in bulk, are fixed assets (162 图书和档案 / 301), not depreciated."""
    grant = next(txn for txn in year.transactions() if txn.fund is not None)
    amount = grant.postings[0][1]
    for month, day, percent in EARMARK_SHARES:
        txn = spend(
            weekday_on_or_after(year.day(month, day)),
            "50304",
            amount * percent // 100,
            "某某图书发行公司",
            f"{grant.fund}：购置图书",
        )
        txn.fund, txn.cashable = grant.fund, False
        txn.postings += [(BOOKS, amount * percent // 100), (ASSET_FUND, -(amount * percent // 100))]
        year.items.append(txn)


def gifts(year: Year) -> int:
    """Festival gifts to all members, birthday gifts and individual condolences; their total."""
    total = 0
    for name, month, day, per_head in FESTIVALS:
        cents = per_head * YUAN * year.members
        meta = [
            ("event", quoted("节日慰问")),
            ("headcount", str(year.members)),
            ("form", quoted("实物")),
        ]
        year.items.append(
            spend(
                weekday_on_or_before(year.day(month, day)),
                "50105",
                cents,
                "某某商贸有限公司",
                f"{name}慰问品（全体会员，每人{per_head}元）",
                meta,
            )
        )
        total += cents
    first = year.spending_days[0]
    for member in range(year.members):
        birthday = year.day(1, 1) + datetime.timedelta(days=member * 7919 % 365)
        form = "提货券" if year.rng.random() < 0.3 else "实物"
        meta = [
            ("event", quoted("生日慰问")),
            ("member", quoted(member_name(member))),
            ("form", quoted(form)),
        ]
        year.items.append(
            spend(
                max(first, weekday_on_or_before(birthday)),
                "50105",
                BIRTHDAY_GIFT * YUAN,
                "某某食品有限公司",
                "会员生日慰问（蛋糕）",
                meta,
            )
        )
    total += BIRTHDAY_GIFT * YUAN * year.members
    for event, rate, yuan, code in INDIVIDUAL_EVENTS:
        for member in year.rng.sample(range(year.members), round(year.members * rate)):
            name = member_name(member)
            meta = [("event", quoted(event)), ("member", quoted(name)), ("form", quoted("实物"))]
            year.items.append(
                spend(
                    year.rng.choice(year.spending_days),
                    code,
                    yuan * YUAN,
                    "某某商贸有限公司",
                    f"{name}{event}（慰问品）",
                    meta,
                )
            )
            total += yuan * YUAN
    return total


def large_items(year: Year, income: int) -> int:
    """The year's scheduled large items; their total.

    They reach the large-expense threshold (and carry a decision) unless the union is so
    small that this would take more than twice their share of its income.
    """
    base = share(income, LARGE_SHARE)
    if base >= LARGE_EXPENSE // 2:
        base = max(base, LARGE_EXPENSE)
    total = 0
    for code, month, day, narration, payee in LARGE_ITEMS:
        cents = round(base * year.rng.uniform(1.0, 1.4)) // YUAN * YUAN
        year.items.append(
            spend(
                weekday_on_or_after(year.day(month, day)),
                code,
                cents,
                payee,
                f"{year.year}年{narration}",
            )
        )
        total += cents
    return total


def capital(year: Year, income: int) -> int:
    """Four capital purchases, each with its 162/301 pair; their total."""
    lines = [
        CAPITAL[(len(CAPITAL_DAYS) * year.index + k) % len(CAPITAL)]
        for k in range(len(CAPITAL_DAYS))
    ]
    weights = sum(line[3] for line in lines)
    total = 0
    for (code, asset, life, weight, narration, payee), (month, day) in zip(
        lines, CAPITAL_DAYS, strict=True
    ):
        cents = (
            round(share(income, CAPITAL_SHARE) * weight / weights * year.rng.uniform(0.8, 1.2))
            // YUAN
            * YUAN
        )
        txn = spend(weekday_on_or_after(year.day(month, day)), code, cents, payee, narration)
        txn.postings += [(asset, cents), (ASSET_FUND, -cents)]
        txn.cashable = False
        year.items.append(txn)
        year.state.cohorts.append([cents, cents // life])
        total += cents
    return total


def departments(year: Year, budget: int, vouchers: int) -> None:
    """The departments' everyday vouchers, spread over the working days of the year."""
    counts = apportion(vouchers, [line[1] for line in DEPARTMENT_LINES])
    weight = sum(line[2] for line in DEPARTMENT_LINES)
    branches = max(6, year.members // 50)
    days = year.spending_days
    for (code, _, amount_weight, activities), count in zip(DEPARTMENT_LINES, counts, strict=True):
        mean = max(50 * YUAN, budget * amount_weight // weight // max(count, 1))
        for _ in range(count):
            branch = department_name(year.rng.randrange(branches))
            year.items.append(
                spend(
                    year.rng.choice(days),
                    code,
                    year.random_cents(mean),
                    year.rng.choice(VENDORS),
                    f"{branch}{year.rng.choice(activities)}",
                )
            )
