"""Fava's 预算编制 page in Chromium: edit the grid with the keyboard, watch the balance, save.

Runs ``fava`` on a copy of the example book (it is written to) and, read-only, on the
bundled book; skipped with the browser test when Chromium is missing.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from ghfund import budgets
from ghfund.ledger import default_ledger, load_file
from tests.test_fava_e2e import (  # noqa: F401  (fixtures)
    browser,
    example_url,
    page,
    screenshot,
    serve,
)

from playwright.sync_api import Page  # noqa: E402  (after the module-level skip above)

D = Decimal


@pytest.fixture
def book_copy(tmp_path: Path) -> Path:
    for source in default_ledger().parent.glob("*.beancount"):
        shutil.copy(source, tmp_path / source.name)
    return tmp_path / "main.beancount"


@pytest.fixture
def writable(book_copy: Path) -> Iterator[str]:
    with serve(book_copy) as base:
        yield base


def amount(page: Page, code: str) -> str:
    return page.input_value(f'input[name="b-{code}"]')


def total(page: Page, key: str) -> str:
    return page.inner_text(f'td[data-sum="{key}"]').strip()


def retype(page: Page, code: str, value: str) -> None:
    """Focus the line's input by keyboard (Tab from the previous one), replace its value."""
    page.focus(f'input[name="b-{code}"]')
    page.keyboard.press("Control+A")
    page.keyboard.type(value)


def test_the_grid_balances_live_and_saves_through_the_import_path(
    writable: str, book_copy: Path, page: Page
) -> None:
    page.goto(example_url(writable, "extension/BudgetDraft/?year=2026"))
    page.wait_for_selector("#ghfund-grid")
    assert amount(page, "402") == "190250.00" and amount(page, "322") == "22839.00"
    assert total(page, "expense") == total(page, "planned") == "268,460.00"
    assert total(page, "balance") == "0.00"
    assert page.is_enabled("#ghfund-save")
    retype(page, "50105", "157160.00")  # 1,000 more for 会员活动: unbalanced
    assert total(page, "balance") == "-1,000.00"
    assert total(page, "top-501") == "200,810.00"
    assert page.is_disabled("#ghfund-save")
    assert "off" in (page.get_attribute('tr[data-total="balance"]', "class") or "")
    page.keyboard.press("Tab")  # the next line: 建家活动, 8,460.00 -> 7,460.00
    page.keyboard.press("Control+A")
    page.keyboard.type("7460.00")
    assert total(page, "balance") == "0.00" and page.is_enabled("#ghfund-save")
    page.fill("#ghfund-approved", "工会委员会2026年第1次会议")
    page.fill("#ghfund-reviewed", "经审会2026年第1次会议")
    page.fill("#ghfund-date", "2026-01-15")
    page.focus("#ghfund-save")
    page.keyboard.press("Enter")
    page.wait_for_selector("#ghfund-message.clean")
    assert "已保存 2026 年度年初预算 17 个科目" in page.inner_text("#ghfund-message")
    screenshot(page, "budget-draft")
    loaded = load_file(book_copy)
    lines = {line.code: line for line in budgets.of_book(loaded.book)[2026]}
    assert lines["50105"].effective == D("157160.00") and lines["50302"].effective == D("7460.00")
    assert lines["50105"].directives[0].reviewed == "经审会2026年第1次会议"
    assert not [f for f in loaded.findings.open if f.rule.startswith("budget")]
    # saved again unchanged: nothing is written
    before = book_copy.read_bytes()
    page.goto(example_url(writable, "extension/BudgetDraft/?year=2026"))
    page.wait_for_selector("#ghfund-grid")
    assert amount(page, "50105") == "157160.00"  # the budget as it now stands
    page.fill("#ghfund-approved", "工会委员会2026年第2次会议")
    page.click("#ghfund-save")
    page.wait_for_selector("#ghfund-message.clean")
    assert "没有改动" in page.inner_text("#ghfund-message")
    assert book_copy.read_bytes() == before


def test_read_only_fava_shows_the_grid_without_the_save(page: Page) -> None:
    with serve(default_ledger(), read_only=True) as base:
        page.goto(example_url(base, "extension/BudgetDraft/?year=2026"))
        page.wait_for_selector("#ghfund-grid")
        assert total(page, "expense") == "268,460.00"
        assert page.locator("#ghfund-save").count() == 0
        assert "只读" in page.inner_text("#ghfund-budget-draft")
