"""The departure audit and the annual review on a hand-built book, against arithmetic done here.

张三 is chairman from 2024-04-01 to 2025-03-31, a term over two calendar years. Before
it: the opening balances and one dues receipt; after it: one large expense.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from ghfund.closing import fund_balances
from ghfund.ledger import Loaded, load_file, load_string
from ghfund.reports import departure, review, statements
from ghfund.reports.model import Report, Table
from tests.books import AUDIT_BOOK as BOOK
from tests.support import ROOT

D = Decimal


@pytest.fixture(scope="module")
def loaded() -> Loaded:
    return load_string(BOOK)


def rows(table: Table) -> dict[str, dict[str, object]]:
    return {str(row["item"]): row for row in table.records()}


@pytest.fixture(scope="module")
def term(loaded: Loaded) -> Report:
    return departure.report(loaded, "张三")


def test_scope_says_which_audit_and_that_it_is_in_time_and_whole(term: Report) -> None:
    scope = {item: row["value"] for item, row in rows(term.table("scope")).items()}
    assert scope["任期开始"] == "2024-04-01" and scope["任期结束"] == "2025-03-31"
    assert scope["离任审计期限"] == "2025-06-29（离任后 90 天）"
    assert scope["离任审计"] == (
        "2025-05-20 经审〔2025〕2号，范围 2024-04-01 至 2025-03-31（离任后 50 天，按期）"
    )
    assert scope["审计范围"] == "覆盖整个任期"
    assert term.period == "2024-04-01 至 2025-03-31"


def test_balance_sheets_at_the_day_before_the_term_and_at_its_end(term: Report) -> None:
    sheet = rows(term.table("balance_sheet"))
    # 2024-03-31: 102 = 100,000 + 1,000 dues; 322 = 98,000 + 1,000
    # 2025-03-31: 102 = 101,000 + 5,000 − 6,000 − 3,000 − 500 − 4,000 + 100 + 2,000 − 1,200 + 800
    expected = {
        "货币资金": (D("101000.00"), D("94200.00")),
        "其他应收款": (D(0), D("500.00")),
        "固定资产净值": (D("12000.00"), D("14400.00")),  # + 3,000 bought − 600 depreciation
        "资产总计": (D("113000.00"), D("109100.00")),
        "应付上级经费": (D("2000.00"), D(0)),  # 2,000 + 2,000 − 4,000
        "其他应付款": (D(0), D("800.00")),
        "资产基金": (D("12000.00"), D("14400.00")),
        "工会资金结转": (D(0), D("800.00")),  # 2,000 earmarked − 1,200
        "工会资金结余": (D("99000.00"), D("93100.00")),  # + 3,000 + 100 − 6,000 − 3,000
        "负债与净资产总计": (D("113000.00"), D("109100.00")),
    }
    for item, (start, end) in expected.items():
        assert (sheet[item]["start"], sheet[item]["end"]) == (start, end), item
        assert sheet[item]["change"] == end - start
    columns = [column.title for column in term.table("balance_sheet").columns]
    assert columns == ["项目", "任期初余额", "任期末余额", "增减"]


def test_income_and_spending_over_the_term_and_its_two_years(term: Report) -> None:
    table = term.table("income_expenditure")
    assert [c.title for c in table.columns] == [
        "项目",
        "任期合计",
        "2024-04-01至2024-12-31",
        "2025-01-01至2025-03-31",
    ]
    lines = rows(table)

    def line(item: str) -> tuple[object, object, object]:
        return lines[item]["term"], lines[item]["2024"], lines[item]["2025"]

    assert line("一、年初资金结转结余") == (D("99000.00"), D("99000.00"), D("93100.00"))
    assert line("二、资金结转结余调整及变动") == (D("100.00"), D("100.00"), D(0))
    assert line("（二）拨缴经费收入") == (D("3000.00"), D("3000.00"), D(0))
    assert line("（三）上级补助收入") == (D("2000.00"), D(0), D("2000.00"))
    assert line("（一）会费收入") == (D(0), D(0), D(0))  # received before the term
    assert line("四、支出合计") == (D("10200.00"), D("9000.00"), D("1200.00"))
    assert line("（五）业务支出") == (D("1200.00"), D(0), D("1200.00"))  # not April's 7,000
    assert line("五、本期收支差额") == (D("-5200.00"), D("-6000.00"), D("800.00"))
    assert line("（一）年末资金结转") == (D("800.00"), D(0), D("800.00"))
    assert line("（二）年末资金结余") == (D("93100.00"), D("93100.00"), D("93100.00"))
    assert "相符" in table.notes[0]


def test_budgets_of_both_years_are_whole_years_said_partial(term: Report) -> None:
    budgets = [t for t in term.tables if t.name.startswith("budget_execution_")]
    assert [t.name for t in budgets] == ["budget_execution_2024", "budget_execution_2025"]
    assert "任期只含本年度 2024-04-01 至 2024-12-31；表中为全年数。" in budgets[0].notes
    assert "任期只含本年度 2025-01-01 至 2025-03-31；表中为全年数。" in budgets[1].notes
    spending = rows(budgets[1])["支出合计"]["actual"]
    assert spending == D("8200.00")  # the whole of 2025: 1,200 in the term + 7,000 after it


def test_funding_over_the_term_s_payroll_months(term: Report) -> None:
    summary = {item: row["amount"] for item, row in rows(term.table("funding_summary")).items()}
    assert summary["应拨缴经费"] == D("5000.00")  # 2% of 250,000 for April 2024
    assert summary["应上解经费"] == summary["已上解经费"] == D("2000.00")
    months = term.table("funding_months")
    assert [row["month"] for row in months.records()] == ["2024-04", "合计"]
    assert "2025-03-31 应付上级经费（211）余额 0.00 元。" in months.notes


def test_findings_in_the_term_and_exit_status(term: Report, loaded: Loaded) -> None:
    listed = term.table("findings").records()
    # the April upward share (credited 2024-05-15, due 2024-06-14) went up on 2024-09-01;
    # the opening balance's late remittance is dated before the term
    assert [(r["rule"], r["voucher"], r["amount"]) for r in listed] == [
        ("remittance-late", "记-2024-0003", D("2000.00"))
    ]
    assert list(term.problems) == ["任期内有 1 项未处理的发现，可用 ghfund check 查看"]


def test_large_items_open_items_and_fixed_assets(term: Report) -> None:
    large = term.table("large_items").records()
    assert [(r["voucher"], r["amount"], r["decision"]) for r in large] == [
        ("记-2024-0002", D("6000.00"), "工会委员会2024年第1次会议纪要")
    ]
    items = rows(term.table("open_items"))
    assert items["应收款项合计"]["balance"] == D("500.00")
    assert items["Assets:135-其他应收款"]["last"] == datetime.date(2024, 8, 1)
    assert items["应付款项合计"]["balance"] == D("800.00")
    assert "Liabilities:211-应付上级经费" not in items  # settled
    assets = rows(term.table("fixed_assets"))
    assert assets["固定资产原值"]["start"] == D("12000.00")
    assert assets["固定资产原值"]["increase"] == D("3000.00")
    assert assets["累计折旧"]["increase"] == D("600.00")
    assert assets["固定资产净值"]["end"] == D("14400.00")


def test_review_rates_shares_and_reconciliation(loaded: Loaded) -> None:
    report = review.report(loaded, 2024)
    shares = rows(report.table("structure"))
    assert shares["收入合计"]["current"] == D("4000.00")
    assert shares["会费收入"]["share"] == D("25.00") and shares["拨缴经费收入"]["share"] == D(
        "75.00"
    )
    assert shares["职工活动支出"]["share"] == D("66.67")  # 6,000 / 9,000
    assert shares["资本性支出"]["share"] == D("33.33")
    check = rows(report.table("reconciliation"))
    assert check["年初余额"]["retained"] == D("98000.00")
    assert check["年初 + 收入 − 支出"]["total"] == D("93000.00")  # 98,000 + 4,000 − 9,000
    assert check["年末余额"]["total"] == D("93100.00")
    assert check["差额（年末 − 上式）"]["total"] == D("100.00")
    assert check["其中：调整及变动"]["retained"] == D("100.00")
    assert check["其中：未能解释的差额"]["total"] == D(0)
    notes = report.table("reconciliation").notes
    assert "调整及变动：2024-11-30 记-2024-0007 补记以前年度利息 工会资金结余 100.00" in notes


def test_review_money_against_fund_balance(loaded: Loaded) -> None:
    money = rows(review.report(loaded, 2024).table("money"))
    # end of 2024: 93,100 fund + 0 payable + 14,400 asset fund − 500 receivable − 14,400 assets
    assert money["工会资金结转结余"]["end"] == D("93100.00")
    assert money["减：其他应收款"]["end"] == D("500.00")
    assert money["货币资金（按上列推算）"]["end"] == D("92600.00")
    assert money["货币资金（账面）"]["end"] == D("92600.00")
    assert money["差额"]["end"] == D(0)
    assert money["加：应付上级经费"]["start"] == D("2000.00")


def test_review_funding_findings_and_large_items(loaded: Loaded) -> None:
    report = review.report(loaded, 2024)
    completion = rows(report.table("funding_completion"))
    assert (completion["拨缴经费"]["due"], completion["拨缴经费"]["rate"]) == (
        D("5000.00"),
        D("100.00"),
    )
    assert "会费" not in completion  # no dues base in the payroll data
    assert any(
        "占单位拨缴月份实收拨缴经费 5,000.00 元的 40.00%" in n
        for n in report.table("funding_completion").notes
    )
    by_rule = {row["rule"]: row for row in report.table("findings_by_rule").records()}
    assert (by_rule["remittance-late"]["open"], by_rule["remittance-late"]["open_amount"]) == (
        1,
        D("2000.00"),
    )
    assert by_rule["合计"]["open"] == 1
    assert [r["voucher"] for r in report.table("large_items").records()] == ["记-2024-0002"]
    assert list(report.problems) == ["2024 年度有 1 项未处理的发现，可用 ghfund check 查看"]


def test_the_term_columns_agree_with_the_annual_statements() -> None:
    example = load_file(ROOT / "ledgers" / "example" / "main.beancount")
    flows = rows(departure.report(example, "张三").table("income_expenditure"))
    annual = rows(statements.income_expenditure(example.book, 2024))
    for item, line in annual.items():
        assert (flows[item]["2024"], flows[item]["2023"]) == (line["current"], line["previous"])
        if item.startswith(("三", "四", "五", "（")) and "年" not in item:
            parts = sum(D(str(flows[item][year])) for year in ("2023", "2024", "2025"))
            assert flows[item]["term"] == parts, item
    virtual = fund_balances(example.book, datetime.date(2025, 6, 30))
    assert flows["（一）年末资金结转"]["term"] == virtual.carried
    assert flows["（二）年末资金结余"]["term"] == virtual.retained


OFFICERS = """
option "operating_currency" "CNY"
2022-12-31 open Assets:102-银行存款
2022-12-31 open Equity:322-工会资金结余
2022-12-31 * "期初余额"
  voucher: "期初"
  Assets:102-银行存款  1000.00 CNY
  Equity:322-工会资金结余
