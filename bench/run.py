"""Time Beancount alone against Beancount with ghfund's rules, and ghfund's own commands.

    python bench/run.py --size 100k --repeat 3
    python bench/run.py --transactions 25000
    python bench/run.py --size 100k --profile

Each command runs K times as a fresh subprocess with BEANCOUNT_DISABLE_LOAD_CACHE=1, after
one untimed warm-up run; the table gives the best and the median, the ratio to Beancount
alone (a) and the overhead of ghfund's rules ((b)-(a))/(a), and is written as JSON to
``bench/out/results-<size>.json``. A ghfund command that does not exist yet (a usage error,
or a CLI that cannot be imported) is shown as "not available yet". ``--profile`` instead runs
the plugin in this process under cProfile and prints the ghfund functions that cost most.
The book is generated (bench/generate.py) when missing or written by another generator.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import json
import os
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import generate

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
SIZES = {"10k": 10_000, "100k": 100_000}
NOT_AVAILABLE = "not available yet"
# Every command as a user runs it: Python keeps compiled bytecode (a machine that sets
# PYTHONDONTWRITEBYTECODE would otherwise compile ghfund's sources on every run, ~0.1 s,
# while Beancount's and pandas' were compiled when pip installed them).
ENV = {
    **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    "BEANCOUNT_DISABLE_LOAD_CACHE": "1",
}
TRACEBACK = "Traceback (most recent call last)"
IMPORT_TIMER = (
    "import time, beancount.loader; started = time.perf_counter(); "
    "import ghfund.plugins.all; print(time.perf_counter() - started)"
)


@dataclass(frozen=True)
class Case:
    row: str  # a, b, c, …; a "w" suffix: the same command answered from the results cache
    argv: tuple[str, ...]
    shown: str  # the command as printed, with short paths
    optional: bool  # a ghfund command that may not exist yet
    env: tuple[tuple[str, str], ...] = ()  # added to ENV
    target: tuple[str, float] | None = None  # (base row, allowed ratio to it)
    page: str = ""  # time this Fava page's own answer (bench/fava_page.py), not the process
    limit: float | None = None  # allowed seconds (for a page's own time)


@dataclass
class Outcome:
    row: str
    command: str
    status: str = "ok"  # ok | not available yet | failed (exit N)
    times: list[float] = field(default_factory=list)
    exits: list[int] = field(default_factory=list)
    note: str = ""

    @property
    def best(self) -> float | None:
        return min(self.times) if self.times else None

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times else None


def tool(name: str) -> str:
    """The console script ``name`` next to this interpreter (the venv's), else on PATH."""
    beside = Path(sys.executable).with_name(name)
    return str(beside) if beside.exists() else shutil.which(name) or name


def book_for(label: str, transactions: int) -> tuple[Path, dict[str, Any]]:
    """The generated book ``bench/out/<label>``, (re)generated when missing or stale."""
    path = OUT / label
    stamp = path / "book.json"
    if stamp.exists():
        description: dict[str, Any] = json.loads(stamp.read_text(encoding="utf-8"))
        if (
            description.get("transactions") == transactions
            and description.get("generator") == generate.fingerprint()
        ):
            return path, description
    print(f"generating {path} ({transactions} transactions) …", flush=True)
    started = time.perf_counter()
    description = generate.generate(path, transactions, years=10, seed=2016)
    print(f"generated in {time.perf_counter() - started:.2f} s", flush=True)
    return path, description


EXTENSION = '2016-01-01 custom "fava-extension" "ghfund.fava"\n'


def with_extension(book: Path) -> Path:
    """``main-fava.beancount``: the book's main file plus the extension line."""
    main = (book / "main.beancount").read_text(encoding="utf-8")
    path = book / "main-fava.beancount"
    path.write_text(
        main.replace('plugin "ghfund.plugins.all"\n', f'plugin "ghfund.plugins.all"\n{EXTENSION}'),
        encoding="utf-8",
    )
    return path


def cases(book: Path, year: int) -> list[Case]:
    """The commands, cold (no results cache) and warm (answered from it), side by side."""
    main, bare = str(book / "main.beancount"), str(book / "main-noplugin.beancount")
    fava = str(with_extension(book))
    bean_check, ghfund = tool("bean-check"), tool("ghfund")
    report = ("report", "--year", str(year))
    cold = (("GHFUND_NO_CACHE", "1"),)
    # beside the book's folder, not in it: the folder's listing is part of the book's digest,
    # so a cache folder appearing in it would turn the first warm answer stale
    warm = (("GHFUND_CACHE_DIR", str(book.parent / f"{book.name}-cache")),)
    page = (sys.executable, str(ROOT / "bench" / "fava_page.py"))
    rows: list[Case] = [
        Case("a", (bean_check, "--no-cache", bare), "bean-check --no-cache main-noplugin", False),
        Case(
            "b",
            (bean_check, "--no-cache", main),
            "bean-check --no-cache main (plugin)",
            False,
            target=("a", 1.10),
        ),
    ]
    ghfund_rows = [
        ("c", ("check", main), "ghfund check main", None),
        ("d", (*report, main, "--format", "json", "-o", os.devnull), "ghfund report json", 1.15),
        ("e", (*report, main, "--format", "xlsx", "-o", os.devnull), "ghfund report xlsx", None),
        ("f", (*report, main, "--format", "pdf", "-o", os.devnull), "ghfund report pdf", None),
        (
            "m",
            ("report", "--month", f"{year}-12", main, "--format", "json", "-o", os.devnull),
            "ghfund report --month json",
            1.15,
        ),
        (
            "g",
            ("audit", "--year", str(year), main, "--format", "json"),
            "ghfund audit --year",
            None,
        ),
        (
            "t",
            ("books", "trial", "--year", str(year), main, "--format", "json", "-o", os.devnull),
            "ghfund books trial json",
            1.15,
        ),
    ]
    for row, args, shown, limit in ghfund_rows:
        rows.append(
            Case(
                row, (ghfund, *args), f"{shown} (cold)", True, cold, ("a", limit) if limit else None
            )
        )
        if row in ("c", "d", "g"):
            rows.append(
                Case(f"{row}w", (ghfund, *args), f"{shown} (warm)", True, warm, ("a", 0.10))
            )
    rows += [
        Case("h", (*page, main), "Fava first page, no extension", False, cold),
        Case("i", (*page, fava), "Fava first page, ghfund pages on", False, cold, ("h", 1.10)),
        Case("j", (*page, fava, "AnnualReport"), "… then 年度报表 (cold)", False, cold),
        Case("jw", (*page, fava, "AnnualReport"), "… then 年度报表 (warm)", False, warm),
    ]
    # a page's own answer (in-process, from request to response), its first open in a Fava
    # just started: at once, or while the user reads the first page (ghfund's warm-up done)
    for row, name, pause, shown in (
        ("p", "AnnualReport", "0", "年度报表 page itself, at once (cold)"),
        ("pw", "AnnualReport", "0", "年度报表 page itself, at once (warm)"),
        ("q", "AnnualReport", "3", "年度报表 page itself, 3 s after (cold)"),
        ("r", "DepartureAudit", "3", "离任审计 page itself, 3 s after (cold)"),
        ("s", "Ledgers", "3", "账簿 page itself, 3 s after (cold)"),
    ):
        argv = (*page, fava, "--pause", pause, name)
        env = warm if row.endswith("w") else cold
        rows.append(Case(row, argv, shown, False, env, page=name, limit=0.5))
    return rows


def run_once(
    argv: tuple[str, ...], env: tuple[tuple[str, str], ...] = ()
) -> tuple[float, int, str, str]:
    """Wall time, exit status, stdout and stderr of one fresh run."""
    started = time.perf_counter()
    try:
        done = subprocess.run(
            argv, env={**ENV, **dict(env)}, cwd=ROOT, capture_output=True, text=True, check=False
        )
    except FileNotFoundError as error:
        return time.perf_counter() - started, 127, "", f"{error.strerror}: {argv[0]}"
    return time.perf_counter() - started, done.returncode, done.stdout, done.stderr


def reason(stderr: str) -> str:
    """The line of stderr that says what went wrong: a traceback's last, else the first."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    if not lines:
        return ""
    return (lines[-1] if TRACEBACK in stderr else lines[0])[:160]


def problem(case: Case, exit_status: int, stderr: str) -> str | None:
    """Why a run cannot be timed, or None. Exit 1 is a normal outcome: errors or findings."""
    if exit_status in (0, 1) and TRACEBACK not in stderr:
        return None
    missing = reason(stderr).startswith(("ImportError", "ModuleNotFoundError"))
    if case.optional and (exit_status in (2, 127) or missing):
        return NOT_AVAILABLE
    return f"failed (exit {exit_status})"


def measure(cases: list[Case], repeat: int, warmup: int) -> dict[str, Outcome]:
    """Run the commands in rounds, one run of each per round, so that a change in the
    machine's load affects every command alike; the warm-up rounds are not timed."""
    outcomes = {case.row: Outcome(case.row, case.shown) for case in cases}
    for attempt in range(warmup + repeat):
        label = "warm-up" if attempt < warmup else f"run {attempt - warmup + 1}/{repeat}"
        print(f"  {label}:", end="", flush=True)
        for case in cases:
            if outcomes[case.row].status == "ok":
                elapsed = record(case, outcomes[case.row], timed=attempt >= warmup)
                print(f" ({case.row}) {seconds(elapsed)} s", end="", flush=True)
        print()
    return outcomes


def record(case: Case, outcome: Outcome, timed: bool) -> float | None:
    """Run ``case`` once into ``outcome``; None when it cannot be timed."""
    elapsed, exit_status, stdout, stderr = run_once(case.argv, case.env)
    trouble = problem(case, exit_status, stderr)
    if not trouble and case.page:
        elapsed = json.loads(stdout)[case.page]
    if trouble:
        outcome.status, outcome.note = trouble, reason(stderr)
        outcome.times.clear()
        outcome.exits.clear()
        return None
    if exit_status and not outcome.note:
        outcome.note = f"exit {exit_status}: {reason(stderr) or 'findings'}"
    if timed:
        outcome.times.append(elapsed)
        outcome.exits.append(exit_status)
    return elapsed


def summary(outcomes: dict[str, Outcome], chosen: list[Case]) -> dict[str, dict[str, Any]]:
    """Each row with a target: its ratio to its base row (best, median, and the median of the
    rounds' own ratios) and the verdict, on the paired median: this machine's speed drifts by
    10-20 % over minutes, and a round runs each row next to its base row."""
    result = {}
    for case in chosen:
        if case.limit is not None:
            median = outcomes[case.row].median
            result[case.row] = {
                "base": "",
                "best": outcomes[case.row].best,
                "median": median,
                "paired": None,
                "target": case.limit,
                "met": None if median is None else median <= case.limit,
            }
        if case.target is None:
            continue
        base, limit = case.target
        paired = paired_ratio(outcomes[case.row], outcomes[base])
        result[case.row] = {
            "base": base,
            "best": ratio(outcomes[case.row], outcomes[base], "best"),
            "median": ratio(outcomes[case.row], outcomes[base], "median"),
            "paired": paired,
            "target": limit,
            "met": None if paired is None else paired <= limit,
        }
    return result


def paired_ratio(outcome: Outcome, base: Outcome) -> float | None:
    """The median, over the timed rounds, of the row's time over its base row's time."""
    if not outcome.times or len(outcome.times) != len(base.times) or not all(base.times):
        return None
    return statistics.median(
        value / reference for value, reference in zip(outcome.times, base.times, strict=True)
    )


def ratio(outcome: Outcome, base: Outcome, which: str) -> float | None:
    value, reference = getattr(outcome, which), getattr(base, which)
    return None if value is None or not reference else value / reference


def seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:+.1%}"


