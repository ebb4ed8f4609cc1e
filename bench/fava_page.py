"""One Fava session, for bench/run.py to time as a fresh process: load BOOK in Fava's app
(in process, through Flask's test client: no sockets), fetch Fava's first page, then the
ghfund pages named; print each page's own time (seconds, JSON) and exit non-zero if any
answer is not 200.

    python bench/fava_page.py BOOK [--pause SECONDS] [PAGE …]     # e.g. AnnualReport

The first answer is closed as a server closes it once sent (ghfund then warms the new load
up in the background); ``--pause`` waits that long before the pages, as a user reading the
first page would.
"""

from __future__ import annotations

import json
import os
import sys
import time

from fava.application import create_app


def main() -> None:
    book, *pages = sys.argv[1:]
    pause = 0.0
    if pages[:1] == ["--pause"]:
        pause, pages = float(pages[1]), pages[2:]
    app = create_app([os.path.abspath(book)], load=True)
    client = app.test_client()
    first = client.get("/", follow_redirects=True)
    if first.status_code != 200:
        raise SystemExit(f"Fava's first page: HTTP {first.status_code}")
    first.close()
    time.sleep(pause)
    slug = first.request.path.strip("/").split("/")[0]
    times = {}
    for page in pages:
        started = time.perf_counter()
        answer = client.get(f"/{slug}/extension/{page}/")
        times[page] = time.perf_counter() - started
        if answer.status_code != 200:
            raise SystemExit(f"{page}: HTTP {answer.status_code}")
    print(json.dumps(times))


if __name__ == "__main__":
    main()
