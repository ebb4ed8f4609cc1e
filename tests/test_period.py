"""Period close: ``ghfund close``, the ``period-changed`` rule, reopening, ``ghfund verify``
and the digest line of reports of a closed period."""

from __future__ import annotations

import datetime
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ghfund import digest, period
from ghfund.cli import cli
from ghfund.ledger import Loaded, load_file, load_string
from ghfund.reports import annual

MAIN = """\
option "title" "测试工会经费账"
option "operating_currency" "CNY"
plugin "ghfund.plugins.all"
include "accounts.beancount"
include "2024.beancount"
include "2024-q2.beancount"
2024-01-01 custom "ghfund-option" "union-name" "测试工会"
"""

ACCOUNTS = """\
2023-12-31 open Assets:102-银行存款
2023-12-31 open Income:401-会费收入
2023-12-31 open Expenses:501-职工活动支出:50102-文体活动支出
2023-12-31 open Expenses:510-其他支出
2023-12-31 open Equity:322-工会资金结余
2023-12-31 * "期初余额"
  voucher: "记-2023-0001"
  Assets:102-银行存款  50000.00 CNY
  Equity:322-工会资金结余
"""

YEAR = """\
2024-01-10 * "会员" "1月会费" #dues
  voucher: "记-2024-0001"
  Assets:102-银行存款  1200.00 CNY
  Income:401-会费收入
2024-01-10 * "体育用品店" "羽毛球"
  voucher: "记-2024-0002"
  Expenses:501-职工活动支出:50102-文体活动支出  300.00 CNY
  Assets:102-银行存款
2024-02-05 * "银行" "手续费" ^bank-202402
  voucher: "记-2024-0003"
  Expenses:510-其他支出  20.00 CNY
  Assets:102-银行存款
2024-02-20 balance Assets:102-银行存款  50880.00 CNY
2024-03-08 * "花店" "三八节活动"
  voucher: "记-2024-0004"
  Expenses:501-职工活动支出:50102-文体活动支出  500.00 CNY
  Assets:102-银行存款
"""

QUARTER = """\
2024-04-02 * "银行" "手续费"
  voucher: "记-2024-0005"
  Expenses:510-其他支出  10.00 CNY
  Assets:102-银行存款
"""


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def book_dir(tmp_path: Path) -> Path:
    for name, text in (
        ("main.beancount", MAIN),
        ("accounts.beancount", ACCOUNTS),
        ("2024.beancount", YEAR),
        ("2024-q2.beancount", QUARTER),
    ):
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


@pytest.fixture
def closed(book_dir: Path) -> Path:
    """The book closed through February 2024 (on 2024-03-05)."""
    result = run(
        "close", str(book_dir / "main.beancount"), "--through", "2024-02-29", "--date", "2024-03-05"
    )
    assert result.exit_code == 0, result.output
    return book_dir


def changed(directory: Path) -> dict[str, str]:
    """The open period-changed findings of the book: month -> message."""
    loaded = load_file(directory / "main.beancount")

    return {e.key: e.message for e in loaded.findings.open if e.rule == "period-changed"}


def edit(directory: Path, name: str, old: str, new: str) -> None:
    path = directory / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_close_writes_the_directive_once_and_the_untouched_book_is_clean(closed: Path) -> None:
    text = (closed / "main.beancount").read_text(encoding="utf-8")
    assert text.count('custom "ghfund-close" 2024-02-29 "sha256:') == 1
    assert '  months: "2023-12:' in text and ",2024-01:" in text and ",2024-02:" in text
    assert 'vouchers-2024-01: "记-2024-0001=' in text and " 记-2024-0002=" in text
    loaded = load_file(closed / "main.beancount")
    assert loaded.ok
    (close,) = loaded.book.directives.closes
    assert close.date == datetime.date(2024, 3, 5)
    assert [m for m, _ in close.months] == ["2023-12", "2024-01", "2024-02"]
    assert close.digest == period.current_digest(loaded.book, close.through)
    again = run(
        "close", str(closed / "main.beancount"), "--through", "2024-02-29", "--date", "2024-03-06"
    )
    assert again.exit_code == 0 and "内容未变，未写入" in again.output
    assert (closed / "main.beancount").read_text(encoding="utf-8") == text


