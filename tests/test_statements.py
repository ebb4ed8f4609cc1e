"""工会01表 and 工会02表 on hand-built books: every line against arithmetic done here."""

from __future__ import annotations

import datetime
import textwrap
from decimal import Decimal

import pytest

from ghfund.book import Book
from ghfund.chart import CHART, Kind
from ghfund.closing import fund_balances
from ghfund.ledger import load_file, load_string
from ghfund.reports import statements
from ghfund.reports.balances import Sums
from ghfund.reports.model import Table
from tests.books import (
    ADJUSTED_2025,
    CLOSING_2024,
    END_2023,
    END_2024,
    END_2025,
    INCOME_2024,
    INCOME_2025,
    OPENS,
    SPENDING_2024,
    SPENDING_2025,
    YEAR_2024,
    YEAR_2025,
)
from tests.support import ROOT

D = Decimal


def book_of(*parts: str) -> Book:
    loaded = load_string(textwrap.dedent("".join(parts)))
    assert not loaded.errors, loaded.errors
    return loaded.book


def column(table: Table, key: str) -> dict[str, Decimal]:
    return {record["item"]: record[key] for record in table.records()}  # type: ignore[misc]


def zero_lines(items: list[str]) -> dict[str, Decimal]:
    return dict.fromkeys(items, D("0.00"))


BALANCE_ITEMS = [line.item for line in statements.BALANCE_SHEET]


def expected_balance_sheet(
    cash: D, bank: D, other_receivable: D, stock: D, cost: D, depreciation: D,
    payable_upper: D, other_payable: D, asset_fund: D, carried: D, retained: D,
) -> dict[str, Decimal]:  # fmt: skip
    """Every line of 工会01表 from the account balances, by plain arithmetic."""
    current = cash + bank + other_receivable + stock
    net_fixed = cost - depreciation
    liabilities = payable_upper + other_payable
    net_assets = asset_fund + carried + retained
    return zero_lines(BALANCE_ITEMS) | {
        "货币资金": cash + bank,
        "其他应收款": other_receivable,
        "库存物品": stock,
        "流动资产合计": current,
        "固定资产原值": cost,
        "减：累计折旧": depreciation,
        "固定资产净值": net_fixed,
        "资产总计": current + net_fixed,
        "应付上级经费": payable_upper,
        "其他应付款": other_payable,
        "负债合计": liabilities,
        "资产基金": asset_fund,
        "工会资金结转": carried,
        "工会资金结余": retained,
        "净资产合计": net_assets,
        "负债与净资产总计": liabilities + net_assets,
    }


# Balances worked out by hand from YEAR_2024 and YEAR_2025.


def test_hand_sums_balance() -> None:
    for end in (END_2023, END_2024, END_2025):
        lines = expected_balance_sheet(**end)
        assert lines["资产总计"] == lines["负债与净资产总计"]


@pytest.mark.parametrize(
    ("year", "start", "end"), [(2024, END_2023, END_2024), (2025, END_2024, END_2025)]
)
def test_every_balance_sheet_line(year: int, start: dict[str, D], end: dict[str, D]) -> None:
    table = statements.balance_sheet(book_of(OPENS, YEAR_2024, YEAR_2025), year)
    assert [record["item"] for record in table.records()] == BALANCE_ITEMS
    assert column(table, "start") == expected_balance_sheet(**start)
    assert column(table, "end") == expected_balance_sheet(**end)
    assert not statements.unbalanced(table)
    assert table.notes[0].startswith("核对：资产总计 = 负债与净资产总计")
    assert (table.form, table.period) == ("工会01表", f"{year}年12月31日")


INCOME_ITEMS = [item for item, _ in statements.INCOME_LINES]
EXPENSE_ITEMS = [item for item, _ in statements.EXPENSE_LINES]


def expected_income_statement(
    start: dict[str, D], adjusted: D, income: dict[str, D], spending: dict[str, D],
    end: dict[str, D],
) -> list[Decimal]:  # fmt: skip
    """Every line of 工会02表, in order, by plain arithmetic."""
    by_code = dict(statements.INCOME_LINES) | dict(statements.EXPENSE_LINES)
    income_lines = [income.get(by_code[item], D(0)) for item in INCOME_ITEMS]
    spending_lines = [spending.get(by_code[item], D(0)) for item in EXPENSE_ITEMS]
    return [
        start["carried"] + start["retained"],
        start["carried"],
        start["retained"],
        adjusted,
        sum(income_lines, D(0)),
        *income_lines,
        sum(spending_lines, D(0)),
        *spending_lines,
        sum(income_lines, D(0)) - sum(spending_lines, D(0)),
        end["carried"] + end["retained"],
        end["carried"],
        end["retained"],
    ]


