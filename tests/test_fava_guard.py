"""Fava refuses saves that change a closed month, through Fava's own app (Flask test client)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fava.application import create_app
from fava.core import FavaLedger
from flask import Flask
from flask.testing import FlaskClient

from ghfund.cli import cli

MAIN = """\
option "title" "guard"
option "operating_currency" "CNY"
plugin "ghfund.plugins.all"
2024-01-01 custom "fava-extension" "ghfund.fava"
include "2024.beancount"
2023-12-31 open Assets:102-银行存款
2023-12-31 open Expenses:510-其他支出
2023-12-31 open Equity:322-工会资金结余
"""

YEAR = """\
2024-01-05 * "银行" "手续费"
  voucher: "记-2024-0001"
  Expenses:510-其他支出  20.00 CNY
  Assets:102-银行存款

2024-03-05 * "银行" "手续费"
  voucher: "记-2024-0002"
  Expenses:510-其他支出  30.00 CNY
  Assets:102-银行存款
"""


@pytest.fixture
def book(tmp_path: Path) -> Path:
    (tmp_path / "main.beancount").write_text(MAIN, encoding="utf-8")
    (tmp_path / "2024.beancount").write_text(YEAR, encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        [
            "close",
            str(tmp_path / "main.beancount"),
            "--through",
            "2024-01-31",
            "--date",
            "2024-02-03",
        ],
    )
    assert result.exit_code == 0, result.output
    return tmp_path


@pytest.fixture
def app(book: Path) -> Flask:
    return create_app([str(book / "main.beancount")], load=True, poll_watcher=True)


@pytest.fixture
def client(app: Flask) -> Iterator[FlaskClient]:
    with app.test_client() as client:
        yield client


def ledger(app: Flask) -> FavaLedger:
    found: FavaLedger = app.config["LEDGERS"]["guard"]
    return found


def source(client: FlaskClient, path: Path) -> dict[str, Any]:
    data: dict[str, Any] = client.get(
        "/guard/api/source", query_string={"filename": str(path)}
    ).get_json()["data"]
    return data


def put_source(client: FlaskClient, path: Path, text: str) -> tuple[int, Any]:
    current = source(client, path)
    response = client.put(
        "/guard/api/source",
        json={"file_path": str(path), "source": text, "sha256sum": current["sha256sum"]},
    )
    return response.status_code, response.get_json()


def test_the_editor_cannot_change_a_closed_month(client: FlaskClient, book: Path) -> None:
    path = book / "2024.beancount"
    status, answer = put_source(client, path, YEAR.replace("20.00 CNY", "25.00 CNY"))
    assert status == 409
    assert "已结账的 2024-01" in answer["error"] and "ghfund-reopen" in answer["error"]
    assert path.read_text(encoding="utf-8") == YEAR  # nothing written
    # an entry added into the closed month is refused too
    added = (
        YEAR
        + '\n2024-01-20 * "补记"\n  voucher: "记-2024-0009"\n  Expenses:510-其他支出  1.00 CNY\n  Assets:102-银行存款\n'
    )
    assert put_source(client, path, added)[0] == 409


def test_the_editor_saves_open_months_and_reformatting(client: FlaskClient, book: Path) -> None:
    path = book / "2024.beancount"
    edited = YEAR.replace("30.00 CNY", "35.00 CNY").replace("20.00 CNY", "20.0 CNY")
    edited = "; 2024年的账\n" + edited.replace(
        "  Expenses:510-其他支出  20.0", "    Expenses:510-其他支出      20.0"
    )
    status, answer = put_source(client, path, edited)
    assert status == 200, answer
    assert path.read_text(encoding="utf-8") == edited


def test_the_close_itself_cannot_be_removed_in_the_editor(client: FlaskClient, book: Path) -> None:
    main = book / "main.beancount"
    text = main.read_text(encoding="utf-8")
    status, answer = put_source(client, main, text.split("\n2024-02-03 custom")[0] + "\n")
    assert status == 409 and "结账记录" in answer["error"]


def test_entry_form_and_entry_edit_into_a_closed_month_are_refused(
    client: FlaskClient, app: Flask, book: Path
) -> None:
    entry = {
        "t": "Transaction",
        "date": "2024-01-25",
        "flag": "*",
        "payee": "银行",
        "narration": "手续费",
        "meta": {"voucher": "记-2024-0010"},
        "tags": [],
        "links": [],
        "postings": [
            {"account": "Expenses:510-其他支出", "amount": "5.00 CNY"},
            {"account": "Assets:102-银行存款", "amount": ""},
        ],
    }
    refused = client.put("/guard/api/add_entries", json={"entries": [entry]})
    assert refused.status_code == 409 and "2024-01" in refused.get_json()["error"]
    accepted = client.put(
        "/guard/api/add_entries", json={"entries": [{**entry, "date": "2024-03-25"}]}
    )
    assert accepted.status_code == 200, accepted.get_json()
    assert "2024-03-25" in (book / "main.beancount").read_text(encoding="utf-8")

    fava = ledger(app)
    january = next(e for e in fava.all_entries if str(e.date) == "2024-01-05")
    entry_hash = fava_hash(january)
    sliced = client.get("/guard/api/source_slice", query_string={"entry_hash": entry_hash})
    body = sliced.get_json()["data"]
    changed = client.put(
        "/guard/api/source_slice",
        json={
            "entry_hash": entry_hash,
            "source": body["slice"].replace("20.00", "21.00"),
            "sha256sum": body["sha256sum"],
        },
    )
    assert changed.status_code == 409 and "2024-01" in changed.get_json()["error"]
    deleted = client.delete(
        "/guard/api/source_slice",
        query_string={"entry_hash": entry_hash, "sha256sum": body["sha256sum"]},
    )
    assert deleted.status_code == 409
    assert (book / "2024.beancount").read_text(encoding="utf-8") == YEAR


def fava_hash(entry: Any) -> str:
    from fava.beans.funcs import hash_entry

    return str(hash_entry(entry))
