"""``ghfund check --rule`` for each spending and internal-control rule, on one book file."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from ghfund.cli import cli

BOOK = """
option "operating_currency" "CNY"
plugin "ghfund.plugins.all"
2025-01-01 custom "ghfund-option" "standards" "anhui-2025"
2025-01-01 custom "ghfund-option" "large-expense" 20000.00 CNY
2025-01-01 custom "ghfund-option" "cash-limit" 5000.00 CNY
2025-01-01 custom "ghfund-option" "cash-payment-limit" 1000.00 CNY
2025-01-01 open Assets:101-库存现金
2025-01-01 open Assets:102-银行存款
2025-01-01 open Assets:162-固定资产
2025-01-01 open Equity:301-资产基金
2025-01-01 open Expenses:501-职工活动支出:50105-会员活动支出
2025-01-01 open Expenses:507-资本性支出:50702-办公设备购置
2025-01-01 open Income:408-其他收入
2025-01-02 * "提取备用金"
  voucher: "记-2025-0001"
  Assets:101-库存现金   6000.00 CNY
  Assets:102-银行存款
2025-01-03 * "春节慰问 10 人，购物卡"
  voucher: "记-2025-0002"
  event: "节日慰问"
  headcount: 10
  form: "购物卡"
  Expenses:501-职工活动支出:50105-会员活动支出   21000.00 CNY
  Assets:102-银行存款
2025-01-04 * "复印机"
  voucher: "记-2025-0003"
  Expenses:507-资本性支出:50702-办公设备购置   1500.00 CNY
  Assets:101-库存现金
"""

RULES = {
    "gift-cap": ("记-2025-0002", "1,000.00"),
    "gift-form": ("记-2025-0002", "21,000.00"),
    "large-no-decision": ("记-2025-0002", "21,000.00"),
    "cash-limit": ("2025-01-02", "6,000.00"),
    "cash-payment": ("记-2025-0003", "1,500.00"),
    "capital-no-asset": ("记-2025-0003", "1,500.00"),
}


@pytest.mark.parametrize("rule", sorted(RULES))
def test_check_rule_lists_only_that_rules_finding(tmp_path: Path, rule: str) -> None:
    path = tmp_path / "main.beancount"
    path.write_text(textwrap.dedent(BOOK), encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(path), "--rule", rule, "--format", "json"])
    assert result.exit_code == 1, result.output
    findings = json.loads(result.stdout)
    assert [(f["rule"], f["key"]) for f in findings] == [(rule, RULES[rule][0])]
    text = CliRunner().invoke(cli, ["check", str(path), "--rule", rule])
    assert f"【{rule}】" in text.stdout and f"金额 {RULES[rule][1]}" in text.stdout
    if rule == "gift-cap":
        assert "anhui-2025" in text.stdout and "（2025，来源未经核实）" in text.stdout
