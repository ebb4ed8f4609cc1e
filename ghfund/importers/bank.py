"""Bank statement lines the book lacks, as transactions: a beangulp importer.

``BankImporter`` serves ``ghfund import bank``, beangulp's own command line and
Fava's import page alike (``custom "fava-option" "import-config" "importers.py"``,
see README). ``plan`` is the pure core: a statement and a book in, the directives
to append out. A line the book already has (``ghfund.reconcile`` matches it: by
``bank-ref``, by amount and date, or as part of a sum) is left out, so a rerun
writes nothing. Each written transaction is flagged ``!``, carries ``bank-ref``
(the bank's serial, or a digest of date, amount and 摘要) and the next free voucher
number of its year, and posts the counter side to the account the first matching
rule names (patterns on 摘要 and 对方户名, from the union's rules file, then
ghfund's defaults). Lines no rule covers go to the suspense accounts
``SUSPENSE_IN`` / ``SUSPENSE_OUT``, which the ``bank-unconfirmed`` rule reports until
the treasurer books them properly.
"""

from __future__ import annotations

import datetime
import re
import sys
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from beancount.core import amount, data, flags
from beancount.parser import printer
from beangulp import Importer

from ghfund import chart, reconcile
from ghfund.book import Book
from ghfund.importers import statement as statement_file
from ghfund.importers.statement import Line, Statement
from ghfund.problems import UserProblem
from ghfund.syntax import regex_problem, toml_problem

SUSPENSE_IN, SUSPENSE_OUT = reconcile.SUSPENSE_IN, reconcile.SUSPENSE_OUT
SUFFIXES = (".csv", ".txt", ".xls", ".xlsx")
_VOUCHER = re.compile(r"记-(\d{4})-(\d+)\Z")


class RulesProblem(UserProblem, ValueError):
    """A rules file or an account that cannot be used; the text is for users."""


@dataclass(frozen=True)
class CounterRule:
    """Lines whose 摘要 (and 对方户名) match go to ``account`` (a code or an account name)."""

    account: str
    summary: re.Pattern[str] | None = None
    counterparty: re.Pattern[str] | None = None

    def covers(self, line: Line) -> bool:
        if self.summary is not None and not self.summary.search(line.summary):
            return False
        return self.counterparty is None or bool(self.counterparty.search(line.counterparty))


DEFAULT_RULES = (
    CounterRule("408", re.compile("结息|利息")),
    CounterRule("50504", re.compile("手续费|管理费|工本费|年费|服务费")),
)


