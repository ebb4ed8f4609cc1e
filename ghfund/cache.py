"""The results cache: what a command computed from a book, kept on disk until the book changes.

A result is stored under the digest of its inputs: the content of every file the book
read (Beancount's ``include`` list, and a union's own standards table), the names in the
folders those files are in (so a new file an ``include "*.beancount"`` would pick up
invalidates it too), ghfund's own code, the versions of Python and Beancount, and the
command's key (its name, arguments and output format). Any change anywhere is a miss;
nothing is ever served for a book that differs from the one that produced it.

Where: ``$GHFUND_CACHE_DIR``, else ``$XDG_CACHE_HOME/ghfund``, else ``~/.cache/ghfund``.
``GHFUND_NO_CACHE=1`` turns it off (so does ``--no-cache`` on the commands). Writes are
atomic (a temporary file renamed into place), so concurrent runs never read half a
result; a cache that cannot be read or written is ignored, never an error.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import pickle
import platform
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

OFF = "GHFUND_NO_CACHE"
DIRECTORY = "GHFUND_CACHE_DIR"
FORMAT = "1"  # bump when what is stored changes shape


def enabled() -> bool:
    return os.environ.get(OFF, "").strip().lower() in ("", "0", "false", "no")


def directory() -> Path:
    chosen = os.environ.get(DIRECTORY)
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ghfund"


@functools.cache
def code_digest() -> str:
    """ghfund's own code and data, Python's and Beancount's versions: a new ghfund (even an
    edited checkout with the same version number) never reads an old result."""
    digest = hashlib.sha256(f"{FORMAT}|{sys.version}|{platform.machine()}".encode())
    try:
        from importlib.metadata import version

        digest.update(version("beancount").encode())
    except Exception:  # not installed as a distribution: the code digest still counts
        digest.update(b"beancount?")
    seen: set[Path] = set()
    for root in _code_folders():
        real = root.resolve()
        if real in seen or not real.is_dir():
            continue
        seen.add(real)
        for path in sorted(real.rglob("*")):
            if path.suffix in (".py", ".toml", ".html", ".css") and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(real)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def _code_folders() -> list[Path]:
    """Where ghfund's code lives: the package, and plugins/ and reports/, which an editable
    install maps from the source tree (ghfund.plugins, ghfund.reports)."""
    from importlib.util import find_spec

    folders = [Path(__file__).resolve().parent]
    for name in ("ghfund.plugins", "ghfund.reports"):
        spec = find_spec(name)
        folders += [Path(p) for p in (spec.submodule_search_locations or [])] if spec else []
    return folders


def _book_key(ledger: Path) -> Path:
    try:
        real = ledger.resolve()
    except (OSError, RuntimeError):  # a symlink loop: loading the book says so
        real = ledger.absolute()
    name = hashlib.sha256(str(real).encode()).hexdigest()
    return directory() / "books" / f"{name}.json"


def sources_of(ledger: Path) -> list[str] | None:
    """The files the book read the last time it was loaded (None: never seen)."""
    try:
        listed = json.loads(_book_key(ledger).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return listed if isinstance(listed, list) and all(isinstance(p, str) for p in listed) else None


def remember_sources(ledger: Path, files: Iterable[str]) -> None:
    _write(_book_key(ledger), json.dumps(sorted(set(files)), ensure_ascii=False).encode())


def digest(files: Iterable[str]) -> str | None:
    """The digest of the book made of ``files``; None when one of them is gone."""
    result = hashlib.sha256(code_digest().encode())
    folders: set[Path] = set()
    for name in sorted(set(files)):
        path = Path(name)
        try:
            content = path.read_bytes()
        except OSError:
            return None
        result.update(name.encode() + b"\0" + hashlib.sha256(content).digest())
        folders.add(path.parent)
    for folder in sorted(folders):
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            return None
        result.update(str(folder).encode() + b"\0" + "\0".join(names).encode())
    return result.hexdigest()


def _result_path(book_digest: str, key: tuple[str, ...]) -> Path:
    name = hashlib.sha256((book_digest + "\0" + "\0".join(key)).encode()).hexdigest()
    return directory() / "results" / name[:2] / f"{name}.pickle"


def get(ledger: Path, key: tuple[str, ...]) -> Any | None:
    """The result stored for ``key`` on the book at ``ledger`` as it is now, or None."""
    if not enabled():
        return None
    files = sources_of(ledger)
    if files is None:
        return None
    book_digest = digest(files)
    return None if book_digest is None else lookup(book_digest, key)


def put(ledger: Path, files: Iterable[str], key: tuple[str, ...], value: Any) -> None:
    """Store ``value`` for ``key`` on the book at ``ledger``, made of ``files``."""
    if not enabled():
        return
    files = sorted(set(files))
    book_digest = digest(files)
    if book_digest is None:
        return
    remember_sources(ledger, files)
    store(book_digest, key, value)


def lookup(book_digest: str, key: tuple[str, ...]) -> Any | None:
    """The result stored for ``key`` on the book whose ``digest`` is ``book_digest``, or None
    (for a caller that already knows the book's files and has digested them: Fava's pages)."""
    if not enabled():
        return None
    try:
        with _result_path(book_digest, key).open("rb") as handle:
            return pickle.load(handle)
    except Exception:  # missing, or written by something else: a miss
        return None


def store(book_digest: str, key: tuple[str, ...], value: Any) -> None:
    """Store ``value`` for ``key`` on the book whose ``digest`` is ``book_digest``."""
    if enabled():
        _write(_result_path(book_digest, key), pickle.dumps(value, pickle.HIGHEST_PROTOCOL))


def _write(path: Path, data: bytes) -> None:
    """Atomically, and silently give up when the cache folder is not writable."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(name, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(name)
            raise
