"""Every bad input gets a clear Chinese answer: no traceback, no wrong data written (issue 13).

One test per case found by trying the commands as a hostile user would; the property
suite (tests/test_fuzz.py) generates more of them.
"""

from __future__ import annotations

import io
import os
import textwrap
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result
from fava.application import create_app
from flask.testing import FlaskClient

from ghfund.cli import cli
from ghfund.explain import explain
from ghfund.ledger import LedgerError, load_file, load_string

MAIN = """\
option "title" "测试工会经费账"
option "operating_currency" "CNY"
plugin "ghfund.plugins.all"
2024-01-01 custom "ghfund-option" "union-name" "测试工会"
include "accounts.beancount"
include "2025.beancount"
"""
ACCOUNTS = """\
2024-12-31 open Assets:102-银行存款
2024-12-31 open Equity:322-工会资金结余
2024-12-31 open Income:408-其他收入
2024-12-31 open Expenses:501-职工活动支出:50102-文体活动支出
"""
YEAR = """\
; 2025 年度凭证
2024-12-31 * "期初余额"
  voucher: "记-2024-0001"
  Assets:102-银行存款  1000.00 CNY
  Equity:322-工会资金结余
"""


def make_book(tmp_path: Path, year: str = "", main: str = "") -> Path:
    """A small clean book of three files; ``year`` is appended to 2025.beancount."""
    (tmp_path / "main.beancount").write_text(MAIN + textwrap.dedent(main), encoding="utf-8")
    (tmp_path / "accounts.beancount").write_text(ACCOUNTS, encoding="utf-8")
    (tmp_path / "2025.beancount").write_text(YEAR + textwrap.dedent(year), encoding="utf-8")
    return tmp_path / "main.beancount"


def run(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result


def snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


# --- numbers too large ----------------------------------------------------------------------

HUGE = "123456789012345678901234567890.00"


@pytest.mark.parametrize(
    "command",
    [
        ["check"],
        ["report", "--year", "2025"],
        ["budget", "--year", "2025"],
        ["budget", "--year", "2026", "--draft"],
        ["report", "--year", "2025", "--pack"],
        ["audit", "--year", "2025"],
    ],
)
@pytest.mark.parametrize("written", ["interpolated", "both"])
def test_an_amount_of_30_digits_is_an_error_at_its_line(
    tmp_path: Path, command: list[str], written: str
) -> None:
    other = f"-{HUGE} CNY" if written == "both" else ""
    path = make_book(
        tmp_path,
        f"""\
        2025-01-05 * "x"
          voucher: "记-2025-0001"
          Assets:102-银行存款  {HUGE} CNY
          Equity:322-工会资金结余  {other}
        """,
    )
    result = run(*command, str(path))
    assert result.exit_code == 2
    assert "金额超出 ghfund 能处理的范围" in result.stderr
    assert "2025.beancount:8 的 123456789012345678901234567890.00" in result.stderr


def test_a_custom_directive_without_values_is_a_finding_not_a_crash() -> None:
    loaded = load_string('option "operating_currency" "CNY"\n2025-02-10 custom "ghfund-payroll"\n')
    assert [e.rule for e in loaded.findings.open] == ["directive-invalid"]
    # Beancount's own pad plugin raises on it; the error is told at the directive's line
    (error,) = loaded.errors
    assert error.source["lineno"] == 2 and "没有任何值" in explain(error)
    assert "Traceback" not in explain(error)


def test_a_huge_number_in_a_directive_is_refused_too() -> None:
    with pytest.raises(LedgerError, match="金额超出"):
        load_string(
            'option "operating_currency" "CNY"\n'
            '2025-03-10 custom "ghfund-payroll" 2025-02-28 99999999999999999999999999999.00 CNY\n'
        )


# --- encodings ------------------------------------------------------------------------------


def test_a_main_file_saved_as_gbk_is_named_with_the_fix(tmp_path: Path) -> None:
    path = make_book(tmp_path)
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))
    result = run("check", str(path))
    assert result.exit_code == 2
    assert "main.beancount 的编码是 GBK/GB18030" in result.stderr
    assert "ghfund convert-encoding" in result.stderr and "UnicodeDecodeError" not in result.output


