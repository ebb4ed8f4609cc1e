"""``ghfund audit --year Y --sample N --seed S``: the voucher-checking working paper."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from ghfund.cli import cli
from ghfund.ledger import Loaded
from ghfund.reports import sampling

D = Decimal
# the example book's 2025 vouchers spending 20,000.00 (large-expense) or more
LARGE = ["记-2025-0010", "记-2025-0023", "记-2025-0044", "记-2025-0053", "记-2025-0076"]


def chosen(example: Loaded, size: int, seed: int) -> list[tuple[str, str]]:
    table = sampling.report(example, 2025, size, seed).table("sample")
    return [(str(r["voucher"]), str(r["stratum"])) for r in table.records()]


def test_the_same_seed_gives_the_same_sample_and_every_large_voucher(example: Loaded) -> None:
    first = chosen(example, 12, 42)
    assert first == chosen(example, 12, 42)
    assert len(first) == 12
    assert [v for v, stratum in first if stratum == sampling.LARGE] == LARGE
    other = chosen(example, 12, 7)
    assert [v for v, s in other if s == sampling.LARGE] == LARGE
    assert {v for v, s in other if s == sampling.DRAWN} != {
        v for v, s in first if s == sampling.DRAWN
    }
    # fewer asked for than there are large vouchers: all the large ones, nothing drawn
    assert chosen(example, 3, 42) == [(v, sampling.LARGE) for v in LARGE]
    # more asked for than the year has: every voucher once
    every = chosen(example, 1000, 1)
    assert len(every) == len(set(every)) == len(sampling.vouchers(example, 2025)) == 105


def test_rows_carry_the_vouchers_facts(example: Loaded) -> None:
    table = sampling.report(example, 2025, 5, 1).table("sample")
    row = table.records()[0]
    assert (row["voucher"], str(row["date"]), D(str(row["amount"]))) == (
        "记-2025-0010",
        "2025-01-20",
        D("60500.00"),
    )
    assert row["accounts"] == "501-职工活动支出:50105-会员活动支出"
    assert "121人×500元" in str(row["narration"])
    assert table.notes[0].startswith("抽样方法：2025 年度凭证 105 张")
    assert "支出达到大额支出标准（20,000.00 元）的 5 张全部抽查" in table.notes[0]


def test_the_working_paper_in_excel(tmp_path: Path) -> None:
    out = tmp_path / "抽查表.xlsx"
    args = ["audit", "--year", "2025", "--sample", "10", "--seed", "2025", "-o", str(out)]
    result = CliRunner().invoke(cli, args)
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
    CliRunner().invoke(cli, [*args[:-1], str(again)])
    second = openpyxl.load_workbook(again).active
    assert second is not None
    assert [second.cell(row=r, column=2).value for r in range(5, 15)] == vouchers
    assert set(LARGE) <= set(vouchers)


def test_usage_errors() -> None:
    for args, said in (
        (["--officer", "张三", "--sample", "5"], "--sample 只和 --year 一起使用"),
        (["--year", "2025", "--seed", "5"], "--seed 只和 --sample 一起使用"),
        (["--year", "2025", "--sample", "5", "--draft"], "不能与 --draft 同用"),
    ):
        result = CliRunner().invoke(cli, ["audit", *args])
        assert result.exit_code == 2 and said in result.stderr, result.output


def test_without_a_seed_the_paper_names_the_one_drawn() -> None:
    import json
    import re

    first = CliRunner().invoke(
        cli, ["audit", "--year", "2025", "--sample", "9", "--format", "json"]
    )
    assert first.exit_code == 0, first.stderr
    table = json.loads(first.stdout)["tables"]["sample"]
    seed = re.search(r"随机种子 (\d+)", table["notes"][0])
    assert seed is not None
    again = CliRunner().invoke(
        cli, ["audit", "--year", "2025", "--sample", "9", "--seed", seed[1], "--format", "json"]
    )
    rows = json.loads(again.stdout)["tables"]["sample"]["rows"]
    assert [r["voucher"] for r in rows] == [r["voucher"] for r in table["rows"]]
