"""gift-cap and gift-form: the edges of every kind of standard, and what counts as a gift."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ghfund import standards
from ghfund.book import Book
from ghfund.ledger import load_string
from ghfund.plugins.spending import (
    GiftCapError,
    GiftFormError,
    check_gift_forms,
    check_gifts_within_caps,
)

D = Decimal


def test_festival_total_per_member_is_checked_for_the_year_at_the_crossing(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2025-01-01 custom "ghfund-option" "standards" "anhui-2025"
    2025-01-01 open Assets:102-银行存款
    2025-01-01 open Expenses:501-职工活动支出:50105-会员活动支出
    2025-01-20 * "春节慰问 100人×1000元"
      voucher: "记-2025-0001"
      event: "节日慰问"
      headcount: 100
      Expenses:501-职工活动支出:50105-会员活动支出   100000.00 CNY
      Assets:102-银行存款
    2025-06-01 * "端午慰问 50人×1000元：全年人均正好 2000"
      voucher: "记-2025-0002"
      event: "节日慰问"
      headcount: 50
      Expenses:501-职工活动支出:50105-会员活动支出    50000.00 CNY
      Assets:102-银行存款
    2025-09-20 * "中秋慰问：3 人共 0.03 元，人均多出 0.01 元"
      voucher: "记-2025-0003"
      event: "节日慰问"
      headcount: 3
      Expenses:501-职工活动支出:50105-会员活动支出        0.03 CNY
      Assets:102-银行存款
    2025-10-01 * "国庆慰问：累计已超过"
      voucher: "记-2025-0004"
      event: "节日慰问"
      headcount: 10
      Expenses:501-职工活动支出:50105-会员活动支出      500.00 CNY
      Assets:102-银行存款
    2026-01-20 * "次年春节慰问：新的一年重新累计"
      voucher: "记-2026-0001"
      event: "节日慰问"
      headcount: 100
      Expenses:501-职工活动支出:50105-会员活动支出   200000.00 CNY
      Assets:102-银行存款
    """
    errors = check_gifts_within_caps(book)
    assert [type(e) for e in errors] == [GiftCapError] * 2
    assert [e.key for e in errors] == ["记-2025-0003", "记-2025-0004"]
    assert [e.amount for e in errors] == [D("0.03"), D("500.00")]
    crossing = errors[0].message
    assert "2025 年节日慰问人均累计 2,000.01 元" in crossing
    assert "anhui-2025" in crossing and "（2025，来源未经核实）" in crossing
    assert "每人每年 2,000.00 元" in crossing and "2,000—2,200" in crossing
    assert "人均累计 2,050.01 元" in errors[1].message


