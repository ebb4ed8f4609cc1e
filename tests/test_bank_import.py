"""``ghfund import bank``: only the lines the book lacks, flagged and referenced, once; rules;
the 待确认 accounts and their check; bad files change nothing; the beangulp importer."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from ghfund.cli import cli
from ghfund.importers import bank_layouts
from ghfund.importers.bank import SUSPENSE_IN, BankImporter
from ghfund.ledger import load_file
from tests.test_bank_statement import STARSEA, STARSEA_FILE

BOOK = """option "operating_currency" "CNY"
plugin "ghfund.plugins.all"
2025-01-01 open Assets:102-银行存款:01-工商银行 CNY
2025-01-01 open Equity:322-工会资金结余 CNY
2025-01-01 open Income:401-会费收入 CNY
2025-01-01 open Income:405-行政补助收入 CNY
2025-01-01 open Income:408-其他收入 CNY
2025-01-01 open Expenses:505-业务支出:50504-其他业务支出 CNY

2025-01-01 * "期初余额"
  voucher: "记-2025-0001"
  Assets:102-银行存款:01-工商银行  10000.00 CNY
  Equity:322-工会资金结余

2025-06-03 * "收6月会费"
  voucher: "记-2025-0002"
  Assets:102-银行存款:01-工商银行  1200.00 CNY
  Income:401-会费收入