def test_an_included_gbk_file_is_named_and_converted(tmp_path: Path) -> None:
    path = make_book(tmp_path)
    year = tmp_path / "2025.beancount"
    gbk = year.read_text(encoding="utf-8").encode("gbk")
    year.write_bytes(gbk)
    result = run("report", "--year", "2025", str(path))
    assert result.exit_code == 2 and "2025.beancount 的编码是 GBK" in result.stderr
    converted = run("convert-encoding", str(year))
    assert converted.exit_code == 0 and "转为 UTF-8" in converted.stdout
    assert year.read_text(encoding="utf-8") == YEAR
    assert (tmp_path / "2025.beancount.orig").read_bytes() == gbk
    assert run("check", str(path)).exit_code == 0
    again = run("convert-encoding", str(year))  # idempotent: nothing to do
    assert again.exit_code == 0 and "已是 UTF-8" in again.stdout


def test_an_included_file_in_no_known_encoding_is_named(tmp_path: Path) -> None:
    path = make_book(tmp_path)
    (tmp_path / "2025.beancount").write_bytes(b"; caf\xe9 \xff\xfe\xfd\n")
    result = run("check", str(path))
    assert result.exit_code == 2
    assert (
        result.stderr.startswith("ghfund：无法解析账本文件 ") and "2025.beancount" in result.stderr
    )
    assert run("convert-encoding", str(tmp_path / "2025.beancount")).exit_code == 2


def test_conversion_never_overwrites_a_kept_original(tmp_path: Path) -> None:
    path = tmp_path / "a.beancount"
    path.write_bytes("; 工会\n".encode("gbk"))
    (tmp_path / "a.beancount.orig").write_text("older", encoding="utf-8")
    result = run("convert-encoding", str(path))
    assert result.exit_code == 2 and "已存在" in result.stderr
    assert path.read_bytes() == "; 工会\n".encode("gbk")


def test_a_bom_is_named_and_removed_by_conversion(tmp_path: Path) -> None:
    path = make_book(tmp_path)
    accounts = tmp_path / "accounts.beancount"
    accounts.write_bytes(b"\xef\xbb\xbf" + ACCOUNTS.encode("utf-8"))
    result = run("check", str(path))
    assert result.exit_code == 2 and "accounts.beancount 的编码是 带 BOM 的 UTF-8" in result.stderr
    assert "﻿" not in result.stderr
    assert run("convert-encoding", str(accounts)).exit_code == 0
    assert accounts.read_bytes() == ACCOUNTS.encode("utf-8")


def test_conversion_rewrites_the_file_behind_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real.beancount"
    real.write_bytes("; 工会\n".encode("gbk"))
    link = tmp_path / "link.beancount"
    link.symlink_to(real)
    assert run("convert-encoding", str(link)).exit_code == 0
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "; 工会\n"


def test_an_include_cycle_is_told_in_chinese_at_the_include_line(tmp_path: Path) -> None:
    path = make_book(tmp_path, 'include "main.beancount"\n')
    result = run("check", str(path))
    assert result.exit_code == 1
    assert "被 include 了不止一次" in result.stdout
    assert "2025.beancount:6" in result.stdout  # the line that includes main again


# --- messages show values as written ---------------------------------------------------------


def test_setting_messages_show_values_as_written() -> None:
    loaded = load_string(
        'option "operating_currency" "CNY"\n'
        '2025-01-01 custom "ghfund-option" "union-name" 2025-01-01\n'
        '2025-01-01 custom "ghfund-option" "large-expense" 20000\n'
        '2025-01-01 custom "ghfund-option" "allocation-mode" "both"\n'
    )
    messages = " ".join(e.message for e in loaded.findings.open)
    assert "实为 2025-01-01" in messages and "实为 20000" in messages and "实为 “both”" in messages
    assert "datetime" not in messages and "Decimal(" not in messages and "'" not in messages


def test_a_monthly_budget_is_not_ignored_silently() -> None:
    loaded = load_string(
        'option "operating_currency" "CNY"\n'
        "2025-01-01 open Expenses:510-其他支出\n"
        '2025-01-20 custom "budget" Expenses:510-其他支出 "monthly" 1000.00 CNY\n'
    )
    (error,) = [e for e in loaded.findings.open if e.rule == "directive-invalid"]
    assert "“monthly”" in error.message and "yearly" in error.message
    assert error.source["lineno"] == 3


