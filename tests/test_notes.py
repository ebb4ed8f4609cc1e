"""附注: fixed assets, earmarked funds, findings and budget summary, checked by hand."""

from __future__ import annotations

import textwrap
from decimal import Decimal

from ghfund.ledger import Loaded, load_string
from ghfund.reports import notes, review
from ghfund.reports.model import Table
from tests.books import CLOSING_2024, END_2024, END_2025, OPENS, YEAR_2024, YEAR_2025

D = Decimal


def loaded_of(*parts: str) -> Loaded:
    return load_string(textwrap.dedent("".join(parts)))


def text(value: object) -> str | None:
    """A text cell, None when blank (pandas may hold a missing text as NaN)."""
    return value if isinstance(value, str) else None


def rows(table: Table) -> dict[str, dict[str, object]]:
    return {str(record["item"]): record for record in table.records()}


def test_fixed_assets_start_changes_end() -> None:
    loaded = loaded_of(OPENS, YEAR_2024, YEAR_2025)
    table, _ = notes.fixed_assets(loaded, 2024)
    lines = rows(table)
    assert lines["固定资产原值"] == {
        "item": "固定资产原值",
        "start": D("12000.00"),
        "increase": D("5000.00"),
        "decrease": D("0"),
        "end": D("12000.00") + 5000,
    }
    assert (lines["累计折旧"]["start"], lines["累计折旧"]["increase"]) == (
        D("3000.00"),
        D("2400.00"),
    )
    assert lines["累计折旧"]["end"] == END_2024["depreciation"]
    net = lines["固定资产净值"]
    assert (net["start"], net["end"]) == (D("12000.00") - 3000, END_2024["cost"] - D("5400.00"))
    assert net["increase"] is None and net["decrease"] is None
    assert table.notes[0] == "本年新增：2024-06-01 记-2024-0007 办公电脑 5,000.00"
    later, _ = notes.fixed_assets(loaded, 2025)
    assert rows(later)["累计折旧"]["end"] == END_2025["depreciation"]
    assert later.notes[0] == "本年没有新增固定资产。"


def test_a_disposal_reduces_cost_and_depreciation() -> None:
    loaded = loaded_of(
        OPENS,
        YEAR_2024,
        """
2024-12-31 open Assets:182-待处理财产损溢
2024-12-31 * "报废旧电脑"
  voucher: "记-2024-0020"
  Equity:301-资产基金          1000.00 CNY
  Assets:163-累计折旧           2000.00 CNY
  Assets:162-固定资产          -3000.00 CNY
""",
    )
    lines = rows(notes.fixed_assets(loaded, 2024)[0])
    assert (lines["固定资产原值"]["decrease"], lines["固定资产原值"]["end"]) == (
        D("3000.00"),
        D("12000.00") + 5000 - 3000,
    )
    assert (lines["累计折旧"]["decrease"], lines["累计折旧"]["end"]) == (
        D("2000.00"),
        D("3000.00") + 2400 - 2000,
    )


def test_earmarked_funds_reconcile_with_321() -> None:
    loaded = loaded_of(OPENS, YEAR_2024, YEAR_2025)
    (table,) = notes.earmarked_funds(loaded, 2025)
    lines = rows(table)
    books = lines["书屋"]
    assert [books[k] for k in ("start", "received", "spent", "adjusted", "end")] == [
        D("8000.00") - 6000,
        D("0"),
        D("1200.00"),
        D("0"),
        D("8000.00") - 6000 - 1200,
    ]
    opening = lines[notes.UNASSIGNED]
    assert (opening["start"], opening["end"]) == (D("1500.00"), D("1500.00"))
    assert lines["合计"]["end"] == END_2025["carried"]
    assert table.notes == (
        f"年末结转合计 {END_2025['carried']:,.2f} 与资产负债表“工会资金结转”年末余额相符。",
    )
    (first,) = notes.earmarked_funds(loaded, 2024)
    assert [rows(first)["书屋"][k] for k in ("start", "received", "spent", "end")] == [
        D("0"),
        D("8000.00"),
        D("6000.00"),
        D("2000.00"),
    ]