def print_table(outcomes: dict[str, Outcome], overheads: dict[str, dict[str, Any]]) -> None:
    base = outcomes["a"].best
    width = max(len(outcome.command) for outcome in outcomes.values())
    print(f"\n{'':4}{'command':{width}}  {'best s':>8}  {'median s':>8}  {'× (a)':>6}  exit")
    for outcome in outcomes.values():
        line = f"({outcome.row}) {outcome.command:{width}}  "
        if outcome.status != "ok":
            print(line + outcome.status + (f" — {outcome.note}" if outcome.note else ""))
            continue
        ratio = f"{outcome.best / base:.2f}" if base and outcome.best is not None else "-"
        exits = ",".join(str(code) for code in sorted(set(outcome.exits)))
        print(
            line + f"{seconds(outcome.best):>8}  {seconds(outcome.median):>8}  {ratio:>6}  {exits}"
        )
    print()
    for row, values in overheads.items():
        verdict = {True: "met", False: "NOT met", None: "not measured"}[values["met"]]
        if not values["base"]:
            print(
                f"({row}) {seconds(values['median'])} s median ({seconds(values['best'])} s "
                f"best); target ≤ {values['target']:.2f} s: {verdict}"
            )
            continue
        best, median, paired = (
            "n/a" if values[key] is None else f"{values[key]:.2f}"
            for key in ("best", "median", "paired")
        )
        print(
            f"({row}) / ({values['base']}): {paired} paired median "
            f"({best} best, {median} median); target ≤ {values['target']:.2f}: {verdict}"
        )
    notes = [f"({o.row}) {o.note}" for o in outcomes.values() if o.status == "ok" and o.note]
    for note in notes:
        print(f"note: {note}")


def versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for package in ("beancount", "ghfund"):
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = "not installed"
    return found


def benchmark(
    label: str,
    book: Path,
    description: dict[str, Any],
    args: argparse.Namespace,
) -> dict[str, Outcome]:
    print(
        f"book {book}: {description['transactions']} transactions, "
        f"{description['first_year']}–{description['last_year']}; "
        f"best and median of {args.repeat} after {args.warmup} warm-up run(s)",
        flush=True,
    )
    chosen = cases(book, description["last_year"])
    outcomes = measure(chosen, args.repeat, args.warmup)
    overheads = summary(outcomes, chosen)
    print_table(outcomes, overheads)
    results = {
        "size": label,
        "book": str(book.relative_to(ROOT)),
        "transactions": description["transactions"],
        "years": [description["first_year"], description["last_year"]],
        "repeat": args.repeat,
        "warmup": args.warmup,
        "when": datetime.datetime.now().isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "load_average": [round(load, 2) for load in os.getloadavg()],
            "platform": platform.platform(),
            **versions(),
        },
        "rows": [asdict(o) | {"best": o.best, "median": o.median} for o in outcomes.values()],
        "ratios": overheads,
    }
    target = OUT / f"results-{label}.json"
    target.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten {target.relative_to(ROOT)}")
    return outcomes


