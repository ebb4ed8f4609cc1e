"""The Fava pages without a browser: the page builders, and the extension inside Fava's app.

The browser test (tests/test_fava_e2e.py) drives the same pages in Chromium.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from fava.application import create_app
from fava.core import FavaLedger
from flask import Flask
from flask.testing import FlaskClient

from ghfund import fava as pages
from ghfund.book import Book
from ghfund.fava import session as sessions
from ghfund.fava.views import findings_view, report_view
from ghfund.ledger import Loaded, load_file
from ghfund.money import fmt
from ghfund.plugins.all import DESCRIPTIONS
from ghfund.reports import budget_execution, funding_report

D = Decimal

PAGES = {
    "AnnualReport": "年度报表",
    "BudgetDraft": "预算编制",
    "BudgetExecution": "预算执行",
    "Checks": "经审检查",
    "CommitteeReview": "同级审查",
    "DepartureAudit": "离任审计",
    "Funding": "拨缴与上解",
    "Ledgers": "账簿",
    "Reconciliation": "银行对账",
}

LEDGER = """
option "title" "测试工会经费账"
option "operating_currency" "CNY"
plugin "ghfund.plugins.all"
2024-01-01 custom "fava-extension" "ghfund.fava"
2024-01-01 custom "ghfund-option" "union-name" "测试工会"
2023-12-31 open Assets:102-银行存款
2023-12-31 open Income:402-拨缴经费收入
2023-12-31 open Expenses:501-职工活动支出:50102-文体活动支出
2023-12-31 open Expenses:510-其他支出
2023-12-31 open Equity:322-工会资金结余
2023-12-31 * "期初余额"
  voucher: "记-2023-0001"
  Assets:102-银行存款  50000.00 CNY
  Equity:322-工会资金结余
2024-01-20 custom "budget" Income:402-拨缴经费收入 "yearly" 150000.00 CNY
  approved: "1"
2024-01-20 custom "budget" Expenses:501-职工活动支出:50102-文体活动支出 "yearly" 100000.00 CNY
  approved: "1"
2024-01-20 custom "budget" Expenses:510-其他支出 "yearly" 1000.00 CNY
  approved: "1"
2024-02-02 * "拨缴"
  voucher: "记-2024-0001"
  Assets:102-银行存款  160000.00 CNY
  Income:402-拨缴经费收入
2024-03-01 * "运动会"
  voucher: "记-2024-0002"
  Expenses:501-职工活动支出:50102-文体活动支出  100000.01 CNY
  Assets:102-银行存款
2024-04-01 * "手续费"
  voucher: "记-2024-0003"
  Expenses:510-其他支出  250.00 CNY
  Assets:102-银行存款
2025-01-05 * "手续费"
  voucher: "记-2025-0001"
  Expenses:510-其他支出  30.00 CNY
  Assets:102-银行存款
2025-01-20 custom "ghfund-ack" "budget-overrun" "记-2024-0002"
  ref: "经审会〔2025〕1号"
