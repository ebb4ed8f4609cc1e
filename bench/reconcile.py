"""Time ``ghfund reconcile`` on a year of the synthetic book's bank account.

The statement is made from the book itself: every bank movement of the last year
becomes a statement line, a few days later for a third of them; one deposit in
twenty is split in the book into two or three receipts (the bank shows one line);
one line in fifty has no book entry (fees, interest), and the last week's cheques
have not cleared. The statement is written as a GBK csv with a preamble, read with
``ghfund.importers.statement.read`` and reconciled for every month of the year.
Reported: load time (Beancount and ghfund's rules), statement reading, and the
twelve months' reconciliation beyond loading: the first month builds the book's bank
items and matches the whole statement (kept for the other months), each further month
only classifies and tabulates. Wall and CPU time are both printed: on a loaded machine
CPU time is the better measure.

    .venv/bin/python bench/reconcile.py --size 10k
"""

from __future__ import annotations

import argparse
import datetime
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run

from ghfund import reconcile
from ghfund.importers import statement as statement_file
from ghfund.ledger import load_file
from ghfund.reports import reconcile_report as reconcile_report

SIZES = {"10k": 10_000, "100k": 100_000}


def statement_text(items: list[reconcile.Item], year: int, rng: random.Random) -> str:
    """A bank's statement of ``items`` (the book's movements), as the bank would list them."""
    lines: list[tuple[datetime.date, Decimal, str]] = []
    opening = sum((item.amount for item in items if item.date.year < year), Decimal(0))
    this_year = [item for item in items if item.date.year == year]
    merged = split = 0
    for index, item in enumerate(this_year):
        if item.date > datetime.date(year, 12, 24) and item.amount < 0:
            continue  # cheques not presented by the year's end
        shift = rng.choice((0, 0, 1, 2, 3))
        day = item.date + datetime.timedelta(days=shift)
        before = this_year[index - 1] if index else None
        if (
            before is not None
            and lines
            and before.amount > 0
            and item.amount > 0
            and (item.date - before.date).days <= 2
            and rng.random() < 0.2
        ):
            # one deposit of two receipts
            lines[-1] = (max(lines[-1][0], day), lines[-1][1] + item.amount, "现金存入")
            merged += 1
            continue
        if item.amount < -100 and rng.random() < 0.05:
            part = (item.amount * Decimal("0.6")).quantize(Decimal("0.01"))
            lines.append((day, part, item.narration))
            lines.append((day, item.amount - part, item.narration))  # paid in two transfers
            split += 1
            continue
        lines.append((day, item.amount, item.narration))
    print(
        f"statement lines joining two book receipts: {merged}; book payments split in two: {split}"
    )
    for month in range(1, 13):
        lines.append((datetime.date(year, month, 20), Decimal("2.50"), "结息"))
        lines.append((datetime.date(year, month, 21), Decimal("-10.00"), "账户管理费"))
    lines.sort(key=lambda line: line[0])
    rows = [
        "中国工商银行 账户明细",
        "账号:,6222020200001234567",
        "户名:,合成工会",
        "凭证号,交易日期,借方发生额,贷方发生额,余额,摘要",
    ]
    balance = opening
    for number, (day, amount, summary) in enumerate(lines, start=1):
        balance += amount
        out, into = (f"{-amount:.2f}", "") if amount < 0 else ("", f"{amount:.2f}")
        text = summary.replace(",", " ")[:20]
        rows.append(f"S{number:07d},{day:%Y%m%d},{out},{into},{balance:.2f},{text}")
    rows.append("合计,,,,,")
    return "\n".join(rows) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="10k")
    args = parser.parse_args(argv)
    path, _ = run.book_for(args.size, SIZES[args.size])
    started = time.perf_counter()
    loaded = load_file(path / "main.beancount")
    loading = time.perf_counter() - started
    names = reconcile.accounts(loaded.book, "102")
    items = list(reconcile.items(loaded.book, names))
    year = items[-1].date.year
    text = statement_text(items, year, random.Random(2025))
    target = path / f"statement-{year}.csv"
    target.write_bytes(text.encode("gbk"))
    started = time.perf_counter()
    statement = statement_file.read(target.name, target.read_bytes())
    reading = time.perf_counter() - started
    outcome = []
    timings = []  # (wall, cpu) of each month
    for month in range(1, 13):
        wall, cpu = time.perf_counter(), time.process_time()
        result = reconcile.report(loaded, statement, "102", datetime.date(year, month, 1))
        timings.append((time.perf_counter() - wall, time.process_time() - cpu))
        outstanding = sum(len(t.rows) for t in result.tables[1:])
        outcome.append((month, outstanding, not result.problems))
    book_year = sum(1 for item in items if item.date.year == year)
    print(f"book: {path} ({len(loaded.book.transactions)} transactions)")
    print(f"bank account {', '.join(names)}: {book_year} movements in {year}")
    print(f"statement: {len(statement.lines)} lines")
    print(f"load (Beancount + ghfund rules): {loading:.2f} s")
    print(f"read statement:                  {reading:.2f} s")
    first, rest = timings[0], timings[1:]
    print(f"first month (book items, matching, table): {first[0]:.2f} s wall, {first[1]:.2f} s CPU")
    print(
        f"each further month (table only):          {max(t[0] for t in rest):.2f} s wall at most, "
        f"{max(t[1] for t in rest):.2f} s CPU at most"
    )
    print(
        f"twelve months:                             {sum(t[0] for t in timings):.2f} s wall, "
        f"{sum(t[1] for t in timings):.2f} s CPU"
    )
    for month, outstanding, agree in outcome:
        print(
            f"  {year}-{month:02d}: {outstanding} outstanding items, {'agree' if agree else 'DIFFER'}"
        )


if __name__ == "__main__":
    main()
