"""记账凭证 entry: reading a voucher, numbering, account lookup, the dry run, saving, review
and voiding — through ``ghfund voucher`` and Fava's endpoints; every refusal leaves the
book's bytes unchanged."""

from __future__ import annotations

import datetime
import json
import shutil
import subprocess
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fava.application import create_app
from flask.testing import FlaskClient

from ghfund import lookup, numbering, voucher
from ghfund.cli import cli
from ghfund.ledger import load_file, load_string

MAIN = """\
option "title" "vouchers"
option "operating_currency" "CNY"
plugin "ghfund.plugins.all"
2024-01-01 custom "fava-extension" "ghfund.fava"
2024-01-01 custom "ghfund-option" "cash-payment-limit" 1000.00 CNY
include "accounts.beancount"
include "2024.beancount"
"""

ACCOUNTS = """\
2023-12-31 open Assets:101-库存现金
2023-12-31 open Assets:102-银行存款
2023-12-31 open Assets:102-银行存款:01-工商银行
2023-12-31 open Income:402-拨缴经费收入
2023-12-31 open Liabilities:211-应付上级经费
2023-12-31 open Expenses:504-维权支出:50402-劳动保护支出
2023-12-31 open Expenses:501-职工活动支出:50105-会员活动支出
2023-12-31 open Expenses:510-其他支出
2023-12-31 open Equity:322-工会资金结余
2024-06-01 open Expenses:505-业务支出:50504-其他业务支出
"""

YEAR = """\
2023-12-31 * "期初余额"
  voucher: "记-2023-0001"
  Assets:102-银行存款:01-工商银行  50000.00 CNY
  Equity:322-工会资金结余

2024-01-05 * "银行" "手续费"
  voucher: "记-2024-0001"
  preparer: "王芳"
  Expenses:510-其他支出  20.00 CNY
  Assets:102-银行存款:01-工商银行

2024-03-05 * "银行" "手续费"
  voucher: "记-2024-0002"
  preparer: "王芳"
  Expenses:510-其他支出  30.00 CNY
  Assets:102-银行存款:01-工商银行
"""


@pytest.fixture
def book(tmp_path: Path) -> Path:
    (tmp_path / "main.beancount").write_text(MAIN, encoding="utf-8")
    (tmp_path / "accounts.beancount").write_text(ACCOUNTS, encoding="utf-8")
    (tmp_path / "2024.beancount").write_text(YEAR, encoding="utf-8")
    return tmp_path / "main.beancount"


def files(main: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(main.parent.glob("*.beancount"))}


