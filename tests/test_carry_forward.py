"""年终结转 (``ghfund carry-forward``) and the books after closing (``--after-closing``) on the
hand-built two-year book of tests/books.py, whose figures are worked out on paper, and on
the real-looking book of test_real_book.py."""

from __future__ import annotations

import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from ghfund import carry_forward
from ghfund.cli import cli
from ghfund.ledger import Loaded, load_file, load_string
from ghfund.plugins.all import run
from ghfund.reports import statements, trial_balance
from ghfund.reports.model import Table
from tests.books import OPENS, YEAR_2024, YEAR_2025

D = Decimal


def loaded_of(*parts: str) -> Loaded:
    loaded = load_string(textwrap.dedent("".join(parts)))
    assert not loaded.errors, [e.message for e in loaded.errors]
    return loaded


def lines(plan: carry_forward.Plan) -> list[list[tuple[str, Decimal, str]]]:
    return [
        [(line.account.rsplit(":", 1)[-1], line.amount, line.fund) for line in voucher.lines]
        for voucher in plan.vouchers
    ]


def test_the_year_closes_by_fund_into_the_sub_accounts_of_the_chart() -> None:
    """2024: earmarked 8,000.00 in (40302, fund 书屋) and 6,000.00 out (50304) → 32103, result
    2,000.00 to 32104; the rest 6,535.50 in and 8,300.00 out → 32203, −1,764.50 to 32205."""
    book = loaded_of(OPENS, YEAR_2024, YEAR_2025).book
    plan = carry_forward.plan(book, 2024)
    assert [v.narration for v in plan.vouchers] == [
        "2024年结转本年收入",
        "2024年结转本年支出",
        "2024年结转本年收支结余",
    ]
    assert [v.number for v in plan.vouchers] == ["记-2024-0013", "记-2024-0014", "记-2024-0015"]
    income, spending, result = lines(plan)
    assert income == [
        ("401-会费收入", D("500.00"), ""),
        ("402-拨缴经费收入", D("6000.00"), ""),
        ("40302-专项转移支付补助", D("8000.00"), "书屋"),
        ("408-其他收入", D("35.50"), ""),
        ("32103-本年收支结转", D("-8000.00"), "书屋"),
        ("32203-本年收支结转", D("-6535.50"), ""),
    ]
    assert spending[-2:] == [
        ("32103-本年收支结转", D("6000.00"), "书屋"),
        ("32203-本年收支结转", D("8300.00"), ""),
    ]
    assert result == [  # the earmarked result keeps its fund into 累计结转
        ("32103-本年收支结转", D("2000.00"), "书屋"),
        ("32104-累计结转", D("-2000.00"), "书屋"),
        ("32203-本年收支结转", D("-1764.50"), ""),
        ("32205-累计结余", D("1764.50"), ""),
    ]
    assert plan.results == {"321": D("2000.00"), "322": D("-1764.50")}
    assert plan.opens == (
        "Equity:321-工会资金结转:32103-本年收支结转",
        "Equity:321-工会资金结转:32104-累计结转",
        "Equity:322-工会资金结余:32203-本年收支结转",
        "Equity:322-工会资金结余:32205-累计结余",
    )


def test_a_later_year_waits_for_the_earlier_one() -> None:
    book = loaded_of(OPENS, YEAR_2024, YEAR_2025).book
    with pytest.raises(carry_forward.CarryForwardProblem, match="carry-forward --year 2024"):
        carry_forward.plan(book, 2025)


def records(table: Table) -> list[dict[str, object]]:
    return table.records()


def test_booked_closing_leaves_the_statements_and_the_findings_as_they_were() -> None:
    before = loaded_of(OPENS, YEAR_2024, YEAR_2025)
    first = carry_forward.text(before.book, carry_forward.plan(before.book, 2024))
    middle = loaded_of(OPENS, YEAR_2024, YEAR_2025, first)
    second = carry_forward.text(middle.book, carry_forward.plan(middle.book, 2025))
    after = loaded_of(OPENS, YEAR_2024, YEAR_2025, first, second)
    for year in (2024, 2025):
        for build in (statements.balance_sheet, statements.income_expenditure):
            assert records(build(after.book, year)) == records(build(before.book, year))
            assert not statements.unbalanced(build(after.book, year))
    assert {(e.rule, e.key) for e in run(after.book).open} == {
        (e.rule, e.key) for e in run(before.book).open
    }
    # rerunning plans nothing: both years are closed
    assert carry_forward.plan(after.book, 2024).vouchers == ()
    assert carry_forward.plan(after.book, 2025).vouchers == ()


