"""Writing files safely: atomically, never overwriting silently.

A new file is written to a temporary file in the same directory and linked into
place, which fails if the target already exists; a replacement goes through a
temporary copy and an atomic rename. Writes into a book go through
``ghfund.writing`` (snapshot, lock, all files or none), which builds on these.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ghfund.problems import UserProblem

MAIN_NAME = "main.beancount"  # a book's main file, as ghfund init names it and commands look for it


class FileExistsProblem(UserProblem):
    """A target that exists already; the text is for users."""


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def temporary_file(directory: Path, text: str, prefix: str = ".ghfund-") -> Path:
    """``text`` (UTF-8) in a new temporary file in ``directory``, flushed to disk."""
    handle, name = tempfile.mkstemp(dir=directory, prefix=prefix, suffix=".tmp")
    os.chmod(name, 0o666 & ~_umask())  # mkstemp makes 0600; a book is an ordinary file
    with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())
    return Path(name)


def replace_text(path: Path, text: str, expected: bytes, keep: Path | None = None) -> None:
    """Replace ``path``'s content by ``text`` (UTF-8) atomically, if it is still ``expected``;
    with ``keep``, the old file stays there (refused if ``keep`` exists)."""
    if path.read_bytes() != expected:
        raise FileExistsProblem(f"{display_path(path)} 在读取后被改动过，未写入；请重新运行")
    temporary = temporary_file(path.parent, text)
    try:
        os.chmod(temporary, path.stat().st_mode & 0o7777)
        if keep is not None:
            try:
                os.link(path, keep)
            except FileExistsError:
                raise FileExistsProblem(
                    f"{display_path(keep)} 已存在，未做任何改动；先移走或删除它"
                ) from None
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


_REASONS = {
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.ENOENT: "文件或目录不存在",
    errno.ENOTDIR: "路径中有一段不是目录",
    errno.EISDIR: "这是一个目录",
    errno.EROFS: "文件系统只读",
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "磁盘配额已满",
    errno.ENAMETOOLONG: "文件名太长",
    errno.EEXIST: "文件已存在",
    errno.ELOOP: "符号链接循环",
    errno.EINVAL: "文件名无效",
}


def reason(error: OSError) -> str:
    """Why a file operation failed, in Chinese (the system's text is English)."""
    return _REASONS.get(error.errno or 0, f"系统错误 {error.errno}")


BOOK_SUFFIXES = (".beancount", ".bean")


def write_output(path: Path, data: bytes, overwrite: bool, protected: Iterable[Path] = ()) -> None:
    """Write a generated file (a report) atomically; an existing one only when ``overwrite``.
    Never a ledger file (``.beancount``) nor one of ``protected`` (a book's files),
    ``overwrite`` or not.

    A target that exists and is not a regular file or directory (``/dev/null``, a named
    pipe) is written to directly: there is nothing to overwrite or to replace atomically.
    """
    book = {p.resolve() for p in protected}
    if path.suffix.lower() in BOOK_SUFFIXES or path.resolve() in book:
        raise FileExistsProblem(
            f"{display_path(path)} 是账本文件，报表不能写入账本文件（加 --force 也不行）；"
            "请换一个文件名，如 报表.xlsx"
        )
    if path.exists() and not path.is_file() and not path.is_dir():
        with path.open("wb") as out:
            out.write(data)
        return
    if path.is_dir():
        raise FileExistsProblem(f"{path} 是目录；请给出文件名，如 {path / '报表.xlsx'}")
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise FileExistsProblem(f"{parent} 是文件而不是目录，无法在其中写入 {path.name}")
            break
    if path.exists() and not overwrite:
        raise FileExistsProblem(f"文件 {path} 已存在，未覆盖；换一个文件名，或加 --force 覆盖")
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=".ghfund-", suffix=".tmp")
    temporary = Path(name)
    try:
        os.chmod(name, 0o666 & ~_umask())
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        if overwrite:
            os.replace(temporary, path)
        else:
            os.link(temporary, path)
            temporary.unlink()
    except FileExistsError:
        temporary.unlink()
        raise FileExistsProblem(
            f"文件 {path} 已存在，未覆盖；换一个文件名，或加 --force 覆盖"
        ) from None
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def display_path(path: str | Path | None) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    if path is None:
        return ""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except (ValueError, OSError, RuntimeError):  # elsewhere, or a symlink loop
        return str(path)
