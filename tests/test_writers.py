"""Every command that writes into a book, through the one write path (``ghfund.writing``):
two runs started together write once; a run killed with ``kill -9`` in the middle of its
commit leaves the book as it was (the next run rolls back and writes); ``--dry-run`` and
a rerun write nothing; bad input writes nothing and exits 2 with a Chinese message naming
where and how to fix it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from ghfund.cli import cli
from tests.books import BALANCES, BANK, PAYROLL, VOUCHERS, make_book


@dataclass(frozen=True)
class Writer:
    name: str
    args: list[str]  # run in the book's folder (the default ledger: main.beancount there)
    bad: list[str]  # the same writer on bad input
    said: str  # what the refusal of ``bad`` says
    inputs: dict[str, str]
    new_book: bool = False  # init: the "book" is the folder it creates


BUDGET = "科目编码,科目名称,本年预算数\n401,会费收入,1200.00\n505,业务支出,1200.00\n"
BUDGET_ARGS = ["import", "budget", "--year", "2025", "--approved", "工会委员会2025年第1次会议"]
BUDGET_ARGS += ["--date", "2025-01-15"]

WRITERS = [
    Writer(
        "init",
        ["init", "new", "--year", "2025", "--union-name", "测试工会"],
        ["init", "new", "--union-name", " "],
        "工会名称",
        {},
        new_book=True,
    ),
    Writer(
        "import payroll",
        ["import", "payroll", "工资.csv"],
        ["import", "payroll", "坏工资.csv"],
        "工资汇总表 坏工资.csv 有 1 处错误，未导入任何数据：\n  第 3 行：工资总额“一百万”",
        {"工资.csv": PAYROLL, "坏工资.csv": PAYROLL.replace("1210000.00", "一百万")},
    ),
    Writer(
        "import vouchers",
        ["import", "vouchers", "序时账.csv"],
        ["import", "vouchers", "坏序时账.csv"],
        "第 3 行：借方和贷方都没有金额；请填写金额，或删除这一行",
        {"序时账.csv": VOUCHERS, "坏序时账.csv": VOUCHERS.replace(",,500.00", ",,")},
    ),
    Writer(
        "import balances",
        ["import", "balances", "余额表.csv", "--date", "2024-12-31"],
        ["import", "balances", "余额表.csv", "--date", "2099-12-31"],
        "拟写入的 2099-12-31 条目（凭证 期初-2099-0001）晚于",
        {"余额表.csv": BALANCES},
    ),
    Writer(
        "import bank",
        ["import", "bank", "流水.csv", "--account", "102"],
        ["import", "bank", "流水.csv", "--account", "101"],
        "101 不是银行存款科目（102 及其明细）：Assets:101-库存现金",
        {"流水.csv": BANK},
    ),
    Writer(
        "import budget",
        [*BUDGET_ARGS, "预算.csv"],
        [*BUDGET_ARGS, "坏预算.csv"],
        "导入后预算不平衡，未导入任何预算：\n  2025 年度年初预算：支出 5,000.00 大于收入 1,200.00",
        {"预算.csv": BUDGET, "坏预算.csv": BUDGET.replace("业务支出,1200.00", "业务支出,5000.00")},
    ),
    Writer(
        "depreciate",
        ["depreciate", "--through", "2025-03"],
        ["depreciate", "--through", "2099-12"],
        "--through 2099-12 晚于账本最后一笔交易所在的月份 2025-03",
        {},
    ),
    Writer(
        "close",
        ["close", "--through", "2025-02-28"],
        ["close", "--through", "2099-12-31"],
        "结账截止日 2099-12-31 晚于今天",
        {},
    ),
    Writer(
        "reconcile --record",
        ["reconcile", "--bank", "流水.csv", "--account", "102", "--month", "2025-03", "--record"],
        ["reconcile", "--bank", "流水.csv", "--account", "101", "--month", "2025-03", "--record"],
        "101 不是银行存款科目（102 及其明细）",
        {"流水.csv": BANK.splitlines()[0] + "\n20250320,1200.00,,1200.00,某某公司,会费\n"},
    ),
]


def state(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` but the inputs, by relative name."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith(".csv")
    }


def book_of(folder: Path, writer: Writer) -> dict[str, bytes]:
    """The book's files (for init: the new folder's)."""
    return {k: v for k, v in state(folder).items() if k.startswith("new/") or not writer.new_book}


def setup(tmp_path: Path, writer: Writer, name: str = "book") -> Path:
    folder = tmp_path / name
    make_book(folder)
    for file, text in writer.inputs.items():
        (folder / file).write_text(text, encoding="utf-8")
    return folder


def invoke(folder: Path, args: list[str], monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.chdir(folder)
    monkeypatch.delenv("GHFUND_LEDGER", raising=False)
    result = CliRunner().invoke(cli, args)
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout + result.stderr


# ghfund's command line, pausing ``sys.argv[1]`` seconds before each file of a commit
PAUSED = """
import sys, time
from ghfund import writing
from ghfund.cli import main
seconds = float(sys.argv.pop(1))
writing.between_files = lambda: time.sleep(seconds)
main()
"""


def start(folder: Path, args: list[str], pause: float = 0) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", PAUSED, str(pause), *args],
        cwd=folder,
        env={k: v for k, v in os.environ.items() if k != "GHFUND_LEDGER"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture(params=WRITERS, ids=[w.name for w in WRITERS])
def writer(request: pytest.FixtureRequest) -> Writer:
    return request.param  # type: ignore[no-any-return]


@pytest.fixture
def expected(tmp_path: Path, writer: Writer, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """The book after one plain run (in its own folder)."""
    folder = setup(tmp_path, writer, "reference")
    before = book_of(folder, writer)
    code, said = invoke(folder, writer.args, monkeypatch)
    assert code == 0, said
    after = book_of(folder, writer)
    assert after != before, said
    return after


def test_dry_run_rerun_and_bad_input_write_nothing(
    tmp_path: Path,
    writer: Writer,
    expected: dict[str, bytes],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = setup(tmp_path, writer)
    before = state(folder)
    code, said = invoke(folder, [*writer.args, "--dry-run"], monkeypatch)  # every writer takes it
    assert (code, state(folder)) == (0, before), said
    assert "预览（未写入）" in said
    code, said = invoke(folder, writer.bad, monkeypatch)
    assert code == 2 and said.startswith("ghfund：") and writer.said in said, said
    assert state(folder) == before
    code, said = invoke(folder, writer.args, monkeypatch)
    assert (code, book_of(folder, writer)) == (0, expected), said
    written = state(folder)
    code, said = invoke(folder, writer.args, monkeypatch)
    assert code == (2 if writer.new_book else 0), said  # init: "已存在"
    assert state(folder) == written


def test_two_runs_started_together_write_once(
    tmp_path: Path, writer: Writer, expected: dict[str, bytes]
) -> None:
    folder = setup(tmp_path, writer)
    # Each commit takes 2 s: the other run has read the book by then, and must not write.
    first, second = start(folder, writer.args, pause=2), start(folder, writer.args, pause=2)
    outcomes = [(p.wait(120), *p.communicate()) for p in (first, second)]
    assert book_of(folder, writer) == expected, outcomes
    codes = sorted(code for code, _, _ in outcomes)
    assert codes == ([0, 2] if writer.new_book else [0, 0]), outcomes
    assert not any("Traceback" in err for _, _, err in outcomes)
    assert not [p for p in folder.rglob(".ghfund*")], outcomes


def test_a_run_killed_in_its_commit_leaves_the_book_as_it_was(
    tmp_path: Path, writer: Writer, expected: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = setup(tmp_path, writer)
    before = book_of(folder, writer)
    process = start(folder, writer.args, pause=60)
    journal = folder / ("new" if writer.new_book else "") / ".ghfund.journal"
    waited = _until(lambda: journal.exists() or process.poll() is not None)
    assert waited and process.poll() is None, process.communicate()
    process.send_signal(signal.SIGKILL)
    process.communicate()
    left = book_of(folder, writer)
    assert {k: v for k, v in left.items() if not Path(k).name.startswith(".ghfund")} == before
    if not writer.new_book:
        code, said = invoke(folder, ["check"], monkeypatch)
        assert "ghfund：上一次写入账本时被中断，账本可能只写入了一部分" in said
    code, said = invoke(folder, writer.args, monkeypatch)
    assert code == 0, said
    assert "上一次写入被中断，已恢复为写入前的内容" in said
    assert book_of(folder, writer) == expected


def _until(condition: Callable[[], bool], seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_a_rerun_after_a_kill_between_the_files_rolls_back_before_it_plans(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A commit killed after replacing a file but before finishing leaves the new file and
    its journal. Rerunning the command must roll back first and write again: planning from
    the half-written book said "已在账本中" and left the journal, whose rollback by the
    next writer then removed the vouchers the user had been told were in the book."""
    from ghfund.booklock import STAGED, write_journal

    writer = next(w for w in WRITERS if w.name == "import vouchers")
    folder = setup(tmp_path, writer)
    year = folder / "2025.beancount"
    old = year.read_bytes()
    code, said = invoke(folder, [*writer.args, "--to", "2025.beancount"], monkeypatch)
    assert code == 0, said
    written = year.read_bytes()
    backup = folder / f"{STAGED}1-2025.beancount.old"
    backup.write_bytes(old)  # what the killed commit left: the new file, its backup, journal
    write_journal(folder, [(year, backup, folder / f"{STAGED}1-2025.beancount.new")])
    code, said = invoke(folder, [*writer.args, "--to", "2025.beancount"], monkeypatch)
    assert code == 0 and "上一次写入被中断，已恢复为写入前的内容" in said, said
    assert "已写入 2025.beancount：1 张凭证" in said
    assert year.read_bytes() == written
    assert not [p for p in folder.rglob(".ghfund*")]
    other = VOUCHERS.replace("记-0003", "记-0004").replace("提取备用金", "再提备用金")
    (folder / "另一序时账.csv").write_text(other, encoding="utf-8")
    code, said = invoke(folder, ["import", "vouchers", "另一序时账.csv"], monkeypatch)
    assert code == 0, said
    assert year.read_bytes() == written  # the first import's voucher is still in the book