def test_closing_entries_leave_the_funds_table_alone() -> None:
    plain = notes.earmarked_funds(loaded_of(OPENS, YEAR_2024, YEAR_2025), 2025)[0]
    closed = notes.earmarked_funds(loaded_of(OPENS, YEAR_2024, CLOSING_2024, YEAR_2025), 2025)[0]
    assert closed.records() == plain.records() and closed.notes == plain.notes
    wrong = CLOSING_2024.replace('    fund: "书屋"\n', "")
    (mixed,) = notes.earmarked_funds(loaded_of(OPENS, YEAR_2024, wrong, YEAR_2025), 2025)
    # the balance sheet counts the 6000 of earmarked spending twice (2300 − 6000)
    assert "年末余额 -3,700.00 相差 6,000.00" in mixed.notes[0]


def test_no_earmarked_money() -> None:
    loaded = loaded_of(
        """
option "operating_currency" "CNY"
2024-01-01 open Assets:102-银行存款
2024-01-01 open Income:401-会费收入
2024-02-01 * "会费"
  voucher: "1"
  Assets:102-银行存款  10.00 CNY
  Income:401-会费收入
"""
    )
    (table,) = notes.earmarked_funds(loaded, 2024)
    assert [record["item"] for record in table.records()] == ["合计"]
    assert table.notes == ("本年没有专项资金。",)


FINDINGS = """
option "operating_currency" "CNY"
2023-12-31 open Assets:102-银行存款
2023-12-31 open Income:408-其他收入
2024-03-21 * "利息"
  voucher: "记-2024-0001"
  Assets:102-银行存款  10.00 CNY
  Income:408-其他收入
2024-06-21 * "利息"
  voucher: "记-2024-0001"
  Assets:102-银行存款  12.00 CNY
  Income:408-其他收入
2024-09-21 * "利息"
  Assets:102-银行存款  13.00 CNY
  Income:408-其他收入
2025-01-01 balance Assets:102-银行存款  40.00 CNY
2025-03-21 * "利息"
  voucher: "记-2025-0001"
  Assets:102-银行存款  14.00 CNY
  Income:408-其他收入
2025-03-21 * "利息"
  voucher: "记-2025-0001"
  Assets:102-银行存款  15.00 CNY
  Income:408-其他收入
2025-04-01 custom "ghfund-ack" "voucher-duplicate" "记-2024-0001"
  ref: "经审会〔2025〕2号"
"""


def findings(loaded: Loaded, year: int) -> Table:
    """The year's findings: the audit review lists them (the annual notes no longer do)."""
    return review.report(loaded, year).table("findings")


def test_findings_of_the_year_with_their_disposition() -> None:
    loaded = loaded_of(FINDINGS)
    table = findings(loaded, 2024)
    records = table.records()
    assert [(r["rule"], r["status"], text(r["ref"])) for r in records] == [
        ("voucher-missing", "未处理", None),
        ("voucher-duplicate", "已说明", "经审会〔2025〕2号"),
    ]
    assert str(records[1]["date"]) == "2024-06-21"
    assert table.notes == ("未处理 1 项，经审会已处理 1 项（已说明 1 项）。",)
    assert table.period == "2024年度"
    later = findings(loaded, 2025)
    assert [(r["rule"], r["status"], str(r["date"])) for r in later.records()] == [
        ("beancount", "未处理", "2025-01-01"),  # balance 40.00 asserted, 35.00 in the bank
        # reconciled at the end of 2024 (the assertion of 2025-01-01), not in March, the
        # month it moved (January and February, without movement, keep that balance)
        ("bank-unreconciled", "未处理", "2025-03-31"),
        ("voucher-duplicate", "未处理", "2025-03-21"),
    ]


