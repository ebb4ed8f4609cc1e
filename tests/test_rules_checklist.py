"""The 经审 checklist rules (issue 29): each book gives exactly the findings listed, under
every rule; the evidence rules start from the first record of their kind."""

from __future__ import annotations

import textwrap
from decimal import Decimal

import pytest

from ghfund import evidence
from ghfund.ledger import Loaded, load_string

D = Decimal

HEADER = """
option "operating_currency" "CNY"
2023-12-31 open Assets:101-库存现金
2023-12-31 open Assets:102-银行存款:01-工行
2023-12-31 open Assets:102-银行存款:02-建行
2023-12-31 open Assets:135-其他应收款
2023-12-31 open Assets:141-库存物品
2023-12-31 open Assets:162-固定资产
2023-12-31 open Assets:182-待处理财产损溢
2023-12-31 open Equity:301-资产基金
2023-12-31 open Income:408-其他收入
2023-12-31 open Expenses:501-职工活动支出:50106-其他活动支出
2023-12-31 open Expenses:504-维权支出:50404-困难职工帮扶支出
2023-12-31 open Expenses:505-业务支出:50504-其他业务支出
2023-12-31 open Expenses:507-资本性支出:50702-办公设备购置
2023-12-31 open Expenses:510-其他支出
"""


def load(text: str) -> Loaded:
    loaded = load_string(HEADER + textwrap.dedent(text))
    assert loaded.errors == (), [e.message for e in loaded.errors]
    return loaded


@pytest.fixture
def found(request: pytest.FixtureRequest) -> list[tuple[str, str]]:
    """(rule, key) of every open finding of the test's docstring book, under every rule."""
    doc = request.function.__doc__
    assert doc
    return [(e.rule, e.key) for e in load(doc).findings.open]


def test_a_book_that_never_records_evidence_is_not_reported_month_by_month(
    found: list[tuple[str, str]],
) -> None:
    """
    2024-01-05 * "提取现金"
      voucher: "记-2024-0001"
      Assets:101-库存现金   500.00 CNY
      Assets:102-银行存款:01-工行
    2024-02-05 * "邮局" "邮寄费"
      voucher: "记-2024-0002"
      Expenses:510-其他支出   50.00 CNY
      Assets:101-库存现金
    2024-03-01 * "电脑公司" "购置办公电脑"
      voucher: "记-2024-0003"
      Expenses:507-资本性支出:50702-办公设备购置   6800.00 CNY
      Assets:102-银行存款:01-工行                 -6800.00 CNY
      Assets:162-固定资产                          6800.00 CNY
      Equity:301-资产基金                         -6800.00 CNY
    2025-12-31 * "银行" "手续费"
      voucher: "记-2025-0001"
      Expenses:510-其他支出   5.00 CNY
      Assets:102-银行存款:01-工行
    """
    assert found == []


def test_bank_reconciled_per_account_from_its_first_month_end(
    found: list[tuple[str, str]],
) -> None:
    """
    2024-01-01 balance Assets:102-银行存款:01-工行   0.00 CNY
    2024-01-20 * "银行" "结息"
      voucher: "记-2024-0001"
      Assets:102-银行存款:01-工行   100.00 CNY
      Income:408-其他收入
    2024-01-31 balance Assets:102-银行存款:01-工行   100.00 CNY
    2024-03-01 balance Assets:102-银行存款:01-工行   100.00 CNY
    2024-03-15 balance Assets:102-银行存款:01-工行   100.00 CNY
    2024-03-20 * "银行" "手续费"
      voucher: "记-2024-0002"
      Expenses:510-其他支出   5.00 CNY
      Assets:102-银行存款:01-工行
    2024-03-21 * "单位" "会费"
      voucher: "记-2024-0003"
      Assets:102-银行存款:01-工行   5.00 CNY
      Income:408-其他收入
    2024-05-01 balance Assets:102-银行存款:01-工行   100.00 CNY
    2024-05-20 * "银行" "手续费"
      voucher: "记-2024-0004"
      Expenses:510-其他支出   5.00 CNY
      Assets:102-银行存款:01-工行
    2024-06-20 * "银行" "结息"
      voucher: "记-2024-0005"
      Assets:102-银行存款:01-工行   5.00 CNY
      Income:408-其他收入
    2024-05-01 balance Assets:102-银行存款:02-建行     0.00 CNY
    2024-06-01 balance Assets:102-银行存款:02-建行     0.00 CNY
    2024-06-30 close Assets:102-银行存款:02-建行
    2024-08-10 * "银行" "手续费"
      voucher: "记-2024-0006"
      Expenses:510-其他支出   5.00 CNY
      Assets:102-银行存款:01-工行
    """
    # 工行: December (opening), January (01-31 is its last day), February (03-01), April
    # (05-01); a mid-month check (03-15) is no month end: March, May and June, in which it
    # moved, are missing; July, in which it did not, keeps June's balance; August has not
    # ended. 建行: April and May reconciled, closed in June.
    assert found == [
        ("bank-unreconciled", "Assets:102-银行存款:01-工行/2024-03"),
        ("bank-unreconciled", "Assets:102-银行存款:01-工行/2024-05"),
        ("bank-unreconciled", "Assets:102-银行存款:01-工行/2024-06"),
    ]