def add(main: Path, request: dict[str, Any], *extra: str) -> Any:
    path = main.parent / "voucher.json"
    path.write_text(json.dumps(request, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(cli, ["voucher", "add", str(path), "--ledger", str(main), *extra])
    path.unlink()
    return result


FEE = {
    "date": "2024-03-20",
    "attachments": 1,
    "narration": "银行手续费",
    "preparer": "王芳",
    "lines": [
        {"account": "510", "debit": "1,000.00"},
        {"account": "10201", "credit": "１０００元"},
    ],
}


def test_amounts_as_treasurers_type_them() -> None:
    assert voucher.amount("1,000.00") == Decimal("1000.00")
    assert voucher.amount("１，２３４．５") == Decimal("1234.50")  # full width
    assert voucher.amount("300元") == Decimal("300.00")
    assert voucher.amount("￥12.30") == Decimal("12.30")
    assert voucher.amount("") is None
    for bad in ("1.234", "12a", "1,00,0.0.0"):
        with pytest.raises(ValueError, match=r"金额|两位小数"):
            voucher.amount(bad)


def test_next_number_follows_the_books_own_numbering() -> None:
    by_year = load_string(MAIN.split("include")[0] + ACCOUNTS + YEAR).book
    assert numbering.next_number(by_year, datetime.date(2024, 4, 1)) == "记-2024-0003"
    assert numbering.next_number(by_year, datetime.date(2025, 1, 2)) == "记-2025-0001"
    by_month = load_string(
        ACCOUNTS
        + YEAR.replace("记-2024-0001", "记-2024-01-0001").replace("记-2024-0002", "记-2024-03-0007")
    ).book
    assert numbering.next_number(by_month, datetime.date(2024, 3, 9)) == "记-2024-03-0008"
    assert numbering.next_number(by_month, datetime.date(2024, 4, 1)) == "记-2024-04-0001"


def test_accounts_by_code_name_and_pinyin() -> None:
    book = load_string(ACCOUNTS).book
    day = datetime.date(2024, 3, 1)
    # 402 is 拨缴经费收入, never 50402 劳动保护支出
    assert [f.code for f in lookup.find(book, "402", day)] == ["402"]
    assert [f.code for f in lookup.find(book, "hyhd", day)] == ["50105"]
    assert [f.code for f in lookup.find(book, "劳动", day)] == ["50402"]
    assert [f.code for f in lookup.find(book, "50105 会员活动支出", day)] == ["50105"]  # a label
    # leaves only (102 has a detail), open on the date (50504 opens in June)
    assert [f.code for f in lookup.find(book, "10", day)] == ["101", "10201"]
    assert lookup.find(book, "50504", day) == []
    assert [f.code for f in lookup.find(book, "50504", datetime.date(2024, 6, 1))] == ["50504"]


def test_add_saves_into_the_year_file_with_typed_metadata(book: Path) -> None:
    gift = {
        "date": "2024-03-20",
        "attachments": "2",
        "narration": "会员生日慰问",
        "lines": [
            {
                "account": "50105",
                "debit": "600",
                "meta": {"event": "生日慰问", "headcount": "３", "form": "实物"},
            },
            {"account": "10201", "credit": "600"},
        ],
    }
    main_before = (book.parent / "main.beancount").read_bytes()
    result = add(book, gift)
    assert result.exit_code == 0, result.output
    assert "记-2024-0003" in result.output and "2024.beancount 第 18 行" in result.output
    assert (book.parent / "main.beancount").read_bytes() == main_before
    loaded = load_file(book)
    assert loaded.ok
    txn = loaded.book.transactions[-1]
    assert txn.meta["lineno"] == 18 and txn.meta["voucher"] == "记-2024-0003"
    assert txn.meta["attachments"] == 2
    posting = txn.postings[0].meta
    assert (posting["headcount"], posting["form"]) == (3, "实物")  # an integer, not "3"


def test_a_new_year_gets_its_file_and_include(book: Path) -> None:
    result = add(book, {**FEE, "date": "2025-01-03"})
    assert result.exit_code == 0, result.output
    assert "记-2025-0001" in result.output
    assert (
        (book.parent / "main.beancount")
        .read_text(encoding="utf-8")
        .endswith('include "2025.beancount"\n')
    )
    assert load_file(book).book.transactions[-1].date == datetime.date(2025, 1, 3)
    assert "* " not in (book.parent / "main.beancount").read_text(encoding="utf-8")


REFUSALS = [
    ({**FEE, "lines": [{"account": "510", "debit": "10"}, {"account": "101", "credit": "9"}]},
     "借贷不平：借方合计 10.00，贷方合计 9.00，相差 1.00"),
    ({**FEE, "lines": [{"account": "599", "debit": "10"}, {"account": "101", "credit": "10"}]},
     "没有编码为 599 的科目"),
    ({**FEE, "lines": [{"account": "102", "debit": "10"}, {"account": "101", "credit": "10"}]},
     "有明细科目，请选明细：10201 工商银行"),
    ({**FEE, "lines": [{"account": "50504", "debit": "10"}, {"account": "101", "credit": "10"}]},
     "自 2024-06-01 起开设"),
    ({**FEE, "lines": [{"account": "50105", "debit": "10", "meta": {"headcount": "45人"}},
                       {"account": "101", "credit": "10"}]},
     "慰问人数（headcount）应为正整数"),
    ({**FEE, "lines": [{"account": "510", "debit": "10", "credit": "10"},
                       {"account": "101", "credit": "10"}]},
     "借方和贷方都有金额"),
    ({**FEE, "voucher": "记-2024-0002"}, "凭证号 记-2024-0002 在 2024 年已用过；建议用 记-2024-0003"),
    ({**FEE, "date": "2024-13-01"}, "日期“2024-13-01”无法识别"),
    ({**FEE, "attachments": "三张"}, "附单据数应为 0 或正整数"),
    ({**FEE, "narration": '手续费"'}, "不能含英文双引号"),
    ({**FEE, "lines": [{"account": "510", "debit": "1.005"}, {"account": "101", "credit": "1"}]},
     "超过两位小数"),
    ({**FEE, "meta": {"voucher": "记-1"}}, "元数据名“voucher”不可用"),
    ({**FEE, "lines": "510"}, "凭证没有分录"),
]  # fmt: skip


@pytest.mark.parametrize(("request_", "said"), REFUSALS)
def test_refusals_leave_the_book_unchanged(book: Path, request_: Any, said: str) -> None:
    before = files(book)
    result = add(book, request_)
    assert result.exit_code == 2
    assert said in result.output
    assert files(book) == before


def test_a_closed_month_is_refused(book: Path) -> None:
    closing = ["close", str(book), "--through", "2024-01-31", "--date", "2024-02-03"]
    assert CliRunner().invoke(cli, closing).exit_code == 0
    before = files(book)
    result = add(book, {**FEE, "date": "2024-01-20"})
    assert result.exit_code == 2 and "2024年1月已结账" in result.output
    assert files(book) == before
    result = CliRunner().invoke(
        cli, ["voucher", "next", "--ledger", str(book), "--date", "2024-01-20"]
    )
    assert result.exit_code == 2 and "已结账" in result.output


def test_dry_run_lists_only_the_findings_the_voucher_adds(book: Path) -> None:
    # the book already has a finding (a voucher without number); the dry run does not repeat it
    year = book.parent / "2024.beancount"
    year.write_text(
        YEAR + '\n2024-03-06 * "手续费"\n  Expenses:510-其他支出  5.00 CNY\n'
        "  Assets:102-银行存款:01-工商银行\n",
        encoding="utf-8",
    )
    cash = {
        **FEE,
        "lines": [{"account": "510", "debit": "1500"}, {"account": "101", "credit": "1500"}],
    }
    before = files(book)
    result = add(book, cash, "--dry-run")
    assert result.exit_code == 0, result.output
    assert files(book) == before
    assert "将发现 cash-payment" in result.output  # 1,500.00 in cash above the 1,000.00 limit
    assert "voucher-missing" not in result.output


@pytest.fixture
def client(book: Path) -> Iterator[FlaskClient]:
    app = create_app([str(book)], load=True, poll_watcher=True)
    with app.test_client() as client:
        yield client


BASE = "/vouchers/extension/Vouchers/"


def test_endpoints(client: FlaskClient, book: Path) -> None:
    assert client.get(f"{BASE}next?date=2024-03-20").get_json() == {"voucher": "记-2024-0003"}
    found = client.get(f"{BASE}accounts?q=402&date=2024-03-20").get_json()
    assert found[0] == {
        "code": "402",
        "name": "拨缴经费收入",
        "account": "Income:402-拨缴经费收入",
        "label": "402 拨缴经费收入",
    }
    assert client.get(f"{BASE}capitals?amount=1000.5").get_json() == {"capitals": "壹仟元伍角整"}
    before = files(book)
    response = client.post(f"{BASE}save", json={**FEE, "dry_run": True})
    assert response.status_code == 200 and response.get_json()["findings"] == []
    bad = {**FEE, "lines": [{"account": "510", "debit": "10"}, {"account": "101", "credit": "9"}]}
    response = client.post(f"{BASE}save", json=bad)
    assert response.status_code == 422 and "借贷不平" in response.get_json()["errors"][0]
    assert client.post(f"{BASE}save", data="not json").status_code == 422
    assert files(book) == before
    response = client.post(f"{BASE}save", json=FEE)
    assert response.status_code == 200
    assert response.get_json()["voucher"] == "记-2024-0003"
    page = client.get(BASE + "?month=2024-03").get_data(as_text=True)
    assert "记-2024-0003" in page and 'id="v-form"' in page
    assert client.get(f"{BASE}next?date=2024-03-21").get_json() == {"voucher": "记-2024-0004"}


def test_review_by_another_person_and_void(client: FlaskClient, book: Path) -> None:
    before = files(book)
    same = client.post(f"{BASE}review", json={"voucher": "记-2024-0002", "reviewer": "王芳"})
    assert same.status_code == 422 and "不能审核自己" in same.get_json()["errors"][0]
    assert files(book) == before
    done = client.post(f"{BASE}review", json={"voucher": "记-2024-0002", "reviewer": "李会计"})
    assert done.status_code == 200
    txn = load_file(book).book.transactions[-1]
    assert txn.meta["reviewer"] == "李会计" and isinstance(txn.meta["reviewed"], datetime.date)
    again = client.post(f"{BASE}review", json={"voucher": "记-2024-0002", "reviewer": "赵六"})
    assert again.status_code == 422
    assert client.post(f"{BASE}void", json={"voucher": "记-2024-0001"}).status_code == 422
    void = client.post(f"{BASE}void", json={"voucher": "记-2024-0001", "reason": "重复录入"})
    assert void.status_code == 200
    loaded = load_file(book)
    voided = next(t for t in loaded.book.transactions if t.meta["voucher"] == "记-2024-0001")
    assert voided.postings == [] and voided.meta["void"] == "重复录入"
    assert "; 作废前：Expenses:510-其他支出  20.00 CNY" in (
        book.parent / "2024.beancount"
    ).read_text(encoding="utf-8")
    assert loaded.ok  # the number stays: no gap, no missing voucher
    assert numbering.next_number(loaded.book, datetime.date(2024, 4, 1)) == "记-2024-0003"
    client.get(BASE)  # Fava reads the changed book
    printed = client.get(f"{BASE}print", query_string={"voucher": "记-2024-0001"})
    assert printed.status_code == 200 and printed.mimetype == "application/pdf"
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=printed.data, capture_output=True, check=True
        ).stdout.decode("utf-8")
        assert "已作废" in text and "重复录入" in text
    month = client.get(f"{BASE}print", query_string={"month": "2024-03"})
    assert month.status_code == 200 and month.data.startswith(b"%PDF")
    assert client.get(f"{BASE}print", query_string={"voucher": "记-9"}).status_code == 404


def test_closed_month_is_409(client: FlaskClient, book: Path) -> None:
    closing = ["close", str(book), "--through", "2024-01-31", "--date", "2024-02-03"]
    assert CliRunner().invoke(cli, closing).exit_code == 0
    before = files(book)
    assert client.get(f"{BASE}next?date=2024-01-20").status_code == 409
    assert client.post(f"{BASE}save", json={**FEE, "date": "2024-01-20"}).status_code == 409
    assert (
        client.post(f"{BASE}void", json={"voucher": "记-2024-0001", "reason": "x"}).status_code
        == 409
    )
    assert files(book) == before


def test_the_signed_in_user_is_the_preparer(client: FlaskClient, book: Path) -> None:
    headers = {"X-Remote-User": "张三"}
    response = client.post(f"{BASE}save", json={**FEE, "preparer": "冒名"}, headers=headers)
    assert response.status_code == 200
    assert load_file(book).book.transactions[-1].meta["preparer"] == "张三"


def test_read_only_fava_lists_and_hides_the_form(book: Path) -> None:
    app = create_app([str(book)], load=True, read_only=True, poll_watcher=True)
    with app.test_client() as client:
        page = client.get(BASE + "?month=2024-03").get_data(as_text=True)
        assert "记-2024-0002" in page and 'id="v-form"' not in page
        assert client.post(f"{BASE}save", json=FEE).status_code == 401


def test_edit_rewrites_the_voucher_in_place(client: FlaskClient, book: Path) -> None:
    saved = client.get(f"{BASE}voucher", query_string={"voucher": "记-2024-0002"}).get_json()
    assert saved["lines"][0] == {
        "account": "Expenses:510-其他支出",
        "label": "510 其他支出",
        "summary": "手续费",
        "debit": "30.00",
        "credit": "",
        "meta": {},
    }
    assert (saved["payee"], saved["date"], saved["attachments"]) == ("银行", "2024-03-05", "")
    saved["lines"][0]["debit"], saved["lines"][1]["credit"] = "35", "35"
    saved["lines"] = [{**line, "account": line["account"]} for line in saved["lines"]]
    year = book.parent / "2024.beancount"
    lines_before = year.read_text(encoding="utf-8").count("\n")
    response = client.post(f"{BASE}save", json={**saved, "edit": "记-2024-0002"})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["lineno"] == 12  # where it was
    loaded = load_file(book)
    assert loaded.ok and len(loaded.book.transactions) == 3
    txn = loaded.book.transactions[-1]
    assert txn.meta["voucher"] == "记-2024-0002" and txn.meta["preparer"] == "王芳"
    assert txn.postings[0].units.number == Decimal("35.00")
    assert year.read_text(encoding="utf-8").count("\n") == lines_before
    # a reviewed voucher is not edited (nor given out to edit), and a move to another year is refused
    client.get(BASE)
    assert (
        client.post(
            f"{BASE}review", json={"voucher": "记-2024-0002", "reviewer": "李会计"}
        ).status_code
        == 200
    )
    client.get(BASE)
    before = files(book)
    assert client.get(f"{BASE}voucher", query_string={"voucher": "记-2024-0002"}).status_code == 422
    refused = client.post(f"{BASE}save", json={**saved, "edit": "记-2024-0002"})
    assert refused.status_code == 422 and "审核后不能修改" in refused.get_json()["errors"][0]
    moved = {**FEE, "date": "2025-01-02", "voucher": "记-2024-0001", "edit": "记-2024-0001"}
    refused = client.post(f"{BASE}save", json=moved)
    assert refused.status_code == 422 and "另一个年度" in refused.get_json()["errors"][0]
    assert files(book) == before


def test_the_year_file_where_the_book_keeps_it(book: Path) -> None:
    folder = book.parent / "年度"
    folder.mkdir()
    (book.parent / "2024.beancount").rename(folder / "2024.beancount")
    main = book.read_text(encoding="utf-8").replace('"2024.beancount"', '"年度/2024.beancount"')
    book.write_text(main, encoding="utf-8")
    result = add(book, FEE)
    assert result.exit_code == 0, result.output
    assert "年度/2024.beancount" in result.output
    assert not (book.parent / "2024.beancount").exists()
    assert book.read_text(encoding="utf-8") == main


def test_a_write_left_unfinished_is_rolled_back_before_the_page_saves(
    client: FlaskClient, book: Path
) -> None:
    """Another command was killed in the middle of its commit (its journal is there and the
    year file half written): the page restores the year file first, then saves the voucher
    after the book's own vouchers, never after the half-written text."""
    from ghfund import booklock

    year = book.parent / "2024.beancount"
    backup = book.parent / ".ghfund.backup-2024"
    backup.write_bytes(year.read_bytes())
    with year.open("a", encoding="utf-8") as half:
        half.write('\n2024-03-06 * "半张凭证"\n  voucher: "记-2024-00')
    booklock.write_journal(book.parent, [(year, backup, book.parent / ".ghfund.staged-x")])
    response = client.post(f"{BASE}save", json=FEE)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["voucher"] == "记-2024-0003"
    text = year.read_text(encoding="utf-8")
    assert "半张凭证" not in text and text.startswith(YEAR)
    assert not (book.parent / ".ghfund.journal").exists()
