"""The book's lock and the journal of an unfinished commit (``ghfund.writing`` commits
under them).

The lock is ``.ghfund.lock`` beside the main file, taken with ``fcntl.flock`` (it dies
with its process) and removed by its holder when done. Before replacing any file a
commit writes ``.ghfund.journal``: the backup of each file it replaces and each new file
it creates; a writer killed in the middle leaves it, and the next writer, holding the
lock, puts the old files back before anything else.
"""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

from ghfund.files import display_path, reason, temporary_file
from ghfund.problems import UserProblem

LOCK_NAME = ".ghfund.lock"
JOURNAL_NAME = ".ghfund.journal"
STAGED = ".ghfund-write-"  # temporaries and backups of a commit: only writers make them
WAIT_SECONDS = 15.0  # how long a writer waits for another to finish before refusing


class Refusal(UserProblem):
    """A write refused; ``str()`` is a Chinese message saying what and how to fix it.
    Nothing was written."""


class Busy(Refusal):
    """Another writer holds the book's lock."""


@contextlib.contextmanager
def locked(main: Path, command: str, wait: float = WAIT_SECONDS) -> Iterator[list[str]]:
    """Hold the book's exclusive lock (``.ghfund.lock`` beside ``main``, removed when done).
    Waits up to ``wait`` seconds for another writer, then raises ``Busy`` naming it. A lock
    file left by a writer that was killed is noticed, and its unfinished commit rolled back
    first; the list yielded says so."""
    lock_path = main.resolve().parent / LOCK_NAME
    deadline = time.monotonic() + wait
    while True:
        handle = _acquire(lock_path, deadline, wait)
        if handle is not None:
            break
    try:
        said = _recover(lock_path.parent)
        left = os.pread(handle, 4096, 0)
        if left:
            said.append(f"上一次写入未正常结束（{_holder(left)}），锁已清除")
        holder = {"pid": os.getpid(), "command": command, "since": _now()}
        os.ftruncate(handle, 0)
        os.pwrite(handle, json.dumps(holder, ensure_ascii=False).encode(), 0)
        yield said
    finally:
        with contextlib.suppress(OSError):
            lock_path.unlink()  # still ours: whoever opens it next sees it gone and retries
        os.close(handle)  # releases the lock


def _acquire(lock_path: Path, deadline: float, wait: float) -> int | None:
    """The locked handle of ``lock_path``, or None when the file was replaced meanwhile
    (its holder removed it on leaving: try again)."""
    try:
        handle = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise Refusal(f"无法创建锁文件 {display_path(lock_path)}：{reason(error)}") from None
    try:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise Busy(_busy_message(lock_path, wait)) from None
                time.sleep(0.1)
        try:
            same = os.stat(lock_path).st_ino == os.fstat(handle).st_ino
        except FileNotFoundError:
            same = False
    except BaseException:
        os.close(handle)
        raise
    if not same:
        os.close(handle)
        return None
    return handle


def _now() -> str:
    return datetime.datetime.now().isoformat(timespec="seconds")


def _holder(content: bytes) -> str:
    try:
        holder = json.loads(content)
        return f"进程 {holder['pid']}，{holder['command']}，始于 {holder['since']}"
    except (ValueError, KeyError, TypeError):
        return "进程不明"


def _busy_message(lock_path: Path, wait: float) -> str:
    try:
        content = lock_path.read_bytes()
    except OSError:
        content = b""
    return (
        f"另一个 ghfund 写入（{_holder(content)}）正在改动这本账，已等待 {wait:g} 秒，"
        f"未写入；请等它结束后重新运行（锁文件 {display_path(lock_path)}）"
    )


def write_journal(directory: Path, undo: list[tuple[Path, Path | None, Path]]) -> None:
    """What to undo if the commit does not finish: per file, its backup (``None``: a new
    file, to remove) and its temporary. Written whole or not at all."""
    text = json.dumps(
        [[str(p), str(b) if b else None, str(t)] for p, b, t in undo], ensure_ascii=False
    )
    os.replace(temporary_file(directory, text, STAGED), directory / JOURNAL_NAME)


def journal_done(directory: Path) -> None:
    with contextlib.suppress(OSError):
        (directory / JOURNAL_NAME).unlink()


def restore(path: Path, backup: Path | None) -> None:
    with contextlib.suppress(OSError):
        if backup is None:
            path.unlink()
        else:
            os.replace(backup, path)


def _recover(directory: Path) -> list[str]:
    """Roll back the commit a killed writer left unfinished, and remove what it staged
    (under the lock: no other writer is staging)."""
    journal = directory / JOURNAL_NAME
    said = []
    if journal.exists():
        try:
            entries = json.loads(journal.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            entries = []
        for name, backup, _ in entries:
            if backup is None or Path(backup).exists():
                restore(Path(name), Path(backup) if backup else None)
        journal.unlink()
        said.append("上一次写入被中断，已恢复为写入前的内容")
    for stray in directory.glob(f"{STAGED}*"):
        with contextlib.suppress(OSError):
            stray.unlink()
    return said


def recover(main: Path, command: str, wait: float = WAIT_SECONDS) -> list[str]:
    """Roll back, under the lock, the commit a killed writer left unfinished in the book at
    ``main``: a writer does so before it reads the book, so that it plans from the book as
    it was (rerunning the interrupted command then writes it whole). The notes for the user."""
    with locked(main, command, wait) as said:
        return said


def recovered(main: Path, command: str) -> list[str]:
    """Before a writer snapshots the book at ``main``: roll back the commit a killed writer
    left unfinished, if there is one (``recover``); the notes for the user, none when the last
    write ended normally (then no lock is taken)."""
    return recover(main, command) if interrupted(main) else []


def interrupted(main: Path) -> str:
    """What a reader should know when a writer was killed in the middle of a commit into
    the book at ``main`` (its journal is still there), else ""."""
    if not (main.resolve().parent / JOURNAL_NAME).exists():
        return ""
    return (
        "上一次写入账本时被中断，账本可能只写入了一部分；下一次写入（如 ghfund import、"
        "ghfund close）会先自动恢复为写入前的内容"
    )
