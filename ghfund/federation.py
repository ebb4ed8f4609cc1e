"""Reading many books at once on Dask (``dask.distributed``), for ``ghfund consolidate``.

Every book is loaded and reduced in a worker (``ghfund.reports.consolidate.summarize``);
only the small summaries come back. By default a local cluster of worker processes (one
thread each: Beancount's load holds the GIL) is started and stopped around the run; given
a scheduler address (``tcp://host:8786``) the same code runs on an existing cluster, whose
workers must have ghfund installed and see the books at the same paths.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from ghfund.problems import UserProblem

if TYPE_CHECKING:
    from ghfund.reports.consolidate import Summary

Progress = Callable[[int, int], None]


class EngineProblem(UserProblem):
    """The cluster could not be started or reached; the text is for users (Chinese)."""


def summaries(
    paths: Sequence[str],
    year: int,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Progress | None = None,
) -> list[Summary]:
    """The summaries of ``paths`` for ``year``, in the order of ``paths``."""
    from dask.distributed import Client, LocalCluster, as_completed

    from ghfund.reports.consolidate import summarize

    for name in ("distributed", "bokeh", "tornado"):
        logging.getLogger(name).setLevel(logging.ERROR)
    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout="10s")  # type: ignore[no-untyped-call]
        else:
            cluster = LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=workers or os.cpu_count() or 1,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",  # the local cluster listens on loopback only
                dashboard_address="127.0.0.1:0",  # its status server: any free port, never 8787
                silence_logs=logging.ERROR,
            )
            client = Client(cluster)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as error:
        where = f"调度器 {scheduler}" if scheduler else "本机的 Dask 集群"
        raise EngineProblem(
            f"无法连接{where}（{error}）；请检查地址和网络，或不用 --scheduler"
        ) from None
    try:
        futures = client.map(summarize, list(paths), year=year, pure=False)
        index = {future.key: n for n, future in enumerate(futures)}
        results: list[Summary | None] = [None] * len(futures)
        for done, future in enumerate(as_completed(futures), 1):  # type: ignore[no-untyped-call]
            results[index[future.key]] = future.result()
            if progress is not None:
                progress(done, len(futures))
        return [r for r in results if r is not None]
    finally:
        client.close()  # type: ignore[no-untyped-call]
        if cluster is not None:
            cluster.close()


def terminal_progress(done: int, total: int) -> None:
    """A one-line progress bar on stderr (only when stderr is a terminal)."""
    width = 30
    filled = width * done // total if total else width
    sys.stderr.write(f"\r汇总 [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()
