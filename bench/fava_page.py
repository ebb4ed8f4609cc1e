"""One Fava session, for bench/run.py to time as a fresh process: load BOOK in Fava's app
(in process, through Flask's test client: no sockets), fetch Fava's first page, then the
ghfund pages named, and exit non-zero if any answer is not 200.

    python bench/fava_page.py BOOK [PAGE …]     # e.g. AnnualReport
"""

from __future__ import annotations

import os
import sys

from fava.application import create_app


def main() -> None:
    book, *pages = sys.argv[1:]
    app = create_app([os.path.abspath(book)], load=True)
    client = app.test_client()
    first = client.get("/", follow_redirects=True)
    if first.status_code != 200:
        raise SystemExit(f"Fava's first page: HTTP {first.status_code}")
    slug = first.request.path.strip("/").split("/")[0]
    for page in pages:
        answer = client.get(f"/{slug}/extension/{page}/")
        if answer.status_code != 200:
            raise SystemExit(f"{page}: HTTP {answer.status_code}")


if __name__ == "__main__":
    main()