"""

NO_VOUCHER = '2025-02-01 * "漏填凭证号"\n  Expenses:510-其他支出  5.00 CNY\n  Assets:102-银行存款\n'


def test_budget_view_shows_the_builders_cells_bars_and_overruns(loaded: Loaded) -> None:
    """
    2024-01-01 open Assets:102-银行存款
    2024-01-01 open Income:402-拨缴经费收入
    2024-01-01 open Expenses:501-职工活动支出:50102-文体活动支出
    2024-01-01 open Expenses:510-其他支出
    2024-01-20 custom "budget" Income:402-拨缴经费收入 "yearly" 150000.00 CNY
      approved: "1"
    2024-01-20 custom "budget" Expenses:501-职工活动支出:50102-文体活动支出 "yearly" 100000.00 CNY
      approved: "1"
    2024-01-20 custom "budget" Expenses:510-其他支出 "yearly" 1000.00 CNY
      approved: "1"
    2024-02-02 * "拨缴"
      voucher: "1"
      Assets:102-银行存款  160000.00 CNY
      Income:402-拨缴经费收入
    2024-03-01 * "运动会"
      voucher: "2"
      Expenses:501-职工活动支出:50102-文体活动支出  100000.01 CNY
      Assets:102-银行存款
    2024-04-01 * "手续费"
      voucher: "3"
      Expenses:510-其他支出  250.00 CNY
      Assets:102-银行存款
    """
    page = pages.BudgetExecution
    view = report_view(budget_execution.report(loaded, 2024), page.bars)
    table, found = view.tables
    assert found.name == "budget_findings"
    assert [line.cells[0].text for line in found.lines] == ["budget-overrun"]
    assert not found.lines[0].marked  # only the execution table's overruns are red
    assert [cell.text for cell in table.headers] == [
        "项目",
        "科目编码",
        "年初预算",
        "调整后预算",
        "实际",
        "差额",
        "完成率/执行率",
        "占比",
        "说明",
    ]
    rows = {line.cells[1].text: line for line in table.lines if line.cells[1].text}
    sports, fees, allocation = rows["50102"], rows["510"], rows["402"]
    # 100,000.01 of 100,000.00: one cent over is an overrun, shown red with a full bar
    assert [c.text for c in sports.cells[2:7]] == [
        "100,000.00",
        "100,000.00",
        "100,000.01",
        "0.01",
        "100.00%",
    ]
    assert sports.marked and sports.cells[6].bar == D(100)
    assert sports.cells[8].text == budget_execution.OVERRUN
    # 250 of 1,000: a quarter bar, not marked
    assert fees.cells[6].text == "25.00%" and fees.cells[6].bar == D("25.00")
    assert not fees.marked
    # more income than planned is no overrun, and its bar stops at 100
    assert allocation.cells[6].text == "106.67%" and allocation.cells[6].bar == D(100)
    assert not allocation.marked
    assert all(cell.numeric for cell in sports.cells[2:8]) and not sports.cells[0].numeric
    assert [line.level for line in table.lines if line.level == 0]  # totals are bold
    assert sports.cells[7].bar is None  # only 执行率 is drawn as a bar


def test_findings_view_groups_by_rule_and_sets_acknowledged_apart(loaded: Loaded) -> None:
    """
    2024-01-01 open Assets:102-银行存款
    2024-01-01 open Expenses:510-其他支出
    2024-02-01 * "a"
      Expenses:510-其他支出  1.00 CNY
      Assets:102-银行存款
    2024-02-02 * "b"
      Expenses:510-其他支出  2.00 CNY
      Assets:102-银行存款
    2024-02-03 * "c"
      voucher: "记-2024-0001"
      Expenses:510-其他支出  3.00 CNY
      Assets:102-银行存款
    2024-02-04 * "d"
      voucher: "记-2024-0001"
      Expenses:510-其他支出  4.00 CNY
      Assets:102-银行存款
    2024-03-01 custom "ghfund-ack" "voucher-duplicate" "记-2024-0001"
      ref: "经审会〔2024〕1号"
    """
    view = findings_view(loaded.findings, loaded.errors, DESCRIPTIONS)
    assert [(g.rule, g.error_class, len(g.lines)) for g in view.open] == [
        ("voucher-missing", "VoucherMissingError", 2)
    ]
    assert view.open[0].description == DESCRIPTIONS["voucher-missing"]
    assert [line.date for line in view.open[0].lines] == ["2024-02-01", "2024-02-02"]
    assert [line.lineno for line in view.open[0].lines] == [4, 7]
    (acknowledged,) = view.acknowledged
    assert (acknowledged.rule, acknowledged.error_class) == (
        "voucher-duplicate",
        "VoucherDuplicateError",
    )
    assert [(line.voucher, line.ref, line.date) for line in acknowledged.lines] == [
        ("记-2024-0001", "经审会〔2024〕1号", "2024-02-04")
    ]
    assert (view.open_count, view.acknowledged_count) == (2, 1)


def test_findings_view_lists_beancounts_own_errors_first(loaded: Loaded) -> None:
    """
    2024-01-01 open Assets:102-银行存款
    2024-02-01 * "未开设的科目"
      voucher: "记-2024-0001"
      Expenses:510-其他支出  1.00 CNY
      Assets:102-银行存款
    """
    view = findings_view(loaded.findings, loaded.errors, DESCRIPTIONS)
    assert view.open[0].rule == "beancount"
    assert view.open[0].error_class == "ValidationError"
    assert view.open[0].description == DESCRIPTIONS["beancount"]


# The extension inside Fava's own app, on a ledger file.


@pytest.fixture
def ledger_file(tmp_path: Path) -> Path:
    path = tmp_path / "main.beancount"
    path.write_text(textwrap.dedent(LEDGER), encoding="utf-8")
    return path


@pytest.fixture
def app(ledger_file: Path) -> Flask:
    return create_app([str(ledger_file)], load=True, poll_watcher=True)


@pytest.fixture
def client(app: Flask) -> Iterator[FlaskClient]:
    with app.test_client() as client:
        yield client


def fava_ledger(app: Flask) -> FavaLedger:
    ledger: FavaLedger = app.config["LEDGERS"]["测试工会经费账"]
    return ledger


def url(path: str) -> str:
    return f"/测试工会经费账/{path}"


def errors(client: FlaskClient) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = client.get(url("api/errors")).get_json()["data"]
    return data


def test_fava_loads_the_extension_and_computes_nothing_at_load(app: Flask) -> None:
    ledger = fava_ledger(app)
    names = [detail.name for detail in ledger.extensions.extension_details]
    titles = [detail.report_title for detail in ledger.extensions.extension_details]
    shown = dict(zip(names, titles, strict=True))
    assert {name: shown[name] for name in PAGES} == PAGES
    assert shown["ClosedPeriodGuard"] is None  # no page: it refuses saves into closed months
    assert names == sorted(names)  # Fava's order: by class name
    assert ledger.extensions.errors == []
    assert id(ledger) not in sessions._SESSIONS  # nothing built until a page is opened


def test_budget_page_in_fava_defaults_to_the_newest_year(
    client: FlaskClient, ledger_file: Path
) -> None:
    html = client.get(url("extension/BudgetExecution/")).get_data(as_text=True)
    assert "2025年度" in html
    html = client.get(url("extension/BudgetExecution/?year=2024")).get_data(as_text=True)
    assert "编制单位：测试工会" in html
    assert '<tr class="l2 marked">' in html  # 50102 (a 项 under 501), one cent over
    assert fmt(D("100000.01")) in html
    assert 'href="/%E6%B5%8B' in html and "xlsx?year=2024" in html


def test_budget_xlsx_download_is_the_builders_table(client: FlaskClient, app: Flask) -> None:
    response = client.get(url("extension/BudgetExecution/xlsx?year=2024"))
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert "2024%E5%B9%B4%E5%BA%A6" in response.headers["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    assert sheet is not None
    assert sheet["A1"].value == "预算执行情况表"
    actual = {
        sheet.cell(row=r, column=2).value: D(str(sheet.cell(row=r, column=5).value))
        for r in range(5, sheet.max_row + 1)
        if sheet.cell(row=r, column=5).value is not None
    }
    assert actual["50102"] == D("100000.01")
    assert actual["510"] == D("250.00")


def test_unknown_year_is_told_in_chinese(client: FlaskClient) -> None:
    html = client.get(url("extension/BudgetExecution/?year=2031")).get_data(as_text=True)
    assert "账本中没有“2031”可以显示；可选：2024年、2025年。" in html
    response = client.get(url("extension/BudgetExecution/xlsx?year=abc"))
    assert response.status_code == 404
    assert "账本中没有“abc”" in response.get_data(as_text=True)


def test_checks_page_and_xlsx_with_an_acknowledged_finding(client: FlaskClient) -> None:
    html = client.get(url("extension/Checks/")).get_data(as_text=True)
    assert "检查通过：没有未处理的发现（1 项已处理）" in html
    assert 'id="ack-budget-overrun"' in html and "经审会〔2025〕1号" in html
    assert "<th>整改状态</th>" in html and '<td class="where">已说明</td>' in html
    assert "BudgetOverrunError" in html
    response = client.get(url("extension/Checks/xlsx"))
    workbook = openpyxl.load_workbook(io.BytesIO(response.data))
    sheet = workbook.active
    assert sheet is not None and sheet["A1"].value == "检查发现清单"
    row = [cell.value for cell in sheet[5]]
    assert row[0] == "budget-overrun" and row[2] == "记-2024-0002"
    assert D(str(row[3])) == D("0.01")  # the overrun: 100,000.01 spent of 100,000.00
    assert row[4:6] == ["已说明", "经审会〔2025〕1号"]
    assert sheet.max_row == 5  # the list alone; its summary on the 说明 sheet
    assert ["检查发现清单", "未处理 0 项，经审会已处理 1 项（已说明 1 项）。"] in [
        [cell.value for cell in row] for row in workbook["说明"].iter_rows()
    ]


def test_findings_are_recomputed_after_fava_reloads_the_file(
    client: FlaskClient, app: Flask, ledger_file: Path
) -> None:
    assert "检查通过" in client.get(url("extension/Checks/")).get_data(as_text=True)
    assert errors(client) == []
    before = sessions.session_of(fava_ledger(app))
    line = len(ledger_file.read_text(encoding="utf-8").splitlines()) + 1
    with ledger_file.open("a", encoding="utf-8") as handle:
        handle.write(NO_VOUCHER)
    fava_ledger(app).load_file()  # what Fava does when it sees the file change
    html = client.get(url("extension/Checks/")).get_data(as_text=True)
    assert "【voucher-missing】" in html and "VoucherMissingError" in html
    assert f"main.beancount:{line}" in html
    assert "editor/?file_path=" in html and f"line={line}" in html
    assert sessions.session_of(fava_ledger(app)) is not before
    assert [e["type"] for e in errors(client)] == ["VoucherMissingError"]


def test_a_failing_builder_becomes_a_message_and_a_fava_error(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(book: Book, year: int) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(budget_execution, "build", broken)
    response = client.get(url("extension/BudgetExecution/?year=2024"))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "生成“预算执行”页面时出错：程序内部错误" in html
    assert "ZeroDivisionError" not in html  # no English exception names (it is in the log)
    assert "账本本身已正常打开" in html
    assert [e["type"] for e in errors(client)] == ["GhfundPageError"]
    download = client.get(url("extension/BudgetExecution/xlsx?year=2024"))
    assert download.status_code == 422
    assert "生成“预算执行”页面时出错" in download.get_data(as_text=True)
    assert len(errors(client)) == 1  # the same failure is listed once
    # the rest of Fava and the other ghfund pages still work
    assert client.get(url("income_statement/")).status_code == 200
    assert "检查通过" in client.get(url("extension/Checks/")).get_data(as_text=True)


def test_an_exception_while_fava_loads_never_stops_it(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(ledger: FavaLedger) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("ghfund.fava.page.reloaded", broken)
    ledger = fava_ledger(app)
    ledger.load_file()
    pages = sum(1 for d in ledger.extensions.extension_details if d.report_title)
    assert [type(e).__name__ for e in ledger.errors] == ["GhfundPageError"] * pages  # one per page
    assert all("程序内部错误" in e.message for e in ledger.errors)


def test_fava_knows_ghfund_findings_by_their_error_class(tmp_path: Path) -> None:
    path = tmp_path / "main.beancount"
    text = textwrap.dedent(LEDGER)
    path.write_text(text + NO_VOUCHER, encoding="utf-8")
    ledger = FavaLedger(str(path), poll_watcher=True)
    assert [type(e).__name__ for e in ledger.errors] == ["VoucherMissingError"]
    assert ledger.errors[0].source["lineno"] == len(text.splitlines()) + 1


def test_funding_view_marks_short_and_late_months_red(loaded: Loaded) -> None:
    """
    2023-12-31 open Assets:102-银行存款
    2023-12-31 open Income:402-拨缴经费收入
    2023-12-31 open Liabilities:211-应付上级经费
    2024-02-10 custom "ghfund-payroll" 2024-01-31 100000.00 CNY
    2024-03-10 custom "ghfund-payroll" 2024-02-29 100000.00 CNY
    2024-02-15 * "1月拨缴经费"
      voucher: "记-2024-0001"
      payroll: 2024-01-31
      Assets:102-银行存款  1500.00 CNY
      Income:402-拨缴经费收入  -900.00 CNY
      Liabilities:211-应付上级经费  -600.00 CNY
    2024-03-15 * "2月拨缴经费"
      voucher: "记-2024-0002"
      payroll: 2024-02-29
      Assets:102-银行存款  2000.00 CNY
      Income:402-拨缴经费收入  -1200.00 CNY
      Liabilities:211-应付上级经费  -800.00 CNY
    2024-03-20 * "上解"
      voucher: "记-2024-0003"
      Liabilities:211-应付上级经费  1400.00 CNY
      Assets:102-银行存款
    2024-06-30 * "利息"
      voucher: "记-2024-0004"
      Assets:102-银行存款  1.00 CNY
      Income:402-拨缴经费收入
    """
    report = funding_report.report(loaded, 2024)
    view = report_view(report, ())
    months = view.tables[1]
    lines = {line.cells[0].text: line for line in months.lines}
    assert lines["2024-01"].cells[4].text == fmt(D("1500.00") - D("2000.00"))
    assert lines["2024-01"].marked  # 500.00 short of 2% × 100,000.00, past the deadline
    assert funding_report.SHORT in lines["2024-01"].cells[8].text
    assert not lines["2024-02"].marked  # paid in full and remitted in time
    assert not lines["合计"].marked
    assert [line.marked for line in view.tables[0].lines] == [False] * 6  # the summary


def test_pages_and_downloads_work_in_read_only_fava(ledger_file: Path) -> None:
    app = create_app([str(ledger_file)], load=True, read_only=True, poll_watcher=True)
    with app.test_client() as client:
        assert client.get(url("extension/DepartureAudit/")).status_code == 200
        for name in ("AnnualReport", "BudgetExecution", "Checks", "Funding"):
            assert client.get(url(f"extension/{name}/")).status_code == 200
            assert client.get(url(f"extension/{name}/xlsx")).status_code == 200
        assert client.put(url("api/source"), json={}).status_code == 401  # no change through Fava


def test_annual_page_shows_what_the_command_would_warn_about(tmp_path: Path) -> None:
    path = tmp_path / "main.beancount"
    path.write_text(textwrap.dedent(LEDGER) + NO_VOUCHER, encoding="utf-8")
    app = create_app([str(path)], load=True, poll_watcher=True)
    with app.test_client() as client:
        html = client.get(url("extension/AnnualReport/?year=2025")).get_data(as_text=True)
        assert (
            '<p class="problem">2025 年度有 1 项未处理的发现，可用 ghfund check 或 ghfund audit --year 查看。</p>'
            in html
        )
        assert 'id="balance_sheet"' in html and "工会01表" in html
        clean = client.get(url("extension/AnnualReport/?year=2024")).get_data(as_text=True)
        assert 'class="problem"' not in clean


OFFICERS = """
2024-01-01 custom "ghfund-officer" "赵六" "主席"
2024-06-30 custom "ghfund-officer-end" "赵六" "主席"
2024-07-01 custom "ghfund-officer" "钱七" "主席"
2024-08-01 custom "ghfund-audit" "departure" "赵六" 2024-01-01 2024-06-30
  report: "经审〔2024〕1号"
