"""The one write path into a book: snapshot, plan, check, commit under a lock.

Every command that writes into a book (imports, depreciation, close, the voucher page)
goes through here, in four steps:

1. ``snapshot(main)`` reads the bytes of the main file and of every file it includes,
   BEFORE the book is loaded;
2. the writer loads the book and computes a ``Plan``: text to append to an existing
   file, a new file to create, an ``include`` line to add to the main file;
3. ``check(plan, loaded)`` refuses what would put a wrong entry into the book (a date
   outside the book, an account not open that day, a closed month); the writer adds its
   own checks;
4. ``commit(plan, snapshot)`` takes an exclusive lock beside the main file, re-reads
   every snapshot file and refuses (``Changed``) when one differs, then writes every
   file atomically, all or none: a commit interrupted even by ``kill -9`` is rolled
   back by the next writer, from the journal it left beside the main file (``ghfund.booklock``).

Nothing here calls ``sys.exit`` or click: a refusal is a ``Refusal`` whose text is a
Chinese message for the user, so a Fava page can call this as the CLI does::

    shot = writing.snapshot(main)
    loaded = ledger.load_file(main)
    plan = writing.Plan(shot.main, "2 张凭证")
    plan.append(shot.main, text)
    writing.check(plan, loaded)            # raises Refusal
    print(plan.render())                   # --dry-run
    writing.commit(plan, shot, "ghfund import vouchers")   # raises Busy, Changed, Refusal
"""

from __future__ import annotations

import contextlib
import datetime
import glob
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ghfund.booklock import (
    JOURNAL_NAME,
    LOCK_NAME,
    STAGED,
    WAIT_SECONDS,
    Busy,
    Refusal,
    interrupted,
    journal_done,
    locked,
    recover,
    recovered,
    restore,
    write_journal,
)
from ghfund.files import display_path, reason

if TYPE_CHECKING:
    from ghfund.ledger import Loaded


def _nothing() -> None:
    pass


# Called before each file of a commit is put in place. Nothing in ghfund sets it; the tests of
# an interrupted commit make it sleep there so that a writer can be killed between two files.
between_files: Callable[[], None] = _nothing

MAX_PROBLEMS = 30  # a refusal lists this many problems, then counts the rest
_INCLUDE = re.compile(r'^\s*include\s+"([^"]*)"', re.MULTILINE)


__all__ = [
    "JOURNAL_NAME",
    "LOCK_NAME",
    "WAIT_SECONDS",
    "Busy",
    "Change",
    "Changed",
    "Plan",
    "Refusal",
    "Snapshot",
    "book_files",
    "bundled_example",
    "check",
    "commit",
    "interrupted",
    "locked",
    "recover",
    "recovered",
    "refuse_bundled",
    "snapshot",
]


class Changed(Refusal):
    """A book file changed between the snapshot and the commit: plan again."""


def quoted(value: str) -> str:
    """``value`` as a Beancount string literal (backslashes and double quotes escaped): the
    one way a writer puts a narration, a name or a metadata text into a plan."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --- Snapshot: the book's files as they were read --------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    """The bytes of the book's files when they were read; ``None``: the file was absent."""

    main: Path  # resolved
    files: Mapping[Path, bytes | None]

    def bytes_of(self, path: Path) -> bytes | None:
        return self.files.get(path.resolve())

    def covering(self, loaded: Loaded) -> Snapshot:
        """This snapshot, plus any file the load read that the include lines did not show
        (read now: the best that can be done for it)."""
        from ghfund.ledger import book_files

        missing = [Path(n).resolve() for n in book_files(loaded.book)]
        missing = [p for p in missing if p not in self.files]
        return Snapshot(self.main, {**self.files, **_read_all(missing)}) if missing else self


