"""What a treasurer typed or exported wrongly, told in Chinese with the place and the fix:
TOML and regular expressions, impossible dates, UTF-16 and Excel-serial statements, merged
cells and an empty first sheet, a cell of hundreds of kilobytes, and the web pages' words."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from ghfund.cli import cli
from ghfund.fava.views import for_pages
from ghfund.importers import sheets, statement
from ghfund.importers.bank import RulesProblem, load_rules
from ghfund.importers.codes import MapProblem, read_map
from ghfund.standards import StandardsProblem, parse

ENGLISH = re.compile(r"[A-Za-z]{4,}")  # an English word (names like TOML, CSV, UTF are shorter)


def english_words(text: str) -> list[str]:
    allowed = {"summary", "account", "rules", "toml", "beancount", "xlsx"}
    return [w for w in ENGLISH.findall(text) if w.lower() not in allowed]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('[[rule]]\nsummary = 结息\naccount = "408"\n', "第 2 行第 11 列：值的写法不对"),
        ('[[rule]]\nsummary = "结息\naccount = "408"\n', "引号没有闭合"),
        ('[[rule]]\n摘要 = "结息"\n', "第 2 行第 1 列：这一行不是“键 = 值”"),
        ('[[rule]]\nsummary = "(结息"\naccount = "408"\n', "第 1 个字符处：括号“(”没有对应的“)”"),
        ('[[rule]]\nsummary = "*息"\naccount = "408"\n', "*、+、? 前面没有内容"),
    ],
)
def test_a_bad_rules_file_says_where_in_chinese(tmp_path: Path, text: str, said: str) -> None:
    rules = tmp_path / "规则.toml"
    rules.write_text(text, encoding="utf-8")
    with pytest.raises(RulesProblem) as caught:
        load_rules(rules)
    message = str(caught.value).replace(str(rules), "规则.toml")
    assert said in message and not english_words(message)


def test_a_bad_map_and_standards_file_say_where_in_chinese() -> None:
    with pytest.raises(MapProblem) as caught:
        read_map("对照.toml", b"[accounts]\n501 = 502\n501 = 502\n")
    assert "同一个键写了两次" in str(caught.value)
    with pytest.raises(StandardsProblem) as bad:
        parse("name = 某省\n", "标准.toml")
    assert "第 1 行第 8 列" in str(bad.value) and not english_words(str(bad.value))


def test_an_impossible_date_says_the_month_has_fewer_days(tmp_path: Path) -> None:
    book = tmp_path / "账本"
    assert CliRunner().invoke(cli, ["init", str(book), "--year", "2025"]).exit_code == 0
    main = str(book / "main.beancount")
    for args in (
        ["close", "--through", "2025-02-30", main],
        ["import", "balances", main, "--ledger", main, "--date", "2025-02-30"],
    ):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2
        assert "2025-02-30 不是有效的日期：2025 年 2 月只有 28 天" in result.stderr
        assert "does not match" not in result.stderr


STATEMENT = (
    "交易日期,收入金额,支出金额,本次余额,对方户名,交易用途\n"
    "45813,1200.00,,11200.00,某某公司,会费\n"  # 2025-06-05 as an Excel serial, its format lost
)


def test_a_utf16_statement_with_excel_serial_dates_is_read() -> None:
    data = b"\xff\xfe" + STATEMENT.encode("utf-16-le")  # Excel's "Unicode text"
    read = statement.read("农行.csv", data)
    assert [(str(line.date), str(line.amount)) for line in read.lines] == [
        ("2025-06-05", "1200.00")
    ]


def xlsx(sheets_rows: dict[str, list[list[object]]], merges: tuple[str, ...] = ()) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets_rows.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for merged in merges if rows else ():
            sheet.merge_cells(merged)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


JOURNAL = [
    ["日期", "凭证号", "摘要", "科目编码", "科目名称", "借方", "贷方"],
    ["2025-01-05", "记-1", "会费", "102", "银行存款", 100, None],
    [None, None, "会费", "401", "会费收入", None, 100],
]


def test_merged_cells_hold_their_value_on_every_row_and_an_empty_first_sheet_is_skipped() -> None:
    data = xlsx({"Sheet1": [], "凭证": JOURNAL}, merges=("A2:A3", "B2:B3"))
    rows = sheets.read_rows("序时账.xlsx", data)
    assert rows[2][1][:2] == ["2025-01-05", "记-1"]


def test_a_huge_cell_is_quoted_by_its_beginning(tmp_path: Path) -> None:
    book = tmp_path / "账本"
    assert CliRunner().invoke(cli, ["init", str(book), "--year", "2025"]).exit_code == 0
    source = tmp_path / "序时账.csv"
    lines = [
        "日期,凭证号,摘要,科目编码,科目名称,借方,贷方",
        "2025-01-05,记-1,x,102,银行存款," + "9" * 389_000 + ",",
        "2025-01-05,记-1,y,401,会费收入,,90.00",
    ]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["import", "vouchers", str(source), "--ledger", str(book / "main.beancount")]
    )
    assert result.exit_code == 2
    assert "第 2 行" in result.stderr and "（共 389000 个字符）" in result.stderr
    assert len(result.stderr) < 1000


def test_pages_never_name_a_command_line_option() -> None:
    text = "账本 x 记录的是 2023—2025 年度的账，没有 2022 年度；请用 --year 指定其中一年"
    assert (
        for_pages(text)
        == "账本 x 记录的是 2023—2025 年度的账，没有 2022 年度；请在页面上方选择年度"
    )


def test_read_only_refusals_are_in_chinese() -> None:
    from ghfund.fava.server import application
    from ghfund.ledger import default_ledger

    client = application([str(default_ledger())], read_only=True).test_client()
    slug = "江淮精密机械有限公司工会经费账"
    upload = client.post(
        f"/{slug}/extension/Reconciliation/upload",
        data={"statement": (io.BytesIO(b"a,b\n1,2\n"), "x.csv")},
        content_type="multipart/form-data",
    )
    assert upload.status_code == 401 and "只读方式" in upload.get_data(as_text=True)
    save = client.put(f"/{slug}/api/source", json={"file_path": "x", "source": ""})
    assert save.status_code == 401 and "只读方式" in save.get_json()["error"]


def test_a_workbook_with_a_sheet_per_month_is_refused_naming_the_sheets() -> None:
    """Two sheets with content (a payroll workbook kept a sheet per month): reading only the
    first would leave the other months out without a word."""
    data = xlsx({"1月": JOURNAL, "2月": JOURNAL, "说明": [["表", "说明"]]})
    with pytest.raises(sheets.SheetProblem, match="有 2 张工作表有内容（“1月”、“2月”）"):
        sheets.read_rows("工资.xlsx", data)
    # ghfund's own xlsx ends with a 说明 sheet of notes: the table's sheet is read
    rows = sheets.read_rows("预算.xlsx", xlsx({"预算草案": JOURNAL, "说明": [["表", "说明"]]}))
    assert rows[1][1][:2] == ["2025-01-05", "记-1"]


def test_a_formula_without_its_value_is_found_on_the_sheet_read() -> None:
    """The first sheet is empty; the formula cell saved without a value is on the second."""
    rows = [*JOURNAL[:2], [None, None, "会费", "401", "会费收入", None, "=F2"]]
    data = xlsx({"Sheet1": [], "凭证": rows})
    read = sheets.read_rows("序时账.xlsx", data)
    assert read[2][1][6] == sheets.Uncomputed("G3")
