"""``ghfund audit --year Y --sample N --seed S``: the voucher-checking working paper."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from ghfund.cli import cli
from ghfund.ledger import Loaded, load_string
from ghfund.reports import sampling

D = Decimal
HEADER = """
option "operating_currency" "CNY"
plugin "ghfund.plugins.all"
2025-01-01 custom "ghfund-option" "union-name" "某某公司工会委员会"
2025-01-01 custom "ghfund-option" "large-expense" 20000.00 CNY
2024-12-31 open Assets:102-银行存款
2024-12-31 open Income:402-拨缴经费收入
2024-12-31 open Expenses:501-职工活动支出:50105-会员活动支出
2024-12-31 open Expenses:505-业务支出
"""
# 40 vouchers of 2025: the 1st a receipt of 250,000.00 (not spending: no stratum of its own),
# then 39 payments of 100.00 … 3,900.00, except three of 20,000.00 or more (记-2025-0011,
# 记-2025-0021 at exactly the standard, 记-2025-0031).
LARGE = ["记-2025-0011", "记-2025-0021", "记-2025-0031"]


def book_text() -> str:
    lines = [
        HEADER,
        '2025-01-02 * "收到2024年12月工会经费"\n  voucher: "记-2025-0001"\n'
        "  Assets:102-银行存款  250000.00 CNY\n  Income:402-拨缴经费收入\n",
    ]
    for n in range(2, 41):
        amount = {11: "36500.00", 21: "20000.00", 31: "24600.00"}.get(n, f"{n * 100}.00")
        account = (
            "Expenses:501-职工活动支出:50105-会员活动支出" if n % 2 else "Expenses:505-业务支出"
        )
        day = f"2025-{(n - 1) // 4 + 1:02d}-{(n - 1) % 4 * 7 + 1:02d}"
        lines.append(
            f'{day} * "支出第{n}笔"\n  voucher: "记-2025-{n:04d}"\n'
            f"  {account}  {amount} CNY\n  Assets:102-银行存款\n"
        )
    return "\n".join(lines)


def loaded() -> Loaded:
    return load_string(book_text())


def chosen(book: Loaded, size: int, seed: int) -> list[tuple[str, str]]:
    table = sampling.report(book, 2025, size, seed).table("sample")
    return [(str(r["voucher"]), str(r["stratum"])) for r in table.records()]


def test_the_same_seed_gives_the_same_sample_and_every_large_voucher() -> None:
    book = loaded()
    assert not book.errors
    first = chosen(book, 12, 42)
    assert first == chosen(book, 12, 42)
    assert len(first) == 12
    assert [v for v, stratum in first if stratum == sampling.LARGE] == LARGE
    other = chosen(book, 12, 7)
    assert [v for v, s in other if s == sampling.LARGE] == LARGE
    assert {v for v, s in other if s == sampling.DRAWN} != {
        v for v, s in first if s == sampling.DRAWN
    }
    # fewer asked for than there are large vouchers: all the large ones, nothing drawn
    assert chosen(book, 2, 42) == [(v, sampling.LARGE) for v in LARGE]
    # more asked for than the year has: every voucher once, the receipt drawn, not large
    every = chosen(book, 1000, 1)
    assert len(every) == len(set(every)) == 40
    assert ("记-2025-0001", sampling.DRAWN) in every


def test_rows_carry_the_vouchers_facts() -> None:
    table = sampling.report(loaded(), 2025, 3, 1).table("sample")
    row = table.records()[0]
    assert (row["voucher"], str(row["date"]), D(str(row["amount"]))) == (
        "记-2025-0011",
        "2025-03-15",
        D("36500.00"),
    )
    assert row["accounts"] == "501-职工活动支出:50105-会员活动支出"
    assert row["narration"] == "支出第11笔"
    # 250,000 + (2 + … + 40) × 100 − the three replaced + 36,500 + 20,000 + 24,600
    whole = D("250000") + sum(D(n * 100) for n in range(2, 41)) - D(1100 + 2100 + 3100)
    whole += D("81100")
    assert table.notes[0] == (
        f"抽样方法：2025 年度凭证 40 张（金额 {whole:,.2f} 元）；支出达到大额支出标准"
        "（20,000.00 元）的 3 张全部抽查，其余 37 张中以随机种子 1 抽取 0 张。共抽查 3 张，"
        f"金额 81,100.00 元（占 {D(81100) * 100 / whole:.2f}%）。同一账本、同一种子抽出的凭证相同。"
    )


def test_the_working_paper_in_excel(tmp_path: Path) -> None:
    path = tmp_path / "main.beancount"
    path.write_text(book_text(), encoding="utf-8")
    out = tmp_path / "抽查表.xlsx"
    args = ["audit", str(path), "--year", "2025", "--sample", "10", "--seed", "2025", "-o"]
    result = CliRunner().invoke(cli, [*args, str(out)])
    assert result.exit_code == 0, result.stderr
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None and sheet["A1"].value == "凭证抽查表"
    header = " ".join(str(c.value) for c in sheet[3] if c.value)
    assert "索引号" in header and "编制人" in header and "复核人" in header
    titles = [c.value for c in sheet[4]]
    assert titles == [
        "序号",
        "凭证号",
        "日期",
        "摘要",
        "金额",
        "科目",
        "抽样方式",
        "审批",
        "附件",
        "发票",
        "签收",
        "结论",
    ]
    vouchers = [sheet.cell(row=r, column=2).value for r in range(5, 15)]
    again = tmp_path / "again.xlsx"
    CliRunner().invoke(cli, [*args, str(again)])
    second = openpyxl.load_workbook(again).active
    assert second is not None
    assert [second.cell(row=r, column=2).value for r in range(5, 15)] == vouchers
    assert set(LARGE) <= set(vouchers)


def test_without_a_seed_the_paper_names_the_one_drawn(tmp_path: Path) -> None:
    path = tmp_path / "main.beancount"
    path.write_text(book_text(), encoding="utf-8")
    args = ["audit", str(path), "--year", "2025", "--sample", "9", "--format", "json"]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.stderr
    table = json.loads(first.stdout)["tables"]["sample"]
    seed = re.search(r"随机种子 (\d+)", table["notes"][0])
    assert seed is not None
    again = CliRunner().invoke(cli, [*args, "--seed", seed[1]])
    rows = json.loads(again.stdout)["tables"]["sample"]["rows"]
    assert [r["voucher"] for r in rows] == [r["voucher"] for r in table["rows"]]


def test_usage_errors() -> None:
    for args, said in (
        (["--officer", "张三", "--sample", "5"], "--sample 只和 --year 一起使用"),
        (["--year", "2025", "--seed", "5"], "--seed 只和 --sample 一起使用"),
        (["--year", "2025", "--sample", "5", "--draft"], "不能与 --draft 同用"),
    ):
        result = CliRunner().invoke(cli, ["audit", *args])
        assert result.exit_code == 2 and said in result.stderr, result.output