@pytest.mark.parametrize(
    ("name", "old", "new", "months", "told"),
    [
        ("2024.beancount", "300.00 CNY", "310.00 CNY", ["2024-01"], "改动凭证 记-2024-0002"),
        (
            "2024.beancount",
            "Expenses:510-其他支出  20.00",
            "Expenses:501-职工活动支出:50102-文体活动支出  20.00",
            ["2024-02"],
            "改动凭证 记-2024-0003",
        ),
        (
            "2024.beancount",
            '2024-01-10 * "体育用品店"',
            '2024-02-10 * "体育用品店"',
            ["2024-01", "2024-02"],
            "记-2024-0002",
        ),
        ("2024.beancount", '"羽毛球"', '"羽毛球拍"', ["2024-01"], "改动凭证 记-2024-0002"),
        ("2024.beancount", '"体育用品店"', '"体育商店"', ["2024-01"], "改动凭证 记-2024-0002"),
        (
            "2024.beancount",
            '2024-01-10 * "体育',
            '2024-01-10 ! "体育',
            ["2024-01"],
            "改动凭证 记-2024-0002",
        ),
        ("2024.beancount", "#dues", "#fees", ["2024-01"], "改动凭证 记-2024-0001"),
        ("2024.beancount", "^bank-202402", "^bank-2024-02", ["2024-02"], "改动凭证 记-2024-0003"),
        (
            "2024.beancount",
            '  voucher: "记-2024-0002"\n',
            '  voucher: "记-2024-0002"\n  decision: "会议"\n',
            ["2024-01"],
            "改动凭证 记-2024-0002",
        ),
        (
            "2024.beancount",
            "50880.00 CNY",
            "50880.00 CNY\n2024-02-20 balance Assets:102-银行存款  50880 CNY",
            ["2024-02"],
            "没有凭证号的条目",
        ),
        (
            "accounts.beancount",
            "2023-12-31 open Expenses:510-其他支出",
            "2023-12-30 open Expenses:510-其他支出",
            ["2023-12"],
            "没有凭证号的条目",
        ),
    ],
)
def test_each_kind_of_change_is_caught_in_its_month(
    closed: Path, name: str, old: str, new: str, months: list[str], told: str
) -> None:
    edit(closed, name, old, new)
    found = changed(closed)
    assert sorted(found) == months
    assert any(told in message for message in found.values())
    assert all("已结账（截至 2024-02-29" in message for message in found.values())


def test_an_entry_added_or_removed_in_a_closed_month_is_named(closed: Path) -> None:
    edit(
        closed,
        "2024-q2.beancount",
        "2024-04-02",
        '2024-02-20 * "补记"\n  voucher: "记-2024-0099"\n  Expenses:510-其他支出  5.00 CNY\n'
        "  Assets:102-银行存款\n2024-04-02",
    )
    edit(closed, "2024.beancount", "2024-02-20 balance Assets:102-银行存款  50880.00 CNY", "")
    found = changed(closed)
    assert list(found) == ["2024-02"]
    assert "新增凭证 记-2024-0099" in found["2024-02"]
    loaded = load_file(closed / "main.beancount")
    (error,) = [e for e in loaded.findings.open if e.rule == "period-changed"]
    assert error.voucher == "记-2024-0099" and error.source["filename"].endswith(
        "2024-q2.beancount"
    )
    edit(
        closed,
        "2024.beancount",
        '  voucher: "记-2024-0001"\n',
        '  voucher: "记-2024-0001"\n  xx: 1\n',
    )
    edit(
        closed,
        "2024.beancount",
        '2024-01-10 * "体育用品店" "羽毛球"\n  voucher: "记-2024-0002"\n  Expenses:501-职工活动支出:50102-文体活动支出  300.00 CNY\n  Assets:102-银行存款\n',
        "",
    )
    assert "删除凭证 记-2024-0002；改动凭证 记-2024-0001" in changed(closed)["2024-01"]


def test_entries_after_the_close_may_change(closed: Path) -> None:
    edit(closed, "2024.beancount", "500.00 CNY", "550.00 CNY")
    assert changed(closed) == {}


