"""``ghfund import balances``: a 科目余额表 (one-row or two-row header) into one opening
transaction; parents with listed children counted once; unbalanced files refused."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from ghfund.cli import cli
from ghfund.importers.codes import Accounts
from ghfund.importers.trial import TrialProblem, read
from ghfund.ledger import load_file

D = Decimal
DAY = datetime.date(2022, 12, 31)

# The usual two-row header, with 102 and its two children listed, a 合计 row, xlsx.
TWO_ROWS = [
    ["科目余额表"],
    ["编制单位：某某工会", None, None, None, "2022年12月", None, None, "单位：元"],
    ["科目编码", "科目名称", "期初余额", None, "本期发生额", None, "期末余额", None],
    [None, None, "借方", "贷方", "借方", "贷方", "借方", "贷方"],
    ["101", "库存现金", 1000, None, 500, 300, 1200, None],
    ["102", "银行存款", 90000, None, 10000, 2000, 98000, None],
    ["10201", "工商银行", 60000, None, 10000, 2000, 68000, None],
    ["10202", "建设银行", 30000, None, None, None, 30000, None],
    ["163", "累计折旧", None, 1000, None, None, None, 1000],
    ["162", "固定资产", 5000, None, None, None, 5000, None],
    ["301", "资产基金", None, 4000, None, None, None, 4000],
    ["322", "工会资金结余", None, 91000, None, 8200, None, 99200],
    ["合计", None, 96000, 96000, 10500, 10500, 104200, 104200],
]


def xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_two_row_header_children_counted_once() -> None:
    known = Accounts({"Assets:101-库存现金", "Assets:102-银行存款"})
    opening = read("余额表.xlsx", xlsx(TWO_ROWS), known, DAY)
    assert opening.postings == [
        ("Assets:101-库存现金", D("1000.00")),
        ("Assets:102-银行存款:10201-工商银行", D("60000.00")),
        ("Assets:102-银行存款:10202-建设银行", D("30000.00")),
        ("Assets:163-累计折旧", D("-1000.00")),
        ("Assets:162-固定资产", D("5000.00")),
        ("Equity:301-资产基金", D("-4000.00")),
        ("Equity:322-工会资金结余", D("-91000.00")),
    ]
    closing = read("余额表.xlsx", xlsx(TWO_ROWS), known, DAY, "期末")
    assert closing.postings[0] == ("Assets:101-库存现金", D("1200.00"))
    assert opening.voucher == "期初-2022-0001"


def test_one_row_header_csv_in_gbk() -> None:
    text = "科目编码,科目名称,期初借方,期初贷方,期末借方,期末贷方\n102,银行存款,500,,,\n401,会费收入,,,,\n322,工会资金结余,,500,,\n"
    opening = read("余额表.csv", text.encode("gbk"), Accounts(set()), DAY)
    assert opening.postings == [
        ("Assets:102-银行存款", D("500.00")),
        ("Equity:322-工会资金结余", D("-500.00")),
    ]


def test_one_row_header_with_a_direction_column() -> None:
    text = "科目代码,科目名称,方向,期初余额,期末余额\n101,库存现金,借,300,0\n163,累计折旧,贷,100,0\n322,工会资金结余,贷,200,0\n"
    opening = read("余额表.csv", text.encode("utf-8-sig"), Accounts(set()), DAY)
    assert [amount for _, amount in opening.postings] == [D("300.00"), D("-100.00"), D("-200.00")]


def test_unbalanced_and_inconsistent_files_are_refused() -> None:
    rows = [r[:] for r in TWO_ROWS]
    rows[4][2] = 1001  # 101 库存现金: debits exceed credits by 1.00
    with pytest.raises(TrialProblem) as caught:
        read("余额表.xlsx", xlsx(rows), Accounts(set()), DAY)
    assert "借方合计 96001.00，贷方合计 96000.00，差 1.00" in str(caught.value)
    rows = [r[:] for r in TWO_ROWS]
    rows[6][2] = 50000  # 10201 no longer sums to its parent 102
    with pytest.raises(TrialProblem) as caught:
        read("余额表.xlsx", xlsx(rows), Accounts(set()), DAY)
    assert "第 6 行：科目 102 银行存款 的余额 90000.00 与其下级科目合计 80000.00 不符" in str(
        caught.value
    )


def test_the_command_writes_one_opening_once(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["init", str(tmp_path / "b"), "--year", "2023"]).exit_code == 0
    main = tmp_path / "b" / "main.beancount"
    source = tmp_path / "余额表.xlsx"
    source.write_bytes(xlsx(TWO_ROWS))
    args = ["import", "balances", str(source), "--ledger", str(main), "--date", "2022-12-31"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "期初余额 7 个科目，新开科目 2 个" in result.output
    written = main.read_bytes()
    again = runner.invoke(cli, args)
    assert again.exit_code == 0 and "已在账本中" in again.output
    assert main.read_bytes() == written
    loaded = load_file(main)
    assert not loaded.errors and not loaded.findings.open
    (txn,) = loaded.book.transactions
    assert txn.date == DAY and sum(p.units.number for p in txn.postings) == 0
