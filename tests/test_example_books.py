"""Every book in ledgers/ loads with zero errors and zero findings (Beancount's and ghfund's)."""

from __future__ import annotations

from pathlib import Path

import pytest
from beancount import loader

from ghfund.ledger import default_ledger, load_file

BOOKS = sorted(Path(__file__).resolve().parent.parent.joinpath("ledgers").glob("*/main.beancount"))


def test_the_default_ledger_is_the_bundled_example() -> None:
    assert default_ledger() in BOOKS


@pytest.mark.parametrize("path", BOOKS, ids=lambda p: p.parent.name)
def test_book_is_clean(path: Path) -> None:
    loaded = load_file(path)
    assert loaded.errors == ()
    assert loaded.findings.open == ()
    assert loaded.findings.acknowledged == ()
    assert loaded.plugin_enabled


@pytest.mark.parametrize("path", BOOKS, ids=lambda p: p.parent.name)
def test_bean_check_is_clean(path: Path) -> None:
    _, errors, _ = loader._load([(str(path), True)], None, None, None)
    assert errors == []