def test_reformatting_reordering_and_moving_between_files_change_nothing(closed: Path) -> None:
    year = closed / "2024.beancount"
    text = year.read_text(encoding="utf-8")
    first, _rest = text.split("2024-02-05")[0].split('2024-01-10 * "体育用品店"')
    moved = (
        "; 一月份\n"
        + '2024-01-10  *  "体育用品店"   "羽毛球"   ; 同日顺序调换\n'
        + '    voucher:   "记-2024-0002"\n'
        + "    Assets:102-银行存款\n"
        + "    Expenses:501-职工活动支出:50102-文体活动支出      300.0 CNY\n\n"
        + first.replace("1200.00", "1200.000")
    )
    rest = "2024-02-05" + text.split("2024-02-05", 1)[1]
    year.write_text(moved + rest, encoding="utf-8")
    # the bank fee of February moves to the other file
    fee = rest.split("2024-02-20 balance")[0]
    year.write_text(year.read_text(encoding="utf-8").replace(fee, ""), encoding="utf-8")
    edit(closed, "2024-q2.beancount", "2024-04-02", fee + "\n2024-04-02")
    assert changed(closed) == {}


def test_reopen_dated_after_the_close_allows_the_month_and_reports_show_it(closed: Path) -> None:
    edit(closed, "2024.beancount", '"羽毛球"', '"羽毛球（更正）"')
    assert list(changed(closed)) == ["2024-01"]
    reopen = (
        '2024-03-05 custom "ghfund-reopen" 2024-01-31\n'
        '  approved: "工会委员会2024年第3次会议"\n  reason: "更正羽毛球摘要"\n'
    )
    main = closed / "main.beancount"
    main.write_text(main.read_text(encoding="utf-8") + reopen, encoding="utf-8")
    assert list(changed(closed)) == ["2024-01"]  # same day as the close: not after it
    main.write_text(
        main.read_text(encoding="utf-8").replace(
            reopen, reopen.replace("2024-03-05", "2024-03-20")
        ),
        encoding="utf-8",
    )
    assert changed(closed) == {}
    loaded = load_file(main)
    (reopened,) = loaded.book.directives.reopens
    assert (reopened.month, reopened.approved) == ("2024-01", "工会委员会2024年第3次会议")
    notes = annual.report(loaded, 2024).notes
    assert (
        "2024-01 结账后经批准重新打开（2024-03-20，工会委员会2024年第3次会议）：更正羽毛球摘要"
        in notes
    )
    assert not period.is_closed(loaded.book, datetime.date(2024, 1, 15))
    assert period.is_closed(loaded.book, datetime.date(2024, 2, 15))
    # re-closing after the correction records the month as it is now
    result = run("close", str(main), "--through", "2024-02-29", "--date", "2024-03-21")
    assert result.exit_code == 0, result.output
    assert changed(closed) == {}
    edit(closed, "2024.beancount", "羽毛球（更正）", "羽毛球（再改）")
    assert list(changed(closed)) == ["2024-01"]


def test_period_changed_cannot_be_acknowledged(closed: Path) -> None:
    edit(closed, "2024.beancount", "300.00 CNY", "310.00 CNY")
    main = closed / "main.beancount"
    ack = '2024-03-10 custom "ghfund-ack" "period-changed" "2024-01"\n  ref: "经审会〔2024〕1号"\n'
    main.write_text(main.read_text(encoding="utf-8") + ack, encoding="utf-8")
    loaded = load_file(main)
    rules = sorted(e.rule for e in loaded.findings.open)
    assert rules == ["ack-unmatched", "period-changed"]


def test_malformed_close_and_reopen_are_directive_errors(loaded: Loaded) -> None:
    """
    2024-03-01 custom "ghfund-close" 2024-02-29 "sha256:0000000000000000000000000000000000000000000000000000000000000000"
      months: "2024-01:1111111111111111111111111111111111111111111111111111111111111111"
    2024-03-02 custom "ghfund-close" 2024-02-29 "sha256:0000000000000000000000000000000000000000000000000000000000000000"
    2024-04-01 custom "ghfund-reopen" 2024-01-31
      reason: "补记"
    """
    messages = [e.message for e in loaded.findings.open if e.rule == "directive-invalid"]
    assert len(messages) == 3
    assert "摘要与元数据 months 中的各月摘要不符" in messages[0]
    assert "缺少元数据 months" in messages[1]
    assert "approved" in messages[2]


def test_verify_matches_a_printed_digest_and_names_changed_months(closed: Path) -> None:
    main = closed / "main.beancount"
    loaded = load_file(main)
    (close,) = loaded.book.directives.closes
    ok = run("verify", str(main), "--digest", close.digest, "--through", "2024-02-29")
    assert ok.exit_code == 0 and "一致" in ok.output
    edit(closed, "2024.beancount", "20.00 CNY", "21.00 CNY")
    bad = run("verify", str(main), "--digest", close.digest, "--through", "2024-02-29")
    assert bad.exit_code == 1 and "有变动的月份：2024-02" in bad.output
    usage = run("verify", str(main), "--digest", "sha256:xyz", "--through", "2024-02-29")
    assert usage.exit_code == 2


