"""Accepted practice gives no finding (issue 29): each book is kept the way a treasurer keeps
it, checked by every rule, and gives exactly the findings listed (none, for the practice).

Each test's ledger is its docstring after the shared HEADER; numbers are worked out in the
comments.
"""

from __future__ import annotations

import textwrap
from decimal import Decimal

import pytest

from ghfund import funding
from ghfund.ledger import Loaded, load_string

D = Decimal

HEADER = """
option "operating_currency" "CNY"
2023-12-31 open Assets:101-库存现金
2023-12-31 open Assets:102-银行存款
2023-12-31 open Assets:162-固定资产
2023-12-31 open Assets:181-长期待摊费用
2023-12-31 open Liabilities:211-应付上级经费
2023-12-31 open Income:401-会费收入
2023-12-31 open Income:402-拨缴经费收入
2023-12-31 open Expenses:501-职工活动支出:50102-文体活动支出
2023-12-31 open Expenses:503-职工服务支出:50302-建家活动支出
2023-12-31 open Expenses:504-维权支出:50404-困难职工帮扶支出
2023-12-31 open Expenses:505-业务支出:50501-培训支出
2023-12-31 open Expenses:505-业务支出:50504-其他业务支出
2023-12-31 open Expenses:506-行政支出
2023-12-31 open Expenses:507-资本性支出:50705-大型修缮
2023-12-31 open Equity:301-资产基金
2024-01-01 custom "ghfund-option" "upper-union" "某某市总工会"
2024-01-01 custom "ghfund-option" "cash-payment-limit" 1000.00 CNY
"""


@pytest.fixture
def found(request: pytest.FixtureRequest) -> list[tuple[str, str]]:
    """(rule, key) of every open finding of the test's book, under every rule."""
    doc = request.function.__doc__
    assert doc
    loaded = load(textwrap.dedent(doc))
    return [(e.rule, e.key) for e in loaded.findings.open]


def load(text: str) -> Loaded:
    loaded = load_string(HEADER + text)
    assert loaded.errors == (), [e.message for e in loaded.errors]
    return loaded


def test_two_percent_paid_as_one_point_two_and_point_eight_in_two_receipts(
    found: list[tuple[str, str]],
) -> None:
    """
    2024-02-10 custom "ghfund-payroll" 2024-01-31 1234567.89 CNY
    2024-02-20 * "单位" "1月工会经费（本会留成部分 1.2%）"
      voucher: "记-2024-0001"
      payroll: 2024-01-31
      Assets:102-银行存款             14814.81 CNY
      Income:402-拨缴经费收入
    2024-02-20 * "单位" "1月工会经费（上级部分 0.8%）"
      voucher: "记-2024-0002"
      payroll: 2024-01-31
      Assets:102-银行存款              9876.54 CNY
      Liabilities:211-应付上级经费
    2024-02-25 * "某某市总工会" "上解1月工会经费"
      voucher: "记-2024-0003"
      Liabilities:211-应付上级经费      9876.54 CNY
      Assets:102-银行存款
    2024-06-30 * "银行" "手续费"
      voucher: "记-2024-0004"
      Expenses:505-业务支出:50504-其他业务支出   1.00 CNY
      Assets:102-银行存款
    """
    # 2% of 1,234,567.89 = 24,691.3578 → 24,691.36 due; 1.2% → 14,814.81, 0.8% → 9,876.54:
    # 24,691.35 received, 0.01 short (within 0.05). Split per month: 60% of 24,691.35 =
    # 14,814.81 kept, exactly what the two receipts together put in 402.
    assert found == []


