"""Acknowledgments (ghfund-ack) and the plugin's view through Beancount's own loader."""

from __future__ import annotations

import textwrap
from decimal import Decimal

from beancount import loader

from ghfund.findings import listing
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
    assert errors[0].message.startswith("VoucherDuplicateError [voucher-duplicate] 凭证号")


def test_bean_check_hides_acknowledged_findings() -> None:
    acked = BOOK + '2025-03-15 custom "ghfund-ack" "voucher-duplicate" "记-2024-0001"\n  ref: "x"\n'
    _, errors, _ = loader.load_string(textwrap.dedent(acked))
    assert errors == []


OVERRUN = """
option "operating_currency" "CNY"
plugin "ghfund.plugins.all"
2024-01-01 open Assets:102-银行存款
2024-01-01 open Expenses:505-业务支出:50501-培训支出
2024-01-01 open Expenses:510-其他支出
2024-01-01 open Income:402-拨缴经费收入
2024-01-20 custom "budget" Income:402-拨缴经费收入 "yearly" 30000.00 CNY
  approved: "工会委员会2024年第1次会议"
2024-01-20 custom "budget" Expenses:505-业务支出 "yearly" 30000.00 CNY
  approved: "工会委员会2024年第1次会议"
2024-01-20 custom "budget" Expenses:505-业务支出:50501-培训支出 "yearly" 20000.00 CNY
  approved: "工会委员会2024年第1次会议"
2024-04-01 * "培训"
  voucher: "记-2024-0031 "
  Expenses:505-业务支出:50501-培训支出  35000.00 CNY
  Assets:102-银行存款
2024-05-01 * "网银年费"
  voucher: "记-2024-0032"
  Expenses:510-其他支出  260.00 CNY
  Assets:102-银行存款
"""
ACK_OVERRUN = """
2025-03-15 custom "ghfund-ack" "budget-overrun" "记-2024-0031"
  ref: "经审会〔2025〕2号"
"""


def test_bean_check_hides_an_acknowledged_budget_overrun() -> None:
    _, errors, _ = loader.load_string(textwrap.dedent(OVERRUN))
    names = sorted(type(e).__name__ for e in errors)
    assert names == ["BudgetOverrunError", "BudgetOverrunError", "BudgetUnbudgetedError"]
    _, errors, _ = loader.load_string(textwrap.dedent(OVERRUN + ACK_OVERRUN))
    # one ack covers both lines the voucher crossed; its key matches the voucher written
    # with a stray trailing space
    assert [type(e).__name__ for e in errors] == ["BudgetUnbudgetedError"]


def test_an_ack_with_a_wrong_voucher_hides_nothing() -> None:
    wrong = ACK_OVERRUN.replace("记-2024-0031", "记-2024-0013")
    _, errors, _ = loader.load_string(textwrap.dedent(OVERRUN + wrong))
    names = sorted(type(e).__name__ for e in errors)
    assert names == [
        "AckUnmatchedError",
        "BudgetOverrunError",
        "BudgetOverrunError",
        "BudgetUnbudgetedError",
    ]


def test_a_year_level_finding_is_acknowledged_by_the_year_as_a_number(loaded: Loaded) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 open Expenses:510-其他支出
    2024-01-01 open Income:408-其他收入
    2024-01-20 custom "budget" Income:408-其他收入 "yearly" 300.00 CNY
      approved: "工会委员会2024年第1次会议"
    2024-01-20 custom "budget" Expenses:510-其他支出 "yearly" 260.00 CNY
    2024-07-10 custom "budget" Expenses:510-其他支出 "yearly" 300.00 CNY
      approved: "工会委员会2024年第4次会议"
    2025-03-15 custom "ghfund-ack" "budget-unapproved" 2024
      ref: "经审会〔2025〕2号"
    """
    assert loaded.findings.open == ()
    acknowledged = [(e.rule, e.key, e.amount) for e, _ in loaded.findings.acknowledged]
    # the missing approval of January, and the July change not marked adjustment: TRUE
    assert acknowledged == [
        ("budget-unapproved", "2024", Decimal("260.00")),
        ("budget-unapproved", "2024", Decimal("40.00")),
    ]


def test_an_ack_of_a_rule_that_cannot_be_acknowledged_leaves_the_finding_open(
    loaded: Loaded,
) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 custom "ghfund-option" "retained-share" "60%"
    2025-03-15 custom "ghfund-ack" "setting-invalid" "2024"
      ref: "经审会〔2025〕2号"
    """
    assert sorted(e.rule for e in loaded.findings.open) == ["ack-unmatched", "setting-invalid"]
    assert loaded.findings.acknowledged == ()


