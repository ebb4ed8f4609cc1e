"""The one door to Beancount's loader. Nothing else in ghfund calls ``beancount.loader``.

A load runs Beancount (parsing, booking, the book's plugins, validation) once.
When the book enables ``ghfund.plugins.all`` the rules run inside that load and
their whole ``Findings`` (open and acknowledged) is captured; when it does not,
the rules run here, after the load, on the same entries.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from beancount import loader
from beancount.core import data
from beancount.core.amount import Amount

from ghfund import encoding
from ghfund.book import Book
from ghfund.collector import collector_paused
from ghfund.errors import GhfundError
from ghfund.files import display_path, reason
from ghfund.findings import Findings, capture
from ghfund.money import LIMIT, fmt
from ghfund.problems import UserProblem

PLUGIN = "ghfund.plugins.all"


class LedgerError(UserProblem):
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


def book_files(book: Book) -> tuple[str, ...]:
    """Every file the book read: Beancount's includes and a union's own standards tables
    (what the results cache digests, ``ghfund.cache``)."""
    included = [str(name) for name in book.options_map.get("include", [])]
    return (*included, *book.standards.files)


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
        text = path.read_bytes()
    except OSError as error:
        raise LedgerError(f"无法读取账本文件 {path}：{reason(error)}") from None
    problem = encoding.problem(path, text)
    if problem:
        raise LedgerError(problem)
    loaded = _load([(str(path.resolve()), True)], path)
    _check_encodings(loaded.book.options_map.get("include", []), path)
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


def parse_transaction(text: str, filename: str) -> data.Transaction:
    """The one transaction ``text`` holds (ghfund wrote it), as the loader would see it,
    located in ``filename``: for a dry run of the rules on a voucher not yet saved."""
    from beancount.parser import parser

    entries, errors, _ = parser.parse_string(text)
    found = [e for e in entries if isinstance(e, data.Transaction)]
    if errors or len(found) != 1:
        raise LedgerError(f"无法读取生成的凭证文本：{errors[0].message if errors else text}")
    txn: data.Transaction = found[0]
    meta = {**txn.meta, "filename": filename}
    meta.pop("__tolerances__", None)
    return txn._replace(meta=meta)


def _load(sources: list[tuple[str, bool]], path: Path | None) -> Loaded:
    # Beancount allocates millions of small objects and creates almost no cycles; the cyclic
    # collector's repeated passes over them cost 10-20% of a large book's load (measured on
    # the 100k benchmark book: 14.0-15.1 s with, 12.0-12.7 s without).
    try:
        with collector_paused(), capture() as box:
            entries, errors, options_map = loader._load(sources, None, None, None)
    except Exception as error:  # Beancount's booking raises on numbers it cannot handle
        raise LedgerError(_diagnosed(sources, error)) from None
    too_large = oversized(entries)
    if too_large:
        raise LedgerError(too_large_message(too_large))
    errors = _located(errors, options_map.get("include", []))
    errors = _empty_customs(errors, entries)
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


# --- What Beancount cannot tell clearly: encodings, huge numbers, include lines ------------


def _check_encodings(files: Iterable[str], main: Path) -> None:
    """Refuse the book when an included file is not plain UTF-8 (it parses as garbage)."""
    for name in files:
        path = Path(name)
        if path == main.resolve():
            continue
        try:
            problem = encoding.problem(path, path.read_bytes())
        except OSError:
            continue  # Beancount has reported it
        if problem:
            raise LedgerError(
                problem if problem.startswith("无法") else f"账本包含的文件 {problem}"
            )


def oversized(entries: Iterable[Any]) -> list[tuple[dict[str, Any], Decimal]]:
    """Every number in the entries whose magnitude is ``LIMIT`` or more, with its meta.

    Beancount's booking and the statements' rounding work with 28 significant digits: a
    number near that size makes them raise or silently round. No union's books come near.
    """
    found: list[tuple[dict[str, Any], Decimal]] = []
    low, high = -LIMIT, LIMIT
    for entry in entries:
        kind = type(entry)
        numbers: list[Any] = []
        if kind is data.Transaction:
            for posting in entry.postings:
                units = posting.units
                number = getattr(units, "number", None)
                if isinstance(number, Decimal) and not low < number < high:
                    found.append((posting.meta or entry.meta, number))
                if posting.price is not None or posting.cost is not None:
                    numbers += (getattr(posting.price, "number", None),)
                    numbers += (getattr(posting.cost, "number", None),)
        elif kind is data.Balance or kind is data.Price:
            numbers.append(entry.amount.number)
        elif kind is data.Custom:
            numbers += (
                v.value.number if v.dtype is Amount else v.value for v in entry.values or ()
            )
        for value in entry.meta.values():
            if type(value) is Decimal:
                numbers.append(value)
            elif type(value) is Amount:
                numbers.append(value.number)
        for number in numbers:
            if isinstance(number, Decimal) and not low < number < high:
                found.append((entry.meta, number))
    return found


def too_large_message(found: list[tuple[dict[str, Any], Decimal]]) -> str:
    shown = [
        f"{display_path(meta.get('filename'))}:{meta.get('lineno', 0)} 的 {number:f}"
        for meta, number in found[:5]
    ]
    more = f"等 {len(found)} 处" if len(found) > len(shown) else ""
    return (
        f"金额超出 ghfund 能处理的范围：{'、'.join(shown)}{more}；"
        f"金额的绝对值须小于 {fmt(LIMIT)}，请检查是否多输了数字"
    )


def _diagnosed(sources: list[tuple[str, bool]], error: Exception) -> str:
    """Why Beancount's loader raised: a number too large (told with its line), or else."""
    try:
        entries, _, _ = loader._parse_recursive(sources, None)
    except Exception:
        entries = []
    found = oversized(entries)
    if found:
        return too_large_message(found)
    return (
        "Beancount 读取账本时意外中止，未能定位到出错的行；请用 bean-check 检查账本，"
        "或把账本与 ghfund 版本报告给维护者"
    )


