"""``ghfund check`` as an ordinary report: csv, xlsx, html and pdf through the same output
path as every report (``-o``, ``--force``, the format from the extension); text and json
as before (tests/test_cli_check.py)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from ghfund.cli import cli
from tests.support import SUFFIX, Golden, as_golden
from tests.test_cli_check import DIRTY

ACKNOWLEDGED = (
    DIRTY
    + """
2024-12-20 custom "ghfund-ack" "voucher-duplicate" "记-2024-0001"
  ref: "经审会〔2024〕2号"
"""
)


def _book(tmp_path: Path) -> Path:
    path = tmp_path / "main.beancount"
    path.write_text(textwrap.dedent(ACKNOWLEDGED), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "html"])
def test_check_golden(
    tmp_path: Path, fmt: str, golden: Golden, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # messages name the book relative to here
    _book(tmp_path)
    result = CliRunner().invoke(cli, ["check", "main.beancount", "--format", fmt])
    assert result.exit_code == 1, result.stderr  # account-code is still open
    assert "ghfund：有 1 项未处理的发现。" in result.stderr
    # the voucher-duplicate message names the other voucher's file as Beancount read it
    text = as_golden(result.stdout_bytes, fmt).replace(str(tmp_path.resolve()), "<账本目录>")
    golden(f"check/findings.{SUFFIX[fmt]}", text)


def test_check_writes_a_file_like_every_report(tmp_path: Path) -> None:
    book = _book(tmp_path)
    out = tmp_path / "发现清单.xlsx"
    runner = CliRunner()
    first = runner.invoke(cli, ["check", str(book), "-o", str(out)])
    assert first.exit_code == 1 and out.read_bytes()[:2] == b"PK"
    again = runner.invoke(cli, ["check", str(book), "-o", str(out)])
    assert again.exit_code == 2 and "--force" in again.stderr  # never overwritten silently
    pdf = runner.invoke(cli, ["check", str(book), "--format", "pdf"])
    assert pdf.exit_code == 1 and pdf.stdout_bytes.startswith(b"%PDF")
    clash = runner.invoke(
        cli, ["check", str(book), "--format", "csv", "-o", str(tmp_path / "a.xlsx")]
    )
    assert clash.exit_code == 2 and "扩展名 .xlsx 表示 xlsx 格式" in clash.stderr


def test_the_rule_filter_holds_in_every_format(tmp_path: Path) -> None:
    book = _book(tmp_path)
    result = CliRunner().invoke(
        cli, ["check", str(book), "--rule", "voucher-duplicate", "--format", "csv"]
    )
    assert result.exit_code == 0  # the one finding of that rule is acknowledged
    assert "voucher-duplicate" in result.stdout and "account-code" not in result.stdout
    assert "经审会〔2024〕2号" in result.stdout
