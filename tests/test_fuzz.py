"""Property tests: generated bad input through the real entry points never crashes ghfund.

Malformed ledgers, command lines, payroll files, union names and Fava query strings go
through the CLI (click's CliRunner) and Fava's app. Whatever they are, ghfund answers
with exit status 0, 1 or 2 and no traceback, says why in Chinese when it refuses (2),
and leaves the ledger's files byte-identical unless it reports a write; a Fava page or
download never answers 500.

The default profile keeps ``make test`` quick; ``make fuzz`` runs the ``fuzz`` profile
(many more examples). Set HYPOTHESIS_PROFILE to choose.
"""

from __future__ import annotations

import os
import re
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from fava.application import create_app
from flask.testing import FlaskClient
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ghfund.cli import cli
from ghfund.ledger import LedgerError, load_file

settings.register_profile(
    "default",
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,
)
settings.register_profile(
    "fuzz",
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

CJK = re.compile(r"[\u4e00-\u9fff]")

MAIN = """\
option "title" "测试工会经费账"
option "operating_currency" "CNY"
plugin "ghfund.plugins.all"
2024-01-01 custom "fava-extension" "ghfund.fava"
2024-01-01 custom "ghfund-option" "union-name" "测试工会"
include "accounts.beancount"
include "2025.beancount"
"""
ACCOUNTS = """\
2024-12-31 open Assets:102-银行存款
2024-12-31 open Equity:322-工会资金结余
2024-12-31 open Income:402-拨缴经费收入
2024-12-31 open Liabilities:211-应付上级经费
2024-12-31 open Expenses:501-职工活动支出:50102-文体活动支出
"""
YEAR = """\
2024-12-31 * "期初余额"
  voucher: "记-2024-0001"
  Assets:102-银行存款  1000.00 CNY
  Equity:322-工会资金结余
2025-01-20 custom "budget" Expenses:501-职工活动支出:50102-文体活动支出 "yearly" 500.00 CNY
  approved: "工会委员会2025年第1次会议"
2025-01-20 custom "budget" Income:402-拨缴经费收入 "yearly" 500.00 CNY
  approved: "工会委员会2025年第1次会议"
2025-03-01 * "运动会"
  voucher: "记-2025-0001"
  Expenses:501-职工活动支出:50102-文体活动支出  400.00 CNY
  Assets:102-银行存款
2025-01-01 custom "ghfund-officer" "张三" "主席"
"""

# Lines a hostile or careless user writes into a book.
FRAGMENTS = [
    '2025-04-01 * "x"\n  voucher: "记-2025-0002"\n  Assets:102-银行存款  {n} CNY\n'
    "  Equity:322-工会资金结余\n",
    '2025-04-01 * "x"\n  Assets:102-银行存款  {n} CNY\n  Equity:322-工会资金结余  {n} CNY\n',
    '2025-02-10 custom "ghfund-payroll" 2025-01-31 {n} CNY\n  members: {n}\n',
    '2025-02-10 custom "ghfund-payroll" {t} {n}\n',
    '2025-01-20 custom "budget" Expenses:501-职工活动支出:50102-文体活动支出 "{t}" {n} CNY\n',
    '2025-01-01 custom "ghfund-option" "{t}" {n}\n',
    '2025-01-01 custom "ghfund-option" "large-expense" {n}\n',
    '2025-01-01 custom "ghfund-option" "retained-share" {n}\n',
    '2025-01-01 custom "ghfund-option" "departure-audit-roles" "{t}"\n',
    '2025-06-30 custom "ghfund-officer-end" "{t}" "{t}"\n',
    '2025-08-20 custom "ghfund-audit" "departure" "{t}" 2025-06-30 2025-01-01\n',
    '2025-08-20 custom "ghfund-audit" "{t}" "张三" {t} 2025-06-30\n',
    '2025-03-15 custom "ghfund-ack" "{t}" {n}\n',
    '2025-04-01 custom "ghfund-close" 2025-03-31 "{t}"\n',
    "2025-05-05 balance Assets:102-银行存款 {n} CNY\n",
    'include "{t}"\n',
    'include "2025.beancount"\n',
    'option "operating_currency" "{t}"\n',
    "2025-13-45 open Assets:X\n",
    *(
        f'2025-02-10 custom "{kind}"\n'  # no values at all: Beancount gives None
        for kind in (
            "ghfund-payroll",
            "ghfund-option",
            "budget",
            "ghfund-officer",
            "ghfund-officer-end",
            "ghfund-audit",
            "ghfund-ack",
            "ghfund-close",
            "fava-extension",
        )
    ),
    "{t}\n",
]
NUMBERS = st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False, places=2).map(str),
    st.integers().map(str),
    st.sampled_from(["1" * 30 + ".00", "-0.00", "1e5", "1,000.00", "²", "0.001", "9" * 15]),
)
TEXTS = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters='"\n\r\x00'),
    max_size=12,
)


