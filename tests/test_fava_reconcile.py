"""The 银行存款余额调节表 page in Fava: statements from the documents folder, an upload, xlsx."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from fava.application import create_app
from flask import Flask
from flask.testing import FlaskClient

from tests.support import fresh_fava_process, ghfund_part

LEDGER = """option "title" "对账测试"
option "operating_currency" "CNY"
option "documents" "documents"
2025-01-01 custom "fava-extension" "ghfund.fava"
2025-01-01 custom "ghfund-option" "union-name" "测试工会"
2025-01-01 open Assets:102-银行存款:01-工商银行 CNY
2025-01-01 open Equity:322-工会资金结余 CNY
2025-01-01 open Income:401-会费收入 CNY
2025-01-01 * "期初余额"
  voucher: "记-2025-0001"
  Assets:102-银行存款:01-工商银行  1000.00 CNY
  Equity:322-工会资金结余
2025-06-03 * "会费"
  voucher: "记-2025-0002"
  Assets:102-银行存款:01-工商银行  200.00 CNY
  Income:401-会费收入
2025-06-29 * "会费 现金存入"
  voucher: "记-2025-0003"
  Assets:102-银行存款:01-工商银行  300.00 CNY
  Income:401-会费收入
"""

STATEMENT = (
    "交易日期,借方发生额,贷方发生额,余额,摘要,流水号\n"
    "20250604,,200.00,1200.00,会费,F1\n"
    "20250621,,1.20,1201.20,结息,F2\n"
    "20250702,,300.00,1501.20,现金存入,F3\n"
)


@pytest.fixture
def ledger_dir(tmp_path: Path) -> Path:
    (tmp_path / "main.beancount").write_text(LEDGER, encoding="utf-8")
    folder = tmp_path / "documents" / "Assets" / "102-银行存款" / "01-工商银行"
    folder.mkdir(parents=True)
    (folder / "2025-07-05.工行.csv").write_text(STATEMENT, encoding="gbk")
    return tmp_path


@pytest.fixture
def client(ledger_dir: Path) -> Iterator[FlaskClient]:
    app: Flask = create_app([str(ledger_dir / "main.beancount")], load=True, poll_watcher=True)
    with app.test_client() as client:
        yield client


def url(path: str) -> str:
    return f"/对账测试/extension/Reconciliation/{path}"


def test_page_shows_the_last_month_of_the_statement_and_june_on_request(
    client: FlaskClient,
) -> None:
    html = client.get(url("")).get_data(as_text=True)
    assert "2025-07-05.工行.csv" in html and "2025-07" in html
    assert "1,501.20" in html  # July's statement balance
    june = client.get(url("?month=2025-06")).get_data(as_text=True)
    assert "企业已收、银行未收" in june and "300.00" in june and "1.20" in june
    assert "1,201.20" in june and "1,201.20" not in html  # June's statement balance


def test_xlsx_download(client: FlaskClient, ledger_dir: Path) -> None:
    file = ledger_dir / "documents/Assets/102-银行存款/01-工商银行/2025-07-05.工行.csv"
    response = client.get(
        url("statement_xlsx"), query_string={"file": str(file), "month": "2025-06"}
    )
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    values = [cell for row in book.worksheets[0].iter_rows(values_only=True) for cell in row]
    assert "调节后的存款余额" in values


def test_pdf_download(client: FlaskClient, ledger_dir: Path) -> None:
    file = ledger_dir / "documents/Assets/102-银行存款/01-工商银行/2025-07-05.工行.csv"
    response = client.get(
        url("statement_pdf"), query_string={"file": str(file), "month": "2025-06"}
    )
    assert response.status_code in (200, 503)  # 503: no CJK font here, said in Chinese
    if response.status_code == 200:
        assert response.data.startswith(b"%PDF")
    else:
        assert "字体" in response.get_data(as_text=True)


def test_upload_saves_into_documents_and_refuses_bad_files(
    client: FlaskClient, ledger_dir: Path
) -> None:
    data = {
        "statement": (io.BytesIO(STATEMENT.encode()), "新对账单.csv"),
        "account": "Assets:102-银行存款:01-工商银行",
    }
    response = client.post(url("upload"), data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    assert (ledger_dir / "documents/Assets/102-银行存款/01-工商银行/新对账单.csv").exists()
    again = {
        "statement": (io.BytesIO(STATEMENT.encode()), "新对账单.csv"),
        "account": "Assets:102-银行存款:01-工商银行",
    }
    bad = {"statement": (io.BytesIO(b"x,y\n1,2\n"), "bad.csv")}
    sneaky = {"statement": (io.BytesIO(STATEMENT.encode()), "a.csv"), "account": "../../etc"}
    assert (
        client.post(url("upload"), data=again, content_type="multipart/form-data").status_code
        == 409
    )
    assert (
        client.post(url("upload"), data=bad, content_type="multipart/form-data").status_code == 400
    )
    assert (
        client.post(url("upload"), data=sneaky, content_type="multipart/form-data").status_code
        == 400
    )


def test_a_statement_replaced_under_the_same_name_is_reconciled_anew(ledger_dir: Path) -> None:
    """The statement is not one of the book's files: its content keys the cached report."""
    main = str(ledger_dir / "main.beancount")
    with create_app([main], load=True, poll_watcher=True).test_client() as first:
        assert "1,501.20" in first.get(url("")).get_data(as_text=True)
    folder = ledger_dir / "documents/Assets/102-银行存款/01-工商银行"
    changed = STATEMENT.replace("1501.20", "1501.30").replace("300.00,1501", "300.10,1501")
    (folder / "2025-07-05.工行.csv").write_text(changed, encoding="gbk")
    with create_app([main], load=True, poll_watcher=True).test_client() as again:
        html = again.get(url("")).get_data(as_text=True)
    assert "1,501.30" in html and "1,501.20" not in html


def test_the_page_opened_again_after_a_restart_imports_no_pandas(
    client: FlaskClient, ledger_dir: Path
) -> None:
    first = client.get(url("")).get_data(as_text=True)  # computes it: the cache is filled
    again = fresh_fava_process(ledger_dir / "main.beancount", "Reconciliation")
    html, heavy = again["Reconciliation"]
    assert heavy == [] and ghfund_part(html) == ghfund_part(first) and "1,501.20" in html


def test_visitors_bad_accounts_are_said_on_the_page_never_added_to_favas_errors(
    ledger_dir: Path,
) -> None:
    main = ledger_dir / "main.beancount"
    client = create_app([str(main)], load=True, read_only=True).test_client()
    for n in range(40):
        answer = client.get(f"/对账测试/extension/Reconciliation/?account=Assets:假{n}")
        assert answer.status_code == 200
        assert f"账本中没有银行存款科目“Assets:假{n}”" in answer.get_data(as_text=True)
    errors = client.get("/对账测试/api/errors").get_json()["data"]
    assert [e for e in errors if e["type"] == "GhfundPageError"] == []


def test_the_reconciliation_pages_own_downloads_answer_the_statement(
    client: FlaskClient,
) -> None:
    answer = client.get(url("xlsx"))
    assert answer.status_code == 200 and answer.data[:2] == b"PK"
    assert "2025-07" in answer.headers["Content-Disposition"]
