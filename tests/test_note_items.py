"""The 附注 items beyond the first tables (items 1 and 3–8), on one hand-built book."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from ghfund.ledger import Loaded
from ghfund.reports import annual, note_items
from ghfund.reports.model import Table

D = Decimal


def rows(table: Table, *keys: str) -> list[tuple[object, ...]]:
    """The declared columns ``keys`` of every row, and its LEVEL when "_level" is asked for."""
    return [
        tuple(level if key == "_level" else record[key] for key in keys)
        for record, level in zip(table.records(), table.levels(), strict=True)
    ]


def test_items_of_a_year(loaded: Loaded) -> None:
    """
    option "operating_currency" "CNY"
    2023-12-31 open Assets:101-库存现金
    2023-12-31 open Assets:102-银行存款:01-工商银行
    2023-12-31 open Assets:102-银行存款:02-农业银行
    2023-12-31 open Assets:162-固定资产
    2023-12-31 open Assets:182-待处理财产损溢
    2023-12-31 open Liabilities:211-应付上级经费
    2023-12-31 open Liabilities:215-其他应付款
    2023-12-31 open Equity:301-资产基金
    2023-12-31 open Equity:322-工会资金结余
    2023-12-31 open Income:401-会费收入
    2023-12-31 open Income:402-拨缴经费收入
    2023-12-31 open Expenses:501-职工活动支出:50101-职工教育支出
    2023-12-31 open Expenses:501-职工活动支出:50105-会员活动支出
    2023-12-31 open Expenses:507-资本性支出:50702-办公设备购置
    2023-12-31 open Expenses:510-其他支出
    2023-12-31 * "期初余额"
      voucher: "期初"
      Assets:101-库存现金                 500.00 CNY
      Assets:102-银行存款:01-工商银行   50000.00 CNY
      Assets:162-固定资产               8000.00 CNY
      Liabilities:211-应付上级经费     -2000.00 CNY
      Equity:301-资产基金              -8000.00 CNY
      Equity:322-工会资金结余         -48500.00 CNY
    2024-01-10 * "上解"
      voucher: "记-2024-0001"
      Liabilities:211-应付上级经费      2000.00 CNY
      Assets:102-银行存款:01-工商银行
    2024-02-10 * "拨缴经费"
      voucher: "记-2024-0002"
      Assets:102-银行存款:02-农业银行  10000.00 CNY
      Income:402-拨缴经费收入          -6000.00 CNY
      Liabilities:211-应付上级经费     -4000.00 CNY
    2024-02-20 * "会费"
      voucher: "记-2024-0003"
      Assets:101-库存现金                300.00 CNY
      Income:401-会费收入
    2024-03-01 * "代收某协会会议费"
      voucher: "记-2024-0004"
      Assets:102-银行存款:01-工商银行   1500.00 CNY
      Liabilities:215-其他应付款
    2024-03-05 * "购置投影仪"
      voucher: "记-2024-0005"
      Expenses:507-资本性支出:50702-办公设备购置  3600.00 CNY
      Assets:102-银行存款:01-工商银行  -3600.00 CNY
      Assets:162-固定资产               3600.00 CNY
        asset: "投影仪"
        category: "办公设备"
        life: 6
      Equity:301-资产基金              -3600.00 CNY
    2024-03-06 * "受赠书柜，名义金额入账"
      voucher: "记-2024-0006"
      Assets:162-固定资产                  1.00 CNY
        asset: "书柜"
      Equity:301-资产基金
    2024-04-01 * "报废旧电脑"
      voucher: "记-2024-0007"
      Equity:301-资产基金               2000.00 CNY
      Assets:162-固定资产
    2024-04-02 * "盘亏现金待查"
      voucher: "记-2024-0008"
      Assets:182-待处理财产损溢           20.00 CNY
      Assets:101-库存现金
    2024-05-01 * "培训"
      voucher: "记-2024-0009"
      Expenses:501-职工活动支出:50101-职工教育支出  800.00 CNY
      Assets:102-银行存款:01-工商银行
    2024-05-02 * "手续费"
      voucher: "记-2024-0010"
      Expenses:510-其他支出                  5.00 CNY
      Assets:102-银行存款:01-工商银行
    2024-06-01 * "更正以前年度少记利息"
      voucher: "记-2024-0011"
      Assets:102-银行存款:01-工商银行    120.00 CNY
      Equity:322-工会资金结余
    """
    assert not loaded.errors
    year = 2024
    (money,) = note_items.money(loaded, year)
    assert rows(money, "item", "start", "end") == [
        ("101-库存现金", D("500.00"), D("780.00")),
        ("01-工商银行", D("50000.00"), D("50000") - 2000 + 1500 - 3600 - 800 - 5 + 120),
        ("02-农业银行", D("0"), D("10000.00")),
        ("货币资金合计", D("50500.00"), D("55995.00")),
    ]
    sheet = annual.report(loaded, year).table("balance_sheet")
    assert sheet.records()[0]["end"] == D("55995.00")  # the balance sheet's 货币资金

    income, spending = note_items.flows_detail(loaded, year)
    assert rows(income, "item", "current", "_level") == [
        ("401-会费收入", D("300.00"), 1),
        ("402-拨缴经费收入", D("6000.00"), 1),
        ("收入合计", D("6300.00"), 0),
    ]
    assert rows(spending, "item", "current", "_level") == [
        ("501-职工活动支出", D("800.00"), 1),
        ("50101-职工教育支出", D("800.00"), 2),
        ("507-资本性支出", D("3600.00"), 1),
        ("50702-办公设备购置", D("3600.00"), 2),
        ("510-其他支出", D("5.00"), 1),
        ("支出合计", D("4405.00"), 0),
    ]

    (payables,) = note_items.payables(loaded, year)
    assert rows(payables, "item", "start", "increase", "decrease", "end") == [
        ("应付上级经费", D("2000.00"), D("4000.00"), D("2000.00"), D("4000.00")),
        ("其他应付款", D("0"), D("1500.00"), D("0"), D("1500.00")),
    ]

    (disposals,) = note_items.disposals(loaded, year)
    assert rows(disposals, "date", "voucher", "account", "amount") == [
        (datetime.date(2024, 4, 1), "记-2024-0007", "162-固定资产", D("-2000.00")),
        (datetime.date(2024, 4, 2), "记-2024-0008", "182-待处理财产损溢", D("20.00")),
    ]

    (nominal,) = note_items.nominal(loaded, year)
    assert rows(nominal, "voucher", "item", "amount") == [
        ("记-2024-0006", "受赠书柜，名义金额入账", D("1.00"))
    ]

    (adjustments,) = note_items.adjustments(loaded, year)
    assert rows(adjustments, "voucher", "amount") == [("记-2024-0011", D("120.00"))]
    assert "资金结转结余调整及变动” 120.00 元" in adjustments.notes[0]

    (policies,) = note_items.policies(loaded, year)
    assert "办公设备 6 年（1 项）" in policies.notes[3]
    (others,) = note_items.others(loaded, year)
    assert others.notes == (
        "本账从 2024-01-01 开始，年初余额取自期初余额分录（2023-12-31）。",
        "期后事项：年末应付上级经费 4,000.00 元，账本尚无期后记录。",
    )
    (later,) = note_items.others(loaded, 2025)
    assert later.notes == ("期后事项：年末应付上级经费 4,000.00 元，账本尚无期后记录。",)


@pytest.mark.parametrize("item", [note_items.disposals, note_items.nominal, note_items.adjustments])
def test_an_item_with_nothing_says_none(loaded: Loaded, item: note_items.Item) -> None:
    """
    option "operating_currency" "CNY"
    2023-12-31 open Assets:102-银行存款
    2023-12-31 open Equity:322-工会资金结余
    2023-12-31 * "期初余额"
      voucher: "期初"
      Assets:102-银行存款      100.00 CNY
      Equity:322-工会资金结余
    """
    (table,) = item(loaded, 2024)
    assert table.rows.empty and table.notes == ("无。",)
    assert table.period == "2024年度"


def test_policies_name_the_threshold_and_its_change(loaded: Loaded) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 custom "ghfund-option" "capital-threshold" 1500.00 CNY
    2025-07-01 custom "ghfund-option" "capital-threshold" 2000.00 CNY
    2023-12-31 open Assets:102-银行存款
    2023-12-31 open Equity:322-工会资金结余
    2023-12-31 * "期初余额"
      voucher: "期初"
      Assets:102-银行存款      100.00 CNY
      Equity:322-工会资金结余
    2025-08-01 * "利息"
      voucher: "记-2025-0001"
      Assets:102-银行存款        1.00 CNY
      Equity:322-工会资金结余
    """
    (before,) = note_items.policies(loaded, 2024)
    assert "1,500.00 元以上的通用设备" in before.notes[4]
    assert before.notes[5] == "会计政策和会计估计变更：无。"
    (after,) = note_items.policies(loaded, 2025)
    assert "2,000.00 元以上的通用设备" in after.notes[4]
    assert "2025-07-01 起通用设备入账起点由 1,500.00 元改为 2,000.00 元" in after.notes[5]