def load_rules(path: str | Path) -> tuple[CounterRule, ...]:
    """The ``[[rule]]`` tables of a TOML rules file; RulesProblem with every fault."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RulesProblem(f"找不到对账规则文件 {path}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise RulesProblem(f"无法读取对账规则文件 {path}：{error}") from None
    except tomllib.TOMLDecodeError as error:
        raise RulesProblem(
            f"对账规则文件 {path} 不是有效的 TOML 文件：{toml_problem(error)}"
        ) from None
    tables = raw.get("rule", [])
    if not isinstance(tables, list) or not tables:
        raise RulesProblem(
            f'对账规则文件 {path} 中没有规则；每条规则写成 [[rule]]，如 summary = "结息"、account = "408"'
        )
    rules, problems = [], []
    for number, table in enumerate(tables, start=1):
        try:
            rules.append(_rule(table))
        except RulesProblem as problem:
            problems.append(f"第 {number} 条规则：{problem}")
    if problems:
        raise RulesProblem(f"对账规则文件 {path} 有误：" + "；".join(problems))
    return tuple(rules)


def _rule(table: object) -> CounterRule:
    if not isinstance(table, dict):
        raise RulesProblem("应为 [[rule]] 表")
    unknown = set(table) - {"summary", "counterparty", "account"}
    if unknown:
        raise RulesProblem(
            f"未知的键 {'、'.join(sorted(unknown))}（可用 summary、counterparty、account）"
        )
    target = table.get("account")
    if not isinstance(target, str) or not target.strip():
        raise RulesProblem('缺少 account（对方科目的编码或全名，如 "408"）')
    patterns = {}
    for key, title in (("summary", "摘要"), ("counterparty", "对方户名")):
        value = table.get(key)
        if value is None:
            continue
        if not isinstance(value, str) or not value:
            raise RulesProblem(f"{key}（{title}的匹配式）应为非空文字")
        try:
            patterns[key] = re.compile(value)
        except re.error as error:
            raise RulesProblem(f"{key} “{value}” {regex_problem(error)}") from None
    if not patterns:
        raise RulesProblem("至少要有 summary（摘要）或 counterparty（对方户名）之一")
    return CounterRule(target.strip(), patterns.get("summary"), patterns.get("counterparty"))


@dataclass(frozen=True)
class Plan:
    entries: tuple[data.Directive, ...]  # the opens the transactions need, then the transactions
    written: tuple[Line, ...]  # the lines that become transactions
    known: int  # lines the book already has
    unconfirmed: int  # written lines no rule covered

    def text(self) -> str:
        return "\n".join(printer.format_entry(entry) for entry in self.entries)


def bank_account(book: Book, code: str) -> str:
    """The one bank account ``code`` names; RulesProblem otherwise."""
    try:
        names = reconcile.accounts(book, code)
    except reconcile.AccountProblem as problem:
        raise RulesProblem(str(problem)) from None
    leaves = [name for name in names if not any(o.startswith(name + ":") for o in names)]
    if len(leaves) != 1:
        raise RulesProblem(f"{code} 下有多个银行存款科目（{'、'.join(leaves)}），请指明其中一个")
    return leaves[0]


def plan(
    statement: Statement,
    book: Book,
    code: str,
    rules: Sequence[CounterRule] = (),
    currency: str = "CNY",
) -> Plan:
    """The directives that bring ``statement``'s lines the book lacks into ``book``."""
    account = code if ":" in code and not book.opens else bank_account(book, code)
    matching = reconcile.match(statement.lines, reconcile.items(book, (account,)))
    lacking = matching.lines
    targets = _targets(book, [*rules, *DEFAULT_RULES])
    numbers = _voucher_numbers(book)
    # Accounts the lines need are opened on the first line's day: inside the period the
    # lines are written into, never in a month already closed.
    opening = min((line.date for line in lacking), default=statement.first)
    entries: list[data.Directive] = []
    needed: set[str] = set()
    unconfirmed = 0
    for line in lacking:
        counter = next(
            (
                targets[rule]
                for rule in (*rules, *DEFAULT_RULES)
                if rule.covers(line) and targets.get(rule)
            ),
            None,
        )
        if counter is None:
            counter = SUSPENSE_IN if line.amount > 0 else SUSPENSE_OUT
            unconfirmed += 1
        if counter not in book.opens:
            needed.add(counter)
        entries.append(_transaction(line, account, counter, numbers, currency))
    opens: list[data.Directive] = [
        data.Open({"filename": "<ghfund>", "lineno": 0}, opening, name, [currency], None)
        for name in sorted(needed)
    ]
    return Plan(tuple(opens + entries), lacking, len(statement.lines) - len(lacking), unconfirmed)


def _targets(book: Book, rules: Sequence[CounterRule]) -> dict[CounterRule, str | None]:
    """Each rule's account in the book. A default rule whose account the book lacks is
    dropped; a union's rule that names no account of the book is a RulesProblem."""
    result: dict[CounterRule, str | None] = {}
    for rule in rules:
        try:
            result[rule] = _account_for(book, rule.account)
        except RulesProblem:
            if rule in DEFAULT_RULES:
                result[rule] = None
                continue
            raise
    return result


def _account_for(book: Book, target: str) -> str:
    if target in book.opens:
        return target
    exact = [a for a in book.opens if (c := chart.try_parse(a)) is not None and c.code == target]
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        raise RulesProblem(
            f"编码 {target} 对应多个科目（{'、'.join(exact)}），请在规则中写科目全名"
        )
    raise RulesProblem(
        f"账本中没有编码为 {target} 的科目；请先开设该科目，或在规则中写已有科目的编码"
    )


class _Numbers:
    """The next free ``记-YYYY-NNNN`` of each year."""

    def __init__(self, used: set[tuple[int, str]], last: dict[int, tuple[int, int]]) -> None:
        self.used = used
        self.last = last  # year -> (highest number, digits)

    def next(self, year: int) -> str:
        number, width = self.last.get(year, (0, 4))
        while True:
            number += 1
            voucher = f"记-{year}-{number:0{width}d}"
            if (year, voucher) not in self.used:
                self.used.add((year, voucher))
                self.last[year] = (number, width)
                return voucher