def test_a_time_deposit_needs_no_monthly_reconciliation(found: list[tuple[str, str]]) -> None:
    """
    2023-12-31 open Assets:102-银行存款:03-工行定期
    2023-12-31 open Equity:322-工会资金结余
    2023-12-31 * "期初余额"
      voucher: "记-2023-0001"
      Assets:102-银行存款:03-工行定期   200000.00 CNY
      Equity:322-工会资金结余
    2024-01-01 balance Assets:102-银行存款:01-工行         0.00 CNY
    2024-01-01 balance Assets:102-银行存款:03-工行定期   200000.00 CNY
    2024-01-20 * "银行" "结息"
      voucher: "记-2024-0001"
      Assets:102-银行存款:01-工行   100.00 CNY
      Income:408-其他收入
    2024-02-01 balance Assets:102-银行存款:01-工行       100.00 CNY
    2024-02-20 * "银行" "手续费"
      voucher: "记-2024-0002"
      Expenses:510-其他支出   5.00 CNY
      Assets:102-银行存款:01-工行
    2024-03-01 balance Assets:102-银行存款:01-工行        95.00 CNY
    2024-03-20 * "银行" "手续费"
      voucher: "记-2024-0003"
      Expenses:510-其他支出   5.00 CNY
      Assets:102-银行存款:01-工行
    2024-04-20 * "银行" "手续费"
      voucher: "记-2024-0004"
      Expenses:510-其他支出   5.00 CNY
      Assets:102-银行存款:01-工行
    """
    # the deposit (its certificate checked at the year's start) never moves: no month is
    # missing for it; the current account moved in March and was not reconciled
    assert found == [("bank-unreconciled", "Assets:102-银行存款:01-工行/2024-03")]


def test_cash_counted_in_the_months_it_moved(found: list[tuple[str, str]]) -> None:
    """
    2024-01-05 * "提取现金"
      voucher: "记-2024-0001"
      Assets:101-库存现金   500.00 CNY
      Assets:102-银行存款:01-工行
    2024-02-01 balance Assets:101-库存现金   500.00 CNY
    2024-02-10 * "邮局" "邮寄费"
      voucher: "记-2024-0002"
      Expenses:510-其他支出   50.00 CNY
      Assets:101-库存现金
    2024-04-10 * "邮局" "邮寄费"
      voucher: "记-2024-0003"
      Expenses:510-其他支出   50.00 CNY
      Assets:101-库存现金
    2024-04-30 balance Assets:101-库存现金   400.00 CNY
    2024-06-10 * "邮局" "邮寄费"
      voucher: "记-2024-0004"
      Expenses:510-其他支出   50.00 CNY
      Assets:101-库存现金
    2024-06-20 * "银行" "手续费"
      voucher: "记-2024-0005"
      Expenses:510-其他支出   5.00 CNY
      Assets:102-银行存款:01-工行
    """
    # counts start at January's end; February moved and has none; March did not move; April's
    # count is on its last day (before that day's entries: none); June has not ended
    assert found == [("cash-uncounted", "2024-02")]


