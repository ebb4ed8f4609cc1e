"""``ghfund consolidate``: a federation's summary of base unions' books, read on Dask: on a
local cluster, and on a real one started by Dask's own CLI (``dask scheduler``, ``dask
worker``) on loopback with workers stopped midway, and on addresses that are no cluster.
Every wait is bounded; every process started here is stopped here."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from ghfund.cli import cli
from ghfund.ledger import default_ledger, load_file
from ghfund.reports import annual, consolidate, federation, statements
from ghfund.reports.model import NoData
from tests.support import SUFFIX, Golden

D = Decimal

BASE = """option "operating_currency" "CNY"
plugin "ghfund.plugins.all"
2024-12-31 custom "ghfund-option" "union-name" "{name}"
2024-12-31 open Assets:102-银行存款
2024-12-31 open Liabilities:211-应付上级经费
2024-12-31 open Income:402-拨缴经费收入
2024-12-31 open Income:403-上级补助收入:40301-一般性转移支付补助
2024-12-31 open Expenses:501-职工活动支出
2024-12-31 open Equity:322-工会资金结余
2024-12-31 * "期初余额"
  voucher: "记-2024-0001"
  Assets:102-银行存款      {opening} CNY
  Equity:322-工会资金结余
2025-01-10 custom "budget" Income:402-拨缴经费收入 "yearly" 1000.00 CNY
  approved: "工会委员会2025年第1次会议"
2025-01-10 custom "budget" Expenses:501-职工活动支出 "yearly" 1000.00 CNY
  approved: "工会委员会2025年第1次会议"
2025-03-10 custom "ghfund-payroll" 2025-02-28 50000.00 CNY
2025-03-15 * "单位" "2月工会经费"
  voucher: "记-2025-0001"
  payroll: 2025-02-28
  Assets:102-银行存款       1000.00 CNY
  Income:402-拨缴经费收入   -600.00 CNY
  Liabilities:211-应付上级经费  -400.00 CNY
2025-06-01 * "某某区总工会" "上级补助"
  voucher: "记-2025-0002"
  Assets:102-银行存款        {subsidy} CNY
  Income:403-上级补助收入:40301-一般性转移支付补助
2025-04-01 * "某某区总工会" "上解2月经费"
  voucher: "记-2025-0004"
  Liabilities:211-应付上级经费  400.00 CNY
  Assets:102-银行存款
2025-07-01 * "文体活动"
  voucher: "记-2025-0003"
  Expenses:501-职工活动支出  {spent} CNY
  Assets:102-银行存款
"""

UPPER = """option "operating_currency" "CNY"
2024-12-31 custom "ghfund-option" "union-name" "某某区总工会"
2024-12-31 open Assets:102-银行存款
2024-12-31 open Assets:132-应收下级经费
2024-12-31 open Income:402-拨缴经费收入
2024-12-31 open Expenses:508-补助下级支出
2024-12-31 open Equity:322-工会资金结余
2024-12-31 * "期初余额"
  voucher: "记-2024-0001"
  Assets:102-银行存款      100000.00 CNY
  Equity:322-工会资金结余
2025-06-01 * "补助基层工会"
  voucher: "记-2025-0001"
  Expenses:508-补助下级支出  700.00 CNY
  Assets:102-银行存款
2025-12-31 * "应收下级上解经费"
  voucher: "记-2025-0002"
  Assets:132-应收下级经费  800.00 CNY
  Income:402-拨缴经费收入
