"""``ghfund init``: a new book that checks clean as written, and no overwriting."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from beancount import loader
from click.testing import CliRunner

from ghfund.chart import BASE_CHART
from ghfund.cli import cli
from ghfund.ledger import load_file


def test_init_writes_a_book_that_checks_clean(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["init", str(tmp_path / "book"), "--union-name", "测试工会", "--year", "2026"]
    )
    assert result.exit_code == 0, result.output
    main = tmp_path / "book" / "main.beancount"
    assert sorted(p.name for p in main.parent.iterdir()) == [
        "2026.beancount",
        "accounts.beancount",
        "documents",
        "main.beancount",
    ]
    _entries, errors, _options = loader.load_file(str(main))  # what bean-check does
    assert errors == []
    loaded = load_file(main)
    assert loaded.ok and loaded.plugin_enabled
    assert loaded.book.settings.union_name(loaded.book.entries[-1].date) == "测试工会"
    opened = {account.split(":")[1][:3] for account in loaded.book.opens}
    assert opened == {a.code for a in BASE_CHART if a.parent is None}  # all 24 accounts
    assert 'custom "fava-extension" "ghfund.fava"' in main.read_text(encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(main)])
    assert result.exit_code == 0, result.output


def test_init_sets_the_fava_options_a_treasurer_needs(tmp_path: Path) -> None:
    from fava.core import FavaLedger

    target = tmp_path / "book"
    assert CliRunner().invoke(cli, ["init", str(target), "--year", "2026"]).exit_code == 0
    ledger = FavaLedger(str(target / "main.beancount"))
    assert not ledger.load_errors
    options = ledger.fava_options
    assert options.language == "zh" and options.invert_income_liabilities_equity
    assert options.default_page == "extension/Vouchers/"
    assert options.default_file == str((target / "2026.beancount").absolute())
    assert ledger.options["account_current_earnings"] == "322-工会资金结余"  # under Equity:
    assert ledger.options["account_previous_earnings"] == "322-工会资金结余"
    assert ledger.options["documents"] == ["documents"] and (target / "documents").is_dir()


def test_init_refuses_to_overwrite_and_changes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "book"
    target.mkdir()
    (target / "accounts.beancount").write_text("; mine\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["init", str(target)])
    assert result.exit_code == 2
    assert "已存在" in result.stderr
    assert sorted(p.name for p in target.iterdir()) == ["accounts.beancount"]
    assert (target / "accounts.beancount").read_text(encoding="utf-8") == "; mine\n"


def test_init_twice_is_refused_the_second_time(tmp_path: Path) -> None:
    target = str(tmp_path / "book")
    assert CliRunner().invoke(cli, ["init", target]).exit_code == 0
    before = {p: p.read_bytes() for p in Path(target).rglob("*") if p.is_file()}
    assert CliRunner().invoke(cli, ["init", target]).exit_code == 2
    assert {p: p.read_bytes() for p in Path(target).rglob("*") if p.is_file()} == before


def test_with_the_init_options_favas_balance_sheet_agrees_with_the_statement(
    tmp_path: Path,
) -> None:
    """The example book with the two earnings options ``ghfund init`` writes: Fava's own
    balance sheet (its closed tree for 2025) has the totals of 工会01表's year-end column,
    and the funds (321 + 322) of the statement."""
    import json
    import shutil

    from fava.core import FavaLedger

    from ghfund.ledger import default_ledger

    for source in default_ledger().parent.glob("*.beancount"):
        shutil.copy(source, tmp_path / source.name)
    main = tmp_path / "main.beancount"
    text = main.read_text(encoding="utf-8")
    options = "".join(
        f'option "account_{kind}_earnings" "322-工会资金结余"\n' for kind in ("previous", "current")
    )
    currency = 'option "operating_currency" "CNY"\n'
    main.write_text(text.replace(currency, currency + options), encoding="utf-8")
    result = CliRunner().invoke(cli, ["report", str(main), "--year", "2025", "--format", "json"])
    rows = {
        r["item"]: r["end"] for r in json.loads(result.stdout)["tables"]["balance_sheet"]["rows"]
    }
    tree = FavaLedger(str(main)).get_filtered(time="2025").root_tree_closed

    def total(name: str) -> str:
        amount = tree.get(name).balance_children[("CNY", None)]
        return f"{amount if name == 'Assets' else -amount:.2f}"

    assert total("Assets") == rows["资产总计"]
    assert total("Liabilities") == rows["负债合计"]
    assert total("Equity") == rows["净资产合计"]
    # the year's surplus sits in 321/322, not in an account off the chart such as
    # Equity:Earnings:Current; between 321 and 322 Fava cannot follow the earmarked funds
    # (one earnings account), so only their sum is the statement's
    funds = Decimal(total("Equity:321-工会资金结转")) + Decimal(total("Equity:322-工会资金结余"))
    assert funds == Decimal(rows["工会资金结转"]) + Decimal(rows["工会资金结余"])
    held = {child.name for child in tree.get("Equity").children if child.balance_children}
    assert held <= {"Equity:301-资产基金", "Equity:321-工会资金结转", "Equity:322-工会资金结余"}
