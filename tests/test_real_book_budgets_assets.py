"""A book kept the way real treasurers keep it (budgets approved late in January, an
adjustment approved months after the spending it covers, an earmarked project, equipment
booked to the activity it serves) gives exactly its true findings under every rule."""

from __future__ import annotations

from decimal import Decimal

from ghfund.ledger import Loaded
from ghfund.plugins import all as every_rule

D = Decimal


def test_every_rule_gives_exactly_the_true_findings(loaded: Loaded) -> None:
    """
    option "title" "某某机械厂工会经费账"
    option "operating_currency" "CNY"
    plugin "ghfund.plugins.all"

    2024-01-01 custom "ghfund-option" "union-name" "某某机械厂工会委员会"
    2024-01-01 custom "ghfund-option" "large-expense" 20000.00 CNY
    2024-01-01 custom "ghfund-option" "cash-limit" 5000.00 CNY
    2024-01-01 custom "ghfund-option" "cash-payment-limit" 1000.00 CNY

    2023-12-31 open Assets:101-库存现金                                CNY
    2023-12-31 open Assets:102-银行存款                                CNY
    2023-12-31 open Assets:162-固定资产                                CNY
    2023-12-31 open Equity:301-资产基金                                CNY
    2023-12-31 open Equity:321-工会资金结转                            CNY
    2023-12-31 open Equity:322-工会资金结余                            CNY
    2023-12-31 open Income:401-会费收入                                CNY
    2023-12-31 open Income:402-拨缴经费收入                            CNY
    2023-12-31 open Income:403-上级补助收入:40302-专项转移支付补助     CNY
    2023-12-31 open Expenses:501-职工活动支出:50102-文体活动支出       CNY
    2023-12-31 open Expenses:501-职工活动支出:50105-会员活动支出       CNY
    2023-12-31 open Expenses:503-职工服务支出:50302-建家活动支出       CNY
    2023-12-31 open Expenses:503-职工服务支出:50304-职工书屋活动支出   CNY
    2023-12-31 open Expenses:505-业务支出:50502-会议支出               CNY

    2023-12-31 * "期初余额"
      voucher: "记-2023-0001"
      Assets:101-库存现金                         1200.00 CNY
      Assets:102-银行存款                       120000.00 CNY
      Equity:321-工会资金结转                    -5000.00 CNY
        fund: "职工书屋建设"
      Equity:322-工会资金结余                  -116200.00 CNY

    2024-01-26 custom "budget" Income:402-拨缴经费收入 "yearly" 60000.00 CNY
      approved: "工会委员会2024年第1次会议"
    2024-01-26 custom "budget" Income:401-会费收入 "yearly" 12000.00 CNY
      approved: "工会委员会2024年第1次会议"
    2024-01-26 custom "budget" Expenses:501-职工活动支出:50102-文体活动支出 "yearly" 10000.00 CNY
      approved: "工会委员会2024年第1次会议"
    2024-01-26 custom "budget" Expenses:501-职工活动支出:50105-会员活动支出 "yearly" 30000.00 CNY
      approved: "工会委员会2024年第1次会议"
    2024-01-26 custom "budget" Expenses:503-职工服务支出 "yearly" 15000.00 CNY
      approved: "工会委员会2024年第1次会议"
    2024-01-26 custom "budget" Expenses:505-业务支出 "yearly" 3000.00 CNY
      approved: "工会委员会2024年第1次会议"

    2024-01-15 * "某某食品公司" "春节慰问品（大米、食用油）"
      voucher: "记-2024-0001"
      Expenses:501-职工活动支出:50105-会员活动支出  9000.00 CNY
      Assets:102-银行存款                          -9000.00 CNY

    2024-02-20 * "某某机械厂" "收到2024年1月工会经费"
      voucher: "记-2024-0002"
      Assets:102-银行存款                          30000.00 CNY
      Income:402-拨缴经费收入                     -30000.00 CNY

    2024-03-12 * "某某体育用品公司" "职工趣味运动会奖品、器材租用"
      voucher: "记-2024-0003"
      Expenses:501-职工活动支出:50102-文体活动支出  18000.00 CNY
      Assets:102-银行存款                          -18000.00 CNY

    2024-04-18 * "某某书店" "职工书屋图书"
      voucher: "记-2024-0004"
      fund: "职工书屋建设"
      Expenses:503-职工服务支出:50304-职工书屋活动支出  4800.00 CNY
      Assets:102-银行存款                          -4800.00 CNY

    2024-05-10 * "某某书店" "职工书屋期刊订阅"
      voucher: "记-2024-0005"
      fund: "职工书屋建设"
      Expenses:503-职工服务支出:50304-职工书屋活动支出  600.00 CNY
      Assets:102-银行存款                            -600.00 CNY

    2024-06-20 * "某某机械厂" "收到2024年2—5月工会经费"
      voucher: "记-2024-0006"
      Assets:102-银行存款                          30000.00 CNY
      Income:402-拨缴经费收入                     -30000.00 CNY

    2024-07-08 * "会费"
      voucher: "记-2024-0007"
      Assets:102-银行存款                          12000.00 CNY
      Income:401-会费收入                         -12000.00 CNY

    2024-09-12 custom "budget" Expenses:501-职工活动支出:50102-文体活动支出 "yearly" 20000.00 CNY
      approved: "工会委员会2024年第4次会议"
      adjustment: TRUE

    2024-11-20 * "某某酒店" "会员代表大会会场"
      voucher: "记-2024-0008"
      Expenses:505-业务支出:50502-会议支出        2600.00 CNY
      Assets:102-银行存款                          -2600.00 CNY

    2025-01-16 * "某某食品公司" "春节慰问品（大米、食用油）"
      voucher: "记-2025-0001"
      Expenses:501-职工活动支出:50105-会员活动支出  9000.00 CNY
      Assets:102-银行存款                          -9000.00 CNY

    2025-03-18 * "某某机械厂" "收到2025年1—2月工会经费"
      voucher: "记-2025-0002"
      Assets:102-银行存款                          30000.00 CNY
      Income:402-拨缴经费收入                     -30000.00 CNY

    2025-08-21 * "某某健身器材公司" "职工之家添置跑步机1台"
      voucher: "记-2025-0003"
      Expenses:503-职工服务支出:50302-建家活动支出  8460.00 CNY
      Assets:102-银行存款                          -8460.00 CNY
    """
    findings = every_rule.run(loaded.book)
    assert not loaded.errors  # Beancount itself is content
    found = sorted((e.rule, e.key, e.amount) for e in findings.open)
    assert found == [
        ("asset-uncapitalized", "记-2025-0003", D("8460.00")),
        ("budget-missing", "2025", D("17460.00")),
        ("budget-retroactive", "记-2024-0003", D("8000.00")),
        ("fund-overspent", "记-2024-0005", D("400.00")),
    ]