def test_a_month_short_by_more_than_the_tolerance_is_still_reported() -> None:
    ledger = """
2024-02-10 custom "ghfund-payroll" 2024-01-31 1000000.00 CNY
2024-02-20 * "单位" "1月工会经费"
  voucher: "记-2024-0001"
  payroll: 2024-01-31
  Assets:102-银行存款             {amount} CNY
  Income:402-拨缴经费收入        -11999.99 CNY
  Liabilities:211-应付上级经费
2024-02-25 * "某某市总工会" "上解1月工会经费"
  voucher: "记-2024-0002"
  Liabilities:211-应付上级经费      {up} CNY
  Assets:102-银行存款
2024-06-30 * "银行" "手续费"
  voucher: "记-2024-0003"
  Expenses:505-业务支出:50504-其他业务支出   1.00 CNY
  Assets:102-银行存款
"""
    # 20,000.00 due: 19,999.95 is exactly at the tolerance and passes; 19,999.94 does not.
    at = load(ledger.format(amount="19999.95", up="7999.96"))
    assert at.findings.open == ()
    over = load(ledger.format(amount="19999.94", up="7999.95"))
    assert [(e.rule, e.key, e.amount) for e in over.findings.open] == [
        ("allocation-short", "2024-01", D("0.06"))
    ]


def test_dues_and_allocation_collected_quarterly_name_a_range(
    found: list[tuple[str, str]],
) -> None:
    """
    2024-02-10 custom "ghfund-payroll" 2024-01-31 1000000.00 CNY
      dues-base: 800000.00 CNY
    2024-03-10 custom "ghfund-payroll" 2024-02-29 1000000.00 CNY
      dues-base: 800000.00 CNY
    2024-04-10 custom "ghfund-payroll" 2024-03-31 1100000.00 CNY
      dues-base: 900000.00 CNY
    2024-04-20 * "单位" "一季度工会经费"
      voucher: "记-2024-0001"
      payroll: "2024-01..2024-03"
      Assets:102-银行存款             62000.00 CNY
      Income:402-拨缴经费收入        -37200.00 CNY
      Liabilities:211-应付上级经费   -24800.00 CNY
    2024-04-25 * "单位" "代扣一季度会费"
      voucher: "记-2024-0002"
      payroll: "2024-01,2024-02,2024-03"
      Assets:102-银行存款             12500.00 CNY
      Income:401-会费收入
    2024-05-10 * "某某市总工会" "上解一季度工会经费"
      voucher: "记-2024-0003"
      Liabilities:211-应付上级经费     24800.00 CNY
      Assets:102-银行存款
    2024-08-31 * "银行" "手续费"
      voucher: "记-2024-0004"
      Expenses:505-业务支出:50504-其他业务支出   1.00 CNY
      Assets:102-银行存款
    """
    # due 20,000 + 20,000 + 22,000 = 62,000; dues 4,000 + 4,000 + 4,500 = 12,500. January's
    # own deadline (2024-03-26) has passed when the quarter is paid; the quarter is due by
    # March's (2024-05-25).
    assert found == []


QUARTERLY_DUES = """
2024-02-10 custom "ghfund-payroll" 2024-01-31 1000000.00 CNY
  dues-base: 800000.00 CNY
2024-03-10 custom "ghfund-payroll" 2024-02-29 1000000.00 CNY
  dues-base: 800000.00 CNY
2024-04-10 custom "ghfund-payroll" 2024-03-31 1000000.00 CNY
  dues-base: 800000.00 CNY
2024-04-25 * "单位" "代扣2024年1-3月会费"
  voucher: "记-2024-0001"
  payroll: "2024-01..2024-03"
  Assets:102-银行存款             12000.00 CNY
  Income:401-会费收入
2024-05-10 custom "ghfund-payroll" 2024-04-30 1000000.00 CNY
  dues-base: 800000.00 CNY
2024-06-10 custom "ghfund-payroll" 2024-05-31 1000000.00 CNY
  dues-base: 800000.00 CNY
2024-07-10 custom "ghfund-payroll" 2024-06-30 1000000.00 CNY
  dues-base: 800000.00 CNY
"""


@pytest.mark.parametrize(
    ("now", "short"),
    [("2024-08-24", []), ("2024-08-25", ["2024-04", "2024-05", "2024-06"])],
)
def test_dues_collected_by_the_quarter_are_not_short_inside_the_quarter(
    now: str, short: list[str]
) -> None:
    """The book collects dues by the quarter (its last dues receipt named three months), so
    April's dues are due with the second quarter's, by June's deadline (2024-07-10 + 45 days
    = 2024-08-24), not by April's own (2024-06-24): a mid-quarter book is not short."""
    loaded = load(
        QUARTERLY_DUES
        + f"""
{now} * "银行" "手续费"
  voucher: "记-2024-0002"
  Expenses:505-业务支出:50504-其他业务支出   1.00 CNY
  Assets:102-银行存款
"""
    )
    found = [(e.rule, e.key) for e in loaded.findings.open]
    # allocation is never received in this book: reported by each month's own deadline
    assert [key for rule, key in found if rule == "dues-short"] == short
    assert ("allocation-short", "2024-04") in found


