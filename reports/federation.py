"""Reading many books at once on Dask (``dask.distributed``), for ``ghfund consolidate``: the
runner, above the reports (only the command line imports it).

``books_in`` finds the books a command line names. Every book is loaded through the one
door (``ghfund.ledger``) and reduced where it is read, in a worker (``read``: the load,
then ``ghfund.reports.consolidate.summarize``); only the small summaries come back. By
default a local cluster of worker processes (one thread each: Beancount's load holds the
GIL) is started and stopped around the run; given a scheduler address
(``tcp://host:8786``) the same code runs on an existing cluster, whose workers must have
ghfund installed and see the books at the same paths.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, cast

from ghfund.ledger import LedgerError, load_file
from ghfund.problems import UserProblem
from ghfund.reports.consolidate import Summary, summarize

Progress = Callable[[int, int], None]

# How long a cluster may have no worker at all before the books not read yet become error rows.
NO_WORKER_GRACE = 30.0
ADDRESS = re.compile(r"^(?:(tcp|tls)://)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+):(\d{1,5})$")


class EngineProblem(UserProblem):
    """The cluster could not be started or reached; the text is for users (Chinese)."""


def books_in(paths: Iterable[str]) -> tuple[list[str], list[str]]:
    """Each PATH: a book file, or a folder whose ``*/main.beancount`` are books (sorted).
    The books as absolute paths with links resolved (a remote worker has another current
    folder), each once; and the PATHs left out because they name a book already listed
    (through ``../`` or a link), which would otherwise be counted twice."""
    found: list[str] = []
    repeated: list[str] = []
    for name in paths:
        path = Path(name)
        named = sorted(path.glob("*/main.beancount")) if path.is_dir() else [path]
        for book in named:
            real = str(book.resolve())
            if real in found:
                repeated.append(str(book))
            else:
                found.append(real)
    return found, repeated


def read(path: str, year: int) -> Summary:
    """Load the book at ``path`` and reduce it for ``year`` (runs in a worker; a book that
    cannot be read is an error row, never an exception)."""
    try:
        loaded = load_file(path)
    except LedgerError as problem:
        return Summary.unreadable(path, str(problem))
    except Exception as failure:  # a book that breaks the loader: an error row, not a stop
        return Summary.unreadable(path, f"无法读取账本：{type(failure).__name__}")
    return summarize(loaded, year)


def summaries(
    paths: Sequence[str],
    year: int,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Progress | None = None,
) -> list[Summary]:
    """The summaries of ``paths`` for ``year``, in the order of ``paths``. A book whose
    worker died (``KilledWorker``) or that no worker was left to read is an error row."""
    from dask.distributed import Client, LocalCluster

    for name in ("distributed", "bokeh", "tornado"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    cluster = None
    if scheduler:
        check_scheduler(scheduler)
    try:
        if scheduler:
            client = Client(scheduler, timeout="10s")  # type: ignore[no-untyped-call]
        else:
            cluster = LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=local_workers(workers, len(paths)),
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",  # the local cluster listens on loopback only
                dashboard_address="127.0.0.1:0",  # its status server: any free port, never 8787
                silence_logs=logging.CRITICAL,
            )
            client = Client(cluster)  # type: ignore[no-untyped-call]
    except Exception as error:
        where = f"调度器 {scheduler}" if scheduler else "本机的 Dask 集群"
        raise EngineProblem(
            f"无法连接{where}（{type(error).__name__}）；请检查地址和网络，或不用 --scheduler"
        ) from None
    try:
        if scheduler:
            try:
                client.wait_for_workers(1, timeout=NO_WORKER_GRACE)
            except Exception:
                raise EngineProblem(
                    f"调度器 {scheduler} 在 {NO_WORKER_GRACE:.0f} 秒内没有可用的工作进程"
                    "（dask worker）；请先在集群上启动工作进程"
                ) from None
        return _gather(client, paths, year, progress)
    finally:
        client.close()  # type: ignore[no-untyped-call]
        if cluster is not None:
            cluster.close()


def _gather(
    client: Any, paths: Sequence[str], year: int, progress: Progress | None
) -> list[Summary]:
    """Send every book to the cluster and collect its summary; never waits forever for a
    cluster that has lost all its workers."""
    from dask.distributed import wait

    futures = client.map(read, list(paths), year=year, pure=False)
    results: list[Summary | None] = [None] * len(futures)
    pending = dict(enumerate(futures))
    alone_since: float | None = None
    while pending:
        try:
            done, _ = wait(list(pending.values()), timeout=1, return_when="FIRST_COMPLETED")  # type: ignore[no-untyped-call]
        except TimeoutError:  # nothing finished this second
            done = set()
        for n, future in list(pending.items()):
            if future in done:
                results[n] = _result(future, paths[n])
                del pending[n]
                if progress is not None:
                    progress(len(futures) - len(pending), len(futures))
        if done:
            alone_since = None
        elif _has_no_worker(client):
            alone_since = alone_since or time.monotonic()
            if time.monotonic() - alone_since > NO_WORKER_GRACE:
                for n, future in pending.items():
                    future.cancel()
                    results[n] = Summary.unreadable(
                        paths[n],
                        f"集群已没有工作进程，{NO_WORKER_GRACE:.0f} 秒内无人读取此账本；"
                        "请检查 dask worker 后重新汇总",
                    )
                pending.clear()
    return [r for r in results if r is not None]


def _result(future: Any, path: str) -> Summary:
    """The summary a finished task sent back, or an error row saying why there is none."""
    from dask.distributed import KilledWorker

    if future.status == "finished":
        return cast("Summary", future.result())
    failure = future.exception()
    if isinstance(failure, KilledWorker):
        why = "读取此账本时工作进程多次意外退出（可能内存不足或被终止）；请单独用 ghfund check 检查此账本"
    elif isinstance(failure, ModuleNotFoundError):
        why = (
            f"工作进程上没有安装 ghfund 或其依赖（{failure.name}）；请在集群的每台机器上安装 ghfund"
        )
    else:
        why = (
            f"工作进程读取此账本失败（{type(failure).__name__}）；请单独用 ghfund check 检查此账本"
        )
    return Summary.unreadable(path, why)


def _has_no_worker(client: Any) -> bool:
    try:
        return not client.nthreads()
    except Exception:  # the scheduler itself is gone: no worker either
        return True


def local_workers(asked: int | None, books: int) -> int:
    """Worker processes for a local cluster: as asked or one per core, never more than the
    cores (Beancount's load is CPU-bound) nor the books."""
    cores = os.cpu_count() or 1
    return max(1, min(asked or cores, cores, books))


def check_scheduler(address: str) -> None:
    """Refuse, in Chinese, an address that is not ``[tcp://]host:port`` or where no Dask
    scheduler answers (a web server, say, would leave Dask's client waiting forever)."""
    found = ADDRESS.match(address.strip())
    if not found or not 0 < int(found[3]) < 65536:
        raise EngineProblem(
            f"--scheduler {address} 不是 Dask 调度器的地址；应形如 tcp://主机:8786 或 主机:8786"
        )
    if found[1] == "tls":
        return  # the handshake is encrypted: Dask's own client checks it
    host, port = found[2].strip("[]"), int(found[3])
    try:
        channel = socket.create_connection((host, port), timeout=10)
    except OSError as error:
        raise EngineProblem(
            f"无法连接调度器 {address}（{error.strerror or type(error).__name__}）；"
            "请检查地址、端口和网络，或不用 --scheduler"
        ) from None
    with channel:
        channel.settimeout(5)  # a Dask server greets at once
        try:
            greeting = channel.recv(4096)
        except OSError:
            greeting = b""
    if b"pickle-protocol" not in greeting:  # every Dask server greets with its versions
        raise EngineProblem(
            f"{address} 上的服务不是 Dask 调度器（没有按 Dask 的协议应答）；请检查端口，调度器默认端口是 8786"
        )


def terminal_progress(done: int, total: int) -> None:
    """A one-line progress bar on stderr (only when stderr is a terminal)."""
    width = 30
    filled = width * done // total if total else width
    sys.stderr.write(f"\r汇总 [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()