def test_every_income_statement_line_in_two_years() -> None:
    book = book_of(OPENS, YEAR_2024, YEAR_2025)
    table = statements.income_expenditure(book, 2025)
    records = table.records()
    assert [record["item"] for record in records] == [
        "一、年初资金结转结余",
        "（一）年初资金结转",
        "（二）年初资金结余",
        "二、资金结转结余调整及变动",
        "三、收入合计",
        *(f"（{n}）{item}" for n, item in zip(statements.NUMERALS, INCOME_ITEMS, strict=False)),
        "四、支出合计",
        *(f"（{n}）{item}" for n, item in zip(statements.NUMERALS, EXPENSE_ITEMS, strict=True)),
        "五、本期收支差额",
        "六、年末资金结转结余",
        "（一）年末资金结转",
        "（二）年末资金结余",
    ]
    assert [r["current"] for r in records] == expected_income_statement(
        END_2024, ADJUSTED_2025, INCOME_2025, SPENDING_2025, END_2025
    )
    assert [r["previous"] for r in records] == expected_income_statement(
        END_2023, D(0), INCOME_2024, SPENDING_2024, END_2024
    )
    assert not statements.unbalanced(table)
    # the year before the book starts: only its year-end balances (the opening balances)
    first = statements.income_expenditure(book, 2024)
    known = expected_income_statement(END_2023, D(0), {}, {}, END_2023)
    assert [r["previous"] for r in first.records()] == [None] * (len(known) - 3) + known[-3:]
    assert any(note.startswith("账本从 2024 年开始") for note in first.notes)


def test_every_line_has_a_key() -> None:
    """Each line of both forms carries a hidden key (a code, a total's name) that code reads
    the rows by; its title stays the printed text only (the annual golden files, unchanged
    by the key, show no renderer prints it)."""
    book = book_of(OPENS, YEAR_2024, YEAR_2025)
    sheet = statements.balance_sheet(book, 2025).keyed()
    assert len(sheet) == len(BALANCE_ITEMS)  # one key per line: none repeated
    assert sheet["101+102"]["item"] == "货币资金" and sheet["assets"]["item"] == "资产总计"
    assert sheet["assets"]["end"] == sheet["liabilities_and_net_assets"]["end"]
    flows = statements.income_expenditure(book, 2025).keyed()
    assert list(flows)[:5] == [
        "opening",
        "opening_carried",
        "opening_retained",
        "adjustments",
        "income",
    ]
    assert flows["403"]["item"] == "（三）上级补助收入" and flows["521"]["item"].endswith(
        "稳定调节基金"
    )
    assert (
        flows["difference"]["current"] == flows["income"]["current"] - flows["spending"]["current"]
    )
    assert statements.totals_of("132") == ("current_assets", "assets")
    assert statements.totals_of("211") == ("liabilities", "liabilities_and_net_assets")
    assert statements.totals_of("163") == ()  # 固定资产净值 subtracts it
    assert statements.totals_of("508") == ("spending",)


def test_start_of_year_is_end_of_the_year_before() -> None:
    book = load_file(ROOT / "ledgers" / "example" / "main.beancount").book
    for year in (2024, 2025):
        this = {r["item"]: r for r in statements.income_expenditure(book, year).records()}
        last = {r["item"]: r for r in statements.income_expenditure(book, year - 1).records()}
        for name in ("结转", "结余"):
            assert (
                this[f"（{'一' if name == '结转' else '二'}）年初资金{name}"]["current"]
                == (last[f"（{'一' if name == '结转' else '二'}）年末资金{name}"]["current"])
            )
        assert this["一、年初资金结转结余"]["current"] == last["六、年末资金结转结余"]["current"]
        assert this["六、年末资金结转结余"]["previous"] == last["六、年末资金结转结余"]["current"]
        sheet = column(statements.balance_sheet(book, year), "start")
        before = column(statements.balance_sheet(book, year - 1), "end")
        assert sheet == before


def test_balances_agree_with_the_virtual_closing() -> None:
    example = load_file(ROOT / "ledgers" / "example" / "main.beancount").book
    hand = book_of(OPENS, YEAR_2024, YEAR_2025)
    closed = book_of(OPENS, YEAR_2024, CLOSING_2024, YEAR_2025)
    for book in (example, hand, closed):
        sums = Sums.of(book)
        for year in book.years:
            virtual = fund_balances(book, datetime.date(year, 12, 31))
            balances = sums.closed(year)
            assert -balances.get("321", D(0)) == virtual.carried
            assert -balances.get("322", D(0)) == virtual.retained


def test_the_example_book_matches_its_author() -> None:
    book = load_file(ROOT / "ledgers" / "example" / "main.beancount").book
    end_2025 = column(statements.balance_sheet(book, 2025), "end")
    assert end_2025["货币资金"] == D("322880.85") + D("2581.20")
    assert (end_2025["工会资金结转"], end_2025["工会资金结余"]) == (D("0.00"), D("315032.43"))
    end_2024 = column(statements.balance_sheet(book, 2024), "end")
    assert end_2024["工会资金结转"] == D("20000.00")