def test_a_book_back_to_monthly_dues_is_judged_month_by_month() -> None:
    """After the first quarter, dues come monthly again: April's receipt names April alone,
    so May (never received) is due by its own deadline (2024-06-10 + 45 = 2024-07-25)."""
    loaded = load(
        QUARTERLY_DUES
        + """
2024-05-20 * "单位" "代扣2024年4月会费"
  voucher: "记-2024-0002"
  payroll: "2024年4月"
  Assets:102-银行存款             4000.00 CNY
  Income:401-会费收入
2024-07-26 * "银行" "手续费"
  voucher: "记-2024-0003"
  Expenses:505-业务支出:50504-其他业务支出   1.00 CNY
  Assets:102-银行存款
"""
    )
    assert [e.key for e in loaded.findings.open if e.rule == "dues-short"] == ["2024-05"]


def test_receipts_naming_their_month_in_the_narration(found: list[tuple[str, str]]) -> None:
    """
    2024-02-10 custom "ghfund-payroll" 2024-01-31 1000000.00 CNY
      dues-base: 800000.00 CNY
    2024-03-10 custom "ghfund-payroll" 2024-02-29 1000000.00 CNY
      dues-base: 800000.00 CNY
    2024-04-10 custom "ghfund-payroll" 2024-03-31 1000000.00 CNY
      dues-base: 800000.00 CNY
    2024-02-20 * "单位" "收到1月工会经费"
      voucher: "记-2024-0001"
      Assets:102-银行存款             20000.00 CNY
      Income:402-拨缴经费收入        -12000.00 CNY
      Liabilities:211-应付上级经费    -8000.00 CNY
    2024-03-01 * "某某市总工会" "上解1月工会经费"
      voucher: "记-2024-0002"
      Liabilities:211-应付上级经费     8000.00 CNY
      Assets:102-银行存款
    2024-03-20 * "单位" "收到2024年2月、3月工会经费"
      voucher: "记-2024-0003"
      Assets:102-银行存款             40000.00 CNY
      Income:402-拨缴经费收入        -24000.00 CNY
      Liabilities:211-应付上级经费   -16000.00 CNY
    2024-04-01 * "某某市总工会" "上解2-3月工会经费"
      voucher: "记-2024-0004"
      Liabilities:211-应付上级经费    16000.00 CNY
      Assets:102-银行存款
    2024-04-25 * "单位" "代扣1-3月会费"
      voucher: "记-2024-0005"
      Assets:102-银行存款             12000.00 CNY
      Income:401-会费收入
    2024-05-20 * "单位" "收到4月份补发的1月会费"
      voucher: "记-2024-0006"
      Assets:102-银行存款               10.00 CNY
      Income:401-会费收入
    2024-08-31 * "银行" "手续费"
      voucher: "记-2024-0007"
      Expenses:505-业务支出:50504-其他业务支出   1.00 CNY
      Assets:102-银行存款
    """
    # without payroll:, a receipt counts for the months its narration names in a row; one
    # naming April and January (not in a row) counts for none
    assert found == []


