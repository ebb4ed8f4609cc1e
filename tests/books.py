"""Ledgers and figures that several test modules share (test modules never import each
other): a two-year book built by hand with its statement figures worked out on paper, and
the officers' book of the audit reports; a book from ``ghfund init`` and the files the
writers import into it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

D = Decimal

OPENS = """
option "operating_currency" "CNY"
2023-12-31 open Assets:101-库存现金
2023-12-31 open Assets:102-银行存款
2023-12-31 open Assets:135-其他应收款
2023-12-31 open Assets:141-库存物品
2023-12-31 open Assets:162-固定资产
2023-12-31 open Assets:163-累计折旧
2023-12-31 open Liabilities:211-应付上级经费
2023-12-31 open Liabilities:215-其他应付款
2023-12-31 open Equity:301-资产基金
2023-12-31 open Equity:321-工会资金结转
2023-12-31 open Equity:322-工会资金结余
2023-12-31 open Income:401-会费收入
2023-12-31 open Income:402-拨缴经费收入
2023-12-31 open Income:403-上级补助收入:40302-专项转移支付补助
2023-12-31 open Income:408-其他收入
2023-12-31 open Expenses:501-职工活动支出:50105-会员活动支出
2023-12-31 open Expenses:503-职工服务支出:50304-职工书屋支出
2023-12-31 open Expenses:505-业务支出
2023-12-31 open Expenses:507-资本性支出:50702-办公设备购置
"""

YEAR_2024 = """
2023-12-31 * "期初余额"
  voucher: "期初"
  Assets:101-库存现金            800.00 CNY
  Assets:102-银行存款         100000.00 CNY
  Assets:162-固定资产          12000.00 CNY
  Assets:163-累计折旧          -3000.00 CNY
  Liabilities:211-应付上级经费  -4000.00 CNY
  Equity:301-资产基金          -9000.00 CNY
  Equity:321-工会资金结转      -1500.00 CNY
  Equity:322-工会资金结余     -95300.00 CNY
2024-01-05 * "上解2023年12月拨缴经费"
  voucher: "记-2024-0001"
  Liabilities:211-应付上级经费   4000.00 CNY
  Assets:102-银行存款
2024-02-10 * "拨缴经费"
  voucher: "记-2024-0002"
  Assets:102-银行存款          10000.00 CNY
  Income:402-拨缴经费收入      -6000.00 CNY
  Liabilities:211-应付上级经费  -4000.00 CNY
2024-02-15 * "会费"
  voucher: "记-2024-0003"
  Assets:101-库存现金            500.00 CNY
  Income:401-会费收入
2024-03-01 * "专项补助：职工书屋"
  voucher: "记-2024-0004"
  Assets:102-银行存款           8000.00 CNY
  Income:403-上级补助收入:40302-专项转移支付补助
    fund: "书屋"
2024-04-01 * "书屋图书"
  voucher: "记-2024-0005"
  Expenses:503-职工服务支出:50304-职工书屋支出  6000.00 CNY
    fund: "书屋"
  Assets:102-银行存款
2024-05-01 * "节日慰问"
  voucher: "记-2024-0006"
  Expenses:501-职工活动支出:50105-会员活动支出  3000.00 CNY
  Assets:102-银行存款
2024-06-01 * "办公电脑"
  voucher: "记-2024-0007"
  Expenses:507-资本性支出:50702-办公设备购置  5000.00 CNY
  Assets:102-银行存款                       -5000.00 CNY
  Assets:162-固定资产                        5000.00 CNY
  Equity:301-资产基金                       -5000.00 CNY
2024-07-01 * "借出备用金"
  voucher: "记-2024-0008"
  Assets:135-其他应收款          700.00 CNY
  Assets:102-银行存款
2024-08-01 * "代管行政的活动款"
  voucher: "记-2024-0009"
  Assets:102-银行存款           2000.00 CNY
  Liabilities:215-其他应付款
2024-09-01 * "购入奖品入库"
  voucher: "记-2024-0010"
  Expenses:505-业务支出          300.00 CNY
  Assets:102-银行存款           -300.00 CNY
  Assets:141-库存物品            300.00 CNY
  Equity:301-资产基金           -300.00 CNY
2024-12-31 * "计提折旧"
  voucher: "记-2024-0011"
  Equity:301-资产基金           2400.00 CNY
  Assets:163-累计折旧
2024-12-31 * "利息"
  voucher: "记-2024-0012"
  Assets:102-银行存款             35.50 CNY
  Income:408-其他收入
"""

YEAR_2025 = """
2025-01-10 * "书屋图书（专项）"
  voucher: "记-2025-0001"
  Expenses:503-职工服务支出:50304-职工书屋支出  1200.00 CNY
    fund: "书屋"
  Assets:102-银行存款
2025-02-10 * "拨缴经费"
  voucher: "记-2025-0002"
  Assets:102-银行存款          11000.00 CNY
  Income:402-拨缴经费收入      -6600.00 CNY
  Liabilities:211-应付上级经费  -4400.00 CNY
