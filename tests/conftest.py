"""Shared test fixtures: a test's ledger lives in its docstring (as in Beancount)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from ghfund.book import Book
from ghfund.ledger import Loaded, load_string

ROOT = Path(__file__).resolve().parent.parent


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite golden files from the current output (review the diff!)",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def loaded(request: pytest.FixtureRequest) -> Loaded:
    """The test function's docstring, loaded as a ledger."""
    doc = request.function.__doc__
    assert doc, f"{request.function.__name__} needs a ledger in its docstring"
    return load_string(textwrap.dedent(doc))


@pytest.fixture
def book(loaded: Loaded) -> Book:
    return loaded.book