def _voucher_numbers(book: Book) -> _Numbers:
    used: set[tuple[int, str]] = set()
    last: dict[int, tuple[int, int]] = {}
    for txn in book.transactions:
        voucher = txn.meta.get("voucher")
        if not isinstance(voucher, str):
            continue
        used.add((txn.date.year, voucher))
        match = _VOUCHER.match(voucher)
        if match and int(match[1]) == txn.date.year:
            number = int(match[2])
            if number >= last.get(txn.date.year, (0, 4))[0]:
                last[txn.date.year] = (number, max(4, len(match[2])))
    return _Numbers(used, last)


def _transaction(
    line: Line, account: str, counter: str, numbers: _Numbers, currency: str
) -> data.Transaction:
    meta = {
        "filename": "<ghfund>",
        "lineno": line.row,
        "voucher": numbers.next(line.date.year),
        reconcile.REF: line.ref,
    }
    units = amount.Amount(line.amount, currency)
    postings = [
        data.Posting(account, units, None, None, None, None),
        data.Posting(counter, -units, None, None, None, None),
    ]
    return data.Transaction(
        meta,
        line.date,
        flags.FLAG_WARNING,
        line.counterparty or None,
        line.summary or "银行对账单流水",
        data.EMPTY_SET,
        data.EMPTY_SET,
        postings,
    )


class BankImporter(Importer):  # type: ignore[misc]
    """A beangulp importer of bank statements into ``account`` (a code or account name).

    ``rules``: a TOML rules file, or CounterRule values; ghfund's defaults follow them.
    ``account_no``: when given, only statements of that account number are identified.
    ``ledger``: the book's main file, read when beangulp is given no existing entries
    (``extract`` without ``-e``): its lines and voucher numbers count all the same.
    A relative ``rules`` or ``ledger`` path is read from the folder of the import
    configuration that creates the importer (beside the book), wherever Fava or
    beangulp is started.
    """

    def __init__(
        self,
        account: str,
        rules: str | Path | Sequence[CounterRule] = (),
        currency: str = "CNY",
        account_no: str = "",
        ledger: str | Path | None = None,
    ) -> None:
        here = _caller_folder()
        self._account = account
        self._rules = load_rules(here / rules) if isinstance(rules, str | Path) else tuple(rules)
        self._currency = currency
        self._account_no = account_no
        self._ledger = here / ledger if ledger is not None else None

    @property
    def name(self) -> str:
        return f"ghfund.bank:{self._account}"

    def _read(self, filepath: str) -> Statement:
        return statement_file.read(Path(filepath).name, Path(filepath).read_bytes())

    def identify(self, filepath: str) -> bool:
        if not filepath.lower().endswith(SUFFIXES):
            return False
        try:
            statement = self._read(filepath)
        except (statement_file.StatementProblem, OSError):
            return False
        return not self._account_no or statement.account_no == self._account_no

    def account(self, filepath: str) -> str:
        return self._account

    def date(self, filepath: str) -> datetime.date | None:
        try:
            return self._read(filepath).last
        except (statement_file.StatementProblem, OSError):
            return None

    def extract(self, filepath: str, existing: data.Entries) -> data.Entries:
        entries = list(existing) or self._book_entries()
        book = Book(entries, {"operating_currency": [self._currency]})
        return list(
            plan(self._read(filepath), book, self._account, self._rules, self._currency).entries
        )

    def deduplicate(self, entries: data.Entries, existing: data.Entries) -> None:
        """beangulp's own marking (``cmp`` within its date window), against the book when
        beangulp was given none: ``extract`` already leaves out what the book has, so this
        marks a line met again in another statement of the same run."""
        super().deduplicate(entries, list(existing) or self._book_entries())

    def cmp(self, entry1: data.Directive, entry2: data.Directive) -> bool:
        """The same bank line: the same ``bank-ref``."""
        ref = getattr(entry1, "meta", {}).get(reconcile.REF)
        return ref is not None and ref == getattr(entry2, "meta", {}).get(reconcile.REF)

    def _book_entries(self) -> list[data.Directive]:
        if self._ledger is None:
            return []
        from ghfund.ledger import LedgerError, load_file

        try:
            return list(load_file(self._ledger).book.entries)
        except LedgerError as problem:
            raise RulesProblem(f"无法读取账本 {self._ledger}：{problem}") from None


def _caller_folder() -> Path:
    """The folder of the module that creates the importer (the import configuration)."""
    caller = sys._getframe(2).f_globals.get("__file__")
    return Path(caller).resolve().parent if caller else Path.cwd()
