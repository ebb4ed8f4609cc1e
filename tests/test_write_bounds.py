"""What the writers refuse (issue 25's cases): the bundled example, a second opening
balance, dates outside the book, changed vouchers, uncomputed formulas, cash as a bank,
closed months, depreciation past the book or over combined lines, a close moving the
book's end, a report over a ledger file; and which ledger a command uses by default."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from ghfund.cli import cli
from ghfund.ledger import default_ledger, load_file
from tests.books import BALANCES, BANK, VOUCHERS, make_book


def run(folder: Path, *args: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout + result.stderr


@pytest.fixture
def book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("GHFUND_LEDGER", raising=False)
    folder = tmp_path / "账本"
    make_book(folder)
    return folder


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.glob("*.beancount")}


def test_a_command_in_a_book_folder_reads_that_book(
    book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, said = run(book, "check", monkeypatch=monkeypatch)
    assert "示例账本" not in said and "检查通过" in said  # the new book, not the example
    elsewhere = tmp_path / "别处"
    elsewhere.mkdir()
    monkeypatch.setenv("GHFUND_LEDGER", str(book / "main.beancount"))
    _, by_variable = run(elsewhere, "check", monkeypatch=monkeypatch)
    assert by_variable == said.replace("main.beancount", str(book / "main.beancount"), 1)
    monkeypatch.setenv("GHFUND_LEDGER", str(elsewhere / "无.beancount"))
    code, said = run(elsewhere, "check", monkeypatch=monkeypatch)
    assert code == 2 and "环境变量 GHFUND_LEDGER 指向的账本文件" in said
    monkeypatch.delenv("GHFUND_LEDGER")
    code, said = run(elsewhere, "check", monkeypatch=monkeypatch)
    assert "未指定账本，使用自带的示例账本" in said


def test_a_book_folder_names_its_main_file(
    book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GHFUND_LEDGER, LEDGER and a writer's ledger may name the book's folder: its
    main.beancount; a folder without one is said to be a folder (exit 2)."""
    elsewhere = tmp_path / "别处"
    elsewhere.mkdir()
    monkeypatch.setenv("GHFUND_LEDGER", str(book))
    code, said = run(elsewhere, "check", monkeypatch=monkeypatch)
    assert code == 0 and f"检查账本 {book / 'main.beancount'}" in said
    code, said = run(
        elsewhere, "close", "--through", "2025-01-31", "--dry-run", monkeypatch=monkeypatch
    )
    assert code == 0 and f"== {book / 'main.beancount'}" in said
    monkeypatch.setenv("GHFUND_LEDGER", str(elsewhere))
    code, said = run(elsewhere, "check", monkeypatch=monkeypatch)
    assert code == 2 and f"指向的文件夹 {elsewhere} 中没有 main.beancount" in said
    monkeypatch.delenv("GHFUND_LEDGER")
    code, said = run(elsewhere, "check", str(book), monkeypatch=monkeypatch)
    assert code == 0 and f"检查账本 {book / 'main.beancount'}" in said