def test_a_receipt_naming_when_it_was_paid_counts_for_the_month_it_is_for() -> None:
    loaded = load(
        """
2024-11-10 custom "ghfund-payroll" 2024-10-31 1000000.00 CNY
2024-12-10 custom "ghfund-payroll" 2024-11-30 1000000.00 CNY
2024-11-20 * "单位" "收到10月工会经费"
  voucher: "记-2024-0001"
  Assets:102-银行存款             20000.00 CNY
  Income:402-拨缴经费收入        -12000.00 CNY
  Liabilities:211-应付上级经费    -8000.00 CNY
2024-12-20 * "单位" "收到12月拨付的11月经费"
  voucher: "记-2024-0002"
  Assets:102-银行存款             20000.00 CNY
  Income:402-拨缴经费收入        -12000.00 CNY
  Liabilities:211-应付上级经费    -8000.00 CNY
2024-11-25 * "某某市总工会" "上解10月经费"
  voucher: "记-2024-0003"
  Liabilities:211-应付上级经费     8000.00 CNY
  Assets:102-银行存款
2024-12-25 * "某某市总工会" "12月上解11月经费"
  voucher: "记-2024-0004"
  Liabilities:211-应付上级经费     8000.00 CNY
  Assets:102-银行存款
"""
    )
    # "12月拨付的" says when the money came: all 20,000 is November's, none December's
    months = funding.of(loaded.book).months
    assert [(m.key, m.received) for m in months] == [
        ("2024-10", D("20000.00")),
        ("2024-11", D("20000.00")),
    ]
    assert [(e.rule, e.key) for e in loaded.findings.open] == []


def test_a_range_receipt_is_apportioned_to_its_months() -> None:
    loaded = load(
        """
2024-02-10 custom "ghfund-payroll" 2024-01-31 1000000.00 CNY
2024-03-10 custom "ghfund-payroll" 2024-02-29 1000000.00 CNY
2024-04-10 custom "ghfund-payroll" 2024-03-31 1100000.00 CNY
2024-04-20 * "单位" "一季度工会经费"
  voucher: "记-2024-0001"
  payroll: "2024-01..2024-03"
  Assets:102-银行存款             60000.00 CNY
  Income:402-拨缴经费收入        -36000.00 CNY
  Liabilities:211-应付上级经费   -24000.00 CNY
2024-04-21 * "某某市总工会" "上解一季度工会经费"
  voucher: "记-2024-0002"
  Liabilities:211-应付上级经费     24000.00 CNY
  Assets:102-银行存款
2024-08-31 * "银行" "手续费"
  voucher: "记-2024-0003"
  Expenses:505-业务支出:50504-其他业务支出   1.00 CNY
  Assets:102-银行存款
"""
    )
    # 60,000 for dues of 20,000/20,000/22,000 (62,000): 60,000 × 20/62 = 19,354.84 twice,
    # March the rest, 21,290.32; each month short in proportion, reported per month.
    months = funding.of(loaded.book).months
    assert [m.received for m in months] == [D("19354.84"), D("19354.84"), D("21290.32")]
    assert sum((m.received for m in months), D(0)) == D("60000.00")
    assert [(e.rule, e.key, e.amount) for e in loaded.findings.open] == [
        ("allocation-short", "2024-01", D("645.16")),
        ("allocation-short", "2024-02", D("645.16")),
        ("allocation-short", "2024-03", D("709.68")),
    ]
    assert "记-2024-0001 19,354.84 元（2024-01 至 2024-03 合计收款按各月应收额分摊的部分）" in (
        loaded.findings.open[0].message
    )


def test_tax_refunds_arrive_by_the_quarter(found: list[tuple[str, str]]) -> None:
    """
    2024-01-01 custom "ghfund-option" "allocation-mode" "tax"
    2024-02-10 custom "ghfund-payroll" 2024-01-31 1000000.00 CNY
    2024-03-10 custom "ghfund-payroll" 2024-02-29 1000000.00 CNY
    2024-04-10 custom "ghfund-payroll" 2024-03-31 1000000.00 CNY
    2024-05-20 * "税务局" "返还一季度工会经费留成"
      voucher: "记-2024-0001"
      payroll: "2024-01..2024-03"
      Assets:102-银行存款             36000.00 CNY
      Income:402-拨缴经费收入
    2024-08-31 * "银行" "手续费"
      voucher: "记-2024-0002"
      Expenses:505-业务支出:50504-其他业务支出   1.00 CNY
      Assets:102-银行存款
    """
    # January's refund is due 45 days after March's payroll (2024-04-10 → 2024-05-25),
    # not after January's own (2024-03-26, which the 45-day default would have used).
    assert found == []