def test_a_syntax_error_belongs_to_every_year() -> None:
    loaded = loaded_of(FINDINGS + "2025-05-01 * unquoted narration\n")
    for year in (2024, 2025):
        rules = [r["rule"] for r in findings(loaded, year).records()]
        # the stray line is two lexer errors, undated; 2025 also has its balance error
        assert rules.count("beancount") == (2 if year == 2024 else 3)


def test_budget_summary_names_overruns_and_unbudgeted_lines() -> None:
    loaded = loaded_of(
        OPENS,
        YEAR_2024,
        """
2024-01-10 custom "budget" Income:402-拨缴经费收入 "yearly" 5000.00 CNY
  approved: "1"
2024-01-10 custom "budget" Expenses:501-职工活动支出 "yearly" 2500.00 CNY
  approved: "1"
2024-01-10 custom "budget" Expenses:507-资本性支出 "yearly" 4000.00 CNY
  approved: "1"
2024-05-20 custom "budget" Expenses:507-资本性支出 "yearly" 6000.00 CNY
  approved: "2"
  adjustment: TRUE
""",
    )
    (table,) = notes.budget_summary(loaded, 2024)
    lines = rows(table)
    assert [record["item"] for record in table.records()] == [
        "收入合计",
        "动用结余合计",
        "预计收入总额",
        "支出合计",
        "本年结余",
        "上年结余",
        "期末滚存结余",
    ]
    # 14535.50 − 14300.00; 1500.00 + 95300.00 at the start; their sum is 工会01表's 321 + 322
    assert lines["本年结余"]["actual"] == D("235.50")
    assert lines["上年结余"]["actual"] == D("96800.00")
    assert lines["期末滚存结余"]["actual"] == D("97035.50")
    assert "收入合计：实际 14,535.50，调整后预算 5,000.00，完成率 290.71%。" in table.notes
    income = lines["收入合计"]  # 6000 budgeted-and-received + 500 + 8000 + 35.50 unbudgeted
    assert (income["adjusted"], income["actual"]) == (D("5000.00"), D("14535.50"))
    assert income["rate"] == D("290.71")  # 14535.50 / 5000, two decimals half up
    spending = lines["支出合计"]  # 3000 + 5000 budgeted; 6000 + 300 unbudgeted
    assert (spending["original"], spending["adjusted"], spending["actual"]) == (
        D("6500.00"),
        D("8500.00"),
        D("14300.00"),
    )
    assert "超支：会员活动支出" not in " ".join(table.notes)  # 501 is the budget line
    assert "超支：职工活动支出 实际 3,000.00，调整后预算 2,500.00，超出 500.00。" in table.notes
    assert any(
        n.startswith("未列预算的收支：") and "职工书屋支出 6,000.00" in n for n in table.notes
    )
    assert "年中调整预算的项目 1 项：资本性支出。" in table.notes


def test_all_eight_items_in_the_order_of_the_system() -> None:
    """Every item is present, "无" where nothing applies; without payroll data item 2 has no
    allocation tables; findings are not in the notes (the audit reports list them)."""
    tables = notes.build(loaded_of(OPENS, YEAR_2024), 2024)
    assert [t.title for t in tables] == [
        "附注一 遵循《工会会计制度》的声明",
        "附注二 财务状况",
        "附注二 预算执行情况",
        "附注三 会计政策和会计估计",
        "附注四 货币资金明细",
        "附注四 收入明细",
        "附注四 支出明细",
        "附注四 应付上级经费和其他应付款变动",
        "附注四 固定资产",
        "附注四 固定资产分类",
        "附注四 专项资金",
        "附注五 重大资产处置和损失",
        "附注六 以名义金额计量的资产",
        "附注七 以前年度结转结余调整",
        "附注八 其他需要说明的事项",
    ]
    by_name = {t.name: t for t in tables}
    for name in ("notes_disposals", "notes_nominal", "notes_adjustments"):
        assert by_name[name].rows.empty and by_name[name].notes == ("无。",)