def test_closing_entries_change_nothing() -> None:
    plain = book_of(OPENS, YEAR_2024, YEAR_2025)
    closed = book_of(OPENS, YEAR_2024, CLOSING_2024, YEAR_2025)
    for year in (2024, 2025):
        for build in (statements.balance_sheet, statements.income_expenditure):
            with_closing, without = build(closed, year), build(plain, year)
            assert with_closing.records() == without.records()
            assert not statements.unbalanced(with_closing)
    notes = statements.income_expenditure(closed, 2024).notes
    assert "本年有 1 笔标记 #closing 的结账分录，不计入收入、支出和调整及变动。" in notes


def test_a_closing_entry_that_mixes_up_earmarked_money_is_unbalanced() -> None:
    wrong = CLOSING_2024.replace('    fund: "书屋"\n', "")  # the 50304 line closes as ordinary
    table = statements.income_expenditure(book_of(OPENS, YEAR_2024, wrong), 2024)
    assert statements.unbalanced(table)
    problems = [note for note in table.notes if note.startswith("不平衡")]
    # 年末资金结转 counts the 6000 twice; 年末资金结余 misses it: off by 6000 both ways
    assert len(problems) == 2
    assert "年末资金结转" in problems[0] and "相差 -6,000.00" in problems[0]
    assert "年末资金结余" in problems[1] and "相差 6,000.00" in problems[1]


def test_an_account_off_the_chart_unbalances_the_balance_sheet() -> None:
    book = book_of(
        OPENS,
        YEAR_2024,
        """
2023-12-31 open Assets:Petty
2024-03-03 * "零用金"
  voucher: "记-2024-0099"
  Assets:Petty           100.00 CNY
  Assets:102-银行存款
""",
    )
    table = statements.balance_sheet(book, 2024)
    assert statements.unbalanced(table)
    (note,) = [n for n in table.notes if n.startswith("不平衡")]
    assert note.startswith(
        "不平衡：年末资产总计 114,835.50，负债与净资产总计 114,935.50，相差 -100.00"
    )
    assert "Assets:Petty（余额 100.00）" in note


def test_every_chart_account_has_a_line() -> None:
    shown = {code for line in statements.BALANCE_SHEET for code in line.codes}
    stocks = {a.code for a in CHART.values() if a.parent is None}
    stocks = {c for c in stocks if CHART[c].kind in (Kind.ASSET, Kind.LIABILITY, Kind.NET_ASSET)}
    assert shown == stocks
    for lines, kind in (
        (statements.INCOME_LINES, Kind.INCOME),
        (statements.EXPENSE_LINES, Kind.EXPENSE),
    ):
        codes = {a.code for a in CHART.values() if a.parent is None and a.kind is kind}
        assert {code for _, code in lines} == codes
        assert all(CHART[code].name == item for item, code in lines)


def test_amounts_in_another_currency_are_pointed_out() -> None:
    book = book_of(
        OPENS,
        YEAR_2024,
        """
2024-10-01 * "外币利息"
  voucher: "记-2024-0098"
  Assets:102-银行存款   3.00 USD
  Income:408-其他收入  -3.00 USD
""",
    )
    table = statements.balance_sheet(book, 2024)
    assert not statements.unbalanced(table)  # balanced in USD, so the identity still holds
    assert (
        "注意：账本中有 USD 金额，报表把它们按数字与 CNY 直接相加；请折算为 CNY 记账。"
        in table.notes
    )
    assert column(table, "end")["货币资金"] == END_2024["cash"] + END_2024["bank"] + 3


def test_the_forms_have_no_line_numbers_unless_the_book_asks() -> None:
    """The 制度's 工会01表 and 工会02表 have no 行次; ``form-line-numbers`` prints one for an
    upper union whose template wants it. 零余额账户用款额度* is its own line, apart from
    货币资金, so a year end shows it nil rather than hidden in the cash."""
    plain = book_of(OPENS, YEAR_2024)
    assert set(statements.balance_sheet(plain, 2024).lines()) == {None}
    assert set(statements.income_expenditure(plain, 2024).lines()) == {None}
    numbered = book_of(
        OPENS, '2024-01-01 custom "ghfund-option" "form-line-numbers" TRUE\n', YEAR_2024
    )
    sheet = statements.balance_sheet(numbered, 2024)
    assert sheet.lines() == list(range(1, len(statements.BALANCE_SHEET) + 1))
    assert statements.income_expenditure(numbered, 2024).lines()[-1] == 30
    assert sheet.sides == ("资产", "负债与净资产")
    headings = [h for h in sheet.headings() if h]
    assert headings == ["一、资产", "二、负债", "三、净资产"]
    items = [record["item"] for record in sheet.records()]
    assert items[:2] == ["货币资金", "零余额账户用款额度*"]


def test_a_line_numbers_option_that_is_not_a_flag_is_a_setting_error() -> None:
    loaded = load_string('2024-01-01 custom "ghfund-option" "form-line-numbers" "yes"\n')
    (error,) = loaded.book.settings.errors
    assert error.rule == "setting-invalid" and "TRUE" in error.message