def write_book(directory: Path, extra: str = "", encoding: str = "utf-8") -> Path:
    (directory / "main.beancount").write_text(MAIN, encoding="utf-8")
    (directory / "accounts.beancount").write_text(ACCOUNTS, encoding="utf-8")
    (directory / "2025.beancount").write_bytes((YEAR + extra).encode(encoding, "replace"))
    return directory / "main.beancount"


def snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


def invoke(args: list[str]) -> tuple[int, str, str]:
    """Run ghfund; assert it ended as a command should, whatever the input."""
    result = CliRunner().invoke(cli, args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a traceback: hypothesis shows the input that caused it
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.output)
    if result.exit_code == 2:
        assert CJK.search(result.stderr), (args, result.stderr)
    return result.exit_code, result.stdout, result.stderr


@st.composite
def ledgers(draw: st.DrawFn) -> tuple[str, str]:
    lines = draw(
        st.lists(st.tuples(st.sampled_from(FRAGMENTS), NUMBERS, TEXTS), min_size=1, max_size=4)
    )
    extra = "".join(f.replace("{n}", n).replace("{t}", t) for f, n, t in lines)
    return extra, draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "gbk"]))


REPORTS = [
    ["check"],
    ["report", "--year", "2025"],
    ["budget", "--year", "2025"],
    ["audit", "--year", "2025"],
    ["audit", "--officer", "张三"],
    ["funding", "--year", "2025"],
    ["books", "trial", "--year", "2025"],
    ["books", "general", "--year", "2025"],
    ["books", "detail", "--account", "102", "--year", "2025"],
    ["books", "journal", "--account", "102", "--year", "2025"],
    ["books", "vouchers", "--year", "2025"],
    ["books", "assets", "--year", "2025"],
    ["verify", "--digest", "sha256:" + "0" * 64, "--through", "2025-03-31"],
]


HUGE = "1" * 30 + ".00"


@given(ledgers())
@example((FRAGMENTS[0].replace("{n}", HUGE), "utf-8"))  # Beancount's booking raises
@example((FRAGMENTS[1].replace("{n}", "9" * 27 + ".00"), "utf-8"))  # the reports' rounding
@example((FRAGMENTS[2].replace("{n}", HUGE), "utf-8"))
@example(("; 中文注释\n", "gbk"))
@example(("", "utf-8-sig"))
@example(('include "main.beancount"\n', "utf-8"))
@example((FRAGMENTS[4].replace("{t}", "monthly").replace("{n}", "1.00"), "utf-8"))
def test_malformed_ledgers_get_an_answer_not_a_traceback(book: tuple[str, str]) -> None:
    extra, encoding = book
    with tempfile.TemporaryDirectory() as name:
        directory = Path(name)
        path = write_book(directory, extra, encoding)
        before = snapshot(directory)
        for command in REPORTS:
            invoke([*command, str(path)])
        assert snapshot(directory) == before


OPTIONS = st.one_of(
    st.just([]),
    st.tuples(st.sampled_from(["--year", "--format", "-o", "--officer", "--role"]), TEXTS).map(
        list
    ),
    st.tuples(st.just("--year"), st.integers(-10, 10_000).map(str)).map(list),
    st.tuples(
        st.just("-o"), st.sampled_from(["r.pdf", "r.xlsx", "r", "d/", "main.beancount/x.txt"])
    ).map(list),
    st.tuples(st.just("--format"), st.sampled_from(["text", "json", "csv", "xlsx", "html"])).map(
        list
    ),
)


@given(
    st.sampled_from(["check", "report", "budget", "audit", "funding", "rules", "standards"]),
    st.lists(OPTIONS, max_size=3),
)
def test_any_command_line_gets_an_answer(command: str, options: list[list[str]]) -> None:
    with tempfile.TemporaryDirectory() as name:
        directory = Path(name)
        path = write_book(directory)
        (directory / "d").mkdir()
        before = snapshot(directory)
        args = [command, *(part for option in options for part in option), str(path)]
        old = Path.cwd()
        os.chdir(directory)  # -o names are relative to the book's directory
        try:
            invoke(args)
        finally:
            os.chdir(old)
        assert snapshot(directory) == before  # -o writes new files only, never the book's


CELLS = st.one_of(
    NUMBERS,
    TEXTS,
    st.sampled_from(
        ["2025-05", "2025年6月", "202507", "9999-12", "2025-02-30", "", "合计", "0", "0.00"]
    ),
)