def profile(label: str, book: Path, top: int) -> None:
    """Run ghfund.plugins.all in this process under cProfile; print the costliest ghfund code.

    What the plugin adds to a load is its import (timed in a fresh interpreter) and its run.
    """
    os.environ["BEANCOUNT_DISABLE_LOAD_CACHE"] = "1"
    from beancount import loader

    from ghfund.plugins import all as plugin

    started = time.perf_counter()
    entries, errors, options_map = loader.load_file(str(book / "main-noplugin.beancount"))
    loaded = time.perf_counter() - started
    profiler = cProfile.Profile()
    started = time.perf_counter()
    _, findings = profiler.runcall(plugin.check_all, entries, options_map)
    profiled = time.perf_counter() - started
    started = time.perf_counter()
    plugin.check_all(entries, options_map)
    plain = time.perf_counter() - started
    imported = subprocess.run(
        (sys.executable, "-c", IMPORT_TIMER), env=ENV, capture_output=True, text=True, check=True
    ).stdout
    print(
        f"Beancount load without the plugin: {loaded:.2f} s ({len(entries)} entries, "
        f"{len(errors)} errors)"
    )
    print(f"import ghfund.plugins.all (fresh interpreter): {float(imported):.2f} s")
    print(
        f"ghfund.plugins.all: {plain:.2f} s (second run), {profiled:.2f} s under cProfile; "
        f"{len(findings)} open findings"
    )
    print_profile(pstats.Stats(profiler), top, profiled)
    dump = OUT / f"profile-{label}.prof"
    profiler.dump_stats(dump)
    print(f"\nfull profile: {dump.relative_to(ROOT)} (python -m pstats, or snakeviz)")