def test_policies_say_what_the_entries_do_and_where_they_depart_from_the_system(
    loaded: Loaded,
) -> None:
    """
    option "operating_currency" "CNY"
    2023-12-31 open Assets:102-银行存款
    2023-12-31 open Assets:162-固定资产
    2023-12-31 open Assets:163-累计折旧
    2023-12-31 open Equity:301-资产基金
    2023-12-31 open Equity:322-工会资金结余
    2023-12-31 open Expenses:503-职工服务支出:50302-建家活动支出
    2023-12-31 open Expenses:507-资本性支出:50702-办公设备购置
    2023-12-31 * "期初余额"
      voucher: "期初"
      Assets:102-银行存款      50000.00 CNY
      Equity:322-工会资金结余
    2024-03-05 * "购置跑步机"
      voucher: "记-2024-0001"
      Expenses:503-职工服务支出:50302-建家活动支出  6000.00 CNY
      Assets:102-银行存款  -6000.00 CNY
      Assets:162-固定资产   6000.00 CNY
        asset: "跑步机"
        category: "专用设备"
        life: 5
      Equity:301-资产基金  -6000.00 CNY
    2024-03-20 * "购置电脑"
      voucher: "记-2024-0002"
      Expenses:507-资本性支出:50702-办公设备购置  7200.00 CNY
      Assets:102-银行存款  -7200.00 CNY
      Assets:162-固定资产   7200.00 CNY
        asset: "电脑"
        category: "通用设备"
        life: 6
      Equity:301-资产基金  -7200.00 CNY
    2024-04-30 * "计提折旧"
      voucher: "记-2024-0003"
      Equity:301-资产基金   200.00 CNY
      Assets:163-累计折旧  -100.00 CNY
        asset: "跑步机"
      Assets:163-累计折旧  -100.00 CNY
        asset: "电脑"
    """
    (note,) = note_items.policies(loaded, 2024)
    purchases, depreciation = note.notes[2], note.notes[3]
    assert "本年取得 2 项，1 项列 503 职工服务支出，1 项列 507 资本性支出" in purchases
    assert "购置支出列在 503 职工服务支出，与《工会会计制度》" in purchases
    # 跑步机 bought in March, first charged in April; 电脑 likewise: both from the next month
    assert "账上 2 项自取得次月起计提" in depreciation
    assert "与制度“当月增加的固定资产当月计提折旧”不符" in depreciation
    assert "收支结转：本年未记年终结转凭证" in note.notes[1]