def test_report_of_a_closed_period_prints_its_digest(closed: Path) -> None:
    main = closed / "main.beancount"
    result = run("close", str(main), "--through", "2024-12-31", "--date", "2025-01-05")
    assert result.exit_code == 0, result.output
    loaded = load_file(main)
    now = period.current_digest(loaded.book, datetime.date(2024, 12, 31))
    notes = annual.report(loaded, 2024).notes
    line = f"结账摘要（截至 2024-12-31）：{now}；核对账本是否仍与本表一致：ghfund verify --digest {now} --through 2024-12-31"
    assert line in notes
    ok = run("verify", str(main), "--digest", now, "--through", "2024-12-31")
    assert ok.exit_code == 0


def test_close_refuses_a_book_with_beancount_errors_and_files_outside_the_book(
    book_dir: Path,
) -> None:
    main = book_dir / "main.beancount"
    outside = book_dir / "other.beancount"
    outside.write_text("", encoding="utf-8")
    result = run(
        "close", str(main), "--through", "2024-02-29", "--to", str(outside), "--date", "2024-03-05"
    )
    assert result.exit_code == 2 and "不是这本账的文件" in result.output
    edit(book_dir, "2024.beancount", "50880.00 CNY", "1.00 CNY")
    result = run("close", str(main), "--through", "2024-02-29", "--date", "2024-03-05")
    assert result.exit_code == 1 and "Beancount 错误" in result.output
    assert "ghfund-close" not in main.read_text(encoding="utf-8")
    early = run("close", str(main), "--through", "2024-02-29", "--date", "2024-02-01")
    assert early.exit_code == 2


def test_close_to_an_included_file_lists_findings_but_closes(book_dir: Path) -> None:
    edit(book_dir, "2024.beancount", '  voucher: "记-2024-0003"\n', "")
    result = run(
        "close",
        str(book_dir / "main.beancount"),
        "--through",
        "2024-02-29",
        "--to",
        str(book_dir / "2024-q2.beancount"),
        "--date",
        "2024-03-05",
    )
    assert result.exit_code == 0, result.output
    assert "voucher-missing 1 项" in result.output
    assert "ghfund-close" in (book_dir / "2024-q2.beancount").read_text(encoding="utf-8")
    assert changed(book_dir) == {}


def test_digest_lines_are_canonical() -> None:
    text = textwrap.dedent(
        """
        2024-01-01 open Assets:102-银行存款 CNY
        2024-01-01 open Equity:322-工会资金结余
        2024-01-02 * "甲" "乙" #b #a
          voucher: "记-1"
          nr: 2024
          Equity:322-工会资金结余  -100.50 CNY
          Assets:102-银行存款  100.5 CNY
        """
    )
    entries = load_string(text).book.entries
    txn = entries[-1]
    assert digest.line(txn) == (
        '["transaction","2024-01-02","*","甲","乙",["a","b"],[],'
        '[["Assets:102-银行存款",["100.5","CNY"],null,null,null,{}],'
        '["Equity:322-工会资金结余",["-100.5","CNY"],null,null,null,{}]],'
        '{"nr":["n","2024"],"voucher":"记-1"}]'
    )
    assert all(digest._posting(p) in digest.line(txn) for p in txn.postings)  # one text
    assert digest.line(entries[0]) == '["open","2024-01-01","Assets:102-银行存款",["CNY"],null,{}]'
    assert digest.number(__import__("decimal").Decimal("-0.00")) == '"0"'


def test_the_rules_md_example_fails_period_changed_alone() -> None:
    text = (Path(__file__).resolve().parent.parent / "docs" / "RULES.md").read_text("utf-8")
    section = text.split("## period-changed — `PeriodChangedError`", 1)[1]
    example = section.split("```beancount\n", 1)[1].split("```", 1)[0]
    loaded = load_string(example)
    assert not loaded.errors
    assert [(e.rule, e.key) for e in loaded.findings.open] == [("period-changed", "2024-01")]
    assert "改动凭证 记-2024-0001" in loaded.findings.open[0].message
    fixed = load_string(example.replace("25.00 CNY", "20.00 CNY"))
    assert fixed.ok