def test_thirds_add_up_exactly(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2025-01-01 custom "ghfund-option" "gift-cap" "节日慰问" 1000.00 CNY
    2025-01-01 open Assets:102-银行存款
    2025-01-01 open Expenses:501-职工活动支出:50105-会员活动支出
    2025-01-20 * "三次各 1000.00 元 ÷ 9 人"
      voucher: "记-2025-0001"
      event: "节日慰问"
      headcount: 9
      Expenses:501-职工活动支出:50105-会员活动支出   1000.00 CNY
      Assets:102-银行存款
    2025-05-20 * ""
      voucher: "记-2025-0002"
      event: "节日慰问"
      headcount: 3
      Expenses:501-职工活动支出:50105-会员活动支出   1000.00 CNY
      Assets:102-银行存款
    2025-09-20 * ""
      voucher: "记-2025-0003"
      event: "节日慰问"
      headcount: 9
      Expenses:501-职工活动支出:50105-会员活动支出   4000.00 CNY
      Assets:102-银行存款
    """
    # 1000/9 + 1000/3 + 4000/9 = 1000 exactly: within the cap, whatever the rounding of each
    assert check_gifts_within_caps(book) == []


def test_a_refund_lowers_the_years_total(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2025-01-01 custom "ghfund-option" "gift-cap" "节日慰问" 1000.00 CNY
    2025-01-01 open Assets:102-银行存款
    2025-01-01 open Expenses:501-职工活动支出:50105-会员活动支出
    2025-01-20 * "春节慰问 10 人"
      voucher: "记-2025-0001"
      event: "节日慰问"
      headcount: 10
      Expenses:501-职工活动支出:50105-会员活动支出   10000.00 CNY
      Assets:102-银行存款
    2025-02-01 * "供应商退回多收的货款"
      voucher: "记-2025-0002"
      event: "节日慰问"
      headcount: 10
      Expenses:501-职工活动支出:50105-会员活动支出   -500.00 CNY
      Assets:102-银行存款
    2025-09-20 * "中秋慰问 10 人×50，累计正好 1000"
      voucher: "记-2025-0003"
      event: "节日慰问"
      headcount: 10
      Expenses:501-职工活动支出:50105-会员活动支出     500.00 CNY
      Assets:102-银行存款
    2025-10-01 * "国庆：多 1 分"
      voucher: "记-2025-0004"
      event: "节日慰问"
      member: "甲"
      Expenses:501-职工活动支出:50105-会员活动支出       0.01 CNY
      Assets:102-银行存款
    """
    errors = check_gifts_within_caps(book)
    assert [(e.key, e.amount) for e in errors] == [("记-2025-0004", D("0.01"))]
    assert "（甲）" in errors[0].message and "人均累计 1,000.01 元" in errors[0].message


def test_a_members_own_festival_gift_adds_to_the_collective_ones(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 custom "ghfund-option" "standards" "heilongjiang"
    2024-01-01 open Assets:102-银行存款
    2024-01-01 open Expenses:501-职工活动支出:50105-会员活动支出
    2024-01-20 * "春节慰问"
      voucher: "记-2024-0001"
      event: "节日慰问"
      headcount: 120
      Expenses:501-职工活动支出:50105-会员活动支出   96000.00 CNY
      Assets:102-银行存款
    2024-03-01 * "新入会会员补发春节慰问品"
      voucher: "记-2024-0002"
      event: "节日慰问"
      member: "李四"
      Expenses:501-职工活动支出:50105-会员活动支出     200.00 CNY
      Assets:102-银行存款
    2024-06-01 * "端午慰问：李四累计 1000.01"
      voucher: "记-2024-0003"
      event: "节日慰问"
      headcount: 121
      Expenses:501-职工活动支出:50105-会员活动支出       0.01 CNY
      Assets:102-银行存款
    """
    errors = check_gifts_within_caps(book)
    assert [e.key for e in errors] == ["记-2024-0003"]
    assert "人均累计约 1,000.0001 元" in errors[0].message  # 800 + 200 + 0.01 ÷ 121
    assert "heilongjiang" in errors[0].message and "2017-04" in errors[0].message


def test_per_event_caps_at_the_edge(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2025-01-01 custom "ghfund-option" "standards" "anhui-2025"
    2025-01-01 open Assets:101-库存现金
    2025-01-01 open Expenses:501-职工活动支出:50105-会员活动支出
    2025-02-01 * "直系亲属去世慰问，正好 1000"
      voucher: "记-2025-0001"
      event: "直系亲属去世慰问"
      member: "谢明"
      Expenses:501-职工活动支出:50105-会员活动支出   1000.00 CNY
      Assets:101-库存现金
    2025-02-02 * "直系亲属去世慰问，多 1 分"
      voucher: "记-2025-0002"
      event: "直系亲属去世慰问"
      member: "王强"
      Expenses:501-职工活动支出:50105-会员活动支出   1000.01 CNY
      Assets:101-库存现金
    2025-02-03 * "生日蛋糕券 10 人，人均正好 300"
      voucher: "记-2025-0003"
      event: "生日慰问"
      headcount: 10
      Expenses:501-职工活动支出:50105-会员活动支出   3000.00 CNY
      Assets:101-库存现金
    2025-02-04 * "生日蛋糕券 10 人，人均 300.001"
      voucher: "记-2025-0004"
      event: "生日慰问"
      headcount: 10
      Expenses:501-职工活动支出:50105-会员活动支出   3000.01 CNY
      Assets:101-库存现金
    2025-02-05 * "住院慰问 1500（手术）"
      voucher: "记-2025-0005"
      event: "住院慰问"
      member: "刘芳"
      Expenses:501-职工活动支出:50105-会员活动支出   1500.00 CNY
      Assets:101-库存现金
    """
    errors = check_gifts_within_caps(book)
    assert [e.key for e in errors] == ["记-2025-0002", "记-2025-0004", "记-2025-0005"]
    assert [e.amount for e in errors] == [D("0.01"), D("0.01"), D("500.00")]
    assert "（王强）" in errors[0].message and "每人每次 1,000.00 元" in errors[0].message
    assert "÷ 10 人 = 人均约 300.0010 元" in errors[1].message
    assert "需手术的不超过 2,000 元" in errors[2].message


def test_gift_cap_option_overrides_the_table_from_its_date(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 custom "ghfund-option" "standards" "anhui-2018"
    2024-07-01 custom "ghfund-option" "gift-cap" "结婚慰问" 800.00 CNY
    2024-01-01 open Assets:102-银行存款
    2024-01-01 open Expenses:501-职工活动支出:50105-会员活动支出
    2024-03-01 * "结婚慰问 700：超过 2018 年表的 600"
      voucher: "记-2024-0001"
      event: "结婚慰问"
      member: "甲"
      Expenses:501-职工活动支出:50105-会员活动支出   700.00 CNY
      Assets:102-银行存款
    2024-08-01 * "结婚慰问 800：本工会设置 800"
      voucher: "记-2024-0002"
      event: "结婚慰问"
      member: "乙"
      Expenses:501-职工活动支出:50105-会员活动支出   800.00 CNY
      Assets:102-银行存款
    2024-09-01 * "结婚慰问 800.01"
      voucher: "记-2024-0003"
      event: "结婚慰问"
      member: "丙"
      Expenses:501-职工活动支出:50105-会员活动支出   800.01 CNY
      Assets:102-银行存款
    """
    errors = check_gifts_within_caps(book)
    assert [(e.key, e.amount) for e in errors] == [
        ("记-2024-0001", D("100.00")),
        ("记-2024-0003", D("0.01")),
    ]
    assert "anhui-2018" in errors[0].message and "2018-03-12" in errors[0].message
    assert "本工会 gift-cap 设置（2024-07-01 起）" in errors[1].message


def test_without_standards_or_recipients(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 open Assets:102-银行存款
    2024-01-01 open Expenses:501-职工活动支出:50105-会员活动支出
    2024-03-01 * "没有标准表：不核对"
      voucher: "记-2024-0001"
      event: "节日慰问"
      Expenses:501-职工活动支出:50105-会员活动支出   99999.00 CNY
      Assets:102-银行存款
    2024-04-01 custom "ghfund-option" "standards" "sichuan"
    2024-05-01 * "缺少人数"
      voucher: "记-2024-0002"
      event: "节日慰问"
      Expenses:501-职工活动支出:50105-会员活动支出   1000.00 CNY
      Assets:102-银行存款
    2024-05-02 * "人数写成文字"
      voucher: "记-2024-0003"
      event: "生日慰问"
      headcount: "10人"
      Expenses:501-职工活动支出:50105-会员活动支出   1000.00 CNY
      Assets:102-银行存款
    2024-05-03 * "表中无此项：不核对"
      voucher: "记-2024-0004"
      event: "退休慰问"
      Expenses:501-职工活动支出:50105-会员活动支出   9000.00 CNY
      Assets:102-银行存款
    2024-05-04 * "事项名写错"
      voucher: "记-2024-0005"
      event: "春节慰问"
      headcount: 10
      Expenses:501-职工活动支出:50105-会员活动支出   1000.00 CNY
      Assets:102-银行存款
    """
    errors = check_gifts_within_caps(book)
    assert [e.key for e in errors] == ["记-2024-0002", "记-2024-0003", "记-2024-0005"]
    assert "缺少 headcount" in errors[0].message
    assert "应为正整数" in errors[1].message and "实为 “10人”" in errors[1].message
    assert "“春节慰问” 不在标准之列" in errors[2].message


def test_guizhou_festivals_are_not_checked_and_beijing_is_a_share_of_income(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 custom "ghfund-option" "standards" "guizhou"
    2025-01-01 custom "ghfund-option" "standards" "beijing-2019"
    2024-01-01 open Assets:102-银行存款
    2024-01-01 open Income:401-会费收入
    2024-01-01 open Income:402-拨缴经费收入
    2024-01-01 open Expenses:501-职工活动支出:50105-会员活动支出
    2024-02-01 * "贵州：节日慰问按节日限额，ghfund 不核对"
      voucher: "记-2024-0001"
      event: "节日慰问"
      headcount: 1
      Expenses:501-职工活动支出:50105-会员活动支出   5000.00 CNY
      Assets:102-银行存款
    2025-01-10 custom "budget" Income:401-会费收入 "yearly" 40000.00 CNY
      approved: "会议"
    2025-01-10 custom "budget" Income:402-拨缴经费收入 "yearly" 60000.00 CNY
      approved: "会议"
    2025-01-20 * "春节慰问：预算收入 100000 的 50% 正好用满"
      voucher: "记-2025-0001"
      event: "节日慰问"
      headcount: 100
      Expenses:501-职工活动支出:50105-会员活动支出   50000.00 CNY
      Assets:102-银行存款
    2025-06-01 * "端午慰问：超出"
      voucher: "记-2025-0002"
      event: "节日慰问"
      headcount: 100
      Expenses:501-职工活动支出:50105-会员活动支出     100.00 CNY
      Assets:102-银行存款
    """
    errors = check_gifts_within_caps(book)
    assert [(e.key, e.amount) for e in errors] == [("记-2025-0002", D("100.00"))]
    message = errors[0].message
    assert "累计 50,100.00 元" in message and "收入预算 100,000.00 元的 50%" in message
    assert "beijing-2019" in message and "该标准数额未经核实" in message


def test_gift_form_by_form_and_by_narration(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2025-01-01 custom "ghfund-option" "standards" "anhui-2025"
    2025-01-01 open Assets:101-库存现金
    2025-01-01 open Expenses:501-职工活动支出:50105-会员活动支出
    2025-01-01 open Expenses:501-职工活动支出:50102-文体活动支出
    2025-02-01 * "春节慰问" "发放现金"
      voucher: "记-2025-0001"
      event: "节日慰问"
      headcount: 2
      form: "现金"
      Expenses:501-职工活动支出:50105-会员活动支出   400.00 CNY
      Assets:101-库存现金
    2025-02-02 * "去世慰问金（现金）"
      voucher: "记-2025-0002"
      event: "去世慰问"
      member: "赵六"
      form: "现金"
      Expenses:501-职工活动支出:50105-会员活动支出   2000.00 CNY
      Assets:101-库存现金
    2025-02-03 * "生日慰问"
      voucher: "记-2025-0003"
      event: "生日慰问"
      headcount: 1
      form: "购物卡"
      Expenses:501-职工活动支出:50105-会员活动支出   200.00 CNY
      Assets:101-库存现金
    2025-02-04 * "趣味运动会奖品（超市卡）"
      voucher: "记-2025-0004"
      Expenses:501-职工活动支出:50102-文体活动支出   300.00 CNY
      Assets:101-库存现金
    2025-02-05 * "生日慰问，没有写 form"
      voucher: "记-2025-0005"
      event: "生日慰问"
      headcount: 1
      Expenses:501-职工活动支出:50105-会员活动支出   200.00 CNY
      Assets:101-库存现金
    2025-02-06 * "退休慰问"
      voucher: "记-2025-0006"
      event: "退休慰问"
      member: "钱七"
      form: "购物券"
      Expenses:501-职工活动支出:50105-会员活动支出   500.00 CNY
      Assets:101-库存现金
    """
    errors = check_gift_forms(book)
    assert all(isinstance(e, GiftFormError) for e in errors)
    assert [(e.key, e.amount) for e in errors] == [
        ("记-2025-0001", D("400.00")),
        ("记-2025-0003", D("200.00")),
        ("记-2025-0004", D("300.00")),
        ("记-2025-0006", D("500.00")),
    ]
    assert "以现金发放" in errors[0].message and "摘要" not in errors[0].message  # form tells it
    assert "不得购买、发放购物卡" in errors[1].message
    assert "“超市卡”" in errors[2].message
    assert "“购物券” 不是约定的取值" in errors[3].message


def test_posting_level_events_are_separate_gifts(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2025-01-01 custom "ghfund-option" "standards" "hubei"
    2025-01-01 open Assets:102-银行存款
    2025-01-01 open Expenses:501-职工活动支出:50105-会员活动支出
    2025-03-01 * "一张凭证两项慰问"
      voucher: "记-2025-0001"
      Expenses:501-职工活动支出:50105-会员活动支出   500.00 CNY
        event: "生育慰问"
        member: "甲"
      Expenses:501-职工活动支出:50105-会员活动支出   1200.00 CNY
        event: "住院慰问"
        member: "乙"
      Assets:102-银行存款
    """
    errors = check_gifts_within_caps(book)
    assert [(e.key, e.amount) for e in errors] == [("记-2025-0001", D("200.00"))]
    assert "住院慰问" in errors[0].message and "（乙）" in errors[0].message


EVERY_CAP = [
    (name, cap)
    for name in standards.builtin_names()
    for cap in standards.builtin(name).caps.values()
    if cap.checked and cap.amount is not None
]


@pytest.mark.parametrize(("table", "cap"), EVERY_CAP, ids=[f"{n}-{c.event}" for n, c in EVERY_CAP])
def test_every_shipped_cap_at_its_edge(table: str, cap: standards.Cap) -> None:
    assert cap.amount is not None
    gifts = [("头一位", cap.amount), ("第二位", cap.amount + D("0.01"))]
    if cap.unit == standards.PER_MEMBER_YEAR:  # two collective gifts: the cap, then a cent more
        gifts = [("", cap.amount * 2), ("", D("0.02"))]
    text = f"""
option "operating_currency" "CNY"
2024-01-01 custom "ghfund-option" "standards" "{table}"
2024-01-01 open Assets:102-银行存款
2024-01-01 open Expenses:501-职工活动支出:50105-会员活动支出
"""
    for number, (member, amount) in enumerate(gifts, 1):
        who = f'member: "{member}"' if member else "headcount: 2"
        text += f"""
2024-03-{number:02d} * "慰问"
  voucher: "记-2024-{number:04d}"
  event: "{cap.event}"
  {who}
  Expenses:501-职工活动支出:50105-会员活动支出   {amount} CNY
  Assets:102-银行存款
"""
    errors = check_gifts_within_caps(load_string(text).book)
    assert [(e.key, e.amount) for e in errors] == [
        ("记-2024-0002", D("0.02" if not gifts[0][0] else "0.01"))
    ]
    assert table in errors[0].message