def test_the_audit_committee_acknowledges_each_new_finding(loaded: Loaded) -> None:
    """
    option "operating_currency" "CNY"
    2023-12-31 open Assets:102-银行存款
    2023-12-31 open Equity:321-工会资金结转
    2023-12-31 open Income:402-拨缴经费收入
    2023-12-31 open Expenses:501-职工活动支出:50102-文体活动支出
    2023-12-31 open Expenses:503-职工服务支出:50302-建家活动支出
    2024-01-20 custom "budget" Income:402-拨缴经费收入 "yearly" 30000.00 CNY
      approved: "工会委员会2024年第1次会议"
    2024-01-20 custom "budget" Expenses:501-职工活动支出:50102-文体活动支出 "yearly" 10000.00 CNY
      approved: "工会委员会2024年第1次会议"
    2024-01-20 custom "budget" Expenses:503-职工服务支出 "yearly" 10000.00 CNY
      approved: "工会委员会2024年第1次会议"
    2024-02-01 * "拨缴"
      voucher: "记-2024-0001"
      Assets:102-银行存款  30000.00 CNY
      Income:402-拨缴经费收入
    2024-03-12 * "运动会"
      voucher: "记-2024-0002"
      Expenses:501-职工活动支出:50102-文体活动支出  12000.00 CNY
      Assets:102-银行存款
    2024-04-12 * "职工之家添置跑步机1台"
      voucher: "记-2024-0003"
      fund: "职工之家"
      Expenses:503-职工服务支出:50302-建家活动支出  5000.00 CNY
      Assets:102-银行存款
    2024-09-12 custom "budget" Expenses:501-职工活动支出:50102-文体活动支出 "yearly" 20000.00 CNY
      approved: "工会委员会2024年第4次会议"
      adjustment: TRUE
    2025-04-02 * "运动会"
      voucher: "记-2025-0001"
      Expenses:501-职工活动支出:50102-文体活动支出  100.00 CNY
      Assets:102-银行存款
    2025-05-10 custom "ghfund-ack" "budget-retroactive" "记-2024-0002"
      ref: "经审会〔2025〕1号"
    2025-05-10 custom "ghfund-ack" "asset-uncapitalized" "记-2024-0003"
      ref: "经审会〔2025〕1号"
    2025-05-10 custom "ghfund-ack" "fund-overspent" "记-2024-0003"
      ref: "经审会〔2025〕1号"
    2025-05-10 custom "ghfund-ack" "budget-missing" 2025
      ref: "经审会〔2025〕1号"
    """
    findings = every_rule.run(loaded.book)
    assert findings.open == ()
    assert sorted(e.rule for e, _ in findings.acknowledged) == [
        "asset-uncapitalized",
        "budget-missing",
        "budget-retroactive",
        "fund-overspent",
    ]