def test_a_renovation_in_181_with_507_and_301(found: list[tuple[str, str]]) -> None:
    """
    2024-05-10 * "装饰公司" "职工之家装修改造"
      voucher: "记-2024-0001"
      decision: "工会委员会2024年第3次会议纪要"
      Expenses:507-资本性支出:50705-大型修缮   48000.00 CNY
      Assets:102-银行存款                     -48000.00 CNY
      Assets:181-长期待摊费用                  48000.00 CNY
      Equity:301-资产基金                     -48000.00 CNY
    """
    assert found == []


def test_cash_paid_to_a_member(found: list[tuple[str, str]]) -> None:
    """
    2024-03-01 * "提取现金"
      voucher: "记-2024-0001"
      Assets:101-库存现金   8000.00 CNY
      Assets:102-银行存款
    2024-03-02 * "张三" "困难职工帮扶：张三（本人签收）"
      voucher: "记-2024-0002"
      Expenses:504-维权支出:50404-困难职工帮扶支出   2000.00 CNY
      Assets:101-库存现金
    2024-03-03 * "职工书法比赛获奖者奖励（李四签收）"
      voucher: "记-2024-0003"
      member: "李四"
      Expenses:501-职工活动支出:50102-文体活动支出   1500.00 CNY
      Assets:101-库存现金
    2024-03-04 * "王五" "讲课费（个人）"
      voucher: "记-2024-0004"
      payee-kind: "个人"
      Expenses:505-业务支出:50501-培训支出   1200.00 CNY
      Assets:101-库存现金
    2024-03-05 * "文体用品商店" "羽毛球拍"
      voucher: "记-2024-0005"
      Expenses:501-职工活动支出:50102-文体活动支出   1100.00 CNY
      Assets:101-库存现金
    2024-03-06 * "惠民超市" "困难职工慰问品（米、油）"
      voucher: "记-2024-0006"
      Expenses:504-维权支出:50404-困难职工帮扶支出   1300.00 CNY
      Assets:101-库存现金
    """
    # the shop is paid 1,100.00 and the supermarket 1,300.00 in cash, above the 1,000.00
    # limit: goods for a hardship visit paid to a business are no grant handed to a member
    assert found == [("cash-payment", "记-2024-0005"), ("cash-payment", "记-2024-0006")]


def test_a_hardship_grant_in_cash_is_no_festival_gift(found: list[tuple[str, str]]) -> None:
    """
    2024-03-01 * "提取现金"
      voucher: "记-2024-0001"
      Assets:101-库存现金   3000.00 CNY
      Assets:102-银行存款
    2024-03-02 * "张建国" "困难职工帮扶：张建国（因病致困），现金发放本人签收"
      voucher: "记-2024-0002"
      member: "张建国"
      Expenses:504-维权支出:50404-困难职工帮扶支出   1500.00 CNY
      Assets:101-库存现金
    2024-03-03 * "端午节慰问，现金发放"
      voucher: "记-2024-0003"
      Expenses:501-职工活动支出:50102-文体活动支出   1000.00 CNY
      Assets:101-库存现金
    2024-03-04 * "全体会员" "送温暖，现金发放"
      voucher: "记-2024-0004"
      Expenses:504-维权支出:50404-困难职工帮扶支出    500.00 CNY
      Assets:101-库存现金
    """
    # 现金管理暂行条例 allows cash to a person (1,500.00 above the 1,000.00 limit is no
    # cash-payment), and a hardship grant is no festival gift; the festival gift in cash is
    # still reported, and so is cash handed to "全体会员", who are no one person
    assert found == [("gift-form", "记-2024-0003"), ("gift-form", "记-2024-0004")]


@pytest.mark.parametrize(
    "narration",
    [
        "购置春节慰问品（大米、食用油）",
        "空调清洗",
        "打印机硒鼓、墨盒",
        "运动会奖品：健身器材（跳绳、瑜伽垫）",
    ],
)
def test_ordinary_purchases_are_not_equipment(narration: str) -> None:
    loaded = load(
        f"""
2024-03-01 * "{narration}"
  voucher: "记-2024-0001"
  Expenses:503-职工服务支出:50302-建家活动支出   6000.00 CNY
  Assets:102-银行存款
"""
    )
    assert loaded.findings.open == ()


