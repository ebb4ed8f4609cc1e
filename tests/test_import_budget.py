"""``ghfund import budget``: the edited draft back into the book, once, balanced, approved."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from ghfund import budgets
from ghfund.cli import cli
from ghfund.importers.budget import BudgetProblem, read
from ghfund.ledger import default_ledger, load_file

APPROVED = "工会委员会2026年第1次会议"
JULY = ("--date", "2026-07-10", "--adjustment", "--approved", "工会委员会2026年第4次会议")


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    """A copy of the example book (2023–2025) to write into."""
    for path in default_ledger().parent.glob("*.beancount"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path / "main.beancount"


def draft_xlsx(main: Path) -> Path:
    out = main.parent / "预算2026.xlsx"
    code, _, err = invoke("budget", "--year", "2026", "--draft", str(main), "-o", str(out))
    assert code == 0, err
    return out


def import_budget(main: Path, table: Path, *extra: str) -> tuple[int, str, str]:
    return invoke(
        "import",
        "budget",
        str(table),
        "--ledger",
        str(main),
        "--year",
        "2026",
        "--approved",
        APPROVED,
        "--to",
        str(main.parent / "2025.beancount"),
        *extra,
    )


def test_the_imported_draft_gives_no_budget_finding_and_a_rerun_writes_nothing(
    example_copy: Path,
) -> None:
    table = draft_xlsx(example_copy)
    code, out, err = import_budget(example_copy, table, "--date", "2026-01-12")
    assert code == 0, err
    assert "17 个科目" in out
    year = load_file(example_copy)
    lines = budgets.of_book(year.book)[2026]
    totals = budgets.totals(lines)
    assert totals["income"][0] + totals["draw"][0] == totals["expense"][0] == 268460
    assert not [f for f in year.findings.open if f.rule.startswith("budget")]
    written = (example_copy.parent / "2025.beancount").read_bytes()
    code, out, _ = import_budget(example_copy, table, "--date", "2026-01-12")
    assert code == 0 and "没有改动" in out
    assert (example_copy.parent / "2025.beancount").read_bytes() == written
    code, shown, _ = invoke("budget", "--year", "2026", str(example_copy), "--format", "csv")
    assert code == 0
    assert "会员活动支出,50105,156160.00,156160.00" in shown


def edited(path: Path, changes: dict[str, str]) -> Path:
    """The draft as a treasurer edits it: a copy in csv with some 本年预算数 changed."""
    import openpyxl

    sheet = openpyxl.load_workbook(path).active
    out = path.with_suffix(".csv")
    lines = []
    for row in sheet.iter_rows(values_only=True):
        cells = ["" if cell is None else str(cell) for cell in row]
        if cells and cells[0] in changes:
            cells[4] = changes[cells[0]]
        lines.append(",".join(cells))
    out.write_text("\n".join(lines), encoding="gbk")  # as WPS saves a csv
    return out


def test_an_unbalanced_table_is_refused_with_its_figures_and_the_book_unchanged(
    example_copy: Path,
) -> None:
    table = edited(draft_xlsx(example_copy), {"50105": "200000.00"})
    before = {p.name: p.read_bytes() for p in example_copy.parent.glob("*.beancount")}
    code, _, err = import_budget(example_copy, table, "--date", "2026-01-12")
    assert code == 2
    assert "不平衡" in err and "312,300.00" in err and "赤字 43,840.00" in err
    assert "Traceback" not in err
    after = {p.name: p.read_bytes() for p in example_copy.parent.glob("*.beancount")}
    assert after == before


def test_a_mid_year_adjustment_writes_only_the_changed_lines(example_copy: Path) -> None:
    table = draft_xlsx(example_copy)
    assert import_budget(example_copy, table, "--date", "2026-01-12")[0] == 0
    # July: 文体活动 up by 5,000, paid for by a further draw on the 322 balance
    adjusted = edited(table, {"50102": "35720.00", "322": "27839.00"})
    code, _, err = import_budget(example_copy, adjusted, "--date", "2026-07-10")
    assert code == 2 and "--adjustment" in err  # a year with a budget changes only by adjustment
    code, out, err = import_budget(example_copy, adjusted, *JULY)
    assert code == 0, err
    assert "年中调整 2 个科目" in out
    text = (example_copy.parent / "2025.beancount").read_text(encoding="utf-8")
    tail = text[text.index("年中调整") :]
    assert tail.count('custom "budget"') == 2 and tail.count("adjustment: TRUE") == 2
    loaded = load_file(example_copy)
    lines = {line.code: line for line in budgets.of_book(loaded.book)[2026]}
    assert (lines["50102"].original, lines["50102"].effective) == (30720, 35720)
    assert not [f for f in loaded.findings.open if f.rule.startswith("budget")]
    before = (example_copy.parent / "2025.beancount").read_bytes()
    code, out, _ = import_budget(example_copy, adjusted, *JULY)  # again: nothing to write
    assert code == 0 and "没有改动" in out
    assert (example_copy.parent / "2025.beancount").read_bytes() == before


def test_an_adjustment_dated_before_the_budget_is_refused(example_copy: Path) -> None:
    table = draft_xlsx(example_copy)
    assert import_budget(example_copy, table, "--date", "2026-03-01")[0] == 0
    adjusted = edited(table, {"50102": "30000.00", "50105": "156880.00"})
    code, _, err = import_budget(example_copy, adjusted, "--adjustment", "--date", "2026-02-01")
    assert code == 2 and "2026-03-01" in err


def test_bad_cells_are_named_by_row_and_column() -> None:
    csv = "科目编码,科目名称,本年预算数\n401,会费收入,abc\n402,拨缴经费收入,-5\n402,重复,1\n"
    with pytest.raises(BudgetProblem) as caught:
        read("预算.csv", csv.encode())
    message = str(caught.value)
    assert "第 2 行" in message and "C2" in message and "abc" in message
    assert "第 3 行" in message and "负数" in message
    assert "第 4 行" in message and "第 3 行已经出现" in message


def test_subtotals_and_notes_are_read_past() -> None:
    csv = textwrap.dedent(
        """\
        2026年度工会经费收支预算表
        科目编码,科目名称,上年预算数,上年执行数,本年预算数,说明
        ,收入合计,,,100.00,
        402,拨缴经费收入,,,100.00,
        501,职工活动支出,,,999.00,
        50102,文体活动支出,,,60.00,
        50105,会员活动支出,,,40.00,
        ,期末滚存结余,,,5.00,
        本预算经____年__月__日工会委员会讨论通过。,,,,,
        """
    )
    rows = read("预算.csv", csv.encode())
    assert [(r.code, str(r.amount)) for r in rows] == [
        ("402", "100.00"),
        ("50102", "60.00"),
        ("50105", "40.00"),
    ]


def test_without_a_header_the_message_says_what_the_table_needs() -> None:
    with pytest.raises(BudgetProblem) as caught:
        read("预算.csv", b"a,b\n1,2\n")
    assert "科目编码" in str(caught.value) and "本年预算数" in str(caught.value)


def test_dry_run_shows_the_directives_and_writes_nothing(example_copy: Path) -> None:
    table = draft_xlsx(example_copy)
    before = (example_copy.parent / "2025.beancount").read_bytes()
    code, out, _ = import_budget(
        example_copy,
        table,
        "--date",
        "2026-01-12",
        "--reviewed",
        "经审会2026年第1次会议",
        "--dry-run",
    )
    assert code == 0 and "预览（未写入）" in out
    assert '2026-01-12 custom "budget" Income:402-拨缴经费收入 "yearly" 190250.00 CNY' in out
    assert 'reviewed: "经审会2026年第1次会议"' in out
    assert (example_copy.parent / "2025.beancount").read_bytes() == before