2025-03-05 * "上解"
  voucher: "记-2025-0003"
  Liabilities:211-应付上级经费   4400.00 CNY
  Assets:102-银行存款
2025-04-01 * "以前年度少记利息，调整年初结余"
  voucher: "记-2025-0004"
  Assets:102-银行存款            250.00 CNY
  Equity:322-工会资金结余
2025-05-01 * "生日慰问"
  voucher: "记-2025-0005"
  Expenses:501-职工活动支出:50105-会员活动支出  4000.00 CNY
  Assets:101-库存现金           -300.00 CNY
  Assets:102-银行存款          -3700.00 CNY
2025-06-01 * "收回备用金"
  voucher: "记-2025-0006"
  Assets:102-银行存款            700.00 CNY
  Assets:135-其他应收款
2025-12-31 * "计提折旧"
  voucher: "记-2025-0007"
  Equity:301-资产基金           2600.00 CNY
  Assets:163-累计折旧
2025-12-31 * "利息"
  voucher: "记-2025-0008"
  Assets:102-银行存款             40.25 CNY
  Income:408-其他收入
"""

CLOSING_2024 = """
2024-12-31 * "年终结账（原系统）" #closing
  voucher: "记-2024-0013"
  Income:401-会费收入                              500.00 CNY
  Income:402-拨缴经费收入                         6000.00 CNY
  Income:403-上级补助收入:40302-专项转移支付补助  8000.00 CNY
  Income:408-其他收入                               35.50 CNY
  Expenses:501-职工活动支出:50105-会员活动支出   -3000.00 CNY
  Expenses:503-职工服务支出:50304-职工书屋支出   -6000.00 CNY
    fund: "书屋"
  Expenses:505-业务支出                           -300.00 CNY
  Expenses:507-资本性支出:50702-办公设备购置     -5000.00 CNY
  Equity:321-工会资金结转                        -2000.00 CNY
  Equity:322-工会资金结余                         1764.50 CNY
"""


END_2023 = {
    "cash": D("800.00"),
    "bank": D("100000.00"),
    "other_receivable": D("0.00"),
    "stock": D("0.00"),
    "cost": D("12000.00"),
    "depreciation": D("3000.00"),
    "payable_upper": D("4000.00"),
    "other_payable": D("0.00"),
    "asset_fund": D("9000.00"),
    "carried": D("1500.00"),
    "retained": D("95300.00"),
}
INCOME_2024 = {"401": D("500.00"), "402": D("6000.00"), "403": D("8000.00"), "408": D("35.50")}
SPENDING_2024 = {"501": D("3000.00"), "503": D("6000.00"), "505": D("300.00"), "507": D("5000.00")}
END_2024 = {
    "cash": D("800.00") + 500,
    "bank": D("100000.00") - 4000 + 10000 + 8000 - 6000 - 3000 - 5000 - 700 + 2000 - 300
    + D("35.50"),
    "other_receivable": D("700.00"),
    "stock": D("300.00"),
    "cost": D("12000.00") + 5000,
    "depreciation": D("3000.00") + 2400,
    "payable_upper": D("4000.00") - 4000 + 4000,
    "other_payable": D("2000.00"),
    "asset_fund": D("9000.00") + 5000 + 300 - 2400,
    "carried": D("1500.00") + 8000 - 6000,
    "retained": D("95300.00") + (500 + 6000 + D("35.50")) - (3000 + 5000 + 300),
}  # fmt: skip
INCOME_2025 = {"402": D("6600.00"), "408": D("40.25")}
SPENDING_2025 = {"501": D("4000.00"), "503": D("1200.00")}
ADJUSTED_2025 = D("250.00")
END_2025 = {
    "cash": END_2024["cash"] - 300,
    "bank": END_2024["bank"] - 1200 + 11000 - 4400 + 250 - 3700 + 700 + D("40.25"),
    "other_receivable": D("0.00"),
    "stock": D("300.00"),
    "cost": END_2024["cost"],
    "depreciation": END_2024["depreciation"] + 2600,
    "payable_upper": END_2024["payable_upper"] + 4400 - 4400,
    "other_payable": D("2000.00"),
    "asset_fund": END_2024["asset_fund"] - 2600,
    "carried": END_2024["carried"] - 1200,
    "retained": END_2024["retained"] + 250 + 6600 + D("40.25") - 4000,
}

AUDIT_BOOK = """
option "operating_currency" "CNY"
2023-01-01 custom "ghfund-option" "large-expense" 5000.00 CNY
2023-12-31 open Assets:102-银行存款
2023-12-31 open Assets:135-其他应收款
2023-12-31 open Assets:162-固定资产
2023-12-31 open Assets:163-累计折旧
2023-12-31 open Liabilities:211-应付上级经费
2023-12-31 open Liabilities:215-其他应付款
2023-12-31 open Equity:301-资产基金
2023-12-31 open Equity:321-工会资金结转
2023-12-31 open Equity:322-工会资金结余
2023-12-31 open Income:401-会费收入
2023-12-31 open Income:402-拨缴经费收入
2023-12-31 open Income:403-上级补助收入:40302-专项转移支付补助
2023-12-31 open Expenses:501-职工活动支出:50105-会员活动支出
2023-12-31 open Expenses:505-业务支出
2023-12-31 open Expenses:507-资本性支出:50702-办公设备购置
2023-12-31 * "期初余额"
  voucher: "期初"
  Assets:102-银行存款           100000.00 CNY
  Assets:162-固定资产            12000.00 CNY
  Equity:301-资产基金           -12000.00 CNY
  Liabilities:211-应付上级经费   -2000.00 CNY
  Equity:322-工会资金结余
