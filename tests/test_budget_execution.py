"""Budget semantics and the execution table, with numbers worked out by hand."""

from __future__ import annotations

from decimal import Decimal

from ghfund import budgets
from ghfund.book import Book
from ghfund.reports import budget_execution

D = Decimal

LEDGER = """
option "operating_currency" "CNY"
2024-01-01 open Assets:102-银行存款
2024-01-01 open Income:401-会费收入
2024-01-01 open Income:402-拨缴经费收入
2024-01-01 open Income:408-其他收入
2024-01-01 open Income:403-上级补助收入:40302-专项转移支付补助
2024-01-01 open Expenses:501-职工活动支出:50102-文体活动支出
2024-01-01 open Expenses:505-业务支出:50501-培训支出
2024-01-01 open Expenses:505-业务支出:50502-会议支出
2024-01-01 open Expenses:503-职工服务支出:50304-职工书屋支出
2024-01-01 open Expenses:510-其他支出
2024-01-01 open Equity:322-工会资金结余
2024-01-20 custom "budget" Income:401-会费收入 "yearly" 50000.00 CNY
  approved: "1"
2024-01-20 custom "budget" Income:402-拨缴经费收入 "yearly" 150000.00 CNY
  approved: "1"
2024-01-20 custom "budget" Equity:322-工会资金结余 "yearly" 20000.00 CNY
  approved: "1"
2024-01-20 custom "budget" Expenses:501-职工活动支出:50102-文体活动支出 "yearly" 100000.00 CNY
  approved: "1"
2024-01-20 custom "budget" Expenses:505-业务支出 "yearly" 60000.00 CNY
  approved: "1"
2024-01-20 custom "budget" Expenses:505-业务支出:50501-培训支出 "yearly" 30000.00 CNY
  approved: "1"
2024-07-10 custom "budget" Expenses:501-职工活动支出:50102-文体活动支出 "yearly" 120000.00 CNY
  approved: "4"
  adjustment: TRUE
2024-02-01 * "会费"
  voucher: "1"
  Assets:102-银行存款  48000.00 CNY
  Income:401-会费收入
2024-02-02 * "拨缴"
  voucher: "2"
  Assets:102-银行存款  160000.00 CNY
  Income:402-拨缴经费收入
2024-02-03 * "利息"
  voucher: "3"
  Assets:102-银行存款  1000.00 CNY
  Income:408-其他收入
2024-03-01 * "运动会"
  voucher: "4"
  Expenses:501-职工活动支出:50102-文体活动支出  110000.00 CNY
  Assets:102-银行存款
2024-04-01 * "培训"
  voucher: "5"
  Expenses:505-业务支出:50501-培训支出  32000.00 CNY
  Assets:102-银行存款
2024-04-02 * "会议"
  voucher: "6"
  Expenses:505-业务支出:50502-会议支出  18000.00 CNY
  Assets:102-银行存款
2024-05-01 * "书屋"
  voucher: "7"
  Expenses:503-职工服务支出:50304-职工书屋支出  5000.00 CNY
  Assets:102-银行存款
2024-06-01 * "专项补助"
  voucher: "8"
  Assets:102-银行存款  8000.00 CNY
  Income:403-上级补助收入:40302-专项转移支付补助
2024-06-02 * "书屋（专项）"
  voucher: "9"
  Expenses:503-职工服务支出:50304-职工书屋支出  6000.00 CNY
    fund: "书屋"
  Assets:102-银行存款
2024-12-31 * "结账" #closing
  voucher: "10"
  Income:401-会费收入  48000.00 CNY
  Equity:322-工会资金结余
"""


def load() -> Book:
    from ghfund.ledger import load_string

    return load_string(LEDGER).book


def test_latest_directive_is_effective_first_is_original() -> None:
    lines = {line.account: line for line in budgets.of_book(load())[2024]}
    sports = lines["Expenses:501-职工活动支出:50102-文体活动支出"]
    assert (sports.original, sports.effective, sports.adjusted) == (
        D("100000.00"),
        D("120000.00"),
        True,
    )
    assert lines["Equity:322-工会资金结余"].kind == "draw"


def test_parent_budget_covers_descendants_by_component() -> None:
    year = budgets.of_book(load())[2024]
    assert (
        budgets.covering(year, "Expenses:505-业务支出:50502-会议支出").account
        == "Expenses:505-业务支出"
    )
    assert budgets.covering(year, "Expenses:505-业务支出:50501-培训支出").account.endswith(
        "50501-培训支出"
    )
    assert budgets.covering(year, "Expenses:5050-x") is None  # a string prefix is not a child
    # nested lines count once: 120000 + 60000 (the 50501 line is inside 505)
    assert budgets.totals(year)["expense"] == (D("160000.00"), D("180000.00"))
    assert budgets.totals(year)["income"] == (D("200000.00"), D("200000.00"))