def book_files(main: Path) -> list[Path]:
    """The main file and every file its ``include`` lines name (recursively, globs
    expanded), resolved, without loading the book."""
    main = main.resolve()
    found: list[Path] = []
    pending = [main]
    while pending:
        path = pending.pop(0)
        if path in found:
            continue
        found.append(path)
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for written in _INCLUDE.findall(text):
            pattern = os.path.join(path.parent, os.path.expanduser(written))
            pending += sorted(Path(p).resolve() for p in glob.glob(pattern))
    return found


def snapshot(main: Path, *extra: Path, new_book: bool = False) -> Snapshot:
    """Read the book's files (and ``extra`` ones, e.g. a ``--to`` target or a file to
    create) before loading the book. Raises ``Refusal`` when the main file is unreadable,
    unless ``new_book`` (``ghfund init``: the main file is one of the files to create)."""
    main = main.resolve()
    files = _read_all([*book_files(main), *(p.resolve() for p in extra)])
    if files.get(main) is None and not new_book:
        raise Refusal(f"无法读取账本主文件 {display_path(main)}；请检查路径")
    return Snapshot(main, files)


def _read_all(paths: Iterable[Path]) -> dict[Path, bytes | None]:
    result: dict[Path, bytes | None] = {}
    for path in paths:
        try:
            result[path] = path.read_bytes()
        except FileNotFoundError:
            result[path] = None
        except OSError as error:
            raise Refusal(f"无法读取 {display_path(path)}：{reason(error)}") from None
    return result


# --- Plan: what a writer will write ------------------------------------------------------------


@dataclass
class Change:
    """One file's part of a plan: text appended to it, or (``new``) its whole content, or
    (``replace``) its whole new content in place of the snapshot's."""

    path: Path  # resolved
    text: str
    new: bool
    replace: bool = False


@dataclass
class Plan:
    """What one write adds to the book, per file. ``summary`` says what it is, in Chinese
    ("3 张凭证（2025-01、…）")."""

    main: Path
    summary: str
    changes: list[Change] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.main = self.main.resolve()

    @property
    def empty(self) -> bool:
        return not any(change.text for change in self.changes)

    def _change(self, path: Path, new: bool) -> Change:
        path = path.resolve()
        for change in self.changes:
            if change.path == path:
                return change
        change = Change(path, "", new)
        self.changes.append(change)
        return change

    def append(self, path: Path, text: str) -> None:
        """Append ``text`` to the existing book file ``path``."""
        change = self._change(path, new=False)
        change.text += text if text.endswith("\n") else text + "\n"

    def create(self, path: Path, text: str) -> None:
        """Create ``path`` with ``text`` (refused at commit if it exists by then)."""
        change = self._change(path, new=True)
        change.text += text if text.endswith("\n") else text + "\n"

    def replace(self, path: Path, text: str) -> None:
        """Rewrite the existing book file ``path`` as ``text`` (a review or a voiding changes
        lines inside it); refused at commit if the file changed since the snapshot."""
        change = self._change(path, new=False)
        change.text, change.replace = text, True

    def include(self, path: Path) -> None:
        """Add ``include "path"`` (relative to the main file) at the end of the main file."""
        relative = os.path.relpath(path.resolve(), self.main.parent)
        self.append(self.main, f'include "{Path(relative).as_posix()}"\n')

    def render(self) -> str:
        """The plan as ``--dry-run`` shows it."""
        parts = [f"预览（未写入）：{self.summary}"]
        for change in self.changes:
            how = "新建文件" if change.new else "改写" if change.replace else "在末尾追加"
            parts.append(f"\n== {display_path(change.path)}（{how}）==\n{change.text}")
        return "\n".join(parts)


# --- Check: what no writer may write -----------------------------------------------------------


