"""The one door to Beancount's loader. Nothing else in ghfund calls ``beancount.loader``.

A load runs Beancount (parsing, booking, the book's plugins, validation) once.
When the book enables ``ghfund.plugins.all`` the rules run inside that load and
their whole ``Findings`` (open and acknowledged) is captured; when it does not,
the rules run here, after the load, on the same entries.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from beancount import loader
from beancount.core import data

from ghfund.book import Book
from ghfund.errors import GhfundError
from ghfund.findings import Findings, capture

PLUGIN = "ghfund.plugins.all"


class LedgerError(Exception):
    """A ledger that cannot be read at all; the text is a one-line Chinese message."""


@dataclass(frozen=True)
class Loaded:
    book: Book
    errors: tuple[Any, ...]  # Beancount's own errors (and other plugins'), not ghfund findings
    findings: Findings  # every ghfund finding, open and acknowledged
    path: Path | None
    plugin_enabled: bool  # the book itself enables ghfund.plugins.all

    @property
    def ok(self) -> bool:
        return not self.errors and not self.findings.open

    @property
    def sources(self) -> tuple[str, ...]:
        """Every file the book read: Beancount's includes and a union's own standards tables
        (what the results cache digests, ``ghfund.cache``)."""
        included = [str(name) for name in self.book.options_map.get("include", [])]
        return (*included, *self.book.standards.files)


def default_ledger() -> Path:
    """The bundled example book: ledgers/example of a source checkout (editable install),
    or ghfund/ledgers/example where a wheel installs it."""
    package = Path(__file__).resolve().parent
    installed = package / "ledgers" / "example" / "main.beancount"
    return (
        installed
        if installed.exists()
        else package.parent / "ledgers" / "example" / "main.beancount"
    )


def load_file(path: str | Path) -> Loaded:
    """Load a ledger file; raise LedgerError when there is no readable ledger at all."""
    path = Path(path).expanduser()
    if not path.exists():
        raise LedgerError(f"找不到账本文件 {path}；请检查路径，或先用 ghfund init 新建账本")
    if not path.is_file():
        raise LedgerError(f"{path} 不是文件；请给出账本主文件（如 main.beancount）的路径")
    try:
        with path.open("rb") as handle:
            handle.read(1)
    except OSError as error:
        raise LedgerError(f"无法读取账本文件 {path}：{error.strerror}") from None
    loaded = _load([(str(path.resolve()), True)], path)
    if not loaded.book.entries and loaded.errors:
        first = loaded.errors[0]
        raise LedgerError(
            f"无法解析账本文件 {path}（第 {first.source.get('lineno', 0)} 行）："
            "这不是 Beancount 账本，或文件编码不是 UTF-8"
        )
    return loaded


def load_string(text: str) -> Loaded:
    """Load a ledger from a string (tests, docstrings)."""
    return _load([(text, False)], None)


def _load(sources: list[tuple[str, bool]], path: Path | None) -> Loaded:
    # Beancount allocates millions of small objects and creates almost no cycles; the cyclic
    # collector's repeated passes over them cost 10-20% of a large book's load (measured on
    # the 100k benchmark book: 14.0-15.1 s with, 12.0-12.7 s without).
    enabled = gc.isenabled()
    gc.disable()
    try:
        with capture() as box:
            entries, errors, options_map = loader._load(sources, None, None, None)
    finally:
        if enabled:
            gc.enable()
    plugin = any(name == PLUGIN for name, _ in options_map.get("plugin", []))
    if box:
        # The plugin's findings are what bean-check and Fava show. Its Book (with what the
        # rules derived) serves the reports too unless Beancount changed the transactions
        # after the plugin ran (pad inserts some; balance only replaces Balance entries).
        seen, findings = box[-1]
        book = seen if same_transactions(seen.entries, entries) else Book(entries, options_map)
    else:
        book = Book(entries, options_map)
        from ghfund.plugins import all as ghfund_rules

        findings = ghfund_rules.run(book)
    others = tuple(e for e in errors if not isinstance(e, GhfundError))
    return Loaded(book, others, findings, path, plugin)


def same_transactions(before: list[Any], after: list[Any]) -> bool:
    """Whether the two entry lists hold the very same transactions, in the same order."""
    if len(before) != len(after):
        return False
    return all(
        a is b or not (isinstance(a, data.Transaction) or isinstance(b, data.Transaction))
        for a, b in zip(before, after, strict=True)
    )