2024-02-10 * "会费"
  voucher: "记-2024-0001"
  Assets:102-银行存款   1000.00 CNY
  Income:401-会费收入
2024-04-01 custom "ghfund-officer" "张三" "主席"
2024-05-10 custom "ghfund-payroll" 2024-04-30 250000.00 CNY
2024-05-10 * "慰问"
  voucher: "记-2024-0002"
  decision: "工会委员会2024年第1次会议纪要"
  Expenses:501-职工活动支出:50105-会员活动支出   6000.00 CNY
  Assets:102-银行存款
2024-05-15 * "单位" "4月工会经费"
  voucher: "记-2024-0003"
  payroll: 2024-04-30
  Assets:102-银行存款              5000.00 CNY
  Income:402-拨缴经费收入         -3000.00 CNY
  Liabilities:211-应付上级经费    -2000.00 CNY
2024-06-01 * "购置电脑"
  voucher: "记-2024-0004"
  Expenses:507-资本性支出:50702-办公设备购置   3000.00 CNY
  Assets:102-银行存款                        -3000.00 CNY
  Assets:162-固定资产                         3000.00 CNY
  Equity:301-资产基金                        -3000.00 CNY
2024-08-01 * "借支备用金"
  voucher: "记-2024-0005"
  Assets:135-其他应收款   500.00 CNY
  Assets:102-银行存款
2024-09-01 * "上解"
  voucher: "记-2024-0006"
  Liabilities:211-应付上级经费   4000.00 CNY
  Assets:102-银行存款
2024-11-30 * "补记以前年度利息"
  voucher: "记-2024-0007"
  Assets:102-银行存款      100.00 CNY
  Equity:322-工会资金结余
2024-12-31 * "折旧"
  voucher: "记-2024-0008"
  Equity:301-资产基金      600.00 CNY
  Assets:163-累计折旧
2025-01-20 * "上级" "职工书屋补助"
  voucher: "记-2025-0001"
  Assets:102-银行存款   2000.00 CNY
  Income:403-上级补助收入:40302-专项转移支付补助
2025-02-15 * "职工书屋图书"
  voucher: "记-2025-0002"
  Expenses:505-业务支出   1200.00 CNY
    fund: "专项转移支付补助"
  Assets:102-银行存款
2025-03-10 * "代收款"
  voucher: "记-2025-0003"
  Assets:102-银行存款      800.00 CNY
  Liabilities:215-其他应付款
2025-03-31 custom "ghfund-officer-end" "张三" "主席"
2025-04-10 * "会务"
  voucher: "记-2025-0004"
  decision: "工会委员会2025年第1次会议纪要"
  Expenses:505-业务支出   7000.00 CNY
  Assets:102-银行存款
2025-05-20 custom "ghfund-audit" "departure" "张三" 2024-04-01 2025-03-31
  report: "经审〔2025〕2号"
"""


# --- A book from ``ghfund init`` and what the writers import into it ---------------------

WRITERS_YEAR = """
2025-01-10 * "购置空调"
  voucher: "记-2025-0001"
  Assets:162-固定资产  12000.00 CNY
    asset: "空调"
    life: 5
  Equity:301-资产基金  -12000.00 CNY

2025-03-20 * "收3月会费"
  voucher: "记-2025-0002"
  Assets:102-银行存款  1200.00 CNY
  Income:401-会费收入
"""

PAYROLL = "月份,工资总额\n2025-01,1200000.00\n2025-02,1210000.00\n"
VOUCHERS = """日期,凭证字号,摘要,科目编码,借方,贷方
2025-03-05,记-0003,提取备用金,101,500.00,
2025-03-05,记-0003,提取备用金,102,,500.00
"""
BALANCES = """科目编码,科目名称,期初借方,期初贷方
101,库存现金,2000.00,
102,银行存款,300000.00,
322,工会资金结余,,302000.00
"""
BANK = """交易日期,收入金额,支出金额,本次余额,对方户名,交易用途
20250320,1200.00,,1200.00,某某公司,会费
20250325,,5.00,1195.00,,手续费
"""


def make_book(folder: Path) -> None:
    """A new book (``ghfund init`` for 2025): an asset bought in January, March's dues."""
    from click.testing import CliRunner

    from ghfund.cli import cli

    folder.mkdir()
    result = CliRunner().invoke(
        cli, ["init", str(folder), "--year", "2025", "--union-name", "测试工会"]
    )
    assert result.exit_code == 0, result.output
    with (folder / "2025.beancount").open("a", encoding="utf-8") as out:
        out.write(WRITERS_YEAR)
