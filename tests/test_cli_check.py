"""``ghfund check`` and ``ghfund rules`` through click's CliRunner."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from click.testing import CliRunner

from ghfund.cli import cli
from ghfund.ledger import default_ledger
from ghfund.plugins.all import RULES

CLEAN = """
option "operating_currency" "CNY"
plugin "ghfund.plugins.all"
2024-01-01 open Assets:102-银行存款
2024-01-01 open Income:408-其他收入
2024-03-21 * "银行" "利息"
  voucher: "记-2024-0001"
  Assets:102-银行存款   10.50 CNY
  Income:408-其他收入
"""

DIRTY = (
    CLEAN
    + """
2024-06-21 * "银行" "利息"
  voucher: "记-2024-0001"
  Assets:102-银行存款   12.25 CNY
  Income:408-其他收入
2024-07-01 open Assets:Cash
"""
)


def write(tmp_path: Path, text: str, name: str = "main.beancount") -> str:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return str(path)


def test_clean_book_exits_0(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["check", write(tmp_path, CLEAN)])
    assert result.exit_code == 0, result.output
    assert "检查通过" in result.stdout


def test_findings_exit_1_grouped_by_rule(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["check", write(tmp_path, DIRTY)])
    assert result.exit_code == 1
    assert "【account-code】" in result.stdout and "【voucher-duplicate】" in result.stdout
    assert "main.beancount:11" in result.stdout
    assert "共 2 项未处理的发现" in result.stdout


def test_json_lists_each_finding_with_its_source(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["check", write(tmp_path, DIRTY), "--format", "json"])
    assert result.exit_code == 1
    findings = json.loads(result.stdout)
    assert [f["rule"] for f in findings] == ["account-code", "voucher-duplicate"]
    duplicate = findings[1]
    assert duplicate["voucher"] == "记-2024-0001"
    assert duplicate["date"] == "2024-06-21"
    assert duplicate["lineno"] == 11
    assert duplicate["filename"].endswith("main.beancount")
    assert duplicate["status"] == "open"
    assert set(findings[0]) >= {
        "rule",
        "message",
        "date",
        "filename",
        "lineno",
        "voucher",
        "amount",
    }


def test_rule_filter_shows_only_that_rule(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["check", write(tmp_path, DIRTY), "--rule", "account-code", "--format", "json"]
    )
    assert result.exit_code == 1
    assert [f["rule"] for f in json.loads(result.stdout)] == ["account-code"]
    result = CliRunner().invoke(cli, ["check", write(tmp_path, DIRTY), "--rule", "voucher-missing"])
    assert result.exit_code == 0


def test_unknown_rule_and_option_are_usage_errors_in_chinese(tmp_path: Path) -> None:
    path = write(tmp_path, CLEAN)
    for args in (["--rule", "no-such-rule"], ["--format", "xml"], ["--colour"]):
        result = CliRunner().invoke(cli, ["check", path, *args])
        assert result.exit_code == 2, args
        assert result.stderr.startswith("ghfund：") and "Traceback" not in result.output


def test_missing_file_is_one_chinese_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "nope.beancount")])
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0
    assert "找不到账本文件" in result.stderr


def test_unparsable_file_is_one_chinese_line(tmp_path: Path) -> None:
    path = tmp_path / "photo.beancount"
    path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01")
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 2
    assert "无法解析账本文件" in result.stderr and "Traceback" not in result.output


def test_syntax_errors_are_told_in_chinese_with_file_and_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        CLEAN + '2024-04-01 * "x" \n  Assets:102-银行存款  1.00 CNY\n'
        '  Income:408-其他收入  -2.00 CNY\n  voucher: "记-2024-0002"\n',
    )
    result = CliRunner().invoke(cli, ["check", path, "--format", "json"])
    assert result.exit_code == 1
    findings = json.loads(result.stdout)
    assert findings[0]["rule"] == "beancount"
    assert "借贷不平衡" in findings[0]["message"] and findings[0]["lineno"] == 10


def test_a_book_without_the_plugin_line_is_still_checked(tmp_path: Path) -> None:
    path = write(tmp_path, DIRTY.replace('plugin "ghfund.plugins.all"\n', ""))
    result = CliRunner().invoke(cli, ["check", path])
    assert result.exit_code == 1
    assert "【voucher-duplicate】" in result.stdout
    assert "plugin" in result.stderr


def test_rules_lists_every_rule() -> None:
    result = CliRunner().invoke(cli, ["rules"])
    assert result.exit_code == 0
    for rule in RULES:
        assert rule.name in result.stdout


LIGHT = """
import sys
from beancount import loader
loader.load_file(sys.argv[1])  # bean-check's path: the plugin runs inside the load
heavy = ("pandas", "numpy", "openpyxl", "jinja2", "weasyprint")
after_load = [name for name in heavy if name in sys.modules]
from ghfund.cli import main
sys.argv = ["ghfund", "check", sys.argv[1]]
try:
    main()
except SystemExit:
    pass
print(after_load, [name for name in heavy if name in sys.modules])
"""


def test_checking_a_book_imports_nothing_heavy() -> None:
    """``bean-check`` with the plugin and ``ghfund check`` (cold) import no report library: a
    small book pays for no frames, spreadsheets, templates or PDF."""
    env = {**os.environ, "GHFUND_NO_CACHE": "1"}
    run = subprocess.run(
        [sys.executable, "-c", LIGHT, str(default_ledger())],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    assert run.stdout.strip().splitlines()[-1] == "[] []"
