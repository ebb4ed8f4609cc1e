"""Benchmark ``ghfund import vouchers`` against ``bean-check`` on the book it writes.

Writes a synthetic vendor 序时账 of N rows (per-month voucher numbering, a bank
sub-account opened by the import, earmarked lines with 项目) as xlsx and csv under
bench/out/, imports each into a fresh ``ghfund init`` book, then times
``bean-check --no-cache`` on the resulting book. The issue's target: the import
takes at most twice what bean-check takes.

    .venv/bin/python bench/import_journal.py --rows 20000
"""

from __future__ import annotations

import argparse
import csv
import datetime
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out" / "import"
ENV = {**os.environ, "BEANCOUNT_DISABLE_LOAD_CACHE": "1"}
HEADER = [
    "日期",
    "凭证字号",
    "摘要",
    "科目编码",
    "科目名称",
    "借方金额",
    "贷方金额",
    "项目",
    "附件数",
]
SPENDING = [
    ("50101", "职工教育支出"),
    ("50102", "文体活动支出"),
    ("50105", "会员活动支出"),
    ("50302", "建家活动支出"),
    ("50404", "困难职工帮扶支出"),
    ("50502", "会议支出"),
]
BANK = ("10201", "银行存款_工商银行基本户")


def journal(rows: int, seed: int = 7) -> list[list[object]]:
    """About ``rows`` rows of balanced vouchers over one year, numbered per month."""
    rng = random.Random(seed)
    out: list[list[object]] = []
    numbers: dict[int, int] = {}
    day = datetime.date(2024, 1, 1)
    per_day = max(1, rows // (365 * 3))
    while len(out) < rows:
        for _ in range(per_day):
            numbers[day.month] = numbers.get(day.month, 0) + 1
            voucher = f"记-{numbers[day.month]}"
            cents = rng.randint(100, 900000)
            amount = f"{cents // 100}.{cents % 100:02d}"
            if rng.random() < 0.3:
                share = f"{cents * 6 // 1000}.{cents * 6 // 10 % 100:02d}"
                rest = (cents - cents * 6 // 10) / 100
                out += [
                    [day, voucher, "收到拨缴经费", *BANK, amount, "", "", 1],
                    [day, voucher, "收到拨缴经费", "402", "拨缴经费收入", "", share, "", 1],
                    [day, voucher, "收到拨缴经费", "211", "应付上级经费", "", f"{rest:.2f}", "", 1],
                ]
            else:
                code, name = rng.choice(SPENDING)
                fund = "职工书屋建设" if rng.random() < 0.05 else ""
                out += [
                    [day, voucher, "支付" + name, code, name, amount, "", fund, 2],
                    [day, voucher, "支付" + name, *BANK, "", amount, "", 2],
                ]
        day += datetime.timedelta(days=1)
        if day.year > 2024:
            day = datetime.date(2024, 1, 1)  # a second pass: numbers go on from the first
    return out


def write_files(rows: list[list[object]], stem: Path) -> tuple[Path, Path]:
    import openpyxl

    stem.parent.mkdir(parents=True, exist_ok=True)
    csv_path, xlsx_path = stem.with_suffix(".csv"), stem.with_suffix(".xlsx")
    with csv_path.open("w", encoding="gbk", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["序时账"])
        writer.writerow(HEADER)
        writer.writerows([[str(cell) for cell in row] for row in rows])
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["序时账"])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(xlsx_path)
    return csv_path, xlsx_path


def tool(name: str) -> str:
    local = Path(sys.executable).parent / name
    return str(local) if local.exists() else name


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, env=ENV, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1):
        sys.exit(f"{' '.join(command)} failed ({result.returncode}):\n{result.stderr[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=2, help="bean-check runs (best is kept)")
    args = parser.parse_args()
    rows = journal(args.rows)
    seen: set[tuple[datetime.date, str]] = set()
    for row in rows:
        day, voucher = row[0], row[1]
        assert isinstance(day, datetime.date) and isinstance(voucher, str)
        seen.add((day, voucher))
    files = write_files(rows, OUT / f"journal-{len(rows)}")
    print(f"序时账 {len(rows)} 行，{len(seen)} 张凭证")
    for source in files:
        book = OUT / f"book-{source.suffix[1:]}"
        shutil.rmtree(book, ignore_errors=True)
        subprocess.run(
            [tool("ghfund"), "init", str(book), "--year", "2024"], check=True, capture_output=True
        )
        main_file = book / "main.beancount"
        seconds = timed(
            [
                tool("ghfund"),
                "import",
                "vouchers",
                str(source),
                "--ledger",
                str(main_file),
                "--to",
                str(book / "2024.beancount"),
            ]
        )
        check = min(
            timed([tool("bean-check"), "--no-cache", str(main_file)]) for _ in range(args.repeat)
        )
        print(
            f"{source.suffix[1:]:>4}: import {seconds:6.2f} s   bean-check {check:6.2f} s   "
            f"ratio {seconds / check:4.2f} (target ≤ 2.00)"
        )
    print(f"机器：{os.cpu_count()} CPU，负载 {os.getloadavg()[0]:.2f}（共享机器，数字偏慢）")


if __name__ == "__main__":
    main()