def check(
    plan: Plan,
    loaded: Loaded,
    today: datetime.date | None = None,
    shot: Snapshot | None = None,
) -> None:
    """Refuse (``Refusal``, every problem listed) a plan whose entries fall outside the book:
    unparsable text, a date before the book begins or more than a year ahead, a posting to
    an account not open on its date (nor opened by the plan), an entry in a closed month
    that no ``ghfund-reopen`` allows. Of a rewritten file, only the entries that are not in
    it already (in ``shot``, else on disk) are checked. The writer checks the rest
    (duplicates, its bounds)."""
    from beancount.core import data
    from beancount.parser import parser, printer

    from ghfund import digest, period

    book = loaded.book
    today = today or datetime.date.today()
    first = book.first_date
    latest = datetime.date(today.year + 1, 12, 31)
    problems: list[str] = []
    opened = {name: entry.date for name, entry in book.opens.items()}
    closed = {entry.account: entry.date for entry in book.entries if isinstance(entry, data.Close)}
    planned: list[tuple[str, Any]] = []
    for change in plan.changes:
        entries, errors, _ = parser.parse_string(change.text)
        name = display_path(change.path)
        for error in errors:
            problems.append(f"{name}：拟写入的内容无法解析（{error.message}）")
        if change.replace:
            kept = _entries_text(shot.bytes_of(change.path) if shot else _bytes(change.path))
            entries = [e for e in entries if printer.format_entry(e) not in kept]
        for entry in entries:
            if isinstance(entry, data.Open):
                opened.setdefault(entry.account, entry.date)
            planned.append((name, entry))
    for name, entry in planned:
        day = entry.date
        voucher = entry.meta.get("voucher")
        what = f"{name}：拟写入的 {day} 条目" + (f"（凭证 {voucher}）" if voucher else "")
        if first is not None and day < first and not isinstance(entry, data.Open):
            problems.append(
                f"{what}早于账本的第一笔条目（{first}）；请检查日期，或先导入更早的期初余额"
            )
        if day > latest:
            problems.append(f"{what}晚于 {latest}；请检查日期")
        if period.is_closed(book, day) and not _closing(entry):
            problems.append(
                f"{what}落在已结账的 {digest.month_key(day)} 月；请改到未结账的月份，"
                f'或先记录经批准的重新打开：custom "ghfund-reopen" {day}，'
                "带元数据 approved（批准文件）和 reason（原因）"
            )
        for account in _accounts(entry):
            since = opened.get(account)
            if since is None or since > day:
                when = "未开设" if since is None else f"开设于 {since}"
                problems.append(f"{what}使用了科目 {account}，该科目{when}；请先开设科目或改正日期")
            elif account in closed and closed[account] <= day:
                problems.append(f"{what}使用了科目 {account}，该科目已于 {closed[account]} 关闭")
    if problems:
        unique = list(dict.fromkeys(problems))
        shown = unique[:MAX_PROBLEMS]
        more = f"\n  ……另有 {len(unique) - len(shown)} 处" if len(unique) > len(shown) else ""
        raise Refusal("未写入：\n" + "\n".join(f"  {p}" for p in shown) + more)


def _bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _entries_text(content: bytes | None) -> set[str]:
    """The entries of a file's content, as Beancount prints them (lines and comments aside)."""
    from beancount.parser import parser, printer

    text = (content or b"").decode("utf-8", errors="replace")
    return {printer.format_entry(entry) for entry in parser.parse_string(text)[0]}


def _closing(entry: object) -> bool:
    from beancount.core import data

    return isinstance(entry, data.Custom) and entry.type in ("ghfund-close", "ghfund-reopen")


def _accounts(entry: object) -> list[str]:
    from beancount.core import data

    if isinstance(entry, data.Transaction):
        return [posting.account for posting in entry.postings]
    if isinstance(entry, data.Balance | data.Pad | data.Note | data.Document):
        return [entry.account]
    return []


def bundled_example() -> Path:
    """The folder of the bundled example book: never written."""
    from ghfund.ledger import default_ledger

    return default_ledger().resolve().parent


def refuse_bundled(path: Path) -> None:
    """Refuse a write at or under the bundled example book's folder."""
    if path.resolve().is_relative_to(bundled_example()):
        raise Refusal(
            f"{display_path(path)} 属于 ghfund 自带的示例账本，不能写入；"
            "请用 ghfund init 新建账本，或把示例账本复制到自己的文件夹后再写入"
        )


