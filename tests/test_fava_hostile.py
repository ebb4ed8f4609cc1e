"""Fava's ghfund pages against what any visitor can send, against books that are not union
books (made by Beancount's own ``bean-example``, like Fava's test ledgers), and against a
book Beancount itself cannot load: never an HTTP 500, never a flood of Fava's error list."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fava.application import create_app
from flask.testing import FlaskClient

from ghfund.fava import page as pages
from ghfund.fava.server import LOAD_FAILED, application
from ghfund.problems import UserProblem

PAGES = (
    "AnnualReport",
    "BudgetExecution",
    "DepartureAudit",
    "Funding",
    "Ledgers",
    "Reconciliation",
)


@pytest.fixture(autouse=True)
def quiet_logs() -> None:
    logging.getLogger("ghfund").setLevel(logging.CRITICAL)


def page_errors(client: FlaskClient, slug: str) -> list[str]:
    errors = client.get(f"/{slug}/api/errors").get_json()["data"]
    return [e["message"] for e in errors if e["type"] == "GhfundPageError"]


def test_a_pages_failures_keep_one_line_on_favas_error_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ghfund.ledger import default_ledger

    client = create_app([str(default_ledger())], load=True).test_client()
    slug = "江淮精密机械有限公司工会经费账"
    count = iter(range(100))

    def broken(*args: object) -> None:
        raise UserProblem(f"第 {next(count)} 次出错")

    monkeypatch.setattr(pages.ReportPage, "compose", broken)
    for year in range(2000, 2030):
        assert client.get(f"/{slug}/extension/AnnualReport/?year={year}").status_code == 200
    assert page_errors(client, slug) == ["无法生成“年度报表”页面：第 29 次出错"]


def test_the_ledgers_page_says_an_unknown_account_instead_of_showing_another(
    example_client: FlaskClient,
) -> None:
    answer = example_client.get("/江淮精密机械有限公司工会经费账/extension/Ledgers/?account=999")
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert "没有编码为“999”的科目的账" in html
    assert "明细账" not in html  # no other account's ledger in its place
    download = example_client.get(
        "/江淮精密机械有限公司工会经费账/extension/Ledgers/xlsx?account=999"
    )
    assert download.status_code == 404


@pytest.fixture(scope="module")
def example_client() -> FlaskClient:
    from ghfund.ledger import default_ledger

    return create_app([str(default_ledger())], load=True).test_client()


@pytest.fixture(scope="module")
def bean_example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A personal-finance book by Beancount's own generator (Fava's test ledgers are made
    by it), with the ghfund pages enabled."""
    folder = tmp_path_factory.mktemp("bean-example")
    generator = Path(sys.executable).parent / "bean-example"
    made = subprocess.run(
        [str(generator), "--seed", "7", "--date-begin", "2024-01-01", "--date-end", "2025-12-31"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    main = folder / "example.beancount"
    main.write_text('2000-01-01 custom "fava-extension" "ghfund.fava"\n' + made, encoding="utf-8")
    return main


def test_pages_on_a_book_that_is_not_a_union_book(bean_example: Path) -> None:
    """Every page and download says, in Chinese, that the book is not kept in the union
    chart: never a 500, never "程序内部错误", and at most one line per page on Fava's
    error page however many requests are made."""
    client = create_app([str(bean_example)], load=True).test_client()
    slug = client.get("/", follow_redirects=True).request.path.strip("/").split("/")[0]
    for _ in range(2):
        for name in PAGES:
            for query in ("", "?year=2025", "?account=999", "xlsx", "xlsx?year=1999"):
                answer = client.get(f"/{slug}/extension/{name}/{query}")
                assert answer.status_code in (200, 404, 422), (name, query, answer.status_code)
                text = answer.get_data(as_text=True) if answer.mimetype.startswith("text/") else ""
                assert "程序内部错误" not in text and "Traceback" not in text, (name, query)
                if answer.status_code == 422:
                    assert "不是按《工会会计制度》科目表记的账" in text
    assert len(page_errors(client, slug)) <= len(PAGES)


HUGE_LEDGER = """option "title" "大额"
option "operating_currency" "CNY"
2025-01-01 custom "fava-extension" "ghfund.fava"
2025-01-01 open Assets:102-银行存款 CNY
2025-01-01 open Equity:322-工会资金结余 CNY
2025-01-05 * "x"
  voucher: "记-2025-0001"
  Assets:102-银行存款  {amount} CNY
  Equity:322-工会资金结余
"""
THIRTY_DIGITS = "123456789012345678901234567890.12"


def test_serve_refuses_a_book_beancount_cannot_interpolate_with_its_line(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from ghfund.cli import cli

    main = tmp_path / "main.beancount"
    main.write_text(HUGE_LEDGER.format(amount=THIRTY_DIGITS), encoding="utf-8")
    result = CliRunner().invoke(cli, ["serve", str(main), "--port", "1"])
    assert result.exit_code == 2
    assert "金额超出 ghfund 能处理的范围" in result.stderr and "main.beancount:8" in result.stderr


def test_serve_answers_an_edit_beancount_cannot_load_in_chinese_not_500(tmp_path: Path) -> None:
    main = tmp_path / "main.beancount"
    main.write_text(HUGE_LEDGER.format(amount="100.00"), encoding="utf-8")
    client = application([str(main)], poll_watcher=True).test_client()
    assert client.get("/大额/income_statement/").status_code == 200
    main.write_text(HUGE_LEDGER.format(amount=THIRTY_DIGITS), encoding="utf-8")
    later = time.time() + 5  # surely seen as changed, whatever the clock's grain
    os.utime(main, (later, later))
    answer = client.get("/大额/income_statement/")
    assert answer.status_code == LOAD_FAILED
    text = answer.get_data(as_text=True)
    assert "金额超出 ghfund 能处理的范围" in text and "main.beancount:8" in text
    again = client.get("/大额/extension/AnnualReport/")  # never the previous load's page
    assert again.status_code == LOAD_FAILED
    main.write_text(HUGE_LEDGER.format(amount="200.00"), encoding="utf-8")
    fixed = time.time() + 10
    os.utime(main, (fixed, fixed))
    assert client.get("/大额/income_statement/").status_code == 200


def test_the_checks_pdf_of_thousands_of_findings_counts_them_all_and_lists_the_first(
    tmp_path: Path,
) -> None:
    from ghfund.ledger import load_file
    from ghfund.reports import findings_report

    lines = [
        'option "title" "多发现"',
        'option "operating_currency" "CNY"',
        '2025-01-01 custom "fava-extension" "ghfund.fava"',
        "2025-01-01 open Assets:101-库存现金 CNY",
        "2025-01-01 open Expenses:501-职工活动支出 CNY",
    ]
    lines += [  # 1,200 payments without a voucher number: a voucher-missing finding each
        f'2025-{1 + n % 12:02d}-{1 + n % 28:02d} * "活动{n}"\n'
        "  Expenses:501-职工活动支出  10.00 CNY\n  Assets:101-库存现金"
        for n in range(1200)
    ]
    main = tmp_path / "main.beancount"
    main.write_text("\n".join(lines) + "\n", encoding="utf-8")
    printed = findings_report.for_print(load_file(main))
    counted, listed = printed.tables
    total = counted.records()[-1]
    assert total["rule"] == "合计" and total["open"] == 1200
    assert len(listed.rows) == findings_report.PRINTED
    assert any("共 1200 项发现，此处列出前 500 项" in note for note in listed.notes)
    client = create_app([str(main)], load=True).test_client()
    whole = client.get("/多发现/extension/Checks/xlsx")
    assert whole.status_code == 200  # the xlsx keeps every finding
    import io

    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(whole.data)).worksheets[0]
    assert (
        sum(1 for row in sheet.iter_rows(values_only=True) if row[0] == "voucher-missing") == 1200
    )
