"""What tests share besides fixtures: golden-file comparison and the project's paths.

Test modules import from here (or use the fixtures in conftest.py), never from
each other.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ghfund.reports.model import Report

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"

SUFFIX = {"text": "txt", "json": "json", "csv": "csv", "html": "html", "xlsx": "xlsx.json"}


def xlsx_cells(data: bytes) -> str:
    """Every sheet's cell values, one JSON row per line: how an xlsx golden file compares."""
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheets = [
        f"{json.dumps(sheet.title, ensure_ascii=False)}: [\n"
        + ",\n".join(
            "  " + json.dumps([cell.value for cell in row], ensure_ascii=False, default=_when)
            for row in sheet.iter_rows()
        )
        + "\n ]"
        for sheet in workbook.worksheets
    ]
    text = "{\n " + ",\n ".join(sheets) + "\n}\n"
    assert json.loads(text)  # still JSON, for anyone reading it with a tool
    return text


def _when(value: object) -> str:
    """A date cell (openpyxl reads it as a datetime at midnight), told from a text cell."""
    if isinstance(value, datetime.datetime):
        when = value.date() if value.time() == datetime.time() else value
        return f"date:{when.isoformat()}"
    raise TypeError(f"not JSON: {value!r}")


def as_golden(data: bytes, fmt: str) -> str:
    """A rendered report as its golden file holds it: xlsx as cell values, text as text."""
    if fmt == "xlsx":
        return xlsx_cells(data)
    return data.decode("utf-8-sig" if fmt == "csv" else "utf-8")


class Golden:
    """Compare with a golden file under tests/golden, or rewrite it under --update-golden."""

    def __init__(self, update: bool) -> None:
        self.update = update

    def __call__(self, name: str, text: str) -> None:
        """``text`` against tests/golden/``name``."""
        path = GOLDEN / name
        if self.update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))
        assert path.exists(), f"no golden file {name}: run pytest --update-golden"
        assert text == path.read_bytes().decode("utf-8"), f"differs from golden file {name}"

    def report(self, name: str, report: Report, fmt: str) -> None:
        """``report`` rendered as ``fmt`` against tests/golden/``name``.<suffix of fmt>."""
        from ghfund.reports.render import FORMATS

        out = io.BytesIO()
        FORMATS[fmt](report, out)
        self(f"{name}.{SUFFIX[fmt]}", as_golden(out.getvalue(), fmt))


HEAVY = ("pandas", "numpy", "openpyxl")  # what a page read back from the cache must not import

_FRESH_FAVA = """
import json, sys, threading
from fava.application import create_app

client = create_app([sys.argv[1]], load=True, poll_watcher=True).test_client()
first = client.get("/", follow_redirects=True)
first.close()  # as a server does once the answer is sent: ghfund may warm the book up now
for thread in threading.enumerate():
    if thread.name == "ghfund-warm":
        thread.join()
slug = first.request.path.strip("/").split("/")[0]
heavy = sys.argv[2].split(",")
shown = {"loaded": [name for name in heavy if name in sys.modules]}
for page in sys.argv[3:]:
    html = client.get(f"/{slug}/extension/{page}/").get_data(as_text=True)
    shown[page] = [html, [name for name in heavy if name in sys.modules]]
print(json.dumps(shown))
"""


def fresh_fava_process(main: Path, *pages: str) -> dict[str, Any]:
    """Fava started anew in a process of its own (a restart, with this test's results cache):
    ``"loaded"``, the ``HEAVY`` modules imported once the book is loaded and the first page
    answered (and ghfund's warm-up after it done), and for each page its HTML and the
    ``HEAVY`` modules imported once it was shown."""
    run = subprocess.run(
        [sys.executable, "-c", _FRESH_FAVA, str(main), ",".join(HEAVY), *pages],
        capture_output=True,
        text=True,
        check=True,
        env=os.environ,  # GHFUND_CACHE_DIR: the test's own cache folder (conftest's cache_dir)
    )
    shown: dict[str, Any] = json.loads(run.stdout)
    return shown


def ghfund_part(html: str) -> str:
    """The ghfund page within Fava's answer (Fava adds the ledger's data and mtime after it)."""
    start = html.index('<div class="ghfund"')
    return html[start : html.index('<script type="application/json"', start)]


# --- Fava in a real browser (tests/test_fava_e2e.py, tests/test_fava_vouchers_e2e.py) -------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextlib.contextmanager
def fava_serving(ledgers: list[Path], log: Any, *options: str) -> Iterator[str]:
    """``fava`` serving ``ledgers`` on a free loopback port; its base URL until the block ends."""
    import time
    import urllib.error
    import urllib.request

    import pytest

    port = free_port()
    command = [
        str(Path(sys.executable).parent / "fava"),
        *options,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        *(str(path) for path in ledgers),
    ]
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{base}/", timeout=30) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"fava did not start (exit status {process.poll()}): {command}")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