@given(
    st.lists(st.lists(CELLS, min_size=1, max_size=5), min_size=1, max_size=4),
    st.sampled_from(["utf-8", "gbk"]),
)
@example([["9999-12", "100.00"]], "utf-8")
@example([["2025-05", "100.00", "²"]], "utf-8")
@example([["2025-05", HUGE]], "utf-8")
@example([["2025-05", "1", "250", "000.00"]], "gbk")
@example([["2025-05", "0"]], "utf-8")  # a zero payroll would be an invalid directive
def test_payroll_files_are_imported_whole_or_not_at_all(
    rows: list[list[str]], encoding: str
) -> None:
    with tempfile.TemporaryDirectory() as name:
        directory = Path(name)
        path = write_book(directory)
        lines = ["月份,工资总额,会员人数", *(",".join(row) for row in rows)]
        payroll = directory / "pay.csv"
        payroll.write_bytes("\n".join(lines).encode(encoding, "replace"))
        before = snapshot(directory)
        code, _, _ = invoke(["import", "payroll", str(payroll), "--ledger", str(path)])
        if code != 0:
            assert snapshot(directory) == before
            return
        loaded = load_file(path)  # what was written loads, and is well-formed
        assert not loaded.errors
        assert not [f for f in loaded.findings.open if f.rule == "directive-invalid"]


VOUCHER_CELLS = st.one_of(
    CELLS,
    st.sampled_from(["2025-03-01", "2025/3/1", "20250301", "记-1", "记-2", "102", "322", "501"]),
)


@given(
    st.sampled_from(["vouchers", "balances"]),
    st.lists(st.lists(VOUCHER_CELLS, min_size=1, max_size=6), min_size=1, max_size=4),
)
@example("vouchers", [["2025-03-01", "记-1", "x", "102", "1e300", ""]])
@example("vouchers", [["2025-03-01", "记-1", "x", "102", "1", "000.00", ""]])
@example("vouchers", [["9999-03-01", "记-1", "x", "102", "1", ""]])
def test_journal_files_are_imported_whole_or_not_at_all(kind: str, rows: list[list[str]]) -> None:
    with tempfile.TemporaryDirectory() as name:
        directory = Path(name)
        path = write_book(directory)
        header = (
            "日期,凭证字号,摘要,科目编码,借方,贷方"
            if kind == "vouchers"
            else "科目编码,科目名称,期初借方,期初贷方"
        )
        journal = directory / "journal.csv"
        journal.write_text("\n".join([header, *(",".join(r) for r in rows)]), encoding="utf-8")
        before = snapshot(directory)
        extra = ["--date", "2024-12-31"] if kind == "balances" else []
        code, _, _ = invoke(["import", kind, str(journal), "--ledger", str(path), *extra])
        if code != 0:
            assert snapshot(directory) == before
            return
        load_file(path)  # what was written loads


STATEMENT_CELLS = st.one_of(
    CELLS,
    st.sampled_from(["20250301", "2025-03-01", "45717", "400.00", "-400.00", "借", "贷", "结息"]),
)


@given(
    st.lists(st.lists(STATEMENT_CELLS, min_size=1, max_size=6), min_size=1, max_size=4),
    st.sampled_from(["utf-8", "gbk", "utf-16"]),
)
@example([["20250301", "", "400.00", "600.00", "", "运动会"]], "utf-8")
@example([["45717", "", "400.00", "600.00", "", "运动会"]], "utf-16")
@example([["2025-02-30", "1", "", HUGE, "", "x"]], "gbk")
def test_bank_statements_are_imported_whole_or_not_at_all_and_reconciled(
    rows: list[list[str]], encoding: str
) -> None:
    """``import bank`` and ``reconcile`` on any statement: an answer, the book whole or
    unchanged, and a rerun that writes nothing more."""
    with tempfile.TemporaryDirectory() as name:
        directory = Path(name)
        path = write_book(directory)
        header = "交易日期,收入金额,支出金额,本次余额,对方户名,交易用途"
        bank = directory / "bank.csv"
        bank.write_bytes(
            "\n".join([header, *(",".join(r) for r in rows)]).encode(encoding, "replace")
        )
        before = snapshot(directory)
        invoke(
            ["reconcile", "--bank", str(bank), "--account", "102", "--month", "2025-03", str(path)]
        )
        assert snapshot(directory) == before
        command = ["import", "bank", str(bank), "--account", "102", "--ledger", str(path)]
        code, _, _ = invoke(command)
        if code != 0:
            assert snapshot(directory) == before
            return
        assert not load_file(path).errors
        written = snapshot(directory)
        invoke(command)  # the lines are in the book now: nothing more
        assert snapshot(directory) == written