def test_stocktake_each_year_with_assets(found: list[tuple[str, str]]) -> None:
    """
    2024-03-01 * "电脑公司" "购置办公电脑"
      voucher: "记-2024-0001"
      Expenses:507-资本性支出:50702-办公设备购置   6800.00 CNY
      Assets:102-银行存款:01-工行                 -6800.00 CNY
      Assets:162-固定资产                          6800.00 CNY
      Equity:301-资产基金                         -6800.00 CNY
    2024-12-20 custom "ghfund-stocktake" 2024-12-20
      result: "账实相符"
    2026-01-10 custom "ghfund-stocktake" 2026-01-08
      result: "账实相符"
    2026-06-30 * "银行" "手续费"
      voucher: "记-2026-0001"
      Expenses:510-其他支出   5.00 CNY
      Assets:102-银行存款:01-工行
    2027-01-02 * "银行" "手续费"
      voucher: "记-2027-0001"
      Expenses:510-其他支出   5.00 CNY
      Assets:102-银行存款:01-工行
    """
    # 2025 counted (in January 2026: the year-end count finished early next year); 2026 not
    assert found == [("asset-count-missing", "2026")]


def test_a_stocktake_without_result_is_invalid() -> None:
    loaded = load(
        """
2024-12-20 custom "ghfund-stocktake" 2024-12-20
"""
    )
    assert [(e.rule, e.key) for e in loaded.findings.open] == [("directive-invalid", "2024")]
    assert "result" in loaded.findings.open[0].message


def test_attachments_from_the_first_voucher_recording_them(found: list[tuple[str, str]]) -> None:
    """
    2024-01-03 * "文具店" "办公用品（启用附件张数之前）"
      voucher: "记-2024-0001"
      Expenses:510-其他支出   300.00 CNY
      Assets:102-银行存款:01-工行
    2024-01-05 * "邮局" "邮寄费"
      voucher: "记-2024-0002"
      attachments: 1
      Expenses:510-其他支出    20.00 CNY
      Assets:102-银行存款:01-工行
    2024-01-06 * "提取现金"
      voucher: "记-2024-0003"
      Assets:101-库存现金   500.00 CNY
      Assets:102-银行存款:01-工行
    2024-01-07 * "银行" "结息"
      voucher: "记-2024-0004"
      Assets:102-银行存款:01-工行   10.00 CNY
      Income:408-其他收入
    2024-01-08 * "文具店" "办公用品"
      voucher: "记-2024-0005"
      attachments: 0
      Expenses:510-其他支出   300.00 CNY
      Assets:101-库存现金
    2024-01-09 * "文具店" "办公用品"
      voucher: "记-2024-0006"
      Expenses:510-其他支出   200.00 CNY
      Assets:101-库存现金
    """
    # a withdrawal and a receipt are not payments; zero attachments is none
    assert found == [
        ("attachments-missing", "记-2024-0005"),
        ("attachments-missing", "记-2024-0006"),
    ]


def test_receivables_by_counterparty_first_in_first_out(found: list[tuple[str, str]]) -> None:
    """
    2024-01-10 * "借支备用金"
      voucher: "记-2024-0001"
      Assets:135-其他应收款   2000.00 CNY
        counterparty: "张三"
      Assets:135-其他应收款    800.00 CNY
        counterparty: "李四"
      Assets:101-库存现金
    2024-06-01 * "张三" "报销冲借款"
      voucher: "记-2024-0002"
      Expenses:501-职工活动支出:50106-其他活动支出   1500.00 CNY
      Assets:135-其他应收款   -1500.00 CNY
        counterparty: "张三"
    2025-01-05 * "李四" "归还借款"
      voucher: "记-2025-0001"
      Assets:101-库存现金   800.00 CNY
      Assets:135-其他应收款
    2025-12-31 * "银行" "手续费"
      voucher: "记-2025-0002"
      Expenses:510-其他支出   5.00 CNY
      Assets:102-银行存款:01-工行
    """
    # 2024 end: nothing is a year old. 张三 settled 1,500.00 of his 2,000.00 by name; 李四's
    # 800.00 names nobody and so settles the oldest open amounts: 张三's 500.00, then 300.00
    # of 李四's. 2025 end: 李四's 500.00 is open 721 days (name the counterparty to avoid this).
    assert found == [("receivable-stale", "Assets:135-其他应收款/李四/2025")]


