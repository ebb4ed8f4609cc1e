"""What Fava's ghfund pages take from Fava's own load: the plugin's findings and Book, not a
second run of the rules; and what the pages show from the results cache across restarts,
never for a book other than the one Fava loaded."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import pytest
from fava.application import create_app
from fava.core import FavaLedger

from ghfund.fava.session import Session, session_of
from ghfund.ledger import default_ledger
from ghfund.reports.balances import Sums, sums_of
from tests.support import fresh_fava_process, ghfund_part

REPORT_PAGES = ("AnnualReport", "BudgetExecution", "DepartureAudit", "Funding", "Ledgers")


def test_the_pages_take_the_plugins_findings_and_book(monkeypatch: pytest.MonkeyPatch) -> None:
    ledger = FavaLedger(str(default_ledger()))
    from ghfund.plugins import all as ghfund_rules

    def never(*args: object) -> None:
        raise AssertionError("the rules ran a second time")

    monkeypatch.setattr(ghfund_rules, "run", never)
    session = Session(ledger)
    assert session.findings.open == ()  # taken from the load: run() would have raised
    assert session.book.transactions  # the plugin's Book, built while Fava loaded


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    """A copy of the example book (which enables the plugin and the pages), free to edit."""
    shutil.copytree(default_ledger().parent, tmp_path / "book")
    return tmp_path / "book" / "main.beancount"


def fresh_fava(main: Path, *pages: str) -> dict[str, str]:
    """What a newly started Fava shows on ``pages`` (in this process)."""
    client = create_app([str(main)], load=True, poll_watcher=True).test_client()
    slug = client.get("/", follow_redirects=True).request.path.strip("/").split("/")[0]
    return {
        page: ghfund_part(client.get(f"/{slug}/extension/{page}/").get_data(as_text=True))
        for page in pages
    }


def test_a_page_opened_again_after_a_restart_imports_no_pandas(example_copy: Path) -> None:
    first = fresh_fava(example_copy, *REPORT_PAGES)  # computes them: the cache is filled
    again = fresh_fava_process(example_copy, *REPORT_PAGES)
    assert again["loaded"] == []  # nothing heavy while Fava loads the book, the plugin included
    for page in REPORT_PAGES:
        html, heavy = again[page]
        assert heavy == [], page  # the page was read back as plain values
        assert ghfund_part(html) == first[page]
        assert "编制单位：江淮精密机械有限公司工会委员会" in html


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "old", "new"),
    [
        (
            "main.beancount",
            '"union-name" "江淮精密机械有限公司工会委员会"',
            '"union-name" "江淮精密"',
        ),
        (
            "2025.beancount",
            "50703-专用设备购置                 8460.00",
            "50702-办公设备购置                 8460.00",
        ),
    ],
    ids=["main-file", "included-file"],
)
def test_the_cached_page_follows_every_change_of_the_book(
    example_copy: Path, monkeypatch: pytest.MonkeyPatch, name: str, old: str, new: str
) -> None:
    before = fresh_fava(example_copy, "AnnualReport")["AnnualReport"]
    edit(example_copy.parent / name, old, new)
    after = fresh_fava(example_copy, "AnnualReport")["AnnualReport"]
    monkeypatch.setenv("GHFUND_NO_CACHE", "1")
    computed = fresh_fava(example_copy, "AnnualReport")["AnnualReport"]
    assert after != before and after == computed  # what the new book gives, not the old page


def test_a_running_fava_shows_the_book_it_reloaded(example_copy: Path) -> None:
    app = create_app([str(example_copy)], load=True, poll_watcher=True)
    client = app.test_client()
    slug = client.get("/", follow_redirects=True).request.path.strip("/").split("/")[0]
    page = f"/{slug}/extension/AnnualReport/"
    assert "编制单位：江淮精密机械有限公司工会委员会" in client.get(page).get_data(as_text=True)
    edit(example_copy, '"union-name" "江淮精密机械有限公司工会委员会"', '"union-name" "江淮精密"')
    app.config["LEDGERS"][slug].load_file()  # what Fava does when it sees the file change
    html = client.get(page).get_data(as_text=True)
    assert "编制单位：江淮精密<" in html and "编制单位：江淮精密机械" not in html


def test_a_file_written_after_favas_load_keeps_the_pages_out_of_the_cache(
    example_copy: Path,
) -> None:
    """Until Fava reloads, its entries are not what the files now hold: nothing may be stored
    under (or read for) the new files' digest."""
    ledger = FavaLedger(str(example_copy))
    assert session_of(ledger).digest is not None
    later = FavaLedger(str(example_copy))
    edit(example_copy.parent / "2025.beancount", "242.06", "242.07")
    moment = time.time_ns() + 2_000_000_000  # surely after the load, whatever the clock's grain
    os.utime(example_copy.parent / "2025.beancount", ns=(moment, moment))
    assert session_of(later).digest is None


def test_a_new_load_is_warmed_up_once_its_first_page_is_answered(
    example_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After the first answer, pandas and the report sums are prepared in the background
    (the pages then show what they show without it); on a book whose pages are already in
    the results cache there is nothing to prepare."""
    computed = fresh_fava(example_copy, *REPORT_PAGES)  # fills this test's results cache
    filled = os.environ["GHFUND_CACHE_DIR"]
    monkeypatch.setenv("GHFUND_CACHE_DIR", str(tmp_path / "empty-cache"))
    warmed = fresh_fava_process(example_copy, *REPORT_PAGES)
    assert warmed["loaded"] == ["pandas", "numpy"]  # prepared before any ghfund page
    for page in REPORT_PAGES:
        assert ghfund_part(warmed[page][0]) == computed[page]
    monkeypatch.setenv("GHFUND_CACHE_DIR", filled)
    assert fresh_fava_process(example_copy, "AnnualReport")["loaded"] == []


def test_the_warm_up_prepares_the_sums_of_the_load_it_was_started_for(
    example_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ghfund.fava import session as sessions

    started: list[threading.Thread] = []

    def start(ledger: FavaLedger) -> None:  # the threads started, whether or not still alive
        thread = threading.Thread(target=sessions._warm, args=(ledger,), name="ghfund-warm")
        started.append(thread)
        thread.start()

    monkeypatch.setattr(sessions, "_start_warming", start)
    app = create_app([str(example_copy)], load=True, poll_watcher=True)
    client = app.test_client()
    first = client.get("/", follow_redirects=True)
    slug = first.request.path.strip("/").split("/")[0]
    first.close()  # what a server does once the answer is sent
    assert len(started) == 1
    started[0].join()
    computed: list[object] = []
    monkeypatch.setattr(Sums, "of", lambda *args: computed.append(args))
    session = session_of(app.config["LEDGERS"][slug])
    assert sums_of(session.book).closed(2025)  # the warm-up's sums: nothing computed now
    assert computed == []
    second = client.get(f"/{slug}/income_statement/")
    second.close()  # a second request on the same load starts nothing
    assert len(started) == 1