2021-06-01 custom "ghfund-officer" "张三" "主席"
2023-06-30 custom "ghfund-officer-end" "张三" "主席"
2023-03-31 custom "ghfund-officer-end" "赵六" "财务负责人"
2023-07-01 custom "ghfund-officer" "李四" "主席"
2024-07-01 custom "ghfund-officer" "李四" "主席"
2023-07-01 custom "ghfund-officer" "张三" "财务负责人"
2024-01-31 open Assets:101-库存现金
"""


def scope_of(loaded: Loaded, person: str, role: str | None = None) -> dict[str, object]:
    report = departure.report(loaded, person, role)
    return {row["item"]: row["value"] for row in report.table("scope").records()}


def test_a_term_begun_before_the_book_is_reported_from_its_first_day() -> None:
    loaded = load_string(OFFICERS)
    scope = scope_of(loaded, "张三", "主席")
    assert scope["任期开始"] == "2021-06-01"
    assert (
        scope["资料期间"]
        == "2023-01-01 至 2023-06-30（账本自 2023-01-01 起，此前的任期不在账本中）"
    )
    assert scope["离任审计期限"] == "2023-09-28（离任后 90 天）"
    assert scope["离任审计"] == "尚无记录，已逾期"  # the book runs to 2024-07-01
    report = departure.report(loaded, "张三", "主席")
    listed = [(r["rule"], r["voucher"]) for r in report.table("findings").records()]
    assert ("departure-audit-missing", None) in listed
    assert list(report.problems) == ["任期内有 1 项未处理的发现，可用 ghfund check 查看"]
    unknown = scope_of(loaded, "赵六")
    assert unknown["任期开始"] == "没有记录（任职早于本账），按账本起始日 2023-01-01 计"
    assert str(unknown["须离任审计"]).startswith("否")


def test_an_open_term_runs_to_the_book_s_last_date_and_re_elections_are_one_term() -> None:
    loaded = load_string(OFFICERS)
    report = departure.report(loaded, "李四")
    scope = {row["item"]: row["value"] for row in report.table("scope").records()}
    assert scope["任期结束"] == "在任（没有离任记录），本资料截至账本最后日期 2024-07-01"
    assert scope["连任"] == "2024-07-01 再次任职，按一个连续任期计"
    assert report.period == "2023-07-01 至 2024-07-01"
    sheet = rows(report.table("balance_sheet"))
    assert sheet["货币资金"]["start"] == sheet["货币资金"]["end"] == D("1000.00")


def test_which_term_a_name_means() -> None:
    loaded = load_string(OFFICERS)
    with pytest.raises(
        departure.TermProblem, match="张三担任过多个职务（主席、财务负责人），请用 --role"
    ):
        departure.report(loaded, "张三")
    with pytest.raises(departure.TermProblem, match="李四没有担任过财务负责人；其职务：主席"):
        departure.report(loaded, "李四", "财务负责人")
    with pytest.raises(departure.TermProblem, match=r"账本中没有王五的任职记录.*张三（主席）"):
        departure.report(loaded, "王五")
    with pytest.raises(departure.TermProblem, match="在本账开始（2023-01-01）之前已经结束"):
        departure.report(load_string(OFFICERS.replace("2023-03-31", "2022-11-30")), "赵六")
    choices = [(t.person, t.role) for t in departure.choices(loaded.book)]
    assert choices == [
        ("张三", "主席"),
        ("赵六", "财务负责人"),
        ("张三", "财务负责人"),
        ("李四", "主席"),
    ]


def test_a_scope_that_misses_part_of_the_term_shows_in_the_report() -> None:
    text = BOOK.replace('"张三" 2024-04-01 2025-03-31', '"张三" 2024-05-01 2025-03-31')
    loaded = load_string(text)
    report = departure.report(loaded, "张三")
    scope = {row["item"]: row["value"] for row in report.table("scope").records()}
    assert scope["审计范围"] == "未覆盖 2024-04-01 至 2024-04-30"
    assert str(scope["离任审计检查"]).startswith("1 项未处理")
    listed = [(r["rule"], r["date"]) for r in report.table("findings").records()]
    assert ("departure-audit-scope", datetime.date(2025, 5, 20)) in listed
    assert list(report.problems) == ["任期内有 2 项未处理的发现，可用 ghfund check 查看"]
