"""``ghfund import payroll``: reading payroll summaries, refusing bad ones, appending once."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from ghfund.cli import cli
from ghfund.importers.payroll import PayrollFileProblem, PayrollRow, read
from ghfund.ledger import load_file, load_string

D = Decimal

CSV = """月份,工资总额（元）,会费基数,会员人数,备注
2025-01,"1,250,000.00",830000,121,
2025年2月,1260000.5,831000.00,122,春节
合计,2510000.5,,,
"""


def xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def problem(name: str, data: bytes) -> str:
    with pytest.raises(PayrollFileProblem) as caught:
        read(name, data)
    return str(caught.value)


# --- reading ----------------------------------------------------------------------------


def test_csv_with_chinese_headers_and_default_dates() -> None:
    rows = read("工资.csv", CSV.encode("utf-8"))
    assert rows == [
        PayrollRow(
            2,
            datetime.date(2025, 1, 31),
            D("1250000.00"),
            D("830000.00"),
            121,
            datetime.date(2025, 2, 10),
        ),
        PayrollRow(
            3,
            datetime.date(2025, 2, 28),
            D("1260000.50"),
            D("831000.00"),
            122,
            datetime.date(2025, 3, 10),
        ),
    ]
    assert rows[0].directive("CNY") == (
        '2025-02-10 custom "ghfund-payroll" 2025-01-31 1250000.00 CNY\n'
        "  dues-base: 830000.00 CNY\n"
        "  members: 121\n"
    )


def test_the_staff_count_is_read_and_written_beside_the_members() -> None:
    text = "月份,工资总额,会员人数,职工人数\n2025-01,1250000,121,126人\n"
    (row,) = read("工资.csv", text.encode("utf-8"))
    assert (row.members, row.employees) == (121, 126)
    assert row.directive("CNY").endswith("  members: 121\n  employees: 126\n")
    loaded = load_string(
        'option "operating_currency" "CNY"\n2025-01-01 open Assets:102-银行存款\n'
        + row.directive("CNY")
    )
    assert loaded.errors == ()
    assert [p.employees for p in loaded.book.directives.payrolls] == [126]


def test_csv_saved_by_excel_in_gbk_with_a_date_column() -> None:
    text = "所属月份,应发工资总额,日期\n202412,1643054.67,2025-01-08\n"
    [row] = read("工资.csv", text.encode("gb18030"))
    assert (row.month, row.total, row.dues_base, row.members, row.date) == (
        datetime.date(2024, 12, 31),
        D("1643054.67"),
        None,
        None,
        datetime.date(2025, 1, 8),
    )
    assert row.directive("CNY") == '2025-01-08 custom "ghfund-payroll" 2024-12-31 1643054.67 CNY\n'


def test_xlsx_under_a_title_with_dates_and_floats() -> None:
    data = xlsx(
        [
            ["江淮精密机械有限公司2025年工资汇总表"],
            [],
            ["工资月份", "工资总额(元)", "会员会费基数", "会员数"],
            [datetime.datetime(2025, 3, 1), 1290456.25, 900707.43, 121.0],
            [datetime.datetime(2025, 4, 30), 1283501.55, None, 120],
            ["合计", 2573957.8, None, None],
        ]
    )
    rows = read("工资.xlsx", data)
    assert [(r.row, r.month, r.total, r.dues_base, r.members) for r in rows] == [
        (4, datetime.date(2025, 3, 31), D("1290456.25"), D("900707.43"), 121),
        (5, datetime.date(2025, 4, 30), D("1283501.55"), None, 120),
    ]


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("a.csv", b"", "是空的"),
        ("a.csv", "月份,工资总额\n".encode(), "没有数据行"),
        ("a.csv", "月,工资\n2025-01,1\n".encode(), "找不到表头"),
        ("a.csv", "月份,工资总额（万元）\n2025-01,125\n".encode(), "万元"),
        ("a.csv", "月份,工资总额,应发工资\n2025-01,1,1\n".encode(), "有两列"),
        ("a.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500, "另存为"),
        ("a.xlsx", b"PK\x03\x04 not really a zip", "不是有效的 .xlsx"),
        ("a.xlsx", "月份,工资总额\n2025-01,1\n".encode(), "不是有效的 Excel"),
        ("a.csv", bytes(range(256)) * 4, "不是 CSV"),
    ],
)
def test_files_that_are_refused_whole(name: str, data: bytes, expected: str) -> None:
    assert expected in problem(name, data)


def test_bad_rows_are_all_named_by_row_number() -> None:
    text = (
        "月份,工资总额,会员人数,日期\n"
        "2025-01,1250000.00,121,\n"
        "2025-02-15,1250000.00,121,\n"  # row 3: a day, not a month
        "2025-03,一百万,121,\n"  # row 4: not a number
        "2025-01,1250000.00,121,\n"  # row 5: January again
        "2025-13,1250000.00,121,\n"  # row 6: no such month
        "2025-04,1250000.005,12.5,\n"  # row 7: three decimals, half a member
        "2025-05,,121,\n"  # row 8: empty amount
        "2025-06,-1.00,121,2025-05-01\n"  # row 9: negative; date before the month
    )
    message = problem("工资.csv", text.encode("utf-8"))
    assert message.startswith("工资汇总表 工资.csv 有 7 处错误，未导入任何数据")
    for row in (3, 4, 5, 6, 7, 8, 9):
        assert f"第 {row} 行" in message
    assert "与第 2 行重复" in message
    assert "第 2 行" not in message.replace("与第 2 行重复", "")


def test_xlsx_cell_problems_are_named_too() -> None:
    data = xlsx(
        [
            ["月份", "工资总额"],
            [datetime.datetime(2025, 2, 15), 1.0],
            ["2025-03", 1250000.123],
            ["2025-04", "=A1"],
        ]
    )
    message = problem("工资.xlsx", data)
    assert "第 2 行：月份" in message and "不是月份" in message
    assert "第 3 行" in message and "两位小数" in message
    assert "第 4 行：工资总额（单元格 B4）是公式，但文件中没有保存它的计算结果" in message
    assert "“2025-02-15”" in message


# --- the command ------------------------------------------------------------------------

BOOK = """option "operating_currency" "CNY"
plugin "ghfund.plugins.all"
include "2025.beancount"
2024-12-31 open Assets:102-银行存款
2025-01-10 custom "ghfund-payroll" 2024-12-31 1643054.67 CNY
"""
YEAR = """2025-01-15 * "单位" "利息"
  voucher: "记-2025-0001"
  Assets:102-银行存款  1.00 CNY
  Income:408-其他收入