def trial(loaded: Loaded, year: int, after_closing: bool = False) -> dict[str, dict[str, object]]:
    table = trial_balance.report(loaded, year, after_closing=after_closing).tables[0]
    return {str(r["code"] or r["name"]): r for r in table.records()}


def test_the_trial_balance_after_closing_agrees_with_the_balance_sheet_booked_or_not() -> None:
    """工会01表 2024: 工会资金结转 3,500.00, 工会资金结余 93,535.50; the 科目余额表 after
    closing shows them on 321 and 322, and income and spending at zero."""
    before = loaded_of(OPENS, YEAR_2024, YEAR_2025)
    text = carry_forward.text(before.book, carry_forward.plan(before.book, 2024))
    booked = loaded_of(OPENS, YEAR_2024, YEAR_2025, text)
    sheet = {r["item"]: r["end"] for r in statements.balance_sheet(before.book, 2024).records()}
    assert (sheet["工会资金结转"], sheet["工会资金结余"]) == (D("3500.00"), D("93535.50"))
    virtual, real = trial(before, 2024, after_closing=True), trial(booked, 2024)
    assert virtual == real
    assert real["321"]["closing_credit"] == D("3500.00")
    assert real["322"]["closing_credit"] == D("93535.50")
    assert real["32104"]["closing_credit"] == D("2000.00")
    assert real["32205"]["closing_debit"] == D("1764.50")
    for code in ("401", "402", "403", "408", "501", "503", "505", "507"):
        assert real[code]["closing_debit"] == real[code]["closing_credit"] == 0
    # without closing the 科目余额表 keeps the year's income on its accounts, and says so
    plain = trial(before, 2024)
    assert plain["402"]["closing_credit"] == D("6000.00")
    assert plain["322"]["closing_credit"] == D("95300.00")
    notes = trial_balance.report(booked, 2024).tables[0].notes
    assert any("本年收支已于 12 月 31 日结转" in note for note in notes)


def write_book(tmp_path: Path) -> Path:
    (tmp_path / "main.beancount").write_text(
        textwrap.dedent(OPENS + YEAR_2024 + YEAR_2025), encoding="utf-8"
    )
    return tmp_path / "main.beancount"


def test_the_command_writes_once_in_order_and_previews_without_writing(tmp_path: Path) -> None:
    main = write_book(tmp_path)
    original = main.read_bytes()
    runner = CliRunner()
    refused = runner.invoke(cli, ["carry-forward", "--year", "2025", "--ledger", str(main)])
    assert refused.exit_code == 2 and "请先运行 ghfund carry-forward --year 2024" in refused.stderr
    preview = runner.invoke(
        cli, ["carry-forward", "--year", "2024", "--ledger", str(main), "--dry-run"]
    )
    assert preview.exit_code == 0 and "2024年结转本年收入" in preview.stdout
    assert main.read_bytes() == original
    for year in (2024, 2025):
        done = runner.invoke(cli, ["carry-forward", "--year", str(year), "--ledger", str(main)])
        assert done.exit_code == 0, done.stderr
    written = main.read_bytes()
    again = runner.invoke(cli, ["carry-forward", "--year", "2025", "--ledger", str(main)])
    assert again.exit_code == 0 and "已全部结转" in again.stdout
    assert main.read_bytes() == written
    loaded = load_file(main)
    assert not loaded.errors
    assert sum(1 for t in loaded.book.transactions if "closing" in t.tags) == 6
    after = runner.invoke(cli, ["books", "trial", str(main), "--year", "2025", "--format", "csv"])
    assert after.exit_code == 0 and "本年收支已于 12 月 31 日结转" in after.stdout
