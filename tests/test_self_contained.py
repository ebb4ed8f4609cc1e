"""The project explains itself: no file in the repository sends a reader to a document that
is not in it (the ledger contract is docs/CONTRACT.md, the regulations docs/REGULATIONS.md),
and docs/ARCHITECTURE.md names every module."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTSIDE = re.compile(r"\b(?:DESIGN|DOMAIN|STYLE)\.md\b")


def _tracked() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    return [ROOT / name.decode() for name in listed if name]


def test_no_file_names_a_document_outside_the_repository() -> None:
    naming = []
    for path in _tracked():
        if path == Path(__file__) or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # binary: xlsx, pdf, png
        naming += [f"{path.relative_to(ROOT)}: {m[0]}" for m in OUTSIDE.finditer(text)]
    assert naming == []


def test_the_architecture_names_every_module() -> None:
    text = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    modules = [
        path.relative_to(ROOT).as_posix()
        for top in ("ghfund", "plugins", "reports")
        for path in (ROOT / top).rglob("*.py")
        if path.name != "__init__.py" or path.parent.name in ("cli", "fava", "render")
    ]
    missing = [m for m in sorted(modules) if f"`{m}`" not in text]
    assert missing == []
