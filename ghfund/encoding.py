"""Text encodings of a book's files: Beancount reads UTF-8 only.

A book typed on Chinese Windows (Notepad before 2019, WPS, many editors) is often
saved as GBK (GB18030), and some editors put a byte-order mark before UTF-8 text.
Beancount then reports garbled bytes or "invalid token" errors. ``problem``
names the file, the encoding it seems to be in and the fix; ``convert`` is the
fix (``ghfund convert-encoding FILE``): the file rewritten as UTF-8, atomically,
with the original kept beside it as ``FILE.orig``, under the book's lock like every
writer (``lock_for``: the nearest ``main.beancount`` at or above the file).
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ghfund import booklock
from ghfund.files import MAIN_NAME, FileExistsProblem, display_path, reason, replace_text
from ghfund.problems import UserProblem

UTF8 = "utf-8"
ORIGINAL_SUFFIX = ".orig"

# (label shown to users, Python codec); tried in order for what is not UTF-8.
_BOMS = (
    (codecs.BOM_UTF8, "带 BOM 的 UTF-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "UTF-16", "utf-16"),
    (codecs.BOM_UTF16_BE, "UTF-16", "utf-16"),
)


@dataclass(frozen=True)
class Sniffed:
    label: str  # what users read: "GBK/GB18030", "带 BOM 的 UTF-8"
    codec: str | None  # the Python codec that decodes it; None when unknown


_UNKNOWN = Sniffed("未知编码（既不是 UTF-8，也不是 GBK）", None)


def sniff(data: bytes) -> Sniffed | None:
    """None for plain UTF-8 text; else what the bytes seem to be."""
    for bom, label, codec in _BOMS:
        if data.startswith(bom):
            return Sniffed(label, codec) if _text(data, codec) else _UNKNOWN
    try:
        data.decode(UTF8)
        return None
    except UnicodeDecodeError:
        pass
    try:
        data.decode("gb18030")
        return Sniffed("GBK/GB18030（中文 Windows 的默认编码）", "gb18030")
    except UnicodeDecodeError:
        return _UNKNOWN


def _text(data: bytes, codec: str) -> bool:
    """Whether ``data`` decodes as text in ``codec``: no control or unassigned characters."""
    try:
        decoded = data.decode(codec)
    except UnicodeDecodeError:
        return False
    return not any(
        unicodedata.category(c) in ("Cc", "Cn", "Cs") and c not in "\t\n\r" for c in decoded
    )


def problem(path: Path, data: bytes) -> str | None:
    """A Chinese message when ``data`` (the file at ``path``) is not plain UTF-8."""
    found = sniff(data)
    if found is None:
        return None
    name = display_path(path)
    if found.codec is None:
        return (
            f"无法解析账本文件 {name}：它不是 UTF-8 文本（也不是 GBK），可能不是 Beancount 账本；"
            "如果是账本，请在编辑器中以 UTF-8 编码另存"
        )
    return (
        f"{name} 的编码是 {found.label}，Beancount 只能读取不带 BOM 的 UTF-8；"
        f"运行 ghfund convert-encoding {name} 把它转为 UTF-8（原文件保留为 {name}{ORIGINAL_SUFFIX}），"
        "或在编辑器中以 UTF-8（无 BOM）编码另存"
    )


class ConversionProblem(UserProblem):
    """A file that cannot be converted; the text is for users."""


def convert(path: Path, wait: float = booklock.WAIT_SECONDS) -> str:
    """Rewrite ``path`` (the file behind a symlink) as UTF-8 under its book's lock (waiting up to
    ``wait`` seconds for another writer); say what was done, in Chinese."""
    name = display_path(path)
    try:
        target = path.resolve()
    except (OSError, RuntimeError):
        raise ConversionProblem(f"{name} 是循环的符号链接，找不到它指向的文件") from None
    try:
        data = target.read_bytes()
    except FileNotFoundError:
        raise ConversionProblem(f"找不到文件 {name}") from None
    except IsADirectoryError:
        raise ConversionProblem(f"{name} 是目录，不是文件") from None
    except OSError as error:
        raise ConversionProblem(f"无法读取 {name}：{reason(error)}") from None
    found = sniff(data)
    if found is None:
        return f"{name} 已是 UTF-8 编码，未改动"
    if found.codec is None:
        raise ConversionProblem(
            f"{name} 既不是 UTF-8 也不是 GBK 编码，无法自动转换；请在编辑器中以 UTF-8 编码另存"
        )
    text = data.decode(found.codec)
    original = target.with_name(target.name + ORIGINAL_SUFFIX)
    with booklock.locked(lock_for(target), f"ghfund convert-encoding {name}", wait):
        try:
            replace_text(target, text, data, keep=original)
        except FileExistsProblem as exists:
            raise ConversionProblem(str(exists)) from None
    return (
        f"已把 {name} 从 {found.label} 转为 UTF-8；原文件保留为 {display_path(original)}，"
        "核对无误后可删除"
    )


def lock_for(target: Path) -> Path:
    """Where the lock of the book ``target`` belongs to sits: beside the nearest
    ``main.beancount`` in ``target``'s folder or above it (a year file in a sub-folder of its
    book), else beside ``target`` itself. ``booklock`` puts the lock beside the path given."""
    for folder in target.parents:
        if (folder / MAIN_NAME).is_file():
            return folder / MAIN_NAME
    return target