# --- ghfund import payroll --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("csv", "said"),
    [
        ("月份,工资总额\n9999-12,100.00\n", "年份不在 1900–2100 之间"),
        ("月份,工资总额,会员人数\n2025-05,100.00,²\n", "不是人数"),
        (f"月份,工资总额\n2025-05,{HUGE}\n", "过大"),
        ("月份,工资总额\n2025-05,1,250,000.00\n", "多于表头的 2 列"),
        ("月份,工资总额,日期\n2025-05,100.00,9999-01-01\n", "年份不在"),
        ("月份,工资总额\n2025-05,١٠٠\n", "不是金额"),
        ("月份,工资总额\n2025-05,0\n", "工资总额为零"),
    ],
)
def test_a_bad_payroll_row_is_refused_and_nothing_written(
    tmp_path: Path, csv: str, said: str
) -> None:
    path = make_book(tmp_path)
    before = snapshot(tmp_path)
    payroll = tmp_path / "pay" / "工资.csv"
    payroll.parent.mkdir()
    payroll.write_text(csv, encoding="utf-8")
    result = run("import", "payroll", str(payroll), "--ledger", str(path))
    assert result.exit_code == 2 and "第 2 行" in result.stderr and said in result.stderr
    assert snapshot(tmp_path) == before


def test_a_huge_xlsx_cell_is_a_row_error(tmp_path: Path) -> None:
    path = make_book(tmp_path)
    before = snapshot(tmp_path)
    sheet = openpyxl.Workbook()
    sheet.active.append(["月份", "工资总额"])
    sheet.active.append(["2025-05", 1e300])
    buffer = io.BytesIO()
    sheet.save(buffer)
    payroll = tmp_path / "pay.xlsx"
    payroll.write_bytes(buffer.getvalue())
    result = run("import", "payroll", str(payroll), "--ledger", str(path))
    assert result.exit_code == 2 and "过大" in result.stderr
    payroll.unlink()
    assert snapshot(tmp_path) == before


def test_import_into_a_gbk_file_is_told(tmp_path: Path) -> None:
    path = make_book(tmp_path)
    year = tmp_path / "2025.beancount"
    year.write_bytes(YEAR.encode("gbk"))
    payroll = tmp_path / "pay.csv"
    payroll.write_text("月份,工资总额\n2025-05,100.00\n", encoding="utf-8")
    result = run("import", "payroll", str(payroll), "--ledger", str(path), "--to", str(year))
    assert result.exit_code == 2 and "GBK" in result.stderr
    assert year.read_bytes() == YEAR.encode("gbk")


def test_import_through_symlinks_writes_the_real_file_once(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    make_book(real)
    links = tmp_path / "links"
    links.mkdir()
    for name in ("main.beancount", "accounts.beancount", "2025.beancount"):
        (links / name).symlink_to(real / name)
    payroll = tmp_path / "pay.csv"
    payroll.write_text("月份,工资总额\n2025-05,100.00\n", encoding="utf-8")
    first = run("import", "payroll", str(payroll), "--ledger", str(links / "main.beancount"))
    assert first.exit_code == 0
    assert (links / "main.beancount").is_symlink()
    assert '2025-06-10 custom "ghfund-payroll" 2025-05-31 100.00 CNY' in (
        real / "main.beancount"
    ).read_text(encoding="utf-8")
    second = run("import", "payroll", str(payroll), "--ledger", str(links / "main.beancount"))
    assert second.exit_code == 0 and "没有新的月份" in second.stdout
    text = (real / "main.beancount").read_text(encoding="utf-8")
    assert text.count("ghfund-payroll") == 1


# --- ghfund init ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "said"),
    [('某"工会', "双引号"), ("某工会\n2025-01-01 open Assets:X", "控制字符"), ("  ", "不能为空")],
)
def test_init_refuses_a_union_name_that_breaks_the_book(
    tmp_path: Path, name: str, said: str
) -> None:
    result = run("init", str(tmp_path / "book"), "--union-name", name)
    assert result.exit_code == 2 and said in result.stderr
    assert not (tmp_path / "book").exists()


def test_init_with_chinese_quotes_makes_a_clean_book(tmp_path: Path) -> None:
    assert run("init", str(tmp_path / "b"), "--union-name", "“某某”公司工会").exit_code == 0
    loaded = load_file(tmp_path / "b" / "main.beancount")
    assert loaded.ok and "“某某”公司工会" in loaded.book.options_map["title"]


