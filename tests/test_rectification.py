"""The 整改台账: ``ghfund-ack`` with action/owner/measure/due, ``ghfund-rectified``, the rule
``rectification-overdue``, ``ghfund rectification`` and the statuses the findings lists show."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from click.testing import CliRunner

from ghfund.cli import cli
from ghfund.findings import listing
from ghfund.ledger import Loaded, load_string
from ghfund.reports import rectification_report

# Four findings of 2024 (three duplicate voucher numbers, one year-level budget deficit), the
# committee's 2025 acks: one explained, one rectified and closed, one overdue, one in progress;
# the book goes on to 2025-07-20, past the overdue item's deadline of 2025-06-30.
BOOK = """
option "operating_currency" "CNY"
plugin "ghfund.plugins.all"
2024-01-01 custom "ghfund-option" "union-name" "某某公司工会委员会"
2023-12-31 open Assets:102-银行存款
2023-12-31 open Income:402-拨缴经费收入
2023-12-31 open Expenses:505-业务支出
2023-12-31 open Expenses:510-其他支出
2023-12-31 open Equity:322-工会资金结余
2024-01-10 * "收到1月工会经费"
  voucher: "记-2024-0001"
  Assets:102-银行存款  50000.00 CNY
  Income:402-拨缴经费收入
2024-02-05 * "银行手续费"
  voucher: "记-2024-0002"
  Expenses:510-其他支出  15.00 CNY
  Assets:102-银行存款
2024-02-06 * "邮寄费（2月）"
  voucher: "记-2024-0002"
  Expenses:510-其他支出  20.00 CNY
  Assets:102-银行存款
2024-03-05 * "办公用品"
  voucher: "记-2024-0003"
  Expenses:505-业务支出  300.00 CNY
  Assets:102-银行存款
2024-03-06 * "打印纸"
  voucher: "记-2024-0003"
  Expenses:505-业务支出  120.50 CNY
  Assets:102-银行存款
2024-04-05 * "会议茶歇"
  voucher: "记-2024-0004"
  Expenses:505-业务支出  800.00 CNY
  Assets:102-银行存款
2024-04-06 * "会议茶歇（补）"
  voucher: "记-2024-0004"
  Expenses:505-业务支出  260.00 CNY
  Assets:102-银行存款
2024-05-07 * "银行手续费"
  voucher: "记-2024-0005"
  Expenses:510-其他支出  15.00 CNY
  Assets:102-银行存款
2024-05-08 * "银行手续费（5月）"
  voucher: "记-2024-0005"
  Expenses:510-其他支出  12.00 CNY
  Assets:102-银行存款
2025-03-15 custom "ghfund-ack" "voucher-duplicate" "记-2024-0002"
  ref: "经审会〔2025〕2号"
  action: "说明"
2025-03-15 custom "ghfund-ack" "voucher-duplicate" "记-2024-0003"
  ref: "经审会〔2025〕2号"
  action: "整改"
  owner: "李会计"
  measure: "重新编号，凭证上注明"
  due: 2025-04-30
2025-03-15 custom "ghfund-ack" "voucher-duplicate" "记-2024-0004"
  ref: "经审会〔2025〕2号"
  action: "整改"
  owner: "王主席"
  measure: "补办审批，重新编号"
  due: 2025-06-30
2025-03-15 custom "ghfund-ack" "voucher-duplicate" "记-2024-0005"
  ref: "经审会〔2025〕2号"
  action: "整改"
  owner: "李会计"
  due: 2025-09-30
2025-04-28 custom "ghfund-rectified" "voucher-duplicate" "记-2024-0003"
  ref: "经审会〔2025〕4号"
2025-07-20 * "银行手续费"
  voucher: "记-2025-0001"
  Expenses:510-其他支出  15.00 CNY
  Assets:102-银行存款
