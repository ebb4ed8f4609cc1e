"""The structural rules: account-code, voucher-missing, voucher-duplicate, setting-/directive-invalid."""

from __future__ import annotations

from ghfund.book import Book
from ghfund.ledger import Loaded
from ghfund.plugins.accounts import AccountCodeError, check_account_codes
from ghfund.plugins.contract import check_directives_valid, check_settings_valid
from ghfund.plugins.voucher_rules import (
    VoucherDuplicateError,
    VoucherMissingError,
    check_vouchers_present,
    check_vouchers_unique,
)


def test_account_code_fails_on_names_outside_the_chart(book: Book) -> None:
    """
    2024-01-01 open Assets:Cash
    2024-01-01 open Assets:102-银行存款
    2024-01-01 open Expenses:502-维权支出
    2024-01-01 open Expenses:501-职工活动支出:50201-困难帮扶
    2024-01-01 open Income:501-职工活动支出
    """
    errors = check_account_codes(book)
    assert all(isinstance(e, AccountCodeError) for e in errors)
    assert sorted(e.key for e in errors) == sorted(
        ["Assets:Cash", "Expenses:501-职工活动支出:50201-困难帮扶", "Income:501-职工活动支出"]
    )
    assert {e.source["lineno"] for e in errors} == {2, 5, 6}


def test_account_code_passes_chart_and_local_codes(book: Book) -> None:
    """
    2024-01-01 open Assets:102-银行存款:01-工商银行
    2024-01-01 open Assets:102-银行存款:10202-建设银行
    2024-01-01 open Expenses:501-职工活动支出:50105-会员活动支出:01-节日慰问
    2024-01-01 open Income:407-投资收益
    """
    assert check_account_codes(book) == []


def test_voucher_missing_fails_without_a_textual_voucher(book: Book) -> None:
    """
    2024-01-01 open Assets:102-银行存款
    2024-01-01 open Income:408-其他收入
    2024-03-21 * "利息"
      Assets:102-银行存款   10.00 CNY
      Income:408-其他收入
    2024-06-21 * "利息"
      voucher: 31
      Assets:102-银行存款   10.00 CNY
      Income:408-其他收入
    2024-09-21 * "利息"
      voucher: "记-2024-0001"
      Assets:102-银行存款   10.00 CNY
      Income:408-其他收入
    """
    errors = check_vouchers_present(book)
    assert [type(e) for e in errors] == [VoucherMissingError] * 2
    assert [e.source["lineno"] for e in errors] == [4, 7]
    assert [e.key for e in errors] == ["2024-03-21", "2024-06-21"]
    assert "加引号" not in errors[0].message and "带引号" in errors[1].message


def test_voucher_duplicate_fails_within_a_year_only(book: Book) -> None:
    """
    2023-01-01 open Assets:102-银行存款
    2023-01-01 open Income:408-其他收入
    2023-03-21 * "利息"
      voucher: "记-0001"
      Assets:102-银行存款   10.00 CNY
      Income:408-其他收入
    2024-03-21 * "利息"
      voucher: "记-0001"
      Assets:102-银行存款   10.00 CNY
      Income:408-其他收入
    2024-06-21 * "利息"
      voucher: "记-0001"
      Assets:102-银行存款   10.00 CNY
      Income:408-其他收入
    """
    (error,) = check_vouchers_unique(book)
    assert isinstance(error, VoucherDuplicateError)
    assert (error.source["lineno"], error.key) == (12, "记-0001")
    assert "<string>:8" in error.message  # points at the first use in the same year


def test_contract_rules_hand_on_parse_errors(loaded: Loaded) -> None:
    """
    option "operating_currency" "CNY"
    2024-01-01 custom "ghfund-option" "remit-dayz" 30
    2024-01-01 custom "ghfund-payroll" 2024-01-31 "1000"
    """
    (setting,) = check_settings_valid(loaded.book)
    (directive,) = check_directives_valid(loaded.book)
    assert (setting.rule, setting.source["lineno"]) == ("setting-invalid", 3)
    assert (directive.rule, directive.source["lineno"]) == ("directive-invalid", 4)
    assert {e.rule for e in loaded.findings.open} == {"setting-invalid", "directive-invalid"}