_INCLUDE = re.compile(r'\s*include\s+"([^"]*)"')
_LOAD_FILE = re.compile(r'"([^"]+)"')


def _located(errors: list[Any], files: Iterable[str]) -> list[Any]:
    """Beancount's include errors carry no location; point them at their include line."""
    if not any(getattr(e, "source", {}).get("filename") == "<load>" for e in errors):
        return errors
    lines: list[tuple[str, int, str]] = []  # (file, line number, included path as written)
    for name in files:
        try:
            text = Path(name).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            match = _INCLUDE.match(line)
            if match:
                lines.append((name, number, match[1]))
    result = []
    for error in errors:
        source = getattr(error, "source", None) or {}
        match = _LOAD_FILE.search(str(getattr(error, "message", "")))
        if source.get("filename") != "<load>" or match is None:
            result.append(error)
            continue
        named = match[1]
        at = [
            (name, number)
            for name, number, written in lines
            if written == named
            or fnmatch.fnmatch(
                named, os.path.normpath(os.path.join(os.path.dirname(name), written))
            )
        ]
        if at:
            error = error._replace(source=data.new_metadata(at[-1][0], at[-1][1]))
        result.append(error)
    return result


def _empty_customs(errors: list[Any], entries: list[Any]) -> list[Any]:
    """A ``custom`` directive without values makes Beancount's own plugins raise (they iterate
    its values, which are None); tell it at the directive's line instead of a traceback."""
    crashed = [
        e
        for e in errors
        if "Error applying plugin" in str(getattr(e, "message", ""))
        and "NoneType' object is not iterable" in str(e.message)
    ]
    if not crashed:
        return errors
    empty = [e for e in entries if isinstance(e, data.Custom) and e.values is None]
    if not empty:
        return errors
    rest = [e for e in errors if not any(e is c for c in crashed)]
    return rest + [
        loader.LoadError(entry.meta, "Custom directive without values", entry) for entry in empty
    ]


def same_transactions(before: list[Any], after: list[Any]) -> bool:
    """Whether the two entry lists hold the very same transactions, in the same order."""
    if len(before) != len(after):
        return False
    return all(
        a is b or not (isinstance(a, data.Transaction) or isinstance(b, data.Transaction))
        for a, b in zip(before, after, strict=True)
    )