def test_equipment_words_and_unit_value() -> None:
    loaded = load(
        """
2024-03-01 * "职工书屋电子借阅机1台"
  voucher: "记-2024-0001"
  Expenses:503-职工服务支出:50302-建家活动支出   12000.00 CNY
  Assets:102-银行存款
2024-03-02 * "会议室显示屏"
  voucher: "记-2024-0002"
  Expenses:503-职工服务支出:50302-建家活动支出   3000.00 CNY
  Assets:102-银行存款
2024-03-03 * "活动室音箱10只"
  voucher: "记-2024-0003"
  quantity: 10
  Expenses:503-职工服务支出:50302-建家活动支出   3000.00 CNY
  Assets:102-银行存款
2024-03-04 * "职工之家门禁、摄像头2套"
  voucher: "记-2024-0004"
  quantity: 2
  Expenses:503-职工服务支出:50302-建家活动支出   2000.00 CNY
  Assets:102-银行存款
"""
    )
    # 3,000 for 10 speakers is 300 a unit, under the 1,000 threshold; 2,000 for 2 is 1,000.
    assert [(e.rule, e.key) for e in loaded.findings.open] == [
        ("asset-uncapitalized", "记-2024-0001"),
        ("asset-uncapitalized", "记-2024-0002"),
        ("asset-uncapitalized", "记-2024-0004"),
    ]


def test_fees_paid_to_the_upper_union_are_not_remittances(found: list[tuple[str, str]]) -> None:
    """
    2024-02-10 custom "ghfund-payroll" 2024-01-31 1000000.00 CNY
    2024-02-20 * "单位" "1月工会经费"
      voucher: "记-2024-0001"
      payroll: 2024-01-31
      Assets:102-银行存款             20000.00 CNY
      Income:402-拨缴经费收入        -12000.00 CNY
      Liabilities:211-应付上级经费    -8000.00 CNY
    2024-02-25 * "某某市总工会" "上解1月工会经费"
      voucher: "记-2024-0002"
      Liabilities:211-应付上级经费      8000.00 CNY
      Assets:102-银行存款
    2024-03-01 * "某某市总工会" "工会干部培训费"
      voucher: "记-2024-0003"
      Expenses:505-业务支出:50501-培训支出   2400.00 CNY
      Assets:102-银行存款
    2024-03-02 * "某某市总工会" "职工互助保障计划保费"
      voucher: "记-2024-0004"
      Expenses:504-维权支出:50404-困难职工帮扶支出   6800.00 CNY
      Assets:102-银行存款
    """
    assert found == []


@pytest.mark.parametrize(
    ("value", "months"),
    [
        ("2025-02", ["2025-02"]),
        ("2025-01..2025-03", ["2025-01", "2025-02", "2025-03"]),
        (" 2024-11 .. 2025-01 ", ["2024-11", "2024-12", "2025-01"]),
        ("2025-03,2025-01，2025-02", ["2025-01", "2025-02", "2025-03"]),
        ("2025-03..2025-01", []),  # backward
        ("2025-01,2025-01", []),  # a month twice
        ("2024-01..2025-01", []),  # 13 months
        ("2025-01,一月", []),
        # as treasurers write them in Chinese
        ("2025年3月", ["2025-03"]),
        ("2025年3月份", ["2025-03"]),
        ("2025年1-3月", ["2025-01", "2025-02", "2025-03"]),
        ("2025年1月至3月", ["2025-01", "2025-02", "2025-03"]),
        ("2024年12月至2025年2月", ["2024-12", "2025-01", "2025-02"]),
        ("2025-01至2025-03", ["2025-01", "2025-02", "2025-03"]),
        ("2025年1月,2025年2月", ["2025-01", "2025-02"]),
        ("2025年3-1月", []),  # backward
        ("2025年13月", []),
        ("2025年第一季度", []),
    ],
)
def test_payroll_names_a_month_a_range_or_a_list(value: str, months: list[str]) -> None:
    assert [f"{m:%Y-%m}" for m in funding.named_months(value)] == months