"""


def test_departure_page_lists_the_officers_and_shows_the_builders_report(tmp_path: Path) -> None:
    from ghfund.ledger import load_file
    from ghfund.reports import departure

    path = tmp_path / "main.beancount"
    path.write_text(textwrap.dedent(LEDGER) + textwrap.dedent(OFFICERS), encoding="utf-8")
    app = create_app([str(path)], load=True, poll_watcher=True)
    report = departure.report(load_file(path), "赵六", "主席")
    sheet = report.table("balance_sheet").records()
    cash_at_end = fmt(D(str(sheet[0]["end"])))
    with app.test_client() as client:
        html = client.get(url("extension/DepartureAudit/")).get_data(as_text=True)
        assert "钱七（主席，2024-07-01 起在任）" in html  # the latest term is the default
        assert "赵六（主席，2024-01-01 至 2024-06-30）" in html
        chosen = client.get(url("extension/DepartureAudit/?officer=赵六/主席")).get_data(
            as_text=True
        )
        assert "经审〔2024〕1号" in chosen and cash_at_end in chosen
        assert all(f'id="{table.name}"' in chosen for table in report.tables)
        download = client.get(url("extension/DepartureAudit/xlsx?officer=赵六/主席"))
        assert download.status_code == 200
        book = openpyxl.load_workbook(io.BytesIO(download.data))
        assert len(book.sheetnames) == len(report.tables) + 1  # and 说明, the report's notes
        assert report.notes
        assert "下载审计报告草稿（Word）" in chosen
        draft = client.get(url("extension/DepartureAudit/draft?officer=赵六/主席"))
        assert draft.status_code == 200, draft.get_data(as_text=True)
        document = docx.Document(io.BytesIO(draft.data))
        headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
        assert headings[:2] == ["一、基本情况", "二、审计内容与结果"]
        assert "关于赵六同志任主席期间的离任经济责任审计报告（草稿）" in document.paragraphs[0].text
        assert client.get(url("extension/Checks/draft")).status_code == 404
        unknown = client.get(url("extension/DepartureAudit/?officer=孙八/主席")).get_data(
            as_text=True
        )
        assert "账本中没有“孙八/主席”可以显示" in unknown


def test_the_annual_review_page_and_its_draft(client: FlaskClient, ledger_file: Path) -> None:
    """同级审查: ``ghfund audit --year``'s tables for the year chosen, and its Word draft."""
    from ghfund.reports import review

    report = review.report(load_file(ledger_file), 2024)
    latest = client.get(url("extension/CommitteeReview/")).get_data(as_text=True)
    assert 'class="choice selected" href="/%E6' in latest and '?year=2025">2025年' in latest
    html = client.get(url("extension/CommitteeReview/?year=2024")).get_data(as_text=True)
    assert all(f'id="{table.name}"' in html for table in report.tables)
    assert "超预算" in html or "budget-overrun" in html  # the year's finding, acknowledged
    assert "下载审计报告草稿（Word）" in html
    draft = client.get(url("extension/CommitteeReview/draft?year=2024"))
    assert draft.status_code == 200, draft.get_data(as_text=True)
    document = docx.Document(io.BytesIO(draft.data))
    assert document.paragraphs[0].text == "关于测试工会2024年度经费收支情况的审查报告（草稿）"
    missing = client.get(url("extension/CommitteeReview/?year=2031")).get_data(as_text=True)
    assert "账本中没有“2031”可以显示" in missing