@given(
    st.sampled_from(["2025-01-31", "2025-03-31", "2025-12-31", "2024-12-31", "2025-02-30", "x"]),
    st.sampled_from(["", "2025-04-05", "2025-02-30", "9999-01-01"]),
)
def test_close_then_verify_answers_and_writes_once(through: str, date: str) -> None:
    with tempfile.TemporaryDirectory() as name:
        directory = Path(name)
        path = write_book(directory)
        before = snapshot(directory)
        close = ["close", "--through", through, *(["--date", date] if date else []), str(path)]
        code, out, _ = invoke(close)
        if code == 2:
            assert snapshot(directory) == before
            return
        written = snapshot(directory)
        invoke(close)  # the same close again: nothing more
        assert snapshot(directory) == written
        digests = re.findall(r"sha256:[0-9a-f]{64}", out + load_file(path).book.entries.__repr__())
        for digest in {*digests, "sha256:" + "0" * 64, "sha256:xyz"}:
            invoke(["verify", "--digest", digest, "--through", through, str(path)])
        assert snapshot(directory) == written


@settings(max_examples=3)
@given(
    st.lists(st.sampled_from(["甲", "乙", "甲/../甲", "无"]), min_size=1, max_size=3),
    st.sampled_from([[], ["--workers", "512"], ["--scheduler", "不是地址"], ["--upper", "甲"]]),
)
def test_consolidate_answers_every_list_of_books(names: list[str], options: list[str]) -> None:
    """Local clusters only: a scheduler address here is never one that could be reached."""
    with tempfile.TemporaryDirectory() as name:
        directory = Path(name)
        for union in ("甲", "乙"):
            (directory / union).mkdir()
            write_book(directory / union)
        paths = [str(directory / n / "main.beancount") for n in names]
        extra = [str(directory / o / "main.beancount") if o == "甲" else o for o in options]
        before = {p: p.read_bytes() for p in directory.rglob("*.beancount")}
        invoke(["consolidate", *paths, "--year", "2025", *extra])
        assert {p: p.read_bytes() for p in directory.rglob("*.beancount")} == before


@given(TEXTS | st.text(max_size=20))
@example('某"工会')
@example("某工会\n2025-01-01 open Assets:X")
@example("")
@example("\u2028")
def test_init_writes_a_clean_book_or_nothing(union_name: str) -> None:
    with tempfile.TemporaryDirectory() as name:
        target = Path(name) / "book"
        code, _, _ = invoke(["init", str(target), "--union-name", union_name, "--year", "2025"])
        if code != 0:
            assert not target.exists()
            return
        try:
            loaded = load_file(target / "main.beancount")
        except LedgerError as error:
            pytest.fail(f"init wrote a book that does not load: {error}")
        assert loaded.ok, [e.message for e in loaded.findings.open]


@pytest.fixture(scope="module")
def fava() -> Iterator[FlaskClient]:
    with tempfile.TemporaryDirectory() as name:
        directory = Path(name)
        path = write_book(
            directory,
            '2025-06-30 custom "ghfund-officer-end" "张三" "主席"\n'
            '2025-01-01 custom "ghfund-officer" "李/四" "工会/财务"\n',
        )
        app = create_app([str(path)], load=True, poll_watcher=True)
        with app.test_client() as client:
            yield client


PAGES = [
    "AnnualReport",
    "BudgetExecution",
    "Checks",
    "DepartureAudit",
    "Funding",
    "Ledgers",
    "Reconciliation",
]


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.sampled_from(PAGES),
    st.sampled_from(["", "xlsx"]),
    st.dictionaries(
        st.sampled_from(["year", "officer", "time", "x", "account", "file", "month"]),
        st.text(max_size=15) | st.sampled_from(["2025", "102", "999", "2025-03", "/etc/passwd"]),
    ),
)
@example("Ledgers", "", {"account": "999"})
@example("Reconciliation", "xlsx", {"account": "Assets:假", "month": "2025-13"})
@example("Reconciliation", "", {"file": "/etc/passwd"})
@example("DepartureAudit", "", {"officer": "李/四/工会/财务"})
@example("DepartureAudit", "xlsx", {"officer": "/"})
@example("AnnualReport", "xlsx", {"year": "99999999999"})
def test_fava_pages_never_answer_500(
    fava: FlaskClient, page: str, download: str, query: dict[str, str]
) -> None:
    response = fava.get(f"/测试工会经费账/extension/{page}/{download}", query_string=query)
    assert response.status_code in (200, 302, 404, 422), response.status_code
    if response.status_code in (404, 422):
        assert CJK.search(response.get_data(as_text=True))


def test_the_fuzz_book_itself_is_clean() -> None:
    with tempfile.TemporaryDirectory() as name:
        loaded = load_file(write_book(Path(name)))
        assert loaded.ok, [textwrap.shorten(e.message, 80) for e in loaded.findings.open]