def ghfund_dirs() -> tuple[str, ...]:
    """Where ghfund's code lives: the core, the plugins and the reports packages."""
    import ghfund
    import ghfund.plugins
    import ghfund.reports

    modules = (ghfund, ghfund.plugins, ghfund.reports)
    return tuple(str(Path(str(module.__file__)).parent) + os.sep for module in modules)


def print_profile(stats: pstats.Stats, top: int, total: float) -> None:
    dirs = ghfund_dirs()
    rows = [
        (key, value)
        for key, value in stats.stats.items()  # type: ignore[attr-defined]
        if key[0].startswith(dirs)
    ]
    rows.sort(key=lambda row: row[1][3], reverse=True)
    print(f"\ntop {top} ghfund functions by cumulative time")
    print(f"{'calls':>9}  {'own s':>7}  {'cum s':>7}  {'cum %':>6}  function")
    for (filename, line, function), (_, calls, own, cumulative, _) in rows[:top]:
        where = os.path.relpath(filename, ROOT)
        print(
            f"{calls:>9}  {own:>7.3f}  {cumulative:>7.3f}  {cumulative / total:>6.1%}  "
            f"{where}:{line}({function})"
        )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="ghfund benchmark: Beancount vs ghfund.")
    size = parser.add_mutually_exclusive_group()
    size.add_argument(
        "--size",
        default="10k,100k",
        help="standard books, comma-separated: 10k, 100k (both, and their scaling)",
    )
    size.add_argument("--transactions", type=int, help="a book of exactly N transactions")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per command (3)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs first (1)")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="profile the plugin in-process instead of timing commands",
    )
    parser.add_argument("--top", type=int, default=25, help="functions shown by --profile")
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.warmup < 0:
        parser.error("--repeat must be at least 1 and --warmup at least 0")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.transactions:
        labels = [
            next(
                (n for n, count in SIZES.items() if count == args.transactions),
                str(args.transactions),
            )
        ]
        counts = {labels[0]: args.transactions}
    else:
        labels = [label.strip() for label in args.size.split(",") if label.strip()]
        unknown = [label for label in labels if label not in SIZES]
        if unknown:
            raise SystemExit(f"unknown --size {', '.join(unknown)}: choose from {', '.join(SIZES)}")
        counts = {label: SIZES[label] for label in labels}
    measured: dict[str, dict[str, Outcome]] = {}
    for label in labels:
        book, description = book_for(label, counts[label])
        if args.profile:
            profile(label, book, args.top)
        else:
            measured[label] = benchmark(label, book, description, args)
    if len(measured) == 2:
        print_scaling(*measured.items())


def print_scaling(
    small: tuple[str, dict[str, Outcome]], large: tuple[str, dict[str, Outcome]]
) -> None:
    """Per command, the larger book's best time over the smaller's (near the size ratio for
    linear work)."""
    (small_label, few), (large_label, many) = small, large
    print(f"\nscaling, best {large_label} ÷ best {small_label}:")
    for row, outcome in many.items():
        other = few.get(row)
        if outcome.best is None or other is None or not other.best:
            continue
        print(f"({row}) {outcome.command}: {outcome.best / other.best:.1f}")


if __name__ == "__main__":
    main()