"""


def books(tmp_path: Path) -> Path:
    folder = tmp_path / "联合工会"
    for name, opening, subsidy, spent in (
        ("甲", "5000.00", "300.00", "200.00"),
        ("乙", "8000.00", "400.00", "900.00"),
    ):
        (folder / name).mkdir(parents=True)
        text = BASE.format(name=f"{name}公司工会", opening=opening, subsidy=subsidy, spent=spent)
        (folder / name / "main.beancount").write_text(text, encoding="utf-8")
    return folder


def summaries(folder: Path, year: int = 2025) -> list[consolidate.Summary]:
    return [federation.read(p, year) for p in federation.books_in([str(folder)])[0]]


def test_totals_are_the_sum_of_each_books_own_report(tmp_path: Path) -> None:
    folder = books(tmp_path)
    report = consolidate.build(summaries(folder), 2025)
    own = [annual.report(load_file(p), 2025) for p in federation.books_in([str(folder)])[0]]
    for table in ("balance_sheet", "income_expenditure"):
        key = "end" if table == "balance_sheet" else "current"
        summed = {r["item"]: r[key] for r in report.table(table).records()}
        for item in summed:
            assert summed[item] == sum(
                (r[key] for o in own for r in o.table(table).records() if r["item"] == item),
                D(0),
            ), item
    unions = report.table("unions").records()
    assert [r["union"] for r in unions] == ["乙公司工会", "甲公司工会", "合计"]  # by path
    assert unions[-1]["income"] == D("1900.00")  # 600 + 300 + 600 + 400
    assert unions[-1]["spending"] == D("1100.00")
    assert unions[-1]["upward"] == D("800.00") == unions[-1]["remitted"]
    assert report.problems == ()


@pytest.mark.parametrize("fmt", list(SUFFIX))
def test_golden(tmp_path: Path, fmt: str, golden: Golden) -> None:
    """The two small books, the example book and the upper union's book: every table, the
    eliminations included (paths named as on a treasurer's disk, not the test's folder)."""
    folder = books(tmp_path)
    (tmp_path / "upper.beancount").write_text(UPPER, encoding="utf-8")
    found = [*summaries(folder), federation.read(str(default_ledger()), 2025)]
    named = [
        dataclasses.replace(s, path=f"联合工会/{name}/main.beancount")
        for s, name in zip(found, ("乙", "甲", "江淮"), strict=True)
    ]
    upper = federation.read(str(tmp_path / "upper.beancount"), 2025)
    report = consolidate.build(named, 2025, dataclasses.replace(upper, path="区总工会.beancount"))
    golden.report("consolidate/2025", report, fmt)


def test_lines_titled_otherwise_in_one_book_still_add_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """乙 is read by a worker whose statements title 货币资金 and 上级补助收入 otherwise (another
    ghfund, an upper union's wording): its lines still add into 甲's by their keys."""
    folder = books(tmp_path)
    first, second = federation.books_in([str(folder)])[0]  # 乙, 甲
    plain = federation.read(second, 2025)
    money = "货币资金（库存现金、银行存款）"
    monkeypatch.setattr(
        statements,
        "BALANCE_SHEET",
        tuple(
            dataclasses.replace(
                line,
                item=money if line.item == "货币资金" else line.item,
                parts=tuple(money if part == "货币资金" else part for part in line.parts),
            )
            for line in statements.BALANCE_SHEET
        ),
    )
    monkeypatch.setattr(
        statements,
        "INCOME_LINES",
        tuple(
            ("上级补助收入（转移支付）" if item == "上级补助收入" else item, code)
            for item, code in statements.INCOME_LINES
        ),
    )
    retitled = federation.read(first, 2025)
    report = consolidate.build([plain, retitled], 2025)
    sheet = {r["item"]: r["end"] for r in report.table("balance_sheet").records()}
    assert sheet["货币资金"] == D("5700.00") + D("8100.00")  # 甲's title, both books' money
    assert money not in sheet and sheet["资产总计"] == D("13800.00")
    flows = {r["item"]: r["current"] for r in report.table("income_expenditure").records()}
    assert flows["（三）上级补助收入"] == D("300.00") + D("400.00")
    assert "（三）上级补助收入（转移支付）" not in flows
    unions = report.table("unions").records()
    assert [r["money"] for r in unions] == [D("5700.00"), D("8100.00"), D("13800.00")]
    assert retitled.titles["balance_sheet"]["101+102"] == money
    assert retitled.titles["income_expenditure"]["403"] == "（三）上级补助收入（转移支付）"


def test_a_broken_book_is_an_error_row_and_the_others_count(tmp_path: Path) -> None:
    folder = books(tmp_path)
    (folder / "丙").mkdir()
    (folder / "丙" / "main.beancount").write_bytes("期初 {{ 乱码".encode("gbk"))
    report = consolidate.build(summaries(folder), 2025)
    unions = report.table("unions").records()
    broken = next(r for r in unions if str(r["path"]).endswith("丙/main.beancount"))
    assert broken["union"] == "（无法读取）" and broken["status"]
    assert unions[-1]["income"] == D("1900.00")
    assert len(report.problems) == 1 and "丙" in report.problems[0]


def test_transfers_with_the_upper_book_are_eliminated(tmp_path: Path) -> None:
    folder = books(tmp_path)
    (tmp_path / "upper.beancount").write_text(UPPER, encoding="utf-8")
    upper = federation.read(str(tmp_path / "upper.beancount"), 2025)
    report = consolidate.build(summaries(folder), 2025, upper)
    flows = {r["item"]: r["current"] for r in report.table("income_expenditure").records()}
    # 上级补助收入 700 of the bases against 补助下级支出 700 of the upper book: both go
    assert flows["（三）上级补助收入"] == D("0.00") and flows["（八）补助下级支出"] == D("0.00")
    assert flows["三、收入合计"] == D("1900.00") - D("700.00") + D("800.00")
    assert flows["四、支出合计"] == D("1100.00")
    sheet = {r["item"]: r["end"] for r in report.table("balance_sheet").records()}
    assert sheet["应付上级经费"] == D("0.00")  # the bases remitted all they owed
    assert sheet["应收下级经费"] == D("800.00")  # the upper book still shows it: unmatched
    assert sheet["资产总计"] == sheet["负债与净资产总计"]
    rows = report.table("eliminations").records()
    assert [r["difference"] for r in rows] == [D("0.00"), D("0.00"), D("-800.00")]
    assert [r["eliminated"] for r in rows] == [D("700.00"), D("0.00"), D("0.00")]


def test_a_year_no_book_has_is_no_data(tmp_path: Path) -> None:
    with pytest.raises(NoData):
        consolidate.build(summaries(books(tmp_path), 2019), 2019)


def test_the_same_result_with_one_and_two_workers(tmp_path: Path) -> None:
    folder = books(tmp_path)
    outputs = []
    for workers in ("1", "2"):
        result = CliRunner().invoke(
            cli,
            [
                "consolidate",
                str(folder),
                "--year",
                "2025",
                "--workers",
                workers,
                "--format",
                "json",
            ],
        )
        assert result.exit_code == 0, result.output
        outputs.append(json.loads(result.stdout))
    assert outputs[0] == outputs[1]
    total = outputs[0]["tables"]["unions"]["rows"][-1]
    assert total["income"] == "1900.00"


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    empty = tmp_path / "空"
    empty.mkdir()
    for args in (
        [str(empty), "--year", "2025"],
        [str(tmp_path), "--year", "2025", "--workers", "2", "--scheduler", "tcp://127.0.0.1:1"],
    ):
        result = CliRunner().invoke(cli, ["consolidate", *args])
        assert result.exit_code == 2 and result.stderr.startswith("ghfund：")


def test_the_same_book_named_twice_is_counted_once(tmp_path: Path) -> None:
    folder = books(tmp_path)
    (tmp_path / "链接").symlink_to(folder / "甲", target_is_directory=True)
    again = folder / "乙" / ".." / "甲" / "main.beancount"
    result = CliRunner().invoke(
        cli,
        [
            "consolidate",
            str(folder),
            str(again),
            str(tmp_path / "链接" / "main.beancount"),
            "--year",
            "2025",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["tables"]["unions"]["rows"]
    assert [r["union"] for r in rows[:-1]] == ["乙公司工会", "甲公司工会"]
    assert rows[-1]["income"] == "1900.00"  # 600 + 300 and 600 + 400, each book once
    assert result.stderr.count("是同一本账，只汇总一次") == 2


def test_paths_sent_to_workers_are_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    books(tmp_path)
    monkeypatch.chdir(tmp_path)
    found, _ = federation.books_in(["联合工会"])
    assert found == [str(tmp_path.resolve() / "联合工会" / n / "main.beancount") for n in "乙甲"]


def test_workers_never_exceed_the_cores_or_the_books(tmp_path: Path) -> None:
    cores = os.cpu_count() or 1
    assert federation.local_workers(512, 1000) == cores
    assert federation.local_workers(512, 1) == 1
    assert federation.local_workers(None, 1000) == cores
    folder = books(tmp_path)
    result = CliRunner().invoke(
        cli, ["consolidate", str(folder), "--year", "2025", "--workers", "512"]
    )
    assert result.exit_code == 0, result.output


def test_the_upper_book_among_the_base_books_is_refused(tmp_path: Path) -> None:
    folder = books(tmp_path)
    result = CliRunner().invoke(
        cli,
        [
            "consolidate",
            str(folder),
            "--year",
            "2025",
            "--upper",
            str(folder / "甲" / "main.beancount"),
        ],
    )
    assert result.exit_code == 2
    assert "也列在基层工会的账本中" in result.stderr


# --- a real cluster ---------------------------------------------------------------------

DASK = Path(sys.executable).parent / "dask"
LIMIT = 120.0  # seconds: no step of these tests waits longer

# Beancount plugins the workers can import: a book naming the first marks that it is being
# read, then takes long enough for its worker to be stopped meanwhile; the second stops it.
PLUGINS = {
    "slow": """
import os, pathlib, time

__plugins__ = ("slow",)


def slow(entries, options_map):
    marker = pathlib.Path(options_map["filename"]).with_name("reading")
    marker.write_text(str(os.getpid()))
    time.sleep(4)
    return entries, []
""",
    "fatal": """
import os

__plugins__ = ("fatal",)


def fatal(entries, options_map):
    os._exit(1)
""",
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(check: object, what: str) -> None:
    deadline = time.monotonic() + LIMIT
    while not check():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"waited {LIMIT:.0f}s for {what}"
        time.sleep(0.2)


class Cluster:
    """A scheduler on loopback and the workers started for one test."""

    def __init__(self, plugins: Path) -> None:
        self.address = f"tcp://127.0.0.1:{free_port()}"
        # a book whose worker dies twice is given up (KilledWorker); once, it is read again
        env = {**os.environ, "DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "1"}
        env["PYTHONPATH"] = os.pathsep.join([str(plugins), env.get("PYTHONPATH", "")])
        self.env = env
        self.workers: list[subprocess.Popen[bytes]] = []
        self.scheduler = self._start(
            "scheduler", "--host", "127.0.0.1", "--port", self.address.rsplit(":", 1)[1]
        )
        wait_for(self._listening, "the scheduler")

    def _start(self, *args: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [str(DASK), *args, "--no-dashboard"],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def _listening(self) -> bool:
        try:
            federation.check_scheduler(self.address)
        except federation.EngineProblem:
            return False
        return True

    def worker(self, *, nanny: bool = False) -> subprocess.Popen[bytes]:
        process = self._start(
            "worker", self.address, "--nthreads", "1", "--nanny" if nanny else "--no-nanny"
        )
        self.workers.append(process)
        return process

    def stop(self) -> None:
        for process in [*self.workers, self.scheduler]:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=LIMIT)


@pytest.fixture
def cluster(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Cluster]:
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    for name, text in PLUGINS.items():
        (plugins / f"ghfund_test_{name}.py").write_text(text, encoding="utf-8")
    monkeypatch.syspath_prepend(str(plugins))  # the test reads the same books itself
    started = Cluster(plugins)
    try:
        yield started
    finally:
        started.stop()


def with_plugin(folder: Path, name: str, plugin: str) -> Path:
    """A third book in ``folder`` that loads ``plugin`` of the test module."""
    (folder / name).mkdir()
    text = BASE.format(name=f"{name}公司工会", opening="1000.00", subsidy="100.00", spent="50.00")
    text = text.replace(
        'plugin "ghfund.plugins.all"',
        f'plugin "ghfund.plugins.all"\nplugin "ghfund_test_{plugin}"',
    )
    path = folder / name / "main.beancount"
    path.write_text(text, encoding="utf-8")
    return path


def in_background(paths: list[str], address: str) -> tuple[threading.Thread, list[object]]:
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(federation.summaries(paths, 2025, scheduler=address))
        except Exception as problem:  # reported to the test, which fails on it
            outcome.append(problem)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, outcome


def test_a_worker_stopped_midway_leaves_its_book_to_another(
    cluster: Cluster, tmp_path: Path
) -> None:
    folder = books(tmp_path)
    slow = with_plugin(folder, "丙", "slow")
    paths, _ = federation.books_in([str(folder)])
    first = cluster.worker()
    thread, outcome = in_background(paths, cluster.address)
    wait_for((slow.parent / "reading").exists, "a worker to read the slow book")
    os.killpg(first.pid, signal.SIGKILL)  # the worker is stopped while it reads the book
    cluster.worker()
    thread.join(LIMIT)
    assert not thread.is_alive()
    (found,) = outcome
    assert isinstance(found, list)
    assert [s.error for s in found] == ["", "", ""]
    assert [s.union for s in found] == ["丙公司工会", "乙公司工会", "甲公司工会"]
    local = [federation.read(p, 2025) for p in paths]  # the same books read here
    assert found == local


def test_no_worker_left_gives_error_rows_not_a_hang(
    cluster: Cluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(federation, "NO_WORKER_GRACE", 3.0)
    folder = books(tmp_path)
    slow = with_plugin(folder, "丙", "slow")
    paths, _ = federation.books_in([str(folder)])
    only = cluster.worker()
    thread, outcome = in_background(paths, cluster.address)
    wait_for((slow.parent / "reading").exists, "a worker to read the slow book")
    os.killpg(only.pid, signal.SIGKILL)
    thread.join(LIMIT)
    assert not thread.is_alive()
    (found,) = outcome
    assert isinstance(found, list) and len(found) == 3
    unread = [s for s in found if not s.readable]
    assert str(slow) in [s.path for s in unread]
    assert all("集群已没有工作进程" in s.error for s in unread)


def test_a_book_that_kills_its_worker_is_an_error_row(cluster: Cluster, tmp_path: Path) -> None:
    folder = books(tmp_path)
    fatal = with_plugin(folder, "丙", "fatal")
    cluster.worker(nanny=True)  # the nanny starts the worker again after each death
    result = CliRunner().invoke(
        cli,
        ["consolidate", str(folder), "--year", "2025", "--scheduler", cluster.address],
    )
    assert result.exit_code == 1, result.output
    assert "工作进程多次意外退出" in result.stdout
    assert str(fatal) in result.stdout
    assert "Traceback" not in result.output and "KilledWorker" not in result.output


def test_a_scheduler_without_workers_is_said_in_time(
    cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(federation, "NO_WORKER_GRACE", 2.0)
    with pytest.raises(federation.EngineProblem, match="没有可用的工作进程"):
        federation.summaries(["/无/main.beancount"], 2025, scheduler=cluster.address)


def test_addresses_that_are_no_scheduler() -> None:
    with socket.socket() as silent:  # a server that accepts and says nothing, like a web server
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        for address, said in (
            ("不是地址", "不是 Dask 调度器的地址"),
            ("tcp://127.0.0.1:99999", "不是 Dask 调度器的地址"),
            (f"tcp://127.0.0.1:{port}", "不是 Dask 调度器"),
            (f"127.0.0.1:{free_port()}", "无法连接调度器"),
        ):
            started = time.monotonic()
            result = CliRunner().invoke(
                cli, ["consolidate", "/无/main.beancount", "--year", "2025", "--scheduler", address]
            )
            assert result.exit_code == 2, (address, result.output)
            assert said in result.stderr and "Traceback" not in result.output
            assert time.monotonic() - started < 30
