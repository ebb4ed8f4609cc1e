"""``audit --year``'s assurance tables: 慰问标准执行情况, 账卡相符, and the 结余率."""

from __future__ import annotations

from decimal import Decimal

from ghfund.ledger import Loaded
from ghfund.reports import review, review_draft

D = Decimal


def test_gifts_against_their_standards_cards_against_the_books(loaded: Loaded) -> None:
    """
    option "operating_currency" "CNY"
    plugin "ghfund.plugins.all"
    2024-12-31 open Assets:102-银行存款
    2024-12-31 open Assets:162-固定资产
    2024-12-31 open Assets:163-累计折旧
    2024-12-31 open Equity:301-资产基金
    2024-12-31 open Equity:322-工会资金结余
    2024-12-31 open Income:402-拨缴经费收入
    2024-12-31 open Expenses:501-职工活动支出:50105-会员活动支出
    2025-01-01 custom "ghfund-option" "standards" "anhui-2025"
    2024-12-31 * "期初余额"
      voucher: "记-2024-0099"
      Assets:102-银行存款  400000.00 CNY
      Assets:162-固定资产    5000.00 CNY
      Equity:301-资产基金   -5000.00 CNY
      Equity:322-工会资金结余
    2025-01-10 * "某某公司" "收到工会经费"
      voucher: "记-2025-0001"
      Assets:102-银行存款  100000.00 CNY
      Income:402-拨缴经费收入
    2025-01-20 * "春节慰问"
      voucher: "记-2025-0002"
      event: "节日慰问"
      headcount: 121
      form: "实物"
      Expenses:501-职工活动支出:50105-会员活动支出    60500.00 CNY
      Assets:102-银行存款
    2025-09-20 * "中秋慰问"
      voucher: "记-2025-0003"
      event: "节日慰问"
      headcount: 121
      form: "实物"
      Expenses:501-职工活动支出:50105-会员活动支出   242000.00 CNY
      Assets:102-银行存款
    2025-05-12 * "生日慰问（5月，蛋糕券）"
      voucher: "记-2025-0004"
      event: "生日慰问"
      headcount: 10
      form: "提货券"
      Expenses:501-职工活动支出:50105-会员活动支出     2000.00 CNY
      Assets:102-银行存款
    2025-06-10 * "购置投影仪"
      voucher: "记-2025-0005"
      Assets:162-固定资产   3600.00 CNY
        asset: "投影仪"
        category: "通用设备"
        life: 5
        tag: "ZC-001"
      Equity:301-资产基金  -3600.00 CNY
    2026-01-08 custom "ghfund-stocktake" 2026-01-06
      result: "账实相符，投影仪在用"
    """
    report = review.report(loaded, 2025)
    draft = review_draft.report(loaded, 2025)
    (evaluation,) = draft.table("evaluation").notes
    assert evaluation.endswith(
        "但存在本报告第五部分所列问题；部分慰问支出超过标准、固定资产账卡不符，需要整改。"
    )
    spending = draft.table("spending").notes
    assert (
        "慰问支出 304,500.00 元（节日慰问、生日慰问），超过标准的：节日慰问（人均 2,500.00 元，"
        "标准：节日慰问每人每年 2,000.00 元）。" in spending
    )
    gifts = {str(r["event"]): r for r in report.table("gift_standards").records()}
    festival, birthday = gifts["节日慰问"], gifts["生日慰问"]
    # 60,500 ÷ 121 = 500 plus 242,000 ÷ 121 = 2,000: 2,500 a member over 2,000 a year
    assert (festival["count"], festival["headcount"], D(str(festival["amount"]))) == (
        2,
        242,
        D("302500.00"),
    )
    assert D(str(festival["per_head"])) == D("2500.00") and festival["over"] == "是"
    assert festival["standard"] == "节日慰问每人每年 2,000.00 元"
    assert D(str(birthday["per_head"])) == D("200.00") and birthday["over"] == "否"
    assert report.table("gift_standards").marks() == [True, False]
    cards = report.table("cards_and_books")
    lines = {str(r["item"]): r for r in cards.records()}
    cost = lines["固定资产原值（162）"]
    # the opening 5,000.00 has no card: the books hold 8,600.00, the one card 3,600.00
    assert [D(str(cost[k])) for k in ("cards", "books", "difference")] == [
        D("3600.00"),
        D("8600.00"),
        D("5000.00"),
    ]
    assert cards.notes[0].startswith("账卡不符")
    assert "ZC-001 投影仪（本年折旧为零）" in cards.notes[1]
    # a count in January is the year-end count of the year before (as asset-count-missing)
    assert cards.notes[2] == "资产清查盘点：2026-01-06 账实相符，投影仪在用。"
    # 年末 400,000.00 + 100,000.00 − 304,500.00 = 195,500.00; ÷ 304,500.00 = 64.20%
    assert (
        "结余率（年末结余 ÷ 本年支出）：195,500.00 ÷ 304,500.00 = 64.20%。"
        in report.table("reconciliation").notes
    )