def test_departure_page_without_officers_says_what_to_record(client: FlaskClient) -> None:
    html = client.get(url("extension/DepartureAudit/")).get_data(as_text=True)
    assert "账本中没有任期可审计" in html
    assert errors(client) == []


def test_annual_page_has_a_month_picker_and_shows_a_month(client: FlaskClient) -> None:
    html = client.get(url("extension/AnnualReport/")).get_data(as_text=True)
    assert "2025年12月31日" in html  # the newest year, not the newest month, by default
    assert '<option value="2024-01">2024年1月</option>' in html
    assert "pdf?year=2025" in html and "xlsx?year=2025" in html
    month = client.get(url("extension/AnnualReport/?year=2024-03")).get_data(as_text=True)
    assert "2024年3月31日" in month and "本月数" in month and "本年累计数" in month
    assert '<option value="2024-03" selected>' in month
    assert client.get(url("extension/AnnualReport/?year=2031-01")).status_code == 200


def test_every_page_offers_its_report_as_pdf(client: FlaskClient) -> None:
    from ghfund.reports.render import pdf

    if not pdf.chinese_fonts():
        pytest.skip("no Chinese font (fonts-noto-cjk): PDF is refused; .ci/run installs it")
    response = client.get(url("extension/AnnualReport/pdf?year=2024-03"))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert "2024%E5%B9%B43%E6%9C%88" in response.headers["Content-Disposition"]  # 2024年3月