def test_a_writer_never_writes_the_bundled_example(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    example = default_ledger()
    before = {p: p.read_bytes() for p in example.parent.iterdir()}
    code, said = run(tmp_path, "close", "--through", "2025-06-30", monkeypatch=monkeypatch)
    assert code == 2 and "当前文件夹没有 main.beancount" in said
    code, said = run(
        tmp_path, "close", str(example), "--through", "2025-06-30", monkeypatch=monkeypatch
    )
    assert code == 2 and "属于 ghfund 自带的示例账本，不能写入" in said
    code, said = run(example.parent, "depreciate", "--through", "2025-06", monkeypatch=monkeypatch)
    assert code == 2 and "自带的示例账本" in said
    assert {p: p.read_bytes() for p in example.parent.iterdir()} == before


def test_depreciation_over_combined_lines_is_refused_on_a_copy_of_the_example(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "example"
    shutil.copytree(default_ledger().parent, copy)
    before = files(copy)
    code, said = run(copy, "depreciate", "--through", "2025-12", monkeypatch=monkeypatch)
    assert code == 2, said
    assert "已有未注明资产的折旧分录（合计 21,222.23 元，2023.beancount:809" in said
    assert "每行注明 asset（或 tag）" in said
    assert files(copy) == before


def test_a_second_opening_balance_is_refused(book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (book / "余额表.csv").write_text(BALANCES, encoding="utf-8")
    code, said = run(
        book, "import", "balances", "余额表.csv", "--date", "2024-12-31", monkeypatch=monkeypatch
    )
    assert code == 0, said
    before = files(book)
    code, said = run(
        book, "import", "balances", "余额表.csv", "--date", "2025-01-31", monkeypatch=monkeypatch
    )
    assert code == 2 and "账本已有期初余额（2024-12-31，main.beancount 第" in said, said
    assert files(book) == before
    assert load_file(book / "main.beancount").errors == ()


def test_payroll_months_outside_the_book_are_refused(
    book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (book / "工资.csv").write_text(
        "月份,工资总额\n1990-01,1000.00\n2030-01,1000.00\n", encoding="utf-8"
    )
    before = files(book)
    code, said = run(book, "import", "payroll", "工资.csv", monkeypatch=monkeypatch)
    assert code == 2, said
    assert "拟写入的 1990-02-10 条目早于账本的第一笔条目（2024-12-31）" in said
    assert "拟写入的 2030-02-10 条目晚于" in said
    assert files(book) == before


def test_a_changed_voucher_under_the_same_number_is_a_conflict(
    book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (book / "序时账.csv").write_text(VOUCHERS, encoding="utf-8")
    code, said = run(book, "import", "vouchers", "序时账.csv", monkeypatch=monkeypatch)
    assert code == 0, said
    before = files(book)
    (book / "序时账.csv").write_text(VOUCHERS.replace("500.00", "600.00"), encoding="utf-8")
    code, said = run(book, "import", "vouchers", "序时账.csv", monkeypatch=monkeypatch)
    assert code == 2, said
    assert (
        "第 2 行：凭证 记-0003（2025-03-05）与账本中的同号凭证（2025-03-05，main.beancount 第"
        in said
    )
    assert "日期、科目或金额不同" in said
    assert files(book) == before


def test_a_formula_without_its_value_is_refused_with_its_cell(
    book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = openpyxl.Workbook()
    for row in [
        ["日期", "凭证字号", "摘要", "科目编码", "借方", "贷方"],
        ["2025-03-05", "记-0003", "提取备用金", "101", "=F3", None],
        ["2025-03-05", "记-0003", "提取备用金", "102", None, 500],
    ]:
        sheet.active.append(row)
    out = io.BytesIO()
    sheet.save(out)
    (book / "序时账.xlsx").write_bytes(out.getvalue())
    before = files(book)
    code, said = run(book, "import", "vouchers", "序时账.xlsx", monkeypatch=monkeypatch)
    assert (
        code == 2 and "第 2 行：借方金额（单元格 E2）是公式，但文件中没有保存它的计算结果" in said
    )
    assert files(book) == before


def test_bank_lines_go_only_to_102_and_never_into_a_closed_month(
    book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (book / "流水.csv").write_text(BANK, encoding="utf-8")
    code, said = run(
        book, "reconcile", "--bank", "流水.csv", "--account", "101", "--month", "2025-03",
        monkeypatch=monkeypatch,
    )  # fmt: skip
    assert code == 2 and "101 不是银行存款科目（102 及其明细）" in said
    code, said = run(
        book, "close", "--through", "2025-03-31", "--date", "2025-04-01", monkeypatch=monkeypatch
    )
    assert code == 0, said
    before = files(book)
    code, said = run(
        book, "import", "bank", "流水.csv", "--account", "102", monkeypatch=monkeypatch
    )
    assert (
        code == 2 and "拟写入的 2025-03-25 条目（凭证 记-2025-0003）落在已结账的 2025-03 月" in said
    ), said
    assert files(book) == before
    june = BANK.replace("202503", "202504")
    (book / "流水.csv").write_text(june, encoding="utf-8")
    code, said = run(
        book, "import", "bank", "流水.csv", "--account", "102", monkeypatch=monkeypatch
    )
    assert code == 0, said
    text = (book / "main.beancount").read_text(encoding="utf-8")
    assert "2025-04-20 open Income:408-其他收入:99-待确认收入" in text
    loaded = load_file(book / "main.beancount")
    assert loaded.errors == ()
    assert not [e for e in loaded.findings.open if e.rule == "period-changed"]


def test_close_without_a_date_keeps_the_books_end(
    book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = load_file(book / "main.beancount")
    code, said = run(book, "close", "--through", "2025-02-28", monkeypatch=monkeypatch)
    assert code == 0, said
    after = load_file(book / "main.beancount")
    assert after.book.last_date == before.book.last_date
    assert '2025-03-20 custom "ghfund-close" 2025-02-28' in (book / "main.beancount").read_text(
        encoding="utf-8"
    )
    opened = {(e.rule, e.key) for e in after.findings.open}
    assert opened == {(e.rule, e.key) for e in before.findings.open}


def test_a_report_never_overwrites_a_ledger_file(
    book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = files(book)
    for target in ("2025.beancount", "新.beancount"):
        code, said = run(
            book, "report", "--year", "2025", "--format", "text", "-o", target, "--force",
            monkeypatch=monkeypatch,
        )  # fmt: skip
        assert code == 2 and "是账本文件，报表不能写入账本文件（加 --force 也不行）" in said
    (book / "main.beancount").open("a", encoding="utf-8").write('include "附注.txt"\n')
    (book / "附注.txt").write_text("", encoding="utf-8")
    code, said = run(
        book, "report", "--year", "2025", "-o", "附注.txt", "--force", monkeypatch=monkeypatch
    )
    assert code == 2 and "附注.txt 是账本文件" in said
    assert (book / "附注.txt").read_text(encoding="utf-8") == ""
    assert files(book)["2025.beancount"] == before["2025.beancount"]


def test_a_relative_to_names_a_file_of_the_book(
    book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--to 2025.beancount`` run from outside the book's folder names the book's own file
    (as its include lines do); a --to file that does not exist says so, and how to fix."""
    (tmp_path / "序时账.csv").write_text(VOUCHERS, encoding="utf-8")
    main = str(book / "main.beancount")
    code, said = run(
        tmp_path,
        *("import", "vouchers", "序时账.csv", "--ledger", main, "--to", "2025.beancount"),
        monkeypatch=monkeypatch,
    )
    assert code == 0 and "已写入 账本/2025.beancount" in said, said
    before = files(book)
    other = VOUCHERS.replace("记-0003", "记-0004").replace("提取备用金", "再提备用金")
    (tmp_path / "另一序时账.csv").write_text(other, encoding="utf-8")
    code, said = run(
        tmp_path,
        *("import", "vouchers", "另一序时账.csv", "--ledger", main, "--to", "2026.beancount"),
        monkeypatch=monkeypatch,
    )
    assert code == 2 and "2026.beancount 不存在，也还不是这本账的文件" in said, said
    assert files(book) == before


def test_a_read_only_book_file_is_not_written(
    book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file its owner made read-only (a closed year kept safe) is refused, not replaced:
    replacing a file only needs its folder writable. (Tests run as root, for whom every file
    is writable: the check is made to see the file read-only.)"""
    import os

    from ghfund import writing

    year = book / "2025.beancount"
    year.chmod(0o444)
    real = os.access
    monkeypatch.setattr(
        writing.os, "access", lambda p, mode: False if Path(p) == year else real(p, mode)
    )
    (tmp_path / "序时账.csv").write_text(VOUCHERS, encoding="utf-8")
    before = files(book)
    code, said = run(
        book,
        "import",
        "vouchers",
        str(tmp_path / "序时账.csv"),
        "--to",
        "2025.beancount",
        monkeypatch=monkeypatch,
    )
    assert code == 2 and "2025.beancount 是只读文件" in said, said
    assert files(book) == before and year.stat().st_mode & 0o777 == 0o444


def test_a_command_in_a_sub_folder_of_a_book_points_at_it(
    book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run in 账本/导入, a reader falls back to the bundled example and a writer refuses, as
    anywhere else; both say where the book above is, so that the example's report is not
    taken for the union's."""
    inside = book / "导入"
    inside.mkdir()
    code, said = run(inside, "check", monkeypatch=monkeypatch)
    assert "未指定账本，使用自带的示例账本" in said
    assert f"上级文件夹 {book} 有账本 main.beancount" in said, said
    before = files(book)
    code, said = run(inside, "close", "--through", "2025-01-31", monkeypatch=monkeypatch)
    assert code == 2 and f"在命令中给出 {book / 'main.beancount'}" in said, said
    assert files(book) == before
