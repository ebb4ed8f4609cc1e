"""Acknowledgments (ghfund-ack) and the plugin's view through Beancount's own loader."""

from __future__ import annotations

import textwrap

from beancount import loader

from ghfund.ledger import Loaded

BOOK = """
option "operating_currency" "CNY"
plugin "ghfund.plugins.all"
2024-01-01 open Assets:102-银行存款
2024-01-01 open Income:408-其他收入
2024-03-21 * "利息"
  voucher: "记-2024-0001"
  Assets:102-银行存款   10.00 CNY
  Income:408-其他收入
2024-06-21 * "利息"
  voucher: "记-2024-0001"
  Assets:102-银行存款   10.00 CNY
  Income:408-其他收入
"""


def test_an_ack_turns_an_open_finding_into_an_acknowledged_one(loaded: Loaded) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 open Assets:102-银行存款
    2024-01-01 open Income:408-其他收入
    2024-06-21 * "利息"
      voucher: "记-2024-0001"
      Assets:102-银行存款   10.00 CNY
      Income:408-其他收入
    2024-06-22 * "利息"
      voucher: "记-2024-0001"
      Assets:102-银行存款   10.00 CNY
      Income:408-其他收入
    2025-03-15 custom "ghfund-ack" "voucher-duplicate" "记-2024-0001"
      ref: "经审会〔2025〕2号"
    """
    assert loaded.findings.open == ()
    ((error, ack),) = loaded.findings.acknowledged
    assert (error.rule, error.key, ack.ref) == (
        "voucher-duplicate",
        "记-2024-0001",
        "经审会〔2025〕2号",
    )
    assert loaded.ok


def test_an_ack_that_matches_nothing_is_itself_reported(loaded: Loaded) -> None:
    """
    option "operating_currency" "CNY"
    2025-03-15 custom "ghfund-ack" "voucher-duplicate" "记-2024-0099"
      ref: "经审会〔2025〕2号"
    2025-03-16 custom "ghfund-ack" "no-such-rule" "记-2024-0001"
      ref: "经审会〔2025〕3号"
    2025-03-17 custom "ghfund-ack" "setting-invalid" "2025"
      ref: "经审会〔2025〕4号"
    2025-03-18 custom "ghfund-ack" "voucher-duplicate" "记-2024-0099"
      ref: "经审会〔2025〕5号"
    """
    errors = loaded.findings.open
    assert {e.rule for e in errors} == {"ack-unmatched"}
    assert sorted(e.source["lineno"] for e in errors) == [3, 5, 7, 9]
    messages = " ".join(e.message for e in errors)
    assert "没有对应的发现" in messages and "未知的规则名" in messages
    assert "不能以处理记录豁免" in messages and "重复" in messages
    assert not loaded.ok


def test_bean_check_sees_open_findings_by_their_class_name() -> None:
    _entries, errors, _ = loader.load_string(textwrap.dedent(BOOK))
    assert [type(e).__name__ for e in errors] == ["VoucherDuplicateError"]
    assert errors[0].source["lineno"] == 10


def test_bean_check_hides_acknowledged_findings() -> None:
    acked = BOOK + '2025-03-15 custom "ghfund-ack" "voucher-duplicate" "记-2024-0001"\n  ref: "x"\n'
    _, errors, _ = loader.load_string(textwrap.dedent(acked))
    assert errors == []
