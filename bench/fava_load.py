"""Time Fava's first page load on the benchmark book, with and without ghfund's pages.

    python bench/fava_load.py --size 100k --repeat 3

Each run starts a fresh ``fava`` on a free loopback port and times the first load of the
default page: its HTML (Fava loads the book on that request, the ghfund plugin included,
and renders the page with its sidebar) and the data the page then asks for. The two variants differ in one line only:
``custom "fava-extension" "ghfund.fava"`` (written to ``main-fava.beancount`` beside the
book). Runs alternate between the variants; the table gives best and median wall time and CPU
time of the Fava process (start, imports, load and the page: steadier than wall time on
a busy machine) and the ratios of the medians, against the target: the extension adds at
most 10% to the first page load (judged on CPU time).
It also times, in one load, what Fava's extension hooks take (importing ghfund.fava, making
the pages, their after_load_file), and opens each ghfund page once (the first open computes
it) and prints those times.
Results go to ``bench/out/fava-<size>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any

from run import OUT, SIZES, book_for, tool, with_extension

TARGET = 0.10
PAGES = ("AnnualReport", "BudgetExecution", "Checks", "DepartureAudit", "Funding")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def get(url: str) -> tuple[float, str]:
    """Seconds to fetch ``url`` (following redirects), and the URL finally served."""
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=600) as response:
        response.read()
        if response.status != 200:
            raise SystemExit(f"{url}: HTTP {response.status}")
        return time.perf_counter() - started, str(response.geturl())


def serve(main: Path, pages: tuple[str, ...] = ()) -> tuple[float, float, dict[str, float]]:
    """A fresh Fava on ``main``: the first page load's wall time, the process's CPU time
    (start, imports, load and that page), then the first open of each of ``pages``."""
    port = free_port()
    process = subprocess.Popen(
        [tool("fava"), "--host", "127.0.0.1", "--port", str(port), str(main)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:  # the server listens before it loads the book (Fava loads on first request)
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"fava did not start on {main}") from None
                time.sleep(0.05)
        base = f"http://127.0.0.1:{port}"
        first, served = get(f"{base}/")  # redirects to the default page: load + render
        ledger = served[len(base) :].split("/")[1]  # /<slug>/income_statement/
        first += get(f"{base}/{ledger}/api/income_statement")[0]  # the data the page asks for
        cpu = cpu_seconds(process.pid)
        opened = {name: get(f"{base}/{ledger}/extension/{name}/")[0] for name in pages}
        return first, cpu, opened
    finally:
        process.terminate()
        process.wait(timeout=30)


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a running process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


EXTENSION_COST = """
import sys, time
from fava.core import FavaLedger
from fava.core.extensions import ExtensionModule
spent = []
for name in ("load_file", "after_load_file"):
    def timed(self, _original=getattr(ExtensionModule, name)):
        started = time.perf_counter()
        _original(self)
        spent.append(time.perf_counter() - started)
    setattr(ExtensionModule, name, timed)
started = time.perf_counter()
FavaLedger(sys.argv[1], poll_watcher=True)
print(time.perf_counter() - started, sum(spent))
"""


def extension_cost(main: Path) -> tuple[float, float]:
    """Fava's whole load of ``main`` and, of it, the time in Fava's extension hooks (seconds):
    importing ghfund.fava, making the pages, their after_load_file."""
    done = subprocess.run(
        [tool("python"), "-c", EXTENSION_COST, str(main)],
        capture_output=True,
        text=True,
        check=True,
    )
    load, hooks = done.stdout.split()
    return float(load), float(hooks)


def main() -> None:
    parser = argparse.ArgumentParser(description="Fava's first page load with ghfund's pages.")
    parser.add_argument("--size", choices=SIZES, default="10k")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    book, _ = book_for(args.size, SIZES[args.size])
    plain, extended = book / "main.beancount", with_extension(book)
    wall: dict[str, list[float]] = {"plain": [], "ghfund": []}
    cpu: dict[str, list[float]] = {"plain": [], "ghfund": []}
    serve(plain)  # warm-up: file system cache, byte-compiled modules
    for _ in range(args.repeat):
        for name, main_file in (("plain", plain), ("ghfund", extended)):
            seconds, used, _ = serve(main_file)
            wall[name].append(seconds)
            cpu[name].append(used)
    *_, opened = serve(extended, PAGES)
    ratios = {
        kind: statistics.median(values["ghfund"]) / statistics.median(values["plain"])
        for kind, values in (("wall", wall), ("cpu", cpu))
    }
    print(f"Fava first page load, {args.size} book, {args.repeat} runs each (seconds)")
    for name, label in (("plain", "fava (no extension line)"), ("ghfund", "fava + ghfund.fava")):
        print(
            f"  {label:26} wall best {min(wall[name]):6.2f} median {statistics.median(wall[name]):6.2f}"
            f"   CPU best {min(cpu[name]):6.2f} median {statistics.median(cpu[name]):6.2f}"
        )
    verdict = "ok" if ratios["cpu"] <= 1 + TARGET else "OVER TARGET"
    print(
        f"  ratio of medians: CPU {ratios['cpu']:.3f} (target ≤ {1 + TARGET:.2f}: {verdict}), "
        f"wall {ratios['wall']:.3f} (wall time varies with the machine's load)"
    )
    load, hooks = extension_cost(extended)
    print(
        f"  in one load of the book with the line: Fava's load {load:.2f} s, of which the "
        f"extension hooks (import, pages, after_load_file) {hooks * 1000:.1f} ms ({hooks / load:.2%})"
    )
    print("First open of each ghfund page (computed on request):")
    for name, seconds in opened.items():
        print(f"  {name:28} {seconds:7.2f}")
    result: dict[str, Any] = {
        "size": args.size,
        "wall": wall,
        "cpu": cpu,
        "ratios": ratios,
        "load": load,
        "extension_hooks": hooks,
        "target": 1 + TARGET,
        "pages": opened,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"fava-{args.size}.json").write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