# --- Commit: under the lock, all files or none -------------------------------------------------


def commit(plan: Plan, shot: Snapshot, command: str, wait: float = WAIT_SECONDS) -> list[str]:
    """Write ``plan`` under the book's lock if every snapshot file is unchanged; all files
    or none, each atomically. Returns notes for the user (a recovered earlier commit)."""
    if plan.empty:
        return []
    for change in plan.changes:
        refuse_bundled(change.path)
    with locked(shot.main, command, wait) as said:
        try:
            _unchanged(plan, shot)
        except Changed as changed:
            raise Changed("；".join([*said, str(changed)])) from None
        _apply(plan, shot)
    return said


def _unchanged(plan: Plan, shot: Snapshot) -> None:
    paths = {*shot.files, *(change.path for change in plan.changes)}
    now = _read_all(paths)
    changed = [p for p in paths if now[p] != shot.files.get(p, now[p])]
    for change in plan.changes:
        if change.new and now[change.path] is not None:
            raise Refusal(
                f"文件 {display_path(change.path)} 已存在，未做任何改动；先移走它或改写入别的文件"
            )
        if not change.new and change.path not in shot.files:
            raise Refusal(f"{display_path(change.path)} 没有在读取账本前读取过，未写入")
        if not change.new and now[change.path] is None:
            changed.append(change.path)
        elif not change.new and not os.access(change.path, os.W_OK):
            raise Refusal(
                f"{display_path(change.path)} 是只读文件（可能是有意保护的已结账年度），未写入；"
                "确需写入的，先取消它的只读属性，或用 --to 写入别的文件"
            )
    if changed:
        names = "、".join(display_path(p) for p in sorted(set(changed)))
        raise Changed(f"{names} 在读取后被改动过（可能有另一次写入），未写入；请重新运行")


def _new_text(change: Change, shot: Snapshot) -> str:
    if change.new or change.replace:
        return change.text
    before = shot.files[change.path] or b""
    try:
        old = before.decode("utf-8")
    except UnicodeDecodeError:
        raise Refusal(
            f"{display_path(change.path)} 不是 UTF-8 编码，未写入；"
            f"先运行 ghfund convert-encoding {display_path(change.path)} 转为 UTF-8"
        ) from None
    separator = "" if not old or old.endswith("\n") else "\n"
    return old + separator + "\n" + change.text


def _ordered(plan: Plan) -> list[Change]:
    """New files first, the main file last: a file the book does not yet include changes
    nothing, so an interruption before the last step leaves the old book readable."""
    return sorted(plan.changes, key=lambda c: (not c.new, c.path == plan.main))


def _apply(plan: Plan, shot: Snapshot) -> None:
    from ghfund.files import temporary_file

    directory = shot.main.parent
    staged: list[tuple[Change, Path, Path | None]] = []  # change, temporary, backup
    done: list[tuple[Change, Path | None]] = []
    try:
        for change in _ordered(plan):
            change.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = temporary_file(change.path.parent, _new_text(change, shot), STAGED)
            backup = None
            if not change.new:
                os.chmod(temporary, change.path.stat().st_mode & 0o7777)
                backup = change.path.parent / f"{STAGED}{os.getpid()}-{change.path.name}.old"
                os.link(change.path, backup)
            staged.append((change, temporary, backup))
        write_journal(directory, [(c.path, b, t) for c, t, b in staged])
        for change, temporary, backup in staged:
            between_files()
            if change.new:
                os.link(temporary, change.path)  # fails if it appeared meanwhile
                temporary.unlink()
            else:
                os.replace(temporary, change.path)
            done.append((change, backup))
    except BaseException:
        for change, backup in reversed(done):
            restore(change.path, backup)
        journal_done(directory)
        raise
    else:
        journal_done(directory)  # the commit point: from here on the new files stay
    finally:
        for _, temporary, backup in staged:
            for path in (temporary, backup):
                if path is not None:
                    with contextlib.suppress(OSError):
                        path.unlink()