def test_receivable_over_three_years_is_proposed_for_write_off() -> None:
    loaded = load(
        """
2024-03-01 * "某单位" "代垫款"
  voucher: "记-2024-0001"
  Assets:135-其他应收款   1200.00 CNY
  Assets:102-银行存款:01-工行
2027-12-31 * "银行" "手续费"
  voucher: "记-2027-0001"
  Expenses:510-其他支出   5.00 CNY
  Assets:102-银行存款:01-工行
"""
    )
    # open 305 days at the end of 2024, 670 (2025), 1,035 (2026), 1,400 (2027: over three years)
    errors = [e for e in loaded.findings.open if e.rule == "receivable-stale"]
    assert [(e.key, e.amount) for e in errors] == [
        ("Assets:135-其他应收款/2025", D("1200.00")),
        ("Assets:135-其他应收款/2026", D("1200.00")),
        ("Assets:135-其他应收款/2027", D("1200.00")),
    ]
    assert ["核销" in e.message for e in errors] == [False, False, True]
    assert errors[0].date is not None and errors[0].date.isoformat() == "2025-12-31"


def test_receivable_days_option(found: list[tuple[str, str]]) -> None:
    """
    2024-01-01 custom "ghfund-option" "receivable-days" 180
    2024-03-01 * "张三" "借支"
      voucher: "记-2024-0001"
      Assets:135-其他应收款   300.00 CNY
      Assets:101-库存现金
    2024-12-31 * "银行" "手续费"
      voucher: "记-2024-0002"
      Expenses:510-其他支出   5.00 CNY
      Assets:102-银行存款:01-工行
    """
    assert found == [("receivable-stale", "Assets:135-其他应收款/2024")]


def test_suspense_at_year_end(found: list[tuple[str, str]]) -> None:
    """
    2024-06-20 * "盘点" "库存物品盘亏待处理"
      voucher: "记-2024-0001"
      Assets:182-待处理财产损溢   300.00 CNY
      Assets:141-库存物品
    2024-09-20 * "盘亏报批核销"
      voucher: "记-2024-0002"
      Expenses:510-其他支出   300.00 CNY
      Assets:182-待处理财产损溢
    2025-11-20 * "盘点" "库存物品盘亏待处理"
      voucher: "记-2025-0001"
      Assets:182-待处理财产损溢   120.00 CNY
      Assets:141-库存物品
    2025-12-31 * "银行" "手续费"
      voucher: "记-2025-0002"
      Expenses:510-其他支出   5.00 CNY
      Assets:102-银行存款:01-工行
    """
    assert found == [("suspense-open", "2025")]


def test_self_review(found: list[tuple[str, str]]) -> None:
    """
    2024-01-05 * "银行" "手续费"
      voucher: "记-2024-0001"
      preparer: "王五"
      reviewer: " 王五 "
      Expenses:510-其他支出   5.00 CNY
      Assets:102-银行存款:01-工行
    2024-01-06 * "银行" "手续费"
      voucher: "记-2024-0002"
      preparer: "王五"
      reviewer: "李四"
      Expenses:510-其他支出   5.00 CNY
      Assets:102-银行存款:01-工行
    2024-01-07 * "银行" "手续费（未审核）"
      voucher: "记-2024-0003"
      preparer: "王五"
      Expenses:510-其他支出   5.00 CNY
      Assets:102-银行存款:01-工行
    """
    assert found == [("self-review", "记-2024-0001")]


def test_duty_conflict_only_while_both_are_held(found: list[tuple[str, str]]) -> None:
    """
    2024-01-01 custom "ghfund-officer" "张三" "主席"
    2024-01-01 custom "ghfund-officer" "李四" "出纳"
    2024-01-01 custom "ghfund-officer" "王五" "会计"
    2024-03-31 custom "ghfund-officer-end" "李四" "出纳"
    2024-04-01 custom "ghfund-officer" "李四" "会计"
    2024-06-01 custom "ghfund-officer" "王五" "出纳"
    """
    # 李四 moves from 出纳 to 会计 (not at once); 王五 keeps 会计 and adds 出纳
    assert found == [("duty-conflict", "王五/会计/出纳")]


