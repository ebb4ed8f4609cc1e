"""Time ``ghfund consolidate`` over many generated base-union books, with 1 and 2 workers.

    python bench/consolidate.py --books 1000 --transactions 1000 --repeat 1

Writes (once, then reuses) ``bench/out/federation-<books>x<transactions>/NNNN/main.beancount``
with bench/generate.py (a different seed per union, three years each), then runs the command
as a fresh process for each worker count, in alternation, and prints the wall times, the
speed-up of 2 workers over 1 (target ≥ 1.8 on two idle cores) and the peak resident memory
of the worker processes (psutil, sampled every 0.2 s). Results go to
``bench/out/federation-<books>x<transactions>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import generate
import psutil
from run import OUT, ROOT, tool

YEARS = 3


def books(count: int, transactions: int) -> Path:
    folder = OUT / f"federation-{count}x{transactions}"
    stamp = folder / "books.json"
    wanted = {"books": count, "transactions": transactions, "generator": generate.fingerprint()}
    if stamp.exists() and json.loads(stamp.read_text(encoding="utf-8")) == wanted:
        return folder
    print(f"generating {count} books of {transactions} transactions in {folder} …", flush=True)
    started = time.perf_counter()
    for n in range(count):
        generate.generate(folder / f"{n:04d}", transactions, years=YEARS, seed=1000 + n)
    stamp.write_text(json.dumps(wanted), encoding="utf-8")
    print(f"generated in {time.perf_counter() - started:.1f} s", flush=True)
    return folder


def run(folder: Path, year: int, workers: int) -> tuple[float, int, float]:
    """Wall seconds, exit status and the peak RSS (MiB) of any one worker process."""
    argv = (tool("ghfund"), "consolidate", str(folder), "--year", str(year))
    argv += ("--workers", str(workers), "--format", "json", "-o", os.devnull, "--force")
    env = {**os.environ, "GHFUND_NO_CACHE": "1"}
    peak = 0.0
    started = time.perf_counter()
    process = psutil.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            try:
                for child in process.children(recursive=True):
                    peak = max(peak, child.memory_info().rss / 2**20)
            except psutil.Error:
                pass
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode not in (0, 1):
        sys.exit(f"consolidate failed (exit {process.returncode}): {stderr.decode()[-400:]}")
    return elapsed, process.returncode, peak


def main() -> None:
    parser = argparse.ArgumentParser(description="ghfund consolidate on Dask: 1 vs 2 workers")
    parser.add_argument("--books", type=int, default=1000)
    parser.add_argument("--transactions", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    folder = books(args.books, args.transactions)
    year = generate.START_YEAR + YEARS - 1
    times: dict[int, list[float]] = {1: [], 2: []}
    peaks: dict[int, float] = {1: 0.0, 2: 0.0}
    for attempt in range(args.repeat):
        for workers in (1, 2):
            elapsed, status, peak = run(folder, year, workers)
            times[workers].append(elapsed)
            peaks[workers] = max(peaks[workers], peak)
            print(f"  run {attempt + 1}: {workers} worker(s) {elapsed:.1f} s (exit {status})")
    one, two = statistics.median(times[1]), statistics.median(times[2])
    print(f"\n{args.books} books × {args.transactions} transactions, median of {args.repeat}:")
    print(f"1 worker  {one:8.1f} s   peak RSS per worker process {peaks[1]:.0f} MiB")
    print(f"2 workers {two:8.1f} s   peak RSS per worker process {peaks[2]:.0f} MiB")
    print(f"speed-up {one / two:.2f} (target ≥ 1.8 on two idle cores); load {os.getloadavg()}")
    result = {
        "books": args.books,
        "transactions": args.transactions,
        "times": times,
        "peak_rss_mib": peaks,
        "speedup": one / two,
        "load_average": os.getloadavg(),
        "cpus": os.cpu_count(),
    }
    target = OUT / f"federation-{args.books}x{args.transactions}.json"
    target.write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(f"written {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
