"""``ghfund audit`` through click's CliRunner: the two reports, usage errors, exit statuses."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from ghfund.cli import cli
from tests.books import AUDIT_BOOK as BOOK


def write(tmp_path: Path, text: str = BOOK) -> str:
    path = tmp_path / "main.beancount"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_the_example_book_by_default_is_clean() -> None:
    officer = CliRunner().invoke(cli, ["audit", "--officer", "张三"])
    assert officer.exit_code == 0, officer.stderr
    assert officer.stdout.startswith("张三（主席）离任审计：任期经费收支情况\n")
    year = CliRunner().invoke(cli, ["audit", "--year", "2024", "--format", "json"])
    assert year.exit_code == 0, year.stderr
    document = json.loads(year.stdout)
    assert document["report"] == "audit-year"
    first = document["tables"]["budget_execution"]["rows"][0]
    assert (first["item"], first["rate"], first["share"]) == ("收入合计", 100.67, 100.0)


def test_exactly_one_of_officer_and_year(tmp_path: Path) -> None:
    path = write(tmp_path)
    for args in ([], ["--officer", "张三", "--year", "2024"]):
        result = CliRunner().invoke(cli, ["audit", path, *args])
        assert result.exit_code == 2 and "二者选一" in result.stderr
    result = CliRunner().invoke(cli, ["audit", path, "--year", "2024", "--role", "主席"])
    assert result.exit_code == 2 and "--role 只和 --officer 一起使用" in result.stderr


def test_unknown_officers_and_years_are_usage_errors(tmp_path: Path) -> None:
    path = write(tmp_path)
    unknown = CliRunner().invoke(cli, ["audit", path, "--officer", "张叁"])
    assert unknown.exit_code == 2
    assert (
        "账本中没有张叁的任职记录（ghfund-officer）；账本中的任职人员：张三（主席）"
        in unknown.stderr
    )
    role = CliRunner().invoke(cli, ["audit", path, "--officer", "张三", "--role", "副主席"])
    assert role.exit_code == 2 and "张三没有担任过副主席" in role.stderr
    year = CliRunner().invoke(cli, ["audit", path, "--year", "2022"])
    assert year.exit_code == 2 and "2024—2025 年度的账，没有 2022 年度" in year.stderr
    assert "Traceback" not in unknown.output + role.output + year.output


def test_open_findings_exit_1_and_are_named(tmp_path: Path) -> None:
    # the hand-built book's April upward share was remitted late (remittance-late, 2024-05-15)
    path = write(tmp_path)
    officer = CliRunner().invoke(cli, ["audit", path, "--officer", "张三"])
    assert officer.exit_code == 1
    assert "任期内有 1 项未处理的发现" in officer.stderr
    year = CliRunner().invoke(cli, ["audit", path, "--year", "2025"])
    assert year.exit_code == 0, year.stderr  # nothing open dated in 2025
    acknowledged = BOOK + (
        '2025-06-01 custom "ghfund-ack" "remittance-late" "记-2024-0003"\n'
        '  ref: "经审〔2025〕4号"\n'
    )
    clean = CliRunner().invoke(cli, ["audit", write(tmp_path, acknowledged), "--officer", "张三"])
    assert clean.exit_code == 0, clean.stderr
    assert "已处理" in clean.stdout and "经审〔2025〕4号" in clean.stdout


def test_xlsx_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "离任审计.xlsx"
    args = ["audit", write(tmp_path), "--officer", "张三", "--role", "主席", "-o", str(target)]
    assert CliRunner().invoke(cli, args).exit_code == 1  # written, with the open finding
    sheet = openpyxl.load_workbook(target)["资产负债表"]
    assert [cell.value for cell in sheet[4]][:4] == ["资产", "任期初余额", "任期末余额", "增减"]
    assert [cell.value for cell in sheet[6]][:3] == ["货币资金", 101000, 94200]