def test_only_in_year_and_listing_keep_the_disposition(loaded: Loaded) -> None:
    """
    option "operating_currency" "CNY"
    2023-01-01 open Assets:102-银行存款
    2023-01-01 open Expenses:510-其他支出
    2023-01-01 open Income:408-其他收入
    2023-01-20 custom "budget" Income:408-其他收入 "yearly" 100.00 CNY
      approved: "1"
    2024-01-20 custom "budget" Income:408-其他收入 "yearly" 100.00 CNY
      approved: "1"
    2023-01-20 custom "budget" Expenses:510-其他支出 "yearly" 100.00 CNY
      approved: "1"
    2023-05-01 * "网银年费"
      voucher: "记-2023-0001"
      Expenses:510-其他支出  260.00 CNY
      Assets:102-银行存款
    2024-01-20 custom "budget" Expenses:510-其他支出 "yearly" 100.00 CNY
      approved: "1"
    2024-05-01 * "网银年费"
      voucher: "记-2024-0001"
      Expenses:510-其他支出  260.00 CNY
      Assets:102-银行存款
    2024-06-01 * "网银年费"
      voucher: "记-2024-0001"
      Expenses:510-其他支出  0.00 CNY
      Assets:102-银行存款
    2025-03-15 custom "ghfund-ack" "budget-overrun" "记-2023-0001"
      ref: "经审会〔2025〕2号"
    """
    findings = loaded.findings
    assert [(e.rule, e.key) for e in findings.open] == [
        ("voucher-duplicate", "记-2024-0001"),
        ("budget-overrun", "记-2024-0001"),
    ]
    overruns = findings.only(["budget-overrun"])
    assert len(overruns.open) == 1 and len(overruns.acknowledged) == 1
    assert overruns.in_year(2023).open == () and len(overruns.in_year(2023).acknowledged) == 1
    assert len(findings.in_year(2024).open) == 2 and findings.in_year(2024).acknowledged == ()
    rows = listing(overruns)
    assert [(r.status, r.voucher, r.ref) for r in rows] == [
        ("open", "记-2024-0001", None),
        ("acknowledged", "记-2023-0001", "经审会〔2025〕2号"),
    ]
    document = rows[1].as_json()
    assert (document["status"], document["ref"], document["amount"]) == (
        "acknowledged",
        "经审会〔2025〕2号",
        "160.00",
    )


def test_a_rule_that_raises_is_reported_and_the_others_still_run(loaded: Loaded) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 open Assets:Cash
    """
    from ghfund.errors import GhfundError
    from ghfund.plugins.all import RULES, RuleFailedError, run
    from ghfund.rules import Rule

    class Broken(GhfundError):
        rule = "broken"

    def broken(book: object) -> list[object]:
        raise ZeroDivisionError("division by zero")

    findings = run(loaded.book, (Rule(Broken, "坏规则", broken), *RULES))  # type: ignore[arg-type]
    failed, *others = findings.open
    assert isinstance(failed, RuleFailedError) and "broken" in failed.message
    assert "ZeroDivisionError" not in failed.message  # for developers, in its source
    assert "ZeroDivisionError" in failed.source["exception"]
    assert [e.rule for e in others] == ["account-code"]
