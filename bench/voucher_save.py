"""The 记账凭证 page's two speeds on a large book, as a treasurer meets them: with Fava warm
(the book loaded, the page shown once), how long the dry run of every rule on the book
plus one voucher takes (``POST save`` with ``dry_run``), and how long a save plus the
page's refresh takes (``POST save``, then ``GET`` the page: Fava reloads the changed book).

    python bench/voucher_save.py BOOK [--repeat N]

Works on a copy of BOOK's folder (the save writes), through Fava's app in process
(Flask's test client, no sockets). Prints the median and best of N runs of each, in
seconds, as JSON. Targets (issue 27): dry run ≤ 0.5 s and save + refresh ≤ 1.5 s at 10k
transactions; quote 100k too. Not part of ``make bench``'s table; the lead runs it alone.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from fava.application import create_app


def voucher(day: datetime.date, amount: int) -> dict[str, object]:
    """A bank charge: 510 其他支出 against 10201 工商银行 (in the generated books)."""
    return {
        "date": day.isoformat(),
        "attachments": 1,
        "narration": "银行收取账户管理费（基准测试）",
        "preparer": "基准测试",
        "lines": [
            {"account": "510", "debit": f"{amount}.00"},
            {"account": "10201", "credit": f"{amount}.00"},
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("book")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    source = Path(args.book).resolve()
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "book"
        shutil.copytree(source.parent, copy)
        main = copy / source.name
        text = main.read_text(encoding="utf-8")
        if "ghfund.fava" not in text:  # the generated books have no Fava pages
            main.write_text(text + '\n2000-01-01 custom "fava-extension" "ghfund.fava"\n')
        os.environ.setdefault("GHFUND_NO_CACHE", "1")
        app = create_app([str(main)], load=True)
        client = app.test_client()
        first = client.get("/", follow_redirects=True)
        first.close()
        slug = first.request.path.strip("/").split("/")[0]
        page = f"/{slug}/extension/Vouchers/"
        if client.get(page).status_code != 200:
            raise SystemExit("the 记账凭证 page did not answer 200")
        html = client.get(page).get_data(as_text=True)
        data = html.split('id="ghfund-voucher-data">', 1)[1].split("</script>", 1)[0]
        last = datetime.date.fromisoformat(json.loads(data)["date"])
        dry, saved = [], []
        for run in range(args.repeat):
            started = time.perf_counter()
            answer = client.post(f"{page}save", json={**voucher(last, 10 + run), "dry_run": True})
            dry.append(time.perf_counter() - started)
            if answer.status_code != 200:
                raise SystemExit(f"dry run: HTTP {answer.status_code} {answer.get_json()}")
        for run in range(args.repeat):
            started = time.perf_counter()
            answer = client.post(f"{page}save", json=voucher(last, 20 + run))
            refreshed = client.get(page)
            saved.append(time.perf_counter() - started)
            if answer.status_code != 200 or refreshed.status_code != 200:
                raise SystemExit(f"save: HTTP {answer.status_code} {answer.get_json()}")
        print(
            json.dumps(
                {
                    "book": str(source),
                    "dry_run": {"median": statistics.median(dry), "best": min(dry)},
                    "save_and_refresh": {"median": statistics.median(saved), "best": min(saved)},
                }
            )
        )


if __name__ == "__main__":
    main()