def test_ledgers_page_shows_the_trial_balance_and_the_chosen_detail_ledger(
    client: FlaskClient,
) -> None:
    html = client.get(url("extension/Ledgers/?year=2024")).get_data(as_text=True)
    assert "科目余额表" in html and "明细账" in html
    assert "102 银行存款" in html  # the first account by default
    assert "109,749.99" in html  # 102 银行存款 at the end of 2024
    html = client.get(url("extension/Ledgers/?year=2024&account=50102")).get_data(as_text=True)
    assert "运动会" in html and "100,000.01" in html
    assert 'value="50102" selected' in html
    assert "account=50102" in html  # the download names the account
    response = client.get(url("extension/Ledgers/xlsx?year=2024&account=50102"))
    assert response.status_code == 200 and response.mimetype.endswith("sheet")
    workbook = openpyxl.load_workbook(io.BytesIO(response.data))
    assert workbook.sheetnames == ["科目余额表", "明细账", "说明"]
    # an account the book does not have is said, never replaced by the first one
    html = client.get(url("extension/Ledgers/?year=2024&account=999")).get_data(as_text=True)
    assert "没有编码为“999”的科目的账" in html and "109,749.99" not in html


def test_budget_draft_save_refuses_an_unbalanced_grid_and_writes_nothing(
    client: FlaskClient, ledger_file: Path
) -> None:
    before = ledger_file.read_bytes()
    form = {
        "year": "2025",
        "approved": "工会委员会2025年第1次会议",
        "date": "2025-01-10",
        "b-402": "100.00",
        "b-510": "200.00",
    }
    answer = client.post(url("extension/BudgetDraft/save"), data=form)
    assert answer.status_code == 400
    text = answer.get_data(as_text=True)
    assert "不平衡" in text and "赤字 100.00" in text
    bad = client.post(url("extension/BudgetDraft/save"), data={**form, "b-510": "2OO"})
    assert bad.status_code == 400 and "科目 510" in bad.get_data(as_text=True)
    assert ledger_file.read_bytes() == before
    saved = client.post(url("extension/BudgetDraft/save"), data={**form, "b-510": "100.00"})
    assert saved.status_code == 200, saved.get_data(as_text=True)
    assert ledger_file.read_text(encoding="utf-8").count('custom "budget"') == 5


def test_read_only_fava_refuses_a_budget_save(ledger_file: Path) -> None:
    app = create_app([str(ledger_file)], load=True, read_only=True, poll_watcher=True)
    before = ledger_file.read_bytes()
    with app.test_client() as client:
        html = client.get(url("extension/BudgetDraft/?year=2025")).get_data(as_text=True)
        assert 'id="ghfund-grid"' in html and 'id="ghfund-save"' not in html
        form = {"year": "2025", "approved": "x", "date": "2025-01-10", "b-402": "1"}
        assert client.post(url("extension/BudgetDraft/save"), data=form).status_code == 401
    assert ledger_file.read_bytes() == before