def test_note_eight_tells_the_years_events_and_what_was_settled_after_it(
    loaded: Loaded,
) -> None:
    """
    option "operating_currency" "CNY"
    2023-12-31 open Assets:102-银行存款
    2023-12-31 open Assets:131-应收上级经费
    2023-12-31 open Liabilities:211-应付上级经费
    2023-12-31 open Income:402-拨缴经费收入
    2023-12-31 open Equity:322-工会资金结余
    2023-12-31 * "期初余额"
      voucher: "期初"
      Assets:102-银行存款      50000.00 CNY
      Equity:322-工会资金结余
    2024-01-01 custom "ghfund-officer" "张三" "主席"
    2024-06-30 custom "ghfund-officer-end" "张三" "主席"
    2024-07-01 custom "ghfund-officer" "李四" "主席"
    2024-09-10 custom "ghfund-audit" "departure" "张三" 2024-01-01 2024-06-30
      report: "经审〔2024〕2号"
    2024-12-20 * "拨缴经费"
      voucher: "记-2024-0001"
      Assets:102-银行存款            5000.00 CNY
      Assets:131-应收上级经费        1000.00 CNY
      Income:402-拨缴经费收入       -3600.00 CNY
      Liabilities:211-应付上级经费  -2400.00 CNY
    2025-01-15 * "上解2024年12月经费（部分）"
      voucher: "记-2025-0001"
      Liabilities:211-应付上级经费   1500.00 CNY
      Assets:102-银行存款
    2025-02-10 * "收回应收上级经费"
      voucher: "记-2025-0002"
      Assets:102-银行存款            1000.00 CNY
      Assets:131-应收上级经费
    """
    (note,) = note_items.others(loaded, 2024)
    assert note.notes[1:] == (
        "2024-01-01 张三任主席。",
        "2024-06-30 张三离任主席。",
        "2024-07-01 李四任主席。",
        "2024-09-10 完成离任审计（张三，2024-01-01 至 2024-06-30，经审〔2024〕2号）。",
        "期后事项：年末应付上级经费 2,400.00 元，至 2025-02-10 已上解 1,500.00 元，"
        "尚有 900.00 元未上解。",
        "期后事项：年末应收上级经费 1,000.00 元，已于 2025-02-10 前全部收回。",
    )