CARDS = """
option "operating_currency" "CNY"
2023-12-31 open Assets:102-银行存款
2023-12-31 open Assets:162-固定资产
2023-12-31 open Assets:163-累计折旧
2023-12-31 open Equity:301-资产基金
2023-12-31 open Equity:322-工会资金结余
2023-12-31 open Expenses:507-资本性支出:50702-办公设备购置
2023-12-31 * "期初余额"
  voucher: "期初"
  Assets:102-银行存款   50000.00 CNY
  Assets:162-固定资产    9000.00 CNY
  Assets:162-固定资产    3000.00 CNY
    asset: "打印机"
    category: "通用设备"
    life: 6
    acquired: 2022-01-10
  Equity:301-资产基金  -12000.00 CNY
  Equity:322-工会资金结余
2024-05-06 * "购置电脑"
  voucher: "记-2024-0001"
  Expenses:507-资本性支出:50702-办公设备购置  7200.00 CNY
  Assets:102-银行存款  -7200.00 CNY
  Assets:162-固定资产   7200.00 CNY
    asset: "电脑"
    category: "通用设备"
    life: 6
  Equity:301-资产基金  -7200.00 CNY
2024-06-30 * "购置投影仪"
  voucher: "记-2024-0002"
  Expenses:507-资本性支出:50702-办公设备购置  4000.00 CNY
  Assets:102-银行存款  -4000.00 CNY
  Assets:162-固定资产   4000.00 CNY
    asset: "投影仪"
    category: "专用设备"
    life: 5
  Equity:301-资产基金  -4000.00 CNY
2024-11-20 * "报废打印机"
  voucher: "记-2024-0003"
  Equity:301-资产基金   3000.00 CNY
  Assets:162-固定资产  -3000.00 CNY
    asset: "打印机"
"""


def test_fixed_assets_by_category_with_counts_add_up_to_the_balance_sheet() -> None:
    """通用设备: 打印机 3,000.00 held at the start and scrapped in November, 电脑 7,200.00
    bought: one held at the end. 专用设备: 投影仪 4,000.00. 9,000.00 of the opening 162 has
    no card: its own row, so the rows add up to 固定资产原值 (12,000.00 → 20,200.00)."""
    loaded = loaded_of(CARDS)
    table = notes.by_category(loaded.book, 2024)
    lines = {
        r["item"]: (r["count"], r["start"], r["increase"], r["decrease"], r["end"])
        for r in table.records()
    }
    assert lines["通用设备"] == (1, D("3000.00"), D("7200.00"), D("3000.00"), D("7200.00"))
    assert lines["专用设备"] == (1, D("0.00"), D("4000.00"), D("0.00"), D("4000.00"))
    assert lines["未登记卡片"] == (None, D("9000.00"), None, None, D("9000.00"))
    assert lines["合计"] == (2, D("12000.00"), None, None, D("20200.00"))
    assert any("年末 9,000.00 元" in note for note in table.notes)


def test_the_capital_thresholds_stated_are_the_books() -> None:
    """附注三 states the thresholds in force at the year's end: the defaults, or the options."""
    from ghfund.reports import note_policies

    default = note_policies.policies(loaded_of(OPENS, YEAR_2024), 2024)
    assert any("1,000.00 元以上的通用设备、1,500.00 元以上的专用设备" in line for line in default)
    options = (
        '2024-01-01 custom "ghfund-option" "capital-threshold" 2000.00 CNY\n'
        '2024-01-01 custom "ghfund-option" "capital-threshold-special" 3000.00 CNY\n'
    )
    lines = note_policies.policies(loaded_of(OPENS, options, YEAR_2024), 2024)
    assert any("2,000.00 元以上的通用设备、3,000.00 元以上的专用设备" in line for line in lines)
