"""Shared test fixtures: a test's ledger lives in its docstring (as in Beancount); the
example book is loaded once per session (``example``); golden files are compared, or
rewritten with ``--update-golden``, through one fixture (``golden``)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from ghfund.book import Book
from ghfund.ledger import Loaded, default_ledger, load_file, load_string
from tests.support import Golden


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
def golden(update_golden: bool) -> Golden:
    """``golden(name, text)`` / ``golden.report(name, report, fmt)``; review the diffs."""
    return Golden(update_golden)


@pytest.fixture(scope="session")
def example() -> Loaded:
    """The bundled example book, loaded once for the whole session (treat it as read-only)."""
    return load_file(default_ledger())


@pytest.fixture
def loaded(request: pytest.FixtureRequest) -> Loaded:
    """The test function's docstring, loaded as a ledger."""
    doc = request.function.__doc__
    assert doc, f"{request.function.__name__} needs a ledger in its docstring"
    return load_string(textwrap.dedent(doc))


@pytest.fixture
def book(loaded: Loaded) -> Book:
    return loaded.book


@pytest.fixture(autouse=True)
def cache_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test has its own empty results cache (ghfund.cache), never the user's."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("GHFUND_CACHE_DIR", str(folder))
    monkeypatch.delenv("GHFUND_NO_CACHE", raising=False)
    return folder