def test_eight_bans_screen(found: list[tuple[str, str]]) -> None:
    """
    2024-01-20 * "某某酒店" "部门聚餐"
      voucher: "记-2024-0001"
      Expenses:501-职工活动支出:50106-其他活动支出   3000.00 CNY
      Assets:102-银行存款:01-工行
    2024-01-21 * "发放劳动竞赛奖金"
      voucher: "记-2024-0002"
      decision: "工会委员会2024年第1次会议纪要：劳动竞赛方案"
      Expenses:501-职工活动支出:50106-其他活动支出   6000.00 CNY
      Assets:102-银行存款:01-工行
    2024-01-22 * "培训住宿（市委招待所）"
      voucher: "记-2024-0003"
      Expenses:505-业务支出:50504-其他业务支出   800.00 CNY
      Assets:102-银行存款:01-工行
    2024-01-23 * "张三" "困难职工生活补贴"
      voucher: "记-2024-0004"
      Expenses:504-维权支出:50404-困难职工帮扶支出   2000.00 CNY
      Assets:102-银行存款:01-工行
    2024-01-24 * "分工会所需活动用品"
      voucher: "记-2024-0005"
      Expenses:501-职工活动支出:50106-其他活动支出   500.00 CNY
      Assets:102-银行存款:01-工行
    2024-01-25 * "发放中秋过节费"
      voucher: "记-2024-0006"
      Expenses:501-职工活动支出:50106-其他活动支出   9000.00 CNY
      Assets:102-银行存款:01-工行
    2024-01-26 * "活动后ktv"
      voucher: "记-2024-0007"
      Expenses:501-职工活动支出:50106-其他活动支出   1200.00 CNY
      Assets:102-银行存款:01-工行
    2024-01-27 * "冲回误记的聚餐费"
      voucher: "记-2024-0008"
      Assets:102-银行存款:01-工行   3000.00 CNY
      Expenses:501-职工活动支出:50106-其他活动支出
    2024-01-28 * "工会会所活动室水电费"
      voucher: "记-2024-0009"
      Expenses:501-职工活动支出:50106-其他活动支出   300.00 CNY
      Assets:102-银行存款:01-工行
    2024-01-29 * "书法协会所需笔墨纸砚"
      voucher: "记-2024-0010"
      Expenses:501-职工活动支出:50106-其他活动支出   200.00 CNY
      Assets:102-银行存款:01-工行
    2024-01-30 * "某某私人会所消费"
      voucher: "记-2024-0011"
      Expenses:501-职工活动支出:50106-其他活动支出   2000.00 CNY
      Assets:102-银行存款:01-工行
    """
    # 工会会所 is the union's premises and 协会所需 a need of the society; a private club is
    # what the screen is for
    assert found == [
        ("eight-bans", "记-2024-0001"),
        ("eight-bans", "记-2024-0006"),
        ("eight-bans", "记-2024-0007"),
        ("eight-bans", "记-2024-0011"),
    ]


def test_new_rules_are_acknowledgeable() -> None:
    loaded = load(
        """
2024-01-20 * "某某酒店" "部门聚餐"
  voucher: "记-2024-0001"
  Expenses:501-职工活动支出:50106-其他活动支出   3000.00 CNY
  Assets:102-银行存款:01-工行
2024-03-01 custom "ghfund-ack" "eight-bans" "记-2024-0001"
  ref: "经审会〔2024〕1号"
"""
    )
    assert loaded.findings.open == ()
    assert [e.rule for e, _ in loaded.findings.acknowledged] == ["eight-bans"]


def test_a_book_without_evidence_gets_one_remark_a_kind_in_the_annual_review() -> None:
    never = """
2024-01-05 * "提取现金"
  voucher: "记-2024-0001"
  Assets:101-库存现金   500.00 CNY
  Assets:102-银行存款:01-工行
2024-03-01 * "电脑公司" "购置办公电脑"
  voucher: "记-2024-0002"
  Expenses:507-资本性支出:50702-办公设备购置   6800.00 CNY
  Assets:102-银行存款:01-工行                 -6800.00 CNY
  Assets:162-固定资产                          6800.00 CNY
  Equity:301-资产基金                         -6800.00 CNY
"""
    remarks = evidence.unrecorded(load(never).book, 2024)
    assert [r[: r.index("，")] for r in remarks] == [
        "账本中没有银行对账记录",
        "账本中没有库存现金盘点记录",
        "账本中没有固定资产清查盘点记录",
        "账本中的凭证没有记录附件张数",
    ]
    kept = (
        never.replace('voucher: "记-2024-0002"', 'voucher: "记-2024-0002"\n  attachments: 2')
        + """
2024-02-01 balance Assets:102-银行存款:01-工行   -500.00 CNY
2024-02-01 balance Assets:101-库存现金   500.00 CNY
2024-12-20 custom "ghfund-stocktake" 2024-12-20
  result: "账实相符"
"""
    )
    assert evidence.unrecorded(load(kept).book, 2024) == []
