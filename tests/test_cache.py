"""The results cache: an unchanged book is answered without loading it; any change is a miss."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ghfund import cache, ledger
from ghfund.cli import cli

MAIN = """option "title" "缓存测试"
option "operating_currency" "CNY"
plugin "ghfund.plugins.all"
include "2025.beancount"
2024-12-31 custom "ghfund-option" "union-name" "测试工会"
2024-12-31 custom "ghfund-option" "standards" "本会标准.toml"
"""

YEAR = """2024-12-31 open Assets:102-银行存款
2024-12-31 open Income:408-其他收入
2024-12-31 open Expenses:510-其他支出
2025-03-01 * "利息"
  voucher: "记-2025-0001"
  Assets:102-银行存款   10.00 CNY
  Income:408-其他收入
"""


@pytest.fixture
def book(tmp_path: Path) -> Path:
    (tmp_path / "main.beancount").write_text(MAIN, encoding="utf-8")
    (tmp_path / "2025.beancount").write_text(YEAR, encoding="utf-8")
    from ghfund.standards import builtin_text

    own = builtin_text("hubei").replace('name = "hubei"', 'name = "本会"')
    (tmp_path / "本会标准.toml").write_text(own, encoding="utf-8")
    return tmp_path / "main.beancount"


class Loads:
    """Counts the loads of ghfund's door (a cache hit makes none)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        real = ledger.load_file

        def counted(path: str | Path) -> ledger.Loaded:
            self.count += 1
            return real(path)

        monkeypatch.setattr(ledger, "load_file", counted)


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> Loads:
    return Loads(monkeypatch)


def test_an_unchanged_book_is_answered_without_loading(book: Path, loads: Loads) -> None:
    first = run("report", "--year", "2025", str(book), "--format", "json")
    second = run("report", "--year", "2025", str(book), "--format", "json")
    assert first.exit_code == second.exit_code == 0
    assert second.stdout_bytes == first.stdout_bytes and '"10.00"' in first.stdout
    assert loads.count == 1
    check = [run("check", str(book)) for _ in range(2)]
    assert [r.exit_code for r in check] == [0, 0] and check[0].stdout == check[1].stdout
    assert loads.count == 2  # check is its own result: one more load, then a hit


@pytest.mark.parametrize(
    "change",
    [
        ("main.beancount", lambda text: text + '2025-01-01 custom "ghfund-option" "members" 9\n'),
        ("2025.beancount", lambda text: text.replace("10.00 CNY", "10.01 CNY")),
        ("2025.beancount", lambda text: text + "; a comment changes the file, so the digest\n"),
        ("本会标准.toml", lambda text: text.replace("1200", "1300", 1)),
    ],
)
def test_any_change_to_any_file_the_book_reads_is_a_miss(
    book: Path, loads: Loads, change: tuple[str, object]
) -> None:
    name, edit = change
    assert run("check", str(book)).exit_code == 0
    path = book.parent / name
    path.write_text(edit(path.read_text("utf-8")), encoding="utf-8")  # type: ignore[operator]
    result = run("check", str(book))
    assert loads.count == 2, result.output


def test_a_new_file_beside_the_book_is_a_miss(book: Path, loads: Loads) -> None:
    """A glob include would pick it up: the folder's listing is part of the digest."""
    run("check", str(book))
    (book.parent / "2026.beancount").write_text("", encoding="utf-8")
    run("check", str(book))
    assert loads.count == 2


def test_arguments_and_format_are_part_of_the_key(book: Path, loads: Loads) -> None:
    text = run("report", "--year", "2025", str(book))
    data = run("report", "--year", "2025", str(book), "--format", "json")
    check = run("check", str(book), "--format", "json")
    assert loads.count == 3 and text.stdout != data.stdout and check.stdout.startswith("[")


def test_a_report_with_problems_is_cached_with_its_exit_status(book: Path, loads: Loads) -> None:
    book.write_text(book.read_text("utf-8") + "2025-05-01 open Bad:Account\n", encoding="utf-8")
    results = [run("report", "--year", "2025", str(book)) for _ in range(2)]
    assert [r.exit_code for r in results] == [1, 1] and loads.count == 1
    assert results[0].stderr == results[1].stderr and "Beancount 错误" in results[1].stderr


def test_output_files_are_written_from_the_cache_too(book: Path, tmp_path: Path) -> None:
    run("report", "--year", "2025", str(book), "-o", str(tmp_path / "a.json"))
    result = run("report", "--year", "2025", str(book), "-o", str(tmp_path / "b.json"))
    assert result.exit_code == 0
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


def test_the_cache_can_be_turned_off(
    book: Path, loads: Loads, monkeypatch: pytest.MonkeyPatch, cache_dir: Path
) -> None:
    monkeypatch.setenv(cache.OFF, "1")
    for _ in range(2):
        assert run("check", str(book)).exit_code == 0
    assert loads.count == 2 and not any(cache_dir.rglob("*.pickle"))


def test_a_damaged_cache_is_ignored(book: Path, loads: Loads, cache_dir: Path) -> None:
    first = run("check", str(book))
    for stored in cache_dir.rglob("*.pickle"):
        stored.write_bytes(b"not a pickle")
    second = run("check", str(book))
    assert second.stdout == first.stdout and loads.count == 2


def test_an_unwritable_cache_folder_is_no_error(
    book: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv(cache.DIRECTORY, str(blocker / "cache"))
    assert run("check", str(book)).exit_code == 0


def test_a_bank_statement_changed_under_its_name_is_a_miss(book: Path, loads: Loads) -> None:
    """``reconcile`` reads a statement that is no file of the book: its content is in the key,
    so a corrected export saved over the old one is reconciled afresh, not read back."""
    statement = book.parent / "工行.csv"
    header = "凭证号,交易时间,借方发生额,贷方发生额,摘要,对方单位名称,余额\n"
    statement.write_text(header + "A1,2025-03-01 09:00:00,,10.00,利息,,10.00\n", "utf-8")
    args = ("reconcile", str(book), "--bank", str(statement), "--account", "102")
    first = run(*args, "--month", "2025-03", "--format", "json")
    assert first.exit_code == 0, first.stderr
    assert run(*args, "--month", "2025-03", "--format", "json").stdout == first.stdout
    assert loads.count == 1
    statement.write_text(header + "A1,2025-03-01 09:00:00,,12.00,利息,,12.00\n", "utf-8")
    again = run(*args, "--month", "2025-03", "--format", "json")
    assert loads.count == 2 and again.exit_code == 0
    assert '"12.00"' in again.stdout and again.stdout != first.stdout