2024-12-31 open Income:408-其他收入
"""
SHEET = """月份,工资总额,会费基数,会员人数
2024-12,1643054.67,1100000.00,120
2025-01,1267181.13,871000.00,121
2025-02,1293376.55,900707.43,121
"""


@pytest.fixture
def book_dir(tmp_path: Path) -> Path:
    (tmp_path / "main.beancount").write_text(BOOK, encoding="utf-8")
    (tmp_path / "2025.beancount").write_text(YEAR, encoding="utf-8")
    (tmp_path / "工资.csv").write_text(SHEET, encoding="utf-8")
    return tmp_path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["import", "payroll", *args])
    return result.exit_code, result.stdout, result.stderr


def test_import_appends_new_months_once(book_dir: Path) -> None:
    main = book_dir / "main.beancount"
    sheet = str(book_dir / "工资.csv")
    code, out, _ = run(sheet, "--ledger", str(main))
    assert code == 0, out
    assert "2 个月（2025-01、2025-02）" in out and "跳过：2024-12" in out
    text = main.read_text(encoding="utf-8")
    assert text.startswith(BOOK)  # existing lines untouched
    assert text[len(BOOK) :] == (
        "\n;; 工资数据：由 ghfund import payroll 从 工资.csv 导入\n"
        '2025-02-10 custom "ghfund-payroll" 2025-01-31 1267181.13 CNY\n'
        "  dues-base: 871000.00 CNY\n"
        "  members: 121\n"
        "\n"
        '2025-03-10 custom "ghfund-payroll" 2025-02-28 1293376.55 CNY\n'
        "  dues-base: 900707.43 CNY\n"
        "  members: 121\n"
    )
    loaded = load_file(main)
    assert loaded.errors == ()
    assert [(p.month.isoformat(), p.total) for p in loaded.book.directives.payrolls] == [
        ("2024-12-31", D("1643054.67")),
        ("2025-01-31", D("1267181.13")),
        ("2025-02-28", D("1293376.55")),
    ]
    code, out, _ = run(sheet, "--ledger", str(main))
    assert code == 0 and "没有新的月份" in out
    assert main.read_text(encoding="utf-8") == text


def test_dry_run_shows_and_writes_nothing(book_dir: Path) -> None:
    main = book_dir / "main.beancount"
    code, out, _ = run(str(book_dir / "工资.csv"), "--ledger", str(main), "--dry-run")
    assert code == 0
    assert "预览（未写入）" in out
    assert '2025-03-10 custom "ghfund-payroll" 2025-02-28 1293376.55 CNY' in out
    assert main.read_text(encoding="utf-8") == BOOK


def test_import_into_an_included_year_file(book_dir: Path) -> None:
    year = book_dir / "2025.beancount"
    code, out, _ = run(
        str(book_dir / "工资.csv"), "--ledger", str(book_dir / "main.beancount"), "--to", str(year)
    )
    assert code == 0, out
    assert year.read_text(encoding="utf-8").startswith(YEAR)
    assert "2025-01-31 1267181.13 CNY" in year.read_text(encoding="utf-8")
    assert (book_dir / "main.beancount").read_text(encoding="utf-8") == BOOK


def test_a_target_outside_the_book_is_refused(book_dir: Path) -> None:
    other = book_dir / "2026.beancount"
    other.write_text("", encoding="utf-8")
    code, _, err = run(
        str(book_dir / "工资.csv"), "--ledger", str(book_dir / "main.beancount"), "--to", str(other)
    )
    assert code == 2 and "不是这本账的文件" in err and "2025.beancount" in err
    assert other.read_text(encoding="utf-8") == ""


def test_a_bad_file_writes_nothing(book_dir: Path) -> None:
    bad = book_dir / "bad.csv"
    bad.write_text("月份,工资总额\n2025-03,abc\n", encoding="utf-8")
    code, _, err = run(str(bad), "--ledger", str(book_dir / "main.beancount"))
    assert code == 2 and "第 2 行" in err
    assert (book_dir / "main.beancount").read_text(encoding="utf-8") == BOOK


def test_writing_needs_an_explicit_ledger(book_dir: Path) -> None:
    code, _, err = run(str(book_dir / "工资.csv"))
    assert code == 2 and "--ledger" in err


def test_a_missing_file_is_a_usage_error(book_dir: Path) -> None:
    code, _, err = run(str(book_dir / "nope.xlsx"), "--ledger", str(book_dir / "main.beancount"))
    assert code == 2 and "找不到工资汇总表" in err


def test_a_month_with_a_malformed_directive_is_not_imported_again(book_dir: Path) -> None:
    main = book_dir / "main.beancount"
    broken = BOOK + '2025-02-10 custom "ghfund-payroll" 2025-01-15 1.00 CNY\n'
    main.write_text(broken, encoding="utf-8")
    code, out, _ = run(str(book_dir / "工资.csv"), "--ledger", str(main))
    assert code == 0 and "1 个月（2025-02）" in out and "跳过：2024-12、2025-01" in out