"""

# 农业银行 layout, UTF-8, no serial numbers: refs are digests
STATEMENT = """交易日期,收入金额,支出金额,本次余额,对方户名,交易用途
20250605,1200.00,,11200.00,某某公司,会费
20250621,12.34,,11212.34,,结息
20250625,,5.00,11207.34,,手续费
20250625,,5.00,11202.34,,手续费
20250715,500.00,,11702.34,某某公司,行政补助
"""


def book_and_statement(tmp_path: Path, text: str = STATEMENT) -> tuple[Path, Path]:
    ledger = tmp_path / "main.beancount"
    ledger.write_text(BOOK, encoding="utf-8")
    bank = tmp_path / "农行.csv"
    bank.write_text(text, encoding="utf-8")
    return ledger, bank


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["import", "bank", *args])
    return result.exit_code, result.stdout, result.stderr


def test_import_writes_lacking_lines_once(tmp_path: Path) -> None:
    ledger, bank = book_and_statement(tmp_path)
    code, out, err = run(str(bank), "--account", "10201", "--ledger", str(ledger))
    assert code == 0, err
    assert "4 笔（已在账本中 1 笔）" in out and "1 笔没有适用的规则" in out
    loaded = load_file(ledger)
    assert not loaded.errors
    new = [t for t in loaded.book.transactions if "bank-ref" in t.meta]
    assert [(t.date, t.flag, t.meta["voucher"], t.postings[1].account) for t in new] == [
        (datetime.date(2025, 6, 21), "!", "记-2025-0003", "Income:408-其他收入"),
        (
            datetime.date(2025, 6, 25),
            "!",
            "记-2025-0004",
            "Expenses:505-业务支出:50504-其他业务支出",
        ),
        (
            datetime.date(2025, 6, 25),
            "!",
            "记-2025-0005",
            "Expenses:505-业务支出:50504-其他业务支出",
        ),
        (datetime.date(2025, 7, 15), "!", "记-2025-0006", SUSPENSE_IN),
    ]
    assert len({t.meta["bank-ref"] for t in new}) == 4  # the two equal fees stay two
    assert [f.rule for f in loaded.findings.open] == ["bank-unconfirmed"]
    assert loaded.findings.open[0].key == "记-2025-0006"
    before = ledger.read_bytes()
    code, out, _ = run(str(bank), "--account", "10201", "--ledger", str(ledger))
    assert code == 0 and "没有新的流水" in out
    assert ledger.read_bytes() == before


def test_rules_file_and_dry_run(tmp_path: Path) -> None:
    ledger, bank = book_and_statement(tmp_path)
    rules = tmp_path / "rules.toml"
    rules.write_text(
        '[[rule]]\ncounterparty = "某某公司"\nsummary = "补助"\naccount = "405"\n', encoding="utf-8"
    )
    before = ledger.read_bytes()
    code, out, err = run(
        str(bank), "--account", "10201", "--ledger", str(ledger), "--rules", str(rules), "--dry-run"
    )
    assert code == 0, err
    assert "Income:405-行政补助收入" in out and "待确认" not in out
    assert ledger.read_bytes() == before
    code, _, _ = run(
        str(bank), "--account", "10201", "--ledger", str(ledger), "--rules", str(rules)
    )
    assert code == 0
    assert load_file(ledger).ok


def test_bad_rules_and_bad_files_write_nothing(tmp_path: Path) -> None:
    ledger, bank = book_and_statement(tmp_path)
    before = ledger.read_bytes()
    rules = tmp_path / "rules.toml"
    rules.write_text('[[rule]]\nsummary = "("\naccount = "999"\n', encoding="utf-8")
    code, _, err = run(
        str(bank), "--account", "10201", "--ledger", str(ledger), "--rules", str(rules)
    )
    assert code == 2 and "第 1 条规则" in err and "正则" in err
    rules.write_text('[[rule]]\nsummary = "补助"\naccount = "40301"\n', encoding="utf-8")
    code, _, err = run(
        str(bank), "--account", "10201", "--ledger", str(ledger), "--rules", str(rules)
    )
    assert code == 2 and "没有编码为 40301 的科目" in err
    broken = tmp_path / "坏.csv"
    broken.write_text(
        STATEMENT.replace("20250621", "2025062x").replace(",5.00,", ",五元,", 1), encoding="utf-8"
    )
    code, _, err = run(str(broken), "--account", "10201", "--ledger", str(ledger))
    assert code == 2 and "第 3 行" in err and "第 4 行" in err and "未导入任何数据" in err
    code, _, err = run(str(bank), "--account", "10201")
    assert code == 2 and "--ledger" in err
    code, _, err = run(str(bank), "--account", "401", "--ledger", str(ledger))
    assert code == 2 and "不是银行存款科目" in err
    assert ledger.read_bytes() == before


def test_beangulp_importer_extracts_the_same(tmp_path: Path) -> None:
    ledger, bank = book_and_statement(tmp_path)
    importer = BankImporter("Assets:102-银行存款:01-工商银行")
    assert importer.identify(str(bank))
    assert not importer.identify(str(ledger))
    assert importer.account(str(bank)) == "Assets:102-银行存款:01-工商银行"
    assert importer.date(str(bank)) == datetime.date(2025, 7, 15)
    entries = importer.extract(str(bank), load_file(ledger).book.entries)
    kinds = [type(e).__name__ for e in entries]
    assert kinds == ["Open", "Transaction", "Transaction", "Transaction", "Transaction"]
    assert entries[0].account == SUSPENSE_IN


def test_fava_import_config_loads_the_importer(tmp_path: Path) -> None:
    from fava.core.ingest import extract_from_file, load_import_config

    ledger, bank = book_and_statement(tmp_path)
    config = tmp_path / "importers.py"
    config.write_text(
        "from ghfund.importers.bank import BankImporter\n"
        'CONFIG = [BankImporter("Assets:102-银行存款:01-工商银行")]\n',
        encoding="utf-8",
    )
    loaded = load_import_config(config)
    (wrapped,) = loaded.importers.values()
    assert wrapped.identify(bank)
    entries = extract_from_file(wrapped, bank, load_file(ledger).book.entries)
    assert [getattr(e, "narration", None) for e in entries] == [
        None,
        "结息",
        "手续费",
        "手续费",
        "行政补助",
    ]


def test_to_a_file_of_the_book_and_vouchers_after_the_highest(tmp_path: Path) -> None:
    ledger, bank = book_and_statement(tmp_path)
    year = tmp_path / "2025.beancount"
    year.write_text(
        '2025-03-01 * "会费"\n  voucher: "记-2025-0041"\n'
        "  Assets:102-银行存款:01-工商银行  10.00 CNY\n  Income:401-会费收入\n",
        encoding="utf-8",
    )
    outside = tmp_path / "other.beancount"
    outside.write_text("", encoding="utf-8")
    code, _, err = run(
        str(bank), "--account", "10201", "--ledger", str(ledger), "--to", str(outside)
    )
    assert code == 2 and "不是这本账的文件" in err
    with ledger.open("a", encoding="utf-8") as handle:
        handle.write('include "2025.beancount"\n')
    main_before = ledger.read_bytes()
    code, _, err = run(str(bank), "--account", "10201", "--ledger", str(ledger), "--to", str(year))
    assert code == 0, err
    assert ledger.read_bytes() == main_before
    loaded = load_file(ledger)
    assert not loaded.errors
    vouchers = [t.meta["voucher"] for t in loaded.book.transactions if "bank-ref" in t.meta]
    assert vouchers == ["记-2025-0042", "记-2025-0043", "记-2025-0044", "记-2025-0045"]
    # the book starts at 记-2025-0041 (its earlier vouchers are elsewhere): voucher-gap says so
    assert [f.rule for f in loaded.findings.open if f.rule != "voucher-gap"] == ["bank-unconfirmed"]


def beangulp_config(folder: Path, ledger: str | None) -> Path:
    """An import configuration beside the book, as README shows it (relative paths)."""
    (folder / "对账规则.toml").write_text(
        '[[rule]]\nsummary = "行政补助"\naccount = "405"\n', encoding="utf-8"
    )
    config = folder / "importers.py"
    book = f", ledger={ledger!r}" if ledger else ""
    config.write_text(
        "from ghfund.importers.bank import BankImporter\n"
        "CONFIG = [BankImporter('Assets:102-银行存款:01-工商银行', rules='对账规则.toml'"
        f"{book})]\n"
        "if __name__ == '__main__':\n"
        "    from beangulp import Ingest\n"
        "    Ingest(CONFIG)()\n",
        encoding="utf-8",
    )
    return config


def test_beangulp_extract_without_e_knows_the_book_from_elsewhere(tmp_path: Path) -> None:
    """beangulp's own command line, started in another folder and given no ``-e``: the rules
    and the book are found beside the configuration; the line the book has is not imported
    again, numbers continue the book's, and a second statement with the same lines is
    marked by beangulp's deduplication (bank-ref)."""
    import subprocess
    import sys

    _, bank = book_and_statement(tmp_path)
    again = tmp_path / "农行-重复.csv"
    again.write_text(STATEMENT, encoding="utf-8")
    config = beangulp_config(tmp_path, "main.beancount")
    elsewhere = tmp_path / "别处"
    elsewhere.mkdir()
    result = subprocess.run(
        [sys.executable, str(config), "extract", str(bank), str(again)],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "1200.00" not in out  # 收6月会费 is in the book already
    vouchers = re.findall(r'^\s+voucher: "(记-2025-\d{4})"', out, re.M)
    assert vouchers == ["记-2025-0003", "记-2025-0004", "记-2025-0005", "记-2025-0006"]
    assert "Income:405-行政补助收入" in out  # the union's rule, read beside the configuration
    assert len(re.findall(r"^; \d{4}-\d{2}-\d{2} ! ", out, re.M)) == 4  # the second file's


def test_a_relative_rules_path_is_read_beside_the_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import runpy

    ledger, bank = book_and_statement(tmp_path)
    config = beangulp_config(tmp_path, None)
    monkeypatch.chdir(tmp_path.parent)  # Fava started in another folder
    (importer,) = runpy.run_path(str(config))["CONFIG"]
    entries = importer.extract(str(bank), load_file(ledger).book.entries)
    counters = [e.postings[1].account for e in entries if type(e).__name__ == "Transaction"]
    assert "Income:405-行政补助收入" in counters


def test_a_bank_added_to_the_table_is_imported_by_the_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One entry appended to ``LAYOUTS`` (a made-up bank: its own headers, flag words, dates
    with the day first, footer) and ``ghfund import bank`` reads its export, in GBK."""
    monkeypatch.setattr(bank_layouts, "LAYOUTS", (*bank_layouts.LAYOUTS, STARSEA))
    ledger, _ = book_and_statement(tmp_path)
    bank = tmp_path / "星海.csv"
    bank.write_bytes(STARSEA_FILE.encode("gbk"))
    code, out, err = run(str(bank), "--account", "10201", "--ledger", str(ledger))
    assert code == 0, err
    assert "2 笔（已在账本中 0 笔）" in out
    new = [t for t in load_file(ledger).book.transactions if "bank-ref" in t.meta]
    assert [(t.date, t.meta["bank-ref"], t.postings[0].units.number) for t in new] == [
        (datetime.date(2025, 6, 5), "S-01", Decimal("1000.00")),
        (datetime.date(2025, 6, 12), "S-02", Decimal("-35.50")),
    ]
    monkeypatch.undo()
    code, _, err = run(str(bank), "--account", "10201", "--ledger", str(ledger), "--dry-run")
    assert code == 2 and "找不到 星海.csv 的表头" in err
