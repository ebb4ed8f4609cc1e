"""The 经审检查 page's PDF for a book with thousands of findings (issue 30: 40 s for 3,126
findings before the PDF printed the first 500 in full and the rest counted by rule).

    python bench/checks_pdf.py [FINDINGS]      # default 3126

Writes a book of FINDINGS payments without a voucher number (a ``voucher-missing`` finding
each) under bench/out/checks-pdf, opens it in Fava's app (Flask's test client, no sockets),
and prints the seconds of the PDF and xlsx downloads as JSON; exits non-zero unless both
answer 200.
"""

from __future__ import annotations

import datetime
import json
import logging
import sys
import time
from pathlib import Path

from fava.application import create_app

HEAD = """option "title" "多发现"
option "operating_currency" "CNY"
2025-01-01 custom "fava-extension" "ghfund.fava"
2025-01-01 custom "ghfund-option" "union-name" "测试工会"
2025-01-01 open Assets:101-库存现金 CNY
2025-01-01 open Expenses:501-职工活动支出 CNY
"""


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 3126
    folder = Path(__file__).parent / "out" / "checks-pdf"
    folder.mkdir(parents=True, exist_ok=True)
    start = datetime.date(2025, 1, 2)
    payments = [
        f'{start + datetime.timedelta(days=n % 360)} * "活动{n}"\n'
        f"  Expenses:501-职工活动支出  {10 + n % 50}.00 CNY\n  Assets:101-库存现金\n"
        for n in range(count)
    ]
    book = folder / "main.beancount"
    book.write_text(HEAD + "".join(payments), encoding="utf-8")
    logging.disable(logging.CRITICAL)
    client = create_app([str(book.resolve())], load=True).test_client()
    times = {}
    for fmt in ("pdf", "xlsx"):
        started = time.perf_counter()
        answer = client.get(f"/多发现/extension/Checks/{fmt}")
        times[fmt] = round(time.perf_counter() - started, 2)
        if answer.status_code != 200:
            raise SystemExit(f"{fmt}: HTTP {answer.status_code}")
    print(json.dumps({"findings": count, **times}))


if __name__ == "__main__":
    main()