"""


def test_statuses_are_typed_and_the_overdue_item_is_a_finding() -> None:
    loaded = load_string(BOOK)
    assert not loaded.errors
    rows = {row.voucher: row for row in listing(loaded.findings) if row.rule == "voucher-duplicate"}
    assert {voucher: row.progress for voucher, row in rows.items()} == {
        "记-2024-0002": "explained",
        "记-2024-0003": "rectified",
        "记-2024-0004": "overdue",
        "记-2024-0005": "in-progress",
    }
    assert rows["记-2024-0003"].closed == "经审会〔2025〕4号"
    assert rows["记-2024-0004"].due == datetime.date(2025, 6, 30)
    assert rows["记-2024-0004"].owner == "王主席"
    overdue = [e for e in loaded.findings.open if e.rule == "rectification-overdue"]
    assert [e.key for e in overdue] == ["voucher-duplicate:记-2024-0004"]
    # the only open finding: the ack (not the duplicate itself) fails the check
    assert {e.rule for e in loaded.findings.open} == {"rectification-overdue"}


def test_closing_the_item_clears_the_finding_and_a_stray_closing_is_an_error() -> None:
    closed = BOOK + (
        '2025-07-25 custom "ghfund-rectified" "voucher-duplicate" "记-2024-0004"\n'
        '  ref: "经审会〔2025〕6号"\n'
    )
    loaded = load_string(closed)
    assert not [e for e in loaded.findings.open if e.rule == "rectification-overdue"]
    stray = closed + (
        '2025-07-26 custom "ghfund-rectified" "voucher-duplicate" "记-2024-0002"\n'
        '  ref: "经审会〔2025〕7号"\n'
        '2025-07-26 custom "ghfund-rectified" "voucher-duplicate" "记-2024-0099"\n'
        '  ref: "经审会〔2025〕7号"\n'
    )
    errors = [e for e in load_string(stray).findings.open if e.rule == "directive-invalid"]
    assert len(errors) == 2
    assert "是说明而非整改" in errors[0].message and "没有对应的处理记录" in errors[1].message


def test_an_order_to_rectify_needs_a_deadline() -> None:
    book = BOOK.replace('  owner: "李会计"\n  due: 2025-09-30\n', '  owner: "李会计"\n')
    errors = [e for e in load_string(book).findings.open if e.rule == "directive-invalid"]
    assert len(errors) == 1 and "due（整改期限）" in errors[0].message
    # without the ack the duplicate it named is open again
    assert any(
        e.rule == "voucher-duplicate" and e.key == "记-2024-0005"
        for e in load_string(book).findings.open
    )


def test_the_report_lists_each_item_with_its_status(tmp_path: Path) -> None:
    loaded: Loaded = load_string(BOOK)
    report = rectification_report.report(loaded, 2024)
    records = report.table("rectification").records()
    assert [(r["voucher"], r["status"], r["due"]) for r in records] == [
        ("记-2024-0002", "已说明", None),
        ("记-2024-0003", "已整改", datetime.date(2025, 4, 30)),
        ("记-2024-0004", "逾期未整改", datetime.date(2025, 6, 30)),
        ("记-2024-0005", "整改中", datetime.date(2025, 9, 30)),
    ]
    assert report.table("rectification").marks() == [False, False, True, False]
    assert report.problems == (
        "voucher-duplicate 记-2024-0004 整改期限 2025-06-30 已过，尚未复查销号",
    )
    assert records[1]["closed"] == "经审会〔2025〕4号" and records[2]["owner"] == "王主席"
    path = tmp_path / "main.beancount"
    path.write_text(BOOK, encoding="utf-8")
    result = CliRunner().invoke(cli, ["rectification", str(path), "--format", "json"])
    assert result.exit_code == 1, result.stderr
    rows = json.loads(result.stdout)["tables"]["rectification"]["rows"]
    assert [row["status"] for row in rows] == ["已说明", "已整改", "逾期未整改", "整改中"]
    empty = CliRunner().invoke(cli, ["rectification", str(path), "--year", "2025"])
    assert empty.exit_code == 0, empty.stderr
    assert "该期间没有经审会处理过的发现" in empty.stdout


def test_the_annual_review_shows_last_years_items_and_their_status() -> None:
    from ghfund.reports import review

    table = review.report(load_string(BOOK), 2025).table("previous_rectification")
    assert table.period == "2024年度"
    assert [(r["voucher"], r["status"]) for r in table.records()] == [
        ("记-2024-0002", "已说明"),
        ("记-2024-0003", "已整改"),
        ("记-2024-0004", "逾期未整改"),
        ("记-2024-0005", "整改中"),
    ]
    assert table.notes == ("共 4 项：已整改 1 项，整改中 1 项，逾期未整改 1 项，已说明 1 项。",)


def test_a_book_without_acks_has_an_empty_ledger_of_items() -> None:
    result = CliRunner().invoke(cli, ["rectification", "--year", "2025"])  # the example book
    assert result.exit_code == 0, result.stderr
    assert "整改台账为空" in result.stdout


def test_fava_checks_page_shows_the_status_not_handled() -> None:
    from ghfund.fava.views import findings_view
    from ghfund.plugins.all import DESCRIPTIONS

    loaded = load_string(BOOK)
    view = findings_view(loaded.findings, loaded.errors, DESCRIPTIONS)
    (group,) = view.acknowledged
    assert [(line.voucher, line.status, line.overdue, line.due) for line in group.lines] == [
        ("记-2024-0002", "已说明", False, ""),
        ("记-2024-0003", "已整改", False, "2025-04-30"),
        ("记-2024-0004", "逾期未整改", True, "2025-06-30"),
        ("记-2024-0005", "整改中", False, "2025-09-30"),
    ]
    assert [g.rule for g in view.open] == ["rectification-overdue"]


def test_malformed_rectification_fields_are_told_in_chinese() -> None:
    for wrong, said in (
        ('  action: "整顿"\n', "action（处理方式）应为 “整改” 或 “说明”"),
        ('  action: "整改"\n  due: "2025-06-30"\n', "due（整改期限）应为日期（不加引号"),
        ('  action: "说明"\n  due: 2025-09-30\n', "处理方式为说明的不设整改期限"),
        ('  action: "整改"\n  due: 2024-07-30\n', "整改期限 2024-07-30 早于处理日期 2025-07-21"),
    ):
        book = BOOK + (
            '2025-07-21 custom "ghfund-ack" "voucher-duplicate" "记-2024-0099"\n'
            '  ref: "经审会〔2025〕9号"\n' + wrong
        )
        errors = [e for e in load_string(book).findings.open if e.rule == "directive-invalid"]
        assert len(errors) == 1 and said in errors[0].message, errors
        assert errors[0].source["lineno"] > 0


def test_an_item_is_overdue_only_after_its_deadline_day() -> None:
    from ghfund import rectification as progress

    ack = next(a for a in load_string(BOOK).book.directives.acks if a.key == "记-2024-0004")
    due = datetime.date(2025, 6, 30)
    assert progress.status(ack, None, due) == "in-progress"  # the deadline day itself
    assert progress.status(ack, None, due + datetime.timedelta(days=1)) == "overdue"
    assert progress.status(ack, None, None) == "in-progress"  # a book without entries
