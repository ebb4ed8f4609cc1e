"""``ghfund consolidate`` on a real Dask cluster started by Dask's own CLI (``dask scheduler``,
``dask worker``) on loopback, with workers stopped midway; and on addresses that are no
cluster. Every wait is bounded; every process started here is stopped here."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from ghfund import federation
from ghfund.cli import cli
from ghfund.reports import consolidate
from tests.test_consolidate import BASE, books

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
    paths, _ = consolidate.books_in([str(folder)])
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
    local = [consolidate.summarize(p, 2025) for p in paths]  # the same books read here
    assert found == local


def test_no_worker_left_gives_error_rows_not_a_hang(
    cluster: Cluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(federation, "NO_WORKER_GRACE", 3.0)
    folder = books(tmp_path)
    slow = with_plugin(folder, "丙", "slow")
    paths, _ = consolidate.books_in([str(folder)])
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