def test_execution_rows_by_hand() -> None:
    rows = {(r.item, r.level): r for r in budget_execution.rows(load(), 2024)}
    income = rows[("收入合计", 0)]
    # 48000 + 160000 + 1000 (unbudgeted) + 8000 (unbudgeted); the #closing entry is left out
    assert income.actual == D("217000.00") and income.adjusted == D("200000.00")
    assert income.rate == D("108.50")
    assert rows[("会费收入", 1)].share == D("22.12")  # 48000 / 217000
    assert rows[("其他收入", 1)].status == "未列预算"
    draw = rows[("工会资金结余", 1)]
    # ordinary spending 165000 − ordinary income 209000 < 0: nothing actually drawn
    assert (draw.adjusted, draw.actual) == (D("20000.00"), D("0.00"))
    planned = rows[("预计收入总额", 0)]
    assert (planned.adjusted, planned.actual) == (D("220000.00"), D("217000.00"))
    sports = rows[("文体活动支出", 2)]  # a 项 under its 款 501
    assert (sports.original, sports.adjusted, sports.actual) == (
        D("100000.00"),
        D("120000.00"),
        D("110000.00"),
    )
    assert sports.difference == D("-10000.00") and sports.rate == D("91.67")
    assert sports.status == "已调整"
    business = rows[("业务支出", 1)]
    assert business.actual == D("50000.00")  # 32000 + 18000 under the parent line
    training = rows[("培训支出", 2)]
    assert training.status == "超支" and training.difference == D("2000.00")
    books = rows[("职工书屋支出", 2)]
    assert books.status == "未列预算" and books.actual == D("11000.00")
    spending = rows[("支出合计", 0)]
    assert spending.actual == D("171000.00")  # 110000 + 50000 + 11000, the 50501 line once
    assert spending.adjusted == D("180000.00")
    assert sports.share == D("64.33")  # 110000 / 171000
    # 款 subtotals: 501 and 503 stand over their 项; 505 is a budget line of its own
    activities = rows[("职工活动支出", 1)]
    assert (activities.code, activities.original, activities.adjusted, activities.actual) == (
        "501",
        D("100000.00"),
        D("120000.00"),
        D("110000.00"),
    )
    service = rows[("职工服务支出", 1)]
    assert (service.original, service.adjusted, service.actual) == (None, None, D("11000.00"))
    assert ("业务支出", 1) in rows and ("业务支出", 2) not in rows
    subsidy = rows[("上级补助收入", 1)]
    assert subsidy.code == "403" and subsidy.actual == D("8000.00")
    assert rows[("专项转移支付补助", 2)].status == "未列预算"
    # the bottom block: 本年结余 budgeted 200000 − 180000 (adjusted), actual 217000 − 171000;
    # the book opens with nothing, so 上年结余 is nil and 期末滚存结余 is the year's result
    result, before, end = rows[("本年结余", 0)], rows[("上年结余", 0)], rows[("期末滚存结余", 0)]
    assert (result.original, result.adjusted, result.actual) == (
        D("40000.00"),
        D("20000.00"),
        D("46000.00"),
    )
    assert result.rate is None and result.difference is None
    assert before.actual == D("0.00") and end.actual == D("46000.00")


def test_table_has_the_declared_columns() -> None:
    table = budget_execution.build(load(), 2024)
    assert [c.title for c in table.columns][:7] == [
        "项目",
        "科目编码",
        "年初预算",
        "调整后预算",
        "实际",
        "差额",
        "完成率/执行率",
    ]
    assert table.records()[0]["item"] == "收入合计"
    assert budget_execution.build(load(), 2023).notes == ('2023 年度没有 "yearly" 预算指令。',)


def test_a_line_added_by_the_adjustment_starts_from_zero(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 open Income:403-上级补助收入:40302-专项转移支付补助
    2024-07-10 custom "budget" Income:403-上级补助收入:40302-专项转移支付补助 "yearly" 50000.00 CNY
      approved: "工会委员会2024年第4次会议"
      adjustment: TRUE
    """
    (line,) = budgets.of_book(book)[2024]
    assert (line.original, line.effective, line.adjusted) == (D("0.00"), D("50000.00"), True)


def test_the_original_total_leaves_out_lines_added_by_the_adjustment(book: Book) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 open Expenses:505-业务支出:50501-培训支出
    2024-01-20 custom "budget" Expenses:505-业务支出:50501-培训支出 "yearly" 30000.00 CNY
      approved: "工会委员会2024年第1次会议"
    2024-07-10 custom "budget" Expenses:505-业务支出 "yearly" 45000.00 CNY
      approved: "工会委员会2024年第4次会议"
      adjustment: TRUE
    """
    # in January only 50501 existed (30000); after July the new 505 line contains it
    assert budgets.totals(budgets.of_book(book)[2024])["expense"] == (
        D("30000.00"),
        D("45000.00"),
    )
    rows = {(r.item, r.level): r for r in budget_execution.rows(book, 2024)}
    assert (rows[("支出合计", 0)].original, rows[("支出合计", 0)].adjusted) == (
        D("30000.00"),
        D("45000.00"),
    )
    assert rows[("业务支出", 1)].original == D("0.00")
    assert rows[("培训支出", 2)].original == D("30000.00")