def test_init_into_a_file_is_told_in_chinese(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x", encoding="utf-8")
    result = run("init", str(tmp_path / "f"))
    assert result.exit_code == 2 and "是文件，这里要的是目录" in result.stderr


# --- -o -----------------------------------------------------------------------------------------


def test_the_output_extension_chooses_the_format(tmp_path: Path) -> None:
    path = make_book(tmp_path)
    out = tmp_path / "out.json"
    assert run("report", "--year", "2025", str(path), "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8").lstrip().startswith("{")


@pytest.mark.parametrize(
    ("name", "extra", "said"),
    [
        ("out.pdf", ["--format", "json"], "与 --format json 不符"),
        ("out.xlsx", ["--format", "text"], "与 --format text 不符"),
        ("out.doc", [], "无法从输出文件"),
    ],
)
def test_an_output_name_that_contradicts_the_format_is_refused(
    tmp_path: Path, name: str, extra: list[str], said: str
) -> None:
    path = make_book(tmp_path)
    result = run("report", "--year", "2025", str(path), "-o", str(tmp_path / name), *extra)
    assert result.exit_code == 2 and said in result.stderr
    assert not (tmp_path / name).exists()


def test_output_into_a_directory_or_under_a_file_is_told(tmp_path: Path) -> None:
    path = make_book(tmp_path)
    (tmp_path / "dir").mkdir()
    into_dir = run("report", "--year", "2025", str(path), "-o", str(tmp_path / "dir"))
    assert into_dir.exit_code == 2 and "是目录" in into_dir.stderr
    under_file = run("report", "--year", "2025", str(path), "-o", str(path / "x.txt"))
    assert under_file.exit_code == 2 and "是文件而不是目录" in under_file.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_output_where_writing_is_not_allowed_is_told_in_chinese(tmp_path: Path) -> None:
    path = make_book(tmp_path)
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    result = run("report", "--year", "2025", str(path), "-o", str(locked / "x.txt"))
    assert result.exit_code == 2 and "没有权限" in result.stderr


# --- ghfund audit --officer ---------------------------------------------------------------------


def test_a_malformed_departure_audit_record_is_said_to_be_malformed(tmp_path: Path) -> None:
    path = make_book(
        tmp_path,
        """\
        2025-01-01 custom "ghfund-officer" "张三" "主席"
        2025-06-30 custom "ghfund-officer-end" "张三" "主席"
        2025-08-20 custom "ghfund-audit" "departure" "张三" 2025-06-30 2025-01-01
          report: "经审〔2025〕3号"
        """,
    )
    result = run("audit", "--officer", "张三", str(path))
    assert "记录有误，未计入" in result.stdout and "2025.beancount:8" in result.stdout
    assert "尚无记录" not in result.stdout


# --- Fava -----------------------------------------------------------------------------------


def fava_client(path: Path) -> FlaskClient:
    app = create_app([str(path)], load=True, poll_watcher=True)
    return app.test_client()


def test_fava_pages_refuse_a_huge_amount_with_its_line_never_500(tmp_path: Path) -> None:
    path = make_book(
        tmp_path,
        f"""\
        2025-01-05 * "x"
          voucher: "记-2025-0001"
          Assets:102-银行存款  {HUGE} CNY
          Equity:322-工会资金结余  -{HUGE} CNY
        """,
        main='2024-01-01 custom "fava-extension" "ghfund.fava"\n',
    )
    client = fava_client(path)
    for name in ("AnnualReport", "BudgetExecution", "DepartureAudit", "Funding"):
        page = client.get(f"/测试工会经费账/extension/{name}/?year=2025")
        assert page.status_code == 200
        assert "金额超出 ghfund 能处理的范围" in page.get_data(as_text=True)
        download = client.get(f"/测试工会经费账/extension/{name}/xlsx?year=2025")
        assert download.status_code == 422
        assert "2025.beancount:8" in download.get_data(as_text=True)
    types = {e["type"] for e in client.get("/测试工会经费账/api/errors").get_json()["data"]}
    assert "GhfundPageError" in types


def test_fava_departure_page_for_a_role_containing_a_slash(tmp_path: Path) -> None:
    path = make_book(
        tmp_path,
        """\
        2025-01-01 custom "ghfund-officer" "张三" "工会/财务"
        2025-06-30 custom "ghfund-officer-end" "张三" "工会/财务"
        """,
        main='2024-01-01 custom "fava-extension" "ghfund.fava"\n',
    )
    client = fava_client(path)
    query = "?officer=张三/工会/财务"
    page = client.get(f"/测试工会经费账/extension/DepartureAudit/{query}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "张三同志工会/财务任期" in html and "出错" not in html
    download = client.get(f"/测试工会经费账/extension/DepartureAudit/xlsx{query}")
    assert download.status_code == 200 and download.data[:2] == b"PK"


def test_a_symlink_loop_is_told_not_a_traceback(tmp_path: Path) -> None:
    loop = tmp_path / "loop.beancount"
    loop.symlink_to(loop)
    for args in (["check", str(loop)], ["convert-encoding", str(loop)]):
        result = run(*args)
        assert result.exit_code == 2 and ("找不到" in result.stderr or "循环" in result.stderr)


HOUSEHOLD = """\
option "title" "家庭账本"
option "operating_currency" "CNY"
2024-01-01 open Assets:Bank:Checking
2024-01-01 open Assets:Cash
2024-01-01 open Income:Salary
2024-01-01 open Expenses:Food
2024-01-01 open Expenses:Rent
2024-01-01 open Equity:Opening-Balances
2024-01-01 open Expenses:501-职工活动支出
2024-01-05 * "工资"
  Assets:Bank:Checking  8000.00 CNY
  Income:Salary
2024-01-06 * "房租"
  Expenses:Rent  3000.00 CNY
  Assets:Bank:Checking
"""


@pytest.mark.parametrize(
    "command",
    [
        ["report", "--year", "2024"],
        ["report", "--month", "2024-01"],
        ["check"],
        ["books trial", "--year", "2024"],
        ["audit", "--year", "2024"],
        ["budget", "--year", "2024"],
    ],
)
def test_a_book_not_kept_in_the_union_chart_is_refused(tmp_path: Path, command: list[str]) -> None:
    """A household book (one union account among seven) gets no findings and no all-zero
    statements declaring compliance: exit 2, which chart ghfund expects, how to start one."""
    path = tmp_path / "home.beancount"
    path.write_text(HOUSEHOLD, encoding="utf-8")
    result = CliRunner().invoke(cli, [*command[0].split(), str(path), *command[1:]])
    assert result.exit_code == 2 and result.stdout == ""
    assert "7 个科目中只有 1 个用工会科目编码" in result.stderr
    assert "ghfund init" in result.stderr and "Traceback" not in result.stderr


def test_a_union_book_with_a_few_local_accounts_is_not_refused(tmp_path: Path) -> None:
    """A union book with some accounts off the chart still runs (account-code finds them)."""
    path = make_book(tmp_path, main="2024-12-31 open Assets:Petty\n")
    result = CliRunner().invoke(cli, ["report", str(path), "--year", "2025"])
    assert result.exit_code in (0, 1), result.stderr
    assert "资产负债表" in result.stdout


def test_fava_pages_refuse_a_book_not_kept_in_the_union_chart(tmp_path: Path) -> None:
    """Fava shows the household book as Fava does, but ghfund's pages say which chart ghfund
    expects instead of printing all-zero statements, and their downloads are refused."""
    path = tmp_path / "home.beancount"
    path.write_text(
        HOUSEHOLD + '2024-01-01 custom "fava-extension" "ghfund.fava"\n',
        encoding="utf-8",
    )
    client = fava_client(path)
    page = client.get("/家庭账本/extension/AnnualReport/?year=2024")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "不是按《工会会计制度》科目表记的账" in html and "资产负债表" not in html
    download = client.get("/家庭账本/extension/AnnualReport/xlsx?year=2024")
    assert download.status_code == 422 and "ghfund init" in download.get_data(as_text=True)


def test_convert_encoding_waits_for_the_books_writer(tmp_path: Path) -> None:
    """Converting a year file in a sub-folder takes the lock beside its book's main file: while
    another writer holds it the file is left as it was, and the writer is named."""
    from ghfund import booklock, encoding

    path = make_book(tmp_path)
    (tmp_path / "years").mkdir()
    year = tmp_path / "years" / "2025.beancount"
    gbk = YEAR.encode("gbk")
    year.write_bytes(gbk)
    assert encoding.lock_for(year) == path
    with booklock.locked(path, "ghfund import vouchers"), pytest.raises(booklock.Busy) as busy:
        encoding.convert(year, wait=0.2)
    assert "ghfund import vouchers" in str(busy.value)
    assert year.read_bytes() == gbk and not (tmp_path / "years" / "2025.beancount.orig").exists()
    assert "转为 UTF-8" in encoding.convert(year)
    assert year.read_text(encoding="utf-8") == YEAR
